package content

import "bytes"

// MayLink reports whether Markdown may hold a [[link]] or a link to a site
// path (markdown's links.go): it has "[[", or a "](" or "]:" followed,
// after spaces, by "/" or "<". It may say yes of a text that has none,
// never no of one that has: a text it says no of need not be read for
// links. The loader notes it of each article's body (BodyMayLink).
func MayLink(src []byte) bool {
	if bytes.Contains(src, []byte("[[")) {
		return true
	}
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], ']')
		if j < 0 {
			return false
		}
		k := i + j + 1
		if k < len(src) && (src[k] == '(' || src[k] == ':') {
			k++
			for k < len(src) && (src[k] == ' ' || src[k] == '\t' || src[k] == '\n' || src[k] == '\r') {
				k++
			}
			if k < len(src) && (src[k] == '/' || src[k] == '<') {
				return true
			}
		}
		i = k
		if i >= len(src) {
			return false
		}
	}
}
