package analyze

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchSource returns a module of n small functions with imports, exports
// and a class each: typical application code, about 250 bytes per n.
func benchSource(n int, typed bool) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "import { dep%d } from './dep%d.js';\n", i, i%7)
	}
	ann := ""
	if typed {
		ann = ": number"
	}
	for i := range n {
		fmt.Fprintf(&b, "export function f%d(a%s, b%s)%s { const t = a * %d + b; return t > 10 ? dep%d(t) : t; }\n", i, ann, ann, ann, i, i)
		fmt.Fprintf(&b, "export class C%d { #x = %d; get x() { return this.#x; } static { void 0; } }\n", i, i)
	}
	return []byte(b.String())
}

// BenchmarkAnalyze measures analysis per loader: JavaScript costs a parse,
// TypeScript an esbuild Transform and then a parse of its output.
func BenchmarkAnalyze(b *testing.B) {
	dir := b.TempDir()
	for _, bc := range []struct {
		name string
		file string
	}{
		{"js", "a.js"},
		{"ts", "a.ts"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			a := New()
			p, err := a.Plan(filepath.Join(dir, bc.file))
			if err != nil {
				b.Fatal(err)
			}
			src := benchSource(200, p.Loader != LoaderJS)
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := p.Analyze(bc.file, src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPlan measures planning a TypeScript file whose directory's
// tsconfig is already cached: the cost every file pays before a freshness
// check.
func BenchmarkPlan(b *testing.B) {
	dir := b.TempDir()
	cfg := `{"compilerOptions": {"target": "es2022", "strict": true, "jsx": "react-jsx"}}`
	if err := os.WriteFile(filepath.Join(dir, "tsconfig.json"), []byte(cfg), 0o644); err != nil {
		b.Fatal(err)
	}
	a := New()
	path := filepath.Join(dir, "src", "a.ts")
	if _, err := a.Plan(path); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := a.Plan(path); err != nil {
			b.Fatal(err)
		}
	}
}
