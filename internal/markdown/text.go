package markdown

import (
	"html"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// A run is one character of a block's text as readers see it, with the
// bytes of the source it comes from: markup is not in them, entities and
// backslash escapes are decoded, and a run of white space is one space.
// They define the text anchoring matches quotes in, and the lead.
//
// A run holds no pointer and offsets of 32 bits (content files are at most
// a few megabytes): an article has a run per character, and the garbage
// collector need not look inside them.
type run struct {
	r          rune  // the character as shown, white space as ' '
	start, end int32 // its bytes in the source
}

// blockText is the text of one block: a paragraph, heading, table cell or
// the text of a tight list item.
type blockText struct {
	block ast.Node
	runs  []run
}

// newBlockText returns the text of block, which holds inlines.
func newBlockText(block ast.Node, source []byte) *blockText {
	b := &blockText{block: block, runs: make([]run, 0, runsBound(block))}
	b.collect(block, source)
	b.trimSpace()
	return b
}

// runsBound is how many runs block may have: a run per byte of its lines
// and a space per line break at most. (A table cell has no lines of its
// own: its runs grow as they are made.)
func runsBound(block ast.Node) int {
	n := 0
	for i := range block.Lines().Len() {
		seg := block.Lines().At(i)
		n += seg.Stop - seg.Start + 1
	}
	return n
}

func holdsInlines(n ast.Node) bool {
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading, extast.KindTableCell:
		return true
	}
	return false
}

// A textSink is given a block's text as readers see it, a character at a
// time with the bytes of the source it comes from: blockText keeps the
// characters as runs, plainText writes them out.
type textSink interface {
	char(r rune, start, end int)
	// ascii is a run of characters of one byte each, as in the source
	// from byte start: most text, given at once.
	ascii(s []byte, start int)
	// space is white space: a run of it, and a line break, read as one
	// space.
	space(start, end int)
}

// collect gives sink the text of n's inline content.
func collect(n ast.Node, source []byte, sink textSink) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			addText(c, source, sink)
			if c.SoftLineBreak() || c.HardLineBreak() {
				sink.space(c.Segment.Stop, c.Segment.Stop)
			}
		case *ast.RawHTML, *extast.FootnoteLink, *ast.Image:
			// Not part of the text a reader reads along: raw HTML is
			// shown escaped but is markup in the source, footnote
			// marks are numbers, and images are not text.
		default:
			collect(c, source, sink)
		}
	}
}

// addText gives sink the characters of t: backslash escapes and
// character references decoded, white space as space.
func addText(t *ast.Text, source []byte, sink textSink) {
	seg := source[t.Segment.Start:t.Segment.Stop]
	base := t.Segment.Start
	for i := 0; i < len(seg); {
		start := i
		var r rune
		switch {
		case seg[i] == '\\' && !t.IsRaw() && i+1 < len(seg) && isASCIIPunct(seg[i+1]):
			r = rune(seg[i+1])
			i += 2
		case seg[i] == '&' && !t.IsRaw():
			if r2, n := entity(seg[i:]); n > 0 {
				r = r2
				i += n
				break
			}
			r = '&'
			i++
		case plainASCII(seg[i]):
			j := i + 1
			for j < len(seg) && plainASCII(seg[j]) {
				j++
			}
			sink.ascii(seg[i:j], base+i)
			i = j
			continue
		default:
			var size int
			r, size = utf8.DecodeRune(seg[i:])
			i += size
		}
		if unicode.IsSpace(r) {
			sink.space(base+start, base+i)
			continue
		}
		sink.char(r, base+start, base+i)
	}
}

// plainASCII reports whether c is an ASCII character that is itself in
// the text: not white space, nor the start of an escape or a reference.
func plainASCII(c byte) bool {
	return c < utf8.RuneSelf && c != '\\' && c != '&' && c != ' ' && (c < '\t' || c > '\r')
}

func (b *blockText) collect(n ast.Node, source []byte) { collect(n, source, b) }

func (b *blockText) ascii(s []byte, start int) {
	for k, c := range s {
		b.runs = append(b.runs, run{r: rune(c), start: int32(start + k), end: int32(start + k + 1)})
	}
}

func (b *blockText) char(r rune, start, end int) {
	b.runs = append(b.runs, run{r: r, start: int32(start), end: int32(end)})
}

func (b *blockText) space(start, end int) { b.addSpaceRange(start, end) }

func (b *blockText) addSpaceRange(start, end int) {
	if n := len(b.runs); n > 0 && b.runs[n-1].r == ' ' {
		b.runs[n-1].end = max(b.runs[n-1].end, int32(end))
		return
	}
	b.runs = append(b.runs, run{r: ' ', start: int32(start), end: int32(end)})
}

func (b *blockText) trimSpace() {
	for len(b.runs) > 0 && b.runs[0].r == ' ' {
		b.runs = b.runs[1:]
	}
	for len(b.runs) > 0 && b.runs[len(b.runs)-1].r == ' ' {
		b.runs = b.runs[:len(b.runs)-1]
	}
}

func isASCIIPunct(c byte) bool {
	return c < 0x80 && unicode.IsPunct(rune(c)) || c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' || c == '`' || c == '|' || c == '~'
}

// entity decodes an HTML character reference at the start of s, returning
// the character and the bytes it takes, or 0 bytes when there is none.
func entity(s []byte) (rune, int) {
	end := -1
	for i := 1; i < len(s) && i < 40; i++ {
		if s[i] == ';' {
			end = i
			break
		}
		if !(s[i] == '#' || s[i] >= '0' && s[i] <= '9' || s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
			break
		}
	}
	if end < 2 {
		return 0, 0
	}
	ref := string(s[:end+1])
	dec := html.UnescapeString(ref)
	if dec == ref {
		return 0, 0
	}
	r, size := utf8.DecodeRuneInString(dec)
	if size != len(dec) {
		// A named reference for two characters; rare enough to keep as
		// its first.
		return r, end + 1
	}
	return r, end + 1
}

// fold makes characters that editors type in different ways equal for
// matching: typographic quotes and apostrophes become straight ones, and
// every dash and hyphen a hyphen.
func fold(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '′', '`', '´':
		return '\''
	case '“', '”', '„', '‟', '″', '«', '»':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−', '⁃':
		return '-'
	}
	if unicode.IsSpace(r) {
		return ' '
	}
	return r
}

// normalize folds s the way block text is folded: characters as fold
// makes them, runs of white space one space, no space at either end. Two
// hyphens in a row, the typewriter's dash, are one.
func normalize(s string) []rune {
	var out []rune
	for _, r := range s {
		r = fold(r)
		if r == ' ' && (len(out) == 0 || out[len(out)-1] == ' ') {
			continue
		}
		out = append(out, r)
	}
	for len(out) > 0 && out[len(out)-1] == ' ' {
		out = out[:len(out)-1]
	}
	return foldDoubleHyphens(out)
}

func foldDoubleHyphens(rs []rune) []rune {
	out := rs[:0:0]
	for i, r := range rs {
		if r == '-' && i > 0 && rs[i-1] == '-' {
			continue
		}
		out = append(out, r)
	}
	return out
}

// docText returns the text of every block of doc that holds inlines as
// readers see it, as anchoring reads it (blockText), a line per block:
// what Result.Text holds.
func docText(doc ast.Node, source []byte) string {
	t := plainText{out: make([]byte, 0, len(source))}
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock || !holdsInlines(n) {
			return ast.WalkContinue, nil
		}
		t.spacing = spacing{}
		collect(n, source, &t)
		return ast.WalkSkipChildren, nil
	})
	return string(t.out)
}

// spacing is how a sink that writes a block's text without its runs
// reads white space as the runs do (addSpaceRange, trimSpace): a run of
// it is one space, and none is at the block's ends. Its space method is
// the sink's.
type spacing struct {
	started bool // the block has a character
	spaced  bool // white space since its last character
}

func (s *spacing) space(_, _ int) { s.spaced = true }

// next is told of a character, and reports whether it is the block's
// first and whether a space comes before it.
func (s *spacing) next() (first, space bool) {
	first, space = !s.started, s.started && s.spaced
	s.started, s.spaced = true, false
	return first, space
}

// plainText writes blocks' text as blockText's runs would read, without
// making them, a line break between blocks.
type plainText struct {
	out []byte
	spacing
}

func (t *plainText) char(r rune, _, _ int) {
	t.separate()
	t.out = utf8.AppendRune(t.out, r)
}

func (t *plainText) ascii(s []byte, _ int) {
	t.separate()
	t.out = append(t.out, s...)
}

// separate writes what comes before a character: a line break before a
// block's first, a space for white space before others.
func (t *plainText) separate() {
	first, space := t.next()
	switch {
	case first && len(t.out) > 0:
		t.out = append(t.out, '\n')
	case space:
		t.out = append(t.out, ' ')
	}
}

// shown returns the text of runs[i:j] as readers see it.
func shown(runs []run) string {
	rs := make([]rune, len(runs))
	for i, r := range runs {
		rs[i] = r.r
	}
	return string(rs)
}
