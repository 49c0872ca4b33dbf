package content

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"dossier/internal/corpus"
)

// TestSplitPlain checks what splitPlain reads and declines, and that what
// it reads, adrg/frontmatter reads alike.
func TestSplitPlain(t *testing.T) {
	for _, tt := range []struct {
		name string
		data string
		ok   bool
		want frontSplit // delim, text and body, when ok
	}{
		{"common", "---\ntitle: A\n---\nBody\n", true, frontSplit{"---", []byte("title: A\n"), []byte("Body\n")}},
		{"closed at the end", "---\ntitle: A\n---", true, frontSplit{"---", []byte("title: A\n"), []byte("")}},
		{"closed, then a line feed", "---\ntitle: A\n---\n", true, frontSplit{"---", []byte("title: A\n"), []byte("")}},
		{"empty front matter", "---\n---\nBody", true, frontSplit{"---", []byte(""), []byte("Body")}},
		{"blank lines after", "---\na: 1\n---\n\n\nBody", true, frontSplit{"---", []byte("a: 1\n"), []byte("\n\nBody")}},
		{"delimiters with spaces", "--- \t\na: 1\n  ---  \nBody", true, frontSplit{"---", []byte("a: 1\n"), []byte("Body")}},
		{"CRLF", "---\r\na: 1\r\n---\r\nBody\r\n", true, frontSplit{"---", []byte("a: 1\r\n"), []byte("Body\r\n")}},
		{"no-break space around", "\u00a0---\u00a0\na: 1\n\u2003---\nBody", true, frontSplit{"---", []byte("a: 1\n"), []byte("Body")}},
		{"first closing line ends it", "---\na: 1\n---\nb: 2\n---\n", true, frontSplit{"---", []byte("a: 1\n"), []byte("b: 2\n---\n")}},
		{"four dashes are not a delimiter", "---\na: 1\n----\n---\nBody", true, frontSplit{"---", []byte("a: 1\n----\n"), []byte("Body")}},
		{"no front matter", "# Title\n\n---\nText\n", true, frontSplit{"", nil, []byte("# Title\n\n---\nText\n")}},
		{"one line", "---", true, frontSplit{"", nil, []byte("---")}},
		{"one line of text", "Just text", true, frontSplit{"", nil, []byte("Just text")}},
		{"other opening", "---yaml\na: 1\n---\n", true, frontSplit{"", nil, []byte("---yaml\na: 1\n---\n")}},
		{"dashes then a carriage return alone", "---\ra: 1\n---\n", true, frontSplit{"", nil, []byte("---\ra: 1\n---\n")}},

		{"blank line first", "\n---\na: 1\n---\n", false, frontSplit{}},
		{"spaces first", "  \n---\na: 1\n---\n", false, frontSplit{}},
		{"TOML", "+++\na = 1\n+++\n", false, frontSplit{}},
		{"never closed", "---\na: 1\nBody\n", false, frontSplit{}},
		{"never closed, opening alone", "---\n", false, frontSplit{}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(tt.data)
			got, ok := splitPlain(data)
			if ok != tt.ok {
				t.Fatalf("splitPlain(%q): ok = %v; want %v", tt.data, ok, tt.ok)
			}
			if !ok {
				return
			}
			if d := diffSplit(got, tt.want); d != "" {
				t.Errorf("splitPlain(%q): %s", tt.data, d)
			}
			if d := compareSplitPlain(data); d != "" {
				t.Errorf("splitPlain(%q) differs from adrg/frontmatter: %s", tt.data, d)
			}
		})
	}
}

// TestSplitPlainRepository compares both ways of splitting on every
// content file in the repository and on a generated corpus, and requires
// the fast one to read all of the corpus the benchmarks load.
func TestSplitPlainRepository(t *testing.T) {
	for p, data := range repositoryFiles(t) {
		if d := compareSplitPlain(data); d != "" {
			t.Errorf("%s: splitPlain differs from adrg/frontmatter: %s", p, d)
		}
	}
	for f := range corpus.Files(corpus.Options{Articles: 200, Seed: 1}) {
		if _, ok := splitPlain(f.Data); !ok {
			t.Errorf("corpus file %s: splitPlain declines it", f.Path)
		}
		if d := compareSplitPlain(f.Data); d != "" {
			t.Errorf("corpus file %s: splitPlain differs from adrg/frontmatter: %s", f.Path, d)
		}
	}
}

// compareSplitPlain returns how splitPlain's cut of data differs from
// adrg/frontmatter's when splitPlain accepts data, or "". The body must be
// the same slice of data, and so start on the same line.
func compareSplitPlain(data []byte) string {
	fast, ok := splitPlain(data)
	if !ok {
		return ""
	}
	slow, err := splitFrontmatter(data)
	if err != nil {
		return fmt.Sprintf("adrg/frontmatter fails: %v", err)
	}
	if d := diffSplit(fast, slow); d != "" {
		return d
	}
	if len(fast.body) > 0 && &fast.body[0] != &data[len(data)-len(fast.body)] {
		return "the body is not the end of the file's data"
	}
	return ""
}

// diffSplit says how got differs from want, or returns "".
func diffSplit(got, want frontSplit) string {
	var diffs []string
	if got.delim != want.delim {
		diffs = append(diffs, fmt.Sprintf("delimiter %q; want %q", got.delim, want.delim))
	}
	if !bytes.Equal(got.text, want.text) || (got.text == nil) != (want.text == nil) {
		diffs = append(diffs, fmt.Sprintf("front matter %q; want %q", got.text, want.text))
	}
	if !bytes.Equal(got.body, want.body) {
		diffs = append(diffs, fmt.Sprintf("body %q; want %q", got.body, want.body))
	}
	return strings.Join(diffs, "; ")
}

// splitPieces are lines, or parts of lines, that a file put together from
// them may hold, delimiters and near delimiters first.
var splitPieces = []string{
	"---", "---", "---", "+++", "--- ", " ---", "---\t", "----", "--", "- - -", "---yaml", "\u00a0---", "---\u2028", "---\u0085",
	"", " ", "\t", "\r", "\v", "\f", "\u00a0", "\ufeff", "title: A", "date: 2015", "# Heading", "a = 1", "...",
}

// generatedSplitFile puts a file together from splitPieces, one to eight
// lines, each ended by a line feed, a carriage return and a line feed, or
// nothing but the next piece.
func generatedSplitFile(rng *rand.Rand) []byte {
	var b bytes.Buffer
	for range 1 + rng.IntN(8) {
		b.WriteString(splitPieces[rng.IntN(len(splitPieces))])
		switch rng.IntN(6) {
		case 0:
		case 1:
			b.WriteString("\r\n")
		default:
			b.WriteString("\n")
		}
	}
	return b.Bytes()
}

// TestSplitPlainGenerated compares both ways of splitting on files put
// together from pieces that look like delimiters.
func TestSplitPlainGenerated(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	accepted := 0
	for range 100000 {
		data := generatedSplitFile(rng)
		if _, ok := splitPlain(data); ok {
			accepted++
		}
		if d := compareSplitPlain(data); d != "" {
			t.Fatalf("splitPlain(%q) differs from adrg/frontmatter: %s", data, d)
		}
	}
	if accepted < 10000 {
		t.Errorf("splitPlain accepts %d of 100,000 generated files; the comparison needs more", accepted)
	}
}

// FuzzSplitPlain compares splitPlain with adrg/frontmatter on arbitrary
// files: whatever splitPlain accepts, adrg/frontmatter must cut alike.
func FuzzSplitPlain(f *testing.F) {
	for _, data := range repositoryFiles(f) {
		f.Add(data)
	}
	for _, file := range corpus.Generate(corpus.Options{Articles: 20, Seed: 1}) {
		f.Add(file.Data)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for range 200 {
		f.Add(generatedSplitFile(rng))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if d := compareSplitPlain(data); d != "" {
			t.Fatalf("splitPlain(%q) differs from adrg/frontmatter: %s", data, d)
		}
	})
}
