package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/bmesjs/bmes/internal/analyze"
)

// contractFields is the field order of a record's JSON dump, as
// module-record.md shows it and format.Record.AppendJSON writes it.
var contractFields = []string{
	"source",
	"requestedModules",
	"importEntries",
	"localExportEntries",
	"indirectExportEntries",
	"starExportEntries",
	"varNames",
	"lexicalNames",
	"hasTopLevelAwait",
	"dynamicImports",
	"usesImportMeta",
}

// corpusFile is one file both sides analyse.
type corpusFile struct {
	abs    string
	source string // the "source" field on both sides: the path from the repository root
	group  string // "test262", "examples" or "npm": one summary line each
	pkg    string // the package of a file in a node_modules folder, for the log
}

// maxDiffs is how many differences the test lists; it counts them all.
const maxDiffs = 30

// TestAcornRecords compares bmes's record of every file of the corpus with
// the one test-tools/record.mjs computes from acorn's AST. A file acorn
// cannot parse is skipped and counted (acorn lags behind the language
// now and then); every other difference, a rejection by bmes included,
// fails the test.
func TestAcornRecords(t *testing.T) {
	root := repoRoot(t)
	node, err := recordTool(root)
	if err != nil {
		t.Skip(err)
	}

	var files []corpusFile
	if dir, err := findTest262(root); err != nil {
		t.Logf("leaving test262 out of the corpus: %v", err)
	} else {
		files = append(files, test262Corpus(t, root, dir)...)
	}
	files = append(files, packageModules(t, root, filepath.Join(root, "examples"), "examples")...)
	files = append(files, packageModules(t, root, filepath.Join(root, "test-tools", "node_modules"), "npm")...)
	if len(files) == 0 {
		t.Fatal("the corpus is empty")
	}

	paths := make([]string, len(files))
	for i, f := range files {
		paths[i] = f.source
	}
	// Node works through the corpus while bmes does: on a busy machine
	// this halves the wall time.
	type scriptResult struct {
		lines [][]byte
		err   error
	}
	done := make(chan scriptResult, 1)
	go func() {
		lines, err := runRecordScript(node, root, paths)
		done <- scriptResult{lines, err}
	}()

	a := analyze.New()
	ours := make([]outcome, len(files))
	forEachParallel(len(files), func(i int) {
		src, err := os.ReadFile(files[i].abs)
		if err != nil {
			ours[i] = outcome{err: fmt.Errorf("reading: %w", err)}
			return
		}
		ours[i] = analyzeFile(a, files[i].abs, files[i].source, src)
	})
	script := <-done
	if script.err != nil {
		t.Fatal(script.err)
	}
	acornLines := script.lines

	var diffs, acornRejects, bothRejects []string
	bugReported := false
	verdicts := make([]verdict, len(files))
	for i, f := range files {
		theirs, err := parseJSONLine(acornLines[i])
		if err != nil {
			t.Fatalf("record.mjs printed a bad line for %s: %v\n%s", f.source, err, acornLines[i])
		}
		if src := theirs.field("source"); src == nil || src.canon != canonString(utf16.Encode([]rune(f.source))) {
			t.Fatalf("record.mjs line %d is not for %s: %s", i+1, f.source, acornLines[i])
		}
		o := ours[i]
		if acornErr := theirs.field("error"); acornErr != nil {
			msg := fmt.Sprintf("%s: acorn: %s", f.source, acornErr.canon)
			if o.accepted() {
				verdicts[i] = acornOnly
				acornRejects = append(acornRejects, msg)
			} else {
				verdicts[i] = bothReject
				bothRejects = append(bothRejects, msg)
			}
			continue
		}
		var d []string
		switch {
		case o.bug != "":
			if !bugReported {
				t.Errorf("%s: bmes bug: %s", f.source, o.bug) // the first one with its stack
				bugReported = true
			}
			d = []string{"bmes bug: " + firstLine(o.bug)}
		case o.err != nil:
			d = []string{"bmes rejects what acorn parses: " + diagText(o.err, f.source)}
		default:
			d = compareRecords(o.line, theirs)
			if o.sidecarErr != nil {
				d = append(d, "sidecar: "+o.sidecarErr.Error())
			}
		}
		if len(d) > 0 {
			verdicts[i] = differ
			for _, s := range d {
				diffs = append(diffs, f.source+": "+s)
			}
		}
	}

	// Counts per corpus, printed, and per package, logged.
	groups, packages := map[string]*tally{}, map[string]*tally{}
	for i, f := range files {
		tallyFor(groups, f.group)[verdicts[i]]++
		if f.pkg != "" {
			tallyFor(packages, f.group+":"+f.pkg)[verdicts[i]]++
		}
	}
	for _, name := range slices.Sorted(maps.Keys(packages)) {
		t.Logf("acorn %s", packages[name].summary(name))
	}
	for _, name := range slices.Sorted(maps.Keys(groups)) {
		// Printed rather than logged so that the counts show in plain
		// `go test` output too, where t.Log stays silent unless a test fails.
		summary := "acorn " + groups[name].summary(name)
		fmt.Println(summary)
	}
	if len(acornRejects) > 0 {
		t.Logf("skipped %d files acorn cannot parse but bmes accepts:%s", len(acornRejects), listed(acornRejects, 30))
	}
	if len(bothRejects) > 0 {
		t.Logf("%d files both reject:%s", len(bothRejects), listed(bothRejects, 10))
	}
	if len(diffs) > 0 {
		t.Errorf("%d differences between bmes and acorn records:%s", len(diffs), listed(diffs, maxDiffs))
	}
}

// verdict is how the comparison of one file went.
type verdict uint8

const (
	same       verdict = iota
	differ             // a failure
	acornOnly          // acorn cannot parse it, bmes can: skipped
	bothReject         // neither parses it
	numVerdicts
)

// tally counts files by verdict.
type tally [numVerdicts]int

func tallyFor(m map[string]*tally, name string) *tally {
	tl := m[name]
	if tl == nil {
		tl = new(tally)
		m[name] = tl
	}
	return tl
}

func (tl *tally) summary(name string) string {
	return fmt.Sprintf("%-28s %5d files: %5d same, %d differ, %d skipped (acorn cannot parse), %d rejected by both",
		name+":", tl[same]+tl[differ]+tl[acornOnly]+tl[bothReject], tl[same], tl[differ], tl[acornOnly], tl[bothReject])
}

// recordScript is the absolute path of test-tools/record.mjs, set by
// recordTool.
var recordScript string

// recordTool returns the node binary that runs test-tools/record.mjs, or
// an error saying what to install.
func recordTool(root string) (string, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return "", fmt.Errorf("node is not installed (%w): the acorn comparison needs Node.js 20 or later", err)
	}
	tools := filepath.Join(root, "test-tools")
	if _, err := os.Stat(filepath.Join(tools, "node_modules", "acorn", "package.json")); err != nil {
		return "", fmt.Errorf("acorn is not installed in %s: run `npm ci` there (test.sh does)", tools)
	}
	recordScript = filepath.Join(tools, "record.mjs")
	return node, nil
}

// runRecordScript runs test-tools/record.mjs once over all paths, given on
// stdin and relative to dir, and returns its output lines, one per path.
func runRecordScript(node, dir string, paths []string) ([][]byte, error) {
	input, err := json.Marshal(paths)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(node, recordScript)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("running record.mjs: %w\n%s", err, stderr.Bytes())
	}
	lines := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
	if len(lines) != len(paths) {
		return nil, fmt.Errorf("record.mjs printed %d lines for %d files", len(lines), len(paths))
	}
	return lines, nil
}

// compareRecords returns the differences between our JSON line and acorn's
// parsed one, field by field in contract order, with the first differing
// element of a list. It also checks that ours has exactly the contract's
// fields in the contract's order: a semantic comparison alone would not.
func compareRecords(ourLine []byte, theirs *jsonValue) []string {
	ours, err := parseJSONLine(ourLine)
	if err != nil {
		return []string{fmt.Sprintf("bmes wrote bad JSON: %v: %s", err, ourLine)}
	}
	var diffs []string
	if !slices.Equal(ours.keys, contractFields) {
		diffs = append(diffs, fmt.Sprintf("bmes's fields are %q, want %q", ours.keys, contractFields))
	}
	if !slices.Equal(theirs.keys, contractFields) {
		diffs = append(diffs, fmt.Sprintf("record.mjs's fields are %q, want %q", theirs.keys, contractFields))
	}
	for _, name := range contractFields {
		o, a := ours.field(name), theirs.field(name)
		switch {
		case o == nil || a == nil:
			// Reported above as a field list mismatch.
		case o.canon != a.canon:
			diffs = append(diffs, name+": "+describeDiff(o, a))
		}
	}
	return diffs
}

// describeDiff says how two unequal values differ: for lists, the first
// differing element and the lengths.
func describeDiff(ours, theirs *jsonValue) string {
	if !strings.HasPrefix(ours.canon, "[") || !strings.HasPrefix(theirs.canon, "[") {
		return fmt.Sprintf("bmes %s, acorn %s", clip(ours.canon), clip(theirs.canon))
	}
	i := 0
	for i < len(ours.elems) && i < len(theirs.elems) && ours.elems[i].canon == theirs.elems[i].canon {
		i++
	}
	elem := func(v *jsonValue) string {
		if i < len(v.elems) {
			return clip(v.elems[i].canon)
		}
		return "(none)"
	}
	return fmt.Sprintf("[%d]: bmes %s, acorn %s (bmes has %d, acorn %d)",
		i, elem(ours), elem(theirs), len(ours.elems), len(theirs.elems))
}

// clip shortens a long value for a diff line.
func clip(s string) string {
	limit := 300
	if len(s) <= limit {
		return s
	}
	for limit > 0 && !utf8.RuneStart(s[limit]) {
		limit--
	}
	return s[:limit] + "…"
}

// test262Corpus returns test262's module tests that must parse and use no
// syntax beyond the language level (group "test262"), the fixtures that
// module tests import (group "test262-fixtures": modules too, and rich in
// exports, though a few are broken on purpose), and, unless -short, the
// strict-mode script tests that parse (group "test262-scripts"): as
// modules, most of those parse too, and they exercise var and lexical
// declarations, await and import() in more shapes than the module tests.
func test262Corpus(t *testing.T, root, dir string) []corpusFile {
	t.Helper()
	paths, fixtures, err := listTest262(dir)
	if err != nil {
		t.Fatal(err)
	}
	groups := make([]string, len(paths))
	forEachParallel(len(paths), func(i int) {
		src, err := os.ReadFile(paths[i])
		if err != nil {
			return // TestTest262 reports unreadable files
		}
		m, code, err := parseFrontmatter(src)
		if err != nil {
			return
		}
		switch classify(m, code) {
		case modulePositive, moduleResolution:
			groups[i] = "test262"
		case strictPositive:
			if !testing.Short() {
				groups[i] = "test262-scripts"
			}
		}
	})
	var files []corpusFile
	for i, p := range paths {
		if groups[i] != "" {
			files = append(files, corpusFile{abs: p, source: sourcePath(root, p), group: groups[i]})
		}
	}
	for _, p := range fixtures {
		files = append(files, corpusFile{abs: p, source: sourcePath(root, p), group: "test262-fixtures"})
	}
	return files
}

// sourcePath is the path both sides are given for abs: relative to the
// repository root when it can be, so that diffs read well.
func sourcePath(root, abs string) string {
	if rel, err := filepath.Rel(root, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return abs
}

// packageModules returns the ES module files (.js and .mjs) under dir, a
// project or a node_modules folder, and logs how many it left out and why.
// group names the corpus in the summary.
func packageModules(t *testing.T, root, dir, group string) []corpusFile {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		t.Logf("leaving %s out of the corpus: %v", dir, err)
		return nil
	}
	types := map[string]string{} // directory → "type" of the nearest package.json
	skipped := map[string]int{}  // reason → count
	var files []corpusFile
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !(strings.HasSuffix(path, ".js") || strings.HasSuffix(path, ".mjs")) {
			return nil
		}
		ok, reason, err := isESModule(path, dir, types)
		if err != nil {
			return err
		}
		if !ok {
			skipped[reason]++
			return nil
		}
		files = append(files, corpusFile{abs: path, source: sourcePath(root, path), group: group, pkg: packageName(path)})
		return nil
	})
	if err != nil {
		t.Fatalf("listing %s: %v", dir, err)
	}
	for _, reason := range slices.Sorted(maps.Keys(skipped)) {
		t.Logf("%s: left out %d .js files: %s", group, skipped[reason], reason)
	}
	return files
}

// Directory names that hold a package's ES module build by bundler
// convention (the "module" field of rxjs points into dist/esm5, say),
// whatever Node's default for .js would be.
var esmBuildDirs = []string{"es", "es6", "es2015", "esm", "esm5", "esm2015", "esm2020", "mjs", "module", "modules"}

// isESModule decides whether a .js or .mjs file is an ES module as Node
// decides it, with the bundlers' directory convention as a fallback: .mjs
// always is; .js is when the nearest package.json (up to stop) says
// "type": "module", is not when it says "commonjs", and otherwise is only
// under a directory named in esmBuildDirs. types caches the nearest "type"
// per directory.
func isESModule(path, stop string, types map[string]string) (bool, string, error) {
	if strings.HasSuffix(path, ".mjs") {
		return true, "", nil
	}
	typ, err := nearestPackageType(filepath.Dir(path), stop, types)
	if err != nil {
		return false, "", err
	}
	switch typ {
	case "module":
		return true, "", nil
	case "commonjs":
		return false, `package.json says "type": "commonjs"`, nil
	}
	rel, err := filepath.Rel(stop, path)
	if err != nil {
		return false, "", err
	}
	for _, seg := range strings.Split(filepath.ToSlash(rel), "/") {
		if slices.Contains(esmBuildDirs, seg) {
			return true, "", nil
		}
	}
	return false, `CommonJS by Node's default (no "type": "module", not in an ES module build folder)`, nil
}

// nearestPackageType returns the "type" field of the package.json nearest
// to dir, looking no higher than stop; "" when there is none or it has no
// "type".
func nearestPackageType(dir, stop string, cache map[string]string) (string, error) {
	if typ, ok := cache[dir]; ok {
		return typ, nil
	}
	var typ string
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	switch {
	case err == nil:
		var pkg struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(data, &pkg); err != nil {
			return "", fmt.Errorf("reading %s: %w", filepath.Join(dir, "package.json"), err)
		}
		typ = pkg.Type
	case !errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("reading package.json: %w", err)
	case dir != stop && filepath.Dir(dir) != dir:
		if typ, err = nearestPackageType(filepath.Dir(dir), stop, cache); err != nil {
			return "", err
		}
	}
	cache[dir] = typ
	return typ, nil
}

// packageName returns the name of the package under the last node_modules
// folder in path ("lit-html", "@lit/reactive-element"), or "".
func packageName(path string) string {
	segs := strings.Split(filepath.ToSlash(path), "/")
	for i := len(segs) - 2; i >= 0; i-- {
		if segs[i] != "node_modules" || i+1 >= len(segs)-1 {
			continue
		}
		if strings.HasPrefix(segs[i+1], "@") && i+2 < len(segs)-1 {
			return segs[i+1] + "/" + segs[i+2]
		}
		return segs[i+1]
	}
	return ""
}

func TestIsESModule(t *testing.T) {
	dir := t.TempDir()
	tree := map[string]string{
		"typed/package.json":              `{"type": "module"}`,
		"typed/lib/a.js":                  "",
		"typed/cjs/package.json":          `{"type": "commonjs"}`,
		"typed/cjs/b.js":                  "",
		"untyped/package.json":            `{"name": "untyped"}`,
		"untyped/index.js":                "",
		"untyped/index.mjs":               "",
		"untyped/dist/esm5/c.js":          "",
		"untyped/dist/esm5/internal/d.js": "",
		"untyped/dist/esmodules/e.js":     "",
	}
	for name, content := range tree {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		path string
		want bool
	}{
		{"typed/lib/a.js", true},
		{"typed/cjs/b.js", false},
		{"untyped/index.js", false},
		{"untyped/index.mjs", true},
		{"untyped/dist/esm5/c.js", true},
		{"untyped/dist/esm5/internal/d.js", true},
		{"untyped/dist/esmodules/e.js", false},
	}
	types := map[string]string{}
	for _, tt := range tests {
		got, reason, err := isESModule(filepath.Join(dir, filepath.FromSlash(tt.path)), dir, types)
		if err != nil {
			t.Fatal(err)
		}
		if got != tt.want {
			t.Errorf("isESModule(%s) = %v (%s), want %v", tt.path, got, reason, tt.want)
		}
	}
}

func TestPackageName(t *testing.T) {
	tests := []struct{ path, want string }{
		{"/r/test-tools/node_modules/lit-html/development/lit-html.js", "lit-html"},
		{"/r/test-tools/node_modules/@lit/reactive-element/css-tag.js", "@lit/reactive-element"},
		{"/r/node_modules/a/node_modules/b/index.js", "b"},
		{"/r/examples/app/src/store.mjs", ""},
		{"/r/node_modules/stray.js", ""},
	}
	for _, tt := range tests {
		if got := packageName(filepath.FromSlash(tt.path)); got != tt.want {
			t.Errorf("packageName(%s) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestCompareRecords(t *testing.T) {
	const base = `{"source":"a.js","requestedModules":[{"specifier":"./x.js","attributes":[]}],"importEntries":[],` +
		`"localExportEntries":[],"indirectExportEntries":[],"starExportEntries":[],"varNames":["a","b"],` +
		`"lexicalNames":[],"hasTopLevelAwait":false,"dynamicImports":[{"specifier":"\ud800"}],"usesImportMeta":false}`
	tests := []struct {
		name, ours, theirs string
		want               []string
	}{
		{"equal", base, base, nil},
		{"escapes differ only in spelling", base, strings.Replace(base, `"./x.js"`, `"\u002e/x.js"`, 1), nil},
		{
			"list element",
			base, strings.Replace(base, `["a","b"]`, `["a","c","d"]`, 1),
			[]string{`varNames: [1]: bmes "b", acorn "c" (bmes has 2, acorn 3)`},
		},
		{
			"lone surrogates",
			base, strings.Replace(base, `\ud800`, `\udfff`, 1),
			[]string{`dynamicImports: [0]: bmes {"specifier":"\ud800"}, acorn {"specifier":"\udfff"} (bmes has 1, acorn 1)`},
		},
		{
			"scalar",
			base, strings.Replace(base, `"hasTopLevelAwait":false`, `"hasTopLevelAwait":true`, 1),
			[]string{"hasTopLevelAwait: bmes false, acorn true"},
		},
		{
			"field order",
			strings.Replace(strings.Replace(base, `"hasTopLevelAwait":false,`, "", 1), `"usesImportMeta":false`, `"usesImportMeta":false,"hasTopLevelAwait":false`, 1),
			base,
			[]string{`bmes's fields are ["source" "requestedModules" "importEntries" "localExportEntries" "indirectExportEntries" ` +
				`"starExportEntries" "varNames" "lexicalNames" "dynamicImports" "usesImportMeta" "hasTopLevelAwait"], want ` +
				fmt.Sprintf("%q", contractFields)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			theirs, err := parseJSONLine([]byte(tt.theirs))
			if err != nil {
				t.Fatal(err)
			}
			got := compareRecords([]byte(tt.ours), theirs)
			if !slices.Equal(got, tt.want) {
				t.Errorf("compareRecords =\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
