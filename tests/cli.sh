#!/usr/bin/env bash
# CLI tests: exit codes, error message format, --help/--version.
# usage: cli.sh POSTCAST SOURCE_DIR
set -u
PC=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
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
run 0 "" -- "$PC" help script; out "--json"
run 0 "" -- "$PC" script --help; out "Usage: postcast script"
run 2 "unknown option '--bogus'" -- "$PC" --bogus
run 2 "unknown option '--frobnicate'" -- "$PC" script "$SRC/examples/blog-post.md" --frobnicate
run 2 "unknown command" -- "$PC" frobnicate
run 2 "no post given" -- "$PC" script
run 2 "no command 'nope'" -- "$PC" help nope
run 2 "" -- "$PC"

run 0 "" -- "$PC" script "$SRC/examples/interview-en.md"
out "^2\. Storms"; out "MAYA +4 turns"
run 0 "" -- "$PC" script "$SRC/examples/interview-en.md" --json; out '"speakers":\[\{"name":"Narrator","narrator":true,"turns":1\}'

printf 'fine\nab\xc3(\n' >"$TMP/bad-utf8.md"
run 1 "^postcast: error: .*bad-utf8.md:2:3: invalid UTF-8" -- "$PC" script "$TMP/bad-utf8.md"
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

echo "cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
