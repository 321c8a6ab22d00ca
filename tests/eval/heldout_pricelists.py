#!/usr/bin/python3
"""Assemble the held-out set of real price lists that `make eval` measures.

usage: heldout_pricelists.py REPO OUT

REPO is a checkout (or bare clone) of github.com/DXQLS/DXQLS at commit
42fa23868d3fbb78bf7062bcf1003f3c5416e9f8: provincial drug and consumable
price lists, published by Hainan's and Guizhou's procurement platforms and
saved by that project. Their licence is not stated, so they are not in
this repository. OUT/pricelist/docs gets the workbooks and
OUT/pricelist/truth.jsonl the truth tests/eval/real.py reads
(`make eval REALDATA=DIR` looks for DIR/heldout).

The truth is read from the workbooks themselves with openpyxl (Debian
python3-openpyxl), a reader independent of trawl's: every non-empty cell
of a price column is a true price, with its row's product and maker or
vendor, as the cell shows it (openpyxl's value, rounded as a fixed
"0.00"-style number format would show it). The columns were chosen by
reading each header once; nothing here was tuned on trawl's output. The
currency is left unstated (null): the lists never name one, and trawl
must not guess it (CNY or unknown both count as right).
"""
import json
import os
import subprocess
import sys

import openpyxl

COMMIT = '42fa23868d3fbb78bf7062bcf1003f3c5416e9f8'
FILES = {
    'pythonProject/海南药品耗材集采/海南药品集采.xlsx': dict(
        price=['挂网价格'], product='药品名称', party='生产企业',
        nonprice=['药品统一编码', '剂型', '包装', '规格', '批准文号', '是否中选',
                  '是否过一次性评价', '是否可议价']),
    'pythonProject/海南药品耗材集采/海南耗材集采_500.xlsx': dict(
        price=['挂网价格'], product='耗材名称', party='生产企业',
        nonprice=['耗材统一编码', '注册证编号', '规格', '材质']),
    'pythonProject/贵州药品耗材集采/贵州药品集采.xlsx': dict(
        price=['中选价格'], product='产品名称', party='中选企业',
        nonprice=['剂型', '规格', '包装']),
}


def shown(v, fmt):
    """A cell's value as the spreadsheet shows it."""
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, float):
        if fmt and fmt.startswith('0.') and set(fmt[2:]) == {'0'}:
            return '%.*f' % (len(fmt) - 2, v)
        r = repr(v)
        return r[:-2] if r.endswith('.0') else r
    return str(v)


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    repo, out = argv[1], os.path.join(argv[2], 'pricelist')
    docs = os.path.join(out, 'docs')
    os.makedirs(docs, exist_ok=True)
    recs = []
    for path, spec in FILES.items():
        name = os.path.basename(path)
        data = subprocess.run(['git', '-C', repo, 'show', '%s:%s' % (COMMIT, path)],
                              check=True, capture_output=True).stdout
        with open(os.path.join(docs, name), 'wb') as f:
            f.write(data)
        ws = openpyxl.load_workbook(os.path.join(docs, name)).worksheets[0]
        rows = list(ws.iter_rows())
        head = [c.value for c in rows[0]]
        pcols = [head.index(h) for h in spec['price']]
        prod, party = head.index(spec['product']), head.index(spec['party'])
        parties, n = set(), 0
        for i, r in enumerate(rows[1:], start=2):
            pv = r[party].value
            if pv:
                parties.add(str(pv).strip())
            for c in pcols:
                cell = r[c]
                if cell.value is None or str(cell.value).strip() == '':
                    continue
                recs.append(dict(record='price', file=name, row=i,
                                 product=str(r[prod].value).strip(),
                                 price=shown(cell.value, cell.number_format), unit=None,
                                 currency=None, party=str(pv).strip() if pv else None))
                n += 1
        recs.append(dict(record='file', file=name, price_columns=spec['price'],
                         nonprice_columns=spec['nonprice'], parties=sorted(parties)))
        print('%s: %d prices, %d makers/vendors' % (name, n, len(parties)))
    with open(os.path.join(out, 'truth.jsonl'), 'w', encoding='utf-8') as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
