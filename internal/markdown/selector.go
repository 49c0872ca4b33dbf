package markdown

import (
	"strings"
	"unicode/utf8"

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
// what this package adds to it besides highlighting: the notes after a
// block (<div class="notes">) and the numbered references to them (<a
// class="note-ref">). A passage starts at its first <mark>, the one with
// its id, and ends where its note reference is, which follows its last
// piece.

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

// The classes of the elements this package adds to the text that are not
// part of it.
const (
	notesClass   = "notes"
	noteRefClass = "note-ref"
)

// voidElements have no end tag, so they do not nest.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// selectors sets the Selector of each anchored annotation from the HTML
// the text rendered to.
func selectors(h string, anchored []Anchored) {
	at := make(map[string]int, len(anchored))
	for i, a := range anchored {
		if a.Err == nil && a.ID != "" {
			at[a.ID] = i
		}
	}
	if len(at) == 0 {
		return
	}
	type place struct{ byteAt, runeAt int }
	starts := make(map[int]place, len(at))
	ends := make(map[int]place, len(at))
	var (
		text  strings.Builder
		runes int
		skip  int // depth inside an element that is not part of the text
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
			if !hasAttr || (string(name) != "mark" && string(name) != "a" && string(name) != "div") {
				continue
			}
			var class, id, href string
			for more := true; more; {
				var k, v []byte
				k, v, more = z.TagAttr()
				switch string(k) {
				case "class":
					class = string(v)
				case "id":
					id = string(v)
				case "href":
					href = string(v)
				}
			}
			switch string(name) {
			case "mark":
				if i, ok := at[id]; ok {
					starts[i] = place{text.Len(), runes}
				}
			case "a":
				if hasClass(class, noteRefClass) {
					if i, ok := at["a-"+strings.TrimPrefix(href, "#note-")]; ok {
						ends[i] = place{text.Len(), runes}
					}
					skip = 1
				}
			case "div":
				if hasClass(class, notesClass) {
					skip = 1
				}
			}
		case html.EndTagToken:
			if skip > 0 {
				skip--
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
