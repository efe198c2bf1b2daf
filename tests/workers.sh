#!/usr/bin/env bash
# Speech workers start from a template per voice that has the voice
# loaded: espeak-ng's dictionaries are read once per voice, not once per
# clip; and a render with many workers at once gives the same bytes.
# usage: workers.sh POSTCAST SRCDIR
set -u
PC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passes=0 fails=0
ex="$SRC/examples/interview-zh-tw.md"
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
    strace -f -qq -e trace=openat,clone,clone3,fork,vfork -o "$TMP/trace" \
        "$PC" render "$ex" -o "$TMP/a.wav" -q --no-cache -j 2
    workers=$(grep -c 'CLONE_PARENT' "$TMP/trace" || true)
    dicts=$(grep -c '_dict", O_RDONLY' "$TMP/trace" || true)
    # one read per template (a voice in a language) and the render
    # process's preloads, against one per clip when each worker loaded
    # its voice
    if [ "$workers" -ge 20 ] && [ $((dicts * 2)) -lt "$workers" ]; then passes=$((passes + 1)); else
        echo "FAIL: $dicts dictionary reads for $workers workers"; fails=$((fails + 1)); fi
else
    echo "skip: no strace"
fi
"$PC" render "$ex" -o "$TMP/j1.flac" -q --no-cache -j 1 && "$PC" render "$ex" -o "$TMP/j8.flac" -q --no-cache -j 8 &&
    cmp -s "$TMP/j1.flac" "$TMP/j8.flac" && passes=$((passes + 1)) || { echo "FAIL: -j 1 and -j 8 differ"; fails=$((fails + 1)); }
echo "workers: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
