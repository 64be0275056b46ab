package format_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors and the FuzzDecode seed corpus")

// vectorDir holds the test vectors at the repository root: for each source
// NAME, NAME.bmes (its sidecar) and NAME.json (the module-record.md dump of
// the record, one line). The JavaScript reader is tested against them too.
//
// Regenerate with: go test ./format -run TestVectors -update
const vectorDir = "../testdata/vectors"

// vector is one test vector: a source and the record (and, for TypeScript,
// the JavaScript) the analyzer must produce for it. The records are written
// out by hand from module-record.md, so that the vectors test the format
// without trusting the analyzer; TestVectorsMatchAnalyzer checks that the
// analyzer agrees.
type vector struct {
	name string // file name in vectorDir
	src  string
	rec  *format.Record
	code string // esbuild's output for TypeScript sources
	// sourceMap is esbuild's source map of code (SPEC.md section 7a), as
	// the analyzer rewrites it: sources by base name, no sourcesContent.
	sourceMap string
	// bytecode are bytecode sections (SPEC.md section 7). The payloads are
	// made up: the vectors test the format, not an engine.
	bytecode []format.Bytecode
}

var vectors = []vector{
	{
		name: "entries.js",
		src: `import def, { a as b, "str name" as c } from "./dep.js";
import * as ns from "./dep.js";
import "./side-effect.js";
import json from "./data.json" with { type: "json" };
export { b as reexported };
export * from "./star.js";
export * as starNs from "./star.js";
export { x as y, default as z } from "./other.js";
export { ns };
export var counter = 0, { p, q: [r] } = { q: [] };
export let l1 = 1;
export const c1 = 2;
export class K {}
export function f() { return import("./lazy.js"); }
export async function* g() {}
using u = null;
export default 42;
for (var i = 0; i < 1; i++) { var inner; }
import(` + "`./tmpl.js`" + `);
import(ns.name);
`,
		rec: &format.Record{
			RequestedModules: []format.ModuleRequest{
				{Specifier: "./dep.js"},
				{Specifier: "./side-effect.js"},
				{Specifier: "./data.json", Attributes: []format.Attribute{{Key: "type", Value: "json"}}},
				{Specifier: "./star.js"},
				{Specifier: "./other.js"},
			},
			ImportEntries: []format.ImportEntry{
				{ModuleRequest: 0, ImportName: "default", LocalName: "def"},
				{ModuleRequest: 0, ImportName: "a", LocalName: "b"},
				{ModuleRequest: 0, ImportName: "str name", LocalName: "c"},
				{ModuleRequest: 0, Namespace: true, LocalName: "ns"},
				{ModuleRequest: 2, ImportName: "default", LocalName: "json"},
			},
			LocalExportEntries: []format.LocalExportEntry{
				{ExportName: "ns", LocalName: "ns"},
				{ExportName: "counter", LocalName: "counter"},
				{ExportName: "p", LocalName: "p"},
				{ExportName: "r", LocalName: "r"},
				{ExportName: "l1", LocalName: "l1"},
				{ExportName: "c1", LocalName: "c1"},
				{ExportName: "K", LocalName: "K"},
				{ExportName: "f", LocalName: "f"},
				{ExportName: "g", LocalName: "g"},
				{ExportName: "default", LocalName: "*default*"},
			},
			IndirectExportEntries: []format.IndirectExportEntry{
				{ExportName: "reexported", ModuleRequest: 0, ImportName: "a"},
				{ExportName: "starNs", ModuleRequest: 3, Namespace: true},
				{ExportName: "y", ModuleRequest: 4, ImportName: "x"},
				{ExportName: "z", ModuleRequest: 4, ImportName: "default"},
			},
			StarExportEntries: []format.StarExportEntry{{ModuleRequest: 3}},
			VarNames:          []string{"counter", "p", "r", "i", "inner"},
			LexicalNames: []format.LexicalName{
				{Name: "l1", Kind: format.KindLet},
				{Name: "c1", Kind: format.KindConst},
				{Name: "K", Kind: format.KindClass},
				{Name: "f", Kind: format.KindFunction},
				{Name: "g", Kind: format.KindFunction},
				{Name: "u", Kind: format.KindUsing},
				{Name: "*default*", Kind: format.KindDefault},
			},
			DynamicImports: []format.DynamicImport{
				{Specifier: "./lazy.js", Known: true},
				{Specifier: "./tmpl.js", Known: true},
				{Known: false},
			},
		},
	},
	{
		name: "typescript.ts",
		src: `import type { Options } from "./types.js";
import { render, unused } from "./render.js";
export type { Options };
export enum Color { Red, Green }
export const output: string = render({} as Options);
export default function main(): void {}
`,
		code: `import { render } from "./render.js";
export var Color = /* @__PURE__ */ ((Color2) => {
  Color2[Color2["Red"] = 0] = "Red";
  Color2[Color2["Green"] = 1] = "Green";
  return Color2;
})(Color || {});
export const output = render({});
export default function main() {
}
`,
		sourceMap: `{"version":3,"sources":["typescript.ts"],"mappings":"AACA,SAAS,cAAsB;AAExB,WAAK,QAAL,kBAAKA,WAAL;AAAa,EAAAA,cAAA;AAAK,EAAAA,cAAA;AAAb,SAAAA;AAAA,GAAA;AACL,aAAM,SAAiB,OAAO,CAAC,CAAY;AAClD,wBAAwB,OAAa;AAAC;","names":["Color"]}`,
		rec: &format.Record{
			RequestedModules:   []format.ModuleRequest{{Specifier: "./render.js"}},
			ImportEntries:      []format.ImportEntry{{ModuleRequest: 0, ImportName: "render", LocalName: "render"}},
			LocalExportEntries: []format.LocalExportEntry{{ExportName: "Color", LocalName: "Color"}, {ExportName: "output", LocalName: "output"}, {ExportName: "default", LocalName: "main"}},
			VarNames:           []string{"Color"},
			LexicalNames:       []format.LexicalName{{Name: "output", Kind: format.KindConst}, {Name: "main", Kind: format.KindFunction}},
		},
	},
	{
		name: "lone-surrogate.js",
		src: `import "\uD800";
export const s = "\uDC00";
import("\uDBFF-\uDFFF\uD83D\uDE00");
`,
		rec: &format.Record{
			RequestedModules:   []format.ModuleRequest{{Specifier: "\xED\xA0\x80"}},
			LocalExportEntries: []format.LocalExportEntry{{ExportName: "s", LocalName: "s"}},
			LexicalNames:       []format.LexicalName{{Name: "s", Kind: format.KindConst}},
			DynamicImports:     []format.DynamicImport{{Specifier: "\xED\xAF\xBF-\xED\xBF\xBF\U0001F600", Known: true}},
		},
	},
	{
		name: "tla.js",
		src: `const m = await import("./m.js");
await using res = m;
for await (const x of []) {}
`,
		rec: &format.Record{
			LexicalNames:     []format.LexicalName{{Name: "m", Kind: format.KindConst}, {Name: "res", Kind: format.KindAwaitUsing}},
			HasTopLevelAwait: true,
			DynamicImports:   []format.DynamicImport{{Specifier: "./m.js", Known: true}},
		},
	},
	{
		name: "import-meta.js",
		src:  "export const url = import.meta.url;\n",
		rec: &format.Record{
			LocalExportEntries: []format.LocalExportEntry{{ExportName: "url", LocalName: "url"}},
			LexicalNames:       []format.LexicalName{{Name: "url", Kind: format.KindConst}},
			UsesImportMeta:     true,
		},
	},
	{
		// Two engines' sections, given out of tag order: the encoder sorts
		// them, and a reader reports both tags.
		name: "bytecode.js",
		src:  "export default 1;\n",
		rec: &format.Record{
			LocalExportEntries: []format.LocalExportEntry{{ExportName: "default", LocalName: "*default*"}},
			LexicalNames:       []format.LexicalName{{Name: "*default*", Kind: format.KindDefault}},
		},
		bytecode: []format.Bytecode{
			{Tag: format.EngineTag{Engine: "example", Version: "2 little-endian"}, Payload: []byte("\x00\x01payload of nine")},
			{Tag: format.EngineTag{Engine: "another", Version: ""}, Payload: nil},
		},
	},
	{
		name: "empty.js",
		src:  "",
		rec:  &format.Record{},
	},
	{
		name: "attributes.js",
		src: `import a from "./a.json" with { type: "json" };
import b from "./a.json";
export { c } from "./a.json" with { type: "json" };
import d from "./x.js" with { "x-mode": "raw", type: "json" };
`,
		rec: &format.Record{
			RequestedModules: []format.ModuleRequest{
				{Specifier: "./a.json", Attributes: []format.Attribute{{Key: "type", Value: "json"}}},
				{Specifier: "./a.json"},
				{Specifier: "./x.js", Attributes: []format.Attribute{{Key: "type", Value: "json"}, {Key: "x-mode", Value: "raw"}}},
			},
			ImportEntries: []format.ImportEntry{
				{ModuleRequest: 0, ImportName: "default", LocalName: "a"},
				{ModuleRequest: 1, ImportName: "default", LocalName: "b"},
				{ModuleRequest: 2, ImportName: "default", LocalName: "d"},
			},
			IndirectExportEntries: []format.IndirectExportEntry{{ExportName: "c", ModuleRequest: 0, ImportName: "c"}},
		},
	},
	{
		// Attribute keys sort in UTF-16 code unit order, which differs
		// from the byte order of their WTF-8 here.
		name: "attribute-order.js",
		src:  `import o from "./o.js" with { "\uFF5E": "a", "\uDE00": "b", "\u{1F600}": "c", "\uD83D": "d" };` + "\n",
		rec: &format.Record{
			RequestedModules: []format.ModuleRequest{{Specifier: "./o.js", Attributes: []format.Attribute{
				{Key: "\xED\xA0\xBD", Value: "d"},
				{Key: "\U0001F600", Value: "c"},
				{Key: "\xED\xB8\x80", Value: "b"},
				{Key: "\uFF5E", Value: "a"},
			}}},
			ImportEntries: []format.ImportEntry{{ModuleRequest: 0, ImportName: "default", LocalName: "o"}},
		},
	},
}

// plan returns the analyzer's plan for a vector: its options hash goes in
// the sidecar, as it would when bmes-precompile writes one.
func (v *vector) plan(t *testing.T) *analyze.Plan {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join(vectorDir, v.name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := analyze.New().Plan(abs)
	if err != nil {
		t.Fatalf("analyze.Plan(%s): %v", abs, err)
	}
	return p
}

func (v *vector) typeScript() bool { return !strings.HasSuffix(v.name, ".js") }

// encode builds the vector's sidecar from the table.
func (v *vector) encode(t *testing.T) []byte {
	t.Helper()
	meta := format.Meta{Producer: analyze.Producer, OptionsHash: v.plan(t).OptionsHash, TypeScript: v.typeScript(), Bytecode: v.bytecode}
	if meta.TypeScript {
		meta.Code = []byte(v.code)
	}
	if v.sourceMap != "" {
		meta.SourceMap = []byte(v.sourceMap)
	}
	b, err := format.Encode(v.rec, []byte(v.src), meta)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return b
}

func (v *vector) json() []byte {
	return append(v.rec.AppendJSON(nil, v.name), '\n')
}

// TestVectors checks the files in testdata/vectors byte for byte against
// what Encode and AppendJSON give for the table, so that any change to the
// format shows up in review as a change to the vectors.
func TestVectors(t *testing.T) {
	if *update {
		if err := os.MkdirAll(vectorDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			files := []struct {
				path string
				want []byte
			}{
				{v.name, []byte(v.src)},
				{v.name + ".bmes", v.encode(t)},
				{v.name + ".json", v.json()},
			}
			for _, f := range files {
				path := filepath.Join(vectorDir, f.path)
				if *update {
					if err := os.WriteFile(path, f.want, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				got, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (regenerate with: go test ./format -run TestVectors -update)", err)
				}
				if !bytes.Equal(got, f.want) {
					t.Errorf("%s differs from what the table encodes to (regenerate with: go test ./format -run TestVectors -update)\ngot  %q\nwant %q", path, got, f.want)
				}
			}

			// The checked-in sidecar must validate against its source and
			// decode to the record and code of the table.
			b, err := os.ReadFile(filepath.Join(vectorDir, v.name+".bmes"))
			if err != nil {
				t.Fatal(err)
			}
			sc, err := format.Validate(b, []byte(v.src), format.Expect{Producer: analyze.Producer, OptionsHash: v.plan(t).OptionsHash})
			if err != nil {
				t.Fatalf("Validate: %v", err)
			}
			if got, want := sc.Record.AppendJSON(nil, v.name), v.rec.AppendJSON(nil, v.name); !bytes.Equal(got, want) {
				t.Errorf("decoded record\ngot  %s\nwant %s", got, want)
			}
			if v.typeScript() != (sc.Code != nil) || string(sc.Code) != v.code {
				t.Errorf("decoded code %q, want %q", sc.Code, v.code)
			}
			if string(sc.SourceMap) != v.sourceMap || (sc.SourceMap == nil) != (v.sourceMap == "") {
				t.Errorf("decoded source map %q, want %q", sc.SourceMap, v.sourceMap)
			}
			if len(sc.Bytecode) != len(v.bytecode) {
				t.Errorf("decoded %d bytecode sections, want %d", len(sc.Bytecode), len(v.bytecode))
			}
			for _, want := range v.bytecode {
				if got, ok := sc.BytecodeFor(want.Tag); !ok || !bytes.Equal(got, want.Payload) {
					t.Errorf("bytecode for %q: %q, want %q", want.Tag, got, want.Payload)
				}
			}
			t.Logf("%s: %d source bytes, %d sidecar bytes", v.name, len(v.src), len(b))
		})
	}
	if *update {
		writeFuzzSeeds(t)
	}
}

// writeFuzzSeeds stores every vector's sidecar as a seed of FuzzDecode, in
// the file format of go test's fuzzing corpus.
func writeFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzDecode")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, v := range vectors {
		seed := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", v.encode(t))
		name := "vector-" + strings.ReplaceAll(v.name, ".", "-")
		if err := os.WriteFile(filepath.Join(dir, name), []byte(seed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestVectorsMatchAnalyzer checks the vector table against the analyzer:
// the hand-written records and code must be what bmes produces for the
// sources. A difference is a bug in one of the two.
func TestVectorsMatchAnalyzer(t *testing.T) {
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			res, err := v.plan(t).Analyze(v.name, []byte(v.src))
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			if got, want := res.Record.AppendJSON(nil, v.name), v.rec.AppendJSON(nil, v.name); !bytes.Equal(got, want) {
				t.Errorf("analyzer record\ngot  %s\ntable %s", got, want)
			}
			if string(res.SourceMap) != v.sourceMap {
				t.Errorf("analyzer source map\ngot  %s\ntable %s", res.SourceMap, v.sourceMap)
			}
			if string(res.Code) != v.code {
				t.Errorf("analyzer code\ngot  %q\ntable %q", res.Code, v.code)
			}
		})
	}
}
