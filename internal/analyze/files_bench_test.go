package analyze

import (
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkFiles analyses each file listed in BMES_BENCH_FILES (separated as
// filepath.SplitList splits them) as JavaScript, with and without esbuild's
// Transform as a second gate. bench/parse.sh sets the variable to large real
// modules from npm and compares with the parser alone and es-module-lexer.
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
		abs, err := filepath.Abs(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, gate := range []bool{true, false} {
			name := filepath.Base(path) + "/nogate"
			if gate {
				name = filepath.Base(path) + "/gate"
			}
			b.Run(name, func(b *testing.B) {
				a := New()
				a.Gate = gate
				p, err := a.Plan(abs)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, err := p.Analyze(path, src); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
