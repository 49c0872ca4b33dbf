package site

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"dossier/internal/dossier"
)

// A chronicle is a list of articles, newest first, counted by month and
// year and split into pages by period: an entity's articles, or the
// timeline's. It is made once for each list, in one pass over it, and
// every page of the list reads it: the pager, the year index and the
// charts of articles over time.
//
// Pagination by period: a list of at most size articles is one page.
// A longer one is cut at years, and whole years go together on a page as
// long as it holds at most size articles. A year with more than size
// articles is cut at months, and its months go together likewise; the
// articles of that year that give no month are a part of their own. A
// month is a page of its own when it has more than size articles, and is
// cut only when it has more than twice size, into equal parts of at most
// size. So a page holds at most twice size articles, and a month is never
// cut into a full page and a few stragglers.
type chronicle struct {
	first string // site path of the list's first page
	runs  []run  // consecutive articles of one month (or of one year without a month), newest first
	pages []periodPage
	years []yearRun // newest first
	total int
	hash  uint64 // fingerprints what the chronicle's pages show of it

	// monthly and yearly are what its charts by month and by year show,
	// each made when first asked for by one of the pages rendered in
	// parallel.
	monthlyOnce sync.Once
	monthly     *timeSeries
	yearlyOnce  sync.Once
	yearly      *timeSeries
}

// run is a month of the list: the articles of one year and month, or of a
// year that give no month (Month 0).
type run struct {
	Year, Month int
	lo, hi      int // the run's articles
	page        int // the page its first article is on, from 1
}

func (r run) count() int { return r.hi - r.lo }

// yearRun is a year of the list.
type yearRun struct {
	year   int
	lo, hi int // its runs
	count  int
}

// periodPage is a page of the list.
type periodPage struct {
	lo, hi int    // its articles
	label  string // what the page holds: "2015", "2012–2014", "March–April 2015", "March 2015, part 2 of 3"
}

func newChronicle(first string, articles []*dossier.Article, size int) *chronicle {
	c := &chronicle{first: first, total: len(articles)}
	for i, a := range articles {
		y, m := a.Date.Year, a.Date.Month
		if n := len(c.runs); n > 0 && c.runs[n-1].Year == y && c.runs[n-1].Month == m {
			c.runs[n-1].hi = i + 1
			continue
		}
		c.runs = append(c.runs, run{Year: y, Month: m, lo: i, hi: i + 1})
	}
	for i, r := range c.runs {
		if n := len(c.years); n > 0 && c.years[n-1].year == r.Year {
			c.years[n-1].hi = i + 1
			c.years[n-1].count += r.count()
			continue
		}
		c.years = append(c.years, yearRun{year: r.Year, lo: i, hi: i + 1, count: r.count()})
	}
	c.paginate(max(size, 1))
	f := newFingerprint()
	for _, r := range c.runs {
		f.int(r.Year, r.Month, r.count(), r.page)
	}
	for _, p := range c.pages {
		f.str(p.label)
	}
	c.hash = f.sum()
	return c
}

// paginate cuts the list into pages (see chronicle).
func (c *chronicle) paginate(size int) {
	if c.total <= size {
		c.pages = []periodPage{{lo: 0, hi: c.total}}
		for i := range c.runs {
			c.runs[i].page = 1
		}
		return
	}
	// A page being filled with whole years, or whole runs of one year.
	var open *periodPage
	var from, to run // the oldest and newest runs on the open page
	wholeYears := false
	flush := func() {
		if open == nil {
			return
		}
		if wholeYears {
			open.label = yearSpan(from.Year, to.Year)
		} else {
			open.label = monthSpan(from, to)
		}
		c.pages = append(c.pages, *open)
		open = nil
	}
	add := func(lo, hi int, oldest, newest run, years bool) {
		if open != nil && (years != wholeYears || open.hi-open.lo+hi-lo > size || (!years && oldest.Year != from.Year) || (!years && (oldest.Month == 0) != (from.Month == 0))) {
			flush()
		}
		if open == nil {
			open = &periodPage{lo: lo, hi: lo}
			to = newest
			wholeYears = years
		}
		open.hi = hi
		from = oldest
	}
	for _, y := range c.years {
		if y.count <= size {
			add(c.runs[y.lo].lo, c.runs[y.hi-1].hi, c.runs[y.hi-1], c.runs[y.lo], true)
			continue
		}
		for _, r := range c.runs[y.lo:y.hi] {
			if r.count() <= 2*size {
				add(r.lo, r.hi, r, r, false)
				continue
			}
			flush()
			parts := (r.count() + size - 1) / size
			for k := range parts {
				c.pages = append(c.pages, periodPage{lo: r.lo + r.count()*k/parts, hi: r.lo + r.count()*(k+1)/parts,
					label: fmt.Sprintf("%s, part %d of %d", runLabel(r), k+1, parts)})
			}
		}
	}
	flush()
	p := 0
	for i := range c.runs {
		for c.pages[p].hi <= c.runs[i].lo {
			p++
		}
		c.runs[i].page = p + 1
	}
}

// yearSpan names the years from oldest to newest: "2015", "2012–2014".
func yearSpan(oldest, newest int) string {
	if oldest == newest {
		return strconv.Itoa(oldest)
	}
	return strconv.Itoa(oldest) + "–" + strconv.Itoa(newest)
}

// monthSpan names runs of one year from oldest to newest: "March 2015",
// "January–March 2015", "2015, month not known".
func monthSpan(oldest, newest run) string {
	if oldest.Month == newest.Month {
		return runLabel(oldest)
	}
	return time.Month(oldest.Month).String() + "–" + time.Month(newest.Month).String() + " " + strconv.Itoa(oldest.Year)
}

// runLabel names a run: "March 2015", "2015, month not known".
func runLabel(r run) string {
	if r.Month == 0 {
		return strconv.Itoa(r.Year) + ", month not known"
	}
	return time.Month(r.Month).String() + " " + strconv.Itoa(r.Year)
}

// runID is the id of a run's heading in the list: "y2015-03",
// "y2015-undated", as group gives them.
func runID(r run) string {
	y := "y" + strconv.Itoa(r.Year)
	switch {
	case r.Month == 0:
		return y + "-undated"
	case r.Month < 10:
		return y + "-0" + strconv.Itoa(r.Month)
	}
	return y + "-" + strconv.Itoa(r.Month)
}

// pageOf is the page, from 1, that holds article i of the list.
func (c *chronicle) pageOf(i int) int {
	n, _ := slices.BinarySearchFunc(c.pages, i, func(p periodPage, i int) int {
		if p.hi <= i {
			return -1
		}
		if p.lo > i {
			return 1
		}
		return 0
	})
	return n + 1
}

// pagePath is the site path of page n, from 1.
func (c *chronicle) pagePath(n int) string { return pagePath(c.first, n) }

// pager is the pager of page n, from 1: its neighbours with what they
// hold, the year index, and the pages of its year when there are several.
// A list of one page has its year index too, to jump within the page.
func (c *chronicle) pager(n int) *Pager {
	total := len(c.pages)
	pg := &Pager{Number: n, Total: total}
	for _, y := range c.years {
		r := c.runs[y.lo]
		link := PageLink{Text: strconv.Itoa(y.year), Count: y.count, Path: c.pagePath(r.page) + "#y" + strconv.Itoa(y.year)}
		first, last := r.page, c.runs[y.hi-1].page
		if n >= first && n <= last && total > 1 {
			link.Current = true
			// The pages of a year cut at months.
			if first < last {
				for p := first; p <= last; p++ {
					pg.Parts = append(pg.Parts, PageLink{Text: c.pages[p-1].label, Count: c.pages[p-1].hi - c.pages[p-1].lo, Path: c.pagePath(p), Current: p == n})
				}
			}
		}
		pg.Years = append(pg.Years, link)
	}
	if total == 1 {
		return pg
	}
	pg.First, pg.Last = c.first, c.pagePath(total)
	pg.Label = c.pages[n-1].label
	if n > 1 {
		pg.Prev, pg.PrevLabel = c.pagePath(n-1), c.pages[n-2].label
	}
	if n < total {
		pg.Next, pg.NextLabel = c.pagePath(n+1), c.pages[n].label
	}
	return pg
}

// runPath is the link to a run's heading, on the page it starts on.
func (c *chronicle) runPath(r run) string { return c.pagePath(r.page) + "#" + runID(r) }
