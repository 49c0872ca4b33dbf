package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
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
	prev       map[string]bool // the files of the old site: a build may replace or remove these
	keep       []string

	mu     sync.Mutex
	site   map[string]bool // every file of the new site
	staged []string        // changed files, by their number in stage
}

func newUpdate(out, stage string, prev map[string]bool, keep []string) *update {
	return &update{out: out, stage: stage, prev: prev, keep: keep, site: map[string]bool{}}
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
	// A file with the very bytes of the new site's is taken as it is,
	// even when the old site did not have it (a .nojekyll of the user's):
	// nothing is replaced.
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
	// An empty file gives io.EOF, a longer one io.ErrUnexpectedEOF.
	return n == len(data) && (errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)) && bytes.Equal(buf[:n], data)
}

// A plan is what commit does, decided before it changes anything.
type plan struct {
	evict  []string // files and folders of the old site where the new one has a folder or a file
	place  []int    // staged files, by number
	stale  []string // files of the old site the new one does not have
	inWay  []string // what is in the way but not dossier's
	dirsOK map[string]int
}

// Folder states, as plan sees them.
const (
	dirMissing = iota + 1
	dirOK
	dirEvict   // a file of the old site where the new one has a folder
	dirBlocked // something that is not dossier's
)

// commit moves the staged files into the output folder and moves aside the
// files the new site does not have. Everything it moves aside is kept in
// the staging folder until the end, so that a failure at any step can be
// undone. The manifest lists, at every moment, at least every file of
// dossier's in the folder: before the first move it lists the files of
// both sites, and after the last only the new one's.
func (u *update) commit() error {
	p, err := u.plan()
	if err != nil {
		return err
	}
	oldManifest, err := os.ReadFile(filepath.Join(u.out, ManifestName))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	newList := keys(u.site)
	if len(p.place) == 0 && len(p.stale) == 0 && len(p.evict) == 0 {
		// Nothing to move: only the manifest may be new.
		if data := encodeManifest(newList); !bytes.Equal(data, oldManifest) {
			return writeAtomic(filepath.Join(u.out, ManifestName), data)
		}
		return nil
	}
	if err := writeManifest(u.out, slices.Concat(keys(u.prev), newList)); err != nil {
		return fmt.Errorf("cannot write the manifest of %s: %w; the folder was left as it was", u.out, err)
	}
	j := &journal{old: filepath.Join(u.stage, "old")}
	err = u.apply(p, j)
	if err == nil {
		err = writeManifest(u.out, newList)
	}
	if err != nil {
		undoErr := j.undo()
		if undoErr == nil {
			if oldManifest != nil {
				undoErr = writeAtomic(filepath.Join(u.out, ManifestName), oldManifest)
			} else {
				undoErr = os.Remove(filepath.Join(u.out, ManifestName))
			}
		}
		if undoErr != nil {
			return &IncompleteError{Out: u.out, Err: err, State: fmt.Sprintf(
				"putting the old site back failed too (%v): %s holds part of the new site and part of the old, and its manifest lists the files of both; build again to complete it",
				undoErr, u.out)}
		}
		return fmt.Errorf("cannot move the new site into %s: %w; its old site was put back as it was", u.out, err)
	}
	u.removeEmptied(p)
	return nil
}

// plan looks at the output folder to decide what commit does, and refuses
// to go on when what is in the new site's way is not dossier's: a file the
// old site did not have, a symbolic link, a path given with -keep.
func (u *update) plan() (*plan, error) {
	p := &plan{dirsOK: map[string]int{}}
	evicted := map[string]bool{}
	evict := func(rel string) {
		if !evicted[rel] {
			evicted[rel] = true
			p.evict = append(p.evict, rel)
		}
	}
	for rel := range u.site {
		if kept(rel, u.keep) {
			p.inWay = append(p.inWay, rel+" (kept with -keep)")
		}
	}
	for n, rel := range u.staged {
		if kept(rel, u.keep) {
			continue
		}
		blocked, below := false, true
		for _, d := range parents(rel) {
			st := u.dirState(p, d)
			if st == dirBlocked {
				p.inWay = append(p.inWay, d)
				blocked = true
				break
			}
			if st == dirEvict {
				evict(d)
			}
			if st != dirOK {
				below = false // what is below is not there
				break
			}
		}
		if blocked {
			continue
		}
		if !below {
			p.place = append(p.place, n)
			continue
		}
		info, err := os.Lstat(u.abs(rel))
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return nil, err
		case info.Mode().IsRegular() && u.prev[rel]:
		case info.IsDir() && u.ownedTree(rel):
			evict(rel)
		default:
			p.inWay = append(p.inWay, rel)
			continue
		}
		p.place = append(p.place, n)
	}
	if len(p.inWay) > 0 {
		slices.Sort(p.inWay)
		p.inWay = slices.Compact(p.inWay)
		return nil, fmt.Errorf("cannot write the site into %s: what is there is not dossier's: %s; move it away, or build with -force to replace it (hidden files and paths given with -keep are never replaced)",
			u.out, list(p.inWay, 5))
	}
	for rel := range u.prev {
		if u.site[rel] || evicted[rel] || underAny(rel, evicted) {
			continue
		}
		gone := false
		for _, d := range parents(rel) {
			if u.dirState(p, d) != dirOK {
				gone = true // not there, or not where dossier put it
				break
			}
		}
		if gone {
			continue
		}
		if info, err := os.Lstat(u.abs(rel)); err == nil && info.Mode().IsRegular() {
			p.stale = append(p.stale, rel)
		}
	}
	slices.Sort(p.stale)
	slices.Sort(p.evict)
	return p, nil
}

// dirState tells what is at d, a folder of the new site, remembering it.
func (u *update) dirState(p *plan, d string) int {
	if st, ok := p.dirsOK[d]; ok {
		return st
	}
	st := dirBlocked
	info, err := os.Lstat(u.abs(d))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		st = dirMissing
	case err != nil:
	case info.IsDir():
		st = dirOK
	case info.Mode().IsRegular() && u.prev[d] && !kept(d, u.keep):
		st = dirEvict
	}
	p.dirsOK[d] = st
	return st
}

// ownedTree reports whether the folder rel holds nothing but files of the
// old site.
func (u *update) ownedTree(rel string) bool {
	root := u.abs(rel)
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		r, _ := filepath.Rel(u.out, p)
		if r = filepath.ToSlash(r); !d.Type().IsRegular() || !u.prev[r] || kept(r, u.keep) {
			return errNotSite
		}
		return nil
	})
	return err == nil
}

func (u *update) abs(rel string) string { return filepath.Join(u.out, filepath.FromSlash(rel)) }

// apply carries out a plan, recording each step in j.
func (u *update) apply(p *plan, j *journal) error {
	for _, rel := range p.evict {
		if err := j.moveAside(u.abs(rel)); err != nil {
			return err
		}
	}
	made := map[string]bool{}
	for _, n := range p.place {
		rel := u.staged[n]
		for _, d := range parents(rel) {
			if made[d] {
				continue
			}
			full := u.abs(d)
			err := os.Mkdir(full, 0o755)
			switch {
			case err == nil:
				j.add(step{made: full})
			case errors.Is(err, fs.ErrExist):
				// plan saw a folder here, or a file it moved aside
			default:
				return err
			}
			made[d] = true
		}
		dst := u.abs(rel)
		if _, err := os.Lstat(dst); err == nil {
			if err := j.moveAside(dst); err != nil {
				return err
			}
		}
		src := filepath.Join(u.stage, strconv.Itoa(n))
		if err := rename(src, dst); err != nil {
			return err
		}
		j.add(step{placed: dst, from: src})
	}
	for _, rel := range p.stale {
		if err := j.moveAside(u.abs(rel)); err != nil {
			return err
		}
	}
	return nil
}

// removeEmptied removes the folders of the old site that moving files
// aside left empty, deepest first.
func (u *update) removeEmptied(p *plan) {
	keep := map[string]bool{}
	for rel := range u.site {
		for _, d := range parents(rel) {
			keep[d] = true
		}
	}
	dirs := map[string]bool{}
	for _, rel := range slices.Concat(p.stale, p.evict) {
		for _, d := range parents(rel) {
			if !keep[d] {
				dirs[d] = true
			}
		}
	}
	list := keys(dirs)
	slices.SortFunc(list, func(a, b string) int { return strings.Count(b, "/") - strings.Count(a, "/") })
	for _, d := range list {
		full := u.abs(d)
		if info, err := os.Lstat(full); err == nil && info.IsDir() {
			os.Remove(full) // fails when not empty: it holds a file that is not dossier's
		}
	}
}

// A journal records the steps of a commit, to undo them.
type journal struct {
	old   string // where files are moved aside
	steps []step
	n     int
}

// A step is one of: a folder made, a file or folder moved aside, a staged
// file moved into place.
type step struct {
	made          string
	aside, backup string
	placed, from  string
}

func (j *journal) add(s step) { j.steps = append(j.steps, s) }

// moveAside moves the file or folder p into the journal's folder.
func (j *journal) moveAside(p string) error {
	if j.n == 0 {
		if err := os.Mkdir(j.old, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	}
	backup := filepath.Join(j.old, strconv.Itoa(j.n))
	j.n++
	if err := rename(p, backup); err != nil {
		return err
	}
	j.add(step{aside: p, backup: backup})
	return nil
}

// undo undoes the steps, last first. It goes on past a step it cannot undo
// and returns the first error.
func (j *journal) undo() error {
	var first error
	for i := len(j.steps) - 1; i >= 0; i-- {
		s := j.steps[i]
		var err error
		switch {
		case s.placed != "":
			err = rename(s.placed, s.from)
		case s.aside != "":
			err = rename(s.backup, s.aside)
		case s.made != "":
			err = os.Remove(s.made)
		}
		if err != nil && first == nil {
			first = err
		}
	}
	return first
}

// IncompleteError is the error of a build that failed while changing the
// output folder and could not put it back as it was: State says what it
// holds.
type IncompleteError struct {
	Out   string
	Err   error
	State string
}

func (e *IncompleteError) Error() string {
	return fmt.Sprintf("cannot move the new site into %s: %v; %s", e.Out, e.Err, e.State)
}

func (e *IncompleteError) Unwrap() error { return e.Err }

// Incomplete returns the error of a build that wrote some files of the
// output folder out in place, and failed before it wrote the others.
func Incomplete(out string, err error, written int) error {
	return &IncompleteError{Out: out, Err: err, State: fmt.Sprintf(
		"%s holds %d %s of this build and the rest of the last; the next build writes it whole again",
		out, written, plural(written, "file", "files"))}
}

// Unchanged reports whether a build that failed with err left the output
// folder as it was: every error but an *IncompleteError.
func Unchanged(err error) bool {
	var ie *IncompleteError
	return !errors.As(err, &ie)
}

// parents lists the folders rel is in, outermost first.
func parents(rel string) []string {
	var out []string
	for i := 0; i < len(rel); i++ {
		if rel[i] == '/' {
			out = append(out, rel[:i])
		}
	}
	return out
}

// underAny reports whether rel is inside one of the folders in dirs.
func underAny(rel string, dirs map[string]bool) bool {
	for _, d := range parents(rel) {
		if dirs[d] {
			return true
		}
	}
	return false
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
