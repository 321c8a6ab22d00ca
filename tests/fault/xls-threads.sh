# Many workbooks read at once by the worker threads: libgsf registers its
# types on first use without a lock, and two threads opening their first
# .xls together crashed there (SIGSEGV in gsf_shared_memory_new). Each
# run is a fresh process, so that the first use is concurrent.
. "$TESTS/fault/lib.bash"
S="$TESTS/fixtures/sheets"
mkdir in
for i in $(seq 1 12); do
	for f in xlwt_1904.xls lo_targets.xls biff5_gbk.xls; do
		cp "$S/$f" "in/$i-$f"
		printf '%s' "$i" >>"in/$i-$f" # distinct bytes, the same workbook
	done
done
for run in 1 2 3 4 5; do
	rm -rf "$TRAWL_STORE"
	run_add --jobs 8 in
	expect_status 0
	expect_summary 36 0 0 0
done
