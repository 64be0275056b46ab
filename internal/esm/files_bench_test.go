package esm

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkFiles parses each file listed in BMES_BENCH_FILES (separated as
// filepath.SplitList splits them). bench/parse.sh sets it to large real
// modules installed from npm, so that the figures come from real code and the
// same run can time es-module-lexer on the same bytes.
func BenchmarkFiles(b *testing.B) {
	list := os.Getenv("BMES_BENCH_FILES")
	if list == "" {
		b.Skip("BMES_BENCH_FILES is not set; bench/parse.sh sets it")
	}
	for _, path := range filepath.SplitList(list) {
		src, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(path), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := Parse(path, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
