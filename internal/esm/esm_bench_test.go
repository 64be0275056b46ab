package esm

import (
	"bytes"
	"os"
	"testing"
)

// benchSource builds a large module from testdata/bench.js: the sample is
// repeated inside function wrappers (so that its declarations do not
// clash) until the text is about 8 MB, the size of a large bundle.
func benchSource(tb testing.TB) []byte {
	sample, err := os.ReadFile("testdata/bench.js")
	if err != nil {
		tb.Fatalf("reading benchmark sample: %v", err)
	}
	var buf bytes.Buffer
	buf.WriteString("import { dep } from './dep.js';\n")
	for buf.Len() < 8<<20 {
		buf.WriteString("(function () {\n")
		buf.Write(sample)
		buf.WriteString("\n})();\n")
	}
	buf.WriteString("export { dep };\n")
	return buf.Bytes()
}

// BenchmarkParse reports the parser's throughput (MB/s) on benchSource.
// BenchmarkFiles (files_bench_test.go) measures real packages for bench/.
func BenchmarkParse(b *testing.B) {
	src := benchSource(b)
	if _, err := Parse("bench.js", src); err != nil {
		b.Fatalf("benchmark source does not parse: %v", err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("bench.js", src); err != nil {
			b.Fatal(err)
		}
	}
}
