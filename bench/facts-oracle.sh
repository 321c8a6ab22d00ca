#!/usr/bin/env bash
# bench/facts-oracle.sh - every fact, document metadata, field and facet
# row that `trawl add` stores for some folders, as sorted text: the check
# that a change meant to make extraction faster changed no extracted fact.
#
# Usage:
#   bash bench/facts-oracle.sh TRAWL OUT DIR...
#
# Each DIR is added into a fresh store with `TRAWL add --jobs 1` (one
# worker: documents get the same rowids every time, so the facet rows,
# whose documents are a bitmap of rowids, compare too), then the store's
# tables are dumped into OUT/NAME.txt (NAME from the folder's path). Run it
# with the old binary and the new one and compare the two OUT folders:
#   bash bench/facts-oracle.sh old/trawl /tmp/o1 examples tests/fixtures
#   bash bench/facts-oracle.sh build/trawl /tmp/o2 examples tests/fixtures
#   diff -r /tmp/o1 /tmp/o2 && echo same
# What is left out: times (added_at, seen_at), the temporary paths of the
# store, and the units' text (extraction does not write it).
set -euo pipefail

[ $# -ge 3 ] || { echo "usage: $0 TRAWL OUT DIR..." >&2; exit 2; }
TRAWL=$1
OUT=$2
shift 2
command -v sqlite3 >/dev/null || { echo "facts-oracle: needs the sqlite3 command" >&2; exit 2; }
mkdir -p "$OUT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/trawl-oracle.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

for dir in "$@"; do
    name=$(printf '%s' "$dir" | sed 's|^/*||; s|/*$||; s|[/ ]|_|g')
    store="$WORK/store"
    rm -rf "$store"
    # exit 1 only says a file had a warning; the dump shows what was stored
    "$TRAWL" --store "$store" add --jobs 1 "$dir" >"$OUT/$name.add" 2>&1 </dev/null || true
    sed -i "s|$WORK|WORK|g" "$OUT/$name.add"
    db="$store/trawl.db"
    [ -f "$db" ] || { echo "facts-oracle: no store made for $dir" >&2; exit 1; }
    {
        echo "== docs"
        # every column but the rowid-free identity: the document id leads
        sqlite3 -separator '|' "$db" "SELECT d.id, d.seq, d.ext_id, d.title, d.units, d.pages,
            d.text_bytes, d.year, d.kind, d.extractor, d.indexed, d.kind_src, d.year_src,
            d.place, d.place_code, d.place_src, d.amount, d.currency, d.amount_src,
            d.amount_fact & 4294967295, d.u_title, d.u_kind, d.u_year, d.u_place,
            d.u_place_code, d.u_amount, d.u_currency, d.ocr_units, d.ocr_conf
            FROM docs d" | sort
        echo "== fields"
        sqlite3 -separator '|' "$db" "SELECT doc, key, value FROM fields" | sort
        echo "== facts"
        sqlite3 -separator '|' "$db" "SELECT d.id, f.id & 4294967295, f.unit, f.kind, f.bstart,
            f.bend, f.cstart, f.cend, f.text, f.value, f.value_hi, f.num, f.negative,
            f.currency, f.unit_name, f.unit_source, f.comparator, f.precision, f.role,
            f.code, f.label, f.col, f.caption, f.party, f.attrs
            FROM facts f JOIN docs d ON d.rowid = f.id >> 32" | sort
        echo "== facets"
        sqlite3 -separator '|' "$db" "SELECT dim, value, hex(docs) FROM ix_facets" | sort
        echo "== blobs"
        sqlite3 -separator '|' "$db" "SELECT sha256, size, format, encoding, ndocs,
            stated_unit, stated_currency FROM blobs" | sort
    } >"$OUT/$name.txt"
    printf 'facts-oracle: %s: %s facts, %s docs\n' "$dir" \
        "$(sqlite3 "$db" 'SELECT count(*) FROM facts')" "$(sqlite3 "$db" 'SELECT count(*) FROM docs')" >&2
done
