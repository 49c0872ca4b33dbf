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
// Names that look alike or differ only in case are one slug: s is read in
// its compatibility form (NFKC: "ﬁx" is "fix", fullwidth "ｓｔａｒ" is
// "star") and case-folded ("ſtar" is "star"), so that no two slugs are
// folders that a case-insensitive file system (macOS, Windows) takes for
// one. A name Windows reserves for a device (con, nul, com1, …) gets "-1".
//
//	Make("United States") == "united-states"
//	Make("Xiaomi Inc.")   == "xiaomi-inc"
//	Make("CON")           == "con-1"
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
	out := composed(b.String())
	if reserved(out) {
		out += "-1"
	}
	return out
}

// reserved reports whether s is a name Windows keeps for a device, which no
// file or folder can have there, whatever its extension: con, prn, aux,
// nul, com0 to com9 and lpt0 to lpt9 (superscript digits, which some
// Windows versions also reserve, are digits once folded).
func reserved(s string) bool {
	switch len(s) {
	case 3:
		return s == "con" || s == "prn" || s == "aux" || s == "nul"
	case 4:
		return (s[:3] == "com" || s[:3] == "lpt") && '0' <= s[3] && s[3] <= '9'
	}
	return false
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
	return composed(b.String())
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

// fold calls f for each rune of s case-folded, with combining marks
// removed after compatibility decomposition (é becomes e, ﬁ becomes fi,
// fullwidth Ａ becomes a) and the special letters above spelled out.
func fold(s string, f func(rune)) {
	// Bytes that are not UTF-8 (a file name can hold them) would keep the
	// normalizer from decomposing the letter after them.
	s = strings.ToValidUTF8(s, "\uFFFD")
	for _, r := range norm.NFKD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = foldCase(r)
		if rep, ok := special[r]; ok {
			for _, c := range rep {
				f(c)
			}
			continue
		}
		f(r)
	}
}

// foldCase returns the one rune that every rune differing from r only in
// case folds to, as Unicode's simple case folding does: the lowercase of
// its uppercase, so that "ſ" (long s, whose uppercase is "S") and "K"
// (the Kelvin sign) fold with "s" and "k", and "ς" with "σ".
func foldCase(r rune) rune {
	return unicode.ToLower(unicode.ToUpper(r))
}

// composed returns s, folded and stripped of its marks, in composed form
// (NFC), so that letters made of parts, such as Hangul syllables, stay one
// letter as they were written.
func composed(s string) string { return norm.NFC.String(s) }
