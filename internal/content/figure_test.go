package content

import (
	"strings"
	"testing"

	"dossier/internal/claim"
)

// claimArticle is an article whose one annotation, a claim, has the
// given extra lines (indented as annotation keys).
func claimArticle(lines ...string) string {
	return "---\ntitle: A\ndate: 2015\nannotations:\n  - quote: a 13.1 percent share\n    kind: claim\n    note: A note.\n" +
		strings.Join(lines, "\n") + "\n---\nText.\n"
}

// TestLoadFigures covers what loading reads of a claim annotation's
// figure, and its problems, each at its own key.
func TestLoadFigures(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		text  string
		want  string // the figure: value, unit, period, measure, according to
		diags []string
	}{
		{
			name: "every key",
			file: "articles/a.md",
			text: claimArticle("    value: 13.1", "    unit: percent", "    period: 2015-Q1",
				"    measure: share of smartphone shipments", "    according_to: Counterpoint Research"),
			want: "13.1 percent|2015-Q1|share of smartphone shipments|Counterpoint Research",
		},
		{
			name: "the value's text gives the unit",
			file: "articles/a.md",
			text: claimArticle("    value: 13.1 percent", "    period: Q1"),
			want: "13.1 percent|Q1||",
		},
		{
			name: "a period written as a date and a year",
			file: "articles/a.md",
			text: claimArticle("    value: $1.1 billion", "    period: 2014-12-01"),
			want: "$1.1 billion|2014-12-01||",
		},
		{
			name: "TOML front matter",
			file: "articles/a.md",
			text: "+++\ntitle = \"A\"\ndate = 2015\n[[annotations]]\nquote = \"a share\"\nkind = \"claim\"\nvalue = 13.1\nunit = \"percent\"\nperiod = 2015-02-12\n+++\nText.\n",
			want: "13.1 percent|2015-02-12||",
		},
		{
			name: "inferred, with a note",
			file: "articles/a.md",
			text: claimArticle("    value: 14", "    unit: percent", "    value_inferred: true", "    period: 2014", "    period_inferred: true"),
			want: "14 percent|2014||",
		},
		{
			name: "values that do not parse",
			file: "articles/a.md",
			text: claimArticle("    value: about 14", "    unit: pct", "    period: 2015Q1"),
			diags: []string{
				`content/articles/a.md:8:12: annotation 1: value: "about 14" is not a number: write it as figures or words, as the text gives it (13.1, 61.1 million, one million, fifth, 13.1 percent, $1.1 billion)`,
				`content/articles/a.md:9:11: annotation 1: unit "pct" is written otherwise here; did you mean "percent"?`,
				`content/articles/a.md:10:13: annotation 1: period "2015Q1" does not parse; did you mean "2015-Q1"?`,
			},
		},
		{
			name:  "a unit the value contradicts",
			file:  "articles/a.md",
			text:  claimArticle("    value: 13.1 percent", "    unit: USD"),
			diags: []string{`content/articles/a.md:9:11: annotation 1: unit "USD", but the value is in percent as written`},
		},
		{
			name: "inferences without what they infer",
			file: "articles/a.md",
			text: claimArticle("    value_inferred: true", "    period_inferred: true"),
			diags: []string{
				`content/articles/a.md:8:21: annotation 1: value_inferred, but no value is given`,
				`content/articles/a.md:9:22: annotation 1: period_inferred, but no period is given`,
			},
		},
		{
			name: "an inference the note does not explain",
			file: "articles/a.md",
			text: "---\ntitle: A\ndate: 2015\nannotations:\n  - quote: a share\n    kind: claim\n    value: 14 percent\n    value_inferred: true\n---\nText.\n",
			diags: []string{
				`content/articles/a.md:8:21: annotation 1: value_inferred: the note must say how the value was inferred, and there is no note`,
			},
		},
		{
			name: "a figure on a note",
			file: "articles/a.md",
			text: "---\ntitle: A\ndate: 2015\nannotations:\n  - quote: a share\n    period: 2015\n    value: 14 percent\n---\nText.\n",
			diags: []string{
				`content/articles/a.md:6:13: annotation 1: period is for claim annotations (kind: claim)`,
			},
		},
		{
			name: "a misspelled key",
			file: "articles/a.md",
			text: claimArticle("    valeu: 14"),
			diags: []string{
				`content/articles/a.md:8:5: warning: unknown key "valeu"; did you mean "value"?`,
			},
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, got := load(t, map[string]string{tt.file: tt.text})
			if strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.diags, "\n  "))
			}
			if tt.want == "" || len(c.Articles) == 0 {
				return
			}
			f := c.Articles[0].Annotations[0].Figure
			if f == nil {
				t.Fatalf("no figure; want %s", tt.want)
			}
			gotFig := strings.Join([]string{formatValue(f), f.Period.String(), f.Measure, f.AccordingTo}, "|")
			if gotFig != tt.want {
				t.Errorf("figure = %s; want %s", gotFig, tt.want)
			}
		})
	}
}

func formatValue(f *Figure) string {
	if !f.HasValue {
		return ""
	}
	return claim.Format(f.Value, f.Unit)
}

// TestLoadClaimFile covers a claim file's unit, measure, tolerance and
// verdict.
func TestLoadClaimFile(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		want  string // unit|measure|tolerance|verdict
		diags []string
	}{
		{
			name: "every key",
			text: "---\ntitle: T\nunit: percent\nmeasure: share of the market\ntolerance: 0.5\nverdict: Contested\nverdict_note: The reports differ.\n---\n",
			want: "percent|share of the market|0.5|contested",
		},
		{
			name: "problems",
			text: "---\nunit: yuan\ntolerance: a little\nverdict: contestd\n---\n",
			diags: []string{
				`content/claims/c.md:2:7: unit "yuan" is written otherwise here; did you mean "CNY"?`,
				`content/claims/c.md:3:12: tolerance: "a little" is not a number: write it as figures or words, as the text gives it (13.1, 61.1 million, one million, fifth, 13.1 percent, $1.1 billion)`,
				`content/claims/c.md:4:10: verdict "contestd" is not one of consistent, contested, unverified; did you mean "contested"?`,
			},
		},
		{
			name:  "a tolerance in another unit",
			text:  "---\nunit: USD\ntolerance: 1 percent\n---\n",
			diags: []string{`content/claims/c.md:3:12: tolerance is in percent, but the claim's unit is USD`},
		},
		{
			name:  "a verdict without its reason",
			text:  "---\nverdict: unverified\n---\n",
			diags: []string{`content/claims/c.md:2:10: verdict unverified needs a verdict_note saying why`},
		},
		{
			name:  "a reason without a verdict",
			text:  "---\nverdict_note: Because.\n---\n",
			diags: []string{`content/claims/c.md:2:15: verdict_note without a verdict`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, got := load(t, map[string]string{"claims/c.md": tt.text})
			if strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.diags, "\n  "))
			}
			if tt.want == "" {
				return
			}
			ci := c.Claims[0]
			tol := ""
			if ci.Tolerance != nil {
				tol = ci.Tolerance.String()
			}
			if got := strings.Join([]string{string(ci.Unit), ci.Measure, tol, ci.Verdict}, "|"); got != tt.want {
				t.Errorf("claim = %s; want %s", got, tt.want)
			}
		})
	}
}
