#!/usr/bin/env bash
# Makes the example music with SoX (apt-get install -y sox): a short
# plucked theme for intro and outro, and a soft pad that loops seamlessly
# (every partial completes whole cycles in 8 s). Synthesized here, so the
# files are ours to ship. Run from this directory.
set -euo pipefail
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the theme: eight plucked notes, then a chord that rings out
i=0
for n in C4 E4 G4 C5 B4 G4 A4 E4; do
    sox -q -n -r 44100 -c 1 "$tmp/n$i.wav" synth 0.32 pluck "$n" fade 0 0.32 0.05
    i=$((i + 1))
done
sox -q -n -r 44100 -c 3 "$tmp/chord3.wav" synth 2.6 pluck C4 pluck E4 pluck G4 fade 0 2.6 1.6
sox -q "$tmp/chord3.wav" "$tmp/chord.wav" remix 1-3
sox -q "$tmp"/n{0..7}.wav "$tmp/chord.wav" "$tmp/theme-mono.wav"
# a touch of width: the right channel 12 ms later
sox -q "$tmp/theme-mono.wav" "$tmp/r.wav" pad 0.012 0 trim 0 -0.012
sox -q -M "$tmp/theme-mono.wav" "$tmp/r.wav" -b 16 theme.flac gain -n -3

# the pad: A minor, slow tremolo, 8 s that loop without a seam
sox -q -n -r 44100 -c 4 "$tmp/pad4.wav" synth 8 sine 220 sine 261.625 sine 329.625 sine 110
sox -q "$tmp/pad4.wav" -c 1 "$tmp/pad1.wav" remix 1-4 tremolo 0.25 30
sox -q "$tmp/pad1.wav" -b 16 pad.flac gain -n -6
