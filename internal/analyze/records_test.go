package analyze

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite the want/record.json sections of testdata/records")

// TestRecords analyses one file of each fixture tree in testdata/records
// (tsconfig resolution, esbuild's transform, then the parser) and compares
// its JSON dump, with the path relative to the tree as "source", against
// the archive's want/record.json. With -update the goldens are rewritten:
// review the diff before committing it.
func TestRecords(t *testing.T) {
	eachFixture(t, "testdata/records", func(t *testing.T, file string, ar *txtar.Archive, dir, rel string) {
		path := filepath.Join(dir, filepath.FromSlash(rel))
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		p, err := New().Plan(path)
		if err != nil {
			t.Fatalf("Plan: %v", err)
		}
		res, err := p.Analyze(rel, src)
		if err != nil {
			t.Fatalf("Analyze: %v", err)
		}
		if (res.Code != nil) != (p.Loader != LoaderJS) {
			t.Errorf("Code is %d bytes for loader %v: want code exactly for TypeScript and JSX", len(res.Code), p.Loader)
		}
		got := string(res.Record.AppendJSON(nil, rel)) + "\n"

		if *update {
			for i := range ar.Files {
				if ar.Files[i].Name == "want/record.json" {
					ar.Files[i].Data = []byte(got)
				}
			}
			if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, ok := section(ar, "want/record.json")
		if !ok {
			t.Fatal("fixture has no want/record.json")
		}
		if got != want {
			t.Errorf("record:\n got: %s\nwant: %s", got, want)
		}
	})
}
