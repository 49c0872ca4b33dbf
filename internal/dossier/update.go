package dossier

import (
	"reflect"
	"slices"

	"dossier/internal/content"
	"dossier/internal/diag"
	"dossier/internal/markdown"
)

// Updating a model in place is the fast path of live rebuilds.
//
// Building the model of a large dossier costs most of a second, nearly all
// of it in its structure: the order of the articles, each entity's articles,
// co-mentions and related articles. The edit an editor makes most — an
// article's text — changes none of that. Update recognises such edits and
// redoes only the changed articles: their fields from the file, their body's
// HTML and their fingerprints, keeping every link between model objects as it
// was. Anything else is left to Build.
//
// What Update may treat as unchanged structure is decided by what it
// compares, not by a list of what is structural: a content.Article field
// that Update does not know counts as structural (see sameStructure), so a
// field added later is safe by default.

// memo is what a model was built from, kept by Build for Update.
type memo struct {
	src  *content.Content
	reg  *registry
	opts Options // without Previous
	// diags is what building the model reported (content diagnostics
	// are the caller's), and noted the files it names.
	diags  diag.List
	noted  map[string]bool
	byPath map[string]*Article // the model's articles by content path
}

func (d *Dossier) remember(c *content.Content, reg *registry, opts Options, diags diag.List) {
	opts.Previous = nil
	m := &memo{
		src:    c,
		reg:    reg,
		opts:   opts,
		diags:  slices.Clone(diags),
		noted:  map[string]bool{},
		byPath: make(map[string]*Article, len(d.Articles)),
	}
	for _, x := range diags {
		m.noted[x.Pos.File] = true
	}
	for _, a := range d.Articles {
		m.byPath[a.source.Path] = a
	}
	d.memo = m
}

// Change tells what an Update changed.
type Change struct {
	// Articles are those whose fingerprints changed, so whose pages
	// must be compared again.
	Articles []*Article
	// Lists is set when what lists show of some of those articles
	// changed (their ListHash), not only their own pages (their Hash).
	Lists bool
}

// Update brings d up to date with c in place when c differs from the
// content d was built from only inside articles: their text, source,
// author, summary and unknown keys. The structure of the dossier — which
// articles there are, their slugs, titles, dates, tags and annotations,
// the profiles and the dossier's own settings — must be the same, and the
// changed articles must be ones the last build reported no problem about.
// A changed article's annotations must also show the same on other pages:
// the same passages, numbers and notes, and, if it has any, the same
// article data in lists.
//
// Update reports false, leaving d as it was, when the change needs a Build.
// Otherwise it reports true with every problem a Build of c would report
// (content diagnostics aside); if those include errors, d is left as it was.
// Unchanged files must be given as the same *content.Article values as
// before: that is how Update tells them from changed ones.
func (d *Dossier) Update(c *content.Content, md *markdown.Renderer) (Change, diag.List, bool) {
	m := d.memo
	if m == nil || !sameShell(m.src, c) {
		return Change{}, nil, false
	}
	var (
		olds  []*Article
		fresh []*Article
		diags diag.List
	)
	for i, s := range c.Articles {
		before := m.src.Articles[i]
		if s == before {
			continue
		}
		if s.Path != before.Path || !sameStructure(before, s) {
			return Change{}, nil, false
		}
		if s.Draft && !m.opts.Drafts {
			continue // not in the model, before or now
		}
		old := m.byPath[s.Path]
		if old == nil || m.noted[old.File] {
			return Change{}, nil, false
		}
		made := d.addArticles([]*content.Article{s}, m.reg, m.opts.Drafts, &diags)
		if len(made) != 1 || len(diags) > 0 || !sameEntities(made[0], old) {
			return Change{}, nil, false
		}
		a := made[0]
		a.Related, a.Prev, a.Next = old.Related, old.Prev, old.Next
		// Its notes are unchanged (sameStructure), and rendered.
		a.DateNote, a.Note = old.DateNote, old.Note
		olds = append(olds, old)
		fresh = append(fresh, a)
	}

	// Render and fingerprint the changed articles as Build does, through
	// a dossier holding only them: bodies whose input is unchanged are
	// reused, and the entities they link to keep their fingerprints. The
	// registry is the model's, so that names resolve as Build did, and
	// so are the claims, whose other reports the notes name: the
	// annotations, unchanged, are the same reports.
	part := &Dossier{Articles: fresh, loaded: fresh}
	reg := *m.reg
	reg.diags = &diags
	claims := make(map[string]*Claim, len(d.Claims))
	for _, c := range d.Claims {
		claims[c.Slug] = c
	}
	reuse := map[string]*Article{}
	for i, a := range fresh {
		a.r = d.r
		a.notes = prepareAnnotations(a, &reg, claims, &diags)
		reuse[olds[i].File] = olds[i]
	}
	diags.Add(part.renderAll(true, reuse))
	all := append(slices.Clone(m.diags), diags...)
	if diags.HasErrors() {
		return Change{}, all, true
	}
	// Annotations are shown on entity and claim pages too; the model's
	// annotation objects, which those pages hold, stay, with what only
	// the article's page or messages show brought up to date.
	for i, a := range fresh {
		old := olds[i]
		was, now := old.Annotations(), a.Annotations()
		if len(now) != len(was) || len(a.notes) != len(old.notes) {
			return Change{}, nil, false
		}
		for j, an := range now {
			if !sameAnnotation(an, was[j]) {
				return Change{}, nil, false
			}
		}
		for k, an := range a.notes {
			kept := *old.notes[k]
			kept.at, kept.pos = an.at, an.pos
			a.notes[k] = &kept
		}
		a.text.annotations = anchored(a.notes)
	}
	part.fingerprint()

	var ch Change
	for i, a := range fresh {
		old := olds[i]
		was := old.Annotations()
		for j, an := range a.Annotations() {
			if an.Hash != was[j].Hash {
				return Change{}, nil, false // lists of annotations change
			}
		}
		if a.Hash != old.Hash || a.ListHash != old.ListHash {
			ch.Articles = append(ch.Articles, old)
			ch.Lists = ch.Lists || a.ListHash != old.ListHash
		}
	}
	for i, a := range fresh {
		old := olds[i]
		for k, an := range a.notes {
			*old.notes[k] = *an
			a.notes[k] = old.notes[k]
		}
		a.text.annotations = anchored(a.notes)
		*old = *a // in place: every pointer to the article stays good
	}
	m.src = c
	m.diags = all
	for _, x := range diags {
		m.noted[x.Pos.File] = true
	}
	return ch, slices.Clone(all), true
}

// sameAnnotation reports whether an annotation rendered again shows what
// the model's did wherever the model lists it.
func sameAnnotation(a, b *Annotation) bool {
	same := a.at.ID == b.at.ID && a.at.Number == b.at.Number && a.at.Order == b.at.Order && a.Kind == b.Kind &&
		a.at.Passage == b.at.Passage && a.at.NoteHTML == b.at.NoteHTML && a.Speaker == b.Speaker &&
		a.SpeakerInferred == b.SpeakerInferred && slices.Equal(a.About, b.About)
	if a.Claim == nil || b.Claim == nil {
		return same && a.Claim == b.Claim
	}
	return same && a.Claim.Slug == b.Claim.Slug
}

// sameShell reports whether two contents have the same dossier settings,
// profiles and claims, and the same number of articles.
func sameShell(a, b *content.Content) bool {
	if len(a.Articles) != len(b.Articles) || !slices.Equal(a.Profiles, b.Profiles) || !slices.Equal(a.Claims, b.Claims) {
		return false
	}
	// An absent _index.md gives a new default Index each time.
	return a.Index == b.Index || reflect.DeepEqual(a.Index, b.Index)
}

// sameStructure reports whether two versions of an article differ only in
// fields that no other article's page, no entity and no order depends on.
// The fields named here are the ones known to be such; every other field,
// including any added later, must be equal.
func sameStructure(a, b *content.Article) bool {
	x, y := a.WithoutText(), b.WithoutText()
	for _, v := range []*content.Article{&x, &y} {
		v.Source, v.SourceURL, v.Author, v.Summary = "", "", "", ""
		v.Params = nil
	}
	return reflect.DeepEqual(x, y)
}

// sameEntities reports whether two articles are tagged with the same
// entities, the same model objects in the same order.
func sameEntities(a, b *Article) bool {
	for k := range a.Entities {
		if !slices.Equal(a.Entities[k], b.Entities[k]) {
			return false
		}
	}
	return true
}
