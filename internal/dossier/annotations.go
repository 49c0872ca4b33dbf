package dossier

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strings"
	"sync"

	"dossier/internal/claim"
	"dossier/internal/content"
	"dossier/internal/diag"
	"dossier/internal/markdown"
)

// Annotation is an editor's note anchored to a passage of an article.
// Where it is anchored is known once its article's text is rendered: ID,
// Number, Passage, Note and Line render it if it is not.
type Annotation struct {
	Article *Article
	Kind    string
	Speaker *Entity // kind quote
	// SpeakerInferred is set when the editors attribute the passage to
	// Speaker, which the article does not.
	SpeakerInferred bool
	About           []*Entity
	Claim           *Claim // kind claim with a claim slug

	// Hash fingerprints what lists of annotations show of it.
	Hash uint64

	src    *content.Annotation
	pos    diag.Pos
	at     markdown.Anchored // set when its article's text is rendered
	figure *Figure           // a claim's figure, nil when it gives none
	report int               // its place among its claim's reports
}

func (a *Annotation) anchored() *markdown.Anchored {
	a.Article.ensure()
	return &a.at
}

// ID is the passage's id on the article page.
func (a *Annotation) ID() string { return a.anchored().ID }

// NoteID is the id of the note on the article page.
func (a *Annotation) NoteID() string { return markdown.NoteID(a.anchored().ID) }

// Number is the note's number on the article page, in text order; 0
// when the annotation has no note there (HasCard).
func (a *Annotation) Number() int { return a.anchored().Number }

// HasCard reports whether the annotation has a note beside the text on
// the article page: all but a quote that only names its speaker
// (markdown.Annotation.HasCard).
func (a *Annotation) HasCard() bool { return a.Number() > 0 }

// Passage is the annotated text as readers see it.
func (a *Annotation) Passage() string { return a.anchored().Passage }

// Note is the note's HTML.
func (a *Annotation) Note() template.HTML { return template.HTML(a.anchored().NoteHTML) }

// Line is where the passage is in the article's file.
func (a *Annotation) Line() int { return a.anchored().Line }

// Path is the passage on its article's page.
func (a *Annotation) Path() string { return a.Article.Path() + "#" + a.ID() }

// KindLabel names the annotation's kind to readers: "Claim".
func (a *Annotation) KindLabel() string { return markdown.KindLabel(a.Kind) }

// annotationList is a list of annotations, newest article first, whose
// order within an article is that of their passages in its text: it is
// filed in the order of the front matter, and each article's part of it
// put in text order when the list is first asked for. Only the articles
// with more than one annotation in the list need their text rendered for
// that, so that a page may count a list without rendering others'.
type annotationList struct {
	once sync.Once
	list []*Annotation
}

func (l *annotationList) add(a *Annotation) { l.list = append(l.list, a) }

func (l *annotationList) sorted() []*Annotation {
	l.once.Do(func() {
		for i := 0; i < len(l.list); {
			j := i + 1
			for j < len(l.list) && l.list[j].Article == l.list[i].Article {
				j++
			}
			if j-i > 1 {
				slices.SortStableFunc(l.list[i:j], func(x, y *Annotation) int { return cmp.Compare(x.anchored().Order, y.anchored().Order) })
			}
			i = j
		}
	})
	return l.list
}

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
	// About are the entities its appearances are about, by name.
	About []*Entity

	// Unit is the unit of its values: its file's, else its reports';
	// Measure what its file says is counted.
	Unit    claim.Unit
	Measure string
	// Verdict is the editors' verdict from its file, or ""; VerdictNote
	// says why, VerdictText the same as plain text.
	Verdict     string
	VerdictNote template.HTML
	VerdictText string

	Hash uint64

	appearances annotationList
	// reports are its appearances in the order they are compared (by
	// date, then article, then as the front matter lists them), set
	// before any text is rendered and never reordered: rendering an
	// article reads them for its notes.
	reports   []*Annotation
	agreement claim.Agreement
}

// Path is the claim's page, relative to the site's root.
func (c *Claim) Path() string { return "claims/" + c.Slug + "/" }

// Appearances are the annotations of the claim, in order of their
// articles' dates, oldest first.
func (c *Claim) Appearances() []*Annotation { return c.appearances.sorted() }

// CountAppearances counts the claim's appearances without rendering any
// article's text.
func (c *Claim) CountAppearances() int { return len(c.appearances.list) }

// Sources lists the distinct sources of the claim's appearances, or the
// articles' titles where they name no source.
func (c *Claim) Sources() []string {
	var out []string
	for _, a := range c.appearances.list {
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

// prepareAnnotations makes an article's annotations from its front matter,
// resolving the names they give; their passages are found when the
// article's text is rendered. A claim slug with no claim file makes a
// claim.
func prepareAnnotations(a *Article, reg *registry, claims map[string]*Claim, diags *diag.List) []*Annotation {
	if len(a.source.Annotations) == 0 {
		return nil
	}
	out := make([]*Annotation, 0, len(a.source.Annotations))
	for i := range a.source.Annotations {
		sa := &a.source.Annotations[i]
		an := &Annotation{Article: a, Kind: sa.Kind, SpeakerInferred: sa.SpeakerBasis == content.BasisInferred, src: sa, pos: sa.Pos}
		if sa.Speaker.Name != "" {
			e, err := reg.lookup(sa.Speaker, "speaker", content.Executive)
			if err != nil {
				diags.Errorf(sa.Speaker.Pos, "annotation %d: %v", sa.Index, err)
			} else {
				an.Speaker = e
			}
		}
		for _, n := range sa.About {
			e, err := reg.lookup(n, "about", content.Kinds...)
			if err != nil {
				diags.Errorf(n.Pos, "annotation %d: %v", sa.Index, err)
				continue
			}
			if !slices.Contains(an.About, e) {
				an.About = append(an.About, e)
			}
		}
		if sa.Claim != "" {
			c := claims[sa.Claim]
			if c == nil {
				c = &Claim{Slug: sa.Claim, Title: humanize(sa.Claim)}
				claims[sa.Claim] = c
			}
			an.Claim = c
		}
		if len(an.About) == 0 {
			an.About = nil
		}
		out = append(out, an)
	}
	return out
}

// rendering is what the renderer is told of an article's annotations:
// the note's links, made for the article's page.
func (a *Article) renderingOf(an *Annotation) markdown.Annotation {
	sa := an.src
	ma := markdown.Annotation{Quote: sa.Quote, Prefix: sa.Prefix, Suffix: sa.Suffix, Kind: sa.Kind, Note: sa.Note}
	if e := an.Speaker; e != nil {
		ma.Speaker = &markdown.Link{Text: e.Name, URL: a.r.link(a.Path(), e.Path())}
		ma.SpeakerInferred = an.SpeakerInferred
	}
	for _, e := range an.About {
		ma.About = append(ma.About, markdown.Link{Text: e.Name, URL: a.r.link(a.Path(), e.Path())})
	}
	if sa.Claim != "" {
		ma.Claim = &markdown.Link{Text: "Compare reports of this claim", URL: a.r.link(a.Path(), "claims/"+sa.Claim+"/")}
		ma.Reports = a.otherReports(an)
	}
	return ma
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
		c := &Claim{Slug: ci.Slug, Title: cmp.Or(ci.Title, humanize(ci.Slug)), Summary: ci.Summary, Info: ci,
			Unit: ci.Unit, Measure: ci.Measure, Verdict: ci.Verdict}
		claims[ci.Slug] = c
	}
	return claims
}

// sortedClaims lists claims by slug.
func sortedClaims(claims map[string]*Claim) []*Claim {
	out := make([]*Claim, 0, len(claims))
	for _, c := range claims {
		out = append(out, c)
	}
	slices.SortFunc(out, func(x, y *Claim) int { return cmp.Compare(x.Slug, y.Slug) })
	return out
}

// linkAnnotations files annotations under the entities and claims they
// concern, once articles are in order.
func (d *Dossier) linkAnnotations(claims map[string]*Claim) {
	for _, a := range d.Articles { // newest first
		for _, an := range a.notes {
			if an.Speaker != nil {
				an.Speaker.quotes.add(an)
			}
			for _, e := range an.About {
				e.annotations.add(an)
				if an.Claim != nil && !slices.Contains(e.Claims, an.Claim) {
					e.Claims = append(e.Claims, an.Claim)
				}
			}
		}
	}
	for _, c := range sortedClaims(claims) {
		// The appearances are filed, oldest first, by compareClaims.
		for _, an := range c.appearances.list {
			for _, e := range an.About {
				if !slices.Contains(c.About, e) {
					c.About = append(c.About, e)
				}
			}
		}
		slices.SortFunc(c.About, byName)
		d.Claims = append(d.Claims, c)
	}
	// Contested claims first: they are what a reader must not miss.
	slices.SortFunc(d.Claims, func(x, y *Claim) int {
		return cmp.Or(contestedFirst(x, y),
			cmp.Compare(strings.ToLower(x.Title), strings.ToLower(y.Title)), cmp.Compare(x.Slug, y.Slug))
	})
	for _, es := range d.Entities {
		for _, e := range es {
			slices.SortFunc(e.Claims, func(x, y *Claim) int {
				return cmp.Or(contestedFirst(x, y), cmp.Compare(x.Title, y.Title))
			})
		}
	}
}

// claimProblems reports claims described by a file that no annotation
// appears in, once every article's text is rendered.
func (d *Dossier) claimProblems(diags *diag.List) {
	for _, c := range d.Claims {
		if c.Info == nil {
			continue
		}
		n := 0
		for _, an := range c.appearances.list {
			if an.at.Err == nil {
				n++
			}
		}
		if n == 0 {
			diags.Warnf(diag.Pos{File: c.Info.File, Line: 1, Col: 1}, "claim %q has no appearances: no annotation has claim: %s", c.Slug, c.Slug)
		}
	}
}

// untaggedMentions lists the known entities an article is not tagged with,
// among all, for `dossier check` to look for in its text.
func untaggedMentions(a *Article, all []*Entity) ([]markdown.Mention, []*Entity) {
	var out []markdown.Mention
	var ents []*Entity
	tagged := a.AllEntities()
	for _, e := range all {
		if !slices.Contains(tagged, e) {
			ents = append(ents, e)
			out = append(out, markdown.Mention{Names: e.names})
		}
	}
	return out, ents
}
