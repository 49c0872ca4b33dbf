package diag

import "testing"

// TestPosFile checks that file names that could move the terminal's
// cursor, change its colours or forge another message's line are printed
// quoted, and others as they are.
func TestPosFile(t *testing.T) {
	tests := []struct {
		pos  Pos
		want string
	}{
		{Pos{File: "content/articles/a.md", Line: 3, Col: 7}, "content/articles/a.md:3:7"},
		{Pos{File: "content/articles/café au lait.md", Line: 1, Col: 1}, "content/articles/café au lait.md:1:1"},
		{Pos{File: "content/articles/小米.md", Line: 1}, "content/articles/小米.md:1"},
		{Pos{File: "static"}, "static"},
		{Pos{File: "content/articles/clear\x1b[2Jscreen.md", Line: 1, Col: 1}, `"content/articles/clear\x1b[2Jscreen.md":1:1`},
		{Pos{File: "x.md\ncontent/articles/good.md:1:1: forged", Line: 1, Col: 1}, `"x.md\ncontent/articles/good.md:1:1: forged":1:1`},
		{Pos{File: "a\rb.md", Line: 2, Col: 1}, `"a\rb.md":2:1`},
		{Pos{File: "bidi\u202e.md", Line: 1, Col: 1}, `"bidi\u202e.md":1:1`},
		{Pos{File: "latin1\xe9.md", Line: 1, Col: 1}, `"latin1\xe9.md":1:1`},
	}
	for _, tt := range tests {
		if got := tt.pos.String(); got != tt.want {
			t.Errorf("Pos{%q}.String() = %s; want %s", tt.pos.File, got, tt.want)
		}
	}
}
