//go:build unix

package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

// plainFS hides the type of the file system it holds, so that Load reads
// every file through Open, as it does any fs.FS. It stats as the file
// system does, without opening: opening a named pipe waits for a writer.
type plainFS struct{ fsys fs.StatFS }

func (p plainFS) Open(name string) (fs.File, error)          { return p.fsys.Open(name) }
func (p plainFS) Stat(name string) (fs.FileInfo, error)      { return p.fsys.Stat(name) }
func (p plainFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(p.fsys, name) }

// TestLoadFolders loads a content folder on disk through an os.Root, whose
// folders Load opens once to read their files, and through the same root
// seen as any fs.FS, and requires the same Content: every file, problem
// and position alike, for files of every kind Load may meet.
func TestLoadFolders(t *testing.T) {
	dir := t.TempDir()
	good := "---\ntitle: Good %d\ndate: 2015-02-12\ncompanies: [Apple]\n---\nText.\n"
	files := map[string]string{
		"_index.md":              "---\ntitle: Dossier\n---\nIntro.\n",
		"articles/a.md":          strings.Replace(good, "%d", "a", 1),
		"articles/b.md":          strings.Replace(good, "%d", "b", 1),
		"articles/toml.md":       "+++\ntitle = \"TOML\"\ndate = 2015-02-12\n+++\nText.\n",
		"articles/latin1.md":     "---\ntitle: Caf\xe9\ndate: 2015-02-12\n---\nText.\n",
		"articles/empty.md":      "",
		"articles/big.md":        "---\ntitle: Big\ndate: 2015-02-12\n---\n", // made one byte too large below
		"articles/unclosed.md":   "---\ntitle: Open\n",
		"articles/windows.md":    "\ufeff---\r\ntitle: Windows\r\ndate: 2015-02-12\r\n---\r\nText.\r\n",
		"articles/2015/c.md":     strings.Replace(good, "%d", "c", 1),
		"articles/2015/d.md":     strings.Replace(good, "%d", "d", 1),
		"articles/2016/alone.md": strings.Replace(good, "%d", "alone", 1),
		"companies/apple.md":     "---\nname: Apple\n---\n",
		"companies/xiaomi.md":    "---\nname: Xiaomi\nwebsite: ftp://x\n---\n",
		"claims/rank.md":         "No front matter.\n",
	}
	for p, data := range files {
		p = filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// Sparse: the size is refused before anything is read.
	if err := os.Truncate(filepath.Join(dir, "articles", "big.md"), MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	links := map[string]string{
		"articles/alias.md":   "a.md",
		"articles/secret.md":  "../../secret.md",
		"articles/passwd.md":  "/etc/passwd",
		"articles/loop.md":    "loop.md",
		"articles/gone.md":    "nothing.md",
		"articles/folder.md":  "../..",
		"companies/secret.md": "../../secret.md",
	}
	if err := os.WriteFile(filepath.Join(filepath.Dir(dir), "secret.md"), []byte("---\ntitle: Secret\ndate: 2015-02-12\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for p, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "articles", "pipe.md"), 0o644); err != nil {
		t.Logf("mkfifo: %v", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "articles", "dir.md"), 0o755); err != nil {
		t.Fatal(err)
	}

	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	if runtime.GOOS == "linux" {
		// The folders are opened, for the test to mean something.
		entries, _ := list(root.FS())
		folders, closeFolders := openFolders(root.FS(), entries)
		opened := map[string]bool{}
		for i, e := range entries {
			opened[e.path] = folders != nil && folders[i] != nil
		}
		closeFolders()
		for p, want := range map[string]bool{"articles/a.md": true, "articles/2015/c.md": true, "articles/2016/alone.md": false, "articles/alias.md": false, "_index.md": false} {
			if opened[p] != want {
				t.Errorf("openFolders: %s has its folder open: %v; want %v", p, opened[p], want)
			}
		}
	}
	wantEntries, err := list(plainFS{root.FS().(fs.StatFS)})
	if err != nil {
		t.Fatal(err)
	}
	gotEntries, err := list(root.FS())
	if err != nil || !reflect.DeepEqual(gotEntries, wantEntries) {
		t.Errorf("list(os.Root) = %v, %v; want (through Open) %v", gotEntries, err, wantEntries)
	}
	want, err := Load(plainFS{root.FS().(fs.StatFS)}, "content")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Load(root.FS(), "content")
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Articles) < 8 || len(want.Diags) < 10 {
		t.Fatalf("Load: %d articles, %d problems; the test means more of each", len(want.Articles), len(want.Diags))
	}
	if !reflect.DeepEqual(got.Diags, want.Diags) {
		t.Errorf("Load(os.Root) problems:\n%v\nwant (through Open):\n%v", got.Diags, want.Diags)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got.Articles), len(want.Articles)) {
			if !reflect.DeepEqual(got.Articles[i], want.Articles[i]) {
				t.Errorf("Load(os.Root): article %s differs from the one read through Open", got.Articles[i].Path)
			}
		}
		t.Errorf("Load(os.Root) differs from Load through Open")
	}
}
