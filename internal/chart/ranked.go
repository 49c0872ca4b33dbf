package chart

// Ranked is a chart of horizontal bars, longest first: a name, its count
// in words and a bar for each row. It is a list of its rows for screen
// readers, each a link when it has somewhere to lead.
type Ranked struct {
	ID    string
	Title string
	Desc  string
	Rows  []Row
}

// Row is one bar of a Ranked chart.
type Row struct {
	Label string
	Href  string
	Count int
	// CountText is the count in words, written at the row's right end:
	// "3 articles".
	CountText string
}

// Heights of a Ranked chart's rows, in pixels.
const (
	rowHeight = 36
	rowText   = 14 // the baseline of the row's name and count
	rowBar    = 20 // the top of its bar
	barHeight = 9
)

// SVG draws the chart.
func (c Ranked) SVG() string {
	most := 0
	for _, r := range c.Rows {
		most = max(most, r.Count)
	}
	var w writer
	w.open(c.ID, "chart-ranked", "list", float64(len(c.Rows)*rowHeight+2), c.Title, c.Desc)
	for i, r := range c.Rows {
		y := float64(i * rowHeight)
		width := 0.0
		if most > 0 {
			width = max(100*float64(r.Count)/float64(most), 0.5)
		}
		w.raw(`<g role="listitem">`)
		if r.Href != "" {
			w.raw(`<a href="`)
			w.text(r.Href)
			w.raw(`">`)
		}
		w.raw(`<text class="chart-label chart-name" x="0" y="`, px(y+rowText), `">`)
		w.text(r.Label)
		w.raw(`</text><rect class="chart-bar" x="0" y="`, px(y+rowBar), `" width="`, pct(width), `" height="`, px(barHeight), `"/>`)
		if r.Href != "" {
			w.raw("</a>")
		}
		w.raw(`<text class="chart-label chart-count" x="100%" y="`, px(y+rowText), `" text-anchor="end">`)
		w.text(r.CountText)
		w.raw("</text></g>\n")
	}
	return w.close()
}
