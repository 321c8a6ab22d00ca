# Three trawl add runs of the same folder at once on one store (not in the
# brief's list; a common accident). Each either succeeds or exits 2 saying
# the store is busy; afterwards verify is clean and each file is listed once.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
for i in $(seq 1 200); do
	printf 'Concurrent notice %d\n' "$i" >in/c$i.txt
done
pids=
for k in 1 2 3; do
	"$TRAWL" add in >out$k 2>err$k &
	pids="$pids $!"
done
k=0
for p in $pids; do
	k=$((k + 1))
	wait "$p"
	st=$?
	no_sanitizer_report err$k
	case $st in
	0) ;;
	2) grep -qiE 'lock|busy' err$k || fail "run $k exited 2 without saying the store is busy: $(cat err$k)" ;;
	*) fail "run $k exited $st: $(cat out$k err$k)" ;;
	esac
done
n=$(ls_json | grep -c '"path":"in/')
[ "$n" = 200 ] || fail "$n documents under in/ listed, expected 200"
[ "$(ls_json --all | grep -c '"path":"in/')" = 200 ] || fail "ls --all lists $(ls_json --all | grep -c '"path":"in/') documents under in/, expected 200"
run_add in
expect_status 0
expect_summary 0 200 0 0
check_intact
