package dossier

import (
	"strings"
	"testing"
)

// claimed is an article with one claim annotation on the passage quote of
// its text, with the annotation keys given (one per line, unindented).
func claimed(title, date, text, quote string, keys ...string) string {
	var b strings.Builder
	b.WriteString("---\ntitle: " + title + "\ndate: " + date + "\nannotations:\n  - quote: \"" + quote + "\"\n    kind: claim\n    claim: c\n    note: A note.\n")
	for _, k := range keys {
		b.WriteString("    " + k + "\n")
	}
	b.WriteString("---\n" + text + "\n")
	return b.String()
}

// TestFigureErrors covers the checks of claims' figures, each at the
// annotation's own key: the passage check, units that do not go together,
// a value without a unit.
func TestFigureErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		diags []string
	}{
		{
			name: "a value that is not in the passage",
			files: map[string]string{
				"articles/a.md": claimed("A", "2015", "Xiaomi held a 13.1 percent share.", "a 13.1 percent share", "value: 14", "unit: percent"),
			},
			diags: []string{`content/articles/a.md:9:12: annotation 1: value 14 percent is not in the passage, which gives "13.1 percent"; write the value as the passage does, or set value_inferred: true and say in the note how it was inferred`},
		},
		{
			name: "a rank the passage gives only as one of several",
			files: map[string]string{
				"articles/a.md": claimed("A", "2015", "One of the biggest makers.", "One of the biggest makers", "value: 1", "unit: rank"),
			},
			diags: []string{`content/articles/a.md:9:12: annotation 1: value first is not in the passage, which gives "One"; write the value as the passage does, or set value_inferred: true and say in the note how it was inferred`},
		},
		{
			name: "a passage without a figure",
			files: map[string]string{
				"articles/a.md": claimed("A", "2015", "Xiaomi is big.", "Xiaomi is big", "value: 3 percent"),
			},
			diags: []string{`content/articles/a.md:9:12: annotation 1: value 3 percent is not in the passage, which gives no figure; write the value as the passage does, or set value_inferred: true and say in the note how it was inferred`},
		},
		{
			name: "an inferred value is not looked for",
			files: map[string]string{
				"articles/a.md": claimed("A", "2015", "Xiaomi is big.", "Xiaomi is big", "value: 3 percent", "value_inferred: true"),
			},
		},
		{
			name: "words and figures both match",
			files: map[string]string{
				"articles/a.md": claimed("A", "2015", "They are the fifth most popular maker.", "the fifth most popular maker", "value: 5", "unit: rank"),
				"articles/b.md": claimed("B", "2016", "It sold one million phones.", "sold one million phones", "value: 1000000", "unit: units"),
				"claims/c.md":   "---\ntitle: C\n---\n",
			},
			diags: []string{
				`content/articles/b.md:10:11: annotation 1: unit "units", but the other reports of claim "c" are in rank (content/articles/a.md:10:11)`,
			},
		},
		{
			name: "a unit that is not the claim file's",
			files: map[string]string{
				"articles/a.md": claimed("A", "2015", "A 13.1 percent share.", "A 13.1 percent share", "value: 13.1 percent"),
				"claims/c.md":   "---\ntitle: C\nunit: rank\n---\n",
			},
			diags: []string{
				`content/articles/a.md:9:12: annotation 1: unit "percent", but claim "c" is in rank (content/claims/c.md:3:7)`,
			},
		},
		{
			name: "a value without a unit",
			files: map[string]string{
				"articles/a.md": claimed("A", "2015", "It sold 90 phones.", "It sold 90 phones", "value: 90"),
			},
			diags: []string{
				`content/articles/a.md:9:12: annotation 1: value 90 has no unit: give unit here (percent, rank, units, users, a currency code such as USD, or a word) or in content/claims/c.md`,
			},
		},
		{
			name: "the claim file gives the unit",
			files: map[string]string{
				"articles/a.md": claimed("A", "2015", "It sold 90 phones.", "It sold 90 phones", "value: 90"),
				"claims/c.md":   "---\ntitle: C\nunit: units\n---\n",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := build(t, tt.files)
			if strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.diags, "\n  "))
			}
		})
	}
}

// TestClaimAgreement checks what the model says of a claim's reports:
// the comparison, which reports disagree, and what each note says of the
// others.
func TestClaimAgreement(t *testing.T) {
	d, diags := build(t, map[string]string{
		"articles/a.md": claimed("Moves", "2013", "They are the fifth most popular maker in China.", "the fifth most popular maker in China",
			"value: fifth", "measure: popularity in surveys"),
		"articles/b.md": claimed("Step", "2015-02", "China's biggest smartphone maker is here.", "China's biggest smartphone maker", "value: 1", "unit: rank"),
		"articles/c.md": "---\ntitle: Shares\ndate: 2015-05\nsource: CNBC\nannotations:\n" +
			"  - quote: the second largest vendor\n    kind: claim\n    claim: c\n    value: 2\n    unit: rank\n    period: Q1\n    measure: share of the market\n    according_to: Counterpoint\n" +
			"  - quote: the brand\n    kind: claim\n    claim: c\n---\nIt is the second largest vendor. It is the brand.\n",
		"claims/c.md":          "---\ntitle: Rank\nverdict: contested\nverdict_note: The reports *differ*.\n---\n",
		"companies/counter.md": "---\nname: Counterpoint\n---\n",
	})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	c := d.Claims[0]
	if !c.Contested() || c.StatusLabel() != "Contested" || c.StatusClass() != "contested" {
		t.Errorf("status = %q (%s); want Contested", c.StatusLabel(), c.StatusClass())
	}
	if want := "4 reports, 3 different ranks: fifth, first and second; 1 gives no figure"; c.Comparison() != want {
		t.Errorf("Comparison() = %q; want %q", c.Comparison(), want)
	}
	if want := "Reports of different measures are not compared with each other: fifth (popularity in surveys) and second (share of the market)"; c.Apart() != want {
		t.Errorf("Apart() = %q; want %q", c.Apart(), want)
	}
	if c.VerdictText != "The reports differ." || !strings.Contains(string(c.VerdictNote), "<em>differ</em>") {
		t.Errorf("verdict note = %q, %q", c.VerdictText, c.VerdictNote)
	}
	var got []string
	for _, an := range c.Appearances() {
		var values []string
		for _, o := range an.Disagrees() {
			values = append(values, o.Figure().Value)
		}
		line := an.Article.Slug + ":"
		if f := an.Figure(); f != nil {
			line += f.Value + "|" + f.Period + "|" + f.Measure + "|" + f.AccordingTo
			if f.Source != nil {
				line += "→" + f.Source.Slug
			}
		}
		got = append(got, line+" differs from "+strings.Join(values, ","))
	}
	want := []string{
		"a:fifth||popularity in surveys| differs from first",
		"b:first||| differs from fifth,second",
		"c:second|first quarter, year not given|share of the market|Counterpoint→counterpoint differs from first",
		"c: differs from ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("appearances:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}

	notes := map[string]string{
		"a": `<span class="note-reports">One of 4 reports, which disagree; the others say <a href="/articles/b/#a-`,
		"c": `<span class="note-reports">One of 4 reports, which disagree; the others say <a href="/articles/a/#a-`,
	}
	for _, a := range d.Articles {
		want, ok := notes[a.Slug]
		if !ok {
			continue
		}
		if body := string(a.Body()); !strings.Contains(body, want) {
			t.Errorf("%s's note lacks %s:\n%s", a.Slug, want, body)
		}
	}
	for _, a := range d.Articles {
		if a.Slug != "a" {
			continue
		}
		body := string(a.Body())
		for _, s := range []string{`>first</a> (“Step”, February 2015)`, `>second</a> (CNBC, May 2015)`, `, and 1 gives no figure.</span>`} {
			if !strings.Contains(body, s) {
				t.Errorf("a's note lacks %s:\n%s", s, body)
			}
		}
	}
}

// TestClaimsContestedFirst checks that contested claims lead the list,
// then the others by title.
func TestClaimsContestedFirst(t *testing.T) {
	art := func(title, claimSlug, text, quote, value string) string {
		return "---\ntitle: " + title + "\ndate: 2015\nannotations:\n  - quote: " + quote + "\n    kind: claim\n    claim: " + claimSlug +
			"\n    value: " + value + "\n    unit: units\n---\n" + text + "\n"
	}
	d, diags := build(t, map[string]string{
		"articles/a.md": art("A", "apples", "We sold 3 apples.", "sold 3 apples", "3"),
		"articles/b.md": art("B", "apples", "We sold 3 apples.", "sold 3 apples", "3"),
		"articles/c.md": art("C", "zebras", "We saw 4 zebras.", "saw 4 zebras", "4"),
		"articles/e.md": art("E", "zebras", "We saw 5 zebras.", "saw 5 zebras", "5"),
		"articles/f.md": art("F", "mice", "We saw 7 mice.", "saw 7 mice", "7"),
	})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	var got []string
	for _, c := range d.Claims {
		got = append(got, c.Slug+":"+c.StatusClass())
	}
	if want := "zebras:contested apples:agreeing mice:one-figure"; strings.Join(got, " ") != want {
		t.Errorf("claims = %s; want %s", strings.Join(got, " "), want)
	}
}
