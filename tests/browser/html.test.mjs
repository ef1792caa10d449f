// HTML validity: the Nu Html Checker (vnu, npm package `vnu-jar`; needs Java) on every
// HTML file `diptych build` writes, on the pages of an archival snapshot
// (`diptych snapshot --format dir`, which adds a snapshot notice), and on the search
// page as search.js leaves it after showing results (the DOM serialised from
// Chromium). Zero errors allowed.
//
// One vnu run checks everything, together with a deliberately invalid canary page,
// so that a checker that silently checks nothing cannot pass.
//
// Run with `npm test` in tests/browser (see README.md there).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO, runBin, setUpSite, tearDownSite, watchedPage } from './lib.mjs';

const JAVA = process.env.JAVA_PATH || 'java';

function findVnu() {
  try {
    return createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar');
  } catch (e) {
    throw new Error(`vnu-jar is not installed (${e.message}). Run \`npm ci\` in tests/browser.`);
  }
}

/** Throws a clear error if Java cannot run (vnu needs Java 11 or later). */
function checkJava() {
  const r = spawnSync(JAVA, ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(
      `The Nu Html Checker needs Java, but \`${JAVA} -version\` ${r.error ? `could not run (${r.error.code || r.error.message})` : `failed (exit ${r.status}):\n${r.stderr}`}.\n` +
      'Install a Java runtime (11 or later; e.g. apt-get install openjdk-17-jre-headless) or set JAVA_PATH to the java binary.',
    );
  }
  return (r.stderr || r.stdout).split('\n')[0];
}

/** Runs vnu on the given files/folders; returns its messages (errors only). */
function runVnu(jar, targets) {
  const r = spawnSync(JAVA, ['-jar', jar, '--errors-only', '--skip-non-html', '--format', 'json', ...targets], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw new Error(`could not run vnu: ${r.error.message}`);
  // vnu writes its JSON report to stderr; exit status 1 means "errors found".
  let report;
  try {
    report = JSON.parse(r.stderr || r.stdout);
  } catch {
    throw new Error(`vnu did not answer with JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return report.messages || [];
}

const toPath = (url) => (url && url.startsWith('file:') ? fileURLToPath(url) : url || '(unknown file)');

function format(messages, root) {
  return messages
    .map((m) => {
      const file = path.relative(root, toPath(m.url)) || toPath(m.url);
      const where = m.lastLine ? `${file}:${m.firstLine || m.lastLine}:${m.firstColumn || m.lastColumn || 0}` : file;
      return `${where}: ${m.type}${m.subType ? ` (${m.subType})` : ''}: ${m.message}${m.extract ? `\n      ${m.extract.replace(/\n/g, '⏎')}` : ''}`;
    })
    .join('\n  ');
}

const QUERY = { nl: 'waterstof', en: 'hydrogen' };

describe('HTML validity (Nu Html Checker)', () => {
  const env = {};
  const result = {};

  before(async () => {
    // Fail early and loudly when the checker cannot run at all.
    result.java = checkJava();
    const jar = findVnu();
    await setUpSite(env, 'diptych-html-');

    // The search page after search.js has rendered results.
    result.rendered = path.join(env.out, 'rendered');
    mkdirSync(result.rendered, { recursive: true });
    for (const lang of ['nl', 'en']) {
      const w = await watchedPage(env);
      try {
        const { page } = w;
        await page.goto(new URL(`${lang}/search/index.html?q=${QUERY[lang]}&lang=${lang}`, env.httpBase).href);
        await page.waitForSelector('#results li a.r-title', { timeout: 10000 });
        const html = await page.evaluate(() => {
          const dt = document.doctype;
          return (dt ? `<!DOCTYPE ${dt.name}>\n` : '') + document.documentElement.outerHTML;
        });
        writeFileSync(path.join(result.rendered, `${lang}-search-with-results.html`), html);
        w.assertClean();
      } finally {
        await w.close();
      }
    }

    // The canary: a duplicate id and a div in a ul, which vnu must report.
    result.canaryDir = path.join(env.out, 'canary');
    mkdirSync(result.canaryDir, { recursive: true });
    result.canary = path.join(result.canaryDir, 'invalid.html');
    writeFileSync(result.canary, '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>canary</title></head>' +
      '<body><p id="x">a</p><p id="x">b</p><ul><div>c</div></ul></body></html>\n');

    // The archival snapshot.
    result.bag = path.join(env.out, 'bag');
    const r = runBin(env.bin, ['snapshot', '--root', REPO, '--out', result.bag, '--format', 'dir']);
    if (r.status !== 0) throw new Error(`diptych snapshot failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    result.bagSite = path.join(result.bag, 'data', 'site');

    result.files = readdirSync(env.site, { recursive: true }).filter((f) => f.endsWith('.html'));
    result.bagFiles = readdirSync(result.bagSite, { recursive: true }).filter((f) => f.endsWith('.html'));
    const messages = runVnu(jar, [env.site, result.bagSite, result.rendered, result.canaryDir])
      .sort((a, b) => toPath(a.url).localeCompare(toPath(b.url)) || (a.lastLine || 0) - (b.lastLine || 0));
    const inDir = (dir) => (m) => toPath(m.url).startsWith(dir + path.sep);
    result.canaryMessages = messages.filter(inDir(result.canaryDir));
    result.siteMessages = messages.filter(inDir(env.site));
    result.renderedMessages = messages.filter(inDir(result.rendered));
    result.bagMessages = messages.filter(inDir(result.bagSite));
    const known = [result.canaryDir, env.site, result.rendered, result.bagSite].map(inDir);
    result.otherMessages = messages.filter((m) => !known.some((f) => f(m)));
  });

  after(async () => {
    await tearDownSite(env);
  });

  it('the checker runs and reports the invalid canary page', () => {
    assert.ok(result.canaryMessages.length >= 2, `vnu reported ${result.canaryMessages.length} errors on ${result.canary} (want the duplicate id and the div in a ul); ${result.java}`);
    assert.ok(result.canaryMessages.some((m) => /duplicate id/i.test(m.message)), format(result.canaryMessages, env.out));
    assert.deepEqual(result.otherMessages, [], `vnu messages not about any checked file:\n  ${format(result.otherMessages, env.out)}`);
  });

  it('every HTML file of the built site is valid', () => {
    assert.ok(result.files.length > 50, `only ${result.files.length} HTML files in ${env.site}`);
    const files = new Set(result.siteMessages.map((m) => toPath(m.url)));
    assert.equal(
      result.siteMessages.length,
      0,
      `the Nu Html Checker found ${result.siteMessages.length} error(s) in ${files.size} of ${result.files.length} HTML files:\n  ${format(result.siteMessages, env.site)}`,
    );
  });

  it('every HTML file of the archival snapshot is valid', () => {
    assert.ok(result.bagFiles.length > 50, `only ${result.bagFiles.length} HTML files in ${result.bagSite}`);
    assert.equal(
      result.bagMessages.length,
      0,
      `the Nu Html Checker found ${result.bagMessages.length} error(s) in the snapshot's HTML files:\n  ${format(result.bagMessages, result.bagSite)}`,
    );
  });

  it('the search page is valid after search.js has rendered results', () => {
    assert.equal(
      result.renderedMessages.length,
      0,
      `the Nu Html Checker found ${result.renderedMessages.length} error(s) in the rendered search pages:\n  ${format(result.renderedMessages, result.rendered)}`,
    );
  });
});
