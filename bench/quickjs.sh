#!/usr/bin/env bash
# bmes-run on QuickJS, from source (-sidecars=false) against from sidecars
# (after bmes-precompile -deps -engine quickjs), in one run:
#   - whole process, three graphs: three.js's src/Three.WebGPU.js (~600
#     modules), all of lodash-es (~640 small modules) and three.module.js
#     (+ three.core.js, two large modules); node on the same entry as a
#     reference;
#   - in-process load+link (quickjs's BenchmarkLoad: Runtime.Load, no
#     evaluation) on the same graphs;
#   - sidecar bytes per source byte, without and with the bytecode section;
#   - bmes-precompile -deps time, without and with -engine quickjs.
# Prints medians and ratios; -stats confirms that every module of a sidecar
# run came from a sidecar (fromSource 0). Uses hyperfine when it is
# installed (apt-get install hyperfine), else a loop with medians.
# Usage: bench/quickjs.sh [runs]   (default 15 runs of each command)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-15}
npm ci --no-audit --no-fund --loglevel=error

# The workspace: the entry points beside their own package.json (so module
# names are relative to it) and copies of the packages, so that sidecars
# are written here and not into bench/node_modules.
ws=qjs-corpus
rm -rf "$ws" && mkdir -p "$ws/node_modules"
cp quickjs/*.mjs "$ws/"
echo '{"name": "bmes-bench-quickjs", "private": true, "type": "module"}' >"$ws/package.json"
cp -r node_modules/three node_modules/lodash-es "$ws/node_modules/"
entries=(webgpu lodash three)

bin=$(mktemp -d)
(cd .. && go build -o "$bin" ./cmd/bmes-run ./cmd/bmes-precompile)
run="$bin/bmes-run" pre="$bin/bmes-precompile"
clear="find $ws -name '*.bmes' -delete"
clear_sidecars() { bash -c "$clear"; }

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
json() { node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(eval(process.argv[1]))' "$1"; }

# timeit NAME PREPARE CMD...: writes "WALL CPU" in seconds for CMD into
# $tmp/NAME: the median wall time, and the CPU time (user+system; with
# hyperfine its mean, else the median), which the other jobs on a shared
# machine disturb less. PREPARE (a shell command, may be "") runs before
# each run, untimed.
tmp=$(mktemp -d)
timeit() {
  local name=$1 prep=$2
  shift 2
  if command -v hyperfine >/dev/null; then
    local args=(--runs "$runs" --warmup 2 --style none --export-json "$tmp/$name.json")
    [ -n "$prep" ] && args+=(--prepare "$prep")
    hyperfine "${args[@]}" -- "$(printf '%q ' "$@")" >/dev/null
    json 'j.results[0].median + " " + (j.results[0].user + j.results[0].system)' <"$tmp/$name.json" >"$tmp/$name"
  else
    : >"$tmp/$name.runs"
    for i in $(seq $((runs + 2))); do
      [ -n "$prep" ] && bash -c "$prep"
      /usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >/dev/null 2>&1
      [ "$i" -gt 2 ] && cat "$tmp/time" >>"$tmp/$name.runs"
    done
    echo "$(awk '{print $1}' "$tmp/$name.runs" | median) $(awk '{print $2 + $3}' "$tmp/$name.runs" | median)" >"$tmp/$name"
  fi
}
get() { awk '{print $1}' "$tmp/$1"; }    # wall
getcpu() { awk '{print $2}' "$tmp/$1"; } # CPU

# Source size of the modules that have sidecars, and the sidecars' size.
sizes() {
  find "$ws" -name '*.bmes' | node -e '
    const fs = require("fs");
    let src = 0, sc = 0, n = 0;
    for (const p of fs.readFileSync(0, "utf8").split("\n").filter(Boolean)) {
      sc += fs.statSync(p).size; src += fs.statSync(p.slice(0, -5)).size; n++;
    }
    console.log(n, src, sc);'
}

# ---- precompile time and sidecar sizes
timeit pre-plain "$clear" "$pre" -deps "$ws"
timeit pre-qjs "$clear" "$pre" -deps -engine quickjs "$ws"
clear_sidecars
"$pre" -deps "$ws" >/dev/null
read -r nplain srcplain scplain < <(sizes)
clear_sidecars
"$pre" -deps -engine quickjs "$ws" >"$tmp/pre.out" 2>&1 || { cat "$tmp/pre.out"; exit 1; }
read -r nqjs srcqjs scqjs < <(sizes)
warnings=$(grep -c 'warning' "$tmp/pre.out" || true)

# ---- whole process
for e in "${entries[@]}"; do
  # Each way once with -stats: the sidecar run must read every module
  # from a sidecar, and both must print the same as node.
  want=$(node "$ws/$e.mjs")
  src=$("$run" -sidecars=false -stats "$ws/$e.mjs" 2>"$tmp/$e.src.stats")
  sc=$("$run" -stats "$ws/$e.mjs" 2>"$tmp/$e.sc.stats")
  if [ "$src" != "$want" ] || [ "$sc" != "$want" ]; then
    echo "$e: output differs: node $want, source $src, sidecars $sc" >&2
    exit 1
  fi
  fromsrc=$(json 'j.fromSource' <"$tmp/$e.sc.stats")
  if [ "$fromsrc" != 0 ]; then
    echo "$e: the sidecar run compiled $fromsrc modules from source: $(cat "$tmp/$e.sc.stats")" >&2
    exit 1
  fi
  timeit "$e-src" "" "$run" -sidecars=false "$ws/$e.mjs"
  timeit "$e-sc" "" "$run" "$ws/$e.mjs"
  timeit "$e-node" "" node "$ws/$e.mjs"
done

# ---- in-process load+link
(cd .. && BMES_BENCH_ENTRY="$(for e in "${entries[@]}"; do printf '%s,' "$PWD/bench/$ws/$e.mjs"; done)" \
  go test -run '^$' -bench '^BenchmarkLoad$' -count "$(( runs < 5 ? runs : 5 ))" ./quickjs) >"$tmp/bench.out"
inproc() { # median wall ms/op of BenchmarkLoad/NAME
  awk -v n="BenchmarkLoad/$1-" 'index($1, n) == 1 {print $3 / 1e6}' "$tmp/bench.out" | median
}
inproccpu() { # median CPU ms/op of BenchmarkLoad/NAME
  awk -v n="BenchmarkLoad/$1-" 'index($1, n) == 1 {for (i = 4; i < NF; i++) if ($(i + 1) == "cpu-ms/op") print $i}' "$tmp/bench.out" | median
}

cores=$(nproc)
echo "bmes-run on QuickJS: medians of $runs runs ($cores cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(command -v hyperfine >/dev/null && echo "hyperfine; CPU = mean user+sys" || echo "shell loop; CPU = median user+sys"))"
echo "whole process   wall: from source  from sidecars   ratio |  CPU: from source  from sidecars   ratio | node (ref)"
for e in "${entries[@]}"; do
  m=$(json 'j.modules' <"$tmp/$e.sc.stats")
  awk -v e="$e ($m)" -v s="$(get "$e-src")" -v c="$(get "$e-sc")" -v cs="$(getcpu "$e-src")" -v cc="$(getcpu "$e-sc")" -v n="$(get "$e-node")" 'BEGIN {
    printf "%-15s %16.1f ms %11.1f ms %6.2fx | %14.1f ms %11.1f ms %6.2fx | %7.1f ms\n", e, s * 1000, c * 1000, s / c, cs * 1000, cc * 1000, cs / cc, n * 1000 }'
done
echo "in-process load+link (Runtime.Load, go test -bench; medians of ms/op)"
for e in "${entries[@]}"; do
  awk -v e="$e" -v s="$(inproc "$e/source")" -v c="$(inproc "$e/sidecars")" -v cs="$(inproccpu "$e/source")" -v cc="$(inproccpu "$e/sidecars")" 'BEGIN {
    printf "%-15s %16.1f ms %11.1f ms %6.2fx | %14.1f ms %11.1f ms %6.2fx |\n", e, s, c, s / c, cs, cc, cs / cc }'
done
awk -v n="$nplain" -v sp="$srcplain" -v cp="$scplain" -v nq="$nqjs" -v sq="$srcqjs" -v cq="$scqjs" 'BEGIN {
  printf "sidecar bytes per source byte: %.3f without bytecode (%d modules, %.1f MB of source), %.3f with QuickJS bytecode (%d modules)\n", cp / sp, n, sp / 1e6, cq / sq, nq }'
awk -v p="$(get pre-plain)" -v q="$(get pre-qjs)" -v cp="$(getcpu pre-plain)" -v cq="$(getcpu pre-qjs)" -v w="$warnings" 'BEGIN {
  printf "bmes-precompile -deps, cold, all three graphs: wall %.2f s, with -engine quickjs %.2f s (%.2fx); CPU %.2f s, %.2f s (%.2fx); %d QuickJS compile warnings\n", p, q, q / p, cp, cq, cq / cp, w }'
