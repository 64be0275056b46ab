package naming

import (
	"os"
	"path/filepath"
	"testing"
)

func TestProjectDir(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{
		"app/package.json",
		"app/src/deep/x.js",
		"app/node_modules/pkg/package.json",
		"app/node_modules/pkg/lib/y.js",
		"app/node_modules/@s/p/node_modules/q/z.js",
		"bare/w.js",
	} {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app := filepath.Join(root, "app")
	tests := []struct {
		file, dir, name string
		found           bool
	}{
		{"app/src/deep/x.js", app, "src/deep/x.js", true},
		// A dependency is named from the project that installed it, not
		// from its own package.json.
		{"app/node_modules/pkg/lib/y.js", app, "node_modules/pkg/lib/y.js", true},
		{"app/node_modules/@s/p/node_modules/q/z.js", app, "node_modules/@s/p/node_modules/q/z.js", true},
	}
	for _, tt := range tests {
		p := filepath.Join(root, tt.file)
		dir, found := ProjectDir(p)
		if dir != tt.dir || found != tt.found {
			t.Errorf("ProjectDir(%s) = %s, %v; want %s, %v", tt.file, dir, found, tt.dir, tt.found)
		}
		n := NewNamer("")
		if got := n.Name(p, "/elsewhere"); got != tt.name {
			t.Errorf("Name(%s) = %q, want %q", tt.file, got, tt.name)
		}
	}
	// No package.json above: the file's own directory, or the fallback.
	bare := filepath.Join(root, "bare", "w.js")
	if dir, found := ProjectDir(bare); found || dir != filepath.Dir(bare) {
		t.Errorf("ProjectDir(bare) = %s, %v", dir, found)
	}
	if got := NewNamer("").Name(bare, root); got != "bare/w.js" {
		t.Errorf("Name with fallback = %q", got)
	}
	if got := NewNamer(app).Name(bare, root); got != "../bare/w.js" {
		t.Errorf("Name with a fixed root = %q", got)
	}
}
