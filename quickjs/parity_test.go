package quickjs

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// TestNodeParity runs each program in testdata/parity/*.txtar (a folder of
// modules, main.js the entry point) on Node and on the runtime, from
// source and from sidecars, and requires the same stdout and stderr byte
// for byte. The programs exercise what the host prints (console.log's
// formatting of every kind of value, the format specifiers), its
// TextEncoder and TextDecoder, the order of microtasks and timers, and the
// module features the records describe. It skips when node is not on
// PATH.
func TestNodeParity(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skipf("node is not on PATH (%v): the runtime's output is compared with Node's", err)
	}
	archives, err := filepath.Glob(filepath.Join("testdata", "parity", "*.txtar"))
	if err != nil || len(archives) == 0 {
		t.Fatalf("no programs in testdata/parity: %v", err)
	}
	for _, a := range archives {
		name := strings.TrimSuffix(filepath.Base(a), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ar, err := txtar.ParseFile(a)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]string{}
			var modules []string
			jsonFiles := 0
			for _, f := range ar.Files {
				files[f.Name] = string(f.Data)
				switch filepath.Ext(f.Name) {
				case ".js", ".ts":
					modules = append(modules, f.Name)
				case ".json":
					jsonFiles++
				}
			}
			root := writeTree(t, t.TempDir(), files)

			cmd := exec.Command(node, "main.js")
			cmd.Dir = root
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("node: %v\n%s", err, stderr.String())
			}

			fromSource := runEntry(t, root, "main.js", true)
			// Every module gets a sidecar, but for those the analyser or
			// QuickJS refuses (a program may import a broken module on
			// purpose): those are compiled from source, and fail the same.
			c, err := NewCompiler()
			if err != nil {
				t.Fatal(err)
			}
			refused := 0
			for _, m := range modules {
				p := filepath.Join(root, filepath.FromSlash(m))
				b, err := sidecarBytes(c, root, p)
				if err != nil {
					refused++
					continue
				}
				if err := os.WriteFile(p+".bmes", b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			c.Close()
			fromSidecars := runEntry(t, root, "main.js", false)
			for _, run := range []struct {
				how string
				r   runResult
			}{{"from source", fromSource}, {"from sidecars", fromSidecars}} {
				if run.r.err != "" {
					t.Errorf("%s: %s", run.how, run.r.err)
				}
				if run.r.stdout != stdout.String() {
					t.Errorf("%s: stdout differs from Node's:%s", run.how, lineDiff(stdout.String(), run.r.stdout))
				}
				if run.r.stderr != stderr.String() {
					t.Errorf("%s: stderr differs from Node's:%s", run.how, lineDiff(stderr.String(), run.r.stderr))
				}
			}
			s := fromSidecars.stats
			if s.Rejected != 0 || s.FromSidecar == 0 || s.FromSource > refused || s.JSON > jsonFiles || s.FromSidecar+s.FromSource != s.Modules {
				t.Errorf("from sidecars: stats %+v: want every JavaScript module from its sidecar", s)
			}
		})
	}
}

// lineDiff shows the first line where got and want part, and the two
// lines after it.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		if i >= len(w) || i >= len(g) || w[i] != g[i] {
			return fmt.Sprintf("\n\tfrom line %d:\n\tnode:    %q\n\truntime: %q", i+1, w[min(i, len(w)):min(i+3, len(w))], g[min(i, len(g)):min(i+3, len(g))])
		}
	}
	return " (no line differs)"
}
