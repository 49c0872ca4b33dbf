package site

import (
	"encoding/xml"
	"io"
	"time"

	"dossier/internal/content"
	"dossier/internal/dossier"
)

// Feeds are Atom (RFC 4287) documents of the newest articles: /feed.xml for
// the whole dossier and <kind>/<slug>/feed.xml for each company, market and
// executive that articles name. Atom's ids and a feed reader's links must be
// absolute, so feeds exist only when the base URL is absolute (see
// Base.Warning); and a feed needs an entry to have a date, so a list with no
// article has none.
//
// An entry is the article's page, with the article's headline, date,
// summary, byline, its source as a rel="via" link, and its entities as
// categories. Its dates are the article's: nothing comes from the clock, so
// the same content gives the same feed.

// feedEntries is how many of the newest articles a feed holds.
const feedEntries = 20

const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName   xml.Name     `xml:"feed"`
	NS        string       `xml:"xmlns,attr"`
	ID        string       `xml:"id"`
	Title     string       `xml:"title"`
	Subtitle  string       `xml:"subtitle,omitempty"`
	Updated   string       `xml:"updated"`
	Links     []atomLink   `xml:"link"`
	Author    atomPerson   `xml:"author"`
	Generator string       `xml:"generator"`
	Entries   []*atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel   string `xml:"rel,attr"`
	Type  string `xml:"type,attr,omitempty"`
	Href  string `xml:"href,attr"`
	Title string `xml:"title,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term   string `xml:"term,attr"`
	Scheme string `xml:"scheme,attr"`
	Label  string `xml:"label,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Links      []atomLink     `xml:"link"`
	Summary    string         `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`

	time time.Time
}

// siteFeed is the dossier's feed, or nil when there is none.
func (b *pageBuilder) siteFeed(d *dossier.Dossier) *Feed {
	if !b.feeds || len(d.Articles) == 0 {
		return nil
	}
	return &Feed{Title: d.Title, Label: "All articles", Path: "feed.xml"}
}

// entityFeed is an entity's feed, or nil when there is none.
func (b *pageBuilder) entityFeed(e *dossier.Entity) *Feed {
	if !b.feeds || len(e.Articles) == 0 {
		return nil
	}
	return &Feed{Title: e.Name + " · " + b.info.Title, Label: "Articles about " + e.Name, Path: e.Path() + "feed.xml"}
}

// feed adds the Atom feed f of the newest of articles, whose page (home or
// an entity's) is at the site path page.
func (b *pageBuilder) feed(f *Feed, page, subtitle string, articles []*dossier.Article) {
	articles = articles[:min(len(articles), feedEntries)]
	printFeed := func(fp *fingerprint) {
		fp.str(f.Title, subtitle, page)
		for _, a := range articles {
			fp.u64(a.ListHash)
		}
	}
	base := b.site.cfg.Base
	b.addFile(f.Path, printFeed, func(w io.Writer) error {
		feed := &atomFeed{
			NS:       atomNS,
			ID:       base.AbsURL(f.Path),
			Title:    f.Title,
			Subtitle: subtitle,
			Links: []atomLink{
				{Rel: "self", Type: "application/atom+xml", Href: base.AbsURL(f.Path)},
				{Rel: "alternate", Type: "text/html", Href: base.AbsURL(page)},
			},
			Author:    atomPerson{Name: b.info.Title},
			Generator: "dossier",
		}
		var newest time.Time
		for _, a := range articles {
			e := atomEntryOf(base, a)
			if e.time.After(newest) {
				newest = e.time
			}
			feed.Entries = append(feed.Entries, e)
		}
		feed.Updated = newest.Format(time.RFC3339)
		return writeXML(w, feed)
	})
}

func atomEntryOf(base Base, a *dossier.Article) *atomEntry {
	t := atomTime(a.Date)
	e := &atomEntry{
		ID:        base.AbsURL(a.Path()),
		Title:     a.Title,
		Published: t.Format(time.RFC3339),
		Updated:   t.Format(time.RFC3339),
		Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: base.AbsURL(a.Path())}},
		Summary:   a.Summary(),
		time:      t,
	}
	// An entry without an author would take the feed's, the dossier: name
	// the byline, else the publication.
	switch {
	case a.Author != "":
		e.Author = &atomPerson{Name: a.Author}
	case a.Source != "":
		e.Author = &atomPerson{Name: a.Source}
	}
	if a.SourceURL != "" {
		title := a.Source
		if title == "" {
			title = "Original article"
		}
		e.Links = append(e.Links, atomLink{Rel: "via", Type: "text/html", Href: a.SourceURL, Title: title})
	}
	for _, en := range a.AllEntities() {
		e.Categories = append(e.Categories, atomCategory{
			Term:   en.Slug,
			Scheme: base.AbsURL(en.Kind.Dir() + "/"),
			Label:  en.Name,
		})
	}
	return e
}

// atomTime is the instant Atom's dates (RFC 3339 date-times) give for a
// date: the date's own instant if it has one, else the start of its day,
// month or year in UTC — where the timeline places an imprecise date too.
func atomTime(d content.Date) time.Time {
	if !d.Time.IsZero() {
		return d.Time
	}
	return time.Date(d.Year, time.Month(max(d.Month, 1)), max(d.Day, 1), 0, 0, 0, 0, time.UTC)
}

// writeXML writes v as an indented XML document.
func writeXML(w io.Writer, v any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
