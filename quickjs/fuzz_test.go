package quickjs

import (
	"bytes"
	"encoding/binary"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/format/formattest"
)

// FuzzDecide feeds arbitrary sidecar bytes to decide, the only path from a
// sidecar to JS_ReadObject, for the modules of hostileGraph. decide must
// never panic, and must return bytecode only when the sidecar validates
// against the source (every check of SPEC.md section 9 that a runtime whose
// bytecode carries its own record makes: format.ValidateRunnable), is of
// the module's loader, carries a section with exactly this build's tag,
// and that section's payload names this module and the hash of the code it
// runs; the bytecode returned must be that payload's. The payload is taken
// apart here by hand, apart from decide's code. Each input is tried as is
// and with its checksums recomputed, so that mutations get past the
// checksums to the checks behind them. The seeds are the graph's real
// sidecars, each also beside the next module's source, and with its tag's
// bytecode version changed.
//
// The test binary links all of QuickJS, whose coverage makes every new
// input look interesting for a while: without a cap on minimisation
// (60 s per input by default) the fuzzer hardly runs.
//
//	go test -run=^$ -fuzz=FuzzDecide -parallel=1 -fuzzminimizetime=200x -fuzztime=5m ./quickjs
func FuzzDecide(f *testing.F) {
	root := writeTree(f, f.TempDir(), hostileGraph)
	scs := writeSidecars(f, root, hostileModules...)
	for i, m := range hostileModules {
		f.Add(scs[m], uint8(i))
		if b := scs[m]; len(b) > 0 {
			// A sidecar beside another module, and the tag's version
			// changed in place.
			f.Add(b, uint8(i+1))
			c := bytes.Clone(b)
			if j := bytes.Index(c, []byte(" bc")); j > 0 {
				c[j+3]++
			}
			f.Add(formattest.Refix(c), uint8(i))
		}
	}
	f.Fuzz(func(t *testing.T, sc []byte, which uint8) {
		m := hostileModules[int(which)%len(hostileModules)]
		checkDecide(t, sc, m)
		checkDecide(t, formattest.Refix(bytes.Clone(sc)), m)
	})
}

func checkDecide(t *testing.T, sc []byte, m string) {
	t.Helper()
	source, ts := src(m), isTS(m)
	d := decide(sc, source, m, ts)
	checkReadAhead(t, sc, source, m, ts, d)
	if d.bytecode == nil {
		if d.code != nil && !ts {
			t.Fatalf("decide returns a code section for a JavaScript module (reason %q)", d.reason)
		}
		return
	}
	if d.reason != "" {
		t.Fatalf("decide returns bytecode with reason %q", d.reason)
	}
	// A runtime whose bytecode carries its own record may skip decoding
	// the string table and record (SPEC.md section 9): every other check.
	s, err := format.ValidateRunnable(sc, source, format.Expect{})
	if err != nil {
		t.Fatalf("decide returns bytecode from a sidecar that does not validate: %v", err)
	}
	if s.Header.TypeScript() != ts {
		t.Fatalf("decide returns bytecode from a sidecar of the other loader")
	}
	var payload []byte
	n := 0
	for _, b := range s.Bytecode {
		if b.Tag.Engine == tag.Engine && b.Tag.Version == tag.Version {
			payload = b.Payload
			n++
		}
	}
	if n != 1 {
		t.Fatalf("decide returns bytecode from a sidecar with %d sections of this build's tag", n)
	}
	code := source
	if ts {
		code = s.Code
	}
	le := binary.LittleEndian
	if len(payload) < 12 {
		t.Fatalf("decide returns bytecode from a payload of %d bytes", len(payload))
	}
	nameLen := int(le.Uint32(payload[8:]))
	if 12+nameLen > len(payload) {
		t.Fatalf("decide returns bytecode from a payload whose name runs past its end")
	}
	name := payload[12 : 12+nameLen]
	if string(name) != m || !utf8.Valid(name) {
		t.Fatalf("decide returns bytecode compiled as %q for module %q", name, m)
	}
	if got := le.Uint64(payload); got != format.HashSource(code) {
		t.Fatalf("decide returns bytecode compiled from code hashing to %#x, not %#x", got, format.HashSource(code))
	}
	start := (12 + nameLen + 7) &^ 7
	if start >= len(payload) || !bytes.Equal(d.bytecode, payload[start:]) {
		t.Fatalf("decide returns %d bytes that are not the payload's bytecode", len(d.bytecode))
	}
	for _, c := range payload[12+nameLen : start] {
		if c != 0 {
			t.Fatalf("decide returns bytecode from a payload with nonzero padding")
		}
	}
}

// checkReadAhead checks the read-ahead crawler's view of the same bytes:
// decideRunnable decides as decide does, and the record it decodes for the
// crawl (from a sidecar whose bytecode is used) is the one Validate
// decodes, or an error exactly when Validate fails.
func checkReadAhead(t *testing.T, sc, source []byte, m string, ts bool, d decision) {
	t.Helper()
	d2, run := decideRunnable(sc, source, m, ts)
	if !bytes.Equal(d2.bytecode, d.bytecode) || !bytes.Equal(d2.code, d.code) || d2.reason != d.reason {
		t.Fatalf("decideRunnable decides otherwise than decide: %q, %q", d2.reason, d.reason)
	}
	if d2.bytecode == nil {
		return
	}
	rec, err := run.Record()
	full, verr := format.Validate(sc, source, format.Expect{})
	if (err == nil) != (verr == nil) {
		t.Fatalf("the record for the crawl: %v; Validate: %v", err, verr)
	}
	if err == nil && !reflect.DeepEqual(rec.RequestedModules, full.Record.RequestedModules) {
		t.Fatalf("the crawl would follow %v, the record lists %v", rec.RequestedModules, full.Record.RequestedModules)
	}
}
