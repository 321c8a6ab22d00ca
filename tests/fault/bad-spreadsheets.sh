# Damaged and hostile spreadsheets and OLE2 files (tests/fixtures/sheets):
# the reproducer that crashed FreeXL, workbooks cut in half or with bytes
# flipped, a Word .doc, an OLE2 file that is no workbook, an encrypted one,
# and workbooks that claim a huge shared-string table or huge dimensions.
# Each bad file costs one line naming it; the good files of the run are
# stored; nothing crashes or leaks (ASan). Then 160 mutants of XLS, XLSX
# and DOCX files: each is either stored or named by one line.
. "$TESTS/fault/lib.bash"
S="$TESTS/fixtures/sheets"
seed_store
mkdir in
cp "$S/freexl-stack-underflow.xls" in/freexl.xls
cp "$S/word97.doc" in/word.doc
cp "$S/ole_other.ole" in/other.xls
cp "$S/encrypted.xls" in/locked.xls
cp "$S/huge_sst.xls" in/huge_sst.xls
cp "$S/huge_dims.xls" in/huge_dims.xls
for f in xlwt_budget.xls lo_budget.xls lo_budget.xlsx lo_targets.docx; do
	head -c $(($(wc -c <"$S/$f") / 2)) "$S/$f" >"in/cut-$f"
done
python3 - "$S" <<'P'
import io, sys, zipfile
S = sys.argv[1] + '/'
def flip_member(src, member, dst):
    """Bytes flipped in the middle of a zip member's deflated data."""
    data = bytearray(open(S + src, 'rb').read())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(member)
    off = info.header_offset
    n = int.from_bytes(data[off + 26:off + 28], 'little')
    m = int.from_bytes(data[off + 28:off + 30], 'little')
    start = off + 30 + n + m + info.compress_size // 2
    for k in range(3):
        data[start + k] ^= 0x55
    open(dst, 'wb').write(data)
flip_member('lo_budget.xlsx', 'xl/worksheets/sheet1.xml', 'in/flip.xlsx')
flip_member('lo_targets.docx', 'word/document.xml', 'in/flip.docx')
data = bytearray(open(S + 'xlwt_budget.xls', 'rb').read())
data[0x4C] ^= 0x40  # the first FAT sector of the OLE2 header
open('in/flip-fat.xls', 'wb').write(data)
P
echo "a good file beside the broken workbooks" >in/good.txt
run_add in
expect_status 1
expect_line error in/freexl.xls 'damaged OLE2'
expect_line error in/word.doc 'damaged Word document: its WordDocument stream has no file information block'
expect_line error in/other.xls 'an OLE2 file that is not a workbook'
expect_line error in/locked.xls 'encrypted'
expect_no_line in/huge_sst.xls
expect_no_line in/huge_dims.xls
expect_line error in/cut-xlwt_budget.xls 'damaged OLE2'
expect_line error in/cut-lo_budget.xls 'damaged OLE2'
expect_line error in/cut-lo_budget.xlsx 'zip|corrupt'
expect_line error in/cut-lo_targets.docx 'zip|corrupt'
expect_line error in/flip-fat.xls 'damaged OLE2'
expect_line error in/flip.docx 'damaged'
expect_line warning in/flip.xlsx 'malformed XML.*text up to the error kept'
expect_summary 4 0 0 10
expect_listed in/good.txt in/huge_sst.xls in/huge_dims.xls in/flip.xlsx
expect_not_listed in/freexl.xls in/word.doc in/other.xls in/locked.xls
"$TRAWL" show in/huge_sst.xls | grep -qF '2024-04-10 17:00' ||
	fail "the workbook with a huge SST claim lost its text: $("$TRAWL" show in/huge_sst.xls)"
check_intact

# mutants: 1 to 8 random bytes changed (seeded, so that a failure repeats)
mkdir mut
python3 - "$S" <<'P'
import random, sys
S = sys.argv[1] + '/'
rng = random.Random(20241203)
for src in ('xlwt_1904.xls', 'lo_targets.xls', 'biff5_gbk.xls', 'lo_targets.xlsx',
            'rich_inline.xlsx', 'lo_targets.docx', 'docx_grid.docx', 'lo_budget.xls'):
    base = open(S + src, 'rb').read()
    for i in range(20):
        data = bytearray(base)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        open('mut/%02d-%s' % (i, src), 'wb').write(data)
P
run_add mut
[ "$status" = 0 ] || [ "$status" = 1 ] || fail "trawl add of the mutants exited $status"
js=$(ls_json) || fail "trawl ls --json failed"
for f in mut/*; do
	n=$(grep -cF -- ": $f: " err)
	listed=0
	printf '%s\n' "$js" | grep -qF -- "\"path\":\"$f\"" && listed=1
	[ "$n" -le 1 ] || fail "$n lines name $f"
	[ "$listed" = 1 ] || [ "$n" = 1 ] || fail "$f is neither stored nor named by an error line"
	if [ "$listed" = 0 ]; then
		grep -qF -- "trawl: error: $f: " err || fail "$f is not stored, and its line is no error"
	fi
done
echo "note: $(grep -c '^trawl: error: ' err) of 160 mutants failed, $(grep -c '^trawl: warning: ' err) had warnings"
check_intact
