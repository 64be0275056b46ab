package nodecache_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/internal/nodebin"
)

// TestScanRequires runs the generator's require scanner (requires.mjs) on
// sources that hold real calls and text that only looks like one.
func TestScanRequires(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"calls", `const a = require('a'); const b = require("b/c.js");`, []string{"a", "b/c.js"}},
		{"spaces and comments", "require /* x */ ( // y\n 'a' /* z */ )", []string{"a"}},
		{"template without substitution", "require(`a`)", []string{"a"}},
		{"template with substitution", "require(`a${x}`)", nil},
		{"not a string", `require(name); require('a' + b)`, nil},
		{"member calls", `x.require('a'); x?.require('b'); require.resolve('c')`, nil},
		{"in strings", `"require('a')"; 'require("b")'`, nil},
		{"in comments", "// require('a')\n/* require('b') */", nil},
		{"in a regexp", `const re = /require('a')/g; x = a / require('b') / 2;`, []string{"b"}},
		{"regexp with class", `x = /[/]require('a')/; require('b')`, []string{"b"}},
		{"in a template", "`require('a') ${require('b')} ${`${require('c')}`}` ; require('d')", []string{"b", "c", "d"}},
		{"object braces", "({a: 1}); if (x) { require('a') } /re/.test(s); require('b')", []string{"a", "b"}},
		{"hashbang", "#!/usr/bin/env node\nrequire('a')", []string{"a"}},
		{"escapes dropped", `require('a\x62')`, nil},
		{"identifier containing require", `myrequire('a'); require_('b'); $require('c')`, nil},
		{"after return", "function f() { return /require('a')/ }; require('b')", []string{"b"}},
		{"division after paren", "(a) / require('b') / 2", []string{"b"}},
		{"createRequire names", "import { createRequire } from 'node:module';\nconst load = createRequire(import.meta.url);\nlet r2 = module.createRequire(x);\nload('a'); r2('b'); other('c'); require('d')", []string{"a", "b", "d"}},
	}
	dir := t.TempDir()
	cases := make([]string, len(tests))
	for i, tc := range tests {
		cases[i] = tc.src
	}
	in, _ := json.Marshal(cases)
	if err := os.WriteFile(filepath.Join(dir, "cases.json"), in, 0o644); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("requires.mjs")
	script := `import { scanRequires, requireNames } from ` + strings.ReplaceAll(string(mustJSON(t, "file://"+abs)), `\/`, `/`) + `;
import fs from 'node:fs';
const cases = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
process.stdout.write(JSON.stringify(cases.map((src) => scanRequires(src, requireNames(src)))));`
	cmd := nodebin.Command(t, "node24", "--input-type=module", "-e", script, filepath.Join(dir, "cases.json"))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, out)
	}
	var got [][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for i, tc := range tests {
		if strings.Join(got[i], ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: %q gives %q, want %q", tc.name, tc.src, got[i], tc.want)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
