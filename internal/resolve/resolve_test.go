package resolve

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/bmesjs/bmes/internal/fscache"
)

// extract writes testdata/tree.txtar into a temporary directory (a
// node_modules folder cannot be committed as is: .gitignore drops it).
func extract(t *testing.T) string {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/tree.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range ar.Files {
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

func TestResolve(t *testing.T) {
	root := extract(t)
	const importer = "app/src/main.ts"
	tests := []struct {
		spec       string
		from       string   // importer, relative to root; default importer
		conditions []string // nil: DefaultConditions
		want       string   // relative to root; "" when resolution fails
		format     Format
		err        error
	}{
		// Relative specifiers, bundler style.
		{spec: "./util.ts", want: "app/src/util.ts"},
		{spec: "./util.js", want: "app/src/util.ts"},  // .js names the .ts source
		{spec: "./comp.js", want: "app/src/comp.tsx"}, // … or the .tsx one
		{spec: "./util", want: "app/src/util.ts"},     // extension probing
		{spec: "./mod.mjs", want: "app/src/mod.mts"},  // .mjs names .mts
		{spec: "./dir", want: "app/src/dir/index.ts"}, // index probing
		{spec: "./both.js", want: "app/src/both.js"},  // an existing .js wins
		{spec: "./plain.js?raw#frag", want: "app/src/plain.js"},
		{spec: "../../outside.js", want: "outside.js"},
		{spec: "./missing.js", err: ErrNotFound},
		// Package imports ("#").
		{spec: "#util", want: "app/src/util.ts"},
		{spec: "#lib/a", want: "app/src/lib/a.js", format: FormatModule},
		{spec: "#dep", want: "app/node_modules/exp/esm/index.js", format: FormatModule},
		{spec: "#nope", err: ErrNotFound},
		{spec: "#missing", err: ErrNotFound},
		// Self-reference through the package's own exports.
		{spec: "app/self", want: "app/src/self.js", format: FormatModule},
		// exports: conditions in the package's order, arrays, subpaths, patterns.
		{spec: "exp", want: "app/node_modules/exp/esm/index.js", format: FormatModule},
		{spec: "exp", conditions: []string{"require"}, want: "app/node_modules/exp/cjs/index.cjs", format: FormatCommonJS},
		{spec: "exp/feature", want: "app/node_modules/exp/esm/feature-node.js", format: FormatModule},
		{spec: "exp/feature", conditions: []string{"browser"}, want: "app/node_modules/exp/esm/feature.js", format: FormatCommonJS},
		{spec: "exp/features/a", want: "app/node_modules/exp/esm/features/a.js", format: FormatCommonJS},
		{spec: "exp/features/a.js", want: "app/node_modules/exp/esm/features/a.js", format: FormatCommonJS},
		{spec: "exp/features/private/x", err: ErrNotFound}, // null target: not exported
		{spec: "exp/esm/index.js", err: ErrNotFound},       // not in exports
		{spec: "exp/bad", want: ""}, // a target leaving the package
		{spec: "exp/custom", conditions: []string{"custom"}, want: "app/node_modules/exp/custom.js", format: FormatCommonJS},
		{spec: "exp/custom", want: "app/node_modules/exp/esm/index.js", format: FormatCommonJS},
		{spec: "sugar", want: "app/node_modules/sugar/main.js", format: FormatModule},
		{spec: "sugar/other.js", err: ErrNotFound},
		{spec: "@scope/pkg", want: "app/node_modules/@scope/pkg/index.mjs", format: FormatModule},
		{spec: "@scope/pkg/sub", want: "app/node_modules/@scope/pkg/sub.mjs", format: FormatModule},
		// No exports: "module", then "main", then index; subpaths probed.
		{spec: "legacy", want: "app/node_modules/legacy/es/index.js", format: FormatModule},
		{spec: "legacy", conditions: []string{"import"}, want: "app/node_modules/legacy/lib/main.js", format: FormatCommonJS},
		{spec: "legacy/es/deep", want: "app/node_modules/legacy/es/deep.js", format: FormatCommonJS},
		{spec: "mainonly", want: "app/node_modules/mainonly/dist/index.js", format: FormatModule},
		{spec: "nopkg", want: "app/node_modules/nopkg/index.js", format: FormatCommonJS},
		// Lookup climbs directories: a hoisted package from a nested one.
		{spec: "hoisted", from: "app/packages/inner/src/x.js", want: "node_modules/hoisted/h.mjs", format: FormatModule},
		{spec: "exp", from: "app/packages/inner/src/x.js", want: "app/node_modules/exp/esm/index.js", format: FormatModule},
		// Not files.
		{spec: "node:fs", err: ErrUnsupported},
		{spec: "https://example.com/x.js", err: ErrUnsupported},
		{spec: "not-installed", err: ErrNotFound},
		{spec: "@scope", want: ""},
	}
	for _, tc := range tests {
		from := tc.from
		if from == "" {
			from = importer
		}
		name := tc.spec + " from " + from
		if tc.conditions != nil {
			name += " [" + strings.Join(tc.conditions, ",") + "]"
		}
		// Each case is resolved with the file system seen directly and
		// through a per-run cache: both must agree.
		t.Run(name, func(t *testing.T) {
			for _, r := range []*Resolver{New(tc.conditions), NewCached(tc.conditions, fscache.New())} {
				check(t, r, root, tc.spec, filepath.Join(root, filepath.FromSlash(from)), tc.want, tc.err, tc.format)
			}
		})
	}
}

// check resolves spec from importer with r and compares with want
// (relative to root; "" for an error, wantErr if not nil) and format.
func check(t *testing.T, r *Resolver, root, spec, importer, want string, wantErr error, format Format) {
	t.Helper()
	res, err := r.Resolve(spec, importer)
	if want == "" {
		if err == nil {
			t.Fatalf("resolved to %s, want an error", res.Path)
		}
		if wantErr != nil && !errors.Is(err, wantErr) {
			t.Fatalf("error %v, want %v", err, wantErr)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	got, _ := filepath.Rel(root, res.Path)
	if filepath.ToSlash(got) != want || res.Format != format {
		t.Errorf("got %s (%v), want %s (%v)", filepath.ToSlash(got), res.Format, want, format)
	}
}

func TestClassifySpecifier(t *testing.T) {
	for _, tc := range []struct {
		spec           string
		relative, bare bool
	}{
		{"./a.js", true, false},
		{"../a", true, false},
		{"/abs/a.js", true, false},
		{".", true, false},
		{"pkg", false, true},
		{"@s/p/sub", false, true},
		{"#internal", false, true},
		{"node:fs", false, false},
		{"data:text/javascript,1", false, false},
		{"", false, false},
	} {
		if got := IsRelative(tc.spec); got != tc.relative {
			t.Errorf("IsRelative(%q) = %v", tc.spec, got)
		}
		if got := IsBare(tc.spec); got != tc.bare {
			t.Errorf("IsBare(%q) = %v", tc.spec, got)
		}
	}
}

func TestPatternKeyOrder(t *testing.T) {
	// PATTERN_KEY_COMPARE: the longest prefix before "*" wins, then the
	// longest key.
	obj := object{
		{"./*", "./all/*.js"},
		{"./features/*", "./f/*.js"},
		{"./features/*.js", "./fj/*.js"},
	}
	r := New(nil)
	for key, want := range map[string]string{
		"./x":             "all/x.js",
		"./features/a":    "f/a.js",
		"./features/a.js": "fj/a.js",
	} {
		got, err := r.importsExportsResolve(key, obj, "/pkg", false)
		if err != nil || got.path != filepath.FromSlash("/pkg/"+want) {
			t.Errorf("%s: got %q, %v; want /pkg/%s", key, got.path, err, want)
		}
	}
}

func TestIsNodeBuiltin(t *testing.T) {
	for spec, want := range map[string]bool{
		"node:fs": true, "node:test": true, "fs": true, "fs/promises": true, "crypto": true,
		"fsx": false, "fs/other": false, "lodash": false, "./fs": false,
	} {
		if got := IsNodeBuiltin(spec); got != want {
			t.Errorf("IsNodeBuiltin(%q) = %v, want %v", spec, got, want)
		}
	}
}
