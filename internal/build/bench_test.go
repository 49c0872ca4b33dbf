package build

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/internal/bench"
	"dossier/internal/corpus"
)

var (
	benchArticles = flag.Int("articles", 2000, "articles in the corpus BenchmarkBuild builds")
	benchSearch   = flag.Bool("search", true, "whether BenchmarkBuild writes the search index")
	benchExports  = flag.Bool("exports", true, "whether BenchmarkBuild writes the exports")
)

// BenchmarkBuild builds a generated corpus of -articles articles and, in
// the same iterations, runs the floor pipeline on it (bench.Floor), to
// report the build's time as a multiple of the floor's:
//
//	go test ./internal/build -run '^$' -bench Build -benchtime 3x -articles 10000 [-search=false] [-exports=false]
//
// It runs in the test process, so it is the one to profile (-cpuprofile,
// -memprofile); cmd/bench gives the figures of the dossier command itself,
// peak memory included.
func BenchmarkBuild(b *testing.B) {
	dir := b.TempDir()
	root, err := corpus.Write(dir, corpus.Options{Articles: *benchArticles, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	opts := Options{
		Content:     os.DirFS(root),
		ContentName: "content",
		Templates:   os.DirFS("../../templates"),
		Static:      os.DirFS("../../static"),
		Out:         filepath.Join(dir, "build"),
		NoSearch:    !*benchSearch,
		NoExports:   !*benchExports,
	}
	var floor, full time.Duration
	pages := 0
	for b.Loop() {
		b.StopTimer()
		start := time.Now()
		if _, err := bench.Floor(root, filepath.Join(dir, "floor")); err != nil {
			b.Fatal(err)
		}
		floor += time.Since(start)
		b.StartTimer()

		start = time.Now()
		res, err := Build(opts)
		if err != nil {
			b.Fatalf("Build: %v %v", err, res.Diags)
		}
		full += time.Since(start)
		pages = res.Pages
	}
	b.ReportMetric(float64(pages)*float64(b.N)/full.Seconds(), "pages/s")
	b.ReportMetric(full.Seconds()/floor.Seconds(), "x-floor")
}
