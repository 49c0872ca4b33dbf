package site

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/content"
	"dossier/internal/corpus"
	"dossier/internal/dossier"
	"dossier/internal/markdown"
)

// generated is the model of a generated dossier of n articles, made with
// opts.
func generated(t testing.TB, n int, opts dossier.Options) *dossier.Dossier {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range corpus.Generate(corpus.Options{Articles: n, Seed: 1}) {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	return modelOf(t, fsys, opts)
}

// modelOf is the model of the content folder fsys, made with opts; it
// fails the test on any problem.
func modelOf(t testing.TB, fsys fstest.MapFS, opts dossier.Options) *dossier.Dossier {
	t.Helper()
	c, err := content.Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	d, diags := dossier.Build(c, markdown.New(), opts)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return d
}

// TestLinkedData checks every page's JSON-LD of a generated dossier, for
// each kind of base URL: it is one JSON object with a schema.org context,
// and holds nothing that could end the script element it is written in.
func TestLinkedData(t *testing.T) {
	d := generated(t, 120, dossier.Options{})
	tmpl, err := LoadTemplates(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	pages := 0
	for _, base := range []string{"", "/", "/repo/", "https://example.org/repo/"} {
		b, err := ParseBase(base)
		if err != nil {
			t.Fatal(err)
		}
		for _, spec := range New(Config{Base: b}, tmpl).Pages(d) {
			p := pageOf(spec.pageData())
			if p == nil || p.meta.ld == nil {
				continue
			}
			pages++
			js, err := p.LinkedData()
			if err != nil {
				t.Fatalf("%s: %v", spec.File, err)
			}
			var v struct {
				Context string `json:"@context"`
				Type    string `json:"@type"`
			}
			if err := json.Unmarshal([]byte(js), &v); err != nil {
				t.Fatalf("%s: JSON-LD %s: %v", spec.File, js, err)
			}
			if v.Context != schemaContext || v.Type == "" {
				t.Errorf("%s: JSON-LD %s: @context %q, @type %q", spec.File, js, v.Context, v.Type)
			}
			checkScriptSafe(t, spec.File, string(js))
		}
	}
	if pages == 0 {
		t.Fatal("no page of the generated dossier has linked data")
	}
}

// TestLinkedDataEscapes gives an article a headline and names made to end
// the script element: its page's JSON-LD must keep them as strings.
func TestLinkedDataEscapes(t *testing.T) {
	hostile := "</script><script>alert(1)</script><!-- & \u2028\u2029"
	p := &Page{Site: &SiteInfo{Title: hostile}, path: "articles/x/"}
	p.meta.ld = func() any { return websiteLD(p) }
	js, err := p.LinkedData()
	if err != nil {
		t.Fatal(err)
	}
	checkScriptSafe(t, "website", string(js))
	var v ldWebSite
	if err := json.Unmarshal([]byte(js), &v); err != nil {
		t.Fatal(err)
	}
	if v.Name != hostile {
		t.Errorf("name read back = %q; want %q", v.Name, hostile)
	}
}

// checkScriptSafe fails when js holds what could end, or comment out, a
// <script> element, or a line break JavaScript reads as one.
func checkScriptSafe(t *testing.T, where, js string) {
	t.Helper()
	if i := strings.IndexAny(js, "<>&\u2028\u2029"); i >= 0 {
		t.Errorf("%s: JSON-LD holds %q unescaped: %s", where, js[i:min(len(js), i+12)], js)
	}
}

// pageOf returns the Page of a page's template data, or nil.
func pageOf(data any) *Page {
	if p, ok := data.(*Page); ok {
		return p
	}
	v := reflect.ValueOf(data)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	if f := v.Elem().FieldByName("Page"); f.IsValid() {
		p, _ := f.Interface().(*Page)
		return p
	}
	return nil
}
