package precompile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/sidecar"
	"github.com/bmesjs/bmes/quickjs"
)

// writeTree creates files (slash-separated path → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// copyDir copies the regular files under src to dst, sidecars excepted.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if strings.HasSuffix(p, sidecar.Ext) || !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sidecars returns the sidecars under dir, relative and slash-separated,
// sorted; temporary files are not sidecars.
func sidecars(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, sidecar.Ext) {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// validateAll checks that every sidecar under dir is valid for its source,
// options and producer: what a runtime would trust.
func validateAll(t *testing.T, dir string) int {
	t.Helper()
	a := analyze.New()
	n := 0
	for _, rel := range sidecars(t, dir) {
		scPath := filepath.Join(dir, filepath.FromSlash(rel))
		src := strings.TrimSuffix(scPath, sidecar.Ext)
		b, err := os.ReadFile(scPath)
		if err != nil {
			t.Fatal(err)
		}
		srcBytes, err := os.ReadFile(src)
		if err != nil {
			t.Errorf("%s: source unreadable: %v", rel, err)
			continue
		}
		plan, err := a.Plan(src)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		if _, err := format.Validate(b, srcBytes, format.Expect{Producer: analyze.Producer, OptionsHash: plan.OptionsHash}); err != nil {
			t.Errorf("%s: %v", rel, err)
		}
		n++
	}
	return n
}

// runOK runs Run and fails the test on an error or a failed report.
func runOK(t *testing.T, opts Options) *Report {
	t.Helper()
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("run failed: %+v\n%v", rep, rep.Diagnostics)
	}
	return rep
}

// collect returns an Events func that records events, and the record.
func collect() (func(Event), *[]Event) {
	var mu sync.Mutex
	var evs []Event
	return func(e Event) {
		mu.Lock()
		evs = append(evs, e)
		mu.Unlock()
	}, &evs
}

// TestDeterminism copies the example app to two directories and requires
// byte-identical sidecars: nothing in a sidecar may depend on where the
// tree lives or on the order in which workers finish.
func TestDeterminism(t *testing.T) {
	base := t.TempDir()
	dirs := []string{filepath.Join(base, "one", "app"), filepath.Join(base, "two", "deeper", "app")}
	for i, d := range dirs {
		copyDir(t, "../examples/app", d)
		rep := runOK(t, Options{Roots: []string{d}, Deps: true, Jobs: 1 + i*3})
		if rep.Written != 15 || rep.CommonJS != 1 {
			t.Fatalf("%s: wrote %d, CommonJS %d; want 15, 1", d, rep.Written, rep.CommonJS)
		}
	}
	a, b := sidecars(t, dirs[0]), sidecars(t, dirs[1])
	if !slices.Equal(a, b) {
		t.Fatalf("sidecar sets differ:\n%v\n%v", a, b)
	}
	for _, rel := range a {
		x, _ := os.ReadFile(filepath.Join(dirs[0], rel))
		y, _ := os.ReadFile(filepath.Join(dirs[1], rel))
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between the two copies", rel)
		}
	}
	if n := validateAll(t, dirs[0]); n != 15 {
		t.Errorf("%d valid sidecars, want 15", n)
	}
}

// TestIncremental: a second run writes nothing; changing one file
// rewrites only its sidecar; Check names a file edited since.
func TestIncremental(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.js":     "import { b } from './b.js';\nexport const a = b;\n",
		"b.js":     "export const b = 1;\n",
		"c/c.ts":   "import { a } from '../a.js';\nexport const c: number = a;\n",
		"c/d.mjs":  "export default 4;\n",
		"e/f.tsx":  "export const f = <p />;\n",
		"lib.cjs":  "module.exports = 1;\n",
		"x.d.ts":   "export declare const x: 1;\n",
		"README":   "not code\n",
		"e/g.json": "{}\n",
	})
	opts := Options{Roots: []string{dir}}
	if rep := runOK(t, opts); rep.Written != 5 || rep.Fresh != 0 || rep.Modules != 5 {
		t.Fatalf("first run: %+v", rep)
	}
	mtimes := map[string]time.Time{}
	for _, rel := range sidecars(t, dir) {
		fi, _ := os.Stat(filepath.Join(dir, rel))
		mtimes[rel] = fi.ModTime()
	}

	events, evs := collect()
	opts.Events = events
	rep := runOK(t, opts)
	if rep.Written != 0 || rep.Fresh != 5 || rep.Removed != 0 {
		t.Fatalf("second run wrote something: %+v", rep)
	}
	for _, e := range *evs {
		if e.Action != ActionFresh {
			t.Errorf("second run: unexpected event %+v", e)
		}
	}

	// An edit, caught by Check before anyone precompiles.
	writeTree(t, dir, map[string]string{"b.js": "export const b = 2;\n"})
	check := Options{Roots: []string{dir}, Mode: Check}
	events, evs = collect()
	check.Events = events
	rep, err := Run(context.Background(), check)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || rep.Stale != 1 || rep.Missing != 0 || rep.Fresh != 4 {
		t.Fatalf("check after edit: %+v", rep)
	}
	var stale []string
	for _, e := range *evs {
		if e.Action == ActionStale {
			stale = append(stale, filepath.Base(e.File))
		}
	}
	if !slices.Equal(stale, []string{"b.js"}) {
		t.Errorf("check named %v as stale, want [b.js]", stale)
	}

	events, evs = collect()
	opts.Events = events
	rep = runOK(t, opts)
	if rep.Written != 1 || rep.Fresh != 4 {
		t.Fatalf("run after edit: %+v", rep)
	}
	for _, rel := range sidecars(t, dir) {
		fi, _ := os.Stat(filepath.Join(dir, rel))
		if changed := !fi.ModTime().Equal(mtimes[rel]); changed != (rel == "b.js.bmes") {
			t.Errorf("%s: rewritten = %v", rel, changed)
		}
	}
	validateAll(t, dir)
}

// TestBadInputs: each bad input gets a clear diagnostic, no sidecar, and
// the good module beside it is still precompiled.
func TestBadInputs(t *testing.T) {
	big := "export const big = \"" + strings.Repeat("x", 50<<20) + "\";\n"
	tests := []struct {
		name    string
		content string
		setup   func(t *testing.T, p string) // after the file is written
		invalid bool                         // not a valid module: a diagnostic, no sidecar
		wantErr string                       // substring of the diagnostic
		line    int                          // expected line of the diagnostic, 0 to not check
	}{
		{name: "syntax.js", content: "export const ok = 1;\nexport const = ;\n", invalid: true, line: 2},
		{name: "binary.js", content: "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", invalid: true},
		{name: "early.js", content: "export const a = 1;\nexport { a };\n", invalid: true, line: 2},
		{name: "utf8.js", content: "export const s = \"caf\xe9 \xff\xfe\";\n"},
		{name: "empty.js", content: ""},
		{name: "bom.js", content: "\ufeffexport default 1;\n"},
		{name: "big.js", content: big},
		{
			name: "unreadable.js", content: "export default 1;\n", invalid: true, wantErr: "permission denied",
			setup: func(t *testing.T, p string) {
				if err := os.Chmod(p, 0); err != nil {
					t.Fatal(err)
				}
				if f, err := os.Open(p); err == nil {
					f.Close()
					os.Chmod(p, 0o644)
					t.Skip("running as root: a chmod 000 file is still readable")
				}
				t.Cleanup(func() { os.Chmod(p, 0o644) })
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeTree(t, dir, map[string]string{
				"good.js":  "import './" + tc.name + "';\nexport const good = 1;\n",
				tc.name:    tc.content,
				"other.ts": "export const other: string = 'x';\n",
			})
			p := filepath.Join(dir, tc.name)
			if tc.setup != nil {
				tc.setup(t, p)
			}
			wantInvalid := tc.invalid
			// An old sidecar of the file must go when it is invalid.
			if wantInvalid {
				if err := os.WriteFile(sidecar.Path(p), []byte("stale"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := Run(context.Background(), Options{Roots: []string{dir}})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range []string{"good.js", "other.ts"} {
				if _, err := os.Stat(filepath.Join(dir, f+sidecar.Ext)); err != nil {
					t.Errorf("%s: no sidecar beside a bad input: %v", f, err)
				}
			}
			_, statErr := os.Stat(sidecar.Path(p))
			if !wantInvalid {
				if !rep.OK() || statErr != nil {
					t.Fatalf("valid module: OK %v, sidecar %v, diagnostics %v", rep.OK(), statErr, rep.Diagnostics)
				}
				validateAll(t, dir)
				return
			}
			if rep.OK() || rep.Failed != 1 || len(rep.Diagnostics) == 0 {
				t.Fatalf("want one failed file, got %+v", rep)
			}
			if !errors.Is(statErr, fs.ErrNotExist) {
				t.Errorf("invalid module kept a sidecar (stat: %v)", statErr)
			}
			d := rep.Diagnostics[0]
			if filepath.Base(d.File) != tc.name || !strings.Contains(d.Msg, tc.wantErr) || d.Msg == "" {
				t.Errorf("diagnostic %v, want one for %s containing %q", d, tc.name, tc.wantErr)
			}
			if tc.line != 0 && d.Line != tc.line {
				t.Errorf("diagnostic at line %d, want %d", d.Line, tc.line)
			}
			validateAll(t, dir)
		})
	}
}

// TestSidecarNotTrusted: a corrupt sidecar, one from a future format
// version and one built with other options are rewritten, not trusted.
func TestSidecarNotTrusted(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{"a.js": "export const a = 1;\n"})
	runOK(t, Options{Roots: []string{dir}})
	scPath := filepath.Join(dir, "a.js.bmes")
	good, err := os.ReadFile(scPath)
	if err != nil {
		t.Fatal(err)
	}
	flip := func(off int) []byte {
		b := bytes.Clone(good)
		b[off] ^= 0xff
		return b
	}
	future := bytes.Clone(good)
	future[4]++ // the version, a little-endian u32 after the magic
	for _, tc := range []struct {
		name string
		data []byte
		why  string
	}{
		{"truncated", good[:len(good)/2], "sidecar corrupt"},
		{"bit flip", flip(len(good) - 1), "sidecar corrupt"},
		{"future version", future, "sidecar from another format version"},
		{"not a sidecar", []byte("hello"), "sidecar corrupt"},
		{"empty", nil, "sidecar corrupt"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(scPath, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			events, evs := collect()
			rep := runOK(t, Options{Roots: []string{dir}, Events: events})
			if rep.Written != 1 {
				t.Fatalf("not rewritten: %+v", rep)
			}
			if got, _ := os.ReadFile(scPath); !bytes.Equal(got, good) {
				t.Error("rewritten sidecar differs from the original")
			}
			if e := (*evs)[0]; e.Action != ActionWrite || e.Message != tc.why {
				t.Errorf("event %+v, want write (%s)", e, tc.why)
			}
		})
	}
}

// TestWalkEdges: symlink loops, links out of the roots, missing roots,
// temporary files of a crashed run, orphans.
func TestWalkEdges(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "root")
	writeTree(t, base, map[string]string{
		"root/a.js":       "import '../outside/o.js';\nexport const a = 1;\n",
		"root/sub/b.js":   "export const b = 1;\n",
		"outside/o.js":    "export const o = 1;\n",
		"outside/deep.js": "export const d = 1;\n",
	})
	for _, l := range [][2]string{
		{"root/sub/loop", ".."},
		{"root/self1", "self2"},
		{"root/self2", "self1"},
		{"root/out", "../outside"},
		{"root/out.js", "../outside/deep.js"},
		{"root/alias", "sub"},
		// Excluded directories are pruned, never opened: a loop inside one
		// must not be reported.
		{"root/node_modules/loop", ".."},
		{"root/.hidden/loop", ".."},
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(base, l[0])), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(l[1], filepath.Join(base, l[0])); err != nil {
			t.Skipf("symbolic links: %v", err)
		}
	}
	old := filepath.Join(root, ".a.js.bmes.tmp-42")
	young := filepath.Join(root, ".a.js.bmes.tmp-43")
	orphan := filepath.Join(root, "gone.js.bmes")
	for _, p := range []string{old, young, orphan} {
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * tempMaxAge)
	if err := os.Chtimes(old, long, long); err != nil {
		t.Fatal(err)
	}

	events, evs := collect()
	rep, err := Run(context.Background(), Options{Roots: []string{root, filepath.Join(base, "nosuch")}, Events: events})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Written != 2 || rep.Orphans != 1 {
		t.Errorf("report %+v, want 2 written, 1 orphan", rep)
	}
	var errs []string
	for _, d := range rep.Diagnostics {
		errs = append(errs, filepath.Base(d.File)+": "+d.Msg)
	}
	wantErrs := []string{
		"nosuch: cannot read root: no such file or directory",
		"self1: symbolic link loop",
		"self2: symbolic link loop",
		"loop: symbolic link loop: points to " + root + ", which contains it",
	}
	slices.Sort(errs)
	slices.Sort(wantErrs)
	if !slices.Equal(errs, wantErrs) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(errs, "\n"), strings.Join(wantErrs, "\n"))
	}
	if rep.Failed != 4 {
		t.Errorf("Failed = %d, want 4", rep.Failed)
	}
	// Nothing written outside the root, not even for the module a.js
	// imports there or the file a link inside points to.
	if got := sidecars(t, filepath.Join(base, "outside")); len(got) != 0 {
		t.Errorf("sidecars outside the root: %v", got)
	}
	if got, want := sidecars(t, root), []string{"a.js.bmes", "gone.js.bmes", "sub/b.js.bmes"}; !slices.Equal(got, want) {
		t.Errorf("sidecars %v, want %v", got, want)
	}
	if _, err := os.Stat(old); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("old temporary file not removed: %v", err)
	}
	if _, err := os.Stat(young); err != nil {
		t.Errorf("young temporary file removed: it may belong to a running writer")
	}
	var skipped []string
	for _, e := range *evs {
		if e.Action == ActionSkip {
			skipped = append(skipped, filepath.Base(e.File))
		}
	}
	slices.Sort(skipped)
	if want := []string{"out", "out.js"}; !slices.Equal(skipped, want) {
		t.Errorf("skipped %v, want %v", skipped, want)
	}

	// -clean removes the orphan; in Check, an orphan fails the gate.
	rep, _ = Run(context.Background(), Options{Roots: []string{root}, Mode: Check})
	if rep.OK() || rep.Orphans != 1 {
		t.Errorf("check with an orphan: %+v", rep)
	}
	Run(context.Background(), Options{Roots: []string{root}, Clean: true})
	if _, err := os.Stat(orphan); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("-clean left the orphan: %v", err)
	}
}

// TestDryRunWritesNothing: DryRun and Check change nothing on disk.
func TestDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.js":         "export const a = 1;\n",
		"bad.js":       "export const = ;\n",
		"bad.js.bmes":  "old",
		"gone.js.bmes": "orphan",
	})
	for _, mode := range []Mode{DryRun, Check} {
		rep, err := Run(context.Background(), Options{Roots: []string{dir}, Mode: mode, Clean: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK() {
			t.Errorf("mode %d: OK with an invalid module", mode)
		}
		if got, want := sidecars(t, dir), []string{"bad.js.bmes", "gone.js.bmes"}; !slices.Equal(got, want) {
			t.Errorf("mode %d changed the tree: %v", mode, got)
		}
	}
}

// The crash and concurrency tests run Run in child processes: the test
// binary re-executes itself with BMES_TEST_CHILD_ROOT set.
func TestMain(m *testing.M) {
	if root := os.Getenv("BMES_TEST_CHILD_ROOT"); root != "" {
		rep, err := Run(context.Background(), Options{Roots: []string{root}, Jobs: 2})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if !rep.OK() {
			fmt.Fprintln(os.Stderr, rep.Diagnostics)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func child(root string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "BMES_TEST_CHILD_ROOT="+root)
	cmd.Stderr = os.Stderr
	return cmd
}

// bigTree writes n small modules, each importing the next, in nested
// directories.
func bigTree(t *testing.T, dir string, n int) {
	t.Helper()
	files := map[string]string{}
	for i := range n {
		files[fmt.Sprintf("d%02d/m%04d.js", i%50, i)] = fmt.Sprintf(
			"import { v%d } from '../d%02d/m%04d.js';\nexport const v%d = %d;\nexport function f%d() { return v%d; }\n",
			(i+1)%n, (i+1)%n%50, (i+1)%n, i, i, i, (i+1)%n)
	}
	writeTree(t, dir, files)
}

// TestCrashSafety kills a run with SIGKILL in the middle: every sidecar
// left behind must be valid, and the next run completes the tree.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("writes thousands of files")
	}
	const n = 3000
	dir := t.TempDir()
	bigTree(t, dir, n)
	cmd := child(dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once some sidecars exist, so that the kill lands mid-run.
	start := time.Now()
	deadline := start.Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m, _ := filepath.Glob(filepath.Join(dir, "d*", "*.bmes")); len(m) >= 50 {
			break
		}
		time.Sleep(2 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Logf("the run ended before the kill (%v): the check below is weaker", err)
	}
	got := validateAll(t, dir)
	t.Logf("killed after %v with %d of %d sidecars written", time.Since(start).Round(time.Millisecond), got, n)

	rep := runOK(t, Options{Roots: []string{dir}})
	if rep.Written+rep.Fresh != n || rep.Fresh != got {
		t.Errorf("after the crash: %+v, want %d fresh", rep, got)
	}
	if v := validateAll(t, dir); v != n {
		t.Errorf("%d valid sidecars, want %d", v, n)
	}
}

// TestConcurrentRuns runs two processes over one tree at once; both
// succeed and every sidecar matches its source.
func TestConcurrentRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("writes thousands of files")
	}
	const n = 1500
	dir := t.TempDir()
	bigTree(t, dir, n)
	a, b := child(dir), child(dir)
	if err := a.Start(); err != nil {
		t.Fatal(err)
	}
	if err := b.Start(); err != nil {
		t.Fatal(err)
	}
	if err := a.Wait(); err != nil {
		t.Errorf("first run: %v", err)
	}
	if err := b.Wait(); err != nil {
		t.Errorf("second run: %v", err)
	}
	if v := validateAll(t, dir); v != n {
		t.Errorf("%d valid sidecars, want %d", v, n)
	}
	rep := runOK(t, Options{Roots: []string{dir}})
	if rep.Written != 0 || rep.Fresh != n {
		t.Errorf("a run after both: %+v", rep)
	}
}

// TestDepsCommonJS: a file that one import reaches as CommonJS (a package's
// "main") and another as an ES module (a relative import) is analysed,
// whichever importer a worker happens to process first; a .js file Node's
// resolution calls CommonJS is analysed when it has module syntax, as
// Node's syntax detection loads it as an ES module.
func TestDepsCommonJS(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.js":                              "import 'pkg';\nimport 'esm-pkg';\n",
		"b.js":                              "import './node_modules/pkg/index.js';\n",
		"node_modules/pkg/package.json":     `{"name": "pkg", "main": "index.js"}`,
		"node_modules/pkg/index.js":         "export default 1;\n",
		"node_modules/pkg/other.js":         "module.exports = 2;\n",
		"node_modules/pkg/detected.js":      "export default 4;\n",
		"node_modules/esm-pkg/package.json": `{"name": "esm-pkg", "type": "module", "main": "index.js"}`,
		"node_modules/esm-pkg/index.js":     "import 'pkg/other.js';\nimport 'pkg/detected.js';\nexport default 3;\n",
	})
	for jobs := 1; jobs <= 4; jobs++ {
		for _, p := range sidecars(t, dir) {
			os.Remove(filepath.Join(dir, p))
		}
		rep := runOK(t, Options{Roots: []string{dir}, Deps: true, Jobs: jobs})
		got := sidecars(t, dir)
		want := []string{"a.js.bmes", "b.js.bmes", "node_modules/esm-pkg/index.js.bmes", "node_modules/pkg/detected.js.bmes", "node_modules/pkg/index.js.bmes"}
		if !slices.Equal(got, want) || rep.CommonJS != 1 {
			t.Errorf("-j %d: sidecars %v, CommonJS %d; want %v, 1 (pkg/other.js)", jobs, got, rep.CommonJS, want)
		}
	}
}

// TestDeterminismEngines is TestDeterminism with QuickJS bytecode, for a
// tree with a package.json (modules named from its directory) and one
// without (named from the root given): the bytecode holds each module's
// name, which must not depend on where the tree lies.
func TestDeterminismEngines(t *testing.T) {
	for _, withPackageJSON := range []bool{true, false} {
		t.Run(fmt.Sprintf("package.json=%v", withPackageJSON), func(t *testing.T) {
			base := t.TempDir()
			dirs := []string{filepath.Join(base, "one", "cli"), filepath.Join(base, "two", "deeper", "cli")}
			eng := quickjs.NewEngine("", nil)
			defer eng.Close()
			for i, d := range dirs {
				copyDir(t, "../examples/cli", d)
				if !withPackageJSON {
					if err := os.Remove(filepath.Join(d, "package.json")); err != nil {
						t.Fatal(err)
					}
				}
				runOK(t, Options{Roots: []string{d}, Deps: true, Jobs: 1 + i*3, Engines: []Engine{eng}})
			}
			a := sidecars(t, dirs[0])
			if len(a) == 0 {
				t.Fatal("no sidecars")
			}
			for _, rel := range a {
				x, _ := os.ReadFile(filepath.Join(dirs[0], rel))
				y, _ := os.ReadFile(filepath.Join(dirs[1], rel))
				if !bytes.Equal(x, y) {
					t.Errorf("%s differs between the two copies", rel)
				}
				sc, err := format.Decode(x)
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := sc.BytecodeFor(quickjs.Tag()); !ok {
					t.Errorf("%s has no QuickJS bytecode", rel)
				}
			}
		})
	}
}
