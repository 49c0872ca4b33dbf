package chart

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/internal/treetest"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected SVG of golden cases")

// Golden cases are txtar archives in testdata: a chart's fields as JSON in
// timeline.json, ranked.json or dots.json, and the SVG it draws in
// want.svg. With -update want.svg is rewritten from what the chart draws.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var got string
			want := -1
			for i, f := range ar.Files {
				var c interface{ SVG() string }
				switch f.Name {
				case "timeline.json":
					c = new(Timeline)
				case "ranked.json":
					c = new(Ranked)
				case "dots.json":
					c = new(Dots)
				case "want.svg":
					want = i
					continue
				default:
					t.Fatalf("unknown file %s", f.Name)
				}
				dec := json.NewDecoder(bytes.NewReader(f.Data))
				dec.DisallowUnknownFields()
				if err := dec.Decode(c); err != nil {
					t.Fatalf("%s: %v", f.Name, err)
				}
				got = c.SVG() + "\n"
				if again := c.SVG() + "\n"; again != got {
					t.Fatalf("two drawings of one chart differ")
				}
			}
			if want < 0 {
				ar.Files = append(ar.Files, txtar.File{Name: "want.svg"})
				want = len(ar.Files) - 1
			}
			if string(ar.Files[want].Data) == got {
				return
			}
			if *update {
				ar.Files[want].Data = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			t.Errorf("the SVG differs from want.svg; run go test -update to accept:\n%s", treetest.Lines(string(ar.Files[want].Data), got))
		})
	}
}

func TestTicks(t *testing.T) {
	tests := []struct {
		lo, hi float64
		n      int
		want   string
	}{
		{1, 5, 4, "1 2 3 4 5"},
		{13.1, 15.7, 3, "13 14 15 16"},
		{0.5, 0.9, 4, "0.5 0.6 0.7 0.8 0.9"},
		{45e9, 45e9, 3, "40000000000 50000000000"},
		{1, 100, 4, "0 50 100"},
		{-3, 7, 5, "-5 0 5 10"},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range Ticks(tt.lo, tt.hi, tt.n) {
			got = append(got, num(d.Float()))
		}
		if s := strings.Join(got, " "); s != tt.want {
			t.Errorf("Ticks(%v, %v, %d) = %s; want %s", tt.lo, tt.hi, tt.n, s, tt.want)
		}
	}
}

func TestCountScale(t *testing.T) {
	tests := []struct{ most, top, step int }{
		{0, 1, 1},
		{1, 1, 1},
		{3, 3, 1},
		{4, 4, 1},
		{5, 6, 2},
		{9, 10, 5},
		{31, 40, 10},
		{452, 600, 200},
		{8133, 10000, 5000},
	}
	for _, tt := range tests {
		if top, step := countScale(tt.most); top != tt.top || step != tt.step {
			t.Errorf("countScale(%d) = %d, %d; want %d, %d", tt.most, top, step, tt.top, tt.step)
		}
	}
}

func TestNum(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"},
		{-0.001, "0"},
		{12.5, "12.5"},
		{100.0 / 3, "33.33"},
		{2.0 / 3, "0.67"},
		{158, "158"},
	}
	for _, tt := range tests {
		if got := num(tt.v); got != tt.want {
			t.Errorf("num(%v) = %s; want %s", tt.v, got, tt.want)
		}
	}
}

// TestEscaping: names come from content, and reach the SVG as text.
func TestEscaping(t *testing.T) {
	c := Ranked{ID: `r"1`, Title: "<b>", Desc: "a & b", Rows: []Row{{Label: `AT&T <script>`, Href: `/x?a=1&b="2"`, Count: 1, CountText: "1 article"}}}
	got := c.SVG()
	for _, bad := range []string{"<script>", "<b>", `r"1`, `"2"`} {
		if strings.Contains(got, bad) {
			t.Errorf("SVG contains %q unescaped:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, "AT&amp;T &lt;script&gt;") {
		t.Errorf("SVG lacks the escaped label:\n%s", got)
	}
}

// BenchmarkTimeline draws the timeline of a dossier of eighteen years by
// month, as every page of its timeline does.
func BenchmarkTimeline(b *testing.B) {
	c := Timeline{ID: "t", Title: "Articles, by month", Desc: "…"}
	for y := 2008; y <= 2025; y++ {
		for m := 1; m <= 12; m++ {
			c.Bars = append(c.Bars, Bar{Year: y, Month: m, Count: 30 + (y*m)%40, Name: fmt.Sprintf("%d-%d: 40 articles", y, m), Href: fmt.Sprintf("../../page/%d/index.html#y%d-%02d", y*m%200, y, m), Current: m == 3})
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = c.SVG()
	}
}

// TestYearLabels: which years a chart by month labels, on every screen and
// on wide ones only.
func TestYearLabels(t *testing.T) {
	months := func(from, to int) Timeline {
		var c Timeline
		for y := from; y <= to; y++ {
			for m := 1; m <= 12; m++ {
				c.Bars = append(c.Bars, Bar{Year: y, Month: m, Count: 1})
			}
		}
		return c
	}
	tests := []struct {
		name     string
		c        Timeline
		narrow   string // the years labelled on every screen
		wideOnly string // and those on wide screens only
	}{
		// Eighteen years: every fourth year on a phone, every other one on
		// a wide screen, 2024 included: it has room there though not on a
		// phone.
		{"eighteen years", months(2008, 2025), "2008 2012 2016 2020", "2010 2014 2018 2022 2024"},
		{"three years", months(2013, 2015), "2013 2014 2015", ""},
	}
	for _, tt := range tests {
		n := float64(len(tt.c.Bars))
		gutter := 100 * (float64(len("1"))*charWidth + 6) / narrowWidth
		var narrow, wide []string
		for _, l := range tt.c.yearLabels((100 - gutter) / n) {
			y := fmt.Sprint(tt.c.Bars[l.slot].Year)
			if l.wide {
				wide = append(wide, y)
			} else {
				narrow = append(narrow, y)
			}
		}
		if got := strings.Join(narrow, " "); got != tt.narrow {
			t.Errorf("%s: labelled on every screen %q; want %q", tt.name, got, tt.narrow)
		}
		if got := strings.Join(wide, " "); got != tt.wideOnly {
			t.Errorf("%s: labelled on wide screens only %q; want %q", tt.name, got, tt.wideOnly)
		}
	}
}
