package markdown

import (
	"strings"
	"testing"
)

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
		_, got, err := r.noteWith(tt.note, nil, false, true)
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
