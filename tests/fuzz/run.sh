#!/usr/bin/env bash
# Runs the libFuzzer targets of a fuzz build (make fuzz; docs/testing.md).
#
#   bash tests/fuzz/run.sh BUILD SECONDS [TARGET...]   fuzz each target SECONDS
#   bash tests/fuzz/run.sh BUILD --smoke SECONDS       the short runs of make test
#   bash tests/fuzz/run.sh BUILD --replay              every regression input once
#
# Each target starts from its seed corpus (tests/fuzz/corpus/TARGET) plus
# what earlier runs found (BUILD/fuzz-work/corpus/TARGET), with its
# dictionary (tests/fuzz/dict). A run goes on after a crash (libFuzzer's
# fork mode) and keeps every crashing input in BUILD/fuzz-work/artifacts/;
# each is then replayed and counted as trawl's (the run fails) or as a
# third-party library's (reported, e.g. FreeXL: contained in production
# by the reader sandbox);
# the smoke runs of make test are the same, shorter. Both end with a table:
# executions, executions per second, coverage (cov: edges, ft: features),
# corpus size, crashes in trawl (with leaks and other sanitizer reports),
# in third-party libraries, inputs that failed in the run but not when
# replayed alone, timeouts (over FUZZ_TIMEOUT s for one input) and
# out-of-memory inputs. Crashes in trawl and timeouts fail the run.
#
# Environment: FUZZ_JOBS (targets run at once; default 1), FUZZ_TIMEOUT
# (seconds per input; default 25), FUZZ_RSS_MB (default 2560).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: run.sh BUILD SECONDS [TARGET...]}" && pwd)
shift
mode=long
case "${1:-}" in
--smoke) mode=smoke; shift ;;
--replay) mode=replay; shift ;;
esac
secs=60
if [ "$mode" != replay ]; then
	secs=${1:-60}
	[ $# -gt 0 ] && shift
fi
all="txt html pdf docx xlsx xls csv ocds doc ofd pptx archive xlsxml query tokenize date number money wire"
targets=${*:-$all}
jobs=${FUZZ_JOBS:-1}
timeout_s=${FUZZ_TIMEOUT:-25}
rss=${FUZZ_RSS_MB:-2560}
work="$build/fuzz-work"
# a smoke run starts from the seeds alone, so that it is the same each time
[ "$mode" = smoke ] && work="$build/fuzz-smoke" && rm -rf "$work"
bin="$build/tests/fuzz"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$work/logs"

# The longest input a target is given: above its largest seed where that
# is reasonable, since libFuzzer cuts a longer seed to this length and a
# zip (docx, xlsx, pptx, ofd) or an OLE file (doc, xls) cut short loses
# its directory and is refused whole, fuzzing nothing past the refusal.
max_len() {
	case "$1" in
	ofd) echo 327680 ;;
	pdf | docx | xlsx | xls | pptx) echo 131072 ;;
	txt | html | csv | ocds | xlsxml | doc | archive) echo 32768 ;;
	query) echo 256 ;;
	wire) echo 65536 ;;
	*) echo 4096 ;;
	esac
}

dict_of() {
	local d
	d=$(awk -v t="$1" '$1 == t { print $2 }' "$here/dict/targets")
	[ -n "$d" ] && echo "-dict=$here/dict/$d.dict"
}

# Replays every input kept in tests/fuzz/regress/TARGET/ once.
replay() {
	local t=$1 files
	files=$(find "$here/regress/$t" -type f 2>/dev/null | sort)
	[ -z "$files" ] && return 0
	# shellcheck disable=SC2086
	"$bin/fuzz-$t" -timeout="$timeout_s" -rss_limit_mb="$rss" $files \
		>"$work/logs/replay-$t.log" 2>&1
}

one() {
	local t=$1 log="$work/logs/$t.log" corpus="$work/corpus/$t" art="$work/artifacts/$t/"
	mkdir -p "$corpus" "$art"
	local args=(-max_total_time="$secs" -timeout="$timeout_s" -rss_limit_mb="$rss"
		-max_len="$(max_len "$t")" -print_final_stats=1 -artifact_prefix="$art")
	# fork mode: the run goes on past a crash (a library's bug must not hide
	# ours), each crashing input is kept and classified afterwards
	# shellcheck disable=SC2046
	"$bin/fuzz-$t" "${args[@]}" $(dict_of "$t") -fork=1 -ignore_crashes=1 \
		-ignore_timeouts=1 -ignore_ooms=1 "$corpus" "$here/corpus/$t" >"$log" 2>&1
}

# Whose bug an input that crashed shows: "trawl", or "third-party:LIB"
# when the failing frame (past the sanitizer runtime and libc) is in a
# library rather than in this tree. The stack is the crash's, or for a
# leak the allocation's.
classify() {
	local t=$1 f=$2 out
	out=$(timeout 120 "$bin/fuzz-$t" -timeout="$timeout_s" -rss_limit_mb="$rss" "$f" 2>&1) && {
		# fork mode can keep an input that fails only after others ran in
		# the same process (a leak, a state): say so rather than guess
		echo unreproduced
		return
	}
	printf '%s\n' "$out" |
	awk -v root="$root/" '
		/^ +#[0-9]+ / {
			if (index($0, root) && $0 ~ /\.[ch]:[0-9]+/) { print "trawl"; exit }
			if ($0 ~ /lib(c|m|pthread)\.so|ld-linux|libFuzzer|fuzzer::/) next
			# libc with its sources known (abort, raise, pthread_kill as
			# "in raise signal/../sysdeps/posix/raise.c:26"): libc too
			if ($0 ~ / in [^ ]+ (nptl|signal|stdlib|sysdeps|csu|assert|string|malloc|libio|posix|elf|misc)\/[^ ]*\.[ch]:[0-9]+/) next
			if (match($0, /\(\/[^)+]*\.so[.0-9]*\+0x/)) {
				lib = substr($0, RSTART + 1, RLENGTH - 4); sub(/.*\//, "", lib)
				print "third-party:" lib; exit
			}
			if ($0 ~ / in [^ ]+ [^ (]*\.[ch]:[0-9]+/) { print "third-party:static"; exit }
		}
		END { }' | head -1 | grep . || echo trawl
}

# One line of figures from a log and the inputs kept since the run began:
# execs cov ft corpus crashes(trawl) third-party timeouts ooms
figures() {
	local t=$1 log="$work/logs/$1.log" art="$work/artifacts/$1"
	local crash=0 third=0 unrepro=0 timeout oom f who n=0
	for f in $(find "$art" -newer "$stamp" \( -name 'crash-*' -o -name 'leak-*' \) 2>/dev/null); do
		n=$((n + 1))
		if [ $n -gt 30 ]; then
			crash=$((crash + 1)) # not looked at: counted as ours
			continue
		fi
		who=$(classify "$t" "$f")
		case "$who" in
		third-party:*) third=$((third + 1)); echo "${who#third-party:} $f" >>"$work/logs/$t.third-party" ;;
		unreproduced) unrepro=$((unrepro + 1)); echo "$f" >>"$work/logs/$t.unreproduced" ;;
		*) crash=$((crash + 1)); echo "$f" >>"$work/logs/$t.crashes" ;;
		esac
	done
	timeout=$(find "$art" -newer "$stamp" -name 'timeout-*' 2>/dev/null | wc -l)
	oom=$(find "$art" -newer "$stamp" -name 'oom-*' 2>/dev/null | wc -l)
	awk -v crash="$crash" -v third="$third" -v un="$unrepro" -v to="$timeout" -v oom="$oom" '
		/^#[0-9]+/ && /cov:/ {
			# "#N ... cov: C ft: F corp: K/..." (plain) or "#N: cov: ..." (fork mode)
			n = $1; gsub(/[#:]/, "", n)
			for (i = 1; i <= NF; i++) {
				if ($i == "cov:") cov = $(i + 1)
				if ($i == "ft:") ft = $(i + 1)
				if ($i == "corp:") { corp = $(i + 1); sub(/\/.*/, "", corp) }
			}
			execs = n
		}
		/^stat::number_of_executed_units:/ { execs = $2 }
		END {
			printf "%s %s %s %s %s %s %s %s %s\n", execs + 0, cov + 0, ft + 0, corp + 0, crash,
			       third, un, to, oom
		}' "$log"
}

case "$mode" in
replay)
	rc=0
	for t in $targets; do
		n=$(find "$here/regress/$t" -type f 2>/dev/null | wc -l)
		[ "$n" = 0 ] && continue
		if replay "$t"; then
			echo "ok - fuzz-replay: $t ($n inputs)"
		else
			echo "FAIL - fuzz-replay: $t"
			sed 's/^/    | /' "$work/logs/replay-$t.log" | grep -v '^    | INFO' | head -40
			rc=1
		fi
	done
	exit $rc
	;;
esac

# a seed longer than its target's max_len would be fuzzed cut short (see
# max_len): a new seed must fit, or the target's limit be raised
rc=0
for t in $targets; do
	long=$(find "$here/corpus/$t" -type f -size +"$(max_len "$t")"c 2>/dev/null)
	for f in $long; do
		echo "seed longer than max_len $(max_len "$t") of $t (libFuzzer would cut it): $f"
		rc=1
	done
done
[ "$rc" = 0 ] || exit 1

start=$(date +%s)
stamp="$work/logs/.start"
touch "$stamp"
rm -f "$work"/logs/*.crashes "$work"/logs/*.third-party "$work"/logs/*.unreproduced
running=0
for t in $targets; do
	[ -x "$bin/fuzz-$t" ] || { echo "no target $bin/fuzz-$t (make fuzz builds them)" >&2; exit 2; }
	one "$t" &
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait
elapsed=$(($(date +%s) - start))

rc=0
noexec=""
printf '%-9s %10s %7s %6s %6s %6s %8s %12s %7s %8s %5s\n' target execs exec/s cov ft corpus \
	crashes third-party unrepro timeouts ooms
for t in $targets; do
	read -r execs cov ft corp crash third un to oom <<<"$(figures "$t")"
	rate=$((execs / (secs > 0 ? secs : 1)))
	printf '%-9s %10s %7s %6s %6s %6s %8s %12s %7s %8s %5s\n' "$t" "$execs" "$rate" "$cov" "$ft" \
		"$corp" "$crash" "$third" "$un" "$to" "$oom"
	if [ "$crash" -gt 0 ] || [ "$to" -gt 0 ]; then
		rc=1
	fi
	# a target that could not start (a missing corpus folder, a crash in
	# its initialisation, a bad flag) runs nothing and finds nothing: that
	# is a failure, never a pass
	if [ "$execs" -eq 0 ]; then
		noexec="$noexec $t"
		rc=1
	fi
done
for t in $noexec; do
	echo "no input run ($t): the target did not start; the end of $work/logs/$t.log:"
	tail -5 "$work/logs/$t.log" | sed "s/^/    ($t) /"
done
for t in $targets; do
	[ -s "$work/logs/$t.crashes" ] && sed "s/^/crash in trawl ($t): /" "$work/logs/$t.crashes"
	[ -s "$work/logs/$t.unreproduced" ] &&
		sed "s/^/kept but not reproduced alone ($t): /" "$work/logs/$t.unreproduced"
	[ -s "$work/logs/$t.third-party" ] &&
		awk -v t="$t" '{ n[$1]++ } END { for (l in n) printf "third-party (%s): %d in %s\n", t, n[l], l }' \
			"$work/logs/$t.third-party"
done
echo "($elapsed s; logs in $work/logs, inputs that failed in $work/artifacts)"
exit $rc
