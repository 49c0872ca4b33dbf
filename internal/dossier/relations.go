package dossier

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
)

// MaxMentioned and MaxRelated bound the lists of co-mentioned entities and
// related articles a page shows.
const (
	MaxMentioned = 10
	MaxRelated   = 5
)

// countMentions fills each entity's Mentioned: the entities named in the
// same articles, by how many articles name both. The work is the sum over
// articles of their tag count squared, so it stays linear in the number of
// articles.
func countMentions(articles []*Article) {
	counts := map[*Entity]map[*Entity]int{}
	for _, a := range articles {
		all := a.AllEntities()
		for _, e := range all {
			m := counts[e]
			if m == nil {
				m = map[*Entity]int{}
				counts[e] = m
			}
			for _, o := range all {
				if o != e {
					m[o]++
				}
			}
		}
	}
	for e, m := range counts {
		list := make([]Mention, 0, len(m))
		for o, n := range m {
			list = append(list, Mention{Entity: o, Count: n})
		}
		slices.SortFunc(list, func(a, b Mention) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), byName(a.Entity, b.Entity))
		})
		e.Mentioned = list[:min(len(list), MaxMentioned)]
	}
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
