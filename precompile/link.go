package precompile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bmesjs/bmes/diag"
	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/locate"
	"github.com/bmesjs/bmes/internal/resolve"
	"github.com/bmesjs/bmes/link"
)

// linkState is what the walk keeps for Options.Link: the record of every
// module it reached (analysed or decoded from a fresh sidecar, so that a
// run over an unchanged tree parses nothing) and where each of their
// imports resolved, as follow found it.
type linkState struct {
	mu      sync.Mutex
	records map[string]*format.Record // real path → record of a valid ES module
	invalid map[string]bool           // real path → an ES module that failed analysis
	imports map[string][]importTarget // importer → one per follow spec: static requests, then import()s with a string
}

// importTarget is where follow found an import specifier leads.
type importTarget struct {
	real   string // the real path it resolved to, if it did
	format resolve.Format
	follow bool   // inside the roots: visited
	err    error  // it resolves nowhere
	skip   string // why it was not followed, when it resolved or was not tried
}

func newLinkState() *linkState {
	return &linkState{
		records: map[string]*format.Record{},
		invalid: map[string]bool{},
		imports: map[string][]importTarget{},
	}
}

// noteRecord keeps the outcome of process for an ES module: its record,
// or nil when it is not a valid module.
func (l *linkState) noteRecord(abs string, rec *format.Record) {
	l.mu.Lock()
	if rec != nil {
		l.records[abs] = rec
	} else {
		l.invalid[abs] = true
	}
	l.mu.Unlock()
}

func (l *linkState) noteImports(importer string, targets []importTarget) {
	l.mu.Lock()
	l.imports[importer] = targets
	l.mu.Unlock()
}

// resolveImport is follow's decision for one specifier resolved with res:
// where it leads and whether the walk visits it.
func (r *run) resolveImport(res *resolve.Resolver, importer, spec string) importTarget {
	// A "#" import names a file of the importer's own package (through
	// its package.json "imports"), so it is followed like a relative
	// one, unless it leads into node_modules.
	internal := strings.HasPrefix(spec, "#")
	if resolve.IsBare(spec) && !internal && !r.opts.Deps {
		return importTarget{skip: "a package import; -deps follows it"}
	}
	found, err := res.Resolve(spec, importer)
	if err != nil {
		return importTarget{err: err}
	}
	if internal && !r.opts.Deps && inNodeModules(found.Path) {
		return importTarget{skip: "leads into node_modules; -deps follows it"}
	}
	real, err := r.fs.RealPath(found.Path)
	if err != nil {
		return importTarget{err: err}
	}
	if r.rootOf(real) == nil {
		return importTarget{real: real, format: found.Format, skip: "outside the roots"}
	}
	return importTarget{real: real, format: found.Format, follow: true}
}

// linkGraph runs the link check over every module the walk reached and
// reports what it finds: errors at the import or export that causes them,
// a warning for an import() with a string that names no file, and an
// ActionUnchecked event for each import whose target's exports cannot be
// known.
func (r *run) linkGraph() {
	start := time.Now()
	l := r.links
	importers := make([]string, 0, len(l.records))
	for abs := range l.records {
		importers = append(importers, abs)
	}
	sort.Strings(importers)

	h := &linkHost{run: r, json: map[string]string{}, cjs: map[string]bool{}, synth: map[string]bool{}}
	mods := make([]link.Module, 0, len(importers))
	var dynamic []dynamicMiss
	for _, abs := range importers {
		rec := l.records[abs]
		targets := l.imports[abs]
		m := link.Module{Key: abs, Record: rec, Requests: make([]link.Request, len(rec.RequestedModules))}
		for i, req := range rec.RequestedModules {
			var t importTarget
			if i < len(targets) {
				t = targets[i]
			}
			m.Requests[i] = h.request(req, t)
		}
		mods = append(mods, m)
		// import() is checked for existence only: a miss rejects a promise
		// at run time, which the program may expect.
		n := len(rec.RequestedModules)
		for _, d := range rec.DynamicImports {
			if !d.Known {
				continue
			}
			if n < len(targets) && missing(d.Specifier, targets[n], r.opts.Deps) {
				dynamic = append(dynamic, dynamicMiss{abs, d.Specifier})
			}
			n++
		}
	}
	mods = append(mods, h.modules...)
	res := link.Link(mods, link.Options{})

	// Positions: only the files with something to report are read again.
	byFile := map[string][]*link.Error{}
	var typeLike []*link.Error
	for _, e := range res.Errors {
		if h.maybeType(e) {
			typeLike = append(typeLike, e)
			continue
		}
		byFile[e.Module] = append(byFile[e.Module], e)
	}
	files := map[string]*locate.File{}
	scan := func(abs string) *locate.File {
		if f, ok := files[abs]; ok {
			return f
		}
		src, err := os.ReadFile(abs)
		var f *locate.File
		if err == nil {
			f = locate.Scan(src)
		}
		files[abs] = f
		return f
	}
	for _, abs := range importers {
		errs := byFile[abs]
		if len(errs) == 0 {
			continue
		}
		name := r.display(abs)
		f := scan(abs)
		var list diag.List
		for _, e := range errs {
			pos := errorPos(f, l.records[abs], e)
			list.Add(name, pos.Line, pos.Col, e.Msg)
		}
		list.Sort()
		r.failErr(name, list)
	}
	for _, e := range typeLike {
		pos := errorPos(scan(e.Module), l.records[e.Module], e)
		r.warn(&diag.Diagnostic{File: r.display(e.Module), Line: pos.Line, Col: pos.Col,
			Msg: e.Msg + " at run time; a type of that name is declared there: write `type " + e.Name +
				"`, or the JavaScript esbuild emits for this file keeps the name"})
	}
	for _, d := range dynamic {
		var pos locate.Pos
		if f := scan(d.importer); f != nil {
			pos, _ = f.Dynamic(d.spec)
		}
		r.warn(&diag.Diagnostic{File: r.display(d.importer), Line: pos.Line, Col: pos.Col,
			Msg: fmt.Sprintf("Cannot find module '%s' (import() will reject)", d.spec)})
	}
	for _, abs := range importers {
		rec := l.records[abs]
		for _, u := range res.Unchecked[abs] {
			r.emit(Event{Action: ActionUnchecked, File: r.display(abs),
				Message: fmt.Sprintf("import '%s' not checked: %s", rec.RequestedModules[u.Request].Specifier, u.Reason)})
		}
	}
	r.count(func(rep *Report) {
		rep.Linked = len(importers)
		rep.LinkErrors = len(res.Errors) - len(typeLike)
		rep.LinkElapsed = time.Since(start)
	})
}

type dynamicMiss struct{ importer, spec string }

// missing reports whether an import of spec that went to t names no file
// where one must be: a path always, a package with -deps.
func missing(spec string, t importTarget, deps bool) bool {
	if t.err == nil || errors.Is(t.err, resolve.ErrUnsupported) || resolve.IsNodeBuiltin(spec) {
		return false
	}
	return !resolve.IsBare(spec) || deps
}

// errorPos finds where in f the error e was written: the name for an
// import or export that does not resolve, else the specifier.
func errorPos(f *locate.File, rec *format.Record, e *link.Error) locate.Pos {
	return f.Find(rec, locateEntry(e.Kind), e.Request, e.Entry)
}

// locateEntry maps an error kind to the part of the record it is about.
func locateEntry(k link.ErrorKind) locate.Entry {
	switch k {
	case link.ErrImport:
		return locate.ImportEntry
	case link.ErrIndirectExport:
		return locate.IndirectExportEntry
	}
	return locate.RequestEntry
}

// linkHost decides, as a runtime's host would, what module each request
// loads: an ES module the walk analysed, a JSON module, text or bytes, or
// something whose exports cannot be known.
type linkHost struct {
	run     *run
	json    map[string]string // JSON file → "" if it parses, else why not
	cjs     map[string]bool   // looksCommonJS, by path
	synth   map[string]bool   // keys of modules already in modules
	modules []link.Module     // synthetic modules
}

func (h *linkHost) request(req format.ModuleRequest, t importTarget) link.Request {
	spec := req.Specifier
	switch {
	case resolve.IsNodeBuiltin(spec):
		return link.Request{Unknown: "a Node.js builtin"}
	case t.err != nil && errors.Is(t.err, resolve.ErrUnsupported):
		return link.Request{Unknown: "names no local file"}
	case t.err != nil && resolve.IsBare(spec) && !h.run.opts.Deps:
		return link.Request{Unknown: "a package import that does not resolve; -deps checks it"}
	case t.err != nil && resolve.IsBare(spec) && !strings.HasPrefix(spec, "#"):
		return link.Request{Err: fmt.Sprintf("Cannot find package '%s'", packageName(spec))}
	case t.err != nil:
		return link.Request{Err: fmt.Sprintf("Cannot find module '%s'", spec)}
	case t.real == "":
		return link.Request{Unknown: t.skip}
	}
	typ := ""
	for _, a := range req.Attributes {
		if a.Key == "type" {
			typ = a.Value
		}
	}
	switch typ {
	case "text", "bytes":
		// The file's bytes, whatever it is.
		return h.synthetic(typ+":"+t.real, typ)
	case "", "json":
		if t.skip != "" {
			return link.Request{Unknown: t.skip} // nothing outside the roots is read
		}
		if strings.HasSuffix(t.real, ".json") {
			if why := h.parseJSON(t.real); why != "" {
				return link.Request{Err: fmt.Sprintf("The requested module '%s' is not valid JSON: %s", spec, why)}
			}
			return h.synthetic(t.real, "json")
		}
	default:
		// The link check reports the unsupported type before it looks
		// at the target.
		return link.Request{Key: t.real}
	}
	if t.skip != "" {
		return link.Request{Unknown: t.skip}
	}
	l := h.run.links
	switch kind, _ := analyze.Classify(t.real); {
	case t.format == resolve.FormatCommonJS || kind == analyze.CommonJS:
		return link.Request{Unknown: "CommonJS"}
	case kind == analyze.Declaration:
		return link.Request{Unknown: "a declaration file"}
	case kind == analyze.NotJS:
		return link.Request{Unknown: "not a JavaScript or JSON module"}
	}
	if l.invalid[t.real] {
		return link.Request{Err: fmt.Sprintf("The requested module '%s' is not a valid module (see the error reported for %s)", spec, h.run.display(t.real))}
	}
	rec := l.records[t.real]
	if rec == nil {
		return link.Request{Unknown: "not analysed"}
	}
	// Node loads a .js file outside a "type": "module" package as
	// CommonJS unless it has module syntax, and a CommonJS module's exports
	// are not in its record. So a .js file without any import or export is
	// not checked when a package.json says it is CommonJS, or when its
	// source uses module.exports, exports or require (no package.json
	// says nothing: a browser, Deno or a test262 host loads such a file as
	// the ES module it parses as, and Node as CommonJS).
	if t.format == resolve.FormatUnknown && filepath.Ext(t.real) == ".js" && !rec.ModuleSyntax() {
		typ, ok := h.run.resolver.ScopeType(t.real)
		switch {
		case ok && typ != "module":
			return link.Request{Unknown: "no import or export in a package that is not \"type\": \"module\": Node loads it as CommonJS"}
		case !ok && h.looksCommonJS(t.real):
			return link.Request{Unknown: "no import or export, and it uses module.exports, exports or require: CommonJS"}
		}
	}
	return link.Request{Key: t.real}
}

// maybeType reports whether e is a TypeScript module importing or
// re-exporting, without `type`, a name that the module it imports from (or
// one that module re-exports from) declares as a type. tsc elides such a
// name when it sees the type; esbuild's per-file transform cannot and
// keeps it, so the JavaScript fails to link, but the source is most likely
// right: a warning, not an error.
func (h *linkHost) maybeType(e *link.Error) bool {
	if e.Kind != link.ErrImport && e.Kind != link.ErrIndirectExport || e.Resolution != link.NotFound || e.Name == "default" {
		return false
	}
	if _, loader := analyze.Classify(e.Module); loader == analyze.LoaderJS {
		return false
	}
	l := h.run.links
	rec := l.records[e.Module]
	targets := l.imports[e.Module]
	if rec == nil || e.Request >= len(targets) || targets[e.Request].real == "" {
		return false
	}
	decl := regexp.MustCompile(`\b(?:interface|type)\s+` + regexp.QuoteMeta(e.Name) + `\b|\bexport\s+type\s*\*`)
	// The modules the name may come from: the target, and what it
	// re-exports from, transitively (a bounded walk).
	queue := []string{targets[e.Request].real}
	seen := map[string]bool{queue[0]: true}
	for len(queue) > 0 && len(seen) <= 64 {
		p := queue[0]
		queue = queue[1:]
		if _, loader := analyze.Classify(p); loader != analyze.LoaderJS {
			if src, err := os.ReadFile(p); err == nil && decl.Match(src) {
				return true
			}
		}
		trec, tt := l.records[p], l.imports[p]
		if trec == nil {
			continue
		}
		var reqs []int
		for _, ie := range trec.IndirectExportEntries {
			reqs = append(reqs, ie.ModuleRequest)
		}
		for _, se := range trec.StarExportEntries {
			reqs = append(reqs, se.ModuleRequest)
		}
		for _, i := range reqs {
			if i >= 0 && i < len(tt) && tt[i].real != "" && !seen[tt[i].real] {
				seen[tt[i].real] = true
				queue = append(queue, tt[i].real)
			}
		}
	}
	return false
}

// cjsMarkers finds what a CommonJS module uses to export or import.
var cjsMarkers = regexp.MustCompile(`\bmodule\.exports\b|\bexports\s*(?:\.|\[)|\brequire\s*\(`)

// looksCommonJS reads the file at p (a module without import or export,
// so rare, and read once a run) for cjsMarkers.
func (h *linkHost) looksCommonJS(p string) bool {
	if v, ok := h.cjs[p]; ok {
		return v
	}
	src, err := os.ReadFile(p)
	v := err == nil && cjsMarkers.Match(src)
	h.cjs[p] = v
	return v
}

func (h *linkHost) synthetic(key, typ string) link.Request {
	if !h.synth[key] {
		h.synth[key] = true
		h.modules = append(h.modules, link.Module{Key: key, ExportNames: link.JSONExports, Type: typ})
	}
	return link.Request{Key: key}
}

// parseJSON reads a JSON module and checks it as a runtime parses it
// (link.CheckJSON), once per run; "" when it parses.
func (h *linkHost) parseJSON(p string) string {
	if why, ok := h.json[p]; ok {
		return why
	}
	why := ""
	data, err := os.ReadFile(p)
	switch {
	case err != nil:
		why = "cannot read: " + errText(err)
	default:
		if err := link.CheckJSON(data); err != nil {
			why = err.Error()
		}
	}
	h.json[p] = why
	return why
}

// packageName is the package part of a bare specifier, as Node names it
// in "Cannot find package".
func packageName(spec string) string {
	parts := strings.SplitN(spec, "/", 3)
	if strings.HasPrefix(spec, "@") && len(parts) >= 2 {
		return parts[0] + "/" + parts[1]
	}
	return parts[0]
}
