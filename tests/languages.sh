#!/usr/bin/env bash
# Which language each sentence is read in, as `postcast plan --json` shows
# it: a sentence with kana is Japanese and one in Cantonese's own
# characters is Cantonese, whatever most of the post is; an English
# sentence of a post that quotes Japanese stays English ("I" is not アイ);
# a Japanese initialism is read in Japanese only beside Japanese text.
# usage: languages.sh POSTCAST SOURCE_DIR
set -u
PC=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
fails=0
check() { # POST: every clip's (language, text) as the Python list below wants
    "$PC" plan "$1" --json --no-phonemes > "$TMP/plan.json" || { echo "FAIL: plan $1"; fails=$((fails + 1)); return; }
    python3 - "$TMP/plan.json" "$2" <<'PY' || fails=$((fails + 1))
import ast, json, sys
got = [(c["language"], c["text"]) for c in json.load(open(sys.argv[1]))["clips"]]
want = ast.literal_eval(sys.argv[2])
if got != want:
    print(f"FAIL: {got}\n want {want}")
    sys.exit(1)
PY
}
# an English post with a Japanese and a Cantonese quote (no lang): it was
# read as Japanese, I as アイ, the Cantonese by the Japanese voice
printf -- '---\ntitle: Travel\n---\n\nI walked to the station. The sign said:\n\n今日は東京へ行きます。新しいパンは350円です。\n\nWhen I tried to say ありがとう it was fine.\n\n我哋今日冇位喇，你聽日再嚟啦。\n\nA waiter said 唔該 to me.\n' > "$TMP/travel.md"
check "$TMP/travel.md" "[('en', 'Travel'), ('en', 'I walked to the station.'), ('en', 'The sign said:'),
 ('ja', '今日は東京へ行きます。'), ('ja', '新しいパンは350円です。'), ('en', 'When I tried to say'),
 ('ja', 'ありがとう'), ('en', 'it was fine.'), ('yue', '我哋今日冇位喇，你聽日再嚟啦。'), ('en', 'A waiter said'),
 ('yue', '唔該'), ('en', 'to me.')]"
# the same with lang: en: the Japanese sentence is one Japanese run, not
# kanji in Mandarin between kana
printf -- '---\ntitle: Travel\nlang: en\n---\n\n今日は東京へ行きます。\n' > "$TMP/en.md"
check "$TMP/en.md" "[('en', 'Travel'), ('ja', '今日は東京へ行きます。')]"
# a Japanese post keeps its initialisms and its kanji-only heading Japanese
printf -- '---\ntitle: 東京都\n---\n\nAIは便利です。「AI」を使います。\n' > "$TMP/ja.md"
check "$TMP/ja.md" "[('ja', '東京都'), ('ja', 'AIは便利です。'), ('ja', '「AI」を使います。')]"
[ "$fails" -eq 0 ] && echo "languages: all passed"
exit $((fails > 0))
