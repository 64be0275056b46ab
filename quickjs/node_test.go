package quickjs_test

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/precompile"
	"github.com/bmesjs/bmes/quickjs"
)

// programsDir holds the differential programs: small deterministic ES
// modules that import real npm packages (installed there by test.sh from
// the committed package-lock.json) and print what they compute.
const programsDir = "testdata/programs"

// knownFailures are the programs the runtime cannot run yet, each with the
// text its error must contain, so that a fix shows up as a failure here
// (remove the entry then) and a different breakage is not hidden.
var knownFailures = map[string]string{
	// svelte/compiler imports { roles } from aria-query, a CommonJS file
	// (exports.roles = …). Node finds CommonJS named exports with
	// cjs-module-lexer; the runtime gives a CommonJS file only a default
	// export.
	"svelte": "Could not find export 'roles' in module 'node_modules/aria-query/lib/index.js'",
	// postcss needs Node's builtins (require("path") in lib/input.js),
	// which this host does not have. (It used to fail earlier: its
	// lib/postcss.mjs imports './postcss.js', CommonJS by the package's
	// scope, now loaded as CommonJS as Node does.)
	"postcss": "Cannot find module 'path' required from",
}

// TestNodeDifferential runs every program in testdata/programs three ways
// and requires byte-identical stdout: on Node (the reference), on the
// QuickJS runtime with every module compiled from source (bmes-run
// -sidecars=false), and after bmes-precompile -deps -engine quickjs over
// the program directory, with every module read from its sidecar's
// bytecode (Stats.FromSource 0, nothing rejected). The sidecar run works on
// a linked copy of the directory, so the installed packages are never
// written to.
func TestNodeDifferential(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: the differential against Node needs it")
	}
	src, err := filepath.Abs(programsDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(src, "node_modules", ".package-lock.json")); err != nil {
		t.Skipf("%s/node_modules is not installed (test.sh runs npm ci there): %v", programsDir, err)
	}
	programs, err := filepath.Glob(filepath.Join(src, "*.mjs"))
	if err != nil || len(programs) == 0 {
		t.Fatalf("no programs in %s (%v)", programsDir, err)
	}
	sort.Strings(programs)

	dir := filepath.Join(t.TempDir(), "programs")
	if err := linkTree(src, dir); err != nil {
		t.Fatal(err)
	}
	rep, err := precompile.Run(context.Background(), precompile.Options{
		Roots:   []string{dir},
		Deps:    true,
		Engines: []precompile.Engine{quickjs.NewEngine("", nil)},
	})
	if err != nil {
		t.Fatal(err)
	}
	// A module QuickJS cannot compile keeps its sidecar without bytecode,
	// with a warning; the sidecar runs below then fail on FromSource.
	for _, w := range rep.Warnings {
		t.Logf("precompile warning: %s", w)
	}
	if !rep.OK() {
		t.Fatalf("precompile: %d failed", rep.Failed)
	}
	t.Logf("precompiled %d modules (%d CommonJS files skipped)", rep.Modules, rep.CommonJS)

	for _, p := range programs {
		name := filepath.Base(p)
		t.Run(strings.TrimSuffix(name, ".mjs"), func(t *testing.T) {
			t.Parallel() // separate Runtimes are independent
			entry := filepath.Join(dir, name)
			cmd := exec.Command(node, name)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "TZ=UTC", "NODE_OPTIONS=")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			want, err := cmd.Output()
			if err != nil {
				t.Fatalf("node %s: %v\n%s", name, err, stderr.Bytes())
			}
			if len(want) == 0 {
				t.Fatalf("node %s printed nothing", name)
			}
			for _, sidecars := range []bool{false, true} {
				got, stats, err := runProgram(entry, !sidecars)
				how := "from source"
				if sidecars {
					how = "from sidecars"
				}
				if known, ok := knownFailures[strings.TrimSuffix(name, ".mjs")]; ok {
					if err == nil || !strings.Contains(err.Error(), known) {
						t.Errorf("%s: known failure %q did not happen (err %v): update knownFailures", how, known, err)
					} else {
						t.Logf("%s: known failure: %s", how, known)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %v", how, err)
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s: stdout differs from node's:\n%s", how, firstDiff(want, got))
				}
				if sidecars && (stats.FromSource != 0 || stats.Rejected != 0 || stats.FromSidecar == 0) {
					t.Errorf("%s: stats %+v; want every ES module from a sidecar", how, stats)
				}
				if !sidecars && stats.FromSidecar != 0 {
					t.Errorf("%s: stats %+v; want nothing from a sidecar", how, stats)
				}
				if testing.Verbose() {
					t.Logf("%s: %d modules, %d from sidecars, %d CommonJS, %d JSON; load %.1f ms, run %.1f ms",
						how, stats.Modules, stats.FromSidecar, stats.CommonJS, stats.JSON, stats.LoadMs, stats.RunMs)
				}
			}
		})
	}
}

// runProgram runs entry on a fresh Runtime and returns its stdout, with
// stderr appended to a failure.
func runProgram(entry string, ignoreSidecars bool) ([]byte, quickjs.Stats, error) {
	var stdout, stderr bytes.Buffer
	rt, err := quickjs.New(quickjs.Options{IgnoreSidecars: ignoreSidecars, Stdout: &stdout, Stderr: &stderr})
	if err != nil {
		return nil, quickjs.Stats{}, err
	}
	defer rt.Close()
	err = rt.Run(entry)
	if err != nil {
		if e, ok := err.(*quickjs.Error); ok {
			err = &runError{e.Report, stderr.String()}
		}
	}
	return stdout.Bytes(), rt.Stats(), err
}

type runError struct{ report, stderr string }

func (e *runError) Error() string { return "Uncaught " + e.report + "\nstderr:\n" + e.stderr }

// firstDiff describes the first line where got differs from want.
func firstDiff(want, got []byte) string {
	w := strings.Split(string(want), "\n")
	g := strings.Split(string(got), "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b || i >= len(w) || i >= len(g) {
			return "line " + strconv.Itoa(i+1) + ":\n  node:    " + clip(a) + "\n  quickjs: " + clip(b)
		}
	}
	return "(same lines, different bytes)"
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

// linkTree recreates the tree at src under dst with hard links (copies
// where linking fails), leaving out sidecars. bmes-precompile writes a
// sidecar by renaming a new file into place, so the linked sources are
// never modified.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(out, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, out)
		case strings.HasSuffix(p, ".bmes") || !d.Type().IsRegular():
			return nil
		}
		if os.Link(p, out) == nil {
			return nil
		}
		return copyFile(p, out)
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
