// Headless-browser tests of the archival snapshot, opened from disk as an archivist
// would: `diptych snapshot --format dir` writes a BagIt bag, the site is in
// data/site/, and it is browsed over file:// only. Every page says it is a frozen
// snapshot (p.snapshot-notice with a <time datetime> and a rel="external" link to the
// live site, which is never followed: no request may leave the bag). `diptych verify`
// accepts the bag and rejects it, naming the file, after one character is changed.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO, SLUG, assertUrl, decl, findBinary, launchBrowser, runBin, withPage } from './lib.mjs';

const TAMPERED_FILE = 'data/site/nl/index.html';

/** Checks the snapshot notice of the page shown; returns its datetime. */
async function assertNotice(page, env) {
  const notice = page.locator('p.snapshot-notice');
  assert.equal(await notice.count(), 1, `one p.snapshot-notice on ${page.url()}`);
  assert.equal(await notice.isVisible(), true, `the snapshot notice is visible on ${page.url()}`);
  const time = notice.locator('time[datetime]');
  assert.equal(await time.count(), 1, `a <time datetime> in the notice on ${page.url()}`);
  const datetime = await time.getAttribute('datetime');
  assert.match(datetime, /^\d{4}-\d{2}-\d{2}/, `datetime of the notice on ${page.url()}`);
  assert.equal(datetime.slice(0, 10), env.baggingDate, `the notice's date is the bag's Bagging-Date (${page.url()})`);
  const live = notice.locator('a[rel~="external"]');
  assert.equal(await live.count(), 1, `a rel="external" link in the notice on ${page.url()}`);
  const href = await live.evaluate((a) => a.href);
  assert.match(href, /^https?:\/\//, `the notice links to the live site: ${href}`);
  assert.equal(env.isLocal(href), false, `the live-site link points outside the bag: ${href}`);
  return datetime;
}

describe('archival snapshot opened from disk', () => {
  const env = {};

  before(async () => {
    env.bin = findBinary();
    env.tmp = mkdtempSync(path.join(tmpdir(), 'diptych-snapshot-'));
    env.bag = path.join(env.tmp, 'bag');
    const args = ['snapshot', '--root', REPO, '--out', env.bag, '--format', 'dir'];
    const r = runBin(env.bin, args);
    if (r.status !== 0) {
      throw new Error(`\`${env.bin} ${args.join(' ')}\` failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    env.siteDir = path.join(env.bag, 'data', 'site');
    for (const f of ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt', 'data/site/index.html', 'data/site/nl/index.html']) {
      if (!existsSync(path.join(env.bag, f))) throw new Error(`The snapshot has no ${f} in ${env.bag}.\n${r.stdout}\n${r.stderr}`);
    }
    const info = readFileSync(path.join(env.bag, 'bag-info.txt'), 'utf8');
    env.baggingDate = /^Bagging-Date:\s*(\S+)/m.exec(info)?.[1];
    if (!env.baggingDate) throw new Error(`bag-info.txt has no Bagging-Date:\n${info}`);
    env.fileBase = pathToFileURL(env.siteDir).href + '/';
    // Only the bag's own site may be requested: not the live site, not the rest of the disk.
    env.isLocal = (url) => url.startsWith(env.fileBase);
    env.browser = await launchBrowser();
  });

  after(async () => {
    await env.browser?.close();
    if (env.tmp && !process.env.DIPTYCH_KEEP_SITE) rmSync(env.tmp, { recursive: true, force: true });
    else if (env.tmp) console.log(`# snapshot kept in ${env.bag}`);
  });

  it('from data/site/index.html to a declaration, a theme and a search, every page marked as a snapshot', async () => {
    await withPage(env, async (w) => {
      const { page } = w;
      const base = env.fileBase;
      await page.goto(new URL('index.html', base).href);
      await page.waitForURL((u) => u.pathname.endsWith('/nl/index.html'), { timeout: 5000 });
      await page.waitForLoadState('load');
      assertUrl(page.url(), base, 'nl/index.html');
      await assertNotice(page, env);

      const title = page.locator(`a.decl-title[href*="/${SLUG}/"]`);
      assert.equal(await title.count(), 1, `one a.decl-title links to ${SLUG}`);
      await Promise.all([page.waitForURL((u) => u.pathname.endsWith(`/${SLUG}/index.html`)), title.click()]);
      assertUrl(page.url(), base, decl('nl'));
      await assertNotice(page, env);

      const tag = page.locator('a.tag-theme').first();
      assert.ok((await page.locator('a.tag-theme').count()) > 0, 'the declaration has theme tags');
      const themeHref = await tag.evaluate((a) => a.href);
      assert.match(themeHref, /\/nl\/themes\/[^/]+\/index\.html$/, `a theme page: ${themeHref}`);
      await Promise.all([page.waitForURL((u) => u.href === themeHref), tag.click()]);
      await page.waitForLoadState('load');
      assert.ok((await page.locator(`a[href*="/declarations/${SLUG}/"]`).count()) > 0, 'the theme page links back to the declaration');
      await assertNotice(page, env);

      await page.fill('#site-search', 'waterstof');
      await Promise.all([page.waitForURL((u) => u.pathname.endsWith('/nl/search/index.html')), page.press('#site-search', 'Enter')]);
      assertUrl(page.url(), base, 'nl/search/index.html');
      assert.equal(new URL(page.url()).searchParams.get('q'), 'waterstof');
      await page.waitForFunction(() => /^\d+\s/.test(document.getElementById('result-count').textContent.trim()), null, { timeout: 10_000 });
      const n = Number(/^\d+/.exec((await page.textContent('#result-count')).trim())[0]);
      assert.ok(n > 0, 'the snapshot finds "waterstof"');
      await page.waitForFunction(() => document.querySelectorAll('ol#results > li a.r-title').length > 0);
      const first = await page.locator('ol#results > li a.r-title').first().evaluate((a) => a.href);
      assert.ok(first.startsWith(env.fileBase), `results link into the bag: ${first}`);
      await assertNotice(page, env);

      const outside = w.requests.filter((u) => !env.isLocal(u));
      assert.deepEqual(outside, [], 'requests outside the bag');
      assert.ok(w.requests.some((u) => u.endsWith('/search/meta.js')), 'the search index was loaded from the bag');
    });
  });

  it('diptych verify accepts the bag', () => {
    const r = runBin(env.bin, ['verify', env.bag]);
    assert.equal(r.status, 0, `\`diptych verify ${env.bag}\` exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  });

  it(`diptych verify rejects the bag after one character of ${TAMPERED_FILE} changed, naming the file`, () => {
    // Tamper with a copy, so the other tests keep an intact bag whatever the order.
    const copy = path.join(env.tmp, 'tampered');
    cpSync(env.bag, copy, { recursive: true });
    const file = path.join(copy, TAMPERED_FILE);
    const bytes = readFileSync(file);
    const i = bytes.indexOf(Buffer.from('<h1>'));
    assert.ok(i >= 0, `no <h1> in ${TAMPERED_FILE}`);
    const at = i + 4; // the first character of the heading: same length, different content
    bytes[at] = bytes[at] === 0x58 ? 0x59 : 0x58; // 'X' (or 'Y' if it already was 'X')
    writeFileSync(file, bytes);

    const r = runBin(env.bin, ['verify', copy]);
    assert.notEqual(r.status, 0, `\`diptych verify\` accepted a changed ${TAMPERED_FILE}:\n${r.stdout}\n${r.stderr}`);
    assert.ok(r.stdout.includes(TAMPERED_FILE), `the report (stdout) does not name ${TAMPERED_FILE}:\n${r.stdout}`);
  });
});
