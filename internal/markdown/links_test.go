package markdown

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"dossier/internal/content"
)

// testLinks resolves the names and paths of a small site: pages by name
// and by site path, as the model's link table does.
type testLinks map[string]string // name or "/path" → site path

func (l testLinks) Resolve(ref Ref) (string, error) {
	key := ref.Target
	if ref.Relative && key == "" {
		return "", nil // the page itself
	}
	if ref.Relative {
		key = strings.Replace(key, "../", "/articles/", 1)
	}
	if p, ok := l[key]; ok {
		return p, nil
	}
	return "", errors.New("unknown " + key)
}

func (l testLinks) URL(path string) string { return "../../" + path + "index.html" }

// TestLinks checks [[links]] and links to site paths: what they render, the
// pages they cite, and the problems reported at their line and column.
func TestLinks(t *testing.T) {
	links := testLinks{"Xiaomi": "companies/xiaomi/", "Hugo Barra": "executives/hugo-barra/", "first": "articles/first/", "/articles/first/": "articles/first/"}
	tests := []struct {
		src      string
		html     string
		cites    string // "path#fragment@line:col", space-separated
		problems string
	}{
		{"See [[Xiaomi]].", `<p>See <a href="../../companies/xiaomi/index.html">Xiaomi</a>.</p>`, "companies/xiaomi/@1:5", ""},
		{"[[Hugo Barra|Barra]] said", `<p><a href="../../executives/hugo-barra/index.html">Barra</a> said</p>`, "executives/hugo-barra/@1:1", ""},
		{"x\n\n  [[first#background]]", `<p>x</p>
<p><a href="../../articles/first/index.html#background">first</a></p>`, "articles/first/#background@3:3", ""},
		{"[a](/articles/first/)", `<p><a href="../../articles/first/index.html">a</a></p>`, "articles/first/@1:1", ""},
		{"[a](/articles/first/#x)", `<p><a href="../../articles/first/index.html#x">a</a></p>`, "articles/first/#x@1:1", ""},
		{"**[[Xiaomi]]** and [[Xiaomy]]", `<p><strong><a href="../../companies/xiaomi/index.html">Xiaomi</a></strong> and Xiaomy</p>`, "companies/xiaomi/@1:3", "1:20 unknown Xiaomy"},
		{"[b](/nowhere/)", `<p><a href="/nowhere/">b</a></p>`, "", "1:1 unknown /nowhere/"},
		// Not links by name: code, an empty name, brackets inside.
		{"`[[Xiaomi]]` [[ ]] [[a[b]]]", `<p><code>[[Xiaomi]]</code> [[ ]] [[a[b]]]</p>`, "", ""},
		// Links elsewhere are left as they are, and a URL Go's url.Parse
		// rejects keeps its link.
		{"[c](https://example.com/50%-off-sale) [d](//host/x) [e](foo\\)\\:)", `<p><a href="https://example.com/50%25-off-sale">c</a> <a href="//host/x">d</a> <a href="foo):">e</a></p>`, "", "1:53 unknown foo):"},
		// Relative links are checked too; one to the page's own
		// fragment stays as written.
		{"[a](../first/) [b](#top)", `<p><a href="../../articles/first/index.html">a</a> <a href="#top">b</a></p>`, "articles/first/@1:1 #top@1:16", ""},
		{"x\n[y](javascript:alert(1)) <vbscript:z>", "<p>x\ny vbscript:z</p>", "", "warning 2:1 link to \"javascript:alert(1)\" dropped, its text kept: only http, https, mailto and tel links, and links within the site, are kept warning 2:26 link to \"vbscript:z\" dropped, its text kept: only http, https, mailto and tel links, and links within the site, are kept"},
	}
	for _, tt := range tests {
		res := render(t, tt.src, Options{Links: links})
		var cites, probs []string
		for _, c := range res.Cites {
			f := ""
			if c.Fragment != "" {
				f = "#" + c.Fragment
			}
			cites = append(cites, fmt.Sprintf("%s%s@%d:%d", c.Path, f, c.Line, c.Col))
		}
		for _, p := range res.Problems {
			w := ""
			if p.Warning {
				w = "warning "
			}
			probs = append(probs, fmt.Sprintf("%s%d:%d %s", w, p.Line, p.Col, p.Msg))
		}
		if got := strings.TrimSpace(res.HTML); got != tt.html {
			t.Errorf("Render(%q) = %s; want %s", tt.src, got, tt.html)
		}
		if got := strings.Join(cites, " "); got != tt.cites {
			t.Errorf("Render(%q) cites %q; want %q", tt.src, got, tt.cites)
		}
		if got := strings.Join(probs, " "); got != tt.problems {
			t.Errorf("Render(%q) problems %q; want %q", tt.src, got, tt.problems)
		}
		if len(res.Cites)+len(res.Problems) > 0 && !strings.Contains(tt.src, "javascript") && !content.MayLink([]byte(tt.src)) {
			t.Errorf("content.MayLink(%q) = false, for a text with links", tt.src)
		}
		if got := New().Cites([]byte(tt.src), links); len(got) != len(res.Cites) {
			t.Errorf("Cites(%q) found %d; Render %d", tt.src, len(got), len(res.Cites))
		}
	}
	// Without Links, [[x]] is text.
	if got := strings.TrimSpace(render(t, "[[Xiaomi]]", Options{}).HTML); got != "<p>[[Xiaomi]]</p>" {
		t.Errorf("Render without Links = %s; want the text as written", got)
	}
}

// TestAllowedURL checks which URLs links keep: a scheme is read as
// browsers read it, and only a few are allowed.
func TestAllowedURL(t *testing.T) {
	tests := []struct {
		url  string
		want bool
	}{
		{"https://example.com/50%-off-sale", true},
		{"foo):", true}, // no scheme: ")" is not a scheme's
		{"a/b:c", true},
		{"#x", true},
		{"mailto:x@example.com", true},
		{"TEL:+1", true},
		{"javascript:alert(1)", false},
		{" java\tscript:x", false},
		{"jav&#x61;script:x", false},
		{"data:text/html,x", false},
		{"1http:x", true}, // a scheme starts with a letter
		{"vb+script:x", false},
	}
	for _, tt := range tests {
		if got := AllowedURL(tt.url); got != tt.want {
			t.Errorf("AllowedURL(%q) = %v; want %v", tt.url, got, tt.want)
		}
	}
}

// TestNoteTextLinks checks a note's text for search reads its [[links]] as
// their text, as the rendered note shows them, not as written.
func TestNoteTextLinks(t *testing.T) {
	links := testLinks{"Xiaomi": "companies/xiaomi/"}
	a := Annotation{Quote: "phones", Kind: "note", Note: "Made by [[Xiaomi|the company]]."}
	res := render(t, "Xiaomi makes phones.", Options{Annotations: []Annotation{a}, Links: links, Text: true})
	if got, want := res.Anchored[0].NoteText, "Made by the company."; got != want {
		t.Errorf("NoteText = %q, want %q", got, want)
	}
}
