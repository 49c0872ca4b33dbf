package markdown

import (
	"strings"
	"testing"
)

// TestTextDirective checks the encoding of text directives against the
// text fragments spec (https://wicg.github.io/scroll-to-text-fragment/):
// the directive's syntax characters '-', '&' and ',' percent-encoded in
// its parts, and everything a URL fragment cannot hold as it is (spaces,
// quotes, non-ASCII characters as their UTF-8 bytes).
func TestTextDirective(t *testing.T) {
	tests := []struct {
		name                       string
		prefix, start, end, suffix string
		want                       string
	}{
		{"plain", "", "smartphone vendor", "", "", "text=smartphone%20vendor"},
		{"hyphen, comma, ampersand", "", "Asia & Europe, re-entered", "", "", "text=Asia%20%26%20Europe%2C%20re%2Dentered"},
		{"straight quotes and apostrophe", "", `"we're excited"`, "", "", "text=%22we%27re%20excited%22"},
		{"typographic quotes", "", "“we’re excited”", "", "", "text=%E2%80%9Cwe%E2%80%99re%20excited%E2%80%9D"},
		{"dashes", "", "phones — not yet – soon", "", "", "text=phones%20%E2%80%94%20not%20yet%20%E2%80%93%20soon"},
		{"non-ASCII letters", "", "Pékin 北京", "", "", "text=P%C3%A9kin%20%E5%8C%97%E4%BA%AC"},
		{"prefix and suffix", "launching", "the Mi Note", "", "in China", "text=launching-,the%20Mi%20Note,-in%20China"},
		{"start and end", "", "Xiaomi doubled its revenue", "in Beijing.", "", "text=Xiaomi%20doubled%20its%20revenue,in%20Beijing."},
		{"all four, with hyphens in them", "a well-known", "start-up", "sell-out", "co-founder", "text=a%20well%2Dknown-,start%2Dup,sell%2Dout,-co%2Dfounder"},
		{"percent and hash", "", "100% #1", "", "", "text=100%25%20%231"},
		{"colon and tilde", "", ":~: text", "", "", "text=:~:%20text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TextDirective(tt.prefix, tt.start, tt.end, tt.suffix)
			if got != tt.want {
				t.Errorf("TextDirective(%q, %q, %q, %q) = %s; want %s", tt.prefix, tt.start, tt.end, tt.suffix, got, tt.want)
			}
			// No part may leave a syntax character of the directive as
			// it is, except those the syntax puts between parts.
			for _, part := range []string{tt.prefix, tt.start, tt.end, tt.suffix} {
				if enc := EncodeFragmentText(part); strings.ContainsAny(enc, "-&, ") {
					t.Errorf("EncodeFragmentText(%q) = %s: holds - & , or a space", part, enc)
				}
			}
		})
	}
}

func TestWithTextFragment(t *testing.T) {
	tests := []struct{ url, want string }{
		{"https://example.com/a", "https://example.com/a#:~:text=x"},
		{"https://example.com/a#section", "https://example.com/a#section:~:text=x"},
	}
	for _, tt := range tests {
		if got := WithTextFragment(tt.url, "text=x"); got != tt.want {
			t.Errorf("WithTextFragment(%q) = %s; want %s", tt.url, got, tt.want)
		}
	}
}

// TestOriginalURL checks the links notes give to the passage in the
// original: the exact text alone when it is once in the article; the
// words around it when it repeats; first and last words for a long
// passage.
func TestOriginalURL(t *testing.T) {
	const src = "https://example.com/story"
	tests := []struct {
		name, text string
		ann        Annotation
		want       string
	}{
		{
			name: "once in the text",
			text: "Xiaomi is the country’s second largest vendor.",
			ann:  Annotation{Quote: "the country's second largest vendor"},
			want: src + "#:~:text=the%20country%E2%80%99s%20second%20largest%20vendor",
		},
		{
			name: "repeated: the words around it",
			text: "It sold the Mi Note in China. Then it sold the Mi Note in India too.",
			ann:  Annotation{Quote: "the Mi Note", Prefix: "Then it sold "},
			want: src + "#:~:text=Then%20it%20sold-,the%20Mi%20Note,-in%20India%20too.",
		},
		{
			name: "repeated at the start of its paragraph: no prefix",
			text: "Phones sell.\n\nPhones sell well in China.",
			ann:  Annotation{Quote: "Phones sell", Suffix: " well"},
			want: src + "#:~:text=Phones%20sell,-well%20in%20China.",
		},
		{
			name: "long: first and last words, and the words around",
			text: "As it said, Xiaomi doubled its revenue to $12 billion in 2014, selling 61 million phones across Asia & Europe, the company said on Thursday. More later.",
			ann:  Annotation{Quote: "Xiaomi doubled its revenue to $12 billion in 2014, selling 61 million phones across Asia & Europe, the company said on Thursday."},
			want: src + "#:~:text=As%20it%20said%2C-,Xiaomi%20doubled%20its%20revenue,company%20said%20on%20Thursday.,-More%20later.",
		},
		{
			name: "across emphasis and a line break",
			text: "The *Pékin-based*\nfirm is young.",
			ann:  Annotation{Quote: "Pékin-based firm"},
			want: src + "#:~:text=P%C3%A9kin%2Dbased%20firm",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.ann
			a.Original = src
			res := render(t, tt.text, Options{Annotations: []Annotation{a}})
			got := res.Anchored[0]
			if got.Err != nil {
				t.Fatal(got.Err)
			}
			if got.OriginalURL != tt.want {
				t.Errorf("OriginalURL = %s\nwant           %s", got.OriginalURL, tt.want)
			}
			if !strings.Contains(res.HTML, `<a href="`+strings.ReplaceAll(tt.want, "&", "&amp;")+`">In the original</a>`) {
				t.Errorf("the note does not link to it:\n%s", res.HTML)
			}
		})
	}
	// Without a source URL, no link.
	res := render(t, "Some text.", Options{Annotations: []Annotation{{Quote: "text"}}})
	if res.Anchored[0].OriginalURL != "" || strings.Contains(res.HTML, "In the original") {
		t.Errorf("an annotation without Original links to the original: %q\n%s", res.Anchored[0].OriginalURL, res.HTML)
	}
}
