#!/usr/bin/env bash
# Chapter images and URLs (issue 13): a section's first Markdown image and
# first http(s) link (or a chapters file's img/url) go in the MP3's CHAP
# frames as APIC and WXXX (read back by mutagen, the APIC bytes equal to
# the file's), in the chapters JSON as img/url (valid against the
# Podcasting 2.0 chapters schema, the image published beside it), and
# `postcast chapters` shows them; ffprobe still lists every title. Bad
# images (escaping the folder, through a link, not an image, 50 MB, a
# device, missing) give a FILE:LINE:COL warning and their chapter goes
# without; the render never fails for them.
# usage: chapter_media.sh POSTCAST SOURCE_DIR
set -u
PC=$1
SRC=$2
PY=/usr/bin/python3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
fails=0 passes=0
ok() { passes=$((passes + 1)); }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
render() { "$PC" render "$@" --engine fake -q; }

# ---------- a post whose sections show images and link pages ----------
mkdir -p "$TMP/site/_posts/img" "$TMP/site/assets" "$TMP/out"
ffmpeg -v error -f lavfi -i color=red:s=64x64 -frames:v 1 "$TMP/site/_posts/img/one.png"
ffmpeg -v error -f lavfi -i color=blue:s=40x30 -frames:v 1 "$TMP/site/assets/two.jpg"
ffmpeg -v error -f lavfi -i color=green:s=16x16 -frames:v 1 "$TMP/site/_posts/img/head.png"
post="$TMP/site/_posts/media.md"
cat >"$post" <<'EOF'
---
title: Chapter media
---

Before the first heading, [the show's page](https://example.com/show).

## First part

![The first](img/one.png) Words about [the first thing](https://example.com/first?a=1&b=2) here.

## Second part

Words ![second](/assets/two.jpg) and a [relative link](/other) then <https://example.com/second>.

## ![icon](img/head.png) Third part

Only an image, in the heading.

## Fourth part

No image and no link.
EOF
render "$post" -o "$TMP/out/ep.mp3" --sidecars 2>"$TMP/err" && [ ! -s "$TMP/err" ] && ok ||
    bad "render with chapter media: $(cat "$TMP/err")"

"$PY" - "$TMP/out/ep.mp3" "$TMP/site" >"$TMP/got" 2>&1 <<'EOF' && ok || bad "mutagen: $(cat "$TMP/got")"
import sys, mutagen.id3 as m
path, site = sys.argv[1], sys.argv[2]
want = {
    "chp1": (None, "https://example.com/show"),
    "chp2": ("_posts/img/one.png", "https://example.com/first?a=1&b=2"),
    "chp3": ("assets/two.jpg", "https://example.com/second"),
    "chp4": ("_posts/img/head.png", None),
    "chp5": (None, None),
}
chaps = {c.element_id: c for c in m.ID3(path).getall("CHAP")}
assert sorted(chaps) == sorted(want), sorted(chaps)
for cid, (img, url) in want.items():
    sub = chaps[cid].sub_frames
    apic, wxxx = sub.getall("APIC"), sub.getall("WXXX")
    if img:
        assert len(apic) == 1, (cid, apic)
        assert apic[0].data == open(site + "/" + img, "rb").read(), cid
        assert apic[0].mime == ("image/png" if img.endswith("png") else "image/jpeg"), cid
    else:
        assert not apic, cid
    if url:
        assert len(wxxx) == 1 and wxxx[0].url == url, (cid, wxxx)
    else:
        assert not wxxx, cid
EOF

titles=$(ffprobe -v error -show_entries chapter_tags=title -of csv=p=0 "$TMP/out/ep.mp3" | tr '\n' '|')
[ "$titles" = "Chapter media|First part|Second part|Third part|Fourth part|" ] && ok ||
    bad "ffprobe titles: $titles"

"$PC" chapters "$TMP/out/ep.mp3" >"$TMP/ch" 2>&1
grep -q "url: https://example.com/first?a=1&b=2" "$TMP/ch" &&
    grep -q "image: image/png, $(stat -c %s "$TMP/site/_posts/img/one.png") bytes" "$TMP/ch" &&
    grep -q "image: image/jpeg, $(stat -c %s "$TMP/site/assets/two.jpg") bytes" "$TMP/ch" &&
    [ "$(grep -c 'image:' "$TMP/ch")" = 3 ] && [ "$(grep -c 'url:' "$TMP/ch")" = 3 ] && ok ||
    bad "postcast chapters: $(cat "$TMP/ch")"
"$PC" chapters --json "$TMP/out/ep.mp3" | "$PY" -c '
import sys, json
c = json.load(sys.stdin)["chapters"]
assert c[1]["url"] == "https://example.com/first?a=1&b=2" and c[1]["image"]["type"] == "image/png"
assert "image" not in c[0] and "url" not in c[4]' && ok || bad "postcast chapters --json"

# the chapters JSON: img (published beside it) and url, valid Podcasting 2.0
"$PY" - "$TMP/out" "$TMP/site" >"$TMP/got" 2>&1 <<'EOF' && ok || bad "chapters JSON: $(cat "$TMP/got")"
import sys, json, jsonschema
out, site = sys.argv[1], sys.argv[2]
# the Podcasting 2.0 chapters format (podcastindex-org/podcast-namespace,
# docs/examples/chapters/jsonChapters.md), its fields and types
schema = {
    "type": "object", "required": ["version", "chapters"],
    "properties": {
        "version": {"type": "string"}, "author": {"type": "string"},
        "title": {"type": "string"}, "podcastName": {"type": "string"},
        "description": {"type": "string"}, "fileName": {"type": "string"},
        "waypoints": {"type": "boolean"},
        "chapters": {"type": "array", "items": {
            "type": "object", "required": ["startTime"], "additionalProperties": False,
            "properties": {
                "startTime": {"type": "number", "minimum": 0},
                "endTime": {"type": "number", "minimum": 0},
                "title": {"type": "string"}, "img": {"type": "string", "format": "uri-reference"},
                "url": {"type": "string", "format": "uri"}, "toc": {"type": "boolean"},
                "location": {"type": "object"}}}}}}
doc = json.load(open(out + "/ep.chapters.json"))
jsonschema.validate(doc, schema, format_checker=jsonschema.FormatChecker())
c = doc["chapters"]
assert [x.get("img") for x in c] == [None, "ep.chapter-2.png", "ep.chapter-3.jpg", "ep.chapter-4.png", None], c
assert [x.get("url") for x in c] == ["https://example.com/show", "https://example.com/first?a=1&b=2",
                                     "https://example.com/second", None, None], c
for name, src in (("ep.chapter-2.png", "_posts/img/one.png"), ("ep.chapter-3.jpg", "assets/two.jpg"),
                  ("ep.chapter-4.png", "_posts/img/head.png")):
    assert open(out + "/" + name, "rb").read() == open(site + "/" + src, "rb").read(), name
for x in c:
    assert x["startTime"] < x["endTime"]
EOF

# a chapter that loses its image loses its published file
sed -i 's|!\[icon\](img/head.png) ||' "$post"
render "$post" -o "$TMP/out/ep.mp3" --sidecars 2>/dev/null && [ ! -e "$TMP/out/ep.chapter-4.png" ] &&
    [ -e "$TMP/out/ep.chapter-2.png" ] && ok || bad "a stale chapter image stays"

# the same chapters in FLAC: the audio containers without a place for them are unchanged
render "$post" -o "$TMP/out/ep.flac" 2>"$TMP/err" && [ ! -s "$TMP/err" ] &&
    [ "$("$PC" chapters "$TMP/out/ep.flac" | grep -c 'image:\|url:')" = 0 ] && ok ||
    bad "FLAC render: $(cat "$TMP/err")"

# ---------- hostile images: a warning at FILE:LINE:COL, never a failure ----------
mkdir -p "$TMP/h/post" "$TMP/h/elsewhere"
cp "$TMP/site/_posts/img/one.png" "$TMP/h/post/good.png"
cp "$TMP/site/_posts/img/one.png" "$TMP/h/elsewhere/outside.png"
ln -s ../elsewhere/outside.png "$TMP/h/post/link.png"
printf 'not an image at all\n' >"$TMP/h/post/text.png"
printf '\x89PNG\r\n\x1a\n' >"$TMP/h/post/torn.png"
truncate -s 50M "$TMP/h/post/big.png"
mkdir "$TMP/h/post/folder.png"
# decompression bombs: 730 kB that decoded to 780 MB
"$PY" -c 'import struct, sys, zlib
w, h = 16000, 16000
z = zlib.compressobj(9); row = bytes(1 + 3 * w)
data = b"".join(z.compress(row) for _ in range(h)) + z.flush()
c = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + c(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                             + c(b"IDAT", data) + c(b"IEND", b""))' "$TMP/h/post/bomb.png"
ffmpeg -v error -f lavfi -i color=red:s=8000x6000 -frames:v 1 "$TMP/h/post/bomb.jpg"
while IFS='|' read -r name dest why; do
    p="$TMP/h/post/$name.md"
    printf -- '---\ntitle: Hostile\n---\n\n## Good\n\n![g](good.png) words.\n\n## Bad\n\nSome ![x](%s) words.\n' "$dest" >"$p"
    start=$(date +%s)
    render "$p" -o "$TMP/h/$name.mp3" 2>"$TMP/err"
    rc=$?
    n=$("$PY" -c '
import sys, mutagen.id3 as m
print(" ".join(str(len(c.sub_frames.getall("APIC"))) for c in m.ID3(sys.argv[1]).getall("CHAP")))' \
        "$TMP/h/$name.mp3" 2>&1)
    [ $rc -eq 0 ] && grep -q "$p:11:6: chapter image '.*' $why" "$TMP/err" && [ "$n" = "0 1 0" ] &&
        [ $(($(date +%s) - start)) -lt 30 ] && ok ||
        bad "$name: exit $rc, APIC per chapter '$n', $(cat "$TMP/err")"
done <<'LIST'
escape|../elsewhere/outside.png|is outside the post's folder
link|link.png|is outside the post's folder
absolute|/etc/passwd|cannot be read
text|text.png|is not a JPEG or PNG file
torn|torn.png|is not a whole PNG image
big|big.png|is 52428800 bytes
folder|folder.png|is a folder
missing|nothing.png|cannot be read: No such file
url|ftp://example.com/x.png|is neither a file
bomb|bomb.png|is a picture of 16000 x 16000 pixels, too big to decode
jbomb|bomb.jpg|is a picture of 8000 x 6000 pixels, too big to decode
LIST

# the front matter's cover art is held to the same folder rules
while IFS='|' read -r name dest why; do
    p="$TMP/h/post/cover-$name.md"
    printf -- '---\ntitle: Cover\nimage: %s\n---\n\nHello.\n' "$dest" >"$p"
    render "$p" -o "$TMP/h/cover-$name.mp3" 2>"$TMP/err"
    rc=$?
    n=$("$PY" -c 'import sys, mutagen.id3 as m; print(len(m.ID3(sys.argv[1]).getall("APIC")))' \
        "$TMP/h/cover-$name.mp3" 2>&1)
    want=$([ "$name" = good ] && echo 1 || echo 0)
    [ $rc -eq 0 ] && [ "$n" = "$want" ] && { [ -z "$why" ] || grep -q "image: .*$why" "$TMP/err"; } && ok ||
        bad "cover $name: exit $rc, APIC $n, $(cat "$TMP/err")"
done <<'LIST'
good|good.png|
escape|../elsewhere/outside.png|is outside the post's folder
link|link.png|is outside the post's folder
deep|../../../../../../etc/passwd|is outside the post's folder
bomb|bomb.png|16000 x 16000 pixels, too big to decode
LIST
render "$TMP/h/post/cover-escape.md" -o "$TMP/h/cover-allowed.mp3" --allow-images-outside 2>"$TMP/err" &&
    [ "$("$PY" -c 'import sys, mutagen.id3 as m; print(len(m.ID3(sys.argv[1]).getall("APIC")))' \
        "$TMP/h/cover-allowed.mp3")" = 1 ] && ok || bad "cover with --allow-images-outside: $(cat "$TMP/err")"

# --allow-images-outside lets the MP3 have it; the sidecars never publish it
p="$TMP/h/post/escape.md"
render "$p" -o "$TMP/h/allowed.mp3" --allow-images-outside --sidecars 2>"$TMP/err" && [ ! -s "$TMP/err" ] &&
    "$PC" chapters "$TMP/h/allowed.mp3" | grep -c 'image:' | grep -qx 2 &&
    [ ! -e "$TMP/h/allowed.chapter-3.png" ] && [ -e "$TMP/h/allowed.chapter-2.png" ] &&
    ! grep -q 'allowed.chapter-3' "$TMP/h/allowed.chapters.json" && ok ||
    bad "--allow-images-outside: $(cat "$TMP/err")"
# a device, even when allowed
printf -- '---\ntitle: Dev\n---\n\n## Bad\n\n![x](/dev/zero)\n' >"$TMP/h/post/dev.md"
timeout 30 "$PC" render "$TMP/h/post/dev.md" -o "$TMP/h/dev.mp3" --engine fake -q --allow-images-outside \
    2>"$TMP/err" && grep -q "dev.md:7:1: chapter image '/dev/zero' is a device" "$TMP/err" && ok ||
    bad "/dev/zero: $(cat "$TMP/err")"

# ---------- a chapters file's img and url on a transcript ----------
cat >"$TMP/h/post/talk.chapters.json" <<'EOF'
{"version": "1.2.0", "chapters": [
 {"startTime": 0, "title": "Hello", "img": "good.png", "url": "https://example.com/hello"},
 {"startTime": 8, "title": "Owen", "img": "https://example.com/owen.jpg"}]}
EOF
cp "$SRC/examples/garden-talk.vtt" "$TMP/h/post/talk.vtt"
render "$TMP/h/post/talk.vtt" --chapters "$TMP/h/post/talk.chapters.json" -o "$TMP/h/talk.mp3" --sidecars \
    2>"$TMP/err" && "$PY" - "$TMP/h" >"$TMP/got" 2>&1 <<'EOF' && ok || bad "--chapters img/url: $(cat "$TMP/err" "$TMP/got")"
import sys, json, mutagen.id3 as m
d = sys.argv[1]
c = json.load(open(d + "/talk.chapters.json"))["chapters"]
assert c[1]["title"] == "Hello" and c[1]["img"] == "talk.chapter-2.png" and c[1]["url"] == "https://example.com/hello", c
assert c[2]["img"] == "https://example.com/owen.jpg" and "url" not in c[2], c
chaps = m.ID3(d + "/talk.mp3").getall("CHAP")
assert chaps[1].sub_frames.getall("APIC")[0].data == open(d + "/post/good.png", "rb").read()
assert chaps[1].sub_frames.getall("WXXX")[0].url == "https://example.com/hello"
assert not chaps[2].sub_frames.getall("APIC")  # a URL is never fetched
EOF

# ---------- a site: the image published beside the episode, named by its URL ----------
mkdir -p "$TMP/s/img"
cp "$TMP/site/_posts/img/one.png" "$TMP/s/img/"
printf -- '---\ntitle: Site media\ndate: 2026-03-01\n---\n\nHello.\n\n## Part\n\n![p](img/one.png) See [this](https://example.com/p).\n' \
    >"$TMP/s/2026-03-01-media.md"
ep=$TMP/so/episodes/2026-03-01-media
"$PC" site "$TMP/s" -o "$TMP/so" --formats mp3 --base-url https://cast.example.org --cache-dir "$TMP/cache" -q \
    2>"$TMP/err" && cmp -s "$TMP/s/img/one.png" "$ep/2026-03-01-media.chapter-2.png" &&
    grep -q '"img": "https://cast.example.org/episodes/2026-03-01-media/2026-03-01-media.chapter-2.png"' \
        "$ep/2026-03-01-media.chapters.json" &&
    grep -q '2026-03-01-media.chapter-2.png' "$TMP/so/manifest.json" && ok ||
    bad "site: $(cat "$TMP/err")"

# a changed chapter image (and nothing else) re-renders that episode
cp "$TMP/site/_posts/img/head.png" "$TMP/s/img/one.png"
"$PC" site "$TMP/s" -o "$TMP/so" --formats mp3 --base-url https://cast.example.org --cache-dir "$TMP/cache" \
    2>"$TMP/err" && grep -q "1 rendered" "$TMP/err" &&
    cmp -s "$TMP/s/img/one.png" "$ep/2026-03-01-media.chapter-2.png" && ok ||
    bad "site, image changed: $(cat "$TMP/err")"

echo "chapter_media: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
