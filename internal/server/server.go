// Package server is the HTTP side of `dossier serve`: it serves the output
// folder, the end of the pipeline (content → model → pages → output), to a
// browser, and tells open pages when to reload.
//
// # Files
//
// A Server serves the files of the output folder under the site's base path
// ("/" or "/REPO/"), as a static host would: a folder's index.html for the
// folder's URL, a redirect from /x to /x/ when x is a folder, 404.html with
// status 404 for anything missing. Only files inside the output folder are
// served: the folder is opened as an os.Root for each request, so neither
// "..", nor an encoded slash, nor a symbolic link can reach outside it,
// and requests naming hidden files or holding ".." are refused outright.
//
// # Live reload
//
// HTML responses get one script tag, added as they are served (the files
// on disk, which a deploy copies, never hold it):
//
//	<script src="BASE_dossier/live.js" data-base="BASE" data-file="articles/x/index.html"
//	        data-server="…" data-build="12" defer></script>
//
// naming the file the page came from, and the server and build it came
// from, so that the page can tell when it is stale.
//
// The script listens on BASE_dossier/events, a stream of Server-Sent Events:
//
//	reload  {"files": [...]} or {"all": true}: files written or removed;
//	        a page reloads when its own file is among them
//	css     {"style.css": "style.css?v=…"}: only stylesheets changed; pages
//	        swap their <link> to the new version without reloading
//	errors  {"errors": ["FILE:LINE:COL: message", ...]}: the last build
//	        failed; pages show the problems in an overlay
//	ok      a build succeeded without changing any file: clear the overlay
//	hello   {"server": "…", "build": n} on connecting: the server's id and
//	        how many builds changed files so far; a page reloads when it
//	        finds another server than the one it first saw (a restart), or
//	        builds it missed
//
// # Who may ask
//
// A browser lets any web page it shows make requests to a server on the
// reader's machine, and a page whose host name its owner points at
// 127.0.0.1 (DNS rebinding) can read the answers: the unpublished site,
// drafts, the error stream. So the server answers only requests whose Host
// header names it: localhost (and *.localhost), a loopback address, the
// address the request came in on, or a name given to Allow (-allow-host).
// Others get 403, and the first request for each such name is reported
// (Refused), so that the user can allow it.
//
// A page that connects while the build is failing gets the errors at once.
// Pages close their stream while hidden: browsers open at most six
// connections to a server, and each open stream holds one, so many open
// tabs would otherwise leave none for loading pages.
package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Prefix is where, under the base path, the server's own files are.
const Prefix = "_dossier/"

//go:embed live.js
var liveJS []byte

// Server serves an output folder with live reload. Its methods may be
// called from any goroutine.
type Server struct {
	dir  string // the output folder
	base string // "/" or "/REPO/"
	id   string

	// Refused, if set, is called with the host name of the first request
	// refused for each name (up to a hundred names).
	Refused func(host string)

	mu      sync.Mutex
	allowed map[string]bool // host names allowed besides the built-in ones
	refused map[string]bool
	clients map[chan message]bool
	errors  []string // the last build's errors, nil after a good build
	builds  int      // builds that changed files, for pages that reconnect
	closed  bool
}

type message struct {
	event string
	data  []byte
}

// New returns a Server for the output folder dir, served under the path
// base ("" or "/" for the root).
func New(dir, base string) *Server {
	if base == "" {
		base = "/"
	}
	return &Server{
		dir:     dir,
		base:    base,
		id:      strconv.FormatInt(time.Now().UnixNano(), 36),
		allowed: map[string]bool{},
		refused: map[string]bool{},
		clients: map[chan message]bool{},
	}
}

// Allow adds host names the server answers requests for, besides its
// address and localhost.
func (s *Server) Allow(hosts ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, h := range hosts {
		if h = hostName(h); h != "" {
			s.allowed[h] = true
		}
	}
}

// hostName returns the host of a Host header or a host:port, lowercased,
// without port, brackets or final dot.
func hostName(hostport string) string {
	h := hostport
	if host, _, err := net.SplitHostPort(hostport); err == nil {
		h = host
	}
	h = strings.TrimPrefix(strings.TrimSuffix(h, "]"), "[")
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

// allowedHost reports whether a request names this server in its Host
// header.
func (s *Server) allowedHost(r *http.Request) bool {
	h := hostName(r.Host)
	if h == "" {
		return false
	}
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		ip = ip.Unmap().WithZone("")
		if ip.IsLoopback() {
			return true
		}
		// The address the request came in on: a server bound to all
		// addresses answers each machine that can reach it by address.
		if local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr); ok {
			if ap, err := netip.ParseAddrPort(local.String()); err == nil && ap.Addr().Unmap().WithZone("") == ip {
				return true
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.allowed[h]
}

// refuse answers a request whose Host is not allowed.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request) {
	h := hostName(r.Host)
	s.mu.Lock()
	first := !s.refused[h] && len(s.refused) < 100
	if first {
		s.refused[h] = true
	}
	s.mu.Unlock()
	if first && s.Refused != nil {
		s.Refused(h)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusForbidden)
	fmt.Fprintf(w, "dossier serve answers only requests for its own address and localhost; to let it answer for %q, start it with -allow-host %s\n", h, h)
}

// Reload tells open pages that files were written or removed; a page
// reloads when its own file is among them. With all, every page reloads.
func (s *Server) Reload(files []string, all bool) {
	const most = 1000 // past this many, reloading everything is as good
	v := map[string]any{"files": files}
	if all || len(files) > most {
		v = map[string]any{"all": true}
	}
	s.ok()
	s.built()
	s.publish("reload", v)
}

func (s *Server) built() {
	s.mu.Lock()
	s.builds++
	s.mu.Unlock()
}

// Styles tells open pages that only stylesheets changed, with their new
// versioned site paths by file.
func (s *Server) Styles(versions map[string]string) {
	s.ok()
	s.built()
	s.publish("css", versions)
}

// Errors tells open pages that the last build failed, and why.
func (s *Server) Errors(lines []string) {
	s.mu.Lock()
	if lines == nil {
		lines = []string{} // failing, with no message
	}
	s.errors = lines
	s.mu.Unlock()
	s.publish("errors", map[string]any{"errors": lines})
}

// OK tells open pages that a build succeeded without changing any file.
func (s *Server) OK() {
	if s.ok() {
		s.publish("ok", map[string]any{})
	}
}

// ok clears the errors; it reports whether there were any.
func (s *Server) ok() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	had := s.errors != nil
	s.errors = nil
	return had
}

func (s *Server) publish(event string, v any) {
	data, _ := json.Marshal(v)
	m := message{event, data}
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.clients {
		select {
		case c <- m:
		default:
			// A client this far behind gets closed; its page reconnects
			// and starts again from the current state.
			delete(s.clients, c)
			close(c)
		}
	}
}

// Close ends every event stream, so that an http.Server can shut down:
// the streams would otherwise keep their connections busy for ever.
func (s *Server) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for c := range s.clients {
		delete(s.clients, c)
		close(c)
	}
}

// ServeHTTP serves the output folder, the live-reload script and the event
// stream.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.allowedHost(r) {
		s.refuse(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, s.base) {
		if p+"/" == s.base || p == "/" {
			redirect(w, r, s.base)
			return
		}
		s.notFound(w, r, "")
		return
	}
	rel := p[len(s.base):]
	switch rel {
	case Prefix + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "live.js", time.Time{}, bytes.NewReader(liveJS))
		return
	case Prefix + "events":
		s.events(w, r)
		return
	}
	if !safePath(r.URL, rel) {
		s.notFound(w, r, "")
		return
	}
	s.serveFile(w, r, rel)
}

// safePath reports whether rel, the decoded path below the base, names a
// file the server may look for. It refuses what no site file has: "..",
// "." and hidden segments, backslashes, NUL bytes, and slashes that came
// encoded as %2F.
func safePath(u interface{ EscapedPath() string }, rel string) bool {
	esc := strings.ToLower(u.EscapedPath())
	if strings.Contains(esc, "%2f") || strings.Contains(esc, "%5c") || strings.ContainsAny(rel, "\\\x00") {
		return false
	}
	if strings.HasPrefix(rel, "/") {
		return false // "//x": a path no file has, and a redirect would leave the site
	}
	for _, seg := range strings.Split(rel, "/") {
		if seg == ".." || seg == "." || strings.HasPrefix(seg, ".") {
			return false
		}
	}
	return true
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rel string) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		http.Error(w, "the site is not built yet", http.StatusServiceUnavailable)
		return
	}
	defer root.Close()

	name := strings.TrimSuffix(rel, "/")
	if name == "" {
		name = "."
	}
	info, err := root.Stat(name)
	if err != nil {
		s.notFoundIn(w, r, root, fileOf(rel))
		return
	}
	if info.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			redirect(w, r, r.URL.Path+"/")
			return
		}
		name = path.Join(name, "index.html")
		if info, err = root.Stat(name); err != nil || !info.Mode().IsRegular() {
			s.notFoundIn(w, r, root, name)
			return
		}
	} else if strings.HasSuffix(rel, "/") || !info.Mode().IsRegular() {
		s.notFoundIn(w, r, root, fileOf(rel))
		return
	}

	f, err := root.Open(name)
	if err != nil {
		s.notFoundIn(w, r, root, name)
		return
	}
	defer f.Close()
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	ctype := contentType(name)
	w.Header().Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		data, err := readAll(f)
		if err != nil {
			http.Error(w, "cannot read "+name, http.StatusInternalServerError)
			return
		}
		s.writeHTML(w, r, http.StatusOK, data, name)
		return
	}
	http.ServeContent(w, r, name, info.ModTime(), f)
}

// fileOf is the file a path below the base would be served from.
func fileOf(rel string) string {
	if rel == "" || strings.HasSuffix(rel, "/") {
		return rel + "index.html"
	}
	return rel
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, file string) {
	root, err := os.OpenRoot(s.dir)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer root.Close()
	s.notFoundIn(w, r, root, file)
}

// notFoundIn answers with the site's 404.html and status 404; file is the
// file the request would have been served from, so that the page reloads
// when that file appears.
func (s *Server) notFoundIn(w http.ResponseWriter, r *http.Request, root *os.Root, file string) {
	data, err := root.ReadFile("404.html")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.writeHTML(w, r, http.StatusNotFound, data, file)
}

// writeHTML writes a page with the live-reload script added at the end of
// its head.
func (s *Server) writeHTML(w http.ResponseWriter, r *http.Request, status int, data []byte, file string) {
	s.mu.Lock()
	builds := s.builds
	s.mu.Unlock()
	tag := fmt.Sprintf(`<script src="%s" data-base="%s" data-file="%s" data-server="%s" data-build="%d" defer></script>`,
		attr(s.base+Prefix+"live.js"), attr(s.base), attr(file), attr(s.id), builds)
	// The tag goes at a known place in pages this project's templates
	// made; a page without a head gets it at the end.
	if i := bytes.Index(data, []byte("</head>")); i >= 0 {
		data = slices.Concat(data[:i], []byte(tag+"\n"), data[i:])
	} else {
		data = slices.Concat(data, []byte("\n"+tag+"\n"))
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// attr escapes a value for a double-quoted HTML attribute.
func attr(s string) string {
	r := strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", `<`, "&lt;", `>`, "&gt;")
	return r.Replace(s)
}

func readAll(f fs.File) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(f)
	return b.Bytes(), err
}

// redirect redirects to a path of this server. A path that a browser would
// read as another host's ("//evil.example/", "/\evil.example/") is
// refused: no redirect leaves the site.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if !strings.HasPrefix(to, "/") || strings.HasPrefix(to, "//") || strings.ContainsAny(to, "\\\r\n\t") {
		http.NotFound(w, r)
		return
	}
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, http.StatusMovedPermanently)
}

// types are the content types of the files a site holds, with a charset for
// text; others come from the mime package.
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".json":  "application/json",
	".xml":   "application/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".woff":  "font/woff",
	".woff2": "font/woff2",
	".pdf":   "application/pdf",
}

func contentType(name string) string {
	if path.Base(name) == "feed.xml" {
		return "application/atom+xml; charset=utf-8"
	}
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// events streams messages to one page until it goes away or the server
// closes.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := make(chan message, 16)
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	s.clients[c] = true
	hello, _ := json.Marshal(map[string]any{"server": s.id, "build": s.builds})
	first := []message{{"hello", hello}}
	if s.errors != nil {
		data, _ := json.Marshal(map[string]any{"errors": s.errors})
		first = append(first, message{"errors", data})
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.clients[c] {
			delete(s.clients, c)
			close(c)
		}
		s.mu.Unlock()
	}()

	http.NewResponseController(w).SetWriteDeadline(time.Now().Add(streamWriteTimeout))
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 1000\n\n")
	for _, m := range first {
		writeEvent(w, m)
	}
	flusher.Flush()

	ping := time.NewTicker(20 * time.Second)
	defer ping.Stop()
	// The stream outlives the server's write timeout: each write gets its
	// own, so that a page that stopped reading is let go.
	rc := http.NewResponseController(w)
	for {
		select {
		case <-r.Context().Done():
			return
		case m, ok := <-c:
			if !ok {
				return
			}
			rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
			writeEvent(w, m)
			flusher.Flush()
		case <-ping.C:
			// A comment keeps proxies and idle timers from closing
			// the stream.
			rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
			if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil {
				return
			}
			flusher.Flush()
		}
	}
}

// streamWriteTimeout bounds each write to an event stream.
const streamWriteTimeout = 30 * time.Second

// Timeouts of the dev server's connections (set on its http.Server): a
// client gets ReadHeaderTimeout to send its request's headers and
// ReadTimeout the whole request, each response must be written within
// WriteTimeout (event streams set their own, per event), and a keep-alive
// connection idle for IdleTimeout is closed.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 30 * time.Second
	WriteTimeout      = 60 * time.Second
	IdleTimeout       = 60 * time.Second
	MaxHeaderBytes    = 64 << 10
)

// HTTPServer returns an http.Server for s with the timeouts above.
func (s *Server) HTTPServer() *http.Server {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
	}
	hs.RegisterOnShutdown(s.Close)
	return hs
}

func writeEvent(w http.ResponseWriter, m message) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", m.event, m.data)
}
