package content

import (
	"flag"
	"os"
	"testing"
	"testing/fstest"
	"time"

	"dossier/internal/corpus"
)

// benchArticles is the size of the generated corpus the loading benchmarks
// read.
const benchArticles = 2000

// BenchmarkLoad loads a generated corpus of 2,000 articles from memory:
// reading, splitting front matter from body, decoding front matter into
// typed values. It is the loading stage of a build without the disk:
//
//	go test ./internal/content -run '^$' -bench Load -benchmem -cpuprofile cpu.out
func BenchmarkLoad(b *testing.B) {
	fsys := fstest.MapFS{}
	for f := range corpus.Files(corpus.Options{Articles: benchArticles, Seed: 1}) {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	cpu := startCPU()
	for b.Loop() {
		c, err := Load(fsys, "content")
		if err != nil || len(c.Articles) != benchArticles || c.Diags.HasErrors() {
			b.Fatalf("%d articles; %v, %v", len(c.Articles), err, c.Diags)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/benchArticles, "µs/article")
	cpu.report(b)
}

// BenchmarkSplit splits each article of the same corpus into its front
// matter, decoded into nodes, and its body, on one goroutine: the part of
// loading that is adrg/frontmatter's and the YAML decoder's.
func BenchmarkSplit(b *testing.B) {
	var files [][]byte
	for f := range corpus.Files(corpus.Options{Articles: benchArticles, Seed: 1}) {
		files = append(files, f.Data)
	}
	for b.Loop() {
		for _, data := range files {
			if doc, ok, diags := split("content/articles/a.md", data); !ok || doc.meta == nil || len(diags) > 0 {
				b.Fatalf("split: %v", diags)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(len(files)), "µs/file")
}

var benchFolder = flag.String("folder", "", "content folder BenchmarkLoadFolder reads (default: a generated corpus of 2,000 articles, written to a temporary folder)")

// BenchmarkLoadFolder loads a content folder from disk through os.Root, as
// the command opens it: loading with its system calls. Point it at a
// corpus already written, to leave the disk alone:
//
//	go test ./internal/content -run '^$' -bench LoadFolder -folder /work/benchdir/a/10000/content
func BenchmarkLoadFolder(b *testing.B) {
	dir := *benchFolder
	if dir == "" {
		var err error
		if dir, err = corpus.Write(b.TempDir(), corpus.Options{Articles: benchArticles, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	var articles int
	cpu := startCPU()
	for b.Loop() {
		c, err := Load(root.FS(), "content")
		if err != nil || c.Diags.HasErrors() {
			b.Fatalf("%v, %v", err, c.Diags)
		}
		articles = len(c.Articles)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(articles), "µs/article")
	cpu.report(b)
}

// cpuClock measures the CPU time (user and system) the process spends, on
// all its threads: on a machine shared with other work, a steadier
// measure of loading's cost than the time it takes.
type cpuClock struct{ start time.Duration }

func startCPU() cpuClock { return cpuClock{processCPU()} }

func (c cpuClock) report(b *testing.B) {
	b.ReportMetric(float64((processCPU()-c.start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
