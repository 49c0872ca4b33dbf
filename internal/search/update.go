package search

import (
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
	dirty := map[string]bool{}
	for _, id := range ids {
		ix.remove(id, dirty)
	}
	for _, id := range ids {
		a := ix.cat.articles[id]
		w := newWorker()
		vs := ix.rows[kindArticle][id]
		ix.offered[id] = articleDoc(w, id, a, a.Text(), vs, len(ix.cat.articles))
		ix.recs[kindArticle][id] = ix.cat.articleRecord(a, vs)
		ix.add(w, dirty)
	}
	for k := range dirty {
		t := ix.terms[k]
		if t.count() == 0 {
			delete(ix.terms, k)
			delete(ix.entries, k)
			continue
		}
		ix.refill(k, t)
	}
	keys := make([]string, 0, len(dirty))
	for k := range dirty {
		if ix.terms[k] != nil {
			keys = append(keys, k)
		}
	}
	c := ix.newCounter()
	for _, k := range keys {
		ix.entries[k] = ix.entry(k, ix.terms[k], c)
	}
	if len(ix.terms) != len(ix.keys) || len(keys) > 0 {
		ix.keys = ix.keys[:0]
		for k := range ix.terms {
			ix.keys = append(ix.keys, k)
		}
		slices.Sort(ix.keys)
	}
	ix.layout(dirty, [][]uint32{kindArticle: ids})
	return true
}

func (ix *Index) sourceNumber(s string) int {
	if id, ok := ix.cat.sourceID[s]; ok {
		return int(id)
	}
	return -1
}

// remove takes article id out of every term, noting the terms it was in.
func (ix *Index) remove(id uint32, dirty map[string]bool) {
	doc := newPosting(kindArticle, id, 0)
	for k, t := range ix.terms {
		in := false
		if i, ok := slices.BinarySearchFunc(t.post, doc, func(p, d posting) int { return int(p.doc()>>2) - int(d>>2) }); ok {
			t.post = slices.Delete(t.post, i, i+1)
			in = true
		}
		if t.arts != nil && t.arts[id/64]&(1<<(id%64)) != 0 {
			t.arts[id/64] &^= 1 << (id % 64)
			in = true
		}
		if j := slices.IndexFunc(t.ctx, func(c context) bool { return c.p.doc() == doc }); j >= 0 {
			t.ctx = slices.Delete(t.ctx, j, j+1)
			in = true
		}
		if in {
			dirty[k] = true
		}
	}
}

// add files what the worker w indexed, one article, into the index.
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
	if len(t.ctx) >= contexts || t.count() <= len(t.ctx) {
		return
	}
	var cands []posting
	for _, p := range t.post {
		if p.kind() != kindArticle {
			break
		}
		if slices.IndexFunc(t.ctx, func(c context) bool { return c.p.doc() == p.doc() }) < 0 && slices.Contains(ix.offered[p.id()], k) {
			cands = append(cands, p)
		}
	}
	slices.SortFunc(cands, func(a, b posting) int { return int(b.rank()) - int(a.rank()) })
	for _, p := range cands {
		if len(t.ctx) >= contexts {
			break
		}
		a := ix.cat.articles[p.id()]
		t.ctx = offerContext(t.ctx, context{p, contextOf(a, k)})
	}
}

// contextOf returns an article's context for the word k, as the worker
// that indexed it made it.
func contextOf(a *dossier.Article, k string) string {
	text := a.Text()
	var tok tokenizer
	s := ""
	tok.each(text, func(term []byte, start, end int, _ bool) {
		if s == "" && string(term) == k {
			s = snippet(text, start, end)
		}
	})
	if s == "" {
		return fallbackContext(a)
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
