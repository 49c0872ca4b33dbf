// The annotation exports as other tools read them.
//
// JSON-LD: every .jsonld file the build wrote expands with a JSON-LD
// processor (npm jsonld, in safe mode, which fails on anything it would
// drop), and every key in it is a term of the Web Annotation context. The
// context, http://www.w3.org/ns/anno.jsonld, is not reachable from CI's
// machines: a document loader serves the copy in fixtures/ and refuses
// every other URL.
//
// Anchoring: each article page that links to an export is loaded in
// Chromium; the elements the generator adds to the article's text that are
// not the article's (the notes, the numbered references to them, the
// names of speakers after quotes) are removed, and every exported TextQuoteSelector is anchored with
// Hypothesis's anchoring library (dom-anchor-text-quote) and with Apache
// Annotator (@apache-annotator/dom), and each TextPositionSelector, within
// the .article-body element its CssSelector names, with Apache Annotator.
// Each must land on the passage the page marks: the text the <mark> with
// the annotation's id starts, and exactly the selector's text.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import jsonld from 'jsonld';
import { launch, newContext, watch, ofKind, pageHTML, url, siteDir, skip } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ANNO = 'http://www.w3.org/ns/anno.jsonld';
const annoContext = JSON.parse(readFileSync(join(here, 'fixtures', 'anno.jsonld'), 'utf8'));

// jsonldFiles lists the site's .jsonld files, relative to the site.
function jsonldFiles() {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.jsonld')) out.push(relative(siteDir, p).split(sep).join('/'));
    }
  };
  walk(siteDir);
  return out.sort();
}

const documentLoader = async (u) => {
  if (u === ANNO || u === ANNO.replace('http:', 'https:')) {
    return { contextUrl: null, documentUrl: u, document: annoContext };
  }
  throw new Error(`the test loads no document but the Web Annotation context; asked for ${u}`);
};

// undefinedTerms returns the keys of a compacted document that its context
// does not define, with where they are.
function undefinedTerms(doc) {
  const terms = annoContext['@context'];
  const out = [];
  const walk = (v, at) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '@context') continue;
        if (!k.startsWith('@') && !(k in terms)) out.push(`${at}.${k}`);
        walk(x, `${at}.${k}`);
      }
    }
  };
  walk(doc, '$');
  return out;
}

test('every annotation export expands as JSON-LD without dropping a term', async () => {
  const files = jsonldFiles();
  assert.ok(files.includes('annotations.jsonld'), 'the site has no annotations.jsonld at its root');
  let annotations = 0;
  for (const f of files) {
    const doc = JSON.parse(readFileSync(join(siteDir, f), 'utf8'));
    assert.equal(doc['@context'], ANNO, `${f}: @context`);
    assert.deepEqual(undefinedTerms(doc), [], `${f}: keys the Web Annotation context does not define`);
    // Safe mode throws where expansion would drop a key or a value.
    const expanded = await jsonld.expand(doc, { documentLoader, base: url(f), safe: true });
    assert.ok(expanded.length > 0, `${f}: expands to nothing`);
    const s = JSON.stringify(expanded);
    annotations += (s.match(/"@type":\["http:\/\/www\.w3\.org\/ns\/oa#Annotation"\]/g) || []).length;
  }
  console.log(`# JSON-LD: ${files.length} files expanded, ${annotations} annotations in them`);
});

// The anchoring libraries, bundled for the page.
let bundle;
let browser;
before(async () => {
  const out = await build({
    stdin: {
      contents: `
        import * as textQuote from 'dom-anchor-text-quote';
        import { createTextQuoteSelectorMatcher, createTextPositionSelectorMatcher } from '@apache-annotator/dom';
        window.anchoring = { textQuote, createTextQuoteSelectorMatcher, createTextPositionSelectorMatcher };
      `,
      resolveDir: here,
      loader: 'js',
    },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0].text;
  browser = await launch();
});
after(async () => { await browser?.close(); });

const exported = ofKind('articles').filter((p) => /<link rel="alternate" type="application\/ld\+json"/.test(pageHTML(p)));

test('every exported selector anchors, with both libraries, on the passage the page marks', async (t) => {
  if (exported.length === 0) return skip(t, 'the shipped site has no annotated article');
  const ctx = await newContext(browser);
  const totals = { selectors: 0, hypothesis: 0, annotator: 0, position: 0 };
  for (const path of exported) {
    const page = await ctx.newPage();
    const problems = watch(page);
    await page.goto(url(path));
    const href = await page.getAttribute('link[rel="alternate"][type="application/ld+json"]', 'href');
    const exportURL = new URL(href, page.url()).href;
    const res = await page.request.get(exportURL);
    assert.equal(res.status(), 200, `${path}: ${exportURL}`);
    const items = (await res.json()).items;
    await page.addScriptTag({ content: bundle });
    const results = await page.evaluate(async (items) => {
      const root = document.querySelector('.article-body');
      for (const el of root.querySelectorAll('.note, .note-ref, .speaker-ref')) el.remove();
      // at is the place (container, offset) as a count of the root's text
      // before it, in UTF-16 code units as DOM strings count.
      const at = (container, offset) => {
        const r = document.createRange();
        r.setStart(root, 0);
        r.setEnd(container, offset);
        return r.toString().length;
      };
      const collect = async (gen) => {
        const out = [];
        for await (const r of gen) out.push({ start: at(r.startContainer, r.startOffset), text: r.toString() });
        return out;
      };
      const out = [];
      for (const an of items) {
        const target = an.target[0];
        const quote = target.selector.find((s) => s.type === 'TextQuoteSelector');
        const css = target.selector.find((s) => s.type === 'CssSelector');
        const id = an.id.slice(an.id.lastIndexOf('#') + 1);
        const mark = document.getElementById(id);
        const r = { id, exact: quote.exact, mark: null };
        if (mark) r.mark = { start: at(mark, 0), text: mark.textContent };
        const h = window.anchoring.textQuote.toRange(root, quote);
        r.hypothesis = h ? { start: at(h.startContainer, h.startOffset), text: h.toString() } : null;
        r.annotator = await collect(window.anchoring.createTextQuoteSelectorMatcher(quote)(root));
        const scope = document.querySelector(css.value);
        r.scopeIsRoot = scope === root;
        r.position = await collect(window.anchoring.createTextPositionSelectorMatcher(css.refinedBy)(scope));
        out.push(r);
      }
      return out;
    }, items);
    const marks = await page.locator('.article-body mark.annotation[id]').count();
    assert.equal(items.length, marks, `${path}: ${items.length} exported annotations, ${marks} marked passages`);
    for (const r of results) {
      const where = `${path}#${r.id}`;
      totals.selectors++;
      assert.ok(r.mark, `${where}: the page marks no passage with this id`);
      assert.ok(r.exact.startsWith(r.mark.text) || r.mark.text.startsWith(r.exact), `${where}: the marked text ${JSON.stringify(r.mark.text)} does not begin the selector's ${JSON.stringify(r.exact)}`);
      assert.deepEqual(r.hypothesis, { start: r.mark.start, text: r.exact }, `${where}: dom-anchor-text-quote`);
      totals.hypothesis++;
      assert.deepEqual(r.annotator, [{ start: r.mark.start, text: r.exact }], `${where}: @apache-annotator/dom TextQuoteSelector`);
      totals.annotator++;
      assert.ok(r.scopeIsRoot, `${where}: the CssSelector names another element than the article's text`);
      assert.deepEqual(r.position, [{ start: r.mark.start, text: r.exact }], `${where}: @apache-annotator/dom TextPositionSelector`);
      totals.position++;
    }
    assert.deepEqual(problems, [], `${path}: problems on the page`);
    await page.close();
  }
  await ctx.close();
  console.log(`# anchoring: ${exported.length} article pages, ${totals.selectors} TextQuoteSelectors; ` +
    `dom-anchor-text-quote anchored ${totals.hypothesis}, @apache-annotator/dom anchored ${totals.annotator}; ` +
    `${totals.position} TextPositionSelectors anchored by @apache-annotator/dom`);
});
