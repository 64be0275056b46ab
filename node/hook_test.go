// Tests of the loader hook (register.mjs, hooks.mjs) on the Node builds
// test.sh installs: the programs print what esbuild's bundle of them
// prints, stack traces name the .ts lines, and stale or corrupt sidecars
// fall through to Node.
package node_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/bmesjs/bmes/internal/nodebin"
	"github.com/bmesjs/bmes/internal/treetest"
	"github.com/bmesjs/bmes/nodecache"
	"github.com/bmesjs/bmes/precompile"
)

// precompileDir writes the sidecars of every module under dir.
func precompileDir(t *testing.T, dir string) {
	t.Helper()
	rep, err := precompile.Run(context.Background(), precompile.Options{Roots: []string{dir}})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Written == 0 {
		t.Fatalf("precompile: %d written, diagnostics %v", rep.Written, rep.Diagnostics)
	}
}

func register(t *testing.T) string {
	p, err := filepath.Abs("register.mjs")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type result struct {
	stdout, stderr string
	err            error
}

// node runs the Node build alias in dir with args and extra environment.
func node(t *testing.T, alias, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := nodebin.Command(t, alias, args...)
	cmd.Dir = dir
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return result{stdout.String(), stderr.String(), err}
}

// bundle builds entry with esbuild into one ES module and returns its path.
func bundle(t *testing.T, dir, entry string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "bundle.mjs")
	res := api.Build(api.BuildOptions{
		EntryPoints: []string{filepath.Join(dir, entry)},
		Bundle:      true,
		Format:      api.FormatESModule,
		Platform:    api.PlatformNode,
		Outfile:     out,
		Write:       true,
		LogLevel:    api.LogLevelSilent,
		// As the sidecars' code: decorators lowered, Node has none yet.
		Supported: map[string]bool{"decorators": false},
	})
	if len(res.Errors) > 0 {
		t.Fatalf("esbuild: %v", res.Errors)
	}
	return out
}

var stats = regexp.MustCompile(`bmes-node: (\d+) served, (\d+) format told, (\d+) fell through`)

// hookStats returns the counts BMES_NODE_STATS prints.
func hookStats(t *testing.T, stderr string) (served, format, fell string) {
	t.Helper()
	m := stats.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("no hook statistics in stderr:\n%s", stderr)
	}
	return m[1], m[2], m[3]
}

func TestTypeScriptProgram(t *testing.T) {
	for _, alias := range nodebin.Versions {
		t.Run(alias, func(t *testing.T) {
			app := treetest.Extract(t, "testdata/ts-app.txtar")
			want := node(t, alias, app, nil, bundle(t, app, "main.ts"))
			if want.err != nil {
				t.Fatalf("the esbuild bundle failed: %v\n%s", want.err, want.stderr)
			}
			if !strings.Contains(want.stdout, "hello ts Green 2 42 3 function") {
				t.Fatalf("the bundle printed %q", want.stdout)
			}
			// Without sidecars, Node cannot run the program: its type
			// stripping refuses enums (or it does not know .tsx).
			if r := node(t, alias, app, nil, "--import", register(t), "main.ts"); r.err == nil {
				t.Fatalf("without sidecars the program ran: %s", r.stdout)
			}

			precompileDir(t, app)
			got := node(t, alias, app, []string{"BMES_NODE_STATS=1"}, "--import", register(t), "main.ts")
			if got.err != nil {
				t.Fatalf("with the hook: %v\n%s", got.err, got.stderr)
			}
			if got.stdout != want.stdout {
				t.Errorf("with the hook the program printed\n%s\nits esbuild bundle\n%s", got.stdout, want.stdout)
			}
			if served, _, _ := hookStats(t, got.stderr); served != "3" {
				t.Errorf("%s modules served, want 3\n%s", served, got.stderr)
			}

			// Stack traces name the .ts line of the throw (line 22).
			boom := node(t, alias, app, nil, "--enable-source-maps", "--import", register(t), "main.ts", "boom")
			if boom.err == nil {
				t.Fatal("boom did not throw")
			}
			if !regexp.MustCompile(`at boom \(.*/main\.ts:22:\d+\)`).MatchString(boom.stderr) {
				t.Errorf("the stack trace does not name main.ts:22:\n%s", boom.stderr)
			}
		})
	}
}

func TestStaleAndCorruptSidecars(t *testing.T) {
	for _, alias := range nodebin.Versions {
		t.Run(alias, func(t *testing.T) {
			app := treetest.Extract(t, "testdata/ts-app.txtar")
			precompileDir(t, app)
			hook := []string{"--import", register(t), "plain.ts"}
			env := []string{"BMES_NODE_STATS=1"}
			fresh := node(t, alias, app, env, hook...)
			if fresh.err != nil || fresh.stdout != "erasable 7\n" {
				t.Fatalf("fresh: %q %v\n%s", fresh.stdout, fresh.err, fresh.stderr)
			}
			if served, _, fell := hookStats(t, fresh.stderr); served != "2" || fell != "0" {
				t.Errorf("fresh: %s served, %s fell through; want 2 and 0", served, fell)
			}

			// Stale: the source changed after precompiling (same length, so
			// only the hash tells). Node loads the new source itself.
			erasable := filepath.Join(app, "erasable.ts")
			src, _ := os.ReadFile(erasable)
			os.WriteFile(erasable, bytes.Replace(src, []byte("= 7"), []byte("= 8"), 1), 0o644)
			stale := node(t, alias, app, env, hook...)
			if stale.err != nil || stale.stdout != "erasable 8\n" {
				t.Errorf("stale: %q %v\n%s", stale.stdout, stale.err, stale.stderr)
			}
			if served, _, fell := hookStats(t, stale.stderr); served != "1" || fell != "1" {
				t.Errorf("stale: %s served, %s fell through; want 1 and 1", served, fell)
			}
			os.WriteFile(erasable, src, 0o644)

			// Corrupt: one byte of the sidecar's code flipped. Its checksum
			// catches it; Node strips the types itself.
			sc := filepath.Join(app, "erasable.ts.bmes")
			b, _ := os.ReadFile(sc)
			i := bytes.Index(b, []byte("erasable "))
			if i < 0 {
				t.Fatal("no code in the sidecar")
			}
			b[i] = 'E'
			os.WriteFile(sc, b, 0o644)
			corrupt := node(t, alias, app, env, hook...)
			if corrupt.err != nil || corrupt.stdout != "erasable 7\n" {
				t.Errorf("corrupt: %q %v\n%s", corrupt.stdout, corrupt.err, corrupt.stderr)
			}
			if served, _, fell := hookStats(t, corrupt.stderr); served != "1" || fell != "1" {
				t.Errorf("corrupt: %s served, %s fell through; want 1 and 1", served, fell)
			}

			// Truncated and missing sidecars fall through too.
			os.WriteFile(sc, b[:len(b)/2], 0o644)
			if r := node(t, alias, app, nil, hook...); r.err != nil || r.stdout != "erasable 7\n" {
				t.Errorf("truncated: %q %v\n%s", r.stdout, r.err, r.stderr)
			}
			os.Remove(sc)
			if r := node(t, alias, app, nil, hook...); r.err != nil || r.stdout != "erasable 7\n" {
				t.Errorf("missing: %q %v\n%s", r.stdout, r.err, r.stderr)
			}
		})
	}
}

func TestFormatHint(t *testing.T) {
	for _, alias := range nodebin.Versions {
		t.Run(alias, func(t *testing.T) {
			app := treetest.Extract(t, "testdata/typeless.txtar")
			plain := node(t, alias, app, nil, "main.js")
			if plain.err != nil || !strings.Contains(plain.stderr, "MODULE_TYPELESS_PACKAGE_JSON") {
				t.Fatalf("without the hook: %v; want Node's reparse warning in\n%s", plain.err, plain.stderr)
			}
			precompileDir(t, app)
			got := node(t, alias, app, []string{"BMES_NODE_STATS=1"}, "--import", register(t), "main.js")
			if got.err != nil || got.stdout != plain.stdout {
				t.Fatalf("with the hook: %q %v, want %q\n%s", got.stdout, got.err, plain.stdout, got.stderr)
			}
			if strings.Contains(got.stderr, "MODULE_TYPELESS_PACKAGE_JSON") {
				t.Errorf("with the hook Node still parsed a module twice:\n%s", got.stderr)
			}
			if _, format, _ := hookStats(t, got.stderr); format != "2" {
				t.Errorf("format told for %s modules, want 2\n%s", format, got.stderr)
			}
			// A .js file without module syntax stays CommonJS, sidecar or not.
			if _, err := os.Stat(filepath.Join(app, "cjs.js.bmes")); err != nil {
				t.Fatalf("cjs.js has no sidecar, the case is not tested: %v", err)
			}
			cjs := node(t, alias, app, nil, "--import", register(t), "usecjs.mjs")
			if cjs.err != nil || cjs.stdout != "cjs\n" {
				t.Errorf("CommonJS through the hook: %q %v\n%s", cjs.stdout, cjs.err, cjs.stderr)
			}
		})
	}
}

// TestPack checks that the npm package holds every file register.mjs needs.
func TestPack(t *testing.T) {
	if _, err := exec.LookPath("npm"); err != nil {
		t.Skip("npm is not on PATH")
	}
	out, err := exec.Command("npm", "pack", "--dry-run", "--json").Output()
	if err != nil {
		t.Fatalf("npm pack: %v", err)
	}
	for _, f := range []string{"register.mjs", "hooks.mjs", "hooks-async.mjs", "bmes.mjs", "package.json"} {
		if !bytes.Contains(out, []byte(`"path": "`+f+`"`)) {
			t.Errorf("npm pack leaves out %s:\n%s", f, out)
		}
	}
	if bytes.Contains(out, []byte("_test.go")) || bytes.Contains(out, []byte("testdata")) {
		t.Errorf("npm pack includes test files:\n%s", out)
	}
}

// cacheVerdict matches NODE_DEBUG_NATIVE=COMPILE_CACHE's line per V8 code
// cache lookup, on Node 22 and 24.
var cacheVerdict = regexp.MustCompile(`\[compile cache\] (?:V8 code )?cache for (?:(?:ESM|CommonJS) )?(\S+) was ([a-z ]+)`)

// TestHookWithCompileCache: a cache generated with the hook holds what the
// hook serves, so that a start with both finds every module, the hook's
// own included, accepted.
func TestHookWithCompileCache(t *testing.T) {
	for _, alias := range nodebin.Versions {
		t.Run(alias, func(t *testing.T) {
			app := treetest.Extract(t, "testdata/ts-app.txtar")
			precompileDir(t, app)
			want := node(t, alias, app, nil, "--import", register(t), "main.ts")
			if want.err != nil {
				t.Fatalf("%v\n%s", want.err, want.stderr)
			}
			cache := filepath.Join(app, ".cache")
			res, err := nodecache.Generate(context.Background(), nodecache.Options{
				Node: nodebin.Path(t, alias), Dir: cache, UID: -1, Hook: register(t),
				Modules: []string{filepath.Join(app, "main.ts")},
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Errors) > 0 {
				t.Fatalf("errors: %v", res.Errors)
			}
			env := append(res.Env(), "NODE_DEBUG_NATIVE=COMPILE_CACHE")
			got := node(t, alias, app, env, "--import", register(t), "main.ts")
			if got.err != nil || got.stdout != want.stdout {
				t.Fatalf("with the cache: %q %v, want %q\n%s", got.stdout, got.err, want.stdout, got.stderr)
			}
			seen := map[string]bool{}
			for _, m := range cacheVerdict.FindAllStringSubmatch(got.stderr, -1) {
				name := filepath.Base(strings.TrimPrefix(m[1], "file://"))
				seen[name] = true
				if strings.TrimSpace(m[2]) != "accepted" {
					t.Errorf("%s: Node says its entry %s", m[1], m[2])
				}
			}
			for _, name := range []string{"main.ts", "lib.ts", "box.tsx", "register.mjs", "hooks.mjs", "bmes.mjs"} {
				if !seen[name] {
					t.Errorf("Node did not look %s up in its cache", name)
				}
			}
			if t.Failed() {
				t.Logf("Node's log:\n%s", got.stderr)
			}
		})
	}
}

// TestAsyncHooks runs the program through module.register's hooks
// (hooks-async.mjs), what register.mjs uses on a Node without
// module.registerHooks: a module imported first removes registerHooks from
// node:module, as it is on Node before 22.15.
func TestAsyncHooks(t *testing.T) {
	for _, alias := range nodebin.Versions {
		t.Run(alias, func(t *testing.T) {
			app := treetest.Extract(t, "testdata/ts-app.txtar")
			want := node(t, alias, app, nil, bundle(t, app, "main.ts"))
			precompileDir(t, app)
			noSync := filepath.Join(app, "no-register-hooks.mjs")
			os.WriteFile(noSync, []byte("import m, { syncBuiltinESMExports } from 'node:module';\ndelete m.registerHooks;\nsyncBuiltinESMExports();\n"), 0o644)
			got := node(t, alias, app, []string{"BMES_NODE_STATS=1"}, "--import", noSync, "--import", register(t), "main.ts")
			if got.err != nil || got.stdout != want.stdout {
				t.Fatalf("through module.register: %q %v, want %q\n%s", got.stdout, got.err, want.stdout, got.stderr)
			}
			// Which hooks ran: the synchronous ones count in the main
			// thread and print their statistics at exit; module.register's
			// run in a thread of their own, which does not. The program ran
			// (without the hook its enums stop it, see TestTypeScriptProgram),
			// so the asynchronous hooks served it.
			if strings.Contains(got.stderr, "bmes-node:") {
				t.Errorf("the synchronous hooks ran, not module.register's:\n%s", got.stderr)
			}
		})
	}
}
