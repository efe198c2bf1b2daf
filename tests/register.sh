#!/usr/bin/env bash
# One speaker, one register (espeak_register.c): a speaker's sentences in
# another language than their own keep the median pitch (F0) of their own
# language's, within 1.5 semitones; before, the same preset spoke English
# 2-4 semitones above its Mandarin and Cantonese. F0 by aubio's YIN
# (aubiopitch) over each caption cue of the rendered episode whose words
# are all in one script; a speaker's median per language.
# usage: register.sh POSTCAST SOURCE_DIR
set -u
PC=$1
SRC=$2
command -v aubiopitch >/dev/null || { echo "aubiopitch missing: apt-get install aubio-tools"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
for post in zh-tw zh-hk; do
    "$PC" render "$SRC/tests/register/$post.md" -o "$TMP/$post.wav" --sidecars -q --no-cache ||
        { echo "FAIL: render $post"; fails=$((fails + 1)); continue; }
    aubiopitch -i "$TMP/$post.wav" -p yin -l 0.2 -s -50 2>/dev/null >"$TMP/$post.f0"
    python3 - "$TMP/$post.transcript.json" "$TMP/$post.f0" "$post" <<'PY' || fails=$((fails + 1))
import json, re, statistics, sys, math
segs = json.load(open(sys.argv[1]))["segments"]
f0 = [tuple(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
f0 = [(t, hz) for t, hz in f0 if 50 < hz < 500]
by = {}
for s in segs:
    body = s["body"]
    if re.fullmatch(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+", body):
        lang = "han"
    elif re.fullmatch(r"[\x20-\x7e]+", body):
        lang = "latin"
    else:
        continue
    by.setdefault((s["speaker"], lang), []).extend(hz for t, hz in f0 if s["startTime"] <= t < s["endTime"])
bad = 0
speakers = sorted({sp for sp, _ in by if sp != "Narrator"})
for sp in speakers:
    if (sp, "han") not in by or (sp, "latin") not in by:
        print(f"FAIL: {sys.argv[3]}: {sp} has no cue in one script"); bad += 1; continue
    h, l = statistics.median(by[(sp, "han")]), statistics.median(by[(sp, "latin")])
    st = 12 * math.log2(l / h)
    ok = abs(st) <= 1.5
    print(f"{'ok' if ok else 'FAIL'}: {sys.argv[3]}: {sp}: Han {h:.1f} Hz, Latin {l:.1f} Hz ({st:+.1f} semitones)")
    bad += not ok
sys.exit(1 if bad or not speakers else 0)
PY
done
# a crowd of twelve (more than the presets): every two speakers at least
# 0.6 semitones apart in median F0 (a retuned ava sat on clara's 284 Hz)
"$PC" render "$SRC/tests/register/crowd.md" -o "$TMP/crowd.wav" --sidecars -q --no-cache ||
    { echo "FAIL: render crowd"; fails=$((fails + 1)); }
aubiopitch -i "$TMP/crowd.wav" -p yin -l 0.2 -s -50 2>/dev/null >"$TMP/crowd.f0"
python3 - "$TMP/crowd.transcript.json" "$TMP/crowd.f0" <<'PY' || fails=$((fails + 1))
import json, math, statistics, sys
segs = json.load(open(sys.argv[1]))["segments"]
f0 = [tuple(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
by = {}
for s in segs:
    if s["speaker"] != "Narrator":
        by.setdefault(s["speaker"], []).extend(hz for t, hz in f0 if s["startTime"] <= t < s["endTime"] and 50 < hz < 500)
med = {sp: statistics.median(v) for sp, v in by.items() if v}
pairs = sorted((abs(12 * math.log2(med[a] / med[b])), a, b) for a in med for b in med if a < b)
st, a, b = pairs[0]
print(f"{'ok' if st >= 0.6 and len(med) == 12 else 'FAIL'}: crowd: {len(med)} speakers, closest {a} {med[a]:.1f} Hz and {b} {med[b]:.1f} Hz ({st:.2f} semitones)")
sys.exit(0 if st >= 0.6 and len(med) == 12 else 1)
PY
[ "$fails" -eq 0 ]
