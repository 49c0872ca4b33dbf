package live

import (
	"bufio"
	"context"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/internal/build"
	"dossier/internal/output"
	"dossier/internal/site"
	"dossier/internal/treetest"
)

// editing is a live session on a temporary folder, driven by a test.
type editing struct {
	t      *testing.T
	root   string
	out    string
	addr   string
	builds chan result
	events chan event
	stop   func()
	done   chan error
}

type result struct {
	o   *build.Outcome
	err error
}

type event struct{ name, data string }

func (s *editing) path(name string) string { return filepath.Join(s.root, filepath.FromSlash(name)) }

func (s *editing) write(name, data string) {
	s.t.Helper()
	treetest.Write(s.t, s.root, name, data)
}

func (s *editing) rename(from, to string) {
	s.t.Helper()
	if err := os.Rename(s.path(from), s.path(to)); err != nil {
		s.t.Fatal(err)
	}
}

func (s *editing) remove(name string) {
	s.t.Helper()
	// A folder of the output may be written into again while it is
	// being removed: the session writes deleted files again.
	var err error
	for range 20 {
		if err = os.RemoveAll(s.path(name)); err == nil {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.t.Fatal(err)
}

// options are the build options of the session's folder, with out as the
// output folder.
func (s *editing) options(out string) build.Options {
	open := func(name string) fs.FS { return treetest.Root(s.t, s.path(name)) }
	return build.Options{
		Content:       open("content"),
		ContentName:   "content",
		Templates:     site.Layers{open("templates"), os.DirFS("../../templates")},
		TemplatesName: "templates",
		Static:        site.Layers{open("static"), os.DirFS("../../static")},
		Out:           out,
	}
}

// start runs a serve session on a folder holding files.
func start(t *testing.T, files map[string]string) *editing {
	t.Helper()
	s := &editing{
		t:      t,
		root:   t.TempDir(),
		builds: make(chan result, 1000),
		events: make(chan event, 1000),
		done:   make(chan error, 1),
	}
	s.out = s.path("build")
	for _, d := range []string{"content", "templates", "static"} {
		if err := os.MkdirAll(s.path(d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		s.write(name, data)
	}
	ctx, cancel := context.WithCancel(context.Background())
	s.stop = cancel
	listening := make(chan string, 1)
	cfg := Config{
		Build:        s.options(s.out),
		ContentDir:   s.path("content"),
		TemplatesDir: s.path("templates"),
		StaticDir:    s.path("static"),
		Addr:         "127.0.0.1:0",
		Stdout:       io.Discard,
		Stderr:       io.Discard,
		OnListen:     func(addr string) { listening <- addr },
		OnBuild:      func(o *build.Outcome, err error) { s.builds <- result{o, err} },
	}
	go func() { s.done <- Run(ctx, cfg) }()
	t.Cleanup(func() {
		cancel()
		<-s.done
	})
	select {
	case s.addr = <-listening:
	case err := <-s.done:
		t.Fatalf("Run: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("server did not start")
	}
	go s.listen()
	return s
}

// listen reads the live-reload event stream into s.events.
func (s *editing) listen() {
	res, err := http.Get("http://" + s.addr + "/_dossier/events")
	if err != nil {
		return
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	var name, data string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && name != "":
			s.events <- event{name, data}
			name, data = "", ""
		}
	}
}

// settle waits for builds until the output folder is what a clean build of
// the folder's current content gives, byte for byte.
func (s *editing) settle(step string) {
	s.t.Helper()
	deadline := time.After(30 * time.Second)
	last := "no build"
	for {
		select {
		case r := <-s.builds:
			if r.err != nil {
				last = "build failed: " + r.err.Error()
				continue // a moment in the middle of a save
			}
			want, problems := s.cleanBuild()
			if problems != "" {
				s.t.Fatalf("%s: a clean build fails:\n%s", step, problems)
			}
			if last = treetest.Diff(want, treetest.Read(s.t, s.out)); last == "" {
				return
			}
		case <-deadline:
			s.t.Fatalf("%s: the output does not match a clean build 30 s after the change; last difference:\n%s", step, last)
		}
	}
}

// fails waits for a failed build and returns its outcome.
func (s *editing) fails(step string) *build.Outcome {
	s.t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		select {
		case r := <-s.builds:
			if errors.Is(r.err, build.ErrContent) {
				return r.o
			}
		case <-deadline:
			s.t.Fatalf("%s: no failed build within 30 s", step)
		}
	}
}

// await waits for a live-reload event of a kind whose data holds want.
func (s *editing) await(step, name, want string) {
	s.t.Helper()
	deadline := time.After(30 * time.Second)
	var seen []string
	for {
		select {
		case e := <-s.events:
			if e.name == name && strings.Contains(e.data, want) {
				return
			}
			seen = append(seen, e.name+" "+e.data)
		case <-deadline:
			s.t.Fatalf("%s: no %s event with %s within 30 s; saw %q", step, name, want, seen)
		}
	}
}

func (s *editing) cleanBuild() (map[string]string, string) {
	s.t.Helper()
	out := filepath.Join(s.t.TempDir(), "build")
	res, err := build.Build(s.options(out))
	if err != nil {
		var b strings.Builder
		for _, d := range res.Diags {
			b.WriteString(d.String() + "\n")
		}
		return nil, b.String() + err.Error()
	}
	return treetest.Read(s.t, out), ""
}

func (s *editing) get(path string) (int, string) {
	s.t.Helper()
	res, err := http.Get("http://" + s.addr + path)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func article(title, date, companies, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\ncompanies: [" + companies + "]\n---\n" + body + "\n"
}

var seed = map[string]string{
	"content/_index.md":           "---\ntitle: Phones\n---\nAn introduction.\n",
	"content/companies/xiaomi.md": "---\nname: Xiaomi\n---\nA phone maker.\n",
	"content/articles/a.md": `---
title: Xiaomi comes to the US
date: 2015-02-12
companies: [Xiaomi]
annotations:
  - quote: "sells accessories"
    note: "Not phones."
---
Xiaomi sells accessories in the US now.
`,
	"content/articles/b.md": article("Xiaomi in China", "2015-03", "Xiaomi, Apple", "Apple and Xiaomi."),
	"content/articles/c.md": article("Samsung", "2014", "Samsung", "Samsung text."),
}

// TestSession drives a serve session through what editing a dossier is:
// creating, editing, renaming and deleting articles, saving the way
// editors do, breaking an article and fixing it, changing the stylesheet.
// After each step the output folder must be what a clean build gives.
func TestSession(t *testing.T) {
	s := start(t, seed)
	s.settle("first build")

	s.write("content/articles/d.md", article("D", "2016-01-02", "Lenovo", "Lenovo text."))
	s.settle("create an article")

	// vim's save: a test file, the old file renamed to a backup, the
	// new one written, the backup removed.
	s.write("content/articles/4913", "")
	s.remove("content/articles/4913")
	s.rename("content/articles/a.md", "content/articles/a.md~")
	s.write("content/articles/a.md", strings.Replace(seed["content/articles/a.md"], "in the US now", "in the US now, and more", 1))
	s.remove("content/articles/a.md~")
	s.settle("edit an article as vim saves")
	s.await("edit an article", "reload", `"articles/a/index.html"`)

	// An atomic save by rename from a temporary file, as many editors do.
	s.write("content/articles/.b.md.tmp", article("Xiaomi in China", "2015-03", "Xiaomi, Apple", "Apple and Xiaomi, again."))
	s.rename("content/articles/.b.md.tmp", "content/articles/b.md")
	s.settle("save by rename")

	s.rename("content/articles/a.md", "content/articles/a2.md")
	s.settle("rename an article")

	s.remove("content/articles/c.md")
	s.settle("delete the only article naming an entity")

	// Delete, then create again.
	s.remove("content/articles/b.md")
	s.write("content/articles/b.md", article("Xiaomi in China", "2015-03", "Xiaomi", "Only Xiaomi."))
	s.settle("delete then create")

	s.write("content/articles/2014/e.md", article("E", "2014-05", "HTC", "E text."))
	s.write("content/articles/2014/f.md", article("F", "2014-06", "HTC", "F text."))
	s.settle("a new folder")

	// Many files at once, as a git checkout writes them.
	for _, n := range strings.Fields("g h i j k l m n o p q r s t u v w x y z") {
		s.write("content/articles/many/"+n+".md", article("Article "+n, "2017-01-02", "Xiaomi, Google", "Text "+n+"."))
	}
	s.settle("many files at once")

	s.rename("content/articles/many", "content/articles/moved")
	s.settle("a folder renamed")
	s.write("content/articles/moved/g.md", article("Article g", "2017-01-02", "Xiaomi", "Changed g."))
	s.settle("a file in a renamed folder")

	// Files editors make on the side change nothing.
	s.write("content/articles/.d.md.swp", "x")
	s.write("content/articles/d.md~", "x")
	s.write("content/articles/#d.md#", "x")
	s.write("content/articles/d.md", article("D", "2016-01-02", "Lenovo", "Lenovo text, edited."))
	s.settle("side files")

	// A typo: the session goes on, serving the last good build, and the
	// open page hears why.
	before := treetest.Read(t, s.out)
	s.write("content/articles/d.md", article("D", "2016-02-30", "Lenovo", "Lenovo text."))
	o := s.fails("break an article")
	if msg := treetest.Diff(before, treetest.Read(t, s.out)); msg != "" {
		t.Errorf("a failed build changed the output:\n%s", msg)
	}
	if errs := o.Diags.Errors(); len(errs) == 0 || !strings.HasPrefix(errs[0].String(), "content/articles/d.md:3:7: ") {
		t.Errorf("problems = %v; want content/articles/d.md:3:7 first", errs)
	}
	s.await("break an article", "errors", `content/articles/d.md:3:7: impossible date`)
	if code, body := s.get("/articles/d/"); code != 200 || !strings.Contains(body, "Lenovo text, edited.") {
		t.Errorf("while the build fails, /articles/d/ answers %d without the last good text", code)
	}
	s.write("content/articles/d.md", article("D", "2016-02-03", "Lenovo", "Lenovo text, fixed."))
	s.settle("fix the article")
	s.await("fix the article", "reload", `"articles/d/index.html"`)

	// A stylesheet change swaps the stylesheet instead of reloading.
	s.write("static/style.css", "body { color: #111 }\n")
	s.settle("change the stylesheet")
	s.await("change the stylesheet", "css", `"style.css":"style.css?v=`)

	// A template change.
	s.write("templates/404.html", `{{ define "main" }}<h1>Nothing here</h1>{{ end }}`)
	s.settle("change a template")
	if code, body := s.get("/no/such/page/"); code != 404 || !strings.Contains(body, "Nothing here") {
		t.Errorf("GET /no/such/page/ = %d; want 404 with the new 404 page", code)
	}

	// Ctrl-C: the session ends, and with it the event stream.
	s.stop()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("Run after stop: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return within 10 s of being stopped")
	}
	s.done <- nil // for the cleanup
}

// TestDeletedOutput deletes files of the output folder, and the folder
// itself, while serving: they are written again at once, and while the
// build fails a deletion is reported as such, rather than the folder said
// to keep the last good build.
func TestDeletedOutput(t *testing.T) {
	s := start(t, seed)
	s.settle("first build")

	s.remove("build/articles/a/index.html")
	s.remove("build/style.css")
	s.settle("two files deleted")

	s.remove("build")
	s.settle("the output folder deleted")
	if code, body := s.get("/articles/a/"); code != 200 || !strings.Contains(body, "accessories") {
		t.Errorf("GET /articles/a/ after the folder was made again: %d", code)
	}
	s.remove("build/articles/b/index.html")
	s.write("content/articles/c.md", seed["content/articles/c.md"]) // a save that changes nothing
	s.settle("a file deleted, then a save")

	s.write("content/articles/c.md", article("Samsung", "2014-02-30", "Samsung", "Samsung text."))
	if o := s.fails("break an article"); o.Missing != 0 || o.Gone {
		t.Errorf("outcome: %d missing, gone %v; want none", o.Missing, o.Gone)
	}
	s.remove("build/articles/b/index.html")
	if o := s.fails("delete a file while the build fails"); o.Missing != 1 || o.Gone {
		t.Errorf("outcome: %d missing, gone %v; want 1 missing", o.Missing, o.Gone)
	}
	s.remove("build")
	if o := s.fails("delete the folder while the build fails"); !o.Gone {
		t.Errorf("outcome: gone %v; want the folder gone", o.Gone)
	}
	s.write("content/articles/c.md", seed["content/articles/c.md"])
	s.settle("fixed")
	s.remove("build/articles/b/index.html")
	s.settle("a file deleted after the folder was made again")
}

// TestFailureMessages checks what a failed build says of the output folder:
// only what is true.
func TestFailureMessages(t *testing.T) {
	tests := []struct {
		o    build.Outcome
		err  error
		want string
	}{
		{build.Outcome{}, build.ErrContent, "build failed; build keeps the last good build"},
		{build.Outcome{Missing: 2}, build.ErrContent, "build failed; build keeps the last good build but for 2 files removed since, which the next good build writes again"},
		{build.Outcome{Gone: true}, build.ErrContent, "build failed; build was removed, and the next good build makes it again"},
		{build.Outcome{}, output.Incomplete("build", errors.New("disk full"), 3), "build failed"},
	}
	for _, tt := range tests {
		var stderr strings.Builder
		s := &session{cfg: Config{Build: build.Options{Out: "build"}, Stdout: io.Discard, Stderr: &stderr}}
		s.report(&tt.o, tt.err)
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		last := lines[len(lines)-1]
		if _, msg, _ := strings.Cut(last, " "); msg != tt.want {
			t.Errorf("report(%+v, %v) ends %q; want %q", tt.o, tt.err, msg, tt.want)
		}
	}
}

// TestExposed checks the warning of a server other machines can reach.
func TestExposed(t *testing.T) {
	if w := exposed(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "/"); w != "" {
		t.Errorf("on 127.0.0.1: %q; want no warning", w)
	}
	if w := exposed(&net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "/"); w != "" {
		t.Errorf("on [::1]: %q; want no warning", w)
	}
	want := "dossier: warning: serving on 192.168.1.5:8080, which other machines can reach: http://192.168.1.5:8080/repo/; they can read all the site, drafts too with -drafts (give -addr 127.0.0.1:8080 to serve this machine only)"
	if w := exposed(&net.TCPAddr{IP: net.IPv4(192, 168, 1, 5), Port: 8080}, "/repo/"); w != want {
		t.Errorf("on 192.168.1.5: %q; want %q", w, want)
	}
	w := exposed(&net.TCPAddr{IP: net.IPv4zero, Port: 8080}, "/")
	if !strings.HasPrefix(w, "dossier: warning: serving on 0.0.0.0:8080, which other machines can reach: ") {
		t.Errorf("on 0.0.0.0: %q; want a warning naming the machine's addresses", w)
	}
	addrs, _ := net.InterfaceAddrs()
	for _, a := range addrs {
		if ipn, ok := a.(*net.IPNet); ok && !ipn.IP.IsLoopback() && ipn.IP.To4() != nil && !strings.Contains(w, "http://"+ipn.IP.String()+":8080/") {
			t.Errorf("on 0.0.0.0: %q does not name %s", w, ipn.IP)
		}
	}
}
