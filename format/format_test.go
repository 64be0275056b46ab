package format_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/format/formattest"
)

// recordCases are hand-built records that together use every field, every
// lexical kind, absent names, empty strings, lone surrogates and long lists.
var recordCases = []struct {
	name string
	rec  *format.Record
}{
	{"empty", &format.Record{}},
	{"flags", &format.Record{HasTopLevelAwait: true, UsesImportMeta: true}},
	{"every field", &format.Record{
		RequestedModules: []format.ModuleRequest{
			{Specifier: "./a.js"},
			{Specifier: "./b.json", Attributes: []format.Attribute{{Key: "type", Value: "json"}, {Key: "z", Value: ""}}},
		},
		ImportEntries: []format.ImportEntry{
			{ModuleRequest: 0, ImportName: "x", LocalName: "y"},
			{ModuleRequest: 1, Namespace: true, LocalName: "ns"},
			{ModuleRequest: 1, ImportName: "", LocalName: "emptyName"},
		},
		LocalExportEntries:    []format.LocalExportEntry{{ExportName: "default", LocalName: "*default*"}, {ExportName: "", LocalName: "v"}},
		IndirectExportEntries: []format.IndirectExportEntry{{ExportName: "q", ModuleRequest: 0, ImportName: "r"}, {ExportName: "all", ModuleRequest: 1, Namespace: true}},
		StarExportEntries:     []format.StarExportEntry{{ModuleRequest: 1}, {ModuleRequest: 0}},
		VarNames:              []string{"v", "w"},
		LexicalNames: []format.LexicalName{
			{Name: "a", Kind: format.KindLet}, {Name: "b", Kind: format.KindConst}, {Name: "c", Kind: format.KindClass},
			{Name: "d", Kind: format.KindFunction}, {Name: "e", Kind: format.KindUsing}, {Name: "f", Kind: format.KindAwaitUsing},
			{Name: "*default*", Kind: format.KindDefault},
		},
		HasTopLevelAwait: true,
		DynamicImports:   []format.DynamicImport{{Specifier: "./lazy.js", Known: true}, {}, {Specifier: "", Known: true}},
		UsesImportMeta:   true,
	}},
	{"lone surrogates", &format.Record{
		RequestedModules: []format.ModuleRequest{
			{Specifier: "\xED\xA0\x80"},
			{Specifier: "a\xED\xBF\xBFb", Attributes: []format.Attribute{{Key: "k", Value: "\xED\xB0\x80\xED\xA0\x80"}}},
			// Attribute keys in UTF-16 order, which is not byte order here: a
			// lone lead is a prefix of the pair it starts; the pair's lead
			// sorts before U+FF5E and before a lone trail.
			{Specifier: "m", Attributes: []format.Attribute{{Key: "\xED\xA0\xBD"}, {Key: "\U0001F600"}, {Key: "\xED\xB8\x80"}, {Key: "\uFF5E"}}},
			{Specifier: "m"},
		},
		ImportEntries:  []format.ImportEntry{{ModuleRequest: 1, ImportName: "\U0001F600", LocalName: "\u00e9"}},
		DynamicImports: []format.DynamicImport{{Specifier: "\xED\xAF\xBF", Known: true}},
	}},
	{"many entries", manyRecord(300)},
}

// manyRecord builds a record with n entries in every list, so that counts
// and indices need multi-byte varints.
func manyRecord(n int) *format.Record {
	r := &format.Record{HasTopLevelAwait: n%2 == 0}
	for i := range n {
		spec := fmt.Sprintf("./dep%d.js", i)
		r.RequestedModules = append(r.RequestedModules, format.ModuleRequest{Specifier: spec})
		r.ImportEntries = append(r.ImportEntries, format.ImportEntry{ModuleRequest: i, ImportName: fmt.Sprintf("name%d", i), LocalName: fmt.Sprintf("local%d", i), Namespace: false})
		r.LocalExportEntries = append(r.LocalExportEntries, format.LocalExportEntry{ExportName: fmt.Sprintf("e%d", i), LocalName: fmt.Sprintf("local%d", i)})
		r.IndirectExportEntries = append(r.IndirectExportEntries, format.IndirectExportEntry{ExportName: fmt.Sprintf("re%d", i), ModuleRequest: n - 1 - i, ImportName: fmt.Sprintf("name%d", i), Namespace: i%7 == 0})
		if i%7 == 0 {
			r.IndirectExportEntries[i].ImportName = ""
		}
		r.StarExportEntries = append(r.StarExportEntries, format.StarExportEntry{ModuleRequest: i})
		r.VarNames = append(r.VarNames, fmt.Sprintf("v%d", i))
		r.LexicalNames = append(r.LexicalNames, format.LexicalName{Name: fmt.Sprintf("lex%d", i), Kind: format.LexicalKind(i % 7)})
		r.DynamicImports = append(r.DynamicImports, format.DynamicImport{Specifier: spec, Known: i%3 != 0})
		if i%3 == 0 {
			r.DynamicImports[i].Specifier = ""
		}
	}
	return r
}

func dump(r *format.Record) string { return string(r.AppendJSON(nil, "x")) }

func TestRoundTrip(t *testing.T) {
	metas := []format.Meta{
		{Producer: "bmes 0.1.0", OptionsHash: 0x0123456789abcdef},
		{Producer: "", OptionsHash: 0},
		{Producer: strings.Repeat("p", 255), OptionsHash: ^uint64(0), TypeScript: true, Code: []byte("export const x = 1;\n")},
		{Producer: "ts-empty-code", TypeScript: true},
	}
	src := []byte("the source text")
	for _, c := range recordCases {
		for mi, meta := range metas {
			t.Run(fmt.Sprintf("%s/meta%d", c.name, mi), func(t *testing.T) {
				b, err := format.Encode(c.rec, src, meta)
				if err != nil {
					t.Fatalf("Encode: %v", err)
				}
				again, err := format.Encode(c.rec, src, meta)
				if err != nil || !bytes.Equal(b, again) {
					t.Fatalf("Encode is not deterministic (err %v)", err)
				}
				sc, err := format.Validate(b, src, format.Expect{Producer: meta.Producer, OptionsHash: meta.OptionsHash})
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if got, want := dump(sc.Record), dump(c.rec); got != want {
					t.Errorf("record\ngot  %s\nwant %s", got, want)
				}
				if (sc.Code != nil) != meta.TypeScript || !bytes.Equal(sc.Code, meta.Code) {
					t.Errorf("code %q, want %q (TypeScript %v)", sc.Code, meta.Code, meta.TypeScript)
				}
				h := sc.Header
				if h.Version != format.Version || h.Producer != meta.Producer || h.OptionsHash != meta.OptionsHash ||
					h.SourceLen != uint64(len(src)) || h.SourceHash != format.HashSource(src) || h.HashAlg != format.HashXXH64 ||
					h.TypeScript() != meta.TypeScript {
					t.Errorf("header %+v does not match meta %+v", h, meta)
				}
				for _, s := range sc.Sections {
					if s.Offset%8 != 0 {
						t.Errorf("section %d at unaligned offset %d", s.ID, s.Offset)
					}
				}
			})
		}
	}
}

func TestHashSource(t *testing.T) {
	// Reference values of XXH64 with seed 0 (xxhsum -H64).
	tests := []struct {
		in   string
		want uint64
	}{
		{"", 0xef46db3751d8e999},
		{"a", 0xd24ec4f1a98c6e5b},
		{"abc", 0x44bc2cf5ad770999},
	}
	for _, tt := range tests {
		if got := format.HashSource([]byte(tt.in)); got != tt.want {
			t.Errorf("HashSource(%q) = %#x, want %#x", tt.in, got, tt.want)
		}
	}
}

func TestValidWTF8(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"", true},
		{"plain", true},
		{"\u00e9\U0001F600", true},
		{"\xED\xA0\x80", true},              // lone lead
		{"\xED\xB0\x80", true},              // lone trail
		{"\xED\xB0\x80\xED\xA0\x80", true},  // trail then lead: two lone surrogates
		{"\xED\xA0\x80\xED\xB0\x80", false}, // a pair must use the 4-byte form
		{"\xED\xA0", false},
		{"\xff", false},
		{"\xC0\x80", false}, // overlong NUL
		{"\xF4\x90\x80\x80", false},
	}
	for _, tt := range tests {
		if got := format.ValidWTF8(tt.s); got != tt.want {
			t.Errorf("ValidWTF8(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestEncodeRejects(t *testing.T) {
	tests := []struct {
		name string
		rec  *format.Record
		meta format.Meta
	}{
		{"request out of range", &format.Record{ImportEntries: []format.ImportEntry{{ModuleRequest: 0, LocalName: "x"}}}, format.Meta{}},
		{"negative request", &format.Record{RequestedModules: []format.ModuleRequest{{}}, StarExportEntries: []format.StarExportEntry{{ModuleRequest: -1}}}, format.Meta{}},
		{"invalid kind", &format.Record{LexicalNames: []format.LexicalName{{Name: "x", Kind: 7}}}, format.Meta{}},
		{"not WTF-8", &format.Record{VarNames: []string{"\xff"}}, format.Meta{}},
		{"encoded surrogate pair", &format.Record{VarNames: []string{"\xED\xA0\x80\xED\xB0\x80"}}, format.Meta{}},
		{"namespace with name", &format.Record{RequestedModules: []format.ModuleRequest{{}}, ImportEntries: []format.ImportEntry{{Namespace: true, ImportName: "x", LocalName: "y"}}}, format.Meta{}},
		{"unknown dynamic with text", &format.Record{DynamicImports: []format.DynamicImport{{Specifier: "x"}}}, format.Meta{}},
		{"code for JavaScript", &format.Record{}, format.Meta{Code: []byte("x")}},
		{"long producer", &format.Record{}, format.Meta{Producer: strings.Repeat("p", 256)}},
		{"producer not UTF-8", &format.Record{}, format.Meta{Producer: "\xff"}},
		{"var and lexical binding", &format.Record{VarNames: []string{"a"}, LexicalNames: []format.LexicalName{{Name: "a", Kind: format.KindLet}}}, format.Meta{}},
		{"repeated var name", &format.Record{VarNames: []string{"a", "a"}}, format.Meta{}},
		{"import local and lexical", &format.Record{RequestedModules: []format.ModuleRequest{{Specifier: "m"}}, ImportEntries: []format.ImportEntry{{ImportName: "x", LocalName: "a"}}, LexicalNames: []format.LexicalName{{Name: "a", Kind: format.KindFunction}}}, format.Meta{}},
		{"repeated export name", &format.Record{RequestedModules: []format.ModuleRequest{{Specifier: "m"}}, LocalExportEntries: []format.LocalExportEntry{{ExportName: "x", LocalName: "a"}}, IndirectExportEntries: []format.IndirectExportEntry{{ExportName: "x", ImportName: "y"}}}, format.Meta{}},
		{"repeated request", &format.Record{RequestedModules: []format.ModuleRequest{{Specifier: "m", Attributes: []format.Attribute{{Key: "type", Value: "json"}}}, {Specifier: "m", Attributes: []format.Attribute{{Key: "type", Value: "json"}}}}}, format.Meta{}},
		{"unsorted attributes", &format.Record{RequestedModules: []format.ModuleRequest{{Specifier: "m", Attributes: []format.Attribute{{Key: "b"}, {Key: "a"}}}}}, format.Meta{}},
		{"repeated attribute key", &format.Record{RequestedModules: []format.ModuleRequest{{Specifier: "m", Attributes: []format.Attribute{{Key: "a"}, {Key: "a", Value: "x"}}}}}, format.Meta{}},
		// U+FF5E sorts before U+1F600 by bytes (EF < F0) but after it in
		// UTF-16 (FF5E > D83D): the order is UTF-16's.
		{"attributes in byte order", &format.Record{RequestedModules: []format.ModuleRequest{{Specifier: "m", Attributes: []format.Attribute{{Key: "\uFF5E"}, {Key: "\U0001F600"}}}}}, format.Meta{}},
	}
	for _, tt := range tests {
		if b, err := format.Encode(tt.rec, nil, tt.meta); err == nil {
			t.Errorf("%s: Encode succeeded (%d bytes), want an error", tt.name, len(b))
		}
	}
}

// sample returns a valid sidecar with every section kind.
func sample(t testing.TB) []byte {
	b, err := format.Encode(recordCases[2].rec, []byte("src"), format.Meta{Producer: "p", OptionsHash: 7, TypeScript: true, Code: []byte("code")})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sectionEntry returns the table entry offset, section offset and length
// of the section with the given id in b.
func sectionEntry(t *testing.T, b []byte, id uint32) (entry, off, length int) {
	le := binary.LittleEndian
	for i := range int(le.Uint16(b[42:])) {
		e := 48 + 16*i
		if le.Uint32(b[e:]) == id {
			return e, int(le.Uint32(b[e+4:])), int(le.Uint32(b[e+8:]))
		}
	}
	t.Fatalf("no section %d", id)
	return 0, 0, 0
}

func TestDecodeErrors(t *testing.T) {
	le := binary.LittleEndian
	tests := []struct {
		name string
		edit func(t *testing.T, b []byte) []byte
		want error
	}{
		{"empty", func(t *testing.T, b []byte) []byte { return nil }, format.ErrNotSidecar},
		{"three bytes", func(t *testing.T, b []byte) []byte { return b[:3] }, format.ErrNotSidecar},
		{"bad magic", func(t *testing.T, b []byte) []byte { b[0] ^= 1; return b }, format.ErrNotSidecar},
		{"magic only", func(t *testing.T, b []byte) []byte { return b[:4] }, format.ErrCorrupt},
		{"version 3", func(t *testing.T, b []byte) []byte { le.PutUint32(b[4:], 3); return b }, format.ErrUnsupportedVersion},
		{"version 5", func(t *testing.T, b []byte) []byte { le.PutUint32(b[4:], 5); return b }, format.ErrUnsupportedVersion},
		{"short header", func(t *testing.T, b []byte) []byte { return b[:47] }, format.ErrCorrupt},
		{"header checksum", func(t *testing.T, b []byte) []byte { b[16] ^= 1; return b }, format.ErrCorrupt},
		{"unknown flag", func(t *testing.T, b []byte) []byte { b[12] |= 0x80; return formattest.Refix(b) }, format.ErrUnsupportedVersion},
		{"unknown kind", func(t *testing.T, b []byte) []byte { b[12] = b[12]&^3 | 2; return formattest.Refix(b) }, format.ErrUnsupportedVersion},
		{"unknown hash", func(t *testing.T, b []byte) []byte { b[40] = 2; return formattest.Refix(b) }, format.ErrUnsupportedVersion},
		{"header length", func(t *testing.T, b []byte) []byte {
			le.PutUint32(b[8:], le.Uint32(b[8:])+8)
			return formattest.Refix(b)
		}, format.ErrCorrupt},
		{"producer not UTF-8", func(t *testing.T, b []byte) []byte { b[48+16*3] = 0xff; return formattest.Refix(b) }, format.ErrCorrupt},
		{"header padding", func(t *testing.T, b []byte) []byte { b[le.Uint32(b[8:])-1] = 1; return formattest.Refix(b) }, format.ErrCorrupt},
		{"section checksum", func(t *testing.T, b []byte) []byte { b[len(b)-1] ^= 1; return b }, format.ErrCorrupt},
		{"truncated", func(t *testing.T, b []byte) []byte { return b[:len(b)-1] }, format.ErrCorrupt},
		{"trailing garbage", func(t *testing.T, b []byte) []byte { return append(b, 0) }, format.ErrCorrupt},
		{"section padding", func(t *testing.T, b []byte) []byte {
			_, off, _ := sectionEntry(t, b, format.SectionRecord)
			if b[off-1] != 0 {
				t.Fatal("no padding before the record section")
			}
			b[off-1] = 1
			return b
		}, format.ErrCorrupt},
		{"section offset", func(t *testing.T, b []byte) []byte {
			e, _, _ := sectionEntry(t, b, format.SectionCode)
			le.PutUint32(b[e+4:], le.Uint32(b[e+4:])+8)
			return formattest.Refix(b)
		}, format.ErrCorrupt},
		{"duplicate section", func(t *testing.T, b []byte) []byte {
			e, _, _ := sectionEntry(t, b, format.SectionCode)
			le.PutUint32(b[e:], format.SectionRecord)
			return formattest.Refix(b)
		}, format.ErrCorrupt},
		{"reserved id 0", func(t *testing.T, b []byte) []byte {
			e, _, _ := sectionEntry(t, b, format.SectionCode)
			le.PutUint32(b[e:], 0)
			return formattest.Refix(b)
		}, format.ErrCorrupt},
		{"code section without flag", func(t *testing.T, b []byte) []byte { b[12] &^= byte(format.FlagTypeScript); return formattest.Refix(b) }, format.ErrCorrupt},
		{"string index", func(t *testing.T, b []byte) []byte {
			_, off, _ := sectionEntry(t, b, format.SectionRecord)
			b[off+1] = 0x7f // the first specifier's string index
			return formattest.Refix(b)
		}, format.ErrCorrupt},
		{"request count too large", func(t *testing.T, b []byte) []byte {
			_, off, _ := sectionEntry(t, b, format.SectionRecord)
			b[off] = 0x7f
			return formattest.Refix(b)
		}, format.ErrCorrupt},
		{"string length", func(t *testing.T, b []byte) []byte {
			_, off, _ := sectionEntry(t, b, format.SectionStrings)
			b[off+1] = 0x7f
			return formattest.Refix(b)
		}, format.ErrCorrupt},
		{"string not WTF-8", func(t *testing.T, b []byte) []byte {
			_, off, _ := sectionEntry(t, b, format.SectionStrings)
			b[off+2] = 0xff
			return formattest.Refix(b)
		}, format.ErrCorrupt},
		{"overlong varint", func(t *testing.T, b []byte) []byte {
			_, off, _ := sectionEntry(t, b, format.SectionStrings)
			// The one-byte string count c becomes c|0x80 followed by 00:
			// the same value, spelled in two bytes.
			b[off] |= 0x80
			b[off+1] = 0
			return formattest.Refix(b)
		}, format.ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.edit(t, sample(t))
			_, err := format.Decode(b)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Decode: %v, want %v", err, tt.want)
			}
			_, verr := format.Validate(b, []byte("src"), format.Expect{})
			if !errors.Is(verr, tt.want) {
				t.Fatalf("Validate: %v, want %v", verr, tt.want)
			}
		})
	}
}

func TestUnknownSectionSkipped(t *testing.T) {
	// Build a sidecar with an extra section of an unknown id and a bytecode
	// section by hand: a reader of version 4 must accept and skip both.
	base := sample(t)
	le := binary.LittleEndian
	hl := int(le.Uint32(base[8:]))
	n := int(le.Uint16(base[42:]))
	pl := int(base[41])
	producer := base[48+16*n : 48+16*n+pl]
	extra := [][]byte{[]byte("future data"), append([]byte{3, 0, 1, 0, 16, 0, 0, 0, 'J', 'S', 'C', '1', 0, 0, 0, 0}, "bytecode"...)}
	ids := []uint32{99, format.SectionBytecode}
	newHL := (48 + 16*(n+2) + pl + 7) &^ 7
	out := make([]byte, newHL)
	copy(out, base[:48])
	le.PutUint32(out[8:], uint32(newHL))
	le.PutUint16(out[42:], uint16(n+2))
	copy(out[48+16*(n+2):], producer)
	shift := newHL - hl
	for i := range n {
		copy(out[48+16*i:], base[48+16*i:48+16*i+16])
		le.PutUint32(out[48+16*i+4:], le.Uint32(base[48+16*i+4:])+uint32(shift))
	}
	out = append(out, base[hl:]...)
	for j, data := range extra {
		for len(out)%8 != 0 {
			out = append(out, 0)
		}
		e := 48 + 16*(n+j)
		le.PutUint32(out[e:], ids[j])
		le.PutUint32(out[e+4:], uint32(len(out)))
		le.PutUint32(out[e+8:], uint32(len(data)))
		out = append(out, data...)
	}
	formattest.Refix(out)
	sc, err := format.Validate(out, []byte("src"), format.Expect{Producer: "p", OptionsHash: 7})
	if err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if got, want := dump(sc.Record), dump(recordCases[2].rec); got != want {
		t.Errorf("record\ngot  %s\nwant %s", got, want)
	}
	if len(sc.Sections) != n+2 || sc.Sections[n].ID != 99 || sc.Sections[n+1].ID != format.SectionBytecode {
		t.Errorf("sections %+v", sc.Sections)
	}
}

func TestValidateFreshness(t *testing.T) {
	src := []byte("export const x = 1;\n")
	b, err := format.Encode(&format.Record{}, src, format.Meta{Producer: "bmes 1", OptionsHash: 42})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  []byte
		want format.Expect
		err  error
	}{
		{"fresh", src, format.Expect{Producer: "bmes 1", OptionsHash: 42}, nil},
		{"zero expect checks nothing", src, format.Expect{}, nil},
		{"other length", append(src, ' '), format.Expect{}, format.ErrStale},
		{"same length, other bytes", []byte("export const y = 1;\n"), format.Expect{}, format.ErrStale},
		{"other producer", src, format.Expect{Producer: "bmes 2"}, format.ErrOptionsMismatch},
		{"other options", src, format.Expect{OptionsHash: 43}, format.ErrOptionsMismatch},
		{"stale wins over options", nil, format.Expect{OptionsHash: 43}, format.ErrStale},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := format.Validate(b, tt.src, tt.want)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Errorf("Validate: %v, want %v", err, tt.err)
			}
			_, err = format.ValidateHeader(b, tt.src, tt.want)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Errorf("ValidateHeader: %v, want %v", err, tt.err)
			}
		})
	}
}

// TestMutations truncates and flips every byte of a sidecar: each result
// must be rejected with one of the typed errors. The layout leaves no byte
// unchecked (header and sections have checksums, padding must be zero), so
// no mutation may decode.
func TestMutations(t *testing.T) {
	typed := []error{format.ErrNotSidecar, format.ErrUnsupportedVersion, format.ErrCorrupt}
	check := func(what string, b []byte) {
		_, err := format.Decode(b)
		if err == nil {
			t.Errorf("%s: decoded", what)
			return
		}
		for _, e := range typed {
			if errors.Is(err, e) {
				return
			}
		}
		t.Errorf("%s: untyped error %v", what, err)
	}
	b := sample(t)
	for n := range len(b) {
		check(fmt.Sprintf("truncated to %d", n), b[:n])
	}
	for i := range b {
		for _, mask := range []byte{0x01, 0x80, 0xFF} {
			m := bytes.Clone(b)
			m[i] ^= mask
			check(fmt.Sprintf("byte %d ^ %#x", i, mask), m)
		}
	}
}

// TestDecodeAllocationBound decodes sidecars that make the decoder allocate
// as much as a valid file can per byte of input (lists of one-byte entries)
// and checks that it stays within a small multiple of the input size.
func TestDecodeAllocationBound(t *testing.T) {
	const n = 100000
	many := map[string]*format.Record{
		"dynamic imports": {DynamicImports: make([]format.DynamicImport, n)},
		"var names":       {VarNames: make([]string, n)},
		"lexical names":   {LexicalNames: make([]format.LexicalName, n)},
	}
	// Bound names must be distinct: the shortest ones.
	for i := range n {
		name := strconvBase(i)
		many["var names"].VarNames[i] = name
		many["lexical names"].LexicalNames[i].Name = name
	}
	for _, name := range []string{"dynamic imports", "var names", "lexical names"} {
		b, err := format.Encode(many[name], nil, format.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := format.Decode(b); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		t.Logf("%s: %d input bytes, %d allocated (%.1fx)", name, len(b), alloc, float64(alloc)/float64(len(b)))
		if limit := 32 * uint64(len(b)); alloc > limit {
			t.Errorf("%s: decoding %d bytes allocated %d, more than %d", name, len(b), alloc, limit)
		}
	}
}

// strconvBase spells i in base 94 with printable ASCII, the shortest
// distinct names.
func strconvBase(i int) string {
	var b []byte
	for {
		b = append(b, byte('!'+i%94))
		i /= 94
		if i == 0 {
			return string(b)
		}
	}
}

func TestCompareUTF16(t *testing.T) {
	// Each list is in UTF-16 code unit order, strictly increasing.
	ordered := []string{
		"",
		"a",
		"ab",
		"\u00e9",
		"\xED\xA0\xBD",       // lone lead U+D83D
		"\xED\xA0\xBDa",      // lone lead, then a
		"\U0001F600",         // U+D83D U+DE00
		"\U0001F600a",        //
		"\U0001F601",         // U+D83D U+DE01
		"\xED\xB8\x80",       // lone trail U+DE00
		"\uFF5E",             // U+FF5E, after every surrogate
		"\uFF5E\xED\xA0\x80", // then a lone lead
	}
	for i, a := range ordered {
		for j, b := range ordered {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := format.CompareUTF16(a, b); got != want {
				t.Errorf("CompareUTF16(%q, %q) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestBytecodeSections(t *testing.T) {
	src := []byte("src")
	tag := func(e, v string) format.EngineTag { return format.EngineTag{Engine: e, Version: v} }
	enc := func(t *testing.T, bcs ...format.Bytecode) []byte {
		t.Helper()
		b, err := format.Encode(&format.Record{}, src, format.Meta{Producer: "p", Bytecode: bcs})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a := format.Bytecode{Tag: tag("quickjs", "v1 le"), Payload: []byte("twelve bytes")}
	b := format.Bytecode{Tag: tag("quickjs", "v2 le"), Payload: []byte{0}}
	c := format.Bytecode{Tag: tag("jsc", ""), Payload: bytes.Repeat([]byte{7}, 33)}

	t.Run("order given does not matter", func(t *testing.T) {
		if x, y := enc(t, a, b, c), enc(t, c, b, a); !bytes.Equal(x, y) {
			t.Error("Encode depends on the order of Meta.Bytecode")
		}
	})
	t.Run("round trip and lookup by exact tag", func(t *testing.T) {
		sc, err := format.Validate(enc(t, a, b, c), src, format.Expect{})
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []format.Bytecode{a, b, c} {
			if got, ok := sc.BytecodeFor(want.Tag); !ok || !bytes.Equal(got, want.Payload) {
				t.Errorf("BytecodeFor(%q) = %q, %v", want.Tag, got, ok)
			}
		}
		for _, other := range []format.EngineTag{tag("quickjs", "v1"), tag("quickjs", "v1 le "), tag("QuickJS", "v1 le"), tag("jsc", " ")} {
			if got, ok := sc.BytecodeFor(other); ok {
				t.Errorf("BytecodeFor(%q) found %q: tags must match byte for byte", other, got)
			}
		}
	})
	t.Run("payload is 8-aligned in the file", func(t *testing.T) {
		out := enc(t, a, b, c)
		le := binary.LittleEndian
		for i := range int(le.Uint16(out[42:])) {
			e := 48 + 16*i
			if le.Uint32(out[e:]) != format.SectionBytecode {
				continue
			}
			off := le.Uint32(out[e+4:]) + le.Uint32(out[le.Uint32(out[e+4:])+4:])
			if off%8 != 0 {
				t.Errorf("payload of section %d at offset %d", i, off)
			}
		}
	})
	t.Run("encode rejects bad tags", func(t *testing.T) {
		for _, bad := range [][]format.Bytecode{
			{{Tag: tag("", "v")}},
			{{Tag: tag("q\x00", "v")}},
			{{Tag: tag("q", "v\n")}},
			{{Tag: tag("q", "é")}},
			{{Tag: tag(strings.Repeat("q", 256), "")}},
			{a, a},
		} {
			if _, err := format.Encode(&format.Record{}, src, format.Meta{Bytecode: bad}); err == nil {
				t.Errorf("Encode accepted %q", bad)
			}
		}
	})
	// Malformed tags behind a valid checksum are Corrupt: the writer broke
	// the layout, so nothing in the section can be trusted.
	mutate := []struct {
		name string
		edit func(sec []byte)
	}{
		{"engine length 0", func(sec []byte) { sec[0], sec[1] = 0, 0 }},
		{"engine length too long", func(sec []byte) { sec[0], sec[1] = 0, 1 }},
		{"payload offset off by 8", func(sec []byte) { sec[4] += 8 }},
		{"payload offset unaligned", func(sec []byte) { sec[4]-- }},
		{"control character in the engine", func(sec []byte) { sec[8] = '\n' }},
		{"nonzero tag padding", func(sec []byte) { sec[8+7+5] = 'x' }},
		{"second section takes the first one's tag", func(sec []byte) {}},
	}
	for _, m := range mutate {
		t.Run(m.name, func(t *testing.T) {
			out := enc(t, a, b)
			_, off, _ := sectionEntry(t, out, format.SectionBytecode)
			m.edit(out[off:])
			if m.name == "second section takes the first one's tag" {
				// a is "quickjs v1 le", b "quickjs v2 le": same lengths.
				i := bytes.Index(out[off+16:], []byte("v2 le"))
				copy(out[off+16+i:], "v1 le")
			}
			_, err := format.Decode(formattest.Refix(out))
			if !errors.Is(err, format.ErrCorrupt) {
				t.Errorf("Decode: %v, want ErrCorrupt", err)
			}
		})
	}
}

// TestValidateRunnable checks that ValidateRunnable accepts what Validate
// accepts, rejects as it does everything outside the string table and
// record sections, and finds the same code and bytecode.
func TestValidateRunnable(t *testing.T) {
	src := []byte("src")
	bc := format.Bytecode{Tag: format.EngineTag{Engine: "quickjs", Version: "v"}, Payload: []byte("bytes")}
	good, err := format.Encode(recordCases[2].rec, src, format.Meta{Producer: "p", TypeScript: true, Code: []byte("code"), Bytecode: []format.Bytecode{bc}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := format.ValidateRunnable(good, src, format.Expect{})
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := r.BytecodeFor(bc.Tag); !ok || string(p) != "bytes" || string(r.Code) != "code" {
		t.Errorf("ValidateRunnable: code %q, bytecode %q %v", r.Code, p, ok)
	}
	if rec, err := r.Record(); err != nil || !reflect.DeepEqual(rec, recordCases[2].rec) {
		t.Errorf("Runnable.Record: %+v, %v; want %+v", rec, err, recordCases[2].rec)
	}
	if _, err := format.ValidateRunnable(good, []byte("other"), format.Expect{}); !errors.Is(err, format.ErrStale) {
		t.Errorf("stale source: %v", err)
	}
	_, recOff, recLen := sectionEntry(t, good, format.SectionRecord)
	_, strOff, strLen := sectionEntry(t, good, format.SectionStrings)
	for i := range good {
		for _, mask := range []byte{0x01, 0x80} {
			m := bytes.Clone(good)
			m[i] ^= mask
			_, verr := format.Validate(m, src, format.Expect{})
			_, rerr := format.ValidateRunnable(m, src, format.Expect{})
			if verr == nil || rerr == nil {
				t.Fatalf("byte %d ^ %#x: Validate %v, ValidateRunnable %v: a checksum must catch it", i, mask, verr, rerr)
			}
			formattest.Refix(m)
			vs, verr := format.Validate(m, src, format.Expect{})
			r, rerr := format.ValidateRunnable(m, src, format.Expect{})
			inRecord := i >= recOff && i < recOff+recLen || i >= strOff && i < strOff+strLen
			if (verr == nil) != (rerr == nil) && !(inRecord && rerr == nil) {
				t.Errorf("byte %d ^ %#x with checksums fixed: Validate %v, ValidateRunnable %v", i, mask, verr, rerr)
			}
			if rerr != nil {
				continue
			}
			// What ValidateRunnable left undecoded, Record decodes as
			// Validate does: the same error, or the same record.
			rec, err := r.Record()
			if (err == nil) != (verr == nil) || err == nil && !reflect.DeepEqual(rec, vs.Record) {
				t.Errorf("byte %d ^ %#x with checksums fixed: Record %+v, %v; Validate %v", i, mask, rec, err, verr)
			}
		}
	}
}
