# A store trawl can't write to is read: another user's store (as root, the
# store is read as user nobody through setpriv), a store on a read-only
# mount (a read-only bind mount in a private mount namespace), or, run by
# a user, a store made read-only with chmod. Every reading command works
# and says once that the store is read-only; a command that must write
# says so and exits 2 (trawl serve serves it read-only, and refuses
# --allow-add); the store is not changed.
. "$TESTS/fault/lib.bash"
ro=$(mktemp -d /tmp/trawl-ro.XXXXXX) || fail "no temporary folder"
trap 'umount "$ro/mnt" 2>/dev/null; chmod -R u+w "$ro" 2>/dev/null; rm -rf "$ro"' EXIT
chmod 755 "$ro"
export TRAWL_STORE="$ro/store"
mkdir "$ro/in"
cp "$ROOT/examples/bianjian_zhidui_2024_bumen_yusuan.pdf" "$ROOT/examples/zhongbiao_gonggao_renlian_kakou_gbk.html" "$ro/in/"
cp "$ROOT/examples/2023/bianjian_zhidui_2023_bumen_yusuan.pdf" "$ro/in/"
printf 'surveillance: 人脸识别, 卡口\n' >"$ro/topics.txt"
"$TRAWL" add "$ro/in" >add.out 2>&1 || fail "add: $(cat add.out)"
"$TRAWL" watch add faces 人脸识别 >/dev/null || fail "watch add"
# trawl serve for two seconds, then Ctrl-C
printf '#!/bin/sh\nexec timeout --preserve-status -s INT 2 "%s" "$@"\n' "$TRAWL" >"$ro/serve-2s"
chmod 755 "$ro/serve-2s"
chmod -R a+rX "$ro"
sum_store() { find "$1" -type f -exec sha256sum {} + | sort; }

# as_reader CMD...: runs trawl as the reader of the store, in $ro
reader=
as_reader() {
	(cd "$ro" && $reader "$TRAWL" "$@")
}

check_reads() { # WHAT
	local what=$1 c
	sum_store "$TRAWL_STORE" >before.sum
	for c in "ls" "search 遣返" "search 人脸识别 --json" "show bianjian_zhidui_2024_bumen_yusuan.pdf --page 1" \
		"facts --kind money" "report --by year" "topics" "entities" \
		"diff in/bianjian_zhidui_2023_bumen_yusuan.pdf in/bianjian_zhidui_2024_bumen_yusuan.pdf" \
		"verify" "watch" "watch run" "help search"; do
		as_reader $c >r.out 2>r.err
		st=$?
		no_sanitizer_report r.err
		[ "$st" = 0 ] || fail "$what: trawl $c exited $st: $(cat r.err)"
		[ -s r.out ] || fail "$what: trawl $c printed nothing"
		case $c in help*) continue ;; esac
		[ "$(grep -c 'is read-only' r.err)" = 1 ] ||
			fail "$what: trawl $c does not say once that the store is read-only: $(cat r.err)"
		grep -qi 'readonly database\|attempt to write' r.err r.out && fail "$what: trawl $c: $(cat r.err)"
	done
	for c in "add in" "set bianjian_zhidui_2024_bumen_yusuan.pdf year=2020" "rm in/bianjian_zhidui_2024_bumen_yusuan.pdf" \
		"gc" "refresh" "verify --fix" "watch add w x" "watch rm faces"; do
		as_reader $c >w.out 2>w.err
		st=$?
		no_sanitizer_report w.err
		[ "$st" = 2 ] || fail "$what: trawl $c on a read-only store exited $st, expected 2: $(cat w.out w.err)"
		grep -q "can't be written" w.err || fail "$what: trawl $c does not say the store can't be written: $(cat w.err)"
	done
	# the web app: served read-only, said once; --allow-add needs to write
	TRAWL=$ro/serve-2s as_reader serve --listen 127.0.0.1:0 >s.out 2>s.err
	st=$?
	no_sanitizer_report s.err
	[ "$st" = 0 ] || fail "$what: trawl serve exited $st: $(cat s.out s.err)"
	grep -q '(store .*, read-only)' s.out || fail "$what: trawl serve does not say it is read-only: $(cat s.out)"
	[ "$(grep -c 'is read-only' s.err)" = 1 ] || fail "$what: trawl serve does not say once that the store is read-only: $(cat s.err)"
	as_reader serve --allow-add --listen 127.0.0.1:0 >w.out 2>w.err
	st=$?
	[ "$st" = 2 ] || fail "$what: trawl serve --allow-add on a read-only store exited $st, expected 2: $(cat w.out w.err)"
	grep -q "can't be written" w.err || fail "$what: trawl serve --allow-add does not say the store can't be written: $(cat w.err)"
	# the watch was not marked as run: it still has its new document
	as_reader watch --json | grep -q '"new":1' || fail "$what: watch run marked the watch on a read-only store"
	sum_store "$TRAWL_STORE" >after.sum
	cmp -s before.sum after.sum || fail "$what: the store changed: $(diff before.sum after.sum | head)"
	echo "note: $what: reads work, writes are refused, the store is unchanged"
}

if [ "$(id -u)" = 0 ]; then
	command -v setpriv >/dev/null || fail "setpriv (util-linux) is missing"
	# another user's store: root's, read by nobody
	reader="setpriv --reuid=65534 --regid=65534 --clear-groups --"
	check_reads "another user's store"
	# read-only media: the same store under a read-only bind mount
	command -v unshare >/dev/null || fail "unshare (util-linux) is missing"
	mkdir "$ro/mnt"
	reader=
	export TRAWL_STORE="$ro/mnt"
	ro_mount() { unshare -m sh -c 'mount --bind -o ro "$1" "$2" && shift 2 && cd "$0" && exec "$@"' "$ro" "$ro/store" "$ro/mnt" "$@"; }
	as_reader() { ro_mount "$TRAWL" "$@"; }
	check_reads "a read-only mount"
	# read-only media holding a store that was not closed: its last
	# changes in trawl.db-wal can't be read without its -shm; they are
	# said to be missing, and the rest is read
	/usr/bin/python3 - "$ro/store" "$ro/copy" <<'PY' || fail "could not copy a store that is open"
import shutil, sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/trawl.db")
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("INSERT INTO meta(key, value) VALUES('read-only-test', 'x')")
db.commit()
shutil.copytree(sys.argv[1], sys.argv[2])
db.close()
PY
	rm -f "$ro/copy/trawl.db-shm"
	[ -s "$ro/copy/trawl.db-wal" ] || fail "the copy has no write-ahead log to test with"
	ro_mount_copy() { unshare -m sh -c 'mount --bind -o ro "$1" "$2" && shift 2 && exec "$@"' x "$ro/copy" "$ro/mnt" "$@"; }
	ro_mount_copy "$TRAWL" ls >l.out 2>l.err || fail "ls of a read-only store with a log: $(cat l.err)"
	grep -q 'trawl.db-wal: changes written last are in this log' l.err || fail "the unread log is not said: $(cat l.err)"
	[ "$(tail -n +2 l.out | wc -l)" = 3 ] || fail "ls of the copy lists $(tail -n +2 l.out | wc -l) documents"
else
	# a user's own store, made read-only
	chmod -R a-w "$ro/store"
	check_reads "a store made read-only"
fi
