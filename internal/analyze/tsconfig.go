package analyze

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/bmesjs/bmes/diag"
)

// This file finds the tsconfig.json that applies to a TypeScript or JSX file
// and merges its "extends" chain into one compilerOptions object, the way
// TypeScript 6.0 does, so that esbuild's Transform (which resolves nothing
// itself when given TsconfigRaw) sees the options tsc would.

// tsconfig is the merged configuration for the TypeScript and JSX files
// below one tsconfig.json.
type tsconfig struct {
	raw      string    // {"compilerOptions":{…}} for esbuild's TsconfigRaw; path-valued options absolute
	canon    []byte    // canonical merged compilerOptions for the options hash; path-valued options relative to the tsconfig's directory
	warnings diag.List // e.g. an "extends" base that cannot be found
}

// dirEntry caches the tsconfig (possibly none) of one directory. once makes
// concurrent Plans for files in the same directory resolve it once.
type dirEntry struct {
	once sync.Once
	cfg  *tsconfig // nil: no tsconfig.json applies
	err  error
}

// fileEntry caches one parsed JSONC file (a tsconfig.json or an "extends"
// base). It holds no resolution state, so loading it never recurses and a
// cycle of "extends" cannot deadlock on a sync.Once.
type fileEntry struct {
	once sync.Once
	val  *jvalue
	err  error
}

// tsconfigFor returns the merged tsconfig that applies to files in dir: the
// nearest tsconfig.json in dir or above, skipping directories inside a
// node_modules folder. dir must be absolute and clean.
func (a *Analyzer) tsconfigFor(dir string) (*tsconfig, error) {
	v, ok := a.dirs.Load(dir)
	if !ok {
		v, _ = a.dirs.LoadOrStore(dir, new(dirEntry))
	}
	e := v.(*dirEntry)
	e.once.Do(func() { e.cfg, e.err = a.computeDir(dir) })
	return e.cfg, e.err
}

func (a *Analyzer) computeDir(dir string) (*tsconfig, error) {
	if !insideNodeModules(dir) {
		path := filepath.Join(dir, "tsconfig.json")
		if isFile(path) {
			return a.loadTSConfig(path)
		}
	}
	parent := filepath.Dir(dir)
	if parent == dir {
		return nil, nil
	}
	return a.tsconfigFor(parent)
}

// insideNodeModules reports whether any element of path is node_modules,
// the test esbuild's resolver uses to keep packages' tsconfig files from
// applying (and the project's from applying to packages).
func insideNodeModules(path string) bool {
	for _, elem := range strings.Split(filepath.ToSlash(path), "/") {
		if elem == "node_modules" {
			return true
		}
	}
	return false
}

// pathOptions are the compilerOptions whose values are file paths that tsc
// resolves against the directory of the config that sets them (the
// options it declares isFilePath), rather than against the leaf config.
var pathOptions = []string{"baseUrl", "declarationDir", "mapRoot", "outDir", "outFile", "rootDir", "tsBuildInfoFile"}

// pathListOptions are the compilerOptions whose values are lists of paths.
var pathListOptions = []string{"rootDirs", "typeRoots"}

// chain is the result of merging one config with its "extends" bases.
type chain struct {
	options *jvalue           // merged compilerOptions
	origin  map[string]string // option name → directory of the config that set it
}

// loadTSConfig resolves the "extends" chain of the tsconfig.json at path and
// builds the merged configuration.
func (a *Analyzer) loadTSConfig(path string) (*tsconfig, error) {
	var warnings diag.List
	c, err := a.resolveChain(path, nil, jpos{}, &warnings)
	if err != nil {
		return nil, err
	}
	dir := filepath.Dir(path)
	abs := finalizePaths(c, dir)
	rel := mapPaths(abs, func(p string) string {
		if r, err := filepath.Rel(dir, p); err == nil {
			return filepath.ToSlash(r)
		}
		return filepath.ToSlash(p) // another volume: nothing relative to say
	})
	raw := append([]byte(`{"compilerOptions":`), appendCanonicalJSON(nil, abs)...)
	raw = append(raw, '}')
	return &tsconfig{
		raw:      string(raw),
		canon:    appendCanonicalJSON(nil, rel),
		warnings: warnings,
	}, nil
}

// resolveChain merges the config at path over its bases. stack holds the
// configs being resolved, outermost first, to detect a cycle; from is the
// position of the "extends" string that named path, for the cycle error.
func (a *Analyzer) resolveChain(path string, stack []string, from jpos, warnings *diag.List) (*chain, error) {
	if i := slices.Index(stack, path); i >= 0 {
		// Name the files relative to the tsconfig.json being resolved, the
		// one the user is most likely looking at.
		cycle := append(slices.Clone(stack[i:]), path)
		for j, p := range cycle {
			if r, err := filepath.Rel(filepath.Dir(stack[0]), p); err == nil {
				cycle[j] = filepath.ToSlash(r)
			}
		}
		var l diag.List
		l.Add(stack[len(stack)-1], from.line, from.col, "circular \"extends\" in tsconfig: "+strings.Join(cycle, " → "))
		return nil, l
	}
	root, err := a.readConfig(path)
	if err != nil {
		return nil, err
	}
	stack = append(stack, path)
	dir := filepath.Dir(path)
	c := &chain{options: &jvalue{kind: jobject}, origin: map[string]string{}}

	var bases []*jvalue
	switch ext := root.get("extends"); {
	case ext == nil:
	case ext.kind == jstring:
		bases = []*jvalue{ext}
	case ext.kind == jarray:
		bases = ext.arr
	default:
		warnings.Add(path, ext.pos.line, ext.pos.col, fmt.Sprintf("\"extends\" must be a string or an array of strings, not %s; ignored", ext.kind))
	}
	for _, b := range bases {
		if b.kind != jstring {
			warnings.Add(path, b.pos.line, b.pos.col, fmt.Sprintf("\"extends\" entry must be a string, not %s; ignored", b.kind))
			continue
		}
		basePath, ok := resolveExtends(b.str, dir)
		if !ok {
			warnings.Add(path, b.pos.line, b.pos.col, fmt.Sprintf("cannot find base tsconfig %q; its options are left out", b.str))
			continue
		}
		base, err := a.resolveChain(basePath, stack, b.pos, warnings)
		if err != nil {
			return nil, err
		}
		// Later bases override earlier ones option by option.
		for i, k := range base.options.keys {
			c.options.set(k, base.options.vals[i])
			c.origin[k] = base.origin[k]
		}
	}

	switch opts := root.get("compilerOptions"); {
	case opts == nil || opts.kind == jnull:
	case opts.kind == jobject:
		for i, k := range opts.keys {
			c.options.set(k, opts.vals[i])
			c.origin[k] = dir
		}
	default:
		warnings.Add(path, opts.pos.line, opts.pos.col, fmt.Sprintf("\"compilerOptions\" must be an object, not %s; ignored", opts.kind))
	}
	return c, nil
}

// readConfig reads and parses the JSONC file at path, once per Analyzer.
// Errors are diag.List values naming the file (and the position of a syntax
// error).
func (a *Analyzer) readConfig(path string) (*jvalue, error) {
	v, ok := a.files.Load(path)
	if !ok {
		v, _ = a.files.LoadOrStore(path, new(fileEntry))
	}
	e := v.(*fileEntry)
	e.once.Do(func() {
		var l diag.List
		src, err := os.ReadFile(path)
		if err != nil {
			l.Add(path, 0, 0, fmt.Sprintf("reading tsconfig: %v", err))
			e.err = l
			return
		}
		val, err := parseJSONC(src)
		var jerr *jsonError
		switch {
		case errors.As(err, &jerr):
			l.Add(path, jerr.pos.line, jerr.pos.col, "invalid tsconfig: "+jerr.msg)
			e.err = l
		case err != nil:
			l.Add(path, 0, 0, fmt.Sprintf("invalid tsconfig: %v", err))
			e.err = l
		case val.kind != jobject:
			l.Add(path, val.pos.line, val.pos.col, fmt.Sprintf("invalid tsconfig: the top level must be an object, not %s", val.kind))
			e.err = l
		default:
			e.val = val
		}
	})
	return e.val, e.err
}

// finalizePaths returns c's options with every path-valued option made
// absolute: relative to the config that set it, after substituting the
// ${configDir} template (TypeScript 5.5) with leafDir, the directory of the
// tsconfig.json being resolved. "paths" substitutions are made absolute too,
// relative to baseUrl if set, else to the config that set "paths", as tsc
// resolves them; esbuild then has no base to guess.
func finalizePaths(c *chain, leafDir string) *jvalue {
	resolve := func(p, origin string) string {
		if rest, ok := strings.CutPrefix(p, "${configDir}"); ok {
			return filepath.Join(leafDir, "./"+rest)
		}
		if filepath.IsAbs(p) {
			return filepath.Clean(p)
		}
		return filepath.Join(origin, p)
	}
	out := &jvalue{kind: jobject}
	for i, k := range c.options.keys {
		v := c.options.vals[i]
		switch {
		case slices.Contains(pathOptions, k) && v.kind == jstring:
			v = &jvalue{kind: jstring, pos: v.pos, str: resolve(v.str, c.origin[k])}
		case slices.Contains(pathListOptions, k) && v.kind == jarray:
			v = mapStrings(v, func(s string) string { return resolve(s, c.origin[k]) })
		}
		out.set(k, v)
	}
	if paths := out.get("paths"); paths != nil && paths.kind == jobject {
		base := c.origin["paths"]
		if bu := out.get("baseUrl"); bu != nil && bu.kind == jstring {
			base = bu.str
		}
		np := &jvalue{kind: jobject, pos: paths.pos}
		for i, k := range paths.keys {
			np.set(k, mapStrings(paths.vals[i], func(s string) string { return resolve(s, base) }))
		}
		out.set("paths", np)
	}
	return out
}

// mapPaths returns opts (as finalizePaths left it) with f applied to every
// path it holds.
func mapPaths(opts *jvalue, f func(string) string) *jvalue {
	out := &jvalue{kind: jobject}
	for i, k := range opts.keys {
		v := opts.vals[i]
		switch {
		case slices.Contains(pathOptions, k) && v.kind == jstring:
			v = &jvalue{kind: jstring, pos: v.pos, str: f(v.str)}
		case slices.Contains(pathListOptions, k) && v.kind == jarray:
			v = mapStrings(v, f)
		case k == "paths" && v.kind == jobject:
			np := &jvalue{kind: jobject, pos: v.pos}
			for j, pk := range v.keys {
				np.set(pk, mapStrings(v.vals[j], f))
			}
			v = np
		}
		out.set(k, v)
	}
	return out
}

// mapStrings applies f to the string elements of an array, leaving other
// values (which tsc would reject) as they are.
func mapStrings(v *jvalue, f func(string) string) *jvalue {
	if v.kind != jarray {
		return v
	}
	out := &jvalue{kind: jarray, pos: v.pos, arr: make([]*jvalue, len(v.arr))}
	for i, e := range v.arr {
		if e.kind == jstring {
			e = &jvalue{kind: jstring, pos: e.pos, str: f(e.str)}
		}
		out.arr[i] = e
	}
	return out
}

// resolveExtends finds the file an "extends" string names, as TypeScript's
// getExtendsConfigPath does: a rooted or ./ ../ path is taken relative to
// the config's directory, with ".json" appended if the path as written does
// not exist; anything else is a package (or package subpath) looked up
// through node_modules folders.
func resolveExtends(spec, dir string) (string, bool) {
	if spec == "" {
		return "", false
	}
	slashed := filepath.ToSlash(spec)
	if filepath.IsAbs(spec) || strings.HasPrefix(slashed, "./") || strings.HasPrefix(slashed, "../") {
		p := spec
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if isFile(p) {
			return p, true
		}
		if !strings.HasSuffix(p, ".json") && isFile(p+".json") {
			return p + ".json", true
		}
		return "", false
	}
	return resolvePackageConfig(slashed, dir)
}

// resolvePackageConfig looks up a package-style "extends" (pkg, pkg/sub,
// @scope/pkg/sub) in the node_modules folders of dir and its ancestors, as
// TypeScript's nodeNextJsonConfigResolver does, within reason: package.json
// "exports" (with the conditions tsc uses for config lookup) when present,
// else the "tsconfig" field or tsconfig.json for a bare package name, and
// the file (".json" appended when missing) or directory for a subpath.
func resolvePackageConfig(spec, dir string) (string, bool) {
	name, sub := spec, ""
	n := 1
	if strings.HasPrefix(spec, "@") {
		n = 2
	}
	parts := strings.SplitN(spec, "/", n+1)
	if len(parts) < n || slices.Contains(parts[:n], "") {
		return "", false
	}
	name = strings.Join(parts[:n], "/")
	if len(parts) > n {
		sub = parts[n]
	}
	for d := dir; ; {
		if filepath.Base(d) != "node_modules" {
			pkgDir := filepath.Join(d, "node_modules", filepath.FromSlash(name))
			if isDir(pkgDir) {
				if p, ok := resolveInPackage(pkgDir, sub); ok {
					return p, true
				}
			}
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}

func resolveInPackage(pkgDir, sub string) (string, bool) {
	pkg := readPackageJSON(pkgDir)
	if exports := pkg.get("exports"); exports != nil {
		subpath := "."
		if sub != "" {
			subpath = "./" + sub
		}
		target, ok := resolveExports(exports, subpath)
		if !ok {
			return "", false
		}
		p := filepath.Join(pkgDir, filepath.FromSlash(target))
		return p, isFile(p)
	}
	if sub == "" {
		return configInDir(pkgDir, pkg)
	}
	p := filepath.Join(pkgDir, filepath.FromSlash(sub))
	if strings.HasSuffix(p, ".json") && isFile(p) {
		return p, true
	}
	if isFile(p + ".json") {
		return p + ".json", true
	}
	if isDir(p) {
		return configInDir(p, readPackageJSON(p))
	}
	return "", false
}

// configInDir is the config a directory stands for: its package.json's
// "tsconfig" field, else its tsconfig.json.
func configInDir(dir string, pkg *jvalue) (string, bool) {
	if t := pkg.get("tsconfig"); t != nil && t.kind == jstring {
		p := filepath.Join(dir, filepath.FromSlash(t.str))
		if isFile(p) {
			return p, true
		}
	}
	p := filepath.Join(dir, "tsconfig.json")
	return p, isFile(p)
}

// readPackageJSON returns dir/package.json parsed, or nil when it is
// missing or unreadable: tsc then carries on as if there were none.
func readPackageJSON(dir string) *jvalue {
	src, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil
	}
	v, err := parseJSONC(src)
	if err != nil {
		return nil
	}
	return v
}

// exportConditions are the conditions tsc matches in "exports" when it
// resolves an "extends" package: a CommonJS-mode, Node-targeted lookup.
var exportConditions = []string{"node", "require", "types", "default"}

// resolveExports maps subpath ("." or "./x") through a package.json
// "exports" value. It covers what config packages use: a string, condition
// objects, arrays of fallbacks, exact subpath keys and one-"*" patterns.
func resolveExports(exports *jvalue, subpath string) (string, bool) {
	isSubpathMap := exports.kind == jobject && len(exports.keys) > 0 && strings.HasPrefix(exports.keys[0], ".")
	if !isSubpathMap {
		if subpath != "." {
			return "", false
		}
		return exportTarget(exports, "")
	}
	if t := exports.get(subpath); t != nil {
		return exportTarget(t, "")
	}
	// The pattern with the longest prefix before its "*" wins.
	best, bestLen, bestMatch := -1, -1, ""
	for i, k := range exports.keys {
		prefix, suffix, ok := strings.Cut(k, "*")
		if !ok || len(prefix) <= bestLen || len(subpath) < len(prefix)+len(suffix) ||
			!strings.HasPrefix(subpath, prefix) || !strings.HasSuffix(subpath, suffix) {
			continue
		}
		best, bestLen, bestMatch = i, len(prefix), subpath[len(prefix):len(subpath)-len(suffix)]
	}
	if best < 0 {
		return "", false
	}
	return exportTarget(exports.vals[best], bestMatch)
}

func exportTarget(t *jvalue, match string) (string, bool) {
	switch t.kind {
	case jstring:
		if !strings.HasPrefix(t.str, "./") {
			return "", false
		}
		return strings.ReplaceAll(t.str, "*", match), true
	case jarray:
		for _, e := range t.arr {
			if p, ok := exportTarget(e, match); ok {
				return p, true
			}
		}
	case jobject:
		for i, k := range t.keys {
			if slices.Contains(exportConditions, k) {
				if p, ok := exportTarget(t.vals[i], match); ok {
					return p, true
				}
			}
		}
	}
	return "", false
}

func isFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
