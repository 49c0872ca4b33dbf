package slug

import (
	"testing"
	"unicode"
)

func TestMake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"United States", "united-states"},
		{"Hugo Barra", "hugo-barra"},
		{"Xiaomi Inc.", "xiaomi-inc"},
		{"U.S.", "u-s"},
		{"  --Hello,  World!--  ", "hello-world"},
		{"Société Générale", "societe-generale"},
		{"Straße", "strasse"},
		{"Łódź", "lodz"},
		{"小米", "小米"},
		{"Mi4 launch in 2015", "mi4-launch-in-2015"},
		{"../../etc/passwd", "etc-passwd"},
		{"a/b\\c", "a-b-c"},
		{"!!!", ""},
		{"", ""},
		// Slugs already, and nearly.
		{"a000123", "a000123"},
		{"claim-0", "claim-0"},
		{"-claim", "claim"},
		{"claim-", "claim"},
		{"claim--0", "claim-0"},
		{"Claim-0", "claim-0"},
		{"-", ""},
		// Compatibility forms and case folding: names that look the
		// same or differ only in case are one slug.
		{"ſtar", "star"},
		{"ﬁx", "fix"},
		{"ｓｔａｒ", "star"},
		{"ＳＴＡＲ", "star"},
		{"Kelvin \u212a", "kelvin-k"},
		{"ΣΟΦΟΣ", "σοφοσ"},
		{"σοφος", "σοφοσ"},
		{"Ω ohm \u2126", "ω-ohm-ω"},
		{"x²", "x2"},
		{"삼성", "삼성"},
		{"\u1109\u1161\u11b7\u1109\u1165\u11bc", "삼성"},
		// Names Windows keeps for devices.
		{"con", "con-1"},
		{"CON", "con-1"},
		{"Nul", "nul-1"},
		{"aux", "aux-1"},
		{"prn", "prn-1"},
		{"com1", "com1-1"},
		{"LPT9", "lpt9-1"},
		{"com¹", "com1-1"},
		{"com10", "com10"},
		{"console", "console"},
		{"con-1", "con-1"},
	}
	for _, tt := range tests {
		if got := Make(tt.in); got != tt.want {
			t.Errorf("Make(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"U.S.", "us"},
		{"US", "us"},
		{"u.s", "us"},
		{"USA", "usa"},
		{"Hewlett-Packard", "hewlett packard"},
		{"Hewlett  Packard", "hewlett packard"},
		{"Xiaomi Inc.", "xiaomi inc"},
		{"AT&T", "att"},
		{"Crème Brûlée", "creme brulee"},
		{"Counterpoint research", "counterpoint research"},
		{" Lei  Jun ", "lei jun"},
		{"", ""},
		{"ſtar", "star"},
		{"ﬁx", "fix"},
		{"ｓｔａｒ", "star"},
		{"Ｘｉａｏｍｉ", "xiaomi"},
		{"con", "con"},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

// TestFoldCase checks that every rune folds to the same rune as every other
// rune of its case orbit (unicode.SimpleFold), so that names differing only
// in case are one.
func TestFoldCase(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		f := foldCase(r)
		for o := unicode.SimpleFold(r); o != r; o = unicode.SimpleFold(o) {
			if g := foldCase(o); g != f {
				t.Errorf("foldCase(%U) = %U, but foldCase(%U) = %U, the same letter in another case", r, f, o, g)
			}
		}
	}
}
