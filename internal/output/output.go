// Package output writes the site's files to the output folder: the last stage
// of the pipeline (content → model → pages → output), and the only one that
// touches the disk.
//
// A full build writes into a Staging folder beside the output folder and
// swaps it in only when every file is written, so that a failed or
// interrupted build leaves the previous site as it was. When the output
// folder exists, the staging folder receives only the files whose bytes
// changed, and they are moved into the output folder when every file is
// written. A Dir writes into the
// output folder itself, skipping files whose bytes did not change; live
// rebuilds use it once a first build has succeeded.
//
// Both refuse a path that would leave the output folder: paths come from
// slugs, which cannot hold "/" or "..", and this is the second lock on that
// door.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
)

// CheckPath reports whether rel, a slash-separated path, names a file inside
// the output folder.
func CheckPath(rel string) error {
	if rel == "" || !fs.ValidPath(rel) || strings.Contains(rel, `\`) || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	return nil
}

// files writes files under a root folder, creating folders as needed.
type files struct {
	root string
	mu   sync.Mutex
	dirs map[string]bool // folders known to exist
}

func (f *files) write(rel string, data []byte) error {
	if err := CheckPath(rel); err != nil {
		return err
	}
	if err := f.mkdir(path.Dir(rel)); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(f.root, filepath.FromSlash(rel)), data, 0o644)
}

func (f *files) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	f.mu.Lock()
	known := f.dirs[dir]
	f.mu.Unlock()
	if known {
		return nil
	}
	// The parent first, then one mkdir: a site has a folder per page, and
	// MkdirAll would look at each twice more before making it.
	if err := f.mkdir(path.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(filepath.Join(f.root, filepath.FromSlash(dir)), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	f.mu.Lock()
	f.dirs[dir] = true
	f.mu.Unlock()
	return nil
}

// Staging is a new output folder being written beside the real one.
//
// When the output folder already exists, a Staging writes only what
// changed: each file whose bytes are already in the output folder is
// skipped, the others are written beside it, and Commit moves them in and
// removes the files the new site no longer has (update.go). A rebuild then
// writes as many files as changed, instead of writing every file again and
// deleting the old ones, which on most file systems costs as much.
type Staging struct {
	files
	out     string
	upd     *update // nil when the output folder is new
	written atomic.Int64
}

// Stage starts a staged build of the output folder out.
func Stage(out string) (*Staging, error) {
	out = filepath.Clean(out)
	parent, name := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+name+".new-")
	if err != nil {
		return nil, err
	}
	// MkdirTemp makes the folder private; a site is meant to be read.
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Staging{files: files{root: dir, dirs: map[string]bool{}}, out: out}
	if info, err := os.Lstat(out); err == nil && info.IsDir() {
		s.upd = newUpdate(out, dir)
	}
	return s, nil
}

// Write writes one file of the new site.
func (s *Staging) Write(rel string, data []byte) error {
	if s.upd != nil {
		wrote, err := s.upd.write(rel, data)
		if wrote {
			s.written.Add(1)
		}
		return err
	}
	s.written.Add(1)
	return s.write(rel, data)
}

// Written is the number of files written so far: all of them for a new
// output folder, those that changed for an existing one.
func (s *Staging) Written() int { return int(s.written.Load()) }

// Commit replaces the output folder with the staged one. Until the last
// rename the old folder is complete, and if that rename fails it is put back.
// When the output folder existed, Commit moves the changed files into it
// instead; a failure halfway through leaves some files updated, which the
// next build completes.
func (s *Staging) Commit() error {
	if s.upd != nil {
		err := s.upd.commit()
		os.RemoveAll(s.root)
		return err
	}
	old := ""
	if _, err := os.Lstat(s.out); err == nil {
		parent, name := filepath.Split(s.out)
		if parent == "" {
			parent = "."
		}
		tmp, err := os.MkdirTemp(parent, "."+name+".old-")
		if err != nil {
			return err
		}
		old = filepath.Join(tmp, name)
		if err := os.Rename(s.out, old); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("cannot replace %s: %w", s.out, err)
		}
	}
	if err := os.Rename(s.root, s.out); err != nil {
		if old != "" {
			os.Rename(old, s.out)
			os.RemoveAll(filepath.Dir(old))
		}
		return fmt.Errorf("cannot replace %s: %w", s.out, err)
	}
	if old != "" {
		return os.RemoveAll(filepath.Dir(old))
	}
	return nil
}

// Abort removes the staged folder, leaving the output folder as it was.
func (s *Staging) Abort() { os.RemoveAll(s.root) }

// Dir writes into an existing output folder, skipping files whose bytes are
// already there, so that a rebuild touches only what changed and a browser
// or server watching the folder sees only real changes.
type Dir struct {
	files
	seed maphash.Seed
	hmu  sync.Mutex
	// hashes holds the hash of every file this Dir wrote or found, by path.
	hashes map[string]uint64
}

// OpenDir returns a Dir writing into out, which holds the files of the
// previous build.
func OpenDir(out string) *Dir {
	return &Dir{
		files:  files{root: filepath.Clean(out), dirs: map[string]bool{}},
		seed:   maphash.MakeSeed(),
		hashes: map[string]uint64{},
	}
}

// Write writes rel unless the file already holds data. It reports whether it
// wrote.
func (d *Dir) Write(rel string, data []byte) (bool, error) {
	if d.Holds(rel, data) {
		return false, nil
	}
	if err := d.replace(rel, data); err != nil {
		return false, err
	}
	d.remember(rel, maphash.Bytes(d.seed, data))
	return true, nil
}

// replace writes rel through a hidden file renamed over it, so that a
// server reading the folder meanwhile sees the old file or the new one,
// never half of one.
func (d *Dir) replace(rel string, data []byte) error {
	if err := CheckPath(rel); err != nil {
		return err
	}
	if err := d.mkdir(path.Dir(rel)); err != nil {
		return err
	}
	full := filepath.Join(d.root, filepath.FromSlash(rel))
	f, err := os.CreateTemp(filepath.Dir(full), "."+filepath.Base(full)+".tmp-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), full)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// Holds reports whether the file rel already holds data, so that a caller
// holding many new files in memory can let go of those that change nothing.
func (d *Dir) Holds(rel string, data []byte) bool {
	h := maphash.Bytes(d.seed, data)
	d.hmu.Lock()
	old, known := d.hashes[rel]
	d.hmu.Unlock()
	if known {
		return old == h
	}
	// Not written by this Dir yet: compare with the file on disk, from
	// the build before.
	cur, err := os.ReadFile(filepath.Join(d.root, filepath.FromSlash(rel)))
	if err == nil && bytes.Equal(cur, data) {
		d.remember(rel, h)
		return true
	}
	return false
}

func (d *Dir) remember(rel string, h uint64) {
	d.hmu.Lock()
	d.hashes[rel] = h
	d.hmu.Unlock()
}

// Remove deletes rel and the folders it leaves empty.
func (d *Dir) Remove(rel string) error {
	if err := CheckPath(rel); err != nil {
		return err
	}
	d.hmu.Lock()
	delete(d.hashes, rel)
	d.hmu.Unlock()
	err := os.Remove(filepath.Join(d.root, filepath.FromSlash(rel)))
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	for dir := path.Dir(rel); dir != "."; dir = path.Dir(dir) {
		if os.Remove(filepath.Join(d.root, filepath.FromSlash(dir))) != nil {
			break // not empty
		}
		d.mu.Lock()
		delete(d.dirs, dir)
		d.mu.Unlock()
	}
	return nil
}

// Files lists the files under the output folder, slash-separated and
// relative to it.
func Files(out string) ([]string, error) {
	var list []string
	err := filepath.WalkDir(out, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !de.IsDir() {
			rel, _ := filepath.Rel(out, p)
			list = append(list, filepath.ToSlash(rel))
		}
		return nil
	})
	return list, err
}
