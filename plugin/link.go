package plugin

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/bmesjs/bmes/internal/locate"
	"github.com/bmesjs/bmes/internal/resolve"
	"github.com/bmesjs/bmes/link"
)

// linkOutputs links the ES module output files as a runtime loading them
// would and returns the errors it would throw, located in the outputs. A
// runtime resolves a relative import of an output exactly, by URL or path
// (no extension probing), so that is how requests resolve here: to another
// output of this build, or to a file on disk that is not one (not checked),
// or to nothing (an error).
func (p *plugin) linkOutputs(result *api.BuildResult, jobs []*job, contents [][]byte) []api.Message {
	byPath := map[string]int{}
	for i, j := range jobs {
		byPath[j.path] = i
	}
	others := map[string]bool{} // output files that are not JavaScript chunks
	for _, f := range result.OutputFiles {
		others[filepath.Clean(f.Path)] = true
	}
	var mods []link.Module
	for _, j := range jobs {
		if j.rec == nil {
			continue
		}
		m := link.Module{Key: j.path, Record: j.rec, Requests: make([]link.Request, len(j.rec.RequestedModules))}
		for i, req := range j.rec.RequestedModules {
			m.Requests[i] = outputRequest(j.path, req.Specifier, byPath, jobs, others)
		}
		mods = append(mods, m)
	}
	res := link.Link(mods, link.Options{})
	var msgs []api.Message
	scanned := map[string]*locate.File{}
	for _, e := range res.Errors {
		i := byPath[e.Module]
		j := jobs[i]
		f := scanned[j.path]
		if f == nil {
			f = locate.Scan(contents[i])
			scanned[j.path] = f
		}
		pos := f.Find(j.rec, locateEntry(e.Kind), e.Request, e.Entry)
		msg := api.Message{Text: e.Msg}
		if pos.Line > 0 {
			msg.Location = &api.Location{
				File:      p.pretty(j.path),
				Namespace: "file",
				Line:      pos.Line,
				Column:    pos.Col - 1,
				LineText:  line(contents[i], pos.Line),
			}
		} else {
			msg.Text = j.name + ": " + e.Msg
		}
		msgs = append(msgs, msg)
	}
	return msgs
}

// outputRequest resolves one request of the output file at from.
func outputRequest(from, spec string, byPath map[string]int, jobs []*job, others map[string]bool) link.Request {
	if !resolve.IsRelative(spec) {
		if resolve.IsBare(spec) {
			return link.Request{Unknown: "a package import"}
		}
		return link.Request{Unknown: "names no local file"}
	}
	rel := spec
	if i := strings.IndexAny(rel, "?#"); i >= 0 {
		rel = rel[:i]
	}
	target := filepath.FromSlash(rel)
	if !filepath.IsAbs(target) {
		target = filepath.Join(filepath.Dir(from), target)
	}
	target = filepath.Clean(target)
	if i, ok := byPath[target]; ok {
		j := jobs[i]
		switch {
		case j.rec != nil:
			return link.Request{Key: target}
		case j.err != nil:
			return link.Request{Err: fmt.Sprintf("The requested module '%s' is not a valid module", spec)}
		}
		return link.Request{Unknown: "not an ES module"}
	}
	if others[target] {
		return link.Request{Unknown: "not a JavaScript output"}
	}
	if fi, err := os.Stat(target); err == nil && fi.Mode().IsRegular() {
		return link.Request{Unknown: "not an output of this build"}
	}
	return link.Request{Err: fmt.Sprintf("Cannot find module '%s'", spec)}
}

func locateEntry(k link.ErrorKind) locate.Entry {
	switch k {
	case link.ErrImport:
		return locate.ImportEntry
	case link.ErrIndirectExport:
		return locate.IndirectExportEntry
	}
	return locate.RequestEntry
}
