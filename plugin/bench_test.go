package plugin

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/evanw/esbuild/pkg/api"
	"golang.org/x/sync/errgroup"

	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/sidecar"
)

// benchModules is the size of the generated tree: a few hundred modules,
// the size of a small application.
const benchModules = 300

// genTree writes benchModules modules under dir/src: a binary tree of
// imports from m0 down, so that all of them are reached from the entry
// point and most only through imports. Two in three are TypeScript (which
// bmes runs through esbuild's Transform), the rest JavaScript.
func genTree(tb testing.TB, dir string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "src"), 0o755); err != nil {
		tb.Fatal(err)
	}
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, "src", name), []byte(text), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("../tsconfig.json", `{"compilerOptions": {"target": "es2022", "strict": true}}`)
	ext := func(i int) string {
		if i%3 == 2 {
			return ".js"
		}
		return ".ts"
	}
	for i := range benchModules {
		var b strings.Builder
		var kids []int
		for _, k := range []int{2*i + 1, 2*i + 2} {
			if k < benchModules {
				kids = append(kids, k)
				fmt.Fprintf(&b, "import { f%d, C%d } from \"./m%d.js\";\n", k, k, k)
			}
		}
		ts := ext(i) == ".ts"
		typ := func(t string) string {
			if ts {
				return ": " + t
			}
			return ""
		}
		if ts {
			fmt.Fprintf(&b, "\nexport interface Shape%d {\n  id: number;\n  name: string;\n}\n", i)
			fmt.Fprintf(&b, "\nexport enum Kind%d {\n  A = \"a\",\n  B = \"b\",\n}\n", i)
		}
		fmt.Fprintf(&b, "\nconst table%d = new Map%s();\n", i, map[bool]string{true: "<string, number>", false: ""}[ts])
		fmt.Fprintf(&b, "\nexport function f%d(n%s)%s {\n  let total = n;\n", i, typ("number"), typ("number"))
		for _, k := range kids {
			fmt.Fprintf(&b, "  total += f%d(n - 1) + new C%d(n).value;\n", k, k)
		}
		fmt.Fprintf(&b, "  for (const [key, v] of table%d) {\n    if (key.length > n) total -= v;\n  }\n  return total;\n}\n", i)
		fmt.Fprintf(&b, "\nexport class C%d {\n  value%s;\n  constructor(v%s) {\n    this.value = v * 2;\n  }\n  async load(url%s) {\n    const res = await fetch(url);\n    return res.json();\n  }\n}\n", i, typ("number"), typ("number"), typ("string"))
		fmt.Fprintf(&b, "\nexport default { id: %d, name: `m%d`, f: f%d };\n", i, i, i)
		write(fmt.Sprintf("m%d%s", i, ext(i)), b.String())
	}
}

func benchOptions(dir string, plugins ...api.Plugin) api.BuildOptions {
	return api.BuildOptions{
		EntryPoints:   []string{"src/m0.ts"},
		Bundle:        true,
		Format:        api.FormatESModule,
		Outdir:        "out",
		AbsWorkingDir: dir,
		LogLevel:      api.LogLevelSilent,
		Plugins:       plugins,
	}
}

func mustBuild(b *testing.B, opts api.BuildOptions) {
	if res := api.Build(opts); len(res.Errors) > 0 {
		b.Fatalf("build failed:\n%s", messages(res.Errors))
	}
}

// BenchmarkBuildWithout is the bundle of the generated tree without bmes.
func BenchmarkBuildWithout(b *testing.B) {
	dir := b.TempDir()
	genTree(b, dir)
	mustBuild(b, benchOptions(dir)) // warm the OS file cache
	b.ResetTimer()
	for b.Loop() {
		mustBuild(b, benchOptions(dir))
	}
}

// BenchmarkBuildWithPlugin is the same build with the plugin, in two cases:
// cold, where every sidecar is missing and the plugin analyses and writes
// them all (a first build), and warm, where every sidecar is fresh and the
// plugin only reads and hashes (every later build of an unchanged tree, the
// common case in watch mode). Each reports its time as a ratio to the build
// without the plugin ("x-without"). The machine is shared and its load
// drifts, so every iteration also times one build without the plugin, off
// the clock, and the ratio is of the two sums.
//
// Every cold iteration builds a tree of its own, generated off the clock,
// and no tree is removed before the process ends (TestMain removes them).
// A first build does not follow the deletion of its sidecars, and on ext4
// without a journal (this machine's file system) it would pay for it: the
// inode allocator does not reuse an inode freed in the last minute, and
// scans past every such inode of the block group for each file it creates.
// Deleting the sidecars before each cold iteration made file creation cost
// more with every iteration run.
func BenchmarkBuildWithPlugin(b *testing.B) {
	var written int
	options := func(dir string) (with, without api.BuildOptions) {
		with = benchOptions(dir, New(Options{OnEnd: func(s Stats) { written = len(s.Written) }}))
		return with, benchOptions(dir)
	}
	warmWith, warmWithout := options(benchTree(b))
	mustBuild(b, warmWith)
	if written != benchModules {
		b.Fatalf("plugin wrote %d sidecars, want %d", written, benchModules)
	}
	run := func(b *testing.B, cold bool) {
		var withTotal, withoutTotal time.Duration
		for b.Loop() {
			b.StopTimer()
			with, without := warmWith, warmWithout
			if cold {
				with, without = options(benchTree(b))
			}
			start := time.Now()
			mustBuild(b, without)
			withoutTotal += time.Since(start)
			b.StartTimer()
			start = time.Now()
			mustBuild(b, with)
			withTotal += time.Since(start)
			if want := map[bool]int{true: benchModules, false: 0}[cold]; written != want {
				b.Fatalf("plugin wrote %d sidecars, want %d", written, want)
			}
		}
		b.ReportMetric(float64(withTotal)/float64(withoutTotal), "x-without")
	}
	b.Run("cold", func(b *testing.B) { run(b, true) })
	b.Run("warm", func(b *testing.B) { run(b, false) })
}

// BenchmarkAnalyseTree is what a cold build with the plugin adds at least:
// analysing and encoding every module of the generated tree, as the plugin
// does (sidecar.BuildFor, GOMAXPROCS at once), with no esbuild build around
// it and nothing written, as a ratio to the build without the plugin
// ("x-without", each iteration timing one build off the clock). Most of it
// is esbuild's Transform of the TypeScript modules, whose every call also
// pays a fixed cost (its linker runs over esbuild's runtime module).
func BenchmarkAnalyseTree(b *testing.B) {
	dir := benchTree(b)
	paths, err := filepath.Glob(filepath.Join(dir, "src", "m*"))
	if err != nil || len(paths) != benchModules {
		b.Fatalf("tree has %d modules (%v), want %d", len(paths), err, benchModules)
	}
	srcs := make([][]byte, len(paths))
	for i, path := range paths {
		if srcs[i], err = os.ReadFile(path); err != nil {
			b.Fatal(err)
		}
	}
	without := benchOptions(dir)
	var analyseTotal, withoutTotal time.Duration
	for b.Loop() {
		b.StopTimer()
		start := time.Now()
		mustBuild(b, without)
		withoutTotal += time.Since(start)
		a := analyze.New() // as every build's plugin state has its own
		b.StartTimer()
		start = time.Now()
		var g errgroup.Group
		g.SetLimit(runtime.GOMAXPROCS(0))
		for i, path := range paths {
			g.Go(func() error {
				plan, err := a.Plan(path)
				if err != nil {
					return err
				}
				_, _, _, err = sidecar.BuildFor(sidecar.Spec{Plan: plan}, path, srcs[i])
				return err
			})
		}
		if err := g.Wait(); err != nil {
			b.Fatal(err)
		}
		analyseTotal += time.Since(start)
	}
	b.ReportMetric(float64(analyseTotal)/float64(withoutTotal), "x-without")
}

// benchTrees is the directory the benchmarks' trees live in until the
// process ends.
var benchTrees struct {
	once sync.Once
	dir  string
	err  error
}

// benchTree generates a tree (genTree) in a new directory that stays until
// the process ends.
func benchTree(b *testing.B) string {
	benchTrees.once.Do(func() { benchTrees.dir, benchTrees.err = os.MkdirTemp("", "bmes-plugin-bench") })
	if benchTrees.err != nil {
		b.Fatal(benchTrees.err)
	}
	dir, err := os.MkdirTemp(benchTrees.dir, "tree")
	if err != nil {
		b.Fatal(err)
	}
	genTree(b, dir)
	return dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchTrees.dir != "" {
		os.RemoveAll(benchTrees.dir)
	}
	os.Exit(code)
}
