// dossier's search: the client of the index `dossier build` writes under
// search/ (see docs/reference.md, Search). No dependencies, a classic
// script (ES modules do not load from file://), and the index is read as
// scripts that register themselves with dossierSearch, not fetched, so that
// it works when the site is opened from disk.
(function () {
  'use strict';

  // ---- Tokens: the same rules as internal/search/token.go, tested on the
  // same cases (internal/search/testdata/tokens.json).

  const MAX_TOKEN = 48;
  const WORD = /[\p{L}\p{N}\p{M}]/u;
  const LETTER = /\p{L}/u;
  const NUMBER = /\p{N}/u;
  const MN = /\p{Mn}/u;
  const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  const LETTERS = { 'ß': 'ss', 'æ': 'ae', 'œ': 'oe', 'ø': 'o', 'đ': 'd', 'ð': 'd', 'ł': 'l', 'þ': 'th', 'ı': 'i', 'ς': 'σ' };
  const APOSTROPHES = new Set(["'", '’', 'ʼ', '＇']);
  const foldCache = new Map();

  function foldedMark(c) {
    return ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
      (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) ||
      (c >= 0x0591 && c <= 0x05C7) || (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || c === 0x0670) &&
      MN.test(String.fromCodePoint(c));
  }

  function isCJK(c) {
    if (c < 0x1100) return false;
    if (c === 0x30FC || (c >= 0x3005 && c <= 0x3007)) return true;
    return CJK.test(String.fromCodePoint(c));
  }

  // fold returns a character as tokens hold it, '' for a mark folding
  // removes.
  function fold(ch) {
    const c = ch.codePointAt(0);
    if (c < 0x80) return ch.toLowerCase();
    let f = foldCache.get(ch);
    if (f !== undefined) return f;
    f = '';
    for (const d of ch.normalize('NFKD')) {
      if (foldedMark(d.codePointAt(0))) continue;
      const l = d.toLowerCase();
      f += LETTERS[l] ?? l;
    }
    f = f.normalize('NFC');
    foldCache.set(ch, f);
    return f;
  }

  const isAsciiWord = (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A);

  // tokenize returns the tokens of s: {text, start, end, cjk}, start and
  // end in UTF-16 code units of s.
  function tokenize(s) {
    const out = [];
    let word = '', start = 0, end = 0, runes = 0, digit = false;
    let held = null; // {text, start, end, runes}
    let run = []; // characters written without spaces: {f, start, end}

    const release = () => {
      if (held) { out.push({ text: held.text, start: held.start, end: held.end, cjk: false }); held = null; }
    };
    const add = (ch, at, to, isDigit) => {
      if (runes === 0) { start = at; word = ''; }
      end = to;
      digit = isDigit;
      if (runes < MAX_TOKEN) word += ch;
      runes++;
    };
    const endWord = () => {
      if (runes === 0) return;
      // Cut at its length, a number may end at a separator it kept for
      // the digit after it.
      const w = { text: runes > MAX_TOKEN ? word.replace(/[.,]+$/, '') : word, start, end, runes };
      runes = 0;
      if (held) {
        const gap = held.end <= w.start ? s.slice(held.end, w.start) : '';
        if (held.runes === 1 && w.runes === 1 && gap === '.' && LETTER.test(held.text) && LETTER.test(w.text)) {
          held.text += w.text; // "U.S."
          held.end = w.end;
          return;
        }
        if (w.text === 's' && APOSTROPHES.has(gap)) return; // the possessive
        out.push({ text: held.text, start: held.start, end: held.end, cjk: false });
      }
      held = w;
    };
    const flushRun = () => {
      if (run.length === 0) return;
      release();
      if (run.length === 1) out.push({ text: run[0].f, start: run[0].start, end: run[0].end, cjk: true });
      for (let i = 0; i + 1 < run.length; i++) {
        out.push({ text: run[i].f + run[i + 1].f, start: run[i].start, end: run[i + 1].end, cjk: true });
      }
      run = [];
    };

    for (let i = 0; i < s.length;) {
      const c = s.codePointAt(i);
      const size = c > 0xFFFF ? 2 : 1;
      if (c < 0x80) {
        if (isAsciiWord(c)) {
          flushRun();
          add(s[i].toLowerCase(), i, i + 1, c <= 0x39);
        } else if ((c === 0x2E || c === 0x2C) && runes > 0 && digit && i + 1 < s.length && s.charCodeAt(i + 1) >= 0x30 && s.charCodeAt(i + 1) <= 0x39) {
          add(s[i], i, i + 1, false);
        } else {
          endWord();
          flushRun();
        }
        i++;
        continue;
      }
      const f = fold(String.fromCodePoint(c));
      if (f === '') {
        if (runes > 0) end = i + size;
        else if (run.length > 0) run[run.length - 1].end = i + size;
        i += size;
        continue;
      }
      // A character may fold to several ("ﬁ", "½", "㌞"): each is a
      // letter, digit or separator of its own.
      for (const fr of f) {
        if (isCJK(fr.codePointAt(0))) {
          endWord();
          run.push({ f: fr, start: i, end: i + size });
        } else if (WORD.test(fr)) {
          flushRun();
          add(fr, i, i + size, NUMBER.test(fr));
        } else {
          endWord();
          flushRun();
        }
      }
      i += size;
    }
    endWord();
    flushRun();
    release();
    return out;
  }

  // ---- Queries

  const QUOTE = /["“”„‟«»「」『』]/u;
  const SPACE = /\s/u;

  // parseQuery reads what the reader typed into groups, each a set of
  // tokens all of which a result must have: a word ({words: [w]}), a
  // phrase ({words, phrase: true}: in quotes, or written as one word with
  // hyphens or apostrophes, "e-commerce") or a run of text written
  // without spaces ({words: pairs}, no order). The last word, when the
  // text does not end with a space or a quote, is marked last: it is a
  // prefix (prefix: true) while it is being typed (typing), and else when
  // no word is the whole of it.
  function parseQuery(q, typing) {
    const groups = [];
    let quoted = false, buf = '';
    const flush = (inQuotes) => {
      const toks = tokenize(buf);
      buf = '';
      if (toks.length === 0) return;
      const words = toks.map((t) => t.text);
      if (toks.every((t) => t.cjk)) groups.push({ words, cjk: true, quoted: inQuotes });
      else if (words.length === 1) groups.push({ words, quoted: inQuotes });
      else groups.push({ words, phrase: true, cjk: toks.map((t) => t.cjk), quoted: inQuotes });
    };
    for (const ch of q) {
      if (QUOTE.test(ch)) { flush(quoted); quoted = !quoted; continue; }
      if (!quoted && SPACE.test(ch)) { flush(false); continue; }
      buf += ch;
    }
    flush(quoted);
    const last = groups[groups.length - 1];
    if (last && !last.quoted && !last.phrase && !last.cjk && q.length > 0 && !SPACE.test(q[q.length - 1]) &&
      [...last.words[0]].length >= 2) {
      last.last = true;
      last.prefix = !!typing;
    }
    // The same word twice is one.
    const seen = new Set();
    return groups.filter((g) => {
      const k = (g.phrase ? '"' : '') + g.words.join(' ') + (g.prefix ? '*' : '');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }

  // ---- Postings (internal/search/encode.go writes them)

  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const DIGIT = new Int8Array(128).fill(-1);
  for (let i = 0; i < 64; i++) DIGIT[ALPHABET.charCodeAt(i)] = i;
  const KINDS = ['article', 'annotation', 'claim', 'entity'];
  const ARTICLE = 0, ANNOTATION = 1, CLAIM = 2, ENTITY = 3;
  const WEIGHT = [1, 1.5, 3, 6]; // by class: text, frequent in the text, summary or note, title or name

  class Reader {
    constructor(s) { this.s = s; this.i = 0; }
    more() { return this.i < this.s.length; }
    char() { return DIGIT[this.s.charCodeAt(this.i++)]; }
    varint() {
      let v = 0, shift = 0, c;
      do { c = this.char(); v += (c & 31) * 2 ** shift; shift += 5; } while (c & 32);
      return v;
    }
  }

  // decodePostings returns a term's documents by kind: sorted arrays of
  // number*4 + class.
  function decodePostings(s) {
    const parts = [[], [], [], []];
    const r = new Reader(s);
    while (r.more()) {
      const h = r.char();
      const kind = h >> 3, cls = (h >> 1) & 3;
      const out = parts[kind];
      if (h & 1) {
        const lo = r.varint(), chars = r.varint();
        for (let c = 0; c < chars; c++) {
          const bits = r.char();
          for (let b = 0; b < 6; b++) if (bits & (1 << b)) out.push((lo + c * 6 + b) * 4 + cls);
        }
      } else {
        const n = r.varint();
        let id = -1;
        for (let k = 0; k < n; k++) {
          id = k === 0 ? r.varint() : id + r.varint() + 1;
          out.push(id * 4 + cls);
        }
      }
    }
    return parts.map((p) => Uint32Array.from(p).sort());
  }

  // decodeSummary reads a term's summary: its facets' most frequent values
  // and their counts, {c: [[id, count], …], m, x, k, s}.
  function decodeSummary(s) {
    const out = {};
    const r = new Reader(s);
    while (r.more()) {
      const f = s[r.i++];
      const n = r.varint();
      const vals = [];
      for (let k = 0; k < n; k++) vals.push([r.varint(), r.varint()]);
      out[f] = vals;
    }
    return out;
  }

  // decodeValues reads a record's facet values: [[letter, id], …].
  function decodeValues(s) {
    const out = [];
    const r = new Reader(s || '');
    while (r.more()) {
      const f = s[r.i++];
      out.push([f, r.varint()]);
    }
    return out;
  }

  // Sets of documents are sorted Uint32Arrays of number*4 + class.

  // intersect keeps the documents of a in b, and calls add(i, j) with the
  // places of each in a and b.
  function intersect(a, b, add) {
    const out = [];
    for (let i = 0, j = 0; i < a.length && j < b.length;) {
      const x = a[i] >>> 2, y = b[j] >>> 2;
      if (x < y) i++;
      else if (x > y) j++;
      else { out.push(a[i]); if (add) add(out.length - 1, i, j); i++; j++; }
    }
    return Uint32Array.from(out);
  }

  // union merges sets, keeping each document's highest class.
  function union(sets) {
    const all = [];
    for (const s of sets) for (const x of s) all.push(x);
    const sorted = Uint32Array.from(all).sort();
    const out = [];
    for (const x of sorted) {
      if (out.length > 0 && out[out.length - 1] >>> 2 === x >>> 2) out[out.length - 1] = Math.max(out[out.length - 1], x);
      else out.push(x);
    }
    return Uint32Array.from(out);
  }

  const encoder = new TextEncoder();
  function hex(s) {
    let h = '';
    for (const b of encoder.encode(s)) h += (b < 16 ? '0' : '') + b.toString(16);
    return h;
  }

  // ---- The engine: an index loaded a file at a time.

  const FACETS = ['company', 'market', 'executive', 'claim', 'source'];
  const FACET_LETTER = { company: 'c', market: 'm', executive: 'x', claim: 'k', source: 's' };
  const LETTER_FACET = { c: 'company', m: 'market', x: 'executive', k: 'claim', s: 'source' };
  const SUMMARY_TOP = 8; // values a facet shows, when its counts are in an entry
  const COUNTED_TOP = 4; // values a facet shows when they are counted
  // PAGE is how many results a page shows, and the most a query can have
  // for its facets to be counted from its results' records (an entry has
  // a summary when more documents have it: files.go's summaryMin).
  const PAGE = 10;
  const RECORD_VALUES = [5, 9, 4, 6]; // the field of a record's values, by kind

  function valueKey(facet, id) {
    return (facet === 'claim' ? '#k' : facet === 'source' ? '#s' : '#e') + id.toString(36);
  }

  // An Engine answers queries from the index's files, which load(name)
  // returns the data of: 'index', 't/<shard>', 'd/<kind><n>'. page is
  // the most results whose facets are counted from their records (PAGE;
  // tests of a small index make it smaller).
  class Engine {
    constructor(load, page = PAGE) {
      this.load = load;
      this.page = page;
      this.files = new Map();
      this.entries = new Map();
    }

    async init() {
      const ix = this.ix = await this.file('index');
      this.n = ix.n;
      // Shards' boundaries come as what each shares with the one
      // before, and the rest.
      let prev = '';
      ix.leaves = ix.leaves.map((l) => {
        const [n, rest] = l.split(',');
        prev = prev.slice(0, Number(n)) + rest;
        return prev;
      });
      return this;
    }

    file(name) {
      let p = this.files.get(name);
      if (!p) {
        p = this.load(name);
        this.files.set(name, p);
        p.catch(() => this.files.delete(name));
      }
      return p;
    }

    // shardOf names the shard a term is in: the last whose boundary is
    // not after it, in the bytes' order.
    shardOf(h) {
      const leaves = this.ix.leaves;
      let lo = 0, hi = leaves.length;
      while (hi - lo > 1) {
        const m = (lo + hi) >> 1;
        if (leaves[m] <= h) lo = m; else hi = m;
      }
      return lo;
    }

    shardName(i) { return 't/' + (this.ix.leaves[i] || '_'); }

    // entry returns a term's entry, or null when no document has it.
    async entry(key) {
      if (this.entries.has(key)) return this.entries.get(key);
      const shard = await this.file(this.shardName(this.shardOf(hex(key))));
      const raw = shard[key];
      const e = raw ? {
        key,
        df: raw[0],
        post: decodePostings(raw[1]),
        summary: decodeSummary(raw[2]),
        ctx: new Map(),
      } : null;
      if (e) for (let i = 3; i + 1 < raw.length; i += 2) e.ctx.set(raw[i], raw[i + 1]);
      this.entries.set(key, e);
      return e;
    }

    // expand returns the words that start with prefix, most frequent
    // first, at most max of them, from the shards of the prefix (three
    // at most).
    async expand(prefix, max = 24) {
      const h = hex(prefix);
      const first = this.shardOf(h);
      const names = [first];
      for (let i = first + 1; i < this.ix.leaves.length && this.ix.leaves[i].startsWith(h) && names.length < 3; i++) {
        // Shards of pairs ("word other") have no word to find.
        if (!this.ix.leaves[i].startsWith(h + '20')) names.push(i);
      }
      const words = [];
      for (const shard of await Promise.all(names.map((i) => this.file(this.shardName(i))))) {
        for (const [k, v] of Object.entries(shard)) {
          if (k.startsWith(prefix) && !k.includes(' ') && k[0] !== '#') words.push([k, v[0]]);
        }
      }
      words.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      return words.slice(0, max).map((w) => w[0]);
    }

    idf(df) { return Math.log(1 + (this.n[0] + this.n[1] + this.n[2] + this.n[3]) / Math.max(df, 1)); }

    // search answers a state: {q, kind: [...], company: [ids], market,
    // executive, claim, source: [ids], from: yyyymm, to: yyyymm}. It
    // returns the results, ranked, and the facets' counts.
    async search(st) {
      const groups = parseQuery(st.q || '', st.typing);
      const sets = []; // each group's documents, by kind, and its weight
      const words = []; // the entries whose contexts make snippets
      const summaries = [];
      for (const g of groups) {
        let set = await this.group(g, words);
        if (!set && g.last && !g.prefix) set = await this.group({ ...g, prefix: true }, words);
        if (!set) return this.empty(st, groups);
        sets.push(set);
      }
      // The facets' values to count are those most frequent among the
      // documents of the rarest group (or filter).
      let rarest = null;
      for (const s of sets) if (s.entries.length > 0 && (!rarest || s.df < rarest.df)) rarest = s;
      // Filters: a facet's values are alternatives; facets combine.
      const filters = [];
      for (const f of FACETS) {
        const ids = st[f] || [];
        if (ids.length === 0) continue;
        const es = (await Promise.all(ids.map((id) => this.entry(valueKey(f, id))))).filter(Boolean);
        const df = es.reduce((n, e) => n + e.df, 0);
        if (es.length > 0 && (!rarest || df < rarest.df)) rarest = { df, entries: es };
        filters.push([0, 1, 2, 3].map((k) => union(es.map((e) => e.post[k]))));
      }
      if (sets.length === 0 && filters.length === 0 && !st.from && !st.to) return this.empty(st, groups);
      if (rarest) summaries.push(...rarest.entries);
      // One word, or one value, has its facets' counts in its entry.
      const one = rarest && rarest.entries.length === 1 && sets.length + filters.length === 1 && !(sets[0] && sets[0].union);

      // The matches of each kind, with their scores.
      const matched = [];
      let total = 0;
      for (let k = 0; k < 4; k++) {
        let ids = null, score = null;
        for (const s of sets) {
          const w = s.idf;
          if (ids === null) {
            ids = s.docs[k];
            score = Float64Array.from(ids, (x) => WEIGHT[x & 3] * w);
            continue;
          }
          const next = [];
          ids = intersect(ids, s.docs[k], (o, i, j) => { next[o] = score[i] + WEIGHT[s.docs[k][j] & 3] * w; });
          score = Float64Array.from(next);
        }
        for (const f of filters) {
          if (ids === null) { ids = f[k]; score = new Float64Array(ids.length); continue; }
          const next = [];
          ids = intersect(ids, f[k], (o, i) => { next[o] = score[i]; });
          score = Float64Array.from(next);
        }
        if (ids === null) { // dates alone
          ids = this.dated(k);
          score = new Float64Array(ids.length);
        }
        [ids, score] = this.narrow(k, ids, score, st);
        matched.push({ ids, score });
        total += ids.length;
      }
      await this.bonus(groups, matched);

      const results = [];
      for (let k = 0; k < 4; k++) {
        const { ids, score } = matched[k];
        for (let i = 0; i < ids.length; i++) results.push({ kind: k, id: ids[i] >>> 2, score: score[i] });
      }
      // Best first; among equals, entities and claims, then the newest.
      const order = [2, 3, 1, 0];
      results.sort((a, b) => b.score - a.score || order[a.kind] - order[b.kind] || b.id - a.id);
      const facets = total <= this.page
        ? await this.counted(st, matched, results)
        : await this.facets(st, matched, summaries, one);
      return { groups, total, results, words, facets, histogram: this.histogram(matched) };
    }

    empty(st, groups) {
      return { groups, total: 0, results: [], words: [], facets: null, histogram: [] };
    }

    // group returns the documents a group of the query matches, or null
    // when none does.
    async group(g, words) {
      if (g.prefix) {
        const w = g.words[0];
        const exact = await this.entry(w);
        const found = (await this.expand(w)).filter((x) => x !== w);
        const es = (await Promise.all(found.map((x) => this.entry(x)))).filter(Boolean);
        if (exact) es.unshift(exact);
        if (es.length === 0) return null;
        words.push(...es);
        // A word begun counts a little less than one typed whole.
        const docs = [0, 1, 2, 3].map((k) => union(es.map((e) => e.post[k])));
        const df = es.reduce((n, e) => n + e.df, 0);
        return { docs, idf: this.idf(Math.max(...es.map((e) => e.df))) * (exact ? 1 : 0.8), df, entries: es, union: es.length > 1 };
      }
      if (g.phrase) return this.phrase(g, words);
      const es = await Promise.all(g.words.map((w) => this.entry(w)));
      if (es.some((e) => !e)) return null;
      words.push(...es);
      let docs = es[0].post;
      let idf = 0;
      for (const e of es.slice(1)) docs = docs.map((d, k) => intersect(d, e.post[k]));
      for (const e of es) idf += this.idf(e.df);
      if (docs.every((d) => d.length === 0)) return null;
      const rare = es.reduce((a, b) => (b.df < a.df ? b : a));
      return { docs, idf: idf / es.length, df: rare.df, entries: [rare], union: es.length > 1 };
    }

    // phrase returns the documents that have a phrase's words next to
    // each other, in order: those of each pair of its words, which carry
    // the class of the field they are in. Of its words, only the longest
    // is loaded, for its contexts and the counts of its facets.
    async phrase(g, words) {
      // Pairs of words, and the pairs of characters of text written
      // without spaces, which are not paired again.
      const keys = [];
      for (let i = 0; i < g.words.length; i++) {
        if (g.cjk[i]) keys.push(g.words[i]);
        else if (i + 1 < g.words.length && !g.cjk[i + 1]) keys.push(g.words[i] + ' ' + g.words[i + 1]);
      }
      let docs = null, idf = 0, df = Infinity;
      for (const key of keys) {
        const e = await this.entry(key);
        if (!e) return null;
        docs = docs ? docs.map((d, k) => intersect(d, e.post[k])) : e.post;
        idf += this.idf(e.df);
        df = Math.min(df, e.df);
      }
      const longest = g.words.reduce((a, b) => ([...b].length > [...a].length ? b : a));
      const w = await this.entry(longest);
      if (!w) return null;
      words.push(w);
      if (!docs) docs = w.post;
      if (docs.every((d) => d.length === 0)) return null;
      return { docs, idf: idf * 1.5, df, entries: [w], union: true };
    }

    // bonus raises the scores of documents where words the reader typed
    // next to each other are next to each other.
    async bonus(groups, matched) {
      for (let i = 0; i + 1 < groups.length; i++) {
        const a = groups[i], b = groups[i + 1];
        if (a.phrase || b.phrase || a.cjk || b.cjk || a.quoted || b.quoted || b.prefix) continue;
        const p = await this.entry(a.words[0] + ' ' + b.words[0]);
        if (!p) continue;
        const w = this.idf(p.df) * WEIGHT[2];
        for (let k = 0; k < 4; k++) {
          const { ids, score } = matched[k];
          intersect(ids, p.post[k], (o, x) => { score[x] += w; });
        }
      }
    }

    // dated lists every document with a date: articles and annotations.
    dated(k) {
      if (k !== ARTICLE && k !== ANNOTATION) return new Uint32Array(0);
      return Uint32Array.from({ length: this.n[k] }, (_, i) => i * 4);
    }

    // narrow keeps the documents of the kinds and dates asked for.
    narrow(k, ids, score, st) {
      let keep = null;
      const kinds = st.kind || [];
      if (kinds.length > 0) {
        if (k === ENTITY) {
          const letters = new Set(kinds.map((x) => FACET_LETTER[x]).filter(Boolean));
          keep = (id) => letters.has(this.ix.kinds[id]);
        } else if (!kinds.includes(KINDS[k])) {
          return [new Uint32Array(0), new Float64Array(0)];
        }
      }
      if (st.from || st.to) {
        if (k !== ARTICLE && k !== ANNOTATION) return [new Uint32Array(0), new Float64Array(0)];
        const [lo, hi] = this.range(k, st.from || 0, st.to || 999999);
        const inner = keep;
        keep = (id) => id >= lo && id < hi && (!inner || inner(id));
      }
      if (!keep) return [ids, score];
      const outIds = [], outScore = [];
      for (let i = 0; i < ids.length; i++) {
        if (keep(ids[i] >>> 2)) { outIds.push(ids[i]); outScore.push(score[i]); }
      }
      return [Uint32Array.from(outIds), Float64Array.from(outScore)];
    }

    // range returns the numbers of the documents of kind k (articles or
    // annotations) dated from month from to month to (yyyymm), as
    // [first, end). A date known only to the year is in no month but
    // its year's start.
    range(k, from, to) {
      const months = this.ix.months, col = k === ARTICLE ? 1 : 2;
      let lo = this.n[k], hi = this.n[k];
      for (let i = 0; i < months.length; i++) {
        const key = months[i][0];
        const y = Math.floor(key / 100), m = key % 100;
        const startKey = y * 100 + Math.max(m, 1), endKey = y * 100 + (m || 12);
        if (endKey >= from && lo === this.n[k]) lo = months[i][col];
        if (startKey > to) { hi = months[i][col]; break; }
      }
      return [lo, Math.max(lo, hi)];
    }

    // monthOf returns the month (yyyymm, mm 0 when unknown) of document
    // id of kind k.
    monthOf(k, id) {
      const months = this.ix.months, col = k === ARTICLE ? 1 : 2;
      let lo = 0, hi = months.length;
      while (hi - lo > 1) {
        const m = (lo + hi) >> 1;
        if (months[m][col] <= id) lo = m; else hi = m;
      }
      return months[lo] ? months[lo][0] : 0;
    }

    // histogram counts the matching articles and annotations by month.
    histogram(matched) {
      const counts = new Map();
      for (const k of [ARTICLE, ANNOTATION]) {
        for (const x of matched[k].ids) {
          const m = this.monthOf(k, x >>> 2);
          counts.set(m, (counts.get(m) || 0) + 1);
        }
      }
      return [...counts.entries()].sort((a, b) => a[0] - b[0]);
    }

    // facets counts the matches by kind, and by the values of each
    // facet: exactly, for the most frequent values among the documents of
    // the query's rarest word (or value) and the values chosen. A query of
    // one word (or one value) has its counts in its entry; others count
    // each value's documents among the matches, unless the index says
    // that would load too much (ix.counted false: a large dossier, whose
    // frequent values' entries are bitmaps of tens of kilobytes). Then
    // the counts are estimated from the rarest word's summary, as if its
    // documents had the other words in the same proportion whatever
    // their values, and marked about; the values chosen, whose entries
    // the filter has loaded, are counted.
    async facets(st, matched, summaries, one) {
      const out = { kind: this.kinds(matched) };
      const exact = one && !(st.kind || []).length && !st.from && !st.to;
      const estimate = !exact && this.ix.counted === false;
      const source = summaries.map((e) => e.summary);
      let df = summaries.reduce((n, e) => n + e.df, 0);
      if (summaries.length === 0) {
        source.push(decodeSummary(this.ix.top));
        df = this.n[0] + this.n[1] + this.n[2] + this.n[3];
      }
      let total = 0;
      for (const m of matched) total += m.ids.length;
      const count = async (f, id) => {
        const e = await this.entry(valueKey(f, id));
        let n = 0;
        if (e) for (let k = 0; k < 4; k++) n += intersect(matched[k].ids, e.post[k]).length;
        return { id, count: n };
      };
      for (const f of FACETS) {
        const letter = FACET_LETTER[f];
        const chosen = st[f] || [];
        const cands = new Map();
        for (const s of source) {
          for (const [id, c] of s[letter] || []) cands.set(id, estimate ? (cands.get(id) || 0) + c : Math.max(cands.get(id) || 0, c));
        }
        for (const id of chosen) if (!cands.has(id)) cands.set(id, 0);
        let vals;
        if (exact) {
          vals = [...cands.entries()].map(([id, count]) => ({ id, count }));
        } else if (estimate) {
          vals = await Promise.all([...cands.entries()].map(([id, c]) => (chosen.includes(id)
            ? count(f, id)
            : { id, count: Math.min(c, Math.round(total * c / Math.max(df, 1))), about: true })));
        } else {
          // Counting a value loads its documents: the four most
          // frequent of each facet, and those chosen.
          const top = [...cands.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, COUNTED_TOP).map((e) => e[0]);
          for (const id of [...cands.keys()]) if (!top.includes(id) && !chosen.includes(id)) cands.delete(id);
          vals = await Promise.all([...cands.keys()].map((id) => count(f, id)));
        }
        out[f] = this.top(f, vals, st, exact || estimate ? SUMMARY_TOP : COUNTED_TOP);
      }
      return out;
    }

    // counted counts the facets of a page of results or fewer from their
    // records.
    async counted(st, matched, results) {
      const out = { kind: this.kinds(matched) };
      const counts = {};
      for (const f of FACETS) counts[f] = new Map();
      for (const r of results) {
        const rec = await this.record(r.kind, r.id);
        for (const [letter, id] of decodeValues(rec[RECORD_VALUES[r.kind]])) {
          const m = counts[LETTER_FACET[letter]];
          m.set(id, (m.get(id) || 0) + 1);
        }
      }
      for (const f of FACETS) {
        for (const id of st[f] || []) if (!counts[f].has(id)) counts[f].set(id, 0);
        out[f] = this.top(f, [...counts[f].entries()].map(([id, count]) => ({ id, count })), st);
      }
      return out;
    }

    kinds(matched) {
      const kinds = { article: matched[ARTICLE].ids.length, annotation: matched[ANNOTATION].ids.length, claim: matched[CLAIM].ids.length, company: 0, market: 0, executive: 0 };
      for (const x of matched[ENTITY].ids) kinds[LETTER_FACET[this.ix.kinds[x >>> 2]]]++;
      return kinds;
    }

    // top orders a facet's values, most frequent first, the first
    // SUMMARY_TOP and those chosen.
    top(f, vals, st, n = SUMMARY_TOP) {
      const chosen = new Set(st[f] || []);
      vals = vals.filter((v) => v.count > 0 || chosen.has(v.id));
      vals.sort((a, b) => b.count - a.count || a.id - b.id);
      return vals.slice(0, n).concat(vals.slice(n).filter((v) => chosen.has(v.id)));
    }

    // record returns what a result shows of document id of kind k.
    async record(k, id) {
      const size = this.ix.chunk[k];
      const recs = await this.file('d/' + 'ance'[k] + Math.floor(id / size));
      return recs[id % size];
    }

    // name returns a facet value's name, as the reader knows it.
    async name(f, id) {
      if (f === 'source') return this.ix.sources[id];
      const r = await this.record(f === 'claim' ? CLAIM : ENTITY, id);
      return r ? r[0] : String(id);
    }

    // slug returns a facet value's name in the address (its page's
    // last part; a source's name), and id its number from that name.
    async slug(f, id) {
      if (f === 'source') return this.ix.sources[id];
      const r = await this.record(f === 'claim' ? CLAIM : ENTITY, id);
      return r[1].replace(/\/$/, '').split('/').pop();
    }

    async id(f, slug) {
      if (f === 'source') { const i = this.ix.sources.indexOf(slug); return i < 0 ? null : i; }
      const [entities, claims] = await this.file('slugs');
      if (f === 'claim') { const i = claims.indexOf(slug); return i < 0 ? null : i; }
      const i = entities.indexOf(slug);
      return i >= 0 && this.ix.kinds[i] === FACET_LETTER[f] ? i : null;
    }
  }

  // snippet returns the text to show for a result and the spans of it
  // that match the query's words, [[start, end], …]: for an article, the
  // context of the query's words that holds most of them, else its lead.
  function snippet(result, record, words, groups) {
    let text = '';
    if (result.kind === ARTICLE) {
      let best = -1;
      for (const e of words) {
        const c = e.ctx.get(result.id);
        if (c === undefined) continue;
        const n = highlights(c, groups).length;
        if (n > best) { best = n; text = c; }
      }
      if (!text) text = record[4];
    } else if (result.kind === ANNOTATION) {
      text = [record[7], record[10], record[8]].filter(Boolean).join(' — '); // passage, figure, note
    } else if (result.kind === CLAIM) {
      text = [record[2], record[5]].filter(Boolean).join(' — '); // summary, how the reports compare
    } else {
      text = [record[4], record[5]].filter(Boolean).join(' · ');
    }
    return { text, marks: highlights(text, groups) };
  }

  // highlights returns the spans of text whose tokens are the query's
  // words, or begin with the word being typed; a phrase's words where
  // they stand together, in order.
  function highlights(text, groups) {
    const exact = new Set(), prefixes = [], phrases = [];
    for (const g of groups) {
      if (g.phrase) phrases.push(g.words);
      else for (const w of g.words) if (g.prefix) prefixes.push(w); else exact.add(w);
    }
    const toks = tokenize(text);
    const spans = [];
    toks.forEach((t, i) => {
      if (exact.has(t.text) || prefixes.some((p) => t.text.startsWith(p))) spans.push([t.start, t.end]);
      for (const p of phrases) {
        if (i + p.length <= toks.length && p.every((w, k) => toks[i + k].text === w)) spans.push([t.start, toks[i + p.length - 1].end]);
      }
    });
    spans.sort((a, b) => a[0] - b[0]);
    const out = [];
    for (const [a, b] of spans) {
      if (out.length > 0 && out[out.length - 1][1] >= a) out[out.length - 1][1] = Math.max(out[out.length - 1][1], b);
      else out.push([a, b]);
    }
    return out;
  }

  const api = { tokenize, parseQuery, decodePostings, decodeSummary, decodeValues, Engine, snippet, highlights, FACETS, PAGE };
  if (typeof module === 'object' && module.exports) module.exports = api;

  // ---- The page (templates/search.html)

  // Scripts of the index register themselves here as they load.
  const pending = new Map();
  function settle(name, data) {
    const p = pending.get(name);
    if (p) { pending.delete(name); p.resolve(data); }
  }

  // scriptLoader loads the index's files as scripts, which works where
  // fetching them does not: a site opened from disk.
  function scriptLoader(dir) {
    const load = (name) => new Promise((resolve, reject) => {
      pending.set(name, { resolve, reject });
      const el = document.createElement('script');
      el.src = dir + name + '.js' + (load.version && name !== 'index' ? '?v=' + load.version : '');
      el.async = true;
      el.onerror = () => { pending.delete(name); reject(new Error('cannot load ' + el.src)); };
      el.onload = () => {
        el.remove();
        if (pending.has(name)) { pending.delete(name); reject(new Error(el.src + ' did not register')); }
      };
      document.head.appendChild(el);
    });
    return load;
  }

  const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  function showDate(iso) {
    if (!iso) return '';
    const [y, m, d] = iso.slice(0, 10).split('-');
    if (!m) return y;
    return (d ? Number(d) + ' ' : '') + MONTHS[Number(m) - 1] + ' ' + y;
  }
  const FACET_TITLES = { company: 'Companies', market: 'Markets', executive: 'Executives', claim: 'Claims', source: 'Sources' };
  const KIND_TITLES = { article: 'Articles', annotation: 'Annotations', claim: 'Claims', company: 'Companies', market: 'Markets', executive: 'Executives' };
  const ANNOTATION_KINDS = { quote: 'Quote', claim: 'Claim appearance', correction: 'Correction', note: 'Note' };

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k === 'class') e.className = v; else e.setAttribute(k, v === true ? '' : v);
    }
    for (const k of kids) if (k !== null && k !== undefined) e.append(k);
    return e;
  }

  // marked returns text as nodes, the spans of marks in <mark>.
  function marked(text, marks) {
    const out = [];
    let at = 0;
    for (const [a, b] of marks) {
      if (a > at) out.push(text.slice(at, a));
      out.push(el('mark', null, text.slice(a, b)));
      at = b;
    }
    if (at < text.length) out.push(text.slice(at));
    return out;
  }

  function ui(api) {
    const root = document.getElementById('search');
    if (!root) return;
    window.dossierSearch = {
      index: (data) => settle('index', data),
      shard: (name, data) => settle('t/' + name, data),
      docs: (name, data) => settle('d/' + name, data),
      slugs: (data) => settle('slugs', data),
    };
    const base = root.dataset.root;
    const portable = root.dataset.portable === 'true';
    const link = (path) => {
      const [p, frag] = path.split('#');
      return base + p + (portable && (p === '' || p.endsWith('/')) ? 'index.html' : '') + (frag ? '#' + frag : '');
    };
    const load = scriptLoader(base + 'search/');
    const engine = new api.Engine(load);
    const form = root.querySelector('form');
    const q = form.elements.q;
    const status = root.querySelector('#search-status');
    const list = root.querySelector('#search-results');
    const more = root.querySelector('#search-more');
    const facetsBox = root.querySelector('#search-facets');
    const from = form.elements.from, to = form.elements.to;
    const histogram = root.querySelector('#search-histogram');
    // Filters beside the results on a wide screen; on a phone, where
    // they would come before the results, folded.
    root.querySelector('#search-filters').open = matchMedia('(min-width: 52rem)').matches;
    root.hidden = false;

    let answer = null, shown = 0, seq = 0;

    // The state is the form's: what the address holds.
    const monthOf = (v) => (/^\d{4}-\d{2}$/.test(v) ? Number(v.replace('-', '')) : /^\d{4}$/.test(v) ? Number(v) * 100 : 0);
    async function stateOf(params) {
      const st = { q: params.get('q') || '', kind: params.getAll('kind') };
      for (const f of api.FACETS) {
        st[f] = [];
        for (const slug of params.getAll(f)) {
          const id = await engine.id(f, slug);
          if (id !== null) st[f].push(id);
        }
      }
      const a = monthOf(params.get('from') || ''), b = monthOf(params.get('to') || '');
      if (a) st.from = a;
      if (b) st.to = b % 100 ? b : b + 12;
      return st;
    }
    function paramsOfForm() {
      const params = new URLSearchParams();
      for (const [k, v] of new FormData(form)) if (v !== '') params.append(k, v);
      return params;
    }
    function remember(params) {
      const s = params.toString();
      try { history.replaceState(null, '', s ? '?' + s : location.pathname); } catch (e) { /* some browsers refuse for file: URLs */ }
    }

    async function run(params, typing) {
      const mine = ++seq;
      const st = await stateOf(params);
      st.typing = typing;
      const a = await engine.search(st);
      if (mine !== seq) return; // a newer search is under way
      answer = { ...a, st };
      shown = 0;
      list.replaceChildren();
      await renderFacets(answer);
      await showMore();
      const text = st.q.trim();
      status.textContent = a.groups.length === 0 && a.total === 0 && !hasFilters(st)
        ? 'Type a word to search the dossier.'
        : (a.total === 0 ? 'No results' : a.total.toLocaleString('en') + (a.total === 1 ? ' result' : ' results')) + (text ? ' for ' + (QUOTE.test(text) ? text : '“' + text + '”') : '') + (hasFilters(st) ? ', filtered' : '') + '.';
    }
    const hasFilters = (st) => st.kind.length > 0 || api.FACETS.some((f) => st[f].length > 0) || st.from || st.to;

    async function showMore() {
      const a = answer;
      const page = a.results.slice(shown, shown + PAGE);
      const items = await Promise.all(page.map(async (r) => renderResult(r, await engine.record(r.kind, r.id), a)));
      if (a !== answer) return;
      list.append(...items);
      shown += page.length;
      more.hidden = shown >= a.results.length;
    }

    function renderResult(r, rec, a) {
      const { text, marks } = api.snippet(r, rec, a.words, a.groups);
      let kind, title, href, meta = [];
      if (r.kind === 0) {
        kind = 'Article'; title = rec[0]; href = link(rec[1]);
        meta = [showDate(rec[2]), rec[3] >= 0 ? engine.ix.sources[rec[3]] : ''];
      } else if (r.kind === 1) {
        kind = ANNOTATION_KINDS[rec[5]] || 'Annotation'; title = rec[1]; href = link(rec[2] + '#' + rec[4]);
        meta = [rec[6], showDate(rec[3])];
      } else if (r.kind === 2) {
        kind = 'Claim'; title = rec[0]; href = link(rec[1]);
        meta = [rec[3] + (rec[3] === 1 ? ' report' : ' reports')];
      } else {
        kind = rec[2][0].toUpperCase() + rec[2].slice(1); title = rec[0]; href = link(rec[1]);
        meta = [rec[3] + (rec[3] === 1 ? ' article' : ' articles')];
      }
      return el('li', { class: 'result result-' + ['article', 'annotation', 'claim', 'entity'][r.kind] },
        el('p', { class: 'result-kind' }, [kind, ...meta].filter(Boolean).join(' · ')),
        el('h2', { class: 'result-title' }, el('a', { href }, ...marked(title, api.highlights(title, a.groups)))),
        text ? el('p', { class: 'result-snippet' }, ...marked(text, marks)) : null);
    }

    async function renderFacets(a) {
      const focused = document.activeElement && document.activeElement.name ? [document.activeElement.name, document.activeElement.value] : null;
      const boxes = [];
      const st = a.st;
      // An estimated count is shown to two figures, after "about".
      const countText = (n, about) => (about ? 'about ' + Number(n.toPrecision(2)).toLocaleString('en') : n.toLocaleString('en'));
      const checkbox = (name, value, label, count, checked, about) => el('li', null,
        el('label', null, el('input', { type: 'checkbox', name, value, checked }), ' ' + label + ' ', el('span', { class: 'count' }, '(' + countText(count, about) + ')')));
      if (a.facets) {
        const kinds = Object.entries(a.facets.kind).filter(([k, n]) => n > 0 || st.kind.includes(k));
        if (kinds.length > 0) {
          boxes.push(el('fieldset', null, el('legend', null, 'Kind of result'),
            el('ul', null, ...kinds.map(([k, n]) => checkbox('kind', k, KIND_TITLES[k], n, st.kind.includes(k))))));
        }
        for (const f of api.FACETS) {
          const vals = a.facets[f];
          if (!vals || vals.length === 0) continue;
          const items = await Promise.all(vals.map(async (v) => checkbox(f, await engine.slug(f, v.id), await engine.name(f, v.id), v.count, st[f].includes(v.id), v.about)));
          boxes.push(el('fieldset', null, el('legend', null, FACET_TITLES[f]), el('ul', null, ...items)));
        }
        if (api.FACETS.some((f) => (a.facets[f] || []).some((v) => v.about))) {
          boxes.push(el('p', { class: 'facets-note' }, 'Counts after “about” are estimated, to keep the search quick; choosing a value counts it.'));
        }
      }
      if (a !== answer) return;
      facetsBox.replaceChildren(...boxes);
      renderHistogram(a);
      if (focused) {
        const again = [...form.elements].find((e) => e.name === focused[0] && e.value === focused[1]);
        if (again && again !== document.activeElement) again.focus();
      }
    }

    function renderHistogram(a) {
      const h = a.histogram;
      if (h.length === 0) { histogram.replaceChildren(); return; }
      const y0 = Math.floor(h[0][0] / 100), y1 = Math.floor(h[h.length - 1][0] / 100);
      const byMonth = y1 - y0 < 2;
      const bins = new Map();
      for (const [m, n] of h) {
        const key = byMonth ? m : Math.floor(m / 100) * 100;
        bins.set(key, (bins.get(key) || 0) + n);
      }
      const top = Math.max(...bins.values());
      const items = [...bins.entries()].map(([key, n]) => {
        const y = Math.floor(key / 100), m = key % 100;
        const label = byMonth && m ? MONTHS[m - 1].slice(0, 3) + ' ' + y : String(y);
        const fromV = byMonth && m ? y + '-' + String(m).padStart(2, '0') : y + '-01';
        const toV = byMonth && m ? fromV : y + '-12';
        return el('li', null, el('button', { type: 'button', class: 'bar', 'data-from': fromV, 'data-to': toV },
          el('span', { class: 'bar-label' }, label),
          el('span', { class: 'bar-fill', style: 'width:' + Math.max(2, Math.round(100 * n / top)) + '%' }),
          el('span', { class: 'bar-count' }, n.toLocaleString('en'), el('span', { class: 'visually-hidden' }, n === 1 ? ' result' : ' results'))));
      });
      histogram.replaceChildren(el('p', { class: 'histogram-title', id: 'search-histogram-title' }, 'Matching articles and annotations by ' + (byMonth ? 'month' : 'year') + '; choose one to search only it:'),
        el('ul', { class: 'histogram', 'aria-labelledby': 'search-histogram-title' }, ...items));
    }

    let timer = 0;
    const update = (delay, typing) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const params = paramsOfForm();
        remember(params);
        run(params, typing).catch(fail);
      }, delay);
    };
    const fail = (e) => { status.textContent = 'The search index could not be read: ' + e.message; };
    form.addEventListener('submit', (e) => { e.preventDefault(); update(0); });
    q.addEventListener('input', () => update(150, true));
    form.addEventListener('change', (e) => { if (e.target !== q) update(0); });
    histogram.addEventListener('click', (e) => {
      const b = e.target.closest('button[data-from]');
      if (!b) return;
      from.value = b.dataset.from;
      to.value = b.dataset.to;
      update(0);
    });
    more.addEventListener('click', () => showMore().catch(fail));

    engine.init().then(() => {
      load.version = engine.ix.v;
      const params = new URLSearchParams(location.search);
      q.value = params.get('q') || '';
      from.value = params.get('from') || '';
      to.value = params.get('to') || '';
      return run(params);
    }).catch(fail);
  }
  if (typeof document === 'object') ui(api);
})();
