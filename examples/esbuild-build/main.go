// Command esbuild-build is a Go build script of the kind many teams keep
// around esbuild's API: it bundles examples/app into code-split ES modules.
// The bmes plugin is the one line that makes the build also keep a .bmes
// sidecar beside every ES module it loads, including those reached only
// through imports (the route chunks, node_modules packages when asked).
//
//	go run ./examples/esbuild-build            # build once
//	go run ./examples/esbuild-build -watch     # rebuild on every edit, rewriting only the changed sidecars
//	go run ./examples/esbuild-build -outputs   # also give the output chunks in dist/ sidecars
//
// Paths are relative to the repository root, where the commands above run.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/bmesjs/bmes/plugin"
)

func main() {
	app := flag.String("app", "examples/app", "the app `dir`ectory to build")
	outdir := flag.String("outdir", "", "output `dir`ectory (default <app>/dist)")
	watch := flag.Bool("watch", false, "rebuild whenever a source changes, until interrupted")
	outputs := flag.Bool("outputs", false, "also write sidecars beside the ES module output files")
	deps := flag.Bool("deps", false, "also write sidecars beside the node_modules modules the build loads")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("esbuild-build: ")

	dir, err := filepath.Abs(*app)
	if err != nil {
		log.Fatal(err)
	}
	out := *outdir
	if out == "" {
		out = filepath.Join(dir, "dist")
	}

	mode := plugin.Sources
	if *outputs {
		mode = plugin.SourcesAndOutputs
	}
	opts := api.BuildOptions{
		AbsWorkingDir: dir,
		EntryPoints:   []string{"src/main.ts"},
		Bundle:        true,
		Splitting:     true,
		Format:        api.FormatESModule,
		Target:        api.ES2022,
		Outdir:        out,
		Write:         true,
		LogLevel:      api.LogLevelInfo,
		// The one line bmes takes: a sidecar for every ES module the build loads.
		Plugins: []api.Plugin{plugin.New(plugin.Options{
			Mode:        mode,
			NodeModules: *deps,
			OnEnd:       report,
		})},
	}

	if !*watch {
		if res := api.Build(opts); len(res.Errors) > 0 {
			os.Exit(1) // esbuild has printed the errors
		}
		return
	}
	ctx, cerr := api.Context(opts)
	if cerr != nil {
		os.Exit(1) // esbuild has printed the errors
	}
	defer ctx.Dispose()
	if err := ctx.Watch(api.WatchOptions{}); err != nil {
		log.Fatal(err)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	<-stop
}

// report prints what the plugin did in one build. It comes before
// esbuild's own summary, which esbuild prints once the OnEnd callbacks have
// returned.
func report(s plugin.Stats) {
	msg := fmt.Sprintf("bmes: %d sidecars written, %d fresh", len(s.Written), s.Fresh)
	if s.Failed > 0 {
		msg += fmt.Sprintf(", %d modules failed", s.Failed)
	}
	if len(s.Removed) > 0 {
		msg += fmt.Sprintf(", %d removed", len(s.Removed))
	}
	fmt.Fprintln(os.Stderr, msg)
}
