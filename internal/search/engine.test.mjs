// The query engine of static/search.js on the index of a small dossier
// (testdata/fixture), which TestScript builds and names in SEARCH_INDEX:
// matching, ranking, phrases, numbers, folding, prefixes, filters, dates,
// facets' counts (checked against counting every result's record) and
// snippets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const search = require('../../static/search.js');
const dir = process.env.SEARCH_INDEX;

// load reads an index file as the page does: a script that registers its
// data with dossierSearch, under the name asked for.
function load(name) {
  const src = readFileSync(join(dir, 'search', name + '.js'), 'utf8');
  let got, as;
  const reg = {
    index: (d) => { got = d; as = 'index'; },
    shard: (n, d) => { got = d; as = 't/' + n; },
    docs: (n, d) => { got = d; as = 'd/' + n; },
    slugs: (d) => { got = d; as = 'slugs'; },
  };
  new Function('dossierSearch', src)(reg);
  assert.equal(as, name, `${name}.js registers as ${as}`);
  return Promise.resolve(got);
}

async function engine() { return new search.Engine(load).init(); }

const empty = { kind: [], company: [], market: [], executive: [], claim: [], source: [] };

// titles returns each result as "kind: title", in order.
async function titles(e, a) {
  return Promise.all(a.results.map(async (r) => {
    const rec = await e.record(r.kind, r.id);
    return ['article', 'annotation', 'claim', 'entity'][r.kind] + ': ' + (r.kind === 1 ? rec[7] : rec[0]);
  }));
}

async function ask(q, st = {}) {
  const e = await engine();
  const a = await e.search({ ...empty, q, ...st });
  return { e, a, titles: await titles(e, a) };
}

test('skip: the fixture index is built by go test ./internal/search', { skip: !dir }, () => {});

if (dir) {
  test('a word in a title ranks above the same word in a text', async () => {
    const { titles: t } = await ask('antenna');
    assert.ok(t.indexOf('article: Antenna troubles') < t.indexOf('article: Why phones take longer'), t.join('\n'));
  });

  test("an entity's name ranks first", async () => {
    const { titles: t } = await ask('Hugo Barra');
    assert.equal(t[0], 'entity: Hugo Barra');
  });

  test('phrases in straight or typographic quotes are found as written, and only so', async () => {
    for (const q of ['"customize the antenna"', '“customize the antenna”', '«customize the antenna»']) {
      const { titles: t } = await ask(q);
      assert.deepEqual(t.sort(), ['annotation: customize the antenna design', 'article: Why phones take longer'], q);
    }
    assert.equal((await ask('"antenna the customize"')).a.total, 0);
    assert.equal((await ask('"It\'s a bit of a tease"')).a.total, 1);
    assert.equal((await ask('"It’s a bit of a tease"')).a.total, 1);
  });

  test('words next to each other rank first', async () => {
    const { titles: t } = await ask('phones will');
    assert.equal(t[0], 'annotation: the phones will come later');
  });

  test('numbers are found as written', async () => {
    const { titles: t } = await ask('61.1 million');
    assert.ok(t.includes('article: Xiaomi sold 61.1 million phones'), t.join('\n'));
    assert.ok(t.includes('claim: Phones Xiaomi sold in 2014'), t.join('\n'));
    assert.ok((await ask('13.1')).titles.includes('annotation: 13.1 percent'));
    assert.equal((await ask('"61"')).a.total, 0, 'a part of a number is not the number');
  });

  test('claims are found by their reports\' figures: unit, period, measure, source', async () => {
    const q = await ask('"fourth quarter of 2014" shipments');
    assert.ok(q.titles.includes('annotation: 13.1 percent'), q.titles.join('\n'));
    assert.ok(q.titles.some((t) => t.startsWith('claim: ')), q.titles.join('\n'));
    const u = await ask('61.1 million units');
    assert.ok(u.titles.includes('annotation: 61.1 million smartphones'), u.titles.join('\n'));
    assert.ok(u.titles.includes('claim: Phones Xiaomi sold in 2014'), u.titles.join('\n'));
    // The figure is in the annotation's snippet, its words marked.
    const r = u.a.results.find((r) => r.kind === 1);
    const s = search.snippet(r, await u.e.record(1, r.id), u.a.words, u.a.groups);
    assert.match(s.text, /61\.1 million units · 2014/);
    assert.ok(s.marks.some(([a, b]) => s.text.slice(a, b) === 'units'), JSON.stringify(s));
  });

  test('case, diacritics and quotes do not matter', async () => {
    assert.ok((await ask('XIAOMI')).a.total > 0);
    const z = await ask('zurich');
    assert.ok(z.titles.includes('article: A launch in Zürich'), z.titles.join('\n'));
    assert.ok(z.titles.includes('annotation: customize the antenna design'), 'a note is searched');
    assert.equal((await ask('Zürich')).a.total, z.a.total);
  });

  test('text without spaces is found by pairs of characters', async () => {
    assert.ok((await ask('手机')).titles.includes('article: 小米手机在中国'));
    const x = await ask('小米');
    assert.ok(x.titles.includes('entity: Xiaomi'), 'an alias');
    assert.ok(x.titles.includes('article: 小米手机在中国'));
    assert.equal((await ask('中国手机')).a.total, 0, 'the pairs of the query must all be there');
  });

  test('the word being typed is a prefix; a whole word is not, unless no word is it', async () => {
    const e = await engine();
    const typing = await e.search({ ...empty, q: 'anten', typing: true });
    assert.ok(typing.total >= 3);
    const sent = await e.search({ ...empty, q: 'anten' });
    assert.equal(sent.total, typing.total, 'no word "anten": the prefix is used');
    const market = await e.search({ ...empty, q: 'market' });
    const typed = await e.search({ ...empty, q: 'market', typing: true });
    assert.ok(typed.total > market.total, 'typing "market" also finds "marketing"');
  });

  test('filters combine with the query and each other', async () => {
    const e = await engine();
    const barra = (await e.id('executive', 'hugo-barra'));
    assert.notEqual(barra, null);
    const all = await e.search({ ...empty, q: 'phones' });
    const his = await e.search({ ...empty, q: 'phones', executive: [barra] });
    assert.ok(his.total > 0 && his.total < all.total);
    for (const r of his.results) {
      const rec = await e.record(r.kind, r.id);
      const vals = search.decodeValues(rec[[5, 9, 4, 6][r.kind]]);
      assert.ok(vals.some(([f, id]) => f === 'x' && id === barra), 'every result concerns Hugo Barra');
    }
    const apple = await e.id('company', 'apple');
    assert.equal((await e.search({ ...empty, q: 'phones', executive: [barra], company: [apple] })).total, 0);
  });

  test('a date range keeps the dated documents of its months', async () => {
    const { titles: t } = await ask('', { from: 201502, to: 201503 });
    assert.deepEqual(t.filter((x) => x.startsWith('article')).sort(), ['article: A launch in Zürich', 'article: Xiaomi sold 61.1 million phones']);
    const { a } = await ask('xiaomi', { from: 201401, to: 201412 });
    assert.ok(a.results.every((r) => r.kind <= 1), 'claims and entities have no date');
    const year = await ask('', { from: 201300, to: 201312 });
    assert.ok(year.titles.includes('article: 小米手机在中国'), 'a date known to the year is in its year');
  });

  test('the histogram counts the matching dated results by month', async () => {
    const { a } = await ask('xiaomi');
    const months = Object.fromEntries(a.histogram);
    assert.equal(months[201502], 1, 'the sales article (its annotations do not name Xiaomi)');
    const b = await ask('61.1');
    assert.equal(Object.fromEntries(b.a.histogram)[201502], 2, 'the sales article and its annotation');
    const c = await ask('小米');
    assert.equal(Object.fromEntries(c.a.histogram)[201300], 1, 'a date known to the year counts in its year');
  });

  test("facets' counts are the results' own", async () => {
    for (const [q, st] of [['xiaomi', {}], ['phones', {}], ['the', {}], ['', { company: ['xiaomi'] }], ['phones', { kind: ['article'] }]]) {
      const e = await engine();
      const s = { ...empty, q, ...st };
      for (const f of ['company', 'executive']) s[f] = await Promise.all((st[f] || []).map((slug) => e.id(f, slug)));
      const a = await e.search(s);
      const counts = {};
      for (const r of a.results) {
        const rec = await e.record(r.kind, r.id);
        for (const [f, id] of search.decodeValues(rec[[5, 9, 4, 6][r.kind]])) counts[f + id] = (counts[f + id] || 0) + 1;
      }
      for (const [f, letter] of [['company', 'c'], ['market', 'm'], ['executive', 'x'], ['claim', 'k'], ['source', 's']]) {
        for (const v of a.facets[f]) assert.equal(v.count, counts[letter + v.id] || 0, `${q} ${JSON.stringify(st)}: ${f} ${v.id}`);
      }
      const kinds = a.facets.kind;
      assert.equal(kinds.article + kinds.annotation + kinds.claim + kinds.company + kinds.market + kinds.executive, a.total);
    }
  });

  test('where the index says counting would load too much, counts are estimated, and chosen values counted', async () => {
    // The fixture is small, so its index counts; a large dossier's says
    // counted: false, as this engine's first-load file is made to, and
    // its queries have more results than a page (here two).
    const big = new search.Engine((name) => load(name).then((d) => (name === 'index' ? { ...d, counted: false } : d)), 2);
    await big.init();
    const keys = [];
    const entry = big.entry.bind(big);
    big.entry = (k) => { keys.push(k); return entry(k); };
    // The fixture's words are too rare to have summaries; a date range
    // alone is estimated from the counts over everything.
    const q = '', dates = { from: 190001, to: 209912 };
    const a = await big.search({ ...empty, q, ...dates });
    assert.ok(a.total > 2, `${q}: ${a.total} results, too few to be counted from records`);
    assert.deepEqual(keys.filter((k) => k.startsWith('#')), [], 'no value is loaded to count it');
    const exact = await new search.Engine(load, 2).init().then((e) => e.search({ ...empty, q, ...dates }));
    let about = 0;
    for (const f of ['company', 'market', 'executive', 'claim', 'source']) {
      for (const v of a.facets[f]) {
        assert.ok(v.about, `${f} ${v.id} is marked as estimated`);
        assert.ok(v.count > 0 && v.count <= a.total, `${f} ${v.id}: ${v.count}`);
        about++;
      }
    }
    assert.ok(about > 0, 'some values are estimated');
    assert.deepEqual(a.facets.kind, exact.facets.kind, 'kinds are counted');
    // A chosen value is counted: its entry is loaded to filter.
    const xiaomi = await big.id('company', 'xiaomi');
    const f = await big.search({ ...empty, q, ...dates, company: [xiaomi] });
    const v = f.facets.company.find((x) => x.id === xiaomi);
    assert.equal(v.about, undefined);
    assert.equal(v.count, f.total, 'every result filtered by a value has it');
  });

  test('snippets show the context of the words found, marked', async () => {
    const { e, a } = await ask('testing');
    const r = a.results.find((x) => x.kind === 0);
    const s = search.snippet(r, await e.record(0, r.id), a.words, a.groups);
    assert.match(s.text, /huge amount of testing/);
    assert.deepEqual(s.marks.map(([x, y]) => s.text.slice(x, y)), ['testing']);
  });

  test('addresses name facet values by slug', async () => {
    const e = await engine();
    for (const [f, slug] of [['company', 'xiaomi'], ['executive', 'hugo-barra'], ['market', 'united-states'], ['claim', 'phones-sold'], ['source', 'CNBC']]) {
      const id = await e.id(f, slug);
      assert.notEqual(id, null, `${f}=${slug}`);
      assert.equal(await e.slug(f, id), slug);
    }
    assert.equal(await e.id('company', 'hugo-barra'), null, 'an executive is not a company');
  });
}
