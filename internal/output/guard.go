package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Options say how a build may treat the output folder.
type Options struct {
	// Force takes over a folder that holds files dossier did not write
	// (it has no manifest): each of its files counts as one an earlier
	// build wrote, to be replaced or removed, except hidden files and
	// folders (.git, .nojekyll) and the paths in Keep.
	Force bool
	// Keep lists paths in the output folder, slash-separated, that no
	// build replaces or removes: files, or folders with all they hold.
	Keep []string
	// Static lists the top-level names of the static files, which an
	// earlier dossier copied to the top of the site: they belong to the
	// shape by which its output is recognised.
	Static []string
}

// Guarded is a folder the output folder must be apart from: neither it,
// nor inside it (unless MayHoldOut), nor holding it. What names it in
// messages.
type Guarded struct {
	What, Dir  string
	MayHoldOut bool // the current folder may hold the output folder
}

// Check refuses an output folder a build must not write to: one that is a
// file, a device, a named pipe or a symbolic link; one that is, holds or is
// inside a guarded folder; one that is or holds the user's home folder; and
// an existing folder that holds files dossier did not write, unless
// opts.Force. It writes nothing. Its errors are mistakes on the command
// line.
func Check(out string, opts Options, guarded ...Guarded) error {
	if err := checkKeep(opts.Keep); err != nil {
		return err
	}
	o, err := realPath(out)
	if err != nil {
		return err
	}
	for _, g := range guarded {
		if g.Dir == "" {
			continue
		}
		p, err := realPath(g.Dir)
		if err != nil {
			return err
		}
		if rel := relation(o, p); rel != "" && !(rel == "is inside" && g.MayHoldOut) {
			return fmt.Errorf("-out %s %s %s: the output folder must be a folder of its own, apart from the folders a build reads", out, rel, g.What)
		}
	}
	for _, h := range homes() {
		p, err := realPath(h)
		if err != nil || p == "" {
			continue
		}
		switch {
		case p == o:
			return fmt.Errorf("-out %s is your home folder: the output folder must be a folder of its own", out)
		case within(p, o):
			return fmt.Errorf("-out %s holds your home folder %s: the output folder must be a folder of its own", out, h)
		}
	}
	_, _, err = inspect(out, opts)
	return err
}

// relation says how the output folder o relates to a guarded folder p,
// both real paths: "is", "holds", "is inside", or "" when apart.
func relation(o, p string) string {
	switch {
	case o == p:
		return "is"
	case within(p, o):
		return "holds"
	case within(o, p):
		return "is inside"
	}
	return ""
}

// within reports whether p is inside the folder dir (and not dir itself).
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}

// homes returns the user's home folder as $HOME gives it and as the
// system's account does: `HOME=/tmp/x dossier build -out ~` names the
// account's home, the shell having expanded ~ before HOME was set. Tests
// replace it.
var homes = func() []string {
	var hs []string
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		hs = append(hs, h)
	}
	if u, err := user.Current(); err == nil && u.HomeDir != "" {
		hs = append(hs, u.HomeDir)
	}
	return hs
}

// realPath returns the absolute path of p, its symbolic links resolved as
// far as it exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

func checkKeep(keep []string) error {
	for _, k := range keep {
		if CheckPath(strings.TrimSuffix(k, "/")) != nil {
			return fmt.Errorf("-keep %q: give a path inside the output folder, such as CNAME or images/", k)
		}
	}
	return nil
}

// kept reports whether rel, a path in the output folder, is one keep names
// or inside one.
func kept(rel string, keep []string) bool {
	for _, k := range keep {
		k = strings.TrimSuffix(k, "/")
		if rel == k || strings.HasPrefix(rel, k+"/") {
			return true
		}
	}
	return false
}

// inspect tells what the output folder out is: exists is false when there
// is nothing at out, and owned lists the files in it that a build may
// replace or remove: those its manifest lists, those of a site an earlier
// dossier wrote, or with opts.Force all but hidden and kept ones. A folder
// dossier may not write to is an error.
func inspect(out string, opts Options) (owned map[string]bool, exists bool, err error) {
	info, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string]bool{}, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if !info.IsDir() {
		return nil, true, notAFolder(out, info)
	}
	owned, ok, err := readManifest(out)
	if err != nil {
		return nil, true, err
	}
	if !ok {
		owned, ok = earlierSite(out, opts.Static)
	}
	if !ok {
		var foreign []string
		owned, foreign, err = scan(out)
		if err != nil {
			return nil, true, err
		}
		if len(foreign) > 0 && !opts.Force {
			return nil, true, fmt.Errorf("-out %s holds files dossier did not write: %s; name a new or empty folder, or add -force to make it the site's: its files are then replaced or removed, except hidden ones (such as .git) and those named with -keep",
				out, list(foreign, 5))
		}
	}
	for rel := range owned {
		if kept(rel, opts.Keep) {
			delete(owned, rel)
		}
	}
	return owned, true, nil
}

// scan lists the files of a folder dossier did not write that -force would
// hand over (regular files, not hidden), and the entries at its top that
// show it is not dossier's (all but the hidden ones).
func scan(out string) (files map[string]bool, foreign []string, err error) {
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
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.Contains(rel, "/") {
			name := rel
			if d.IsDir() {
				name += "/"
			}
			foreign = append(foreign, name)
		}
		if d.Type().IsRegular() {
			files[rel] = true
		}
		return nil
	})
	slices.Sort(foreign)
	return files, foreign, err
}

// list names the first few of names: "a, b, c and 4 more".
func list(names []string, few int) string {
	if len(names) <= few {
		if len(names) == 1 {
			return names[0]
		}
		return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:few], ", "), len(names)-few)
}

// notAFolder says what is at out instead of a folder.
func notAFolder(out string, info fs.FileInfo) error {
	m := info.Mode()
	switch {
	case m&fs.ModeSymlink != 0:
		target, _ := os.Readlink(out)
		return fmt.Errorf("-out %s is a symbolic link (to %s): name the folder itself, so that a build cannot write elsewhere than asked", out, target)
	case m&fs.ModeDevice != 0:
		return fmt.Errorf("-out %s is a device, not a folder", out)
	case m&fs.ModeNamedPipe != 0:
		return fmt.Errorf("-out %s is a named pipe, not a folder", out)
	case m&fs.ModeSocket != 0:
		return fmt.Errorf("-out %s is a socket, not a folder", out)
	case m.IsRegular():
		return fmt.Errorf("-out %s is a file, not a folder: a build would replace it", out)
	}
	return fmt.Errorf("-out %s is not a folder", out)
}

// ArticlePages counts the article pages among files, paths of a site.
func ArticlePages(files map[string]bool) int {
	n := 0
	for f := range files {
		if dir, ok := strings.CutPrefix(f, "articles/"); ok && strings.Count(dir, "/") == 1 && path.Base(dir) == "index.html" {
			n++
		}
	}
	return n
}
