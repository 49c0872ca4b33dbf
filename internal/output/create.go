package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// New files: what `dossier new` and `dossier templates` write. Unlike a
// site, these are the editor's from the moment they are written, so they
// are only ever created, never replaced: a file that exists already is
// refused, and nothing is written.

// NewFile is a file to create, by its slash-separated path in the folder.
type NewFile struct {
	Path string
	Data []byte
}

// Create creates files under dir, and the folders they need. It refuses,
// writing nothing, when any of them exists already; with empty set, it
// refuses too when dir exists and holds anything. It returns the files
// written, as paths joined to dir.
func Create(dir string, files []NewFile, empty bool) ([]string, error) {
	if empty {
		entries, err := os.ReadDir(dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if len(entries) > 0 {
			names := make([]string, 0, 3)
			for _, e := range entries[:min(3, len(entries))] {
				names = append(names, e.Name())
			}
			more := ""
			if len(entries) > 3 {
				more = ", …"
			}
			return nil, fmt.Errorf("%s is not empty (%s%s): a new dossier starts in an empty or new folder", dir, strings.Join(names, ", "), more)
		}
	}
	var exist []string
	for _, f := range files {
		if !fs.ValidPath(f.Path) || strings.Contains(f.Path, `\`) {
			return nil, fmt.Errorf("refusing to write %q: not a path inside %s", f.Path, dir)
		}
		name := filepath.Join(dir, filepath.FromSlash(f.Path))
		if _, err := os.Lstat(name); err == nil {
			exist = append(exist, name)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	if len(exist) > 0 {
		slices.Sort(exist)
		what := exist[0] + " exists"
		if len(exist) > 1 {
			what = fmt.Sprintf("%s and %d other files exist", exist[0], len(exist)-1)
		}
		return nil, fmt.Errorf("%s already; dossier never overwrites a file: nothing written", what)
	}
	var written []string
	for _, f := range files {
		name := filepath.Join(dir, filepath.FromSlash(f.Path))
		err := os.MkdirAll(filepath.Dir(name), 0o755)
		if err == nil {
			err = createFile(name, f.Data)
		}
		if err != nil {
			// Take back what this run wrote, and only that.
			for _, w := range written {
				os.Remove(w)
			}
			return nil, err
		}
		written = append(written, name)
	}
	return written, nil
}

// createFile writes a file that must not exist: O_EXCL, so that a file
// made meanwhile by someone else is refused rather than replaced.
func createFile(name string, data []byte) error {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; dossier never overwrites a file", name)
		}
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(name)
		return err
	}
	return f.Close()
}
