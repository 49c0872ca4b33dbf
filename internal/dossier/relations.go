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
// as there are processors. Entities and articles are numbered first so that
// the inner loops index slices instead of maps.
func relate(articles []*Article) {
	r := relater{articles: articles, entityID: map[*Entity]int32{}}
	r.pos = make(map[*Article]int, len(articles))
	for i, a := range articles {
		r.pos[a] = i
	}
	r.ents = make([][]int32, len(articles))
	for i, a := range articles {
		for _, es := range a.Entities {
			for _, e := range es {
				id, ok := r.entityID[e]
				if !ok {
					id = int32(len(r.weight))
					r.entityID[e] = id
					r.weight = append(r.weight, 1/math.Log2(2+float64(len(e.Articles))))
				}
				r.ents[i] = append(r.ents[i], id)
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
	pos      map[*Article]int // index in articles
	entityID map[*Entity]int32
	weight   []float64 // by entity ID
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
	i     int
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
	for _, es := range a.Entities {
		for _, e := range es {
			list := e.Articles
			// list is newest first like articles, so its order follows
			// pos; find a in it by binary search on that.
			i, _ := slices.BinarySearchFunc(list, ai, func(x *Article, p int) int { return cmp.Compare(w.pos[x], p) })
			for j := max(0, i-window); j < min(len(list), i+window+1); j++ {
				bi := w.pos[list[j]]
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
	a.Related = nil
	for _, c := range top {
		b := w.articles[c.i]
		var shared []*Entity
		for _, es := range b.Entities {
			for _, e := range es {
				if w.shares[w.entityID[e]] == stamp {
					shared = append(shared, e)
				}
			}
		}
		a.Related = append(a.Related, Related{Article: b, Shared: shared})
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
