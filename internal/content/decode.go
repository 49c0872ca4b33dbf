package content

import (
	"fmt"
	"path"
	"strconv"
	"strings"

	"dossier/internal/diag"
	"dossier/internal/pieces"
	"dossier/internal/slug"
)

// A decoder reads the keys of one front-matter map into typed fields,
// collecting every problem instead of stopping at the first.
type decoder struct {
	diags *diag.List
	// known lists the keys this kind of file understands, to suggest one
	// when an unknown key looks like a misspelling of it.
	known []string
	// annotation is the number of the annotation whose keys are read, 0
	// for the file's own: messages name it ("annotation 2: quote").
	annotation int
	// ld is what the values are made in, and remembers the keys of names
	// met before; nil to make each on its own.
	ld *loader
}

// A loader is what a goroutine that loads many files keeps from one file
// to the next: the keys of the names met before, and the arrays and
// strings the files' values are pieces of. A dossier's model holds every
// article's values for as long as it lives, and the garbage collector
// marks each object it holds at every collection: in pieces, they are a
// few objects instead of several an article (see package pieces). A nil
// loader, for a file loaded on its own, makes each value on its own.
type loader struct {
	// keys are the keys of names (slug.Key) met before: the same
	// companies, markets and executives come back in article after
	// article, and their keys are then looked up instead of made again.
	keys     map[string]string
	articles pieces.Of[Article]
	// tags are the articles' tags, apart from the other names: the
	// model lets them go once it has resolved them
	// (dossier.Options.DropSources), and a piece lives as long as its
	// array.
	tags        pieces.Of[Name]
	names       pieces.Of[Name]
	annotations pieces.Of[Annotation]
	strings     *pieces.Strings
}

// newLoader returns a loader for a goroutine that will load about files
// files: what it makes its pieces of is no larger than they need.
func newLoader(files int) *loader {
	n := min(max(files, 1), 128)
	return &loader{
		keys:        make(map[string]string),
		articles:    pieces.Chunked[Article](n),
		tags:        pieces.Chunked[Name](8 * n),
		names:       pieces.Chunked[Name](2 * n),
		annotations: pieces.Chunked[Annotation](2 * n),
		strings:     pieces.ChunkedStrings(1024 * n),
	}
}

// maxNameKeys bounds the keys a loader remembers.
const maxNameKeys = 1 << 14

// key returns slug.Key(name).
func (l *loader) key(name string) string {
	if l == nil {
		return slug.Key(name)
	}
	if key, ok := l.keys[name]; ok {
		return key
	}
	key := slug.Key(name)
	if len(l.keys) < maxNameKeys {
		l.keys[name] = key
	}
	return key
}

// article returns a new, zero Article.
func (l *loader) article() *Article {
	if l == nil {
		return new(Article)
	}
	return l.articles.New()
}

// nameList returns an empty list of names, or of an article's tags, with
// room for n.
func (l *loader) nameList(n int, tags bool) []Name {
	switch {
	case l == nil:
		return make([]Name, 0, n)
	case tags:
		return l.tags.Take(n)[:0]
	}
	return l.names.Take(n)[:0]
}

// annotationList returns an empty list of annotations with room for n.
func (l *loader) annotationList(n int) []Annotation {
	if l == nil {
		return make([]Annotation, 0, n)
	}
	return l.annotations.Take(n)[:0]
}

// stringPieces returns what strings are made in, nil to make each on its
// own.
func (l *loader) stringPieces() *pieces.Strings {
	if l == nil {
		return nil
	}
	return l.strings
}

// join is path.Join(root, p).
func (l *loader) join(root, p string) string {
	return l.stringPieces().Concat(path.Join(root, p))
}

// label names a key in messages.
func (d *decoder) label(key string) string {
	if d.annotation == 0 {
		return key
	}
	return fmt.Sprintf("annotation %d: %s", d.annotation, key)
}

// fields walks the map m, calling handle for each known key. Unknown keys are
// returned as plain values for templates (.Params), with a warning when they
// look like a misspelled known key; nil when there are none.
func (d *decoder) fields(m *node, handle func(key string, v *node)) map[string]any {
	var params map[string]any
	// Keys given twice are found by looking back at the keys before, as
	// front matter has few; past seenScan keys, in a map.
	var seen map[string]bool
	if len(m.keys) > seenScan {
		seen = make(map[string]bool, len(m.keys))
	}
	for i, k := range m.keys {
		key := k.value
		v := m.items[i]
		if k.kind != scalarNode {
			d.diags.Errorf(k.pos, "a key must be a name, not %s", k.describe())
			continue
		}
		if seen != nil && seen[key] || seen == nil && givenBefore(m.keys[:i], key) {
			d.diags.Errorf(k.pos, "key %q is given twice", key)
			continue
		}
		if seen != nil {
			seen[key] = true
		}
		if contains(d.known, key) {
			handle(key, v)
			continue
		}
		if s := Suggest(key, d.known); s != "" {
			d.diags.Warnf(k.pos, "unknown key %q; did you mean %q?", key, s)
		}
		if params == nil {
			params = map[string]any{}
		}
		params[key] = plain(v)
	}
	return params
}

// seenScan is how many keys a map may have for fields to find keys given
// twice by looking back.
const seenScan = 32

// givenBefore reports whether one of keys, those before the key being
// read, is the name key: a name, not a list or a mapping.
func givenBefore(keys []*node, key string) bool {
	for _, k := range keys {
		if k.kind == scalarNode && k.value == key {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// str reads a string. Numbers, dates and booleans written without quotes are
// taken as the text they were written as: a title of 1984 is a title.
func (d *decoder) str(key string, v *node) string {
	if v.kind != scalarNode {
		d.diags.Errorf(v.pos, "%s: expected a string, got %s", d.label(key), v.describe())
		return ""
	}
	if v.tag == "null" {
		return ""
	}
	return strings.TrimSpace(v.value)
}

// choice reads a string that must be one of options, in any case; another
// is an error, with the option meant when it looks like a misspelling, and
// gives the first option, the default.
func (d *decoder) choice(key string, v *node, options []string) string {
	s := strings.ToLower(d.str(key, v))
	if s == "" && v.kind == scalarNode && v.tag == "null" {
		return options[0]
	}
	if contains(options, s) {
		return s
	}
	if v.kind != scalarNode {
		return options[0] // reported by str
	}
	msg := fmt.Sprintf("%s %q is not one of %s", d.label(key), s, oneOf(options))
	if m := Suggest(s, options); m != "" {
		msg += fmt.Sprintf("; did you mean %q?", m)
	}
	d.diags.Errorf(v.pos, "%s", msg)
	return options[0]
}

// oneOf lists options for a message: "a, b or c".
func oneOf(options []string) string {
	if len(options) == 1 {
		return options[0]
	}
	return strings.Join(options[:len(options)-1], ", ") + " or " + options[len(options)-1]
}

func (d *decoder) boolean(key string, v *node) bool {
	if v.kind == scalarNode && v.tag == "bool" {
		b, _ := strconv.ParseBool(strings.ToLower(v.value))
		return b
	}
	d.diags.Errorf(v.pos, "%s: expected true or false, got %s", d.label(key), v.describe())
	return false
}

func (d *decoder) integer(key string, v *node) int {
	if v.kind == scalarNode && v.tag == "int" {
		if n, err := strconv.Atoi(v.value); err == nil {
			return n
		}
	}
	d.diags.Errorf(v.pos, "%s: expected a whole number, got %s", d.label(key), v.describe())
	return 0
}

// Name is a name as written in front matter, with its place, so that a tag
// that cannot be resolved is reported where it is written.
type Name struct {
	Name string
	Key  string // slug.Key(Name): what it is matched to entities by
	Pos  diag.Pos
}

// names reads a string or a list of strings; nil when it holds no name.
func (d *decoder) names(key string, v *node) []Name { return d.nameList(key, v, false) }

// tags is names for an article's tags.
func (d *decoder) tags(key string, v *node) []Name { return d.nameList(key, v, true) }

func (d *decoder) nameList(key string, v *node, tags bool) []Name {
	items := []*node{v}
	switch v.kind {
	case scalarNode:
		if v.tag == "null" {
			return nil
		}
	case listNode:
		items = v.items
	default:
		d.diags.Errorf(v.pos, "%s: expected a name or a list of names, got %s", d.label(key), v.describe())
		return nil
	}
	var out []Name
	for _, it := range items {
		if it.kind != scalarNode || it.tag == "null" {
			d.diags.Errorf(it.pos, "%s: expected a name, got %s", d.label(key), it.describe())
			continue
		}
		s := strings.TrimSpace(it.value)
		if s == "" {
			d.diags.Errorf(it.pos, "%s: empty name", d.label(key))
			continue
		}
		if out == nil {
			out = d.ld.nameList(len(items), tags)
		}
		out = append(out, Name{Name: s, Key: d.ld.key(s), Pos: it.pos})
	}
	return out
}

// appendNames is append(names, more...), without copying more when names
// is nil.
func appendNames(names, more []Name) []Name {
	if names == nil {
		return more
	}
	return append(names, more...)
}

func (d *decoder) date(key string, v *node) Date {
	if v.kind != scalarNode || v.tag == "null" {
		d.diags.Errorf(v.pos, "%s: expected a date, got %s", key, v.describe())
		return Date{}
	}
	date, err := ParseDate(v.value)
	if err != nil {
		d.diags.Errorf(v.pos, "%v", err)
	}
	return date
}

// plain converts a node to the values templates expect: string, int64,
// float64, bool, []any, map[string]any.
func plain(n *node) any {
	switch n.kind {
	case listNode:
		out := make([]any, len(n.items))
		for i, it := range n.items {
			out[i] = plain(it)
		}
		return out
	case mapNode:
		out := make(map[string]any, len(n.keys))
		for i, k := range n.keys {
			out[k.value] = plain(n.items[i])
		}
		return out
	}
	switch n.tag {
	case "null":
		return nil
	case "bool":
		b, _ := strconv.ParseBool(strings.ToLower(n.value))
		return b
	case "int":
		if i, err := strconv.ParseInt(n.value, 0, 64); err == nil {
			return i
		}
	case "float":
		if f, err := strconv.ParseFloat(n.value, 64); err == nil {
			return f
		}
	}
	return n.value
}

// Suggest is diag.Suggest: the closest candidate to s when it is near
// enough to be a likely misspelling, or "".
func Suggest(s string, candidates []string) string { return diag.Suggest(s, candidates) }
