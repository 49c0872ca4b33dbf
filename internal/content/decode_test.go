package content

import (
	"reflect"
	"testing"
	"testing/fstest"
	"unsafe"
)

// TestLoaderPieces loads two articles with one loader, as a loading
// goroutine does, and requires what each loaded on its own gives, made in
// pieces: the articles one after the other, their tags consecutive
// pieces of one array and apart from other names, which the model keeps
// when it lets the tags go.
func TestLoaderPieces(t *testing.T) {
	fsys := fstest.MapFS{
		"articles/a.md": {Data: []byte("---\ntitle: A\ndate: 2015-02-12\ncompanies: [Xiaomi, Apple]\nmarkets: China\n" +
			"executives: [Lei Jun]\nannotations:\n  - quote: text\n    about: [Apple, China]\n    claim: first-claim\n---\nSome text.\n")},
		"articles/b.md": {Data: []byte("---\ntitle: B\ndate: 2015-02-13\ncompanies: [Apple]\nmarkets: [India]\n---\nText.\n")},
	}
	ld := newLoader(2)
	var arts []*Article
	for _, p := range []string{"articles/a.md", "articles/b.md"} {
		f := loadFile(fsys, "content", p, false, nil, ld, nil)
		alone := LoadFile(fsys, "content", p)
		if f.Article == nil || alone.Article == nil {
			t.Fatalf("%s: not loaded: %v; alone: %v", p, f.Diags, alone.Diags)
		}
		if !reflect.DeepEqual(f, alone) {
			t.Errorf("%s: loaded with a loader:\n%+v\non its own:\n%+v", p, f.Article, alone.Article)
		}
		arts = append(arts, f.Article)
	}
	a, b := arts[0], arts[1]
	at := func(p unsafe.Pointer) uintptr { return uintptr(p) }
	if at(unsafe.Pointer(b)) != at(unsafe.Pointer(a))+unsafe.Sizeof(*a) {
		t.Errorf("the second article is not next to the first")
	}
	name := unsafe.Sizeof(Name{})
	tags := [][]Name{a.Companies, a.Markets, a.Executives, b.Companies, b.Markets}
	for i, list := range tags {
		if cap(list) != len(list) {
			t.Errorf("tags %d: room for %d more, which would write into the next list", i, cap(list)-len(list))
		}
		if i > 0 && at(unsafe.Pointer(&list[0])) != at(unsafe.Pointer(&tags[i-1][0]))+uintptr(len(tags[i-1]))*name {
			t.Errorf("tags %d do not follow tags %d in one array", i, i-1)
		}
	}
	first, end := at(unsafe.Pointer(&a.Companies[0])), at(unsafe.Pointer(&b.Markets[0]))+name
	if about := at(unsafe.Pointer(&a.Annotations[0].About[0])); first <= about && about < end {
		t.Errorf("an annotation's names are among the tags")
	}
	// The slug, the file's name, which is a slug already, is that name.
	str := func(s string) uintptr { return at(unsafe.Pointer(unsafe.StringData(s))) }
	if s, f := str(a.Slug), str(a.File); s < f || s >= f+uintptr(len(a.File)) {
		t.Errorf("the slug %q is a string of its own, not a piece of the file's name %q", a.Slug, a.File)
	}
}
