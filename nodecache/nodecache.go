// Package nodecache writes Node.js's own on-disk compile cache for a module
// graph ahead of time, so that an app's first start (a fresh container, a
// serverless cold start, a CI job) finds every module already compiled, as
// its hundredth start would.
//
// Node fills its compile cache (module.enableCompileCache, NODE_COMPILE_CACHE;
// 22.1+) only by running the app, and its layout is Node's private business.
// So this package does not write Node's format: it runs the Node binary the
// app will run on with a generator script (generate.mjs) that makes Node
// compile, and never evaluate, every module reachable from the given ones:
// ES modules through Node's own loader, the CommonJS modules they reach and
// every require("…") with a string argument from there, resolved by Node's
// own require.resolve, and stripped TypeScript where that Node strips types.
// Node writes each entry itself. What the package does know of the layout
// (the versioned directory ends in the user id; an entry is named by the CRC32
// of a type byte and its key) is checked against what that Node wrote, and a
// run refuses clearly when it does not hold.
//
// Entries are per Node build, per CPU features and per user id, like Node's
// own; with portable keys (Node 24.12+) the tree and the cache can be moved
// together.
package nodecache

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

//go:embed generate.mjs requires.mjs
var scripts embed.FS

// Options configures Generate.
type Options struct {
	// Node is the node binary, a path or a name looked up on PATH; "" means
	// "node". The cache is for exactly this build of Node.
	Node string
	// Dir is the cache directory, what NODE_COMPILE_CACHE will name. Node
	// keeps its entries in a subdirectory per Node version, architecture,
	// V8 cache tag and user id.
	Dir string
	// UID is the user id the app will run as; a negative value means the
	// current user's.
	UID int
	// Modules are the absolute paths of the graph's modules (ES modules,
	// CommonJS, TypeScript); what they import and require is followed.
	Modules []string
	// Hook is the --import module the app will start with (bmes-node's
	// register.mjs), or "": the cache is generated with it registered, so
	// that entries hold what it serves (the sidecars' JavaScript for
	// TypeScript) rather than what Node's type stripping would give.
	Hook string
	// Absolute turns portable keys off even where Node has them: entries are
	// then keyed by absolute path and valid only where the tree is now.
	Absolute bool
}

// ModuleError is a module Node could not compile: it gets no entry, and the
// app's own start will report the same error.
type ModuleError struct {
	File    string
	Message string
}

// Result tells what a Generate run left in the cache.
type Result struct {
	NodeVersion string // as process.version says, "v24.22.3"
	Dir         string // the cache directory, as given
	Subdir      string // the versioned directory that holds the entries
	Portable    bool   // entries are keyed relative to Dir
	Hook        string // the --import the cache was generated with, as given
	// The modules compiled, by the format Node gave them.
	ESM, CommonJS, TypeScript []string
	Errors                    []ModuleError
	// Written counts entry files new or rewritten by this run, Kept those
	// left as they were (their modules are unchanged).
	Written, Kept int
	Elapsed       time.Duration
}

// Modules is the number of modules that have an entry.
func (r *Result) Modules() int { return len(r.ESM) + len(r.CommonJS) + len(r.TypeScript) }

// Start is how to start Node on the cache: the environment, then node
// with the hook if there is one.
func (r *Result) Start() string {
	s := strings.Join(r.Env(), " ") + " node"
	if r.Hook != "" {
		s += " --import " + r.Hook
	}
	return s
}

// Env is the environment that makes Node use the cache.
func (r *Result) Env() []string {
	env := []string{"NODE_COMPILE_CACHE=" + r.Dir}
	if r.Portable {
		env = append(env, "NODE_COMPILE_CACHE_PORTABLE=1")
	}
	return env
}

// job is what generate.mjs reads.
type job struct {
	Dir      string   `json:"dir"`
	Result   string   `json:"result"`
	Portable bool     `json:"portable"`
	UID      int      `json:"uid"`
	Hook     string   `json:"hook,omitempty"`
	Modules  []string `json:"modules"`
}

// genResult is what generate.mjs writes.
type genResult struct {
	Node       string   `json:"node"`
	UID        int      `json:"uid"`
	CacheDir   string   `json:"cacheDir"`
	Portable   bool     `json:"portable"`
	ESM        []string `json:"esm"`
	CommonJS   []string `json:"commonjs"`
	TypeScript []string `json:"typescript"`
	Errors     []struct {
		File    string `json:"file"`
		Message string `json:"message"`
	} `json:"errors"`
	Fatal string `json:"fatal"`
}

var versionRE = regexp.MustCompile(`^v(\d+)\.(\d+)\.(\d+)`)

// Version runs node --version and returns major, minor and patch.
func Version(ctx context.Context, node string) (version string, major, minor int, err error) {
	out, err := exec.CommandContext(ctx, node, "--version").Output()
	if err != nil {
		return "", 0, 0, fmt.Errorf("nodecache: %s --version: %w", node, err)
	}
	version = strings.TrimSpace(string(out))
	m := versionRE.FindStringSubmatch(version)
	if m == nil {
		return "", 0, 0, fmt.Errorf("nodecache: %s --version printed %q, not a Node version", node, version)
	}
	major, _ = strconv.Atoi(m[1])
	minor, _ = strconv.Atoi(m[2])
	return version, major, minor, nil
}

// portableSince reports whether Node major.minor keys entries relative to
// the cache directory on request (enableCompileCache({portable: true})).
func portableSince(major, minor int) bool {
	return major > 24 || major == 24 && minor >= 12
}

// Generate fills Node's compile cache in opts.Dir for the graph of
// opts.Modules. The error is for a run that could not happen (no Node, a
// Node too old, a cache layout this package does not know); modules Node
// could not compile are Result.Errors.
func Generate(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	node := opts.Node
	if node == "" {
		node = "node"
	}
	nodePath, err := exec.LookPath(node)
	if err != nil {
		return nil, fmt.Errorf("nodecache: %w", err)
	}
	// The generator runs in a directory of its own: a relative path to
	// node would not lead there.
	if nodePath, err = filepath.Abs(nodePath); err != nil {
		return nil, fmt.Errorf("nodecache: %w", err)
	}
	version, major, minor, err := Version(ctx, nodePath)
	if err != nil {
		return nil, err
	}
	if major < 22 {
		return nil, fmt.Errorf("nodecache: %s is Node %s; the compile cache needs Node 22 or later", node, version)
	}
	if opts.Dir == "" {
		return nil, errors.New("nodecache: no cache directory given")
	}
	absDir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("nodecache: %w", err)
	}
	if err := os.MkdirAll(absDir, 0o755); err != nil {
		return nil, fmt.Errorf("nodecache: %w", err)
	}
	uid := opts.UID
	if uid < 0 {
		uid = os.Getuid()
	}

	tmp, err := os.MkdirTemp("", "bmes-node-cache-")
	if err != nil {
		return nil, fmt.Errorf("nodecache: %w", err)
	}
	defer os.RemoveAll(tmp)
	for _, name := range []string{"generate.mjs", "requires.mjs"} {
		b, _ := scripts.ReadFile(name)
		if err := os.WriteFile(filepath.Join(tmp, name), b, 0o644); err != nil {
			return nil, fmt.Errorf("nodecache: %w", err)
		}
	}
	if len(opts.Modules) == 0 {
		return nil, errors.New("nodecache: no modules to compile (a CommonJS entry point such as main.cjs must be given as a root)")
	}
	mods := append([]string(nil), opts.Modules...)
	sort.Strings(mods)
	j := job{
		Dir:      absDir,
		Result:   filepath.Join(tmp, "result.json"),
		Portable: !opts.Absolute && portableSince(major, minor),
		UID:      uid,
		Modules:  mods,
	}
	if opts.Hook != "" {
		if j.Hook, err = filepath.Abs(opts.Hook); err != nil {
			return nil, fmt.Errorf("nodecache: %w", err)
		}
		if _, err := os.Stat(j.Hook); err != nil {
			return nil, fmt.Errorf("nodecache: the loader hook: %w", err)
		}
	}
	jb, _ := json.Marshal(j)
	jobPath := filepath.Join(tmp, "job.json")
	if err := os.WriteFile(jobPath, jb, 0o644); err != nil {
		return nil, fmt.Errorf("nodecache: %w", err)
	}

	before := snapshot(absDir)
	cmd := exec.CommandContext(ctx, nodePath, "--expose-internals", "--no-warnings", filepath.Join(tmp, "generate.mjs"), jobPath)
	cmd.Env = generatorEnv(os.Environ())
	cmd.Dir = tmp
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	cmd.Stdout = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("nodecache: %s generating the compile cache: %w\n%s", node, err, tail(stderr.String()))
	}
	rb, err := os.ReadFile(j.Result)
	if err != nil {
		return nil, fmt.Errorf("nodecache: the generator left no result: %w\n%s", err, tail(stderr.String()))
	}
	var g genResult
	if err := json.Unmarshal(rb, &g); err != nil {
		return nil, fmt.Errorf("nodecache: the generator's result: %w", err)
	}
	if g.Fatal != "" {
		return nil, fmt.Errorf("nodecache: %s", g.Fatal)
	}
	if err := checkLayout(absDir, g.CacheDir, version, uid); err != nil {
		return nil, err
	}
	res := &Result{
		NodeVersion: g.Node,
		Dir:         opts.Dir,
		Subdir:      g.CacheDir,
		Portable:    g.Portable,
		Hook:        opts.Hook,
		ESM:         g.ESM,
		CommonJS:    g.CommonJS,
		TypeScript:  g.TypeScript,
	}
	for _, e := range g.Errors {
		res.Errors = append(res.Errors, ModuleError{File: e.File, Message: e.Message})
	}
	after := snapshot(absDir)
	prefix := filepath.Base(g.CacheDir) + "/"
	for name, st := range after {
		if !strings.HasPrefix(name, prefix) {
			continue
		}
		if old, ok := before[name]; ok && old == st {
			res.Kept++
		} else {
			res.Written++
		}
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// checkLayout checks what this package assumes of Node's layout against
// what Node did: one versioned directory under dir, named for the Node
// version and ending in the user id.
func checkLayout(dir, sub, version string, uid int) error {
	if filepath.Dir(sub) != dir {
		return fmt.Errorf("nodecache: Node %s keeps its compile cache in %s, not in a directory of %s: its layout is not the one bmes knows", version, sub, dir)
	}
	base := filepath.Base(sub)
	if !strings.HasPrefix(base, version+"-") || !strings.HasSuffix(base, "-"+strconv.Itoa(uid)) {
		return fmt.Errorf("nodecache: Node %s named its compile cache directory %s, not %s-…-%d: its layout is not the one bmes knows", version, base, version, uid)
	}
	return nil
}

// generatorEnv is the environment the generator runs in: the caller's,
// since NODE_OPTIONS flags that change V8's flags also change the cache
// Node will look for, without the variables that would point Node's cache
// elsewhere or flood the output.
func generatorEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "NODE_COMPILE_CACHE", "NODE_COMPILE_CACHE_PORTABLE", "NODE_DISABLE_COMPILE_CACHE", "NODE_DEBUG_NATIVE":
			continue
		}
		out = append(out, kv)
	}
	return out
}

type fileState struct {
	size  int64
	mtime time.Time
}

// snapshot lists the entry files under dir's versioned directories.
func snapshot(dir string) map[string]fileState {
	m := map[string]fileState{}
	subs, _ := os.ReadDir(dir)
	for _, s := range subs {
		if !s.IsDir() {
			continue
		}
		files, _ := os.ReadDir(filepath.Join(dir, s.Name()))
		for _, f := range files {
			if fi, err := f.Info(); err == nil && fi.Mode().IsRegular() {
				m[s.Name()+"/"+f.Name()] = fileState{fi.Size(), fi.ModTime()}
			}
		}
	}
	return m
}

func tail(s string) string {
	const max = 4000
	if len(s) > max {
		s = "…" + s[len(s)-max:]
	}
	return strings.TrimSpace(s)
}
