package jshooks

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/dop251/goja"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
	"github.com/flowctl/flowctl/flows/read"
)

// TestStructValueIsTheJSON: hook code sees an action read through its type's plan exactly as
// the action's JSON: the same members in the same order, the same values (JSON.stringify of
// both is the same text), for every built-in action type empty, with every field set (strings
// with escapes and invalid UTF-8 too), and for every action of the flows in testdata.
func TestStructValueIsTheJSON(t *testing.T) {
	_, rt := loadJS(t, Options{}, `"use strict";`)
	stringify := func(v goja.Value) string {
		out, err := rt.stringify(goja.Undefined(), v)
		if err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	keys := func(v goja.Value) string {
		return strings.Join(v.(*goja.Object).Keys(), ",")
	}
	check := func(what string, a flows.Action) {
		t.Helper()
		planned := rt.structValue(a)
		if planned == nil {
			t.Errorf("%s: %T has no plan", what, a)
			return
		}
		whole := rt.object(jsonShape(a))
		if got, want := keys(planned), keys(whole); got != want {
			t.Errorf("%s: members %s, want %s", what, got, want)
		}
		if got, want := stringify(planned), stringify(whole); got != want {
			t.Errorf("%s: reads as\n%s\nwant\n%s", what, got, want)
		}
		for _, k := range whole.(*goja.Object).Keys() {
			if !planned.(*goja.Object).Get(k).StrictEquals(planned.(*goja.Object).Get(k)) {
				t.Errorf("%s: %s is made anew at each read", what, k)
			}
		}
		if v := planned.(*goja.Object).Get("no_such_member"); v != nil {
			t.Errorf("%s: a member it hasn't reads as %v", what, v)
		}
	}
	for _, typ := range actions.Types() {
		ctor, _ := actions.Lookup(typ)
		check(typ+" (empty)", ctor())
		for _, s := range []string{"Hi <b>@contact.name</b> & \u00e9\u2028\"quoted\"\\", "bad \xff\xfe bytes, half a surrogate \xed\xa0\x80"} {
			a := ctor()
			fill(reflect.ValueOf(a).Elem(), s, 0)
			check(typ+" (filled)", a)
		}
	}
	n := 0
	_ = filepath.WalkDir(filepath.Join("..", "testdata"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		doc := read.Read(path, src)
		for _, f := range doc.Flows {
			for _, node := range f.Nodes {
				for _, a := range node.Actions {
					if _, custom := a.(*actions.Custom); !custom {
						check(path+" "+a.UUID(), a)
						n++
					}
				}
			}
		}
		return nil
	})
	if n < 50 {
		t.Errorf("only %d actions in testdata's flows", n)
	}
}

// TestCustomActionsAreTheirJSON: a custom type's action writes its own JSON, which hook code
// sees; it has no plan.
func TestCustomActionsAreTheirJSON(t *testing.T) {
	if planOf(reflect.TypeFor[*actions.Custom]()) != nil {
		t.Fatal("a type with its own MarshalJSON has a plan")
	}
	type tagged struct {
		A string `json:"a,string"`
	}
	type clash struct {
		Inner
		Name string `json:"name"`
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[*tagged](), reflect.TypeFor[*clash](), reflect.TypeFor[string]()} {
		if planOf(typ) != nil {
			t.Errorf("%s has a plan, whose rules encoding/json doesn't follow", typ)
		}
	}
}

// Inner is embedded by a test struct whose own field takes the same name.
type Inner struct {
	Name string `json:"name"`
}

// fill sets every exported field of v to a value that isn't empty: strings to s, numbers to 7,
// lists to one item, maps to one entry, pointers to a filled value.
func fill(v reflect.Value, s string, depth int) {
	// the fields of an embedded struct of an unexported type can be set, not the struct
	if depth > 6 || !v.CanSet() && v.Kind() != reflect.Struct {
		return
	}
	if v.Type() == reflect.TypeFor[json.RawMessage]() {
		b, _ := json.Marshal(s) // a raw field holds JSON: a string of s
		v.SetBytes(b)
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(7)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(7)
	case reflect.Float32, reflect.Float64:
		v.SetFloat(2.5)
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		fill(p.Elem(), s, depth+1)
		v.Set(p)
	case reflect.Slice:
		l := reflect.MakeSlice(v.Type(), 1, 1)
		fill(l.Index(0), s, depth+1)
		v.Set(l)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(k, "key", depth+1)
		fill(e, s, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			if f := v.Type().Field(i); f.IsExported() || f.Anonymous {
				fill(v.Field(i), s, depth+1)
			}
		}
	}
}
