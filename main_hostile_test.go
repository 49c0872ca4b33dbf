//go:build unix

package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dossier/internal/content"
)

// The hostile content a text archive cannot hold — bytes that are not
// UTF-8, a file over the size limit, symbolic links, a named pipe — made on
// disk and built through the command itself, as an editor would run it.
// Each case starts from a content folder that builds and an output folder
// from that build; it then adds its hostile files and builds again. Cases
// that fail must print exactly the problems listed and change nothing on
// disk (the previous output intact, nothing staged left behind); cases that
// build must change nothing outside the output folder.
//
// The archive-based cases are in internal/build/testdata/hostile.
func TestHostileFiles(t *testing.T) {
	good := "---\ntitle: Good\ndate: 2015-02-12\n---\nText.\n"
	secret := "---\ntitle: Secret\ndate: 2015-02-12\n---\nFrom outside the content folder.\n"
	tests := []struct {
		name  string
		setup func(t *testing.T) // in the folder holding content/, out/ and outside/
		want  []string           // stderr, line by line; empty: the build succeeds
	}{
		{
			name:  "latin-1",
			setup: write("content/articles/latin1.md", "---\ntitle: Caf\xe9\ndate: 2015-02-12\n---\nText.\n"),
			want:  []string{"content/articles/latin1.md:2:11: file is not valid UTF-8 text"},
		},
		{
			name:  "invalid byte after multibyte characters, column in characters",
			setup: write("content/articles/late.md", "---\ntitle: Ünïcödé\ndate: 2015-02-12\n---\nHéllo wörld \xff\n"),
			want:  []string{"content/articles/late.md:5:13: file is not valid UTF-8 text"},
		},
		{
			name:  "utf-16",
			setup: write("content/articles/utf16.md", "\xff\xfe-\x00-\x00-\x00\n\x00"),
			want:  []string{"content/articles/utf16.md:1:1: file is not valid UTF-8 text"},
		},
		{
			name:  "NUL bytes are UTF-8 but no front matter",
			setup: write("content/articles/nul.md", "\x00\x00\x00"),
			want:  []string{"content/articles/nul.md:1:1: no front matter: an article starts with --- and a title and date"},
		},
		{
			name:  "empty",
			setup: write("content/articles/empty.md", ""),
			want:  []string{"content/articles/empty.md:1:1: file is empty"},
		},
		{
			name:  "one byte over the size limit",
			setup: write("content/articles/big.md", sized(content.MaxFileSize+1)),
			want:  []string{"content/articles/big.md:1:1: file is too large (8.1 MB; the limit is 8 MB)"},
		},
		{
			name:  "symbolic link to a file outside",
			setup: symlink("../../outside/secret.md", "content/articles/secret.md"),
			want:  []string{"content/articles/secret.md:1:1: links to a file outside the content folder"},
		},
		{
			name:  "absolute symbolic link",
			setup: symlink("/etc/passwd", "content/articles/passwd.md"),
			want:  []string{"content/articles/passwd.md:1:1: links to a file outside the content folder"},
		},
		{
			name:  "symbolic link to a folder outside, named like an article",
			setup: symlink("../../outside", "content/articles/folder.md"),
			want:  []string{"content/articles/folder.md:1:1: links to a file outside the content folder"},
		},
		{
			name:  "symbolic link to the profile of another folder",
			setup: symlink("../../outside/secret.md", "content/companies/secret.md"),
			want:  []string{"content/companies/secret.md:1:1: links to a file outside the content folder"},
		},
		{
			name:  "symbolic link loop",
			setup: symlink("loop.md", "content/articles/loop.md"),
			want:  []string{"content/articles/loop.md:1:1: cannot read: too many levels of symbolic links"},
		},
		{
			name:  "dangling symbolic link",
			setup: symlink("nothing.md", "content/articles/gone.md"),
			want:  []string{"content/articles/gone.md:1:1: cannot read: no such file or directory"},
		},
		{
			name: "named pipe",
			setup: func(t *testing.T) {
				if err := syscall.Mkfifo("content/articles/pipe.md", 0o644); err != nil {
					t.Skipf("mkfifo: %v", err)
				}
			},
			want: []string{"content/articles/pipe.md:1:1: not a regular file"},
		},
		{
			name:  "named pipe in static",
			setup: fifo("static/pipe.css"),
			want:  []string{"dossier: static: pipe.css: not a regular file (a named pipe)"},
		},
		{
			name:  "named pipe in templates",
			setup: fifo("templates/pipe.html"),
			want:  []string{"dossier: templates: pipe.html: not a regular file (a named pipe)"},
		},
		{
			name: "named pipe behind a link in static",
			setup: func(t *testing.T) {
				fifo("static/.pipe")(t) // hidden: not a static file itself
				symlink(".pipe", "static/style.css")(t)
			},
			want: []string{"dossier: static: style.css: not a regular file (a named pipe)"},
		},
		{
			// A name cannot move the terminal's cursor, colour it, or
			// forge a line of another message.
			name: "control characters in file names",
			setup: func(t *testing.T) {
				write("content/articles/clear\x1b[2Jscreen.md", "---\ntitle: A\n---\n")(t)
				write("content/articles/x.md\ncontent/articles/good.md:1:1: forged.md", "---\ntitle: A\n---\n")(t)
			},
			want: []string{
				`"content/articles/clear\x1b[2Jscreen.md":1:1: missing date`,
				`"content/articles/x.md\ncontent/articles/good.md:1:1: forged.md":1:1: missing date`,
			},
		},
		{
			name: "several at once, all reported, sorted",
			setup: func(t *testing.T) {
				write("content/markets/x.md", "")(t)
				write("content/articles/b.md", "---\ntitle: \xc3\x28\n---\n")(t)
				symlink("/etc/hostname", "content/articles/a.md")(t)
			},
			want: []string{
				"content/articles/a.md:1:1: links to a file outside the content folder",
				"content/articles/b.md:2:8: file is not valid UTF-8 text",
				"content/markets/x.md:1:1: file is empty",
			},
		},
		// These build: the output changes, nothing else does.
		{
			// The limit itself is tested in package content, without
			// rendering 8 MB of Markdown.
			name:  "a very large file under the limit",
			setup: write("content/articles/big.md", sized(2<<20)),
		},
		{
			name:  "byte order mark and Windows line endings",
			setup: write("content/articles/windows.md", "\ufeff---\r\ntitle: Windows\r\ndate: 2015-02-12\r\n---\r\nText.\r\n"),
		},
		{
			name:  "symbolic link inside the content folder",
			setup: symlink("good.md", "content/articles/alias.md"),
		},
		{
			name:  "symbolic link to a folder outside is not followed",
			setup: symlink("../../outside", "content/articles/more"),
		},
		{
			name:  "names with path characters",
			setup: write("content/articles/paths.md", "---\ntitle: Paths\ndate: 2015-02-12\ncompanies: [\"../../../escape\", \"/etc/passwd\", \"..\\\\..\\\\win\"]\n---\nText.\n"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			write("content/articles/good.md", good)(t)
			write("outside/secret.md", secret)(t)
			if code, _, stderr := runHere("build", "-q"); code != 0 {
				t.Fatalf("building the good content: exit %d\n%s", code, stderr)
			}
			tt.setup(t)
			before := snapshot(t, ".")

			code, stdout, stderr := runHere("build", "-q")
			after := snapshot(t, ".")
			if len(tt.want) > 0 {
				want := strings.Join(tt.want, "\n") + "\ndossier: build failed; build left as it was\n"
				if code != 1 || stderr != want || stdout != "" {
					t.Errorf("dossier build: exit %d, stderr:\n%s\nwant exit 1, stderr:\n%s", code, stderr, want)
				}
				compare(t, before, after, "")
				return
			}
			if code != 0 || stderr != "" {
				t.Fatalf("dossier build: exit %d\n%s", code, stderr)
			}
			compare(t, before, after, "build")
			if _, err := os.Stat("build/articles/good/index.html"); err != nil {
				t.Errorf("the good article was not built: %v", err)
			}
			// Nothing from outside the content folder reached the site.
			filepath.WalkDir("build", func(p string, d fs.DirEntry, err error) error {
				if data, _ := os.ReadFile(p); bytes.Contains(data, []byte("outside the content folder")) {
					t.Errorf("%s holds text of a file outside the content folder", p)
				}
				return nil
			})
		})
	}
}

// fifo returns a setup step making a named pipe, which reading would wait
// on for ever.
func fifo(name string) func(*testing.T) {
	return func(t *testing.T) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(name, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
}

func symlink(target, name string) func(*testing.T) {
	return func(t *testing.T) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, name); err != nil {
			t.Fatal(err)
		}
	}
}

// sized returns an article of exactly n bytes: front matter and paragraphs.
func sized(n int) string {
	var b strings.Builder
	b.WriteString("---\ntitle: A very large article\ndate: 2015-02-12\n---\n")
	para := strings.Repeat("Xiaomi said it would sell accessories in the United States. ", 10) + "\n\n"
	for b.Len() < n {
		b.WriteString(para)
	}
	return b.String()[:n]
}
