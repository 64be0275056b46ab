// Package precompile walks the ES module graph under a set of roots and keeps
// a .bmes sidecar beside every module: written when missing or stale, left
// alone when fresh, removed when its source is no longer a valid module.
//
// Run is the whole of bmes-precompile; the command only parses flags and
// formats the Events and the Report. A run reads and hashes every module
// once; only modules whose sidecar is not fresh are analysed, so a run over
// an unchanged tree costs little more than reading it.
package precompile

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/bmesjs/bmes/diag"
	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/esm"
	"github.com/bmesjs/bmes/internal/fscache"
	"github.com/bmesjs/bmes/internal/resolve"
	"github.com/bmesjs/bmes/internal/sidecar"
	"github.com/bmesjs/bmes/internal/wholefile"
	"github.com/bmesjs/bmes/nodecache"
)

// Mode says what a run does with what it finds.
type Mode uint8

const (
	// Write brings every sidecar up to date.
	Write Mode = iota
	// Check writes and removes nothing; the report lists missing, stale and
	// orphan sidecars, and Report.OK is false if there is any. The CI gate.
	Check
	// DryRun writes and removes nothing but reports what Write would do.
	DryRun
)

// Options configures a run.
type Options struct {
	// Roots are directories to walk or files to analyse. A file root is
	// analysed whatever the globs say. Nothing outside the roots is ever
	// written, removed or analysed.
	Roots []string
	// Include and Exclude select files under directory roots (see Filter);
	// nil means DefaultInclude and DefaultExclude.
	Include, Exclude []string
	// Deps follows bare imports into node_modules folders inside the roots,
	// by Node's ES module resolution, and precompiles what they reach.
	Deps bool
	// Conditions are the package.json "exports" conditions Deps matches
	// besides "default"; nil means resolve.DefaultConditions.
	Conditions []string
	// Jobs is how many modules are read and analysed at once; 0 means
	// GOMAXPROCS.
	Jobs int
	// Mode is Write, Check or DryRun.
	Mode Mode
	// Clean removes orphan sidecars, whose source is gone (in DryRun,
	// reports that it would).
	Clean bool
	// Events, when set, receives every event as it happens, one call at a
	// time (never concurrently), in no particular order between files.
	Events func(Event)
	// Link runs ECMA-262's module linking over the graph the run reached,
	// after the walk, with the records it analysed or read from fresh
	// sidecars: an import of a file that does not exist (with Deps, of a
	// package that does not resolve), of a name the target does not export,
	// an ambiguous or circular one, a JSON module imported by name, are
	// errors at the import or export that causes them. Targets whose
	// exports cannot be known (CommonJS, packages without Deps, files
	// outside the roots) are ActionUnchecked events. See package link.
	Link bool
	// NodeCache, when set (and Mode is Write), writes Node's compile cache
	// for the graph after the walk: see package nodecache. Its Modules are
	// filled in by the run.
	NodeCache *nodecache.Options
	// Analyzer is reused when set, so that a long-lived caller keeps its
	// tsconfig cache; nil means a new one.
	Analyzer *analyze.Analyzer
	// Engines are the engines whose bytecode every sidecar carries (one
	// section each), compiled from the JavaScript the record describes.
	// They are part of the options hash: asking for other engines makes
	// existing sidecars stale. A module an engine cannot compile gets its
	// sidecar without that section, and a warning.
	Engines []Engine
}

// An Engine compiles modules to one engine's bytecode, for the bytecode
// sections of sidecars (format SPEC.md section 7). It must be safe for
// concurrent use. quickjs.NewEngine returns the QuickJS one.
type Engine interface {
	// Tag names exactly the engine build the bytecode is for.
	Tag() format.EngineTag
	// ModuleName is the name the engine's runtime gives the module at an
	// absolute path; the module is compiled under it. root is the
	// directory of the Options.Roots entry that holds the module (a file
	// root's directory), for engines that name modules relative to a
	// project directory: the same tree anywhere gives the same names.
	ModuleName(path, root string) string
	// Compile compiles one module's JavaScript without running it and
	// returns the section's payload.
	Compile(name string, code []byte) ([]byte, error)
	// Conditions are the package.json conditions the engine's runtime
	// resolves bare imports with. With Deps, bare imports are also followed
	// as they resolve under these, so that every module that runtime loads
	// is precompiled; nil adds nothing.
	Conditions() []string
}

// Action is what happened to a file. The values are the "Action" field of
// bmes-precompile -json.
type Action string

const (
	ActionWrite   Action = "write"   // sidecar written (DryRun: would be)
	ActionFresh   Action = "fresh"   // sidecar valid for its source; nothing written
	ActionError   Action = "error"   // not a valid module, unreadable, symlink loop, …; exit code 1
	ActionWarning Action = "warning" // a problem that does not stop the sidecar (tsconfig base not found)
	ActionRemove  Action = "remove"  // sidecar removed: invalid module, orphan with Clean, crashed run's temp file
	ActionSkip    Action = "skip"    // CommonJS, declaration file, symlink out of the roots: not analysed
	ActionMissing Action = "missing" // Check: a module has no sidecar
	ActionStale   Action = "stale"   // Check: a module's sidecar does not match it
	ActionOrphan  Action = "orphan"  // a sidecar whose source is gone
	// ActionUnchecked: Link could not check an import (its target is
	// CommonJS, a package without Deps, outside the roots); Message says
	// which and why.
	ActionUnchecked Action = "unchecked"
)

// Event is one thing that happened to one file. Paths are relative to the
// working directory when the root was given that way or lies below it, as
// given otherwise.
type Event struct {
	Action  Action
	File    string // the source file (or directory, for walk errors)
	Sidecar string // the sidecar concerned, if any
	Line    int    // 1-based position of an error, 0 if it concerns the whole file
	Col     int
	Message string // why: the diagnostic, "CommonJS", "source changed", …
	DryRun  bool   // nothing was actually written or removed
}

// Report sums up a run.
type Report struct {
	Mode     Mode
	Modules  int // ES modules found: written + fresh + failed (+ missing + stale in Check)
	Written  int // sidecars written (DryRun: would be)
	Fresh    int // sidecars already valid, left alone
	Failed   int // files and paths with errors (each counted once)
	CommonJS int // CommonJS files reached and skipped
	Removed  int // sidecars removed (DryRun: would be), temp files excluded
	Missing  int // Check: modules without a sidecar
	Stale    int // Check: sidecars that do not match their module (including an invalid module's)
	Orphans  int // sidecars whose source is gone (removed with Clean)
	// NodeCache is what Options.NodeCache wrote, nil if it did not run.
	NodeCache *nodecache.Result
	// Diagnostics are the errors, sorted by file and position.
	Diagnostics diag.List
	// Warnings are problems that did not stop a sidecar, sorted, each once.
	Warnings diag.List
	Elapsed  time.Duration
	// With Link: the modules linked, the link errors found (also in
	// Diagnostics) and the time the link step took, within Elapsed.
	Linked      int
	LinkErrors  int
	LinkElapsed time.Duration
}

// OK reports whether the run succeeded: no errors and, in Check mode,
// every sidecar present and valid and none orphaned.
func (r *Report) OK() bool {
	if r.Failed > 0 {
		return false
	}
	if r.Mode == Check {
		return r.Missing == 0 && r.Stale == 0 && r.Orphans == 0
	}
	return true
}

// tempMaxAge is how old a temporary sidecar must be before a run removes
// it. A crashed run's temp files are old by the time anyone looks; a
// younger one may belong to a run going on right now, whose rename would
// fail if we removed it under it.
const tempMaxAge = time.Minute

// Run precompiles the module graph under opts.Roots. Problems with files
// are not errors: they are events and Report.Diagnostics, and Report.OK
// tells success. The error is for options that make no sense (no roots, a
// bad glob) and for ctx's cancellation.
func Run(ctx context.Context, opts Options) (*Report, error) {
	start := time.Now()
	if len(opts.Roots) == 0 {
		return nil, errors.New("precompile: no roots given")
	}
	filter, err := NewFilter(opts.Include, opts.Exclude)
	if err != nil {
		return nil, fmt.Errorf("precompile: %w", err)
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("precompile: %w", err)
	}
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.GOMAXPROCS(0)
	}
	writers := max(4, 2*jobs)
	// One view of the file system for the whole run: every directory is
	// listed and resolved once, by the walk or by the first import that
	// probes it, however many files and imports ask about it.
	view := fscache.New()
	r := &run{
		ctx:      ctx,
		opts:     opts,
		filter:   filter,
		analyzer: opts.Analyzer,
		fs:       view,
		resolver: resolve.NewCached(opts.Conditions, view),
		engines:  make([]sidecar.Engine, len(opts.Engines)),
		seen:     map[string]*module{},
		dirs:     map[string]bool{},
		warned:   map[string]bool{},
		report:   &Report{Mode: opts.Mode},
	}
	if r.analyzer == nil {
		r.analyzer = analyze.New()
	}
	for i, e := range opts.Engines {
		r.engines[i] = e
		if c := e.Conditions(); c != nil && !slices.Equal(c, opts.Conditions) {
			r.engineResolvers = append(r.engineResolvers, resolve.NewCached(c, view))
		}
	}
	if opts.Link {
		r.links = newLinkState()
	}
	r.q.cond.L = &r.q.mu
	r.q.pending = 1 // the walk itself, released when it ends
	r.setRoots(cwd)

	var g errgroup.Group
	g.Go(func() error {
		defer r.q.done()
		for i := range r.roots {
			if ctx.Err() != nil {
				break
			}
			rt := &r.roots[i]
			if rt.dir {
				r.walkDir(rt.real, ".")
			} else {
				r.visit(rt.real, false, resolve.FormatUnknown, true)
			}
		}
		return nil
	})
	// Writers: creating a file costs more kernel time than analysing a
	// small module costs user time, and much of it is spent waiting (on the
	// directory's lock, the journal), so sidecars are written by their own
	// goroutines, more of them than there are CPUs, while the workers go
	// on analysing. The channel is short so that memory stays flat: a
	// worker that gets ahead of the disk waits.
	r.writes = make(chan writeJob, 4*writers)
	var wg errgroup.Group
	for range writers {
		wg.Go(func() error {
			for w := range r.writes {
				r.write(w)
			}
			return nil
		})
	}
	for range jobs {
		g.Go(func() error {
			var w worker
			for {
				m, ok := r.q.pop()
				if !ok {
					return nil
				}
				if ctx.Err() == nil {
					r.process(&w, m)
				}
				r.q.done()
			}
		})
	}
	g.Wait()
	close(r.writes)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if r.links != nil {
		r.linkGraph()
	}
	if opts.NodeCache != nil && opts.Mode == Write {
		r.nodeCache()
	}
	r.finish()
	r.report.Elapsed = time.Since(start)
	return r.report, nil
}

// root is one of Options.Roots.
type root struct {
	given string // as shown in events: relative to the working directory when possible
	real  string // absolute, symbolic links evaluated (a file root's own name is kept)
	dir   bool
}

// module is one file reached by the walk or an import.
type module struct {
	abs       string // real path
	root      bool   // named on the command line
	scheduled bool   // queued for processing
	cjs       bool   // reached only as CommonJS (by -deps resolution) so far
	detected  uint8  // for a .js file resolved as CommonJS: whether it has module syntax (detect*)
}

// run is the state of one Run.
type run struct {
	ctx      context.Context
	opts     Options
	filter   *Filter
	analyzer *analyze.Analyzer
	resolver *resolve.Resolver
	fs       *fscache.Cache
	engines  []sidecar.Engine
	// engineResolvers resolve bare imports as the engines' runtimes do,
	// where their conditions differ from Options.Conditions.
	engineResolvers []*resolve.Resolver
	roots           []root
	q               queue
	// fileRoots and dirRoots index roots by real path, for rootOf.
	fileRoots, dirRoots map[string]*root

	mu     sync.Mutex
	seen   map[string]*module // by real path: each module is processed once
	dirs   map[string]bool    // real directories walked, so that symlinks cannot loop
	warned map[string]bool
	report *Report
	links  *linkState // what Options.Link needs; nil without it

	evMu sync.Mutex // serialises opts.Events

	writes chan writeJob // sidecars to write, for the writer goroutines
}

// worker is what one analysing goroutine keeps from module to module: the
// buffers sources and sidecars are read into, so that reading a tree
// allocates per worker rather than per file. Nothing read into them
// outlives the module: records are built and decoded into their own
// memory.
type worker struct {
	src, sidecar []byte
}

// writeJob is one sidecar to write, with what its events say.
type writeJob struct {
	path, name, scName, why string
	data                    []byte
}

// setRoots resolves the roots. A root that does not exist is an error event,
// and the others still run.
func (r *run) setRoots(cwd string) {
	for _, arg := range r.opts.Roots {
		given := filepath.Clean(arg)
		abs := given
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(cwd, abs)
		} else if rel, err := filepath.Rel(cwd, abs); err == nil && filepath.IsLocal(rel) {
			given = rel
		}
		t, err := r.fs.Stat(abs)
		if err != nil {
			r.fail(given, 0, 0, "cannot read root: "+errText(err))
			continue
		}
		rt := root{given: given, dir: t.IsDir()}
		if rt.dir {
			rt.real, err = r.fs.RealPath(abs)
		} else {
			// A file root keeps its own name: when it is a symbolic link, its
			// target must lie in the roots for a sidecar to be written there.
			var dir string
			dir, err = r.fs.RealDir(filepath.Dir(abs))
			rt.real = filepath.Join(dir, filepath.Base(abs))
		}
		if err != nil {
			r.fail(given, 0, 0, "cannot resolve root: "+errText(err))
			continue
		}
		r.roots = append(r.roots, rt)
	}
	r.fileRoots = map[string]*root{}
	r.dirRoots = map[string]*root{}
	for i := range r.roots {
		if rt := &r.roots[i]; rt.dir {
			r.dirRoots[rt.real] = rt
		} else {
			r.fileRoots[rt.real] = rt
		}
	}
}

// rootOf returns the innermost root holding the real path p, or nil. It
// looks p and its parent directories up in maps rather than scanning the
// roots, since `bmes-precompile $(git ls-files '*.js')` names thousands.
func (r *run) rootOf(p string) *root {
	if rt := r.fileRoots[p]; rt != nil {
		return rt
	}
	for d := p; ; {
		if rt := r.dirRoots[d]; rt != nil {
			return rt
		}
		parent := filepath.Dir(d)
		if parent == d {
			return nil
		}
		d = parent
	}
}

// within reports whether p lies strictly below the directory dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && filepath.IsLocal(rel)
}

// engineRoot is the directory engines may name the module at p relative
// to: its root, or a file root's directory.
func (r *run) engineRoot(p string) string {
	rt := r.rootOf(p)
	switch {
	case rt == nil:
		return ""
	case rt.dir:
		return rt.real
	}
	return filepath.Dir(rt.real)
}

// display returns the path events show for the real path p.
func (r *run) display(p string) string {
	rt := r.rootOf(p)
	if rt == nil {
		return p
	}
	if p == rt.real {
		return rt.given
	}
	rel, _ := filepath.Rel(rt.real, p)
	return filepath.Join(rt.given, rel)
}

func (r *run) emit(e Event) {
	if r.opts.Events == nil {
		return
	}
	r.evMu.Lock()
	defer r.evMu.Unlock()
	r.opts.Events(e)
}

// fail records an error about one file (or directory) and emits it.
func (r *run) fail(file string, line, col int, msg string) {
	r.mu.Lock()
	r.report.Failed++
	r.report.Diagnostics.Add(file, line, col, msg)
	r.mu.Unlock()
	r.emit(Event{Action: ActionError, File: file, Line: line, Col: col, Message: msg})
}

// failErr records err, a diag.List from analysis or any other error, as the
// errors of one file.
func (r *run) failErr(file string, err error) {
	var list diag.List
	if !errors.As(err, &list) || len(list) == 0 {
		// Errors from the sidecar and analyze packages often start with
		// the name already.
		r.fail(file, 0, 0, strings.TrimPrefix(err.Error(), file+": "))
		return
	}
	r.mu.Lock()
	r.report.Failed++
	for _, d := range list {
		f := d.File
		if f == "" {
			f = file
		}
		r.report.Diagnostics.Add(f, d.Line, d.Col, d.Msg)
	}
	r.mu.Unlock()
	for _, d := range list {
		f := d.File
		if f == "" {
			f = file
		}
		r.emit(Event{Action: ActionError, File: f, Line: d.Line, Col: d.Col, Message: d.Msg})
	}
}

// warn records a warning once per run: a tsconfig problem is reported by
// the Plan of every file under it.
func (r *run) warn(d *diag.Diagnostic) {
	key := d.Error()
	r.mu.Lock()
	if r.warned[key] {
		r.mu.Unlock()
		return
	}
	r.warned[key] = true
	r.report.Warnings = append(r.report.Warnings, d)
	r.mu.Unlock()
	r.emit(Event{Action: ActionWarning, File: d.File, Line: d.Line, Col: d.Col, Message: d.Msg})
}

// warnf records a warning about one file.
func (r *run) warnf(file, msg string) {
	r.warn(&diag.Diagnostic{File: file, Msg: msg})
}

func (r *run) count(f func(*Report)) {
	r.mu.Lock()
	f(r.report)
	r.mu.Unlock()
}

// visit queues the file at p for processing unless it was already reached.
// real says p has no symbolic link in it (the walk found it as a regular
// file). format is how an import reached it: a file reached only as
// CommonJS is counted and skipped at the end, unless some ES module import
// reaches it too, so that the outcome does not depend on which importer was
// processed first.
func (r *run) visit(p string, real bool, format resolve.Format, isRoot bool) {
	if !real {
		rp, err := r.fs.RealPath(p)
		if err != nil {
			r.fail(r.display(p), 0, 0, "cannot resolve: "+errText(err))
			return
		}
		if rp != p && r.rootOf(rp) == nil {
			r.emit(Event{Action: ActionSkip, File: r.display(p), Message: "symbolic link to " + rp + ", outside the roots: not followed"})
			return
		}
		p = rp
	}
	r.mu.Lock()
	m := r.seen[p]
	if m == nil {
		m = &module{abs: p}
		r.seen[p] = m
	}
	m.root = m.root || isRoot
	if m.scheduled {
		r.mu.Unlock()
		return
	}
	if format == resolve.FormatCommonJS && !isRoot {
		if m.detected == detectUnknown && filepath.Ext(p) == ".js" {
			// Decided once per file, outside the lock: a parse.
			r.mu.Unlock()
			d := detectCommonJS
			if hasModuleSyntax(p) {
				d = detectModule
			}
			r.mu.Lock()
			if m.detected == detectUnknown {
				m.detected = d
			}
		}
		if m.detected != detectModule {
			m.cjs = true
			r.mu.Unlock()
			return
		}
		if m.scheduled {
			r.mu.Unlock()
			return
		}
	}
	m.scheduled = true
	r.mu.Unlock()
	r.q.push(m)
}

// Outcomes of module syntax detection (module.detected).
const (
	detectUnknown uint8 = iota
	detectModule
	detectCommonJS
)

// hasModuleSyntax tells, as Node's module syntax detection does (the
// default since Node 22.7 and 20.19), whether a .js file that Node's
// resolution calls CommonJS (a package without "type": "module") is an ES
// module after all: it parses as one and has import or export
// declarations, import.meta or top-level await. Such files (rxjs's esm5
// build, for one) then get sidecars like any module. An `export {}` leaves
// no entry in the record, so a file that parses as a module and holds
// `export {` counts too; at worst a CommonJS file gets a sidecar that no
// runtime loading it as CommonJS reads.
func hasModuleSyntax(p string) bool {
	src, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	rec, err := esm.Parse(p, src)
	if err != nil {
		return false
	}
	return rec.ModuleSyntax() || emptyExport.Match(src)
}

// emptyExport finds `export {}`, module syntax that leaves no record entry.
var emptyExport = regexp.MustCompile(`(?:^|[^\w$.])export\s*\{`)

// finish counts the files reached only as CommonJS and sorts the report.
func (r *run) finish() {
	var cjs []string
	for p, m := range r.seen {
		if m.cjs && !m.scheduled {
			cjs = append(cjs, p)
		}
	}
	sort.Strings(cjs)
	for _, p := range cjs {
		r.report.CommonJS++
		r.emit(Event{Action: ActionSkip, File: r.display(p), Message: "CommonJS"})
	}
	r.report.Diagnostics.Sort()
	r.report.Warnings.Sort()
}

// process brings the sidecar of one module up to date (or, in Check and
// DryRun, says what that would take), then follows its imports.
func (r *run) process(w *worker, m *module) {
	name := r.display(m.abs)
	kind, _ := analyze.Classify(m.abs)
	switch kind {
	case analyze.CommonJS:
		r.count(func(rep *Report) { rep.CommonJS++ })
		r.emit(Event{Action: ActionSkip, File: name, Message: "CommonJS"})
		return
	case analyze.Declaration:
		r.emit(Event{Action: ActionSkip, File: name, Message: "declaration file"})
		return
	case analyze.NotJS:
		// JSON, CSS and the like, reached by an import: not ours. Named on
		// the command line, it is a mistake worth an error.
		if m.root {
			r.fail(name, 0, 0, "not a JavaScript or TypeScript module")
		}
		return
	}
	rec := r.update(w, m.abs, name)
	if r.links != nil {
		r.links.noteRecord(m.abs, rec)
	}
	if rec != nil {
		r.follow(m.abs, rec)
	}
}

// update does the work of process for an ES module and returns its record,
// or nil when it is not a valid module.
//
// This is the one place a sidecar is made: read the source, plan, check
// the sidecar present, analyse and encode (sidecar.Build), then write it
// atomically (r.write, on a writer goroutine).
func (r *run) update(w *worker, abs, name string) *format.Record {
	src, err := wholefile.Read(abs, w.src)
	if err != nil {
		r.fail(name, 0, 0, "cannot read: "+errText(err))
		return nil
	}
	plan, err := r.analyzer.Plan(abs)
	if err != nil {
		r.count(func(rep *Report) { rep.Modules++ })
		r.failErr(name, err)
		r.dropSidecar(abs, name, "cannot analyse")
		return nil
	}
	for _, w := range plan.Warnings {
		r.warn(w)
	}
	w.src = src[:0]
	spec := sidecar.Spec{Plan: plan, Engines: r.engines, Root: r.engineRoot(abs)}
	scPath := sidecar.Path(abs)
	scName := name + sidecar.Ext
	// The directory's listing tells whether there is a sidecar to read: a
	// cold run opens no file it does not find.
	var existing []byte
	_, err = r.fs.Lstat(scPath)
	if !errors.Is(err, fs.ErrNotExist) {
		existing, err = wholefile.Read(scPath, w.sidecar)
		if existing != nil {
			w.sidecar = existing[:0]
		}
	}
	exists := err == nil || !errors.Is(err, fs.ErrNotExist)
	if exists {
		if rec := sidecar.FreshRecord(existing, src, spec); rec != nil {
			r.count(func(rep *Report) { rep.Modules++; rep.Fresh++ })
			r.emit(Event{Action: ActionFresh, File: name, Sidecar: scName})
			return rec
		}
	}
	// Why the sidecar present, if any, cannot be used: its events say so.
	var why string
	if exists {
		why = staleReason(existing, err, src, spec.OptionsHash())
	}

	data, res, warnings, err := sidecar.BuildFor(spec, name, src)
	for _, w := range warnings {
		r.warn(w)
	}
	if err != nil {
		r.count(func(rep *Report) { rep.Modules++ })
		r.failErr(name, err)
		if exists {
			r.dropSidecar(abs, name, "sidecar of an invalid module")
		}
		return nil
	}
	switch {
	case r.opts.Mode == Check && exists:
		r.count(func(rep *Report) { rep.Modules++; rep.Stale++ })
		r.emit(Event{Action: ActionStale, File: name, Sidecar: scName, Message: why, DryRun: true})
	case r.opts.Mode == Check:
		r.count(func(rep *Report) { rep.Modules++; rep.Missing++ })
		r.emit(Event{Action: ActionMissing, File: name, Sidecar: scName, Message: "no sidecar", DryRun: true})
	case r.opts.Mode == DryRun:
		r.count(func(rep *Report) { rep.Modules++; rep.Written++ })
		r.emit(Event{Action: ActionWrite, File: name, Sidecar: scName, Message: why, DryRun: true})
	default:
		r.writes <- writeJob{path: scPath, name: name, scName: scName, why: why, data: data}
	}
	return res.Record
}

// write stores one sidecar, on a writer goroutine, and reports it.
func (r *run) write(w writeJob) {
	if r.ctx.Err() != nil {
		return
	}
	if err := sidecar.Write(w.path, w.data); err != nil {
		r.count(func(rep *Report) { rep.Modules++ })
		r.fail(w.name, 0, 0, "cannot write sidecar: "+errText(err))
		return
	}
	r.count(func(rep *Report) { rep.Modules++; rep.Written++ })
	r.emit(Event{Action: ActionWrite, File: w.name, Sidecar: w.scName, Message: w.why})
}

// staleReason tells why an existing sidecar is not fresh, for the events.
func staleReason(existing []byte, readErr error, src []byte, optionsHash uint64) string {
	if readErr != nil {
		return "cannot read sidecar: " + errText(readErr)
	}
	_, err := format.Validate(existing, src, format.Expect{Producer: analyze.Producer, OptionsHash: optionsHash})
	switch {
	case err == nil:
		return "sidecar rewritten"
	case errors.Is(err, format.ErrStale):
		return "source changed"
	case errors.Is(err, format.ErrOptionsMismatch):
		return "options or producer changed"
	case errors.Is(err, format.ErrUnsupportedVersion):
		return "sidecar from another format version"
	case errors.Is(err, format.ErrNotSidecar), errors.Is(err, format.ErrCorrupt):
		return "sidecar corrupt"
	}
	return err.Error()
}

// dropSidecar removes the sidecar of a file that is not a valid module, so
// that a runtime parses it and reports the SyntaxError itself.
func (r *run) dropSidecar(abs, name, why string) {
	scPath := sidecar.Path(abs)
	if _, err := os.Lstat(scPath); err != nil {
		return
	}
	scName := name + sidecar.Ext
	switch r.opts.Mode {
	case Check:
		r.count(func(rep *Report) { rep.Stale++ })
		r.emit(Event{Action: ActionStale, File: name, Sidecar: scName, Message: why, DryRun: true})
	case DryRun:
		r.count(func(rep *Report) { rep.Removed++ })
		r.emit(Event{Action: ActionRemove, File: name, Sidecar: scName, Message: why, DryRun: true})
	default:
		if err := sidecar.Remove(scPath); err != nil {
			r.fail(scName, 0, 0, "cannot remove sidecar: "+errText(err))
			return
		}
		r.count(func(rep *Report) { rep.Removed++ })
		r.emit(Event{Action: ActionRemove, File: name, Sidecar: scName, Message: why})
	}
}

// follow visits the modules rec imports, statically or by import() with a
// string: relative ones always, bare ones with Deps. Only files inside the
// roots are visited; a specifier that resolves nowhere is left to the
// runtime to report.
func (r *run) follow(importer string, rec *format.Record) {
	specs := make([]string, 0, len(rec.RequestedModules)+len(rec.DynamicImports))
	for _, m := range rec.RequestedModules {
		specs = append(specs, m.Specifier)
	}
	for _, d := range rec.DynamicImports {
		if d.Known {
			specs = append(specs, d.Specifier)
		}
	}
	var targets []importTarget
	if r.links != nil {
		targets = make([]importTarget, len(specs))
	}
	for i, spec := range specs {
		t := r.resolveImport(r.resolver, importer, spec)
		if targets != nil {
			targets[i] = t
		}
		if t.follow {
			r.visit(t.real, true, t.format, false)
		}
		if resolve.IsBare(spec) && r.opts.Deps {
			for _, res := range r.engineResolvers {
				if t := r.resolveImport(res, importer, spec); t.follow {
					r.visit(t.real, true, t.format, false)
				}
			}
		}
	}
	if targets != nil {
		r.links.noteImports(importer, targets)
	}
}

func inNodeModules(p string) bool {
	return strings.Contains(filepath.ToSlash(p), "/node_modules/")
}

// errText is err's message without the path an *fs.PathError repeats: the
// event names the file already.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
