package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/internal/treetest"
)

// TestOutGuard checks that the output folder, which every build deletes and
// writes anew, can be neither the content folder nor hold it or the current
// folder.
func TestOutGuard(t *testing.T) {
	t.Chdir(t.TempDir())
	write("content/articles/a.md", "---\ntitle: A\ndate: 2015-02-12\n---\nText.\n")(t)
	before := snapshot(t, ".")
	for _, tt := range []struct{ args, want string }{
		{"-out content", "dossier: -out content would delete the content folder content: each build replaces the output folder whole\n"},
		{"-out .", "dossier: -out . would delete the content folder content: each build replaces the output folder whole\n"},
		{"-out ./content/", "dossier: -out ./content/ would delete the content folder content: each build replaces the output folder whole\n"},
		{"-out .. -content content", "dossier: -out .. would delete the content folder content: each build replaces the output folder whole\n"},
		{"-out site -static site/static", "dossier: -out site would delete the static folder site/static: each build replaces the output folder whole\n"},
	} {
		code, _, stderr := runHere(append([]string{"build"}, strings.Fields(tt.args)...)...)
		if code != 2 || stderr != tt.want {
			t.Errorf("dossier build %s: exit %d, stderr %q; want exit 2, %q", tt.args, code, stderr, tt.want)
		}
	}
	compare(t, before, snapshot(t, "."), "")
	if code, _, stderr := runHere("build", "-q", "-out", "content/site"); code != 0 {
		t.Errorf("dossier build -out content/site: exit %d\n%s", code, stderr)
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
