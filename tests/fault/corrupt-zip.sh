# Damaged zip containers: random bytes after a PK\3\4 signature
# (fixtures/corrupt.docx), a real DOCX and a real XLSX cut short.
. "$TESTS/fault/lib.bash"
seed_store
mkdir in
cp "$FIX/corrupt.docx" in/random.docx
docx="$ROOT/examples/招聘公告_出入境管理服务中心_2024.docx"
xlsx="$ROOT/examples/bianjian_zhidui_2024_yusuan_biao.xlsx"
head -c $(($(wc -c <"$docx") / 2)) "$docx" >in/cut.docx
head -c $(($(wc -c <"$xlsx") - 100)) "$xlsx" >in/cut.xlsx
echo "a good file beside the broken zips" >in/good.txt
run_add in
expect_status 1
for f in in/random.docx in/cut.docx in/cut.xlsx; do
	expect_line error "$f" 'zip|corrupt|damaged|truncat'
done
expect_summary 1 0 0 3
expect_listed in/good.txt
expect_not_listed in/random.docx in/cut.docx in/cut.xlsx
check_intact
