package watch

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"a.md", false},
		{"2015", false},
		{"_index.md", false},
		{".a.md.swp", true},
		{".#a.md", true},
		{".git", true},
		{"a.md~", true},
		{"a.swp", true},
		{"a.swx", true},
		{"4913", true},
		{"#a.md#", true},
		{"a.md___jb_tmp___", true},
		{"a.md___jb_old___", true},
	}
	for _, tt := range tests {
		if got := Ignored(tt.name); got != tt.want {
			t.Errorf("Ignored(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}

// collector gathers a Watcher's batches until it has seen a path.
type collector struct {
	t *testing.T
	w *Watcher
}

func (c collector) until(path string) []string {
	c.t.Helper()
	var seen []string
	timeout := time.After(10 * time.Second)
	for {
		select {
		case batch := <-c.w.Batches():
			for _, ch := range batch {
				seen = append(seen, ch.Path)
			}
			if slices.Contains(seen, path) {
				return seen
			}
		case err := <-c.w.Errors():
			c.t.Fatalf("watch error: %v", err)
		case <-timeout:
			c.t.Fatalf("no change of %s reported within 10 s; saw %q", path, seen)
		}
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWatcher drives a real Watcher through what editors and tools do to a
// folder, checking that each change is reported under its path, and that
// the files editors make on the side are not.
func TestWatcher(t *testing.T) {
	root := t.TempDir()
	other := t.TempDir()
	out := filepath.Join(root, "build")
	for _, d := range []string{"articles", "build", ".git"} {
		if err := os.Mkdir(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	w, err := New([]string{root, other}, Options{Skip: []string{out}})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	c := collector{t, w}
	p := func(rel string) string { return filepath.Join(root, filepath.FromSlash(rel)) }

	// A write in place.
	writeFile(t, p("articles/a.md"), "one")
	c.until("articles/a.md")

	// Files on the side, then a real one: none of the first are reported,
	// nor anything in the output or a hidden folder.
	side := []string{"articles/.a.md.swp", "articles/a.md~", "articles/4913", "articles/#a.md#", ".git/index", "build/index.html", "build/x/index.html"}
	for _, name := range side {
		if err := os.MkdirAll(filepath.Dir(p(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, p(name), "x")
	}
	writeFile(t, p("articles/b.md"), "two")
	for _, s := range c.until("articles/b.md") {
		if slices.Contains(side, s) || strings.HasPrefix(s, "build") {
			t.Errorf("reported %s, which is to be ignored", s)
		}
	}

	// vim's save: test file, backup by rename, new file, backup removed.
	writeFile(t, p("articles/4913"), "")
	os.Remove(p("articles/4913"))
	if err := os.Rename(p("articles/a.md"), p("articles/a.md~")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, p("articles/a.md"), "one, edited")
	os.Remove(p("articles/a.md~"))
	c.until("articles/a.md")

	// A new folder tree, with files written before it could be watched:
	// the folder is reported, and files written into it later are too.
	if err := os.MkdirAll(p("articles/2015/02"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, p("articles/2015/02/c.md"), "three")
	c.until("articles/2015")
	writeFile(t, p("articles/2015/02/d.md"), "four")
	c.until("articles/2015/02/d.md")

	// A folder renamed: files in it are reported under the new name.
	if err := os.Rename(p("articles/2015"), p("articles/2016")); err != nil {
		t.Fatal(err)
	}
	seen := c.until("articles/2016")
	if !slices.Contains(seen, "articles/2015") {
		t.Errorf("renaming a folder reported %q; want its old name too", seen)
	}
	writeFile(t, p("articles/2016/02/e.md"), "five")
	c.until("articles/2016/02/e.md")

	// A folder removed, then made again.
	if err := os.RemoveAll(p("articles/2016")); err != nil {
		t.Fatal(err)
	}
	c.until("articles/2016")
	if err := os.MkdirAll(p("articles/2016"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, p("articles/2016/f.md"), "six")
	c.until("articles/2016")
	writeFile(t, p("articles/2016/g.md"), "seven")
	c.until("articles/2016/g.md")

	// Delete then create.
	os.Remove(p("articles/b.md"))
	writeFile(t, p("articles/b.md"), "two again")
	c.until("articles/b.md")

	// The second root.
	writeFile(t, filepath.Join(other, "style.css"), "body{}")
	c.until("style.css")
}

// TestWatcherRoots checks that changes name their root.
func TestWatcherRoots(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	w, err := New([]string{a, b}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	writeFile(t, filepath.Join(b, "x.css"), "x")
	select {
	case batch := <-w.Batches():
		if len(batch) != 1 || batch[0] != (Change{Root: 1, Path: "x.css"}) {
			t.Errorf("batch = %v; want [{1 x.css}]", batch)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no batch")
	}
}

// fakeWatcher runs a Watcher's batching on events the test sends.
func fakeWatcher(t *testing.T, root string, opts Options) (*Watcher, chan fsnotify.Event, chan error) {
	t.Helper()
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	w, err := newWatcher(fsw, []string{root}, opts)
	if err != nil {
		t.Fatal(err)
	}
	events, errs := make(chan fsnotify.Event), make(chan error)
	go w.loop(events, errs)
	t.Cleanup(func() { w.Close() })
	return w, events, errs
}

// TestBatching checks that a burst of events makes one batch, with each
// path once, and that a stream that never pauses still makes batches.
func TestBatching(t *testing.T) {
	root := t.TempDir()
	t.Run("burst", func(t *testing.T) {
		// A long quiet time, so that a slow machine cannot split the burst.
		w, events, _ := fakeWatcher(t, root, Options{Quiet: time.Second, MaxDelay: 10 * time.Second})
		for i := range 100 {
			events <- fsnotify.Event{Name: filepath.Join(root, []string{"a.md", "b.md", "c.md"}[i%3]), Op: fsnotify.Write}
		}
		batch := <-w.Batches()
		want := []Change{{0, "a.md"}, {0, "b.md"}, {0, "c.md"}}
		if !slices.Equal(batch, want) {
			t.Errorf("batch = %v; want %v", batch, want)
		}
	})
	t.Run("stream", func(t *testing.T) {
		// Events every 10 ms never leave the 50 ms quiet time a batch
		// waits for; MaxDelay must send batches anyway. (On a machine so
		// slow that the stream pauses, batches come sooner: the test
		// cannot fail for slowness.)
		w, events, _ := fakeWatcher(t, root, Options{Quiet: 50 * time.Millisecond, MaxDelay: 100 * time.Millisecond})
		deadline := time.After(10 * time.Second)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for batches := 0; batches < 2; {
			select {
			case <-deadline:
				t.Fatalf("a steady stream of events made %d batches in 10 s; want 2 (MaxDelay 100 ms)", batches)
			case <-tick.C:
				select {
				case events <- fsnotify.Event{Name: filepath.Join(root, "a.md"), Op: fsnotify.Write}:
				case <-w.Batches():
					batches++
				}
			case <-w.Batches():
				batches++
			}
		}
	})
	t.Run("overflow", func(t *testing.T) {
		w, events, errs := fakeWatcher(t, root, Options{Quiet: 10 * time.Millisecond})
		events <- fsnotify.Event{Name: filepath.Join(root, "a.md"), Op: fsnotify.Write}
		errs <- fsnotify.ErrEventOverflow
		batch := <-w.Batches()
		if !slices.Contains(batch, Change{0, "."}) {
			t.Errorf("batch after an overflow = %v; want the whole root", batch)
		}
	})
	t.Run("outside", func(t *testing.T) {
		w, events, _ := fakeWatcher(t, root, Options{Quiet: 10 * time.Millisecond})
		events <- fsnotify.Event{Name: filepath.Join(filepath.Dir(root), "elsewhere.md"), Op: fsnotify.Write}
		events <- fsnotify.Event{Name: filepath.Join(root, "x", ".hidden", "a.md"), Op: fsnotify.Write}
		events <- fsnotify.Event{Name: filepath.Join(root, "a.md"), Op: fsnotify.Write}
		batch := <-w.Batches()
		if len(batch) != 1 || batch[0].Path != "a.md" {
			t.Errorf("batch = %v; want only a.md", batch)
		}
	})
}
