package locate

import (
	"strings"
	"testing"
)

func TestScan(t *testing.T) {
	src := "// import {no} from './comment.js'\n" +
		"import d, {a as b, 'str' as c} from './m.js';\n" +
		"const re = /import {x} from 'y'/g, t = `import ${ {a: 1}.a } 'z'`; 1 / 2;\n" +
		"export {q} from \"./n.js\"; export * as ns from './o.js'\n" +
		"import './side.js'; export {loc as w}\n" +
		"export const k = 1; export default {a};\n" +
		"let p = import('./lazy.js'); x.import; import.meta;\n" +
		"import type {T} from './types.js';\n" +
		"import j from './d.json' with {type: 'json'}; import k from './d.json'; import {l} from './d.json' with {'type': \"json\", b: ''};\n"
	f := Scan([]byte(src))
	check := func(what string, got Pos, ok bool, line, col int) {
		t.Helper()
		if !ok || got != (Pos{line, col}) {
			t.Errorf("%s = %v, %v; want %d:%d", what, got, ok, line, col)
		}
	}
	p, ok := f.Request("./m.js")
	check("Request(./m.js)", p, ok, 2, 37)
	p, ok = f.Name(false, "./m.js", nil, "a")
	check("Name(a)", p, ok, 2, 12)
	p, ok = f.Name(false, "./m.js", nil, "str")
	check("Name(str)", p, ok, 2, 20)
	p, ok = f.Name(false, "./m.js", nil, "default", "d")
	check("Name(default, d)", p, ok, 2, 8)
	p, ok = f.Name(true, "./n.js", nil, "q")
	check("Name(export q)", p, ok, 4, 9)
	p, ok = f.Request("./o.js")
	check("Request(./o.js)", p, ok, 4, 47)
	p, ok = f.Request("./side.js")
	check("Request(./side.js)", p, ok, 5, 8)
	p, ok = f.Name(true, "", nil, "w")
	check("Name(export list w)", p, ok, 5, 36)
	p, ok = f.Dynamic("./lazy.js")
	check("Dynamic(./lazy.js)", p, ok, 7, 16)
	p, ok = f.Request("./types.js")
	check("Request(./types.js)", p, ok, 8, 22)
	p, ok = f.Request("./d.json")
	check("Request(./d.json)", p, ok, 9, 61)
	p, ok = f.Request("./d.json", "type", "json")
	check("Request(./d.json, type json)", p, ok, 9, 15)
	p, ok = f.Name(false, "./d.json", []string{"b", "", "type", "json"}, "l")
	check("Name(l, type json, b)", p, ok, 9, 81)
	for _, spec := range []string{"./comment.js", "y", "z"} {
		if p, ok := f.Request(spec); ok {
			t.Errorf("Request(%s) = %v: found in a comment, regexp or template", spec, p)
		}
	}
	if p, ok := f.Name(true, "", nil, "a"); ok {
		t.Errorf("export default {a} read as an export list: a at %v", p)
	}
}

func TestUnquote(t *testing.T) {
	for lit, want := range map[string]string{
		`'./a.js'`:      "./a.js",
		`"./\x61.js"`:   "./a.js",
		`'./\u0061.js'`: "./a.js",
		`'./\u{61}.js'`: "./a.js",
		`'it\'s'`:       "it's",
	} {
		if got := unquote(lit); got != want {
			t.Errorf("unquote(%s) = %q, want %q", lit, got, want)
		}
	}
}

// FuzzScan checks that Scan and the lookups never panic and that every
// position they return lies in the input: sources are files anything could
// have written.
func FuzzScan(f *testing.F) {
	for _, s := range []string{
		"import d, {a as b} from './m.js' with {type: 'json'}; export * as ns from \"x\"",
		"`${`${'a'}`}` / 1 /re/g import('x')",
		"export {a, 'b' as c}; import './q.js'",
		"\xEF\xBB\xBF#!/usr/bin/env node\nimport x from 'y'",
		"'unterminated", "/* unterminated", "`${", "import {", "export {",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		file := Scan(src)
		lines := 1 + strings.Count(string(src), "\n")
		for _, d := range file.Decls {
			for _, p := range append([]Pos{d.Pos, d.SpecPos}, namePositions(d)...) {
				if p.Line < 0 || p.Line > lines || p.Line > 0 && p.Col < 1 {
					t.Fatalf("position %v outside the input", p)
				}
			}
			file.Request(d.Specifier, d.Attributes...)
			file.Dynamic(d.Specifier)
		}
	})
}

func namePositions(d Decl) []Pos {
	var out []Pos
	for _, n := range d.Names {
		out = append(out, n.Pos)
	}
	return out
}
