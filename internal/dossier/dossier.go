// Package dossier builds the model of a dossier from its loaded content: the
// second stage of the pipeline (content → model → pages → output).
//
// # Model
//
// A Dossier holds the articles, newest first, and the entities they are
// about — companies, markets and executives — each with the articles that
// name it, the entities most often named with it, and for executives their
// company. An entity comes from a profile, or from tags alone: tags are
// matched to entities by name or alias, ignoring case and punctuation
// ("U.S.", "US" and "u.s" are one market; "USA" too if a profile lists it as
// an alias). A tag that matches no profile still makes an entity, named by its
// most frequent spelling.
//
// Building the model checks what only the whole dossier can tell: two
// articles with one slug, two profiles claiming one name, two entities that
// would share a URL.
//
// # Rendering
//
// An article's text — its body's HTML, its lead, where its annotations are
// anchored — comes from rendering its Markdown, most of a model's cost.
// Build renders every article's text, and the profiles and introduction.
// With Options.Lazy it renders only the profiles and introduction, and each
// article's text is rendered when first asked for (Body, Summary,
// Annotations, or anything of one of its annotations), once, whichever
// goroutine asks: a build can then render an article's text and its page
// and write it before the next, and let its body go (Release), so that it
// holds a few bodies at a time rather than every one. What rendering finds
// wrong is known once every article is rendered: RenderAll. This part is
// in text.go.
//
// Every article and entity of a model built without Options.Lazy carries
// fingerprints of what pages show of it, so that later stages can tell which
// pages a change affects without rendering them.
package dossier

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"html/template"
	"slices"
	"strings"

	"dossier/internal/content"
	"dossier/internal/diag"
	"dossier/internal/markdown"
)

// Dossier is the whole model.
type Dossier struct {
	Title       string
	Description string
	Intro       template.HTML
	PageSize    int
	// Editors names who keeps the dossier: _index.md's editors, else
	// "The editors of" and the title.
	Editors string
	Params  map[string]any
	// Search is set when the site is searchable (Options.Search, unless
	// _index.md says search: false): the model then keeps the texts the
	// search index reads (Article.Text and the like).
	Search bool

	// Articles are newest first; articles of one date are ordered by title,
	// then slug.
	Articles []*Article
	// Entities holds each kind's entities, indexed by content.Kind, sorted
	// by name.
	Entities [3][]*Entity
	// Claims are the tracked claims, by title.
	Claims []*Claim

	// Hash fingerprints the fields above that every page shows (title,
	// navigation): when it changes, every page changes.
	Hash uint64

	loaded        []*Article  // the articles in content order, for messages
	pageCites     []fileCites // the links of texts other than articles' bodies
	r             *renderer
	fingerprinted bool
	memo          *memo // what the model was built from, for Update (update.go)
}

// Fingerprinted reports whether the model's fingerprints (the Hash fields)
// are set: they are when it was built without Options.Lazy.
func (d *Dossier) Fingerprinted() bool { return d.fingerprinted }

// Article is one article of the dossier. Its text — Body, Summary when
// the front matter has none, Annotations — is rendered when first asked
// for in a model built with Options.Lazy (text.go).
type Article struct {
	Slug  string
	File  string
	Title string
	// TitleBasis is content.BasisEditors when the editors wrote the
	// headline, else content.BasisStated.
	TitleBasis string
	Date       content.Date
	// DateBasis says how Date is known (content.DateBases); DateNote is
	// the editors' explanation, rendered. Note is the editors' note on the
	// article as received.
	DateBasis string
	DateNote  template.HTML
	Note      template.HTML
	Source    string
	SourceURL string
	Author    string
	// Standfirst is the front matter's summary, shown under the headline;
	// Summary is it, else the body's first paragraph.
	Standfirst string
	Params     map[string]any

	// Entities holds the entities the article is tagged with, by kind, in
	// the order the front matter lists them.
	Entities [3][]*Entity

	// Related are the articles that share the most entities with this one,
	// nearest in time first among equals.
	Related []Related
	// Prev is the next older article, Next the next newer one.
	Prev, Next *Article
	// CitedBy are the articles that link to this one ([[links]] or
	// links to its path), newest first.
	CitedBy []*Article

	// ListHash fingerprints what lists of articles show of it; Hash
	// everything its own page shows of it.
	ListHash uint64
	Hash     uint64
	// NotesHash fingerprints what lists and exports show of its
	// annotations: each one's Hash and when the editors made it.
	NotesHash uint64

	day    int    // days since year 0, for distances in time
	path   string // Path, made once: pages link to it many times
	source *content.Article
	notes  []*Annotation // its annotations, in the order of the front matter
	r      *renderer     // how its text is rendered
	text   *text         // its text, once rendered
	bodyOf bodyKey       // what its text was rendered from, to reuse it
	// cites are the site paths its text and notes link to (links.go);
	// mayLink is set when they may hold a link at all.
	cites   []string
	mayLink bool
}

// DatedByEditors reports whether the date is the editors' rather than the
// publisher's: inferred from the article's text or known from outside it.
func (a *Article) DatedByEditors() bool { return a.DateBasis != content.BasisStated }

// TitledByEditors reports whether the editors wrote the headline.
func (a *Article) TitledByEditors() bool { return a.TitleBasis == content.BasisEditors }

// Path is the article's page, relative to the site's root.
func (a *Article) Path() string {
	if a.path != "" {
		return a.path
	}
	return articlePath(a.Slug)
}

// articlePath returns the page of the article slug.
func articlePath(slug string) string { return "articles/" + slug + "/" }

// AllEntities lists the article's entities, companies first.
func (a *Article) AllEntities() []*Entity {
	var out []*Entity
	for _, es := range a.Entities {
		out = append(out, es...)
	}
	return out
}

// Related is an article related to another, with the entities they share.
type Related struct {
	Article *Article
	Shared  []*Entity
}

// Entity is a company, market or executive.
type Entity struct {
	Kind    content.Kind
	Slug    string
	Name    string
	Aliases []string
	// Profile is the entity's profile file, nil when it has none.
	Profile     *content.Profile
	ProfileHTML template.HTML
	// ProfileText is the profile's text as readers see it, for the
	// search index (Dossier.Search).
	ProfileText string

	Role         string  // executives
	Company      *Entity // executives: their company, if the profile names it
	Executives   []*Entity
	Headquarters string // companies
	Website      string // companies

	// Articles that name the entity, newest first.
	Articles []*Article
	// Mentioned are the entities most often named in the same articles,
	// most often first.
	Mentioned []Mention
	// Claims are the claims with an appearance about the entity, by
	// title; Quotes and Annotations (methods) the passages attributed to
	// it and the annotations about it.
	Claims []*Claim

	// Hash fingerprints what the entity's own page shows of it; LinkHash
	// what a link to it shows (name and slug).
	Hash     uint64
	LinkHash uint64

	key         string   // match key of the name
	keys        []string // match keys of the name and aliases (Keys)
	names       []string // name, aliases and tag spellings: what mentions match
	pos         diag.Pos // where the entity is defined, for messages
	path        string   // Path, made once: pages link to it many times
	quotes      annotationList
	annotations annotationList
	cited       bool // articles that link to it are among Articles
}

// Keys are the entity's name and aliases as tags are matched to it
// (slug.Key), each once.
func (e *Entity) Keys() []string { return e.keys }

// Quotes are the passages attributed to the entity (an executive), newest
// first.
func (e *Entity) Quotes() []*Annotation { return e.quotes.sorted() }

// Annotations are the annotations about the entity, newest first.
func (e *Entity) Annotations() []*Annotation { return e.annotations.sorted() }

// CountQuotes counts the entity's quotes without rendering any article's
// text.
func (e *Entity) CountQuotes() int { return len(e.quotes.list) }

// CountAnnotations counts the annotations about the entity without
// rendering any article's text.
func (e *Entity) CountAnnotations() int { return len(e.annotations.list) }

// Path is the entity's page, relative to the site's root.
func (e *Entity) Path() string {
	if e.path != "" {
		return e.path
	}
	return e.Kind.Dir() + "/" + e.Slug + "/"
}

// Mention counts the articles that name two entities.
type Mention struct {
	Entity *Entity
	Count  int
}

// Options control Build.
type Options struct {
	// Drafts includes articles marked draft.
	Drafts bool
	// Link makes the URL by which the page at site path from links to the
	// site path to (site.Base.Link); rendered article bodies link to
	// entity and claim pages with it. Nil gives root-relative links.
	Link func(from, to string) string
	// FindUntagged reports, as warnings, known entities an article names
	// but is not tagged with (for dossier check; it costs time).
	FindUntagged bool
	// Previous is the model of the last build, whose rendered Markdown is
	// reused where its input has not changed.
	Previous *Dossier
	// Lazy leaves each article's text to be rendered when first asked
	// for (see Rendering in the package doc). The model then has no
	// fingerprints and cannot be updated in place, and the problems
	// rendering finds are RenderAll's to report.
	Lazy bool
	// DropSources releases each article's Markdown (content.Article.Body)
	// as soon as it is rendered: in a large dossier the Markdown is most
	// of what a build holds. The content's tags (content.Article.Companies
	// and the like) are let go once resolved.
	DropSources bool
	// Reload reads an article's Markdown when its Body was let go, by
	// the loader or by DropSources (content.Article.ReadBody).
	Reload func(a *content.Article) ([]byte, error)
	// Search makes the model of a searchable site (Dossier.Search).
	Search bool
	// Selectors asks for where each annotation's passage is in the text
	// as clients see it (Annotation.Selector), for the exports.
	Selectors bool
	// Files are the site's files besides its pages (the static files),
	// by site path, which links may name too.
	Files []string
}

// Build makes the model from loaded content. The returned list holds every
// problem found (with Options.Lazy, every problem but those rendering
// finds); the model is usable only when it has no errors.
func Build(c *content.Content, md *markdown.Renderer, opts Options) (*Dossier, diag.List) {
	var diags diag.List
	d := &Dossier{
		Title:       c.Index.Title,
		Description: c.Index.Description,
		PageSize:    c.Index.PageSize,
		Params:      c.Index.Params,
		Search:      opts.Search && !c.Index.NoSearch,
	}
	if d.Title == "" {
		d.Title = "Dossier"
	}
	if d.PageSize <= 0 {
		d.PageSize = content.DefaultPageSize
	}
	d.Editors = cmp.Or(c.Index.Editors, "The editors of "+d.Title)

	reg := newRegistry(&diags)
	for _, p := range c.Profiles {
		reg.addProfile(p)
	}
	articles := d.addArticles(c.Articles, reg, opts.Drafts, &diags)
	if opts.DropSources {
		// The tags are resolved to entities, and nothing reads them
		// again: their names are a tenth of what a large dossier's
		// model holds, and of what each collection marks.
		for _, s := range c.Articles {
			s.Companies, s.Markets, s.Executives = nil, nil, nil
		}
	}
	reg.linkCompanies()
	reg.finish()

	if opts.Link == nil {
		opts.Link = func(_, to string) string { return "/" + to }
	}
	r := &renderer{md: md, link: opts.Link, drop: opts.DropSources, reload: opts.Reload, text: d.Search, selectors: opts.Selectors}
	if opts.FindUntagged {
		r.all = reg.all()
	}
	d.r = r
	claims := claimsFromFiles(c.Claims)
	for _, a := range articles {
		a.r = r
		a.notes = prepareAnnotations(a, reg, claims, &diags)
	}
	compareClaims(articles, claims, reg, &diags)
	r.table = newLinkTable(articles, reg, claims, opts.Files)
	r.byPath = make(map[string]*Article, len(articles))
	for _, a := range articles {
		r.byPath[a.Path()] = a
	}
	d.renderProfiles(c, articles, reg, claims, md, &diags)

	d.loaded = slices.Clone(articles)
	// Not cmp.Or, which would compare the titles and slugs of articles
	// of different days too: at 100,000 articles, 0.36 s instead of 0.14
	// on the one processor this part of the model is made on.
	slices.SortFunc(articles, func(a, b *Article) int {
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.Slug, b.Slug))
	})
	d.Articles = articles
	for i, a := range articles {
		if i > 0 {
			a.Next = articles[i-1]
		}
		if i+1 < len(articles) {
			a.Prev = articles[i+1]
		}
		for _, es := range a.Entities {
			for _, e := range es {
				e.Articles = append(e.Articles, a)
			}
		}
	}
	for k := range d.Entities {
		d.Entities[k] = reg.sorted(content.Kind(k))
	}
	d.citations(articles, md, r.table)
	d.linkAnnotations(claims)
	countMentions(articles)
	relate(articles)
	if opts.Lazy {
		return d, diags
	}

	var reuse map[string]*Article
	if opts.Previous != nil {
		reuse = make(map[string]*Article, len(opts.Previous.Articles))
		for _, a := range opts.Previous.Articles {
			reuse[a.File] = a
		}
	}
	diags.Add(d.renderAll(true, reuse))
	if diags.HasErrors() {
		return d, diags
	}
	d.fingerprint()
	d.remember(c, reg, opts, diags)
	return d, diags
}

// addArticles turns loaded articles into the model's, resolving their tags
// and reporting duplicate slugs.
func (d *Dossier) addArticles(src []*content.Article, reg *registry, drafts bool, diags *diag.List) []*Article {
	bySlug := map[string]*content.Article{}
	var out []*Article
	for _, s := range src {
		if s.Draft && !drafts {
			continue
		}
		if s.Slug == "" {
			continue // reported when loading
		}
		if first, ok := bySlug[s.Slug]; ok {
			diags.Errorf(s.SlugPos, "two articles have the slug %q: this one and %s", s.Slug, diag.File(first.File))
			continue
		}
		bySlug[s.Slug] = s
		a := &Article{
			Slug:       s.Slug,
			File:       s.File,
			Title:      s.Title,
			TitleBasis: s.TitleBasis,
			Date:       s.Date,
			DateBasis:  s.DateBasis,
			Source:     s.Source,
			SourceURL:  s.SourceURL,
			Author:     s.Author,
			Standfirst: s.Summary,
			Params:     s.Params,
			source:     s,
			text:       &text{},
		}
		a.day = dayNumber(s.Date)
		a.path = articlePath(s.Slug)
		all := make([]*Entity, 0, len(s.Companies)+len(s.Markets)+len(s.Executives))
		for k, tags := range [3][]content.Name{s.Companies, s.Markets, s.Executives} {
			start := len(all)
			for _, t := range tags {
				e := reg.tag(content.Kind(k), t)
				if e == nil {
					continue
				}
				if slices.Contains(all[start:], e) {
					diags.Warnf(t.Pos, "%s is tagged twice", e.displayName(t))
					continue
				}
				all = append(all, e)
			}
			if len(all) > start {
				a.Entities[k] = all[start:len(all):len(all)]
			}
		}
		out = append(out, a)
	}
	return out
}

// dayNumber places a date on a line of days, imprecise dates at the start of
// their period, for measuring how far apart two articles are.
func dayNumber(d content.Date) int {
	return d.Year*372 + max(d.Month-1, 0)*31 + max(d.Day-1, 0)
}

// bodyKey is what an article body's rendering depends on: the Markdown and
// what the renderer is told of annotations and mentions.
type bodyKey struct {
	file    uint64
	options uint64
}

// renderProfiles converts the Markdown of the introduction, the profiles,
// the claims' descriptions and the articles' notes, in parallel.
func (d *Dossier) renderProfiles(c *content.Content, articles []*Article, reg *registry, claims map[string]*Claim, md *markdown.Renderer, diags *diag.List) {
	type job struct {
		src  []byte
		line int
		file string
		html *template.HTML
		note bool    // an editors' note of an article's front matter
		lead *string // the first paragraph as text, when wanted
		text *string // the text as readers see it, for the search index
		page string  // the site path of the page it is shown on
		at   *diag.Pos
	}
	var jobs []job
	if len(c.Index.Body) > 0 {
		jobs = append(jobs, job{c.Index.Body, c.Index.BodyLine, c.Index.File, &d.Intro, false, nil, nil, "", nil})
	}
	for _, e := range reg.all() {
		if e.Profile != nil && len(e.Profile.Body) > 0 {
			jobs = append(jobs, job{e.Profile.Body, e.Profile.BodyLine, e.Profile.File, &e.ProfileHTML, false, nil, &e.ProfileText, e.Path(), nil})
		}
	}
	for _, cl := range sortedClaims(claims) {
		if cl.Info != nil && len(cl.Info.Body) > 0 {
			jobs = append(jobs, job{cl.Info.Body, cl.Info.BodyLine, cl.Info.File, &cl.Description, false, nil, &cl.DescriptionText, cl.Path(), nil})
		}
		if cl.Info != nil && cl.Info.VerdictNote != "" {
			// Its line is the key's; Markdown of one line is all
			// a verdict note can be.
			at := cl.Info.VerdictNotePos
			jobs = append(jobs, job{[]byte(cl.Info.VerdictNote), at.Line, at.File, &cl.VerdictNote, false, &cl.VerdictText, nil, cl.Path(), nil})
		}
	}
	for _, a := range articles {
		// Few articles have notes: rendered with the profiles, they are
		// in the model whether or not its articles' texts are. Their
		// links' problems are reported at the key.
		if a.source.DateNote != "" {
			jobs = append(jobs, job{[]byte(a.source.DateNote), 1, a.File, &a.DateNote, true, nil, nil, a.Path(), &a.source.DateNotePos})
		}
		if a.source.Note != "" {
			jobs = append(jobs, job{[]byte(a.source.Note), 1, a.File, &a.Note, true, nil, nil, a.Path(), &a.source.NotePos})
		}
	}
	failed := make([]error, len(jobs))
	results := make([]markdown.Result, len(jobs))
	parallel(len(jobs), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			j := jobs[i]
			links := d.r.linksFrom(j.page, j.src)
			if j.note {
				r, err := md.NoteLinks(string(j.src), links)
				failed[i], results[i] = err, r
				*j.html = template.HTML(r.HTML)
				continue
			}
			r, err := md.Render(j.src, markdown.Options{Line: j.line, Lead: j.lead != nil, Text: d.Search && j.text != nil, Links: links})
			if err != nil {
				failed[i] = err
				continue
			}
			results[i] = r
			*j.html = template.HTML(r.HTML)
			if j.lead != nil {
				*j.lead = r.Lead
			}
			if j.text != nil {
				*j.text = r.Text
			}
		}
	})
	for i, err := range failed {
		if err != nil {
			diags.Errorf(diag.Pos{File: jobs[i].file, Line: jobs[i].line, Col: 1}, "cannot render Markdown: %v", err)
		}
		r := &results[i]
		if at := jobs[i].at; at != nil {
			for k := range r.Problems {
				r.Problems[k].Line, r.Problems[k].Col = at.Line, at.Col
			}
			for k := range r.Cites {
				r.Cites[k].Line, r.Cites[k].Col = at.Line, at.Col
			}
		}
		linkProblems(diags, jobs[i].file, r.Problems)
		d.pageCites = append(d.pageCites, fileCites{jobs[i].file, r.Cites})
	}
}

var seed = maphash.MakeSeed()

// optionsHash identifies what an article body's rendering is told besides
// its Markdown.
func optionsHash(o markdown.Options) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	str := func(ss ...string) {
		for _, s := range ss {
			h.WriteString(s)
			h.WriteByte(0)
		}
	}
	link := func(l *markdown.Link) {
		if l != nil {
			str(l.Text, l.URL)
		} else {
			str("")
		}
	}
	fmt.Fprint(&h, o.Line, o.Lead, o.Text, o.Selectors, len(o.Annotations), len(o.Mentions), len(o.Untagged))
	for _, a := range o.Annotations {
		str(a.Quote, a.Prefix, a.Suffix, a.Kind, a.Note, a.Original)
		link(a.Speaker)
		fmt.Fprint(&h, a.SpeakerInferred)
		link(a.Claim)
		for _, l := range a.About {
			link(&l)
		}
		if r := a.Reports; r != nil {
			str(r.Lead, r.Tail)
			for _, o := range r.Others {
				str(o.Value, o.URL, o.From)
			}
		}
		str("|")
	}
	if k, ok := o.Links.(interface{ Key() string }); ok {
		str("links", k.Key())
	}
	for _, ms := range [][]markdown.Mention{o.Mentions, o.Untagged} {
		for _, m := range ms {
			str(m.URL)
			str(m.Names...)
			str("|")
		}
		str("||")
	}
	return h.Sum64()
}

// fingerprint computes the hashes pages are compared by.
func (d *Dossier) fingerprint() {
	d.fingerprinted = true
	var h maphash.Hash
	h.SetSeed(seed)
	str := func(ss ...string) {
		for _, s := range ss {
			h.WriteString(s)
			h.WriteByte(0)
		}
	}
	for _, es := range d.Entities {
		for _, e := range es {
			h.Reset()
			str(e.Name, e.Path())
			e.LinkHash = h.Sum64()
		}
	}
	for _, a := range d.Articles {
		h.Reset()
		// Lists show the bases, link to the date's note when there is
		// one, and mark a summary that is the editors'.
		str(a.Slug, a.Title, a.TitleBasis, a.Date.ISO(), a.DateBasis, a.Source, a.SourceURL, a.Author, a.Summary())
		fmt.Fprint(&h, a.DateNote != "", a.Standfirst != "")
		for _, e := range a.AllEntities() {
			writeUint(&h, e.LinkHash)
		}
		a.ListHash = h.Sum64()
		str(string(a.DateNote), string(a.Note))
		writeUint(&h, a.text.bodyHash)
		for _, c := range a.CitedBy {
			str(c.Slug, c.Title)
		}
		fmt.Fprint(&h, a.Params)
		a.Hash = h.Sum64()
	}
	var notes maphash.Hash
	notes.SetSeed(seed)
	for _, a := range d.Articles {
		notes.Reset()
		for _, an := range a.Annotations() {
			h.Reset()
			writeUint(&h, a.ListHash)
			str(an.ID(), an.Kind, an.Passage(), string(an.Note()), an.OriginalURL())
			fmt.Fprint(&h, an.Number(), an.anchored().Order, an.SpeakerInferred)
			for _, e := range append([]*Entity{an.Speaker}, an.About...) {
				if e != nil {
					writeUint(&h, e.LinkHash)
				}
			}
			if an.Claim != nil {
				str(an.Claim.Slug, an.Claim.Title)
				fmt.Fprint(&h, len(an.Claim.Appearances()))
			}
			if f := an.figure; f != nil {
				str(f.Value, f.Period, f.Measure, f.AccordingTo)
				fmt.Fprint(&h, f.ValueInferred, f.PeriodInferred, f.Source != nil)
				if f.Source != nil {
					writeUint(&h, f.Source.LinkHash)
				}
			}
			an.Hash = h.Sum64()
			writeUint(&notes, an.Hash)
			writeUint(&notes, uint64(an.Created().UnixNano()))
		}
		a.NotesHash = notes.Sum64()
	}
	for _, c := range d.Claims {
		h.Reset()
		str(c.Slug, c.Title, c.Summary, string(c.Description), c.Verdict, string(c.VerdictNote))
		str(c.StatusLabel(), c.Comparison(), c.Apart())
		for _, an := range c.Appearances() {
			writeUint(&h, an.Hash)
		}
		for _, e := range c.About {
			writeUint(&h, e.LinkHash)
		}
		c.Hash = h.Sum64()
	}
	for _, es := range d.Entities {
		for _, e := range es {
			h.Reset()
			writeUint(&h, e.LinkHash)
			str(strings.Join(e.Aliases, "\x00"), string(e.ProfileHTML), e.Role, e.Headquarters, e.Website)
			if e.Company != nil {
				writeUint(&h, e.Company.LinkHash)
			}
			for _, x := range e.Executives {
				writeUint(&h, x.LinkHash)
			}
			if e.Profile != nil {
				fmt.Fprint(&h, e.Profile.Params)
			}
			for _, list := range [][]*Annotation{e.Quotes(), e.Annotations()} {
				for _, an := range list {
					writeUint(&h, an.Hash)
				}
				str("|")
			}
			for _, c := range e.Claims {
				str(c.Slug, c.Title, c.StatusLabel(), c.Comparison())
				fmt.Fprint(&h, c.CountAppearances())
			}
			e.Hash = h.Sum64()
		}
	}
	h.Reset()
	str(d.Title, d.Description, string(d.Intro))
	fmt.Fprint(&h, d.PageSize, d.Params, d.Search)
	d.Hash = h.Sum64()
}

func writeUint(h *maphash.Hash, v uint64) {
	var b [8]byte
	for i := range b {
		b[i] = byte(v >> (8 * i))
	}
	h.Write(b[:])
}
