package precompile

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkLinkCorpus measures what -link adds to a no-op run (every
// sidecar fresh) over the real-package corpus: test-tools/link-corpus.js
// and the 1,000-odd modules of node_modules it reaches with Deps, copied
// to a temporary folder and precompiled once. Each iteration is one no-op
// run without Link and one with it, interleaved so that both see the same
// machine load; it reports their medians, the link step's own time
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
	for b.Loop() {
		opts.Link = false
		r1, err := Run(context.Background(), opts)
		if err != nil || r1.Written != 0 {
			b.Fatalf("no-op run: %v, %d written", err, r1.Written)
		}
		opts.Link = true
		r2, err := Run(context.Background(), opts)
		if err != nil || r2.LinkErrors != 0 || r2.Written != 0 {
			b.Fatalf("no-op run with Link: %v, %d link errors, %d written", err, r2.LinkErrors, r2.Written)
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
	b.ReportMetric(float64(l-n)/float64(n), "extra/noop")
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
