package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestEmbeddedAssets builds the shipped dossier from a folder with no
// templates/ or static/, so with the files embedded in the binary only.
func TestEmbeddedAssets(t *testing.T) {
	shipped, err := filepath.Abs("content")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	if code, _, stderr := runCmd("build", "-q", "-content", shipped); code != 0 {
		t.Fatalf("dossier build with the embedded templates: exit %d\n%s", code, stderr)
	}
	for _, f := range []string{"build/index.html", "build/style.css", "build/articles/why-xiaomi-mi-phones-not-selling-in-usa-soon/index.html"} {
		if _, err := os.Stat(f); err != nil {
			t.Error(err)
		}
	}
}

func runCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}
