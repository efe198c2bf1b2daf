#!/usr/bin/env bash
# Podcast tags (issue 13) in FLAC, Opus and MP3 (ID3v2.3 and --id3 2.4),
# read back by mutagen (Debian's python3-mutagen: the system python), by
# ffprobe and by `postcast chapters`; a post without the keys keeps
# today's tags; a 250-byte chapter title stays visible to ffprobe under
# ID3v2.4 (ffmpeg 5.1 drops it when written plainly).
# usage: tags.sh POSTCAST SOURCE_DIR
set -u
PC=$1
PY=/usr/bin/python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
command -v ffprobe >/dev/null && "$PY" -c 'import mutagen' 2>/dev/null || {
    echo "SKIP: needs ffprobe and python3-mutagen"; exit 77; }

LONG=$("$PY" -c 'print(("Ein Kapitel mit einem langen Titel, " * 8)[:250].rstrip())')
cat >"$TMP/ep.md" <<EOF
---
title: "Night Shift: 燈塔 keeper's log"
date: 2026-03-02
lang: en
author: Maya Okafor-Ọ̀kà
podcast: Night Shift Radio
episode: 7
season: 2
episode_type: Bonus
explicit: no
copyright: "2026 Maya Okafor"
url: https://example.com/night-shift/7 燈塔
description: "Maya talks to Ed."
tags: interview, radio
---

MAYA: Ed, thank you for having me out here.

ED: Thirty-one winters.

## $LONG

MAYA: What does a night look like?

## Short one

ED: You wind the clockwork at dusk.
EOF
cat >"$TMP/plain.md" <<'EOF'
---
title: Plain post
date: 2026-03-02
description: "No podcast keys."
tags: radio
---

MAYA: Hello there.

ED: Hello back.

## Second

MAYA: Goodbye.

ED: Goodbye, Maya.
EOF

# no lang: either, and read in Mandarin: its tags say so
cat >"$TMP/zh.md" <<'EOF'
---
title: 夜班
description: 守護者的夜晚
---

燈塔的守護者在黃昏時上緊發條。Maya 說好。
EOF

# a transcript whose tool left two speakers unnamed: they are no artists
cat >"$TMP/ids.vtt" <<'EOF'
WEBVTT

00:00:01.000 --> 00:00:03.000
<v SPEAKER_00>Hello there, welcome.

00:00:03.500 --> 00:00:05.000
<v SPEAKER_01>Thanks for having me.

00:00:05.500 --> 00:00:07.000
<v Dana Reyes>I am here too.
EOF

fails=0
render() { # POST OUT [flags...]
    local post=$1 out=$2
    shift 2
    if ! "$PC" render "$post" --engine fake -q -o "$out" "$@" 2>"$TMP/err"; then
        echo "FAIL: render $post -> $out $*"; sed 's/^/  /' "$TMP/err"; fails=$((fails + 1))
    fi
}
render "$TMP/ep.md" "$TMP/ep.flac"
render "$TMP/ep.md" "$TMP/ep.opus"
render "$TMP/ep.md" "$TMP/ep.mp3"
render "$TMP/ep.md" "$TMP/ep24.mp3" --id3 2.4
render "$TMP/plain.md" "$TMP/plain.flac"
render "$TMP/plain.md" "$TMP/plain.opus"
render "$TMP/plain.md" "$TMP/plain.mp3"
render "$TMP/ep.md" "$TMP/ep.m4a"
render "$TMP/plain.md" "$TMP/plain.m4a"
render "$TMP/plain.md" "$TMP/plain.wav"
render "$TMP/zh.md" "$TMP/zh.flac"
render "$TMP/zh.md" "$TMP/zh.mp3"
render "$TMP/zh.md" "$TMP/zh.m4a"
render "$TMP/ids.vtt" "$TMP/ids.flac"
for f in ep.flac ep.opus ep.mp3 ep24.mp3 ep.m4a plain.flac plain.opus plain.mp3 plain.m4a zh.flac zh.mp3 zh.m4a; do
    ffprobe -v error -show_entries format_tags:stream_tags:chapter_tags -of json \
        "$TMP/$f" >"$TMP/$f.ffprobe.json" || { echo "FAIL: ffprobe $f"; fails=$((fails + 1)); }
    "$PC" chapters --json "$TMP/$f" >"$TMP/$f.chapters.json" \
        || { echo "FAIL: postcast chapters $f"; fails=$((fails + 1)); }
done

# a bad --id3 is a usage error; a bad episode_type a warning
"$PC" render "$TMP/ep.md" --engine fake -q -o "$TMP/x.mp3" --id3 2.5 2>"$TMP/err"
[ $? -eq 2 ] && grep -q "bad --id3 '2.5'" "$TMP/err" || { echo "FAIL: --id3 2.5"; fails=$((fails + 1)); }
sed 's/^episode_type: Bonus/episode_type: special/' "$TMP/ep.md" >"$TMP/bad.md"
"$PC" render "$TMP/bad.md" --engine fake -q -o "$TMP/bad.flac" 2>"$TMP/err"
grep -q "episode_type: expected full, trailer or bonus" "$TMP/err" \
    || { echo "FAIL: no warning for episode_type: special"; cat "$TMP/err"; fails=$((fails + 1)); }
# a javascript: url went into WWW, WXXX and the M4A's tag (shown as a link)
sed 's|^url: .*|url: "javascript:alert(1)"|' "$TMP/ep.md" >"$TMP/js.md"
for f in js.flac js.mp3 js.m4a; do
    "$PC" render "$TMP/js.md" --engine fake -q -o "$TMP/$f" 2>"$TMP/err"
    grep -q "js.md:[0-9]*:[0-9]*: url: 'javascript:alert(1)' is not an http(s) URL; left out" "$TMP/err" &&
        ! "$PC" chapters "$TMP/$f" | grep -qi javascript ||
        { echo "FAIL: $f: a javascript: url is tagged"; cat "$TMP/err"; fails=$((fails + 1)); }
done

# the same from --meta is --meta's, not the post's (it named the post)
"$PC" render "$TMP/ep.md" --engine fake -q --meta url=ftp://x.org -o "$TMP/meta.flac" 2>"$TMP/err"
grep -q "^postcast: warning: --meta url: 'ftp://x.org' is not an http(s) URL; left out" "$TMP/err" &&
    ! grep -q "ep.md" "$TMP/err" || { echo "FAIL: --meta url warning: $(cat "$TMP/err")"; fails=$((fails + 1)); }

LONG="$LONG" "$PY" - "$TMP" <<'PYEOF' || fails=$((fails + 1))
import json, os, sys
import mutagen
from mutagen.id3 import ID3
tmp = sys.argv[1]
LONG = os.environ["LONG"]
TITLE = "Night Shift: 燈塔 keeper's log"
AUTHOR = "Maya Okafor-Ọ̀kà"
URL = "https://example.com/night-shift/7 燈塔"
URL_ID3 = "https://example.com/night-shift/7%20%E7%87%88%E5%A1%94"
CHAPTERS = [TITLE, LONG, "Short one"]
bad = []
def check(what, got, want):
    if got != want:
        bad.append(f"{what}: got {got!r}, want {want!r}")

VORBIS = {"TITLE": TITLE, "ARTIST": AUTHOR, "ALBUM": "Night Shift Radio",
          "DATE": "2026-03-02", "GENRE": "Podcast", "COMMENT": "Maya talks to Ed.",
          "TRACKNUMBER": "7", "DISCNUMBER": "2", "LANGUAGE": "eng",
          "COPYRIGHT": "2026 Maya Okafor", "WWW": URL, "EPISODETYPE": "bonus",
          "ITUNESADVISORY": "2"}
# no lang: the language it is read in (English here)
PLAIN = {"TITLE": "Plain post", "ARTIST": "MAYA, ED", "ALBUM": "radio",
         "DATE": "2026-03-02", "GENRE": "Podcast", "COMMENT": "No podcast keys.",
         "LANGUAGE": "eng"}

def vorbis(path):
    f = mutagen.File(path)
    return {k.upper(): v for k, v in f.tags.items() if not k.upper().startswith("CHAPTER")}

# ---- FLAC and Opus through mutagen: every tag, one value each
for name, want in (("ep", VORBIS), ("plain", PLAIN)):
    for ext in ("flac", "opus"):
        tags = vorbis(f"{tmp}/{name}.{ext}")
        tags.pop("ENCODER", None)
        check(f"mutagen {name}.{ext}", tags, {k: [v] for k, v in want.items()})

# ---- MP3 through mutagen
def frames(path):
    t = ID3(path, translate=False)  # the frames as written: TYER stays TYER
    return t, {k: t[k] for k in t.keys()}
for name, version in (("ep", (2, 3, 0)), ("ep24", (2, 4, 0))):
    t, f = frames(f"{tmp}/{name}.mp3")
    check(f"{name}.mp3 version", t.version, version)
    for fid, want in (("TIT2", TITLE), ("TPE1", AUTHOR), ("TALB", "Night Shift Radio"),
                      ("TCON", "Podcast"), ("TRCK", "7"), ("TPOS", "2"), ("TLAN", "eng"),
                      ("TCOP", "2026 Maya Okafor"), ("TXXX:EPISODETYPE", "bonus"),
                      ("TXXX:ITUNESADVISORY", "2")):
        fr = f.get(fid)
        check(f"{name}.mp3 {fid}", fr.text if fr else None, [want])
        if fr is not None:
            check(f"{name}.mp3 {fid} encoding", int(fr.encoding), 3 if version[1] == 4 else 1)
    check(f"{name}.mp3 WXXX", [w.url for w in t.getall("WXXX")], [URL_ID3])
    check(f"{name}.mp3 COMM", [c.text for c in t.getall("COMM")], [["Maya talks to Ed."]])
    if version[1] == 4:
        check(f"{name}.mp3 TDRC", str(f.get("TDRC")), "2026-03-02")
    else:
        check(f"{name}.mp3 TYER/TDAT", (str(f.get("TYER")), str(f.get("TDAT"))),
              ("2026", "0203"))
    chaps = sorted(t.getall("CHAP"), key=lambda c: c.start_time)
    check(f"{name}.mp3 CHAP titles", [c.sub_frames["TIT2"].text for c in chaps],
          [[c] for c in CHAPTERS])
_, plain = frames(f"{tmp}/plain.mp3")
check("plain.mp3 frames", sorted({k.split(":")[0] for k in plain}),
      ["CHAP", "COMM", "CTOC", "TALB", "TCON", "TDAT", "TIT2", "TLAN", "TPE1", "TSSE", "TYER"])
check("ids.flac ARTIST (no unnamed speakers)", vorbis(f"{tmp}/ids.flac").get("ARTIST"), ["Dana Reyes"])
check("zh.flac LANGUAGE", vorbis(f"{tmp}/zh.flac").get("LANGUAGE"), ["zho"])
check("zh.mp3 TLAN", frames(f"{tmp}/zh.mp3")[1]["TLAN"].text, ["zho"])
# the comment's language is the episode's (it was always "eng")
check("zh.mp3 COMM language", [(c.lang, c.text) for c in frames(f"{tmp}/zh.mp3")[0].getall("COMM")],
      [("zho", ["守護者的夜晚"])])
check("ep.mp3 COMM language", [c.lang for c in frames(f"{tmp}/ep.mp3")[0].getall("COMM")], ["eng"])
# M4A: the chapter (text) track in the episode's language, not FFmpeg's English
# (stream 0 the sound, 1 the chapter track)
check("zh.m4a stream languages", [s_.get("tags", {}).get("language") for s_ in
      json.load(open(f"{tmp}/zh.m4a.ffprobe.json"))["streams"]], ["zho", "zho"])

# ---- M4A through mutagen: its own atoms, and free-form ones named as
# the Vorbis comments for what it has no atom for
m4 = mutagen.File(f"{tmp}/ep.m4a").tags
for key, want in (("\xa9nam", [TITLE]), ("\xa9ART", [AUTHOR]), ("\xa9alb", ["Night Shift Radio"]),
                  ("cprt", ["2026 Maya Okafor"]), ("tves", [7]), ("tvsn", [2]), ("rtng", [2]),
                  ("----:com.apple.iTunes:WWW", [URL.encode()]),
                  ("----:com.apple.iTunes:EPISODETYPE", [b"bonus"])):
    got = m4.get(key)
    check(f"ep.m4a {key}", [bytes(v) if key.startswith("----") else v for v in got] if got else None, want)
pm = mutagen.File(f"{tmp}/plain.m4a").tags
check("plain.m4a free-form atoms", [k for k in pm if k.startswith("----")], ["----:com.apple.iTunes:iTunSMPB"])
# iTunes' gapless record: priming, padding and the length to the sample
import wave
with wave.open(f"{tmp}/plain.wav") as wv:
    frames = wv.getnframes()
smpb = bytes(pm["----:com.apple.iTunes:iTunSMPB"][0]).decode().split()
check("plain.m4a iTunSMPB fields", len(smpb), 12)
priming, padding, length = (int(x, 16) for x in smpb[1:4])
check("plain.m4a iTunSMPB length", length, frames)
check("postcast chapters plain.m4a frames (exact)",
      json.load(open(f"{tmp}/plain.m4a.chapters.json"))["frames"], frames)
check("postcast chapters plain.m4a lists no iTunSMPB",
      [k for k in json.load(open(f"{tmp}/plain.m4a.chapters.json"))["tags"] if "SMPB" in k], [])
check("plain.m4a iTunSMPB blocks", ((priming + padding + length) % 1024, priming), (0, 1024))
check("ffprobe ep.m4a language", [s_.get("tags", {}).get("language") for s_ in
      json.load(open(f"{tmp}/ep.m4a.ffprobe.json"))["streams"]][:1], ["eng"])
check("chapters ep.m4a", {k: v for k, v in json.load(open(f"{tmp}/ep.m4a.chapters.json"))["tags"].items()
      if k in ("WWW", "EPISODETYPE", "LANGUAGE")}, {"WWW": URL, "EPISODETYPE": "bonus", "LANGUAGE": "eng"})

# ---- ffprobe: the tags it maps (track, disc; ID3's language and
# copyright) and every chapter title, the long one under 2.4 too
def probe(name):
    return json.load(open(f"{tmp}/{name}.ffprobe.json"))
for name in ("ep.flac", "ep.opus"):
    j = probe(name)
    tags = j["format"].get("tags") or j["streams"][0].get("tags")
    for k, v in VORBIS.items():
        key = {"TRACKNUMBER": "track", "DISCNUMBER": "disc"}.get(k, k)
        check(f"ffprobe {name} {key}", tags.get(key), v)
for name in ("ep.mp3", "ep24.mp3"):
    tags = probe(name)["format"]["tags"]
    for k, v in (("artist", AUTHOR), ("album", "Night Shift Radio"), ("track", "7"),
                 ("disc", "2"), ("language", "eng"), ("copyright", "2026 Maya Okafor"),
                 ("EPISODETYPE", "bonus"), ("ITUNESADVISORY", "2"), ("date", "2026-03-02")):
        check(f"ffprobe {name} {k}", tags.get(k), v)
for name in ("ep.flac", "ep.opus", "ep.mp3", "ep24.mp3"):
    check(f"ffprobe {name} chapters",
          [c["tags"]["title"] for c in probe(name).get("chapters", [])], CHAPTERS)
for name in ("plain.flac", "plain.opus", "plain.mp3"):
    j = probe(name)
    tags = j["format"].get("tags") or j["streams"][0].get("tags") or {}
    extra = {k for k in tags if k.lower() in ("track", "disc", "copyright",
                                             "www", "episodetype", "itunesadvisory")}
    check(f"ffprobe {name} podcast tags", extra, set())

# ---- postcast chapters --json
for name, want in (("ep.flac", VORBIS), ("ep.opus", VORBIS),
                   ("ep.mp3", dict(VORBIS, WWW=URL_ID3)), ("ep24.mp3", dict(VORBIS, WWW=URL_ID3))):
    j = json.load(open(f"{tmp}/{name}.chapters.json"))
    check(f"chapters {name} tags", {k: v for k, v in j["tags"].items() if k in want}, want)
    check(f"chapters {name} titles", [c["title"] for c in j["chapters"]], CHAPTERS)
for name in ("plain.flac", "plain.opus", "plain.mp3"):
    j = json.load(open(f"{tmp}/{name}.chapters.json"))
    check(f"chapters {name} tags", {k: v for k, v in j["tags"].items() if k in PLAIN}, PLAIN)
    check(f"chapters {name} no podcast tags", set(j["tags"]) - set(PLAIN) - {"ENCODER"}, set())

for b in bad:
    print("FAIL:", b)
print(f"tags: {len(bad)} mismatches")
sys.exit(1 if bad else 0)
PYEOF

[ "$fails" -eq 0 ] && echo "tags: all passed" || echo "tags: $fails failed"
[ "$fails" -eq 0 ]
