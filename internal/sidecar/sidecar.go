// Package sidecar is the one code path from a source file to the .bmes file
// beside it: freshness check, analyse + encode, atomic write, removal.
// bmes-precompile and the esbuild plugin both go through it.
//
// # Durability
//
// Write makes a sidecar appear atomically: it writes a temporary file in the
// destination directory and renames it over the sidecar, so a reader (a
// runtime, or a concurrent bmes) sees the old sidecar or the new one, never
// a torn one.
//
// Neither the file nor the directory is fsynced. A power loss or kernel
// crash can then leave a sidecar whose rename reached the disk before its
// data did (zeros or stale blocks under the new name), but that is
// harmless: every byte of a sidecar is covered by the header checksum or a
// section checksum, which format.Decode, format.Validate and Fresh (through
// format.ValidateHeader) all check, as must a runtime that loads it; such a
// file reads as corrupt, the runtime parses the source instead, and the
// next run rebuilds it. A lost rename leaves the old sidecar, whose source
// hash no longer matches, or none. Durability would cost an fsync per
// sidecar, which on this project's development machine (ext4 on a virtual
// disk) nearly tripled the cost of a write, 1.7 ms to 4.5 ms for 4 KiB, for
// a cache that can always be rebuilt. (A process that dies mid-write needs
// no fsync at all: the kernel keeps what was written.)
//
// A crash between creating the temporary file and the rename leaves a temporary file, named so
// that IsTemp recognises it; the walker removes those it finds.
package sidecar

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/bmesjs/bmes/diag"
	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/wholefile"
)

// Ext is appended to a source's name to name its sidecar.
const Ext = ".bmes"

// tempInfix sits between a sidecar's name and the random digits
// Write adds: the temporary file for util.ts.bmes is
// .util.ts.bmes.tmp-123456789.
const tempInfix = Ext + ".tmp-"

// Path returns the sidecar path of a source: util.ts → util.ts.bmes.
func Path(source string) string { return source + Ext }

// IsTemp reports whether name (a base name or a path) is a temporary file
// Write creates, which a crash may have left behind: a dot, the sidecar's
// name, ".tmp-" and the random digits Write chose. A Write in progress in
// another process (an esbuild watch, a second bmes) has such a file too, and
// its rename fails if the file is removed under it: clean up only temporary
// files that have not been modified for a while (a minute is plenty).
func IsTemp(name string) bool {
	base := filepath.Base(name)
	if !strings.HasPrefix(base, ".") {
		return false
	}
	i := strings.LastIndex(base, tempInfix)
	if i <= 1 { // at least one character of sidecar name after the dot
		return false
	}
	digits := base[i+len(tempInfix):]
	if digits == "" {
		return false
	}
	for _, c := range []byte(digits) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// An Engine compiles a module's JavaScript to the payload of its bytecode
// section (format SPEC.md section 7). Implementations are safe for
// concurrent use; package quickjs has one.
type Engine interface {
	// Tag names exactly the engine build the payloads are for.
	Tag() format.EngineTag
	// ModuleName is the name the engine's runtime will give the module at
	// the absolute path: bytecode is compiled under it, and it is part of
	// the options hash, so a sidecar compiled under another name is stale.
	// root is the directory the build tool was given that holds the module,
	// for an engine that names modules relative to a project directory it
	// cannot otherwise find.
	ModuleName(path, root string) string
	// Compile compiles code, the JavaScript the record describes, without
	// running it.
	Compile(name string, code []byte) ([]byte, error)
}

// Spec is everything that shapes a sidecar besides the source bytes: the
// analysis plan and the engines whose bytecode it carries.
type Spec struct {
	Plan    *analyze.Plan
	Engines []Engine
	Root    string // the build tool's root directory that holds the module (Engine.ModuleName)
}

// OptionsHash is the options hash a sidecar built to s carries: the plan's,
// and with engines, each engine's tag and the name it compiles the module
// under. Without engines it is the plan's own, so that asking for no
// bytecode leaves existing sidecars fresh.
func (s Spec) OptionsHash() uint64 {
	if len(s.Engines) == 0 {
		return s.Plan.OptionsHash
	}
	type entry struct {
		tag  format.EngineTag
		name string
	}
	es := make([]entry, len(s.Engines))
	for i, e := range s.Engines {
		es[i] = entry{e.Tag(), e.ModuleName(s.Plan.Path, s.Root)}
	}
	slices.SortFunc(es, func(a, b entry) int { return strings.Compare(a.tag.String(), b.tag.String()) })
	b := binary.LittleEndian.AppendUint64(nil, s.Plan.OptionsHash)
	field := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	field("engines/1")
	for _, e := range es {
		field(e.tag.Engine)
		field(e.tag.Version)
		field(e.name)
	}
	return xxhash.Sum64(b)
}

// FreshFor is Fresh for a Spec: existing is valid for src and was built
// with the same plan and engines.
func FreshFor(existing, src []byte, s Spec) bool {
	if len(existing) == 0 {
		return false
	}
	_, err := format.ValidateHeader(existing, src, s.expect())
	return err == nil
}

// FreshRecord is FreshFor for a caller that needs the record of a fresh
// sidecar (to follow its imports, to link): the record, or nil when
// existing is not fresh or its record does not decode. The sidecar is
// validated once, and nothing but the record is decoded or copied (its code,
// source map and bytecode are not), so the record does not share memory with
// existing.
func FreshRecord(existing, src []byte, s Spec) *format.Record {
	if len(existing) == 0 {
		return nil
	}
	r, err := format.ValidateRunnable(existing, src, s.expect())
	if err != nil {
		return nil
	}
	rec, err := r.Record()
	if err != nil {
		return nil
	}
	return rec
}

// expect is what a sidecar built for s says of itself.
func (s Spec) expect() format.Expect {
	return format.Expect{Producer: analyze.Producer, OptionsHash: s.OptionsHash()}
}

// BuildFor is Build for a Spec: it also compiles the module for each
// engine. An engine that cannot compile a module the analyser accepts is a
// warning, not an error: the sidecar is written without that engine's
// section, and that runtime compiles the module from source.
func BuildFor(s Spec, name string, src []byte) ([]byte, *analyze.Result, diag.List, error) {
	res, err := s.Plan.Analyze(name, src)
	if err != nil {
		return nil, nil, nil, err
	}
	meta := format.Meta{
		Producer:    analyze.Producer,
		OptionsHash: s.OptionsHash(),
		TypeScript:  s.Plan.Loader != analyze.LoaderJS,
		Code:        res.Code,
		SourceMap:   res.SourceMap,
	}
	var warnings diag.List
	if len(s.Engines) > 0 {
		code := src
		if meta.TypeScript {
			code = res.Code
		}
		for _, e := range s.Engines {
			p, err := e.Compile(e.ModuleName(s.Plan.Path, s.Root), code)
			if err != nil {
				warnings.Add(name, 0, 0, fmt.Sprintf("no %s bytecode: %v", e.Tag().Engine, err))
				continue
			}
			meta.Bytecode = append(meta.Bytecode, format.Bytecode{Tag: e.Tag(), Payload: p})
		}
	}
	data, err := format.Encode(res.Record, src, meta)
	if err != nil {
		return nil, res, warnings, fmt.Errorf("%s: encoding sidecar: %w", name, err)
	}
	return data, res, warnings, nil
}

// Fresh reports whether existing (the bytes of a sidecar, possibly nil) is
// valid for src under plan: same source length and hash, options hash and
// producer. It costs a hash of src and of the sidecar's checksums, never a
// parse: ValidateHeader checks the header, the layout and the section
// checksums without decoding the record, and a build tool trusts what it
// wrote once the checksums agree.
func Fresh(existing, src []byte, plan *analyze.Plan) bool {
	return FreshFor(existing, src, Spec{Plan: plan})
}

// Build analyses src and encodes its sidecar. name is used in diagnostics.
// Analysis errors are returned as they come (diag.List values); an encoding
// failure is wrapped with the name.
func Build(plan *analyze.Plan, name string, src []byte) ([]byte, *analyze.Result, error) {
	data, res, _, err := BuildFor(Spec{Plan: plan}, name, src)
	return data, res, err
}

// Write stores data at path atomically: a temporary file in the same
// directory, then a rename, so a reader sees the old sidecar or the new one,
// never a torn one. The file ends up with mode 0644 whatever the umask: a
// sidecar must be readable by whoever runs the code. On failure no
// temporary file is left behind.
func Write(path string, data []byte) error {
	base := filepath.Base(path)
	err := wholefile.WriteAtomic(path, data, 0o644, func(random string) string {
		return "." + base + tempInfix + random
	})
	if err != nil {
		return fmt.Errorf("writing sidecar: %w", err)
	}
	return nil
}

// Remove deletes the sidecar at path; a missing file is not an error.
func Remove(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing sidecar: %w", err)
	}
	return nil
}
