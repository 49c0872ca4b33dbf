package dossier

import (
	"testing"
	"testing/fstest"

	"dossier/internal/content"
	"dossier/internal/corpus"
	"dossier/internal/markdown"
)

// BenchmarkBuild builds the model of a generated corpus of 2,000 articles:
// every body rendered, annotations anchored, mentions linked, lists and
// related articles made. It is the build's stage between loading and
// templates, the one with most of a build's CPU time:
//
//	go test ./internal/dossier -run '^$' -bench Build -benchmem -cpuprofile cpu.out
func BenchmarkBuild(b *testing.B) {
	fsys := fstest.MapFS{}
	for f := range corpus.Files(corpus.Options{Articles: 2000, Seed: 1}) {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	c, err := content.Load(fsys, "content")
	if err != nil {
		b.Fatal(err)
	}
	md := markdown.New()
	for b.Loop() {
		d, diags := Build(c, md, Options{})
		if diags.HasErrors() || len(d.Articles) != 2000 {
			b.Fatalf("%d articles; %v", len(d.Articles), diags)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/2000, "µs/article")
}
