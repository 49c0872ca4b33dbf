package markdown

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
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

// TestNodesReused renders a generated corpus on one goroutine, then again
// on four, in another order, with the mention nodes of each text taken
// from nodes the texts before it used: every text must come out the same,
// and a slab reset must leave nothing of the text before it.
func TestNodesReused(t *testing.T) {
	docs := corpusDocs(t, 300, 7, true)
	r := New()
	want := make([]Result, len(docs))
	for i, d := range docs {
		res, err := r.Render(d.src, d.opts)
		if err != nil {
			t.Fatalf("%s: %v", d.file, err)
		}
		want[i] = res
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := len(docs) - 1 - g; i >= 0; i -= 4 {
				got, err := r.Render(docs[i].src, docs[i].opts)
				if err != nil {
					t.Errorf("%s: %v", docs[i].file, err)
					continue
				}
				if !reflect.DeepEqual(got, want[i]) {
					t.Errorf("%s: rendered again with used nodes:\n%s\nwant:\n%s", docs[i].file, got.HTML, want[i].HTML)
				}
			}
		})
	}
	wg.Wait()

	var s nodeSlab
	for i := range 3*slabSize*slabKept + 5 {
		n, m := s.newText(text.NewSegment(i, i+1)), s.newMention("/x/")
		m.AppendChild(m, n)
		n.AppendChild(n, ast.NewText())
	}
	s.reset()
	if len(s.texts.arrays) != slabKept || len(s.links.arrays) != slabKept {
		t.Errorf("a reset slab keeps %d and %d arrays, want %d", len(s.texts.arrays), len(s.links.arrays), slabKept)
	}
	for i := range 2 * slabSize {
		if n, m := s.newText(text.NewSegment(0, 0)), s.newMention(""); n.FirstChild() != nil || n.Parent() != nil || m.href != "" || m.FirstChild() != nil {
			t.Fatalf("node %d given out again still holds what its last text put in it", i)
		}
	}
}
