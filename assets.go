package main

import (
	"embed"
	"io/fs"
)

// The default look: templates and static files built into the binary, so
// that dossier builds any content folder wherever it runs. Folders on disk
// override them file by file. A directory pattern leaves out files whose
// names begin with "_", so the partials are named on their own.
//
//go:embed templates static templates/_*.html
var assets embed.FS

func embedded(dir string) fs.FS {
	sub, err := fs.Sub(assets, dir)
	if err != nil {
		panic(err) // the directories are embedded above
	}
	return sub
}
