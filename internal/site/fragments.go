package site

import (
	"html/template"
	"strings"
	"sync"

	"dossier/internal/dossier"
)

// Fragments that many pages share are rendered once and reused, as Hugo's
// partialCached does. An article's entry in a list is on the timeline and
// on the page of every entity it names, its heading in the related
// articles of others; an entity's link is on the page of every article
// tagged with it. Each is rendered by its partial template ("entry",
// "entry-heading", "entity-link") the first time a page asks for it, and
// the HTML is kept for every other page that shows it.
//
// Links are relative to the page, so a fragment differs from one depth of
// page to another by the "../" its links begin with. It is rendered once,
// with each link marked where that goes (linkMark), and given the depth's
// "../" wherever a page shows it.
//
// A shared partial is given a Linker as .Page, not the page: it links as
// the page would, but shows nothing else of it, so that what it renders
// is right on every page that shows it.

// Linker makes the links of the pages at one depth of the site: what a
// shared fragment needs of the page it is shown on. Templates call
// .Page.URL and .Page.Asset on it as on a page, and ask it for the shared
// fragments a fragment shows in turn.
type Linker struct {
	// from is a site path at the depth of the pages that is no page's
	// ("_/_/_" for "articles/x/"): a link to a fragment of one page is
	// then the same on every page, that one included (Base.Link shortens
	// it to "#frag" only on the page itself).
	from   string
	page   *Page // any page at that depth: its site, base and templates
	shared *fragments
	// marks, when set, counts the links the Linker made, each marked
	// (linkMark) where the page's "../" go: it renders a fragment for
	// every depth.
	marks *marks
}

// marks counts the links of a fragment rendered for every depth; unsure
// is set when a fragment it shows could not be so rendered, and then it
// cannot either.
type marks struct {
	links  int
	unsure bool
}

// linkMark is put before each link of a fragment rendered for every
// depth, where a page's "../" go; html/template writes it in a URL as
// linkWritten, which no site path has. A fragment where that is not
// written once for each link, as when a template shows a link elsewhere
// than in a URL, or a headline has it in its text, is rendered for each
// depth instead.
const (
	linkMark    = "\x00link\x00"
	linkWritten = "%00link%00"
)

// URL returns the link to the site path target, as Page.URL does.
func (l Linker) URL(target string) string {
	if l.marks != nil {
		l.marks.links++
		return linkMark + l.page.base.Link("_", target) // "_": at the root, and no page
	}
	return l.page.base.Link(l.from, target)
}

// Asset returns the link to a static file, as Page.Asset does.
func (l Linker) Asset(name string) string {
	if v, ok := l.page.Site.assets[name]; ok {
		return l.URL(v)
	}
	return l.URL(name)
}

// Entry is the "entry" partial for a: the article in a list.
func (l Linker) Entry(a *dossier.Article) (template.HTML, error) {
	return l.render("entry", a, func(l Linker) any { return entryData{l, a} })
}

// EntryHeading is the "entry-heading" partial for a: its title, linked,
// date and source.
func (l Linker) EntryHeading(a *dossier.Article) (template.HTML, error) {
	return l.render("entry-heading", a, func(l Linker) any { return entryData{l, a} })
}

// EntityLink is the "entity-link" partial for e: its name, linked.
func (l Linker) EntityLink(e *dossier.Entity) (template.HTML, error) {
	return l.render("entity-link", e, func(l Linker) any { return entityData{l, e} })
}

type entryData struct {
	Page    Linker
	Article *dossier.Article
}

type entityData struct {
	Page   Linker
	Entity *dossier.Entity
}

// fragments holds the shared fragments of one listing of the site's pages
// (Site.Pages). What they show of the model is in the fingerprints of the
// pages that show them (an article's ListHash, an entity's LinkHash), so
// a listing's fragments stay right while its pages do.
type fragments struct {
	mu     sync.RWMutex
	marked map[fragmentKey]markedFragment
	m      map[fragmentKey]template.HTML // those not marked, by depth
}

type fragmentKey struct {
	name string
	of   any // the article or entity
	from string
}

// A markedFragment is a fragment with its links marked, for every depth;
// ok is false for one that must be rendered for each.
type markedFragment struct {
	html  string
	links int
	ok    bool
}

// render returns the partial name for of, with the data data gives for
// a Linker, for the linker's depth.
func (l Linker) render(name string, of any, data func(Linker) any) (template.HTML, error) {
	f := l.shared
	if f == nil {
		// A page made on its own (Page.shared nil): nothing to share.
		h, err := l.execute(name, data(l))
		return template.HTML(h), err
	}
	mf, err := l.markedFor(name, of, data)
	if err != nil {
		return "", err
	}
	if l.marks != nil {
		// Inside a fragment being rendered for every depth: this one's
		// marks are the outer one's.
		if !mf.ok {
			l.marks.unsure = true
			return "", nil
		}
		l.marks.links += mf.links
		return template.HTML(mf.html), nil
	}
	if mf.ok {
		// Given the depth's "../" on each use rather than kept for each
		// depth: a large dossier's entries would be held two or three
		// times over.
		return template.HTML(strings.ReplaceAll(mf.html, linkWritten, l.prefix())), nil
	}
	key := fragmentKey{name, of, l.from}
	f.mu.RLock()
	h, ok := f.m[key]
	f.mu.RUnlock()
	if ok {
		return h, nil
	}
	// Two pages may render the same fragment at once: both make the
	// same HTML.
	html, err := l.execute(name, data(l))
	if err != nil {
		return "", err
	}
	h = template.HTML(html)
	f.mu.Lock()
	if f.m == nil {
		f.m = map[fragmentKey]template.HTML{}
	}
	f.m[key] = h
	f.mu.Unlock()
	return h, nil
}

// execute renders the partial name with data.
func (l Linker) execute(name string, data any) (string, error) {
	var b strings.Builder
	err := l.page.template().ExecuteTemplate(&b, name, data)
	return b.String(), err
}

// prefix is what links from the linker's depth begin with.
func (l Linker) prefix() string {
	if !l.page.base.Portable() {
		return "" // links from the site's base, the same at every depth
	}
	d := l.page.base.depth(l.from)
	if 3*d <= len(ups) {
		return ups[:3*d]
	}
	return strings.Repeat("../", d)
}

const ups = "../../../../../../../../"

// markedFor returns the partial name for of rendered for every depth,
// rendering it the first time.
func (l Linker) markedFor(name string, of any, data func(Linker) any) (markedFragment, error) {
	f := l.shared
	key := fragmentKey{name: name, of: of}
	f.mu.RLock()
	mf, ok := f.marked[key]
	f.mu.RUnlock()
	if ok {
		return mf, nil
	}
	var m marks
	html, err := l.execute(name, data(Linker{from: l.from, page: l.page, shared: f, marks: &m}))
	if err != nil {
		return markedFragment{}, err
	}
	mf = markedFragment{html: html, links: m.links}
	mf.ok = !m.unsure && strings.Count(mf.html, linkWritten) == m.links
	f.mu.Lock()
	if f.marked == nil {
		f.marked = map[fragmentKey]markedFragment{}
	}
	f.marked[key] = mf
	f.mu.Unlock()
	return mf, nil
}

// linker returns the Linker of the page's depth.
func (p *Page) linker() Linker {
	if p.from == "" && p.base.Portable() {
		p.from = strings.Repeat("_/", p.base.depth(p.path)) + "_"
	}
	return Linker{from: p.from, page: p, shared: p.shared}
}

// Entry is the "entry" partial for a, shared (Linker.Entry).
func (p *Page) Entry(a *dossier.Article) (template.HTML, error) { return p.linker().Entry(a) }

// EntryHeading is the "entry-heading" partial for a, shared
// (Linker.EntryHeading).
func (p *Page) EntryHeading(a *dossier.Article) (template.HTML, error) {
	return p.linker().EntryHeading(a)
}

// EntityLink is the "entity-link" partial for e, shared
// (Linker.EntityLink).
func (p *Page) EntityLink(e *dossier.Entity) (template.HTML, error) {
	return p.linker().EntityLink(e)
}

// Entries are the "entry" partials of the articles as, shared: a list
// asks for its entries at once rather than one template call each, for
// a template call costs more than the lookup of a shared fragment.
func (p *Page) Entries(as []*dossier.Article) ([]template.HTML, error) {
	return shown(as, p.linker().Entry)
}

// EntityLinks are the "entity-link" partials of the entities es, shared,
// as Entries are.
func (p *Page) EntityLinks(es []*dossier.Entity) ([]template.HTML, error) {
	return shown(es, p.linker().EntityLink)
}

// shown renders each of list with the shared partial of render.
func shown[T any](list []T, render func(T) (template.HTML, error)) ([]template.HTML, error) {
	out := make([]template.HTML, len(list))
	for i, x := range list {
		h, err := render(x)
		if err != nil {
			return nil, err
		}
		out[i] = h
	}
	return out, nil
}

// template returns the templates the page is rendered with.
func (p *Page) template() *template.Template { return p.site.tmpl.byName[p.Kind+".html"] }

// Header is the "header" partial of the page: the site's title and
// navigation. It is shared by the pages of one kind, depth and place in
// the navigation.
func (p *Page) Header() (template.HTML, error) {
	h := headerData{Site: p.Site, Kind: p.Kind}
	var current strings.Builder
	for _, s := range p.Site.Sections {
		item := NavItem{Section: s, Current: p.Current(s.Path)}
		h.Nav = append(h.Nav, item)
		current.WriteString(item.Current)
		current.WriteByte(0)
	}
	return p.linker().render("header", headerKey{p.Kind, current.String()}, func(l Linker) any {
		h.Page = l
		return h
	})
}

type headerKey struct{ kind, current string }

// headerData is what the "header" partial shows.
type headerData struct {
	Page Linker
	Site *SiteInfo
	Kind string
	Nav  []NavItem
}

// NavItem is a section of the navigation as a page shows it: Current is
// what the page's Current says of it.
type NavItem struct {
	Section
	Current string
}
