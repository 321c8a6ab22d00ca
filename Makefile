# trawl: the build for people. Meson and ninja do the work.
#   make          build build/trawl (installs missing Debian packages first)
#   make demo     ingest examples/ into a fresh store and show what trawl does
#   make test     build with ASan+UBSan and run every test
#   make bench    ingest benchmark against recollindex (N documents: make bench N=2000),
#                 search, diff, OCR against the tesseract command-line tool,
#                 and the web app on 100000 documents (bench/serve.sh)
#   make bench-scale-pg  PostgreSQL against SQLite: ingest with 2 writers, search
#                 p50/p99, store size (bench/scale-pg.sh; the full run is
#                 make bench-scale-pg SCALE_N=1000000, hours on 2 cores)
#   make eval     extraction accuracy (when facts exist)
#   make fuzz     build the libFuzzer targets (clang) and fuzz each one
#                 FUZZ_SECONDS (default 300); FUZZ_JOBS at once; FUZZ_TARGETS
#   make test-alloc  fail each allocation in turn over add, search, facts,
#                 diff, report, serve (long: see docs/testing.md)
#   make install  the program, manual pages, shell completions and the demo
#                 under PREFIX (default /usr/local), below DESTDIR if given
#   make deb      a Debian package, trawl_VERSION_ARCH.deb, in this folder
#   make deb-check  ... installed with apt into a fresh Debian 12 and tried there

DEPS = gcc meson ninja-build pkg-config libsqlite3-dev libxml2-dev \
       libmupdf-dev libmujs-dev libgumbo-dev libopenjp2-7-dev libjbig2dec0-dev \
       libjpeg-dev libfreetype-dev libharfbuzz-dev libgsf-1-dev libzip-dev \
       libutf8proc-dev libuchardet-dev libcjson-dev libssl-dev \
       libopencc-dev libseccomp-dev libmicrohttpd-dev libargon2-dev scdoc libpq-dev \
       libtesseract-dev libleptonica-dev libarchive-dev libroaring-dev zlib1g-dev \
       tesseract-ocr-chi-sim tesseract-ocr-chi-tra tesseract-ocr-eng
TEST_DEPS = util-linux coreutils python3 python3-openpyxl python3-xlwt openssl chromium libreoffice-writer postgresql \
            chromium-driver fonts-noto-cjk zsh man-db $(DEB_DEPS) $(FUZZ_DEPS)
# make deb: Debian's own tools (the build dependencies are DEPS, which
# debian/control lists too; tests/install/deb.sh checks they agree)
DEB_DEPS = dpkg-dev debhelper fakeroot
FUZZ_DEPS = clang libclang-rt-14-dev zlib1g-dev
# make bench / bench-scale: the tools compared with and the timers (the
# scripts install what is missing too, when run as root)
BENCH_DEPS = time recollcmd poppler-utils python3 ripgrep sqlite3
FUZZ_SECONDS ?= 300
FUZZ_JOBS ?= 1
FUZZ_TARGETS ?=
VERSION = $(shell sed -n "s/^#define TRAWL_VERSION \"\(.*\)\"/\1/p" include/trawl/trawl.h)
PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
DEB_BUILD_DIR ?= build/deb
DEB_OUT ?= .
N ?= 2000
SCALE_N ?= 20000
DEMO_STORE = build/demo-store

.PHONY: all deps demo test test-alloc fuzz fuzz-build bench bench-scale bench-scale-pg bench-million \
        eval clean install install-files deb deb-check

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
	@TRAWL=build/trawl sh tools/demo.sh . $(DEMO_STORE) build/demo-report.html

# The files of an installed trawl, from the program in $(BUILD): its manual
# pages (scdoc, from the same tables as --help), bash and zsh completions,
# and the demo with its examples.
MANDIR = $(PREFIX)/share/man/man1
DATADIR = $(PREFIX)/share/trawl
DOCDIR = $(PREFIX)/share/doc/trawl
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/vendor-completions

install: all install-files

install-files:
	@$(MAKE) --no-print-directory deps EXTRA_DEPS=scdoc
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR) $(DESTDIR)$(DATADIR) \
	  $(DESTDIR)$(DOCDIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(BUILD)/trawl $(DESTDIR)$(PREFIX)/bin/trawl
	$(BUILD)/trawl help --man | scdoc > $(DESTDIR)$(MANDIR)/trawl.1
	@$(BUILD)/trawl help --list | sed -n 's/^command\t//p' | while read -r cmd; do \
	  page=trawl-$$(echo "$$cmd" | tr ' ' -).1; \
	  echo "$(BUILD)/trawl help --man $$cmd | scdoc > $(DESTDIR)$(MANDIR)/$$page"; \
	  $(BUILD)/trawl help --man $$cmd | scdoc > $(DESTDIR)$(MANDIR)/$$page || exit 1; \
	done
	$(BUILD)/trawl completion bash > $(DESTDIR)$(BASHCOMPDIR)/trawl
	$(BUILD)/trawl completion zsh > $(DESTDIR)$(ZSHCOMPDIR)/_trawl
	cp -R examples $(DESTDIR)$(DATADIR)/
	install -m 644 docs/topics.example.txt $(DESTDIR)$(DATADIR)/
	install -m 755 tools/demo.sh $(DESTDIR)$(DATADIR)/demo.sh
	install -m 644 README.md docs/*.md $(DESTDIR)$(DOCDIR)/

# A Debian package built by dpkg-buildpackage from a copy of the tracked
# sources (debian/rules builds with meson and installs with install-files).
deb:
	@$(MAKE) --no-print-directory deps EXTRA_DEPS="$(DEB_DEPS)"
	rm -rf $(DEB_BUILD_DIR)
	mkdir -p $(DEB_BUILD_DIR)/trawl-$(VERSION)
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
	  git ls-files -z --cached --others --exclude-standard | \
	    tar --null -T - -cf - | tar -xf - -C $(DEB_BUILD_DIR)/trawl-$(VERSION); \
	else \
	  tar --exclude='./build*' --exclude='./.trawl' --exclude='./trawl_*' -cf - . | \
	    tar -xf - -C $(DEB_BUILD_DIR)/trawl-$(VERSION); \
	fi
	cd $(DEB_BUILD_DIR)/trawl-$(VERSION) && dpkg-buildpackage -us -uc -b
	mkdir -p $(DEB_OUT)
	cp $(DEB_BUILD_DIR)/trawl_*.deb $(DEB_OUT)/
	@ls $(DEB_OUT)/trawl_*.deb

# The package on a fresh Debian 12 (debootstrap; it downloads a Debian
# system, so make test does not run it): apt install, man, completion, the
# demo and the web app, inside it.
deb-check: deb
	@$(MAKE) --no-print-directory deps EXTRA_DEPS=debootstrap
	sh tools/deb-fresh-debian.sh $$(ls $(DEB_OUT)/trawl_$(VERSION)_*.deb | head -1)

build-test/build.ninja:
	meson setup build-test --buildtype=debug -Db_sanitize=address,undefined \
	  -Db_lundef=false -Dfault_injection=true

# The fuzz build: clang, libFuzzer, ASan and UBSan, its own folder.
build-fuzz/build.ninja:
	CC=clang meson setup build-fuzz --buildtype=debugoptimized -Dfuzzing=true \
	  -Db_sanitize=address,undefined -Db_lundef=false

test:
	@$(MAKE) --no-print-directory deps EXTRA_DEPS="$(TEST_DEPS)"
	@$(MAKE) --no-print-directory build-test/build.ninja build-fuzz/build.ninja
	ninja -C build-test
	ninja -C build-fuzz
	FUZZ_BUILD=build-fuzz bash tests/run.sh build-test

fuzz-build:
	@$(MAKE) --no-print-directory deps EXTRA_DEPS="$(FUZZ_DEPS)"
	@$(MAKE) --no-print-directory build-fuzz/build.ninja
	ninja -C build-fuzz

fuzz: fuzz-build
	FUZZ_JOBS=$(FUZZ_JOBS) bash tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

test-alloc:
	@$(MAKE) --no-print-directory deps EXTRA_DEPS="$(TEST_DEPS)"
	@$(MAKE) --no-print-directory build-test/build.ninja
	ninja -C build-test
	bash tests/fault/alloc-sweep.sh build-test

bench-scale-pg: deps
	@$(MAKE) --no-print-directory deps EXTRA_DEPS="postgresql bc"
	bash bench/scale-pg.sh $(SCALE_N)

bench: deps
	@$(MAKE) --no-print-directory deps EXTRA_DEPS="$(BENCH_DEPS)"
	bash bench/run.sh $(N)
	bash bench/search.sh
	bash bench/compare.sh
	bash bench/ocr.sh
	bash bench/serve.sh

# Search and the web app at scale (opt-in; hours: SCALE_SIZES to choose),
# on small documents (gencorpus -s, about 25 KB of disk per document at the
# peak), at nice 10: search p50/p99 with exact counts and every facet count
# against trigram and rg (interleaved), ingest time and peak RSS, index
# size; then the web app's search page on a store of the largest size.
# See bench/README.md.
SCALE_SIZES ?= 100000 300000 1000000
# A million small documents within the dev machine's disk: ingested in
# parts, then the search page, OR/NOT/NEAR top-k and rg (bench/scale.sh).
bench-million: deps
	@$(MAKE) --no-print-directory deps EXTRA_DEPS="$(BENCH_DEPS)"
	nice -n 10 bash bench/scale.sh 1000000 4

bench-scale: deps
	SEARCH_SIZES="$(SCALE_SIZES)" SEARCH_SMALL=1 SEARCH_NOINDEX=0 SEARCH_CLI=0 SEARCH_LIKE=0 \
	  nice -n 10 bash bench/search.sh
	SERVE_N=$(lastword $(SCALE_SIZES)) SERVE_SMALL=1 nice -n 10 bash bench/serve.sh

# Extraction accuracy: our own vectors, plus ../shared/data and the real
# documents of $(REALDATA) (default /work/realdata) when present.
eval: all
	@$(MAKE) --no-print-directory deps EXTRA_DEPS=python3
	bash tests/eval/eval.sh
	@echo; echo "OCR (tests/eval/ocr_accuracy.sh):"
	bash tests/eval/ocr_accuracy.sh build
	@if [ -d ../shared/data/notices ]; then \
	  echo; echo "notices (../shared/data/notices/truth.jsonl):"; \
	  python3 tests/eval/notices.py build/trawl ../shared/data/notices; \
	else \
	  echo; echo "notices: ../shared/data/notices does not exist: not measured"; \
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
	else \
	  echo; echo "real documents: $$d does not exist (REALDATA=DIR): not measured"; \
	fi

clean:
	rm -rf build build-test build-bench build-fuzz trawl_*.deb
