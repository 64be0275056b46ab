package quickjs

import (
	"bytes"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/format"
)

// TestPortVersion keeps PortVersion, which goes into the engine tag, equal
// to the modernc.org/libquickjs that go.mod builds with: a tag that named
// another port would let bytecode of one build reach another.
func TestPortVersion(t *testing.T) {
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^\s*(?:require\s+)?modernc\.org/libquickjs (v\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod does not require modernc.org/libquickjs")
	}
	if string(m[1]) != PortVersion {
		t.Errorf("go.mod requires libquickjs %s, PortVersion is %s", m[1], PortVersion)
	}
	if !strings.Contains(Tag().Version, "@"+PortVersion+" ") || Tag().Engine != "quickjs" {
		t.Errorf("tag %q does not name the port version", Tag())
	}
}

func TestPayload(t *testing.T) {
	p := encodePayload(42, "src/a.js", []byte("bytecode"))
	h, name, bc, err := decodePayload(p)
	if err != nil || h != 42 || name != "src/a.js" || string(bc) != "bytecode" {
		t.Errorf("decodePayload = %d, %q, %q, %v", h, name, bc, err)
	}
	// Bytecode starts 8-aligned within the payload.
	if off := len(p) - len("bytecode"); off%8 != 0 {
		t.Errorf("bytecode at offset %d", off)
	}
	bad := [][]byte{
		nil,
		p[:11],
		p[:len(p)-len("bytecode")], // no bytecode
		append(bytes.Clone(p[:8]), 0xff, 0xff, 0xff, 0x7f), // name past the end
	}
	nonzero := bytes.Clone(p)
	nonzero[12+len("src/a.js")] = 1 // padding
	bad = append(bad, nonzero)
	badUTF8 := bytes.Clone(p)
	badUTF8[12] = 0xff
	bad = append(bad, badUTF8)
	for i, b := range bad {
		if _, _, _, err := decodePayload(b); err == nil {
			t.Errorf("case %d: decodePayload accepted %q", i, b)
		}
	}
}

// TestCompileDeterministic: the same module compiled twice, by two
// compilers, with other modules compiled in between, gives the same bytes;
// another name gives other bytes.
func TestCompileDeterministic(t *testing.T) {
	code := []byte("import { x } from './x.js';\nexport const y = x + 1;\nexport function f(a) { return a * y; }\n")
	c1, err := NewCompiler()
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	c2, err := NewCompiler()
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	a, err := c1.Compile("src/y.js", code)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Compile("src/x.js", []byte("export const x = 1;")); err != nil {
		t.Fatal(err)
	}
	b, err := c2.Compile("src/y.js", code)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Error("two compiles of one module differ")
	}
	other, _ := c1.Compile("lib/y.js", code)
	if bytes.Equal(a, other) {
		t.Error("the module name is not in the bytecode")
	}
	h, name, _, err := decodePayload(a)
	if err != nil || name != "src/y.js" || h != format.HashSource(code) {
		t.Errorf("payload: %q, %#x, %v", name, h, err)
	}
	if _, err := c1.Compile("bad.js", []byte("export let = 1;")); err == nil || !strings.Contains(err.Error(), "bad.js:1") {
		t.Errorf("syntax error: %v, want one naming bad.js:1", err)
	}
}
