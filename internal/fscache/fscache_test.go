package fscache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestAgreesWithOS checks every answer of the cache against the os and
// filepath functions it stands in for, on a tree with links to files and
// directories, relative and absolute, chained, dangling and looping.
func TestAgreesWithOS(t *testing.T) {
	root, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	j := func(p ...string) string { return filepath.Join(append([]string{root}, p...)...) }
	must(os.MkdirAll(j("a", "b", "c"), 0o755))
	must(os.WriteFile(j("a", "x.js"), nil, 0o644))
	must(os.WriteFile(j("a", "b", "c", "y.ts"), nil, 0o644))
	must(os.Symlink("b", j("a", "lb")))               // relative, to a directory
	must(os.Symlink(j("a", "x.js"), j("a", "lx.js"))) // absolute, to a file
	must(os.Symlink("lb/c", j("a", "lc")))            // through another link
	must(os.Symlink("nowhere", j("a", "dangling")))
	must(os.Symlink("loop2", j("a", "loop1")))
	must(os.Symlink("loop1", j("a", "loop2")))
	must(os.Symlink("..", j("a", "b", "up")))
	paths := []string{
		root, j("a"), j("a", "x.js"), j("a", "b", "c", "y.ts"), j("a", "lb"), j("a", "lb", "c", "y.ts"),
		j("a", "lx.js"), j("a", "lc"), j("a", "lc", "y.ts"), j("a", "dangling"), j("a", "loop1"),
		j("a", "loop1", "z"), j("a", "missing"), j("a", "missing", "deeper.js"), j("a", "x.js", "sub"),
		j("a", "b", "up", "x.js"), j("a", "b", "up", "lb", "up", "lx.js"), j("a", "lb", "..", "x.js"), "/",
	}
	c := New()
	for range 2 { // the second pass answers from the cache
		for _, p := range paths {
			fi, werr := os.Lstat(p)
			got, gerr := c.Lstat(p)
			if (werr == nil) != (gerr == nil) || werr == nil && fi.Mode().Type() != got {
				t.Errorf("Lstat(%s) = %v, %v; os: %v, %v", p, got, gerr, fi, werr)
			}
			if werr != nil && errors.Is(werr, fs.ErrNotExist) != errors.Is(gerr, fs.ErrNotExist) {
				t.Errorf("Lstat(%s) error %v; os: %v", p, gerr, werr)
			}
			fi, werr = os.Stat(p)
			got, gerr = c.Stat(p)
			if (werr == nil) != (gerr == nil) || werr == nil && fi.Mode().Type() != got {
				t.Errorf("Stat(%s) = %v, %v; os: %v, %v", p, got, gerr, fi, werr)
			}
			if c.IsFile(p) != (werr == nil && fi.Mode().IsRegular()) || c.IsDir(p) != (werr == nil && fi.IsDir()) {
				t.Errorf("IsFile/IsDir(%s) disagree with os.Stat", p)
			}
			want, werr := filepath.EvalSymlinks(p)
			gotp, gerr := c.RealPath(p)
			if (werr == nil) != (gerr == nil) || want != gotp {
				t.Errorf("RealPath(%s) = %q, %v; EvalSymlinks: %q, %v", p, gotp, gerr, want, werr)
			}
			if werr != nil && errors.Is(werr, fs.ErrNotExist) != errors.Is(gerr, fs.ErrNotExist) {
				t.Errorf("RealPath(%s) error %v; EvalSymlinks: %v", p, gerr, werr)
			}
		}
	}
	entries, err := c.ReadDir(j("a"))
	want, werr := os.ReadDir(j("a"))
	if err != nil || werr != nil || len(entries) != len(want) {
		t.Fatalf("ReadDir: %v %v, %d entries, os %d", err, werr, len(entries), len(want))
	}
	for i := range want {
		if entries[i].Name() != want[i].Name() || entries[i].Type() != want[i].Type() {
			t.Errorf("ReadDir entry %d: %s %v; os: %s %v", i, entries[i].Name(), entries[i].Type(), want[i].Name(), want[i].Type())
		}
	}
}

// TestSplitJoin checks split and join, which take clean paths apart and
// put them together without cleaning again, against filepath's Split,
// Clean and Join.
func TestSplitJoin(t *testing.T) {
	for _, p := range []string{"/", "/a", "/a/b", "/a/b/c.js", "a", "a/b", ".", "..", "../a", "/.hidden/x"} {
		dir, base := split(p)
		wantDir, wantBase := filepath.Split(p)
		if wantDir != "" {
			wantDir = filepath.Clean(wantDir)
		}
		if dir != wantDir || base != wantBase {
			t.Errorf("split(%q) = %q, %q; want %q, %q", p, dir, base, wantDir, wantBase)
		}
		if base != "" {
			if got, want := join(dir, base), filepath.Join(dir, base); got != want {
				t.Errorf("join(%q, %q) = %q; want %q", dir, base, got, want)
			}
		}
	}
}
