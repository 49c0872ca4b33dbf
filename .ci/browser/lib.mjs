// Shared helpers of the browser gates: where the site is, how Chromium is
// started, how a page is opened with its problems recorded, and how
// screenshots are named. .ci/gates.sh sets the environment:
//
//   SITE_URL      the served site, with its sub-path: http://127.0.0.1:PORT/dossier/
//   SITE_DIR      the folder that was built (to list its pages)
//   SCREENSHOTS   where screenshots go (git-ignored)
//   DOSSIER_BIN   the dossier command, for the live-reload test
//   CONTENT_DIR   the shipped content folder, copied by the live-reload test
//   CORPUS_URL, CORPUS_DIR   a generated dossier of 1,000 articles, served
//                 at its own sub-path, and its folder (search.test.mjs)
//   PORTABLE_DIR  the shipped dossier built without -base-url, to open
//                 from disk (search.test.mjs)
//
// Chromium is Debian's (/usr/bin/chromium, or CHROMIUM); playwright-core is
// only the driver and never downloads a browser.

import { chromium } from 'playwright-core';
import { readdirSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export function env(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set; run the gates with .ci/gates.sh`);
  return v;
}

export const siteURL = env('SITE_URL');
export const siteDir = env('SITE_DIR');
export const basePath = new URL(siteURL).pathname; // "/dossier/"

// The widths screenshots and layout checks are taken at: a small phone and
// a laptop. 360 px is the narrowest phone we check for sideways scrolling.
export const NARROW = 375;
export const WIDE = 1280;
export const NARROWEST = 360;
export const SCHEMES = ['light', 'dark'];

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
}

// newContext opens a browser context at a width, in a colour scheme, with
// motion reduced so that screenshots do not catch a scroll half-way.
export async function newContext(browser, { width = WIDE, scheme = 'light', javaScriptEnabled = true } = {}) {
  return browser.newContext({
    viewport: { width, height: 900 },
    colorScheme: scheme,
    reducedMotion: 'reduce',
    javaScriptEnabled,
  });
}

// watch records what goes wrong on a page while it is used: script errors,
// console errors, failed requests and HTTP errors of the page's resources.
export function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
  page.on('console', (m) => {
    // "Failed to load resource" names no URL; the response handler below
    // reports the page's own failed requests with theirs. What it leaves
    // out is the browser's own request for /favicon.ico at the root of
    // the host, which is not the site's.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console error: ${m.text()}`);
  });
  page.on('requestfailed', (r) => {
    // A navigation cut short by the next one is not a failure.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

// pages lists the site's pages as URL paths relative to the site
// ("", "articles/x/", "404.html"), read from the built folder, sorted.
export function pages() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) {
        const rel = relative(siteDir, p).split(sep).join('/');
        out.push(rel.endsWith('index.html') ? rel.slice(0, -'index.html'.length) : rel);
      }
    }
  };
  walk(siteDir);
  return out.sort();
}

// pageHTML returns a built page's HTML, by its URL path.
export function pageHTML(path) {
  const file = path === '' || path.endsWith('/') ? path + 'index.html' : path;
  return readFileSync(join(siteDir, file), 'utf8');
}

// ofKind returns the pages of one kind: "articles", "companies", … — the
// pages one level below the kind's index, first page of each only.
export function ofKind(kind) {
  const re = new RegExp(`^${kind}/[^/]+/$`);
  return pages().filter((p) => re.test(p));
}

export function url(path) {
  return new URL(path, siteURL).href;
}

// sitePath returns the path of a URL relative to the site, or null when the
// URL is not on the site.
export function sitePath(href) {
  const u = new URL(href, siteURL);
  const base = new URL(siteURL);
  if (u.origin !== base.origin || !u.pathname.startsWith(base.pathname)) return null;
  return decodeURIComponent(u.pathname.slice(base.pathname.length));
}

const screenshotDir = process.env.SCREENSHOTS || fileURLToPath(new URL('../../screenshots/', import.meta.url));

// screenshot saves the whole page as SCREENSHOTS/<name>-<width>-<scheme>.png.
export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  const { width } = page.viewportSize();
  const scheme = await page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  const file = join(screenshotDir, `${name}-${width}-${scheme}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

// skip marks a test skipped with a line in the log saying why, so that a
// gate waiting for a feature is visible rather than silently green.
export function skip(t, why) {
  console.log(`# SKIP ${t.name}: ${why}`);
  t.skip(why);
}
