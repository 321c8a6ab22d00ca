#!/bin/sh
# trawl's demo: ingest the bundled examples into a fresh store and show what
# trawl does. `make demo` runs it from the source tree; a package installs
# it as /usr/share/trawl/demo.sh, with the examples beside it.
#
#   sh demo.sh [DATA_DIR] [STORE] [REPORT.html]
#
# DATA_DIR holds examples/ and topics.example.txt (or docs/topics.example.txt);
# the default is the folder this script is in, else its parent. STORE (a new
# folder, default: a temporary one) is removed first. $TRAWL is the program
# (default: trawl on the PATH).
set -u
here=$(cd "$(dirname "$0")" && pwd)
data=${1:-}
if [ -z "$data" ]; then
	if [ -d "$here/examples" ]; then data=$here; else data=$(dirname "$here"); fi
fi
data=$(cd "$data" && pwd) || exit 2
store=${2:-}
tmp=
if [ -z "$store" ]; then
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/trawl-demo.XXXXXX") || exit 2
	store=$tmp/store
fi
case $store in /*) ;; *) store=$(pwd)/$store ;; esac
report=${3:-$(dirname "$store")/demo-report.html}
case $report in /*) ;; *) report=$(pwd)/$report ;; esac
trawl=${TRAWL:-trawl}
case $trawl in */*) trawl=$(cd "$(dirname "$trawl")" && pwd)/$(basename "$trawl") ;; esac
topics=$data/topics.example.txt
[ -f "$topics" ] || topics=$data/docs/topics.example.txt
rm -rf "$store"
mkdir -p "$(dirname "$store")" || exit 2
cd "$data" || exit 2
t() { "$trawl" --store "$store" "$@"; }
say() { echo; echo "\$ $*"; }

echo '$ trawl add examples'
t add examples || true
say trawl ls
t ls
say trawl show examples/zhongbiao_gonggao_renlian_kakou_gbk.html
t show examples/zhongbiao_gonggao_renlian_kakou_gbk.html | head -40
say trawl show bianjian_zhidui_2024_bumen_yusuan.pdf --page 2
t show bianjian_zhidui_2024_bumen_yusuan.pdf --page 2 | head -40
say 'trawl show saomiao_bianjian_zhidui_2024_shouzhi_zongbiao.pdf   # a scan: no text layer, read by OCR'
t show saomiao_bianjian_zhidui_2024_shouzhi_zongbiao.pdf | grep -v -E '^(id|sha256|added):' | head -12
say 'trawl search 收入总计 type:pdf   # the scan is found beside the born-digital PDFs, marked OCR'
t search 收入总计 type:pdf
say 'trawl facts --doc saomiao_bianjian_zhidui_2024_shouzhi_zongbiao.pdf --kind item | head -4'
t facts --doc saomiao_bianjian_zhidui_2024_shouzhi_zongbiao.pdf --kind item | head -4
say 'trawl ls | grep fujian.zip   # an archive: each member a document, cited ARCHIVE!member'
t ls | grep -F 'fujian.zip!'
say 'trawl facts --kind item --doc "caigou_yixiang_2024_05_fujian.zip!2024年5月政府采购意向.doc"   # a Word 97 .doc in it'
t facts --kind item --doc 'caigou_yixiang_2024_05_fujian.zip!2024年5月政府采购意向.doc'
say 'trawl add examples   # again: nothing new'
t add examples
say 'trawl search 遣返            # two characters: repatriation'
t search 遣返
say 'trawl search 邊境 --files    # Traditional finds Simplified too'
t search 邊境 --files
say 'trawl search 3541.07         # a number is one token'
t search 3541.07
say 'trawl search "人脸识别 OR 卡口" type:html'
t search "人脸识别 OR 卡口" type:html
say 'trawl search 巡逻艇 -维修 year:2024 --count'
t search 巡逻艇 -维修 year:2024 --count
say 'trawl watch add repatriation "遣返 OR 遣送" && trawl watch run'
t watch add repatriation "遣返 OR 遣送"
t watch run
say 'trawl facts --doc examples/zhongbiao_gonggao_renlian_kakou_gbk.html   # cited facts'
t facts --doc examples/zhongbiao_gonggao_renlian_kakou_gbk.html
say 'trawl facts --kind item --min 2000000 --limit 12   # budget line items over 2 million yuan'
t facts --kind item --min 2000000 --limit 12
say 'trawl search 卡口 amount:>=1000000 kind:award --files'
t search 卡口 'amount:>=1000000' kind:award --files
say "trawl search '人脸识别 OR 卡口' kind:award 'amount:>=1000000' year:2024 --files   # README"
t search '人脸识别 OR 卡口' kind:award 'amount:>=1000000' year:2024 --files
say 'trawl set examples/zhongbiao_gonggao_renlian_kakou_gbk.html place=珲春   # correct what was read'
t set examples/zhongbiao_gonggao_renlian_kakou_gbk.html place=珲春
say trawl verify
t verify
say 'trawl facts --kind indicator --doc examples/bianjian_zhidui_2024_bumen_yusuan.pdf   # performance targets'
t facts --kind indicator --doc examples/bianjian_zhidui_2024_bumen_yusuan.pdf
say 'trawl diff 2022.html 2023.pdf 2024.pdf   # three years: what 2024 adds (indicators, projects)'
t diff examples/2022/bianjian_zhidui_2022_bumen_yusuan.html \
	examples/2023/bianjian_zhidui_2023_bumen_yusuan.pdf examples/bianjian_zhidui_2024_bumen_yusuan.pdf |
	grep -E '^(added|removed|changed) +(indicator|project)|^[0-9]'
say "trawl report --by year --topics topics.example.txt --html $report"
t report --by year --topics "$topics" --html "$report"
say 'trawl topics --topics topics.example.txt'
t topics --topics "$topics"
echo
echo "The report is $report: one file, no network; open it in any browser."
[ -n "$tmp" ] && echo "The store is $store (trawl --store $store ls)."
echo
echo "To search, read, filter, compare and export in the browser, run"
echo "    trawl --store $store serve --open"
echo "and open http://127.0.0.1:8642/ (it stops with Ctrl-C)."
exit 0
