#!/usr/bin/env bash
# Builds bench/corpus from bench/node_modules (npm ci first): the ES module
# builds and TypeScript sources of real packages, copied out of
# node_modules (bmes-precompile skips node_modules by default, as it
# should). Only ES module files are copied: CommonJS builds, UMD bundles,
# declaration files and source maps are left out. With "2x", a second copy
# of the corpus goes under corpus/copy2 (for the peak-RSS-vs-size check).
# Usage: bench/corpus.sh [dest] [copies]
set -euo pipefail
cd "$(dirname "$0")"
dest=${1:-corpus}
copies=${2:-1}
nm=node_modules
# A corpus built from the same lockfile by the same script is kept: deleting
# and copying 25,000 files again would cost time, and would leave ext4
# (without a journal) slow to create files for minutes, as it skips inodes
# freed recently (see precompile.sh), just before precompile.sh times that.
stamp=$(cat package-lock.json corpus.sh | sha256sum | cut -d' ' -f1)-$copies
if [ "$(cat "$dest/.stamp" 2>/dev/null)" = "$stamp" ]; then
  exit 0
fi
rm -rf "$dest" && mkdir -p "$dest"
# put SRC DEST [find predicates...]: copy the files of SRC the predicates
# select (default: every .js/.mjs/.ts/.mts/.tsx but declarations), keeping
# the tree, and package.json files (so "type": "module" is visible).
put() {
  local src=$1 to=$2; shift 2
  [ -d "$nm/$src" ] || return 0
  [ $# -gt 0 ] || set -- \( -name '*.js' -o -name '*.mjs' -o -name '*.ts' -o -name '*.mts' -o -name '*.tsx' \) -not -name '*.d.ts' -not -name '*.d.mts'
  mkdir -p "$dest/$to"
  (cd "$nm/$src" && find . -type f \( "$@" \) -not -path '*/node_modules/*' -print0 | tar --null -T - -cf -) |
    tar -xf - -C "$dest/$to"
}
one() {
  local c=$1
  put lodash-es "$c/lodash-es"
  put rxjs/dist/esm "$c/rxjs-esm"
  put rxjs/src "$c/rxjs-src"
  put three/src "$c/three-src"
  put three/examples/jsm "$c/three-jsm"
  put three/build "$c/three-build" -name '*.module.js' -o -name 'three.core.js' -o -name 'three.webgpu.js' -o -name 'three.tsl.js'
  put date-fns "$c/date-fns" -name '*.js' -not -name '*.d.*'
  for d in "$nm"/d3-*; do put "${d#"$nm"/}/src" "$c/${d#"$nm"/}"; done
  put d3/src "$c/d3"
  put effect/dist "$c/effect-dist" -name '*.js'
  put effect/src "$c/effect-src"
  put zod/src "$c/zod-src"
  put zod/v4 "$c/zod-v4" -name '*.js'
  put zod/v3 "$c/zod-v3" -name '*.js'
  put svelte/src "$c/svelte-src"
  put vue/dist "$c/vue" -name '*.esm-bundler.js' -o -name '*.esm-browser.js'
  for d in "$nm"/@vue/*; do [ -d "$d/dist" ] && put "${d#"$nm"/}/dist" "$c/vue-${d##*/}" -name '*.esm-bundler.js' -o -name '*.esm-browser.js'; done
  put @angular/core/fesm2022 "$c/angular-core" -name '*.mjs'
  put ol "$c/ol" -name '*.js'
  put prettier "$c/prettier" -name '*.mjs'
  put echarts/lib "$c/echarts"
  put zrender/lib "$c/zrender"
  put ramda/es "$c/ramda"
  for d in material system utils private-theming styled-engine; do put "@mui/$d" "$c/mui-$d" -name '*.mjs' -not -name '*.d.mts'; done
  # The TypeScript sources are not in node_modules: tsconfig applies, as in
  # a project; a minimal one, as a library's own would be.
  printf '{"compilerOptions":{"target":"es2022","module":"esnext","strict":true}}\n' >"$dest/$c/tsconfig.json"
}
one c1
[ "$copies" -lt 2 ] || one c2
echo "$stamp" >"$dest/.stamp"
