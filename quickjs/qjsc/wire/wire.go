// Package wire is the framing between qjsc and a QuickJS compile server
// (bmes-run -compile-server): little-endian length-prefixed frames over a
// pipe. A request is the module name and its JavaScript; an answer is a
// status byte and a body (the payload, or the compile error's text). The
// server's first frame is a Hello.
package wire

import (
	"encoding/binary"
	"errors"
	"io"
)

// Status of an answer frame.
const (
	OK     byte = 0
	Failed byte = 1
)

// maxFrame bounds a frame's body: a module or payload larger than this is
// refused rather than allocated.
const maxFrame = 1 << 30

// Hello is the server's first frame: the engine tag of its build and the
// package.json conditions its runtime resolves with.
type Hello struct {
	Engine     string   `json:"engine"`
	Version    string   `json:"version"`
	Conditions []string `json:"conditions"`
}

var errTooLarge = errors.New("frame too large")

// WriteRequest writes a compile request.
func WriteRequest(w io.Writer, name string, code []byte) error {
	var h [8]byte
	binary.LittleEndian.PutUint32(h[:], uint32(len(name)))
	binary.LittleEndian.PutUint32(h[4:], uint32(len(code)))
	if _, err := w.Write(h[:]); err != nil {
		return err
	}
	if _, err := io.WriteString(w, name); err != nil {
		return err
	}
	_, err := w.Write(code)
	return err
}

// ReadRequest reads a compile request; io.EOF when the client is done.
func ReadRequest(r io.Reader) (string, []byte, error) {
	var h [8]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		if err == io.ErrUnexpectedEOF {
			return "", nil, err
		}
		return "", nil, err
	}
	n, m := binary.LittleEndian.Uint32(h[:]), binary.LittleEndian.Uint32(h[4:])
	if uint64(n)+uint64(m) > maxFrame {
		return "", nil, errTooLarge
	}
	b, err := readN(r, int(n)+int(m))
	if err != nil {
		return "", nil, err
	}
	return string(b[:n]), b[n:], nil
}

// WriteFrame writes an answer (or the hello).
func WriteFrame(w io.Writer, status byte, body []byte) error {
	var h [5]byte
	h[0] = status
	binary.LittleEndian.PutUint32(h[1:], uint32(len(body)))
	if _, err := w.Write(h[:]); err != nil {
		return err
	}
	_, err := w.Write(body)
	return err
}

// ReadFrame reads an answer (or the hello).
func ReadFrame(r io.Reader) (byte, []byte, error) {
	var h [5]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, nil, noEOF(err)
	}
	n := binary.LittleEndian.Uint32(h[1:])
	if n > maxFrame {
		return 0, nil, errTooLarge
	}
	b, err := readN(r, int(n))
	if err != nil {
		return 0, nil, err
	}
	return h[0], b, nil
}

// readN reads exactly n bytes, growing its buffer as bytes arrive rather
// than trusting the length up front: a length that lies costs what was
// sent, not what it claims.
func readN(r io.Reader, n int) ([]byte, error) {
	const chunk = 1 << 20
	b := make([]byte, 0, min(n, chunk))
	for len(b) < n {
		if len(b) == cap(b) {
			b = append(b, make([]byte, min(n-len(b), cap(b)))...)[:len(b)]
		}
		k, err := io.ReadFull(r, b[len(b):min(n, cap(b))])
		b = b[:len(b)+k]
		if err != nil {
			return nil, noEOF(err)
		}
	}
	return b, nil
}

func noEOF(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
