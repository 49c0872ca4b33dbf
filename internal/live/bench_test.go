package live

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/internal/build"
	"dossier/internal/corpus"
)

var (
	benchArticles = flag.Int("articles", 10000, "articles in BenchmarkEdit's corpus")
	benchEdits    = flag.Int("edits", 50, "edits BenchmarkEdit makes")
	benchSearch   = flag.Bool("search", true, "whether BenchmarkEdit's site has the search index")
	benchExports  = flag.Bool("exports", true, "whether BenchmarkEdit's site has the exports")
)

// BenchmarkEdit measures the live session an editor has on a large dossier:
// it writes a corpus (-articles, default 10,000), starts the real watcher,
// builder and server on it, then edits one article's text at a time
// (-edits, default 50, a different article each time) and measures how
// long after the file is written its page on disk has the new text. It
// also measures what an event that changes nothing costs (a file written
// again with the same bytes). The full first build is the baseline the
// figures are compared with, since on a shared machine absolute times vary.
//
//	go test ./internal/live -run '^$' -bench Edit -benchtime 1x
//	go test ./internal/live -run '^$' -bench Edit -benchtime 1x -args -articles 1000 [-search=false] [-exports=false]
func BenchmarkEdit(b *testing.B) {
	dir := b.TempDir()
	contentDir, err := corpus.Write(dir, corpus.Options{Articles: *benchArticles, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	root, err := os.OpenRoot(contentDir)
	if err != nil {
		b.Fatal(err)
	}
	defer root.Close()
	out := filepath.Join(dir, "build")
	builds := make(chan result, 100)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, Config{
			Build: build.Options{
				Content:     root.FS(),
				ContentName: "content",
				Templates:   os.DirFS("../../templates"),
				Static:      os.DirFS("../../static"),
				Out:         out,
				NoSearch:    !*benchSearch,
				NoExports:   !*benchExports,
			},
			ContentDir: contentDir,
			Addr:       "127.0.0.1:0",
			Stdout:     io.Discard,
			Stderr:     io.Discard,
			OnBuild:    func(o *build.Outcome, err error) { builds <- result{o, err} },
		})
	}()
	defer func() {
		cancel()
		<-done
	}()
	first := <-builds
	if first.err != nil {
		b.Fatalf("first build: %v", first.err)
	}
	full := first.o.Elapsed

	var edits, noops, costs []time.Duration
	b.ResetTimer()
	for range b.N {
		for i := range *benchEdits {
			// Articles spread over the corpus, with and without annotations.
			n := (i*7919 + 13) % *benchArticles
			name := fmt.Sprintf("articles/a%06d.md", n)
			page := filepath.Join(out, "articles", fmt.Sprintf("a%06d", n), "index.html")
			src, err := os.ReadFile(filepath.Join(contentDir, name))
			if err != nil {
				b.Fatal(err)
			}
			mark := fmt.Sprintf("Edit number %d of the benchmark.", i)
			edited := editBody(src, mark)

			start := time.Now()
			if err := os.WriteFile(filepath.Join(contentDir, name), edited, 0o644); err != nil {
				b.Fatal(err)
			}
			waitFor(b, builds, func(o *build.Outcome) bool {
				return slices.Contains(o.Changed, "articles/"+fmt.Sprintf("a%06d", n)+"/index.html")
			})
			edits = append(edits, time.Since(start))
			if data, err := os.ReadFile(page); err != nil || !bytes.Contains(data, []byte(mark)) {
				b.Fatalf("%s lacks the edit after its rebuild (%v)", page, err)
			}

			// The same bytes again: an event that changes nothing.
			start = time.Now()
			if err := os.WriteFile(filepath.Join(contentDir, name), edited, 0o644); err != nil {
				b.Fatal(err)
			}
			o := waitFor(b, builds, func(o *build.Outcome) bool { return o.Unchanged })
			noops = append(noops, time.Since(start))
			costs = append(costs, o.Elapsed)
		}
	}
	b.StopTimer()

	p50, p95 := percentile(edits, 50), percentile(edits, 95)
	b.ReportMetric(ms(p50), "edit-p50-ms")
	b.ReportMetric(ms(p95), "edit-p95-ms")
	b.ReportMetric(ms(percentile(costs, 50)), "noop-cost-ms")
	b.ReportMetric(full.Seconds(), "full-build-s")
	b.Logf("%d articles; full build %s", *benchArticles, full.Round(time.Millisecond))
	b.Logf("edit of one article's text, file written → page on disk, over %d edits: p50 %.1f ms, p95 %.1f ms (p50 is %.2f%% of a full build)",
		len(edits), ms(p50), ms(p95), 100*p50.Seconds()/full.Seconds())
	b.Logf("event that changes nothing: rebuild cost p50 %.2f ms, p95 %.2f ms; write → done p50 %.1f ms (of which the %s quiet time the watcher waits for)",
		ms(percentile(costs, 50)), ms(percentile(costs, 95)), ms(percentile(noops, 50)), 50*time.Millisecond)
}

// editBody adds a sentence to the end of an article's first paragraph of
// text, leaving its front matter, and so the dossier's structure, alone.
func editBody(src []byte, sentence string) []byte {
	s := string(src)
	end := strings.Index(s[3:], "\n---\n") + 3 + len("\n---\n")
	body := s[end:]
	para := strings.Index(strings.TrimLeft(body, "\n"), "\n\n") + len(body) - len(strings.TrimLeft(body, "\n"))
	return []byte(s[:end] + body[:para] + " " + sentence + body[para:])
}

// waitFor reads outcomes until one satisfies ok.
func waitFor(b *testing.B, builds chan result, ok func(*build.Outcome) bool) *build.Outcome {
	b.Helper()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case r := <-builds:
			if r.err != nil {
				b.Fatalf("build failed: %v\n%v", r.err, r.o.Diags)
			}
			if ok(r.o) {
				return r.o
			}
		case <-deadline:
			b.Fatal("no build within 60 s")
		}
	}
}

func percentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	return s[max(0, min(len(s)-1, i-1))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
