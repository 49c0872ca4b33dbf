package markdown

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
)

// TestAnchorFast checks the two ways a quote is anchored: in the folded
// text alone (scratch.anchorFast), for a quote found once, or once with the
// given prefix and suffix; and by searchDoc (anchorQuote), for every other
// quote, which it says why it cannot anchor. Where the first anchors, it
// must find the passage the second finds.
func TestAnchorFast(t *testing.T) {
	many := strings.Repeat("Same words. ", 20)
	tests := []struct {
		name                  string
		src                   string
		quote, prefix, suffix string
		fast                  bool   // anchored by anchorFast
		passage               string // or the error, when anchorQuote fails
	}{
		{"plain", "Xiaomi held a 13.1 percent share.", "13.1 percent share", "", "", true, "13.1 percent share"},
		{"emphasis and link", "It is the *country's* second [largest vendor](https://example.com) behind.",
			"the country's second largest vendor", "", "", true, "the country's second largest vendor"},
		{"code", "Run `dossier build` now.", "Run dossier build now", "", "", true, "Run dossier build now"},
		{"code keeps escapes", "A `\\*raw&amp;` span.", "\\*raw&amp;", "", "", true, "\\*raw&amp;"},
		{"entities and escapes", "AT&amp;T and \\*stars\\* &#8212; here.", "AT&T and *stars* — here", "", "", true, "AT&T and *stars* — here"},
		{"typographic quotes", "He said “it’s a tease”.", `"it's a tease"`, "", "", true, "“it’s a tease”"},
		{"straight for typographic", `He said "it's a tease".`, "“it’s a tease”", "", "", true, `"it's a tease"`},
		{"dashes", "the site -- which went – will", "site — which went - will", "", "", true, "site -- which went – will"},
		{"ending with a folded dash", "the site -- which", "the site -", "", "", true, "the site --"},
		{"three hyphens", "a---b", "a-b", "", "", true, "a---b"},
		{"soft line break", "A first line\nand a second.", "line and a", "", "", true, "line and a"},
		{"hard line break", "A first line  \nand a second.", "line and", "", "", true, "line and"},
		{"white space folded", "one   two\tthree", "one two three", "", "", true, "one two three"},
		{"footnote mark skipped", "a store[^d], but\n\n[^d]: A note.", "store, but", "", "", true, "store, but"},
		{"raw HTML skipped", "a <b>bold</b> word", "a bold word", "", "", true, "a bold word"},
		{"in a table cell", "| a | b |\n|---|---|\n| cell one | cell two |", "cell two", "", "", true, "cell two"},
		{"repeated, prefix chooses", "We want to hear.\n\nThen: we want to hear.", "want to hear", "Then: we ", "", true, "want to hear"},
		{"repeated, suffix chooses", "We want to hear.\n\nWe want to hear again.", "We want to hear", "", " again", true, "We want to hear"},
		{"prefix across blocks", "One.\n\nTwo three.\n\nTwo.", "Two", "One.", "", true, "Two"},
		{"repeated, the second at the end", "Two.\n\nTwo", "Two", "", "", false, "quote matches 2 passages, at lines 1 and 3; add a prefix or suffix to choose one"},
		{"repeated", "We want to hear.\n\nWe want to hear.", "want to hear", "", "", false,
			"quote matches 2 passages, at lines 1 and 3; add a prefix or suffix to choose one"},
		{"overlapping repeats", "aaaa", "aaa", "", "", false, "quote matches 2 passages, at lines 1 and 1; add a prefix or suffix to choose one"},
		{"no prefix matches", "We want.\n\nWe want.", "want", "They ", "", false, "quote found at lines 1 and 3, but none with the given prefix and suffix"},
		{"more than sixteen", many + "Other words.", "Same words", "", "", false,
			"quote matches 20 passages, at lines " + strings.TrimSuffix(strings.Repeat("1, ", 10), ", ") + " and 10 more; add a prefix or suffix to choose one"},
		{"more than sixteen, suffix chooses", many + "Other words.", "Same words", "", ". Other", false, "Same words"},
		{"not found", "Xiaomi held a 13.1 percent share of China's market.", "a 13.2 percent share of Chinas market", "", "", false,
			`quote not found; closest passage: "a 13.1 percent share of China's market"`},
		{"not across blocks", "The end.\n\nThe start.", "end. The", "", "", false, `quote not found; closest passage: "end. … The"`},
		{"the separator", "One.\n\nTwo.", "\x1e", "", "", false, "quote not found, nor anything like it"},
		{"empty", "One.", " \t", "", "", false, "quote is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, got := anchorBoth(t, []byte(tt.src), tt.quote, tt.prefix, tt.suffix)
			if ok != tt.fast {
				t.Errorf("anchorFast(%q) anchored: %v; want %v", tt.quote, ok, tt.fast)
			}
			if got != tt.passage {
				t.Errorf("anchorQuote(%q) = %q; want %q", tt.quote, got, tt.passage)
			}
		})
	}
}

var anchorRenderer = New()

// anchorBoth anchors a quote in src both ways, and fails unless
// anchorFast, where it anchors, finds the passage anchorQuote finds. It
// returns whether anchorFast anchored, and anchorQuote's passage or
// error.
func anchorBoth(t *testing.T, src []byte, quote, prefix, suffix string) (fastOK bool, got string) {
	t.Helper()
	doc := anchorRenderer.md.Parser().Parse(text.NewReader(src))
	var sc scratch
	sc.text.reset(doc, src)
	fast, ok := sc.anchorFast(quote, prefix, suffix, src)
	blocks, _ := textBlocks(doc, src, nil)
	var sd searchDoc
	sd.reset(blocks)
	st := &renderState{source: src, line: 1}
	at, err := anchorQuote(&sd, quote, prefix, suffix, st.lineOf)
	if err != nil {
		if ok {
			t.Fatalf("anchorFast(%q, %q, %q) in %q = %+v; anchorQuote: %v", quote, prefix, suffix, src, fast, err)
		}
		return false, err.Error()
	}
	slow := newPassage(at.block.block, slices.Index(sd.blocks, at.block), at.block.runs, at.first, at.last)
	if ok && fast != slow {
		t.Fatalf("anchorFast(%q, %q, %q) in %q = %+v; anchorQuote finds %+v", quote, prefix, suffix, src, fast, slow)
	}
	return ok, slow.text
}

// TestAnchorFastGenerated compares the two ways of anchoring on generated
// documents and a generated corpus, with quotes drawn from their text:
// found once or more, with a prefix or suffix or not, in typographic
// quotes, or slightly wrong.
func TestAnchorFastGenerated(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	fast := 0
	n := 3000
	if testing.Short() {
		n = 300
	}
	for range n {
		src, plain := generateMarkdown(rng)
		for _, a := range drawAnnotations(rng, plain, 3) {
			if ok, _ := anchorBoth(t, []byte(src), a.Quote, a.Prefix, a.Suffix); ok {
				fast++
			}
		}
	}
	for _, d := range corpusDocs(t, 100, 2, false) {
		for _, a := range drawAnnotations(rng, string(d.src), 6) {
			if ok, _ := anchorBoth(t, d.src, a.Quote, a.Prefix, a.Suffix); ok {
				fast++
			}
		}
	}
	if fast < n/2 {
		t.Errorf("only %d quotes anchored by anchorFast: the test draws too few that are found", fast)
	}
}

// FuzzAnchorFast compares the two ways of anchoring on any text and quote.
func FuzzAnchorFast(f *testing.F) {
	f.Add("We want to hear.\n\nThen: we want to hear.", "want to hear", "Then: we ", "")
	f.Add("the site -- which “went” online – will", "site — which \"went\"", "the ", "")
	f.Add("AT&amp;T \\*x\\* &#65; `c\\*`", "AT&T *x* A c", "", "")
	rng := rand.New(rand.NewPCG(11, 12))
	for range 20 {
		src, plain := generateMarkdown(rng)
		for _, a := range drawAnnotations(rng, plain, 1) {
			f.Add(src, a.Quote, a.Prefix, a.Suffix)
		}
	}
	f.Fuzz(func(t *testing.T, src, quote, prefix, suffix string) {
		if len(src) > 1<<14 || len(quote) > 1<<10 {
			return
		}
		anchorBoth(t, []byte(src), quote, prefix, suffix)
	})
}
