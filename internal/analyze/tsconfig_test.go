package analyze

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/bmesjs/bmes/diag"
)

func readArchive(t *testing.T, file string) *txtar.Archive {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return ar
}

// extract writes the files of a txtar archive, except the want/ sections,
// under a new temporary directory and returns it. The archives stand in
// for fixture trees because the repository ignores node_modules folders.
func extract(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		if strings.HasPrefix(f.Name, "want/") {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// section returns the content of the archive file name, and whether it is
// there.
func section(ar *txtar.Archive, name string) (string, bool) {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data), true
		}
	}
	return "", false
}

// eachFixture runs test, as a subtest named after the archive, for every
// txtar archive in folder: the archive's file name and contents, the
// temporary directory it was extracted to, and the slash-separated path its
// "plan:" line names.
func eachFixture(t *testing.T, folder string, test func(t *testing.T, file string, ar *txtar.Archive, dir, rel string)) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(folder, "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures in " + folder)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar := readArchive(t, file)
			test(t, file, ar, extract(t, ar), planTarget(t, ar))
		})
	}
}

// planTarget returns the "plan: path" line of the archive's comment.
func planTarget(t *testing.T, ar *txtar.Archive) string {
	t.Helper()
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		if rest, ok := strings.CutPrefix(line, "plan: "); ok {
			return strings.TrimSpace(rest)
		}
	}
	t.Fatal("archive comment has no \"plan: path\" line")
	return ""
}

// relDiags renders diagnostics one per line with file names relative to
// dir, so that goldens do not depend on the temporary directory.
func relDiags(l diag.List, dir string) string {
	var b strings.Builder
	for _, d := range l {
		c := *d
		if r, err := filepath.Rel(dir, c.File); err == nil {
			c.File = filepath.ToSlash(r)
		}
		b.WriteString(c.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestTSConfigFixtures plans one file in each fixture tree of
// testdata/tsconfig and checks the TsconfigRaw esbuild would get ($DIR for
// the tree's root; "none" for no tsconfig), the warnings, or the error.
func TestTSConfigFixtures(t *testing.T) {
	eachFixture(t, "testdata/tsconfig", func(t *testing.T, file string, ar *txtar.Archive, dir, rel string) {
		target := filepath.Join(dir, filepath.FromSlash(rel))
		p, err := New().Plan(target)

		if wantErr, ok := section(ar, "want/error"); ok {
			var l diag.List
			if !errors.As(err, &l) {
				t.Fatalf("Plan error = %v, want a diag.List", err)
			}
			if got := relDiags(l, dir); got != wantErr {
				t.Errorf("error:\n got: %s\nwant: %s", got, wantErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("Plan: %v", err)
		}
		wantRaw, ok := section(ar, "want/raw.json")
		if !ok {
			t.Fatal("fixture has neither want/error nor want/raw.json")
		}
		wantRaw = strings.TrimSpace(wantRaw)
		gotRaw := strings.ReplaceAll(p.tsconfigRaw, dir, "$DIR")
		if gotRaw == "" {
			gotRaw = "none"
		}
		if gotRaw != wantRaw {
			t.Errorf("TsconfigRaw:\n got: %s\nwant: %s", gotRaw, wantRaw)
		}
		wantWarn, _ := section(ar, "want/warnings")
		if got := relDiags(p.Warnings, dir); got != wantWarn {
			t.Errorf("warnings:\n got: %s\nwant: %s", got, wantWarn)
		}
	})
}

// writeTree writes files (slash-separated name → content) under a new
// temporary directory and returns it.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	ar := &txtar.Archive{}
	for name, data := range files {
		ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
	}
	return extract(t, ar)
}

// TestTSConfigOnlyForTypeScriptAndJSX: a .js file next to a tsconfig.json
// is analysed as written, while .jsx files take the tsconfig's jsx options.
func TestTSConfigOnlyForTypeScriptAndJSX(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"tsconfig.json": `{"compilerOptions": {"jsx": "react-jsx"}}`,
	})
	a := New()
	for _, tc := range []struct {
		name    string
		wantRaw string
	}{
		{"a.js", ""},
		{"a.mjs", ""},
		{"a.jsx", `{"compilerOptions":{"jsx":"react-jsx"}}`},
		{"a.ts", `{"compilerOptions":{"jsx":"react-jsx"}}`},
	} {
		p, err := a.Plan(filepath.Join(dir, tc.name))
		if err != nil {
			t.Fatalf("Plan(%s): %v", tc.name, err)
		}
		if p.tsconfigRaw != tc.wantRaw {
			t.Errorf("Plan(%s): TsconfigRaw = %q, want %q", tc.name, p.tsconfigRaw, tc.wantRaw)
		}
	}
}

// TestTSConfigErrorForEveryFile: the error of a broken tsconfig.json is
// cached per directory, and every TypeScript file under it gets it.
func TestTSConfigErrorForEveryFile(t *testing.T) {
	dir := writeTree(t, map[string]string{"tsconfig.json": `{"compilerOptions": }`})
	a := New()
	for _, name := range []string{"a.ts", "b.ts", "sub/c.tsx", "sub/deeper/d.mts"} {
		_, err := a.Plan(filepath.Join(dir, filepath.FromSlash(name)))
		var l diag.List
		if !errors.As(err, &l) || len(l) != 1 {
			t.Fatalf("Plan(%s) error = %v, want one diagnostic", name, err)
		}
		if d := l[0]; d.File != filepath.Join(dir, "tsconfig.json") || d.Line != 1 || d.Col != 21 {
			t.Errorf("Plan(%s) error at %s:%d:%d, want tsconfig.json:1:21", name, d.File, d.Line, d.Col)
		}
	}
	// JavaScript does not read tsconfig.json, so it is not affected.
	if _, err := a.Plan(filepath.Join(dir, "e.js")); err != nil {
		t.Errorf("Plan(e.js): %v", err)
	}
}

// TestTSConfigConcurrent plans many files of several directories at once
// (run with -race): each directory's tsconfig is resolved once and every
// Plan sees the same result.
func TestTSConfigConcurrent(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"tsconfig.json":   `{"extends": "./base.json", "compilerOptions": {"strict": true}}`,
		"base.json":       `{"compilerOptions": {"target": "es2022"}}`,
		"x/tsconfig.json": `{"extends": "../base.json"}`,
	})
	a := New()
	dirs := []string{"", "a", "a/b", "x", "x/y"}
	var wg sync.WaitGroup
	hashes := make([]uint64, 64)
	errs := make([]error, 64)
	for i := range hashes {
		wg.Go(func() {
			p, err := a.Plan(filepath.Join(dir, filepath.FromSlash(dirs[i%len(dirs)]), "f.ts"))
			if err != nil {
				errs[i] = err
				return
			}
			hashes[i] = p.OptionsHash
		})
	}
	wg.Wait()
	for i := range hashes {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if j := i - len(dirs); j >= 0 && hashes[i] != hashes[j] {
			t.Errorf("plans %d and %d of the same directory differ", i, j)
		}
	}
}

func TestResolveExports(t *testing.T) {
	parse := func(s string) *jvalue {
		v, err := parseJSONC([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		exports, subpath string
		want             string // "" for no match
	}{
		{`"./tsconfig.json"`, ".", "./tsconfig.json"},
		{`"./tsconfig.json"`, "./x", ""},
		{`{"require": "./r.json", "default": "./d.json"}`, ".", "./r.json"},
		{`{"import": "./i.json", "default": "./d.json"}`, ".", "./d.json"},
		{`{".": "./main.json", "./strict": "./s.json"}`, "./strict", "./s.json"},
		{`{"./*": "./configs/*.json"}`, "./node20", "./configs/node20.json"},
		{`{"./*": "./a/*", "./cfg/*": "./b/*"}`, "./cfg/x.json", "./b/x.json"},
		{`{"./x": ["../escape.json", "./ok.json"]}`, "./x", "./ok.json"},
		{`{"./x": null}`, "./x", ""},
		{`{".": {"node": {"types": "./nested.json"}}}`, ".", "./nested.json"},
	} {
		got, ok := resolveExports(parse(tc.exports), tc.subpath)
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("resolveExports(%s, %q) = %q, want %q", tc.exports, tc.subpath, got, tc.want)
		}
	}
}
