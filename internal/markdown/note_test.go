package markdown

import (
	"strings"
	"testing"

	"github.com/yuin/goldmark"
)

// checkPlainNote requires plainNote, when it takes a note, to give the
// HTML the Renderer's goldmark for notes gives, as a block and inline.
func checkPlainNote(t *testing.T, r *Renderer, note string) (taken bool) {
	t.Helper()
	for _, form := range []struct {
		md          goldmark.Markdown
		open, close string
	}{
		{r.notes, "<p>", "</p>\n"},
		{r.inlineNotes, `<span class="note-p">`, "</span>"},
	} {
		got, ok := plainNote(note, form.open, form.close)
		if !ok {
			return false
		}
		want, err := r.renderTo(form.md, []byte(note), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("plainNote(%q, %q, %q) = %q; goldmark gives %q", note, form.open, form.close, got, want)
		}
	}
	return true
}

// TestNoteInline checks that a note's blocks become phrasing content, so
// that the note may stand inside a paragraph.
func TestNoteInline(t *testing.T) {
	r := New()
	tests := []struct{ note, want string }{
		{"Counterpoint, *Q1*.", `<span class="note-p">Counterpoint, <em>Q1</em>.</span>`},
		{"One.\n\nTwo.", `<span class="note-p">One.</span><span class="note-p">Two.</span>`},
		{"- a\n- b", `<span class="note-list"><span class="note-li">a</span><span class="note-li">b</span></span>`},
		{"# Title\n\n> quoted\n\n---", `<span class="note-p">Title</span><span class="note-p"><span class="note-p">quoted</span></span>`},
		{"    code <b>", `<span class="note-p"><code>code &lt;b&gt;</code></span>`},
		{"<div>raw</div>", `<span class="note-p">&lt;div&gt;raw&lt;/div&gt;</span>`},
	}
	for _, tt := range tests {
		got, err := r.noteInline(tt.note)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("noteInline(%q) = %q; want %q", tt.note, got, tt.want)
		}
		for _, block := range []string{"<p", "<div", "<ul", "<li", "<h", "<blockquote", "<pre", "<hr"} {
			if strings.Contains(got, block) {
				t.Errorf("noteInline(%q) = %q holds %s", tt.note, got, block)
			}
		}
	}
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
