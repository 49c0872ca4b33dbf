package corpus

import (
	"bytes"
	"strings"
	"testing"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a := Generate(Options{Articles: 50, Seed: 7})
	b := Generate(Options{Articles: 50, Seed: 7})
	if len(a) != len(b) {
		t.Fatalf("Generate gave %d and %d files for the same options", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("file %d differs between two runs: %s", i, a[i].Path)
		}
	}
	c := Generate(Options{Articles: 50, Seed: 8})
	if bytes.Equal(a[0].Data, c[0].Data) {
		t.Errorf("seeds 7 and 8 gave the same first article")
	}
}

func TestGenerateShape(t *testing.T) {
	files := Generate(Options{Articles: 400, Seed: 1})
	articles, size, annotated := 0, 0, 0
	for _, f := range files {
		if strings.HasPrefix(f.Path, "articles/") {
			articles++
			size += len(f.Data)
			if bytes.Contains(f.Data, []byte("annotations:")) {
				annotated++
			}
		}
	}
	if articles != 400 {
		t.Errorf("%d articles; want 400", articles)
	}
	if avg := size / articles; avg < 3000 || avg > 9000 {
		t.Errorf("average article is %d bytes; want about 6 KB", avg)
	}
	if annotated == 0 {
		t.Errorf("no article has annotations")
	}
}
