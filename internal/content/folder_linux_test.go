package content

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"dossier/internal/corpus"
)

// TestFolderRead checks what a folder reads itself and what it leaves to
// readFile: whatever changed since the folder was listed, a regular file
// become a link, a pipe or a folder, or gone, must be reported as readFile
// reports it, or by readFile.
func TestFolderRead(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md", "---\ntitle: A\n---\nText.\n")
	write("empty.md", "")
	write("big.md", "")
	if err := os.Truncate(filepath.Join(dir, "big.md"), MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("a.md", filepath.Join(dir, "link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.md"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, fsys := openTestFolder(t, dir)

	for _, tt := range []struct {
		name    string
		handled bool
		data    string
		err     string
	}{
		{"a.md", true, "---\ntitle: A\n---\nText.\n", ""},
		{"empty.md", true, "", ""},
		{"big.md", true, "", "file is too large (8.1 MB; the limit is 8 MB)"},
		{"dir.md", true, "", "not a regular file"},
		{"pipe.md", true, "", "not a regular file"}, // opened without waiting for a writer
		{"link.md", false, "", ""},                  // os.Root follows it, within the root
		{"gone.md", false, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			type result struct {
				data    []byte
				handled bool
				err     error
			}
			done := make(chan result, 1)
			go func() {
				data, handled, err := d.read(tt.name, nil)
				done <- result{data, handled, err}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("folder.read(%s) still waits after 10 s", tt.name)
			}
			errText := ""
			if r.err != nil {
				errText = r.err.Error()
			}
			if r.handled != tt.handled || string(r.data) != tt.data || errText != tt.err {
				t.Errorf("folder.read(%s) = %q, %v, %q; want %q, %v, %q", tt.name, r.data, r.handled, errText, tt.data, tt.handled, tt.err)
			}
			if !r.handled || strings.Contains(tt.name, "pipe") {
				return
			}
			// What readFile makes of the same file, told it is regular.
			data, err := readFile(fsys, tt.name, true)
			if errText2 := errString(err); string(data) != string(r.data) || errText2 != errText {
				t.Errorf("readFile(%s) = %q, %q; folder.read gave %q, %q", tt.name, data, errText2, r.data, errText)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestReadAhead loads a folder of articles from the page cache, then from
// the disk: only the second is read ahead, and both load alike.
func TestReadAhead(t *testing.T) {
	dir, err := corpus.Write(t.TempDir(), corpus.Options{Articles: 300, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	var asked []int
	testHookReadAhead = func(n int) { asked = append(asked, n) }
	defer func() { testHookReadAhead = nil }()
	load := func() *Content {
		t.Helper()
		root, err := os.OpenRoot(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer root.Close()
		c, err := Load(root.FS(), "content")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	warm := load()
	if len(warm.Articles) != 300 {
		t.Fatalf("loaded %d articles, want 300", len(warm.Articles))
	}
	if len(asked) != 1 || asked[0] != 0 {
		t.Errorf("from the page cache: read ahead %v files, want [0]", asked)
	}

	evict(t, dir)
	cold := load()
	if len(asked) != 2 || asked[1] < 250 {
		t.Errorf("from the disk: read ahead %v files, want about 300 the second time", asked)
	}
	if !reflect.DeepEqual(cold, warm) {
		t.Errorf("the content read ahead differs from the content read from the page cache")
	}
}

// TestReadProbe checks what each outcome of the probe of the page cache
// does: the file is read whole whatever it says, and only a file not in
// the cache starts the read-ahead.
func TestReadProbe(t *testing.T) {
	dir := t.TempDir()
	data := strings.Repeat("---\ntitle: A\n---\nText.\n", 1000)
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	d, _ := openTestFolder(t, dir)
	defer func(r func(int, []byte, int64) (int, error)) { readNoWait = r }(readNoWait)

	for _, tt := range []struct {
		name    string
		probe   func(fd int, p []byte, off int64) (int, error)
		probing bool // still probing after the file
		cold    bool // the read-ahead started
	}{
		{"in the page cache", syscall.Pread, true, false},
		{"partly in the page cache", func(fd int, p []byte, off int64) (int, error) {
			return syscall.Pread(fd, p[:100], off)
		}, true, false},
		{"not in the page cache", func(int, []byte, int64) (int, error) { return 0, syscall.EAGAIN }, false, true},
		{"cannot tell", func(int, []byte, int64) (int, error) { return 0, syscall.EOPNOTSUPP }, false, false},
		{"no preadv2", func(int, []byte, int64) (int, error) { return 0, syscall.ENOSYS }, false, false},
		{"filtered", func(int, []byte, int64) (int, error) { return 0, syscall.EPERM }, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			readNoWait = tt.probe
			ra := newReadAhead([]*folder{d}, []entry{{"a.md", true}})
			got, handled, err := d.read("a.md", ra)
			probing := ra.probing()
			cold := false
			select {
			case <-ra.cold:
				cold = true
			default:
			}
			ra.stop()
			if string(got) != data || !handled || err != nil {
				t.Errorf("read = %d bytes, %v, %v; want the %d bytes of the file, true, nil", len(got), handled, err, len(data))
			}
			if probing != tt.probing || cold != tt.cold {
				t.Errorf("after the read: probing %v, read-ahead started %v; want %v, %v", probing, cold, tt.probing, tt.cold)
			}
		})
	}
}

// openTestFolder opens dir as the command opens a content folder, through
// an os.Root, for the test's duration, and returns it and the root's file
// system.
func openTestFolder(t *testing.T, dir string) (*folder, fs.FS) {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { root.Close() })
	d := openFolder(root.FS(), ".")
	if d == nil {
		t.Fatal("openFolder(os.Root) = nil")
	}
	t.Cleanup(d.close)
	return d, root.FS()
}

// evict drops the files under dir from the page cache, or skips the test
// when their file system cannot (tmpfs keeps them in memory) or cannot
// tell whether it did.
func evict(t *testing.T, dir string) {
	t.Helper()
	var last string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		// Only pages written to the disk can be dropped.
		if err := f.Sync(); err != nil {
			return err
		}
		last = p
		return unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(last)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 512)
	switch _, err := unix.Preadv2(int(f.Fd()), [][]byte{buf}, 0, unix.RWF_NOWAIT); err {
	case syscall.EAGAIN:
	case nil:
		t.Skip("the file system keeps the files in memory")
	default:
		t.Skipf("the file system cannot tell whether a file is in memory: %v", err)
	}
}
