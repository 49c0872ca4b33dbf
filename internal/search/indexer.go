package search

import (
	"runtime"
	"slices"
	"strings"
	"sync"

	"dossier/internal/dossier"
)

// Indexer makes the search index of a dossier. Entities are indexed when
// it is made; each article, with its annotations, when Article is given
// it, which may be from several goroutines at once, as soon as the
// article's text is rendered (a build gives it each article just before
// letting its text go); claims, whose appearances are in articles, at
// Finish.
type Indexer struct {
	cat  *catalog
	pool *pool

	recs [numKinds][][]byte  // what results show of each document
	rows [numKinds][][]value // each document's facet values
	// offered are the words each article offered contexts to (an
	// Update refills contexts from them), and indexed what each was
	// indexed from (an Update finds the terms it was in by indexing it
	// again); both only for an index that can be updated.
	offered [][]string
	indexed []articleText

	mu        sync.Mutex
	claimText [][]string // by claim: its appearances' passages and notes
	claimFigs [][]string // by claim: its appearances' figures (figureText)
	updatable bool
}

// Options say how an index is made.
type Options struct {
	// Updatable keeps what Index.Update needs: which words each article
	// offered contexts to (the texts are the model's, which must keep
	// them).
	Updatable bool
}

// NewIndexer returns an Indexer for the model d.
func NewIndexer(d *dossier.Dossier, opts Options) *Indexer {
	x := &Indexer{cat: newCatalog(d), updatable: opts.Updatable}
	x.pool = newPool()
	n := x.cat.count()
	for k := range numKinds {
		x.recs[k] = make([][]byte, n[k])
		x.rows[k] = make([][]value, n[k])
	}
	x.claimText = make([][]string, n[kindClaim])
	x.claimFigs = make([][]string, n[kindClaim])
	if opts.Updatable {
		x.offered = make([][]string, n[kindArticle])
		x.indexed = make([]articleText, n[kindArticle])
	}
	w := x.pool.get()
	for id, e := range x.cat.entities {
		x.entity(w, uint32(id), e)
	}
	x.pool.put(w)
	return x
}

func (x *Indexer) entity(w *worker, id uint32, e *dossier.Entity) {
	w.begin(kindEntity, id)
	w.field(e.Name, classTitle, false)
	for _, alias := range e.Aliases {
		w.field(alias, classSummary, false)
	}
	w.field(e.Role, classSummary, false)
	w.field(e.Headquarters, classSummary, false)
	w.field(e.ProfileText, classBody, false)
	vs := x.cat.entityValues(e)
	for _, v := range vs {
		w.value(v)
	}
	w.finish()
	x.recs[kindEntity][id] = x.cat.entityRecord(e, vs)
	x.rows[kindEntity][id] = vs
}

// Article indexes an article of the model, whose text must be rendered
// and kept (dossier.Article.Text), and its annotations.
func (x *Indexer) Article(a *dossier.Article) {
	id, ok := x.cat.artID[a]
	if !ok {
		return
	}
	w := x.pool.get()
	defer x.pool.put(w)
	x.article(w, id, a, a.Text())
}

func (x *Indexer) article(w *worker, id uint32, a *dossier.Article, text string) {
	notes := a.Annotations()
	vs := x.cat.articleValues(a, notes)
	at := textOf(a, text)
	offered := articleDoc(w, id, at, vs, len(x.cat.articles))
	if x.updatable {
		x.offered[id], x.indexed[id] = offered, at
	}
	x.recs[kindArticle][id] = x.cat.articleRecord(a, vs)
	x.rows[kindArticle][id] = vs

	base, end := x.cat.annBase[id], x.cat.annBase[id+1]
	for k, an := range notes {
		nid := base + uint32(k)
		if nid >= end {
			break // not anchored: the build fails
		}
		w.begin(kindAnnotation, nid)
		w.field(an.Passage(), classTitle, false)
		w.field(an.NoteText(), classSummary, false)
		fig := figureText(an.Figure())
		w.field(fig, classSummary, false)
		if an.Speaker != nil {
			w.field(an.Speaker.Name, classSummary, false)
		}
		nv := x.cat.annotationValues(an)
		for _, v := range nv {
			w.value(v)
		}
		w.finish()
		x.recs[kindAnnotation][nid] = x.cat.annotationRecord(an, nv)
		x.rows[kindAnnotation][nid] = nv
		if an.Claim != nil {
			// What a claim's page compares: each appearance's passage
			// and note, and its figure.
			cid := x.cat.claimID[an.Claim]
			x.mu.Lock()
			x.claimText[cid] = append(x.claimText[cid], an.Passage(), an.NoteText())
			if fig != "" {
				x.claimFigs[cid] = append(x.claimFigs[cid], fig)
			}
			x.mu.Unlock()
		}
	}
}

// articleText is what an article is indexed from: its fields and text,
// and the context for a word of its title or summary that its text does
// not have.
type articleText struct {
	title, standfirst, source, author, text, fallback string
}

func textOf(a *dossier.Article, text string) articleText {
	return articleText{a.Title, a.Standfirst, a.Source, a.Author, text, cut(a.Summary(), 180)}
}

// articleDoc adds the article id, of a dossier of n, to w and returns the
// words it offered contexts to.
func articleDoc(w *worker, id uint32, a articleText, vs []value, n int) []string {
	w.begin(kindArticle, id)
	w.field(a.title, classTitle, false)
	w.field(a.standfirst, classSummary, false)
	w.field(a.source, classSummary, false)
	w.field(a.author, classSummary, false)
	w.field(a.text, classBody, true)
	for _, v := range vs {
		w.value(v)
	}
	offered := w.contexts(a.text, a.fallback, perArticle(n))
	w.finish()
	return offered
}

// figureText is what a claim annotation's figure is found by, a line
// each: its value as pages write it ("13.1 percent", "$1.1 billion",
// "fifth") and in figures ("5", "1.1 billion"), a currency's code, the
// period ("first quarter of 2015"), what is counted and whom the article
// credits. "" for no figure.
func figureText(f *dossier.Figure) string {
	if f == nil {
		return ""
	}
	var lines []string
	if f.Value != "" {
		lines = append(lines, f.Value)
		if n := f.Number.String(); !strings.Contains(f.Value, n) {
			lines = append(lines, n)
		}
		if f.Unit.Currency() {
			lines = append(lines, string(f.Unit))
		}
	}
	for _, s := range []string{f.Period, f.Measure, f.AccordingTo} {
		if s != "" {
			lines = append(lines, s)
		}
	}
	return strings.Join(lines, "\n")
}

// Build makes the index of the model d from its articles' texts, which the
// model must hold: the articles on as many goroutines as there are
// processors, then Finish. A build that lets texts go indexes each
// article as its page is written instead (Indexer.Article).
func Build(d *dossier.Dossier, opts Options) *Index {
	x := NewIndexer(d, opts)
	var wg sync.WaitGroup
	next := make(chan *dossier.Article)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for a := range next {
				x.Article(a)
			}
		})
	}
	for _, a := range d.Articles {
		next <- a
	}
	close(next)
	wg.Wait()
	return x.Finish()
}

// Finish indexes the claims and returns the index. The Indexer is not
// used again.
func (x *Indexer) Finish() *Index {
	w := x.pool.get()
	for id, cl := range x.cat.claims {
		texts, figs := x.claimText[id], x.claimFigs[id]
		slices.Sort(texts) // gathered in any order
		slices.Sort(figs)
		w.begin(kindClaim, uint32(id))
		w.field(cl.Title, classTitle, false)
		w.field(cl.Summary, classSummary, false)
		w.field(cl.DescriptionText, classBody, false)
		w.field(strings.Join(texts, "\n"), classBody, false)
		w.field(strings.Join(figs, "\n"), classSummary, false)
		vs := x.cat.claimValues(cl)
		for _, v := range vs {
			w.value(v)
		}
		w.finish()
		x.recs[kindClaim][id] = x.cat.claimRecord(cl, vs)
		x.rows[kindClaim][id] = vs
	}
	x.pool.put(w)
	ix := &Index{cat: x.cat, terms: merge(x.pool.all, len(x.cat.articles)), recs: x.recs, rows: x.rows}
	if x.updatable {
		ix.offered, ix.indexed = x.offered, x.indexed
		ix.offeredBy = map[string][]uint32{}
		for id, words := range x.offered {
			for _, k := range words {
				ix.offeredBy[k] = append(ix.offeredBy[k], uint32(id))
			}
		}
	}
	ix.prepare()
	return ix
}
