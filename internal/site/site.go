// Package site turns the dossier model into pages: the third stage of the
// pipeline (content → model → pages → output).
//
// # Pages
//
// Pages lists every page of the site as a Spec: the output file it becomes,
// the template that renders it and the typed data the template reads, plus a
// fingerprint of that data. Listing pages is cheap and renders nothing;
// Render executes one page's template. A caller that kept the fingerprints of
// its last build renders only the pages whose fingerprint changed.
//
// The URL scheme:
//
//	/                          home: introduction, newest articles, entities with counts
//	/articles/<slug>/          an article
//	/companies/                index of companies (and /markets/, /executives/)
//	/companies/<slug>/         a company's page (likewise markets and executives)
//	/timeline/                 every article by year and month
//	/404.html                  the page servers answer unknown URLs with
//	/feed.xml                  Atom feed of the newest articles (absolute base URL only)
//	/companies/<slug>/feed.xml an entity's feed (likewise markets and executives)
//	/sitemap.xml               every page but 404.html (absolute base URL only)
//	/robots.txt, /.nojekyll    for crawlers and for GitHub Pages
//	/articles/<slug>/annotations.jsonld  an article's annotations (W3C Web Annotation)
//	/annotations.jsonld, /annotations/<n>.jsonld  all of them, in pages
//	/dossier.json, /data/*.csv the dossier as data
//
// The last four are the exports (Config.Exports; annotations.go, data.go).
// Long lists continue on /…/page/2/ and so on, PageSize items a page;
// an entity's articles and the timeline are paged by period instead, a
// year, some years or some months a page (chronicle.go). Entity pages, the
// timeline and claim pages carry charts drawn at build time by package
// chart (charts.go).
//
// Feeds, the sitemap and the other files that are not pages are Specs too,
// with a fingerprint, rendered by Render like pages (publish.go, feed.go).
// Pages describe themselves to search engines and link previews with
// OpenGraph and Twitter card tags and schema.org JSON-LD (metadata.go,
// linkeddata.go).
//
// # Page Rendering
//
// Templates are html/template files, named by their file; each page template
// defines "main" for the "base" layout in base.html, and files named _*.html
// hold partials. Template data are the structs in pages.go; everything from
// content reaches the page through html/template's escaping, except rendered
// Markdown, which the markdown package has already made safe.
package site

import (
	"fmt"
	"io"

	"dossier/internal/dossier"
)

// Config is what the site needs beyond the model.
type Config struct {
	Base Base
	// Assets maps static files that pages link to ("style.css") to their
	// site path with a version query ("style.css?v=1a2b3c4d"), so that
	// browsers fetch them again when they change.
	Assets map[string]string
	// Exports adds the dossier's annotations and data as files for other
	// tools (annotations.go, data.go).
	Exports bool
}

// Site renders pages with a set of templates.
type Site struct {
	cfg  Config
	tmpl *Templates
	hash uint64 // what every page depends on besides its own data
}

// New returns a Site.
func New(cfg Config, tmpl *Templates) *Site {
	s := &Site{cfg: cfg, tmpl: tmpl}
	f := newFingerprint()
	f.u64(tmpl.Hash)
	f.str(cfg.Base.raw)
	if cfg.Exports {
		f.str("exports") // pages link to them
	}
	for _, name := range sortedKeys(cfg.Assets) {
		f.str(name, cfg.Assets[name])
	}
	s.hash = f.sum()
	return s
}

// Spec is one page to render.
type Spec struct {
	// File is the page's output file, relative to the output folder:
	// "index.html", "articles/x/index.html", "404.html".
	File string
	// Fingerprint changes whenever anything the page shows changes.
	Fingerprint uint64

	layout string
	data   any
	// encode writes a file that is not an HTML page (a feed, the sitemap,
	// robots.txt); nil for pages, which layout and data render.
	encode func(io.Writer) error
	// article is the article whose page this is. The page's data is then
	// made when the page is rendered if data is nil, by list: a dossier of
	// 100,000 articles would hold 50 MB of it from listing to rendering.
	article *dossier.Article
	list    *pageBuilder
}

// IsPage reports whether the spec is an HTML page rather than a feed,
// sitemap or other generated file.
func (p Spec) IsPage() bool { return p.encode == nil }

// Article returns the article whose page this is, or nil.
func (p Spec) Article() *dossier.Article { return p.article }

// pageData returns the data the page's template renders.
func (p Spec) pageData() any {
	if p.data == nil && p.article != nil {
		return p.list.articleData(p.article)
	}
	return p.data
}

// Render writes the page's HTML, or the generated file's bytes, to w.
func (s *Site) Render(w io.Writer, p Spec) error {
	if p.encode != nil {
		if err := p.encode(w); err != nil {
			return fmt.Errorf("%s: %w", p.File, err)
		}
		return nil
	}
	t := s.tmpl.byName[p.layout]
	if t == nil {
		return fmt.Errorf("no template %s", p.layout)
	}
	if err := t.ExecuteTemplate(w, "base", p.pageData()); err != nil {
		return fmt.Errorf("%s: %w", p.File, err)
	}
	return nil
}
