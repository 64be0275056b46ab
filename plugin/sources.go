package plugin

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/evanw/esbuild/pkg/api"

	"github.com/bmesjs/bmes/diag"
	"github.com/bmesjs/bmes/format"
	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/internal/sidecar"
)

// buildState is what one build (one Build call, one Rebuild, one watch
// round) knows about the source modules esbuild loaded.
type buildState struct {
	// analyzer is new for every build, so that a watch-mode edit to a
	// tsconfig.json is seen by the next build, and one build sees one
	// version of every tsconfig.
	analyzer *analyze.Analyzer
	engines  []sidecar.Engine
	root     string
	// sem bounds the analyses running at once to the CPUs: esbuild's own
	// parsing competes for the same cores, and analysing faster than
	// esbuild loads gains nothing.
	sem chan struct{}
	wg  sync.WaitGroup

	mu   sync.Mutex
	jobs map[string]*job // by absolute path; a file loaded twice is analysed once
}

func newBuildState(engines []sidecar.Engine, root string) *buildState {
	return &buildState{
		analyzer: analyze.New(),
		engines:  engines,
		root:     root,
		sem:      make(chan struct{}, runtime.GOMAXPROCS(0)),
		jobs:     map[string]*job{},
	}
}

// job is one source module's analysis. The fields after name are written by
// the analysing goroutine and read in OnEnd after buildState.wg.Wait.
type job struct {
	path    string // absolute
	name    string // as esbuild prints it; diagnostics carry it
	engines []sidecar.Engine
	root    string // Options.Root, for the engines' module names

	skip     bool   // not an ES module after all (Plan's reading of the name)
	fresh    bool   // the sidecar on disk is up to date
	data     []byte // the sidecar to write
	err      error  // analysis failed
	loader   analyze.Loader
	src      []byte // kept only when err is set, for the messages' line text
	warnings diag.List

	// rec is the record, analysed or, with keepRecord (which the link
	// check of outputs asks for), decoded from the fresh sidecar.
	rec        *format.Record
	keepRecord bool

	existed  bool // a sidecar was there when the analysis looked
	written  bool // writeEarly has run; writeErr is its outcome
	writeErr error
}

// start begins the analysis of the file at path unless this build already
// has.
func (b *buildState) start(path, name string) {
	b.mu.Lock()
	if _, ok := b.jobs[path]; ok {
		b.mu.Unlock()
		return
	}
	j := &job{path: path, name: name, engines: b.engines, root: b.root}
	b.jobs[path] = j
	b.wg.Add(1)
	b.mu.Unlock()
	go func() {
		defer b.wg.Done()
		b.sem <- struct{}{}
		j.run(b.analyzer)
		<-b.sem
		j.writeEarly()
	}()
}

// writeEarly writes the sidecar the analysis built as soon as it is
// built, while esbuild is still at work, rather than after the build: a
// first build then costs about what its analyses cost, not that plus a
// file creation per module at the end. The sidecar is valid for the bytes
// analysed whatever the build decides; should esbuild reject the file
// (finishSources learns that only at the end), it is removed again, so a
// rejected file still ends with no sidecar. A write does not hold a CPU
// slot: it is the kernel's time, mostly spent waiting.
func (j *job) writeEarly() {
	if j.data == nil {
		return
	}
	j.writeErr = sidecar.Write(sidecar.Path(j.path), j.data)
	j.written = true
}

// run reads the source and either finds its sidecar fresh or builds a new
// one, through the same calls bmes-precompile makes. It reads the file
// itself rather than waiting for esbuild's read: OnLoad comes before
// esbuild reads, and a second read of a file just read is cheap.
func (j *job) run(a *analyze.Analyzer) {
	src, err := os.ReadFile(j.path)
	if err != nil {
		j.err = fmt.Errorf("reading %s: %w", j.name, err)
		return
	}
	j.analyze(a, src, true)
}

// analyze plans and analyses src, the bytes of the file at j.path. With
// onDisk, an existing sidecar beside the file that is still valid for src
// makes the job fresh instead.
func (j *job) analyze(a *analyze.Analyzer, src []byte, onDisk bool) {
	plan, err := a.Plan(j.path)
	if err != nil {
		if isSkip(err) {
			j.skip = true
		} else {
			j.err = err
		}
		return
	}
	j.loader = plan.Loader
	j.warnings = plan.Warnings
	spec := sidecar.Spec{Plan: plan, Engines: j.engines, Root: j.root}
	// A missing or unreadable sidecar is simply not fresh; Write reports
	// anything that stops the new one from being stored.
	if onDisk {
		existing, err := os.ReadFile(sidecar.Path(j.path))
		j.existed = err == nil || !errors.Is(err, fs.ErrNotExist)
		switch {
		case !j.keepRecord && sidecar.FreshFor(existing, src, spec):
			j.fresh = true
			return
		case j.keepRecord:
			// The link check needs the record: a sidecar whose record does
			// not decode is rebuilt.
			if rec := sidecar.FreshRecord(existing, src, spec); rec != nil {
				j.fresh = true
				j.rec = rec
				return
			}
		}
	}
	data, res, warnings, err := sidecar.BuildFor(spec, j.name, src)
	j.warnings = append(j.warnings, warnings...)
	if err != nil {
		j.err = err
		j.src = src
		return
	}
	j.data = data
	j.rec = res.Record
}

// finishSources waits for the analyses, then writes the sidecars of the
// modules esbuild accepted and reports the modules bmes rejected.
func (p *plugin) finishSources(b *buildState, result *api.BuildResult, end *api.OnEndResult, stats *Stats) {
	b.wg.Wait()
	rejected := p.rejected(result.Errors)

	paths := make([]string, 0, len(b.jobs))
	for path := range b.jobs {
		paths = append(paths, path)
	}
	slices.Sort(paths)

	var writes []*job
	var warnings []api.Message
	for _, path := range paths {
		j := b.jobs[path]
		// esbuild has already reported what is wrong with a file it
		// rejected; a second message about the same error would be noise,
		// and a file the build failed on gets no sidecar.
		if j.skip {
			continue
		}
		if rejected[j.path] {
			// A sidecar still valid for the file stays: the error may lie
			// in what the file imports, not in the file. One that is not
			// describes a version of the file the build never saw.
			if !j.fresh {
				p.drop(j, end, stats)
			}
			continue
		}
		for _, d := range j.warnings {
			warnings = append(warnings, p.message(d, j))
		}
		switch {
		case j.err != nil:
			stats.Failed++
			end.Errors = append(end.Errors, p.messages(j)...)
			// Not a valid module, so no sidecar, as bmes-precompile
			// does: the runtime must parse the file and see the error.
			p.drop(j, end, stats)
		case j.fresh:
			stats.Fresh++
		default:
			writes = append(writes, j)
		}
	}
	end.Warnings = append(end.Warnings, dedupe(warnings)...)

	// Sidecars were written as they were built (writeEarly); what is left
	// is telling how that went.
	for _, j := range writes {
		if err := j.writeErr; err != nil {
			end.Errors = append(end.Errors, api.Message{Text: fmt.Sprintf("%s: %v", j.name, err)})
			continue
		}
		stats.Written = append(stats.Written, sidecar.Path(j.path))
	}
}

// drop removes the sidecar of a file that must not have one, if there is
// one.
//
// A sidecar writeEarly wrote for a file esbuild then rejected goes too;
// it counts as removed only if one was there before the build, since
// otherwise, as far as anyone outside the build knows, nothing changed.
func (p *plugin) drop(j *job, end *api.OnEndResult, stats *Stats) {
	path := sidecar.Path(j.path)
	if _, err := os.Lstat(path); err != nil {
		return
	}
	if err := sidecar.Remove(path); err != nil {
		end.Warnings = append(end.Warnings, api.Message{Text: fmt.Sprintf("%s: %v", j.name, err)})
		return
	}
	if j.written && j.writeErr == nil && !j.existed {
		return
	}
	stats.Removed = append(stats.Removed, path)
}

// writeAll runs n sidecar writes, at most GOMAXPROCS at a time (a write is
// mostly the kernel creating and renaming a file, so they overlap well), and
// returns their errors by index.
func writeAll(n int, get func(i int) (path string, data []byte)) []error {
	errs := make([]error, n)
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			path, data := get(i)
			errs[i] = sidecar.Write(path, data)
		}()
	}
	wg.Wait()
	return errs
}

// rejected returns the files esbuild reported errors in: the build failed
// on them, so they get no sidecar.
func (p *plugin) rejected(errs []api.Message) map[string]bool {
	files := map[string]bool{}
	for _, m := range errs {
		if loc := m.Location; loc != nil && loc.File != "" && (loc.Namespace == "" || loc.Namespace == "file") {
			files[p.abs(loc.File)] = true
		}
	}
	return files
}

// messages turns a failed analysis into esbuild errors.
func (p *plugin) messages(j *job) []api.Message {
	var list diag.List
	if !errors.As(j.err, &list) {
		return []api.Message{{Text: j.err.Error()}}
	}
	msgs := make([]api.Message, 0, len(list))
	for _, d := range list {
		msgs = append(msgs, p.message(d, j))
	}
	return msgs
}

// message turns a diagnostic about job j's file (or about a file it
// depends on, such as its tsconfig.json) into an esbuild message with a
// location, so that esbuild prints it with the source line and a caret like
// its own errors. Two kinds of diagnostic get no location and keep their
// position in the text instead: one about the whole file (Line 0), and one
// whose position is in the JavaScript esbuild's Transform produced for a
// TypeScript or JSX file rather than in the file the user wrote (see
// analyze.OutputPrefix).
func (p *plugin) message(d *diag.Diagnostic, j *job) api.Message {
	file := d.File
	if file == "" {
		file = j.name
	}
	own := file == j.name || p.abs(file) == j.path
	if d.Line <= 0 || (own && strings.HasPrefix(d.Msg, analyze.OutputPrefix)) {
		return api.Message{Text: (&diag.Diagnostic{File: file, Line: d.Line, Col: d.Col, Msg: d.Msg}).Error()}
	}
	var lineText string
	if own {
		lineText = line(j.src, d.Line)
	} else if src, err := os.ReadFile(p.abs(file)); err == nil {
		lineText = line(src, d.Line)
	}
	return api.Message{
		Text: d.Msg,
		Location: &api.Location{
			File:      p.pretty(p.abs(file)),
			Namespace: "file",
			Line:      d.Line,
			Column:    max(d.Col-1, 0),
			LineText:  lineText,
		},
	}
}

// line returns the 1-based line n of src without its terminator, or "" when
// src is shorter. Lines are counted as internal/esm counts them for its
// diagnostics: in the text after a byte order mark, ending at \n, \r\n, \r,
// U+2028 or U+2029 (ECMAScript's line terminators).
func line(src []byte, n int) string {
	src = bytes.TrimPrefix(src, []byte("\xEF\xBB\xBF"))
	for ; n > 1; n-- {
		i, size := lineEnd(src)
		if size == 0 {
			return ""
		}
		src = src[i+size:]
	}
	i, _ := lineEnd(src)
	return string(src[:i])
}

// lineEnd returns the offset and length of the first line terminator in
// src, or len(src) and 0 when there is none.
func lineEnd(src []byte) (int, int) {
	for i := 0; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\n':
			return i, 1
		case c == '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				return i, 2
			}
			return i, 1
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
			return i, 3
		}
	}
	return len(src), 0
}

// dedupe drops repeated messages, keeping the first: every TypeScript file
// under a tsconfig.json whose "extends" base is missing carries the same
// warning.
func dedupe(msgs []api.Message) []api.Message {
	seen := map[string]bool{}
	out := msgs[:0]
	for _, m := range msgs {
		key := m.Text
		if loc := m.Location; loc != nil {
			key = fmt.Sprintf("%s:%d:%d: %s", loc.File, loc.Line, loc.Column, m.Text)
		}
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, m)
	}
	return out
}
