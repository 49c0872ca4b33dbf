package markdown

import (
	"bytes"
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

// TODO(annotations): when the annotation matcher lands here, add
// FuzzMatch: quotes and prefixes cut from the seeds' own text must be found
// exactly where they were cut, anything else found only where it occurs,
// never a panic; and add it to the targets in .ci/gates.sh.

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
		res, err := r.Render(src)
		if err != nil {
			t.Fatalf("Render: %v", err)
		}
		z := html.NewTokenizer(bytes.NewReader(res.HTML))
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
// and control characters dropped, tabs and newlines ignored — and accepts
// none, http, https, mailto and tel. It is written apart from AllowedURL,
// so as not to share its mistakes.
func safeScheme(raw string) bool {
	s := strings.TrimLeftFunc(raw, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	i := strings.IndexAny(s, ":/?#")
	if i < 0 || s[i] != ':' {
		return true // no scheme: relative
	}
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
