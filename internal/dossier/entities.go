package dossier

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"dossier/internal/content"
	"dossier/internal/diag"
	"dossier/internal/slug"
)

// registry resolves names to entities while the model is built.
type registry struct {
	diags  *diag.List
	byKey  [3]map[string]*Entity
	bySlug [3]map[string]*Entity
	// spellings counts how each entity is written in tags, to name
	// entities without a profile by their most frequent spelling; seen
	// numbers spellings in the order met, to break ties.
	spellings map[*Entity]map[string]int
	seen      map[string]int
	list      []*Entity
}

func newRegistry(diags *diag.List) *registry {
	r := &registry{diags: diags, spellings: map[*Entity]map[string]int{}, seen: map[string]int{}}
	for k := range r.byKey {
		r.byKey[k] = map[string]*Entity{}
		r.bySlug[k] = map[string]*Entity{}
	}
	return r
}

func (r *registry) addProfile(p *content.Profile) {
	k := p.Kind
	if other, ok := r.bySlug[k][p.Slug]; ok {
		r.diags.Errorf(p.SlugPos, "%s and %s would both be at /%s/%s/: two profiles for one %s (the other is %s)",
			quote(p.Name), quote(other.Name), k.Dir(), p.Slug, k.Singular(), diag.File(other.pos.File))
		return
	}
	e := &Entity{
		Kind:         k,
		Slug:         p.Slug,
		Name:         p.Name,
		Profile:      p,
		Role:         p.Role,
		Headquarters: p.Headquarters,
		Website:      p.Website,
		key:          slug.Key(p.Name),
		pos:          p.NamePos,
	}
	e.path = e.Path()
	names := append([]content.Name{{Name: p.Name, Key: e.key, Pos: p.NamePos}}, p.Aliases...)
	var keys []string
	for i, n := range names {
		if n.Key == "" {
			r.diags.Errorf(n.Pos, "%s has no letter or digit to match tags by", quote(n.Name))
			continue
		}
		if other, ok := r.byKey[k][n.Key]; ok && other != e {
			r.diags.Errorf(n.Pos, "%s also names %s in %s: two profiles for one %s",
				quote(n.Name), quote(other.Name), diag.File(other.pos.File), k.Singular())
			continue
		}
		if slices.Contains(keys, n.Key) {
			continue // the same alias spelled twice
		}
		keys = append(keys, n.Key)
		e.names = append(e.names, n.Name)
		if i > 0 {
			e.Aliases = append(e.Aliases, n.Name)
		}
	}
	e.keys = keys
	for _, key := range keys {
		r.byKey[k][key] = e
	}
	r.bySlug[k][e.Slug] = e
	r.list = append(r.list, e)
}

// tag returns the entity a tag names, making one when no profile or earlier
// tag does. It returns nil, having reported why, when it cannot.
func (r *registry) tag(k content.Kind, t content.Name) *Entity {
	if t.Key == "" {
		a := "a"
		if k == content.Executive {
			a = "an"
		}
		r.diags.Errorf(t.Pos, "%s has no letter or digit to name %s %s by", quote(t.Name), a, k.Singular())
		return nil
	}
	if e, ok := r.byKey[k][t.Key]; ok {
		r.spell(e, t.Name)
		return e
	}
	s := slug.Make(t.Key)
	if other, ok := r.bySlug[k][s]; ok {
		r.diags.Errorf(t.Pos, "%s would be at /%s/%s/, the page of %s (%s); add it to that profile's aliases or spell it differently",
			quote(t.Name), k.Dir(), s, quote(other.Name), diag.File(other.pos.File))
		return nil
	}
	e := &Entity{Kind: k, Slug: s, Name: t.Name, key: t.Key, keys: []string{t.Key}, pos: t.Pos}
	e.path = e.Path()
	r.byKey[k][t.Key] = e
	r.bySlug[k][s] = e
	r.list = append(r.list, e)
	r.spell(e, t.Name)
	return e
}

func (r *registry) spell(e *Entity, name string) {
	m := r.spellings[e]
	if m == nil {
		m = map[string]int{}
		r.spellings[e] = m
	}
	m[name]++
	if _, ok := r.seen[name]; !ok {
		r.seen[name] = len(r.seen)
	}
}

// linkCompanies resolves each executive profile's company, making the company
// an entity if nothing else does, so the link always has a page to go to.
func (r *registry) linkCompanies() {
	for _, e := range slices.Clone(r.list) {
		if e.Kind != content.Executive || e.Profile == nil || e.Profile.Company.Name == "" {
			continue
		}
		c := r.tag(content.Company, e.Profile.Company)
		if c == nil {
			continue
		}
		e.Company = c
		c.Executives = append(c.Executives, e)
	}
	for _, e := range r.list {
		slices.SortFunc(e.Executives, byName)
	}
}

// finish names entities without a profile by their most frequent spelling,
// the one met first among equals (articles are read in file order), and
// gathers the names mentions are matched by.
func (r *registry) finish() {
	for _, e := range r.list {
		counts := r.spellings[e]
		spellings := make([]string, 0, len(counts))
		for s := range counts {
			spellings = append(spellings, s)
		}
		slices.SortFunc(spellings, func(a, b string) int {
			return cmp.Or(cmp.Compare(counts[b], counts[a]), cmp.Compare(r.seen[a], r.seen[b]))
		})
		if e.Profile == nil && len(spellings) > 0 {
			e.Name = spellings[0]
		}
		for _, s := range spellings {
			if !slices.Contains(e.names, s) {
				e.names = append(e.names, s)
			}
		}
	}
}

func (r *registry) sorted(k content.Kind) []*Entity {
	var out []*Entity
	for _, e := range r.list {
		if e.Kind == k {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, byName)
	return out
}

func (r *registry) all() []*Entity { return r.list }

func byName(a, b *Entity) int {
	return cmp.Or(cmp.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)), cmp.Compare(a.Slug, b.Slug))
}

func (e *Entity) displayName(t content.Name) string { return quote(t.Name) }

func quote(s string) string { return strconv.Quote(s) }
