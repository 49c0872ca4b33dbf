package site

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"dossier/internal/content"
	"dossier/internal/corpus"
	"dossier/internal/dossier"
	"dossier/internal/markdown"
)

// TestExecutorPages renders every page of a generated dossier with the
// executor and with html/template and requires the same bytes, and that
// the executor rendered every page itself, without calling anything
// through reflection, for each kind of base URL.
func TestExecutorPages(t *testing.T) {
	reflectedCalls.Store(0)
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
	if n := reflectedCalls.Load(); n > 0 {
		t.Errorf("the executor called %d methods or functions through reflection: register their signatures (templates.go)", n)
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

// TestExecutorConcurrent renders the pages of a generated dossier on
// several goroutines at once, as builds do, while the executor compiles
// its templates for the types it meets: the pages must be html/template's.
// Run with -race.
func TestExecutorConcurrent(t *testing.T) {
	d := generated(t, 60)
	tmpl, err := LoadTemplates(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{}, tmpl)
	specs := s.Pages(d)
	want := make([]string, len(specs))
	for i, p := range specs {
		var b bytes.Buffer
		if err := s.render(&b, p, false); err != nil {
			t.Fatal(err)
		}
		want[i] = b.String()
	}
	// A new set of templates, whose executors are made and compiled
	// while the goroutines run.
	tmpl, err = LoadTemplates(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	s = New(Config{}, tmpl)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			var b bytes.Buffer
			for i := range specs {
				p := specs[(i+g*len(specs)/4)%len(specs)]
				b.Reset()
				if err := s.Render(&b, p); err != nil {
					t.Error(err)
					return
				}
				if b.String() != want[(i+g*len(specs)/4)%len(specs)] {
					t.Errorf("%s differs from html/template's", p.File)
					return
				}
			}
		})
	}
	wg.Wait()
	for name, f := range tmpl.fast {
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
	d, diags := dossier.Build(c, markdown.New(), dossier.Options{Search: true})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return d
}

// execData is the data of the executor's table tests.
type execData struct {
	S        string
	N        int
	U        uint
	F        float64
	B        bool
	HTML     template.HTML
	URL      template.URL
	List     []string
	PList    *[]string
	Empty    []string
	Items    []execItem
	PItems   []*execItem
	Map      map[string]any
	ItemMap  map[string]*execItem
	ValueMap map[string]execItem
	Ints     map[int]string
	Ptr      *execItem
	PPtr     **execItem
	Nil      *execItem
	Any      any
	AnyItem  any
	AnyPtr   any
	Anys     []any
	Stringer fmt.Stringer
	Err      error
	Date     stringerValue
	PDate    *stringerPtr
	NilDate  *stringerPtr
	Nested   execItem
	Kind     execKind
	Tree     *execTree
	Embedded
	*PEmbedded
	NilEmbedded *execOuter
	Loop        selfPointer
}

// selfPointer is a pointer to itself, which no chain of pointers ends.
type selfPointer *selfPointer

type execItem struct {
	Name string
	Tags []string
}

func (i execItem) Upper() string                         { return strings.ToUpper(i.Name) }
func (i *execItem) Join(sep string) string               { return strings.Join(i.Tags, sep) }
func (i *execItem) Fails() (string, error)               { return "", errors.New("no") }
func (i *execItem) Fine() (string, error)                { return "fine " + i.Name, nil }
func (i *execItem) Panics() string                       { panic("boom") }
func (i *execItem) Self() *execItem                      { return i }
func (i *execItem) Count(n int8, b bool, k execKind) any { return fmt.Sprint(n, b, k) }
func (d execData) Link(to string) string                 { return "/x/" + to }
func (d *execData) Twice(s string) string                { return s + s }
func (d execData) Pair(a string, n int) any              { return a + strings.Repeat("!", n) }
func (d execData) JoinAll(sep string, parts ...string) string {
	return strings.Join(parts, sep)
}
func (d execData) Items2() []execItem { return d.Items }
func (d execData) Value() reflect.Value {
	return reflect.ValueOf("in a reflect.Value")
}

type execKind string

func (k execKind) Title() string { return strings.ToUpper(string(k)) }

type execTree struct {
	Name string
	Kids []*execTree
}

// Embedded is promoted into execData: its fields and methods are
// reached through it.
type Embedded struct{ Inner string }

func (e Embedded) Promoted() string { return "promoted " + e.Inner }

type PEmbedded struct{ Deep string }

type execOuter struct{ *PEmbedded }

type stringerValue struct{ Y, M int }

func (v stringerValue) String() string { return "value-stringer" }

type stringerPtr struct{ Y int }

func (v *stringerPtr) String() string { return "ptr-stringer" }

// execFuncs are the template functions of the executor's table tests: the
// site's, and some that fail or take and give unusual types.
var execFuncs = func() template.FuncMap {
	m := template.FuncMap{
		"fails":    func(s string) (string, error) { return "", errors.New("no " + s) },
		"ok":       func(s string) (string, error) { return s + "!", nil },
		"anyPair":  func(a, b any) string { return fmt.Sprint(a, "/", b) },
		"ints":     func(sep string, xs ...int) string { return fmt.Sprint(sep, xs) },
		"rv":       func(v reflect.Value) reflect.Value { return v },
		"seq":      func(n int) []int { return make([]int, n) },
		"nilSlice": func() []string { return nil },
		"item":     func(name string) execItem { return execItem{Name: name} },
	}
	for k, v := range funcs {
		m[k] = v
	}
	return m
}()

// TestExecutor compares the executor with html/template on templates that
// use every construct it covers, and checks that it gives up, leaving the
// page to html/template, where it should.
func TestExecutor(t *testing.T) {
	deep := &execItem{Name: "deep"}
	tree := &execTree{Name: "root", Kids: []*execTree{{Name: "a", Kids: []*execTree{{Name: "a1"}}}, {Name: "b"}}}
	list := []string{"x", "y<", "z"}
	data := &execData{
		S: `a "quoted" <b>tag</b> & 'it' + more`, N: 3, U: 3, F: 1.5, B: true,
		HTML: "<em>safe</em>", URL: "javascript:ok()",
		List: list, PList: &list,
		Items:    []execItem{{"one", []string{"a", "b"}}, {"two", nil}},
		PItems:   []*execItem{{Name: "p1"}, {Name: "p2", Tags: []string{"t"}}},
		Map:      map[string]any{"k": "v&", "n": 2, "a": true, "item": execItem{Name: "in map"}, "nested": map[string]any{"deeper": "yes"}},
		ItemMap:  map[string]*execItem{"a": {Name: "item a"}},
		ValueMap: map[string]execItem{"a": {Name: "value a", Tags: []string{"v"}}},
		Ints:     map[int]string{10: "ten", -1: "minus one", 2: "two"},
		Ptr:      &execItem{Name: "ptr", Tags: []string{"p"}},
		PPtr:     &deep,
		Any:      "in an interface",
		AnyItem:  execItem{Name: "any item", Tags: []string{"i"}},
		AnyPtr:   &execItem{Name: "any ptr", Tags: []string{"j", "k"}},
		Anys:     []any{1, "two", execItem{Name: "three"}, &execItem{Name: "four"}, nil, 5.5},
		Stringer: &stringerPtr{1},
		Date:     stringerValue{2015, 2}, PDate: &stringerPtr{2015},
		Nested:      execItem{Name: "nested"},
		Kind:        "claim",
		Tree:        tree,
		Embedded:    Embedded{Inner: "inner"},
		PEmbedded:   &PEmbedded{Deep: "deep"},
		NilEmbedded: &execOuter{},
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
		{"html in attribute, dynamic", `<a title="{{.Map.html}}">x</a>`, false, ""},
		{"urls", `<a href="{{.Link .S}}">a</a><a href="javascript:{{.S}}">b</a><a href="{{.URL}}">c</a><a href="{{"javascript:x()"}}">d</a><a href="/q?a={{.S}}">e</a>`, false, ""},
		{"url with percent", `<a href="{{"/a%20b%zz/ü"}}">a</a>`, false, ""},
		{"chains", `{{.Nested.Upper}} {{(index .Items 0).Name}}`, true, ""},
		{"methods", `{{.Nested.Upper}} {{.Ptr.Join "-"}} {{$.Twice "ab"}} {{.Pair "x" 2}}`, false, ""},
		{"methods with typed constants", `{{.Ptr.Count 7 true "k"}} {{.Ptr.Count -1 false ""}}`, false, ""},
		{"constant out of a parameter's range", `{{.Ptr.Count 300 true "k"}}`, true, ""},
		{"variadic method", `{{.JoinAll "-"}} {{.JoinAll "-" "a"}} {{.JoinAll "-" "a" "b" .S}} {{"c" | .JoinAll "+" "d"}}`, false, ""},
		{"method with a final argument", `{{"to" | .Link}} {{.S | .Twice}} {{.Ptr.Name | .Link}}`, false, ""},
		{"method with error result", `{{.Ptr.Fine}}`, false, ""},
		{"method chains", `{{.Ptr.Self.Self.Name}} {{.Ptr.Self.Join "+"}} {{.Items2}} {{range .Items2}}{{.Name}}{{.Join ","}}{{end}}`, false, ""},
		{"method giving a reflect.Value", `{{.Value}}`, false, ""},
		{"named string type", `{{.Kind}} {{.Kind.Title}} {{eq .Kind "claim"}} {{if eq .Kind "other"}}no{{else}}yes{{end}}`, false, ""},
		{"value and pointer methods on slice elements", `{{range .Items}}{{.Upper}}={{.Join ","}};{{end}}{{range .PItems}}{{.Upper}}={{.Join ","}};{{end}}`, false, ""},
		{"pointer method on a map's value", `{{.ValueMap.a.Upper}}{{.ValueMap.a.Join ","}}`, true, ""},
		{"pointers to pointers", `{{.PPtr.Name}} {{.PPtr.Join "-"}} {{.PPtr.Upper}}`, false, ""},
		{"embedded structs", `{{.Inner}} {{.Promoted}} {{.Embedded.Inner}} {{.Deep}} {{.PEmbedded.Deep}}`, false, ""},
		{"nil embedded pointer", `{{.NilEmbedded.Deep}}`, true, ""},
		{"pointer to itself", `{{.Loop.Name}}`, true, ""},
		{"maps", `{{.Map.k}} [{{.Map.missing}}] {{.Map.n}} {{with .Map.missing}}no{{else}}none{{end}} {{.Map.item.Name}} {{.Map.item.Upper}} {{.Map.nested.deeper}} [{{.Map.missing.Name}}] {{.ItemMap.a.Name}} {{.ItemMap.a.Join "+"}}`, false, ""},
		{"interface", `{{.Any}} {{if .Any}}yes{{end}} {{.AnyItem.Name}} {{.AnyItem.Upper}} {{.AnyPtr.Name}} {{.AnyPtr.Join "/"}} {{.AnyPtr.Upper}}`, false, ""},
		{"pointer method of a value in an interface", `{{.AnyItem.Join "/"}}`, true, ""},
		{"non-empty interfaces", `{{.Stringer}} {{.Stringer.String}} {{.Err}} {{if .Err}}err{{else}}no err{{end}} {{with .Stringer}}{{.}}{{end}}`, false, ""},
		{"method of a nil interface", `{{.Err.Error}}`, true, ""},
		{"range over interfaces", `{{range $i, $a := .Anys}}{{$i}}={{$a}};{{end}} {{range .Anys}}[{{.}}]{{end}}`, false, ""},
		{"fields of interfaces in a range", `{{range .Anys}}{{with .}}{{if eq $.N 3}}{{end}}{{end}}{{end}}{{range slice .Anys 2 4}}{{.Name}}{{end}}`, true, ""},
		{"stringers", `{{.Date}} {{.PDate}} <time datetime="{{.Date}}">{{.PDate}}</time> [{{.NilDate}}]`, false, ""},
		{"if else", `{{if .B}}b{{else}}not b{{end}}{{if .Empty}}e{{else if .List}}l{{end}}{{if not .N}}zero{{end}}{{if .S}}s{{end}}{{if .Link "x"}}link{{end}}`, false, ""},
		{"with else", `{{with .Ptr}}{{.Name}}{{end}}{{with .Nil}}nil{{else}}no ptr{{end}}{{with .Empty}}x{{else with .List}}{{index . 0}}{{end}}`, false, ""},
		{"with else with", `{{with .Ptr}}{{.Name}}{{end}}{{with .Nil}}nil{{else}}no ptr{{end}}{{with .Empty}}x{{else with .List}}{{.}}{{end}}`, false, ""},
		{"with a method's string", `{{with .Link "a"}}[{{.}}]{{end}}{{with .Twice ""}}x{{else}}empty{{end}}`, false, ""},
		{"range", `{{range $i, $e := .List}}{{$i}}:{{$e}} {{end}}{{range .Empty}}x{{else}}empty{{end}}{{range $x := .Items}}{{$x.Name}}{{end}}{{range .PList}}{{.}}{{end}}`, false, ""},
		{"range over a nil pointer", `{{range .Nil}}x{{end}}`, true, ""},
		{"range variables in else", `{{range $i, $e := .Empty}}x{{else}}[{{$i}}|{{$e}}]{{end}}{{range $e := nilSlice}}x{{else}}[{{$e}}]{{end}}`, false, ""},
		{"range over int", `{{range 3}}{{.}}{{end}}{{range $n := .N}}[{{$n}}]{{end}}{{range 0}}x{{else}}none{{end}}{{range -2}}x{{else}}negative{{end}}`, false, ""},
		{"range over int with two variables", `{{range $i, $n := .N}}{{$n}}{{end}}`, true, ""},
		{"break and continue", `{{range .List}}{{if eq . "z"}}{{break}}{{end}}{{if eq . "x"}}{{continue}}{{end}}{{.}}{{end}}`, false, ""},
		{"break and continue in with", `{{range .Items}}{{with .Tags}}{{continue}}{{end}}{{.Name}}{{end}}|{{range .Items}}{{with .Name}}{{if eq . "two"}}{{break}}{{end}}{{.}}{{end}}{{end}}`, false, ""},
		{"break and continue in nested ranges", `{{range .List}}{{range $.Items}}{{if .Tags}}{{continue}}{{end}}{{break}}{{end}}{{.}}{{end}}`, false, ""},
		{"break in an inner range's else", `{{range .List}}{{range $.Empty}}{{else}}{{break}}!{{end}}{{.}}{{end}}`, false, ""},
		{"continue in an inner range's else", `{{range .List}}{{range $.Empty}}{{else}}{{continue}}{{end}}{{.}}{{end}}.`, false, ""},
		{"variables", `{{$a := .S}}{{$b := 1}}{{if .B}}{{$b = 2}}{{$c := 3}}{{$c}}{{end}}{{$b}} {{$a}} {{$.N}}`, false, ""},
		{"variables declared in conditions", `{{if $x := .N}}{{$x}}{{else}}{{$x}}{{end}}{{with $y := .Ptr}}{{$y.Name}}{{.Name}}{{end}}{{with $z := .Empty}}{{else}}[{{$z}}]{{end}}`, false, ""},
		{"variables out of scope in else", `{{$x := "outer"}}{{if not .B}}{{$x := "inner"}}{{$x}}{{else}}{{$x}}{{end}} {{if .B}}{{$x := "inner"}}{{$x}}{{else}}{{$x}}{{end}} {{$x}}`, false, ""},
		{"shadowing", `{{$x := .N}}{{range .List}}{{$x := .}}{{$x}}{{end}}{{$x}}{{with .Ptr}}{{$x := .Name}}{{$x}}{{end}}{{$x}}`, false, ""},
		{"variables changing type", `{{$x := 1}}{{range .Items}}{{$x}},{{$x = .}}{{$x.Name}};{{end}}{{$x.Upper}} {{$v := .Ptr}}{{$v.Name}}{{$v = .Map}}{{$v.k}}`, false, ""},
		{"assigning in a range", `{{$last := ""}}{{range .List}}{{$last = .}}{{end}}{{$last}}{{$n := 0}}{{range .Items}}{{$n = len .Tags}}{{end}}{{$n}}`, false, ""},
		{"variables in parenthesized pipelines", `{{$x := 1}}{{print ($x = 2) $x}} {{$x}}`, false, ""},
		{"logic", `{{and .B .N "x"}} {{or .Empty .S}} {{and .B .Empty}} {{or 0 ""}} {{.N | and .B}} {{not .B}} {{with or .Nil .Ptr}}{{.Name}}{{end}} {{and nil .B}} {{or nil .B}} {{not nil}}`, false, ""},
		{"logic short-circuits", `{{and false .Nil.Name}} {{or true .Nil.Name}}`, false, ""},
		{"comparisons", `{{eq .N 3}} {{eq .N .U}} {{eq .S "x" "y"}} {{ne .N 2}} {{lt .N 4}} {{le .N 3}} {{gt .N 3}} {{ge .F 1.5}} {{lt .U .N}} {{eq .B true}} {{gt -1 .U}} {{lt "a" "b"}} {{ge "b" .S}} {{eq .Map.n 2}} {{lt .Map.n 3}} {{eq .Any "in an interface"}}`, false, ""},
		{"comparing pointers", `{{eq .Ptr .Nil}}`, true, ""},
		{"comparing a float and an integer", `{{eq 0x1p3 8}}`, true, ""},
		{"eq with one argument", `{{eq .N}}`, true, ""},
		{"pipelines and funcs", `{{plural .N "article" "articles"}} {{plural 1 "a" "b"}} {{"b" | plural .N "a"}} {{.S | lower}} {{"word" | capitalize}} {{lower (capitalize "ab")}} {{.Kind | printf "%s"}}`, false, ""},
		{"functions of any and variadic types", `{{anyPair 1 "x"}} {{anyPair .Ptr nil}} {{anyPair .Kind .Map.n}} {{ints "-"}} {{ints "-" 1 2 3}} {{3 | ints "+" 1}} {{.N | ints "x"}}`, false, ""},
		{"function giving a reflect.Value", `{{rv .S}} {{rv 3}} {{with rv .Ptr}}{{.Name}}{{end}}`, false, ""},
		{"function errors", `{{ok "a"}} {{"b" | ok}}`, false, ""},
		{"function with an error", `{{fails "x"}}`, true, ""},
		{"function with an error, unused", `{{if false}}{{fails "x"}}{{end}}ok`, false, ""},
		{"wrong number of arguments", `{{lower "a" "b"}}`, true, ""},
		{"wrong type of argument", `{{lower .N}}`, true, ""},
		{"arguments to a field", `{{.S "x"}}`, true, ""},
		{"undefined function in a branch not taken", `{{if false}}{{.Missing}}{{end}}ok`, false, ""},
		{"missing field", `{{.Missing}}`, true, ""},
		{"unexported field", `{{.Ptr.name}}`, true, ""},
		{"nil pointer field", `{{.Nil.Name}}`, true, ""},
		{"nil pointer method", `{{.Nil.Join ","}}`, true, ""},
		{"nil stringer", `{{.NilDate.String}}`, true, ""},
		{"function error", `{{.Ptr.Fails}}`, true, ""},
		{"panic", `{{.Ptr.Panics}}`, true, ""},
		{"templates", `{{range .Items}}{{template "item" .}}{{end}}{{template "item" .Nested}}{{$x := 1}}{{template "none"}}{{$x}}`, false,
			`{{define "item"}}<li>{{.Name}}{{$.Name}}</li>{{end}}{{define "none"}}[{{.}}]{{end}}`},
		{"templates called with dots of different types", `{{template "name" .Nested}}{{template "name" .Ptr}}{{template "name" .PPtr}}{{template "name" .ItemMap.a}}{{template "name" .Map.item}}{{template "name" .AnyItem}}{{template "name" .AnyPtr}}{{template "name" .Map}}{{range .Anys}}{{template "print" .}}{{end}}{{template "print" .Map.missing}}`, false,
			`{{define "name"}}<{{.Name}}>{{end}}{{define "print"}}({{.}}){{end}}`},
		{"a template's variables", `{{$x := "outer"}}{{template "vars" .Ptr}}{{$x}}`, false,
			`{{define "vars"}}{{$x := .Name}}{{$x}}{{$.Name}}{{end}}`},
		{"recursive templates", `{{template "tree" .Tree}}`, false,
			`{{define "tree"}}<li>{{.Name}}{{with .Kids}}<ul>{{range .}}{{template "tree" .}}{{end}}</ul>{{end}}</li>{{end}}`},
		{"template with a function's value", `{{template "name" (item "made")}}{{template "name" (item "again")}}`, false,
			`{{define "name"}}<{{.Name}}{{.Upper}}>{{end}}`},
		{"template in another context", `<a title="{{template "t" .S}}">`, true, `{{define "t"}}{{.}}{{end}}`},
		{"comments and trimming", "{{/* comment */}}a  {{- .N -}}  b{{/* another */}}c", false, ""},
		{"len and index", `{{len .List}} {{len .S}} {{len .Map}} {{len .PList}} {{len .Map.k}} {{index .List 1}} {{index .Map "k"}} [{{index .Map "none"}}] {{index .Items 0 | printf "%v"}} {{index .Ints 10}} {{(index .Items 1).Name}}`, true, ""},
		{"len and index without chains", `{{len .List}} {{len .S}} {{len .Map}} {{len .PList}} {{len .Map.k}} {{index .List 1}} {{index .Map "k"}} [{{index .Map "none"}}] {{index .Items 0 | printf "%v"}} {{index .Ints 10}} {{with index .Items 1}}{{.Name}}{{.Join "+"}}{{end}}`, false, ""},
		{"index out of range", `{{index .List 5}}`, true, ""},
		{"len of a number", `{{len .N}}`, true, ""},
		{"len of nil", `{{len nil}}`, true, ""},
		{"print", `{{print .N .S}} {{printf "%03d|%q|%v" .N .S .B}} {{println .F "x"}} {{.List | printf "%v"}} {{print}} {{print nil}}`, false, ""},
		{"range over a map", `{{range $k, $v := .Map}}{{$k}}={{$v}};{{end}}{{range .Map}}[{{.}}]{{end}}{{range $k, $v := .Ints}}{{$k}}:{{$v}} {{end}}`, false, ""},
		{"range over a function's value", `{{range seq 3}}{{.}}{{end}}{{range $i, $e := seq 2}}{{$i}}{{end}}`, false, ""},
		{"unsupported builtin", `{{slice .S 1 3}}`, true, ""},
		{"numbers", `{{1.5}} {{1e3}} {{0x10}} {{'a'}} {{-2}} {{0x1p3}} {{'.'}} {{1_000}}`, false, ""},
		{"complex numbers", `{{0i}}`, true, ""},
		{"deep recursion", `{{template "down" 1100}}`, true,
			`{{define "down"}}{{if gt . 0}}{{template "down" (plural 1 (len (printf "%*s" . "")) 0)}}{{end}}{{end}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.defs + `{{define "base"}}` + tt.src + `{{end}}`
			tmpl, err := template.New("t").Funcs(execFuncs).Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			var want bytes.Buffer
			wantErr := tmpl.ExecuteTemplate(&want, "base", data)
			x := newExecutor(tmpl, execFuncs)
			var got bytes.Buffer
			ok := x != nil && x.execute(&got, data)
			if ok == tt.gaveUp {
				t.Fatalf("executor rendered the page: %v; want %v (html/template: %q, error %v; executor: %q)", ok, !tt.gaveUp, want.String(), wantErr, got.String())
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
			// Again, with what the first page compiled.
			got.Reset()
			if !x.execute(&got, data) || got.String() != want.String() {
				t.Errorf("executor, second page: %q\nhtml/template:         %q", got.String(), want.String())
			}
		})
	}
}

// TestExecutorEscaping compares the executor's escaping with
// html/template's, in each context pages print values in, for strings
// with every character the escapers replace, bytes that are not UTF-8,
// and long runs with and without special characters.
func TestExecutorEscaping(t *testing.T) {
	values := []any{
		"", "plain text", "\x00", "a\x00b", `"&'+<>`, "caf\xe9 \xff<\xfe>", "\u2028 \ufffd 日本",
		"javascript:alert(1)", "HTTP://x/?a=b&c=d#e", "/a%20b%zz/ü é", "mailto:a@b", "a b\tc\n",
		strings.Repeat("abcdefg ", 40), strings.Repeat("abcdefg'", 40), strings.Repeat("x", 7) + "<" + strings.Repeat("y", 9) + "&",
		template.HTML(`<b title="x">bold &amp; 'q'</b>` + "\x00"), template.URL("javascript:ok() <x>"), 42, nil,
	}
	src := `{{range .}}<p class="{{.}}">{{.}}</p><a href="{{.}}">x</a><a href="/q?v={{.}}">y</a><title>{{.}}</title><textarea>{{.}}</textarea>{{end}}`
	tmpl := template.Must(template.New("t").Funcs(funcs).Parse(`{{define "base"}}` + src + `{{end}}`))
	for _, v := range values {
		data := []any{v}
		var want bytes.Buffer
		if err := tmpl.ExecuteTemplate(&want, "base", data); err != nil {
			t.Fatal(err)
		}
		x := newExecutor(tmpl, funcs)
		var got bytes.Buffer
		_, isHTML := v.(template.HTML)
		if ok := x.execute(&got, data); ok == isHTML {
			t.Fatalf("%q: executor rendered the page: %v; want %v (HTML in an attribute is left to html/template)", v, ok, !isHTML)
		}
		if !isHTML && got.String() != want.String() {
			t.Errorf("%q:\nexecutor:      %q\nhtml/template: %q", v, got.String(), want.String())
		}
	}
	// HTML in text and in RCDATA, where html/template keeps or normalizes it.
	tmpl = template.Must(template.New("t").Parse(`{{define "base"}}{{range .}}<p>{{.}}</p><title>{{.}}</title><textarea>{{.}}</textarea>{{end}}{{end}}`))
	data := []any{template.HTML(`<b title="x">bold &amp; 'q' + "d"</b>` + "\x00"), template.HTML(strings.Repeat("<i>a</i>", 20))}
	var want, got bytes.Buffer
	if err := tmpl.ExecuteTemplate(&want, "base", data); err != nil {
		t.Fatal(err)
	}
	if !newExecutor(tmpl, nil).execute(&got, data) || got.String() != want.String() {
		t.Errorf("HTML content:\nexecutor:      %q\nhtml/template: %q", got.String(), want.String())
	}
}

// FuzzExecutorEscaping compares the executor's escaping of a string with
// html/template's, in each context pages print values in.
func FuzzExecutorEscaping(f *testing.F) {
	for _, s := range []string{"", "a\x00b", `"&'+<>`, "caf\xe9 \xff<", "javascript:x()", "/a%20b%zz/ü", strings.Repeat("abcdefg'", 3)} {
		f.Add(s)
	}
	src := `<p class="{{.}}">{{.}}</p><a href="{{.}}">x</a><a href="/q?v={{.}}">y</a><title>{{.}}</title><textarea>{{.}}</textarea>`
	tmpl := template.Must(template.New("t").Parse(`{{define "base"}}` + src + `{{end}}`))
	if err := tmpl.ExecuteTemplate(io.Discard, "base", ""); err != nil {
		f.Fatal(err)
	}
	x := newExecutor(tmpl, nil)
	f.Fuzz(func(t *testing.T, s string) {
		var want, got bytes.Buffer
		if err := tmpl.ExecuteTemplate(&want, "base", s); err != nil {
			t.Fatal(err)
		}
		if !x.execute(&got, s) || got.String() != want.String() {
			t.Errorf("%q:\nexecutor:      %q\nhtml/template: %q", s, got.String(), want.String())
		}
	})
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return "html/template: …" + a[lo:min(len(a), i+80)] + "\nexecutor:      …" + b[lo:min(len(b), i+80)]
}
