package analyze

import (
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
// Only esbuild's errors count; its warnings (a suspicious typeof, an
// unrecognised tsconfig target) do not make a module invalid. Errors become
// diagnostics at the source position esbuild reports, named name.
func (p *Plan) transform(name string, src []byte) ([]byte, error) {
	res := api.Transform(string(src), api.TransformOptions{
		Loader:      esbuildLoaders[p.Loader],
		Sourcefile:  p.Path,
		TsconfigRaw: p.tsconfigRaw,
		Supported:   map[string]bool{"decorators": false},
	})
	if len(res.Errors) > 0 {
		return nil, messagesToDiag(name, res.Errors)
	}
	return res.Code, nil
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
