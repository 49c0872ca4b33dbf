// Package slug makes the URL names of articles and entities, and the keys by
// which differently written names of one entity are recognised as the same.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Make returns the URL name for s: lowercase letters and digits (diacritics
// folded where they fold to ASCII, other Unicode letters kept), every other run
// of characters one hyphen, no hyphen at either end. It returns "" when s has
// no letter or digit.
//
//	Make("United States") == "united-states"
//	Make("Xiaomi Inc.")   == "xiaomi-inc"
func Make(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	fold(s, func(r rune) {
		if isWordRune(r) {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
			return
		}
		hyphen = true
	})
	return b.String()
}

// Key returns the form of a name used to match tags to entities: lowercase,
// diacritics folded, punctuation inside words dropped and runs of spaces,
// hyphens and slashes made one space, so that "U.S.", "US" and "u.s" share the
// key "us" and "Hewlett-Packard" matches "Hewlett Packard".
func Key(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	fold(s, func(r rune) {
		switch {
		case isWordRune(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) || r == '_' || r == '/' || r == '\\':
			space = true
		}
		// Other punctuation and symbols are dropped without a break, so
		// abbreviations keep their letters together.
	})
	return b.String()
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// special folds letters that Unicode does not decompose into a base letter and
// a mark but that readers expect to find under an ASCII spelling.
var special = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d",
	'ł': "l", 'þ': "th", 'ı': "i",
}

// fold calls f for each rune of s lowercased, with combining marks removed
// after canonical decomposition (é becomes e) and the special letters above
// spelled out.
func fold(s string, f func(rune)) {
	// Bytes that are not UTF-8 (a file name can hold them) would keep the
	// normalizer from decomposing the letter after them.
	s = strings.ToValidUTF8(s, "\uFFFD")
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if rep, ok := special[r]; ok {
			for _, c := range rep {
				f(c)
			}
			continue
		}
		f(r)
	}
}
