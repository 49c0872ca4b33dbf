// Package chart draws the site's charts as SVG, when the site is built:
// bars over time (Timeline), ranked bars with counts (Ranked) and dot plots
// along a value axis (Dots). It is part of rendering pages (model → pages):
// the site package turns the model's counts and figures into a chart's
// fields, and inlines the SVG this package writes in the page. No
// JavaScript draws anything, and no service is asked.
//
// # Drawing
//
// A chart is as wide as its column and as tall as its content: horizontal
// positions are percentages of its width and vertical ones pixels, and
// there is no viewBox. Scaling the whole drawing to the column, as a
// viewBox does, would shrink its text with it, to five pixels on a phone;
// here text keeps the page's size at every width, and only the bars and
// dots stretch. Where labels would crowd a narrow column, some are marked
// with the class chart-wide, which the stylesheet shows only where the
// chart is wide; a label placed differently there has a second form,
// chart-narrow, shown only where it is not.
//
// Colours, fonts and sizes come from the site's stylesheet, through
// classes (chart-bar, chart-grid, chart-label, …) and currentColor, so that
// charts follow the light and dark schemes and print. The few presentation
// attributes written are what a reader without the stylesheet (a feed
// reader) needs to see the shapes.
//
// # Text equivalents
//
// Every chart has a <title> and a <desc>, named by the svg's
// aria-labelledby and aria-describedby. A chart whose marks are links
// (bars leading to the months they count, rows leading to entities) is a
// list (role="list") of those links, each named by its <title>, its axes
// hidden from screen readers; any other chart is an image (role="img").
// The page adds the numbers in a table or list of its own (package site).
//
// # Determinism
//
// Output depends only on the fields: numbers are written with fixed
// precision (FormatFloat with two decimals, trailing zeros dropped), and
// nothing iterates over a map.
package chart

import (
	"html"
	"math"
	"strconv"
	"strings"
)

// Sizes, in pixels, that text placement is computed for: the narrowest
// column a chart is drawn in (a 360 px phone less the page's margins) and
// the narrowest that the stylesheet calls wide (its container query for
// chart-wide and chart-narrow). Labels that fit only a wide column are
// marked chart-wide; their narrow column's form, chart-narrow.
const (
	narrowWidth = 300
	wideWidth   = 520
	// labelGap is the room a short label ("2015", "fifth") needs, gap
	// included, at the stylesheet's chart font size (13 px).
	labelGap = 44
	// charWidth is the width of a figure at that size.
	charWidth = 8
)

// writer writes SVG.
type writer struct{ b strings.Builder }

func (w *writer) raw(ss ...string) {
	for _, s := range ss {
		w.b.WriteString(s)
	}
}

// text writes s escaped for HTML text and attribute values.
func (w *writer) text(s string) { w.b.WriteString(html.EscapeString(s)) }

// open writes the svg element with its title and description. role is
// "list" or "img".
func (w *writer) open(id, class, role string, height float64, title, desc string) {
	w.raw(`<svg class="chart `, class, `" role="`, role, `" aria-labelledby="`)
	w.text(id)
	w.raw(`-title" aria-describedby="`)
	w.text(id)
	w.raw(`-desc" width="100%" height="`, px(height), `">`, "\n")
	w.raw(`<title id="`)
	w.text(id)
	w.raw(`-title">`)
	w.text(title)
	w.raw("</title>\n", `<desc id="`)
	w.text(id)
	w.raw(`-desc">`)
	w.text(desc)
	w.raw("</desc>\n")
}

func (w *writer) close() string {
	w.raw("</svg>")
	return w.b.String()
}

// label writes a text element at x (a percentage) and y.
func (w *writer) label(class string, x float64, y float64, anchor, s string) {
	w.raw(`<text class="`, class, `" x="`, pct(x), `" y="`, px(y), `"`)
	if anchor != "" && anchor != "start" {
		w.raw(` text-anchor="`, anchor, `"`)
	}
	w.raw(">")
	w.text(s)
	w.raw("</text>\n")
}

// pct writes a percentage with at most two decimals: "12.5%".
func pct(v float64) string { return num(v) + "%" }

// px writes a length in pixels with at most two decimals.
func px(v float64) string { return num(v) }

// num writes v rounded to two decimals, without trailing zeros.
func num(v float64) string {
	v = math.Round(v*100) / 100
	if v == 0 {
		return "0" // not "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// every is the smallest step among 1, 2, 5, 10, 20, 50, … such that labels
// step slots apart, each slot slotPx wide, are labelGap apart.
func every(slotPx float64) int {
	for _, k := range []int{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000} {
		if float64(k)*slotPx >= labelGap {
			return k
		}
	}
	return 1000
}

// Decimal is a number as axes label it: Mant × 10^Exp.
type Decimal struct {
	Mant int64
	Exp  int
}

// Float is d's value.
func (d Decimal) Float() float64 { return float64(d.Mant) * math.Pow(10, float64(d.Exp)) }

// Ticks returns round values for an axis from about lo to hi: a step of 1,
// 2 or 5 times a power of ten, such that at most n+1 ticks cover [lo, hi],
// the first at or below lo and the last at or above hi.
func Ticks(lo, hi float64, n int) []Decimal {
	if hi < lo {
		lo, hi = hi, lo
	}
	n = max(n, 1)
	span := hi - lo
	if span == 0 {
		span = math.Max(math.Abs(hi), 1)
	}
	exp := int(math.Floor(math.Log10(span / float64(n))))
	var step Decimal
	for {
		found := false
		for _, m := range []int64{1, 2, 5} {
			step = Decimal{m, exp}
			first := math.Floor(lo / step.Float())
			last := math.Ceil(hi / step.Float())
			if last-first <= float64(n) && last > first {
				found = true
				break
			}
		}
		if found {
			break
		}
		exp++
	}
	first := int64(math.Floor(lo / step.Float()))
	last := int64(math.Ceil(hi / step.Float()))
	var out []Decimal
	for k := first; k <= last; k++ {
		out = append(out, normalize(Decimal{k * step.Mant, step.Exp}))
	}
	return out
}

// normalize moves trailing zeros of the mantissa into the exponent, so
// that equal values have one form: 10 × 10⁻¹ is 1 × 10⁰.
func normalize(d Decimal) Decimal {
	if d.Mant == 0 {
		return Decimal{}
	}
	for d.Mant%10 == 0 {
		d.Mant /= 10
		d.Exp++
	}
	return d
}
