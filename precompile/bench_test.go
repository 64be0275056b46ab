package precompile

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCorpus runs Run over the tree BMES_BENCH_CORPUS names (as
// bench/corpus.sh builds it), for profiles of the three kinds of run
// bench/precompile.sh times from the outside: cold (no sidecars, each
// iteration removes them off the clock), no-op (every sidecar fresh) and
// dry (-n), each with the directory as root and with every file a root.
func BenchmarkCorpus(b *testing.B) {
	dir := os.Getenv("BMES_BENCH_CORPUS")
	if dir == "" {
		b.Skip("BMES_BENCH_CORPUS is not set: bench/corpus.sh builds a corpus")
	}
	filter, err := NewFilter(nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	var files []string
	err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if rel, _ := filepath.Rel(dir, p); !d.IsDir() && filter.Match(filepath.ToSlash(rel)) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	clear := func(b *testing.B) {
		b.StopTimer()
		defer b.StartTimer()
		for _, f := range files {
			os.Remove(f + ".bmes")
		}
	}
	run := func(b *testing.B, roots []string, mode Mode) {
		rep, err := Run(context.Background(), Options{Roots: roots, Mode: mode})
		if err != nil || !rep.OK() {
			b.Fatalf("run failed: %v %v", err, rep.Diagnostics)
		}
	}
	for _, tc := range []struct {
		name  string
		roots []string
	}{{"dir", []string{dir}}, {"files", files}} {
		b.Run(tc.name+"/cold", func(b *testing.B) {
			for b.Loop() {
				clear(b)
				run(b, tc.roots, Write)
			}
		})
		b.Run(tc.name+"/noop", func(b *testing.B) {
			run(b, tc.roots, Write)
			b.ResetTimer()
			for b.Loop() {
				run(b, tc.roots, Write)
			}
		})
		b.Run(tc.name+"/dry", func(b *testing.B) {
			clear(b)
			for b.Loop() {
				run(b, tc.roots, DryRun)
			}
		})
	}
}
