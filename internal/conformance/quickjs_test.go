package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/quickjs"
)

// This file runs test262's module tests on the QuickJS runtime (package
// quickjs), twice: every module compiled from source, and every module read
// from the bytecode in a sidecar beside it. The point is not QuickJS's own
// conformance (some tests fail both ways, and that is QuickJS's business)
// but that a sidecar never changes what a program does: every test must
// have the same outcome both ways, and the second run must really have
// read bytecode.

// runMeta is what running a test262 test needs from its frontmatter beyond
// testMeta: the harness files it includes and the error type a negative
// test expects.
type runMeta struct {
	includes []string
	negType  string
}

// parseRunMeta reads `includes:` (inline or block list) and the `type:` of
// `negative:` from a test's frontmatter, in the YAML subset parseFrontmatter
// knows.
func parseRunMeta(src []byte) runMeta {
	var m runMeta
	start := bytes.Index(src, frontmatterStart)
	end := bytes.Index(src, frontmatterEnd)
	if start < 0 || end < start {
		return m
	}
	key := ""
	for line := range strings.Lines(string(src[start+len(frontmatterStart) : end])) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			k, v, _ := strings.Cut(line, ":")
			key, v = k, strings.TrimSpace(v)
			if key == "includes" && strings.HasPrefix(v, "[") {
				for item := range strings.SplitSeq(strings.Trim(v, "[]"), ",") {
					if item = strings.TrimSpace(item); item != "" {
						m.includes = append(m.includes, item)
					}
				}
			}
			continue
		}
		item := strings.TrimSpace(line)
		switch {
		case key == "includes" && strings.HasPrefix(item, "- "):
			m.includes = append(m.includes, strings.TrimSpace(item[2:]))
		case key == "negative" && strings.HasPrefix(item, "type:"):
			m.negType = strings.TrimSpace(strings.TrimPrefix(item, "type:"))
		}
	}
	return m
}

// qjsTest is one test262 module test as the runtime runs it.
type qjsTest struct {
	rel      string // slash-separated path under test/
	path     string // the copy under the temporary root
	meta     testMeta
	run      runMeta
	harness  []string // harness files to evaluate first, in order
	bytecode bool     // the test file's own sidecar holds QuickJS bytecode
	allBC    bool     // every module in its folder has bytecode
}

// qjsRun is what became of one run of a test.
type qjsRun struct {
	pass   bool
	why    string // why it failed, or the error a negative test met
	output string // stdout and stderr, as printed
	stats  quickjs.Stats
	bug    string // a panic in the runtime
}

// qjsHarness holds the harness files, read once.
type qjsHarness struct {
	dir   string
	mu    sync.Mutex
	files map[string][]byte
}

func (h *qjsHarness) get(name string) ([]byte, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if b, ok := h.files[name]; ok {
		return b, nil
	}
	b, err := os.ReadFile(filepath.Join(h.dir, name))
	if err != nil {
		return nil, err
	}
	h.files[name] = b
	return b, nil
}

// printShim gives doneprintHandle.js the print function test262 hosts
// provide; the runtime's host has console.log only.
var printShim = []byte("globalThis.print = function (s) { console.log(String(s)); };")

// newTestRuntime returns a fresh Runtime with the test's harness
// evaluated, printing into out.
func newTestRuntime(h *qjsHarness, tt *qjsTest, root string, ignoreSidecars bool, out *bytes.Buffer) (*quickjs.Runtime, error) {
	rt, err := quickjs.New(quickjs.Options{Root: root, IgnoreSidecars: ignoreSidecars, Stdout: out, Stderr: out})
	if err != nil {
		return nil, err
	}
	if err := rt.EvalScript("bmes:print", printShim); err != nil {
		rt.Close()
		return nil, fmt.Errorf("print shim: %w", err)
	}
	for _, name := range tt.harness {
		src, err := h.get(name)
		if err == nil {
			err = rt.EvalScript(name, src)
		}
		if err != nil {
			rt.Close()
			return nil, fmt.Errorf("harness %s: %w", name, err)
		}
	}
	return rt, nil
}

// runQJSTest runs one test in fresh Runtimes and judges the outcome: a
// positive test must run without an error (and an async one print
// Test262:AsyncTestComplete); a negative one must fail with the expected
// error type: for phase parse while loading, for phase runtime once
// loading succeeded, for phase resolution while loading or linking. The
// phase is told by loading the graph alone in a second Runtime, which only
// failing runs need.
func runQJSTest(h *qjsHarness, tt *qjsTest, root string, ignoreSidecars bool) (r qjsRun) {
	defer func() {
		if p := recover(); p != nil {
			r = qjsRun{bug: fmt.Sprint(p)}
		}
	}()
	var out bytes.Buffer
	rt, err := newTestRuntime(h, tt, root, ignoreSidecars, &out)
	if err != nil {
		return qjsRun{why: err.Error()}
	}
	runErr := rt.Run(tt.path)
	r.stats = rt.Stats()
	rt.Close()
	r.output = out.String()
	neg := tt.meta.negative
	if runErr == nil {
		switch {
		case neg != "":
			r.why = "ran without an error, want a " + tt.run.negType + " at phase " + neg
		case tt.meta.hasFlag("async") && !strings.Contains(r.output, "Test262:AsyncTestComplete"):
			r.why = "async test did not complete: " + firstLine(strings.TrimSpace(r.output))
		case strings.Contains(r.output, "Test262:AsyncTestFailure"):
			r.why = "async test failed: " + firstLine(strings.TrimSpace(r.output))
		default:
			r.pass = true
		}
		return r
	}
	msg := runErr.Error()
	var jsErr *quickjs.Error
	if !errors.As(runErr, &jsErr) {
		msg = "(not a JavaScript error) " + msg
	}
	if neg == "" {
		r.why = "threw " + firstLine(msg)
		return r
	}
	atLoad, err := loadFails(h, tt, root, ignoreSidecars)
	if err != nil {
		r.why = err.Error()
		return r
	}
	phase := "link or evaluation"
	if atLoad {
		phase = "load"
	}
	r.why = fmt.Sprintf("threw at %s: %s", phase, firstLine(msg))
	typeOK := jsErr != nil && (msg == tt.run.negType || strings.HasPrefix(msg, tt.run.negType+":"))
	switch neg {
	case "parse":
		r.pass = typeOK && atLoad
	case "resolution":
		// QuickJS links a module graph when it evaluates it (there is no
		// JS_LinkModule), so a link error comes out of Run. Resolution
		// tests start with $DONOTEVALUATE(), whose Test262Error would
		// show that evaluation began.
		r.pass = typeOK
	default:
		r.pass = typeOK && !atLoad
	}
	return r
}

// loadFails reports whether loading and linking the test's graph fails, in
// a Runtime of its own.
func loadFails(h *qjsHarness, tt *qjsTest, root string, ignoreSidecars bool) (bool, error) {
	var out bytes.Buffer
	rt, err := newTestRuntime(h, tt, root, ignoreSidecars, &out)
	if err != nil {
		return false, err
	}
	defer rt.Close()
	err = rt.Load(tt.path)
	return err != nil, nil
}

// copyTree copies the regular files directly in each of dirs (relative to
// from) to the same place under to.
func copyTree(from, to string, dirs []string) error {
	for _, d := range dirs {
		entries, err := os.ReadDir(filepath.Join(from, d))
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(to, d), 0o755); err != nil {
			return err
		}
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			b, err := os.ReadFile(filepath.Join(from, d, e.Name()))
			if err != nil {
				return err
			}
			if err := os.WriteFile(filepath.Join(to, d, e.Name()), b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

// sidecarResult is what building one file's sidecar came to.
type sidecarResult struct {
	path     string
	written  bool // a sidecar was written (the analyser accepted the file)
	bytecode bool // with a QuickJS section
	err      error
}

// compilerPool hands each worker a quickjs.Compiler, which is not safe for
// concurrent use.
type compilerPool struct {
	mu   sync.Mutex
	free []*quickjs.Compiler
	all  []*quickjs.Compiler
}

func (p *compilerPool) get() (*quickjs.Compiler, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		c := p.free[n-1]
		p.free = p.free[:n-1]
		return c, nil
	}
	c, err := quickjs.NewCompiler()
	if err != nil {
		return nil, err
	}
	p.all = append(p.all, c)
	return c, nil
}

func (p *compilerPool) put(c *quickjs.Compiler) {
	p.mu.Lock()
	p.free = append(p.free, c)
	p.mu.Unlock()
}

func (p *compilerPool) close() {
	for _, c := range p.all {
		c.Close()
	}
}

// writeQJSSidecar writes path's sidecar as bmes-precompile -engine quickjs
// would: the analyser's record, and QuickJS bytecode compiled under the
// name the runtime gives the file, or no bytecode section if QuickJS
// cannot compile what the analyser accepts. A file the analyser rejects
// gets no sidecar.
func writeQJSSidecar(a *analyze.Analyzer, pool *compilerPool, root, path string) sidecarResult {
	r := sidecarResult{path: path}
	src, err := os.ReadFile(path)
	if err != nil {
		r.err = err
		return r
	}
	plan, err := a.Plan(path)
	if err != nil {
		r.err = err
		return r
	}
	name := quickjs.ModuleName(root, path)
	res, err := plan.Analyze(name, src)
	if err != nil {
		return r // not a module the analyser accepts: no sidecar
	}
	code := src
	if res.Code != nil {
		code = res.Code
	}
	meta := format.Meta{Producer: analyze.Producer, OptionsHash: plan.OptionsHash, TypeScript: res.Code != nil, Code: res.Code}
	c, err := pool.get()
	if err != nil {
		r.err = err
		return r
	}
	payload, cerr := c.Compile(name, code)
	pool.put(c)
	if cerr == nil {
		meta.Bytecode = []format.Bytecode{{Tag: quickjs.Tag(), Payload: payload}}
		r.bytecode = true
	}
	b, err := format.Encode(res.Record, src, meta)
	if err != nil {
		r.err = fmt.Errorf("%s: %w", name, err)
		return r
	}
	if err := os.WriteFile(path+".bmes", b, 0o644); err != nil {
		r.err = err
		return r
	}
	r.written = true
	return r
}

// TestQuickJSTest262 runs every test262 module test that needs no $262 on
// the QuickJS runtime from source and from sidecars, and requires the same
// outcome both ways. The test files and their fixtures are copied to a
// temporary folder, where the sidecars are written: ../shared is never
// written to.
func TestQuickJSTest262(t *testing.T) {
	dir := test262Dir(t)
	testDir := filepath.Join(dir, "test")
	h := &qjsHarness{dir: filepath.Join(dir, "harness"), files: map[string][]byte{}}
	if _, err := h.get("assert.js"); err != nil {
		t.Skipf("test262 at %s has no harness folder (%v): the runtime cannot run its tests", dir, err)
	}
	paths, _, err := listTest262(dir)
	if err != nil {
		t.Fatal(err)
	}

	tmp, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(tmp, "test")

	var (
		tests  []*qjsTest
		dirs   []string
		skip62 int
	)
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		m, code, err := parseFrontmatter(src)
		if err != nil || !m.hasFlag("module") {
			continue // TestTest262 reports bad frontmatter
		}
		rm := parseRunMeta(src)
		harness := append([]string{"assert.js", "sta.js"}, rm.includes...)
		if m.hasFlag("async") {
			harness = append(harness, "doneprintHandle.js")
		}
		uses262 := bytes.Contains(code, []byte("$262"))
		for _, f := range harness {
			if b, err := h.get(f); err == nil && bytes.Contains(b, []byte("$262")) {
				uses262 = true
			}
		}
		if uses262 {
			skip62++
			continue
		}
		rel, err := filepath.Rel(testDir, p)
		if err != nil {
			t.Fatal(err)
		}
		tests = append(tests, &qjsTest{rel: filepath.ToSlash(rel), path: filepath.Join(root, rel), meta: m, run: rm, harness: harness})
		dirs = append(dirs, filepath.Dir(rel))
	}
	slices.Sort(dirs)
	dirs = slices.Compact(dirs)
	if len(tests) == 0 {
		t.Fatalf("no module tests under %s: is it a test262 checkout?", testDir)
	}
	if err := copyTree(testDir, root, dirs); err != nil {
		t.Fatalf("copying the tests: %v", err)
	}

	// Every JavaScript file in the copied folders gets a sidecar, fixtures
	// and tests alike.
	var files []string
	noBC := map[string]bool{} // folders with a module without bytecode (JSON modules are counted apart)
	for _, d := range dirs {
		err := filepath.WalkDir(filepath.Join(root, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if e.IsDir() {
				if p != filepath.Join(root, d) {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasSuffix(p, ".js") {
				files = append(files, p)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	a := analyze.New()
	pool := &compilerPool{}
	built := make([]sidecarResult, len(files))
	forEachParallel(len(files), func(i int) { built[i] = writeQJSSidecar(a, pool, root, files[i]) })
	pool.close()
	hasBC := map[string]bool{}
	var nSidecars, nBytecode int
	for _, b := range built {
		if b.err != nil {
			t.Fatalf("building a sidecar: %v", b.err)
		}
		if b.written {
			nSidecars++
		}
		if b.bytecode {
			nBytecode++
			hasBC[b.path] = true
		} else {
			noBC[filepath.Dir(b.path)] = true
		}
	}
	var uncompiled []string // accepted by the analyser, refused by QuickJS
	for _, b := range built {
		if b.written && !b.bytecode {
			uncompiled = append(uncompiled, filepath.ToSlash(quickjs.ModuleName(root, b.path)))
		}
	}
	for _, tt := range tests {
		tt.bytecode = hasBC[tt.path]
		tt.allBC = !noBC[filepath.Dir(tt.path)]
	}

	fromSource := make([]qjsRun, len(tests))
	fromSidecar := make([]qjsRun, len(tests))
	forEachParallel(2*len(tests), func(i int) {
		if i%2 == 0 {
			fromSource[i/2] = runQJSTest(h, tests[i/2], root, true)
		} else {
			fromSidecar[i/2] = runQJSTest(h, tests[i/2], root, false)
		}
	})

	var passSource, passSidecar, same, sameOutput, usedBC int
	var differ, bugs, notFromBC, rejected, outDiff []string
	for i, tt := range tests {
		s, b := fromSource[i], fromSidecar[i]
		for _, r := range []qjsRun{s, b} {
			if r.bug != "" {
				bugs = append(bugs, tt.rel+": "+r.bug)
			}
		}
		if s.pass {
			passSource++
		}
		if b.pass {
			passSidecar++
		}
		if s.pass == b.pass {
			same++
		} else {
			differ = append(differ, fmt.Sprintf("%s: from source %s, from sidecars %s", tt.rel, qjsVerdict(s), qjsVerdict(b)))
		}
		if s.why == b.why && s.output == b.output {
			sameOutput++
		} else {
			outDiff = append(outDiff, fmt.Sprintf("%s:\n\t\tfrom source:   %q %q\n\t\tfrom sidecars: %q %q", tt.rel, s.why, s.output, b.why, b.output))
		}
		if s.stats.FromSidecar != 0 || s.stats.Rejected != 0 {
			t.Errorf("%s: the run that ignores sidecars has stats %+v", tt.rel, s.stats)
		}
		if b.stats.Modules != s.stats.Modules {
			t.Errorf("%s: %d modules loaded from source, %d with sidecars", tt.rel, s.stats.Modules, b.stats.Modules)
		}
		for reason := range b.stats.Reasons {
			if reason != quickjs.ReasonNoBytecode {
				rejected = append(rejected, fmt.Sprintf("%s: fresh sidecars rejected: %v", tt.rel, b.stats.Reasons))
				break
			}
		}
		if b.stats.FromSidecar > 0 {
			usedBC++
		}
		switch {
		case tt.bytecode && b.stats.Modules > 0 && b.stats.FromSidecar == 0:
			notFromBC = append(notFromBC, fmt.Sprintf("%s: has bytecode, but stats %+v", tt.rel, b.stats))
		case tt.bytecode && tt.allBC && b.stats.FromSource != 0:
			notFromBC = append(notFromBC, fmt.Sprintf("%s: every module has bytecode, but stats %+v", tt.rel, b.stats))
		}
	}

	t.Logf("quickjs test262 module tests: %d run (%d left out: they need $262); %d files, %d sidecars, %d with QuickJS bytecode",
		len(tests), skip62, len(files), nSidecars, nBytecode)
	t.Logf("quickjs test262: %d passed from source, %d passed from sidecars, %d same outcome both ways, %d identical output, %d read bytecode",
		passSource, passSidecar, same, sameOutput, usedBC)
	if len(uncompiled) > 0 {
		t.Logf("quickjs test262: %d files the analyser accepts have no bytecode (QuickJS cannot compile them):%s", len(uncompiled), listed(uncompiled, 10))
	}
	if len(bugs) > 0 {
		t.Errorf("the runtime panicked on %d runs:%s", len(bugs), listed(bugs, 10))
	}
	if len(differ) > 0 {
		t.Errorf("%d tests have another outcome from sidecars than from source:%s", len(differ), listed(differ, 50))
	}
	if len(outDiff) > 0 {
		t.Errorf("%d tests print something else, or fail otherwise, from sidecars than from source:%s", len(outDiff), listed(outDiff, 20))
	}
	if len(rejected) > 0 {
		t.Errorf("%d tests rejected a fresh sidecar:%s", len(rejected), listed(rejected, 20))
	}
	if len(notFromBC) > 0 {
		t.Errorf("%d tests did not read the bytecode they have:%s", len(notFromBC), listed(notFromBC, 20))
	}
	var failed []string
	for i, tt := range tests {
		if !fromSource[i].pass {
			failed = append(failed, tt.rel+": "+fromSource[i].why)
		}
	}
	if len(failed) > 0 {
		t.Logf("quickjs test262: %d tests fail (both ways) on QuickJS:%s", len(failed), listed(failed, 20))
	}
}

func qjsVerdict(r qjsRun) string {
	if r.pass {
		return "passes"
	}
	return "fails (" + r.why + ")"
}
