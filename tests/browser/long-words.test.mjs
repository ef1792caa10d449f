// The default theme with long words and a long site title: the fixture site
// tests/fixtures/long-words (nl and fr; a site title of 130 characters, declarations whose
// titles, headings and table headers hold words such as "socialezekerheidscoördinatie"
// and "Arbeidsongeschiktheidsuitkeringen"), built and served with the strict CSP:
//
//  - reflow (WCAG 1.4.10): no page scrolls sideways at 320 CSS px, and a §id in the
//    parallel view's first column is not cut in the middle;
//  - focus not obscured (WCAG 2.4.11): at 800×600 the sticky header is taller than the
//    stylesheet's fallback margin (8.5rem); every element Tab and Shift+Tab reach in the
//    page lands entirely below it, also with the WCAG 1.4.12 text-spacing override; a
//    `#block` in the URL lands below it on load;
//  - the parallel view's headings are headings (role and level) for assistive technology,
//    one per column, and look like their levels;
//  - search results in another language than the page's: the theme and party labels are
//    marked in the page's language;
//  - the print stylesheet (emulated print media): which links print their address, tags
//    hidden, headings kept with what follows, §ids and table headers not cut mid-word.
//
// Run with `node --test long-words.test.mjs` in tests/browser (see README.md there).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ARTIFACTS, HERE, overflowInPage, setUpFixture, tearDownSite, watchedPage } from './lib.mjs';

const FIXTURE = path.resolve(HERE, '..', 'fixtures', 'long-words');
const SLUG = '2024-05-01-socialezekerheid';
const OTHER = '2022-03-14-spoorverbindingen';
const decl = (lang, slug = SLUG) => `${lang}/declarations/${slug}/index.html`;
const parallel = (lang, slug = SLUG) => `${lang}/declarations/${slug}/parallel/index.html`;

const NARROW = { width: 320, height: 640 };
// Table headers of the fixture longer than a column of a three-column table in half a page: cut.
const TOO_LONG = /Arbeidsongeschiktheidsuitkeringen|Werkloosheidsuitkeringen|Kinderbijslagregelingen/;
// The header is sticky from 48rem wide and 36rem high; here the long title takes three lines.
const SMALL_DESKTOP = { width: 800, height: 600 };
// The stylesheet's fallback scroll margin (without the script): 8.5rem.
const FALLBACK_PX = 8.5 * 16;

// WCAG 1.4.12 text spacing, as the usual bookmarklet sets it. The page's CSP allows only
// stylesheets of its own origin: the test serves this one at a reserved same-origin URL.
const SPACING_PATH = '/__text-spacing__.css';
const SPACING_CSS = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }\n' +
  'p { margin-bottom: 2em !important; }\n';

const REFLOW_PAGES = [
  'nl/index.html',
  'fr/index.html',
  decl('nl'),
  decl('fr'),
  decl('nl', OTHER),
  parallel('nl'),
  parallel('fr'),
  'nl/themes/sociaal/index.html',
  'fr/themes/grensarbeid/index.html',
  'fr/themes/index.html',
  'nl/parties/be/index.html',
  'fr/years/2024/index.html',
  'nl/kinds/joint-declaration/index.html',
  'fr/pages/about/index.html',
  'fr/search/index.html?q=transfrontalier&lang=nl',
  'nl/search/index.html?q=socialezekerheid',
];


/**
 * Runs in the page: the words (between spaces and hyphens) of the elements matching
 * `selector` that are cut over two lines, as "word" → ["wo", "rd"] pieces.
 */
function cutWordsInPage(selector) {
  const cut = [];
  for (const el of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const re = /[^\s\-‐]+/g;
      for (let m = re.exec(n.data); m; m = re.exec(n.data)) {
        const range = document.createRange();
        range.setStart(n, m.index);
        range.setEnd(n, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) cut.push(`${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}: "${m[0]}" on ${lines.size} lines`);
      }
    }
  }
  return cut;
}

/** Runs in the page: where the focused element is, against the sticky header's bottom. */
function focusInPage() {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const header = document.querySelector('.site-header');
  const headerBottom = getComputedStyle(header).position === 'sticky' ? header.getBoundingClientRect().bottom : 0;
  const boxes = [...el.getClientRects()];
  const r = el.getBoundingClientRect();
  return {
    label: `${el.tagName.toLowerCase()}${el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : ''} "${(el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 40)}"`,
    isSkip: el.matches('a.skip-link'),
    inHeader: !!el.closest('.site-header'),
    top: Math.min(...boxes.map((b) => b.top), r.top),
    bottom: r.bottom,
    headerBottom,
    innerHeight,
  };
}

describe('long words and a long site title (tests/fixtures/long-words)', () => {
  const env = {};

  before(() => setUpFixture(env, FIXTURE, 'diptych-long-words-'));
  after(() => tearDownSite(env));

  const url = (rel) => new URL(rel, env.httpBase).href;

  async function withPage(options, fn) {
    const w = await watchedPage(env, options);
    try {
      await fn(w.page);
      w.assertClean();
    } finally {
      await w.close();
    }
  }

  it('reflow (WCAG 1.4.10): no page scrolls sideways at 320 CSS px', async () => {
    const failures = [];
    await withPage({ viewport: NARROW }, async (page) => {
      for (const rel of REFLOW_PAGES) {
        await page.goto(url(rel));
        await page.waitForLoadState('load');
        if (rel.includes('?q=')) await page.waitForSelector('#results li a.r-title', { timeout: 10000 });
        const r = await page.evaluate(overflowInPage);
        if (r.scrollWidth > r.width) failures.push(`${rel}: ${r.scrollWidth} px wide in a ${r.width} px viewport; sticking out: ${r.sticking.join(' | ') || '(no text)'}`);
        if (rel === decl('nl')) await page.screenshot({ path: path.join(ARTIFACTS, 'long-words-320-declaration.png'), fullPage: true });
      }
    });
    assert.deepEqual(failures, [], `pages that scroll sideways at 320 px:\n  ${failures.join('\n  ')}`);
  });

  it('a long word in a heading or title wraps without cutting the words that fit', async () => {
    await withPage({ viewport: NARROW }, async (page) => {
      await page.goto(url(decl('nl')));
      const h1 = await page.evaluate(() => {
        const s = getComputedStyle(document.querySelector('h1'));
        return { wrap: s.overflowWrap, hyphens: s.hyphens };
      });
      assert.equal(h1.wrap, 'break-word', 'h1: overflow-wrap');
      assert.equal(h1.hyphens, 'auto', 'h1: hyphens');
      // "socialezekerheidscoördinatie" is wider than 288 px and has to be cut (Chromium has
      // no hyphenation dictionaries here); "betreffende" and "grensarbeiders" fit: not cut.
      const cut = await page.evaluate(cutWordsInPage, 'h1');
      assert.ok(cut.some((c) => /socialezekerheidsco/.test(c)), `the longest word is not wrapped: ${cut.join(', ')}`);
      assert.ok(!cut.some((c) => /betreffende|grensarbeiders/.test(c)), `words cut in the h1: ${cut.join(', ')}`);
    });
  });

  it('the parallel view: §ids are not cut mid-word, at 1280 px and at 320 px', async () => {
    for (const viewport of [{ width: 1280, height: 800 }, NARROW]) {
      await withPage({ viewport }, async (page) => {
        await page.goto(url(parallel('fr')));
        const cut = await page.evaluate(cutWordsInPage, '.parallel .pid a');
        assert.deepEqual(cut, [], `§ids cut in the parallel view at ${viewport.width} px`);
        // Nor the headers of a table in a cell, at desktop width where its words fit.
        if (viewport.width > 1000) assert.deepEqual((await page.evaluate(cutWordsInPage, '.parallel td th')).filter((c) => !TOO_LONG.test(c)), [], 'table headers cut');
      });
    }
  });

  describe('the sticky header does not hide what is focused or linked to (WCAG 2.4.11)', () => {
    for (const spacing of [false, true]) {
      it(`every element Tab and Shift+Tab reach is below the header at 800×600${spacing ? ', with the text-spacing override' : ''}`, async () => {
        await withPage({ viewport: SMALL_DESKTOP }, async (page) => {
          await page.route((u) => u.pathname === SPACING_PATH, (route) =>
            route.fulfill({ status: 200, contentType: 'text/css; charset=utf-8', body: SPACING_CSS }));
          await page.goto(url(decl('fr')));
          await page.waitForLoadState('load');
          if (spacing) {
            await page.addStyleTag({ url: new URL(SPACING_PATH, env.httpBase).href });
            await page.waitForFunction(() => getComputedStyle(document.body).wordSpacing !== 'normal');
          }
          // The fixture must make the header taller than the fallback margin, or this proves nothing.
          const header = await page.evaluate(() => {
            const h = document.querySelector('.site-header');
            return { position: getComputedStyle(h).position, height: h.getBoundingClientRect().height, measured: document.documentElement.style.getPropertyValue('--header-height') };
          });
          assert.equal(header.position, 'sticky');
          assert.ok(header.height > FALLBACK_PX, `the header is only ${header.height} px high`);
          // The script keeps up with the header's height (ResizeObserver).
          await page.waitForFunction(() => parseFloat(document.documentElement.style.getPropertyValue('--header-height')) >=
            document.querySelector('.site-header').getBoundingClientRect().height, null, { timeout: 3000 }).catch(() => {});
          const bad = [];
          let seen = 0;
          for (const key of ['Tab', 'Shift+Tab']) {
            for (let i = 0; i < 400; i++) {
              await page.keyboard.press(key);
              const f = await page.evaluate(focusInPage);
              if (!f) break;
              if (key === 'Tab' && i > 0 && f.isSkip) break;
              if (key === 'Shift+Tab' && f.isSkip) break;
              if (f.inHeader || f.isSkip) continue;
              seen++;
              // Entirely below the header and on screen (the outline's 5 px included).
              if (f.top - 5 < f.headerBottom - 0.5 || f.top >= f.innerHeight) bad.push(`${key} → ${f.label}: top ${Math.round(f.top)}, header bottom ${Math.round(f.headerBottom)}`);
            }
          }
          assert.ok(seen > 40, `only ${seen} focusable elements reached`);
          if (bad.length) await page.screenshot({ path: path.join(ARTIFACTS, `long-words-focus-obscured${spacing ? '-spacing' : ''}.png`) });
          assert.deepEqual(bad, [], `focused elements under the ${Math.round(header.height)} px header (--header-height ${header.measured || 'unset'}):\n  ${bad.slice(0, 20).join('\n  ')}`);
        });
      });
    }

    it('focusing the header\'s own links and search box does not scroll the page', async () => {
      await withPage({ viewport: SMALL_DESKTOP }, async (page) => {
        await page.goto(url(decl('fr')));
        await page.waitForLoadState('load');
        const moved = [];
        for (const sel of ['.site-title a', '.main-nav a', '#site-search', '.search-box button', '.lang-switch a']) {
          await page.evaluate(() => window.scrollTo(0, 600));
          const before = await page.evaluate(() => window.scrollY);
          await page.locator(sel).first().focus();
          const now = await page.evaluate(() => window.scrollY);
          if (now !== before) moved.push(`${sel}: scrollY ${before} → ${now}`);
        }
        assert.deepEqual(moved, [], 'focusing a control of the sticky header scrolled the page');
      });
    });

    for (const [rel, id] of [[decl('fr'), '5'], [decl('nl'), 'uitvoering'], [parallel('fr'), 'coordinatie']]) {
      it(`${rel}#${id} opened from another page lands below the header at 800×600`, async () => {
        await withPage({ viewport: SMALL_DESKTOP }, async (page) => {
          await page.goto(`${url(rel)}#${id}`);
          await page.waitForLoadState('load');
          // Past any adjustment made at load.
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          const r = await page.evaluate((id) => {
            const h = document.querySelector('.site-header').getBoundingClientRect();
            const t = document.getElementById(id).getBoundingClientRect();
            return { headerHeight: h.height, headerBottom: h.bottom, top: t.top, scrollY, innerHeight };
          }, id);
          assert.ok(r.headerHeight > FALLBACK_PX, `the header is only ${r.headerHeight} px high`);
          assert.ok(r.scrollY > 0, 'the page did not scroll to the block');
          assert.ok(r.top >= r.headerBottom - 0.5 && r.top < r.innerHeight, `#${id} is at ${r.top}, under the header (bottom ${r.headerBottom})`);
        });
      });
    }
  });

  it('the parallel view: headings in the cells are headings with levels, one per column, sized by level', async () => {
    await withPage({}, async (page) => {
      await page.goto(url(parallel('fr')));
      for (const [level, names] of [[2, ['Preambule', 'Préambule', 'Socialezekerheidscoördinatie', 'Coordination intergouvernementale']], [3, ['Uitvoeringsbepalingen', 'Dispositions d’exécution']]]) {
        for (const name of names) {
          const h = page.locator('.parallel td').getByRole('heading', { level, name, exact: true });
          assert.equal(await h.count(), 1, `no heading of level ${level} named "${name}" in the parallel view`);
        }
      }
      // In the order a screen reader lists them: h1, then each row's headings, no level skipped.
      const outline = await page.evaluate(() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
        .filter((h) => h.checkVisibility())
        .map((h) => ({ level: h.hasAttribute('aria-level') ? Number(h.getAttribute('aria-level')) : Number(h.tagName[1]), text: h.textContent.trim(), lang: h.closest('[lang]').lang })));
      assert.equal(outline[0].level, 1);
      assert.equal(outline.filter((h) => h.level === 1).length, 1);
      for (let i = 1; i < outline.length; i++) {
        assert.ok(outline[i].level <= outline[i - 1].level + 1, `heading level skipped: ${JSON.stringify(outline[i - 1])} → ${JSON.stringify(outline[i])}`);
      }
      // Each column's heading is in its own language.
      assert.deepEqual(outline.filter((h) => h.text === 'Preambule' || h.text === 'Préambule').map((h) => h.lang), ['nl', 'fr']);
      const size = (sel) => page.locator(sel).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      const [h2, h3, p] = [await size('.parallel .blk-h2'), await size('.parallel .blk-h3'), await size('.parallel td > p:not(.blk-h)')];
      assert.ok(h2 > h3 && h3 > p, `heading sizes do not follow their levels: level 2 ${h2}px, level 3 ${h3}px, text ${p}px`);
    });
  });

  it('search results in another language: the theme and party labels are marked in the page language', async () => {
    await withPage({}, async (page) => {
      // "transfrontalier" is the French label of the theme grensarbeid: Dutch blocks are found through it.
      await page.goto(url('fr/search/index.html?q=transfrontalier&lang=nl'));
      await page.waitForSelector('#results li a.r-title', { timeout: 10000 });
      const hits = await page.evaluate(() => [...document.querySelectorAll('#results li')].map((li) => {
        const tags = li.querySelector('.r-tags');
        return { lang: li.lang, tags: tags && tags.textContent, tagsLang: tags && tags.closest('[lang]').lang };
      }));
      const tagged = hits.filter((h) => h.lang === 'nl' && h.tags);
      assert.ok(tagged.length > 0, `no Dutch result showing its tags: ${JSON.stringify(hits)}`);
      for (const h of tagged) {
        assert.match(h.tags, /Travail transfrontalier/);
        assert.equal(h.tagsLang, 'fr', `the tags "${h.tags}" of a Dutch result are marked as ${h.tagsLang}`);
      }
    });
  });

  describe('print stylesheet', () => {
    async function printPage(page, rel) {
      await page.goto(url(rel));
      await page.waitForLoadState('load');
      await page.emulateMedia({ media: 'print' });
    }
    const after = (page, sel) => page.locator(sel).first().evaluate((el) => getComputedStyle(el, '::after').content);

    it('links print their address only when it is another site’s and not already their text', async () => {
      await withPage({ viewport: { width: 1000, height: 800 } }, async (page) => {
        await printPage(page, decl('fr'));
        assert.equal(await after(page, '.body a.xref'), 'none', 'a cross-reference prints its relative href');
        assert.match(await after(page, '.body a[href^="https://eur-lex"]'), /\(" attr\(href\) "\)|https:\/\/eur-lex/, 'an external link does not print its address');
        assert.equal(await after(page, '.body a.url'), 'none', 'an autolink prints its address twice');
        assert.equal(await after(page, '.meta a[rel="external"]'), 'none', 'the source prints its address twice');
      });
    });

    it('tags are hidden; headings stay with what follows them', async () => {
      await withPage({ viewport: { width: 1000, height: 800 } }, async (page) => {
        await printPage(page, decl('fr'));
        const shown = await page.evaluate(() => [...document.querySelectorAll('.tag')].filter((t) => getComputedStyle(t).display !== 'none').length);
        assert.equal(shown, 0, `${shown} theme and party tags printed`);
        assert.equal(await page.locator('.blk-meta .blk-id').first().evaluate((el) => getComputedStyle(el).display), 'inline-block', 'the §id is hidden in print');
        for (const sel of ['h1', 'h2', 'h3', 'h2 + .blk-meta']) {
          assert.equal(await page.locator(sel).first().evaluate((el) => getComputedStyle(el).breakAfter), 'avoid', `${sel}: break-after`);
        }
        await printPage(page, parallel('fr'));
        assert.equal(await page.locator('.parallel tr.row-h').first().evaluate((el) => getComputedStyle(el).breakAfter), 'avoid', 'a heading row: break-after');
        assert.equal(await page.locator('.parallel [role="heading"]').first().evaluate((el) => getComputedStyle(el).breakAfter), 'avoid', 'a cell heading: break-after');
      });
    });

    it('the parallel view prints §ids and table headers without cutting words', async () => {
      // The width of an A4 page at Chromium's default print margins, and without margins.
      for (const width of [718, 794]) {
        await withPage({ viewport: { width, height: 1123 } }, async (page) => {
          await printPage(page, parallel('fr'));
          assert.deepEqual(await page.evaluate(cutWordsInPage, '.parallel .pid a'), [], `§ids cut (print, ${width} px)`);
          const cut = (await page.evaluate(cutWordsInPage, '.parallel td th')).filter((c) => !TOO_LONG.test(c));
          assert.deepEqual(cut, [], `table header words that fit their column cut (print, ${width} px)`);
          await page.pdf({ path: path.join(ARTIFACTS, `long-words-parallel-${width}.pdf`), width: `${width}px`, height: '1123px' });
        });
      }
    });
  });
});
