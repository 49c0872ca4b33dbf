package markdown

import (
	"bytes"
	"html"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// A run is one character of a block's text as readers see it, with the
// bytes of the source it comes from: markup is not in them, entities and
// backslash escapes are decoded, and a run of white space is one space.
// They define the text anchoring matches quotes in. Anchoring itself reads
// that text without making runs (docText, locator), and makes the runs of
// every block only for a quote that is not found just once, to say why.
//
// A run holds no pointer and offsets of 32 bits (content files are at most
// a few megabytes): an article has a run per character, and the garbage
// collector need not look inside them.
type run struct {
	r          rune  // the character as shown, white space as ' '
	norm       rune  // r folded for matching: typographic quotes and dashes made plain
	start, end int32 // its bytes in the source
}

// blockText is the text of one block: a paragraph, heading, table cell or
// the text of a tight list item.
type blockText struct {
	block ast.Node
	runs  []run
}

// textBlocks returns the text of every block of doc that holds inline
// content, in document order. One array holds every block's runs, each
// block a slice of it: a block has at most a run per byte of its source,
// and a space per line break, so the array is rarely outgrown. buf is
// storage to reuse if it is large enough; storage is what was used, to
// pass again next time.
func textBlocks(doc ast.Node, source []byte, buf []run) (blocks []*blockText, storage []run) {
	storage = buf[:0]
	if cap(storage) < len(source)+64 {
		storage = make([]run, 0, len(source)+64)
	}
	free := storage
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering || n.Type() != ast.TypeBlock || !holdsInlines(n) {
			return ast.WalkContinue, nil
		}
		b := &blockText{block: n, runs: free}
		b.collect(n, source)
		free = b.runs[len(b.runs):]
		b.trimSpace()
		blocks = append(blocks, b)
		return ast.WalkSkipChildren, nil
	})
	return blocks, storage
}

func holdsInlines(n ast.Node) bool {
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading, extast.KindTableCell:
		return true
	}
	return false
}

// collect appends the runs of n's inline content.
func (b *blockText) collect(n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			b.addText(c, source)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.addSpace(c.Segment.Stop)
			}
		case *ast.RawHTML, *extast.FootnoteLink, *ast.Image:
			// Not part of the text a reader reads along: raw HTML is
			// shown escaped but is markup in the source, footnote
			// marks are numbers, and images are not text.
		default:
			b.collect(c, source)
		}
	}
}

func (b *blockText) addText(t *ast.Text, source []byte) {
	seg := source[t.Segment.Start:t.Segment.Stop]
	base := t.Segment.Start
	for i := 0; i < len(seg); {
		start := i
		var r rune
		if c := seg[i]; c < utf8.RuneSelf && c != '\\' && c != '&' && !asciiSpace[c] {
			// Most of a text: a character that is itself.
			r = rune(c)
			b.runs = append(b.runs, run{r: r, norm: fold(r), start: int32(base + i), end: int32(base + i + 1)})
			i++
			continue
		}
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
		default:
			var size int
			r, size = utf8.DecodeRune(seg[i:])
			i += size
		}
		if unicode.IsSpace(r) {
			b.addSpaceRange(base+start, base+i)
			continue
		}
		b.runs = append(b.runs, run{r: r, norm: fold(r), start: int32(base + start), end: int32(base + i)})
	}
}

// addSpace adds a space at a line break between text nodes.
func (b *blockText) addSpace(at int) { b.addSpaceRange(at, at) }

func (b *blockText) addSpaceRange(start, end int) {
	if n := len(b.runs); n > 0 && b.runs[n-1].r == ' ' {
		b.runs[n-1].end = max(b.runs[n-1].end, int32(end))
		return
	}
	b.runs = append(b.runs, run{r: ' ', norm: ' ', start: int32(start), end: int32(end)})
}

func (b *blockText) trimSpace() {
	for len(b.runs) > 0 && b.runs[0].r == ' ' {
		b.runs = b.runs[1:]
	}
	for len(b.runs) > 0 && b.runs[len(b.runs)-1].r == ' ' {
		b.runs = b.runs[:len(b.runs)-1]
	}
}

// asciiSpace is what unicode.IsSpace says of ASCII bytes.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

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
	if r < utf8.RuneSelf && r != '`' && !asciiSpace[r] {
		return r
	}
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

// appendNormalized appends to dst normalize(s) in UTF-8, without making
// the runes.
func appendNormalized(dst []byte, s string) []byte {
	start := len(dst)
	prev := rune(-1) // the last rune of normalize's first pass; -1 before any
	for _, r := range s {
		if r < utf8.RuneSelf && plain[r] {
			dst = append(dst, byte(r)) // itself, neither a space nor a hyphen
			prev = r
			continue
		}
		r = fold(r)
		switch {
		case r == ' ' && (prev == -1 || prev == ' '):
			continue
		case r == '-' && prev == '-':
			// Kept by the first pass, folded by foldDoubleHyphens.
		default:
			dst = utf8.AppendRune(dst, r)
		}
		prev = r
	}
	if len(dst) > start && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	return dst
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

// docText is a document's text folded for matching, as searchDoc.norm
// holds it but in one string of UTF-8 rather than a rune per character,
// and without runs: the blocks' folded text with blockSep between blocks,
// and where each block starts. It is what every article with annotations
// is searched in, so it is made in one pass over the text nodes, copying
// stretches of plain ASCII whole; the runs of a block, which tell where
// each character is in the source, are made only for a block a quote is
// found in (docText.place).
//
// With shown set, it holds the text as readers see it instead, neither
// folded nor with "--" made one (the r of runs rather than their norm):
// the lead.
type docText struct {
	norm     []byte
	blocks   []textBlock
	shown    bool
	shownBuf []byte // storage for place

	// While a block is added: a space is due before the next character
	// (runs of white space are one space, and none is kept at either end
	// of a block), and the last character added was a hyphen (the
	// typewriter's "--" is one dash).
	space, hyphen bool
	start         int // the block's offset in norm
}

// textBlock is a block of a docText: a paragraph, heading, table cell or
// the text of a tight list item.
type textBlock struct {
	node ast.Node
	at   int // its folded text's offset in docText.norm
}

// plain tells the ASCII bytes that are a character of their own, folded
// to themselves, and never joined with the next: not white space, a
// backslash, an ampersand, a backtick (folded to an apostrophe) or a
// hyphen (folded with the next one). plainShown is plain for text as
// shown, where backticks and hyphens are themselves.
var plain, plainShown = func() (folded, shown [256]bool) {
	for c := 0; c < utf8.RuneSelf; c++ {
		shown[c] = !asciiSpace[c] && c != '\\' && c != '&'
		folded[c] = shown[c] && c != '`' && c != '-'
	}
	return folded, shown
}()

// reset makes d the text of doc, in d's storage.
func (d *docText) reset(doc ast.Node, source []byte) {
	if cap(d.norm) < len(source)+64 {
		d.norm = make([]byte, 0, len(source)+64)
	}
	d.norm, d.blocks = d.norm[:0], d.blocks[:0]
	d.walk(doc, source)
}

// walk adds the blocks below n in document order, as textBlocks finds
// them.
func (d *docText) walk(n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() != ast.TypeBlock || !holdsInlines(c) {
			d.walk(c, source)
			continue
		}
		if len(d.blocks) > 0 {
			d.norm = append(d.norm, blockSep)
		}
		d.addBlock(c, source)
	}
}

// shownText returns the text of block, which holds inlines, as readers
// see it: what shown(runs) gives for its runs, made in d's storage.
func (d *docText) shownText(block ast.Node, source []byte) string {
	d.norm, d.blocks, d.shown = d.norm[:0], d.blocks[:0], true
	defer func() { d.shown = false }()
	d.addBlock(block, source)
	return string(bytes.TrimSpace(d.norm))
}

// shownDoc returns the text of every block of doc as readers see it,
// blocks separated by a line break: what Result.Text holds.
func (d *docText) shownDoc(doc ast.Node, source []byte) string {
	if cap(d.norm) < len(source)+64 {
		d.norm = make([]byte, 0, len(source)+64)
	}
	d.norm, d.blocks, d.shown = d.norm[:0], d.blocks[:0], true
	defer func() { d.shown = false }()
	d.walk(doc, source)
	// walk separates blocks as anchoring needs them; readers see lines.
	for i, c := range d.norm {
		if c == blockSep {
			d.norm[i] = '\n'
		}
	}
	return string(d.norm)
}

// addBlock adds the text of block, which holds inlines.
func (d *docText) addBlock(block ast.Node, source []byte) {
	d.start = len(d.norm)
	d.space, d.hyphen = false, false
	d.blocks = append(d.blocks, textBlock{node: block, at: d.start})
	d.collect(block, source)
}

// collect adds the text of n's inline content, as blockText.collect does.
func (d *docText) collect(n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			d.addText(c, source)
			if c.SoftLineBreak() || c.HardLineBreak() {
				d.addSpace()
			}
		case *ast.RawHTML, *extast.FootnoteLink, *ast.Image:
		default:
			d.collect(c, source)
		}
	}
}

// addText reads a text node as blockText.addText does.
func (d *docText) addText(t *ast.Text, source []byte) {
	seg := source[t.Segment.Start:t.Segment.Stop]
	raw := t.IsRaw()
	plain := &plain
	if d.shown {
		plain = &plainShown
	}
	for i := 0; i < len(seg); {
		c := seg[i]
		if plain[c] {
			// A stretch of characters that are themselves, and of
			// single spaces between them, which are spaces.
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
			if d.space {
				d.norm = append(d.norm, ' ')
				d.space = false
			}
			d.norm = append(d.norm, seg[i:j]...)
			d.hyphen = seg[j-1] == '-' // only when shown, where it does not matter
			i = j
			continue
		}
		if c < utf8.RuneSelf && asciiSpace[c] {
			d.addSpace()
			i++
			continue
		}
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
		d.addRune(r)
	}
}

func (d *docText) addRune(r rune) {
	if unicode.IsSpace(r) {
		d.addSpace()
		return
	}
	if !d.shown {
		r = fold(r)
		if r == '-' && d.hyphen && !d.space {
			return
		}
	}
	if d.space {
		d.norm = append(d.norm, ' ')
		d.space = false
	}
	d.norm = utf8.AppendRune(d.norm, r)
	d.hyphen = r == '-'
}

// addSpace makes a space due, unless the block has no text yet.
func (d *docText) addSpace() {
	if len(d.norm) > d.start {
		d.space = true
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
