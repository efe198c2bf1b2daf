#!/usr/bin/env bash
# Caption cues are cut where a reader would (issue 13): never inside a
# Latin word or number (the Latin runs either side of a cut between two
# cues of one speaker, joined, are not a word of the script), never before
# closing punctuation, and punctuation never forms a cue of its own.
# Renders examples/interview-zh-tw.md and the corpus (when present) with
# the fake engine (cue text does not depend on the engine) and reads the
# .vtt back.
# usage: cue_cuts.sh POSTCAST SOURCE_DIR
set -u
PC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
fails=0
posts=("$SRC/examples/interview-zh-tw.md" "$SRC/examples/interview-en.md")
corpus="$SRC/../shared/corpus/interview-zh-tw.md"
if [ -f "$corpus" ]; then posts+=("$corpus"); else echo "note: no corpus at $corpus, skipped"; fi
for post in "${posts[@]}"; do
    name=$(basename "$(dirname "$post")")-$(basename "$post" .md)
    if ! "$PC" render "$post" --engine fake --sidecars -q -o "$TMP/$name.wav"; then
        echo "FAIL: $post does not render"; fails=$((fails + 1)); continue
    fi
    python3 - "$TMP/$name.vtt" "$post" <<'PY' || fails=$((fails + 1))
import re, sys, unicodedata
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
script_words = set(re.findall(r"[A-Za-z0-9]+", open(sys.argv[2], encoding="utf-8").read()))
cues = []
for block in text.split("\n\n")[1:]:
    lines = block.strip("\n").split("\n")
    if len(lines) < 3:
        continue
    m = re.match(r"<v ([^>]*)>(.*)</v>$", lines[2])
    if not m:
        print(f"FAIL: {path}: cue not read: {lines[2]!r}")
        sys.exit(1)
    cues.append((m.group(1), m.group(2)))
def punct(ch):
    return unicodedata.category(ch)[0] in "PS" or ch.isspace()
def closing(ch):
    return unicodedata.category(ch) in ("Pe", "Pf", "Po")
bad = 0
for i, (who, body) in enumerate(cues):
    if all(punct(ch) for ch in body):
        print(f"FAIL: {path}: cue {i + 1} is punctuation only: {body!r}")
        bad += 1
    if i and cues[i - 1][0] == who:
        # the Latin runs either side of the cut, joined, are a word of the
        # script: the cut fell inside it ("toke" | "ns")
        a = re.search(r"[A-Za-z0-9]+$", cues[i - 1][1])
        b = re.match(r"[A-Za-z0-9]+", body)
        if a and b and a.group(0) + b.group(0) in script_words:
            print(f"FAIL: {path}: cue {i} / {i + 1} split a word: "
                  f"{cues[i - 1][1][-12:]!r} | {body[:12]!r}")
            bad += 1
    if body and closing(body[0]) and body[0] not in "\"'":
        print(f"FAIL: {path}: cue {i + 1} opens with closing punctuation: {body[:12]!r}")
        bad += 1
print(f"{path}: {len(cues)} cues, {bad} bad")
sys.exit(1 if bad else 0)
PY
done
[ "$fails" -eq 0 ] && echo "cue_cuts: all passed"
exit $((fails > 0))
