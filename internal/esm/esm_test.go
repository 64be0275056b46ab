package esm

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// recordFields are the JSON dump's fields after "source", in order, with
// the value of an empty record.
var recordFields = []struct{ name, empty string }{
	{"requestedModules", "[]"},
	{"importEntries", "[]"},
	{"localExportEntries", "[]"},
	{"indirectExportEntries", "[]"},
	{"starExportEntries", "[]"},
	{"varNames", "[]"},
	{"lexicalNames", "[]"},
	{"hasTopLevelAwait", "false"},
	{"dynamicImports", "[]"},
	{"usesImportMeta", "false"},
}

// wantJSON builds the expected dump of t.js from the fields a case sets;
// the others are those of an empty record.
func wantJSON(t *testing.T, fields map[string]string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"source":"t.js"`)
	used := 0
	for _, f := range recordFields {
		v, ok := fields[f.name]
		if ok {
			used++
		} else {
			v = f.empty
		}
		b.WriteString(`,"` + f.name + `":` + v)
	}
	if used != len(fields) {
		t.Fatalf("case names a field that is not in the record: %v", fields)
	}
	b.WriteString("}")
	return b.String()
}

// TestRecord checks the record of one small module per rule of
// module-record.md.
func TestRecord(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		fields map[string]string
	}{
		{"empty", "", nil},
		{"import forms", `import a, {b as c, "d e" as f, default as g} from './m.js'; import * as ns from './m.js'; import './side.js'; import {} from './empty.js';`, map[string]string{
			"requestedModules": `[{"specifier":"./m.js","attributes":[]},{"specifier":"./side.js","attributes":[]},{"specifier":"./empty.js","attributes":[]}]`,
			"importEntries":    `[{"moduleRequest":0,"importName":"default","localName":"a"},{"moduleRequest":0,"importName":"b","localName":"c"},{"moduleRequest":0,"importName":"d e","localName":"f"},{"moduleRequest":0,"importName":"default","localName":"g"},{"moduleRequest":0,"importName":null,"localName":"ns"}]`,
		}},
		{"default and namespace", `import d, * as ns from 'm'`, map[string]string{
			"requestedModules": `[{"specifier":"m","attributes":[]}]`,
			"importEntries":    `[{"moduleRequest":0,"importName":"default","localName":"d"},{"moduleRequest":0,"importName":null,"localName":"ns"}]`,
		}},
		{"requests dedup by specifier and attributes", `import a from 'x' with {type: 'json'}; import b from 'x'; import c from 'x' with {'type': "json",}; export * from 'x' with { "b": "1", a: "2" }; import 'x' with { a: "2", b: '1' }`, map[string]string{
			"requestedModules":  `[{"specifier":"x","attributes":[{"key":"type","value":"json"}]},{"specifier":"x","attributes":[]},{"specifier":"x","attributes":[{"key":"a","value":"2"},{"key":"b","value":"1"}]}]`,
			"importEntries":     `[{"moduleRequest":0,"importName":"default","localName":"a"},{"moduleRequest":1,"importName":"default","localName":"b"},{"moduleRequest":0,"importName":"default","localName":"c"}]`,
			"starExportEntries": `[{"moduleRequest":2}]`,
		}},
		{"attribute keys sorted by UTF-16 code units", `import 'x' with { "\uE000": "bmp", "\u{10000}": "astral", if: "kw" }`, map[string]string{
			"requestedModules": "[{\"specifier\":\"x\",\"attributes\":[{\"key\":\"if\",\"value\":\"kw\"},{\"key\":\"\U00010000\",\"value\":\"astral\"},{\"key\":\"\uE000\",\"value\":\"bmp\"}]}]",
		}},
		{"local exports", `export var v = 1, {w, x: [y]} = {}; export let l; export const k = 1; export function f() {} export async function* g() {} export class C {}`, map[string]string{
			"localExportEntries": `[{"exportName":"v","localName":"v"},{"exportName":"w","localName":"w"},{"exportName":"y","localName":"y"},{"exportName":"l","localName":"l"},{"exportName":"k","localName":"k"},{"exportName":"f","localName":"f"},{"exportName":"g","localName":"g"},{"exportName":"C","localName":"C"}]`,
			"varNames":           `["v","w","y"]`,
			"lexicalNames":       `[{"name":"l","kind":"let"},{"name":"k","kind":"const"},{"name":"f","kind":"function"},{"name":"g","kind":"function"},{"name":"C","kind":"class"}]`,
		}},
		{"export default expression", `export default 1 + 2;`, map[string]string{
			"localExportEntries": `[{"exportName":"default","localName":"*default*"}]`,
			"lexicalNames":       `[{"name":"*default*","kind":"default"}]`,
		}},
		{"export default anonymous function", `export default function () {}`, map[string]string{
			"localExportEntries": `[{"exportName":"default","localName":"*default*"}]`,
			"lexicalNames":       `[{"name":"*default*","kind":"function"}]`,
		}},
		{"export default anonymous class", `export default class extends Object {}`, map[string]string{
			"localExportEntries": `[{"exportName":"default","localName":"*default*"}]`,
			"lexicalNames":       `[{"name":"*default*","kind":"class"}]`,
		}},
		{"export default named async function", `export default async function f() {}`, map[string]string{
			"localExportEntries": `[{"exportName":"default","localName":"f"}]`,
			"lexicalNames":       `[{"name":"f","kind":"function"}]`,
		}},
		{"export default arrow", `export default async () => 1`, map[string]string{
			"localExportEntries": `[{"exportName":"default","localName":"*default*"}]`,
			"lexicalNames":       `[{"name":"*default*","kind":"default"}]`,
		}},
		{"export split as ParseModule step 10", `import {a} from 'm'; import * as ns from 'm'; export {a as b, ns}; export {x as y} from 'n'; export * as all from 'n'; export * from 'o'; export {a};`, map[string]string{
			"requestedModules":      `[{"specifier":"m","attributes":[]},{"specifier":"n","attributes":[]},{"specifier":"o","attributes":[]}]`,
			"importEntries":         `[{"moduleRequest":0,"importName":"a","localName":"a"},{"moduleRequest":0,"importName":null,"localName":"ns"}]`,
			"localExportEntries":    `[{"exportName":"ns","localName":"ns"}]`,
			"indirectExportEntries": `[{"exportName":"b","moduleRequest":0,"importName":"a"},{"exportName":"y","moduleRequest":1,"importName":"x"},{"exportName":"all","moduleRequest":1,"importName":null},{"exportName":"a","moduleRequest":0,"importName":"a"}]`,
			"starExportEntries":     `[{"moduleRequest":2}]`,
		}},
		{"string export names", `var a; export { a as "a-b", a as "" }; export { "x y" as z, "w" } from 'm'`, map[string]string{
			"requestedModules":      `[{"specifier":"m","attributes":[]}]`,
			"localExportEntries":    `[{"exportName":"a-b","localName":"a"},{"exportName":"","localName":"a"}]`,
			"indirectExportEntries": `[{"exportName":"z","moduleRequest":0,"importName":"x y"},{"exportName":"w","moduleRequest":0,"importName":"w"}]`,
			"varNames":              `["a"]`,
		}},
		{"var names everywhere outside functions", `var a; { var b; } for (var c of []) {} for (var c2 in {}) {} for (var c3 = 0;;) break; try { var d } catch { var e } finally { var e2 } switch (1) { case 1: var f } l: var g; var [h, {i, j: [k = 1], ...r}] = [], a; if (1) var m; else { var n } while (0) var o; do var p; while (0); function fn() { var notMe } (() => { var notMe2 }); class K { static { var notMe3 } }`, map[string]string{
			"varNames":     `["a","b","c","c2","c3","d","e","e2","f","g","h","i","k","r","m","n","o","p"]`,
			"lexicalNames": `[{"name":"fn","kind":"function"},{"name":"K","kind":"class"}]`,
		}},
		{"lexical kinds", `let x, [y] = []; const {z} = {}; class Z {} function q() {} function* gen() {} async function af() {} async function* ag() {} using u = null; await using w = null; { let inner; function innerFn() {} }`, map[string]string{
			"lexicalNames":     `[{"name":"x","kind":"let"},{"name":"y","kind":"let"},{"name":"z","kind":"const"},{"name":"Z","kind":"class"},{"name":"q","kind":"function"},{"name":"gen","kind":"function"},{"name":"af","kind":"function"},{"name":"ag","kind":"function"},{"name":"u","kind":"using"},{"name":"w","kind":"await using"}]`,
			"hasTopLevelAwait": `true`,
		}},
		{"await expression at top level", `await 0;`, map[string]string{"hasTopLevelAwait": `true`}},
		{"await in block and loop", `if (x) { for (;;) { await y; break } }`, map[string]string{"hasTopLevelAwait": `true`}},
		{"for await", `for await (const a of b);`, map[string]string{"hasTopLevelAwait": `true`}},
		{"await in class computed key", `class A { [await k]() {} }`, map[string]string{"hasTopLevelAwait": `true`, "lexicalNames": `[{"name":"A","kind":"class"}]`}},
		{"await in class heritage", `(class extends (await B) {})`, map[string]string{"hasTopLevelAwait": `true`}},
		{"await in object computed key", `({ [await k]: 1 })`, map[string]string{"hasTopLevelAwait": `true`}},
		{"await inside functions only", `async function f() { await 1 } const g = async () => await 2; class C { async m() { await 3 } static async *n() { for await (const x of y); } }; x.await; ({ await: 1 });`, map[string]string{
			"lexicalNames": `[{"name":"f","kind":"function"},{"name":"g","kind":"const"},{"name":"C","kind":"class"}]`,
		}},
		{"dynamic imports", "import('./a.js'); import(('./b.js')); import(`./c.js`); import(x); import(`./${y}`); f(() => import('./d.js'), import(import('./e.js'), {with: {type: 'json'}}),); import('./f\\u0041.js',);", map[string]string{
			"dynamicImports": `[{"specifier":"./a.js"},{"specifier":"./b.js"},{"specifier":"./c.js"},{"specifier":null},{"specifier":null},{"specifier":"./d.js"},{"specifier":null},{"specifier":"./e.js"},{"specifier":"./fA.js"}]`,
		}},
		{"dynamic import not a static request", `const m = await import('./x.js')`, map[string]string{
			"lexicalNames":     `[{"name":"m","kind":"const"}]`,
			"hasTopLevelAwait": `true`,
			"dynamicImports":   `[{"specifier":"./x.js"}]`,
		}},
		{"import.meta in a function", `function f() { return import.meta.url }`, map[string]string{
			"lexicalNames":   `[{"name":"f","kind":"function"}]`,
			"usesImportMeta": `true`,
		}},
		{"cooked names and specifiers", `var a; export { \u0061 as "\x62" }; import 'x\u{1F600}'; import '\uD800';`, map[string]string{
			"requestedModules":   `[{"specifier":"x😀","attributes":[]},{"specifier":"\ud800","attributes":[]}]`,
			"localExportEntries": `[{"exportName":"b","localName":"a"}]`,
			"varNames":           `["a"]`,
		}},
		{"surrogate pair escapes join", `import '\uD83D\uDE00'`, map[string]string{
			"requestedModules": `[{"specifier":"😀","attributes":[]}]`,
		}},
		{"byte order mark and hashbang", "\uFEFF#!/usr/bin/env node\nexport const x = 1", map[string]string{
			"localExportEntries": `[{"exportName":"x","localName":"x"}]`,
			"lexicalNames":       `[{"name":"x","kind":"const"}]`,
		}},
		{"using is an identifier otherwise", "var using; using[0]; using\nx; for (using of []);", map[string]string{
			"varNames": `["using"]`,
		}},
		{"accessor and static as names", "class A { accessor() {} accessor = 1; accessor\n x; static; static\n y; get; set; async; 'constructor'() {} }", map[string]string{
			"lexicalNames": `[{"name":"A","kind":"class"}]`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := Parse("t.js", []byte(tt.src))
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.src, err)
			}
			got := string(rec.AppendJSON(nil, "t.js"))
			if want := wantJSON(t, tt.fields); got != want {
				t.Errorf("Parse(%q)\n got %s\nwant %s", tt.src, got, want)
			}
		})
	}
}

// TestInvalid checks that invalid modules are rejected at the right place
// with a message that names the problem.
func TestInvalid(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
		msg       string
	}{
		{"export {x}", 1, 9, "not defined"},
		{"var a; export {a}; export {a}", 1, 28, "duplicate export"},
		{"export default 1; export default 2", 1, 26, "duplicate export of 'default'"},
		{"var a; export {a as default}; export default 1", 1, 38, "duplicate export of 'default'"},
		{"import {a} from 'm'; var a", 1, 26, "already been declared"},
		{"function f() {} var f", 1, 21, "already been declared"},
		{"function f() {} function f() {}", 1, 26, "already been declared"},
		{"let a; { var a }", 1, 14, "already been declared"},
		{"{ let a; var a }", 1, 14, "already been declared"},
		{"function f(a) { let a }", 1, 21, "already been declared"},
		{"try {} catch (e) { let e }", 1, 24, "already been declared"},
		{"try {} catch ([e]) { var e }", 1, 26, "already been declared"},
		{"for (let i;;) { var i }", 1, 21, "already been declared"},
		{"{ function g() {} function g() {} }", 1, 28, "already been declared"},
		{"export {a as '\\uD800'}; var a", 1, 14, "well-formed"},
		{"export {'a'}; var a", 1, 9, "only be re-exported"},
		{"import {'a'} from 'm'", 1, 9, "followed by 'as'"},
		{"export {default}", 1, 9, "reserved word"},
		{"var await", 1, 5, "'await' cannot be used"},
		{"function f() { var await }", 1, 20, "'await' cannot be used"},
		{"function f() { await x }", 1, 16, "only valid in async functions"},
		{"\\u0061wait: 1", 1, 1, "'await' cannot be used"},
		{"v\\u0061r x", 1, 1, "reserved word 'var'"},
		{"var eval", 1, 5, "cannot be declared in strict mode"},
		{"arguments = 1", 1, 1, "cannot assign to 'arguments'"},
		{"function f(a, a) {}", 1, 15, "duplicate parameter"},
		{"function f(a = 1) { 'use strict' }", 1, 21, "non-simple parameters"},
		{"function f(a = 1) { 'a'; 'use strict'\nx }", 1, 26, "non-simple parameters"},
		{"(a = 1) => { \"use strict\"; }", 1, 14, "non-simple parameters"},
		{"with (a) {}", 1, 1, "with statements"},
		{"delete x", 1, 8, "unqualified identifier"},
		{"var let = 1", 1, 5, "reserved word 'let'"},
		{"var static", 1, 5, "reserved word 'static'"},
		{"'\\07'", 1, 2, "octal escape"},
		{"'\\8'", 1, 2, "\\8 and \\9"},
		{"010", 1, 1, "legacy octal"},
		{"08", 1, 1, "leading zero"},
		{"3in x", 1, 2, "immediately after numeric literal"},
		{"1_", 1, 2, "numeric separators"},
		{"1__0", 1, 2, "numeric separators"},
		{"0x_1", 1, 3, "numeric separators"},
		{"1.e1_", 1, 5, "numeric separators"},
		{"`\\unicode`", 1, 2, "invalid Unicode escape"},
		{"<!-- y", 1, 1, "unexpected token '<'"},
		{"a\n-->b", 2, 3, "unexpected token '>'"},
		{"return 1", 1, 1, "only valid inside functions"},
		{"new.target", 1, 1, "only valid inside functions"},
		{"l: l: ;", 1, 4, "already been declared"},
		{"break foo", 1, 7, "undefined label"},
		{"l: { continue l }", 1, 15, "not an iteration statement"},
		{"continue", 1, 1, "inside a loop"},
		{"break", 1, 1, "inside a loop or switch"},
		{"l: function f() {}", 1, 4, "labelled function"},
		{"if (a) function f() {}", 1, 8, "not allowed in this position"},
		{"({a: 1}) => x", 1, 6, "invalid arrow function parameter"},
		{"(a, ...b,) => x", 1, 9, "invalid arrow function parameter"},
		{"((a)) => x", 1, 2, "invalid arrow function parameter"},
		{"(a, a) => x", 1, 5, "duplicate parameter"},
		{"async (a = await 1) => x", 1, 12, "not allowed in arrow parameters"},
		{"(a,)", 1, 4, "unexpected token ')'"},
		{"({a = 1})", 1, 5, "shorthand property initializer"},
		{"({a = 1}).b = 2", 1, 5, "shorthand property initializer"},
		{"({__proto__: 1, __proto__: 2})", 1, 17, "duplicate __proto__"},
		{"1 = 2", 1, 1, "invalid assignment target"},
		{"a() = 1", 1, 1, "invalid assignment target"},
		{"++f()", 1, 3, "invalid assignment target"},
		{"[a + 1] = x", 1, 2, "invalid destructuring"},
		{"-a ** 2", 1, 1, "must be parenthesized"},
		{"a ?? b || c", 1, 1, "cannot mix ??"},
		{"a && b ?? c", 1, 1, "cannot mix ??"},
		{"a?.b`x`", 1, 5, "optional chain"},
		{"new a?.b()", 1, 6, "optional chain"},
		{"new import('x')", 1, 5, "import() cannot be used with new"},
		{"import(a, b, c)", 1, 14, "expected ')'"},
		{"import()", 1, 8, "requires a specifier"},
		{"for (async of x);", 1, 6, "may not be 'async'"},
		{"for (let of x);", 1, 13, "expected ';'"},
		{"for (using x in y);", 1, 14, "not allowed in for-in"},
		{"using {a} = b", 1, 7, "expected ';'"},
		{"{ using a }", 1, 9, "missing initializer"},
		{"switch (1) { case 1: using a = b }", 1, 22, "directly in a case clause"},
		{"function f() { for await (x of y); }", 1, 20, "only valid in async functions"},
		{"class A { constructor() {} constructor() {} }", 1, 28, "only have one constructor"},
		{"class A { get constructor() {} }", 1, 15, "may not be an accessor"},
		{"class A { *constructor() {} }", 1, 12, "may not be an accessor, generator"},
		{"class A { #constructor }", 1, 11, "#constructor"},
		{"class A { static prototype() {} }", 1, 18, "static property named 'prototype'"},
		{"class A { constructor = 1 }", 1, 11, "field named 'constructor'"},
		{"class A { #a; #a }", 1, 15, "already been declared"},
		{"class A { get #a() {} static set #a(v) {} }", 1, 34, "already been declared"},
		{"class A { m() { this.#b } }", 1, 22, "#b is not defined"},
		{"this.#x", 1, 6, "#x is not defined"},
		{"class A { constructor() { super() } }", 1, 27, "derived classes"},
		{"function f() { super.x }", 1, 16, "'super' keyword unexpected"},
		{"class A { x = arguments }", 1, 15, "'arguments' is not allowed"},
		{"class A { static { await 1 } }", 1, 20, "static blocks"},
		{"class A { x = () => arguments }", 1, 21, "'arguments' is not allowed"},
		{"function* g(a = yield) {}", 1, 17, "generator parameters"},
		{"async function f(a = await 1) {}", 1, 22, "async function parameters"},
		{"/a/gg", 1, 5, "duplicate regular expression flag"},
		{"/a/x", 1, 4, "invalid regular expression flag"},
		{"/a/uv", 1, 4, "u and v cannot be combined"},
		{"/(/", 1, 2, "invalid regular expression: unterminated group"},
		{"import x from 'm' assert { type: 'json' }", 1, 19, "import assertions (assert {…}) are not supported; use with {…}"},
		{"import x from 'm' with { type: 'json', type: 'json' }", 1, 40, "duplicate import attribute"},
		{"@dec class A {}", 1, 1, "decorators"},
		{"class A { accessor x }", 1, 11, "accessor fields"},
		{"import defer * as ns from 'm'", 1, 8, "import defer"},
		{"import source x from 'm'", 1, 8, "import source"},
		{"import.defer('m')", 1, 8, "import.defer"},
		{"import.source('m')", 1, 8, "import.source"},
		{"export using x = null", 1, 8, "unexpected token"},
		{"x\n++\n", 3, 1, "unexpected end of input"},
		{"throw\nx", 2, 1, "line break is not allowed after throw"},
		{"'unterminated", 1, 1, "unterminated string"},
		{"/* never closed", 1, 1, "unterminated comment"},
		{"a\n\n  b c", 3, 5, "expected ';'"},
		{"\uFEFFvar 1", 1, 8, "unexpected number"},
		{"x = " + strings.Repeat("(", maxDepth+1) + "1" + strings.Repeat(")", maxDepth+1), 1, 4 + maxDepth - 1, "nesting is too deep"},
		{strings.Repeat("!", 3*maxDepth) + "x", 1, maxDepth - 1, "nesting is too deep"},
	}
	for _, tt := range tests {
		_, err := Parse("bad.js", []byte(tt.src))
		src := tt.src
		if len(src) > 60 {
			src = src[:60] + "…"
		}
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want error containing %q", src, tt.msg)
			continue
		}
		var l diag.List
		if !errors.As(err, &l) || len(l) != 1 {
			t.Errorf("Parse(%q) error %v is not a diag.List of one", src, err)
			continue
		}
		d := l[0]
		if d.File != "bad.js" || d.Line != tt.line || d.Col != tt.col || !strings.Contains(d.Msg, tt.msg) {
			t.Errorf("Parse(%q) = %s, want bad.js:%d:%d: …%s…", src, d.Error(), tt.line, tt.col, tt.msg)
		}
	}
}

// TestGolden parses each testdata/*.mjs file and compares its record with
// the .json file next to it (go test -update rewrites them).
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.mjs")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden inputs in testdata/: %v", err)
	}
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := Parse(filepath.Base(file), src)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		got := append(rec.AppendJSON(nil, filepath.Base(file)), '\n')
		golden := strings.TrimSuffix(file, ".mjs") + ".json"
		if *update {
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("reading golden file: %v (run go test -update)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: record differs from %s\n got %s\nwant %s", file, golden, got, want)
		}
	}
}

// TestValid checks that tricky but valid modules parse.
func TestValid(t *testing.T) {
	srcs := []string{
		"a = b\n/hi/g.exec(c)",
		"x = y / z / w",
		"x = a ? /re/ : /re2/i",
		"let re = /[/]/u, re2 = /\\//",
		"tag`\\unicode and \\u{110000} ${x}`",
		"`a${`b${c}`}d`",
		"x = {a, b: [c, d = 1], ...e}",
		"[a, [b.c], {d: e[0]}] = f",
		"({a = 1, b: {c = 2}} = obj)",
		"for ({a = 1} of []);",
		"for ([a.b] in {});",
		"async => async",
		"async\n(x)",
		"(async function () {})",
		"var f = async (a, {b}, [c] = [], ...d) => a",
		"x = a => b => c",
		"x = (a, b) => { return a + b }",
		"x = () => ({})",
		"a\n++b",
		"a?.b?.[c]?.(d).e",
		"x = a?.5:1",
		"class Q { #y; static has(o) { return #y in o } }",
		"class A extends B { constructor() { super(); super.x; } static { this.y = new.target } x = super.z; #p; get #q() {} set #q(v) {} m() { return this.#p + this.#q } }",
		"class A { static async *[Symbol.iterator]() {} static x = 1; static #y = 2 }",
		"label: for (;;) { inner: for (;;) { continue label; } }",
		"a: b: while (0) continue a;",
		"switch (x) { case 1: let y; break; default: { using z = null } }",
		"try {} catch { } finally {}",
		"try {} catch (e) { var e }",
		"try {} catch (e) { for (var e in {}); }",
		"if (a) b; else c",
		"do x; while (0) y",
		"var \\u{61}bc = 1, ℮ = 2, ゛= 3",
		"x = 0b1_0, y = 0o7_7, z = 0xF_F, w = 1_000.5_5e1_0, v = 10n, u = .5, t = 5.",
		"'\\0' + '\\u{10FFFF}' + '\\x41' + '\\\n'",
		"x = a ** -b",
		"x = (-a) ** b",
		"x = a ?? (b || c)",
		"let async = 1; async = 2",
		"var yieldx, awaitx, of, get, set, from, as, target, meta",
		"({get a() {}, set a(v) {}, async b() {}, *c() {}, async *d() {}, get() {}, set() {}, async() {}, await: 1, if: 2, 1: 3, 'x': 4, [y]: 5, __proto__: 6, __proto__() {}})",
		"({__proto__: a, __proto__: b} = c)",
		"x = function* () { yield; yield* a; yield\nb }",
		"import.meta.url",
		"new new A()()",
		"new A.b.c(d)",
		"new (a())",
		"new import.meta.C()",
		"x = y\n(z)",
		"function f() { return\nx }",
		"a = b ? c : d ? e : f",
		"x = a in b",
		"for (var i = 0 in {};;) {}"[0:0] + "for (let [a, b] of c);",
		"for (const x of y) { let x }",
		"for await (using x of y);",
		"for (await using x of y);",
		"{ await using x = y, z = w }",
		"await\nusing\nx",
		"let x = class { static { var await2; } }",
		"export { x as if }; var x",
		"export { if } from 'm'",
		"import { if as iff } from 'm'",
		"export * as 'str' from 'm'",
		"x <!--y",
		"(a, b) => {}\n(c)",
		"with2 = 1",
		"using [a] = b",
		"var x = /[\\]/]/",
		"x = { async *[a]() {} }",
		"function f(a = () => arguments) {}",
		"class A { x = () => this; y = function () { return arguments } }",
		"async function f() { for await (x of y); await using z = null; }",
		"x = async function* () { await (yield 1) }",
		"var 𐐀 = 1",
		"x = \"\u2028\u2029\"",
		"x = " + strings.Repeat("[", 3000) + strings.Repeat("]", 3000),
		"function f(a = 1) { 'use strict'\n(x) }",
		"function f(a = 1) { 'use strict'\n+ x }",
	}
	for _, src := range srcs {
		if _, err := Parse("ok.js", []byte(src)); err != nil {
			if len(src) > 60 {
				src = src[:60] + "…"
			}
			t.Errorf("Parse(%q): %v", src, err)
		}
	}
}

// TestDecode checks the WHATWG decoding of invalid UTF-8: one U+FFFD per
// maximal subpart.
func TestDecode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ok", "ok"},
		{"\xEF\xBB\xBFbom", "bom"},
		{"a\xE2\x82b", "a\uFFFDb"},
		{"a\xE2\x82", "a\uFFFD"},
		{"\xF0\x9F\x98", "\uFFFD"},
		{"\xC0\xAF", "\uFFFD\uFFFD"},
		{"\xED\xA0\x80", "\uFFFD\uFFFD\uFFFD"},
		{"\xF4\x90\x80\x80", "\uFFFD\uFFFD\uFFFD\uFFFD"},
		{"\xFFx", "\uFFFDx"},
	}
	for _, tt := range tests {
		if got, _ := decode([]byte(tt.in)); got != tt.want {
			t.Errorf("decode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	rec, err := Parse("t.js", []byte("import 'a\xE2\x82b'"))
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.RequestedModules[0].Specifier; got != "a\uFFFDb" {
		t.Errorf("specifier with an invalid sequence = %q, want %q", got, "a\uFFFDb")
	}
}

// FuzzParse checks that Parse never panics and is deterministic.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"import a, {b as c} from 'm' with {type: 'json'}; export {c as d}; export * from 'n';",
		"var [a, {b = 1}] = c; let d = (e, ...f) => e; class G extends H { #i; static { } m() { return #i in this } }",
		"label: for await (const x of y) { if (x) continue label; else break }",
		"`a${b}c` + /re/g.source + 0x1_0n; import('x'); import.meta",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		rec1, err1 := Parse("f.js", src)
		rec2, err2 := Parse("f.js", src)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("Parse is not deterministic: %v vs %v", err1, err2)
		}
		if err1 != nil {
			if err1.Error() != err2.Error() {
				t.Fatalf("errors differ: %v vs %v", err1, err2)
			}
			return
		}
		if a, b := rec1.AppendJSON(nil, "f.js"), rec2.AppendJSON(nil, "f.js"); string(a) != string(b) {
			t.Fatalf("records differ:\n%s\n%s", a, b)
		}
	})
}
