# What a reader may not do. TRAWL_FAULTS=reader-escape makes the reader try,
# and say in a warning how each attempt ended: a network socket, writing a
# file outside its own folder, exec and fork are refused; writing inside
# its folder is allowed. TRAWL_FAULTS=reader-syscall makes it call kill()
# on its parent: the sandbox stops it, and the error line names the call.
# TRAWL_FAULTS=no-seccomp stands for a system without seccomp: one warning
# line says so and what protection remains, and the run goes on;
# no-landlock for a kernel without Landlock: no file may be written.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
printf 'Good notice\n' >in/good.txt
printf 'This reader tries to get out.\n' >in/escape.txt
TRAWL_FAULTS=reader-escape:escape run_add in
expect_status 1
expect_summary 2 0 0 0
expect_line warning in/escape.txt 'network socket: permission denied'
expect_line warning in/escape.txt 'write outside its folder: permission denied'
expect_line warning in/escape.txt 'write inside its folder: allowed'
expect_line warning in/escape.txt 'exec: permission denied'
expect_line warning in/escape.txt 'fork: operation not permitted'
[ ! -e escape-outside.txt ] || fail "the reader wrote a file outside its folder"
[ -z "$(ls -A "$TRAWL_STORE/tmp")" ] || fail "tmp/ is not empty: $(ls -A "$TRAWL_STORE/tmp")"

mkdir sys
printf 'Good notice two\n' >sys/good.txt
printf 'This reader signals its parent.\n' >sys/bad-syscall.txt
TRAWL_FAULTS=reader-syscall:bad-syscall run_add sys
expect_status 1
expect_summary 1 0 0 1
expect_line error sys/bad-syscall.txt 'stopped by the sandbox: system call kill \([0-9]+\) is not allowed'
expect_listed sys/good.txt
check_intact

# without Landlock (an older kernel): no file may be written at all, and
# that costs no protection, so no warning
mkdir noll
printf 'This reader tries again.\n' >noll/escape-2.txt
TRAWL_FAULTS=no-landlock,reader-escape:escape-2 run_add noll
expect_status 1
expect_line warning noll/escape-2.txt 'write inside its folder: permission denied'
expect_line warning noll/escape-2.txt 'network socket: permission denied'
expect_line warning noll/escape-2.txt 'exec: permission denied'
[ "$(wc -l <err)" = 1 ] || fail "expected one line on stderr"

mkdir plain
printf 'Good notice three\n' >plain/good.txt
TRAWL_FAULTS=no-seccomp run_add plain
expect_status 0
expect_summary 1 0 0 0
[ "$(grep -c 'seccomp filter could not be loaded' err)" = 1 ] ||
	fail "no single warning that seccomp is missing"
grep -qE '^trawl: warning: .*seccomp.*Landlock and their memory and time limits only' err ||
	fail "the warning does not say what protection remains: $(cat err)"
check_intact
