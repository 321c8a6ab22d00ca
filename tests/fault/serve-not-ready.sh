# trawl serve takes connections only once it can answer them. Its port used
# to listen before the store's connections were opened: when one of those
# failed (out of memory, a limit of open files), clients had connected and
# then found the server gone, and a server that never started looked like
# one that failed when stopped (fault alloc-serve, now and then). Here the
# limit of open files lets the first opening of the store succeed and the
# pool of 65 connections (--threads 64) fail; a client tries to connect
# all the while. It must never be accepted, and the server must exit 1 or
# 2 with trawl: lines that give the system's reason and the count opened.
. "$TESTS/fault/lib.bash"
mkdir in
cp "$ROOT/examples/caigou_hetong_gongshi_2024.csv" in/
"$TRAWL" add in >add.out 2>&1 || fail "add: $(cat add.out)"
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(
	ulimit -n 100
	exec "$TRAWL" serve --listen "127.0.0.1:$port" --threads 64 >s.out 2>s.err
) &
pid=$!
/usr/bin/python3 - "$pid" "$port" >probe.out 2>&1 <<'PY'
import socket, sys, time
pid, port = int(sys.argv[1]), int(sys.argv[2])
def alive():
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False
accepted, tries, end = 0, 0, time.time() + 120
while alive() and time.time() < end:
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", port))
        accepted += 1
    except OSError:
        pass
    s.close()
    tries += 1
    time.sleep(0.0005)
print(accepted, tries)
PY
wait_ended "$pid" "trawl serve with too few file descriptors"
wait "$pid"
st=$?
no_sanitizer_report s.err
read -r accepted tries <probe.out || fail "the client: $(cat probe.out)"
[ "$st" = 1 ] || [ "$st" = 2 ] || fail "exit $st, expected 1 or 2: $(cat s.err)"
[ "$accepted" = 0 ] || fail "$accepted of $tries connections were accepted by a server that did not start"
[ -s s.err ] && ! grep -v '^trawl: ' s.err | grep -q . || fail "not said in trawl: lines: $(cat s.err)"
grep -q 'Too many open files' s.err || fail "the system's reason is not given: $(cat s.err)"
grep -qE 'serve: [0-9]+ of the 66 connections' s.err || fail "the count opened is not given: $(cat s.err)"
grep -q 'file:' s.err && fail "a URI is named, not the file: $(cat s.err)"
# Where the limit falls decides whether the opening of a connection or its
# first read (which opens the -shm and -wal files) fails: both must give
# the reason (CI once had the read fail, "unable to open database file"
# alone). Limits a step apart reach both, whatever was open before.
for n in $(seq 20 40); do
	( ulimit -n "$n"; exec timeout 20 "$TRAWL" serve --listen 127.0.0.1:0 --threads 64 ) >l.out 2>l.err
	no_sanitizer_report l.err
	grep -q 'Too many open files' l.err || fail "ulimit -n $n: the system's reason is not given: $(cat l.err)"
done
echo "ok: $tries connections tried while it failed to start, none accepted; $(head -1 s.err)"
