package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewDossier starts a dossier from nothing as an editor would: dossier
// new DIR, then an article and a company, a [[link]] between them, build
// and check, all through the real command in a temporary folder.
func TestNewDossier(t *testing.T) {
	root := t.TempDir()
	code, stdout, stderr := runCmd(t, root, "new", "mine")
	if code != 0 {
		t.Fatalf("dossier new mine: exit %d: %s", code, stderr)
	}
	dir := filepath.Join(root, "mine")
	for _, f := range []string{"content/_index.md", "content/articles/example-corp-opens-its-first-store-abroad.md",
		"content/companies/example-corp.md", "content/markets/testland.md", "content/executives/jane-doe.md",
		"content/claims/example-corp-first-week-sales.md", ".gitignore", ".github/workflows/pages.yml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("dossier new: %v", err)
		}
		if !strings.Contains(stdout, "mine/"+f) {
			t.Errorf("dossier new printed %q; want it to list %s", stdout, f)
		}
	}
	// The example article uses every common field, with comments.
	example, _ := os.ReadFile(filepath.Join(dir, "content/articles/example-corp-opens-its-first-store-abroad.md"))
	for _, key := range []string{"title:", "date:", "date_basis:", "date_note:", "title_basis:", "source:", "source_url:", "author:",
		"companies:", "regions:", "executives:", "summary:", "slug:", "draft:", "annotations:", "kind: quote", "kind: claim", "# "} {
		if !strings.Contains(string(example), key) {
			t.Errorf("the example article has no %q", key)
		}
	}
	if code, _, stderr := runCmd(t, dir, "check"); code != 0 {
		t.Fatalf("dossier check of a new dossier: exit %d: %s", code, stderr)
	}

	code, stdout, stderr = runCmd(t, dir, "new", "article", "Xiaomi opens a US store")
	if code != 0 || stdout != "wrote content/articles/xiaomi-opens-a-us-store.md: fill in its front matter\n" {
		t.Fatalf("dossier new article: exit %d, %q %q", code, stdout, stderr)
	}
	code, stdout, stderr = runCmd(t, dir, "new", "company", "Xiaomi", "Inc.")
	if code != 0 || stdout != "wrote content/companies/xiaomi-inc.md: fill in its front matter\n" {
		t.Fatalf("dossier new company: exit %d, %q %q", code, stdout, stderr)
	}
	// Never over an existing file.
	before, _ := os.ReadFile(filepath.Join(dir, "content/companies/xiaomi-inc.md"))
	code, _, stderr = runCmd(t, dir, "new", "company", "Xiaomi Inc")
	if code != 1 || !strings.Contains(stderr, "content/companies/xiaomi-inc.md exists already; dossier never overwrites a file") {
		t.Errorf("dossier new company over an existing file: exit %d, %q; want 1 and a refusal", code, stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "content/companies/xiaomi-inc.md")); string(after) != string(before) {
		t.Errorf("dossier new changed an existing file")
	}

	// The new files, filled in, with a link between them.
	article := filepath.Join(dir, "content/articles/xiaomi-opens-a-us-store.md")
	data, _ := os.ReadFile(article)
	text := strings.Replace(string(data), "companies: []", "companies: [Xiaomi Inc.]", 1)
	text += "\n[[Xiaomi Inc.|Xiaomi]] opens a store, after [[Example Corp opens its first store abroad]].\n"
	if err := os.WriteFile(article, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCmd(t, dir, "build", "-base-url", "/mine/")
	if code != 0 {
		t.Fatalf("dossier build: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "from 2 articles in") {
		t.Errorf("dossier build printed %q", stdout)
	}
	page, _ := os.ReadFile(filepath.Join(dir, "build/articles/xiaomi-opens-a-us-store/index.html"))
	for _, want := range []string{`<a href="/mine/companies/xiaomi-inc/">Xiaomi</a> opens a store`, `<a href="/mine/articles/example-corp-opens-its-first-store-abroad/">Example Corp opens its first store abroad</a>`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the new article's page has no %s", want)
		}
	}
	cited, _ := os.ReadFile(filepath.Join(dir, "build/articles/example-corp-opens-its-first-store-abroad/index.html"))
	if !strings.Contains(string(cited), "Cited in this dossier by") || !strings.Contains(string(cited), "Xiaomi opens a US store") {
		t.Errorf("the cited article does not list the article citing it")
	}
	if code, stdout, stderr := runCmd(t, dir, "check"); code != 0 || !strings.HasPrefix(stdout, "no errors") {
		t.Errorf("dossier check: exit %d, %q %q", code, stdout, stderr)
	}

	// A link to nothing fails the build, at its place, with the closest name.
	text += "See [[Xiaomi Inx]].\n"
	os.WriteFile(article, []byte(text), 0o644)
	code, _, stderr = runCmd(t, dir, "build")
	if code != 1 || !strings.Contains(stderr, `content/articles/xiaomi-opens-a-us-store.md:`) || !strings.Contains(stderr, `closest: [[Xiaomi Inc.]]`) {
		t.Errorf("dossier build with an unknown name: exit %d, %q", code, stderr)
	}

	// dossier new refuses a folder that holds anything.
	code, _, stderr = runCmd(t, root, "new", "mine")
	if code != 1 || !strings.Contains(stderr, "mine is not empty") {
		t.Errorf("dossier new into a non-empty folder: exit %d, %q; want a refusal", code, stderr)
	}
}

// TestTemplatesCommand writes the built-in look out, and never over a file.
func TestTemplatesCommand(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCmd(t, dir, "templates", ".")
	if code != 0 || !strings.HasPrefix(stdout, "wrote ") {
		t.Fatalf("dossier templates .: exit %d, %q %q", code, stdout, stderr)
	}
	for _, f := range []string{"templates/base.html", "templates/_partials.html", "templates/article.html", "static/style.css"} {
		want, _ := assets.ReadFile(f)
		got, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s: written %d bytes (%v); want the embedded %d", f, len(got), err, len(want))
		}
	}
	code, _, stderr = runCmd(t, dir, "templates", ".")
	if code != 1 || !strings.Contains(stderr, "dossier never overwrites a file: nothing written") {
		t.Errorf("dossier templates . again: exit %d, %q; want a refusal", code, stderr)
	}
	// The written look is used: a change to it shows in the site.
	base := filepath.Join(dir, "templates/base.html")
	data, _ := os.ReadFile(base)
	os.WriteFile(base, []byte(strings.Replace(string(data), "<body", "<body data-custom-look", 1)), 0o644)
	writeFiles(t, dir, map[string]string{"content/articles/a.md": "---\ntitle: A\ndate: 2015\n---\nText.\n"})
	if code, _, stderr := runCmd(t, dir, "build"); code != 0 {
		t.Fatalf("build: %s", stderr)
	}
	if page, _ := os.ReadFile(filepath.Join(dir, "build/index.html")); !strings.Contains(string(page), "data-custom-look") {
		t.Errorf("the build did not use the templates written out")
	}
}
