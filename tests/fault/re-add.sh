# Re-adding a folder: nothing new. Then one file's bytes change at the same
# path: one new version; the old one stays, shown as superseded by ls --all,
# and trawl show of its id still works.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
for i in 1 2 3 4 5; do
	printf 'Procurement notice %d\nContract value %d000 yuan.\n' "$i" "$i" >in/n$i.txt
done
cp "$ROOT/examples/caigou_hetong_gongshi_2024.csv" "$ROOT/examples/port_calder_award_notice_PCHA-2024-041.pdf" in/
run_add in
expect_status 0
expect_summary 7 0 0 0
run_add in
expect_status 0
expect_summary 0 7 0 0
[ -s err ] && fail "the re-add printed on stderr"
old=$(ls_json | grep -F '"path":"in/n3.txt"' | grep -o '"id":"[0-9a-f]*"' | cut -d'"' -f4)
[ -n "$old" ] || fail "no id for in/n3.txt"
printf 'Procurement notice 3 (amended)\nContract value 3500 yuan.\n' >in/n3.txt
run_add in
expect_status 0
expect_summary 0 6 1 0
new=$(ls_json | grep -F '"path":"in/n3.txt"' | grep -o '"id":"[0-9a-f]*"' | cut -d'"' -f4)
[ -n "$new" ] && [ "$new" != "$old" ] || fail "in/n3.txt's current id is '$new', old was $old"
[ "$(ls_json | grep -c '"path":"in/n3.txt"')" = 1 ] || fail "ls lists in/n3.txt $(ls_json | grep -c '"path":"in/n3.txt"') times, expected once"
"$TRAWL" ls --all >lsall.out 2>&1 || fail "ls --all failed"
grep "^${old:0:12} " lsall.out | grep -q 'superseded' || fail "ls --all does not show the old version as superseded: $(cat lsall.out)"
grep "^${new:0:12} " lsall.out | grep -q 'superseded' && fail "ls --all shows the new version as superseded"
"$TRAWL" ls >ls.out 2>&1
grep -q "^${old:0:12} " ls.out && fail "plain ls still lists the superseded version"
"$TRAWL" show "$old" >show.out 2>&1 || fail "trawl show OLD_ID failed: $(cat show.out)"
grep -qF 'Contract value 3000 yuan' show.out || fail "trawl show OLD_ID does not show the old text: $(cat show.out)"
"$TRAWL" show in/n3.txt >show.out 2>&1 || fail "trawl show in/n3.txt failed"
grep -qF 'amended' show.out || fail "trawl show PATH does not show the new text"
"$TRAWL" show --json "$old" >/dev/null 2>&1 || fail "trawl show --json OLD_ID failed"
run_add in
expect_status 0
expect_summary 0 7 0 0
check_intact
