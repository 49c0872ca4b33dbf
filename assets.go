package main

import (
	"embed"
	"io/fs"
)

// The default look: templates and static files built into the binary, so
// that dossier builds any content folder wherever it runs. Folders on disk
// override them file by file. ("all:" because partials are named _*.html,
// which a plain embed pattern leaves out.)
//
//go:embed all:templates all:static
var assets embed.FS

func embedded(dir string) fs.FS {
	sub, err := fs.Sub(assets, dir)
	if err != nil {
		panic(err) // the directories are embedded above
	}
	return sub
}
