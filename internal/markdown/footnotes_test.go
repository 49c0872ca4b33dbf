package markdown

import (
	"fmt"
	"testing"
)

// TestDatingFootnotes checks which footnotes are taken for a note on the
// article's date, and that each is reported where its definition is.
func TestDatingFootnotes(t *testing.T) {
	tests := []struct {
		name, src string
		want      []Footnote
	}{
		{
			name: "the editors' dating note",
			src:  "Text.[^date]\n\n[^date]: The article carries no date. Xiaomi entered India in July 2014, hence 2015.\n",
			want: []Footnote{{Label: "date", Line: 13, Col: 1}},
		},
		{
			name: "a dating note under another label",
			src:  "Text.[^1]\n\nMore text.\n\n  [^1]: Undated as received; the editors place it in 2013.\n",
			want: []Footnote{{Label: "1", Line: 15, Col: 3}},
		},
		{
			name: "a label that names a date, whatever the text",
			src:  "Text.[^dating]\n\n[^dating]: See the other report.\n",
			want: []Footnote{{Label: "dating", Line: 13, Col: 1}},
		},
		{
			name: "a publisher's footnote with a year",
			src:  "Text.[^1]\n\n[^1]: Revenue figures for 2014, from the company.\n",
		},
		{
			name: "a publisher's footnote that speaks of a date without a year",
			src:  "Text.[^1]\n\n[^1]: The launch date is still to be announced.\n",
		},
		{
			name: "a label that only starts like date",
			src:  "Text.[^data]\n\n[^data]: Figures for 2014.\n",
		},
		{
			name: "a dating footnote that nothing refers to is not rendered, and not reported",
			src:  "Text.\n\n[^date]: The article carries no date; 2015.\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, tt.src, Options{Line: 11})
			if got, want := fmt.Sprint(res.DatingFootnotes), fmt.Sprint(tt.want); got != want {
				t.Errorf("Render(%q).DatingFootnotes = %s; want %s", tt.src, got, want)
			}
		})
	}
}
