package markdown

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// elements are those goldmark with GFM and footnotes writes, with the
// attributes each may have. Anything else in the output came from the
// Markdown's raw HTML and got through.
var elements = map[string][]string{
	"p": nil, "em": nil, "strong": nil, "del": nil, "code": {"class"}, "pre": nil, "blockquote": nil,
	"ul": nil, "ol": {"start"}, "li": {"id"}, "hr": nil, "br": nil,
	"h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
	"a": {"href", "title", "id", "class", "role"}, "img": {"src", "alt", "title"},
	"table": nil, "thead": nil, "tbody": nil, "tr": nil, "th": {"style"}, "td": {"style"},
	"input": {"type", "checked", "disabled"}, "sup": {"id"}, "div": {"class", "role"},
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

var alignStyle = regexp.MustCompile(`^text-align:(left|right|center)$`)

// FuzzRender renders arbitrary Markdown. It must not fail or panic, and its
// HTML must hold only what Markdown itself makes: no element or attribute
// from raw HTML, and no link or image whose URL AllowedURL refuses.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"Text with <script>alert(1)</script> and [a link](javascript:alert(1)).",
		"<div onclick=x>\nblock\n</div>", "[x](jav&#x61;script:1) ![i](data:image/png;base64,AA==)",
		"<javascript:alert(1)> <https://example.com/>", "[r][1]\n\n[1]: vbscript:x", "# Main\n\n## Title",
		"| a | b |\n|:--|--:|\n| 1 | 2 |", "- [x] done\n- [ ] todo", "Note.[^1]\n\n[^1]: The note.",
	} {
		f.Add([]byte(s))
	}
	archives, _ := filepath.Glob("../build/testdata/*/*.txtar")
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if strings.HasPrefix(file.Name, "content/") {
				f.Add(file.Data)
			}
		}
	}
	shipped, _ := filepath.Glob("../../content/articles/*.md")
	for _, p := range shipped {
		data, _ := os.ReadFile(p)
		f.Add(data)
	}

	r := New()
	f.Fuzz(func(t *testing.T, src []byte) {
		res, err := r.Render(src, Options{})
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		z := html.NewTokenizer(strings.NewReader(res.HTML))
		for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			allowed, ok := elements[tok.Data]
			if !ok {
				t.Fatalf("Render(%q) made a <%s> element:\n%s", src, tok.Data, res.HTML)
			}
			for _, a := range tok.Attr {
				if !contains(allowed, a.Key) {
					t.Fatalf("Render(%q) made <%s %s=%q>:\n%s", src, tok.Data, a.Key, a.Val, res.HTML)
				}
				switch a.Key {
				case "href", "src":
					if !safeScheme(a.Val) {
						t.Fatalf("Render(%q) made <%s %s=%q>:\n%s", src, tok.Data, a.Key, a.Val, res.HTML)
					}
				case "style":
					if !alignStyle.MatchString(a.Val) {
						t.Fatalf("Render(%q) made <%s style=%q>", src, tok.Data, a.Val)
					}
				}
			}
		}
	})
}

// safeScheme reads a URL's scheme the way a browser does — leading spaces
// and control characters dropped, tabs and newlines ignored, and a scheme
// only a letter followed by letters, digits, +, - and . before a colon —
// and accepts none, http, https, mailto and tel. It is written apart from
// AllowedURL, so as not to share its mistakes.
func safeScheme(raw string) bool {
	s := strings.TrimLeftFunc(raw, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	if !schemeRE.MatchString(s) {
		return true // no scheme: relative
	}
	i := strings.IndexByte(s, ':')
	switch strings.ToLower(s[:i]) {
	case "http", "https", "mailto", "tel":
		return true
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

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
