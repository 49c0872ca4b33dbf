package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dossier/internal/output"
	"dossier/internal/site"
	"dossier/internal/treetest"
)

// A siteDir is a folder with content/, templates/ and static/ as an editor
// has it, the templates and static files laid over the project's own.
type siteDir struct {
	t    *testing.T
	root string
	base site.Base
}

func newSiteDir(t *testing.T, files map[string]string) *siteDir {
	t.Helper()
	d := &siteDir{t: t, root: t.TempDir()}
	for _, sub := range []string{"content", "templates", "static"} {
		if err := os.MkdirAll(filepath.Join(d.root, sub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		d.write(name, data)
	}
	return d
}

func (d *siteDir) path(name string) string { return filepath.Join(d.root, filepath.FromSlash(name)) }

func (d *siteDir) write(name, data string) {
	d.t.Helper()
	treetest.Write(d.t, d.root, name, data)
}

// options builds the folder's content into out, as `dossier serve` would.
func (d *siteDir) options(out string) Options {
	d.t.Helper()
	open := func(name string) fs.FS { return treetest.Root(d.t, d.path(name)) }
	return Options{
		Content:       open("content"),
		ContentName:   "content",
		Templates:     site.Layers{open("templates"), os.DirFS("../../templates")},
		TemplatesName: "templates",
		Static:        site.Layers{open("static"), os.DirFS("../../static")},
		Out:           out,
		Base:          d.base,
	}
}

// cleanBuild builds the folder from scratch with the one-shot Build and
// returns its output, or nil and the problems if it fails.
func (d *siteDir) cleanBuild() (map[string]string, string) {
	d.t.Helper()
	opts := d.options(filepath.Join(d.t.TempDir(), "build"))
	res, err := Build(opts)
	if err != nil {
		var b strings.Builder
		for _, x := range res.Diags {
			b.WriteString(x.String() + "\n")
		}
		if !errors.Is(err, ErrContent) {
			b.WriteString(err.Error() + "\n")
		}
		return nil, b.String()
	}
	return treetest.Read(d.t, opts.Out), ""
}

const (
	articleA = `---
title: Xiaomi comes to the US
date: 2015-02-12
source: Example News
companies: [Xiaomi]
regions: [US]
executives: [Hugo Barra]
annotations:
  - quote: "sells accessories"
    note: "Not phones."
    about: [Xiaomi]
  - quote: "in the U.S. now"
    kind: claim
    claim: xiaomi-in-us
    note: "Since February."
---
Xiaomi sells accessories in the U.S. now, Hugo Barra said.

A second paragraph.
`
	articleB = `---
title: Xiaomi in China
date: 2015-03
companies: [Xiaomi, Apple]
regions: [China]
summary: A summary.
annotations:
  - quote: "spoke in Beijing"
    kind: quote
    speaker: Hugo Barra
  - quote: "about Apple"
    kind: claim
    claim: xiaomi-in-us
    note: "Not quite."
---
Hugo Barra spoke in Beijing about Apple.
`
	articleC = `---
title: Samsung and the US
date: 2014
companies: [Samsung]
regions: [U.S.]
---
First paragraph about *Samsung*.
`
)

var builderBase = map[string]string{
	"content/_index.md":                "---\ntitle: Phones\n---\nAn introduction.\n",
	"content/companies/xiaomi.md":      "---\nname: Xiaomi\naliases: [Xiaomi Inc.]\n---\nA phone maker.\n",
	"content/markets/united-states.md": "---\nname: United States\naliases: [US, U.S.]\n---\n",
	"content/executives/hugo-barra.md": "---\nname: Hugo Barra\ncompany: Xiaomi\n---\n",
	"content/articles/a.md":            articleA,
	"content/articles/b.md":            articleB,
	"content/articles/c.md":            articleC,
	"content/claims/xiaomi-in-us.md":   "---\ntitle: Xiaomi is in the US\nsummary: Two reports.\n---\nWhat the reports say.\n",
}

// TestRebuildMatchesCleanBuild edits a dossier step by step, rebuilding
// after each step with only the changed paths, and compares the output
// folder with a clean build of the same input: byte for byte, with no file
// or folder more or less. A step with errors must leave the output as the
// last good build left it.
func TestRebuildMatchesCleanBuild(t *testing.T) {
	// Portable links, and an absolute base URL, which adds feeds, a
	// sitemap and metadata that also follow every change.
	for _, base := range []string{"", "https://example.org/repo/"} {
		t.Run("base="+base, func(t *testing.T) { testRebuild(t, base) })
	}
}

func testRebuild(t *testing.T, baseURL string) {
	d := newSiteDir(t, builderBase)
	var err error
	if d.base, err = site.ParseBase(baseURL); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "build")
	b := NewBuilder(d.options(out))
	b.verify = true
	if _, err := b.Build(); err != nil {
		t.Fatalf("Build: %v", err)
	}
	good, _ := d.cleanBuild()
	if msg := treetest.Diff(good, treetest.Read(t, out)); msg != "" {
		t.Fatalf("first build differs from a clean build:\n%s", msg)
	}

	type step struct {
		name string
		do   func()
		// changed are the paths the step tells the Builder about.
		changed []Change
		// written, if set, are exactly the files the rebuild may write.
		written []string
		errors  []string // substrings of the problems expected, in order
	}
	content := func(p string) Change { return Change{Content, p} }
	steps := []step{
		{
			name:    "edit an article's text",
			do:      func() { d.write("content/articles/a.md", strings.Replace(articleA, "A second", "A changed second", 1)) },
			changed: []Change{content("articles/a.md")},
			written: []string{"articles/a/index.html"},
		},
		{
			name: "edit the first paragraph of an annotated article without summary",
			do: func() {
				d.write("content/articles/a.md", strings.Replace(articleA, "Xiaomi sells", "Today Xiaomi sells", 1))
			},
			changed: []Change{content("articles/a.md")},
		},
		{
			name: "edit an annotation's note",
			do: func() {
				d.write("content/articles/a.md", strings.Replace(articleA, "note: \"Since February.\"", "note: \"Since March.\"", 1))
			},
			changed: []Change{content("articles/a.md")},
		},
		{
			name: "edit a claim's description",
			do: func() {
				d.write("content/claims/xiaomi-in-us.md", "---\ntitle: Xiaomi is in the US\nsummary: Two reports.\n---\nWhat the two reports say.\n")
			},
			changed: []Change{content("claims/xiaomi-in-us.md")},
		},
		{
			name: "edit the first paragraph of an article without summary",
			do: func() {
				d.write("content/articles/c.md", strings.Replace(articleC, "First paragraph", "Opening lines", 1))
			},
			changed: []Change{content("articles/c.md")},
		},
		{
			name:    "edit a title",
			do:      func() { d.write("content/articles/b.md", strings.Replace(articleB, "in China", "at home", 1)) },
			changed: []Change{content("articles/b.md")},
		},
		{
			name: "create an article",
			do: func() {
				d.write("content/articles/d.md", "---\ntitle: D\ndate: 2016-01-02\ncompanies: [Lenovo]\n---\nLenovo text.\n")
			},
			changed: []Change{content("articles/d.md")},
		},
		{
			name: "create a folder with articles",
			do: func() {
				d.write("content/articles/2013/e.md", "---\ntitle: E\ndate: 2013-05\ncompanies: [Xiaomi]\n---\nE text.\n")
				d.write("content/articles/2013/f.md", "---\ntitle: F\ndate: 2013-06\ncompanies: [HTC]\n---\nF text.\n")
			},
			changed: []Change{content("articles/2013")},
		},
		{
			name: "rename an article",
			do: func() {
				if err := os.Rename(d.path("content/articles/a.md"), d.path("content/articles/a2.md")); err != nil {
					t.Fatal(err)
				}
			},
			changed: []Change{content("articles/a.md"), content("articles/a2.md")},
		},
		{
			name: "delete the only article naming an entity",
			do: func() {
				if err := os.Remove(d.path("content/articles/c.md")); err != nil {
					t.Fatal(err)
				}
			},
			changed: []Change{content("articles/c.md")},
		},
		{
			name: "break an article",
			do: func() {
				d.write("content/articles/d.md", "---\ntitle: D\ndate: 2016-02-30\ncompanies: [Lenovo]\n---\nLenovo text.\n")
			},
			changed: []Change{content("articles/d.md")},
			errors:  []string{"content/articles/d.md:3:7: impossible date"},
		},
		{
			name:    "break another while the first is broken",
			do:      func() { d.write("content/articles/b.md", "---\ntitle: B\n---\nNo date.\n") },
			changed: []Change{content("articles/b.md")},
			errors:  []string{"content/articles/b.md:", "content/articles/d.md:3:7: impossible date"},
		},
		{
			name: "fix both",
			do: func() {
				d.write("content/articles/d.md", "---\ntitle: D\ndate: 2016-02-03\ncompanies: [Lenovo]\n---\nLenovo text.\n")
				d.write("content/articles/b.md", articleB)
			},
			changed: []Change{content("articles/d.md"), content("articles/b.md")},
		},
		{
			name:    "a change that changes nothing",
			do:      func() { d.write("content/articles/b.md", articleB) },
			changed: []Change{content("articles/b.md"), content("articles/.b.md.swp"), content("articles/b.md~")},
			written: []string{},
		},
		{
			name: "remove a folder",
			do: func() {
				if err := os.RemoveAll(d.path("content/articles/2013")); err != nil {
					t.Fatal(err)
				}
			},
			changed: []Change{content("articles/2013")},
		},
		{
			name: "change a template",
			do: func() {
				d.write("templates/article.html", strings.Replace(readFile(t, "../../templates/article.html"), "{{ define \"main\" -}}", "{{ define \"main\" -}}\n<!-- article -->", 1))
			},
			changed: []Change{{Templates, "article.html"}},
		},
		{
			name:    "break a template",
			do:      func() { d.write("templates/entity.html", "{{ define \"main\" }}\n{{ .Nope }\n{{ end }}") },
			changed: []Change{{Templates, "entity.html"}},
			errors:  []string{"templates/entity.html:2:"},
		},
		{
			name: "a template that fails to render",
			do: func() {
				d.write("templates/entity.html", "{{ define \"main\" }}\n<p>{{ .Entity.Nope }}</p>\n{{ end }}")
			},
			changed: []Change{{Templates, "entity.html"}},
			errors:  []string{"templates/entity.html:2:"},
		},
		{
			name: "fix the template",
			do: func() {
				if err := os.Remove(d.path("templates/entity.html")); err != nil {
					t.Fatal(err)
				}
			},
			changed: []Change{{Templates, "entity.html"}},
		},
		{
			name:    "change the stylesheet",
			do:      func() { d.write("static/style.css", readFile(t, "../../static/style.css")+"\n/* more */\n") },
			changed: []Change{{Static, "style.css"}},
		},
		{
			name:    "add a static file",
			do:      func() { d.write("static/img/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>") },
			changed: []Change{{Static, "img"}},
		},
		{
			name:    "change the introduction",
			do:      func() { d.write("content/_index.md", "---\ntitle: Phones and more\n---\nAnother introduction.\n") },
			changed: []Change{content("_index.md")},
		},
		{
			name:    "add a profile",
			do:      func() { d.write("content/companies/lenovo.md", "---\nname: Lenovo\n---\nA PC maker.\n") },
			changed: []Change{content("companies/lenovo.md")},
		},
		{
			name: "many files at once, told as a rescan",
			do: func() {
				for _, n := range []string{"g", "h", "i"} {
					d.write("content/articles/"+n+".md", "---\ntitle: "+n+"\ndate: 2017\ncompanies: [Xiaomi, Samsung]\n---\nText "+n+".\n")
				}
				d.write("content/articles/d.md", "---\ntitle: D\ndate: 2016-02-03\ndraft: true\ncompanies: [Lenovo]\n---\nLenovo text.\n")
			},
			changed: []Change{content(".")},
		},
	}
	for _, s := range steps {
		lastGood := treetest.Read(t, out)
		s.do()
		o, err := b.Rebuild(s.changed)
		want, problems := d.cleanBuild()
		if len(s.errors) > 0 {
			if !errors.Is(err, ErrContent) {
				t.Fatalf("%s: Rebuild: err = %v; want ErrContent", s.name, err)
			}
			got := ""
			for _, x := range o.Diags.Errors() {
				got += x.String() + "\n"
			}
			for _, e := range s.errors {
				i := strings.Index(got, e)
				if i < 0 {
					t.Errorf("%s: problems lack %q:\n%s", s.name, e, got)
					continue
				}
				got = got[i+len(e):]
			}
			if problems == "" {
				t.Errorf("%s: a clean build succeeds where Rebuild failed", s.name)
			}
			if msg := treetest.Diff(lastGood, treetest.Read(t, out)); msg != "" {
				t.Errorf("%s: a failed rebuild changed the output:\n%s", s.name, msg)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: Rebuild: %v\n%v", s.name, err, o.Diags)
		}
		if problems != "" {
			t.Fatalf("%s: clean build failed:\n%s", s.name, problems)
		}
		if msg := treetest.Diff(want, treetest.Read(t, out)); msg != "" {
			t.Errorf("%s: output differs from a clean build:\n%s", s.name, msg)
		}
		if s.written != nil && !slices.Equal(o.Changed, s.written) {
			t.Errorf("%s: rebuild wrote %q; want %q", s.name, o.Changed, s.written)
		}
		// What the rebuild says it changed is what changed.
		for name, data := range want {
			// The manifest is the output folder's own, not a page.
			if lastGood[name] != data && data != "<dir>" && name != output.ManifestName && !slices.Contains(o.Changed, name) {
				t.Errorf("%s: %s changed but is not in Changed", s.name, name)
			}
		}
	}
}

// TestRebuildStyles checks that a stylesheet-only change is told apart, so
// that open pages can swap the stylesheet instead of reloading.
func TestRebuildStyles(t *testing.T) {
	d := newSiteDir(t, builderBase)
	out := filepath.Join(t.TempDir(), "build")
	b := NewBuilder(d.options(out))
	if _, err := b.Build(); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(out, "articles", "a", "index.html")
	before := readFile(t, page)
	// Open pages hear of the new stylesheet as soon as it is on disk,
	// before the pages linking to it are written again.
	var early map[string]string
	b.OnStyles = func(styles map[string]string) {
		early = styles
		if css := readFile(t, filepath.Join(out, "style.css")); !strings.Contains(css, "red") {
			t.Errorf("OnStyles called before the stylesheet was written")
		}
		if readFile(t, page) != before {
			t.Errorf("OnStyles called after pages were written")
		}
	}
	d.write("static/style.css", "body { color: red }\n")
	o, err := b.Rebuild([]Change{{Static, "style.css"}})
	if err != nil {
		t.Fatal(err)
	}
	if v := o.Styles["style.css"]; !strings.HasPrefix(v, "style.css?v=") || len(o.Styles) != 1 {
		t.Errorf("Styles = %v; want style.css with its new version", o.Styles)
	}
	if early["style.css"] != o.Styles["style.css"] {
		t.Errorf("OnStyles got %v; want %v", early, o.Styles)
	}
	if after := readFile(t, page); after == before || !strings.Contains(after, o.Styles["style.css"]) {
		t.Errorf("the article page does not link to %s after the rebuild", o.Styles["style.css"])
	}
	want, _ := d.cleanBuild()
	if msg := treetest.Diff(want, treetest.Read(t, out)); msg != "" {
		t.Errorf("output differs from a clean build:\n%s", msg)
	}
	early = nil

	d.write("static/style.css", "body { color: blue }\n")
	d.write("content/articles/b.md", strings.Replace(articleB, "A summary.", "A new summary.", 1))
	o, err = b.Rebuild([]Change{{Static, "style.css"}, {Content, "articles/b.md"}})
	if err != nil {
		t.Fatal(err)
	}
	if o.Styles != nil || early != nil {
		t.Errorf("Styles = %v, OnStyles got %v after a stylesheet and an article changed; want nil", o.Styles, early)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
