#!/usr/bin/env node
// Search benchmark: what the first search of a visitor downloads, and how long a query
// takes, on a big built site, in headless Chromium, over HTTP and from file://.
//
//   node scripts/search-bench.mjs --site /tmp/s/out5k            # a built site
//   node scripts/search-bench.mjs --root /tmp/c/k5 --site /tmp/s/out5k --bin target/release/diptych
//                                                                 # build it first (timed)
// Options: --runs N (cold runs per query, default 5), --modes http,file, --only TEXT (the
// queries whose label holds TEXT), --wait MS (between
// the page's opening loads and the query, default 100; see below).
//
// Bytes: every file the page requested from opening the search page to the first page
// of results with excerpts (HTML, CSS, scripts, index files), raw and gzip-compressed
// (zlib level 6, as a web server would send them; the server here sends them raw).
// Time: in the page (`performance.now()`, a MutationObserver on the results), from
// submitting the form to: "count", the number of results announced; "first", the first
// result in the list (title, link, excerpt); "page", the whole first page (search.js's
// PAGE results, 10, or fewer when there are fewer) with their excerpts, which is when
// the query has been answered; "facets", the facet counts filled in (search.js does that in a task of its
// own once the results are shown). A result's title, link and excerpt come together
// (with the postings for the first page of a one-word query, else from its excerpt
// chunk): there is no step where results are listed without their excerpts. Cold: a fresh browser context each run (nothing cached; the page has loaded
// what it loads on opening, i.e. meta.js and, where the index has one form file, that
// file, as it would while the reader types), median of the runs; "warm": the same query
// submitted again on the same page (median of 3 per run).
// --wait: the query is submitted this long after the opening loads. A fresh context's
// browser is still settling for about half a second after a page opens (10 excerpt
// scripts loaded then took 22–38 ms, 17–20 ms after a second, on the bench machine);
// 100 ms (default) is a query pasted at once, while a reader typing a word takes a
// second or more (--wait 1000).
// The machine's load average is printed before and after: on a shared machine every
// time here grows with the load.
// Needs playwright-core from tests/browser/node_modules and Chromium (/usr/bin/chromium).

import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const require = createRequire(path.join(REPO, 'tests/browser/package.json'));
const { chromium } = require('playwright-core');

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const site = path.resolve(args.site || '/tmp/s/out5k');
const runs = Number(args.runs || 5);
const verbose = process.argv.includes('--verbose');
const modes = (args.modes || 'http,file').split(',');
const wait = Number(args.wait || 100);

// Typical queries: [label, search page language, query, facets].
const QUERIES = [
  ['common word (nl)', 'nl', 'samenwerking', {}],
  ['common word (en)', 'en', 'hydrogen', {}],
  ['rare word (nl)', 'nl', args.rare || 'topverklaring', {}],
  ['3-letter prefix as typed (nl)', 'nl', 'wat', {}],
  ['two words (en)', 'en', 'hydrogen ports', {}],
  ['theme facet: waterstof + theme=hydrogen (nl)', 'nl', 'waterstof', { theme: ['hydrogen'] }],
  ['unaccented, both languages: belgie (nl+en)', 'nl', 'belgie', { lang: ['nl', 'en'] }],
  ['three words (nl)', 'nl', 'energie haven veiligheid', {}],
];

if (args.root) {
  const bin = path.resolve(args.bin || path.join(REPO, 'target/release/diptych'));
  const t = Date.now();
  const r = spawnSync(bin, ['build', '--root', args.root, '--output', site], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stdout}\n${r.stderr}`);
  console.log(`build: ${Date.now() - t} ms (${r.stdout.trim() || r.stderr.trim()})`);
}
if (!existsSync(path.join(site, 'search/meta.js'))) throw new Error(`no built site with a search index in ${site}`);

// Where the index has a single form file, the search page loads it on opening.
const metaJs = readFileSync(path.join(site, 'search/meta.js'), 'utf8');
const metaData = JSON.parse(metaJs.slice(metaJs.indexOf(',') + 1, metaJs.lastIndexOf(')')));
const preload = metaData.forms && metaData.forms.length === 1 ? 'search/f/0.js' : null;

function indexBytes(dir) {
  let raw = 0, files = 0;
  const walk = (d) => {
    for (const e of require('node:fs').readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else { raw += statSync(p).size; files++; }
    }
  };
  walk(dir);
  return { raw, files };
}

const server = createServer((req, res) => {
  let file = path.join(site, path.normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)));
  try {
    if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
    res.writeHead(200, {
      'Content-Type': types[path.extname(file)] || 'application/octet-stream',
      'Content-Security-Policy': "default-src 'self'",
      'Cache-Control': 'no-store',
    });
    createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const httpBase = `http://127.0.0.1:${server.address().port}/`;
const fileBase = pathToFileURL(site).href + '/';

const gz = new Map();
function sizes(url, base) {
  const rel = decodeURIComponent(new URL(url).pathname.slice(new URL(base).pathname.length));
  let file = path.join(site, rel);
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!existsSync(file)) return { raw: 0, gzip: 0, file: rel };
  if (!gz.has(file)) {
    const buf = readFileSync(file);
    gz.set(file, { raw: buf.length, gzip: gzipSync(buf, { level: 6 }).length, file: rel });
  }
  return gz.get(file);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

/** Submits `q` with `facets` on the open search page; resolves with ms until the count, the first result, the whole first page and the facet counts. */
function timedSubmit(page, q, facets) {
  return page.evaluate(({ q, facets }) => new Promise((resolve) => {
    const box = document.getElementById('search');
    const form = document.getElementById('search-form');
    const status = document.getElementById('result-count');
    const list = document.getElementById('results');
    for (const c of form.querySelectorAll('input[type=checkbox]')) c.checked = (facets[c.name] || (c.name === 'lang' ? [box.getAttribute('data-lang')] : [])).includes(c.value);
    document.getElementById('q').value = q;
    list.textContent = '';
    status.textContent = '';
    const answered = () => {
      const s = status.textContent.trim();
      return !!s && s !== box.getAttribute('data-searching');
    };
    const done = () => {
      const s = status.textContent.trim();
      if (!answered()) return false;
      if (s === box.getAttribute('data-none') || s === box.getAttribute('data-failed') || s === box.getAttribute('data-capped-none')) return true;
      // The whole first page of results, not just its first item, each with its excerpt.
      const m = /^(\d+)/.exec(s);
      const want = m ? Math.min(Number(m[1]), window.diptychSearch.page || 20) : -1; // 20: sites built before search.js said
      return list.children.length === want && [...list.children].every((li) => li.querySelector('a.r-title') && li.querySelector('.r-text'));
    };
    const t0 = performance.now();
    const at = {};
    const obs = new MutationObserver(() => {
      const now = performance.now() - t0;
      if (at.count === undefined && answered()) at.count = now;
      if (at.first === undefined && list.querySelector('li .r-text')) at.first = now;
      if (at.page === undefined && done()) {
        at.page = now;
        if (at.first === undefined) at.first = now; // no results: nothing to list
      }
      // The facet counts, filled in after the results (search.js marks them aria-busy meanwhile).
      if (at.page !== undefined && !box.querySelector('.facets[aria-busy]')) {
        obs.disconnect();
        resolve({ count: at.count, first: at.first, ms: at.page, facets: now, status: status.textContent.trim(), items: list.children.length });
      }
    });
    obs.observe(box, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['aria-busy'] });
    form.requestSubmit();
  }), { q, facets });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const kb = (n) => (n / 1024).toFixed(1);

const idx = indexBytes(path.join(site, 'search'));
console.log(`site: ${site}\nindex: ${idx.files} files, ${(idx.raw / 1e6).toFixed(1)} MB`);
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
console.log(`Chromium ${browser.version()}, ${runs} cold runs per query; load average ${load()}\n`);

for (const mode of modes) {
  const base = mode === 'http' ? httpBase : fileBase;
  console.log(`### ${mode === 'http' ? 'HTTP' : 'file://'}\n`);
  console.log('| query | files | KB raw | KB gzip | cold: count | cold: first | cold: page | cold: facets | warm: page | status |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const [label, lang, q, facets] of QUERIES.filter(([label]) => !args.only || label.includes(args.only))) {
    const cold = [], coldCount = [], coldFirst = [], coldFacets = [], warm = [];
    let first = null, result = null;
    for (let r = 0; r < runs; r++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const urls = new Set();
      // Requests are read from the page's resource timing afterwards: a request listener
      // here would slow every script load down and spoil the timing.
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await page.goto(new URL(`${lang}/search/index.html`, base).href);
      await page.waitForLoadState('load');
      // The page loads its small meta table (and its one form file) on open, while the reader types.
      // (Over HTTP it fetches them: resource timing; from disk they are scripts.)
      await page.waitForFunction((f) => {
        const loaded = performance.getEntriesByType('resource').map((e) => e.name).concat([...document.scripts].map((s) => s.src));
        return loaded.some((n) => /meta\.js$/.test(n)) && (!f || loaded.some((n) => n.endsWith(f)));
      }, preload, { timeout: 5000 });
      await page.waitForTimeout(wait);
      result = await timedSubmit(page, q, facets);
      cold.push(result.ms);
      coldCount.push(result.count);
      coldFirst.push(result.first);
      coldFacets.push(result.facets);
      // Every file the page loaded: resource timing (HTTP), and the scripts and style
      // sheets in the document (file://, where resource timing lists nothing).
      const entries = await page.evaluate(() => [
        ...performance.getEntriesByType('resource').map((e) => e.name),
        ...[...document.scripts].map((s) => s.src).filter(Boolean),
        ...[...document.querySelectorAll('link[rel~=stylesheet], link[rel~=icon]')].map((l) => l.href),
      ]);
      entries.forEach((u) => urls.add(u.split('#')[0].split('?')[0]));
      urls.add(page.url().split('#')[0].split('?')[0]);
      if (r === 0) {
        const files = [...urls].filter((u) => u.startsWith(base)).map((u) => sizes(u, base));
        first = { files: files.length, raw: files.reduce((a, f) => a + f.raw, 0), gzip: files.reduce((a, f) => a + f.gzip, 0), list: files };
      }
      for (let w = 0; w < 3; w++) warm.push((await timedSubmit(page, q, facets)).ms);
      if (errors.length) console.log(`  errors: ${errors.join('; ')}`);
      await context.close();
    }
    const ms = (xs) => median(xs).toFixed(1);
    console.log(`| ${label}: \`${q}\` | ${first.files} | ${kb(first.raw)} | ${kb(first.gzip)} | ${ms(coldCount)} | ${ms(coldFirst)} | ${ms(cold)} | ${ms(coldFacets)} | ${ms(warm)} | ${result.status} (${result.items} shown) |`);
    if (verbose) for (const f of first.list) console.log(`    ${f.file} ${f.raw} ${f.gzip}`);
  }
  console.log(`\nload average after: ${load()}\n`);
}

await browser.close();
server.close();
