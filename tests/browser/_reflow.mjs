import { HERE, startServer, launchBrowser, decl, parallel } from './lib.mjs';
const site = process.argv[2];
const server = await startServer(site);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchBrowser();
const pages = [];
for (const l of ['nl', 'en']) {
  pages.push(`${l}/index.html`, decl(l), parallel(l), `${l}/themes/maritime/index.html`, `${l}/parties/be/index.html`,
    `${l}/search/index.html?q=${l === 'nl' ? 'waterstof' : 'hydrogen'}&lang=${l}`, `${l}/pages/about/index.html`, `${l}/pages/how-to-cite/index.html`, `${l}/data/index.html`,
    `${l}/themes/index.html`, `${l}/parties/index.html`, decl(l, '2020-12-07-benelux-annual-plan-2021'), parallel(l, '2020-12-07-benelux-annual-plan-2021'), decl(l, '2023-01-31-nl-vl-summit'));
}
const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
for (const p of pages) {
  const page = await ctx.newPage();
  await page.goto(base + p);
  const r = await page.evaluate(() => {
    const W = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
      const rc = el.getBoundingClientRect();
      if (rc.right > W + 1 && rc.width > 0) {
        let a = el.parentElement, clipped = false;
        while (a) { const o = getComputedStyle(a).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') { clipped = true; break; } a = a.parentElement; }
        if (!clipped) wide.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + Math.round(rc.right));
      }
    }
    return { sw: document.documentElement.scrollWidth, W, wide: wide.slice(0, 6) };
  });
  console.log(p, r.sw > r.W ? 'OVERFLOW' : 'ok', r.sw, r.W, r.wide.join(' | '));
  await page.close();
}
await browser.close(); server.close();
