package site

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// The escapers, as html/template's of the same names: each takes the value
// as a string and the kind of content it is.

// An escaper is one of html/template's escaping functions. fn returns the
// escaped string; write, when not nil, writes it to a buffer instead,
// without making the string, for the escaper that ends an action.
type escaper struct {
	fn    func(string, contentType) string
	write func(*bytes.Buffer, string, contentType)
}

var escapers = map[string]*escaper{
	"_html_template_htmlescaper": {
		fn: func(s string, t contentType) string {
			if t == contentTypeHTML {
				return s
			}
			return htmlReplacer(s, htmlTable)
		},
		write: func(w *bytes.Buffer, s string, t contentType) {
			if t == contentTypeHTML {
				w.WriteString(s)
				return
			}
			writeReplaced(w, s, htmlTable)
		},
	},
	"_html_template_attrescaper": {
		// HTML content was given up on by the caller.
		fn:    func(s string, t contentType) string { return htmlReplacer(s, htmlTable) },
		write: func(w *bytes.Buffer, s string, t contentType) { writeReplaced(w, s, htmlTable) },
	},
	"_html_template_rcdataescaper": {
		fn: func(s string, t contentType) string {
			if t == contentTypeHTML {
				return htmlReplacer(s, htmlNormTable)
			}
			return htmlReplacer(s, htmlTable)
		},
		write: func(w *bytes.Buffer, s string, t contentType) {
			if t == contentTypeHTML {
				writeReplaced(w, s, htmlNormTable)
				return
			}
			writeReplaced(w, s, htmlTable)
		},
	},
	"_html_template_urlfilter": {fn: func(s string, t contentType) string {
		if t == contentTypeURL || isSafeURL(s) {
			return s
		}
		return "#ZgotmplZ"
	}},
	// Pages print JavaScript only as a template.JS (their JSON-LD), which
	// html/template's jsValEscaper prints as it is; any other value it
	// marshals as JSON, which is left to html/template.
	"_html_template_jsvalescaper": {fn: func(s string, t contentType) string {
		if t != contentTypeJS {
			fail()
		}
		return s
	}},
	"_html_template_urlnormalizer": {fn: func(s string, t contentType) string { return urlProcessor(s, true) }},
	"_html_template_urlescaper": {fn: func(s string, t contentType) string {
		return urlProcessor(s, t == contentTypeURL)
	}},
}

// A replacementTable holds what html/template's replacement tables replace
// each ASCII byte with, "" for itself, and which bytes those are. The
// characters replaced are all ASCII, and no byte of a multi-byte UTF-8
// sequence is, so replacing bytes is replacing runes, as html/template
// does.
type replacementTable struct {
	replaced [256]bool
	with     [utf8.RuneSelf]string
}

func newReplacementTable(with map[byte]string) *replacementTable {
	t := &replacementTable{}
	for c, s := range with {
		t.replaced[c] = true
		t.with[c] = s
	}
	return t
}

var htmlTable = newReplacementTable(map[byte]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
})

var htmlNormTable = newReplacementTable(map[byte]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
})

// firstReplaced returns the index of the first byte of s that t replaces,
// or len(s). Most strings have none: it looks at eight bytes at a time,
// with one branch for the eight.
func (t *replacementTable) firstReplaced(s string) int {
	r := &t.replaced
	i := 0
	for ; i+8 <= len(s); i += 8 {
		w := s[i : i+8]
		if r[w[0]] || r[w[1]] || r[w[2]] || r[w[3]] || r[w[4]] || r[w[5]] || r[w[6]] || r[w[7]] {
			break
		}
	}
	for ; i < len(s); i++ {
		if r[s[i]] {
			return i
		}
	}
	return i
}

// htmlReplacer is html/template's, with badRunes true, as all the escapers
// here call it.
func htmlReplacer(s string, t *replacementTable) string {
	i := t.firstReplaced(s)
	if i == len(s) {
		return s
	}
	var b bytes.Buffer
	b.Grow(len(s) + 16)
	writeReplaced(&b, s, t)
	return b.String()
}

// writeReplaced writes htmlReplacer(s, t) to w.
func writeReplaced(w *bytes.Buffer, s string, t *replacementTable) {
	for {
		i := t.firstReplaced(s)
		if i == len(s) {
			w.WriteString(s)
			return
		}
		w.WriteString(s[:i])
		w.WriteString(t.with[s[i]])
		s = s[i+1:]
	}
}

func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

func urlProcessor(s string, norm bool) string {
	if norm && !urlNeedsWork(s) {
		return s
	}
	var b strings.Builder
	if processURLOnto(s, norm, &b) {
		return b.String()
	}
	return s
}

// urlNeedsWork reports whether normalizing s changes it, or may: it has a
// byte that is not ASCII or that processURLOnto escapes.
func urlNeedsWork(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || urlNeedsEscape[c] {
			return true
		}
	}
	return false
}

func processURLOnto(s string, norm bool, b *strings.Builder) bool {
	b.Grow(len(s) + 16)
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&0xf])
		written = i + 1
	}
	b.WriteString(s[written:])
	return written != 0
}

const lowerHex = "0123456789abcdef"

// urlNeedsEscape marks the ASCII characters processURLOnto escapes when it
// normalizes: all but letters, digits, the reserved and unreserved
// characters of RFC 3986, and % (which it keeps only before two hex digits,
// so a string with % goes the long way).
var urlNeedsEscape = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = true
	}
	for _, c := range []byte("!#$&*+,/:;=?@[]-._~abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
		t[c] = false
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
