// Screenshots of a large dossier's biggest pages, and their sizes: the
// company named in the most articles, the timeline and the claims index,
// at a phone's and a laptop's width in both colour schemes. Not one of the
// gates (it needs a generated corpus): scripts/screenshots-10k.sh runs it.
//
//   node .ci/browser/big-screenshots.mjs SITE_DIR SCREENSHOTS_DIR
//
// SITE_DIR is a site built without -base-url, read from disk (file://).

import { chromium } from 'playwright-core';
import { readdirSync, readFileSync, statSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [siteDir, outDir] = process.argv.slice(2).map((p) => p && resolve(p));
if (!siteDir || !outDir) {
  console.error('usage: node big-screenshots.mjs SITE_DIR SCREENSHOTS_DIR');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

// The company with the most articles, read from the count its page gives.
let biggest = null;
for (const slug of readdirSync(join(siteDir, 'companies'))) {
  const file = join(siteDir, 'companies', slug, 'index.html');
  let html;
  try { html = readFileSync(file, 'utf8'); } catch { continue; }
  const m = html.match(/<h2 id="articles">(\d+) article/);
  if (m && (!biggest || Number(m[1]) > biggest.articles)) biggest = { slug, articles: Number(m[1]) };
}
if (!biggest) throw new Error(`no company page with articles in ${siteDir}`);

// The largest HTML file of each kind of page.
function largest(dir) {
  let best = { size: 0, file: '' };
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) {
        const size = statSync(p).size;
        if (size > best.size) best = { size, file: p.slice(siteDir.length + 1) };
      }
    }
  };
  walk(join(siteDir, dir));
  return best;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const first = (p) => statSync(join(siteDir, p)).size;
console.log(`biggest company: ${biggest.slug}, ${biggest.articles} articles`);
console.log(`  its first page: ${kb(first(`companies/${biggest.slug}/index.html`))}`);
for (const kind of ['companies', 'markets', 'executives', 'timeline', 'claims']) {
  const l = largest(kind);
  console.log(`largest page under ${kind}/: ${l.file}, ${kb(l.size)}`);
}
console.log(`timeline/ first page: ${kb(first('timeline/index.html'))}; claims/: ${kb(first('claims/index.html'))}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
});
for (const width of [375, 1280]) {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    for (const [path, name] of [[`companies/${biggest.slug}/index.html`, 'big-company'], ['timeline/index.html', 'big-timeline']]) {
      await page.goto('file://' + join(siteDir, path));
      const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
      if (wide) console.log(`${path} scrolls sideways at ${width} px`);
      await page.screenshot({ path: join(outDir, `${name}-${width}-${scheme}.png`), fullPage: true });
    }
    await context.close();
  }
}
await browser.close();
console.log(`screenshots in ${outDir}`);
