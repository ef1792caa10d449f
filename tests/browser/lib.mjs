// Shared helpers of the headless-browser tests: finding the diptych binary,
// building the site, serving it with a strict CSP, launching Chromium, and a page
// that records every problem (console errors, CSP violations, outside requests,
// failed requests, HTTP errors). Each *.test.mjs imports from here.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, mkdirSync, statSync, createReadStream, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(process.env.DIPTYCH_ROOT || path.join(HERE, '..', '..'));
export const ARTIFACTS = path.join(HERE, 'artifacts');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const CSP = "default-src 'self'";

// The declaration most scenarios use.
export const SLUG = '2021-11-30-be-uk-bilateral-cooperation';
export const DECL_COUNT = 5;

export const decl = (lang, slug = SLUG) => `${lang}/declarations/${slug}/index.html`;
export const parallel = (lang, slug = SLUG) => `${lang}/declarations/${slug}/parallel/index.html`;
export const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// A block id such as `4` is not a valid CSS identifier; select it by attribute.
export const byId = (id) => `[id="${id}"]`;

// ---------------------------------------------------------------------------
// Binary and build

export function findBinary() {
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

/** Runs the binary; returns spawnSync's result (status, stdout, stderr). Throws only if it cannot start. */
export function runBin(bin, args) {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`Could not run ${bin}: ${r.error.message}`);
  return r;
}

export function buildSite(bin, out) {
  const r = runBin(bin, ['build', '--root', REPO, '--output', out]);
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

export const TYPES = {
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
export const CANARY_PATH = '/__csp-canary__.html';
const CANARY_HTML = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>canary</title>' +
  '<script>document.title = "inline ran";</script></head><body><p>canary</p></body></html>';

/**
 * Serves `root` over HTTP with the strict CSP. Options (both optional, for the 404 page):
 * `mount`, the URL path the site lives under (default `/`; a site whose 404 page uses
 * root-relative links must be served under its base_url's path), and `notFound`, a file
 * under `root` sent with status 404 for every missing path (as a web server would).
 */
export function startServer(root, { mount = '/', notFound = null } = {}) {
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
    const notFoundPage = () => {
      if (!notFound) return send(404, 'text/plain; charset=utf-8', 'not found\n');
      try {
        return send(404, TYPES['.html'], readFileSync(path.join(root, notFound)));
      } catch {
        return send(404, 'text/plain; charset=utf-8', 'not found\n');
      }
    };
    if (!pathname.startsWith(mount)) return notFoundPage();
    let file = path.join(root, path.normalize('/' + pathname.slice(mount.length)));
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
      notFoundPage();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------------------
// Browser

export function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * The usual `before`: builds the site into a temporary folder, serves it over HTTP,
 * launches Chromium. Fills in (and returns) the `env` the page helpers take:
 * { bin, out, site, server, httpBase, fileBase, isLocal, isImplicitFavicon, browser }.
 * It fills `env` step by step, so tearDownSite(env) cleans up after a failure too.
 */
export async function setUpSite(env = {}, prefix = 'diptych-browser-') {
  return setUp(env, prefix, buildSite);
}

/**
 * `setUpSite` for a fixture site of tests/fixtures (`diptych build --root FIXTURE`): the
 * same `env`.
 */
export async function setUpFixture(env, fixture, prefix = 'diptych-fixture-') {
  return setUp(env, prefix, (bin, site) => {
    const r = runBin(bin, ['build', '--root', fixture, '--output', site]);
    if (r.status !== 0) throw new Error(`\`diptych build --root ${fixture}\` failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    return `${r.stdout}${r.stderr}`.trim();
  });
}

/** Builds with `build(bin, site)` into a temporary folder, serves it, launches Chromium. */
async function setUp(env, prefix, build) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  env.bin = findBinary();
  env.out = mkdtempSync(path.join(tmpdir(), prefix));
  env.site = path.join(env.out, 'site');
  env.buildLog = build(env.bin, env.site);
  env.server = await startServer(env.site);
  const { port } = env.server.address();
  env.httpBase = `http://127.0.0.1:${port}/`;
  env.fileBase = pathToFileURL(env.site).href + '/';
  env.isLocal = (url) => url.startsWith(env.httpBase) || url.startsWith(env.fileBase);
  env.isImplicitFavicon = (url) => url === new URL('/favicon.ico', env.httpBase).href;
  env.browser = await launchBrowser();
  mkdirSync(ARTIFACTS, { recursive: true });
  return env;
}

/** The usual `after`: closes what setUpSite opened and removes the build (unless DIPTYCH_KEEP_SITE is set). */
export async function tearDownSite(env) {
  await env.browser?.close();
  if (env.server) await new Promise((r) => env.server.close(r));
  if (env.out && !process.env.DIPTYCH_KEEP_SITE) rmSync(env.out, { recursive: true, force: true });
  else if (env.out) console.log(`# site kept in ${env.site}`);
}

/** The two ways every scenario runs: [mode, label, env => base URL]. */
export const MODES = [
  ['http', 'HTTP', (env) => env.httpBase],
  ['file', 'file://', (env) => env.fileBase],
];

// ---------------------------------------------------------------------------
// Page helpers

/**
 * Opens a fresh page that records everything the tests forbid: console errors,
 * uncaught exceptions, CSP violations, requests that leave the local site, and
 * requests that fail or answer with an error status.
 * `env` needs `browser` and `isLocal(url)`; `isImplicitFavicon(url)` is optional.
 * `contextOptions` go to browser.newContext (e.g. another `viewport`).
 */
export async function watchedPage(env, contextOptions = {}) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  const isImplicitFavicon = env.isImplicitFavicon || (() => false);

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
    if (msg.type() === 'error' && isImplicitFavicon(msg.location()?.url)) return;
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

/** Runs fn(w) on a fresh watched page, asserts it stayed clean, and always closes it. */
export async function withPage(env, fn) {
  const w = await watchedPage(env);
  try {
    await fn(w);
    w.assertClean();
  } finally {
    await w.close();
  }
}

/** Waits until the element is scrolled into the viewport and returns its rect. */
export async function expectInViewport(page, selector) {
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

export function assertUrl(actual, expectedBase, rel, hash = '') {
  const u = new URL(actual);
  const want = new URL(rel, expectedBase);
  assert.equal(u.origin + u.pathname, want.origin + want.pathname, `unexpected page: ${actual}`);
  assert.equal(u.hash, hash, `unexpected hash on ${actual}`);
}

/** Runs in the page: the document's width and the text nodes sticking out of the viewport. */
export function overflowInPage() {
  const width = document.documentElement.clientWidth;
  const sticking = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(n);
    if ([...range.getClientRects()].some((rc) => rc.right > width + 1) && !n.parentElement.closest('.visually-hidden')) {
      sticking.push(`${n.parentElement.tagName.toLowerCase()}${n.parentElement.className ? '.' + n.parentElement.className : ''}: "${n.textContent.trim().slice(0, 50)}"`);
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, width, sticking: sticking.slice(0, 5) };
}
