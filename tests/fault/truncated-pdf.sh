# A PDF cut to half its length: MuPDF may repair it (then one warning line and
# the file is listed) or give up (then one error line and it is not listed).
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
src="$ROOT/examples/port_calder_award_notice_PCHA-2024-041.pdf"
head -c $(($(wc -c <"$src") / 2)) "$src" >in/half.pdf
echo "a good file beside the truncated PDF" >in/good.txt
run_add in
expect_status 1
expect_line 'error|warning' in/half.pdf '.'
if grep -qF "trawl: warning: in/half.pdf: " err; then
	expect_summary 2 0 0 0
	expect_listed in/half.pdf
else
	expect_line error in/half.pdf 'pdf|truncat|damaged|broken|xref|page|corrupt'
	expect_summary 1 0 0 1
	expect_not_listed in/half.pdf
fi
expect_listed in/good.txt
check_intact
