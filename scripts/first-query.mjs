// What a reader's first query fetches, in bytes, measured in Chromium with
// an empty cache: the search script and the index files it loads until the
// first page of results is shown.
//
//   node scripts/first-query.mjs dossier  URL QUERY...   URL: a dossier's search page, /…/search/
//   node scripts/first-query.mjs pagefind URL QUERY...   URL: the site's root, with pagefind/ in it
//
// For dossier, the search page with ?q=QUERY, until its status says how many
// results and the first page of results (10) is shown. For Pagefind, its
// JavaScript API (pagefind.js) in a page of the same origin: the search,
// then the data of its first 10 results, a page as dossier's shows them.
// Counted: every response but the page itself, its stylesheet and its
// fonts, which every page of the site loads and have nothing to do with
// searching. Prints one line per query, then the
// largest. Needs playwright-core (PLAYWRIGHT: its folder, default the
// browser gates' .ci/browser/node_modules) and Debian's Chromium.

import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const [tool, url, ...queries] = process.argv.slice(2);
if (!['dossier', 'pagefind'].includes(tool) || !url || queries.length === 0) {
  console.error('usage: first-query.mjs dossier|pagefind URL QUERY...');
  process.exit(2);
}
const modules = process.env.PLAYWRIGHT || fileURLToPath(new URL('../.ci/browser/node_modules/', import.meta.url));
const { chromium } = createRequire(modules)('playwright-core');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking'],
});
let most = 0;
for (const q of queries) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes = [];
  page.on('requestfinished', async (req) => {
    const u = new URL(req.url());
    if (req.resourceType() === 'document' || req.resourceType() === 'font' || u.pathname.endsWith('.css') || u.pathname.endsWith('favicon.svg')) return;
    const s = await req.sizes().catch(() => null);
    if (s) sizes.push([u.pathname, s.responseBodySize]);
  });
  let found;
  if (tool === 'dossier') {
    await page.goto(url + '?q=' + encodeURIComponent(q));
    await page.waitForFunction(() => /result/.test(document.querySelector('#search-status')?.textContent || ''), null, { timeout: 120000 });
    found = await page.locator('#search-status').textContent();
  } else {
    await page.goto(new URL('pagefind/', url).href + '?probe');
    found = await page.evaluate(async (q) => {
      const pagefind = await import('./pagefind.js');
      const r = await pagefind.search(q);
      await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
      return r.results.length + ' results';
    }, q);
  }
  await page.waitForLoadState('networkidle');
  const bytes = sizes.reduce((n, [, b]) => n + b, 0);
  most = Math.max(most, bytes);
  console.log(`${tool}\t${q}\t${found.trim()}\t${sizes.length} files\t${bytes} bytes`);
  if (process.env.VERBOSE) for (const [p, b] of sizes) console.log(`\t${b}\t${p}`);
  await context.close();
}
console.log(`${tool}\tlargest first query\t${most} bytes`);
await browser.close();
