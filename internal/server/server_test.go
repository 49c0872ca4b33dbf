package server

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/internal/treetest"
)

// site writes a small output folder, a secret beside it and a symbolic link
// from inside to the secret.
func site(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "build")
	files := map[string]string{
		"index.html":              "<!doctype html><html><head><title>Home</title></head><body>home</body></html>",
		"404.html":                "<!doctype html><html><head><title>Not found</title></head><body>not found page</body></html>",
		"articles/a/index.html":   "<!doctype html><html><head><title>A</title></head><body>article a</body></html>",
		"companies/index.html":    "<!doctype html><html><head></head><body>companies</body></html>",
		"empty/.keep":             "",
		"style.css":               "body{color:red}",
		"feed.xml":                "<feed/>",
		"img/logo.svg":            "<svg/>",
		"fonts/x.woff2":           "wOF2",
		"data.bin":                "\x00\x01",
		".hidden":                 "HIDDEN-42",
		"../secret.txt":           "TOPSECRET-42",
		"articles/a/fragment.txt": "text",
	}
	for name, data := range files {
		treetest.Write(t, out, name, data)
	}
	if err := os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(out, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(dir, filepath.Join(out, "up")); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestServePaths(t *testing.T) {
	out := site(t)
	tests := []struct {
		base, target string
		status       int
		ctype        string // prefix
		body         string // substring
		location     string
	}{
		{"/", "/", 200, "text/html; charset=utf-8", "home", ""},
		{"/", "/index.html", 200, "text/html", "home", ""},
		{"/", "/articles/a/", 200, "text/html", "article a", ""},
		{"/", "/articles/a/index.html", 200, "text/html", "article a", ""},
		{"/", "/articles/a", 301, "", "", "/articles/a/"},
		{"/", "/articles/a?x=1", 301, "", "", "/articles/a/?x=1"},
		{"/", "/style.css", 200, "text/css; charset=utf-8", "color:red", ""},
		{"/", "/style.css?v=12345678", 200, "text/css", "color:red", ""},
		{"/", "/feed.xml", 200, "application/atom+xml", "<feed/>", ""},
		{"/", "/img/logo.svg", 200, "image/svg+xml", "<svg/>", ""},
		{"/", "/fonts/x.woff2", 200, "font/woff2", "", ""},
		{"/", "/data.bin", 200, "application/octet-stream", "", ""},
		{"/", "/articles/a/fragment.txt", 200, "text/plain; charset=utf-8", "text", ""},
		{"/", "/missing/", 404, "text/html", "not found page", ""},
		{"/", "/missing.css", 404, "text/html", "not found page", ""},
		{"/", "/style.css/", 404, "text/html", "not found page", ""},
		{"/", "/empty/", 404, "text/html", "not found page", ""},
		{"/", "/.hidden", 404, "", "not found page", ""},
		{"/", "/empty/.keep", 404, "", "not found page", ""},
		// Ways out of the folder.
		{"/", "/../secret.txt", 404, "", "not found page", ""},
		{"/", "/articles/../../secret.txt", 404, "", "not found page", ""},
		{"/", "/..%2fsecret.txt", 404, "", "not found page", ""},
		{"/", "/articles%2F..%2F..%2Fsecret.txt", 404, "", "not found page", ""},
		{"/", "/%2e%2e/secret.txt", 404, "", "not found page", ""},
		{"/", "/..%5csecret.txt", 404, "", "not found page", ""},
		{"/", "/link.txt", 404, "", "not found page", ""},
		{"/", "/up/secret.txt", 404, "", "not found page", ""},
		{"/", "/index.html%00.txt", 404, "", "not found page", ""},
		// The server's own files.
		{"/", "/_dossier/live.js", 200, "text/javascript", "EventSource", ""},
		// Under a base path.
		{"/repo/", "/repo/", 200, "text/html", "home", ""},
		{"/repo/", "/repo/articles/a/", 200, "text/html", "article a", ""},
		{"/repo/", "/repo", 301, "", "", "/repo/"},
		{"/repo/", "/", 301, "", "", "/repo/"},
		{"/repo/", "/articles/a/", 404, "text/html", "not found page", ""},
		{"/repo/", "/repo/../secret.txt", 404, "", "not found page", ""},
		{"/repo/", "/repo/_dossier/live.js", 200, "text/javascript", "EventSource", ""},
		// No redirect leaves the site: paths a browser reads as another
		// host's are not found.
		{"/", "//evil.example/", 404, "", "not found page", ""},
		{"/", "//evil.example", 404, "", "not found page", ""},
		{"/", "//articles/a", 404, "", "not found page", ""},
		{"/", "/\\evil.example/", 404, "", "not found page", ""},
		{"/", "/%5cevil.example/", 404, "", "not found page", ""},
		{"/repo/", "//evil.example/repo/", 404, "", "not found page", ""},
		{"/repo/", "/repo//evil.example", 404, "", "not found page", ""},
	}
	for _, tt := range tests {
		s := New(out, tt.base)
		req := httptest.NewRequest("GET", "http://localhost"+tt.target, nil)
		// httptest.NewRequest cleans nothing: the path reaches the
		// handler as a hostile client would send it.
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		res := rec.Result()
		body, _ := io.ReadAll(res.Body)
		name := "GET " + tt.target + " (base " + tt.base + ")"
		if res.StatusCode != tt.status {
			t.Errorf("%s: status %d; want %d", name, res.StatusCode, tt.status)
		}
		if ct := res.Header.Get("Content-Type"); tt.ctype != "" && !strings.HasPrefix(ct, tt.ctype) {
			t.Errorf("%s: Content-Type %q; want %q", name, ct, tt.ctype)
		}
		if !strings.Contains(string(body), tt.body) {
			t.Errorf("%s: body %q lacks %q", name, body, tt.body)
		}
		if strings.Contains(string(body), "TOPSECRET-42") || strings.Contains(string(body), "HIDDEN-42") {
			t.Errorf("%s: served a file from outside the site or a hidden one: %q", name, body)
		}
		if loc := res.Header.Get("Location"); loc != tt.location {
			t.Errorf("%s: Location %q; want %q", name, loc, tt.location)
		}
	}
}

// TestLiveScript checks that HTML responses, and only they, get the
// live-reload script, naming the file the page was served from.
func TestLiveScript(t *testing.T) {
	out := site(t)
	s := New(out, "/repo/")
	get := func(target string) string {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost"+target, nil))
		return rec.Body.String()
	}
	tag := `<script src="/repo/_dossier/live.js" data-base="/repo/" data-file="articles/a/index.html" data-server="` + s.id + `" data-build="0" defer></script>`
	if body := get("/repo/articles/a/"); !strings.Contains(body, tag+"\n</head>") {
		t.Errorf("article page lacks the script before </head>:\n%s", body)
	}
	if body := get("/repo/articles/new/"); !strings.Contains(body, `data-file="articles/new/index.html"`) {
		t.Errorf("404 page for a missing article does not name the file it would be:\n%s", body)
	}
	s.Reload([]string{"articles/a/index.html"}, false)
	if body := get("/repo/articles/a/"); !strings.Contains(body, `data-build="1"`) {
		t.Errorf("after a build, pages are not served with its count:\n%s", body)
	}
	if body := get("/repo/style.css"); strings.Contains(body, "<script") {
		t.Errorf("stylesheet got the script: %s", body)
	}
	disk, _ := os.ReadFile(filepath.Join(out, "articles/a/index.html"))
	if strings.Contains(string(disk), "<script") {
		t.Errorf("serving changed the file on disk")
	}
}

func TestMethods(t *testing.T) {
	s := New(site(t), "/")
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(m, "http://localhost/", nil))
		if rec.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s /: status %d; want 405", m, rec.Code)
		}
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("HEAD", "http://localhost/", nil))
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD /: status %d, %d bytes; want 200 and none", rec.Code, rec.Body.Len())
	}
}

// events reads a stream of server-sent events.
type events struct {
	t  *testing.T
	sc *bufio.Scanner
}

func (e events) next() (string, string) {
	e.t.Helper()
	var event, data string
	for e.sc.Scan() {
		line := e.sc.Text()
		switch {
		case strings.HasPrefix(line, "event: "):
			event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		case line == "" && event != "":
			return event, data
		}
	}
	e.t.Fatalf("event stream ended: %v", e.sc.Err())
	return "", ""
}

func TestEvents(t *testing.T) {
	s := New(site(t), "/")
	ts := httptest.NewServer(s)
	defer ts.Close()

	s.Errors([]string{"content/articles/a.md:3:7: impossible date"})
	res, err := http.Get(ts.URL + "/_dossier/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q; want text/event-stream", ct)
	}
	ev := events{t, bufio.NewScanner(res.Body)}
	if name, data := ev.next(); name != "hello" || !strings.Contains(data, `"server":`) || !strings.Contains(data, `"build":0`) {
		t.Errorf("first event %s %s; want hello", name, data)
	}
	// A page connecting while the build is failing gets the problems.
	if name, data := ev.next(); name != "errors" || !strings.Contains(data, "a.md:3:7: impossible date") {
		t.Errorf("second event %s %s; want the errors", name, data)
	}

	steps := []struct {
		do    func()
		event string
		data  string
	}{
		{func() { s.Reload([]string{"articles/a/index.html", "index.html"}, false) }, "reload", `{"files":["articles/a/index.html","index.html"]}`},
		{func() { s.Reload(nil, true) }, "reload", `{"all":true}`},
		{func() { s.Styles(map[string]string{"style.css": "style.css?v=1a2b3c4d"}) }, "css", `{"style.css":"style.css?v=1a2b3c4d"}`},
		{func() { s.Errors([]string{"templates/base.html:3:1: unexpected EOF"}) }, "errors", `{"errors":["templates/base.html:3:1: unexpected EOF"]}`},
		{func() { s.OK() }, "ok", `{}`},
	}
	for _, st := range steps {
		st.do()
		if name, data := ev.next(); name != st.event || data != st.data {
			t.Errorf("event %s %s; want %s %s", name, data, st.event, st.data)
		}
	}
	// OK after a good build is only worth saying after errors.
	s.OK()
	s.Reload([]string{"x/index.html"}, false)
	if name, _ := ev.next(); name != "reload" {
		t.Errorf("OK without errors before sent %s", name)
	}
}

// TestShutdown checks that an http.Server with open event streams shuts
// down promptly once the Server is closed.
func TestShutdown(t *testing.T) {
	s := New(site(t), "/")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: s}
	hs.RegisterOnShutdown(s.Close)
	go hs.Serve(ln)
	res, err := http.Get("http://" + ln.Addr().String() + "/_dossier/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown with an open event stream: %v", err)
	}
	if _, err := io.ReadAll(res.Body); err != nil {
		t.Logf("stream ended with %v", err)
	}
}

// TestHostCheck checks that the server answers only requests that name it:
// a page elsewhere whose host name points at this machine (DNS rebinding)
// gets 403, event stream included.
func TestHostCheck(t *testing.T) {
	s := New(site(t), "/")
	s.Allow("docs.example.", "Preview.Local:8080")
	var refused []string
	s.Refused = func(host string) { refused = append(refused, host) }
	lan := &net.TCPAddr{IP: net.ParseIP("192.168.1.5"), Port: 8080}
	tests := []struct {
		host   string
		local  net.Addr // the address the request came in on
		target string
		status int
	}{
		{host: "localhost:8080", status: 200},
		{host: "LOCALHOST.", status: 200},
		{host: "app.localhost:8080", status: 200},
		{host: "127.0.0.1:8080", status: 200},
		{host: "127.0.0.2", status: 200},
		{host: "[::1]:8080", status: 200},
		{host: "docs.example", status: 200},
		{host: "preview.local:9999", status: 200},
		{host: "192.168.1.5:8080", local: lan, status: 200},
		{host: "192.168.1.6:8080", local: lan, status: 403},
		{host: "192.168.1.5:8080", status: 403},
		{host: "evil.example", status: 403},
		{host: "evil.example:8080", status: 403},
		{host: "localhost.evil.example", status: 403},
		{host: "evil.example", target: "/_dossier/events", status: 403},
		{host: "evil.example", target: "/_dossier/live.js", status: 403},
		{host: "", status: 403},
	}
	for _, tt := range tests {
		target := tt.target
		if target == "" {
			target = "/"
		}
		req := httptest.NewRequest("GET", target, nil)
		req.Host = tt.host
		if tt.local != nil {
			req = req.WithContext(context.WithValue(req.Context(), http.LocalAddrContextKey, tt.local))
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != tt.status {
			t.Errorf("GET %s with Host %q: status %d; want %d", target, tt.host, rec.Code, tt.status)
		}
		if tt.status == 403 && strings.Contains(rec.Body.String(), "home") {
			t.Errorf("GET %s with Host %q: the refusal holds the page", target, tt.host)
		}
	}
	want := []string{"192.168.1.6", "192.168.1.5", "evil.example", "localhost.evil.example", ""}
	if strings.Join(refused, ",") != strings.Join(want, ",") {
		t.Errorf("reported refused hosts %q; want each once, %q", refused, want)
	}
}

// TestTimeouts checks that the http.Server of a Server closes slow and
// idle connections.
func TestTimeouts(t *testing.T) {
	hs := New(site(t), "/").HTTPServer()
	if hs.ReadHeaderTimeout == 0 || hs.ReadTimeout == 0 || hs.WriteTimeout == 0 || hs.IdleTimeout == 0 || hs.MaxHeaderBytes == 0 {
		t.Errorf("timeouts: header %v, read %v, write %v, idle %v, header bytes %d; want all set",
			hs.ReadHeaderTimeout, hs.ReadTimeout, hs.WriteTimeout, hs.IdleTimeout, hs.MaxHeaderBytes)
	}
	// An idle keep-alive connection is closed: with a short timeout, a
	// connection that sent one request and then nothing is closed.
	hs.IdleTimeout = 200 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go hs.Serve(ln)
	defer hs.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "GET /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n")
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.ReadAll(c); err != nil {
		t.Errorf("the idle connection was not closed by the server: %v", err)
	}
}
