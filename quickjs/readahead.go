package quickjs

import (
	"errors"
	"os"
	"path/filepath"
	"sync"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/fscache"
	"github.com/bmesjs/bmes/internal/resolve"
	"github.com/bmesjs/bmes/internal/sidecar"
)

// readAhead does the loader's file work ahead of QuickJS, on other
// goroutines: while the engine reads one module's bytecode, it resolves the
// imports the next modules' sidecar records list, reads their sources and
// sidecars, and decides on them. This is what the record is for: from
// source, a module's imports are known only once QuickJS has parsed it, so
// nothing can be read ahead of the parser.
//
// It changes where work happens, never what it computes. The loader asks
// readAhead for every resolution and every file it needs; readAhead hands
// back what the crawler found, waits for what it is still doing, or
// does the work itself on the caller's goroutine: each result is computed
// once, by whichever side asks first, with the same functions the loader
// would call (crawl says in which order).
//
// File contents are kept only until the loader takes them or the crawl
// stops (when Load returns): a module imported later, by import(), is read
// when it is imported. Measured on three.js's WebGPU graph (591 modules)
// from sidecars, in process: load+link 94 → 75 ms with the crawl and the
// directory listings, before the heap and the file arena took it further.
type readAhead struct {
	root       string
	resolver   *resolve.Resolver
	conditions []string
	sidecars   bool // use sidecars; without them there is nothing to read ahead

	mu       sync.Mutex
	realDirs map[string]string // directory → its real path, after Load
	// While Load runs, resolution and real paths come from one listing
	// per directory (getdents gives names and types) instead of a stat per
	// candidate name and an lstat per module: the static graph is read in
	// one go, as a snapshot. Afterwards (import() at run time, which may
	// import a file the program has just written) they come from the file
	// system itself.
	fs         *fscache.Cache
	fsResolver *resolve.Resolver
	// arena holds the files read while Load runs, all freed when it
	// returns; nil afterwards.
	arena       *fileArena
	resolutions map[resolveKey]*resolution
	files       map[string]*fileRead // by real path
	stopped     bool
	done        chan struct{} // closed when the crawler has returned
}

// resolution is one specifier resolved from one directory: the module's
// real path, or why it cannot be found.
type resolution struct {
	ready    chan struct{}
	path     string
	commonJS bool // resolved as CommonJS (a package's "main" or "require" target)
	err      error
}

// fileRead is a module's source and what its sidecar is good for, read for
// the module name name.
type fileRead struct {
	ready      chan struct{}
	name       string
	typeScript bool
	src        []byte
	err        error
	d          decision // the sidecar decision, when sidecars are used and src was read
	requests   []format.ModuleRequest
	taken      bool
}

func newReadAhead(resolver *resolve.Resolver, conditions []string, sidecars bool) *readAhead {
	return &readAhead{
		resolver:    resolver,
		conditions:  conditions,
		sidecars:    sidecars,
		realDirs:    map[string]string{},
		resolutions: map[resolveKey]*resolution{},
		files:       map[string]*fileRead{},
	}
}

// start crawls the graph below the module at the real path entry on a new
// goroutine, until stop; modules are named relative to root, as the
// runtime names them.
func (ra *readAhead) start(entry, root string) {
	ra.root = root
	ra.mu.Lock()
	ra.fs = fscache.New()
	ra.fsResolver = resolve.NewCached(ra.conditions, ra.fs)
	ra.arena = newFileArena()
	ra.mu.Unlock()
	if !ra.sidecars {
		return
	}
	ra.done = make(chan struct{})
	go func() {
		defer close(ra.done)
		ra.crawl(entry)
	}()
}

// stop ends the crawl, waits for the crawler and drops every file it read
// that the loader has not taken.
func (ra *readAhead) stop() {
	ra.mu.Lock()
	ra.stopped = true
	ra.mu.Unlock()
	if ra.done != nil {
		<-ra.done
	}
	ra.mu.Lock()
	// The loader took what it read (and is done with it: a module's bytes
	// are not used after its load returns); the rest is dropped.
	ra.files = map[string]*fileRead{}
	ra.fs, ra.fsResolver = nil, nil
	// Unmapping costs a few milliseconds (TLB shootdowns included) that
	// the program need not wait for.
	go ra.arena.release()
	ra.arena = nil
	ra.mu.Unlock()
}

// pending is one import the crawler has still to follow.
type pending struct{ importer, spec string }

// crawl visits the modules below entry depth first, each module's requests
// in record order: the order in which QuickJS's js_resolve_module asks the
// loader for them, so that the crawler works on what the engine asks for
// next. One crawler is enough: on two cores it keeps ahead of the engine,
// and two or three crawlers, sharing the stack, only took CPU from it
// (in-process load+link of the WebGPU graph: 35, 41 and 50 ms).
func (ra *readAhead) crawl(entry string) {
	f := ra.file(entry)
	stack := pushRequests(nil, entry, f.requests)
	seen := map[string]bool{entry: true}
	for len(stack) > 0 && !ra.isStopped() {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		res := ra.resolve(resolveKey{filepath.Dir(p.importer), p.spec}, p.importer)
		if res.err != nil || res.commonJS || !crawlable(res.path) || seen[res.path] {
			continue
		}
		seen[res.path] = true
		// Read here, or by the loader when it got there first: either
		// way, follow the module's imports.
		f := ra.file(res.path)
		stack = pushRequests(stack, res.path, f.requests)
	}
}

func (ra *readAhead) isStopped() bool {
	ra.mu.Lock()
	defer ra.mu.Unlock()
	return ra.stopped
}

// crawlable reports whether the loader reads the file at p as an ES module
// with a sidecar (not JSON, not CommonJS).
func crawlable(p string) bool {
	kind, _ := analyze.Classify(p)
	return kind == analyze.ESModule && filepath.Ext(p) != ".json"
}

// pushRequests pushes the static imports of the module at importer, last
// first, so that the first is popped first. Imports with attributes (JSON
// modules) are not read ahead.
func pushRequests(stack []pending, importer string, reqs []format.ModuleRequest) []pending {
	for i := len(reqs) - 1; i >= 0; i-- {
		if len(reqs[i].Attributes) == 0 {
			stack = append(stack, pending{importer, reqs[i].Specifier})
		}
	}
	return stack
}

// resolve resolves key.spec imported from importer (whose directory is
// key.dir), once per run. A failure is not kept: who waited for it sees
// it, and a later import (the program may have written the file since)
// resolves again.
func (ra *readAhead) resolve(key resolveKey, importer string) *resolution {
	ra.mu.Lock()
	if res, ok := ra.resolutions[key]; ok {
		ra.mu.Unlock()
		<-res.ready
		return res
	}
	res := &resolution{ready: make(chan struct{})}
	ra.resolutions[key] = res
	resolver, fsc := ra.resolver, ra.fs
	if fsc != nil {
		resolver = ra.fsResolver
	}
	ra.mu.Unlock()
	defer close(res.ready)
	r, err := resolver.Resolve(key.spec, importer)
	if err != nil {
		res.err = err
		ra.mu.Lock()
		delete(ra.resolutions, key)
		ra.mu.Unlock()
		return res
	}
	res.path = ra.realPath(fsc, r.Path)
	res.commonJS = r.Format == resolve.FormatCommonJS
	return res
}

// realPath returns p with symbolic links evaluated, as Node identifies
// modules by their real path: from fsc's listings when it is set, else
// with directories evaluated once per run and one lstat for the file.
func (ra *readAhead) realPath(fsc *fscache.Cache, p string) string {
	if fsc != nil {
		if rp, err := fsc.RealPath(p); err == nil {
			return rp
		}
		return p
	}
	dir, base := filepath.Split(p)
	dir = filepath.Clean(dir)
	ra.mu.Lock()
	rdir, ok := ra.realDirs[dir]
	ra.mu.Unlock()
	if !ok {
		rdir = dir
		if d, err := filepath.EvalSymlinks(dir); err == nil {
			rdir = d
		}
		ra.mu.Lock()
		ra.realDirs[dir] = rdir
		ra.mu.Unlock()
	}
	full := filepath.Join(rdir, base)
	if fi, err := os.Lstat(full); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		if t, err := filepath.EvalSymlinks(full); err == nil {
			return t
		}
	}
	return full
}

// startFile registers a read of the module at the real path p, unless one
// was registered before.
func (ra *readAhead) startFile(p string) (*fileRead, bool) {
	ra.mu.Lock()
	defer ra.mu.Unlock()
	if f, ok := ra.files[p]; ok || ra.stopped {
		return f, false
	}
	f := &fileRead{ready: make(chan struct{})}
	ra.files[p] = f
	return f, true
}

// file returns the read of the module at the real path p, doing it now if
// the crawler has not started it.
func (ra *readAhead) file(p string) *fileRead {
	f, ok := ra.startFile(p)
	if ok {
		ra.readFile(f, p)
	} else if f != nil {
		<-f.ready
	} else { // stopped: nothing is kept
		f = &fileRead{ready: make(chan struct{})}
		ra.readFile(f, p)
	}
	return f
}

// take returns the source of the module at the real path p, named name,
// and the decision on its sidecar (when sidecars are used), reading them
// unless the crawler did. The bytes are the loader's from then on.
func (ra *readAhead) take(p, name string) ([]byte, decision, error) {
	f := ra.file(p)
	ra.mu.Lock()
	if f.taken || f.name != name {
		// Taken before (the loader reads a module once, but may retry a
		// module whose load failed), or read under the name a module at
		// this path usually has and this one does not: read again.
		ra.mu.Unlock()
		f = &fileRead{ready: make(chan struct{})}
		ra.readFileAs(f, p, name)
	} else {
		f.taken = true
		ra.mu.Unlock()
	}
	src, d, err := f.src, f.d, f.err
	ra.mu.Lock()
	f.src, f.d = nil, decision{}
	ra.mu.Unlock()
	return src, d, err
}

// readFile reads the module at p under the name the runtime gives it.
func (ra *readAhead) readFile(f *fileRead, p string) {
	ra.readFileAs(f, p, ModuleName(ra.root, p))
}

// readFileAs reads the module at p and decides on its sidecar as the
// loader would for a module named name; with a usable sidecar, its
// record's requests are decoded for the crawl. It marks f ready.
func (ra *readAhead) readFileAs(f *fileRead, p, name string) {
	defer close(f.ready)
	f.name = name
	_, loader := analyze.Classify(p)
	f.typeScript = loader != analyze.LoaderJS
	ra.mu.Lock()
	arena := ra.arena
	ra.mu.Unlock()
	f.src, f.err = readFileInto(p, arena.alloc)
	if f.err != nil || !ra.sidecars {
		return
	}
	sc, err := readFileInto(sidecar.Path(p), arena.alloc)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return
	case err != nil:
		f.d = decision{reason: ReasonUnreadable}
		return
	}
	var run *format.Runnable
	f.d, run = decideRunnable(sc, f.src, name, f.typeScript)
	if f.d.bytecode != nil {
		if rec, err := run.Record(); err == nil {
			f.requests = rec.RequestedModules
		}
	}
}
