package site

import (
	"reflect"

	"dossier/internal/content"
	"dossier/internal/dossier"
)

// A caller calls a function value of one signature without reflection; it
// reports false when an argument is not of the exact type it expects, and
// the executor then calls through reflection.
type caller func(fn reflect.Value, args []reflect.Value) (reflect.Value, bool)

// callers holds the signatures of the methods and functions templates call
// on every page, with the method's receiver as first parameter: page links
// ($.URL), entity and article paths, dates, and the template functions.
// Anything missing here is still called, only more slowly.
var callers = map[reflect.Type]caller{}

func init() {
	pageMethods[*Page]()
	pageMethods[*HomePage]()
	pageMethods[*ArticlePage]()
	pageMethods[*EntitiesPage]()
	pageMethods[*EntityPage]()
	pageMethods[*TimelinePage]()
	call1[*dossier.Article, string]()
	call1[*dossier.Entity, string]()
	call1[*content.Date, string]()
	call1[*content.Date, bool]()
	call1[content.Date, string]()
	call1[content.Date, bool]()
	call1[content.Kind, string]()
	call1[*content.Kind, string]()
	call1[string, string]()              // lower, capitalize
	call3[int, string, string, string]() // plural
	call2[*Page, *dossier.Article, entryData]()
	call2[*Page, []EntityCount, countsData]()
}

// pageMethods registers the signatures of Page's methods, as promoted to P.
func pageMethods[P any]() {
	call2[P, string, string]() // URL, Asset, Current
	call1[P, string]()         // Canonical
}

func call1[A, R any]() {
	callers[reflect.TypeFor[func(A) R]()] = func(fn reflect.Value, args []reflect.Value) (reflect.Value, bool) {
		f, ok := reflect.TypeAssert[func(A) R](fn)
		a, ok1 := reflect.TypeAssert[A](args[0])
		if !ok || !ok1 {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(f(a)), true
	}
}

func call2[A, B, R any]() {
	callers[reflect.TypeFor[func(A, B) R]()] = func(fn reflect.Value, args []reflect.Value) (reflect.Value, bool) {
		f, ok := reflect.TypeAssert[func(A, B) R](fn)
		a, ok1 := reflect.TypeAssert[A](args[0])
		b, ok2 := reflect.TypeAssert[B](args[1])
		if !ok || !ok1 || !ok2 {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(f(a, b)), true
	}
}

func call3[A, B, C, R any]() {
	callers[reflect.TypeFor[func(A, B, C) R]()] = func(fn reflect.Value, args []reflect.Value) (reflect.Value, bool) {
		f, ok := reflect.TypeAssert[func(A, B, C) R](fn)
		a, ok1 := reflect.TypeAssert[A](args[0])
		b, ok2 := reflect.TypeAssert[B](args[1])
		c, ok3 := reflect.TypeAssert[C](args[2])
		if !ok || !ok1 || !ok2 || !ok3 {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(f(a, b, c)), true
	}
}
