package sidecar

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
)

// loadCorpus returns the modules of examples/app, or those listed in
// BMES_BENCH_FILES when it is set, with their plans and sidecars.
func loadCorpus(b *testing.B) (plans []*analyze.Plan, srcs, sidecars [][]byte, total int64) {
	var paths []string
	if list := os.Getenv("BMES_BENCH_FILES"); list != "" {
		paths = filepath.SplitList(list)
	} else {
		err := filepath.WalkDir("../../examples/app/src", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if kind, _ := analyze.Classify(p); kind == analyze.ESModule {
				paths = append(paths, p)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	a := analyze.New()
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			b.Fatal(err)
		}
		plan, err := a.Plan(abs)
		if err != nil {
			b.Fatal(err)
		}
		src, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		data, _, err := Build(plan, p, src)
		if err != nil {
			b.Fatal(err)
		}
		plans, srcs, sidecars = append(plans, plan), append(srcs, src), append(sidecars, data)
		total += int64(len(src))
	}
	return plans, srcs, sidecars, total
}

// BenchmarkLoad compares what a runtime pays to get a module's record from
// its sidecar (validate: check every checksum, hash the source, decode) with
// what analysing the source costs (for TypeScript, esbuild's Transform and
// the parse). MB/s counts source bytes in both, so their ratio is the
// speed-up a sidecar buys.
func BenchmarkLoad(b *testing.B) {
	plans, srcs, sidecars, total := loadCorpus(b)
	b.Run("analyse", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			for i, p := range plans {
				if _, err := p.Analyze(p.Path, srcs[i]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("validate", func(b *testing.B) {
		b.SetBytes(total)
		for b.Loop() {
			for i, p := range plans {
				want := format.Expect{Producer: analyze.Producer, OptionsHash: p.OptionsHash}
				if _, err := format.Validate(sidecars[i], srcs[i], want); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
