#!/usr/bin/python3
"""Compares the OCR'd text of scanned pages with the born-digital text of
the same pages, both as trawl stored them.

    ocr_compare.py TRAWL STORE REF OCR [REF OCR ...]

REF and OCR are paths (or ids) of documents in STORE: a born-digital PDF and
its scanned copy (tools/scan), of all its pages or of its first ones. For
each page they share: the character error rate,
the edit distance between the two texts with all white space removed
(layout is not what OCR is judged on here) over the length of the born-
digital text. Then the money facts (amounts and line items): the share of
the born-digital document's amounts that the OCR'd document has too.

Prints one line a page and the totals, and a last line
    CER <total> MONEY <agreement> PAGES <n>
for scripts. Exit status 0; 2 on a usage or trawl error.
"""
import json
import subprocess
import sys
import unicodedata
from collections import Counter


def run(trawl, store, *args):
    p = subprocess.run([trawl, "--store", store, *args], capture_output=True)
    if p.returncode != 0:
        sys.stderr.write("ocr_compare: trawl %s failed: %s\n" % (" ".join(args), p.stderr.decode()))
        sys.exit(2)
    return p.stdout.decode("utf-8")


def pages(trawl, store, doc):
    out = run(trawl, store, "show", doc, "--json")
    got = {}
    for line in out.splitlines():
        u = json.loads(line)
        got[u["number"]] = u["text"]
    return got


def squeeze(t):
    t = unicodedata.normalize("NFKC", t)
    return "".join(c for c in t if not c.isspace())


def distance(a, b):
    """Levenshtein distance, in O(len(b)) memory."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
        prev = cur
    return prev[len(b)]


def amounts(trawl, store, doc, pages):
    out = run(trawl, store, "facts", "--doc", doc, "--json")
    c = Counter()
    for line in out.splitlines():
        f = json.loads(line)
        if f["kind"] in ("money", "item") and f.get("value") and f["unit_number"] in pages:
            c[f["value"]] += 1
    return c


def main():
    if len(sys.argv) < 5 or len(sys.argv) % 2 == 0:
        sys.stderr.write(__doc__)
        return 2
    trawl, store = sys.argv[1], sys.argv[2]
    errs = chars = 0
    money_ref = money_hit = 0
    npages = 0
    for k in range(3, len(sys.argv), 2):
        ref, ocr = sys.argv[k], sys.argv[k + 1]
        rp, op = pages(trawl, store, ref), pages(trawl, store, ocr)
        # a scan of some of the pages is compared on those
        both = set(rp) & set(op)
        for n in sorted(both):
            a, b = squeeze(rp[n]), squeeze(op.get(n, ""))
            if not a:
                continue
            d = distance(a, b)
            errs += d
            chars += len(a)
            npages += 1
            print("%s p.%d: %d chars, %d errors, CER %.2f%%" % (ref, n, len(a), d, 100.0 * d / len(a)))
        ma, mb = amounts(trawl, store, ref, both), amounts(trawl, store, ocr, both)
        hit = sum(min(v, mb[k2]) for k2, v in ma.items())
        money_ref += sum(ma.values())
        money_hit += hit
        missing = [k2 for k2, v in ma.items() if mb[k2] < v]
        print("%s: %d of %d amounts agree%s" % (ref, hit, sum(ma.values()),
              (" (missing: %s)" % " ".join(missing[:12])) if missing else ""))
    cer = 100.0 * errs / chars if chars else 0.0
    money = 100.0 * money_hit / money_ref if money_ref else 100.0
    print("total: %d pages, %d chars, CER %.2f%%, amounts agree %.1f%% (%d of %d)" %
          (npages, chars, cer, money, money_hit, money_ref))
    print("CER %.4f MONEY %.2f PAGES %d" % (cer, money, npages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
