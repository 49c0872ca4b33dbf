package site

import (
	"bytes"
	"os"
	"testing"

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
		b, err := ParseBase(base)
		if err != nil {
			t.Fatal(err)
		}
		s := New(Config{Base: b}, tmpl)
		specs := s.Pages(d)
		var shared *fragments
		uses := 0 // headers and entry headings shown
		for _, spec := range specs {
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
			p.shared, p.from = &fragments{}, p.path
			var want bytes.Buffer
			if err := tmpl.byName[spec.layout].ExecuteTemplate(&want, "base", data); err != nil {
				t.Fatal(err)
			}
			if got.String() != want.String() {
				t.Fatalf("base %q: %s with shared fragments:\n%s\nwithout:\n%s", base, spec.File, got.String(), want.String())
			}
		}
		if n := len(shared.m); n == 0 || 3*n > uses {
			t.Errorf("base %q: %d shared fragments for %d headers and entries shown", base, n, uses)
		}
	}
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
