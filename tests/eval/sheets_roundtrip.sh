#!/usr/bin/env bash
# Numbers through spreadsheets, measured on real data: LibreOffice writes
# each CSV of a folder as XLS and as XLSX, trawl reads them back, and every
# field of the CSV must be, exactly, the text of the cell at its row and
# column (after NFKC, as trawl stores text) (numbers as written in the CSV: no "7e+01", no 17 digits).
# A development measurement, not a test (it needs LibreOffice and data):
#
#   bash tests/eval/sheets_roundtrip.sh [TRAWL] [DIR]
#
# DIR defaults to ../shared/data/budgets (Taiwan's budget CSVs).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
trawl=${1:-$root/build/trawl}
dir=${2:-$root/../shared/data/budgets}
work=$(mktemp -d "${TMPDIR:-/tmp}/trawl-roundtrip.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/csv" "$work/out"
cp "$dir"/*.csv "$work/csv/"
for fmt in xls xlsx; do
	soffice -env:UserInstallation=file://"$work"/profile --headless \
		--infilter='Text - txt - csv (StarCalc):44,34,76,1' --convert-to "$fmt" \
		--outdir "$work/out" "$work"/csv/*.csv >/dev/null 2>&1
done
"$trawl" --store "$work/store" add "$work/out" >/dev/null 2>"$work/add.err" || true
python3 - "$trawl" "$work" <<'P'
import csv, json, os, re, subprocess, sys, unicodedata
trawl, work = sys.argv[1], sys.argv[2]
num = re.compile(r'^-?\d+(\.\d+)?$')
total = {'xls': [0, 0, 0, 0], 'xlsx': [0, 0, 0, 0]}   # fields, same, numbers, same
bad = []
for name in sorted(os.listdir(work + '/csv')):
    rows = list(csv.reader(open(work + '/csv/' + name, encoding='utf-8')))
    for fmt in ('xls', 'xlsx'):
        path = work + '/out/' + name[:-4] + '.' + fmt
        out = subprocess.run([trawl, '--store', work + '/store', 'show', path, '--json'],
                             capture_output=True, text=True).stdout
        text = ''.join(json.loads(l)['text'] for l in out.splitlines() if l.strip())
        lines = [l.split('\t') for l in text.split('\n')]
        t = total[fmt]
        for r, row in enumerate(rows):
            for c, field in enumerate(row):
                got = lines[r][c] if r < len(lines) and c < len(lines[r]) else None
                isnum = bool(num.match(field))
                t[0] += 1
                t[2] += isnum
                # (text is stored NFKC-normalized: （遷） is (遷))
                if got == unicodedata.normalize('NFKC', field):
                    t[1] += 1
                    t[3] += isnum
                elif len(bad) < 10:
                    bad.append('%s.%s row %d col %d: %r -> %r' % (name[:-4], fmt, r + 1, c + 1, field, got))
for fmt, (f, fs, n, ns) in total.items():
    print('%-4s %d of %d numbers exact (%.3f%%); %d of %d fields' % (fmt, ns, n, 100.0 * ns / max(n, 1), fs, f))
for b in bad:
    print('  differs:', b)
P
if [ -s "$work/add.err" ]; then echo "trawl add said:"; cat "$work/add.err"; fi
