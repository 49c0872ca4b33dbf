package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// searchDoc is a document's text made searchable: the folded text of all its
// blocks, with a separator between blocks that no quote can contain, so a
// passage never spans two blocks. It is what a quote is anchored in by
// definition; docText holds the same text in UTF-8, and only quotes
// docText does not find exactly once are looked for in a searchDoc, for
// the errors it tells (anchorQuote).
type searchDoc struct {
	blocks []*blockText
	norm   []rune
	// at maps each rune of norm to its block and run; block is -1 for a
	// separator.
	at []runRef
	// fuzzy is the work closest has done in this document, which
	// maxFuzzyDocWork bounds; searched the characters find has read,
	// which maxSearchWork bounds.
	fuzzy, searched int
}

// maxSearchWork bounds the characters find reads for all the quotes of a
// document: each quote is looked for in the whole text, so a text of
// megabytes with a thousand quotes would take many seconds. Tests lower it.
var maxSearchWork = 400_000_000

type runRef struct{ block, run int32 }

const blockSep = '\x1e'

// reset makes blocks searchable, in d's storage when it has room.
func (d *searchDoc) reset(blocks []*blockText) {
	n := len(blocks)
	for _, b := range blocks {
		n += len(b.runs)
	}
	d.blocks = blocks
	d.fuzzy, d.searched = 0, 0
	if cap(d.norm) < n {
		d.norm, d.at = make([]rune, 0, n), make([]runRef, 0, n)
	}
	d.norm, d.at = d.norm[:0], d.at[:0]
	for bi, b := range blocks {
		if bi > 0 {
			d.norm = append(d.norm, blockSep)
			d.at = append(d.at, runRef{-1, -1})
		}
		for ri, r := range b.runs {
			// The typewriter's "--" reads as one dash.
			if r.norm == '-' && ri > 0 && b.runs[ri-1].norm == '-' {
				continue
			}
			d.norm = append(d.norm, r.norm)
			d.at = append(d.at, runRef{int32(bi), int32(ri)})
		}
	}
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
	prev := runRef{-1, -1}
	for k := s.start; k < s.end; k++ {
		ref := d.at[k]
		if ref.block < 0 {
			b.WriteString(" … ")
			prev = ref
			continue
		}
		runs := d.blocks[ref.block].runs
		from := ref.run
		if prev.block == ref.block {
			from = prev.run + 1 // runs folded away, such as the second hyphen of "--"
		}
		for _, r := range runs[from : ref.run+1] {
			b.WriteRune(r.r)
		}
		prev = ref
	}
	return strings.TrimSpace(b.String())
}

// runs returns the block and the run range [first, last] of a passage that
// lies in one block.
func (d *searchDoc) runs(s span) (block *blockText, first, last int) {
	a, z := d.at[s.start], d.at[s.end-1]
	b := d.blocks[a.block]
	last = int(z.run)
	// Take in the second hyphen of a folded "--" that ends the passage.
	if last+1 < len(b.runs) && b.runs[last].norm == '-' && b.runs[last+1].norm == '-' {
		last++
	}
	return b, int(a.run), last
}

// maxFound is the most passages a quote may match in a docText; a quote
// found more often is left to searchDoc, whose search stays linear
// whatever the text.
const maxFound = 16

// find appends to out the offsets of every occurrence of q (folded and
// encoded) in the text, overlapping ones included, in order. ok is false
// when there are more than maxFound, or q holds blockSep: searchDoc must
// then decide. A match of q, which is UTF-8, starts and ends at character
// boundaries, so its offsets are those of the same passage in
// searchDoc.norm, counted in bytes.
func (d *docText) find(q []byte, out []int) (_ []int, ok bool) {
	if len(q) == 0 || bytes.IndexByte(q, blockSep) >= 0 {
		return out, false
	}
	for from := 0; ; {
		i := bytes.Index(d.norm[from:], q)
		if i < 0 {
			return out, true
		}
		if len(out) == maxFound {
			return out, false
		}
		out = append(out, from+i)
		from += i + 1
	}
}

// hasPrefix is searchDoc.hasPrefix for the passage starting at offset
// start: it looks at the same len(prefix)+2 characters before it.
func (d *docText) hasPrefix(start int, prefix []rune) bool {
	p := trimRightSpace(prefix)
	from := start
	for n := 0; n < len(p)+2 && from > 0; n++ {
		_, size := utf8.DecodeLastRune(d.norm[:from])
		from -= size
	}
	before := trimRightSpace(d.context(from, start))
	return len(p) <= len(before) && string(before[len(before)-len(p):]) == string(p)
}

// hasSuffix is hasPrefix's mirror, for the passage ending at offset end.
func (d *docText) hasSuffix(end int, suffix []rune) bool {
	x := trimLeftSpace(suffix)
	to := end
	for n := 0; n < len(x)+2 && to < len(d.norm); n++ {
		_, size := utf8.DecodeRune(d.norm[to:])
		to += size
	}
	after := trimLeftSpace(d.context(end, to))
	return len(x) <= len(after) && string(after[:len(x)]) == string(x)
}

// context is searchDoc.context for norm[from:to].
func (d *docText) context(from, to int) []rune {
	out := make([]rune, 0, to-from)
	for _, r := range string(d.norm[from:to]) {
		if r == blockSep {
			r = ' '
		}
		out = append(out, r)
	}
	return out
}

// place returns the passage norm[start:end], which lies in one block
// (find's matches have no blockSep in them), as searchDoc.runs and
// newPassage give it from the block's runs. ok is false, and the quote
// left to searchDoc, if reading the block again does not give the text
// in norm, which it always does.
func (d *docText) place(start, end int, source []byte) (passage, bool) {
	bi := sort.Search(len(d.blocks), func(i int) bool { return d.blocks[i].at > start }) - 1
	b := d.blocks[bi]
	l := locator{norm: d.norm[b.at:], from: start - b.at, to: end - b.at, shown: d.shownBuf[:0]}
	l.collect(b.node, source)
	d.shownBuf = l.shown
	if l.state == findingLast && l.hyphenLast {
		l.state = found // the passage ends the block with a hyphen
	}
	if l.state != found || l.bad {
		return passage{}, false
	}
	return passage{block: b.node, index: bi, first: l.first, start: l.start, end: l.end, text: string(l.shown)}, true
}

// A locator reads a block's text again, as docText.addText does, to find a
// passage of its folded text: the runs (blockText) it starts and ends at
// and what they show, counted without making them. It stops at the run
// after the passage, which tells whether a folded "--" ends it.
type locator struct {
	norm     []byte // the block's folded text, and what follows it
	from, to int    // the passage in it
	off      int    // the folded text read so far
	run      int    // the runs made so far

	// A space run is due (one is never first): what it takes in the
	// source.
	space                bool
	spaceStart, spaceEnd int
	hyphen               bool // the last run folds to '-'
	started              bool // a run has been made

	state      int
	first      int // the passage's first run
	start, end int // its bytes in the source
	hyphenLast bool
	shown      []byte
	bad        bool // the text read is not norm
}

// locator states.
const (
	findingFirst = iota
	findingLast
	found
)

func (l *locator) collect(n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil && l.state != found; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			l.addText(c, source)
			if c.SoftLineBreak() || c.HardLineBreak() {
				l.addSpace(c.Segment.Stop, c.Segment.Stop)
			}
		case *ast.RawHTML, *extast.FootnoteLink, *ast.Image:
		default:
			l.collect(c, source)
		}
	}
}

func (l *locator) addText(t *ast.Text, source []byte) {
	seg := source[t.Segment.Start:t.Segment.Stop]
	base := t.Segment.Start
	raw := t.IsRaw()
	for i := 0; i < len(seg) && l.state != found; {
		c := seg[i]
		if plain[c] {
			j := i + 1
			for j < len(seg) {
				if plain[seg[j]] {
					j++
				} else if seg[j] == ' ' && j+1 < len(seg) && plain[seg[j+1]] {
					j += 2
				} else {
					break
				}
			}
			l.addPlain(seg[i:j], base+i)
			i = j
			continue
		}
		start := i
		var r rune
		switch {
		case c == '\\' && !raw && i+1 < len(seg) && isASCIIPunct(seg[i+1]):
			r = rune(seg[i+1])
			i += 2
		case c == '&' && !raw:
			if r2, n := entity(seg[i:]); n > 0 {
				r = r2
				i += n
				break
			}
			r = '&'
			i++
		case c < utf8.RuneSelf:
			r = rune(c)
			i++
		default:
			var size int
			r, size = utf8.DecodeRune(seg[i:])
			i += size
		}
		if unicode.IsSpace(r) {
			l.addSpace(base+start, base+i)
			continue
		}
		if l.flushSpace(); l.state == found {
			return
		}
		n := fold(r)
		folded := n == '-' && l.hyphen // the second of "--": a run, but not in norm
		size := 0
		if !folded {
			var enc [utf8.UTFMax]byte
			size = utf8.EncodeRune(enc[:], n)
			if l.off+size > len(l.norm) || string(l.norm[l.off:l.off+size]) != string(enc[:size]) {
				l.bad, l.state = true, found
				return
			}
		}
		l.addRun(r, size, base+start, base+i)
		l.hyphen = n == '-'
	}
}

// addPlain adds a stretch of plain characters and single spaces, each a
// run of one byte, folded and shown as itself, starting at source offset
// at.
func (l *locator) addPlain(s []byte, at int) {
	if l.flushSpace(); l.state == found {
		return
	}
	if l.off+len(s) > len(l.norm) || string(l.norm[l.off:l.off+len(s)]) != string(s) {
		l.bad, l.state = true, found
		return
	}
	if l.hyphenLast {
		l.state = found // a passage ending with a hyphen, not followed by another
		return
	}
	l.started, l.hyphen = true, false
	i := 0
	if l.state == findingFirst && l.from < l.off+len(s) {
		i = l.from - l.off
		l.state, l.first, l.start = findingLast, l.run+i, at+i
	}
	if l.state == findingLast {
		if l.to <= l.off+len(s) {
			k := l.to - l.off // the passage ends with s[k-1]
			l.shown = append(l.shown, s[i:k]...)
			l.end, l.state = at+k, found
			return
		}
		l.shown = append(l.shown, s[i:]...)
	}
	l.off += len(s)
	l.run += len(s)
}

// addSpace adds white space taking source[start:end]: one space run with
// any white space before or after it.
func (l *locator) addSpace(start, end int) {
	if !l.started {
		return // trimmed
	}
	if !l.space {
		l.space, l.spaceStart, l.spaceEnd = true, start, end
		return
	}
	l.spaceEnd = max(l.spaceEnd, end)
}

// flushSpace makes the space run due, before a run that is not a space.
func (l *locator) flushSpace() {
	if !l.space {
		return
	}
	l.space = false
	if l.off >= len(l.norm) || l.norm[l.off] != ' ' {
		l.bad, l.state = true, found
		return
	}
	l.addRun(' ', 1, l.spaceStart, l.spaceEnd)
	l.hyphen = false
}

// addRun adds a run showing r, taking size bytes of norm (none for a
// folded hyphen) and source[start:end].
func (l *locator) addRun(r rune, size, start, end int) {
	if l.state == found {
		return
	}
	l.started = true
	if l.state == findingFirst && size > 0 && l.off == l.from {
		l.state, l.first, l.start = findingLast, l.run, start
	}
	switch {
	case l.state != findingLast:
	case l.hyphenLast:
		// The run after a passage ending with a hyphen: a folded
		// hyphen is taken in, as searchDoc.runs does.
		if size == 0 {
			l.shown = utf8.AppendRune(l.shown, r)
			l.end = end
		}
		l.state = found
		return
	default:
		l.shown = utf8.AppendRune(l.shown, r)
		if size > 0 && l.off < l.to && l.to <= l.off+size {
			l.end = end
			if fold(r) == '-' {
				l.hyphenLast = true
			} else {
				l.state = found
			}
		}
	}
	l.off += size
	l.run++
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

// anchorFast finds the one passage an annotation's quote, prefix and
// suffix select, as anchorQuote does, in the folded text alone. ok is
// false when there is none, or the quote is one anchorQuote must look at
// (it is empty, found in too many places, or in none or many with the
// given prefix and suffix): anchorQuote then says why.
func (sc *scratch) anchorFast(quote, prefix, suffix string, source []byte) (passage, bool) {
	d := &sc.text
	sc.quote = appendNormalized(sc.quote[:0], quote)
	q := sc.quote
	all, ok := d.find(q, sc.found[:0])
	sc.found = all
	if !ok || len(all) == 0 {
		return passage{}, false
	}
	match := -1
	if prefix == "" && suffix == "" {
		if len(all) > 1 {
			return passage{}, false
		}
		match = all[0]
	} else {
		p, x := normalize(prefix), normalize(suffix)
		for _, s := range all {
			if (prefix == "" || d.hasPrefix(s, p)) && (suffix == "" || d.hasSuffix(s+len(q), x)) {
				if match >= 0 {
					return passage{}, false
				}
				match = s
			}
		}
		if match < 0 {
			return passage{}, false
		}
	}
	return d.place(match, match+len(q), source)
}

// An anchor is where an annotation's quote is in the document.
type anchor struct {
	block       *blockText
	first, last int // runs
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
		b, first, last := d.runs(matches[0])
		return anchor{block: b, first: first, last: last}, nil
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
		b, first, _ := d.runs(s)
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
