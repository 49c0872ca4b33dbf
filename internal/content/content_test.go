package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// load loads files given as path → text and returns the diagnostics as the
// command prints them.
func load(t *testing.T, files map[string]string) (*Content, []string) {
	t.Helper()
	fsys := fstest.MapFS{}
	for p, text := range files {
		fsys[p] = &fstest.MapFile{Data: []byte(text)}
	}
	c, err := Load(fsys, "content")
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	c.Diags.Sort()
	var out []string
	for _, d := range c.Diags {
		out = append(out, d.String())
	}
	return c, out
}

// TestLoadErrors covers every problem loading reports, each at its exact
// place, as the editor sees the file.
func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		file  string // path under content/
		text  string
		diags []string
	}{
		{
			name:  "malformed YAML",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: [2015\n---\nBody\n",
			diags: []string{"content/articles/a.md:3:1: front matter: did not find expected ',' or ']'"},
		},
		{
			name:  "malformed YAML key",
			file:  "articles/a.md",
			text:  "---\ntitle: A\n  date: 2015\nsource: x: y\n---\n",
			diags: []string{"content/articles/a.md:3:1: front matter: mapping values are not allowed in this context"},
		},
		{
			name:  "malformed TOML",
			file:  "articles/a.md",
			text:  "+++\ntitle = \"A\"\ndate = \n+++\n",
			diags: []string{`content/articles/a.md:3:8: front matter: expected value but found '\n' instead`},
		},
		{
			// The decoder counts this error from the line before; the
			// position must still be where the line break is.
			name:  "TOML string broken by a CRLF line ending",
			file:  "articles/a.md",
			text:  "+++\r\ntitle = \"A\r\n\"\r\n+++\r\n",
			diags: []string{`content/articles/a.md:2:11: front matter: strings cannot contain newlines`},
		},
		{
			// The YAML decoder counts a lone carriage return as a line
			// break; the file's lines do not, so "date" is on line 2.
			name:  "YAML error after a lone carriage return",
			file:  "articles/a.md",
			text:  "---\ntitle: A\rdate: [2015\n---\n",
			diags: []string{"content/articles/a.md:2:10: front matter: did not find expected ',' or ']'"},
		},
		{
			name:  "unclosed front matter",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015\n",
			diags: []string{"content/articles/a.md:1:1: front matter opened with --- is never closed"},
		},
		{
			name:  "missing title and date",
			file:  "articles/a.md",
			text:  "---\nsource: X\n---\nBody\n",
			diags: []string{"content/articles/a.md:1:1: missing date", "content/articles/a.md:1:1: missing title"},
		},
		{
			name:  "no front matter",
			file:  "articles/a.md",
			text:  "Just text.\n",
			diags: []string{"content/articles/a.md:1:1: no front matter: an article starts with --- and a title and date"},
		},
		{
			name:  "empty title",
			file:  "articles/a.md",
			text:  "---\ntitle: \"\"\ndate: 2015\n---\n",
			diags: []string{"content/articles/a.md:2:8: title is empty"},
		},
		{
			name:  "impossible day",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015-02-30\n---\n",
			diags: []string{`content/articles/a.md:3:7: impossible date "2015-02-30": February 2015 has 28 days`},
		},
		{
			name:  "impossible month",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015-13\n---\n",
			diags: []string{`content/articles/a.md:3:7: impossible date "2015-13": month must be 01 to 12`},
		},
		{
			name:  "not a date",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: last Tuesday\n---\n",
			diags: []string{`content/articles/a.md:3:7: date "last Tuesday" is not a date: use 2015-02-12, 2015-02, 2015 or RFC 3339`},
		},
		{
			name:  "impossible date with time",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015-04-31T10:00:00Z\n---\n",
			diags: []string{`content/articles/a.md:3:7: impossible date "2015-04-31": April 2015 has 30 days`},
		},
		{
			name:  "date of the wrong type",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: [2015]\n---\n",
			diags: []string{"content/articles/a.md:3:7: date: expected a date, got a list"},
		},
		{
			name:  "source_url not http",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015\nsource_url: javascript:alert(1)\n---\n",
			diags: []string{`content/articles/a.md:4:13: source_url: "javascript:alert(1)" must be an http or https URL`},
		},
		{
			name:  "source_url relative",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015\nsource_url: /news/1\n---\n",
			diags: []string{`content/articles/a.md:4:13: source_url: "/news/1" must be an http or https URL`},
		},
		{
			name:  "empty file",
			file:  "articles/a.md",
			text:  "",
			diags: []string{"content/articles/a.md:1:1: file is empty"},
		},
		{
			name:  "blank file",
			file:  "articles/a.md",
			text:  " \n\n",
			diags: []string{"content/articles/a.md:1:1: file is empty"},
		},
		{
			name:  "not UTF-8",
			file:  "articles/a.md",
			text:  "---\ntitle: caf\xe9\n---\n",
			diags: []string{"content/articles/a.md:2:11: file is not valid UTF-8 text"},
		},
		{
			name:  "slug leaving the output folder",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015\nslug: ../../etc\n---\n",
			diags: []string{`content/articles/a.md:4:7: slug "../../etc" would leave the output folder: a slug is one URL name, without / or ..`},
		},
		{
			name:  "slug with a slash",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015\nslug: a/b\n---\n",
			diags: []string{`content/articles/a.md:4:7: slug "a/b" would leave the output folder: a slug is one URL name, without / or ..`},
		},
		{
			name: "wrong types",
			file: "articles/a.md",
			text: "---\ntitle: [A]\ndate: 2015\ncompanies: {a: b}\ndraft: maybe\n---\n",
			diags: []string{
				"content/articles/a.md:2:8: title: expected a string, got a list",
				"content/articles/a.md:4:12: companies: expected a name or a list of names, got a mapping",
				"content/articles/a.md:5:8: draft: expected true or false, got a string",
			},
		},
		{
			name:  "misspelled key",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015\ncompnaies: [X]\n---\n",
			diags: []string{`content/articles/a.md:4:1: warning: unknown key "compnaies"; did you mean "companies"?`},
		},
		{
			name:  "key given twice",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015\ntitle: B\n---\n",
			diags: []string{`content/articles/a.md:4:1: key "title" is given twice`},
		},
		{
			name:  "TOML with wrong types",
			file:  "articles/a.md",
			text:  "+++\ntitle = \"A\"\ndate = 2015-02-30\n[[annotations]]\nquote = 3\n+++\n",
			diags: []string{`content/articles/a.md:3:8: front matter: invalid datetime: "2015-02-30"`},
		},
		{
			name: "TOML positions",
			file: "articles/a.md",
			text: "+++\ntitle = \"A\"\ndate = \"2015-13\"\ncompanies = \"X\"\n[[annotations]]\nquote = \"a b\"\nkind = \"bogus\"\n+++\n",
			diags: []string{
				`content/articles/a.md:3:1: impossible date "2015-13": month must be 01 to 12`,
				`content/articles/a.md:7:1: annotation 1: kind "bogus" is not one of note, quote, claim or correction`,
			},
		},
		{
			name:  "positions after a BOM and CRLF",
			file:  "articles/a.md",
			text:  "\ufeff---\r\ntitle: A\r\ndate: 2015-02-29\r\n---\r\nBody\r\n",
			diags: []string{`content/articles/a.md:3:7: impossible date "2015-02-29": February 2015 has 28 days`},
		},
		{
			name:  "positions after blank lines before the front matter",
			file:  "articles/a.md",
			text:  "\n\n---\ntitle: A\ndate: 2015-00\n---\n",
			diags: []string{`content/articles/a.md:5:7: impossible date "2015-00": month must be 01 to 12`},
		},
		{
			name:  "profile without name",
			file:  "companies/x.md",
			text:  "---\naliases: [X]\n---\n",
			diags: []string{"content/companies/x.md:1:1: missing name"},
		},
		{
			name:  "profile slug leaving the output folder",
			file:  "markets/x.md",
			text:  "---\nname: X\nslug: ../x\n---\n",
			diags: []string{`content/markets/x.md:3:7: slug "../x" would leave the output folder: a slug is one URL name, without / or ..`},
		},
		{
			name: "annotation kind and speaker",
			file: "articles/a.md",
			text: "---\ntitle: A\ndate: 2015\nannotations:\n  - quote: some words\n    kind: qoute\n  - quote: other words\n    kind: quote\n  - note: no quote\n---\n",
			diags: []string{
				`content/articles/a.md:6:11: annotation 1: kind "qoute" is not one of note, quote, claim or correction; did you mean "quote"?`,
				"content/articles/a.md:7:5: annotation 2: a quote annotation needs a speaker",
				"content/articles/a.md:9:5: annotation 3: no quote: an annotation names the passage it is anchored to",
			},
		},
		{
			name: "bases misspelled",
			file: "articles/a.md",
			text: "---\ntitle: A\ntitle_basis: editor\ndate: 2015\ndate_basis: infered\ndate_note: From its text.\n---\n",
			diags: []string{
				`content/articles/a.md:3:14: title_basis "editor" is not one of stated or editors; did you mean "editors"?`,
				`content/articles/a.md:5:13: date_basis "infered" is not one of stated, inferred or external; did you mean "inferred"?`,
			},
		},
		{
			name:  "date basis of the wrong type",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015\ndate_basis: [inferred]\n---\n",
			diags: []string{"content/articles/a.md:4:13: date_basis: expected a string, got a list"},
		},
		{
			name:  "editors' date without a note",
			file:  "articles/a.md",
			text:  "---\ntitle: A\ndate: 2015\ndate_basis: external\n---\n",
			diags: []string{"content/articles/a.md:4:13: warning: date_basis is external but no date_note says how the editors dated the article"},
		},
		{
			name: "speaker basis",
			file: "articles/a.md",
			text: "---\ntitle: A\ndate: 2015\nannotations:\n  - quote: some words\n    speaker_basis: inferred\n  - quote: other words\n    kind: quote\n    speaker: X\n    speaker_basis: guessed\n---\n",
			diags: []string{
				"content/articles/a.md:6:20: annotation 1: speaker_basis without a speaker",
				`content/articles/a.md:10:20: annotation 2: speaker_basis "guessed" is not one of stated or inferred`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := load(t, map[string]string{tt.file: tt.text})
			if strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
				t.Errorf("Load(%q) diagnostics:\n  %s\nwant:\n  %s", tt.text, strings.Join(got, "\n  "), strings.Join(tt.diags, "\n  "))
			}
		})
	}
}

// TestLoadReportsAllFiles checks that one run reports the problems of every
// file, sorted by file.
func TestLoadReportsAllFiles(t *testing.T) {
	_, got := load(t, map[string]string{
		"articles/b.md": "---\ntitle: B\n---\n",
		"articles/a.md": "---\ndate: 2015\n---\n",
		"articles/c.md": "---\ntitle: C\ndate: 2015\n---\n",
	})
	want := []string{
		"content/articles/a.md:1:1: missing title",
		"content/articles/b.md:1:1: missing date",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// TestLoadBases checks the keys that say how an article's date, headline
// and quotes' speakers are known, and their defaults.
func TestLoadBases(t *testing.T) {
	c, diags := load(t, map[string]string{
		"articles/a.md": "---\ntitle: A\ntitle_basis: Editors\ndate: 2015\ndate_basis: external\ndate_note: |\n  From *outside*.\n\n  Two paragraphs.\nnote: Byline from the author box.\nannotations:\n  - quote: words\n    kind: quote\n    speaker: X\n    speaker_basis: inferred\n---\nwords\n",
		"articles/b.md": "---\ntitle: B\ndate: 2015-02-12\nannotations:\n  - quote: words\n    kind: quote\n    speaker: X\n---\nwords\n",
	})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	a, b := c.Articles[0], c.Articles[1]
	if a.TitleBasis != BasisEditors || a.DateBasis != BasisExternal || a.Annotations[0].SpeakerBasis != BasisInferred {
		t.Errorf("a: title_basis %q, date_basis %q, speaker_basis %q; want editors, external, inferred", a.TitleBasis, a.DateBasis, a.Annotations[0].SpeakerBasis)
	}
	if want := "From *outside*.\n\nTwo paragraphs."; a.DateNote != want {
		t.Errorf("a: date_note = %q; want %q", a.DateNote, want)
	}
	if a.Note != "Byline from the author box." {
		t.Errorf("a: note = %q", a.Note)
	}
	if b.TitleBasis != BasisStated || b.DateBasis != BasisStated || b.Annotations[0].SpeakerBasis != BasisStated || b.DateNote != "" {
		t.Errorf("b: title_basis %q, date_basis %q, speaker_basis %q, date_note %q; want the defaults, stated, and no note", b.TitleBasis, b.DateBasis, b.Annotations[0].SpeakerBasis, b.DateNote)
	}
}

func TestLoadArticle(t *testing.T) {
	c, diags := load(t, map[string]string{
		"articles/2015/launch-day.md": "---\ntitle: Launch\ndate: 2015-02\ncompany: Xiaomi\ncompanies: [Apple]\nregion: U.S.\nmood: happy\n---\n\nBody text.\n",
		"articles/.hidden.md":         "not content",
		"articles/_draft.md":          "not content",
		"articles/notes.txt":          "not content",
		"companies/xiaomi.md":         "---\nname: Xiaomi\naliases: [Xiaomi Inc.]\n---\nProfile.\n",
	})
	if len(diags) > 0 {
		t.Fatalf("unexpected diagnostics: %v", diags)
	}
	if len(c.Articles) != 1 {
		t.Fatalf("%d articles; want 1 (hidden, _ and non-.md files are ignored)", len(c.Articles))
	}
	a := c.Articles[0]
	if a.Slug != "launch-day" || a.Title != "Launch" || a.Date.String() != "February 2015" {
		t.Errorf("article = %q %q %q; want launch-day Launch \"February 2015\"", a.Slug, a.Title, a.Date)
	}
	var names []string
	for _, n := range a.Companies {
		names = append(names, n.Name)
	}
	if strings.Join(names, ",") != "Xiaomi,Apple" {
		t.Errorf("companies = %v; want Xiaomi and Apple merged from company and companies", names)
	}
	if len(a.Markets) != 1 || a.Markets[0].Key != "us" {
		t.Errorf("markets = %v; want U.S. with key us", a.Markets)
	}
	if a.Params["mood"] != "happy" {
		t.Errorf("Params[mood] = %v; want happy", a.Params["mood"])
	}
	if a.BodyLine != 9 || string(a.Body) != "\nBody text.\n" {
		t.Errorf("body at line %d = %q; want line 9", a.BodyLine, a.Body)
	}
	if len(c.Profiles) != 1 || c.Profiles[0].Kind != Company || c.Profiles[0].Aliases[0].Name != "Xiaomi Inc." {
		t.Errorf("profiles = %+v", c.Profiles)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, show, iso string
	}{
		{"2015-02-12", "12 February 2015", "2015-02-12"},
		{"2015-02", "February 2015", "2015-02"},
		{"2015", "2015", "2015"},
		{"2016-02-29", "29 February 2016", "2016-02-29"},
		{"2015-02-12T09:30:00Z", "12 February 2015", "2015-02-12T09:30:00Z"},
		{"2015-02-12T09:30:00+08:00", "12 February 2015", "2015-02-12T09:30:00+08:00"},
		{"2015-02-12 09:30:00", "12 February 2015", "2015-02-12T09:30:00Z"},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if d.String() != tt.show || d.ISO() != tt.iso {
			t.Errorf("ParseDate(%q) = %q, %q; want %q, %q", tt.in, d.String(), d.ISO(), tt.show, tt.iso)
		}
	}
	for _, bad := range []string{"", "15", "2015-2", "2015-02-1", "2015/02/12", "0000", "2015-02-12T25:00:00Z", "2015-02-29"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) succeeded; want an error", bad)
		}
	}
}

func TestDateOrder(t *testing.T) {
	order := []string{"2014-12-31", "2015", "2015-02", "2015-02-01", "2015-02-01T08:00:00Z", "2015-02-12", "2015-03"}
	for i := 1; i < len(order); i++ {
		a, _ := ParseDate(order[i-1])
		b, _ := ParseDate(order[i])
		if a.Compare(b) >= 0 {
			t.Errorf("%s.Compare(%s) = %d; want < 0", order[i-1], order[i], a.Compare(b))
		}
	}
}

func TestRoleOf(t *testing.T) {
	tests := []struct {
		path string
		role Role
		kind Kind
	}{
		{"_index.md", IndexFile, 0},
		{"articles/a.md", ArticleFile, 0},
		{"articles/2015/a.md", ArticleFile, 0},
		{"articles/.a.md.swp", Ignored, 0},
		{"articles/a.md~", Ignored, 0},
		{"articles/.#a.md", Ignored, 0},
		{"articles/4913", Ignored, 0},
		{"articles/_a.md", Ignored, 0},
		{"companies/x.md", ProfileFile, Company},
		{"markets/x.md", ProfileFile, Market},
		{"executives/x.md", ProfileFile, Executive},
		{"executives/sub/x.md", Ignored, 0},
		{"claims/x.md", ClaimFile, 0},
		{"other/x.md", Ignored, 0},
		{"readme.md", Ignored, 0},
	}
	for _, tt := range tests {
		role, kind := RoleOf(tt.path)
		if role != tt.role || kind != tt.kind {
			t.Errorf("RoleOf(%q) = %v, %v; want %v, %v", tt.path, role, kind, tt.role, tt.kind)
		}
	}
}

// TestLoadHolding checks that a load holding less Markdown than the
// articles have reads the rest again, the same bytes, and that a file
// changed since it was loaded is refused.
func TestLoadHolding(t *testing.T) {
	fsys := fstest.MapFS{
		"articles/a.md": {Data: []byte("---\ntitle: A\ndate: 2015\n---\nText of *A*.\n")},
		"articles/b.md": {Data: []byte("\ufeff---\ntitle: B\ndate: 2015\n---\n\nText of B,\nover two lines.\n")},
		"articles/c.md": {Data: []byte("---\ntitle: C\ndate: 2015\n---\n")},
	}
	all, err := Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	for _, hold := range []int64{0, 10, 1 << 20} {
		c, err := LoadHolding(fsys, "content", hold)
		if err != nil {
			t.Fatal(err)
		}
		held := 0
		for i, a := range c.Articles {
			if a.Body != nil {
				held += len(a.Body)
			}
			got, err := a.ReadBody(fsys)
			if err != nil || string(got) != string(all.Articles[i].Body) {
				t.Errorf("hold %d: %s: ReadBody = %q, %v; want %q", hold, a.Path, got, err, all.Articles[i].Body)
			}
		}
		if hold < 1<<20 && int64(held) > hold+int64(len("Text of *A*.\n")) {
			t.Errorf("hold %d: %d bytes of Markdown held", hold, held)
		}
	}

	c, err := LoadHolding(fsys, "content", 0)
	if err != nil {
		t.Fatal(err)
	}
	fsys["articles/a.md"] = &fstest.MapFile{Data: []byte("---\ntitle: A\ndate: 2015\n---\nOther text.\n")}
	if _, err := c.Articles[0].ReadBody(fsys); err == nil {
		t.Errorf("ReadBody of a file changed since it was loaded: no error")
	}
	if got, err := c.Articles[1].ReadBody(fsys); err != nil || string(got) != "\nText of B,\nover two lines.\n" {
		t.Errorf("ReadBody of an unchanged file = %q, %v", got, err)
	}
}
