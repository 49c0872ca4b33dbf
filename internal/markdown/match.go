package markdown

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// searchDoc is a document's text made searchable: the folded text of all its
// blocks, with a separator between blocks that no quote can contain, so a
// passage never spans two blocks. It is what a quote is anchored in
// (anchorQuote).
type searchDoc struct {
	blocks []*blockText
	norm   []rune // each run's character folded (fold), a separator between blocks
	// at maps each rune of norm to its run, numbered through the
	// document (blockText.first); -1 for a separator.
	at []int32
}

const blockSep = '\x1e'

// reset makes blocks searchable.
func (d *searchDoc) reset(blocks []*blockText) {
	n := len(blocks)
	for _, b := range blocks {
		n += len(b.runs)
	}
	d.blocks = blocks
	d.norm, d.at = make([]rune, 0, n), make([]int32, 0, n)
	first := 0
	for bi, b := range blocks {
		b.first = first
		first += len(b.runs)
		if bi > 0 {
			d.norm = append(d.norm, blockSep)
			d.at = append(d.at, -1)
		}
		prev := rune(0)
		for ri, r := range b.runs {
			f := fold(r.r)
			// The typewriter's "--" reads as one dash.
			if f == '-' && prev == '-' {
				continue
			}
			prev = f
			d.norm = append(d.norm, f)
			d.at = append(d.at, int32(b.first+ri))
		}
	}
}

// run returns the block of the run numbered g, and its index there.
func (d *searchDoc) run(g int32) (*blockText, int) {
	i := sort.Search(len(d.blocks), func(i int) bool { return d.blocks[i].first > int(g) }) - 1
	return d.blocks[i], int(g) - d.blocks[i].first
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
// length), which only runs when an annotation is already in error.
const maxFuzzyWork = 50_000_000

// closest finds the passage with the fewest edits from q: approximate
// substring matching (Sellers' dynamic programme, the exact form of what
// Hypothesis's re-anchoring approximates with a bit-parallel algorithm).
// ok is false when the text is too long to search or nothing is even
// half similar.
func (d *searchDoc) closest(q []rune) (s span, ok bool) {
	m, n := len(q), len(d.norm)
	if m == 0 || n == 0 || m*n > maxFuzzyWork {
		return span{}, false
	}
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
		return span{}, false
	}
	return span{bestStart, bestEnd}, true
}

// excerpt shows a passage of the document as readers see it, block
// boundaries as " … ".
func (d *searchDoc) excerpt(s span) string {
	var b strings.Builder
	prev := int32(-1) // the last run shown, in the block at hand
	for k := s.start; k < s.end; k++ {
		g := d.at[k]
		if g < 0 {
			b.WriteString(" … ")
			prev = -1
			continue
		}
		from := g
		if prev >= 0 {
			from = prev + 1 // runs folded away, such as the second hyphen of "--"
		}
		for ; from <= g; from++ {
			blk, i := d.run(from)
			b.WriteRune(blk.runs[i].r)
		}
		prev = g
	}
	return strings.TrimSpace(b.String())
}

// runs returns the block and the run range [first, last] of a passage that
// lies in one block.
func (d *searchDoc) runs(s span) (block *blockText, first, last int) {
	b, first := d.run(d.at[s.start])
	_, last = d.run(d.at[s.end-1])
	// Take in the second hyphen of a folded "--" that ends the passage.
	if last+1 < len(b.runs) && fold(b.runs[last].r) == '-' && fold(b.runs[last+1].r) == '-' {
		last++
	}
	return b, first, last
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
	first, last int // runs
}

// anchorQuote finds the one passage an annotation's quote, prefix and
// suffix select, or says why there is none.
func anchorQuote(d *searchDoc, quote, prefix, suffix string, lineOf func(offset int) int) (anchor, error) {
	q := normalize(quote)
	if len(q) == 0 {
		return anchor{}, fmt.Errorf("quote is empty")
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
		if s, ok := d.closest(q); ok {
			return anchor{}, fmt.Errorf("quote not found; closest passage: %q", d.excerpt(s))
		}
		return anchor{}, fmt.Errorf("quote not found, nor anything like it")
	case len(matches) == 0:
		return anchor{}, fmt.Errorf("quote found %s, but none with the given prefix and suffix", places(d, all, lineOf))
	}
	return anchor{}, fmt.Errorf("quote matches %d passages, %s; add a prefix or suffix to choose one", len(matches), places(d, matches, lineOf))
}

// places lists where passages are: "at lines 12 and 30".
func places(d *searchDoc, spans []span, lineOf func(int) int) string {
	var lines []string
	for _, s := range spans {
		b, first, _ := d.runs(s)
		lines = append(lines, fmt.Sprint(lineOf(int(b.runs[first].start))))
	}
	if len(lines) == 1 {
		return "at line " + lines[0]
	}
	return "at lines " + strings.Join(lines[:len(lines)-1], ", ") + " and " + lines[len(lines)-1]
}
