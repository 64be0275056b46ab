// Package treetest gives tests the file trees they run on: a txtar
// archive unpacked into a temporary directory, named by its real path.
package treetest

import (
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// Extract writes the files of the txtar archive at path under a new
// temporary directory and returns the directory with symbolic links
// evaluated: t.TempDir may lie under one (macOS's /var), and Node, the
// resolver and the runtime name modules by real paths.
func Extract(t testing.TB, archive string) string {
	t.Helper()
	a, err := txtar.ParseFile(archive)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := txtar.Write(a, dir); err != nil {
		t.Fatal(err)
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	return real
}
