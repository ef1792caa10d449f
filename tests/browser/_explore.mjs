import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HERE, startServer, launchBrowser, decl, parallel } from './lib.mjs';
const site = process.argv[2];
const AXE = readFileSync(path.join(HERE, 'node_modules/axe-core/axe.min.js'), 'utf8');
const server = await startServer(site);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchBrowser();
const pages = [];
for (const l of ['nl', 'en']) {
  pages.push(`${l}/index.html`, decl(l), parallel(l), `${l}/themes/maritime/index.html`, `${l}/themes/energy/index.html`, `${l}/parties/be/index.html`,
    `${l}/search/index.html?q=${l === 'nl' ? 'waterstof' : 'hydrogen'}&lang=${l}`, `${l}/pages/about/index.html`, `${l}/data/index.html`,
    `${l}/themes/index.html`, `${l}/parties/index.html`, `${l}/years/2021/index.html`, decl(l, '2020-12-07-benelux-annual-plan-2021'));
}
pages.push('404.html');
const byRule = {};
const widths = (process.argv[3] || '1280').split(',').map(Number);
for (const width of widths) {
const ctx = await browser.newContext({ bypassCSP: true, viewport: { width, height: 800 } });
for (const p of pages) {
  const page = await ctx.newPage();
  await page.goto(base + p);
  if (p.includes('search')) await page.waitForSelector('#results li');
  await page.addScriptTag({ content: AXE });
  const t = Date.now();
  const r = await page.evaluate(() => axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }));
  console.log(`${width} ${p}: ${r.violations.length} rules, ${Date.now() - t}ms`);
  for (const v of r.violations) {
    byRule[v.id] = (byRule[v.id] || 0) + v.nodes.length;
    console.log(`  ${v.id} (${v.impact}) [${v.tags.filter(t=>t.startsWith('wcag')||t==='best-practice').join(',')}] x${v.nodes.length}: ${v.help}`);
    for (const n of v.nodes.slice(0, 4)) console.log(`     ${n.target.join(' ')} :: ${n.failureSummary.replace(/\n/g, ' | ').slice(0, 300)}`);
  }
  await page.close();
}
await ctx.close();
}
console.log(JSON.stringify(byRule, null, 1));
await browser.close(); server.close();
