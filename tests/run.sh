#!/usr/bin/env bash
# The test runner: unit tests, data-driven end-to-end cases, the examples
# corpus check, and fault cases. Ends with the line "N passed, N failed".
#
#   bash tests/run.sh BUILD_DIR [FILTER]
#
# With FUZZ_BUILD set (make test sets it), the fuzz targets' regression
# inputs are replayed and each target runs a short smoke (tests/fuzz/run.sh).
#
# A test is:
#   - a unit test in the unit-tests binary (prints "ok NAME" / "FAIL NAME: why");
#   - a folder tests/e2e/cases/NAME/ with a file `cmd` (shell, run in a copy of
#     the folder with $TRAWL and a fresh $TRAWL_STORE), `expected` (stdout,
#     exact), and optionally `status` (the exit code, default 0) and
#     `expected-stderr` (stderr, exact);
#   - a script tests/fault/NAME.sh, tests/examples/NAME.sh, tests/prop/NAME.sh
#     or tests/install/NAME.sh (exit 0 = pass).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
build=$(cd "${1:-build-test}" && pwd)
filter=${2:-}
export TRAWL="$build/trawl"
export BUILD="$build"
export TESTS="$here"
export ROOT="$root"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
pass=0
fail=0
failed_names=()

report() { # name status [details-file]
	if [ "$2" = 0 ]; then
		pass=$((pass + 1))
		echo "ok - $1"
	else
		fail=$((fail + 1))
		failed_names+=("$1")
		echo "FAIL - $1"
		[ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/    | /' "$3" | head -60
	fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/trawl-tests.XXXXXX")
trap 'chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT

# 1. unit tests: every unit-* program in the build's tests/ folder
if [ -z "$filter" ] || [[ "unit" == *"$filter"* ]]; then
	for prog in "$build"/tests/unit-*; do
		[ -f "$prog" ] && [ -x "$prog" ] || continue
		"$prog" >"$work/unit.out" 2>&1
		ustatus=$?
		while IFS= read -r line; do
			case "$line" in
			"ok "*) report "unit: ${line#ok }" 0 ;;
			"FAIL "*) echo "$line" >"$work/unit.fail"; report "unit: ${line#FAIL }" 1 "$work/unit.fail" ;;
			esac
		done <"$work/unit.out"
		if [ $ustatus -ne 0 ] && ! grep -q '^FAIL ' "$work/unit.out"; then
			report "unit: $(basename "$prog") exited $ustatus" 1 "$work/unit.out"
		fi
	done
fi

# 2. data-driven end-to-end cases: each with a fresh folder store, then
# (unless TRAWL_TEST_STORE=sqlite) each again with a fresh database in a
# private PostgreSQL cluster (tests/pg/cluster.sh). A case that looks into
# the store's folder itself has a file `folder-only` and runs once.
e2e_case() { # dir mode(sqlite|pg)
	local dir=$1 mode=$2 name t store
	name="e2e: $(basename "$dir")"
	[ "$mode" = pg ] && name="e2e-pg: $(basename "$dir")"
	[ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && return
	t="$work/$mode-e2e-$(basename "$dir")"
	mkdir -p "$t"
	cp -r "$dir"/. "$t/case"
	store="$t/store"
	if [ "$mode" = pg ]; then
		pg_db=$((pg_db + 1))
		if ! psql -X -q "$(cat "$pg_dir/url")" -c "CREATE DATABASE case$pg_db" >"$t/why" 2>&1; then
			report "$name" 1 "$t/why"
			return
		fi
		store="postgresql:///case$pg_db?host=$pg_dir&port=$(cat "$pg_dir/port")&user=trawl"
	fi
	(
		cd "$t/case" || exit 99
		export TRAWL_STORE="$store"
		bash ./cmd >"$t/out" 2>"$t/err"
		echo $? >"$t/status"
	)
	want_status=0
	[ -f "$dir/status" ] && want_status=$(cat "$dir/status")
	ok=0
	: >"$t/why"
	if [ "$(cat "$t/status")" != "$want_status" ]; then
		echo "exit status $(cat "$t/status"), expected $want_status" >>"$t/why"
		ok=1
	fi
	if [ -f "$dir/expected" ] && ! diff -u "$dir/expected" "$t/out" >>"$t/why"; then
		ok=1
	fi
	if [ -f "$dir/expected-stderr" ] && ! diff -u "$dir/expected-stderr" "$t/err" >>"$t/why"; then
		ok=1
	fi
	[ $ok -ne 0 ] && { echo "--- stderr:"; cat "$t/err"; } >>"$t/why"
	report "$name" $ok "$t/why"
}
for dir in "$here"/e2e/cases/*/; do
	[ -f "$dir/cmd" ] || continue
	e2e_case "$dir" sqlite
done
pg_dir=
pg_db=0
pg_cases=()
for dir in "$here"/e2e/cases/*/; do
	[ -f "$dir/cmd" ] && [ ! -f "$dir/folder-only" ] || continue
	[ -n "$filter" ] && [[ "e2e-pg: $(basename "$dir")" != *"$filter"* ]] && continue
	pg_cases+=("$dir")
done
if [ "${TRAWL_TEST_STORE:-both}" != sqlite ] && [ ${#pg_cases[@]} -gt 0 ]; then
	if pg_dir=$(bash "$here/pg/cluster.sh" start 2>"$work/pg-start.log"); then
		trap 'bash "$here/pg/cluster.sh" stop "$pg_dir"; chmod -R u+rwx "$work" 2>/dev/null; rm -rf "$work"' EXIT
		export TRAWL_TEST_PG="$pg_dir"
		for dir in "${pg_cases[@]}"; do
			e2e_case "$dir" pg
		done
	else
		report "e2e-pg: a private PostgreSQL cluster" 1 "$work/pg-start.log"
		pg_dir=
	fi
fi

# 3. script tests: examples corpus, fault cases, installing, the web app
# (browser/), the PostgreSQL store (pg/: each starts its own clusters)
for script in "$here"/examples/*.sh "$here"/prop/*.sh "$here"/fault/*.sh "$here"/install/*.sh \
	"$here"/browser/*.sh "$here"/pg/test_*.sh; do
	[ -f "$script" ] || continue
	name="$(basename "$(dirname "$script")"): $(basename "$script" .sh)"
	[ -n "$filter" ] && [[ "$name" != *"$filter"* ]] && continue
	t="$work/script-$(basename "$(dirname "$script")")-$(basename "$script" .sh)"
	mkdir -p "$t"
	(cd "$t" && TMP="$t" TRAWL_STORE="$t/store" timeout 600 bash "$script") >"$t/log" 2>&1
	report "$name" $? "$t/log"
done

# 4. fuzzing (when FUZZ_BUILD names a fuzz build, as make test does):
#    every input kept in tests/fuzz/regress once, then each target for
#    FUZZ_SMOKE_SECONDS (20, as issue 11 asks) from its seeds; see tests/fuzz/run.sh
fuzz_build=${FUZZ_BUILD:-}
if [ -n "$fuzz_build" ] && [ -d "$fuzz_build/tests/fuzz" ]; then
	fuzz_build=$(cd "$fuzz_build" && pwd)
	fuzz_targets=""
	# (the targets as tests/fuzz/run.sh lists them)
	for t in $(sed -n 's/^all="\(.*\)"$/\1/p' "$here/fuzz/run.sh"); do
		if [ -z "$filter" ] || [[ "fuzz: $t" == *"$filter"* ]] ||
		   [[ "fuzz-replay: $t" == *"$filter"* ]]; then
			fuzz_targets="$fuzz_targets $t"
		fi
	done
	if [ -n "$fuzz_targets" ]; then
		# shellcheck disable=SC2086
		bash "$here/fuzz/run.sh" "$fuzz_build" --replay $fuzz_targets >"$work/fuzz-replay" 2>&1
		while IFS= read -r line; do
			case "$line" in
			"ok - fuzz-replay: "*) report "${line#ok - }" 0 ;;
			"FAIL - fuzz-replay: "*)
				sed -n "/^FAIL - ${line#FAIL - }/,/^[oF]/p" "$work/fuzz-replay" >"$work/fuzz.why"
				report "${line#FAIL - }" 1 "$work/fuzz.why" ;;
			esac
		done <"$work/fuzz-replay"
		# shellcheck disable=SC2086
		FUZZ_JOBS=${FUZZ_JOBS:-2} bash "$here/fuzz/run.sh" "$fuzz_build" --smoke \
			"${FUZZ_SMOKE_SECONDS:-20}" $fuzz_targets >"$work/fuzz-smoke" 2>&1
		for t in $fuzz_targets; do
			# target execs exec/s cov ft corpus crashes third-party unrepro timeouts ooms
			row=$(awk -v t="$t" '$1 == t && NF == 11' "$work/fuzz-smoke")
			if [ -n "$row" ] && [ "$(echo "$row" | awk '{ print ($2 > 0 && $7 + $10 == 0) ? "ok" : "bad" }')" = ok ]; then
				report "fuzz: $t ($(echo "$row" | awk '{ printf "%s execs, %s/s, cov %s, %s third-party crashes", $2, $3, $4, $8 }'))" 0
			else
				grep -E "^(target|$t )|\($t\)" "$work/fuzz-smoke" >"$work/fuzz.why"
				report "fuzz: $t" 1 "$work/fuzz.why"
			fi
		done
	fi
fi

if [ $fail -ne 0 ]; then
	echo
	echo "failed:"
	printf '  %s\n' "${failed_names[@]}"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
