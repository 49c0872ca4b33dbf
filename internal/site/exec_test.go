package site

import (
	"bytes"
	"errors"
	"html/template"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/internal/content"
	"dossier/internal/corpus"
	"dossier/internal/dossier"
	"dossier/internal/markdown"
)

// TestExecutorPages renders every page of a generated dossier with the
// executor and with html/template and requires the same bytes, and that
// the executor rendered every page itself, for each kind of base URL.
func TestExecutorPages(t *testing.T) {
	d := generated(t, 300)
	tmpl, err := LoadTemplates(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	for _, base := range []string{"", "/", "/repo/", "https://example.org/repo/"} {
		b, err := ParseBase(base)
		if err != nil {
			t.Fatal(err)
		}
		s := New(Config{Base: b, Assets: map[string]string{"style.css": "style.css?v=1"}}, tmpl)
		specs := s.Pages(d)
		for _, p := range specs {
			var slow, fast bytes.Buffer
			if err := s.render(&slow, p, false); err != nil {
				t.Fatal(err)
			}
			if err := s.render(&fast, p, true); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(slow.Bytes(), fast.Bytes()) {
				t.Fatalf("base %q, %s: the executor's page differs from html/template's:\n%s", base, p.File, firstDiff(slow.String(), fast.String()))
			}
		}
	}
	for name, f := range tmpl.fast {
		if f.executor() == nil {
			t.Errorf("%s has no executor: its templates use something the executor does not cover", name)
		}
		if n := f.gaveUp.Load(); n > 0 {
			t.Errorf("%s: the executor gave up on %d pages", name, n)
		}
	}
}

func generated(t testing.TB, n int) *dossier.Dossier {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, f := range corpus.Generate(corpus.Options{Articles: n, Seed: 1}) {
		fsys[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	c, err := content.Load(fsys, "content")
	if err != nil {
		t.Fatal(err)
	}
	d, diags := dossier.Build(c, markdown.New(), dossier.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return d
}

// execData is the data of the executor's table tests.
type execData struct {
	S      string
	N      int
	U      uint
	F      float64
	B      bool
	HTML   template.HTML
	URL    template.URL
	List   []string
	Empty  []string
	Items  []execItem
	Map    map[string]any
	Ints   map[int]string
	Ptr    *execItem
	Nil    *execItem
	Any    any
	Date   stringerValue
	PDate  *stringerPtr
	Nested execItem
}

type execItem struct {
	Name string
	Tags []string
}

func (i execItem) Upper() string            { return strings.ToUpper(i.Name) }
func (i *execItem) Join(sep string) string  { return strings.Join(i.Tags, sep) }
func (i *execItem) Fails() (string, error)  { return "", errors.New("no") }
func (i *execItem) Panics() string          { panic("boom") }
func (d execData) Link(to string) string    { return "/x/" + to }
func (d *execData) Twice(s string) string   { return s + s }
func (d execData) Pair(a string, n int) any { return a + strings.Repeat("!", n) }

type stringerValue struct{ Y, M int }

func (v stringerValue) String() string { return "value-stringer" }

type stringerPtr struct{ Y int }

func (v *stringerPtr) String() string { return "ptr-stringer" }

// TestExecutor compares the executor with html/template on templates that
// use every construct it covers, and checks that it gives up, leaving the
// page to html/template, where it should.
func TestExecutor(t *testing.T) {
	data := &execData{
		S: `a "quoted" <b>tag</b> & 'it' + more`, N: 3, U: 3, F: 1.5, B: true,
		HTML: "<em>safe</em>", URL: "javascript:ok()",
		List:  []string{"x", "y<", "z"},
		Items: []execItem{{"one", []string{"a", "b"}}, {"two", nil}},
		Map:   map[string]any{"k": "v&", "n": 2, "a": true},
		Ints:  map[int]string{10: "ten", -1: "minus one", 2: "two"},
		Ptr:   &execItem{Name: "ptr", Tags: []string{"p"}},
		Any:   "in an interface",
		Date:  stringerValue{2015, 2}, PDate: &stringerPtr{2015},
		Nested: execItem{Name: "nested"},
	}
	tests := []struct {
		name, src string
		gaveUp    bool   // the executor should leave the page to html/template
		defs      string // templates defined beside base
	}{
		{"text and fields", `<p title="{{.S}}">{{.S}} {{.N}} {{.U}} {{.F}} {{.B}}</p>`, false, ""},
		{"title element", `<title>{{.S}} {{.HTML}}</title>`, false, ""},
		{"html content", `<div>{{.HTML}}</div>`, false, ""},
		{"html in attribute", `<a title="{{.HTML}}">x</a>`, true, ""},
		{"urls", `<a href="{{.Link .S}}">a</a><a href="javascript:{{.S}}">b</a><a href="{{.URL}}">c</a><a href="{{"javascript:x()"}}">d</a><a href="/q?a={{.S}}">e</a>`, false, ""},
		{"url with percent", `<a href="{{"/a%20b%zz/ü"}}">a</a>`, false, ""},
		{"chains", `{{.Nested.Upper}} {{(index .Items 0).Name}}`, true, ""},
		{"methods", `{{.Nested.Upper}} {{.Ptr.Join "-"}} {{$.Twice "ab"}} {{.Pair "x" 2}}`, false, ""},
		{"value and pointer methods on slice elements", `{{range .Items}}{{.Upper}}={{.Join ","}};{{end}}`, false, ""},
		{"maps", `{{.Map.k}} [{{.Map.missing}}] {{.Map.n}} {{with .Map.missing}}no{{else}}none{{end}}`, false, ""},
		{"interface", `{{.Any}} {{if .Any}}yes{{end}}`, false, ""},
		{"stringers", `{{.Date}} {{.PDate}} <time datetime="{{.Date}}">{{.PDate}}</time>`, false, ""},
		{"if else", `{{if .B}}b{{else}}not b{{end}}{{if .Empty}}e{{else if .List}}l{{end}}{{if not .N}}zero{{end}}`, false, ""},
		{"with else", `{{with .Ptr}}{{.Name}}{{end}}{{with .Nil}}nil{{else}}no ptr{{end}}{{with .Empty}}x{{else with .List}}{{index . 0}}{{end}}`, false, ""},
		{"with else with", `{{with .Ptr}}{{.Name}}{{end}}{{with .Nil}}nil{{else}}no ptr{{end}}{{with .Empty}}x{{else with .List}}{{.}}{{end}}`, false, ""},
		{"range", `{{range $i, $e := .List}}{{$i}}:{{$e}} {{end}}{{range .Empty}}x{{else}}empty{{end}}{{range $x := .Items}}{{$x.Name}}{{end}}`, false, ""},
		{"range over int", `{{range 3}}{{.}}{{end}}{{range $n := .N}}[{{$n}}]{{end}}{{range 0}}x{{else}}none{{end}}`, false, ""},
		{"break and continue", `{{range .List}}{{if eq . "z"}}{{break}}{{end}}{{if eq . "x"}}{{continue}}{{end}}{{.}}{{end}}`, false, ""},
		{"variables", `{{$a := .S}}{{$b := 1}}{{if .B}}{{$b = 2}}{{$c := 3}}{{$c}}{{end}}{{$b}} {{$a}} {{$.N}}`, false, ""},
		{"logic", `{{and .B .N "x"}} {{or .Empty .S}} {{and .B .Empty}} {{or 0 ""}} {{.N | and .B}} {{not .B}}`, false, ""},
		{"comparisons", `{{eq .N 3}} {{eq .N .U}} {{eq .S "x" "y"}} {{ne .N 2}} {{lt .N 4}} {{le .N 3}} {{gt .N 3}} {{ge .F 1.5}} {{lt .U .N}} {{eq .B true}} {{gt -1 .U}}`, false, ""},
		{"comparing pointers", `{{eq .Ptr .Nil}}`, true, ""},
		{"pipelines and funcs", `{{plural .N "article" "articles"}} {{plural 1 "a" "b"}} {{"b" | plural .N "a"}} {{.S | lower}} {{"word" | capitalize}} {{lower (capitalize "ab")}}`, false, ""},
		{"nil pointer field", `{{.Nil.Name}}`, true, ""},
		{"function error", `{{.Ptr.Fails}}`, true, ""},
		{"panic", `{{.Ptr.Panics}}`, true, ""},
		{"templates", `{{range .Items}}{{template "item" .}}{{end}}{{template "item" .Nested}}{{$x := 1}}{{template "none"}}{{$x}}`, false,
			`{{define "item"}}<li>{{.Name}}{{$.Name}}</li>{{end}}{{define "none"}}[{{.}}]{{end}}`},
		{"template in another context", `<a title="{{template "t" .S}}">`, true, `{{define "t"}}{{.}}{{end}}`},
		{"comments and trimming", "{{/* comment */}}a  {{- .N -}}  b", false, ""},
		{"len and index", `{{len .List}} {{len .S}} {{len .Map}} {{index .List 1}} {{index .Map "k"}} [{{index .Map "none"}}] {{index .Items 0 | printf "%v"}}`, false, ""},
		{"index out of range", `{{index .List 5}}`, true, ""},
		{"len of a number", `{{len .N}}`, true, ""},
		{"print", `{{print .N .S}} {{printf "%03d|%q|%v" .N .S .B}} {{println .F "x"}} {{.List | printf "%v"}}`, false, ""},
		{"range over a map", `{{range $k, $v := .Map}}{{$k}}={{$v}};{{end}}{{range .Map}}[{{.}}]{{end}}{{range $k, $v := .Ints}}{{$k}}:{{$v}} {{end}}`, false, ""},
		{"unsupported builtin", `{{slice .S 1 3}}`, true, ""},
		{"numbers", `{{1.5}} {{1e3}} {{0x10}} {{'a'}} {{-2}}`, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.defs + `{{define "base"}}` + tt.src + `{{end}}`
			tmpl := template.Must(template.New("t").Funcs(funcs).Parse(src))
			var want bytes.Buffer
			wantErr := tmpl.ExecuteTemplate(&want, "base", data)
			x := newExecutor(tmpl, funcs)
			var got bytes.Buffer
			ok := x != nil && x.execute(&got, data)
			if ok == tt.gaveUp {
				t.Fatalf("executor rendered the page: %v; want %v (html/template: %q, error %v)", ok, !tt.gaveUp, want.String(), wantErr)
			}
			if !ok {
				return
			}
			if wantErr != nil {
				t.Fatalf("html/template failed (%v) where the executor gave %q", wantErr, got.String())
			}
			if got.String() != want.String() {
				t.Errorf("executor:      %q\nhtml/template: %q", got.String(), want.String())
			}
		})
	}
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return "html/template: …" + a[lo:min(len(a), i+80)] + "\nexecutor:      …" + b[lo:min(len(b), i+80)]
}
