// Package resolve finds the file an import specifier names, the way Node's
// ES module resolver does (ECMAScript Modules, "Resolution Algorithm
// Specification": PACKAGE_RESOLVE, PACKAGE_EXPORTS_RESOLVE,
// PACKAGE_IMPORTS_RESOLVE), with the additions bundler-style TypeScript
// projects rely on: extension and index probing, "./x.js" naming x.ts, and
// the "module" field. bmes-precompile uses it to follow a module's imports,
// relative ones always and bare ones into node_modules with -deps.
//
// It only ever reads the file system; it never consults a network or a
// global package cache.
package resolve

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/bmesjs/bmes/internal/fscache"
)

// DefaultConditions are the package.json "exports"/"imports" conditions
// matched besides "default", which always matches: what Node matches when it
// imports a module, plus the bundlers' "module".
var DefaultConditions = []string{"import", "module", "node"}

// ErrNotFound is returned (wrapped) when a specifier names no file.
var ErrNotFound = errors.New("module not found")

// ErrUnsupported is returned (wrapped) for specifiers that name no file on
// disk: node: builtins, data: and http: URLs.
var ErrUnsupported = errors.New("specifier names no local file")

// Format is how Node would load a resolved file.
type Format uint8

const (
	// FormatUnknown: the file's extension decides. Relative imports get it:
	// a file an ES module imports by path is loaded as that module's code.
	FormatUnknown Format = iota
	// FormatModule: an ES module (.mjs, an "import"/"module" condition, the
	// "module" field, or a .js file in a "type": "module" package).
	FormatModule
	// FormatCommonJS: a .cjs file, or a .js file reached through "main",
	// "require" or a plain subpath of a package that is not "type": "module".
	FormatCommonJS
)

func (f Format) String() string {
	switch f {
	case FormatModule:
		return "module"
	case FormatCommonJS:
		return "commonjs"
	}
	return "unknown"
}

// Result is a resolved specifier.
type Result struct {
	Path   string // absolute, as found (symbolic links not evaluated)
	Format Format
}

// probeExts are tried, in order, after a path that names no file, and after
// "index" in a directory: esbuild's default order for the TypeScript and
// JavaScript extensions, then the module-only ones.
var probeExts = []string{".tsx", ".ts", ".jsx", ".js", ".mts", ".mjs"}

// tsRewrites lists, for an import written with a JavaScript extension, the
// TypeScript sources it names when the JavaScript file does not exist (what
// tsc's "moduleResolution": "bundler"/"node16" and esbuild accept).
var tsRewrites = map[string][]string{
	".js":  {".ts", ".tsx"},
	".jsx": {".ts", ".tsx"},
	".mjs": {".mts"},
	".cjs": {".cts"},
}

// A Resolver resolves specifiers. It caches package.json files and is safe
// for concurrent use.
type Resolver struct {
	conditions map[string]bool

	// fs, when set, answers the probes (is this a file, a directory?) from
	// one listing per directory instead of a stat per candidate name.
	fs *fscache.Cache

	mu   sync.Mutex
	pkgs map[string]*pkgJSON // directory → its package.json, nil if none
}

// NewCached is New with the file system seen through c: every probe is
// answered from c's directory listings, so that a run that resolves
// thousands of imports lists each directory once. c is a snapshot; use it
// for one run.
func NewCached(conditions []string, c *fscache.Cache) *Resolver {
	r := New(conditions)
	r.fs = c
	return r
}

// New returns a Resolver matching conditions (nil: DefaultConditions) and
// "default".
func New(conditions []string) *Resolver {
	if conditions == nil {
		conditions = DefaultConditions
	}
	r := &Resolver{conditions: map[string]bool{"default": true}, pkgs: map[string]*pkgJSON{}}
	for _, c := range conditions {
		r.conditions[c] = true
	}
	return r
}

// IsRelative reports whether spec is a path: "./x", "../x", "/x", "." or
// "..". Such imports are followed without -deps.
func IsRelative(spec string) bool {
	return spec == "." || spec == ".." || strings.HasPrefix(spec, "./") ||
		strings.HasPrefix(spec, "../") || strings.HasPrefix(spec, "/")
}

// IsBare reports whether spec is a package name, possibly with a subpath, or
// a "#" package import: what Node looks up through package.json files.
func IsBare(spec string) bool {
	if spec == "" || IsRelative(spec) {
		return false
	}
	return !hasScheme(spec)
}

// hasScheme reports whether spec starts like a URL ("node:", "file:", …).
func hasScheme(spec string) bool {
	i := strings.IndexByte(spec, ':')
	if i <= 0 {
		return false
	}
	for _, c := range spec[:i] {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '+' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// Resolve finds the file spec names when imported from the file importer
// (an absolute path).
func (r *Resolver) Resolve(spec, importer string) (Result, error) {
	dir := filepath.Dir(importer)
	switch {
	case IsRelative(spec):
		spec = stripSuffixes(spec)
		p := filepath.FromSlash(spec)
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if f, ok := r.probe(p); ok {
			return Result{Path: f}, nil
		}
	case strings.HasPrefix(spec, "file:"):
		u, err := url.Parse(spec)
		if err != nil || u.Path == "" {
			return Result{}, fmt.Errorf("%q: %w", spec, ErrNotFound)
		}
		if f, ok := r.probe(filepath.FromSlash(u.Path)); ok {
			return Result{Path: f}, nil
		}
	case hasScheme(spec):
		return Result{}, fmt.Errorf("%q: %w", spec, ErrUnsupported)
	case strings.HasPrefix(spec, "#"):
		res, err := r.packageImports(spec, dir)
		if err != nil {
			return Result{}, fmt.Errorf("%q: %w", spec, err)
		}
		if res.Path != "" {
			return res, nil
		}
	default:
		res, err := r.packageResolve(spec, dir)
		if err != nil {
			return Result{}, fmt.Errorf("%q: %w", spec, err)
		}
		if res.Path != "" {
			return res, nil
		}
	}
	return Result{}, fmt.Errorf("%q from %s: %w", spec, importer, ErrNotFound)
}

// stripSuffixes drops a URL query or fragment: "./x.js?raw" loads x.js.
func stripSuffixes(spec string) string {
	if i := strings.IndexAny(spec, "?#"); i >= 0 {
		return spec[:i]
	}
	return spec
}

// probe returns the file p names, bundler style: p itself, p with an
// extension appended, the TypeScript source of a JavaScript name, or an
// index file when p is a directory.
func (r *Resolver) probe(p string) (string, bool) {
	if r.isFile(p) {
		return p, true
	}
	for _, ext := range probeExts {
		if r.isFile(p + ext) {
			return p + ext, true
		}
	}
	ext := filepath.Ext(p)
	for _, ts := range tsRewrites[ext] {
		if f := strings.TrimSuffix(p, ext) + ts; r.isFile(f) {
			return f, true
		}
	}
	if r.isDir(p) {
		for _, ext := range probeExts {
			if f := filepath.Join(p, "index"+ext); r.isFile(f) {
				return f, true
			}
		}
	}
	return "", false
}

func (r *Resolver) isFile(p string) bool {
	if r.fs != nil {
		return r.fs.IsFile(p)
	}
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

func (r *Resolver) isDir(p string) bool {
	if r.fs != nil {
		return r.fs.IsDir(p)
	}
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// pkgJSON is the part of a package.json resolution reads.
type pkgJSON struct {
	dir        string
	name       string
	typ        string
	main       string
	module     string
	exports    value
	hasExports bool
	imports    value
	hasImports bool
}

// readPkg returns the package.json in dir, or nil. A package.json that
// cannot be parsed counts as absent, so that resolution goes on as far as it
// can; Node would refuse to load the package.
func (r *Resolver) readPkg(dir string) *pkgJSON {
	r.mu.Lock()
	pj, ok := r.pkgs[dir]
	r.mu.Unlock()
	if ok {
		return pj
	}
	if r.fs == nil || r.fs.IsFile(filepath.Join(dir, "package.json")) {
		pj = loadPkg(dir)
	}
	r.mu.Lock()
	r.pkgs[dir] = pj
	r.mu.Unlock()
	return pj
}

func loadPkg(dir string) *pkgJSON {
	data, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil
	}
	v, err := parseJSON(data)
	if err != nil {
		return nil
	}
	o, ok := v.(object)
	if !ok {
		return nil
	}
	pj := &pkgJSON{dir: dir}
	str := func(key string) string {
		v, _ := o.get(key)
		s, _ := v.(string)
		return s
	}
	pj.name, pj.typ, pj.main, pj.module = str("name"), str("type"), str("main"), str("module")
	pj.exports, pj.hasExports = o.get("exports")
	pj.imports, pj.hasImports = o.get("imports")
	return pj
}

// scope returns the package.json whose scope dir lies in
// (READ_PACKAGE_SCOPE): the nearest one above, not crossing a node_modules
// folder.
func (r *Resolver) scope(dir string) *pkgJSON {
	for {
		if filepath.Base(dir) == "node_modules" {
			return nil
		}
		if pj := r.readPkg(dir); pj != nil {
			return pj
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return nil
		}
		dir = parent
	}
}

// format decides how Node loads the file at p (ESM_FILE_FORMAT); esm is
// set when the route to p said "ES module" (an "import" or "module"
// condition, the "module" field).
func (r *Resolver) format(p string, esm bool) Format {
	switch filepath.Ext(p) {
	case ".mjs", ".mts":
		return FormatModule
	case ".cjs", ".cts":
		return FormatCommonJS
	case ".js":
		if esm {
			return FormatModule
		}
		if pj := r.scope(filepath.Dir(p)); pj != nil && pj.typ == "module" {
			return FormatModule
		}
		return FormatCommonJS
	}
	return FormatUnknown
}

// ScopeType returns the "type" field of the package.json whose scope the
// file at p lies in (READ_PACKAGE_SCOPE), and whether there is one. The
// link check uses it to tell a .js file of a package that Node loads as
// CommonJS.
func (r *Resolver) ScopeType(p string) (typ string, ok bool) {
	pj := r.scope(filepath.Dir(p))
	if pj == nil {
		return "", false
	}
	return pj.typ, true
}

// packageResolve is PACKAGE_RESOLVE for a bare specifier imported from dir.
func (r *Resolver) packageResolve(spec, dir string) (Result, error) {
	name, sub, ok := splitPackage(spec)
	if !ok {
		return Result{}, errors.New("invalid package name")
	}
	// A package may import itself by name through its own "exports".
	if pj := r.scope(dir); pj != nil && pj.name == name && pj.hasExports {
		return r.exportsResolve(pj, sub)
	}
	for d := dir; ; {
		if filepath.Base(d) != "node_modules" {
			pkgDir := filepath.Join(d, "node_modules", filepath.FromSlash(name))
			if r.isDir(pkgDir) {
				pj := r.readPkg(pkgDir)
				if pj != nil && pj.hasExports {
					return r.exportsResolve(pj, sub)
				}
				if sub == "." {
					return r.legacyMain(pkgDir, pj)
				}
				if f, ok := r.probe(filepath.Join(pkgDir, filepath.FromSlash(sub))); ok {
					return Result{Path: f, Format: r.format(f, false)}, nil
				}
				return Result{}, ErrNotFound
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return Result{}, ErrNotFound
		}
		d = parent
	}
}

// splitPackage splits "@scope/name/sub/path" into "@scope/name" and
// "./sub/path" ("." when there is no subpath).
func splitPackage(spec string) (name, sub string, ok bool) {
	n := 1
	if strings.HasPrefix(spec, "@") {
		n = 2
	}
	parts := strings.SplitN(spec, "/", n+1)
	if len(parts) < n {
		return "", "", false
	}
	name = strings.Join(parts[:n], "/")
	if strings.HasPrefix(name, ".") || strings.ContainsAny(name, `\%`) || strings.Contains(name, "//") ||
		strings.HasSuffix(name, "/") || name == "@" {
		return "", "", false
	}
	sub = "."
	if len(parts) > n {
		sub = "./" + parts[n]
	}
	return name, sub, true
}

// legacyMain resolves a package without "exports" imported by its bare
// name: the "module" field (an ES module entry by the bundlers' convention)
// when the "module" condition is on, then "main", then index.*.
func (r *Resolver) legacyMain(pkgDir string, pj *pkgJSON) (Result, error) {
	if pj != nil && pj.module != "" && r.conditions["module"] {
		if f, ok := r.probe(filepath.Join(pkgDir, filepath.FromSlash(pj.module))); ok {
			return Result{Path: f, Format: r.format(f, true)}, nil
		}
	}
	if pj != nil && pj.main != "" {
		if f, ok := r.probe(filepath.Join(pkgDir, filepath.FromSlash(pj.main))); ok {
			return Result{Path: f, Format: r.format(f, false)}, nil
		}
	}
	if f, ok := r.probe(filepath.Join(pkgDir, "index")); ok {
		return Result{Path: f, Format: r.format(f, false)}, nil
	}
	return Result{}, ErrNotFound
}

// packageImports is PACKAGE_IMPORTS_RESOLVE for a "#" specifier.
func (r *Resolver) packageImports(spec, dir string) (Result, error) {
	if spec == "#" || strings.HasPrefix(spec, "#/") {
		return Result{}, errors.New("invalid package import specifier")
	}
	pj := r.scope(dir)
	if pj == nil || !pj.hasImports {
		return Result{}, ErrNotFound
	}
	imports, ok := pj.imports.(object)
	if !ok {
		return Result{}, errors.New("invalid package.json \"imports\"")
	}
	t, err := r.importsExportsResolve(spec, imports, pj.dir, true)
	return r.finish(t, err)
}

// exportsResolve is PACKAGE_EXPORTS_RESOLVE for subpath ("." or "./…").
func (r *Resolver) exportsResolve(pj *pkgJSON, sub string) (Result, error) {
	exports := pj.exports
	sugar := true // exports is the "." target itself: a string, array or conditions
	if o, ok := exports.(object); ok && len(o) > 0 {
		dots := 0
		for _, m := range o {
			if strings.HasPrefix(m.key, ".") {
				dots++
			}
		}
		if dots != 0 && dots != len(o) {
			return Result{}, errors.New("package.json \"exports\" mixes subpaths and conditions")
		}
		sugar = dots == 0
	}
	var t target
	var err error
	switch {
	case sub == "." && sugar:
		t, err = r.targetResolve(pj.dir, exports, "", false, false)
	case !sugar:
		t, err = r.importsExportsResolve(sub, exports.(object), pj.dir, false)
	}
	return r.finish(t, err)
}

// finish turns a target into a Result: the file must exist, as Node
// requires (exports targets are exact, no probing).
func (r *Resolver) finish(t target, err error) (Result, error) {
	if err != nil {
		return Result{}, err
	}
	switch {
	case t.res != nil:
		return *t.res, nil
	case t.kind != found:
		return Result{}, ErrNotFound
	case !r.isFile(t.path):
		return Result{}, fmt.Errorf("%s: %w", t.path, ErrNotFound)
	}
	return Result{Path: t.path, Format: r.format(t.path, t.esm)}, nil
}

type targetKind uint8

const (
	undefined targetKind = iota // no condition matched: try the next one
	null                        // explicitly not exported
	found
)

// target is the outcome of PACKAGE_TARGET_RESOLVE.
type target struct {
	kind targetKind
	path string
	esm  bool    // reached through an "import" or "module" condition
	res  *Result // a bare "imports" target, already resolved as a package
}

// importsExportsResolve is PACKAGE_IMPORTS_EXPORTS_RESOLVE: an exact key,
// else the "*" pattern key with the longest prefix.
func (r *Resolver) importsExportsResolve(key string, obj object, pkgDir string, isImports bool) (target, error) {
	if v, ok := obj.get(key); ok && !strings.Contains(key, "*") {
		return r.targetResolve(pkgDir, v, "", false, isImports)
	}
	var keys []string
	for _, m := range obj {
		if strings.Count(m.key, "*") == 1 {
			keys = append(keys, m.key)
		}
	}
	sort.SliceStable(keys, func(i, j int) bool { return patternKeyLess(keys[i], keys[j]) })
	for _, k := range keys {
		star := strings.IndexByte(k, '*')
		base, trailer := k[:star], k[star+1:]
		if !strings.HasPrefix(key, base) || key == base {
			continue
		}
		if trailer == "" || strings.HasSuffix(key, trailer) && len(key) >= len(k) {
			v, _ := obj.get(k)
			return r.targetResolve(pkgDir, v, key[len(base):len(key)-len(trailer)], true, isImports)
		}
	}
	return target{kind: undefined}, nil
}

// patternKeyLess orders pattern keys as PATTERN_KEY_COMPARE: longer prefix
// before the "*" first, then longer key first.
func patternKeyLess(a, b string) bool {
	ia, ib := strings.IndexByte(a, '*'), strings.IndexByte(b, '*')
	if ia != ib {
		return ia > ib
	}
	return len(a) > len(b)
}

// targetResolve is PACKAGE_TARGET_RESOLVE.
func (r *Resolver) targetResolve(pkgDir string, t value, match string, pattern, isImports bool) (target, error) {
	switch t := t.(type) {
	case string:
		if !strings.HasPrefix(t, "./") {
			if isImports && !strings.HasPrefix(t, "../") && !strings.HasPrefix(t, "/") && !hasScheme(t) {
				spec := t
				if pattern {
					spec = strings.ReplaceAll(t, "*", match)
				}
				res, err := r.packageResolve(spec, pkgDir)
				if err != nil {
					return target{}, err
				}
				return target{kind: found, res: &res}, nil
			}
			return target{}, fmt.Errorf("invalid package target %q", t)
		}
		if badSegments(t[2:]) || pattern && badSegments(match) {
			return target{}, fmt.Errorf("invalid package target %q", t)
		}
		rel := t[2:]
		if pattern {
			rel = strings.ReplaceAll(rel, "*", match)
		}
		return target{kind: found, path: filepath.Join(pkgDir, filepath.FromSlash(rel))}, nil
	case []value:
		var lastErr error
		for _, v := range t {
			res, err := r.targetResolve(pkgDir, v, match, pattern, isImports)
			if err != nil {
				lastErr = err
				continue
			}
			if res.kind == undefined {
				continue
			}
			return res, nil
		}
		if lastErr != nil {
			return target{}, lastErr
		}
		return target{kind: null}, nil
	case object:
		for _, m := range t {
			if !r.conditions[m.key] {
				continue
			}
			res, err := r.targetResolve(pkgDir, m.val, match, pattern, isImports)
			if err != nil {
				return target{}, err
			}
			if res.kind == undefined {
				continue
			}
			if m.key == "import" || m.key == "module" {
				res.esm = true
			}
			return res, nil
		}
		return target{kind: undefined}, nil
	case nil:
		return target{kind: null}, nil
	}
	return target{}, fmt.Errorf("invalid package target %v", t)
}

// badSegments reports whether a target path escapes its package or reaches
// into a nested node_modules: an empty, ".", ".." or "node_modules" segment.
func badSegments(p string) bool {
	for _, s := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '\\' }) {
		switch strings.ToLower(s) {
		case ".", "..", "node_modules":
			return true
		}
	}
	return false
}
