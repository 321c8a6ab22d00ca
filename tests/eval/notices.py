#!/usr/bin/env python3
"""Accuracy of trawl's facts on procurement notices with a truth file.

    notices.py TRAWL NOTICES_DIR

Ingests NOTICES_DIR with TRAWL into a temporary store, reads
`trawl facts --json`, and scores buyer, vendor, agency, amount and date
against NOTICES_DIR/truth.jsonl. For each field: recall (the true value is
among the document's facts of that kind) and precision of the first such
fact in the document (what a reader skimming trawl's output sees first).
"""
import json, os, subprocess, sys, tempfile
from decimal import Decimal, InvalidOperation

def main():
    trawl, ndir = sys.argv[1], sys.argv[2]
    truth = [json.loads(l) for l in open(os.path.join(ndir, "truth.jsonl"), encoding="utf-8") if l.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        store = os.path.join(tmp, "store")
        subprocess.run([trawl, "--store", store, "add", ndir], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        out = subprocess.run([trawl, "--store", store, "facts", "--json"], capture_output=True,
                             text=True).stdout
    facts = {}
    for line in out.splitlines():
        f = json.loads(line)
        rel = os.path.relpath(f["path"], ndir) if f["path"] else ""
        facts.setdefault(rel, []).append(f)
    def dec(v):
        try:
            return Decimal(v)
        except (InvalidOperation, TypeError):
            return None
    fields = {
        "buyer": lambda fs: [f["value"] for f in fs if f["kind"] == "party" and f.get("role") == "buyer"],
        "vendor": lambda fs: [f["value"] for f in fs if f["kind"] == "party" and f.get("role") == "vendor"],
        "agency": lambda fs: [f["value"] for f in fs if f["kind"] == "party" and f.get("role") == "agency"],
        "amount_yuan": lambda fs: [dec(f["value"]) for f in fs if f["kind"] == "money" and f.get("currency") in (None, "CNY")],
        # the publication date first, then the others in order
        "date": lambda fs: [f["value"] for f in fs if f["kind"] == "date" and f.get("role") == "published"]
                         + [f["value"] for f in fs if f["kind"] == "date" and f.get("role") != "published"],
    }
    print(f"{'field':<12}{'docs':>6}{'recall':>9}{'first-precision':>17}")
    worst = []
    totals = []
    for name, get in fields.items():
        n = found = first_ok = have_first = 0
        for t in truth:
            want = t.get(name)
            if not want:
                continue
            n += 1
            got = get(facts.get(t["file"], []))
            if name == "amount_yuan":
                want = dec(want)
            if want in got:
                found += 1
            else:
                worst.append(f"  {name} {t['file']}: want {want}, got {got[:4]}")
            if got:
                have_first += 1
                first_ok += got[0] == want
        totals.append((name, n, found))
        print(f"{name:<12}{n:>6}{100.0 * found / max(n, 1):>8.1f}%"
              f"{100.0 * first_ok / max(have_first, 1):>16.1f}%")
    if worst:
        print("misses:")
        print("\n".join(worst))

if __name__ == "__main__":
    main()
