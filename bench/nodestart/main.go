// Command nodestart measures the first start of real apps on Node.js:
// without a compile cache, with Node's own cache warmed by a previous run,
// and with the cache bmes-precompile -node-cache writes ahead of time (and,
// for TypeScript, with the bmes loader hook serving sidecars instead of
// Node's type stripping). It prints, per app and Node build, the median
// wall time and CPU time (user+system) of each mode, and their ratios to
// the baseline. bench/node.sh installs what it needs and runs it.
//
// Runs are interleaved (one run of each mode in turn), so that a change in
// the machine's load spreads over every mode rather than one.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/bmesjs/bmes/nodecache"
	"github.com/bmesjs/bmes/precompile"
)

type app struct {
	name  string
	entry string // relative to the app's directory
	ts    bool   // TypeScript: modes with the hook
	hook  bool   // JavaScript in a package without "type": modes with the hook's format hints
	build func(dir string) error
}

type mode struct {
	name string
	args []string // node flags before the entry
	env  []string
}

func main() {
	benchDir := flag.String("bench", "bench", "the bench directory, whose node_modules holds the corpus")
	runs := flag.Int("runs", 15, "runs of each mode")
	work := flag.String("work", "", "directory for the apps (default: a temporary one)")
	only := flag.String("apps", "", "comma-separated app names to run (default: all)")
	var nodes []string
	flag.Func("node", "a node binary to measure (repeatable)", func(s string) error { nodes = append(nodes, s); return nil })
	flag.Parse()
	if len(nodes) == 0 {
		fail("no -node given")
	}
	nm, err := filepath.Abs(filepath.Join(*benchDir, "node_modules"))
	check(err)
	register, err := filepath.Abs(filepath.Join(*benchDir, "..", "node", "register.mjs"))
	check(err)
	if *work == "" {
		*work, err = os.MkdirTemp("", "bmes-nodestart-")
		check(err)
		defer os.RemoveAll(*work)
	}
	genTS, err := filepath.Abs(filepath.Join(*benchDir, "gen-ts-app.mjs"))
	check(err)

	apps := []app{
		{name: "three (three.module.js + three.core.js)", entry: "main.js", build: func(d string) error {
			return setup(d, `{"type":"module"}`, "main.js", "import * as THREE from 'three';\nconsole.log(Object.keys(THREE).length);\n",
				copies{nm + "/three/package.json": "node_modules/three/package.json",
					nm + "/three/build/three.module.js": "node_modules/three/build/three.module.js",
					nm + "/three/build/three.core.js":   "node_modules/three/build/three.core.js"})
		}},
		{name: "three/src (Three.WebGPU.js, 591 modules)", entry: "main.js", build: func(d string) error {
			return setup(d, `{"type":"module"}`, "main.js", "import * as T from './src/Three.WebGPU.js';\nconsole.log(Object.keys(T).length);\n",
				copies{nm + "/three/src": "src"})
		}},
		{name: "three/src-typeless (591 modules, package without \"type\")", entry: "main.js", hook: true, build: func(d string) error {
			return setup(d, `{}`, "main.js", "import * as T from './src/Three.WebGPU.js';\nconsole.log(Object.keys(T).length);\n",
				copies{nm + "/three/src": "src"})
		}},
		{name: "typescript.js (CommonJS, 9 MB)", entry: "main.cjs", build: func(d string) error {
			return setup(d, `{}`, "main.cjs", "const ts = require('typescript');\nconsole.log(ts.version);\n",
				copies{nm + "/typescript/package.json": "node_modules/typescript/package.json",
					nm + "/typescript/lib/typescript.js": "node_modules/typescript/lib/typescript.js"})
		}},
		{name: "lodash-es (640 small modules)", entry: "main.js", build: func(d string) error {
			return setup(d, `{"type":"module"}`, "main.js", "import * as _ from 'lodash-es';\nconsole.log(Object.keys(_).length);\n",
				copies{nm + "/lodash-es": "node_modules/lodash-es"})
		}},
		{name: "TypeScript program (150 modules, 1 MB)", entry: "main.ts", ts: true, build: func(d string) error {
			return run("node", genTS, d, "150")
		}},
	}
	for _, node := range nodes {
		node, err := filepath.Abs(node)
		check(err)
		version, _, _, err := nodecache.Version(context.Background(), node)
		check(err)
		for _, a := range apps {
			if *only != "" && !strings.Contains(*only, strings.Fields(a.name)[0]) {
				continue
			}
			dir := filepath.Join(*work, version, strings.Fields(a.name)[0])
			check(os.MkdirAll(dir, 0o755))
			check(a.build(dir))
			modes := prepare(node, dir, a, register)
			measure(node, version, dir, a, modes, *runs)
		}
	}
}

// prepare precompiles the app, writes bmes's cache, warms Node's own, and
// returns the modes to measure, the baseline first.
func prepare(node, dir string, a app, register string) []mode {
	hook := ""
	if a.ts || a.hook {
		hook = register
	}
	rep, err := precompile.Run(context.Background(), precompile.Options{
		// The entry is named too: a .cjs file is not among the files a
		// directory root contributes.
		Roots: []string{dir, filepath.Join(dir, a.entry)}, Deps: true,
		NodeCache: &nodecache.Options{Node: node, Dir: filepath.Join(dir, ".bmes-cache"), UID: -1, Hook: hook},
	})
	check(err)
	if rep.NodeCache == nil {
		fail(fmt.Sprintf("%s: no node cache: %v", a.name, rep.Diagnostics))
	}
	bmesEnv := rep.NodeCache.Env()
	nodeEnv := []string{"NODE_COMPILE_CACHE=" + filepath.Join(dir, ".node-cache")}
	var modes []mode
	if a.ts {
		modes = []mode{
			{name: "Node type stripping, no cache"},
			{name: "Node type stripping, Node's warm cache", env: nodeEnv},
			{name: "bmes hook, no cache", args: []string{"--import", register}},
			{name: "bmes hook + bmes cache", args: []string{"--import", register}, env: bmesEnv},
		}
	} else if a.hook {
		modes = []mode{
			{name: "no cache"},
			{name: "Node's own cache, warmed", env: nodeEnv},
			{name: "bmes hook (format hints), no cache", args: []string{"--import", register}},
			{name: "bmes hook + bmes cache", args: []string{"--import", register}, env: bmesEnv},
		}
	} else {
		modes = []mode{
			{name: "no cache"},
			{name: "Node's own cache, warmed", env: nodeEnv},
			{name: "bmes cache (ahead of time)", env: bmesEnv},
		}
	}
	// Warm Node's own cache: one run writes it, a second checks it is whole.
	for range 2 {
		start(node, dir, a, modes[1])
	}
	hookCost(node, dir, a, register)
	return modes
}

// hookCost runs the app once with the hook counting its own time
// (BMES_NODE_STATS) and prints it per module.
func hookCost(node, dir string, a app, register string) {
	cmd := exec.Command(node, "--import", register, a.entry)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), "BMES_NODE_STATS=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		fmt.Printf("  (%s: the hook cannot run it: %v)\n", a.name, err)
		return
	}
	var served, format, fell int
	var msTotal float64
	for _, line := range strings.Split(string(out), "\n") {
		if _, err := fmt.Sscanf(line, "bmes-node: %d served, %d format told, %d fell through, %f ms in the hook", &served, &format, &fell, &msTotal); err == nil {
			n := served + format + fell
			fmt.Printf("\n%s: the hook's own time %.2f ms for %d modules (%d served, %d format told, %d passed on): %.1f µs per module\n",
				a.name, msTotal, n, served, format, fell, msTotal*1000/float64(max(n, 1)))
			return
		}
	}
}

func measure(node, version, dir string, a app, modes []mode, runs int) {
	wall := make([][]time.Duration, len(modes))
	cpu := make([][]time.Duration, len(modes))
	for i := range modes {
		start(node, dir, a, modes[i]) // one unmeasured run each: the file cache
	}
	for range runs {
		for i, m := range modes {
			w, c := start(node, dir, a, m)
			wall[i] = append(wall[i], w)
			cpu[i] = append(cpu[i], c)
		}
	}
	fmt.Printf("\n%s on Node %s (%d runs each; median wall, median CPU user+sys)\n", a.name, version, runs)
	w0, c0 := median(wall[0]), median(cpu[0])
	for i, m := range modes {
		w, c := median(wall[i]), median(cpu[i])
		fmt.Printf("  %-40s %7.1f ms  %5.2fx   cpu %7.1f ms  %5.2fx\n", m.name, ms(w), float64(w0)/float64(w), ms(c), float64(c0)/float64(c))
	}
}

// start runs the app once and returns its wall and CPU time.
func start(node, dir string, a app, m mode) (wall, cpu time.Duration) {
	args := append(append([]string{}, m.args...), a.entry)
	cmd := exec.Command(node, args...)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), m.env...)
	cmd.Stdout = io.Discard
	var stderr strings.Builder
	cmd.Stderr = &stderr
	t := time.Now()
	if err := cmd.Run(); err != nil {
		fail(fmt.Sprintf("%s (%s): %v\n%s", a.name, m.name, err, stderr.String()))
	}
	wall = time.Since(t)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
}

func cleanEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "NODE_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

type copies map[string]string

func setup(dir, pkg, entry, main string, files copies) error {
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(pkg+"\n"), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, entry), []byte(main), 0o644); err != nil {
		return err
	}
	for src, dst := range files {
		dst = filepath.Join(dir, dst)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := run("cp", "-r", src, dst); err != nil {
			return err
		}
	}
	return nil
}

func run(name string, args ...string) error {
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return nil
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "nodestart:", msg)
	os.Exit(1)
}
