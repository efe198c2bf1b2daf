#!/usr/bin/env bash
# The bad-input corpus: every file in tests/hostile/ against its line in
# expect.txt, plus large inputs made here (a 10 MB line, 10,000 headings,
# 100,000 turns, lists and quotes nested 10,000 deep). Each must give its
# result or a clear error, under a time limit and (outside sanitizer
# builds, whose shadow memory needs a huge address space) a memory limit.
# usage: hostile.sh POSTCAST SOURCE_DIR [sanitized]
set -u
PC=$1
DIR=$2/tests/hostile
SANITIZED=${3:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
fails=0 passes=0
LIMIT_KB=$((1024 * 1024)) # 1 GiB of address space

# check NAME FILE WANT_EXIT REGEX [SECONDS]
check() {
    local name=$1 file=$2 want=$3 regex=$4 secs=${5:-20}
    # the limits hold for a release build; the sanitizers run it 5-10x slower
    [ -z "$SANITIZED" ] || secs=$((secs * 10))
    (
        [ -n "$SANITIZED" ] || ulimit -v $LIMIT_KB
        exec timeout "$secs" "$PC" script "$file" --json
    ) >"$TMP/out" 2>"$TMP/err"
    local got=$?
    local where="$TMP/out"
    [ "$want" -ne 0 ] && where="$TMP/err"
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: $name: exit $got, want $want"; head -c 300 "$TMP/err"; echo
        fails=$((fails + 1))
    elif ! grep -Eq -- "$regex" "$where"; then
        echo "FAIL: $name: output lacks /$regex/"; head -c 300 "$where"; echo
        fails=$((fails + 1))
    else
        passes=$((passes + 1))
    fi
}

while read -r file code regex; do
    case "$file" in ''|'#'*) continue ;; esac
    check "$file" "$DIR/$file" "$code" "$regex"
done <"$DIR/expect.txt"
for f in "$DIR"/*.md; do
    grep -q "^$(basename "$f") " "$DIR/expect.txt" || { echo "FAIL: $f has no expectation"; fails=$((fails + 1)); }
done
# malformed transcripts (issue 15): each has its line too
for f in "$DIR"/*.vtt "$DIR"/*.srt "$DIR"/*.json "$DIR"/*.html "$DIR"/*.ttml; do
    grep -q "^$(basename "$f") " "$DIR/expect.txt" || { echo "FAIL: $f has no expectation"; fails=$((fails + 1)); }
done

# ---------- large inputs, made here ----------
awk 'BEGIN { for (i = 0; i < 2000000; i++) printf "word "; print "" }' >"$TMP/line-10mb.md"
check line-10mb "$TMP/line-10mb.md" 0 '"paragraphs":\["line-10mb","word word word'
# a long line of shortcode and attribute-list openers that never close:
# each looks no further than its own bytes (it was a scan to the line's end each)
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "[caption {: {{< x "; print "" }' >"$TMP/openers.md"
check openers-line "$TMP/openers.md" 0 '"paragraphs":\["openers","\[caption \{: \{\{< x' 5
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "<div markdown=\"1\">\n</span>\n"; print "end" }' >"$TMP/md-divs.md"
check markdown-divs "$TMP/md-divs.md" 0 '"paragraphs":\["md-divs",' 5
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "* TOC\n{:toc}\n"; print "end" }' >"$TMP/tocs.md"
check toc-markers "$TMP/tocs.md" 0 '"paragraphs":\["tocs","end"\]' 5
awk 'BEGIN { for (i = 1; i <= 10000; i++) printf "## Heading %d\n\ntext %d\n\n", i, i }' >"$TMP/headings.md"
check headings-10000 "$TMP/headings.md" 0 '"title":"Heading 10000","line":39997'
"$PC" script "$TMP/headings.md" | grep -cE '^[0-9]+\. ' | grep -qx 10000 \
    && passes=$((passes + 1)) || { echo "FAIL: 10,000 headings are not 10,000 sections"; fails=$((fails + 1)); }
turns() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "**Speaker %d**: turn %d.\n\n", i % 7, i }'; }
turns 100000 >"$TMP/turns.md"
check turns-100000 "$TMP/turns.md" 0 '"name":"Speaker 6","narrator":false,"turns":14285'
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "- "; print "deep list item"; for (i = 0; i < 10000; i++) printf "> "; print "deep quote" }' >"$TMP/nested.md"
check nested-10000 "$TMP/nested.md" 0 '"paragraphs":\["nested","deep list item","deep quote"\]'
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "%*s- level %d\n", 2 * i, "", i }' >"$TMP/nested-indent.md"
check nested-indent-10000 "$TMP/nested-indent.md" 0 '"level 9999"' 60
# transcripts (issue 15): 100,000 cues, 200,000 JSON segments, 100,000 HTML turns
awk 'BEGIN { print "WEBVTT\n"; for (i = 0; i < 100000; i++) { s = i * 2; printf "%02d:%02d:%02d.000 --> %02d:%02d:%02d.500\n<v Speaker %d>cue %d.\n\n", s / 3600, (s / 60) % 60, s % 60, s / 3600, (s / 60) % 60, s % 60, i % 5, i } }' >"$TMP/cues.vtt"
check cues-100000 "$TMP/cues.vtt" 0 '"name":"Speaker 4","narrator":false,"turns":20000'
awk 'BEGIN { printf "{\"version\":\"1.0.0\",\"segments\":["; for (i = 0; i < 200000; i++) printf "%s{\"speaker\":\"S%d\",\"startTime\":%d,\"body\":\"segment %d\"}\n", i ? "," : "", i % 3, i, i; print "]}" }' >"$TMP/segments.json"
check segments-200000 "$TMP/segments.json" 0 '"name":"Speaker 3","narrator":false,"turns":66666'
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<cite>Speaker %d:</cite> <time>%d:00</time>\n<p>turn %d &amp; more</p>\n", i % 4, i % 60, i }' >"$TMP/turns.html"
check html-turns-100000 "$TMP/turns.html" 0 '"name":"Speaker 3","narrator":false,"turns":25000'
# TTML: 100,000 timed p's, 2 MB of escaped '<' in one, and divs nested
# past libxml2's depth limit (an error, not a deep walk)
awk 'BEGIN { print "<tt xmlns=\"http://www.w3.org/ns/ttml\" xmlns:ttm=\"http://www.w3.org/ns/ttml#metadata\"><body><div>"; for (i = 0; i < 100000; i++) printf "<p begin=\"%ds\" ttm:agent=\"host%d\">turn %d.</p>\n", i * 2, i % 4, i; print "</div></body></tt>" }' >"$TMP/ps.ttml"
check ttml-100000 "$TMP/ps.ttml" 0 '"name":"host3","narrator":false,"turns":25000' 10
awk 'BEGIN { printf "<tt xmlns=\"http://www.w3.org/ns/ttml\"><body><div><p>"; for (i = 0; i < 2000000; i++) printf "&lt;"; print " end.</p></div></body></tt>" }' >"$TMP/lt.ttml"
check ttml-lt-2mb "$TMP/lt.ttml" 0 '<<<< end\."' 10
awk 'BEGIN { printf "<tt xmlns=\"http://www.w3.org/ns/ttml\"><body>"; for (i = 0; i < 100000; i++) printf "<div>"; print "</body></tt>" }' >"$TMP/deep.ttml"
check ttml-deep "$TMP/deep.ttml" 1 'deep.ttml:1:[0-9]+: not well-formed XML: elements nested more than 256 deep' 5
# cue markup that never closes: 2 MB of '<' or '{\' in one cue or JSON
# body (each '<' looked for its '>' to the cue's end: 27 s for 1.2 MB)
awk 'BEGIN { print "WEBVTT\n\n00:00:01.000 --> 00:00:02.000"; for (i = 0; i < 2000000; i++) printf "<"; print " end." }' >"$TMP/cue-lt.vtt"
check cue-lt-2mb "$TMP/cue-lt.vtt" 0 '<<<< end\."' 10
awk 'BEGIN { print "1\n00:00:01,000 --> 00:00:02,000"; for (i = 0; i < 1000000; i++) printf "{\\"; print " end." }' >"$TMP/cue-brace.srt"
check cue-brace-2mb "$TMP/cue-brace.srt" 0 '\{\\\\ end\."' 10
awk 'BEGIN { printf "{\"segments\":[{\"speaker\":\"A\",\"body\":\""; for (i = 0; i < 2000000; i++) printf "<"; print " end.\"}]}" }' >"$TMP/body-lt.json"
check body-lt-2mb "$TMP/body-lt.json" 0 '<<<< end\."' 10
# white space in an HTML paragraph: each byte re-read all the blanks
# before it (400,000 spaces: 7 minutes); and <br> after <br> on them
awk 'BEGIN { printf "<html><body><p>"; for (i = 0; i < 2000000; i++) printf " "; print "x</p>" }' >"$TMP/spaces.html"
check html-spaces-2mb "$TMP/spaces.html" 0 '"paragraphs":\["spaces","x"\]' 10
awk 'BEGIN { printf "<html><body><p>"; for (i = 0; i < 200000; i++) printf "\n"; for (i = 0; i < 200000; i++) printf "<br>"; print "x</p>" }' >"$TMP/breaks.html"
check html-breaks-200000 "$TMP/breaks.html" 0 '"paragraphs":\["breaks","x"\]' 10
# 50,000 images (and Hugo figures) on one line: each image's column was
# counted from the line's start (10,000: 2.5 s, 100,000: minutes)
awk 'BEGIN { for (i = 0; i < 25000; i++) printf "![](x%d.jpg) {{< figure caption=\"c%d\" src=\"y%d.jpg\" >}} ", i, i, i; print "" }' >"$TMP/images.md"
check images-50000-one-line "$TMP/images.md" 0 '"paragraphs":\["images","c0 c1 c2' 5
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "*"; printf "x"; for (i = 0; i < 50000; i++) printf "*"; print ""; for (i = 0; i < 50000; i++) printf "["; print "" }' >"$TMP/emphasis.md"
check emphasis-50000 "$TMP/emphasis.md" 0 '"paragraphs":\["emphasis"'
# a million headings, list items, table rows, links, footnotes (14-35 MB):
# cmark's tree took 20-70 times the bytes and the turns 704 bytes a
# section (1.4 GB for the headings); past 256 MiB of tree the post is
# refused where the line-by-line parse passed it (or at its first line
# when the inline pass does), in well under the memory limit
big() { # NAME AWK-PROGRAM REGEX
    awk "BEGIN { $2 }" >"$TMP/$1.md"
    check "$1" "$TMP/$1.md" 1 "$1.md:$3: the post is too big to read: its Markdown.* takes more than 256 MiB" 10
}
big million-headings 'for (i = 1; i <= 1000000; i++) printf "## H %d\n\nt %d\n\n", i, i' '[0-9]{6,}:1'
big million-items 'for (i = 1; i <= 1000000; i++) printf "- item %d\n", i' '[0-9]{6,}:1'
big million-rows 'print "| a | b |\n|---|---|"; for (i = 1; i <= 1000000; i++) printf "| r%d | c%d |\n", i, i' '1:1'
big million-links 'for (i = 1; i <= 1000000; i++) printf "see [l%d](https://e.org/%d) ", i, i; print ""' '1:1'
big million-notes 'for (i = 1; i <= 1000000; i++) printf "x[^%d] ", i; print "\n"; for (i = 1; i <= 1000000; i++) printf "[^%d]: note %d\n\n", i, i' '[0-9]{6,}:1'
big brackets-2mb 'for (i = 0; i < 2000000; i++) printf "["; print ""' '1:1'
# 300,000 sections (6.6 MB) are still read
awk 'BEGIN { for (i = 1; i <= 300000; i++) printf "## H %d\n\nt %d\n\n", i, i }' >"$TMP/headings-300k.md"
check headings-300000 "$TMP/headings-300k.md" 0 '"title":"H 300000","line":1199997'

# a chapters file of 300,000 chapters (12 MB): jansson's objects took 14
# times the text (a million chapters: 590 MB); at most 8 MiB is read
awk 'BEGIN { printf "{\"version\":\"1.2.0\",\"chapters\":["; for (i = 0; i < 300000; i++) printf "%s{\"startTime\":%d,\"title\":\"Chapter %d\"}", i ? "," : "", i, i; print "]}" }' >"$TMP/chapters-big.json"
( [ -n "$SANITIZED" ] || ulimit -v $LIMIT_KB; exec timeout 20 "$PC" script "$2/examples/garden-talk.vtt" --chapters "$TMP/chapters-big.json" ) >/dev/null 2>"$TMP/err"
[ $? -eq 1 ] && grep -q "chapters-big.json: a chapters file of [0-9]* bytes is too big (at most 8 MiB)" "$TMP/err" \
    && passes=$((passes + 1)) || { echo "FAIL: a 12 MB chapters file: $(cat "$TMP/err")"; fails=$((fails + 1)); }

# feed --check on a feed of 60,000 items (each guid and URL was compared
# with every earlier one: 41 s), with one duplicate guid at the end
awk 'BEGIN { print "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><link>https://e.org/</link><description>d</description>";
    for (i = 0; i < 60000; i++) printf "<item><title>E%d</title><guid>g-%d</guid><enclosure url=\"https://cdn.e.org/%d.mp3\" length=\"5\" type=\"audio/mpeg\"/></item>\n", i, i, i;
    print "<item><title>Last</title><guid>g-7</guid><enclosure url=\"https://cdn.e.org/x.mp3\" length=\"5\" type=\"audio/mpeg\"/></item></channel></rss>" }' >"$TMP/big-feed.xml"
secs=10; [ -z "$SANITIZED" ] || secs=100
timeout $secs "$PC" feed --check "$TMP/big-feed.xml" 2>&1 | grep -q "item 60001 (Last): \[unique-guid\]" \
    && passes=$((passes + 1)) || { echo "FAIL: feed --check of 60,000 items"; fails=$((fails + 1)); }

# feed --check never reads a file outside the feed's folder, "..",
# percent-encoded or not (it told the size of ../outside.mp3)
mkdir -p "$TMP/feed/site" && printf 'secret!!!!' >"$TMP/feed/outside.mp3"
printf '%s\n' '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://e.org/</link><description>d</description>' \
    '<item><title>A</title><guid>a</guid><enclosure url="https://e.org/%2e%2e/outside.mp3" length="3" type="audio/mpeg"/></item>' \
    '<item><title>B</title><guid>b</guid><enclosure url="%2E%2E/outside.mp3" length="3" type="audio/mpeg"/></item>' \
    '<item><title>C</title><guid>c</guid><enclosure url="..%2Foutside.mp3" length="3" type="audio/mpeg"/></item></channel></rss>' >"$TMP/feed/site/feed.xml"
"$PC" feed --check "$TMP/feed/site/feed.xml" >"$TMP/out" 2>&1
if grep -q "10 bytes" "$TMP/out" || ! grep -q "item 3 (C)" "$TMP/out"; then
    echo "FAIL: feed --check reads outside the feed's folder"; cat "$TMP/out"; fails=$((fails + 1)); else passes=$((passes + 1)); fi

# the episode page's transcript shows what was said: "Tom & Jerry <3",
# not the sidecar's escapes escaped again ("Tom &amp;amp; Jerry")
mkdir -p "$TMP/amp/_posts" && printf 'title: Amp\nurl: https://e.org/\n' >"$TMP/amp/_config.yml"
printf -- '---\ntitle: "Q & A"\n---\n**Tom & Jerry**: Cats & mice <3 forever.\n' >"$TMP/amp/_posts/2026-01-05-amp.md"
"$PC" site "$TMP/amp" -o "$TMP/amp-out" --engine fake -q 2>"$TMP/err"
page="$TMP/amp-out/episodes/2026-01-05-amp/index.html"
if grep -q 'class="speaker">Tom &amp; Jerry<' "$page" && grep -q '>Cats &amp; mice &lt;3 forever.<' "$page" &&
    ! grep -q '&amp;amp;\|&amp;lt;' "$page"; then passes=$((passes + 1)); else
    echo "FAIL: the page's transcript is escaped twice"; grep -o '<div id="transcript">.*</div>' "$page" | head -c 600; echo; fails=$((fails + 1)); fi

# the site config's artwork outside the site's folder (../../etc/passwd)
# was copied into the public output as artwork.png: refused, nothing written
mkdir -p "$TMP/art/_posts" && printf 'title: T\nurl: https://e.org/\npodcast:\n  image: ../../../../../../etc/passwd\n' >"$TMP/art/_config.yml"
printf 'Hi.\n' >"$TMP/art/_posts/2026-01-05-a.md"
"$PC" site "$TMP/art" -o "$TMP/art-out" --engine fake -q 2>"$TMP/err"
rc=$?
if [ "$rc" -eq 1 ] && grep -q "_config.yml:4:10: podcast image '../../../../../../etc/passwd': is outside the site's folder" "$TMP/err" &&
    ! grep -rqs '^root:' "$TMP/art-out"; then passes=$((passes + 1)); else
    echo "FAIL: the config's artwork reads outside the site (exit $rc)"; head -3 "$TMP/err"; fails=$((fails + 1)); fi
# and inside it, what is no image (a .env of secrets) was published as
# artwork.png; a FIFO held the build for ever, as did a _config.yml that
# is one, and one that leads to /dev/zero was read until memory ran out
site_refused() { # NAME REGEX: the build of $TMP/art fails at once with REGEX, publishing nothing
    rm -rf "$TMP/art-out"
    ( [ -n "$SANITIZED" ] || ulimit -v $LIMIT_KB; exec timeout 20 "$PC" site "$TMP/art" -o "$TMP/art-out" --engine fake -q ) 2>"$TMP/err"
    local rc=$?
    if [ "$rc" -eq 1 ] && grep -Eq "$2" "$TMP/err" && ! grep -rqs 'hunter2' "$TMP/art-out" &&
        [ ! -e "$TMP/art-out/feed.xml" ]; then passes=$((passes + 1)); else
        echo "FAIL: site with $1 (exit $rc)"; head -3 "$TMP/err"; fails=$((fails + 1)); fi
}
printf 'SECRET=hunter2\n' >"$TMP/art/.env"
printf 'title: T\nurl: https://e.org/\npodcast:\n  image: .env\n' >"$TMP/art/_config.yml"
site_refused "a .env as artwork" "_config.yml:4:10: podcast image '.env': cover art must be a JPEG or PNG file"
head -c 3000 "$2/examples/site/assets/artwork.png" >"$TMP/art/cut.png"
printf 'title: T\nurl: https://e.org/\npodcast:\n  artwork: cut.png\n' >"$TMP/art/_config.yml"
site_refused "a cut PNG as artwork" "_config.yml:4:12: podcast image 'cut.png': not a whole PNG image"
mkfifo "$TMP/art/fifo.png"
printf 'title: T\nurl: https://e.org/\npodcast:\n  image: fifo.png\n' >"$TMP/art/_config.yml"
site_refused "a FIFO as artwork" "_config.yml:4:10: podcast image 'fifo.png': cannot read: not a regular file"
rm "$TMP/art/_config.yml" && mkfifo "$TMP/art/_config.yml"
site_refused "a FIFO as _config.yml" "art/_config.yml: cannot read: not a regular file"
rm "$TMP/art/_config.yml" && ln -s /dev/zero "$TMP/art/_config.yml"
site_refused "/dev/zero as _config.yml" "art/_config.yml: cannot read: not a regular file"

# control characters in a title, a description or a speaker's name (XML
# 1.0 cannot hold them) made the whole feed malformed: every app refused it
mkdir -p "$TMP/ctl/_posts" && printf 'title: "Show\\a"\nurl: https://e.org/\n' >"$TMP/ctl/_config.yml"
printf -- '---\ntitle: "Bell\\a and \\e[31m esc"\ndescription: "d\\x01e"\n---\n**Dana\033[1m Wu**: Hi.\n\n**Sam**: Yo.\n' >"$TMP/ctl/_posts/2026-01-05-ctl.md"
printf 'WEBVTT\n\n00:01.000 --> 00:02.000\n<v \033]8;;http://x\007Eve>Hi.\n' >"$TMP/ctl/_posts/2026-01-06-cue.vtt"
"$PC" site "$TMP/ctl" -o "$TMP/ctl-out" --engine fake -q 2>"$TMP/err"
"$PC" feed --check "$TMP/ctl-out/feed.xml" >"$TMP/out" 2>&1
if ! grep -q "well-formed" "$TMP/out" && grep -q "<title>Bell and \[31m esc</title>" "$TMP/ctl-out/feed.xml" &&
    grep -q "<title>Show</title>" "$TMP/ctl-out/feed.xml"; then passes=$((passes + 1)); else
    echo "FAIL: control characters make the feed malformed"; head -3 "$TMP/out"; fails=$((fails + 1)); fi

# controls, C1 controls and bidi overrides in front matter and titles
# reach no tag of any container and no sidecar (MP3 and M4A carried them
# raw: an escape sequence for whoever prints the tags, a reversed title)
printf -- '---\ntitle: "Bell\\a \\e[31mred \\u202Egnp.exe"\nauthor: "Dana\\u0085Wu"\n---\n\n## Sec\033[1m \342\200\256tion\n\n**Sam**: Hi \302\233 there.\n' >"$TMP/tagctl.md"
ok=1
for ext in mp3 m4a flac opus; do
    "$PC" render "$TMP/tagctl.md" --engine fake -q -o "$TMP/tagctl.$ext" --sidecars 2>"$TMP/err" || { ok=0; cat "$TMP/err"; }
done
/usr/bin/python3 - "$TMP" <<'PYEOF' || ok=0
import glob, re, sys, mutagen
bad = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
fails = []
for f in sorted(glob.glob(sys.argv[1] + "/tagctl.*")):
    if f.endswith(".md"):
        continue
    if f.endswith((".mp3", ".m4a", ".flac", ".opus")):
        m = mutagen.File(f)
        texts = [str(x) for k, v in m.tags.items() if k[:4] not in ("covr", "APIC")
                 for x in (v if isinstance(v, list) else [v])]
        texts += [str(c.title) for c in getattr(m, "chapters", None) or []]
        if not any("Bell" in t for t in texts):
            fails.append(f + ": no title")
    else:
        texts = [open(f, encoding="utf-8").read().replace("\n", " ").replace("\r", " ")]
    for t in texts:
        if bad.search(t):
            fails.append(f"{f}: {t[:60]!r}")
print("\n".join(fails))
sys.exit(1 if fails else 0)
PYEOF
if [ $ok = 1 ]; then passes=$((passes + 1)); else echo "FAIL: controls reach a tag or a sidecar"; fails=$((fails + 1)); fi

# a post that is a device or a FIFO: /dev/zero was read until memory ran
# out, a FIFO with no writer hung the run (a site build with one in
# _posts never ended); a pipe with a writer is read as before
mkfifo "$TMP/fifo.md"
for f in /dev/zero "$TMP/fifo.md"; do
    timeout 10 "$PC" script "$f" >/dev/null 2>"$TMP/err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "^postcast: error: " "$TMP/err"; then passes=$((passes + 1)); else
        echo "FAIL: script $f: exit $rc"; head -2 "$TMP/err"; fails=$((fails + 1)); fi
done
printf '**Ann**: piped.\n' | "$PC" script /dev/stdin 2>&1 | grep -q "Ann: piped." \
    && passes=$((passes + 1)) || { echo "FAIL: a post from a pipe"; fails=$((fails + 1)); }
# a --cast FIFO no one writes to (or an empty cast file) read as no cast
# and the render went on with other voices than asked: refused; a cast
# from a pipe with a writer is read
mkfifo "$TMP/cast-fifo.yaml" && : >"$TMP/cast-empty.yaml" && printf '# Ann: ava\n' >"$TMP/cast-comment.yaml"
for c in cast-fifo cast-empty cast-comment; do
    timeout 10 "$PC" script "$DIR/../../examples/interview-en.md" --cast "$TMP/$c.yaml" >/dev/null 2>"$TMP/err"
    rc=$?
    if [ $rc -eq 1 ] && grep -q "^postcast: error: $TMP/$c.yaml:1:1: the cast file is empty" "$TMP/err"; then
        passes=$((passes + 1)); else echo "FAIL: --cast $c: exit $rc"; head -2 "$TMP/err"; fails=$((fails + 1)); fi
done
# a control character in a cast entry's speaker or name (speakers lose
# theirs): the entry matched no speaker, and Ann got an automatic voice
printf '**Ann**: piped.\n' >"$TMP/ann.md"
printf 'Ann: {preset: ben, name: "Ann\\e[31m Lee"}\n' >"$TMP/cast-esc.yaml"
printf '"Ann\\u202E": ben\n' >"$TMP/cast-bidi.yaml"
for c in cast-esc:1:26:001B cast-bidi:1:1:202E; do
    "$PC" cast "$TMP/ann.md" --cast "$TMP/${c%%:*}.yaml" >/dev/null 2>"$TMP/err"
    rc=$? at=${c#*:}
    if [ $rc -eq 1 ] && grep -q "${c%%:*}.yaml:${at%:*}: cast: a speaker's name holds a control character (U+${c##*:})" "$TMP/err"; then
        passes=$((passes + 1)); else echo "FAIL: --cast ${c%%:*}: exit $rc"; head -2 "$TMP/err"; fails=$((fails + 1)); fi
done
"$PC" cast "$TMP/ann.md" --cast <(printf 'Ann: felix\n') 2>&1 | grep -q "Ann .*felix" \
    && passes=$((passes + 1)) || { echo "FAIL: a cast from a pipe"; fails=$((fails + 1)); }

# feed --check of a FIFO, or of a feed whose enclosure is a FIFO: it hung
mkdir -p "$TMP/ff" && mkfifo "$TMP/ff/ep.mp3" "$TMP/ff/fifo.xml"
printf '%s\n' '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://e.org/</link><description>d</description>' \
    '<item><title>A</title><guid>a</guid><enclosure url="ep.mp3" length="3" type="audio/mpeg"/></item></channel></rss>' >"$TMP/ff/feed.xml"
timeout 10 "$PC" feed --check "$TMP/ff/feed.xml" 2>&1 | grep -q "\[enclosure-file\] ep.mp3: no such file" \
    && passes=$((passes + 1)) || { echo "FAIL: feed --check with a FIFO enclosure"; fails=$((fails + 1)); }
timeout 10 "$PC" feed --check "$TMP/ff/fifo.xml" 2>&1 | grep -q "fifo.xml: cannot read: not a regular file" \
    && passes=$((passes + 1)) || { echo "FAIL: feed --check of a FIFO"; fails=$((fails + 1)); }

# linear time: 100,000 turns against 10,000 (quadratic would be 100x)
turns 10000 >"$TMP/turns-small.md"
t() { local a b; a=$(date +%s%N); "$PC" script "$1" --json >/dev/null; b=$(date +%s%N); echo $(( (b - a) / 1000000 + 1 )); }
small=$(t "$TMP/turns-small.md"); big=$(t "$TMP/turns.md")
if [ "$big" -lt $((small * 30 + 200)) ]; then passes=$((passes + 1)); else
    echo "FAIL: 10x the turns took ${big} ms against ${small} ms"; fails=$((fails + 1)); fi

# hostile posts render too: markup, scripts, emoji, empty sections
for f in ssml-and-html emoji empty-sections only-front-matter rtl-combining crlf-bom-tabs; do
    if timeout 120 "$PC" render "$DIR/$f.md" -o "$TMP/$f.wav" -q 2>"$TMP/err" &&
        "$PC" chapters "$TMP/$f.wav" >/dev/null; then passes=$((passes + 1)); else
        echo "FAIL: render $f"; head -3 "$TMP/err"; fails=$((fails + 1)); fi
done
"$PC" chapters "$TMP/empty-sections.wav" | grep -q "^chapters: 4$" \
    && passes=$((passes + 1)) || { echo "FAIL: empty sections keep their chapters"; fails=$((fails + 1)); }

# ---------- the speech engine under attack (issue 12) ----------
# a word espeak-ng 1.51 cannot speak (its worker dies) costs that clip only:
# it is spoken in pieces, with a warning at its line
timeout 120 "$PC" render "$DIR/unspeakable-word.md" -o "$TMP/unspeakable.wav" -q --no-cache 2>"$TMP/err"
if [ $? -eq 0 ] && grep -q "^postcast: warning: .*unspeakable-word.md:7: spoken with its long words cut" "$TMP/err" &&
    "$PC" chapters "$TMP/unspeakable.wav" >/dev/null; then passes=$((passes + 1)); else
    echo "FAIL: an unspeakable word fails the episode"; head -3 "$TMP/err"; fails=$((fails + 1)); fi
# control bytes in front matter scalars are text, not espeak-ng commands
# (\x01 200A would raise the loudness): the title sounds as with spaces
sed 's/\\x01/ /g' "$DIR/control-bytes-title.md" >"$TMP/spaces.md"
"$PC" render "$DIR/control-bytes-title.md" -o "$TMP/ctl.wav" -q --no-cache &&
    "$PC" render "$TMP/spaces.md" -o "$TMP/spaces.wav" -q --no-cache &&
    cmp -s <(tail -c +1000 "$TMP/ctl.wav") <(tail -c +1000 "$TMP/spaces.wav") \
    && passes=$((passes + 1)) || { echo "FAIL: control bytes reach the engine"; fails=$((fails + 1)); }
# out of processes or files: fewer workers at once, the same episode
ex="$DIR/../../examples/interview-en.md"
"$PC" render "$ex" -o "$TMP/ref.wav" -q --no-cache
(ulimit -n 12; exec "$PC" render "$ex" -o "$TMP/fds.wav" -q --no-cache -j 16) 2>"$TMP/err" &&
    cmp -s "$TMP/ref.wav" "$TMP/fds.wav" && grep -q "going on with" "$TMP/err" \
    && passes=$((passes + 1)) || { echo "FAIL: a file limit fails the render"; head -3 "$TMP/err"; fails=$((fails + 1)); }
POSTCAST_FAULT_WORKER_LIMIT=2 "$PC" render "$ex" -o "$TMP/procs.wav" -q --no-cache -j 8 2>/dev/null &&
    cmp -s "$TMP/ref.wav" "$TMP/procs.wav" \
    && passes=$((passes + 1)) || { echo "FAIL: a process limit fails the render"; fails=$((fails + 1)); }
# a real process limit (as an unprivileged user: root is exempt): no thread
# for espeak-ng's start is a clear error, not its assertion (exit 134); room
# for one worker is enough
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    chmod 755 "$TMP" && mkdir -m 777 "$TMP/np" && cp "$ex" "$TMP/np/p.md"
    nproc_render() {
        setpriv --reuid=nobody --regid=nogroup --clear-groups bash -c \
            "ulimit -u $1; exec '$PC' render '$TMP/np/p.md' -o '$TMP/np/p.wav' -q --no-cache -j 4" 2>"$TMP/err"
    }
    nproc_render 1
    if [ $? -eq 1 ] && grep -q "espeak-ng cannot start: .*process limit" "$TMP/err"; then
        passes=$((passes + 1)); else echo "FAIL: no thread for espeak-ng"; head -3 "$TMP/err"; fails=$((fails + 1)); fi
    nproc_render 3 && cmp -s "$TMP/ref.wav" "$TMP/np/p.wav" && grep -q "going on with 1 at once" "$TMP/err" \
        && passes=$((passes + 1)) || { echo "FAIL: room for one worker"; head -3 "$TMP/err"; fails=$((fails + 1)); }
fi
# a stopped worker (SIGSTOP) is killed by the watchdog and its clip retried
POSTCAST_FAULT_STOP_WORKER=3 POSTCAST_WORKER_TIMEOUT_MS=1000 timeout 60 \
    "$PC" render "$ex" -o "$TMP/stopped.wav" -q --no-cache -j 2 && cmp -s "$TMP/ref.wav" "$TMP/stopped.wav" \
    && passes=$((passes + 1)) || { echo "FAIL: a stopped worker stalls the render"; fails=$((fails + 1)); }

# an episode name a cue sheet's FILE line cannot carry (no escapes in a
# CUE string: a quote ends it, a backslash is libcue's escape and a
# Windows folder, a newline ends the line) is refused before anything is
# written; it was written changed (' and /), naming another file
printf '# Cue\n\nHello there.\n' >"$TMP/cue.md"
mkdir -p "$TMP/cue"
for name in 'ep"1.flac' 'ep\1.flac' "$(printf 'ep\n1.flac')"; do
    "$PC" render "$TMP/cue.md" -o "$TMP/cue/$name" --sidecars -q --engine fake 2>"$TMP/err"
    if [ $? -eq 2 ] && grep -q "a cue sheet (--sidecars) cannot name a file with a double quote" "$TMP/err" &&
        [ -z "$(ls -A "$TMP/cue")" ]; then passes=$((passes + 1))
    else echo "FAIL: cue FILE name $name: $(cat "$TMP/err"; ls "$TMP/cue")"; fails=$((fails + 1)); fi
done
"$PC" render "$TMP/cue.md" -o "$TMP/cue/it's ep 1 (€).flac" --sidecars -q --engine fake &&
    grep -qx "FILE \"it's ep 1 (€).flac\" FLAC" "$TMP/cue/it's ep 1 (€).flac.cue" \
    && passes=$((passes + 1)) || { echo "FAIL: a cue sheet names its episode as it is"; fails=$((fails + 1)); }

# a paragraph that reads like an SRT timing line ("00:00:01.000 -->
# 00:00:05.000") was a cue ffmpeg dropped from the .srt (SRT has no
# escapes): every cue of the .vtt is one of the .srt as ffmpeg reads it
printf -- '# Arrows\n\n**Ann**: first.\n\n00:00:01.000 --> 00:00:05.000\n\nmore --> here.\n' >"$TMP/arrows.md"
mkdir -p "$TMP/cue" && "$PC" render "$TMP/arrows.md" -o "$TMP/cue/arrows.flac" --sidecars -q --engine fake &&
    [ "$(ffmpeg -v error -i "$TMP/cue/arrows.srt" -f webvtt - | grep -c -- ' --> ')" = "$(grep -c -- ' --> ' "$TMP/cue/arrows.vtt")" ] &&
    grep -qx '00:00:01.000 → 00:00:05.000' "$TMP/cue/arrows.srt" \
    && passes=$((passes + 1)) || { echo "FAIL: an arrow in the text is a cue lost from the .srt"; fails=$((fails + 1)); }

# a section of nothing but emoji and punctuation made a chapter of no
# length (players showed it over the next): every chapter has a length
"$PC" render "$DIR/emoji-sections.md" -o "$TMP/cue/es.flac" --sidecars -q --engine fake &&
    python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["chapters"]; sys.exit(not (len(c) == 3 and all(a["startTime"] < a["endTime"] for a in c)))' "$TMP/cue/es.chapters.json" &&
    [ "$(ffprobe -v error -show_chapters -of csv=p=0 "$TMP/cue/es.flac" | awk -F, '$5 <= $3' | wc -l)" = 0 ] \
    && passes=$((passes + 1)) || { echo "FAIL: a chapter of no length"; fails=$((fails + 1)); }

# front matter nested 200,000 deep in [ or { (libyaml looked at every
# open level for each token: 172 s), also under a key postcast ignores
awk 'BEGIN { printf "---\ntitle: t\nx: "; for (i = 0; i < 200000; i++) printf "{a: ["; print "\n---\nbody" }' >"$TMP/yaml-flow.md"
check yaml-flow-200000 "$TMP/yaml-flow.md" 1 'yaml-flow.md:3:[0-9]+: front matter nests \[ and \{ more than 64 deep' 2
# a key given twice (libyaml keeps both, each reader took the first or
# the last) is an error at the second naming the first, found in n log n
# time among 300,000 keys
awk 'BEGIN { printf "---\ntitle: t\n"; for (i = 0; i < 300000; i++) printf "k%d: v\n", i; print "k7: again\n---\nbody" }' >"$TMP/yaml-keys.md"
check yaml-300000-keys "$TMP/yaml-keys.md" 1 'yaml-keys.md:300003:1: front matter gives .k7. twice \(first at line 10\)' 5
# and a YAML comment or quoted scalar full of brackets is no nesting
printf -- '---\ntitle: "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["\n# {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\ndescription: '"'"'it'"'"''"'"'s [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['"'"'\n---\nbody\n' >"$TMP/yaml-quoted.md"
check yaml-brackets-quoted "$TMP/yaml-quoted.md" 0 '"title":"\[\[\[\[.*"description":"it'"'"'s \[\[\[' 2

echo "hostile: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
