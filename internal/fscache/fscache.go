// Package fscache is one run's view of the file system: each directory is
// listed once and each directory's symbolic links are resolved once, however
// many files and imports ask about them.
//
// A precompile run asks the same questions over and over: the resolver
// probes a dozen candidate names for every import ("./a" → a, a.js, a.ts,
// …), and every path reached must be made real (symbolic links evaluated)
// before it can be compared with the roots. Answered with a stat or a
// filepath.EvalSymlinks each, that was about 40 path lookups per file, each
// walking the path from "/" in the kernel. From one listing per directory
// (getdents gives every name and its type) and one resolution per
// directory, the cost is per directory instead of per question.
//
// The view is a snapshot: it does not see files created after a directory
// was listed. A run only creates sidecars and temporary files, which it
// never looks up here; a long-lived caller (a watch build) makes a new
// Cache for each build.
package fscache

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
)

// Cache is safe for concurrent use. The zero value is ready to use.
type Cache struct {
	dirs  sync.Map // clean path → *listing
	reals sync.Map // clean directory path → *real
	stats sync.Map // clean path of a symbolic link → *stat
}

// New returns an empty Cache.
func New() *Cache { return &Cache{} }

type listing struct {
	once    sync.Once
	entries []fs.DirEntry // sorted by name, as os.ReadDir returns them
	types   map[string]fs.FileMode
	err     error
}

type real struct {
	once sync.Once
	path string
	err  error
}

type stat struct {
	once sync.Once
	mode fs.FileMode
	err  error
}

func (c *Cache) list(dir string) *listing {
	v, ok := c.dirs.Load(dir)
	if !ok {
		v, _ = c.dirs.LoadOrStore(dir, &listing{})
	}
	l := v.(*listing)
	l.once.Do(func() {
		l.entries, l.err = os.ReadDir(dir)
		l.types = make(map[string]fs.FileMode, len(l.entries))
		for _, e := range l.entries {
			l.types[e.Name()] = e.Type()
		}
	})
	return l
}

// ReadDir returns the entries of dir sorted by name, as os.ReadDir does,
// listing it only the first time. The slice is shared: do not modify it.
func (c *Cache) ReadDir(dir string) ([]fs.DirEntry, error) {
	l := c.list(filepath.Clean(dir))
	return l.entries, l.err
}

// Lstat returns the type bits of p (fs.ModeDir, fs.ModeSymlink, … 0 for a
// regular file), not following a final symbolic link, from its directory's
// listing; the error is an *fs.PathError wrapping fs.ErrNotExist when p is
// not there, as os.Lstat's would be.
func (c *Cache) Lstat(p string) (fs.FileMode, error) { return c.lstat(filepath.Clean(p)) }

// lstat is Lstat for a clean p. (The exported methods clean their argument
// once; the paths they build from clean parts are clean, and cleaning them
// again was a twentieth of a no-op run.)
func (c *Cache) lstat(p string) (fs.FileMode, error) {
	dir, base := split(p)
	if base == "" || base == "." || base == ".." || dir == "" {
		fi, err := os.Lstat(p)
		if err != nil {
			return 0, err
		}
		return fi.Mode().Type(), nil
	}
	l := c.list(dir)
	if l.err != nil {
		if reason := pathErr(l.err); reason == syscall.ENOENT || reason == syscall.ENOTDIR {
			return 0, &fs.PathError{Op: "lstat", Path: p, Err: reason}
		}
		// A directory that can be searched but not read (mode 0711): ask
		// about the name itself.
		fi, err := os.Lstat(p)
		if err != nil {
			return 0, err
		}
		return fi.Mode().Type(), nil
	}
	t, ok := l.types[base]
	if !ok {
		return 0, &fs.PathError{Op: "lstat", Path: p, Err: syscall.ENOENT}
	}
	return t, nil
}

// split splits the clean path p as filepath.Split does, but with the
// directory clean too (no trailing separator, but for a root): dir is ""
// when p has no separator.
func split(p string) (dir, base string) {
	i := len(p) - 1
	for i >= 0 && !os.IsPathSeparator(p[i]) {
		i--
	}
	if i < 0 {
		return "", p
	}
	if i == len(filepath.VolumeName(p)) { // the root: "/", `C:\`
		return p[:i+1], p[i+1:]
	}
	return p[:i], p[i+1:]
}

// join is filepath.Join for a clean directory and one clean name.
func join(dir, name string) string {
	if dir == "" {
		return name
	}
	if os.IsPathSeparator(dir[len(dir)-1]) {
		return dir + name
	}
	return dir + string(filepath.Separator) + name
}

// pathErr is the reason inside err (not found, not a directory,
// permission denied), without the path an *fs.PathError adds.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Stat returns the type bits of p following symbolic links, as os.Stat
// would: from the listing for anything but a link, from one os.Stat per
// link.
func (c *Cache) Stat(p string) (fs.FileMode, error) {
	p = filepath.Clean(p)
	t, err := c.lstat(p)
	if err != nil || t&fs.ModeSymlink == 0 {
		return t, err
	}
	v, ok := c.stats.Load(p)
	if !ok {
		v, _ = c.stats.LoadOrStore(p, &stat{})
	}
	s := v.(*stat)
	s.once.Do(func() {
		fi, err := os.Stat(p)
		if err != nil {
			s.err = err
			return
		}
		s.mode = fi.Mode().Type()
	})
	return s.mode, s.err
}

// IsFile reports whether p is a regular file, following links.
func (c *Cache) IsFile(p string) bool {
	t, err := c.Stat(p)
	return err == nil && t.IsRegular()
}

// IsDir reports whether p is a directory, following links.
func (c *Cache) IsDir(p string) bool {
	t, err := c.Stat(p)
	return err == nil && t.IsDir()
}

// RealDir returns the directory dir with every symbolic link evaluated, as
// filepath.EvalSymlinks would, resolving each directory on the way once
// per Cache. dir must be absolute.
func (c *Cache) RealDir(dir string) (string, error) { return c.realDir(filepath.Clean(dir)) }

// realDir is RealDir for a clean dir.
func (c *Cache) realDir(dir string) (string, error) {
	v, ok := c.reals.Load(dir)
	if !ok {
		v, _ = c.reals.LoadOrStore(dir, &real{})
	}
	r := v.(*real)
	r.once.Do(func() { r.path, r.err = c.resolveDir(dir) })
	return r.path, r.err
}

// resolveDir evaluates the links of the clean dir, from its parent's real
// path.
func (c *Cache) resolveDir(dir string) (string, error) {
	parent, base := split(dir)
	if base == "" || !filepath.IsAbs(dir) {
		return filepath.EvalSymlinks(dir) // "/" or a relative path
	}
	rp, err := c.realDir(parent)
	if err != nil {
		return "", err
	}
	full := join(rp, base)
	t, err := c.lstat(full)
	if err != nil {
		return "", &fs.PathError{Op: "lstat", Path: dir, Err: pathErr(err)}
	}
	if t&fs.ModeSymlink != 0 {
		// A link: let the library follow it (relative targets, chains,
		// loops reported as ELOOP); its result is real all the way.
		return filepath.EvalSymlinks(full)
	}
	return full, nil
}

// RealPath returns the absolute path p with every symbolic link evaluated,
// as filepath.EvalSymlinks would (an error when p does not exist).
func (c *Cache) RealPath(p string) (string, error) {
	p = filepath.Clean(p)
	parent, base := split(p)
	if base == "" || !filepath.IsAbs(p) {
		return filepath.EvalSymlinks(p)
	}
	rp, err := c.realDir(parent)
	if err != nil {
		return "", err
	}
	full := join(rp, base)
	t, err := c.lstat(full)
	if err != nil {
		return "", &fs.PathError{Op: "lstat", Path: p, Err: pathErr(err)}
	}
	if t&fs.ModeSymlink != 0 {
		return c.realDir(full) // memoised like a directory: same answer
	}
	return full, nil
}
