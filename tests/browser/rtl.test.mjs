// A right-to-left language: the fixture site tests/fixtures/rtl (Arabic and French),
// built, served with the strict CSP and opened from file://. Block ids read `§3.a` in
// Arabic text (an isolated left-to-right run, as rendered, not only as styled), the
// Arabic column of the parallel view starts at the right, each column cites in its own
// language, a signatory named per language is shown in the page's, and a word typed
// without the article the text attaches is found through its stem and marked.
//
// Run with `node --test rtl.test.mjs` in tests/browser (see README.md there).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { HERE, setUpFixture, tearDownSite, withPage } from './lib.mjs';

const FIXTURE = path.resolve(HERE, '..', 'fixtures', 'rtl');
const SLUG = '2024-10-29-ma-fr-partenariat';

/** The x of the left edges of the first and last characters of `el`'s text, as rendered. */
function edges(el) {
  const node = el.firstChild.nodeType === 3 ? el.firstChild : el.firstChild.firstChild;
  const at = (i) => {
    const r = document.createRange();
    r.setStart(node, i);
    r.setEnd(node, i + 1);
    return r.getBoundingClientRect().left;
  };
  return { first: at(0), last: at(node.textContent.length - 1), text: node.textContent };
}

describe('a right-to-left language (tests/fixtures/rtl)', () => {
  const env = {};

  before(() => setUpFixture(env, FIXTURE, 'diptych-rtl-'));
  after(() => tearDownSite(env));

  it('block ids read left to right in Arabic text; the signatory is named in the page\'s language', () =>
    withPage(env, async ({ page }) => {
      await page.goto(new URL(`ar/declarations/${SLUG}/index.html`, env.httpBase).href);
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      const id = await page.$eval('a.blk-id[href="#3.a"]', edges);
      assert.equal(id.text, '§3.a');
      assert.ok(id.first < id.last, `§ is drawn left of a: ${JSON.stringify(id)}`);
      // The cross-reference's block id too.
      const xref = await page.$eval('a.xref bdi', edges);
      assert.equal(xref.text, '§1');
      assert.ok(xref.first < xref.last, JSON.stringify(xref));
      assert.match(await page.textContent('dl.meta'), /محمد السادس/);
      await page.goto(new URL(`fr/declarations/${SLUG}/index.html`, env.httpBase).href);
      const meta = await page.textContent('dl.meta');
      assert.match(meta, /Mohammed VI/);
      assert.doesNotMatch(meta, /محمد/);
    }));

  it('the Arabic column of the parallel view starts at the right; each column cites in its own language', () =>
    withPage(env, async ({ page }) => {
      await page.goto(new URL(`fr/declarations/${SLUG}/parallel/index.html`, env.httpBase).href);
      const cell = await page.$eval('tr[id="1"] td[lang="ar"]', (td) => {
        const box = td.getBoundingClientRect();
        // The line of text itself (a range over the text node, not its block).
        const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
        const r = document.createRange();
        r.selectNodeContents(walker.nextNode());
        const text = r.getBoundingClientRect();
        const pad = parseFloat(getComputedStyle(td).paddingRight);
        return { align: getComputedStyle(td).textAlign, dir: getComputedStyle(td).direction, gapRight: box.right - pad - text.right, gapLeft: text.left - box.left };
      });
      assert.equal(cell.dir, 'rtl');
      assert.ok(Math.abs(cell.gapRight) < 2 && cell.gapLeft > 10, `text against the right edge: ${JSON.stringify(cell)}`);
      // §4 cites a declaration that exists in Arabic only: its Arabic title, in both columns,
      // marked as Arabic in the French one.
      const refs = await page.$$eval('tr[id="4"] td', (tds) => tds.map((td) => ({ lang: td.lang, xref: td.querySelector('a.xref')?.innerHTML })));
      const fr = refs.find((r) => r.lang === 'fr');
      assert.match(fr.xref, /<span lang="ar">البيان الختامي/, JSON.stringify(refs));
      assert.ok(fr.xref.includes('<bdi>§1</bdi>'), JSON.stringify(refs));
      // On the Arabic page, the id column reads `§3.a` too.
      await page.goto(new URL(`ar/declarations/${SLUG}/parallel/index.html`, env.httpBase).href);
      const pid = await page.$eval('tr[id="3.a"] th.pid a', edges);
      assert.equal(pid.text, '§3.a');
      assert.ok(pid.first < pid.last, `§ is drawn left of a: ${JSON.stringify(pid)}`);
    }));

  it('nothing in Arabic but a hit in French: the status marks its English part; the button keeps focus in place', () =>
    withPage(env, async ({ page }) => {
      await page.goto(new URL('ar/search/index.html', env.httpBase).href);
      await page.fill('#q', 'enseignants');
      await page.press('#q', 'Enter');
      const button = page.locator('#search-everywhere');
      await button.waitFor({ state: 'visible', timeout: 10_000 });
      const status = await page.$eval('#result-count', (p) => ({ lang: p.lang, html: p.innerHTML }));
      assert.equal(status.lang, '');
      assert.ok(status.html.startsWith('لم يُعثر على أي فقرة. <span lang="en">Found in other languages:</span> '), status.html);
      // Below the (empty) list, right under the status: not pushed down by the facets.
      const [count, btn] = await Promise.all([page.locator('#result-count').boundingBox(), button.boundingBox()]);
      assert.ok(btn.y - (count.y + count.height) < 80, `button ${btn.y}, status ends ${count.y + count.height}`);
      await button.focus();
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.querySelectorAll('ol#results > li').length > 0, null, { timeout: 10_000 });
      assert.equal(await page.evaluate(() => document.activeElement.id), 'results-heading');
      // The results follow the status (the tall facet column beside them does not push them down).
      const [count2, first] = await Promise.all([page.locator('#result-count').boundingBox(), page.locator('ol#results > li').first().boundingBox()]);
      assert.ok(first.y - (count2.y + count2.height) < 60, `first result at ${first.y}, status ends ${count2.y + count2.height}`);
    }));

  for (const mode of ['HTTP', 'file://']) {
    it(`${mode}: a word typed without its article is found through its stem, marked, and leads to its paragraph`, () =>
      withPage(env, async ({ page }) => {
        const base = mode === 'HTTP' ? env.httpBase : env.fileBase;
        await page.goto(new URL('ar/search/index.html', base).href);
        await page.fill('#q', 'طاقة');
        await page.press('#q', 'Enter');
        await page.waitForFunction(() => document.querySelectorAll('ol#results > li').length > 0, null, { timeout: 10_000 });
        const hits = await page.$$eval('ol#results > li', (lis) =>
          lis.map((li) => ({ href: li.querySelector('a.r-title').getAttribute('href'), marks: [...li.querySelectorAll('mark')].map((m) => m.textContent), id: li.querySelector('a.r-title bdi')?.textContent })),
        );
        assert.equal(hits.length, 1, JSON.stringify(hits));
        assert.ok(hits[0].href.endsWith(`ar/declarations/${SLUG}/index.html#2`), hits[0].href);
        assert.deepEqual(hits[0].marks, ['الطاقة']);
        assert.equal(hits[0].id, '§2');
        // The count is an interface string the site does not give in Arabic: English, marked.
        assert.equal(await page.getAttribute('#result-count', 'lang'), 'en');
        await page.click('ol#results a.r-title');
        await page.waitForFunction(() => location.hash === '#2', null, { timeout: 10_000 });
        // "Nothing found" is given in Arabic (site.yaml): not marked.
        await page.goto(new URL('ar/search/index.html?q=zzzqqq&lang=ar', base).href);
        await page.waitForFunction(() => /لم يُعثر/.test(document.querySelector('#result-count').textContent), null, { timeout: 10_000 });
        assert.equal(await page.getAttribute('#result-count', 'lang'), null);
      }));
  }
});
