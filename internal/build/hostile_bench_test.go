package build

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"dossier/internal/corpus"
)

// BenchmarkHostile builds each hostile input of corpus.HostileCases, which
// must finish in time and memory in proportion to its size or stop at a
// limit with a message:
//
//	go test ./internal/build -run '^$' -bench Hostile -benchtime 1x -benchmem
//
// B/op is what the build allocated; `go run ./cmd/bench -hostile` gives
// the dossier command's peak memory for the same inputs.
func BenchmarkHostile(b *testing.B) {
	for _, h := range corpus.HostileCases() {
		b.Run(h.Name, func(b *testing.B) {
			fsys := fstest.MapFS{}
			for _, f := range h.Files {
				fsys[f.Path] = &fstest.MapFile{Data: f.Data}
			}
			dir := b.TempDir()
			opts := Options{
				Content:     fsys,
				ContentName: "content",
				Templates:   os.DirFS("../../templates"),
				Static:      os.DirFS("../../static"),
			}
			var first string
			for i := 0; b.Loop(); i++ {
				opts.Out = filepath.Join(dir, "build", string(rune('a'+i%26)))
				res, err := Build(opts)
				if err != nil && !errors.Is(err, ErrContent) {
					b.Fatalf("Build: %v", err)
				}
				if errs := res.Diags.Errors(); len(errs) > 0 {
					first = errs[0].String()
				}
			}
			if first != "" {
				b.Logf("stopped: %s", first)
			}
		})
	}
}
