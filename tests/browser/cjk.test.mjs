// Search in a language written without spaces: the fixture site tests/fixtures/cjk
// (Japanese and English), built, served with the strict CSP and opened from file://.
// A word typed in the search page is found inside a longer run of characters (the index
// and search.js cut Chinese and Japanese into pairs of characters), marked in the excerpt,
// and the result leads to its paragraph. Full-width digits are found as ASCII ones, a
// single character by the pairs it begins, and a query pasted from a PDF (soft hyphens,
// decomposed characters, half-width katakana) as the build reads text.
//
// Run with `node --test cjk.test.mjs` in tests/browser (see README.md there).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { HERE, setUpFixture, tearDownSite, watchedPage } from './lib.mjs';

const FIXTURE = path.resolve(HERE, '..', 'fixtures', 'cjk');
const SLUG = '2023-07-20-jp-nl-hydrogen';

describe('search in Japanese (tests/fixtures/cjk)', () => {
  const env = {};

  before(() => setUpFixture(env, FIXTURE, 'diptych-cjk-'));
  after(() => tearDownSite(env));

  /** Types `q` into the search page's field, submits, and returns the results shown. */
  async function search(page, q) {
    await page.fill('#q', q);
    await page.press('#q', 'Enter');
    await page.waitForFunction(
      (q) => new URLSearchParams(location.search).get('q') === q && !document.querySelector('ol#results[aria-busy]'),
      q,
      { timeout: 10_000 },
    );
    return page.$$eval('ol#results > li', (lis) =>
      lis.map((li) => ({
        href: li.querySelector('a.r-title')?.getAttribute('href') ?? '',
        marks: [...li.querySelectorAll('p.r-text mark')].map((m) => m.textContent),
        text: li.querySelector('p.r-text')?.textContent ?? '',
      })),
    );
  }

  for (const [mode, base] of [['HTTP', () => env.httpBase], ['file://', () => env.fileBase]]) {
    it(`${mode}: a word inside a run of characters is found, marked, and leads to its paragraph`, async () => {
      const w = await watchedPage(env);
      try {
        const { page } = w;
        await page.goto(new URL('ja/search/index.html', base()).href);
        // 水素 (hydrogen) stands inside 液化水素の輸入 (§2) and in the title; 水素協力 only in the title.
        let found = await search(page, '水素');
        const two = found.find((r) => r.href.endsWith(`${SLUG}/index.html#2`));
        assert.ok(two, `§2 not among the results: ${JSON.stringify(found)}`);
        assert.deepEqual(two.marks, ['水素'], `marks in §2: ${two.text}`);
        // Three characters: both pairs must be there, and the mark covers all three.
        found = await search(page, '脱炭素');
        assert.deepEqual(found.map((r) => r.href.replace(/^.*#/, '§')), ['§3'], JSON.stringify(found));
        assert.deepEqual(found[0].marks, ['脱炭素']);
        // Full-width digits in the text (２０３０年) are found as typed on any keyboard,
        // and the other way round; the page's own search folds as the index does.
        found = await search(page, '2030');
        assert.deepEqual(found.map((r) => r.href.replace(/^.*#/, '§')), ['§3'], JSON.stringify(found));
        assert.deepEqual(found[0].marks, ['２０３０']);
        found = await search(page, '２０３０');
        assert.deepEqual(found.map((r) => r.href.replace(/^.*#/, '§')), ['§3'], JSON.stringify(found));
        // A long paragraph is cut around the match, not shown whole (§4: 160 characters).
        found = await search(page, '枠組み');
        const four = found.find((r) => r.href.endsWith('#4'));
        assert.ok(four, JSON.stringify(found));
        assert.ok(four.text.length <= 80, `excerpt of ${four.text.length} characters: ${four.text}`);
        assert.ok(four.text.startsWith('… 策の両立'), `cut 24 characters before the match: ${four.text}`);
        assert.deepEqual(four.marks, ['枠組み'], four.text);
        // One character alone stands for the pairs it begins: 脱 finds 脱炭素 (§3).
        found = await search(page, '脱');
        assert.deepEqual(found.map((r) => r.href.replace(/^.*#/, '§')), ['§3'], JSON.stringify(found));
        // Half-width katakana typed are the full-width ones of the text (ロッテルダム, §2).
        found = await search(page, 'ﾛｯﾃﾙﾀﾞﾑ');
        assert.deepEqual(found.map((r) => r.href.replace(/^.*#/, '§')), ['§2'], JSON.stringify(found));
        // Characters that are not next to each other in the text find nothing.
        found = await search(page, '港協');
        assert.deepEqual(found, []);
        // Pasted from a PDF: a soft hyphen and a decomposed accent in the query are read
        // as the build reads text (on the English page: "decarbonisation", §3).
        await page.goto(new URL('en/search/index.html', base()).href);
        found = await search(page, 'decarbon\u00adisation');
        assert.deepEqual(found.map((r) => r.href.replace(/^.*#/, '§')), ['§3'], JSON.stringify(found));
        await page.goto(new URL('ja/search/index.html', base()).href);
        // ロッテルダム with its ダ decomposed (タ and the voicing mark), as PDFs give it.
        found = await search(page, 'ロッテルタ\u3099ム');
        assert.deepEqual(found.map((r) => r.href.replace(/^.*#/, '§')), ['§2'], JSON.stringify(found));
        // The result leads to the paragraph.
        found = await search(page, '水素');
        await Promise.all([page.waitForURL(/#2$/), page.click(`ol#results a.r-title[href$="#2"]`)]);
        const inView = await page.evaluate(() => {
          const r = document.getElementById('2').getBoundingClientRect();
          return r.top >= 0 && r.top < innerHeight;
        });
        assert.ok(inView, 'the paragraph is in view');
        w.assertClean();
      } finally {
        await w.close();
      }
    });
  }
});
