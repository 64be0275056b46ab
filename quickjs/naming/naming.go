// Package naming says what QuickJS calls a module: its path relative to the
// project directory. The QuickJS runtime and every tool that compiles
// bytecode for it use these two functions, so that a module read from
// bytecode is the module its importers ask for (QuickJS keys its module map
// by the name baked into the bytecode). It imports nothing of QuickJS, so
// that a tool can name modules without linking the engine.
package naming

import (
	"os"
	"path/filepath"
	"sync"
)

// ModuleName returns the name of the module at path for the project
// directory root: the relative path with forward slashes
// ("src/app.js", "node_modules/lodash-es/map.js").
func ModuleName(root, path string) string {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return filepath.ToSlash(path)
	}
	return filepath.ToSlash(rel)
}

// ProjectDir returns the project directory of the file at path: the
// nearest directory above it that holds a package.json and is not inside a
// node_modules folder (so a dependency's files are named from the project
// that installed it). found is false when there is none; dir is then the
// file's own directory.
func ProjectDir(path string) (dir string, found bool) {
	start := filepath.Dir(path)
	dir = start
	// Start above the outermost node_modules folder on the path.
	for d := dir; ; {
		if filepath.Base(d) == "node_modules" {
			dir = filepath.Dir(d)
		}
		parent := filepath.Dir(d)
		if parent == d {
			break
		}
		d = parent
	}
	for d := dir; ; {
		if fi, err := os.Stat(filepath.Join(d, "package.json")); err == nil && !fi.IsDir() {
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return start, false
		}
		d = parent
	}
}

// Namer is ModuleName with a fixed root, or ProjectDir looked up once per
// directory when the root is "". It is safe for concurrent use.
type Namer struct {
	root string
	dirs sync.Map // directory → project, its project directory
}

type project struct {
	dir   string
	found bool
}

// NewNamer returns a Namer for root ("" finds each module's project
// directory).
func NewNamer(root string) *Namer {
	if root != "" {
		if abs, err := filepath.Abs(root); err == nil {
			root = abs
		}
	}
	return &Namer{root: root}
}

// Name returns the module name of the file at the absolute path. fallback
// is the project directory to use when no package.json says where the
// project is: a build tool passes the root it was given, so that the names,
// and so the bytecode, do not depend on where the tree lies.
func (n *Namer) Name(path, fallback string) string {
	if n.root != "" {
		return ModuleName(n.root, path)
	}
	dir := filepath.Dir(path)
	v, ok := n.dirs.Load(dir)
	if !ok {
		d, found := ProjectDir(path)
		v = project{d, found}
		n.dirs.Store(dir, v)
	}
	p := v.(project)
	if !p.found && fallback != "" {
		return ModuleName(fallback, path)
	}
	return ModuleName(p.dir, path)
}
