# An extractor that gives a fact a string cut inside a character (a bug
# fuzzing found once: an indicator's unit cut at 15 bytes) costs that fact,
# said in a warning naming the file, never the file: before, the parent
# refused the reader's whole result as malformed and the file was lost.
# Armed with TRAWL_FAULTS=fact-bad-utf8 (the first fact of each document
# gets a value that ends inside a character), in the sandbox and without.
. "$TESTS/fault/lib.bash"
seed_store
for mode in sandbox no-sandbox; do
	mkdir "$mode"
	printf '成交公告（%s）\n成交金额：人民币120.50万元。\n公告日期：2024年5月6日。\n' "$mode" \
		>"$mode/award.txt"
	opt=
	[ "$mode" = no-sandbox ] && opt=--no-sandbox
	TRAWL_FAULTS=fact-bad-utf8 run_add $opt "$mode"
	expect_status 1
	expect_line warning "$mode/award.txt" 'fact left out: its text was not valid UTF-8'
	expect_summary 1 0 0 0
	expect_listed "$mode/award.txt"
	"$TRAWL" facts --json --doc "$mode/award.txt" >facts.json 2>facts.err ||
		fail "$mode: trawl facts failed: $(cat facts.err)"
	/usr/bin/python3 -c '
import json, sys
facts = [json.loads(l) for l in open("facts.json", encoding="utf-8")]
# the money fact was the first: left out; the date kept
sys.exit(0 if [f["kind"] for f in facts] == ["date"] else 1)' ||
		fail "$mode: the facts are not the others alone: $(cat facts.json)"
	"$TRAWL" search 成交金额 >search.out 2>&1 || fail "$mode: search failed: $(cat search.out)"
	grep -qF "$mode/award.txt" search.out || fail "$mode: search does not find the file: $(cat search.out)"
done
check_intact
