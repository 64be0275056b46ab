package conformance

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bmesjs/bmes/internal/analyze"
	"github.com/bmesjs/bmes/precompile"
)

// TestTest262Link precompiles every module test of test262 on its own with
// Link, as `bmes-precompile -n -link` with the test's folder as the root and
// the test as the only file selected (so that its fixtures, next to it, are
// reached through its imports and linked): a test whose negative phase is
// resolution must fail (a link error, which includes an import of a fixture
// that does not parse), and every other module test must give no link
// error. Dry runs, so nothing is written into the test262 checkout. It
// prints the counts.
func TestTest262Link(t *testing.T) {
	dir := test262Dir(t)
	testDir := filepath.Join(dir, "test")
	paths, _, err := listTest262(dir)
	if err != nil {
		t.Fatal(err)
	}

	type result struct {
		rel      string
		cat      category
		run      bool
		linkErrs int
		unstaged bool     // tagged with an outOfScopeFeatures feature
		errs     []string // every diagnostic of the run, for the log
		warnings int
		err      error
	}
	a := analyze.New()
	results := make([]result, len(paths))
	forEachParallel(len(paths), func(i int) {
		r := &results[i]
		rel, _ := filepath.Rel(testDir, paths[i])
		r.rel = filepath.ToSlash(rel)
		src, err := os.ReadFile(paths[i])
		if err != nil {
			r.err = err
			return
		}
		m, code, err := parseFrontmatter(src)
		if err != nil {
			r.err = err
			return
		}
		r.cat = classify(m, code)
		r.unstaged = slices.ContainsFunc(m.features, func(f string) bool { return slices.Contains(outOfScopeFeatures, f) })
		if r.cat != modulePositive && r.cat != moduleResolution {
			return
		}
		r.run = true
		rep, err := precompile.Run(context.Background(), precompile.Options{
			Roots:    []string{filepath.Dir(paths[i])},
			Include:  []string{filepath.Base(paths[i])},
			Mode:     precompile.DryRun,
			Link:     true,
			Jobs:     1,
			Analyzer: a,
		})
		if err != nil {
			r.err = err
			return
		}
		// Only link errors count: a fixture that is not a valid module is
		// an error of its own whoever imports it (a test may import() a
		// script to see the promise reject), and becomes a link error of a
		// static importer.
		r.linkErrs = rep.LinkErrors
		for _, d := range rep.Diagnostics {
			r.errs = append(r.errs, fmt.Sprintf("%s:%d:%d: %s", filepath.Base(d.File), d.Line, d.Col, d.Msg))
		}
		r.warnings = len(rep.Warnings)
	})

	var total, met [numCategories]int
	var missed [numCategories][]string
	warned, unstaged := 0, 0
	for _, r := range results {
		if r.err != nil {
			t.Errorf("%s: %v", r.rel, r.err)
			continue
		}
		if !r.run {
			continue
		}
		total[r.cat]++
		if r.warnings > 0 {
			warned++
		}
		fails := r.linkErrs > 0
		// A test of plain ES2025 whose fixtures use the unstaged syntax
		// its feature tag names (import defer, import source) imports
		// modules that are SyntaxErrors at bmes's language level: for a
		// runtime without the proposal, that fails to link.
		if r.cat == modulePositive && fails && r.unstaged && !slices.ContainsFunc(r.errs, func(e string) bool {
			return !strings.Contains(e, "is not a valid module") && !strings.Contains(e, "are not supported")
		}) {
			unstaged++
			total[r.cat]--
			continue
		}
		switch {
		case r.cat == moduleResolution && fails, r.cat == modulePositive && !fails:
			met[r.cat]++
		case r.cat == moduleResolution:
			missed[r.cat] = append(missed[r.cat], r.rel+": links without an error")
		default:
			missed[r.cat] = append(missed[r.cat], r.rel+": "+strings.Join(r.errs, "; "))
		}
	}
	for _, c := range []category{modulePositive, moduleResolution} {
		want := "link without an error"
		if c == moduleResolution {
			want = "fail to link"
		}
		fmt.Printf("test262 link check, %-29s %5d files, %5d %s (%.2f%%)\n",
			categories[c].name+":", total[c], met[c], want, percent(met[c], total[c]))
		if len(missed[c]) > 0 {
			t.Errorf("%s: %d of %d do not %s:%s", categories[c].name, len(missed[c]), total[c], want, listed(missed[c], 50))
		}
	}
	fmt.Printf("test262 link check: %d module positives left out: they import fixtures of unstaged syntax (import defer, import source)\n", unstaged)
	fmt.Printf("test262 link check: %d module tests warn of an import() whose file does not exist\n", warned)
	if total[moduleResolution] == 0 {
		t.Errorf("no resolution negatives under %s: is it a test262 checkout?", testDir)
	}
}
