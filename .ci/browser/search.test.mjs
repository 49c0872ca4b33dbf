// Search, as a reader uses it: from any page's header box to the search
// page; a phrase from a quote, filtered by the executive who said it and a
// date range, followed to the passage in its article; the address holding
// the search, so that it can be linked; the same on a generated dossier of
// 1,000 articles served under its own sub-path (CORPUS_URL, CORPUS_DIR),
// and its facets as a much larger dossier's index shows them, estimated;
// the search page opened from disk (PORTABLE_DIR, a build without
// -base-url); and without JavaScript, the page saying so and leading to
// the indexes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, newContext, watch, siteURL, siteDir, screenshot, skip, NARROW, WIDE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// quoteOf finds, in a built site, an executive's page listing quotes
// (their page, or its list of quotes), and reads off it and the quote's
// article what the journey needs: the article's path, the passage and its
// anchor, who said it, and the article's date.
async function quoteOf(page, dir, url) {
  const lists = [];
  const walk = (rel) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(rel, e.name));
      else if (e.name === 'index.html' && /class="quote-list"/.test(readFileSync(join(dir, rel, e.name), 'utf8'))) lists.push(rel);
    }
  };
  walk('executives');
  lists.sort();
  assert.ok(lists.length > 0, `no executive of ${dir} has a quote`);
  const speaker = lists[0].split('/')[1];
  await page.goto(new URL(lists[0] + '/', url).href);
  const q = await page.evaluate(() => {
    const passage = document.querySelector('.quote-list .passage a');
    const u = new URL(passage.href);
    return { path: u.pathname, passage: passage.textContent.trim(), anchor: u.hash.slice(1) };
  });
  await page.goto(new URL(q.path, url).href);
  q.date = await page.evaluate(() => document.querySelector('main time[datetime]').getAttribute('datetime'));
  q.speaker = speaker;
  return q;
}

// status waits for the search's announcement to match re, and returns it.
async function status(page, re) {
  await page.waitForFunction((src) => new RegExp(src).test(document.querySelector('#search-status').textContent), re.source, { timeout: 30000 });
  return page.locator('#search-status').textContent();
}

// resultLinks lists the links of the results shown.
const resultLinks = (page) => page.locator('#search-results .result-title a').evaluateAll((as) => as.map((a) => a.href));

// journey searches a site for a phrase from one of its quotes, filters
// by its speaker and its article's month, and follows the result to the
// passage.
async function journey(url, dir, name) {
  const context = await newContext(browser, { width: WIDE });
  const page = await context.newPage();
  const problems = watch(page);
  const q = await quoteOf(page, dir, url);
  // Five words of the passage, in typographic quotes: a phrase.
  const words = q.passage.split(/\s+/).slice(0, 5).join(' ');
  const phrase = `“${words}”`;

  // The header's box leads to the search page (a plain form).
  await page.goto(url);
  await page.fill('#site-search-q', phrase);
  await Promise.all([page.waitForURL(/\/search\//), page.press('#site-search-q', 'Enter')]);
  const first = await status(page, /\d+ results? for/);
  assert.equal(await page.inputValue('#search-q'), phrase, 'the page takes the words from the address');
  assert.equal(await page.locator('#search-status').getAttribute('role'), 'status', 'the count is announced politely');
  const target = new URL(q.path + '#' + q.anchor, url).href;
  assert.ok((await resultLinks(page)).includes(target), `${first}: no result links to ${target}`);

  // Filter by the speaker and by the article's month (the filters are
  // open on a wide screen).
  assert.ok(await page.evaluate(() => document.querySelector('#search-filters').open), 'the filters are open on a wide screen');
  await page.check(`input[name="executive"][value="${q.speaker}"]`);
  await page.waitForURL(new RegExp(`executive=${q.speaker}`));
  const [y, m] = q.date.split('-');
  await page.fill('#search-from', `${y}-${m || '01'}`);
  await page.fill('#search-to', `${y}-${m || '12'}`);
  await page.locator('#search-to').dispatchEvent('change');
  await page.waitForURL(/to=/);
  const filtered = await status(page, /results? for .*filtered/);
  const links = await resultLinks(page);
  assert.ok(links.includes(target), `${filtered}: no result links to ${target}`);
  await screenshot(page, `search-${name}`);

  // The address holds the search: opened again, it shows the same.
  const address = page.url();
  for (const p of ['q=', `executive=${q.speaker}`, 'from=', 'to=']) assert.ok(address.includes(p), `${address} lacks ${p}`);
  const again = await context.newPage();
  await again.goto(address);
  assert.equal(await status(again, /filtered/), filtered);
  assert.ok(await again.isChecked(`input[name="executive"][value="${q.speaker}"]`));
  await again.close();

  // The result leads to the passage.
  await Promise.all([page.waitForURL(target), page.locator(`#search-results a[href$="#${q.anchor}"]`).first().click()]);
  assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), q.anchor);
  await context.close();
  assert.deepEqual(problems, [], problems.join('\n'));
}

test('search the shipped dossier: a phrase from a quote, filtered by its speaker and a date range, to the passage', async () => {
  await journey(siteURL, siteDir, 'dossier');
});

test('search a dossier of 1,000 articles under a sub-path: the same journey', async (t) => {
  const url = process.env.CORPUS_URL, dir = process.env.CORPUS_DIR;
  if (!url || !dir) return skip(t, 'CORPUS_URL and CORPUS_DIR are not set (.ci/gates.sh sets them)');
  await journey(url, dir, 'corpus');
});

test('the search page works opened from disk', async (t) => {
  const dir = process.env.PORTABLE_DIR;
  if (!dir) return skip(t, 'PORTABLE_DIR is not set (.ci/gates.sh sets it)');
  const context = await newContext(browser, { width: NARROW });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(pathToFileURL(join(dir, 'index.html')).href);
  await page.fill('#site-search-q', 'Xiaomi');
  await Promise.all([page.waitForURL(/search\/index\.html\?q=Xiaomi/), page.press('#site-search-q', 'Enter')]);
  const said = await status(page, /\d+ results? for/);
  const first = (await resultLinks(page))[0];
  assert.ok(first.startsWith('file:') && first.includes('index.html'), `${said}: a result links to ${first}`);
  await page.locator('#search-results .result-title a').first().click();
  await page.waitForURL(first);
  await context.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('without JavaScript the search page says so and leads to the indexes', async () => {
  const context = await newContext(browser, { width: NARROW, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(new URL('search/?q=xiaomi', siteURL).href);
  const text = await page.locator('main').innerText();
  assert.match(text, /needs JavaScript/);
  assert.equal(await page.locator('#search').isVisible(), false, 'the form a script answers is hidden');
  const hrefs = await page.locator('main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const p of ['timeline/', 'companies/', 'markets/', 'executives/', 'claims/']) {
    assert.ok(hrefs.some((h) => h.includes(p)), `no link to ${p} in ${hrefs.join(', ')}`);
  }
  await context.close();
});

test('the search form works by keyboard: typing searches, results are links in order', async () => {
  const context = await newContext(browser, { width: WIDE });
  const page = await context.newPage();
  await page.goto(new URL('search/', siteURL).href);
  await status(page, /Type a word/);
  await page.keyboard.press('Tab'); // the skip link
  await page.focus('#search-q');
  await page.keyboard.type('xiao');
  const said = await status(page, /\d+ results? for “xiao”/);
  assert.ok(/^\d/.test(said.trim()), said);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.type), 'submit');
  await context.close();
});

test("a large dossier's facet counts: estimated and marked, a chosen value counted", async (t) => {
  const url = process.env.CORPUS_URL;
  if (!url) return skip(t, 'CORPUS_URL is not set (.ci/gates.sh sets it)');
  const context = await newContext(browser, { width: WIDE });
  const page = await context.newPage();
  const problems = watch(page);
  // The 1,000-article index counts its values; one of 100,000 articles
  // says it cannot (counted: false), which this page is told instead.
  let told = false;
  await page.route('**/search/index.js*', async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace('"counted":true', '"counted":false');
    told = body.includes('"counted":false');
    await route.fulfill({ response: res, body });
  });
  await page.goto(new URL('search/?q=antenna+design', url).href);
  const said = await status(page, /[\d,]+ results? for/);
  assert.ok(told, 'the page was served an index.js saying counted: false');
  assert.ok(Number(said.replace(/,/g, '').match(/\d+/)[0]) > 10, said);
  const counts = await page.locator('#search-facets fieldset:not(:first-of-type) .count').allTextContents();
  assert.ok(counts.length > 0 && counts.every((c) => /^\(about [\d,]+\)$/.test(c)), counts.join(' '));
  assert.match(await page.locator('#search-facets .facets-note').textContent(), /estimated/);
  // Choosing a value filters by it: its count is exact, the results'.
  const box = page.locator('#search-facets input[name="company"]').first();
  const slug = await box.getAttribute('value');
  await box.check();
  const filtered = await status(page, /, filtered\./);
  const n = filtered.replace(/,/g, '').match(/\d+/)[0];
  const label = page.locator(`#search-facets input[name="company"][value="${slug}"]`).locator('xpath=..');
  assert.equal(await label.locator('.count').textContent(), `(${Number(n).toLocaleString('en')})`);
  await context.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});
