# Odd files get a warning that says what was kept, not silence; each is
# still stored, and the run exits 1:
#  - a .csv whose second line is 40 MiB long: read as plain text, and said
#    why, with peak RSS bounded (a 200 MiB line once took 1 GB);
#  - .json files that are not OCDS: read as plain text, and said so;
#  - files that yield no text (white space only; an HTML page of scripts):
#    "no text found" and why;
#  - the text limit (TRAWL_FAULTS=text-cap:N makes it small): what fits is
#    kept, and where it stopped is said;
#  - the cell budget (cell-cap:N): the table up to a row, then text only.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
/usr/bin/python3 - <<'PY'
with open("in/giant.csv", "w") as f:
    f.write("id,amount,note\n")
    chunk = ",".join(str(i) for i in range(10000)) + ","
    n = 0
    while n < 40 << 20:
        f.write(chunk)
        n += len(chunk)
    f.write("\n")
PY
echo '{"name": "not a release", "items": [1, 2, 3]}' >in/plain.json
echo '[1, 2, 3]' >in/array.json
printf '  \n\t\n   \n' >in/blank.txt
echo '<html><head><script>var x = 1;</script><style>p {}</style></head><body></body></html>' >in/empty.html
echo "a good file beside the odd ones" >in/good.txt
run_add_bounded 300 700 "a 40 MiB line" in
expect_status 1
expect_summary 6 0 0 0
grep -q ', 5 with warnings' out || fail "the summary does not count 5 warnings"
expect_line warning in/giant.csv 'read as plain text, not as a table: line 2 is 40\.[0-9] MiB long'
expect_line warning in/plain.json 'not OCDS .*read as plain text'
expect_line warning in/array.json 'not OCDS .*read as plain text'
expect_line warning in/blank.txt 'no text found: it holds nothing but white space'
expect_line warning in/empty.html 'no text found: the page has nothing but markup'
expect_no_line in/good.txt
expect_listed in/giant.csv in/plain.json in/array.json in/blank.txt in/empty.html in/good.txt
n=$("$TRAWL" show in/giant.csv --plain | wc -c)
[ "$n" -gt $((40 << 20)) ] || fail "the giant line's text is not all stored: $n bytes shown"

# the text limit, made 1000 bytes: three pages of ~600 bytes each
mkdir cap
for p in 1 2 3; do
	for i in $(seq 1 20); do printf 'page %d line %02d of the notice\n' "$p" "$i"; done
	[ "$p" = 3 ] || printf '\f'
done >cap/long.txt
TRAWL_FAULTS=text-cap:1000 run_add cap
expect_status 1
expect_summary 1 0 0 0
expect_line warning cap/long.txt 'text over the limit of 0 MiB: kept up to page 2, the rest dropped'
"$TRAWL" show cap/long.txt --page 1 --plain >p1.out 2>&1 || fail "page 1 is not stored: $(cat p1.out)"
grep -q 'page 1 line 20' p1.out || fail "page 1 is not whole"
"$TRAWL" show cap/long.txt --page 2 --plain >p2.out 2>&1 || fail "page 2 is not stored"
grep -q 'page 2 line 01' p2.out || fail "page 2 lost its start"
! grep -q 'page 2 line 20' p2.out || fail "page 2 is whole, past the limit"

# the cell budget, made 10 cells: a CSV of 3 columns and 6 rows
mkdir cells
printf 'a,b,c\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n13,14,15\n' >cells/t.csv
TRAWL_FAULTS=cell-cap:10 run_add cells
expect_status 1
expect_line warning cells/t.csv 'over 10 table cells: kept as a table up to sheet 1 row 4, after it as text only'
"$TRAWL" show cells/t.csv --plain >t.out 2>&1
grep -q '13	14	15' t.out || fail "the rows past the budget are not kept as text: $(cat t.out)"
check_intact
