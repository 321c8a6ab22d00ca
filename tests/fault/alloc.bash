# The allocation-failure sweep (after SQLite's and curl's): run a trawl
# command with its N-th allocation failing (TRAWL_FAULTS=alloc:N, see
# lib/util/fault.h), for N from 1 up to the first run where no fault is
# reached. Every run must either fail cleanly or succeed:
#   - no crash, no sanitizer report (ASan, UBSan, LeakSanitizer);
#   - a failure exits 1 or 2 and says why on stderr, in "trawl: ..." lines;
#   - a success prints exactly what the run without faults printed;
#   - after add, the store verifies (or, when the fault hit its creation,
#     can't be opened, with a message), and the same add run again
#     without faults gives the same store as a run that never failed
#     (the documents and every fact).
#
# Sourced by tests/fault/alloc-*.sh (a bounded sample of each command, in
# make test), and run on its own for the whole sweep (make test-alloc):
#
#   bash tests/fault/alloc.bash BUILD [COMMAND...]
#
# COMMAND: add-new add search search-filters facts diff diff-filters
# diff-series report report-html (default: all). ALLOC_JOBS runs at once (default 1); ALLOC_MODE=persistent
# makes every allocation from the N-th on fail (alloc:N+).
set -u
ALLOC_COMMANDS="add-new add search search-filters facts diff diff-filters diff-series report report-html"

# The folder the commands work on: one small file of each format, and two
# budgets a year apart for diff. $A is the sweep's own temporary folder.
alloc_setup() {
	local ex="$ROOT/examples"
	# leaks of libraries on their own failure paths (see the file)
	export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$ROOT/tests/fault/lsan.supp:print_suppressions=0"
	A=${A:-$TMP/alloc}
	mkdir -p "$A/in" "$A/half"
	cp "$ex/port_calder_award_notice_PCHA-2024-041.pdf" "$ex/xiangmu_zhichu_mingxi_2024_gb18030.csv" \
		"$ex/port_calder_budget_summary_fy2024.html" "$ex/招聘公告_出入境管理服务中心_2024.docx" \
		"$ex/bianjian_zhidui_2024_yusuan_biao.xlsx" "$ex/zhaopin_gangwei_biao_2024.xls" \
		"$ex/ocds_record_package_xunluoting.json" "$ex/taiwan_zongyusuan_113_big5.txt" "$A/in/"
	cat >"$A/in/budget-2023.html" <<'H'
<html><head><title>东滨市公安局边境管理支队2023年部门预算</title></head><body>
<p>东滨市公安局边境管理支队2023年项目支出表</p><p>单位：万元</p>
<table><tr><th>项目名称</th><th>金额</th></tr>
<tr><td>巡逻艇购置</td><td>150.00</td></tr>
<tr><td>边境巡逻管控</td><td>172.80</td></tr>
<tr><td>执法办案</td><td>121.50</td></tr></table>
<p>巡逻工作目标：边境巡逻频次不少于300次。</p>
</body></html>
H
	cat >"$A/in/budget-2024.html" <<'H'
<html><head><title>东滨市公安局边境管理支队2024年部门预算</title></head><body>
<p>东滨市公安局边境管理支队2024年项目支出表</p><p>单位：元</p>
<table><tr><th>项目名称</th><th>金额</th></tr>
<tr><td>巡逻艇购置费</td><td>2230000.00</td></tr>
<tr><td>边境巡逻管控</td><td>1728000.00</td></tr>
<tr><td>非法入境人员遣返</td><td>1039200.00</td></tr></table>
<p>新增非法入境人员遣返项目，全年遣返率达到95%以上。</p>
</body></html>
H
	echo "https://example.org/budget-2024" >"$A/in/budget-2024.html.url"
	# half the files, for add into a store that already has the rest
	for f in "$A"/in/*.csv "$A"/in/*.txt "$A"/in/budget-2023.html "$A"/in/*.xls; do
		cp "$f" "$A/half/"
	done
	(cd "$A" && alloc_plain --store half-store add --jobs 1 half >/dev/null 2>&1) ||
		{ echo "FAIL: can't make the half store"; return 1; }
	# what each add prints, and the store it leaves, without faults
	(cd "$A" && alloc_plain --store ref add --jobs 1 in >ref-add-new.out 2>ref-add-new.err)
	echo $? >"$A/ref-add-new.status"
	alloc_snapshot "$A/ref" "$A/ref-add-new.snap" || { echo "FAIL: can't read the reference store"; return 1; }
	cp -a "$A/half-store" "$A/ref-half"
	(cd "$A" && alloc_plain --store ref-half add --jobs 1 in >ref-add.out 2>ref-add.err)
	echo $? >"$A/ref-add.status"
	alloc_snapshot "$A/ref-half" "$A/ref-add.snap"
	for c in $ALLOC_COMMANDS; do
		case "$c" in add*) continue ;; esac
		rm -rf "$A/st-ref"
		cp -a "$A/ref" "$A/st-ref"
		(cd "$A" && alloc_plain --store st-ref $(alloc_args "$c") >"ref-$c.out" 2>"ref-$c.err")
		echo $? >"$A/ref-$c.status"
		# what a command writes to a file of its own (report --html)
		[ -e "$A/rep.html" ] && mv "$A/rep.html" "$A/ref-$c.html"
	done
}

alloc_plain() {
	env -u TRAWL_FAULTS "$TRAWL" "$@"
}

# The command line of each command (run in $A, store given by the caller).
alloc_args() {
	case "$1" in
	add-new | add) echo "add --jobs 1 in" ;;
	search) echo "search 巡逻 OR 卡口 OR 人脸识别" ;;
	search-filters) echo "search --json 遣返 type:html year:2024 path:budget amount:>=1000000" ;;
	facts) echo "facts --json" ;;
	diff) echo "diff in/budget-2023.html in/budget-2024.html" ;;
	diff-filters) echo "diff year:2023 year:2024 --csv" ;;
	diff-series) echo "diff path:budget --by year --json --all" ;;
	report) echo "report --by agency --json" ;;
	report-html) echo "report --html rep.html" ;;
	esac
}

# What a store holds, for comparing two stores: the documents (without
# times) and every fact.
alloc_snapshot() { # STORE OUT
	{
		alloc_plain --store "$1" ls --all &&
		alloc_plain --store "$1" facts --csv &&
		alloc_plain --store "$1" search --files 巡逻
	} >"$2" 2>&1
}

# Is output OUT the same as the reference REF? For search, as a set of
# lines without scores: SQLite's FTS5 (3.40) can rank from incomplete
# statistics after an allocation fails inside it, and still succeed; the
# order of hits is then off, never which hits there are.
alloc_same() { # COMMAND OUT REF
	case "$1" in
	search*)
		cmp -s <(sed 's/"score":[^,]*,//' "$2" | sort) <(sed 's/"score":[^,]*,//' "$3" | sort) ;;
	*) cmp -s "$2" "$3" ;;
	esac
}

# One run with the N-th allocation failing, in its own folder $A/run-N.
# Prints "fired" or "not-reached" on success of the checks; on a problem,
# prints "PROBLEM: ..." lines (with how to reproduce it).
alloc_run() { # COMMAND N
	local c=$1 n=$2 d="$A/run-$1-$2" st status mode="${ALLOC_MODE:-}" fault
	rm -rf "$d"
	mkdir -p "$d"
	fault="alloc:$n"
	[ "$mode" = persistent ] && fault="alloc:$n+"
	case "$c" in
	add-new) st="$d/store" ;;
	add) st="$d/store"; cp -a "$A/half-store" "$st" ;;
	*) st="$d/store"; cp -a "$A/ref" "$st" ;;
	esac
	# (a file the command writes lands in its own folder; it reads no other)
	local cwd="$A"
	[ "$c" = report-html ] && cwd="$d"
	# shellcheck disable=SC2046
	(cd "$cwd" && TRAWL_FAULTS="$fault" TRAWL_FAULT_LOG="$d/log" \
		timeout 300 "$TRAWL" --store "$st" $(alloc_args "$c") >"$d/out" 2>"$d/err")
	status=$?
	problem() {
		echo "PROBLEM: $c with TRAWL_FAULTS=$fault: $*"
		echo "  repro: (cd $A && TRAWL_FAULTS=$fault $TRAWL --store STORE $(alloc_args "$c"))"
		sed 's/^/  | /' "$d/err" | head -60
	}
	if grep -qE 'Sanitizer|runtime error:|^SUMMARY: ' "$d/err"; then
		problem "sanitizer report (exit $status)"
		return
	fi
	if [ "$status" -gt 2 ]; then
		problem "exit status $status (a crash or a timeout)"
		return
	fi
	if [ "$status" != 0 ] && [ "$status" != "$(cat "$A/ref-$c.status" 2>/dev/null)" ]; then
		# a failure: says why, and only in trawl's own lines
		if [ ! -s "$d/err" ]; then
			problem "exit $status with nothing on stderr"
			return
		fi
		# (MuPDF prints these itself when its context can't be made, before
		# trawl can give it a handler)
		if grep -v '^trawl: ' "$d/err" | grep -qvE '^cannot create context \(phase [12]\)$|^error: (calloc|malloc) .*failed$'; then
			problem "exit $status with stderr lines that are not trawl's messages"
			return
		fi
	fi
	case "$c" in
	add*)
		if [ "$status" = 0 ] || [ "$status" = "$(cat "$A/ref-$c.status")" ]; then
			# a success must be the whole success
			if ! cmp -s "$d/out" "$A/ref-$c.out" || ! cmp -s "$d/err" "$A/ref-$c.err"; then
				problem "exit $status as without faults, but different output" \
					"$(diff "$A/ref-$c.out" "$d/out" | head -5)"
				return
			fi
		fi
		if [ -e "$st" ]; then
			alloc_plain --store "$st" verify >"$d/verify.out" 2>"$d/verify.err"
			local vs=$?
			if grep -qE 'Sanitizer|runtime error:' "$d/verify.err"; then
				problem "sanitizer report in the verify that followed"
				return
			fi
			if [ "$vs" = 2 ] && [ "$c" = add-new ] && grep -q '^trawl: ' "$d/verify.err"; then
				: # the fault hit the creation: the store can't be opened, and says so
			elif [ "$vs" != 0 ]; then
				problem "trawl verify exited $vs afterwards: $(head -c 600 "$d/verify.err" "$d/verify.out")"
				return
			fi
		fi
		# running the same add again, without faults, completes the store
		if [ -e "$st" ] && [ "$c" = add-new ] && ! alloc_plain --store "$st" ls >/dev/null 2>&1; then
			rm -rf "$st" # unopenable after a failed creation: the user starts over
		fi
		(cd "$A" && alloc_plain --store "$st" add --jobs 1 in >"$d/again.out" 2>"$d/again.err")
		if grep -qE 'Sanitizer|runtime error:' "$d/again.err"; then
			problem "sanitizer report when adding again without faults"
			return
		fi
		alloc_snapshot "$st" "$d/snap"
		if ! cmp -s "$d/snap" "$A/ref-$c.snap"; then
			problem "after adding again without faults, the store differs from one that never" \
				"failed: $(diff "$A/ref-$c.snap" "$d/snap" | head -8)"
			return
		fi
		;;
	*)
		if [ "$status" = "$(cat "$A/ref-$c.status")" ]; then
			if ! alloc_same "$c" "$d/out" "$A/ref-$c.out" || ! cmp -s "$d/err" "$A/ref-$c.err"; then
				problem "exit $status as without faults, but different output:" \
					"$(diff "$A/ref-$c.out" "$d/out" | head -6)"
				return
			fi
			if [ -e "$A/ref-$c.html" ] && ! cmp -s "$d/rep.html" "$A/ref-$c.html"; then
				problem "exit $status as without faults, but a different report:" \
					"$(diff "$A/ref-$c.html" "$d/rep.html" | head -6)"
				return
			fi
		fi
		;;
	esac
	if grep -q '^fired' "$d/log" 2>/dev/null; then
		echo "fired $status"
	else
		echo "not-reached $status"
	fi
	rm -rf "$d"
}

# How many allocations a command makes without faults.
alloc_count() { # COMMAND
	local c=$1 d="$A/count-$1" st
	rm -rf "$d"
	mkdir -p "$d"
	case "$c" in
	add-new) st="$d/store" ;;
	add) st="$d/store"; cp -a "$A/half-store" "$st" ;;
	*) st="$d/store"; cp -a "$A/ref" "$st" ;;
	esac
	# shellcheck disable=SC2046
	(cd "$A" && TRAWL_FAULTS=alloc:0 TRAWL_FAULT_LOG="$d/log" "$TRAWL" --store "$st" \
		$(alloc_args "$c") >/dev/null 2>&1)
	awk '$1 == "count" { n = $2 } END { print n + 0 }' "$d/log"
	rm -rf "$d" "$A/rep.html"
}

# Sweeps one command: N = 1..FIRST, then every STEP-th (STEP 1: all;
# "sample:K": about K more runs spread evenly over the rest), until a run
# reaches no fault (or past LAST, when LAST > 0). Prints a summary line;
# returns 1 when a run had a problem.
alloc_sweep() { # COMMAND FIRST STEP [LAST]
	local c=$1 first=$2 step=$3 last=${4:-0} total n runs=0 fired=0 clean_fail=0 ok=0 bad=0
	local jobs=${ALLOC_JOBS:-1} res="$A/results-$1"
	total=$(alloc_count "$c")
	case "$step" in
	sample:*)
		step=$(((total - first) / ${step#sample:}))
		[ "$step" -lt 1 ] && step=1
		step=$((step | 1)) # odd: not in step with allocations made in pairs
		;;
	esac
	: >"$res"
	n=1
	while :; do
		local batch=()
		for ((k = 0; k < jobs; k++)); do
			batch+=("$n")
			if [ "$n" -lt "$first" ]; then n=$((n + 1)); else n=$((n + step)); fi
		done
		for m in "${batch[@]}"; do
			alloc_run "$c" "$m" >"$A/res-$c-$m" &
		done
		wait
		local stop=0
		for m in "${batch[@]}"; do
			runs=$((runs + 1))
			grep -q '^PROBLEM' "$A/res-$c-$m" && cat "$A/res-$c-$m" >>"$res"
			case "$(head -1 "$A/res-$c-$m")" in
			"fired 0"*) fired=$((fired + 1)); ok=$((ok + 1)) ;;
			fired*) fired=$((fired + 1)); clean_fail=$((clean_fail + 1)) ;;
			not-reached*) stop=1 ;;
			*) bad=$((bad + 1)) ;;
			esac
			rm -f "$A/res-$c-$m"
		done
		[ "$stop" = 1 ] && break
		[ "$last" -gt 0 ] && [ "$n" -gt "$last" ] && break
		[ "$n" -gt $((total * 2 + 100)) ] && break
	done
	printf '%-15s %6s allocations  %5s runs (1..%s, then every %s)  %5s failed cleanly  %4s succeeded  %s problems\n' \
		"$c" "$total" "$runs" "$first" "$step" "$clean_fail" "$ok" "$bad"
	if [ "$bad" -gt 0 ]; then
		head -200 "$res"
		return 1
	fi
	return 0
}

# Run on its own: the whole sweep.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	here=$(cd "$(dirname "$0")" && pwd)
	ROOT=$(cd "$here/../.." && pwd)
	build=$(cd "${1:?usage: alloc.bash BUILD [COMMAND...]}" && pwd)
	shift
	TRAWL="$build/trawl"
	TMP=$(mktemp -d "${TMPDIR:-/tmp}/trawl-alloc.XXXXXX")
	trap 'rm -rf "$TMP"' EXIT
	export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	alloc_setup || exit 1
	rc=0
	start=$(date +%s)
	for c in ${*:-$ALLOC_COMMANDS}; do
		alloc_sweep "$c" 1 1 || rc=1
	done
	echo "($(($(date +%s) - start)) s)"
	exit $rc
fi
