// Command dossier builds a static website from a dossier of annotated news
// articles. See README.md and docs/reference.md.
//
//	dossier build  [flags]   build the site into -out
//	dossier serve  [flags]   build, watch for changes, serve with live reload
//	dossier check  [flags]   validate content; write nothing; exit 1 on errors
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"dossier/internal/build"
	"dossier/internal/diag"
	"dossier/internal/live"
	"dossier/internal/progress"
	"dossier/internal/site"
)

const usage = `usage: dossier <command> [flags]

commands:
  build   build the site into -out (-watch: keep rebuilding on changes)
  serve   build, watch for changes, serve with live reload
  check   validate content; write nothing; exit 1 on errors

Run 'dossier <command> -h' for the command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, returning its exit code: 0 on success, 1 when
// the content or the build failed, 2 for a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "build", "check", "serve":
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "dossier: unknown command %q\n\n%s", cmd, usage)
		return 2
	}

	fl := flag.NewFlagSet("dossier "+cmd, flag.ContinueOnError)
	fl.SetOutput(stderr)
	contentDir := fl.String("content", "content", "content `folder`")
	templatesDir := fl.String("templates", "", "templates `folder` overriding the embedded ones (default: ./templates if it exists)")
	staticDir := fl.String("static", "", "static files `folder` overriding the embedded ones (default: ./static if it exists)")
	out := fl.String("out", "build", "output `folder`")
	baseURL := fl.String("base-url", "", "where the site is served: a path (/REPO/) or an absolute URL; unset, links are relative so the folder also opens from disk")
	drafts := fl.Bool("drafts", false, "include articles marked draft")
	quiet := fl.Bool("q", false, "print only problems")
	var (
		watch      bool
		addr       string
		allowHosts listFlag
	)
	switch cmd {
	case "build":
		fl.BoolVar(&watch, "watch", false, "keep watching content, templates and static, and rebuild on changes")
	case "serve":
		fl.StringVar(&addr, "addr", "127.0.0.1:8080", "`host:port` to serve on")
		fl.Var(&allowHosts, "allow-host", "a host `name` the server answers besides its address and localhost (repeatable)")
	}
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(stderr, "dossier %s: unexpected argument %q\n", cmd, fl.Arg(0))
		return 2
	}

	base, err := site.ParseBase(*baseURL)
	if err != nil {
		fmt.Fprintf(stderr, "dossier: %v\n", err)
		return 2
	}
	if cmd != "check" {
		if err := checkOut(*out,
			[2]string{"the content folder " + *contentDir, *contentDir},
			[2]string{"the templates folder " + *templatesDir, *templatesDir},
			[2]string{"the static folder " + *staticDir, *staticDir},
			[2]string{"the current folder", "."},
		); err != nil {
			fmt.Fprintf(stderr, "dossier: %v\n", err)
			return 2
		}
	}
	contentFS, closeContent, err := openRoot(*contentDir)
	if err != nil {
		fmt.Fprintf(stderr, "dossier: content folder: %v\n", err)
		return 1
	}
	defer closeContent()
	templates, tdir, err := layered(*templatesDir, "templates")
	if err != nil {
		fmt.Fprintf(stderr, "dossier: %v\n", err)
		return 2
	}
	static, sdir, err := layered(*staticDir, "static")
	if err != nil {
		fmt.Fprintf(stderr, "dossier: %v\n", err)
		return 2
	}
	opts := build.Options{
		Content:       contentFS,
		ContentName:   *contentDir,
		Templates:     templates,
		TemplatesName: tdir,
		Static:        static,
		Out:           *out,
		Base:          base,
		Drafts:        *drafts,
	}

	if cmd == "serve" || watch {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		err := live.Run(ctx, live.Config{
			Build:        opts,
			ContentDir:   *contentDir,
			TemplatesDir: tdir,
			StaticDir:    sdir,
			Addr:         addr,
			AllowHosts:   allowHosts,
			Stdout:       stdout,
			Stderr:       stderr,
			Quiet:        *quiet,
		})
		if err != nil {
			fmt.Fprintf(stderr, "dossier: %v\n", err)
			return 1
		}
		return 0
	}

	if cmd == "check" {
		diags, err := build.Check(opts)
		if err != nil {
			fmt.Fprintf(stderr, "dossier: %v\n", err)
			return 1
		}
		printDiags(stderr, diags)
		if diags.HasErrors() {
			return 1
		}
		if !*quiet {
			fmt.Fprintf(stdout, "no errors (%d %s)\n", len(diags), plural(len(diags), "warning", "warnings"))
		}
		return 0
	}

	meter := progress.New(stdout)
	if !*quiet {
		opts.Progress = func(p build.Progress) { meter.Report(p.Task, p.Done, p.Total, p.Unit) }
	}
	res, err := build.Build(opts)
	meter.Clear()
	printDiags(stderr, res.Diags)
	if err != nil {
		if !errors.Is(err, build.ErrContent) {
			fmt.Fprintf(stderr, "dossier: %v\n", err)
		}
		fmt.Fprintf(stderr, "dossier: build failed; %s left as it was\n", *out)
		return 1
	}
	if !*quiet {
		fmt.Fprintln(stdout, res.Summary())
	}
	return 0
}

func printDiags(w io.Writer, diags diag.List) {
	for _, d := range diags {
		fmt.Fprintln(w, d)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// listFlag is a flag that may be given more than once.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// checkOut refuses an output folder that is, or holds, a folder the build
// reads or the current folder: each build deletes its output folder and
// writes it anew, so -out content would delete the articles themselves.
// keep pairs a description with a path; empty paths are skipped.
func checkOut(out string, keep ...[2]string) error {
	o, err := realPath(out)
	if err != nil {
		return err
	}
	for _, k := range keep {
		what, dir := k[0], k[1]
		if dir == "" {
			continue
		}
		p, err := realPath(dir)
		if err != nil {
			return err
		}
		if rel, err := filepath.Rel(o, p); err == nil && (rel == "." || filepath.IsLocal(rel)) {
			return fmt.Errorf("-out %s would delete %s: each build replaces the output folder whole", out, what)
		}
	}
	return nil
}

// realPath returns the absolute path of p, its symbolic links resolved as
// far as it exists.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for dir := abs; ; dir = filepath.Dir(dir) {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest), nil
		}
		if filepath.Dir(dir) == dir {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(dir), rest)
	}
}

// openRoot opens a folder so that nothing read through it can leave it, not
// even by a symbolic link.
func openRoot(dir string) (fs.FS, func(), error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, nil, err
	}
	return root.FS(), func() { root.Close() }, nil
}

// layered returns the folder named by a flag, or the default folder if it
// exists, over the embedded files of the same name, and the folder used
// ("" when there is none).
func layered(flagValue, name string) (fs.FS, string, error) {
	dir := flagValue
	if dir == "" {
		if info, err := os.Stat(name); err == nil && info.IsDir() {
			dir = name
		}
	}
	if dir == "" {
		return embedded(name), "", nil
	}
	fsys, _, err := openRoot(dir)
	if err != nil {
		return nil, "", fmt.Errorf("-%s: %v", name, err)
	}
	return site.Layers{fsys, embedded(name)}, dir, nil
}
