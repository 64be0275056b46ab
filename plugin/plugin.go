// Package plugin is bmes as an esbuild plugin: add it to a Go build script's
// esbuild options and every ES module the build loads gets its .bmes
// sidecar, including modules reached only through imports that esbuild's
// own resolver found (tsconfig paths, aliases, package exports).
//
//	result := api.Build(api.BuildOptions{
//		EntryPoints: []string{"src/main.ts"},
//		Bundle:      true,
//		Outdir:      "dist",
//		Write:       true,
//		Plugins:     []api.Plugin{plugin.New(plugin.Options{})},
//	})
//
// The plugin never changes what esbuild loads: its OnLoad callback records
// the path, starts the analysis in a goroutine and returns no contents, so
// esbuild goes on to its own loader (and to any plugin registered after this
// one). Sidecars are written in OnEnd, once esbuild has said which files it
// rejected, through internal/sidecar: the same analyser, encoder and atomic
// write as bmes-precompile, so both produce the same bytes for a file.
//
// With api.Context (Rebuild, Watch) each build starts from a fresh
// analyzer, so edits to a tsconfig.json are seen, and a sidecar is written
// only when the existing one is stale: after an edit, only the changed
// files' sidecars are rewritten.
package plugin

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/sidecar"
	"github.com/bmesjs/bmes/precompile"
)

// Name is the plugin's name, as esbuild prints it in front of the messages
// the plugin reports.
const Name = "bmes"

// Mode says which files get sidecars.
type Mode uint8

const (
	// Sources writes a sidecar beside every source module the build loads:
	// what a runtime that runs the sources (a dev server, tests) reads.
	Sources Mode = iota
	// Outputs writes a sidecar beside every ES module output file instead,
	// analysing the bytes esbuild produced: what a runtime loads in
	// production when the build writes unbundled (Bundle: false) or
	// code-split (Splitting: true) ESM. The build needs Format:
	// api.FormatESModule; with Write: false the sidecars are added to
	// BuildResult.OutputFiles rather than written.
	Outputs
	// SourcesAndOutputs does both.
	SourcesAndOutputs
)

func (m Mode) sources() bool { return m == Sources || m == SourcesAndOutputs }
func (m Mode) outputs() bool { return m == Outputs || m == SourcesAndOutputs }

// Options configure the plugin. The zero value is the common case: sidecars
// beside the build's own source modules, none under node_modules.
type Options struct {
	// Include and Exclude select source files with the same glob semantics
	// as bmes-precompile (precompile.NewFilter), matched against paths
	// relative to Root. Nil means bmes-precompile's defaults
	// (precompile.DefaultInclude, precompile.DefaultExclude); an empty
	// non-nil slice means none. They do not apply to output files.
	Include, Exclude []string

	// NodeModules gives modules under a node_modules folder sidecars too.
	// By default they get none: a package's files are not the project's
	// to write into, and they change only on install. With NodeModules set
	// and Exclude nil, the default exclusion of node_modules is dropped.
	NodeModules bool

	// Mode says whether sources, outputs or both get sidecars.
	Mode Mode

	// Root is the directory Include and Exclude are relative to, and the
	// only one the plugin writes into: a module outside it gets no sidecar,
	// as bmes-precompile writes nothing outside its roots. A relative Root
	// is relative to the build's working directory. The default is the build's
	// AbsWorkingDir, or the current directory when that is unset: the
	// directory esbuild prints paths relative to. A monorepo whose builds
	// import sibling packages sets it to the repository's root.
	Root string

	// Engines are the engines whose bytecode every sidecar carries, as
	// bmes-precompile -engine writes it (precompile.Options.Engines); the
	// same engines give the same sidecars as bmes-precompile.
	Engines []precompile.Engine

	// Link runs the link check of bmes-precompile -link over the ES module
	// output files (Mode Outputs or SourcesAndOutputs, Format ESM): an
	// import between outputs of a file that is not there, of a name the
	// other output does not export, an ambiguous or circular one, is a
	// build error with its location in the output. It is what a runtime
	// loading an unbundled (Bundle: false) or code-split build would throw
	// at start-up. Bare imports and files that are not outputs of the build
	// are not checked.
	Link bool

	// OnEnd, if set, is called at the end of every build with what the
	// plugin did, after the sidecars are written. A watch-mode script can
	// log it; tests use it to see which sidecars a rebuild rewrote.
	OnEnd func(Stats)
}

// Stats is what the plugin did in one build. Paths are absolute and sorted.
type Stats struct {
	Written []string // sidecars written because they were missing or stale
	Fresh   int      // sidecars that were already up to date
	Failed  int      // modules bmes could not analyse, reported as build errors
	// Removed holds the sidecars removed: a module's that is not valid (or
	// that esbuild rejected in a version its sidecar does not describe),
	// and an output's whose file esbuild deleted.
	Removed []string
}

// New returns the plugin. Options are checked when esbuild sets the plugin
// up, so a bad glob fails the build with a message rather than panicking
// here.
func New(opts Options) api.Plugin {
	return api.Plugin{
		Name: Name,
		Setup: func(build api.PluginBuild) {
			// State lives in Setup's closure, not in New's: esbuild calls
			// Setup once per api.Build call or api.Context, and one
			// api.Plugin value may serve several of them at once.
			p, err := newPlugin(opts, build.InitialOptions)
			if err != nil {
				build.OnStart(func() (api.OnStartResult, error) {
					return api.OnStartResult{}, err
				})
				return
			}
			p.setup(build)
		},
	}
}

// loadFilter selects, in esbuild's regexp dialect, the file names Classify
// may call ES modules. It is a prefilter: esbuild skips the Go callback for
// other files, and Classify has the last word (.d.ts files match here).
const loadFilter = `\.(?:m?[jt]s|[jt]sx)$`

// plugin is the state of one plugin instance: one api.Build call, or one
// api.Context across its rebuilds.
type plugin struct {
	opts   Options
	filter *precompile.Filter
	root   string // absolute; Include and Exclude are relative to it
	cwd    string // absolute; esbuild prints paths relative to it
	// loaders is the build's Loader option. A file the build loads as text,
	// a URL or anything but JavaScript is not a module and gets no sidecar.
	loaders map[string]api.Loader

	mu  sync.Mutex
	cur *buildState // the build in progress; builds of one context never overlap

	// outputs holds the output files of the previous build that got a
	// sidecar (written to disk), so that a rebuild removes the sidecars of
	// outputs esbuild deleted, such as code-split chunks whose hashed names
	// changed.
	outputs map[string]bool
}

func newPlugin(opts Options, initial *api.BuildOptions) (*plugin, error) {
	cwd := initial.AbsWorkingDir
	if cwd == "" {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("working directory: %w", err)
		}
		cwd = wd
	}
	root := opts.Root
	if root == "" {
		root = cwd
	} else if !filepath.IsAbs(root) {
		root = filepath.Join(cwd, root)
	}
	exclude := opts.Exclude
	if exclude == nil && opts.NodeModules {
		for _, g := range precompile.DefaultExclude {
			if !strings.Contains(g, "node_modules") {
				exclude = append(exclude, g)
			}
		}
	}
	filter, err := precompile.NewFilter(opts.Include, exclude)
	if err != nil {
		return nil, fmt.Errorf("options: %w", err)
	}
	return &plugin{
		opts:    opts,
		filter:  filter,
		root:    filepath.Clean(root),
		cwd:     filepath.Clean(cwd),
		loaders: initial.Loader,
		outputs: map[string]bool{},
	}, nil
}

// engines returns Options.Engines as the sidecar package takes them.
func (p *plugin) engines() []sidecar.Engine {
	es := make([]sidecar.Engine, len(p.opts.Engines))
	for i, e := range p.opts.Engines {
		es[i] = e
	}
	return es
}

func (p *plugin) setup(build api.PluginBuild) {
	wantOutputs := p.opts.Mode.outputs()
	esm := build.InitialOptions.Format == api.FormatESModule
	build.OnStart(func() (api.OnStartResult, error) {
		var res api.OnStartResult
		if wantOutputs && !esm {
			res.Warnings = append(res.Warnings, api.Message{
				Text: "no sidecars for output files: they need Format: api.FormatESModule",
			})
		}
		if p.opts.Link && (!wantOutputs || !esm) {
			res.Warnings = append(res.Warnings, api.Message{
				Text: "no link check: it checks ES module output files (Mode Outputs or SourcesAndOutputs, Format: api.FormatESModule)",
			})
		}
		p.mu.Lock()
		p.cur = newBuildState(p.engines(), p.root)
		p.mu.Unlock()
		return res, nil
	})
	if p.opts.Mode.sources() {
		build.OnLoad(api.OnLoadOptions{Filter: loadFilter, Namespace: "file"}, p.onLoad)
	}
	build.OnEnd(func(result *api.BuildResult) (api.OnEndResult, error) {
		p.mu.Lock()
		b := p.cur
		p.cur = nil
		p.mu.Unlock()
		var end api.OnEndResult
		var stats Stats
		if b != nil {
			p.finishSources(b, result, &end, &stats)
		}
		if wantOutputs && esm {
			p.finishOutputs(result, build.InitialOptions.Write, &end, &stats)
		}
		if p.opts.OnEnd != nil {
			slices.Sort(stats.Written)
			slices.Sort(stats.Removed)
			p.opts.OnEnd(stats)
		}
		return end, nil
	})
}

// onLoad observes a file esbuild is about to load and, when it is a source
// module the options select, starts its analysis. It returns no contents,
// so esbuild loads the file as it would without the plugin.
func (p *plugin) onLoad(args api.OnLoadArgs) (api.OnLoadResult, error) {
	if !p.selects(args) {
		return api.OnLoadResult{}, nil
	}
	p.mu.Lock()
	b := p.cur
	p.mu.Unlock()
	if b != nil {
		b.start(filepath.Clean(args.Path), p.pretty(args.Path))
	}
	return api.OnLoadResult{}, nil
}

// selects reports whether the file esbuild loads is a source module that
// gets a sidecar.
func (p *plugin) selects(args api.OnLoadArgs) bool {
	// `with { type: "text" }` and the like make esbuild load the file as
	// something other than a module.
	if args.With["type"] != "" {
		return false
	}
	if kind, _ := analyze.Classify(args.Path); kind != analyze.ESModule {
		return false
	}
	switch p.loaders[filepath.Ext(args.Path)] {
	case api.LoaderNone, api.LoaderDefault, api.LoaderJS, api.LoaderJSX, api.LoaderTS, api.LoaderTSX:
	default:
		return false
	}
	if !p.opts.NodeModules && inNodeModules(args.Path) {
		return false
	}
	rel, err := filepath.Rel(p.root, args.Path)
	if err != nil {
		return false
	}
	rel = filepath.ToSlash(rel)
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return false // outside Root
	}
	return p.filter.Match(rel)
}

// inNodeModules reports whether path has a node_modules folder among its
// directories.
func inNodeModules(path string) bool {
	for _, dir := range strings.Split(filepath.ToSlash(filepath.Dir(path)), "/") {
		if dir == "node_modules" {
			return true
		}
	}
	return false
}

// pretty returns path as esbuild prints it in messages: relative to the
// working directory, with forward slashes.
func (p *plugin) pretty(path string) string {
	if rel, err := filepath.Rel(p.cwd, path); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(path)
}

// abs undoes pretty for a path esbuild printed: relative to the working
// directory, or absolute when the build asked for absolute log paths.
func (p *plugin) abs(printed string) string {
	path := filepath.FromSlash(printed)
	if !filepath.IsAbs(path) {
		path = filepath.Join(p.cwd, path)
	}
	return filepath.Clean(path)
}

// isSkip reports whether err says the file is not an ES module at all, which
// is no problem to report: the plugin's filter let through a name that
// Plan's stricter reading rejects.
func isSkip(err error) bool {
	return errors.Is(err, analyze.ErrCommonJS) || errors.Is(err, analyze.ErrDeclaration) ||
		errors.Is(err, analyze.ErrNotJS)
}
