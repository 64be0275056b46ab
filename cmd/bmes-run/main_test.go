package main

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/bmesjs/bmes/precompile"
	"github.com/bmesjs/bmes/quickjs"
)

// TestMain lets the test binary run as bmes-run in scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"bmes-run": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs testdata/script/*.txtar. Besides testscript's builtins,
// scripts have:
//
//	precompile DIR   what bmes-precompile -deps -engine quickjs DIR does
//	exitcode N cmd args...   run cmd and require exit status N
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"precompile": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: precompile DIR")
				}
				eng := quickjs.NewEngine("", nil)
				defer eng.Close()
				rep, err := precompile.Run(context.Background(), precompile.Options{
					Roots:   []string{ts.MkAbs(args[0])},
					Deps:    true,
					Engines: []precompile.Engine{eng},
				})
				ts.Check(err)
				if !rep.OK() {
					ts.Fatalf("precompile: %v", rep.Diagnostics.Err())
				}
				for _, w := range rep.Warnings {
					ts.Logf("warning: %v", w)
				}
			},
			"exitcode": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) < 2 {
					ts.Fatalf("usage: exitcode N command [args...]")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				err = ts.Exec(args[1], args[2:]...)
				got := 0
				if err != nil {
					got = 1
					if e, ok := err.(interface{ ExitCode() int }); ok {
						got = e.ExitCode()
					}
				}
				if got != want {
					ts.Fatalf("%s exited %d, want %d (%v)", args[1], got, want, err)
				}
			},
		},
	})
}
