#!/usr/bin/env bash
# CLI tests: exit codes, error message format, --help/--version.
# usage: cli.sh POSTCAST SOURCE_DIR
set -u
PC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
fails=0 passes=0

# run EXPECTED_EXIT STDERR_REGEX -- command...
run() {
    local want=$1 pattern=$2
    shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: '$*' exited $got, want $want"; sed 's/^/  stderr: /' "$TMP/err" | head -5
        fails=$((fails + 1)); return
    fi
    if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$TMP/err"; then
        echo "FAIL: '$*' stderr lacks /$pattern/"; sed 's/^/  stderr: /' "$TMP/err" | head -5
        fails=$((fails + 1)); return
    fi
    passes=$((passes + 1))
}
# out REGEX: the last command's stdout matches
out() {
    if grep -Eq -- "$1" "$TMP/out"; then passes=$((passes + 1)); else
        echo "FAIL: stdout lacks /$1/"; head -5 "$TMP/out" | sed 's/^/  stdout: /'; fails=$((fails + 1)); fi
}

run 0 "" -- "$PC" --help; out "postcast script POST.md"
run 0 "" -- "$PC" --version; out "^postcast [0-9]+\.[0-9]+\.[0-9]+$"
# the README's usage block is postcast --help's, less its two-space indent
"$PC" --help | sed -n '/^Usage:$/,/^$/p' | sed -e '1d' -e '/^$/d' -e 's/^  //' >"$TMP/usage-help"
awk '/^## Usage/ { on = 1; next } on && /^```$/ { if (inside) exit; inside = 1; next } inside' \
    "$SRC/README.md" >"$TMP/usage-readme"
if [ -s "$TMP/usage-help" ] && cmp -s "$TMP/usage-help" "$TMP/usage-readme"; then passes=$((passes + 1)); else
    echo "FAIL: README usage differs from --help:"; diff "$TMP/usage-help" "$TMP/usage-readme"; fails=$((fails + 1)); fi
run 0 "" -- "$PC" help script; out "--json"
run 0 "" -- "$PC" script --help; out "Usage: postcast script"
run 2 "unknown option '--bogus'" -- "$PC" --bogus
run 2 "unknown option '--frobnicate'" -- "$PC" script "$SRC/examples/blog-post.md" --frobnicate
run 2 "unknown command" -- "$PC" frobnicate
run 2 "no post given" -- "$PC" script
run 2 "cache: no action given" -- "$PC" cache
# a --cache-dir that is not there (a typo) is not 'cleared'; a clear says what went
run 2 "cache: no action given \(stats or clear\)" -- "$PC" cache
run 0 "" -- "$PC" cache clear --cache-dir "$TMP/no-cache"; out "^$TMP/no-cache: no cache there; nothing to clear$"
run 0 "" -- "$PC" cache stats --cache-dir "$TMP/no-cache"; out "^$TMP/no-cache: 0 clips, 0\.0 MiB \(no cache there yet\)$"
[ ! -e "$TMP/no-cache" ] && passes=$((passes + 1)) || { echo "FAIL: cache stats made its folder"; fails=$((fails + 1)); }
run 0 "" -- "$PC" render "$SRC/examples/blog-post.md" --engine fake --no-music -q -o "$TMP/c.wav" --cache-dir "$TMP/a-cache"
run 0 "" -- "$PC" cache clear --cache-dir "$TMP/a-cache"; out "^cleared $TMP/a-cache \([1-9][0-9]* clips, [0-9.]+ MiB\)$"
# the option syntax every command shares (tools/args.c)
run 2 "script: option '--cast' needs a value" -- "$PC" script "$SRC/examples/blog-post.md" --cast
run 2 "script: unknown option '--json=1'" -- "$PC" script "$SRC/examples/blog-post.md" --json=1
run 2 "script: unexpected argument 'two.md'" -- "$PC" script "$SRC/examples/blog-post.md" two.md
run 0 "" -- "$PC" script -- "$SRC/examples/blog-post.md"
run 2 "render: bad --jobs '65' \(1-64\)" -- "$PC" render "$SRC/examples/blog-post.md" --jobs=65
run 2 "render: bad --cache-max '5Q'" -- "$PC" render "$SRC/examples/blog-post.md" --cache-max 5Q
run 2 "chapters: unknown option '--stereo'" -- "$PC" chapters x.wav --stereo
run 2 "voices: unexpected argument 'x'" -- "$PC" voices x
run 2 "no command 'nope'" -- "$PC" help nope
run 2 "" -- "$PC"
# a new user's typos: the message names the nearest option or command,
# and points at the help of the command that was run
B="$SRC/examples/blog-post.md"
run 2 "render: unknown option '--fromat'; did you mean '--format'\?" -- "$PC" render "$B" --fromat flac
run 2 "^Try 'postcast help render'\.$" -- "$PC" render "$B" --fromat flac
run 2 "unknown option '--frobnicate'$" -- "$PC" render "$B" --frobnicate
run 2 "unknown command 'rendr'; did you mean 'render'\?" -- "$PC" rendr "$B"
run 2 "no command 'chapter'; did you mean 'chapters'\?" -- "$PC" help chapter
run 2 "unknown option '--verison'; did you mean '--version'\?" -- "$PC" --verison
run 2 "^Try 'postcast --help'\.$" -- "$PC" --verison
# a short option's value may be attached, as make's and cc's are (-j2)
run 0 "" -- "$PC" render "$B" --engine fake --no-music -q -j2 "-o$TMP/j2.wav"
[ -s "$TMP/j2.wav" ] && passes=$((passes + 1)) || { echo "FAIL: -o attached"; fails=$((fails + 1)); }
run 2 "render: bad --jobs '0x'" -- "$PC" render "$B" -j0x
# --meta takes the keys the help lists; a typo was dropped without a word
run 2 "render: bad --meta 'autor=Zed' \(KEY=VALUE; KEY is author, show, .*\); did you mean 'author'\?" -- "$PC" render "$B" -o "$TMP/no.wav" --meta autor=Zed
run 2 "render: bad --meta 'Robin'" -- "$PC" render "$B" -o "$TMP/no.wav" --meta Robin
run 0 "" -- "$PC" render "$B" --engine fake --no-music -q -o "$TMP/meta.wav" --meta podcast=Garden --meta Author=Zed
run 0 "" -- "$PC" chapters "$TMP/meta.wav"; out "^ALBUM +Garden$"; out "^ARTIST +Zed$"
# -q and -v contradict each other: said, not settled silently
run 2 "render: -q and -v: give one" -- "$PC" render "$B" -o "$TMP/no.wav" -q -v
run 2 "preview: -q and -v: give one" -- "$PC" preview "$B" --section 1 -o "$TMP/no.wav" --quiet -v
run 2 "site: -q and -v: give one" -- "$PC" site "$SRC/examples/site" -o "$TMP/no-site" -q -v
run 2 "script: --json and --plain: give one" -- "$PC" script "$B" --json --plain
# preview -o writes what render writes (its help said WAV/FLAC), and its
# help lists the render options it takes (it left out --stereo, --rate, ...)
run 0 "" -- "$PC" preview "$B" --section 2 --engine fake -o "$TMP/pv.mp3" --stereo
run 0 "" -- "$PC" chapters "$TMP/pv.mp3"; out "^MP3 +22050 Hz +2 channels"
run 0 "" -- "$PC" help preview; out "write it instead of playing, in any format render$"; out "--pause, --stereo, --rate,$"; out "^--loudness, --lexicon"
# site's formats are named where a user looks (m4a is not one: refused only when tried)
run 0 "" -- "$PC" help site; out "--formats .*wav, flac, mp3 or opus"
run 2 "a site has no M4A episodes yet" -- "$PC" site "$SRC/examples/site" -o "$TMP/no-site" --formats m4a
run 2 "format 'mp3' is named twice" -- "$PC" site "$SRC/examples/site" -o "$TMP/no-site" --formats mp3,opus,mp3
run 2 "unknown format 'ogg'" -- "$PC" site "$SRC/examples/site" -o "$TMP/no-site" --formats ogg
# -o - is standard output, not a file named '-'; --help before a command is its help
run 0 "^postcast: wrote standard output \(" -- "$PC" render "$B" --engine fake --no-music -o -
run 0 "" -- "$PC" --help render; out "^Usage: postcast render POST.md"
# after --, --help is a file's name, as every other option is
run 1 "^postcast: error: --help: cannot open: No such file" -- "$PC" script -- --help
# voices' help says what --text and --lang take (it named neither)
run 0 "" -- "$PC" help voices; out "^  --text T +"; out "^  --lang L +.*lang:"
run 1 "no voice preset named 'Ava' \(did you mean 'ava'\?\); the presets are: ava ben" -- "$PC" voices --say Ava
# --voices names what is wrong with the folder it was given
run 1 "^postcast: error: $TMP/no-voices: cannot open the voices directory: No such file or directory \(--voices takes a folder of NAME\.yaml presets\)$" -- "$PC" cast "$B" --voices "$TMP/no-voices"
run 1 "blog-post\.md: cannot open the voices directory: Not a directory" -- "$PC" voices --voices "$B"
# the episode never replaces a file the render reads: music, cast, lexicon
# (-o jingle.wav --intro jingle.wav replaced the jingle with the episode)
run 0 "" -- "$PC" voices --say ava --text "Da da dum." -o "$TMP/jingle.wav"
# a podcast key's bad value is placed at FILE:LINE:COL (the warnings
# named the post alone)
printf -- '---\ntitle: T\nimage: nope.png\nexplicit: maybe\nepisode: -3\n---\nHello there.\n' >"$TMP/tags.md"
run 0 "tags\.md:3:8: image: nope\.png: cannot open" -- "$PC" render "$TMP/tags.md" -o "$TMP/tags.mp3" -q --no-cache
grep -q "tags\.md:4:11: explicit: expected true or false" "$TMP/err" && grep -q "tags\.md:5:10: episode: '-3'" "$TMP/err" \
    || { echo "FAIL: podcast key warnings without their place"; sed 's/^/  stderr: /' "$TMP/err"; fails=$((fails + 1)); }
# a lang that names no language is said, as render says it (it was silent)
run 0 "^postcast: warning: lang 'zz' names no language" -- "$PC" voices --say ava --lang zz -o "$TMP/zz.wav"
cksum <"$TMP/jingle.wav" >"$TMP/jingle.sum"
run 2 "^postcast: error: $TMP/jingle\.wav: is read by this render \(music intro\); write the episode to another file \(-o\)$" -- "$PC" render "$B" --engine fake -o "$TMP/jingle.wav" --intro "$TMP/jingle.wav"
printf 'Maya: ava\n' >"$TMP/keep-cast.yaml"
cksum <"$TMP/keep-cast.yaml" >>"$TMP/jingle.sum"
run 2 "keep-cast\.yaml: is read by this render \(--cast\)" -- "$PC" render "$B" --engine fake --format wav -o "$TMP/keep-cast.yaml" --cast "$TMP/keep-cast.yaml"
run 2 "keep-cast\.yaml: is read by this render \(--cast\)" -- "$PC" preview "$B" --section 1 --engine fake --format wav -o "$TMP/keep-cast.yaml" --cast "$TMP/keep-cast.yaml"
[ "$(cksum <"$TMP/jingle.wav"; cksum <"$TMP/keep-cast.yaml")" = "$(cat "$TMP/jingle.sum")" ] && passes=$((passes + 1)) \
    || { echo "FAIL: an input was overwritten by the episode"; fails=$((fails + 1)); }
# site -o its own folder wrote feed.xml and index.html among the posts
# (over the blog's own index.html)
mkdir -p "$TMP/own-site" && printf -- '---\ntitle: T\n---\n\nHi.\n' >"$TMP/own-site/p.md" && echo '<h1>mine</h1>' >"$TMP/own-site/index.html"
run 2 "^postcast: site: -o $TMP/own-site/\.: is the site's own folder; write the podcast to a folder of its own \(-o public\)$" -- "$PC" site "$TMP/own-site" -o "$TMP/own-site/." --engine fake
grep -q mine "$TMP/own-site/index.html" && passes=$((passes + 1)) || { echo "FAIL: site -o SRC replaced its index.html"; fails=$((fails + 1)); }
# a cast entry whose name is a typo of a speaker's was dropped without a word
printf -- '---\ntitle: T\ncast:\n  Sam Ortix: hugo\n---\n\n**Robin Vale**: Hi.\n\n**Sam Ortiz**: Hello.\n' >"$TMP/typo.md"
printf 'Robin Vael: ava\nSomeone Else: ben\n' >"$TMP/typo-cast.yaml"
run 0 "^postcast: warning: $TMP/typo-cast.yaml:1:1: no speaker 'Robin Vael' in this post; did you mean 'Robin Vale'\?" -- "$PC" cast "$TMP/typo.md" --cast "$TMP/typo-cast.yaml"
out "^Robin Vale +[a-z]+ +\(automatic\)"
grep -q "Someone Else" "$TMP/err" && { echo "FAIL: a cast file's entry for another episode is warned about"; fails=$((fails + 1)); } || passes=$((passes + 1))
run 0 "^postcast: warning: $TMP/typo.md:4:3: no speaker 'Sam Ortix' in this post; did you mean 'Sam Ortiz'\?" -- "$PC" render "$TMP/typo.md" --engine fake -o "$TMP/typo.wav"
# a lang that names no language is read with the English voice, and said
printf -- '---\ntitle: t\nlang: zz\n---\n\nHello there.\n' >"$TMP/zz.md"
run 0 "^postcast: warning: $TMP/zz.md: lang 'zz' names no language, so it is read with the default" -- "$PC" render "$TMP/zz.md" -o "$TMP/zz.wav" --no-cache
printf -- '---\ntitle: t\nlang: fr\n---\n\nBonjour.\n' >"$TMP/fr.md"
run 0 "" -- "$PC" render "$TMP/fr.md" -o "$TMP/fr.wav" --no-cache
if grep -q warning "$TMP/err"; then echo "FAIL: lang fr warned"; fails=$((fails + 1)); fi
# a lexicon written without its language level says how to write it
printf 'Yeastwood: Yeest wood\n' >"$TMP/flat-lex.yaml"
run 1 "flat-lex.yaml:1:12: lexicon: 'Yeastwood: Yeest wood' is under no language; put it under one \(en:, zh:, \.\.\.\): en: \{Yeastwood: Yeest wood\}" -- "$PC" plan "$B" --no-phonemes --lexicon "$TMP/flat-lex.yaml"
# a name postcast does not write says which one it would; -o - with another
# format says how to get the finished file on standard output
run 2 "^postcast: error: $TMP/ep\.ogg: the output must end in \.wav, \.flac, \.mp3, \.opus or \.m4a \(or give --format\); Ogg Opus is \.opus$" -- "$PC" render "$B" -o "$TMP/ep.ogg"
run 2 "ep\.aac: .*; AAC is \.m4a$" -- "$PC" render "$B" -o "$TMP/ep.aac"
run 2 "unknown format 'aac' \(.*\); AAC is \.m4a$" -- "$PC" render "$B" --format aac
run 2 "unknown format 'ogg' \(.*\); Ogg Opus is \.opus$" -- "$PC" render "$B" --format ogg
run 2 "^postcast: error: only WAV streams to standard output \(-o -\); -o /dev/stdout --format mp3 writes the finished MP3 there$" -- "$PC" render "$B" -o - --format mp3
# -o a folder: said so, with the file name it would have had; a folder
# that is not there is named as such (was: 'the output must end in .wav,
# ...' for an existing folder, 'cannot write: Is a directory' for one that
# does not exist)
run 2 "^postcast: error: $TMP: is a folder; name the file to write in it \(-o $TMP/blog-post\.flac\)$" -- "$PC" render "$B" -o "$TMP"
run 2 "^postcast: error: $TMP/new/: is a folder; name the file to write in it \(-o $TMP/new/blog-post\.flac\)$" -- "$PC" render "$B" -o "$TMP/new/"
run 1 "^postcast: error: $TMP/new/ep\.flac: the folder $TMP/new does not exist; make it first \(mkdir -p\)$" -- "$PC" render "$B" -o "$TMP/new/ep.flac"
run 1 "^postcast: error: $TMP/new/p\.wav: the folder $TMP/new does not exist" -- "$PC" preview "$B" --section 1 -o "$TMP/new/p.wav"
run 2 "^postcast: error: $TMP: is a folder; name the file to write in it \(-o $TMP/voice-ava\.wav\)$" -- "$PC" voices --say ava -o "$TMP"

run 0 "" -- "$PC" script "$SRC/examples/interview-en.md"
out "^2\. Storms"; out "MAYA +4 turns"
# names are padded by their width on a terminal: a Han character is two columns
run 0 "" -- "$PC" script "$SRC/examples/interview-zh-tw.md"; out "^   主持人 {30}1 turn"; out "^   Host {32}1 turn"
run 0 "" -- "$PC" cast "$SRC/examples/interview-zh-tw.md"; out "^主持人 {27}[a-z]+ +\(automatic\)"
run 0 "" -- "$PC" script "$SRC/examples/interview-en.md" --json; out '"speakers":\[\{"name":"Narrator","narrator":true,"turns":1\}'
# Ghost's and Netlify CMS's tags are objects: their name is the tag
printf -- '---\ntitle: T\ntags:\n  - name: Gardening\n    slug: gardening\n  - Soil\n---\n\nHi.\n' >"$TMP/ghost-tags.md"
run 0 "" -- "$PC" script "$TMP/ghost-tags.md" --json; out '"categories":\["Gardening","Soil"\]'
printf -- '---\ntitle: T\ntags:\n  - slug: gardening\n---\n\nHi.\n' >"$TMP/bad-tags.md"
run 1 "bad-tags.md:4:5: front matter: each category/tag must be a string, or a mapping with a name" -- "$PC" script "$TMP/bad-tags.md"
# a speech-to-text tool's ids are shown as Speaker N; a cast entry for
# the id gives its voice whether or not it renames the speaker
printf '{"segments": [{"start": 0, "end": 1, "text": "Hi.", "speaker": "SPEAKER_01"},\n'\
'{"start": 1, "end": 2, "text": "Yo.", "speaker": "SPEAKER_00"}, {"start": 2, "end": 3, "text": "So.", "speaker": "SPEAKER_02"}]}\n' >"$TMP/ids.json"
printf 'SPEAKER_00:\n  preset: dev\nSPEAKER_01: {name: Sam Lee, preset: hugo}\n' >"$TMP/ids-cast.yaml"
run 0 "" -- "$PC" cast "$TMP/ids.json" --cast "$TMP/ids-cast.yaml"
out "^Sam Lee +hugo +\(cast file\)"; out "^Speaker 2 +dev +\(cast file\)"; out "^Speaker 3 +[a-z]+ +\(automatic\)"

printf 'fine\nab\xc3(\n' >"$TMP/bad-utf8.md"
run 1 "^postcast: error: .*bad-utf8.md:2:3: invalid UTF-8" -- "$PC" script "$TMP/bad-utf8.md"
# a title or description exported as HTML text (WordPress, Jekyll) is read
# and tagged as its characters: "Don&#8217;t" was spoken "and hash eight
# thousand..."; what is no reference stays as written
printf -- '---\ntitle: "Don&#8217;t Stop: Q&amp;A &bogus; & more"\ndescription: "Tips &amp; tricks"\n---\n\nHello.\n' >"$TMP/ent.md"
run 0 "" -- "$PC" script "$TMP/ent.md" --json
out '"title":"Don’t Stop: Q&A &bogus; & more"'; out '"description":"Tips & tricks"'
# UTF-16 without its byte-order mark and a .docx say what they are and how
# to convert them (both were "NUL byte in text")
printf 'WEBVTT\n\n00:00.000 --> 00:02.000\n<v Dana>Hello.\n' | iconv -t UTF-16LE >"$TMP/u16.vtt"
run 1 "u16.vtt:1:2: NUL bytes: the file looks like UTF-16 without a byte-order mark; convert it: iconv -f UTF-16LE -t UTF-8" -- "$PC" script "$TMP/u16.vtt"
printf 'PK\003\004\024\000\006\000' >"$TMP/notes.docx"
run 1 "notes.docx:1:1: not a text file .*save it as plain text" -- "$PC" script "$TMP/notes.docx"
printf -- '---\ntitle: [unclosed\n---\nx\n' >"$TMP/bad-yaml.md"
run 1 "^postcast: error: .*bad-yaml.md:3:1: front matter is not valid YAML" -- "$PC" script "$TMP/bad-yaml.md"
printf -- '---\ntitle: x\n\nbody\n' >"$TMP/open.md"
run 1 "^postcast: error: .*open.md:1:1: front matter opened here is never closed" -- "$PC" script "$TMP/open.md"
: >"$TMP/empty.md"
run 1 "empty.md:1:1: the post is empty" -- "$PC" script "$TMP/empty.md"
run 1 "^postcast: error: $TMP: cannot read: Is a directory" -- "$PC" script "$TMP"
run 1 "^postcast: error: $TMP/missing.md: cannot open: No such file" -- "$PC" script "$TMP/missing.md"
printf 'a\0b\n' >"$TMP/nul.md"
run 1 "nul.md:1:2: NUL byte" -- "$PC" script "$TMP/nul.md"

# ---------- render, chapters, cast, voices ----------
run 0 "" -- "$PC" voices; out "^narrator +male"; out "^ava +female"
run 0 "" -- "$PC" voices --json; out '"name":"hugo"'
run 0 "" -- "$PC" cast "$SRC/examples/interview-zh-tw.md" --json; out '"speaker":"Tom Reyes"'
run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/en.wav" -q
run 0 "" -- "$PC" chapters "$TMP/en.wav"; out "^  2  00:00:[0-9]{2}\.[0-9]{3}  Storms$"; out "^TITLE +Night Shift"
run 0 "" -- "$PC" chapters "$TMP/en.wav" --json; out '"chapters":\[\{"start_frames":0,'
run 0 "" -- "$PC" chapters "$TMP/en.wav" --loudness; out "^loudness: -[0-9.]+ LUFS integrated, -[0-9.]+ dBTP true peak, [0-9.]+ LU range$"
mkdir -p "$TMP/side"
run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/side/en.flac" -q --sidecars
[ "$(cd "$TMP/side" && ls | tr '\n' ' ')" = "en.chapters.json en.flac en.flac.cue en.srt en.transcript.json en.vtt " ] \
    && passes=$((passes + 1)) || { echo "FAIL: sidecars: $(ls "$TMP/side")"; fails=$((fails + 1)); }
run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/r128.wav" -q --loudness -23
run 0 "" -- "$PC" chapters "$TMP/r128.wav" --loudness; out "^loudness: -2[23]\.[0-9] LUFS integrated"
run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/stereo.flac" -q --stereo
run 0 "" -- "$PC" chapters "$TMP/stereo.flac" --loudness; out "^FLAC +22050 Hz +2 channels"; out "^loudness: -1[56]\.[0-9] LUFS integrated"

# music: any audio file does; here a few spoken words serve as the jingle
run 0 "" -- "$PC" voices --say ava --text "Da da dum, da da dee." -o "$TMP/jingle.wav"
run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/plain.wav" -q
run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/music.wav" -q --intro "$TMP/jingle.wav" --outro "$TMP/jingle.wav" --bed "$TMP/jingle.wav" --bed-under all
run 0 "" -- "$PC" chapters "$TMP/music.wav" --loudness; out "^loudness: -1(8\.[5-9]|9\.[0-4]) LUFS integrated"
plain_len=$("$PC" chapters "$TMP/plain.wav" | sed -n 's/^WAV .*channels* *//p')
music_len=$("$PC" chapters "$TMP/music.wav" | sed -n 's/^WAV .*channels* *//p')
if [[ -n "$plain_len" && "$music_len" > "$plain_len" ]]; then passes=$((passes + 1)); else
    echo "FAIL: with music ($music_len) not longer than without ($plain_len)"; fails=$((fails + 1)); fi
run 1 "^postcast: error: $TMP/nope.wav: music intro: No such file or directory" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/nope.flac" -q --intro "$TMP/nope.wav"
run 1 "music bed: not audio that libsndfile reads" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/nope.flac" -q --bed "$SRC/README.md"
[ ! -e "$TMP/nope.flac" ] && passes=$((passes + 1)) || { echo "FAIL: a failed render left nope.flac"; fails=$((fails + 1)); }
mkfifo "$TMP/fifo"
run 1 "music outro: is not a regular file" -- timeout 20 "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/nope.flac" -q --outro "$TMP/fifo"
run 1 "music intro: is a directory" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/nope.flac" -q --intro "$TMP"
run 2 "bad --bed-under 'guests'" -- "$PC" render "$SRC/examples/interview-en.md" --bed-under guests
printf -- '---\ntitle: M\nmusic:\n  intro: gone.flac\n---\nWords.\n' >"$TMP/m.md"
run 1 "^postcast: error: $TMP/m.md:4:10: music intro '$TMP/gone.flac': No such file" -- "$PC" render "$TMP/m.md" -o "$TMP/m.wav" -q
run 0 "" -- "$PC" render "$TMP/m.md" -o "$TMP/m.wav" -q --no-music
printf -- '---\nmusic:\n  duck: lots\n---\nWords.\n' >"$TMP/m2.md"
run 1 "m2.md:3:9: front matter: music duck must be a number" -- "$PC" script "$TMP/m2.md"
run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/r48.wav" -q --rate 48000
run 0 "" -- "$PC" chapters "$TMP/r48.wav"; out "^WAV +48000 Hz"
run 2 "bad --rate" -- "$PC" render "$SRC/examples/interview-en.md" --rate fast
run 2 "bad --loudness" -- "$PC" render "$SRC/examples/interview-en.md" --loudness loud
grep -q "^<v MAYA>Tell me about the worst storm you remember.</v>$" "$TMP/side/en.vtt" \
    && passes=$((passes + 1)) || { echo "FAIL: VTT voice span"; fails=$((fails + 1)); }
(cd "$TMP" && "$PC" render "$SRC/examples/blog-post.md" -q) && [ -f "$TMP/blog-post.flac" ] \
    && passes=$((passes + 1)) || { echo "FAIL: default output name"; fails=$((fails + 1)); }
run 0 "" -- "$PC" chapters "$TMP/blog-post.flac"; out "^  3  .*  Method$"
# its front matter brings music: the episode stays on target
run 0 "" -- "$PC" chapters "$TMP/blog-post.flac" --loudness; out "^loudness: -1(8\.[5-9]|9\.[0-4]) LUFS integrated"
run 0 "" -- "$PC" voices --say ava --text "Hello there." -o "$TMP/ava.flac"
run 0 "" -- "$PC" chapters "$TMP/ava.flac"; out "^FLAC +22050 Hz"
"$PC" render "$SRC/examples/interview-en.md" -o /dev/stdout -q 2>/dev/null | head -c 4 | grep -q RIFF \
    && passes=$((passes + 1)) || { echo "FAIL: WAV to a pipe"; fails=$((fails + 1)); }

run 2 "output must end in .wav, .flac, .mp3, .opus or .m4a" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/x.mp9"
run 2 "bad --jobs" -- "$PC" render "$SRC/examples/interview-en.md" -j 0
run 2 "bad --pause" -- "$PC" render "$SRC/examples/interview-en.md" --pause lunch=3
run 1 "^postcast: error: $TMP/no/such/dir/x.flac: the folder $TMP/no/such/dir does not exist" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/no/such/dir/x.flac"
mkdir "$TMP/adir.flac"
run 2 "adir.flac: is a folder; name the file to write in it \(-o $TMP/adir.flac/interview-en.flac\)" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/adir.flac"
# --bitrate: MP3 becomes CBR at that rate, Opus takes it; a rate LAME has
# no frame for at this sample rate is refused and leaves no file
for b in 32 128; do
    run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" --engine fake -q --bitrate $b -o "$TMP/b$b.mp3"
    got=$(ffprobe -v error -show_entries stream=bit_rate -of csv=p=0 "$TMP/b$b.mp3")
    [ "$got" = "${b}000" ] && passes=$((passes + 1)) || { echo "FAIL: --bitrate $b MP3 is $got bit/s"; fails=$((fails + 1)); }
    run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" --engine fake -q --bitrate $b -o "$TMP/b$b.opus"
done
[ "$(stat -c %s "$TMP/b128.opus")" -gt $(($(stat -c %s "$TMP/b32.opus") * 3)) ] && passes=$((passes + 1)) ||
    { echo "FAIL: --bitrate 128 Opus is not over 3x --bitrate 32's size"; fails=$((fails + 1)); }
run 2 "MP3 at 22050 Hz takes 8 to 160 kbit/s, not 320" -- "$PC" render "$SRC/examples/interview-en.md" --engine fake -q --bitrate 320 -o "$TMP/b320.mp3"
[ ! -e "$TMP/b320.mp3" ] && passes=$((passes + 1)) || { echo "FAIL: a refused MP3 left a file"; fails=$((fails + 1)); }

run 1 "no voice preset named 'ghost'" -- "$PC" voices --say ghost
mkdir "$TMP/badvoices"; printf 'variant: m1\npitch: 40\nrange: 40\nrate: 150\nvolume: 3\n' >"$TMP/badvoices/loud.yaml"
run 1 "badvoices/loud.yaml:5:1: unknown key 'volume'" -- "$PC" voices --voices "$TMP/badvoices"
printf -- '---\ncast:\n  Ann: {preset: nobody}\n---\n**Ann**: hi\n' >"$TMP/badcast.md"
run 1 "badcast.md:3:17: no voice preset named 'nobody'" -- "$PC" render "$TMP/badcast.md" -o "$TMP/bc.wav"
printf 'Ann: nobody2\n' >"$TMP/cast.yaml"
run 1 "cast.yaml:1:6: no voice preset named 'nobody2'" -- "$PC" cast "$TMP/badcast.md" --cast "$TMP/cast.yaml"
run 1 "not a WAV, FLAC, MP3, Opus or M4A file" -- "$PC" chapters "$SRC/README.md"

# a full disk (a file size limit): clear error, nothing left behind
mkdir "$TMP/full"
(ulimit -f 40; "$PC" render "$SRC/examples/interview-zh-tw.md" -o "$TMP/full/ep.flac" -q) 2>"$TMP/err"
rc=$?
if [ $rc -eq 1 ] && grep -q "postcast: error: .*File too large" "$TMP/err" && [ -z "$(ls -A "$TMP/full")" ]; then
    passes=$((passes + 1)); else echo "FAIL: disk full: rc=$rc, left: $(ls -A "$TMP/full")"; cat "$TMP/err"; fails=$((fails + 1)); fi

# an old episode survives a failed render
echo old >"$TMP/full/keep.wav"
(ulimit -f 40; "$PC" render "$SRC/examples/interview-zh-tw.md" -o "$TMP/full/keep.wav" -q) 2>/dev/null
[ "$(cat "$TMP/full/keep.wav")" = old ] && [ "$(ls -A "$TMP/full")" = keep.wav ] \
    && passes=$((passes + 1)) || { echo "FAIL: old file replaced"; fails=$((fails + 1)); }

# Ctrl-C mid-render: exit 130, no episode, no temporary file (a long post
# and no cache: the first signalled render's clips would make the second
# one finish before its signal on a fast machine)
{ printf -- '---\ntitle: Long\nlang: en\n---\n'; for i in $(seq 1 3000); do
    printf '**Ann**: This is sentence number %d of a long post, read slowly to take some time.\n\n' "$i"; done; } >"$TMP/long.md"
# signal_render SIG DIR: render long.md into $TMP/DIR, send SIG 1.5 s in; sets rc.
# (set -m: a job started with & in a script ignores SIGINT otherwise, and
# postcast leaves a signal it starts ignoring ignored, as nohup wants)
signal_render() {
    mkdir "$TMP/$2"
    set -m
    "$PC" render "$TMP/long.md" -o "$TMP/$2/long.flac" -q --no-cache 2>"$TMP/err" &
    local pid=$!
    set +m
    sleep 1.5
    kill -"$1" $pid
    wait $pid
    rc=$?
}
signal_render INT int
cp "$TMP/err" "$TMP/int.err"
if [ $rc -eq 130 ] && grep -q "interrupted" "$TMP/err" && [ -z "$(ls -A "$TMP/int")" ]; then
    passes=$((passes + 1)); else echo "FAIL: SIGINT: rc=$rc, left: $(ls -A "$TMP/int")"; fails=$((fails + 1)); fi

# markup in a post is read as words, never obeyed: no file is opened
printf -- '---\ntitle: Tags\nlang: en\n---\n`<audio src="/etc/passwd"/>` and &lt;audio src="/etc/hostname"/&gt; here.\n' >"$TMP/ssml.md"
run 0 "" -- "$PC" script "$TMP/ssml.md" --json; out 'audio src=\\"/etc/passwd\\"/> and <audio src=\\"/etc/hostname\\"/> here'
if command -v strace >/dev/null; then
    # (LeakSanitizer cannot run under ptrace)
    ASAN_OPTIONS=detect_leaks=0 strace -f -qq -e trace=open,openat -o "$TMP/trace" "$PC" render "$TMP/ssml.md" -o "$TMP/ssml.wav" -q
    if [ $? -eq 0 ] && ! grep -qE '/etc/(passwd|hostname)' "$TMP/trace"; then passes=$((passes + 1)); else
        echo "FAIL: a file named in the post was opened"; grep -E '/etc/(passwd|hostname)' "$TMP/trace"; fails=$((fails + 1)); fi
    # and it was spoken: several seconds of audio, not silence
    "$PC" chapters "$TMP/ssml.wav" --json | grep -Eq '"seconds":([3-9]|[1-9][0-9])\.' \
        && passes=$((passes + 1)) || { echo "FAIL: markup not spoken"; fails=$((fails + 1)); }
fi

# ---------- preview ----------
ZH="$SRC/examples/interview-zh-tw.md"
run 0 "" -- "$PC" preview "$ZH" --section 2 --driver null
run 0 "" -- "$PC" preview "$ZH" --section "技術" --turn 2 --driver null
run 0 "" -- "$PC" preview "$ZH" --section "未來展望" -o "$TMP/p.flac"
run 0 "" -- "$PC" chapters "$TMP/p.flac"; out "^chapters: 0$"
run 0 "" -- "$PC" preview "$ZH" --section "開場" -o "$TMP/p.wav"
run 2 "no section 'nothing'; the sections are:" -- "$PC" preview "$ZH" --section nothing
grep -q "^  3\. 技術與團隊$" "$TMP/err" && passes=$((passes + 1)) || { echo "FAIL: sections not listed"; fails=$((fails + 1)); }
run 2 "no section 9" -- "$PC" preview "$ZH" --section 9
run 2 "no turn 7 in '技術與團隊'; its turns are:" -- "$PC" preview "$ZH" --section 3 --turn 7
grep -q "^  2\. 主持人: 所以 Sam 是關鍵人物？  (line 38)$" "$TMP/err" && passes=$((passes + 1)) || { echo "FAIL: turns not listed"; fails=$((fails + 1)); }
printf -- "---\ntitle: Parts\n---\n## Part one\n\nA.\n\n## Part two\n\nB.\n" >"$TMP/parts.md"
run 2 "matches several sections" -- "$PC" preview "$TMP/parts.md" --section "part"
run 0 "" -- "$PC" preview "$TMP/parts.md" --section "PART TWO" --driver null
run 2 "which part" -- "$PC" preview "$ZH"
run 1 "no audio driver named 'nosuch'" -- "$PC" preview "$ZH" --section 2 --driver nosuch
# no sound card: our one line, not libasound's eight
if [ ! -e /proc/asound/cards ] || grep -q "no soundcards" /proc/asound/cards; then
    run 1 "^postcast: error: cannot open the audio device: no device to open" -- "$PC" preview "$ZH" --section 2 --driver alsa
    if grep -q "ALSA lib" "$TMP/err"; then echo "FAIL: libasound's messages reached stderr"; fails=$((fails + 1)); else passes=$((passes + 1)); fi
fi
if [ ! -e /dev/snd ] && [ -z "${PULSE_SERVER:-}" ]; then
    run 1 "write a file with -o FILE, or stream with -o - \| aplay" -- "$PC" preview "$ZH" --section 2
fi
# --from-line: the turn holding line 44 (Tom's question, lines 43-44) to the end of its section
"$PC" preview "$ZH" --from-line 44 -o "$TMP/fl.wav" && "$PC" preview "$ZH" --section 3 --turn 4 -o "$TMP/t4.wav" \
    && "$PC" preview "$ZH" --section 3 --turn 5 -o "$TMP/t5.wav" || fails=$((fails + 1))
fl=$(stat -c %s "$TMP/fl.wav"); t4=$(stat -c %s "$TMP/t4.wav"); t5=$(stat -c %s "$TMP/t5.wav")
[ "$fl" -gt "$t4" ] && [ "$fl" -gt "$t5" ] && passes=$((passes + 1)) || { echo "FAIL: --from-line span ($fl vs $t4 + $t5)"; fails=$((fails + 1)); }
# a line past the post's end is an error (it played the last turn)
run 2 "^postcast: error: --from-line 9999: the post has [0-9]+ lines" -- "$PC" preview "$ZH" --from-line 9999 -o "$TMP/past.wav"
[ ! -e "$TMP/past.wav" ] && passes=$((passes + 1)) || { echo "FAIL: --from-line past the end wrote a file"; fails=$((fails + 1)); }
# streaming: -o - writes WAV to a pipe
"$PC" preview "$ZH" --section 2 -o - 2>/dev/null | head -c 4 | grep -q RIFF \
    && passes=$((passes + 1)) || { echo "FAIL: preview -o -"; fails=$((fails + 1)); }
# Ctrl-C while a reader stalls: stops at once, exit 130
mkfifo "$TMP/slow"
( exec 3<"$TMP/slow"; sleep 6; cat <&3 >/dev/null ) &
reader=$!
set -m
"$PC" preview "$TMP/long.md" --section 1 -o - >"$TMP/slow" 2>"$TMP/err" &
pid=$!
set +m
sleep 1.5
kill -INT $pid
t0=$(date +%s.%N)
wait $pid
rc=$?
t1=$(date +%s.%N)
kill $reader 2>/dev/null; wait $reader 2>/dev/null
if [ $rc -eq 130 ] && awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 1.0) }'; then passes=$((passes + 1)); else
    echo "FAIL: preview SIGINT: rc=$rc in $(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}') s"; fails=$((fails + 1)); fi

# ---------- faults ----------
# a worker killed mid-render is retried once: the episode is the same
"$PC" render "$SRC/examples/interview-en.md" -o "$TMP/ref.wav" -q --no-cache
POSTCAST_FAULT_KILL_WORKER=5 "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/k1.wav" -q --no-cache -j 2 \
    && cmp -s "$TMP/ref.wav" "$TMP/k1.wav" && passes=$((passes + 1)) || { echo "FAIL: killed worker not retried"; fails=$((fails + 1)); }
# killed on every try: those clips are skipped with a warning naming their
# line, and the episode is still made (issue 12)
mkdir "$TMP/k2"
POSTCAST_FAULT_KILL_WORKER=3+ "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/k2/x.flac" -q --no-cache 2>"$TMP/err"
rc=$?
if [ $rc -eq 0 ] && grep -q "^postcast: warning: .*interview-en.md:[0-9]*: the speech engine could not speak this text (.*); skipped" "$TMP/err" &&
    [ "$(ls -A "$TMP/k2")" = x.flac ]; then
    passes=$((passes + 1)); else echo "FAIL: worker killed on every try: rc=$rc"; cat "$TMP/err"; fails=$((fails + 1)); fi
# SIGTERM mid-render: exit 143, nothing left
signal_render TERM term
if [ $rc -eq 143 ] && [ -z "$(ls -A "$TMP/term")" ]; then passes=$((passes + 1)); else
    echo "FAIL: SIGTERM: rc=$rc, left: $(ls -A "$TMP/term")"; fails=$((fails + 1)); fi
# a read-only directory (as an unprivileged user: root ignores permissions)
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null && id nobody >/dev/null 2>&1; then
    mkdir -m 755 "$TMP/ro" && cp "$SRC/examples/interview-en.md" "$TMP/ro/post.md" && chmod 755 "$TMP"
    run 1 "^postcast: error: $TMP/ro/out.flac: cannot write: Permission denied" -- \
        setpriv --reuid=nobody --regid=nogroup --clear-groups "$PC" render "$TMP/ro/post.md" -o "$TMP/ro/out.flac" --no-cache
    # and that line alone: espeak-ng 1.51 opens PulseAudio even to write
    # samples, whose client said it could not make ~/.config/pulse
    [ "$(wc -l <"$TMP/err")" -eq 1 ] && passes=$((passes + 1)) || { echo "FAIL: a render as another user said more:"; cat "$TMP/err"; fails=$((fails + 1)); }
    [ "$(ls -A "$TMP/ro")" = post.md ] && passes=$((passes + 1)) || { echo "FAIL: read-only dir left files"; fails=$((fails + 1)); }
    # an unwritable cache directory: a clear message naming it
    mkdir -m 755 "$TMP/rocache"
    run 1 "rocache: cannot use the cache directory: Permission denied \(try --no-cache" -- \
        setpriv --reuid=nobody --regid=nogroup --clear-groups "$PC" render "$TMP/ro/post.md" -o /dev/null --cache-dir "$TMP/rocache"
fi
# safety: a voice name cannot reach a path
printf -- '---\ncast:\n  Ann: ../../etc/passwd\n---\n**Ann**: hi\n' >"$TMP/evil.md"
run 1 "evil.md:3:8: cast: '../../etc/passwd' is not a voice preset name" -- "$PC" render "$TMP/evil.md" -o "$TMP/evil.wav"
run 2 "unknown option" -- "$PC" voices --say ../../etc/passwd --bogus
run 1 "no voice preset named '../../etc/passwd'" -- "$PC" voices --say ../../etc/passwd

# ---------- terminal safety: no escape sequence from input reaches the terminal ----------
# A post whose title, date, speaker names and heading hold ESC [ 31 m, an
# OSC 8 hyperlink, BEL, a C1 CSI (U+009B) and a bidi override (U+202E).
printf -- '---\ntitle: "Red \\e[31mALERT\\e[0m \\e]8;;http://evil/\\e\\\\link\\e]8;;\\e\\\\ \\a\\x9b2J \\u202Egnp.exe"\ndate: "2024\\e[2J\\a"\n---\n**Ann\xc2\x9b31m\xe2\x80\xae**: Hi \x1b]8;;http://evil/\x07there\x1b]8;;\x07 \x1b[31m.\n\n## Sec \x1b[1mbold\x07\n\n**Bob\xe2\x80\xae**: Hi \xc2\x9b31m.\n\n**Ann\xc2\x9b31m\xe2\x80\xae**: Again.\n' >"$TMP/esc.md"
# clean FILE WHAT: FILE holds no ESC, BEL or 0x9b byte
clean() {
    if LC_ALL=C grep -q $'[\x1b\x07\x9b]' "$1"; then
        echo "FAIL: $2 prints a control byte:"; LC_ALL=C grep -a $'[\x1b\x07\x9b]' "$1" | head -3 | cat -v; fails=$((fails + 1))
    else passes=$((passes + 1)); fi
}
for opt in "" --json --plain; do
    run 0 "" -- "$PC" script "$TMP/esc.md" $opt; clean "$TMP/out" "script $opt"
done
run 0 "" -- "$PC" script "$TMP/esc.md"; out '^Red \\e\[31mALERT\\e\[0m \\e\]8;;http://evil/\\e\\link\\e\]8;;\\e\\ \\a\\u009B2J \\u202Egnp\.exe$'
out '^   Ann 31m +2 turns$'  # a name's controls are blanks (speakers.c), not escapes
run 0 "" -- "$PC" cast "$TMP/esc.md"; clean "$TMP/out" cast
run 0 "" -- "$PC" cast "$TMP/esc.md" --json; clean "$TMP/out" "cast --json"
run 2 "" -- "$PC" preview "$TMP/esc.md" --section nothing; clean "$TMP/err" "preview's section list"
run 2 "" -- "$PC" preview "$TMP/esc.md" --section 2 --turn 9; clean "$TMP/err" "preview's turn list"
# the episode's tags and chapter titles carry them: chapters shows them escaped
run 0 "" -- "$PC" render "$TMP/esc.md" -o "$TMP/esc.wav" -q
for opt in "" --json; do
    run 0 "" -- "$PC" chapters "$TMP/esc.wav" $opt; clean "$TMP/out" "chapters $opt"
done
# and a WAV made by someone else, with raw bytes in its INAM tag and a cue label
le32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"; }
printf 'T\x1b[31m\x1b]8;;http://x/\x07\x9b2J\xc2\x9b\xe2\x80\xae!' >"$TMP/tag"
n=$(($(wc -c <"$TMP/tag") + 1)); pad=$((n % 2))
{
    printf 'RIFF'; le32 $((4 + 24 + 8 + 2000 + 36 + 12 + 12 + n + pad + 12 + n + pad))
    printf 'WAVEfmt '; le32 16; printf '\x01\x00\x01\x00'; le32 22050; le32 44100; printf '\x02\x00\x10\x00'
    printf 'data'; le32 2000; head -c 2000 /dev/zero
    printf 'cue '; le32 28; le32 1; le32 1; le32 0; printf 'data'; le32 0; le32 0; le32 0
    printf 'LIST'; le32 $((4 + 12 + n + pad)); printf 'adtllabl'; le32 $((4 + n)); le32 1
    cat "$TMP/tag"; printf '\0'; [ $pad = 1 ] && printf '\0'
    printf 'LIST'; le32 $((4 + 8 + n + pad)); printf 'INFOINAM'; le32 $n
    cat "$TMP/tag"; printf '\0'; [ $pad = 1 ] && printf '\0'
} >"$TMP/crafted.wav"
run 0 "" -- "$PC" chapters "$TMP/crafted.wav"; out '^  1  00:00:00\.000  T\\e\[31m\\e\]8;;http://x/\\a\\x9B2J\\u009B\\u202E!$'
clean "$TMP/out" "chapters of a crafted WAV"
run 0 "" -- "$PC" chapters "$TMP/crafted.wav" --json; clean "$TMP/out" "chapters --json of a crafted WAV"
# bytes that are not UTF-8 become U+FFFD, not a tag or chapter left out
out '"TITLE":"T\\u001B\[31m\\u001B\]8;;http://x/\\u0007\\uFFFD2J\\u009B\\u202E!"'
out '"chapters":\[\{"start_frames":0,"start":0\.0,"title":"T\\u001B'
# feed --check names items by their titles: a C1 CSI and a bidi override escaped
printf '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>S</title><item><title>Ep \xc2\x9b31m\xe2\x80\xae one</title><guid>g1</guid></item></channel></rss>\n' >"$TMP/feed.xml"
# a folder to check is said to be one, as every other command says it
mkdir -p "$TMP/feeddir"
run 1 "^postcast: error: $TMP/feeddir: cannot read: Is a directory$" -- "$PC" feed --check "$TMP/feeddir"
run 1 "feed: [0-9]+ problems" -- "$PC" feed --check "$TMP/feed.xml"; out 'item 1 \(Ep \\u009B31m\\u202E one\): \[enclosure\]'
clean "$TMP/out" "feed --check"
# error messages quote input too
printf -- '---\ncast:\n  Ann: "no\\e[31mbody"\n---\n**Ann**: hi\n' >"$TMP/esccast.md"
run 1 "is not a voice preset name|no voice preset named" -- "$PC" cast "$TMP/esccast.md"; clean "$TMP/err" "an error message"
run 2 "unexpected argument" -- "$PC" script "$TMP/esc.md" $'x\x1b[31m'; clean "$TMP/err" "a usage error"

# --allow-music-outside: front matter music outside the post's folder needs it
mkdir -p "$TMP/mo/post"
printf -- '---\ntitle: M\nmusic:\n  intro: ../jingle.wav\n---\nWords here.\n' >"$TMP/mo/post/m.md"
cp "$TMP/jingle.wav" "$TMP/mo/jingle.wav"
run 1 "m.md:4:10: music intro .*outside the post's folder \(music from elsewhere needs --allow-music-outside\)" -- "$PC" render "$TMP/mo/post/m.md" -o "$TMP/mo/m.wav" -q
run 0 "" -- "$PC" render "$TMP/mo/post/m.md" -o "$TMP/mo/m.wav" -q --allow-music-outside
# --engine: the fake engine (no espeak-ng) renders the same bytes each time, not espeak-ng's
run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/fake1.wav" -q --engine fake --no-cache
run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/fake2.wav" -q --engine fake
cmp -s "$TMP/fake1.wav" "$TMP/fake2.wav" && ! cmp -s "$TMP/fake1.wav" "$TMP/en.wav" && passes=$((passes + 1)) \
    || { echo "FAIL: --engine fake"; fails=$((fails + 1)); }
run 0 "" -- "$PC" preview "$SRC/examples/interview-en.md" --section 2 -o "$TMP/fakep.wav" --engine fake
run 2 "^postcast: error: unknown engine 'nope' \(espeak-ng, fake\)" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/nope.wav" --engine nope

# --from FORMAT: a transcript whose name says Markdown is read as what it is
mkdir -p "$TMP/from"; cp "$SRC/examples/garden-talk.srt" "$TMP/from/garden-talk.md"
"$PC" script "$SRC/examples/garden-talk.srt" --json >"$TMP/from/srt.json"
run 0 "" -- "$PC" script "$TMP/from/garden-talk.md" --from srt --json
cmp -s "$TMP/out" "$TMP/from/srt.json" && passes=$((passes + 1)) || { echo "FAIL: script --from srt"; fails=$((fails + 1)); }
run 0 "" -- "$PC" script "$TMP/from/garden-talk.md" --json
! cmp -s "$TMP/out" "$TMP/from/srt.json" && passes=$((passes + 1)) || { echo "FAIL: .md read as SRT without --from"; fails=$((fails + 1)); }
run 0 "" -- "$PC" cast "$TMP/from/garden-talk.md" --from srt; out "^Priya +[a-z]+ +\(automatic\)"
run 0 "" -- "$PC" render "$TMP/from/garden-talk.md" --from srt -o "$TMP/from/t.wav" -q --engine fake
run 0 "" -- "$PC" chapters "$TMP/from/t.wav"; out "^ARTIST +Priya, Owen$"
run 2 "^postcast: error: unknown input format 'docx' \(expected markdown, vtt, srt, sbv, json, ttml, html, timedtext, ass, text, table\)" -- "$PC" script "$TMP/from/garden-talk.md" --from docx

# what was written: one line when stderr is not a terminal, none with -q
run 0 "^postcast: wrote $TMP/w\.wav \(00:00:[0-9]{2}\.[0-9]{3}, 2 chapters\)$" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/w.wav"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && passes=$((passes + 1)) || { echo "FAIL: more than one line:"; cat "$TMP/err"; fails=$((fails + 1)); }
run 0 "" -- "$PC" render "$SRC/examples/interview-en.md" -o "$TMP/w.wav" -q
[ ! -s "$TMP/err" ] && passes=$((passes + 1)) || { echo "FAIL: -q is not quiet:"; cat "$TMP/err"; fails=$((fails + 1)); }
# on a terminal the full bar says the encoder still works (Opus encodes at the end)
if command -v script >/dev/null; then
    script -qec "'$PC' render '$SRC/examples/interview-en.md' -o '$TMP/w.opus'" /dev/null >"$TMP/tty" 2>&1
    grep -q "\[#*\] encoding…" "$TMP/tty" && grep -q "w.opus: 2 chapters, " "$TMP/tty" && passes=$((passes + 1)) \
        || { echo "FAIL: no 'encoding…' on a terminal"; tr '\r' '\n' <"$TMP/tty" | tail -3; fails=$((fails + 1)); }
fi

# plan: every clip as the engine gets it (schema in the README)
printf -- '---\ntitle: T\nlang: zh-TW\n---\n\n我很喜歡Claude，因為它很好用。你要去嗎？\n\n## Two\n\nSecond part.\n' >"$TMP/plan.md"
run 0 "" -- "$PC" plan "$TMP/plan.md" --json
out '^\{"pauses_ms":\{"run":0,"breath":200,"comma":250,"sentence":350,'
out '"language":"en","before":"run","pause_ms":0,"title":false,"text":"Claude","engine_text":"Claude","phonemes":"kl'
out '"language":"zh","before":"comma","pause_ms":250,"title":false,"text":"，因為它很好用。"'
out '"index":0,"line":1,"section":1,"speaker":"Narrator","voice":"narrator","language":"en","before":"none","pause_ms":0,"title":true,"text":"T"'
run 0 "" -- "$PC" plan "$TMP/plan.md" --json --engine fake --pause breath=0.5 --section 2
out '"breath":500'; out '"section":2,.*"phonemes":null'
grep -q '"section":1' "$TMP/out" && { echo "FAIL: plan --section 2 printed section 1"; fails=$((fails + 1)); }
run 2 "plan: no section 3" -- "$PC" plan "$TMP/plan.md" --section 3
run 0 "" -- "$PC" plan "$TMP/plan.md"; out '^ +phonemes: .*j.i55n'; out 'zh +\+0\.25s comma'
printf -- '---\ntitle: T\npauses:\n  breath: 0.4\n  comma: 0.1\n---\n\n我很喜歡Claude，因為它很好用。\n' >"$TMP/plan2.md"
run 0 "" -- "$PC" plan "$TMP/plan2.md" --json --no-phonemes; out '"breath":400,"comma":100,'; out '"before":"comma","pause_ms":100,'
# plan shows what the lexicons make of a clip: pronounce: over --lexicon
printf -- '---\ntitle: T\npronounce:\n  en:\n    Krieger: Smith\n---\n\nMike Krieger and Anthropic.\n' >"$TMP/plan3.md"
printf 'en:\n  Krieger: Jones\n  Anthropic: Ann Thropic\n' >"$TMP/plan3.yaml"
run 0 "" -- "$PC" plan "$TMP/plan3.md" --json --lexicon "$TMP/plan3.yaml"
out '"text":"Mike Krieger and Anthropic.","engine_text":"Mike Smith and Ann Thropic."'

# a transcript post whose sidecar would be itself (talk.vtt rendered with
# --sidecars beside it) is refused before anything is written: the episode
# and the first sidecars were left behind, the run failing at the VTT
mkdir -p "$TMP/selfside" && cp "$SRC/examples/garden-talk.vtt" "$TMP/selfside/talk.vtt"
sum=$(cksum <"$TMP/selfside/talk.vtt")
cd "$TMP/selfside" || exit 1
run 2 "talk\.vtt: is read by this render" -- "$PC" render talk.vtt --engine fake --sidecars -q
left=$(ls "$TMP/selfside")
if [ "$left" = "talk.vtt" ] && [ "$(cksum <"$TMP/selfside/talk.vtt")" = "$sum" ]; then passes=$((passes + 1)); else
    echo "FAIL: a refused sidecar left: $left"; fails=$((fails + 1)); fi
run 2 "talk\.vtt: is read by this render" -- "$PC" render talk.vtt --engine fake --sidecars -o ./talk.wav -q
[ ! -e talk.wav ] && passes=$((passes + 1)) || { echo "FAIL: a refused sidecar left talk.wav"; fails=$((fails + 1)); }
# a user's own captions beside the episode (talk.json rendered with
# --sidecars, the talk.vtt and talk.srt someone else made) are not
# replaced; nor is the --chapters file read; postcast's own are, again
cp "$SRC/examples/garden-talk.json" talk.json; cp "$SRC/examples/garden-talk.srt" talk.srt
printf 'WEBVTT\n\n00:00.000 --> 00:01.000\nmine\n' >talk.vtt
ssum=$(cksum <talk.srt)
run 2 "talk\.vtt: is not captions postcast wrote" -- "$PC" render talk.json --engine fake --sidecars -o talk.wav -q
rm talk.vtt
run 2 "talk\.srt: is not captions postcast wrote" -- "$PC" render talk.json --engine fake --sidecars -o talk.wav -q
if [ ! -e talk.wav ] && [ ! -e talk.vtt ] && [ "$(cksum <talk.srt)" = "$ssum" ]; then passes=$((passes + 1)); else
    echo "FAIL: refused sidecars left: $(ls)"; fails=$((fails + 1)); fi
rm talk.srt
printf '{"version":"1.2.0","chapters":[{"startTime":0,"title":"Start"}]}\n' >talk.chapters.json
run 2 "talk\.chapters\.json: is read by this render" -- "$PC" render talk.json --engine fake --sidecars --chapters talk.chapters.json -o talk.wav -q
rm talk.chapters.json
# standard output has no name for sidecars: refused before any audio
"$PC" render talk.json --engine fake --sidecars -o - -q >stdout.bin 2>"$TMP/err"
rc=$?
if [ $rc -eq 2 ] && [ ! -s stdout.bin ] && grep -q "not for standard output" "$TMP/err"; then
    passes=$((passes + 1)); else echo "FAIL: --sidecars -o -: rc $rc, $(wc -c <stdout.bin) bytes out"; fails=$((fails + 1)); fi
rm -f stdout.bin
run 0 "" -- "$PC" render talk.json --engine fake --sidecars -o talk.wav -q
run 0 "" -- "$PC" render talk.json --engine fake --sidecars -o talk.flac -q
if [ -s talk.srt ] && head -3 talk.vtt | grep -q '^NOTE written by postcast$'; then passes=$((passes + 1)); else
    echo "FAIL: a second render over postcast's own sidecars: $(ls)"; fails=$((fails + 1)); fi
cd - >/dev/null || exit 1

# ---------- a new user's second walk ----------
# no line of script's outline ends in a blank (the speakers' '1 turn ' did;
# so did a turn with no words)
printf -- '---\ntitle: T\n---\n\n**Ann**:\n\n**Bob**: Hi.\n\n**Ann**: Yo.\n' >"$TMP/blank.md"
for post in "$B" "$SRC/examples/interview-zh-tw.md" "$TMP/blank.md"; do
    run 0 "" -- "$PC" script "$post"
    if grep -n ' $' "$TMP/out"; then echo "FAIL: script $post: a line ends in a blank"; fails=$((fails + 1)); else passes=$((passes + 1)); fi
done
# voices --say --json says what it wrote as JSON (--json was ignored)
run 0 "" -- "$PC" voices --say ava --text "Hi." --json -o "$TMP/say.wav"
out "^\{\"voice\":\"ava\",\"file\":\"$TMP/say\.wav\"\}$"
# a cast entry naming no preset is placed at the preset's name, not the
# speaker's (front matter, its mapping form, a cast file's flow mapping)
printf -- '---\ntitle: T\ncast:\n  Ann: nosuch\n  Bob:\n    preset: nope\n---\n**Ann**: hi\n\n**Bob**: yo\n' >"$TMP/nopreset.md"
run 1 "^postcast: error: $TMP/nopreset\.md:4:8: no voice preset named 'nosuch'" -- "$PC" cast "$TMP/nopreset.md"
printf 'Ann: ava\n' >"$TMP/nopreset1.yaml"
run 1 "^postcast: error: $TMP/nopreset\.md:6:13: no voice preset named 'nope'" -- "$PC" cast "$TMP/nopreset.md" --cast "$TMP/nopreset1.yaml"
printf 'Ann: ava\nBob: {rate: 170, preset: zzz}\n' >"$TMP/nopreset2.yaml"
run 1 "^postcast: error: $TMP/nopreset2\.yaml:2:26: no voice preset named 'zzz'" -- "$PC" render "$TMP/nopreset.md" --cast "$TMP/nopreset2.yaml" -o "$TMP/nopreset.wav"
# Ctrl-C: 'interrupted' is the line after the progress bar on a terminal,
# with no empty line between, and the first line of a log
if [ "$(head -1 "$TMP/int.err")" = "postcast: interrupted; no episode written" ]; then passes=$((passes + 1)); else
    echo "FAIL: SIGINT's log starts: $(head -1 "$TMP/int.err" | od -c | head -2)"; fails=$((fails + 1)); fi
if command -v script >/dev/null; then
    mkdir "$TMP/tty-int"
    set -m
    script -qec "sh -c 'echo \$\$ >\"$TMP/tty-int.pid\"; exec \"$PC\" render \"$TMP/long.md\" -o \"$TMP/tty-int/l.flac\" --no-cache'" \
        /dev/null >"$TMP/tty-int.out" 2>&1 &
    spid=$!
    set +m
    sleep 1.5
    kill -INT "$(cat "$TMP/tty-int.pid")"
    wait $spid
    tr -d '\r' <"$TMP/tty-int.out" | grep -B1 "^postcast: interrupted" >"$TMP/tty-int.tail"
    if [ "$(wc -l <"$TMP/tty-int.tail")" -eq 2 ] && head -1 "$TMP/tty-int.tail" | grep -q '^\[[#.]*\] ' \
        && [ -z "$(ls -A "$TMP/tty-int")" ]; then passes=$((passes + 1)); else
        echo "FAIL: Ctrl-C on a terminal:"; od -c "$TMP/tty-int.out" | tail -4; fails=$((fails + 1)); fi
fi

# a size is digits (strtoull took '-5' as 2^64 - 5: no bound at all)
run 2 "render: bad --cache-max '-5'" -- "$PC" render "$B" --cache-max -5 -o "$TMP/no.wav"
run 2 "render: bad --cache-max '99999999999999999999'" -- "$PC" render "$B" --cache-max 99999999999999999999 -o "$TMP/no.wav"
run 2 "render: bad --pause 'run=700' \(KIND=SECONDS, 0-600; " -- "$PC" render "$B" --pause run=700 -o "$TMP/no.wav"
# site on a post, or a folder not there: said first (it warned about the
# feed's links, then failed to open a folder)
run 2 "^postcast: error: $B: is not a folder; site takes a blog's folder of posts \(one post: postcast render POST\)$" -- "$PC" site "$B" -o "$TMP/no-site"
[ "$(wc -l <"$TMP/err")" -eq 1 ] && passes=$((passes + 1)) || { echo "FAIL: site on a post said more:"; cat "$TMP/err"; fails=$((fails + 1)); }
run 1 "^postcast: error: $TMP/no-blog: cannot open: No such file or directory$" -- "$PC" site "$TMP/no-blog" -o "$TMP/no-site"
[ ! -e "$TMP/no-site" ] && passes=$((passes + 1)) || { echo "FAIL: site made its output for no source"; fails=$((fails + 1)); }
# a sample with nothing to say is refused (an empty WAV was written)
run 2 "voices: --text ' ' has nothing to say" -- "$PC" voices --say ava --text " " -o "$TMP/empty-say.wav"
[ ! -e "$TMP/empty-say.wav" ] && passes=$((passes + 1)) || { echo "FAIL: an empty sample was written"; fails=$((fails + 1)); }

# cache clear --json says what it did as JSON (--json was ignored)
run 0 "" -- "$PC" render "$B" --engine fake --no-music -q -o "$TMP/c2.wav" --cache-dir "$TMP/b-cache"
run 0 "" -- "$PC" cache clear --json --cache-dir "$TMP/b-cache"; out "^\{\"dir\":\"$TMP/b-cache\",\"entries\":[1-9][0-9]*,\"bytes\":[1-9][0-9]*,\"cleared\":true\}$"
run 0 "" -- "$PC" cache clear --json --cache-dir "$TMP/no-cache"; out "^\{\"dir\":\"$TMP/no-cache\",\"entries\":0,\"bytes\":0,\"cleared\":false\}$"

# chapters on a FIFO no one writes returned never; on a pipe it said
# 'not an MP3 file' of a whole MP3
mkfifo "$TMP/chap.fifo"
run 1 "^postcast: error: $TMP/chap\.fifo: not a file \(a pipe or device\); chapters reads a file" -- timeout 10 "$PC" chapters "$TMP/chap.fifo"
"$PC" render "$B" --engine fake --no-music -q -o "$TMP/chap.mp3"
cat "$TMP/chap.mp3" | "$PC" chapters /dev/stdin 2>"$TMP/err" >/dev/null
grep -q "not a file (a pipe or device)" "$TMP/err" && passes=$((passes + 1)) || { echo "FAIL: chapters on a pipe: $(cat "$TMP/err")"; fails=$((fails + 1)); }
run 0 "" -- "$PC" chapters /dev/stdin <"$TMP/chap.mp3"; out "^chapters: 3$"

# -o - (or /dev/stdout) on a terminal: refused before anything is spoken
# (the WAV's bytes went to the terminal)
if command -v script >/dev/null; then
    script -qec "'$PC' render '$B' --engine fake -o -; echo rc=\$?; '$PC' preview '$B' --section 2 -o /dev/stdout; echo rc=\$?" /dev/null >"$TMP/tty-o" 2>&1
    tr -d '\r' <"$TMP/tty-o" >"$TMP/tty-o.txt"
    if grep -qx "postcast: error: standard output: is a terminal; pipe the audio to a player (-o - | aplay) or name a file (-o blog-post.flac)" "$TMP/tty-o.txt" \
        && grep -qx "postcast: error: /dev/stdout: is a terminal; pipe the audio to a player (-o - | aplay) or name a file (-o preview.wav)" "$TMP/tty-o.txt" \
        && [ "$(grep -c '^rc=2$' "$TMP/tty-o.txt")" -eq 2 ] && ! grep -q RIFF "$TMP/tty-o.txt"; then passes=$((passes + 1)); else
        echo "FAIL: -o - on a terminal:"; head -c 600 "$TMP/tty-o.txt"; fails=$((fails + 1)); fi
fi

# --meta values the tags cannot take are refused (they were dropped with a
# warning that blamed the post)
run 2 "^postcast: render: bad --meta 'episode=abc' \(episode takes a number from 1\)$" -- "$PC" render "$B" --meta episode=abc -o "$TMP/no.mp3"
run 2 "bad --meta 'explicit=maybe' \(explicit takes true or false" -- "$PC" render "$B" --meta explicit=maybe -o "$TMP/no.mp3"
run 2 "bad --meta 'episode_type=extra' \(episode_type takes full, trailer or bonus\)" -- "$PC" render "$B" --meta episode_type=extra -o "$TMP/no.mp3"
[ ! -e "$TMP/no.mp3" ] && passes=$((passes + 1)) || { echo "FAIL: a bad --meta wrote an episode"; fails=$((fails + 1)); }
run 0 "" -- "$PC" render "$B" --engine fake --no-music -q --meta season=2 --meta explicit=Clean --meta episode_type=Bonus -o "$TMP/meta2.mp3"

# site's modes go one at a time, and an option a mode ignores is said
# (--jobs --jobs-json printed '[]'; --jobs --episode P listed jobs; --program
# alone and --force --no-render were ignored; any --base-url went into the feed)
S="$SRC/examples/site"
run 2 "^postcast: site: --jobs and --jobs-json: give one$" -- "$PC" site "$S" -o "$TMP/no-site" --jobs --jobs-json
run 2 "^postcast: site: --jobs and --episode: give one$" -- "$PC" site "$S" -o "$TMP/no-site" --jobs --episode x.md
run 2 "^postcast: site: --program names the postcast the jobs run: it goes with --jobs or --jobs-json$" -- "$PC" site "$S" -o "$TMP/no-site" --program /bin/true
run 2 "^postcast: site: --force renders every episode; --no-render none: give one$" -- "$PC" site "$S" -o "$TMP/no-site" --force --no-render
run 2 "^postcast: site: bad --base-url 'example\.com' \(the site's public address: https://host/path\)$" -- "$PC" site "$S" -o "$TMP/no-site" --base-url example.com
[ ! -e "$TMP/no-site" ] && passes=$((passes + 1)) || { echo "FAIL: a refused site made its output"; fails=$((fails + 1)); }

# --bitrate and --id3 where the container has no use for them: said
# (they were ignored without a word)
run 2 "^postcast: render: --bitrate is for MP3, Opus and M4A; flac is lossless$" -- "$PC" render "$B" --bitrate 64 -o "$TMP/no.flac"
run 2 "^postcast: render: --bitrate is for MP3, Opus and M4A; wav is lossless$" -- "$PC" render "$B" --bitrate 64 --format wav -o "$TMP/no.bin"
run 2 "^postcast: render: --id3 is for MP3 \(its ID3v2 tag\); opus has tags of its own$" -- "$PC" render "$B" --id3 2.4 -o "$TMP/no.opus"
run 0 "" -- "$PC" render "$B" --engine fake --no-music -q --preset apple -o "$TMP/apple.wav"

# site -o a file: said before anything (it listed the posts, then failed
# at 'FILE/episodes: cannot create: Not a directory')
printf 'keep\n' >"$TMP/site-out.txt"
run 2 "^postcast: site: -o $TMP/site-out\.txt: is not a folder; write the podcast to a folder of its own \(-o public\)$" -- "$PC" site "$S" -o "$TMP/site-out.txt" --engine fake
[ "$(wc -l <"$TMP/err")" -eq 2 ] && [ "$(cat "$TMP/site-out.txt")" = keep ] && passes=$((passes + 1)) || { echo "FAIL: site -o FILE:"; cat "$TMP/err"; fails=$((fails + 1)); }

# on a terminal a warning mid-render gets a line of its own (it was
# printed at the end of the progress bar's line), and the bar fits 80
# columns (at 85 it wrapped, and \r redrew only its second line)
if command -v script >/dev/null; then
    script -qec "POSTCAST_FAULT_KILL_WORKER=3+ '$PC' render '$SRC/examples/interview-en.md' -o '$TMP/warn.flac' --no-cache" /dev/null >"$TMP/tty-warn" 2>&1
    n=$(grep -c "postcast: warning:" "$TMP/tty-warn")
    glued=$(grep -aP '[^\r\n]postcast: warning:' "$TMP/tty-warn" | wc -l)
    wide=$(tr '\r' '\n' <"$TMP/tty-warn" | grep -a '^\[[#.]*\]' | awk '{ if (length($0) > 80) n++ } END { print n + 0 }')
    [ "$n" -gt 0 ] && [ "$glued" -eq 0 ] && [ "$wide" -eq 0 ] && passes=$((passes + 1)) || {
        echo "FAIL: warnings on the bar's line: $glued of $n; bars over 80 columns: $wide"; fails=$((fails + 1)); }
fi

# a signal ignored when postcast starts stays ignored: nohup's SIGHUP did
# not keep a render going (exit 129, no episode)
{ printf -- '---\ntitle: Mid\nlang: en\n---\n'; for i in $(seq 1 300); do
    printf '**Ann**: Sentence %d of a post of middling length.\n\n' "$i"; done; } >"$TMP/mid.md"
(trap '' HUP; exec "$PC" render "$TMP/mid.md" -o "$TMP/hup.flac" -q --no-cache) 2>"$TMP/err" &
pid=$!
sleep 0.5
kill -HUP $pid 2>/dev/null
wait $pid
rc=$?
[ $rc -eq 0 ] && [ -s "$TMP/hup.flac" ] && passes=$((passes + 1)) || { echo "FAIL: nohup'd render stopped by SIGHUP: rc=$rc"; cat "$TMP/err"; fails=$((fails + 1)); }

# '-' is standard input for a post, as for other tools (it was a file
# named '-': "cannot open"); the other commands say why not
I="$SRC/examples/interview-en.md"
run 0 "" -- "$PC" script - <"$I"; out "^Night Shift: a conversation"
run 0 "" -- "$PC" script --json - <"$SRC/examples/garden-talk.vtt"; out '"speakers"'
run 0 "" -- "$PC" cast - <"$I"; out "^MAYA +ava"
run 0 "" -- "$PC" plan - --engine fake --no-phonemes <"$I"; out "MAYA"
run 1 "^postcast: error: stdin:2:3: invalid UTF-8" -- "$PC" script - < <(printf 'ok\nab\377\n')
run 2 "render: the post comes from standard input; name the episode \(-o EPISODE.flac\)" -- \
    "$PC" render - --engine fake <"$I"
[ ! -e ./-.flac ] && passes=$((passes + 1)) || { echo "FAIL: render - wrote -.flac"; fails=$((fails + 1)); }
run 0 "" -- "$PC" render - --engine fake -q -o "$TMP/stdin.wav" --sidecars <"$I"
"$PC" render "$I" --engine fake -q -o "$TMP/file.wav"
cmp -s "$TMP/stdin.wav" "$TMP/file.wav" && [ -s "$TMP/stdin.vtt" ] && passes=$((passes + 1)) || {
    echo "FAIL: render - differs from render FILE (or no sidecars)"; fails=$((fails + 1)); }
run 0 "" -- "$PC" preview - --section 2 --engine fake -o "$TMP/stdin-p.wav" <"$I"
[ -s "$TMP/stdin-p.wav" ] && passes=$((passes + 1)) || { echo "FAIL: preview - wrote nothing"; fails=$((fails + 1)); }
run 2 "chapters: '-': standard input is read as a post only" -- "$PC" chapters - <"$TMP/file.wav"
run 2 "feed: '-': standard input is read as a post only" -- "$PC" feed --check -
run 2 "site: '-': standard input is read as a post only" -- "$PC" site - -o "$TMP/site-"
run 2 "render: --cast '-': standard input is read as a post only" -- "$PC" render - --cast - -o "$TMP/x.wav"
run 2 "script: --chapters '-': standard input is read as a post only" -- "$PC" script "$I" --chapters -
# --format mp3 without -o named the episode POST.flac, then refused it
(cd "$TMP" && run 0 "" -- "$PC" render "$I" --engine fake -q --format MP3)
[ -s "$TMP/interview-en.mp3" ] && passes=$((passes + 1)) || { echo "FAIL: --format mp3 alone"; fails=$((fails + 1)); }
run 2 "unknown format '\.\./x'" -- "$PC" render "$I" --engine fake -q --format ../x
# a number too big for its type was read as the largest: "no section 18446744073709551615"
run 2 "plan: bad --section '99999999999999999999999'" -- "$PC" plan "$I" --engine fake --section 99999999999999999999999
run 2 "preview: bad --from-line '99999999999999999999999'" -- "$PC" preview "$I" --engine fake --from-line 99999999999999999999999
# FLAC and Opus hold 999 chapters: 1,001 sections said "wrote ... 1001 chapters" and no more
{ printf -- '---\ntitle: Many\npauses: {section_before: 0, section_after: 0}\n---\n\n'
  for i in $(seq 1000); do printf '# S%d\n\nx.\n\n' "$i"; done; } >"$TMP/many.md"
run 0 "^postcast: warning: Opus keeps 999 chapters \(CHAPTERnnn comments\); chapters 1000 to 1001 are left out" -- \
    "$PC" render "$TMP/many.md" --engine fake -q -o "$TMP/many.opus"
run 0 "" -- "$PC" render "$TMP/many.md" --engine fake -q -o "$TMP/many.mp3"
[ ! -s "$TMP/err" ] && passes=$((passes + 1)) || { echo "FAIL: MP3 warned of a chapter limit"; fails=$((fails + 1)); }
# -o .flac wrote a hidden file named '.flac'
(cd "$TMP" && run 2 "^postcast: error: \.flac: names only an extension \(it would be a hidden file\); name the file \(-o episode\.flac\)$" -- \
    "$PC" render "$I" --engine fake -o .flac)
run 2 "sub/\.MP3: names only an extension .*\(-o $TMP/sub/episode\.MP3\)" -- "$PC" render "$I" --engine fake -o "$TMP/sub/.MP3"
run 2 "names only an extension" -- "$PC" voices --say ava -o "$TMP/.wav"
run 2 "\.\.flac: names only an extension .*\(-o episode\.flac\)" -- "$PC" render "$I" --engine fake -o ..flac
run 2 "names only an extension" -- "$PC" preview "$I" --section 2 --engine fake -o "$TMP/.opus"
[ -z "$(ls -A "$TMP" | grep -x '\.\(flac\|wav\|opus\)')" ] && passes=$((passes + 1)) || {
    echo "FAIL: a hidden file named by its extension was written"; fails=$((fails + 1)); }
run 0 "" -- "$PC" render "$I" --engine fake -q -o "$TMP/.hidden.flac"

echo "cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
