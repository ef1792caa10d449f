// Welsh initial mutations in search: the fixture site tests/fixtures/welsh (Welsh and
// English), built, served with the strict CSP and opened from file://. A reader types
// the dictionary form (`Cymraeg`, `porthladd`); the text has the mutated forms the
// grammar asks for (`yn Gymraeg`, `o borthladdoedd`, `ym Mhorthladd`). The results are
// found, the mutated words marked, and the links lead to the paragraphs.
//
// Run with `node --test welsh.test.mjs` in tests/browser (see README.md there).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { HERE, setUpFixture, tearDownSite, withPage } from './lib.mjs';

const FIXTURE = path.resolve(HERE, '..', 'fixtures', 'welsh');
const SLUG = '2021-03-01-cymru-iwerddon';

describe('Welsh mutations in search (tests/fixtures/welsh)', () => {
  const env = {};

  before(() => setUpFixture(env, FIXTURE, 'diptych-welsh-'));
  after(() => tearDownSite(env));

  for (const mode of ['HTTP', 'file://']) {
    it(`${mode}: the dictionary form finds and marks the mutated forms`, () =>
      withPage(env, async ({ page }) => {
        const base = mode === 'HTTP' ? env.httpBase : env.fileBase;
        const search = async (q) => {
          await page.goto(new URL(`cy/search/index.html?q=${encodeURIComponent(q)}&lang=cy`, base).href);
          await page.waitForFunction(() => document.querySelectorAll('ol#results > li').length > 0, null, { timeout: 10_000 });
          return page.$$eval('ol#results > li', (lis) =>
            lis.map((li) => ({ id: li.querySelector('a.r-title').getAttribute('href').replace(/^.*#/, ''), marks: [...li.querySelectorAll('p.r-text mark')].map((m) => m.textContent) })),
          );
        };
        assert.deepEqual(await search('Cymraeg'), [{ id: '1', marks: ['Gymraeg'] }]);
        const ports = await search('porthladd');
        assert.deepEqual(ports.map((r) => r.id).sort(), ['2', '3']);
        assert.deepEqual(ports.find((r) => r.id === '3').marks, ['Mhorthladd']);
        assert.deepEqual(ports.find((r) => r.id === '2').marks, ['borthladdoedd']);
        await page.click('ol#results a.r-title');
        await page.waitForFunction((slug) => location.pathname.includes(slug) && /^#[23]$/.test(location.hash), SLUG, { timeout: 10_000 });
      }));
  }
});
