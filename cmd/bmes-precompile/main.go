// Command bmes-precompile writes a .bmes sidecar beside every ES module under
// its roots, so that a JavaScript runtime can load the module's analysis
// instead of parsing it. It is a thin front end to package precompile: it
// parses flags and formats what a run reports, as text, as JSON Lines
// (-json) or as GitHub Actions annotations.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/bmesjs/bmes/internal/resolve"
	"github.com/bmesjs/bmes/nodecache"
	"github.com/bmesjs/bmes/precompile"
	"github.com/bmesjs/bmes/quickjs/qjsc"
)

// Exit codes.
const (
	exitOK    = 0 // every module has a valid sidecar (or -check found nothing to do)
	exitDiags = 1 // invalid modules, unreadable files, or -check found work
	exitUsage = 2 // bad flags or arguments
)

const usageText = `usage: bmes-precompile [flags] ROOT...

bmes-precompile writes a .bmes sidecar beside every ES module it finds, so
that a JavaScript runtime can load the module's analysis (imports, exports,
top-level names) instead of parsing the source. A ROOT is a directory, walked
for the files -include selects, or a file, always analysed. The relative
imports of every module are followed inside the roots, so a module outside
the globs that the app imports still gets its sidecar; with -deps, so are
bare imports into node_modules.

A run reads and hashes each module once and writes only the sidecars that
are missing or stale, atomically; a second run over an unchanged tree writes
nothing. A file that is not a valid module is reported as file:line:col, gets
no sidecar (an old one is removed), and makes the exit code 1; the rest still
runs. CommonJS (.cjs, .cts) and declaration files are skipped.

Flags:
`

const examplesText = `
Examples:
  bmes-precompile ./src                    precompile a tree
  bmes-precompile -deps .                  also the node_modules packages the app imports
  bmes-precompile $(git ls-files '*.js')   exactly these files (and what they import)
  bmes-precompile -check ./src             CI gate: exit 1 if a sidecar is missing or stale
  bmes-precompile -check -deps -link .     ... and if an import would fail to link at start-up
  bmes-precompile -json ./src | jq -r 'select(.Action=="write" or .Action=="fresh") | .Sidecar'
                                           list the sidecars to ship

Exit status:
  0  every module has a valid sidecar (with -check: nothing to do)
  1  errors were reported (invalid modules, unreadable files, symlink loops,
     with -link imports that would not link), or -check found missing, stale
     or orphan sidecars
  2  usage error
`

// gcPercent is the garbage collector's GOGC for a run, unless the
// environment sets GOGC. Go's default of 100 suits long-lived servers; a
// run is short, and most of what it allocates is per-file garbage (above
// all esbuild's, for TypeScript) over a small live heap, so the default
// collects many times a second. Collecting half as often made cold runs
// over bench/precompile.sh's corpus 11% faster (file list, median of three:
// 2.40 -> 2.13 s) for 20% more peak RSS (145 -> 172 MB); 300 gained little
// more (2.11 s) for 210 MB. Peak RSS stays bounded by the largest modules
// in flight, not by the size of the tree. (esbuild's own command line turns
// the collector off.) bench/floor runs esbuild's Transform with the same
// setting, so that comparisons with it stay fair.
const gcPercent = 200

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// listFlag is a flag that may be repeated or hold comma-separated values.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(s string) error {
	*l = append(*l, s)
	return nil
}

// config is the parsed command line.
type config struct {
	opts     precompile.Options
	json     bool
	verbose  bool
	github   bool // GITHUB_ACTIONS=true: also print workflow annotations
	progress bool
	closers  []func() // engines to close after the run
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	if err != nil {
		return exitUsage
	}
	defer func() {
		for _, c := range cfg.closers {
			c()
		}
	}()
	cfg.github = getenv("GITHUB_ACTIONS") == "true"
	if f, ok := stderr.(*os.File); ok && !cfg.json {
		cfg.progress = term.IsTerminal(int(f.Fd()))
	}

	out := newPrinter(cfg, stdout, stderr)
	cfg.opts.Events = out.event
	stopProgress := out.startProgress()
	report, err := precompile.Run(ctx, cfg.opts)
	stopProgress()
	if err != nil {
		fmt.Fprintf(stderr, "bmes-precompile: %v\n", err)
		if ctx.Err() != nil {
			return exitDiags
		}
		return exitUsage
	}
	out.finish(report)
	if !report.OK() {
		return exitDiags
	}
	return exitOK
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	cfg := &config{}
	var include, exclude, conditions, engines listFlag
	fs := flag.NewFlagSet("bmes-precompile", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Var(&include, "include", "select files under directory roots with this doublestar `glob` (repeatable;\nreplaces the default "+strings.Join(precompile.DefaultInclude, ",")+")")
	fs.Var(&exclude, "exclude", "skip files and directories matching this `glob` (repeatable; added to the\ndefaults "+strings.Join(precompile.DefaultExclude, ", ")+")")
	fs.BoolVar(&cfg.opts.Deps, "deps", false, "follow bare imports into node_modules inside the roots (Node's ES module\nresolution) and precompile the modules they reach")
	fs.Var(&conditions, "conditions", "package.json exports `conditions` for -deps, comma-separated (default "+strings.Join(resolve.DefaultConditions, ",")+";\n\"default\" always matches)")
	fs.Var(&engines, "engine", "also write this `engine`'s bytecode into every sidecar (repeatable or\ncomma-separated; known: quickjs, which bmes-run loads and compiles:\nbmes-run must be beside bmes-precompile, on PATH, or in $BMES_RUN)")
	engineRoot := fs.String("engine-root", "", "project `DIR` QuickJS module names are relative to (default: for each\nmodule, the nearest directory above it with a package.json, outside\nnode_modules, as bmes-run finds it); give bmes-run the same -root")
	fs.IntVar(&cfg.opts.Jobs, "j", runtime.GOMAXPROCS(0), "analyse `N` modules at once")
	check := fs.Bool("check", false, "write nothing; exit 1 listing missing, stale and orphan sidecars (the CI gate)")
	fs.BoolVar(&cfg.opts.Link, "link", false, "link the module graph as a runtime would at start-up and report, at the import\nor export, every error it would throw: a missing file or export, an ambiguous\nor circular re-export, a JSON module imported by name (-v lists what was not\nchecked, and why)")
	fs.BoolVar(&cfg.opts.Clean, "clean", false, "remove orphan sidecars, whose source is gone")
	dryRun := fs.Bool("n", false, "dry run: list what would be written or removed, change nothing")
	fs.BoolVar(&cfg.json, "json", false, "print one JSON event per line on stdout instead of text (see README)")
	fs.BoolVar(&cfg.verbose, "v", false, "list every sidecar written or removed")
	nodeCache := fs.String("node-cache", "", "after the walk, write Node.js's compile cache for the graph into `DIR`\n(what NODE_COMPILE_CACHE names; ES modules, the CommonJS they require, TypeScript)")
	nodeBin := fs.String("node", "node", "the node binary the cache is for (`path` or name on PATH), with -node-cache")
	nodeUID := fs.Int("node-uid", -1, "the user `id` that will run Node, with -node-cache (default: the current user)")
	nodeHook := fs.String("node-hook", "", "with -node-cache: the --import `module` the app starts with (bmes-node's register.mjs),\nso that the cache holds what it serves")
	nodeAbs := fs.Bool("node-absolute", false, "with -node-cache: key entries by absolute path even where Node has portable keys (24.12+)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usageText)
		fs.PrintDefaults()
		fmt.Fprint(stderr, examplesText)
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	usage := func(format string, a ...any) (*config, error) {
		fmt.Fprintf(stderr, "bmes-precompile: "+format+"\n", a...)
		fmt.Fprintln(stderr, "run 'bmes-precompile -h' for usage")
		return nil, errors.New("usage")
	}
	if fs.NArg() == 0 {
		return usage("no roots given")
	}
	if cfg.opts.Jobs < 1 {
		return usage("-j must be at least 1, got %d", cfg.opts.Jobs)
	}
	if *check && *dryRun {
		return usage("-check and -n cannot be combined: -check already writes nothing")
	}
	switch {
	case *check:
		cfg.opts.Mode = precompile.Check
	case *dryRun:
		cfg.opts.Mode = precompile.DryRun
	}
	if *nodeCache != "" {
		if cfg.opts.Mode != precompile.Write {
			return usage("-node-cache writes a cache: it cannot be combined with -check or -n")
		}
		cfg.opts.NodeCache = &nodecache.Options{Node: *nodeBin, Dir: *nodeCache, UID: *nodeUID, Absolute: *nodeAbs, Hook: *nodeHook}
	} else {
		setFlags := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { setFlags[f.Name] = true })
		for _, name := range []string{"node", "node-uid", "node-absolute", "node-hook"} {
			if setFlags[name] {
				return usage("-%s needs -node-cache", name)
			}
		}
	}
	cfg.opts.Roots = fs.Args()
	cfg.opts.Include = splitList(include)
	if len(exclude) > 0 {
		cfg.opts.Exclude = append(append([]string{}, precompile.DefaultExclude...), splitList(exclude)...)
	}
	cfg.opts.Conditions = splitList(conditions)
	for _, name := range splitList(engines) {
		switch name {
		case "quickjs":
			// Compiled by bmes-run processes: the build that runs the
			// bytecode writes it, and this command does not link QuickJS.
			bin, err := qjsc.Find()
			if err != nil {
				return usage("%v", err)
			}
			qjs, err := qjsc.New(bin, *engineRoot)
			if err != nil {
				return usage("-engine quickjs: %v", err)
			}
			cfg.closers = append(cfg.closers, qjs.Close)
			cfg.opts.Engines = append(cfg.opts.Engines, qjs)
		default:
			return usage("-engine %q: unknown engine (known: quickjs)", name)
		}
	}
	if *engineRoot != "" && len(cfg.opts.Engines) == 0 {
		return usage("-engine-root needs -engine")
	}
	// Check the globs here, so that a bad one is a usage error (exit 2)
	// rather than a failed run.
	if _, err := precompile.NewFilter(cfg.opts.Include, cfg.opts.Exclude); err != nil {
		return usage("%v", err)
	}
	return cfg, nil
}

// splitList flattens repeated and comma-separated flag values; nil when
// the flag was not given, so that defaults apply. Globs may hold commas
// inside braces ({js,ts}), which are not separators.
func splitList(l listFlag) []string {
	var out []string
	for _, v := range l {
		depth, start := 0, 0
		for i := 0; i < len(v); i++ {
			switch v[i] {
			case '{':
				depth++
			case '}':
				depth--
			case ',':
				if depth == 0 {
					out = appendNonEmpty(out, v[start:i])
					start = i + 1
				}
			}
		}
		out = appendNonEmpty(out, v[start:])
	}
	return out
}

func appendNonEmpty(l []string, s string) []string {
	if s = strings.TrimSpace(s); s != "" {
		l = append(l, s)
	}
	return l
}

// printer formats a run's events: streamed as JSON Lines with -json, else
// collected and printed sorted by file at the end, so that the text output
// of a parallel run reads the same every time. Events are collected in both
// modes for the GitHub annotations.
type printer struct {
	cfg            *config
	stdout, stderr io.Writer

	mu     sync.Mutex
	events []precompile.Event
	seen   int // events so far, for the progress line
	wrote  int
	fresh  int
}

func newPrinter(cfg *config, stdout, stderr io.Writer) *printer {
	return &printer{cfg: cfg, stdout: stdout, stderr: stderr}
}

// event receives one event; precompile.Run never calls it concurrently,
// but the progress ticker reads the counters meanwhile.
func (p *printer) event(e precompile.Event) {
	if p.cfg.json {
		p.writeJSON(jsonEvent{
			Action: string(e.Action), File: e.File, Sidecar: e.Sidecar,
			Line: e.Line, Col: e.Col, Message: e.Message, DryRun: e.DryRun,
		})
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.seen++
	switch e.Action {
	case precompile.ActionWrite:
		p.wrote++
	case precompile.ActionFresh:
		p.fresh++
	}
	p.events = append(p.events, e)
}

// jsonEvent is one line of -json output. The fields are those of
// precompile.Event; README.md documents them.
type jsonEvent struct {
	Action  string
	File    string `json:",omitempty"`
	Sidecar string `json:",omitempty"`
	Line    int    `json:",omitempty"`
	Col     int    `json:",omitempty"`
	Message string `json:",omitempty"`
	DryRun  bool   `json:",omitempty"`
}

// jsonSummary is the last line of -json output.
type jsonSummary struct {
	Action   string // "summary"
	Mode     string // "write", "check" or "dry-run"
	OK       bool   // the exit code is 0
	Modules  int
	Written  int
	Fresh    int
	Errors   int
	CommonJS int
	Removed  int
	Missing  int
	Stale    int
	Orphans  int
	Elapsed  float64 // seconds
	// With -link: modules linked and link errors found (also error events).
	Linked     int `json:",omitempty"`
	LinkErrors int `json:",omitempty"`
	// NodeCache is set with -node-cache.
	NodeCache *jsonNodeCache `json:",omitempty"`
}

// jsonNodeCache sums up what -node-cache wrote.
type jsonNodeCache struct {
	Node                      string   // process.version of the Node the cache is for
	Dir                       string   // as given
	Subdir                    string   // the versioned directory holding the entries
	Portable                  bool     // keys are relative to Dir
	ESM, CommonJS, TypeScript int      // modules with an entry, by format
	Written, Kept, Errors     int      // entry files written or left as they were; modules Node could not compile
	Env                       []string // the environment that starts Node on the cache
	Hook                      string   `json:",omitempty"` // the --import it was generated with
}

func (p *printer) writeJSON(v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // plain structs of strings and numbers always marshal
	}
	p.stdout.Write(append(b, '\n'))
}

// startProgress shows a live count on a terminal's stderr, rewritten in
// place; it returns the function that stops and erases it.
func (p *printer) startProgress() (stop func()) {
	if !p.cfg.progress {
		return func() {}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				fmt.Fprint(p.stderr, "\r\033[K")
				return
			case <-t.C:
				p.mu.Lock()
				line := fmt.Sprintf("\r\033[Kbmes-precompile: %s files, %s written, %s fresh", commas(p.seen), commas(p.wrote), commas(p.fresh))
				p.mu.Unlock()
				fmt.Fprint(p.stderr, line)
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
	}
}

// finish prints what the run found and the summary line.
func (p *printer) finish(rep *precompile.Report) {
	if p.cfg.json {
		p.writeJSON(jsonSummary{
			Action: "summary", Mode: modeName(rep.Mode), OK: rep.OK(),
			Modules: rep.Modules, Written: rep.Written, Fresh: rep.Fresh, Errors: rep.Failed,
			CommonJS: rep.CommonJS, Removed: rep.Removed, Missing: rep.Missing, Stale: rep.Stale,
			Orphans: rep.Orphans, Elapsed: rep.Elapsed.Seconds(),
			Linked: rep.Linked, LinkErrors: rep.LinkErrors, NodeCache: jsonNode(rep.NodeCache),
		})
	} else {
		p.sortEvents()
		p.printEvents()
		fmt.Fprintln(p.stdout, summary(rep, p.cfg.opts.Clean))
	}
	if p.cfg.github {
		p.sortEvents()
		p.annotate(rep)
	}
}

// printEvents prints the events worth a line, sorted by file and position:
// errors and warnings always, -check's findings, orphans, -n's would-be
// changes, and with -v what was written, removed or skipped.
func (p *printer) printEvents() {
	for _, e := range p.events {
		switch e.Action {
		case precompile.ActionError:
			fmt.Fprintln(p.stderr, position(e)+e.Message)
		case precompile.ActionWarning:
			fmt.Fprintln(p.stderr, position(e)+"warning: "+e.Message)
		case precompile.ActionMissing, precompile.ActionStale, precompile.ActionOrphan:
			fmt.Fprintf(p.stderr, "%s: %s sidecar%s\n", e.Sidecar, e.Action, because(e.Message))
		case precompile.ActionUnchecked:
			if p.cfg.verbose {
				fmt.Fprintf(p.stderr, "%s: %s\n", e.File, e.Message)
			}
		case precompile.ActionWrite, precompile.ActionRemove, precompile.ActionSkip:
			// A dry run's point is to say what it would do: its writes
			// and removals are listed without -v.
			if !p.cfg.verbose && !(e.DryRun && e.Action != precompile.ActionSkip) {
				continue
			}
			verb := string(e.Action)
			if e.DryRun {
				verb = "would " + verb
			}
			target := e.Sidecar
			if target == "" || e.Action == precompile.ActionSkip {
				target = e.File
			}
			fmt.Fprintf(p.stderr, "%s: %s%s\n", target, verb, because(e.Message))
		}
	}
}

// sortEvents orders the collected events by file, then position, then
// action, so that output does not depend on which worker finished first.
func (p *printer) sortEvents() {
	sort.SliceStable(p.events, func(i, j int) bool {
		a, b := p.events[i], p.events[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Action < b.Action
	})
}

func because(msg string) string {
	if msg == "" {
		return ""
	}
	return " (" + msg + ")"
}

// position formats an event's place as file:line:col: (or file: when the
// problem concerns the whole file).
func position(e precompile.Event) string {
	switch {
	case e.File == "":
		return ""
	case e.Line == 0:
		return e.File + ": "
	}
	return fmt.Sprintf("%s:%d:%d: ", e.File, e.Line, e.Col)
}

func modeName(m precompile.Mode) string {
	switch m {
	case precompile.Check:
		return "check"
	case precompile.DryRun:
		return "dry-run"
	}
	return "write"
}

// summary is the one line a run ends with. Written and fresh are told
// apart: "precompiled N modules" counts sidecars actually written, so a
// run over an unchanged tree says it wrote nothing.
func summary(rep *precompile.Report, clean bool) string {
	var extra []string
	add := func(n int, one, many string) {
		if n == 1 {
			extra = append(extra, "1 "+one)
		} else if n > 1 {
			extra = append(extra, commas(n)+" "+many)
		}
	}
	elapsed := fmt.Sprintf("in %.2fs", rep.Elapsed.Seconds())
	switch rep.Mode {
	case precompile.Check:
		if rep.OK() {
			add(rep.CommonJS, "CommonJS file skipped", "CommonJS files skipped")
			return fmt.Sprintf("check passed: %s %s fresh%s %s", commas(rep.Fresh), plural(rep.Fresh, "sidecar", "sidecars"), paren(extra), elapsed)
		}
		add(rep.Missing, "missing", "missing")
		add(rep.Stale, "stale", "stale")
		add(rep.Orphans, "orphan", "orphans")
		add(rep.Failed, "error", "errors")
		problems := strings.Join(extra, ", ")
		extra = nil
		add(rep.Fresh, "fresh", "fresh")
		add(rep.CommonJS, "CommonJS skipped", "CommonJS skipped")
		return fmt.Sprintf("check failed: %s%s %s; run bmes-precompile to fix", problems, paren(extra), elapsed)
	}
	add(rep.Fresh, "fresh", "fresh")
	add(rep.Failed, "error", "errors")
	add(rep.CommonJS, "CommonJS skipped", "CommonJS skipped")
	add(rep.Removed, "sidecar removed", "sidecars removed")
	if !clean {
		add(rep.Orphans, "orphan sidecar (-clean removes it)", "orphan sidecars (-clean removes them)")
	}
	verb := "precompiled"
	if rep.Mode == precompile.DryRun {
		verb = "dry run: would precompile"
	}
	s := fmt.Sprintf("%s %s %s", verb, commas(rep.Written), plural(rep.Written, "module", "modules"))
	if rep.Written == 0 && rep.Mode == precompile.Write {
		s += ", nothing written"
	}
	return s + paren(extra) + " " + elapsed + nodeSummary(rep.NodeCache)
}

// nodeSummary ends the summary line with what -node-cache wrote and how to
// start Node on it.
func nodeSummary(nc *nodecache.Result) string {
	if nc == nil {
		return ""
	}
	var parts []string
	for _, c := range []struct {
		n    int
		name string
	}{{len(nc.ESM), "ESM"}, {len(nc.CommonJS), "CommonJS"}, {len(nc.TypeScript), "TypeScript"}} {
		if c.n > 0 {
			parts = append(parts, commas(c.n)+" "+c.name)
		}
	}
	parts = append(parts, commas(nc.Written)+" written", commas(nc.Kept)+" kept")
	if len(nc.Errors) > 0 {
		parts = append(parts, plural(len(nc.Errors), "1 not compilable", commas(len(nc.Errors))+" not compilable"))
	}
	return fmt.Sprintf("; Node %s compile cache: %s %s%s; start with %s …",
		nc.NodeVersion, commas(nc.Modules()), plural(nc.Modules(), "module", "modules"), paren(parts), nc.Start())
}

func jsonNode(nc *nodecache.Result) *jsonNodeCache {
	if nc == nil {
		return nil
	}
	return &jsonNodeCache{
		Node: nc.NodeVersion, Dir: nc.Dir, Subdir: nc.Subdir, Portable: nc.Portable,
		ESM: len(nc.ESM), CommonJS: len(nc.CommonJS), TypeScript: len(nc.TypeScript),
		Written: nc.Written, Kept: nc.Kept, Errors: len(nc.Errors), Env: nc.Env(), Hook: nc.Hook,
	}
}

func paren(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// commas formats n with thousands separators: 3412 → "3,412".
func commas(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// annotate prints GitHub Actions workflow commands, so that errors show up
// on the pull request's files: ::error file=…,line=…,col=…::message. They
// go to stdout, where the runner looks for them, except with -json, whose
// stdout must stay JSON Lines; the runner reads stderr too.
func (p *printer) annotate(rep *precompile.Report) {
	w := p.stdout
	if p.cfg.json {
		w = p.stderr
	}
	for _, d := range rep.Diagnostics {
		fmt.Fprintln(w, ghCommand("error", d.File, d.Line, d.Col, d.Msg))
	}
	for _, d := range rep.Warnings {
		fmt.Fprintln(w, ghCommand("warning", d.File, d.Line, d.Col, d.Msg))
	}
	if rep.Mode != precompile.Check {
		return
	}
	for _, e := range p.events {
		switch e.Action {
		case precompile.ActionMissing, precompile.ActionStale, precompile.ActionOrphan:
			fmt.Fprintln(w, ghCommand("error", e.File, 0, 0, string(e.Action)+" sidecar "+e.Sidecar+because(e.Message)+": run bmes-precompile"))
		}
	}
}

// ghCommand formats a workflow command, escaping as the runner expects:
// %, CR and LF in the message; also : and , in property values.
func ghCommand(kind, file string, line, col int, msg string) string {
	esc := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	prop := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	var b strings.Builder
	b.WriteString("::" + kind)
	if file != "" {
		b.WriteString(" file=" + prop.Replace(file))
		if line > 0 {
			fmt.Fprintf(&b, ",line=%d,col=%d", line, col)
		}
	}
	b.WriteString("::" + esc.Replace(msg))
	return b.String()
}
