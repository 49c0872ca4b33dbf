package build

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/content"
)

// TestShippedDatesAreExplained checks the shipped dossier's dates: no
// footnote in an article's text explains a date (the editors' reasons are
// date_note, which pages show as theirs), and every date that is not the
// publisher's has its note. Check is also run on a copy of the dossier
// with such a footnote put back, which it must report: a test that can
// fail.
func TestShippedDatesAreExplained(t *testing.T) {
	shipped := os.DirFS("../../content")
	diags, err := Check(testOptions(t, shipped))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		t.Errorf("dossier check: %s", d)
	}
	c, err := content.Load(shipped, "content")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range c.Articles {
		if a.DateBasis != content.BasisStated && strings.TrimSpace(a.DateNote) == "" {
			t.Errorf("%s: date_basis %s without a date_note", a.File, a.DateBasis)
		}
	}

	copied := fstest.MapFS{}
	err = fs.WalkDir(shipped, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := fs.ReadFile(shipped, p)
		copied[p] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	const file = "articles/xiaomi-tackles-us-market-without-a-smartphone-release.md"
	f := copied[file]
	if f == nil {
		t.Fatalf("the shipped dossier has no %s", file)
	}
	text := string(f.Data)
	text = strings.Replace(text, "during 2015, encouraging", "during 2015[^1], encouraging", 1)
	text += "\n[^1]: The article is undated; the editors place it in February 2015.\n"
	f.Data = []byte(text)
	diags, err = Check(testOptions(t, copied))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, d := range diags {
		found = found || strings.Contains(d.String(), "content/"+file) && strings.Contains(d.String(), "footnote [^1] looks like a note on the date")
	}
	if !found {
		t.Errorf("dossier check of the dossier with a dating footnote reported %v; want the footnote", diags)
	}
}
