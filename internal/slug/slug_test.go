package slug

import "testing"

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
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
