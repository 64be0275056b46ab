// Command bmes-inspect prints what a .bmes sidecar holds: with -json the
// module record as JSON Lines, exactly as module-record.md fixes it (one
// line per file, the form tests and outside tools compare), else a summary
// for people, header included.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/sidecar"
)

const usageText = `usage: bmes-inspect [-json] FILE...

bmes-inspect prints the module record a .bmes sidecar carries. FILE is a
sidecar (util.ts.bmes) or a source whose sidecar is read (util.ts); for a
source, the sidecar must be valid for it: same bytes, options and producer.

With -json, each FILE gives one line of JSON (JSON Lines), the record dump
that module-record.md specifies; a FILE without a valid sidecar (missing,
stale, corrupt, an invalid module, a CommonJS or declaration file) gives
{"source": "…", "error": "…"} instead. Without -json, a summary: header
(format version, producer, flags, source length and hash, sections and their
sizes) and the record's entries.

Flags:
`

const exitText = `
Exit status:
  0  every FILE had a valid sidecar
  1  some FILE had none (its error is printed)
  2  usage error
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bmes-inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print each record as one line of JSON, per module-record.md")
	fs.Usage = func() {
		fmt.Fprint(stderr, usageText)
		fs.PrintDefaults()
		fmt.Fprint(stderr, exitText)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "bmes-inspect: no files given\nrun 'bmes-inspect -h' for usage")
		return 2
	}
	a := analyze.New()
	code := 0
	for i, arg := range fs.Args() {
		source, sc, err := load(a, arg)
		if *asJSON {
			var line []byte
			if err != nil {
				line = appendError(nil, source, err)
			} else {
				line = sc.Record.AppendJSON(nil, source)
			}
			stdout.Write(append(line, '\n'))
		} else if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", arg, err)
		} else {
			if i > 0 {
				fmt.Fprintln(stdout)
			}
			printSummary(stdout, arg, source, sc)
		}
		if err != nil {
			code = 1
		}
	}
	return code
}

// load returns the sidecar FILE names and the source path it stands for.
// A sidecar named directly is decoded as it is, even if its source changed
// since (the summary says so). A source must have a sidecar valid for it.
func load(a *analyze.Analyzer, arg string) (source string, sc *format.Sidecar, err error) {
	if src, ok := strings.CutSuffix(arg, sidecar.Ext); ok {
		b, err := os.ReadFile(arg)
		if err != nil {
			return src, nil, errorText(err)
		}
		sc, err := format.Decode(b)
		return src, sc, err
	}
	source = arg
	switch kind, _ := analyze.Classify(arg); kind {
	case analyze.CommonJS:
		return source, nil, errors.New("a CommonJS file: not an ES module, never precompiled")
	case analyze.Declaration:
		return source, nil, errors.New("a declaration file: types only, never precompiled")
	case analyze.NotJS:
		return source, nil, errors.New("not a JavaScript or TypeScript module")
	}
	src, err := os.ReadFile(arg)
	if err != nil {
		return source, nil, errorText(err)
	}
	abs, err := filepath.Abs(arg)
	if err != nil {
		return source, nil, err
	}
	plan, err := a.Plan(abs)
	if err != nil {
		return source, nil, err
	}
	b, readErr := os.ReadFile(sidecar.Path(arg))
	if readErr == nil {
		sc, err := format.Validate(b, src, format.Expect{Producer: analyze.Producer, OptionsHash: plan.OptionsHash})
		if err == nil {
			return source, sc, nil
		}
		readErr = err
	}
	// No valid sidecar. If the source is not a valid module, that is the
	// reason, and the one worth printing: the module's SyntaxError.
	if _, _, err := sidecar.Build(plan, arg, src); err != nil {
		return source, nil, err
	}
	if errors.Is(readErr, fs.ErrNotExist) {
		return source, nil, errors.New("no sidecar: run bmes-precompile")
	}
	return source, nil, fmt.Errorf("no valid sidecar: %w", errorText(readErr))
}

// errorText drops the path an *fs.PathError repeats.
func errorText(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// appendError appends the error line of module-record.md:
// {"source":"…","error":"…"}.
func appendError(dst []byte, source string, err error) []byte {
	dst = append(dst, `{"source":`...)
	dst = format.AppendJSONString(dst, source)
	dst = append(dst, `,"error":`...)
	dst = format.AppendJSONString(dst, err.Error())
	return append(dst, '}')
}

// printSummary prints a sidecar for people.
func printSummary(w io.Writer, arg, source string, sc *format.Sidecar) {
	h := &sc.Header
	rec := sc.Record
	fmt.Fprintf(w, "%s\n", arg)
	fmt.Fprintf(w, "  source     %s: %s bytes, xxh64 %016x%s\n", source, commas(h.SourceLen), h.SourceHash, sourceState(source, h))
	fmt.Fprintf(w, "  format     version %d, producer %q, options %016x\n", h.Version, h.Producer, h.OptionsHash)
	fmt.Fprintf(w, "  flags      %s\n", flagNames(h.Flags))
	var secs []string
	for _, s := range sc.Sections {
		secs = append(secs, fmt.Sprintf("%s %s B", sectionName(s.ID), commas(uint64(s.Length))))
	}
	fmt.Fprintf(w, "  sections   %s\n", strings.Join(secs, ", "))
	if sc.Code != nil {
		fmt.Fprintf(w, "  code       %s bytes of JavaScript (from esbuild)\n", commas(uint64(len(sc.Code))))
	}
	for _, b := range sc.Bytecode {
		fmt.Fprintf(w, "  bytecode   %s: %s bytes, for %s\n", b.Tag.Engine, commas(uint64(len(b.Payload))), quote(b.Tag.Version))
	}

	fmt.Fprintf(w, "  requested  %d\n", len(rec.RequestedModules))
	for i, m := range rec.RequestedModules {
		fmt.Fprintf(w, "    [%d] %s%s\n", i, quote(m.Specifier), attributes(m.Attributes))
	}
	fmt.Fprintf(w, "  imports    %d\n", len(rec.ImportEntries))
	for _, e := range rec.ImportEntries {
		name := quote(e.ImportName)
		if e.Namespace {
			name = "*"
		}
		fmt.Fprintf(w, "    %s as %s from [%d]\n", name, e.LocalName, e.ModuleRequest)
	}
	n := len(rec.LocalExportEntries) + len(rec.IndirectExportEntries) + len(rec.StarExportEntries)
	fmt.Fprintf(w, "  exports    %d\n", n)
	for _, e := range rec.LocalExportEntries {
		fmt.Fprintf(w, "    %s: local %s\n", quote(e.ExportName), e.LocalName)
	}
	for _, e := range rec.IndirectExportEntries {
		name := quote(e.ImportName)
		if e.Namespace {
			name = "*"
		}
		fmt.Fprintf(w, "    %s: %s from [%d]\n", quote(e.ExportName), name, e.ModuleRequest)
	}
	for _, e := range rec.StarExportEntries {
		fmt.Fprintf(w, "    *: from [%d]\n", e.ModuleRequest)
	}
	fmt.Fprintf(w, "  var        %s\n", list(rec.VarNames))
	lex := make([]string, len(rec.LexicalNames))
	for i, l := range rec.LexicalNames {
		lex[i] = l.Kind.String() + " " + l.Name
	}
	fmt.Fprintf(w, "  lexical    %s\n", list(lex))
	var dyn []string
	for _, d := range rec.DynamicImports {
		if d.Known {
			dyn = append(dyn, quote(d.Specifier))
		} else {
			dyn = append(dyn, "(computed)")
		}
	}
	fmt.Fprintf(w, "  import()   %s\n", list(dyn))
}

// sourceState compares the sidecar's header with the source file on disk.
func sourceState(source string, h *format.Header) string {
	src, err := os.ReadFile(source)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return " (source is gone: orphan sidecar)"
	case err != nil:
		return " (source unreadable: " + errorText(err).Error() + ")"
	case uint64(len(src)) != h.SourceLen || format.HashSource(src) != h.SourceHash:
		return " (stale: the source changed since)"
	}
	return " (matches the source)"
}

func flagNames(f uint32) string {
	var names []string
	if f&format.FlagKindMask == format.KindESModule {
		names = append(names, "ES module")
	}
	if f&format.FlagTLA != 0 {
		names = append(names, "top-level await")
	}
	if f&format.FlagImportMeta != 0 {
		names = append(names, "import.meta")
	}
	if f&format.FlagTypeScript != 0 {
		names = append(names, "TypeScript/JSX (code section)")
	}
	return fmt.Sprintf("%#x %s", f, list(names))
}

func sectionName(id uint32) string {
	switch id {
	case format.SectionStrings:
		return "strings"
	case format.SectionRecord:
		return "record"
	case format.SectionCode:
		return "code"
	case format.SectionBytecode:
		return "bytecode"
	case format.SectionSourceMap:
		return "source map"
	}
	return "unknown#" + strconv.FormatUint(uint64(id), 10)
}

func attributes(attrs []format.Attribute) string {
	if len(attrs) == 0 {
		return ""
	}
	parts := make([]string, len(attrs))
	for i, a := range attrs {
		parts[i] = a.Key + ": " + quote(a.Value)
	}
	return " with { " + strings.Join(parts, ", ") + " }"
}

// quote writes a JavaScript string as JSON does, lone surrogates escaped.
func quote(s string) string { return string(format.AppendJSONString(nil, s)) }

func list(items []string) string {
	if len(items) == 0 {
		return "-"
	}
	return strings.Join(items, ", ")
}

func commas(n uint64) string {
	s := strconv.FormatUint(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
