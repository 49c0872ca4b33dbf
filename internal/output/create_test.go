package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCreate checks that Create only creates: an existing file or a
// non-empty folder is refused, and then nothing at all is written.
func TestCreate(t *testing.T) {
	files := []NewFile{{"a.md", []byte("a")}, {"sub/b.md", []byte("b")}}
	tests := []struct {
		name  string
		setup map[string]string
		empty bool
		err   string
	}{
		{"new folder", nil, true, ""},
		{"folder with other files", map[string]string{"other.txt": "x"}, false, ""},
		{"not empty", map[string]string{".hidden": "x"}, true, "is not empty (.hidden)"},
		{"a file exists", map[string]string{"sub/b.md": "mine"}, false, "sub/b.md exists already; dossier never overwrites a file: nothing written"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "d")
			for p, text := range tt.setup {
				os.MkdirAll(filepath.Dir(filepath.Join(dir, p)), 0o755)
				os.WriteFile(filepath.Join(dir, p), []byte(text), 0o644)
			}
			written, err := Create(dir, files, tt.empty)
			if tt.err == "" {
				if err != nil || len(written) != 2 {
					t.Fatalf("Create: %v, %v", written, err)
				}
				if b, _ := os.ReadFile(filepath.Join(dir, "sub/b.md")); string(b) != "b" {
					t.Errorf("sub/b.md = %q", b)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("Create: %v; want %q", err, tt.err)
			}
			if _, err := os.Stat(filepath.Join(dir, "a.md")); err == nil {
				t.Errorf("Create refused but wrote a.md")
			}
			for p, text := range tt.setup {
				if b, _ := os.ReadFile(filepath.Join(dir, p)); string(b) != text {
					t.Errorf("Create changed %s", p)
				}
			}
		})
	}
	if _, err := Create(t.TempDir(), []NewFile{{"../x", nil}}, false); err == nil {
		t.Errorf("Create wrote outside its folder")
	}
}
