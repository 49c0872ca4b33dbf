package dossier

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestMentionedTopTen checks "often named with", counted from each
// entity's articles and kept in a bounded heap, against the plain way: a
// map of every pair, sorted whole, cut to MaxMentioned. Many entities share
// counts, so ties are decided by name.
func TestMentionedTopTen(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	files := map[string]string{}
	for i := range 200 {
		var names []string
		for range 2 + rng.IntN(12) {
			names = append(names, fmt.Sprintf("Co %02d", rng.IntN(40)))
		}
		files[fmt.Sprintf("articles/a%03d.md", i)] = article(fmt.Sprintf("A%d", i), "2015", "companies: ["+strings.Join(names, ", ")+"]\n")
	}
	d, _ := build(t, files)
	// The plain way.
	want := map[*Entity][]Mention{}
	counts := map[*Entity]map[*Entity]int{}
	for _, a := range d.Articles {
		for _, e := range a.AllEntities() {
			if counts[e] == nil {
				counts[e] = map[*Entity]int{}
			}
			for _, o := range a.AllEntities() {
				if o != e {
					counts[e][o]++
				}
			}
		}
	}
	for e, m := range counts {
		var list []Mention
		for o, n := range m {
			list = append(list, Mention{Entity: o, Count: n})
		}
		slices.SortFunc(list, func(a, b Mention) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), byName(a.Entity, b.Entity))
		})
		want[e] = list[:min(len(list), MaxMentioned)]
	}
	if len(want) < 30 {
		t.Fatalf("only %d entities", len(want))
	}
	for e, w := range want {
		if got := e.Mentioned; !slices.Equal(got, w) {
			t.Errorf("%s is named most often with %v; want %v", e.Name, mentionNames(got), mentionNames(w))
		}
	}

}

func mentionNames(ms []Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, fmt.Sprintf("%s %d", m.Entity.Name, m.Count))
	}
	return out
}
