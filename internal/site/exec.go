package site

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"unicode/utf8"
)

// An executor runs a layout's templates faster than html/template does,
// with the same output.
//
// html/template makes a template safe by rewriting its parse trees: every
// action's pipeline ends with escaping functions (_html_template_htmlescaper
// and the like), chosen by where in the HTML the action is. text/template
// then executes the trees, looking every field and method up by name and
// calling every function, escapers included, through reflection, which is
// most of the cost of a page. The executor walks the same escaped trees with
// the same rules, but remembers how each field and method of each type is
// reached and calls the escapers directly.
//
// It covers what dossier's templates use: text, actions, if, with, range
// over slices and integers, variables, template calls, fields, methods, maps,
// the template's functions, the comparison and logic builtins, and the
// escapers of HTML text, attributes and URLs. A layout whose templates need
// anything else is not given an executor. And when a page meets anything
// the executor is not sure to do exactly as html/template (a nil pointer, a
// function's error, a value of an unexpected kind), it gives up on that page,
// which is then rendered by html/template: output, and error messages, are
// always html/template's.
type executor struct {
	trees   map[string]*parse.Tree // the layout's templates, escaped, by name
	funcs   map[string]reflect.Value
	names   map[string]*accesses // every field and method name the templates use
	actions map[*parse.ActionNode]action
}

// action is how an action that prints is run: its first commands make the
// value, the escapers html/template appended to it then apply in turn.
type action struct {
	value    []*parse.CommandNode
	escapers []func(string, contentType) string
	attr     bool // the first escaper is the attribute escaper
}

// newExecutor returns an executor for the html/template set t, whose
// templates must have been escaped (by executing "base" once), or nil when
// they use anything the executor does not cover.
func newExecutor(t *template.Template, funcs template.FuncMap) *executor {
	x := &executor{trees: map[string]*parse.Tree{}, funcs: map[string]reflect.Value{}, names: map[string]*accesses{},
		actions: map[*parse.ActionNode]action{}}
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
		x.planAction(n)
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
	case *parse.FieldNode:
		x.addNames(n.Ident)
		return true
	case *parse.VariableNode:
		x.addNames(n.Ident[1:])
		return true
	case *parse.DotNode, *parse.StringNode, *parse.BoolNode, *parse.NilNode:
		return true
	case *parse.NumberNode:
		return n.IsInt || n.IsFloat && strings.ContainsAny(n.Text, ".eE") && !strings.ContainsAny(n.Text, "xXpP'")
	}
	return false // chains, and whatever later versions of text/template add
}

func (x *executor) addNames(names []string) {
	for _, n := range names {
		if x.names[n] == nil {
			x.names[n] = &accesses{}
		}
	}
}

// execute renders the template "base" with data into w and reports whether
// it could; when it could not, w holds part of a page.
func (x *executor) execute(w *bytes.Buffer, data any) (ok bool) {
	defer func() {
		if r := recover(); r != nil {
			// Giving up, or a panic in a method or function of the
			// data: html/template renders the page again and reports
			// the error, if there is one, in its own words.
			ok = false
		}
	}()
	dot := reflect.ValueOf(data)
	s := &execState{x: x, w: w, vars: []variable{{"$", dot}}}
	s.walk(dot, x.trees["base"].Root)
	return true
}

// giveUp abandons the page for html/template to render.
type giveUp struct{}

func (s *execState) giveUp() { panic(giveUp{}) }

type variable struct {
	name  string
	value reflect.Value
}

type execState struct {
	x     *executor
	w     *bytes.Buffer
	vars  []variable
	stack []reflect.Value // arguments of the calls under way
	frame int             // index in vars of the current template's "$"
	depth int
}

// Control flow of range, as in text/template.
var (
	errWalkBreak    = errors.New("break")
	errWalkContinue = errors.New("continue")
)

func (s *execState) walk(dot reflect.Value, node parse.Node) {
	switch n := node.(type) {
	case *parse.ActionNode:
		if len(n.Pipe.Decl) == 0 {
			s.printAction(dot, n)
		} else {
			s.evalPipeline(dot, n.Pipe)
		}
	case *parse.BreakNode:
		panic(errWalkBreak)
	case *parse.ContinueNode:
		panic(errWalkContinue)
	case *parse.CommentNode:
	case *parse.IfNode:
		s.walkIfOrWith(false, dot, n.Pipe, n.List, n.ElseList)
	case *parse.ListNode:
		for _, c := range n.Nodes {
			s.walk(dot, c)
		}
	case *parse.RangeNode:
		s.walkRange(dot, n)
	case *parse.TemplateNode:
		s.walkTemplate(dot, n)
	case *parse.TextNode:
		s.w.Write(n.Text)
	case *parse.WithNode:
		s.walkIfOrWith(true, dot, n.Pipe, n.List, n.ElseList)
	default:
		s.giveUp()
	}
}

// planAction finds the escapers at the end of an action that prints, so
// that they are applied to the string itself, one after the other, rather
// than through reflect.Values: the same calls evalFunction would make,
// without boxing each result.
func (x *executor) planAction(n *parse.ActionNode) {
	if len(n.Pipe.Decl) > 0 {
		return
	}
	cmds := n.Pipe.Cmds
	k := len(cmds)
	for k > 1 && x.bareEscaper(cmds[k-1]) != nil {
		k--
	}
	a := action{value: cmds[:k]}
	for _, c := range cmds[k:] {
		a.escapers = append(a.escapers, x.bareEscaper(c))
	}
	a.attr = len(a.escapers) > 0 && cmds[k].Args[0].(*parse.IdentifierNode).Ident == "_html_template_attrescaper"
	x.actions[n] = a
}

// bareEscaper returns the escaper a command calls with no argument but the
// value piped in, or nil.
func (x *executor) bareEscaper(cmd *parse.CommandNode) func(string, contentType) string {
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

// printAction evaluates an action's pipeline and prints its value.
func (s *execState) printAction(dot reflect.Value, n *parse.ActionNode) {
	a, ok := s.x.actions[n]
	if !ok || len(a.escapers) == 0 {
		s.print(s.evalPipeline(dot, n.Pipe))
		return
	}
	var value reflect.Value
	for i, cmd := range a.value {
		value = s.evalCommand(dot, cmd, value, i > 0)
		if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
			value = value.Elem()
		}
	}
	var str string
	ct := contentTypePlain
	if value.IsValid() && value.Type() == stringType {
		str = value.String()
	} else {
		str, ct = stringify([]any{toAny(s.validateType(value, anyType))})
		if ct == contentTypeHTML && a.attr {
			s.giveUp() // would need html/template's stripTags
		}
	}
	for _, esc := range a.escapers {
		str, ct = esc(str, ct), contentTypePlain
	}
	s.w.WriteString(str)
}

// print writes an action's value, which in an escaped template is the
// string an escaper returned.
func (s *execState) print(v reflect.Value) {
	if !v.IsValid() || v.Type() != stringType {
		s.giveUp()
	}
	s.w.WriteString(v.String())
}

func (s *execState) walkIfOrWith(with bool, dot reflect.Value, pipe *parse.PipeNode, list, elseList *parse.ListNode) {
	mark := len(s.vars)
	val := s.evalPipeline(dot, pipe)
	truth, ok := isTrue(indirectInterface(val))
	if !ok {
		s.giveUp()
	}
	switch {
	case truth && with:
		s.walk(val, list)
	case truth:
		s.walk(dot, list)
	case elseList != nil:
		s.walk(dot, elseList)
	}
	s.vars = s.vars[:mark]
}

func (s *execState) walkRange(dot reflect.Value, r *parse.RangeNode) {
	outer := len(s.vars)
	val, isNil := indirect(s.evalPipeline(dot, r.Pipe))
	if isNil {
		s.giveUp()
	}
	mark := len(s.vars)
	n := 0
	var keys []reflect.Value // ranging over a map: its keys, sorted
	switch val.Kind() {
	case reflect.Array, reflect.Slice:
		n = val.Len()
	case reflect.Map:
		keys = sortedMapKeys(s, val)
		n = len(keys)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if len(r.Pipe.Decl) > 1 {
			s.giveUp()
		}
		n = int(max(val.Int(), 0))
	case reflect.Invalid:
	default:
		s.giveUp()
	}
	for i := range n {
		var elem, key reflect.Value
		switch val.Kind() {
		case reflect.Array, reflect.Slice:
			elem, key = val.Index(i), reflect.ValueOf(i)
		case reflect.Map:
			elem, key = val.MapIndex(keys[i]), keys[i]
		default:
			elem = reflect.ValueOf(i).Convert(val.Type())
		}
		if len(r.Pipe.Decl) > 0 {
			s.vars[len(s.vars)-1].value = elem
		}
		if len(r.Pipe.Decl) > 1 {
			s.vars[len(s.vars)-2].value = key
		}
		if s.rangeBody(elem, r.List, mark) {
			break
		}
	}
	if n == 0 && r.ElseList != nil {
		s.walk(dot, r.ElseList)
	}
	s.vars = s.vars[:outer]
}

// sortedMapKeys returns the keys of a map in the order text/template ranges
// over them, for keys that are strings or integers.
func sortedMapKeys(s *execState, m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	switch m.Type().Key().Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	default:
		s.giveUp()
	}
	return keys
}

// rangeBody runs one iteration and reports whether it ended with break.
func (s *execState) rangeBody(elem reflect.Value, list *parse.ListNode, mark int) (broke bool) {
	defer func() {
		s.vars = s.vars[:mark]
		if r := recover(); r != nil {
			switch r {
			case errWalkBreak:
				broke = true
			case errWalkContinue:
			default:
				panic(r)
			}
		}
	}()
	s.walk(elem, list)
	return false
}

func (s *execState) walkTemplate(dot reflect.Value, t *parse.TemplateNode) {
	tree := s.x.trees[t.Name]
	if tree == nil || s.depth > 1000 {
		s.giveUp()
	}
	dot = s.evalPipeline(dot, t.Pipe)
	// No dynamic scoping: the called template sees only its own "$".
	frame, mark := s.frame, len(s.vars)
	s.vars = append(s.vars, variable{"$", dot})
	s.frame = mark
	s.depth++
	s.walk(dot, tree.Root)
	s.depth--
	s.frame = frame
	s.vars = s.vars[:mark]
}

func (s *execState) varValue(name string) reflect.Value {
	for i := len(s.vars) - 1; i >= s.frame; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value
		}
	}
	s.giveUp()
	return reflect.Value{}
}

func (s *execState) setVar(name string, value reflect.Value) {
	for i := len(s.vars) - 1; i >= s.frame; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = value
			return
		}
	}
	s.giveUp()
}

func (s *execState) evalPipeline(dot reflect.Value, pipe *parse.PipeNode) reflect.Value {
	var value reflect.Value
	if pipe == nil {
		return value
	}
	hasFinal := false
	for _, cmd := range pipe.Cmds {
		value = s.evalCommand(dot, cmd, value, hasFinal)
		hasFinal = true
		// As text/template does: dig into an interface{} value.
		if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
			value = value.Elem()
		}
	}
	for _, v := range pipe.Decl {
		if pipe.IsAssign {
			s.setVar(v.Ident[0], value)
		} else {
			s.vars = append(s.vars, variable{v.Ident[0], value})
		}
	}
	return value
}

// evalCommand evaluates one command of a pipeline; final is the value of
// the command before it, passed as the last argument, when hasFinal.
func (s *execState) evalCommand(dot reflect.Value, cmd *parse.CommandNode, final reflect.Value, hasFinal bool) reflect.Value {
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return s.evalFieldChain(dot, dot, n.Ident, cmd.Args, final, hasFinal)
	case *parse.IdentifierNode:
		return s.evalFunction(dot, n.Ident, cmd.Args, final, hasFinal)
	case *parse.VariableNode:
		return s.evalVariable(dot, n, cmd.Args, final, hasFinal)
	}
	if len(cmd.Args) > 1 || hasFinal {
		s.giveUp() // arguments to something that is not a function
	}
	switch n := cmd.Args[0].(type) {
	case *parse.PipeNode:
		return s.evalPipeline(dot, n)
	case *parse.DotNode:
		return dot
	}
	return s.evalConstant(cmd.Args[0])
}

func idealConstant(s *execState, n *parse.NumberNode) reflect.Value {
	switch {
	case n.IsFloat && strings.ContainsAny(n.Text, ".eE") && !strings.ContainsAny(n.Text, "xXpP'"):
		return reflect.ValueOf(n.Float64)
	case n.IsInt && int64(int(n.Int64)) == n.Int64:
		return reflect.ValueOf(int(n.Int64))
	}
	s.giveUp()
	return reflect.Value{}
}

func (s *execState) evalVariable(dot reflect.Value, v *parse.VariableNode, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	value := s.varValue(v.Ident[0])
	if len(v.Ident) == 1 {
		if len(args) > 1 || hasFinal {
			s.giveUp()
		}
		return value
	}
	return s.evalFieldChain(dot, value, v.Ident[1:], args, final, hasFinal)
}

func (s *execState) evalFieldChain(dot, receiver reflect.Value, ident []string, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	n := len(ident)
	for i := range n - 1 {
		receiver = s.evalField(dot, ident[i], nil, reflect.Value{}, false, receiver)
	}
	return s.evalField(dot, ident[n-1], args, final, hasFinal, receiver)
}

// access says how a name is reached on a type: a method, a struct field or
// a map key.
type access struct {
	kind   accessKind
	method reflect.Value // the method's func, receiver first
	index  []int         // the field's index path
}

type accessKind int

const (
	noAccess accessKind = iota
	methodAccess
	fieldAccess
	mapAccess
)

// accesses remembers, for a name, how it is reached on each type it was
// evaluated on: looking names up is what text/template spends much of its
// time on. The list is replaced, never changed, so that goroutines read it
// without locking.
type accesses struct {
	list atomic.Pointer[[]typedAccess]
}

type typedAccess struct {
	typ reflect.Type // the receiver's type, a pointer if it is addressable
	access
}

// lookup returns how name is reached on values of ptrType, that is
// recvType or a pointer to it.
func (c *accesses) lookup(ptrType, recvType reflect.Type, name string) access {
	var list []typedAccess
	if p := c.list.Load(); p != nil {
		list = *p
		for i := range list {
			if list[i].typ == ptrType {
				return list[i].access
			}
		}
	}
	var a access
	if m, ok := ptrType.MethodByName(name); ok {
		a = access{kind: methodAccess, method: m.Func}
	} else {
		switch recvType.Kind() {
		case reflect.Struct:
			if f, ok := recvType.FieldByName(name); ok && f.IsExported() {
				a = access{kind: fieldAccess, index: f.Index}
			}
		case reflect.Map:
			if stringType.AssignableTo(recvType.Key()) {
				a = access{kind: mapAccess}
			}
		}
	}
	// Another goroutine may have added a type meanwhile; losing it costs
	// only a lookup.
	grown := append(list[:len(list):len(list)], typedAccess{ptrType, a})
	c.list.Store(&grown)
	return a
}

func (s *execState) evalField(dot reflect.Value, name string, args []parse.Node, final reflect.Value, hasFinal bool, receiver reflect.Value) reflect.Value {
	if !receiver.IsValid() {
		return reflect.Value{} // as text/template: missing keys are no value
	}
	receiver, isNil := indirect(receiver)
	if isNil {
		s.giveUp()
	}
	ptr := receiver
	if ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		ptr = ptr.Addr()
	}
	c := s.x.names[name]
	if c == nil {
		s.giveUp()
	}
	a := c.lookup(ptr.Type(), receiver.Type(), name)
	hasArgs := len(args) > 1 || hasFinal
	switch a.kind {
	case methodAccess:
		return s.evalCall(dot, a.method, ptr, args, final, hasFinal)
	case fieldAccess:
		if hasArgs {
			s.giveUp()
		}
		f, err := receiver.FieldByIndexErr(a.index)
		if err != nil {
			s.giveUp()
		}
		return f
	case mapAccess:
		if hasArgs {
			s.giveUp()
		}
		return receiver.MapIndex(reflect.ValueOf(name).Convert(receiver.Type().Key()))
	}
	s.giveUp()
	return reflect.Value{}
}

// evalCall calls fun, a method's func when recv is valid, with the
// command's arguments after the first and final, as text/template does.
func (s *execState) evalCall(dot, fun, recv reflect.Value, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	if args != nil {
		args = args[1:]
	}
	typ := fun.Type()
	first := 0 // the first parameter the template gives
	if recv.IsValid() {
		first = 1
	}
	params := typ.NumIn() - first
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = params - 1
		if numIn < numFixed {
			s.giveUp()
		}
	} else if numIn != params {
		s.giveUp()
	}
	if goodFunc(typ) != nil {
		s.giveUp()
	}
	// The arguments go on the state's stack, not in a new slice for each
	// call; evaluating one may call other functions, which push theirs
	// above and may move the stack, so they are stored by index.
	base := len(s.stack)
	s.stack = append(s.stack, make([]reflect.Value, first+numIn)...)
	defer func() { clear(s.stack[base:]); s.stack = s.stack[:base] }()
	if recv.IsValid() {
		s.stack[base] = recv
	}
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		v := s.evalArg(dot, typ.In(first+i), args[i])
		s.stack[base+first+i] = v
	}
	if typ.IsVariadic() {
		elem := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			v := s.evalArg(dot, elem, args[i])
			s.stack[base+first+i] = v
		}
	}
	if hasFinal {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(first + numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		s.stack[base+first+i] = s.validateType(final, t)
	}
	argv := s.stack[base : base+first+numIn]
	if c := callers[typ]; c != nil {
		if v, ok := c(fun, argv); ok {
			return v
		}
	}
	out := fun.Call(argv)
	if len(out) == 2 && !out[1].IsNil() {
		s.giveUp() // html/template reports the error
	}
	v := out[0]
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

func (s *execState) evalArg(dot reflect.Value, typ reflect.Type, n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.DotNode:
		return s.validateType(dot, typ)
	case *parse.NilNode:
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		s.giveUp()
	case *parse.FieldNode:
		return s.validateType(s.evalFieldChain(dot, dot, n.Ident, []parse.Node{n}, reflect.Value{}, false), typ)
	case *parse.VariableNode:
		return s.validateType(s.evalVariable(dot, n, nil, reflect.Value{}, false), typ)
	case *parse.PipeNode:
		return s.validateType(s.evalPipeline(dot, n), typ)
	case *parse.IdentifierNode:
		return s.validateType(s.evalFunction(dot, n.Ident, nil, reflect.Value{}, false), typ)
	}
	switch typ.Kind() {
	case reflect.Bool:
		if n, ok := n.(*parse.BoolNode); ok {
			v := reflect.New(typ).Elem()
			v.SetBool(n.True)
			return v
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n, ok := n.(*parse.NumberNode); ok && n.IsInt {
			v := reflect.New(typ).Elem()
			v.SetInt(n.Int64)
			if v.Int() == n.Int64 {
				return v
			}
		}
	case reflect.String:
		if n, ok := n.(*parse.StringNode); ok {
			v := reflect.New(typ).Elem()
			v.SetString(n.Text)
			return v
		}
	case reflect.Interface:
		if typ.NumMethod() == 0 {
			return s.evalConstant(n)
		}
	case reflect.Struct:
		if typ == reflectValueType {
			return reflect.ValueOf(s.evalConstant(n))
		}
	}
	s.giveUp()
	return reflect.Value{}
}

// evalConstant is text/template's evalEmptyInterface for the constants
// evalArg leaves to it.
func (s *execState) evalConstant(n parse.Node) reflect.Value {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.NumberNode:
		return idealConstant(s, n)
	case *parse.StringNode:
		return reflect.ValueOf(n.Text)
	}
	s.giveUp()
	return reflect.Value{}
}

func (s *execState) validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if !value.IsValid() {
		if typ == nil {
			return reflect.ValueOf(nil)
		}
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		s.giveUp()
	}
	if typ == reflectValueType && value.Type() != typ {
		return reflect.ValueOf(value)
	}
	if typ != nil && !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value
			}
		}
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				s.giveUp()
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			s.giveUp()
		}
	}
	return value
}

// evalFunction calls a function of the template set, a builtin or an
// escaper, in that order of precedence, as text/template finds them.
func (s *execState) evalFunction(dot reflect.Value, name string, args []parse.Node, final reflect.Value, hasFinal bool) reflect.Value {
	if fun, ok := s.x.funcs[name]; ok {
		return s.evalCall(dot, fun, reflect.Value{}, args, final, hasFinal)
	}
	if fun, ok := builtinFuncs[name]; ok {
		return s.evalCall(dot, fun, reflect.Value{}, args, final, hasFinal)
	}
	if args != nil {
		args = args[1:]
	}
	if esc := escapers[name]; esc != nil {
		// The usual case, one value piped in: no need to box it.
		if len(args) == 0 && hasFinal && final.IsValid() && final.Type() == stringType {
			return reflect.ValueOf(esc(final.String(), contentTypePlain))
		}
		var vals []any
		for _, a := range args {
			vals = append(vals, toAny(s.evalArg(dot, anyType, a)))
		}
		if hasFinal {
			vals = append(vals, toAny(s.validateType(final, anyType)))
		}
		str, ct := stringify(vals)
		if ct == contentTypeHTML && name == "_html_template_attrescaper" {
			s.giveUp() // would need html/template's stripTags
		}
		return reflect.ValueOf(esc(str, ct))
	}
	// Builtins take their arguments as reflect.Values.
	var vals []reflect.Value
	arg := func(n parse.Node) reflect.Value {
		return s.evalArg(dot, reflectValueType, n).Interface().(reflect.Value)
	}
	switch name {
	case "and", "or":
		var v reflect.Value
		for _, a := range args {
			v = arg(a)
			if truth(v) == (name == "or") {
				return v
			}
		}
		if hasFinal {
			v = s.validateType(final, reflectValueType).Interface().(reflect.Value)
		}
		if len(args) == 0 && !hasFinal {
			s.giveUp()
		}
		return v
	}
	for _, a := range args {
		vals = append(vals, arg(a))
	}
	if hasFinal {
		vals = append(vals, s.validateType(final, reflectValueType).Interface().(reflect.Value))
	}
	var (
		result bool
		err    error
	)
	switch name {
	case "not":
		if len(vals) != 1 {
			s.giveUp()
		}
		result = !truth(vals[0])
	case "eq":
		if len(vals) < 1 {
			s.giveUp()
		}
		result, err = eq(vals[0], vals[1:]...)
	case "ne", "lt", "le", "gt", "ge":
		if len(vals) != 2 {
			s.giveUp()
		}
		result, err = compare(name, vals[0], vals[1])
	default:
		s.giveUp()
	}
	if err != nil {
		s.giveUp()
	}
	return reflect.ValueOf(result)
}

// builtins are the functions of text/template the executor implements:
// these in evalFunction, and those of builtinFuncs, which are called as
// text/template calls them.
var builtins = map[string]bool{"and": true, "or": true, "not": true, "eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"print": true, "printf": true, "println": true, "len": true, "index": true}

var builtinFuncs = map[string]reflect.Value{
	"print":   reflect.ValueOf(fmt.Sprint),
	"printf":  reflect.ValueOf(fmt.Sprintf),
	"println": reflect.ValueOf(fmt.Sprintln),
	"len":     reflect.ValueOf(length),
	"index":   reflect.ValueOf(index),
}

// length is text/template's len.
func length(item reflect.Value) (int, error) {
	item, isNil := indirect(item)
	if isNil {
		return 0, errNotBasic
	}
	switch item.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return item.Len(), nil
	}
	return 0, errNotBasic
}

// index is text/template's index for slices, arrays and strings indexed
// by integers and maps with keys of the index's type; anything else, and
// an index out of range, is left to text/template.
func index(item reflect.Value, indexes ...reflect.Value) (reflect.Value, error) {
	item = indirectInterface(item)
	if !item.IsValid() {
		return reflect.Value{}, errNotBasic
	}
	for _, i := range indexes {
		i = indirectInterface(i)
		var isNil bool
		if item, isNil = indirect(item); isNil || !i.IsValid() {
			return reflect.Value{}, errNotBasic
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
			if basicKind(i) != intKind || i.Int() < 0 || i.Int() >= int64(item.Len()) {
				return reflect.Value{}, errNotBasic
			}
			item = item.Index(int(i.Int()))
		case reflect.Map:
			if !i.Type().AssignableTo(item.Type().Key()) {
				return reflect.Value{}, errNotBasic
			}
			if x := item.MapIndex(i); x.IsValid() {
				item = x
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		default:
			return reflect.Value{}, errNotBasic
		}
	}
	return item, nil
}

func toAny(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	return v.Interface()
}

var (
	stringType       = reflect.TypeFor[string]()
	anyType          = reflect.TypeFor[any]()
	reflectValueType = reflect.TypeFor[reflect.Value]()
	errorType        = reflect.TypeFor[error]()
	stringerType     = reflect.TypeFor[fmt.Stringer]()
)

func goodFunc(typ reflect.Type) error {
	switch {
	case typ.NumOut() == 1:
		return nil
	case typ.NumOut() == 2 && typ.Out(1) == errorType:
		return nil
	}
	return fmt.Errorf("function has %d results", typ.NumOut())
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}

func indirect(v reflect.Value) (reflect.Value, bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true
	default:
		return false, false
	}
	return truth, true
}

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

// Comparisons, as text/template's eq, lt and the others, for basic kinds;
// anything else is left to text/template.

type basic int

const (
	invalidKind basic = iota
	boolKind
	intKind
	uintKind
	floatKind
	stringKind
)

func basicKind(v reflect.Value) basic {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.Float32, reflect.Float64:
		return floatKind
	case reflect.String:
		return stringKind
	}
	return invalidKind
}

var errNotBasic = errors.New("not a basic comparison")

func eq(a reflect.Value, bs ...reflect.Value) (bool, error) {
	a = indirectInterface(a)
	if len(bs) == 0 {
		return false, errNotBasic
	}
	ka := basicKind(a)
	for _, b := range bs {
		b = indirectInterface(b)
		kb := basicKind(b)
		t := false
		switch {
		case ka == invalidKind || kb == invalidKind:
			return false, errNotBasic
		case ka == intKind && kb == uintKind:
			t = a.Int() >= 0 && uint64(a.Int()) == b.Uint()
		case ka == uintKind && kb == intKind:
			t = b.Int() >= 0 && a.Uint() == uint64(b.Int())
		case ka != kb:
			return false, errNotBasic
		case ka == boolKind:
			t = a.Bool() == b.Bool()
		case ka == floatKind:
			t = a.Float() == b.Float()
		case ka == intKind:
			t = a.Int() == b.Int()
		case ka == stringKind:
			t = a.String() == b.String()
		case ka == uintKind:
			t = a.Uint() == b.Uint()
		}
		if t {
			return true, nil
		}
	}
	return false, nil
}

func lt(a, b reflect.Value) (bool, error) {
	a, b = indirectInterface(a), indirectInterface(b)
	ka, kb := basicKind(a), basicKind(b)
	switch {
	case ka == invalidKind || kb == invalidKind || ka == boolKind || kb == boolKind:
		return false, errNotBasic
	case ka == intKind && kb == uintKind:
		return a.Int() < 0 || uint64(a.Int()) < b.Uint(), nil
	case ka == uintKind && kb == intKind:
		return b.Int() >= 0 && a.Uint() < uint64(b.Int()), nil
	case ka != kb:
		return false, errNotBasic
	case ka == floatKind:
		return a.Float() < b.Float(), nil
	case ka == intKind:
		return a.Int() < b.Int(), nil
	case ka == stringKind:
		return a.String() < b.String(), nil
	}
	return a.Uint() < b.Uint(), nil
}

func compare(op string, a, b reflect.Value) (bool, error) {
	switch op {
	case "ne":
		e, err := eq(a, b)
		return !e, err
	case "lt":
		return lt(a, b)
	case "ge":
		l, err := lt(a, b)
		return !l, err
	}
	// le and gt
	l, err := lt(a, b)
	if err == nil && !l {
		l, err = eq(a, b)
	}
	if op == "gt" {
		return !l, err
	}
	return l, err
}

// The escapers, as html/template's of the same names: each takes the value
// as a string and the kind of content it is.

type contentType int

const (
	contentTypePlain contentType = iota
	contentTypeHTML
	contentTypeOther // CSS, JS, URL, attributes, srcset: the escapers here treat them as text
	contentTypeURL
	contentTypeJS
)

var escapers = map[string]func(string, contentType) string{
	"_html_template_htmlescaper": func(s string, t contentType) string {
		if t == contentTypeHTML {
			return s
		}
		return htmlReplacer(s, htmlReplacementTable)
	},
	"_html_template_attrescaper": func(s string, t contentType) string {
		// HTML content was given up on by the caller.
		return htmlReplacer(s, htmlReplacementTable)
	},
	"_html_template_rcdataescaper": func(s string, t contentType) string {
		if t == contentTypeHTML {
			return htmlReplacer(s, htmlNormReplacementTable)
		}
		return htmlReplacer(s, htmlReplacementTable)
	},
	"_html_template_urlfilter": func(s string, t contentType) string {
		if t == contentTypeURL || isSafeURL(s) {
			return s
		}
		return "#ZgotmplZ"
	},
	// Pages print JavaScript only as a template.JS (their JSON-LD), which
	// html/template's jsValEscaper prints as it is; any other value it
	// marshals as JSON, which is left to html/template.
	"_html_template_jsvalescaper": func(s string, t contentType) string {
		if t != contentTypeJS {
			panic(giveUp{})
		}
		return s
	},
	"_html_template_urlnormalizer": func(s string, t contentType) string { return urlProcessor(s, true) },
	"_html_template_urlescaper": func(s string, t contentType) string {
		return urlProcessor(s, t == contentTypeURL)
	},
}

func stringify(args []any) (string, contentType) {
	if len(args) == 1 {
		switch s := indirectAny(args[0]).(type) {
		case string:
			return s, contentTypePlain
		case template.HTML:
			return string(s), contentTypeHTML
		case template.URL:
			return string(s), contentTypeURL
		case template.JS:
			return string(s), contentTypeJS
		case template.CSS, template.HTMLAttr, template.JSStr, template.Srcset:
			return fmt.Sprint(s), contentTypeOther
		}
	}
	i := 0
	for _, a := range args {
		if a == nil {
			continue
		}
		args[i] = indirectToStringerOrError(a)
		i++
	}
	if i == 1 {
		// What fmt.Sprint does with one value, without its reflection,
		// for the values pages print most: dates and numbers.
		switch v := args[0].(type) {
		case fmt.Formatter:
		case error:
		case fmt.Stringer:
			if rv := reflect.ValueOf(v); rv.Kind() != reflect.Pointer || !rv.IsNil() {
				return v.String(), contentTypePlain
			}
		case int:
			return strconv.Itoa(v), contentTypePlain
		}
	}
	return fmt.Sprint(args[:i]...), contentTypePlain
}

func indirectAny(a any) any {
	if a == nil {
		return nil
	}
	if t := reflect.TypeOf(a); t.Kind() != reflect.Pointer {
		return a
	}
	v := reflect.ValueOf(a)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

func indirectToStringerOrError(a any) any {
	if a == nil {
		return nil
	}
	v := reflect.ValueOf(a)
	for !v.Type().Implements(stringerType) && !v.Type().Implements(errorType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

// htmlSpecial holds the characters both replacement tables replace or
// might: NUL, quotes, &, + and angle brackets.
const htmlSpecial = "\x00\"&'+<>"

var htmlReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

var htmlNormReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlReplacer is html/template's, with badRunes true, as all the escapers
// here call it.
func htmlReplacer(s string, table []string) string {
	// Most strings have none of the characters replaced, which are
	// ASCII: ContainsAny looks for them byte by byte, decoding no rune.
	if !strings.ContainsAny(s, htmlSpecial) {
		return s
	}
	written := 0
	var b strings.Builder
	for i, w := 0, 0; i < len(s); i += w {
		var r rune
		r, w = utf8.DecodeRuneInString(s[i:])
		if int(r) < len(table) {
			if repl := table[r]; len(repl) != 0 {
				if written == 0 {
					b.Grow(len(s))
				}
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + w
			}
		}
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

func urlProcessor(s string, norm bool) string {
	if norm && !strings.ContainsFunc(s, func(r rune) bool { return r >= utf8.RuneSelf || urlNeedsEscape[r] }) {
		return s
	}
	var b strings.Builder
	if processURLOnto(s, norm, &b) {
		return b.String()
	}
	return s
}

func processURLOnto(s string, norm bool, b *strings.Builder) bool {
	b.Grow(len(s) + 16)
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(b, "%%%02x", c)
		written = i + 1
	}
	b.WriteString(s[written:])
	return written != 0
}

// urlNeedsEscape marks the ASCII characters processURLOnto escapes when it
// normalizes: all but letters, digits, the reserved and unreserved
// characters of RFC 3986, and % (which it keeps only before two hex digits,
// so a string with % goes the long way).
var urlNeedsEscape = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = true
	}
	for _, c := range []byte("!#$&*+,/:;=?@[]-._~abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") {
		t[c] = false
	}
	return t
}()

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
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
