package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"testing"
	"testing/fstest"

	"dossier/internal/build"
	"dossier/internal/corpus"
)

// TestEmbeddedAssets builds a small dossier with only the templates and
// static files built into the binary, as dossier does when run outside a
// folder that has its own: they must be complete, partials included.
func TestEmbeddedAssets(t *testing.T) {
	content := fstest.MapFS{
		"articles/a.md": {Data: []byte("---\ntitle: A\ndate: 2015-02-12\nsource: S\ncompanies: [X]\n---\nText.\n")},
	}
	res, err := build.Build(build.Options{
		Content:     content,
		ContentName: "content",
		Templates:   embedded("templates"),
		Static:      embedded("static"),
		Out:         filepath.Join(t.TempDir(), "build"),
	})
	if err != nil {
		t.Fatalf("Build with the embedded templates: %v %v", err, res.Diags)
	}
}

// TestBuildOutput checks what a build prints when its output is not a
// terminal: the summary line alone, with no progress and no escape codes;
// and nothing with -q.
func TestBuildOutput(t *testing.T) {
	dir := t.TempDir()
	content, err := corpus.Write(dir, corpus.Options{Articles: 30, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "build")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"build", "-content", content, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build exited with %d: %s", code, stderr.String())
	}
	summary := regexp.MustCompile(`^built \d+ pages from 30 articles in \d+ ms\n$`)
	if !summary.MatchString(stdout.String()) {
		t.Errorf("build printed %q; want one summary line", stdout.String())
	}
	stdout.Reset()
	if code := run([]string{"build", "-q", "-content", content, "-out", out}, &stdout, &stderr); code != 0 {
		t.Fatalf("build -q exited with %d: %s", code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("build -q printed %q; want nothing", stdout.String())
	}
}
