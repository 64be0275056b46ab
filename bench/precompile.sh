#!/usr/bin/env bash
# bmes-precompile over a corpus of real packages from npm (bench/corpus.sh),
# against its floors and its peers, all in one run. Prints medians and
# ratios, for a directory root (`bmes-precompile corpus`) and for a file
# list (`xargs bmes-precompile < list`, every file a root, in one process):
#   - cold run (no sidecars), no-op run (all fresh), dry run (-n);
#     no-op/cold, and no-op/floor where the floor is opening, reading and
#     hashing every source once (bench/floor readhash, same cores);
#   - a cold run right after deleting every sidecar, apart (see below);
#   - cold bmes vs es-module-lexer as a whole process (node lexlist.mjs),
#     for the JavaScript files alone and for all;
#   - the TypeScript files: cold bmes vs esbuild's Transform alone on the
#     same files (bench/floor transform), same core count;
#   - the parser in-process vs es-module-lexer (parse.mjs, as parse.sh);
#   - peak RSS of a cold run at 1x and 2x the corpus;
#   - the esbuild plugin's cold and warm overhead, and what analysing its
#     modules costs alone (go test -bench).
# The file list goes to one process (xargs -s 2000000: plain xargs would
# split 8,000 paths into several runs).
#
# Cold runs: every cold run gets a tree of its own, a copy of the corpus made
# of hard links (cp -al: new directories, the same source files) with no
# sidecars, and no tree is deleted before the end. Deleting the sidecars and
# running again, as this script once did, measures the file system: ext4
# without a journal (this machine's) does not reuse an inode freed in the
# last minute, and its allocator scans past every such inode of the block
# group for each file it creates, so a run that creates 9,000 files right
# after 9,000 were deleted spends most of its time in the kernel
# (recently_deleted in perf), more with every run. The copies are made
# first, then the script waits once before timing. The window is 60 s, but
# 360 s while the inode's table block is dirty, and creating files dirties
# those blocks again, so the wait is until six minutes after the last mass
# deletion the script knows of: its own cleanup at the end of a run
# (recorded in corpus/.deleted), npm ci replacing node_modules (skipped
# when the lockfile has not changed), a rebuilt corpus, trees left by an
# interrupted run. Deleting many files by hand just before a run skews it.
# For the same reason every timed run starts with a sync (off the clock): a
# cold run must not pay for writing back the previous run's sidecars. The
# cold run after deleting is still printed, on its own line, for what it
# is; those runs come last, after everything else has been timed.
# Usage: bench/precompile.sh [runs]   (default 5 runs of each)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-5}
settle=370 # seconds after a mass deletion before timing (see above)
mark_deleted() { mkdir -p corpus && date +%s >corpus/.deleted; }
# npm ci deletes node_modules first: only when the lockfile changed.
lock=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.bmes-lock 2>/dev/null)" != "$lock" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock" >node_modules/.bmes-lock
  mark_deleted
fi
stamps() { cat corpus/.stamp corpus/x2/.stamp 2>/dev/null | sha256sum; }
before=$(stamps)
./corpus.sh corpus 1
./corpus.sh corpus/x2 2 # inside corpus/ (ignored by git); not under the 1x root
[ "$(stamps)" = "$before" ] || mark_deleted

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/bmes-precompile floor=$work/floor
(cd .. && go build -o "$bin" ./cmd/bmes-precompile && go build -o "$floor" ./bench/floor)
modules() { find "$1" \( -path corpus/x2 -o -path corpus/cold \) -prune -o -type f \( "${@:2}" \) -not -name '*.d.ts' -not -name '*.d.mts' -print | sort; }
modules corpus -name '*.js' -o -name '*.mjs' >"$work/js.list"
modules corpus -name '*.ts' -o -name '*.mts' -o -name '*.tsx' >"$work/ts.list"
cat "$work/js.list" "$work/ts.list" >"$work/all.list"
# The 1x corpus without the 2x copy inside it: the directory root.
root=corpus/c1
clear_sidecars() { find corpus -name '*.bmes' -delete; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One fresh tree per cold run: fresh NAME [SRC] copies SRC (default the 1x
# corpus) to corpus/cold/NAME with hard links and prints its path; the
# lists of a tree are the corpus's with the prefix changed (tree_list).
# Sidecars or trees left by an interrupted run are a mass deletion too.
if [ -d corpus/cold ] || [ -n "$(find corpus -name '*.bmes' -print -quit)" ]; then
  clear_sidecars
  rm -rf corpus/cold
  mark_deleted
fi
fresh() { local to=corpus/cold/$1 src=${2:-$root}; mkdir -p "$to"; cp -al "$src/." "$to"; echo "$to"; }
tree_list() { sed "s#^$root/#$1/#" "$work/$2.list"; }
for i in $(seq "$runs"); do
  for k in dir list js ts; do fresh "$i-$k" >/dev/null; done
  fresh "$i-x2" corpus/x2 >/dev/null
done
sync
wait=$((settle - ($(date +%s) - $(cat corpus/.deleted 2>/dev/null || echo 0))))
if [ "$wait" -gt 0 ]; then
  echo "waiting ${wait}s: files were deleted less than ${settle}s ago (see the header)" >&2
  sleep "$wait"
fi

timed() { # prints "seconds maxrss_kb" of one run of the command
  sync
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || true
  cat "$work/time"
}
declare -A t
add() { t[$1]+="$2 "; }
for i in $(seq "$runs"); do
  d=corpus/cold/$i-dir l=corpus/cold/$i-list j=corpus/cold/$i-js ts=corpus/cold/$i-ts
  tree_list "$l" all >"$work/l.list"; tree_list "$j" js >"$work/j.list"; tree_list "$ts" ts >"$work/t.list"
  # Directory root.
  read -r s m < <(timed "$bin" -n "$d"); add dry "$s"
  read -r s m < <(timed "$bin" "$d"); add cold "$s"; add rss1 "$m"
  read -r s m < <(timed "$bin" "$d"); add noop "$s"; add nooprss "$m"
  read -r s m < <(timed "$floor" readhash <"$work/all.list"); add floor "$s"
  # File list.
  read -r s m < <(timed xargs -s 2000000 "$bin" <"$work/l.list"); add lcold "$s"
  read -r s m < <(timed xargs -s 2000000 "$bin" <"$work/l.list"); add lnoop "$s"
  read -r s m < <(timed "$floor" readhash <"$work/l.list"); add lfloor "$s"
  # JavaScript alone, TypeScript alone, against their peers.
  read -r s m < <(timed xargs -s 2000000 "$bin" <"$work/j.list"); add jscold "$s"
  read -r s m < <(timed xargs -s 2000000 "$bin" <"$work/t.list"); add tscold "$s"
  read -r s m < <(timed "$floor" transform <"$work/ts.list"); add esbuild "$s"
  read -r s m < <(timed node lexlist.mjs <"$work/js.list"); add lexjs "$s"
  read -r s m < <(timed node lexlist.mjs <"$work/all.list"); add lexall "$s"
  # Twice the corpus, for peak RSS.
  read -r s m < <(timed "$bin" "corpus/cold/$i-x2"); add rss2 "$m"; add cold2 "$s"
done

# Parser in-process (the last line of parse.mjs) and the plugin (whose
# cold builds create files, so before any deletion).
parse=$(node parse.mjs | tail -1)
plugin=$(cd .. && go test -run '^$' -bench 'BuildWithPlugin|AnalyseTree' -count "$runs" ./plugin | awk '
  /BuildWithPlugin\/cold/ {for (i = 1; i <= NF; i++) if ($(i+1) == "x-without") c = c " " $i}
  /BuildWithPlugin\/warm/ {for (i = 1; i <= NF; i++) if ($(i+1) == "x-without") w = w " " $i}
  /AnalyseTree/ {for (i = 1; i <= NF; i++) if ($(i+1) == "x-without") a = a " " $i}
  END {print c "|" w "|" a}')
pcold=$(echo "$plugin" | cut -d'|' -f1 | tr ' ' '\n' | grep . | median)
pwarm=$(echo "$plugin" | cut -d'|' -f2 | tr ' ' '\n' | grep . | median)
panalyse=$(echo "$plugin" | cut -d'|' -f3 | tr ' ' '\n' | grep . | median)

# Last, the directory roots again, each right after deleting every sidecar
# it has: what the file system makes of a cold run after a mass deletion.
for i in $(seq "$runs"); do
  find "corpus/cold/$i-dir" -name '*.bmes' -delete
  read -r s m < <(timed "$bin" "corpus/cold/$i-dir"); add delcold "$s"
done
rm -rf corpus/cold
"$bin" "$root" >"$work/summary" 2>&1 || { echo "bmes-precompile failed on the corpus:" >&2; tail "$work/summary" >&2; exit 1; }
clear_sidecars
mark_deleted
med() { printf '%s\n' ${t[$1]} | median; }

bytes() { tr '\n' '\0' <"$1" | du -cb --files0-from=- | tail -1 | cut -f1; }
nall=$(wc -l <"$work/all.list") njs=$(wc -l <"$work/js.list") nts=$(wc -l <"$work/ts.list")
ball=$(bytes "$work/all.list") bjs=$(bytes "$work/js.list") bts=$(bytes "$work/ts.list")


awk -v runs="$runs" -v cores="$(nproc)" -v nall="$nall" -v njs="$njs" -v nts="$nts" \
  -v ball="$ball" -v bjs="$bjs" -v bts="$bts" \
  -v cold="$(med cold)" -v noop="$(med noop)" -v dry="$(med dry)" -v floor="$(med floor)" \
  -v lcold="$(med lcold)" -v lnoop="$(med lnoop)" -v lfloor="$(med lfloor)" \
  -v jscold="$(med jscold)" -v tscold="$(med tscold)" -v esb="$(med esbuild)" \
  -v lexjs="$(med lexjs)" -v lexall="$(med lexall)" \
  -v delcold="$(med delcold)" -v rss1="$(med rss1)" -v rss2="$(med rss2)" -v nooprss="$(med nooprss)" -v cold2="$(med cold2)" \
  -v pcold="$pcold" -v pwarm="$pwarm" -v panalyse="$panalyse" -v parse="$parse" 'BEGIN {
  printf "corpus: %d ES modules, %.1f MB (JavaScript %d, %.1f MB; TypeScript %d, %.1f MB); medians of %d runs; %d cores\n", nall, ball/1e6, njs, bjs/1e6, nts, bts/1e6, runs, cores
  printf "\n%-34s %8s %8s\n", "", "dir root", "file list"
  printf "%-34s %7.2fs %7.2fs   (a fresh tree: see the header)\n", "cold run", cold, lcold
  printf "%-34s %7.2fs %7.2fs\n", "no-op run", noop, lnoop
  printf "%-34s %7.2fs %7.2fs\n", "read+hash floor (same run)", floor, lfloor
  printf "%-34s %7.3f  %7.3f    (target <= 0.05)\n", "no-op / cold", noop/cold, lnoop/lcold
  printf "%-34s %7.2fx %7.2fx   (target <= 2)\n", "no-op / floor", noop/floor, lnoop/lfloor
  printf "%-34s %7.2fs            (read, analyse, encode; no writes)\n", "dry run (-n)", dry
  printf "%-34s %7.2fs            (the file system'"'"'s cost: see the header)\n", "cold right after deleting sidecars", delcold
  printf "\ncold, whole process vs es-module-lexer (node, 1 thread, read+lex):\n"
  printf "  JavaScript files   bmes %6.2fs  es-module-lexer %6.2fs  throughput ratio %.2fx (target >= 1.0)\n", jscold, lexjs, lexjs/jscold
  printf "  all files          bmes %6.2fs  es-module-lexer %6.2fs  throughput ratio %.2fx (target >= 0.6)\n", lcold, lexall, lexall/lcold
  printf "TypeScript files: bmes cold %.2fs, esbuild Transform alone %.2fs (%d workers): bmes/esbuild %.2fx (target <= 1.2)\n", tscold, esb, cores, tscold/esb
  printf "parser in-process: %s\n", parse
  printf "peak RSS, cold run: 1x corpus %d MB, 2x corpus %d MB (ratio %.2f; 2x cold %.2fs); no-op 1x %d MB\n", rss1/1024, rss2/1024, rss2/rss1, cold2, nooprss/1024
  printf "plugin (300-module bundle): cold %.2fx the build without it (target <= 2), warm %.2fx;\n", pcold, pwarm
  printf "  analysing the bundle'"'"'s modules alone, as the plugin does, nothing written: %.2fx the build\n", panalyse
}'

# --- -link: what the link check adds to a no-op run, over the program in
# test-tools/link-corpus.js and the npm packages it reaches with -deps
# (precompile's BenchmarkLinkCorpus: medians of interleaved runs with and
# without -link, and their CPU time; the budget is link-step/noop <= 0.10).
(cd .. && (cd test-tools && npm ci --no-audit --no-fund --loglevel=error) &&
  go test -run '^$' -bench BenchmarkLinkCorpus -benchtime "${runs}x" ./precompile | grep '^BenchmarkLinkCorpus')
mark_deleted # npm ci replaced test-tools/node_modules
