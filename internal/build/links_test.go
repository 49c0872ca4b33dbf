package build

import (
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"dossier/internal/site"

	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// TestLinksResolve builds the shipped dossier portable, at / and under a
// sub-path, and resolves every href and src of every page against the
// output folder, fragments included: each must name a file the build wrote
// and, with a fragment, an element of that file with that id.
func TestLinksResolve(t *testing.T) {
	for _, base := range []string{"", "/", "/dossier/", "https://example.org/dossier/"} {
		name := base
		if name == "" {
			name = "portable"
		}
		t.Run(name, func(t *testing.T) {
			checkLinks(t, buildShipped(t, base), base, 100)
		})
		// The golden cases with annotations, claims and mentions, and
		// with an entity's lists on pages of their own, so that the
		// editorial layer's links are checked whatever the shipped content
		// holds.
		for _, c := range []string{"annotated", "entity-lists"} {
			t.Run(name+"/"+c, func(t *testing.T) {
				ar, err := txtar.ParseFile("testdata/golden/" + c + ".txtar")
				if err != nil {
					t.Fatal(err)
				}
				opts := testOptions(t, archiveFS(ar, "content/"))
				if opts.Base, err = site.ParseBase(base); err != nil {
					t.Fatal(err)
				}
				if _, err := Build(opts); err != nil {
					t.Fatal(err)
				}
				checkLinks(t, opts.Out, base, 50)
			})
		}
	}
}

// checkLinks resolves every href and src of every page in out, failing on
// links to files the build did not write, fragments naming no element, and
// ids used twice on a page. min guards against a test that looks at
// nothing.
func checkLinks(t *testing.T, out, base string, min int) {
	t.Helper()
	basePath := ""
	if base != "" {
		u, _ := url.Parse(base)
		basePath = u.Path
	}
	docs := map[string]*parsed{}
	parse := func(file string) *parsed {
		if p, ok := docs[file]; ok {
			return p
		}
		p := parseFile(t, filepath.Join(out, file))
		docs[file] = p
		return p
	}
	files := readTree(t, out)
	checked := 0
	for file := range files {
		if !strings.HasSuffix(file, ".html") {
			continue
		}
		for _, link := range parse(file).links {
			target, frag, ok := resolve(file, link, basePath)
			if !ok {
				continue // an external link
			}
			checked++
			if target == "" {
				t.Errorf("%s: link %q leaves the site's base path %q", file, link, basePath)
				continue
			}
			if _, exists := files[target]; !exists {
				t.Errorf("%s: link %q: no file %s in the output", file, link, target)
				continue
			}
			if frag != "" && strings.HasSuffix(target, ".html") && !parse(target).ids[frag] {
				t.Errorf("%s: link %q: %s has no element with id %q", file, link, target, frag)
			}
		}
	}
	if checked < min {
		t.Errorf("only %d internal links checked; the test is not looking at the site", checked)
	}
}

type parsed struct {
	links []string
	ids   map[string]bool
}

func parseFile(t *testing.T, file string) *parsed {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	p := &parsed{ids: map[string]bool{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch a.Key {
				case "id":
					if p.ids[a.Val] {
						t.Errorf("%s: id %q is used twice", file, a.Val)
					}
					p.ids[a.Val] = true
				case "href", "src":
					p.links = append(p.links, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p
}

// resolve maps a link found in the page at file to the output file it
// names and its fragment. ok is false for links to other sites. target is
// "" when the link stays on the host but leaves the site's base path.
func resolve(file, link, basePath string) (target, frag string, ok bool) {
	u, err := url.Parse(link)
	if err != nil {
		return "", "", true
	}
	if u.Scheme != "" || u.Host != "" {
		if u.Host != "example.org" {
			return "", "", false
		}
	}
	frag = u.Fragment
	p := u.Path
	switch {
	case p == "" && u.Host == "":
		return file, frag, true
	case strings.HasPrefix(p, "/"):
		rest, inBase := strings.CutPrefix(p, basePath)
		if basePath == "" || !inBase {
			return "", frag, true
		}
		p = rest
	default:
		p = path.Join(path.Dir(file), p)
		if strings.HasSuffix(u.Path, "/") {
			p += "/"
		}
	}
	if p == "" || p == "." || strings.HasSuffix(p, "/") {
		p = strings.TrimPrefix(p+"index.html", "./")
		p = strings.TrimPrefix(p, "/")
	}
	if strings.HasPrefix(p, "../") {
		return "", frag, true
	}
	return p, frag, true
}
