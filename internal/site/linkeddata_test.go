package site

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"testing"
)

// encodingJSON is v as encoding/json writes it, which the hand-written
// JSON of the schema.org values must be.
func encodingJSON(t testing.TB, v any) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(true)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return string(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// jsonStrings are strings encoding/json escapes in every way it has.
var jsonStrings = []string{
	"", "Xiaomi", `</script><script>alert(1)</script><!-- & "q" \ /`,
	"\x00\x01\b\f\n\r\t\x1f\x7f", "a\u2028b\u2029c", "caf\xe9 \xff\xfe\xed\xa0\x80",
	"日本語 — “quoted” ✓ 😀", "https://example.org/a?b=1&c=<2>#frag",
}

// TestLinkedDataJSON checks that the JSON of each schema.org value, and
// of every page of a generated dossier for each kind of base URL, is
// byte for byte encoding/json's.
func TestLinkedDataJSON(t *testing.T) {
	var values []ldValue
	refs := [][]ldRef{nil, {}, {{ID: "#a"}}, {{Type: "Organization", ID: "/c/x/#organization", Name: "X"}, {ID: "#b", Name: "B"}}}
	for i, s := range jsonStrings {
		ref := ldRef{Type: s, ID: s, Name: s}
		named := &ldNamed{Type: "Person", Name: s}
		list := refs[i%len(refs)]
		var aliases []string
		if i%3 == 1 {
			aliases = []string{}
		} else if i%3 == 2 {
			aliases = jsonStrings[:i]
		}
		entity := ldEntity{Context: schemaContext, Type: s, ID: s, URL: s, MainEntityOfPage: s, Name: s, AlternateName: aliases}
		values = append(values,
			ref, ldRef{ID: s}, *named,
			ldWebSite{Context: s, Type: s, ID: s, URL: s, Name: s, Description: s},
			ldNewsArticle{Context: s, Type: s, ID: s, URL: s, MainEntityOfPage: s, Headline: s, Name: s, Description: s,
				DatePublished: s, IsBasedOn: s, About: list, Mentions: list, IsPartOf: ref},
			ldNewsArticle{Author: named, Publisher: named, About: refs[3], IsPartOf: ldRef{}},
			entity,
			ldOrganization{ldEntity: entity, Location: s, SameAs: s, Employee: list},
			ldPerson{ldEntity: entity, JobTitle: s},
			ldPerson{ldEntity: entity, WorksFor: &ref},
			ldClaim{Context: s, Type: s, ID: s, URL: s, MainEntityOfPage: s, Name: s, Text: s, About: list, Appearance: list},
			ldClaim{FirstAppearance: &ref, Appearance: refs[3]},
		)
	}
	d := generated(t, 120)
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
			if p := pageOf(spec.pageData()); p != nil && p.meta.ld != nil {
				values = append(values, p.meta.ld())
				pages++
			}
		}
	}
	if pages == 0 {
		t.Fatal("no page of the generated dossier has linked data")
	}
	for _, v := range values {
		want := encodingJSON(t, v)
		if got := string(marshalLD(v)); got != want {
			t.Errorf("%T's JSON:\n got %s\nwant %s", v, got, want)
		}
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

// FuzzJSONString checks appendJSONString against encoding/json.
func FuzzJSONString(f *testing.F) {
	for _, s := range jsonStrings {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := encodingJSON(t, s)
		if got := string(appendJSONString(nil, s)); got != want {
			t.Errorf("appendJSONString(%q) = %s; want %s", s, got, want)
		}
	})
}
