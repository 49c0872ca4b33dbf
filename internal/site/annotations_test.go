package site

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"dossier/internal/dossier"
)

// TestAnnotationCollection pages the dossier-wide collection of a
// generated dossier: the pages hold every annotation of the articles'
// exports once, in order, with the same ids, and link to each other.
func TestAnnotationCollection(t *testing.T) {
	defer func(n int) { annotationsPerPage = n }(annotationsPerPage)
	annotationsPerPage = 7

	d := generated(t, 40, dossier.Options{Selectors: true})
	tmpl, err := LoadTemplates(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	base, _ := ParseBase("https://example.org/d/")
	s := New(Config{Base: base, Exports: true}, tmpl)
	decode := func(p Spec, v any) {
		t.Helper()
		var buf bytes.Buffer
		if err := s.Render(&buf, p); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(buf.Bytes(), v); err != nil {
			t.Fatalf("%s: %v", p.File, err)
		}
	}
	var fromArticles []string // annotation ids, as the articles' exports list them
	pages := map[string]Spec{}
	var collection Spec
	for _, p := range s.Pages(d) {
		switch {
		case strings.HasSuffix(p.File, "/annotations.jsonld"):
			var page waPage
			decode(p, &page)
			for _, an := range page.Items {
				fromArticles = append(fromArticles, an.ID)
			}
		case p.File == "annotations.jsonld":
			collection = p
		case strings.HasPrefix(p.File, "annotations/"):
			pages[p.File] = p
		}
	}
	if len(fromArticles) <= 2*annotationsPerPage {
		t.Fatalf("the generated dossier has %d annotations; the test wants more than two pages", len(fromArticles))
	}
	var coll waCollection
	decode(collection, &coll)
	if coll.Total != len(fromArticles) {
		t.Errorf("collection total = %d; the articles export %d", coll.Total, len(fromArticles))
	}
	wantPages := (len(fromArticles) + annotationsPerPage - 1) / annotationsPerPage
	if len(pages) != wantPages || coll.Last != fmt.Sprintf("https://example.org/d/annotations/%d.jsonld", wantPages) {
		t.Errorf("%d page files, last %s; want %d", len(pages), coll.Last, wantPages)
	}
	var inPages []string
	next := "https://example.org/d/annotations/1.jsonld"
	prev := ""
	for n := 1; next != ""; n++ {
		file := strings.TrimPrefix(next, "https://example.org/d/")
		var page waPage
		decode(pages[file], &page)
		if page.Prev != prev || page.StartIndex == nil || *page.StartIndex != len(inPages) || page.PartOf == nil || page.PartOf.Total != coll.Total {
			t.Errorf("%s: prev %q, startIndex %v, partOf %+v; want prev %q, startIndex %d", file, page.Prev, page.StartIndex, page.PartOf, prev, len(inPages))
		}
		if n == 1 && coll.First != page.ID {
			t.Errorf("the collection's first page is %v; want %s", coll.First, page.ID)
		}
		for _, an := range page.Items {
			inPages = append(inPages, an.ID)
		}
		prev, next = page.ID, page.Next
		if n > wantPages {
			t.Fatal("the pages' next links do not end")
		}
	}
	if strings.Join(inPages, "\n") != strings.Join(fromArticles, "\n") {
		t.Errorf("the collection's pages list\n%s\nthe articles' exports\n%s", strings.Join(inPages, "\n"), strings.Join(fromArticles, "\n"))
	}
}

// TestNoExports: without Config.Exports the site has no export files and
// its pages do not link to any.
func TestNoExports(t *testing.T) {
	d := generated(t, 20, dossier.Options{})
	tmpl, err := LoadTemplates(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{}, tmpl)
	for _, p := range s.Pages(d) {
		if strings.HasSuffix(p.File, ".jsonld") || strings.HasSuffix(p.File, ".csv") || p.File == "dossier.json" {
			t.Errorf("the site has %s without exports", p.File)
		}
		if a := p.Article(); a != nil && a.CountAnnotations() > 0 {
			var buf bytes.Buffer
			if err := s.Render(&buf, p); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(buf.String(), "application/ld+json\" title=\"Annotations") {
				t.Errorf("%s links to an annotation export without exports", p.File)
			}
		}
	}
}
