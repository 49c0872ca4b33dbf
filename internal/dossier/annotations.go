package dossier

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"

	"dossier/internal/content"
	"dossier/internal/diag"
	"dossier/internal/markdown"
)

// Annotation is an editor's note anchored to a passage of an article.
type Annotation struct {
	// ID is the passage's id on the article page; the note's is NoteID.
	ID     string
	NoteID string
	// Number is the note's number on the article page, in text order.
	Number  int
	Article *Article
	Kind    string
	Passage string
	Note    template.HTML
	Speaker *Entity // kind quote
	About   []*Entity
	Claim   *Claim // kind claim with a claim slug
	Line    int    // where the passage is in the article's file

	// Hash fingerprints what lists of annotations show of it.
	Hash uint64

	pos diag.Pos
}

// Path is the passage on its article's page.
func (a *Annotation) Path() string { return a.Article.Path() + "#" + a.ID }

// KindLabel names the annotation's kind to readers: "Claim".
func (a *Annotation) KindLabel() string { return markdown.KindLabel(a.Kind) }

// Claim is a statement tracked across articles: every annotation of kind
// claim with its slug is an appearance of it, so that agreeing and
// conflicting reports can be compared.
type Claim struct {
	Slug  string
	Title string
	// Summary is the claim file's summary; Description its body.
	Summary     string
	Description template.HTML
	Info        *content.ClaimInfo // nil when the claim has no file
	// Appearances are in order of their articles' dates, oldest first.
	Appearances []*Annotation
	// About are the entities its appearances are about, by name.
	About []*Entity

	Hash uint64
}

// Path is the claim's page, relative to the site's root.
func (c *Claim) Path() string { return "claims/" + c.Slug + "/" }

// Sources lists the distinct sources of the claim's appearances, or the
// articles' titles where they name no source.
func (c *Claim) Sources() []string {
	var out []string
	for _, a := range c.Appearances {
		s := cmp.Or(a.Article.Source, a.Article.Title)
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// lookup finds the entity a name in an annotation refers to, among the
// given kinds, reporting a likely misspelling with a suggestion.
func (r *registry) lookup(n content.Name, what string, kinds ...content.Kind) (*Entity, error) {
	var found []*Entity
	for _, k := range kinds {
		if e, ok := r.byKey[k][n.Key]; ok {
			found = append(found, e)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		var names []string
		for _, e := range r.list {
			if slices.Contains(kinds, e.Kind) {
				names = append(names, e.names...)
			}
		}
		if s := content.Suggest(n.Name, names); s != "" {
			return nil, fmt.Errorf("%s %q is not known; did you mean %q?", what, n.Name, s)
		}
		var ks []string
		for _, k := range kinds {
			ks = append(ks, k.Singular())
		}
		list := ks[len(ks)-1]
		if len(ks) > 1 {
			list = strings.Join(ks[:len(ks)-1], ", ") + " or " + list
		}
		return nil, fmt.Errorf("%s %q is not a known %s: tag an article with it or add a profile", what, n.Name, list)
	}
	var ks []string
	for _, e := range found {
		ks = append(ks, e.Kind.Singular())
	}
	return nil, fmt.Errorf("%s %q is ambiguous: it names a %s", what, n.Name, strings.Join(ks, " and a "))
}

// prepared is an article's annotations with their names resolved, ready to
// render.
type prepared struct {
	src     *content.Annotation
	speaker *Entity
	about   []*Entity
	claim   string
}

// prepareAnnotations resolves the names in an article's annotations and
// makes the renderer's view of them, with links for the article's page.
func prepareAnnotations(a *Article, reg *registry, link func(from, to string) string, diags *diag.List) ([]prepared, []markdown.Annotation) {
	var preps []prepared
	var out []markdown.Annotation
	for i := range a.source.Annotations {
		sa := &a.source.Annotations[i]
		p := prepared{src: sa, claim: sa.Claim}
		ma := markdown.Annotation{Quote: sa.Quote, Prefix: sa.Prefix, Suffix: sa.Suffix, Kind: sa.Kind, Note: sa.Note}
		prefix := fmt.Sprintf("annotation %d: ", sa.Index)
		if sa.Speaker.Name != "" {
			e, err := reg.lookup(sa.Speaker, "speaker", content.Executive)
			if err != nil {
				diags.Errorf(sa.Speaker.Pos, "%s%v", prefix, err)
			} else {
				p.speaker = e
				ma.Speaker = &markdown.Link{Text: e.Name, URL: link(a.Path(), e.Path())}
			}
		}
		for _, n := range sa.About {
			e, err := reg.lookup(n, "about", content.Kinds...)
			if err != nil {
				diags.Errorf(n.Pos, "%s%v", prefix, err)
				continue
			}
			if !slices.Contains(p.about, e) {
				p.about = append(p.about, e)
				ma.About = append(ma.About, markdown.Link{Text: e.Name, URL: link(a.Path(), e.Path())})
			}
		}
		if sa.Claim != "" {
			ma.Claim = &markdown.Link{Text: "Compare reports of this claim", URL: link(a.Path(), "claims/"+sa.Claim+"/")}
		}
		preps = append(preps, p)
		out = append(out, ma)
	}
	return preps, out
}

// addAnnotations turns what rendering anchored into the article's
// annotations, reporting those that could not be anchored.
func (a *Article) addAnnotations(claims map[string]*Claim, diags *diag.List) {
	a.Annotations = nil
	for i, p := range a.prepared {
		res := a.rendered.anchored[i]
		if res.Err != nil {
			// An empty quote was reported when the file was loaded.
			if strings.TrimSpace(p.src.Quote) != "" {
				diags.Errorf(p.src.Pos, "annotation %d: %v", p.src.Index, res.Err)
			}
			continue
		}
		an := &Annotation{
			ID:      res.ID,
			NoteID:  markdown.NoteID(res.ID),
			Number:  res.Number,
			Article: a,
			Kind:    p.src.Kind,
			Passage: res.Passage,
			Note:    template.HTML(res.NoteHTML),
			Speaker: p.speaker,
			About:   p.about,
			Line:    res.Line,
			pos:     p.src.Pos,
		}
		if p.claim != "" {
			c := claims[p.claim]
			if c == nil {
				c = &Claim{Slug: p.claim, Title: humanize(p.claim)}
				claims[p.claim] = c
			}
			an.Claim = c
			c.Appearances = append(c.Appearances, an)
		}
		a.Annotations = append(a.Annotations, an)
	}
	slices.SortFunc(a.Annotations, func(x, y *Annotation) int { return cmp.Compare(x.Number, y.Number) })
}

// humanize makes a title of a claim slug that has no file to give one:
// "xiaomi-rank-in-china" → "Xiaomi rank in china".
func humanize(s string) string {
	s = strings.ReplaceAll(s, "-", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// claimsFromFiles starts the claims map with the claims content describes.
func claimsFromFiles(infos []*content.ClaimInfo) map[string]*Claim {
	claims := map[string]*Claim{}
	for _, ci := range infos {
		c := &Claim{Slug: ci.Slug, Title: cmp.Or(ci.Title, humanize(ci.Slug)), Summary: ci.Summary, Info: ci}
		claims[ci.Slug] = c
	}
	return claims
}

// linkAnnotations files annotations under the entities and claims they
// concern, once articles are in order.
func (d *Dossier) linkAnnotations(claims map[string]*Claim, diags *diag.List) {
	for _, a := range d.Articles { // newest first
		for _, an := range a.Annotations {
			if an.Speaker != nil {
				an.Speaker.Quotes = append(an.Speaker.Quotes, an)
			}
			for _, e := range an.About {
				e.Annotations = append(e.Annotations, an)
				if an.Claim != nil && !slices.Contains(e.Claims, an.Claim) {
					e.Claims = append(e.Claims, an.Claim)
				}
			}
		}
	}
	for _, c := range claims {
		// Oldest first: a claim reads as the story of how it was
		// reported. Articles are newest first, so reverse their order.
		slices.SortStableFunc(c.Appearances, func(x, y *Annotation) int {
			return cmp.Or(x.Article.Date.Compare(y.Article.Date), cmp.Compare(x.Article.Slug, y.Article.Slug), cmp.Compare(x.Number, y.Number))
		})
		for _, an := range c.Appearances {
			for _, e := range an.About {
				if !slices.Contains(c.About, e) {
					c.About = append(c.About, e)
				}
			}
		}
		slices.SortFunc(c.About, byName)
		if len(c.Appearances) == 0 && c.Info != nil {
			diags.Warnf(diag.Pos{File: c.Info.File, Line: 1, Col: 1}, "claim %q has no appearances: no annotation has claim: %s", c.Slug, c.Slug)
		}
		d.Claims = append(d.Claims, c)
	}
	slices.SortFunc(d.Claims, func(x, y *Claim) int {
		return cmp.Or(cmp.Compare(strings.ToLower(x.Title), strings.ToLower(y.Title)), cmp.Compare(x.Slug, y.Slug))
	})
	for _, es := range d.Entities {
		for _, e := range es {
			slices.SortFunc(e.Claims, func(x, y *Claim) int { return cmp.Compare(x.Title, y.Title) })
		}
	}
}

// untaggedMentions lists the known entities an article is not tagged with,
// for `dossier check` to look for in its text.
func untaggedMentions(a *Article, reg *registry) ([]markdown.Mention, []*Entity) {
	var out []markdown.Mention
	var ents []*Entity
	tagged := a.AllEntities()
	for _, e := range reg.list {
		if !slices.Contains(tagged, e) {
			ents = append(ents, e)
			out = append(out, markdown.Mention{Names: e.names})
		}
	}
	return out, ents
}
