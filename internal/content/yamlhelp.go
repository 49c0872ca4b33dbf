package content

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// The YAML decoder's messages name the grammar ("mapping values are not
// allowed in this context"); an editor needs the cause in the text and the
// fix. explainYAML looks at the front matter's lines around a decoder's
// error for the common causes and says what to do; for any other, the
// decoder's message stands.

// explainYAML returns a message in an editor's words for the decoder's
// message msg at front-matter line n (from 1), and the line and column
// (from 1) the cause is at; ok is false when no common cause is found.
func explainYAML(data []byte, n int, msg string) (line, col int, text string, ok bool) {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	at := func(i int) string {
		if i < 1 || i > len(lines) {
			return ""
		}
		return lines[i-1]
	}
	// A tab in a line's indentation, anywhere up to the error: YAML
	// indents with spaces only.
	for i := 1; i <= min(max(n, 1), len(lines)); i++ {
		l := at(i)
		indent := l[:len(l)-len(strings.TrimLeft(l, " \t"))]
		if t := strings.IndexByte(indent, '\t'); t >= 0 {
			return i, t + 1, "a tab indents this line: YAML indents with spaces only; replace the tab with spaces (two for each level)", true
		}
	}
	switch msg {
	case "mapping values are not allowed in this context":
		// key: a value: with a colon. The decoder does not always
		// say where: then the first such line.
		from, to := n, n
		if n == 0 {
			from, to = 1, len(lines)
		}
		for i := from; i <= to; i++ {
			l := at(i)
			// A key indented under the line above, whose value does
			// not open a list or a mapping.
			if t := strings.TrimLeft(l, " "); n > 0 && t != l && !strings.HasPrefix(t, "- ") && strings.Contains(t, ": ") {
				if p := at(i - 1); p != "" && !strings.HasPrefix(p, " ") && !strings.HasSuffix(strings.TrimSpace(p), ":") {
					key, _, _ := strings.Cut(t, ":")
					return i, 1, "this line is indented under the line above, whose value is not a list or a mapping: start " + key + " at the beginning of the line, as the other keys", true
				}
			}
			key, value, found := strings.Cut(l, ": ")
			if !found || strings.HasPrefix(strings.TrimSpace(l), "#") {
				continue
			}
			if c := strings.Index(value, ": "); c >= 0 && !quoted(value) {
				key = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(key), "- "))
				col := utf8.RuneCountInString(l[:len(l)-len(value)+c]) + 1
				return i, col, "the value of " + key + ` holds ": ", which YAML reads as the start of another key: quote the value: ` +
					key + ": " + yamlQuote(strings.TrimSpace(value)), true
			}
		}
	case "found unexpected end of stream", "found unexpected end of stream while scanning a quoted scalar":
		for i := 1; i <= len(lines); i++ {
			l := at(i)
			_, value, found := strings.Cut(l, ": ")
			if !found {
				value = strings.TrimPrefix(strings.TrimSpace(l), "- ")
			}
			v := strings.TrimSpace(value)
			for _, q := range []string{`"`, `'`} {
				if strings.HasPrefix(v, q) && (len(v) == 1 || !strings.HasSuffix(v, q) || strings.HasSuffix(v, `\`+q) && q == `"`) {
					col := utf8.RuneCountInString(l[:strings.Index(l, v)]) + 1
					return i, col, "this quoted value is never closed: end it with " + q + " on the same line", true
				}
			}
		}
	case "did not find expected key", "did not find expected '-' indicator", "block sequence entries are not allowed in this context":
		// A list item, or a key, indented unlike its neighbours: look
		// at the line the decoder stopped at and the one after.
		for _, i := range []int{n, n + 1, n - 1} {
			l := at(i)
			t := strings.TrimLeft(l, " ")
			if !strings.HasPrefix(t, "- ") && t != "-" {
				continue
			}
			depth := len(l) - len(t)
			for j := i - 1; j >= 1; j-- {
				p := at(j)
				pt := strings.TrimLeft(p, " ")
				if strings.HasPrefix(pt, "- ") && len(p)-len(pt) != depth {
					return i, depth + 1, "this list item is at the wrong depth: indent it as the items above it (" +
						plural(len(p)-len(pt), "space") + " before the -)", true
				}
				if !strings.HasPrefix(pt, "- ") {
					break
				}
			}
		}
	}
	return 0, 0, "", false
}

func quoted(v string) bool {
	v = strings.TrimSpace(v)
	return strings.HasPrefix(v, `"`) || strings.HasPrefix(v, `'`)
}

// yamlQuote writes s as a YAML double-quoted value, for messages.
func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\' || r == '"':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			// YAML's escape of a control character, so that the
			// suggestion is one line and reads back as the value.
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// misplacedItems finds a list item indented so far that the decoder read it
// as the words of the item above ("- China" then "   - India" is the one
// item "China - India"): a plain value that runs onto a line starting with
// "- ". It returns the line and column (from 1, in the front matter) of the
// first such line, or 0.
func misplacedItems(data []byte, doc *yaml.Node) (line, col int) {
	lines := strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n")
	var walk func(y *yaml.Node) bool
	walk = func(y *yaml.Node) bool {
		if y.Kind == yaml.ScalarNode && y.Style == 0 && strings.Contains(y.Value, " - ") {
			// The indented lines the value runs onto (lines[y.Line]
			// is the line after its first).
			for i := y.Line; i < len(lines); i++ {
				t := strings.TrimLeft(lines[i], " ")
				if t == "" || t == lines[i] {
					break
				}
				if strings.HasPrefix(t, "- ") && strings.Contains(y.Value, strings.TrimSpace(t)) {
					line, col = i+1, len(lines[i])-len(t)+1
					return true
				}
			}
		}
		for _, c := range y.Content {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	return line, col
}
