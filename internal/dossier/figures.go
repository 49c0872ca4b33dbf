package dossier

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"dossier/internal/claim"
	"dossier/internal/content"
	"dossier/internal/diag"
	"dossier/internal/markdown"
	"dossier/internal/slug"
)

// A claim's appearances are its reports: each may give a figure (a value,
// its unit and period, what is counted, who the article credits), and
// comparing them says whether the reports agree (package claim). That is
// worked out from the front matter alone, before any article's text is
// rendered, for an article's notes say what the other reports of their
// claim give.

// Figure is what a claim annotation reports in numbers, as pages show it.
type Figure struct {
	// Value is the value in its unit as pages write it ("fifth", "13.1
	// percent", "$1.1 billion"); "" when the annotation gives none.
	Value         string
	Number        claim.Number
	Unit          claim.Unit
	ValueInferred bool
	// Period names the period the value is for ("first quarter of
	// 2015"); "" when the annotation gives none.
	Period         string
	PeriodInferred bool
	// Measure is what is counted: the annotation's, else its claim's.
	Measure string
	// AccordingTo is the source the article credits, as the annotation
	// names it; Source the entity of that name, if there is one.
	AccordingTo string
	Source      *Entity
}

// Summary is the figure in one line, for lists: "second · first quarter,
// year not given · share of the market · according to Counterpoint
// Research", an inference marked as the editors'.
func (f *Figure) Summary() string {
	var parts []string
	add := func(s string, inferred bool, prefix string) {
		if s == "" {
			return
		}
		s = prefix + s
		if inferred {
			s += " (the editors' inference)"
		}
		parts = append(parts, s)
	}
	add(f.Value, f.ValueInferred, "")
	add(f.Period, f.PeriodInferred, "")
	add(f.Measure, false, "")
	add(f.AccordingTo, false, "according to ")
	return strings.Join(parts, " · ")
}

// Figure is the figure the annotation reports, nil when it gives none.
func (a *Annotation) Figure() *Figure { return a.figure }

// Disagrees lists the reports of the annotation's claim whose figures
// disagree with its own, oldest first.
func (a *Annotation) Disagrees() []*Annotation {
	c := a.Claim
	if c == nil || a.report >= len(c.agreement.Differs) {
		return nil
	}
	var out []*Annotation
	for _, i := range c.agreement.Differs[a.report] {
		out = append(out, c.reports[i])
	}
	return out
}

// Contested reports whether two of the claim's reports give figures that
// disagree.
func (c *Claim) Contested() bool { return c.agreement.Status == claim.Contested }

// HasFigures reports whether any of the claim's reports gives a figure.
func (c *Claim) HasFigures() bool { return c.agreement.Status != claim.NoFigures }

// StatusLabel names what comparing the reports found, for a badge:
// "Contested", "Agreeing", "Series", "Different measures"; "" when fewer
// than two reports give a figure, and there is nothing to compare.
func (c *Claim) StatusLabel() string {
	if c.agreement.Status <= claim.OneFigure {
		return ""
	}
	return c.agreement.Status.Label()
}

// StatusClass is StatusLabel as a class name: "contested", "series",
// "different-measures".
func (c *Claim) StatusClass() string { return slug.Make(c.agreement.Status.String()) }

// Comparison says in words what the reports give: "3 reports, 3
// different ranks: fifth, first and second"; "" when none gives a figure.
func (c *Claim) Comparison() string { return c.agreement.Summary }

// Apart names the reports not compared with each other because they
// measure different things, when the comparison does not say so itself.
func (c *Claim) Apart() string { return c.agreement.Apart }

// contestedFirst orders contested claims before the others.
func contestedFirst(x, y *Claim) int {
	rank := func(c *Claim) int {
		if c.Contested() {
			return 0
		}
		return 1
	}
	return cmp.Compare(rank(x), rank(y))
}

// compareClaims files the claims' reports in the order they are compared
// (date, article, front matter), makes each claim annotation's figure, and
// compares each claim's reports. It reports, at each annotation's own
// keys, a value whose number is not in the passage (unless the editors
// marked it inferred), a value with no unit, and a claim's reports in
// different units.
func compareClaims(articles []*Article, claims map[string]*Claim, reg *registry, diags *diag.List) {
	for _, a := range articles {
		for _, an := range a.notes {
			if an.Claim != nil {
				an.Claim.reports = append(an.Claim.reports, an)
			}
		}
	}
	list := sortedClaims(claims)
	for _, c := range list {
		// Oldest first: a claim reads as the story of how it was
		// reported.
		slices.SortStableFunc(c.reports, func(x, y *Annotation) int {
			return cmp.Or(x.Article.Date.Compare(y.Article.Date), cmp.Compare(x.Article.Slug, y.Article.Slug))
		})
		c.appearances.list = slices.Clone(c.reports)
		for i, an := range c.reports {
			an.report = i
		}
		c.settleUnit(diags)
	}
	for _, a := range articles {
		for _, an := range a.notes {
			if an.src.Figure != nil {
				an.figure = makeFigure(an, reg, diags)
			}
		}
	}
	for _, c := range list {
		reports := make([]claim.Report, len(c.reports))
		for i, an := range c.reports {
			if f := an.src.Figure; f != nil && f.HasValue {
				reports[i] = claim.Report{Valued: true, Value: f.Value, Unit: cmp.Or(f.Unit, c.Unit), Period: f.Period, Measure: an.figure.Measure,
					ValueInferred: f.ValueInferred, PeriodInferred: f.PeriodInferred}
			}
		}
		var tolerance *claim.Number
		if c.Info != nil {
			tolerance = c.Info.Tolerance
		}
		c.agreement = claim.Compare(reports, tolerance)
	}
}

// settleUnit sets the claim's unit, its file's or else that of its oldest
// report that gives one, and reports the reports in another.
func (c *Claim) settleUnit(diags *diag.List) {
	var from *Annotation
	if c.Unit == "" {
		for _, an := range c.reports {
			if f := an.src.Figure; f != nil && f.Unit != "" {
				c.Unit, from = f.Unit, an
				break
			}
		}
	}
	for _, an := range c.reports {
		f := an.src.Figure
		if f == nil || f.Unit == "" || f.Unit == c.Unit {
			continue
		}
		pos := cmp.Or(f.UnitPos, f.ValuePos)
		if from == nil {
			diags.Errorf(pos, "annotation %d: unit %q, but claim %q is in %s (%s)", an.src.Index, f.Unit, c.Slug, c.Unit, c.Info.UnitPos)
		} else {
			fp := from.src.Figure
			diags.Errorf(pos, "annotation %d: unit %q, but the other reports of claim %q are in %s (%s)", an.src.Index, f.Unit, c.Slug, c.Unit, cmp.Or(fp.UnitPos, fp.ValuePos))
		}
	}
}

// makeFigure makes the figure of a claim annotation, checking its value
// against its passage.
func makeFigure(an *Annotation, reg *registry, diags *diag.List) *Figure {
	f := an.src.Figure
	unit := f.Unit
	fig := &Figure{Number: f.Value, ValueInferred: f.ValueInferred, PeriodInferred: f.PeriodInferred,
		Period: f.Period.Label(), Measure: f.Measure, AccordingTo: f.AccordingTo}
	if c := an.Claim; c != nil {
		unit = cmp.Or(unit, c.Unit)
		fig.Measure = cmp.Or(fig.Measure, c.Measure)
	}
	fig.Unit = unit
	if f.AccordingTo != "" {
		key := slug.Key(f.AccordingTo)
		for _, k := range content.Kinds {
			if e := reg.byKey[k][key]; e != nil {
				fig.Source = e
				break
			}
		}
	}
	if !f.HasValue {
		return fig
	}
	fig.Value = claim.Format(f.Value, unit)
	if unit == "" {
		where := "or in content/claims/<slug>.md"
		if c := an.Claim; c != nil {
			where = "or in content/claims/" + c.Slug + ".md"
		}
		diags.Errorf(f.ValuePos, "annotation %d: value %s has no unit: give unit here (percent, rank, units, users, a currency code such as USD, or a word) %s", an.src.Index, f.Value, where)
	}
	if f.ValueInferred {
		return fig
	}
	if ok, found := claim.InText(f.Value, unit, an.src.Quote); !ok {
		gives := "no figure"
		if len(found) > 0 {
			var texts []string
			for _, q := range found {
				texts = append(texts, fmt.Sprintf("%q", q.Text))
			}
			gives = claim.And(texts)
		}
		diags.Errorf(f.ValuePos, "annotation %d: value %s is not in the passage, which gives %s; write the value as the passage does, or set value_inferred: true and say in the note how it was inferred",
			an.src.Index, fig.Value, gives)
	}
	return fig
}

// otherReports is what the note of the claim annotation an, of article a,
// says of the other reports of its claim: "One of 3 reports, which
// disagree; the others say fifth (…) and first (…)", each linked to its
// passage. Nil when the claim has one report, or none gives a figure.
func (a *Article) otherReports(an *Annotation) *markdown.Reports {
	c := an.Claim
	if c == nil || len(c.reports) < 2 || !c.HasFigures() {
		return nil
	}
	var others []*Annotation
	for _, r := range c.reports {
		// Not r == an: dossier.Update renders an article's annotations
		// anew, while the claim holds the model's.
		if r.Article.Slug != a.Slug || r.src.Index != an.src.Index {
			others = append(others, r)
		}
	}
	lead := fmt.Sprintf("One of %d reports", len(c.reports))
	switch c.agreement.Status {
	case claim.Contested:
		lead += ", which disagree"
	case claim.Agreeing:
		lead += ", which agree"
	case claim.Series:
		lead += ", for different periods"
	case claim.Measures:
		lead += ", of different measures"
	}
	out := &markdown.Reports{}
	none := 0
	for _, r := range others {
		if r.figure == nil || r.figure.Value == "" {
			none++
			continue
		}
		from := cmp.Or(r.Article.Source, "“"+r.Article.Title+"”")
		if !r.Article.Date.IsZero() {
			from += ", " + r.Article.Date.String()
		}
		url := a.r.link(a.Path(), r.Article.Path()) + "#" + markdown.PassageID(r.src.Quote, r.src.Prefix, r.src.Suffix)
		out.Others = append(out.Others, markdown.Report{Value: r.figure.Value, URL: url, From: from})
	}
	switch {
	case len(out.Others) == 0:
		out.Lead = lead + "; " + plural(len(others), "the other gives", "the others give") + " no figure"
	case len(others) == 1:
		out.Lead = lead + "; the other says"
	default:
		out.Lead = lead + "; the others say"
		if none > 0 {
			out.Tail = fmt.Sprintf(", and %d %s no figure", none, plural(none, "gives", "give"))
		}
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
