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
// A crash between CreateTemp and Rename leaves a temporary file, named so
// that IsTemp recognises it; the walker removes those it finds.
package sidecar

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
)

// Ext is appended to a source's name to name its sidecar.
const Ext = ".bmes"

// tempInfix sits between a sidecar's name and the random digits
// os.CreateTemp adds: the temporary file for util.ts.bmes is
// .util.ts.bmes.tmp-123456789.
const tempInfix = Ext + ".tmp-"

// Path returns the sidecar path of a source: util.ts → util.ts.bmes.
func Path(source string) string { return source + Ext }

// IsTemp reports whether name (a base name or a path) is a temporary file
// Write creates, which a crash may have left behind: a dot, the sidecar's
// name, ".tmp-" and the digits os.CreateTemp chose. A Write in progress in
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

// Fresh reports whether existing (the bytes of a sidecar, possibly nil) is
// valid for src under plan: same source length and hash, options hash and
// producer. It costs a hash of src and of the sidecar's checksums, never a
// parse.
func Fresh(existing, src []byte, plan *analyze.Plan) bool {
	if len(existing) == 0 {
		return false
	}
	// ValidateHeader checks the header, the layout and the section
	// checksums without decoding the record: a build tool trusts what it
	// wrote once the checksums agree.
	_, err := format.ValidateHeader(existing, src, format.Expect{
		Producer:    analyze.Producer,
		OptionsHash: plan.OptionsHash,
	})
	return err == nil
}

// Build analyses src and encodes its sidecar. name is used in diagnostics.
// Analysis errors are returned as they come (diag.List values); an encoding
// failure is wrapped with the name.
func Build(plan *analyze.Plan, name string, src []byte) ([]byte, *analyze.Result, error) {
	res, err := plan.Analyze(name, src)
	if err != nil {
		return nil, nil, err
	}
	data, err := format.Encode(res.Record, src, format.Meta{
		Producer:    analyze.Producer,
		OptionsHash: plan.OptionsHash,
		TypeScript:  plan.Loader != analyze.LoaderJS,
		Code:        res.Code,
	})
	if err != nil {
		return nil, res, fmt.Errorf("%s: encoding sidecar: %w", name, err)
	}
	return data, res, nil
}

// Write stores data at path atomically: a temporary file in the same
// directory, then a rename, so a reader sees the old sidecar or the new one,
// never a torn one. The file ends up with mode 0644 whatever the umask:
// CreateTemp makes it 0600, and a sidecar must be readable by whoever runs
// the code. On failure no temporary file is left behind.
func Write(path string, data []byte) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+tempInfix+"*")
	if err != nil {
		return fmt.Errorf("writing sidecar: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close() // may already be closed; the first error is the one to report
			os.Remove(tmp)
		}
	}()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("writing sidecar %s: %w", path, err)
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("writing sidecar %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing sidecar %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
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
