package content

import "bytes"

// MayLink reports whether Markdown may hold a [[link]], or a link to a
// site path or relative to its page (markdown's links.go): it has "[[", or
// a "](" or "]:" followed, after spaces and "<", by anything but an http,
// https, mailto or tel URL. It may say yes of a text that has none, never
// no of one that has: a text it says no of need not be read for links. The
// loader notes it of each article's body (BodyMayLink).
func MayLink(src []byte) bool {
	if bytes.Contains(src, []byte("[[")) {
		return true
	}
	for i := 0; i < len(src); {
		j := bytes.IndexByte(src[i:], ']')
		if j < 0 {
			return false
		}
		k := i + j + 1
		if k < len(src) && (src[k] == '(' || src[k] == ':') {
			k++
			for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r' || src[k] == '<') {
				k++
			}
			if !external(src[k:]) {
				return true
			}
		}
		i = k
	}
	return false
}

// external reports whether a URL starts with a scheme that names no page
// of the site.
func external(u []byte) bool {
	for _, scheme := range []string{"http:", "https:", "mailto:", "tel:"} {
		if len(u) >= len(scheme) && bytes.EqualFold(u[:len(scheme)], []byte(scheme)) {
			return true
		}
	}
	return false
}
