// Headless-browser tests for the site `diptych build` writes.
//
// The setup builds the site into a temporary folder, serves it from a tiny
// node:http server (with `Content-Security-Policy: default-src 'self'`) and runs
// every scenario twice: over HTTP and from file://.
//
// Run with `npm test` in tests/browser (see README.md there).

// Shared helpers (build, server, watched page, ...) live in lib.mjs.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, statSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  ARTIFACTS,
  CANARY_PATH,
  DECL_COUNT,
  SLUG,
  assertUrl,
  byId,
  decl,
  escapeRe,
  expectInViewport,
  parallel,
  setUpSite,
  tearDownSite,
  watchedPage,
} from './lib.mjs';

const NL_PORTS = /havens van wereldklasse/i;
const EN_PORTS = /world-class ports/i;
const NL_MARITIME = 'Maritiem en havens';

// ---------------------------------------------------------------------------
// Tests

describe('diptych site in headless Chromium', () => {
  const env = {};

  before(async () => {
    await setUpSite(env);
  });

  after(async () => {
    await tearDownSite(env);
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
