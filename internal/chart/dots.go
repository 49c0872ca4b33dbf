package chart

// Dots is a dot plot: one row for each item, its dot placed along a shared
// value axis, so that values that differ are seen to differ. It is an
// image for screen readers: its description says what it shows, and the
// page gives the values in a table.
type Dots struct {
	ID    string
	Title string
	Desc  string
	// Ticks label the axis, lowest first; the first and the last are its
	// ends.
	Ticks []Tick
	Rows  []Dot
}

// Tick is a labelled value of an axis.
type Tick struct {
	Value float64
	Text  string
}

// Dot is one row of a dot plot.
type Dot struct {
	Label string  // what the row is: "Tech Sina"
	Sub   string  // a second line, in smaller type: "2013, dated by the editors"
	Value float64 // where its dot is
	Text  string  // the value as written beside the dot: "fifth"
}

// Sizes of a dot plot, in pixels and percentages of its width.
const (
	dotRow    = 62 // a row's height
	dotText   = 15 // the baseline of its label
	dotSub    = 31 // the baseline of its second line
	dotY      = 47 // its dot's centre
	dotRadius = 6
	dotAxis   = 24 // the axis labels' row
	// The axis runs from dotMargin to 100 - dotMargin percent, so that
	// dots at its ends are whole.
	dotMargin = 4
)

// SVG draws the plot.
func (c Dots) SVG() string {
	lo, hi := 0.0, 1.0
	if len(c.Ticks) > 0 {
		lo, hi = c.Ticks[0].Value, c.Ticks[len(c.Ticks)-1].Value
	}
	at := func(v float64) float64 {
		if hi == lo {
			return 50
		}
		return dotMargin + (100-2*dotMargin)*(v-lo)/(hi-lo)
	}
	bottom := float64(len(c.Rows) * dotRow)
	var w writer
	w.open(c.ID, "chart-dots", "img", bottom+dotAxis, c.Title, c.Desc)

	// Ticks too close for every label on a phone label every other one
	// there.
	crowded := len(c.Ticks) > 1 && narrowWidth*(100-2*dotMargin)/100/float64(len(c.Ticks)-1) < labelGap+8
	for i, t := range c.Ticks {
		x := at(t.Value)
		w.raw(`<line class="chart-grid" x1="`, pct(x), `" x2="`, pct(x), `" y1="0" y2="`, px(bottom), `" stroke="currentColor" stroke-opacity="0.2"/>`, "\n")
		class := "chart-label chart-value"
		if crowded && i%2 == 1 && i != len(c.Ticks)-1 {
			class += " chart-wide"
		}
		// The ends' labels are centred under their gridlines where the
		// chart's margin holds half of them; in a narrower chart they
		// start or end at its edge instead.
		edge, edgeX := "", 0.0
		switch {
		case x < 10:
			edge = "start"
		case x > 90:
			edge, edgeX = "end", 100
		}
		if edge == "" {
			w.label(class, x, bottom+dotAxis-6, "middle", t.Text)
			continue
		}
		if half := float64(len([]rune(t.Text))*charWidth) / 2; half <= wideWidth*min(x, 100-x)/100 {
			w.label(class+" chart-wide", x, bottom+dotAxis-6, "middle", t.Text)
			class += " chart-narrow"
		}
		w.label(class, edgeX, bottom+dotAxis-6, edge, t.Text)
	}
	for i, d := range c.Rows {
		y := float64(i * dotRow)
		x := at(d.Value)
		w.label("chart-label chart-name", 0, y+dotText, "", d.Label)
		if d.Sub != "" {
			w.label("chart-label chart-sub", 0, y+dotSub, "", d.Sub)
		}
		w.raw(`<line class="chart-guide" x1="0" x2="100%" y1="`, px(y+dotY), `" y2="`, px(y+dotY), `" stroke="currentColor" stroke-opacity="0.3" stroke-dasharray="2 3"/>`, "\n")
		w.raw(`<circle class="chart-dot" cx="`, pct(x), `" cy="`, px(y+dotY), `" r="`, px(dotRadius), `"/>`, "\n")
		dx, anchor := "10", ""
		if x > 60 {
			dx, anchor = "-10", ` text-anchor="end"`
		}
		w.raw(`<text class="chart-label chart-dot-value" x="`, pct(x), `" dx="`, dx, `" y="`, px(y+dotY+4), `"`, anchor, `>`)
		w.text(d.Text)
		w.raw("</text>\n")
	}
	return w.close()
}
