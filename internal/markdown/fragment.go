package markdown

import (
	"net/url"
	"strings"
)

// Links to a passage in the original article, by a text fragment
// (https://wicg.github.io/scroll-to-text-fragment/): a browser that
// follows source_url#:~:text=… scrolls to the first place the directive
// matches and highlights it. The directive is made from the passage's
// text as readers see it (anchoring's runs: white space as one space,
// characters as they are), which is what browsers match against, white
// space and case aside.
//
// Only the article's text is known here; the original page may hold more
// (a headline, captions, a sidebar), so a directive found once in the
// article's text may still match earlier on the page. Where the passage's
// text is in the article more than once, or the passage is long and given
// by its first and last words, the words around it are given too, which
// browsers then require.

const (
	// contextWords is how many words before and after a passage a
	// directive gives as its prefix and suffix.
	contextWords = 3
	// longPassage is the length, in characters, past which a passage of
	// at least 2×edgeWords words is given by its first and last words
	// (textStart,textEnd), which keeps links short.
	longPassage = 80
	edgeWords   = 4
)

// TextDirective returns the text directive "text=[prefix-,]start[,end][,-suffix]"
// with each part percent-encoded (EncodeFragmentText). end, prefix and
// suffix may be "".
func TextDirective(prefix, start, end, suffix string) string {
	var b strings.Builder
	b.WriteString("text=")
	if prefix != "" {
		b.WriteString(EncodeFragmentText(prefix))
		b.WriteString("-,")
	}
	b.WriteString(EncodeFragmentText(start))
	if end != "" {
		b.WriteString(",")
		b.WriteString(EncodeFragmentText(end))
	}
	if suffix != "" {
		b.WriteString(",-")
		b.WriteString(EncodeFragmentText(suffix))
	}
	return b.String()
}

// EncodeFragmentText percent-encodes a part of a text directive: as a
// URL path segment is (spaces, quotes, non-ASCII characters as UTF-8
// bytes, and ','), and also '-' and '&', which the directive's syntax
// uses.
func EncodeFragmentText(s string) string {
	return fragmentSyntax.Replace(url.PathEscape(s))
}

var fragmentSyntax = strings.NewReplacer("-", "%2D", "&", "%26")

// WithTextFragment returns the URL u with the text directive: after its
// fragment, if it has one, as the fragment directive ":~:" may follow one.
func WithTextFragment(u, directive string) string {
	if strings.Contains(u, "#") {
		return u + ":~:" + directive
	}
	return u + "#:~:" + directive
}

// originalURL links to the passage runs[first:last+1] of a block in the
// article at src; repeats says whether its text is in the article more
// than once.
func originalURL(src string, runs []run, first, last int, repeats bool) string {
	passage := runs[first : last+1]
	words := strings.Fields(shown(passage))
	start, end := strings.Join(words, " "), ""
	long := len(passage) > longPassage && len(words) >= 2*edgeWords
	if long {
		start = strings.Join(words[:edgeWords], " ")
		end = strings.Join(words[len(words)-edgeWords:], " ")
	}
	prefix, suffix := "", ""
	if repeats || long {
		prefix = wordsBefore(runs[:first], contextWords)
		suffix = wordsAfter(runs[last+1:], contextWords)
	}
	return WithTextFragment(src, TextDirective(prefix, start, end, suffix))
}

// wordsBefore returns the last n words of runs, "" if none.
func wordsBefore(runs []run, n int) string {
	f := strings.Fields(shown(runs))
	return strings.Join(f[max(0, len(f)-n):], " ")
}

// wordsAfter returns the first n words of runs, "" if none.
func wordsAfter(runs []run, n int) string {
	f := strings.Fields(shown(runs))
	return strings.Join(f[:min(n, len(f))], " ")
}
