// Headless-browser test of `diptych serve`, the live preview: a copy of the bundled site
// is served from a temporary folder, a declaration is opened in Chromium and scrolled to
// §4, and the Markdown file is edited on disk (written in place, and replaced through a
// rename as many editors save). The page must reload by itself, show the new text and
// come back at the same block; a broken annotation must show the terminal's
// `file:line:col` message over the last good page, and fixing it must remove the overlay.
// No console errors, no CSP violations (the server sends the site's CSP).
//
// Run with `node --test serve.test.mjs` in tests/browser (see README.md there).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ARTIFACTS, REPO, SLUG, byId, findBinary, launchBrowser, watchedPage } from './lib.mjs';

const FILE = `content/declarations/${SLUG}.nl.md`;
const PAGE = `nl/declarations/${SLUG}/`;
const BLOCK = `.body ${byId(4)}`;
// §4 of the Dutch text starts with this sentence.
const OLD_START = 'Het VK en België hebben bloeiende maritieme sectoren';
const ANNOTATION = '{§4 #maritime #trade #transport #climate @uk @be}';
// How far (px) §4 may move in the viewport across a reload.
const TOLERANCE = 2;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `diptych serve` on a free port; resolves once it prints its address. */
function startServe(bin, root) {
  const child = spawn(bin, ['serve', '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const proc = { child, stdout: '', stderr: '', url: null };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { proc.stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`diptych serve printed no address within 20 s:\n${proc.stdout}\n${proc.stderr}`)), 20000);
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`cannot start ${bin}: ${e.message}`)); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!proc.url) reject(new Error(`diptych serve exited (${code}) before serving:\n${proc.stdout}\n${proc.stderr}`));
    });
    child.stdout.on('data', (d) => {
      proc.stdout += d;
      const m = proc.stdout.match(/on (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m && !proc.url) {
        proc.url = m[1];
        clearTimeout(timer);
        resolve(proc);
      }
    });
  });
}

/**
 * Polls fn() until it returns a truthy value. While a page reloads, fn() may throw (its
 * context is gone) or, caught between two documents, never settle: each call gets 2 s,
 * then counts as a "not yet", so the poll goes on and the deadline holds.
 */
async function until(what, fn, timeout = 10000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    let timer;
    try {
      const stalled = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000); });
      const v = await Promise.race([fn(), stalled]);
      if (v) return v;
      last = v;
    } catch (e) {
      last = e.message;
    } finally {
      clearTimeout(timer);
    }
    await sleep(50);
  }
  assert.fail(`timed out after ${timeout} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
}

describe('diptych serve in headless Chromium', () => {
  const env = {};

  before(async () => {
    const bin = findBinary();
    env.dir = mkdtempSync(path.join(tmpdir(), 'diptych-serve-'));
    env.root = path.join(env.dir, 'site');
    for (const p of ['site.yaml', 'content', 'themes']) {
      if (!existsSync(path.join(REPO, p))) throw new Error(`the bundled site has no ${p} in ${REPO}`);
      cpSync(path.join(REPO, p), path.join(env.root, p), { recursive: true });
    }
    env.serve = await startServe(bin, env.root);
    env.base = env.serve.url;
    env.isLocal = (url) => url.startsWith(env.base);
    env.isImplicitFavicon = (url) => url === new URL('/favicon.ico', env.base).href;
    env.browser = await launchBrowser();
  });

  after(async () => {
    await env.browser?.close();
    env.serve?.child.kill();
    if (env.dir) rmSync(env.dir, { recursive: true, force: true });
  });

  const file = () => path.join(env.root, FILE);
  const read = () => readFileSync(file(), 'utf8');
  const replaceIn = (text, from, to) => {
    assert.ok(text.includes(from), `${FILE} does not contain ${JSON.stringify(from)}`);
    return text.replace(from, to);
  };
  const writeInPlace = (from, to) => writeFileSync(file(), replaceIn(read(), from, to));
  // As vim, VS Code or gedit save: a new file next to it, renamed over the old one.
  const writeByRename = (text) => {
    const tmp = path.join(env.root, 'content/declarations', `.${SLUG}.nl.md.tmp`);
    writeFileSync(tmp, text);
    renameSync(tmp, file());
  };

  it('serves with the site CSP, and a violation would be seen', async () => {
    const res = await fetch(new URL(PAGE, env.base));
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy');
    assert.ok(csp && csp.includes("default-src 'self'"), `the preview sends the site's CSP, got ${csp}`);
    const html = await res.text();
    assert.ok(html.includes('<script src="/__diptych/reload.js" defer></script>'), 'reload script injected');
    // The canary: an inline script is blocked and reported, so a clean run means something.
    const w = await watchedPage(env);
    try {
      await w.page.goto(new URL(PAGE, env.base).href);
      await w.page.evaluate(() => {
        const s = document.createElement('script');
        s.textContent = 'window.__inlineRan = true;';
        document.head.appendChild(s);
      });
      await until('the CSP violation report', () => w.problems.some((p) => p.startsWith('CSP violation')));
      assert.equal(await w.page.evaluate(() => window.__inlineRan), undefined, 'inline script blocked');
    } finally {
      await w.close();
    }
  });

  it('edits reload the page at the same block; a broken save shows its error until fixed', async () => {
    const w = await watchedPage(env);
    const { page } = w;
    try {
      let navigations = 0;
      page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations += 1; });
      // The event stream is open before anything changes.
      const stream = page.waitForResponse((r) => r.url().endsWith('/__diptych/events'), { timeout: 10000 });
      await page.goto(new URL(PAGE, env.base).href);
      await page.waitForLoadState('load');
      assert.equal((await stream).status(), 200, 'the event stream is open');
      await sleep(300);
      assert.match(await page.locator(BLOCK).innerText(), new RegExp(OLD_START));

      // §4 well below the fold: scroll it to the top of the viewport, by hand.
      const startY = await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        window.scrollTo(0, window.scrollY + el.getBoundingClientRect().top - 180);
        return window.scrollY;
      }, BLOCK);
      assert.ok(startY > 800, `§4 should need scrolling (scrollY ${startY})`);
      await sleep(200);
      const where = () => page.evaluate((sel) => {
        const el = document.querySelector(sel);
        return { top: el.getBoundingClientRect().top, y: window.scrollY, text: el.innerText };
      }, BLOCK);
      const before = await where();
      navigations = 0;

      const marker = () => page.evaluate(() => { window.__notReloaded = true; });
      const reloadedWith = async (what, text) => {
        await until(`the page to reload and show ${what}`, () => page.evaluate((args) => {
          const el = document.querySelector(args.sel);
          return !window.__notReloaded && document.readyState === 'complete' && el && el.innerText.includes(args.text);
        }, { sel: BLOCK, text }));
        // The script restores the position on load; let layout settle.
        await sleep(300);
        const now = await where();
        assert.ok(
          Math.abs(now.top - before.top) <= TOLERANCE,
          `after ${what}, §4 is back where it was: top ${now.top} (scrollY ${now.y}), before top ${before.top} (scrollY ${before.y})`,
        );
        return now;
      };

      // 1. Written in place.
      await marker();
      const first = 'Eerste live bewerking van paragraaf 4.';
      writeInPlace(OLD_START, `${first} ${OLD_START}`);
      await reloadedWith('an edit written in place', first);
      assert.equal(navigations, 1, 'one reload, done by the page itself');

      // 2. Saved through a rename, with a longer §1 above: the block, not the scroll
      // offset, is what comes back.
      await marker();
      const second = 'Tweede bewerking, bewaard via een hernoeming.';
      const longer = ' Deze zin maakt paragraaf 1 langer, zodat alles eronder zakt.'.repeat(6);
      const text = replaceIn(read(), first, second);
      writeByRename(replaceIn(text, 'Ons partnerschap is gebaseerd', `${longer.trim()} Ons partnerschap is gebaseerd`));
      const after2 = await reloadedWith('an edit saved by rename', second);
      assert.ok(after2.y > before.y + 50, `§1 grew, so the page scrolled further down (${after2.y} vs ${before.y})`);
      assert.equal(navigations, 2, 'one more reload');

      // 3. A broken annotation: the overlay with the terminal's message, the old page under it.
      await marker();
      const errStart = env.serve.stderr.length;
      writeInPlace(ANNOTATION, ANNOTATION.replace('#maritime', '#enrgy #maritime'));
      const overlay = page.locator('#diptych-errors');
      await overlay.waitFor({ state: 'visible', timeout: 10000 });
      const terminal = await until('the error in the terminal', () => {
        const out = env.serve.stderr.slice(errStart);
        return /┌─ \S+:\d+:\d+/.test(out) && out;
      });
      const m = terminal.match(/error: (unknown theme `#enrgy`)[^\n]*\n\s*┌─ (\S+:\d+:\d+)/);
      assert.ok(m, `the terminal names the error and its place:\n${terminal}`);
      const expected = `${m[2]}: error: ${m[1]}`;
      assert.ok(m[2].startsWith(FILE + ':'), `the terminal points at ${FILE}: ${m[2]}`);
      // The place, worked out independently from the file.
      const lines = read().split('\n');
      const lineNo = lines.findIndex((l) => l.includes('#enrgy')) + 1;
      const col = [...lines[lineNo - 1].slice(0, lines[lineNo - 1].indexOf('#enrgy'))].length + 1;
      assert.equal(m[2], `${FILE}:${lineNo}:${col}`);
      const shown = await overlay.innerText();
      assert.ok(shown.includes(expected), `overlay shows ${JSON.stringify(expected)}; it shows:\n${shown}`);
      assert.ok(shown.includes('did you mean'), `the overlay keeps the help: ${shown}`);
      assert.equal(await page.evaluate(() => window.__notReloaded), true, 'a broken save does not reload the page');
      assert.ok((await page.locator(BLOCK).innerText()).includes(second), 'the last good text is still shown under the overlay');
      assert.equal(navigations, 2);

      // 4. Fixed (with a text change too): the overlay goes, the page shows the fix, same block.
      const third = 'Derde bewerking: het thema is weer juist.';
      let fixed = replaceIn(read(), ANNOTATION.replace('#maritime', '#enrgy #maritime'), ANNOTATION);
      fixed = replaceIn(fixed, second, third);
      writeFileSync(file(), fixed);
      await reloadedWith('the fix', third);
      assert.equal(await page.locator('#diptych-errors').count(), 0, 'overlay gone after the fix');
      assert.equal(navigations, 3);

      // 5. A fix back to exactly the last good text also clears the overlay.
      await marker();
      writeInPlace(ANNOTATION, ANNOTATION.replace('#maritime', '#enrgy #maritime'));
      await overlay.waitFor({ state: 'visible', timeout: 10000 });
      writeInPlace(ANNOTATION.replace('#maritime', '#enrgy #maritime'), ANNOTATION);
      await until('the overlay to go', async () => (await page.locator('#diptych-errors').count()) === 0);
      await reloadedWith('a fix back to the last good text', third);

      w.assertClean();
    } catch (e) {
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'serve-failure.png') }).catch(() => {});
      throw e;
    } finally {
      await w.close();
    }
  });
  it('a declaration renamed while open: the page follows it to its new address', async () => {
    const dir = path.join(env.root, 'content/declarations');
    const text = (lang) => `---\ntitle: Hernoemd ${lang}\ndate: 2024-01-01\nkind: joint-declaration\nparties: [be, uk]\noriginal: nl\n---\n\n1. Eerste alinea. {§1 #trade @be}\n\n2. Tweede alinea. {§2 #trade @uk}\n`;
    const file = (slug, lang) => path.join(dir, `${slug}.${lang}.md`);
    const [from, to] = ['2024-01-01-hernoemd', '2024-01-02-hernoemd'];
    for (const lang of ['nl', 'en']) writeFileSync(file(from, lang), text(lang));
    const w = await watchedPage(env);
    const { page } = w;
    try {
      const url = new URL(`nl/declarations/${from}/`, env.base).href;
      await until('the new declaration to be served', async () => (await fetch(url)).status === 200);
      await page.goto(url);
      await until('the event stream to open', () => page.evaluate(() => window.diptychPreview && window.diptychPreview.live));
      // Renamed as an editor renames a declaration: both its files.
      for (const lang of ['nl', 'en']) renameSync(file(from, lang), file(to, lang));
      await until('the page to follow the declaration', () => page.url().includes(`/nl/declarations/${to}/`));
      await until('the renamed declaration to show', () => page.evaluate(() => document.querySelector('h1')?.textContent.includes('Hernoemd')));
      assert.equal(await page.title().then((t) => /404|not found|niet gevonden/i.test(t)), false, 'not the 404 page');
      w.assertClean();
    } finally {
      for (const slug of [from, to]) for (const lang of ['nl', 'en']) rmSync(file(slug, lang), { force: true });
      await w.close();
    }
  });
  it('eight open pages all load and all reload: they share one event stream', async () => {
    // A browser opens at most six connections to a server over HTTP/1.1: with an event
    // stream per page, the seventh page of the preview never loaded. One page holds the
    // stream and passes its events on (src/serve/reload.js).
    const w = await watchedPage(env);
    const pages = [w.page];
    let streams = 0;
    w.page.context().on('request', (r) => { if (r.url().endsWith('/__diptych/events')) streams += 1; });
    try {
      for (let i = 1; i < 8; i++) pages.push(await w.page.context().newPage());
      const paths = ['nl/', 'en/', 'nl/themes/', 'en/themes/', 'nl/parties/', 'en/parties/', PAGE, `${PAGE}parallel/`];
      for (const [i, p] of pages.entries()) {
        await p.goto(new URL(paths[i], env.base).href, { timeout: 10000 });
        await until(`the event stream of ${paths[i]} to open`, () => p.evaluate(() => window.diptychPreview && window.diptychPreview.live));
      }
      assert.equal(streams, 1, 'the eight pages hold one event stream between them');
      for (const p of pages) await p.evaluate(() => { window.__notReloaded = true; });
      // A new site title changes every page.
      const yaml = path.join(env.root, 'site.yaml');
      const site = readFileSync(yaml, 'utf8');
      const title = 'Verklaringen tussen regeringen (bewerkt)';
      const edited = site.replace(/^title:.*$/m, (line) => line.replace(/nl: *"?[^",}]*"?/, `nl: "${title}"`));
      assert.notEqual(edited, site, 'site.yaml has a Dutch title to change');
      writeFileSync(yaml, edited);
      try {
        for (const [i, p] of pages.entries()) {
          await until(`${paths[i]} to reload`, () => p.evaluate(() => !window.__notReloaded && document.readyState === 'complete'));
        }
        assert.ok((await pages[0].title()).includes(title), `the Dutch home page shows the new title: ${await pages[0].title()}`);
      } finally {
        writeFileSync(yaml, site);
      }
      w.assertClean();
    } finally {
      for (const p of pages.slice(1)) await p.close().catch(() => {});
      await w.close();
    }
  });
});
