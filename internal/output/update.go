package output

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// update is the Staging of an output folder that exists: files whose bytes
// are already there are skipped, the others are written flat into the
// staging folder, named by number, to be moved into the output folder by
// commit.
type update struct {
	out, stage string

	mu     sync.Mutex
	site   map[string]bool // every file of the new site
	staged []string        // changed files, by their number in stage
	dirs   map[string]bool // folders known to exist in out
}

func newUpdate(out, stage string) *update {
	return &update{out: out, stage: stage, site: map[string]bool{}, dirs: map[string]bool{}}
}

// write stages rel unless out already holds data for it, and reports
// whether it did.
func (u *update) write(rel string, data []byte) (bool, error) {
	if err := CheckPath(rel); err != nil {
		return false, err
	}
	u.mu.Lock()
	u.site[rel] = true
	u.mu.Unlock()
	if sameFile(filepath.Join(u.out, filepath.FromSlash(rel)), data) {
		return false, nil
	}
	u.mu.Lock()
	n := len(u.staged)
	u.staged = append(u.staged, rel)
	u.mu.Unlock()
	return true, os.WriteFile(filepath.Join(u.stage, strconv.Itoa(n)), data, 0o644)
}

var readBufs = sync.Pool{New: func() any { return new([]byte) }}

// sameFile reports whether the file at p holds exactly data.
func sameFile(p string, data []byte) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false
	}
	bp := readBufs.Get().(*[]byte)
	defer readBufs.Put(bp)
	if cap(*bp) < len(data)+1 {
		*bp = make([]byte, len(data)+1)
	}
	// One byte more than expected, to notice a file that grew since Stat.
	buf := (*bp)[:len(data)+1]
	n, err := io.ReadFull(f, buf)
	return n == len(data) && errors.Is(err, io.ErrUnexpectedEOF) && bytes.Equal(buf[:n], data)
}

// commit moves the staged files into the output folder, then removes the
// files the new site does not have, and the folders that leaves empty.
func (u *update) commit() error {
	for n, rel := range u.staged {
		dst := filepath.Join(u.out, filepath.FromSlash(rel))
		if err := u.mkdir(path.Dir(rel)); err != nil {
			return err
		}
		err := os.Rename(filepath.Join(u.stage, strconv.Itoa(n)), dst)
		if err != nil {
			// A folder where the new site has a file.
			if rmErr := os.RemoveAll(dst); rmErr != nil {
				return err
			}
			if err := os.Rename(filepath.Join(u.stage, strconv.Itoa(n)), dst); err != nil {
				return err
			}
		}
	}
	return u.removeStale()
}

// mkdir makes the folder dir of out, replacing a file that is in the way:
// the new site has no file there, since it has a folder.
func (u *update) mkdir(dir string) error {
	if dir == "." || u.dirs[dir] {
		return nil
	}
	if err := u.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	full := filepath.Join(u.out, filepath.FromSlash(dir))
	info, err := os.Lstat(full)
	switch {
	case err == nil && info.IsDir():
	case err == nil:
		if err := os.Remove(full); err != nil {
			return err
		}
		fallthrough
	default:
		if err := os.Mkdir(full, 0o755); err != nil {
			return err
		}
	}
	u.dirs[dir] = true
	return nil
}

// removeStale removes the files of out that are not in the new site, and
// then the folders left empty, deepest first.
func (u *update) removeStale() error {
	var stale, dirs []string
	err := filepath.WalkDir(u.out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(u.out, p)
		rel = filepath.ToSlash(rel)
		switch {
		case rel == ".":
		case d.IsDir():
			dirs = append(dirs, rel)
		case !u.site[rel]:
			stale = append(stale, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range stale {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if len(stale) == 0 {
		return nil
	}
	// Only folders that hold no file of the new site can have become
	// empty; try those, children before parents.
	keep := map[string]bool{}
	for rel := range u.site {
		for d := path.Dir(rel); d != "." && !keep[d]; d = path.Dir(d) {
			keep[d] = true
		}
	}
	slices.SortFunc(dirs, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range dirs {
		if !keep[d] {
			os.Remove(filepath.Join(u.out, filepath.FromSlash(d))) // fails when not empty: a file the walk did not see
		}
	}
	return nil
}
