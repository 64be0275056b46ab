package conformance

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/internal/analyze"
)

// test262Env names the environment variable that points at a test262
// checkout (the folder holding test/language), overriding the default
// place next to the repository.
const test262Env = "BMES_TEST262"

// findTest262 returns the test262 checkout to use: $BMES_TEST262, or
// ../shared/test262 beside the repository root.
func findTest262(root string) (string, error) {
	dir, fromEnv := os.LookupEnv(test262Env)
	if !fromEnv {
		dir = filepath.Join(root, "..", "shared", "test262")
	}
	dir = filepath.Clean(dir)
	if _, err := os.Stat(filepath.Join(dir, "test", "language")); err != nil {
		if fromEnv {
			return "", fmt.Errorf("$%s=%s holds no test/language folder: %w", test262Env, dir, err)
		}
		return "", fmt.Errorf("test262 not found at %s (the test/language folder of a tc39/test262 checkout); "+
			"put one there or set $%s to one: %w", dir, test262Env, err)
	}
	return dir, nil
}

// test262Dir returns the test262 checkout, or skips the test with the
// reason when there is none; a $BMES_TEST262 that points nowhere fails it.
func test262Dir(t *testing.T) string {
	t.Helper()
	dir, err := findTest262(repoRoot(t))
	if err != nil {
		if _, set := os.LookupEnv(test262Env); set {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return dir
}

// listTest262 returns the test files under test/language of the test262
// checkout at dir, and apart from them the *_FIXTURE.js modules that tests
// import, both in lexical order.
func listTest262(dir string) (tests, fixtures []string, err error) {
	err = filepath.WalkDir(filepath.Join(dir, "test", "language"), func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() || !strings.HasSuffix(path, ".js"):
		case strings.HasSuffix(path, "_FIXTURE.js"):
			fixtures = append(fixtures, path)
		default:
			tests = append(tests, path)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("listing test262 files: %w", err)
	}
	return tests, fixtures, nil
}

// testMeta is the part of a test262 file's YAML frontmatter that decides
// how it is run.
type testMeta struct {
	flags    []string
	features []string
	negative string // phase of a negative test ("parse", "resolution", "runtime"); "" if positive
}

func (m testMeta) hasFlag(f string) bool { return slices.Contains(m.flags, f) }

var (
	frontmatterStart = []byte("/*---")
	frontmatterEnd   = []byte("---*/")
)

// parseFrontmatter reads the metadata between /*--- and ---*/. It knows
// the small YAML subset test262 writes: top-level keys, inline lists
// (`flags: [module, async]`), block lists (`  - class`) and the nested
// `negative:` mapping. It also returns the code after the frontmatter.
func parseFrontmatter(src []byte) (testMeta, []byte, error) {
	var m testMeta
	start := bytes.Index(src, frontmatterStart)
	if start < 0 {
		return m, nil, errors.New("no /*--- frontmatter")
	}
	length := bytes.Index(src[start:], frontmatterEnd)
	if length < 0 {
		return m, nil, errors.New("frontmatter has no closing ---*/")
	}
	yaml := string(src[start+len(frontmatterStart) : start+length])
	code := src[start+length+len(frontmatterEnd):]

	var key string     // the top-level key the current line belongs to
	var pending string // an inline list of key still waiting for its ']'
	for line := range strings.Lines(yaml) {
		line = strings.TrimRight(line, "\r\n")
		if pending != "" {
			pending += " " + strings.TrimSpace(line)
			if strings.Contains(line, "]") {
				m.setList(key, pending)
				pending = ""
			}
			continue
		}
		if line == "" {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				key = ""
				continue
			}
			key, v = k, strings.TrimSpace(v)
			if (key == "flags" || key == "features") && strings.HasPrefix(v, "[") {
				if strings.Contains(v, "]") {
					m.setList(key, v)
				} else {
					pending = v
				}
			}
			if key == "negative" {
				m.negative = "?" // a phase must follow
			}
			continue
		}
		item := strings.TrimSpace(line)
		switch {
		case (key == "flags" || key == "features") && strings.HasPrefix(item, "- "):
			m.add(key, strings.TrimSpace(item[2:]))
		case key == "negative" && strings.HasPrefix(item, "phase:"):
			m.negative = strings.TrimSpace(strings.TrimPrefix(item, "phase:"))
		}
	}
	if pending != "" {
		return m, nil, fmt.Errorf("frontmatter list %q has no closing ']'", pending)
	}
	if m.negative == "?" {
		return m, nil, errors.New("frontmatter negative: has no phase")
	}
	return m, code, nil
}

func (m *testMeta) setList(key, v string) {
	v = strings.TrimSpace(v)
	v = strings.TrimSuffix(strings.TrimPrefix(v, "["), "]")
	for item := range strings.SplitSeq(v, ",") {
		if item = strings.TrimSpace(item); item != "" {
			m.add(key, item)
		}
	}
}

func (m *testMeta) add(key, item string) {
	if key == "flags" {
		m.flags = append(m.flags, item)
	} else {
		m.features = append(m.features, item)
	}
}

// outOfScopeFeatures are test262 feature tags for syntax in no ECMAScript
// edition yet, which module-record.md makes a SyntaxError in .js files:
// import defer, import source, decorators and `accessor`, and the retired
// `assert { … }` clause. Every other tag in test/language is either ES2025
// syntax, explicit resource management (in scope), or runtime behaviour
// that does not change what parses (json-modules, import-text,
// import-bytes and immutable-arraybuffer only name attribute values or
// built-ins).
var outOfScopeFeatures = []string{
	"decorators",
	"import-assertions",
	"import-defer",
	"source-phase-imports",
	"source-phase-imports-module-source",
}

// outOfScopeSyntax finds the syntax of outOfScopeFeatures in a test's code.
// A tag alone does not make a test use it: several import-defer tests
// exercise deferral only through their fixtures and are plain ES2025
// themselves (`import defer from "x"` even binds a default import named
// defer). The patterns were checked against acorn, which supports none of
// these proposals: every tagged module test they match, acorn rejects, and
// every one they miss, acorn parses.
var outOfScopeSyntax = regexp.MustCompile(
	`\bimport\s+defer\s*\*` + // import defer * as ns from
		`|\bexport\s+defer\b` +
		`|\bimport\s*\.\s*(?:defer|source)\s*\(` + // import.defer(), import.source()
		`|\bimport\s+source\s+[\p{L}\p{N}_$\\]+\s+from\b` + // import source x from
		`|@[\p{L}_$(\\]` + // a decorator
		`|\baccessor[ \t]+[\p{L}_$#\[\\]` + // an auto-accessor
		`|\bassert\s*\{`) // import assertions

// usesOutOfScopeSyntax reports whether a test is tagged with a feature in
// outOfScopeFeatures and its code uses that syntax.
func usesOutOfScopeSyntax(m testMeta, code []byte) bool {
	for _, f := range m.features {
		if slices.Contains(outOfScopeFeatures, f) {
			return outOfScopeSyntax.Match(code)
		}
	}
	return false
}

// category is how a test262 file is run, and what bmes must make of it.
type category uint8

const (
	notRun category = iota // sloppy-mode and raw scripts, fixtures

	modulePositive   // module tests that must parse, runtime negatives included
	moduleOutOfScope // module tests using outOfScopeSyntax
	moduleNegative   // negative: phase: parse
	moduleResolution // negative: phase: resolution, which parse
	strictNegative   // strict-capable scripts that must not parse, parsed as modules
	strictPositive   // strict-capable scripts that parse, parsed as modules

	numCategories
)

// categories says, for each category, what a module parser must make of
// its files. A share below 1 tolerates a few files, logged; 0 runs the
// files for information only.
var categories = [numCategories]struct {
	name       string
	wantAccept bool
	minShare   float64
}{
	modulePositive:   {"module positives", true, 1},
	moduleOutOfScope: {"module tests of unstaged syntax", false, 1},
	moduleNegative:   {"module parse negatives", false, 1},
	moduleResolution: {"module resolution negatives", true, 1},
	// Module code is strict, so a script that is a SyntaxError in strict
	// mode is one as a module too, but for the few whose error is script
	// only (a duplicate __proto__ in a script's destructuring, say).
	strictNegative: {"strict script parse negatives", false, 0.99},
	// Scripts that parse may legitimately fail as modules: `await` is
	// reserved there, HTML-like comments are not allowed.
	strictPositive: {"strict script positives (informative)", true, 0},
}

// classify picks the category of a test from its metadata and code.
func classify(m testMeta, code []byte) category {
	if m.hasFlag("module") {
		switch {
		case m.negative == "parse":
			return moduleNegative
		case usesOutOfScopeSyntax(m, code):
			return moduleOutOfScope
		case m.negative == "resolution":
			return moduleResolution
		}
		return modulePositive
	}
	if m.hasFlag("noStrict") || m.hasFlag("raw") {
		return notRun
	}
	switch m.negative {
	case "parse":
		return strictNegative
	case "":
		return strictPositive
	}
	return notRun
}

// test262Result is what became of one test262 file.
type test262Result struct {
	rel     string // slash-separated path under test/
	cat     category
	ran     bool
	outcome outcome
	setup   error // the file could not be read or its frontmatter parsed
}

// TestTest262 runs test262's language tests through the product path and
// checks each category against categories; a bug (a panic) fails it whatever the
// category, and so does an accepted record that does not survive a
// sidecar. Under -short the informative strict script positives are not
// run. It prints one summary line per category.
func TestTest262(t *testing.T) {
	dir := test262Dir(t)
	testDir := filepath.Join(dir, "test")
	paths, _, err := listTest262(dir)
	if err != nil {
		t.Fatal(err)
	}

	a := analyze.New()
	results := make([]test262Result, len(paths))
	forEachParallel(len(paths), func(i int) {
		r := &results[i]
		rel, err := filepath.Rel(testDir, paths[i])
		if err != nil {
			r.rel, r.setup = paths[i], err
			return
		}
		r.rel = filepath.ToSlash(rel)
		src, err := os.ReadFile(paths[i])
		if err != nil {
			r.setup = err
			return
		}
		m, code, err := parseFrontmatter(src)
		if err != nil {
			r.setup = err
			return
		}
		r.cat = classify(m, code)
		if r.cat == notRun || (r.cat == strictPositive && testing.Short()) {
			return
		}
		r.ran = true
		r.outcome = analyzeFile(a, paths[i], r.rel, src)
	})

	var (
		total, met [numCategories]int
		missed     [numCategories][]string
		bugs       []string
		sidecar    []string // accepted, but the record does not survive a sidecar
	)
	for _, r := range results {
		if r.setup != nil {
			t.Errorf("%s: %v", r.rel, r.setup)
			continue
		}
		if !r.ran {
			continue
		}
		total[r.cat]++
		o := r.outcome
		if o.bug != "" {
			bugs = append(bugs, r.rel+": "+o.bug)
			missed[r.cat] = append(missed[r.cat], r.rel+": "+firstLine(o.bug))
			continue
		}
		if o.accepted() && o.sidecarErr != nil {
			sidecar = append(sidecar, r.rel+": "+o.sidecarErr.Error())
		}
		if o.accepted() == categories[r.cat].wantAccept {
			met[r.cat]++
			continue
		}
		why := "accepted, want a SyntaxError"
		if o.err != nil {
			why = "rejected: " + diagText(o.err, r.rel)
		}
		missed[r.cat] = append(missed[r.cat], r.rel+": "+why)
	}

	for _, p := range bugs[:min(len(bugs), 5)] {
		t.Error(p)
	}
	if len(bugs) > 0 {
		t.Errorf("the analyzer failed on %d files (first 5 above)", len(bugs))
	}
	if len(sidecar) > 0 {
		t.Errorf("%d accepted records do not survive a sidecar's encoding:%s", len(sidecar), listed(sidecar, 30))
	}
	for c := modulePositive; c < numCategories; c++ {
		spec := categories[c]
		want := "accepted"
		if !spec.wantAccept {
			want = "rejected"
		}
		summary := fmt.Sprintf("test262 %-40s %5d files, %5d %s (%.2f%%)",
			spec.name+":", total[c], met[c], want, percent(met[c], total[c]))
		if c == strictPositive && testing.Short() {
			summary = fmt.Sprintf("test262 %-40s not run under -short", spec.name+":")
		}
		// Printed rather than logged so that the counts show in plain
		// `go test` output too, where t.Log stays silent unless a test fails.
		fmt.Println(summary)
		switch {
		case len(missed[c]) == 0:
		case spec.minShare == 0:
			t.Logf("%s: %d not %s:%s", spec.name, len(missed[c]), want, listed(missed[c], 10))
		case spec.minShare == 1:
			t.Errorf("%s: %d of %d not %s:%s", spec.name, len(missed[c]), total[c], want, listed(missed[c], 200))
		case float64(met[c]) < spec.minShare*float64(total[c]):
			t.Errorf("%s: %d of %d not %s, more than the %.0f%% allowed:%s",
				spec.name, len(missed[c]), total[c], want, 100*(1-spec.minShare), listed(missed[c], 50))
		default:
			t.Logf("%s: %d not %s (within the %.0f%% allowed):%s",
				spec.name, len(missed[c]), want, 100*(1-spec.minShare), listed(missed[c], 50))
		}
	}
	if total[modulePositive] == 0 || total[moduleNegative] == 0 {
		t.Errorf("found %d module positives and %d module negatives under %s: is it a test262 checkout?",
			total[modulePositive], total[moduleNegative], testDir)
	}
}

func percent(n, total int) float64 {
	if total == 0 {
		return 100
	}
	return 100 * float64(n) / float64(total)
}

func TestParseFrontmatter(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want testMeta
		code string
		err  bool
	}{
		{
			name: "inline lists and negative",
			src: "// c\n/*---\ndescription: x\nnegative:\n  phase: parse\n  type: SyntaxError\n" +
				"flags: [module, async]\nfeatures: [import-defer, top-level-await]\n---*/\ncode();\n",
			want: testMeta{flags: []string{"module", "async"}, features: []string{"import-defer", "top-level-await"}, negative: "parse"},
			code: "\ncode();\n",
		},
		{
			name: "block list",
			src:  "/*---\nfeatures:\n  - class\n  - class-fields-private\nflags: [onlyStrict]\n---*/x",
			want: testMeta{flags: []string{"onlyStrict"}, features: []string{"class", "class-fields-private"}},
			code: "x",
		},
		{
			name: "list split over lines",
			src:  "/*---\nfeatures: [a,\n  b]\n---*/",
			want: testMeta{features: []string{"a", "b"}},
		},
		{
			name: "info text that looks like keys",
			src:  "/*---\ninfo: |\n  flags: [module]\n  phase: parse\nnegative:\n  type: SyntaxError\n  phase: resolution\n---*/",
			want: testMeta{negative: "resolution"},
		},
		{name: "no frontmatter", src: "x()", err: true},
		{name: "unclosed", src: "/*---\nflags: [module]\n", err: true},
		{name: "negative without phase", src: "/*---\nnegative:\n  type: SyntaxError\n---*/", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, code, err := parseFrontmatter([]byte(tt.src))
			if tt.err {
				if err == nil {
					t.Fatalf("parseFrontmatter = %+v, want an error", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got.flags, tt.want.flags) || !slices.Equal(got.features, tt.want.features) || got.negative != tt.want.negative {
				t.Errorf("parseFrontmatter = %+v, want %+v", got, tt.want)
			}
			if string(code) != tt.code {
				t.Errorf("code = %q, want %q", code, tt.code)
			}
		})
	}
}

func TestClassify(t *testing.T) {
	module := []string{"module"}
	defer_ := []string{"import-defer"}
	tests := []struct {
		name string
		meta testMeta
		code string
		want category
	}{
		{"module", testMeta{flags: module}, "export {}", modulePositive},
		{"module runtime negative", testMeta{flags: module, negative: "runtime"}, "throw 1", modulePositive},
		{"module parse negative", testMeta{flags: module, negative: "parse"}, "export {x}", moduleNegative},
		{"module resolution negative", testMeta{flags: module, negative: "resolution"}, `import "x"`, moduleResolution},
		{"import defer", testMeta{flags: module, features: defer_}, `import defer * as ns from "x"`, moduleOutOfScope},
		{"import.defer", testMeta{flags: module, features: defer_}, `import . defer("x")`, moduleOutOfScope},
		{"import source", testMeta{flags: module, features: []string{"source-phase-imports"}}, `import source s from "x"`, moduleOutOfScope},
		{"defer as a default import", testMeta{flags: module, features: defer_}, `import defer from "x"`, modulePositive},
		{"tag without the syntax", testMeta{flags: module, features: defer_}, `import "./dep_FIXTURE.js"`, modulePositive},
		{"syntax without the tag", testMeta{flags: module}, `import defer * as ns from "x"`, modulePositive},
		{"out of scope resolution negative", testMeta{flags: module, features: defer_, negative: "resolution"}, `import defer * as ns from "x"`, moduleOutOfScope},
		{"decorator", testMeta{flags: []string{"onlyStrict"}, features: []string{"decorators"}}, "@dec class C {}", strictPositive},
		{"script", testMeta{}, "x", strictPositive},
		{"strict script negative", testMeta{flags: []string{"onlyStrict"}, negative: "parse"}, "with (x);", strictNegative},
		{"sloppy script", testMeta{flags: []string{"noStrict"}, negative: "parse"}, "x", notRun},
		{"raw script", testMeta{flags: []string{"raw"}}, "x", notRun},
		{"script runtime negative", testMeta{negative: "runtime"}, "x", notRun},
	}
	for _, tt := range tests {
		if got := classify(tt.meta, []byte(tt.code)); got != tt.want {
			t.Errorf("%s: classify = %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestUsesOutOfScopeSyntax(t *testing.T) {
	tests := []struct {
		feature, code string
		want          bool
	}{
		{"import-defer", "import defer * as ns from './x.js';", true},
		{"import-defer", "import defer\n*\nas ns from './x.js';", true},
		{"import-defer", "export defer * as ns from './x.js';", true},
		{"import-defer", "import.defer('./x.js')", true},
		{"import-defer", "import defer from './x.js'; defer();", false},
		{"import-defer", "// an import.defer call is not made here\nimport('./x.js')", false},
		{"source-phase-imports", "import source x from './x.js';", true},
		{"source-phase-imports", "import.source('./x.js')", true},
		{"source-phase-imports", "import source from './x.js';", false},
		{"source-phase-imports", "// Note that this is not a `import.source`.\nimport(s)", false},
		{"decorators", "class C { @dec m() {} }", true},
		{"decorators", "@(await x) class C {}", true},
		{"decorators", "class C { accessor $; }", true},
		{"decorators", "class C { accessor\n x; }", false},
		{"import-assertions", "import j from './j.json' assert { type: 'json' };", true},
		{"class", "class C { @dec m() {} }", false},
	}
	for _, tt := range tests {
		m := testMeta{features: []string{tt.feature}}
		if got := usesOutOfScopeSyntax(m, []byte(tt.code)); got != tt.want {
			t.Errorf("usesOutOfScopeSyntax(%s, %q) = %v, want %v", tt.feature, tt.code, got, tt.want)
		}
	}
}
