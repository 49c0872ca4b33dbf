package content

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
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
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	d := openFolder(root.FS(), ".")
	if d == nil {
		t.Fatal("openFolder(os.Root) = nil")
	}
	defer d.close()

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
				data, handled, err := d.read(tt.name)
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
			data, err := readFile(root.FS(), tt.name, true)
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
