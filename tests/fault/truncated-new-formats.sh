# Each new format cut to half its length: an OFD, a PPTX, a PNG, a JPEG, a
# TIFF and a scanned PDF. Each gets one line naming it (an error, or a
# warning when what is left is read), the good file beside them is added,
# and the run ends in bounded time and memory.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in src
src="$ROOT/examples/bianjian_zhidui_2024_bumen_yusuan.pdf"
cp "$TESTS/fixtures/ofd/notice.ofd" "$TESTS/fixtures/pptx/briefing.pptx" src/
cp "$ROOT/examples/saomiao_bianjian_zhidui_2024_shouzhi_zongbiao.pdf" src/scan.pdf
"$BUILD/tests/scan" "$src" src/page.png --pages 2 --dpi 150 || fail "scan: png"
"$BUILD/tests/scan" "$src" src/page.jpg --pages 2 --dpi 150 || fail "scan: jpg"
"$BUILD/tests/scan" "$src" src/pages.tif --pages 2-3 --dpi 150 || fail "scan: tif"
for f in src/*; do
	head -c $(($(wc -c <"$f") / 2)) "$f" >"in/half-$(basename "$f")"
done
echo "a good file beside the truncated ones" >in/good.txt
run_add_bounded 300 800 "truncated files" in
expect_status 1
for f in in/half-*; do
	expect_line 'error|warning' "$f" '.'
done
expect_listed in/good.txt
check_intact
