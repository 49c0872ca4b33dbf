package content

import (
	"fmt"
	"strings"

	"dossier/internal/diag"
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
	if b, ok := v.scalar().(bool); ok && v.kind == scalarNode {
		return b
	}
	d.diags.Errorf(v.pos, "%s: expected true or false, got %s", d.label(key), v.describe())
	return false
}

func (d *decoder) integer(key string, v *node) int {
	if n, ok := v.scalar().(int64); ok && v.kind == scalarNode && int64(int(n)) == n {
		return int(n)
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
func (d *decoder) names(key string, v *node) []Name {
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
		out = append(out, Name{Name: s, Key: slug.Key(s), Pos: it.pos})
	}
	return out
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
	return n.scalar()
}

// scalar returns a scalar's value as its front matter's decoder decodes
// it: nil, bool, int64, float64, or the text as a string (dates, and
// numbers too large for their type, included); nil for a list or a
// mapping.
func (n *node) scalar() any {
	if n.kind != scalarNode {
		return nil
	}
	if n.yaml == nil {
		return n.toml // nil for the null that stands for what is not decoded
	}
	switch n.tag {
	case "null":
		return nil
	case "bool":
		return decodeAs[bool](n)
	case "int":
		return decodeAs[int64](n)
	case "float":
		return decodeAs[float64](n)
	}
	return n.value
}

// decodeAs is a YAML scalar decoded as a T by the YAML decoder, or its text
// when it is not one.
func decodeAs[T any](n *node) any {
	var v T
	if err := n.yaml.Decode(&v); err != nil {
		return n.value
	}
	return v
}

// Suggest is diag.Suggest: the closest candidate to s when it is near
// enough to be a likely misspelling, or "".
func Suggest(s string, candidates []string) string { return diag.Suggest(s, candidates) }
