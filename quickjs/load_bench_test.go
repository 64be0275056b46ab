//go:build unix

package quickjs_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bmesjs/bmes/precompile"
	"github.com/bmesjs/bmes/quickjs"
)

// benchEntries are the entry points BenchmarkLoad loads: BMES_BENCH_ENTRY
// (a comma-separated list of files) or, when it is unset, the ones
// bench/quickjs.sh installs under bench/qjs-corpus.
func benchEntries(b *testing.B) []string {
	var entries []string
	if env := os.Getenv("BMES_BENCH_ENTRY"); env != "" {
		for _, e := range strings.Split(env, ",") {
			if e = strings.TrimSpace(e); e != "" {
				entries = append(entries, e)
			}
		}
	} else {
		for _, e := range []string{"webgpu.mjs", "lodash.mjs", "three.mjs"} {
			entries = append(entries, filepath.Join("..", "bench", "qjs-corpus", e))
		}
	}
	for i, e := range entries {
		abs, err := filepath.Abs(e)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := os.Stat(abs); err != nil {
			b.Skipf("%s is not installed (run bench/quickjs.sh, or set BMES_BENCH_ENTRY): %v", e, err)
		}
		entries[i] = abs
	}
	return entries
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLoad measures Runtime.Load, loading and linking a module graph
// without evaluating it, from source (every module parsed and compiled) and
// from sidecars (every module read from its bytecode). The sidecars are
// brought up to date first, as bmes-precompile -deps -engine quickjs over
// the entry's project directory would (a no-op when bench/quickjs.sh has
// just written them). Creating and freeing the Runtime is not timed.
func BenchmarkLoad(b *testing.B) {
	for _, entry := range benchEntries(b) {
		dir := quickjs.ProjectDir(entry)
		rep, err := precompile.Run(context.Background(), precompile.Options{
			Roots:   []string{dir},
			Deps:    true,
			Engines: []precompile.Engine{quickjs.NewEngine("", nil)},
		})
		if err != nil {
			b.Fatal(err)
		}
		if !rep.OK() {
			b.Fatalf("precompile %s: %d failed", dir, rep.Failed)
		}
		name := strings.TrimSuffix(filepath.Base(entry), filepath.Ext(entry))
		for _, mode := range []struct {
			name   string
			ignore bool
		}{{"source", true}, {"sidecars", false}} {
			b.Run(name+"/"+mode.name, func(b *testing.B) {
				var stats quickjs.Stats
				var cpu time.Duration
				for b.Loop() {
					b.StopTimer()
					rt, err := quickjs.New(quickjs.Options{IgnoreSidecars: mode.ignore})
					if err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					c0 := cpuTime()
					if err := rt.Load(entry); err != nil {
						b.Fatal(err)
					}
					cpu += cpuTime() - c0
					b.StopTimer()
					stats = rt.Stats()
					rt.Close()
					b.StartTimer()
				}
				if !mode.ignore && (stats.FromSource != 0 || stats.Rejected != 0) {
					b.Fatalf("%s: %+v; want every module from a sidecar", entry, stats)
				}
				b.ReportMetric(float64(stats.Modules), "modules")
				// CPU time is steadier than wall time on a shared machine.
				b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
			})
		}
	}
}
