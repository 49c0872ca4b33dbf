package site

import "dossier/internal/dossier"

// SearchPage is the data of the search page, /search/: a form that
// static/search.js answers from the index the build writes under search/
// (internal/search). Root is the site's root as the page links to it
// ("../" from a portable site's search/index.html, "/REPO/" otherwise),
// from which the script finds the index and makes the results' links;
// Portable says whether links name index.html.
type SearchPage struct {
	*Page
	Root     string
	Portable bool
	// Indexes are the lists that reach everything without a script:
	// the timeline and the indexes of entities and claims.
	Indexes []Section
}

// search adds the search page of a searchable dossier.
func (b *pageBuilder) search(d *dossier.Dossier) {
	if !d.Search {
		return
	}
	p := b.page("search", "search/", "Search", "")
	p.description = "Search the articles, companies, markets, executives, claims and annotations of " + d.Title
	root := b.site.cfg.Base.Path
	if b.site.cfg.Base.Portable() {
		root = "../"
	}
	data := &SearchPage{Page: p, Root: root, Portable: b.site.cfg.Base.Portable(), Indexes: b.info.Sections}
	b.add(p, data, func(*fingerprint) {})
}
