package claim

import (
	"fmt"
	"slices"
	"strings"
)

// Report is one appearance of a claim as Compare sees it.
type Report struct {
	// Valued is false for a report that gives no figure; the other
	// fields are then not read.
	Valued  bool
	Value   Number
	Unit    Unit
	Period  Period
	Measure string // what is counted; "" when neither the report nor the claim says
	// ValueInferred and PeriodInferred mark what the editors worked out,
	// which the words say is theirs.
	ValueInferred, PeriodInferred bool
}

// value is the report's value in words, marked when the editors inferred
// it.
func (r Report) value() string {
	s := Format(r.Value, r.Unit)
	if r.ValueInferred {
		s += " (the editors’ inference)"
	}
	return s
}

// period names the report's period, marked when the editors inferred it:
// "December 2014, by the editors’ dating"; "" when it has none.
func (r Report) period() string {
	s := r.Period.Label()
	if s != "" && r.PeriodInferred {
		s += ", by the editors’ dating"
	}
	return s
}

// Status is what comparing a claim's reports found.
type Status int

// Statuses, from the least to the most a reader must know. Contested is
// the last: lists put contested claims first.
const (
	// NoFigures: no report gives a figure; there is nothing to compare.
	NoFigures Status = iota
	// OneFigure: one report gives a figure.
	OneFigure
	// Agreeing: the reports give the same figure, within the tolerance.
	Agreeing
	// Series: the reports are for different periods, and none disagrees
	// with another of its period.
	Series
	// Measures: the reports measure different things, and none
	// disagrees with another of its measure.
	Measures
	// Contested: two reports that may be of the same period and
	// measure give different figures.
	Contested
)

var statusNames = [...]string{"no figures", "one figure", "agreeing", "series", "different measures", "contested"}

// String names the status in lower case, as page classes and data do:
// "contested", "different measures".
func (s Status) String() string { return statusNames[s] }

// Label names the status as a badge does: "Contested", "Agreeing".
func (s Status) Label() string {
	n := statusNames[s]
	return strings.ToUpper(n[:1]) + n[1:]
}

// Agreement is what comparing a claim's reports found, in words too.
type Agreement struct {
	Status Status
	// Summary says it in a sentence without its full stop: "3 reports,
	// 3 different ranks: fifth, first and second"; "" when no report
	// gives a figure.
	Summary string
	// Apart names the reports that are not compared with each other
	// because they measure different things, when some are and the
	// status is not Measures; "" otherwise.
	Apart string
	// Differs holds, for each report, the indexes of the reports it
	// disagrees with.
	Differs [][]int
}

// Compare compares the reports of one claim, given in the order pages
// list them (oldest first). Two reports are compared when their periods
// may be the same (Period.Same) and their measures are the same or either
// is not given; they disagree when their values do not Agree within the
// tolerance (nil: at the precision given). Reports of different periods
// make a series, not a conflict. Values are assumed to be in one unit:
// reports in different units are an error the caller reports.
func Compare(reports []Report, tolerance *Number) Agreement {
	a := Agreement{Differs: make([][]int, len(reports))}
	var valued []int
	periods := map[Period]bool{}
	for i, r := range reports {
		if r.Valued {
			valued = append(valued, i)
			if !r.Period.IsZero() {
				periods[r.Period] = true
			}
		}
	}
	if len(valued) == 0 {
		return a
	}
	unit := reports[valued[0]].Unit
	label := func(i int) string {
		s := reports[i].value()
		if p := reports[i].period(); len(periods) > 1 && p != "" {
			s += " (" + p + ")"
		}
		return s
	}
	var apart []int // reports not compared with another for its measure
	for x, i := range valued {
		for _, j := range valued[x+1:] {
			ri, rj := reports[i], reports[j]
			if !ri.Period.Same(rj.Period) {
				continue
			}
			if !sameMeasure(ri.Measure, rj.Measure) {
				apart = appendNew(apart, i, j)
				continue
			}
			if !Agree(ri.Value, rj.Value, tolerance) {
				a.Differs[i] = append(a.Differs[i], j)
				a.Differs[j] = append(a.Differs[j], i)
			}
		}
	}
	contested := slices.ContainsFunc(a.Differs, func(d []int) bool { return len(d) > 0 })
	n := count(len(reports), "report", "reports")
	switch {
	case contested:
		a.Status = Contested
		noun := "figures"
		if unit == Rank {
			noun = "ranks"
		}
		values := groups(reports, valued, label)
		a.Summary = fmt.Sprintf("%s, %d different %s: %s", n, len(values), noun, And(values))
	case len(valued) == 1:
		a.Status = OneFigure
		one := withPeriod(reports[valued[0]], label(valued[0]))
		if len(reports) == 1 {
			a.Summary = "1 report: " + one
		} else {
			a.Summary = fmt.Sprintf("%s, of which one gives a figure: %s", n, one)
		}
	case len(periods) > 1:
		a.Status = Series
		byPeriod := slices.Clone(valued)
		slices.SortStableFunc(byPeriod, func(x, y int) int { return reports[x].Period.Compare(reports[y].Period) })
		var items []string
		for _, i := range byPeriod {
			p := reports[i].period()
			if p == "" {
				p = "period not given"
			}
			items = append(items, p+": "+reports[i].value())
		}
		a.Summary = fmt.Sprintf("%s for %d periods: %s", n, len(periods), strings.Join(slices.Compact(items), "; "))
	case len(apart) > 0:
		a.Status = Measures
		a.Summary = fmt.Sprintf("%s of different measures: %s", n, And(measured(reports, valued, label)))
	default:
		a.Status = Agreeing
		values := groups(reports, valued, label)
		switch {
		case len(values) == 1:
			a.Summary = fmt.Sprintf("%s agree: %s", n, withPeriod(reports[valued[0]], label(valued[0])))
		case tolerance != nil:
			a.Summary = fmt.Sprintf("%s agree within %s: %s", n, Format(*tolerance, unit), And(values))
		default:
			a.Summary = fmt.Sprintf("%s agree at the precision given: %s", n, And(values))
		}
	}
	if a.Status != OneFigure {
		if none := len(reports) - len(valued); none > 0 {
			a.Summary += fmt.Sprintf("; %s no figure", count(none, "gives", "give"))
		}
	}
	if len(apart) > 0 && a.Status != Measures {
		a.Apart = "Reports of different measures are not compared with each other: " + And(measured(reports, apart, label))
	}
	return a
}

// groups lists the different values of the reports as written, in
// order, a value given by several reports once and saying so ("13.1
// percent (2 reports)").
func groups(reports []Report, valued []int, label func(int) string) []string {
	type group struct {
		first int
		n     int
	}
	var gs []group
	for _, i := range valued {
		found := false
		for k := range gs {
			r := reports[gs[k].first]
			if r.Period == reports[i].Period && r.Measure == reports[i].Measure && r.Value.Equal(reports[i].Value) {
				gs[k].n++
				found = true
				break
			}
		}
		if !found {
			gs = append(gs, group{first: i, n: 1})
		}
	}
	var out []string
	for _, g := range gs {
		s := label(g.first)
		if g.n > 1 {
			s += fmt.Sprintf(" (%d reports)", g.n)
		}
		out = append(out, s)
	}
	return out
}

// withPeriod adds the report's period to its label, when it has one the
// label does not give.
func withPeriod(r Report, label string) string {
	if p := r.period(); p != "" && !strings.HasSuffix(label, "("+p+")") {
		return label + " (" + p + ")"
	}
	return label
}

// measured lists reports with their measures: "fifth (popularity in
// surveys)".
func measured(reports []Report, which []int, label func(int) string) []string {
	var out []string
	for _, i := range which {
		s := label(i)
		if m := reports[i].Measure; m != "" {
			s += " (" + m + ")"
		}
		out = append(out, s)
	}
	return out
}

func sameMeasure(a, b string) bool {
	return a == "" || b == "" || strings.EqualFold(a, b)
}

func appendNew(list []int, items ...int) []int {
	for _, x := range items {
		if !slices.Contains(list, x) {
			list = append(list, x)
		}
	}
	slices.Sort(list)
	return list
}
