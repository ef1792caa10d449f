// Headless-browser tests of the site's search ("every paragraph findable, offline"):
// the header search box, the search page (typing, facets, counts, highlighting, the
// URL keeping state) and the links from a result to its paragraph. Every scenario
// runs over HTTP (with `Content-Security-Policy: default-src 'self'`) and from
// file://, on a watched page: a console error, CSP violation, outside request or
// failed request fails the test.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  MODES,
  SLUG,
  assertUrl,
  byId,
  decl,
  escapeRe,
  expectInViewport,
  setUpSite,
  tearDownSite,
  withPage,
} from './lib.mjs';

const PAGE_SIZE = 10; // results shown before the "more" button (PAGE in search.js)
const searchPage = (lang) => `${lang}/search/index.html`;

/**
 * Waits until the search has settled: `#result-count` shows a number (or the
 * "nothing found" text), `ol#results` holds that many items, up to one page, and
 * neither the list nor the facet counts are marked aria-busy.
 * With `q`, also waits for the URL to carry that query (the page clears the results
 * when a search starts and writes the URL when it shows the new ones, so older results
 * cannot be mistaken for these). Returns the number announced.
 */
async function settled(page, q) {
  const handle = await page.waitForFunction(
    ({ q, pageSize }) => {
      if (q !== undefined && new URLSearchParams(location.search).get('q') !== q) return false;
      const box = document.getElementById('search');
      // Results still arriving, or facet counts not yet worked out (search.js marks both).
      if (document.querySelector('ol#results[aria-busy], #search-form .facets[aria-busy]')) return false;
      const status = document.getElementById('result-count').textContent.trim();
      const items = document.querySelectorAll('ol#results > li').length;
      // An object, as waitForFunction waits for a truthy value.
      if (status === box.getAttribute('data-none')) return items === 0 ? { n: 0 } : false;
      const m = /^(\d+)\s/.exec(status);
      if (!m) return false;
      const n = Number(m[1]);
      return items === Math.min(n, pageSize) ? { n } : false;
    },
    { q, pageSize: PAGE_SIZE },
    { timeout: 10_000 },
  );
  const v = await handle.jsonValue();
  return typeof v === 'object' ? v.n : v;
}

/** The results on screen: title link, lang attributes, and the texts of the marks. */
function results(page) {
  return page.$$eval('ol#results > li', (lis) =>
    lis.map((li) => {
      const a = li.querySelector('a.r-title');
      return {
        href: a?.href ?? null,
        rawHref: a?.getAttribute('href') ?? null,
        title: a?.textContent ?? '',
        liLang: li.getAttribute('lang'),
        aLang: a?.getAttribute('lang') ?? null,
        meta: li.querySelector('p.r-meta')?.textContent ?? null,
        datetime: li.querySelector('p.r-meta time')?.getAttribute('datetime') ?? null,
        text: li.querySelector('p.r-text')?.textContent ?? null,
        // Marks in the excerpt, or in the theme/party line of a block found through its tag.
        marks: [...li.querySelectorAll('a.r-title mark, p.r-text mark, p.r-tags mark')].map((m) => m.textContent),
      };
    }),
  );
}

const describeResult = (r) => `${r.rawHref} "${(r.text || '').slice(0, 80)}…" marks=${JSON.stringify(r.marks)}`;

/** A description of the focused element, stable enough to compare. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', inResults: false, resultIndex: -1 };
    const li = el.closest('ol#results > li');
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id || null,
      href: el.getAttribute('href'),
      inResults: !!li,
      resultIndex: li ? [...li.parentNode.children].indexOf(li) : -1,
    };
  });
}

/** Checks that Tab moves focus away from `selector` (the page does not trap it). */
async function assertTabMovesOn(page, selector) {
  await page.focus(selector);
  const before = await focused(page);
  await page.keyboard.press('Tab');
  const after = await focused(page);
  assert.notDeepEqual(after, before, `Tab did not move focus away from ${selector} (${JSON.stringify(before)})`);
  return after;
}

describe('search in headless Chromium', () => {
  const env = {};

  before(async () => {
    await setUpSite(env, 'diptych-search-');
  });

  after(async () => {
    await tearDownSite(env);
  });

  for (const [, label, baseOf] of MODES) {
    const base = () => baseOf(env);
    const open = (page, rel) => page.goto(new URL(rel, base()).href);

    describe(`over ${label}`, () => {
      it('a. the header box on nl/index.html searches "waterstof": results in an ol, announced, highlighted, focus free', async () => {
        await withPage(env, async ({ page }) => {
          await open(page, 'nl/index.html');
          const box = page.locator('form.search-box');
          assert.equal(await box.count(), 1, 'one form.search-box in the header');
          assert.equal(await box.locator('input[type=hidden][name=lang]').getAttribute('value'), 'nl');
          await page.fill('#site-search', 'waterstof');
          await Promise.all([
            page.waitForURL((u) => u.pathname.endsWith('/nl/search/index.html')),
            page.press('#site-search', 'Enter'),
          ]);
          assertUrl(page.url(), base(), searchPage('nl'));
          const params = new URL(page.url()).searchParams;
          assert.equal(params.get('q'), 'waterstof', `q in ${page.url()}`);
          assert.deepEqual(params.getAll('lang'), ['nl'], `lang in ${page.url()}`);

          const n = await settled(page, 'waterstof');
          assert.ok(n > 0, 'results for "waterstof"');
          assert.equal(await page.inputValue('#q'), 'waterstof', '#q shows the query');
          assert.equal(await page.inputValue('#site-search'), 'waterstof', 'the header box shows it too');

          // Results default to the page's language.
          assert.equal(await page.isChecked('#search-form input[name=lang][value=nl]'), true, 'lang=nl ticked');
          assert.equal(await page.isChecked('#search-form input[name=lang][value=en]'), false, 'lang=en not ticked');

          const status = page.locator('#result-count');
          assert.equal(await status.getAttribute('role'), 'status');
          assert.equal(await status.getAttribute('aria-live'), 'polite');
          assert.match((await status.textContent()).trim(), /^\d+ resultaten$/);

          assert.equal(await page.evaluate(() => document.getElementById('results').tagName), 'OL');
          const rs = await results(page);
          assert.equal(rs.length, Math.min(n, PAGE_SIZE));
          for (const r of rs) {
            assert.match(r.rawHref, /\/nl\/declarations\/[^/]+\/index\.html#.+$/, `result link ${r.rawHref}`);
            assert.equal(r.liLang, null, `a Dutch result needs no lang attribute: ${describeResult(r)}`);
          }
          assert.ok(
            rs.some((r) => r.marks.some((m) => /waterstof/i.test(m))),
            `no result marks "waterstof":\n  ${rs.map(describeResult).join('\n  ')}`,
          );

          // Focus is not trapped: Tab moves on from the field, through the results and out of them.
          await assertTabMovesOn(page, '#q');
          const first = await assertTabMovesOn(page, 'ol#results > li:first-child a.r-title');
          if (rs.length > 1) assert.equal(first.resultIndex, 1, `Tab from the first result went to ${JSON.stringify(first)}`);
          const out = await assertTabMovesOn(page, 'ol#results > li:last-child a.r-title');
          assert.equal(out.inResults, false, `Tab from the last result stayed in the list: ${JSON.stringify(out)}`);
          await page.focus('ol#results > li:first-child a.r-title');
          await page.keyboard.press('Shift+Tab');
          assert.equal((await focused(page)).inResults, false, 'Shift+Tab from the first result leaves the list');
        });
      });

      it('a/b. every result highlights the word searched for ("waterstof" nl, "hydrogen" en)', async () => {
        await withPage(env, async ({ page }) => {
          const bare = [];
          for (const [lang, q] of [['nl', 'waterstof'], ['en', 'hydrogen']]) {
            await open(page, `${searchPage(lang)}?q=${q}&lang=${lang}`);
            const n = await settled(page, q);
            assert.ok(n > 0, `results for "${q}"`);
            const rs = await results(page);
            const re = new RegExp(escapeRe(q), 'i');
            const without = rs.filter((r) => !r.marks.some((m) => re.test(m)));
            if (without.length) bare.push(`${without.length} of ${rs.length} results for "${q}" (${lang}):`, ...without.map(describeResult));
          }
          assert.deepEqual(bare, [], 'results that show no <mark> containing the word searched for');
        });
      });

      it('a word of a declaration\'s title ("Slotverklaring") finds its first paragraph, the word marked in the title', async () => {
        await withPage(env, async ({ page }) => {
          await open(page, `${searchPage('nl')}?q=slotverklaring&lang=nl`);
          const n = await settled(page, 'slotverklaring');
          assert.ok(n > 0, 'results for a word that is only in a title');
          const rs = await results(page);
          const hit = rs.find((r) => r.rawHref.includes('2023-01-31-nl-vl-summit/') && r.rawHref.endsWith('#motto'));
          assert.ok(hit, `the summit's first paragraph (§motto) among ${rs.map(describeResult).join('; ')}`);
          assert.ok(hit.marks.includes('Slotverklaring'), `the title marks the word: ${describeResult(hit)}`);
        });
      });

      it('b. typing "hydrogen" in #q on the en search page updates the results without Enter', async () => {
        await withPage(env, async ({ page }) => {
          await open(page, searchPage('en'));
          assert.equal(await page.getAttribute('html', 'lang'), 'en');
          assert.equal(await page.locator('ol#results > li').count(), 0, 'no results before typing');
          await page.locator('#q').pressSequentially('hydrogen', { delay: 30 });
          const n = await settled(page, 'hydrogen');
          assert.ok(n > 0, 'results for "hydrogen"');
          assert.match((await page.textContent('#result-count')).trim(), /^\d+ results?$/);
          assert.equal(await page.inputValue('#q'), 'hydrogen', 'the field still holds what was typed');
          const params = new URL(page.url()).searchParams;
          assert.equal(params.get('q'), 'hydrogen', `the URL keeps the query: ${page.url()}`);
          assert.deepEqual(params.getAll('lang'), ['en'], `the URL keeps the language: ${page.url()}`);
          const rs = await results(page);
          const marks = rs.flatMap((r) => r.marks);
          assert.ok(marks.length > 0, 'the results carry <mark>s');
          const odd = marks.filter((m) => !/hydrogen/i.test(m));
          assert.deepEqual(odd, [], 'every <mark> contains "hydrogen"');
          for (const r of rs) assert.match(r.rawHref, /\/en\/declarations\//, `an English result: ${r.rawHref}`);
        });
      });

      it('b. Enter right after typing searches once: the results, and the focus the reader moves into them, stay', async () => {
        await withPage(env, async ({ page }) => {
          await open(page, searchPage('en'));
          await page.fill('#q', 'hydrogen');
          await page.press('#q', 'Enter');
          await page.waitForFunction(() => document.querySelectorAll('ol#results > li').length > 0, null, { timeout: 10_000 });
          // The reader moves into the list; a search still pending from typing would
          // re-render it (the marked item gone) and take the focus back.
          await page.evaluate(() => {
            const li = document.querySelector('ol#results > li');
            li.dataset.seen = '1';
            li.querySelector('a').focus();
          });
          await page.waitForTimeout(400);
          assert.equal(await page.locator('ol#results > li[data-seen="1"]').count(), 1, 'the list was rendered again');
          assert.equal(await page.evaluate(() => document.activeElement.closest('ol#results > li')?.dataset.seen), '1', 'focus moved');
        });
      });

      it('c. the theme facet "hydrogen" narrows "waterstof" to blocks annotated with hydrogen', async () => {
        await withPage(env, async ({ page }) => {
          await open(page, `${searchPage('nl')}?q=waterstof&lang=nl`);
          const all = await settled(page, 'waterstof');
          assert.ok(all > 0);

          const box = page.locator('#search-form input[name=theme][value=hydrogen]');
          assert.equal(await box.count(), 1, 'one theme checkbox "hydrogen"');
          const countEl = page.locator('fieldset[data-facet=theme] label:has(input[value=hydrogen]) span[data-count]');
          const shown = (await countEl.textContent()).trim();
          assert.match(shown, /^\d+$/, `the hydrogen facet shows a count, got "${shown}"`);
          // Every facet box shows a count once there are results.
          const empty = await page.$$eval('#search-form fieldset[data-facet] span[data-count]', (els) =>
            els.filter((e) => !/^\d+$/.test(e.textContent.trim())).map((e) => e.closest('label').textContent.trim()),
          );
          assert.deepEqual(empty, [], 'facet labels without a count');

          await box.check();
          // The URL is written once the results it describes are shown.
          await page.waitForURL((u) => u.searchParams.getAll('theme').includes('hydrogen'));
          const narrowed = await settled(page, 'waterstof');
          assert.ok(narrowed > 0, 'results remain with theme=hydrogen');
          assert.ok(narrowed <= all, `ticking a theme cannot add results (${all} → ${narrowed})`);
          assert.equal(narrowed, Number(shown), 'the count beside "hydrogen" predicted the number of results');
          assert.equal(await page.isChecked('#search-form input[name=lang][value=nl]'), true, 'lang=nl stays ticked');

          // Every remaining result's block is tagged with the hydrogen theme.
          const rs = await results(page);
          const byPage = new Map();
          for (const r of rs) {
            const u = new URL(r.href);
            const key = u.href.slice(0, u.href.length - u.hash.length);
            if (!byPage.has(key)) byPage.set(key, []);
            byPage.get(key).push(decodeURIComponent(u.hash.slice(1)));
          }

          // The first result, clicked: lands on its block, whose tags link to the theme.
          const firstLink = page.locator('ol#results > li:first-child a.r-title');
          const firstHref = new URL(await firstLink.evaluate((a) => a.href));
          await Promise.all([page.waitForURL((u) => u.pathname === firstHref.pathname), firstLink.click()]);
          await page.waitForLoadState('load');
          assert.equal(new URL(page.url()).hash, firstHref.hash);
          await expectInViewport(page, `.body ${byId(decodeURIComponent(firstHref.hash.slice(1)))}`);

          const untagged = [];
          for (const [url, ids] of byPage) {
            if (page.url().split('#')[0] !== url) await page.goto(url);
            const missing = await page.evaluate((ids) => {
              const out = [];
              for (const id of ids) {
                const el = document.querySelector(`.body [id="${CSS.escape(id)}"]`);
                if (!el) { out.push(`${id}: no such block`); continue; }
                // A block's tags: its own .blk-meta (inside it, not in a nested block), or,
                // for a heading, the .blk-meta right after it.
                const meta = [...el.querySelectorAll('.blk-meta')].find((m) => m.parentElement.closest('[id]') === el) ||
                  (el.nextElementSibling && el.nextElementSibling.matches('.blk-meta') ? el.nextElementSibling : null);
                if (!meta) { out.push(`${id}: no .blk-meta`); continue; }
                if (!meta.querySelector('a[href*="themes/hydrogen/"]')) {
                  out.push(`${id}: tags ${[...meta.querySelectorAll('a.tag')].map((a) => a.textContent).join(', ')}`);
                }
              }
              return out;
            }, ids);
            untagged.push(...missing.map((m) => `${url}#${m}`));
          }
          assert.deepEqual(untagged, [], 'results with theme=hydrogen whose block is not tagged with themes/hydrogen/');
        });
      });

      for (const [lang, q, word] of [['nl', 'windmolenparken', /windmolenparken/i], ['en', 'wind farms', /^(wind|farms)$/i]]) {
        it(`d. "${q}" (${lang}) finds §6 of the Belgium–UK declaration and the link lands on it`, async () => {
          await withPage(env, async ({ page }) => {
            await open(page, searchPage(lang));
            await page.fill('#q', q);
            await page.press('#q', 'Enter');
            const n = await settled(page, q);
            assert.ok(n > 0, `results for "${q}"`);
            const rs = await results(page);
            const hit = rs.find((r) => r.href.endsWith(`/${lang}/declarations/${SLUG}/index.html#6`));
            assert.ok(hit, `no result links to ${decl(lang)}#6:\n  ${rs.map(describeResult).join('\n  ')}`);
            assert.match(hit.title, /§6$/, `the result title names §6: "${hit.title}"`);
            assert.ok(hit.marks.some((m) => word.test(m)), `§6 marks the words searched for: ${describeResult(hit)}`);

            const link = page.locator(`ol#results > li a.r-title[href$="/${SLUG}/index.html#6"]`);
            await Promise.all([page.waitForURL((u) => u.pathname.endsWith(`/${SLUG}/index.html`)), link.first().click()]);
            await page.waitForLoadState('load');
            assertUrl(page.url(), base(), decl(lang), '#6');
            assert.equal(await page.getAttribute('html', 'lang'), lang);
            await expectInViewport(page, `.body ${byId(6)}`);
            assert.match(await page.locator(`.body ${byId(6)}`).innerText(), new RegExp(escapeRe(q), 'i'));
          });
        });
      }

      it('e. folding and stemming: "Belgie" finds "België", "verklaringen" finds "verklaring"; more results on demand', async () => {
        await withPage(env, async ({ page }) => {
          await open(page, `${searchPage('nl')}?q=Belgie&lang=nl`);
          const n = await settled(page, 'Belgie');
          assert.ok(n > 0, 'results for "Belgie"');
          let marks = (await results(page)).flatMap((r) => r.marks);
          assert.ok(marks.includes('België'), `no <mark>België</mark> among ${JSON.stringify([...new Set(marks)])}`);

          // More than a page of results: the "more" button shows the next page and moves focus there.
          assert.ok(n > PAGE_SIZE, `more than a page of results for "Belgie" (${n}): the "more" button is tested on them`);
          const more = page.locator('#more');
          assert.equal(await more.isVisible(), true, `#more is visible with ${n} results`);
          await more.click();
          await page.waitForFunction(
            (want) => document.querySelectorAll('ol#results > li').length === want,
            Math.min(n, 2 * PAGE_SIZE),
          );
          const f = await focused(page);
          assert.equal(f.resultIndex, PAGE_SIZE, `after "more", focus is on the first new result: ${JSON.stringify(f)}`);
          assert.equal(await more.isVisible(), n > 2 * PAGE_SIZE, '#more hides once everything is shown');

          await page.fill('#q', 'verklaringen');
          await page.press('#q', 'Enter');
          const m = await settled(page, 'verklaringen');
          assert.ok(m > 0, 'results for "verklaringen"');
          marks = (await results(page)).flatMap((r) => r.marks);
          assert.ok(
            marks.some((x) => /^verklaring(en)?$/i.test(x)),
            `no <mark> "verklaring(en)" among ${JSON.stringify([...new Set(marks)])}`,
          );

          // A whole word that begins many compounds (energiebeleid, energiezekerheid…) is
          // found whole: an exact count, not "or more" (that is for a prefix being typed).
          await page.fill('#q', 'energie');
          await page.press('#q', 'Enter');
          assert.ok((await settled(page, 'energie')) > 0, 'results for "energie"');
          assert.match((await page.textContent('#result-count')).trim(), /^\d+ resultaten$/);

          // A word the corpus lacks is taken for an inflection of a form it begins with
          // only when the rest is an ending the stemmer gave the corpus's words (built into
          // meta.js): `watersport` is not `waters` + `port`, so it does not list `water`.
          await page.fill('#q', 'watersport');
          await page.press('#q', 'Enter');
          assert.equal(await settled(page, 'watersport'), 0, 'no results for "watersport" (it once listed every "water")');
        });
      });

      it('f. "Zeebrugge": the language facet adds English results (lang="en"), the party facet keeps them', async () => {
        await withPage(env, async ({ page }) => {
          await open(page, searchPage('nl'));
          await page.fill('#q', 'Zeebrugge');
          await page.press('#q', 'Enter');
          const nl = await settled(page, 'Zeebrugge');
          assert.ok(nl > 0, 'results for "Zeebrugge" in Dutch');
          for (const r of await results(page)) assert.equal(r.liLang, null, `only Dutch results: ${describeResult(r)}`);
          const enCount = Number((await page
            .locator('fieldset[data-facet=lang] label:has(input[value=en]) span[data-count]')
            .textContent()).trim());

          await page.check('#search-form input[name=lang][value=en]');
          await page.waitForURL((u) => u.searchParams.getAll('lang').sort().join() === 'en,nl');
          const both = await settled(page, 'Zeebrugge');
          assert.ok(both >= nl, `ticking English cannot remove results (${nl} → ${both})`);
          assert.equal(both, nl + enCount, 'the count beside "Engels" predicted the English results');
          const rs = await results(page);
          const en = rs.filter((r) => r.href.includes('/en/declarations/'));
          assert.ok(en.length > 0, `English results appear:\n  ${rs.map(describeResult).join('\n  ')}`);
          for (const r of rs) {
            const isEn = r.href.includes('/en/declarations/');
            assert.equal(r.liLang, isEn ? 'en' : null, `li lang of ${describeResult(r)}`);
            assert.equal(r.aLang, isEn ? 'en' : null, `a.r-title lang of ${describeResult(r)}`);
            assert.match(r.meta, isEn ? /\bEN$/ : /\bNL$/, `r-meta names the language: ${r.meta}`);
            // The date as the site writes it in the page's language (Dutch), not ISO.
            assert.match(r.meta, /^\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4} · (NL|EN)$/,
              `r-meta shows the date in Dutch: ${r.meta}`);
          }

          // Party facet: both Zeebrugge paragraphs concern Belgium.
          const beCount = (await page
            .locator('fieldset[data-facet=party] label:has(input[value=be]) span[data-count]')
            .textContent()).trim();
          assert.match(beCount, /^\d+$/, 'the party facet shows a count for Belgium');
          await page.check('#search-form input[name=party][value=be]');
          await page.waitForURL((u) => u.searchParams.getAll('party').includes('be'));
          const be = await settled(page, 'Zeebrugge');
          assert.ok(be > 0 && be <= both, `party=be keeps some results (${both} → ${be})`);
          assert.equal(be, Number(beCount), 'the count beside "België" predicted the number of results');

          // The URL keeps the state: reloading shows the same search.
          await page.reload();
          assert.equal(await settled(page, 'Zeebrugge'), be, 'the same results after a reload');
          assert.equal(await page.isChecked('#search-form input[name=party][value=be]'), true);
          assert.equal(await page.isChecked('#search-form input[name=lang][value=en]'), true);
        });
      });

      it('g. a one-word query lists its first page from the postings, "more" from excerpt chunks; results only ever append', async () => {
        await withPage(env, async ({ page }) => {
          await open(page, `${searchPage('nl')}?q=belgie&lang=nl`);
          const n = await settled(page, 'belgie');
          assert.ok(n > PAGE_SIZE, `more than a page of results for "belgie" (${n})`);
          const chunks = () => page.evaluate(() => [...document.scripts].filter((s) => /\/search\/d\//.test(s.src)).length);
          assert.equal(await chunks(), 0, 'the first page of a one-word query needs no excerpt chunk');
          const check = (rs, what) => {
            for (const r of rs) {
              assert.match(r.rawHref, /\/nl\/declarations\/[^/]+\/index\.html#.+$/, `${what}: link ${describeResult(r)}`);
              assert.match(r.title, /\S §\S+$/, `${what}: title and §id ${describeResult(r)}`);
              assert.match(r.meta, /^\d{1,2} [a-z]+ \d{4} · NL$/, `${what}: date (in Dutch) and language ${describeResult(r)}`);
              assert.match(r.datetime, /^\d{4}-\d\d-\d\d$/, `${what}: <time datetime> stays ISO ${describeResult(r)}`);
              assert.ok(r.text, `${what}: an excerpt ${describeResult(r)}`);
            }
            assert.ok(rs.some((r) => r.marks.includes('België')), `${what}: no <mark>België</mark>`);
          };
          const first = await results(page);
          check(first, 'page 1');

          // The next page: its excerpts come from chunks, all requested at once; each
          // result is appended in rank order as it is ready, never inserted or replaced.
          await page.evaluate(() => {
            window.changes = [];
            new MutationObserver((ms) => ms.forEach((m) => {
              // The record's nextSibling is the one at the time of the change.
              m.addedNodes.forEach(() => window.changes.push({ what: m.nextSibling === null ? 'append' : 'insert' }));
              m.removedNodes.forEach(() => window.changes.push('remove'));
            })).observe(document.getElementById('results'), { childList: true });
          });
          await page.click('#more');
          await page.waitForFunction(
            (want) => document.querySelectorAll('ol#results > li').length === want && !document.querySelector('ol#results[aria-busy]'),
            Math.min(n, 2 * PAGE_SIZE),
          );
          assert.ok((await chunks()) > 0, 'the second page loads excerpt chunks');
          const second = (await results(page)).slice(PAGE_SIZE);
          check(second, 'page 2');
          assert.deepEqual((await results(page)).slice(0, PAGE_SIZE).map((r) => r.rawHref), first.map((r) => r.rawHref), 'page 1 stays as it was');
          const changes = await page.evaluate(() => window.changes.map((c) => c.what));
          assert.deepEqual(changes, Array(second.length).fill('append'), 'results of page 2 only appended');
        });
      });

      if (label === 'HTTP') {
        it('h. on a slow network, results that wait for chunks appear as they arrive, in rank order', async () => {
          await withPage(env, async ({ page }) => {
            await open(page, `${searchPage('nl')}?q=belgie&lang=nl`);
            const n = await settled(page, 'belgie');
            assert.ok(n > PAGE_SIZE, `more than a page of results for "belgie" (${n})`);
            // Chunks answer late, later and later in the order asked for (rank order).
            let asked = 0;
            await page.route('**/search/d/**', async (route) => {
              await new Promise((r) => setTimeout(r, 150 + 40 * asked++));
              await route.continue();
            });
            await page.evaluate(() => {
              window.changes = [];
              new MutationObserver((ms) => ms.forEach((m) => {
                m.addedNodes.forEach(() => window.changes.push({ what: m.nextSibling === null ? 'append' : 'insert', at: performance.now() }));
              })).observe(document.getElementById('results'), { childList: true });
            });
            await page.click('#more');
            await page.waitForFunction(
              (want) => document.querySelectorAll('ol#results > li').length === want && !document.querySelector('ol#results[aria-busy]'),
              Math.min(n, 2 * PAGE_SIZE),
              { timeout: 10_000 },
            );
            const changes = await page.evaluate(() => window.changes);
            assert.ok(changes.every((c) => c.what === 'append'), `only appended: ${JSON.stringify(changes)}`);
            const span = changes[changes.length - 1].at - changes[0].at;
            assert.ok(asked > 1 && span > 40, `results shown as their chunks came (${asked} chunks, over ${span.toFixed(0)} ms)`);
          });
        });
      }
    });
  }
});
