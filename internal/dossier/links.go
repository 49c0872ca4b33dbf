package dossier

import (
	"fmt"
	"hash/maphash"
	"path"
	"slices"
	"strings"
	"sync"

	"dossier/internal/content"
	"dossier/internal/diag"
	"dossier/internal/markdown"
	"dossier/internal/slug"
)

// mayLink is content.MayLink.
var mayLink = content.MayLink

// Links by name and by site path ([[Xiaomi]], [x](/companies/xiaomi/)) in
// articles, their notes, profiles, claims' descriptions and the
// introduction. The names a link may use are the model's: an article's slug
// or exact title, an entity's name or alias (matched as tags are, ignoring
// case and punctuation) or slug, a claim's slug or title. A site path must
// be a page the site has, or a static file.
//
// Which articles cite which page is known before any page is made, from a
// first reading of the texts that may hold a link (mayLink), so that an
// article's page can list the articles that cite it (CitedBy) and an
// entity's page the articles that link to it among those that name it.

// linkTable resolves the links of a model's texts.
type linkTable struct {
	names map[string][]string // wiki name (exact, or slug.Key for entities) → site paths
	paths map[string]bool     // the site's pages, as site paths
	shown []string            // the names to suggest, as written
	files []string            // the static files, sorted

	hashOnce sync.Once
	hash     uint64
}

// sections are the site's pages that are not one article's, entity's or
// claim's.
var sections = []string{"", "timeline/", "companies/", "markets/", "executives/", "claims/", "search/",
	"feed.xml", "sitemap.xml", "robots.txt", "404.html", "dossier.json", "annotations.jsonld"}

func newLinkTable(articles []*Article, reg *registry, claims map[string]*Claim, files []string) *linkTable {
	t := &linkTable{names: map[string][]string{}, paths: map[string]bool{}, files: slices.Sorted(slices.Values(files))}
	add := func(name, path string) {
		if name == "" || slices.Contains(t.names[name], path) {
			return
		}
		t.names[name] = append(t.names[name], path)
	}
	for _, s := range sections {
		t.paths[s] = true
	}
	for _, a := range articles {
		p := a.Path()
		add(a.Slug, p)
		add(a.Title, p)
		t.paths[p] = true
		t.paths[p+"annotations.jsonld"] = true
		t.shown = append(t.shown, a.Title, a.Slug)
	}
	for _, e := range reg.all() {
		p := e.Path()
		for _, n := range append([]string{e.Name}, e.names...) {
			add(slug.Key(n), p)
		}
		add(e.Slug, p)
		t.paths[p] = true
		t.paths[p+"feed.xml"] = true
		t.shown = append(t.shown, e.Name)
	}
	for _, c := range sortedClaims(claims) {
		p := c.Path()
		add(c.Slug, p)
		add(c.Title, p)
		t.paths[p] = true
		t.shown = append(t.shown, c.Title, c.Slug)
	}
	slices.Sort(t.shown)
	t.shown = slices.Compact(t.shown)
	return t
}

// resolve returns the site path a reference names; base is the site path
// of the page whose text holds it, to which relative links are relative.
func (t *linkTable) resolve(ref markdown.Ref, base string) (string, error) {
	if ref.Wiki {
		paths := t.names[ref.Target]
		if len(paths) == 0 {
			paths = t.names[slug.Key(ref.Target)]
		}
		switch len(paths) {
		case 1:
			return paths[0], nil
		case 0:
			return "", fmt.Errorf("[[%s]]: no article, company, market, executive or claim of this dossier is called %q%s", ref.Target, ref.Target, t.closest(ref.Target))
		default:
			return "", fmt.Errorf("[[%s]] names more than one page (%s): link by the page's path instead, such as [%s](/%s)", ref.Target, "/"+strings.Join(paths, ", /"), ref.Target, paths[0])
		}
	}
	target := ref.Target
	if ref.Relative {
		if target == "" {
			return base, nil // the page itself: its fragment is checked
		}
		joined := path.Join("/"+base, target)
		if strings.HasSuffix(target, "/") && !strings.HasSuffix(joined, "/") {
			joined += "/"
		}
		if c := path.Clean(base + target); c == ".." || strings.HasPrefix(c, "../") {
			return "", fmt.Errorf("link to %s leads out of the site", ref.Target)
		}
		target = joined
	}
	p, ok := sitePath(target)
	if _, static := slices.BinarySearch(t.files, p); ok && (t.paths[p] || static) {
		return p, nil
	}
	if ok && !strings.HasSuffix(p, "/") && t.paths[p+"/"] {
		return p + "/", nil
	}
	if ref.Relative {
		return "", fmt.Errorf("link to %s: the site has no page at %s%s", ref.Target, target, t.closestPath(target))
	}
	return "", fmt.Errorf("link to %s: the site has no page there%s", ref.Target, t.closestPath(target))
}

// sitePath makes a link's site path one of the table's: no leading slash,
// no index.html.
func sitePath(target string) (string, bool) {
	p := strings.TrimPrefix(target, "/")
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimSuffix(p, "index.html")
	if strings.Contains(p, "//") || slices.Contains(strings.Split(p, "/"), "..") {
		return "", false
	}
	return p, true
}

// closest suggests the names nearest to name.
func (t *linkTable) closest(name string) string {
	near := diag.Closest(name, t.shown, 3)
	if len(near) == 0 {
		return ""
	}
	return "; closest: " + quoteAll(near)
}

func (t *linkTable) closestPath(target string) string {
	paths := make([]string, 0, len(t.paths))
	for p := range t.paths {
		paths = append(paths, "/"+p)
	}
	near := diag.Closest(target, paths, 3)
	if len(near) == 0 {
		return ""
	}
	return "; closest: " + strings.Join(near, ", ")
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("[[%s]]", n)
	}
	return strings.Join(q, ", ")
}

// key identifies what the table resolves, for the reuse of rendered texts
// that hold links; made only when asked for.
func (t *linkTable) key() uint64 {
	t.hashOnce.Do(func() {
		names := make([]string, 0, len(t.names))
		for n := range t.names {
			names = append(names, n)
		}
		slices.Sort(names)
		var h maphash.Hash
		h.SetSeed(seed)
		for _, n := range names {
			h.WriteString(n)
			h.WriteByte(0)
			for _, p := range t.names[n] {
				h.WriteString(p)
				h.WriteByte(1)
			}
		}
		paths := make([]string, 0, len(t.paths))
		for p := range t.paths {
			paths = append(paths, p)
		}
		slices.Sort(paths)
		for _, p := range append(paths, t.files...) {
			h.WriteString(p)
			h.WriteByte(2)
		}
		t.hash = h.Sum64()
	})
	return t.hash
}

// pageLinks resolves the links of a text of the page at site path base,
// shown on the page at site path from (the same, but for annotations'
// notes shown on other pages).
type pageLinks struct {
	t    *linkTable
	base string
	from string
	link func(from, to string) string
}

func (p pageLinks) Resolve(ref markdown.Ref) (string, error) { return p.t.resolve(ref, p.base) }
func (p pageLinks) URL(path string) string                   { return p.link(p.from, path) }

// Key identifies the links' resolution, for optionsHash.
func (p pageLinks) Key() string { return fmt.Sprint(p.t.key(), p.base, p.from) }

// articleMayLink reports whether an article's text or notes may hold a
// link (mayLink).
func articleMayLink(body []byte, s *content.Article) bool {
	if (body != nil && mayLink(body)) || (body == nil && s.BodyMayLink) || mayLink([]byte(s.DateNote)) || mayLink([]byte(s.Note)) {
		return true
	}
	for _, an := range s.Annotations {
		if mayLink([]byte(an.Note)) {
			return true
		}
	}
	return false
}

// citations finds, for each article, the pages its text and notes link to,
// and notes them: the articles cited list the citing article in CitedBy,
// the entities count it among their articles. Problems with the links are
// reported when the texts are rendered, not here.
func (d *Dossier) citations(articles []*Article, md *markdown.Renderer, t *linkTable) {
	byPath := make(map[string]*Article, len(articles))
	for _, a := range articles {
		byPath[a.Path()] = a
	}
	parallel(len(articles), func(lo, hi int) {
		for _, a := range articles[lo:hi] {
			a.cites = a.findCites(md, t)
		}
	})
	entities := map[string]*Entity{}
	for _, es := range d.Entities {
		for _, e := range es {
			entities[e.Path()] = e
		}
	}
	for _, a := range articles {
		for _, p := range a.cites {
			if b := byPath[p]; b != nil && b != a {
				b.CitedBy = append(b.CitedBy, a)
			}
			if e := entities[p]; e != nil && !slices.Contains(e.Articles, a) {
				e.Articles = append(e.Articles, a)
				e.cited = true
			}
		}
	}
	// Articles are newest first, and so are the lists of articles.
	order := make(map[*Article]int, len(articles))
	for i, a := range articles {
		order[a] = i
	}
	for _, es := range d.Entities {
		for _, e := range es {
			if e.cited {
				slices.SortFunc(e.Articles, func(x, y *Article) int { return order[x] - order[y] })
			}
		}
	}
}

// findCites returns the site paths an article's text and notes link to,
// sorted, once each.
func (a *Article) findCites(md *markdown.Renderer, t *linkTable) []string {
	body := a.source.Body
	if a.mayLink = articleMayLink(body, a.source); !a.mayLink {
		return nil
	}
	if body == nil && a.r != nil && a.r.reload != nil {
		// Let go by the loader: read again, only when it may link.
		body, _ = a.r.reload(a.source) // unreadable: reported when rendered
	}
	links := pageLinks{t: t, base: a.Path(), from: a.Path(), link: func(_, to string) string { return to }}
	var out []string
	add := func(cs []markdown.Cite) {
		for _, c := range cs {
			out = append(out, c.Path)
		}
	}
	add(md.Cites(body, links))
	notes := []string{a.source.DateNote, a.source.Note}
	for _, an := range a.source.Annotations {
		notes = append(notes, an.Note)
	}
	for _, n := range notes {
		if n != "" && mayLink([]byte(n)) {
			r, _ := md.NoteLinks(n, links)
			add(r.Cites)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// linkProblems reports what is wrong with the links of a text of file
// whose lines Problems give, and of its annotations' notes, at the
// annotations' places.
func linkProblems(diags *diag.List, file string, probs []markdown.Problem) {
	for _, p := range probs {
		at := diag.Pos{File: file, Line: p.Line, Col: p.Col}
		if p.Warning {
			diags.Warnf(at, "%s", p.Msg)
		} else {
			diags.Errorf(at, "%s", p.Msg)
		}
	}
}

// checkFragments reports links to a fragment of a page that has no element
// of that id: an article's headings, annotations and sections, another
// page's sections.
func (d *Dossier) checkFragments(diags *diag.List, file string, cites []markdown.Cite) {
	for _, c := range cites {
		if c.Fragment == "" || slices.Contains(markdown.ReservedIDs, c.Fragment) {
			continue
		}
		a := d.r.byPath[c.Path]
		if a != nil && a.hasID(c.Fragment) {
			continue
		}
		var ids []string
		if a != nil {
			ids = a.ids()
		}
		msg := fmt.Sprintf("link to /%s#%s: the page has no #%s", c.Path, c.Fragment, c.Fragment)
		if near := diag.Closest(c.Fragment, ids, 3); len(near) > 0 {
			msg += "; closest: #" + strings.Join(near, ", #")
		}
		diags.Errorf(diag.Pos{File: file, Line: c.Line, Col: c.Col}, "%s", msg)
	}
}

// ids are the ids an article's page gives its text: headings, footnotes,
// annotated passages and their notes.
func (a *Article) ids() []string {
	t := a.ensure()
	ids := slices.Clone(t.headingIDs)
	for _, an := range t.annotations {
		ids = append(ids, an.at.ID, markdown.NoteID(an.at.ID))
	}
	return ids
}

func (a *Article) hasID(id string) bool { return slices.Contains(a.ids(), id) }
