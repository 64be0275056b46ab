package quickjs

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unsafe"

	"modernc.org/libc"
	lib "modernc.org/libquickjs"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/esm"
	"github.com/bmesjs/bmes/internal/sidecar"
)

// Reasons a sidecar that is present is not used (Stats.Reasons).
const (
	ReasonCorrupt     = "corrupt"     // damaged, or not a sidecar
	ReasonUnsupported = "unsupported" // another format version or module kind
	ReasonStale       = "stale"       // built from other source bytes
	ReasonNoBytecode  = "no-bytecode" // no section for this engine build (another engine, version or none)
	ReasonPayload     = "payload"     // the QuickJS payload is malformed
	ReasonName        = "name"        // compiled under another module name (another project directory)
	ReasonCode        = "code"        // compiled from other code than the source or code section
	ReasonLoader      = "loader"      // TypeScript sidecar for a JavaScript file or the reverse
	ReasonEngine      = "engine"      // QuickJS refused the bytecode
	ReasonUnreadable  = "unreadable"  // the sidecar exists but cannot be read
)

// decision is what the loader makes of a module's sidecar.
type decision struct {
	bytecode []byte // the bytecode to read, when usable
	code     []byte // a TypeScript sidecar's JavaScript, even without usable bytecode
	reason   string // why the sidecar is not used ("" when it is, or there is none)
}

// decide checks a sidecar against the source and the module name the
// loader gives the file, and returns the bytecode QuickJS may read. It is
// the only path from a sidecar's bytes to JS_ReadObject: every check of
// SPEC.md section 9 (checksums, structure, the source's length and hash),
// the exact engine tag, and the payload's own binding to this module (its
// name and the hash of the code it was compiled from). Bytes that fail any
// of them are never handed to QuickJS, whose reader is not hardened.
//
// It uses format.ValidateRunnable, not Validate: QuickJS bytecode carries
// its own module record, so bmes's record and string table are never read
// (they are still under their checksums).
func decide(sc, src []byte, name string, typeScript bool) decision {
	d, _ := decideRunnable(sc, src, name, typeScript)
	return d
}

// decideRunnable is decide, also returning what ValidateRunnable found
// (nil when it failed).
func decideRunnable(sc, src []byte, name string, typeScript bool) (decision, *format.Runnable) {
	s, err := format.ValidateRunnable(sc, src, format.Expect{})
	switch {
	case errors.Is(err, format.ErrStale):
		return decision{reason: ReasonStale}, nil
	case errors.Is(err, format.ErrUnsupportedVersion):
		return decision{reason: ReasonUnsupported}, nil
	case err != nil:
		return decision{reason: ReasonCorrupt}, nil
	}
	if s.Header.TypeScript() != typeScript {
		return decision{reason: ReasonLoader}, s
	}
	code := src
	d := decision{}
	if typeScript {
		code = s.Code
		d.code = s.Code
	}
	p, ok := s.BytecodeFor(tag)
	if !ok {
		d.reason = ReasonNoBytecode
		return d, s
	}
	codeHash, compiledAs, bc, err := decodePayload(p)
	switch {
	case err != nil:
		d.reason = ReasonPayload
	case compiledAs != name:
		d.reason = ReasonName
	case codeHash != format.HashSource(code):
		// The sidecar contradicts itself: its bytecode was compiled from
		// other code than its code section holds. Either may be the
		// damaged part, so a TypeScript module is compiled from its
		// source, not from the code section.
		d.reason = ReasonCode
		d.code = nil
	default:
		d.bytecode = bc
	}
	return d, s
}

// resolveKey is what a resolution depends on: the importer's directory
// (relative paths, node_modules lookup and the package scope of "#"
// imports all start there) and the specifier.
type resolveKey struct{ dir, spec string }

// moduleFor returns the module at the real path p, naming it on first use.
func (r *Runtime) moduleFor(p string) *module {
	if m := r.byPath[p]; m != nil {
		return m
	}
	name := ModuleName(r.root, p)
	if o := r.byName[name]; o != nil && o.path != p {
		name = p // cannot happen for real paths under one root; stay unique anyway
	}
	m := &module{name: name, path: p}
	r.byName[name] = m
	r.byPath[p] = m
	return m
}

// normalizeHook is QuickJS's module normaliser: it resolves specifier as
// imported from the module named base and returns the resolved module's
// name (allocated with js_malloc, as QuickJS frees it), or throws.
func normalizeHook(tls *libc.TLS, ctx, base, specifier, opaque uintptr) uintptr {
	v, ok := runtimes.Load(ctx)
	if !ok {
		return 0
	}
	r := v.(*Runtime)
	spec, baseName := gostring(specifier), gostring(base)
	importer := filepath.Join(r.root, "<script>")
	from := baseName
	if m := r.byName[baseName]; m != nil {
		importer, from = m.path, m.path
	} else if filepath.IsAbs(baseName) {
		importer = baseName // a CommonJS file's import(), named by its path
	}
	key := resolveKey{filepath.Dir(importer), spec}
	m := r.resolved[key]
	if m == nil {
		res := r.ahead.resolve(key, importer)
		if res.err != nil {
			throwf(tls, ctx, lib.XJS_ThrowTypeError, "Cannot find module '%s' imported from %s", spec, from)
			return 0
		}
		m = r.moduleFor(res.path)
		if res.commonJS {
			m.commonJS = true
		}
		r.resolved[key] = m
	}
	cname := cstring(tls, m.name)
	defer libc.Xfree(tls, cname)
	return lib.Xjs_strdup(tls, ctx, cname)
}

// checkAttributesHook accepts only the "type" import attribute, as
// ECMA-262's HostGetSupportedImportAttributes lets a host do (Node does the
// same); its value is checked when the module loads.
func checkAttributesHook(tls *libc.TLS, ctx, opaque uintptr, attrs value) int32 {
	return lib.Xjs_module_check_attributes(tls, ctx, opaque, attrs)
}

// loaderHook is QuickJS's module loader: it returns the module named name,
// from its sidecar's bytecode when that is valid, else from source.
func loaderHook(tls *libc.TLS, ctx, name, opaque uintptr, attrs value) uintptr {
	v, ok := runtimes.Load(ctx)
	if !ok {
		return 0
	}
	r := v.(*Runtime)
	m := r.byName[gostring(name)]
	if m == nil {
		throwf(tls, ctx, lib.XJS_ThrowReferenceError, "could not load module '%s'", gostring(name))
		return 0
	}
	return r.load(m, attrs)
}

// load returns the JSModuleDef of m, or 0 with an exception pending.
func (r *Runtime) load(m *module, attrs value) uintptr {
	tls, ctx := r.tls, r.ctx
	typ, hasType := r.typeAttribute(attrs)
	switch {
	case hasType && typ == "json":
		return r.loadJSON(m)
	case hasType:
		throwf(tls, ctx, lib.XJS_ThrowTypeError, "Import attribute \"type\" with value \"%s\" is not supported", typ)
		return 0
	case strings.HasSuffix(m.path, ".json"):
		throwf(tls, ctx, lib.XJS_ThrowTypeError, "Module \"%s\" needs an import attribute of \"type: json\"", fileURL(m.path))
		return 0
	}
	kind, loader := analyze.Classify(m.path)
	if kind == analyze.CommonJS {
		return r.loadCommonJS(m)
	}
	src, d, err := r.ahead.take(m.path, m.name)
	if err != nil {
		throwf(tls, ctx, lib.XJS_ThrowReferenceError, "could not load module '%s': %v", m.name, errText(err))
		return 0
	}
	if r.ambiguous(m) && !r.hasModuleSyntax(m, src) {
		return r.loadCommonJS(m)
	}
	r.stats.Modules++
	if kind != analyze.ESModule {
		throwf(tls, ctx, lib.XJS_ThrowSyntaxError, "'%s' is not an ES module (%s)", m.name, kind)
		return 0
	}
	typeScript := loader != analyze.LoaderJS
	var code []byte
	if !r.opts.IgnoreSidecars {
		if d.bytecode != nil {
			if def := r.readBytecode(m, d.bytecode); def != 0 {
				r.stats.FromSidecar++
				return def
			}
			d.reason = ReasonEngine
		}
		if d.reason != "" {
			r.stats.Rejected++
			r.stats.Reasons[d.reason]++
		}
		code = d.code
	}
	if code == nil {
		code = src
		if typeScript {
			plan, err := r.analyzer.Plan(m.path)
			if err == nil {
				var res *analyze.Result
				if res, err = plan.Analyze(m.name, src); err == nil {
					code = res.Code
				}
			}
			if err != nil {
				throwf(tls, ctx, lib.XJS_ThrowSyntaxError, "%s", err)
				return 0
			}
		}
	}
	r.stats.FromSource++
	return r.compile(m, code)
}

// ambiguous reports whether m is a .js file that Node would load as
// CommonJS by its package scope: resolved through a package's "main" or
// "require" target, or lying in a package whose package.json is not "type":
// "module". Node then looks for module syntax (--experimental-detect-module,
// the default since 22.7 and 20.19) and so does the runtime, so that a
// package's files load as Node loads them. A .js file with no package.json
// above it is an ES module, as it is to any non-Node host.
func (r *Runtime) ambiguous(m *module) bool {
	if filepath.Ext(m.path) != ".js" {
		return false
	}
	if m.commonJS {
		return true
	}
	typ, ok := r.resolver.ScopeType(m.path)
	return ok && typ != "module"
}

// hasModuleSyntax reports whether src, an ambiguous .js file, is an ES
// module by Node's rule: it parses as a module and has syntax only a module
// has (import or export declarations, import.meta, top-level await; import()
// is allowed in CommonJS), which shows in its record, or it does not
// compile as CommonJS (export {} leaves no entry in the record). A valid
// sidecar's record answers without a parse; a file that does not parse as
// a module is CommonJS, whose evaluation then reports its error.
func (r *Runtime) hasModuleSyntax(m *module, src []byte) bool {
	var rec *format.Record
	if !r.opts.IgnoreSidecars {
		if sc, err := readFile(sidecar.Path(m.path)); err == nil {
			if s, err := format.Validate(sc, src, format.Expect{}); err == nil {
				rec = s.Record
			}
		}
	}
	if rec == nil {
		res, err := esm.Parse(m.name, src)
		if err != nil {
			return false
		}
		rec = res
	}
	if rec.ModuleSyntax() {
		return true
	}
	return !r.compilesAsCommonJS(m, src)
}

// compilesAsCommonJS compiles src in the CommonJS wrapper the prelude's
// loadCJS uses, without running it.
func (r *Runtime) compilesAsCommonJS(m *module, src []byte) bool {
	tls, ctx := r.tls, r.ctx
	code := make([]byte, 0, len(src)+80)
	code = append(code, "(function (exports, require, module, __filename, __dirname) {"...)
	code = append(code, src...)
	code = append(code, "\n})"...)
	p := r.scratch.put(tls, code)
	if p == 0 {
		return true
	}
	cname := cstring(tls, m.path)
	defer libc.Xfree(tls, cname)
	v := lib.XJS_Eval(tls, ctx, p, libc.Tsize_t(len(code)), cname, lib.MJS_EVAL_TYPE_GLOBAL|lib.MJS_EVAL_FLAG_COMPILE_ONLY)
	if isException(v) {
		free(tls, ctx, lib.XJS_GetException(tls, ctx))
		return false
	}
	free(tls, ctx, v)
	return true
}

// readBytecode hands checked bytecode to QuickJS. It returns 0 (and clears
// the exception) when QuickJS refuses it or it is not a module, so that
// the caller can still compile the source.
func (r *Runtime) readBytecode(m *module, bc []byte) uintptr {
	tls, ctx := r.tls, r.ctx
	// JS_ReadObject copies what it keeps (no JS_READ_OBJ_ROM_DATA), so the
	// buffer is reused for the next module.
	buf := r.scratch.put(tls, bc)
	if buf == 0 {
		return 0
	}
	last := r.lastModule()
	v := lib.XJS_ReadObject(tls, ctx, buf, libc.Tsize_t(len(bc)), lib.MJS_READ_OBJ_BYTECODE)
	if isException(v) {
		free(tls, ctx, lib.XJS_GetException(tls, ctx))
		r.disownModulesAfter(last)
		return 0
	}
	if v.Ftag != lib.EJS_TAG_MODULE {
		free(tls, ctx, v)
		r.disownModulesAfter(last)
		return 0
	}
	def := ptrOf(v)
	if !r.setImportMeta(m, v) {
		free(tls, ctx, v)
		r.disownModulesAfter(last)
		return 0
	}
	free(tls, ctx, v) // the context's module list keeps it
	return def
}

// lastModule returns the link of the last module in the context's list of
// loaded modules (the list head itself when there is none).
func (r *Runtime) lastModule() uintptr {
	return (*lib.TJSContext)(cptr(r.ctx)).Floaded_modules.Fprev
}

// disownModulesAfter renames every module the context loaded after the one
// whose link is last to a name no import can ask for. JS_ReadObject adds a
// module to the context's list before reading its function, and when the
// read fails half-way the module stays there, under its name, with no
// function: every later import of that name would link to it (it is found
// before the loader is asked), and evaluating it crashes the process in
// js_closure2. The name holds a NUL byte, which no normalised name (a C
// string) can; the module itself is left for the garbage collector.
func (r *Runtime) disownModulesAfter(last uintptr) {
	tls, ctx := r.tls, r.ctx
	head := r.ctx + unsafe.Offsetof(lib.TJSContext{}.Floaded_modules)
	linkOff := unsafe.Offsetof(lib.TJSModuleDef{}.Flink)
	dead := cstring(tls, "\x00unreadable bytecode")
	defer libc.Xfree(tls, dead)
	for p := (*lib.Tlist_head)(cptr(last)).Fnext; p != head; p = (*lib.Tlist_head)(cptr(p)).Fnext {
		def := (*lib.TJSModuleDef)(cptr(p - linkOff))
		old := def.Fmodule_name
		def.Fmodule_name = lib.XJS_NewAtomLen(tls, ctx, dead, libc.Tsize_t(len("\x00unreadable bytecode")))
		lib.XJS_FreeAtom(tls, ctx, old)
	}
}

// compile compiles code as the module m, without running it.
func (r *Runtime) compile(m *module, code []byte) uintptr {
	tls, ctx := r.tls, r.ctx
	p := r.scratch.put(tls, code) // the parser copies the source text it keeps
	if p == 0 {
		lib.XJS_ThrowOutOfMemory(tls, ctx)
		return 0
	}
	cname := cstring(tls, m.name)
	defer libc.Xfree(tls, cname)
	v := lib.XJS_Eval(tls, ctx, p, libc.Tsize_t(len(code)), cname, lib.MJS_EVAL_TYPE_MODULE|lib.MJS_EVAL_FLAG_COMPILE_ONLY)
	if isException(v) {
		return 0
	}
	def := ptrOf(v)
	if !r.setImportMeta(m, v) {
		free(tls, ctx, v)
		return 0
	}
	free(tls, ctx, v)
	return def
}

// setImportMeta fills import.meta as Node does for a file module: url,
// filename, dirname, and main for the entry point.
func (r *Runtime) setImportMeta(m *module, v value) bool {
	tls, ctx := r.tls, r.ctx
	meta := lib.XJS_GetImportMeta(tls, ctx, ptrOf(v))
	if isException(meta) {
		return false
	}
	defer free(tls, ctx, meta)
	setProp(tls, ctx, meta, "url", newString(tls, ctx, fileURL(m.path)))
	setProp(tls, ctx, meta, "filename", newString(tls, ctx, m.path))
	setProp(tls, ctx, meta, "dirname", newString(tls, ctx, filepath.Dir(m.path)))
	setProp(tls, ctx, meta, "main", newBool(m.entry))
	return true
}

// loadJSON makes a JSON module: a synthetic module whose only export,
// default, is the parsed file.
func (r *Runtime) loadJSON(m *module) uintptr {
	tls, ctx := r.tls, r.ctx
	r.stats.JSON++
	src, err := readFile(m.path)
	if err != nil {
		throwf(tls, ctx, lib.XJS_ThrowReferenceError, "could not load module '%s': %v", m.name, errText(err))
		return 0
	}
	p := cbytes(tls, src)
	cname := cstring(tls, m.name)
	defer libc.Xfree(tls, p)
	defer libc.Xfree(tls, cname)
	val := lib.XJS_ParseJSON2(tls, ctx, p, libc.Tsize_t(len(src)), cname, 0)
	if isException(val) {
		return 0
	}
	def := lib.XJS_NewCModule(tls, ctx, cname, fp(jsonInit))
	if def == 0 {
		free(tls, ctx, val)
		return 0
	}
	dflt := cstring(tls, "default")
	defer libc.Xfree(tls, dflt)
	lib.XJS_AddModuleExport(tls, ctx, def, dflt)
	lib.XJS_SetModulePrivateValue(tls, ctx, def, val)
	return def
}

// loadCommonJS makes an ES module of a CommonJS file, as Node does: its
// module.exports is the default export, and it runs when the importing
// graph evaluates it (the prelude's loadCJS, with require() for what it
// requires).
func (r *Runtime) loadCommonJS(m *module) uintptr {
	tls, ctx := r.tls, r.ctx
	cname := cstring(tls, m.name)
	defer libc.Xfree(tls, cname)
	def := lib.XJS_NewCModule(tls, ctx, cname, fp(commonJSInit))
	if def == 0 {
		return 0
	}
	dflt := cstring(tls, "default")
	defer libc.Xfree(tls, dflt)
	lib.XJS_AddModuleExport(tls, ctx, def, dflt)
	lib.XJS_SetModulePrivateValue(tls, ctx, def, newString(tls, ctx, m.path))
	return def
}

func commonJSInit(tls *libc.TLS, ctx, def uintptr) int32 {
	v, ok := runtimes.Load(ctx)
	if !ok {
		return -1
	}
	r := v.(*Runtime)
	path := lib.XJS_GetModulePrivateValue(tls, ctx, def)
	defer free(tls, ctx, path)
	f := getProp(tls, ctx, r.host, "loadCJS")
	defer free(tls, ctx, f)
	argv := libc.Xmalloc(tls, libc.Tsize_t(unsafe.Sizeof(value{})))
	defer libc.Xfree(tls, argv)
	*(*value)(cptr(argv)) = path
	exports := lib.XJS_Call(tls, ctx, f, jsUndefined, 1, argv)
	if isException(exports) {
		return -1
	}
	dflt := cstring(tls, "default")
	defer libc.Xfree(tls, dflt)
	return lib.XJS_SetModuleExport(tls, ctx, def, dflt, exports)
}

func jsonInit(tls *libc.TLS, ctx, m uintptr) int32 {
	dflt := cstring(tls, "default")
	defer libc.Xfree(tls, dflt)
	return lib.XJS_SetModuleExport(tls, ctx, m, dflt, lib.XJS_GetModulePrivateValue(tls, ctx, m))
}

// typeAttribute reads the "type" import attribute.
func (r *Runtime) typeAttribute(attrs value) (string, bool) {
	if attrs.Ftag != lib.EJS_TAG_OBJECT {
		return "", false
	}
	t := getProp(r.tls, r.ctx, attrs, "type")
	defer free(r.tls, r.ctx, t)
	if t.Ftag != lib.EJS_TAG_STRING {
		return "", false
	}
	return toString(r.tls, r.ctx, t)
}

// throwf throws an error of the kind thrower makes, with a Go-formatted
// message (passed through "%s", so that it is not read as a C format).
func throwf(tls *libc.TLS, ctx uintptr, thrower func(*libc.TLS, uintptr, uintptr, uintptr) value, f string, args ...any) {
	msg := cstring(tls, fmt.Sprintf(f, args...))
	pct := cstring(tls, "%s")
	defer libc.Xfree(tls, msg)
	defer libc.Xfree(tls, pct)
	va := tls.Alloc(16)
	defer tls.Free(16)
	thrower(tls, ctx, pct, libc.VaList(va, msg))
}

func fileURL(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
