#!/usr/bin/python3
"""Measure trawl on real public documents with hand-checked truth.

usage: real.py TRAWL SET [--summary] [--json FILE] [--jobs N]

SET is a folder with one sub-folder per class (pricelist, budget, notice,
ofd, scanned), each holding docs/ (the documents, ingested as they are) and
truth.jsonl.  A class folder itself may be given as SET.  For each class the
documents are added into a fresh temporary store with `trawl add`, and
`trawl ls --json`, `trawl facts --json` and `trawl show --json` are read back
and compared with the truth.  --summary prints figures only (no file names
or rows): use it for a held-out set.

Only Debian's python3 is needed.  Fields that trawl does not (yet) write are
counted as misses, never as errors.

Truth records (JSON Lines), by class:
  pricelist  {"record":"file", "file", "price_columns", "nonprice_columns",
              "parties": [...]} and one {"record":"price", "file", "row",
              "product", "price" (as shown), "unit", "currency", "party"}
              per true price.
  budget     {"record":"budget", "file", "kind", "year", "total_yuan",
              "total_shown", "total_unit", "place": {...}, "projects": [...],
              "indicators": [{"level1","level2","level3","target","points"}]}
  notice     {"file", "type", "buyer", "vendor", "agency", "amount_yuan",
              "date", "place"} (as in ../shared/data/notices/truth.jsonl;
              null where the notice does not state it)
  ofd        {"record":"ofd", "file", "phrases": [...], "no_text": bool,
              "invoice": {"total", "amount", "tax", "date", "names"}}
  scanned    as ofd: phrases that OCR should recover; no_text when the
             file has no text layer (trawl must then OCR it or warn)
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from decimal import Decimal, InvalidOperation

CLASSES = ('pricelist', 'budget', 'notice', 'ofd', 'scanned')


def dec(s):
    """A Decimal from a fact or truth value, or None."""
    if s is None:
        return None
    if isinstance(s, dict):
        for k in ('value', 'yuan', 'amount'):
            if k in s:
                return dec(s[k])
        return None
    try:
        d = Decimal(str(s).replace(',', '').strip())
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def norm(s):
    """Text compared without white space and with full-width brackets folded."""
    if s is None:
        return ''
    s = re.sub(r'\s+', '', str(s))
    return s.replace('（', '(').replace('）', ')').replace('，', ',')


def pct(n, d):
    return 'n/a' if d == 0 else '%5.1f%% (%d/%d)' % (100.0 * n / d, n, d)


class Store:
    """One temporary store holding one class folder's documents."""

    def __init__(self, trawl, docs, jobs):
        self.trawl = trawl
        self.docs = os.path.abspath(docs)
        self.tmp = tempfile.mkdtemp(prefix='trawl-real-')
        self.store = os.path.join(self.tmp, 'store')
        cmd = [trawl, '--store', self.store, 'add']
        if jobs:
            cmd += ['--jobs', str(jobs)]
        p = subprocess.run(cmd + [self.docs], capture_output=True, text=True,
                           errors='replace')
        self.add_rc = p.returncode
        self.stderr = p.stderr.splitlines()
        self.ls = [json.loads(l) for l in self.run('ls', '--json').splitlines()
                   if l.strip()]
        self.facts = [json.loads(l) for l in
                      self.run('facts', '--json').splitlines() if l.strip()]
        self.by_file = {}
        for d in self.ls:
            self.by_file[self.rel(d.get('path'))] = d
        self.facts_of = collections.defaultdict(list)
        for f in self.facts:
            self.facts_of[self.rel(f.get('path'))].append(f)
        self._text = {}

    def rel(self, path):
        if not path:
            return None
        p = os.path.abspath(path)
        if p.startswith(self.docs + os.sep):
            return os.path.relpath(p, self.docs)
        return path

    def run(self, *args):
        p = subprocess.run([self.trawl, '--store', self.store] + list(args),
                           capture_output=True, text=True, errors='replace')
        return p.stdout

    def text(self, f):
        """The document's whole stored text, white space removed."""
        if f not in self._text:
            d = self.by_file.get(f)
            out = ''
            if d is not None:
                for l in self.run('show', d['id'], '--json').splitlines():
                    try:
                        u = json.loads(l)
                    except ValueError:
                        continue
                    if isinstance(u, dict) and isinstance(u.get('text'), str):
                        out += u['text']
            self._text[f] = norm(out)
        return self._text[f]

    def warned(self, f):
        base = os.path.basename(f)
        return any(base in l for l in self.stderr)

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def doc_field(d, names):
    """The first present, non-null field of a document record."""
    if d is None:
        return None
    for n in names:
        v = d.get(n)
        if v not in (None, '', [], {}):
            return v
    return None


def doc_kind(d, facts):
    """The document's kind from ls, else the kind its facts carry."""
    k = doc_field(d, ('kind', 'doc_kind'))
    if k is None:
        ks = collections.Counter(x.get('doc_kind') for x in facts if x.get('doc_kind'))
        k = ks.most_common(1)[0][0] if ks else None
    return k


def money_facts(facts):
    """Money and item facts, one per quoted span (a cell can be both)."""
    seen = {}
    for f in facts:
        if f.get('kind') not in ('money', 'item'):
            continue
        k = (f.get('unit_number'), f.get('start'), f.get('end'))
        if k not in seen or f.get('kind') == 'item':
            seen[k] = f
    return list(seen.values())


def common_checks(st, files, res):
    """Lost files and silently empty files, for every class."""
    lost = [f for f in files if f not in st.by_file]
    empty = [f for f in files if f in st.by_file and not st.text(f)]
    silent = [f for f in empty if not st.warned(f)]
    res['files'] = len(files)
    res['lost files (not stored)'] = len(lost)
    res['  of which with no warning naming them'] = sum(1 for f in lost if not st.warned(f))
    res['empty files'] = len(empty)
    res['silently empty files'] = len(silent)
    res['_lost'] = lost
    res['_silent'] = silent


def eval_pricelist(st, truth, res, ex):
    meta = {t['file']: t for t in truth if t.get('record') == 'file'}
    prices = [t for t in truth if t.get('record') == 'price']
    files = sorted(meta)
    common_checks(st, files, res)
    found = cur_ok = labelled = 0
    cur_null = cur_cny = 0
    invented = 0
    nonamount_cols = set()
    nonamount_facts = 0
    parties_true = parties_found = 0
    by_file = collections.defaultdict(list)
    for p in prices:
        by_file[p['file']].append(p)
    for f in files:
        m = meta[f]
        facts = st.facts_of.get(f, [])
        mf = money_facts(facts)
        pool = collections.defaultdict(list)
        for x in mf:
            v = dec(x.get('value'))
            if v is not None:
                pool[v].append(x)
        items = collections.defaultdict(list)
        for x in mf:
            if x.get('kind') == 'item':
                v = dec(x.get('value'))
                if v is not None:
                    items[v].append(x)
        used = set()
        used_items = set()
        true_values = collections.Counter()
        for p in by_file[f]:
            v = dec(p['price'])
            true_values[v] += 1
            hit = None
            for x in pool.get(v, []):
                if id(x) not in used:
                    hit = x
                    break
            if hit is None:
                if len(ex['price not found']) < 8:
                    ex['price not found'].append('%s row %d: %s %s' % (f, p['row'], p['product'], p['price']))
            else:
                used.add(id(hit))
                found += 1
                c = hit.get('currency')
                want = p.get('currency')
                if (want is None and c in (None, 'CNY')) or c == want:
                    cur_ok += 1
                    cur_null += c is None
                    cur_cny += c == 'CNY'
                elif len(ex['wrong currency']) < 8:
                    ex['wrong currency'].append('%s row %d: %s has currency %s' % (f, p['row'], p['price'], c))
            prod = norm(p['product'])
            lab_hit = None
            for x in items.get(v, []):
                if id(x) in used_items:
                    continue
                lab = norm(x.get('label'))
                if lab and prod and (prod in lab or lab in prod):
                    lab_hit = x
                    break
            if lab_hit is not None:
                used_items.add(id(lab_hit))
                labelled += 1
            elif len(ex['no line item naming the product']) < 8:
                cand = items.get(v, [])
                ex['no line item naming the product'].append('%s row %d: %s %s (item labels at that value: %s)' % (
                    f, p['row'], p['product'], p['price'],
                    ', '.join(repr(x.get('label')) for x in cand[:2]) or 'none'))
        # Amounts that are no true price of this file.
        for x in mf:
            v = dec(x.get('value'))
            if v is not None and true_values.get(v, 0) > 0:
                true_values[v] -= 1
                continue
            invented += 1
            if len(ex['invented amounts']) < 8:
                ex['invented amounts'].append('%s: %s %r (column %r, label %r)' % (
                    f, x.get('kind'), x.get('text'), x.get('column'), x.get('label')))
        nonprice = set(norm(c) for c in m.get('nonprice_columns', []))
        for x in mf:
            col = norm(x.get('column'))
            if col and col in nonprice:
                nonamount_facts += 1
                if (f, col) not in nonamount_cols and len(ex['non-amount columns read as money']) < 8:
                    ex['non-amount columns read as money'].append('%s: column %s, e.g. %r' % (f, x.get('column'), x.get('text')))
                nonamount_cols.add((f, col))
        # Manufacturers and vendors, as party facts or an item's party.
        names = set()
        for x in facts:
            if x.get('kind') == 'party':
                names.add(norm(x.get('value') or x.get('text')))
            pv = x.get('party')
            if isinstance(pv, dict):
                pv = pv.get('value') or pv.get('name')
            if pv:
                names.add(norm(pv))
        for name in m.get('parties', []):
            parties_true += 1
            if norm(name) in names:
                parties_found += 1
            elif len(ex['party not found']) < 8:
                ex['party not found'].append('%s: %s' % (f, name))
    n = len(prices)
    res['true prices'] = n
    res['prices found as money/item, right value and currency'] = pct(cur_ok, n)
    res['  of which value found (any currency)'] = pct(found, n)
    res['  currency null / CNY'] = '%d / %d' % (cur_null, cur_cny)
    res['prices found as a line item naming the product'] = pct(labelled, n)
    res['manufacturers/vendors found as parties'] = pct(parties_found, parties_true)
    res['invented amounts'] = invented
    res['non-amount columns read as money'] = '%d columns, %d facts' % (len(nonamount_cols), nonamount_facts)
    res['_score'] = dict(price=(cur_ok, n), label=(labelled, n), party=(parties_found, parties_true),
                         invented=invented, nonamount_columns=len(nonamount_cols))


def eval_budget(st, truth, res, ex):
    files = [t['file'] for t in truth]
    common_checks(st, files, res)
    yr = kind = total = total_fact = place = 0
    ind_true = ind_found = proj_true = proj_found = 0
    for t in truth:
        f = t['file']
        d = st.by_file.get(f)
        facts = st.facts_of.get(f, [])
        y = doc_field(d, ('year', 'fiscal_year'))
        if str(y) == str(t['year']):
            yr += 1
        elif len(ex['wrong year']) < 8:
            ex['wrong year'].append('%s: %s, truth %s' % (f, y, t['year']))
        k = doc_kind(d, facts)
        if k == t['kind']:
            kind += 1
        elif len(ex['wrong kind']) < 8:
            ex['wrong kind'].append('%s: %s, truth %s' % (f, k, t['kind']))
        want = dec(t['total_yuan'])
        a = dec(doc_field(d, ('amount', 'own_amount', 'total')))
        if a is not None and a == want:
            total += 1
        elif len(ex['wrong own total']) < 8:
            ex['wrong own total'].append('%s: %s, truth %s (%s %s)' % (
                f, a, t['total_yuan'], t['total_shown'], t['total_unit']))
        if any(dec(x.get('value')) == want for x in money_facts(facts)):
            total_fact += 1
        pl = doc_field(d, ('place', 'place_name'))
        pls = json.dumps(pl, ensure_ascii=False) if pl is not None else ''
        tp = t.get('place') or {}
        want_pl = tp.get('county') or tp.get('prefecture') or tp.get('province')
        if want_pl and want_pl.rstrip('区县市省') in pls:
            place += 1
        elif len(ex['wrong place']) < 8:
            ex['wrong place'].append('%s: %s, truth %s' % (f, pls or None, want_pl))
        inds = [x for x in facts if x.get('kind') == 'indicator']
        for i in t.get('indicators', []):
            ind_true += 1
            if any(norm(i.get('level3')) in norm(x.get('label') or x.get('level3')) and
                   norm(i.get('target')) in norm(x.get('text')) for x in inds):
                ind_found += 1
        projs = [x for x in facts if x.get('kind') == 'project']
        for p in t.get('projects', []):
            proj_true += 1
            if any(norm(p.get('name')) == norm(x.get('label') or x.get('value')) for x in projs):
                proj_found += 1
    n = len(truth)
    res['year right'] = pct(yr, n)
    res["kind right (ls kind, else the facts' doc_kind)"] = pct(kind, n)
    res['own total right (ls amount)'] = pct(total, n)
    res['own total present as a money/item fact'] = pct(total_fact, n)
    res['place right'] = pct(place, n)
    res['indicators found'] = pct(ind_found, ind_true)
    res['projects found'] = pct(proj_found, proj_true)
    res['_score'] = dict(year=(yr, n), kind=(kind, n), total=(total, n))


def eval_notice(st, truth, res, ex):
    files = [t['file'] for t in truth]
    common_checks(st, files, res)
    cnt = collections.Counter()
    tot = collections.Counter()
    for t in truth:
        f = t['file']
        d = st.by_file.get(f)
        facts = st.facts_of.get(f, [])
        parties = collections.defaultdict(set)
        for x in facts:
            if x.get('kind') == 'party':
                parties[x.get('role')].add(norm(x.get('value') or x.get('text')))
        for role in ('buyer', 'vendor', 'agency'):
            if t.get(role):
                tot[role] += 1
                if norm(t[role]) in parties[role]:
                    cnt[role] += 1
                elif len(ex['%s not found' % role]) < 8:
                    ex['%s not found' % role].append('%s: %s (found %s)' % (f, t[role], sorted(parties[role])[:3]))
        if t.get('amount_yuan'):
            tot['amount'] += 1
            want = dec(t['amount_yuan'])
            if dec(doc_field(d, ('amount', 'own_amount'))) == want:
                cnt['amount'] += 1
            elif len(ex['wrong own amount']) < 8:
                ex['wrong own amount'].append('%s: %s, truth %s' % (f, doc_field(d, ('amount', 'own_amount')), t['amount_yuan']))
            if any(dec(x.get('value')) == want for x in money_facts(facts)):
                cnt['amount as any money fact'] += 1
        if t.get('date'):
            tot['date'] += 1
            dd = doc_field(d, ('date', 'published', 'pub_date'))
            pub = [x.get('date') for x in facts if x.get('kind') == 'date' and x.get('role') == 'published']
            if (dd and str(dd).startswith(t['date'])) or t['date'] in pub:
                cnt['date'] += 1
            elif len(ex['wrong date']) < 8:
                ex['wrong date'].append('%s: %s / %s, truth %s' % (f, dd, pub[:2], t['date']))
        if t.get('place'):
            tot['place'] += 1
            pl = doc_field(d, ('place', 'place_name'))
            if pl is not None and t['place'].rstrip('区县市省') in json.dumps(pl, ensure_ascii=False):
                cnt['place'] += 1
        if t.get('type'):
            tot['type'] += 1
            if doc_kind(d, facts) == t['type']:
                cnt['type'] += 1
    for k in ('buyer', 'vendor', 'agency', 'amount', 'date', 'place', 'type'):
        res['%s recall' % k if k != 'type' else "type recall (ls kind, else the facts' doc_kind)"] = pct(cnt[k], tot[k])
    res['amount present as any money fact'] = pct(cnt['amount as any money fact'], tot['amount'])
    res['_score'] = {k: (cnt[k], tot[k]) for k in ('buyer', 'vendor', 'amount', 'date', 'place')}


def eval_ofd(st, truth, res, ex):
    files = [t['file'] for t in truth]
    common_checks(st, files, res)
    ph_t = ph_f = inv_t = inv_f = nm_t = nm_f = 0
    notext_t = notext_w = 0
    for t in truth:
        f = t['file']
        txt = st.text(f)
        if t.get('no_text'):
            notext_t += 1
            notext_w += st.warned(f)
        for p in t.get('phrases', []):
            ph_t += 1
            if norm(p) in txt:
                ph_f += 1
            elif len(ex['phrase not found']) < 8:
                ex['phrase not found'].append('%s: %s' % (f, p))
        inv = t.get('invoice')
        if inv:
            facts = st.facts_of.get(f, [])
            inv_t += 1
            if any(dec(x.get('value')) == dec(inv['total']) for x in money_facts(facts)):
                inv_f += 1
            elif len(ex['invoice total not found']) < 8:
                ex['invoice total not found'].append('%s: %s' % (f, inv['total']))
            names = set(norm(x.get('value') or x.get('text')) for x in facts if x.get('kind') == 'party')
            for n in inv.get('names', []):
                nm_t += 1
                nm_f += norm(n) in names
    res['phrases found in text'] = pct(ph_f, ph_t)
    res['files with no text that warn'] = pct(notext_w, notext_t)
    res['invoice totals found as money'] = pct(inv_f, inv_t)
    res['invoice parties found'] = pct(nm_f, nm_t)
    res['_score'] = dict(phrases=(ph_f, ph_t), invoice=(inv_f, inv_t))


EVAL = dict(pricelist=eval_pricelist, budget=eval_budget, notice=eval_notice, ofd=eval_ofd,
            scanned=eval_ofd)


def main(argv):
    args = [a for a in argv[1:]]
    summary = '--summary' in args
    jout = None
    jobs = None
    if '--json' in args:
        i = args.index('--json')
        jout = args[i + 1]
        del args[i:i + 2]
    if '--jobs' in args:
        i = args.index('--jobs')
        jobs = int(args[i + 1])
        del args[i:i + 2]
    args = [a for a in args if a != '--summary']
    if len(args) != 2:
        sys.stderr.write(__doc__)
        return 2
    trawl, top = os.path.abspath(args[0]), args[1]
    if not os.access(trawl, os.X_OK):
        sys.stderr.write('real.py: %s is not an executable\n' % trawl)
        return 2
    if os.path.basename(os.path.normpath(top)) in CLASSES:
        sets = [(os.path.basename(os.path.normpath(top)), top)]
    else:
        sets = [(c, os.path.join(top, c)) for c in CLASSES if os.path.isdir(os.path.join(top, c))]
    if not sets:
        sys.stderr.write('real.py: no class folder (%s) under %s\n' % (', '.join(CLASSES), top))
        return 2
    allres = {}
    for cls, d in sets:
        tf = os.path.join(d, 'truth.jsonl')
        docs = os.path.join(d, 'docs')
        if not (os.path.isfile(tf) and os.path.isdir(docs)):
            continue
        truth = [json.loads(l) for l in open(tf, encoding='utf-8') if l.strip()]
        st = Store(trawl, docs, jobs)
        res = collections.OrderedDict()
        ex = collections.defaultdict(list)
        try:
            EVAL[cls](st, truth, res, ex)
            res['add exit status'] = st.add_rc
            res['warning lines'] = len(st.stderr)
        finally:
            st.close()
        print('%s (%s):' % (cls, d))
        for k, v in res.items():
            if not k.startswith('_'):
                print('  %-58s %s' % (k, v))
        if not summary:
            for k in ('_lost', '_silent'):
                for f in res.get(k, []):
                    print('    %s: %s' % (k[1:], f))
            for k, v in ex.items():
                print('  e.g. %s:' % k)
                for line in v:
                    print('    ' + line)
        print()
        allres[cls] = {k: v for k, v in res.items() if k not in ('_lost', '_silent')}
    if jout:
        with open(jout, 'w') as o:
            json.dump(allres, o, ensure_ascii=False, indent=1)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
