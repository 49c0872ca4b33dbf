package search

import (
	"cmp"
	bits64 "math/bits"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Weight classes: how much a term found in a field of a document counts.
// A document's class for a term is the highest among the fields it is in.
const (
	classBody    = 0 // an article's text, a profile, a note
	classOften   = 1 // an article's text, three times or more
	classSummary = 2 // a summary, source, author, alias, speaker, annotation's note
	classTitle   = 3 // a headline, a name, a claim's title, an annotation's passage
)

// contexts is how many documents of a term keep a context, a sentence
// around its first place in the text, for the results' snippets: the
// term's best articles, by class, then newest first, as search.js ranks
// the results of a query of that word alone.
const contexts = 10

// A posting is one document of a term: kind<<30 | number<<2 | class.
// Sorted, a term's postings are in the order of kinds, then numbers.
type posting uint32

func newPosting(kind int, id uint32, class int) posting {
	return posting(uint32(kind)<<30 | id<<2 | uint32(class))
}

func (p posting) kind() int    { return int(p >> 30) }
func (p posting) id() uint32   { return uint32(p>>2) & (1<<28 - 1) }
func (p posting) class() int   { return int(p & 3) }
func (p posting) doc() posting { return p &^ 3 }

// rank orders a term's articles for its contexts: class, then newest.
func (p posting) rank() uint32 { return uint32(p.class())<<28 | p.id() }

// context is an article's sentence around its first use of a term.
type context struct {
	p    posting
	text string
}

// term is what the index knows of one term: its postings and the
// contexts of its best articles.
type term struct {
	post []posting
	// arts are the articles of a pair of words that rows filed, a bit
	// each, class 0; post has none of them.
	arts []uint64
	ctx  []context // best first
}

// offerContext adds c to the best contexts ctx if it ranks among them.
func offerContext(ctx []context, c context) []context {
	i, _ := slices.BinarySearchFunc(ctx, c.p.rank(), func(x context, r uint32) int { return cmp.Compare(r, x.p.rank()) })
	if i >= contexts {
		return ctx
	}
	ctx = slices.Insert(ctx, i, c)
	if len(ctx) > contexts {
		ctx = ctx[:contexts]
	}
	return ctx
}

// Kinds of terms.
const (
	termWord  = iota
	termPair  // two words next to each other: no contexts, no summary
	termValue // a facet value: no contexts
)

// worker indexes documents on one goroutine at a time. It numbers terms
// as it meets them (a pair of words is found by the numbers of its
// words), keeps what it knows of each term in the document being added
// in an array by that number, and appends each document's terms to one log,
// which merge turns into postings: writing in order costs less than
// appending to thousands of lists at random.
type worker struct {
	words map[string]int32
	pairs map[uint64]int32
	// dense numbers the pairs of words both numbered below denseWords:
	// words are numbered as met, so the most frequent have the lowest
	// numbers, and most pairs are found here rather than in pairs. Its
	// numbers are those of rows' bits (below denseRow), plus one, and
	// small, so that the table stays in the processor's cache.
	dense []uint16
	keys  []string    // by number
	ctx   [][]context // a word's best contexts
	term  []termState // what is known of each term, by number

	log  [][]uint32 // each document's terms: number<<2 | class, in blocks
	docs []span

	// Pairs of words are most of what a text has to file, so the
	// first denseRow pairs a worker numbers (the most frequent, met
	// first) are filed differently: each article gets a row of bits,
	// one per pair it has, set in the processor's cache, and merge
	// turns the rows into a bitmap of articles per pair.
	bitPair []int32    // by bit: the pair's term number (termState.bit)
	row     []uint64   // the current article's row
	rows    [][]uint64 // every article's row, as long as it needs (in blocks) …
	rowOf   []uint32   // … of the article of this number
	rowMax  int        // how many words of row the current article set
	block   []uint64   // where rows are kept

	touched  []int32 // the terms of the document being added
	cand     []int32 // the words it may offer contexts to
	candKeys []uint64
	candOf   map[int32]int32 // a word by where the text first uses it
	doc      posting

	tok     tokenizer
	prev    int32 // the last word added, for pairs; -1 at a field's start
	prevCJK bool
	prevEnd int
	key     []byte
}

// termState is what a worker knows of a term: its kind and, of a pair,
// its bit in rows, then, in the document being added, the document (when
// it is not the current one, nothing else is), its class, how often the
// text uses it and where first. A token reads and writes most of them,
// which are together so that it touches one line of the processor's
// cache, not one a field.
type termState struct {
	cur        posting
	tf         int32
	first, end int32
	bit        int32 // a pair's bit in rows, or -1
	class      uint8
	kind       uint8
}

// span is a document's terms in a worker's log: up to entry end.
type span struct {
	doc posting
	end int
}

// logBlock is how many entries a block of a worker's log holds: blocks,
// rather than one array, are never copied to grow.
const logBlock = 1 << 16

// denseWords is how many words' pairs a worker numbers in a table.
const denseWords = 256

// denseRow is how many pairs a worker files in rows of bits: the rows of
// 10,000 articles take 10 MB at most.
const (
	denseRow = 8192
	rowWords = denseRow / 64
)

func newWorker() *worker {
	return &worker{words: map[string]int32{}, pairs: map[uint64]int32{}, row: make([]uint64, rowWords), candOf: map[int32]int32{}}
}

// pair returns the pair of words a and b, made if new: its bit in rows,
// or -1, and its term number, or -1 where the bit is known from the
// dense table (w.bitPair has it), which an article's text, most of what
// is filed, then does not look up.
func (w *worker) pair(a, b int32) (bit, j int32) {
	dense := a < denseWords && b < denseWords
	if dense {
		if w.dense == nil {
			w.dense = make([]uint16, denseWords*denseWords)
		}
		if bit := w.dense[a*denseWords+b]; bit > 0 {
			return int32(bit) - 1, -1
		}
	}
	pk := uint64(a)<<32 | uint64(b)
	j, ok := w.pairs[pk]
	if !ok {
		j = w.add(w.keys[a]+" "+w.keys[b], termPair)
		if bit := w.term[j].bit; dense && bit >= 0 {
			w.dense[a*denseWords+b] = uint16(bit + 1)
		} else {
			w.pairs[pk] = j
		}
	}
	return w.term[j].bit, j
}

// begin starts adding the document doc.
func (w *worker) begin(kind int, id uint32) {
	w.doc = newPosting(kind, id, 0)
	w.touched = w.touched[:0]
}

// end ends the document being added.
func (w *worker) finish() {
	if w.rowMax > 0 {
		if cap(w.block)-len(w.block) < w.rowMax {
			w.block = make([]uint64, 0, logBlock)
		}
		at := len(w.block)
		w.block = append(w.block, w.row[:w.rowMax]...)
		w.rows = append(w.rows, w.block[at:len(w.block):len(w.block)])
		w.rowOf = append(w.rowOf, w.doc.id())
		clear(w.row[:w.rowMax])
		w.rowMax = 0
	}
	n := len(w.log)
	for _, i := range w.touched {
		if n == 0 || len(w.log[n-1]) == logBlock {
			w.log = append(w.log, make([]uint32, 0, logBlock))
			n++
		}
		w.log[n-1] = append(w.log[n-1], uint32(i)<<2|uint32(w.term[i].class))
	}
	w.docs = append(w.docs, span{w.doc, w.logged()})
	w.touched = w.touched[:0]
}

// logged counts the entries of the log.
func (w *worker) logged() int {
	if len(w.log) == 0 {
		return 0
	}
	return (len(w.log)-1)*logBlock + len(w.log[len(w.log)-1])
}

// entry returns entry i of the log.
func (w *worker) entry(i int) uint32 { return w.log[i/logBlock][i%logBlock] }

// add makes a new term of key.
func (w *worker) add(key string, kind uint8) int32 {
	bit := int32(-1)
	if kind == termPair && len(w.bitPair) < denseRow {
		bit = int32(len(w.bitPair))
		w.bitPair = append(w.bitPair, int32(len(w.keys)))
	}
	w.keys = append(w.keys, key)
	w.ctx = append(w.ctx, nil)
	w.term = append(w.term, termState{cur: ^posting(0), first: -1, bit: bit, kind: kind})
	return int32(len(w.keys) - 1)
}

// count counts the current document in for term i at class or above.
func (w *worker) count(i int32, class int) {
	t := &w.term[i]
	if t.cur != w.doc {
		t.cur, t.class, t.tf, t.first = w.doc, uint8(class), 0, -1
		w.touched = append(w.touched, i)
	} else if int(t.class) < class {
		t.class = uint8(class)
	}
}

// value files the current document under a facet value.
func (w *worker) value(v value) {
	w.key = append(w.key[:0], v.key()...)
	i, ok := w.words[string(w.key)]
	if !ok {
		i = w.add(string(w.key), termValue)
		w.words[w.keys[i]] = i
	}
	w.count(i, classBody)
}

// field adds the tokens of a field of the current document, and the pairs
// of tokens next to each other in it (not across a line break, which
// separates blocks). text is set for an article's text, whose tokens'
// places are kept for contexts.
func (w *worker) field(s string, class int, text bool) {
	w.prev = -1
	w.tok.each(s, func(tok []byte, start, end int, cjk bool) {
		i, ok := w.words[string(tok)]
		if !ok {
			i = w.add(string(tok), termWord)
			w.words[w.keys[i]] = i
		}
		w.count(i, class)
		if text {
			t := &w.term[i]
			t.tf++
			if t.tf == 3 && class == classBody && t.class < classOften {
				t.class = classOften
			}
			if t.first < 0 {
				t.first, t.end = int32(start), int32(end)
			}
		}
		if w.prev >= 0 && !cjk && !w.prevCJK && strings.IndexByte(s[w.prevEnd:start], '\n') < 0 {
			b, j := w.pair(w.prev, i)
			if b >= 0 && w.doc.kind() == kindArticle && class < classSummary {
				w.row[b/64] |= 1 << (b % 64)
				w.rowMax = max(w.rowMax, int(b/64)+1)
			} else {
				if j < 0 {
					j = w.bitPair[b]
				}
				w.count(j, class) // a pair in a title counts as the title's words do
			}
		}
		w.prev, w.prevCJK, w.prevEnd = i, cjk, end
	})
}

// perArticle is how many of its words an article offers contexts to in a
// dossier of n articles: every word in a small dossier, and in a large
// one 40, since a context for each of its words would take ten times its
// text. Which words, when not all, is decided by a rule of the article
// alone, so that it does not depend on what a worker saw before: names
// and figures first (a capital or a digit where the word is first
// used), then words it uses once, then the longest; the likeliest to be
// what a reader looks for and to be rare in the dossier.
func perArticle(n int) int { return max(40, 10000/max(n, 1)) }

// contexts offers the contexts of the article being added to its words,
// and returns those words.
func (w *worker) contexts(text, fallback string, max int) []string {
	w.cand = w.cand[:0]
	for _, i := range w.touched {
		if w.term[i].kind == termWord {
			w.cand = append(w.cand, i)
		}
	}
	if len(w.cand) > max {
		// Each candidate's key, in one number: 0 for a name or a figure,
		// then how often the text uses it, then longer first, then
		// where the text first uses it. Words the text does not use
		// (they are in the title or summary) come last, by their text.
		keys := w.candKeys[:0]
		var rest []int32
		for _, i := range w.cand {
			f := w.term[i].first
			if f < 0 {
				rest = append(rest, i)
				continue
			}
			var name uint64 = 1
			if c := text[f]; 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= utf8.RuneSelf && unicode.IsUpper(firstRune(text[f:])) {
				name = 0
			}
			keys = append(keys, name<<63|uint64(min(w.term[i].tf, 1<<14))<<48|uint64(255-min(len(w.keys[i]), 255))<<40|uint64(f)<<8)
			w.candOf[f] = i
		}
		slices.Sort(keys)
		slices.SortFunc(rest, func(a, b int32) int { return strings.Compare(w.keys[a], w.keys[b]) })
		w.cand = w.cand[:0]
		for _, k := range keys {
			w.cand = append(w.cand, w.candOf[int32(k>>8&(1<<32-1))])
		}
		w.cand = append(w.cand, rest...)[:max]
		w.candKeys = keys
		clear(w.candOf)
	}
	for _, i := range w.cand {
		t := w.term[i]
		p := w.doc | posting(t.class)
		if ctx := w.ctx[i]; len(ctx) == contexts && ctx[contexts-1].p.rank() > p.rank() {
			continue
		}
		s := fallback
		if t.first >= 0 {
			s = snippet(text, int(t.first), int(t.end))
		}
		w.ctx[i] = offerContext(w.ctx[i], context{p, s})
	}
	offered := make([]string, len(w.cand))
	for k, i := range w.cand {
		offered[k] = w.keys[i]
	}
	return offered
}

// snippet returns the sentence around text[start:end], within its line,
// cut to about 140 bytes at spaces, with ellipses where it is cut.
func snippet(text string, start, end int) string {
	lo := strings.LastIndexByte(text[:start], '\n') + 1
	hi := strings.IndexByte(text[end:], '\n')
	if hi < 0 {
		hi = len(text)
	} else {
		hi += end
	}
	const before, width = 50, 140
	from := lo
	if start-lo > before {
		// From a sentence's start if one is near, else a word's.
		from = start - before
		if i := strings.LastIndex(text[from:start], ". "); i >= 0 {
			from += i + 2
		} else if i := strings.IndexByte(text[from:start], ' '); i >= 0 {
			from += i + 1
		}
	}
	to := hi
	if to-from > width {
		to = max(end, from+width)
		if i := strings.LastIndexByte(text[end:to], ' '); i >= 0 {
			to = end + i
		}
		for to < hi && to > 0 && !isRuneStart(text[to]) {
			to++
		}
	}
	s := strings.TrimSpace(text[from:to])
	if from > lo {
		s = "…" + s
	}
	if to < hi {
		s += "…"
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// pool hands out workers: as many as there are processors, each used by
// one goroutine at a time (a goroutine waits for one to be free).
type pool struct {
	free chan *worker
	all  []*worker
}

func newPool() *pool {
	n := runtime.GOMAXPROCS(0)
	p := &pool{free: make(chan *worker, n)}
	for range n {
		w := newWorker()
		p.all = append(p.all, w)
		p.free <- w
	}
	return p
}

func (p *pool) get() *worker  { return <-p.free }
func (p *pool) put(w *worker) { p.free <- w }

// merge gathers the workers' terms, each term's postings sorted and its
// contexts the best of all. It counts each term's postings in the logs,
// then files them in one array.
func merge(workers []*worker, articles int) map[string]*term {
	ids := map[string]int32{}
	var terms []*term
	keys := make([][]int32, len(workers)) // each worker's numbers → merged
	for wi, w := range workers {
		keys[wi] = make([]int32, len(w.keys))
		for i, k := range w.keys {
			id, ok := ids[k]
			if !ok {
				id = int32(len(terms))
				ids[k] = id
				terms = append(terms, &term{})
			}
			keys[wi][i] = id
			for _, c := range w.ctx[i] {
				terms[id].ctx = offerContext(terms[id].ctx, c)
			}
		}
	}
	counts := make([]int, len(terms)+1)
	for wi, w := range workers {
		for _, b := range w.log {
			for _, e := range b {
				counts[keys[wi][e>>2]+1]++
			}
		}
	}
	for i := range terms {
		counts[i+1] += counts[i]
	}
	all := make([]posting, counts[len(terms)])
	for i, t := range terms {
		t.post = all[counts[i]:counts[i]:counts[i+1]]
	}
	for wi, w := range workers {
		at := 0
		for _, d := range w.docs {
			for ; at < d.end; at++ {
				e := w.entry(at)
				t := terms[keys[wi][e>>2]]
				t.post = append(t.post, d.doc|posting(e&3))
			}
		}
		w.log, w.docs = nil, nil
	}
	// The articles of pairs filed in rows: each worker's rows turned
	// into a bitmap of articles per pair, 64 pairs at a time.
	words := (articles + 63) / 64
	for wi, w := range workers {
		for b0 := 0; b0 < len(w.bitPair); b0 += 64 {
			for r, id := range w.rowOf {
				if b0/64 >= len(w.rows[r]) {
					continue // the article has no pair numbered this high
				}
				x := w.rows[r][b0/64]
				for x != 0 {
					b := b0 + bits64.TrailingZeros64(x)
					x &= x - 1
					t := terms[keys[wi][w.bitPair[b]]]
					if t.arts == nil {
						t.arts = make([]uint64, words)
					}
					t.arts[id/64] |= 1 << (id % 64)
				}
			}
		}
		w.rows, w.rowOf, w.block = nil, nil, nil
	}
	parallel(len(terms), func(i int) { slices.Sort(terms[i].post) })
	for _, w := range workers {
		*w = worker{}
	}
	out := make(map[string]*term, len(terms))
	for k, id := range ids {
		out[k] = terms[id]
	}
	return out
}

// parallel calls f(0) … f(n-1) on as many goroutines as there are
// processors.
func parallel(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int, 64)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				f(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// count is how many documents have the term.
func (t *term) count() int {
	n := len(t.post)
	for _, b := range t.arts {
		n += bits64.OnesCount64(b)
	}
	for _, p := range t.post {
		if p.kind() != kindArticle {
			break
		}
		if id := p.id(); t.arts != nil && t.arts[id/64]&(1<<(id%64)) != 0 {
			n-- // in both: a pair in the title and in the text
		}
	}
	return n
}
