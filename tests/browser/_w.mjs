import { startServer, launchBrowser, parallel } from './lib.mjs';
const server = await startServer('/tmp/a11y-site');
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await launchBrowser();
const ctx = await browser.newContext({ viewport: { width: 320, height: 640 } });
const page = await ctx.newPage();
await page.goto(base + parallel('nl', '2020-12-07-benelux-annual-plan-2021'));
console.log(await page.evaluate(() => { const out=[]; const w=document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); let n; while((n=w.nextNode())){ const r=document.createRange(); r.selectNodeContents(n); for (const rc of r.getClientRects()) if (rc.right>321) { out.push(n.parentElement.tagName+"."+n.parentElement.className+" "+rc.right+" "+JSON.stringify(n.textContent.slice(0,80))); break; } } return out.slice(0,10); }));
await browser.close(); server.close();
