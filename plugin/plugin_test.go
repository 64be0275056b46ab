package plugin

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/sidecar"
	"github.com/bmesjs/bmes/precompile"
	"github.com/bmesjs/bmes/quickjs"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fixture copies testdata/app into a temporary directory and returns it.
// The fixture's node_modules is stored as _node_modules, which the
// repository's .gitignore does not hide; the copy restores the name.
func fixture(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("testdata", "app")
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		rel = strings.Replace(filepath.ToSlash(rel), "_node_modules", "node_modules", 1)
		target := filepath.Join(dst, filepath.FromSlash(rel))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatalf("copying fixture: %v", err)
	}
	return dst
}

// buildOptions bundles the fixture's entry point in memory with the plugin.
func buildOptions(dir string, opts Options) api.BuildOptions {
	return api.BuildOptions{
		EntryPoints:   []string{"src/main.ts"},
		Bundle:        true,
		Format:        api.FormatESModule,
		Outdir:        "out",
		AbsWorkingDir: dir,
		LogLevel:      api.LogLevelSilent,
		Plugins:       []api.Plugin{New(opts)},
	}
}

// withStats sets opts.OnEnd to collect every build's Stats in *got.
func withStats(opts Options, got *[]Stats) Options {
	opts.OnEnd = func(s Stats) { *got = append(*got, s) }
	return opts
}

// sidecars lists the .bmes files under dir, relative and slash-separated,
// sorted.
func sidecars(t testing.TB, dir string) []string {
	t.Helper()
	var list []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, sidecar.Ext) {
			rel, _ := filepath.Rel(dir, path)
			list = append(list, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(list)
	return list
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update rewrites it)\n--- got\n%s--- want\n%s", path, got, want)
	}
}

func messages(msgs []api.Message) string {
	text := api.FormatMessages(msgs, api.FormatMessagesOptions{Kind: api.ErrorMessage})
	return strings.Join(text, "")
}

// rebuild builds the sidecar that bmes-precompile's code path gives the
// file at path.
func rebuild(t testing.TB, path string) []byte {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := analyze.New().Plan(path)
	if err != nil {
		t.Fatal(err)
	}
	// The name is only for diagnostics: a name other than the plugin's
	// shows that the bytes do not depend on it.
	data, _, err := sidecar.Build(plan, path, src)
	if err != nil {
		t.Fatalf("sidecar.Build(%s): %v", path, err)
	}
	return data
}

// TestGraph builds the fixture and checks which modules got sidecars, with
// the golden lists in testdata/*.golden, and that every sidecar is the one
// sidecar.Build gives: the plugin and bmes-precompile share one code path.
func TestGraph(t *testing.T) {
	tests := []struct {
		name   string
		opts   Options
		golden string
	}{
		// Reached only through imports: deep.js (from math.ts), math.ts
		// (only through the "@lib/*" paths alias), lazy.mjs (a dynamic
		// import). Never a sidecar: JSON, CommonJS, the type-only
		// import of shape.ts (erased before esbuild loads it), env.d.ts
		// and unused.js (not in the graph), node_modules by default.
		{"default", Options{}, "graph-default.golden"},
		{"node_modules", Options{NodeModules: true}, "graph-node-modules.golden"},
		{"exclude", Options{Exclude: []string{"src/lib/**"}}, "graph-exclude.golden"},
		{"include", Options{Include: []string{"**/*.{ts,tsx}"}}, "graph-include.golden"},
		{"root", Options{Root: "src", Include: []string{"lib/*.ts"}}, "graph-root.golden"},
		// Modules outside Root (main.ts, view.jsx, lazy.mjs) get none.
		{"root-subdir", Options{Root: "src/lib"}, "graph-root-subdir.golden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t)
			var stats []Stats
			res := api.Build(buildOptions(dir, withStats(tt.opts, &stats)))
			if len(res.Errors) > 0 {
				t.Fatalf("build failed:\n%s", messages(res.Errors))
			}
			got := sidecars(t, dir)
			checkGolden(t, tt.golden, []byte(strings.Join(got, "\n")+"\n"))

			if len(stats) != 1 {
				t.Fatalf("OnEnd called %d times, want 1", len(stats))
			}
			var written []string
			for _, p := range stats[0].Written {
				rel, _ := filepath.Rel(dir, p)
				written = append(written, filepath.ToSlash(rel))
			}
			if !slices.Equal(written, got) {
				t.Errorf("Stats.Written = %q, want %q", written, got)
			}
			for _, rel := range got {
				path := filepath.Join(dir, filepath.FromSlash(rel))
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				if want := rebuild(t, strings.TrimSuffix(path, sidecar.Ext)); !bytes.Equal(data, want) {
					t.Errorf("%s: plugin's sidecar (%d bytes) differs from sidecar.Build's (%d bytes)", rel, len(data), len(want))
				}
			}
		})
	}
}

// TestSameAsPrecompile builds the fixture with the plugin in one directory
// and runs bmes-precompile's Run over a copy in another: every sidecar the
// plugin wrote must be byte for byte the one bmes-precompile writes for the
// same file (which also shows that a sidecar does not depend on where the
// tree is checked out).
func TestSameAsPrecompile(t *testing.T) {
	for _, withEngine := range []bool{false, true} {
		t.Run(fmt.Sprintf("engine=%v", withEngine), func(t *testing.T) {
			dirA, dirB := fixture(t), fixture(t)
			// Each tree names its modules from its own directory, so that the
			// two give the same QuickJS bytecode.
			var engA, engB []precompile.Engine
			if withEngine {
				a, b := quickjs.NewEngine(dirA, nil), quickjs.NewEngine(dirB, nil)
				defer a.Close()
				defer b.Close()
				engA, engB = []precompile.Engine{a}, []precompile.Engine{b}
			}
			res := api.Build(buildOptions(dirA, Options{NodeModules: true, Engines: engA}))
			if len(res.Errors) > 0 {
				t.Fatalf("build failed:\n%s", messages(res.Errors))
			}
			rep, err := precompile.Run(context.Background(), precompile.Options{Roots: []string{dirB}, Deps: true, Engines: engB})
			if err != nil {
				t.Fatal(err)
			}
			if !rep.OK() {
				t.Fatalf("bmes-precompile failed: %v", rep.Diagnostics.Err())
			}
			list := sidecars(t, dirA)
			if len(list) == 0 {
				t.Fatal("the plugin wrote no sidecars")
			}
			for _, rel := range list {
				a, err := os.ReadFile(filepath.Join(dirA, rel))
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(filepath.Join(dirB, rel))
				if err != nil {
					t.Errorf("bmes-precompile wrote no %s: %v", rel, err)
					continue
				}
				if !bytes.Equal(a, b) {
					t.Errorf("%s: plugin's sidecar (%d bytes) differs from bmes-precompile's (%d bytes)", rel, len(a), len(b))
				}
				sc, err := format.Decode(a)
				if err != nil {
					t.Fatalf("%s: %v", rel, err)
				}
				if _, ok := sc.BytecodeFor(quickjs.Tag()); ok != withEngine {
					t.Errorf("%s: QuickJS bytecode present is %v, want %v", rel, ok, withEngine)
				}
			}
		})
	}
}

// TestSyntaxError checks that a module esbuild rejects fails the build with
// esbuild's own message, gets no sidecar (and loses a stale one), while the
// modules esbuild accepted get theirs.
func TestSyntaxError(t *testing.T) {
	dir := fixture(t)
	bad := filepath.Join(dir, "src", "lib", "deep.js")
	// A stale sidecar from an earlier, valid version must go.
	if res := api.Build(buildOptions(dir, Options{})); len(res.Errors) > 0 {
		t.Fatalf("build failed:\n%s", messages(res.Errors))
	}
	if _, err := os.Stat(sidecar.Path(bad)); err != nil {
		t.Fatalf("no sidecar after the first build: %v", err)
	}
	if err := os.WriteFile(bad, []byte("export function twice(n) {\n  return n * ;\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stats []Stats
	res := api.Build(buildOptions(dir, withStats(Options{}, &stats)))
	if len(res.Errors) != 1 {
		t.Fatalf("got %d errors, want esbuild's one:\n%s", len(res.Errors), messages(res.Errors))
	}
	e := res.Errors[0]
	if e.PluginName != "" || e.Location == nil || e.Location.File != "src/lib/deep.js" || e.Location.Line != 2 {
		t.Errorf("error is not esbuild's syntax error at src/lib/deep.js:2:\n%s", messages(res.Errors))
	}
	if _, err := os.Stat(sidecar.Path(bad)); !os.IsNotExist(err) {
		t.Errorf("sidecar of the rejected module: Stat = %v, want not exist", err)
	}
	want := []string{"src/lazy.mjs.bmes", "src/lib/math.ts.bmes", "src/main.ts.bmes", "src/views/view.jsx.bmes"}
	if got := sidecars(t, dir); !slices.Equal(got, want) {
		t.Errorf("sidecars = %q, want %q", got, want)
	}
	if len(stats) != 1 || len(stats[0].Removed) != 1 || stats[0].Removed[0] != sidecar.Path(bad) {
		t.Errorf("Stats = %+v, want deep.js.bmes removed", stats)
	}
}

// TestAnalysisError checks that a module esbuild accepts but bmes must
// reject (decorators in a .js file, no edition's syntax yet) fails the
// build with a bmes message at the right place, shown with its line as
// esbuild shows its own.
func TestAnalysisError(t *testing.T) {
	dir := fixture(t)
	bad := filepath.Join(dir, "src", "lib", "deep.js")
	src := "const dec = (c) => c;\n@dec class Twice {}\nexport function twice(n) {\n  return n * 2;\n}\n"
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	// An old sidecar beside it must go, as bmes-precompile removes it.
	if err := os.WriteFile(sidecar.Path(bad), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := api.Build(buildOptions(dir, Options{}))
	if len(res.Errors) == 0 {
		t.Fatal("build succeeded, want a bmes error for the decorator")
	}
	for _, e := range res.Errors {
		loc := e.Location
		if e.PluginName != Name || loc == nil || loc.File != "src/lib/deep.js" || loc.Line != 2 ||
			loc.LineText != "@dec class Twice {}" || e.Text == "" {
			t.Errorf("error is not a bmes error at src/lib/deep.js:2 with its line:\n%s", messages([]api.Message{e}))
		}
	}
	if _, err := os.Stat(sidecar.Path(bad)); !os.IsNotExist(err) {
		t.Errorf("sidecar of the invalid module: Stat = %v, want not exist", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "src", "main.ts.bmes")); err != nil {
		t.Errorf("valid module lost its sidecar: %v", err)
	}
}

// TestAnalysisErrorTypeScript: an early error esbuild does not check in a
// TypeScript file (an invalid regular expression) is found by the parser in
// esbuild's output, and reported at the place in the .ts file the user
// wrote, with its line, not at a line of esbuild's output.
func TestAnalysisErrorTypeScript(t *testing.T) {
	dir := fixture(t)
	main := filepath.Join(dir, "src", "main.ts")
	src, err := os.ReadFile(main)
	if err != nil {
		t.Fatal(err)
	}
	line := bytes.Count(src, []byte("\n")) + 1
	src = append(src, "export const re: RegExp = /a{2,1}/;\n"...)
	if err := os.WriteFile(main, src, 0o644); err != nil {
		t.Fatal(err)
	}
	res := api.Build(buildOptions(dir, Options{}))
	if len(res.Errors) != 1 {
		t.Fatalf("build errors:\n%s\nwant one bmes error for the regular expression", messages(res.Errors))
	}
	e := res.Errors[0]
	if loc := e.Location; e.PluginName != Name || loc == nil || loc.File != "src/main.ts" || loc.Line != line ||
		loc.Column != 28 || loc.LineText != "export const re: RegExp = /a{2,1}/;" {
		t.Errorf("error is not a bmes error at src/main.ts:%d:29 with its line:\n%s", line, messages(res.Errors))
	}
}

// fileID identifies a file's inode and modification time: sidecar.Write
// renames a new file into place, so a rewrite changes both.
type fileID struct {
	info fs.FileInfo
}

func stat(t *testing.T, path string) fileID {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileID{fi}
}

func (a fileID) same(b fileID) bool {
	return os.SameFile(a.info, b.info) && a.info.ModTime().Equal(b.info.ModTime())
}

// TestRebuild edits one file between rebuilds of an api.Context and checks
// that exactly its sidecar is rewritten, by the plugin's own count and by
// the files' identities on disk.
func TestRebuild(t *testing.T) {
	dir := fixture(t)
	var stats []Stats
	ctx, cerr := api.Context(buildOptions(dir, withStats(Options{}, &stats)))
	if cerr != nil {
		t.Fatal(cerr)
	}
	defer ctx.Dispose()

	if res := ctx.Rebuild(); len(res.Errors) > 0 {
		t.Fatalf("first build failed:\n%s", messages(res.Errors))
	}
	list := sidecars(t, dir)
	before := map[string]fileID{}
	for _, rel := range list {
		before[rel] = stat(t, filepath.Join(dir, rel))
	}

	// Nothing changed: nothing written.
	if res := ctx.Rebuild(); len(res.Errors) > 0 {
		t.Fatalf("second build failed:\n%s", messages(res.Errors))
	}
	if s := stats[1]; len(s.Written) != 0 || s.Fresh != len(list) {
		t.Errorf("unchanged rebuild: Written %q, Fresh %d; want none and %d", s.Written, s.Fresh, len(list))
	}

	edited := "src/lib/math.ts"
	path := filepath.Join(dir, edited)
	src, _ := os.ReadFile(path)
	if err := os.WriteFile(path, append(src, "export const sub = (a: number, b: number) => a - b;\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := ctx.Rebuild(); len(res.Errors) > 0 {
		t.Fatalf("rebuild failed:\n%s", messages(res.Errors))
	}
	if got, want := stats[2].Written, []string{sidecar.Path(path)}; !slices.Equal(got, want) {
		t.Errorf("rebuild wrote %q, want %q", got, want)
	}
	for _, rel := range list {
		after := stat(t, filepath.Join(dir, rel))
		if changed := !after.same(before[rel]); changed != (rel == edited+sidecar.Ext) {
			t.Errorf("%s: rewritten = %v after editing %s", rel, changed, edited)
		}
	}
	if data, _ := os.ReadFile(sidecar.Path(path)); !bytes.Equal(data, rebuild(t, path)) {
		t.Errorf("%s: rewritten sidecar differs from sidecar.Build's", edited)
	}
}

// TestWatch checks that watch mode keeps the sidecars fresh: esbuild notices
// an edit and rebuilds, and the plugin rewrites that file's sidecar only.
func TestWatch(t *testing.T) {
	dir := fixture(t)
	ends := make(chan Stats, 16)
	opts := Options{OnEnd: func(s Stats) { ends <- s }}
	ctx, cerr := api.Context(buildOptions(dir, opts))
	if cerr != nil {
		t.Fatal(cerr)
	}
	defer ctx.Dispose()
	if err := ctx.Watch(api.WatchOptions{}); err != nil {
		t.Fatal(err)
	}
	wait := func() Stats {
		t.Helper()
		select {
		case s := <-ends:
			return s
		case <-time.After(20 * time.Second):
			t.Fatal("no build within 20s")
		}
		return Stats{}
	}
	if s := wait(); len(s.Written) == 0 {
		t.Fatal("first watch build wrote no sidecars")
	}
	path := filepath.Join(dir, "src", "lib", "deep.js")
	if err := os.WriteFile(path, []byte("export function twice(n) {\n  return n + n;\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, want := wait().Written, []string{sidecar.Path(path)}; !slices.Equal(got, want) {
		t.Errorf("watch rebuild wrote %q, want %q", got, want)
	}
}

// TestOutputs checks the outputs mode on the ESM a runtime loads in
// production: unbundled files and code-split chunks, written to disk or
// kept in memory. Every ES module output gets a sidecar valid for the
// output's bytes, equal to what sidecar.Build gives for them.
func TestOutputs(t *testing.T) {
	tests := []struct {
		name  string
		mod   func(*api.BuildOptions)
		write bool
	}{
		{"unbundled", func(o *api.BuildOptions) {
			o.Bundle = false
			o.EntryPoints = []string{"src/main.ts", "src/lib/math.ts", "src/lib/deep.js", "src/views/view.jsx", "src/lazy.mjs"}
		}, true},
		{"splitting", func(o *api.BuildOptions) { o.Splitting = true }, true},
		{"splitting-in-memory", func(o *api.BuildOptions) { o.Splitting = true }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t)
			opts := buildOptions(dir, Options{Mode: Outputs})
			opts.Write = tt.write
			tt.mod(&opts)
			res := api.Build(opts)
			if len(res.Errors) > 0 {
				t.Fatalf("build failed:\n%s", messages(res.Errors))
			}
			if got := sidecars(t, filepath.Join(dir, "src")); len(got) != 0 {
				t.Errorf("Outputs mode wrote source sidecars %q", got)
			}
			files := map[string][]byte{}
			for _, f := range res.OutputFiles {
				files[f.Path] = f.Contents
			}
			var modules, requests int
			for path, contents := range files {
				if strings.HasSuffix(path, sidecar.Ext) || !strings.HasSuffix(path, ".js") {
					continue
				}
				modules++
				data := files[sidecar.Path(path)]
				if tt.write {
					var err error
					if data, err = os.ReadFile(sidecar.Path(path)); err != nil {
						t.Errorf("no sidecar beside output %s: %v", path, err)
						continue
					}
				} else if data == nil {
					t.Errorf("no sidecar among the in-memory outputs for %s", path)
					continue
				}
				plan, err := analyze.New().Plan(path)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := format.Validate(data, contents, format.Expect{Producer: analyze.Producer, OptionsHash: plan.OptionsHash}); err != nil {
					t.Errorf("%s: sidecar not valid for the output: %v", path, err)
				}
				want, _, err := sidecar.Build(plan, path, contents)
				if err != nil {
					t.Fatalf("%s: %v", path, err)
				}
				if !bytes.Equal(data, want) {
					t.Errorf("%s: sidecar differs from sidecar.Build's", path)
				}
				if opts.Splitting {
					requests += checkChunkGraph(t, path, data, files)
				}
			}
			if min := 3; modules < min {
				t.Errorf("%d ES module outputs, want at least %d (entry, chunks)", modules, min)
			}
			if opts.Splitting && requests == 0 {
				t.Error("no chunk imports another: the records requested no modules")
			}
		})
	}
}

// checkChunkGraph checks the record in the sidecar of a code-split output:
// every module it requests, statically or through import(), is another
// output of the build, as a runtime loading the chunks from the sidecars
// alone would need.
// It returns how many requests it checked.
func checkChunkGraph(t *testing.T, path string, data []byte, files map[string][]byte) int {
	t.Helper()
	sc, err := format.Decode(data)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return 0
	}
	var specs []string
	for _, r := range sc.Record.RequestedModules {
		specs = append(specs, r.Specifier)
	}
	for _, d := range sc.Record.DynamicImports {
		if d.Known {
			specs = append(specs, d.Specifier)
		}
	}
	for _, spec := range specs {
		if _, ok := files[filepath.Join(filepath.Dir(path), filepath.FromSlash(spec))]; !ok {
			t.Errorf("%s: record requests %q, which is not an output", path, spec)
		}
	}
	return len(specs)
}

// TestNotModules checks that files the build does not load as JavaScript
// get no sidecar, whatever their extension: a Loader option that makes
// .mjs text.
func TestNotModules(t *testing.T) {
	dir := fixture(t)
	opts := buildOptions(dir, Options{})
	opts.Loader = map[string]api.Loader{".mjs": api.LoaderText}
	if res := api.Build(opts); len(res.Errors) > 0 {
		t.Fatalf("build failed:\n%s", messages(res.Errors))
	}
	got := sidecars(t, dir)
	if slices.Contains(got, "src/lazy.mjs.bmes") || !slices.Contains(got, "src/main.ts.bmes") {
		t.Errorf("sidecars = %q, want main.ts's and not lazy.mjs's (loaded as text)", got)
	}
}

// TestOutputsNeedESM checks that outputs mode says why it wrote nothing
// when the build's output is not ESM.
func TestOutputsNeedESM(t *testing.T) {
	dir := fixture(t)
	opts := buildOptions(dir, Options{Mode: Outputs})
	opts.Format = api.FormatCommonJS
	opts.Bundle = false
	opts.EntryPoints = []string{"src/lib/math.ts"}
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		t.Fatalf("build failed:\n%s", messages(res.Errors))
	}
	if len(res.Warnings) != 1 || res.Warnings[0].PluginName != Name || !strings.Contains(res.Warnings[0].Text, "FormatESModule") {
		t.Errorf("warnings = %q, want one from bmes about the format", messages(res.Warnings))
	}
	for _, f := range res.OutputFiles {
		if strings.HasSuffix(f.Path, sidecar.Ext) {
			t.Errorf("sidecar %s for non-ESM output", f.Path)
		}
	}
}

// TestOutputChunkRemoved checks that when a rebuild renames a code-split
// chunk (its name carries a content hash), the old chunk's sidecar goes
// with it.
func TestOutputChunkRemoved(t *testing.T) {
	dir := fixture(t)
	var stats []Stats
	opts := buildOptions(dir, withStats(Options{Mode: Outputs}, &stats))
	opts.Splitting = true
	opts.Write = true
	ctx, cerr := api.Context(opts)
	if cerr != nil {
		t.Fatal(cerr)
	}
	defer ctx.Dispose()
	if res := ctx.Rebuild(); len(res.Errors) > 0 {
		t.Fatalf("build failed:\n%s", messages(res.Errors))
	}
	before := sidecars(t, filepath.Join(dir, "out"))
	lazy := filepath.Join(dir, "src", "lazy.mjs")
	if err := os.WriteFile(lazy, []byte("export default await Promise.resolve(import.meta.url + '!');\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if res := ctx.Rebuild(); len(res.Errors) > 0 {
		t.Fatalf("rebuild failed:\n%s", messages(res.Errors))
	}
	after := sidecars(t, filepath.Join(dir, "out"))
	if len(after) != len(before) || slices.Equal(after, before) {
		t.Fatalf("sidecars before %q, after %q: want the lazy chunk's renamed", before, after)
	}
	if len(stats[1].Removed) != 1 {
		t.Errorf("Removed = %q, want the old chunk's sidecar", stats[1].Removed)
	}
	for _, rel := range after {
		if _, err := os.Stat(filepath.Join(dir, "out", strings.TrimSuffix(rel, sidecar.Ext))); err != nil {
			t.Errorf("sidecar %s without its output: %v", rel, err)
		}
	}
}

// TestWarningsOnce checks that a tsconfig problem that is not an error (a
// missing "extends" base) becomes one bmes warning, not one per TypeScript
// file under that tsconfig.json, and does not stop the sidecars.
func TestWarningsOnce(t *testing.T) {
	dir := fixture(t)
	path := filepath.Join(dir, "tsconfig.json")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte(`"compilerOptions"`), []byte(`"extends": "./missing-base.json",
  "compilerOptions"`), 1)
	if err := os.WriteFile(path, src, 0o644); err != nil {
		t.Fatal(err)
	}
	res := api.Build(buildOptions(dir, Options{}))
	if len(res.Errors) > 0 {
		t.Fatalf("build failed:\n%s", messages(res.Errors))
	}
	var ours []api.Message
	for _, w := range res.Warnings {
		if w.PluginName == Name {
			ours = append(ours, w)
		}
	}
	if len(ours) != 1 || !strings.Contains(ours[0].Text+messages(ours), "missing-base") {
		t.Errorf("bmes warnings:\n%s\nwant one about missing-base.json", messages(ours))
	}
	if got := sidecars(t, dir); !slices.Contains(got, "src/lib/math.ts.bmes") || !slices.Contains(got, "src/main.ts.bmes") {
		t.Errorf("sidecars = %q, want the TypeScript files' despite the warning", got)
	}
}

// TestBadGlob checks that an invalid pattern fails the build with a message
// rather than a panic.
func TestBadGlob(t *testing.T) {
	dir := fixture(t)
	res := api.Build(buildOptions(dir, Options{Include: []string{"src/[.ts"}}))
	if len(res.Errors) != 1 || res.Errors[0].PluginName != Name || !strings.Contains(res.Errors[0].Text, "src/[.ts") {
		t.Errorf("errors = %q, want one from bmes naming the pattern", messages(res.Errors))
	}
}

func TestLine(t *testing.T) {
	tests := []struct {
		src  string
		n    int
		want string
	}{
		{"a\nb\nc", 2, "b"},
		{"a\r\nb\r\nc", 2, "b"},
		{"a\rb", 2, "b"},
		{"a\nb", 1, "a"},
		{"a\nb", 3, ""},
		{"", 1, ""},
		{"a\n\nc", 2, ""},
		{"a\n\nc", 3, "c"},
		{"a\u2028b\u2029c", 3, "c"},
		{"a\u2028b\u2029c", 2, "b"},
		{"\ufeffa\nb", 1, "a"},
		{"a\r", 2, ""},
	}
	for _, tt := range tests {
		if got := line([]byte(tt.src), tt.n); got != tt.want {
			t.Errorf("line(%q, %d) = %q, want %q", tt.src, tt.n, got, tt.want)
		}
	}
}
