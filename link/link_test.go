package link_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/esm"
	"github.com/bmesjs/bmes/link"
)

// graph builds the modules of a test from source texts. A specifier
// "./name" names the file "name"; a file whose name ends in .json is a JSON
// module; a specifier starting with "pkg" is unknown (a package that was
// not resolved); one naming no file fails to load.
func graph(t *testing.T, files map[string]string) []link.Module {
	t.Helper()
	var mods []link.Module
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.HasSuffix(name, ".json") {
			mods = append(mods, link.Module{Key: name, ExportNames: link.JSONExports, Type: "json"})
			continue
		}
		rec, err := esm.Parse(name, []byte(files[name]))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		m := link.Module{Key: name, Record: rec}
		for _, req := range rec.RequestedModules {
			target, ok := strings.CutPrefix(req.Specifier, "./")
			switch _, exists := files[target]; {
			case !ok:
				m.Requests = append(m.Requests, link.Request{Unknown: "bare specifier"})
			case !exists:
				m.Requests = append(m.Requests, link.Request{Err: "Cannot find module '" + req.Specifier + "'"})
			default:
				m.Requests = append(m.Requests, link.Request{Key: target})
			}
		}
		mods = append(mods, m)
	}
	return mods
}

func errorLines(res *link.Result) []string {
	var out []string
	for _, e := range res.Errors {
		out = append(out, e.Error())
	}
	return out
}

func TestLink(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string // Error() of each error, in order
	}{
		{
			name: "named import found",
			files: map[string]string{
				"a.js": "import {x} from './b.js'; x;",
				"b.js": "export const x = 1;",
			},
		},
		{
			name: "missing named import",
			files: map[string]string{
				"a.js": "import {x, y as z} from './b.js';",
				"b.js": "export const x = 1;",
			},
			want: []string{"a.js: The requested module './b.js' does not provide an export named 'y'"},
		},
		{
			name: "missing default import",
			files: map[string]string{
				"a.js": "import d from './b.js';",
				"b.js": "export const x = 1;",
			},
			want: []string{"a.js: The requested module './b.js' does not provide an export named 'default'"},
		},
		{
			name: "default never through export *",
			files: map[string]string{
				"a.js": "import d from './b.js';",
				"b.js": "export * from './c.js';",
				"c.js": "export default 1;",
			},
			want: []string{"a.js: The requested module './b.js' does not provide an export named 'default'"},
		},
		{
			name: "default re-exported by name is fine",
			files: map[string]string{
				"a.js": "import d from './b.js';",
				"b.js": "export {default} from './c.js'; export * from './c.js';",
				"c.js": "export default 1; export const y = 2;",
			},
		},
		{
			name: "named through export * is fine",
			files: map[string]string{
				"a.js": "import {y} from './b.js';",
				"b.js": "export * from './c.js';",
				"c.js": "export default 1; export const y = 2;",
			},
		},
		{
			name: "ambiguous through two export *",
			files: map[string]string{
				"a.js": "import {x} from './b.js';",
				"b.js": "export * from './c.js'; export * from './d.js';",
				"c.js": "export const x = 1;",
				"d.js": "export const x = 2;",
			},
			want: []string{"a.js: The requested module './b.js' contains conflicting star exports for name 'x'"},
		},
		{
			name: "same binding through two export * is not ambiguous",
			files: map[string]string{
				"a.js": "import {x} from './b.js';",
				"b.js": "export * from './c.js'; export * from './d.js';",
				"c.js": "export * from './e.js';",
				"d.js": "export {x} from './e.js';",
				"e.js": "export const x = 1;",
			},
		},
		{
			name: "ambiguous names not imported are fine, and a local export shadows",
			files: map[string]string{
				"a.js": "import * as ns from './b.js'; import {x} from './f.js';",
				"b.js": "export * from './c.js'; export * from './d.js';",
				"c.js": "export const x = 1;",
				"d.js": "export const x = 2;",
				"f.js": "export * from './c.js'; export * from './d.js'; export const x = 3;",
			},
		},
		{
			name: "ambiguous re-export",
			files: map[string]string{
				"a.js": "export {x} from './b.js';",
				"b.js": "export * from './c.js'; export * from './d.js';",
				"c.js": "export const x = 1;",
				"d.js": "export const x = 2;",
			},
			want: []string{"a.js: The requested module './b.js' contains conflicting star exports for name 'x'"},
		},
		{
			name: "missing re-export, named and imported-then-exported",
			files: map[string]string{
				"a.js": "export {x as y} from './b.js'; import {z} from './b.js'; export {z as w};",
				"b.js": "export const q = 1;",
			},
			want: []string{
				"a.js: The requested module './b.js' does not provide an export named 'x'",
				"a.js: The requested module './b.js' does not provide an export named 'z'",
				"a.js: The requested module './b.js' does not provide an export named 'z'",
			},
		},
		{
			name: "circular indirect exports",
			files: map[string]string{
				"a.js": "import {x} from './b.js';",
				"b.js": "export {x} from './c.js';",
				"c.js": "export {x} from './b.js';",
			},
			want: []string{
				"a.js: Detected cycle while resolving name 'x' in './b.js'",
				"b.js: Detected cycle while resolving name 'x' in './c.js'",
				"c.js: Detected cycle while resolving name 'x' in './b.js'",
			},
		},
		{
			name: "self re-export cycle",
			files: map[string]string{
				"a.js": "export {x} from './a.js';",
			},
			want: []string{"a.js: Detected cycle while resolving name 'x' in './a.js'"},
		},
		{
			name: "cycles of imports and of star exports that link fine",
			files: map[string]string{
				"a.js": "import {b} from './b.js'; export const a = 1; export * from './b.js';",
				"b.js": "import {a} from './a.js'; export const b = 2; export * from './a.js';",
				"c.js": "import {a, b} from './a.js'; import {a as a2} from './b.js';",
			},
		},
		{
			name: "a name missing in a star cycle",
			files: map[string]string{
				"a.js": "export * from './b.js';",
				"b.js": "export * from './a.js';",
				"c.js": "import {nope} from './a.js';",
			},
			want: []string{"c.js: The requested module './a.js' does not provide an export named 'nope'"},
		},
		{
			name: "namespace re-exports",
			files: map[string]string{
				"a.js": "import {ns, ns2} from './b.js'; import * as all from './b.js';",
				"b.js": "export * as ns from './c.js'; import * as n from './c.js'; export {n as ns2};",
				"c.js": "export const x = 1;",
			},
		},
		{
			name: "namespace names are not found through export *'s default",
			files: map[string]string{
				"a.js": "import {ns} from './b.js';",
				"b.js": "export * from './c.js';",
				"c.js": "export * as ns from './d.js';",
				"d.js": "",
			},
		},
		{
			name: "one namespace exported by two modules through export * is not ambiguous",
			files: map[string]string{
				"a.js": "export * from './b.js'; export * from './c.js'; export * from './d.js';",
				"b.js": "import * as foo from './e.js'; export {foo};",
				"c.js": "export * as foo from './e.js';",
				"d.js": "import * as foo from './e.js'; export {foo};",
				"e.js": "export const x = 1;",
				"f.js": "import {foo} from './a.js';",
			},
		},
		{
			name: "two namespaces under one name are ambiguous",
			files: map[string]string{
				"a.js": "export * from './b.js'; export * from './c.js';",
				"b.js": "import * as foo from './e.js'; export {foo};",
				"c.js": "export * as foo from './d.js';",
				"d.js": "",
				"e.js": "",
				"f.js": "import {foo} from './a.js';",
			},
			want: []string{"f.js: The requested module './a.js' contains conflicting star exports for name 'foo'"},
		},
		{
			name: "missing file",
			files: map[string]string{
				"a.js": "import {x} from './nope.js'; import './b.js';",
				"b.js": "",
			},
			want: []string{"a.js: Cannot find module './nope.js'"},
		},
		{
			name: "unknown targets are not errors",
			files: map[string]string{
				"a.js": "import {x} from 'pkg'; import {y} from './b.js'; import d from './c.js';",
				"b.js": "export * from 'pkg';",
				"c.js": "export {default} from 'pkg';",
			},
		},
		{
			name: "a known name beside an unknown star export",
			files: map[string]string{
				"a.js": "import {x, y} from './b.js';",
				"b.js": "export * from 'pkg'; export * from './c.js';",
				"c.js": "export const x = 1;",
			},
		},
		{
			name: "JSON module: default only",
			files: map[string]string{
				"a.js":      "import d from './d.json' with {type: 'json'}; import {name} from './d.json' with {type: 'json'}; import * as ns from './d.json' with {type: 'json'};",
				"d.json":    "",
				"b.js":      "export {default as data, name} from './d.json' with {type: 'json'};",
				"c.js":      "import d from './d.json';",
				"e.js":      "import x from './b.js' with {type: 'json'};",
				"f.js":      "import x from './d.json' with {type: 'css'};",
				"g.js":      "import x from './d.json' with {type: 'json', other: 'x'};",
				"h.js":      "import './d.json' with {type: 'json'};",
				"other.txt": "",
			},
			want: []string{
				"a.js: The requested module './d.json' does not provide an export named 'name'",
				"b.js: The requested module './d.json' does not provide an export named 'name'",
				"c.js: The requested module './d.json' needs an import attribute of \"type: json\"",
				"e.js: The requested module './b.js' is not of type \"json\"",
				"f.js: Import attribute \"type\" with value \"css\" is not supported",
				"g.js: Import attribute \"other\" with value \"x\" is not supported",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := link.Link(graph(t, tt.files), link.Options{})
			if got := errorLines(res); !slices.Equal(got, tt.want) {
				t.Errorf("errors:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
		})
	}
}

func TestBindings(t *testing.T) {
	files := map[string]string{
		"a.js":   "import {x, ns, ns2, d, deep} from './b.js'; import * as all from './b.js'; import {u} from 'pkg'; import j from './j.json' with {type: 'json'};",
		"b.js":   "export * from './c.js'; export * as ns from './c.js'; import * as n from './c.js'; export {n as ns2}; export {default as d} from './c.js'; export {x as deep} from './e.js';",
		"c.js":   "export let x = 1; export default function () {}",
		"e.js":   "export {x} from './c.js';",
		"j.json": "",
	}
	res := link.Link(graph(t, files), link.Options{})
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", errorLines(res))
	}
	want := []link.Binding{
		{Kind: link.Local, Module: "c.js", Name: "x"},
		{Kind: link.Namespace, Module: "c.js"},
		// `import * as n; export {n as ns2}` re-exports c's namespace.
		{Kind: link.Namespace, Module: "c.js"},
		{Kind: link.Local, Module: "c.js", Name: "*default*"},
		{Kind: link.Local, Module: "c.js", Name: "x"},
		{Kind: link.Namespace, Module: "b.js"},
		{Kind: link.Unknown},
		{Kind: link.Local, Module: "j.json", Name: "default"},
	}
	got := res.Imports["a.js"]
	if !slices.Equal(got, want) {
		t.Errorf("bindings of a.js:\n got %+v\nwant %+v", got, want)
	}
	if u := res.Unchecked["a.js"]; len(u) != 1 || u[0].Reason != "bare specifier" {
		t.Errorf("unchecked of a.js = %+v, want the one bare import", u)
	}
}

func TestGetExportedNames(t *testing.T) {
	files := map[string]string{
		"a.js": "export const a = 1; export * from './b.js'; export * from './c.js'; export {z} from './c.js'; export default 0;",
		"b.js": "export const b = 1, shared = 2; export default 1; export * from './a.js';",
		"c.js": "export const c = 1, shared = 3, z = 0;",
		"d.js": "export * from 'pkg'; export const d = 1;",
	}
	g := link.NewGraph(graph(t, files))
	names, complete := g.GetExportedNames("a.js")
	if want := []string{"a", "default", "z", "b", "shared", "c"}; !slices.Equal(names, want) || !complete {
		t.Errorf("GetExportedNames(a.js) = %q, %v; want %q, true", names, complete, want)
	}
	ns, complete := g.Namespace("a.js")
	if want := []string{"a", "default", "z", "b", "c"}; !slices.Equal(ns, want) || !complete {
		t.Errorf("Namespace(a.js) = %q, %v; want %q (shared is ambiguous), true", ns, complete, want)
	}
	if names, complete := g.GetExportedNames("d.js"); !slices.Equal(names, []string{"d"}) || complete {
		t.Errorf("GetExportedNames(d.js) = %q, %v; want [d], false", names, complete)
	}
	if r := g.ResolveExport("a.js", "shared"); r.Kind != link.Ambiguous {
		t.Errorf("ResolveExport(a.js, shared) = %+v, want ambiguous", r)
	}
	if r := g.ResolveExport("d.js", "other"); r.Kind != link.Indeterminate {
		t.Errorf("ResolveExport(d.js, other) = %+v, want indeterminate", r)
	}
}

// TestErrorIndexes checks that errors point at the request and entry that
// cause them, which is what a caller needs to find the source position.
func TestErrorIndexes(t *testing.T) {
	files := map[string]string{
		"a.js":  "import './ok.js'; import {p, q} from './ok.js'; export {r} from './ok.js'; import './gone.js';",
		"ok.js": "export const p = 1;",
	}
	res := link.Link(graph(t, files), link.Options{})
	var got []string
	for _, e := range res.Errors {
		got = append(got, fmt.Sprintf("%d/%d/%d/%s", e.Kind, e.Request, e.Entry, e.Name))
	}
	want := []string{
		fmt.Sprintf("%d/1/-1/", link.ErrLoad),
		fmt.Sprintf("%d/0/0/r", link.ErrIndirectExport),
		fmt.Sprintf("%d/0/1/q", link.ErrImport),
	}
	if !slices.Equal(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
}

// TestRecordWithoutRequests checks that a hand-built record whose
// Requests slice is short or indexes out of range is handled, not a panic:
// records come from sidecars anything could have written.
func TestRecordWithoutRequests(t *testing.T) {
	rec := &format.Record{
		RequestedModules:      []format.ModuleRequest{{Specifier: "./x.js"}},
		ImportEntries:         []format.ImportEntry{{ModuleRequest: 5, ImportName: "a", LocalName: "a"}, {ModuleRequest: 0, ImportName: "b", LocalName: "b"}},
		IndirectExportEntries: []format.IndirectExportEntry{{ExportName: "c", ModuleRequest: -1, ImportName: "c"}},
		StarExportEntries:     []format.StarExportEntry{{ModuleRequest: 9}},
	}
	g := link.NewGraph([]link.Module{{Key: "m", Record: rec}})
	res := g.Link(link.Options{})
	if len(res.Errors) != 0 {
		t.Errorf("errors: %v", errorLines(res))
	}
	if r := g.ResolveExport("m", "zz"); r.Kind != link.Indeterminate {
		t.Errorf("ResolveExport through an out-of-range star export = %+v, want indeterminate", r)
	}
}
