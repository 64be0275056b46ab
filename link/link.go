// Package link runs ECMA-262's module linking over module records ahead of
// time: it finds the errors a runtime would throw when it links a module
// graph (LoadRequestedModules' failed loads, InitializeEnvironment's
// SyntaxErrors for an import or re-export that does not resolve, is
// ambiguous or is circular) and tells, for every import, which module and
// binding it ends at.
//
// The algorithms are the spec's, step for step: GetExportedNames and
// ResolveExport of Cyclic Module Records (16.2.1.6.2, 16.2.1.6.3 in
// ECMA-262 2025) and of Synthetic Module Records (JSON modules), and the
// checks of InitializeEnvironment (16.2.1.6.4) in their order. One thing is
// added: a module whose exports cannot be known statically (CommonJS, a
// package that was not resolved, a file outside what the caller analysed)
// is "unknown", and any name resolved through it is Unknown rather than an
// error, so that a check never reports what a runtime would link fine.
//
// A runtime that builds its module records from .bmes sidecars can run the
// same check: give Link the records, and for each requested module the key
// of the module it resolved to (or why it could not).
package link

import (
	"fmt"
	"slices"

	"github.com/bmesjs/bmes/format"
)

// Module is one module of the graph.
type Module struct {
	// Key identifies the module, as Request.Key names it: a path, a URL.
	Key string
	// Record is a Source Text Module Record. Nil makes the module a
	// Synthetic Module Record exporting ExportNames (a JSON module exports
	// just "default": see JSONExports).
	Record      *format.Record
	ExportNames []string
	// Type is the value of the "type" import attribute an importer must
	// give to load this module: "" for JavaScript, "json" for a JSON module.
	// An import that asks for another type is an error.
	Type string
	// Requests holds, for each entry of Record.RequestedModules, where it
	// leads. Missing entries count as Unknown with no reason.
	Requests []Request
}

// JSONExports are the export names of a JSON module (CreateDefaultExportSyntheticModule).
var JSONExports = []string{"default"}

// Request is what one module request resolved to.
type Request struct {
	// Key is the module it loads, one of the Modules given to Link.
	Key string
	// Err, when not empty, says why loading it fails (a file that does not
	// exist, a module with a syntax error): a runtime throws at the
	// request, so it is an error, and imports through it are not checked.
	Err string
	// Unknown, when not empty, says why the target's exports cannot be
	// known (CommonJS, a bare specifier that was not resolved): imports
	// through it are not checked and not errors. Key is then ignored.
	Unknown string
}

// Options tunes what a host supports.
type Options struct {
	// Attributes are the import attribute keys the host supports
	// (HostGetSupportedImportAttributes); nil means just "type". An import
	// with any other key is an error.
	Attributes []string
	// Types are the values of the "type" attribute the host supports; nil
	// means DefaultTypes. Another value is an error.
	Types []string
}

// DefaultTypes are the "type" attribute values that ECMA-262 (json) and the
// Stage 3 import-text and import-bytes proposals, which test262 covers,
// define. Node supports only json; a host can say so in Options.Types.
var DefaultTypes = []string{"json", "text", "bytes"}

// ErrorKind says which step of loading or linking fails.
type ErrorKind uint8

const (
	// ErrLoad: the requested module cannot be loaded (Request.Err).
	ErrLoad ErrorKind = iota
	// ErrAttribute: an import attribute the host does not support, or a
	// "type" that does not match the module's.
	ErrAttribute
	// ErrImport: an ImportEntry that does not resolve.
	ErrImport
	// ErrIndirectExport: an IndirectExportEntry that does not resolve.
	ErrIndirectExport
	// ErrMissingModule: Request.Key names no module given to Link (a
	// mistake of the caller's, reported rather than guessed around).
	ErrMissingModule
)

// Error is one error a runtime would throw. Module is the importer's key;
// Request indexes its Record.RequestedModules; Entry indexes its
// ImportEntries (ErrImport) or IndirectExportEntries (ErrIndirectExport),
// and is -1 otherwise. Msg is worded as V8 words it where V8 has a message.
type Error struct {
	Module  string
	Kind    ErrorKind
	Request int
	Entry   int
	// Name is the import name that fails (ErrImport, ErrIndirectExport),
	// and Resolution why: NotFound, Circular or Ambiguous.
	Name       string
	Resolution ResolutionKind
	Msg        string
}

func (e *Error) Error() string { return e.Module + ": " + e.Msg }

// BindingKind says what an import resolved to.
type BindingKind uint8

const (
	// Unresolved: the import is an error (see Result.Errors).
	Unresolved BindingKind = iota
	// Local: a binding Name declared in Module.
	Local
	// Namespace: the namespace object of Module.
	Namespace
	// Unknown: the import goes through a module whose exports are unknown.
	Unknown
)

func (k BindingKind) String() string {
	switch k {
	case Local:
		return "local"
	case Namespace:
		return "namespace"
	case Unknown:
		return "unknown"
	}
	return "unresolved"
}

// Binding is where an import ends.
type Binding struct {
	Kind   BindingKind
	Module string // key of the module holding the binding or namespace
	Name   string // the local binding name there (Local only)
}

// Result is what Link found.
type Result struct {
	// Errors in module order (as given), then request and entry order.
	Errors []*Error
	// Imports holds, for each module key with a Record, one Binding per
	// ImportEntry.
	Imports map[string][]Binding
	// Unchecked lists, per module key, the requests whose target is
	// unknown: Request index and its Unknown reason.
	Unchecked map[string][]UncheckedRequest
}

// UncheckedRequest is a request Link could not check.
type UncheckedRequest struct {
	Request int
	Reason  string
}

// Graph is a set of modules indexed by key, on which the spec's
// operations can be run one by one.
type Graph struct {
	mods  map[string]*Module
	order []*Module
	// nsImports maps, per module that has any, the local name of each
	// `import * as ns` to its request.
	nsImports map[*Module]map[string]int
}

// NewGraph indexes modules by key; a later module with the same key
// replaces an earlier one.
func NewGraph(modules []Module) *Graph {
	g := &Graph{mods: make(map[string]*Module, len(modules))}
	for i := range modules {
		m := &modules[i]
		if old, ok := g.mods[m.Key]; ok {
			g.order[slices.Index(g.order, old)] = m
		} else {
			g.order = append(g.order, m)
		}
		g.mods[m.Key] = m
	}
	g.nsImports = map[*Module]map[string]int{}
	for _, m := range g.order {
		if m.Record == nil {
			continue
		}
		for _, in := range m.Record.ImportEntries {
			if in.Namespace {
				if g.nsImports[m] == nil {
					g.nsImports[m] = map[string]int{}
				}
				g.nsImports[m][in.LocalName] = in.ModuleRequest
			}
		}
	}
	return g
}

// Link checks every module with a Record: its requests (LoadRequestedModules
// and the host's attribute checks), then InitializeEnvironment's steps
// for its indirect exports and its imports.
func Link(modules []Module, opts Options) *Result {
	return NewGraph(modules).Link(opts)
}

// Link is the package-level Link on g.
func (g *Graph) Link(opts Options) *Result {
	attrs := opts.Attributes
	if attrs == nil {
		attrs = []string{"type"}
	}
	types := opts.Types
	if types == nil {
		types = DefaultTypes
	}
	res := &Result{Imports: map[string][]Binding{}, Unchecked: map[string][]UncheckedRequest{}}
	for _, m := range g.order {
		if m.Record == nil {
			continue
		}
		rec := m.Record
		// usable[i] says imports through request i are checked.
		usable := make([]bool, len(rec.RequestedModules))
		for i, req := range rec.RequestedModules {
			t := m.request(i)
			spec := quote(req.Specifier)
			switch {
			case t.Err != "":
				res.add(m, ErrLoad, i, -1, "", t.Err)
				continue
			case t.Unknown != "":
				res.Unchecked[m.Key] = append(res.Unchecked[m.Key], UncheckedRequest{i, t.Unknown})
				continue
			}
			if msg := checkAttributes(req, attrs, types); msg != "" {
				res.add(m, ErrAttribute, i, -1, "", msg)
				continue
			}
			target := g.mods[t.Key]
			if target == nil {
				res.add(m, ErrMissingModule, i, -1, "", fmt.Sprintf("The requested module %s resolved to %q, which is not in the graph", spec, t.Key))
				continue
			}
			if want := typeOf(req); want != target.Type {
				if want == "" {
					res.add(m, ErrAttribute, i, -1, "", fmt.Sprintf("The requested module %s needs an import attribute of \"type: %s\"", spec, target.Type))
				} else {
					res.add(m, ErrAttribute, i, -1, "", fmt.Sprintf("The requested module %s is not of type %q", spec, want))
				}
				continue
			}
			usable[i] = true
		}

		// InitializeEnvironment step 1: every indirect export must resolve.
		for j, e := range rec.IndirectExportEntries {
			if e.ModuleRequest < 0 || e.ModuleRequest >= len(usable) || !usable[e.ModuleRequest] {
				continue
			}
			r := g.ResolveExport(m.Key, e.ExportName)
			if msg := failure(r, rec.RequestedModules[e.ModuleRequest].Specifier, e.ImportName); msg != "" {
				res.add(m, ErrIndirectExport, e.ModuleRequest, j, e.ImportName, msg)
				res.Errors[len(res.Errors)-1].Resolution = r.Kind
			}
		}
		// Step 7: every import entry must resolve.
		binds := make([]Binding, len(rec.ImportEntries))
		for j, in := range rec.ImportEntries {
			if in.ModuleRequest < 0 || in.ModuleRequest >= len(usable) {
				continue
			}
			t := m.request(in.ModuleRequest)
			if !usable[in.ModuleRequest] {
				if t.Err == "" {
					binds[j] = Binding{Kind: Unknown}
				}
				continue
			}
			if in.Namespace {
				binds[j] = Binding{Kind: Namespace, Module: t.Key}
				continue
			}
			r := g.ResolveExport(t.Key, in.ImportName)
			if msg := failure(r, rec.RequestedModules[in.ModuleRequest].Specifier, in.ImportName); msg != "" {
				res.add(m, ErrImport, in.ModuleRequest, j, in.ImportName, msg)
				res.Errors[len(res.Errors)-1].Resolution = r.Kind
				continue
			}
			binds[j] = r.binding()
		}
		res.Imports[m.Key] = binds
	}
	return res
}

func (res *Result) add(m *Module, kind ErrorKind, req, entry int, name, msg string) {
	res.Errors = append(res.Errors, &Error{Module: m.Key, Kind: kind, Request: req, Entry: entry, Name: name, Msg: msg})
}

// request returns where request i of m leads.
func (m *Module) request(i int) Request {
	if i >= 0 && i < len(m.Requests) {
		return m.Requests[i]
	}
	return Request{Unknown: "no resolution given"}
}

// typeOf returns the "type" attribute of a request, "" if it has none.
func typeOf(req format.ModuleRequest) string {
	for _, a := range req.Attributes {
		if a.Key == "type" {
			return a.Value
		}
	}
	return ""
}

// checkAttributes is the host's check of a request's attributes (what
// Node reports as ERR_IMPORT_ATTRIBUTE_UNSUPPORTED).
func checkAttributes(req format.ModuleRequest, keys, types []string) string {
	for _, a := range req.Attributes {
		if !slices.Contains(keys, a.Key) || a.Key == "type" && !slices.Contains(types, a.Value) {
			return fmt.Sprintf("Import attribute %q with value %q is not supported", a.Key, a.Value)
		}
	}
	return ""
}

// failure is InitializeEnvironment's test of a resolution ("If resolution
// is either null or ambiguous, throw a SyntaxError exception") worded as
// V8 words it; "" when the resolution is fine or unknown.
func failure(r Resolution, spec, name string) string {
	switch r.Kind {
	case NotFound:
		return fmt.Sprintf("The requested module %s does not provide an export named %s", quote(spec), quote(name))
	case Circular:
		return fmt.Sprintf("Detected cycle while resolving name %s in %s", quote(name), quote(spec))
	case Ambiguous:
		return fmt.Sprintf("The requested module %s contains conflicting star exports for name %s", quote(spec), quote(name))
	}
	return ""
}

// quote puts s in single quotes, as V8's messages do.
func quote(s string) string { return "'" + s + "'" }

// ResolutionKind is the outcome of ResolveExport.
type ResolutionKind uint8

const (
	// NotFound is the spec's null.
	NotFound ResolutionKind = iota
	// Circular is null found by meeting the same module and name again in
	// the resolve set: a cycle of indirect exports when it reaches the
	// top, a star export seen twice otherwise (where it counts as null).
	Circular
	// Ambiguous is the spec's ~ambiguous~.
	Ambiguous
	// Resolved is a ResolvedBinding Record.
	Resolved
	// Indeterminate: the name may come from a module whose exports are
	// unknown.
	Indeterminate
)

// Resolution is what ResolveExport returns. For Resolved, Module is the
// key of the module holding the binding and BindingName its local name,
// or Namespace is set ([[BindingName]] ~namespace~).
type Resolution struct {
	Kind        ResolutionKind
	Module      string
	BindingName string
	Namespace   bool
}

func (r Resolution) binding() Binding {
	switch {
	case r.Kind == Indeterminate:
		return Binding{Kind: Unknown}
	case r.Namespace:
		return Binding{Kind: Namespace, Module: r.Module}
	}
	return Binding{Kind: Local, Module: r.Module, Name: r.BindingName}
}

// resolveKey is a Record { [[Module]], [[ExportName]] } of a resolve set.
type resolveKey struct {
	module *Module
	name   string
}

// ResolveExport is ResolveExport(exportName) of the module with key
// (16.2.1.6.3), from an empty resolve set. An unknown key is
// Indeterminate.
func (g *Graph) ResolveExport(key, exportName string) Resolution {
	m := g.mods[key]
	if m == nil {
		return Resolution{Kind: Indeterminate}
	}
	set := map[resolveKey]bool{}
	return g.resolveExport(m, exportName, set)
}

// target returns the module request i of m leads to, nil when it is
// unknown or fails to load (both Indeterminate for resolution: a load
// failure is reported at the request itself).
func (g *Graph) target(m *Module, i int) *Module {
	t := m.request(i)
	if t.Err != "" || t.Unknown != "" {
		return nil
	}
	return g.mods[t.Key]
}

// resolveExport follows the spec's steps; the resolve set is one list
// shared by the whole resolution, as the spec passes it along (so a module
// reached twice through star exports counts as null the second time).
func (g *Graph) resolveExport(m *Module, exportName string, resolveSet map[resolveKey]bool) Resolution {
	if m.Record == nil {
		// Synthetic Module Record: ResolveExport.
		if slices.Contains(m.ExportNames, exportName) {
			return Resolution{Kind: Resolved, Module: m.Key, BindingName: exportName}
		}
		return Resolution{Kind: NotFound}
	}
	// 3. A module and name already in the resolve set: a circular import
	// request.
	k := resolveKey{m, exportName}
	if resolveSet[k] {
		return Resolution{Kind: Circular}
	}
	// 4.
	resolveSet[k] = true
	rec := m.Record
	// 5. Local exports.
	for _, e := range rec.LocalExportEntries {
		if e.ExportName != exportName {
			continue
		}
		// `import * as ns from 'm'; export {ns}` is a local export entry
		// in the record, as ES2025's ParseModule makes it; the current
		// draft (and test262) make it an indirect export of the namespace
		// of 'm', { [[ImportName]]: all }, so that two modules exporting
		// one namespace this way are not ambiguous. Resolve it so.
		if req, ok := g.nsImports[m][e.LocalName]; ok {
			imported := g.target(m, req)
			if imported == nil {
				return Resolution{Kind: Indeterminate}
			}
			return Resolution{Kind: Resolved, Module: imported.Key, Namespace: true}
		}
		return Resolution{Kind: Resolved, Module: m.Key, BindingName: e.LocalName}
	}
	// 6. Indirect exports.
	for _, e := range rec.IndirectExportEntries {
		if e.ExportName != exportName {
			continue
		}
		imported := g.target(m, e.ModuleRequest)
		if imported == nil {
			return Resolution{Kind: Indeterminate}
		}
		if e.Namespace {
			return Resolution{Kind: Resolved, Module: imported.Key, Namespace: true}
		}
		return g.resolveExport(imported, e.ImportName, resolveSet)
	}
	// 7. A default export is never provided by export *.
	if exportName == "default" {
		return Resolution{Kind: NotFound}
	}
	// 8–9. Star exports.
	var star *Resolution
	unknown := false
	for _, e := range rec.StarExportEntries {
		imported := g.target(m, e.ModuleRequest)
		if imported == nil {
			unknown = true
			continue
		}
		r := g.resolveExport(imported, exportName, resolveSet)
		switch r.Kind {
		case Ambiguous:
			return r
		case Indeterminate:
			unknown = true
		case Resolved:
			if star == nil {
				star = &r
				continue
			}
			if r.Module != star.Module || r.Namespace != star.Namespace || r.BindingName != star.BindingName {
				return Resolution{Kind: Ambiguous}
			}
		}
	}
	// A star export into an unknown module may provide the name, or make
	// it ambiguous.
	if unknown {
		return Resolution{Kind: Indeterminate}
	}
	if star == nil {
		return Resolution{Kind: NotFound}
	}
	return *star
}

// GetExportedNames is GetExportedNames() of the module with key
// (16.2.1.6.2). complete is false when a star export leads into a module
// whose exports are unknown, so that the names are only some of them.
func (g *Graph) GetExportedNames(key string) (names []string, complete bool) {
	m := g.mods[key]
	if m == nil {
		return nil, false
	}
	complete = true
	names = g.exportedNames(m, map[*Module]bool{}, &complete)
	return names, complete
}

func (g *Graph) exportedNames(m *Module, exportStarSet map[*Module]bool, complete *bool) []string {
	if m.Record == nil {
		return slices.Clone(m.ExportNames)
	}
	// 3. A circular import request.
	if exportStarSet[m] {
		return nil
	}
	exportStarSet[m] = true
	rec := m.Record
	var names []string
	for _, e := range rec.LocalExportEntries {
		names = append(names, e.ExportName)
	}
	for _, e := range rec.IndirectExportEntries {
		names = append(names, e.ExportName)
	}
	for _, e := range rec.StarExportEntries {
		requested := g.target(m, e.ModuleRequest)
		if requested == nil {
			*complete = false
			continue
		}
		for _, n := range g.exportedNames(requested, exportStarSet, complete) {
			if n != "default" && !slices.Contains(names, n) {
				names = append(names, n)
			}
		}
	}
	return names
}

// Namespace returns the names a module namespace object of the module
// with key holds (GetModuleNamespace step 3: the exported names that
// resolve to a binding, ambiguous ones left out), in GetExportedNames
// order (the object itself sorts them by code unit). complete is false
// when some names cannot be known.
func (g *Graph) Namespace(key string) (names []string, complete bool) {
	all, complete := g.GetExportedNames(key)
	for _, n := range all {
		switch r := g.ResolveExport(key, n); r.Kind {
		case Resolved:
			names = append(names, n)
		case Indeterminate:
			complete = false
		}
	}
	return names, complete
}
