package markdown

import (
	"strings"
	"testing"
)

// FuzzAnchor feeds the annotation matcher arbitrary text, quotes, prefixes
// and suffixes: it must not panic or hang, and what it anchors must be
// balanced markup whose passage matches the quote.
func FuzzAnchor(f *testing.F) {
	f.Add("Xiaomi held a *13.1 percent* share of [China's](x) market.", "13.1 percent share of China's", "", "")
	f.Add("We want to hear.\n\nWe want to hear again.", "We want to hear", "", " again")
	f.Add("the site -- which “went” online – will", "site — which \"went\"", "the ", "")
	f.Add("A `code span` and a note[^1].\n\n[^1]: Text.", "code span and a note", "", "")
	f.Add("- one\n- two *three*\n\n> quoted\n> text", "two three", "", "")
	f.Add("| a | b |\n|---|---|\n| cell one | cell two |", "cell two", "", "")
	f.Add("AT&amp;T \\*x\\* &#65;", "AT&T *x* A", "", "")
	r := New()
	f.Fuzz(func(t *testing.T, src, quote, prefix, suffix string) {
		if len(src) > 1<<14 || len(quote) > 1<<10 {
			return
		}
		res, err := r.Render([]byte(src), Options{Annotations: []Annotation{{Quote: quote, Prefix: prefix, Suffix: suffix, Kind: "note"}}})
		if err != nil {
			return
		}
		a := res.Anchored[0]
		html := string(res.HTML)
		if strings.Count(html, "<mark") != strings.Count(html, "</mark>") {
			t.Fatalf("unbalanced marks for quote %q in %q:\n%s", quote, src, html)
		}
		if a.Err == nil && string(normalize(a.Passage)) != string(normalize(quote)) {
			t.Fatalf("passage %q does not match quote %q", a.Passage, quote)
		}
	})
}
