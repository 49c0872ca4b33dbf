package site

import (
	"bytes"
	"html/template"
	"testing"
)

// TestParamsNilOrEmpty checks that a template reading front-matter
// parameters renders alike whether the map is nil, as content gives it
// when a file has no unknown keys, or empty: with html/template and with
// the executor.
func TestParamsNilOrEmpty(t *testing.T) {
	type page struct{ Params map[string]any }
	src := `{{define "base"}}[{{.Params}}] [{{.Params.mood}}] {{len .Params}} {{index .Params "mood"}} ` +
		`{{if .Params}}some{{else}}none{{end}} {{with .Params}}some{{else}}none{{end}} ` +
		`{{range $k, $v := .Params}}{{$k}}={{$v}}{{else}}no keys{{end}} {{with .Params.mood}}{{.}}{{else}}no mood{{end}}{{end}}`
	tmpl := template.Must(template.New("t").Funcs(execFuncs).Parse(src))
	var want bytes.Buffer
	if err := tmpl.ExecuteTemplate(&want, "base", page{Params: map[string]any{}}); err != nil {
		t.Fatal(err)
	}
	for _, data := range []page{{Params: nil}, {Params: map[string]any{}}} {
		var got bytes.Buffer
		if err := tmpl.ExecuteTemplate(&got, "base", data); err != nil || got.String() != want.String() {
			t.Errorf("html/template, Params %#v: %q, %v; want %q", data.Params, got.String(), err, want.String())
		}
		got.Reset()
		x := newExecutor(tmpl, execFuncs)
		if x == nil || !x.execute(&got, data) || got.String() != want.String() {
			t.Errorf("executor, Params %#v: %q; want %q", data.Params, got.String(), want.String())
		}
	}
}
