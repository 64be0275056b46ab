// Package analyze is the one entry point from a file to its module record:
// it picks the loader by extension, runs esbuild's Transform for TypeScript
// and JSX with the options module-record.md fixes, and parses the resulting
// JavaScript with internal/esm.
package analyze

import (
	"errors"

	"github.com/bmesjs/bmes/diag"
	"github.com/bmesjs/bmes/format"
)

// Producer names this tool and version in every sidecar's header. Bump it
// whenever analysis can give a different record for the same input, so that
// old sidecars read as stale.
const Producer = "bmes 0.1.0"

// Kind says what a file is, by its name alone.
type Kind uint8

const (
	NotJS       Kind = iota // not a JavaScript or TypeScript source
	ESModule                // .js .mjs .ts .mts .tsx .jsx
	CommonJS                // .cjs .cts: not ES modules, never analysed
	Declaration             // .d.ts .d.mts .d.cts: types only, never analysed
)

// Loader is how the source text is read.
type Loader uint8

const (
	LoaderJS  Loader = iota // .js .mjs
	LoaderTS                // .ts .mts
	LoaderTSX               // .tsx
	LoaderJSX               // .jsx
)

// Classify tells a file's kind and loader from its name.
func Classify(path string) (Kind, Loader) { panic("not implemented") }

// Analyzer resolves tsconfig files (cached per directory) and analyses
// sources. It is safe for concurrent use.
type Analyzer struct{}

// New returns an Analyzer.
func New() *Analyzer { return &Analyzer{} }

// Plan is everything that decides a file's record except its bytes: the
// loader and, for TypeScript/JSX, the merged tsconfig compilerOptions.
type Plan struct {
	Path        string // absolute path
	Loader      Loader
	OptionsHash uint64    // digest of the loader, tsconfig options and esbuild version
	Warnings    diag.List // e.g. a tsconfig "extends" base that cannot be found
}

// Plan resolves the options for the ES module at absPath. It fails for
// files that are not ES modules and for a tsconfig.json that cannot be parsed.
func (a *Analyzer) Plan(absPath string) (*Plan, error) { return nil, errors.New("not implemented") }

// Result is a module's analysis.
type Result struct {
	Record *format.Record
	Code   []byte // the JavaScript esbuild produced, for TypeScript/JSX; nil for JavaScript
}

// Analyze returns the record of src. name is the file name diagnostics
// carry. Errors are diag.List values.
func (p *Plan) Analyze(name string, src []byte) (*Result, error) {
	return nil, errors.New("not implemented")
}
