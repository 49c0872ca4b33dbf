package site

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"dossier/internal/dossier"
)

// BenchmarkRender renders the pages of a generated dossier of 1,000
// articles, one kind of page at a time, to show what each layout costs:
//
//	go test ./internal/site -run '^$' -bench Render -benchmem
func BenchmarkRender(b *testing.B) {
	d := generated(b, 1000, dossier.Options{})
	tmpl, err := LoadTemplates(os.DirFS("../../templates"))
	if err != nil {
		b.Fatal(err)
	}
	s := New(Config{}, tmpl)
	byLayout := map[string][]Spec{}
	var layouts []string
	for _, p := range s.Pages(d) {
		if byLayout[p.layout] == nil {
			layouts = append(layouts, p.layout)
		}
		byLayout[p.layout] = append(byLayout[p.layout], p)
	}
	for _, l := range layouts {
		specs := byLayout[l]
		b.Run(strings.TrimSuffix(l, ".html"), func(b *testing.B) {
			var buf bytes.Buffer
			i := 0
			for b.Loop() {
				buf.Reset()
				if err := s.Render(&buf, specs[i%len(specs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
