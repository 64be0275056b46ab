package quickjs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"

	lib "modernc.org/libquickjs"

	"github.com/bmesjs/bmes/format"
)

// PortVersion is the version of modernc.org/libquickjs this package is
// built with; a test checks it against go.mod. It is part of the engine tag
// because the QuickJS release date is not bumped with every change to the
// bytecode, and a port upgrade may change what JS_WriteObject writes.
const PortVersion = "v0.14.0"

// strip is the JS_SetStripInfo setting of every runtime and compiler here:
// nothing stripped, so that a module from bytecode keeps its source text
// (Function.prototype.toString) and line numbers (stack traces) and behaves
// as the same module compiled from source.
const strip = "none"

// tag is computed once: it does not change while the process runs.
var tag = format.EngineTag{
	Engine: "quickjs",
	Version: fmt.Sprintf("%s bc%d modernc.org/libquickjs@%s %s strip=%s",
		lib.MCONFIG_VERSION, lib.MBC_VERSION, PortVersion, byteOrder(), strip),
}

// Tag returns the engine tag of this build's bytecode sections (SPEC.md
// section 7.1). A sidecar's QuickJS section is used only when its tag
// equals this one byte for byte.
func Tag() format.EngineTag { return tag }

func byteOrder() string {
	var x uint16 = 1
	if binary.NativeEndian.Uint16([]byte{1, 0}) == x {
		return "little-endian"
	}
	return "big-endian"
}

// payloadHeader is the fixed part of a QuickJS payload: the XXH64 of the
// JavaScript the bytecode was compiled from, and the module name's length.
const payloadHeader = 12

// encodePayload lays out a QuickJS payload (SPEC.md section 7.1): the hash
// of the code compiled, the module name it was compiled under, padding,
// then the bytecode, 8-aligned within the payload (and so in the file).
func encodePayload(codeHash uint64, name string, bytecode []byte) []byte {
	off := align8(payloadHeader + len(name))
	p := make([]byte, off+len(bytecode))
	binary.LittleEndian.PutUint64(p, codeHash)
	binary.LittleEndian.PutUint32(p[8:], uint32(len(name)))
	copy(p[payloadHeader:], name)
	copy(p[off:], bytecode)
	return p
}

var errPayload = errors.New("malformed QuickJS payload")

// decodePayload splits a payload into its parts. It checks the layout only;
// whether the parts fit the module is the loader's business.
func decodePayload(p []byte) (codeHash uint64, name string, bytecode []byte, err error) {
	if len(p) < payloadHeader {
		return 0, "", nil, errPayload
	}
	codeHash = binary.LittleEndian.Uint64(p)
	n := uint64(binary.LittleEndian.Uint32(p[8:]))
	off := align8(payloadHeader + int(min(n, 1<<31)))
	if n > uint64(len(p)) || uint64(off) > uint64(len(p)) {
		return 0, "", nil, errPayload
	}
	nameBytes := p[payloadHeader : payloadHeader+int(n)]
	if !utf8.Valid(nameBytes) {
		return 0, "", nil, errPayload
	}
	for _, c := range p[payloadHeader+int(n) : off] {
		if c != 0 {
			return 0, "", nil, errPayload
		}
	}
	if off == len(p) {
		return 0, "", nil, errPayload // no bytecode at all
	}
	return codeHash, string(nameBytes), p[off:], nil
}

func align8(n int) int { return (n + 7) &^ 7 }
