package precompile

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bmesjs/bmes/internal/resolve"
	"github.com/bmesjs/bmes/internal/sidecar"
)

// walkDir lists the real directory dir, at relDir (slash-separated) under
// its root, queues the files the filter selects and descends into the
// directories it does not prune. Excluded directories are never opened.
// Listing is cheap next to analysis, so one goroutine walks while the
// workers analyse what it has found so far.
func (r *run) walkDir(dir, relDir string) {
	if r.ctx.Err() != nil {
		return
	}
	r.mu.Lock()
	walked := r.dirs[dir]
	r.dirs[dir] = true
	r.mu.Unlock()
	if walked {
		return // reached again through a symbolic link
	}
	entries, err := r.fs.ReadDir(dir)
	if err != nil {
		r.fail(r.display(dir), 0, 0, "cannot read directory: "+errText(err))
		return
	}
	// ReadDir sorts by name, so the walk, and the order in which work is
	// queued, is the same from run to run.
	for _, e := range entries {
		name := e.Name()
		p := filepath.Join(dir, name)
		rel := path.Join(relDir, name)
		switch t := e.Type(); {
		case t.IsDir():
			if !r.filter.SkipDir(rel) {
				r.walkDir(p, rel)
			}
		case t&fs.ModeSymlink != 0:
			r.walkLink(dir, p, rel)
		case t.IsRegular():
			r.walkFile(p, rel, name)
		}
	}
}

// walkLink handles a symbolic link found in dir. A link to a directory
// inside the roots is walked (each real directory once); a link leading out
// of the roots is not followed, since nothing is written outside them; a
// link that loops ends that branch with an error.
func (r *run) walkLink(dir, p, rel string) {
	t, err := r.fs.Stat(p)
	switch {
	case errors.Is(err, syscall.ELOOP):
		r.fail(r.display(p), 0, 0, "symbolic link loop")
		return
	case err != nil:
		// A dangling link: worth a word only if it looks like a module.
		if r.filter.Match(rel) {
			r.emit(Event{Action: ActionSkip, File: r.display(p), Message: "dangling symbolic link: " + errText(err)})
		}
		return
	}
	if !t.IsDir() {
		if t.IsRegular() && r.filter.Match(rel) {
			r.visit(p, false, resolve.FormatUnknown, false)
		}
		return
	}
	if r.filter.SkipDir(rel) {
		return
	}
	target, err := r.fs.RealPath(p)
	if err != nil {
		r.fail(r.display(p), 0, 0, "cannot resolve symbolic link: "+errText(err))
		return
	}
	if target == dir || within(dir, target) {
		r.fail(r.display(p), 0, 0, "symbolic link loop: points to "+r.display(target)+", which contains it")
		return
	}
	if r.rootOf(target) == nil {
		r.emit(Event{Action: ActionSkip, File: r.display(p), Message: "symbolic link to " + target + ", outside the roots: not followed"})
		return
	}
	r.walkDir(target, rel)
}

// walkFile handles a regular file: a module the filter selects is queued; a
// sidecar whose source is gone is an orphan; a crashed run's temporary
// sidecar is removed.
func (r *run) walkFile(p, rel, name string) {
	switch {
	case sidecar.IsTemp(name):
		r.removeTemp(p)
	case strings.HasSuffix(name, sidecar.Ext):
		r.orphan(p)
	case r.filter.Match(rel):
		r.visit(p, true, resolve.FormatUnknown, false)
	}
}

// removeTemp deletes a temporary sidecar left by a crashed run, unless it
// is young enough to belong to a run going on now (see tempMaxAge). Only
// Write mode touches it.
func (r *run) removeTemp(p string) {
	if r.opts.Mode != Write {
		return
	}
	fi, err := os.Lstat(p)
	if err != nil || time.Since(fi.ModTime()) < tempMaxAge {
		return
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
		r.fail(r.display(p), 0, 0, "cannot remove temporary file: "+errText(err))
		return
	}
	r.emit(Event{Action: ActionRemove, File: r.display(p), Message: "temporary file of an interrupted run"})
}

// orphan handles the sidecar at p: nothing if its source exists, else an
// orphan, removed with Clean.
func (r *run) orphan(p string) {
	src := strings.TrimSuffix(p, sidecar.Ext)
	if _, err := r.fs.Lstat(src); !errors.Is(err, fs.ErrNotExist) {
		return
	}
	name := r.display(p)
	srcName := strings.TrimSuffix(name, sidecar.Ext)
	switch {
	case r.opts.Clean && r.opts.Mode == Write:
		if err := sidecar.Remove(p); err != nil {
			r.fail(name, 0, 0, "cannot remove orphan sidecar: "+errText(err))
			return
		}
		r.count(func(rep *Report) { rep.Orphans++; rep.Removed++ })
		r.emit(Event{Action: ActionRemove, File: srcName, Sidecar: name, Message: "orphan: source is gone"})
	case r.opts.Clean && r.opts.Mode == DryRun:
		r.count(func(rep *Report) { rep.Orphans++; rep.Removed++ })
		r.emit(Event{Action: ActionRemove, File: srcName, Sidecar: name, Message: "orphan: source is gone", DryRun: true})
	default:
		r.count(func(rep *Report) { rep.Orphans++ })
		r.emit(Event{Action: ActionOrphan, File: srcName, Sidecar: name, Message: "source is gone", DryRun: r.opts.Mode != Write})
	}
}

// queue is the work list of a run: the walk and the workers following
// imports push modules, the workers pop them. pending counts modules pushed
// and not yet done, plus one for the walk; at zero no more work can appear
// and pop reports the end. A queue rather than one goroutine per module
// keeps memory flat on trees of a hundred thousand files, and avoids the
// deadlock of errgroup's SetLimit when workers add work.
type queue struct {
	mu      sync.Mutex
	cond    sync.Cond
	items   []*module
	pending int
}

func (q *queue) push(m *module) {
	q.mu.Lock()
	q.items = append(q.items, m)
	q.pending++
	q.mu.Unlock()
	q.cond.Signal()
}

// pop returns the next module, waiting for one, or false when all work is
// done.
func (q *queue) pop() (*module, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && q.pending > 0 {
		q.cond.Wait()
	}
	if len(q.items) == 0 {
		return nil, false
	}
	m := q.items[0]
	q.items[0] = nil
	q.items = q.items[1:]
	return m, true
}

// done marks one pushed module (or the walk) finished.
func (q *queue) done() {
	q.mu.Lock()
	q.pending--
	end := q.pending == 0
	q.mu.Unlock()
	if end {
		q.cond.Broadcast()
	}
}
