package format

import (
	"errors"
	"fmt"
	"hash/crc32"

	"github.com/cespare/xxhash/v2"
)

// Magic is the first four bytes of every sidecar, read as a little-endian
// u32 (bytes 53 45 4D 42, "SEMB" on disk): the value Bun's BMES experiment used.
const Magic uint32 = 0x424D4553

// Version is the layout this package writes and reads. Bun's branch used 1
// and 3 under the same magic with other layouts; 4 collides with neither.
const Version uint32 = 4

// Errors returned (wrapped) by Decode and Validate; test with errors.Is.
var (
	ErrNotSidecar         = errors.New("not a bmes sidecar")
	ErrUnsupportedVersion = errors.New("unsupported bmes version")
	ErrCorrupt            = errors.New("corrupt bmes sidecar")
	ErrStale              = errors.New("stale bmes sidecar: source changed")
	ErrOptionsMismatch    = errors.New("bmes sidecar built with other options or producer")
)

// Header flag bits (SPEC.md, "Flags"). A reader that finds a bit set that it
// does not know reports ErrUnsupportedVersion: the bits mean something the
// record depends on, so ignoring one could misread the module.
const (
	FlagKindMask   uint32 = 0x3    // bits 0–1: module kind
	KindESModule   uint32 = 1      // the only kind version 4 defines
	FlagTLA        uint32 = 1 << 2 // [[HasTLA]]
	FlagImportMeta uint32 = 1 << 3 // the module mentions import.meta
	FlagTypeScript uint32 = 1 << 4 // TypeScript/JSX source; a code section holds the JavaScript
	knownFlags            = FlagKindMask | FlagTLA | FlagImportMeta | FlagTypeScript
)

// HashXXH64 is the source hash algorithm id for XXH64 with seed 0, the only
// algorithm version 4 defines.
const HashXXH64 uint8 = 1

// Section ids. Readers skip ids they do not know (after checking their
// bounds and checksum), so new kinds of data need no version bump.
const (
	SectionStrings   uint32 = 1 // deduplicated WTF-8 string table
	SectionRecord    uint32 = 2 // the module record, as string table indices
	SectionCode      uint32 = 3 // JavaScript produced from a TypeScript/JSX source
	SectionBytecode  uint32 = 4 // one engine's bytecode for the module, behind an engine tag (any number)
	SectionSourceMap uint32 = 5 // source map from the code section back to the TypeScript/JSX source
)

// Fixed sizes of the layout (SPEC.md, "File layout").
const (
	fixedHeaderLen  = 48
	sectionEntryLen = 16
	headerCRCOffset = 44
	maxProducerLen  = 255
	maxSections     = 0xFFFF
	bytecodeTagLen  = 8 // engine_len, version_len, payload_offset
	maxTagField     = 255
)

// castagnoli is the CRC-32C table: hardware-accelerated on amd64 and arm64,
// and better at catching the bit errors of storage than IEEE CRC-32.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// HashSource returns the digest of a source that a sidecar stores and that
// Validate recomputes: XXH64 with seed 0 (algorithm id 1), fast enough for
// a runtime to recompute at every load.
func HashSource(src []byte) uint64 { return xxhash.Sum64(src) }

// Meta is what Encode stores besides the record.
type Meta struct {
	Producer    string // tool name and version, e.g. "bmes 0.1.0"
	OptionsHash uint64 // digest of every input besides the source that shaped the record
	TypeScript  bool   // the source was TypeScript or JSX; Code holds esbuild's output
	Code        []byte // the JavaScript whose record this is, for TypeScript/JSX sources
	// SourceMap, for TypeScript/JSX sources, maps Code back to the source
	// (SPEC.md section 7a): source map JSON, revision 3. Optional; nil
	// writes no section.
	SourceMap []byte
	// Bytecode holds one entry per engine, each written as a bytecode
	// section (SPEC.md section 7). Encode writes them in tag order, so the
	// order given does not matter; two entries with the same tag are an
	// error.
	Bytecode []Bytecode
}

// Bytecode is one bytecode section: an engine tag and the engine's bytes.
type Bytecode struct {
	Tag     EngineTag
	Payload []byte
}

// EngineTag names exactly which engine build can read a bytecode payload.
// A reader uses a payload only when both fields equal its own byte for
// byte; any other tag is skipped, never an error.
type EngineTag struct {
	Engine  string // printable ASCII, 1–255 bytes, e.g. "quickjs"
	Version string // printable ASCII, 0–255 bytes: everything that makes two builds' bytecode incompatible
}

func (t EngineTag) String() string { return t.Engine + " " + t.Version }

// compare orders tags as Encode writes them: by engine, then version, as bytes.
func (t EngineTag) compare(u EngineTag) int {
	if t.Engine != u.Engine {
		if t.Engine < u.Engine {
			return -1
		}
		return 1
	}
	switch {
	case t.Version < u.Version:
		return -1
	case t.Version > u.Version:
		return 1
	}
	return 0
}

// validTagField reports whether s is printable ASCII (0x20–0x7E) of at most
// 255 bytes, as SPEC.md section 7 requires of both tag fields.
func validTagField(s string) bool {
	if len(s) > maxTagField {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// Sidecar is a decoded sidecar.
type Sidecar struct {
	Header Header
	Record *Record
	Code   []byte // non-nil exactly when Header.Flags has FlagTypeScript
	// SourceMap maps Code back to the TypeScript/JSX source, when the
	// sidecar has a source map section; nil otherwise.
	SourceMap []byte
	Bytecode  []Bytecode // the bytecode sections, in file order
	Sections  []Section  // the section table as stored, unknown ids included
}

// BytecodeFor returns the payload of the bytecode section whose tag equals
// tag, and whether there is one. A sidecar holds at most one section per
// tag; sections with other tags are none of the caller's business.
func (sc *Sidecar) BytecodeFor(tag EngineTag) ([]byte, bool) {
	for _, b := range sc.Bytecode {
		if b.Tag == tag {
			return b.Payload, true
		}
	}
	return nil, false
}

// Section is one entry of the section table.
type Section struct {
	ID     uint32
	Offset uint32
	Length uint32
	CRC    uint32
}

// Expect is what Validate compares a sidecar's header with. A zero field
// is not compared.
type Expect struct {
	Producer    string
	OptionsHash uint64
}

// Header is the fixed part of a sidecar that says what it was built from.
type Header struct {
	Version     uint32
	Flags       uint32 // Flag* bits
	SourceLen   uint64
	HashAlg     uint8 // HashXXH64
	SourceHash  uint64
	Producer    string
	OptionsHash uint64
}

// TypeScript reports whether the sidecar was built from a TypeScript or JSX
// source, so that the runtime must run its code section instead of the source.
func (h *Header) TypeScript() bool { return h.Flags&FlagTypeScript != 0 }

// Validate decodes b and checks it against src and want: it tells apart
// ErrNotSidecar, ErrUnsupportedVersion, ErrCorrupt, ErrStale and
// ErrOptionsMismatch. Structure is checked first, so a sidecar that is
// both corrupt and stale reports ErrCorrupt: its header cannot be trusted
// to say what it was built from.
func Validate(b, src []byte, want Expect) (*Sidecar, error) {
	sc, err := Decode(b)
	if err != nil {
		return nil, err
	}
	if err := checkFresh(&sc.Header, src, want); err != nil {
		return nil, err
	}
	return sc, nil
}

// ValidateHeader is Validate without decoding the sections' contents: it
// checks the header checksum, the layout and every section checksum, then
// compares the header with src and want. A build tool deciding whether a
// sidecar is fresh needs no more.
func ValidateHeader(b, src []byte, want Expect) (Header, error) {
	var d decoder
	if err := d.layout(b); err != nil {
		return Header{}, err
	}
	if err := checkFresh(&d.h, src, want); err != nil {
		return Header{}, err
	}
	return d.h, nil
}

// Runnable is what ValidateRunnable finds: the parts of a sidecar a
// runtime runs. Its slices share memory with the sidecar's bytes.
type Runnable struct {
	Header   Header
	Code     []byte     // the code section, for a TypeScript/JSX source; nil otherwise
	Bytecode []Bytecode // the bytecode sections, in file order

	strings, record []byte // undecoded, for Record
}

// ValidateRunnable is Validate for a runtime that runs a sidecar's code or
// bytecode but builds no module record from it (an engine whose bytecode
// holds its own record, as QuickJS's does): every check of SPEC.md section
// 9 but the decoding of the string table and record sections (steps 10 and
// 11 for those two), which it does not read. Their bytes are still under
// their checksums; the bytecode sections' tags are checked as step 11
// requires. Nothing is copied, so the result is valid while b is.
func ValidateRunnable(b, src []byte, want Expect) (*Runnable, error) {
	var d decoder
	if err := d.layout(b); err != nil {
		return nil, err
	}
	r := &Runnable{Header: d.h, Code: d.code, strings: d.strings, record: d.record}
	for _, data := range d.bytecode {
		bc, err := decodeBytecodeShared(data)
		if err != nil {
			return nil, err
		}
		for _, o := range r.Bytecode {
			if o.Tag == bc.Tag {
				return nil, fmt.Errorf("%w: two bytecode sections for engine tag %q", ErrCorrupt, bc.Tag.String())
			}
		}
		r.Bytecode = append(r.Bytecode, bc)
	}
	if err := checkFresh(&d.h, src, want); err != nil {
		return nil, err
	}
	return r, nil
}

// BytecodeFor returns the payload of the bytecode section whose tag equals
// tag, and whether there is one.
func (r *Runnable) BytecodeFor(tag EngineTag) ([]byte, bool) {
	for _, b := range r.Bytecode {
		if b.Tag == tag {
			return b.Payload, true
		}
	}
	return nil, false
}

// Record decodes the string table and record sections that
// ValidateRunnable left undecoded (SPEC.md section 9, steps 10 and 11 for
// those two), with Decode's checks. A runtime that reads ahead calls it
// for a module's requests, off the path that runs the module.
func (r *Runnable) Record() (*Record, error) {
	return decodeRecordSections(r.strings, r.record, &r.Header)
}

func checkFresh(h *Header, src []byte, want Expect) error {
	if h.SourceLen != uint64(len(src)) {
		return fmt.Errorf("%w: source is %d bytes, sidecar was built from %d", ErrStale, len(src), h.SourceLen)
	}
	if got := HashSource(src); got != h.SourceHash {
		return fmt.Errorf("%w: source hash %#016x, sidecar was built from %#016x", ErrStale, got, h.SourceHash)
	}
	if want.Producer != "" && want.Producer != h.Producer {
		return fmt.Errorf("%w: producer %q, want %q", ErrOptionsMismatch, h.Producer, want.Producer)
	}
	if want.OptionsHash != 0 && want.OptionsHash != h.OptionsHash {
		return fmt.Errorf("%w: options hash %#016x, want %#016x", ErrOptionsMismatch, h.OptionsHash, want.OptionsHash)
	}
	return nil
}

func align8(n uint64) uint64 { return (n + 7) &^ 7 }
