package site

import (
	"encoding/json"
	"io"
	"slices"
	"strconv"
	"time"

	"dossier/internal/dossier"
	"dossier/internal/markdown"
)

// The editorial layer as W3C Web Annotations (https://www.w3.org/TR/annotation-model/),
// for annotation clients and other tools:
//
//	/articles/<slug>/annotations.jsonld  an AnnotationPage of the article's annotations
//	/annotations.jsonld                  an AnnotationCollection of them all, in pages of
//	/annotations/<n>.jsonld              annotationsPerPage, the first also embedded
//
// One struct per type, as for the schema.org JSON-LD (linkeddata.go), so
// that the compiler checks the shape and the field order is fixed; every
// key is a term of the Web Annotation context. Ids and links are IRIs as
// the pages' linked data makes them (Base.IRI): absolute with an absolute
// base URL, else relative to the file's own address.

const annoContext = "http://www.w3.org/ns/anno.jsonld"

// annotationsPerPage is how many annotations a page of the dossier-wide
// collection holds; a variable, so that a test can page a small dossier.
var annotationsPerPage = 1000

// Motivations are the W3C motivations of annotation kinds, and of the
// bodies holding their notes.
var motivations = map[string]string{
	"note":       "commenting",
	"quote":      "identifying", // who said the passage
	"claim":      "assessing",   // what the passage claims, weighed against other reports
	"correction": "editing",
}

// AnnotationsFile is the site path of an article's annotation export.
func AnnotationsFile(a *dossier.Article) string { return a.Path() + "annotations.jsonld" }

type waPage struct {
	Context    string          `json:"@context,omitempty"`
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Label      string          `json:"label,omitempty"`
	PartOf     *waPartOf       `json:"partOf,omitempty"`
	StartIndex *int            `json:"startIndex,omitempty"`
	Prev       string          `json:"prev,omitempty"`
	Next       string          `json:"next,omitempty"`
	Items      []*waAnnotation `json:"items"`
}

type waPartOf struct {
	ID    string `json:"id"`
	Type  string `json:"type"`
	Total int    `json:"total"`
}

type waCollection struct {
	Context string  `json:"@context"`
	ID      string  `json:"id"`
	Type    string  `json:"type"`
	Label   string  `json:"label"`
	Creator waAgent `json:"creator"`
	Total   int     `json:"total"`
	// First is the first page (*waPage), or its id when it is not
	// embedded.
	First any    `json:"first,omitempty"`
	Last  string `json:"last,omitempty"`
}

type waAnnotation struct {
	ID         string     `json:"id"`
	Type       string     `json:"type"`
	Motivation string     `json:"motivation"`
	Created    string     `json:"created,omitempty"`
	Creator    waAgent    `json:"creator"`
	Body       []waBody   `json:"body,omitempty"`
	Target     []waTarget `json:"target"`
}

type waAgent struct {
	Type string `json:"type"`
	Name string `json:"name"`
}

// waBody is a TextualBody (a note, a tag) or a SpecificResource (a page
// of the site: the speaker's, the claim's).
type waBody struct {
	Type    string `json:"type"`
	Purpose string `json:"purpose,omitempty"`
	Value   string `json:"value,omitempty"`
	Format  string `json:"format,omitempty"`
	Source  string `json:"source,omitempty"`
}

type waTarget struct {
	Type     string `json:"type"`
	Source   string `json:"source"`
	Selector []any  `json:"selector"`
}

type waQuote struct {
	Type   string `json:"type"`
	Exact  string `json:"exact"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
}

type waPosition struct {
	Type  string `json:"type"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

type waCSS struct {
	Type      string     `json:"type"`
	Value     string     `json:"value"`
	RefinedBy waPosition `json:"refinedBy"`
}

// bodySelector is the element of the article page that holds the text
// TextPositionSelector counts in: the element the article template puts
// the body in.
const bodySelector = ".article-body"

// waAnnotationOf describes an annotation for the export file at from.
func (b *pageBuilder) waAnnotationOf(from string, an *dossier.Annotation, editors string) *waAnnotation {
	base := b.site.cfg.Base
	a := an.Article
	sel := an.Selector()
	kind := an.Kind
	w := &waAnnotation{
		ID:         base.IRI(from, AnnotationsFile(a)+"#"+an.ID()),
		Type:       "Annotation",
		Motivation: motivations[kind],
		Creator:    waAgent{Type: "Organization", Name: editors},
	}
	if w.Motivation == "" {
		w.Motivation = "commenting"
	}
	if t := an.Created(); !t.IsZero() {
		w.Created = t.UTC().Truncate(time.Second).Format(time.RFC3339)
	}
	if note := markdown.PlainText(string(an.Note())); note != "" {
		purpose := w.Motivation
		if kind == "quote" {
			purpose = "commenting" // the speaker body identifies
		}
		w.Body = append(w.Body, waBody{Type: "TextualBody", Purpose: purpose, Value: note, Format: "text/plain"})
	}
	if e := an.Speaker; e != nil {
		w.Body = append(w.Body, waBody{Type: "SpecificResource", Purpose: "identifying", Source: base.IRI(from, e.Path())})
	}
	for _, e := range an.About {
		w.Body = append(w.Body, waBody{Type: "TextualBody", Purpose: "tagging", Value: e.Name})
	}
	if c := an.Claim; c != nil {
		w.Body = append(w.Body, waBody{Type: "SpecificResource", Purpose: "classifying", Source: base.IRI(from, c.Path())})
	}
	quote := waQuote{Type: "TextQuoteSelector", Exact: sel.Exact, Prefix: sel.Prefix, Suffix: sel.Suffix}
	w.Target = append(w.Target, waTarget{
		Type:   "SpecificResource",
		Source: base.IRI(from, a.Path()),
		Selector: []any{quote, waCSS{
			Type: "CssSelector", Value: bodySelector,
			RefinedBy: waPosition{Type: "TextPositionSelector", Start: sel.Start, End: sel.End},
		}},
	})
	if a.SourceURL != "" {
		w.Target = append(w.Target, waTarget{Type: "SpecificResource", Source: a.SourceURL, Selector: []any{quote}})
	}
	return w
}

// articleExport adds the export of an article's annotations, if the site
// has exports and the article annotations.
func (b *pageBuilder) articleExport(d *dossier.Dossier, a *dossier.Article) {
	if !b.site.cfg.Exports || a.CountAnnotations() == 0 {
		return
	}
	file := AnnotationsFile(a)
	b.addFile(file, func(f *fingerprint) {
		f.u64(a.Hash, a.NotesHash)
		f.str(d.Editors)
	}, func(w io.Writer) error {
		page := waPage{Context: annoContext, ID: b.site.cfg.Base.IRI(file, file), Type: "AnnotationPage",
			Label: "Annotations of " + a.Title}
		for _, an := range a.Annotations() {
			page.Items = append(page.Items, b.waAnnotationOf(file, an, d.Editors))
		}
		return encodeJSON(w, page)
	})
}

// dossierExports adds the dossier-wide exports: the annotation
// collection and the data files.
func (b *pageBuilder) dossierExports(d *dossier.Dossier) {
	if !b.site.cfg.Exports {
		return
	}
	b.annotationCollection(d)
	b.dataFiles(d)
}

// annotationCollection adds the dossier-wide collection and its pages.
func (b *pageBuilder) annotationCollection(d *dossier.Dossier) {
	var articles []*dossier.Article
	total := 0
	for _, a := range d.Articles {
		if n := a.CountAnnotations(); n > 0 {
			articles = append(articles, a)
			total += n
		}
	}
	pages := max(1, (total+annotationsPerPage-1)/annotationsPerPage)
	pageFile := func(n int) string { return "annotations/" + strconv.Itoa(n) + ".jsonld" }
	// A page shows its annotations as the articles' own exports do (the
	// article's Hash covers the selectors, made from its text), so an
	// edit of one article's text changes the pages with its annotations
	// and no other; the collection shows its pages' number, and embeds a
	// lone first page. A page's fingerprint is that of the articles whose
	// annotations it shows, with where each one's start in the list:
	// starts[i] is the place of articles[i]'s first annotation.
	starts := make([]int, len(articles))
	for i, at := 0, 0; i < len(articles); i++ {
		starts[i] = at
		at += articles[i].CountAnnotations()
	}
	pagePrint := func(n int) func(f *fingerprint) {
		return func(f *fingerprint) {
			lo, hi := (n-1)*annotationsPerPage, min(n*annotationsPerPage, total)
			// The last article starting at or before lo, to the last
			// starting before hi.
			i, _ := slices.BinarySearch(starts, lo+1)
			for i = max(i-1, 0); i < len(articles) && starts[i] < hi; i++ {
				a := articles[i]
				f.u64(a.Hash, a.NotesHash)
				f.int(starts[i])
			}
			f.int(n, pages, total)
			f.str(d.Editors)
		}
	}
	rootPrint := func(f *fingerprint) {
		if pages == 1 {
			pagePrint(1)(f)
		}
		f.int(pages, total)
		f.str(d.Title, d.Editors)
	}
	// all lists the annotations, newest article first, each article's in
	// text order; made once per file.
	all := func() []*dossier.Annotation {
		out := make([]*dossier.Annotation, 0, total)
		for _, a := range articles {
			out = append(out, a.Annotations()...)
		}
		return out
	}
	page := func(from string, n int, list []*dossier.Annotation) *waPage {
		lo, hi := (n-1)*annotationsPerPage, min(n*annotationsPerPage, len(list))
		base := b.site.cfg.Base
		p := &waPage{ID: base.IRI(from, pageFile(n)), Type: "AnnotationPage",
			PartOf: &waPartOf{ID: base.IRI(from, "annotations.jsonld"), Type: "AnnotationCollection", Total: total}, StartIndex: &lo}
		if n > 1 {
			p.Prev = base.IRI(from, pageFile(n-1))
		}
		if n < pages {
			p.Next = base.IRI(from, pageFile(n+1))
		}
		p.Items = make([]*waAnnotation, 0, max(0, hi-lo))
		for _, an := range list[lo:max(lo, hi)] {
			p.Items = append(p.Items, b.waAnnotationOf(from, an, d.Editors))
		}
		return p
	}
	b.addFile("annotations.jsonld", rootPrint, func(w io.Writer) error {
		const from = "annotations.jsonld"
		c := waCollection{Context: annoContext, ID: b.site.cfg.Base.IRI(from, from), Type: "AnnotationCollection",
			Label: "Annotations of " + d.Title, Creator: waAgent{Type: "Organization", Name: d.Editors}, Total: total}
		// A collection of one page embeds it: a small dossier's
		// annotations are all in this file. A larger one's would make
		// it a second copy of its first page, and it links to it.
		if total > 0 {
			c.Last = b.site.cfg.Base.IRI(from, pageFile(pages))
			if pages == 1 {
				c.First = page(from, 1, all())
			} else {
				c.First = b.site.cfg.Base.IRI(from, pageFile(1))
			}
		}
		return encodeJSON(w, c)
	})
	for n := 1; n <= pages && total > 0; n++ {
		file := pageFile(n)
		b.addFile(file, pagePrint(n), func(w io.Writer) error {
			p := page(file, n, all())
			p.Context = annoContext
			return encodeJSON(w, p)
		})
	}
}

// encodeJSON writes v as JSON: nothing but encoding/json, with no
// escaping of <, > and &, which the files, not being HTML, need not. The
// JSON is compact: the exports of a large dossier are as large as its
// pages, and indenting them would make them half as large again.
func encodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
