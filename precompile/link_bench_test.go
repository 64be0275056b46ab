package precompile

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
	"time"
)

// BenchmarkLinkCorpus measures what -link adds to a no-op run (every
// sidecar fresh) over the real-package corpus: test-tools/link-corpus.js
// and the 1,000-odd modules of node_modules it reaches with Deps, copied
// to a temporary folder and precompiled once. Each iteration is one no-op
// run without Link and one with it, interleaved (in alternating order) so
// that both see the same machine load; it reports their medians, the link step's own time
// (Report.LinkElapsed) and the ratios to the no-op run. The budget is
// link-step/no-op ≤ 0.10.
func BenchmarkLinkCorpus(b *testing.B) {
	tools, err := filepath.Abs("../test-tools")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(tools, "node_modules", "lodash-es")); err != nil {
		b.Skip("test-tools/node_modules is not installed: run `npm ci` in test-tools (test.sh does)")
	}
	dir := b.TempDir()
	if err := copyRegular(tools, dir); err != nil {
		b.Fatal(err)
	}
	opts := Options{Roots: []string{dir}, Include: []string{"link-corpus.js"}, Deps: true}
	rep, err := Run(context.Background(), opts)
	if err != nil || !rep.OK() {
		b.Fatalf("cold run: %v %v", err, rep.Diagnostics)
	}
	var noop, linked, step []time.Duration
	modules := 0
	var noopCPU, linkedCPU []time.Duration
	runOnce := func(link bool) *Report {
		// Each run starts from a collected heap, so that neither pays
		// for the other's garbage.
		runtime.GC()
		opts.Link = link
		c0, _ := cpuTime()
		r, err := Run(context.Background(), opts)
		c1, ok := cpuTime()
		if err != nil || r.Written != 0 || r.LinkErrors != 0 {
			b.Fatalf("no-op run (Link %v): %v, %d written, %d link errors", link, err, r.Written, r.LinkErrors)
		}
		if ok && link {
			linkedCPU = append(linkedCPU, c1-c0)
		} else if ok {
			noopCPU = append(noopCPU, c1-c0)
		}
		return r
	}
	for i := 0; b.Loop(); i++ {
		// Alternate which run goes first, so that neither always runs
		// on the heap and caches the other left.
		var r1, r2 *Report
		if i%2 == 0 {
			r1, r2 = runOnce(false), runOnce(true)
		} else {
			r2, r1 = runOnce(true), runOnce(false)
		}
		noop = append(noop, r1.Elapsed)
		linked = append(linked, r2.Elapsed)
		step = append(step, r2.LinkElapsed)
		modules = r2.Linked
	}
	n, l, s := median(noop), median(linked), median(step)
	b.ReportMetric(float64(modules), "modules")
	b.ReportMetric(ms(n), "noop-ms")
	b.ReportMetric(ms(l), "noop+link-ms")
	b.ReportMetric(ms(s), "link-step-ms")
	b.ReportMetric(float64(s)/float64(n), "link-step/noop")
	// The whole run's difference, as the median of the pairs' differences:
	// on a loaded machine far noisier than the link step's own time.
	diffs := make([]time.Duration, len(noop))
	for i := range noop {
		diffs[i] = linked[i] - noop[i]
	}
	b.ReportMetric(float64(median(diffs))/float64(n), "extra/noop")
	// CPU time (user+system) of the process during each run: what the
	// link check costs in work, whatever else the machine is doing.
	if len(noopCPU) > 0 && len(linkedCPU) > 0 {
		nc, lc := median(noopCPU), median(linkedCPU)
		b.ReportMetric(ms(nc), "noop-cpu-ms")
		b.ReportMetric(float64(lc-nc)/float64(nc), "cpu-extra/noop")
	}
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }

// copyRegular copies the regular files and folders under src to dst,
// leaving out symbolic links (node_modules/.bin).
func copyRegular(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular():
			return nil
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
}
