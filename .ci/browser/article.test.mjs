// The article page as a reader meets it on a laptop: the text flows with
// its normal spacing whatever its notes (they stand in the margin and
// never make the next paragraph wait), the editors' summary is set apart
// from the publisher's text, and the page reads in its own typefaces.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, watch, ofKind, url, WIDE } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const articles = ofKind('articles');

// gaps measures the body of the loaded article: the space between each
// two consecutive blocks of its text (paragraphs, headings, list items,
// quotes' paragraphs; not the notes inside them), and the line height of
// its paragraphs.
function gaps(page) {
  return page.evaluate(() => {
    const body = document.querySelector('.article-body');
    const sel = 'p, h2, h3, h4, h5, h6, li, pre, table, hr';
    const blocks = [...body.querySelectorAll(sel)].filter((e) => !e.closest('.note') && !e.parentElement.closest(sel));
    const p = blocks.find((e) => e.tagName === 'P') ?? body;
    const line = parseFloat(getComputedStyle(p).lineHeight);
    const out = [];
    for (let i = 1; i < blocks.length; i++) {
      const prev = blocks[i - 1].getBoundingClientRect();
      const next = blocks[i].getBoundingClientRect();
      out.push({ gap: Math.round(next.top - prev.bottom), after: blocks[i - 1].textContent.trim().slice(0, 40) });
    }
    return { line, gaps: out, height: Math.round(body.getBoundingClientRect().height) };
  });
}

test(`at ${WIDE} px no gap between consecutive paragraphs of an article's text exceeds 1.5 × the line height`, async () => {
  const context = await newContext(browser, { width: WIDE });
  const page = await context.newPage();
  const problems = watch(page);
  const failures = [];
  for (const path of articles) {
    await page.goto(url(path));
    await page.evaluate(() => document.fonts.ready);
    const m = await gaps(page);
    const limit = 1.5 * m.line;
    const list = m.gaps.map((g) => g.gap);
    const largest = Math.max(0, ...list);
    console.log(`# ${path}: line ${m.line} px, largest gap ${largest} px (limit ${limit.toFixed(1)}), gaps ${list.join(' ')}, body ${m.height} px`);
    for (const g of m.gaps) {
      if (g.gap > limit) failures.push(`${path}: ${g.gap} px after "${g.after}…" (limit ${limit.toFixed(1)} px)`);
    }
  }
  await context.close();
  failures.push(...problems);
  assert.deepEqual(failures, [], failures.join('\n'));
});

// At every wide width the notes stand in the margin: right of the text,
// inside the window, never above the line that refers to them.
for (const width of [992, 1024, WIDE, 1920]) {
  test(`at ${width} px every note stands in the margin, beside or below its line, within the window`, async () => {
    const context = await newContext(browser, { width });
    const page = await context.newPage();
    const failures = [];
    for (const path of articles) {
      await page.goto(url(path));
      await page.evaluate(() => document.fonts.ready);
      const r = await page.evaluate(() => {
        const text = document.querySelector('.article-body > p').getBoundingClientRect();
        const root = document.documentElement;
        const notes = [...document.querySelectorAll('.article-body .note')].map((n) => {
          const box = n.getBoundingClientRect();
          const ref = n.previousElementSibling.getBoundingClientRect();
          return { id: n.id, left: box.left, right: box.right, top: box.top, refTop: ref.top };
        });
        return { textRight: text.right, clientWidth: root.clientWidth, scrollWidth: root.scrollWidth, notes };
      });
      if (r.scrollWidth > r.clientWidth) failures.push(`${path}: scrolls sideways at ${width} px (${r.scrollWidth} px wide)`);
      let drift = 0;
      for (const n of r.notes) {
        if (n.left < r.textRight + 16) failures.push(`${path}: ${n.id} overlaps the text (left ${Math.round(n.left)}, text ends at ${Math.round(r.textRight)})`);
        if (n.right > r.clientWidth) failures.push(`${path}: ${n.id} leaves the window (right ${Math.round(n.right)})`);
        if (n.top < n.refTop - 8) failures.push(`${path}: ${n.id} starts above its line`);
        drift = Math.max(drift, n.top - n.refTop);
      }
      if (width === WIDE) console.log(`# ${path}: ${r.notes.length} notes, the farthest ${Math.round(drift)} px below its line`);
    }
    await context.close();
    assert.deepEqual(failures, [], failures.join('\n'));
  });
}

test('the editors\' summary is labelled and set apart from the publisher\'s text; the page uses its own typefaces', async () => {
  const context = await newContext(browser, { width: WIDE });
  const page = await context.newPage();
  const failures = [];
  for (const path of articles) {
    await page.goto(url(path));
    await page.evaluate(() => document.fonts.ready);
    const r = await page.evaluate(() => {
      const summary = document.querySelector('.editors-summary');
      const text = document.querySelector('.article-body p');
      const style = (e) => e && getComputedStyle(e);
      return {
        summary: summary && {
          label: summary.querySelector('.editors-label')?.textContent.trim(),
          font: style(summary).fontFamily,
          background: style(summary).backgroundColor,
        },
        text: { font: style(text).fontFamily, background: getComputedStyle(document.body).backgroundColor },
        fonts: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family.replace(/["']/g, '')} ${f.weight} ${f.style}`),
      };
    });
    if (r.summary) {
      if (r.summary.label !== "Editors' summary") failures.push(`${path}: the summary is labelled "${r.summary.label}"`);
      if (r.summary.font === r.text.font) failures.push(`${path}: the editors' summary is set in the publisher's text's face (${r.text.font})`);
      if (r.summary.background === r.text.background) failures.push(`${path}: the editors' summary is not set apart`);
    }
    if (!r.text.font.startsWith('"Source Serif 4"')) failures.push(`${path}: the text is set in ${r.text.font}`);
    for (const want of ['Source Serif 4 400 normal', 'Source Serif 4 700 normal', 'Source Sans 3 400 normal', 'Source Sans 3 600 normal']) {
      if (!r.fonts.includes(want)) failures.push(`${path}: the webfont ${want} is not loaded (loaded: ${r.fonts.join(', ')})`);
    }
  }
  await context.close();
  assert.deepEqual(failures, [], failures.join('\n'));
});
