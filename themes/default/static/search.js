// diptych search: runs in the browser on the static index written by `diptych build`
// (see src/search/mod.rs for the layout). The index is loaded as script files, a few at
// a time (meta, a form shard per typed word, the posting buckets of the stems it
// stands for, the excerpt chunks of the results shown), so it works from file:// and
// under `Content-Security-Policy: default-src 'self'`.
// Words are folded here exactly as in src/search/text.rs and looked up, never stemmed:
// the index maps every word form of the corpus to its Snowball stem.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var PAGE = 20;
  // Stems a typed word may stand for beyond its own form (prefix and inflection
  // expansion), most frequent first; the rest are left out and the count says so.
  var EXPAND = 3;
  var base = box.getAttribute("data-index");
  var siteRoot = box.getAttribute("data-root");
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var countEl = document.getElementById("result-count");
  var list = document.getElementById("results");
  var more = document.getElementById("more");
  var text = function (k) { return box.getAttribute("data-" + k) || ""; };

  // --- loading ---------------------------------------------------------------
  var pending = {};
  function settle(id, data) {
    var p = pending[id];
    if (p) p.resolve(data);
    else pending[id] = { promise: Promise.resolve(data), resolve: function () {} };
  }
  window.diptychSearch = {
    meta: function (_k, data) { settle("meta", data); },
    forms: function (k, data) { settle("f:" + k, data); },
    postings: function (k, data) { settle("p:" + k, data); },
    doc: function (k, data) { settle("d:" + k, data); }
  };
  function load(id, src, fallback) {
    if (pending[id]) return pending[id].promise;
    var p = {};
    p.promise = new Promise(function (resolve, reject) {
      p.resolve = resolve;
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onerror = function () { if (fallback !== undefined) resolve(fallback); else reject(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
    pending[id] = p;
    return p.promise;
  }
  function shardKey(form) {
    return Array.from(form).slice(0, 2).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "u" + c.codePointAt(0).toString(16);
    }).join("");
  }
  var loadMeta = function () { return load("meta", base + "meta.js"); };
  var loadForms = function (key) { return load("f:" + key, base + "f/" + key + ".js", { f: {}, s: {} }); };
  var loadBucket = function (n) { return load("p:" + n, base + "p/" + n + ".js", {}); };
  var loadDoc = function (key) { return load("d:" + key, base + "d/" + key + ".js", null); };

  // --- words -----------------------------------------------------------------
  var SPECIAL = { "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i" };
  function fold(word) {
    // Plain ASCII (most words): lowercasing is all there is to do.
    if (/^[\x00-\x7f]*$/.test(word)) return word.toLowerCase();
    var out = "";
    Array.from(word.normalize("NFD")).forEach(function (c) {
      if (/\p{M}/u.test(c)) return;
      out += SPECIAL[c] !== undefined ? SPECIAL[c] : c.toLowerCase();
    });
    return out;
  }
  function words(s) { return s.split(/[^\p{L}\p{N}]+/u).filter(Boolean); }

  // --- sets ------------------------------------------------------------------
  // Theme and party sets are hex bitsets: character j holds bits 4j…4j+3.
  var bitsCache = {};
  function bits(hex) {
    var out = bitsCache[hex];
    if (out) return out;
    out = [];
    for (var j = 0; j < hex.length; j++) {
      var n = parseInt(hex.charAt(j), 16);
      for (var k = 0; k < 4; k++) if (n & (1 << k)) out.push(4 * j + k);
    }
    bitsCache[hex] = out;
    return out;
  }

  // --- matching --------------------------------------------------------------
  // For one typed word: the stems it stands for, with a weight. The word itself, the
  // longer forms it begins (typing), or, for an inflection the corpus lacks, the
  // corpus forms it begins with. Beyond its own stems, only the EXPAND most frequent.
  function stemsFor(word, shard) {
    var forms = shard.f, stems = {}, extra = {}, f, partial = false;
    if (forms[word]) forms[word].forEach(function (id) { stems[id] = 1; });
    function consider(list, w) {
      list.forEach(function (id) { if (!stems[id]) extra[id] = Math.max(extra[id] || 0, w); });
    }
    for (f in forms) if (f.length > word.length && f.lastIndexOf(word, 0) === 0) consider(forms[f], 0.5);
    if (!forms[word]) {
      for (f in forms) if (f.length >= Math.max(3, word.length - 4) && f.length < word.length && word.lastIndexOf(f, 0) === 0) consider(forms[f], 0.9);
    }
    var ids = Object.keys(extra).sort(function (a, b) { return shard.s[b][1] - shard.s[a][1] || a - b; });
    if (ids.length > EXPAND) partial = true;
    ids.slice(0, EXPAND).forEach(function (id) { stems[id] = extra[id]; });
    return { stems: stems, partial: partial };
  }

  var decoded = {};
  // A stem's postings, decoded once: {d, l, b, s, t, p, key}.
  function postings(meta, id, bucket) {
    if (decoded[id]) return decoded[id];
    var enc = bucket[id], out = [];
    if (enc) {
      var nl = meta.langs.length, t = enc.t.split(","), p = enc.p.split(","), key = 0, b = 0;
      for (var i = 0; i < enc.k.length; i++) {
        b = i > 0 && enc.k[i] === 0 ? b + enc.b[i] : enc.b[i];
        key += enc.k[i];
        out.push({ d: Math.floor(key / nl), l: key % nl, b: b, s: enc.s[i], t: t[i], p: p[i], key: key * 65536 + b });
      }
    }
    decoded[id] = out;
    return out;
  }

  function search(meta, query) {
    var qwords = [];
    words(query).forEach(function (w) { w = fold(w); if (qwords.indexOf(w) < 0) qwords.push(w); });
    if (!qwords.length) return Promise.resolve({ words: [], hits: [], stems: {}, shards: [], capped: false });
    return Promise.all(qwords.map(function (w) { return loadForms(shardKey(w)); })).then(function (shards) {
      var capped = false, want = qwords.map(function (w, i) {
        var r = stemsFor(w, shards[i]);
        if (r.partial) capped = true;
        return r.stems;
      });
      var buckets = {};
      want.forEach(function (stems, i) {
        Object.keys(stems).forEach(function (id) {
          var info = shards[i].s[id];
          buckets[info[0]] = true;
          if (info[1] > meta.cap) capped = true;
        });
      });
      var nums = Object.keys(buckets);
      return Promise.all(nums.map(loadBucket)).then(function (loaded) {
        var byNum = {};
        nums.forEach(function (n, i) { byNum[n] = loaded[i]; });
        var total = null, allStems = {};
        want.forEach(function (stems, i) {
          var scores = new Map();
          Object.keys(stems).forEach(function (id) {
            allStems[id] = true;
            var w = stems[id];
            postings(meta, id, byNum[shards[i].s[id][0]]).forEach(function (p) {
              var s = p.s * w, old = scores.get(p.key);
              if (!old || old.s < s) scores.set(p.key, { p: p, s: s });
            });
          });
          if (total === null) total = scores;
          else {
            var next = new Map();
            total.forEach(function (v, k) { var o = scores.get(k); if (o) next.set(k, { p: v.p, s: v.s + o.s }); });
            total = next;
          }
        });
        var hits = Array.from(total.values());
        hits.sort(function (a, b) { return b.s - a.s || a.p.d - b.p.d || a.p.l - b.p.l || a.p.b - b.p.b; });
        return { words: qwords, hits: hits, stems: allStems, shards: shards, capped: capped };
      });
    });
  }

  // --- facets ----------------------------------------------------------------
  function selected() {
    var sel = {};
    ["theme", "party", "year", "kind", "lang"].forEach(function (f) {
      sel[f] = Array.from(form.querySelectorAll("input[name=" + f + "]:checked")).map(function (i) { return i.value; });
    });
    return sel;
  }
  // A posting's facet values, worked out once.
  function facetValues(meta, p) {
    if (p.fv) return p.fv;
    return p.fv = {
      theme: bits(p.t).map(function (i) { return meta.themes[i]; }),
      party: bits(p.p).map(function (i) { return meta.parties[i]; }),
      year: [String(meta.y[p.d])],
      kind: [meta.kinds[meta.k[p.d]]],
      lang: [meta.langs[p.l]]
    };
  }
  function descendants(meta, ids) {
    var out = {};
    meta.themes.forEach(function (t, i) {
      for (var j = i; j >= 0; j = meta.parents[j]) if (ids.indexOf(meta.themes[j]) >= 0) { out[t] = true; break; }
    });
    return out;
  }
  function passes(vals, sel, wanted, except) {
    return Object.keys(sel).every(function (f) {
      if (f === except || !sel[f].length) return true;
      return vals[f].some(function (v) { return f === "theme" ? wanted[v] : sel[f].indexOf(v) >= 0; });
    });
  }

  // --- rendering -------------------------------------------------------------
  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt !== undefined) e.textContent = txt;
    return e;
  }
  function excerpt(blockText, matchForm) {
    var parts = blockText.split(/([^\p{L}\p{N}]+)/u);
    var first = -1;
    for (var i = 0; i < parts.length; i += 2) if (matchForm(fold(parts[i]))) { first = i; break; }
    var start = Math.max(0, first - 24), end = Math.min(parts.length, start + 70);
    var frag = document.createDocumentFragment();
    if (start > 0) frag.appendChild(document.createTextNode("… "));
    for (var j = start; j < end; j++) {
      if (j % 2 === 0 && parts[j] && matchForm(fold(parts[j]))) frag.appendChild(el("mark", null, parts[j]));
      else frag.appendChild(document.createTextNode(parts[j]));
    }
    if (end < parts.length) frag.appendChild(document.createTextNode(" …"));
    return frag;
  }

  // Theme and party names in the page's language, from the facet labels.
  function facetLabel(facet, id) {
    var inp = form.querySelector("fieldset[data-facet=" + facet + "] input[value='" + id + "']");
    if (!inp) return "";
    var label = inp.closest("label").cloneNode(true);
    var c = label.querySelector("[data-count]");
    if (c) c.remove();
    return label.textContent.trim();
  }

  var state = null;
  function showCount(n, capped) {
    // Nothing among lists cut short does not mean nothing at all.
    if (n === 0 && capped) countEl.textContent = text("capped-none") || text("capped").replace("{n}", n);
    else if (n === 0) countEl.textContent = text("none");
    else if (capped) countEl.textContent = text("capped").replace("{n}", n);
    else countEl.textContent = n + " " + (n === 1 ? text("one") : text("many"));
  }
  function renderMore(focusFirst) {
    var meta = state.meta, from = state.shown, slice = state.hits.slice(from, from + PAGE), token = state.token;
    state.shown += slice.length;
    more.hidden = state.shown >= state.hits.length;
    return Promise.all(slice.map(function (h) {
      return loadDoc(meta.langs[h.p.l] + "/" + h.p.d + "-" + Math.floor(h.p.b / meta.chunk));
    })).then(function (docs) {
      if (state.token !== token) return;
      slice.forEach(function (h, i) {
        var doc = docs[i], lang = meta.langs[h.p.l];
        var block = doc && doc.b[h.p.b % meta.chunk];
        if (!block) return;
        var li = el("li");
        var a = el("a", "r-title");
        a.href = siteRoot + lang + "/declarations/" + doc.s + "/index.html#" + encodeURIComponent(block[0]).replace(/%2E/gi, ".");
        a.textContent = (doc.t || doc.s) + " §" + block[0];
        if (lang !== box.getAttribute("data-lang")) { a.lang = lang; li.lang = lang; }
        li.appendChild(a);
        var m = el("p", "r-meta");
        var t = el("time", null, doc.d);
        t.setAttribute("datetime", doc.d);
        m.appendChild(t);
        m.appendChild(document.createTextNode(" · " + lang.toUpperCase()));
        li.appendChild(m);
        var p = el("p", "r-text");
        p.appendChild(excerpt(block[1], state.matchForm));
        li.appendChild(p);
        // A block found through its theme or party: show which, marked.
        if (!p.querySelector("mark")) {
          var tags = el("p", "r-tags");
          bits(h.p.t).map(function (i) { return ["theme", meta.themes[i]]; })
            .concat(bits(h.p.p).map(function (i) { return ["party", meta.parties[i]]; }))
            .forEach(function (t) {
              var label = facetLabel(t[0], t[1]);
              if (!label) return;
              var hit = words(label).some(function (w) { return state.matchForm(fold(w)); });
              if (tags.childNodes.length) tags.appendChild(document.createTextNode(" · "));
              tags.appendChild(hit ? el("mark", null, label) : document.createTextNode(label));
            });
          if (tags.childNodes.length) li.appendChild(tags);
        }
        list.appendChild(li);
        if (focusFirst && i === 0) a.focus();
      });
    });
  }

  function run(pushUrl) {
    var q = input.value.trim();
    var sel = selected();
    if (pushUrl && window.history && history.replaceState) {
      var params = new URLSearchParams(new FormData(form));
      history.replaceState(null, "", "?" + params.toString());
    }
    list.textContent = "";
    more.hidden = true;
    if (!q) { state = null; countEl.textContent = text("empty"); updateCounts(null, sel); return Promise.resolve(); }
    countEl.textContent = text("searching");
    var token = {};
    state = { token: token };
    return loadMeta().then(function (meta) {
      return search(meta, q).then(function (res) {
        if (state.token !== token) return;
        var wanted = descendants(meta, sel.theme);
        var hits = res.hits.filter(function (h) { return passes(facetValues(meta, h.p), sel, wanted, null); });
        var forms = {};
        res.shards.forEach(function (sh) {
          for (var f in sh.f) if (sh.f[f].some(function (id) { return res.stems[id]; })) forms[f] = true;
        });
        state = {
          token: token, meta: meta, hits: hits, shown: 0,
          matchForm: function (w) { return w && (forms[w] || res.words.some(function (q) { return q.length > 2 && w.lastIndexOf(q, 0) === 0; })); }
        };
        showCount(hits.length, res.capped);
        // Excerpts load while the facet counts are worked out.
        var shown = renderMore(false);
        updateCounts({ meta: meta, hits: res.hits, wanted: wanted, capped: res.capped }, sel);
        return shown;
      });
    }).catch(function () { countEl.textContent = text("failed"); });
  }

  function updateCounts(res, sel) {
    form.querySelectorAll("fieldset[data-facet]").forEach(function (fs) {
      var facet = fs.getAttribute("data-facet");
      var counts = {};
      if (res) res.hits.forEach(function (h) {
        var vals = facetValues(res.meta, h.p);
        if (!passes(vals, sel, res.wanted, facet)) return;
        var seen = {};
        if (facet === "theme") {
          // A block counts for its themes and all their ancestors.
          bits(h.p.t).forEach(function (i) {
            for (var j = i; j >= 0; j = res.meta.parents[j]) seen[res.meta.themes[j]] = true;
          });
        } else vals[facet].forEach(function (v) { seen[v] = true; });
        Object.keys(seen).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      fs.querySelectorAll("input").forEach(function (inp) {
        var c = inp.parentNode.querySelector("[data-count]");
        var n = counts[inp.value] || 0;
        // From a list cut short, a count is a lower bound.
        c.textContent = res ? String(n) + (res.capped && n > 0 ? "+" : "") : "";
        inp.closest("li").classList.toggle("zero", !!res && n === 0);
      });
    });
  }

  // --- wiring ----------------------------------------------------------------
  var params = new URLSearchParams(location.search);
  if (params.has("q")) {
    input.value = params.get("q");
    form.querySelectorAll("input[type=checkbox]").forEach(function (c) {
      c.checked = params.getAll(c.name).indexOf(c.value) >= 0;
    });
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(true); });
  form.addEventListener("change", function (ev) { if (ev.target.type === "checkbox") run(true); });
  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(function () { run(true); }, 150); });
  more.addEventListener("click", function () { renderMore(true); });
  run(false);
  // The small table of declarations is needed by any search: load it while the reader types.
  loadMeta().catch(function () {});
})();
