#!/usr/bin/env bash
# Byte-identity of whole episodes: renders every example (and the corpus post,
# when ../shared is there) to WAV, FLAC and MP3, mono and stereo MP3, and
# compares the SHA-256 of each file with tests/identity/SHA256SUMS, recorded
# before the seams refactor (issue 11). A change that means to alter the sound
# re-records them with --record and says so in its commit.
# usage: identity.sh POSTCAST SOURCE_DIR [--record]
set -u
PC=$1
SRC=$2
record=${3:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
sums="$SRC/tests/identity/SHA256SUMS"
posts=("$SRC"/examples/*.md)
corpus="$SRC/../shared/corpus/interview-zh-tw.md"
[ -f "$corpus" ] && posts+=("$corpus")
: >"$TMP/got"
for p in "${posts[@]}"; do
    b=$(basename "$p" .md)
    [ "$p" = "$corpus" ] && b=corpus-$b
    for f in wav flac mp3; do
        "$PC" render "$p" -o "$TMP/$b.$f" -q || { echo "FAIL: render $b.$f"; exit 1; }
        (cd "$TMP" && sha256sum "$b.$f") >>"$TMP/got"
    done
    "$PC" render "$p" -o "$TMP/$b-stereo.flac" --stereo --rate 44100 -q || { echo "FAIL: render $b-stereo.flac"; exit 1; }
    (cd "$TMP" && sha256sum "$b-stereo.flac") >>"$TMP/got"
done
if [ "$record" = --record ]; then cp "$TMP/got" "$sums"; cat "$sums"; exit 0; fi
fails=0 passes=0
while read -r sum name; do
    want=$(awk -v n="$name" '$2 == n { print $1 }' "$sums")
    if [ -z "$want" ]; then echo "FAIL: $name has no recorded hash"; fails=$((fails + 1))
    elif [ "$want" != "$sum" ]; then echo "FAIL: $name differs from its recorded bytes"; fails=$((fails + 1))
    else passes=$((passes + 1)); fi
done <"$TMP/got"
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
