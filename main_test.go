package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"dossier/internal/corpus"
	"dossier/internal/treetest"
)

// writeFiles writes path → text under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, text := range files {
		treetest.Write(t, dir, p, text)
	}
}

// runCmd runs the dossier command in dir, as a user would from that folder.
func runCmd(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestBuildCommand(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"content/_index.md":     "---\ntitle: Test\n---\nIntro.\n",
		"content/articles/a.md": "---\ntitle: A\ndate: 2015-02-12\ncompanies: [Xiaomi]\n---\nText.\n",
	})
	code, stdout, stderr := runCmd(t, dir, "build")
	if code != 0 {
		t.Fatalf("dossier build exited %d: %s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "built ") || !strings.Contains(stdout, "from 1 articles") && !strings.Contains(stdout, "from 1 article") {
		t.Errorf("stdout = %q; want the summary line", stdout)
	}
	for _, f := range []string{"index.html", "articles/a/index.html", "companies/xiaomi/index.html", "style.css", "404.html"} {
		if _, err := os.Stat(filepath.Join(dir, "build", f)); err != nil {
			t.Errorf("build/%s: %v", f, err)
		}
	}

	code, stdout, _ = runCmd(t, dir, "build", "-q", "-out", "site", "-base-url", "/repo/")
	if code != 0 || stdout != "" {
		t.Errorf("dossier build -q: exit %d, stdout %q; want 0 and nothing", code, stdout)
	}
	page, err := os.ReadFile(filepath.Join(dir, "site", "articles", "a", "index.html"))
	if err != nil || !bytes.Contains(page, []byte(`href="/repo/companies/xiaomi/"`)) {
		t.Errorf("with -base-url /repo/, the article does not link to /repo/companies/xiaomi/: %v", err)
	}
}

func TestBuildCommandErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"content/articles/a.md": "---\ntitle: A\ndate: 2015-02-12\n---\nText.\n",
	})
	if code, _, stderr := runCmd(t, dir, "build"); code != 0 {
		t.Fatalf("first build failed: %s", stderr)
	}
	before, err := os.ReadFile(filepath.Join(dir, "build", "articles", "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{
		"content/articles/a.md": "---\ntitle: A changed\ndate: 2015-02-12\n---\nText.\n",
		"content/articles/b.md": "---\ntitle: B\ndate: 2015-02-30\n---\n",
		"content/articles/c.md": "---\ndate: 2015\nsource_url: ftp://x\n---\n",
	})
	code, _, stderr := runCmd(t, dir, "build")
	if code != 1 {
		t.Errorf("build with errors exited %d; want 1", code)
	}
	want := `content/articles/b.md:3:7: impossible date "2015-02-30": February 2015 has 28 days
content/articles/c.md:1:1: missing title
content/articles/c.md:3:13: source_url: "ftp://x" must be an http or https URL
dossier: build failed; build left as it was
`
	if stderr != want {
		t.Errorf("stderr:\n%s\nwant:\n%s", stderr, want)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "build", "articles", "a", "index.html"))
	if !bytes.Equal(before, after) {
		t.Errorf("a failed build changed the output")
	}

	code, stdout, stderr := runCmd(t, dir, "check")
	if code != 1 || stdout != "" || !strings.HasPrefix(stderr, "content/articles/b.md:3:7: ") {
		t.Errorf("check: exit %d, stdout %q, stderr %q; want 1, nothing and the errors", code, stdout, stderr)
	}
}

func TestCheckCommandWarnings(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"content/companies/apple.md": "---\nname: Apple\n---\n",
		"content/articles/a.md":      "---\ntitle: A\ndate: 2015\ncompanies: [Xiaomi]\n---\nXiaomi competes with Apple.\n",
		"content/articles/b.md":      "---\ntitle: B\ndate: 2015\ncompanies: [Apple]\n---\nApple.\n",
	})
	code, stdout, stderr := runCmd(t, dir, "check")
	if code != 0 {
		t.Errorf("check exited %d; warnings are not errors", code)
	}
	want := "content/articles/a.md:6:22: warning: names company \"Apple\", which the article is not tagged with\n"
	if stderr != want || stdout != "no errors (1 warning)\n" {
		t.Errorf("check: stdout %q, stderr %q; want %q", stdout, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "build")); !os.IsNotExist(err) {
		t.Errorf("check wrote an output folder")
	}
}

// TestSymlinkOutOfContent checks that a link inside the content folder to a
// file outside it is refused, not read.
func TestSymlinkOutOfContent(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.md")
	writeFiles(t, dir, map[string]string{
		"secret.md":             "---\ntitle: Secret\ndate: 2015\n---\nPrivate.\n",
		"content/articles/a.md": "---\ntitle: A\ndate: 2015\n---\nText.\n",
	})
	if err := os.Symlink(secret, filepath.Join(dir, "content", "articles", "leak.md")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	code, _, stderr := runCmd(t, dir, "build")
	if code != 1 || stderr != "content/articles/leak.md:1:1: links to a file outside the content folder\ndossier: build failed; build left as it was\n" {
		t.Errorf("build: exit %d, stderr %q", code, stderr)
	}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{nil, 2, "usage: dossier"},
		{[]string{"publish"}, 2, `unknown command "publish"`},
		{[]string{"build", "-nope"}, 2, "flag provided but not defined: -nope"},
		{[]string{"build", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"build", "-base-url", "ftp://x/"}, 2, "use a path (/REPO/) or an http(s) URL"},
		{[]string{"build", "-content", "nowhere"}, 1, "content folder"},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, t.TempDir(), tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.err) {
			t.Errorf("dossier %v: exit %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.err)
		}
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
	// Seconds, not milliseconds, when the machine is busy (go test -race).
	summary := regexp.MustCompile(`^built \d+ pages from 30 articles in (\d+ ms|\d+\.\d s)\n$`)
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
