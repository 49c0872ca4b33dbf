package site

import (
	"errors"
	"fmt"
	"hash/fnv"
	"html/template"
	"io/fs"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/internal/diag"
	"dossier/internal/dossier"
)

// Layers is a file system made of others: a file is read from the first
// layer that has it, and a folder lists the files of all layers. It lets a
// templates/ or static/ folder on disk override the embedded defaults file
// by file.
type Layers []fs.FS

func (l Layers) Open(name string) (fs.File, error) {
	var firstErr error
	for _, fsys := range l {
		if fsys == nil {
			continue
		}
		f, err := fsys.Open(name)
		if err == nil {
			return f, nil
		}
		if firstErr == nil || !errors.Is(err, fs.ErrNotExist) {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return nil, firstErr
}

// Stat stats name in the first layer that has it, without opening it:
// opening a named pipe would wait for a writer (CheckRegular).
func (l Layers) Stat(name string) (fs.FileInfo, error) {
	var firstErr error
	for _, fsys := range l {
		if fsys == nil {
			continue
		}
		info, err := fs.Stat(fsys, name)
		if err == nil {
			return info, nil
		}
		if firstErr == nil || !errors.Is(err, fs.ErrNotExist) {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return nil, firstErr
}

func (l Layers) ReadDir(name string) ([]fs.DirEntry, error) {
	var out []fs.DirEntry
	seen := map[string]bool{}
	found := false
	for _, fsys := range l {
		if fsys == nil {
			continue
		}
		entries, err := fs.ReadDir(fsys, name)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return nil, err
		}
		found = true
		for _, e := range entries {
			if !seen[e.Name()] {
				seen[e.Name()] = true
				out = append(out, e)
			}
		}
	}
	if !found {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	slices.SortFunc(out, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return out, nil
}

// CheckRegular refuses an entry of a templates or static folder that is
// not a regular file, even through a symbolic link: reading a named pipe
// waits for a writer for ever, and a device is no file of a site.
func CheckRegular(fsys fs.FS, name string, e fs.DirEntry) error {
	if e.Type().IsRegular() {
		return nil
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return err
	}
	if m := info.Mode(); !m.IsRegular() {
		what := "not a regular file"
		switch {
		case m&fs.ModeNamedPipe != 0:
			what += " (a named pipe)"
		case m&fs.ModeDevice != 0:
			what += " (a device)"
		case m&fs.ModeSocket != 0:
			what += " (a socket)"
		}
		return fmt.Errorf("%s: %s", diag.File(name), what)
	}
	return nil
}

// layouts are the page templates; each defines "main" (and may define
// "head") for the "base" layout in base.html. Files named _*.html hold
// partials shared by all pages.
var layouts = []string{"home.html", "article.html", "entities.html", "entity.html", "entity-list.html", "claims.html", "claim.html", "timeline.html", "404.html"}

// Templates are the parsed page templates.
type Templates struct {
	byName map[string]*template.Template
	// Hash fingerprints every template file: when one changes, every page
	// is rendered again.
	Hash uint64
}

// LoadTemplates parses the templates of fsys. Each template is named by its
// file, so an error in one names the file.
func LoadTemplates(fsys fs.FS) (*Templates, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	h := fnv.New64a()
	files := map[string]string{}
	var partials []string
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".html") {
			continue
		}
		if strings.ContainsFunc(name, unicode.IsControl) {
			return nil, fmt.Errorf("templates: %q: a file name with a control character", name)
		}
		if err := CheckRegular(fsys, name, e); err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("templates: %w", err)
		}
		files[name] = string(data)
		fmt.Fprintf(h, "%s\x00%s\x00", name, data)
		if strings.HasPrefix(name, "_") {
			partials = append(partials, name)
		}
	}
	if _, ok := files["base.html"]; !ok {
		return nil, fmt.Errorf("templates: base.html is missing")
	}
	t := &Templates{byName: map[string]*template.Template{}, Hash: h.Sum64()}
	var errs []error
	for _, name := range layouts {
		src, ok := files[name]
		if !ok {
			errs = append(errs, fmt.Errorf("templates: %s is missing", name))
			continue
		}
		tmpl, err := template.New("base.html").Funcs(funcs).Parse(files["base.html"])
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, p := range partials {
			if _, err := tmpl.New(p).Parse(files[p]); err != nil {
				errs = append(errs, err)
			}
		}
		if _, err := tmpl.New(name).Parse(src); err != nil {
			errs = append(errs, err)
			continue
		}
		if tmpl.Lookup("main") == nil {
			errs = append(errs, fmt.Errorf("templates: %s does not define \"main\"", name))
			continue
		}
		t.byName[name] = tmpl
	}
	if len(errs) > 0 {
		return nil, errors.Join(dedupe(errs)...)
	}
	return t, nil
}

func dedupe(errs []error) []error {
	var out []error
	seen := map[string]bool{}
	for _, e := range errs {
		if !seen[e.Error()] {
			seen[e.Error()] = true
			out = append(out, e)
		}
	}
	return out
}

var funcs = template.FuncMap{
	// plural picks the word for a count: {{ plural .N "article" "articles" }}.
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
	"lower": strings.ToLower,
	// capitalize upper-cases the first letter: "company" → "Company".
	"capitalize": capitalize,
	// names lists entities' names: "Xiaomi, Apple".
	"names": func(es []*dossier.Entity) string {
		var b strings.Builder
		for i, e := range es {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(e.Name)
		}
		return b.String()
	},
	// entry bundles a page with an article for the partials that show
	// one for the page (dated); counts a page with a list for the partial
	// of the same name. Each needs both.
	"entry": func(p *Page, a *dossier.Article) pageEntry { return pageEntry{p, a} },
	"counts": func(p *Page, list []EntityCount) countsData {
		return countsData{p, list}
	},
	// annotation bundles a page with an annotation for the partial of the
	// same name; source says whether to name the article it is in.
	"annotation": func(p *Page, a *dossier.Annotation, source bool) annotationData {
		return annotationData{p, a, source}
	},
}

// capitalize upper-cases the first letter: "company" → "Company".
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

type pageEntry struct {
	Page    *Page
	Article *dossier.Article
}

type annotationData struct {
	Page       *Page
	Annotation *dossier.Annotation
	Source     bool
}

type countsData struct {
	Page *Page
	List []EntityCount
}
