//go:build unix

package output

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// stage builds files into out with opts, returning Commit's error.
func stage(t *testing.T, out string, opts Options, files map[string]string) error {
	t.Helper()
	s, err := Stage(out, opts)
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(mapKeys(files)) {
		if err := s.Write(name, []byte(files[name])); err != nil {
			s.Abort()
			t.Fatal(err)
		}
	}
	return s.Commit()
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// TestCommitOwnership builds over folders holding files that are not
// dossier's, and checks that only what the manifest lists is replaced or
// removed, and that what is in the site's way stops the build before it
// changes anything.
func TestCommitOwnership(t *testing.T) {
	site := map[string]string{"index.html": "home", "articles/a/index.html": "a", ".nojekyll": ""}
	tests := []struct {
		name   string
		before map[string]string // after a first build of site
		opts   Options
		next   map[string]string // the second build
		err    string            // its error, OUT for the folder; then nothing changes
		after  map[string]string // the folder then, manifest aside
	}{
		{
			name:   "the user's files stay",
			before: map[string]string{"notes.txt": "mine", "articles/mine.txt": "mine", ".git/HEAD": "ref"},
			next:   map[string]string{"index.html": "home 2"},
			after:  map[string]string{"index.html": "home 2", "notes.txt": "mine", "articles/mine.txt": "mine", ".git/HEAD": "ref"},
		},
		{
			name:   "a file of the user's where the site now has one",
			before: map[string]string{"CNAME": "example.org"},
			next:   map[string]string{"index.html": "home", "CNAME": "other.example"},
			err:    "cannot write the site into OUT: what is there is not dossier's: CNAME; move it away, or build with -force to replace it (hidden files and paths given with -keep are never replaced)",
		},
		{
			name:   "a file of the user's with the site's very bytes is taken",
			before: map[string]string{"CNAME": "example.org"},
			next:   map[string]string{"index.html": "home", "CNAME": "example.org"},
			after:  map[string]string{"index.html": "home", "CNAME": "example.org"},
		},
		{
			name:   "a kept file the site now has",
			before: map[string]string{"CNAME": "example.org"},
			opts:   Options{Keep: []string{"CNAME"}},
			next:   map[string]string{"index.html": "home", "CNAME": "example.org"},
			err:    "cannot write the site into OUT: what is there is not dossier's: CNAME (kept with -keep); move it away, or build with -force to replace it (hidden files and paths given with -keep are never replaced)",
		},
		{
			name:   "a symbolic link where the site has a folder",
			before: map[string]string{"companies": "<link>"},
			next:   map[string]string{"index.html": "home", "companies/x/index.html": "x"},
			err:    "cannot write the site into OUT: what is there is not dossier's: companies; move it away, or build with -force to replace it (hidden files and paths given with -keep are never replaced)",
		},
		{
			name:   "a folder of the user's where the site has a file",
			before: map[string]string{"feed.xml/mine.txt": "mine"},
			next:   map[string]string{"index.html": "home", "feed.xml": "feed"},
			err:    "cannot write the site into OUT: what is there is not dossier's: feed.xml; move it away, or build with -force to replace it (hidden files and paths given with -keep are never replaced)",
		},
		{
			name:   "the site's files moved into a folder of the user's are not removed",
			before: map[string]string{"articles": "<link>"},
			next:   map[string]string{"index.html": "home"},
			after:  map[string]string{"index.html": "home", "articles": "<link>"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "build")
			elsewhere := filepath.Join(dir, "elsewhere")
			mkfiles(t, elsewhere, map[string]string{"a/index.html": "a", "mine.txt": "mine"})
			if err := stage(t, out, Options{}, site); err != nil {
				t.Fatal(err)
			}
			for name, data := range tt.before {
				p := filepath.Join(out, filepath.FromSlash(name))
				if data == "<link>" {
					os.RemoveAll(p)
					if err := os.Symlink(elsewhere, p); err != nil {
						t.Fatal(err)
					}
					continue
				}
				mkfiles(t, out, map[string]string{name: data})
			}
			before := tree(t, out)
			err := stage(t, out, tt.opts, tt.next)
			if tt.err != "" {
				want := strings.ReplaceAll(tt.err, "OUT", out)
				if err == nil || err.Error() != want {
					t.Errorf("Commit = %v; want %s", err, want)
				}
				if got := tree(t, out); !equalTrees(got, before) {
					t.Errorf("a refused build changed the folder: %v; was %v", sortedNames(got), sortedNames(before))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := tree(t, out)
			delete(got, ManifestName)
			want := with(tt.after, nil)
			if !equalTrees(got, want) {
				t.Errorf("after the build: %v; want %v", got, want)
			}
			// Nothing was written through the link.
			if got := tree(t, elsewhere); len(got) != 2 {
				t.Errorf("the folder a link points to changed: %v", got)
			}
		})
	}
}

// equalTrees compares two trees made by tree, symbolic links as "<link>".
func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestCommitRollback makes moving the new site in fail at each step in
// turn, and checks that the folder is then as it was, manifest included,
// and the error says so; and that when putting it back fails too, the
// error says what the folder holds and the manifest lists every file of
// dossier's in it.
func TestCommitRollback(t *testing.T) {
	first := map[string]string{"index.html": "home", "articles/a/index.html": "a", "articles/b/index.html": "b", "old": "a file where the new site has a folder"}
	second := map[string]string{"index.html": "home 2", "articles/a/index.html": "a 2", "articles/c/index.html": "c", "old/index.html": "now a folder"}
	disk := errors.New("no space left on device")
	for n := 1; ; n++ {
		dir := t.TempDir()
		out := filepath.Join(dir, "build")
		if err := stage(t, out, Options{}, first); err != nil {
			t.Fatal(err)
		}
		before := tree(t, out)
		calls := 0
		rename = func(from, to string) error {
			if calls++; calls == n {
				return disk
			}
			return os.Rename(from, to)
		}
		err := stage(t, out, Options{}, second)
		rename = os.Rename
		if err == nil {
			if n == 1 {
				t.Fatal("no rename failed")
			}
			break // every step has failed once
		}
		if !Unchanged(err) || !strings.HasSuffix(err.Error(), " as it was") {
			t.Errorf("rename %d failing: error %q; want one saying the site was put back", n, err)
		}
		if got := tree(t, out); !equalTrees(got, before) {
			t.Errorf("rename %d failing: the folder is %v; want it as it was, %v", n, got, before)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("rename %d failing: beside the output folder: %v", n, entries)
		}
	}

	// Every rename after the third fails: moving in, then putting back.
	dir := t.TempDir()
	out := filepath.Join(dir, "build")
	if err := stage(t, out, Options{}, first); err != nil {
		t.Fatal(err)
	}
	calls := 0
	rename = func(from, to string) error {
		if calls++; calls > 3 && !strings.Contains(to, ".dossier-manifest") {
			return disk
		}
		return os.Rename(from, to)
	}
	err := stage(t, out, Options{}, second)
	rename = os.Rename
	var ie *IncompleteError
	if !errors.As(err, &ie) || Unchanged(err) {
		t.Fatalf("error %v; want an *IncompleteError", err)
	}
	want := "holds part of the new site and part of the old, and its manifest lists the files of both; build again to complete it"
	if !strings.HasSuffix(err.Error(), want) {
		t.Errorf("error %q; want it to end %q", err, want)
	}
	listed, ok, err := readManifest(out)
	if !ok || err != nil {
		t.Fatalf("manifest: %v", err)
	}
	names, _ := Files(out)
	for _, n := range names {
		if n != ManifestName && !listed[n] {
			t.Errorf("%s is in the folder but not in its manifest", n)
		}
	}
	// The next build completes it.
	if err := stage(t, out, Options{}, second); err != nil {
		t.Fatal(err)
	}
	got := tree(t, out)
	delete(got, ManifestName)
	if !equalTrees(got, second) {
		t.Errorf("after the next build: %v; want %v", got, second)
	}
}

// TestRemoveStale checks that the staging folders killed builds left are
// removed, those of a build under way and folders that only look like
// them are not.
func TestRemoveStale(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "build")
	mkfiles(t, dir, map[string]string{
		// Left by a killed build of this dossier: a marker, unlocked.
		".build.new-1/" + stagingMarker: "",
		".build.new-1/3":                "page",
		// Left by earlier dossiers: changed files numbered, a site half
		// written, the old site moved aside.
		".build.new-2/0":                           "page",
		".build.new-2/1":                           "page",
		".build.new-3/style.css":                   "css",
		".build.new-3/articles/a/index.html":       "a",
		".build.old-4/build/index.html":            "home",
		".build.old-4/build/articles/a/index.html": "a",
		// Not dossier's: a name that is not a number, files no site has,
		// another output folder's.
		".build.new-notes/0":       "mine",
		".build.new-5/thesis.odt":  "mine",
		".build.old-6/other/a.txt": "mine",
		".site.new-7/0":            "another output folder's",
		"build/index.html":         "the output",
	})
	// A build under way holds the lock on its marker.
	busy := filepath.Join(dir, ".build.new-8")
	mkfiles(t, busy, map[string]string{"0": "page"})
	f, err := os.Create(filepath.Join(busy, stagingMarker))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	if errs := removeStale(out); len(errs) > 0 {
		t.Fatal(errs)
	}
	entries, _ := os.ReadDir(dir)
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := []string{".build.new-5", ".build.new-8", ".build.new-notes", ".build.old-6", ".site.new-7", "build"}
	if !slices.Equal(left, want) {
		t.Errorf("left %q; want %q", left, want)
	}
}

// TestDirManifest checks that a live rebuild's writes and removals keep the
// manifest listing every file of dossier's, and leave others alone.
func TestDirManifest(t *testing.T) {
	out := filepath.Join(t.TempDir(), "build")
	if err := stage(t, out, Options{}, map[string]string{"index.html": "home", "articles/a/index.html": "a"}); err != nil {
		t.Fatal(err)
	}
	mkfiles(t, out, map[string]string{"notes.txt": "mine"})
	d := OpenDir(out, []string{"articles/a/index.html", "index.html"})
	if err := d.Expect([]string{"notes.txt"}); err == nil {
		t.Error("Expect of a path holding the user's file succeeded")
	}
	if err := d.Expect([]string{"articles/b/index.html"}); err != nil {
		t.Fatal(err)
	}
	if listed, _, _ := readManifest(out); !listed["articles/b/index.html"] || !listed["articles/a/index.html"] {
		t.Errorf("after Expect the manifest lists %v", listed)
	}
	if _, err := d.Write("articles/b/index.html", []byte("b")); err != nil {
		t.Fatal(err)
	}
	if err := d.Remove("articles/a/index.html"); err != nil {
		t.Fatal(err)
	}
	if err := d.Remove("notes.txt"); err != nil {
		t.Fatal(err)
	}
	if err := d.Settle([]string{"articles/b/index.html", "index.html"}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, out)
	want := map[string]string{"index.html": "home", "articles/b/index.html": "b", "notes.txt": "mine",
		ManifestName: manifestHeader + "\narticles/b/index.html\nindex.html\n"}
	if !equalTrees(got, want) {
		t.Errorf("folder %v; want %v", got, want)
	}
	// Files deleted by hand are missed, and written again.
	os.Remove(filepath.Join(out, "index.html"))
	os.RemoveAll(filepath.Join(out, "articles"))
	for _, tt := range []struct {
		paths, want []string
	}{
		{nil, nil},
		{[]string{"notes.txt"}, nil},
		{[]string{"index.html"}, []string{"index.html"}},
		{[]string{"articles"}, []string{"articles/b/index.html"}},
		{[]string{"articles/b"}, []string{"articles/b/index.html"}},
		{[]string{"."}, []string{"articles/b/index.html", "index.html"}},
	} {
		if gone, missing := d.Missing(tt.paths); gone || !slices.Equal(missing, tt.want) {
			t.Errorf("Missing(%q) = %v, %q; want false, %q", tt.paths, gone, missing, tt.want)
		}
	}
	if wrote, err := d.Write("index.html", []byte("home")); !wrote || err != nil {
		t.Errorf("Write of a missing file = %v, %v; want it written", wrote, err)
	}
	os.RemoveAll(out)
	if gone, _ := d.Missing(nil); !gone {
		t.Error("Missing does not see the output folder gone")
	}
}
