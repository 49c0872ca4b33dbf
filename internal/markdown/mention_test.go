package markdown

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/yuin/goldmark/util"
)

// nextByteByByte is nameMatcher.next without skimming: every byte looked
// at, as it was written first.
func nextByteByByte(nm *nameMatcher, s []byte, from int, skip []bool) (start, end, entity int, ok bool) {
	for i := from; i < len(s); i++ {
		k := nm.first[s[i]]
		if k == 0 || !wordBoundaryBefore(s, i) {
			continue
		}
		for _, c := range nm.lists[k-1] {
			j := i + len(c.name)
			if j <= len(s) && string(s[i:j]) == c.name && wordBoundaryAfter(s, j) && !skip[c.entity] {
				return i, j, c.entity, true
			}
		}
	}
	return 0, 0, 0, false
}

// checkNext compares every match next finds in s with the byte-by-byte
// search's, skipping each entity once found as the mentioner does.
func checkNext(t *testing.T, names [][]string, s string) {
	t.Helper()
	var ms []Mention
	for _, n := range names {
		ms = append(ms, Mention{Names: n})
	}
	nm := newNameMatcher(ms)
	skip := make([]bool, len(ms))
	for i := 0; ; {
		s1, e1, ent1, ok1 := nm.next([]byte(s), i, skip)
		s2, e2, ent2, ok2 := nextByteByByte(nm, []byte(s), i, skip)
		if s1 != s2 || e1 != e2 || ent1 != ent2 || ok1 != ok2 {
			t.Fatalf("next(%q, %d) with names %q = %d, %d, %d, %v; byte by byte %d, %d, %d, %v",
				s, i, names, s1, e1, ent1, ok1, s2, e2, ent2, ok2)
		}
		if !ok1 {
			return
		}
		skip[ent1] = true
		i = e1
	}
}

func TestNameMatcher(t *testing.T) {
	tests := []struct {
		names [][]string
		text  string
	}{
		{[][]string{{"Xiaomi"}, {"US", "United States"}}, "Xiaomi and the US, not us or USA; the United States."},
		{[][]string{{"Acme"}}, "a long stretch of lowercase words before Acme, at the end: Acme"},
		{[][]string{{"Acme"}}, "twelve bytes Acme" + strings.Repeat(" and more", 9) + "Acme Acme"},
		{[][]string{{"Élan"}, {"Zed"}}, "the Élan of Zed, Zed’s and Élan’s"},
		{[][]string{{"3M"}, {"~x"}}, "3M and 33M and ~x ~xy"},
		{[][]string{{"eBay"}, {"Apple"}}, "eBay, Apple and ebay"},
		{[][]string{{"a"}, {"z"}}, "a z az za"},
		{[][]string{{"Ab"}}, "“Ab” ’Ab café Ab"},
	}
	for _, tt := range tests {
		checkNext(t, tt.names, tt.text)
	}
	rng := rand.New(rand.NewPCG(8, 9))
	words := []string{"Acme", "Acme Mobile", "US", "us", "Élan", "the", "a", "’", "Zed", "—", "x"}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(words[rng.IntN(len(words))])
			b.WriteString([]string{" ", "", ", ", "’s "}[rng.IntN(4)])
		}
		checkNext(t, [][]string{{"Acme", "Acme Mobile"}, {"US"}, {"Élan"}, {"Zed"}}, b.String())
		checkNext(t, [][]string{{"Acme"}, {"US"}}, b.String())
	}
}

// FuzzNameMatcher compares next with the byte-by-byte search on any text
// and names ("|" between them).
func FuzzNameMatcher(f *testing.F) {
	f.Add("Acme|US|Élan", "Xiaomi and the US, not us; Acme’s Élan")
	f.Fuzz(func(t *testing.T, names, text string) {
		var ns [][]string
		for _, n := range strings.Split(names, "|") {
			ns = append(ns, []string{n})
		}
		checkNext(t, ns, text)
	})
}

func checkMentionHref(t *testing.T, url string) {
	t.Helper()
	want := string(util.EscapeHTML(util.URLEscape([]byte(url), true)))
	if got := mentionHref(url); got != want {
		t.Fatalf("mentionHref(%q) = %q; goldmark escapes it %q", url, got, want)
	}
}

func TestMentionHref(t *testing.T) {
	for _, url := range []string{
		"", "/companies/acme-mobile/", "../../markets/us/index.html", "https://example.com/a?b=c#d",
		"/a b/", "/a&b", "/a&amp;b", "/caf%C3%A9/", "/café/", "/a\"b", "/a<b>", "/a\\_b", "/a%zz", "/~x/!$'()*+,;=:@",
	} {
		checkMentionHref(t, url)
	}
}

// FuzzMentionHref compares mentionHref with goldmark's escaping of any URL.
func FuzzMentionHref(f *testing.F) {
	f.Add("/companies/acme-mobile/")
	f.Add("/a&amp;b c")
	f.Fuzz(checkMentionHref)
}
