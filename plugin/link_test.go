package plugin

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
)

func TestLinkOutputs(t *testing.T) {
	files := map[string]string{
		"src/a.js":      "import {x, missing} from './b.js';\nimport './gone.js';\nimport {y} from './shared.js';\nimport 'pkg';\nconsole.log(x, missing, y);\n",
		"src/b.js":      "export const x = 1;\nexport {nope} from './shared.js';\n",
		"src/shared.js": "export const y = 2;\n",
		"src/split1.js": "import {y} from './shared.js'; export const s1 = y;\n",
		"src/split2.js": "import {y} from './shared.js'; export const s2 = () => import('./b.js');\n",
	}
	dir := t.TempDir()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := func(mod func(*api.BuildOptions)) api.BuildResult {
		opts := api.BuildOptions{
			AbsWorkingDir: dir,
			Outdir:        "out",
			Format:        api.FormatESModule,
			Write:         true,
			LogLevel:      api.LogLevelSilent,
			Plugins:       []api.Plugin{New(Options{Mode: Outputs, Link: true})},
		}
		mod(&opts)
		return api.Build(opts)
	}

	t.Run("unbundled", func(t *testing.T) {
		res := build(func(o *api.BuildOptions) {
			o.EntryPoints = []string{"src/a.js", "src/b.js", "src/shared.js"}
			o.Outdir = "out-unbundled"
		})
		var got []string
		for _, m := range res.Errors {
			if m.Location == nil {
				got = append(got, "(no location) "+m.Text)
				continue
			}
			got = append(got, m.Location.File+":"+itoa(m.Location.Line)+":"+itoa(m.Location.Column)+": "+m.Text+" | "+m.Location.LineText)
		}
		// esbuild writes `export {nope} from` as an import and an export
		// list: both fail, as they would in a runtime.
		want := []string{
			"out-unbundled/a.js:2:7: Cannot find module './gone.js' | import \"./gone.js\";",
			"out-unbundled/a.js:1:12: The requested module './b.js' does not provide an export named 'missing' | import { x, missing } from \"./b.js\";",
			"out-unbundled/b.js:4:2: The requested module './shared.js' does not provide an export named 'nope' |   nope,",
			"out-unbundled/b.js:2:9: The requested module './shared.js' does not provide an export named 'nope' | import { nope } from \"./shared.js\";",
		}
		if !slices.Equal(got, want) {
			t.Errorf("errors:\n  %q\nwant\n  %q", got, want)
		}
	})
	t.Run("code-split", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(dir, "src/b.js"), []byte("export const x = 1;\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		res := build(func(o *api.BuildOptions) {
			o.EntryPoints = []string{"src/split1.js", "src/split2.js"}
			o.Bundle = true
			o.Splitting = true
			o.Outdir = "out-split"
		})
		if len(res.Errors) > 0 {
			t.Errorf("a code-split build that links has errors: %v", res.Errors)
		}
		if n := len(res.OutputFiles); n < 4 {
			t.Errorf("%d output files, want the entries, a shared chunk and the lazy one", n)
		}
	})
	t.Run("needs outputs", func(t *testing.T) {
		opts := api.BuildOptions{
			AbsWorkingDir: dir,
			EntryPoints:   []string{"src/shared.js"},
			Outdir:        "out-sources",
			Format:        api.FormatESModule,
			LogLevel:      api.LogLevelSilent,
			Plugins:       []api.Plugin{New(Options{Mode: Sources, Link: true})},
		}
		res := api.Build(opts)
		if len(res.Warnings) != 1 || res.Warnings[0].Text == "" {
			t.Errorf("warnings = %v, want one saying the link check needs output files", res.Warnings)
		}
	})
}

func itoa(n int) string { return fmt.Sprint(n) }
