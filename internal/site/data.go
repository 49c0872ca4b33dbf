package site

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"sync"

	"dossier/internal/content"
	"dossier/internal/dossier"
	"dossier/internal/markdown"
)

// The dossier as data: dossier.json, which docs/dossier.schema.json
// describes, and the same tables as CSV files under data/, for Datasette,
// spreadsheets and pandas. Both are made from one set of rows (dataset),
// so that they cannot disagree; each file is encoded once, by
// encoding/json or encoding/csv, straight to the output.
//
// Rows refer to each other by ids: an article by its slug, an entity by
// its site path without the slash ("companies/xiaomi"), a claim by its
// slug, an annotation by its article's slug and its passage's id
// ("xiaomi-us#a-1f3b9c2d").

// dataVersion is the version of the format, which the schema fixes.
const dataVersion = 1

type dataset struct {
	Version     int              `json:"version"`
	Title       string           `json:"title"`
	Description string           `json:"description,omitempty"`
	Editors     string           `json:"editors"`
	Articles    []dataArticle    `json:"articles"`
	Entities    []dataEntity     `json:"entities"`
	Claims      []dataClaim      `json:"claims"`
	Annotations []dataAnnotation `json:"annotations"`
	Mentions    []dataMention    `json:"mentions"`
}

type dataArticle struct {
	path       string
	Slug       string `json:"slug"`
	URL        string `json:"url"`
	Title      string `json:"title"`
	TitleBasis string `json:"title_basis"`
	Date       string `json:"date"`
	DateBasis  string `json:"date_basis"`
	Source     string `json:"source,omitempty"`
	SourceURL  string `json:"source_url,omitempty"`
	Author     string `json:"author,omitempty"`
	Summary    string `json:"summary,omitempty"`
}

type dataEntity struct {
	path          string
	ID            string          `json:"id"`
	Kind          string          `json:"kind"`
	Slug          string          `json:"slug"`
	Name          string          `json:"name"`
	URL           string          `json:"url"`
	Aliases       []string        `json:"aliases"`
	Role          string          `json:"role,omitempty"`
	Company       string          `json:"company,omitempty"`
	Headquarters  string          `json:"headquarters,omitempty"`
	Website       string          `json:"website,omitempty"`
	MentionedWith []dataCoMention `json:"mentioned_with"`
}

// dataCoMention is a relation between two entities: the articles that
// name both.
type dataCoMention struct {
	Entity   string `json:"entity"`
	Articles int    `json:"articles"`
}

type dataClaim struct {
	path        string
	Slug        string           `json:"slug"`
	URL         string           `json:"url"`
	Title       string           `json:"title"`
	Summary     string           `json:"summary,omitempty"`
	Unit        string           `json:"unit,omitempty"`
	Measure     string           `json:"measure,omitempty"`
	Verdict     string           `json:"verdict,omitempty"`
	Status      string           `json:"status"`
	Comparison  string           `json:"comparison,omitempty"`
	Appearances []dataAppearance `json:"appearances"`
}

type dataAppearance struct {
	Claim          string `json:"claim"`
	Annotation     string `json:"annotation"`
	Article        string `json:"article"`
	Value          string `json:"value,omitempty"`
	ValueInferred  bool   `json:"value_inferred"`
	Unit           string `json:"unit,omitempty"`
	Period         string `json:"period,omitempty"`
	PeriodInferred bool   `json:"period_inferred"`
	Measure        string `json:"measure,omitempty"`
	AccordingTo    string `json:"according_to,omitempty"`
}

type dataAnnotation struct {
	path            string
	ID              string   `json:"id"`
	Article         string   `json:"article"`
	Number          int      `json:"number"`
	Kind            string   `json:"kind"`
	URL             string   `json:"url"`
	Passage         string   `json:"passage"`
	Note            string   `json:"note,omitempty"`
	Speaker         string   `json:"speaker,omitempty"`
	SpeakerInferred bool     `json:"speaker_inferred"`
	About           []string `json:"about"`
	Claim           string   `json:"claim,omitempty"`
	OriginalURL     string   `json:"original_url,omitempty"`
}

// dataMention is an article's tag: an entity it is about.
type dataMention struct {
	Article string `json:"article"`
	Entity  string `json:"entity"`
}

func entityID(e *dossier.Entity) string { return strings.TrimSuffix(e.Path(), "/") }

func annotationID(an *dossier.Annotation) string { return an.Article.Slug + "#" + an.ID() }

// makeDataset makes the rows, with URLs as the file at from links to
// pages; each row keeps its page's site path, for files elsewhere.
func (b *pageBuilder) makeDataset(d *dossier.Dossier, from string) *dataset {
	base := b.site.cfg.Base
	ds := &dataset{Version: dataVersion, Title: d.Title, Description: d.Description, Editors: d.Editors,
		Articles: make([]dataArticle, 0, len(d.Articles))}
	for _, a := range d.Articles {
		ds.Articles = append(ds.Articles, dataArticle{path: a.Path(),
			Slug: a.Slug, URL: base.IRI(from, a.Path()), Title: a.Title, TitleBasis: a.TitleBasis,
			Date: a.Date.ISO(), DateBasis: a.DateBasis, Source: a.Source, SourceURL: a.SourceURL,
			Author: a.Author, Summary: a.Summary(),
		})
		for _, e := range a.AllEntities() {
			ds.Mentions = append(ds.Mentions, dataMention{Article: a.Slug, Entity: entityID(e)})
		}
		for _, an := range a.Annotations() {
			row := dataAnnotation{path: an.Path(),
				ID: annotationID(an), Article: a.Slug, Number: an.Order(), Kind: an.Kind,
				URL: base.IRI(from, an.Path()), Passage: an.Passage(), Note: markdown.PlainText(string(an.Note())),
				SpeakerInferred: an.SpeakerInferred, About: []string{}, OriginalURL: an.OriginalURL(),
			}
			if an.Speaker != nil {
				row.Speaker = entityID(an.Speaker)
			}
			for _, e := range an.About {
				row.About = append(row.About, entityID(e))
			}
			if an.Claim != nil {
				row.Claim = an.Claim.Slug
			}
			ds.Annotations = append(ds.Annotations, row)
		}
	}
	for _, k := range content.Kinds {
		for _, e := range d.Entities[k] {
			row := dataEntity{path: e.Path(), ID: entityID(e), Kind: k.Singular(), Slug: e.Slug, Name: e.Name, URL: base.IRI(from, e.Path()),
				Aliases: append([]string{}, e.Aliases...), Role: e.Role, Headquarters: e.Headquarters, Website: e.Website,
				MentionedWith: []dataCoMention{}}
			if e.Company != nil {
				row.Company = entityID(e.Company)
			}
			for _, m := range e.Mentioned {
				row.MentionedWith = append(row.MentionedWith, dataCoMention{Entity: entityID(m.Entity), Articles: m.Count})
			}
			ds.Entities = append(ds.Entities, row)
		}
	}
	ds.Claims = []dataClaim{}
	for _, c := range d.Claims {
		row := dataClaim{path: c.Path(), Slug: c.Slug, URL: base.IRI(from, c.Path()), Title: c.Title, Summary: c.Summary,
			Unit: string(c.Unit), Measure: c.Measure, Verdict: c.Verdict, Status: c.StatusClass(), Comparison: c.Comparison(),
			Appearances: []dataAppearance{}}
		for _, an := range c.Appearances() {
			ap := dataAppearance{Claim: c.Slug, Annotation: annotationID(an), Article: an.Article.Slug}
			if f := an.Source().Figure; f != nil {
				if f.HasValue {
					ap.Value = f.Value.String()
				}
				ap.ValueInferred, ap.PeriodInferred = f.ValueInferred, f.PeriodInferred
				ap.Unit, ap.Period, ap.Measure, ap.AccordingTo = string(f.Unit), f.Period.String(), f.Measure, f.AccordingTo
			}
			row.Appearances = append(row.Appearances, ap)
		}
		ds.Claims = append(ds.Claims, row)
	}
	if ds.Mentions == nil {
		ds.Mentions = []dataMention{}
	}
	if ds.Annotations == nil {
		ds.Annotations = []dataAnnotation{}
	}
	if ds.Entities == nil {
		ds.Entities = []dataEntity{}
	}
	return ds
}

// csvTable is one CSV file: its header and how a dataset makes its rows.
type csvTable struct {
	name   string
	header []string
	rows   func(ds *dataset, url func(path string) string, emit func(...string) error) error
}

// csvTables are the CSV files, under data/. Lists in a cell (aliases, an
// annotation's about) are joined by "; ", which no id holds.
var csvTables = []csvTable{
	{"articles.csv", []string{"slug", "title", "title_basis", "date", "date_basis", "source", "source_url", "author", "summary", "url"},
		func(ds *dataset, url func(string) string, emit func(...string) error) error {
			for _, a := range ds.Articles {
				if err := emit(a.Slug, a.Title, a.TitleBasis, a.Date, a.DateBasis, a.Source, a.SourceURL, a.Author, a.Summary, url(a.path)); err != nil {
					return err
				}
			}
			return nil
		}},
	{"entities.csv", []string{"id", "kind", "slug", "name", "aliases", "role", "company", "headquarters", "website", "url"},
		func(ds *dataset, url func(string) string, emit func(...string) error) error {
			for _, e := range ds.Entities {
				if err := emit(e.ID, e.Kind, e.Slug, e.Name, strings.Join(e.Aliases, "; "), e.Role, e.Company, e.Headquarters, e.Website, url(e.path)); err != nil {
					return err
				}
			}
			return nil
		}},
	{"article_entities.csv", []string{"article", "entity"},
		func(ds *dataset, url func(string) string, emit func(...string) error) error {
			for _, m := range ds.Mentions {
				if err := emit(m.Article, m.Entity); err != nil {
					return err
				}
			}
			return nil
		}},
	{"annotations.csv", []string{"id", "article", "number", "kind", "passage", "note", "speaker", "speaker_inferred", "about", "claim", "original_url", "url"},
		func(ds *dataset, url func(string) string, emit func(...string) error) error {
			for _, a := range ds.Annotations {
				if err := emit(a.ID, a.Article, strconv.Itoa(a.Number), a.Kind, a.Passage,
					a.Note, a.Speaker, strconv.FormatBool(a.SpeakerInferred), strings.Join(a.About, "; "), a.Claim, a.OriginalURL, url(a.path)); err != nil {
					return err
				}
			}
			return nil
		}},
	{"claims.csv", []string{"slug", "title", "summary", "unit", "measure", "verdict", "status", "comparison", "appearances", "url"},
		func(ds *dataset, url func(string) string, emit func(...string) error) error {
			for _, c := range ds.Claims {
				if err := emit(c.Slug, c.Title, c.Summary, c.Unit, c.Measure, c.Verdict, c.Status, c.Comparison, strconv.Itoa(len(c.Appearances)), url(c.path)); err != nil {
					return err
				}
			}
			return nil
		}},
	{"claim_appearances.csv", []string{"claim", "annotation", "article", "value", "value_inferred", "unit", "period", "period_inferred", "measure", "according_to"},
		func(ds *dataset, url func(string) string, emit func(...string) error) error {
			for _, c := range ds.Claims {
				for _, ap := range c.Appearances {
					if err := emit(ap.Claim, ap.Annotation, ap.Article, ap.Value, strconv.FormatBool(ap.ValueInferred), ap.Unit, ap.Period,
						strconv.FormatBool(ap.PeriodInferred), ap.Measure, ap.AccordingTo); err != nil {
						return err
					}
				}
			}
			return nil
		}},
}

// dataFiles adds dossier.json and the CSV files. The files share one
// dataset, made by the first of them to be rendered and let go by the
// last.
func (b *pageBuilder) dataFiles(d *dossier.Dossier) {
	// The files show what lists show of articles (ListHash), the
	// annotations as their lists do (NotesHash covers their Hash),
	// entities and claims: not the articles' texts, so that an edit of
	// one, in a live rebuild, leaves them as they are. One fingerprint
	// for all, made once.
	var sum *uint64
	print := func(f *fingerprint) {
		if sum == nil {
			g := newFingerprint()
			g.u64(d.Hash)
			g.str(d.Editors)
			for _, a := range d.Articles {
				g.u64(a.ListHash, a.NotesHash)
			}
			for _, es := range d.Entities {
				for _, e := range es {
					g.u64(e.Hash)
				}
			}
			for _, c := range d.Claims {
				g.u64(c.Hash)
			}
			v := g.sum()
			sum = &v
		}
		f.u64(*sum)
	}
	shared := &sharedDataset{files: 1 + len(csvTables)}
	build := func() *dataset { return b.makeDataset(d, "dossier.json") }
	b.addFile("dossier.json", print, func(w io.Writer) error {
		defer shared.release()
		return encodeJSON(w, shared.get(build))
	})
	base := b.site.cfg.Base
	for _, t := range csvTables {
		file := "data/" + t.name
		b.addFile(file, print, func(w io.Writer) error {
			defer shared.release()
			ds := shared.get(build)
			cw := csv.NewWriter(w)
			if err := cw.Write(t.header); err != nil {
				return err
			}
			url := func(path string) string { return base.IRI(file, path) }
			if err := t.rows(ds, url, func(rec ...string) error { return cw.Write(rec) }); err != nil {
				return err
			}
			cw.Flush()
			return cw.Error()
		})
	}
}

// sharedDataset is the dataset of the data files, made once for all of
// them and let go when each has been written: a large dossier's dataset
// is megabytes that a Builder, which keeps its page list, would hold
// between builds.
type sharedDataset struct {
	mu    sync.Mutex
	ds    *dataset
	files int // how many files share it
	left  int // how many have yet to release it
}

func (s *sharedDataset) get(build func() *dataset) *dataset {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ds == nil {
		s.ds, s.left = build(), s.files
	}
	return s.ds
}

func (s *sharedDataset) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.left--; s.left <= 0 {
		s.ds = nil
	}
}
