package sidecar

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"

	"github.com/bmesjs/bmes/diag"
	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
)

func TestPath(t *testing.T) {
	if got := Path("src/util.ts"); got != "src/util.ts.bmes" {
		t.Errorf("Path = %q", got)
	}
}

// TestIsTempMatchesWrite creates temporary files the way Write does and
// checks that IsTemp recognises them, and nothing else.
func TestIsTempMatchesWrite(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.js.bmes", "x.tmp-1.bmes", ".hidden.ts.bmes"} {
		f, err := os.CreateTemp(dir, "."+name+tempInfix+"*")
		if err != nil {
			t.Fatal(err)
		}
		f.Close()
		if !IsTemp(f.Name()) {
			t.Errorf("IsTemp(%q) = false for a name Write creates", f.Name())
		}
	}
	for _, name := range []string{
		"a.js.bmes",
		"a.js",
		".a.js.bmes",
		".a.js.bmes.tmp-",         // no digits
		".a.js.bmes.tmp-12x",      // not only digits
		"a.js.bmes.tmp-123",       // no leading dot
		".bmes.tmp-123",           // no sidecar name
		".a.js.bmes.tmp-123/x.js", // a path whose base is not a temp
	} {
		if IsTemp(name) {
			t.Errorf("IsTemp(%q) = true", name)
		}
	}
}

// entries lists a directory's names, sorted.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	slices.Sort(names)
	return names
}

func TestWriteCreatesAndReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.js.bmes")
	for _, data := range [][]byte{[]byte("first version, longer than the second"), []byte("second"), {}} {
		if err := Write(path, data); err != nil {
			t.Fatalf("Write: %v", err)
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("file holds %q, want %q", got, data)
		}
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm != 0o644 {
			t.Errorf("mode %v, want 0644", perm)
		}
		if names := entries(t, dir); !slices.Equal(names, []string{"a.js.bmes"}) {
			t.Errorf("directory holds %q, want only the sidecar", names)
		}
	}
}

// TestWriteFailureLeavesNothing makes Write fail after it created its
// temporary file (the rename target is a non-empty directory, which even
// root cannot replace) and before (the directory does not exist, or is
// read-only when the test does not run as root).
func TestWriteFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "a.js.bmes")
	if err := os.MkdirAll(filepath.Join(target, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(target, []byte("data")); err == nil {
		t.Error("Write over a non-empty directory succeeded")
	}
	if names := entries(t, dir); !slices.Equal(names, []string{"a.js.bmes"}) {
		t.Errorf("after a failed rename the directory holds %q, want only the original", names)
	}

	if err := Write(filepath.Join(dir, "missing", "a.js.bmes"), []byte("data")); err == nil {
		t.Error("Write into a missing directory succeeded")
	}

	if os.Geteuid() != 0 {
		ro := filepath.Join(dir, "ro")
		if err := os.Mkdir(ro, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(ro, 0o755) })
		if err := Write(filepath.Join(ro, "a.js.bmes"), []byte("data")); err == nil {
			t.Error("Write into a read-only directory succeeded")
		}
		if names := entries(t, ro); len(names) != 0 {
			t.Errorf("read-only directory holds %q after a failed Write", names)
		}
	}
}

// TestWriteConcurrent has many writers race on one path: the file must end
// up as exactly one writer's data, complete, with no temporary left.
func TestWriteConcurrent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.js.bmes")
	const writers = 16
	datas := make([][]byte, writers)
	for i := range datas {
		// Different lengths and contents, large enough to need several
		// write calls' worth of pages.
		datas[i] = bytes.Repeat([]byte(fmt.Sprintf("writer %02d;", i)), 2000+i*37)
	}
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range writers {
		wg.Go(func() { errs[i] = Write(path, datas[i]) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(datas, func(d []byte) bool { return bytes.Equal(d, got) }) {
		t.Errorf("file holds %d bytes that match no writer's data", len(got))
	}
	if names := entries(t, dir); !slices.Equal(names, []string{"a.js.bmes"}) {
		t.Errorf("directory holds %q, want only the sidecar", names)
	}
}

func TestRemove(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.js.bmes")
	if err := os.WriteFile(path, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Remove(path); err != nil {
		t.Fatalf("Remove: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("sidecar still there after Remove: %v", err)
	}
	if err := Remove(path); err != nil {
		t.Errorf("Remove of a missing sidecar: %v", err)
	}
	// A directory that is not empty cannot be removed: that is an error.
	if err := os.MkdirAll(filepath.Join(dir, "d.bmes", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Remove(filepath.Join(dir, "d.bmes")); err == nil {
		t.Error("Remove of a non-empty directory succeeded")
	}
}

// plan returns the analyze.Plan of a file named name in a fresh temporary
// directory (with no tsconfig.json).
func plan(t *testing.T, name string) *analyze.Plan {
	t.Helper()
	p, err := analyze.New().Plan(filepath.Join(t.TempDir(), name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFresh(t *testing.T) {
	src := []byte("export const a = 1;\n")
	rec := &format.Record{
		LocalExportEntries: []format.LocalExportEntry{{ExportName: "a", LocalName: "a"}},
		LexicalNames:       []format.LexicalName{{Name: "a", Kind: format.KindConst}},
	}
	js, ts := plan(t, "a.js"), plan(t, "a.ts")
	encode := func(src []byte, producer string, optionsHash uint64) []byte {
		t.Helper()
		b, err := format.Encode(rec, src, format.Meta{Producer: producer, OptionsHash: optionsHash})
		if err != nil {
			t.Fatalf("format.Encode: %v", err)
		}
		return b
	}
	good := encode(src, analyze.Producer, js.OptionsHash)
	for _, tc := range []struct {
		name     string
		existing []byte
		src      []byte
		plan     *analyze.Plan
		want     bool
	}{
		{"matching", good, src, js, true},
		{"no sidecar", nil, src, js, false},
		{"empty sidecar", []byte{}, src, js, false},
		{"source edited, same length", good, []byte("export const b = 1;\n"), js, false},
		{"source grown", good, append(slices.Clone(src), '\n'), js, false},
		{"other options", good, src, ts, false},
		{"other producer", encode(src, "bmes 0.0.0", js.OptionsHash), src, js, false},
		{"truncated", good[:len(good)-1], src, js, false},
		{"not a sidecar", src, src, js, false},
	} {
		if got := Fresh(tc.existing, tc.src, tc.plan); got != tc.want {
			t.Errorf("%s: Fresh = %v, want %v", tc.name, got, tc.want)
		}
		spec := Spec{Plan: tc.plan}
		if got := FreshFor(tc.existing, tc.src, spec); got != tc.want {
			t.Errorf("%s: FreshFor = %v, want %v", tc.name, got, tc.want)
		}
		// FreshRecord agrees, and its record is the one encoded, in memory
		// of its own: overwriting the sidecar's bytes leaves it as it was.
		existing := slices.Clone(tc.existing)
		got := FreshRecord(existing, tc.src, spec)
		if (got != nil) != tc.want {
			t.Errorf("%s: FreshRecord = %v, want a record: %v", tc.name, got, tc.want)
			continue
		}
		if got == nil {
			continue
		}
		want := rec.AppendJSON(nil, "a.js")
		if dump := got.AppendJSON(nil, "a.js"); !bytes.Equal(dump, want) {
			t.Errorf("%s: FreshRecord's record:\n got %s\nwant %s", tc.name, dump, want)
		}
		for i := range existing {
			existing[i] = 'X'
		}
		if dump := got.AppendJSON(nil, "a.js"); !bytes.Equal(dump, want) {
			t.Errorf("%s: FreshRecord's record changed with the sidecar's bytes: %s", tc.name, dump)
		}
	}
}

// TestBuildErrors: Build hands analysis errors back as the diag.List the
// analyser produced, naming the file it was given.
func TestBuildErrors(t *testing.T) {
	p := plan(t, "bad.ts")
	data, res, err := Build(p, "src/bad.ts", []byte("export const x: = 1;\n"))
	var l diag.List
	if data != nil || res != nil || !errors.As(err, &l) || len(l) == 0 || l[0].File != "src/bad.ts" || l[0].Line != 1 {
		t.Errorf("Build = %v, %v, %v; want a diagnostic at src/bad.ts:1", data, res, err)
	}
}

// BenchmarkWrite measures one atomic sidecar write (create, write,
// chmod, rename) of a typical size.
func BenchmarkWrite(b *testing.B) {
	dir := b.TempDir()
	data := bytes.Repeat([]byte{0xA5}, 4096)
	path := filepath.Join(dir, "a.js.bmes")
	for b.Loop() {
		if err := Write(path, data); err != nil {
			b.Fatal(err)
		}
	}
}
