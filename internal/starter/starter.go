// Package starter holds what `dossier new` writes: the files of a new
// dossier, and the front matter of a new article, profile or claim to fill
// in. It makes the files; internal/output writes them.
package starter

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"text/template"

	"dossier/internal/slug"
)

// The new dossier's files are kept under dossier/, with "dot-" for a
// leading dot (dot-gitignore is .gitignore), so that this repository's git
// and GitHub take none of them for its own.
//
//go:embed all:dossier entry
var files embed.FS

// File is a file to write, by its path in the folder written to.
type File struct {
	Path string
	Data []byte
}

// Dossier returns the files of a new dossier: the introduction, an example
// article that uses every common field, one example profile of each kind
// and one claim, a .gitignore for the output folder, and the GitHub Pages
// workflow.
func Dossier() []File {
	var out []File
	err := fs.WalkDir(files, "dossier", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		parts := strings.Split(strings.TrimPrefix(p, "dossier/"), "/")
		for i, part := range parts {
			if rest, ok := strings.CutPrefix(part, "dot-"); ok {
				parts[i] = "." + rest
			}
		}
		out = append(out, File{Path: strings.Join(parts, "/"), Data: data})
		return nil
	})
	if err != nil {
		panic(err) // the files are embedded above
	}
	return out
}

// Kinds are the kinds of file `dossier new KIND NAME` makes, and the
// folder of the content folder each goes in.
var Kinds = map[string]string{
	"article":   "articles",
	"company":   "companies",
	"market":    "markets",
	"executive": "executives",
	"claim":     "claims",
}

// KindNames lists Kinds' keys in the order usage shows them.
var KindNames = []string{"article", "company", "market", "executive", "claim"}

var entries = template.Must(template.New("").Funcs(template.FuncMap{
	// A double-quoted YAML scalar: Go's quoting is YAML's for printable
	// text, and \x, \u and \U escapes are YAML's too.
	"yaml": strconv.Quote,
}).ParseFS(files, "entry/*.md"))

// Entry returns a new article, profile or claim called name, at its path in
// the content folder (its slug's, by SPEC's rules), with the front matter
// to fill in; today is the date a new article is given ("2026-12-07").
func Entry(kind, name, today string) (File, error) {
	dir, ok := Kinds[kind]
	if !ok {
		return File{}, fmt.Errorf("cannot make a new %q: the kinds are %s", kind, strings.Join(KindNames, ", "))
	}
	name = strings.TrimSpace(name)
	s := slug.Make(name)
	if s == "" {
		return File{}, fmt.Errorf("%q has no letter or digit to make a file name from", name)
	}
	var b bytes.Buffer
	data := struct{ Name, Slug, Today string }{name, s, today}
	if err := entries.ExecuteTemplate(&b, kind+".md", data); err != nil {
		return File{}, err
	}
	return File{Path: path.Join(dir, s+".md"), Data: b.Bytes()}, nil
}
