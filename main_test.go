package main

import (
	"path/filepath"
	"testing"
	"testing/fstest"

	"dossier/internal/build"
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
