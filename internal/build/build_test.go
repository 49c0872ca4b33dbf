package build

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/corpus"
	"dossier/internal/output"
	"dossier/internal/site"
	"dossier/internal/treetest"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected output of golden tests")

// Golden cases are txtar archives in testdata/golden: content/… files in,
// want/… pages out (only the pages listed are compared), and optionally a
// "flags" file (-base-url /x/, -drafts) and a "diagnostics" file with the
// problems the build reports, one per line. With -update the want files and
// diagnostics are rewritten from what the build produces.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/golden/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			opts := testOptions(t, archiveFS(ar, "content/"))
			for _, f := range ar.Files {
				if f.Name != "flags" {
					continue
				}
				args := strings.Fields(string(f.Data))
				for i := 0; i < len(args); i++ {
					switch args[i] {
					case "-base-url":
						i++
						if opts.Base, err = site.ParseBase(args[i]); err != nil {
							t.Fatal(err)
						}
					case "-drafts":
						opts.Drafts = true
					default:
						t.Fatalf("unknown flag %q in %s", args[i], file)
					}
				}
			}
			res, err := Build(opts)
			if err != nil && err != ErrContent {
				t.Fatalf("Build: %v", err)
			}
			var diags bytes.Buffer
			for _, d := range res.Diags {
				diags.WriteString(d.String() + "\n")
			}

			changed := false
			for i := range ar.Files {
				f := &ar.Files[i]
				var got []byte
				switch {
				case f.Name == "diagnostics":
					got = diags.Bytes()
				case strings.HasPrefix(f.Name, "want/"):
					got, err = os.ReadFile(filepath.Join(opts.Out, strings.TrimPrefix(f.Name, "want/")))
					if err != nil {
						t.Errorf("%s: %v", f.Name, err)
						continue
					}
				default:
					continue
				}
				if !bytes.Equal(got, f.Data) {
					if *update {
						f.Data = got
						changed = true
						continue
					}
					t.Errorf("%s differs from the golden file; run go test -update to accept.\n%s", f.Name, treetest.Lines(string(f.Data), string(got)))
				}
			}
			hasDiags := false
			for _, f := range ar.Files {
				hasDiags = hasDiags || f.Name == "diagnostics"
			}
			if !hasDiags && diags.Len() > 0 {
				if *update {
					ar.Files = append(ar.Files, txtar.File{Name: "diagnostics", Data: diags.Bytes()})
					changed = true
				} else {
					t.Errorf("unexpected diagnostics:\n%s", diags.String())
				}
			}
			if changed {
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// archiveFS returns the archive's files under prefix as a file system.
func archiveFS(ar *txtar.Archive, prefix string) fs.FS {
	m := fstest.MapFS{}
	for _, f := range ar.Files {
		if name, ok := strings.CutPrefix(f.Name, prefix); ok {
			m[name] = &fstest.MapFile{Data: f.Data}
		}
	}
	return m
}

// testOptions builds content into a fresh folder with the project's own
// templates and static files.
func testOptions(t *testing.T, contentFS fs.FS) Options {
	t.Helper()
	return Options{
		Content:     contentFS,
		ContentName: "content",
		Templates:   os.DirFS("../../templates"),
		Static:      os.DirFS("../../static"),
		Out:         filepath.Join(t.TempDir(), "build"),
	}
}

// TestDeterministic builds the shipped dossier twice and compares every byte.
func TestDeterministic(t *testing.T) {
	a := buildShipped(t, "")
	b := buildShipped(t, "")
	if msg := treetest.Diff(treetest.Read(t, a), treetest.Read(t, b)); msg != "" {
		t.Errorf("two builds of the same content differ:\n%s", msg)
	}
}

// textEverywhere are templates that show articles' texts on pages other
// than their own: the newest bodies on the home page (rendered before any
// article page), related articles' bodies, summaries and passages on each
// article page, and every body on the timeline (rendered after the article
// pages, once their bodies were let go).
var textEverywhere = fstest.MapFS{
	"home.html": {Data: []byte(`{{ define "main" }}{{ range .Newest }}<div>{{ .Body }}</div>{{ end }}{{ end }}`)},
	"article.html": {Data: []byte(`{{ define "main" }}<h1>{{ .Article.Title }}</h1>{{ .Article.Body }}
{{ range .Article.Related }}<div>{{ .Article.Summary }}{{ .Article.Body }}{{ range .Article.Annotations }}<p id="{{ .ID }}">{{ .Number }} {{ .Passage }}</p>{{ end }}</div>{{ end }}{{ end }}`)},
	"timeline.html": {Data: []byte(`{{ define "main" }}{{ range .Years }}{{ range .Months }}{{ range .Articles }}<div>{{ .Summary }}{{ .Body }}</div>{{ end }}{{ end }}{{ end }}{{ end }}`)},
}

// TestLazyText builds the shipped dossier and a generated one with Build,
// which renders each article's text with its page and lets it go once the
// page is written, and with a Builder, which renders every text first and
// keeps it, and requires the same site: with the project's templates, and
// with templates that show articles' texts on other pages than their own,
// which Build must render again, reading the file again; and with Build
// holding no Markdown from loading, as in a large dossier, so that every
// article is read twice.
func TestLazyText(t *testing.T) {
	defer func(old int64) { holdMarkdown = old }(holdMarkdown)
	generated := fstest.MapFS{}
	for _, f := range corpus.Generate(corpus.Options{Articles: 120, Seed: 3}) {
		generated[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	// On disk, opened as the command opens it (an os.Root), Markdown is
	// read again through the same file system.
	dir, err := corpus.Write(t.TempDir(), corpus.Options{Articles: 120, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	for _, tt := range []struct {
		name      string
		content   fs.FS
		templates fs.FS
		hold      int64
	}{
		{"shipped", os.DirFS("../../content"), os.DirFS("../../templates"), holdMarkdown},
		{"shipped, text everywhere", os.DirFS("../../content"), site.Layers{textEverywhere, os.DirFS("../../templates")}, holdMarkdown},
		{"generated", generated, os.DirFS("../../templates"), holdMarkdown},
		{"generated, text everywhere", generated, site.Layers{textEverywhere, os.DirFS("../../templates")}, holdMarkdown},
		{"generated, read twice", generated, os.DirFS("../../templates"), 0},
		{"generated, read twice, text everywhere", generated, site.Layers{textEverywhere, os.DirFS("../../templates")}, 0},
		{"on disk, read twice", root.FS(), os.DirFS("../../templates"), 0},
		{"on disk, read twice, text everywhere", root.FS(), site.Layers{textEverywhere, os.DirFS("../../templates")}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			holdMarkdown = tt.hold
			opts := testOptions(t, tt.content)
			opts.Templates = tt.templates
			if res, err := Build(opts); err != nil {
				t.Fatalf("Build: %v\n%v", err, res.Diags)
			}
			eager := opts
			eager.Out = filepath.Join(t.TempDir(), "eager")
			if o, err := NewBuilder(eager).Build(); err != nil {
				t.Fatalf("Builder: %v\n%v", err, o.Diags)
			}
			if msg := treetest.Diff(treetest.Read(t, eager.Out), treetest.Read(t, opts.Out)); msg != "" {
				t.Errorf("Build's site differs from the Builder's:\n%s", msg)
			}
		})
	}
}

// buildShipped builds the shipped dossier with the base URL base and
// returns the output folder.
func buildShipped(t *testing.T, base string) string {
	t.Helper()
	out, _ := buildBase(t, nil, base)
	return out
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	names, err := output.Files(dir)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			t.Fatal(err)
		}
		m[n] = data
	}
	return m
}

// TestFailedBuildKeepsOutput checks that a build that fails, for bad content
// or a bad template, leaves the previous output exactly as it was and no
// staging folder behind.
func TestFailedBuildKeepsOutput(t *testing.T) {
	good := fstest.MapFS{
		"articles/a.md": {Data: []byte("---\ntitle: A\ndate: 2015-02-12\n---\nText.\n")},
	}
	opts := testOptions(t, good)
	if _, err := Build(opts); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, opts.Out)

	bad := fstest.MapFS{
		"articles/a.md": {Data: []byte("---\ntitle: A\ndate: 2015-02-12\n---\nChanged text.\n")},
		"articles/b.md": {Data: []byte("---\ntitle: B\ndate: 2015-02-30\n---\nText.\n")},
	}
	badOpts := opts
	badOpts.Content = bad
	if _, err := Build(badOpts); err != ErrContent {
		t.Fatalf("Build with an impossible date: err = %v; want ErrContent", err)
	}

	badTemplates := opts
	badTemplates.Templates = fstest.MapFS{"base.html": {Data: []byte(`{{ define "base" }}{{ .Nope`)}}
	if _, err := Build(badTemplates); err == nil {
		t.Fatal("Build with a broken template succeeded")
	}

	after := readTree(t, opts.Out)
	if len(after) != len(before) {
		t.Fatalf("output has %d files after failed builds; want %d", len(after), len(before))
	}
	for name, data := range before {
		if !bytes.Equal(after[name], data) {
			t.Errorf("%s changed by a failed build", name)
		}
	}
	entries, err := os.ReadDir(filepath.Dir(opts.Out))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() != "build" {
			t.Errorf("left behind beside the output folder: %s", e.Name())
		}
	}
}
