package content

import (
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
)

// TestFileSizeLimit checks both sides of MaxFileSize: a file of exactly the
// limit is read, one byte more is refused before it is read.
func TestFileSizeLimit(t *testing.T) {
	head := "---\ntitle: Big\ndate: 2015-02-12\n---\n"
	for _, tt := range []struct {
		size int
		want string
	}{
		{MaxFileSize, ""},
		{MaxFileSize + 1, "content/articles/big.md:1:1: file is too large (8.1 MB; the limit is 8 MB)"},
		{MaxFileSize + 200<<10, "content/articles/big.md:1:1: file is too large (8.2 MB; the limit is 8 MB)"},
	} {
		data := head + strings.Repeat("a", tt.size-len(head))
		f := LoadFile(fstest.MapFS{"articles/big.md": {Data: []byte(data)}}, "content", "articles/big.md")
		var got string
		for _, d := range f.Diags {
			got += d.String()
		}
		if got != tt.want {
			t.Errorf("LoadFile(a file of %d bytes): diagnostics %q; want %q", tt.size, got, tt.want)
		}
		if tt.want == "" && (f.Article == nil || len(f.Article.Body) != tt.size-len(head)) {
			t.Errorf("LoadFile(a file of %d bytes) did not keep the whole body", tt.size)
		}
	}
}

// TestListMarkers checks what counts as a list opened on a line, and that
// the limit is exact.
func TestListMarkers(t *testing.T) {
	for _, tt := range []struct {
		line string
		want int // column of the marker past the limit, or 0
	}{
		{strings.Repeat("- ", 32) + "x", 0},
		{strings.Repeat("- ", 33) + "x", 65},
		{strings.Repeat("-", 40), 0},         // a thematic break
		{"x " + strings.Repeat("- ", 40), 0}, // markers after text are text
		{strings.Repeat("1.", 40), 0},        // no space after the markers
		{strings.Repeat("> ", 100) + "x", 0}, // quotes alone are fast
		{strings.Repeat("ü ", 2) + strings.Repeat("- ", 40), 0},
		{"   " + strings.Repeat("+ ", 33), 68}, // indented
		{strings.Repeat("12. ", 33), 129},
		{strings.Repeat("é", 3) + "\n" + strings.Repeat("- ", 33), 0}, // one line only
		{strings.Repeat("> * ", 33), 131},
	} {
		if got := listMarkers([]byte(tt.line)); got != tt.want {
			t.Errorf("listMarkers(%q) = %d; want %d", tt.line, got, tt.want)
		}
	}
}

// TestFrontMatterDepth checks the depth front matter may nest, found in its
// text before any decoder reads it: ordinary front matter passes, one
// level past MaxNesting is refused at its place, however it is written.
func TestFrontMatterDepth(t *testing.T) {
	deep := func(open, close string, n int) string {
		return strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	dashes := func(n int) string { return strings.Repeat("- ", n) + "x" }
	indented := func(n int) string {
		var b strings.Builder
		for i := range n {
			b.WriteString(strings.Repeat(" ", i) + "k:\n")
		}
		return b.String() + strings.Repeat(" ", n) + "v: 1\n"
	}
	for _, tt := range []struct {
		name, delim, text string
		line, col         int // of the place past the limit; 0 when none
	}{
		{"ordinary YAML", "---", "title: A\ndate: 2015\ncompanies: [Xiaomi, Apple]\nannotations:\n  - quote: \"a [b] {c}\"\n    about: [X]\n    note: |\n      - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - -\n", 0, 0},
		{"YAML flow, at the limit", "---", "x: " + deep("[", "]", 31), 0, 0},
		{"YAML flow, one past", "---", "x: " + deep("[", "]", 32), 1, 35},
		{"YAML flow mappings", "---", "x: " + deep("{a: ", "}", 40), 1, 128},
		{"YAML flow over lines", "---", "x: [\n" + strings.Repeat("[\n", 40) + "]", 32, 1},
		{"YAML brackets in plain text", "---", "title: a " + strings.Repeat("[", 100) + "\n", 0, 0},
		{"YAML brackets in quotes", "---", "title: \"" + strings.Repeat("[", 100) + "\"\nx: '" + strings.Repeat("{", 100) + "'\n", 0, 0},
		{"YAML a quote over lines", "---", "title: \"a\n  " + strings.Repeat("[", 100) + "\"\n", 0, 0},
		{"YAML dashes, at the limit", "---", dashes(31), 0, 0},
		{"YAML dashes, one past", "---", dashes(33), 1, 65},
		{"YAML dashes under a key", "---", "x:\n  " + dashes(40), 2, 65},
		{"YAML indentation", "---", indented(40), 33, 33},
		{"YAML block scalar", "---", "note: >-\n" + strings.ReplaceAll("  "+indented(40), "\n", "\n  ") + "\nx: 1\n", 0, 0},
		{"YAML comment", "---", "x: 1 # " + strings.Repeat("[", 100), 0, 0},
		{"YAML anchor before a flow", "---", "x: &a " + deep("[", "]", 40), 1, 38},
		{"ordinary TOML", "+++", "title = \"A [b] {c}\"\ndate = 2015-02-12\ncompanies = [\"Xiaomi\"]\n[[annotations]]\nquote = \"x\"\nabout = [\"X\"]\n[params.a.b]\nc = { d = [1.5, 2] }\n", 0, 0},
		{"TOML inline tables", "+++", "x = " + deep("{a=", "}", 10000), 1, 99},
		{"TOML arrays", "+++", "x = " + deep("[", "]", 40), 1, 37},
		{"TOML arrays, at the limit", "+++", "x = " + deep("[", "]", 31), 0, 0},
		{"TOML dotted key", "+++", "title = \"x\"\n" + strings.Repeat("a.", 40) + "a = 1\n", 2, 1},
		{"TOML table header", "+++", "[" + strings.Repeat("a.", 40) + "a]\nb = 1\n", 1, 1},
		{"TOML array of tables", "+++", "[[" + strings.Repeat("a.", 31) + "a]]\nb = 1\n", 1, 1},
		{"TOML strings", "+++", "x = \"" + strings.Repeat("[", 100) + "\"\ny = '''\n" + strings.Repeat("{", 100) + "\n'''\n", 0, 0},
		{"TOML comment", "+++", "x = 1 # " + strings.Repeat("[", 100), 0, 0},
	} {
		line, col := frontMatterDepth(tt.delim, []byte(tt.text))
		if line != tt.line || col != tt.col {
			t.Errorf("%s: frontMatterDepth = %d:%d; want %d:%d", tt.name, line, col, tt.line, tt.col)
		}
	}
}

// TestLimits checks the limits on what one article may hold, at their
// place, through LoadFile: just under each passes, just over is refused.
func TestLimits(t *testing.T) {
	head := "---\ntitle: A\ndate: 2015-02-12\n"
	tags := func(n int) string {
		var b strings.Builder
		b.WriteString(head + "companies:\n")
		for i := range n - 2 {
			fmt.Fprintf(&b, "  - Company %d\n", i)
		}
		b.WriteString("markets: [China]\nexecutives: Lei Jun\n---\nText.\n")
		return b.String()
	}
	annotations := func(n int) string {
		var b strings.Builder
		b.WriteString(head + "annotations:\n")
		for range n {
			b.WriteString("  - quote: Text\n")
		}
		return b.String() + "---\nText.\n"
	}
	table := func(rows int) string {
		var b strings.Builder
		b.WriteString(head + "---\nIntro.\n\n> | a | b \\| c | d |\n> |---|---|---|\n")
		for range rows {
			b.WriteString("> | 1 | 2 | 3 |\n")
		}
		return b.String() + "\nAfter.\n"
	}
	for _, tt := range []struct {
		name, text, want string
	}{
		{"tags at the limit", tags(MaxTags), ""},
		{"tags past the limit", tags(MaxTags + 1), "content/articles/a.md:105:13: an article may tag at most 100 companies, markets and executives; this one tags 101"},
		{"annotations at the limit", annotations(MaxAnnotations), ""},
		{"annotations past the limit", annotations(MaxAnnotations + 2), "content/articles/a.md:1005:5: annotation 1001: an article may have at most 1000 annotations; this one has 1002"},
		{"table cells at the limit", table(MaxTableCells/3 - 2), ""},
		{"table cells past the limit", table(MaxTableCells/3 - 1), "content/articles/a.md:6673:1: more than 20000 table cells in one article: a table this large takes the renderer gigabytes of memory; split it, or link to the data"},
		{"front matter too deep", head + "x: " + strings.Repeat("[", 40) + "\n---\n", "content/articles/a.md:4:35: front matter nests deeper than 32 levels"},
		{"front matter too deep through aliases", head + "a: &a " + strings.Repeat("[", 20) + strings.Repeat("]", 20) +
			"\nb: " + strings.Repeat("[", 15) + "*a" + strings.Repeat("]", 15) + "\n---\n", "content/articles/a.md:5:19: front matter nests deeper than 32 levels"},
	} {
		f := LoadFile(fstest.MapFS{"articles/a.md": {Data: []byte(tt.text)}}, "content", "articles/a.md")
		var got []string
		for _, d := range f.Diags.Errors() {
			got = append(got, d.String())
		}
		if strings.Join(got, "\n") != tt.want {
			t.Errorf("%s: errors %q; want %q", tt.name, got, tt.want)
		}
	}
}
