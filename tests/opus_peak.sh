#!/usr/bin/env bash
# Opus keeps the README's promise (issue 13): the decoded file's true peak
# is at or under -1 dBTP and its integrated loudness within 0.5 LU of the
# target (-19 LUFS mono, -16 stereo), for the interview examples, mono and
# stereo. Measured by ffmpeg's ebur128 filter on the decoded Opus.
# usage: opus_peak.sh POSTCAST SOURCE_DIR
set -u
PC=$1
SRC=$2
command -v ffmpeg >/dev/null || { echo "SKIP: no ffmpeg"; exit 77; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
fails=0
for ex in interview-en interview-zh-tw; do
    for mode in mono stereo; do
        flag=() target=-19
        [ "$mode" = stereo ] && flag=(--stereo) target=-16
        out="$TMP/$ex-$mode.opus"
        if ! "$PC" render "$SRC/examples/$ex.md" "${flag[@]}" -q -o "$out"; then
            echo "FAIL: $ex $mode does not render"; fails=$((fails + 1)); continue
        fi
        m=$(ffmpeg -nostdin -hide_banner -i "$out" -af ebur128=peak=true -f null - 2>&1)
        i=$(printf '%s\n' "$m" | awk '/^ +I:/ {v = $2} END {print v}')
        p=$(printf '%s\n' "$m" | awk '/^ +Peak:/ {v = $2} END {print v}')
        if [ -z "$i" ] || [ -z "$p" ]; then
            echo "FAIL: $ex $mode: no measurement"; fails=$((fails + 1)); continue
        fi
        echo "$ex $mode: I $i LUFS, true peak $p dBTP"
        awk -v p="$p" 'BEGIN {exit !(p <= -1.0)}' ||
            { echo "FAIL: $ex $mode true peak $p > -1.0 dBTP"; fails=$((fails + 1)); }
        awk -v i="$i" -v t="$target" 'BEGIN {d = i - t; exit !(d <= 0.5 && d >= -0.5)}' ||
            { echo "FAIL: $ex $mode loudness $i not within 0.5 LU of $target"; fails=$((fails + 1)); }
    done
done
[ "$fails" -eq 0 ] && echo "opus_peak: all passed"
exit $((fails > 0))
