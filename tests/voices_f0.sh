#!/usr/bin/env bash
# Distinct voices (issue 14): every two built-in presets, which automatic
# casting may give one post, differ by at least 12% in median F0, in English
# and in Mandarin. F0 is measured with aubio's YIN (aubiopitch) on what
# `postcast voices --say` writes, not taken from the presets' numbers.
# usage: voices_f0.sh POSTCAST SOURCE_DIR
set -u
PC=$1
SRC=$2
command -v aubiopitch >/dev/null || { echo "aubiopitch missing: apt-get install aubio-tools"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
en="The quick brown fox jumps over the lazy dog while we talk about podcasts and the weather today."
zh="我認為這個產品很好，因為我們每天都在使用它，而且大家都很喜歡。"
median_f0() {
    aubiopitch -i "$1" -p yin -l 0.2 -s -50 2>/dev/null |
        awk '$2 > 50 && $2 < 500 { print $2 }' | sort -n |
        awk '{ a[NR] = $1 } END { if (NR) printf "%.1f", a[int((NR + 1) / 2)] }'
}
fails=0 passes=0
for f in "$SRC"/voices/*.yaml; do
    v=$(basename "$f" .yaml)
    "$PC" voices --say "$v" -o "$TMP/$v-en.wav" --text "$en" >/dev/null 2>&1 &&
        "$PC" voices --say "$v" -o "$TMP/$v-zh.wav" --lang zh-TW --text "$zh" >/dev/null 2>&1 ||
        { echo "FAIL: voices --say $v"; fails=$((fails + 1)); continue; }
    echo "$v $(median_f0 "$TMP/$v-en.wav") $(median_f0 "$TMP/$v-zh.wav")" >>"$TMP/f0"
done
sort -k2 -n "$TMP/f0" | awk '{ printf "  %-10s %6.1f Hz (en) %6.1f Hz (zh)\n", $1, $2, $3 }'
# every pair, in each language: the higher at least 1.12 times the lower
while read -r a fa za; do
    while read -r b fb zb; do
        [[ "$a" < "$b" ]] || continue
        for pair in "en $fa $fb" "zh $za $zb"; do
            set -- $pair
            if awk -v x="$2" -v y="$3" 'BEGIN { r = x > y ? x / y : y / x; exit !(x > 0 && y > 0 && r >= 1.12) }'; then
                passes=$((passes + 1))
            else
                echo "FAIL: $a and $b are too close in $1: $2 Hz and $3 Hz (under 12% apart)"
                fails=$((fails + 1))
            fi
        done
    done <"$TMP/f0"
done <"$TMP/f0"
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
