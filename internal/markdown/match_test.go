package markdown

import (
	"fmt"
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
			"quote matches 20 passages, at lines " + strings.TrimSuffix(strings.Repeat("1, ", 19), ", ") + " and 1; add a prefix or suffix to choose one"},
		{"more than sixteen, suffix chooses", many + "Other words.", "Same words", "", ". Other", false, "Same words"},
		{"not found", "Xiaomi held a 13.1 percent share of China's market.", "a 13.2 percent share of Chinas market", "", "", false,
			`quote not found; closest passage: "a 13.1 percent share of China's market"`},
		{"not across blocks", "The end.\n\nThe start.", "end. The", "", "", false, `quote not found; closest passage: "end. … The"`},
		{"the separator", "One.\n\nTwo.", "\x1e", "", "", false, "quote not found, nor anything like it"},
		{"empty", "One.", " \t", "", "", false, "quote is empty"},
	}
	r := New()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := []byte(tt.src)
			doc := r.md.Parser().Parse(text.NewReader(src))
			var sc scratch
			sc.text.reset(doc, src)
			fast, ok := sc.anchorFast(tt.quote, tt.prefix, tt.suffix, src)
			if ok != tt.fast {
				t.Errorf("anchorFast(%q) anchored: %v; want %v", tt.quote, ok, tt.fast)
			}
			blocks, _ := textBlocks(doc, src, nil)
			var sd searchDoc
			sd.reset(blocks)
			st := &renderState{source: src, line: 1}
			at, err := anchorQuote(&sd, tt.quote, tt.prefix, tt.suffix, st.lineOf)
			got := fmt.Sprint(err)
			var slow passage
			if err == nil {
				slow = newPassage(at.block.block, slices.Index(sd.blocks, at.block), at.block.runs, at.first, at.last)
				got = slow.text
			}
			if got != tt.passage {
				t.Errorf("anchorQuote(%q) = %q; want %q", tt.quote, got, tt.passage)
			}
			if ok && fast != slow {
				t.Errorf("anchorFast(%q) = %+v; anchorQuote finds %+v", tt.quote, fast, slow)
			}
		})
	}
}
