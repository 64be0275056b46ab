package precompile

import (
	"fmt"
	"path"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
)

// DefaultInclude selects the files a directory root contributes when no
// include globs are given: every JavaScript and TypeScript module source.
// CommonJS (.cjs, .cts) is left out on purpose: it is never analysed, and a
// file reached by an import is still counted.
var DefaultInclude = []string{"**/*.{js,mjs,ts,mts,tsx,jsx}"}

// DefaultExclude prunes dependency folders, hidden directories (.git,
// .cache, …) and TypeScript declaration files. Dependencies are reached
// through -deps instead, which precompiles only the modules the roots
// actually import rather than every file a package ships.
var DefaultExclude = []string{"**/node_modules/**", "**/.*/**", "**/*.d.ts"}

// A Filter decides which files under a root are analysed, with doublestar
// glob semantics (`**` spans directories, `{a,b}` alternates) over paths
// relative to the root, slash-separated. A file matches when some include
// glob matches it and no exclude glob matches it or any of its parent
// directories. The esbuild plugin uses the same type so that a build and
// bmes-precompile agree on what they cover.
type Filter struct {
	include []string
	// fileExclude holds the exclude globs that name files. A glob ending in
	// "/**" names what is below a directory, not a file of that name, so
	// that "**/.*/**" excludes hidden directories but not .eslintrc.js.
	fileExclude []string
	// dirExclude holds, for each exclude glob, the glob a directory must
	// match for everything below it to be excluded: "a/**" prunes "a", and
	// "dist" prunes a directory named dist as well as a file.
	dirExclude []string
}

// NewFilter compiles include and exclude globs. A nil include means
// DefaultInclude and a nil exclude means DefaultExclude; an empty non-nil
// slice means none. Invalid patterns are an error naming the pattern.
func NewFilter(include, exclude []string) (*Filter, error) {
	if include == nil {
		include = DefaultInclude
	}
	if exclude == nil {
		exclude = DefaultExclude
	}
	f := &Filter{}
	for _, p := range include {
		p = normalizePattern(p)
		if !doublestar.ValidatePattern(p) {
			return nil, fmt.Errorf("invalid include pattern %q", p)
		}
		f.include = append(f.include, p)
	}
	for _, p := range exclude {
		p = normalizePattern(p)
		if !doublestar.ValidatePattern(p) {
			return nil, fmt.Errorf("invalid exclude pattern %q", p)
		}
		if d, ok := strings.CutSuffix(p, "/**"); ok && d != "" {
			f.dirExclude = append(f.dirExclude, d)
		} else {
			f.fileExclude = append(f.fileExclude, p)
			f.dirExclude = append(f.dirExclude, p)
		}
	}
	return f, nil
}

// normalizePattern makes a user's glob comparable with root-relative paths:
// slashes only, no leading "./".
func normalizePattern(p string) string {
	p = strings.ReplaceAll(p, `\`, "/")
	for strings.HasPrefix(p, "./") {
		p = p[2:]
	}
	return p
}

// Match reports whether the file at relPath (relative to its root,
// slash-separated) is selected: an include glob matches it, and neither it
// nor a directory above it is excluded.
func (f *Filter) Match(relPath string) bool {
	relPath = cleanRel(relPath)
	if !matchAny(f.include, relPath) || matchAny(f.fileExclude, relPath) {
		return false
	}
	for dir := path.Dir(relPath); dir != "."; dir = path.Dir(dir) {
		if f.SkipDir(dir) {
			return false
		}
	}
	return true
}

// SkipDir reports whether the walk should not descend into the directory at
// relPath: nothing below it can match. The root itself (".") is never
// skipped.
func (f *Filter) SkipDir(relPath string) bool {
	relPath = cleanRel(relPath)
	if relPath == "." {
		return false
	}
	return matchAny(f.dirExclude, relPath)
}

func cleanRel(p string) string {
	return path.Clean(strings.ReplaceAll(p, `\`, "/"))
}

func matchAny(patterns []string, name string) bool {
	for _, p := range patterns {
		// Patterns were validated in NewFilter, so the error is always nil.
		if ok, _ := doublestar.Match(p, name); ok {
			return true
		}
	}
	return false
}
