package search

import (
	"flag"
	"testing"
	"testing/fstest"

	"dossier/internal/content"
	"dossier/internal/corpus"
	"dossier/internal/dossier"
	"dossier/internal/markdown"
)

var benchArticles = flag.Int("articles", 2000, "articles in the corpus BenchmarkIndex indexes")

// benchModel builds the model of a generated corpus of n articles, with
// the texts the index reads.
func benchModel(tb testing.TB, n int) *dossier.Dossier {
	tb.Helper()
	fsys := fstest.MapFS{}
	for _, f := range corpus.Generate(corpus.Options{Articles: n, Seed: 1}) {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	c, err := content.Load(fsys, "content")
	if err != nil {
		tb.Fatal(err)
	}
	d, diags := dossier.Build(c, markdown.New(), dossier.Options{Search: true})
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	return d
}

// BenchmarkIndex indexes a generated corpus (-articles, default 2,000)
// whose model is built, as a build does: articles on as many goroutines
// as there are processors, then Finish, which lays out the files.
//
//	go test ./internal/search -run '^$' -bench Index -benchmem -articles 10000
func BenchmarkIndex(b *testing.B) {
	d := benchModel(b, *benchArticles)
	bytes := 0
	for _, a := range d.Articles {
		bytes += len(a.Text())
	}
	b.SetBytes(int64(bytes))
	files := 0
	for b.Loop() {
		files = len(Build(d, Options{}).Files())
	}
	b.ReportMetric(float64(files), "files")
}

// BenchmarkTokenize tokenizes the texts of a generated corpus.
func BenchmarkTokenize(b *testing.B) {
	d := benchModel(b, *benchArticles)
	var texts []string
	bytes := 0
	for _, a := range d.Articles {
		texts = append(texts, a.Text())
		bytes += len(a.Text())
	}
	b.SetBytes(int64(bytes))
	var t tokenizer
	n := 0
	for b.Loop() {
		for _, s := range texts {
			t.each(s, func([]byte, int, int, bool) { n++ })
		}
	}
}
