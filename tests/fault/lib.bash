# Shared helpers for tests/fault/*.sh; sourced with . "$TESTS/fault/lib.bash".
# (Named .bash, not .sh, so that tests/run.sh does not run it as a test.)
#
# The usual shape of a fault test:
#   seed_store                    # a good pre-existing store content
#   run_add in/good.txt in/bad    # -> $status, files out, err
#   expect_status 1
#   expect_line error in/bad 'what is wrong'
#   expect_listed in/good.txt
#   check_intact                  # verify exits 0, seed ids still listed
set -u
FIX="$TESTS/fault/fixtures"
status=0

fail() {
	echo "FAIL: $*"
	if [ -f err ]; then echo "--- stderr of the last trawl add:"; head -c 4000 err; fi
	if [ -f out ]; then echo "--- stdout of the last trawl add:"; head -c 2000 out; fi
	exit 1
}

# Runs trawl add, keeping stdout in ./out and stderr in ./err, status in $status.
# With /usr/bin/time around it: peak RSS (KiB) in $rss_kb, seconds in $secs.
run_add() {
	rss_kb=
	secs=
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -o time.txt -f '%M %e' "$TRAWL" add "$@" >out 2>err
		status=$?
		# (a failing command adds a line "Command exited with non-zero status N" first)
		read -r rss_kb secs < <(tail -n 1 time.txt) || true
	else
		"$TRAWL" add "$@" >out 2>err
		status=$?
	fi
	no_sanitizer_report err
}

no_sanitizer_report() { # FILE
	if grep -qE 'Sanitizer|runtime error:|^SUMMARY: ' "$1"; then
		echo "FAIL: sanitizer report in $1:"
		head -c 6000 "$1"
		exit 1
	fi
}

expect_status() {
	[ "$status" = "$1" ] || fail "exit status $status, expected $1"
}

# The summary line: expect_summary ADDED UNCHANGED NEW_VERSIONS FAILED
expect_summary() {
	local want="$1 added, $2 unchanged, $3 new versions, $4 failed"
	grep -qE "^$want( |,)" out || fail "summary line is not '$want ...'"
}

# Exactly one line on stderr names PATH; it is `trawl: KIND: PATH: message`
# (KIND is error, warning, or 'error|warning') and the message matches ERE.
expect_line() { # KIND PATH ERE
	local kind=$1 path=$2 ere=$3 named line
	named=$(grep -cF -- ": $path: " err)
	[ "$named" = 1 ] || fail "$named lines on stderr name '$path', expected exactly 1"
	line=$(grep -F -- ": $path: " err)
	printf '%s\n' "$line" | grep -qE -- "^trawl: ($kind): " ||
		fail "the line naming $path is not 'trawl: $kind: ...': $line"
	case "$line" in
	"trawl: error: $path: "* | "trawl: warning: $path: "*) ;;
	*) fail "the line naming $path does not have the form 'trawl: KIND: $path: message': $line" ;;
	esac
	printf '%s\n' "${line#*: "$path": }" | grep -qiE -- "$ere" ||
		fail "the message for $path does not say /$ere/: $line"
}

# No line on stderr names PATH.
expect_no_line() {
	! grep -qF -- ": $1: " err || fail "stderr names $1: $(grep -F -- ": $1: " err)"
}

ls_json() { "$TRAWL" ls --json "$@"; }

expect_listed() { # PATH...
	local p js
	js=$(ls_json) || fail "trawl ls --json failed"
	for p in "$@"; do
		printf '%s\n' "$js" | grep -qF -- "\"path\":\"$p\"" || fail "$p is not listed by trawl ls"
	done
}

expect_not_listed() { # PATH...
	local p js
	js=$(ls_json) || fail "trawl ls --json failed"
	for p in "$@"; do
		! printf '%s\n' "$js" | grep -qF -- "\"path\":\"$p\"" || fail "$p is listed by trawl ls, but it failed"
	done
}

# The ids of all documents, sorted (superseded versions too with --all).
doc_ids() {
	ls_json "$@" | grep -o '"id":"[0-9a-f]*"' | sort
}

# A store that already holds two good documents, before the faulty run.
seed_store() {
	mkdir -p "$TMP/seed"
	printf 'Pre-existing document %s\nIt must survive the fault test.\n' "$(basename "$0")" \
		>"$TMP/seed/pre.txt"
	cp "$ROOT/examples/port_calder_budget_summary_fy2024.html" "$TMP/seed/budget.html"
	"$TRAWL" add "$TMP/seed" >seed.out 2>seed.err ||
		{ cat seed.out seed.err; echo "FAIL: seeding the store failed"; exit 1; }
	doc_ids >seed.ids
	[ "$(wc -l <seed.ids)" = 2 ] || { cat seed.ids; echo "FAIL: the seed store lists $(wc -l <seed.ids) documents, expected 2"; exit 1; }
	sha256sum "$TRAWL_STORE"/objects/*/* >seed.objects 2>/dev/null || true
}

# What was in the store before is still there and verify is clean.
check_intact() {
	local vs missing
	"$TRAWL" verify >verify.out 2>verify.err
	vs=$?
	no_sanitizer_report verify.err
	[ "$vs" = 0 ] || { echo "--- verify:"; cat verify.out verify.err; fail "trawl verify exited $vs after the faulty run"; }
	grep -q 'error' verify.err && { cat verify.err; fail "trawl verify reported errors"; }
	doc_ids >now.ids || fail "trawl ls --json failed after the faulty run"
	missing=$(comm -23 seed.ids now.ids)
	[ -z "$missing" ] || fail "documents of the store before the run are no longer listed: $missing"
	"$TRAWL" show "$TMP/seed/pre.txt" >show-seed.out 2>&1 || fail "trawl show of the seed document failed: $(cat show-seed.out)"
	grep -qF "Pre-existing document" show-seed.out || fail "the seed document's text changed: $(cat show-seed.out)"
	if [ -s seed.objects ]; then
		sha256sum -c --quiet seed.objects >/dev/null 2>&1 || fail "stored originals of the seed changed"
	fi
}

# run_add within bounds: run_add_bounded SECONDS MIB WHAT ARGS... runs
# trawl add ARGS and fails when it takes longer than SECONDS or peaks over
# MIB. AddressSanitizer holds freed memory back; a small quarantine keeps
# the peak about the program's own.
run_add_bounded() {
	local limit=$1 mib=$2 what=$3 start took
	local ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=16"
	export ASAN_OPTIONS
	shift 3
	start=$(date +%s)
	run_add "$@"
	took=$(($(date +%s) - start))
	[ "$took" -le "$limit" ] || fail "trawl add took ${took}s for $what (limit ${limit}s)"
	expect_rss_below "$mib" "$what"
}

# Peak RSS check in MiB, skipped when /usr/bin/time is missing.
expect_rss_below() { # MIB WHAT
	if [ -z "${rss_kb:-}" ]; then
		echo "note: /usr/bin/time not available; RSS of $2 not checked"
		return 0
	fi
	[ "$rss_kb" -lt $(($1 * 1024)) ] ||
		fail "peak RSS for $2 was $((rss_kb / 1024)) MiB, over $1 MiB"
	echo "note: peak RSS for $2: $((rss_kb / 1024)) MiB, ${secs}s"
}

# Waits up to 10 s for PID (a background job of this shell) to end and
# leaves its exit status in $st; if it is still running then, kills it
# and fails with WHAT.
wait_ended() { # PID WHAT
	local i
	for i in $(seq 1 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$1" 2>/dev/null; then
		kill -KILL "$1"
		wait "$1"
		fail "$2: still running after 10 s"
	fi
	wait "$1"
	st=$?
}
