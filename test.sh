#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs the JavaScript test tools
# (acorn, from the committed lockfile), checks formatting and vet, then runs
# every Go test. Tests that need ../shared/test262 skip with a message when
# it is absent.
set -euo pipefail
cd "$(dirname "$0")"

if [ -f test-tools/package-lock.json ]; then
  (cd test-tools && npm ci --no-audit --no-fund --loglevel=error)
fi

unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './*/node_modules/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt needed on:" $unformatted >&2
  exit 1
fi
go vet ./...
go test -count=1 "$@" ./...
