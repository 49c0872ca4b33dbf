package site

import (
	"html/template"
	"sync"
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
	ld func() ldValue
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
// element, or "" when the page has none. Strings are escaped as
// encoding/json escapes them for HTML (<, > and & as \u003c and so on), so
// nothing from content can end the script element; html/template inserts
// a template.JS as it is.
func (p *Page) LinkedData() template.JS {
	if p.meta.ld == nil {
		return ""
	}
	return marshalLD(p.meta.ld())
}

// marshalLD is v's JSON, as encoding/json's Marshal writes it
// (linkeddata_json.go).
func marshalLD(v ldValue) template.JS {
	b := ldBuffers.Get().(*[]byte)
	*b = v.appendJSON((*b)[:0])
	js := template.JS(*b)
	ldBuffers.Put(b)
	return js
}

var ldBuffers = sync.Pool{New: func() any { return new([]byte) }}

// Feed is an Atom feed a page offers, for <link rel="alternate"> and the
// feed links readers see.
type Feed struct {
	Title string // the feed's own title
	Label string // what a link to it says: "All articles", "Articles about Xiaomi"
	Path  string // its site path: "feed.xml", "companies/xiaomi/feed.xml"
}
