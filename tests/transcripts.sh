#!/usr/bin/env bash
# Every transcript example (examples/garden-talk.*: WebVTT, SRT, YouTube SBV, Podcasting
# 2.0 JSON, HTML, plain text, a CSV table) renders to an episode whose chapters are the
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
csv 1 garden-talk
LIST
# captions saved as .txt are read as captions (their timing lines were
# read aloud), and --from takes a format's extension too (md, webvtt, txt)
cp "$SRC/examples/garden-talk.vtt" "$TMP/captions.txt"
cp "$SRC/examples/garden-talk.srt" "$TMP/subs.txt"
for f in captions subs; do
    "$PC" script "$TMP/$f.txt" --plain >"$TMP/$f.out" 2>&1
    if grep -q -- '-->' "$TMP/$f.out" || ! grep -q 'Priya' "$TMP/$f.out"; then
        echo "FAIL: $f.txt is read as captions (no timing lines, its speakers)"; head -5 "$TMP/$f.out"
        fails=$((fails + 1))
    else
        passes=$((passes + 1))
    fi
done
for from in md webvtt txt htm vtt; do
    case $from in md) f=garden-talk.txt ;; webvtt | vtt) f=garden-talk.vtt ;; txt) f=garden-talk.txt ;; htm) f=garden-talk.html ;; esac
    if "$PC" script "$SRC/examples/$f" --from "$from" >/dev/null 2>"$TMP/err"; then
        passes=$((passes + 1))
    else
        echo "FAIL: --from $from"; cat "$TMP/err"; fails=$((fails + 1))
    fi
done
# a TTML transcript (Apple Podcasts' shape: word spans, SPEAKER_N
# agents) saved as .xml is found by its content and renders with its
# speakers; --from ttml names it
cat >"$TMP/apple.xml" <<'TTML'
<?xml version="1.0" encoding="UTF-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata" xmlns:podcasts="http://podcasts.apple.com/transcript-ttml-internal">
<body><div begin="0.5" end="9"><p begin="0.5" end="3" ttm:agent="SPEAKER_1"><span podcasts:unit="word">Welcome</span><span podcasts:unit="word">back.</span></p>
<p begin="3.5" end="6" ttm:agent="SPEAKER_2"><span podcasts:unit="word">Glad</span><span podcasts:unit="word">to</span><span podcasts:unit="word">be</span><span podcasts:unit="word">here.</span></p></div></body></tt>
TTML
if "$PC" render "$TMP/apple.xml" -o "$TMP/apple.flac" -q 2>"$TMP/err" &&
    "$PC" script "$TMP/apple.xml" --from ttml >"$TMP/apple.out" 2>&1 &&
    grep -q 'Speaker 2: Glad to be here.' "$TMP/apple.out" && [ -s "$TMP/apple.flac" ]; then
    passes=$((passes + 1))
else
    echo "FAIL: apple.xml (TTML) renders with its speakers"; cat "$TMP/err" "$TMP/apple.out"; fails=$((fails + 1))
fi
# a cast file names its agents' ids (SPEAKER_2 -> Sam Lee)
printf 'SPEAKER_2: {name: Sam Lee}\n' >"$TMP/cast.yaml"
if "$PC" script "$TMP/apple.xml" --cast "$TMP/cast.yaml" 2>&1 | grep -q 'Sam Lee: Glad to be here.'; then
    passes=$((passes + 1))
else
    echo "FAIL: a cast names a TTML agent"; fails=$((fails + 1))
fi
# a transcript with no title: its file's name, tidied, is the episode's
# title tag and first chapter ("Episode 12_final-v2" was read as written)
printf '1\n00:00:01,000 --> 00:00:02,000\nHello.\n' >"$TMP/Episode 12_final-v2.srt"
if "$PC" render "$TMP/Episode 12_final-v2.srt" -o "$TMP/ep12.flac" -q 2>"$TMP/err" &&
    "$PC" chapters "$TMP/ep12.flac" --json >"$TMP/ep12.json" 2>&1 &&
    grep -q '"TITLE":"Episode 12",' "$TMP/ep12.json" && grep -q '"title":"Episode 12"}' "$TMP/ep12.json"; then
    passes=$((passes + 1))
else
    echo "FAIL: a file-name title is tidied in the tags and chapters"; cat "$TMP/err" "$TMP/ep12.json"; fails=$((fails + 1))
fi
echo "transcripts: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
