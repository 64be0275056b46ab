package analyze

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/bmesjs/bmes/diag"
)

// esbuildLoaders maps our loaders to esbuild's.
var esbuildLoaders = [...]api.Loader{
	LoaderJS:  api.LoaderJS,
	LoaderTS:  api.LoaderTS,
	LoaderTSX: api.LoaderTSX,
	LoaderJSX: api.LoaderJSX,
}

// transform runs esbuild's Transform over src with exactly the options
// module-record.md fixes: the loader by extension, Sourcefile the absolute
// path, the merged tsconfig as TsconfigRaw, decorators marked unsupported so
// that they are lowered, and nothing else (format left default, so ESM
// stays ESM; no target, so nothing else is lowered).
//
// It also asks for esbuild's source map of the output (which does not
// change the code: an external map adds no comment), so that a runtime can
// point stack traces at the TypeScript lines: see sourceMap.
//
// Only esbuild's errors count; its warnings (a suspicious typeof, an
// unrecognised tsconfig target) do not make a module invalid. Errors become
// diagnostics at the source position esbuild reports, named name.
func (p *Plan) transform(name string, src []byte) (code, sourceMap []byte, err error) {
	res := api.Transform(string(src), api.TransformOptions{
		Loader:         esbuildLoaders[p.Loader],
		Sourcefile:     p.Path,
		TsconfigRaw:    p.tsconfigRaw,
		Supported:      map[string]bool{"decorators": false},
		Sourcemap:      api.SourceMapExternal,
		SourcesContent: api.SourcesContentExclude,
	})
	if len(res.Errors) > 0 {
		return nil, nil, messagesToDiag(name, res.Errors)
	}
	sm, err := portableSourceMap(res.Map, p.Path)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: esbuild's source map: %w", name, err)
	}
	return res.Code, sm, nil
}

// portableSourceMap rewrites esbuild's source map so that it names the
// source by its base name (relative to the map's module, as source maps
// resolve "sources") rather than by the absolute path esbuild was given:
// a sidecar must be byte-identical on every machine, and the map must
// still lead to the source after the tree is moved. The fields are those
// esbuild writes, in its order; anything else in the map is dropped.
func portableSourceMap(m []byte, absPath string) ([]byte, error) {
	var in struct {
		Version  int      `json:"version"`
		Sources  []string `json:"sources"`
		Mappings string   `json:"mappings"`
		Names    []string `json:"names"`
	}
	if err := json.Unmarshal(m, &in); err != nil {
		return nil, err
	}
	if in.Version != 3 || len(in.Sources) > 1 {
		return nil, fmt.Errorf("version %d with %d sources, want version 3 and one source", in.Version, len(in.Sources))
	}
	out := struct {
		Version  int      `json:"version"`
		Sources  []string `json:"sources"`
		Mappings string   `json:"mappings"`
		Names    []string `json:"names"`
	}{3, []string{filepath.Base(absPath)}, in.Mappings, in.Names}
	if out.Names == nil {
		out.Names = []string{}
	}
	return json.Marshal(out)
}

// messagesToDiag converts esbuild messages: esbuild counts lines from 1 and
// columns from 0 (in bytes), diagnostics count both from 1. A message
// without a location (about the options rather than the source) concerns the
// whole file.
func messagesToDiag(name string, msgs []api.Message) diag.List {
	l := make(diag.List, 0, len(msgs))
	for _, m := range msgs {
		line, col := 0, 0
		if loc := m.Location; loc != nil {
			line, col = loc.Line, loc.Column+1
		}
		l.Add(name, line, col, m.Text)
	}
	return l
}
