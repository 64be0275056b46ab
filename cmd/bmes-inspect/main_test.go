package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/bmesjs/bmes/precompile"
)

// TestMain lets the test binary run as bmes-inspect in scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"bmes-inspect": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScript runs testdata/script/*.txtar. Besides testscript's builtins,
// scripts have:
//
//	precompile ROOT...       write sidecars, as bmes-precompile does
//	exitcode N cmd args...   run cmd and require exit status N
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"precompile": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) == 0 {
					ts.Fatalf("usage: precompile ROOT...")
				}
				roots := make([]string, len(args))
				for i, a := range args {
					roots[i] = ts.MkAbs(a)
				}
				rep, err := precompile.Run(context.Background(), precompile.Options{Roots: roots})
				ts.Check(err)
				if rep.OK() == neg {
					ts.Fatalf("precompile: OK = %v, diagnostics: %v", rep.OK(), rep.Diagnostics)
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
				var ee *exec.ExitError
				switch {
				case errors.As(err, &ee):
					got = ee.ExitCode()
				case err != nil:
					ts.Fatalf("%s: %v", args[1], err)
				}
				if got != want {
					ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
				}
			},
		},
	})
}

func TestCommas(t *testing.T) {
	for _, tc := range []struct {
		n    uint64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {52428800, "52,428,800"}} {
		if got := commas(tc.n); got != tc.want {
			t.Errorf("commas(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
