package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/flowctl/flowctl/expressions"
)

// DecodeJSON decodes data into v. Its errors say where the problem is (line:col, and the
// field's JSON pointer for a value of the wrong kind) and what was expected, in JSON's words
// rather than Go's types, since the people reading them wrote JSON.
func DecodeJSON(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		at, msg := int(se.Offset)-1, se.Error()
		if strings.Contains(msg, "unexpected end") {
			at, msg = len(data), "unexpected end: the JSON is cut short"
		}
		line, col := expressions.Position(string(data), at)
		return fmt.Errorf("%d:%d: invalid JSON: %s", line, col, msg)
	case errors.As(err, &te):
		line, col := expressions.Position(string(data), int(te.Offset)-1)
		where := "the value"
		if te.Field != "" {
			where = "/" + strings.ReplaceAll(te.Field, ".", "/")
		}
		return fmt.Errorf("%d:%d: %s: expected %s, got %s", line, col, where, jsonKind(te.Type), te.Value)
	}
	return err
}

// jsonKind names the JSON a Go type decodes from.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	}
	return "another kind of value"
}
