package markdown

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// domText is what a browser's DOM gives as the text of the element the
// article's HTML is put in, once the notes, note references and speaker
// names are removed: parsed as a whole document by golang.org/x/net/html's tree
// builder, a different path from selectors' tokenizer.
func domText(t *testing.T, body string) string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(`<!doctype html><div id="root">` + body + `</div>`))
	if err != nil {
		t.Fatal(err)
	}
	var root *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		for _, a := range n.Attr {
			if a.Key == "id" && a.Val == "root" {
				root = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(doc)
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				if a.Key == "class" && (hasClass(a.Val, "note") || hasClass(a.Val, "note-ref") || hasClass(a.Val, "speaker-ref")) {
					return
				}
			}
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return b.String()
}

// TestSelectors checks each anchored passage's selector against the text
// a DOM holds: Exact is the text at [Start, End) counted in code points,
// Prefix and Suffix the up to 32 characters around it, and Exact is the
// passage readers see, white space aside.
func TestSelectors(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		anns  []Annotation
		exact []string
	}{
		{
			name:  "plain",
			src:   "Xiaomi held a 13.1 percent share of China's smartphone market.",
			anns:  []Annotation{{Quote: "13.1 percent share"}},
			exact: []string{"13.1 percent share"},
		},
		{
			name:  "across emphasis, a link and a line break, with entities",
			src:   "It is the *country's* second [largest\nvendor](https://example.com) &amp; behind Apple.",
			anns:  []Annotation{{Quote: "the country's second largest vendor & behind"}},
			exact: []string{"the country's second largest\nvendor & behind"},
		},
		{
			name:  "typographic quotes and dashes as written",
			src:   "He said: “We’re not — yet — selling phones.”",
			anns:  []Annotation{{Quote: `"We're not -- yet -- selling phones."`}},
			exact: []string{"“We’re not — yet — selling phones.”"},
		},
		{
			name:  "characters beyond the BMP before the passage, counted once",
			src:   "Fans 🎉🎉 cheered the 小米 Mi Note launch.",
			anns:  []Annotation{{Quote: "小米 Mi Note"}},
			exact: []string{"小米 Mi Note"},
		},
		{
			name:  "several paragraphs, notes between them",
			src:   "First paragraph with a note.\n\nSecond paragraph, also annotated.\n\nThird, plain.",
			anns:  []Annotation{{Quote: "with a note", Note: "One."}, {Quote: "also annotated", Note: "Two."}},
			exact: []string{"with a note", "also annotated"},
		},
		{
			name:  "overlapping passages",
			src:   "Xiaomi sold 61 million phones in 2014.",
			anns:  []Annotation{{Quote: "sold 61 million phones"}, {Quote: "61 million phones in 2014"}},
			exact: []string{"sold 61 million phones", "61 million phones in 2014"},
		},
		{
			name:  "ending inside emphasis, whose note follows the emphasis",
			src:   "It is the country's *second largest* vendor.",
			anns:  []Annotation{{Quote: "the country's second", Note: "A note."}},
			exact: []string{"the country's second"},
		},
		{
			name:  "one passage inside another, ending before it",
			src:   "Xiaomi sold 61 million phones in 2014, it said.",
			anns:  []Annotation{{Quote: "sold 61 million phones in 2014", Note: "Outer."}, {Quote: "61 million", Note: "Inner."}},
			exact: []string{"sold 61 million phones in 2014", "61 million"},
		},
		{
			name:  "a quote without a note: its speaker named after it",
			src:   "“We are ready,” he said. Then more.",
			anns:  []Annotation{{Quote: "“We are ready,”", Kind: "quote", Speaker: &Link{Text: "Hugo Barra", URL: "/executives/hugo-barra/"}}},
			exact: []string{"“We are ready,”"},
		},
		{
			name:  "in a list and a table",
			src:   "- one item\n- two items here\n\n| a | b |\n|---|---|\n| cell text | x |\n",
			anns:  []Annotation{{Quote: "two items"}, {Quote: "cell text"}},
			exact: []string{"two items", "cell text"},
		},
		{
			name:  "in code",
			src:   "Run `dossier build` now.",
			anns:  []Annotation{{Quote: "dossier build"}},
			exact: []string{"dossier build"},
		},
		{
			name:  "repeated, chosen by prefix",
			src:   "It sold the Mi Note in China. Then it sold the Mi Note in India.",
			anns:  []Annotation{{Quote: "the Mi Note", Prefix: "Then it sold "}},
			exact: []string{"the Mi Note"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := render(t, tt.src, Options{Annotations: tt.anns, Selectors: true})
			text := []rune(domText(t, res.HTML))
			for i, a := range res.Anchored {
				if a.Err != nil {
					t.Fatalf("annotation %d: %v", i, a.Err)
				}
				s := a.Selector
				if s.Exact != tt.exact[i] {
					t.Errorf("annotation %d: Exact = %q; want %q", i, s.Exact, tt.exact[i])
				}
				if s.Start < 0 || s.End > len(text) || s.Start > s.End {
					t.Fatalf("annotation %d: [%d, %d) outside the text of %d characters", i, s.Start, s.End, len(text))
				}
				if got := string(text[s.Start:s.End]); got != s.Exact {
					t.Errorf("annotation %d: the text at [%d, %d) is %q; Exact is %q", i, s.Start, s.End, got, s.Exact)
				}
				if want := string(text[max(0, s.Start-SelectorContext):s.Start]); s.Prefix != want {
					t.Errorf("annotation %d: Prefix = %q; want %q", i, s.Prefix, want)
				}
				if want := string(text[s.End:min(len(text), s.End+SelectorContext)]); s.Suffix != want {
					t.Errorf("annotation %d: Suffix = %q; want %q", i, s.Suffix, want)
				}
				if got := strings.Join(strings.Fields(s.Exact), " "); got != a.Passage {
					t.Errorf("annotation %d: Exact, white space folded, is %q; the passage is %q", i, got, a.Passage)
				}
			}
		})
	}
}

// TestSelectorsOff: without Options.Selectors, none are made.
func TestSelectorsOff(t *testing.T) {
	res := render(t, "Some text.", Options{Annotations: []Annotation{{Quote: "text"}}})
	if s := res.Anchored[0].Selector; s != (Selector{}) {
		t.Errorf("Selector = %+v without Options.Selectors", s)
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct{ html, want string }{
		{"<p>Counterpoint Research, <em>first quarter</em>.</p>\n", "Counterpoint Research, first quarter."},
		{"<p>A &amp; B &lt;c&gt; “d”</p>", "A & B <c> “d”"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := PlainText(tt.html); got != tt.want {
			t.Errorf("PlainText(%q) = %q; want %q", tt.html, got, tt.want)
		}
	}
}
