package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestReadLimits checks that a file larger than MaxFileSize is reported,
// not read, whether Load found it by walking the folder or LoadFile was
// given its path, and that a file of exactly the limit is read.
func TestReadLimits(t *testing.T) {
	body := "---\ntitle: A\ndate: 2015\n---\n"
	fsys := fstest.MapFS{
		"articles/big.md": {Data: []byte(body + strings.Repeat("x", MaxFileSize-len(body)+1))},
		"articles/max.md": {Data: []byte(body + strings.Repeat("x", MaxFileSize-len(body)))},
	}
	c, err := Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Diags) != 1 || !strings.Contains(c.Diags[0].String(), "content/articles/big.md:1:1: file is too large") {
		t.Errorf("Load: diagnostics %v; want big.md too large", c.Diags)
	}
	if len(c.Articles) != 1 || c.Articles[0].Path != "articles/max.md" || len(c.Articles[0].Body) != MaxFileSize-len(body) {
		t.Errorf("Load: want max.md read whole")
	}
	if f := LoadFile(fsys, "content", "articles/big.md"); len(f.Diags) != 1 || f.Article != nil {
		t.Errorf("LoadFile(big.md): diagnostics %v, article %v; want too large", f.Diags, f.Article)
	}
}
