#!/usr/bin/env bash
# Extraction accuracy (make eval): builds tests/eval/eval.c against the
# release library and runs it over tests/eval/vectors and, when it exists,
# ../shared/data (relative to the repository root).
#
#   bash tests/eval/eval.sh [-v] [BUILD_DIR]
#
# -v lists every miss and every extra fact.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
verbose=
if [ "${1:-}" = "-v" ]; then verbose=-v; shift; fi
build=${1:-$root/build}
[ -f "$build/build.ninja" ] || meson setup "$build" --buildtype=release >/dev/null
# the facts code needs only the library, the normalizer's utf8proc and cJSON
if ninja -C "$build" lib/libtrawl.a >"$build/eval-ninja.log" 2>&1; then
	lib="$build/lib/libtrawl.a"
else
	# another part of the library does not build right now: compile just
	# what the extractors and the normalizer need
	echo "eval: libtrawl.a does not build (see $build/eval-ninja.log); using the facts sources" >&2
	lib=$(for f in facts/number.c facts/money.c facts/date.c facts/quantity.c \
	      text/normalize.c util/buf.c util/diag.c util/fault.c; do echo "$root/lib/$f"; done)
fi
${CC:-cc} -std=c11 -O1 -Wall -Wextra -Wshadow -Wno-unused-parameter -D_GNU_SOURCE \
	-I"$root/include" -I"$root/lib" -I"$build/lib" \
	-o "$build/eval-facts" "$here/eval.c" $lib \
	$(pkg-config --cflags --libs libcjson libutf8proc)
shared=
[ -d "$root/../shared/data" ] && shared=$(cd "$root/../shared/data" && pwd)
exec "$build/eval-facts" $verbose "$here/vectors" $shared
