#!/usr/bin/env bash
# Caption cues are cut where a reader would (issue 13): never inside a
# Latin word or number (the Latin runs either side of a cut between two
# cues of one speaker, joined, are not a word of the script), never inside
# a Han word of the segmentation the reading uses (TEST_WORDS --starts
# segments the cues of one sentence joined again: cues cut from one
# sentence follow each other with no gap), never before closing
# punctuation, and punctuation never forms a cue of its own.
# Renders examples/interview-zh-tw.md and the corpus (when present) with
# the fake engine (cue text does not depend on the engine) and reads the
# .vtt back.
# usage: cue_cuts.sh POSTCAST SOURCE_DIR TEST_WORDS
set -u
PC=$1
SRC=$2
WORDS=$3
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
    python3 - "$TMP/$name.vtt" "$post" "$WORDS" <<'PY' || fails=$((fails + 1))
import re, subprocess, sys, unicodedata
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
script_words = set(re.findall(r"[A-Za-z0-9]+", open(sys.argv[2], encoding="utf-8").read()))
cues = []
for block in text.split("\n\n")[1:]:
    lines = block.strip("\n").split("\n")
    if len(lines) < 3:
        continue
    m = re.match(r"<v ([^>]*)>(.*)</v>$", lines[2])
    t = re.match(r"(\S+) --> (\S+)", lines[1])
    if not m or not t:
        print(f"FAIL: {path}: cue not read: {lines[2]!r}")
        sys.exit(1)
    cues.append((m.group(1), m.group(2).replace("&lt;", "<").replace("&gt;", ">")
                 .replace("&amp;", "&"), t.group(1), t.group(2)))
def punct(ch):
    return unicodedata.category(ch)[0] in "PS" or ch.isspace()
def closing(ch):
    return unicodedata.category(ch) in ("Pe", "Pf", "Po")
def han(ch):
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000 or o == 0x3007
# sentences: cues of one speaker each starting where the one before ends
groups, cur = [], []
for i, q in enumerate(cues):
    if cur and (cues[cur[-1]][0] != q[0] or cues[cur[-1]][3] != q[2]):
        groups.append(cur)
        cur = []
    cur.append(i)
if cur:
    groups.append(cur)
joined, cuts = [], []  # per group: the text, and (code point offset, cue index) of Han|Han cuts
for g in groups:
    text, at = "", []
    for i in g:
        body = cues[i][1]
        if text and body:
            if han(text[-1]) and han(body[0]):
                at.append((len(text), i))
            else:
                text += " "
        text += body
    joined.append(text)
    cuts.append(at)
seg = subprocess.run([sys.argv[3], "--starts"], input="\n".join(joined) + "\n",
                     capture_output=True, text=True, check=True).stdout.split("\n")
bad = 0
han_cuts = 0
for text, at, starts in zip(joined, cuts, seg):
    for off, i in at:
        han_cuts += 1
        if len(starts) != len(text) or starts[off] != "1":
            print(f"FAIL: {path}: cue {i} / {i + 1} split a Han word: "
                  f"{text[max(0, off - 8):off]!r} | {text[off:off + 8]!r}")
            bad += 1
for i, (who, body, _, _) in enumerate(cues):
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
print(f"{path}: {len(cues)} cues, {han_cuts} cut between Han characters, {bad} bad")
sys.exit(1 if bad else 0)
PY
done
[ "$fails" -eq 0 ] && echo "cue_cuts: all passed"
exit $((fails > 0))
