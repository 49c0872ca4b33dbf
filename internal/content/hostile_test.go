package content

import (
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
