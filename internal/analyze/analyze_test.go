package analyze

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/bmesjs/bmes/diag"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		path   string
		kind   Kind
		loader Loader
	}{
		{"a.js", ESModule, LoaderJS},
		{"dir/a.mjs", ESModule, LoaderJS},
		{"a.ts", ESModule, LoaderTS},
		{"a.mts", ESModule, LoaderTS},
		{"a.tsx", ESModule, LoaderTSX},
		{"a.jsx", ESModule, LoaderJSX},
		{"a.cjs", CommonJS, LoaderJS},
		{"a.cts", CommonJS, LoaderTS},
		{"a.d.ts", Declaration, LoaderTS},
		{"a.d.mts", Declaration, LoaderTS},
		{"a.d.cts", Declaration, LoaderTS},
		{"styles.d.css.ts", Declaration, LoaderTS}, // allowArbitraryExtensions
		{"a.d.json.ts", Declaration, LoaderTS},
		{"a.d.tsx", ESModule, LoaderTSX}, // no such thing as a .d.tsx
		{"a.d.css.mts", ESModule, LoaderTS},
		{"dir.d.x/a.ts", ESModule, LoaderTS}, // only the base name counts
		{"a.d.js", ESModule, LoaderJS},
		{"a.json", NotJS, LoaderJS},
		{"a.js.bmes", NotJS, LoaderJS},
		{"a.JS", NotJS, LoaderJS}, // case-sensitive, as Node
		{"Makefile", NotJS, LoaderJS},
		{".js", ESModule, LoaderJS},
		{"a.ts.map", NotJS, LoaderJS},
	} {
		kind, loader := Classify(tc.path)
		if kind != tc.kind || loader != tc.loader {
			t.Errorf("Classify(%q) = %v, %v; want %v, %v", tc.path, kind, loader, tc.kind, tc.loader)
		}
	}
}

func TestPlanNotESM(t *testing.T) {
	a := New()
	for _, tc := range []struct {
		path string
		want error
	}{
		{"/src/a.cjs", ErrCommonJS},
		{"/src/a.cts", ErrCommonJS},
		{"/src/a.d.ts", ErrDeclaration},
		{"/src/a.d.mts", ErrDeclaration},
		{"/src/a.css", ErrNotJS},
	} {
		p, err := a.Plan(tc.path)
		if p != nil || !errors.Is(err, tc.want) {
			t.Errorf("Plan(%q) = %v, %v; want error wrapping %v", tc.path, p, err, tc.want)
		}
	}
}

// TestEsbuildVersion keeps EsbuildVersion, which goes into every options
// hash, in step with the esbuild that go.mod requires.
func TestEsbuildVersion(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?github\.com/evanw/esbuild v(\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod does not require github.com/evanw/esbuild")
	}
	if string(m[1]) != EsbuildVersion {
		t.Errorf("go.mod requires esbuild %s, EsbuildVersion is %s", m[1], EsbuildVersion)
	}
}

// TestOptionsHash checks what the options hash depends on: equal for the
// same tree at two places on disk, different when anything that shapes the
// record differs.
func TestOptionsHash(t *testing.T) {
	tree := map[string]string{
		"base.json":             `{"compilerOptions": {"target": "es2022", "baseUrl": "."}}`,
		"proj/tsconfig.json":    `{"extends": "../base.json", "compilerOptions": {"strict": true}}`,
		"other/tsconfig.json":   `{"compilerOptions": {"strict": true, "target": "es2022"}}`,
		"other2/tsconfig.json":  `{"compilerOptions": {"target": "es2022", "strict": true}}`,
		"changed/tsconfig.json": `{"compilerOptions": {"strict": false, "target": "es2022"}}`,
	}
	hash := func(root, rel string) uint64 {
		t.Helper()
		p, err := New().Plan(filepath.Join(root, filepath.FromSlash(rel)))
		if err != nil {
			t.Fatal(err)
		}
		return p.OptionsHash
	}
	root1, root2 := writeTree(t, tree), writeTree(t, tree)

	same := [][2]string{
		{"proj/src/a.ts", "proj/src/a.ts"},    // same tree, another root
		{"other/src/a.ts", "other2/src/a.ts"}, // key order does not matter
		{"x/a.js", "y/b.mjs"},                 // JavaScript: the loader alone
	}
	for _, s := range same {
		if hash(root1, s[0]) != hash(root2, s[1]) {
			t.Errorf("hash(%s) != hash(%s), want equal", s[0], s[1])
		}
	}
	differ := [][2]string{
		{"other/src/a.ts", "changed/src/a.ts"}, // an option's value
		{"other/src/a.ts", "other/src/a.tsx"},  // loader
		{"other/src/a.ts", "other/src/b.ts"},   // base name (esbuild names lowered classes after it)
		{"other/src/a.ts", "other/lib/a.ts"},   // parent folder name (… or after it)
		{"proj/src/a.ts", "other/src/a.ts"},    // baseUrl is set in one
		{"x/a.js", "x/a.jsx"},
		{"other/src/a.ts", "other/node_modules/src/a.ts"}, // inside node_modules: no tsconfig
	}
	for _, d := range differ {
		if hash(root1, d[0]) == hash(root1, d[1]) {
			t.Errorf("hash(%s) == hash(%s), want different", d[0], d[1])
		}
	}
}

// transformCase is one TypeScript/JSX source with its tsconfig options and
// what esbuild's output must and must not contain.
type transformCase struct {
	name     string
	file     string // relative path, picks the loader
	tsconfig string // compilerOptions JSON; "" for no tsconfig.json
	src      string
	want     []string // substrings of the output
	wantNot  []string
}

var transformCases = []transformCase{
	{
		name: "type-only imports and exports vanish",
		file: "a.ts",
		src: `import type { T } from './types';
import { type U, V } from './mixed';
export type { T };
export type W = U;
export interface I { x: T }
export const x: U = V;
`,
		want:    []string{`import { V } from "./mixed"`, `export const x = V`},
		wantNot: []string{"./types", "type", "interface"},
	},
	{
		name:    "unused import dropped",
		file:    "a.ts",
		src:     "import x from './y';\nimport * as ns from './z';\nexport const a: number = 1;\n",
		wantNot: []string{"./y", "./z"},
		want:    []string{"export const a = 1"},
	},
	{
		name:     "verbatimModuleSyntax keeps an unused import",
		file:     "a.ts",
		tsconfig: `{"verbatimModuleSyntax": true}`,
		src:      "import x from './y';\nexport const a = 1;\n",
		want:     []string{`import x from "./y"`},
	},
	{
		name:    "enum and namespace become vars",
		file:    "a.mts",
		src:     "export enum Color { Red, Green }\nexport namespace N { export const k = 1 }\n",
		want:    []string{"export var Color", "export var N"},
		wantNot: []string{"enum ", "namespace "},
	},
	{
		name: "standard decorators lowered",
		file: "a.ts",
		src: `function dec(value: any, ctx: any) {}
@dec export class A {
  @dec method() {}
  @dec accessor field = 1;
}
`,
		want:    []string{"__decorateElement", "class A"},
		wantNot: []string{"@", "accessor field"},
	},
	{
		name:     "experimentalDecorators lowered",
		file:     "a.ts",
		tsconfig: `{"experimentalDecorators": true}`,
		src:      "function dec(...args: any[]) {}\n@dec export class A { @dec m() {} }\n",
		want:     []string{"__decorateClass"},
		wantNot:  []string{"@"},
	},
	{
		name:    "nothing but decorators lowered",
		file:    "a.ts",
		src:     "export class A { #p = 1; static { } m() { return this.#p ?? 2 } }\nexport const f = async () => { for await (const x of []) {} };\n",
		want:    []string{"#p = 1", "??", "for await", "static {"},
		wantNot: []string{"__"},
	},
	{
		name:     "tsx with react-jsx",
		file:     "view.tsx",
		tsconfig: `{"jsx": "react-jsx"}`,
		src:      "export const el = <div className=\"x\">{1 as number}</div>;\n",
		want:     []string{`from "react/jsx-runtime"`, "jsx(\"div\""},
	},
	{
		name:     "jsx with jsxImportSource",
		file:     "view.jsx",
		tsconfig: `{"jsx": "react-jsx", "jsxImportSource": "preact"}`,
		src:      "export const el = <b />;\n",
		want:     []string{`from "preact/jsx-runtime"`},
	},
	{
		// esbuild ignores "preserve" (and "react-native") from a tsconfig on
		// purpose, so the output is always JavaScript a runtime can run.
		name:     "jsx preserve from tsconfig is not honoured",
		file:     "view.tsx",
		tsconfig: `{"jsx": "preserve"}`,
		src:      "export const el = <b />;\n",
		want:     []string{"React.createElement(\"b\""},
		wantNot:  []string{"<b"},
	},
	{
		name: "jsx without tsconfig uses React.createElement",
		file: "view.jsx",
		src:  "export const el = <b />;\n",
		want: []string{"React.createElement(\"b\""},
	},
	{
		name:     "ESM stays ESM under module commonjs",
		file:     "a.ts",
		tsconfig: `{"module": "commonjs", "target": "es5"}`,
		src:      "export const a = () => 1;\nexport default class {}\n",
		want:     []string{"export const a = () => 1", "export default class"},
		wantNot:  []string{"exports", "require"},
	},
}

// checkSourceMap checks the source map transform made: it names the
// source by base name, has mappings, and asking for it did not change the
// code (esbuild without a source map gives the same bytes).
func checkSourceMap(t *testing.T, p *Plan, src string, code, sm []byte) {
	t.Helper()
	var m struct {
		Version  int      `json:"version"`
		Sources  []string `json:"sources"`
		Mappings string   `json:"mappings"`
	}
	if err := json.Unmarshal(sm, &m); err != nil {
		t.Fatalf("source map %q: %v", sm, err)
	}
	if m.Version != 3 || len(m.Sources) != 1 || m.Sources[0] != filepath.Base(p.Path) || (len(code) > 0 && m.Mappings == "") {
		t.Errorf("source map %s: want version 3, sources [%q], mappings", sm, filepath.Base(p.Path))
	}
	if bytes.Contains(sm, []byte(filepath.Dir(p.Path))) {
		t.Errorf("source map holds the absolute path: %s", sm)
	}
	plain := api.Transform(src, api.TransformOptions{
		Loader:      esbuildLoaders[p.Loader],
		Sourcefile:  p.Path,
		TsconfigRaw: p.tsconfigRaw,
		Supported:   map[string]bool{"decorators": false},
	})
	if string(plain.Code) != string(code) {
		t.Errorf("the code differs with a source map:\n%s\nwithout:\n%s", code, plain.Code)
	}
}

func TestTransform(t *testing.T) {
	for _, tc := range transformCases {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{tc.file: tc.src}
			if tc.tsconfig != "" {
				files["tsconfig.json"] = `{"compilerOptions": ` + tc.tsconfig + `}`
			}
			dir := writeTree(t, files)
			p, err := New().Plan(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			out, sm, err := p.transform(tc.file, []byte(tc.src))
			if err != nil {
				t.Fatalf("transform: %v", err)
			}
			checkSourceMap(t, p, tc.src, out, sm)
			code := string(out)
			// esbuild's own annotations are the only '@' a lowered output may
			// hold; drop them so that wantNot "@" means "no decorator".
			code = strings.ReplaceAll(code, "/* @__PURE__ */", "")
			for _, w := range tc.want {
				if !strings.Contains(code, w) {
					t.Errorf("output lacks %q:\n%s", w, code)
				}
			}
			for _, w := range tc.wantNot {
				if strings.Contains(code, w) {
					t.Errorf("output contains %q:\n%s", w, code)
				}
			}
		})
	}
}

// TestTransformErrors checks that esbuild's errors become diagnostics at
// the source position, with 1-based columns, and that warnings do not
// count.
func TestTransformErrors(t *testing.T) {
	for _, tc := range []struct {
		file, src string
		at        string // the text the first error points at (first occurrence in src)
		msg       string // substring of the message
	}{
		{"a.ts", "let ok = 1;\nexport const x: = 1;\n", "= 1;\n", `Unexpected "="`},
		{"a.tsx", "export const el = <div></span>;\n", "span", "Unexpected closing \"span\" tag"},
		{"a.jsx", "let a;\n  let a;\n", "a;\n", `The symbol "a" has already been declared`},
		{"a.jsx", "export { nope };\n", "nope", `"nope" is not declared`},
	} {
		dir := t.TempDir()
		p, err := New().Plan(filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = p.transform(tc.file, []byte(tc.src))
		var l diag.List
		if !errors.As(err, &l) || len(l) == 0 {
			t.Errorf("%s: transform error = %v, want diagnostics", tc.file, err)
			continue
		}
		// The expected position, computed from the source: the last line
		// holding `at`, since every case puts the error on its last line.
		off := strings.LastIndex(tc.src, tc.at)
		line := strings.Count(tc.src[:off], "\n") + 1
		col := off - strings.LastIndex(tc.src[:off], "\n")
		d := l[0]
		if d.File != tc.file || d.Line != line || d.Col != col || !strings.Contains(d.Msg, tc.msg) {
			t.Errorf("%s: first diagnostic %v, want %s:%d:%d: …%s…", tc.file, d, tc.file, line, col, tc.msg)
		}
	}

	// A warning (typeof compared with a string no typeof gives) is no error.
	p, err := New().Plan(filepath.Join(t.TempDir(), "w.ts"))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := p.transform("w.ts", []byte("export const b = typeof x === 'strng';\n")); err != nil {
		t.Errorf("a source esbuild only warns about was rejected: %v", err)
	}
}

// TestAnalyzeOutputError: an early error esbuild does not check (it does
// not validate regular expressions) is caught by the parser in esbuild's
// output, and the diagnostic points at the TypeScript source, mapped back
// through a source map, not at the line of esbuild's output.
func TestAnalyzeOutputError(t *testing.T) {
	for _, tc := range []struct {
		file, src string
		line, col int
	}{
		// The type annotation and the interface vanish from the output, so
		// the regexp's line and column differ there.
		{"re.ts", "interface I {\n  x: number\n}\n\nexport const r: RegExp = /(?<n>a)(?<n>b)/;\n", 5, 36},
		{"re.tsx", "type T = string;\nconst el = <div/>;\nexport const é: T = 'é' + /a{2,1}/.source;\n", 3, 31},
	} {
		p, err := New().Plan(filepath.Join(t.TempDir(), tc.file))
		if err != nil {
			t.Fatal(err)
		}
		res, err := p.Analyze(tc.file, []byte(tc.src))
		var l diag.List
		if res != nil || !errors.As(err, &l) || len(l) == 0 {
			t.Fatalf("%s: Analyze = %v, %v; want diagnostics", tc.file, res, err)
		}
		d := l[0]
		if d.File != tc.file || d.Line != tc.line || d.Col != tc.col || !strings.Contains(d.Msg, "regular expression") {
			t.Errorf("%s: diagnostic %v, want %s:%d:%d: …regular expression…", tc.file, d, tc.file, tc.line, tc.col)
		}
	}
}

func TestDecodeVLQ(t *testing.T) {
	for _, tc := range []struct {
		seg  string
		want []int
		ok   bool
	}{
		{"AAAA", []int{0, 0, 0, 0}, true},
		{"CAAC", []int{1, 0, 0, 1}, true},
		{"D", []int{-1}, true},
		{"gB", []int{16}, true},
		{"2H", []int{123}, true},
		{"g", nil, false},  // continuation bit with nothing after it
		{"A*", nil, false}, // not base64
	} {
		got, ok := decodeVLQ(tc.seg)
		if ok != tc.ok || ok && !slices.Equal(got, tc.want) {
			t.Errorf("decodeVLQ(%q) = %v, %v; want %v, %v", tc.seg, got, ok, tc.want, tc.ok)
		}
	}
}
