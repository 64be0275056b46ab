// Package conformance holds only tests: it checks that bmes's analysis, taken
// through the same path the commands take (analyze.New, Analyzer.Plan,
// Plan.Analyze), accepts and rejects what ECMA-262 says a module parser must,
// and builds the same module records as an independent implementation.
//
//   - TestTest262 runs every test in test262's test/language folder
//     (../shared/test262 next to the repository, or $BMES_TEST262) and checks
//     that module tests are accepted or rejected as their metadata says, and
//     that strict-mode script tests that must not parse are rejected as
//     modules too.
//   - TestAcornRecords computes records with acorn (test-tools/record.mjs)
//     for test262's module tests, the examples and the ES module builds of
//     real npm packages, and compares them with bmes's field by field.
//
// Both skip with a message saying what to install when their inputs are
// missing. The package has no non-test code: it exists so that these
// long-running, corpus-wide checks live apart from the unit tests of the
// packages they cover.
package conformance
