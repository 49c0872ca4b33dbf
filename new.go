package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"dossier/internal/output"
	"dossier/internal/starter"
)

// today is the date a new article gets; a variable, for tests.
var today = func() string { return time.Now().Format("2006-01-02") }

// runNew is `dossier new DIR` and `dossier new KIND NAME`.
func runNew(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("dossier new", flag.ContinueOnError)
	fl.SetOutput(stderr)
	fl.Usage = func() {
		fmt.Fprintf(stderr, "usage:\n  dossier new DIR                 start a new dossier in DIR, a new or empty folder\n  dossier new KIND NAME [flags]   a new %s in the content folder\n\nflags:\n", strings.Join(starter.KindNames, ", "))
		fl.PrintDefaults()
	}
	contentDir := fl.String("content", "content", "content `folder` (dossier new KIND NAME)")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	args = fl.Args()
	// Flags may also follow the name.
	if len(args) > 2 {
		rest := flag.NewFlagSet("dossier new", flag.ContinueOnError)
		rest.SetOutput(stderr)
		rest.StringVar(contentDir, "content", *contentDir, "")
		for i, a := range args {
			if strings.HasPrefix(a, "-") {
				if err := rest.Parse(args[i:]); err != nil {
					return 2
				}
				args = append(args[:i:i], rest.Args()...)
				break
			}
		}
	}
	switch {
	case len(args) == 0:
		fl.Usage()
		return 2
	case len(args) == 1:
		if _, kind := starter.Kinds[args[0]]; kind {
			fmt.Fprintf(stderr, "dossier new %s: give the %s's %s: dossier new %s %q (or, for a new dossier in a folder called %s: dossier new ./%s)\n",
				args[0], args[0], nameWord(args[0]), args[0], example(args[0]), args[0], args[0])
			return 2
		}
		return newDossier(args[0], stdout, stderr)
	}
	kind, name := args[0], strings.Join(args[1:], " ")
	f, err := starter.Entry(kind, name, today())
	if err != nil {
		fmt.Fprintf(stderr, "dossier new: %v\n", err)
		return 2
	}
	written, err := output.Create(*contentDir, []output.NewFile{{Path: f.Path, Data: f.Data}}, false)
	if err != nil {
		fmt.Fprintf(stderr, "dossier new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s: fill in its front matter\n", filepath.ToSlash(written[0]))
	return 0
}

func nameWord(kind string) string {
	switch kind {
	case "article":
		return "headline"
	case "claim":
		return "title"
	}
	return "name"
}

func example(kind string) string {
	return map[string]string{
		"article":   "Xiaomi opens a US store",
		"company":   "Xiaomi",
		"market":    "United States",
		"executive": "Hugo Barra",
		"claim":     "Xiaomi's valuation",
	}[kind]
}

// newDossier writes the files of a new dossier into dir.
func newDossier(dir string, stdout, stderr io.Writer) int {
	var files []output.NewFile
	for _, f := range starter.Dossier() {
		files = append(files, output.NewFile{Path: f.Path, Data: f.Data})
	}
	written, err := output.Create(dir, files, true)
	if err != nil {
		fmt.Fprintf(stderr, "dossier new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "started a new dossier in %s (%d files):\n", dir, len(written))
	for _, w := range written {
		fmt.Fprintf(stdout, "  %s\n", filepath.ToSlash(w))
	}
	fmt.Fprintf(stdout, `
next:
  cd %s
  dossier serve                          # preview on http://127.0.0.1:8080/ as you edit
  dossier new article "Headline"         # a new article; also company, market, executive, claim
  dossier build                          # the site, into build/
To publish on GitHub Pages, see .github/workflows/pages.yml.
`, dir)
	return 0
}

// runTemplates is `dossier templates DIR`: the embedded templates and
// static files written out as DIR/templates and DIR/static, which dossier
// then uses instead, file by file.
func runTemplates(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		fmt.Fprintf(stderr, "usage: dossier templates DIR   write the built-in templates and static files into DIR/templates and DIR/static, to change the look from\n")
		if len(args) == 1 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			return 0
		}
		return 2
	}
	dir := args[0]
	var files []output.NewFile
	for _, top := range []string{"templates", "static"} {
		err := fs.WalkDir(assets, top, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := assets.ReadFile(p)
			files = append(files, output.NewFile{Path: p, Data: data})
			return err
		})
		if err != nil {
			fmt.Fprintf(stderr, "dossier templates: %v\n", err)
			return 1
		}
	}
	written, err := output.Create(dir, files, false)
	if err != nil {
		fmt.Fprintf(stderr, "dossier templates: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %d files into %s and %s; dossier uses them when run in %s (or with -templates and -static)\n",
		len(written), filepath.Join(dir, "templates"), filepath.Join(dir, "static"), dir)
	return 0
}
