package conformance

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/internal/analyze"
)

var update = flag.Bool("update", false,
	"rewrite testdata/records/*.json from test-tools/record.mjs's output (review the diff before committing)")

// recordsDir holds small modules, each about one rule of module-record.md,
// and their records as golden files: NAME.json is the exact JSON line for
// NAME. Files named err-* are not valid modules and have no golden file.
var recordsDir = filepath.Join("testdata", "records")

// TestGoldenRecords checks bmes's record of each module in recordsDir
// byte for byte against its golden file, and acorn's (through record.mjs)
// too when Node and acorn are installed, so that the golden files, the
// acorn script and bmes all agree on the hand-picked cases the corpus
// comparison may not reach.
func TestGoldenRecords(t *testing.T) {
	entries, err := os.ReadDir(recordsDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".js") || strings.HasSuffix(n, ".mjs") {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	if len(names) == 0 {
		t.Fatalf("no modules in %s", recordsDir)
	}

	acorn := map[string][]byte{}
	node, toolErr := recordTool(repoRoot(t))
	if toolErr == nil {
		lines, err := runRecordScript(node, recordsDir, names)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range lines {
			acorn[names[i]] = line
		}
	} else if *update {
		t.Fatalf("-update needs record.mjs: %v", toolErr)
	} else {
		t.Logf("checking bmes only: %v", toolErr)
	}

	if *update {
		for _, name := range names {
			if isErrorCase(name) {
				continue
			}
			if err := os.WriteFile(goldenPath(name), append(acorn[name], '\n'), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}

	a := analyze.New()
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(recordsDir, name)
			abs, err := filepath.Abs(path)
			if err != nil {
				t.Fatal(err)
			}
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(goldenPath(name))
			switch {
			case isErrorCase(name) && err == nil:
				t.Fatalf("%s is an error case but has a golden file", name)
			case !isErrorCase(name) && err != nil:
				t.Fatalf("missing golden file (run with -update and review it): %v", err)
			}
			want = bytes.TrimSuffix(want, []byte("\n"))

			o := analyzeFile(a, abs, name, src)
			switch {
			case o.bug != "":
				t.Errorf("bmes bug: %s", o.bug)
			case isErrorCase(name) && o.accepted():
				t.Errorf("bmes accepted it, want a SyntaxError; record:\n%s", o.line)
			case !isErrorCase(name) && o.err != nil:
				t.Errorf("bmes rejected it: %v", o.err)
			case !isErrorCase(name) && !bytes.Equal(o.line, want):
				t.Errorf("bmes record differs from the golden file:\n got %s\nwant %s", o.line, want)
			case o.sidecarErr != nil:
				t.Error(o.sidecarErr)
			}

			line, ok := acorn[name]
			if !ok {
				return
			}
			rejected := bytes.HasPrefix(line, []byte(`{"source":`)) && bytes.Contains(line, []byte(`,"error":`))
			switch {
			case isErrorCase(name) && !rejected:
				t.Errorf("record.mjs accepted it, want an error line; got:\n%s", line)
			case !isErrorCase(name) && !bytes.Equal(line, want):
				t.Errorf("record.mjs line differs from the golden file:\n got %s\nwant %s", line, want)
			}
		})
	}
}

func isErrorCase(name string) bool { return strings.HasPrefix(name, "err-") }

func goldenPath(name string) string { return filepath.Join(recordsDir, name+".json") }
