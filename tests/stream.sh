#!/usr/bin/env bash
# Opus is encoded as it is spoken (no raw spool), and its chapters are
# patched into the comment header with a valid Ogg page checksum.
# usage: stream.sh POSTCAST SRCDIR
set -u
PC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
passes=0 fails=0
ex="$SRC/examples/interview-en.md"
"$PC" render "$ex" -o "$TMP/ref.wav" -q --no-cache || { echo "FAIL: render"; exit 1; }
pcm=$(stat -c %s "$TMP/ref.wav")
# a file size limit below the episode's PCM (what a spool would write)
# but well above its Opus
limit_kib=$((pcm / 1024 / 4))
(ulimit -f "$limit_kib"; exec "$PC" render "$ex" -o "$TMP/ep.opus" -q --no-cache) 2>"$TMP/err" \
    && passes=$((passes + 1)) || { echo "FAIL: Opus within ${limit_kib} KiB (PCM ${pcm} B)"; head -3 "$TMP/err"; fails=$((fails + 1)); }
# every Ogg page's CRC is right, and the chapter times are not all zero
python3 - "$TMP/ep.opus" <<'PY' && passes=$((passes + 1)) || fails=$((fails + 1))
import sys
def crc(data):
    c = 0
    for b in data:
        c ^= b << 24
        for _ in range(8):
            c = ((c << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if c & 0x80000000 else (c << 1) & 0xFFFFFFFF
    return c
d = open(sys.argv[1], 'rb').read()
at = pages = 0
tags = b''
while at < len(d):
    if d[at:at + 4] != b'OggS':
        print('FAIL: no Ogg page at', at); sys.exit(1)
    segs = d[at + 26]
    body = sum(d[at + 27:at + 27 + segs])
    size = 27 + segs + body
    page = bytearray(d[at:at + size])
    want = int.from_bytes(page[22:26], 'little')
    page[22:26] = b'\0\0\0\0'
    if pages < 3 and crc(page) != want:
        print('FAIL: bad CRC in page', pages); sys.exit(1)
    if pages == 1:
        tags = bytes(page[27 + segs:])
    at += size
    pages += 1
if b'CHAPTER002=00:00:00.000' in tags or b'CHAPTER002=' not in tags:
    print('FAIL: chapter 2 time not patched'); sys.exit(1)
PY
echo "stream: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
