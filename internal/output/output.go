// Package output writes the site's files to the output folder: the last stage
// of the pipeline (content → model → pages → output), and the only one that
// touches the disk.
//
// # Ownership
//
// dossier replaces or removes only files it wrote. The output folder holds
// a manifest (manifest.go) listing them; Check refuses an output folder
// that is a file, a device, a link, a folder the build reads or holds, a
// home folder, or a folder holding files dossier did not write (unless
// Options.Force), and a build refuses to replace anything in the new
// site's way that the manifest does not list.
//
// # Writing
//
// A full build writes into a Staging folder beside the output folder and
// renames it into place only when every file is written, so that a failed
// or interrupted build leaves the previous site as it was. When the output
// folder exists, the staging folder receives only the files whose bytes
// changed, and they are moved into the output folder when every file is
// written, with every step undone if one fails (update.go). A Dir writes
// into the output folder itself, skipping files whose bytes did not
// change; live rebuilds use it once a first build has succeeded. Staging
// folders that killed builds left are removed by the next (stale.go).
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
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
)

// rename is os.Rename; tests replace it to make moving a site in fail
// halfway.
var rename = os.Rename

// CheckPath reports whether rel, a slash-separated path, names a file inside
// the output folder that a site may have. Names with control characters are
// refused: the manifest lists one path a line, and messages print paths.
func CheckPath(rel string) error {
	if rel == "" || !fs.ValidPath(rel) || strings.Contains(rel, `\`) || !filepath.IsLocal(filepath.FromSlash(rel)) {
		return fmt.Errorf("refusing to write %q: not a path inside the output folder", rel)
	}
	if strings.ContainsFunc(rel, unicode.IsControl) {
		return fmt.Errorf("refusing to write %q: a file name with a control character", rel)
	}
	if rel == ManifestName {
		return fmt.Errorf("refusing to write %q: it is dossier's list of the files it wrote", rel)
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
	full := filepath.Join(f.root, filepath.FromSlash(dir))
	if err := os.Mkdir(full, 0o755); err != nil {
		if !errors.Is(err, fs.ErrExist) {
			return err
		}
		// Writing through a symbolic link would write elsewhere.
		if info, err := os.Lstat(full); err != nil || !info.IsDir() {
			return fmt.Errorf("cannot write into %s: it is not a folder dossier made", full)
		}
	}
	f.mu.Lock()
	f.dirs[dir] = true
	f.mu.Unlock()
	return nil
}

// Staging is a new output folder being written beside the real one.
//
// When the output folder does not exist, the new site is written whole
// into the staging folder and renamed into place. When it exists, a
// Staging writes only what changed: each file whose bytes are already in
// the output folder is skipped, the others are written beside it, and
// Commit moves them in and removes the files the new site no longer has
// (update.go). A rebuild then writes as many files as changed, instead of
// writing every file again and deleting the old ones, which on most file
// systems costs as much.
type Staging struct {
	files
	out     string
	stage   string   // the staging folder
	marker  *os.File // its marker, locked while the build runs
	prev    map[string]bool
	upd     *update // nil when the output folder is new
	written atomic.Int64

	mu   sync.Mutex
	list []string // the files of a new site
}

// Stage starts a staged build of the output folder out. It first removes
// the staging folders that killed builds left beside it, then refuses an
// output folder that a build may not write to (see Check).
func Stage(out string, opts Options) (*Staging, error) {
	out = filepath.Clean(out)
	if err := checkKeep(opts.Keep); err != nil {
		return nil, err
	}
	parent, name := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	removeStale(out)
	owned, exists, err := inspect(out, opts)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(parent, "."+name+".new-")
	if err != nil {
		return nil, err
	}
	marker, err := os.Create(filepath.Join(dir, stagingMarker))
	if err == nil {
		err = lock(marker)
	}
	if err == nil {
		_, err = marker.WriteString("dossier is building " + out + " here; a build removes this folder once no build uses it\n")
	}
	if err != nil {
		if marker != nil {
			marker.Close()
		}
		os.RemoveAll(dir)
		return nil, err
	}
	s := &Staging{out: out, stage: dir, marker: marker, prev: owned}
	if exists {
		s.files = files{root: dir, dirs: map[string]bool{}}
		s.upd = newUpdate(out, dir, owned, opts.Keep)
		return s, nil
	}
	// A new site is written into a folder of the staging folder, which
	// is renamed into place: the staging folder keeps its marker.
	site := filepath.Join(dir, "site")
	if err := os.Mkdir(site, 0o755); err != nil {
		s.Abort()
		return nil, err
	}
	s.files = files{root: site, dirs: map[string]bool{}}
	return s, nil
}

// PreviousArticles counts the article pages of the site in the output
// folder before this build.
func (s *Staging) PreviousArticles() int { return ArticlePages(s.prev) }

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
	s.mu.Lock()
	s.list = append(s.list, rel)
	s.mu.Unlock()
	return s.write(rel, data)
}

// Written is the number of files written so far: all of them for a new
// output folder, those that changed for an existing one.
func (s *Staging) Written() int { return int(s.written.Load()) }

// Commit makes the staged site the output folder's, with a manifest of its
// files. A new output folder is renamed into place whole. Into an existing
// one, Commit moves the changed files, moving aside the files they replace
// and those the new site no longer has; if any step fails it puts
// everything back, so that the output folder is as it was (Unchanged
// reports so), and only if that fails too is the error an
// *IncompleteError, which says what state the folder is in.
func (s *Staging) Commit() error {
	defer s.Abort()
	if s.upd != nil {
		return s.upd.commit()
	}
	if err := writeManifest(s.root, s.list); err != nil {
		return err
	}
	if err := rename(s.root, s.out); err != nil {
		return fmt.Errorf("cannot move the new site into %s: %w", s.out, err)
	}
	return nil
}

// Abort removes the staging folder, leaving the output folder as it was.
// After Commit it does nothing.
func (s *Staging) Abort() {
	if s.marker == nil {
		return
	}
	os.RemoveAll(s.stage)
	s.marker.Close()
	s.marker = nil
}

// Dir writes into an existing output folder, skipping files whose bytes are
// already there, so that a rebuild touches only what changed and a browser
// or server watching the folder sees only real changes. It keeps the
// folder's manifest: files are written only where the manifest lists them
// (Expect adds them first), and removed only when it does.
type Dir struct {
	files
	seed maphash.Seed
	hmu  sync.Mutex
	// hashes holds the hash of every file this Dir wrote or found, by path.
	hashes map[string]uint64
	// owned is what the manifest lists.
	owned map[string]bool
}

// OpenDir returns a Dir writing into out, which holds the files of the
// previous build, listed by its manifest: list.
func OpenDir(out string, list []string) *Dir {
	d := &Dir{
		files:  files{root: filepath.Clean(out), dirs: map[string]bool{}},
		seed:   maphash.MakeSeed(),
		hashes: map[string]uint64{},
		owned:  make(map[string]bool, len(list)),
	}
	for _, f := range list {
		d.owned[f] = true
	}
	return d
}

// Expect readies the folder for list, the paths a rebuild writes: those
// the manifest does not list yet must not be in the way of anything that is
// not dossier's, and are added to the manifest before any is written, so
// that a build killed halfway leaves none that it does not list.
func (d *Dir) Expect(list []string) error {
	var added []string
	for _, rel := range list {
		if d.owned[rel] {
			continue
		}
		if err := CheckPath(rel); err != nil {
			return err
		}
		full := filepath.Join(d.root, filepath.FromSlash(rel))
		if _, err := os.Lstat(full); !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot write %s: there is a file there that dossier did not write; move it away", full)
		}
		added = append(added, rel)
	}
	if len(added) == 0 {
		return nil
	}
	for _, rel := range added {
		d.owned[rel] = true
	}
	return writeManifest(d.root, keys(d.owned))
}

// Settle makes the manifest list exactly list, the site's files, once a rebuild
// has written and removed what it had to.
func (d *Dir) Settle(list []string) error {
	same := len(list) == len(d.owned)
	for _, f := range list {
		if !d.owned[f] {
			same = false
			break
		}
	}
	if same {
		return nil
	}
	d.owned = make(map[string]bool, len(list))
	for _, f := range list {
		d.owned[f] = true
	}
	return writeManifest(d.root, list)
}

// Missing tells which files of the manifest are no longer there, looking
// only at paths, the paths of the folder that changed since the last look
// (or "." for all of it): a removed file, or a removed folder with the
// files under it. gone is set when the output folder itself is not there.
// Holds then no longer takes the missing files for written.
func (d *Dir) Missing(paths []string) (gone bool, missing []string) {
	if info, err := os.Lstat(d.root); err != nil || !info.IsDir() {
		return true, nil
	}
	exists := func(rel string) bool {
		_, err := os.Lstat(filepath.Join(d.root, filepath.FromSlash(rel)))
		return err == nil
	}
	lost := map[string]bool{}
	for _, p := range paths {
		switch {
		case p == ".":
			for rel := range d.owned {
				if !exists(rel) {
					lost[rel] = true
				}
			}
		case d.owned[p]:
			if !exists(p) {
				lost[p] = true
			}
		case !exists(p):
			// A folder: the files that were under it.
			prefix := p + "/"
			for rel := range d.owned {
				if strings.HasPrefix(rel, prefix) {
					lost[rel] = true
				}
			}
		}
	}
	if len(lost) == 0 {
		return false, nil
	}
	missing = keys(lost)
	slices.Sort(missing)
	d.hmu.Lock()
	for _, rel := range missing {
		delete(d.hashes, rel)
	}
	d.hmu.Unlock()
	d.mu.Lock()
	clear(d.dirs) // some may be gone with them
	d.mu.Unlock()
	return false, missing
}

// Write writes rel unless the file already holds data. It reports whether it
// wrote.
func (d *Dir) Write(rel string, data []byte) (bool, error) {
	if !d.owned[rel] {
		if err := d.Expect([]string{rel}); err != nil {
			return false, err
		}
	}
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
	return writeAtomic(filepath.Join(d.root, filepath.FromSlash(rel)), data)
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

// Remove deletes rel, a file the manifest lists, and the folders it leaves
// empty. A path the manifest does not list, or that is no longer a file in
// folders dossier made, is left alone.
func (d *Dir) Remove(rel string) error {
	if err := CheckPath(rel); err != nil {
		return err
	}
	d.hmu.Lock()
	delete(d.hashes, rel)
	d.hmu.Unlock()
	if !d.owned[rel] {
		return nil
	}
	for _, dir := range parents(rel) {
		if info, err := os.Lstat(filepath.Join(d.root, filepath.FromSlash(dir))); err != nil || !info.IsDir() {
			return nil // gone, or replaced by something that is not dossier's
		}
	}
	full := filepath.Join(d.root, filepath.FromSlash(rel))
	if info, err := os.Lstat(full); err != nil || !info.Mode().IsRegular() {
		return nil
	}
	if err := os.Remove(full); err != nil && !os.IsNotExist(err) {
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
