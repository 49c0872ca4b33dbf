package site

import (
	"reflect"
	"slices"
	"strconv"
	"text/template/parse"
)

// The executor's compiler: a template's parse tree, for one type of dot,
// into closures that do what text/template's walk of the tree would do.
//
// Types flow through the tree as far as they are known: the type of dot,
// of each variable, of each field and of each method's result. Where a
// type is known, a field's index and a method's function are resolved
// once, here; where it is not (an interface's content, a map's element,
// a variable assigned to), the value's type is looked up when it is met,
// and what was found is kept for the next value of the same type.
//
// Anything text/template would fail on compiles to a closure that gives
// up when run, and only then: a template may hold an action that would
// fail on pages that never reach it.

// ctrl says how a statement ended: normally, or with break or continue,
// which the innermost range takes.
type ctrl int

const (
	normal ctrl = iota
	breakLoop
	continueLoop
)

// A stmt executes a node of a template with dot.
type stmt func(s *state, dot reflect.Value) ctrl

func nop(*state, reflect.Value) ctrl { return normal }

func failStmt(*state, reflect.Value) ctrl {
	fail()
	return normal
}

// evalFunc computes an expression's value with dot; final is the value
// piped in by the previous command of the pipeline, if any. strFunc
// computes the value of an expression of a string kind as a string.
type (
	evalFunc = func(s *state, dot, final reflect.Value) reflect.Value
	strFunc  = func(s *state, dot, final reflect.Value) string
)

var noValue reflect.Value

// An expr is a compiled expression. typ is the type of every value it
// computes, or nil when that is known only at run time (then the value
// may also be invalid, as a missing map key's is). When typ is of a string
// kind, str computes the value without boxing it in a reflect.Value.
type expr struct {
	typ   reflect.Type
	val   evalFunc
	str   strFunc
	isDot bool // the expression is dot itself
}

func newExpr(typ reflect.Type, val evalFunc, str strFunc) expr {
	if str == nil && typ != nil && typ.Kind() == reflect.String {
		str = func(s *state, dot, final reflect.Value) string { return val(s, dot, final).String() }
	}
	return expr{typ: typ, val: val, str: str}
}

func failExpr() expr {
	return expr{val: func(*state, reflect.Value, reflect.Value) reflect.Value {
		fail()
		return noValue
	}}
}

func dotExpr(typ reflect.Type) expr {
	e := newExpr(typ, func(_ *state, dot, _ reflect.Value) reflect.Value { return dot }, nil)
	e.isDot = true
	return e
}

func constExpr(v reflect.Value) expr {
	e := newExpr(v.Type(), func(*state, reflect.Value, reflect.Value) reflect.Value { return v }, nil)
	if v.Kind() == reflect.String {
		str := v.String()
		e.str = func(*state, reflect.Value, reflect.Value) string { return str }
	}
	return e
}

// compiler compiles one template for one type of dot.
type compiler struct {
	x        *executor
	vars     []variable // in scope, innermost last
	nslots   int
	assigned map[string]bool // the names of variables the template assigns to
}

// A variable is a template variable in scope: its slot in the template's
// frame, and the type of its values, nil when known only at run time.
type variable struct {
	name string
	slot int
	typ  reflect.Type
}

// declare adds a variable to the scope, in a new slot. A variable the
// template assigns to may hold values of any type.
func (c *compiler) declare(name string, typ reflect.Type) int {
	if c.assigned[name] {
		typ = nil
	}
	slot := c.nslots
	c.nslots++
	c.vars = append(c.vars, variable{name, slot, typ})
	return slot
}

func (c *compiler) lookup(name string) (variable, bool) {
	for i := len(c.vars) - 1; i >= 0; i-- {
		if c.vars[i].name == name {
			return c.vars[i], true
		}
	}
	return variable{}, false
}

// assignedVars adds to set the names of the variables assigned to under n
// ({{$x = …}}).
func assignedVars(n parse.Node, set map[string]bool) {
	var pipe func(p *parse.PipeNode)
	pipe = func(p *parse.PipeNode) {
		if p == nil {
			return
		}
		if p.IsAssign {
			for _, v := range p.Decl {
				set[v.Ident[0]] = true
			}
		}
		for _, cmd := range p.Cmds {
			for _, a := range cmd.Args {
				if p, ok := a.(*parse.PipeNode); ok {
					pipe(p)
				}
			}
		}
	}
	switch n := n.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				assignedVars(c, set)
			}
		}
	case *parse.ActionNode:
		pipe(n.Pipe)
	case *parse.IfNode:
		pipe(n.Pipe)
		assignedVars(n.List, set)
		assignedVars(n.ElseList, set)
	case *parse.WithNode:
		pipe(n.Pipe)
		assignedVars(n.List, set)
		assignedVars(n.ElseList, set)
	case *parse.RangeNode:
		pipe(n.Pipe)
		assignedVars(n.List, set)
		assignedVars(n.ElseList, set)
	case *parse.TemplateNode:
		pipe(n.Pipe)
	}
}

// list compiles the nodes of l in turn, adjacent text as one.
func (c *compiler) list(l *parse.ListNode, dot reflect.Type) stmt {
	if l == nil {
		return nop
	}
	var stmts []stmt
	var text []byte
	flush := func() {
		if len(text) > 0 {
			t := text
			stmts = append(stmts, func(s *state, _ reflect.Value) ctrl {
				s.w.Write(t)
				return normal
			})
			text = nil
		}
	}
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			text = append(text, n.Text...)
			continue
		case *parse.CommentNode:
			continue
		}
		flush()
		stmts = append(stmts, c.node(n, dot))
	}
	flush()
	switch len(stmts) {
	case 0:
		return nop
	case 1:
		return stmts[0]
	}
	return func(s *state, dot reflect.Value) ctrl {
		for _, st := range stmts {
			if r := st(s, dot); r != normal {
				return r
			}
		}
		return normal
	}
}

func (c *compiler) node(n parse.Node, dot reflect.Type) stmt {
	switch n := n.(type) {
	case *parse.ActionNode:
		return c.action(n, dot)
	case *parse.IfNode:
		return c.ifOrWith(false, n.Pipe, n.List, n.ElseList, dot)
	case *parse.WithNode:
		return c.ifOrWith(true, n.Pipe, n.List, n.ElseList, dot)
	case *parse.RangeNode:
		return c.rangeLoop(n, dot)
	case *parse.TemplateNode:
		return c.templateCall(n, dot)
	case *parse.BreakNode:
		return func(*state, reflect.Value) ctrl { return breakLoop }
	case *parse.ContinueNode:
		return func(*state, reflect.Value) ctrl { return continueLoop }
	case *parse.ListNode:
		return c.list(n, dot)
	case *parse.TextNode, *parse.CommentNode:
		return c.list(&parse.ListNode{Nodes: []parse.Node{n}}, dot)
	}
	return failStmt
}

// action compiles an action: a declaration, or a value printed through the
// escapers html/template appended to its pipeline, which are applied to
// the string itself, one after the other, the last writing to the page.
func (c *compiler) action(n *parse.ActionNode, dot reflect.Type) stmt {
	if len(n.Pipe.Decl) > 0 {
		val := c.pipeline(n.Pipe, dot).val
		return func(s *state, dot reflect.Value) ctrl {
			val(s, dot, noValue)
			return normal
		}
	}
	cmds := n.Pipe.Cmds
	k := len(cmds)
	for k > 1 && c.x.bareEscaper(cmds[k-1]) != nil {
		k--
	}
	value := c.commands(cmds[:k], dot)
	if k == len(cmds) {
		// Not escaped: in an escaped template, that prints the string
		// a function made.
		val := value.val
		return func(s *state, dot reflect.Value) ctrl {
			v := val(s, dot, noValue)
			if !v.IsValid() || v.Type() != stringType {
				fail()
			}
			s.w.WriteString(v.String())
			return normal
		}
	}
	var escs []*escaper
	for _, cmd := range cmds[k:] {
		escs = append(escs, c.x.bareEscaper(cmd))
	}
	attr := cmds[k].Args[0].(*parse.IdentifierNode).Ident == "_html_template_attrescaper"
	printed := c.x.printed(value, attr)
	last := escs[len(escs)-1]
	if len(escs) == 1 && last.write != nil {
		write := last.write
		return func(s *state, dot reflect.Value) ctrl {
			str, ct := printed(s, dot)
			write(s.w, str, ct)
			return normal
		}
	}
	before := escs[:len(escs)-1]
	return func(s *state, dot reflect.Value) ctrl {
		str, ct := printed(s, dot)
		for _, e := range before {
			str, ct = e.fn(str, ct), contentTypePlain
		}
		if last.write != nil {
			last.write(s.w, str, ct)
		} else {
			s.w.WriteString(last.fn(str, ct))
		}
		return normal
	}
}

// printed compiles what an escaper makes of e's value, as html/template's
// stringify does: its string and the kind of content it is. attr says
// the escaper is the attribute escaper, which would need html/template's
// stripTags for HTML content.
func (x *executor) printed(e expr, attr bool) func(*state, reflect.Value) (string, contentType) {
	if ct, ok := contentTypeOf(e.typ); ok {
		if ct == contentTypeHTML && attr {
			return func(*state, reflect.Value) (string, contentType) {
				fail()
				return "", 0
			}
		}
		str := newExpr(e.typ, e.val, e.str).str
		return func(s *state, dot reflect.Value) (string, contentType) { return str(s, dot, noValue), ct }
	}
	val := e.val
	if e.typ == intType {
		return func(s *state, dot reflect.Value) (string, contentType) {
			return strconv.Itoa(int(val(s, dot, noValue).Int())), contentTypePlain
		}
	}
	generic := func(s *state, dot reflect.Value, v reflect.Value) (string, contentType) {
		str, ct := stringifyValue(v)
		if ct == contentTypeHTML && attr {
			fail()
		}
		return str, ct
	}
	if str := x.stringer(e.typ); str != nil {
		ptr := e.typ.Kind() == reflect.Pointer
		return func(s *state, dot reflect.Value) (string, contentType) {
			v := val(s, dot, noValue)
			if ptr && v.IsNil() {
				return generic(s, dot, v)
			}
			return str(s, dot, v), contentTypePlain
		}
	}
	return func(s *state, dot reflect.Value) (string, contentType) { return generic(s, dot, val(s, dot, noValue)) }
}

// stringer returns, for a type whose values fmt prints with their String
// method, a call of it; nil for other types.
func (x *executor) stringer(typ reflect.Type) func(s *state, dot, recv reflect.Value) string {
	if typ == nil || typ.Kind() == reflect.Interface || !typ.Implements(stringerType) ||
		typ.Implements(errorType) || typ.Implements(formatterType) {
		return nil
	}
	m, ok := typ.MethodByName("String")
	if !ok {
		return nil
	}
	var str func(s *state, dot, recv, final reflect.Value) string
	if typ.Kind() == reflect.Pointer {
		str = x.call(m.Func, typ, &callSite{}).str
	} else {
		str = x.valueMethod(m, typ, &callSite{}).str
	}
	if str == nil {
		return nil
	}
	return func(s *state, dot, recv reflect.Value) string { return str(s, dot, recv, noValue) }
}

// pipeline compiles a pipeline and declares, or assigns, its variables.
func (c *compiler) pipeline(p *parse.PipeNode, dot reflect.Type) expr {
	if p == nil {
		return expr{val: func(*state, reflect.Value, reflect.Value) reflect.Value { return noValue }}
	}
	e := c.commands(p.Cmds, dot)
	if len(p.Decl) == 0 {
		return e
	}
	var slots []int
	for _, v := range p.Decl {
		if p.IsAssign {
			v, ok := c.lookup(v.Ident[0])
			if !ok {
				return failExpr()
			}
			slots = append(slots, v.slot)
		} else {
			slots = append(slots, c.declare(v.Ident[0], e.typ))
		}
	}
	val := e.val
	return newExpr(e.typ, func(s *state, dot, final reflect.Value) reflect.Value {
		v := val(s, dot, final)
		for _, slot := range slots {
			s.vars[s.frame+slot] = v
		}
		return v
	}, nil)
}

// commands compiles a pipeline's commands, each command's value the final
// argument of the next.
func (c *compiler) commands(cmds []*parse.CommandNode, dot reflect.Type) expr {
	var e expr
	for i, cmd := range cmds {
		next := c.command(cmd, dot, i > 0, e.typ)
		if i > 0 {
			next = piped(e, next)
		}
		e = unwrapped(next)
	}
	return e
}

// piped is cmd given the value of prev, computed first, as its final
// value.
func piped(prev, cmd expr) expr {
	pv, cv := prev.val, cmd.val
	e := expr{typ: cmd.typ, val: func(s *state, dot, _ reflect.Value) reflect.Value { return cv(s, dot, pv(s, dot, noValue)) }}
	if cs := cmd.str; cs != nil {
		e.str = func(s *state, dot, _ reflect.Value) string { return cs(s, dot, pv(s, dot, noValue)) }
	}
	return e
}

// unwrapped is e as text/template leaves a command's value: the content of
// an interface{}, not the interface.
func unwrapped(e expr) expr {
	if e.typ != nil && (e.typ.Kind() != reflect.Interface || e.typ.NumMethod() > 0) {
		return e
	}
	val := e.val
	return expr{val: func(s *state, dot, final reflect.Value) reflect.Value { return unwrapAny(val(s, dot, final)) }}
}

// command compiles a command; hasFinal says a value is piped in, of type
// finalTyp.
func (c *compiler) command(cmd *parse.CommandNode, dot reflect.Type, hasFinal bool, finalTyp reflect.Type) expr {
	args := cmd.Args[1:]
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.fields(dotExpr(dot), n.Ident, args, hasFinal, finalTyp, dot)
	case *parse.VariableNode:
		return c.variable(n, args, hasFinal, finalTyp, dot)
	case *parse.IdentifierNode:
		return c.function(n.Ident, args, hasFinal, finalTyp, dot)
	}
	if len(args) > 0 || hasFinal {
		return failExpr() // arguments to something that is not a function
	}
	switch n := cmd.Args[0].(type) {
	case *parse.PipeNode:
		return c.pipeline(n, dot)
	case *parse.DotNode:
		return dotExpr(dot)
	}
	v, ok := constantValue(cmd.Args[0])
	if !ok {
		return failExpr()
	}
	return constExpr(v)
}

func (c *compiler) variable(n *parse.VariableNode, args []parse.Node, hasFinal bool, finalTyp, dot reflect.Type) expr {
	v, ok := c.lookup(n.Ident[0])
	if !ok {
		return failExpr()
	}
	slot := v.slot
	e := newExpr(v.typ, func(s *state, _, _ reflect.Value) reflect.Value { return s.vars[s.frame+slot] }, nil)
	if len(n.Ident) == 1 {
		if len(args) > 0 || hasFinal {
			return failExpr()
		}
		return e
	}
	return c.fields(e, n.Ident[1:], args, hasFinal, finalTyp, dot)
}

// constantValue is the value of a constant where its type is not known
// from a parameter: text/template's evalEmptyInterface.
func constantValue(n parse.Node) (reflect.Value, bool) {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), true
	case *parse.NumberNode:
		return idealConstant(n)
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), true
	}
	return noValue, false
}

// idealConstant is text/template's, but for complex numbers.
func idealConstant(n *parse.NumberNode) (reflect.Value, bool) {
	switch {
	case n.IsComplex:
	case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && containsAny(n.Text, ".eEpP"):
		return reflect.ValueOf(n.Float64), true
	case n.IsInt && int64(int(n.Int64)) == n.Int64:
		return reflect.ValueOf(int(n.Int64)), true
	}
	return noValue, false
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !containsAny(s, "pP")
}

func containsAny(s, chars string) bool {
	for i := 0; i < len(s); i++ {
		for j := 0; j < len(chars); j++ {
			if s[i] == chars[j] {
				return true
			}
		}
	}
	return false
}

// fields compiles the evaluation of a chain of names on recv's value: the
// last gets the command's arguments and final value, the others none.
func (c *compiler) fields(recv expr, idents []string, args []parse.Node, hasFinal bool, finalTyp, dot reflect.Type) expr {
	steps := make([]access, len(idents))
	typ := recv.typ
	for i, name := range idents {
		site := &callSite{}
		if i == len(idents)-1 {
			site = &callSite{args: c.args(args, dot), hasFinal: hasFinal, finalTyp: finalTyp}
		}
		steps[i] = c.x.field(typ, name, site)
		typ = steps[i].typ
	}
	// Each step's receiver is the value of the steps before it; steps
	// through fields are followed in one go.
	receiver := recv.val
	isDot := recv.isDot // receiver is dot
	var path []fieldStep
	flush := func() {
		if path != nil {
			prev, path := receiver, path
			receiver = func(s *state, dot, _ reflect.Value) reflect.Value { return follow(prev(s, dot, noValue), path) }
			isDot = false
		}
		path = nil
	}
	for _, st := range steps[:len(steps)-1] {
		if st.path != nil {
			path = append(path, st.path...)
			continue
		}
		flush()
		prev, val := receiver, st.val
		receiver = func(s *state, dot, _ reflect.Value) reflect.Value {
			return val(s, dot, prev(s, dot, noValue), noValue)
		}
		isDot = false
	}
	last := steps[len(steps)-1]
	if last.path != nil {
		path = append(path, last.path...)
		base := receiver
		val := func(s *state, dot, _ reflect.Value) reflect.Value { return follow(base(s, dot, noValue), path) }
		if isDot {
			val = func(_ *state, dot, _ reflect.Value) reflect.Value { return follow(dot, path) }
		}
		return newExpr(last.typ, val, nil)
	}
	flush()
	if isDot {
		val := last.val
		e := expr{typ: last.typ, val: func(s *state, dot, final reflect.Value) reflect.Value { return val(s, dot, dot, final) }}
		if str := last.str; str != nil {
			e.str = func(s *state, dot, final reflect.Value) string { return str(s, dot, dot, final) }
		}
		return e
	}
	val := last.val
	e := expr{typ: last.typ, val: func(s *state, dot, final reflect.Value) reflect.Value {
		return val(s, dot, receiver(s, dot, noValue), final)
	}}
	if str := last.str; str != nil {
		e.str = func(s *state, dot, final reflect.Value) string { return str(s, dot, receiver(s, dot, noValue), final) }
	}
	return e
}

// args compiles the arguments a command gives a function or method. A
// constant's value depends on the parameter it is passed to, so it is
// made when that is known.
func (c *compiler) args(nodes []parse.Node, dot reflect.Type) []argNode {
	out := make([]argNode, len(nodes))
	for i, n := range nodes {
		out[i].node = n
		switch n := n.(type) {
		case *parse.DotNode:
			out[i].e = dotExpr(dot)
		case *parse.FieldNode:
			out[i].e = c.fields(dotExpr(dot), n.Ident, nil, false, nil, dot)
		case *parse.VariableNode:
			out[i].e = c.variable(n, nil, false, nil, dot)
		case *parse.PipeNode:
			out[i].e = c.pipeline(n, dot)
		case *parse.IdentifierNode:
			out[i].e = c.function(n.Ident, nil, false, nil, dot)
		case *parse.BoolNode, *parse.NumberNode, *parse.StringNode, *parse.NilNode:
		default:
			out[i].e = failExpr()
		}
	}
	return out
}

// ifOrWith compiles an if or a with: the pipeline's variables are in scope
// in both branches, those declared in the first are not in the second.
func (c *compiler) ifOrWith(with bool, pipe *parse.PipeNode, list, elseList *parse.ListNode, dot reflect.Type) stmt {
	mark := len(c.vars)
	cond := c.pipeline(pipe, dot)
	scope := len(c.vars)
	bodyDot := dot
	if with {
		bodyDot = cond.typ
	}
	body := c.list(list, bodyDot)
	c.vars = c.vars[:scope]
	var els stmt
	if elseList != nil {
		els = c.list(elseList, dot)
	}
	c.vars = c.vars[:mark]

	val := cond.val
	if !with && cond.str != nil {
		str := cond.str
		return func(s *state, dot reflect.Value) ctrl {
			if str(s, dot, noValue) != "" {
				return body(s, dot)
			}
			if els != nil {
				return els(s, dot)
			}
			return normal
		}
	}
	isTrue := truthOf(cond.typ)
	return func(s *state, dot reflect.Value) ctrl {
		v := val(s, dot, noValue)
		if isTrue(v) {
			if with {
				return body(s, v)
			}
			return body(s, dot)
		}
		if els != nil {
			return els(s, dot)
		}
		return normal
	}
}

// rangeLoop compiles a range over slices, arrays, maps with string or
// integer keys, and integers; anything else gives up.
func (c *compiler) rangeLoop(r *parse.RangeNode, dot reflect.Type) stmt {
	mark := len(c.vars)
	e := c.commands(r.Pipe.Cmds, dot)
	var slots []int
	for _, v := range r.Pipe.Decl {
		slots = append(slots, c.declare(v.Ident[0], e.typ))
	}
	// In the body the variables hold the element (and key); in the else
	// branch the value ranged over.
	key, elem := rangeTypes(e.typ)
	retype := func(types ...reflect.Type) {
		for i, typ := range types {
			if v := &c.vars[mark+i]; !c.assigned[v.name] {
				v.typ = typ
			}
		}
	}
	switch len(slots) {
	case 1:
		retype(elem)
	case 2:
		retype(key, elem)
	}
	scope := len(c.vars)
	body := c.list(r.List, elem)
	c.vars = c.vars[:scope]
	var els stmt
	if r.ElseList != nil {
		retype(slices.Repeat([]reflect.Type{e.typ}, len(slots))...)
		els = c.list(r.ElseList, dot)
	}
	c.vars = c.vars[:mark]

	val := e.val
	return func(s *state, dot reflect.Value) ctrl {
		v := val(s, dot, noValue)
		for _, slot := range slots {
			s.vars[s.frame+slot] = v
		}
		v, isNil := indirect(v)
		if isNil {
			fail()
		}
		n := 0
		switch v.Kind() {
		case reflect.Array, reflect.Slice:
			n = v.Len()
			for i := range n {
				elem := v.Index(i)
				var key reflect.Value
				if len(slots) == 2 {
					key = reflect.ValueOf(i)
				}
				s.setRange(slots, key, elem)
				if body(s, elem) == breakLoop {
					break
				}
			}
		case reflect.Map:
			keys := sortedMapKeys(v)
			n = len(keys)
			for _, k := range keys {
				elem := v.MapIndex(k)
				s.setRange(slots, k, elem)
				if body(s, elem) == breakLoop {
					break
				}
			}
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if len(slots) > 1 {
				fail()
			}
			n = int(max(v.Int(), 0))
			for i := range n {
				elem := reflect.ValueOf(i)
				if elem.Type() != v.Type() {
					elem = elem.Convert(v.Type())
				}
				s.setRange(slots, noValue, elem)
				if body(s, elem) == breakLoop {
					break
				}
			}
		case reflect.Invalid:
		default:
			fail()
		}
		if n == 0 && els != nil {
			// text/template's range takes a break from its else
			// branch, not a continue.
			if els(s, dot) == continueLoop {
				return continueLoop
			}
		}
		return normal
	}
}

// setRange stores an iteration's element, and key, in a range's
// variables.
func (s *state) setRange(slots []int, key, elem reflect.Value) {
	switch len(slots) {
	case 1:
		s.vars[s.frame+slots[0]] = elem
	case 2:
		s.vars[s.frame+slots[0]] = key
		s.vars[s.frame+slots[1]] = elem
	}
}

// rangeTypes are the types of the keys and elements of values of type typ
// ranged over, nil where not known.
func rangeTypes(typ reflect.Type) (key, elem reflect.Type) {
	if typ == nil {
		return nil, nil
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Array, reflect.Slice:
		return intType, typ.Elem()
	case reflect.Map:
		return typ.Key(), typ.Elem()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return nil, typ
	}
	return nil, nil
}

// templateCall compiles {{template}}: the template called is compiled for
// the type of the dot it is given, here when that is known, else for each
// type met.
func (c *compiler) templateCall(n *parse.TemplateNode, dot reflect.Type) stmt {
	e := c.pipeline(n.Pipe, dot)
	x := c.x
	if x.trees[n.Name] == nil {
		return failStmt
	}
	val := e.val
	if e.typ != nil {
		t := x.template(n.Name, e.typ)
		return func(s *state, dot reflect.Value) ctrl {
			s.run(t, val(s, dot, noValue))
			return normal
		}
	}
	var cache typeCache[*compiled]
	name := n.Name
	return func(s *state, dot reflect.Value) ctrl {
		v := val(s, dot, noValue)
		var typ reflect.Type
		if v.IsValid() {
			typ = v.Type()
		}
		t, ok := cache.get(typ)
		if !ok {
			t = x.compile(name, typ)
			cache.put(typ, t)
		}
		s.run(t, v)
		return normal
	}
}
