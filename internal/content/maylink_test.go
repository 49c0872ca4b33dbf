package content

import "testing"

// TestMayLink checks the test that decides which texts are read for links:
// it may say yes of a text with none, never no of one with a link.
func TestMayLink(t *testing.T) {
	tests := []struct {
		src  string
		want bool
	}{
		{"[[Xiaomi]]", true},
		{"[a](/companies/x/)", true},
		{"[a](\n  /x/)", true},
		{"[a](</x y/>)", true},
		{"[a]: /x/\n\n[b][a]", true},
		{"[a](../x/)", true},
		{"[a](#section)", true},
		{"[a]: x.pdf", true},
		{"[a](https://example.com/x/) [b]( <HTTP://x>) [c](mailto:a@b)", false},
		{"a/b and ] / and [x] (/y)", false},
		{"", false},
		{"]", false},
		{"](", true}, // it may say yes of a text with no link
	}
	for _, tt := range tests {
		if got := MayLink([]byte(tt.src)); got != tt.want {
			t.Errorf("MayLink(%q) = %v; want %v", tt.src, got, tt.want)
		}
	}
}
