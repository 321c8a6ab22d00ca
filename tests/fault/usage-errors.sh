# Usage errors exit 2 with a message on stderr, and make no store.
. "$TESTS/fault/lib.bash"
echo "a file to add" >good.txt
check_usage() { # ARGS...
	"$TRAWL" "$@" >out 2>err
	status=$?
	no_sanitizer_report err
	[ "$status" = 2 ] || fail "trawl $*: exit status $status, expected 2"
	[ -s err ] || fail "trawl $*: no message on stderr"
	[ -e "$TRAWL_STORE" ] && fail "trawl $*: a store was created by a usage error"
	return 0
}
check_usage frobnicate
check_usage frobnicate good.txt
check_usage
check_usage --bogus-option ls
check_usage add
check_usage add --jobs 0 good.txt
check_usage add --jobs -3 good.txt
check_usage add --jobs many good.txt
check_usage add --jobs
check_usage add --max-size 0 good.txt
check_usage add --no-such-option good.txt
check_usage --store
check_usage ls --bogus
check_usage show
check_usage verify --bogus
grep -q 'unknown command' <("$TRAWL" frobnicate 2>&1) || fail "an unknown command is not called one"
