package chart

import (
	"math"
	"slices"
	"strconv"
)

// Interval is the time one bar of a Timeline counts.
type Interval int

const (
	Months Interval = iota
	Years
)

// Timeline is a bar chart of counts over time: one bar a month or a year,
// the periods consecutive and oldest first, each bar a link to what it
// counts. It is a list of its bars for screen readers, in that order.
type Timeline struct {
	// ID starts the ids of the chart's title and description; it is
	// unique on the page.
	ID       string
	Title    string
	Desc     string
	Interval Interval
	Bars     []Bar
	// Bands are, in a chart by month, the counts known only to the year:
	// each is drawn under the axis across its year's months.
	Bands []Band
}

// Bar is one period of a Timeline. A bar of count 0 is not drawn.
type Bar struct {
	Year  int
	Month int // 1 to 12; 0 in a chart by year
	Count int
	// Name is what the bar says to screen readers and in its tooltip:
	// "February 2015: 3 articles".
	Name string
	// Href is where the bar leads; "" for nowhere.
	Href string
	// Current marks the bar, as those of the periods on the page read.
	Current bool
}

// Band is what a chart by month counts of a year without a month.
type Band struct {
	Year  int
	Count int
	Name  string
	Href  string
}

// Heights of a Timeline's parts, in pixels.
const (
	tlTop   = 18  // above the plot: room for the top gridline's label
	tlPlot  = 140 // the bars' height at the top of the scale
	tlBand  = 16  // the row of bands, when there are any
	tlRow   = 15  // a row of labels under the axis
	tlBelow = 5   // under the last row, for descenders
)

var monthInitials = [...]string{"", "J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"}

// SVG draws the chart.
func (c Timeline) SVG() string {
	n := len(c.Bars)
	most := 0
	for _, b := range c.Bars {
		most = max(most, b.Count)
	}
	top, step := countScale(most)
	monthly := c.Interval == Months
	bands := monthly && len(c.Bands) > 0

	// The month initials, under monthly bars wide enough for them: an
	// initial is at most 12 px wide at the chart's font size ("M"), so 14
	// px leaves a gap between two.
	const monthSlot = 14
	months := ""
	if monthly {
		switch {
		case narrowWidth/float64(max(n, 1)) >= monthSlot:
			months = "always"
		case wideWidth/float64(max(n, 1)) >= monthSlot:
			months = "wide"
		}
	}
	base := float64(tlTop + tlPlot)
	y := base
	bandY := y + 4
	if bands {
		y += tlBand
	}
	monthY := y + tlRow - 2
	if months != "" {
		y += tlRow
	}
	yearY := y + tlRow - 2
	height := y + tlRow + tlBelow

	var w writer
	w.b.Grow(2048 + 300*n) // about what a bar takes: one growth of the buffer
	w.open(c.ID, "chart-timeline", "list", height, c.Title, c.Desc)
	// The scale's values are written left of the bars, in a gutter as
	// wide as the longest needs on a phone.
	gutter := 100 * (float64(len(strconv.Itoa(top)))*charWidth + 6) / narrowWidth
	slot := (100 - gutter) / float64(max(n, 1))
	gap := 0.25
	if n > 40 {
		gap = 0.12
	}

	// The scale: gridlines and their values, behind the bars.
	w.raw(`<g class="chart-scale" aria-hidden="true">`, "\n")
	for v := step; v <= top; v += step {
		gy := base - tlPlot*float64(v)/float64(top)
		w.raw(`<line class="chart-grid" x1="`, pct(gutter), `" x2="100%" y1="`, px(gy), `" y2="`, px(gy), `" stroke="currentColor" stroke-opacity="0.2"/>`, "\n")
	}
	w.raw("</g>\n")

	for i, b := range c.Bars {
		if b.Count == 0 {
			continue
		}
		h := max(tlPlot*float64(b.Count)/float64(top), 2)
		class := "chart-bar"
		if b.Current {
			class += " current"
		}
		w.mark(b.Name, b.Href, func() {
			w.raw(`<rect class="chart-hit" x="`, pct(gutter+float64(i)*slot), `" y="`, px(tlTop), `" width="`, pct(slot), `" height="`, px(tlPlot), `" fill-opacity="0"/>`)
			w.raw(`<rect class="`, class, `" x="`, pct(gutter+float64(i)*slot+slot*gap/2), `" y="`, px(base-h), `" width="`, pct(slot*(1-gap)), `" height="`, px(h), `"/>`)
		})
	}
	if bands {
		for _, band := range c.Bands {
			first, last := -1, -1
			for i, b := range c.Bars {
				if b.Year == band.Year {
					if first < 0 {
						first = i
					}
					last = i
				}
			}
			if first < 0 || band.Count == 0 {
				continue
			}
			w.mark(band.Name, band.Href, func() {
				w.raw(`<rect class="chart-band" x="`, pct(gutter+float64(first)*slot+slot*gap/2), `" y="`, px(bandY), `" width="`, pct(float64(last-first+1)*slot-slot*gap), `" height="8" fill="currentColor" fill-opacity="0.35"/>`)
			})
		}
	}

	// The axis and its labels, and the gridlines' values over the bars.
	w.raw(`<g class="chart-axis" aria-hidden="true">`, "\n")
	for v := step; v <= top; v += step {
		gy := base - tlPlot*float64(v)/float64(top)
		w.raw(`<text class="chart-label chart-value" x="`, pct(gutter), `" dx="-6" y="`, px(gy+4), `" text-anchor="end">`, strconv.Itoa(v), "</text>\n")
	}
	w.raw(`<line class="chart-baseline" x1="`, pct(gutter), `" x2="100%" y1="`, px(base), `" y2="`, px(base), `" stroke="currentColor"/>`, "\n")
	if months != "" {
		class := "chart-label chart-month"
		if months == "wide" {
			class += " chart-wide"
		}
		for i, b := range c.Bars {
			if b.Month >= 1 && b.Month <= 12 {
				w.label(class, gutter+(float64(i)+0.5)*slot, monthY, "middle", monthInitials[b.Month])
			}
		}
	}
	for _, l := range c.yearLabels(slot) {
		class := "chart-label chart-year"
		if l.wide {
			class += " chart-wide"
		}
		if monthly {
			x := gutter + float64(l.slot)*slot
			w.raw(`<line class="chart-tick`)
			if l.wide {
				w.raw(" chart-wide")
			}
			w.raw(`" x1="`, pct(x), `" x2="`, pct(x), `" y1="`, px(base), `" y2="`, px(base+5), `" stroke="currentColor"/>`, "\n")
			if l.end {
				w.label(class, 100, yearY, "end", strconv.Itoa(c.Bars[l.slot].Year))
			} else {
				w.label(class, x, yearY, "", strconv.Itoa(c.Bars[l.slot].Year))
			}
			continue
		}
		x, anchor := centered(gutter, l.slot, slot)
		w.label(class, x, yearY, anchor, strconv.Itoa(c.Bars[l.slot].Year))
	}
	w.raw("</g>\n")
	return w.close()
}

// mark writes one mark of a list chart: a list item, linked when href is
// set, named by its title.
func (w *writer) mark(name, href string, draw func()) {
	w.raw(`<g role="listitem">`)
	if href != "" {
		w.raw(`<a href="`)
		w.text(href)
		w.raw(`">`)
	}
	w.raw("<title>")
	w.text(name)
	w.raw("</title>")
	draw()
	if href != "" {
		w.raw("</a>")
	}
	w.raw("</g>\n")
}

// countScale returns the top of a scale of counts up to most, and the step
// of its gridlines: 1, 2 or 5 times a power of ten, four gridlines at
// most.
func countScale(most int) (top, step int) {
	if most <= 0 {
		return 1, 1
	}
	for p := 1; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			step = m * p
			if (most+step-1)/step <= 4 {
				return (most + step - 1) / step * step, step
			}
		}
	}
}

// centered places a label at the middle of slot i of those that start at
// left, or against the chart's right edge when the middle is too near it
// for the label to fit.
func centered(left float64, i int, slot float64) (x float64, anchor string) {
	mid := left + (float64(i)+0.5)*slot
	if mid > 100-100.0*labelGap/2/narrowWidth {
		return left + float64(i+1)*slot, "end"
	}
	return mid, "middle"
}

type yearLabel struct {
	slot int
	wide bool // shown on wide screens only
	end  bool // written against the right edge
}

// yearLabels chooses the bars whose year is written under the axis: in a
// chart by month each January, in one by year every bar; as many as fit
// the wide column, a round number of years apart (1, 2, 5, 10…), and of
// those as many as fit the narrow column, a multiple of that apart, always
// shown. The first bar's year is written too where it has room.
func (c Timeline) yearLabels(slot float64) []yearLabel {
	if len(c.Bars) == 0 {
		return nil
	}
	monthly := c.Interval == Months
	perYear := 1.0
	if monthly {
		perYear = 12
	}
	yearPx := func(width float64) float64 { return width * slot / 100 * perYear }
	wideStep := every(yearPx(wideWidth))
	narrowStep := wideStep
	for _, m := range []int{1, 2, 5, 10, 20, 50, 100} {
		narrowStep = wideStep * m
		if float64(narrowStep)*yearPx(narrowWidth) >= labelGap {
			break
		}
	}
	// A label in a chart by month starts at its January, or when that is
	// too near the right edge for it on a phone, and it is the last
	// year's, ends at the edge (on every screen: a label has one place).
	// Another year too near the edge of a column has no label there.
	n := float64(len(c.Bars))
	const labelWidth = labelGap - 8
	last := c.Bars[len(c.Bars)-1].Year
	tooNear := func(i int, width float64) bool { return monthly && (n-float64(i))*width*slot/100 < labelWidth }
	atEnd := func(i int) bool { return tooNear(i, narrowWidth) && c.Bars[i].Year == last }
	choose := func(width float64, step int) []int {
		slotPx := width * slot / 100
		left := func(i int) float64 {
			if atEnd(i) {
				return n*slotPx - labelWidth
			}
			return float64(i) * slotPx
		}
		var chosen []int
		try := func(i int) {
			if tooNear(i, width) && !atEnd(i) {
				return
			}
			for _, j := range chosen {
				if j == i || math.Abs(left(i)-left(j)) < labelGap {
					return
				}
			}
			chosen = append(chosen, i)
		}
		for i, b := range c.Bars {
			if (!monthly || b.Month == 1) && b.Year%step == 0 {
				try(i)
			}
		}
		if len(c.Bars) > 0 {
			try(0)
		}
		return chosen
	}
	wide := choose(wideWidth, wideStep)
	// Every round year of the narrow step is one of the wide step's; the
	// first bar's label stays only where it has room on both.
	narrow := slices.DeleteFunc(choose(narrowWidth, narrowStep), func(i int) bool { return !slices.Contains(wide, i) })
	slices.Sort(wide)
	out := make([]yearLabel, len(wide))
	for k, i := range wide {
		out[k] = yearLabel{slot: i, wide: !slices.Contains(narrow, i), end: atEnd(i)}
	}
	return out
}
