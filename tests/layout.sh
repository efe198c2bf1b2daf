#!/usr/bin/env bash
# The layout rules of issue 11, checked from the tree and the object files:
# - no two files of src/ depend on each other in a circle, where "A depends
#   on B" means A.o leaves a symbol undefined that B.o defines (computed
#   from nm, never from a list kept by hand);
# - no .c file over 700 lines, no function over 120 lines, no CLI file
#   (tools/) over 400 lines.
# usage: layout.sh SOURCE_DIR OBJECT_DIR   (OBJECT_DIR: libpostcast's .o files)
set -u
SRC=$1
OBJ=$2
fails=0 passes=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

objs=$(find "$OBJ" -name '*.o' | sort)
[ -n "$objs" ] || { echo "FAIL: no object files under $OBJ"; echo "0 passed, 1 failed"; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for o in $objs; do
    f=$(basename "$o"); f=${f%.o}; f=${f%.c}
    nm --defined-only -g "$o" | awk -v f="$f" 'NF == 3 { print $3, f }' >>"$TMP/defs"
    nm -u "$o" | awk -v f="$f" '{ print $2, f }' >>"$TMP/uses"
done
# edges "user definer", each file also an edge to itself so tsort sees it
awk 'NR == FNR { def[$1] = $2; next } ($1 in def) && def[$1] != $2 { print $2, def[$1] }' \
    "$TMP/defs" "$TMP/uses" | sort -u >"$TMP/edges"
for o in $objs; do f=$(basename "$o"); f=${f%.o}; f=${f%.c}; echo "$f $f"; done >>"$TMP/edges"
if tsort "$TMP/edges" >/dev/null 2>"$TMP/loops"; then passes=$((passes + 1)); else
    fail "src/ files depend on each other in a circle:"
    grep -v 'input contains a loop' "$TMP/loops" | sed 's/^tsort: /  /'
    # the pairs that close each loop, for the reader
    awk '{ e[$1 " " $2] = 1 } END { for (k in e) { split(k, p, " "); if (p[1] < p[2] && ((p[2] " " p[1]) in e)) print "  " p[1] " <-> " p[2] } }' "$TMP/edges"
fi

for c in "$SRC"/src/*.c "$SRC"/tools/*.c; do
    [ -f "$c" ] || continue
    n=$(wc -l <"$c")
    limit=700
    case $c in "$SRC"/tools/*) limit=400 ;; esac
    if [ "$n" -gt "$limit" ]; then fail "${c#"$SRC"/} has $n lines (limit $limit)"; else passes=$((passes + 1)); fi
    # a function body opens with "{" alone at column 0 and closes with "}"
    awk -v file="${c#"$SRC"/}" '
        /^\{/ && !inside { inside = 1; start = NR; name = prev; next }
        /^\}/ && inside { inside = 0; len = NR - start + 1
            if (len > 120) { sub(/\(.*/, "", name); n = split(name, w, /[ *]+/)
                printf "FAIL: %s: %s is %d lines (limit 120)\n", file, w[n], len } }
        !/^[ \t]*$/ { if (!inside) prev = (/^[a-zA-Z_]/ ? $0 : prev) }
    ' "$c" >"$TMP/long"
    if [ -s "$TMP/long" ]; then cat "$TMP/long"; fails=$((fails + $(wc -l <"$TMP/long")));
    else passes=$((passes + 1)); fi
done
echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
