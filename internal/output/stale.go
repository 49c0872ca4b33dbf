package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// stagingMarker is the file in each staging folder that marks it as
// dossier's; while a build runs it holds a lock on it (lock).
const stagingMarker = ".dossier-staging"

// A build stages its files in a folder beside the output folder named
// ".NAME.new-DIGITS" (and an earlier dossier moved the old site aside into
// ".NAME.old-DIGITS"). A build that is killed leaves its folder there;
// removeStale, run before each build, removes those of builds no longer
// running, and only those: a folder of the name but not of the shape is
// left alone.

// removeStale removes the staging folders of the output folder out that
// killed builds left, and returns the problems it met (none stop a build).
func removeStale(out string) []error {
	parent, name := filepath.Split(out)
	if parent == "" {
		parent = "."
	}
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var errs []error
	for _, e := range entries {
		kind, ok := stagingName(e.Name(), name)
		if !ok || !e.IsDir() {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		if !staleStaging(dir, kind, name) {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// stagingName reports whether entry is named like a staging folder of the
// output folder name, and which kind: "new" or "old".
func stagingName(entry, name string) (kind string, ok bool) {
	for _, kind := range []string{"new", "old"} {
		prefix := "." + name + "." + kind + "-"
		if rest, found := strings.CutPrefix(entry, prefix); found && allDigits(rest) {
			return kind, true
		}
	}
	return "", false
}

// staleStaging reports whether dir is a staging folder dossier made and no
// build uses: one with a marker no process holds a lock on, or, from an
// earlier dossier, without a marker but holding only what those staged.
func staleStaging(dir, kind, name string) bool {
	f, err := os.OpenFile(filepath.Join(dir, stagingMarker), os.O_RDWR, 0)
	if err == nil {
		defer f.Close()
		if lock(f) != nil {
			return false // a build under way
		}
		if !canLock {
			info, err := f.Stat()
			return err == nil && time.Since(info.ModTime()) > time.Hour
		}
		return true
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return false
	}
	if !canLock {
		if info, err := os.Stat(dir); err != nil || time.Since(info.ModTime()) < time.Hour {
			return false
		}
	}
	return earlierStaging(dir, kind, name)
}

// earlierStaging reports whether dir, which has no marker, is a staging
// folder of an earlier dossier: changed files staged flat and named by
// number, or a new site being written (whose files are a site's, as far
// as it got), or ("old") the previous site moved aside whole.
func earlierStaging(dir, kind, name string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	if kind == "old" {
		if len(entries) != 1 || entries[0].Name() != name || !entries[0].IsDir() {
			return false
		}
		_, ok := earlierSite(filepath.Join(dir, name), nil)
		return ok
	}
	numbered := true
	for _, e := range entries {
		if !allDigits(e.Name()) || !e.Type().IsRegular() {
			numbered = false
			break
		}
	}
	if numbered {
		return true
	}
	return partialSite(dir)
}

// partialSite reports whether dir holds only what a build writes, as far as
// one killed halfway got: the names at the top of a site, static files
// (which come first: style.css, favicon.svg), and pages.
func partialSite(dir string) bool {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		rel = filepath.ToSlash(rel)
		top, _, _ := strings.Cut(rel, "/")
		name := d.Name()
		switch {
		case !d.IsDir() && !d.Type().IsRegular():
			return errNotSite
		case !siteTop[top] && !earlierStatic[top] && !(strings.HasPrefix(top, "sitemap-") && strings.HasSuffix(top, ".xml")):
			return errNotSite
		case d.IsDir():
			if strings.HasPrefix(name, ".") {
				return errNotSite
			}
		case rel != ".nojekyll" && !pageFile(name) && !earlierStatic[rel]:
			return errNotSite
		}
		return nil
	})
	return err == nil
}

// earlierStatic are the static files dossier has embedded.
var earlierStatic = map[string]bool{"style.css": true, "favicon.svg": true}
