#!/usr/bin/env bash
# Parser throughput against es-module-lexer on large real modules
# (three.js builds, the TypeScript compiler). Installs the corpus from npm
# into bench/node_modules (not committed), then runs parse.mjs.
# Usage: bench/parse.sh [rounds]   (default 5 interleaved rounds)
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
node parse.mjs "$@"
