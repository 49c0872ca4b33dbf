package site

import (
	"fmt"
	"html/template"
	"reflect"
	"sync/atomic"
	"text/template/parse"
)

// How the executor reaches a name on a value (a method, a field, a map
// key) and calls methods and functions, as text/template's evalField and
// evalCall do.

// An access is a compiled evaluation of a name on a receiver. typ is the
// type of every value it gives, nil when known only at run time; str, when
// typ is of a string kind, gives the value as a string.
type access struct {
	typ      reflect.Type
	val      func(s *state, dot, recv, final reflect.Value) reflect.Value
	str      func(s *state, dot, recv, final reflect.Value) string
	fails    bool // it gives up whenever it runs
	reflects bool // it calls through reflection
	// path, when not nil, is what the access is: fields reached from
	// the receiver, which a chain of them follows in one go.
	path []fieldStep
}

// A fieldStep is a step of a path of fields: through a pointer, which
// must not be nil, when deref is set, then to the field of the struct
// there of the index, if it is not -1.
type fieldStep struct {
	deref bool
	index int
}

// pathAccess is the access that follows path from the receiver.
func pathAccess(typ reflect.Type, path []fieldStep) access {
	a := newAccess(typ, func(_ *state, _, v, _ reflect.Value) reflect.Value { return follow(v, path) })
	a.path = path
	return a
}

func follow(v reflect.Value, path []fieldStep) reflect.Value {
	for _, st := range path {
		if st.deref {
			if v.IsNil() {
				fail() // text/template calls this a nil pointer evaluation
			}
			v = v.Elem()
		}
		if st.index >= 0 {
			v = v.Field(st.index)
		}
	}
	return v
}

// fieldPath is the path to the field of struct type typ of the index
// given by reflect.StructField.Index, through embedded pointers as
// reflect.Value.FieldByIndexErr goes.
func fieldPath(typ reflect.Type, index []int) []fieldStep {
	path := make([]fieldStep, len(index))
	for i, x := range index {
		if i > 0 && typ.Kind() == reflect.Pointer && typ.Elem().Kind() == reflect.Struct {
			path[i].deref = true
			typ = typ.Elem()
		}
		path[i].index = x
		typ = typ.Field(x).Type
	}
	return path
}

func newAccess(typ reflect.Type, val func(s *state, dot, recv, final reflect.Value) reflect.Value) access {
	a := access{typ: typ, val: val}
	if typ != nil && typ.Kind() == reflect.String {
		a.str = func(s *state, dot, recv, final reflect.Value) string { return val(s, dot, recv, final).String() }
	}
	return a
}

func failAccess() access {
	return access{fails: true, val: func(*state, reflect.Value, reflect.Value, reflect.Value) reflect.Value {
		fail()
		return noValue
	}}
}

// A callSite is what a command gives the method or function it calls: the
// arguments after its first word, and whether a value is piped in, of type
// finalTyp (nil: known only at run time).
type callSite struct {
	args     []argNode
	hasFinal bool
	finalTyp reflect.Type
}

// An argNode is an argument as the template gives it: a constant, whose
// value depends on the parameter it is passed to, or an expression.
type argNode struct {
	node parse.Node
	e    expr // nil for constants
}

// field compiles the evaluation of name, with the site's arguments, on
// values of type recvTyp (nil: of any type).
func (x *executor) field(recvTyp reflect.Type, name string, site *callSite) access {
	if recvTyp == nil || recvTyp.Kind() == reflect.Interface {
		return x.dynamicField(name, site)
	}
	if recvTyp.Kind() != reflect.Pointer {
		return x.accessOn(recvTyp, nil, name, site)
	}
	// text/template goes through every pointer; a nil one is left to it.
	ptr, levels := recvTyp, 1
	for ptr.Elem().Kind() == reflect.Pointer && levels < maxPointers {
		ptr = ptr.Elem()
		levels++
	}
	if k := ptr.Elem().Kind(); k == reflect.Interface || k == reflect.Pointer {
		return x.dynamicField(name, site)
	}
	a := x.accessOn(ptr.Elem(), ptr, name, site)
	if a.path != nil {
		path := make([]fieldStep, levels-1, levels-1+len(a.path))
		for i := range path {
			path[i] = fieldStep{deref: true, index: -1}
		}
		return pathAccess(a.typ, append(path, a.path...))
	}
	// deref follows the pointers above the last, which must not be nil.
	deref := func(p reflect.Value) reflect.Value {
		for range levels - 1 {
			if p.IsNil() {
				fail()
			}
			p = p.Elem()
		}
		if p.IsNil() {
			fail()
		}
		return p
	}
	val := a.val
	a.val = func(s *state, dot, p, final reflect.Value) reflect.Value {
		return val(s, dot, deref(p), final)
	}
	if str := a.str; str != nil {
		a.str = func(s *state, dot, p, final reflect.Value) string {
			return str(s, dot, deref(p), final)
		}
	}
	return a
}

// maxPointers is as many pointers to pointers as field follows from the
// type: a type can be a pointer to itself (type P *P).
const maxPointers = 8

// dynamicField compiles the evaluation of name on values whose type is
// known only at run time: it is compiled for each type met.
func (x *executor) dynamicField(name string, site *callSite) access {
	var cache typeCache[access]
	return access{val: func(s *state, dot, recv, final reflect.Value) reflect.Value {
		if !recv.IsValid() {
			return noValue // as text/template: a missing key's fields are no value
		}
		v, isNil := indirect(recv)
		if isNil {
			fail()
		}
		a, ok := cache.get(v.Type())
		if !ok {
			a = x.accessOn(v.Type(), nil, name, site)
			cache.put(v.Type(), a)
		}
		return a.val(s, dot, v, final)
	}}
}

// accessOn compiles the evaluation of name on values of typ, which is
// neither a pointer nor an interface. When ptr is not nil, the receiver
// given is a pointer, of type ptr, to the value: text/template then sees
// the methods of *typ. When ptr is nil the receiver given is the value,
// and the methods of *typ are seen if it is addressable.
func (x *executor) accessOn(typ, ptr reflect.Type, name string, site *callSite) access {
	pointerTo := reflect.PointerTo(typ)
	if ptr != nil {
		if m, ok := pointerTo.MethodByName(name); ok {
			return x.call(m.Func, ptr, site)
		}
		a := x.nonMethod(typ, name, site)
		if a.path != nil {
			// Through the pointer, then to the field.
			path := append([]fieldStep{{deref: true, index: -1}}, a.path...)
			if len(path) > 1 && !path[1].deref {
				path = append([]fieldStep{{deref: true, index: path[1].index}}, path[2:]...)
			}
			return pathAccess(a.typ, path)
		}
		val := a.val
		a.val = func(s *state, dot, p, final reflect.Value) reflect.Value { return val(s, dot, p.Elem(), final) }
		if str := a.str; str != nil {
			a.str = func(s *state, dot, p, final reflect.Value) string { return str(s, dot, p.Elem(), final) }
		}
		return a
	}
	if m, ok := typ.MethodByName(name); ok {
		return x.valueMethod(m, typ, site)
	}
	a := x.nonMethod(typ, name, site)
	m, ok := pointerTo.MethodByName(name)
	if !ok {
		return a
	}
	addr := x.call(m.Func, pointerTo, site)
	return addressable(addr, a)
}

// valueMethod compiles a call of m, a method of typ, which is not a
// pointer. text/template calls it through a pointer when the value is
// addressable, which spares copying a struct out of its reflect.Value.
func (x *executor) valueMethod(m reflect.Method, typ reflect.Type, site *callSite) access {
	direct := x.call(m.Func, typ, site)
	if k := typ.Kind(); k != reflect.Struct && k != reflect.Array {
		return direct
	}
	pm, _ := reflect.PointerTo(typ).MethodByName(m.Name)
	addr := x.call(pm.Func, reflect.PointerTo(typ), site)
	if addr.reflects && !direct.reflects {
		return direct
	}
	return addressable(addr, direct)
}

// addressable is addr, with a pointer to the receiver, when the receiver
// is addressable, else a, with the receiver.
func addressable(addr, a access) access {
	var typ reflect.Type
	if a.fails || a.typ == addr.typ {
		typ = addr.typ
	}
	r := newAccess(typ, func(s *state, dot, v, final reflect.Value) reflect.Value {
		if v.CanAddr() {
			return addr.val(s, dot, v.Addr(), final)
		}
		return a.val(s, dot, v, final)
	})
	if addr.str != nil && (a.fails || a.str != nil) {
		r.str = func(s *state, dot, v, final reflect.Value) string {
			if v.CanAddr() {
				return addr.str(s, dot, v.Addr(), final)
			}
			if a.fails {
				fail()
			}
			return a.str(s, dot, v, final)
		}
	}
	return r
}

// nonMethod compiles the evaluation of name, which is not a method, on
// values of typ: a struct's field or a map's key.
func (x *executor) nonMethod(typ reflect.Type, name string, site *callSite) access {
	hasArgs := len(site.args) > 0 || site.hasFinal
	switch typ.Kind() {
	case reflect.Struct:
		f, ok := typ.FieldByName(name)
		if !ok {
			break
		}
		if !f.IsExported() || hasArgs {
			return failAccess()
		}
		return pathAccess(f.Type, fieldPath(typ, f.Index))
	case reflect.Map:
		key := reflect.ValueOf(name)
		if !key.Type().AssignableTo(typ.Key()) {
			break
		}
		if hasArgs {
			return failAccess()
		}
		// A missing key is no value: the type is not known.
		return access{val: func(_ *state, _, m, _ reflect.Value) reflect.Value { return m.MapIndex(key) }}
	}
	return failAccess()
}

// Where a call's arguments come from.
type sourceKind int

const (
	fromArg   sourceKind = iota // an argument the template gives
	fromRecv                    // the method's receiver
	fromFinal                   // the value piped in
)

// A source gives a parameter of a call its value. typ is the type of the
// values it gives, nil when known only at run time.
type source struct {
	kind  sourceKind
	typ   reflect.Type
	val   evalFunc     // fromArg
	str   strFunc      // fromArg, when typ is string
	param reflect.Type // fromFinal: the parameter's type, to check the value against
}

// get returns how the source's value is computed.
func (src source) get() func(s *state, dot, recv, final reflect.Value) reflect.Value {
	switch src.kind {
	case fromRecv:
		return func(_ *state, _, recv, _ reflect.Value) reflect.Value { return recv }
	case fromFinal:
		if src.typ != nil {
			return func(_ *state, _, _, final reflect.Value) reflect.Value { return final }
		}
		param := src.param
		return func(_ *state, _, _, final reflect.Value) reflect.Value { return validateType(final, param) }
	}
	val := src.val
	return func(s *state, dot, _, _ reflect.Value) reflect.Value { return val(s, dot, noValue) }
}

// call compiles a call of fn, which is a method's function with its
// receiver, of type recvTyp, first when recvTyp is not nil, as
// text/template's evalCall makes it: the site's arguments, then its final
// value, checked against the parameters.
func (x *executor) call(fn reflect.Value, recvTyp reflect.Type, site *callSite) access {
	typ := fn.Type()
	var srcs []source
	first := 0
	if recvTyp != nil {
		srcs = append(srcs, source{kind: fromRecv, typ: recvTyp})
		first = 1
	}
	params, ok := paramTypes(typ, first, len(site.args), site.hasFinal)
	if !ok || goodFunc(typ) != nil {
		return failAccess()
	}
	for i, a := range site.args {
		srcs = append(srcs, adapt(a, params[i]))
	}
	if site.hasFinal {
		p := params[len(params)-1]
		src := source{kind: fromFinal, param: p}
		if t := site.finalTyp; t != nil && t.AssignableTo(p) && (p != reflectValueType || t == p) {
			src.typ = t // validateType leaves it as it is
		}
		srcs = append(srcs, src)
	}
	if c := callers[typ]; c != nil && exactly(srcs, typ) {
		return c(fn, srcs)
	}
	return reflectCall(fn, srcs)
}

// paramTypes returns the types of the parameters n arguments, then a final
// value when hasFinal, are passed to in a call of a function of type typ
// whose first parameters are given otherwise (a method's receiver); false
// when text/template refuses the call.
func paramTypes(typ reflect.Type, first, n int, hasFinal bool) ([]reflect.Type, bool) {
	params := typ.NumIn() - first
	numIn := n
	if hasFinal {
		numIn++
	}
	numFixed := n
	if typ.IsVariadic() {
		numFixed = params - 1
		if numIn < numFixed {
			return nil, false
		}
	} else if numIn != params {
		return nil, false
	}
	out := make([]reflect.Type, 0, numIn)
	i := 0
	for ; i < numFixed && i < n; i++ {
		out = append(out, typ.In(first+i))
	}
	if typ.IsVariadic() {
		elem := typ.In(typ.NumIn() - 1).Elem()
		for ; i < n; i++ {
			out = append(out, elem)
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
		out = append(out, t)
	}
	return out, true
}

// adapt makes an argument the value of a parameter of type param, as
// text/template's evalArg does.
func adapt(a argNode, param reflect.Type) source {
	switch n := a.node.(type) {
	case *parse.NilNode:
		if !canBeNil(param) {
			return failSource()
		}
		return constSource(reflect.Zero(param))
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		v, ok := typedConstant(n, param)
		if !ok {
			return failSource()
		}
		return constSource(v)
	}
	e := a.e
	if t := e.typ; t != nil && t.AssignableTo(param) && (param != reflectValueType || t == param) {
		return source{kind: fromArg, typ: t, val: e.val, str: e.str}
	}
	val := e.val
	return source{kind: fromArg, val: func(s *state, dot, _ reflect.Value) reflect.Value {
		return validateType(val(s, dot, noValue), param)
	}}
}

func constSource(v reflect.Value) source {
	e := constExpr(v)
	return source{kind: fromArg, typ: e.typ, val: e.val, str: e.str}
}

func failSource() source { return source{kind: fromArg, val: failExpr().val} }

// typedConstant is a constant as an argument of type typ: text/template's
// evalArg for constants, but for unsigned, float and complex parameters,
// and integers that do not fit.
func typedConstant(n parse.Node, typ reflect.Type) (reflect.Value, bool) {
	switch typ.Kind() {
	case reflect.Bool:
		if n, ok := n.(*parse.BoolNode); ok {
			v := reflect.New(typ).Elem()
			v.SetBool(n.True)
			return v, true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n, ok := n.(*parse.NumberNode); ok && n.IsInt {
			v := reflect.New(typ).Elem()
			v.SetInt(n.Int64)
			if v.Int() == n.Int64 {
				return v, true
			}
		}
	case reflect.String:
		if n, ok := n.(*parse.StringNode); ok {
			v := reflect.New(typ).Elem()
			v.SetString(n.Text)
			return v, true
		}
	case reflect.Interface:
		if typ.NumMethod() == 0 {
			return constantValue(n)
		}
	case reflect.Struct:
		if typ == reflectValueType {
			if v, ok := constantValue(n); ok {
				return reflect.ValueOf(v), true
			}
		}
	}
	return noValue, false
}

// exactly reports whether every source gives values of exactly the type
// of its parameter of typ, which the callers take for granted.
func exactly(srcs []source, typ reflect.Type) bool {
	if typ.IsVariadic() || len(srcs) != typ.NumIn() {
		return false
	}
	for i, src := range srcs {
		if src.typ != typ.In(i) {
			return false
		}
	}
	return true
}

// reflectedCalls counts the calls made through reflection, which a test
// requires the project's templates not to make.
var reflectedCalls atomic.Int64

// reflectCall calls fn through reflection, its arguments on the state's
// stack rather than in a new slice for each call.
func reflectCall(fn reflect.Value, srcs []source) access {
	typ := fn.Type()
	gets := make([]func(s *state, dot, recv, final reflect.Value) reflect.Value, len(srcs))
	for i, src := range srcs {
		gets[i] = src.get()
	}
	result := typ.Out(0)
	unwrap := result == reflectValueType
	if unwrap {
		result = nil // the value it holds, of any type
	}
	errs := typ.NumOut() == 2
	a := newAccess(result, func(s *state, dot, recv, final reflect.Value) reflect.Value {
		reflectedCalls.Add(1)
		// Evaluating an argument may call other functions, which push
		// theirs above and pop them before returning.
		base := len(s.stack)
		for _, get := range gets {
			v := get(s, dot, recv, final)
			s.stack = append(s.stack, v)
		}
		out := fn.Call(s.stack[base:])
		clear(s.stack[base:])
		s.stack = s.stack[:base]
		if errs && !out[1].IsNil() {
			fail() // html/template reports the error
		}
		v := out[0]
		if unwrap {
			v = v.Interface().(reflect.Value)
		}
		return v
	})
	a.reflects = true
	return a
}

// callExpr is a call as a command's value.
func callExpr(a access) expr {
	val := a.val
	e := expr{typ: a.typ, val: func(s *state, dot, final reflect.Value) reflect.Value { return val(s, dot, noValue, final) }}
	if str := a.str; str != nil {
		e.str = func(s *state, dot, final reflect.Value) string { return str(s, dot, noValue, final) }
	}
	return e
}

// function compiles a call of a function of the template set, a builtin
// or an escaper, in that order of precedence, as text/template finds them.
func (c *compiler) function(name string, args []parse.Node, hasFinal bool, finalTyp, dot reflect.Type) expr {
	site := &callSite{args: c.args(args, dot), hasFinal: hasFinal, finalTyp: finalTyp}
	if fn, ok := c.x.funcs[name]; ok {
		return callExpr(c.x.call(fn, nil, site))
	}
	if fn, ok := builtinFuncs[name]; ok {
		return callExpr(c.x.call(fn, nil, site))
	}
	if builtins[name] {
		return builtin(name, site)
	}
	if esc := escapers[name]; esc != nil {
		return escaperCall(esc, name == "_html_template_attrescaper", site)
	}
	return failExpr()
}

// builtins are the functions of text/template the executor implements:
// those of builtinFuncs, which are called as text/template calls them,
// and the others in builtin.
var builtins = map[string]bool{"and": true, "or": true, "not": true, "eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"print": true, "printf": true, "println": true, "len": true, "index": true}

var builtinFuncs = map[string]reflect.Value{
	"print":   reflect.ValueOf(fmt.Sprint),
	"printf":  reflect.ValueOf(fmt.Sprintf),
	"println": reflect.ValueOf(fmt.Sprintln),
}

// A rawArg is an argument of a builtin as the builtin sees it: a
// reflect.Value, invalid for nil. typ is its type, nil when known only at
// run time.
type rawArg struct {
	typ reflect.Type
	get evalFunc
}

func rawArgs(site *callSite) []rawArg {
	var out []rawArg
	for _, a := range site.args {
		switch n := a.node.(type) {
		case *parse.NilNode:
			out = append(out, rawArg{get: func(*state, reflect.Value, reflect.Value) reflect.Value { return noValue }})
		case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
			v, ok := constantValue(n)
			if !ok {
				out = append(out, rawArg{get: failExpr().val})
				continue
			}
			out = append(out, rawArg{v.Type(), constExpr(v).val})
		default:
			out = append(out, raw(a.e.typ, a.e.val))
		}
	}
	if site.hasFinal {
		out = append(out, raw(site.finalTyp, func(_ *state, _, final reflect.Value) reflect.Value { return final }))
	}
	return out
}

func raw(typ reflect.Type, val evalFunc) rawArg {
	if typ != nil && typ != reflectValueType {
		return rawArg{typ, val}
	}
	return rawArg{get: func(s *state, dot, final reflect.Value) reflect.Value {
		return asReflectValue(val(s, dot, final))
	}}
}

// builtin compiles a call of one of text/template's functions that take
// reflect.Values: and, or, not, the comparisons, len and index.
func builtin(name string, site *callSite) expr {
	args := rawArgs(site)
	switch name {
	case "and", "or", "eq", "index":
		if len(args) < 1 {
			return failExpr()
		}
	case "not", "len":
		if len(args) != 1 {
			return failExpr()
		}
	default:
		if len(args) != 2 {
			return failExpr()
		}
	}
	switch name {
	case "and", "or":
		return andOr(name == "or", args)
	case "not":
		get, isTrue := args[0].get, truthOf(args[0].typ)
		return newExpr(boolType, func(s *state, dot, final reflect.Value) reflect.Value {
			return reflect.ValueOf(!isTrue(get(s, dot, final)))
		}, nil)
	case "len":
		return lenOf(args[0])
	case "index":
		return newExpr(nil, func(s *state, dot, final reflect.Value) reflect.Value {
			vals := s.push(args, dot, final)
			v, err := index(vals[0], vals[1:]...)
			s.pop(vals)
			if err != nil {
				fail()
			}
			return v
		}, nil)
	}
	if e, ok := fastCompare(name, args); ok {
		return e
	}
	return newExpr(boolType, func(s *state, dot, final reflect.Value) reflect.Value {
		vals := s.push(args, dot, final)
		var r bool
		var err error
		if name == "eq" {
			r, err = eq(vals[0], vals[1:]...)
		} else {
			r, err = compare(name, vals[0], vals[1])
		}
		s.pop(vals)
		if err != nil {
			fail()
		}
		return reflect.ValueOf(r)
	}, nil)
}

// push evaluates args onto the state's stack, which pop clears.
func (s *state) push(args []rawArg, dot, final reflect.Value) []reflect.Value {
	base := len(s.stack)
	for _, a := range args {
		v := a.get(s, dot, final)
		s.stack = append(s.stack, v)
	}
	return s.stack[base:]
}

func (s *state) pop(vals []reflect.Value) {
	clear(vals)
	s.stack = s.stack[:len(s.stack)-len(vals)]
}

// andOr compiles and and or, which evaluate their arguments until one
// decides, and give its value.
func andOr(or bool, args []rawArg) expr {
	typ := args[0].typ
	truths := make([]func(reflect.Value) bool, len(args))
	for i, a := range args {
		if a.typ != typ {
			typ = nil
		}
		truths[i] = truthOf(a.typ)
	}
	return newExpr(typ, func(s *state, dot, final reflect.Value) reflect.Value {
		var v reflect.Value
		for i, a := range args {
			v = a.get(s, dot, final)
			if truths[i](v) == or {
				return v
			}
		}
		return v
	}, nil)
}

// fastCompare compiles a comparison of two integers or two strings of
// types known here, which cannot fail.
func fastCompare(op string, args []rawArg) (expr, bool) {
	a, b := args[0], args[1]
	if a.typ == nil || b.typ == nil {
		return expr{}, false
	}
	ka, kb := basicKindOf(a.typ.Kind()), basicKindOf(b.typ.Kind())
	if ka != kb {
		return expr{}, false
	}
	ga, gb := a.get, b.get
	switch ka {
	case intKind:
		return newExpr(boolType, func(s *state, dot, final reflect.Value) reflect.Value {
			x, y := ga(s, dot, final).Int(), gb(s, dot, final).Int()
			return reflect.ValueOf(ordered(op, cmpInt(x, y)))
		}, nil), true
	case stringKind:
		return newExpr(boolType, func(s *state, dot, final reflect.Value) reflect.Value {
			x, y := ga(s, dot, final).String(), gb(s, dot, final).String()
			c := 0
			switch {
			case x < y:
				c = -1
			case x > y:
				c = 1
			}
			return reflect.ValueOf(ordered(op, c))
		}, nil), true
	}
	return expr{}, false
}

func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

func lenOf(a rawArg) expr {
	get := a.get
	if a.typ != nil {
		switch a.typ.Kind() {
		case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
			return newExpr(intType, func(s *state, dot, final reflect.Value) reflect.Value {
				return reflect.ValueOf(get(s, dot, final).Len())
			}, nil)
		}
	}
	return newExpr(intType, func(s *state, dot, final reflect.Value) reflect.Value {
		n, err := length(get(s, dot, final))
		if err != nil {
			fail()
		}
		return reflect.ValueOf(n)
	}, nil)
}

// escaperCall compiles a call of an escaper that is not one of those ending
// an action: it stringifies all its arguments.
func escaperCall(esc *escaper, attr bool, site *callSite) expr {
	var gets []func(s *state, dot, recv, final reflect.Value) reflect.Value
	for _, a := range site.args {
		gets = append(gets, adapt(a, anyType).get())
	}
	hasFinal := site.hasFinal
	return newExpr(stringType, func(s *state, dot, final reflect.Value) reflect.Value {
		// The usual case, one value piped in: no need to box it.
		if len(gets) == 0 && hasFinal && final.IsValid() && final.Type() == stringType {
			return reflect.ValueOf(esc.fn(final.String(), contentTypePlain))
		}
		var vals []any
		for _, get := range gets {
			vals = append(vals, toAny(get(s, dot, noValue, noValue)))
		}
		if hasFinal {
			vals = append(vals, toAny(validateType(final, anyType)))
		}
		str, ct := stringify(vals)
		if ct == contentTypeHTML && attr {
			fail() // would need html/template's stripTags
		}
		return reflect.ValueOf(esc.fn(str, ct))
	}, nil)
}

func toAny(v reflect.Value) any {
	if !v.IsValid() {
		return nil
	}
	return v.Interface()
}

// Calls without reflection.

// A callCompiler compiles calls of functions of one signature without
// reflection, for sources that give values of exactly the parameters'
// types.
type callCompiler func(fn reflect.Value, srcs []source) access

// callers holds the signatures of the functions called without
// reflection (templates.go lists them), a method's receiver as first
// parameter. Anything missing here is still called, only through
// reflection.
var callers = map[reflect.Type]callCompiler{}

func register[F any](c callCompiler) {
	typ := reflect.TypeFor[F]()
	if out := typ.Out(0); out.Kind() == reflect.Interface || out == reflectValueType {
		// reflect.ValueOf would not give the value a call through
		// reflection gives.
		panic("site: no caller for functions returning " + out.String())
	}
	callers[typ] = c
}

func call1[A, R any]() {
	register[func(A) R](func(fn reflect.Value, srcs []source) access {
		f, _ := reflect.TypeAssert[func(A) R](fn)
		a := getter[A](srcs[0])
		return result(func(s *state, dot, recv, final reflect.Value) R { return f(a(s, dot, recv, final)) })
	})
}

func call2[A, B, R any]() {
	register[func(A, B) R](func(fn reflect.Value, srcs []source) access {
		f, _ := reflect.TypeAssert[func(A, B) R](fn)
		a, b := getter[A](srcs[0]), getter[B](srcs[1])
		return result(func(s *state, dot, recv, final reflect.Value) R {
			return f(a(s, dot, recv, final), b(s, dot, recv, final))
		})
	})
}

func call3[A, B, C, R any]() {
	register[func(A, B, C) R](func(fn reflect.Value, srcs []source) access {
		f, _ := reflect.TypeAssert[func(A, B, C) R](fn)
		a, b, c := getter[A](srcs[0]), getter[B](srcs[1]), getter[C](srcs[2])
		return result(func(s *state, dot, recv, final reflect.Value) R {
			return f(a(s, dot, recv, final), b(s, dot, recv, final), c(s, dot, recv, final))
		})
	})
}

// getter returns how a source's value of type A is computed: a string
// without boxing it, other values out of their reflect.Value without
// copying them to the heap.
func getter[A any](src source) func(s *state, dot, recv, final reflect.Value) A {
	assert := func(v reflect.Value) A {
		a, ok := reflect.TypeAssert[A](v)
		if !ok {
			fail()
		}
		return a
	}
	switch src.kind {
	case fromRecv:
		return func(_ *state, _, recv, _ reflect.Value) A { return assert(recv) }
	case fromFinal:
		return func(_ *state, _, _, final reflect.Value) A { return assert(final) }
	}
	if str, ok := any(src.str).(func(*state, reflect.Value, reflect.Value) A); ok && str != nil {
		return func(s *state, dot, _, _ reflect.Value) A { return str(s, dot, noValue) }
	}
	val := src.val
	return func(s *state, dot, _, _ reflect.Value) A { return assert(val(s, dot, noValue)) }
}

// result is the access of a call of f, which gives values of type R: as
// strings without boxing them when R is a string type.
func result[R any](f func(s *state, dot, recv, final reflect.Value) R) access {
	a := newAccess(reflect.TypeFor[R](), func(s *state, dot, recv, final reflect.Value) reflect.Value {
		return reflect.ValueOf(f(s, dot, recv, final))
	})
	switch f := any(f).(type) {
	case func(*state, reflect.Value, reflect.Value, reflect.Value) string:
		a.str = f
	case func(*state, reflect.Value, reflect.Value, reflect.Value) template.HTML:
		a.str = func(s *state, dot, recv, final reflect.Value) string { return string(f(s, dot, recv, final)) }
	case func(*state, reflect.Value, reflect.Value, reflect.Value) template.URL:
		a.str = func(s *state, dot, recv, final reflect.Value) string { return string(f(s, dot, recv, final)) }
	case func(*state, reflect.Value, reflect.Value, reflect.Value) template.JS:
		a.str = func(s *state, dot, recv, final reflect.Value) string { return string(f(s, dot, recv, final)) }
	}
	return a
}
