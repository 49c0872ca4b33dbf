// Package live runs a live-editing session: `dossier serve` and
// `dossier build -watch`. It wires three parts that know nothing of each
// other: a watch.Watcher reports changed paths, a build.Builder rebuilds what
// they affect, and a server.Server serves the output folder and tells open
// pages to reload (serve only).
//
// A session never ends on a problem in the content or the templates: the
// problems are printed as FILE:LINE:COL, open pages show them in an overlay,
// and the output folder keeps the last good build until a save fixes them.
// It ends when its context is cancelled (Ctrl-C), closing the event streams
// and shutting the server down.
package live

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"
	"strings"
	"time"

	"dossier/internal/build"
	"dossier/internal/output"
	"dossier/internal/server"
	"dossier/internal/watch"
)

// Config says what a session builds, watches and serves.
type Config struct {
	Build build.Options
	// ContentDir, TemplatesDir and StaticDir are the folders on disk to
	// watch; TemplatesDir and StaticDir are "" when only the embedded
	// files are used.
	ContentDir, TemplatesDir, StaticDir string
	// Addr is the address to serve on (host:port); "" builds and
	// watches without serving.
	Addr string
	// AllowHosts are host names the server answers requests for, besides
	// its address and localhost (see package server).
	AllowHosts []string

	Stdout, Stderr io.Writer
	Quiet          bool // print only problems

	// Watch tunes the watcher; the zero value gives its defaults.
	Watch watch.Options
	// OnListen, if set, is called with the address served on, once
	// the server listens.
	OnListen func(addr string)
	// OnBuild, if set, is called after each build, from the session's
	// goroutine: tests and benchmarks wait on it.
	OnBuild func(*build.Outcome, error)
}

// Run builds the site, then watches and rebuilds until ctx is done.
func Run(ctx context.Context, cfg Config) error {
	var (
		roots   []string
		sources []build.Source
	)
	for _, r := range []struct {
		dir string
		src build.Source
	}{{cfg.ContentDir, build.Content}, {cfg.TemplatesDir, build.Templates}, {cfg.StaticDir, build.Static}} {
		if r.dir != "" {
			roots = append(roots, r.dir)
			sources = append(sources, r.src)
		}
	}
	opts := cfg.Watch
	opts.Skip = append(opts.Skip, cfg.Build.Out)
	// Watch before the first build, so that a save during it is seen.
	w, err := watch.New(roots, opts)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer w.Close()

	s := &session{cfg: cfg}
	if cfg.Addr != "" {
		base := cfg.Build.Base.Path
		if base == "" {
			base = "/"
		}
		ln, err := net.Listen("tcp", cfg.Addr)
		if err != nil {
			return err
		}
		s.srv = server.New(cfg.Build.Out, base)
		if host, _, err := net.SplitHostPort(cfg.Addr); err == nil {
			s.srv.Allow(host) // the name it was asked to serve on
		}
		s.srv.Allow(cfg.AllowHosts...)
		s.srv.Refused = func(host string) {
			fmt.Fprintf(cfg.Stderr, "dossier: refused a request for host %q: the server answers only its own address and localhost; start it with -allow-host %s to answer it\n", host, host)
		}
		hs := s.srv.HTTPServer()
		served := make(chan error, 1)
		go func() { served <- hs.Serve(ln) }()
		defer func() {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			hs.Shutdown(ctx)
			<-served
		}()
		s.say("serving %s at http://%s%s", cfg.Build.Out, ln.Addr(), base)
		if w := exposed(ln.Addr(), base); w != "" {
			fmt.Fprintln(cfg.Stderr, w)
		}
		if cfg.OnListen != nil {
			cfg.OnListen(ln.Addr().String())
		}
	}

	b := build.NewBuilder(cfg.Build)
	if s.srv != nil {
		b.OnStyles = func(styles map[string]string) {
			s.srv.Styles(styles)
			s.styled = true
		}
	}
	var out outputWatch
	defer out.close()
	o, err := b.Build()
	s.report(o, err)
	out.restart(cfg.Build.Out)
	s.say("watching %s for changes; press Ctrl-C to stop", strings.Join(roots, ", "))
	for {
		select {
		case <-ctx.Done():
			s.say("stopped")
			return nil
		case batch := <-out.batches():
			// Mostly the session's own writes, which change nothing and
			// are not reported; a file of the site deleted is written
			// again at once.
			changes := make([]build.Change, len(batch))
			for i, c := range batch {
				changes[i] = build.Change{Source: build.Output, Path: c.Path}
			}
			s.rebuild(b, changes, &out, true)
		case batch := <-w.Batches():
			changes := make([]build.Change, len(batch))
			for i, c := range batch {
				changes[i] = build.Change{Source: sources[c.Root], Path: c.Path}
			}
			s.rebuild(b, changes, &out, false)
		case err := <-w.Errors():
			fmt.Fprintf(cfg.Stderr, "dossier: watch: %v\n", err)
		}
	}
}

// rebuild rebuilds after changes and reports it; quietly, a rebuild that
// found nothing to do is not.
func (s *session) rebuild(b *build.Builder, changes []build.Change, out *outputWatch, quietly bool) {
	o, err := b.Rebuild(changes)
	if quietly && o.Unchanged {
		return
	}
	s.report(o, err)
	if err == nil && o.Full {
		out.restart(s.cfg.Build.Out) // perhaps a new folder
	}
}

// outputWatch watches the output folder for files deleted while the
// session runs, which a rebuild writes again. Looking at every file of a
// large site at each save would cost more than the rebuild itself; the
// changes the system reports name the few to look at, and the Builder
// looks at the folder itself at each rebuild.
type outputWatch struct {
	w *watch.Watcher
}

// restart watches the output folder anew, as after a build that made it
// anew; when it cannot, only the folder itself is looked at. Changes are
// sent once none came for a while, up to a few seconds: the files of an
// `rm -rf build` are written again once it is done, not while it runs.
func (o *outputWatch) restart(dir string) {
	o.close()
	o.w, _ = watch.New([]string{dir}, watch.Options{Quiet: 300 * time.Millisecond, MaxDelay: 5 * time.Second})
}

func (o *outputWatch) close() {
	if o.w != nil {
		o.w.Close()
		o.w = nil
	}
}

// batches is the watcher's batches, or nil (never ready) without one.
func (o *outputWatch) batches() <-chan []watch.Change {
	if o.w == nil {
		return nil
	}
	return o.w.Batches()
}

// session prints builds' outcomes and passes them on to open pages.
type session struct {
	cfg      Config
	srv      *server.Server
	warnings string // the warnings printed last, not to repeat them
	styled   bool   // the build being reported told pages of new styles
}

func (s *session) say(format string, args ...any) {
	if !s.cfg.Quiet {
		fmt.Fprintf(s.cfg.Stdout, format+"\n", args...)
	}
}

func (s *session) report(o *build.Outcome, err error) {
	if s.cfg.OnBuild != nil {
		defer s.cfg.OnBuild(o, err)
	}
	styled := s.styled
	s.styled = false
	if o.Unchanged {
		return // reported when it happened
	}
	stamp := time.Now().Format("15:04:05")
	if err != nil {
		var lines []string
		for _, d := range o.Diags {
			fmt.Fprintln(s.cfg.Stderr, d)
		}
		for _, d := range o.Diags.Errors() {
			lines = append(lines, d.String())
		}
		if !errors.Is(err, build.ErrContent) {
			fmt.Fprintf(s.cfg.Stderr, "dossier: %v\n", err)
			lines = append(lines, "dossier: "+err.Error())
		}
		s.warnings = ""
		out := s.cfg.Build.Out
		switch {
		case !output.Unchanged(err):
			fmt.Fprintf(s.cfg.Stderr, "%s build failed\n", stamp)
		case o.Gone:
			fmt.Fprintf(s.cfg.Stderr, "%s build failed; %s was removed, and the next good build makes it again\n", stamp, out)
		case o.Missing > 0:
			fmt.Fprintf(s.cfg.Stderr, "%s build failed; %s keeps the last good build but for %d %s removed since, which the next good build writes again\n",
				stamp, out, o.Missing, plural(o.Missing, "file", "files"))
		default:
			fmt.Fprintf(s.cfg.Stderr, "%s build failed; %s keeps the last good build\n", stamp, out)
		}
		if s.srv != nil {
			s.srv.Errors(lines)
		}
		return
	}
	var warnings strings.Builder
	for _, d := range o.Diags {
		warnings.WriteString(d.String() + "\n")
	}
	if warnings.String() != s.warnings {
		fmt.Fprint(s.cfg.Stderr, warnings.String())
		s.warnings = warnings.String()
	}
	s.say("%s %s", stamp, o.Summary())
	if s.srv == nil {
		return
	}
	switch {
	case o.Full:
		s.srv.Reload(nil, true)
	case o.Styles != nil:
		if !styled {
			s.srv.Styles(o.Styles)
		}
	case len(o.Changed) > 0:
		s.srv.Reload(o.Changed, false)
	default:
		s.srv.OK()
	}
}

// exposed returns the warning to print when the server listens on an
// address other machines can reach, naming the addresses they reach it at;
// "" when it listens on a loopback address.
func exposed(addr net.Addr, base string) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || tcp.IP.IsLoopback() {
		return ""
	}
	var urls []string
	if tcp.IP.IsUnspecified() {
		addrs, _ := net.InterfaceAddrs()
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			// Link-local addresses need a zone no URL can name.
			if !ok || ipn.IP.IsLoopback() || ipn.IP.IsLinkLocalUnicast() || (tcp.IP.To4() != nil && ipn.IP.To4() == nil) {
				continue
			}
			urls = append(urls, "http://"+net.JoinHostPort(ipn.IP.String(), strconv.Itoa(tcp.Port))+base)
		}
	} else {
		urls = append(urls, "http://"+tcp.String()+base)
	}
	where := "any address of this machine"
	if len(urls) > 0 {
		where = strings.Join(urls, ", ")
	}
	return fmt.Sprintf("dossier: warning: serving on %s, which other machines can reach: %s; they can read all the site, drafts too with -drafts (give -addr 127.0.0.1:%d to serve this machine only)",
		tcp, where, tcp.Port)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
