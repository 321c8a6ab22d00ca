# kill -9 in the middle of trawl add, at several moments, on the same store:
# afterwards verify exits 0 (orphan notes allowed, errors not) and ls works.
# Then the same add, run to the end, exits 0 and the store lists every file
# exactly once. A fresh store killed very early must be usable too.
. "$TESTS/fault/lib.bash"
seed_store
mkdir -p corpus/ex
for i in $(seq 1 100); do
	printf 'Notice %d\nThe council published item %d of its budget for review.\n' "$i" "$i" >corpus/note-$i.txt
	printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Page %d</title></head><body><h1>Tender %d</h1><p>Tender %d was awarded to Supplier %d.</p></body></html>\n' "$i" "$i" "$i" "$i" >corpus/page-$i.html
	printf 'id,supplier,amount\n%d,Supplier %d,%d\n%d,Other %d,%d\n' "$i" "$i" $((i * 1000)) $((i + 1000)) "$i" $((i * 7)) >corpus/table-$i.csv
done
# every example but the OCDS packages and archives (one file makes several
# documents there)
for f in "$ROOT"/examples/*; do
	[ -f "$f" ] || continue
	case "$f" in *ocds* | *.url | *.md | *.zip) continue ;; esac
	cp "$f" corpus/ex/
done
nfiles=$(find corpus -type f | wc -l)

# how long a whole run takes here (in a throwaway store), to aim the kills
t0=$(date +%s%N)
TRAWL_STORE="$TMP/timing" "$TRAWL" add corpus >timing.out 2>&1 || { cat timing.out; fail "the corpus does not add cleanly"; }
full_ms=$((($(date +%s%N) - t0) / 1000000))
rm -rf "$TMP/timing"
echo "note: a full add of $nfiles files takes ${full_ms} ms"

killed=0
round=0
# fractions of the full run, plus fixed delays, on the same store
for delay in $(awk -v t="$full_ms" 'BEGIN { printf "%.3f %.3f %.3f %.3f %.3f 0.05 0.2 0.5\n", t*0.15/1000, t*0.4/1000, t*0.65/1000, t*0.8/1000, t*0.95/1000 }'); do
	round=$((round + 1))
	"$TRAWL" add corpus >kill.out 2>kill.err &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	{ wait "$pid"; } 2>/dev/null
	st=$?
	[ "$st" = 137 ] && killed=$((killed + 1))
	[ "$st" = 137 ] || [ "$st" = 0 ] || { cat kill.out kill.err; fail "round $round: trawl add exited $st before the kill"; }
	"$TRAWL" verify >verify.out 2>verify.err
	vs=$?
	no_sanitizer_report verify.err
	[ "$vs" = 0 ] || { cat verify.out verify.err; fail "round $round (kill after ${delay}s): trawl verify exited $vs"; }
	grep -q 'error' verify.err && { cat verify.err; fail "round $round: verify reported errors"; }
	"$TRAWL" ls >ls.out 2>ls.err || { cat ls.err; fail "round $round: trawl ls failed after the kill"; }
	no_sanitizer_report ls.err
	echo "note: round $round: kill after ${delay}s (exit $st); store lists $(($(wc -l <ls.out) - 1)) documents; verify: $(tail -n 1 verify.out)"
done
echo "note: $killed of $round runs were killed mid-ingest"

run_add corpus
expect_status 0
grep -qE '^[0-9]+ added, [0-9]+ unchanged, 0 new versions, 0 failed' out || fail "the re-run summary is not 'N added, M unchanged, 0 new versions, 0 failed'"
a=$(sed -nE 's/^([0-9]+) added, ([0-9]+) unchanged.*/\1 \2/p' out)
set -- $a
[ $(($1 + $2)) = "$nfiles" ] || fail "re-run: $1 added + $2 unchanged != $nfiles files"
ls_json | grep -o '"path":"corpus/[^"]*"' | sort >paths.txt
[ "$(wc -l <paths.txt)" = "$nfiles" ] || fail "the store lists $(wc -l <paths.txt) documents under corpus/, expected $nfiles"
[ "$(sort -u paths.txt | wc -l)" = "$nfiles" ] || fail "some files are listed more than once: $(uniq -d paths.txt | head)"
[ "$(ls_json --all | grep -c '"path":"corpus/')" = "$nfiles" ] || fail "ls --all lists $(ls_json --all | grep -c '"path":"corpus/') corpus documents, expected $nfiles"
check_intact

# a fresh store killed at once
export TRAWL_STORE="$TMP/fresh"
"$TRAWL" add corpus >kill.out 2>kill.err &
pid=$!
sleep 0.02
kill -9 "$pid" 2>/dev/null
{ wait "$pid"; } 2>/dev/null
if [ -e "$TRAWL_STORE" ]; then
	"$TRAWL" verify >verify.out 2>verify.err
	vs=$?
	[ "$vs" = 0 ] || { cat verify.out verify.err; fail "fresh store killed early: verify exited $vs"; }
fi
run_add corpus
expect_status 0
[ "$(ls_json | grep -c '"path":"corpus/')" = "$nfiles" ] || fail "fresh store: $(ls_json | grep -c '"path":"corpus/') documents listed after the re-run, expected $nfiles"
"$TRAWL" verify >verify.out 2>verify.err || { cat verify.out verify.err; fail "fresh store: verify failed after the re-run"; }
