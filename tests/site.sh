#!/usr/bin/env bash
# A whole blog as a podcast (issue 16): postcast site and postcast feed.
# usage: site.sh POSTCAST SOURCE_DIR PART
#   build        the example Jekyll site, a Hugo site and a plain folder:
#                episodes, skipped posts, feed.xml read by feedparser
#                (tests/site_feed.py), guids stable across two builds
#   incremental  50 posts: a second build renders nothing in < 1 s; an
#                edited paragraph re-renders one episode and speaks only
#                its changed clips; a removed post leaves feed and disk
#   check        feed --check passes a good feed and names the rule each
#                feed broken on purpose breaks
#   page         the episode page in headless Chromium: chapters and
#                transcript render, a click on a chapter moves the
#                player's currentTime there; a screenshot
#   parallel     --jobs through GNU parallel (2 slots) and --no-render give
#                the same bytes as one build; --jobs-json through parallel
#                -S over ssh to 127.0.0.1 (sshd started here)
#   hostile      odd file names (%, quotes, <, &, accents, 201 bytes), long
#                and empty guids, javascript: and relative site URLs
set -u
PC=$1
SRC=$2
PART=$3
EXAMPLE=$SRC/examples/site
TMP=$(mktemp -d)
cleanup() {
    [ -f "$TMP/sshd.pid" ] && kill "$(cat "$TMP/sshd.pid")" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
export XDG_CACHE_HOME="$TMP/xdg"
CACHE=$TMP/cache
passes=0 fails=0
PY=/usr/bin/python3

ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
expect() { # expect WHAT COMMAND...: the command succeeds
    local what=$1; shift
    if "$@"; then ok; else fail "$what"; fi
}
finish() {
    echo "site $PART: $passes passed, $fails failed"
    [ "$fails" -eq 0 ]
    exit $?
}
site() { "$PC" site "$@" --cache-dir "$CACHE"; }

part_build() {
    site "$EXAMPLE" -o "$TMP/a" 2>"$TMP/log" || { fail "site build"; cat "$TMP/log"; finish; }
    for slug in 2026-01-05-welcome 2026-01-12-tide-tables 2026-01-19-harbour-master \
        2026-02-09-night-ferry; do
        for f in $slug.mp3 $slug.opus $slug.chapters.json $slug.vtt $slug.srt \
                 $slug.transcript.json episode.json index.html; do
            expect "$slug/$f written" test -s "$TMP/a/episodes/$slug/$f"
        done
    done
    expect "podcast: false is not an episode" test ! -e "$TMP/a/episodes/2026-01-26-site-notes"
    expect "a draft is not an episode" test ! -e "$TMP/a/episodes/2026-02-02-next-season"
    expect "skips logged" grep -q "site-notes: podcast: false" "$TMP/log"
    expect "draft logged" grep -q "next-season: draft" "$TMP/log"
    expect "four items" test "$(grep -c '<item>' "$TMP/a/feed.xml")" -eq 4
    expect "a VTT transcript is a post" grep -q '<title>The night ferry</title>' "$TMP/a/feed.xml"
    expect "artwork copied" cmp -s "$EXAMPLE/assets/artwork.png" "$TMP/a/artwork.png"
    expect "index page" grep -q 'episodes/2026-01-19-harbour-master/index.html' "$TMP/a/index.html"
    # a chapter's time on its page is the second players show: cut, not
    # rounded (a chapter at 10.508 s showed 0:11)
    expect "chapter times as players show them" $PY - "$TMP"/a/episodes/*/index.html <<'PY'
import math, re, sys
n = 0
for page in sys.argv[1:]:
    for at, shown in re.findall(r'data-start="([0-9.]+)"><span class="time">([0-9:]+)<', open(page).read()):
        t = math.floor(float(at))
        want = f"{t // 3600}:{t // 60 % 60:02d}:{t % 60:02d}" if t >= 3600 else f"{t // 60}:{t % 60:02d}"
        n += 1
        if shown != want:
            sys.exit(f"{page}: chapter at {at} s shows {shown}, want {want}")
sys.exit(0 if n else "no chapter times found")
PY
    # a second build from scratch: the same guids (and the same bytes)
    site "$EXAMPLE" -o "$TMP/b" -q || fail "second build"
    expect "two builds, one feed" cmp -s "$TMP/a/feed.xml" "$TMP/b/feed.xml"
    if $PY "$SRC/tests/site_feed.py" "$TMP/a" "$TMP/b" >"$TMP/py" 2>&1; then ok; else
        fail "feedparser check"; cat "$TMP/py"; fi
    # Hugo: content/, hugo.toml, published: false
    mkdir -p "$TMP/hugo/content/posts/bundle"
    # the config read as TOML, not line by line: a multi-line string's
    # 'title = ...' is its words, an array over lines and an inline
    # table are values (the line reader took 'Wrong' for the title)
    printf 'baseURL = "https://hugo.example.net/"\nsummary = """\ntitle = "Wrong"\n"""\ntitle = "Hugo Cast"\nlanguageCode = "en-gb"\ntaxonomies = [\n  "tags",\n  "series",\n]\n[params]\n  author = "Ana"\n  description = "A Hugo site"\n  social = { mastodon = "@ana" }\n[[menu.main]]\n  name = "Home"\n' >"$TMP/hugo/hugo.toml"
    printf -- '---\ntitle: First\ndate: 2026-03-01\n---\n\nOne short sentence.\n' >"$TMP/hugo/content/posts/first.md"
    printf -- '---\ntitle: Bundled\ndate: 2026-03-02\n---\n\nA page bundle.\n' >"$TMP/hugo/content/posts/bundle/index.md"
    printf -- '---\ntitle: Hidden\npublished: false\n---\n\nNot yet.\n' >"$TMP/hugo/content/posts/hidden.md"
    # Hugo's own front matter is TOML: a draft is skipped, a title used
    printf '+++\ntitle = "Toml Post"\ndate = 2026-03-03\n+++\n\nSaid in TOML.\n' >"$TMP/hugo/content/posts/toml.md"
    printf '+++\ntitle = "Draft"\ndraft = true\n+++\n\nNot yet.\n' >"$TMP/hugo/content/posts/draft-toml.md"
    # an opening fence with blanks after it opens front matter for the
    # site as for the post (the site's own fence rule did not see it)
    printf -- '--- \ntitle: Spaced\ndraft: true\n---\n\nNot yet.\n' >"$TMP/hugo/content/posts/spaced-draft.md"
    # "draft = true" inside a multi-line string is the description's words
    printf '+++\ntitle = "Notes"\ndescription = """\ndraft = true\n"""\n+++\n\nPublished.\n' >"$TMP/hugo/content/posts/ml-toml.md"
    site "$TMP/hugo" -o "$TMP/hugo-out" --formats flac -q || fail "hugo build"
    expect "hugo: TOML front matter's title" grep -q '<title>Toml Post</title>' "$TMP/hugo-out/feed.xml"
    expect "hugo: TOML draft = true skipped" test ! -e "$TMP/hugo-out/episodes/draft-toml"
    expect "hugo: a TOML string's words are no key" grep -q '<title>Notes</title>' "$TMP/hugo-out/feed.xml"
    expect "hugo: baseURL" grep -q '<link>https://hugo.example.net</link>' "$TMP/hugo-out/feed.xml"
    expect "hugo: language" grep -q '<language>en-gb</language>' "$TMP/hugo-out/feed.xml"
    expect "hugo: params.author" grep -q '<itunes:author>Ana</itunes:author>' "$TMP/hugo-out/feed.xml"
    expect "hugo: page bundle named by its folder" test -s "$TMP/hugo-out/episodes/bundle/bundle.flac"
    expect "hugo: published: false skipped" test ! -e "$TMP/hugo-out/episodes/hidden"
    expect "hugo: flac enclosure" grep -q 'type="audio/flac"' "$TMP/hugo-out/feed.xml"
    expect "hugo: a multi-line string's words are no config key" grep -q '<title>Hugo Cast</title>' "$TMP/hugo-out/feed.xml"
    expect "hugo: a draft after a fence with blanks skipped" test ! -e "$TMP/hugo-out/episodes/spaced-draft"
    # a config that is no TOML: an error at its line and column, nothing built
    mkdir -p "$TMP/badtoml/content/posts"
    printf 'title = "Cast"\nbaseURL = "https://x.example/\n' >"$TMP/badtoml/hugo.toml"
    printf 'Hi.\n' >"$TMP/badtoml/content/posts/a.md"
    if site "$TMP/badtoml" -o "$TMP/badtoml-out" -q 2>"$TMP/badtoml.err"; then
        fail "a broken hugo.toml builds"
    else
        expect "hugo: a broken config's error names FILE:2:COL" grep -q "hugo.toml:2:[0-9]*: the site config is not valid TOML" "$TMP/badtoml.err"
        expect "hugo: a broken config builds nothing" test ! -e "$TMP/badtoml-out/feed.xml"
    fi
    # any folder of Markdown
    mkdir -p "$TMP/plain/notes"
    printf 'Just a note, no front matter.\n' >"$TMP/plain/notes/a-note.md"
    site "$TMP/plain" -o "$TMP/plain/out" --formats wav -q || fail "plain folder build"
    # no url anywhere: the feed's links are this machine's, and the build
    # says so; the first build's output inside the folder is no posts
    # (its captions made a second 'a-note')
    site "$TMP/plain" -o "$TMP/plain-local" --formats wav 2>"$TMP/plain-local.err" || fail "plain local build"
    expect "no url: a warning names the fix" grep -q 'warning: .*--base-url' "$TMP/plain-local.err"
    "$PC" feed --check "$TMP/plain-local/feed.xml" >"$TMP/plain-local.check" 2>&1
    expect "no config: the check names the config key for a missing tag" \
        grep -q 'no <language> (a postcast site: set podcast.language' "$TMP/plain-local.check"
    site "$TMP/plain" -o "$TMP/plain-url" --formats wav --base-url https://notes.example.org 2>"$TMP/plain-url.err" ||
        fail "plain build with a url"
    expect "a url: no warning" test "$(grep -c warning "$TMP/plain-url.err")" -eq 0
    expect "an earlier build inside the folder is no posts" test "$(grep -c '<item>' "$TMP/plain-url/feed.xml")" -eq 1
    expect "plain: the episode" test -s "$TMP/plain/out/episodes/a-note/a-note.wav"
    expect "plain: no description: the first paragraph" \
        grep -q '<description>Just a note, no front matter.</description>' "$TMP/plain/out/feed.xml"
    site "$TMP/plain" -o "$TMP/plain/out" --formats wav -q || fail "plain folder rebuild"
    expect "plain: the output folder inside the source is not read as posts" \
        test "$(grep -c '<item>' "$TMP/plain/out/feed.xml")" -eq 1
    # a YouTube caption file (.sbv) is a post, as .vtt and .srt are
    mkdir -p "$TMP/sbv/_posts"
    cp "$SRC/examples/garden-talk.sbv" "$TMP/sbv/_posts/2026-03-01-garden-talk.sbv"
    site "$TMP/sbv" -o "$TMP/sbv-out" --formats wav -q || fail "sbv site build"
    expect "sbv: the episode" test -s "$TMP/sbv-out/episodes/2026-03-01-garden-talk/2026-03-01-garden-talk.wav"
    expect "sbv: its speakers in the captions" \
        grep -q '<v Priya>' "$TMP/sbv-out/episodes/2026-03-01-garden-talk/2026-03-01-garden-talk.vtt"
    # a WhisperX transcript's speakers are no people of the feed; a
    # title's escape and bidi override reach neither feed nor page
    mkdir -p "$TMP/ids/_posts"
    printf -- '---\ntitle: "Tides \\e[31mred\\u202egnol"\n---\nWEBVTT\n\n00:00.000 --> 00:02.000\n[SPEAKER_00]: Hello there.\n\n00:02.000 --> 00:03.000\n[SPEAKER_01]: Hi.\n\n00:03.000 --> 00:04.000\n<v Dana Wu>Hey.\n' >"$TMP/ids/_posts/2026-03-01-ids.vtt"
    site "$TMP/ids" -o "$TMP/ids-out" --formats wav -q || fail "ids site build"
    expect "ids: no Speaker N among the people" test "$(grep -c '<podcast:person[^>]*>Speaker' "$TMP/ids-out/feed.xml")" -eq 0
    expect "ids: a real name is a person" grep -q '<podcast:person role="guest">Dana Wu</podcast:person>' "$TMP/ids-out/feed.xml"
    for f in "$TMP/ids-out/feed.xml" "$TMP/ids-out/index.html" "$TMP/ids-out/episodes/2026-03-01-ids/index.html"; do
        expect "no escape or bidi override in ${f#"$TMP"/}" test "$(grep -c $'\x1b\|\u202e' "$f")" -eq 0
    done
    # a post's file name with a line break and an escape: its episode's
    # folder and files are named without them (they named the folder)
    mkdir -p "$TMP/ctlname/_posts"
    printf 'Hi.\n' >"$TMP/ctlname/_posts/2026-03-01-a$(printf '\nb\033[31m')c's.md"
    site "$TMP/ctlname" -o "$TMP/ctlname-out" --formats wav -q || fail "control name build"
    expect "control name: the folder" test -d "$TMP/ctlname-out/episodes/2026-03-01-a-b-[31mc's"
    expect "control name: no control in any path" test "$(find "$TMP/ctlname-out" -name "*$(printf '\033')*" | wc -l)" -eq 0
    # errors: a bad site config, a bad post, a missing source, a bad format
    mkdir -p "$TMP/bad/_posts"
    printf 'title: x\n  bad: : yaml\n' >"$TMP/bad/_config.yml"
    "$PC" site "$TMP/bad" -o "$TMP/bad/out" 2>"$TMP/err"
    expect "bad config: exit 1" test $? -eq 1
    expect "bad config: FILE:LINE:COL" grep -q "_config.yml:2:6: the site config is not valid" "$TMP/err"
    rm "$TMP/bad/_config.yml"
    printf -- '---\ntitle: [open\n---\n\nText.\n' >"$TMP/bad/_posts/2026-01-01-x.md"
    "$PC" site "$TMP/bad" -o "$TMP/bad/out" 2>"$TMP/err"
    expect "bad post: exit 1" test $? -eq 1
    expect "bad post: FILE:LINE:COL" grep -q "2026-01-01-x.md:3:1: front matter" "$TMP/err"
    expect "bad post: nothing written" test ! -e "$TMP/bad/out"
    "$PC" site "$TMP/nowhere" -o "$TMP/x" 2>"$TMP/err"
    expect "missing source: exit 1" test $? -eq 1
    "$PC" site "$EXAMPLE" -o "$TMP/x" --formats mp3,ogg 2>"$TMP/err"
    expect "bad format: exit 2" test $? -eq 2
    expect "bad format named" grep -q "ogg" "$TMP/err"
    finish
}

# count_cache: the clip cache's entries
count_cache() { find "$CACHE" -type f | wc -l; }

part_incremental() {
    local s=$TMP/big
    mkdir -p "$s/_posts"
    printf 'title: Fifty\nurl: https://fifty.example.com\nauthor: Fi\n' >"$s/_config.yml"
    for i in $(seq 1 50); do
        printf -- '---\ntitle: Post %d\n---\n\nThis is post number %d.\n\nIt has a second paragraph.\n' \
            "$i" "$i" >"$s/_posts/2026-02-$(printf %02d $(( (i - 1) % 28 + 1 )))-post-$i.md"
    done
    site "$s" -o "$TMP/out" --formats wav 2>"$TMP/log" || { fail "first build"; cat "$TMP/log"; finish; }
    expect "first build renders 50" grep -q "50 episodes, 50 rendered, 50 in the feed" "$TMP/log"
    # (how fast is bench/'s business: a wall-clock limit here failed on a
    # busy machine; what is checked is that nothing is done again)
    local t0 t1
    touch "$TMP/before-rebuild"
    sleep 0.01
    t0=$(date +%s%N)
    site "$s" -o "$TMP/out" --formats wav 2>"$TMP/log" || fail "second build"
    t1=$(date +%s%N)
    expect "unchanged: nothing rendered" grep -q "50 episodes, 0 rendered, 50 in the feed" "$TMP/log"
    echo "unchanged 50-post site rebuilt in $(( (t1 - t0) / 1000000 )) ms"
    expect "unchanged: no episode's audio or sidecar written again" \
        test -z "$(find "$TMP/out" -newer "$TMP/before-rebuild" -type f -path '*/episodes/*' ! -name '*.html' -print -quit)"
    local before after
    before=$(count_cache)
    local edited=$s/_posts/2026-02-07-post-7.md
    sed -i 's/It has a second paragraph./It has an edited second paragraph./' "$edited"
    site "$s" -o "$TMP/out" --formats wav 2>"$TMP/log" || fail "edited build"
    expect "one edit: one render" grep -q "50 episodes, 1 rendered" "$TMP/log"
    expect "one edit: that post" grep -q "post-7: render" "$TMP/log"
    after=$(count_cache)
    expect "one edit: one new clip in the cache ($before -> $after)" test "$after" -eq $((before + 1))
    expect "one edit: its transcript" grep -q "edited second" "$TMP/out/episodes/2026-02-07-post-7/2026-02-07-post-7.vtt"
    # --force renders everything again; an episode whose file went missing is stale
    rm "$TMP/out/episodes/2026-02-09-post-9/2026-02-09-post-9.wav"
    site "$s" -o "$TMP/out" --formats wav 2>"$TMP/log" || fail "missing-file build"
    expect "a missing file: re-rendered" grep -q "post-9: render" "$TMP/log"
    # the cover art's bytes are part of the hash
    local cover=$s/_posts/2026-02-10-post-10.md
    cp "$EXAMPLE/assets/artwork.png" "$s/_posts/cover.png"
    sed -i '2a image: cover.png' "$cover"
    site "$s" -o "$TMP/out" --formats wav 2>"$TMP/log" || fail "cover build"
    expect "a cover named: that post" grep -q "50 episodes, 1 rendered" "$TMP/log"
    printf 'x' >>"$s/_posts/cover.png"
    site "$s" -o "$TMP/out" --formats wav 2>"$TMP/log" || fail "changed-cover build"
    expect "the cover's bytes changed: that post again" grep -q "post-10: render" "$TMP/log"
    expect "the cover's bytes changed: only that post" grep -q "50 episodes, 1 rendered" "$TMP/log"
    # a removed post: gone from the feed and the disk
    rm "$s/_posts/2026-02-12-post-12.md"
    sed -i 's/^---$/---/; 2a draft: true' "$s/_posts/2026-02-13-post-13.md"
    site "$s" -o "$TMP/out" --formats wav 2>"$TMP/log" || fail "removal build"
    expect "removed: logged" grep -q "post-12: removed" "$TMP/log"
    expect "now a draft: removed" grep -q "post-13: removed" "$TMP/log"
    expect "removed: 48 in the feed" grep -q "48 in the feed, 2 removed" "$TMP/log"
    expect "removed: files gone" test ! -e "$TMP/out/episodes/2026-02-12-post-12"
    expect "removed: not in the feed" test "$(grep -c 'post-12' "$TMP/out/feed.xml")" -eq 0
    expect "removed: 48 items" test "$(grep -c '<item>' "$TMP/out/feed.xml")" -eq 48
    finish
}

# broken NAME RULE: feed --check on $TMP/b/feed.xml fails naming RULE
broken() {
    "$PC" feed --check "$TMP/b/feed.xml" >"$TMP/out" 2>&1
    local rc=$?
    expect "$1: exit 1 (got $rc)" test "$rc" -eq 1
    if grep -q "\[$2\]" "$TMP/out"; then ok; else fail "$1: rule $2 named"; cat "$TMP/out"; fi
}
reset_copy() { rm -rf "$TMP/b"; cp -r "$TMP/a" "$TMP/b"; }

part_check() {
    site "$EXAMPLE" -o "$TMP/a" -q || { fail "site build"; finish; }
    "$PC" feed --check "$TMP/a/feed.xml" >"$TMP/out" 2>&1
    expect "a good feed passes" test $? -eq 0
    local f=$TMP/b/feed.xml
    reset_copy
    $PY - "$f" <<'PYEOF'
import re, sys
p = sys.argv[1]; s = open(p).read()
s = re.sub(r'(<enclosure [^>]*length=")(\d+)', lambda m: m.group(1) + str(int(m.group(2)) + 1), s, count=1)
open(p, "w").write(s)
PYEOF
    broken "wrong length" enclosure-length
    reset_copy
    sed -i '0,/<enclosure url="https:\/\/[^/"]*/s//<enclosure url="http:\/\/localhost:4000/' "$f"
    broken "an enclosure on localhost" enclosure-public
    reset_copy
    $PY - "$f" <<'PYEOF'
import re, sys
p = sys.argv[1]; s = open(p).read()
g = re.findall(r'<guid isPermaLink="false">([^<]*)</guid>', s)
s = s.replace(g[1], g[0])
open(p, "w").write(s)
PYEOF
    broken "duplicate guid" unique-guid
    reset_copy
    sed -i '0,/<enclosure /{/<enclosure /d}' "$f"
    broken "missing enclosure" enclosure
    reset_copy
    ffmpeg -v error -y -i "$TMP/a/artwork.png" -vf scale=600:600 "$TMP/b/artwork.png"
    broken "600 px artwork" artwork-size
    reset_copy
    printf 'GIF89a not an image' >"$TMP/b/artwork.png"
    broken "artwork neither PNG nor JPEG" artwork-format
    reset_copy
    sed -i '0,/<itunes:duration>/s/<itunes:duration>[0-9]*</<itunes:duration>999</' "$f"
    broken "a duration the audio does not have" duration
    reset_copy
    sed -i 's/<podcast:guid>[^<]*</<podcast:guid>00000000-0000-5000-8000-000000000000</' "$f"
    broken "podcast:guid not the UUIDv5 of the feed URL" podcast-guid
    reset_copy
    rm "$TMP/b/episodes/2026-01-12-tide-tables/2026-01-12-tide-tables.vtt"
    broken "a transcript file missing" transcript-file
    reset_copy
    printf '{"chapters": 3}' >"$TMP/b/episodes/2026-01-12-tide-tables/2026-01-12-tide-tables.chapters.json"
    broken "chapters that are not chapters JSON" chapters-json
    reset_copy
    printf '1\n00:00:00,000 --> 00:00:01,000\nHi\n' >"$TMP/b/episodes/2026-01-05-welcome/2026-01-05-welcome.vtt"
    broken "an SRT file posing as VTT" transcript-vtt
    reset_copy
    sed -i 's#<itunes:author>[^<]*</itunes:author>##' "$f"
    broken "no itunes:author" required-tag
    reset_copy
    head -c 2000 "$TMP/a/feed.xml" >"$f"
    broken "truncated XML" well-formed
    expect "well-formed: libxml2's message without its line break shown as \\n" \
        test "$(grep -c 'well-formed.*\\n$' "$TMP/out")" -eq 0
    reset_copy
    sed -i '0,/<enclosure /s#\(<enclosure url="[^"]*\)\.mp3"#\1-gone.mp3"#' "$f"
    broken "an enclosure that is not there" enclosure-file
    "$PC" feed --check "$TMP/none.xml" 2>/dev/null
    expect "a missing feed: exit 1" test $? -eq 1
    "$PC" feed "$TMP/a/feed.xml" 2>/dev/null
    expect "no --check: exit 2" test $? -eq 2
    finish
}

CHROMIUM_FLAGS=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync)

part_page() {
    command -v chromium >/dev/null || { echo "chromium not installed"; exit 77; }
    site "$EXAMPLE" -o "$TMP/a" -q || { fail "site build"; finish; }
    local dir=$TMP/a/episodes/2026-01-19-harbour-master page
    page=$dir/index.html
    expect "no external resources" test -z "$(grep -oE '(src|href)="(https?:)?//[^"]*"' "$page")"
    expect "no external resources on the index" \
        test -z "$(grep -oE '(src|href)="(https?:)?//[^"]*"' "$TMP/a/index.html")"
    # the page as shipped, plus a test script that clicks the second
    # chapter once the player knows its length and writes what it sees
    $PY - "$page" "$dir/test.html" <<'PYEOF'
import sys
s = open(sys.argv[1], encoding="utf-8").read()
probe = """<script>(function(){var a=document.getElementById('player');
function go(){var c=document.querySelectorAll('#chapters a')[1];c.click();
setTimeout(function(){var d=document.createElement('div');d.id='probe';
d.setAttribute('data-current-time',a.currentTime);d.setAttribute('data-chapter-start',c.getAttribute('data-start'));
d.setAttribute('data-chapters',document.querySelectorAll('#chapters li').length);
d.setAttribute('data-cues',document.querySelectorAll('#transcript .cue').length);
d.setAttribute('data-speakers',[].map.call(document.querySelectorAll('#transcript .speaker'),function(e){return e.textContent;}).join('|'));
d.setAttribute('data-current-cue',(document.querySelector('#transcript .cue.current')||{textContent:''}).textContent);
document.body.appendChild(d);},300);}
if(a.readyState>=1)go();else a.addEventListener('loadedmetadata',go);})();</script>"""
open(sys.argv[2], "w", encoding="utf-8").write(s.replace("</body>", probe + "</body>"))
PYEOF
    timeout 90 chromium "${CHROMIUM_FLAGS[@]}" --user-data-dir="$(mktemp -d -p "$TMP")" \
        --virtual-time-budget=8000 --dump-dom "file://$dir/test.html" >"$TMP/dom" 2>"$TMP/chromium.log"
    local probe
    probe=$(grep -o '<div id="probe"[^>]*>' "$TMP/dom")
    echo "probe: $probe"
    if [ -z "$probe" ]; then fail "the page ran the probe"; tail -5 "$TMP/chromium.log"; finish; fi
    attr() { sed -n "s/.* $1=\"\\([^\"]*\\)\".*/\\1/p" <<<"$probe"; }
    expect "two chapters listed" test "$(attr data-chapters)" = 2
    expect "transcript cues rendered" test "$(attr data-cues)" -gt 5
    expect "speaker names in the transcript" grep -q "Maya|Ed" <<<"$(attr data-speakers)"
    expect "a click on chapter 2 seeks to it ($(attr data-current-time) vs $(attr data-chapter-start))" \
        $PY -c "import sys; sys.exit(abs(float('$(attr data-current-time)') - float('$(attr data-chapter-start)')) > 0.05 or float('$(attr data-chapter-start)') < 1)"
    expect "the transcript follows: the cue at chapter 2 is marked" \
        test "$(attr data-current-cue)" = "The storm of ninety-nine"
    local shot=${POSTCAST_SCREENSHOT_DIR:-$TMP}/site-episode.png
    timeout 90 chromium "${CHROMIUM_FLAGS[@]}" --user-data-dir="$(mktemp -d -p "$TMP")" \
        --window-size=900,1300 --hide-scrollbars --virtual-time-budget=3000 \
        --screenshot="$shot" "file://$page" >/dev/null 2>>"$TMP/chromium.log"
    expect "a screenshot ($shot)" test -s "$shot"
    finish
}

part_parallel() {
    command -v parallel >/dev/null || { echo "GNU parallel not installed"; exit 77; }
    cd "$TMP" || exit 1
    cp -r "$EXAMPLE" site
    # every format byte-identical to a single build (the Ogg serial number
    # comes from the episode, not from rand())
    site() { "$PC" site "$@" --cache-dir "$CACHE" --formats mp3,flac,opus; }
    # a post named with a newline, an escape and a quote: still one job per
    # line, no raw control byte printed, and the job runs through bash
    mkdir odd && cp -r site/_config.yml site/assets odd/ && mkdir odd/_posts
    cp site/_posts/2026-01-05-welcome.md "odd/_posts/2026-01-05-we"$'\n\e[31m'"lc'ome.md"
    "$PC" site odd -o oddout --engine fake --jobs --program "$PC" >oddjobs.txt || fail "--jobs (odd name)"
    expect "one line per job" test "$(wc -l <oddjobs.txt)" -eq 1
    expect "no raw control byte" test -z "$(tr -d '\n' <oddjobs.txt | LC_ALL=C tr -d '\040-\176')"
    parallel --will-cite -j2 <oddjobs.txt 2>/dev/null || fail "parallel ran the odd job"
    expect "the odd job rendered" test "$("$PC" site odd -o oddout --engine fake --jobs | wc -c)" -eq 0
    site site -o single -q || { fail "single build"; finish; }
    # the job list, run by GNU parallel in two slots, then assembled
    site site -o par --jobs --program "$PC" >jobs.txt || fail "--jobs"
    expect "four jobs" test "$(wc -l <jobs.txt)" -eq 4
    parallel --will-cite -j2 <jobs.txt || fail "parallel -j2"
    site site -o par --no-render 2>log || fail "--no-render"
    expect "--no-render renders nothing" grep -q "4 episodes, 0 rendered, 4 in the feed" log
    if diff -r single par >diff.txt; then ok; else fail "parallel build differs"; head diff.txt; fi
    site site -o par --jobs >jobs2.txt
    expect "after the jobs, none stale" test ! -s jobs2.txt
    # over ssh: sshd on 127.0.0.1 with throwaway keys; the post goes there
    # and the episode comes back (rsync through GNU parallel)
    command -v sshd >/dev/null || { echo "sshd missing"; finish; }
    mkdir -p ssh /run/sshd
    ssh-keygen -q -t ed25519 -N '' -f ssh/host_key
    ssh-keygen -q -t ed25519 -N '' -f ssh/user_key
    cp ssh/user_key.pub ssh/authorized_keys
    local port tries
    for tries in 1 2 3 4 5; do # a port some other program holds: another
        port=$((20000 + RANDOM % 20000))
        /usr/sbin/sshd -f /dev/null -h "$TMP/ssh/host_key" -p "$port" -o ListenAddress=127.0.0.1 \
            -o AuthorizedKeysFile="$TMP/ssh/authorized_keys" -o StrictModes=no \
            -o PasswordAuthentication=no -o PermitRootLogin=prohibit-password \
            -o PidFile="$TMP/sshd.pid" -o UsePAM=no 2>>"$TMP/sshd.log" && break
    done
    [ -f "$TMP/sshd.pid" ] || sleep 0.5
    [ -f "$TMP/sshd.pid" ] || { fail "sshd start"; cat "$TMP/sshd.log"; finish; }
    printf '#!/bin/sh\nexec ssh -p %s -i %s -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o BatchMode=yes "$@"\n' \
        "$port" "$TMP/ssh/user_key" >ssh/ssh
    chmod +x ssh/ssh
    for i in $(seq 1 50); do ssh/ssh 127.0.0.1 true 2>/dev/null && break; sleep 0.1; done
    site site -o remote --jobs-json --program "$PC" >jobs.json || fail "--jobs-json"
    $PY -c 'import json,shlex,sys
for j in json.load(open("jobs.json")):
    print(j["post"], j["output"], shlex.join(j["command"]), sep="\t")' >jobs.tsv
    expect "four JSON jobs" test "$(wc -l <jobs.tsv)" -eq 4
    parallel --will-cite --ssh "$TMP/ssh/ssh" -S 2/127.0.0.1 --colsep '\t' --workdir ... \
        --transferfile {1} --return {2} --cleanup 'echo "ran in $PWD" >&2; eval {3}' \
        <jobs.tsv 2>par.err || { fail "parallel -S over ssh"; cat par.err; }
    expect "the jobs ran in parallel's remote work folders" \
        test "$(grep -c "ran in .*/.parallel/tmp/" par.err)" -eq 4
    expect "the episodes came back" test -s remote/episodes/2026-01-05-welcome/episode.json
    site site -o remote --no-render 2>log || fail "--no-render after ssh"
    expect "ssh: nothing left to render" grep -q "4 episodes, 0 rendered, 4 in the feed" log
    if diff -r single remote >diff.txt; then ok; else fail "ssh build differs"; head diff.txt; fi
    finish
}

part_hostile() {
    cd "$TMP" || exit 1
    mkdir -p h/_posts
    printf 'title: H\nurl: https://h.example\nauthor: H\n' >h/_config.yml
    post() { printf -- '---\ntitle: "%s"\n%b---\nHello there.\n' "$1" "$2" >"h/_posts/$3.md"; }
    # file names make slugs with '%', quotes, '<' and '&': every link of
    # the pages must lead to its file (a raw '%25' in an href was decoded
    # by the browser to another name)
    post 'Percent' 'guid: "https://old.example.com/?p=123&amp=1#a-guid-longer-than-36-bytes"\n' '100%25'
    post 'Marks' '' 'a b#?%"<>&'
    post 'Accent' 'guid: ""\nepisode: 99999999999999999999999\nseason: 0\n' 'é'
    site h -o h-out --engine fake --formats mp3 -q || fail "a site of odd names"
    $PY - h-out <<'PYEOF' || fail "a page's link leads nowhere"
import html, os, re, sys, urllib.parse
out, bad, n = sys.argv[1], 0, 0
for root, _, files in os.walk(out):
    for f in files:
        if not f.endswith(".html"):
            continue
        page = open(os.path.join(root, f), encoding="utf-8").read()
        for u in re.findall(r'(?:href|src)="([^"#]+)"', page):
            n += 1
            path = os.path.normpath(os.path.join(root, urllib.parse.unquote(html.unescape(u))))
            if not os.path.isfile(path):
                print("FAIL: %s: %s names no file" % (f, u)); bad += 1
sys.exit(1 if bad or n < 20 else 0)
PYEOF
    # what a URL, a feed or a cue sheet must escape is no part of a slug
    expect "slugs of '%', quotes, '<', '>', '&'" test -d h-out/episodes/100-25 -a -d "h-out/episodes/a-b-------"
    expect "no odd byte in any episode's name" test -z "$(find h-out/episodes | grep '[%\"<>&|*:]')"
    expect "a guid over 36 bytes stays the post's" \
        grep -q '<guid isPermaLink="false">https://old.example.com/?p=123&amp;amp=1#a-guid-longer-than-36-bytes</guid>' h-out/feed.xml
    expect "episode 1e23 and season 0 are left out of the feed, as out of the tags" \
        test "$(grep -Ec '<itunes:(episode|season)>' h-out/feed.xml)" -eq 0
    expect "an empty guid is a generated one" \
        test "$(grep -Ec '<guid isPermaLink="false">[0-9a-f-]{36}</guid>' h-out/feed.xml)" -eq 2
    "$PC" feed --check h-out/feed.xml >check.txt 2>&1
    if grep -E '\[(enclosure|unique|chapters|transcript|alternate)' check.txt; then fail "feed --check of odd names"; else ok; fi
    # a name too long for its files failed after the render, leaving it half-written
    post 'Long' '' "$(printf 'x%.0s' $(seq 201))"
    if site h -o h-long --engine fake --formats mp3 -q 2>err; then fail "a 201-byte name builds"; else
        expect "too long: the error names the post" grep -q "_posts/xxx*\.md: the episode's name (the file's, 201 bytes) is longer than 200 bytes" err
        expect "too long: nothing rendered" test ! -e h-long; fi
    rm h/_posts/xxx*
    # a javascript: or data: site URL went into every link of the feed and pages
    printf 'title: J\nurl: "javascript:alert(1)//"\n' >h/_config.yml
    if site h -o h-js --engine fake --formats mp3 -q 2>err; then fail "a javascript: url builds"; else
        expect "javascript: url: the error names the config at the url" grep -q "h/_config.yml:2:6: the site's url 'javascript:alert(1)' is not an http(s) URL" err
        expect "javascript: url: nothing built" test ! -e h-js; fi
    printf 'title: J\nurl: "https://ok.example"\nbaseurl: "/a b"\n' >h/_config.yml
    if site h -o h-js --engine fake --formats mp3 -q 2>err; then fail "a url with a blank builds"; else
        expect "a blank in baseurl: the error is at it" grep -q "h/_config.yml:3:10: the site's url 'https://ok.example/a b'" err; fi
    # a query or fragment in the url made every joined link its query
    # (https://e.org/?a=1/feed.xml); a language or type that is no such
    # thing went into the feed as it was (<language>en"&gt;&lt;x)
    printf 'title: J\nurl: "https://ok.example/?a=1&b=2"\n' >h/_config.yml
    if site h -o h-js --engine fake --formats mp3 -q 2>err; then fail "a url with a query builds"; else
        expect "a query in the url: the error is at it" grep -q "h/_config.yml:2:6: the site's url 'https://ok.example/?a=1&b=2' is not an http(s) URL" err; fi
    printf 'title: J\nurl: https://ok.example\nlang: "en\\"><x"\n' >h/_config.yml
    if site h -o h-js --engine fake --formats mp3 -q 2>err; then fail "a bad lang builds"; else
        expect "a bad lang: the error is at it" grep -q "h/_config.yml:3:7: lang 'en\"><x' is not a language tag" err; fi
    printf 'title: J\nurl: https://ok.example\npodcast:\n  type: "serial/><x"\n' >h/_config.yml
    if site h -o h-js --engine fake --formats mp3 -q 2>err; then fail "a bad podcast.type builds"; else
        expect "a bad podcast.type: the error is at it" grep -q "h/_config.yml:4:9: podcast.type 'serial/><x' is not episodic or serial" err
        expect "bad config values: nothing built" test ! -e h-js; fi
    printf 'title: J\nurl: https://ok.example\nlang: en_GB\n' >h/_config.yml
    site h -o h-lang --engine fake --formats mp3 -q 2>/dev/null || fail "lang: en_GB builds"
    expect "Jekyll's en_GB is the feed's en-GB" grep -q '<language>en-GB</language>' h-lang/feed.xml
    # a post's lang or episodeType that is no such thing: the page's lang
    # and the feed's episodeType were the text as written
    mkdir -p hl/_posts && printf 'title: J\nurl: https://ok.example\n' >hl/_config.yml
    printf -- '---\ntitle: L\nlang: "en\\"><x"\nepisodeType: "<bonus>"\n---\nHi.\n' >hl/_posts/2026-01-05-l.md
    printf -- '---\ntitle: M\nlang: zh_TW\nepisodeType: trailer\n---\nHi.\n' >hl/_posts/2026-01-06-m.md
    site hl -o hl-out --engine fake --formats mp3 -q 2>/dev/null || fail "odd post lang builds"
    expect "a post's bad lang: no page carries it" test "$(grep -l '&gt;&lt;x' hl-out/episodes/*/index.html | wc -l)" -eq 0
    expect "a post's zh_TW: the page's lang is zh-TW" grep -q '<html lang="zh-TW">' hl-out/episodes/2026-01-06-m/index.html
    expect "episodeType: trailer, and full for <bonus>" test "$(grep -o '<itunes:episodeType>[^<]*' hl-out/feed.xml | tr '\n' ' ')" = "<itunes:episodeType>trailer <itunes:episodeType>full "
    # Jekyll's url: "" with a baseurl was http://localhost/blog/blog
    printf 'title: J\nurl: ""\nbaseurl: /blog\n' >h/_config.yml
    site h -o h-empty --engine fake --formats mp3 -q 2>/dev/null || fail "url: empty builds"
    expect "url empty, baseurl /blog: http://localhost/blog" grep -q '<link>http://localhost/blog</link>' h-empty/feed.xml
    # a manifest that lists a file through a link leading out of OUT (an
    # output restored from elsewhere, a job's returned folder) removed it
    mkdir -p m/src outside
    printf 'Hello.\n' >m/src/a.md; printf 'Hello.\n' >m/src/b.md; echo keep >outside/secret
    site m/src -o m/out --engine fake --formats wav -q --base-url https://m.example || fail "manifest site"
    ln -s "$TMP/outside" m/out/episodes/evil
    $PY -c 'import json, sys
m = json.load(open(sys.argv[1]))
[e["files"].extend(["episodes/evil/secret", "CNAME", "episodes/b/b.wav", "episodes/a/../b/b.vtt"]) for e in m["episodes"] if e["slug"] == "a"]
json.dump(m, open(sys.argv[1], "w"))' m/out/manifest.json
    echo m.example >m/out/CNAME
    rm m/src/a.md
    site m/src -o m/out --engine fake --formats wav -q --base-url https://m.example || fail "manifest site again"
    expect "a removed post's files: none through a link out of OUT" test -e outside/secret
    # nor outside its episode's folder: the site's own CNAME, another episode
    expect "a removed post's files: none outside its folder" test -e m/out/CNAME -a -e m/out/episodes/b/b.wav -a -e m/out/episodes/b/b.vtt
    expect "a removed post's own files go" test ! -e m/out/episodes/a/a.wav
    # the captions are copied into the episode's page: a VTT that is a
    # link out of OUT (a job's returned folder) published what it named
    printf 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n<v Spy>SECRET WORDS\n' >outside/secret.vtt
    rm m/out/episodes/b/b.vtt && ln -s "$TMP/outside/secret.vtt" m/out/episodes/b/b.vtt
    if site m/src -o m/out --engine fake --formats wav -q --base-url https://m.example --no-render 2>err; then
        fail "a VTT linked out of OUT is published"; else
        expect "a VTT linked out: the error names it" grep -q "b/b.vtt: leads out of the episode's folder" err; fi
    expect "a VTT linked out: not in the page" test "$(grep -c SECRET m/out/episodes/b/index.html)" -eq 0
    # a SRC that starts with '-' was printed bare in each job, which then
    # read it as an option; names with quotes and $( ) stay one argument
    mkdir -p -- -d/src
    printf 'Hi.\n' >-d/src/-rf.md; printf 'Hi.\n' >"-d/src/a b'\$(touch PWNED)\`touch P2\`.md"
    "$PC" site -o d-out --engine fake --formats wav --jobs -q -- -d/src >jobs.txt || fail "--jobs of -d/src"
    sed -i "s|^postcast |'$PC' |" jobs.txt
    while IFS= read -r job; do eval "$job -q --cache-dir '$CACHE'" || fail "job: $job"; done <jobs.txt
    expect "the jobs of a SRC named -d/src render" test -s d-out/episodes/-rf/-rf.wav
    expect "no command ran from a name" test ! -e PWNED -a ! -e P2
    # Hugo's baseURL = "/" is a site with no host yet: this machine's, with the warning
    rm h/_config.yml
    printf 'title = "Hu"\nbaseURL = "/"\n' >h/hugo.toml
    site h -o h-hugo --engine fake --formats mp3 2>err || { fail "baseURL / builds"; cat err; }
    expect "baseURL /: this machine's links" grep -q '<link>http://localhost</link>' h-hugo/feed.xml
    expect "baseURL /: the warning" grep -q 'warning: .*--base-url' err
    finish
}

case $PART in
build | incremental | check | page | parallel | hostile) "part_$PART" ;;
*) echo "usage: site.sh POSTCAST SOURCE_DIR build|incremental|check|page|parallel|hostile"; exit 2 ;;
esac
