package site

import "testing"

// TestParseBase checks the base URLs -base-url accepts, and that anything
// a browser could read as another host, or that carries credentials, is
// refused: the dev server redirects to the base path.
func TestParseBase(t *testing.T) {
	tests := []struct {
		in, path, abs, err string
	}{
		{in: ""},
		{in: "/", path: "/"},
		{in: "/repo", path: "/repo/"},
		{in: "/repo/", path: "/repo/"},
		{in: "/a/../repo/", path: "/repo/"},
		{in: "https://user.github.io/repo/", path: "/repo/", abs: "https://user.github.io/repo/"},
		{in: "http://localhost:8080", path: "/", abs: "http://localhost:8080/"},
		{in: `/\evil.example/`, err: `-base-url "/\\evil.example/": a base URL has no spaces, control characters or backslashes`},
		{in: `\\evil.example\`, err: `-base-url "\\\\evil.example\\": a base URL has no spaces, control characters or backslashes`},
		{in: "//evil.example/", err: `-base-url "//evil.example/": use a path (/REPO/) or an http(s) URL`},
		{in: "///evil.example/", err: `-base-url "///evil.example/": a path must start with one /`},
		{in: "/ /", err: `-base-url "/ /": a base URL has no spaces, control characters or backslashes`},
		{in: "/repo/\t", err: `-base-url "/repo/\t": a base URL has no spaces, control characters or backslashes`},
		{in: "javascript:alert(1)", err: `-base-url "javascript:alert(1)": use a path (/REPO/) or an http(s) URL`},
		{in: "JavaScript://%0aalert(1)", err: `-base-url "JavaScript://%0aalert(1)" is not a URL: parse "JavaScript://%0aalert(1)": invalid URL escape "%0a"`},
		{in: "JavaScript://x/%0aalert(1)", err: `-base-url "JavaScript://x/%0aalert(1)": use a path (/REPO/) or an http(s) URL`},
		{in: "data:text/html,x", err: `-base-url "data:text/html,x": use a path (/REPO/) or an http(s) URL`},
		{in: "ftp://x/", err: `-base-url "ftp://x/": use a path (/REPO/) or an http(s) URL`},
		{in: "https://user:secret@example.org/", err: `-base-url "https://user:secret@example.org/": a base URL has no user name or password`},
		{in: "https://@example.org/", err: `-base-url "https://@example.org/": a base URL has no user name or password`},
		{in: "https:example.org", err: `-base-url "https:example.org" has no host`},
		{in: "https:///repo/", err: `-base-url "https:///repo/" has no host`},
		{in: "https://example.org//evil.example/", err: `-base-url "https://example.org//evil.example/": its path must start with one /`},
		{in: "repo/", err: `-base-url "repo/": a path must start with one /`},
		{in: "/repo/?x=1", err: `-base-url "/repo/?x=1": a base URL has no query or fragment`},
		{in: "/repo/#x", err: `-base-url "/repo/#x": a base URL has no query or fragment`},
	}
	for _, tt := range tests {
		b, err := ParseBase(tt.in)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err || b.Path != tt.path || b.Abs != tt.abs {
			t.Errorf("ParseBase(%q) = %q, %q, %v; want %q, %q, %v", tt.in, b.Path, b.Abs, err, tt.path, tt.abs, tt.err)
		}
	}
}
