package analyze

import (
	"encoding/json"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// originalPosition maps a position in esbuild's output for src (1-based
// line, 1-based byte column) back to src, through a source map that esbuild
// makes for the purpose. It is called only when the parser rejects the
// output (an early error esbuild does not check, such as an invalid regular
// expression), so the sidecar's code is never built with a source map, and
// a TypeScript user is pointed at the line they wrote rather than at a line
// of code they never saw. ok is false when the map has no segment there.
func (p *Plan) originalPosition(src []byte, line, col int) (origLine, origCol int, ok bool) {
	res := api.Transform(string(src), api.TransformOptions{
		Loader:      esbuildLoaders[p.Loader],
		Sourcefile:  p.Path,
		TsconfigRaw: p.tsconfigRaw,
		Supported:   map[string]bool{"decorators": false},
		Sourcemap:   api.SourceMapExternal,
	})
	if len(res.Errors) > 0 {
		return 0, 0, false
	}
	var sm struct {
		Mappings string `json:"mappings"`
	}
	if json.Unmarshal(res.Map, &sm) != nil {
		return 0, 0, false
	}
	genLines := strings.Split(string(res.Code), "\n")
	if line < 1 || line > len(genLines) {
		return 0, 0, false
	}
	// Source maps count columns in UTF-16 code units, from 0.
	genCol := utf16Len(genLines[line-1][:min(col-1, len(genLines[line-1]))])

	// Find the last segment on the line at or before the column. Fields
	// are deltas: the generated column resets on each line, the source
	// line and column run on across the whole map.
	var srcLine, srcCol int
	found := false
	for i, group := range strings.Split(sm.Mappings, ";") {
		gen := 0
		for _, seg := range strings.Split(group, ",") {
			if seg == "" {
				continue
			}
			f, ok := decodeVLQ(seg)
			if !ok {
				return 0, 0, false
			}
			gen += f[0]
			if len(f) >= 4 {
				srcLine += f[2]
				srcCol += f[3]
			}
			if i == line-1 && len(f) >= 4 && gen <= genCol {
				origLine, origCol, found = srcLine, srcCol+(genCol-gen), true
			}
		}
		if i == line-1 {
			break
		}
	}
	if !found {
		return 0, 0, false
	}
	srcLines := strings.Split(string(src), "\n")
	if origLine >= len(srcLines) {
		return 0, 0, false
	}
	return origLine + 1, byteCol(srcLines[origLine], origCol) + 1, true
}

// decodeVLQ decodes one source map segment: base64 VLQ numbers.
func decodeVLQ(seg string) ([]int, bool) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	var out []int
	value, shift := 0, 0
	for i := 0; i < len(seg); i++ {
		digit := strings.IndexByte(alphabet, seg[i])
		if digit < 0 || shift > 30 {
			return nil, false
		}
		value |= (digit & 31) << shift
		if digit&32 != 0 {
			shift += 5
			continue
		}
		n := value >> 1
		if value&1 != 0 {
			n = -n
		}
		out = append(out, n)
		value, shift = 0, 0
	}
	return out, shift == 0
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// byteCol turns a column in UTF-16 code units into a byte offset in line.
func byteCol(line string, units int) int {
	for i, r := range line {
		if units <= 0 {
			return i
		}
		units--
		if r >= 0x10000 {
			units--
		}
	}
	return len(line)
}
