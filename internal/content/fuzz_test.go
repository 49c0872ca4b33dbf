package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"dossier/internal/slug"

	"golang.org/x/tools/txtar"
)

// fuzzPaths are the roles a fuzzed file is loaded as.
var fuzzPaths = []string{"_index.md", "articles/a.md", "companies/a.md", "markets/a.md", "executives/a.md", "claims/a.md"}

// seedFiles returns the content files of the project's test cases and of
// the shipped dossier, as (role index, bytes) seeds.
func seedFiles(f *testing.F) {
	f.Helper()
	add := func(p string, data []byte) {
		role := 1
		for i, fp := range fuzzPaths {
			if dir, _, _ := strings.Cut(fp, "/"); strings.HasPrefix(p, dir+"/") || p == fp {
				role = i
			}
		}
		f.Add(uint8(role), data)
	}
	archives, _ := filepath.Glob("../build/testdata/*/*.txtar")
	for _, a := range archives {
		ar, err := txtar.ParseFile(a)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if p, ok := strings.CutPrefix(file.Name, "content/"); ok {
				add(p, file.Data)
			}
		}
	}
	filepath.WalkDir("../../content", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel("../../content", p)
			add(filepath.ToSlash(rel), data)
		}
		return nil
	})
}

// FuzzLoadFile loads arbitrary bytes as each kind of content file. Loading
// must not panic, must report every problem as one line at a place inside
// the file, and a file it accepts must be usable: an article with a title,
// a date and a slug that names one folder.
func FuzzLoadFile(f *testing.F) {
	seedFiles(f)
	f.Fuzz(func(t *testing.T, role uint8, data []byte) {
		p := fuzzPaths[int(role)%len(fuzzPaths)]
		file := LoadFile(fstest.MapFS{p: {Data: data}}, "content", p)
		if file == nil {
			t.Fatalf("LoadFile(%s) = nil", p)
		}
		lines := strings.Split(string(data), "\n")
		for _, d := range file.Diags {
			if d.Pos.File != "content/"+p {
				t.Errorf("%s: diagnostic names file %q", d, d.Pos.File)
			}
			if d.Pos.Line < 1 || d.Pos.Line > len(lines) {
				t.Errorf("%s: line %d is not in the file's %d lines", d, d.Pos.Line, len(lines))
			} else if n := utf8.RuneCountInString(lines[d.Pos.Line-1]); d.Pos.Col < 1 || d.Pos.Col > n+1 {
				t.Errorf("%s: column %d is not on line %d (%d characters)", d, d.Pos.Col, d.Pos.Line, n)
			}
			if d.Msg == "" || strings.ContainsAny(d.Msg, "\n\r") {
				t.Errorf("diagnostic at %s: message %q is not one line", d.Pos, d.Msg)
			}
		}
		if file.Diags.HasErrors() || file.Article == nil {
			return
		}
		a := file.Article
		if a.Title == "" || a.Date.IsZero() {
			t.Errorf("article accepted without a title or date: %q, %v", a.Title, a.Date)
		}
		if a.Slug == "" || strings.ContainsAny(a.Slug, `/\`) || strings.Contains(a.Slug, "..") || slug.Make(a.Slug) != a.Slug {
			t.Errorf("article accepted with slug %q", a.Slug)
		}
	})
}

// FuzzParseDate checks that a date accepted is a real date, written back as
// it was read: ParseDate(d.ISO()) is d.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2015", "2015-02", "2015-02-12", "2016-02-29", "2015-02-29", "2015-02-12T09:30:00Z",
		"2015-02-12 09:30", "2015-02-12T09:30:00+08:00", "0000", "9999-12-31", "2015-13", "2015-2-1", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n\r") && !strings.ContainsAny(s, "\n\r") {
				t.Errorf("ParseDate(%q): error %q is not one line", s, err)
			}
			return
		}
		if d.Year < 1 || d.Month < 0 || d.Month > 12 || d.Day < 0 || d.Day > 31 || (d.Month == 0 && d.Day != 0) {
			t.Fatalf("ParseDate(%q) = %+v: not a date", s, d)
		}
		if d.Day > 0 && d.Day > daysIn(d.Year, d.Month) {
			t.Fatalf("ParseDate(%q) = %+v: no such day", s, d)
		}
		back, err := ParseDate(d.ISO())
		if err != nil || back.Year != d.Year || back.Month != d.Month || back.Day != d.Day || !back.Time.Equal(d.Time) {
			t.Errorf("ParseDate(%q).ISO() = %q, which reads back as %+v, %v", s, d.ISO(), back, err)
		}
		if d.String() == "" {
			t.Errorf("ParseDate(%q).String() is empty", s)
		}
	})
}

// FuzzFrontMatterDepth runs the depth scans of YAML and TOML front matter
// on any text: they must not fail, and a place they report must be in it.
func FuzzFrontMatterDepth(f *testing.F) {
	for _, s := range []string{
		"x: [[[1]]]\n", "- - - x\n", "a:\n  b:\n    c: |\n      - x\n", "x: \"a\n[\"\n", "x: 'it''s [' \n",
		"x = {a={b=1}}\n", "[a.b.c]\nd = 1\n", "[[a]]\nb = [[1], [2]]\n", "x = \"\"\"\n[\n\"\"\"\n", "a.b.c = 1 # [[[\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, delim := range []string{"---", "+++"} {
			line, col := frontMatterDepth(delim, []byte(s))
			if line == 0 {
				continue
			}
			lines := strings.Split(s, "\n")
			if line > len(lines) || col < 1 || col > utf8.RuneCountInString(lines[line-1])+1 {
				t.Errorf("frontMatterDepth(%q, %q) = %d:%d, not a place in the text", delim, s, line, col)
			}
		}
	})
}
