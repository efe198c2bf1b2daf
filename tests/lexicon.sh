#!/usr/bin/env bash
# Pronunciation lexicons (issue 14): front matter `pronounce:` and
# `--lexicon FILE` (YAML or W3C PLS) change what the engine is handed, and
# nothing else. Each render is compared, byte for byte, with a post that
# spells the word the lexicon's way; the bytes of the files say it all.
# usage: lexicon.sh POSTCAST SOURCE_DIR
set -u
PC=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
post() { # NAME FRONT BODY
    printf -- '---\ntitle: Names\n%b---\n\n%s\n' "$2" "$3" >"$TMP/$1.md"
}
render() { # NAME [flags]
    local n=$1; shift
    "$PC" render "$TMP/$n.md" -o "$TMP/$n.wav" -q "$@" 2>"$TMP/$n.err" || { bad "render $n: $(cat "$TMP/$n.err")"; return 1; }
}
same() { if cmp -s "$TMP/$1.wav" "$TMP/$2.wav"; then ok; else bad "$1 and $2 differ: $3"; fi; }
differ() { if cmp -s "$TMP/$1.wav" "$TMP/$2.wav"; then bad "$1 and $2 are the same: $3"; else ok; fi; }

post plain "" "Mike Krieger said hello."
post spelled "" "Mike Smith said hello."
post front "pronounce:\n  en:\n    Krieger: Smith\n" "Mike Krieger said hello."
post jones "" "Mike Jones said hello."
for n in plain spelled front jones; do render $n; done
same front spelled "front matter pronounce: is read as its respelling"
differ front plain "pronounce: must change the reading"

# --lexicon, YAML and PLS (an alias is a respelling)
printf 'en:\n  Krieger: Jones\n' >"$TMP/site.yaml"
cat >"$TMP/site.pls" <<'PLS'
<?xml version="1.0" encoding="UTF-8"?>
<lexicon version="1.0" xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-US">
  <lexeme><grapheme>Krieger</grapheme><alias>Jones</alias></lexeme>
</lexicon>
PLS
cp "$TMP/plain.md" "$TMP/yaml.md"; render yaml --lexicon "$TMP/site.yaml"
same yaml jones "--lexicon YAML"
cp "$TMP/plain.md" "$TMP/pls.md"; render pls --lexicon "$TMP/site.pls"
same pls jones "--lexicon PLS"
# the post's own entry wins over the site-wide file
cp "$TMP/front.md" "$TMP/both.md"; render both --lexicon "$TMP/site.yaml"
same both spelled "pronounce: over --lexicon"

# a reading is cleaned like every spoken text: a control byte is a space,
# never an espeak-ng command (\x01200A would raise the volume)
cat >"$TMP/ctl.md" <<'MD'
---
title: Names
pronounce:
  en:
    Krieger: "Smith\u0001200A"
---

Mike Krieger said hello.
MD
post ctl_text "" "Mike Smith 200A said hello."
render ctl; render ctl_text
same ctl ctl_text "a control byte in a reading must be cleaned"

# bad entries: FILE:LINE:COL, exit 1, no file
post broken "pronounce:\n  en: [1, 2]\n" "x"
"$PC" render "$TMP/broken.md" -o "$TMP/broken.wav" -q 2>"$TMP/broken.err"
rc=$?
if [ $rc -eq 1 ] && grep -Eq 'broken\.md:4:7: ' "$TMP/broken.err" && [ ! -e "$TMP/broken.wav" ]; then ok; else
    bad "bad pronounce: exit $rc, $(cat "$TMP/broken.err")"; fi
"$PC" render "$TMP/plain.md" -o "$TMP/nolex.wav" -q --lexicon "$TMP/missing.yaml" 2>"$TMP/nolex.err"
rc=$?
if [ $rc -eq 1 ] && grep -q 'missing.yaml' "$TMP/nolex.err" && [ ! -e "$TMP/nolex.wav" ]; then ok; else
    bad "missing --lexicon: exit $rc, $(cat "$TMP/nolex.err")"; fi
# a site-wide --lexicon's words are words where a long phrase is cut for
# breath, as the post's own pronounce: entries are: no cut inside one
long="我們今天早上在社區花園裡面討論灌溉排程以及雨水收集桶的使用方式還有志工輪班的安排"
printf -- '---\ntitle: T\nlang: zh-TW\n---\n\n%s\n' "$long" >"$TMP/long.md"
printf -- '---\ntitle: T\nlang: zh-TW\npronounce:\n  zh:\n    排程以及雨水: pai2 cheng2 yi3 ji2 yu3 shui3\n---\n\n%s\n' "$long" >"$TMP/longown.md"
printf 'zh:\n  排程以及雨水: pai2 cheng2 yi3 ji2 yu3 shui3\n' >"$TMP/long.yaml"
cuts() { "$PC" plan "$@" | grep -A1 ' breath$' | sed -n 's/^ *text: //p'; }
cuts "$TMP/long.md" >"$TMP/cuts.none"; cuts "$TMP/long.md" --lexicon "$TMP/long.yaml" >"$TMP/cuts.site"
cuts "$TMP/longown.md" >"$TMP/cuts.own"
if [ -s "$TMP/cuts.none" ] && ! cmp -s "$TMP/cuts.none" "$TMP/cuts.site"; then ok; else
    bad "--lexicon must move a breath cut out of its word: $(cat "$TMP/cuts.site")"; fi
if cmp -s "$TMP/cuts.own" "$TMP/cuts.site"; then ok; else
    bad "--lexicon and pronounce: cut differently: $(cat "$TMP/cuts.site") / $(cat "$TMP/cuts.own")"; fi
if grep -q '^yi3 ji2 yu3 shui3' "$TMP/cuts.site"; then
    bad "a breath cut inside a --lexicon word: $(cat "$TMP/cuts.site")"; else ok; fi
# a cut-off PLS file: libxml2's reason at FILE:LINE:COL (it said only
# "not a W3C PLS lexicon (<lexicon> root)", with no place)
printf '<?xml version="1.0"?>\n<lexicon version="1.0" xml:lang="en">\n  <lexeme><grapheme>Jones</grapheme>\n' >"$TMP/cut.pls"
"$PC" plan "$TMP/plain.md" --lexicon "$TMP/cut.pls" >/dev/null 2>"$TMP/cut.err"
if [ $? -ne 0 ] && grep -Eq "cut\.pls:[0-9]+:[0-9]+: not a W3C PLS lexicon: " "$TMP/cut.err"; then ok; else
    bad "a cut-off PLS: $(cat "$TMP/cut.err")"; fi
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
