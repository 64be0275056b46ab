// Package sidecar is the one code path from a source file to the .bmes file
// beside it: freshness check, analyse + encode, atomic write, removal.
// bmes-precompile and the esbuild plugin both go through it.
package sidecar

import (
	"errors"

	"github.com/bmesjs/bmes/internal/analyze"
)

// Ext is appended to a source's name to name its sidecar.
const Ext = ".bmes"

// Path returns the sidecar path of a source: util.ts → util.ts.bmes.
func Path(source string) string { return source + Ext }

// Fresh reports whether existing (the bytes of a sidecar, possibly nil) is
// valid for src under plan: same source length and hash, options hash and
// producer. It costs a hash of src, never a parse.
func Fresh(existing, src []byte, plan *analyze.Plan) bool { return false }

// Build analyses src and encodes its sidecar. name is used in diagnostics.
func Build(plan *analyze.Plan, name string, src []byte) ([]byte, *analyze.Result, error) {
	return nil, nil, errors.New("not implemented")
}

// Write stores data at path atomically: a temporary file in the same
// directory, then a rename, so a reader sees the old sidecar or the new one,
// never a torn one.
func Write(path string, data []byte) error { return errors.New("not implemented") }

// Remove deletes the sidecar at path; a missing file is not an error.
func Remove(path string) error { return errors.New("not implemented") }
