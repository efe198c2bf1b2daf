#!/usr/bin/env bash
# Prosody as `postcast plan --json` shows it (issue 14): a sentence of a
# Chinese post that ends in a Latin run and a full-width ？ ！ 。 keeps its
# stop in that run, so the English clip is a question (espeak-ng's own
# English question tune), an exclamation or a statement; no clip is
# punctuation alone. Checked on a written post and on the corpus (when
# ../shared is there).
# usage: prosody.sh POSTCAST SOURCE_DIR
set -u
PC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
fails=0
cat > "$TMP/questions.md" <<'MD'
---
title: 問句
lang: zh-TW
---
我一直在想這件事。Is it really worth it？為什麼我們要選擇Opus、Haiku或Sonnet？

當問題不像“你是否走出了Viridian Forest？”那樣明確時就很難。他大聲說：I love it！我們用的是GPT。
MD
check() { # POST END...: an English clip's text ends so (before closers)
    local post=$1; shift
    if ! "$PC" plan "$post" --json --no-phonemes > "$TMP/plan.json"; then
        echo "FAIL: plan $post"; fails=$((fails + 1)); return
    fi
    python3 - "$TMP/plan.json" "$post" "$@" <<'PY' || fails=$((fails + 1))
import json, sys, unicodedata
clips = json.load(open(sys.argv[1], encoding="utf-8"))["clips"]
post, want = sys.argv[2], sys.argv[3:]
bad = 0
def punct(ch):
    return unicodedata.category(ch)[0] in "PSZ"
for c in clips:
    if all(punct(ch) for ch in c["text"]):
        print(f"FAIL: {post}: clip {c['index']} is punctuation alone: {c['text']!r}")
        bad += 1
closers = "\"'”’」』）)"
ascii = {"？": "?", "！": "!", "。": "."}
for w in want:  # how the clip's text ends, with its full-width stop
    hits = [c for c in clips if c["language"].startswith("en") and
            c["text"].rstrip(closers + " ").endswith(w)]
    if not hits:
        print(f"FAIL: {post}: no English clip ending in {w!r}")
        bad += 1
        continue
    for c in hits:
        if not c["engine_text"].rstrip(closers + " ").endswith(ascii[w[-1]]):
            print(f"FAIL: {post}: clip {c['index']} {c['engine_text']!r} does not end with {ascii[w[-1]]!r}")
            bad += 1
        following = [d for d in clips if d["index"] == c["index"] + 1]
        if following and following[0]["before"] not in ("sentence", "paragraph", "turn", "section"):
            print(f"FAIL: {post}: no sentence pause after clip {c['index']}")
            bad += 1
print(f"{post}: {len(clips)} clips, {len(want)} sentence ends checked, {bad} bad")
sys.exit(1 if bad else 0)
PY
}
check "$TMP/questions.md" "worth it？" "Sonnet？" "Forest？" "I love it！" "GPT。"
corpus="$SRC/../shared/corpus/interview-zh-tw.md"
if [ -f "$corpus" ]; then
    check "$corpus" "Viridian Forest？" "Sonnet？"
else
    echo "note: no corpus at $corpus, skipped"
fi
# a sentence or paragraph of emoji alone says nothing, so it adds no pause:
# the paragraph after it follows the words before it by one paragraph pause
printf 'Hello there. \360\237\216\211\n\n\360\237\216\211\360\237\216\211\n\nNext line. \360\237\230\200\n\n## Two\n\nMore.\n' > "$TMP/emoji.md"
"$PC" plan "$TMP/emoji.md" --json --no-phonemes > "$TMP/emoji.json" && python3 - "$TMP/emoji.json" <<'PY' || fails=$((fails + 1))
import json, sys
plan = json.load(open(sys.argv[1]))
got = [(c["text"], c["before"], c["pause_ms"]) for c in plan["clips"][1:]]
want = [("Hello there.", "title", 700), ("Next line.", "paragraph", 700), ("Two", "section", 1500), ("More.", "title", 700)]
if got != want:
    print(f"FAIL: emoji alone: {got}, want {want}")
    sys.exit(1)
print("emoji alone: no clip, no pause of its own")
PY
# a turn that breaks off ("Wait—", "I thought--") is cut into: the next
# speaker follows after a comma's pause, not a turn's
printf -- '---\ntitle: Cut\n---\n\n**Ann**: So what I mean is\342\200\224\n\n**Bob**: Wait, no.\n\n**Ann**: I thought--\n\n**Bob**: Stop.\n\n**Ann**: Fine.\n' > "$TMP/cut.md"
"$PC" plan "$TMP/cut.md" --json --no-phonemes > "$TMP/cut.json" && python3 - "$TMP/cut.json" <<'PY' || fails=$((fails + 1))
import json, sys
plan = json.load(open(sys.argv[1]))
got = [(c["before"], c["pause_ms"]) for c in plan["clips"][2:]]
want = [("turn", 250), ("turn", 900), ("turn", 250), ("turn", 900)]
if got != want:
    print(f"FAIL: cut-off turns: {got}, want {want}")
    sys.exit(1)
print("cut-off turns: a comma's pause")
PY
# a bar between a title's parts ("創造 |基礎", "A｜B", "Tom | Jerry") is a
# comma's pause (espeak-ng read on through it); one inside a token is not
printf -- '---\ntitle: "價值在哪裡創造 |基礎模型是否商品化 | Claude Code｜未來"\n---\n\nTom | Jerry are here. a|b stays.\n' > "$TMP/bar.md"
"$PC" plan "$TMP/bar.md" --json --no-phonemes > "$TMP/bar.json" && python3 - "$TMP/bar.json" <<'PY' || fails=$((fails + 1))
import json, sys
plan = json.load(open(sys.argv[1]))
got = [(c["before"], c["text"]) for c in plan["clips"]]
want = [("none", "價值在哪裡創造"), ("comma", "基礎模型是否商品化"), ("comma", "Claude Code"), ("comma", "未來"),
        ("title", "Tom"), ("comma", "Jerry are here."), ("sentence", "a|b stays.")]
if got != want:
    print(f"FAIL: bars: {got}, want {want}")
    sys.exit(1)
print("bars: a comma's pause")
PY
[ "$fails" -eq 0 ] && echo "prosody: all passed"
exit $((fails > 0))
