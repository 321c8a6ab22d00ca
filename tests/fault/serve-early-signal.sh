# trawl serve takes SIGTERM and SIGINT from the moment its port listens.
# The web server's threads answer a connection as soon as it is up (the
# port listens just before; serve-not-ready): a client can be
# done, and send its stop signal, before the main thread gets back to the
# loop that waits for it. The handlers used to be set only then, so such a
# signal ended the server with its default action (exit 143, no clean-up;
# found by fault alloc-serve under load). Here the signal dispositions
# (/proc/PID/status SigCgt) are read at the first moment a connection is
# accepted by the kernel, and a SIGTERM is sent at once.
. "$TESTS/fault/lib.bash"
mkdir in
cp "$ROOT/examples/caigou_hetong_gongshi_2024.csv" in/
"$TRAWL" add in >add.out 2>&1 || fail "add: $(cat add.out)"
port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$TRAWL" serve --listen "127.0.0.1:$port" --threads 2 >s.out 2>s.err &
pid=$!
/usr/bin/python3 - "$pid" "$port" >probe.out 2>&1 <<'PY' || { kill -KILL "$pid"; wait "$pid"; fail "$(cat probe.out)"; }
import socket, sys, time
pid, port = int(sys.argv[1]), int(sys.argv[2])
end = time.time() + 60
while time.time() < end:
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", port))
    except OSError:
        s.close()
        time.sleep(0.002)
        continue
    with open("/proc/%d/status" % pid) as f:
        cgt = [l for l in f if l.startswith("SigCgt:")][0].split()[1]
    s.close()
    caught = int(cgt, 16)
    for name, num in (("SIGTERM", 15), ("SIGINT", 2)):
        if not caught >> (num - 1) & 1:
            sys.exit("the port listens and %s is not handled yet (SigCgt %s)" % (name, cgt))
    sys.exit(0)
sys.exit("the port did not listen within 60 s")
PY
kill -TERM "$pid"
wait_ended "$pid" "trawl serve, SIGTERM while starting"
no_sanitizer_report s.err
[ "$st" = 0 ] || fail "SIGTERM while starting: exit $st: $(cat s.err)"
