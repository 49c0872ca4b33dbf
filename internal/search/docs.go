package search

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"dossier/internal/content"
	"dossier/internal/dossier"
)

// Kinds of documents, each numbered on its own from 0, in the order that
// makes the index small and stable:
//
//   - articles by date, oldest first: a month's articles are a range of
//     numbers (the first-load file has where each month starts), and the
//     newest articles, the first results among equals, are at the end;
//     an article added as the newest takes a new number and moves none;
//   - annotations by their article's number, then in the order of their
//     passages in the text: dated as their articles are;
//   - claims and entities by how many articles report or name them, most
//     first, so that the facets' most frequent values come first.
const (
	kindArticle = iota
	kindAnnotation
	kindClaim
	kindEntity
	numKinds
)

// kindLetters name the kinds in file names and to the client.
const kindLetters = "ance"

// Facets, the groups of values results are filtered and counted by. An
// entity's facet is its kind's.
const (
	facetCompany = iota
	facetMarket
	facetExecutive
	facetClaim
	facetSource
	numFacets
)

// facetLetters name the facets to the client, in summaries; the URL names
// them by word (search.js).
const facetLetters = "cmxks"

// A value is a facet's value: facet<<24 | the entity's, claim's or
// source's number.
type value uint32

func facetValue(facet int, id uint32) value { return value(uint32(facet)<<24 | id) }

func (v value) facet() int  { return int(v >> 24) }
func (v value) id() uint32  { return uint32(v) & (1<<24 - 1) }
func (v value) key() string { return valueKey(v.facet(), v.id()) }

// valueKey is the term a facet value's documents are filed under: "#e12"
// (entity 12, whatever its kind), "#k3" (claim 3), "#s0" (source 0). A
// query's tokens never hold "#".
func valueKey(facet int, id uint32) string {
	p := "#e"
	switch facet {
	case facetClaim:
		p = "#k"
	case facetSource:
		p = "#s"
	}
	return p + strconv.FormatUint(uint64(id), 36)
}

func entityFacet(k content.Kind) int {
	switch k {
	case content.Company:
		return facetCompany
	case content.Market:
		return facetMarket
	}
	return facetExecutive
}

// catalog numbers the model's documents and facet values.
type catalog struct {
	articles []*dossier.Article // by number: oldest first
	artID    map[*dossier.Article]uint32
	// annBase[i] is the number of article i's first annotation;
	// annBase[len(articles)] the number of annotations.
	annBase  []uint32
	claims   []*dossier.Claim
	claimID  map[*dossier.Claim]uint32
	entities []*dossier.Entity
	entID    map[*dossier.Entity]uint32
	sources  []string // by number: most articles first
	sourceID map[string]uint32
}

func newCatalog(d *dossier.Dossier) *catalog {
	c := &catalog{
		articles: make([]*dossier.Article, len(d.Articles)),
		artID:    make(map[*dossier.Article]uint32, len(d.Articles)),
		annBase:  make([]uint32, len(d.Articles)+1),
		claimID:  map[*dossier.Claim]uint32{},
		entID:    map[*dossier.Entity]uint32{},
		sourceID: map[string]uint32{},
	}
	// The model lists articles newest first; ties in date are in an
	// order of its own, which reversed is as good.
	n := len(d.Articles)
	sourceCount := map[string]int{}
	for i, a := range d.Articles {
		id := uint32(n - 1 - i)
		c.articles[id] = a
		c.artID[a] = id
		if a.Source != "" {
			sourceCount[a.Source]++
		}
	}
	for i, a := range c.articles {
		c.annBase[i+1] = c.annBase[i] + uint32(a.CountAnnotations())
	}

	c.claims = slices.Clone(d.Claims)
	slices.SortStableFunc(c.claims, func(x, y *dossier.Claim) int {
		return cmp.Compare(y.CountAppearances(), x.CountAppearances()) // d.Claims is by title
	})
	for i, cl := range c.claims {
		c.claimID[cl] = uint32(i)
	}
	for _, es := range d.Entities {
		c.entities = append(c.entities, es...)
	}
	slices.SortStableFunc(c.entities, func(x, y *dossier.Entity) int {
		return cmp.Or(cmp.Compare(len(y.Articles), len(x.Articles)), cmp.Compare(x.Kind, y.Kind))
	})
	for i, e := range c.entities {
		c.entID[e] = uint32(i)
	}
	for s := range sourceCount {
		c.sources = append(c.sources, s)
	}
	slices.SortFunc(c.sources, func(x, y string) int {
		return cmp.Or(cmp.Compare(sourceCount[y], sourceCount[x]), cmp.Compare(x, y))
	})
	for i, s := range c.sources {
		c.sourceID[s] = uint32(i)
	}
	return c
}

// count is how many documents there are of each kind.
func (c *catalog) count() [numKinds]int {
	return [numKinds]int{len(c.articles), int(c.annBase[len(c.articles)]), len(c.claims), len(c.entities)}
}

// articleValues lists the facet values of an article: its entities, its
// source, and the claims its annotations are appearances of.
func (c *catalog) articleValues(a *dossier.Article, notes []*dossier.Annotation) []value {
	var vs []value
	for _, e := range a.AllEntities() {
		vs = append(vs, c.entityValue(e))
	}
	if id, ok := c.sourceID[a.Source]; ok {
		vs = append(vs, facetValue(facetSource, id))
	}
	for _, an := range notes {
		if an.Claim != nil {
			vs = append(vs, facetValue(facetClaim, c.claimID[an.Claim]))
		}
	}
	return dedupe(vs)
}

// annotationValues lists the facet values of an annotation: those of its
// article's entities and source, the entities it concerns or quotes, and
// its claim.
func (c *catalog) annotationValues(an *dossier.Annotation) []value {
	a := an.Article
	var vs []value
	for _, e := range a.AllEntities() {
		vs = append(vs, c.entityValue(e))
	}
	if an.Speaker != nil {
		vs = append(vs, c.entityValue(an.Speaker))
	}
	for _, e := range an.About {
		vs = append(vs, c.entityValue(e))
	}
	if id, ok := c.sourceID[a.Source]; ok {
		vs = append(vs, facetValue(facetSource, id))
	}
	if an.Claim != nil {
		vs = append(vs, facetValue(facetClaim, c.claimID[an.Claim]))
	}
	return dedupe(vs)
}

// claimValues lists a claim's facet values: itself, the entities its
// appearances concern and the sources that report it.
func (c *catalog) claimValues(cl *dossier.Claim) []value {
	vs := []value{facetValue(facetClaim, c.claimID[cl])}
	for _, e := range cl.About {
		vs = append(vs, c.entityValue(e))
	}
	for _, s := range cl.Sources() {
		if id, ok := c.sourceID[s]; ok {
			vs = append(vs, facetValue(facetSource, id))
		}
	}
	return dedupe(vs)
}

// entityValues lists an entity's facet values: itself, and an executive's
// company.
func (c *catalog) entityValues(e *dossier.Entity) []value {
	vs := []value{c.entityValue(e)}
	if e.Company != nil {
		vs = append(vs, c.entityValue(e.Company))
	}
	return dedupe(vs)
}

func (c *catalog) entityValue(e *dossier.Entity) value {
	return facetValue(entityFacet(e.Kind), c.entID[e])
}

func dedupe(vs []value) []value {
	slices.Sort(vs)
	return slices.Compact(vs)
}

// Records are what a result shows of a document, read from the documents'
// files (search/d/…): a JSON array per document, whose fields are, by
// kind,
//
//	article     [title, path, date, source, lead, values]
//	annotation  [article, title, path, date, anchor, kind, speaker, passage, note, values, figure]
//	claim       [title, path, summary, appearances, values, comparison]
//	entity      [name, path, kind, articles, aliases, about, values]
//
// Paths are site paths ("articles/x/"); source is a number (-1 for
// none), speaker a name; texts are cut to what a result shows. values are
// the document's facet values, each a facet's letter and its number as a
// varint (appendValues): a query with a page of results or fewer counts
// its facets from its results' records.

func (c *catalog) articleRecord(a *dossier.Article, vs []value) []byte {
	source := -1
	if id, ok := c.sourceID[a.Source]; ok {
		source = int(id)
	}
	return record(a.Title, a.Path(), a.Date.ISO(), source, cut(a.Summary(), 100), valuesString(vs))
}

func (c *catalog) annotationRecord(an *dossier.Annotation, vs []value) []byte {
	a := an.Article
	speaker := ""
	if an.Speaker != nil {
		speaker = an.Speaker.Name
	}
	return record(int(c.artID[a]), cut(a.Title, 80), a.Path(), a.Date.ISO(), an.ID(), an.Kind, speaker,
		cut(an.Passage(), 160), cut(an.NoteText(), 100), valuesString(vs), figureSummary(an.Figure()))
}

func (c *catalog) claimRecord(cl *dossier.Claim, vs []value) []byte {
	return record(cl.Title, cl.Path(), cut(cmp.Or(cl.Summary, firstLine(cl.DescriptionText)), 200), cl.CountAppearances(), valuesString(vs),
		cut(cl.Comparison(), 200))
}

// figureSummary is a claim annotation's figure in one line, as lists show
// it ("13.1 percent · first quarter of 2015 · …"); "" for none.
func figureSummary(f *dossier.Figure) string {
	if f == nil {
		return ""
	}
	return cut(f.Summary(), 160)
}

func (c *catalog) entityRecord(e *dossier.Entity, vs []value) []byte {
	about := e.Role
	if e.Company != nil {
		about = strings.TrimPrefix(strings.TrimSpace(about+", "+e.Company.Name), ", ")
	}
	if about == "" {
		about = cut(firstLine(e.ProfileText), 160)
	}
	return record(e.Name, e.Path(), e.Kind.Singular(), len(e.Articles), strings.Join(e.Aliases, ", "), about, valuesString(vs))
}

// valuesString writes facet values as a record holds them.
func valuesString(vs []value) string {
	var b []byte
	for _, v := range vs {
		b = append(b, facetLetters[v.facet()])
		b = appendVarint(b, v.id())
	}
	return string(b)
}

func record(fields ...any) []byte {
	b, err := json.Marshal(fields)
	if err != nil {
		panic(err) // strings, numbers and lists of numbers
	}
	return b
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// cut shortens s to about n bytes, at a space, with an ellipsis.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := strings.LastIndexByte(s[:n], ' ')
	if i < n/2 {
		i = n
		for i > 0 && !utf8.RuneStart(s[i]) {
			i--
		}
	}
	return strings.TrimRight(s[:i], " ,;:.") + "…"
}
