#!/usr/bin/env bash
# bmes-precompile over a real corpus from npm: a cold run (no sidecars), a
# no-op run (all fresh), and es-module-lexer over the same files, in one run.
# Prints medians, the ratios no-op/cold and bmes/es-module-lexer, and peak RSS.
# A dry run (-n: read, analyse and encode, write nothing) separates the
# analysis from the cost of creating one file per module, which on small
# modules is most of a cold run.
# Usage: bench/precompile.sh [runs]   (default 5 runs of each)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
npm ci --no-audit --no-fund --loglevel=error

# The corpus: the ESM builds of real packages, copied out of node_modules
# (bmes-precompile skips node_modules by default, as it should).
rm -rf corpus && mkdir corpus
cp -r node_modules/lodash-es corpus/lodash-es
cp -r node_modules/rxjs/dist/esm corpus/rxjs-esm
cp -r node_modules/three/src corpus/three-src
cp -r node_modules/three/examples/jsm corpus/three-jsm
cp -r node_modules/date-fns corpus/date-fns
for d in array scale shape; do
  cp -r "node_modules/d3-$d/src" "corpus/d3-$d"
done

bin=$(mktemp -d)/bmes-precompile
(cd .. && go build -o "$bin" ./cmd/bmes-precompile)
clear_sidecars() { find corpus -name '*.bmes' -delete; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timed() { # prints "seconds maxrss_kb" of one run of the command
  /usr/bin/time -f '%e %M' -o /tmp/bmes-bench-time "$@" >/dev/null 2>/tmp/bmes-bench-stderr || true
  cat /tmp/bmes-bench-time
}

cold=(); coldrss=(); cold1=(); noop=(); nooprss=(); dry=()
for i in $(seq "$runs"); do
  clear_sidecars; read -r s m < <(timed "$bin" -n corpus); dry+=("$s")
  read -r s m < <(timed "$bin" corpus); cold+=("$s"); coldrss+=("$m")
  read -r s m < <(timed "$bin" corpus); noop+=("$s"); nooprss+=("$m")
  clear_sidecars; read -r s m < <(timed "$bin" -j 1 corpus); cold1+=("$s")
done
tail -1 /tmp/bmes-bench-stderr
"$bin" -json corpus >/dev/null 2>&1 || true
lex=$(node lexall.mjs corpus)
bytes=$(echo "$lex" | node -pe 'JSON.parse(require("fs").readFileSync(0)).bytes')
files=$(echo "$lex" | node -pe 'JSON.parse(require("fs").readFileSync(0)).files')
lexs=$(echo "$lex" | node -pe 'JSON.parse(require("fs").readFileSync(0)).seconds')

c=$(printf '%s\n' "${cold[@]}" | median); c1=$(printf '%s\n' "${cold1[@]}" | median)
n=$(printf '%s\n' "${noop[@]}" | median); d=$(printf '%s\n' "${dry[@]}" | median)
crss=$(printf '%s\n' "${coldrss[@]}" | sort -n | tail -1); nrss=$(printf '%s\n' "${nooprss[@]}" | sort -n | tail -1)
awk -v b="$bytes" -v f="$files" -v c="$c" -v c1="$c1" -v n="$n" -v l="$lexs" -v cr="$crss" -v nr="$nrss" -v j="$(nproc)" -v d="$d" 'BEGIN {
  mb = b / 1e6
  printf "corpus: %d files, %.1f MB (medians of '"$runs"' runs; %d cores)\n", f, mb, j
  printf "cold run      %6.2fs  %7.1f MB/s   peak RSS %d MB\n", c, mb / c, cr / 1024
  printf "cold run -j 1 %6.2fs  %7.1f MB/s\n", c1, mb / c1
  printf "dry run (-n)  %6.2fs  %7.1f MB/s   (read, analyse, encode; no writes)\n", d, mb / d
  printf "no-op run     %6.2fs  %7.1f MB/s   peak RSS %d MB\n", n, mb / n, nr / 1024
  printf "es-module-lexer (1 thread, read+lex) %6.2fs  %7.1f MB/s\n", l, mb / l
  printf "ratios: no-op/cold %.3f   bmes cold/es-module-lexer throughput %.2fx (-j 1: %.2fx; without writes %.2fx)\n", n / c, l / c, l / c1, l / d
}'

# --- -link: what the link check adds to a no-op run, over the program in
# test-tools/link-corpus.js and the npm packages it reaches with -deps
# (precompile's BenchmarkLinkCorpus: medians of interleaved runs with and
# without -link, and their CPU time; the budget is link-step/noop <= 0.10).
(cd .. && (cd test-tools && npm ci --no-audit --no-fund --loglevel=error) &&
  go test -run '^$' -bench BenchmarkLinkCorpus -benchtime "${runs}x" ./precompile | grep '^BenchmarkLinkCorpus')
