# trawl serve stops when SIGTERM or SIGINT is taken by any of its threads,
# not only its main one: the signal is sent with tgkill to each of the
# web server's threads in turn (a process-wide signal may be given to any
# thread that does not block it). The main thread used to wait in pause(),
# which only its own signals end: with the handler run elsewhere it
# waited for ever.
. "$TESTS/fault/lib.bash"
mkdir in
cp "$ROOT/examples/caigou_hetong_gongshi_2024.csv" in/
"$TRAWL" add in >add.out 2>&1 || fail "add: $(cat add.out)"
for sig in TERM INT; do
	rm -f s.out s.err
	"$TRAWL" serve --listen 127.0.0.1:0 --threads 2 >s.out 2>s.err &
	pid=$!
	for i in $(seq 1 600); do
		grep -q '^trawl serve: http' s.out 2>/dev/null && break
		kill -0 "$pid" 2>/dev/null || fail "trawl serve did not start: $(cat s.out s.err)"
		sleep 0.1
	done
	grep -q '^trawl serve: http' s.out || fail "trawl serve did not start in 60 s"
	# a thread that is not the main one (its id is not the process's)
	tid=$(ls /proc/"$pid"/task | grep -vx "$pid" | tail -1)
	[ -n "$tid" ] || fail "trawl serve has no thread besides main"
	/usr/bin/python3 -c '
import ctypes, signal, sys
libc = ctypes.CDLL(None, use_errno=True)
SYS_tgkill = 234  # x86-64
sig = getattr(signal, "SIG" + sys.argv[3])
if libc.syscall(SYS_tgkill, int(sys.argv[1]), int(sys.argv[2]), int(sig)) != 0:
    sys.exit("tgkill failed: errno %d" % ctypes.get_errno())
' "$pid" "$tid" "$sig" || fail "could not signal thread $tid"
	wait_ended "$pid" "SIG$sig to thread $tid: trawl serve"
	no_sanitizer_report s.err
	[ "$st" = 0 ] || fail "SIG$sig to thread $tid: exit $st: $(cat s.err)"
done
