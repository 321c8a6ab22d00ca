# Ctrl-C (SIGINT) in the middle of trawl add stops it cleanly: the files
# being read are finished and stored, the summary says what was stored,
# stderr says how to go on, the exit status is 130, and no original is
# left that the database does not know. The same add then adds the rest.
# A second signal ends trawl at once, and the store is still sound.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
n=40
for i in $(seq 1 $n); do
	printf '通知 %d\n第%d号文件，预算%d万元。\n' "$i" "$i" "$i" >in/note-$i.txt
done
# each file takes 150 ms to read: 40 files on 2 workers, about 3 s
TRAWL_FAULTS=slow-read:150 "$TRAWL" add --jobs 2 in >out 2>err &
pid=$!
# wait until the run is under way (its first batch is committed after 2 s)
sleep 1.2
kill -INT "$pid"
wait "$pid"
status=$?
no_sanitizer_report err
[ "$status" = 130 ] || fail "trawl add exited $status after SIGINT, expected 130"
grep -q 'stopping after the files being read' err || fail "no word that trawl is stopping: $(cat err)"
grep -qE '^trawl: add: stopped: [0-9]+ files? (was|were) not read; .*Run the same trawl add again' err ||
	fail "stderr does not say how to resume: $(cat err)"
added=$(sed -nE 's/^([0-9]+) added, .*/\1/p' out)
notread=$(sed -nE 's/^trawl: add: stopped: ([0-9]+) files? .*/\1/p' err)
[ -n "$added" ] || fail "no summary line: $(cat out)"
[ "$added" -gt 0 ] && [ "$added" -lt $n ] || fail "$added of $n files added: the signal did not land mid-run"
[ $((added + notread)) = $n ] || fail "$added added + $notread not read != $n"
echo "note: stopped after $added of $n files"
# what the summary says was stored is stored, and nothing else is there
[ "$(ls_json | grep -c '"path":"in/')" = "$added" ] || fail "the store lists $(ls_json | grep -c '"path":"in/') documents, the summary says $added"
"$TRAWL" verify >verify.out 2>verify.err
grep -qE "orphan|belongs? to no document" verify.out verify.err && fail "originals left behind the stop: $(cat verify.out)"
check_intact
# the same command adds the rest
run_add in
expect_status 0
expect_summary $((n - added)) "$added" 0 0
[ "$(ls_json | grep -c '"path":"in/')" = $n ] || fail "the store lists $(ls_json | grep -c '"path":"in/') of $n files after the re-run"

# a second signal: trawl ends at once (the default action), the store stays sound
rm -rf in2
mkdir in2
for i in $(seq 1 $n); do printf 'second %d\n' "$i" >in2/s-$i.txt; done
TRAWL_FAULTS=slow-read:150 "$TRAWL" add --jobs 2 in2 >out 2>err &
pid=$!
sleep 0.8
kill -INT "$pid"
sleep 0.1
kill -INT "$pid" 2>/dev/null
wait "$pid"
status=$?
[ "$status" = 130 ] || fail "after two SIGINTs trawl add exited $status, expected 130"
check_intact
run_add in2
expect_status 0
[ "$(ls_json | grep -c '"path":"in2/')" = $n ] || fail "in2: $(ls_json | grep -c '"path":"in2/') of $n files after the re-run"
