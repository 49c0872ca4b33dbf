package site

import (
	"encoding/json"
	"html/template"
)

// meta is what a page tells search engines, feed readers and link previews
// about itself beyond its title and description: the OpenGraph type, the
// publication date of an article, and the schema.org description of what the
// page is about, as JSON-LD.
type meta struct {
	ogType    string // "" for "website"
	published string // articles: the publisher's date, when known to the day (datePublished)
	// ld returns the page's schema.org value, built when the page is
	// rendered rather than listed; nil when the page has none.
	ld func() any
}

// OGType is the page's OpenGraph type: "article" for articles, "website"
// for every other page.
func (p *Page) OGType() string {
	if p.meta.ogType == "" {
		return "website"
	}
	return p.meta.ogType
}

// Published is an article's publication date for article:published_time,
// as datePublished gives it ("2015-02-12", or an instant); "" when the
// date is the editors' or known only to the month or year, and on other
// pages.
func (p *Page) Published() string { return p.meta.published }

// NoIndex reports whether search engines should leave the page out of
// their index: the 404 page, which servers show at every unknown URL.
func (p *Page) NoIndex() bool { return p.Kind == "404" }

// LinkedData is the page's JSON-LD, for a <script type="application/ld+json">
// element, or "" when the page has none. encoding/json escapes <, > and &
// in strings (as \u003c and so on), and U+2028 and U+2029, so nothing from
// content can end the script element; html/template inserts a template.JS
// as it is.
func (p *Page) LinkedData() (template.JS, error) {
	if p.meta.ld == nil {
		return "", nil
	}
	b, err := json.Marshal(p.meta.ld())
	return template.JS(b), err
}

// Feed is an Atom feed a page offers, for <link rel="alternate"> and the
// feed links readers see.
type Feed struct {
	Title string // the feed's own title
	Label string // what a link to it says: "All articles", "Articles about Xiaomi"
	Path  string // its site path: "feed.xml", "companies/xiaomi/feed.xml"
}
