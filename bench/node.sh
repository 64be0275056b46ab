#!/usr/bin/env bash
# First start of real apps on Node.js 22 and 24 (from npm, test-tools/nodes):
# no compile cache, Node's own cache warmed by a previous run, and the cache
# bmes-precompile -node-cache writes ahead of time; for a large TypeScript
# program, Node's type stripping against the bmes loader hook. Prints
# medians of wall and CPU time and their ratios (bench/nodestart).
# Usage: bench/node.sh [runs] [apps]   (default 15 runs; apps: three,typescript,lodash-es,TypeScript)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-15}
apps=${2:-}
npm ci --no-audit --no-fund --loglevel=error
(cd ../test-tools/nodes && npm ci --no-audit --no-fund --loglevel=error)
nodes=../test-tools/nodes/node_modules
cd ..
go run ./bench/nodestart -bench bench -runs "$runs" ${apps:+-apps "$apps"} \
  -node "$nodes/node22/bin/node" -node "$nodes/node24/bin/node"
