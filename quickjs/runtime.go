package quickjs

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"sync"
	"time"
	"unsafe"

	"modernc.org/libc"
	lib "modernc.org/libquickjs"

	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/resolve"
	"github.com/bmesjs/bmes/quickjs/naming"
)

// DefaultConditions are the package.json "exports"/"imports" conditions a
// Runtime matches besides "default": a module-loading host that is neither
// Node nor a browser, so "node" and "browser" variants (which reach for
// node: builtins or the DOM) are not chosen.
var DefaultConditions = []string{"import", "module"}

// Options configures a Runtime. The zero value uses sidecars, finds the
// project directory from the entry point and prints to os.Stdout and
// os.Stderr.
type Options struct {
	// Root is the project directory: modules are named by their path
	// relative to it, and bytecode compiled under another name is not used.
	// "" means ProjectDir of the entry point.
	Root string
	// IgnoreSidecars compiles every module from source: the baseline.
	IgnoreSidecars bool
	// Conditions are the package.json conditions for bare imports; nil
	// means DefaultConditions.
	Conditions []string
	// Stdout and Stderr receive console output; nil means os.Stdout and
	// os.Stderr.
	Stdout, Stderr io.Writer
	// Env is process.env, as "KEY=value" strings; nil means os.Environ().
	Env []string
}

// Stats says where a run's modules came from and how long it took.
type Stats struct {
	Modules     int            `json:"modules"`     // ES modules (JavaScript, TypeScript, JSX) loaded: FromSidecar + FromSource
	FromSidecar int            `json:"fromSidecar"` // read from a sidecar's bytecode: never parsed
	FromSource  int            `json:"fromSource"`  // compiled from source
	Rejected    int            `json:"rejected"`    // sidecars present but not used
	Reasons     map[string]int `json:"reasons"`     // why, for Rejected
	LoadMs      float64        `json:"loadMs"`      // loading the static graph of the entry point
	RunMs       float64        `json:"runMs"`       // evaluating it, jobs and timers included
	JSON        int            `json:"json"`        // JSON modules (parsed: no sidecar applies)
	CommonJS    int            `json:"commonJS"`    // CommonJS files run (not ES modules: never from a sidecar)
}

// Runtime runs one ES module graph on its own QuickJS runtime. It is not
// safe for concurrent use; separate Runtimes are independent.
type Runtime struct {
	opts     Options
	root     string
	tls      *libc.TLS
	rt, ctx  uintptr
	heap     uintptr // what rt allocates from (0: the port's malloc)
	host     value   // the prelude's host object: nextTimer, runTimer, inspect
	resolver *resolve.Resolver
	// requireResolver resolves require() in CommonJS files: the "require"
	// condition instead of "import".
	requireResolver *resolve.Resolver
	analyzer        *analyze.Analyzer
	stdout          io.Writer
	stderr          io.Writer

	byName   map[string]*module // QuickJS module name → module
	byPath   map[string]*module // real path → module
	resolved map[resolveKey]*module
	ahead    *readAhead // resolves and reads for the loader, ahead of it while Load runs

	stats     Stats
	scratch   scratch // C copy of the module being compiled or read
	entry     value   // the loaded entry module, until Run evaluates it
	loaded    bool
	unhandled []rejection
	closed    bool
}

type module struct {
	name, path string
	entry      bool
	commonJS   bool // resolved as CommonJS (a package's "main" or "require" target)
}

// rejection is a promise rejected with no handler yet.
type rejection struct {
	promise uintptr
	reason  value
}

// GC thresholds (bytes allocated between collections): QuickJS's default,
// and the one used while a graph loads.
const (
	defaultGCThreshold = 256 << 10
	loadGCThreshold    = 256 << 20
)

// runtimes finds the Runtime behind a C callback's context.
var runtimes sync.Map // ctx uintptr → *Runtime

//go:embed host.js
var hostJS string

// New returns a Runtime. Call Close when done with it.
func New(opts Options) (*Runtime, error) {
	tls := libc.NewTLS()
	rt, heap := newRuntime(tls)
	if rt == 0 {
		tls.Close()
		return nil, errors.New("quickjs: cannot create a runtime")
	}
	lib.XJS_SetStripInfo(tls, rt, 0)
	ctx := lib.XJS_NewContext(tls, rt)
	if ctx == 0 {
		lib.XJS_FreeRuntime(tls, rt)
		freeHeap(heap)
		tls.Close()
		return nil, errors.New("quickjs: cannot create a context")
	}
	r := &Runtime{
		opts:            opts,
		tls:             tls,
		rt:              rt,
		heap:            heap,
		ctx:             ctx,
		resolver:        resolve.New(conditions(opts.Conditions)),
		requireResolver: resolve.New(requireConditions(conditions(opts.Conditions))),
		analyzer:        analyze.New(),
		stdout:          opts.Stdout,
		stderr:          opts.Stderr,
		byName:          map[string]*module{},
		byPath:          map[string]*module{},
		resolved:        map[resolveKey]*module{},
		stats:           Stats{Reasons: map[string]int{}},
	}
	r.ahead = newReadAhead(r.resolver, conditions(opts.Conditions), !opts.IgnoreSidecars)
	if r.stdout == nil {
		r.stdout = os.Stdout
	}
	if r.stderr == nil {
		r.stderr = os.Stderr
	}
	runtimes.Store(ctx, r)
	lib.XJS_SetModuleLoaderFunc2(tls, rt, fp(normalizeHook), fp(loaderHook), fp(checkAttributesHook), 0)
	lib.XJS_SetHostPromiseRejectionTracker(tls, rt, fp(rejectionHook), 0)
	if err := r.installHost(); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// requireConditions are conds with "require" in place of "import".
func requireConditions(conds []string) []string {
	out := []string{"require"}
	for _, c := range conds {
		if c != "import" && c != "require" {
			out = append(out, c)
		}
	}
	return out
}

func conditions(c []string) []string {
	if c == nil {
		return DefaultConditions
	}
	return c
}

// Close frees the runtime. Pending timers are dropped.
func (r *Runtime) Close() {
	if r.closed {
		return
	}
	r.closed = true
	free(r.tls, r.ctx, r.entry)
	for _, u := range r.unhandled {
		free(r.tls, r.ctx, u.reason)
	}
	r.unhandled = nil
	free(r.tls, r.ctx, r.host)
	runtimes.Delete(r.ctx)
	r.scratch.free(r.tls)
	lib.XJS_FreeContext(r.tls, r.ctx)
	lib.XJS_FreeRuntime(r.tls, r.rt)
	freeHeap(r.heap)
	r.tls.Close()
}

// Stats returns where the modules loaded so far came from.
func (r *Runtime) Stats() Stats {
	s := r.stats
	s.Reasons = map[string]int{}
	for k, v := range r.stats.Reasons {
		s.Reasons[k] = v
	}
	return s
}

// installHost creates the native host object and runs the prelude, which
// defines console, timers, queueMicrotask, TextEncoder and TextDecoder.
func (r *Runtime) installHost() error {
	tls, ctx := r.tls, r.ctx
	host := lib.XJS_NewObject(tls, ctx)
	for i, name := range []string{"print", "now", "resolveRequire", "readFile", "evalScript"} {
		cname := cstring(tls, name)
		f := lib.XJS_NewCFunction2(tls, ctx, fp(hostCall), cname, 2, lib.EJS_CFUNC_generic_magic, int32(i))
		libc.Xfree(tls, cname)
		setProp(tls, ctx, host, name, f)
	}
	env := r.opts.Env
	if env == nil {
		env = os.Environ()
	}
	envMap := map[string]string{}
	for _, kv := range env {
		if k, v, ok := strings.Cut(kv, "="); ok && k != "" {
			envMap[k] = v
		}
	}
	envJSON, _ := json.Marshal(envMap)
	setProp(tls, ctx, host, "env", newString(tls, ctx, string(envJSON)))
	cwd, _ := os.Getwd()
	setProp(tls, ctx, host, "cwd", newString(tls, ctx, cwd))
	platform := goruntime.GOOS
	if platform == "windows" {
		platform = "win32"
	}
	setProp(tls, ctx, host, "platform", newString(tls, ctx, platform))
	global := lib.XJS_GetGlobalObject(tls, ctx)
	setProp(tls, ctx, global, "__bmes_host", host) // takes host; the prelude deletes it
	free(tls, ctx, global)
	v, err := r.evalScript("bmes:host", []byte(hostJS))
	if err != nil {
		return fmt.Errorf("quickjs: host prelude: %w", err)
	}
	r.host = v
	return nil
}

// EvalScript runs src as a classic script in the global scope, before the
// module, as test262's harness files are run.
func (r *Runtime) EvalScript(name string, src []byte) error {
	v, err := r.evalScript(name, src)
	if err != nil {
		return err
	}
	free(r.tls, r.ctx, v)
	return nil
}

func (r *Runtime) evalScript(name string, src []byte) (value, error) {
	tls, ctx := r.tls, r.ctx
	p := cbytes(tls, src)
	cname := cstring(tls, name)
	defer libc.Xfree(tls, p)
	defer libc.Xfree(tls, cname)
	v := lib.XJS_Eval(tls, ctx, p, libc.Tsize_t(len(src)), cname, lib.MJS_EVAL_TYPE_GLOBAL)
	if isException(v) {
		return jsUndefined, r.exception()
	}
	return v, nil
}

// Error is a JavaScript exception that ended a run: uncaught, or the
// rejection of the entry point's evaluation, or an unhandled rejection.
type Error struct {
	Message string // String(value)
	Stack   string // the error's stack, "" if it has none
	Report  string // what bmes-run prints: message and stack, as inspect gives them
}

func (e *Error) Error() string { return e.Message }

// exception takes the pending exception as an *Error.
func (r *Runtime) exception() *Error {
	exc := lib.XJS_GetException(r.tls, r.ctx)
	defer free(r.tls, r.ctx, exc)
	return r.errorOf(exc)
}

func (r *Runtime) errorOf(v value) *Error {
	tls, ctx := r.tls, r.ctx
	e := &Error{}
	if s, ok := toString(tls, ctx, v); ok {
		e.Message = s
	} else {
		free(tls, ctx, lib.XJS_GetException(tls, ctx))
		e.Message = "exception"
	}
	if v.Ftag == lib.EJS_TAG_OBJECT {
		stack := getProp(tls, ctx, v, "stack")
		if stack.Ftag == lib.EJS_TAG_STRING {
			e.Stack, _ = toString(tls, ctx, stack)
		}
		free(tls, ctx, stack)
	}
	e.Report = e.Message
	if r.host.Ftag == lib.EJS_TAG_OBJECT {
		if s, ok := r.callHost("inspect", v); ok {
			e.Report = s
		}
	}
	return e
}

// callHost calls a function of the prelude's host object and returns the
// result as a string.
func (r *Runtime) callHost(name string, args ...value) (string, bool) {
	tls, ctx := r.tls, r.ctx
	f := getProp(tls, ctx, r.host, name)
	defer free(tls, ctx, f)
	var argv uintptr
	if len(args) > 0 {
		argv = libc.Xmalloc(tls, libc.Tsize_t(len(args))*libc.Tsize_t(unsafe.Sizeof(value{})))
		defer libc.Xfree(tls, argv)
		copy(unsafe.Slice((*value)(cptr(argv)), len(args)), args)
	}
	res := lib.XJS_Call(tls, ctx, f, jsUndefined, int32(len(args)), argv)
	if isException(res) {
		free(tls, ctx, lib.XJS_GetException(tls, ctx))
		return "", false
	}
	defer free(tls, ctx, res)
	if res.Ftag == lib.EJS_TAG_INT {
		return fmt.Sprint(int32Of(res)), true
	}
	return toString(tls, ctx, res)
}

// Run loads the ES module at entry and everything it imports, evaluates
// it, and runs the event loop (promise jobs, then timers) until nothing is
// left. An uncaught exception, a rejected evaluation or an unhandled
// rejection ends the run with an *Error.
func (r *Runtime) Run(entry string) error {
	if err := r.Load(entry); err != nil {
		return err
	}
	loaded := time.Now()
	defer func() { r.stats.RunMs = ms(time.Since(loaded)) }()
	tls, ctx := r.tls, r.ctx
	m := r.entry
	r.entry = jsUndefined
	p := lib.XJS_EvalFunction(tls, ctx, m) // frees m
	if isException(p) {
		return r.exception()
	}
	defer free(tls, ctx, p)
	if err := r.loop(); err != nil {
		return err
	}
	if lib.XJS_PromiseState(tls, ctx, p) == lib.EJS_PROMISE_REJECTED {
		res := lib.XJS_PromiseResult(tls, ctx, p)
		defer free(tls, ctx, res)
		r.dropRejection(ptrOf(p))
		return r.errorOf(res)
	}
	return nil
}

// Load loads the static module graph of entry, compiling or reading every
// module and resolving every import, without evaluating anything; Run then
// evaluates it. Called alone, it measures the cost of loading
// (Stats.LoadMs). A Runtime loads one entry point.
func (r *Runtime) Load(entry string) error {
	if r.loaded {
		return errors.New("quickjs: a Runtime loads one entry point")
	}
	r.loaded = true
	start := time.Now()
	// Loading allocates a module graph that lives as long as the program:
	// a collection while it grows frees nothing and costs a pass over the
	// whole heap each time. Collect again once the graph is built, as
	// QuickJS does by default.
	lib.XJS_SetGCThreshold(r.tls, r.rt, loadGCThreshold)
	defer func() {
		lib.XJS_SetGCThreshold(r.tls, r.rt, defaultGCThreshold)
		r.stats.LoadMs = ms(time.Since(start))
	}()
	abs, err := filepath.Abs(entry)
	if err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	} else {
		return fmt.Errorf("cannot find module %s", entry)
	}
	if r.root == "" {
		r.root = r.opts.Root
		if r.root == "" {
			r.root = ProjectDir(abs)
		} else if root, err := filepath.Abs(r.root); err == nil {
			r.root = root
		}
	}
	mod := r.moduleFor(abs)
	mod.entry = true
	r.ahead.start(abs, r.root)
	defer r.ahead.stop()
	def := r.load(mod, jsUndefined)
	if def == 0 {
		return r.exception()
	}
	var m value
	*(*uintptr)(unsafe.Pointer(&m)) = def
	m.Ftag = lib.EJS_TAG_MODULE
	m = lib.XDupValue(r.tls, r.ctx, m)
	if lib.XJS_ResolveModule(r.tls, r.ctx, m) < 0 {
		free(r.tls, r.ctx, m)
		return r.exception()
	}
	r.entry = m
	return nil
}

// loop runs promise jobs until none is left, then the next due timer, and
// so on. Unhandled rejections are checked whenever the job queue empties,
// as Node checks them after each macrotask.
func (r *Runtime) loop() error {
	tls := r.tls
	bp := tls.Alloc(8)
	defer tls.Free(8)
	for {
		for {
			n := lib.XJS_ExecutePendingJob(tls, r.rt, bp)
			if n < 0 {
				return r.exception()
			}
			if n == 0 {
				break
			}
		}
		if len(r.unhandled) > 0 {
			u := r.unhandled[0]
			e := r.errorOf(u.reason)
			return e
		}
		delay, ok := r.callHost("nextTimer")
		if !ok || delay == "-1" {
			return nil
		}
		var d float64
		fmt.Sscan(delay, &d)
		if d > 0 {
			time.Sleep(time.Duration(d * float64(time.Millisecond)))
		}
		f := getProp(tls, r.ctx, r.host, "runTimer")
		res := lib.XJS_Call(tls, r.ctx, f, jsUndefined, 0, 0)
		free(tls, r.ctx, f)
		if isException(res) {
			return r.exception()
		}
		free(tls, r.ctx, res)
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (r *Runtime) dropRejection(p uintptr) {
	for i, u := range r.unhandled {
		if u.promise == p {
			free(r.tls, r.ctx, u.reason)
			r.unhandled = append(r.unhandled[:i], r.unhandled[i+1:]...)
			return
		}
	}
}

// rejectionHook is QuickJS's host promise rejection tracker: a rejection
// with no handler is remembered until a handler is added or the job queue
// empties.
func rejectionHook(tls *libc.TLS, ctx uintptr, promise, reason value, isHandled int32, opaque uintptr) {
	v, ok := runtimes.Load(ctx)
	if !ok {
		return
	}
	r := v.(*Runtime)
	if isHandled != 0 {
		r.dropRejection(ptrOf(promise))
		return
	}
	// The walk over the modules is made only when a pending rejection has
	// this reason, so a program rejecting many promises pays nothing.
	if r.pendingReason(reason) && r.isModulePromise(ptrOf(promise)) {
		r.dropModuleBodyRejections(reason)
	}
	r.unhandled = append(r.unhandled, rejection{promise: ptrOf(promise), reason: lib.XDupValue(tls, ctx, reason)})
}

// isModulePromise reports whether p is the evaluation promise of a module
// of the context.
func (r *Runtime) isModulePromise(p uintptr) bool {
	c := (*lib.TJSContext)(cptr(r.ctx))
	head := r.ctx + unsafe.Offsetof(c.Floaded_modules)
	linkOff := unsafe.Offsetof(lib.TJSModuleDef{}.Flink)
	for l := c.Floaded_modules.Fnext; l != head; l = (*lib.Tlist_head)(cptr(l)).Fnext {
		m := (*lib.TJSModuleDef)(cptr(l - linkOff))
		if m.Fpromise.Ftag == lib.EJS_TAG_OBJECT && ptrOf(m.Fpromise) == p {
			return true
		}
	}
	return false
}

func sameValue(a, b value) bool {
	return a.Ftag == b.Ftag && *(*uint64)(unsafe.Pointer(&a)) == *(*uint64)(unsafe.Pointer(&b))
}

// pendingReason reports whether a pending rejection has reason as its reason.
func (r *Runtime) pendingReason(reason value) bool {
	for _, u := range r.unhandled {
		if sameValue(u.reason, reason) {
			return true
		}
	}
	return false
}

// dropModuleBodyRejections forgets the rejections with reason as their
// reason. QuickJS runs every module body as an async function, even one
// without top-level await: a body that throws rejects that function's
// promise, which nothing can handle (js_execute_sync_module reads its state
// and frees it), and the module's evaluation promise is rejected next with
// the same value. That one is what an import() or the entry point's Run
// handles; the body's promise, which no ES host would see, must not end
// the run as an unhandled rejection (Node prints nothing for a caught
// import() of a module that throws).
func (r *Runtime) dropModuleBodyRejections(reason value) {
	kept := r.unhandled[:0]
	for _, u := range r.unhandled {
		if sameValue(u.reason, reason) {
			free(r.tls, r.ctx, u.reason)
			continue
		}
		kept = append(kept, u)
	}
	r.unhandled = kept
}

// hostCall is the native side of the prelude's host object: magic 0 is
// print(fd, string), 1 is now() in milliseconds.
func hostCall(tls *libc.TLS, ctx uintptr, this value, argc int32, argv uintptr, magic int32) value {
	v, ok := runtimes.Load(ctx)
	if !ok {
		return jsUndefined
	}
	r := v.(*Runtime)
	args := unsafe.Slice((*value)(cptr(argv)), argc)
	switch magic {
	case 0:
		if argc < 2 {
			return jsUndefined
		}
		s, ok := toString(tls, ctx, args[1])
		if !ok {
			return value{Ftag: lib.EJS_TAG_EXCEPTION}
		}
		w := r.stdout
		if int32Of(args[0]) == 2 {
			w = r.stderr
		}
		io.WriteString(w, s)
		return jsUndefined
	case 1:
		now := float64(time.Now().UnixNano()) / 1e6
		return newFloat(now)
	}
	strs := make([]string, argc)
	for i := range args {
		s, ok := toString(tls, ctx, args[i])
		if !ok {
			return value{Ftag: lib.EJS_TAG_EXCEPTION}
		}
		strs[i] = s
	}
	switch {
	case magic == 2 && argc >= 2: // resolveRequire(spec, fromPath)
		res, err := r.requireResolver.Resolve(strs[0], strs[1])
		if err != nil {
			throwf(tls, ctx, lib.XJS_ThrowTypeError, "Cannot find module '%s' required from %s", strs[0], strs[1])
			return value{Ftag: lib.EJS_TAG_EXCEPTION}
		}
		p := res.Path
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		return newString(tls, ctx, p)
	case magic == 3 && argc >= 1: // readFile(path)
		b, err := os.ReadFile(strs[0])
		if err != nil {
			throwf(tls, ctx, lib.XJS_ThrowTypeError, "cannot read %s: %v", strs[0], errText(err))
			return value{Ftag: lib.EJS_TAG_EXCEPTION}
		}
		r.stats.CommonJS++
		return newString(tls, ctx, string(b))
	case magic == 4 && argc >= 2: // evalScript(src, filename)
		p := cstring(tls, strs[0])
		name := cstring(tls, strs[1])
		defer libc.Xfree(tls, p)
		defer libc.Xfree(tls, name)
		return lib.XJS_Eval(tls, ctx, p, libc.Tsize_t(len(strs[0])), name, lib.MJS_EVAL_TYPE_GLOBAL)
	}
	return jsUndefined
}

func newFloat(f float64) value {
	var v value
	*(*float64)(unsafe.Pointer(&v)) = f
	v.Ftag = lib.EJS_TAG_FLOAT64
	return v
}

// ProjectDir returns the directory module names are relative to for the
// entry point at path: naming.ProjectDir, or the entry's own directory when
// no package.json says where the project is.
func ProjectDir(path string) string {
	dir, _ := naming.ProjectDir(path)
	return dir
}
