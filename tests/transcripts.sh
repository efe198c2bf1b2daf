#!/usr/bin/env bash
# Every transcript example (examples/garden-talk.*: WebVTT, SRT, YouTube SBV, Podcasting
# 2.0 JSON, HTML, plain text) renders to an episode whose chapters are the
# sections its reader found: the HTML transcript's headings give three, the
# others one (the opening).
# usage: transcripts.sh POSTCAST SOURCE_DIR
set -u
PC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
fails=0 passes=0
while read -r ext chapters last; do
    f="$SRC/examples/garden-talk.$ext"
    if ! "$PC" render "$f" -o "$TMP/$ext.flac" -q 2>"$TMP/err"; then
        echo "FAIL: render $f"; head -c 300 "$TMP/err"; fails=$((fails + 1)); continue
    fi
    "$PC" chapters "$TMP/$ext.flac" >"$TMP/ch" 2>&1
    if ! grep -qx "chapters: $chapters" "$TMP/ch" || ! grep -Eq "^ +$chapters +[0-9:.]+ +$last\$" "$TMP/ch"; then
        echo "FAIL: $ext: want $chapters chapters, the last '$last'"; cat "$TMP/ch"; fails=$((fails + 1))
    else
        passes=$((passes + 1))
    fi
done <<'LIST'
vtt 1 garden-talk
srt 1 garden-talk
sbv 1 garden-talk
json 1 garden-talk
html 3 The water schedule
txt 1 garden-talk
LIST
echo "transcripts: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
