package nodecache_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/internal/nodebin"
	"github.com/bmesjs/bmes/internal/treetest"
	"github.com/bmesjs/bmes/nodecache"
)

// appModules are the modules of testdata/app.txtar's graph, relative to the
// app: what Node must find in the cache on start.
var appModules = []string{
	"effect.mjs",
	"extra.cjs",
	"lib/deep.js",
	"lib/y.mjs",
	"main.mjs",
	"node_modules/cj/lib/helper.js",
	"node_modules/cj/lib/index.js",
	"node_modules/esm-only/index.js",
	"t.ts",
	"viacreate.cjs",
}

// cacheLine matches what NODE_DEBUG_NATIVE=COMPILE_CACHE prints per V8 code
// cache lookup, on Node 22 ("cache for KEY was accepted, …") and 24 ("V8
// code cache for ESM KEY was accepted, …").
var cacheLine = regexp.MustCompile(`\[compile cache\] (?:V8 code )?cache for (?:(?:ESM|CommonJS) )?(\S+) was ([a-z ]+)`)

// lookups returns, for each module (relative to app) that Node looked up
// in its compile cache, every verdict it printed.
func lookups(t *testing.T, stderr, app string) map[string][]string {
	t.Helper()
	m := map[string][]string{}
	for _, sub := range cacheLine.FindAllStringSubmatch(stderr, -1) {
		key := strings.TrimPrefix(sub[1], "file://")
		if !filepath.IsAbs(key) {
			t.Fatalf("a cache key that is not an absolute path or file URL: %q", sub[1])
		}
		rel, err := filepath.Rel(app, key)
		if err != nil {
			t.Fatal(err)
		}
		m[filepath.ToSlash(rel)] = append(m[filepath.ToSlash(rel)], strings.TrimSpace(sub[2]))
	}
	return m
}

// requireAccepted fails unless Node's log shows every module of want looked
// up and accepted, and no lookup of any module not accepted.
func requireAccepted(t *testing.T, stderr, app string, want []string) {
	t.Helper()
	got := lookups(t, stderr, app)
	var names []string
	for name, verdicts := range got {
		names = append(names, name)
		for _, v := range verdicts {
			if v != "accepted" {
				t.Errorf("%s: Node says its cache entry %s", name, v)
			}
		}
	}
	sort.Strings(names)
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("modules Node looked up in its cache:\n%s\nwant:\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	if t.Failed() {
		t.Logf("Node's log:\n%s", stderr)
	}
}

// runApp runs node main.mjs in app with env added; it returns stdout and
// stderr.
func runApp(t *testing.T, alias, app string, env ...string) (string, string) {
	t.Helper()
	cmd := nodebin.Command(t, alias, "main.mjs")
	cmd.Dir = app
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node main.mjs: %v\n%s", err, stderr.String())
	}
	for _, marker := range []string{"ran-effect-esm", "ran-effect-cjs"} {
		os.Remove(filepath.Join(app, marker))
	}
	return stdout.String(), stderr.String()
}

func noMarkers(t *testing.T, app string) {
	t.Helper()
	for _, marker := range []string{"ran-effect-esm", "ran-effect-cjs"} {
		if _, err := os.Stat(filepath.Join(app, marker)); err == nil {
			t.Errorf("%s exists: a module body ran while the cache was generated", marker)
		}
	}
}

func TestGenerate(t *testing.T) {
	for _, alias := range nodebin.Versions {
		t.Run(alias, func(t *testing.T) {
			node := nodebin.Path(t, alias)
			app := treetest.Extract(t, "testdata/app.txtar")
			want, _ := runApp(t, alias, app)

			cache := filepath.Join(app, ".node-cache")
			opts := nodecache.Options{Node: node, Dir: cache, UID: -1, Modules: []string{filepath.Join(app, "main.mjs")}}
			res, err := nodecache.Generate(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			noMarkers(t, app)
			if len(res.Errors) > 0 {
				t.Errorf("errors: %v", res.Errors)
			}
			if res.Modules() != len(appModules) || res.Written != len(appModules)+len(res.TypeScript) && res.Written != len(appModules) {
				t.Errorf("%d modules, %d entries written (ESM %v, CommonJS %v, TypeScript %v); want %d modules", res.Modules(), res.Written, res.ESM, res.CommonJS, res.TypeScript, len(appModules))
			}
			if res.Portable != (alias != "node22") {
				t.Errorf("portable = %v on %s", res.Portable, alias)
			}

			env := append(res.Env(), "NODE_DEBUG_NATIVE=COMPILE_CACHE")
			got, log := runApp(t, alias, app, env...)
			if got != want {
				t.Errorf("with the cache, the app printed\n%s\nwithout it\n%s", got, want)
			}
			requireAccepted(t, log, app, appModules)

			// A re-run over an unchanged tree keeps every entry; a changed
			// module gets a new one.
			res2, err := nodecache.Generate(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if res2.Written != 0 || res2.Kept != res.Written {
				t.Errorf("re-run: %d written, %d kept; want 0 and %d", res2.Written, res2.Kept, res.Written)
			}
			y := filepath.Join(app, "lib", "y.mjs")
			if err := os.WriteFile(y, []byte("export const y = 'changed';\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			res3, err := nodecache.Generate(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if res3.Written != 1 || res3.Kept != res.Written-1 {
				t.Errorf("after a change: %d written, %d kept; want 1 and %d", res3.Written, res3.Kept, res.Written-1)
			}
			_, log = runApp(t, alias, app, env...)
			requireAccepted(t, log, app, appModules)
			noMarkers(t, app)

			if !res.Portable {
				return
			}
			// Portable: the tree and its cache, copied elsewhere, still hit.
			moved := filepath.Join(t.TempDir(), "moved")
			if out, err := exec.Command("cp", "-a", app, moved).CombinedOutput(); err != nil {
				t.Fatalf("cp: %v\n%s", err, out)
			}
			moved, _ = filepath.EvalSymlinks(moved)
			if err := os.RemoveAll(app); err != nil {
				t.Fatal(err)
			}
			movedEnv := []string{"NODE_COMPILE_CACHE=" + filepath.Join(moved, ".node-cache"), "NODE_COMPILE_CACHE_PORTABLE=1", "NODE_DEBUG_NATIVE=COMPILE_CACHE"}
			got, log = runApp(t, alias, moved, movedEnv...)
			if !strings.Contains(got, "main changed cj:helper:esm vc:deep:15:17 ts4 extra") {
				t.Errorf("moved app printed %q", got)
			}
			requireAccepted(t, log, moved, appModules)
		})
	}
}

// TestGenerateUID writes the cache for another user: the versioned
// directory is named for that user's id, and a re-run keeps its entries.
func TestGenerateUID(t *testing.T) {
	node := nodebin.Path(t, "node24")
	app := treetest.Extract(t, "testdata/app.txtar")
	cache := filepath.Join(app, ".node-cache")
	uid := os.Getuid() + 4242
	opts := nodecache.Options{Node: node, Dir: cache, UID: uid, Modules: []string{filepath.Join(app, "main.mjs")}}
	res, err := nodecache.Generate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(res.Subdir, "-"+strconv.Itoa(uid)) {
		t.Errorf("subdirectory %s is not for user %d", res.Subdir, uid)
	}
	subs, _ := os.ReadDir(cache)
	if len(subs) != 1 {
		t.Errorf("%d directories in the cache, want 1", len(subs))
	}
	res2, err := nodecache.Generate(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if res2.Written != 0 || res2.Kept != res.Written {
		t.Errorf("re-run: %d written, %d kept; want 0 and %d", res2.Written, res2.Kept, res.Written)
	}
}

// TestGenerateNothing: no modules is an error that says what to do, not a
// generator crash.
func TestGenerateNothing(t *testing.T) {
	_, err := nodecache.Generate(context.Background(), nodecache.Options{Node: nodebin.Path(t, "node24"), Dir: t.TempDir(), UID: -1})
	if err == nil || !strings.Contains(err.Error(), "no modules") {
		t.Fatalf("err = %v, want one about no modules", err)
	}
}
