#!/usr/bin/env bash
# What each lossy container costs and how close it stays to the source:
# the post rendered to WAV (warm cache), then to Opus, MP3 and M4A from
# the same cache; each encode's CPU (user + sys, the whole render less the
# WAV render's), its size, and bench_quality's figures for the file
# decoded by ffmpeg against the WAV (SNR, segmental SNR, log-spectral
# distance; bench/quality.c). For choosing encoder settings; not a test.
# Opus and M4A are mixed with headroom (a lower limiter ceiling, a second
# loudness correction), so their figures against the WAV count that too
# (Opus and M4A ~13 and ~17 dB SNR): compare them between builds. For an
# encoder alone, encode the WAV with ffmpeg at the same settings (as the
# figures in aac_segments.c's pc_aac_encoder_open were measured).
#   bench/codecs.sh [POST.md]   (default: ../shared/corpus/interview-zh-tw.md)
#   BUILD=build bench/codecs.sh
#   FORMATS="opus" bench/codecs.sh   (default: opus mp3 m4a)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
post=${1:-$here/../shared/corpus/interview-zh-tw.md}
build=$here/${BUILD:-build}
[ -x "$build/postcast" ] && [ -x "$build/bench_quality" ] || { echo "bench: build first" >&2; exit 1; }
for tool in ffmpeg /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench: needs $tool" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
render() { # format: prints "user+sys seconds"
    /usr/bin/time -o "$work/time" -f '%U %S' "$build/postcast" render "$post" -o "$work/ep.$1" -q \
        --cache-dir "$work/cache" >/dev/null
    awk '{ print $1 + $2 }' "$work/time"
}
render wav >/dev/null # fills the cache
wav=$(render wav)
rate=$(ffprobe -v error -show_entries stream=sample_rate -of csv=p=0 "$work/ep.wav")
printf '%-6s %9s %11s   %s\n' format "CPU (s)" "size (kB)" "decoded against the WAV"
printf '%-6s %9.2f %11d\n' wav "$wav" "$(($(stat -c %s "$work/ep.wav") / 1000))"
for f in ${FORMATS:-opus mp3 m4a}; do
    cpu=$(render "$f") || { echo "$f: this build cannot write it"; continue; }
    ffmpeg -v error -y -i "$work/ep.$f" -af aresample=resampler=soxr -ar "$rate" "$work/dec.wav"
    printf '%-6s %9.2f %11d   %s\n' "$f" "$(awk -v a="$cpu" -v b="$wav" 'BEGIN { print a - b }')" \
        "$(($(stat -c %s "$work/ep.$f") / 1000))" "$("$build/bench_quality" "$work/ep.wav" "$work/dec.wav")"
done
