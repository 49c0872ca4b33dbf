// Annotation notes, as a reader uses them. The article markup contract:
// each annotated passage is <mark class="annotation" id="a-HASH"> followed
// by a reference to its note; after the paragraph, <aside class="notes">
// holds one <details class="note" id="note-HASH"> per note. On a phone the
// notes are closed toggles opened and closed from the keyboard; on a wide
// screen and in print their text is shown without any action.
//
// While the shipped dossier has no annotations the tests skip, saying so.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newContext, watch, ofKind, pageHTML, url, screenshot, skip, NARROW, WIDE, SCHEMES } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const annotated = ofKind('articles').filter((p) => /<mark\b[^>]*class="annotation/.test(pageHTML(p)));
const NO_NOTES = 'the shipped site has no annotated article yet';

// noteState describes the first note on the page: whether its details are
// open and whether its text (everything but the summary) is on screen.
function noteState(page, id) {
  return page.evaluate((id) => {
    const d = document.getElementById(id);
    const summary = d.querySelector(':scope > summary');
    // A closed details element keeps its content in the layout tree but
    // hides it (content-visibility), so rectangles alone do not tell.
    let shown = false;
    for (const child of d.children) {
      if (child === summary) continue;
      const r = child.getBoundingClientRect();
      if (child.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true, opacityProperty: true }) && r.width > 0 && r.height > 0) shown = true;
    }
    const looseText = [...d.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (looseText && d.getBoundingClientRect().height > (summary?.getBoundingClientRect().height ?? 0) + 1) shown = true;
    return { open: d.open, shown, text: d.textContent.trim() };
  }, id);
}

test('every highlighted passage has its note, and every note its passage', async (t) => {
  if (annotated.length === 0) return skip(t, NO_NOTES);
  const failures = [];
  for (const path of annotated) {
    const html = pageHTML(path);
    const marks = [...html.matchAll(/<mark\b[^>]*\bid="a-([^"]+)"/g)].map((m) => m[1]);
    const notes = [...html.matchAll(/<details\b[^>]*\bid="note-([^"]+)"/g)].map((m) => m[1]);
    for (const h of marks) if (!notes.includes(h)) failures.push(`${path}: passage a-${h} has no note-${h}`);
    for (const h of notes) if (!marks.includes(h)) failures.push(`${path}: note-${h} has no passage a-${h}`);
    if (new Set(marks).size !== marks.length) failures.push(`${path}: two passages share an id`);
  }
  assert.deepEqual(failures, [], failures.join('\n'));
});

for (const scheme of SCHEMES) {
  test(`on a phone a note opens and closes from the keyboard (${NARROW} px, ${scheme})`, async (t) => {
    if (annotated.length === 0) return skip(t, NO_NOTES);
    const context = await newContext(browser, { width: NARROW, scheme });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(url(annotated[0]));
    const id = await page.locator('details.note').first().getAttribute('id');
    assert.match(id, /^note-/);

    let state = await noteState(page, id);
    assert.equal(state.open, false, `${id} starts open on a phone`);
    assert.equal(state.shown, false, `${id}'s text is shown on a phone before it is opened`);

    // Tab from the top of the page until the note's summary has focus: it
    // must be reachable by keyboard alone.
    let reached = false;
    for (let i = 0; i < 200 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate((id) => document.activeElement === document.querySelector(`#${CSS.escape(id)} > summary`), id);
    }
    assert.ok(reached, `Tab never reaches the summary of ${id}`);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused summary has no visible outline');

    for (const key of ['Enter', 'Space']) {
      await page.keyboard.press(key);
      state = await noteState(page, id);
      assert.ok(state.open && state.shown, `${key} did not open ${id}`);
      if (key === 'Enter') await screenshot(page, 'article-note-open');
      await page.keyboard.press(key);
      state = await noteState(page, id);
      assert.ok(!state.open && !state.shown, `${key} did not close ${id}`);
    }
    await context.close();
    assert.deepEqual(problems, [], problems.join('\n'));
  });
}

test(`on a wide screen and in print the notes are shown without opening them`, async (t) => {
  if (annotated.length === 0) return skip(t, NO_NOTES);
  const context = await newContext(browser, { width: WIDE });
  const page = await context.newPage();
  await page.goto(url(annotated[0]));
  const ids = await page.locator('details.note').evaluateAll((ds) => ds.map((d) => d.id));
  const hidden = [];
  for (const id of ids) if (!(await noteState(page, id)).shown) hidden.push(id);
  assert.deepEqual(hidden, [], `notes not shown at ${WIDE} px: ${hidden.join(', ')}`);
  await screenshot(page, 'article-notes');

  await page.setViewportSize({ width: NARROW, height: 900 });
  await page.emulateMedia({ media: 'print' });
  for (const id of ids) if (!(await noteState(page, id)).shown) hidden.push(id);
  assert.deepEqual(hidden, [], `notes not shown in print: ${hidden.join(', ')}`);
  await context.close();
});
