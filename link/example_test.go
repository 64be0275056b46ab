package link_test

import (
	"fmt"

	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/link"
)

// A runtime that builds module records from sidecars links them before it
// evaluates anything: records in, errors and bindings out.
func ExampleLink() {
	// main.js: import {x, y} from './lib.js'; import * as ns from 'pkg';
	main := &format.Record{
		RequestedModules: []format.ModuleRequest{{Specifier: "./lib.js"}, {Specifier: "pkg"}},
		ImportEntries: []format.ImportEntry{
			{ModuleRequest: 0, ImportName: "x", LocalName: "x"},
			{ModuleRequest: 0, ImportName: "y", LocalName: "y"},
			{ModuleRequest: 1, Namespace: true, LocalName: "ns"},
		},
	}
	// lib.js: const a = 1; export {a as x};
	lib := &format.Record{LocalExportEntries: []format.LocalExportEntry{{ExportName: "x", LocalName: "a"}}}

	res := link.Link([]link.Module{
		{Key: "/app/main.js", Record: main, Requests: []link.Request{
			{Key: "/app/lib.js"},
			{Unknown: "CommonJS"}, // the host knows no record for it
		}},
		{Key: "/app/lib.js", Record: lib},
	}, link.Options{})

	for _, e := range res.Errors {
		fmt.Printf("%s (request %d, import entry %d)\n", e, e.Request, e.Entry)
	}
	for i, b := range res.Imports["/app/main.js"] {
		fmt.Printf("%s: %s %q %q\n", main.ImportEntries[i].LocalName, b.Kind, b.Module, b.Name)
	}
	// Output:
	// /app/main.js: The requested module './lib.js' does not provide an export named 'y' (request 0, import entry 1)
	// x: local "/app/lib.js" "a"
	// y: unresolved "" ""
	// ns: unknown "" ""
}
