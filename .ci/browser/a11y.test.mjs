// Accessibility: axe-core run in Chromium over every page of the site in
// the light and the dark colour scheme at a laptop's width, and over one
// page of each kind at a phone's width (where notes are toggles and the
// header wraps). A violation of serious or critical impact fails the gate;
// colour contrast is among the rules checked.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, newContext, watch, pages, pageHTML, ofKind, url, basePath, NARROW, WIDE, SCHEMES } from './lib.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const FAILING = new Set(['serious', 'critical']);

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// audit runs axe on the loaded page and returns its serious and critical
// violations, one line per element, and the count of lesser ones.
async function audit(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  }));
  const lines = [];
  let minor = 0;
  for (const v of result.violations) {
    if (!FAILING.has(v.impact)) { minor += v.nodes.length; continue; }
    for (const n of v.nodes) {
      lines.push(`${v.impact} ${v.id}: ${v.help} at ${n.target.join(' ')}${n.failureSummary ? ' — ' + n.failureSummary.replace(/\s+/g, ' ') : ''}`);
    }
  }
  return { lines, minor, incomplete: result.incomplete?.length ?? 0 };
}

// The pages checked at a phone's width: one of each kind.
function representatives() {
  const list = ['', 'timeline/', '404.html'];
  for (const kind of ['articles', 'companies', 'markets', 'executives', 'claims']) {
    const all = ofKind(kind);
    if (all.length > 0) list.push(all[0]);
    if (kind !== 'articles' && pages().includes(`${kind}/`)) list.push(`${kind}/`);
  }
  // An annotated article, when there is one, for its notes.
  const annotated = ofKind('articles').find((p) => /<mark class="annotation\b[^>]* id="a-/.test(pageHTML(p)));
  if (annotated && !list.includes(annotated)) list.push(annotated);
  return list;
}

for (const [width, which] of [[WIDE, 'every page'], [NARROW, 'one page of each kind']]) {
  test(`axe: no serious or critical violation on ${which} at ${width} px, light and dark`, async () => {
    const list = width === WIDE ? pages() : representatives();
    const context = await newContext(browser, { width });
    const page = await context.newPage();
    const problems = watch(page);
    const failures = [];
    let minor = 0;
    for (const path of list) {
      await page.goto(url(path));
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        const r = await audit(page);
        minor += r.minor;
        for (const l of r.lines) failures.push(`${basePath}${path} (${scheme}): ${l}`);
      }
    }
    await context.close();
    console.log(`# axe at ${width} px: ${list.length} pages × ${SCHEMES.length} schemes, ${failures.length} serious or critical, ${minor} minor or moderate`);
    failures.push(...problems);
    assert.deepEqual(failures, [], failures.join('\n'));
  });
}
