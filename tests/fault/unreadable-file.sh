# A file trawl may not read. Three variants:
#  - the eacces fault (works as root, where permissions don't stop reading);
#  - as root: a real chmod 000 file, with trawl run as user nobody via setpriv
#    on a store folder with mode 777;
#  - as a normal user: a real chmod 000 file.
. "$TESTS/fault/lib.bash"
seed_store

# 1. fault injection
mkdir in
echo "secret words" >in/locked.txt
echo "a good file beside the locked one" >in/good.txt
TRAWL_FAULTS=eacces:locked.txt run_add in
expect_status 1
expect_line error in/locked.txt 'permission|denied|access'
expect_summary 1 0 0 1
expect_listed in/good.txt
expect_not_listed in/locked.txt
check_intact

# 2. real permissions
if [ "$(id -u)" = 0 ]; then
	if ! command -v setpriv >/dev/null || ! setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
		echo "note: setpriv can't run as nobody here; real-permission variant skipped"
		exit 0
	fi
	# $TMP may be private to root, so use a folder everyone can enter
	pub=$(mktemp -d /tmp/trawl-fault-perm.XXXXXX) || fail "mktemp"
	trap 'rm -rf "$pub"' EXIT
	chmod 755 "$pub"
	if ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$TRAWL"; then
		echo "note: user nobody can't run $TRAWL; real-permission variant skipped"
		exit 0
	fi
	mkdir "$pub/in" "$pub/store"
	chmod 777 "$pub/store"
	echo "secret words" >"$pub/in/locked.txt"
	echo "a good file nobody can read" >"$pub/in/good.txt"
	chmod 000 "$pub/in/locked.txt"
	chmod 644 "$pub/in/good.txt"
	cd "$pub" || fail "cd $pub"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		env TRAWL_STORE="$pub/store" "$TRAWL" add in >out 2>err
	status=$?
	no_sanitizer_report err
	expect_status 1
	expect_line error in/locked.txt 'permission|denied|access'
	expect_summary 1 0 0 1
	export TRAWL_STORE="$pub/store"
	expect_listed in/good.txt
	expect_not_listed in/locked.txt
	"$TRAWL" verify >verify.out 2>&1 || fail "verify: $(cat verify.out)"
else
	mkdir in2
	echo "secret words" >in2/locked.txt
	echo "another good file" >in2/good.txt
	chmod 000 in2/locked.txt
	run_add in2
	chmod 644 in2/locked.txt
	expect_status 1
	expect_line error in2/locked.txt 'permission|denied|access'
	expect_summary 1 0 0 1
	expect_listed in2/good.txt
	expect_not_listed in2/locked.txt
	check_intact
fi
