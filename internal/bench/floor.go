// Package bench measures dossier's full build against a floor: the least
// work any generator of these pages must do. It holds the floor pipeline
// and the means to time a build run as a child process and read its peak
// memory; cmd/bench drives them over a generated corpus (internal/corpus)
// and prints the figures as ratios, so that a noisy machine still gives
// comparable numbers.
package bench

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/adrg/frontmatter"
	"github.com/yuin/goldmark"
)

// Floor is the floor pipeline: it reads every Markdown file under
// content/articles, splits and decodes its front matter with
// adrg/frontmatter, renders its body with goldmark's defaults and writes the
// HTML to one file per article in out, on GOMAXPROCS goroutines. No model,
// no templates, no entity pages: a full build cannot do less than this, so
// its time is the yardstick the build's time is measured against. It
// returns the number of articles written.
func Floor(content, out string) (int, error) {
	var paths []string
	err := filepath.WalkDir(filepath.Join(content, "articles"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".md") {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, err
	}

	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		next  atomic.Int64
	)
	md := goldmark.New()
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var html bytes.Buffer
			for {
				i := int(next.Add(1)) - 1
				if i >= len(paths) {
					return
				}
				html.Reset()
				if err := floorOne(md, paths[i], out, &html); err != nil {
					once.Do(func() { first = err })
				}
			}
		})
	}
	wg.Wait()
	return len(paths), first
}

func floorOne(md goldmark.Markdown, p, out string, html *bytes.Buffer) error {
	data, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	var meta map[string]any
	body, err := frontmatter.Parse(bytes.NewReader(data), &meta)
	if err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	if err := md.Convert(body, html); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	name := strings.TrimSuffix(filepath.Base(p), ".md") + ".html"
	return os.WriteFile(filepath.Join(out, name), html.Bytes(), 0o644)
}
