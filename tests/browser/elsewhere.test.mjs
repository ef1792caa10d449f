// A search that finds nothing in the reader's language but something in another: a
// declaration the site has only in its original language (tests/fixtures/trilingual:
// `2017-03-03-only-french` exists in French only). The Dutch search page says where the
// paragraphs are, and a button searches every language.
//
// Run with `node --test elsewhere.test.mjs` in tests/browser (see README.md there).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { HERE, setUpFixture, tearDownSite, watchedPage } from './lib.mjs';

const FIXTURE = path.resolve(HERE, '..', 'fixtures', 'trilingual');

describe('search: nothing in the reader\'s language, something in another (tests/fixtures/trilingual)', () => {
  const env = {};

  before(() => setUpFixture(env, FIXTURE, 'diptych-elsewhere-'));
  after(() => tearDownSite(env));

  for (const [mode, base] of [['HTTP', () => env.httpBase], ['file://', () => env.fileBase]]) {
    it(`${mode}: the status names the other language and its count; the button searches every language`, async () => {
      const w = await watchedPage(env);
      try {
        const { page } = w;
        await page.goto(new URL('nl/search/index.html', base()).href);
        await page.fill('#q', 'seul');
        await page.press('#q', 'Enter');
        const button = page.locator('#search-everywhere');
        await button.waitFor({ state: 'visible', timeout: 10_000 });
        const status = await page.textContent('#result-count');
        assert.match(status, /^Geen paragrafen gevonden\. Wel gevonden in andere talen: Frans 1\.$/, status);
        assert.equal(await page.locator('ol#results > li').count(), 0);
        assert.equal(await button.textContent(), 'Zoek in alle talen');
        await button.click();
        await page.waitForFunction(() => document.querySelectorAll('ol#results > li').length > 0, null, { timeout: 10_000 });
        const hrefs = await page.$$eval('ol#results a.r-title', (as) => as.map((a) => a.getAttribute('href')));
        assert.ok(hrefs.some((h) => h.endsWith('fr/declarations/2017-03-03-only-french/index.html#p1')), JSON.stringify(hrefs));
        assert.ok(await button.isHidden(), 'the button goes once every language is searched');
        const ticked = await page.$$eval('fieldset[data-facet=lang] input:checked', (is) => is.map((i) => i.value));
        assert.deepEqual(ticked.sort(), ['en', 'fr', 'nl']);
        // A word found nowhere: no button.
        await page.fill('#q', 'zzzqqq');
        await page.press('#q', 'Enter');
        await page.waitForFunction(() => /Geen paragrafen gevonden/.test(document.querySelector('#result-count').textContent), null, { timeout: 10_000 });
        assert.ok(await button.isHidden());
        w.assertClean();
      } finally {
        await w.close();
      }
    });
  }
});
