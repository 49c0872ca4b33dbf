package content

import (
	"cmp"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"net/url"
	"slices"
	"strings"

	"dossier/internal/claim"
	"dossier/internal/diag"
	"dossier/internal/slug"
)

// Article is one news article as its file gives it: front matter decoded and
// checked, the Markdown body not yet rendered.
type Article struct {
	File string // the path reported in messages, e.g. content/articles/x.md
	Path string // the path inside the content folder, e.g. articles/x.md

	Title string
	// TitleBasis is TitleStated or TitleEditors: who wrote the headline.
	TitleBasis string
	Date       Date
	// DateBasis says how Date is known: DateStated, DateInferred or
	// DateExternal. DateNote is the editors' explanation, in Markdown.
	DateBasis string
	DateNote  string
	// Note is the editors' note on the article as received (its byline,
	// what was left out of it), in Markdown.
	Note      string
	Source    string
	SourceURL string
	Author    string
	Summary   string
	Slug      string
	SlugPos   diag.Pos // where the slug key is, else the file's first line
	Draft     bool

	Companies  []Name
	Markets    []Name
	Executives []Name

	Annotations []Annotation

	// Params holds the front-matter keys dossier does not know, for
	// templates; nil when there are none (templates read a nil map as
	// an empty one).
	Params map[string]any

	// Body is the Markdown, nil when it was let go (LoadHolding, or a
	// caller done with it): ReadBody reads it again.
	Body     []byte
	BodyLine int // the file line on which Body starts

	bodyOffset int    // where Body starts in the file
	bodyLen    int    // Body's length: the file's size was bodyOffset+bodyLen
	bodyHash   uint64 // of Body, to tell that the file read again is the same
}

// WithoutText returns a copy of the article without its Markdown and what
// is known of it (the line it starts on, where it is in the file), for
// comparing what the front matter says.
func (a *Article) WithoutText() Article {
	x := *a
	x.Body, x.BodyLine, x.bodyOffset, x.bodyLen, x.bodyHash = nil, 0, 0, 0, 0
	return x
}

// ReadBody returns the article's Markdown: Body, or, when it was let go,
// the file read again from fsys, the content folder it was loaded from. A
// file whose Markdown is no longer what was loaded is an error: its front
// matter, decoded then, would not go with it.
func (a *Article) ReadBody(fsys fs.FS) ([]byte, error) {
	if a.Body != nil {
		return a.Body, nil
	}
	data, err := readFile(fsys, a.Path, false)
	if err != nil {
		return nil, err
	}
	return a.bodyOf(data)
}

// bodyOf returns the article's Markdown in data, its file read again.
func (a *Article) bodyOf(data []byte) ([]byte, error) {
	if a.bodyOffset > len(data) || !a.isBody(data[a.bodyOffset:]) {
		return nil, errChanged
	}
	return data[a.bodyOffset:], nil
}

// isBody reports whether b is the Markdown the article was loaded with.
func (a *Article) isBody(b []byte) bool {
	return len(b) == a.bodyLen && maphash.Bytes(hashSeed, b) == a.bodyHash
}

var errChanged = errors.New("the file changed while the site was being built")

// Annotation kinds.
const (
	KindNote       = "note"
	KindQuote      = "quote"
	KindClaim      = "claim"
	KindCorrection = "correction"
)

// AnnotationKinds lists the kinds an annotation may have.
var AnnotationKinds = []string{KindNote, KindQuote, KindClaim, KindCorrection}

// How a date, a headline or a speaker is known: the bases. What is stated
// is the publisher's; the rest is the editors', and pages say so.
const (
	// BasisStated: the publisher printed it (the default).
	BasisStated = "stated"
	// BasisInferred: the editors inferred it from the article's own text.
	BasisInferred = "inferred"
	// BasisExternal: the editors know it from outside the article.
	BasisExternal = "external"
	// BasisEditors: the editors wrote it (a headline).
	BasisEditors = "editors"
)

// The bases each key accepts.
var (
	DateBases    = []string{BasisStated, BasisInferred, BasisExternal}
	TitleBases   = []string{BasisStated, BasisEditors}
	SpeakerBases = []string{BasisStated, BasisInferred}
)

// Annotation anchors an editor's note to an exact passage of an article, as
// the W3C Web Annotation model's TextQuoteSelector does: the passage is found
// by its text (Quote), with Prefix and Suffix to choose among repeats.
type Annotation struct {
	Pos   diag.Pos // the annotation's own line in the file
	Index int      // 1-based, in the order written

	Quote  string
	Prefix string
	Suffix string
	Note   string
	Kind   string
	Claim  string // kind claim: the slug of the claim it is an appearance of
	// Speaker is who said the passage (kind quote); SpeakerBasis is
	// BasisStated when the article names them, BasisInferred when the
	// editors attribute the passage.
	Speaker      Name
	SpeakerBasis string
	About        []Name

	QuotePos diag.Pos
	ClaimPos diag.Pos

	// Figure is what a claim annotation reports in numbers; nil when the
	// annotation gives none of its keys.
	Figure *Figure
}

// Figure is what a claim annotation reports in numbers: a value, its unit
// and period, what is counted, and the source the article credits.
type Figure struct {
	Value    claim.Number
	HasValue bool
	// Unit is the unit key, else the unit the value's own text gives
	// ("13.1 percent", "fifth", "$1.1 billion"); "" when neither does.
	Unit        claim.Unit
	Period      claim.Period
	Measure     string
	AccordingTo string
	// ValueInferred and PeriodInferred mark a value or period the
	// editors worked out rather than read in the passage; the note says
	// how.
	ValueInferred, PeriodInferred bool

	ValuePos, UnitPos, PeriodPos diag.Pos
}

var articleKeys = []string{
	"title", "title_basis", "date", "date_basis", "date_note", "note", "source", "source_url", "author", "summary", "slug", "draft",
	"companies", "company", "regions", "region", "markets", "market", "executives", "executive",
	"annotations",
}

var annotationKeys = []string{"quote", "prefix", "suffix", "note", "kind", "claim", "speaker", "speaker_basis", "about",
	"value", "unit", "period", "measure", "according_to", "value_inferred", "period_inferred"}

func decodeArticle(file, path string, doc *document, diags *diag.List) *Article {
	top := diag.Pos{File: file, Line: 1, Col: 1}
	meta := doc.meta
	if meta == nil {
		diags.Errorf(top, "no front matter: an article starts with --- and a title and date")
		return nil
	}
	a := &Article{File: file, Path: path, Body: doc.body, BodyLine: doc.bodyLine, TitleBasis: BasisStated, DateBasis: BasisStated}
	d := &decoder{diags: diags, known: articleKeys}
	var titleSeen, dateSeen bool
	var slugPos, basisPos diag.Pos
	a.Params = d.fields(meta, func(key string, v *node) {
		switch key {
		case "title":
			titleSeen = true
			a.Title = d.str(key, v)
			if a.Title == "" && v.kind == scalarNode {
				diags.Errorf(v.pos, "title is empty")
			}
		case "title_basis":
			a.TitleBasis = d.choice(key, v, TitleBases)
		case "date":
			dateSeen = true
			a.Date = d.date(key, v)
		case "date_basis":
			a.DateBasis = d.choice(key, v, DateBases)
			basisPos = v.pos
		case "date_note":
			a.DateNote = d.str(key, v)
		case "note":
			a.Note = d.str(key, v)
		case "source":
			a.Source = d.str(key, v)
		case "source_url":
			a.SourceURL = d.str(key, v)
			if a.SourceURL != "" {
				if err := checkHTTPURL(a.SourceURL); err != nil {
					diags.Errorf(v.pos, "source_url: %v", err)
					a.SourceURL = ""
				}
			}
		case "author":
			a.Author = d.str(key, v)
		case "summary":
			a.Summary = d.str(key, v)
		case "slug":
			a.Slug = d.str(key, v)
			slugPos = v.pos
		case "draft":
			a.Draft = d.boolean(key, v)
		case "companies", "company":
			a.Companies = append(a.Companies, d.names(key, v)...)
		case "regions", "region", "markets", "market":
			a.Markets = append(a.Markets, d.names(key, v)...)
		case "executives", "executive":
			a.Executives = append(a.Executives, d.names(key, v)...)
		case "annotations":
			a.Annotations = decodeAnnotations(d, v)
		}
	})
	limitTags(a, diags)
	if len(a.Annotations) > MaxAnnotations {
		// None is anchored: anchoring a thousand quotes in a large text
		// takes a second, for an article that fails anyway.
		diags.Errorf(a.Annotations[MaxAnnotations].Pos, "annotation %d: an article may have at most %d annotations; this one has %d",
			MaxAnnotations+1, MaxAnnotations, len(a.Annotations))
		a.Annotations = nil
	}
	if !titleSeen {
		diags.Errorf(top, "missing title")
	}
	if !dateSeen {
		diags.Errorf(top, "missing date")
	}
	if a.DateBasis != BasisStated && a.DateNote == "" {
		diags.Warnf(basisPos, "date_basis is %s but no date_note says how the editors dated the article", a.DateBasis)
	}
	if slugPos.Line == 0 {
		slugPos = top
	}
	a.Slug = articleSlug(a.Slug, slugPos, path, diags)
	a.SlugPos = slugPos
	return a
}

// MaxTags bounds the companies, markets and executives one article tags,
// and MaxAnnotations its annotations. Each entity an article tags is
// counted with each other one ("often named with"), and each annotation is
// looked for in the whole text: an article of thousands of tags or
// annotations, a few hundred kilobytes, would keep a build busy for
// minutes. No article needs that many.
const (
	MaxTags        = 100
	MaxAnnotations = 1000
)

// limitTags reports an article with more than MaxTags tags at the first
// tag over the limit, and keeps only the first MaxTags, so that the rest
// of the build, which goes on to report every problem, stays quick.
func limitTags(a *Article, diags *diag.List) {
	n := len(a.Companies) + len(a.Markets) + len(a.Executives)
	if n <= MaxTags {
		return
	}
	all := slices.Concat(a.Companies, a.Markets, a.Executives)
	slices.SortStableFunc(all, func(x, y Name) int {
		return cmp.Or(cmp.Compare(x.Pos.Line, y.Pos.Line), cmp.Compare(x.Pos.Col, y.Pos.Col))
	})
	diags.Errorf(all[MaxTags].Pos, "an article may tag at most %d companies, markets and executives; this one tags %d",
		MaxTags, n)
	room := MaxTags
	for _, list := range []*[]Name{&a.Companies, &a.Markets, &a.Executives} {
		*list = (*list)[:min(len(*list), room)]
		room -= len(*list)
	}
}

// articleSlug returns the URL name of an article: its slug key, made a slug,
// else its file name. A slug that tries to name another folder is an error
// rather than silently flattened: it is more likely a mistake than a wish.
func articleSlug(given string, pos diag.Pos, path string, diags *diag.List) string {
	if given == "" {
		name := path[strings.LastIndex(path, "/")+1:]
		name = strings.TrimSuffix(name, ".md")
		s := slug.Make(name)
		if s == "" {
			diags.Errorf(diag.Pos{File: pos.File, Line: 1, Col: 1}, "file name %q has no letter or digit to make a URL from; add a slug", name)
		}
		return s
	}
	if strings.ContainsAny(given, `/\`) || strings.Contains(given, "..") {
		diags.Errorf(pos, "slug %q would leave the output folder: a slug is one URL name, without / or ..", given)
		return ""
	}
	s := slug.Make(given)
	if s == "" {
		diags.Errorf(pos, "slug %q has no letter or digit", given)
	}
	return s
}

// checkHTTPURL accepts absolute http and https URLs only: a source link that
// is relative, or javascript:, cannot be what the editor meant.
func checkHTTPURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not a URL", s)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q must be an http or https URL", s)
	}
	if u.Host == "" {
		return fmt.Errorf("%q has no host", s)
	}
	return nil
}

func decodeAnnotations(d *decoder, v *node) []Annotation {
	if v.kind == scalarNode && v.tag == "null" {
		return nil
	}
	if v.kind != listNode {
		d.diags.Errorf(v.pos, "annotations: expected a list, got %s", v.describe())
		return nil
	}
	var out []Annotation
	ad := &decoder{diags: d.diags, known: annotationKeys}
	for i, item := range v.items {
		n := i + 1
		if item.kind != mapNode {
			d.diags.Errorf(item.pos, "annotation %d: expected quote, note and other keys, got %s", n, item.describe())
			continue
		}
		an := Annotation{Pos: item.pos, Index: n, Kind: KindNote, SpeakerBasis: BasisStated}
		ad.annotation = n
		var kindPos, basisPos diag.Pos
		var fig figureKeys
		ad.fields(item, func(key string, v *node) {
			if fig.decode(ad, key, v) {
				return
			}
			switch key {
			case "quote":
				an.Quote = ad.str(key, v)
				an.QuotePos = v.pos
			case "prefix":
				an.Prefix = ad.str(key, v)
			case "suffix":
				an.Suffix = ad.str(key, v)
			case "note":
				an.Note = ad.str(key, v)
			case "kind":
				an.Kind = strings.ToLower(ad.str(key, v))
				kindPos = v.pos
			case "claim":
				an.Claim = ad.str(key, v)
				an.ClaimPos = v.pos
			case "speaker":
				if names := ad.names(key, v); len(names) > 0 {
					an.Speaker = names[0]
					if len(names) > 1 {
						d.diags.Errorf(names[1].Pos, "annotation %d: speaker: one speaker per quote", n)
					}
				}
			case "speaker_basis":
				an.SpeakerBasis = ad.choice(key, v, SpeakerBases)
				basisPos = v.pos
			case "about":
				an.About = ad.names(key, v)
			}
		})
		if strings.TrimSpace(an.Quote) == "" {
			d.diags.Errorf(item.pos, "annotation %d: no quote: an annotation names the passage it is anchored to", n)
		}
		if !contains(AnnotationKinds, an.Kind) {
			msg := fmt.Sprintf("annotation %d: kind %q is not one of note, quote, claim or correction", n, an.Kind)
			if s := Suggest(an.Kind, AnnotationKinds); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			d.diags.Errorf(kindPos, "%s", msg)
		}
		an.Figure = fig.check(ad, &an)
		if an.Kind == KindQuote && an.Speaker.Name == "" {
			d.diags.Errorf(item.pos, "annotation %d: a quote annotation needs a speaker", n)
		}
		if basisPos.Line > 0 && an.Speaker.Name == "" {
			d.diags.Errorf(basisPos, "annotation %d: speaker_basis without a speaker", n)
		}
		if an.Claim != "" {
			s := ""
			if !strings.ContainsAny(an.Claim, `/\`) && !strings.Contains(an.Claim, "..") {
				s = slug.Make(an.Claim)
			}
			if s == "" {
				d.diags.Errorf(an.ClaimPos, "annotation %d: claim %q is not a slug", n, an.Claim)
			}
			an.Claim = s
		}
		out = append(out, an)
	}
	return out
}
