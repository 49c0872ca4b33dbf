package diag

import (
	"cmp"
	"slices"
	"strings"
)

// Suggest returns the candidate closest to s when it is near enough to be a
// likely misspelling, or "". Case is ignored.
func Suggest(s string, candidates []string) string {
	ls := strings.ToLower(s)
	best, bestDist := "", 0
	for _, c := range candidates {
		limit := max(1, min(3, len([]rune(c))/4))
		d := editDistance(ls, strings.ToLower(c))
		if d == 0 || d > limit {
			continue
		}
		if best == "" || d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	return best
}

// Closest returns up to n candidates nearest to s by edit distance,
// nearest first (ignoring case): those within a distance of a third of the
// longer's length, and those that contain s or that s contains. It suggests what an
// editor may have meant by a name that names nothing.
func Closest(s string, candidates []string, n int) []string {
	type near struct {
		c    string
		dist int
	}
	ls := strings.ToLower(s)
	var found []near
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == ls {
			continue
		}
		d := editDistance(ls, lc)
		sub := ls != "" && (strings.Contains(lc, ls) || strings.Contains(ls, lc) && len(lc) > 2)
		if sub || d <= max(len([]rune(ls)), len([]rune(lc)))/3 {
			found = append(found, near{c, d})
		}
	}
	slices.SortFunc(found, func(a, b near) int { return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(a.c, b.c)) })
	out := make([]string, 0, n)
	for _, f := range found {
		if len(out) == n {
			break
		}
		out = append(out, f.c)
	}
	return out
}

// editDistance is the Damerau–Levenshtein distance (with adjacent
// transpositions, the commonest typing slip) between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
