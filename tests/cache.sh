#!/usr/bin/env bash
# The clip cache through the CLI: a render whose cache holds FIFOs or
# directories at its entry paths finishes (under a timeout) with the same
# bytes as without a cache; unsafe cache directories are refused by name;
# `cache stats|clear` touch nothing in a directory that is not a cache;
# workers write their clips into the entries (or, when they cannot, send
# them to be stored), and a worker killed mid-clip leaves nothing.
# usage: cache.sh POSTCAST SOURCE_DIR
set -u
PC=$1
SRC=$2
POST=$SRC/examples/blog-post.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CACHE_HOME="$TMP/xdg"
fails=0 passes=0

ok() { passes=$((passes + 1)); }
fail() { echo "FAIL: $*"; sed 's/^/  stderr: /' "$TMP/err" | head -5; fails=$((fails + 1)); }

# render NAME [OPTIONS]: renders POST to TMP/NAME.wav; sets rc
render() {
    local name=$1
    shift
    timeout -k 5 60 "$PC" render "$POST" -o "$TMP/$name.wav" -q "$@" 2>"$TMP/err"
    rc=$?
}

render ref --no-cache
[ $rc -eq 0 ] && ok || fail "reference render: rc=$rc"
render cold --cache-dir "$TMP/c"
[ $rc -eq 0 ] && cmp -s "$TMP/ref.wav" "$TMP/cold.wav" && ok || fail "cold cache: rc=$rc"
[ -f "$TMP/c/CACHEDIR.TAG" ] && head -1 "$TMP/c/CACHEDIR.TAG" | grep -q '^Signature: 8a477f597d28d172789f06886806bc55$' \
    && ok || fail "no CACHEDIR.TAG"
clips=$(find "$TMP/c" -name '*.clip' | wc -l)
[ "$clips" -gt 5 ] && ok || fail "only $clips clips cached"

# a file where the cache directory should be: said as such (it was
# "Permission denied", from access() on the file)
echo x >"$TMP/afile"
render afile --cache-dir "$TMP/afile"
grep -q 'Not a directory' "$TMP/err" && ok || fail "--cache-dir naming a file: $(cat "$TMP/err")"

# every entry a FIFO: no hang, the same episode
find "$TMP/c" -name '*.clip' | while read -r f; do rm "$f" && mkfifo "$f"; done
render fifo --cache-dir "$TMP/c"
[ $rc -eq 0 ] && cmp -s "$TMP/ref.wav" "$TMP/fifo.wav" && ok || fail "FIFOs at entry paths: rc=$rc (124: hung)"

# every entry a directory: entries cannot be stored, the render goes on
find "$TMP/c" -name '*.clip' | while read -r f; do rm -f "$f" && mkdir "$f"; done
render dirs --cache-dir "$TMP/c"
[ $rc -eq 0 ] && cmp -s "$TMP/ref.wav" "$TMP/dirs.wav" && ok || fail "directories at entry paths: rc=$rc"
[ "$(find "$TMP/c" -name '.tmp.*' | wc -l)" -eq 0 ] && ok || fail "temporary files left in the cache"

# a kernel without openat2 (or a filter that refuses it): entries are
# looked up through the checked subdirectory with openat; the same bytes
# cold and warm, and the warm render finds every clip
if command -v strace >/dev/null; then
    # LeakSanitizer cannot run under ptrace: off for these (an ASan build)
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
    for e in ENOSYS EPERM; do
        for pass in cold warm; do
            strace -f -qq -o /dev/null -e trace=openat2 -e inject=openat2:error=$e \
                "$PC" render "$POST" -o "$TMP/no2-$e-$pass.wav" -q --cache-dir "$TMP/no2-$e" 2>"$TMP/err"
            rc=$?
            [ $rc -eq 0 ] && cmp -s "$TMP/ref.wav" "$TMP/no2-$e-$pass.wav" && ok || fail "openat2 $e, $pass: rc=$rc"
        done
        # a store is one writev: a render that makes none had every clip
        strace -f -qq -o "$TMP/trace" -e trace=writev -e inject=openat2:error=$e \
            "$PC" render "$POST" -o "$TMP/no2.wav" -q --cache-dir "$TMP/no2-$e" 2>"$TMP/err"
        [ "$(find "$TMP/no2-$e" -name '*.clip' | wc -l)" -gt 5 ] && ! grep -q writev "$TMP/trace" \
            && ok || fail "openat2 $e: clips not found again"
    done
    # a cold render's workers write their clips into the new entries
    # themselves (no writev of a store by the render); when they cannot
    # (a full disk for them), the clips come through the pipe and are
    # stored as before: the same bytes, every clip stored, nothing left
    strace -f -qq -o "$TMP/trace" -e trace=writev \
        "$PC" render "$POST" -o "$TMP/sunk.wav" -q --cache-dir "$TMP/sunk" 2>"$TMP/err"
    [ $? -eq 0 ] && cmp -s "$TMP/ref.wav" "$TMP/sunk.wav" && ! grep -q writev "$TMP/trace" \
        && [ "$(find "$TMP/sunk" -name '*.clip' | wc -l)" -eq "$clips" ] \
        && ok || fail "workers writing into the cache: $(grep -c writev "$TMP/trace") stores by the render"
    strace -f -qq -o /dev/null -e trace=pwrite64 -e inject=pwrite64:error=ENOSPC \
        "$PC" render "$POST" -o "$TMP/piped.wav" -q --cache-dir "$TMP/piped" 2>"$TMP/err"
    [ $? -eq 0 ] && cmp -s "$TMP/ref.wav" "$TMP/piped.wav" \
        && [ "$(find "$TMP/piped" -name '*.clip' | wc -l)" -eq "$clips" ] \
        && [ "$(find "$TMP/piped" -name '.tmp.*' | wc -l)" -eq 0 ] \
        && ok || fail "workers that cannot write into the cache"
else
    echo "cache.sh: no strace: the openat2 fallback is not checked"
fi

# cold renders at -j 1 and -j 6 (workers writing into the entries at
# once): the same episode and the same entries, byte for byte
render j1 --cache-dir "$TMP/j1" -j 1
rc1=$rc
render j6 --cache-dir "$TMP/j6" -j 6
[ $rc1 -eq 0 ] && [ $rc -eq 0 ] && cmp -s "$TMP/ref.wav" "$TMP/j1.wav" && cmp -s "$TMP/ref.wav" "$TMP/j6.wav" \
    && [ "$(find "$TMP/j1" -name '*.clip' | wc -l)" -eq "$clips" ] \
    && diff -r "$TMP/j1" "$TMP/j6" >/dev/null && ok || fail "cold -j 1 and -j 6 differ"

# a tight descriptor limit: the clips come through the pipe (no
# descriptors held for entries being written), as many workers as asked
(ulimit -n 30 && render tight --cache-dir "$TMP/tight" -j 6; exit $rc)
[ $? -eq 0 ] && cmp -s "$TMP/ref.wav" "$TMP/tight.wav" && ! grep -q 'no more speech workers' "$TMP/err" \
    && [ "$(find "$TMP/tight" -name '*.clip' | wc -l)" -eq "$clips" ] && ok || fail "a tight descriptor limit"

# workers killed mid-clip (each clip from the third on, once): the
# clips spoken again, no torn entry or temporary file left, and the warm
# render (every clip a hit) gives the cold one's bytes
POSTCAST_FAULT_KILL_WORKER=3 render killed --cache-dir "$TMP/k"
[ $rc -eq 0 ] && cmp -s "$TMP/ref.wav" "$TMP/killed.wav" \
    && [ "$(find "$TMP/k" -name '.tmp.*' | wc -l)" -eq 0 ] && ok || fail "a worker killed: rc=$rc"
render killed-warm --cache-dir "$TMP/k"
[ $rc -eq 0 ] && cmp -s "$TMP/ref.wav" "$TMP/killed-warm.wav" && ok || fail "after a killed worker, warm: rc=$rc"

# a cache directory anyone can write: refused by name, nothing written
mkdir -m 777 "$TMP/open" && chmod 777 "$TMP/open"
render open --cache-dir "$TMP/open"
[ $rc -eq 1 ] && grep -q "open: cannot use the cache directory: others can write to it (mode 777)" "$TMP/err" \
    && [ -z "$(ls -A "$TMP/open")" ] && [ ! -e "$TMP/open.wav" ] && ok || fail "0777 cache directory: rc=$rc"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
    mkdir -m 700 "$TMP/theirs" && chown nobody "$TMP/theirs"
    render theirs --cache-dir "$TMP/theirs"
    [ $rc -eq 1 ] && grep -q "theirs: cannot use the cache directory: it belongs to uid $(id -u nobody)" "$TMP/err" \
        && ok || fail "another user's cache directory: rc=$rc"
else
    echo "cache.sh: not root: the other-owner case is skipped"
fi

# stats and clear in a directory that is not a cache: refused, nothing gone
mkdir -p "$TMP/photos/ab"
touch "$TMP/photos/ab/0123456789abcdef0123456789abcd.clip" "$TMP/photos/keep.jpg"
touch -d '3 hours ago' "$TMP/photos/ab/.tmp.abcdef"
"$PC" cache clear --cache-dir "$TMP/photos" >/dev/null 2>"$TMP/err"
rc=$?
[ $rc -eq 1 ] && grep -q "photos: not a postcast cache" "$TMP/err" && ok || fail "cache clear outside a cache: rc=$rc"
"$PC" cache stats --cache-dir "$TMP/photos" >/dev/null 2>"$TMP/err"
rc=$?
[ $rc -eq 1 ] && grep -q "not a postcast cache" "$TMP/err" && ok || fail "cache stats outside a cache: rc=$rc"
[ -e "$TMP/photos/ab/0123456789abcdef0123456789abcd.clip" ] && [ -e "$TMP/photos/ab/.tmp.abcdef" ] \
    && ok || fail "stats or clear removed files outside a cache"

# and in the cache: its entries go, what is not its own stays
render warm --cache-dir "$TMP/c2"
touch "$TMP/c2/notes.txt"
"$PC" cache clear --cache-dir "$TMP/c2" >/dev/null 2>"$TMP/err"
rc=$?
[ $rc -eq 0 ] && [ "$(find "$TMP/c2" -name '*.clip' | wc -l)" -eq 0 ] && [ -e "$TMP/c2/notes.txt" ] \
    && [ -e "$TMP/c2/CACHEDIR.TAG" ] && ok || fail "cache clear: rc=$rc"

# Ctrl-C mid-render (exit 130): no episode, no temporary file or torn
# entry in the cache; the render after it, from what was cached, gives
# the uncached render's bytes
{ printf -- '---\ntitle: Mid\nlang: en\n---\n'; for i in $(seq 1 300); do
    printf '**Ann**: Sentence %d of a post of middling length.\n\n' "$i"; done; } >"$TMP/mid.md"
set -m # a job started with & in a script ignores SIGINT otherwise
"$PC" render "$TMP/mid.md" -o "$TMP/int.flac" -q --cache-dir "$TMP/ci" 2>"$TMP/err" &
pid=$!
set +m
sleep 0.7
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 130 ] && [ ! -e "$TMP/int.flac" ] && [ -z "$(find "$TMP/ci" -type f ! -name '*.clip' ! -name CACHEDIR.TAG)" ] \
    && ok || fail "Ctrl-C mid-render: rc=$rc, left: $(find "$TMP/ci" -type f ! -name '*.clip' ! -name CACHEDIR.TAG | head -3)"
"$PC" render "$TMP/mid.md" -o "$TMP/int-warm.flac" -q --cache-dir "$TMP/ci" 2>"$TMP/err" &&
    "$PC" render "$TMP/mid.md" -o "$TMP/int-none.flac" -q --no-cache 2>>"$TMP/err" &&
    cmp -s "$TMP/int-warm.flac" "$TMP/int-none.flac" && ok || fail "after Ctrl-C, the cache's clips differ"

echo "cache: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
