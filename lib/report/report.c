/* Reports: documents and their money facts counted and summed by year,
 * place, agency, vendor or topic (docs/report.md).
 *
 * The report is built from the documents' own metadata (year, place and
 * amount, as trawl ls lists them) and two streaming passes over the
 * store's facts (money facts counted, parties named); each updates its
 * document's record and nothing else is kept. Grouping is then a pass
 * over the documents. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "facts/fact.h"
#include "facts/proccode.h"
#include "report/report.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/alloc.h"
#include "util/banned.h"


/* A store this small in documents is read one document at a time. */
#define PER_DOC_MAX 200
/* The longest quote kept for a source, in bytes. */
#define QUOTE_MAX 400

/* ---- interned strings ---- */

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

void rp_strtab_init(rp_strtab *t)
{
	memset(t, 0, sizeof *t);
}

void rp_strtab_release(rp_strtab *t)
{
	free(t->data);
	free(t->slots);
	memset(t, 0, sizeof *t);
}

static int strtab_rehash(rp_strtab *t)
{
	size_t n = t->nslots ? t->nslots * 2 : 1024;
	uint32_t *slots = calloc(n, sizeof *slots);

	if (!slots)
		return -1;
	for (size_t i = 0; i < t->nslots; i++) {
		uint32_t id = t->slots[i];
		size_t j;
		if (!id)
			continue;
		j = hash_bytes(t->data + id, strlen(t->data + id)) & (n - 1);
		while (slots[j])
			j = (j + 1) & (n - 1);
		slots[j] = id;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = n;
	return 0;
}

uint32_t rp_find(const rp_strtab *t, const char *s, size_t n)
{
	size_t j;

	if (!n || !t->nslots)
		return 0;
	j = hash_bytes(s, n) & (t->nslots - 1);
	for (; t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
		const char *x = t->data + t->slots[j];
		if (!strncmp(x, s, n) && x[n] == '\0')
			return t->slots[j];
	}
	return 0;
}

uint32_t rp_intern(rp_strtab *t, const char *s, size_t n, trawl_err *rc)
{
	uint32_t id;
	size_t j;

	if (*rc || !n)
		return 0;
	/* a NUL inside would make two strings look alike: cut there */
	n = strnlen(s, n);
	if (!n)
		return 0;
	if ((id = rp_find(t, s, n)))
		return id;
	if (!t->data) {
		t->cap = 65536;
		t->data = malloc(t->cap);
		if (!t->data) {
			*rc = TRAWL_ENOMEM;
			return 0;
		}
		t->data[0] = '\0';
		t->len = 1;
	}
	if (t->len + n + 1 > UINT32_MAX) {
		*rc = TRAWL_ETOOBIG;
		return 0;
	}
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap;
		char *p;
		while (cap < t->len + n + 1)
			cap *= 2;
		p = realloc(t->data, cap);
		if (!p) {
			*rc = TRAWL_ENOMEM;
			return 0;
		}
		t->data = p;
		t->cap = cap;
	}
	if ((t->count + 1) * 2 > t->nslots && strtab_rehash(t)) {
		*rc = TRAWL_ENOMEM;
		return 0;
	}
	id = (uint32_t)t->len;
	memcpy(t->data + t->len, s, n);
	t->data[t->len + n] = '\0';
	t->len += n + 1;
	j = hash_bytes(s, n) & (t->nslots - 1);
	while (t->slots[j])
		j = (j + 1) & (t->nslots - 1);
	t->slots[j] = id;
	t->count++;
	return id;
}

static uint32_t intern_s(rp_strtab *t, const char *s, trawl_err *rc)
{
	return s ? rp_intern(t, s, strlen(s), rc) : 0;
}

/* ---- exact decimals ---- */

/* An unsigned decimal as the facts store them: digits, at most one '.'. */
static int is_decimal(const char *v)
{
	size_t n = 0;
	int dot = 0, digits = 0;

	for (; v[n]; n++) {
		if (v[n] == '.' && !dot)
			dot = 1;
		else if (v[n] >= '0' && v[n] <= '9')
			digits++;
		else
			return 0;
	}
	return digits > 0 && n < RP_DEC_MAX / 2;
}

int rp_dec_add(char acc[RP_DEC_MAX], const char *v)
{
	const char *ad = strchr(acc, '.'), *vd = strchr(v, '.');
	size_t ai = ad ? (size_t)(ad - acc) : strlen(acc);
	size_t vi = vd ? (size_t)(vd - v) : strlen(v);
	size_t af = ad ? strlen(ad + 1) : 0, vf = vd ? strlen(vd + 1) : 0;
	size_t il = (ai > vi ? ai : vi) + 1, fl = af > vf ? af : vf, i, start;
	char r[2 * RP_DEC_MAX + 2];
	int carry = 0;

	if (il + fl + 2 > RP_DEC_MAX)
		return -1;
	for (i = fl; i-- > 0;) {
		int x = (i < af ? ad[1 + i] - '0' : 0) + (i < vf ? vd[1 + i] - '0' : 0) + carry;
		carry = x / 10;
		r[il + 1 + i] = (char)('0' + x % 10);
	}
	for (i = 0; i < il; i++) {
		int x = carry;
		if (i < ai)
			x += acc[ai - 1 - i] - '0';
		if (i < vi)
			x += v[vi - 1 - i] - '0';
		carry = x / 10;
		r[il - 1 - i] = (char)('0' + x % 10);
	}
	r[il] = '.';
	/* no trailing zeros after the point, no point without digits after it */
	while (fl && r[il + fl] == '0')
		fl--;
	r[fl ? il + 1 + fl : il] = '\0';
	for (start = 0; start + 1 < il && r[start] == '0'; start++)
		;
	memcpy(acc, r + start, strlen(r + start) + 1);
	return 0;
}

void trawl_amount_format(const char *v, char *out, size_t cap)
{
	const char *dot = strchr(v, '.');
	size_t il = dot ? (size_t)(dot - v) : strlen(v), o = 0, i;

	if (!cap)
		return;
	for (i = 0; i < il && o + 1 < cap; i++) {
		if (i && (il - i) % 3 == 0 && o + 2 < cap)
			out[o++] = ',';
		out[o++] = v[i];
	}
	for (i = il; v[i] && o + 1 < cap; i++)
		out[o++] = v[i];
	out[o] = '\0';
}

/* ---- places ---- */

static int province_of(int d)
{
	while (d >= 0 && trawl__place_parent(d) >= 0)
		d = trawl__place_parent(d);
	return d;
}

/* A document's place at the report's level: its province, or with
 * r->prefectures the division just below the province it lies in (or the
 * province itself when that is its place). A place outside the gazetteer
 * is its name. */
uint32_t rp_place_key(trawl_report *r, const rp_doc *doc, trawl_err *rc)
{
	int d = doc->place;

	if (d < 0)
		return doc->place_name;
	while (trawl__place_parent(d) >= 0 &&
	       (!r->prefectures || trawl__place_parent(trawl__place_parent(d)) >= 0))
		d = trawl__place_parent(d);
	return intern_s(&r->str, trawl__place_name(d), rc);
}

/* ---- documents ---- */

static uint32_t hash_id(const char *id)
{
	return hash_bytes(id, strlen(id));
}

int64_t rp_doc_find(const trawl_report *r, const char *id)
{
	size_t j;

	if (!r->ndocslots || !id)
		return -1;
	j = hash_id(id) & (r->ndocslots - 1);
	for (; r->docslots[j]; j = (j + 1) & (r->ndocslots - 1))
		if (!strcmp(r->docs[r->docslots[j] - 1].id, id))
			return r->docslots[j] - 1;
	return -1;
}

static trawl_err doc_index_build(trawl_report *r)
{
	size_t n = 1024;

	while (n < r->ndocs * 2)
		n *= 2;
	free(r->docslots);
	r->docslots = calloc(n, sizeof *r->docslots);
	if (!r->docslots)
		return TRAWL_ENOMEM;
	r->ndocslots = n;
	for (size_t i = 0; i < r->ndocs; i++) {
		size_t j = hash_id(r->docs[i].id) & (n - 1);
		while (r->docslots[j])
			j = (j + 1) & (n - 1);
		r->docslots[j] = (uint32_t)i + 1;
	}
	return TRAWL_OK;
}

static trawl_err doc_add(trawl_report *r, const char *id, const char *path)
{
	rp_doc *d;
	trawl_err rc = TRAWL_OK;

	if (!id || strlen(id) != 64 || rp_doc_find(r, id) >= 0)
		return TRAWL_OK;
	if (r->ndocs == r->capdocs) {
		size_t cap = r->capdocs ? r->capdocs * 2 : 256;
		rp_doc *p = trawl__reallocn(r->docs, cap, sizeof *p);
		if (!p)
			return TRAWL_ENOMEM;
		r->docs = p;
		r->capdocs = cap;
	}
	if ((r->ndocs + 1) * 2 > r->ndocslots) {
		r->ndocs++; /* size the index for the one being added */
		rc = doc_index_build(r);
		r->ndocs--;
		if (rc)
			return rc;
	}
	d = &r->docs[r->ndocs];
	memset(d, 0, sizeof *d);
	memcpy(d->id, id, 65);
	d->place = -1;
	d->path = intern_s(&r->str, path, &rc);
	if (rc)
		return rc;
	{
		size_t j = hash_id(id) & (r->ndocslots - 1);
		while (r->docslots[j])
			j = (j + 1) & (r->ndocslots - 1);
		r->docslots[j] = (uint32_t)r->ndocs + 1;
	}
	r->ndocs++;
	return TRAWL_OK;
}

typedef struct collect_ctx {
	trawl_report *r;
	trawl_err rc;
} collect_ctx;

static int collect_ls(const trawl_doc_info *i, void *u)
{
	collect_ctx *c = u;

	c->rc = doc_add(c->r, i->id, i->path);
	return c->rc != TRAWL_OK;
}

static int collect_hit(const trawl_hit *h, void *u)
{
	collect_ctx *c = u;

	if (!h->current)
		return 0;
	c->rc = doc_add(c->r, h->doc, h->path);
	return c->rc != TRAWL_OK;
}

/* Documents in path order, so that every output is the same from run to
 * run whatever order they were stored or ranked in. */
typedef struct doc_order {
	const char *path, *id;
	size_t i;
} doc_order;

static int by_path(const void *a, const void *b)
{
	const doc_order *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : strcmp(x->id, y->id);
}

static trawl_err sort_docs(trawl_report *r)
{
	doc_order *o = trawl__mallocn(r->ndocs, sizeof *o);
	rp_doc *d = trawl__mallocn(r->ndocs, sizeof *d);
	size_t i;

	if (!o || !d) {
		free(o);
		free(d);
		return TRAWL_ENOMEM;
	}
	for (i = 0; i < r->ndocs; i++)
		o[i] = (doc_order){ rp_str(&r->str, r->docs[i].path), r->docs[i].id, i };
	qsort(o, r->ndocs, sizeof *o, by_path);
	for (i = 0; i < r->ndocs; i++)
		d[i] = r->docs[o[i].i];
	free(o);
	free(r->docs);
	r->docs = d;
	r->capdocs = r->ndocs;
	return doc_index_build(r);
}

/* ---- facts ---- */

typedef struct pass_ctx {
	trawl_report *r;
	trawl_err rc;
	int64_t cur;            /* the document of the facts being read */
	char cur_id[65];
} pass_ctx;

static int64_t pass_doc(pass_ctx *c, const char *id)
{
	if (!id)
		return -1;
	if (c->cur_id[0] && !strcmp(c->cur_id, id))
		return c->cur;
	return rp_doc_find(c->r, id);
}

static void copy_quote(char *dst, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n > QUOTE_MAX) {
		/* cut on a character boundary */
		n = QUOTE_MAX;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		memcpy(dst, s, n);
		memcpy(dst + n, "\u2026", 4);
		return;
	}
	if (n)
		memcpy(dst, s, n);
	dst[n] = '\0';
}

static int64_t pass_switch(pass_ctx *c, const trawl_fact_info *f)
{
	int64_t i = pass_doc(c, f->doc);

	if (i != c->cur || i < 0) {
		c->cur = i;
		snprintf(c->cur_id, sizeof c->cur_id, "%s", i >= 0 ? f->doc : "");
	}
	return i;
}

/* A part of document di's amount that vendor (canonical) was awarded:
 * value (interned decimal) in currency, read from quote. */
static trawl_err share_add(trawl_report *r, size_t di, uint32_t vendor, uint32_t value,
                           uint32_t currency, uint32_t quote, int page, int list)
{
	if (r->nshares == r->capshares) {
		size_t cap = r->capshares ? r->capshares * 2 : 64;
		rp_share *p = trawl__reallocn(r->shares, cap, sizeof *p);
		if (!p)
			return TRAWL_ENOMEM;
		r->shares = p;
		r->capshares = cap;
	}
	r->shares[r->nshares] = (rp_share){ (uint32_t)di, vendor, value, currency, quote, page,
	                                    0, list, 0, (uint32_t)r->nshares };
	r->nshares++;
	return TRAWL_OK;
}

/* Money facts are counted (FACTS: how much was read); the amount each
 * document counts with is its own (trawl ls), set by doc_meta. A lot's
 * figure that names its vendor (its party) is a part of it. */
static int money_fact(const trawl_fact_info *f, void *u)
{
	pass_ctx *c = u;
	trawl_report *r = c->r;
	int64_t i;

	if (!f->kind || strcmp(f->kind, "money"))
		return 0;
	if ((i = pass_switch(c, f)) < 0)
		return c->rc != TRAWL_OK;
	r->docs[i].nfacts++;
	r->nfacts++;
	r->uncertain += f->uncertain != 0;
	if (f->party && *f->party && f->currency && f->value && is_decimal(f->value) &&
	    !f->negative && !f->value_hi && !f->uncertain) {
		char quote[QUOTE_MAX + 4];
		uint32_t v, cur, q, party;
		copy_quote(quote, f->text);
		v = intern_s(&r->str, f->value, &c->rc);
		cur = intern_s(&r->str, f->currency, &c->rc);
		q = intern_s(&r->str, quote, &c->rc);
		party = rp_alias_of(&r->aliases, intern_s(&r->str, f->party, &c->rc));
		if (!c->rc)
			c->rc = share_add(r, (size_t)i, party, v, cur, q, f->page, 0);
	}
	return c->rc != TRAWL_OK;
}

/* A document's year, place and own amount, as trawl ls gives them. */
static int doc_meta(const trawl_doc_info *di, void *u)
{
	collect_ctx *c = u;
	trawl_report *r = c->r;
	int64_t i = rp_doc_find(r, di->id);
	rp_doc *d;

	if (i < 0)
		return 0;
	d = &r->docs[i];
	d->counted_as = -1;
	d->ocds = 0;
	{
		const char *k = di->kind ? di->kind : "";
		d->stage = !strcmp(k, "contract") ? 3 : !strcmp(k, "award") ? 2 :
		           !strcmp(k, "tender") ? 1 : 0;
	}
	if (di->format && !strcmp(di->format, "ocds"))
		d->ocds = 1 + d->stage;
	{
		const char *k = di->kind ? di->kind : "";
		d->expects = d->stage >= 2 || !strcmp(k, "budget") || !strcmp(k, "final_accounts");
		d->invoice = !strcmp(k, "invoice");
		d->ofd = d->invoice && di->format && !strcmp(di->format, "ofd");
	}
	d->year = di->year > 0 ? di->year : 0;
	d->place = -1;
	if (di->place_code) {
		char *end;
		unsigned long code = strtoul(di->place_code, &end, 10);
		if (end != di->place_code && !*end && code <= UINT32_MAX)
			d->place = trawl__place_index((uint32_t)code);
	}
	if (d->place < 0 && di->place)
		d->place_name = intern_s(&r->str, di->place, &c->rc);
	if (di->amount && di->currency && is_decimal(di->amount)) {
		char quote[QUOTE_MAX + 4];
		copy_quote(quote, di->amount_text ? di->amount_text : "(set by trawl set)");
		d->amount = intern_s(&r->str, di->amount, &c->rc);
		d->currency = intern_s(&r->str, di->currency, &c->rc);
		d->quote = intern_s(&r->str, quote, &c->rc);
		d->page = di->amount_page;
		d->paged = di->pages > 0 && di->amount_page > 0;
		d->sum = di->amount_sum;
	} else if (!di->amount && di->amount_source && !strcmp(di->amount_source, "unstated") &&
	           di->amount_text) {
		/* named, never added (no currency: never taken for CNY) */
		char quote[QUOTE_MAX + 4];
		copy_quote(quote, di->amount_text);
		d->quote = intern_s(&r->str, quote, &c->rc);
		d->page = di->amount_page;
		d->paged = di->pages > 0 && di->amount_page > 0;
		d->unstated = 1;
		r->unstated++;
	}
	return c->rc != TRAWL_OK;
}

static int by_party(const void *a, const void *b)
{
	const rp_party *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->role != y->role)
		return x->role < y->role ? -1 : 1;
	if (x->name != y->name)
		return x->name < y->name ? -1 : 1;
	return x->raw < y->raw ? -1 : x->raw > y->raw;
}

static int party_fact(const trawl_fact_info *f, void *u)
{
	pass_ctx *c = u;
	trawl_report *r = c->r;
	const char *name = f->value && *f->value ? f->value : f->text;
	int64_t i;
	uint32_t role, raw, canon;
	rp_doc *d;

	if (!f->kind || strcmp(f->kind, "party") || !f->role || !name)
		return 0;
	if ((i = pass_switch(c, f)) < 0)
		return 0;
	role = intern_s(&r->str, f->role, &c->rc);
	raw = intern_s(&r->str, name, &c->rc);
	if (c->rc || !role || !raw)
		return c->rc != TRAWL_OK;
	canon = rp_alias_of(&r->aliases, raw);
	d = &r->docs[i];
	if (!strcmp(f->role, "issuer") && !d->issuer)
		d->issuer = canon;
	else if (!strcmp(f->role, "buyer") && !d->buyer)
		d->buyer = canon;
	else if (!strcmp(f->role, "vendor") && !d->vendor)
		d->vendor = canon;
	if (r->nparties == r->capparties) {
		size_t cap = r->capparties ? r->capparties * 2 : 1024;
		rp_party *p = trawl__reallocn(r->parties, cap, sizeof *p);
		if (!p) {
			c->rc = TRAWL_ENOMEM;
			return 1;
		}
		r->parties = p;
		r->capparties = cap;
	}
	r->parties[r->nparties++] = (rp_party){ (uint32_t)i, role, canon, raw };
	return 0;
}

trawl_err rp_read_facts(trawl_store *s, trawl_report *r, const char *kind,
                       int (*cb)(const trawl_fact_info *, void *), void *u, int per_doc,
                       trawl_diag *d)
{
	trawl_facts_opts o;
	trawl_err rc = TRAWL_OK;
	memset(&o, 0, sizeof o);
	o.kind = kind;
	if (!per_doc) {
		rc = trawl_facts(s, &o, cb, u, d);
	} else {
		for (size_t i = 0; i < r->ndocs && !rc; i++) {
			o.doc = r->docs[i].id;
			rc = trawl_facts(s, &o, cb, u, d);
		}
	}
	return rc;
}

static trawl_err read_facts(trawl_store *s, trawl_report *r, const char *kind,
                            int (*cb)(const trawl_fact_info *, void *), int per_doc,
                            trawl_diag *d)
{
	pass_ctx c;
	trawl_err rc;

	memset(&c, 0, sizeof c);
	c.r = r;
	c.cur = -1;
	rc = rp_read_facts(s, r, kind, cb, &c, per_doc, d);
	return rc ? rc : c.rc;
}

/* ---- topics ---- */

typedef struct topic_ctx {
	trawl_report *r;
	uint32_t topic;
	trawl_err rc;
} topic_ctx;

static int topic_hit(const trawl_hit *h, void *u)
{
	topic_ctx *c = u;
	trawl_report *r = c->r;
	int64_t i = rp_doc_find(r, h->doc);

	if (i < 0)
		return 0;
	if (r->ntopic_docs == r->captopic_docs) {
		size_t cap = r->captopic_docs ? r->captopic_docs * 2 : 256;
		rp_pair *p = trawl__reallocn(r->topic_docs, cap, sizeof *p);
		if (!p) {
			c->rc = TRAWL_ENOMEM;
			return 1;
		}
		r->topic_docs = p;
		r->captopic_docs = cap;
	}
	r->topic_docs[r->ntopic_docs++] = (rp_pair){ (uint32_t)i, c->topic };
	return 0;
}

static int by_pair(const void *a, const void *b)
{
	const rp_pair *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	return x->topic < y->topic ? -1 : x->topic > y->topic;
}

static trawl_err match_topics(trawl_store *s, trawl_report *r, trawl_diag *d)
{
	trawl_search_opts so;
	size_t i, o;

	memset(&so, 0, sizeof so);
	so.limit = 1 << 30;
	so.files = 1;
	for (i = 0; i < r->topics.n; i++) {
		topic_ctx c = { r, (uint32_t)i, TRAWL_OK };
		trawl_diag sd;
		trawl_err rc;
		memset(&sd, 0, sizeof sd);
		rc = trawl_search(s, r->topics.t[i].query, &so, topic_hit, &c, NULL, &sd);
		if (rc || c.rc) {
			trawl__diag_set(d, NULL, "topic %s: %s", rp_str(&r->str, r->topics.t[i].name),
			                sd.msg[0] ? sd.msg : trawl_strerror(rc ? rc : c.rc));
			return rc ? rc : c.rc;
		}
	}
	if (r->ntopic_docs)
		qsort(r->topic_docs, r->ntopic_docs, sizeof *r->topic_docs, by_pair);
	for (i = o = 0; i < r->ntopic_docs; i++)
		if (!o || by_pair(&r->topic_docs[o - 1], &r->topic_docs[i]))
			r->topic_docs[o++] = r->topic_docs[i];
	r->ntopic_docs = o;
	return TRAWL_OK;
}

/* ---- one OCDS process, one amount ---- */

/* A contracting process is published as several releases (tender, award,
 * contract, amendments), each stored as a document with its own amount;
 * adding them would count the same money two or three times. So the
 * releases of one ocid that have an amount count it once: the latest
 * stage's, and of one stage the latest release (its date, then its id). */
typedef struct ocds_rel {
	uint32_t ocid, date;   /* interned */
	int stage;
	size_t doc;
} ocds_rel;

typedef struct fields_ctx {
	trawl_report *r;
	uint32_t ocid, date;
	trawl_err rc;
} fields_ctx;

static int ocds_field(const char *key, const char *value, void *u)
{
	fields_ctx *c = u;

	if (!value || !*value)
		return 0;
	if (!strcmp(key, "ocid"))
		c->ocid = intern_s(&c->r->str, value, &c->rc);
	else if (!strcmp(key, "date"))
		c->date = intern_s(&c->r->str, value, &c->rc);
	return c->rc != TRAWL_OK;
}

static int by_release(const void *pa, const void *pb, void *u)
{
	const ocds_rel *a = pa, *b = pb;
	const trawl_report *r = u;
	int c;

	/* interned: one id per distinct ocid */
	if (a->ocid != b->ocid)
		return a->ocid < b->ocid ? -1 : 1;
	/* the one that counts first */
	if (a->stage != b->stage)
		return a->stage > b->stage ? -1 : 1;
	if ((c = strcmp(rp_str(&r->str, b->date), rp_str(&r->str, a->date))))
		return c;
	return strcmp(r->docs[b->doc].id, r->docs[a->doc].id);
}

static trawl_err ocds_once(trawl_store *s, trawl_report *r, trawl_diag *d)
{
	ocds_rel *rel = NULL;
	size_t n = 0, i, j;
	trawl_err rc = TRAWL_OK;

	for (i = 0; i < r->ndocs; i++)
		n += r->docs[i].ocds && r->docs[i].amount;
	if (n < 2)
		return TRAWL_OK;
	if (!(rel = trawl__mallocn(n, sizeof *rel)))
		return TRAWL_ENOMEM;
	for (i = n = 0; i < r->ndocs; i++) {
		fields_ctx c = { r, 0, 0, TRAWL_OK };
		if (!r->docs[i].ocds || !r->docs[i].amount)
			continue;
		if ((rc = trawl_doc_fields(s, r->docs[i].id, ocds_field, &c, d)) ||
		    (rc = c.rc))
			goto out;
		if (!c.ocid)
			continue;   /* no process to count once */
		rel[n].ocid = c.ocid;
		rel[n].date = c.date;
		rel[n].stage = r->docs[i].ocds - 1;
		rel[n].doc = i;
		n++;
	}
	qsort_r(rel, n, sizeof *rel, by_release, r);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && rel[j].ocid == rel[i].ocid; j++) {
			rp_doc *x = &r->docs[rel[j].doc];
			x->counted_as = (int64_t)rel[i].doc;
			x->amount = 0;
			x->currency = 0;
			r->not_summed++;
		}
	}
out:
	free(rel);
	return rc;
}

/* ---- one procurement, one amount ---- */

/* The same procurement is often stated by several documents: its tender
 * and award notices, its OCDS releases, a contract notice, a correction
 * that repeats the award. They name it by one code (项目编号 in a notice,
 * the local part of the ocid in OCDS). Among the tenders, awards and
 * contracts of one code that have an amount: when one is an award or a
 * contract, the tenders' amounts (a budget, not what was spent) are not
 * added; and of the awards and contracts (or, with none, the tenders), an
 * amount equal to one already added (same figure, same currency) is not
 * added again. Different amounts under one code (the lots of one
 * procurement) are all added. Each document still counts as one. */
typedef struct proc_doc {
	uint32_t code;   /* interned key */
	size_t doc;
} proc_doc;

typedef struct code_ctx {
	trawl_report *r;
	int ocds;
	uint32_t code;
	trawl_err rc;
	int invoice;        /* an invoice: its code, number and date are its code */
} code_ctx;

static int code_field(const char *key, const char *value, void *u)
{
	code_ctx *c = u;
	char k[64];

	if (!value || !*value || c->code)
		return c->rc != TRAWL_OK;
	if (c->invoice) {
		/* (发票 before it: no procurement's code is the same) */
		if (!strcmp(key, "invoice_key") && snprintf(k, sizeof k, "发票%s", value) > 0)
			c->code = intern_s(&c->r->str, k, &c->rc);
		return c->rc != TRAWL_OK;
	}
	if (c->ocds ? !strcmp(key, "ocid") && trawl__ocid_code(value, k, sizeof k)
	            : !strcmp(key, "procurement_code") && snprintf(k, sizeof k, "%s", value) > 0)
		c->code = intern_s(&c->r->str, k, &c->rc);
	return c->rc != TRAWL_OK;
}

static int by_procurement(const void *pa, const void *pb, void *u)
{
	const proc_doc *a = pa, *b = pb;
	const trawl_report *r = u;
	const rp_doc *x = &r->docs[a->doc], *y = &r->docs[b->doc];

	if (a->code != b->code)
		return a->code < b->code ? -1 : 1;
	/* the one that counts first: the latest stage, then an OCDS release
	 * (it states its stage), then the order of the documents */
	if (x->stage != y->stage)
		return x->stage > y->stage ? -1 : 1;
	if ((x->ocds != 0) != (y->ocds != 0))
		return x->ocds ? -1 : 1;
	/* (an invoice's OFD states its fields itself: its buyer, its seller) */
	if (x->ofd != y->ofd)
		return x->ofd ? -1 : 1;
	return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static void not_added(trawl_report *r, size_t doc, size_t as)
{
	rp_doc *x = &r->docs[doc];

	x->counted_as = (int64_t)as;
	x->amount = 0;
	x->currency = 0;
	if (x->invoice)
		r->same_invoice++;
	else
		r->same_procurement++;
}

static trawl_err procurement_once(trawl_store *s, trawl_report *r, trawl_diag *d)
{
	proc_doc *p = NULL;
	size_t n = 0, i, j, k, m;
	trawl_err rc = TRAWL_OK;

	for (i = 0; i < r->ndocs; i++)
		n += (r->docs[i].stage || r->docs[i].invoice) && r->docs[i].amount;
	if (n < 2)
		return TRAWL_OK;
	if (!(p = trawl__mallocn(n, sizeof *p)))
		return TRAWL_ENOMEM;
	for (i = n = 0; i < r->ndocs; i++) {
		code_ctx c = { r, r->docs[i].ocds, 0, TRAWL_OK, r->docs[i].invoice };
		if ((!r->docs[i].stage && !r->docs[i].invoice) || !r->docs[i].amount)
			continue;
		if ((rc = trawl_doc_fields(s, r->docs[i].id, code_field, &c, d)) || (rc = c.rc))
			goto out;
		r->docs[i].code = c.code;
		if (!c.code)
			continue;
		p[n].code = c.code;
		p[n].doc = i;
		n++;
	}
	r->codes_read = 1;
	qsort_r(p, n, sizeof *p, by_procurement, r);
	for (i = 0; i < n; i = j) {
		int top;

		for (j = i + 1; j < n && p[j].code == p[i].code; j++)
			;
		if (j - i < 2)
			continue;
		top = r->docs[p[i].doc].stage;
		for (k = i + 1; k < j; k++) {
			rp_doc *x = &r->docs[p[k].doc];
			if (top >= 2 && x->stage < 2) {
				not_added(r, p[k].doc, p[i].doc);
				continue;
			}
			for (m = i; m < k; m++) {
				const rp_doc *y = &r->docs[p[m].doc];
				if (y->amount && y->currency == x->currency && y->amount == x->amount)
					break;   /* interned: the same decimal */
			}
			if (m < k)
				not_added(r, p[k].doc, p[m].doc);
		}
	}
out:
	free(p);
	return rc;
}

/* Documents that state an amount (an award, contract, budget, final
 * accounts) of which none was read (中标金额：详见附件, 成交金额：下浮率8.5%,
 * a total trawl did not find) and that are not unstated: each is named,
 * since the report adds nothing for it (a vendor of 0 is not one paid
 * nothing). An award or contract of no amount is not named when another
 * award or contract of its procurement (项目编号, ocid) adds one. */
static trawl_err no_amount_once(trawl_store *s, trawl_report *r, trawl_diag *d)
{
	size_t i, k, n = 0;
	trawl_err rc = TRAWL_OK;

	for (i = 0; i < r->ndocs; i++) {
		const rp_doc *x = &r->docs[i];
		n += x->expects && !x->amount && !x->unstated && x->counted_as < 0;
	}
	if (!n)
		return TRAWL_OK;
	for (i = 0; i < r->ndocs; i++) {
		rp_doc *x = &r->docs[i];
		code_ctx c = { r, x->ocds, 0, TRAWL_OK, 0 };
		if (!x->expects || x->amount || x->unstated || x->counted_as >= 0)
			continue;
		if (x->stage) {
			if ((rc = trawl_doc_fields(s, x->id, code_field, &c, d)) || (rc = c.rc))
				return rc;
			if (c.code && !r->codes_read) {
				/* the codes of the documents of an amount (procurement_once
				 * reads them only where two may be one procurement) */
				for (k = 0; k < r->ndocs; k++) {
					code_ctx ck = { r, r->docs[k].ocds, 0, TRAWL_OK, 0 };
					if (!r->docs[k].stage || !r->docs[k].amount)
						continue;
					if ((rc = trawl_doc_fields(s, r->docs[k].id, code_field, &ck, d)) ||
					    (rc = ck.rc))
						return rc;
					r->docs[k].code = ck.code;
				}
				r->codes_read = 1;
			}
			if (c.code) {
				/* (a code is kept only for a document that had an amount;
				 * a tender's budget is no award's amount: the award of no
				 * amount is still named) */
				for (k = 0; k < r->ndocs && (k == i || r->docs[k].code != c.code ||
				                             r->docs[k].stage < 2); k++)
					;
				if (k < r->ndocs)
					continue;
			}
		}
		x->no_amount = 1;
		r->no_amount++;
	}
	return TRAWL_OK;
}

/* ---- a list's rows, once ---- */

/* A list of contracts (or an award of several lots) is one document whose
 * own amount is the sum of its rows, each row naming its vendor. Its rows
 * are often also published one by one: the award notice, the OCDS
 * contract. Adding the list whole would count those contracts twice. So a
 * row whose amount (same figure, same currency) and vendor are those of
 * another award or contract of the report, of the same year where both
 * are known, is not added again: the list adds its other rows. Within a
 * list, each other document answers for one row (two equal contracts of
 * one vendor stay two). A row of a list that an earlier list of the report
 * has too (the same name, vendor, amount and year) is not added again. */
typedef struct list_row {
	uint32_t value, currency, party, text, label;
	int page;
	int year;       /* kept rows of earlier lists: their list's year */
	int used;       /* ... already answering for a row of this list */
	size_t doc;     /* ... their list */
} list_row;

typedef struct list_ctx {
	trawl_report *r;
	list_row *rows;
	size_t n, cap;
	trawl_err rc;
} list_ctx;

static int list_item(const trawl_fact_info *f, void *u)
{
	list_ctx *c = u;
	trawl_report *r = c->r;

	if (!f->kind || strcmp(f->kind, "item") || !f->party || !*f->party || !f->currency ||
	    !f->value || !is_decimal(f->value) || f->negative || f->value_hi || f->uncertain ||
	    (f->role && !strcmp(f->role, "price")))
		return 0;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		list_row *p = trawl__reallocn(c->rows, cap, sizeof *p);
		if (!p) {
			c->rc = TRAWL_ENOMEM;
			return 1;
		}
		c->rows = p;
		c->cap = cap;
	}
	{
		char quote[QUOTE_MAX + 4];
		copy_quote(quote, f->text);
		c->rows[c->n].value = intern_s(&r->str, f->value, &c->rc);
		c->rows[c->n].currency = intern_s(&r->str, f->currency, &c->rc);
		c->rows[c->n].party = rp_alias_of(&r->aliases, intern_s(&r->str, f->party, &c->rc));
		c->rows[c->n].text = intern_s(&r->str, quote, &c->rc);
		c->rows[c->n].label = f->label && *f->label ? intern_s(&r->str, f->label, &c->rc) : 0;
		c->rows[c->n].page = f->page;
		c->rows[c->n].year = 0;
		c->rows[c->n].used = 0;
	}
	c->n++;
	return c->rc != TRAWL_OK;
}

/* Whether document j, or a document counted through it (another release
 * of its OCDS process, another notice of its procurement: the award names
 * the vendor that the contract release does not), names party (canonical)
 * in any role. */
static int names_party(const trawl_report *r, size_t j, uint32_t party)
{
	for (size_t k = 0; k < r->nparties; k++) {
		int64_t x = r->parties[k].doc;
		if (r->parties[k].name != party)
			continue;
		/* counted_as chains are short: a release counted through its
		 * contract release, counted through the procurement's award */
		for (int step = 0; step < 4 && x != (int64_t)j && r->docs[x].counted_as >= 0; step++)
			x = r->docs[x].counted_as;
		if (x == (int64_t)j)
			return 1;
	}
	return 0;
}

static trawl_err list_rows_once(trawl_store *s, trawl_report *r, trawl_diag *d)
{
	list_ctx c;
	uint8_t *is_list = NULL, *taken = NULL;
	list_row *seen = NULL;   /* the rows earlier lists added */
	size_t nseen = 0, capseen = 0;
	size_t i, k, j, nstated = 0;
	trawl_err rc = TRAWL_OK;
	trawl_facts_opts o;

	/* (one list alone has no rows to leave out, but its rows are its
	 * vendors' parts) */
	for (i = 0; i < r->ndocs; i++)
		nstated += r->docs[i].stage >= 2 && r->docs[i].amount;
	if (!nstated)
		return TRAWL_OK;
	memset(&c, 0, sizeof c);
	c.r = r;
	if (!(is_list = calloc(r->ndocs, 1)) || !(taken = calloc(r->ndocs, 1))) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	memset(&o, 0, sizeof o);
	o.kind = "item";
	/* the lists: an award or contract whose own amount its rows add up to */
	for (i = 0; i < r->ndocs; i++) {
		rp_doc *x = &r->docs[i];
		char sum[RP_DEC_MAX] = "0";
		if (x->stage < 2 || !x->amount || x->ocds)
			continue;
		c.n = 0;
		o.doc = x->id;
		if ((rc = trawl_facts(s, &o, list_item, &c, d)) || (rc = c.rc))
			goto out;
		if (c.n < 2)
			continue;
		for (k = 0; k < c.n; k++)
			if (c.rows[k].currency != x->currency || rp_dec_add(sum, rp_str(&r->str, c.rows[k].value)))
				break;
		if (k == c.n && !trawl__dec_cmp(sum, rp_str(&r->str, x->amount)))
			is_list[i] = 1;
	}
	for (i = 0; i < r->ndocs; i++) {
		rp_doc *x = &r->docs[i];
		char kept[RP_DEC_MAX] = "0";
		size_t dropped = 0, first = (size_t)-1;
		int64_t as = -1;
		if (!is_list[i])
			continue;
		/* within one list, one document answers for one row; two lists
		 * repeating the same contract both leave it out */
		memset(taken, 0, r->ndocs);
		c.n = 0;
		o.doc = x->id;
		if ((rc = trawl_facts(s, &o, list_item, &c, d)) || (rc = c.rc))
			goto out;
		for (k = 0; k < c.n; k++) {
			const list_row *w = &c.rows[k];
			for (j = 0; j < r->ndocs; j++) {
				const rp_doc *y = &r->docs[j];
				if (j == i || is_list[j] || taken[j] || y->stage < 2 || !y->amount ||
				    y->currency != w->currency ||
				    (x->year && y->year && x->year != y->year) ||
				    trawl__dec_cmp(rp_str(&r->str, y->amount), rp_str(&r->str, w->value)) ||
				    !names_party(r, j, w->party))
					continue;
				break;
			}
			if (j < r->ndocs) {
				taken[j] = 1;
				dropped++;
				if (as < 0)
					as = (int64_t)j;
				continue;
			}
			/* a row an earlier list added: the same contract only when
			 * its name is the same too (a list repeats another's row) */
			for (j = 0; j < nseen; j++) {
				const list_row *e = &seen[j];
				if (!e->used && e->label == w->label && e->party == w->party &&
				    e->currency == w->currency && !(x->year && e->year && x->year != e->year) &&
				    !trawl__dec_cmp(rp_str(&r->str, e->value), rp_str(&r->str, w->value)))
					break;
			}
			if (w->label && j < nseen) {
				seen[j].used = 1;
				dropped++;
				if (as < 0)
					as = (int64_t)seen[j].doc;
				continue;
			}
			rp_dec_add(kept, rp_str(&r->str, w->value));   /* no longer than the sum */
			if (first == (size_t)-1)
				first = k;
			if ((rc = share_add(r, i, w->party, w->value, w->currency, w->text, w->page, 1)))
				goto out;
		}
		for (j = 0; j < nseen; j++)
			seen[j].used = 0;
		for (k = 0; k < c.n; k++) {
			/* this list's rows are seen by the lists after it (the dropped
			 * ones too: they are the same contracts) */
			if (nseen == capseen) {
				size_t cap = capseen ? capseen * 2 : 64;
				list_row *p = trawl__reallocn(seen, cap, sizeof *p);
				if (!p) {
					rc = TRAWL_ENOMEM;
					goto out;
				}
				seen = p;
				capseen = cap;
			}
			seen[nseen] = c.rows[k];
			seen[nseen].year = x->year;
			seen[nseen].doc = i;
			seen[nseen].used = 0;
			nseen++;
		}
		if (!dropped)
			continue;
		r->list_rows += dropped;
		if (first == (size_t)-1) {
			/* every row is stated by another document */
			x->counted_as = as;
			x->amount = 0;
			x->currency = 0;
			continue;
		}
		/* the list now adds its other rows; its source is the first of them */
		x->amount = intern_s(&r->str, kept, &rc);
		x->quote = c.rows[first].text;
		x->page = c.rows[first].page;
		if (rc)
			goto out;
	}
out:
	free(c.rows);
	free(is_list);
	free(taken);
	free(seen);
	return rc;
}

static int by_share(const void *a, const void *b)
{
	const rp_share *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->list != y->list)
		return x->list > y->list ? -1 : 1;   /* a list's rows first */
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Each document's parts by vendor, kept only when they add up to its
 * amount (what it counts with, after the lists and procurements counted
 * once): a list's rows when it is one, else its lots; the parts of one
 * vendor joined. */
static trawl_err shares_settle(trawl_report *r)
{
	size_t i = 0, j, k, out = 0;
	trawl_err rc = TRAWL_OK;

	if (r->nshares)
		qsort(r->shares, r->nshares, sizeof *r->shares, by_share);
	while (i < r->nshares) {
		size_t di = r->shares[i].doc, end = i, n;
		rp_doc *d = &r->docs[di];
		char sum[RP_DEC_MAX] = "0";
		int ok = d->amount != 0;
		while (end < r->nshares && r->shares[end].doc == di &&
		       r->shares[end].list == r->shares[i].list)
			end++;
		for (j = i; j < end && ok; j++)
			ok = r->shares[j].currency == d->currency &&
			     !rp_dec_add(sum, rp_str(&r->str, r->shares[j].amount));
		ok = ok && !trawl__dec_cmp(sum, rp_str(&r->str, d->amount));
		d->share0 = (uint32_t)out;
		d->nshares = 0;
		for (j = i; j < end && ok; j++) {
			rp_share x = r->shares[j];
			for (k = d->share0; k < out && r->shares[k].vendor != x.vendor; k++)
				;
			if (k < out) {
				/* another part of the same vendor's (too large to add:
				 * the document stays whole) */
				char a[RP_DEC_MAX];
				snprintf(a, sizeof a, "%s", rp_str(&r->str, r->shares[k].amount));
				if (rp_dec_add(a, rp_str(&r->str, x.amount))) {
					ok = 0;
					out = d->share0;
					break;
				}
				r->shares[k].amount = intern_s(&r->str, a, &rc);
				r->shares[k].sum = 1;
				if (rc)
					return rc;
				continue;
			}
			r->shares[out++] = x;
		}
		n = out - d->share0;
		d->nshares = (uint32_t)n;
		if (n > r->max_shares)
			r->max_shares = (uint32_t)n;
		/* (a list's rows and its figures: the rows answer) */
		while (end < r->nshares && r->shares[end].doc == di)
			end++;
		i = end;
	}
	r->nshares = out;
	return rc;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A document that names several vendors and whose amount adds several
 * figures that could not be told apart is theirs together: its vendor,
 * for the report by vendor, is their names joined ("甲 + 乙"), never the
 * first alone. (A document split into parts counts each with its own
 * vendor: the joined names only show it. One whose amount is one stated
 * figure keeps its first vendor: the awardee named before a table of the
 * tenderers, a consortium's lead.) */
static trawl_err joint_vendors(trawl_report *r)
{
	uint32_t vendor = rp_find(&r->str, "vendor", 6);
	const char *names[16];
	trawl__buf b;
	trawl_err rc = TRAWL_OK;
	size_t i = 0, k, n;

	if (!vendor)
		return TRAWL_OK;
	trawl__buf_init(&b, 1 << 16);
	while (i < r->nparties && !rc) {
		size_t di = r->parties[i].doc;
		uint32_t last = 0;
		int more = 0;
		n = 0;
		for (; i < r->nparties && r->parties[i].doc == di; i++) {
			if (r->parties[i].role != vendor || r->parties[i].name == last)
				continue;
			last = r->parties[i].name;
			if (n < sizeof names / sizeof *names)
				names[n++] = rp_str(&r->str, last);
			else
				more++;
		}
		/* (one stated amount: the first named, the awardee named before a
		 * table of tenderers, a consortium's lead; split into parts, it is
		 * shown so too) */
		if (n < 2 || (!r->docs[di].sum && !r->docs[di].nshares))
			continue;
		qsort(names, n, sizeof *names, by_str);
		trawl__buf_reset(&b);
		/* (the arena may move while a name is interned: join first) */
		for (k = 0; k < n; k++) {
			if (k)
				trawl__buf_add_rc(&rc, &b, " + ", 3);
			trawl__buf_add_rc(&rc, &b, names[k], strlen(names[k]));
		}
		if (more) {
			char m[32];
			int ml = snprintf(m, sizeof m, " + %d more", more);
			trawl__buf_add_rc(&rc, &b, m, (size_t)ml);
		}
		if (!rc)
			r->docs[di].vendor = rp_intern(&r->str, b.data, b.len, &rc);
	}
	trawl__buf_release(&b);
	return rc;
}

/* A procurement counted once through a document that names no vendor (an
 * OCDS contract release, a list) takes the vendor the documents counted
 * through it name (its award notice), when they name one, each of them
 * one (not a list of several contracts, nor a consortium). */
static trawl_err vendor_of_procurement(trawl_report *r)
{
	uint32_t *got, vendor = rp_find(&r->str, "vendor", 6);
	uint8_t *nv;
	size_t i;

	if (!r->ndocs || !vendor)
		return TRAWL_OK;
	got = calloc(r->ndocs, sizeof *got);
	nv = calloc(r->ndocs, 1);
	if (!got || !nv) {
		free(got);
		free(nv);
		return TRAWL_ENOMEM;
	}
	/* how many vendors each names (a list, a consortium: not one) */
	for (i = 0; i < r->nparties; i++)
		if (r->parties[i].role == vendor && nv[r->parties[i].doc] < 2 &&
		    !(i && r->parties[i - 1].doc == r->parties[i].doc &&
		      r->parties[i - 1].role == vendor && r->parties[i - 1].name == r->parties[i].name))
			nv[r->parties[i].doc]++;
	for (i = 0; i < r->ndocs; i++) {
		int64_t x = r->docs[i].counted_as;
		for (int step = 0; step < 4 && x >= 0 && r->docs[x].counted_as >= 0; step++)
			x = r->docs[x].counted_as;
		if (x < 0 || r->docs[x].counted_as >= 0 || !r->docs[i].vendor || nv[i] != 1)
			continue;
		if (!got[x])
			got[x] = r->docs[i].vendor;
		else if (got[x] != r->docs[i].vendor)
			got[x] = UINT32_MAX;   /* two: neither */
	}
	for (i = 0; i < r->ndocs; i++)
		if (got[i] && got[i] != UINT32_MAX && !r->docs[i].vendor && !r->docs[i].nshares) {
			r->docs[i].vendor = got[i];
			r->docs[i].vendor_via = 1;
		}
	free(got);
	free(nv);
	return TRAWL_OK;
}

uint64_t trawl_report_not_summed(const trawl_report *r)
{
	return r->not_summed;
}

uint64_t trawl_report_same_procurement(const trawl_report *r)
{
	return r->same_procurement;
}

uint64_t trawl_report_same_invoice(const trawl_report *r)
{
	return r->same_invoice;
}

uint64_t trawl_report_list_rows(const trawl_report *r)
{
	return r->list_rows;
}

uint64_t trawl_report_uncertain(const trawl_report *r)
{
	return r->uncertain;
}

uint64_t trawl_report_unstated(const trawl_report *r)
{
	return r->unstated;
}

/* The i-th document (from 0) marked unstated, else no_amount: its id and
 * path, and an unstated one's figure. */
static int nth_named(const trawl_report *r, uint64_t i, int unstated, trawl_report_source *out)
{
	memset(out, 0, sizeof *out);
	for (size_t k = 0; k < r->ndocs; k++) {
		const rp_doc *d = &r->docs[k];
		if (!(unstated ? d->unstated : d->no_amount) || i--)
			continue;
		out->doc = d->id;
		out->path = rp_str(&r->str, d->path);
		if (unstated) {
			out->quote = rp_str(&r->str, d->quote);
			out->page = d->page;
			out->paged = d->paged;
		}
		return 1;
	}
	return 0;
}

int trawl_report_unstated_source(const trawl_report *r, uint64_t i, trawl_report_source *out)
{
	return nth_named(r, i, 1, out);
}

uint64_t trawl_report_no_amount(const trawl_report *r)
{
	return r->no_amount;
}

int trawl_report_no_amount_source(const trawl_report *r, uint64_t i, trawl_report_source *out)
{
	return nth_named(r, i, 0, out);
}

/* ---- open ---- */

void trawl_report_free(trawl_report *r)
{
	if (!r)
		return;
	rp_topics_release(&r->topics);
	rp_aliases_release(&r->aliases);
	rp_strtab_release(&r->str);
	free(r->docs);
	free(r->docslots);
	free(r->parties);
	free(r->shares);
	free(r->topic_docs);
	rp_news_release(r);
	free(r);
}

trawl_err trawl_report_open(trawl_store *s, const trawl_report_opts *o,
                            trawl_report **out, trawl_diag *d)
{
	trawl_report *r;
	collect_ctx cc;
	trawl_err rc = TRAWL_OK;
	int per_doc = 0, province = -2;

	*out = NULL;
	r = calloc(1, sizeof *r);
	if (!r)
		return TRAWL_ENOMEM;
	rp_strtab_init(&r->str);
	r->id_cny = intern_s(&r->str, "CNY", &rc);
	if (rc)
		goto out_free;
	if (o && o->aliases_file &&
	    (rc = rp_aliases_load(&r->aliases, &r->str, o->aliases_file, d)))
		goto out_free;
	if (o && o->topics_file) {
		if ((rc = rp_topics_load(&r->topics, &r->str, o->topics_file, d)))
			goto out_free;
		r->has_topics = 1;
	}
	cc.r = r;
	cc.rc = TRAWL_OK;
	if (o && o->query && *o->query) {
		trawl_search_opts so;
		memset(&so, 0, sizeof so);
		so.limit = 1 << 30;
		so.files = 1;
		rc = trawl_search(s, o->query, &so, collect_hit, &cc, NULL, d);
		per_doc = 1;
	} else {
		rc = trawl_ls(s, 0, collect_ls, &cc, d);
	}
	if (rc || (rc = cc.rc))
		goto out_free;
	if (r->ndocs) {
		if ((rc = sort_docs(r)))
			goto out_free;
	}
	per_doc = per_doc && r->ndocs <= PER_DOC_MAX;
	if ((rc = trawl_ls(s, 0, doc_meta, &cc, d)) || (rc = cc.rc) ||
	    (rc = read_facts(s, r, "money", money_fact, per_doc, d)) ||
	    (rc = read_facts(s, r, "party", party_fact, per_doc, d)) ||
	    (rc = ocds_once(s, r, d)) || (rc = procurement_once(s, r, d)) ||
	    (rc = no_amount_once(s, r, d)))
		goto out_free;
	if (r->nparties) {
		size_t i, k;
		qsort(r->parties, r->nparties, sizeof *r->parties, by_party);
		for (i = k = 0; i < r->nparties; i++)
			if (!k || by_party(&r->parties[k - 1], &r->parties[i]))
				r->parties[k++] = r->parties[i];
		r->nparties = k;
	}
	/* after the parties are read, and after one procurement counts once */
	if ((rc = list_rows_once(s, r, d)) || (rc = shares_settle(r)) || (rc = joint_vendors(r)) ||
	    (rc = vendor_of_procurement(r)))
		goto out_free;
	if (r->has_topics && (rc = match_topics(s, r, d)))
		goto out_free;
	if (o && o->whats_new && (rc = rp_news_read(s, r, per_doc, d)))
		goto out_free;
	/* prefectures when every place is in one province */
	for (size_t i = 0; i < r->ndocs; i++) {
		int p;
		if (r->docs[i].place < 0)
			continue;
		p = province_of(r->docs[i].place);
		if (province == -2)
			province = p;
		else if (province != p)
			province = -1;
	}
	r->prefectures = province >= 0;
	*out = r;
	return TRAWL_OK;
out_free:
	trawl_report_free(r);
	return rc;
}

void trawl_report_counts(const trawl_report *r, uint64_t *documents, uint64_t *facts)
{
	if (documents)
		*documents = r->ndocs;
	if (facts)
		*facts = r->nfacts;
}

/* ---- grouping ---- */

const char *trawl_report_by_name(trawl_report_by by)
{
	switch (by) {
	case TRAWL_BY_YEAR: return "year";
	case TRAWL_BY_PLACE: return "place";
	case TRAWL_BY_AGENCY: return "agency";
	case TRAWL_BY_VENDOR: return "vendor";
	case TRAWL_BY_TOPIC: return "topic";
	}
	return NULL;
}

trawl_report_by trawl_report_by_parse(const char *name)
{
	static const trawl_report_by all[] = { TRAWL_BY_YEAR, TRAWL_BY_PLACE, TRAWL_BY_AGENCY,
	                                       TRAWL_BY_VENDOR, TRAWL_BY_TOPIC };
	for (size_t i = 0; name && i < sizeof all / sizeof all[0]; i++)
		if (!strcmp(name, trawl_report_by_name(all[i])))
			return all[i];
	return (trawl_report_by)0;
}

typedef struct gtab {
	const trawl_report *r;
	rp_group *g;
	size_t n, cap;
	uint32_t *slots;
	size_t nslots;
} gtab;

static uint32_t group_hash(const uint32_t key[3], uint32_t cur)
{
	uint32_t v[4] = { key[0], key[1], key[2], cur };
	return hash_bytes((const char *)v, sizeof v);
}

static rp_group *group_get(gtab *t, const uint32_t key[3], const int ord[3], uint32_t cur)
{
	size_t j;
	rp_group *g;

	if ((t->n + 1) * 2 > t->nslots) {
		size_t n = t->nslots ? t->nslots * 2 : 256;
		uint32_t *s = calloc(n, sizeof *s);
		if (!s)
			return NULL;
		for (size_t i = 0; i < t->n; i++) {
			j = group_hash(t->g[i].key, t->g[i].currency) & (n - 1);
			while (s[j])
				j = (j + 1) & (n - 1);
			s[j] = (uint32_t)i + 1;
		}
		free(t->slots);
		t->slots = s;
		t->nslots = n;
	}
	j = group_hash(key, cur) & (t->nslots - 1);
	for (; t->slots[j]; j = (j + 1) & (t->nslots - 1)) {
		g = &t->g[t->slots[j] - 1];
		if (g->key[0] == key[0] && g->key[1] == key[1] && g->key[2] == key[2] &&
		    g->currency == cur && g->ord[0] == ord[0] && g->ord[1] == ord[1] &&
		    g->ord[2] == ord[2])
			return g;
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		rp_group *p = trawl__reallocn(t->g, cap, sizeof *p);
		if (!p)
			return NULL;
		t->g = p;
		t->cap = cap;
	}
	g = &t->g[t->n];
	memset(g, 0, sizeof *g);
	memcpy(g->key, key, sizeof g->key);
	memcpy(g->ord, ord, sizeof g->ord);
	g->currency = cur;
	g->r = t->r;
	g->amount[0] = '0';
	g->top = -1;
	g->top_share = -1;
	t->slots[j] = (uint32_t)++t->n;
	return g;
}

static int cmp_currency(const rp_group *a, const rp_group *b)
{
	if (a->currency == b->currency)
		return 0;
	if (a->currency == a->r->id_cny)
		return -1;
	if (b->currency == a->r->id_cny)
		return 1;
	return strcmp(rp_str(&a->r->str, a->currency), rp_str(&a->r->str, b->currency));
}

static int cmp_name(const trawl_report *r, uint32_t a, uint32_t b)
{
	if (a == b)
		return 0;
	if (!a || !b)
		return a ? -1 : 1; /* unknown last */
	return strcmp(rp_str(&r->str, a), rp_str(&r->str, b));
}

static int cmp_amounts(const rp_group *a, const rp_group *b)
{
	int c = cmp_currency(a, b);

	if (c)
		return c;
	if ((c = trawl__dec_cmp(b->amount, a->amount)))
		return c;
	if (a->documents != b->documents)
		return a->documents > b->documents ? -1 : 1;
	return 0;
}

static int by_group(const void *pa, const void *pb)
{
	const rp_group *a = pa, *b = pb;
	int c;

	if (a->by_amount) {
		if ((!a->key[0]) != (!b->key[0]))
			return a->key[0] ? -1 : 1;
		if ((c = cmp_amounts(a, b)))
			return c;
		return cmp_name(a->r, a->key[0], b->key[0]);
	}
	for (int i = 0; i < 3; i++) {
		if (a->ord[i] != b->ord[i])
			return a->ord[i] < b->ord[i] ? -1 : 1;
		if ((c = cmp_name(a->r, a->key[i], b->key[i])))
			return c;
	}
	return cmp_currency(a, b);
}

/* What document di counts with: its part si (-1: its whole amount);
 * NULL for none. */
static const char *counted(const trawl_report *r, int64_t di, int64_t si)
{
	uint32_t a = si >= 0 ? r->shares[si].amount : r->docs[di].amount;
	return a ? rp_str(&r->str, a) : NULL;
}

/* Adds document di to g: its amount, or with si >= 0 its part si; with
 * si = -2 only the document (one it names, whose parts are others'). */
static void group_add(trawl_report *r, rp_group *g, size_t di, int64_t si, int *overflow)
{
	rp_doc *d = &r->docs[di];
	const char *a;

	g->documents++;
	g->facts += d->nfacts;
	if (si == -2 || !(a = counted(r, (int64_t)di, si)))
		return;
	if (rp_dec_add(g->amount, a))
		*overflow = 1;
	if (g->top < 0 || trawl__dec_cmp(a, counted(r, g->top, g->top_share)) > 0) {
		g->top = (int64_t)di;
		g->top_share = si;
	}
}

#define ORD_LAST 0x7fffffff

/* The keys of document di in one dimension: *n of them (topics may give
 * several; every other dimension one, 0 when not known). */
static trawl_err doc_keys(trawl_report *r, size_t di, trawl_report_by by, size_t *tpos,
                          uint32_t *keys, int *ords, int64_t *parts, size_t max, size_t *n)
{
	rp_doc *d = &r->docs[di];
	trawl_err rc = TRAWL_OK;
	char y[16];

	*n = 1;
	ords[0] = 0;
	keys[0] = 0;
	parts[0] = -1;
	switch (by) {
	case TRAWL_BY_YEAR:
		if (d->year > 0) {
			snprintf(y, sizeof y, "%d", d->year);
			keys[0] = intern_s(&r->str, y, &rc);
			ords[0] = d->year;
		} else {
			ords[0] = ORD_LAST;
		}
		break;
	case TRAWL_BY_PLACE:
		keys[0] = rp_place_key(r, d, &rc);
		break;
	case TRAWL_BY_AGENCY:
		keys[0] = d->issuer ? d->issuer : d->buyer;
		break;
	case TRAWL_BY_VENDOR:
		/* a document of several vendors' lots: each its own part */
		if (d->nshares && d->nshares <= max) {
			for (uint32_t k = 0; k < d->nshares; k++) {
				keys[k] = r->shares[d->share0 + k].vendor;
				ords[k] = 0;
				parts[k] = d->share0 + k;
			}
			*n = d->nshares;
		} else {
			keys[0] = d->vendor;
		}
		break;
	case TRAWL_BY_TOPIC: {
		size_t k = 0, p = *tpos;
		/* topic_docs is sorted by document: walk it alongside */
		while (p < r->ntopic_docs && r->topic_docs[p].doc < di)
			p++;
		for (; p < r->ntopic_docs && r->topic_docs[p].doc == di && k < max; p++, k++) {
			keys[k] = r->topics.t[r->topic_docs[p].topic].name;
			ords[k] = (int)r->topic_docs[p].topic;
			parts[k] = -1;
		}
		*tpos = p;
		if (!k)
			ords[0] = ORD_LAST;
		*n = k ? k : 1;
		break;
	}
	}
	if (!keys[0] && by != TRAWL_BY_YEAR && by != TRAWL_BY_TOPIC)
		ords[0] = 1; /* unknown last */
	return rc;
}

trawl_err rp_groups(trawl_report *r, const trawl_report_by *by, int nby,
                    rp_group **out, size_t *n)
{
	gtab t;
	trawl_err rc = TRAWL_OK;
	size_t tpos[3] = { 0, 0, 0 }, nk[3] = { 1, 1, 1 }, ntop;
	uint32_t *keys[3] = { NULL, NULL, NULL };
	int *ords[3] = { NULL, NULL, NULL };
	int64_t *parts[3] = { NULL, NULL, NULL };
	int overflow = 0, i;

	*out = NULL;
	*n = 0;
	if (nby < 0 || nby > 3)
		return TRAWL_EUSAGE;
	for (i = 0; i < nby; i++) {
		if (!trawl_report_by_name(by[i]))
			return TRAWL_EUSAGE;
		if (by[i] == TRAWL_BY_TOPIC && !r->has_topics)
			return TRAWL_EUSAGE;
	}
	memset(&t, 0, sizeof t);
	t.r = r;
	ntop = r->topics.n ? r->topics.n : 1;
	if (ntop < r->max_shares)
		ntop = r->max_shares;
	for (i = 0; i < 3; i++) {
		keys[i] = calloc(ntop, sizeof *keys[i]);
		ords[i] = calloc(ntop, sizeof *ords[i]);
		parts[i] = calloc(ntop, sizeof *parts[i]);
		if (!keys[i] || !ords[i] || !parts[i]) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		parts[i][0] = -1;   /* (a dimension not asked for) */
	}
	/* the totals have a CNY row even when nothing matched */
	if (nby == 0) {
		uint32_t key[3] = { 0, 0, 0 };
		int o[3] = { 0, 0, 0 };
		if (!group_get(&t, key, o, r->id_cny)) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
	}
	/* a topic that matched nothing is a row too: that is an answer */
	for (size_t k = 0; nby == 1 && by[0] == TRAWL_BY_TOPIC && k < r->topics.n; k++) {
		uint32_t key[3] = { r->topics.t[k].name, 0, 0 };
		int o[3] = { (int)k, 0, 0 };
		if (!group_get(&t, key, o, r->id_cny)) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
	}
	for (size_t di = 0; di < r->ndocs && !rc; di++) {
		rp_doc *d = &r->docs[di];
		uint32_t cur = d->currency ? d->currency : r->id_cny;
		for (i = 0; i < nby && !rc; i++)
			rc = doc_keys(r, di, by[i], &tpos[i], keys[i], ords[i], parts[i], ntop, &nk[i]);
		if (rc)
			break;
		for (size_t a = 0; a < nk[0]; a++)
			for (size_t b = 0; b < nk[1]; b++)
				for (size_t c = 0; c < nk[2]; c++) {
					uint32_t k[3] = { keys[0][a], keys[1][b], keys[2][c] };
					int o[3] = { ords[0][a], ords[1][b], ords[2][c] };
					int64_t part = parts[0][a] >= 0 ? parts[0][a] :
					               parts[1][b] >= 0 ? parts[1][b] : parts[2][c];
					rp_group *g = group_get(&t, k, o, cur);
					if (!g) {
						rc = TRAWL_ENOMEM;
						goto out;
					}
					group_add(r, g, di, part, &overflow);
				}
	}
	if (!rc && overflow)
		rc = TRAWL_ETOOBIG;
	if (rc)
		goto out;
	for (size_t g = 0; g < t.n; g++)
		t.g[g].by_amount = nby == 1 && by[0] != TRAWL_BY_YEAR && by[0] != TRAWL_BY_TOPIC;
	if (t.n)
		qsort(t.g, t.n, sizeof *t.g, by_group);
	*out = t.g;
	*n = t.n;
	t.g = NULL;
out:
	for (i = 0; i < 3; i++) {
		free(keys[i]);
		free(ords[i]);
		free(parts[i]);
	}
	free(t.g);
	free(t.slots);
	return rc;
}

static void fill_row(const trawl_report *r, const rp_group *g, int nby, trawl_report_row *row)
{
	memset(row, 0, sizeof *row);
	for (int i = 0; i < 3; i++)
		row->key[i] = i < nby ? rp_str(&r->str, g->key[i]) : NULL;
	row->currency = rp_str(&r->str, g->currency);
	row->documents = g->documents;
	row->facts = g->facts;
	row->amount = g->amount;
	row->names = g->names ? rp_str(&r->str, g->names) : NULL;
	if (g->top >= 0) {
		const rp_doc *d = &r->docs[g->top];
		row->top.doc = d->id;
		row->top.path = rp_str(&r->str, d->path);
		row->top.quote = rp_str(&r->str, d->quote);
		row->top.value = rp_str(&r->str, d->amount);
		row->top.currency = rp_str(&r->str, d->currency);
		row->top.page = d->page;
		row->top.paged = d->paged;
		row->top.sum = d->sum;
		if (g->top_share >= 0) {
			const rp_share *x = &r->shares[g->top_share];
			row->top.quote = rp_str(&r->str, x->quote);
			row->top.value = rp_str(&r->str, x->amount);
			row->top.page = x->page;
			row->top.sum = x->sum;
		}
	}
}

trawl_err trawl_report_rows(trawl_report *r, const trawl_report_by *by, int nby,
                            int (*cb)(const trawl_report_row *, void *), void *udata)
{
	rp_group *g = NULL, *tot = NULL;
	size_t n = 0, nt = 0, i;
	trawl_report_row row;
	trawl_err rc;

	if (nby < 1)
		return TRAWL_EUSAGE;
	if ((rc = rp_groups(r, by, nby, &g, &n)))
		return rc;
	if ((rc = rp_groups(r, NULL, 0, &tot, &nt)))
		goto out;
	for (i = 0; i < n; i++) {
		fill_row(r, &g[i], nby, &row);
		if (cb(&row, udata))
			goto out;
	}
	for (i = 0; i < nt; i++) {
		fill_row(r, &tot[i], nby, &row);
		for (int k = 0; k < nby; k++)
			row.key[k] = "";
		row.total = 1;
		if (cb(&row, udata))
			goto out;
	}
out:
	free(g);
	free(tot);
	return rc;
}

/* ---- entities ---- */

static int by_name_raw(const void *a, const void *b)
{
	const rp_party *x = a, *y = b;

	if (x->name != y->name)
		return x->name < y->name ? -1 : 1;
	return x->raw < y->raw ? -1 : x->raw > y->raw;
}

static int by_entity(const void *pa, const void *pb)
{
	const rp_group *a = pa, *b = pb;
	int c;

	if (a->documents != b->documents)
		return a->documents > b->documents ? -1 : 1;
	if ((c = cmp_currency(a, b)))
		return c;
	if ((c = trawl__dec_cmp(b->amount, a->amount)))
		return c;
	if ((c = cmp_name(a->r, a->key[0], b->key[0])))
		return c;
	return cmp_name(a->r, a->key[1], b->key[1]);
}

/* Joins the other names seen for each canonical name in g[]. */
static trawl_err merged_names(trawl_report *r, rp_group *g, size_t n)
{
	rp_party *p;
	trawl_err rc = TRAWL_OK;
	trawl__buf b;
	size_t i, k;

	if (!r->nparties)
		return TRAWL_OK;
	p = trawl__mallocn(r->nparties, sizeof *p);
	if (!p)
		return TRAWL_ENOMEM;
	memcpy(p, r->parties, r->nparties * sizeof *p);
	qsort(p, r->nparties, sizeof *p, by_name_raw);
	trawl__buf_init(&b, 1 << 20);
	for (i = 0; i < n && !rc; i++) {
		size_t lo = 0, hi = r->nparties;
		uint32_t last = 0;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (p[mid].name < g[i].key[0])
				lo = mid + 1;
			else
				hi = mid;
		}
		trawl__buf_reset(&b);
		for (k = lo; k < r->nparties && p[k].name == g[i].key[0]; k++) {
			if (p[k].raw == p[k].name || p[k].raw == last)
				continue;
			last = p[k].raw;
			if (b.len)
				trawl__buf_add_rc(&rc, &b, "\u3001", 3);
			/* the arena may move while names are interned: copy first */
			trawl__buf_add_rc(&rc, &b, rp_str(&r->str, p[k].raw),
			                  strlen(rp_str(&r->str, p[k].raw)));
		}
		if (b.len && !rc)
			g[i].names = rp_intern(&r->str, b.data, b.len, &rc);
	}
	trawl__buf_release(&b);
	free(p);
	return rc;
}

trawl_err trawl_report_entities(trawl_report *r, const char *role,
                                int (*cb)(const trawl_report_row *, void *), void *udata)
{
	gtab t;
	trawl_err rc = TRAWL_OK;
	uint32_t want = 0, vendor_role = rp_find(&r->str, "vendor", 6);
	int overflow = 0;
	trawl_report_row row;

	memset(&t, 0, sizeof t);
	t.r = r;
	if (role && *role) {
		want = rp_find(&r->str, role, strlen(role));
		if (!want)
			return TRAWL_OK; /* no party has that role */
	}
	for (size_t i = 0; i < r->nparties; i++) {
		const rp_party *p = &r->parties[i];
		rp_doc *d = &r->docs[p->doc];
		uint32_t k[3] = { p->name, p->role, 0 };
		int o[3] = { 0, 0, 0 };
		rp_group *g;
		/* one count per document, role and name: skip aliases of one name */
		if ((want && p->role != want) ||
		    (i && r->parties[i - 1].doc == p->doc && r->parties[i - 1].role == p->role &&
		     r->parties[i - 1].name == p->name))
			continue;
		g = group_get(&t, k, o, d->currency ? d->currency : r->id_cny);
		if (!g) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		/* a vendor of some of a document's lots: its part */
		if (d->nshares && !strcmp(rp_str(&r->str, p->role), "vendor")) {
			int64_t part = -2;
			for (uint32_t x = 0; x < d->nshares; x++)
				if (r->shares[d->share0 + x].vendor == p->name)
					part = d->share0 + x;
			group_add(r, g, p->doc, part, &overflow);
		} else {
			group_add(r, g, p->doc, -1, &overflow);
		}
	}
	/* a procurement counted through a document that names no vendor (an
	 * OCDS contract) is the amount of the vendor its other documents name:
	 * the vendor's row adds it (its documents are those that name it) */
	if (vendor_role && (!want || want == vendor_role))
		for (size_t i = 0; i < r->ndocs; i++) {
			const rp_doc *d = &r->docs[i];
			uint32_t k[3] = { d->vendor, vendor_role, 0 };
			int o[3] = { 0, 0, 0 };
			const char *a;
			rp_group *g;
			if (!d->vendor_via || !(a = counted(r, (int64_t)i, -1)))
				continue;
			if (!(g = group_get(&t, k, o, d->currency ? d->currency : r->id_cny))) {
				rc = TRAWL_ENOMEM;
				goto out;
			}
			if (rp_dec_add(g->amount, a))
				overflow = 1;
			if (g->top < 0 || trawl__dec_cmp(a, counted(r, g->top, g->top_share)) > 0) {
				g->top = (int64_t)i;
				g->top_share = -1;
			}
		}
	if (overflow) {
		rc = TRAWL_ETOOBIG;
		goto out;
	}
	if ((rc = merged_names(r, t.g, t.n)))
		goto out;
	if (t.n)
		qsort(t.g, t.n, sizeof *t.g, by_entity);
	for (size_t i = 0; i < t.n; i++) {
		fill_row(r, &t.g[i], 2, &row);
		if (cb(&row, udata))
			break;
	}
out:
	free(t.g);
	free(t.slots);
	return rc;
}

static int by_doc_amount(const void *pa, const void *pb)
{
	const rp_group *a = pa, *b = pb;
	int c = cmp_amounts(a, b);

	return c ? c : (a->top > b->top) - (a->top < b->top);
}

uint32_t *rp_docs_by_amount(const trawl_report *r)
{
	uint32_t *ix = trawl__mallocn(r->ndocs ? r->ndocs : 1, sizeof *ix);
	rp_group *g;
	size_t i;

	/* sort groups of one document each: reuses the amount order */
	if (!ix)
		return NULL;
	g = trawl__mallocn(r->ndocs ? r->ndocs : 1, sizeof *g);
	if (!g) {
		free(ix);
		return NULL;
	}
	for (i = 0; i < r->ndocs; i++) {
		memset(&g[i], 0, sizeof g[i]);
		g[i].currency = r->docs[i].currency ? r->docs[i].currency : r->id_cny;
		snprintf(g[i].amount, sizeof g[i].amount, "%s",
		         r->docs[i].amount ? rp_str(&r->str, r->docs[i].amount) : "0");
		g[i].top = (int64_t)i;
		g[i].top_share = -1;
		g[i].documents = 1;
		g[i].key[0] = 1; /* known: the path order decides ties */
		g[i].by_amount = 1;
		g[i].r = r;
	}
	if (r->ndocs)
		qsort(g, r->ndocs, sizeof *g, by_doc_amount);
	for (i = 0; i < r->ndocs; i++)
		ix[i] = (uint32_t)g[i].top;
	free(g);
	return ix;
}
