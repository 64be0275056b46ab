package format

import "errors"

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

// Meta is what Encode stores besides the record.
type Meta struct {
	Producer    string // tool name and version, e.g. "bmes 0.1.0"
	OptionsHash uint64 // digest of every input besides the source that shaped the record
	TypeScript  bool   // the source was TypeScript or JSX; Code holds esbuild's output
	Code        []byte // the JavaScript whose record this is, for TypeScript/JSX sources
}

// Sidecar is a decoded sidecar.
type Sidecar struct {
	Header Header
	Record *Record
	Code   []byte
}

// Expect is what Validate compares a sidecar's header with.
type Expect struct {
	Producer    string
	OptionsHash uint64
}

// Header is the fixed part of a sidecar that says what it was built from.
// (Placeholder fields: the format's author fixes them with SPEC.md.)
type Header struct {
	Version     uint32
	Flags       uint32
	SourceLen   uint64
	HashAlg     uint8
	SourceHash  uint64
	Producer    string
	OptionsHash uint64
}

// Encode lays out rec and meta as sidecar bytes for src. Deterministic.
func Encode(rec *Record, src []byte, meta Meta) ([]byte, error) {
	return nil, errors.New("format.Encode: not implemented yet")
}

// Decode parses a sidecar without checking it against a source. It never
// panics and never allocates more than a small multiple of len(b).
func Decode(b []byte) (*Sidecar, error) {
	return nil, errors.New("format.Decode: not implemented yet")
}

// Validate decodes b and checks it against src and want: it tells apart
// ErrNotSidecar, ErrUnsupportedVersion, ErrCorrupt, ErrStale and
// ErrOptionsMismatch.
func Validate(b, src []byte, want Expect) (*Sidecar, error) {
	return nil, errors.New("format.Validate: not implemented yet")
}
