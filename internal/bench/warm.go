package bench

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Warm reads every file under dir and returns how many bytes it read, so
// that the next run finds the corpus in the page cache, as the figures
// assume. The bench's machine pages out file data left unread for a minute
// (a DAMON scheme of its host's), and the floor, which runs first in a
// round, would otherwise pay for reading the corpus back alone.
func Warm(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		m, err := io.Copy(io.Discard, f)
		n += m
		return err
	})
	return n, err
}
