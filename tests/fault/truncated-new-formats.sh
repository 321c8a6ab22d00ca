# Each new format cut to half its length: an OFD, a PPTX, a PNG, a JPEG, a
# TIFF, a scanned PDF, a Word 97 .doc, a WPS .wps and .et, a zip, a 7z and
# a tar.gz of files. Each gets one line naming it (an error, or a
# warning when what is left is read), the good file beside them is added,
# and the run ends in bounded time and memory.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in src
src="$ROOT/examples/bianjian_zhidui_2024_bumen_yusuan.pdf"
cp "$TESTS/fixtures/ofd/notice.ofd" "$TESTS/fixtures/pptx/briefing.pptx" src/
cp "$ROOT/examples/saomiao_bianjian_zhidui_2024_shouzhi_zongbiao.pdf" src/scan.pdf
cp "$TESTS/fixtures/word/notice.doc" src/notice.doc
cp "$TESTS/fixtures/word/notice.doc" src/notice.wps
cp "$TESTS/fixtures/sheets/lo_budget.xls" src/budget.et
cp "$TESTS/fixtures/archives/wurenji.7z" src/
(cd "$TESTS/fixtures" && tar czf - word sheets/lo_budget.xls) >src/files.tar.gz
/usr/bin/python3 -c 'import sys, zipfile
with zipfile.ZipFile("src/files.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for f in sys.argv[1:]:
        z.write(f, f.split("/")[-1])' "$TESTS/fixtures/word/notice.doc" "$TESTS/fixtures/sheets/lo_budget.xls"
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
