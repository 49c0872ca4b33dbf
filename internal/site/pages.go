package site

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"html/template"
	"io"
	"slices"
	"strconv"

	"dossier/internal/content"
	"dossier/internal/dossier"
)

// Page is what every page's template data holds: the site, the page's place
// and title, and the methods templates link with.
type Page struct {
	Site *SiteInfo
	// Kind names the page's layout without its extension: "home",
	// "article", "entities", "entity", "timeline", "404".
	Kind  string
	Title string
	// Section is the site path of the index the page belongs to, for the
	// navigation to mark: "timeline/", "companies/", …
	Section string
	Pager   *Pager
	// Feeds are the Atom feeds the page offers: the dossier's, and on an
	// entity's pages the entity's own.
	Feeds []Feed

	path string // the page's site path: "", "articles/x/", "404.html"
	base Base
	// site renders the page's shared fragments (fragments.go), which
	// shared keeps for the other pages of its listing.
	site   *Site
	shared *fragments
	from   string // the Linker's from, once made
	meta   meta   // for search engines and link previews: metadata.go

	description string
	export      string // the site path of the page's annotation export, or ""
	// describe makes the description when the page is rendered, for one
	// that depends on an article's text, which the page list must not
	// render.
	describe func() string
}

// Description is what the page is about, in a sentence, for search
// engines and link previews.
func (p *Page) Description() string {
	if p.describe != nil {
		return p.describe()
	}
	return p.description
}

// AnnotationsExport is the site path of the W3C Web Annotation export of
// the page's annotations, or "" when it has none.
func (p *Page) AnnotationsExport() string { return p.export }

// SiteInfo is the part of every page that is the same on all of them.
type SiteInfo struct {
	Title       string
	Description string
	Sections    []Section
	// Search is set when the site has a search page, which every
	// page's header has a box for.
	Search bool
	assets map[string]string
}

// Section is an entry of the site's navigation.
type Section struct {
	Title string
	Path  string
}

// URL returns the link from this page to the site path target ("" for the
// home page, "articles/x/", "style.css", "companies/x/#frag").
func (p *Page) URL(target string) string { return p.base.Link(p.path, target) }

// Note is an annotation's note as this page shows it: its links made from
// this page.
func (p *Page) Note(an *dossier.Annotation) template.HTML { return an.NoteFrom(p.path) }

// Asset returns the link to a static file, with its version query.
func (p *Page) Asset(name string) string {
	if v, ok := p.Site.assets[name]; ok {
		return p.URL(v)
	}
	return p.URL(name)
}

// Canonical is the page's absolute URL, or "" when the base URL is not
// absolute. The 404 page has none: servers show it at every unknown URL.
func (p *Page) Canonical() string {
	if p.Kind == "404" {
		return ""
	}
	return p.base.AbsURL(p.path)
}

// Current says how the navigation entry for the site path target relates to
// this page, as aria-current wants it: "page" on the page itself, "true" on
// a page within its section, "" otherwise.
func (p *Page) Current(target string) string {
	switch {
	case p.path == target:
		return "page"
	case p.Section == target:
		return "true"
	}
	return ""
}

// Pager links the pages of a long list.
type Pager struct {
	Number, Total int
	First, Prev   string // site paths; "" where there is none
	Next, Last    string

	// A list paged by period (an entity's articles, the timeline) says
	// what each page holds: "2015", "March–April 2015". Years is its year
	// index, newest first; Parts are the pages of the page's year when
	// the year has several.
	Label, PrevLabel, NextLabel string
	Years, Parts                []PageLink
}

// PageLink is an entry of a year index: a year or a part of one, its
// number of articles, and the page and place it starts at.
type PageLink struct {
	Text    string
	Count   int
	Path    string
	Current bool // the page read is, or holds part of, this year
}

// pagePath is the site path of page n of the list whose first page is at
// first.
func pagePath(first string, n int) string {
	if n <= 1 {
		return first
	}
	return first + "page/" + strconv.Itoa(n) + "/"
}

func pageFile(sitePath string) string {
	if sitePath == "" || sitePath[len(sitePath)-1] == '/' {
		return sitePath + "index.html"
	}
	return sitePath
}

// paginate splits n items into pages of size and calls f for each with the
// page's bounds and pager.
func paginate(first string, n, size int, f func(lo, hi int, pg *Pager)) {
	total := max(1, (n+size-1)/size)
	for i := 1; i <= total; i++ {
		pg := &Pager{Number: i, Total: total}
		if total > 1 {
			pg.First, pg.Last = first, pagePath(first, total)
			if i > 1 {
				pg.Prev = pagePath(first, i-1)
			}
			if i < total {
				pg.Next = pagePath(first, i+1)
			}
		}
		f((i-1)*size, min(i*size, n), pg)
	}
}

// HomePage is the data of the home page.
type HomePage struct {
	*Page
	Intro    template.HTML
	Newest   []*dossier.Article
	Articles int // how many in all
	Kinds    []KindSummary
}

// KindSummary is a kind of entity on the home page: the most named few.
type KindSummary struct {
	Title string
	Path  string
	Count int
	Top   []EntityCount
}

// EntityCount is an entity with the number of articles naming it.
type EntityCount struct {
	Entity *dossier.Entity
	Count  int
}

// ArticlePage is the data of an article's page.
type ArticlePage struct {
	*Page
	Article *dossier.Article
	Tags    []TagGroup
}

// TagGroup is an article's entities of one kind.
type TagGroup struct {
	Title    string // "Companies"
	Entities []*dossier.Entity
}

// EntitiesPage is the data of the index of one kind of entity.
type EntitiesPage struct {
	*Page
	EntityKind content.Kind
	Entities   []EntityCount
	Total      int
}

// EntityPage is the data of an entity's page. Its first page opens with
// the facts panel and the charts, and holds the newest of its quotes,
// claims and annotations; every page holds a period of its articles
// (chronicle), with the year index.
type EntityPage struct {
	*Page
	Entity   *dossier.Entity
	Singular string // "company"
	Years    []YearGroup
	Total    int // articles naming the entity, on all pages
	// The newest of the entity's claims on its first page (and Quotes
	// and Annotations); each links to the whole list when there are
	// more.
	Claims []*dossier.Claim
	// Facts is the panel the first page opens with; nil on the others.
	Facts *EntityFacts

	chron *chronicle
}

// EntityFacts are an entity's facts at a glance, besides what its profile
// gives (aliases, role and company, executives, headquarters, website).
type EntityFacts struct {
	Kind          string // "Company"
	First, Latest *dossier.Article
	Articles      int
	Quotes        int
	Claims        int
	Contested     int // of Claims
	Annotations   int
}

// Coverage is the first page's chart of the entity's articles over time:
// by month when they span at most three years, else by year; nil when
// they all fall in one month or year, which CoverageText says in words.
func (p *EntityPage) Coverage() *Chart {
	c := p.chron
	if p.Facts == nil || len(c.runs) < 2 {
		return nil
	}
	return c.overTime(p.Page, "coverage-chart", "Articles naming "+p.Entity.Name, c.fitsMonthly(), 0)
}

// CoverageText says when the entity's articles are from where there is no
// chart to show it: "3 articles, all from February 2015".
func (p *EntityPage) CoverageText() string {
	c := p.chron
	if p.Facts == nil || len(c.runs) != 1 {
		return ""
	}
	r := c.runs[0]
	when := runLabel(r)
	if r.Month == 0 {
		when = strconv.Itoa(r.Year) + ", with no month given"
	}
	if c.total == 1 {
		return "1 article, from " + when + "."
	}
	return articles(c.total) + ", all from " + when + "."
}

// Mentioned is the first page's chart of the entities most often named
// with this one.
func (p *EntityPage) Mentioned() *Chart {
	if p.Facts == nil {
		return nil
	}
	return coSubjects(p.Page, p.Entity)
}

// Quotes are the newest of the entity's quotes, on its first page.
func (p *EntityPage) Quotes() []*dossier.Annotation {
	if p.Pager.Number != 1 {
		return nil
	}
	return preview(p.Entity.Quotes())
}

// Annotations are the newest of the annotations about the entity, on its
// first page.
func (p *EntityPage) Annotations() []*dossier.Annotation {
	if p.Pager.Number != 1 {
		return nil
	}
	return preview(p.Entity.Annotations())
}

func preview[T any](list []T) []T { return list[:min(len(list), entityPreview)] }

// EntityListPage is the data of one page of an entity's quotes, claims or
// annotations, the lists too long for the entity's own page.
type EntityListPage struct {
	*Page
	Entity *dossier.Entity
	List   string // "quotes", "claims" or "annotations"
	Claims []*dossier.Claim
	Total  int

	lo, hi int // the page's part of the list
}

// Quotes are the page's part of the entity's quotes, on a page of them.
func (p *EntityListPage) Quotes() []*dossier.Annotation {
	if p.List != "quotes" {
		return nil
	}
	return p.Entity.Quotes()[p.lo:p.hi]
}

// Annotations are the page's part of the annotations about the entity, on
// a page of them.
func (p *EntityListPage) Annotations() []*dossier.Annotation {
	if p.List != "annotations" {
		return nil
	}
	return p.Entity.Annotations()[p.lo:p.hi]
}

// entityPreview is how many quotes, claims and annotations an entity's
// page shows before linking to their own pages.
const entityPreview = 10

// ListPath is the site path of the first page of the entity's quotes,
// claims or annotations.
func (p *EntityPage) ListPath(list string) string { return EntityListPath(p.Entity, list) }

// EntityListPath is the site path of the first page of one of e's lists.
func EntityListPath(e *dossier.Entity, list string) string { return e.Path() + list + "/" }

// ClaimsPage is the data of the index of claims.
type ClaimsPage struct {
	*Page
	Claims []ClaimRow
	Total  int
}

// ClaimRow is a claim in the index: how many reports it has and whether
// they agree, in words.
type ClaimRow struct {
	Claim   *dossier.Claim
	Reports int
	// Agreement is the status of its reports: "Contested", "Agreeing",
	// "Series", "Different measures", or why they are not compared
	// ("Nothing to compare", "No figures to compare").
	Agreement string
	// Compared is set when Agreement is a status of compared reports,
	// shown as a badge.
	Compared bool
}

func claimRow(c *dossier.Claim) ClaimRow {
	row := ClaimRow{Claim: c, Reports: c.CountAppearances(), Agreement: c.StatusLabel(), Compared: true}
	if row.Agreement == "" {
		row.Compared = false
		switch {
		case row.Reports == 1:
			row.Agreement = "Nothing to compare"
		case !c.HasFigures():
			row.Agreement = "No figures to compare"
		default:
			row.Agreement = "Only one gives a figure"
		}
	}
	return row
}

// ClaimPage is the data of a claim's page.
type ClaimPage struct {
	*Page
	Claim *dossier.Claim
}

// Chart is the dot plot of the values the claim's reports give, when they
// differ; nil otherwise.
func (p *ClaimPage) Chart() *Chart { return reportDots(p.Claim) }

// TimelinePage is the data of the timeline.
type TimelinePage struct {
	*Page
	Years []YearGroup
	Total int

	chron *chronicle
}

// Chart is the timeline's chart of articles across the dossier, each bar
// linking to its period in the list, the page's own marked: by month on
// the first page, and on the others by month only where the dossier spans
// few enough months (fitsMonthly), else by year. A long timeline has as
// many pages as its chart has bars: repeating a bar a month on each would
// make the timeline's pages grow with the square of its span.
func (p *TimelinePage) Chart() *Chart {
	current := 0
	if p.Pager.Total > 1 {
		current = p.Pager.Number
	}
	monthly := current <= 1 || p.chron.fitsMonthly()
	return p.chron.overTime(p.Page, "timeline-chart", "Articles", monthly, current)
}

// YearGroup is a year of a chronological list.
type YearGroup struct {
	Year      int
	ID        string
	Continued bool // the year began on an earlier page
	// Nested puts the year's heading a level down, under a section
	// heading of the page (h3 for years, h4 for months).
	Nested bool
	Months []MonthGroup
}

// MonthGroup is a month of a year group; Month is "" for articles whose date
// names only the year.
type MonthGroup struct {
	Month     string
	ID        string
	Continued bool
	Articles  []*dossier.Article
}

// group arranges articles, newest first, by year and month. prev is the
// article listed just before, on an earlier page, to mark continued groups.
func group(articles []*dossier.Article, prev *dossier.Article, nested bool) []YearGroup {
	var years []YearGroup
	for _, a := range articles {
		y, m := a.Date.Year, a.Date.MonthName()
		if len(years) == 0 || years[len(years)-1].Year != y {
			years = append(years, YearGroup{
				Year:      y,
				Nested:    nested,
				ID:        fmt.Sprintf("y%d", y),
				Continued: prev != nil && prev.Date.Year == y,
			})
		}
		yg := &years[len(years)-1]
		if len(yg.Months) == 0 || yg.Months[len(yg.Months)-1].Month != m {
			id := yg.ID
			if a.Date.Month > 0 {
				id = fmt.Sprintf("y%d-%02d", y, a.Date.Month)
			} else {
				id += "-undated"
			}
			yg.Months = append(yg.Months, MonthGroup{
				Month:     m,
				ID:        id,
				Continued: len(yg.Months) == 0 && prev != nil && prev.Date.Year == y && prev.Date.MonthName() == m,
			})
		}
		mg := &yg.Months[len(yg.Months)-1]
		mg.Articles = append(mg.Articles, a)
	}
	return years
}

// Home page list lengths.
const (
	homeArticles = 10
	homeEntities = 8
)

// Pages lists every page of the site for the model d.
func (s *Site) Pages(d *dossier.Dossier) []Spec {
	b := s.pageBuilder(d)
	b.home(d)
	for _, a := range d.Articles {
		b.article(a)
		b.articleExport(d, a)
	}
	for _, k := range content.Kinds {
		b.entities(k, d.Entities[k], d.PageSize)
		for _, e := range d.Entities[k] {
			b.entity(e, d.PageSize)
			b.entityLists(e, d.PageSize)
		}
	}
	b.claims(d.Claims, d.PageSize)
	for _, c := range d.Claims {
		b.claim(c)
	}
	b.timeline(d.Articles, d.PageSize)
	b.search(d)
	b.notFound()
	b.publish(d)
	b.dossierExports(d)
	return b.specs
}

type pageBuilder struct {
	site     *Site
	info     *SiteInfo
	siteHash uint64
	specs    []Spec
	// prints is set when the model has fingerprints (a lazy one has
	// none, and its articles' texts must not be rendered to list pages).
	prints bool

	shared    *fragments
	feeds     bool     // whether the base URL allows feeds and a sitemap
	siteFeeds []Feed   // the feeds every page offers
	indexed   []string // site paths of the pages a sitemap lists
}

func (s *Site) pageBuilder(d *dossier.Dossier) *pageBuilder {
	info := &SiteInfo{Title: d.Title, Description: d.Description, Search: d.Search, assets: s.cfg.Assets}
	info.Sections = append(info.Sections, Section{"Timeline", "timeline/"})
	for _, k := range content.Kinds {
		info.Sections = append(info.Sections, Section{k.Plural(), k.Dir() + "/"})
	}
	info.Sections = append(info.Sections, Section{"Claims", "claims/"})
	b := &pageBuilder{site: s, info: info, siteHash: combine(s.hash, d.Hash), prints: d.Fingerprinted(), shared: &fragments{}}
	b.feeds = s.cfg.Base.Abs != ""
	if f := b.siteFeed(d); f != nil {
		b.siteFeeds = []Feed{*f}
		b.siteHash = combine(b.siteHash, 1)
	}
	return b
}

func (b *pageBuilder) page(kind, sitePath, title, section string) *Page {
	return &Page{Site: b.info, Kind: kind, Title: title, Section: section, Feeds: b.siteFeeds, path: sitePath, base: b.site.cfg.Base,
		site: b.site, shared: b.shared}
}

// add adds a page. print adds what the page shows of its data to its
// fingerprint; it is called only for a model with fingerprints.
func (b *pageBuilder) add(p *Page, data any, print func(f *fingerprint)) {
	if p.Kind != "404" {
		b.indexed = append(b.indexed, p.path)
	}
	spec := Spec{File: pageFile(p.path), layout: p.Kind + ".html", data: data}
	if b.prints {
		f := newFingerprint()
		print(f)
		f.u64(b.siteHash)
		f.str(p.path, p.Title, p.Description())
		if p.Pager != nil {
			f.int(p.Pager.Number, p.Pager.Total)
		}
		for _, feed := range p.Feeds {
			f.str(feed.Path, feed.Title)
		}
		spec.Fingerprint = f.sum()
	}
	b.specs = append(b.specs, spec)
}

// addFile adds a generated file that is not a page.
func (b *pageBuilder) addFile(file string, print func(f *fingerprint), encode func(io.Writer) error) {
	spec := Spec{File: file, encode: encode}
	if b.prints {
		f := newFingerprint()
		print(f)
		f.u64(b.siteHash)
		f.str(file)
		spec.Fingerprint = f.sum()
	}
	b.specs = append(b.specs, spec)
}

func (b *pageBuilder) home(d *dossier.Dossier) {
	p := b.page("home", "", d.Title, "")
	p.description = d.Description
	data := &HomePage{Page: p, Intro: d.Intro, Articles: len(d.Articles)}
	data.Newest = d.Articles[:min(len(d.Articles), homeArticles)]
	p.meta.ld = func() any { return websiteLD(p) }
	for _, k := range content.Kinds {
		ranked := byCount(d.Entities[k])
		ks := KindSummary{Title: k.Plural(), Path: k.Dir() + "/", Count: len(ranked), Top: ranked[:min(len(ranked), homeEntities)]}
		data.Kinds = append(data.Kinds, ks)
	}
	b.add(p, data, func(f *fingerprint) {
		for _, a := range data.Newest {
			f.u64(a.ListHash)
		}
		f.int(len(d.Articles))
		for _, ks := range data.Kinds {
			f.int(ks.Count)
			for _, ec := range ks.Top {
				f.u64(ec.Entity.LinkHash)
				f.int(ec.Count)
			}
		}
	})
}

// byCount ranks entities by how many articles name them, most first.
func byCount(es []*dossier.Entity) []EntityCount {
	out := make([]EntityCount, len(es))
	for i, e := range es {
		out[i] = EntityCount{Entity: e, Count: len(e.Articles)}
	}
	slices.SortStableFunc(out, func(a, b EntityCount) int { return cmp.Compare(b.Count, a.Count) })
	return out
}

func (b *pageBuilder) article(a *dossier.Article) {
	if !b.prints {
		// Nothing to fingerprint: the data is made when the page is
		// rendered (Spec.pageData).
		b.indexed = append(b.indexed, a.Path())
		b.specs = append(b.specs, Spec{File: pageFile(a.Path()), layout: "article.html", article: a, list: b})
		return
	}
	data := b.articleData(a)
	b.add(data.Page, data, func(f *fingerprint) {
		f.u64(a.Hash)
		about, _ := subjects(a)
		for _, e := range about {
			f.u64(e.LinkHash)
		}
		for _, r := range a.Related {
			f.u64(r.Article.ListHash)
			for _, e := range r.Shared {
				f.u64(e.LinkHash)
			}
		}
		for _, an := range a.Annotations() {
			f.u64(an.Hash)
		}
		for _, o := range []*dossier.Article{a.Prev, a.Next} {
			if o != nil {
				f.u64(o.ListHash)
			} else {
				f.u64(0)
			}
		}
	})
	b.specs[len(b.specs)-1].article = a
}

// articleData is the data of an article's page.
func (b *pageBuilder) articleData(a *dossier.Article) *ArticlePage {
	p := b.page("article", a.Path(), a.Title, "timeline/")
	// The summary may be the text's first paragraph: known when the page
	// is rendered, and so is what the article is about, which it names.
	p.describe = a.Summary
	data := &ArticlePage{Page: p, Article: a}
	if b.site.cfg.Exports && a.CountAnnotations() > 0 {
		p.export = AnnotationsFile(a)
	}
	p.meta.ogType, p.meta.published = "article", datePublished(a)
	p.meta.ld = func() any {
		about, mentions := subjects(a)
		return articleLD(p, a, about, mentions)
	}
	for _, k := range content.Kinds {
		if es := a.Entities[k]; len(es) > 0 {
			data.Tags = append(data.Tags, TagGroup{Title: k.Plural(), Entities: es})
		}
	}
	return data
}

func (b *pageBuilder) entities(k content.Kind, es []*dossier.Entity, size int) {
	first := k.Dir() + "/"
	paginate(first, len(es), size, func(lo, hi int, pg *Pager) {
		p := b.page("entities", pagePath(first, pg.Number), k.Plural(), first)
		p.Pager = pg
		p.description = fmt.Sprintf("%d %s in this dossier", len(es), k.Plural())
		data := &EntitiesPage{Page: p, EntityKind: k, Total: len(es)}
		for _, e := range es[lo:hi] {
			data.Entities = append(data.Entities, EntityCount{Entity: e, Count: len(e.Articles)})
		}
		b.add(p, data, func(f *fingerprint) {
			f.int(len(es))
			for _, e := range es[lo:hi] {
				f.u64(e.LinkHash)
				f.int(len(e.Articles))
			}
		})
	})
}

func (b *pageBuilder) entity(e *dossier.Entity, size int) {
	c := newChronicle(e.Path(), e.Articles, size)
	for i, pp := range c.pages {
		n := i + 1
		title := e.Name
		if n > 1 {
			title += ", " + pp.label
		}
		p := b.page("entity", c.pagePath(n), title, e.Kind.Dir()+"/")
		p.Pager = c.pager(n)
		p.description = fmt.Sprintf("%s: %d %s in this dossier", e.Name, len(e.Articles), plural(len(e.Articles), "article", "articles"))
		var prev *dossier.Article
		if pp.lo > 0 {
			prev = e.Articles[pp.lo-1]
		}
		data := &EntityPage{Page: p, Entity: e, Singular: e.Kind.Singular(), Years: group(e.Articles[pp.lo:pp.hi], prev, true), Total: len(e.Articles), chron: c}
		if n == 1 {
			data.Claims = preview(e.Claims)
			data.Facts = entityFacts(e)
		}
		if feed := b.entityFeed(e); feed != nil {
			p.Feeds = append(slices.Clip(p.Feeds), *feed)
		}
		if n == 1 {
			p.meta.ld = func() any { return entityLD(p, e) }
		}
		b.add(p, data, func(f *fingerprint) {
			f.u64(e.Hash, c.hash)
			f.int(len(e.Articles))
			for _, a := range e.Articles[pp.lo:pp.hi] {
				f.u64(a.ListHash)
			}
			if prev != nil {
				f.str(prev.Date.ISO())
			}
			if n == 1 {
				for _, m := range e.Mentioned {
					f.u64(m.Entity.LinkHash)
					f.int(m.Count)
				}
				if fs := data.Facts; fs.First != nil {
					f.u64(fs.First.ListHash, fs.Latest.ListHash)
				}
			}
		})
	}
}

// entityFacts gathers the facts panel of e's first page.
func entityFacts(e *dossier.Entity) *EntityFacts {
	fs := &EntityFacts{Kind: capitalize(e.Kind.Singular()), Articles: len(e.Articles), Quotes: e.CountQuotes(),
		Claims: len(e.Claims), Annotations: e.CountAnnotations()}
	if n := len(e.Articles); n > 0 {
		fs.Latest, fs.First = e.Articles[0], e.Articles[n-1]
	}
	for _, c := range e.Claims {
		if c.Contested() {
			fs.Contested++
		}
	}
	return fs
}

// entityLists adds the pages of e's quotes, claims and annotations that
// its own page has no room for.
func (b *pageBuilder) entityLists(e *dossier.Entity, size int) {
	lists := []struct {
		name, title string
		n           int
	}{
		{"quotes", "Quotes of " + e.Name, e.CountQuotes()},
		{"claims", "Claims about " + e.Name, len(e.Claims)},
		{"annotations", "Annotations about " + e.Name, e.CountAnnotations()},
	}
	for _, l := range lists {
		if l.n <= entityPreview {
			continue
		}
		first := EntityListPath(e, l.name)
		paginate(first, l.n, size, func(lo, hi int, pg *Pager) {
			p := b.page("entity-list", pagePath(first, pg.Number), l.title, e.Kind.Dir()+"/")
			p.Pager = pg
			p.description = fmt.Sprintf("%s: %d %s", e.Name, l.n, l.name)
			data := &EntityListPage{Page: p, Entity: e, List: l.name, Total: l.n, lo: lo, hi: hi}
			if l.name == "claims" {
				data.Claims = e.Claims[lo:hi]
			}
			b.add(p, data, func(f *fingerprint) {
				f.u64(e.Hash) // covers the entity's lists
				f.int(lo, hi)
			})
		})
	}
}

func (b *pageBuilder) claims(cs []*dossier.Claim, size int) {
	first := "claims/"
	paginate(first, len(cs), size, func(lo, hi int, pg *Pager) {
		p := b.page("claims", pagePath(first, pg.Number), "Claims", first)
		p.Pager = pg
		p.description = fmt.Sprintf("%d claims tracked across the articles of the dossier", len(cs))
		data := &ClaimsPage{Page: p, Total: len(cs)}
		for _, c := range cs[lo:hi] {
			data.Claims = append(data.Claims, claimRow(c))
		}
		b.add(p, data, func(f *fingerprint) {
			f.int(len(cs))
			for _, c := range cs[lo:hi] {
				f.u64(c.Hash)
			}
		})
	})
}

func (b *pageBuilder) claim(c *dossier.Claim) {
	p := b.page("claim", c.Path(), c.Title, "claims/")
	p.description = c.Summary
	if p.description == "" {
		n := c.CountAppearances()
		p.description = fmt.Sprintf("How %d %s reported it", n, plural(n, "article", "articles"))
	}
	p.meta.ld = func() any {
		// The claim's text for linked data: its summary, else its first
		// appearance's passage, which is what was claimed.
		text := c.Summary
		var articles []*dossier.Article
		for _, an := range c.Appearances() {
			if text == "" {
				text = an.Passage()
			}
			if !slices.Contains(articles, an.Article) {
				articles = append(articles, an.Article)
			}
		}
		ld := claimLD(p, c.Path(), c.Title, text, articles, c.About)
		if c.Verdict == "" {
			return ld
		}
		// The verdict is the editors': only then a ClaimReview.
		return claimReviewLD(p, c.Path(), ld, capitalize(c.Verdict), c.VerdictText)
	}
	b.add(p, &ClaimPage{Page: p, Claim: c}, func(f *fingerprint) {
		f.u64(c.Hash) // covers the appearances' articles and the entities it is about
	})
}

func (b *pageBuilder) timeline(articles []*dossier.Article, size int) {
	c := newChronicle("timeline/", articles, size)
	for i, pp := range c.pages {
		n := i + 1
		title := "Timeline"
		if n > 1 {
			title += ", " + pp.label
		}
		p := b.page("timeline", c.pagePath(n), title, c.first)
		p.Pager = c.pager(n)
		p.description = fmt.Sprintf("All %d articles of the dossier by date", len(articles))
		var prev *dossier.Article
		if pp.lo > 0 {
			prev = articles[pp.lo-1]
		}
		data := &TimelinePage{Page: p, Years: group(articles[pp.lo:pp.hi], prev, false), Total: len(articles), chron: c}
		b.add(p, data, func(f *fingerprint) {
			f.int(len(articles))
			f.u64(c.hash)
			for _, a := range articles[pp.lo:pp.hi] {
				f.u64(a.ListHash)
			}
			if prev != nil {
				f.str(prev.Date.ISO())
			}
		})
	}
}

func (b *pageBuilder) notFound() {
	p := b.page("404", "404.html", "Page not found", "")
	b.add(p, p, func(*fingerprint) {})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// fingerprint hashes what a page shows.
type fingerprint struct{ h maphash.Hash }

var seed = maphash.MakeSeed()

func newFingerprint() *fingerprint {
	f := &fingerprint{}
	f.h.SetSeed(seed)
	return f
}

func (f *fingerprint) str(ss ...string) {
	for _, s := range ss {
		f.h.WriteString(s)
		f.h.WriteByte(0)
	}
}

func (f *fingerprint) u64(vs ...uint64) {
	var b [8]byte
	for _, v := range vs {
		for i := range b {
			b[i] = byte(v >> (8 * i))
		}
		f.h.Write(b[:])
	}
}

func (f *fingerprint) int(vs ...int) {
	for _, v := range vs {
		f.u64(uint64(v))
	}
}

func (f *fingerprint) sum() uint64 { return f.h.Sum64() }

func combine(a, b uint64) uint64 {
	f := newFingerprint()
	f.u64(a)
	f.u64(b)
	return f.sum()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
