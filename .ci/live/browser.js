// Live reload in a real browser, against a running `dossier serve`:
//   node browser.js URL SITE_FOLDER
// SITE_FOLDER holds the content/ and static/ the server watches; the script
// edits them and checks what open pages do. Exits 1 on the first failure.
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

const [url, dir] = process.argv.slice(2);
const timeout = 15000;

function check(ok, what) {
  if (!ok) throw new Error('FAIL: ' + what);
  console.log('ok   ' + what);
}

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const articles = path.join(dir, 'content', 'articles');
    const name = fs.readdirSync(articles).filter(f => f.endsWith('.md')).sort()[0];
    const file = path.join(articles, name);
    const slug = name.replace(/\.md$/, '');
    const orig = fs.readFileSync(file, 'utf8');

    const page = await browser.newPage();
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(url + 'articles/' + slug + '/');
    check(await page.evaluate(() => !!document.querySelector('script[src$="_dossier/live.js"]')), 'pages served get the live-reload script');

    // An edit of the article's text reaches the open page.
    fs.writeFileSync(file, orig.replace(/\n---\n/, '\n---\nA paragraph added while the page was open.\n\n'));
    await page.waitForFunction(() => document.body.innerText.includes('added while the page was open'), null, { timeout });
    check(loads >= 2, 'an edit reloads the open page');

    // A typo: the overlay, and the last good build still served.
    fs.writeFileSync(file, orig.replace(/^date: .*$/m, 'date: 2015-02-30'));
    await page.waitForFunction(() => {
      const h = document.getElementById('dossier-errors');
      return h && h.shadowRoot && /:\d+:\d+: impossible date/.test(h.shadowRoot.textContent);
    }, null, { timeout });
    check(true, 'a typo shows FILE:LINE:COL in an overlay');
    check(await page.evaluate(() => document.getElementById('dossier-errors').shadowRoot.querySelector('[role=alert]') !== null), 'the overlay is an alert region');
    check(await page.evaluate(() => {
      const m = document.getElementById('dossier-errors').shadowRoot.querySelector('pre mark');
      return m !== null && /date: 2015-02-30/.test(m.textContent);
    }), 'the overlay shows the offending line of the file, marked');
    const still = await (await fetch(url + 'articles/' + slug + '/')).text();
    check(still.includes('added while the page was open'), 'the server keeps serving the last good build');
    const other = await browser.newPage();
    await other.goto(url);
    await other.waitForFunction(() => document.getElementById('dossier-errors'), null, { timeout });
    check(true, 'a page opened while the build fails shows the overlay');
    await other.keyboard.press('Escape');
    check(await other.evaluate(() => !document.getElementById('dossier-errors')), 'Escape dismisses the overlay');

    // The fix clears the overlay and reloads.
    const before = loads;
    fs.writeFileSync(file, orig);
    await page.waitForFunction(() => !document.getElementById('dossier-errors') && !document.body.innerText.includes('added while the page was open'), null, { timeout });
    check(loads > before, 'the fix clears the overlay and reloads the page');

    // A stylesheet change restyles without reloading.
    const unchanged = loads;
    fs.appendFileSync(path.join(dir, 'static', 'style.css'), '\nbody { outline: 3px solid rgb(1, 2, 3); }\n');
    await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)', null, { timeout });
    check(loads === unchanged, 'a stylesheet change restyles the page without reloading it');

    // A hidden page lets go of its event stream (browsers allow six
    // connections to a server), and reloads when shown if it missed a build.
    const setHidden = hidden => page.evaluate(h => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
      document.dispatchEvent(new Event('visibilitychange'));
    }, hidden);
    await setHidden(true);
    const hiddenLoads = loads;
    fs.writeFileSync(file, orig.replace(/\n---\n/, '\n---\nWritten while the tab was hidden.\n\n'));
    const deadline = Date.now() + timeout;
    while (!(await (await fetch(url + 'articles/' + slug + '/')).text()).includes('while the tab was hidden')) {
      if (Date.now() > deadline) throw new Error('FAIL: the edit made while the tab was hidden was not built');
      await new Promise(r => setTimeout(r, 100));
    }
    check(loads === hiddenLoads, 'a hidden page does not reload');
    await setHidden(false);
    await page.waitForFunction(() => document.body.innerText.includes('while the tab was hidden'), null, { timeout });
    check(true, 'shown again, it reloads with the build it missed');
    fs.writeFileSync(file, orig);

    // A page that does not exist yet appears when it is created.
    const later = await browser.newPage();
    const res = await later.goto(url + 'articles/written-while-watching/');
    check(res.status() === 404, 'a missing page answers 404');
    fs.writeFileSync(path.join(articles, 'written-while-watching.md'), '---\ntitle: Written while watching\ndate: 2015-03-01\n---\nFresh text.\n');
    await later.waitForFunction(() => document.body.innerText.includes('Fresh text'), null, { timeout });
    check(true, 'an open 404 page reloads when its article is created');
  } finally {
    await browser.close();
  }
})().catch(e => { console.error(e.message || e); process.exit(1); });
