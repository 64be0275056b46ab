package quickjs

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"unsafe"

	"modernc.org/libc"
	lib "modernc.org/libquickjs"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/format/formattest"
)

// hostileGraph is a small module graph with what the records describe:
// named and namespace imports, export *, a cycle (a.js and b.js), top-level
// await, import(), import.meta.url, a JSON module and a TypeScript module.
var hostileGraph = map[string]string{
	"package.json": `{"name": "hostile", "type": "module"}`,
	"main.js": `import { a, double, fromB } from "./a.js";
import * as ns from "./b.js";
import data from "./data.json" with { type: "json" };
import { typed } from "./d.ts";
console.log("a", a, double(21), fromB(), Object.keys(ns).join(","), data.name, typed);
const m = await import("./c.js");
console.log(m.default.s, [1, 2, 3].map((x) => x * 2).join(), /x+y/.test("xxy"), import.meta.url.endsWith("/main.js"));
`,
	"a.js": `import { b } from "./b.js";
export const a = "alpha";
export function double(x) { return x * 2; }
export function fromB() { return String(b); }
export class K { #p = 1; get p() { return this.#p; } }
`,
	"b.js":      "export * from \"./a.js\";\nexport const b = 2n ** 70n;\n",
	"c.js":      "export default { s: `text ${1.5}`, list: [true, null, undefined] };\n",
	"d.ts":      "export const typed: number = 7;\nexport type T = { x: string };\n",
	"data.json": `{"name": "data"}`,
}

var hostileModules = []string{"main.js", "a.js", "b.js", "c.js", "d.ts"}

// hostileFixture is the graph on disk with valid sidecars, and what a run
// from source prints.
type hostileFixture struct {
	root     string
	sidecars map[string][]byte // module name → its valid sidecar
	base     runResult         // the run from source
}

func newHostileFixture(t *testing.T) *hostileFixture {
	t.Helper()
	root := writeTree(t, t.TempDir(), hostileGraph)
	f := &hostileFixture{root: root, sidecars: writeSidecars(t, root, hostileModules...)}
	f.base = runEntry(t, root, "main.js", true)
	if f.base.err != "" || !strings.Contains(f.base.stdout, "alpha 42") {
		t.Fatalf("the graph does not run from source: %+v", f.base)
	}
	good := runEntry(t, root, "main.js", false)
	if good.output() != f.base.output() {
		t.Fatalf("valid sidecars: output\n%q\nwant\n%q", good.output(), f.base.output())
	}
	if want := len(hostileModules); good.stats.FromSidecar != want || good.stats.Rejected != 0 {
		t.Fatalf("valid sidecars: stats %+v, want %d modules from sidecars and none rejected", good.stats, want)
	}
	return f
}

// copyTo makes a copy of the fixture's tree (sources and valid sidecars)
// in a directory of its own, for a test that edits it.
func (f *hostileFixture) copyTo(t *testing.T) string {
	t.Helper()
	files := maps.Clone(hostileGraph)
	for m, b := range f.sidecars {
		files[m+".bmes"] = string(b)
	}
	return writeTree(t, t.TempDir(), files)
}

// src returns a module's source bytes.
func src(m string) []byte { return []byte(hostileGraph[m]) }

func isTS(m string) bool { return strings.HasSuffix(m, ".ts") }

// checkRun runs the graph in root, where module m's sidecar has been
// replaced, and checks that the run prints exactly what the source run
// prints, that m's sidecar was rejected for reason, and that every other
// module still came from its sidecar. reason "" means the damage left
// the bytecode intact and m must come from its sidecar too.
func (f *hostileFixture) checkRun(t *testing.T, root, m, reason, what string) {
	t.Helper()
	r := runEntry(t, root, "main.js", false)
	if r.output() != f.base.output() {
		t.Errorf("%s: output\n%q\nwant (from source)\n%q", what, r.output(), f.base.output())
	}
	want := Stats{Modules: len(hostileModules), FromSidecar: len(hostileModules) - 1, FromSource: 1, Rejected: 1, Reasons: map[string]int{reason: 1}, JSON: 1}
	if reason == "" {
		want = Stats{Modules: len(hostileModules), FromSidecar: len(hostileModules), Reasons: map[string]int{}, JSON: 1}
	}
	got := r.stats
	if got.Modules != want.Modules || got.FromSidecar != want.FromSidecar || got.FromSource != want.FromSource || got.JSON != want.JSON ||
		got.Rejected != want.Rejected || fmt.Sprint(got.Reasons) != fmt.Sprint(want.Reasons) {
		t.Errorf("%s: stats %+v, want %+v", what, got, want)
	}
}

// install writes b as module m's sidecar in root.
func install(t *testing.T, root, m string, b []byte) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, m+".bmes"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// originalBytecode is the bytecode decide returns for the valid sidecar.
func (f *hostileFixture) originalBytecode(t *testing.T, m string) []byte {
	t.Helper()
	d := decide(f.sidecars[m], src(m), m, isTS(m))
	if d.bytecode == nil {
		t.Fatalf("%s: valid sidecar not used: %q", m, d.reason)
	}
	return d.bytecode
}

// TestHostileSidecars damages valid sidecars in every way a file system,
// a careless tool or a hostile writer can, and requires each run to print
// exactly what the source prints, with the damaged sidecar rejected for
// the right reason. Every mutation goes through decide (the only path from
// sidecar bytes to JS_ReadObject); a sample of them is also run.
func TestHostileSidecars(t *testing.T) {
	f := newHostileFixture(t)
	for _, m := range hostileModules {
		t.Run(m, func(t *testing.T) {
			t.Parallel()
			root := f.copyTo(t)
			orig := f.sidecars[m]
			bc := f.originalBytecode(t, m)
			payload, bcStart, end := payloadSpan(t, orig)

			// Truncated anywhere: corrupt, never bytecode.
			for n := range len(orig) {
				d := decide(orig[:n], src(m), m, isTS(m))
				if d.bytecode != nil || d.reason != ReasonCorrupt {
					t.Fatalf("truncated to %d of %d bytes: decision %q with %d bytes of bytecode, want %q", n, len(orig), d.reason, len(d.bytecode), ReasonCorrupt)
				}
				if n%23 == 0 || n == len(orig)-1 {
					install(t, root, m, orig[:n])
					f.checkRun(t, root, m, ReasonCorrupt, fmt.Sprintf("truncated to %d bytes", n))
				}
			}

			// One byte flipped anywhere, checksums left alone: a checksum
			// catches it, or the byte is one no check covers and the
			// bytecode is the original.
			for i := range len(orig) {
				b := bytes.Clone(orig)
				b[i] ^= 0xff
				d := decide(b, src(m), m, isTS(m))
				if d.bytecode != nil && !bytes.Equal(d.bytecode, bc) {
					t.Fatalf("byte %d flipped: decide returns altered bytecode", i)
				}
				if d.bytecode == nil && d.reason == "" {
					t.Fatalf("byte %d flipped: no bytecode and no reason", i)
				}
				if i%29 == 0 {
					install(t, root, m, b)
					reason := d.reason
					if d.bytecode != nil {
						reason = ""
					}
					f.checkRun(t, root, m, reason, fmt.Sprintf("byte %d flipped", i))
				}
			}

			// One byte flipped and every checksum recomputed, anywhere
			// before the bytecode itself (header, section table, record,
			// code, engine tag, payload header): a structural check, the
			// source check, the tag or the payload's name and code hash
			// catch it, or the bytecode handed on is the original.
			tally := map[string]int{}
			for i := range bcStart {
				b := formattest.Refix(bytes.Clone(orig))
				b[i] ^= 0x01
				formattest.Refix(b)
				d := decide(b, src(m), m, isTS(m))
				tally[d.reason]++
				if d.bytecode != nil && !bytes.Equal(d.bytecode, bc) {
					t.Fatalf("byte %d flipped, checksums recomputed: decide returns altered bytecode", i)
				}
				if i >= payload && d.bytecode != nil {
					t.Fatalf("payload header byte %d flipped, checksums recomputed: bytecode still used", i-payload)
				}
				if i%17 == 0 || i >= payload {
					install(t, root, m, b)
					reason := d.reason
					if d.bytecode != nil {
						reason = ""
					}
					f.checkRun(t, root, m, reason, fmt.Sprintf("byte %d flipped, checksums recomputed", i))
				}
			}

			t.Logf("%d bytes before the bytecode flipped with checksums recomputed: decisions %v", bcStart, tally)
			// Each kind of check must have had something to catch.
			for _, r := range []string{ReasonCorrupt, ReasonStale, ReasonUnsupported, ReasonNoBytecode, ReasonPayload, ReasonName, ReasonCode, ""} {
				if tally[r] == 0 {
					t.Errorf("no flip before the bytecode was decided %q: %v", r, tally)
				}
			}

			// The bytecode cut short with the section and file cut with
			// it and every checksum recomputed: it passes decide, so
			// QuickJS sees it, refuses it, and the module is compiled
			// from source (reason engine). This used to crash the
			// process: the half-read module kept its name.
			for cut := bcStart; cut < end; cut++ {
				b := formattest.Refix(cutSection(t, orig, cut))
				d := decide(b, src(m), m, isTS(m))
				want := ""
				if cut == bcStart {
					want = ReasonPayload // no bytecode at all
				}
				if d.reason != want {
					t.Fatalf("bytecode cut at %d: decision %q, want %q", cut-bcStart, d.reason, want)
				}
				if cut == bcStart {
					continue
				}
				if !bytes.Equal(d.bytecode, bc[:cut-bcStart]) {
					t.Fatalf("bytecode cut at %d: decide returns other bytes", cut-bcStart)
				}
				if (cut-bcStart)%7 == 1 || cut == end-1 {
					install(t, root, m, b)
					f.checkRun(t, root, m, ReasonEngine, fmt.Sprintf("bytecode cut at %d of %d", cut-bcStart, end-bcStart))
				}
			}
			install(t, root, m, orig)
		})
	}
}

// cutSection returns a copy of the sidecar b cut at off, inside its
// bytecode section (the last one), with the section's length fixed.
func cutSection(t *testing.T, b []byte, off int) []byte {
	t.Helper()
	le := binary.LittleEndian
	b = bytes.Clone(b[:off])
	for i := range int(le.Uint16(b[42:])) {
		e := 48 + 16*i
		if le.Uint32(b[e:]) == format.SectionBytecode {
			start := int(le.Uint32(b[e+4:]))
			if start+int(le.Uint32(b[e+8:])) < off {
				t.Fatal("the bytecode section is not the last one")
			}
			le.PutUint32(b[e+8:], uint32(off-start))
		}
	}
	return b
}

// reencode returns module m's sidecar with its bytecode sections replaced
// by bcs, every checksum valid: a well-formed file that only the checks of
// decide can find wrong.
func reencode(t *testing.T, sc []byte, m string, srcBytes []byte, bcs ...format.Bytecode) []byte {
	t.Helper()
	s, err := format.Decode(sc)
	if err != nil {
		t.Fatal(err)
	}
	b, err := format.Encode(s.Record, srcBytes, format.Meta{
		Producer:    s.Header.Producer,
		OptionsHash: s.Header.OptionsHash,
		TypeScript:  s.Header.TypeScript(),
		Code:        s.Code,
		Bytecode:    bcs,
	})
	if err != nil {
		t.Fatalf("%s: %v", m, err)
	}
	return b
}

// TestHostileSections writes well-formed sidecars (every checksum valid)
// whose bytecode does not belong where it is: foreign tags, stale
// sources, sections moved between modules or between versions of one
// module, garbage QuickJS refuses.
func TestHostileSections(t *testing.T) {
	f := newHostileFixture(t)
	payloadOf := func(m string) []byte {
		s, err := format.Decode(f.sidecars[m])
		if err != nil {
			t.Fatal(err)
		}
		p, ok := s.BytecodeFor(Tag())
		if !ok {
			t.Fatalf("%s: no QuickJS section", m)
		}
		return p
	}
	foreign := func(edit func(*format.EngineTag)) format.EngineTag {
		tg := Tag()
		edit(&tg)
		return tg
	}
	otherVersion := foreign(func(tg *format.EngineTag) { tg.Version = strings.Replace(tg.Version, " bc", " bc1", 1) })
	otherPort := foreign(func(tg *format.EngineTag) { tg.Version = strings.Replace(tg.Version, PortVersion, PortVersion+"-1", 1) })
	otherOrder := foreign(func(tg *format.EngineTag) { tg.Version = strings.Replace(tg.Version, byteOrder(), "big-endian-ish", 1) })
	stripped := foreign(func(tg *format.EngineTag) { tg.Version = strings.Replace(tg.Version, "strip=none", "strip=source", 1) })
	otherEngine := foreign(func(tg *format.EngineTag) { tg.Engine = "quickjs-ng" })
	prefix := foreign(func(tg *format.EngineTag) { tg.Version = tg.Version[:len(tg.Version)-1] })

	type tc struct {
		name   string
		m      string
		sc     func() []byte
		reason string
	}
	var cases []tc
	for _, m := range hostileModules {
		p := payloadOf(m)
		sc := f.sidecars[m]
		for _, ft := range []struct {
			name string
			tag  format.EngineTag
		}{{"bytecode version", otherVersion}, {"port version", otherPort}, {"byte order", otherOrder}, {"strip option", stripped}, {"engine", otherEngine}, {"tag prefix", prefix}} {
			cases = append(cases, tc{"foreign tag (" + ft.name + ")", m, func() []byte { return reencode(t, sc, m, src(m), format.Bytecode{Tag: ft.tag, Payload: p}) }, ReasonNoBytecode})
		}
		cases = append(cases,
			tc{"no bytecode section", m, func() []byte { return reencode(t, sc, m, src(m)) }, ReasonNoBytecode},
			// A foreign engine's garbage beside the real section is
			// none of QuickJS's business.
			tc{"a foreign section beside", m, func() []byte {
				return reencode(t, sc, m, src(m), format.Bytecode{Tag: otherVersion, Payload: []byte("\xff garbage")}, format.Bytecode{Tag: Tag(), Payload: p})
			}, ""},
			tc{"payload with no bytecode", m, func() []byte {
				return reencode(t, sc, m, src(m), format.Bytecode{Tag: Tag(), Payload: encodePayload(f.codeHash(t, m), m, nil)})
			}, ReasonPayload},
			tc{"payload header only", m, func() []byte {
				return reencode(t, sc, m, src(m), format.Bytecode{Tag: Tag(), Payload: p[:payloadHeader]})
			}, ReasonPayload},
			tc{"name length past the end", m, func() []byte {
				q := bytes.Clone(p)
				binary.LittleEndian.PutUint32(q[8:], uint32(len(q)))
				return reencode(t, sc, m, src(m), format.Bytecode{Tag: Tag(), Payload: q})
			}, ReasonPayload},
			tc{"name not UTF-8", m, func() []byte {
				return reencode(t, sc, m, src(m), format.Bytecode{Tag: Tag(), Payload: encodePayload(f.codeHash(t, m), "\xff"+m, f.originalBytecode(t, m))})
			}, ReasonPayload},
			tc{"compiled under another name", m, func() []byte {
				return reencode(t, sc, m, src(m), format.Bytecode{Tag: Tag(), Payload: encodePayload(f.codeHash(t, m), "x/"+m, f.originalBytecode(t, m))})
			}, ReasonName},
			tc{"compiled from other code", m, func() []byte {
				return reencode(t, sc, m, src(m), format.Bytecode{Tag: Tag(), Payload: encodePayload(f.codeHash(t, m)+1, m, f.originalBytecode(t, m))})
			}, ReasonCode},
			// Bytecode of another engine build (wrong version byte),
			// bound to this module: QuickJS refuses it.
			tc{"bytecode of another version", m, func() []byte {
				bc := bytes.Clone(f.originalBytecode(t, m))
				bc[0] ^= 0x40
				return reencode(t, sc, m, src(m), format.Bytecode{Tag: Tag(), Payload: encodePayload(f.codeHash(t, m), m, bc)})
			}, ReasonEngine},
			tc{"garbage bytecode", m, func() []byte {
				return reencode(t, sc, m, src(m), format.Bytecode{Tag: Tag(), Payload: encodePayload(f.codeHash(t, m), m, []byte("\x00\x01not bytecode at all"))})
			}, ReasonEngine},
			tc{"a script's bytecode", m, func() []byte {
				return reencode(t, sc, m, src(m), format.Bytecode{Tag: Tag(), Payload: encodePayload(f.codeHash(t, m), m, scriptBytecode(t))})
			}, ReasonEngine},
			// A sidecar of the other loader for the same bytes: a
			// TypeScript sidecar for a .js file, a JavaScript one for a
			// .ts file.
			tc{"sidecar of the other loader", m, func() []byte {
				s, err := format.Decode(sc)
				if err != nil {
					t.Fatal(err)
				}
				meta := format.Meta{Producer: s.Header.Producer, OptionsHash: s.Header.OptionsHash, Bytecode: []format.Bytecode{{Tag: Tag(), Payload: p}}}
				if !isTS(m) {
					meta.TypeScript, meta.Code = true, src(m)
				}
				b, err := format.Encode(s.Record, src(m), meta)
				if err != nil {
					t.Fatal(err)
				}
				return b
			}, ReasonLoader},
		)
	}
	// Sections moved into another module's sidecar: as they are, with the
	// name rewritten to the target's, and with the name and the source
	// hash of the target's code rewritten too (the last one passes every
	// check but the code hash).
	for _, mv := range [][2]string{{"a.js", "c.js"}, {"c.js", "b.js"}, {"main.js", "a.js"}, {"d.ts", "c.js"}, {"a.js", "d.ts"}} {
		from, to := mv[0], mv[1]
		p := payloadOf(from)
		cases = append(cases,
			tc{"section of " + from + " moved", to, func() []byte {
				return reencode(t, f.sidecars[to], to, src(to), format.Bytecode{Tag: Tag(), Payload: p})
			}, ReasonName},
			tc{"section of " + from + " moved and renamed", to, func() []byte {
				return reencode(t, f.sidecars[to], to, src(to), format.Bytecode{Tag: Tag(), Payload: encodePayload(f.codeHash(t, from), to, f.originalBytecode(t, from))})
			}, ReasonCode},
		)
	}

	for _, c := range cases {
		t.Run(c.m+"/"+c.name, func(t *testing.T) {
			t.Parallel()
			root := f.copyTo(t)
			b := c.sc()
			d := decide(b, src(c.m), c.m, isTS(c.m))
			switch {
			case c.reason == "" || c.reason == ReasonEngine:
				if d.bytecode == nil {
					t.Fatalf("decision %q, want bytecode", d.reason)
				}
			case d.bytecode != nil || d.reason != c.reason:
				t.Fatalf("decision %q with %d bytes of bytecode, want %q and none", d.reason, len(d.bytecode), c.reason)
			}
			install(t, root, c.m, b)
			f.checkRun(t, root, c.m, c.reason, c.name)
		})
	}
}

// codeHash is the hash of the code module m's bytecode is compiled from:
// its source, or a TypeScript sidecar's code section.
func (f *hostileFixture) codeHash(t *testing.T, m string) uint64 {
	t.Helper()
	if !isTS(m) {
		return format.HashSource(src(m))
	}
	s, err := format.Decode(f.sidecars[m])
	if err != nil {
		t.Fatal(err)
	}
	return format.HashSource(s.Code)
}

// scriptBytecode returns the bytecode of a classic script: a function,
// not a module, which readBytecode must refuse.
func scriptBytecode(t *testing.T) []byte {
	t.Helper()
	rt, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rt.Close()
	tls, ctx := rt.tls, rt.ctx
	code := cstring(tls, "globalThis.x = 1 + 1;")
	name := cstring(tls, "script.js")
	defer libc.Xfree(tls, code)
	defer libc.Xfree(tls, name)
	v := lib.XJS_Eval(tls, ctx, code, libc.Tsize_t(len("globalThis.x = 1 + 1;")), name, lib.MJS_EVAL_TYPE_GLOBAL|lib.MJS_EVAL_FLAG_COMPILE_ONLY)
	if isException(v) {
		t.Fatal(rt.exception())
	}
	defer free(tls, ctx, v)
	bp := tls.Alloc(8)
	defer tls.Free(8)
	buf := lib.XJS_WriteObject(tls, ctx, bp, v, lib.MJS_WRITE_OBJ_BYTECODE)
	if buf == 0 {
		t.Fatal(rt.exception())
	}
	defer lib.Xjs_free(tls, ctx, buf)
	return bytes.Clone(unsafe.Slice((*byte)(cptr(buf)), *(*libc.Tsize_t)(cptr(bp))))
}

// TestHostileStale edits each module's source after its sidecar was
// written: the sidecar is stale, and the run prints what the edited
// source prints (not what the bytecode would).
func TestHostileStale(t *testing.T) {
	f := newHostileFixture(t)
	edits := map[string][2]string{
		"main.js": {`console.log("a", a`, `console.log("edited", a`},
		"a.js":    {`"alpha"`, `"ALPHA"`},
		"b.js":    {`2n ** 70n`, `2n ** 71n`},
		"c.js":    {"text ${1.5}", "text ${2.5}"},
		"d.ts":    {"= 7;", "= 8;"},
	}
	for _, m := range hostileModules {
		for _, same := range []bool{false, true} {
			name := m + "/other behaviour"
			if same {
				name = m + "/same length and behaviour" // only the hash can tell
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				root := f.copyTo(t)
				edited := strings.Replace(hostileGraph[m], edits[m][0], edits[m][1], 1)
				if same {
					// The last newline becomes a space: same length.
					edited = hostileGraph[m][:len(hostileGraph[m])-1] + " "
				}
				if edited == hostileGraph[m] {
					t.Fatal("the edit changed nothing")
				}
				if err := os.WriteFile(filepath.Join(root, m), []byte(edited), 0o644); err != nil {
					t.Fatal(err)
				}
				want := runEntry(t, root, "main.js", true)
				if !same && want.output() == f.base.output() {
					t.Fatal("the edit does not change the output")
				}
				got := runEntry(t, root, "main.js", false)
				if got.output() != want.output() {
					t.Errorf("stale sidecar: output\n%q\nwant (from the edited source)\n%q", got.output(), want.output())
				}
				if got.stats.Rejected != 1 || got.stats.Reasons[ReasonStale] != 1 || got.stats.FromSidecar != len(hostileModules)-1 {
					t.Errorf("stale sidecar: stats %+v, want one rejected as stale", got.stats)
				}
			})
		}
	}
}

// TestHostileVersions swaps bytecode between two versions of one module:
// the sidecar of version 2 carrying the payload of version 1, and the
// reverse, both well-formed. The payload's code hash tells them apart.
func TestHostileVersions(t *testing.T) {
	f := newHostileFixture(t)
	const m = "a.js"
	v2 := strings.Replace(hostileGraph[m], `"alpha"`, `"beta!"`, 1) // same length
	root2 := writeTree(t, t.TempDir(), map[string]string{"package.json": hostileGraph["package.json"], m: v2})
	c, err := NewCompiler()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sc2 := buildSidecar(t, c, root2, filepath.Join(root2, m))
	payload := func(sc []byte) []byte {
		s, err := format.Decode(sc)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := s.BytecodeFor(Tag())
		return p
	}
	p1, p2 := payload(f.sidecars[m]), payload(sc2)
	if bytes.Equal(p1, p2) {
		t.Fatal("both versions compile to the same payload")
	}
	for _, tt := range []struct {
		name   string
		source string // what a.js holds
		sc     []byte
	}{
		{"version 2 with the bytecode of version 1", v2, reencode(t, sc2, m, []byte(v2), format.Bytecode{Tag: Tag(), Payload: p1})},
		{"version 1 with the bytecode of version 2", hostileGraph[m], reencode(t, f.sidecars[m], m, src(m), format.Bytecode{Tag: Tag(), Payload: p2})},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := f.copyTo(t)
			if err := os.WriteFile(filepath.Join(root, m), []byte(tt.source), 0o644); err != nil {
				t.Fatal(err)
			}
			if d := decide(tt.sc, []byte(tt.source), m, false); d.bytecode != nil || d.reason != ReasonCode {
				t.Fatalf("decision %q with %d bytes of bytecode, want %q", d.reason, len(d.bytecode), ReasonCode)
			}
			install(t, root, m, tt.sc)
			want := runEntry(t, root, "main.js", true)
			got := runEntry(t, root, "main.js", false)
			if got.output() != want.output() {
				t.Errorf("output\n%q\nwant (from source)\n%q", got.output(), want.output())
			}
			if got.stats.Rejected != 1 || got.stats.Reasons[ReasonCode] != 1 {
				t.Errorf("stats %+v, want one sidecar rejected for its code", got.stats)
			}
		})
	}
}

// TestCompilerChecksImportAttributes: QuickJS checks a static import's
// attributes only while parsing, so bytecode read from a sidecar is never
// checked again. The compiler must refuse what the runtime refuses from
// source, or a module with an unsupported attribute would fail from
// source and run from its sidecar.
func TestCompilerChecksImportAttributes(t *testing.T) {
	root := writeTree(t, t.TempDir(), map[string]string{
		"package.json": `{"type": "module"}`,
		"main.js":      unsupportedAttribute,
		"dep.js":       "export default 1;\n",
	})
	c, err := NewCompiler()
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Compile("main.js", []byte(unsupportedAttribute)); err == nil {
		t.Error("the compiler accepts an import attribute the runtime refuses")
	}
	r := runEntry(t, root, "main.js", true)
	if !strings.Contains(r.err, "not supported") {
		t.Errorf("from source: error %q, want the unsupported attribute", r.err)
	}
}

const unsupportedAttribute = "import x from \"./dep.js\" with { if: \"\" };\nconsole.log(x);\n"
