package markdown

import (
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/net/html"
)

// The W3C Web Annotation selectors of anchored passages. A client that
// anchors an annotation — Hypothesis, Apache Annotator — reads the text of
// the page as its DOM holds it (textContent), not the text anchoring
// matches quotes in: that one folds quotes and white space, while a
// client's text keeps the line breaks of the HTML and every character as
// it is. So the selectors are taken from the HTML the article's text
// renders to, as a browser parses it (golang.org/x/net/html, which follows
// the HTML standard's tokenizer), and not from anchoring's runs.
//
// The text is that of the element the article's HTML is put in, without
// what this package adds to it besides highlighting: the notes (<span
// class="note">), the numbered references to them (<a class="note-ref">)
// and the names of speakers after quotes (<a class="speaker-ref">). A
// passage runs from the start of its first <mark> to the end of its last.
// Which annotation a <mark> belongs to is known from the document: marks
// are rendered in the order of the tree, so the k-th <mark> of the HTML is
// the k-th mark node of the tree (owners).

// SelectorContext is how many characters of text before and after a
// passage its selector gives (prefix and suffix), as Hypothesis does.
const SelectorContext = 32

// Selector tells where a passage is in its article's text, as the W3C Web
// Annotation model's TextQuoteSelector and TextPositionSelector do: the
// passage's text exactly as it is there (Exact), up to SelectorContext
// characters before and after it (Prefix, Suffix), and its place, Start
// and End, counted in Unicode code points from the text's start.
type Selector struct {
	Exact, Prefix, Suffix string
	Start, End            int
}

// notText are the classes of the elements this package adds to the text
// that are not part of it.
var notText = []string{"note", "note-ref", "speaker-ref"}

// voidElements have no end tag, so they do not nest.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// selectors sets the Selector of each anchored annotation from the HTML
// the text rendered to; owners[k] is the index in anchored of the
// annotation the k-th <mark> of the HTML belongs to.
func selectors(h string, anchored []Anchored, owners []int) {
	if len(owners) == 0 {
		return
	}
	type place struct{ byteAt, runeAt int }
	starts := make(map[int]place, len(anchored))
	ends := make(map[int]place, len(anchored))
	var (
		text  strings.Builder
		runes int
		skip  int   // depth inside an element that is not part of the text
		marks int   // <mark> start tags seen
		open  []int // the owners of the marks open, innermost last
	)
	text.Grow(len(h) / 2)
	z := html.NewTokenizer(strings.NewReader(h))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // the end: the HTML is ours, and z reads from memory
		}
		switch tt {
		case html.TextToken:
			if skip == 0 {
				t := z.Text()
				text.Write(t)
				runes += utf8.RuneCount(t)
			}
		case html.StartTagToken:
			name, hasAttr := z.TagName()
			if skip > 0 {
				if !voidElements[string(name)] {
					skip++
				}
				continue
			}
			if string(name) == "mark" {
				owner := -1
				if marks < len(owners) {
					owner = owners[marks]
				}
				marks++
				open = append(open, owner)
				if _, ok := starts[owner]; !ok && owner >= 0 {
					starts[owner] = place{text.Len(), runes}
				}
				continue
			}
			if !hasAttr || voidElements[string(name)] {
				continue
			}
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				if string(k) == "class" {
					for _, c := range notText {
						if hasClass(string(v), c) {
							skip = 1
						}
					}
				}
			}
		case html.EndTagToken:
			if skip > 0 {
				skip--
				continue
			}
			if name, _ := z.TagName(); string(name) == "mark" && len(open) > 0 {
				if owner := open[len(open)-1]; owner >= 0 {
					ends[owner] = place{text.Len(), runes}
				}
				open = open[:len(open)-1]
			}
		}
	}
	all := text.String()
	for i := range anchored {
		s, ok1 := starts[i]
		e, ok2 := ends[i]
		if !ok1 || !ok2 || e.byteAt < s.byteAt {
			continue
		}
		// Copies: the model keeps the selectors, and a piece of all
		// would keep the whole text.
		anchored[i].Selector = Selector{
			Exact:  strings.Clone(all[s.byteAt:e.byteAt]),
			Prefix: strings.Clone(lastRunes(all[:s.byteAt], SelectorContext)),
			Suffix: strings.Clone(firstRunes(all[e.byteAt:], SelectorContext)),
			Start:  s.runeAt,
			End:    e.runeAt,
		}
	}
}

// markOwners lists, for each mark node of doc in document order, the
// index in anchored of the annotation it highlights.
func markOwners(doc ast.Node, anchored []Anchored) []int {
	var owners []int
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if m, ok := n.(*markNode); ok && entering {
			owner := -1
			for i := range anchored {
				if m.note.Anchored == &anchored[i] {
					owner = i
					break
				}
			}
			owners = append(owners, owner)
		}
		return ast.WalkContinue, nil
	})
	return owners
}

func hasClass(list, class string) bool {
	for c := range strings.FieldsSeq(list) {
		if c == class {
			return true
		}
	}
	return false
}

// lastRunes returns the last n characters of s.
func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// firstRunes returns the first n characters of s.
func firstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// PlainText returns the text of HTML this package rendered (a note), as
// a browser would show it without markup, trimmed of white space at
// either end: for formats that carry text, not HTML.
func PlainText(h string) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(h))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}
