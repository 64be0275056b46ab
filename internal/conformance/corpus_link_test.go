package conformance

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/precompile"
)

// TestCorpusLink checks the link check against real packages: the
// program test-tools/link-corpus.js, which imports every package of the
// corpus, runs in Node, so `bmes-precompile -deps -link` over it must
// report no link error. A copy of it importing a name lodash-es does not
// export must then report exactly that, so that the check is not passing
// by checking nothing.
func TestCorpusLink(t *testing.T) {
	root := repoRoot(t)
	tools := filepath.Join(root, "test-tools")
	node, err := recordTool(root)
	if err != nil {
		t.Skip(err)
	}
	out, err := exec.Command(node, filepath.Join(tools, "link-corpus.js")).CombinedOutput()
	if err != nil {
		t.Fatalf("node link-corpus.js: %v\n%s", err, out)
	}

	run := func(include string, roots ...string) *precompile.Report {
		t.Helper()
		rep, err := precompile.Run(context.Background(), precompile.Options{
			Roots:   roots,
			Include: []string{include},
			Deps:    true,
			Link:    true,
			Mode:    precompile.DryRun,
		})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	rep := run("link-corpus.js", tools)
	for _, d := range rep.Diagnostics {
		t.Errorf("%s", d.Error())
	}
	// Printed, as the other corpus counts are.
	fmt.Printf("link check over the npm corpus: %d modules linked, %d link errors\n", rep.Linked, rep.LinkErrors)
	if rep.Linked < 500 {
		t.Errorf("only %d modules linked: is the corpus installed whole?", rep.Linked)
	}

	// The negative control imports from the same node_modules, through a
	// symbolic link in a temporary folder (a root too, so that nothing
	// is added to test-tools).
	tmp := t.TempDir()
	if err := os.Symlink(filepath.Join(tools, "node_modules"), filepath.Join(tmp, "node_modules")); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(tmp, "bad.js")
	src := "import {debounce, notInLodash} from 'lodash-es';\nexport {debounce, notInLodash};\n"
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	rep = run("bad.js", tools, tmp)
	want := bad + ":1:19: The requested module 'lodash-es' does not provide an export named 'notInLodash'"
	var got []string
	for _, d := range rep.Diagnostics {
		got = append(got, d.Error())
	}
	if len(got) != 2 || got[0] != want || !strings.Contains(got[1], ":2:19: The requested module 'lodash-es' does not provide an export named 'notInLodash'") {
		t.Errorf("negative control: diagnostics\n  %s\nwant\n  %s\nand the same at its export", strings.Join(got, "\n  "), want)
	}
}
