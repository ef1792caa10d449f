// diptych search: runs in the browser on the static index written by `diptych build`
// (see src/search/mod.rs). The index is loaded as script files, one shard at a time,
// so it works from file:// and under `Content-Security-Policy: default-src 'self'`.
// Words are folded here exactly as in src/search/text.rs and looked up, never stemmed:
// the index maps every word form of the corpus to its Snowball stem.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var PAGE = 20;
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
    shard: function (k, data) { settle("s:" + k, data); },
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
  var loadShard = function (key) { return load("s:" + key, base + "s/" + key + ".js", { f: {}, p: {} }); };
  var loadDoc = function (slug) { return load("d:" + slug, base + "d/" + slug + ".js", null); };

  // --- words -----------------------------------------------------------------
  var SPECIAL = { "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i" };
  function fold(word) {
    var out = "";
    Array.from(word.normalize("NFD")).forEach(function (c) {
      if (/\p{M}/u.test(c)) return;
      out += SPECIAL[c] !== undefined ? SPECIAL[c] : c.toLowerCase();
    });
    return out;
  }
  function words(s) { return s.split(/[^\p{L}\p{N}]+/u).filter(Boolean); }

  // --- matching --------------------------------------------------------------
  // For one typed word: the stems it stands for, with a weight. The word itself, the
  // longer forms it begins (typing), or, for an inflection the corpus lacks, the
  // corpus forms it begins with.
  function stemsFor(word, shard) {
    var stems = {}, forms = shard.f, f, i;
    function add(list, w) { for (i = 0; i < list.length; i++) stems[list[i]] = Math.max(stems[list[i]] || 0, w); }
    if (forms[word]) add(forms[word], 1);
    var longer = [];
    for (f in forms) if (f.length > word.length && f.lastIndexOf(word, 0) === 0) longer.push(f);
    longer.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); });
    longer.slice(0, 60).forEach(function (f) { add(forms[f], 0.5); });
    if (!forms[word]) {
      for (f in forms) if (f.length >= Math.max(3, word.length - 4) && f.length < word.length && word.lastIndexOf(f, 0) === 0) add(forms[f], 0.9);
    }
    return stems;
  }

  function search(meta, query) {
    var qwords = [];
    words(query).forEach(function (w) { w = fold(w); if (qwords.indexOf(w) < 0) qwords.push(w); });
    if (!qwords.length) return Promise.resolve({ words: [], hits: [], stems: {} });
    return Promise.all(qwords.map(function (w) { return loadShard(shardKey(w)); })).then(function (shards) {
      var total = null, allStems = {};
      qwords.forEach(function (w, i) {
        var stems = stemsFor(w, shards[i]), scores = {};
        Object.keys(stems).forEach(function (st) {
          allStems[st] = true;
          (shards[i].p[st] || []).forEach(function (p) {
            var key = p[0] + ":" + p[2] + ":" + p[1];
            var s = p[3] * stems[st];
            if (!scores[key] || scores[key].s < s) scores[key] = { p: p, s: s };
          });
        });
        if (total === null) total = scores;
        else {
          var next = {};
          Object.keys(total).forEach(function (k) { if (scores[k]) next[k] = { p: total[k].p, s: total[k].s + scores[k].s }; });
          total = next;
        }
      });
      var hits = Object.keys(total).map(function (k) { return total[k]; });
      hits.sort(function (a, b) {
        return b.s - a.s || (meta.decls[b.p[0]][3] < meta.decls[a.p[0]][3] ? -1 : meta.decls[b.p[0]][3] > meta.decls[a.p[0]][3] ? 1 : 0) || a.p[1] - b.p[1];
      });
      return { words: qwords, hits: hits, stems: allStems, shards: shards };
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
  function facetValues(meta, p) {
    var d = meta.decls[p[0]];
    return {
      theme: meta.themesets[p[4]].map(function (i) { return meta.themes[i]; }),
      party: meta.partysets[p[5]].map(function (i) { return meta.parties[i]; }),
      year: [String(d[1])],
      kind: [meta.kinds[d[2]]],
      lang: [meta.langs[p[2]]]
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
  function showCount(n) {
    countEl.textContent = n === 0 ? text("none") : n + " " + (n === 1 ? text("one") : text("many"));
  }
  function renderMore(focusFirst) {
    var meta = state.meta, from = state.shown, slice = state.hits.slice(from, from + PAGE), token = state.token;
    state.shown += slice.length;
    more.hidden = state.shown >= state.hits.length;
    return Promise.all(slice.map(function (h) { return loadDoc(meta.decls[h.p[0]][0]); })).then(function (docs) {
      if (state.token !== token) return;
      slice.forEach(function (h, i) {
        var doc = docs[i], d = meta.decls[h.p[0]], lang = meta.langs[h.p[2]];
        if (!doc || !doc.b[lang] || !doc.b[lang][h.p[1]]) return;
        var block = doc.b[lang][h.p[1]];
        var li = el("li");
        var a = el("a", "r-title");
        a.href = siteRoot + lang + "/declarations/" + d[0] + "/index.html#" + encodeURIComponent(block[0]).replace(/%2E/gi, ".");
        a.textContent = (doc.t[lang] || d[0]) + " §" + block[0];
        if (lang !== box.getAttribute("data-lang")) { a.lang = lang; li.lang = lang; }
        li.appendChild(a);
        var m = el("p", "r-meta");
        var t = el("time", null, d[3]);
        t.setAttribute("datetime", d[3]);
        m.appendChild(t);
        m.appendChild(document.createTextNode(" · " + lang.toUpperCase()));
        li.appendChild(m);
        var p = el("p", "r-text");
        p.appendChild(excerpt(block[1], state.matchForm));
        li.appendChild(p);
        // A block found through its theme or party: show which, marked.
        if (!p.querySelector("mark")) {
          var tags = el("p", "r-tags");
          meta.themesets[h.p[4]].map(function (i) { return ["theme", meta.themes[i]]; })
            .concat(meta.partysets[h.p[5]].map(function (i) { return ["party", meta.parties[i]]; }))
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
    if (!q) { countEl.textContent = text("empty"); updateCounts(null, sel); return Promise.resolve(); }
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
          for (var f in sh.f) if (sh.f[f].some(function (st) { return res.stems[st]; })) forms[f] = true;
        });
        state = {
          token: token, meta: meta, hits: hits, shown: 0,
          matchForm: function (w) { return w && (forms[w] || res.words.some(function (q) { return q.length > 2 && w.lastIndexOf(q, 0) === 0; })); }
        };
        showCount(hits.length);
        updateCounts({ meta: meta, hits: res.hits, wanted: wanted }, sel);
        return renderMore(false);
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
          vals.theme.forEach(function (t) {
            for (var j = res.meta.themes.indexOf(t); j >= 0; j = res.meta.parents[j]) seen[res.meta.themes[j]] = true;
          });
        } else vals[facet].forEach(function (v) { seen[v] = true; });
        Object.keys(seen).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      fs.querySelectorAll("input").forEach(function (inp) {
        var c = inp.parentNode.querySelector("[data-count]");
        var n = counts[inp.value] || 0;
        c.textContent = res ? String(n) : "";
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
})();
