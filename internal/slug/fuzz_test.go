package slug

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// seedNames adds, as seeds, every line of the project's test cases and of
// the shipped content: the names, titles and slugs editors write, and the
// hostile ones.
func seedNames(f *testing.F) {
	f.Helper()
	for _, s := range []string{
		"United States", "Xiaomi Inc.", "U.S.", "Hewlett-Packard", "Ærøskøbing", "İstanbul", "ǅemal",
		"../../etc/passwd", `..\..\evil`, "..", "---", "", " ", "東京", "Straße", "e\u0301", "\xff\xfe",
	} {
		f.Add(s)
	}
	var files []string
	for _, pattern := range []string{"../build/testdata/*/*.txtar", "../../content/*/*.md", "../../content/*.md"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if _, v, ok := strings.Cut(line, ": "); ok && len(v) < 200 {
				f.Add(v)
			}
		}
	}
}

// FuzzMake checks that a slug, whatever it is made from, is one URL name:
// lowercase letters and digits in runs joined by single hyphens, nothing
// that names another folder, and already its own slug.
func FuzzMake(f *testing.F) {
	seedNames(f)
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if got == "" {
			return
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Make(%q) = %q: not UTF-8", s, got)
		}
		if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Errorf("Make(%q) = %q: stray hyphens", s, got)
		}
		for _, r := range got {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Errorf("Make(%q) = %q: holds %q", s, got, r)
			}
		}
		if again := Make(got); again != got {
			t.Errorf("Make(%q) = %q, but Make(%q) = %q", s, got, got, again)
		}
	})
}

// FuzzKey checks that a key is words joined by single spaces and is its own
// key, so that matching a key against keys is stable.
func FuzzKey(f *testing.F) {
	seedNames(f)
	f.Fuzz(func(t *testing.T, s string) {
		got := Key(s)
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Errorf("Key(%q) = %q: stray spaces", s, got)
		}
		if again := Key(got); again != got {
			t.Errorf("Key(%q) = %q, but Key(%q) = %q", s, got, got, again)
		}
		if (got == "") != (Make(s) == "") {
			t.Errorf("Key(%q) = %q but Make(%q) = %q: one has a letter or digit, the other not", s, got, s, Make(s))
		}
	})
}
