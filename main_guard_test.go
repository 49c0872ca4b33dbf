//go:build unix

package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"dossier/internal/treetest"
)

// TestOutGuard checks the -out folders a build refuses, on the command
// line, before it reads anything: exit 2, one line saying why, and nothing
// changed on disk. The home folder is a temporary one (HOME).
func TestOutGuard(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	home := filepath.Join(root, "home")
	t.Setenv("HOME", home)
	write("content/articles/a.md", "---\ntitle: A\ndate: 2015-02-12\n---\nText.\n")(t)
	write("content/companies/x.md", "---\nname: X\n---\nProfile.\n")(t)
	write("templates/article.html", `{{define "main"}}{{end}}`)(t)
	write("site/static/style.css", "body{}")(t)
	write("home/notes.txt", "mine")(t)
	write("docs/CNAME", "example.org")(t)
	write("docs/README.md", "read me")(t)
	write("docs/.git/HEAD", "ref")(t)
	write("file.txt", "a file")(t)
	write("real/keep.txt", "mine")(t)
	symlink("real", "link")(t)
	if err := syscall.Mkfifo("fifo", 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, ".")
	for _, tt := range []struct{ args, want string }{
		{"-out content", "-out content is the content folder content"},
		{"-out ./content/", "-out ./content/ is the content folder content"},
		{"-out content/companies", "-out content/companies is inside the content folder content"},
		{"-out .", "-out . holds the content folder content"},
		{"-out .. -content content", "-out .. holds the content folder content"},
		{"-out templates", "-out templates is the templates folder templates"},
		{"-out site -static site/static", "-out site holds the static folder site/static"},
		{"-out site/static/x -static site/static", "-out site/static/x is inside the static folder site/static"},
		{"-out file.txt", "-out file.txt is a file, not a folder: a build would replace it"},
		{"-out fifo", "-out fifo is a named pipe, not a folder"},
		{"-out link", "-out link is a symbolic link (to real): name the folder itself, so that a build cannot write elsewhere than asked"},
		{"-out home", "-out home is your home folder: the output folder must be a folder of its own"},
		{"-out home -force", "-out home is your home folder: the output folder must be a folder of its own"},
		{"-out docs", "-out docs holds files dossier did not write: CNAME and README.md; name a new or empty folder, or add -force to make it the site's: its files are then replaced or removed, except hidden ones (such as .git) and those named with -keep"},
		{"-out build -keep ../CNAME", `-keep "../CNAME": give a path inside the output folder, such as CNAME or images/`},
	} {
		want := "dossier: " + tt.want
		if strings.Contains(tt.want, " the content folder") || strings.Contains(tt.want, " the static folder") || strings.Contains(tt.want, " the templates folder") {
			want += ": the output folder must be a folder of its own, apart from the folders a build reads"
		}
		for _, cmd := range []string{"build", "serve"} {
			code, _, stderr := runHere(append([]string{cmd}, strings.Fields(tt.args)...)...)
			if code != 2 || stderr != want+"\n" {
				t.Errorf("dossier %s %s: exit %d, stderr %q; want exit 2, %q", cmd, tt.args, code, stderr, want)
			}
		}
	}
	compare(t, before, snapshot(t, "."), "")
}

// TestTakeOver builds into a folder holding files dossier did not write,
// as a gh-pages clone or a docs/ folder does: refused without -force; with
// it, hidden files and -keep paths are kept and the rest replaced; from
// then on the manifest lets later builds replace and remove only the
// site's files, and files the user adds stay.
func TestTakeOver(t *testing.T) {
	t.Chdir(t.TempDir())
	write("content/articles/a.md", "---\ntitle: A\ndate: 2015-02-12\n---\nText.\n")(t)
	write("content/articles/b.md", "---\ntitle: B\ndate: 2015-02-13\n---\nText.\n")(t)
	write("docs/CNAME", "example.org")(t)
	write("docs/README.md", "read me")(t)
	write("docs/img/logo.png", "png")(t)
	write("docs/.git/HEAD", "ref")(t)
	write("docs/.nojekyll", "")(t)
	if code, _, _ := runHere("build", "-q", "-out", "docs"); code != 2 {
		t.Fatalf("build into docs without -force: exit %d; want 2", code)
	}
	if code, _, stderr := runHere("build", "-q", "-out", "docs", "-force", "-keep", "CNAME"); code != 0 {
		t.Fatalf("build -force -keep CNAME: exit %d\n%s", code, stderr)
	}
	for name, want := range map[string]string{"docs/CNAME": "example.org", "docs/.git/HEAD": "ref", "docs/.nojekyll": ""} {
		if data, err := os.ReadFile(name); err != nil || string(data) != want {
			t.Errorf("%s = %q, %v; want it kept", name, data, err)
		}
	}
	for _, gone := range []string{"docs/README.md", "docs/img"} {
		if _, err := os.Stat(gone); err == nil {
			t.Errorf("%s is still there after -force", gone)
		}
	}
	manifest, err := os.ReadFile("docs/.dossier-manifest")
	if err != nil || !bytes.Contains(manifest, []byte("\narticles/b/index.html\n")) || bytes.Contains(manifest, []byte("CNAME")) {
		t.Errorf("docs/.dossier-manifest = %q, %v; want the site's files, and not CNAME", manifest, err)
	}

	// The user adds a file; an article goes: its page goes, the rest stays.
	write("docs/notes.txt", "mine")(t)
	if err := os.Remove("content/articles/b.md"); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runHere("build", "-q", "-out", "docs"); code != 0 {
		t.Fatalf("second build: exit %d\n%s", code, stderr)
	}
	for _, kept := range []string{"docs/notes.txt", "docs/CNAME", "docs/.git/HEAD", "docs/articles/a/index.html"} {
		if _, err := os.Stat(kept); err != nil {
			t.Errorf("%s: %v", kept, err)
		}
	}
	if _, err := os.Stat("docs/articles/b"); err == nil {
		t.Error("the removed article's page is still there")
	}
}

// TestEarlierOutput builds over an output folder an earlier dossier wrote,
// without a manifest: recognised by its shape, it is rebuilt, and the
// pages the site no longer has are removed.
func TestEarlierOutput(t *testing.T) {
	t.Chdir(t.TempDir())
	write("content/articles/a.md", "---\ntitle: A\ndate: 2015-02-12\n---\nText.\n")(t)
	write("content/articles/b.md", "---\ntitle: B\ndate: 2015-02-13\n---\nText.\n")(t)
	if code, _, stderr := runHere("build", "-q"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	// As an earlier dossier left it: no manifest, and the hidden file a
	// live rebuild killed halfway leaves.
	if err := os.Remove("build/.dossier-manifest"); err != nil {
		t.Fatal(err)
	}
	write("build/articles/a/.index.html.tmp-123", "half a page")(t)
	if err := os.Remove("content/articles/b.md"); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runHere("build", "-q"); code != 0 {
		t.Fatalf("build over an earlier output: exit %d\n%s", code, stderr)
	}
	for _, gone := range []string{"build/articles/b", "build/articles/a/.index.html.tmp-123"} {
		if _, err := os.Stat(gone); err == nil {
			t.Errorf("%s is still there", gone)
		}
	}
	if _, err := os.Stat("build/.dossier-manifest"); err != nil {
		t.Errorf("no manifest after the build: %v", err)
	}
}

// TestEmptyContent checks that a content folder with no articles does not
// silently replace a site that has some.
func TestEmptyContent(t *testing.T) {
	t.Chdir(t.TempDir())
	write("content/articles/a.md", "---\ntitle: A\ndate: 2015-02-12\n---\nText.\n")(t)
	if code, _, stderr := runHere("build", "-q"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	if err := os.Remove("content/articles/a.md"); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, ".")
	code, _, stderr := runHere("build", "-q")
	want := "content/articles: no articles, where the site in build has 1: building would empty it; if that is what you want, add -allow-empty\ndossier: build failed; build left as it was\n"
	if code != 1 || stderr != want {
		t.Errorf("build of no articles: exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
	compare(t, before, snapshot(t, "."), "")
	if code, _, stderr := runHere("build", "-q", "-allow-empty"); code != 0 {
		t.Fatalf("build -allow-empty: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat("build/articles/a"); err == nil {
		t.Error("build -allow-empty left the article's page")
	}
}

// TestStaticOverPage checks that a static file at a page's path is an
// error, rather than silently hidden by the page.
func TestStaticOverPage(t *testing.T) {
	t.Chdir(t.TempDir())
	write("content/articles/a.md", "---\ntitle: A\ndate: 2015-02-12\n---\nText.\n")(t)
	write("static/index.html", "my own home page")(t)
	write("static/timeline/index.html", "my own timeline")(t)
	code, _, stderr := runHere("build", "-q")
	want := "static/index.html: the site makes a page at index.html, which this file would be hidden by; rename or remove it\n" +
		"static/timeline/index.html: the site makes a page at timeline/index.html, which this file would be hidden by; rename or remove it\n" +
		"dossier: build failed; build left as it was\n"
	if code != 1 || stderr != want {
		t.Errorf("build: exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
}

// TestStagingLeftovers checks that the staging folders a killed build left
// beside the output folder are removed by the next build, and folders
// that only look like them are not.
func TestStagingLeftovers(t *testing.T) {
	t.Chdir(t.TempDir())
	write("content/articles/a.md", "---\ntitle: A\ndate: 2015-02-12\n---\nText.\n")(t)
	write(".build.new-123/.dossier-staging", "")(t)
	write(".build.new-123/site/index.html", "half a site")(t)
	write(".build.new-456/0", "a changed page")(t)
	write(".build.new-789/thesis.odt", "not dossier's")(t)
	if code, _, stderr := runHere("build", "-q"); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, stderr)
	}
	entries, _ := os.ReadDir(".")
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{".build.new-789", "build", "content"}; !slices.Equal(names, want) {
		t.Errorf("after the build the folder holds %q; want %q", names, want)
	}
}

// TestEmbeddedAssets builds the shipped dossier from a folder with no
// templates/ or static/, so with the files embedded in the binary only.
func TestEmbeddedAssets(t *testing.T) {
	shipped, err := filepath.Abs("content")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if code, _, stderr := runHere("build", "-q", "-content", shipped); code != 0 {
		t.Fatalf("dossier build with the embedded templates: exit %d\n%s", code, stderr)
	}
	for _, f := range []string{"build/index.html", "build/style.css", "build/articles/why-xiaomi-mi-phones-not-selling-in-usa-soon/index.html"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
}

func runHere(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

// write returns a setup step writing a file, making its folders.
func write(name, data string) func(*testing.T) {
	return func(t *testing.T) {
		t.Helper()
		treetest.Write(t, "", name, data)
	}
}

// snapshot records every file, folder and link under root: its kind, and a
// hash of its bytes or its link target.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			m[p] = "link " + target
		case d.IsDir():
			m[p] = "dir"
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m[p] = fmt.Sprintf("file %x", sha256.Sum256(data))
		default:
			m[p] = d.Type().String()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// compare reports every difference between two snapshots outside the
// folder except (a path; "" for none).
func compare(t *testing.T, before, after map[string]string, except string) {
	t.Helper()
	inside := func(p string) bool {
		return except != "" && (p == except || strings.HasPrefix(p, except+string(filepath.Separator)))
	}
	for p, b := range before {
		if a, ok := after[p]; !inside(p) && a != b {
			if !ok {
				t.Errorf("%s was removed", p)
			} else {
				t.Errorf("%s changed", p)
			}
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok && !inside(p) {
			t.Errorf("%s was written", p)
		}
	}
}
