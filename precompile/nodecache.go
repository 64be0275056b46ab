package precompile

import (
	"path/filepath"
	"sort"

	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/nodecache"
)

// nodeCache writes Node's compile cache for the graph the walk found (see
// Options.NodeCache): every module reached, ES module or CommonJS, is an
// entry point for Node's own loader, which follows what it imports and
// requires from there. A module Node cannot compile is a warning (Node
// will report it when the app starts); a run that cannot happen at all is
// an error.
func (r *run) nodeCache() {
	var mods []string
	for p, m := range r.seen {
		if !m.scheduled && !m.cjs {
			continue
		}
		switch kind, _ := analyze.Classify(p); kind {
		case analyze.NotJS, analyze.Declaration:
			continue
		}
		mods = append(mods, p)
	}
	sort.Strings(mods)
	opts := *r.opts.NodeCache
	opts.Modules = mods
	res, err := nodecache.Generate(r.ctx, opts)
	if err != nil {
		r.fail(opts.Dir, 0, 0, err.Error())
		return
	}
	r.report.NodeCache = res
	for _, e := range res.Errors {
		name := e.File
		if filepath.IsAbs(name) {
			name = r.display(name)
		}
		r.warnf(name, "Node cannot compile it, so it has no compile cache entry: "+e.Message)
	}
}
