package site

import (
	"bytes"
	"html/template"
	"reflect"
	"sync"
	"sync/atomic"
	"text/template/parse"
)

// An executor runs a layout's templates faster than html/template does,
// with the same output.
//
// html/template makes a template safe by rewriting its parse trees: every
// action's pipeline ends with escaping functions (_html_template_htmlescaper
// and the like), chosen by where in the HTML the action is. text/template
// then executes the trees, looking every field and method up by name and
// calling every function, escapers included, through reflection, which is
// most of the cost of a page. The executor compiles the same escaped trees,
// with the same rules, into closures (exec_compile.go): each template once
// for each type of dot it is executed with, so that how each field and
// method is reached is resolved once, from the types, rather than on every
// page. Values whose type is known only at run time (an interface's content,
// a map's element) are looked up when met, and what was found is kept for
// the next value of the same type. Variables live in numbered slots, text
// is written as it is, the escapers are applied to strings directly, and
// the methods and functions of the signatures in exec_calls.go are called
// without reflection.
//
// It covers what dossier's templates use: text, actions, if, with, range
// over slices, maps and integers, break and continue, variables, template
// calls, fields, methods, maps, the template's functions, the comparison
// and logic builtins, len, index, print, and the escapers of HTML text,
// attributes and URLs. A layout whose templates need anything else is not
// given an executor. And when a page meets anything the executor is not
// sure to do exactly as html/template (a nil pointer, a function's error,
// a value of an unexpected kind), it gives up on that page, which is then
// rendered by html/template: output, and error messages, are always
// html/template's.
type executor struct {
	trees map[string]*parse.Tree // the layout's templates, escaped, by name
	funcs map[string]reflect.Value

	roots typeCache[*compiled] // "base", by the type of the page's data

	mu       sync.Mutex // held while compiling
	compiled map[compiledKey]*compiled
}

type compiledKey struct {
	name string
	dot  reflect.Type
}

// compiled is a template compiled for one type of dot.
type compiled struct {
	body  stmt
	nvars int // its variables' slots, "$" included
}

// newExecutor returns an executor for the html/template set t, whose
// templates must have been escaped (by executing "base" once), or nil when
// they use anything the executor does not cover.
func newExecutor(t *template.Template, funcs template.FuncMap) *executor {
	x := &executor{trees: map[string]*parse.Tree{}, funcs: map[string]reflect.Value{}, compiled: map[compiledKey]*compiled{}}
	for name, f := range funcs {
		v := reflect.ValueOf(f)
		if v.Kind() != reflect.Func || goodFunc(v.Type()) != nil {
			return nil
		}
		x.funcs[name] = v
	}
	if !x.add(t, "base") {
		return nil
	}
	return x
}

// add checks the template name and those it calls, and keeps their trees.
func (x *executor) add(t *template.Template, name string) bool {
	if _, ok := x.trees[name]; ok {
		return true
	}
	tt := t.Lookup(name)
	if tt == nil || tt.Tree == nil || tt.Tree.Root == nil {
		// Unknown, or derived by the escaper for another context: only
		// text/template knows those.
		return false
	}
	x.trees[name] = tt.Tree
	var calls []string
	ok := x.check(tt.Tree.Root, &calls)
	for _, c := range calls {
		ok = ok && x.add(t, c)
	}
	return ok
}

// check reports whether the executor covers every node under n, and lists
// the templates n calls.
func (x *executor) check(n parse.Node, calls *[]string) bool {
	switch n := n.(type) {
	case nil:
		return true
	case *parse.ListNode:
		if n == nil {
			return true
		}
		for _, c := range n.Nodes {
			if !x.check(c, calls) {
				return false
			}
		}
		return true
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		return true
	case *parse.ActionNode:
		return x.check(n.Pipe, calls)
	case *parse.IfNode:
		return x.check(n.Pipe, calls) && x.check(n.List, calls) && x.check(n.ElseList, calls)
	case *parse.WithNode:
		return x.check(n.Pipe, calls) && x.check(n.List, calls) && x.check(n.ElseList, calls)
	case *parse.RangeNode:
		return !n.Pipe.IsAssign && x.check(n.Pipe, calls) && x.check(n.List, calls) && x.check(n.ElseList, calls)
	case *parse.TemplateNode:
		*calls = append(*calls, n.Name)
		return x.check(n.Pipe, calls)
	case *parse.PipeNode:
		if n == nil {
			return true
		}
		for _, c := range n.Cmds {
			for _, a := range c.Args {
				if !x.check(a, calls) {
					return false
				}
			}
		}
		return true
	case *parse.IdentifierNode:
		if _, ok := x.funcs[n.Ident]; ok {
			return true
		}
		return escapers[n.Ident] != nil || builtins[n.Ident]
	case *parse.FieldNode, *parse.VariableNode, *parse.DotNode, *parse.StringNode, *parse.BoolNode, *parse.NilNode:
		return true
	case *parse.NumberNode:
		return !n.IsComplex && (n.IsInt || n.IsFloat)
	}
	return false // chains, and whatever later versions of text/template add
}

// bareEscaper returns the escaper a command calls with no argument but the
// value piped in, or nil.
func (x *executor) bareEscaper(cmd *parse.CommandNode) *escaper {
	if len(cmd.Args) != 1 {
		return nil
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil
	}
	if _, ok := x.funcs[id.Ident]; ok {
		return nil // the template's own function of that name
	}
	return escapers[id.Ident]
}

// execute renders the template "base" with data into w and reports whether
// it could; when it could not, w holds part of a page.
func (x *executor) execute(w *bytes.Buffer, data any) (ok bool) {
	s := statePool.Get().(*state)
	s.w = w
	defer func() {
		if r := recover(); r != nil {
			// Giving up, or a panic in a method or function of the
			// data: html/template renders the page again and reports
			// the error, if there is one, in its own words.
			ok = false
		}
		s.reset()
		statePool.Put(s)
	}()
	dot := reflect.ValueOf(data)
	s.run(x.root(dot), dot)
	return true
}

// root returns "base" compiled for data of dot's type.
func (x *executor) root(dot reflect.Value) *compiled {
	var typ reflect.Type
	if dot.IsValid() {
		typ = dot.Type()
	}
	if t, ok := x.roots.get(typ); ok {
		return t
	}
	t := x.compile("base", typ)
	x.roots.put(typ, t)
	return t
}

// compile returns the template name compiled for dots of type dot.
func (x *executor) compile(name string, dot reflect.Type) *compiled {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.template(name, dot)
}

// template returns the template name compiled for dots of type dot (nil:
// of types known only at run time), compiling it if needed; x.mu must be
// held. A template being compiled is returned as it is, to the templates
// it calls: its body is there before anything runs it.
func (x *executor) template(name string, dot reflect.Type) *compiled {
	key := compiledKey{name, dot}
	if t := x.compiled[key]; t != nil {
		return t
	}
	t := &compiled{nvars: 1}
	x.compiled[key] = t
	tree := x.trees[name]
	if tree == nil {
		t.body = failStmt
		return t
	}
	c := &compiler{x: x, assigned: map[string]bool{}}
	assignedVars(tree.Root, c.assigned)
	c.declare("$", dot)
	t.body = c.list(tree.Root, dot)
	t.nvars = c.nslots
	return t
}

// maxDepth bounds the nesting of template calls, as text/template does,
// though lower: deeper, the executor leaves the page to text/template.
const maxDepth = 1000

// state is the state of one page's execution.
type state struct {
	w     *bytes.Buffer
	vars  []reflect.Value // the variables of the templates under way, one frame each
	frame int             // index in vars of the current template's "$"
	stack []reflect.Value // arguments of the calls under way
	depth int
}

var statePool = sync.Pool{New: func() any { return new(state) }}

func (s *state) reset() {
	clear(s.vars[:cap(s.vars)])
	clear(s.stack[:cap(s.stack)])
	*s = state{vars: s.vars[:0], stack: s.stack[:0]}
}

// run executes t with dot in a frame of its own: no dynamic scoping, the
// called template sees only its own "$".
func (s *state) run(t *compiled, dot reflect.Value) {
	if s.depth >= maxDepth {
		fail()
	}
	frame, base := s.frame, len(s.vars)
	s.vars = append(s.vars, dot)
	for range t.nvars - 1 {
		s.vars = append(s.vars, reflect.Value{})
	}
	s.frame = base
	s.depth++
	t.body(s, dot)
	s.depth--
	clear(s.vars[base:])
	s.vars = s.vars[:base]
	s.frame = frame
}

// A typeCache keeps what was compiled for each type a value was met with,
// where types are known only at run time. Its list is replaced, never
// changed, so that goroutines read it without locking.
type typeCache[T any] struct {
	list atomic.Pointer[[]typeEntry[T]]
}

type typeEntry[T any] struct {
	typ reflect.Type
	v   T
}

func (c *typeCache[T]) get(typ reflect.Type) (T, bool) {
	if p := c.list.Load(); p != nil {
		for _, e := range *p {
			if e.typ == typ {
				return e.v, true
			}
		}
	}
	var zero T
	return zero, false
}

func (c *typeCache[T]) put(typ reflect.Type, v T) {
	for {
		old := c.list.Load()
		var list []typeEntry[T]
		if old != nil {
			list = *old
		}
		grown := append(list[:len(list):len(list)], typeEntry[T]{typ, v})
		if c.list.CompareAndSwap(old, &grown) {
			return
		}
	}
}

// fastLayout holds a layout's executor, made once html/template has
// escaped the layout's templates by rendering a first page with them.
type fastLayout struct {
	once   sync.Once
	x      atomic.Pointer[executor]
	gaveUp atomic.Int64 // pages the executor gave up on, for tests
}

func (f *fastLayout) executor() *executor {
	if f == nil {
		return nil
	}
	return f.x.Load()
}

func (f *fastLayout) prepare(t *template.Template) {
	if f == nil {
		return
	}
	f.once.Do(func() { f.x.Store(newExecutor(t, funcs)) })
}
