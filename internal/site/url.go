package site

import (
	"fmt"
	"net/url"
	"path"
	"strings"
)

// Base is where the site will be served, from -base-url. It decides how
// pages link to each other:
//
//   - unset (""): the site is portable. Links are relative to the page and
//     name index.html files, so the output folder works opened from disk
//     (file://) and served from any path; feeds, sitemap and canonical links,
//     which need absolute URLs, are left out or relative.
//   - a path ("/" or "/REPO/"): links are clean URLs from that path.
//   - an absolute URL ("https://user.github.io/REPO/"): links are clean URLs
//     from its path, and absolute URLs (canonical, feeds, sitemap) use it.
type Base struct {
	raw  string
	Path string // "/" or "/REPO/"; "" when portable
	Abs  string // "https://host/REPO/" when absolute; "" otherwise
}

// ParseBase reads a -base-url value.
//
// It accepts only a path ("/REPO/") or an http(s) URL with a host and no
// user name or password: the base URL starts every link and the dev
// server's redirects, and anything a browser could read as another host
// ("//evil.example/", "/\evil.example/") would send readers off the site.
func ParseBase(s string) (Base, error) {
	if s == "" {
		return Base{}, nil
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r == '\\' }) {
		return Base{}, fmt.Errorf("-base-url %q: a base URL has no spaces, control characters or backslashes", s)
	}
	u, err := url.Parse(s)
	if err != nil {
		return Base{}, fmt.Errorf("-base-url %q is not a URL: %v", s, err)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return Base{}, fmt.Errorf("-base-url %q: a base URL has no query or fragment", s)
	}
	switch {
	case u.Scheme == "" && u.Host == "" && u.User == nil:
		if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
			return Base{}, fmt.Errorf("-base-url %q: a path must start with one /", s)
		}
	case u.Scheme == "http" || u.Scheme == "https":
		if u.Host == "" || u.Opaque != "" {
			return Base{}, fmt.Errorf("-base-url %q has no host", s)
		}
		if u.User != nil {
			return Base{}, fmt.Errorf("-base-url %q: a base URL has no user name or password", s)
		}
		if strings.HasPrefix(u.Path, "//") {
			return Base{}, fmt.Errorf("-base-url %q: its path must start with one /", s)
		}
	default:
		return Base{}, fmt.Errorf("-base-url %q: use a path (/REPO/) or an http(s) URL", s)
	}
	p := path.Clean("/" + u.Path)
	if p != "/" {
		p += "/"
	}
	b := Base{raw: s, Path: p}
	if u.Host != "" {
		b.Abs = u.Scheme + "://" + u.Host + p
	}
	return b, nil
}

// Portable reports whether links are page-relative.
func (b Base) Portable() bool { return b.Path == "" }

// Link returns the URL by which the page at from links to target. Both are
// site paths: "" for the home page, "articles/x/" for a page, "style.css"
// for a file, optionally with a "#fragment" or "?query".
func (b Base) Link(from, target string) string {
	if !b.Portable() {
		return b.Path + target
	}
	suffix := ""
	if i := strings.IndexAny(target, "#?"); i >= 0 {
		target, suffix = target[:i], target[i:]
	}
	if target == from && strings.HasPrefix(suffix, "#") {
		return suffix
	}
	index := ""
	if target == "" || strings.HasSuffix(target, "/") {
		index = "index.html"
	}
	return strings.Repeat("../", b.depth(from)) + target + index + suffix
}

// depth is how many folders down the page at the site path from is: 0
// for the home page and 404.html, 2 for "articles/x/".
func (b Base) depth(from string) int {
	dir := from
	if !strings.HasSuffix(dir, "/") {
		dir = path.Dir(dir) + "/"
		if dir == "./" {
			dir = ""
		}
	}
	return strings.Count(dir, "/")
}

// AbsURL returns target as an absolute URL, or "" when the base is not
// absolute.
func (b Base) AbsURL(target string) string {
	if b.Abs == "" {
		return ""
	}
	return b.Abs + target
}

// IRI returns the identifier by which the page at from names target in
// linked data (JSON-LD @id and url): the absolute URL when the base is
// absolute, else the link, which resolves against the page's own address
// to the same resource from every page.
func (b Base) IRI(from, target string) string {
	if b.Abs != "" {
		return b.Abs + target
	}
	return b.Link(from, target)
}

// Warning explains what a build leaves out for this base URL, or is "" when
// nothing is left out. Feeds and the sitemap need absolute URLs (Atom ids,
// sitemap locations), which only an absolute base URL gives. A portable
// build is for reading from disk and says nothing; a path says the site is
// being published, so the omission is worth a warning.
func (b Base) Warning() string {
	if b.Portable() || b.Abs != "" {
		return ""
	}
	return fmt.Sprintf("feeds and sitemap left out: they need an absolute base URL, such as https://USER.github.io%s", b.Path)
}
