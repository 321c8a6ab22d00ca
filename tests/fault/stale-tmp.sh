# What crashed or killed runs left in the store's tmp/ is removed when the
# store is next opened for add: temporary originals and reader folders of
# processes that are gone, and pid-less leftovers over an hour old. Those
# of a live process (a concurrent add) are kept.
. "$TESTS/fault/lib.bash"
seed_store
sh -c 'exit 0' &
dead=$!
wait "$dead"
tmp="$TRAWL_STORE/tmp"
mkdir -p "$tmp/reader-$dead/sub"
echo leftover >"$tmp/reader-$dead/xls-abcdef"
echo leftover >"$tmp/reader-$dead/sub/x"
echo leftover >"$tmp/obj-$dead-Ab12Cd"
echo leftover >"$tmp/xls-Qw34Er"
touch -d '2 hours ago' "$tmp/xls-Qw34Er"
echo recent >"$tmp/obj-Zx56Cv"
echo live >"$tmp/obj-$$-Po09Iu"
mkdir "$tmp/reader-$$"
mkdir in
echo "a file" >in/a.txt
run_add in
expect_status 0
[ ! -e "$tmp/reader-$dead" ] || fail "the folder of a dead reader was left"
[ ! -e "$tmp/obj-$dead-Ab12Cd" ] || fail "the temporary original of a dead process was left"
[ ! -e "$tmp/xls-Qw34Er" ] || fail "an old pid-less leftover was left"
[ -e "$tmp/obj-Zx56Cv" ] || fail "a recent pid-less file was removed (its writer may be alive)"
[ -e "$tmp/obj-$$-Po09Iu" ] || fail "the temporary original of a live process was removed"
[ -d "$tmp/reader-$$" ] || fail "the folder of a live reader was removed"
rm -rf "$tmp/obj-Zx56Cv" "$tmp/obj-$$-Po09Iu" "$tmp/reader-$$"
check_intact
