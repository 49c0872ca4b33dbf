package dossier

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// MaxMentioned and MaxRelated bound the lists of co-mentioned entities and
// related articles a page shows.
const (
	MaxMentioned = 10
	MaxRelated   = 5
)

// countMentions fills each entity's Mentioned: the entities named in the
// same articles, by how many articles name both.
//
// Entities are numbered, and for each entity the articles naming it are
// walked, counting the others they name in one array shared by all
// entities (and cleared of what it counted after each): no map of pairs,
// which for one article of n tags holds n² entries. The ten best are kept
// in a bounded heap rather than by sorting every entity named with it.
// The work is the sum over articles of their tag count squared, which the
// limit on tags per article (content.MaxTags) keeps proportional to the
// number of articles.
func countMentions(articles []*Article) {
	ids := map[*Entity]int32{}
	var ents []*Entity
	arts := make([][]int32, len(articles)) // each article's entities, by number
	var of [][]int32                       // each entity's articles, by index
	for i, a := range articles {
		for _, es := range a.Entities {
			for _, e := range es {
				id, ok := ids[e]
				if !ok {
					id = int32(len(ents))
					ids[e] = id
					ents = append(ents, e)
					of = append(of, nil)
				}
				arts[i] = append(arts[i], id)
				of[id] = append(of[id], int32(i))
			}
		}
	}
	lower := make([]string, len(ents)) // names as byName compares them
	for i, e := range ents {
		lower[i] = strings.ToLower(e.Name)
	}
	better := func(a, b Mention, ai, bi int32) bool {
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		if c := cmp.Compare(lower[ai], lower[bi]); c != 0 {
			return c < 0
		}
		return a.Entity.Slug < b.Entity.Slug
	}
	count := make([]int32, len(ents))
	var touched []int32
	top := &mentionHeap{better: better}
	for id, e := range ents {
		touched = touched[:0]
		for _, ai := range of[id] {
			for _, o := range arts[ai] {
				if o == int32(id) {
					continue
				}
				if count[o] == 0 {
					touched = append(touched, o)
				}
				count[o]++
			}
		}
		top.reset()
		for _, o := range touched {
			top.offer(Mention{Entity: ents[o], Count: int(count[o])}, o, MaxMentioned)
			count[o] = 0
		}
		e.Mentioned = top.sorted()
	}
}

// mentionHeap keeps the best few mentions offered: a heap whose root is
// the worst of them, to be replaced by a better one.
type mentionHeap struct {
	items  []Mention
	ids    []int32
	better func(a, b Mention, ai, bi int32) bool
}

func (h *mentionHeap) reset() { h.items, h.ids = h.items[:0], h.ids[:0] }

// worse reports whether item i is worse than item j.
func (h *mentionHeap) worse(i, j int) bool {
	return h.better(h.items[j], h.items[i], h.ids[j], h.ids[i])
}

func (h *mentionHeap) swap(i, j int) {
	h.items[i], h.items[j] = h.items[j], h.items[i]
	h.ids[i], h.ids[j] = h.ids[j], h.ids[i]
}

// offer adds m (entity number id) if the heap holds fewer than k or m is
// better than its worst.
func (h *mentionHeap) offer(m Mention, id int32, k int) {
	if len(h.items) < k {
		h.items, h.ids = append(h.items, m), append(h.ids, id)
		for i := len(h.items) - 1; i > 0; {
			p := (i - 1) / 2
			if !h.worse(i, p) {
				break
			}
			h.swap(i, p)
			i = p
		}
		return
	}
	if !h.better(m, h.items[0], id, h.ids[0]) {
		return
	}
	h.items[0], h.ids[0] = m, id
	for i := 0; ; {
		w, l, r := i, 2*i+1, 2*i+2
		if l < len(h.items) && h.worse(l, w) {
			w = l
		}
		if r < len(h.items) && h.worse(r, w) {
			w = r
		}
		if w == i {
			return
		}
		h.swap(i, w)
		i = w
	}
}

// sorted returns the mentions kept, best first, in a new slice (nil when
// there are none).
func (h *mentionHeap) sorted() []Mention {
	if len(h.items) == 0 {
		return nil
	}
	idx := make([]int, len(h.items))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if h.better(h.items[a], h.items[b], h.ids[a], h.ids[b]) {
			return -1
		}
		return 1
	})
	out := make([]Mention, len(idx))
	for i, k := range idx {
		out[i] = h.items[k]
	}
	return out
}

// window is how many articles on each side of an article, in an entity's
// date-ordered list, are considered as related to it. Looking only near in
// time keeps the work linear: an entity named by a third of a large dossier
// would otherwise make every pair of its articles a candidate.
const window = 12

// relate fills each article's Related. A candidate's score sums, over the
// entities it shares, a weight that falls with how common the entity is:
// sharing a rarely named executive says more than sharing the company every
// article is about. Ties go to the article nearer in time, then by slug.
//
// Articles are related independently of each other, on as many goroutines
// as there are processors. Entities and articles are numbered first, and
// each entity's articles listed by number, so that the inner loops index
// slices instead of maps.
func relate(articles []*Article) {
	r := relater{articles: articles, ents: make([][]int32, len(articles))}
	ids := map[*Entity]int32{}
	for i, a := range articles {
		for _, es := range a.Entities {
			for _, e := range es {
				id, ok := ids[e]
				if !ok {
					id = int32(len(r.entities))
					ids[e] = id
					r.entities = append(r.entities, e)
					r.weight = append(r.weight, 1/math.Log2(2+float64(len(e.Articles))))
					r.lists = append(r.lists, make([]int32, 0, len(e.Articles)))
				}
				r.ents[i] = append(r.ents[i], id)
				// articles is in the order of e.Articles, so each list is too.
				r.lists[id] = append(r.lists[id], int32(i))
			}
		}
	}
	parallel(len(articles), func(lo, hi int) {
		w := r.worker()
		for i := lo; i < hi; i++ {
			w.relate(i)
		}
	})
}

// relater holds what relate computes once for all articles.
type relater struct {
	articles []*Article
	entities []*Entity // by entity ID
	weight   []float64 // by entity ID
	lists    [][]int32 // by entity ID: its articles' indices, ascending
	ents     [][]int32 // each article's entity IDs, in AllEntities order
}

// relateWorker is one goroutine's scratch space: marks are stamped with the
// article being related rather than cleared after each.
type relateWorker struct {
	*relater
	seen   []int32 // by article index: 1 + the article whose candidate it was
	shares []int32 // by entity ID: 1 + the article that has the entity
	cands  []relCand
}

type relCand struct {
	i     int32
	score float64
}

func (r *relater) worker() *relateWorker {
	return &relateWorker{relater: r, seen: make([]int32, len(r.articles)), shares: make([]int32, len(r.weight))}
}

func (w *relateWorker) relate(ai int) {
	a := w.articles[ai]
	stamp := int32(ai + 1)
	w.seen[ai] = stamp
	for _, id := range w.ents[ai] {
		w.shares[id] = stamp
	}
	w.cands = w.cands[:0]
	for _, id := range w.ents[ai] {
		list := w.lists[id]
		i, _ := slices.BinarySearch(list, int32(ai))
		for _, bi := range list[max(0, i-window):min(len(list), i+window+1)] {
			if w.seen[bi] == stamp {
				continue
			}
			w.seen[bi] = stamp
			score := 0.0
			for _, id := range w.ents[bi] {
				if w.shares[id] == stamp {
					score += w.weight[id]
				}
			}
			w.cands = append(w.cands, relCand{i: bi, score: score})
		}
	}
	better := func(x, y relCand) int {
		xa, ya := w.articles[x.i], w.articles[y.i]
		return cmp.Or(
			cmp.Compare(y.score, x.score),
			cmp.Compare(abs(xa.day-a.day), abs(ya.day-a.day)),
			cmp.Compare(xa.Slug, ya.Slug),
		)
	}
	// The best few, in order: a partial selection, since the order is
	// total (slugs are unique) a full sort would give the same.
	top := make([]relCand, 0, MaxRelated)
	for _, c := range w.cands {
		if len(top) == MaxRelated && better(c, top[len(top)-1]) >= 0 {
			continue
		}
		at, _ := slices.BinarySearchFunc(top, c, better)
		if len(top) < MaxRelated {
			top = append(top, relCand{})
		}
		copy(top[at+1:], top[at:len(top)-1])
		top[at] = c
	}
	// One array holds every related article's shared entities.
	n := 0
	for _, c := range top {
		for _, id := range w.ents[c.i] {
			if w.shares[id] == stamp {
				n++
			}
		}
	}
	all := make([]*Entity, 0, n)
	a.Related = make([]Related, 0, len(top))
	for _, c := range top {
		start := len(all)
		for _, id := range w.ents[c.i] {
			if w.shares[id] == stamp {
				all = append(all, w.entities[id])
			}
		}
		a.Related = append(a.Related, Related{Article: w.articles[c.i], Shared: all[start:len(all):len(all)]})
	}
	if len(a.Related) == 0 {
		a.Related = nil
	}
}

// parallel calls f on consecutive ranges of [0, n) on as many goroutines as
// there are processors, and returns when all are done.
func parallel(n int, f func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), max(n/64, 1))
	var wg sync.WaitGroup
	for k := range workers {
		wg.Go(func() { f(n*k/workers, n*(k+1)/workers) })
	}
	wg.Wait()
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
