#!/usr/bin/env bash
# postcast's benchmark: in one run on one machine, side by side,
#   1. the floor: espeak-ng -v cmn-latn-pinyin -w OUT.wav -f TEXT on the
#      plain text of the post
#   2. postcast render POST -> FLAC, cold cache; the same to Opus and MP3
#      (and M4A when this build writes it)
#   3. warm cache to FLAC and to WAV; warm to WAV with music (intro,
#      outro and a bed under every voice); after editing one paragraph
#   4. peak RSS rendering the post once and concatenated 4 times
#   5. parsing (postcast script)
#   6. preview: time to the first audio frame on a pipe, every section,
#      cold and warm cache
# Each measurement runs RUNS times (default 5) under /usr/bin/time, and
# the floor runs once before each cold render (interleaved, so both see
# the same load); figures are medians: wall time, and CPU (user + sys,
# the render's workers included). Ratios are postcast / espeak-ng. On a
# shared machine read the CPU ratios: wall time there measures the
# neighbours too. Not a test: it measures, it does not judge.
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
for tool in espeak-ng /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: needs $tool (apt-get install -y espeak-ng time)" >&2; exit 1; }
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

floor_cmd="espeak-ng -v cmn-latn-pinyin -w $work/floor.wav -f $work/post.txt"

once() { # name, command: appends "wall user sys maxrss_kib" to $work/NAME.runs
    /usr/bin/time -o "$work/time.out" -f '%e %U %S %M' bash -c "$2" >/dev/null 2>"$work/err" \
        || { echo "bench: '$1' failed: $2" >&2; cat "$work/err" >&2; exit 1; }
    tail -n 1 "$work/time.out" >>"$work/$1.runs"
}
# name, prepare command (or ""), command [, with_floor]: runs it RUNS times
bench() {
    local name=$1 prep=$2 cmd=$3 with_floor=${4:-}
    rm -f "$work/$name.runs"
    for _ in $(seq 1 "$runs"); do
        [ -n "$with_floor" ] && once floor "$floor_cmd"
        [ -n "$prep" ] && bash -c "$prep"
        once "$name" "$cmd"
    done
}
med() { # name, field (1 wall, 2 user, 3 sys, 4 user+sys, 5 maxrss): the median
    awk -v f="$2" '{ v = f == 4 ? $2 + $3 : f == 5 ? $4 : $f; print v }' "$work/$1.runs" |
        sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}

echo "post: $post ($(wc -c <"$work/post.txt") bytes of text)"
echo "machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each; medians"
echo

# A cold run gets a cache directory never used before: the last run's is
# moved aside, not deleted, and everything goes at the end. On ext4
# without a journal (this VM's disk) a file created within seconds of a
# mass deletion makes the allocator skip every recently deleted inode
# (ext4 find_inode_bit -> recently_deleted), about 1 s of kernel time for
# the corpus' ~950 clips after an `rm -rf` of the last run's cache: that
# measures the deletion, not the render.
mkdir -p "$work/old"
aside() { echo "[ ! -e $work/$1 ] || mv $work/$1 \$(mktemp -d -p $work/old)/"; }

rm -f "$work/floor.runs"
render() { echo "$pc render $work/post.md -o $work/$1 -q --cache-dir $work/cache"; }
bench cold "$(aside cache)" "$(render cold.flac)" floor
bench cold_opus "$(aside cache)" "$(render cold.opus)" floor
bench cold_mp3 "$(aside cache)" "$(render cold.mp3)" floor
m4a=
if "$pc" render "$here/examples/blog-post.md" -o "$work/probe.m4a" -q --no-cache 2>/dev/null; then
    m4a=1
    bench cold_m4a "$(aside cache)" "$(render cold.m4a)" floor
fi
"$pc" render "$work/post.md" -o "$work/warm.flac" -q --cache-dir "$work/cache"
bench warm "" "$(render warm.flac)"
bench warm_wav "" "$(render warm.wav)"
mus=$here/examples/music
bench warm_music "" "$(render music.wav) --intro $mus/theme.flac --outro $mus/theme.flac --bed $mus/pad.flac --bed-under all"
cp -a "$work/cache" "$work/cache-warm"
bench edit "$(aside cache) && cp -a $work/cache-warm $work/cache" \
    "$pc render $work/edited.md -o $work/edit.flac -q --cache-dir $work/cache"
bench parse "" "$pc script $work/post.md"

# preview latency: until the first 1000 bytes (header + 22 ms of audio)
# come through a pipe
sections=$("$pc" script "$work/post.md" | grep -cE '^[0-9]+\. ')
first_cold=0 first_warm=0
for s in $(seq 1 "$sections"); do
    cmd="$pc preview $work/post.md -s $s -o - --cache-dir $work/pcache 2>/dev/null | head -c 1000 >/dev/null"
    bench "first_cold_$s" "$(aside pcache)" "$cmd"
    "$pc" preview "$work/post.md" -s "$s" -o "$work/sec.wav" --cache-dir "$work/pcache"
    bench "first_warm_$s" "" "$cmd"
    first_cold=$(awk -v a="$first_cold" -v b="$(med "first_cold_$s" 1)" 'BEGIN { print (b > a ? b : a) }')
    first_warm=$(awk -v a="$first_warm" -v b="$(med "first_warm_$s" 1)" 'BEGIN { print (b > a ? b : a) }')
done

runs=1
bench rss1 "$(aside cache-rss)" "$pc render $work/post.md -o $work/rss.flac -q --cache-dir $work/cache-rss"
bench rss4 "$(aside cache-rss)" "$pc render $work/post4.md -o $work/rss.flac -q --cache-dir $work/cache-rss"
rss1=$(med rss1 5) rss4=$(med rss4 5)

audio=$("$pc" chapters "$work/cold.flac" --json | sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p')
floor_audio=$(awk -v b="$(stat -c %s "$work/floor.wav")" 'BEGIN { print (b - 44) / 2 / 22050 }')

floor=$(med floor 1) cold=$(med cold 1)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
row() { printf '%-46s %8.3f s   %s\n' "$1" "$2" "$3"; }
echo "                                                  median   vs espeak-ng (target)"
row "espeak-ng -w (the floor)" "$floor" "1.00x"
row "postcast render -> FLAC, cold cache" "$cold" "$(ratio "$cold" "$floor") (<= 0.75x)"
for f in opus mp3 ${m4a:+m4a}; do
    t=$(med "cold_$f" 1)
    row "postcast render -> ${f^^}, cold cache" "$t" "$(ratio "$t" "$floor"); $(ratio "$t" "$cold") of FLAC (<= 2.00x)"
done
edit=$(med edit 1) warm=$(med warm 1) warm_wav=$(med warm_wav 1) warm_music=$(med warm_music 1)
row "postcast render -> FLAC, one paragraph edited" "$edit" "$(ratio "$edit" "$floor") (<= 0.40x)"
row "postcast render -> FLAC, warm cache" "$warm" "$(ratio "$warm" "$floor")"
row "postcast render -> WAV, warm cache" "$warm_wav" "$(ratio "$warm_wav" "$floor") (<= 0.15x)"
row "postcast render -> WAV, warm, with music" "$warm_music" "$(ratio "$warm_music" "$floor") ($(ratio "$warm_music" "$warm_wav") of without)"
row "postcast script (parse)" "$(med parse 1)" "(< 0.050 s)"
row "preview: first audio, worst section, cold" "$first_cold" "(<= 0.300 s)"
row "preview: first audio, worst section, warm" "$first_warm" "(<= 0.300 s)"
echo
echo "CPU (user + sys, medians)                      total     per s of audio   vs espeak-ng (target)"
fcpu=$(med floor 4) ccpu=$(med cold 4)
fper=$(awk -v c="$fcpu" -v a="$floor_audio" 'BEGIN { print c / a * 1000 }')
cper=$(awk -v c="$ccpu" -v a="$audio" 'BEGIN { print c / a * 1000 }')
printf '%-46s %8.2f s   %6.3f ms   1.00x\n' "espeak-ng -w ($(printf %.0f "$floor_audio") s of audio)" "$fcpu" "$fper"
printf '%-46s %8.2f s   %6.3f ms   %s (<= 1.30x)\n' "render -> FLAC, cold ($(printf %.0f "$audio") s)" "$ccpu" "$cper" "$(ratio "$cper" "$fper")"
for f in opus mp3 ${m4a:+m4a}; do
    printf '%-46s %8.2f s   %17s %s of FLAC'"'"'s CPU\n' "render -> ${f^^}, cold" "$(med "cold_$f" 4)" "" \
        "$(ratio "$(med "cold_$f" 4)" "$ccpu")"
done
printf '%-46s %8.2f s\n' "render -> WAV, warm" "$(med warm_wav 4)"
printf 'system time of the cold FLAC render: %.2f s of %.2f s user: %s (< 15%%)\n' \
    "$(med cold 3)" "$(med cold 2)" "$(awk -v s="$(med cold 3)" -v u="$(med cold 2)" 'BEGIN { printf "%.0f%%", 100 * s / u }')"
echo
printf 'episode: %.1f minutes of audio; cold render at %.0fx real time\n' \
    "$(awk -v s="$audio" 'BEGIN{print s/60}')" "$(awk -v s="$audio" -v t="$cold" 'BEGIN{print s/t}')"
printf 'peak RSS: 1x post %d KiB, 4x post %d KiB: %s (<= 1.20x, < 65536 KiB)\n' \
    "$rss1" "$rss4" "$(ratio "$rss4" "$rss1")"
