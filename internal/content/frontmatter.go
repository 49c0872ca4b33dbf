package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dossier/internal/diag"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"go.yaml.in/yaml/v3"
)

// A node is one front-matter value with the place it was written, so that a
// wrong type or an impossible date deep inside a list is reported at its own
// line. YAML and TOML front matter both decode into nodes: the tree and
// the places come from the YAML decoder's yaml.Node (from the text, for
// TOML), and every scalar's value from the decoder itself (scalar).
type node struct {
	kind  nodeKind
	pos   diag.Pos
	tag   string  // scalars: "str", "int", "float", "bool", "timestamp", "null"
	value string  // scalars: the value as text (a YAML scalar as written, unquoted)
	keys  []*node // maps: the keys, in the order written
	items []*node // lists: the items; maps: the values, parallel to keys

	yaml *yaml.Node // a YAML scalar: what the YAML decoder decodes its value from
	toml any        // a TOML scalar: its value as the TOML decoder gave it
}

type nodeKind int

const (
	scalarNode nodeKind = iota
	listNode
	mapNode
)

func (n *node) describe() string {
	switch n.kind {
	case listNode:
		return "a list"
	case mapNode:
		return "a mapping"
	}
	switch n.tag {
	case "null":
		return "nothing"
	case "int", "float":
		return "a number"
	case "bool":
		return "true or false"
	case "timestamp":
		return "a date"
	}
	return "a string"
}

// document is a content file split into its decoded front matter and its body.
type document struct {
	meta     *node // nil when the file has no front matter
	body     []byte
	bodyLine int // line of the file on which body starts
}

var utf8BOM = []byte("\ufeff")

// split reads a content file's front matter (YAML between --- lines or TOML
// between +++ lines) with adrg/frontmatter, which finds it and hands it to
// the YAML or TOML decoder, and returns it with the Markdown body; ok is
// false when the file is unusable. Problems are reported at their place in
// the file as the editor sees it.
func split(file string, data []byte) (doc document, ok bool, diags diag.List) {
	whole := diag.Pos{File: file, Line: 1, Col: 1}
	if !utf8.Valid(data) {
		diags.Errorf(invalidUTF8(file, data), "file is not valid UTF-8 text")
		return document{}, false, diags
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		diags.Errorf(whole, "file is empty")
		return document{}, false, diags
	}

	// The delimiter line's number: adrg/frontmatter skips blank lines before
	// it, and every front-matter line number counts from it.
	fm := frontMatter{file: file, delimLine: 1}
	delim := ""
	for rest := data; len(rest) > 0; fm.delimLine++ {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		if t := string(bytes.TrimSpace(line)); t != "" {
			delim = t
			break
		}
		rest = after
	}

	r := &untilDecoded{data: data, fm: &fm}
	rest, err := frontmatter.Parse(r, &fm, frontFormats...)
	if err != nil {
		var de *decodeError
		if errors.As(err, &de) {
			diags.Errorf(de.pos, "%s", de.msg)
		} else {
			diags.Errorf(whole, "cannot read front matter: %v", err)
		}
		return document{}, false, diags
	}
	// The body is the rest of the file from where the library says the
	// front matter ends: what it read and returned as rest.
	body := data[r.n-len(rest):]
	meta, closed := fm.meta, fm.delim != ""
	if !closed && (delim == "---" || delim == "+++") {
		diags.Errorf(diag.Pos{File: file, Line: fm.delimLine, Col: 1}, "front matter opened with %s is never closed", delim)
		return document{}, false, diags
	}
	if closed && meta == nil {
		// Front matter with nothing in it, or only comments: no keys.
		meta = &node{kind: mapNode, pos: diag.Pos{File: file, Line: fm.delimLine, Col: 1}}
	}
	if meta != nil && meta.kind != mapNode {
		if meta.kind == scalarNode && meta.tag == "null" {
			meta = &node{kind: mapNode, pos: meta.pos}
		} else {
			diags.Errorf(meta.pos, "front matter must be a list of keys and values, not %s", meta.describe())
			return document{}, false, diags
		}
	}
	bodyLine := 1 + bytes.Count(data[:len(data)-len(body)], []byte("\n"))
	return document{meta: meta, body: body, bodyLine: bodyLine}, true, diags
}

// untilDecoded hands a file's bytes to adrg/frontmatter a line at a time
// until it has decoded the front matter, then reports the end of the file:
// the library would otherwise read the rest into a buffer of its own to
// return as the body, a copy (and for a long article a growing buffer)
// that split does not need, since the body is the rest of the bytes it
// has. A line at a time, the library's reader holds none of the body when
// the front matter ends.
type untilDecoded struct {
	data []byte
	n    int // bytes handed out
	fm   *frontMatter
}

func (r *untilDecoded) Read(p []byte) (int, error) {
	if r.n == len(r.data) || r.fm.delim != "" {
		return 0, io.EOF
	}
	line := r.data[r.n:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i+1]
	}
	k := copy(p, line)
	r.n += k
	return k, nil
}

// frontMatter is what the front matter of one file decodes into.
type frontMatter struct {
	file      string // for messages
	delimLine int    // the file line of the opening delimiter
	delim     string // "---" or "+++" once decoded; "" for a file without front matter
	meta      *node
}

// frontFormats are the front matters adrg/frontmatter finds: YAML between
// --- lines and TOML between +++ lines, each given to its decoder.
var frontFormats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", func(text []byte, v any) error {
		return v.(*frontMatter).decode("---", text, decodeYAML)
	}),
	frontmatter.NewFormat("+++", "+++", func(text []byte, v any) error {
		return v.(*frontMatter).decode("+++", text, decodeTOML)
	}),
}

// decode decodes the front matter text, opened by delim, with the
// decoder of its language.
func (fm *frontMatter) decode(delim string, text []byte, decoder func(file string, data []byte, lineOffset int) (*node, error)) error {
	fm.delim = delim
	// Depth is checked on the text, before the decoder reads it.
	if line, col := frontMatterDepth(delim, text); line > 0 {
		pos := diag.Pos{File: fm.file, Line: fm.delimLine + line, Col: col}
		return &decodeError{pos: pos, msg: fmt.Sprintf("front matter nests deeper than %d levels", MaxNesting)}
	}
	var err error
	fm.meta, err = decoder(fm.file, text, fm.delimLine)
	return err
}

// invalidUTF8 returns the place of the first byte that is not UTF-8.
func invalidUTF8(file string, data []byte) diag.Pos {
	line, col := 1, 1
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 0
		}
		col++
		data = data[size:]
	}
	return diag.Pos{File: file, Line: line, Col: col}
}

// oneLine keeps a decoder's message on one line, as every problem is printed
// on its own: the TOML decoder quotes what it read, line break included.
func oneLine(msg string) string {
	return strings.NewReplacer("\r\n", `\n`, "\n", `\n`, "\r", `\r`).Replace(msg)
}

// decodeError is a front-matter syntax error at a known place.
type decodeError struct {
	pos diag.Pos
	msg string
}

func (e *decodeError) Error() string { return e.pos.String() + ": " + e.msg }

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// decodeYAML decodes YAML front matter into nodes with the YAML decoder.
// lineOffset is the file line of the opening delimiter; the YAML text
// starts on the line after it.
func decodeYAML(file string, data []byte, lineOffset int) (*node, error) {
	var doc yaml.Node
	at := newYAMLPlacer(file, data, lineOffset)
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		pos := at.pos(1, 1)
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			msg = msg[len(m[0]):]
			// The YAML decoder counts lines from 1 for the errors of its
			// scanner but from 0 for those of its parser, which are
			// reported at the start of the unfinished structure.
			if yamlParserProblem(msg) {
				n++
			}
			pos = at.pos(n, 1)
			if l, c, text, ok := explainYAML(data, n, msg); ok {
				return nil, &decodeError{pos: at.pos(l, c), msg: "front matter: " + text}
			}
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		if l, c, text, ok := explainYAML(data, 0, msg); ok && pos == at.pos(1, 1) {
			return nil, &decodeError{pos: at.pos(l, c), msg: "front matter: " + text}
		}
		return nil, &decodeError{pos: pos, msg: "front matter: " + oneLine(msg)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil
	}
	if l, c := misplacedItems(data, &doc); l > 0 {
		return nil, &decodeError{pos: at.pos(l, c), msg: "front matter: this list item is indented further than the items above it, so YAML reads it as more words of the item before: indent it as they are"}
	}
	var b aliasBudget
	n := fromYAML(at, doc.Content[0], 0, &b)
	if b.over.Line != 0 {
		return nil, &decodeError{pos: b.over, msg: fmt.Sprintf("front matter: aliases expand to more than %d values", maxAliasValues)}
	}
	if b.deep.Line != 0 {
		return nil, &decodeError{pos: b.deep, msg: fmt.Sprintf("front matter nests deeper than %d levels", MaxNesting)}
	}
	return n, nil
}

// maxAliasValues bounds the values YAML aliases may expand to. An alias
// stands for a copy of what it names, so a few lines of aliases of aliases
// can stand for billions of values (the "billion laughs" attack) and exhaust
// memory; no front matter needs more than a handful.
const maxAliasValues = 10000

// A yamlPlacer turns the YAML decoder's positions into the file's. The
// decoder counts a carriage return alone as a line break, which the file's
// lines (and every editor's, for a file with LF endings) do not; where the
// front matter has one, lines and columns are recounted from the text.
type yamlPlacer struct {
	file       string
	lineOffset int    // the file line of the opening delimiter
	data       []byte // the front matter, when it has a lone carriage return
}

func newYAMLPlacer(file string, data []byte, lineOffset int) *yamlPlacer {
	at := &yamlPlacer{file: file, lineOffset: lineOffset}
	if bytes.Count(data, []byte{'\r'}) != bytes.Count(data, []byte("\r\n")) {
		at.data = data
	}
	return at
}

// pos returns the file position of the decoder's line and column (from 1,
// in characters, within the front matter).
func (at *yamlPlacer) pos(line, col int) diag.Pos {
	if at.data == nil {
		return diag.Pos{File: at.file, Line: at.lineOffset + line, Col: col}
	}
	// Find the decoder's line, then its column, as a byte offset.
	off := 0
	for l := 1; l < line && off < len(at.data); off++ {
		switch at.data[off] {
		case '\n':
			l++
		case '\r':
			if off+1 == len(at.data) || at.data[off+1] != '\n' {
				l++
			}
		}
	}
	for c := 1; c < col && off < len(at.data) && at.data[off] != '\n' && at.data[off] != '\r'; c++ {
		_, size := utf8.DecodeRune(at.data[off:])
		off += size
	}
	line, col = lineCol(at.data, off)
	return diag.Pos{File: at.file, Line: at.lineOffset + line, Col: col}
}

// aliasBudget counts the values made by expanding aliases.
type aliasBudget struct {
	inAlias int      // > 0 while converting what an alias names
	outer   diag.Pos // the outermost alias being converted, as written
	used    int      // values made inside aliases
	over    diag.Pos // where the budget ran out: an alias the editor wrote
	deep    diag.Pos // where values nest deeper than MaxNesting, through aliases
}

func yamlParserProblem(msg string) bool {
	switch msg {
	case "did not find expected <stream-start>", "did not find expected <document start>",
		"did not find expected node content", "did not find expected '-' indicator",
		"did not find expected key", "did not find expected ',' or ']'", "did not find expected ',' or '}'",
		"found undefined tag handle", "found duplicate %YAML directive", "found duplicate %TAG directive",
		"found incompatible YAML document":
		return true
	}
	return false
}

// fromYAML converts a yaml.Node. depth guards against alias cycles, which the
// YAML decoder allows in the node tree, and values that aliases nest deeper
// than the text does (frontMatterDepth); b against aliases that multiply.
func fromYAML(at *yamlPlacer, y *yaml.Node, depth int, b *aliasBudget) *node {
	pos := at.pos(y.Line, y.Column)
	if b.inAlias > 0 {
		b.used++
		if b.used > maxAliasValues && b.over.Line == 0 {
			b.over = b.outer
		}
	}
	if depth > MaxNesting && b.deep.Line == 0 {
		b.deep = pos
		if b.inAlias > 0 {
			b.deep = b.outer
		}
	}
	if b.deep.Line != 0 || b.over.Line != 0 {
		return &node{kind: scalarNode, pos: pos, tag: "null"}
	}
	switch y.Kind {
	case yaml.AliasNode:
		if b.inAlias == 0 {
			b.outer = pos
		}
		b.inAlias++
		n := fromYAML(at, y.Alias, depth+1, b)
		b.inAlias--
		n.pos = pos
		return n
	case yaml.SequenceNode:
		n := &node{kind: listNode, pos: pos}
		for _, c := range y.Content {
			n.items = append(n.items, fromYAML(at, c, depth+1, b))
		}
		return n
	case yaml.MappingNode:
		n := &node{kind: mapNode, pos: pos}
		for i := 0; i+1 < len(y.Content); i += 2 {
			n.keys = append(n.keys, fromYAML(at, y.Content[i], depth+1, b))
			n.items = append(n.items, fromYAML(at, y.Content[i+1], depth+1, b))
		}
		return n
	}
	return &node{kind: scalarNode, pos: pos, tag: strings.TrimPrefix(y.ShortTag(), "!!"), value: y.Value, yaml: y}
}

// decodeTOML decodes TOML front matter into nodes with the TOML decoder.
// It does not expose where keys are, so their lines are found by reading
// the text.
func decodeTOML(file string, data []byte, lineOffset int) (*node, error) {
	var m map[string]any
	_, err := toml.Decode(string(data), &m)
	if err != nil {
		pos := diag.Pos{File: file, Line: lineOffset + 1, Col: 1}
		msg := err.Error()
		var pe toml.ParseError
		if errors.As(err, &pe) {
			// The decoder's own line and column are unreliable: the
			// column is in bytes, and both count from the line before
			// when the error is at a line break (always so with CRLF
			// line endings). Its byte offset is right.
			line, col := lineCol(data, pe.Position.Start)
			pos.Line, pos.Col = lineOffset+line, col
			msg = pe.Message
			// The TOML decoder writes sentences; our messages are not.
			msg = strings.TrimSuffix(msg, ".")
			if r, size := utf8.DecodeRuneInString(msg); len(msg) > size && unicode.IsUpper(r) && unicode.IsLower(rune(msg[size])) {
				msg = string(unicode.ToLower(r)) + msg[size:]
			}
		}
		return nil, &decodeError{pos: pos, msg: "front matter: " + oneLine(msg)}
	}
	lines := locateTOMLKeys(data)
	root := diag.Pos{File: file, Line: lineOffset + 1, Col: 1}
	return fromTOML(file, m, "", root, lines, lineOffset), nil
}

// lineCol returns the line (from 1, within data, counting line feeds as
// editors do) and column, in characters, of the byte offset off.
func lineCol(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	before := data[:off]
	lineStart := bytes.LastIndexByte(before, '\n') + 1
	return bytes.Count(before, []byte{'\n'}) + 1, utf8.RuneCount(before[lineStart:]) + 1
}

// fromTOML converts a decoded TOML value. path names the value the way
// locateTOMLKeys does ("annotations.1.quote"), to look its line up.
func fromTOML(file string, v any, path string, pos diag.Pos, lines map[string]int, lineOffset int) *node {
	at := func(p string, fallback diag.Pos) diag.Pos {
		if l, ok := lines[p]; ok {
			return diag.Pos{File: file, Line: lineOffset + l, Col: 1}
		}
		return fallback
	}
	join := func(k string) string {
		if path == "" {
			return k
		}
		return path + "." + k
	}
	switch v := v.(type) {
	case map[string]any:
		n := &node{kind: mapNode, pos: pos}
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.SliceStable(keys, func(i, j int) bool {
			li, lj := lines[join(keys[i])], lines[join(keys[j])]
			if li != lj {
				return li < lj
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			kp := at(join(k), pos)
			n.keys = append(n.keys, &node{kind: scalarNode, pos: kp, tag: "str", value: k})
			n.items = append(n.items, fromTOML(file, v[k], join(k), kp, lines, lineOffset))
		}
		return n
	case []map[string]any:
		n := &node{kind: listNode, pos: pos}
		for i, item := range v {
			p := fmt.Sprintf("%s.%d", path, i)
			n.items = append(n.items, fromTOML(file, item, p, at(p, pos), lines, lineOffset))
		}
		return n
	case []any:
		n := &node{kind: listNode, pos: pos}
		for i, item := range v {
			p := fmt.Sprintf("%s.%d", path, i)
			n.items = append(n.items, fromTOML(file, item, p, at(p, pos), lines, lineOffset))
		}
		return n
	case string:
		return &node{kind: scalarNode, pos: pos, tag: "str", value: v, toml: v}
	case bool:
		return &node{kind: scalarNode, pos: pos, tag: "bool", value: strconv.FormatBool(v), toml: v}
	case int64:
		return &node{kind: scalarNode, pos: pos, tag: "int", value: strconv.FormatInt(v, 10), toml: v}
	case float64:
		return &node{kind: scalarNode, pos: pos, tag: "float", value: strconv.FormatFloat(v, 'g', -1, 64), toml: v}
	case time.Time:
		s := v.Format(time.RFC3339Nano)
		// The TOML decoder marks dates and times written without a zone
		// by the name of their location.
		switch v.Location().String() {
		case "date-local":
			s = v.Format("2006-01-02")
		case "datetime-local":
			s = v.Format("2006-01-02T15:04:05.999999999")
		case "time-local":
			s = v.Format("15:04:05.999999999")
		}
		return &node{kind: scalarNode, pos: pos, tag: "timestamp", value: s, toml: s}
	}
	return &node{kind: scalarNode, pos: pos, tag: "str", value: fmt.Sprint(v), toml: fmt.Sprint(v)}
}

var (
	tomlTable      = regexp.MustCompile(`^\s*\[\s*([A-Za-z0-9_.\-" ]+?)\s*\]\s*(#.*)?$`)
	tomlArrayTable = regexp.MustCompile(`^\s*\[\[\s*([A-Za-z0-9_.\-" ]+?)\s*\]\]\s*(#.*)?$`)
	tomlKey        = regexp.MustCompile(`^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=`)
)

// locateTOMLKeys maps the paths of top-level keys, tables, array-of-table
// items and their keys to the line each is written on. It reads lines, not
// TOML, and needs only be good enough to point an editor at the right line.
func locateTOMLKeys(data []byte) map[string]int {
	lines := make(map[string]int)
	counts := make(map[string]int)
	prefix := ""
	depth := 0 // inside a multi-line array or string, keys are not keys
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		if depth == 0 {
			if m := tomlArrayTable.FindStringSubmatch(line); m != nil {
				name := strings.ReplaceAll(m[1], `"`, "")
				idx := counts[name]
				counts[name]++
				prefix = fmt.Sprintf("%s.%d", name, idx)
				setLine(lines, name, n)
				setLine(lines, prefix, n)
				continue
			}
			if m := tomlTable.FindStringSubmatch(line); m != nil {
				prefix = strings.ReplaceAll(m[1], `"`, "")
				setLine(lines, prefix, n)
				continue
			}
			if m := tomlKey.FindStringSubmatch(line); m != nil {
				k := strings.Trim(m[1], `"'`)
				if prefix != "" {
					k = prefix + "." + k
				}
				setLine(lines, k, n)
			}
		}
		depth += strings.Count(line, "[") - strings.Count(line, "]")
		depth += strings.Count(line, `"""`) % 2
		if depth < 0 {
			depth = 0
		}
	}
	return lines
}

func setLine(lines map[string]int, key string, n int) {
	if _, ok := lines[key]; !ok {
		lines[key] = n
	}
}
