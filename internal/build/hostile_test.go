package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"dossier/internal/markdown"
	"dossier/internal/output"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// Hostile cases are txtar archives in testdata/hostile: content that is
// broken or malicious, and what dossier must make of it.
//
//	content/…     the content folder
//	diagnostics   every problem the build reports, exactly, one per line
//	              (absent or empty: none)
//	page/PATH     lines that must appear, exactly, in the page at PATH:
//	              the safe output hostile text must become
//
// A case with errors must fail and write nothing. A case without errors
// must build, and every page it makes must pass checkSafeHTML. With -update
// the diagnostics files are rewritten from what the build reports; page/
// files are written by hand, since they say which lines matter.
//
// Files that a text archive cannot hold (non-UTF-8, very large, symbolic
// links) are made on disk by TestHostileFiles in package main.
func TestHostile(t *testing.T) {
	files, err := filepath.Glob("testdata/hostile/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no hostile cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			opts := testOptions(t, archiveFS(ar, "content/"))
			res, err := Build(opts)
			if err != nil && !errors.Is(err, ErrContent) {
				t.Fatalf("Build: %v", err)
			}
			var got bytes.Buffer
			for _, d := range res.Diags {
				got.WriteString(d.String() + "\n")
			}
			want, i := []byte(nil), slices.IndexFunc(ar.Files, func(f txtar.File) bool { return f.Name == "diagnostics" })
			if i >= 0 {
				want = ar.Files[i].Data
			}
			if !bytes.Equal(got.Bytes(), want) {
				if *update {
					if i < 0 {
						ar.Files = append(ar.Files, txtar.File{Name: "diagnostics"})
						i = len(ar.Files) - 1
					}
					ar.Files[i].Data = got.Bytes()
					if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
						t.Fatal(err)
					}
				} else {
					t.Errorf("diagnostics differ; run go test -update to accept.\n--- want\n%s--- got\n%s", want, got.Bytes())
				}
			}

			if res.Diags.HasErrors() {
				if err == nil {
					t.Errorf("Build succeeded with errors reported")
				}
				if _, statErr := os.Stat(opts.Out); !errors.Is(statErr, fs.ErrNotExist) {
					t.Errorf("a failed build wrote %s (stat: %v)", opts.Out, statErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			for _, f := range ar.Files {
				page, ok := strings.CutPrefix(f.Name, "page/")
				if !ok {
					continue
				}
				data, err := os.ReadFile(filepath.Join(opts.Out, filepath.FromSlash(page)))
				if err != nil {
					t.Errorf("%s: %v", f.Name, err)
					continue
				}
				lines := strings.Split(string(data), "\n")
				for _, want := range strings.Split(strings.TrimRight(string(f.Data), "\n"), "\n") {
					if !slices.Contains(lines, want) {
						t.Errorf("%s has no line\n\t%s\n%s", page, want, nearest(lines, want))
					}
				}
			}
			names, err := output.Files(opts.Out)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range names {
				if !strings.HasSuffix(name, ".html") {
					continue
				}
				data, err := os.ReadFile(filepath.Join(opts.Out, name))
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range checkSafeHTML(data) {
					t.Errorf("%s: %s", name, p)
				}
				for _, id := range duplicateIDs(data) {
					t.Errorf("%s: id %q is given twice", name, id)
				}
			}
		})
	}
}

// nearest shows the output line most like want, to make a failure readable.
func nearest(lines []string, want string) string {
	best, score := "", -1
	for _, l := range lines {
		n := 0
		for _, w := range strings.Fields(want) {
			if strings.Contains(l, w) {
				n++
			}
		}
		if n > score {
			best, score = l, n
		}
	}
	return "nearest line:\n\t" + best
}

// urlAttrs are the attributes whose value a browser follows or loads.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "poster": true,
	"cite": true, "data": true, "background": true, "xlink:href": true, "srcset": true,
}

// forbidden are elements no page of dossier has and content must not add.
var forbidden = map[string]bool{
	"iframe": true, "object": true, "embed": true, "base": true, "form": true,
	"frame": true, "frameset": true, "applet": true, "svg": true, "math": true,
}

// chartElements are the elements the site's own charts (package chart)
// are drawn with: an svg of class "chart …" may hold these and no other.
var chartElements = map[string]bool{
	"title": true, "desc": true, "g": true, "a": true, "rect": true, "line": true, "text": true, "circle": true,
}

// checkSafeHTML reads a page as a browser would and reports anything that
// could run script or load from a place content chose: script elements
// other than an empty one loading a file of the site, event-handler
// attributes, javascript: and data: and any other URLs but http(s), mailto,
// tel and relative ones, refresh redirects, and elements no page has.
func checkSafeHTML(page []byte) []string {
	var problems []string
	z := html.NewTokenizer(bytes.NewReader(page))
	inScript := false
	inChart := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return problems
		case html.TextToken:
			if inScript && strings.TrimSpace(string(z.Text())) != "" {
				problems = append(problems, "inline script")
			}
		case html.EndTagToken:
			switch name, _ := z.TagName(); string(name) {
			case "script":
				inScript = false
			case "svg":
				inChart = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch {
			case inChart:
				if !chartElements[tok.Data] {
					problems = append(problems, fmt.Sprintf("<%s> element in a chart", tok.Data))
				}
			case tok.Data == "svg" && strings.HasPrefix(tokenAttr(tok, "class"), "chart ") && tt == html.StartTagToken:
				inChart = true
			case forbidden[tok.Data] && !(tok.Data == "form" && searchForm(tok)):
				problems = append(problems, fmt.Sprintf("<%s> element", tok.Data))
			}
			// A JSON-LD block is data browsers never run; the publishing
			// tests check it is valid JSON.
			if tok.Data == "script" && tokenAttr(tok, "type") != "application/ld+json" {
				inScript = tt == html.StartTagToken
				if src := tokenAttr(tok, "src"); src == "" || !siteURL(src) {
					problems = append(problems, fmt.Sprintf("script with src %q", src))
				}
			}
			if tok.Data == "meta" && strings.EqualFold(tokenAttr(tok, "http-equiv"), "refresh") {
				problems = append(problems, "meta refresh")
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") {
					problems = append(problems, fmt.Sprintf("<%s %s=%q>", tok.Data, a.Key, a.Val))
				}
				if urlAttrs[key] && !allowedURL(a.Val) {
					problems = append(problems, fmt.Sprintf("<%s %s=%q>", tok.Data, a.Key, a.Val))
				}
			}
		}
	}
}

// duplicateIDs returns the ids given to more than one element of a page:
// invalid HTML, and a link to one of them may land on the other.
func duplicateIDs(page []byte) []string {
	seen := map[string]int{}
	var dups []string
	z := html.NewTokenizer(bytes.NewReader(page))
	for tt := z.Next(); tt != html.ErrorToken; tt = z.Next() {
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		if id := tokenAttr(z.Token(), "id"); id != "" {
			if seen[id]++; seen[id] == 2 {
				dups = append(dups, id)
			}
		}
	}
	return dups
}

func tokenAttr(tok html.Token, key string) string {
	for _, a := range tok.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// allowedURL reports whether a URL is one a page may hold, read the way a
// browser reads it: tabs and newlines inside the scheme are ignored, and
// leading spaces and control characters dropped.
func allowedURL(raw string) bool {
	s := strings.TrimLeft(raw, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	u, err := url.Parse(s)
	if err != nil {
		// A browser might still follow it; only a plainly relative
		// reference is harmless.
		return !strings.Contains(s, ":")
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto", "tel":
		return true
	}
	return false
}

// siteURL reports whether a script's src names a file of the site itself.
// searchForm reports whether a form is one of the templates' own: a
// search box sending its words to the site's search page by GET (or the
// search page's form, which a script answers).
func searchForm(tok html.Token) bool {
	action := tokenAttr(tok, "action")
	return strings.EqualFold(tokenAttr(tok, "method"), "get") &&
		(action == "" || siteURL(action) && (strings.HasSuffix(action, "search/") || strings.HasSuffix(action, "search/index.html")))
}

func siteURL(src string) bool {
	u, err := url.Parse(src)
	return err == nil && u.Scheme == "" && u.Host == ""
}

// TestCheckSafeHTML shows that the net the hostile cases are caught in has
// no holes of its own: each unsafe page is reported, each safe one is not.
func TestCheckSafeHTML(t *testing.T) {
	tests := []struct {
		page string
		want int // problems reported
	}{
		{`<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`, 0},
		{`<a href="https://example.com/">x</a><a href="../x/">y</a><a href="#a">z</a><a href="mailto:a@b">m</a>`, 0},
		{`<link rel="stylesheet" href="style.css?v=1"><script src="live.js"></script>`, 0},
		{`<script>alert(1)</script>`, 2}, // no src, and inline
		{`<script src="https://evil.example/x.js"></script>`, 1},
		{`<img src=x onerror=alert(1)>`, 1},
		{`<a href="javascript:alert(1)">x</a>`, 1},
		{`<a href=" JaVaScRiPt:alert(1)">x</a>`, 1},
		{"<a href=\"java\tscript:alert(1)\">x</a>", 1},
		{`<a href="jav&#x61;script:alert(1)">x</a>`, 1},
		{`<img src="data:image/svg+xml,<svg onload=alert(1)>">`, 1},
		{`<a href="vbscript:x">x</a><a href="file:///etc/passwd">y</a>`, 2},
		{`<iframe src="https://example.com/"></iframe>`, 1},
		{`<svg><a href="x"></a></svg>`, 1},
		{`<meta http-equiv="refresh" content="0;url=https://evil.example/">`, 1},
		{`<base href="https://evil.example/">`, 1},
		{`<form action="https://evil.example/"><button formaction="javascript:x">`, 2},
	}
	for _, tt := range tests {
		if got := checkSafeHTML([]byte(tt.page)); len(got) != tt.want {
			t.Errorf("checkSafeHTML(%q) = %q; want %d problems", tt.page, got, tt.want)
		}
	}
}

// TestReservedIDs checks that every id the templates write literally is
// reserved from the ids Markdown headings get, so that a template that adds
// an id cannot collide with an article's headings unnoticed.
func TestReservedIDs(t *testing.T) {
	files, err := filepath.Glob("../../templates/*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	literal := regexp.MustCompile(`\bid="([^"{]+)"`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllSubmatch(data, -1) {
			if id := string(m[1]); !slices.Contains(markdown.ReservedIDs, id) {
				t.Errorf("%s: id %q is not in markdown.ReservedIDs", filepath.Base(f), id)
			}
		}
	}
}
