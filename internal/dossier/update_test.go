package dossier

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/content"
	"dossier/internal/markdown"
)

// updateBase is a small dossier with profiles, aliases, annotations and
// articles without a summary, so that edits reach every kind of field.
var updateBase = fstest.MapFS{
	"_index.md":                {Data: []byte("---\ntitle: Phones\n---\nAn introduction.\n")},
	"companies/xiaomi.md":      {Data: []byte("---\nname: Xiaomi\naliases: [Xiaomi Inc.]\n---\nA phone maker.\n")},
	"markets/united-states.md": {Data: []byte("---\nname: United States\naliases: [US, U.S.]\n---\n")},
	"executives/hugo-barra.md": {Data: []byte("---\nname: Hugo Barra\ncompany: Xiaomi\nrole: vice president\n---\n")},
	"articles/a.md": {Data: []byte(`---
title: Xiaomi comes to the US
date: 2015-02-12
source: Example News
companies: [Xiaomi]
regions: [US]
executives: [Hugo Barra]
summary: Accessories first.
annotations:
  - quote: "sells accessories"
    note: "Not phones."
    about: [Xiaomi]
  - quote: "in the U.S."
    kind: claim
    claim: xiaomi-in-us
    note: "Since February."
  - quote: "sold 61.1 million phones"
    kind: claim
    claim: phones-sold
    value: 61.1 million
    unit: units
---
An opening paragraph.

Xiaomi sells accessories in the U.S. now. It sold 61.1 million phones.

A second paragraph.
`)},
	"articles/d.md": {Data: []byte(`---
title: Xiaomi again
date: 2015-04-01
companies: [Xiaomi]
annotations:
  - quote: "in the U.S."
    kind: claim
    claim: xiaomi-in-us
    note: "Also."
  - quote: "sold 62 million phones"
    kind: claim
    claim: phones-sold
    value: 62 million
    unit: units
---
Xiaomi is in the U.S. too. It sold 62 million phones.
`)},
	"articles/b.md": {Data: []byte(`---
title: Xiaomi in China
date: 2015-03
date_basis: inferred
date_note: "From its *text*."
companies: [Xiaomi, Apple]
regions: [China]
summary: A summary.
---
Hugo Barra spoke in Beijing.
`)},
	"articles/c.md": {Data: []byte(`---
title: Apple and the US
date: 2014
companies: [Apple]
regions: [U.S.]
---
First paragraph about *Apple*.
`)},
}

func TestUpdateMatchesBuild(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		data   string
		ok     bool // Update applies
		lists  bool // what lists show changed
		errors bool
	}{
		{"body after the first paragraph", "articles/a.md", strings.Replace(string(updateBase["articles/a.md"].Data), "A second paragraph.", "A *new* second paragraph.", 1), true, false, false},
		{"first paragraph, no summary", "articles/c.md", strings.Replace(string(updateBase["articles/c.md"].Data), "First paragraph", "Opening paragraph", 1), true, true, false},
		{"first paragraph, with summary", "articles/b.md", strings.Replace(string(updateBase["articles/b.md"].Data), "spoke in", "spoke at length in", 1), true, false, false},
		{"source", "articles/b.md", strings.Replace(string(updateBase["articles/b.md"].Data), "summary:", "source: Other News\nsummary:", 1), true, true, false},
		{"lines above annotated passages", "articles/a.md", strings.Replace(string(updateBase["articles/a.md"].Data), "An opening paragraph.", "An opening paragraph.\n\nAnother one.", 1), true, false, false},
		// Lists of annotations show the article's source.
		{"source of an annotated article", "articles/a.md", strings.Replace(string(updateBase["articles/a.md"].Data), "Example News", "Other News", 1), false, false, false},
		{"annotated passage gone", "articles/a.md", strings.Replace(string(updateBase["articles/a.md"].Data), "Xiaomi sells accessories in", "Xiaomi sold accessories in", 1), true, false, true},
		{"unknown key", "articles/a.md", strings.Replace(string(updateBase["articles/a.md"].Data), "---\nXiaomi sells", "mood: calm\n---\nXiaomi sells", 1), true, false, false},
		// A line added above tags moves where they are written, which
		// messages about them would name: Build's business.
		{"line added above the tags", "articles/a.md", strings.Replace(string(updateBase["articles/a.md"].Data), "source:", "mood: calm\nsource:", 1), false, false, false},
		{"same bytes rewritten", "articles/a.md", string(updateBase["articles/a.md"].Data), true, false, false},
		{"title", "articles/a.md", strings.Replace(string(updateBase["articles/a.md"].Data), "comes to", "arrives in", 1), false, false, false},
		{"date", "articles/b.md", strings.Replace(string(updateBase["articles/b.md"].Data), "2015-03", "2015-04", 1), false, false, false},
		// Lists show how a date is known; the article's page, the note.
		{"date basis", "articles/b.md", strings.Replace(string(updateBase["articles/b.md"].Data), "inferred", "external", 1), false, false, false},
		{"date note", "articles/b.md", strings.Replace(string(updateBase["articles/b.md"].Data), "*text*", "*own text*", 1), false, false, false},
		{"tag spelling", "articles/c.md", strings.Replace(string(updateBase["articles/c.md"].Data), "[U.S.]", "[US]", 1), false, false, false},
		{"annotation", "articles/a.md", strings.Replace(string(updateBase["articles/a.md"].Data), "Not phones.", "No phones.", 1), false, false, false},
		{"profile", "companies/xiaomi.md", "---\nname: Xiaomi\n---\nA bigger phone maker.\n", false, false, false},
		{"introduction", "_index.md", "---\ntitle: Phones\n---\nAnother introduction.\n", false, false, false},
	}
	md := markdown.New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := loadAll(t, updateBase)
			before := content.Assemble(files)
			d, diags := Build(before, md, Options{})
			if diags.HasErrors() {
				t.Fatalf("Build: %v", diags)
			}

			edited := cloneFS(updateBase)
			edited[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			for i, f := range files {
				if f.Path == tt.file {
					files[i] = content.LoadFile(edited, "content", tt.file)
				}
			}
			after := content.Assemble(files)
			was := dump(d)
			ch, udiags, ok := d.Update(after, md)
			if ok != tt.ok {
				t.Fatalf("Update after editing the %s: ok = %v; want %v", tt.name, ok, tt.ok)
			}
			want, wdiags := Build(after, md, Options{})
			if !ok {
				if dump(d) != was {
					t.Errorf("Update declined but changed the model")
				}
				return
			}
			udiags.Sort()
			wdiags.Sort()
			if fmt.Sprint(udiags) != fmt.Sprint(wdiags) {
				t.Errorf("Update reported %v; Build reports %v", udiags, wdiags)
			}
			if udiags.HasErrors() != tt.errors {
				t.Fatalf("Update reported errors: %v; want errors %v", udiags, tt.errors)
			}
			if tt.errors {
				if dump(d) != was {
					t.Errorf("Update with errors changed the model")
				}
				return
			}
			if ch.Lists != tt.lists {
				t.Errorf("Update: Lists = %v; want %v", ch.Lists, tt.lists)
			}
			if got, want := dump(d), dump(want); got != want {
				t.Errorf("model after Update differs from a new Build:\n%s", firstDiff(want, got))
			}
		})
	}
}

// TestUpdateErrorKeepsModel checks that an update whose article fails
// leaves the model as it was.
func TestUpdateErrorKeepsModel(t *testing.T) {
	md := markdown.New()
	files := loadAll(t, updateBase)
	d, _ := Build(content.Assemble(files), md, Options{})
	before := dump(d)

	// A body the renderer rejects is hard to write; a content article
	// with a nil source body renders fine, so break the model's view of
	// the file instead: an article the last build reported a problem
	// about is never updated in place.
	d.memo.noted["content/articles/a.md"] = true
	edited := cloneFS(updateBase)
	edited["articles/a.md"] = &fstest.MapFile{Data: []byte(strings.Replace(string(updateBase["articles/a.md"].Data), "now.", "today.", 1))}
	for i, f := range files {
		if f.Path == "articles/a.md" {
			files[i] = content.LoadFile(edited, "content", "articles/a.md")
		}
	}
	if _, _, ok := d.Update(content.Assemble(files), md); ok {
		t.Fatal("Update changed an article the last build reported a problem about")
	}
	if dump(d) != before {
		t.Error("a refused Update changed the model")
	}
}

func loadAll(t *testing.T, fsys fstest.MapFS) []*content.File {
	t.Helper()
	paths, err := content.List(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var files []*content.File
	for _, p := range paths {
		files = append(files, content.LoadFile(fsys, "content", p))
	}
	return files
}

func cloneFS(m fstest.MapFS) fstest.MapFS {
	out := fstest.MapFS{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// dump writes out every field of a model, following pointers, with links
// between articles and entities written as their paths: two models built
// differently but equal in content dump the same.
func dump(d *Dossier) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(*d), 0)
	for _, a := range d.Articles {
		fmt.Fprintf(&b, "\narticle %s ", a.Slug)
		dumpValue(&b, reflect.ValueOf(*a), 0)
	}
	for _, es := range d.Entities {
		for _, e := range es {
			fmt.Fprintf(&b, "\nentity %s ", e.Path())
			dumpValue(&b, reflect.ValueOf(e).Elem(), 0)
		}
	}
	return b.String()
}

var (
	articleType = reflect.TypeFor[*Article]()
	entityType  = reflect.TypeFor[*Entity]()
)

func dumpValue(b *strings.Builder, v reflect.Value, depth int) {
	if depth > 12 {
		b.WriteString("…")
		return
	}
	switch {
	case v.Type() == articleType && depth > 0:
		if v.IsNil() {
			b.WriteString("nil")
		} else {
			fmt.Fprintf(b, "→article:%s", v.Elem().FieldByName("Slug").String())
		}
		return
	case v.Type() == entityType && depth > 0:
		if v.IsNil() {
			b.WriteString("nil")
		} else {
			fmt.Fprintf(b, "→entity:%s/%s", v.Elem().FieldByName("Kind"), v.Elem().FieldByName("Slug").String())
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		dumpValue(b, v.Elem(), depth+1)
	case reflect.Struct:
		b.WriteString("{")
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.Name == "memo" || f.Name == "r" {
				continue // what it was built from and with
			}
			fmt.Fprintf(b, "%s:", f.Name)
			dumpValue(b, v.Field(i), depth+1)
			b.WriteString(" ")
		}
		b.WriteString("}")
	case reflect.Slice, reflect.Array:
		b.WriteString("[")
		for i := range v.Len() {
			dumpValue(b, v.Index(i), depth+1)
			b.WriteString(",")
		}
		b.WriteString("]")
	case reflect.Map:
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		b.WriteString("map[")
		for _, k := range keys {
			fmt.Fprintf(b, "%v:", k)
			dumpValue(b, v.MapIndex(k), depth+1)
			b.WriteString(",")
		}
		b.WriteString("]")
	case reflect.String:
		fmt.Fprintf(b, "%q", v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		fmt.Fprint(b, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		fmt.Fprint(b, v.Uint())
	case reflect.Bool:
		fmt.Fprint(b, v.Bool())
	case reflect.Float32, reflect.Float64:
		fmt.Fprint(b, v.Float())
	default:
		fmt.Fprintf(b, "<%s>", v.Kind())
	}
}

func firstDiff(want, got string) string {
	for i := 0; i < min(len(want), len(got)); i++ {
		if want[i] != got[i] {
			lo := max(0, i-200)
			return fmt.Sprintf("want …%s…\ngot  …%s…", want[lo:min(len(want), i+200)], got[lo:min(len(got), i+200)])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(want), len(got))
}
