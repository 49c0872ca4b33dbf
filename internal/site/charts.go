package site

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"dossier/internal/chart"
	"dossier/internal/claim"
	"dossier/internal/dossier"
)

// Chart is a chart as a page shows it (the "chart" partial): a heading, a
// sentence saying what it shows, the drawing (package chart), and for a
// chart over time its numbers, year by year, in a table.
type Chart struct {
	Title   string
	Caption string
	SVG     template.HTML
	Years   []ChartYear
}

// ChartYear is a row of a chart's table: a year, its articles, and how
// many of them each month has ("February 3 · March 1 · month not known 1").
type ChartYear struct {
	Year   int
	Count  int
	Months string
	Path   string // the year in the list
}

// maxMonthlySpan is the longest span, in months, that an entity's chart
// counts by month; a longer one counts by year.
const maxMonthlySpan = 36

// monthSpanOf is the months a chart by month of the chronicle covers: from
// its oldest to its newest month, the whole of an end year that has
// articles without a month, so that their band spans the year.
func (c *chronicle) monthSpanOf() (fromY, fromM, toY, toM int) {
	oldest, newest := c.years[len(c.years)-1], c.years[0]
	fromY, fromM = oldest.year, 12
	for _, r := range c.runs[oldest.lo:oldest.hi] {
		if r.Month == 0 {
			fromM = 1
		} else {
			fromM = min(fromM, r.Month)
		}
	}
	toY, toM = newest.year, 1
	for _, r := range c.runs[newest.lo:newest.hi] {
		if r.Month == 0 {
			toM = 12
		} else {
			toM = max(toM, r.Month)
		}
	}
	return fromY, fromM, toY, toM
}

// spanMonths counts the months from y1-m1 to y2-m2, both included.
func spanMonths(y1, m1, y2, m2 int) int { return (y2-y1)*12 + m2 - m1 + 1 }

// fitsMonthly reports whether the chronicle's span is short enough to be
// counted by month on an entity's page.
func (c *chronicle) fitsMonthly() bool {
	if len(c.years) == 0 {
		return false
	}
	y1, m1, y2, m2 := c.monthSpanOf()
	return spanMonths(y1, m1, y2, m2) <= maxMonthlySpan
}

// overTime is the chart of the chronicle's articles over time, by month
// or by year, for page p; each bar links to its month or year in the
// list. The bars of page current (from 1; 0 for none) are marked.
func (c *chronicle) overTime(p *Page, id, title string, monthly bool, current int) *Chart {
	if len(c.runs) == 0 {
		return nil
	}
	ts := c.series(monthly)
	tl := chart.Timeline{ID: id, Interval: chart.Years, Title: title + ", by year", Desc: ts.desc,
		Bars: make([]chart.Bar, len(ts.bars)), Bands: make([]chart.Band, len(ts.bands))}
	if monthly {
		tl.Interval, tl.Title = chart.Months, title+", by month"
	}
	for i, b := range ts.bars {
		tl.Bars[i] = b.Bar
		if b.target != "" {
			tl.Bars[i].Href = p.URL(b.target)
			tl.Bars[i].Current = current > 0 && b.first <= current && current <= b.last
		}
	}
	for i, b := range ts.bands {
		tl.Bands[i] = b.Band
		tl.Bands[i].Href = p.URL(b.target)
	}
	out := &Chart{Title: tl.Title, Caption: tl.Desc, SVG: template.HTML(tl.SVG()), Years: make([]ChartYear, len(ts.years))}
	for i, y := range ts.years {
		out.Years[i] = y
		out.Years[i].Path = p.URL(y.Path)
	}
	return out
}

// timeSeries is what a chart over time of a chronicle shows, the same on
// each of its pages but for the links, which are site paths here.
type timeSeries struct {
	bars  []seriesBar
	bands []seriesBand
	desc  string
	years []ChartYear
}

type seriesBar struct {
	chart.Bar
	target      string // the site path the bar links to; "" for none
	first, last int    // the pages the bar's articles are on
}

type seriesBand struct {
	chart.Band
	target string
}

// series returns the chronicle's counts by month or by year for a chart,
// each made once: the timeline's pages all draw them.
func (c *chronicle) series(monthly bool) *timeSeries {
	if !monthly {
		c.yearlyOnce.Do(func() { c.yearly = c.makeSeries(false) })
		return c.yearly
	}
	c.monthlyOnce.Do(func() { c.monthly = c.makeSeries(true) })
	return c.monthly
}

func (c *chronicle) makeSeries(monthly bool) *timeSeries {
	ts := &timeSeries{}
	most, mostAt := 0, ""
	band := func(r run) {
		ts.bands = append(ts.bands, seriesBand{Band: chart.Band{Year: r.Year, Count: r.count(), Name: runLabel(r) + ": " + articles(r.count())}, target: c.runPath(r)})
	}
	if monthly {
		y1, m1, y2, m2 := c.monthSpanOf()
		// The runs oldest first, walked with the months.
		k := len(c.runs) - 1
		for y, m := y1, m1; y < y2 || (y == y2 && m <= m2); {
			for k >= 0 && c.runs[k].Month == 0 {
				band(c.runs[k])
				k--
			}
			label := time.Month(m).String() + " " + strconv.Itoa(y)
			b := seriesBar{Bar: chart.Bar{Year: y, Month: m}}
			if k >= 0 && c.runs[k].Year == y && c.runs[k].Month == m {
				r := c.runs[k]
				b.Count, b.target, b.first, b.last = r.count(), c.runPath(r), r.page, c.pageOf(r.hi-1)
				if r.count() > most {
					most, mostAt = r.count(), label
				}
				k--
			}
			b.Name = label + ": " + articles(b.Count)
			ts.bars = append(ts.bars, b)
			if m++; m > 12 {
				y, m = y+1, 1
			}
		}
		for ; k >= 0; k-- { // the newest year's articles without a month
			band(c.runs[k])
		}
	} else {
		k := len(c.years) - 1
		for y := c.years[k].year; y <= c.years[0].year; y++ {
			b := seriesBar{Bar: chart.Bar{Year: y, Name: strconv.Itoa(y) + ": " + articles(0)}}
			if k >= 0 && c.years[k].year == y {
				yr := c.years[k]
				first := c.runs[yr.lo]
				b.Count, b.target = yr.count, c.pagePath(first.page)+"#y"+strconv.Itoa(y)
				b.first, b.last = first.page, c.runs[yr.hi-1].page
				b.Name = strconv.Itoa(y) + ": " + articles(yr.count)
				if yr.count > most {
					most, mostAt = yr.count, strconv.Itoa(y)
				}
				k--
			}
			ts.bars = append(ts.bars, b)
		}
	}
	first, last := c.years[len(c.years)-1].year, c.years[0].year
	span := "in " + strconv.Itoa(first)
	if first != last {
		span = fmt.Sprintf("from %d to %d", first, last)
	}
	ts.desc = fmt.Sprintf("%s %s; the most in %s (%d).", capitalize(articles(c.total)), span, mostAt, most)
	n := 0
	for _, b := range ts.bands {
		n += b.Count
	}
	if n > 0 {
		ts.desc += fmt.Sprintf(" %s only to the year, marked under the axis.", plural(n, "1 is dated", strconv.Itoa(n)+" are dated"))
	}
	for _, y := range c.years {
		row := ChartYear{Year: y.year, Count: y.count, Path: c.pagePath(c.runs[y.lo].page) + "#y" + strconv.Itoa(y.year)}
		var months []string
		for k := y.hi - 1; k >= y.lo; k-- { // oldest month first
			r := c.runs[k]
			name := "month not known"
			if r.Month > 0 {
				name = time.Month(r.Month).String()
			}
			months = append(months, name+" "+strconv.Itoa(r.count()))
		}
		row.Months = strings.Join(months, " · ")
		ts.years = append(ts.years, row)
	}
	return ts
}

// articles counts articles in words: "1 article", "3 articles".
func articles(n int) string { return strconv.Itoa(n) + plural(n, " article", " articles") }

// coSubjects is the chart of the entities most often named with e, each
// linking to its page.
func coSubjects(p *Page, e *dossier.Entity) *Chart {
	if len(e.Mentioned) == 0 {
		return nil
	}
	// The rows say the numbers, to screen readers too: the caption says
	// what they count.
	r := chart.Ranked{ID: "mentioned-chart", Title: "Most often named with " + e.Name,
		Desc: fmt.Sprintf("The %s named in the most articles that name %s, with how many name both.", plural(len(e.Mentioned), "entity", "entities"), e.Name)}
	for _, m := range e.Mentioned {
		r.Rows = append(r.Rows, chart.Row{Label: m.Entity.Name, Href: p.URL(m.Entity.Path()), Count: m.Count, CountText: articles(m.Count)})
	}
	return &Chart{Caption: r.Desc, SVG: template.HTML(r.SVG())}
}

// reportDots is the dot plot of a claim's reports along its value's axis,
// nil unless at least two reports give values and the values differ.
func reportDots(c *dossier.Claim) *Chart {
	// Reports that agree within the claim's tolerance may still give
	// different numbers (13 and 13.1 percent): those are not shown as
	// differing.
	if c.StatusClass() == "agreeing" {
		return nil
	}
	d := chart.Dots{ID: "claim-chart", Title: c.Title + ": the value each report gives"}
	var unit claim.Unit
	lo, hi := 0.0, 0.0
	var parts []string
	series := c.StatusClass() == "series"
	for _, an := range c.Appearances() {
		f := an.Figure()
		if f == nil || f.Value == "" {
			continue
		}
		v := f.Number.Float64()
		if len(d.Rows) == 0 || v < lo {
			lo = v
		}
		if len(d.Rows) == 0 || v > hi {
			hi = v
		}
		unit = f.Unit
		a := an.Article
		label := a.Source
		if label == "" {
			label = shorten(a.Title, maxDotLabel)
		}
		sub := a.Date.String()
		if a.DatedByEditors() {
			sub += ", dated by the editors"
		}
		text := f.Value
		if series && f.Period != "" {
			text += ", " + f.Period
		}
		d.Rows = append(d.Rows, chart.Dot{Label: label, Sub: sub, Value: v, Text: text})
		parts = append(parts, fmt.Sprintf("%s (%s, %s)", text, label, sub))
	}
	if len(d.Rows) < 2 || lo == hi {
		return nil
	}
	d.Ticks = axisTicks(lo, hi, unit)
	axis := "from " + d.Ticks[0].Text + " to " + d.Ticks[len(d.Ticks)-1].Text
	d.Desc = "On an axis " + axis + ": " + claim.And(parts) + "."
	// The table under the chart gives each report in full: the caption
	// says how to read the chart.
	return &Chart{Title: "The value each report gives", Caption: "A row for each report that gives one, oldest first, on one axis " + axis + ".",
		SVG: template.HTML(d.SVG())}
}

// axisTicks labels the axis of values from lo to hi in unit: every rank
// from the first to the lowest given (up to the tenth), else round values.
func axisTicks(lo, hi float64, unit claim.Unit) []chart.Tick {
	var out []chart.Tick
	if unit == claim.Rank && hi <= 10 {
		for v := int64(1); v <= int64(hi); v++ {
			out = append(out, chart.Tick{Value: float64(v), Text: claim.Format(claim.Decimal(v, 0), unit)})
		}
		return out
	}
	for _, t := range chart.Ticks(lo, hi, 4) {
		if unit == claim.Rank && t.Float() < 1 {
			continue // there is no rank zero
		}
		out = append(out, chart.Tick{Value: t.Float(), Text: claim.Format(claim.Decimal(t.Mant, t.Exp), unit)})
	}
	return out
}

// maxDotLabel is the most characters a row of a dot plot is labelled with,
// to fit a phone's width.
const maxDotLabel = 40

// shorten cuts s at a word to at most n characters, marking the cut: "Why
// Xiaomi's small first step into…".
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n - 1
	for i := cut; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ,;:") + "…"
}
