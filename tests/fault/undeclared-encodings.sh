# Text files in encodings that nothing declares (KOI8-R, windows-1251,
# windows-1252, Latin-1, Shift-JIS, and the two reproducers of the
# use-after-free in encoding.c that turned KOI8-R into windows-1252
# mojibake) are each stored with the right text, compared with the UTF-8
# original (after NFKC, as trawl stores it), and the right encoding name.
. "$TESTS/fault/lib.bash"
seed_store
cp -r "$FIX/encodings/in" in
run_add in
expect_status 0
expect_summary 7 0 0 0
[ ! -s err ] || fail "stderr is not empty"
check_encoding() { # FILE ENCODING
	local f=$1 want=$2 got
	got=$(ls_json | /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    d = json.loads(line)
    if d["path"] == sys.argv[1]:
        print(d.get("encoding"))' "in/$f.txt")
	[ "$got" = "$want" ] || fail "in/$f.txt is stored as $got, expected $want"
	"$TRAWL" show "in/$f.txt" --plain >show.out 2>show.err || fail "trawl show in/$f.txt failed: $(cat show.err)"
	/usr/bin/python3 - "$FIX/encodings/expect/$f.utf8" show.out <<'PY' || fail "the stored text of in/$f.txt is wrong"
import sys, unicodedata
want = unicodedata.normalize("NFKC", open(sys.argv[1], encoding="utf-8").read()).strip()
shown = open(sys.argv[2], encoding="utf-8").read()
got = shown.split("--- section 1 ---\n", 1)[1].strip() if "--- section 1 ---\n" in shown else ""
if got != want:
    print("expected:", want, "\ngot:     ", got, "\nshow printed:\n", shown)
    sys.exit(1)
PY
}
check_encoding koi8r KOI8-R
check_encoding uaf-encoding-koi8r-mojibake KOI8-R
check_encoding cp1251 WINDOWS-1251
check_encoding cp1252 WINDOWS-1252
check_encoding latin1 WINDOWS-1252
check_encoding sjis SHIFT_JIS
# (c a f 0xE9: uchardet says ISO-8859-2, where 0xE9 is é as in Latin-1)
check_encoding uaf-encoding-min-5bytes ISO-8859-2
check_intact
