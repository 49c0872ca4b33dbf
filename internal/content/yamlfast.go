package content

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dossier/internal/diag"
	"dossier/internal/pieces"
)

// parseYAMLFast reads the common form of YAML front matter into the nodes
// parseYAML returns, without the YAML decoder: the same kinds, tags,
// values, key order and positions as the decoder's path (decodeYAML and
// fromYAML) gives. It exists because the decoder (go.yaml.in/yaml/v3) was
// most of the cost of loading a dossier: a scanner, a parser of events and
// a tree of yaml.Node, all allocating, for front matter that is nearly
// always a short list of "key: value" lines. It accepts:
//
//   - a mapping at the top, its keys at the first column; a key is a plain
//     name of letters, digits, '_', '-' and '.', not starting with '-' or
//     '.', followed by ':' and a space or the end of the line;
//   - values on the key's line: a plain scalar, a single- or double-quoted
//     scalar (with the decoder's escapes), or a flow sequence of such
//     scalars ("[a, 'b', \"c\"]");
//   - a key without a value, which is null, or followed by a block sequence
//     ("- item" lines, indented or not) whose items are scalars on their
//     line or mappings of such keys and values (the annotations);
//   - blank lines, comment lines, and comments after a value.
//
// It declines (ok is false) everything else, and parseYAML then hands the
// text to the decoder, which also reports every error: tabs, carriage
// returns, characters the decoder refuses or reads as line breaks (U+0085,
// U+2028, U+2029) or skips (U+FEFF), anchors, aliases and tags, block
// scalars, scalars over several lines, flow mappings, nested sequences,
// nested block mappings, quoted or complex keys, keys longer than
// maxFastKey, empty sequence items, empty or trailing entries in flow
// sequences, plain scalars in them holding any of ":?#[]{}", plain scalars
// starting with an indicator, "---" and "..." lines, directives. Plain
// scalars are resolved to a tag as the decoder's resolve does, by the same
// tests in the same order.
//
// Lines and columns are the decoder's, made file positions as yamlPlacer
// makes them for front matter without a carriage return: the line after
// lineOffset, the column in characters. A mapping is where its first key
// is, a sequence where its first "-" or its "[" is, a quoted scalar where
// its opening quote is, and a null written as nothing just after the ':'
// of its key.
//
// Its scalars are pieces of one copy of data, made in strs (nil: on its
// own).
func parseYAMLFast(file string, data []byte, lineOffset int, strs *pieces.Strings) (n *node, ok bool) {
	most, ok := fastYAMLText(data)
	if !ok {
		return nil, false
	}
	p := &fastYAML{src: strs.Bytes(data), file: file, lineOffset: lineOffset}
	// Room for the nodes there can be, within bounds: a front matter of
	// commas must not reserve a node for each.
	most = min(most, 512)
	p.nodes = make([]node, 0, most)
	p.children = make([]*node, 0, most)
	p.stack = make([]*node, 0, 32)
	p.setLine(0, 1)
	return p.document()
}

// maxFastKey bounds the keys parseYAMLFast reads, far below the 1,024
// characters the decoder looks ahead for a key's ':'.
const maxFastKey = 128

// fastYAMLText reports whether data holds only characters that the fast
// path can read as the decoder does: line feeds, printable ASCII, and
// printable characters beyond ASCII other than those the decoder reads as
// line breaks or skips as a byte order mark. It also returns how many
// nodes the fast path can make of data at most: a key and its value for
// each ':', an item for each '-', '[' and ',', and the top mapping.
func fastYAMLText(data []byte) (nodes int, ok bool) {
	nodes = 1
	for i := 0; i < len(data); i++ {
		w := fastYAMLBytes[data[i]]
		if w < fastYAMLOther {
			nodes += int(w)
			continue
		}
		if w == fastYAMLRefused {
			return 0, false
		}
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1, r < 0xa0,
			r >= 0xd800 && r < 0xe000, r == 0xfffe, r == 0xffff,
			r == 0x2028, r == 0x2029, r == 0xfeff:
			return 0, false
		}
		i += size - 1
	}
	return nodes, true
}

// fastYAMLBytes tells, for each byte, how many nodes it may stand for, or
// that it is refused, or that it starts a character beyond ASCII.
var fastYAMLBytes = func() (t [256]uint8) {
	for c := range t {
		switch {
		case c >= utf8.RuneSelf:
			t[c] = fastYAMLOther
		case (c < 0x20 && c != '\n') || c == 0x7f:
			t[c] = fastYAMLRefused
		case c == ':':
			t[c] = 2
		case c == '-' || c == '[' || c == ',':
			t[c] = 1
		}
	}
	return t
}()

const (
	fastYAMLOther   = 0xfe
	fastYAMLRefused = 0xff
)

// fastYAML reads front matter line by line. The line being read is
// src[start:end], numbered num from 1 within the front matter, with indent
// spaces before its first character; the next one starts at next.
type fastYAML struct {
	src        string
	file       string
	lineOffset int

	start, end, next int
	num, indent      int
	colOff, col      int // an offset on the line and its column, from 1

	// nodes, and the slices of their children, are allocated from slabs,
	// as they all live and die together.
	nodes    []node
	children []*node
	// stack holds the keys and values, or the items, of the collections
	// being read, until each is complete and gets its children.
	stack []*node
	// buf is where quoted scalars with escapes are unescaped.
	buf []byte
}

func (p *fastYAML) setLine(start, num int) {
	p.start, p.num = start, num
	p.colOff, p.col = start, 1
	if i := strings.IndexByte(p.src[start:], '\n'); i >= 0 {
		p.end, p.next = start+i, start+i+1
	} else {
		p.end, p.next = len(p.src), len(p.src)
	}
	p.indent = 0
	for start+p.indent < p.end && p.src[start+p.indent] == ' ' {
		p.indent++
	}
}

func (p *fastYAML) eof() bool { return p.start >= len(p.src) }

// advance moves to the next line.
func (p *fastYAML) advance() { p.setLine(p.next, p.num+1) }

// content moves past blank and comment lines to the next line with
// something on it, and reports whether there is one.
func (p *fastYAML) content() bool {
	for !p.eof() {
		if first := p.start + p.indent; first < p.end && p.src[first] != '#' {
			return true
		}
		p.advance()
	}
	return false
}

// dash reports whether the line is a block sequence entry: "-" followed by
// a space or the end of the line.
func (p *fastYAML) dash() bool {
	d := p.start + p.indent
	return p.src[d] == '-' && (d+1 == p.end || p.src[d+1] == ' ')
}

// pos is the file position of the byte at offset off of the current line.
// Columns count characters from the last position asked for on the line,
// as offsets only grow along a line: a line of many items is not counted
// again for each.
func (p *fastYAML) pos(off int) diag.Pos {
	if off < p.colOff {
		p.colOff, p.col = p.start, 1
	}
	p.col += utf8.RuneCountInString(p.src[p.colOff:off])
	p.colOff = off
	return diag.Pos{File: p.file, Line: p.lineOffset + p.num, Col: p.col}
}

func (p *fastYAML) newNode(kind nodeKind, pos diag.Pos, tag, value string) *node {
	if len(p.nodes) == cap(p.nodes) {
		p.nodes = make([]node, 0, max(16, min(2*cap(p.nodes), 1024)))
	}
	p.nodes = append(p.nodes, node{kind: kind, pos: pos, tag: tag, value: value})
	return &p.nodes[len(p.nodes)-1]
}

// collect gives n the nodes pushed since mark: as keys and values when n
// is a mapping, as items when it is a list.
func (p *fastYAML) collect(n *node, mark int) {
	pushed := p.stack[mark:]
	if k := len(pushed); k > 0 {
		var all []*node
		if free := p.children[len(p.children):cap(p.children)]; len(free) >= k {
			all = free[:k:k]
			p.children = p.children[:len(p.children)+k]
		} else {
			all = make([]*node, k)
		}
		if n.kind == mapNode {
			half := len(pushed) / 2
			for i := range half {
				all[i], all[half+i] = pushed[2*i], pushed[2*i+1]
			}
			n.keys, n.items = all[:half:half], all[half:]
		} else {
			copy(all, pushed)
			n.items = all
		}
	}
	p.stack = p.stack[:mark]
}

func (p *fastYAML) document() (*node, bool) {
	if !p.content() || p.indent != 0 {
		return nil, false
	}
	top := p.newNode(mapNode, p.pos(p.start), "", "")
	mark := len(p.stack)
	for p.content() {
		if p.indent != 0 || !p.entry(p.start, 0, true) {
			return nil, false
		}
	}
	p.collect(top, mark)
	return top, true
}

// isKey reports whether a key of the accepted form starts at offset at:
// its name, then ':' followed by a space or the end of the line.
func (p *fastYAML) isKey(at int) bool {
	_, ok := p.keyEnd(at)
	return ok
}

// keyEnd returns the offset of the ':' ending the key at offset at.
func (p *fastYAML) keyEnd(at int) (int, bool) {
	i := at
	for i < p.end && i-at <= maxFastKey {
		c := p.src[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_':
		case (c == '-' || c == '.') && i > at:
		case c == ':' && i > at && (i+1 == p.end || p.src[i+1] == ' '):
			return i, i-at <= maxFastKey
		default:
			return 0, false
		}
		i++
	}
	return 0, false
}

// entry reads "key: value" starting at offset at of the current line, in
// a mapping whose keys are at column col (from 0): the top mapping when
// top is set, else a mapping in a sequence item. It pushes the key and the
// value and leaves the reader on the line after the entry.
func (p *fastYAML) entry(at, col int, top bool) bool {
	colon, ok := p.keyEnd(at)
	if !ok {
		return false
	}
	name := p.src[at:colon]
	p.stack = append(p.stack, p.newNode(scalarNode, p.pos(at), plainTag(name), name))
	v := colon + 1
	for v < p.end && p.src[v] == ' ' {
		v++
	}
	if v < p.end && p.src[v] != '#' {
		val, end, ok := p.inline(v, true)
		if !ok || !p.trailing(end) {
			return false
		}
		p.stack = append(p.stack, val)
		p.advance()
		return true
	}

	// Nothing after the key on its line: a null, unless a block sequence
	// follows. The decoder places a null written as nothing just after
	// the ':'.
	null := p.pos(colon + 1)
	p.advance()
	if !p.content() {
		p.stack = append(p.stack, p.newNode(scalarNode, null, "null", ""))
		return true
	}
	switch {
	case top && p.dash():
		// A sequence at any indentation, the first column included.
		seq, ok := p.sequence(p.indent)
		if !ok {
			return false
		}
		p.stack = append(p.stack, seq)
		return true
	case top && p.indent > 0:
		return false // a nested mapping or a continued scalar
	case !top && (p.indent > col || (p.indent == col && p.dash())):
		return false // a nested collection or a continued scalar
	}
	p.stack = append(p.stack, p.newNode(scalarNode, null, "null", ""))
	return true
}

// sequence reads a block sequence whose "-" are at column col, starting
// on the current line. A sequence at the first column ends at the next
// key; an indented one at the next line indented less.
func (p *fastYAML) sequence(col int) (*node, bool) {
	seq := p.newNode(listNode, p.pos(p.start+col), "", "")
	mark := len(p.stack)
	for p.content() && p.indent >= col {
		if p.indent > col {
			return nil, false
		}
		if !p.dash() {
			if col == 0 {
				break
			}
			return nil, false
		}
		s := p.start + col + 1
		for s < p.end && p.src[s] == ' ' {
			s++
		}
		if s == p.end || p.src[s] == '#' {
			return nil, false // an empty item, or one on the lines below
		}
		if !p.isKey(s) {
			item, end, ok := p.inline(s, false)
			if !ok || !p.trailing(end) {
				return nil, false
			}
			p.stack = append(p.stack, item)
			p.advance()
			continue
		}
		// A mapping, its keys at the column of the first: its byte
		// offset on the line, as only "-" and spaces come before it.
		keys := s - p.start
		m := p.newNode(mapNode, p.pos(s), "", "")
		mapMark := len(p.stack)
		if !p.entry(s, keys, false) {
			return nil, false
		}
		for p.content() && p.indent >= keys {
			if p.indent > keys || !p.entry(p.start+keys, keys, false) {
				return nil, false
			}
		}
		p.collect(m, mapMark)
		p.stack = append(p.stack, m)
	}
	p.collect(seq, mark)
	return seq, true
}

// trailing reports whether the line from offset i on holds nothing but
// spaces and a comment, which must follow a space.
func (p *fastYAML) trailing(i int) bool {
	j := i
	for j < p.end && p.src[j] == ' ' {
		j++
	}
	return j == p.end || (p.src[j] == '#' && j > i)
}

// inline reads the value starting at offset s of the current line: a
// quoted or plain scalar, or when flow is set a flow sequence. It returns
// the offset after it.
func (p *fastYAML) inline(s int, flow bool) (*node, int, bool) {
	switch p.src[s] {
	case '"':
		return p.doubleQuoted(s)
	case '\'':
		return p.singleQuoted(s)
	case '[':
		if flow {
			return p.flowSequence(s)
		}
		return nil, 0, false
	}
	if !p.plainStart(s) {
		return nil, 0, false
	}
	// A plain scalar ends at a comment (" #") or the end of the line;
	// ": " or a final ':' would make it a key, which is not accepted here.
	i := s
	for ; i < p.end; i++ {
		c := p.src[i]
		if c == ':' && (i+1 == p.end || p.src[i+1] == ' ') {
			return nil, 0, false
		}
		if c == ' ' && i+1 < p.end && p.src[i+1] == '#' {
			break
		}
	}
	e := i
	for p.src[e-1] == ' ' {
		e--
	}
	v := p.src[s:e]
	return p.newNode(scalarNode, p.pos(s), plainTag(v), v), i, true
}

// plainStart reports whether a plain scalar may start at offset s: not at
// an indicator, and at '-' only when a digit, letter or '.' follows.
func (p *fastYAML) plainStart(s int) bool {
	switch p.src[s] {
	case '-':
		if s+1 == p.end {
			return false
		}
		c := p.src[s+1]
		return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '.'
	case ' ', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return false
	}
	return true
}

// flowSequence reads "[item, item]" on one line, from the '[' at offset s.
// Items are quoted scalars or plain scalars without any of ":?#[]{}".
func (p *fastYAML) flowSequence(s int) (*node, int, bool) {
	seq := p.newNode(listNode, p.pos(s), "", "")
	mark := len(p.stack)
	i := p.skipSpaces(s + 1)
	if i < p.end && p.src[i] == ']' {
		return seq, i + 1, true
	}
	for {
		if i == p.end {
			return nil, 0, false
		}
		var item *node
		var ok bool
		switch p.src[i] {
		case '"':
			item, i, ok = p.doubleQuoted(i)
		case '\'':
			item, i, ok = p.singleQuoted(i)
		default:
			item, i, ok = p.flowPlain(i)
		}
		if !ok {
			return nil, 0, false
		}
		p.stack = append(p.stack, item)
		i = p.skipSpaces(i)
		if i == p.end {
			return nil, 0, false
		}
		if p.src[i] == ']' {
			p.collect(seq, mark)
			return seq, i + 1, true
		}
		if p.src[i] != ',' {
			return nil, 0, false
		}
		i = p.skipSpaces(i + 1)
		if i < p.end && (p.src[i] == ']' || p.src[i] == ',') {
			return nil, 0, false // an empty entry
		}
	}
}

func (p *fastYAML) skipSpaces(i int) int {
	for i < p.end && p.src[i] == ' ' {
		i++
	}
	return i
}

// flowPlain reads a plain scalar in a flow sequence, which ends at ',' or
// ']'.
func (p *fastYAML) flowPlain(s int) (*node, int, bool) {
	if !p.plainStart(s) {
		return nil, 0, false
	}
	i := s
	for ; i < p.end; i++ {
		switch p.src[i] {
		case ',', ']':
		case ':', '?', '#', '[', '{', '}':
			return nil, 0, false
		default:
			continue
		}
		break
	}
	e := i
	for p.src[e-1] == ' ' {
		e--
	}
	v := p.src[s:e]
	return p.newNode(scalarNode, p.pos(s), plainTag(v), v), i, true
}

// singleQuoted reads '…' on one line, from the quote at offset s; two
// quotes stand for one.
func (p *fastYAML) singleQuoted(s int) (*node, int, bool) {
	buf := p.buf[:0] // the value, once it differs from the text
	from := s + 1    // the text not yet copied to buf
	for i := s + 1; i < p.end; i++ {
		if p.src[i] != '\'' {
			continue
		}
		if i+1 < p.end && p.src[i+1] == '\'' {
			buf = append(buf, p.src[from:i+1]...)
			from = i + 2
			i++
			continue
		}
		v := p.src[from:i]
		if from > s+1 {
			buf = append(buf, v...)
			v = string(buf)
			p.buf = buf
		}
		return p.newNode(scalarNode, p.pos(s), "str", v), i + 1, true
	}
	return nil, 0, false
}

// doubleQuoted reads "…" on one line, from the quote at offset s, with the
// escapes the decoder knows, each decoded as it decodes them.
func (p *fastYAML) doubleQuoted(s int) (*node, int, bool) {
	buf := p.buf[:0]
	from := s + 1
	for i := s + 1; i < p.end; i++ {
		switch p.src[i] {
		case '"':
			v := p.src[from:i]
			if from > s+1 {
				buf = append(buf, v...)
				v = string(buf)
				p.buf = buf
			}
			return p.newNode(scalarNode, p.pos(s), "str", v), i + 1, true
		case '\\':
			if i+1 == p.end {
				return nil, 0, false // a line break escaped: more lines
			}
			buf = append(buf, p.src[from:i]...)
			e := p.src[i+1]
			if r, ok := yamlEscapes[e]; ok {
				buf = utf8.AppendRune(buf, r)
				i++
				from = i + 1
				continue
			}
			digits := 0
			switch e {
			case 'x':
				digits = 2
			case 'u':
				digits = 4
			case 'U':
				digits = 8
			}
			if digits == 0 || i+2+digits > p.end {
				return nil, 0, false
			}
			code, err := strconv.ParseUint(p.src[i+2:i+2+digits], 16, 32)
			if err != nil || code > utf8.MaxRune || (code >= 0xd800 && code < 0xe000) {
				return nil, 0, false
			}
			buf = utf8.AppendRune(buf, rune(code))
			i += 1 + digits
			from = i + 1
		}
	}
	return nil, 0, false
}

// yamlEscapes are the decoder's one-character escapes in double-quoted
// scalars, but for "\" and a tab, which the fast path never sees.
var yamlEscapes = map[byte]rune{
	'0': 0, 'a': '\a', 'b': '\b', 't': '\t', 'n': '\n', 'v': '\v', 'f': '\f', 'r': '\r', 'e': 0x1b,
	' ': ' ', '"': '"', '\'': '\'', '\\': '\\', 'N': 0x85, '_': 0xa0, 'L': 0x2028, 'P': 0x2029,
}

// plainTag is the tag the decoder gives a plain scalar: its resolve, in
// the same order, with the same tests, keeping only the tag.
func plainTag(s string) string {
	if s == "" {
		return "null"
	}
	switch s[0] {
	case '+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
	case '.', 'y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O', '~', '<':
	default:
		return "str"
	}
	switch s {
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "bool"
	case "~", "null", "Null", "NULL":
		return "null"
	case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF":
		return "float"
	case "<<":
		return "merge"
	}
	switch s[0] {
	case '.':
		if _, err := strconv.ParseFloat(s, 64); err == nil {
			return "float"
		}
		return "str"
	case '+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
	default:
		return "str"
	}
	if yamlTimestamp(s) {
		return "timestamp"
	}
	plain := strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseInt(plain, 0, 64); err == nil {
		return "int"
	}
	if _, err := strconv.ParseUint(plain, 0, 64); err == nil {
		return "int"
	}
	if yamlStyleFloat.MatchString(plain) {
		if _, err := strconv.ParseFloat(plain, 64); err == nil {
			return "float"
		}
	}
	for _, b := range [...]struct {
		prefix, negative string
		base             int
	}{{"0b", "-0b", 2}, {"0o", "-0o", 8}} {
		if rest, ok := strings.CutPrefix(plain, b.prefix); ok {
			if _, err := strconv.ParseInt(rest, b.base, 64); err == nil {
				return "int"
			}
			if _, err := strconv.ParseUint(rest, b.base, 64); err == nil {
				return "int"
			}
		} else if rest, ok := strings.CutPrefix(plain, b.negative); ok {
			if _, err := strconv.ParseInt("-"+rest, b.base, 64); err == nil {
				return "int"
			}
		}
	}
	return "str"
}

// yamlStyleFloat is the decoder's pattern of the floats it reads.
var yamlStyleFloat = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

// yamlTimestampFormats are the layouts the decoder reads timestamps with,
// in its order.
var yamlTimestampFormats = []string{
	"2006-1-2T15:4:5.999999999Z07:00",
	"2006-1-2t15:4:5.999999999Z07:00",
	"2006-1-2 15:4:5.999999999",
	"2006-1-2",
}

// yamlTimestamp reports whether the decoder reads s as a timestamp: four
// digits and '-', then one of its layouts. The first three layouts need a
// 'T', a 't' or a space, so a date without any (the common case) is only
// tried with the last one, which spares three failed parses.
func yamlTimestamp(s string) bool {
	i := 0
	for i < len(s) && '0' <= s[i] && s[i] <= '9' {
		i++
	}
	if i != 4 || i == len(s) || s[i] != '-' {
		return false
	}
	formats := yamlTimestampFormats
	if !strings.ContainsAny(s, "Tt ") {
		formats = formats[3:]
	}
	for _, f := range formats {
		if _, err := time.Parse(f, s); err == nil {
			return true
		}
	}
	return false
}
