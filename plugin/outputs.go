package plugin

import (
	"encoding/base64"
	"encoding/binary"
	"os"
	"runtime"
	"slices"
	"sync"

	"github.com/cespare/xxhash/v2"
	"github.com/evanw/esbuild/pkg/api"

	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/sidecar"
)

// finishOutputs gives every ES module output file a sidecar, analysing the
// bytes esbuild produced (BuildResult.OutputFiles holds them whether or not
// the build writes). With write, esbuild has already written the outputs
// when OnEnd runs, so the sidecars go beside them on disk and an up-to-date
// one is left alone; without, the sidecars join the in-memory outputs.
func (p *plugin) finishOutputs(result *api.BuildResult, write bool, end *api.OnEndResult, stats *Stats) {
	if len(result.Errors) > 0 {
		// esbuild writes no output when the build failed.
		return
	}
	var jobs []*job
	var contents [][]byte
	for _, f := range result.OutputFiles {
		// Only JavaScript chunks: the plan's loader is JavaScript, and .css,
		// .map, .json and copied assets are not modules. A .cjs output
		// (OutExtension) is not ES module code either.
		if kind, loader := analyze.Classify(f.Path); kind != analyze.ESModule || loader != analyze.LoaderJS {
			continue
		}
		jobs = append(jobs, &job{path: f.Path, name: p.pretty(f.Path), engines: p.engines(), root: p.root, keepRecord: p.opts.Link})
		contents = append(contents, f.Contents)
	}

	a := analyze.New()
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			j.analyze(a, contents[i], write)
			if j.err != nil {
				j.src = contents[i]
			}
		}()
	}
	wg.Wait()
	if p.opts.Link {
		end.Errors = append(end.Errors, p.linkOutputs(result, jobs, contents)...)
	}

	var writes []*job
	current := map[string]bool{}
	for _, j := range jobs {
		current[j.path] = true
		switch {
		case j.skip:
		case j.err != nil:
			stats.Failed++
			end.Errors = append(end.Errors, p.messages(j)...)
		case j.fresh:
			stats.Fresh++
		case write:
			writes = append(writes, j)
		default:
			result.OutputFiles = append(result.OutputFiles, api.OutputFile{
				Path:     sidecar.Path(j.path),
				Contents: j.data,
				Hash:     outputHash(j.data),
			})
			stats.Written = append(stats.Written, sidecar.Path(j.path))
		}
	}
	if !write {
		return
	}

	errs := writeAll(len(writes), func(i int) (string, []byte) {
		return sidecar.Path(writes[i].path), writes[i].data
	})
	for i, j := range writes {
		if errs[i] != nil {
			end.Errors = append(end.Errors, api.Message{Text: j.name + ": " + errs[i].Error()})
			continue
		}
		stats.Written = append(stats.Written, sidecar.Path(j.path))
	}

	// esbuild deletes the outputs of the previous build that this one no
	// longer produces (a code-split chunk's name changes with its content).
	// Their sidecars go too; a sidecar beside an output that is still there
	// is kept, whoever wrote it.
	var gone []string
	for path := range p.outputs {
		if !current[path] {
			gone = append(gone, path)
		}
	}
	slices.Sort(gone)
	for _, path := range gone {
		if _, err := os.Stat(path); err == nil {
			continue
		}
		if err := sidecar.Remove(sidecar.Path(path)); err != nil {
			end.Warnings = append(end.Warnings, api.Message{Text: err.Error()})
			continue
		}
		stats.Removed = append(stats.Removed, sidecar.Path(path))
	}
	p.outputs = current
}

// outputHash is the hash esbuild gives an output file: xxHash64 of the
// contents, little-endian, base64 without padding. A watch-mode script that
// compares hashes to skip unchanged outputs treats the sidecars the same
// way.
func outputHash(data []byte) string {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], xxhash.Sum64(data))
	return base64.RawStdEncoding.EncodeToString(b[:])
}
