package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/bmesjs/bmes/internal/nodebin"
	"github.com/bmesjs/bmes/quickjs"
)

// TestMain lets the test binary run as bmes-precompile in scripts.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"bmes-precompile": func() {
			os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
		},
		// bmes-run's compile server, which -engine quickjs starts.
		"bmes-run": func() {
			if len(os.Args) != 2 || os.Args[1] != "-compile-server" {
				os.Exit(2)
			}
			if err := quickjs.Serve(os.Stdin, os.Stdout); err != nil {
				os.Exit(1)
			}
			os.Exit(0)
		},
	})
}

// TestScript runs testdata/script/*.txtar. Besides testscript's builtins,
// scripts have:
//
//	exitcode N cmd args...   run cmd and require exit status N
//	copyapp DIR              copy examples/app (without sidecars) to DIR
//	countfiles N DIR GLOB    require N files under DIR whose name matches GLOB
func TestScript(t *testing.T) {
	app, err := filepath.Abs("../../examples/app")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// GitHub's runners set this; scripts opt in with env.
			env.Setenv("GITHUB_ACTIONS", "")
			// The Node builds test.sh installs, for the node condition
			// and -node-cache scripts.
			for _, alias := range nodebin.Versions {
				if p, ok := nodebin.Find(alias); ok {
					env.Setenv(strings.ToUpper(alias), p)
				}
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			// [node22], [node24]: that Node build is installed. Under CI
			// a missing one is an error, not a skipped script.
			for _, alias := range nodebin.Versions {
				if cond == alias {
					_, ok := nodebin.Find(alias)
					if !ok && os.Getenv("CI") != "" {
						return false, errors.New(alias + " is not installed; test.sh installs it in test-tools/nodes")
					}
					return ok, nil
				}
			}
			return false, errors.New("unknown condition " + cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":   cmdExitCode,
			"countfiles": cmdCountFiles,
			"copyapp": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 1 {
					ts.Fatalf("usage: copyapp DIR")
				}
				ts.Check(copyTree(app, ts.MkAbs(args[0])))
			},
		},
	})
}

func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
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
}

func cmdCountFiles(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: countfiles N DIR GLOB")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	err = filepath.WalkDir(ts.MkAbs(args[1]), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ok, _ := filepath.Match(args[2], d.Name()); ok && !d.IsDir() {
			got++
		}
		return nil
	})
	ts.Check(err)
	if got != want {
		ts.Fatalf("%d files match %s under %s, want %d", got, args[2], args[1], want)
	}
}

// copyTree copies the regular files under src to dst, leaving out the
// sidecars a developer's run of the README command may have left there.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case strings.HasSuffix(p, ".bmes") || !d.Type().IsRegular():
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}

func TestCommas(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {3412, "3,412"},
		{1234567, "1,234,567"}, {-1234, "-1,234"},
	} {
		if got := commas(tc.n); got != tc.want {
			t.Errorf("commas(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestSplitList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want []string
	}{
		{nil, nil},
		{[]string{"a,b", "c"}, []string{"a", "b", "c"}},
		{[]string{"src/**/*.{js,ts}"}, []string{"src/**/*.{js,ts}"}},
		{[]string{"x/{a,b}/**,y/**", " z "}, []string{"x/{a,b}/**", "y/**", "z"}},
		{[]string{",,"}, nil},
	} {
		got := splitList(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("splitList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestGHCommand(t *testing.T) {
	for _, tc := range []struct {
		kind, file string
		line, col  int
		msg, want  string
	}{
		{"error", "src/a.js", 3, 7, "unexpected token", "::error file=src/a.js,line=3,col=7::unexpected token"},
		{"error", "a,b:c.js", 0, 0, "100% bad\nreally", "::error file=a%2Cb%3Ac.js::100%25 bad%0Areally"},
		{"warning", "", 0, 0, "no file", "::warning::no file"},
	} {
		if got := ghCommand(tc.kind, tc.file, tc.line, tc.col, tc.msg); got != tc.want {
			t.Errorf("ghCommand(%q, %q, %d, %d, %q) = %q, want %q", tc.kind, tc.file, tc.line, tc.col, tc.msg, got, tc.want)
		}
	}
}
