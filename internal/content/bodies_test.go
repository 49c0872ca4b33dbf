package content

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestBodies reads the Markdown of articles let go at loading again, from
// an os.Root as the command opens the content folder, on many goroutines
// that give the storage back, and from files changed since.
func TestBodies(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"articles/a.md":      "---\ntitle: A\ndate: 2015\n---\nText of *A*.\n",
		"articles/b.md":      "\ufeff---\ntitle: B\ndate: 2015\n---\n\nText of B,\nover two lines.\n",
		"articles/c.md":      "---\ntitle: C\ndate: 2015\n---\n",
		"articles/2016/d.md": "---\ntitle: D\ndate: 2016\n---\nD's text.\n",
		"articles/e.md":      "---\ntitle: E\ndate: 2015\n---\nE's text.\n",
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	fsys := root.FS()
	all, err := Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadHolding(fsys, "content", 0, nil)
	if err != nil {
		t.Fatal(err)
	}

	bodies := NewBodies(fsys)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				for i, a := range c.Articles {
					got, err := bodies.Read(a)
					if err != nil || string(got) != string(all.Articles[i].Body) {
						t.Errorf("%s: Read = %q, %v; want %q", a.Path, got, err, all.Articles[i].Body)
					}
					if a.Body == nil {
						bodies.Release(got) // read again: its storage is reused
					}
				}
			}
		})
	}
	wg.Wait()
	if n := len(bodies.folders); n != 2 {
		t.Errorf("%d folders open, want 2", n)
	}

	if err := os.WriteFile(filepath.Join(dir, "articles", "a.md"), []byte("---\ntitle: A\ndate: 2015\n---\nOther text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The same length, other bytes.
	if err := os.WriteFile(filepath.Join(dir, "articles", "2016", "d.md"), []byte("---\ntitle: D\ndate: 2016\n---\nD's TEXT.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Not c.md: its Markdown is empty, and whether a load holding nothing
	// keeps an empty text depends on the order files are read in.
	if err := os.Remove(filepath.Join(dir, "articles", "e.md")); err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*Article{}
	for _, a := range c.Articles {
		byPath[a.Path] = a
	}
	for _, closed := range []bool{false, true} {
		if closed {
			bodies.Close()
		}
		if _, err := bodies.Read(byPath["articles/a.md"]); err == nil {
			t.Errorf("closed %v: Read of a file changed since it was loaded: no error", closed)
		}
		if _, err := bodies.Read(byPath["articles/2016/d.md"]); err == nil {
			t.Errorf("closed %v: Read of a file changed to text of the same length: no error", closed)
		}
		if _, err := bodies.Read(byPath["articles/e.md"]); err == nil {
			t.Errorf("closed %v: Read of a file removed since it was loaded: no error", closed)
		}
		if got, err := bodies.Read(byPath["articles/b.md"]); err != nil || string(got) != "\nText of B,\nover two lines.\n" {
			t.Errorf("closed %v: Read of an unchanged file = %q, %v", closed, got, err)
		}
	}
}
