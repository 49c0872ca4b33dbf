package main

import (
	"io/fs"
	"os"
	"testing"

	"dossier/internal/site"
)

// TestEmbedded checks that the binary carries every template and static
// file of the repository, partials included, so that it builds a site
// wherever it runs.
func TestEmbedded(t *testing.T) {
	for _, dir := range []string{"templates", "static"} {
		want, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range want {
			if _, err := fs.Stat(embedded(dir), e.Name()); err != nil {
				t.Errorf("%s/%s is not embedded: %v", dir, e.Name(), err)
			}
		}
	}
	if _, err := site.LoadTemplates(embedded("templates")); err != nil {
		t.Errorf("embedded templates: %v", err)
	}
}
