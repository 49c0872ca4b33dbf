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
	"strings"
	"syscall"

	"dossier/internal/build"
	"dossier/internal/diag"
	"dossier/internal/live"
	"dossier/internal/output"
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
		watch, force, allowEmpty bool
		addr                     string
		keep, allowHosts         listFlag
	)
	if cmd != "check" {
		fl.BoolVar(&force, "force", false, "write into an output folder that holds files dossier did not write, replacing or removing them (never hidden files, nor -keep paths)")
		fl.Var(&keep, "keep", "a `path` in the output folder that no build replaces or removes, such as CNAME (repeatable)")
		fl.BoolVar(&allowEmpty, "allow-empty", false, "build a site without articles even where the output folder has some")
	}
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
		StaticName:    sdir,
		Out:           *out,
		Output:        output.Options{Force: force, Keep: keep, Static: topNames(static)},
		AllowEmpty:    allowEmpty,
		Base:          base,
		Drafts:        *drafts,
	}
	if cmd != "check" {
		err := output.Check(*out, opts.Output,
			output.Guarded{What: "the content folder " + *contentDir, Dir: *contentDir},
			output.Guarded{What: "the templates folder " + tdir, Dir: tdir},
			output.Guarded{What: "the static folder " + sdir, Dir: sdir},
			output.Guarded{What: "the current folder", Dir: ".", MayHoldOut: true},
		)
		if err != nil {
			fmt.Fprintf(stderr, "dossier: %v\n", err)
			return 2
		}
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
		if output.Unchanged(err) {
			fmt.Fprintf(stderr, "dossier: build failed; %s left as it was\n", *out)
		} else {
			fmt.Fprintf(stderr, "dossier: build failed\n")
		}
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

// topNames lists the names at the top of a folder: for the static files,
// the names an earlier dossier's site had besides its own.
func topNames(fsys fs.FS) []string {
	entries, _ := fs.ReadDir(fsys, ".")
	names := make([]string, len(entries))
	for i, e := range entries {
		names[i] = e.Name()
	}
	return names
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
