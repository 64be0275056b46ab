package format_test

import (
	"fmt"
	"testing"

	"github.com/bmesjs/bmes/format"
)

// largeRecord is shaped like the entry module of a big library (lodash-es
// or a UI kit's index): hundreds of requests and re-exports, thousands of
// top-level declarations.
func largeRecord() (*format.Record, []byte) {
	r := &format.Record{UsesImportMeta: true}
	for i := range 200 {
		m := format.ModuleRequest{Specifier: fmt.Sprintf("./components/widget%d/index.js", i)}
		if i%20 == 0 {
			m.Attributes = []format.Attribute{{Key: "type", Value: "json"}}
		}
		r.RequestedModules = append(r.RequestedModules, m)
	}
	for i := range 400 {
		r.ImportEntries = append(r.ImportEntries, format.ImportEntry{ModuleRequest: i % 200, ImportName: fmt.Sprintf("createWidget%d", i), LocalName: fmt.Sprintf("createWidget%d", i)})
	}
	for i := range 300 {
		r.LocalExportEntries = append(r.LocalExportEntries, format.LocalExportEntry{ExportName: fmt.Sprintf("helper%d", i), LocalName: fmt.Sprintf("helper%d", i)})
	}
	for i := range 150 {
		r.IndirectExportEntries = append(r.IndirectExportEntries, format.IndirectExportEntry{ExportName: fmt.Sprintf("Widget%d", i), ModuleRequest: i, ImportName: "default"})
	}
	for i := range 20 {
		r.StarExportEntries = append(r.StarExportEntries, format.StarExportEntry{ModuleRequest: 180 + i})
	}
	for i := range 1000 {
		r.VarNames = append(r.VarNames, fmt.Sprintf("_tmp%d", i))
	}
	for i := range 1500 {
		r.LexicalNames = append(r.LexicalNames, format.LexicalName{Name: fmt.Sprintf("helper%d", i), Kind: format.LexicalKind(i % 4)})
	}
	for i := range 50 {
		r.DynamicImports = append(r.DynamicImports, format.DynamicImport{Specifier: fmt.Sprintf("./lazy/chunk%d.js", i), Known: true})
	}
	// About 300 KB of source for such a module.
	src := make([]byte, 300<<10)
	for i := range src {
		src[i] = "abcdefghij ;\n"[i%13]
	}
	return r, src
}

func benchmarkSidecar(b *testing.B) ([]byte, []byte) {
	rec, src := largeRecord()
	sidecar, err := format.Encode(rec, src, format.Meta{Producer: "bmes bench", OptionsHash: 1})
	if err != nil {
		b.Fatal(err)
	}
	return sidecar, src
}

// BenchmarkDecode measures decoding alone; MB/s counts sidecar bytes.
func BenchmarkDecode(b *testing.B) {
	sidecar, _ := benchmarkSidecar(b)
	b.SetBytes(int64(len(sidecar)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := format.Decode(sidecar); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(len(sidecar)), "sidecar-bytes")
}

// BenchmarkValidate is what a runtime pays at load: decode plus hashing the
// source. MB/s counts sidecar and source bytes.
func BenchmarkValidate(b *testing.B) {
	sidecar, src := benchmarkSidecar(b)
	b.SetBytes(int64(len(sidecar) + len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := format.Validate(sidecar, src, format.Expect{Producer: "bmes bench", OptionsHash: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkEncode measures what a build pays per module.
func BenchmarkEncode(b *testing.B) {
	rec, src := largeRecord()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := format.Encode(rec, src, format.Meta{Producer: "bmes bench", OptionsHash: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkDecodeTypical decodes the sidecar of the entries.js vector, a
// module of typical size (20 lines, every entry kind).
func BenchmarkDecodeTypical(b *testing.B) {
	sidecar, err := format.Encode(vectors[0].rec, []byte(vectors[0].src), format.Meta{Producer: "bmes bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(sidecar)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := format.Decode(sidecar); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}
