package wire

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	var b bytes.Buffer
	if err := WriteRequest(&b, "src/a.js", []byte("export {}")); err != nil {
		t.Fatal(err)
	}
	if err := WriteRequest(&b, "", nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct{ name, code string }{{"src/a.js", "export {}"}, {"", ""}} {
		name, code, err := ReadRequest(&b)
		if err != nil || name != want.name || string(code) != want.code {
			t.Errorf("ReadRequest = %q, %q, %v", name, code, err)
		}
	}
	if _, _, err := ReadRequest(&b); err != io.EOF {
		t.Errorf("at the end: %v, want io.EOF", err)
	}
	b.Reset()
	if err := WriteFrame(&b, Failed, []byte("SyntaxError")); err != nil {
		t.Fatal(err)
	}
	st, body, err := ReadFrame(&b)
	if err != nil || st != Failed || string(body) != "SyntaxError" {
		t.Errorf("ReadFrame = %d, %q, %v", st, body, err)
	}
}

func TestTruncated(t *testing.T) {
	var req, ans bytes.Buffer
	WriteRequest(&req, "name", []byte("code"))
	WriteFrame(&ans, OK, []byte("payload"))
	for n := 1; n < req.Len(); n++ {
		if _, _, err := ReadRequest(bytes.NewReader(req.Bytes()[:n])); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("request cut at %d: %v", n, err)
		}
	}
	for n := range ans.Len() {
		if _, _, err := ReadFrame(bytes.NewReader(ans.Bytes()[:n])); !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("answer cut at %d: %v", n, err)
		}
	}
	huge := []byte{0, 0xff, 0xff, 0xff, 0xff}
	if _, _, err := ReadFrame(bytes.NewReader(huge)); !errors.Is(err, errTooLarge) {
		t.Errorf("huge frame: %v", err)
	}
}

// FuzzFrames feeds arbitrary bytes to both readers: they never panic and
// never allocate past the frame limit.
func FuzzFrames(f *testing.F) {
	var b bytes.Buffer
	WriteRequest(&b, "src/a.js", []byte("export {}"))
	f.Add(b.Bytes())
	b.Reset()
	WriteFrame(&b, OK, []byte("payload"))
	f.Add(b.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bytes.NewReader(data)
		for {
			if _, _, err := ReadRequest(r); err != nil {
				break
			}
		}
		r = bytes.NewReader(data)
		for {
			if _, _, err := ReadFrame(r); err != nil {
				break
			}
		}
	})
}
