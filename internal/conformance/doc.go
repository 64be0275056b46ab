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
//     for test262's module tests, fixtures and strict-mode scripts, the
//     examples and the ES module builds of real npm packages, and compares
//     them with bmes's field by field.
//   - TestGoldenRecords checks both bmes and record.mjs, byte for byte,
//     against hand-reviewed records of small modules in testdata/records,
//     one rule of module-record.md each.
//
// Every record accepted on the way is also encoded as a sidecar and decoded
// again, and must come back unchanged.
//
// The tests skip with a message saying what to install when test262, Node
// or test-tools/node_modules is missing. Their counts are printed, so
// `go test -v ./internal/conformance` (or `go test` in this directory)
// shows them; `go test ./...` prints a passing package's output only on
// failure. The package has no non-test code: it exists so that these
// corpus-wide checks live apart from the unit tests of the packages they
// cover.
package conformance
