// Headless-browser tests for the site `diptych build` writes.
//
// The setup builds the site into a temporary folder, serves it from a tiny
// node:http server (with `Content-Security-Policy: default-src 'self'`) and runs
// every scenario twice: over HTTP and from file://.
//
// Run with `npm test` in tests/browser (see README.md there).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, mkdirSync, statSync, readFileSync, createReadStream } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(process.env.DIPTYCH_ROOT || path.join(HERE, '..', '..'));
const ARTIFACTS = path.join(HERE, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const CSP = "default-src 'self'";

const SLUG = '2021-11-30-be-uk-bilateral-cooperation';
const DECL_COUNT = 5;
const NL_PORTS = /havens van wereldklasse/i;
const EN_PORTS = /world-class ports/i;
const NL_MARITIME = 'Maritiem en havens';

const decl = (lang) => `${lang}/declarations/${SLUG}/index.html`;
const parallel = (lang) => `${lang}/declarations/${SLUG}/parallel/index.html`;
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A block id such as `4` is not a valid CSS identifier; select it by attribute.
const byId = (id) => `[id="${id}"]`;

// ---------------------------------------------------------------------------
// Build

function findBinary() {
  if (process.env.DIPTYCH_BIN) {
    const bin = path.resolve(process.env.DIPTYCH_BIN);
    if (!existsSync(bin)) throw new Error(`DIPTYCH_BIN is set to ${bin}, but no file exists there.`);
    return bin;
  }
  const candidates = [
    path.join(REPO, 'target', 'release', 'diptych'),
    path.join(REPO, 'target', 'debug', 'diptych'),
  ];
  const bin = candidates.find((c) => existsSync(c));
  if (!bin) {
    throw new Error(
      'No diptych binary found. Looked for:\n  ' + candidates.join('\n  ') +
      `\nBuild it first (cd ${REPO} && cargo build --release) or set DIPTYCH_BIN.`,
    );
  }
  return bin;
}

function buildSite(bin, out) {
  const r = spawnSync(bin, ['build', '--root', REPO, '--output', out], { encoding: 'utf8' });
  if (r.error) throw new Error(`Could not run ${bin}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`\`${bin} build --root ${REPO} --output ${out}\` failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  for (const f of ['index.html', 'nl/index.html', 'en/index.html', decl('nl'), decl('en'), parallel('nl')]) {
    if (!existsSync(path.join(out, f))) throw new Error(`The build did not write ${f} into ${out}.\n${r.stdout}\n${r.stderr}`);
  }
  return `${r.stdout}${r.stderr}`.trim();
}

// ---------------------------------------------------------------------------
// Static file server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.pdf': 'application/pdf',
};

// A page that is not part of the site: it breaks the CSP on purpose, so a test
// can prove that violations are noticed at all.
const CANARY_PATH = '/__csp-canary__.html';
const CANARY_HTML = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>canary</title>' +
  '<script>document.title = "inline ran";</script></head><body><p>canary</p></body></html>';

function startServer(root) {
  const server = createServer((req, res) => {
    const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };
    const send = (status, type, body) => {
      res.writeHead(status, { ...headers, 'Content-Type': type });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain; charset=utf-8', 'method not allowed\n');
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      return send(400, 'text/plain; charset=utf-8', 'bad request\n');
    }
    if (pathname === CANARY_PATH) return send(200, TYPES['.html'], CANARY_HTML);
    let file = path.join(root, path.normalize(pathname));
    if (file !== root && !file.startsWith(root + path.sep)) return send(403, 'text/plain; charset=utf-8', 'forbidden\n');
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      const st = statSync(file);
      res.writeHead(200, {
        ...headers,
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': st.size,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(404, 'text/plain; charset=utf-8', 'not found\n');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------------------
// Page helpers

/**
 * Opens a fresh page that records everything test (e) forbids: console errors,
 * uncaught exceptions, CSP violations, requests that leave the local site, and
 * requests that fail or answer with an error status.
 */
async function watchedPage(env) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  const requests = [];

  await page.exposeBinding('__diptychReportCsp', (_src, v) => {
    problems.push(`CSP violation: ${v.directive} blocked ${v.blockedURI || '(inline)'} on ${v.documentURI}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      // eslint-disable-next-line no-undef
      window.__diptychReportCsp({ directive: e.violatedDirective, blockedURI: e.blockedURI, documentURI: e.documentURI });
    });
  });

  page.on('console', (msg) => {
    const text = msg.text();
    // Over HTTP Chromium asks for /favicon.ico on its own; the site declares no
    // icon, so that 404 is the browser's doing, not the site's (see README.md).
    // A missing icon that the site *does* link to is still reported.
    if (msg.type() === 'error' && env.isImplicitFavicon(msg.location()?.url)) return;
    if (msg.type() === 'error') problems.push(`console error on ${page.url()}: ${text}`);
    else if (/content security policy/i.test(text)) problems.push(`CSP console message on ${page.url()}: ${text}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception on ${page.url()}: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    requests.push(url);
    if (!env.isLocal(url)) problems.push(`request outside the local site: ${req.method()} ${url}`);
  });
  page.on('requestfailed', (req) => {
    // Aborted navigations (e.g. a meta refresh replacing the page) are not failures of the site.
    const why = req.failure()?.errorText || 'failed';
    if (why !== 'net::ERR_ABORTED') problems.push(`request failed: ${req.url()} (${why})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} for ${res.url()}`);
  });

  return {
    page,
    problems,
    requests,
    async close() {
      await context.close();
    },
    assertClean() {
      assert.deepEqual(problems, [], `problems on the pages visited:\n  ${problems.join('\n  ')}`);
    },
  };
}

/** Waits until the element is scrolled into the viewport and returns its rect. */
async function expectInViewport(page, selector) {
  try {
    await page.waitForFunction((sel) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      // Scroll offsets are whole pixels, layout is not: allow a sub-pixel overshoot.
      return r.top > -1 && r.top < window.innerHeight;
    }, selector, { timeout: 5000 });
  } catch {
    const info = await page.evaluate((sel) => {
      const el = document.querySelector(sel);
      return el ? { top: el.getBoundingClientRect().top, innerHeight: window.innerHeight, scrollY: window.scrollY } : null;
    }, selector);
    assert.fail(`${selector} is not scrolled into view on ${page.url()}: ${JSON.stringify(info)}`);
  }
}

function assertUrl(actual, expectedBase, rel, hash = '') {
  const u = new URL(actual);
  const want = new URL(rel, expectedBase);
  assert.equal(u.origin + u.pathname, want.origin + want.pathname, `unexpected page: ${actual}`);
  assert.equal(u.hash, hash, `unexpected hash on ${actual}`);
}

// ---------------------------------------------------------------------------
// Tests

describe('diptych site in headless Chromium', () => {
  const env = {};

  before(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
    }
    env.bin = findBinary();
    env.out = mkdtempSync(path.join(tmpdir(), 'diptych-browser-'));
    env.site = path.join(env.out, 'site');
    env.buildLog = buildSite(env.bin, env.site);
    env.server = await startServer(env.site);
    const { port } = env.server.address();
    env.httpBase = `http://127.0.0.1:${port}/`;
    env.fileBase = pathToFileURL(env.site).href + '/';
    env.isLocal = (url) => {
      if (url.startsWith(env.httpBase)) return true;
      if (url.startsWith(env.fileBase)) return true;
      return false;
    };
    env.isImplicitFavicon = (url) => url === new URL('/favicon.ico', env.httpBase).href;
    env.browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  after(async () => {
    await env.browser?.close();
    if (env.server) await new Promise((r) => env.server.close(r));
    if (env.out && !process.env.DIPTYCH_KEEP_SITE) rmSync(env.out, { recursive: true, force: true });
    else if (env.out) console.log(`# site kept in ${env.site}`);
  });

  for (const mode of ['http', 'file']) {
    const base = () => (mode === 'http' ? env.httpBase : env.fileBase);

    describe(`over ${mode === 'http' ? 'HTTP' : 'file://'}`, () => {
      it('a. the nl home page lists 5 declarations and opens the Belgium–UK one', async () => {
        const w = await watchedPage(env);
        try {
          const { page } = w;
          // The root index.html forwards to the Dutch home page.
          await page.goto(new URL('index.html', base()).href);
          await page.waitForURL((u) => u.pathname.endsWith('/nl/index.html'), { timeout: 5000 });
          await page.waitForLoadState('load');
          assertUrl(page.url(), base(), 'nl/index.html');
          assert.equal(await page.getAttribute('html', 'lang'), 'nl');

          const titles = page.locator('a.decl-title');
          assert.equal(await titles.count(), DECL_COUNT, 'number of a.decl-title on nl/index.html');

          const link = page.locator(`a.decl-title[href*="/${SLUG}/"]`);
          assert.equal(await link.count(), 1, `exactly one a.decl-title links to ${SLUG}`);
          await Promise.all([page.waitForURL((u) => u.pathname.endsWith(`/${SLUG}/index.html`)), link.click()]);
          assertUrl(page.url(), base(), decl('nl'));
          assert.equal(await page.getAttribute('html', 'lang'), 'nl');
          assert.match(await page.locator(`.body ${byId(4)}`).innerText(), NL_PORTS);
          w.assertClean();
        } finally {
          await w.close();
        }
      });

      it('b. the language switch lands on the same block (from #4)', async () => {
        const w = await watchedPage(env);
        try {
          const { page } = w;
          await page.goto(new URL(decl('nl') + '#4', base()).href);
          await expectInViewport(page, byId(4));

          const sw = page.locator('nav.lang-switch a[hreflang="en"]');
          assert.equal(await sw.count(), 1, 'one English link in nav.lang-switch');
          assert.notEqual(await sw.getAttribute('data-keep-anchor'), null, 'the switch carries data-keep-anchor');
          await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/' + decl('en'))), sw.click()]);
          await page.waitForLoadState('load');

          assertUrl(page.url(), base(), decl('en'), '#4');
          assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
          assert.match(await page.locator(`.body ${byId(4)}`).innerText(), EN_PORTS);
          await expectInViewport(page, byId(4));
          w.assertClean();
        } finally {
          await w.close();
        }
      });

      it('b. without a hash, the language switch keeps the block at the top of the viewport', async () => {
        const w = await watchedPage(env);
        try {
          const { page } = w;
          await page.goto(new URL(decl('nl'), base()).href);
          await page.evaluate(() => document.querySelector('.body [id="4"]').scrollIntoView({ block: 'start' }));
          // Blocks keep a scroll margin for the sticky header: §4 is now the first block below it.
          await page.waitForFunction(() => {
            const top = document.querySelector('.body [id="4"]').getBoundingClientRect().top;
            return top >= 0 && top < 200;
          });
          const rects = await page.evaluate(() =>
            ['3', '4'].map((id) => {
              const r = document.querySelector(`.body [id="${id}"]`).getBoundingClientRect();
              return { id, top: r.top, bottom: r.bottom };
            }),
          );
          // A real pointer click: the header is sticky on wide screens, so the switch is
          // in view while reading and clicking it does not scroll the page.
          await Promise.all([
            page.waitForURL((u) => u.pathname.includes('/en/')),
            page.locator('nav.lang-switch a[hreflang="en"]').click(),
          ]);
          await page.waitForLoadState('load');
          assert.equal(
            new URL(page.url()).hash,
            '#4',
            `scrolled so that §4 starts at the top (as a jump to #4 does), the switch went to ${page.url()}; ` +
              `rects before the click: ${JSON.stringify(rects)}`,
          );
          assertUrl(page.url(), base(), decl('en'), '#4');
          await expectInViewport(page, byId(4));
          w.assertClean();
        } finally {
          await w.close();
        }
      });

      it('b. the per-block a.blk-lang link of block 4 leads to the en page at #4', async () => {
        const w = await watchedPage(env);
        try {
          const { page } = w;
          await page.goto(new URL(decl('nl'), base()).href);
          const link = page.locator(`.body ${byId(4)} .blk-meta a.blk-lang`);
          assert.equal(await link.count(), 1, 'one a.blk-lang in block 4');
          assert.equal(await link.getAttribute('hreflang'), 'en');
          assert.equal(await link.getAttribute('lang'), 'en');
          assert.match(await link.getAttribute('href'), new RegExp(`/en/declarations/${escapeRe(SLUG)}/index\\.html#4$`));
          await Promise.all([page.waitForURL((u) => u.pathname.includes('/en/')), link.click()]);
          await page.waitForLoadState('load');
          assertUrl(page.url(), base(), decl('en'), '#4');
          assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
          assert.match(await page.locator(`.body ${byId(4)}`).innerText(), EN_PORTS);
          await expectInViewport(page, byId(4));
          w.assertClean();
        } finally {
          await w.close();
        }
      });

      it('c. the parallel view shows §4 in Dutch and English side by side', async () => {
        const w = await watchedPage(env);
        try {
          const { page } = w;
          await page.goto(new URL(parallel('nl'), base()).href);
          assert.equal(await page.getAttribute('html', 'lang'), 'nl');
          const ths = page.locator('table.parallel thead th[lang]');
          assert.deepEqual(await ths.evaluateAll((els) => els.map((e) => e.lang)), ['nl', 'en']);

          const row = page.locator(`table.parallel tr${byId(4)}`);
          assert.equal(await row.count(), 1, 'one tr#4');
          assert.equal(await row.locator('td.gap').count(), 0, 'no gap in row 4');
          assert.match(await row.locator('td[lang="nl"]').innerText(), NL_PORTS);
          assert.match(await row.locator('td[lang="en"]').innerText(), EN_PORTS);

          // Every row has one cell per language column: a translation or a gap.
          const bad = await page.evaluate(() => {
            const out = [];
            const ids = new Set();
            for (const tr of document.querySelectorAll('table.parallel tbody tr[id]')) {
              if (ids.has(tr.id)) out.push(`duplicate row id ${tr.id}`);
              ids.add(tr.id);
              const cells = tr.querySelectorAll(':scope > td[lang], :scope > td.gap').length;
              if (cells !== 2) out.push(`row ${tr.id} has ${cells} language cells`);
            }
            return out;
          });
          assert.deepEqual(bad, []);
          w.assertClean();
        } finally {
          await w.close();
        }
      });

      it('c. the language switch of the parallel view keeps #4', async () => {
        const w = await watchedPage(env);
        try {
          const { page } = w;
          await page.goto(new URL(parallel('nl') + '#4', base()).href);
          await Promise.all([
            page.waitForURL((u) => u.pathname.includes('/en/')),
            page.locator('nav.lang-switch a[hreflang="en"]').click(),
          ]);
          await page.waitForLoadState('load');
          assertUrl(page.url(), base(), parallel('en'), '#4');
          assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
          assert.deepEqual(
            (await page.locator('table.parallel thead th[lang]').evaluateAll((els) => els.map((e) => e.lang))).sort(),
            ['en', 'nl'],
          );
          assert.match(await page.locator(`tr${byId(4)} td[lang="en"]`).innerText(), EN_PORTS);
          await expectInViewport(page, `tr${byId(4)}`);
          w.assertClean();
        } finally {
          await w.close();
        }
      });

      it('d. the maritime theme tag of block 4 leads to a theme page linking back to §4', async () => {
        const w = await watchedPage(env);
        try {
          const { page } = w;
          await page.goto(new URL(decl('nl'), base()).href);
          const tag = page.locator(`.body ${byId(4)} .blk-meta a.tag-theme`, { hasText: NL_MARITIME });
          assert.equal(await tag.count(), 1, `one a.tag-theme "${NL_MARITIME}" in block 4`);
          await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/themes/maritime/index.html')), tag.click()]);
          assertUrl(page.url(), base(), 'nl/themes/maritime/index.html');
          assert.equal(await page.getAttribute('html', 'lang'), 'nl');

          const back = page.locator(`a[href*="/declarations/${SLUG}/"][href$="#4"]`);
          assert.ok((await back.count()) >= 1, 'the theme page links to block 4 of the declaration');
          await Promise.all([page.waitForURL((u) => u.pathname.endsWith(`/${SLUG}/index.html`)), back.first().click()]);
          await page.waitForLoadState('load');
          assertUrl(page.url(), base(), decl('nl'), '#4');
          await expectInViewport(page, byId(4));
          w.assertClean();
        } finally {
          await w.close();
        }
      });

      it('e. no console errors, CSP violations or outside requests on the main pages', async () => {
        const pages = [
          'index.html',
          'nl/index.html',
          'en/index.html',
          decl('nl'),
          decl('en'),
          parallel('nl'),
          parallel('en'),
          'nl/themes/index.html',
          'en/themes/index.html',
          'nl/themes/maritime/index.html',
          'en/themes/maritime/index.html',
          'nl/parties/index.html',
          'en/parties/index.html',
          'nl/parties/be/index.html',
          'en/parties/uk/index.html',
          'nl/search/index.html?q=havens',
          'en/search/index.html?q=ports',
        ];
        const w = await watchedPage(env);
        try {
          const { page } = w;
          for (const p of pages) {
            await page.goto(new URL(p, base()).href, { waitUntil: 'load' });
            // The root page forwards to nl/index.html with a meta refresh.
            if (p === 'index.html') await page.waitForURL((u) => u.pathname.endsWith('/nl/index.html'));
            await page.waitForLoadState('networkidle');
            // The stylesheet really applied (a wrong content type or a CSP block would undo it).
            const sheets = await page.evaluate(() => [...document.styleSheets].filter((s) => s.href).length);
            assert.ok(sheets >= 1, `no stylesheet applied on ${page.url()}`);
          }
          assert.ok(w.requests.some((u) => u.endsWith('/static/diptych.js')), 'diptych.js was requested');
          w.assertClean();
        } finally {
          await w.close();
        }
      });

      if (mode === 'http') {
        it('e. (self-check) a CSP violation would be noticed', async () => {
          const w = await watchedPage(env);
          try {
            await w.page.goto(new URL(CANARY_PATH, base()).href);
            await w.page.waitForTimeout(200);
            assert.notEqual(await w.page.title(), 'inline ran', 'the inline script ran despite the CSP header');
            assert.ok(w.problems.some((p) => /CSP violation/.test(p)), `no securitypolicyviolation recorded: ${w.problems}`);
          } finally {
            await w.close();
          }
        });

        it('f. screenshots of the nl declaration and the nl parallel view', async () => {
          const w = await watchedPage(env);
          try {
            const { page } = w;
            const shots = [
              [decl('nl'), 'nl-declaration.png'],
              [parallel('nl'), 'nl-parallel.png'],
            ];
            for (const [p, name] of shots) {
              await page.goto(new URL(p, base()).href, { waitUntil: 'load' });
              const file = path.join(ARTIFACTS, name);
              rmSync(file, { force: true });
              await page.screenshot({ path: file, fullPage: true });
              const head = readFileSync(file).subarray(0, 8);
              assert.deepEqual([...head], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`);
              assert.ok(statSync(file).size > 10_000, `${file} is not blank`);
            }
            w.assertClean();
          } finally {
            await w.close();
          }
        });
      }
    });
  }
});
