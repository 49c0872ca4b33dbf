package corpus

import (
	"fmt"
	"strings"
)

// Hostile is a content folder made to take a build's time or memory: one
// article whose size is ordinary for a file but whose shape is not. The
// benchmarks of internal/build and `go run ./cmd/bench -hostile` build
// them, to show that each completes in time and memory in proportion to
// its size or stops at a limit with a message.
type Hostile struct {
	Name  string
	About string
	Files []File
}

// HostileCases returns the hostile inputs of issue 23, at the sizes its
// attacks used:
//
//	tags         one article tagged with 4,000 companies
//	toml-depth   10,000 levels of nested TOML inline tables (40 KB)
//	table        a Markdown table of 7.9 MB
//	annotations  40,000 annotations anchored in one paragraph
func HostileCases() []Hostile {
	return []Hostile{
		{Name: "tags", About: "4,000 tags in one article", Files: []File{article1("tags", Tags(4000))}},
		{Name: "toml-depth", About: "10,000-deep TOML inline tables", Files: []File{article1("toml-depth", DeepTOML(10000))}},
		{Name: "table", About: "a 7.9 MB Markdown table", Files: []File{article1("table", Table(7_900_000))}},
		{Name: "annotations", About: "40,000 annotations in one paragraph", Files: []File{article1("annotations", Annotations(40000))}},
	}
}

func article1(name string, data []byte) File {
	return File{Path: "articles/" + name + ".md", Data: data}
}

// Tags returns an article tagged with n companies.
func Tags(n int) []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Tags\ndate: 2015-02-12\ncompanies:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - Company %d\n", i)
	}
	b.WriteString("---\nText.\n")
	return []byte(b.String())
}

// DeepTOML returns an article whose TOML front matter nests n inline
// tables: x = {a={a={…1}}}.
func DeepTOML(n int) []byte {
	return []byte("+++\ntitle = \"Deep\"\ndate = 2015-02-12\nx = " +
		strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n) + "\n+++\nText.\n")
}

// Table returns an article whose body is a four-column table of about
// size bytes.
func Table(size int) []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Table\ndate: 2015-02-12\n---\n| a | b | c | d |\n|---|---|---|---|\n")
	const row = "| x | y | z | w |\n"
	b.Grow(size)
	for b.Len()+len(row) <= size {
		b.WriteString(row)
	}
	return []byte(b.String())
}

// Annotations returns an article of one paragraph of n words, each the
// quote of one annotation.
func Annotations(n int) []byte {
	var b strings.Builder
	b.WriteString("---\ntitle: Annotations\ndate: 2015-02-12\nannotations:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - quote: \"w%06d\"\n    note: n\n", i)
	}
	b.WriteString("---\n")
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "w%06d", i)
	}
	b.WriteString("\n")
	return []byte(b.String())
}
