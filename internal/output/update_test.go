package output

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// build stages files into out and commits them, returning how many files
// were written.
func build(t *testing.T, out string, files map[string]string) int {
	t.Helper()
	s, err := Stage(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := s.Write(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	return s.Written()
}

// tree reads every file under dir; a symbolic link is "<link>".
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	names, err := Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, n := range names {
		p := filepath.Join(dir, n)
		if info, err := os.Lstat(p); err == nil && info.Mode()&os.ModeSymlink != 0 {
			m[n] = "<link>"
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m[n] = string(data)
	}
	return m
}

// TestStagingUpdate builds a site, then builds it again with one page
// changed, one removed, one added and one unchanged, and checks that the
// output is exactly the new site, that only changed files were written, and
// that nothing is left beside the output folder.
func TestStagingUpdate(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "build")
	first := map[string]string{
		"index.html":                    "home",
		"articles/a/index.html":         "a",
		"articles/b/index.html":         "b",
		"companies/x/index.html":        "x",
		"companies/x/page/2/index.html": "x2",
		"style.css":                     "css",
		"old":                           "a file where the new site has a folder",
		"dir/index.html":                "in a folder where the new site has a file",
	}
	if n := build(t, out, first); n != len(first) {
		t.Errorf("first build wrote %d files; want %d", n, len(first))
	}
	// Unchanged files must not be rewritten: set their time in the past.
	past := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := os.Chtimes(filepath.Join(out, "articles/a/index.html"), past, past); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "stray.txt"), []byte("not from a build"), 0o644); err != nil {
		t.Fatal(err)
	}

	second := map[string]string{
		"index.html":             "home, changed",
		"articles/a/index.html":  "a",
		"articles/c/index.html":  "c, new",
		"companies/x/index.html": "x",
		"style.css":              "css",
		"old/index.html":         "a folder where the old site had a file",
		"dir":                    "a file where the old site had a folder",
	}
	if n := build(t, out, second); n != 4 {
		t.Errorf("second build wrote %d files; want 4 (the changed, the new and the two moved)", n)
	}
	got := tree(t, out)
	// The stray file is not dossier's: it stays.
	second["stray.txt"] = "not from a build"
	second[ManifestName] = manifestOf(second)
	if len(got) != len(second) {
		t.Errorf("output has %v; want %v", sortedNames(got), sortedNames(second))
	}
	for name, data := range second {
		if got[name] != data {
			t.Errorf("%s = %q; want %q", name, got[name], data)
		}
	}
	info, err := os.Stat(filepath.Join(out, "articles/a/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !info.ModTime().Equal(past) {
		t.Errorf("an unchanged file was written again")
	}
	for _, gone := range []string{"articles/b", "companies/x/page"} {
		if _, err := os.Stat(filepath.Join(out, gone)); err == nil {
			t.Errorf("%s is still there, empty", gone)
		}
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("beside the output folder: %v; want only build", entries)
	}
}

// TestStagingAbortUpdate checks that an aborted rebuild leaves the output
// exactly as it was.
func TestStagingAbortUpdate(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "build")
	site := map[string]string{"index.html": "home", "articles/a/index.html": "a"}
	build(t, out, site)
	s, err := Stage(out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write("index.html", []byte("changed")); err != nil {
		t.Fatal(err)
	}
	s.Abort()
	got := tree(t, out)
	if len(got) != len(site)+1 || got["index.html"] != "home" || got["articles/a/index.html"] != "a" || got[ManifestName] != manifestOf(site) {
		t.Errorf("after an aborted build the output is %v; want %v", got, site)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("beside the output folder: %v; want only build", entries)
	}
}

func sortedNames(m map[string]string) []string {
	var k []string
	for n := range m {
		k = append(k, n)
	}
	slices.Sort(k)
	return k
}

// manifestOf returns the manifest of a site, except the files named with
// a space (stray ones).
func manifestOf(site map[string]string) string {
	var files []string
	for name := range site {
		if name != "stray.txt" && name != ManifestName {
			files = append(files, name)
		}
	}
	return string(encodeManifest(files))
}
