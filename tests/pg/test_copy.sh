# trawl copy: a folder store (the examples, a second version of a file, a
# correction made with trawl set, a watch) into PostgreSQL and back again.
# trawl verify passes on every side with the same counts, and every
# command answers the same on all three.
set -u
pg=$(bash "$TESTS/pg/cluster.sh" start) || exit 1
trap 'bash "$TESTS/pg/cluster.sh" stop "$pg"' EXIT
url=$(cat "$pg/url")
fail() { echo "FAIL: $*"; exit 1; }
cp -r "$ROOT/examples" in
printf '边境管理支队2024年部门预算\n巡逻艇购置223.00万元。\n' >in/version.txt
"$TRAWL" --store one add in >/dev/null 2>&1
printf '边境管理支队2024年部门预算（调整）\n巡逻艇购置250.00万元。\n' >in/version.txt
"$TRAWL" --store one add in >/dev/null 2>&1
"$TRAWL" --store one set in/version.txt year=2023 place=吉林 >/dev/null || fail "set"
"$TRAWL" --store one watch add boats 巡逻艇 >/dev/null || fail "watch"
"$TRAWL" --store one watch run >/dev/null || fail "watch run"

"$TRAWL" copy --from one --to "$url" || fail "copy into PostgreSQL"
"$TRAWL" copy --from "$url" --to two || fail "copy back"
"$TRAWL" copy --from one --to "$url" 2>/dev/null && fail "a copy into a store that is not empty"

same() { # what: the command's output on the three stores
	"$TRAWL" --store one "$@" >one.out 2>&1
	"$TRAWL" --store "$url" "$@" >pg.out 2>&1
	"$TRAWL" --store two "$@" >two.out 2>&1
	diff one.out pg.out >diff.out || { cat diff.out; fail "PostgreSQL differs: $*"; }
	diff one.out two.out >diff.out || { cat diff.out; fail "the copy back differs: $*"; }
}
same verify
grep -q ' originals checked, 0 problems$' one.out || fail "verify: $(cat one.out)"
same ls --all
same ls --json
same search 预算 --limit 50
# (the OCR marks in JSON; the scores agree to the last bits or so: each
# engine sums BM25's terms in its own order)
same_noscore() {
	"$TRAWL" --store one "$@" 2>&1 | sed -E 's/"score":[-0-9.e+]+/"score":S/' >one.out
	"$TRAWL" --store "$url" "$@" 2>&1 | sed -E 's/"score":[-0-9.e+]+/"score":S/' >pg.out
	"$TRAWL" --store two "$@" 2>&1 | sed -E 's/"score":[-0-9.e+]+/"score":S/' >two.out
	grep -q '"ocr":true' one.out || fail "no OCR mark in: $*"
	diff one.out pg.out >diff.out || { cat diff.out; fail "PostgreSQL differs: $*"; }
	diff one.out two.out >diff.out || { cat diff.out; fail "the copy back differs: $*"; }
}
same_noscore search 预算 --limit 50 --json
same_noscore facts --kind item --json
same search '巡逻艇 OR 人脸识别' --files --json
same search 'kind:budget year:2023 place:吉林' --files
same facts --csv
same facts --kind item --min 100000 --json
same show in/version.txt --json
same show bianjian_zhidui_2024_bumen_yusuan.pdf --page 2
same diff in/2022 in/2023 --csv
same report --by year --csv
same watch
echo ok
