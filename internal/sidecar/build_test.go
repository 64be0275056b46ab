package sidecar

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
)

// TestBuildWriteFresh takes a JavaScript and a TypeScript source through
// Build and Write, and checks that the file decodes to the analysis, carries
// the TypeScript flag and code exactly for TypeScript, and is Fresh for its
// source and plan.
func TestBuildWriteFresh(t *testing.T) {
	for _, tc := range []struct {
		name, src string
	}{
		{"a.js", "import { b } from './b.js';\nexport const a = b + 1;\n"},
		{"a.ts", "import type { T } from './t.js';\nimport { b } from './b.js';\nexport const a: T = b + 1;\nexport enum E { X }\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			source := filepath.Join(dir, tc.name)
			src := []byte(tc.src)
			p, err := analyze.New().Plan(source)
			if err != nil {
				t.Fatal(err)
			}
			data, res, err := Build(p, tc.name, src)
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			if err := Write(Path(source), data); err != nil {
				t.Fatalf("Write: %v", err)
			}
			onDisk, err := os.ReadFile(Path(source))
			if err != nil {
				t.Fatal(err)
			}
			if !Fresh(onDisk, src, p) {
				t.Error("Fresh = false for the sidecar just written")
			}
			if Fresh(onDisk, append(src, ' '), p) {
				t.Error("Fresh = true for an edited source")
			}
			sc, err := format.Decode(onDisk)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			// Records compare through their JSON dump, the contract's form
			// (an empty list and a nil one are the same record).
			got, want := sc.Record.AppendJSON(nil, tc.name), res.Record.AppendJSON(nil, tc.name)
			if !bytes.Equal(got, want) {
				t.Errorf("decoded record:\n got %s\nwant %s", got, want)
			}
			isTS := p.Loader != analyze.LoaderJS
			if sc.Header.TypeScript() != isTS || !bytes.Equal(sc.Code, res.Code) || (len(sc.Code) > 0) != isTS {
				t.Errorf("TypeScript flag %v and %d bytes of code; want flag %v and esbuild's %d bytes",
					sc.Header.TypeScript(), len(sc.Code), isTS, len(res.Code))
			}
			if sc.Header.Producer != analyze.Producer || sc.Header.OptionsHash != p.OptionsHash {
				t.Errorf("header %+v, want producer %q and options hash %#x", sc.Header, analyze.Producer, p.OptionsHash)
			}
		})
	}
}
