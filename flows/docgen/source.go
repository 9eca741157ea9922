package docgen

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/flowctl/flowctl/flows"
)

// The doc comments of types are read from the source, so that the reference says what the code
// says about itself and can't fall behind it.

// typeDocs returns the doc comment of every type declared in the package in dir (tests left out).
func typeDocs(dir string) (map[string]string, error) {
	pkg, err := parsePackage(dir)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, t := range pkg.docs.Types {
		out[t.Name] = strings.TrimSpace(t.Doc)
	}
	return out, nil
}

type parsedPackage struct {
	files []*ast.File
	docs  *doc.Package
}

func parsePackage(dir string) (*parsedPackage, error) {
	fset := token.NewFileSet()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	sort.Strings(paths)
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	d, err := doc.NewFromFiles(fset, files, "", doc.PreserveAST)
	if err != nil {
		return nil, err
	}
	return &parsedPackage{files: files, docs: d}, nil
}

// eventType is an event type found in the runtime package's source.
type eventType struct {
	Name   string // as written in event JSON, e.g. msg_created
	GoType string // e.g. MsgCreated
	Doc    string
	Fields []eventField
}

type eventField struct {
	JSON     string
	Optional bool
}

// eventTypes finds the events of the runtime package: a struct that embeds BaseEvent is an event,
// and its type name is the literal given to base() where a value of it is made.
func eventTypes(dir string) ([]eventType, error) {
	pkg, err := parsePackage(dir)
	if err != nil {
		return nil, err
	}
	names := map[string]string{} // Go type → event type name
	for _, f := range pkg.files {
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			typ, ok := lit.Type.(*ast.Ident)
			if !ok {
				return true
			}
			for _, el := range lit.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				call, ok := kv.Value.(*ast.CallExpr)
				if key, _ := kv.Key.(*ast.Ident); key == nil || key.Name != "BaseEvent" || !ok || len(call.Args) != 1 {
					continue
				}
				if s, ok := call.Args[0].(*ast.BasicLit); ok && s.Kind == token.STRING {
					if name, err := strconv.Unquote(s.Value); err == nil {
						names[typ.Name] = name
					}
				}
			}
			return true
		})
	}
	var out []eventType
	for _, t := range pkg.docs.Types {
		st, ok := structOf(t)
		if !ok || !embeds(st, "BaseEvent") || names[t.Name] == "" {
			continue
		}
		ev := eventType{Name: names[t.Name], GoType: t.Name, Doc: eventSummary(t.Name, t.Doc)}
		for _, fld := range st.Fields.List {
			if len(fld.Names) == 0 || fld.Tag == nil {
				continue
			}
			tag, _ := strconv.Unquote(fld.Tag.Value)
			name, opts, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
			if name == "" || name == "-" {
				continue
			}
			ev.Fields = append(ev.Fields, eventField{JSON: name, Optional: strings.Contains(opts, "omitempty")})
		}
		out = append(out, ev)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func structOf(t *doc.Type) (*ast.StructType, bool) {
	if t.Decl == nil {
		return nil, false
	}
	for _, spec := range t.Decl.Specs {
		if ts, ok := spec.(*ast.TypeSpec); ok && ts.Name.Name == t.Name {
			st, ok := ts.Type.(*ast.StructType)
			return st, ok
		}
	}
	return nil, false
}

func embeds(st *ast.StructType, name string) bool {
	for _, f := range st.Fields.List {
		if id, ok := f.Type.(*ast.Ident); ok && len(f.Names) == 0 && id.Name == name {
			return true
		}
	}
	return false
}

// eventSummary turns "RunStarted: a run of a flow started." into "A run of a flow started."; the
// events' comments start with the Go name (and sometimes the event type in brackets), which mean
// nothing next to the event type's own heading.
func eventSummary(goName, comment string) string {
	s := strings.Join(strings.Fields(comment), " ")
	if rest, ok := strings.CutPrefix(s, goName+" "); ok {
		s = rest
	} else if rest, ok := strings.CutPrefix(s, goName+":"); ok {
		s = " " + rest
	} else {
		return flows.Sentence(s)
	}
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "(") {
		if i := strings.Index(s, ")"); i > 0 {
			s = strings.TrimSpace(s[i+1:])
		}
	}
	s = strings.TrimPrefix(s, ": ")
	s = strings.TrimPrefix(s, "is ")
	return flows.Sentence(s)
}

// typeSummary makes a Go doc comment ("SendMsg replies to the contact. ...") read as the
// description of a type name in flow files ("Replies to the contact. ...").
func typeSummary(goName, comment string) string {
	s := strings.Join(strings.Fields(comment), " ")
	if rest, ok := strings.CutPrefix(s, goName+" "); ok {
		s = rest
	}
	return flows.Sentence(s)
}
