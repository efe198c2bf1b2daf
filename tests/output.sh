#!/usr/bin/env bash
# The output file and what lands beside it (issue 12): never the post
# itself, nothing created or renamed in /dev, no temporary file left by a
# closed pipe or a killed run that a later run does not remove, the umask
# followed, names of any length, tags and sidecars that cannot be forged
# from front matter, and chapter readers that stay fast and sane on
# crafted files.
# usage: output.sh POSTCAST SOURCE_DIR [sanitized]
set -u
PC=$1
SRC=$2
SANITIZED=${3:-}
TMP=$(mktemp -d)
trap 'umount "$TMP/full" 2>/dev/null; rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
export TMPDIR="$TMP/tmpdir"
mkdir -p "$TMPDIR"
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
# no temporary file of ours (or of the old naming) in a directory
clean_dir() { ! ls -A "$1" | grep -Eq '^\.(postcast|.*\.[A-Za-z0-9]{6}$)'; }

printf -- '---\ntitle: Short\n---\n\n# One\n\nHello there.\n' >"$TMP/short.md"
"$PC" render "$TMP/short.md" -o "$TMP/warm.wav" -q || bad "a short post renders"

# ---------- the post is never the output ----------
cp "$TMP/short.md" "$TMP/post.md"
"$PC" render "$TMP/post.md" -o "$TMP/post.md" --format wav -q 2>"$TMP/err"
[ $? -eq 2 ] && grep -q "is the post being rendered" "$TMP/err" && cmp -s "$TMP/short.md" "$TMP/post.md" \
    && ok || bad "-o names the post: $(cat "$TMP/err")"
cp "$TMP/short.md" "$TMP/talk.flac"
(cd "$TMP" && "$PC" render talk.flac -q 2>"$TMP/err")
[ $? -eq 2 ] && cmp -s "$TMP/short.md" "$TMP/talk.flac" && ok || bad "the default output is the post"
ln -s post.md "$TMP/alias.wav"
"$PC" render "$TMP/post.md" -o "$TMP/alias.wav" -q 2>/dev/null
[ $? -eq 2 ] && cmp -s "$TMP/short.md" "$TMP/post.md" && ok || bad "a link to the post is the post"

# ---------- a Chinese caption cue is about 21 characters, not 65 (130 columns) ----------
printf -- '---\ntitle: 長句\nlang: zh-TW\n---\n\n我們今天要談的是一個非常長的句子它沒有任何標點符號所以字幕必須在適當的地方切開才能讓觀眾在短時間內讀完而不會覺得眼睛很累\n' >"$TMP/cjk.md"
"$PC" render "$TMP/cjk.md" -o "$TMP/cjk.wav" --sidecars -q && python3 - "$TMP/cjk.vtt" "$TMP/cjk.srt" <<'PY' && ok || bad "CJK cues too wide"
import re, sys
for f in sys.argv[1:]:
    cues = [re.sub(r"<[^>]*>", "", l) for l in open(f, encoding="utf-8").read().split("\n")
            if re.search(r"[\u4e00-\u9fff]", l)]
    long = [c for c in cues if len(c) > 24]
    if len(cues) < 3 or long:
        sys.exit(f"{f}: {len(cues)} cues, too long: {long}")
PY

# ---------- a long sentence's cues are cut where the voice takes a breath, and timed by it ----------
# (they were shared out by characters: cut mid-phrase, each starting inside
# the last one's words)
printf -- '---\ntitle: 長句\nlang: zh-TW\n---\n\n我們今天要談的是一個非常長的句子它沒有任何標點符號所以字幕必須在適當的地方切開才能讓觀眾在短時間內讀完而不會覺得眼睛很累而且我們還要確定每一段字幕出現的時間剛好就是那一段話開始被念出來的時間\n\n我用過 Python，Go，Rust 和 C。\n' >"$TMP/breath.md"
"$PC" render "$TMP/breath.md" -o "$TMP/breath.wav" --sidecars -q && /usr/bin/python3 - "$TMP/breath.vtt" "$TMP/breath.wav" <<'PY' && ok || bad "cues at breaths"
import re, sys, wave, numpy as np
vtt = open(sys.argv[1], encoding="utf-8").read()
cues = [(int(a) * 3600 + int(b) * 60 + float(c), int(d) * 3600 + int(e) * 60 + float(f), re.sub(r"<[^>]*>", "", t))
        for a, b, c, d, e, f, t in re.findall(r"(\d+):(\d\d):([\d.]+) --> (\d+):(\d\d):([\d.]+)\n(.*)", vtt)]
w = wave.open(sys.argv[2])
rate = w.getframerate()
x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(float) / 32768
def db(a, b):
    seg = x[int(a * rate):int(b * rate)]
    return 20 * np.log10(np.sqrt(np.mean(seg ** 2)) + 1e-9)
sent = [c for c in cues if re.search(r"[\u4e00-\u9fff]{8}", c[2]) and "Python" not in c[2]]
if len(sent) < 5:
    sys.exit(f"{len(sent)} cues for the long sentence: {cues}")
for (s1, e1, t1), (s2, e2, t2) in zip(sent, sent[1:]):
    if not (0.15 <= s2 - e1 <= 0.25 and db(e1 + 0.01, s2 - 0.01) < -50 and db(s2, s2 + 0.08) > -40
            and db(e1 - 0.08, e1) > -40):
        sys.exit(f"cue boundary {t1} | {t2}: gap {s2 - e1:.3f} s, pause {db(e1 + 0.01, s2 - 0.01):.1f} dB, "
                 f"after start {db(s2, s2 + 0.08):.1f} dB, before end {db(e1 - 0.08, e1):.1f} dB")
# what the plan pauses at instead of saying is shown
if not any("Python，Go，Rust" in c[2] for c in cues):
    sys.exit(f"commas lost: {[c[2] for c in cues]}")
PY

# a name is not cut in two where anything else will do ("…沒有在Hacker | News…")
printf -- '---\ntitle: 名字\nlang: zh-TW\n---\n\n我們今天談的是一個非常長的句子它沒有在Hacker News上面出現過而且它也讓Nat Friedman覺得很有意思因為有二十萬人在2025年看過\n' >"$TMP/names.md"
"$PC" render "$TMP/names.md" -o "$TMP/names.wav" --sidecars -q && grep -q '^<v Narrator>Hacker News' "$TMP/names.vtt" &&
    ! grep -Eq '(Hacker|Nat)</v>$' "$TMP/names.vtt" && ! grep -q '^<v Narrator>Friedman' "$TMP/names.vtt" &&
    ok || bad "a name cut in two: $(grep '<v' "$TMP/names.vtt" | tr '\n' ' ')"

# ---------- a WAV its pauses alone would take past 4 GiB: refused up front ----------
{ printf -- '---\ntitle: Long\npauses:\n  paragraph: 600\n---\n\n'
  for i in $(seq 1 200); do printf 'Paragraph %d.\n\n' "$i"; done; } >"$TMP/long.md"
start=$(date +%s)
"$PC" render "$TMP/long.md" -o "$TMP/long.wav" -q 2>"$TMP/err"
rc=$?
[ $rc -eq 1 ] && grep -q "longer than a WAV file can hold" "$TMP/err" && [ ! -e "$TMP/long.wav" ] &&
    [ $(($(date +%s) - start)) -lt 20 ] && clean_dir "$TMP" && ok ||
    bad "a WAV past 4 GiB of pauses: exit $rc, $(cat "$TMP/err")"

# ---------- /dev: written through the descriptor, nothing made there ----------
before=$(ls -A /dev | md5sum)
"$PC" render "$TMP/short.md" -o /dev/stdout -q >"$TMP/stdout.file" 2>"$TMP/err" \
    && "$PC" chapters "$TMP/stdout.file" | grep -q '^WAV ' && [ -L /dev/stdout ] \
    && [ "$(ls -A /dev | md5sum)" = "$before" ] && clean_dir "$TMPDIR" \
    && ok || bad "-o /dev/stdout into a file: $(cat "$TMP/err")"
"$PC" render "$TMP/short.md" -o /dev/null --format flac -q && ok || bad "-o /dev/null"
# pauses that add up past a day are refused before any synthesis, at the
# pauses: key, and nothing is written: 200 short paragraphs of someone
# else's post with 600 s between them were 33 hours of MP3
{ printf -- '---\ntitle: Long\npauses:\n  paragraph: 600\n---\n\n'; for i in $(seq 200); do printf 'Word.\n\n'; done; } > "$TMP/pauses.md"
"$PC" render "$TMP/pauses.md" -o "$TMP/pauses.mp3" -q 2>"$TMP/err"
[ $? -eq 1 ] && grep -qx "postcast: error: $TMP/pauses.md:4:3: the pauses alone last 33.2 hours, more than 24; make them shorter" "$TMP/err" \
    && [ ! -e "$TMP/pauses.mp3" ] && ok || bad "a day of pauses: $(cat "$TMP/err")"
# so are words that would take more than a day to speak (a 3 MB post
# rendered 27 hours, a 2 GB FLAC), at the paragraph where they pass it
python3 -c "
s = 'This is a sentence that goes on about nothing at all in particular. ' * 70
open('$TMP/words.md', 'w').write('---\\ntitle: Long\\n---\\n\\n' + ''.join(s + '\\n\\n' for _ in range(300)))"
"$PC" render "$TMP/words.md" -o "$TMP/words.flac" -q 2>"$TMP/err"
[ $? -eq 1 ] && grep -q "^postcast: error: $TMP/words.md:[0-9]*:1: by here the words would take more than 24 hours" "$TMP/err" \
    && [ ! -e "$TMP/words.flac" ] && ok || bad "a day of words: $(cat "$TMP/err")"
# a file system mounted under /dev (/dev/shm) holds files like any folder
if [ -d /dev/shm ] && [ "$(stat -c %d /dev/shm)" != "$(stat -c %d /dev)" ]; then
    shm=$(mktemp -d -p /dev/shm)
    "$PC" render "$TMP/short.md" -o "$shm/ep.flac" -q 2>"$TMP/err" && [ -f "$shm/ep.flac" ] \
        && [ "$(ls -A "$shm")" = ep.flac ] && "$PC" chapters "$shm/ep.flac" | grep -q '^FLAC ' \
        && ok || bad "-o /dev/shm/ep.flac: $(cat "$TMP/err")"
    rm -rf "$shm"
fi

# ---------- a closed pipe: EPIPE, not SIGPIPE; no temporary file ----------
"$PC" render "$SRC/examples/interview-en.md" -o /dev/stdout -q 2>/dev/null | head -c 1000 >/dev/null
clean_dir "$TMPDIR" && ok || { bad "a closed pipe leaves a temporary file"; ls -A "$TMPDIR"; }
"$PC" render "$SRC/examples/interview-en.md" -o - -q 2>/dev/null | head -c 1000 >/dev/null
st=${PIPESTATUS[0]}
[ "$st" -eq 1 ] && ok || bad "-o - into a closed pipe exits $st, want 1 (EPIPE, not a signal)"

# ---------- a killed run's temporary files go with the next run ----------
# a post long enough to be killed mid-render however fast the machine: the
# example's body sixty times
{ cat "$SRC/examples/interview-en.md"; for _ in $(seq 59); do
    sed '1,/^---$/d' "$SRC/examples/interview-en.md"; done; } >"$TMP/long.md"
for f in flac opus; do
    mkdir -p "$TMP/kill-$f"
    "$PC" render "$TMP/long.md" -o "$TMP/kill-$f/ep.$f" -q -j 1 --no-cache 2>/dev/null &
    pid=$!
    for _ in $(seq 100); do ls -A "$TMP/kill-$f" | grep -q . && break; sleep 0.1; done
    kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
    left=$(ls -A "$TMP/kill-$f")
    [ -n "$left" ] || { bad "kill -9 ($f): nothing to clean up (too fast?)"; continue; }
    # a dead run's file, untouched for two hours
    for l in $left; do touch -d '2 hours ago' "$TMP/kill-$f/$l"; done
    "$PC" render "$TMP/short.md" -o "$TMP/kill-$f/next.$f" -q
    [ "$(ls -A "$TMP/kill-$f")" = "next.$f" ] && ok || bad "kill -9 ($f) left: $(ls -A "$TMP/kill-$f" | tr '\n' ' ')"
done

# ---------- the umask, not 0644 ----------
mkdir -p "$TMP/umask"
(umask 077 && "$PC" render "$TMP/short.md" -o "$TMP/umask/ep.flac" --sidecars -q)
modes=$(stat -c '%a' "$TMP/umask"/* | sort -u | tr '\n' ' ')
[ "$modes" = "600 " ] && ok || bad "under umask 077 the files are $modes"

# ---------- a 250-byte name ----------
long=$(printf 'n%.0s' $(seq 245))
"$PC" render "$TMP/short.md" -o "$TMP/$long.flac" -q && [ -s "$TMP/$long.flac" ] \
    && ok || bad "a 250-byte output name"

# ---------- front matter cannot forge sidecar or tag lines ----------
cat >"$TMP/inject.md" <<'EOF'
---
title: "Evil\n\n99\n00:00:00,000 --> 00:00:09,000\nFORGED CUE\nFORGED=1"
date: "2024-01-01\nFILE \"evil.wav\" WAVE\n  TRACK 99 AUDIO"
description: "line one\r\nFORGED2=yes"
---

# Part

Hello there.
EOF
if "$PC" render "$TMP/inject.md" -o "$TMP/inject.flac" --sidecars -q 2>"$TMP/err"; then
    [ "$(grep -c '^FILE' "$TMP/inject.flac.cue")" = 1 ] && ! grep -q '^ *TRACK 99' "$TMP/inject.flac.cue" \
        && ok || bad ".cue lines forged from date:"
    ! grep -q '^FORGED' "$TMP/inject.srt" && ! grep -q '^FORGED' "$TMP/inject.vtt" \
        && ok || bad "SRT/VTT cue forged from title:"
    ! metaflac --export-tags-to=- "$TMP/inject.flac" | grep -q '^FORGED' \
        && ok || bad "Vorbis comment lines forged from title:/description:"
else
    bad "render inject.md: $(cat "$TMP/err")"
fi
# a title ending in a backslash: cue readers that take it for an escape
# (libcue) ran the quoted string on into the lines after it
printf -- '---\ntitle: "C:\\\\"\n---\n\n# Part \\\\\n\nHello.\n' >"$TMP/bs.md"
"$PC" render "$TMP/bs.md" -o "$TMP/bs.flac" --sidecars -q --engine fake && ! grep -q '\\' "$TMP/bs.flac.cue" &&
    grep -qx 'TITLE "C:/"' "$TMP/bs.flac.cue" && ok || bad "a backslash ends a .cue string: $(cat "$TMP/bs.flac.cue")"
# the author performs the episode and reads the narrator's part (the cue
# said PERFORMER "Narrator" where the tags said ARTIST "Jo Park")
printf -- '---\ntitle: Show\nauthor: Jo Park\n---\n\n# Intro\n\nHello.\n\n# Two\n\n**Sam**: Hi.\n' >"$TMP/perf.md"
"$PC" render "$TMP/perf.md" -o "$TMP/perf.flac" --sidecars -q --engine fake &&
    [ "$(sed -n 3p "$TMP/perf.flac.cue")" = 'PERFORMER "Jo Park"' ] &&
    [ "$(grep -c '^    PERFORMER "Jo Park"$' "$TMP/perf.flac.cue")" = 2 ] &&
    grep -qx '    PERFORMER "Sam"' "$TMP/perf.flac.cue" && ok || bad "cue performers: $(cat "$TMP/perf.flac.cue")"

# ---------- FLAC: a 17 MiB description (past the 16 MiB block limit) ----------
awk 'BEGIN { printf "---\ntitle: Big\ndescription: "; for (i = 0; i < 17 * 1024; i++) for (j = 0; j < 16; j++) printf "abcdefghijklmnopqrstuvwxyz012345"; printf "\n---\n\n# One\n\nHello.\n" }' >"$TMP/big.md"
mkdir -p "$TMP/big"
"$PC" render "$TMP/big.md" -o "$TMP/big/ep.flac" -q 2>"$TMP/err"
st=$?
[ "$st" -eq 0 ] && [ "$(ls -A "$TMP/big")" = ep.flac ] && metaflac --show-tag=TITLE "$TMP/big/ep.flac" | grep -q Big \
    && ok || bad "17 MiB description: exit $st, $(head -c 200 "$TMP/err")"

# ---------- FLAC: chapter times out of range ----------
"$PC" render "$TMP/short.md" -o "$TMP/times.flac" -q
metaflac --remove-tag=CHAPTER001 --set-tag=CHAPTER001=1e300 --remove-tag=CHAPTER002 \
    --set-tag=CHAPTER002=-inf "$TMP/times.flac" && metaflac --remove --block-type=CUESHEET "$TMP/times.flac"
frames=$("$PC" chapters "$TMP/times.flac" --json | grep -o '"frames": *[0-9]*' | grep -o '[0-9]*$')
if "$PC" chapters "$TMP/times.flac" --json >"$TMP/out" 2>&1 && ! grep -q -- '-[0-9]' "$TMP/out" &&
    grep -Eq "\"start_frames\": *$frames[,}]" "$TMP/out"; then ok; else
    bad "CHAPTER001=1e300: $(grep -o '"start_frames": *-*[0-9]*' "$TMP/out" | tr '\n' ' ')"; fi

# ---------- a crafted 32 MB WAV lists its chapters in under 2 s ----------
python3 - "$TMP/crafted.wav" <<'EOF'
import struct, sys
n = 600000
cue = struct.pack('<I', n) + b''.join(struct.pack('<II4sIII', i, i, b'data', 0, 0, i) for i in range(n))
labl = b''.join(b'labl' + struct.pack('<II', 8, i) + b'abc\0' for i in range(n - 1, -1, -1))
adtl = b'adtl' + labl
fmt = struct.pack('<HHIIHH', 1, 1, 22050, 44100, 2, 16)
data = b'\0' * (8 << 20)
body = b'WAVE' + b'fmt ' + struct.pack('<I', len(fmt)) + fmt + b'cue ' + struct.pack('<I', len(cue)) + cue \
    + b'LIST' + struct.pack('<I', len(adtl)) + adtl + b'data' + struct.pack('<I', len(data)) + data
open(sys.argv[1], 'wb').write(b'RIFF' + struct.pack('<I', len(body)) + body)
EOF
limit=2
[ -n "$SANITIZED" ] && limit=20
# CPU seconds, not wall time: the machine running the tests may be busy
cpu=$( { TIMEFORMAT='%3U %3S'; time timeout 60 "$PC" chapters "$TMP/crafted.wav" >"$TMP/out"; } 2>&1 | tail -1)
n=$(grep -c 'abc$' "$TMP/out")
ms=$(awk -v t="$cpu" 'BEGIN { split(t, a, " "); printf "%d", (a[1] + a[2]) * 1000 }')
[ "$n" = 600000 ] && [ "$ms" -lt $((limit * 1000)) ] && ok || bad "crafted 32 MB WAV: $n chapters in $ms ms of CPU"

# ---------- containers read back by an independent reader (ffmpeg) ----------
# loud LUFS PEAK FILE: integrated loudness and true peak as ffmpeg measures them
loud() { ffmpeg -hide_banner -nostats -i "$1" -af ebur128=peak=true -f null - 2>&1 |
    awk '/Summary:/ { s = 1 } s && $1 == "I:" { i = $2 } s && $1 == "Peak:" { p = $2 } END { print i, p }'; }
for i in 1 2; do "$PC" render "$SRC/examples/interview-en.md" --stereo -o "$TMP/st$i.mp3" -q; done
read -r lufs peak <<<"$(loud "$TMP/st1.mp3")"
awk -v l="$lufs" -v p="$peak" 'BEGIN { exit !(l >= -16.5 && l <= -15.5 && p <= -1.0) }' \
    && ok || bad "stereo MP3 decodes at $lufs LUFS, $peak dBTP (want -16 +-0.5, <= -1)"
cmp -s "$TMP/st1.mp3" "$TMP/st2.mp3" && ok || bad "two stereo MP3 renders differ"
# other targets in mono converge as stereo does (-16 was 0.5-0.8 LU short);
# at -14 the ceiling comes down so true peaks stay under -1 dBTP (were
# -0.1); louder targets are refused
for t in -16 -14; do
    "$PC" render "$SRC/examples/interview-en.md" --loudness $t -o "$TMP/loud$t.mp3" -q
    read -r lufs peak <<<"$(loud "$TMP/loud$t.mp3")"
    awk -v l="$lufs" -v p="$peak" -v t=$t 'BEGIN { exit !(l >= t - 0.8 && l <= t + 0.5 && p <= -1.0) }' \
        && ok || bad "mono MP3 at --loudness $t decodes at $lufs LUFS, $peak dBTP"
done
"$PC" render "$SRC/examples/interview-en.md" --loudness -10 -o "$TMP/loud-10.mp3" -q 2>"$TMP/err"
[ $? -eq 2 ] && [ ! -e "$TMP/loud-10.mp3" ] && grep -q -- "-40 to -14" "$TMP/err" \
    && ok || bad "--loudness -10: $(cat "$TMP/err")"
title=$(printf 'T%.0s' $(seq 250))
printf -- '---\ntitle: Long\n---\n\n# %s\n\nHello there.\n\n# Two\n\nBye.\n' "$title" >"$TMP/long.md"
for f in mp3 flac wav; do
    "$PC" render "$TMP/long.md" -o "$TMP/long.$f" -q
    ffprobe -v error -show_chapters "$TMP/long.$f" | grep -qx "TAG:title=$title" \
        && ok || bad "ffprobe does not see the 250-byte chapter title in $f"
done

# ---------- the format and the name agree; chapters reads every container ----------
"$PC" render "$TMP/short.md" --format mp3 -o "$TMP/mismatch.flac" -q 2>"$TMP/err"
[ $? -eq 2 ] && [ ! -e "$TMP/mismatch.flac" ] && grep -q "the name says FLAC but --format says MP3" "$TMP/err" \
    && ok || bad "--format mp3 -o x.flac: $(cat "$TMP/err")"
"$PC" render "$TMP/short.md" -o "$TMP/short.opus" -q
"$PC" chapters "$TMP/short.opus" >"$TMP/out" 2>&1 && grep -q '^Opus  48000 Hz' "$TMP/out" &&
    grep -q '^chapters: 2$' "$TMP/out" && grep -q '^  2  00:00:0.\....  One$' "$TMP/out" \
    && ok || bad "chapters on Opus: $(head -3 "$TMP/out")"

# ---------- sidecars: never named after - or a device; one .cue per container ----------
mkdir -p "$TMP/side" && cd "$TMP/side" || exit 1
"$PC" render "$TMP/short.md" -o - --sidecars -q >/dev/null 2>"$TMP/err"
[ $? -eq 2 ] && [ -z "$(ls -A)" ] && ok || bad "-o - --sidecars wrote $(ls -A | tr '\n' ' ')"
before=$(ls -A /dev | md5sum)
"$PC" render "$TMP/short.md" -o /dev/stdout --sidecars -q >/dev/null 2>&1
[ "$(ls -A /dev | md5sum)" = "$before" ] && ok || bad "-o /dev/stdout --sidecars made files in /dev"
"$PC" render "$TMP/short.md" -o ep.flac --sidecars -q && "$PC" render "$TMP/short.md" -o ep.mp3 --sidecars -q
grep -qx 'FILE "ep.flac" FLAC' ep.flac.cue && grep -qx 'FILE "ep.mp3" MP3' ep.mp3.cue \
    && ok || bad "one .cue per container: $(ls | tr '\n' ' ')"
cd "$TMP" || exit 1

# ---------- a full device, a full disk, a closed pipe ----------
# every format to /dev/full: exit 1 naming it; standard output full: said
for f in wav flac mp3 opus m4a; do
    "$PC" render "$SRC/examples/interview-en.md" -o /dev/full --format $f -q 2>"$TMP/err"
    [ $? -eq 1 ] && grep -q "^postcast: error: /dev/full: " "$TMP/err" && clean_dir "$TMPDIR" \
        && ok || bad "-o /dev/full --format $f: $(cat "$TMP/err")"
done
for cmd in "script $TMP/short.md" "script $TMP/short.md --json" "voices" "help render" "--version"; do
    # shellcheck disable=SC2086
    "$PC" $cmd >/dev/full 2>"$TMP/err"
    [ $? -eq 1 ] && grep -q "^postcast: error: standard output: write failed" "$TMP/err" \
        && ok || bad "$cmd >/dev/full: exit 0 or unsaid: $(cat "$TMP/err")"
done
# a reader that stops early (preview -o - | head): the first bytes, then
# exit 1 naming standard output, and nothing left behind
"$PC" preview "$SRC/examples/interview-en.md" --section 2 -o - 2>"$TMP/err" | head -c 100 >"$TMP/head"
rc=${PIPESTATUS[0]}
[ "$rc" -eq 1 ] && [ "$(head -c 4 "$TMP/head")" = RIFF ] && [ "$(wc -c <"$TMP/head")" -eq 100 ] \
    && [ "$(cat "$TMP/err")" = "postcast: error: standard output: write failed: Broken pipe" ] \
    && clean_dir "$TMPDIR" && ok || bad "preview -o - | head -c 100: exit $rc, $(cat "$TMP/err")"
# a full disk (a small tmpfs, where one can be mounted): each format fails
# naming its file and leaves nothing; a sidecar that finds no room leaves
# the episode and says so; a full cache costs the caching, not the render
mkdir "$TMP/full"
if mount -t tmpfs -o size=64k tmpfs "$TMP/full" 2>/dev/null; then
    for f in wav flac mp3 opus m4a; do
        "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/full/ep.$f" -q 2>"$TMP/err"
        [ $? -eq 1 ] && grep -qx "postcast: error: $TMP/full/ep\.$f: write failed: No space left on device" "$TMP/err" \
            && [ -z "$(ls -A "$TMP/full")" ] && ok || bad "a full disk, $f: $(cat "$TMP/err"); left: $(ls -A "$TMP/full")"
    done
    umount "$TMP/full"
    "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/roomy.opus" -q
    pages=$(( ($(stat -c %s "$TMP/roomy.opus") + 4095) / 4096 + 2 )) # the episode and two sidecars
    mount -t tmpfs -o size=$((pages * 4))k tmpfs "$TMP/full"
    "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/full/ep.opus" --sidecars -q 2>"$TMP/err"
    rc=$?
    [ $rc -eq 1 ] && cmp -s "$TMP/roomy.opus" "$TMP/full/ep.opus" && clean_dir "$TMP/full" \
        && grep -q "No space left on device" "$TMP/err" \
        && grep -qx "postcast: the episode $TMP/full/ep.opus is written; not all of its sidecars are" "$TMP/err" \
        && ok || bad "a sidecar on a full disk: exit $rc, $(cat "$TMP/err"); left: $(ls -A "$TMP/full")"
    umount "$TMP/full"
    mount -t tmpfs -o size=64k tmpfs "$TMP/full"
    "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/cfull.wav" --cache-dir "$TMP/full/cache" 2>"$TMP/err" \
        && grep -q "^postcast: warning: cache: .*No space left on device; the render goes on without it" "$TMP/err" \
        && [ -z "$(find "$TMP/full/cache" -type f ! -name '*.clip' ! -name CACHEDIR.TAG)" ] \
        && "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/cfull2.wav" --no-cache -q \
        && cmp -s "$TMP/cfull.wav" "$TMP/cfull2.wav" && ok || bad "a full cache: $(cat "$TMP/err")"
    umount "$TMP/full"
fi

echo "output: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
