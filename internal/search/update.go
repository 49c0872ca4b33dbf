package search

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"slices"

	"dossier/internal/dossier"
)

// Update brings the index up to date with the model d, which
// dossier.Update changed in place: the articles changed have new texts
// (or summaries, authors), and every document, value and number is as it
// was. It indexes those articles again and encodes again only the
// entries of the terms whose documents or contexts changed, and it
// reports false, changing nothing, when it cannot: the index was not
// made to be updated (Options.Updatable), or an article's source changed,
// which renumbers the sources. The files are then those an index made
// anew of d would have.
func (ix *Index) Update(d *dossier.Dossier, changed []*dossier.Article) bool {
	if ix.offered == nil {
		return false
	}
	ids := make([]uint32, 0, len(changed))
	for _, a := range changed {
		id, ok := ix.cat.artID[a]
		if !ok || ix.cat.articles[id] != a || sourceValue(ix.rows[kindArticle][id]) != ix.sourceNumber(a.Source) {
			return false
		}
		ids = append(ids, id)
	}
	// The terms the articles were in, with what an entry shows of them
	// there; then the terms they are in now. A term is dirty, its entry
	// and shard to make again, if that changed.
	before, lost := ix.remove(ids)
	now := map[string]bool{}
	for _, id := range ids {
		a := ix.cat.articles[id]
		w := newWorker()
		vs := ix.rows[kindArticle][id]
		at := textOf(a, a.Text())
		ix.setOffered(id, articleDoc(w, id, at, vs, len(ix.cat.articles)))
		ix.indexed[id] = at
		ix.recs[kindArticle][id] = ix.cat.articleRecord(a, vs)
		ix.add(w, now)
	}
	dirty := map[string]bool{}
	var added, gone []string
	for k := range now {
		if _, was := before[k]; !was {
			dirty[k] = true
			if _, ok := slices.BinarySearch(ix.keys, k); !ok {
				added = append(added, k)
			}
		}
	}
	for k, sig := range before {
		t := ix.terms[k]
		if t.count() == 0 {
			delete(ix.terms, k)
			dirty[k] = true
			gone = append(gone, k)
			continue
		}
		if lost[k] {
			ix.refill(k, t)
		}
		if ix.signature(t, ids) != sig {
			dirty[k] = true
		}
	}
	// The sorted terms and their entries, with those new and without
	// those gone; then the entries that changed.
	for _, k := range gone {
		if i, ok := slices.BinarySearch(ix.keys, k); ok {
			ix.keys = slices.Delete(ix.keys, i, i+1)
			ix.entries = slices.Delete(ix.entries, i, i+1)
		}
	}
	for _, k := range added {
		i, _ := slices.BinarySearch(ix.keys, k)
		ix.keys = slices.Insert(ix.keys, i, k)
		ix.entries = slices.Insert(ix.entries, i, nil)
	}
	c := ix.newCounter()
	for k := range dirty {
		if t := ix.terms[k]; t != nil {
			i, _ := slices.BinarySearch(ix.keys, k)
			ix.entries[i] = ix.entry(k, t, c)
		}
	}
	ix.layout(dirty, [][]uint32{kindArticle: ids})
	return true
}

// signature hashes what a term's entry shows of the articles ids: their
// classes, and the term's contexts.
func (ix *Index) signature(t *term, ids []uint32) uint64 {
	var h maphash.Hash
	h.SetSeed(sigSeed)
	for _, id := range ids {
		doc := newPosting(kindArticle, id, 0)
		class := -1
		if i, ok := slices.BinarySearchFunc(t.post, doc, byDoc); ok {
			class = t.post[i].class()
		}
		if t.arts != nil && t.arts[id/64]&(1<<(id%64)) != 0 {
			class += 10
		}
		fmt.Fprint(&h, class, " ")
	}
	for _, c := range t.ctx {
		fmt.Fprint(&h, uint32(c.p), c.text, "|")
	}
	return h.Sum64()
}

var sigSeed = maphash.MakeSeed()

func byDoc(p, d posting) int { return cmp.Compare(p.doc(), d.doc()) }

func (ix *Index) sourceNumber(s string) int {
	if id, ok := ix.cat.sourceID[s]; ok {
		return int(id)
	}
	return -1
}

// setOffered notes the words article id offers contexts to.
func (ix *Index) setOffered(id uint32, words []string) {
	for _, k := range ix.offered[id] {
		by := ix.offeredBy[k]
		if i, ok := slices.BinarySearch(by, id); ok {
			ix.offeredBy[k] = slices.Delete(by, i, i+1)
		}
	}
	for _, k := range words {
		by := ix.offeredBy[k]
		if i, ok := slices.BinarySearch(by, id); !ok {
			ix.offeredBy[k] = slices.Insert(by, i, id)
		}
	}
	ix.offered[id] = words
}

// remove takes the articles ids out of the terms they are in, and
// returns those terms, each with its signature before, and those whose
// contexts lost one. The terms are found by indexing the articles again
// as they were indexed (indexed), not by looking through every term.
func (ix *Index) remove(ids []uint32) (map[string]uint64, map[string]bool) {
	in := map[string]*term{}
	for _, id := range ids {
		w := newWorker()
		articleDoc(w, id, ix.indexed[id], ix.rows[kindArticle][id], len(ix.cat.articles))
		for _, k := range w.keys {
			if t := ix.terms[k]; t != nil {
				in[k] = t
			}
		}
	}
	before, lost := map[string]uint64{}, map[string]bool{}
	for k, t := range in {
		if !slices.ContainsFunc(ids, func(id uint32) bool { return ix.has(t, id) }) {
			continue
		}
		before[k] = ix.signature(t, ids)
		for _, id := range ids {
			doc := newPosting(kindArticle, id, 0)
			if i, ok := slices.BinarySearchFunc(t.post, doc, byDoc); ok {
				t.post = slices.Delete(t.post, i, i+1)
			}
			if t.arts != nil {
				t.arts[id/64] &^= 1 << (id % 64)
			}
			if j := slices.IndexFunc(t.ctx, func(c context) bool { return c.p.doc() == doc }); j >= 0 {
				t.ctx = slices.Delete(t.ctx, j, j+1)
				lost[k] = true
			}
		}
	}
	return before, lost
}

// has reports whether article id is among a term's documents.
func (ix *Index) has(t *term, id uint32) bool {
	if t.arts != nil && t.arts[id/64]&(1<<(id%64)) != 0 {
		return true
	}
	_, ok := slices.BinarySearchFunc(t.post, newPosting(kindArticle, id, 0), byDoc)
	return ok
}

// add files what the worker w indexed, articles, into the index, noting
// the terms they are in.
func (ix *Index) add(w *worker, dirty map[string]bool) {
	at := 0
	for _, d := range w.docs {
		for ; at < d.end; at++ {
			e := w.entry(at)
			k := w.keys[e>>2]
			t := ix.terms[k]
			if t == nil {
				t = &term{}
				ix.terms[k] = t
			}
			p := d.doc | posting(e&3)
			i, _ := slices.BinarySearch(t.post, p)
			t.post = slices.Insert(t.post, i, p)
			dirty[k] = true
		}
	}
	for r, id := range w.rowOf {
		row := w.rows[r]
		for b, pair := range w.bitPair {
			if b/64 >= len(row) || row[b/64]&(1<<(b%64)) == 0 {
				continue
			}
			k := w.keys[pair]
			t := ix.terms[k]
			if t == nil {
				t = &term{}
				ix.terms[k] = t
			}
			if t.arts == nil {
				t.arts = make([]uint64, (len(ix.cat.articles)+63)/64)
			}
			t.arts[id/64] |= 1 << (id % 64)
			dirty[k] = true
		}
	}
	for i, ctx := range w.ctx {
		for _, c := range ctx {
			t := ix.terms[w.keys[i]]
			t.ctx = offerContext(t.ctx, c)
		}
	}
}

// refill gives a term whose contexts an update took one of as many as a
// new index would: the best articles, among those offering it one, that
// it has not.
func (ix *Index) refill(k string, t *term) {
	if len(t.ctx) >= contexts {
		return
	}
	var cands []posting
	for _, id := range ix.offeredBy[k] {
		doc := newPosting(kindArticle, id, 0)
		if slices.IndexFunc(t.ctx, func(c context) bool { return c.p.doc() == doc }) >= 0 {
			continue
		}
		if i, ok := slices.BinarySearchFunc(t.post, doc, byDoc); ok {
			cands = append(cands, t.post[i])
		} else if t.arts != nil && t.arts[id/64]&(1<<(id%64)) != 0 {
			cands = append(cands, doc)
		}
	}
	slices.SortFunc(cands, func(a, b posting) int { return cmp.Compare(b.rank(), a.rank()) })
	for _, p := range cands {
		if len(t.ctx) >= contexts {
			break
		}
		t.ctx = offerContext(t.ctx, context{p, contextOf(ix.indexed[p.id()], k)})
	}
}

// contextOf returns an article's context for the word k, as the worker
// that indexed it made it.
func contextOf(a articleText, k string) string {
	text := a.text
	var tok tokenizer
	s := ""
	tok.each(text, func(term []byte, start, end int, _ bool) {
		if s == "" && string(term) == k {
			s = snippet(text, start, end)
		}
	})
	if s == "" {
		return a.fallback
	}
	return s
}

// sourceValue returns the number of the source among an article's
// values, -1 if it has none.
func sourceValue(vs []value) int {
	for _, v := range vs {
		if v.facet() == facetSource {
			return int(v.id())
		}
	}
	return -1
}
