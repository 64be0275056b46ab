// Package formattest helps tests of sidecar consumers damage sidecars in
// ways that get past the checksums, as net/http/httptest helps tests of
// HTTP code: a test that flips a byte only tests the checksum, unless the
// checksums are recomputed after the edit.
package formattest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// Refix recomputes, in place, every checksum that b's header and section
// table let it find (format/SPEC.md: the section CRC-32Cs, then the
// header's), so that a test's or a fuzzer's edits reach the checks behind
// the checksums. It tolerates any input and returns b.
func Refix(b []byte) []byte {
	if len(b) < 48 {
		return b
	}
	le := binary.LittleEndian
	tab := crc32.MakeTable(crc32.Castagnoli)
	for i := range int(le.Uint16(b[42:])) {
		e := 48 + 16*i
		if e+16 > len(b) {
			break
		}
		off, ln := uint64(le.Uint32(b[e+4:])), uint64(le.Uint32(b[e+8:]))
		if off+ln <= uint64(len(b)) {
			le.PutUint32(b[e+12:], crc32.Checksum(b[off:off+ln], tab))
		}
	}
	if hl := uint64(le.Uint32(b[8:])); hl >= 48 && hl <= uint64(len(b)) {
		h := bytes.Clone(b[:hl])
		le.PutUint32(h[44:], 0)
		le.PutUint32(b[44:], crc32.Checksum(h, tab))
	}
	return b
}
