package site

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/internal/content"
	"dossier/internal/dossier"
	"dossier/internal/slug"
)

// The schema.org vocabulary pages describe themselves with, as JSON-LD: one
// struct per type, so that the JSON's shape is checked by the compiler and
// its field order (and so the output) is fixed.
//
// Every thing has an @id: its page's URL with a fragment naming what it is
// ("…/companies/xiaomi/#organization"), so that an article's about and
// mentions and an executive's worksFor point at the very node the entity's
// own page describes. With an absolute base URL the ids are absolute; without
// one they are the same links pages use, which resolve against the page's
// address to one IRI from every page.

const schemaContext = "https://schema.org"

// Fragments of the @ids: what the thing described at a page's URL is.
const (
	idWebsite = "website"
	idArticle = "article"
	idClaim   = "claim"
	idReview  = "review"
)

// entityTypes are the schema.org types of content.Kinds, with the @id
// fragment of each.
var entityTypes = [...]struct{ typ, frag string }{
	content.Company:   {"Organization", "organization"},
	content.Market:    {"Place", "place"},
	content.Executive: {"Person", "person"},
}

// ldRef points at a node described elsewhere, by its @id; the type and name
// are there for consumers that do not follow ids.
type ldRef struct {
	Type string `json:"@type,omitempty"`
	ID   string `json:"@id"`
	Name string `json:"name,omitempty"`
}

// ldNamed is a person or organization known only by name: a byline, a
// publication.
type ldNamed struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type ldWebSite struct {
	Context     string `json:"@context"`
	Type        string `json:"@type"`
	ID          string `json:"@id"`
	URL         string `json:"url"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

type ldNewsArticle struct {
	Context          string   `json:"@context"`
	Type             string   `json:"@type"`
	ID               string   `json:"@id"`
	URL              string   `json:"url"`
	MainEntityOfPage string   `json:"mainEntityOfPage"`
	Headline         string   `json:"headline,omitempty"`
	Name             string   `json:"name,omitempty"` // a headline the editors wrote
	Description      string   `json:"description,omitempty"`
	DatePublished    string   `json:"datePublished,omitempty"`
	Author           *ldNamed `json:"author,omitempty"`
	Publisher        *ldNamed `json:"publisher,omitempty"`
	IsBasedOn        string   `json:"isBasedOn,omitempty"`
	About            []ldRef  `json:"about,omitempty"`
	Mentions         []ldRef  `json:"mentions,omitempty"`
	IsPartOf         ldRef    `json:"isPartOf"`
}

// ldEntity is what every entity's description says: a Place as it is, and
// the start of an Organization's and a Person's.
type ldEntity struct {
	Context          string   `json:"@context"`
	Type             string   `json:"@type"`
	ID               string   `json:"@id"`
	URL              string   `json:"url"`
	MainEntityOfPage string   `json:"mainEntityOfPage"`
	Name             string   `json:"name"`
	AlternateName    []string `json:"alternateName,omitempty"`
}

type ldOrganization struct {
	ldEntity
	Location string  `json:"location,omitempty"`
	SameAs   string  `json:"sameAs,omitempty"`
	Employee []ldRef `json:"employee,omitempty"`
}

type ldPerson struct {
	ldEntity
	JobTitle string `json:"jobTitle,omitempty"`
	WorksFor *ldRef `json:"worksFor,omitempty"`
}

// ldClaim is a tracked claim: what is claimed, and the articles it appears
// in, the first of them also as firstAppearance.
type ldClaim struct {
	Context          string  `json:"@context"`
	Type             string  `json:"@type"`
	ID               string  `json:"@id"`
	URL              string  `json:"url"`
	MainEntityOfPage string  `json:"mainEntityOfPage"`
	Name             string  `json:"name"`
	Text             string  `json:"text,omitempty"`
	About            []ldRef `json:"about,omitempty"`
	Appearance       []ldRef `json:"appearance,omitempty"`
	FirstAppearance  *ldRef  `json:"firstAppearance,omitempty"`
}

// ldClaimReview is the editors' verdict on a claim: what is claimed, the
// claim itself (its appearances included), and the verdict as a rating
// named in words, for claims whose file gives one.
type ldClaimReview struct {
	Context       string   `json:"@context"`
	Type          string   `json:"@type"`
	ID            string   `json:"@id"`
	URL           string   `json:"url"`
	ClaimReviewed string   `json:"claimReviewed,omitempty"`
	ItemReviewed  ldClaim  `json:"itemReviewed"`
	ReviewRating  ldRating `json:"reviewRating"`
	ReviewBody    string   `json:"reviewBody,omitempty"`
	Author        ldNamed  `json:"author"`
}

// ldRating is a verdict given in words, without a numeric scale.
type ldRating struct {
	Type          string `json:"@type"`
	AlternateName string `json:"alternateName"`
}

// iri names the site path target, with a fragment if frag is not "", as
// the linked data of page p does.
func (p *Page) iri(target, frag string) string {
	if frag != "" {
		target += "#" + frag
	}
	return p.base.IRI(p.path, target)
}

func websiteLD(p *Page) ldWebSite {
	return ldWebSite{
		Context:     schemaContext,
		Type:        "WebSite",
		ID:          p.iri("", idWebsite),
		URL:         p.iri("", ""),
		Name:        p.Site.Title,
		Description: p.Site.Description,
	}
}

func entityRef(p *Page, e *dossier.Entity) ldRef {
	t := entityTypes[e.Kind]
	return ldRef{Type: t.typ, ID: p.iri(e.Path(), t.frag), Name: e.Name}
}

func entityRefs(p *Page, es []*dossier.Entity) []ldRef {
	var out []ldRef
	for _, e := range es {
		out = append(out, entityRef(p, e))
	}
	return out
}

func articleRef(p *Page, a *dossier.Article) ldRef {
	return ldRef{Type: "NewsArticle", ID: p.iri(a.Path(), idArticle), Name: a.Title}
}

// articleLD describes an article page: the dossier's record of a news
// article, based on the original at its source_url.
func articleLD(p *Page, a *dossier.Article, about, mentions []*dossier.Entity) ldNewsArticle {
	ld := ldNewsArticle{
		Context:          schemaContext,
		Type:             "NewsArticle",
		ID:               p.iri(a.Path(), idArticle),
		URL:              p.iri(a.Path(), ""),
		MainEntityOfPage: p.iri(a.Path(), ""),
		Description:      a.Summary(),
		DatePublished:    datePublished(a),
		IsBasedOn:        a.SourceURL,
		About:            entityRefs(p, about),
		Mentions:         entityRefs(p, mentions),
		IsPartOf:         ldRef{Type: "WebSite", ID: p.iri("", idWebsite), Name: p.Site.Title},
	}
	// A headline the editors wrote names the record; it is not the
	// article's headline.
	if a.TitledByEditors() {
		ld.Name = a.Title
	} else {
		ld.Headline = a.Title
	}
	if a.Author != "" {
		ld.Author = &ldNamed{Type: "Person", Name: a.Author}
	}
	if a.Source != "" {
		ld.Publisher = &ldNamed{Type: "Organization", Name: a.Source}
	}
	return ld
}

// datePublished is the article's date as structured data may give it: the
// publisher's date, to the day or to the instant, or "". Search engines
// read datePublished as the publisher's date and time (Google's guidance
// for Article asks for "the date and time the article was first
// published", in ISO 8601): a date the editors inferred or found outside
// the article is not the publisher's, and a month or a year is not a
// date. What is not known is left out rather than made up: a day without
// a time stays a day, never midnight.
func datePublished(a *dossier.Article) string {
	if a.DatedByEditors() || a.Date.Day == 0 {
		return ""
	}
	return a.Date.ISO()
}

// entityLD describes an entity's page: an Organization, a Place or a
// Person.
func entityLD(p *Page, e *dossier.Entity) any {
	ref := entityRef(p, e)
	page := p.iri(e.Path(), "")
	base := ldEntity{
		Context: schemaContext, Type: ref.Type, ID: ref.ID, URL: page, MainEntityOfPage: page,
		Name: e.Name, AlternateName: e.Aliases,
	}
	switch e.Kind {
	case content.Company:
		return ldOrganization{
			ldEntity: base,
			Location: e.Headquarters,
			SameAs:   e.Website,
			Employee: entityRefs(p, e.Executives),
		}
	case content.Executive:
		ld := ldPerson{ldEntity: base, JobTitle: e.Role}
		if e.Company != nil {
			c := entityRef(p, e.Company)
			ld.WorksFor = &c
		}
		return ld
	}
	return base
}

// claimLD describes a claim's page at the site path claimPath: the claim,
// the entities it is about, and the articles it appears in (any order; the
// oldest is its first appearance). The claim pages of the annotation layer
// set it with
//
//	p.meta.ld = func() any { return claimLD(p, path, name, text, articles, about) }
func claimLD(p *Page, claimPath, name, text string, appearances []*dossier.Article, about []*dossier.Entity) ldClaim {
	page := p.iri(claimPath, "")
	ld := ldClaim{
		Context: schemaContext, Type: "Claim", ID: p.iri(claimPath, idClaim), URL: page, MainEntityOfPage: page,
		Name:  name,
		Text:  text,
		About: entityRefs(p, about),
	}
	var first *dossier.Article
	for _, a := range appearances {
		ld.Appearance = append(ld.Appearance, articleRef(p, a))
		if first == nil || a.Date.Compare(first.Date) < 0 {
			first = a
		}
	}
	if first != nil {
		r := articleRef(p, first)
		ld.FirstAppearance = &r
	}
	return ld
}

// claimReviewLD describes a claim page whose claim the editors gave a
// verdict: a ClaimReview of the claim described by claimLD, by the
// dossier's editors (the site, as an organization), rated in words
// ("Contested") and explained.
func claimReviewLD(p *Page, claimPath string, item ldClaim, verdict, explanation string) ldClaimReview {
	return ldClaimReview{
		Context:       schemaContext,
		Type:          "ClaimReview",
		ID:            p.iri(claimPath, idReview),
		URL:           p.iri(claimPath, ""),
		ClaimReviewed: item.Text,
		ItemReviewed:  item,
		ReviewRating:  ldRating{Type: "Rating", AlternateName: verdict},
		ReviewBody:    explanation,
		Author:        ldNamed{Type: "Organization", Name: p.Site.Title},
	}
}

// subjects divides an article's tagged entities into those it is about —
// the ones its headline or summary names, by name or alias, matched as tags
// are — and those it only mentions. When the headline and summary name none,
// it is about all of them.
func subjects(a *dossier.Article) (about, mentions []*dossier.Entity) {
	text := " " + slug.Key(dropPossessives(a.Title+" "+a.Summary())) + " "
	for _, e := range a.AllEntities() {
		if namedIn(text, e) {
			about = append(about, e)
		} else {
			mentions = append(mentions, e)
		}
	}
	if len(about) == 0 {
		return mentions, nil
	}
	return about, mentions
}

// dropPossessives removes the English possessive 's (or ’s) from the
// ends of words, so that "Xiaomi's plans" names Xiaomi: matching keys drop
// the apostrophe and would see "xiaomis".
func dropPossessives(s string) string {
	if !strings.Contains(s, "'s") && !strings.Contains(s, "’s") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		for _, apos := range []string{"'s", "’s"} {
			if strings.HasPrefix(s[i:], apos) && i > 0 {
				next, _ := utf8.DecodeRuneInString(s[i+len(apos):])
				if !unicode.IsLetter(next) && !unicode.IsDigit(next) {
					i += len(apos)
				}
			}
		}
		if i >= len(s) {
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		b.WriteRune(r)
		i += size
	}
	return b.String()
}

// namedIn reports whether key-form text (" words of the text ") holds the
// entity's name or an alias as whole words.
func namedIn(text string, e *dossier.Entity) bool {
	for _, k := range e.Keys() {
		if containsWords(text, k) {
			return true
		}
	}
	return false
}

// containsWords reports whether key-form text holds the key k as whole
// words: between spaces, which begin and end text.
func containsWords(text, k string) bool {
	if k == "" {
		return false
	}
	for i := 0; ; {
		j := strings.Index(text[i:], k)
		if j < 0 {
			return false
		}
		j += i
		if j > 0 && text[j-1] == ' ' && j+len(k) < len(text) && text[j+len(k)] == ' ' {
			return true
		}
		i = j + 1
	}
}
