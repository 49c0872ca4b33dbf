package markdown

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/yuin/goldmark/ast"
)

// searchDoc is a document's text made searchable: the folded text of all its
// blocks, with a separator between blocks that no quote can contain, so a
// passage never spans two blocks. It is what a quote is anchored in
// (anchorQuote).
//
// The folded text is written as each block's text is read (foldedText),
// without the runs (blockText), a dozen bytes a character: they are made
// only for the few blocks where a passage is placed or a message shows
// one (searchDoc.block), and fold to the same characters (foldedAt).
type searchDoc struct {
	source []byte
	nodes  []ast.Node // the blocks that hold inlines, in document order
	starts []int      // where each block's folded text starts in norm
	norm   []rune     // each run's character folded (fold), a separator between blocks
	made   map[int]madeBlock
	// fuzzy is the work closest has done in this document, which
	// maxFuzzyDocWork bounds; searched the characters find has read,
	// which maxSearchWork bounds.
	fuzzy, searched int
}

// maxSearchWork bounds the characters find reads for all the quotes of a
// document: each quote is looked for in the whole text, so a text of
// megabytes with a thousand quotes would take many seconds. Tests lower it.
var maxSearchWork = 400_000_000

// madeBlock is a block's runs made again, with what each adds to the
// folded text.
type madeBlock struct {
	*blockText
	folded []folded
}

const blockSep = '\x1e'

// searchDocs are reused from article to article: the folded text is
// four bytes a character of the whole text, and a build anchors the
// passages of thousands of articles.
var searchDocs = sync.Pool{New: func() any { return new(searchDoc) }}

// reset makes the text of doc searchable, reusing d's memory.
func (d *searchDoc) reset(doc ast.Node, source []byte) {
	norm, nodes, starts := d.norm[:0], d.nodes[:0], d.starts[:0]
	*d = searchDoc{source: source, nodes: nodes, starts: starts}
	t := foldedText{norm: slices.Grow(norm, len(source))}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock || !holdsInlines(n) {
			return ast.WalkContinue, nil
		}
		if len(d.nodes) > 0 {
			t.norm = append(t.norm, blockSep)
		}
		d.nodes = append(d.nodes, n)
		d.starts = append(d.starts, len(t.norm))
		t.spacing, t.prev = spacing{}, 0
		collect(n, source, &t)
		return ast.WalkSkipChildren, nil
	})
	d.norm = t.norm
}

// done gives d back to searchDocs, keeping none of its document alive.
func (d *searchDoc) done() {
	clear(d.nodes)
	d.source, d.nodes, d.made = nil, d.nodes[:0], nil
	searchDocs.Put(d)
}

// foldedText writes a block's folded text as collect gives it: what
// foldedAt makes of the block's runs, without making them (a run is a
// dozen bytes a character; they are made again only for the blocks
// where a passage is placed).
type foldedText struct {
	norm []rune
	spacing
	prev rune // the last character written, for "--"
}

func (t *foldedText) char(r rune, _, _ int) {
	if _, space := t.next(); space {
		t.add(' ')
	}
	t.add(fold(r))
}

func (t *foldedText) ascii(s []byte, _ int) {
	for _, c := range s {
		t.char(rune(c), 0, 0)
	}
}

func (t *foldedText) add(f rune) {
	// The typewriter's "--" reads as one dash.
	if f == '-' && t.prev == '-' {
		return
	}
	t.prev = f
	t.norm = append(t.norm, f)
}

// folded is what a run adds to the folded text: the character it folds
// to, or nothing for the second hyphen of a "--", which reads as one dash.
type folded struct {
	r    rune
	kept bool // false for a run folded away
}

// foldedAt returns, for each run, what it adds to the folded text, in
// dst's storage.
func foldedAt(dst []folded, runs []run) []folded {
	out := slices.Grow(dst[:0], len(runs))[:len(runs)]
	clear(out)
	prev := rune(0)
	for i, r := range runs {
		f := fold(r.r)
		// The typewriter's "--" reads as one dash.
		if f == '-' && prev == '-' {
			continue
		}
		prev = f
		out[i] = folded{f, true}
	}
	return out
}

// block returns the runs of block bi, made again.
func (d *searchDoc) block(bi int) madeBlock {
	if b, ok := d.made[bi]; ok {
		return b
	}
	if d.made == nil {
		d.made = map[int]madeBlock{}
	}
	b := newBlockText(d.nodes[bi], d.source)
	m := madeBlock{b, foldedAt(nil, b.runs)}
	d.made[bi] = m
	return m
}

// place returns the block of the folded text's character k, its index,
// and the run k comes from.
func (d *searchDoc) place(k int) (*blockText, int, int) {
	bi := sort.SearchInts(d.starts, k+1) - 1
	b := d.block(bi)
	n := d.starts[bi]
	for ri, f := range b.folded {
		if !f.kept {
			continue
		}
		if n == k {
			return b.blockText, bi, ri
		}
		n++
	}
	panic("markdown: a character of the folded text has no run")
}

// span is a passage of the document: norm[start:end].
type span struct{ start, end int }

// find returns every occurrence of q, in order (Knuth–Morris–Pratt, so a
// hostile text cannot make the search quadratic).
func (d *searchDoc) find(q []rune) []span {
	if len(q) == 0 || slices.Contains(q, blockSep) {
		// A quote with the separator in it would span blocks.
		return nil
	}
	fail := make([]int, len(q))
	for i, k := 1, 0; i < len(q); i++ {
		for k > 0 && q[i] != q[k] {
			k = fail[k-1]
		}
		if q[i] == q[k] {
			k++
		}
		fail[i] = k
	}
	var out []span
	text, q0 := d.norm, q[0]
	for i, k := 0, 0; i < len(text); i++ {
		if k == 0 {
			// Most of the text is not even the quote's first
			// character: skip it in a loop that does nothing else.
			for i < len(text) && text[i] != q0 {
				i++
			}
			if i == len(text) {
				break
			}
		}
		for k > 0 && text[i] != q[k] {
			k = fail[k-1]
		}
		if text[i] == q[k] {
			k++
		}
		if k == len(q) {
			out = append(out, span{i + 1 - len(q), i + 1})
			k = fail[k-1]
		}
	}
	return out
}

// hasPrefix reports whether the text before s ends with prefix, ignoring
// white space at the junction; a block boundary counts as a space.
func (d *searchDoc) hasPrefix(s span, prefix []rune) bool {
	p := trimRightSpace(prefix)
	before := trimRightSpace(d.context(max(0, s.start-len(p)-2), s.start))
	return len(p) <= len(before) && string(before[len(before)-len(p):]) == string(p)
}

// hasSuffix is hasPrefix's mirror.
func (d *searchDoc) hasSuffix(s span, suffix []rune) bool {
	x := trimLeftSpace(suffix)
	after := trimLeftSpace(d.context(s.end, min(len(d.norm), s.end+len(x)+2)))
	return len(x) <= len(after) && string(after[:len(x)]) == string(x)
}

func (d *searchDoc) context(from, to int) []rune {
	out := make([]rune, 0, to-from)
	for _, r := range d.norm[from:to] {
		if r == blockSep {
			r = ' '
		}
		out = append(out, r)
	}
	return out
}

func trimRightSpace(rs []rune) []rune {
	for len(rs) > 0 && rs[len(rs)-1] == ' ' {
		rs = rs[:len(rs)-1]
	}
	return rs
}

func trimLeftSpace(rs []rune) []rune {
	for len(rs) > 0 && rs[0] == ' ' {
		rs = rs[1:]
	}
	return rs
}

// maxFuzzyWork bounds the closest-passage search (quote length × text
// length), which only runs when an annotation is already in error, for one
// quote, and maxFuzzyDocWork for all the quotes of a document: a text of
// many quotes none of which it has would otherwise take minutes to tell so.
const (
	maxFuzzyWork    = 50_000_000
	maxFuzzyDocWork = 200_000_000
)

// errTooLong says that a quote not found was not looked for approximately.
var errTooLong = errors.New("too long")

// closest finds the passage with the fewest edits from q: approximate
// substring matching (Sellers' dynamic programme, the exact form of what
// Hypothesis's re-anchoring approximates with a bit-parallel algorithm).
// ok is false when nothing is even half similar; err is errTooLong when
// the search would exceed its bounds and was not made.
func (d *searchDoc) closest(q []rune) (s span, ok bool, err error) {
	m, n := len(q), len(d.norm)
	if m == 0 || n == 0 {
		return span{}, false, nil
	}
	if m*n > maxFuzzyWork || d.fuzzy+m*n > maxFuzzyDocWork {
		return span{}, false, errTooLong
	}
	d.fuzzy += m * n
	// cost[i] is the edit distance between q[:i] and the best text
	// ending at the current position; from[i] where that text starts.
	cost := make([]int, m+1)
	from := make([]int, m+1)
	for i := range cost {
		cost[i] = i
	}
	best, bestEnd, bestStart := m+1, 0, 0
	for j := 1; j <= n; j++ {
		c := d.norm[j-1]
		diag, diagFrom := cost[0], j-1 // a match may start anywhere
		cost[0], from[0] = 0, j
		for i := 1; i <= m; i++ {
			up, upFrom := cost[i], from[i]
			sub := diag
			if q[i-1] != c || c == blockSep {
				sub++
			}
			v, f := sub, diagFrom
			if up+1 < v {
				v, f = up+1, upFrom
			}
			if cost[i-1]+1 < v {
				v, f = cost[i-1]+1, from[i-1]
			}
			diag, diagFrom = up, upFrom
			cost[i], from[i] = v, f
		}
		if cost[m] < best {
			best, bestEnd, bestStart = cost[m], j, from[m]
		}
	}
	if best > m/2 {
		return span{}, false, nil
	}
	return span{bestStart, bestEnd}, true, nil
}

// excerpt shows a passage of the document as readers see it, block
// boundaries as " … ".
func (d *searchDoc) excerpt(s span) string {
	var b strings.Builder
	for k := s.start; k < s.end; {
		if d.norm[k] == blockSep {
			b.WriteString(" … ")
			k++
			continue
		}
		// The passage's characters in this block, and the runs folded
		// away between them.
		blk, bi, first := d.place(k)
		end := len(d.norm)
		if bi+1 < len(d.starts) {
			end = d.starts[bi+1] - 1
		}
		last := min(end, s.end) - 1 // the passage's last character in the block
		_, _, lastRun := d.place(last)
		for _, r := range blk.runs[first : lastRun+1] {
			b.WriteRune(r.r)
		}
		k = last + 1
	}
	return strings.TrimSpace(b.String())
}

// runs returns the block, its index, and the run range [first, last] of a
// passage that lies in one block.
func (d *searchDoc) runs(s span) (block *blockText, index, first, last int) {
	b, bi, first := d.place(s.start)
	_, _, last = d.place(s.end - 1)
	// Take in the second hyphen of a folded "--" that ends the passage.
	if last+1 < len(b.runs) && fold(b.runs[last].r) == '-' && fold(b.runs[last+1].r) == '-' {
		last++
	}
	return b, bi, first, last
}

// A passage is where an annotation's quote is in the document.
type passage struct {
	block      ast.Node
	index      int // of the block, in document order
	first      int // the run it starts at in the block
	start, end int // its bytes in the source
	text       string
}

func newPassage(block ast.Node, index int, runs []run, first, last int) passage {
	return passage{
		block: block, index: index, first: first,
		start: int(runs[first].start), end: int(runs[last].end),
		text: shown(runs[first : last+1]),
	}
}

// An anchor is where an annotation's quote is in the document.
type anchor struct {
	block       *blockText
	index       int // of the block, in document order
	first, last int // runs
	// repeats is set when the quote is in the text more than once, the
	// passage and others.
	repeats bool
}

// anchorQuote finds the one passage an annotation's quote, prefix and
// suffix select, or says why there is none.
func anchorQuote(d *searchDoc, quote, prefix, suffix string, lineOf func(offset int) int) (anchor, error) {
	q := normalize(quote)
	if len(q) == 0 {
		return anchor{}, fmt.Errorf("quote is empty")
	}
	if d.searched += len(d.norm); d.searched > maxSearchWork {
		return anchor{}, fmt.Errorf("quote not looked for: the quotes of an article are looked for in at most %d million characters of its text in all, and this article has too many quotes for its length", maxSearchWork/1_000_000)
	}
	all := d.find(q)
	matches := all
	if prefix != "" || suffix != "" {
		p, x := normalize(prefix), normalize(suffix)
		matches = nil
		for _, s := range all {
			if (prefix == "" || d.hasPrefix(s, p)) && (suffix == "" || d.hasSuffix(s, x)) {
				matches = append(matches, s)
			}
		}
	}
	switch {
	case len(matches) == 1:
		b, bi, first, last := d.runs(matches[0])
		return anchor{block: b, index: bi, first: first, last: last, repeats: len(all) > 1}, nil
	case len(all) == 0:
		s, ok, err := d.closest(q)
		switch {
		case ok:
			return anchor{}, fmt.Errorf("quote not found; closest passage: %q", d.excerpt(s))
		case err != nil:
			return anchor{}, fmt.Errorf("quote not found (the text is too long to look for a passage like it)")
		}
		return anchor{}, fmt.Errorf("quote not found, nor anything like it")
	case len(matches) == 0:
		return anchor{}, fmt.Errorf("quote found %s, but none with the given prefix and suffix", places(d, all, lineOf))
	}
	return anchor{}, fmt.Errorf("quote matches %d passages, %s; add a prefix or suffix to choose one", len(matches), places(d, matches, lineOf))
}

// places lists where passages are: "at lines 12 and 30".
func places(d *searchDoc, spans []span, lineOf func(int) int) string {
	const most = 10 // a quote of one letter may match thousands
	var lines []string
	more := 0
	if len(spans) > most {
		spans, more = spans[:most], len(spans)-most
	}
	for _, s := range spans {
		b, _, first, _ := d.runs(s)
		lines = append(lines, fmt.Sprint(lineOf(int(b.runs[first].start))))
	}
	if len(lines) == 1 {
		return "at line " + lines[0]
	}
	if more > 0 {
		return fmt.Sprintf("at lines %s and %d more", strings.Join(lines, ", "), more)
	}
	return "at lines " + strings.Join(lines[:len(lines)-1], ", ") + " and " + lines[len(lines)-1]
}
