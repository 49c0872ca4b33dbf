package starter

import (
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/content"
)

// TestEntry checks where new files go and that their front matter reads
// back as the name given, whatever it holds.
func TestEntry(t *testing.T) {
	tests := []struct {
		kind, name string
		path       string
		err        string
	}{
		{"article", "Xiaomi opens a US store", "articles/xiaomi-opens-a-us-store.md", ""},
		{"company", "Xiaomi Inc.", "companies/xiaomi-inc.md", ""},
		{"market", "  United States ", "markets/united-states.md", ""},
		{"executive", "Hugo Barra", "executives/hugo-barra.md", ""},
		{"claim", `Xiaomi's "rank": 2nd`, "claims/xiaomi-s-rank-2nd.md", ""},
		{"company", "Société Générale", "companies/societe-generale.md", ""},
		{"gadget", "X", "", `cannot make a new "gadget"`},
		{"company", "!!", "", "no letter or digit"},
	}
	for _, tt := range tests {
		f, err := Entry(tt.kind, tt.name, "2026-12-07")
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Entry(%q, %q) error %v; want %q", tt.kind, tt.name, err, tt.err)
			}
			continue
		}
		if err != nil || f.Path != tt.path {
			t.Errorf("Entry(%q, %q) = %s, %v; want %s", tt.kind, tt.name, f.Path, err, tt.path)
			continue
		}
		c, err := content.Load(fstest.MapFS{f.Path: {Data: f.Data}}, "content")
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Diags) > 0 {
			t.Errorf("Entry(%q, %q) reads back with problems: %v\n%s", tt.kind, tt.name, c.Diags, f.Data)
		}
		name := strings.TrimSpace(tt.name)
		switch {
		case len(c.Articles) == 1:
			if c.Articles[0].Title != name || c.Articles[0].Date.ISO() != "2026-12-07" {
				t.Errorf("new article reads back as %q, %s", c.Articles[0].Title, c.Articles[0].Date.ISO())
			}
		case len(c.Profiles) == 1:
			if c.Profiles[0].Name != name {
				t.Errorf("new %s reads back as %q; want %q", tt.kind, c.Profiles[0].Name, name)
			}
		case len(c.Claims) == 1:
			if c.Claims[0].Title != name {
				t.Errorf("new claim reads back as %q; want %q", c.Claims[0].Title, name)
			}
		default:
			t.Errorf("Entry(%q, %q) reads back as nothing", tt.kind, tt.name)
		}
	}
}

// TestDossierFiles checks the new dossier's file names: dot- made a dot.
func TestDossierFiles(t *testing.T) {
	var names []string
	for _, f := range Dossier() {
		names = append(names, f.Path)
	}
	got := strings.Join(names, " ")
	for _, want := range []string{".gitignore", ".github/workflows/pages.yml", "content/_index.md"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("Dossier() = %s; want %s among them", got, want)
		}
	}
}
