#!/usr/bin/env bash
# The reading front end's cost against a cold render of the same post.
#   bench/reading.sh [POST.md]   (default: ../shared/corpus/interview-zh-tw.md)
#   RUNS=5 BUILD=build bench/reading.sh
# Prints the front end's time (table load + every clip, bench_reading), a
# cold render's wall time (empty cache, FLAC), and their ratio. Not a test.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
post=${1:-$here/../shared/corpus/interview-zh-tw.md}
runs=${RUNS:-5}
build=$here/${BUILD:-build}
[ -x "$build/bench_reading" ] && [ -x "$build/postcast" ] || { echo "bench: build first" >&2; exit 1; }
fe=$("$build/bench_reading" "$post" "$runs")
echo "$fe"
fe_s=$(echo "$fe" | sed -n 's/.*load + every clip \([0-9.]*\) s.*/\1/p')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
best=
for _ in $(seq "$runs"); do
    rm -rf "$work/cache"
    t0=$(date +%s.%N)
    "$build/postcast" render "$post" -o "$work/ep.flac" --cache-dir "$work/cache" >/dev/null 2>&1
    t1=$(date +%s.%N)
    t=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
done
printf 'cold render: %.3f s (best of %d)\n' "$best" "$runs"
printf 'front end / cold render: %.1f%%\n' "$(echo "100 * $fe_s / $best" | bc -l)"
