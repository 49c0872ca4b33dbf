package site

import (
	"cmp"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// text/template's rules for values, as the executor applies them: truth,
// comparisons, len and index, the checks of arguments, and how
// html/template's escapers turn a value into a string. Where a rule would
// make text/template fail, or where the executor covers only part of it,
// it gives up (giveUp), leaving the page to html/template.

// giveUp abandons the page for html/template to render.
type giveUp struct{}

func fail() { panic(giveUp{}) }

var (
	stringType       = reflect.TypeFor[string]()
	intType          = reflect.TypeFor[int]()
	boolType         = reflect.TypeFor[bool]()
	anyType          = reflect.TypeFor[any]()
	reflectValueType = reflect.TypeFor[reflect.Value]()
	errorType        = reflect.TypeFor[error]()
	stringerType     = reflect.TypeFor[fmt.Stringer]()
	formatterType    = reflect.TypeFor[fmt.Formatter]()
	htmlType         = reflect.TypeFor[template.HTML]()
	urlType          = reflect.TypeFor[template.URL]()
	jsType           = reflect.TypeFor[template.JS]()
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

// unwrapAny is what text/template does to the value of each command of a
// pipeline: the content of an interface{}, rather than the interface.
func unwrapAny(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
		return v.Elem()
	}
	return v
}

// validateType is text/template's: value as an argument of type typ.
func validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if !value.IsValid() {
		if typ == nil {
			return reflect.ValueOf(nil)
		}
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		fail()
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
				fail()
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			fail()
		}
	}
	return value
}

// asReflectValue is an argument of a builtin that takes reflect.Values, as
// the builtin sees it.
func asReflectValue(v reflect.Value) reflect.Value {
	if v.IsValid() && v.Type() == reflectValueType {
		return v.Interface().(reflect.Value)
	}
	return v
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

// truthOf returns isTrue for values of type typ (nil: of any type), as if,
// with, and, or and not judge them, giving up where they would fail.
func truthOf(typ reflect.Type) func(reflect.Value) bool {
	kind := reflect.Invalid
	if typ != nil {
		kind = typ.Kind()
	}
	switch kind {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return func(v reflect.Value) bool { return v.Len() > 0 }
	case reflect.Bool:
		return reflect.Value.Bool
	case reflect.Pointer, reflect.Chan, reflect.Func, reflect.UnsafePointer:
		return func(v reflect.Value) bool { return !v.IsNil() }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(v reflect.Value) bool { return v.Int() != 0 }
	case reflect.Struct:
		return func(reflect.Value) bool { return true }
	}
	return func(v reflect.Value) bool {
		t, ok := isTrue(indirectInterface(v))
		if !ok {
			fail()
		}
		return t
	}
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

func basicKindOf(k reflect.Kind) basic {
	switch k {
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

func basicKind(v reflect.Value) basic { return basicKindOf(v.Kind()) }

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

// ordered reports whether c, the result of comparing two values (-1, 0
// or +1), satisfies op.
func ordered(op string, c int) bool {
	switch op {
	case "eq":
		return c == 0
	case "ne":
		return c != 0
	case "lt":
		return c < 0
	case "le":
		return c <= 0
	case "gt":
		return c > 0
	}
	return c >= 0 // ge
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

// sortedMapKeys returns the keys of a map in the order text/template ranges
// over them, for keys that are strings or integers.
func sortedMapKeys(m reflect.Value) []reflect.Value {
	keys := m.MapKeys()
	switch m.Type().Key().Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	default:
		fail()
	}
	return keys
}

// The kinds of content html/template's escapers tell apart.

type contentType int

const (
	contentTypePlain contentType = iota
	contentTypeHTML
	contentTypeOther // CSS, JS, URL, attributes, srcset: the escapers here treat them as text
	contentTypeURL
	contentTypeJS
)

// contentTypeOf is the kind of content of values of type typ, as
// stringify tells it, and whether values of typ are printed as they are
// (their own string, not a pointer's or a Stringer's).
func contentTypeOf(typ reflect.Type) (contentType, bool) {
	switch typ {
	case stringType:
		return contentTypePlain, true
	case htmlType:
		return contentTypeHTML, true
	case urlType:
		return contentTypeURL, true
	case jsType:
		return contentTypeJS, true
	}
	return 0, false
}

// stringifyValue is html/template's stringify of the one value an escaper
// is given.
func stringifyValue(v reflect.Value) (string, contentType) {
	if !v.IsValid() {
		return "", contentTypePlain // stringify skips untyped nils
	}
	return stringify1(v.Interface())
}

// stringify1 is html/template's stringify of one argument.
func stringify1(a any) (string, contentType) {
	switch s := indirectAny(a).(type) {
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
	if a == nil {
		return "", contentTypePlain
	}
	a = indirectToStringerOrError(a)
	// What fmt.Sprint does with one value, without its reflection, for
	// the values pages print most: dates and numbers.
	switch v := a.(type) {
	case fmt.Formatter:
	case error:
	case fmt.Stringer:
		if rv := reflect.ValueOf(v); rv.Kind() != reflect.Pointer || !rv.IsNil() {
			return v.String(), contentTypePlain
		}
	case int:
		return strconv.Itoa(v), contentTypePlain
	}
	return fmt.Sprint(a), contentTypePlain
}

// stringify is html/template's stringify of several arguments.
func stringify(args []any) (string, contentType) {
	if len(args) == 1 {
		return stringify1(args[0])
	}
	i := 0
	for _, a := range args {
		if a == nil {
			continue
		}
		args[i] = indirectToStringerOrError(a)
		i++
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
