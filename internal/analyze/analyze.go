// Package analyze is the one entry point from a file to its module record:
// it picks the loader by extension, runs esbuild's Transform for TypeScript
// and JSX with the options module-record.md fixes, and parses the resulting
// JavaScript with internal/esm.
//
// Work is split in two so that freshness checks stay cheap: Analyzer.Plan
// decides everything about a file except its bytes (loader, merged tsconfig,
// options hash) from its path alone, and Plan.Analyze then turns bytes into a
// record. A caller that finds an up-to-date sidecar needs only the Plan.
package analyze

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"github.com/bmesjs/bmes/diag"
	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/esm"
)

// Producer names this tool and version in every sidecar's header. Bump it
// whenever analysis can give a different record for the same input, so that
// old sidecars read as stale.
const Producer = "bmes 0.1.0"

// EsbuildVersion is the esbuild release whose Transform output TypeScript
// and JSX records are taken from. It is part of the options hash because
// helper names esbuild introduces end up in the record; a test checks it
// against go.mod.
const EsbuildVersion = "0.28.2"

// Kind says what a file is, by its name alone.
type Kind uint8

const (
	NotJS       Kind = iota // not a JavaScript or TypeScript source
	ESModule                // .js .mjs .ts .mts .tsx .jsx
	CommonJS                // .cjs .cts: not ES modules, never analysed
	Declaration             // .d.ts .d.mts .d.cts: types only, never analysed
)

func (k Kind) String() string {
	switch k {
	case ESModule:
		return "ES module"
	case CommonJS:
		return "CommonJS"
	case Declaration:
		return "declaration"
	}
	return "not JavaScript"
}

// Loader is how the source text is read.
type Loader uint8

const (
	LoaderJS  Loader = iota // .js .mjs
	LoaderTS                // .ts .mts
	LoaderTSX               // .tsx
	LoaderJSX               // .jsx
)

// String returns the loader's name as esbuild spells it.
func (l Loader) String() string {
	switch l {
	case LoaderTS:
		return "ts"
	case LoaderTSX:
		return "tsx"
	case LoaderJSX:
		return "jsx"
	}
	return "js"
}

// Errors wrapped by Plan for files that are not ES modules, so that callers
// can count what they skipped with errors.Is.
var (
	ErrCommonJS    = errors.New("CommonJS file, not an ES module")
	ErrDeclaration = errors.New("TypeScript declaration file, not an ES module")
	ErrNotJS       = errors.New("not a JavaScript or TypeScript file")
)

// Classify tells a file's kind and loader from its name. Extensions are
// matched case-sensitively, as tsc and Node do on case-sensitive file
// systems. A .ts file whose base name contains ".d." (foo.d.css.ts, as
// allowArbitraryExtensions declares) is a declaration file, by TypeScript's
// own rule in isDeclarationFileName.
func Classify(path string) (Kind, Loader) {
	base := filepath.Base(path)
	switch ext := filepath.Ext(base); ext {
	case ".js", ".mjs":
		return ESModule, LoaderJS
	case ".jsx":
		return ESModule, LoaderJSX
	case ".tsx":
		return ESModule, LoaderTSX
	case ".cjs":
		return CommonJS, LoaderJS
	case ".ts":
		if strings.Contains(base, ".d.") {
			return Declaration, LoaderTS
		}
		return ESModule, LoaderTS
	case ".mts", ".cts":
		if strings.HasSuffix(base, ".d"+ext) {
			return Declaration, LoaderTS
		}
		if ext == ".cts" {
			return CommonJS, LoaderTS
		}
		return ESModule, LoaderTS
	}
	return NotJS, LoaderJS
}

// Analyzer resolves tsconfig files (cached per directory) and analyses
// sources. It is safe for concurrent use; use one per run so that every
// tsconfig.json is read once and the whole run sees one version of it (a
// long-lived process such as a watch build should make a new one when a
// tsconfig changes). The zero value is ready to use.
//
// JavaScript goes to internal/esm alone. An earlier version also ran
// esbuild's Transform over it as a second check on early errors; the parser
// now rejects every module parse-negative of test262 and 99.9% of the
// strict-mode ones by itself, and esbuild's check only added false
// rejections (identifiers from Unicode 16 and 17, `using` in a for
// statement's head, a hashbang after a byte order mark) at ten times the
// cost of the parse.
type Analyzer struct {
	dirs  sync.Map // directory → *dirEntry
	files sync.Map // config file path → *fileEntry
}

// New returns an Analyzer.
func New() *Analyzer { return &Analyzer{} }

// Plan is everything that decides a file's record except its bytes: the
// loader and, for TypeScript/JSX, the merged tsconfig compilerOptions.
type Plan struct {
	Path        string // absolute path
	Loader      Loader
	OptionsHash uint64    // digest of the loader, tsconfig options and esbuild version
	Warnings    diag.List // e.g. a tsconfig "extends" base that cannot be found

	tsconfigRaw string // TsconfigRaw for esbuild; "" when no tsconfig.json applies
}

// Plan resolves the options for the ES module at absPath (made absolute
// if it is not). It fails for files that are not ES modules, with an error
// wrapping ErrCommonJS, ErrDeclaration or ErrNotJS, and for a tsconfig.json
// that cannot be parsed or whose "extends" chain is circular, with a
// diag.List naming the tsconfig file and position.
func (a *Analyzer) Plan(absPath string) (*Plan, error) {
	if !filepath.IsAbs(absPath) {
		p, err := filepath.Abs(absPath)
		if err != nil {
			return nil, fmt.Errorf("planning %s: %w", absPath, err)
		}
		absPath = p
	}
	absPath = filepath.Clean(absPath)
	kind, loader := Classify(absPath)
	switch kind {
	case CommonJS:
		return nil, fmt.Errorf("%s: %w", absPath, ErrCommonJS)
	case Declaration:
		return nil, fmt.Errorf("%s: %w", absPath, ErrDeclaration)
	case NotJS:
		return nil, fmt.Errorf("%s: %w", absPath, ErrNotJS)
	}
	p := &Plan{Path: absPath, Loader: loader}
	var cfg *tsconfig
	// JavaScript is analysed as written; tsconfig shapes only what esbuild
	// emits. A file inside node_modules gets no tsconfig, as in esbuild.
	if loader != LoaderJS && !insideNodeModules(filepath.Dir(absPath)) {
		var err error
		if cfg, err = a.tsconfigFor(filepath.Dir(absPath)); err != nil {
			// Every file under the broken tsconfig gets this error; give each
			// its own copy, so that one caller's Sort cannot race another's.
			var l diag.List
			if errors.As(err, &l) {
				return nil, slices.Clone(l)
			}
			return nil, err
		}
	}
	if cfg != nil {
		p.tsconfigRaw = cfg.raw
		p.Warnings = slices.Clone(cfg.warnings)
	}
	p.OptionsHash = optionsHash(loader, absPath, cfg)
	return p, nil
}

// optionsVersion starts the options hash input; change it whenever the
// encoding below changes.
const optionsVersion = "bmes-options/1"

// optionsHash digests every input besides the source that shapes the
// record, in a length-prefixed encoding so that no two option sets collide
// by concatenation. It must be equal on every machine that checks out the
// same tree, so it holds no absolute path. The absolute Sourcefile esbuild
// gets matters to its output only through the last path segments (a lowered
// anonymous `export default class` is named after the file, or its folder
// for index files), so the base name and the parent directory's name stand
// in for it. Path-valued tsconfig options enter relative to the tsconfig.
func optionsHash(loader Loader, absPath string, cfg *tsconfig) uint64 {
	b := make([]byte, 0, 256)
	field := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	field(optionsVersion)
	field(loader.String())
	if loader != LoaderJS {
		field(EsbuildVersion)
		field(filepath.Base(absPath))
		field(filepath.Base(filepath.Dir(absPath)))
		// Sidecars of TypeScript/JSX carry a source map section since this
		// field: older ones, without it, read as stale and are rewritten.
		field("sourcemap/1")
		if cfg == nil {
			field("no-tsconfig")
		} else {
			field("tsconfig")
			field(string(cfg.canon))
		}
	}
	return xxhash.Sum64(b)
}

// OutputPrefix starts the message of a diagnostic whose position is in the
// JavaScript esbuild produced for a TypeScript or JSX file rather than in the
// file itself (when esbuild's source map has no segment there to map it
// back through).
const OutputPrefix = "in esbuild's JavaScript output: "

// Result is a module's analysis.
type Result struct {
	Record *format.Record
	Code   []byte // the JavaScript esbuild produced, for TypeScript/JSX; nil for JavaScript
	// SourceMap maps Code back to the source (source map JSON, revision
	// 3, naming the source by its base name); nil for JavaScript.
	SourceMap []byte
}

// Analyze returns the record of src. name is the file name diagnostics
// carry. Errors are diag.List values. A Plan is not modified after Plan
// returns it, so Analyze may run concurrently on one Plan.
func (p *Plan) Analyze(name string, src []byte) (*Result, error) {
	if p.Loader == LoaderJS {
		rec, err := esm.Parse(name, src)
		if err != nil {
			return nil, err
		}
		return &Result{Record: rec}, nil
	}
	code, sourceMap, err := p.transform(name, src)
	if err != nil {
		return nil, err
	}
	rec, err := esm.Parse(name, code)
	if err != nil {
		// The parser's positions are in esbuild's output, not in the source
		// the user wrote: map them back, or, where the source map has no
		// segment, say so rather than point at the wrong line.
		var l diag.List
		if errors.As(err, &l) {
			out := make(diag.List, len(l))
			for i, d := range l {
				if line, col, ok := p.originalPosition(src, d.Line, d.Col); ok {
					out[i] = &diag.Diagnostic{File: d.File, Line: line, Col: col, Msg: d.Msg}
					continue
				}
				out[i] = &diag.Diagnostic{File: d.File, Line: d.Line, Col: d.Col,
					Msg: OutputPrefix + d.Msg}
			}
			return nil, out
		}
		return nil, fmt.Errorf("%s: parsing esbuild's output: %w", name, err)
	}
	return &Result{Record: rec, Code: code, SourceMap: sourceMap}, nil
}
