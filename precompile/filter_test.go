package precompile

import "testing"

func TestFilter(t *testing.T) {
	tests := []struct {
		name             string
		include, exclude []string
		match            map[string]bool // file → Match
		skip             map[string]bool // directory → SkipDir
	}{
		{
			name: "defaults",
			match: map[string]bool{
				"a.js": true, "src/b.mjs": true, "src/c.ts": true, "d.mts": true, "e.tsx": true, "f.jsx": true,
				".eslintrc.js":              true, // a hidden file, not a hidden directory
				"a.cjs":                     false,
				"a.cts":                     false,
				"a.json":                    false,
				"types.d.ts":                false,
				"src/types.d.ts":            false,
				"node_modules/p/index.js":   false,
				"a/node_modules/p/index.js": false,
				".git/hooks/x.js":           false,
				"src/.cache/x.js":           false,
				"./src/a.js":                true,
			},
			skip: map[string]bool{
				".": false, "src": false, "node_modules": true, "a/node_modules": true,
				".git": true, "src/.cache": true, "node_modules_x": false,
			},
		},
		{
			name:    "include replaces the default",
			include: []string{"src/**/*.js", "lib/*.ts"},
			match: map[string]bool{
				"src/a.js": true, "src/x/y/a.js": true, "lib/a.ts": true,
				"a.js": false, "lib/x/a.ts": false, "src/a.ts": false,
				"src/node_modules/p/a.js": false, // default excludes still apply
			},
		},
		{
			name:    "explicit exclude replaces the default",
			exclude: []string{"dist", "**/*.test.js"},
			match: map[string]bool{
				"node_modules/p/a.js": true, "a.test.js": false, "src/a.test.js": false,
				"dist/a.js": false, "dist/x/a.js": false, "src/dist/a.js": true,
			},
			skip: map[string]bool{"dist": true, "node_modules": false, "src/dist": false},
		},
		{
			name:    "empty include selects nothing",
			include: []string{},
			match:   map[string]bool{"a.js": false},
		},
		{
			name:    "braces and backslashes",
			include: []string{`src\**\*.{js,ts}`},
			exclude: []string{"./src/gen/**"},
			match: map[string]bool{
				"src/a.js": true, "src/x/a.ts": true, "src/gen/a.js": false, `src\b.js`: true,
			},
			skip: map[string]bool{"src/gen": true, "src": false},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := NewFilter(tc.include, tc.exclude)
			if err != nil {
				t.Fatal(err)
			}
			for p, want := range tc.match {
				if got := f.Match(p); got != want {
					t.Errorf("Match(%q) = %v, want %v", p, got, want)
				}
			}
			for p, want := range tc.skip {
				if got := f.SkipDir(p); got != want {
					t.Errorf("SkipDir(%q) = %v, want %v", p, got, want)
				}
			}
		})
	}
}

func TestFilterInvalid(t *testing.T) {
	for _, tc := range []struct{ include, exclude []string }{
		{include: []string{"["}},
		{exclude: []string{"a/{b"}},
	} {
		if _, err := NewFilter(tc.include, tc.exclude); err == nil {
			t.Errorf("NewFilter(%q, %q) succeeded, want an error", tc.include, tc.exclude)
		}
	}
}
