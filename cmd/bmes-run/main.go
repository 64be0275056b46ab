// Command bmes-run runs an ES module on QuickJS, loading every module of its
// graph from the bytecode in its .bmes sidecar when that is valid for the
// source, and compiling the source otherwise. It is a thin front end to
// package quickjs.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bmesjs/bmes/quickjs"
)

const usageText = `usage: bmes-run [flags] ENTRY

bmes-run runs the ES module ENTRY (JavaScript, TypeScript or JSX) and the
modules it imports on QuickJS. For each module it reads the .bmes sidecar
beside it: when the sidecar is valid for the bytes on disk and holds
bytecode of this QuickJS build compiled under the module's name, the module
is read from the bytecode and never parsed. A missing, stale, corrupt or
foreign sidecar costs speed, never correctness: the module is compiled from
source (TypeScript and JSX through the same esbuild path bmes-precompile
uses). Write the bytecode with bmes-precompile -engine quickjs.

Modules are named by their path relative to the project directory: the
nearest directory above ENTRY with a package.json, outside node_modules
(-root overrides it; it must be the one bmes-precompile used, which finds it
the same way). Bare imports resolve through node_modules with package.json
"exports" and "imports".

The host provides console, setTimeout/setInterval/setImmediate (and their
clear functions), queueMicrotask, TextEncoder/TextDecoder (UTF-8) and
performance.now. An uncaught exception, a rejected top-level await or an
unhandled rejection prints the error and its stack on stderr and exits 1.

Flags:
`

const examplesText = `
Examples:
  bmes-precompile -engine quickjs ./app && bmes-run ./app/src/main.js
  bmes-run -sidecars=false ./app/src/main.js   the baseline: everything from source
  bmes-run -stats ./app/src/main.ts 2>&1 >/dev/null | jq .fromSidecar
`

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bmes-run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sidecars := fs.Bool("sidecars", true, "use the bytecode in valid sidecars (false: compile every module from source)")
	stats := fs.Bool("stats", false, "print one JSON line of load statistics on stderr at exit")
	conditions := fs.String("conditions", strings.Join(quickjs.DefaultConditions, ","), "package.json `LIST` of exports/imports conditions, besides \"default\"")
	root := fs.String("root", "", "project `DIR` module names are relative to (default: nearest package.json above ENTRY)")
	server := fs.Bool("compile-server", false, "compile modules for bmes-precompile -engine quickjs over stdin and stdout, run nothing")
	fs.Usage = func() {
		fmt.Fprint(stderr, usageText)
		fs.PrintDefaults()
		fmt.Fprint(stderr, examplesText)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *server {
		if err := quickjs.Serve(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(stderr, "bmes-run:", err)
			return 1
		}
		return 0
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "bmes-run: exactly one ENTRY module expected")
		fs.Usage()
		return 2
	}
	var conds []string
	for _, c := range strings.Split(*conditions, ",") {
		if c = strings.TrimSpace(c); c != "" {
			conds = append(conds, c)
		}
	}
	if conds == nil {
		conds = []string{}
	}
	rt, err := quickjs.New(quickjs.Options{
		Root:           *root,
		IgnoreSidecars: !*sidecars,
		Conditions:     conds,
		Stdout:         stdout,
		Stderr:         stderr,
	})
	if err != nil {
		fmt.Fprintln(stderr, "bmes-run:", err)
		return 1
	}
	// No rt.Close: the process exits next, and freeing a whole module
	// graph's heap one object at a time would only add to its run time.
	code := 0
	if err := rt.Run(fs.Arg(0)); err != nil {
		var jsErr *quickjs.Error
		if errors.As(err, &jsErr) {
			fmt.Fprintf(stderr, "Uncaught %s\n", jsErr.Report)
		} else {
			fmt.Fprintln(stderr, "bmes-run:", err)
		}
		code = 1
	}
	if *stats {
		b, _ := json.Marshal(rt.Stats())
		fmt.Fprintf(stderr, "%s\n", b)
	}
	return code
}
