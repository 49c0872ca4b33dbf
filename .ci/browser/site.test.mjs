// The site as a reader meets it, served from a sub-path as on GitHub Pages:
// every page reachable from home, every link working, nothing scrolling
// sideways on a small phone, the journey home → article → company, market,
// executive and claim by following links, keyboard access, and screenshots
// of each kind of page at two widths in both colour schemes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, newContext, watch, pages, pageHTML, ofKind, url, sitePath, siteURL, basePath,
  screenshot, skip, NARROW, WIDE, NARROWEST, SCHEMES,
} from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// A page is an HTML page of the site; anything else linked (style.css?v=…,
// feed.xml) is a resource, fetched but not crawled.
const isPage = (path) => path === '' || path.endsWith('/') || path.endsWith('.html');

test('every page is reachable from home, every link works and nothing scrolls sideways at 360 px, without JavaScript', async () => {
  const context = await newContext(browser, { width: NARROWEST, javaScriptEnabled: false });
  const page = await context.newPage();
  const problems = watch(page);
  const failures = [];
  const ids = new Map(); // page path → ids on it
  const fragments = []; // { from, path, id }
  const resources = new Map(); // path → first page linking to it
  const queue = ['', '404.html'];
  const seen = new Set(queue);

  while (queue.length > 0) {
    const path = queue.shift();
    problems.length = 0;
    const resp = await page.goto(url(path));
    if (path !== '404.html' && resp?.status() !== 200) {
      failures.push(`${basePath}${path}: HTTP ${resp?.status()}`);
      continue;
    }
    const info = await page.evaluate(() => {
      const root = document.documentElement;
      const wide = [];
      if (root.scrollWidth > root.clientWidth) {
        for (const el of document.querySelectorAll('body *')) {
          const r = el.getBoundingClientRect();
          if (r.right > root.clientWidth + 1 && r.width > 0) {
            wide.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (right edge ${Math.round(r.right)} px)`);
          }
        }
      }
      return {
        // An SVG link's href is an SVGAnimatedString: resolve its value.
        // A form leads where it sends its words (the search box).
        links: [...Array.from(document.querySelectorAll('a[href], link[href]'), (a) => ({ href: new URL(a.getAttribute('href'), document.baseURI).href, raw: a.getAttribute('href') })),
          ...Array.from(document.querySelectorAll('form[action]'), (f) => ({ href: f.action, raw: f.getAttribute('action') }))],
        ids: Array.from(document.querySelectorAll('[id]'), (e) => e.id),
        h1: document.querySelectorAll('h1').length,
        main: document.querySelectorAll('main').length,
        lang: root.lang,
        title: document.title.trim(),
        scrollWidth: root.scrollWidth,
        clientWidth: root.clientWidth,
        wide: wide.slice(0, 5),
      };
    });
    const where = `${basePath}${path}`;
    for (const p of problems) failures.push(`${where}: ${p}`);
    if (info.h1 !== 1) failures.push(`${where}: ${info.h1} h1 elements; want 1`);
    if (info.main !== 1) failures.push(`${where}: ${info.main} main elements; want 1`);
    if (!info.lang) failures.push(`${where}: no lang on <html>`);
    if (!info.title) failures.push(`${where}: empty <title>`);
    if (info.scrollWidth > info.clientWidth) {
      failures.push(`${where}: scrolls sideways at ${NARROWEST} px (${info.scrollWidth} px wide): ${info.wide.join(', ')}`);
    }
    ids.set(path, new Set(info.ids));

    for (const { href, raw } of info.links) {
      const u = new URL(href);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') {
        if (u.protocol !== 'mailto:' && u.protocol !== 'tel:') failures.push(`${where}: link with scheme ${u.protocol} (${raw})`);
        continue;
      }
      if (u.origin !== new URL(siteURL).origin) continue; // another site
      const target = sitePath(href);
      if (target === null) {
        failures.push(`${where}: link ${raw} leaves the site's base path ${basePath}`);
        continue;
      }
      if (u.hash.length > 1) fragments.push({ from: where, path: target, id: decodeURIComponent(u.hash.slice(1)) });
      if (isPage(target)) {
        if (!seen.has(target)) { seen.add(target); queue.push(target); }
      } else if (!resources.has(u.pathname + u.search)) {
        resources.set(u.pathname + u.search, where);
      }
    }
  }

  for (const [res, from] of resources) {
    const r = await page.request.get(new URL(res, siteURL).href);
    if (r.status() !== 200) failures.push(`${from}: links to ${res}, HTTP ${r.status()}`);
  }
  for (const f of fragments) {
    if (!ids.get(f.path)?.has(f.id)) failures.push(`${f.from}: link to #${f.id} on ${basePath}${f.path}, which has no such id`);
  }
  const unreached = pages().filter((p) => !seen.has(p));
  if (unreached.length > 0) failures.push(`pages no link leads to from home: ${unreached.join(', ')}`);

  await context.close();
  console.log(`# crawled ${seen.size} pages and ${resources.size} other files from ${siteURL}`);
  assert.deepEqual(failures, [], failures.join('\n'));
});

// linksTo returns the site paths a built page links to that match re.
function linksTo(path, re) {
  const out = [];
  for (const m of pageHTML(path).matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)) {
    const p = sitePath(new URL(m[1].replaceAll('&amp;', '&'), url(path)).href);
    if (p !== null && re.test(p)) out.push(p);
  }
  return out;
}

const kindRe = (kind) => new RegExp(`^${kind}/[^/]+/$`);

// follow clicks the first visible link in main whose target is one of
// paths and waits for the page it leads to. (Links inside a closed note are
// in the page but not on screen.)
async function follow(page, paths) {
  const links = page.locator('main a[href]:visible');
  const hrefs = await links.evaluateAll((as) => as.map((a) => new URL(a.getAttribute('href'), document.baseURI).href));
  const i = hrefs.findIndex((h) => paths.includes(sitePath(h)));
  assert.ok(i >= 0, `${page.url()} has no visible link to any of ${paths.join(', ')}`);
  const target = hrefs[i];
  await Promise.all([page.waitForURL(target), links.nth(i).click()]);
  return sitePath(target);
}

for (const width of [NARROW, WIDE]) {
  for (const scheme of SCHEMES) {
    test(`a reader follows links from home to an article, a company, a market, an executive and a claim (${width} px, ${scheme})`, async (t) => {
      const context = await newContext(browser, { width, scheme });
      const page = await context.newPage();
      const problems = watch(page);
      await page.emulateMedia({ colorScheme: scheme });

      // The article to read: one listed on home that names a company, a
      // market and an executive, so that each can be followed from it.
      const candidates = ofKind('articles').filter((a) =>
        ['companies', 'markets', 'executives'].every((k) => linksTo(a, kindRe(k)).length > 0));
      assert.ok(candidates.length > 0, 'no article names a company, a market and an executive');

      await page.goto(siteURL);
      await screenshot(page, 'home');
      const article = await follow(page, candidates);
      assert.match(article, kindRe('articles'));
      await assert.doesNotReject(page.locator('main h1').waitFor());
      await screenshot(page, 'article');
      if (scheme === 'light') {
        await page.emulateMedia({ media: 'print' });
        await screenshot(page, 'article-print');
        await page.emulateMedia({ media: 'screen' });
      }

      for (const [kind, name] of [['companies', 'company'], ['markets', 'market'], ['executives', 'executive']]) {
        const target = await follow(page, linksTo(article, kindRe(kind)));
        assert.match(target, kindRe(kind));
        const h1 = (await page.locator('main h1').textContent()).trim();
        assert.ok(h1.length > 0, `${target}: empty h1`);
        // The entity's page lists the article the reader came from.
        assert.ok(linksTo(target, /^articles\//).includes(article), `${target} does not link back to ${article}`);
        await screenshot(page, name);
        await page.goBack();
      }

      await t.test('claim', async (t) => {
        const withClaims = ofKind('articles').filter((a) => linksTo(a, kindRe('claims')).length > 0);
        if (ofKind('claims').length === 0) return skip(t, 'the shipped site has no claim pages yet');
        assert.ok(withClaims.length > 0, 'there are claim pages but no article links to one');
        await page.goto(url(withClaims[0]));
        // The claim is linked from its note, which on a phone shows when
        // its number is followed: the reader taps it first.
        const note = await page.locator('.article-body .note:has(a[href*="claims/"])').first().getAttribute('id');
        await page.locator(`a.note-ref[href="#${note}"]`).click();
        const claim = await follow(page, linksTo(withClaims[0], kindRe('claims')));
        assert.ok(linksTo(claim, /^articles\//).includes(withClaims[0]), `${claim} does not list ${withClaims[0]}`);
        await screenshot(page, 'claim');
        await page.goto(url('claims/'));
        await screenshot(page, 'claims');
      });

      for (const [path, name] of [['timeline/', 'timeline'], ['companies/', 'companies'], ['404.html', '404']]) {
        await page.goto(url(path));
        await screenshot(page, name);
      }
      await context.close();
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }
}

// Every article at both widths in both schemes, as the reader sees it
// once the fonts are in: screenshots/article-<slug>-<width>-<scheme>.png.
test('screenshots of every article at a phone\'s and a laptop\'s width, light and dark', async () => {
  const failures = [];
  for (const width of [NARROW, WIDE]) {
    for (const scheme of SCHEMES) {
      const context = await newContext(browser, { width, scheme });
      const page = await context.newPage();
      const problems = watch(page);
      for (const path of ofKind('articles')) {
        await page.goto(url(path));
        await page.evaluate(() => document.fonts.ready);
        await screenshot(page, `article-${path.split('/')[1]}`);
      }
      await context.close();
      failures.push(...problems);
    }
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

for (const width of [NARROW, WIDE]) {
  test(`keyboard: the first Tab shows the skip link, which moves focus to the content; focus is visible (${width} px)`, async () => {
    const context = await newContext(browser, { width });
    const page = await context.newPage();
    await page.goto(url(ofKind('articles')[0]));
    await page.keyboard.press('Tab');
    const skipLink = await page.evaluate(() => {
      const a = document.activeElement;
      const r = a.getBoundingClientRect();
      const s = getComputedStyle(a);
      return { text: a.textContent.trim(), href: a.getAttribute('href'), top: r.top, bottom: r.bottom, outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) };
    });
    assert.equal(skipLink.text, 'Skip to content');
    assert.ok(skipLink.top >= 0 && skipLink.bottom <= 900, `the focused skip link is off screen (top ${skipLink.top})`);
    assert.ok(skipLink.outline !== 'none' && skipLink.outlineWidth >= 2, `the focused skip link has no visible outline (${skipLink.outline} ${skipLink.outlineWidth}px)`);
    await page.keyboard.press('Enter');
    const focusInMain = await page.evaluate(() => !!document.activeElement.closest('main'));
    assert.ok(focusInMain, 'Enter on the skip link did not move focus into main');

    // The next Tab reaches the first link of the content, visibly focused.
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => {
      const a = document.activeElement;
      const s = getComputedStyle(a);
      return { tag: a.tagName, inMain: !!a.closest('main'), outline: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) };
    });
    assert.ok(next.inMain, `Tab after the skip link left main (focus on ${next.tag})`);
    assert.ok(next.outline !== 'none' && next.outlineWidth >= 2, `focused ${next.tag} has no visible outline`);
    await context.close();
  });
}

// The pages that tell the dossier's story at a glance, as a reader meets
// them at a phone's and a laptop's width in both schemes: the facts panel
// and charts are there, every chart has its title and description, its
// text stays at least 12 px and inside the chart, its year labels do not
// overlap, and the page does not scroll sideways. Screenshots of each go
// to screenshots/story-*.
const STORY = [
  ['companies/xiaomi/', 'story-xiaomi', { facts: true, charts: 2 }],
  ['executives/hugo-barra/', 'story-hugo-barra', { facts: true, charts: 2 }],
  ['markets/united-states/', 'story-united-states', { facts: true, charts: 2 }],
  ['timeline/', 'story-timeline', { charts: 1 }],
  ['claims/xiaomi-rank-in-china/', 'story-claim-china-rank', { charts: 1 }],
];

// chartProblems reads the charts of the open page as the browser lays them
// out and returns what is wrong with them.
async function chartProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`scrolls sideways (${root.scrollWidth} px wide)`);
    document.querySelectorAll('svg.chart').forEach((svg, n) => {
      const name = `chart ${n + 1} (${svg.getAttribute('class')})`;
      for (const attr of ['aria-labelledby', 'aria-describedby']) {
        const el = document.getElementById(svg.getAttribute(attr) || '');
        if (!el || !svg.contains(el) || !el.textContent.trim()) out.push(`${name}: ${attr} names no title or desc of its own`);
      }
      const role = svg.getAttribute('role');
      if (role !== 'list' && role !== 'img') out.push(`${name}: role ${role}`);
      if (role === 'list') {
        for (const a of svg.querySelectorAll('a')) {
          if (!a.closest('[role="listitem"]')) out.push(`${name}: a link outside a list item`);
          const title = a.querySelector('title')?.textContent.trim() || a.textContent.trim();
          if (!title) out.push(`${name}: a link with no name`);
        }
      }
      const box = svg.getBoundingClientRect();
      const years = [];
      for (const t of svg.querySelectorAll('text')) {
        const s = getComputedStyle(t);
        if (s.display === 'none') continue;
        const r = t.getBoundingClientRect();
        if (parseFloat(s.fontSize) < 12) out.push(`${name}: "${t.textContent}" is ${s.fontSize}`);
        if (r.left < box.left - 1 || r.right > box.right + 1) out.push(`${name}: "${t.textContent}" leaves the chart (${Math.round(r.left)}–${Math.round(r.right)} of ${Math.round(box.left)}–${Math.round(box.right)})`);
        if (t.classList.contains('chart-year')) years.push([r.left, r.right, t.textContent]);
      }
      years.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < years.length; i++) {
        if (years[i][0] < years[i - 1][1] + 2) out.push(`${name}: year labels ${years[i - 1][2]} and ${years[i][2]} overlap`);
      }
    });
    return { problems: out, charts: document.querySelectorAll('main svg.chart').length, facts: !!document.querySelector('.entity-facts dl') };
  });
}

for (const width of [NARROW, WIDE]) {
  for (const scheme of SCHEMES) {
    test(`the story at a glance: entity, timeline and claim pages with their charts (${width} px, ${scheme})`, async () => {
      const context = await newContext(browser, { width, scheme });
      const page = await context.newPage();
      const problems = watch(page);
      const failures = [];
      for (const [path, name, want] of STORY) {
        if (!pages().includes(path)) {
          failures.push(`${path}: the shipped site has no such page`);
          continue;
        }
        await page.goto(url(path));
        const r = await chartProblems(page);
        for (const p of r.problems) failures.push(`${path}: ${p}`);
        if (r.charts < want.charts) failures.push(`${path}: ${r.charts} charts; want ${want.charts}`);
        if (want.facts && !r.facts) failures.push(`${path}: no facts panel`);
        await screenshot(page, name);
      }
      await context.close();
      failures.push(...problems);
      assert.deepEqual(failures, [], failures.join('\n'));
    });
  }
}
