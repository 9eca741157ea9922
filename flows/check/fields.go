package check

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-playground/validator/v10"

	"github.com/flowctl/flowctl/actions"
	"github.com/flowctl/flowctl/flows"
)

// httpMethods are the methods a webhook may use.
var httpMethods = []string{"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"}

// contactStatuses are the statuses set_contact_status may set.
var contactStatuses = []string{"active", "blocked", "stopped", "archived"}

// structValidator is built once: validator caches struct metadata, so sharing it makes every later
// check cheap.
var structValidator = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	// Name fields as flow files do, so paths in messages match the JSON.
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" {
			return embedded // flattened in JSON, so dropped from paths
		}
		if name == "-" {
			return ""
		}
		if name == "" {
			return f.Name
		}
		return name
	})
	str := func(fn func(string) bool) validator.Func {
		return func(fl validator.FieldLevel) bool {
			if fl.Field().Kind() != reflect.String {
				return false
			}
			return fn(fl.Field().String())
		}
	}
	custom := map[string]func(string) bool{
		"http_method":      func(s string) bool { return slices.Contains(httpMethods, s) },
		"http_header_name": validHeaderName,
		"language":         validLanguage,
		"result_name":      validResultName,
		"result_category":  validResultName,
		"contact_status":   func(s string) bool { return slices.Contains(contactStatuses, s) },
		"flow_type":        func(s string) bool { return slices.Contains(flows.FlowTypes, flows.FlowType(s)) },
		"urn_scheme":       validURNScheme,
		"local_name":       validLocalName,
		"attachment":       validAttachment,
		// The built-in uuid rule is a regular expression; this is the same rule (8-4-4-4-12 hex
		// digits of either case) without one, as every node, exit and action has UUIDs.
		"uuid": flows.IsUUID,
	}
	for tag, fn := range custom {
		if err := v.RegisterValidation(tag, str(fn)); err != nil {
			panic(err) // only a malformed tag name fails, which is a programming error
		}
	}
	return v
})

// validHeaderName reports whether s is an HTTP header field name: a non-empty RFC 9110 token.
func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch >= 'a' && ch <= 'z', ch >= 'A' && ch <= 'Z', ch >= '0' && ch <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", ch) >= 0:
		default:
			return false
		}
	}
	return true
}

// attachmentKinds are the bare media kinds an attachment may name instead of a full media type
// (the engine reads "image:http://..." but not "text:...").
var attachmentKinds = []string{"image", "audio", "video", "application", "geo", "unavailable"}

// validAttachment accepts what the engine reads as an action's attachment: a media type
// ("image/jpeg") or a bare kind ("image"), a colon, then something for the URL, which may be a
// template. The media type itself is never a template: "@fields.pic" alone is refused.
func validAttachment(s string) bool {
	typ, url, ok := strings.Cut(s, ":")
	if !ok || url == "" {
		return false
	}
	if slices.Contains(attachmentKinds, strings.ToLower(typ)) {
		return true
	}
	main, sub, ok := strings.Cut(typ, "/")
	return ok && mediaToken(main) && mediaToken(sub)
}

// mediaToken reports whether s is a non-empty run of letters, digits and _ . + -.
func mediaToken(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_.+-", r)
		if !ok {
			return false
		}
	}
	return true
}

// validResultName accepts 1 to 64 characters, spaces too, as the reference does for result
// names and category names alike.
func validResultName(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 1 && n <= 64
}

// validURNScheme accepts the schemes the reference knows: a flow naming another doesn't read.
func validURNScheme(s string) bool { return flows.IsURNScheme(s) }

// validLocalName accepts what @locals.x can read: letters, digits and underscores, not starting
// with a digit, 1 to 64 characters.
func validLocalName(s string) bool {
	if s == "" || len(s) > 64 || s[0] >= '0' && s[0] <= '9' {
		return false
	}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '_') {
			return false
		}
	}
	return true
}

// checkActionFields runs the validate tags and Validate methods of the flow's actions.
func (c *checker) checkActionFields(f *flows.Flow, fw where) {
	for i, n := range f.Nodes {
		if n == nil {
			continue
		}
		for j, a := range n.Actions {
			if a == nil || reflect.ValueOf(a).IsNil() {
				continue
			}
			aw := c.actionAt(c.nodeAt(fw, i, n), j, a)
			c.validateStruct(a, aw, "action ")
			if custom, ok := a.(*actions.Custom); ok {
				c.checkCustomFields(custom, aw)
			}
			if v, ok := a.(interface{ Validate() error }); ok {
				if err := v.Validate(); err != nil {
					c.report(codeFieldRule, aw, "%s action: %v", a.Type(), err)
				}
			}
		}
	}
}

func (c *checker) validateStruct(s any, w where, what string) {
	err := safeValidate(s)
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		if err != nil {
			c.report(codeFieldRule, w, "can't check the fields of this %s: %v", strings.TrimSpace(what+"value"), err)
		}
		return
	}
	for _, fe := range verrs {
		path := fieldPath(fe.Namespace())
		fw := w
		for _, tok := range path {
			fw = fw.at(tok)
		}
		code, msg := fieldMessage(fe, displayPath(fe.Namespace()))
		c.report(code, fw, "%s", msg)
	}
}

// embedded names embedded structs in validator namespaces, which JSON flattens.
const embedded = "~embedded"

// displayPath drops the leading struct name of a validator namespace: "Flow.nodes[0].uuid" →
// "nodes[0].uuid", the form goflow uses in its messages.
func displayPath(ns string) string {
	ns = strings.ReplaceAll(ns, embedded+".", "")
	if i := strings.IndexAny(ns, ".["); i >= 0 {
		return strings.TrimPrefix(ns[i:], ".")
	}
	return ns
}

// fieldPath turns a validator namespace such as "SendMsg.quick_replies[0]" or
// "CallWebhook.headers[Accept:]" into JSON pointer tokens ["quick_replies", "0"] or
// ["headers", "Accept:"]. Map keys may hold dots and brackets, so a bracket ends only where a
// separator or the end follows it.
func fieldPath(ns string) []string {
	var toks []string
	first := true
	for i := 0; i < len(ns); {
		switch ns[i] {
		case '.':
			i++
		case '[':
			end := len(ns) - 1
			for k := i + 1; k < len(ns); k++ {
				if ns[k] == ']' && (k+1 == len(ns) || ns[k+1] == '.' || ns[k+1] == '[') {
					end = k
					break
				}
			}
			toks = append(toks, ns[i+1:end])
			i = end + 1
		default:
			k := i
			for k < len(ns) && ns[k] != '.' && ns[k] != '[' {
				k++
			}
			if !first && ns[i:k] != embedded {
				toks = append(toks, ns[i:k])
			}
			first = false
			i = k
		}
	}
	return toks
}

// fieldMessage words a validator error like the reference engine does ("field 'x' is
// required"), adding what was expected.
func fieldMessage(fe validator.FieldError, path string) (string, string) {
	field := fmt.Sprintf("field '%s'", path)
	isList := fe.Kind() == reflect.Slice || fe.Kind() == reflect.Array || fe.Kind() == reflect.Map
	val := fmt.Sprint(fe.Value())
	switch fe.Tag() {
	case "required_without":
		return codeFieldRequired, fmt.Sprintf("%s is required, or '%s' in its place", field, snakeCase(fe.Param()))
	case "required", "required_with", "required_if", "required_unless":
		return codeFieldRequired, field + " is required"
	case "excluded_with":
		other := snakeCase(fe.Param())
		return codeFieldRule, fmt.Sprintf("%s can't be given together with '%s': a reference names its asset by one of them; keep one", field, other)
	case "max", "lte", "lt":
		if isList {
			return codeFieldRange, fmt.Sprintf("%s must have a maximum of %s items", field, fe.Param())
		}
		if fe.Kind() == reflect.String {
			return codeFieldRange, fmt.Sprintf("%s must be less than or equal to %s (is %d long)", field, fe.Param(), len([]rune(val)))
		}
		return codeFieldRange, fmt.Sprintf("%s must be less than or equal to %s (is %s)", field, fe.Param(), val)
	case "min", "gte", "gt":
		if isList {
			return codeFieldRange, fmt.Sprintf("%s must have a minimum of %s items", field, fe.Param())
		}
		if fe.Kind() == reflect.String {
			return codeFieldRange, fmt.Sprintf("%s must be at least %s characters long", field, fe.Param())
		}
		return codeFieldRange, fmt.Sprintf("%s must be greater than or equal to %s (is %s)", field, fe.Param(), val)
	case "len":
		return codeFieldRange, fmt.Sprintf("%s must have a length of %s", field, fe.Param())
	case "uuid", "uuid4":
		return codeFieldFormat, fmt.Sprintf("%s must be a valid UUID, got '%s'", field, val)
	case "url", "http_url":
		return codeFieldFormat, fmt.Sprintf("%s must be a valid URL, got '%s'", field, val)
	case "email":
		return codeFieldFormat, fmt.Sprintf("%s must be a valid email address, got '%s'", field, val)
	case "http_header_name":
		return codeFieldFormat, fmt.Sprintf("header '%s' is not a valid HTTP header name (%s); expected letters, digits and !#$%%&'*+-.^_`|~ only", val, field)
	case "language":
		return codeFieldFormat, fmt.Sprintf("%s is not a valid language code, got '%s'; expected an ISO 639-3 code such as 'eng'", field, val)
	case "result_name":
		return codeFieldFormat, fmt.Sprintf("%s is not a valid result name, got '%s'; expected 1 to 64 characters", field, val)
	case "result_category":
		return codeFieldFormat, fmt.Sprintf("%s is not a valid result category, got '%s'; expected 1 to 64 characters", field, val)
	case "http_method":
		return codeFieldValue, fmt.Sprintf("%s is not a valid HTTP method, got '%s'; expected one of %s", field, val, strings.Join(httpMethods, ", "))
	case "contact_status":
		return codeFieldValue, fmt.Sprintf("%s is not a valid contact status, got '%s'; expected one of %s", field, val, strings.Join(contactStatuses, ", "))
	case "flow_type":
		names := make([]string, len(flows.FlowTypes))
		for i, t := range flows.FlowTypes {
			names[i] = string(t)
		}
		return codeFieldValue, fmt.Sprintf("%s is not a valid flow type, got '%s'; expected one of %s%s", field, val, strings.Join(names, ", "), suggest(val, names))
	case "urn_scheme":
		return codeFieldValue, fmt.Sprintf("%s is not a valid URN scheme, got '%s'; expected one of %s%s", field, val, strings.Join(flows.URNSchemes, ", "), suggest(val, flows.URNSchemes))
	case "local_name":
		return codeFieldFormat, fmt.Sprintf("%s is not a valid local name, got '%s'; expected 1 to 64 letters, digits and _, not starting with a digit", field, val)
	case "attachment":
		return codeFieldFormat, fmt.Sprintf("%s is not a valid attachment, got '%s'; expected a media type or one of %s, a colon, then the URL (a template may follow the colon), such as 'image/jpeg:@fields.photo'", field, val, strings.Join(attachmentKinds, ", "))
	case "oneof":
		return codeFieldValue, fmt.Sprintf("%s must be one of [%s], got '%s'", field, fe.Param(), val)
	}
	if fe.Param() != "" {
		return codeFieldValue, fmt.Sprintf("%s failed the '%s=%s' rule, got '%s'", field, fe.Tag(), fe.Param(), val)
	}
	return codeFieldValue, fmt.Sprintf("%s failed the '%s' rule, got '%s'", field, fe.Tag(), val)
}

// snakeCase turns a Go field name into its JSON name: NameMatch → name_match, UUID → uuid.
func snakeCase(name string) string {
	var b strings.Builder
	for i, r := range name {
		upper := r >= 'A' && r <= 'Z'
		if upper && i > 0 {
			prevLower := name[i-1] >= 'a' && name[i-1] <= 'z'
			nextLower := i+1 < len(name) && name[i+1] >= 'a' && name[i+1] <= 'z'
			if prevLower || nextLower {
				b.WriteByte('_')
			}
		}
		if upper {
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// safeValidate runs the validator, turning a panic (an action using a tag nobody registered) into
// an error: a programming mistake in one action type must not stop the other checks.
func safeValidate(s any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return structValidator().Struct(s)
}
