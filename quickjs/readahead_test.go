package quickjs

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/bmesjs/bmes/internal/resolve"
	"github.com/bmesjs/bmes/internal/sidecar"
)

// TestReadAhead checks that the crawler reads, from the sidecars' records,
// the modules the loader will ask for, and that what the loader takes is
// what it would have read and decided itself.
func TestReadAhead(t *testing.T) {
	root := writeTree(t, t.TempDir(), map[string]string{
		"package.json": `{"type":"module"}`,
		"main.js":      `import { a } from "./a.js"; import { b } from "./dir/b.js"; console.log(a, b);`,
		"a.js":         `import { b } from "./dir/b.js"; export const a = "a" + b;`,
		"dir/b.js":     `import data from "../data.json" with { type: "json" }; export const b = data.b;`,
		"data.json":    `{"b": "b"}`,
		"stale.js":     `export const s = 1;`,
	})
	writeSidecars(t, root, "main.js", "a.js", "dir/b.js", "stale.js")
	if err := os.WriteFile(filepath.Join(root, "stale.js"), []byte(`export const s = 2;`), 0o644); err != nil {
		t.Fatal(err)
	}
	ra := newReadAhead(resolve.New(DefaultConditions), DefaultConditions, true)
	entry := filepath.Join(root, "main.js")
	ra.start(entry, root)
	<-ra.done // let the crawl finish before the loader asks
	ra.mu.Lock()
	var read []string
	for p := range ra.files {
		rel, _ := filepath.Rel(root, p)
		read = append(read, filepath.ToSlash(rel))
	}
	ra.mu.Unlock()
	if len(read) != 3 {
		t.Errorf("crawler read %q, want main.js, a.js and dir/b.js (not the JSON module)", read)
	}
	for _, m := range []string{"main.js", "a.js", "dir/b.js", "stale.js"} {
		p := filepath.Join(root, filepath.FromSlash(m))
		name := ModuleName(root, p)
		src, d, err := ra.take(p, name)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := os.ReadFile(p)
		sc, _ := os.ReadFile(sidecar.Path(p))
		wd := decide(sc, want, name, false)
		if !bytes.Equal(src, want) || !bytes.Equal(d.bytecode, wd.bytecode) || d.reason != wd.reason {
			t.Errorf("%s: took %d bytes, bytecode %d, reason %q; reading it gives %d, %d, %q", m, len(src), len(d.bytecode), d.reason, len(want), len(wd.bytecode), wd.reason)
		}
	}
	if _, d, _ := ra.take(filepath.Join(root, "stale.js"), "stale.js"); d.reason != ReasonStale {
		t.Errorf("stale.js taken twice: reason %q, want %q", d.reason, ReasonStale)
	}
	ra.stop()
}

// TestReadAheadAfterLoad checks that a failed resolution is not kept and
// that, once the graph is loaded, resolution sees the file system as it is
// now, not the snapshot the load listed: import() at run time may ask for a
// file written after the load.
func TestReadAheadAfterLoad(t *testing.T) {
	root := writeTree(t, t.TempDir(), map[string]string{
		"package.json": `{"type":"module"}`,
		"main.js":      `export {};`,
	})
	ra := newReadAhead(resolve.New(DefaultConditions), DefaultConditions, true)
	entry := filepath.Join(root, "main.js")
	ra.start(entry, root)
	key := resolveKey{root, "./later.js"}
	if res := ra.resolve(key, entry); res.err == nil {
		t.Fatalf("./later.js resolved to %s before it exists", res.path)
	}
	ra.stop()
	writeTree(t, root, map[string]string{"later.js": `export const v = 1;`})
	res := ra.resolve(key, entry)
	if res.err != nil || res.path != filepath.Join(root, "later.js") {
		t.Fatalf("./later.js after it was written: %q, %v", res.path, res.err)
	}
	src, _, err := ra.take(res.path, "later.js")
	if err != nil || string(src) != `export const v = 1;` {
		t.Fatalf("later.js: %q, %v", src, err)
	}
}
