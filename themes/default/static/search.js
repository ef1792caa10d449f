// diptych search: runs in the browser on the static index written by `diptych build`
// (see src/search/mod.rs for the layout). The index is loaded as script files, so it
// works from file:// and under `Content-Security-Policy: default-src 'self'`:
//   on opening the page: meta (facets, the table of form files) and, while the
//     vocabulary fits in one form file, that file: a query then starts with its postings;
//   on typing: the form file of each word (when there are several);
//   on a query: the posting buckets of the stems its words stand for. A stem's postings
//     come with the excerpts (title, link, text) of its 10 best blocks per language: a
//     one-word query (prefixes and inflections included, facets by language too) lists
//     its first page from them. Other results (more words, other facets, next pages)
//     load the excerpt chunk of each result, all at once, and are shown together (or,
//     on a slow network, in rank order as they arrive: no item moves once shown).
//   The facet counts are worked out after the results are shown, and the URL written.
// Words are folded here exactly as in src/search/text.rs and looked up, never stemmed:
// the index maps every word form of the corpus to its Snowball stem.
// Query work is done on columns (typed arrays) merged in block order, with one pass for
// the facet counts and a native numeric sort, allocating little: a first query runs
// mostly before the JIT has compiled anything, so every step counts.
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  // Results a page: each one a query's postings do not bring loads an excerpt chunk, a
  // file of its own (about 2 ms apiece in Chromium, from disk or a server), so a page of
  // ten, as EUR-Lex shows, keeps a query of several words near one round of loads.
  var PAGE = 10;
  // Stems a typed word may stand for beyond its own form (prefix and inflection
  // expansion), most frequent first; the rest are left out and the count says so.
  var EXPAND = 3;
  var base = box.getAttribute("data-index");
  var siteRoot = box.getAttribute("data-root");
  // A declaration's page in a folder: `index.html`, or nothing with pretty URLs (`./`).
  var pageFile = (box.getAttribute("data-page") || "index.html").replace("./", "");
  var form = document.getElementById("search-form");
  var input = document.getElementById("q");
  var countEl = document.getElementById("result-count");
  var list = document.getElementById("results");
  var more = document.getElementById("more");
  var everywhere = document.getElementById("search-everywhere");
  var facets = form.querySelector(".facets") || form;
  var text = function (k) { return box.getAttribute("data-" + k) || ""; };
  // Dates as the site writes them, from the page's strings: month names, the pattern
  // ({d} {m} {y}) and how the first of a month is written ("1er" in French).
  var months = text("months").split("|");
  function formatDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m || months.length !== 12 || !text("date-format")) return iso;
    var day = +m[3] === 1 ? text("day-one") || "1" : String(+m[3]);
    return text("date-format").replace("{d}", day).replace("{m}", months[+m[2] - 1]).replace("{y}", m[1]);
  }

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
    doc: function (k, data) { settle("d:" + k, data); },
    // Read by scripts/search-bench.mjs: the results that make a whole first page.
    page: PAGE
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
  var loadFormFile = function (n) { return load("f:" + n, base + "f/" + n + ".js", { k: {}, s: {} }); };
  var loadBucket = function (n) { return load("p:" + n, base + "p/" + n + ".js", {}); };
  var loadDoc = function (key) { return load("d:" + key, base + "d/" + key + ".js", null); };
  // A form shard: {f: form → stem ids, s: stem id → [bucket, df]}, from the form file
  // that holds its key (the last whose first key is not after it).
  // With `prefix` (a single Chinese or Japanese character): the shards of every pair it
  // begins, whose keys are its key and the next character's, in this file and the next.
  function loadShard(meta, key, prefix) {
    var firsts = meta.forms, lo = 0, hi = firsts.length - 1;
    if (hi < 0) return Promise.resolve({ f: {}, s: {} });
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= key) lo = mid; else hi = mid - 1;
    }
    if (!prefix) return loadFormFile(lo).then(function (file) { return { f: file.k[key] || {}, s: file.s }; });
    var last = lo, files = [];
    while (last + 1 < firsts.length && firsts[last + 1].lastIndexOf(key, 0) === 0) last++;
    for (var n = lo; n <= last; n++) files.push(loadFormFile(n));
    return Promise.all(files).then(function (loaded) {
      var f = {}, s = {};
      loaded.forEach(function (file) {
        Object.keys(file.s).forEach(function (id) { s[id] = file.s[id]; });
        Object.keys(file.k).forEach(function (k) {
          if (k === key || (k.lastIndexOf(key, 0) === 0 && k.charAt(key.length) === "u")) Object.assign(f, file.k[k]);
        });
      });
      return { f: f, s: s };
    });
  }

  // --- words -----------------------------------------------------------------
  var SPECIAL = { "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ı": "i" };
  // Marks are dropped but the voicing marks of kana (U+3099, U+309A), as in Rust.
  var ASCII = /^[\x00-\x7f]*$/, MARKS = /(?![\u3099\u309a])\p{M}/gu;
  function fold(word) {
    // Plain ASCII (most words): lowercasing is all there is to do.
    if (ASCII.test(word)) return word.toLowerCase();
    // Else character by character, as in Rust (no context: a final Σ is σ there too).
    var out = "";
    for (var c of word.normalize("NFKD").replace(MARKS, "")) out += SPECIAL[c] !== undefined ? SPECIAL[c] : c.toLowerCase();
    return out;
  }
  // Chinese and Japanese, written without spaces, are cut into overlapping pairs of
  // characters, as src/search/text.rs cuts them (is_unspaced, tokens: the same list).
  var UNSPACED = /[\u3005-\u3007\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u{20000}-\u{3134f}]/u;
  // The index terms of one word: [term, start, end], offsets in the word.
  function tokens(word) {
    if (!UNSPACED.test(word)) return [[word, 0, word.length]];
    var chars = Array.from(word), at = [0], out = [], i = 0, j, k;
    chars.forEach(function (c, n) { at.push(at[n] + c.length); });
    while (i < chars.length) {
      var u = UNSPACED.test(chars[i]);
      for (j = i; j < chars.length && UNSPACED.test(chars[j]) === u; j++);
      if (!u || j - i === 1) out.push([word.slice(at[i], at[j]), at[i], at[j]]);
      else for (k = i; k + 1 < j; k++) out.push([word.slice(at[k], at[k + 2]), at[k], at[k + 2]]);
      i = j;
    }
    return out;
  }
  function words(s) {
    var out = [];
    s.split(/[^\p{L}\p{N}]+/u).forEach(function (w) { if (w) tokens(w).forEach(function (t) { out.push(t[0]); }); });
    return out;
  }
  // A query is read as the build reads text: composed (NFC, src/load), without soft
  // hyphens (src/parse), half-width katakana made full-width (src/search/text.rs), so
  // that words typed or pasted from a PDF are the words of the index.
  var HALF_KANA = /[\uff65-\uff9f]/;
  function queryWords(query) {
    var out = [];
    query = query.replace(/\u00ad/g, "").normalize(HALF_KANA.test(query) ? "NFKC" : "NFC");
    words(query).forEach(function (w) { w = fold(w); if (out.indexOf(w) < 0) out.push(w); });
    return out;
  }
  // A single Chinese or Japanese character stands for the pairs it begins.
  function single(w) { return Array.from(w).length === 1 && UNSPACED.test(w); }

  // --- sets ------------------------------------------------------------------
  // Theme and party sets are hex bitsets: character j holds bits 4j…4j+3. They are
  // read where needed, without building arrays: most sets of a query are distinct.
  function nibble(hex, j) { var c = hex.charCodeAt(j); return c <= 57 ? c - 48 : c - 87; }
  function members(hex) {
    var out = [];
    for (var j = 0; j < hex.length; j++) {
      var v = nibble(hex, j);
      for (var k = 0; k < 4; k++) if (v & (1 << k)) out.push(4 * j + k);
    }
    return out;
  }
  // Whether the set has a member m with want[m].
  function meets(hex, want) {
    for (var j = 0; j < hex.length; j++) {
      var v = nibble(hex, j);
      for (var k = 0; k < 4; k++) if (v & (1 << k) && want[4 * j + k]) return true;
    }
    return false;
  }

  // Welsh initial mutations, as src/search/text.rs (welsh_radicals) undoes them: the
  // radicals a folded word may come from (`gymraeg` → `cymraeg`), to mark in a Welsh text
  // the mutated forms its dictionary form found.
  var MUTATIONS = [["ngh", ["c"]], ["mh", ["p"]], ["nh", ["t"]], ["ng", ["g"]], ["ch", ["c"]], ["ph", ["p"]], ["th", ["t"]],
    ["dd", ["d"]], ["g", ["c"]], ["b", ["p"]], ["d", ["t"]], ["f", ["b", "m"]], ["l", ["ll"]], ["r", ["rh"]], ["m", ["b"]], ["n", ["d"]]];
  function welshRadicals(w) {
    var out = [];
    if (Array.from(w).length < 3) return out;
    for (var i = 0; i < MUTATIONS.length; i++) {
      if (w.lastIndexOf(MUTATIONS[i][0], 0) !== 0) continue;
      var rest = w.slice(MUTATIONS[i][0].length);
      MUTATIONS[i][1].forEach(function (r) { out.push(r + rest); });
      break;
    }
    if (/^[aeiouwy]/.test(w)) out.push("g" + w);
    if (/^h[aeiouwy]/.test(w)) out.push(w.slice(1));
    return out;
  }

  // --- matching --------------------------------------------------------------
  // For one typed word: the stems it stands for, with a weight. The word itself, the
  // longer forms it begins (typing), or, for an inflection the corpus lacks, the
  // corpus forms it begins with. Beyond its own stems, only the EXPAND most frequent.
  // The results are said to be partial only when the word is no form of the corpus (a
  // prefix being typed): a whole word is found whole, and the longer words it begins
  // (Dutch compounds: `energie` in `energiebeleid`) are a help, not a promise.
  // An inflection is a corpus form and one of the corpus's endings (`meta.e`, learnt from
  // the stemmer at build time): `verklaringen` is `verklaring` + `en`; `einsatz` is not
  // `ein` + `satz`, nor `commerce` `comme` + `rce`.
  function stemsFor(word, shard, meta) {
    var forms = shard.f, stems = {}, extra = {}, f, partial = false;
    var ending = function (rest) { return !meta.e || meta.e.indexOf(rest) >= 0; };
    if (forms[word]) forms[word].forEach(function (id) { stems[id] = 1; });
    function consider(list, w) {
      list.forEach(function (id) { if (!stems[id]) extra[id] = Math.max(extra[id] || 0, w); });
    }
    for (f in forms) if (f.length > word.length && f.lastIndexOf(word, 0) === 0) consider(forms[f], 0.5);
    if (!forms[word]) {
      for (f in forms) if (f.length >= Math.max(3, word.length - 4) && f.length < word.length && word.lastIndexOf(f, 0) === 0 && ending(word.slice(f.length))) consider(forms[f], 0.9);
    }
    var ids = Object.keys(extra).sort(function (a, b) { return shard.s[b][1] - shard.s[a][1] || a - b; });
    if (ids.length > EXPAND && !forms[word]) partial = true;
    ids.slice(0, EXPAND).forEach(function (id) { stems[id] = extra[id]; });
    return { stems: stems, partial: partial };
  }

  // Hits are columns in block order: k the block key ((declaration·languages +
  // language)·65536 + block), s the score (×10, so that weights 1, 0.9 and 0.5 keep it
  // an integer and ties are exact), t and p its theme and party sets.
  function hits(n) { return { k: new Float64Array(n), s: new Float64Array(n), t: new Array(n), p: new Array(n) }; }
  function trim(h, n) { h.t.length = h.p.length = n; return { k: h.k.subarray(0, n), s: h.s.subarray(0, n), t: h.t, p: h.p }; }
  var decoded = {};
  // A stem's postings, decoded once, with the excerpts of its best blocks (x: block key →
  // a result as renderHit takes it).
  function postings(meta, id, bucket) {
    if (decoded[id]) return decoded[id];
    var enc = bucket[id];
    if (!enc) return decoded[id] = hits(0);
    var n = enc.k.length, out = { k: new Float64Array(n), s: new Float64Array(n), t: enc.t.split(","), p: enc.p.split(","), x: new Map() }, key = 0, b = 0;
    for (var i = 0; i < n; i++) {
      b = i > 0 && enc.k[i] === 0 ? b + enc.b[i] : enc.b[i];
      key += enc.k[i];
      out.k[i] = key * 65536 + b;
      out.s[i] = enc.s[i];
    }
    (enc.x || []).forEach(function (e) {
      var h = enc.h[e[0]];
      out.x.set(e[0] * 65536 + e[1], { s: h[0], t: h[1], d: h[2], id: e[2], text: e[3], cut: e[4] });
    });
    return decoded[id] = out;
  }
  // Blocks in a or b (b's scores weighted w), each scored by its better match.
  function union(a, b, w) {
    var na = a.k.length, nb = b.k.length, out = hits(na + nb), i = 0, j = 0, o = 0;
    while (i < na || j < nb) {
      var ka = i < na ? a.k[i] : Infinity, kb = j < nb ? b.k[j] : Infinity;
      var useA = ka < kb || (ka === kb && a.s[i] >= b.s[j] * w), from = useA ? a : b, at = useA ? i : j;
      out.k[o] = from.k[at];
      out.s[o] = useA ? a.s[i] : b.s[j] * w;
      out.t[o] = from.t[at];
      out.p[o++] = from.p[at];
      if (ka <= kb) i++;
      if (kb <= ka) j++;
    }
    return trim(out, o);
  }
  // Blocks in both a and b, scored by the sum.
  function intersect(a, b) {
    var na = a.k.length, nb = b.k.length, out = hits(Math.min(na, nb)), i = 0, j = 0, o = 0;
    while (i < na && j < nb) {
      if (a.k[i] < b.k[j]) i++;
      else if (b.k[j] < a.k[i]) j++;
      else {
        out.k[o] = a.k[i];
        out.s[o] = a.s[i] + b.s[j];
        out.t[o] = a.t[i];
        out.p[o++] = a.p[i];
        i++;
        j++;
      }
    }
    return trim(out, o);
  }

  function search(meta, query) {
    var qwords = queryWords(query);
    if (!qwords.length) return Promise.resolve({ words: [], hits: hits(0), stems: {}, shards: [], capped: false, excerpts: new Map() });
    return Promise.all(qwords.map(function (w) { return loadShard(meta, shardKey(w), single(w)); })).then(function (shards) {
      var capped = false, want = qwords.map(function (w, i) {
        var r = stemsFor(w, shards[i], meta);
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
        var total = null, allStems = {}, excerpts = new Map();
        want.forEach(function (stems, i) {
          var found = hits(0);
          Object.keys(stems).forEach(function (id) {
            allStems[id] = true;
            var list = postings(meta, id, byNum[shards[i].s[id][0]]);
            found = union(found, list, stems[id] * 10);
            if (list.x) list.x.forEach(function (v, k) { if (!excerpts.has(k)) excerpts.set(k, v); });
          });
          total = total ? intersect(total, found) : found;
        });
        return { words: qwords, hits: total, stems: allStems, shards: shards, capped: capped, excerpts: excerpts };
      });
    });
  }

  // --- facets ----------------------------------------------------------------
  var FACETS = ["theme", "party", "year", "kind", "lang"];
  function selected() {
    var sel = {};
    FACETS.forEach(function (f) {
      sel[f] = Array.from(form.querySelectorAll("input[name=" + f + "]:checked")).map(function (i) { return i.value; });
    });
    return sel;
  }
  // The selection as a test of a hit: which facets it fails, as bits (1 theme, 2 party,
  // 4 year, 8 kind, 16 lang).
  function tester(meta, sel) {
    var nl = meta.langs.length, has = function (f, v) { return sel[f].indexOf(v) >= 0; };
    var theme = meta.themes.map(function (_t, i) {
      // A theme is wanted when it or one of its ancestors is ticked.
      for (var j = i; j >= 0; j = meta.parents[j]) if (has("theme", meta.themes[j])) return true;
      return false;
    });
    var party = meta.parties.map(function (p) { return has("party", p); });
    var year = sel.year.length ? meta.y.map(function (y) { return has("year", String(y)); }) : null;
    var kind = meta.kinds.map(function (k) { return has("kind", k); });
    var lang = meta.langs.map(function (l) { return has("lang", l); });
    var any = FACETS.map(function (f) { return sel[f].length > 0; });
    return function (h, i) {
      var dl = Math.floor(h.k[i] / 65536), d = Math.floor(dl / nl), fails = 0;
      if (any[0] && !meets(h.t[i], theme)) fails |= 1;
      if (any[1] && !meets(h.p[i], party)) fails |= 2;
      if (any[2] && !year[d]) fails |= 4;
      if (any[3] && !kind[meta.k[d]]) fails |= 8;
      if (any[4] && !lang[dl % nl]) fails |= 16;
      return fails;
    };
  }
  // The facet boxes, each with the value it counts (an index into meta's lists, or a year).
  var boxes = null;
  function facetBoxes(meta) {
    if (boxes) return boxes;
    boxes = [];
    form.querySelectorAll("fieldset[data-facet]").forEach(function (fs) {
      var facet = fs.getAttribute("data-facet"), names = { theme: meta.themes, party: meta.parties, kind: meta.kinds, lang: meta.langs }[facet];
      fs.querySelectorAll("input").forEach(function (inp) {
        boxes.push({ facet: facet, value: names ? names.indexOf(inp.value) : inp.value, count: inp.parentNode.querySelector("[data-count]"), li: inp.closest("li") });
      });
    });
    return boxes;
  }
  // Per facet and value (index, or year): the hits that pass every other facet, in
  // one pass. A block counts for its themes and all their ancestors, each once.
  function facetCounts(meta, h, test) {
    var nl = meta.langs.length, parents = meta.parents;
    var c = { theme: new Int32Array(meta.themes.length), party: new Int32Array(meta.parties.length), year: {}, kind: new Int32Array(meta.kinds.length), lang: new Int32Array(nl) };
    var seen = new Int32Array(meta.themes.length).fill(-1);
    for (var i = 0; i < h.k.length; i++) {
      var fails = test(h, i);
      if (fails & (fails - 1)) continue; // fails two facets or more: counts nowhere
      var dl = Math.floor(h.k[i] / 65536), d = Math.floor(dl / nl), hex, j, v, k;
      if (!(fails & ~1)) {
        for (hex = h.t[i], j = 0; j < hex.length; j++) {
          v = nibble(hex, j);
          for (k = 0; k < 4; k++) if (v & (1 << k)) for (var x = 4 * j + k; x >= 0 && seen[x] !== i; x = parents[x]) { seen[x] = i; c.theme[x]++; }
        }
      }
      if (!(fails & ~2)) {
        for (hex = h.p[i], j = 0; j < hex.length; j++) {
          v = nibble(hex, j);
          for (k = 0; k < 4; k++) if (v & (1 << k)) c.party[4 * j + k]++;
        }
      }
      if (!(fails & ~4)) c.year[meta.y[d]] = (c.year[meta.y[d]] || 0) + 1;
      if (!(fails & ~8)) c.kind[meta.k[d]]++;
      if (!(fails & ~16)) c.lang[dl % nl]++;
    }
    return c;
  }

  // --- rendering -------------------------------------------------------------
  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (txt !== undefined) e.textContent = txt;
    return e;
  }
  // Up to 35 words of a block's text, from 12 before its first match, with the matches
  // marked. cut: the text given was already cut before (1) or after (2) it, at the build
  // (src/search/text.rs: excerpt_window), and is then shown whole.
  function excerpt(blockText, matchForm, cut) {
    // The terms of a word that match: the word itself, or pairs of Chinese characters.
    var hits = function (w) { return w ? tokens(w).filter(function (t) { return matchForm(fold(t[0])); }) : []; };
    // Chinese and Japanese have no spaces to count words by: 70 characters, from 24
    // before the first match (two characters a word, as src/render/blocks.rs counts).
    if (UNSPACED.test(blockText)) return charExcerpt(blockText, hits, cut);
    var parts = blockText.split(/([^\p{L}\p{N}]+)/u);
    var first = -1;
    for (var i = 0; i < parts.length; i += 2) if (hits(parts[i]).length) { first = i; break; }
    var start = Math.max(0, first - 24), end = Math.min(parts.length, start + 70);
    // As src/search/text.rs (excerpt_window): not cut after an elided word (`d’`), and
    // said cut only if words follow.
    if (end + 1 < parts.length && (parts[end - 1] === "\u2019" || parts[end - 1] === "'")) end += 2;
    var more = parts.slice(end).some(function (w, k) { return k % 2 === 0 && w !== ""; });
    var frag = document.createDocumentFragment();
    if (start > 0 || cut & 1) frag.appendChild(document.createTextNode("… "));
    for (var j = start; j < end; j++) {
      if (j % 2 === 0) marked(frag, parts[j], hits(parts[j]));
      else frag.appendChild(document.createTextNode(parts[j]));
    }
    if (more || cut & 2) frag.appendChild(document.createTextNode(" …"));
    return frag;
  }
  function charExcerpt(blockText, hits, cut) {
    var chars = Array.from(blockText), at = 0, start = 0;
    var parts = blockText.split(/([^\p{L}\p{N}]+)/u);
    for (var i = 0; i < parts.length; i++) {
      var found = i % 2 === 0 ? hits(parts[i]) : [];
      if (found.length) { start = at + Array.from(parts[i].slice(0, found[0][1])).length; break; }
      at += Array.from(parts[i]).length;
    }
    start = Math.max(0, start - 24);
    var end = Math.min(chars.length, start + 70), frag = document.createDocumentFragment();
    if (start > 0 || cut & 1) frag.appendChild(document.createTextNode("… "));
    chars.slice(start, end).join("").split(/([^\p{L}\p{N}]+)/u).forEach(function (w, j) {
      if (j % 2 === 0) marked(frag, w, hits(w));
      else frag.appendChild(document.createTextNode(w));
    });
    if (end < chars.length || cut & 2) frag.appendChild(document.createTextNode(" …"));
    return frag;
  }
  // A word with the parts that matched marked (overlapping pairs joined into one mark).
  function marked(frag, word, found) {
    var at = 0, spans = [];
    found.forEach(function (t) {
      var last = spans[spans.length - 1];
      if (last && t[1] <= last[1]) last[1] = Math.max(last[1], t[2]); else spans.push([t[1], t[2]]);
    });
    spans.forEach(function (s) {
      if (s[0] > at) frag.appendChild(document.createTextNode(word.slice(at, s[0])));
      frag.appendChild(el("mark", null, word.slice(s[0], s[1])));
      at = s[1];
    });
    if (at < word.length) frag.appendChild(document.createTextNode(word.slice(at)));
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
  // The status, from [text, language] parts: a part in another language than the page's
  // (an interface string still in English, `data-{key}-lang`) is marked with it; the
  // status itself when it is one part.
  function say(parts) {
    var page = box.getAttribute("data-lang");
    var other = function (part) { return part[1] && part[1] !== page ? part[1] : ""; };
    countEl.textContent = parts.length === 1 ? parts[0][0] : "";
    countEl.removeAttribute("lang");
    if (parts.length === 1) {
      if (other(parts[0])) countEl.lang = other(parts[0]);
      return;
    }
    parts.forEach(function (part) {
      if (!other(part)) return countEl.appendChild(document.createTextNode(part[0]));
      var span = el("span", null, part[0]);
      span.lang = other(part);
      countEl.appendChild(span);
    });
  }
  // Status string `key` as one part: [its text, its language].
  function status(key, txt) { return [txt === undefined ? text(key) : txt, text(key + "-lang")]; }
  function showCount(n, capped) {
    // Nothing among lists cut short does not mean nothing at all.
    if (n === 0 && capped) say([status("capped-none", text("capped-none") || text("capped").replace("{n}", n))]);
    else if (n === 0) say([status("none")]);
    else if (capped) say([status("capped", text("capped").replace("{n}", n))]);
    else say([[n + " " + countForm(n), text("count-lang")]]);
  }
  // "results" for a count of n: the form of its plural category in the language of the
  // string (Polish 2 wyniki, 5 wyników), as src/render/i18n.rs picks them (count_or).
  var forms = null;
  function countForm(n) {
    if (!forms) {
      try { forms = JSON.parse(text("forms") || "{}"); } catch (e) { forms = {}; }
    }
    var category = n === 1 ? "one" : "other";
    try { category = new Intl.PluralRules(text("count-lang") || "en").select(n); } catch (e) { /* an unknown language */ }
    return forms[category] || (category === "one" ? text("one") : text("many"));
  }
  // One result, r = {s: slug, t: title, d: date, id: block id, text, cut}: title and §id
  // linking to the block, date and language, the excerpt.
  function renderHit(meta, h, i, r) {
    if (!r) return null;
    var lang = meta.langs[Math.floor(h.k[i] / 65536) % meta.langs.length];
    var li = el("li");
    var a = el("a", "r-title");
    a.href = siteRoot + lang + "/declarations/" + r.s + "/" + pageFile + "#" + encodeURIComponent(r.id).replace(/%2E/gi, ".");
    // The title with the words that match marked: a block can be found by its
    // declaration's title (the first block of each, src/search/mod.rs).
    (r.t || r.s).split(/([^\p{L}\p{N}]+)/u).forEach(function (w, j) {
      if (j % 2 === 0 && w) marked(a, w, tokens(w).filter(function (t) { return state.matchForm(fold(t[0])); }));
      else if (w) a.appendChild(document.createTextNode(w));
    });
    a.appendChild(document.createTextNode(" "));
    // Isolated, so that `§3.a` reads left to right in a right-to-left title too.
    a.appendChild(el("bdi", null, "§" + r.id));
    if (lang !== box.getAttribute("data-lang")) { a.lang = lang; li.lang = lang; }
    li.appendChild(a);
    var m = el("p", "r-meta");
    var t = el("time", null, formatDate(r.d));
    t.setAttribute("datetime", r.d);
    // In the page's language inside a hit in another, or in English month names.
    if (li.lang || text("months-lang")) t.lang = text("months-lang") || box.getAttribute("data-lang");
    m.appendChild(t);
    m.appendChild(document.createTextNode(" · " + lang.toUpperCase()));
    li.appendChild(m);
    var p = el("p", "r-text");
    p.appendChild(excerpt(r.text, state.matchForm, r.cut));
    li.appendChild(p);
    // A block found through its theme or party: show which, marked.
    if (!p.querySelector("mark")) {
      var tags = el("p", "r-tags");
      members(h.t[i]).map(function (x) { return ["theme", meta.themes[x]]; })
        .concat(members(h.p[i]).map(function (x) { return ["party", meta.parties[x]]; }))
        .forEach(function (tag) {
          var label = facetLabel(tag[0], tag[1]);
          if (!label) return;
          var hit = words(label).some(function (w) { return state.matchForm(fold(w)); });
          if (tags.childNodes.length) tags.appendChild(document.createTextNode(" · "));
          tags.appendChild(hit ? el("mark", null, label) : document.createTextNode(label));
        });
      // The labels are in the interface's language (the page's), not the result's.
      if (li.lang) tags.lang = document.documentElement.lang;
      if (tags.childNodes.length) li.appendChild(tags);
    }
    list.appendChild(li);
    return a;
  }
  // The next page of results. A result whose excerpt came with the postings is ready;
  // the others' excerpt chunks load at once, in parallel. The page is shown when all are
  // ready: one layout of the page, where showing each result as it arrives cost one per
  // frame (up to 30 ms more for a page of 20 chunks on the bench machine). Past PATIENCE ms
  // (a slow network) results are shown as they arrive, each once every result above it
  // is there, so the list only grows at its end. aria-busy tells assistive technology
  // to wait for the page; "more" appears under it once it is complete.
  var PATIENCE = 100;
  function renderMore(focusFirst) {
    var st = state, meta = st.meta, slice = st.order.slice(st.shown, st.shown + PAGE), got = [], next = 0, ready = 0, eager = false, done = false;
    st.shown += slice.length;
    more.hidden = true;
    list.setAttribute("aria-busy", "true");
    return new Promise(function (resolve) {
      function flush() {
        if (done) return;
        if (state !== st) {
          // A newer search took over.
          done = true;
          return resolve();
        }
        if (ready < slice.length && !eager) return;
        while (next < slice.length && got[next]) {
          var a = renderHit(meta, st.hits, slice[next], got[next].r);
          if (a && focusFirst && next === 0) a.focus();
          next++;
        }
        if (next < slice.length) return;
        done = true;
        list.removeAttribute("aria-busy");
        more.hidden = st.shown >= st.order.length;
        resolve();
      }
      slice.forEach(function (i, n) {
        var k = st.hits.k[i], dl = Math.floor(k / 65536), b = k % 65536, nl = meta.langs.length;
        if (st.excerpts.has(k)) {
          got[n] = { r: st.excerpts.get(k) };
          ready++;
          return;
        }
        loadDoc(meta.langs[dl % nl] + "/" + Math.floor(dl / nl) + "-" + Math.floor(b / meta.chunk)).then(function (doc) {
          var block = doc && doc.b[b % meta.chunk];
          got[n] = { r: block && { s: doc.s, t: doc.t, d: doc.d, id: block[0], text: block[1], cut: 0 } };
          ready++;
          flush();
        });
      });
      if (ready < slice.length) setTimeout(function () { eager = true; flush(); }, PATIENCE);
      flush();
    });
  }

  function run(pushUrl) {
    var q = input.value.trim();
    var sel = selected();
    // The URL keeps the search, written once its first page is shown: Chromium fetches
    // the page's icon again on every change of URL (from disk, or the server when not
    // cached), which would compete with the query's own loads.
    var params = new URLSearchParams(new FormData(form)).toString();
    var writeUrl = function () { if (pushUrl && window.history && history.replaceState) history.replaceState(null, "", "?" + params); };
    list.textContent = "";
    list.removeAttribute("aria-busy");
    more.hidden = true;
    if (everywhere) everywhere.hidden = true;
    if (!q) {
      writeUrl();
      state = null;
      say([status("empty")]);
      updateCounts(null);
      facets.removeAttribute("aria-busy");
      return Promise.resolve();
    }
    say([status("searching")]);
    var st = state = {};
    return loadMeta().then(function (meta) {
      return search(meta, q).then(function (res) {
        if (state !== st) return;
        var h = res.hits, test = tester(meta, sel), top = 0, n = 0, i;
        for (i = 0; i < h.s.length; i++) if (h.s[i] > top) top = h.s[i];
        // Best first; equal scores in block order (declarations newest first), which is
        // the order of the hits: one number per hit, (top - score)·2^22 + its place, is
        // sorted natively, with no comparison function to call.
        var order = new Float64Array(h.k.length);
        for (i = 0; i < h.k.length; i++) if (!test(h, i)) order[n++] = (top - h.s[i]) * 4194304 + i;
        order = order.subarray(0, n).sort();
        for (i = 0; i < n; i++) order[i] %= 4194304;
        var forms = {};
        res.shards.forEach(function (sh) {
          for (var f in sh.f) if (sh.f[f].some(function (id) { return res.stems[id]; })) forms[f] = true;
        });
        st.meta = meta;
        st.hits = h;
        st.order = order;
        st.excerpts = res.excerpts;
        st.shown = 0;
        // A typed word the corpus lacks was found through a shorter form or stem it
        // begins with: that one is marked inside the text's words too, after a prefix
        // of up to 3 letters (Arabic `طاقة` marks `الطاقة` through `طاق`).
        var inner = [];
        res.shards.forEach(function (sh, i) {
          var q = res.words[i];
          if (sh.f[q]) return;
          for (var f in forms) if (f.length >= 3 && f.length < q.length && q.lastIndexOf(f, 0) === 0) inner.push(f);
        });
        var typed = function (r) { return res.words.some(function (q) { return r === q || (q.length > 2 && r.lastIndexOf(q, 0) === 0); }); };
        var welsh = meta.langs.some(function (l) { return l === "cy" || l.lastIndexOf("cy-", 0) === 0; });
        st.matchForm = function (w) {
          return w && (forms[w] || res.words.some(function (q) { return q.length > 2 && w.lastIndexOf(q, 0) === 0; }) ||
            inner.some(function (k) { var at = w.indexOf(k); return at >= 0 && at <= 3; }) ||
            (welsh && welshRadicals(w).some(typed)));
        };
        showCount(order.length, res.capped);
        var shown = renderMore(false).then(function () { if (state === st) writeUrl(); });
        // The facet counts come next, in a task of their own: the count and the results
        // are the answer, and can be shown first. aria-busy marks the counts as pending.
        facets.setAttribute("aria-busy", "true");
        setTimeout(function () {
          if (state !== st) return;
          var counts = facetCounts(meta, h, test);
          updateCounts({ meta: meta, counts: counts, capped: res.capped });
          if (n === 0 && !res.capped) showElsewhere(meta, counts.lang);
          facets.removeAttribute("aria-busy");
        }, 0);
        return shown;
      });
    }).catch(function () {
      if (state !== st) return;
      writeUrl();
      say([status("failed")]);
      facets.removeAttribute("aria-busy");
    });
  }

  // Nothing in the languages ticked, but hits in others (a declaration the site has
  // only in its original language): the status says where, and a button widens the search.
  function showElsewhere(meta, counts) {
    var parts = [];
    form.querySelectorAll("fieldset[data-facet=lang] input").forEach(function (inp) {
      var i = meta.langs.indexOf(inp.value);
      if (!inp.checked && i >= 0 && counts[i] > 0) parts.push(facetLabel("lang", inp.value) + " " + counts[i]);
    });
    if (!parts.length) return;
    say([status("none"), [" "], status("elsewhere"), [" " + parts.join(", ") + "."]]);
    if (everywhere) everywhere.hidden = false;
  }

  function updateCounts(res) {
    if (!res && !boxes) return;
    facetBoxes(res ? res.meta : null).forEach(function (bx) {
      var n = res ? res.counts[bx.facet][bx.value] || 0 : 0;
      // From a list cut short, a count is a lower bound.
      bx.count.textContent = res ? String(n) + (res.capped && n > 0 ? "+" : "") : "";
      bx.li.classList.toggle("zero", !!res && n === 0);
    });
  }

  // --- wiring ----------------------------------------------------------------
  var params = new URLSearchParams(location.search);
  if (params.has("q")) {
    input.value = params.get("q");
    form.querySelectorAll("input[type=checkbox]").forEach(function (c) {
      c.checked = params.getAll(c.name).indexOf(c.value) >= 0;
    });
    // Arrived with a query (the search box of another page, a link): the header box
    // shows it too. Focus stays at the top of the page, as on every page: the first
    // Tab reaches the skip link to the form and results, and the count is announced.
    var header = document.getElementById("site-search");
    if (header) header.value = params.get("q");
  }
  // While the reader types: the form file of each word, so that the query finds it loaded.
  function prefetch() {
    loadMeta().then(function (meta) {
      queryWords(input.value).forEach(function (w) { loadShard(meta, shardKey(w), single(w)).catch(function () {}); });
    }).catch(function () {});
  }
  // A search while typing waits for a pause; any other search cancels it (else it would
  // run again after Enter, re-render the list and take the focus the reader had moved).
  var timer = null;
  function runNow() { clearTimeout(timer); run(true); }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); runNow(); });
  if (everywhere) everywhere.addEventListener("click", function () {
    form.querySelectorAll("fieldset[data-facet=lang] input").forEach(function (c) { c.checked = true; });
    // The button goes: focus moves to the results' heading, right above what comes.
    var heading = document.getElementById("results-heading");
    if (heading) heading.focus();
    runNow();
  });
  form.addEventListener("change", function (ev) { if (ev.target.type === "checkbox") runNow(); });
  input.addEventListener("input", function () { prefetch(); clearTimeout(timer); timer = setTimeout(function () { run(true); }, 150); });
  more.addEventListener("click", function () { renderMore(true); });
  run(false);
  // Any search needs the small table of declarations, and while the vocabulary fits in
  // one form file, that file: load them while the reader types.
  loadMeta().then(function (meta) { if (meta.forms.length === 1) loadFormFile(0); }).catch(function () {});
})();
