package quickjs

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/sidecar"
)

// writeTree writes files (slash-separated names relative to dir) and
// returns dir with symbolic links resolved, as the runtime names modules by
// real paths.
func writeTree(t testing.TB, dir string, files map[string]string) string {
	t.Helper()
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		p := filepath.Join(real, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return real
}

// buildSidecar returns the sidecar bmes-precompile -engine quickjs writes
// for the module at path: the analyser's record and QuickJS bytecode of
// its code, compiled under the name the runtime gives it with root as the
// project directory.
func buildSidecar(t testing.TB, c *Compiler, root, path string) []byte {
	t.Helper()
	b, err := sidecarBytes(c, root, path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sidecarBytes is buildSidecar returning its error: the analyser's or
// QuickJS's refusal of the module, say.
func sidecarBytes(c *Compiler, root, path string) ([]byte, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	plan, err := analyze.New().Plan(path)
	if err != nil {
		return nil, err
	}
	name := ModuleName(root, path)
	res, err := plan.Analyze(name, src)
	if err != nil {
		return nil, fmt.Errorf("analysing %s: %w", name, err)
	}
	code := src
	if res.Code != nil {
		code = res.Code
	}
	payload, err := c.Compile(name, code)
	if err != nil {
		return nil, fmt.Errorf("compiling %s: %w", name, err)
	}
	return format.Encode(res.Record, src, format.Meta{
		Producer:    analyze.Producer,
		OptionsHash: plan.OptionsHash,
		TypeScript:  res.Code != nil,
		Code:        res.Code,
		Bytecode:    []format.Bytecode{{Tag: Tag(), Payload: payload}},
	})
}

// writeSidecars writes the sidecar of every module in modules (names
// relative to root) and returns them by name.
func writeSidecars(t testing.TB, root string, modules ...string) map[string][]byte {
	t.Helper()
	c, err := NewCompiler()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	out := map[string][]byte{}
	for _, m := range modules {
		p := filepath.Join(root, filepath.FromSlash(m))
		b := buildSidecar(t, c, root, p)
		if err := os.WriteFile(sidecar.Path(p), b, 0o644); err != nil {
			t.Fatal(err)
		}
		out[m] = b
	}
	return out
}

// runResult is what one run of a module graph printed and did.
type runResult struct {
	stdout, stderr string
	err            string // the error Run returned, "" for none
	stats          Stats
}

// output is everything a user sees of a run.
func (r runResult) output() string {
	return r.stdout + "\x00" + r.stderr + "\x00" + r.err
}

// runEntry runs entry in a fresh Runtime with root as the project
// directory.
func runEntry(t testing.TB, root, entry string, ignoreSidecars bool) runResult {
	t.Helper()
	var stdout, stderr bytes.Buffer
	rt, err := New(Options{Root: root, IgnoreSidecars: ignoreSidecars, Stdout: &stdout, Stderr: &stderr})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	var r runResult
	if err := rt.Run(filepath.Join(root, filepath.FromSlash(entry))); err != nil {
		r.err = err.Error()
		if e, ok := err.(*Error); ok {
			r.err = e.Report
		}
	}
	r.stdout, r.stderr, r.stats = stdout.String(), stderr.String(), rt.Stats()
	return r
}

// section returns the offset and length of the first section with id in
// the sidecar b, or ok false.
func section(b []byte, id uint32) (off, length int, ok bool) {
	le := binary.LittleEndian
	if len(b) < 48 {
		return 0, 0, false
	}
	for i := range int(le.Uint16(b[42:])) {
		e := 48 + 16*i
		if e+16 > len(b) {
			break
		}
		if le.Uint32(b[e:]) == id {
			return int(le.Uint32(b[e+4:])), int(le.Uint32(b[e+8:])), true
		}
	}
	return 0, 0, false
}

// payloadSpan returns where the QuickJS payload and its bytecode start in
// the sidecar b, and where the section ends.
func payloadSpan(t testing.TB, b []byte) (payload, bytecode, end int) {
	t.Helper()
	off, n, ok := section(b, format.SectionBytecode)
	if !ok {
		t.Fatal("no bytecode section")
	}
	le := binary.LittleEndian
	payload = off + int(le.Uint32(b[off+4:]))
	nameLen := int(le.Uint32(b[payload+8:]))
	return payload, payload + align8(payloadHeader+nameLen), off + n
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
