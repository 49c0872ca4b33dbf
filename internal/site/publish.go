package site

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"dossier/internal/content"
	"dossier/internal/dossier"
)

// The files beside the pages that publishing needs: feeds, the sitemap,
// robots.txt and .nojekyll. Each is a Spec like a page, with a fingerprint,
// so that a caller rendering only changed specs treats them as pages.

// publish adds the feeds and the files for hosts and crawlers.
func (b *pageBuilder) publish(d *dossier.Dossier) {
	if f := b.siteFeed(d); f != nil {
		b.feed(f, "", d.Description, d.Articles)
	}
	for _, k := range content.Kinds {
		for _, e := range d.Entities[k] {
			if f := b.entityFeed(e); f != nil {
				b.feed(f, e.Path(), fmt.Sprintf("Articles of %s about %s, newest first", d.Title, e.Name), e.Articles)
			}
		}
	}
	if b.feeds {
		b.sitemap()
	}
	b.robots()
	// GitHub Pages runs a site pushed to a branch through Jekyll, which
	// drops files and folders whose names begin with _ or .; this empty
	// file turns that off. (Sites deployed by the Pages workflow skip
	// Jekyll anyway.)
	b.addFile(".nojekyll", func(*fingerprint) {}, func(io.Writer) error { return nil })
}

// sitemapLimit is the most URLs one sitemap file may list (sitemaps.org);
// a variable so that a test can split a small site.
var sitemapLimit = 50000

const sitemapNS = "http://www.sitemaps.org/schemas/sitemap/0.9"

type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapLoc `xml:"url"`
}

type sitemapIndex struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapLoc `xml:"sitemap"`
}

type sitemapLoc struct {
	Loc string `xml:"loc"`
}

// sitemap adds sitemap.xml, listing every page but the 404 page by its
// absolute URL. A site of more pages than one sitemap may list gets
// sitemap-1.xml, sitemap-2.xml, … and sitemap.xml is their index.
//
// Pages have no <lastmod>: dossier knows when articles were published, not
// when a page last changed, and a wrong date is worse than none.
func (b *pageBuilder) sitemap() {
	base := b.site.cfg.Base
	paths := b.indexed
	if len(paths) <= sitemapLimit {
		b.urlSet("sitemap.xml", paths)
		return
	}
	var index sitemapIndex
	index.NS = sitemapNS
	var names []string
	for i := 0; i*sitemapLimit < len(paths); i++ {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		b.urlSet(name, paths[i*sitemapLimit:min((i+1)*sitemapLimit, len(paths))])
		index.Sitemaps = append(index.Sitemaps, sitemapLoc{uri(base.AbsURL(name))})
		names = append(names, name)
	}
	b.addFile("sitemap.xml", func(f *fingerprint) { f.str(names...) }, func(w io.Writer) error { return writeXML(w, &index) })
}

func (b *pageBuilder) urlSet(name string, paths []string) {
	base := b.site.cfg.Base
	b.addFile(name, func(f *fingerprint) { f.str(paths...) }, func(w io.Writer) error {
		set := urlSet{NS: sitemapNS, URLs: make([]sitemapLoc, len(paths))}
		for i, p := range paths {
			set.URLs[i].Loc = uri(base.AbsURL(p))
		}
		return writeXML(w, &set)
	})
}

// robots adds robots.txt: crawling allowed, and the sitemap named when there
// is one. Crawlers read robots.txt only at the root of a host, so on a
// project site (user.github.io/REPO/) this one is not read; the sitemap can
// be given to search engines directly.
func (b *pageBuilder) robots() {
	var s strings.Builder
	s.WriteString("User-agent: *\nDisallow:\n")
	if b.feeds {
		fmt.Fprintf(&s, "\nSitemap: %s\n", uri(b.site.cfg.Base.AbsURL("sitemap.xml")))
	}
	text := s.String()
	b.addFile("robots.txt", func(f *fingerprint) { f.str(text) }, func(w io.Writer) error {
		_, err := io.WriteString(w, text)
		return err
	})
}

// uri percent-encodes the bytes of an IRI that a URI cannot hold as they
// are (non-ASCII letters of slugs, spaces): sitemaps and robots.txt want
// URIs.
func uri(iri string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(iri); i++ {
		c := iri[i]
		if c >= 0x80 || c <= ' ' || strings.IndexByte(`"<>\^`+"`{|}", c) >= 0 {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
