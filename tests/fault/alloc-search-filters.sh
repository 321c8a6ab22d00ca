# Every growth of trawl's own buffers fails in turn (TRAWL_FAULTS=buf:N,
# lib/util/fault.h) during searches with filters: each run fails with a
# message, or prints exactly what it prints without faults. Before the
# buffers kept their first failure, a failed append could drop a filter
# (type:, year:, path:, amount: ...) from the SQL, or a term from the FTS5
# expression (render_match took "not empty" for success), and the search
# silently widened. Each filter below changes the result, so a dropped one
# shows.
. "$TESTS/fault/lib.bash"
mkdir in
cat >in/budget-2023.html <<'H'
<html><head><title>东滨市边境管理支队2023年部门预算</title></head><body>
<p>单位：万元</p><table><tr><th>项目名称</th><th>金额</th></tr>
<tr><td>巡逻艇购置</td><td>150.00</td></tr><tr><td>遣返经费</td><td>12.00</td></tr></table>
</body></html>
H
cat >in/budget-2024.html <<'H'
<html><head><title>东滨市边境管理支队2024年部门预算</title></head><body>
<p>单位：元</p><table><tr><th>项目名称</th><th>金额</th></tr>
<tr><td>巡逻艇购置费</td><td>2230000.00</td></tr><tr><td>遣返经费</td><td>1039200.00</td></tr>
</table><p>边境巡逻管控不少于300次。</p></body></html>
H
printf '2024年巡逻工作总结：巡逻艇维修，遣返人员12名。\n' >in/notes-2024.txt
printf '2023年巡逻工作总结：边境管控。\n' >in/notes-2023.txt
"$TRAWL" add in >add.out 2>&1 || fail "trawl add: $(cat add.out)"

runs=0
check() { # ARGS...: every buffer growth of `trawl search ARGS` fails in turn
	local ref refst n count st
	"$TRAWL" search "$@" >ref.out 2>ref.err
	refst=$?
	[ "$refst" = 0 ] || fail "search $* fails without faults: $(cat ref.err)"
	rm -f log
	TRAWL_FAULTS=buf:0 TRAWL_FAULT_LOG=$PWD/log "$TRAWL" search "$@" >/dev/null 2>&1
	count=$(awk '$1 == "count" { print $2 }' log)
	[ -n "$count" ] && [ "$count" -gt 0 ] || fail "search $*: no buffer growth counted (built without -Dfault_injection?)"
	for ((n = 1; n <= count + 1; n++)); do
		runs=$((runs + 1))
		TRAWL_FAULTS=buf:$n "$TRAWL" search "$@" >out 2>err
		st=$?
		no_sanitizer_report err
		if [ "$st" = 0 ]; then
			cmp -s out ref.out || fail "search $* with buffer growth $n failing: exit 0 but" \
				"not the results without faults: $(diff ref.out out | head -10)"
			[ -s err ] && fail "search $* with buffer growth $n failing: exit 0 with: $(cat err)"
		else
			[ "$st" = 1 ] || [ "$st" = 2 ] || fail "search $* with buffer growth $n failing: exit $st"
			grep -q '^trawl: ' err || fail "search $* with buffer growth $n failing: exit $st, no message"
		fi
	done
	echo "search $*: $count buffer growths, each failed in turn"
}

check --json 巡逻 type:html
check --files 巡逻 year:2024
check --json 遣返 path:2024 type:html
check --files 巡逻艇 'amount:>=2000000'
check --count '巡逻 OR 遣返 -维修' year:2024
check --json 'NEAR(巡逻 管控, 5) OR "遣返 经费"' kind:budget year:2024
check --files '(巡逻 OR 边境) -维修' path:notes
echo "$runs runs"
