package output

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// ManifestName is the file in the output folder that lists every file
// dossier wrote there. A build replaces or removes only the files the
// manifest lists, and refuses a folder that holds files but no manifest
// (unless it is the output of an earlier dossier, or -force is given).
const ManifestName = ".dossier-manifest"

// manifestHeader is the manifest's first line: it tells the file from
// one of the same name that is not dossier's, and gives the format a
// version.
const manifestHeader = "# dossier manifest 1: the files dossier wrote in this folder, which the next build may replace or remove"

// encodeManifest returns the manifest listing files, one slash-separated
// path a line, sorted.
func encodeManifest(files []string) []byte {
	files = slices.Clone(files)
	slices.Sort(files)
	files = slices.Compact(files)
	var b bytes.Buffer
	b.Grow(len(manifestHeader) + 1 + len(files)*32)
	b.WriteString(manifestHeader + "\n")
	for _, f := range files {
		b.WriteString(f)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// readManifest reads the manifest of the folder out. ok is false when there
// is none; a manifest that is not dossier's or lists a path outside the
// folder is an error, as the folder is then not known to be dossier's.
func readManifest(out string) (files map[string]bool, ok bool, err error) {
	name := filepath.Join(out, ManifestName)
	info, err := os.Lstat(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !info.Mode().IsRegular() {
		return nil, false, fmt.Errorf("%s is not a file dossier wrote", name)
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, false, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	if !sc.Scan() || sc.Text() != manifestHeader {
		return nil, false, fmt.Errorf("%s is not a manifest dossier wrote", name)
	}
	files = map[string]bool{}
	for n := 2; sc.Scan(); n++ {
		rel := sc.Text()
		if err := CheckPath(rel); err != nil || rel == ManifestName {
			return nil, false, fmt.Errorf("%s:%d: %q is not a path dossier writes", name, n, rel)
		}
		files[rel] = true
	}
	if err := sc.Err(); err != nil {
		return nil, false, fmt.Errorf("%s: %v", name, err)
	}
	return files, true, nil
}

// writeManifest writes the manifest of out through a hidden file renamed
// over it, so that it is always whole: the old list or the new one.
func writeManifest(out string, files []string) error {
	return writeAtomic(filepath.Join(out, ManifestName), encodeManifest(files))
}

// writeAtomic writes name through a hidden file beside it renamed over it.
func writeAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// A site that an earlier dossier wrote has no manifest; it is recognised by
// its shape (earlierSite), strictly enough that no folder of the user's —
// documents, a project, a home folder — is taken for one: only the names
// dossier gives its files, no hidden file but .nojekyll, no symbolic link.

// siteTop are the names dossier has given the files and folders at the top
// of a site; static files add theirs (Options.Static).
var siteTop = map[string]bool{
	"index.html": true, "404.html": true, "robots.txt": true, ".nojekyll": true,
	"feed.xml": true, "sitemap.xml": true,
	"articles": true, "companies": true, "markets": true, "executives": true,
	"claims": true, "timeline": true, "page": true,
}

// earlierSite reports whether the folder out holds a site an earlier
// dossier wrote, and lists its files. static are the top-level names of
// the static files, which the build copied to the top of the site.
func earlierSite(out string, static []string) (files map[string]bool, ok bool) {
	top, err := os.ReadDir(out)
	if err != nil {
		return nil, false
	}
	hasIndex, hasArticles := false, false
	for _, e := range top {
		name := e.Name()
		isSitemap := strings.HasPrefix(name, "sitemap-") && strings.HasSuffix(name, ".xml")
		if !siteTop[name] && !isSitemap && !slices.Contains(static, name) && !tempFile(name) {
			return nil, false
		}
		if strings.HasPrefix(name, ".") && name != ".nojekyll" && !tempFile(name) {
			return nil, false
		}
		switch {
		case name == "index.html" && e.Type().IsRegular():
			hasIndex = true
		case name == "articles" && e.IsDir():
			hasArticles = true
		}
	}
	if !hasIndex || !hasArticles {
		return nil, false
	}
	files = map[string]bool{}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		top, _, _ := strings.Cut(rel, "/")
		fromStatic := slices.Contains(static, top)
		switch {
		case d.IsDir():
			if strings.HasPrefix(d.Name(), ".") && !fromStatic {
				return errNotSite
			}
			return nil
		case !d.Type().IsRegular():
			return errNotSite // a link, a pipe, a device: not what a build writes
		case !fromStatic && rel != ".nojekyll" && !pageFile(d.Name()) && !tempFile(d.Name()):
			return errNotSite
		}
		files[rel] = true
		return nil
	})
	if err != nil {
		return nil, false
	}
	return files, true
}

var errNotSite = errors.New("not a site dossier wrote")

// pageFile reports whether name is the name of a file that dossier's pages
// and feeds are written to.
func pageFile(name string) bool {
	switch path.Ext(name) {
	case ".html", ".xml", ".txt":
		return true
	}
	return false
}

// tempFile reports whether name is that of the hidden file a live rebuild
// writes a page through (".index.html.tmp-123"), left behind when it was
// killed halfway.
func tempFile(name string) bool {
	base, _, ok := strings.Cut(name, ".tmp-")
	return ok && strings.HasPrefix(base, ".") && allDigits(name[len(base)+len(".tmp-"):])
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
