package conformance

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
)

// repoRoot returns the directory holding go.mod, found upward from the
// package directory that `go test` runs in.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("finding the repository root: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatalf("finding the repository root: no go.mod above the test's directory")
		}
		dir = parent
	}
}

// outcome is what the product path made of one file.
type outcome struct {
	line []byte // the record's JSON dump when accepted
	err  error  // the rejection (a diag.List) when not
	bug  string // an analyzer bug (a panic, with its stack): never a valid rejection

	// sidecarErr is set when an accepted record does not survive the trip
	// through a sidecar: format.Encode refuses it (it breaks a rule of
	// format/SPEC.md, a repeated binding say) or Decode gives back a
	// different record. Either way a runtime would not load what the
	// parser built.
	sidecarErr error
}

func (o outcome) accepted() bool { return o.err == nil && o.bug == "" }

// analyzeFile runs one file through the path bmes-precompile and
// bmes-inspect take: Plan by absolute path, then Analyze. source is the
// "source" field of the JSON line and the file name diagnostics carry. A
// panic is caught and reported as a bug, so that one parser bug shows up as
// one failing file instead of ending the whole run.
func analyzeFile(a *analyze.Analyzer, abs, source string, src []byte) (o outcome) {
	defer func() {
		if r := recover(); r != nil {
			o = outcome{bug: fmt.Sprintf("panic: %v\n%s", r, debug.Stack())}
		}
	}()
	plan, err := a.Plan(abs)
	if err != nil {
		return outcome{err: fmt.Errorf("planning: %w", err)}
	}
	res, err := plan.Analyze(source, src)
	if err != nil {
		return outcome{err: err}
	}
	if res == nil || res.Record == nil {
		return outcome{bug: "Analyze returned neither a record nor an error"}
	}
	line := res.Record.AppendJSON(nil, source)
	return outcome{line: line, sidecarErr: sidecarRoundTrip(plan, res, src, line, source)}
}

// sidecarRoundTrip encodes the result as precompile writes it and decodes
// it as a runtime reads it, and checks that the record is unchanged.
func sidecarRoundTrip(plan *analyze.Plan, res *analyze.Result, src, line []byte, source string) error {
	b, err := format.Encode(res.Record, src, format.Meta{
		Producer:    analyze.Producer,
		OptionsHash: plan.OptionsHash,
		TypeScript:  res.Code != nil,
		Code:        res.Code,
	})
	if err != nil {
		return fmt.Errorf("format.Encode refuses the record: %w", err)
	}
	sc, err := format.Decode(b)
	if err != nil {
		return fmt.Errorf("format.Decode rejects the sidecar format.Encode wrote: %w", err)
	}
	if got := sc.Record.AppendJSON(nil, source); !bytes.Equal(got, line) {
		return fmt.Errorf("the record changed on its way through a sidecar:\n\tbuilt   %s\n\tdecoded %s", line, got)
	}
	return nil
}

// forEachParallel calls fn(i) for every i in [0, n) on runtime.GOMAXPROCS
// workers. fn must write its result into a slot of its own.
func forEachParallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// firstLine returns the first line of an error's text: a diag.List prints
// one diagnostic and "(and N more)", a bug its stack below.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// diagText returns the first line of an analysis error without the file
// name the diagnostic starts with, since the caller names the file already.
func diagText(err error, name string) string {
	return strings.TrimPrefix(firstLine(err.Error()), name+":")
}

// listed formats at most limit items, one per line, with a count of the rest.
func listed(items []string, limit int) string {
	var b []byte
	for i, s := range items {
		if i == limit {
			b = fmt.Appendf(b, "\n\t… and %d more", len(items)-limit)
			break
		}
		b = fmt.Appendf(b, "\n\t%s", s)
	}
	return string(b)
}

func TestSidecarRoundTrip(t *testing.T) {
	plan, err := analyze.New().Plan(filepath.Join(t.TempDir(), "a.js"))
	if err != nil {
		t.Fatal(err)
	}
	good := &format.Record{
		RequestedModules: []format.ModuleRequest{{Specifier: "./m.js"}},
		ImportEntries:    []format.ImportEntry{{ModuleRequest: 0, ImportName: "x", LocalName: "x"}},
		LexicalNames:     []format.LexicalName{{Name: "y", Kind: format.KindConst}},
	}
	// The same request twice breaks a rule a reader checks: the check must
	// report it, not pass it through.
	bad := &format.Record{
		RequestedModules: []format.ModuleRequest{{Specifier: "./m.js"}, {Specifier: "./m.js"}},
	}
	src := []byte(`import { x } from "./m.js"; const y = 1;`)
	for _, tt := range []struct {
		name    string
		rec     *format.Record
		wantErr bool
	}{
		{"valid record", good, false},
		{"repeated request", bad, true},
	} {
		res := &analyze.Result{Record: tt.rec}
		err := sidecarRoundTrip(plan, res, src, tt.rec.AppendJSON(nil, "a.js"), "a.js")
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: sidecarRoundTrip = %v, want error %v", tt.name, err, tt.wantErr)
		}
	}
}
