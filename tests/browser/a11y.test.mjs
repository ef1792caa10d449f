// Accessibility tests (WCAG 2.2 AA) of the site `diptych build` writes, over HTTP
// in headless Chromium:
//
//  - axe-core on every kind of page, in both languages, on a desktop and a 320 px
//    wide viewport: no violation of the WCAG 2.0/2.1/2.2 A and AA rules nor of
//    axe's best practices;
//  - every page of the site: exactly one h1, first heading an h1, no skipped
//    heading levels, one main landmark, the skip link first in the focus order;
//  - keyboard: Tab first reaches the skip link, which is shown and moves focus to
//    main; every element Tab reaches (forwards and backwards) shows a focus
//    indicator with enough contrast and is not hidden under the sticky header;
//  - reflow: no horizontal scrolling at 320 CSS px.
//
// Run with `npm test` in tests/browser (see README.md there).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  REPO,
  decl,
  overflowInPage,
  parallel,
  runBin,
  setUpSite,
  startServer,
  tearDownSite,
  watchedPage,
} from './lib.mjs';

// axe-core, read from node_modules.
//
// The site is served with `Content-Security-Policy: default-src 'self'`, which blocks
// inline scripts, so `page.addScriptTag({ content })` cannot inject axe. Instead of
// switching the CSP off (`bypassCSP: true`), these tests answer a reserved same-origin
// URL (AXE_PATH) with axe's source through `page.route` and add it with
// `page.addScriptTag({ url })`: the page under test keeps the CSP it has in production,
// and a CSP violation would still be reported by watchedPage. Only this file does so.
let AXE_SOURCE;
try {
  AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  throw new Error(`axe-core is not installed (${e.message}). Run \`npm ci\` in tests/browser.`);
}
const AXE_PATH = '/__axe-core__/axe.min.js';
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const DESKTOP = { width: 1280, height: 800 };
// WCAG 1.4.10 (Reflow): 320 CSS px wide.
const NARROW = { width: 320, height: 640 };
const VIEWPORTS = [['desktop', DESKTOP], ['320px', NARROW]];

const QUERY = { nl: 'waterstof', en: 'hydrogen' };

/** The pages checked with axe, the keyboard and reflow: [name, path under the site, options]. */
function pagesOf(lang) {
  return [
    ['home', `${lang}/index.html`],
    ['declaration', decl(lang)],
    ['declaration with deep headings', decl(lang, '2020-12-07-benelux-annual-plan-2021')],
    ['parallel view', parallel(lang)],
    ['theme (sub-theme)', `${lang}/themes/maritime/index.html`],
    ['theme (with sub-themes)', `${lang}/themes/green-transition/index.html`],
    ['themes index', `${lang}/themes/index.html`],
    ['party', `${lang}/parties/be/index.html`],
    ['parties index', `${lang}/parties/index.html`],
    ['year list', `${lang}/years/2021/index.html`],
    ['search with results', `${lang}/search/index.html?q=${QUERY[lang]}&lang=${lang}`, { results: true }],
    ['search, empty', `${lang}/search/index.html`],
    ['free page', `${lang}/pages/about/index.html`],
    ['free page with a table', `${lang}/pages/how-to-cite/index.html`],
    ['data page', `${lang}/data/index.html`],
  ];
}
const PAGES = ['nl', 'en'].flatMap((lang) => pagesOf(lang).map(([name, rel, opts = {}]) => ({ name: `${lang} ${name}`, rel, ...opts })));

// ---------------------------------------------------------------------------
// Helpers

/** Serves axe at AXE_PATH on the page's origin (see the comment at AXE_SOURCE). */
async function routeAxe(page) {
  await page.route((url) => url.pathname === AXE_PATH, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: AXE_SOURCE }));
}

/** The root index.html forwards at once (meta refresh); serve it without the refresh so it can be checked. */
async function routeNoRefresh(page, url) {
  await page.route(url, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(/<meta http-equiv="refresh"[^>]*>/i, '');
    await route.fulfill({ response, body });
  });
}

/** Waits until the search page shows results (or fails with what it shows). */
async function waitForResults(page) {
  try {
    await page.waitForSelector('#results li a.r-title', { timeout: 10000 });
    await page.waitForFunction(() => document.querySelector('fieldset[data-facet] [data-count]')?.textContent !== '');
  } catch {
    const shown = await page.locator('#result-count').textContent().catch(() => '?');
    assert.fail(`no search results on ${page.url()} (the page says: ${JSON.stringify(shown)})`);
  }
}

async function runAxe(page, { injected = false } = {}) {
  if (!injected) await page.addScriptTag({ url: new URL(AXE_PATH, page.url()).href });
  // axe fetches the stylesheets (for css-orientation-lock) with XHR, which file:// forbids.
  const preload = !page.url().startsWith('file:');
  return page.evaluate(({ tags, preload }) => {
    // eslint-disable-next-line no-undef
    return axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], preload }).then((r) =>
      r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        tags: v.tags.filter((t) => /^wcag\d|^best-practice$/.test(t)),
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary || '' })),
      })));
  }, { tags: AXE_TAGS, preload });
}

function formatViolations(where, violations) {
  const lines = [`axe found ${violations.length} violated rule(s) on ${where}:`];
  for (const v of violations) {
    lines.push(`  ${v.id} (${v.impact}; ${v.tags.join(', ')}): ${v.help}, ${v.nodes.length} element(s) — ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 10)) {
      lines.push(`    ${n.target}`);
      const why = n.summary.split('\n').map((s) => s.trim()).filter((s) => s && !/^fix (any|all) of the following:?$/i.test(s));
      if (why.length) lines.push(`      ${why.slice(0, 3).join(' / ')}`);
    }
    if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more`);
  }
  return lines.join('\n');
}

/** Heading outline and landmark facts of the current document (runs in the page). */
function outlineInPage() {
  const shown = (el) => !el.closest('[hidden], [aria-hidden="true"]') && el.checkVisibility({ visibilityProperty: true });
  const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
    .filter(shown)
    .map((h) => ({
      level: h.hasAttribute('aria-level') ? Number(h.getAttribute('aria-level')) : Number(h.tagName[1]),
      text: h.textContent.replace(/\s+/g, ' ').trim().slice(0, 60),
    }));
  const focusable = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"]), summary, iframe';
  const first = [...document.querySelectorAll(focusable)].find(shown);
  return {
    headings,
    mains: document.querySelectorAll('main, [role="main"]').length,
    firstFocusable: first ? first.outerHTML.slice(0, 120) : null,
    firstIsSkipLink: !!first && first.matches('a.skip-link[href="#main"]'),
    hasMainTarget: !!document.getElementById('main'),
  };
}

function outlineProblems(o, { skipLink = true } = {}) {
  const problems = [];
  const h1s = o.headings.filter((h) => h.level === 1).length;
  if (h1s !== 1) problems.push(`${h1s} h1 elements (want exactly 1)`);
  if (o.headings.length && o.headings[0].level !== 1) problems.push(`the first heading is h${o.headings[0].level} "${o.headings[0].text}", not the h1`);
  for (let i = 1; i < o.headings.length; i++) {
    const [a, b] = [o.headings[i - 1], o.headings[i]];
    if (b.level > a.level + 1) problems.push(`heading level skipped: h${a.level} "${a.text}" is followed by h${b.level} "${b.text}"`);
  }
  if (o.mains !== 1) problems.push(`${o.mains} main landmarks (want 1)`);
  if (skipLink) {
    if (!o.firstIsSkipLink) problems.push(`the first focusable element is not the skip link a.skip-link[href="#main"] but ${o.firstFocusable}`);
    if (!o.hasMainTarget) problems.push('no element with id="main" for the skip link');
  }
  return problems;
}

/** Facts about the focused element (runs in the page): focus indicator and whether it is hidden. */
function focusFactsInPage() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  // The background the outline is drawn on: the nearest ancestor with an opaque background.
  let bg = { r: 255, g: 255, b: 255, a: 1 };
  for (let a = el.parentElement; a; a = a.parentElement) {
    const c = parse(getComputedStyle(a).backgroundColor);
    if (c && c.a === 1) { bg = c; break; }
  }
  const cs = getComputedStyle(el);
  const oc = parse(cs.outlineColor);
  const contrast = oc ? (Math.max(lum(oc), lum(bg)) + 0.05) / (Math.min(lum(oc), lum(bg)) + 0.05) : 0;
  // Not entirely hidden (WCAG 2.4.11): some part of one of its boxes is on screen and
  // is the topmost thing there (the sticky header does not cover it).
  let visible = false;
  for (const r of el.getClientRects()) {
    const xs = [r.left + 2, (r.left + r.right) / 2, r.right - 2];
    const ys = [r.top + 2, (r.top + r.bottom) / 2, r.bottom - 2];
    for (const x of xs) for (const y of ys) {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit && (hit === el || el.contains(hit))) visible = true;
    }
  }
  const label = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : '') +
    (el.getAttribute('name') ? `[name="${el.getAttribute('name')}"]` : '') + (el.value && el.type === 'checkbox' ? `[value="${el.value}"]` : '') +
    ` "${(el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`;
  return {
    label,
    isSkip: el.matches('a.skip-link'),
    focusVisible: el.matches(':focus-visible'),
    outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
    hasOutline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
    contrast: Math.round(contrast * 100) / 100,
    visible,
  };
}

// ---------------------------------------------------------------------------
// Tests

describe('accessibility (axe-core, keyboard, headings, reflow)', () => {
  const env = {};
  const env404 = {};

  before(async () => {
    await setUpSite(env, 'diptych-a11y-');
    // The 404 page links root-relative (it is served for any missing path), so it is
    // served as a web server would: under the path of the site's base_url, for a path
    // that does not exist.
    const html404 = readFileSync(path.join(env.site, '404.html'), 'utf8');
    const mount = (html404.match(/<link rel="stylesheet" href="(\/[^"]*?)static\/style\.css"/) || [null, '/'])[1];
    env404.server = await startServer(env.site, { mount, notFound: '404.html' });
    env404.base = `http://127.0.0.1:${env404.server.address().port}${mount}`;
    env404.missing = `${env404.base}no/such/page/`;
    const local = env.isLocal;
    const base404 = `http://127.0.0.1:${env404.server.address().port}/`;
    env.isLocal = (url) => local(url) || url.startsWith(base404);
  });

  after(async () => {
    if (env404.server) await new Promise((r) => env404.server.close(r));
    await tearDownSite(env);
  });

  describe('axe-core: no violations of WCAG 2.2 A/AA rules or best practices', () => {
    for (const [vpName, viewport] of VIEWPORTS) {
      for (const p of PAGES) {
        it(`${p.name} (${vpName}): ${p.rel}`, async () => {
          const w = await watchedPage(env, { viewport });
          try {
            const { page } = w;
            await routeAxe(page);
            await page.goto(new URL(p.rel, env.httpBase).href);
            await page.waitForLoadState('load');
            if (p.results) await waitForResults(page);
            const violations = await runAxe(page);
            assert.equal(violations.length, 0, formatViolations(`${p.rel} (${vpName} ${viewport.width}×${viewport.height})`, violations));
            w.assertClean();
          } finally {
            await w.close();
          }
        });
      }

      it(`the 404 page as a server sends it (${vpName})`, async () => {
        const w = await watchedPage(env, { viewport });
        try {
          const { page } = w;
          await routeAxe(page);
          const res = await page.goto(env404.missing);
          assert.equal(res.status(), 404);
          await page.waitForLoadState('load');
          const violations = await runAxe(page);
          assert.equal(violations.length, 0, formatViolations(`404 page at ${env404.missing} (${vpName})`, violations));
          // The 404 status of the page itself is expected; anything else is not.
          const problems = w.problems.filter((m) => m !== `HTTP 404 for ${env404.missing}` &&
            m !== `console error on ${env404.missing}: Failed to load resource: the server responded with a status of 404 (Not Found)`);
          assert.deepEqual(problems, [], `problems on the 404 page:\n  ${problems.join('\n  ')}`);
        } finally {
          await w.close();
        }
      });

      it(`the root index.html, without its instant forward (${vpName})`, async () => {
        const w = await watchedPage(env, { viewport });
        try {
          const { page } = w;
          await routeAxe(page);
          const url = new URL('index.html', env.httpBase).href;
          await routeNoRefresh(page, url);
          await page.goto(url);
          await page.waitForLoadState('load');
          const violations = await runAxe(page);
          assert.equal(violations.length, 0, formatViolations(`index.html (${vpName})`, violations));
          w.assertClean();
        } finally {
          await w.close();
        }
      });
    }
  });

  // The archival snapshot (`diptych snapshot --format dir`) is opened from disk; its
  // pages carry a snapshot notice. file:// pages get no CSP header, so axe is added inline.
  describe('archival snapshot opened from disk', () => {
    const bag = {};
    before(() => {
      bag.dir = path.join(env.out, 'bag');
      const r = runBin(env.bin, ['snapshot', '--root', REPO, '--out', bag.dir, '--format', 'dir']);
      if (r.status !== 0) throw new Error(`diptych snapshot failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
      bag.base = pathToFileURL(path.join(bag.dir, 'data', 'site')).href + '/';
      bag.env = { browser: env.browser, isLocal: (url) => url.startsWith(bag.base) };
    });
    for (const [name, rel, opts = {}] of [
      ['nl home', 'nl/index.html'],
      ['en declaration', decl('en')],
      ['nl search with results', `nl/search/index.html?q=${QUERY.nl}&lang=nl`, { results: true }],
    ]) {
      it(`${name}: ${rel}`, async () => {
        const w = await watchedPage(bag.env);
        try {
          const { page } = w;
          await page.goto(new URL(rel, bag.base).href);
          await page.waitForLoadState('load');
          assert.equal(await page.locator('p.snapshot-notice').count(), 1, `no snapshot notice on ${page.url()}`);
          if (opts.results) await waitForResults(page);
          await page.addScriptTag({ content: AXE_SOURCE });
          const violations = await runAxe(page, { injected: true });
          assert.equal(violations.length, 0, formatViolations(`the snapshot's ${rel}`, violations));
          w.assertClean();
        } finally {
          await w.close();
        }
      });
    }
  });

  it('every page: one h1, no skipped heading levels, one main, the skip link first in the focus order', async () => {
    const files = readdirSync(env.site, { recursive: true })
      .filter((f) => f.endsWith('.html'))
      .map((f) => f.split(path.sep).join('/'))
      .sort();
    assert.ok(files.length > 50, `only ${files.length} HTML files in ${env.site}`);
    const context = await env.browser.newContext({ viewport: DESKTOP });
    const failures = [];
    try {
      const page = await context.newPage();
      await routeNoRefresh(page, new URL('index.html', env.httpBase).href);
      for (const f of files) {
        await page.goto(new URL(f, env.httpBase).href, { waitUntil: 'domcontentloaded' });
        // The root index.html only forwards to a home page: it has no header to skip.
        const problems = outlineProblems(await page.evaluate(outlineInPage), { skipLink: f !== 'index.html' });
        if (problems.length) failures.push(`${f}:\n    ${problems.join('\n    ')}`);
      }
    } finally {
      await context.close();
    }
    assert.equal(failures.length, 0, `heading/landmark problems on ${failures.length} of ${files.length} pages:\n  ${failures.join('\n  ')}`);
  });

  describe('keyboard', () => {
    for (const p of PAGES) {
      it(`${p.name}: Tab first reaches the skip link, which is shown and moves focus to main`, async () => {
        const w = await watchedPage(env);
        try {
          const { page } = w;
          await page.goto(new URL(p.rel, env.httpBase).href);
          await page.waitForLoadState('load');
          if (p.results) await waitForResults(page);
          await page.keyboard.press('Tab');
          const skip = await page.evaluate(() => {
            const el = document.activeElement;
            const r = el.getBoundingClientRect();
            return {
              html: el.outerHTML.slice(0, 120),
              isSkip: el.matches('a.skip-link[href="#main"]'),
              text: el.textContent.trim(),
              onScreen: r.width > 10 && r.height > 10 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
              topmost: document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2) === el,
            };
          });
          assert.ok(skip.isSkip, `the first Tab focuses ${skip.html}, not the skip link`);
          assert.ok(skip.text, 'the skip link has no text');
          assert.ok(skip.onScreen && skip.topmost, `the focused skip link is not shown on screen: ${JSON.stringify(skip)}`);
          await page.keyboard.press('Enter');
          await page.waitForFunction(() => document.activeElement?.id === 'main', null, { timeout: 3000 }).catch(() => {});
          const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80));
          assert.equal(await page.evaluate(() => document.activeElement?.id), 'main', `after the skip link, focus is on ${focused}, not on main`);
          // Scrolled to main, its heading is not under the sticky header (WCAG 2.4.11).
          const covered = await page.evaluate(() => {
            const h = document.querySelector('main h1'), header = document.querySelector('.site-header');
            if (!h || !header || getComputedStyle(header).position !== 'sticky') return null;
            const bottom = header.getBoundingClientRect().bottom, r = h.getBoundingClientRect();
            return r.top < bottom ? `h1 at ${Math.round(r.top)}–${Math.round(r.bottom)} px, the header's bottom at ${Math.round(bottom)} px` : null;
          });
          assert.equal(covered, null, 'after the skip link the page heading is under the sticky header');
          // The next Tab goes on from main, not from the top of the page.
          await page.keyboard.press('Tab');
          const inMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
          assert.ok(inMain, `Tab after the skip link focuses ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}, outside main`);
          w.assertClean();
        } finally {
          await w.close();
        }
      });
    }

    // Every element the keyboard reaches, forwards and then backwards (backwards the
    // browser scrolls elements to the top, where the sticky header is).
    // (Each focus step is a round trip to the browser: pages with hundreds of links,
    // such as the party be, are left out; the party de has the same template.)
    const FOCUS_PAGES = {
      desktop: [
        { name: 'nl home', rel: 'nl/index.html' },
        { name: 'nl declaration', rel: decl('nl') },
        { name: 'en declaration', rel: decl('en') },
        { name: 'nl parallel view', rel: parallel('nl') },
        { name: 'nl theme', rel: 'nl/themes/maritime/index.html' },
        { name: 'nl party', rel: 'nl/parties/de/index.html' },
        { name: 'nl search with results', rel: `nl/search/index.html?q=${QUERY.nl}&lang=nl`, results: true },
        { name: 'en data page', rel: 'en/data/index.html' },
      ],
      '320px': [
        { name: 'nl home', rel: 'nl/index.html' },
        { name: 'nl declaration', rel: decl('nl') },
        { name: 'nl search with results', rel: `nl/search/index.html?q=${QUERY.nl}&lang=nl`, results: true },
      ],
    };
    for (const [vpName, viewport] of VIEWPORTS) {
      for (const p of FOCUS_PAGES[vpName]) {
        it(`${p.name} (${vpName}): every focused element has a visible focus indicator and is not hidden`, async () => {
          const w = await watchedPage(env, { viewport });
          try {
            const { page } = w;
            await page.goto(new URL(p.rel, env.httpBase).href);
            await page.waitForLoadState('load');
            if (p.results) await waitForResults(page);
            const bad = [];
            let seen = 0;
            for (const key of ['Tab', 'Shift+Tab']) {
              let outside = 0;
              for (let i = 0; i < 3000; i++) {
                await page.keyboard.press(key);
                const f = await page.evaluate(focusFactsInPage);
                if (!f) {
                  // Focus left the page: at the end of a pass, or (backwards) while
                  // coming back in from the browser's own controls.
                  if (key === 'Tab' || seen === 0 || ++outside > 3) break;
                  continue;
                }
                // Forwards, the pass ends when the focus wraps round to the skip link.
                if (key === 'Tab' && i > 0 && f.isSkip) break;
                seen++;
                const why = [];
                if (!f.focusVisible) why.push('does not match :focus-visible');
                if (!f.hasOutline) why.push(`no focus outline (${f.outline})`);
                else if (f.contrast < 3) why.push(`focus outline contrast ${f.contrast}:1 < 3:1 (${f.outline})`);
                if (!f.visible) why.push('hidden (off screen or under another element, e.g. the sticky header)');
                if (why.length) bad.push(`${key} → ${f.label}: ${why.join('; ')}`);
                // Backwards, the pass ends at the skip link.
                if (key === 'Shift+Tab' && f.isSkip) break;
              }
            }
            assert.ok(seen > 5, `only ${seen} focusable elements reached on ${p.rel}`);
            assert.deepEqual(bad, [], `focus problems on ${p.rel} (${vpName}):\n  ${bad.slice(0, 30).join('\n  ')}${bad.length > 30 ? `\n  … and ${bad.length - 30} more` : ''}`);
            w.assertClean();
          } finally {
            await w.close();
          }
        });
      }
    }
  });

  it('reflow (WCAG 1.4.10): no page scrolls sideways at 320 CSS px', async () => {
    const w = await watchedPage(env, { viewport: NARROW });
    const failures = [];
    try {
      const { page } = w;
      for (const p of PAGES) {
        await page.goto(new URL(p.rel, env.httpBase).href);
        await page.waitForLoadState('load');
        if (p.results) await waitForResults(page);
        const r = await page.evaluate(overflowInPage);
        if (r.scrollWidth > r.width) failures.push(`${p.rel}: ${r.scrollWidth} px wide in a ${r.width} px viewport; sticking out: ${r.sticking.join(' | ') || '(no text)'}`);
      }
      w.assertClean();
    } finally {
      await w.close();
    }
    assert.deepEqual(failures, [], `pages that scroll sideways at 320 px:\n  ${failures.join('\n  ')}`);
  });
});

