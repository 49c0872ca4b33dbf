package dossier

import (
	"cmp"
	"math"
	"slices"
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
func relate(articles []*Article) {
	pos := make(map[*Article]int, len(articles))
	for i, a := range articles {
		pos[a] = i
	}
	for _, a := range articles {
		type cand struct {
			a     *Article
			score float64
		}
		var cands []cand
		seen := map[*Article]bool{a: true}
		all := a.AllEntities()
		for _, e := range all {
			list := e.Articles
			// list is newest first like articles, so its order follows
			// pos; find a in it by binary search on that.
			i, _ := slices.BinarySearchFunc(list, pos[a], func(x *Article, p int) int { return cmp.Compare(pos[x], p) })
			for j := max(0, i-window); j < min(len(list), i+window+1); j++ {
				b := list[j]
				if seen[b] {
					continue
				}
				seen[b] = true
				cands = append(cands, cand{a: b})
			}
		}
		for i := range cands {
			for _, e := range cands[i].a.AllEntities() {
				if slices.Contains(all, e) {
					cands[i].score += 1 / math.Log2(2+float64(len(e.Articles)))
				}
			}
		}
		slices.SortFunc(cands, func(x, y cand) int {
			return cmp.Or(
				cmp.Compare(y.score, x.score),
				cmp.Compare(abs(x.a.day-a.day), abs(y.a.day-a.day)),
				cmp.Compare(x.a.Slug, y.a.Slug),
			)
		})
		a.Related = nil
		for _, c := range cands[:min(len(cands), MaxRelated)] {
			var shared []*Entity
			for _, e := range c.a.AllEntities() {
				if slices.Contains(all, e) {
					shared = append(shared, e)
				}
			}
			a.Related = append(a.Related, Related{Article: c.a, Shared: shared})
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
