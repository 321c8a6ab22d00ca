# trawl: the build for people. Meson and ninja do the work.
#   make          build build/trawl (installs missing Debian packages first)
#   make demo     ingest examples/ into a fresh store and show what trawl does
#   make test     build with ASan+UBSan and run every test
#   make bench    ingest benchmark against recollindex (N documents: make bench N=2000),
#                 search, diff, and the web app on 100000 documents (bench/serve.sh)
#   make bench-scale-pg  PostgreSQL against SQLite: ingest with 2 writers, search
#                 p50/p99, store size (bench/scale.sh; the full run is
#                 make bench-scale-pg SCALE_N=1000000, hours on 2 cores)
#   make eval     extraction accuracy (when facts exist)

DEPS = gcc meson ninja-build pkg-config libsqlite3-dev libxml2-dev \
       libmupdf-dev libmujs-dev libgumbo-dev libopenjp2-7-dev libjbig2dec0-dev \
       libjpeg-dev libfreetype-dev libharfbuzz-dev libgsf-1-dev libzip-dev \
       libutf8proc-dev libuchardet-dev libcjson-dev libssl-dev \
       libopencc-dev libseccomp-dev libmicrohttpd-dev libargon2-dev libpq-dev
TEST_DEPS = util-linux coreutils python3 python3-openpyxl chromium libreoffice-writer postgresql \
            chromium-driver fonts-noto-cjk
N ?= 2000
SCALE_N ?= 20000
DEMO_STORE = build/demo-store

.PHONY: all deps demo test bench eval clean

all: deps build/build.ninja
	ninja -C build

deps:
	@missing=$$(for p in $(DEPS) $(EXTRA_DEPS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  if [ "$$(id -u)" != 0 ]; then echo "run as root, or install them yourself" >&2; exit 1; fi; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

build/build.ninja:
	meson setup build --buildtype=release

demo: all
	@rm -rf $(DEMO_STORE)
	@echo '$$ trawl --store $(DEMO_STORE) add examples'
	@build/trawl --store $(DEMO_STORE) add examples || true
	@echo
	@echo '$$ trawl ls'
	@build/trawl --store $(DEMO_STORE) ls
	@echo
	@echo '$$ trawl show examples/zhongbiao_gonggao_renlian_kakou_gbk.html'
	@build/trawl --store $(DEMO_STORE) show examples/zhongbiao_gonggao_renlian_kakou_gbk.html | head -40
	@echo
	@echo '$$ trawl show bianjian_zhidui_2024_bumen_yusuan.pdf --page 2'
	@build/trawl --store $(DEMO_STORE) show bianjian_zhidui_2024_bumen_yusuan.pdf --page 2 | head -40
	@echo
	@echo '$$ trawl add examples   # again: nothing new'
	@build/trawl --store $(DEMO_STORE) add examples
	@echo
	@echo '$$ trawl search 遣返            # two characters: repatriation'
	@build/trawl --store $(DEMO_STORE) search 遣返
	@echo
	@echo '$$ trawl search 邊境 --files    # Traditional finds Simplified too'
	@build/trawl --store $(DEMO_STORE) search 邊境 --files
	@echo
	@echo '$$ trawl search 3541.07         # a number is one token'
	@build/trawl --store $(DEMO_STORE) search 3541.07
	@echo
	@echo '$$ trawl search "人脸识别 OR 卡口" type:html'
	@build/trawl --store $(DEMO_STORE) search "人脸识别 OR 卡口" type:html
	@echo
	@echo '$$ trawl search 巡逻艇 -维修 year:2024 --count'
	@build/trawl --store $(DEMO_STORE) search 巡逻艇 -维修 year:2024 --count
	@echo
	@echo '$$ trawl watch add repatriation "遣返 OR 遣送" && trawl watch run'
	@build/trawl --store $(DEMO_STORE) watch add repatriation "遣返 OR 遣送"
	@build/trawl --store $(DEMO_STORE) watch run
	@echo
	@echo '$$ trawl facts --doc examples/zhongbiao_gonggao_renlian_kakou_gbk.html   # cited facts'
	@build/trawl --store $(DEMO_STORE) facts --doc examples/zhongbiao_gonggao_renlian_kakou_gbk.html
	@echo
	@echo '$$ trawl facts --kind item --min 2000000 | head   # budget line items over 2 million yuan'
	@build/trawl --store $(DEMO_STORE) facts --kind item --min 2000000 | head -12
	@echo
	@echo '$$ trawl search 卡口 amount:>=1000000 kind:award --files'
	@build/trawl --store $(DEMO_STORE) search 卡口 'amount:>=1000000' kind:award --files
	@echo
	@echo "$$ trawl search '人脸识别 OR 卡口' kind:award 'amount:>=1000000' year:2024 --files   # README"
	@build/trawl --store $(DEMO_STORE) search '人脸识别 OR 卡口' kind:award 'amount:>=1000000' year:2024 --files
	@echo
	@echo '$$ trawl set examples/zhongbiao_gonggao_renlian_kakou_gbk.html place=珲春   # correct what was read'
	@build/trawl --store $(DEMO_STORE) set examples/zhongbiao_gonggao_renlian_kakou_gbk.html place=珲春
	@echo
	@echo '$$ trawl verify'
	@build/trawl --store $(DEMO_STORE) verify
	@echo
	@echo '$$ trawl facts --kind indicator --doc examples/bianjian_zhidui_2024_bumen_yusuan.pdf   # performance targets'
	@build/trawl --store $(DEMO_STORE) facts --kind indicator --doc examples/bianjian_zhidui_2024_bumen_yusuan.pdf
	@echo
	@echo '$$ trawl diff 2022.html 2023.pdf 2024.pdf   # three years: what 2024 adds (indicators, projects)'
	@build/trawl --store $(DEMO_STORE) diff examples/2022/bianjian_zhidui_2022_bumen_yusuan.html \
	  examples/2023/bianjian_zhidui_2023_bumen_yusuan.pdf examples/bianjian_zhidui_2024_bumen_yusuan.pdf | \
	  grep -E '^(added|removed|changed) +(indicator|project)|^[0-9]'
	@echo
	@echo '$$ trawl report --by year --topics docs/topics.example.txt --html build/demo-report.html'
	@build/trawl --store $(DEMO_STORE) report --by year --topics docs/topics.example.txt \
	  --html build/demo-report.html
	@echo
	@echo '$$ trawl topics --file docs/topics.example.txt'
	@build/trawl --store $(DEMO_STORE) topics --file docs/topics.example.txt
	@echo
	@echo "The report is build/demo-report.html: one file, no network; open it in any browser."
	@echo
	@echo "To search, read, filter, compare and export in the browser, run"
	@echo "    build/trawl --store $(DEMO_STORE) serve --open"
	@echo "and open http://127.0.0.1:8642/ (it stops with Ctrl-C)."

build-test/build.ninja:
	meson setup build-test --buildtype=debug -Db_sanitize=address,undefined \
	  -Db_lundef=false -Dfault_injection=true

test:
	@$(MAKE) --no-print-directory deps EXTRA_DEPS="$(TEST_DEPS)"
	@$(MAKE) --no-print-directory build-test/build.ninja
	ninja -C build-test
	bash tests/run.sh build-test

.PHONY: bench-scale-pg
bench-scale-pg: deps
	@$(MAKE) --no-print-directory deps EXTRA_DEPS="postgresql bc"
	bash bench/scale.sh $(SCALE_N)

bench: deps
	bash bench/run.sh $(N)
	bash bench/search.sh
	bash bench/compare.sh
	bash bench/serve.sh

# Extraction accuracy: our own vectors, plus ../shared/data and the real
# documents of $(REALDATA) (default /work/realdata) when present.
eval: all
	@$(MAKE) --no-print-directory deps EXTRA_DEPS=python3
	bash tests/eval/eval.sh
	@if [ -d ../shared/data/notices ]; then \
	  echo; echo "notices (../shared/data/notices/truth.jsonl):"; \
	  python3 tests/eval/notices.py build/trawl ../shared/data/notices; \
	fi
	@# Real public documents with hand-checked truth, kept outside the
	@# repository (REALDATA=DIR, default /work/realdata): dev/ may be read,
	@# heldout/ is reported as figures only.
	@d="$(REALDATA)"; [ -n "$$d" ] || d=/work/realdata; \
	if [ -d "$$d" ]; then \
	  for s in dev heldout; do \
	    [ -d "$$d/$$s" ] || continue; \
	    sum=; [ $$s = heldout ] && sum=--summary; \
	    echo; echo "real documents, $$s set ($$d/$$s):"; \
	    /usr/bin/python3 tests/eval/real.py $$sum build/trawl "$$d/$$s" || exit 1; \
	  done; \
	fi

clean:
	rm -rf build build-test build-bench
