package markdown

import (
	"testing"
)

// checkPlainNote requires plainNote, when it takes a note, to give the
// HTML the Renderer's goldmark for notes gives.
func checkPlainNote(t *testing.T, r *Renderer, note string) (taken bool) {
	t.Helper()
	got, ok := plainNote(note)
	if !ok {
		return false
	}
	want, err := r.renderTo(r.notes, []byte(note), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Fatalf("plainNote(%q) = %q; goldmark gives %q", note, got, want)
	}
	return true
}

func TestPlainNote(t *testing.T) {
	r := New()
	tests := []struct {
		note  string
		plain bool
	}{
		{"", true},
		{"Editorial note on price margin.", true},
		{"Counterpoint Research, Q1 2015. Other sources in this dossier disagree.", true},
		{`He said "soon" (twice); 40% of 1/2 = 20+ - really?`, true},
		{"The company’s “first” store — opened… in São Paulo – twice.", true},
		{"2015. A year", false},      // an ordered list
		{"- a list", false},          // a list
		{"# A heading", false},       // a heading
		{"A *stressed* word", false}, // emphasis
		{"A [link](x)", false},       // a link
		{"Written to a@example.com", false},
		{"See https://example.com", false},
		{"See www.example.com or WWW.EXAMPLE.COM", false},
		{"A & B", false},
		{"A <b> tag", false},
		{"Two  spaces", false},
		{"Trailing space ", false},
		{"A\nsecond line", false},
		{"Tab\there", false},
		{"A ~~struck~~ word", false},
		{"Escaped \\* star", false},
		{"`code`", false},
		{"Invalid \xff byte", false},
		{"A\u00a0no-break space", false},
	}
	for _, tt := range tests {
		if taken := checkPlainNote(t, r, tt.note); taken != tt.plain {
			t.Errorf("plainNote(%q) took it: %v; want %v", tt.note, taken, tt.plain)
		}
	}
}

// FuzzPlainNote checks plainNote against goldmark on any note.
func FuzzPlainNote(f *testing.F) {
	f.Add("Editorial note on price margin.")
	f.Add(`He said "soon" (twice); 40% of 1/2 = 20+ - really?`)
	f.Add("The company’s “first” store — opened… in São Paulo – twice.")
	r := New()
	f.Fuzz(func(t *testing.T, note string) {
		checkPlainNote(t, r, note)
	})
}
