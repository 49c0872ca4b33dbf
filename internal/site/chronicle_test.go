package site

import (
	"fmt"
	"strings"
	"testing"

	"dossier/internal/content"
	"dossier/internal/dossier"
)

// dated makes a list of articles, newest first, from runs of "YYYY-MM×n"
// or "YYYY×n" (no month), given newest first.
func dated(t *testing.T, runs ...string) []*dossier.Article {
	t.Helper()
	var out []*dossier.Article
	for _, r := range runs {
		var y, m, n int
		if strings.Count(r, "-") == 1 {
			if _, err := fmt.Sscanf(r, "%d-%d×%d", &y, &m, &n); err != nil {
				t.Fatalf("bad run %q: %v", r, err)
			}
		} else if _, err := fmt.Sscanf(r, "%d×%d", &y, &n); err != nil {
			t.Fatalf("bad run %q: %v", r, err)
		}
		for range n {
			out = append(out, &dossier.Article{Date: content.Date{Year: y, Month: m}})
		}
	}
	return out
}

func TestChroniclePages(t *testing.T) {
	tests := []struct {
		name string
		size int
		runs []string
		want string // pages as "label:count", newest first
	}{
		{"one page", 50, []string{"2015-02×3", "2015×1", "2013×1"}, ":5"},
		{"years apart", 50, []string{"2015-01×30", "2014-01×30", "2013-01×30"}, "2015:30 2014:30 2013:30"},
		{"years together", 50, []string{"2015-01×20", "2014-06×20", "2013-01×20"}, "2014–2015:40 2013:20"},
		{"a year cut at months", 50, []string{
			"2015-12×10", "2015-11×10", "2015-10×10", "2015-09×10", "2015-08×10", "2015-07×10",
			"2015-06×10", "2015-05×10", "2015-04×10", "2015-03×10", "2015-02×10", "2015-01×10",
		}, "August–December 2015:50 March–July 2015:50 January–February 2015:20"},
		{"a month of its own", 50, []string{"2015-03×60", "2015-02×10", "2014-01×5"}, "March 2015:60 February 2015:10 2014:5"},
		{"a month cut in equal parts", 50, []string{"2015-03×130", "2015-02×10"}, "March 2015, part 1 of 3:43 March 2015, part 2 of 3:43 March 2015, part 3 of 3:44 February 2015:10"},
		{"no month apart", 50, []string{"2015-02×30", "2015×30", "2014-05×2"}, "February 2015:30 2015, month not known:30 2014:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newChronicle("x/", dated(t, tt.runs...), tt.size)
			var got []string
			next := 0
			for _, p := range c.pages {
				if p.lo != next {
					t.Errorf("page %q starts at %d; want %d", p.label, p.lo, next)
				}
				next = p.hi
				got = append(got, fmt.Sprintf("%s:%d", p.label, p.hi-p.lo))
			}
			if next != c.total {
				t.Errorf("pages end at %d; want %d", next, c.total)
			}
			if s := strings.Join(got, " "); s != tt.want {
				t.Errorf("pages = %s\nwant    %s", s, tt.want)
			}
			// Each run starts on the page that holds its first article.
			for _, r := range c.runs {
				p := c.pages[r.page-1]
				if r.lo < p.lo || r.lo >= p.hi {
					t.Errorf("run %s starts on page %d, which holds %d to %d", runLabel(r), r.page, p.lo, p.hi)
				}
			}
		})
	}
}

func TestChroniclePager(t *testing.T) {
	c := newChronicle("timeline/", dated(t, "2015-03×130", "2015-02×10", "2014-01×5"), 50)
	pg := c.pager(2)
	if pg.Label != "March 2015, part 2 of 3" || pg.PrevLabel != "March 2015, part 1 of 3" || pg.NextLabel != "March 2015, part 3 of 3" {
		t.Errorf("labels = %q, %q, %q", pg.PrevLabel, pg.Label, pg.NextLabel)
	}
	var years []string
	for _, y := range pg.Years {
		years = append(years, fmt.Sprintf("%s:%d:%s:%v", y.Text, y.Count, y.Path, y.Current))
	}
	if got, want := strings.Join(years, " "), "2015:140:timeline/#y2015:true 2014:5:timeline/page/5/#y2014:false"; got != want {
		t.Errorf("year index = %s; want %s", got, want)
	}
	var parts []string
	for _, p := range pg.Parts {
		parts = append(parts, fmt.Sprintf("%s:%v", p.Path, p.Current))
	}
	if got, want := strings.Join(parts, " "), "timeline/:false timeline/page/2/:true timeline/page/3/:false timeline/page/4/:false"; got != want {
		t.Errorf("parts = %s; want %s", got, want)
	}
}
