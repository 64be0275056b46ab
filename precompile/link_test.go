package precompile

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/sidecar"
)

// TestLinkUsesSidecars checks that a run over fresh sidecars links the
// records they hold rather than parsing the sources again: b.js's sidecar
// is replaced by one that is fresh for b.js (same source, producer and
// options) but whose record exports nothing, and the link check must see
// that record.
func TestLinkUsesSidecars(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"a.js": "import {x} from './b.js';\nexport {x};\n",
		"b.js": "export const x = 1;\n",
	})
	opts := Options{Roots: []string{dir}, Link: true}
	rep := runOK(t, opts)
	if rep.Linked != 2 || rep.LinkErrors != 0 {
		t.Fatalf("first run: %d linked, %d link errors, want 2 and 0", rep.Linked, rep.LinkErrors)
	}

	b := filepath.Join(dir, "b.js")
	src, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := format.Decode(mustRead(t, sidecar.Path(b)))
	if err != nil {
		t.Fatal(err)
	}
	forged, err := format.Encode(&format.Record{}, src, format.Meta{Producer: sc.Header.Producer, OptionsHash: sc.Header.OptionsHash})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sidecar.Path(b), forged, 0o644); err != nil {
		t.Fatal(err)
	}

	rep, err = Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Fresh != 2 || rep.Written != 0 {
		t.Fatalf("second run: %d fresh, %d written; want the forged sidecar taken as fresh", rep.Fresh, rep.Written)
	}
	if rep.LinkErrors != 2 || len(rep.Diagnostics) != 2 ||
		!strings.HasSuffix(rep.Diagnostics[0].Error(), "a.js:1:9: The requested module './b.js' does not provide an export named 'x'") {
		t.Errorf("second run's diagnostics: %v; want the forged record's missing export, at the import and the export", rep.Diagnostics)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
