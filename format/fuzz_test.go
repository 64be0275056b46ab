package format_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/format/formattest"
)

// FuzzDecode feeds arbitrary bytes to Decode and Validate. Neither may
// panic; when Decode succeeds, re-encoding what it returned must give a
// sidecar that decodes to an equal record, header and code. Each input is
// tried twice: as is, and with its checksums recomputed, since otherwise
// almost every mutation stops at a checksum and the string table and record
// decoders behind it would go unexplored. The seed corpus
// in testdata/fuzz/FuzzDecode holds the test vectors (written by
// go test ./format -run TestVectors -update) and any crashers found.
//
//	go test -fuzz=FuzzDecode -parallel=1 -fuzztime=5m ./format
func FuzzDecode(f *testing.F) {
	for _, c := range recordCases {
		b, err := format.Encode(c.rec, []byte(c.name), format.Meta{Producer: "fuzz", OptionsHash: 1})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecode(t, b)
		checkDecode(t, formattest.Refix(bytes.Clone(b)))
	})
}

func checkDecode(t *testing.T, b []byte) {
	t.Helper()
	sc, err := format.Decode(b)
	_, verr := format.Validate(b, nil, format.Expect{Producer: "fuzz", OptionsHash: 1})
	if verr == nil && err != nil {
		t.Fatalf("Validate accepted what Decode rejected: %v", err)
	}
	_, herr := format.ValidateHeader(b, nil, format.Expect{})
	if err == nil && herr != nil && !errors.Is(herr, format.ErrStale) {
		t.Fatalf("ValidateHeader rejected what Decode accepted: %v", herr)
	}
	if err != nil {
		return
	}
	h := sc.Header
	meta := format.Meta{Producer: h.Producer, OptionsHash: h.OptionsHash, TypeScript: h.TypeScript(), Code: sc.Code}
	again, err := format.Encode(sc.Record, nil, meta)
	if err != nil {
		t.Fatalf("Encode of a decoded record: %v", err)
	}
	sc2, err := format.Decode(again)
	if err != nil {
		t.Fatalf("Decode of a re-encoded record: %v", err)
	}
	if got, want := dump(sc2.Record), dump(sc.Record); got != want {
		t.Fatalf("round trip changed the record\ngot  %s\nwant %s", got, want)
	}
	if sc2.Header.Flags != h.Flags || sc2.Header.Producer != h.Producer || sc2.Header.OptionsHash != h.OptionsHash || !bytes.Equal(sc2.Code, sc.Code) {
		t.Fatalf("round trip changed the header or code: %+v, want %+v", sc2.Header, h)
	}
}
