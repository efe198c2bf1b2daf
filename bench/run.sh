#!/usr/bin/env bash
# postcast's benchmark: in one run on one machine, side by side,
#   1. the floor: espeak-ng -v cmn-latn-pinyin -w OUT.wav -f TEXT on the
#      plain text of the post
#   2. postcast render POST -> FLAC, cold cache
#   3. the same, warm cache; warm to WAV; warm to WAV with music (intro,
#      outro and a bed under every voice); after editing one paragraph
#   4. peak RSS rendering the post once and concatenated 4 times
#   5. parsing (postcast script)
#   6. preview: time to the first audio frame on a pipe, every section,
#      cold and warm cache
# Times are hyperfine medians (RUNS runs each, default 5); ratios are
# postcast / espeak-ng. Not a test: it measures, it does not judge.
#
# usage: bench/run.sh [POST.md]   (default: ../shared/corpus/interview-zh-tw.md)
#        RUNS=5 BUILD=build bench/run.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
post=${1:-$here/../shared/corpus/interview-zh-tw.md}
runs=${RUNS:-5}
pc=$here/${BUILD:-build}/postcast
[ -x "$pc" ] || { echo "bench: build first (cmake --build build)" >&2; exit 1; }
[ -r "$post" ] || { echo "bench: no post at $post" >&2; exit 1; }
for tool in hyperfine espeak-ng /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: needs $tool (apt-get install -y hyperfine espeak-ng time)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$post" "$work/post.md"
"$pc" script "$work/post.md" --plain >"$work/post.txt"

# the post with one paragraph changed: the first long line of the body
# gets a sentence more
awk 'BEGIN{done=0} { if (!done && length($0) > 200 && $0 !~ /^(---|title:|description:)/) { print $0 "這是一個新的句子。"; done=1 } else print }' \
    "$work/post.md" >"$work/edited.md"
cmp -s "$work/post.md" "$work/edited.md" && { echo "bench: found no paragraph to edit" >&2; exit 1; }

# the post 4 times over (front matter once)
awk 'BEGIN{n=0} /^---[[:space:]]*$/ && n<2 {n++; print; next} n<2 {print}' "$work/post.md" >"$work/post4.md"
body=$(awk 'BEGIN{n=0} /^---[[:space:]]*$/ && n<2 {n++; next} n>=2 {print}' "$work/post.md")
for i in 1 2 3 4; do printf '%s\n\n' "$body" >>"$work/post4.md"; done

median() { # hyperfine JSON -> median seconds
    sed -n 's/.*"median": *\([0-9.e+-]*\).*/\1/p' "$1" | head -n 1
}
bench() { # name, then hyperfine arguments
    local name=$1
    shift
    hyperfine --runs "$runs" --style none --export-json "$work/$name.json" "$@" >/dev/null 2>&1 \
        || { echo "bench: '$name' failed" >&2; hyperfine --runs 1 "$@"; exit 1; }
    median "$work/$name.json"
}

echo "post: $post ($(wc -c <"$work/post.txt") bytes of text)"
echo "machine: $(nproc) CPUs; $runs runs each; medians"
echo

floor=$(bench floor "espeak-ng -v cmn-latn-pinyin -w $work/floor.wav -f $work/post.txt")
cold=$(bench cold --prepare "rm -rf $work/cache" \
    "$pc render $work/post.md -o $work/cold.flac -q --cache-dir $work/cache")
"$pc" render "$work/post.md" -o "$work/warm.flac" -q --cache-dir "$work/cache"
warm=$(bench warm "$pc render $work/post.md -o $work/warm.flac -q --cache-dir $work/cache")
warm_wav=$(bench warm_wav "$pc render $work/post.md -o $work/warm.wav -q --cache-dir $work/cache")
mus=$here/examples/music
warm_music=$(bench warm_music "$pc render $work/post.md -o $work/music.wav -q --cache-dir $work/cache \
    --intro $mus/theme.flac --outro $mus/theme.flac --bed $mus/pad.flac --bed-under all")
cp -a "$work/cache" "$work/cache-warm"
edit=$(bench edit --prepare "rm -rf $work/cache && cp -a $work/cache-warm $work/cache" \
    "$pc render $work/edited.md -o $work/edit.flac -q --cache-dir $work/cache")
parse=$(bench parse "$pc script $work/post.md")

# preview latency: until the first 1000 bytes (header + 22 ms of audio)
# come through a pipe
sections=$("$pc" script "$work/post.md" | grep -cE '^[0-9]+\. ')
first_cold=0 first_warm=0
for s in $(seq 1 "$sections"); do
    cmd="$pc preview $work/post.md -s $s -o - --cache-dir $work/pcache 2>/dev/null | head -c 1000 >/dev/null"
    c=$(bench "first_cold_$s" --prepare "rm -rf $work/pcache" "$cmd")
    "$pc" preview "$work/post.md" -s "$s" -o "$work/sec.wav" --cache-dir "$work/pcache"
    w=$(bench "first_warm_$s" "$cmd")
    first_cold=$(awk -v a="$first_cold" -v b="$c" 'BEGIN { print (b > a ? b : a) }')
    first_warm=$(awk -v a="$first_warm" -v b="$w" 'BEGIN { print (b > a ? b : a) }')
done

rss() { # peak resident KiB of a cold render
    rm -rf "$work/cache-rss"
    /usr/bin/time -f %M "$pc" render "$1" -o "$work/rss.flac" -q --cache-dir "$work/cache-rss" 2>&1 >/dev/null | tail -n 1
}
rss1=$(rss "$work/post.md")
rss4=$(rss "$work/post4.md")
audio=$("$pc" chapters "$work/cold.flac" --json | sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
row() { printf '%-44s %9.3f s   %s\n' "$1" "$2" "$3"; }
echo "                                              median    vs espeak-ng (target)"
row "espeak-ng -w (the floor)" "$floor" "1.00x"
row "postcast render -> FLAC, cold cache" "$cold" "$(ratio "$cold" "$floor") (<= 0.75x)"
row "postcast render -> FLAC, one paragraph edited" "$edit" "$(ratio "$edit" "$floor") (<= 0.50x)"
row "postcast render -> FLAC, warm cache" "$warm" "$(ratio "$warm" "$floor")"
row "postcast render -> WAV, warm cache" "$warm_wav" "$(ratio "$warm_wav" "$floor") (<= 0.15x)"
row "postcast render -> WAV, warm, with music" "$warm_music" "$(ratio "$warm_music" "$floor") ($(ratio "$warm_music" "$warm_wav") of without)"
row "postcast script (parse)" "$parse" "(< 0.050 s)"
row "preview: first audio, worst section, cold" "$first_cold" "(<= 0.300 s)"
row "preview: first audio, worst section, warm" "$first_warm" "(<= 0.300 s)"
echo
printf 'episode: %.1f minutes of audio; cold render at %.0fx real time\n' \
    "$(awk -v s="$audio" 'BEGIN{print s/60}')" "$(awk -v s="$audio" -v t="$cold" 'BEGIN{print s/t}')"
printf 'peak RSS: 1x post %d KiB, 4x post %d KiB: %s (<= 1.20x, < 65536 KiB)\n' \
    "$rss1" "$rss4" "$(ratio "$rss4" "$rss1")"
