#!/usr/bin/env bash
# Speech workers are long-lived: one per voice and clip at once, each
# speaking many clips (espeak-ng's state is put back before each one), so
# a render makes far fewer processes than it speaks clips; a clip is the
# same whatever its worker spoke before it (a worker made to speak other
# text before every clip gives the same episode); and a render with many
# workers at once gives the same bytes.
# usage: workers.sh POSTCAST SRCDIR
set -u
PC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passes=0 fails=0
ex="$SRC/examples/interview-zh-tw.md"
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
    strace -f -qq -e trace=clone,clone3,fork,vfork -o "$TMP/trace" \
        "$PC" render "$ex" -o "$TMP/a.wav" -q --no-cache -j 1
    procs=$(grep -E 'clone|fork' "$TMP/trace" | grep -v CLONE_THREAD | grep -vc 'resumed' || true)
    clips=$("$PC" plan "$ex" --no-phonemes | grep -cE '^ +[0-9]+ +line ' || true)
    # a fork per clip made more processes than clips
    if [ "$clips" -ge 50 ] && [ $((procs * 3)) -lt "$clips" ]; then passes=$((passes + 1)); else
        echo "FAIL: $procs processes for $clips clips"; fails=$((fails + 1)); fi
else
    echo "skip: no strace"
fi
"$PC" render "$ex" -o "$TMP/j1.flac" -q --no-cache -j 1 && "$PC" render "$ex" -o "$TMP/j8.flac" -q --no-cache -j 8 &&
    cmp -s "$TMP/j1.flac" "$TMP/j8.flac" && passes=$((passes + 1)) || { echo "FAIL: -j 1 and -j 8 differ"; fails=$((fails + 1)); }
POSTCAST_FAULT_WORKER_NOISE=1 "$PC" render "$ex" -o "$TMP/noise.flac" -q --no-cache -j 2 &&
    cmp -s "$TMP/j1.flac" "$TMP/noise.flac" && passes=$((passes + 1)) || { echo "FAIL: a clip depends on what its worker spoke before"; fails=$((fails + 1)); }
echo "workers: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
