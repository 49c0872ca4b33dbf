package content

import (
	"fmt"
	"strings"

	"dossier/internal/claim"
	"dossier/internal/diag"
	"dossier/internal/slug"
)

// Kind is the kind of an entity: what its profile folder and URLs are named
// after.
type Kind int

const (
	Company Kind = iota
	Market
	Executive
)

// Kinds lists the entity kinds in the order pages show them.
var Kinds = []Kind{Company, Market, Executive}

// Dir is the folder of the kind's profiles in content and of its pages in
// the output.
func (k Kind) Dir() string {
	return [...]string{"companies", "markets", "executives"}[k]
}

// Singular names one entity of the kind, for messages and headings.
func (k Kind) Singular() string {
	return [...]string{"company", "market", "executive"}[k]
}

// Plural names the kind's index, for headings.
func (k Kind) Plural() string {
	return [...]string{"Companies", "Markets", "Executives"}[k]
}

// Profile is an entity's optional profile file: its canonical name, the other
// names articles use for it, and a Markdown text about it.
type Profile struct {
	File string
	Path string
	Kind Kind

	Name    string
	NamePos diag.Pos
	Aliases []Name
	Slug    string
	SlugPos diag.Pos

	Company      Name   // executives: the company they work for
	Role         string // executives
	Headquarters string // companies
	Website      string // companies

	Params   map[string]any
	Body     []byte
	BodyLine int
}

var profileKeys = map[Kind][]string{
	Company:   {"name", "aliases", "slug", "headquarters", "website"},
	Market:    {"name", "aliases", "slug"},
	Executive: {"name", "aliases", "slug", "company", "role"},
}

func decodeProfile(file, path string, kind Kind, doc *document, diags *diag.List) *Profile {
	p := &Profile{File: file, Path: path, Kind: kind, Body: doc.body, BodyLine: doc.bodyLine}
	top := diag.Pos{File: file, Line: 1, Col: 1}
	if doc.meta == nil {
		diags.Errorf(top, "no front matter: a profile starts with --- and a name")
		return nil
	}
	d := &decoder{diags: diags, known: profileKeys[kind]}
	p.NamePos = top
	p.Params = d.fields(doc.meta, func(key string, v *node) {
		switch key {
		case "name":
			p.Name = d.str(key, v)
			p.NamePos = v.pos
			if p.Name == "" && v.kind == scalarNode {
				diags.Errorf(v.pos, "name is empty")
			}
		case "aliases":
			p.Aliases = d.names(key, v)
		case "slug":
			p.Slug = d.str(key, v)
			p.SlugPos = v.pos
		case "company":
			if names := d.names(key, v); len(names) > 0 {
				p.Company = names[0]
			}
		case "role":
			p.Role = d.str(key, v)
		case "headquarters":
			p.Headquarters = d.str(key, v)
		case "website":
			p.Website = d.str(key, v)
			if p.Website != "" {
				if err := checkHTTPURL(p.Website); err != nil {
					diags.Errorf(v.pos, "website: %v", err)
					p.Website = ""
				}
			}
		}
	})
	if p.Name == "" {
		if p.NamePos == top {
			diags.Errorf(top, "missing name")
		}
		return nil
	}
	if p.Slug != "" {
		if strings.ContainsAny(p.Slug, `/\`) || strings.Contains(p.Slug, "..") {
			diags.Errorf(p.SlugPos, "slug %q would leave the output folder: a slug is one URL name, without / or ..", p.Slug)
			return nil
		}
		p.Slug = slug.Make(p.Slug)
	} else {
		p.Slug = slug.Make(p.Name)
		p.SlugPos = p.NamePos
	}
	if p.Slug == "" {
		diags.Errorf(p.SlugPos, "%q has no letter or digit to make a URL from; add a slug", p.Name)
		return nil
	}
	return p
}

// Index is the dossier itself, from content/_index.md: its title, what it
// is about, the introduction on the home page, and site settings.
type Index struct {
	File        string
	Title       string
	Description string
	// PageSize is how many items a list page shows before it continues on
	// a next page.
	PageSize int
	Params   map[string]any
	Body     []byte
	BodyLine int
}

// DefaultPageSize is the length of list pages unless _index.md sets
// page_size.
const DefaultPageSize = 50

var indexKeys = []string{"title", "description", "page_size"}

func decodeIndex(file string, doc *document, diags *diag.List) *Index {
	ix := &Index{File: file, PageSize: DefaultPageSize, Body: doc.body, BodyLine: doc.bodyLine}
	if doc.meta == nil {
		return ix
	}
	d := &decoder{diags: diags, known: indexKeys}
	ix.Params = d.fields(doc.meta, func(key string, v *node) {
		switch key {
		case "title":
			ix.Title = d.str(key, v)
		case "description":
			ix.Description = d.str(key, v)
		case "page_size":
			if n := d.integer(key, v); n > 0 {
				ix.PageSize = n
			} else if v.tag == "int" {
				diags.Errorf(v.pos, "page_size must be at least 1")
			}
		}
	})
	return ix
}

// ClaimInfo describes a tracked claim, from content/claims/<slug>.md: a title
// for its page and a text saying what is claimed and why it is tracked;
// the unit and measure of its values, the tolerance within which they
// agree, and the editors' verdict.
type ClaimInfo struct {
	File    string
	Path    string
	Slug    string
	Title   string
	Summary string

	Unit    claim.Unit // "" when the file does not set it
	UnitPos diag.Pos
	Measure string
	// Tolerance is how far apart two values may be and agree; nil: they
	// agree when equal at the precision given.
	Tolerance    *claim.Number
	TolerancePos diag.Pos
	// Verdict is one of Verdicts, or ""; VerdictNote, Markdown, says why.
	Verdict        string
	VerdictNote    string
	VerdictNotePos diag.Pos

	Params   map[string]any
	Body     []byte
	BodyLine int
}

// Verdicts are the verdicts the editors may give a claim.
var Verdicts = []string{"consistent", "contested", "unverified"}

var claimKeys = []string{"title", "summary", "unit", "measure", "tolerance", "verdict", "verdict_note"}

func decodeClaim(file, path string, doc *document, diags *diag.List) *ClaimInfo {
	name := strings.TrimSuffix(path[strings.LastIndex(path, "/")+1:], ".md")
	c := &ClaimInfo{File: file, Path: path, Slug: slug.Make(name), Body: doc.body, BodyLine: doc.bodyLine}
	if c.Slug == "" {
		diags.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "file name %q has no letter or digit to make a URL from", name)
		return nil
	}
	if doc.meta == nil {
		return c
	}
	d := &decoder{diags: diags, known: claimKeys}
	var tolerance string
	var verdictPos diag.Pos
	c.Params = d.fields(doc.meta, func(key string, v *node) {
		switch key {
		case "title":
			c.Title = d.str(key, v)
		case "summary":
			c.Summary = d.str(key, v)
		case "unit":
			if s := d.str(key, v); v.kind == scalarNode {
				u, err := claim.ParseUnit(s)
				if err != nil {
					diags.Errorf(v.pos, "%v", err)
				}
				c.Unit, c.UnitPos = u, v.pos
			}
		case "measure":
			c.Measure = d.str(key, v)
		case "tolerance":
			tolerance, c.TolerancePos = d.str(key, v), v.pos
		case "verdict":
			c.Verdict, verdictPos = strings.ToLower(d.str(key, v)), v.pos
		case "verdict_note":
			c.VerdictNote, c.VerdictNotePos = d.str(key, v), v.pos
		}
	})
	if tolerance != "" {
		n, u, err := claim.ParseValue(tolerance)
		switch {
		case err != nil:
			diags.Errorf(c.TolerancePos, "tolerance: %v", err)
		case u != "" && c.Unit != "" && u != c.Unit:
			diags.Errorf(c.TolerancePos, "tolerance is in %s, but the claim's unit is %s", u, c.Unit)
		default:
			c.Tolerance = &n
		}
	}
	switch {
	case c.Verdict != "" && !contains(Verdicts, c.Verdict):
		msg := fmt.Sprintf("verdict %q is not one of %s", c.Verdict, strings.Join(Verdicts, ", "))
		if s := Suggest(c.Verdict, Verdicts); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		diags.Errorf(verdictPos, "%s", msg)
	case c.Verdict != "" && c.VerdictNote == "":
		diags.Errorf(verdictPos, "verdict %s needs a verdict_note saying why", c.Verdict)
	case c.Verdict == "" && c.VerdictNote != "":
		diags.Errorf(c.VerdictNotePos, "verdict_note without a verdict")
	}
	return c
}
