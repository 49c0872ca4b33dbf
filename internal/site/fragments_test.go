package site

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"dossier/internal/dossier"
)

// TestSharedFragments renders every page of a generated dossier, for each
// kind of base URL, as a build does (entries, headings, entity links and
// headers shared between pages) and page by page with nothing shared and
// links made from the page itself: the bytes must be the same, and the
// shared fragments far fewer than the pages that show them.
func TestSharedFragments(t *testing.T) {
	d := generated(t, 300, dossier.Options{})
	tmpl, err := LoadTemplates(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{"", "/repo/", "https://example.org/repo/"} {
		shared, uses := checkShared(t, d, tmpl, base)
		if n := len(shared.marked); n == 0 || 3*n > uses {
			t.Errorf("base %q: %d shared fragments for %d headers and entries shown", base, n, uses)
		}
		for k, mf := range shared.marked {
			if !mf.ok {
				t.Errorf("base %q: %s of %v rendered for each depth, not once", base, k.name, k.of)
			}
		}
	}
}

// TestSharedFragmentsPerDepth checks the fragments that cannot be
// rendered once for every depth: an entity link that shows its link as
// text too, and the entry and heading of an article whose headline has
// what a marked link is written as.
func TestSharedFragmentsPerDepth(t *testing.T) {
	d := generated(t, 300, dossier.Options{})
	d.Articles[0].Title = "A headline with " + linkWritten + " in it"
	fsys := fstest.MapFS{}
	files, _ := filepath.Glob("../../templates/*.html")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(f) == "_partials.html" {
			data = bytes.Replace(data, []byte(`{{ define "entity-link" -}}`), []byte(`{{ define "entity-link" -}}
{{ .Page.URL .Entity.Path }}: `), 1)
		}
		fsys[filepath.Base(f)] = &fstest.MapFile{Data: data}
	}
	tmpl, err := LoadTemplates(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{"", "/repo/"} {
		shared, _ := checkShared(t, d, tmpl, base)
		perDepth := map[string]int{}
		for k, mf := range shared.marked {
			if !mf.ok {
				perDepth[k.name]++
			}
		}
		if perDepth["entity-link"] == 0 || perDepth["entry"] != 1 || perDepth["entry-heading"] != 1 {
			t.Errorf("base %q: rendered for each depth: %v; want every entity link, and the entry and heading of %q", base, perDepth, d.Articles[0].Title)
		}
	}
}

// checkShared renders every page of d with the listing's shared fragments
// and requires what the page renders without them, its links made from
// the page itself; it returns the fragments, and how many headers and
// entries the pages show.
func checkShared(t *testing.T, d *dossier.Dossier, tmpl *Templates, base string) (*fragments, int) {
	t.Helper()
	b, err := ParseBase(base)
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Base: b}, tmpl)
	var shared *fragments
	uses := 0
	for _, spec := range s.Pages(d) {
		if !spec.IsPage() {
			continue
		}
		var got bytes.Buffer
		if err := s.Render(&got, spec); err != nil {
			t.Fatal(err)
		}
		uses += 1 + bytes.Count(got.Bytes(), []byte(`class="entry-title"`))
		data := spec.pageData()
		p := pageOf(data)
		if p == nil {
			t.Fatalf("%s: no Page in %T", spec.File, data)
		}
		if shared == nil {
			shared = p.shared
		} else if p.shared != shared {
			t.Fatalf("%s: not sharing the listing's fragments", spec.File)
		}
		// Nothing shared, and links made from the page itself.
		p.shared, p.from = nil, p.path
		var want bytes.Buffer
		if err := tmpl.byName[spec.layout].ExecuteTemplate(&want, "base", data); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("base %q: %s with shared fragments:\n%s\nwithout:\n%s", base, spec.File, got.String(), want.String())
		}
	}
	return shared, uses
}

// TestLinker checks that a shared fragment links as every page of its
// depth would, fragments of a page included.
func TestLinker(t *testing.T) {
	portable, _ := ParseBase("")
	sub, _ := ParseBase("/repo/")
	tests := []struct {
		base         Base
		page, target string
		want         string
	}{
		{portable, "", "articles/x/", "articles/x/index.html"},
		{portable, "404.html", "articles/x/", "articles/x/index.html"},
		{portable, "articles/x/", "articles/y/", "../../articles/y/index.html"},
		{portable, "articles/x/", "articles/x/#a-1", "../../articles/x/index.html#a-1"},
		{portable, "", "#main", "index.html#main"},
		{portable, "companies/x/page/2/", "style.css?v=1", "../../../../style.css?v=1"},
		{sub, "articles/x/", "articles/x/#a-1", "/repo/articles/x/#a-1"},
	}
	for _, tt := range tests {
		p := &Page{path: tt.page, base: tt.base}
		if got := p.linker().URL(tt.target); got != tt.want {
			t.Errorf("linker of %q (base %q).URL(%q) = %q; want %q", tt.page, tt.base.raw, tt.target, got, tt.want)
		}
	}
}
