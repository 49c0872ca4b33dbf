// Package watch tells which files changed under a few folders: what the
// live rebuilds of `dossier serve` and `dossier build -watch` start from.
// It sits beside the pipeline (content → model → pages → output) and knows
// nothing of it: it reports paths, and the builder reads them again.
//
// # Watching
//
// fsnotify watches single folders, not trees, so a Watcher adds every folder
// under its roots, and each folder created later (or moved in) when its
// creation is reported. Hidden folders (".git") are not watched.
//
// # Editors
//
// Editors save in many ways: writing the file in place, writing a new file
// and renaming it over the old one, renaming the old one to a backup first,
// deleting and creating. All of these reach the file's own path as one of
// Create, Write, Rename or Remove, so a Watcher reports paths, not
// operations: the builder looks at what is on disk once the burst is over.
// Files editors make on the side are ignored: hidden files (".x.md.swp",
// ".#x.md"), backups ("x.md~"), swap files (x.swp, x.swx), vim's write
// test file "4913", Emacs's "#x.md#", JetBrains' "x___jb_tmp___".
//
// # Batches
//
// Changes come in bursts (an editor's save is several events; a git
// checkout, thousands). A Watcher collects them and sends one batch when no
// event came for Quiet (50 ms), or when MaxDelay (150 ms) passed since the
// first, so that a steady stream of events cannot hold rebuilds back. While
// the receiver is busy, batches merge.
//
// When the system drops events (fsnotify.ErrEventOverflow), the batch asks
// for every root again, as the path ".".
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Change is a path that changed under one of the watched roots: a file or
// a folder, created, written, renamed or removed.
type Change struct {
	Root int    // the root's index in the list given to New
	Path string // slash-separated, relative to the root; "." for all of it
}

// Options tune a Watcher. The zero value gives the defaults.
type Options struct {
	// Quiet is how long no event must come before a batch is sent
	// (default 50 ms); MaxDelay bounds how long after its first event
	// (default 150 ms).
	Quiet, MaxDelay time.Duration
	// Skip lists folders not to watch, such as the output folder when
	// it is inside a root.
	Skip []string
}

// A Watcher watches folders and sends batches of changes.
type Watcher struct {
	fsw     *fsnotify.Watcher
	roots   []string // absolute, cleaned
	skip    []string
	opts    Options
	batches chan []Change
	errs    chan error
	done    chan struct{}
	stopped chan struct{}

	// watched is every folder with a watch, by absolute path.
	watched map[string]bool
}

// New watches the folders roots and everything under them.
func New(roots []string, opts Options) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w, err := newWatcher(fsw, roots, opts)
	if err == nil {
		for _, r := range w.roots {
			if err = w.addTree(r); err != nil {
				break
			}
		}
	}
	if err != nil {
		fsw.Close()
		return nil, err
	}
	go w.loop(fsw.Events, fsw.Errors)
	return w, nil
}

func newWatcher(fsw *fsnotify.Watcher, roots []string, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = 50 * time.Millisecond
	}
	if opts.MaxDelay < opts.Quiet {
		opts.MaxDelay = max(3*opts.Quiet, 150*time.Millisecond)
	}
	w := &Watcher{
		fsw:     fsw,
		opts:    opts,
		batches: make(chan []Change),
		errs:    make(chan error, 16),
		done:    make(chan struct{}),
		stopped: make(chan struct{}),
		watched: map[string]bool{},
	}
	for _, s := range opts.Skip {
		if abs, err := filepath.Abs(s); err == nil {
			w.skip = append(w.skip, abs)
		}
	}
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, err
		}
		w.roots = append(w.roots, abs)
	}
	return w, nil
}

// Batches delivers the changes, a batch at a time.
func (w *Watcher) Batches() <-chan []Change { return w.batches }

// Errors delivers problems with watching that do not stop it, such as a
// folder that could not be watched.
func (w *Watcher) Errors() <-chan error { return w.errs }

// Close stops watching.
func (w *Watcher) Close() error {
	select {
	case <-w.done:
		return nil
	default:
	}
	close(w.done)
	err := w.fsw.Close()
	<-w.stopped
	return err
}

// Ignored reports whether a file or folder name is one that editors and
// tools make on the side, or hidden.
func Ignored(name string) bool {
	switch {
	case name == "":
		return false
	case strings.HasPrefix(name, "."), // hidden, .x.swp, .#x (Emacs lock)
		strings.HasSuffix(name, "~"), // backups
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"),
		name == "4913", // vim checks it may write in the folder
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),                     // Emacs auto-save
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"): // JetBrains safe write
		return true
	}
	return false
}

// addTree watches dir and every folder under it.
func (w *Watcher) addTree(dir string) error {
	return filepath.WalkDir(dir, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return err
			}
			return nil // gone meanwhile, or unreadable: nothing to watch
		}
		if !de.IsDir() {
			return nil
		}
		if p != dir && (Ignored(de.Name()) || slices.Contains(w.skip, p)) {
			return fs.SkipDir
		}
		if w.watched[p] {
			return nil
		}
		if err := w.fsw.Add(p); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return fmt.Errorf("cannot watch %s: the system's limit of watched folders is reached; raise it with sysctl fs.inotify.max_user_watches", p)
			}
			if p == dir {
				return err
			}
			return nil
		}
		w.watched[p] = true
		return nil
	})
}

// forget drops the watches on dir and the folders under it, which were
// removed or moved away. A folder moved within a root keeps its watch under
// its old name, so it must be dropped before the new name is watched.
func (w *Watcher) forget(dir string) {
	for p := range w.watched {
		if p == dir || strings.HasPrefix(p, dir+string(filepath.Separator)) {
			w.fsw.Remove(p) // gone already, or not: either way no longer watched
			delete(w.watched, p)
		}
	}
}

// locate returns the root an absolute path is under and the path relative
// to it, slash-separated.
func (w *Watcher) locate(name string) (int, string, bool) {
	best, rel := -1, ""
	for i, r := range w.roots {
		if name == r {
			return i, ".", true
		}
		if strings.HasPrefix(name, r+string(filepath.Separator)) && (best < 0 || len(r) > len(w.roots[best])) {
			best, rel = i, filepath.ToSlash(name[len(r)+1:])
		}
	}
	return best, rel, best >= 0
}

func (w *Watcher) ignoredPath(name string, rel string) bool {
	for _, part := range strings.Split(rel, "/") {
		if Ignored(part) {
			return true
		}
	}
	for _, s := range w.skip {
		if name == s || strings.HasPrefix(name, s+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// loop collects events into batches and sends them. It reads the event
// channels given rather than the fsnotify.Watcher's own so that tests can
// drive it.
func (w *Watcher) loop(events <-chan fsnotify.Event, errs <-chan error) {
	defer close(w.stopped)
	var (
		pending = map[Change]bool{}
		newDirs []string // created folders, watched once the burst is over
		first   time.Time
		timer   = time.NewTimer(time.Hour)
		ready   bool
	)
	timer.Stop()
	arm := func() {
		now := time.Now()
		if len(pending) == 0 && len(newDirs) == 0 {
			first = now
		}
		wait := min(w.opts.Quiet, time.Until(first.Add(w.opts.MaxDelay)))
		timer.Reset(max(wait, 0))
		ready = false
	}
	for {
		var out chan []Change
		var batch []Change
		if ready && len(pending) > 0 {
			out = w.batches
			batch = sorted(pending)
		}
		select {
		case <-w.done:
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			root, rel, ok := w.locate(ev.Name)
			if !ok || w.ignoredPath(ev.Name, rel) {
				continue
			}
			if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
				w.forget(ev.Name)
			}
			if ev.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					newDirs = append(newDirs, ev.Name)
				}
			}
			arm()
			pending[Change{root, rel}] = true
		case err, ok := <-errs:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// Events were lost: look at everything again.
				arm()
				for i, r := range w.roots {
					w.forget(r)
					w.report(w.addTree(r))
					pending[Change{i, "."}] = true
				}
				continue
			}
			w.report(err)
		case <-timer.C:
			// The burst is over: watch the folders it created, then
			// offer the batch. Files created in them before their watch
			// are in the batch already, under the folder's path.
			for _, d := range newDirs {
				w.report(w.addTree(d))
			}
			newDirs = newDirs[:0]
			ready = true
		case out <- batch:
			clear(pending)
			ready = false
		}
	}
}

func (w *Watcher) report(err error) {
	if err == nil {
		return
	}
	select {
	case w.errs <- err:
	default: // nobody listening; the next batch still comes
	}
}

func sorted(m map[Change]bool) []Change {
	out := make([]Change, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b Change) int {
		if a.Root != b.Root {
			return a.Root - b.Root
		}
		return strings.Compare(a.Path, b.Path)
	})
	return out
}
