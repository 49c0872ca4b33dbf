//go:build unix

package output

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// mkfiles writes files (path → content; a path ending in / is a folder)
// under dir.
func mkfiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if strings.HasSuffix(name, "/") {
			if err := os.MkdirAll(p, 0o755); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// earlier is the output of an earlier dossier: no manifest.
var earlier = map[string]string{
	"index.html":             "home",
	"404.html":               "missing",
	"robots.txt":             "User-agent: *",
	".nojekyll":              "",
	"style.css":              "css",
	"favicon.svg":            "svg",
	"articles/a/index.html":  "a",
	"companies/x/index.html": "x",
	"timeline/index.html":    "timeline",
}

// with returns files and more.
func with(files map[string]string, more map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

// TestInspect tells the folders a build may write to, and what it may
// replace or remove in them, from those it must refuse.
func TestInspect(t *testing.T) {
	static := []string{"style.css", "favicon.svg"}
	tests := []struct {
		name  string
		files map[string]string // nil: no folder at all
		opts  Options
		owned []string // what a build may replace or remove
		err   string   // the refusal, with OUT for the folder
	}{
		{name: "no folder", owned: []string{}},
		{name: "empty folder", files: map[string]string{}, owned: []string{}},
		{name: "only hidden files", files: map[string]string{".git/config": "x", ".DS_Store": "x"}, owned: []string{}},
		{
			name:  "a manifest",
			files: map[string]string{"index.html": "a", "mine.txt": "not listed", ManifestName: manifestHeader + "\nindex.html\ngone.html\n"},
			owned: []string{"gone.html", "index.html"},
		},
		{
			name:  "an earlier dossier's site",
			files: earlier,
			owned: []string{".nojekyll", "404.html", "articles/a/index.html", "companies/x/index.html", "favicon.svg", "index.html", "robots.txt", "style.css", "timeline/index.html"},
		},
		{
			name:  "an earlier dossier's site, kept paths",
			files: earlier,
			opts:  Options{Keep: []string{"companies/", "robots.txt"}},
			owned: []string{".nojekyll", "404.html", "articles/a/index.html", "favicon.svg", "index.html", "style.css", "timeline/index.html"},
		},
		{
			name:  "a site with a README is not an earlier dossier's",
			files: with(earlier, map[string]string{"README.md": "mine"}),
			err:   "-out OUT holds files dossier did not write: 404.html, README.md, articles/, companies/, favicon.svg and 4 more; name a new or empty folder, or add -force to make it the site's: its files are then replaced or removed, except hidden ones (such as .git) and those named with -keep",
		},
		{
			name:  "a site in a git clone is not an earlier dossier's",
			files: with(earlier, map[string]string{".git/HEAD": "ref"}),
			err:   "-out OUT holds files dossier did not write: 404.html, articles/, companies/, favicon.svg, index.html and 3 more; name a new or empty folder, or add -force to make it the site's: its files are then replaced or removed, except hidden ones (such as .git) and those named with -keep",
		},
		{
			name:  "a docs folder",
			files: map[string]string{"CNAME": "example.org", "README.md": "read me", "img/logo.png": "png", ".git/HEAD": "ref"},
			err:   "-out OUT holds files dossier did not write: CNAME, README.md and img/; name a new or empty folder, or add -force to make it the site's: its files are then replaced or removed, except hidden ones (such as .git) and those named with -keep",
		},
		{
			name:  "a home folder",
			files: map[string]string{".ssh/id_ed25519": "key", ".bashrc": "rc", "Documents/thesis.odt": "thesis"},
			err:   "-out OUT holds files dossier did not write: Documents/; name a new or empty folder, or add -force to make it the site's: its files are then replaced or removed, except hidden ones (such as .git) and those named with -keep",
		},
		{
			name:  "a docs folder, taken over",
			files: map[string]string{"CNAME": "example.org", "README.md": "read me", "img/logo.png": "png", ".git/HEAD": "ref", ".nojekyll": ""},
			opts:  Options{Force: true, Keep: []string{"CNAME"}},
			owned: []string{"README.md", "img/logo.png"},
		},
		{
			name:  "a manifest of another program",
			files: map[string]string{ManifestName: "index.html\n"},
			err:   "OUT/.dossier-manifest is not a manifest dossier wrote",
		},
		{
			name:  "a manifest listing a path outside",
			files: map[string]string{ManifestName: manifestHeader + "\nindex.html\n../../etc/passwd\n"},
			err:   `OUT/.dossier-manifest:3: "../../etc/passwd" is not a path dossier writes`,
		},
		{
			name:  "a manifest listing itself",
			files: map[string]string{ManifestName: manifestHeader + "\n" + ManifestName + "\n"},
			err:   `OUT/.dossier-manifest:2: ".dossier-manifest" is not a path dossier writes`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if tt.files != nil {
				if err := os.Mkdir(out, 0o755); err != nil {
					t.Fatal(err)
				}
				mkfiles(t, out, tt.files)
			}
			opts := tt.opts
			opts.Static = static
			owned, _, err := inspect(out, opts)
			if tt.err != "" {
				want := strings.ReplaceAll(tt.err, "OUT", out)
				if err == nil || err.Error() != want {
					t.Errorf("inspect = %v; want %s", err, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("inspect: %v", err)
			}
			got := keys(owned)
			slices.Sort(got)
			if !slices.Equal(got, tt.owned) {
				t.Errorf("inspect owns %q; want %q", got, tt.owned)
			}
		})
	}
}

// TestCheck checks the refusals of output folders that are not folders or
// are where a site must not be written.
func TestCheck(t *testing.T) {
	root := t.TempDir()
	home := filepath.Join(root, "home", "me")
	account := filepath.Join(root, "account")
	mkfiles(t, root, map[string]string{
		"home/me/notes.txt":     "mine",
		"account/.profile":      "mine",
		"file.txt":              "a file",
		"content/articles/a.md": "---\ntitle: A\n---\n",
		"real/":                 "",
	})
	if err := os.Symlink("real", filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	// $HOME is a temporary folder, and so is the account's home, which
	// `HOME=/tmp/x dossier build -out ~` names.
	t.Setenv("HOME", home)
	old := homes
	homes = func() []string { return []string{home, account} }
	defer func() { homes = old }()
	t.Chdir(root)

	guarded := []Guarded{
		{What: "the content folder content", Dir: "content"},
		{What: "the current folder", Dir: ".", MayHoldOut: true},
	}
	tests := []struct {
		out  string
		opts Options
		want string
	}{
		{out: "build"},
		{out: "real"},
		{out: "content", want: "-out content is the content folder content: the output folder must be a folder of its own, apart from the folders a build reads"},
		{out: "content/companies", want: "-out content/companies is inside the content folder content: the output folder must be a folder of its own, apart from the folders a build reads"},
		{out: ".", want: "-out . holds the content folder content: the output folder must be a folder of its own, apart from the folders a build reads"},
		{out: "..", want: "-out .. holds the content folder content: the output folder must be a folder of its own, apart from the folders a build reads"},
		{out: "file.txt", want: "-out file.txt is a file, not a folder: a build would replace it"},
		{out: "fifo", want: "-out fifo is a named pipe, not a folder"},
		{out: "link", want: "-out link is a symbolic link (to real): name the folder itself, so that a build cannot write elsewhere than asked"},
		{out: home, want: "-out " + home + " is your home folder: the output folder must be a folder of its own"},
		{out: home, opts: Options{Force: true}, want: "-out " + home + " is your home folder: the output folder must be a folder of its own"},
		{out: account, opts: Options{Force: true}, want: "-out " + account + " is your home folder: the output folder must be a folder of its own"},
		{out: filepath.Join(root, "home"), opts: Options{Force: true}, want: "-out " + filepath.Join(root, "home") + " holds your home folder " + home + ": the output folder must be a folder of its own"},
		{out: "build", opts: Options{Keep: []string{"../x"}}, want: `-keep "../x": give a path inside the output folder, such as CNAME or images/`},
		{out: "build", opts: Options{Keep: []string{"/etc"}}, want: `-keep "/etc": give a path inside the output folder, such as CNAME or images/`},
	}
	for _, tt := range tests {
		err := Check(tt.out, tt.opts, guarded...)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Check(%s, %+v) = %q; want %q", tt.out, tt.opts, got, tt.want)
		}
	}
}

// TestCheckDevice refuses a device node; making one needs root.
func TestCheckDevice(t *testing.T) {
	dev := filepath.Join(t.TempDir(), "null")
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Skipf("mknod: %v", err)
	}
	want := "-out " + dev + " is a device, not a folder"
	if err := Check(dev, Options{}); err == nil || err.Error() != want {
		t.Errorf("Check(a device) = %v; want %s", err, want)
	}
}
