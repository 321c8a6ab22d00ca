/* Facet counts for a search. A store with facet bitmaps (store op
 * facet_counts: a bitmap of documents per value) counts them itself, as
 * intersections with the documents its index finds, and the snapshot is
 * empty. Otherwise: a snapshot of every document's facet values (kind,
 * year, place, agency, vendor, format, currency), read once, and the
 * documents a search finds (match_docs) counted against it in memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/alloc.h"
#include "util/banned.h"

enum { F_KIND, F_YEAR, F_PLACE, F_AGENCY, F_VENDOR, F_FORMAT, F_CURRENCY, F_NDIM };
static const char *const dim_names[F_NDIM] = { "kind", "year", "place", "agency", "vendor",
                                               "format", "currency" };

typedef struct fdoc {
	int64_t rowid;
	uint32_t v[F_NDIM];   /* string ids; 0 is none (agency, vendor: unused) */
	uint32_t p0, pn;      /* its parties in trawl_facets.parties */
} fdoc;

typedef struct fparty {
	int64_t rowid;
	uint32_t dim;         /* F_AGENCY or F_VENDOR */
	uint32_t name;
} fparty;

struct trawl_facets {
	fdoc *docs;
	size_t ndocs, capdocs;
	fparty *parties;
	size_t nparties, capparties;
	/* interned strings: id i >= 1 is strs[i]; a hash table finds them */
	char **strs;
	size_t nstrs, capstrs;
	uint32_t *slots;
	size_t nslots;
	trawl_err rc;
};

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int grow_slots(trawl_facets *f)
{
	size_t n = f->nslots ? f->nslots * 2 : 1024;
	uint32_t *t = calloc(n, sizeof *t);

	if (!t)
		return -1;
	for (size_t i = 1; i < f->nstrs; i++) {
		size_t k = hash(f->strs[i]) & (n - 1);
		while (t[k])
			k = (k + 1) & (n - 1);
		t[k] = (uint32_t)i;
	}
	free(f->slots);
	f->slots = t;
	f->nslots = n;
	return 0;
}

/* The id of s (0 for NULL or ""), added when new. */
static uint32_t intern(trawl_facets *f, const char *s)
{
	size_t k;

	if (!s || !*s || f->rc)
		return 0;
	if (f->nstrs * 2 + 2 >= f->nslots && grow_slots(f)) {
		f->rc = TRAWL_ENOMEM;
		return 0;
	}
	for (k = hash(s) & (f->nslots - 1); f->slots[k]; k = (k + 1) & (f->nslots - 1))
		if (!strcmp(f->strs[f->slots[k]], s))
			return f->slots[k];
	if (f->nstrs == f->capstrs) {
		size_t cap = f->capstrs ? f->capstrs * 2 : 256;
		char **n = trawl__reallocn(f->strs, cap, sizeof *n);
		if (!n) {
			f->rc = TRAWL_ENOMEM;
			return 0;
		}
		f->strs = n;
		f->capstrs = cap;
		if (!f->nstrs)
			f->strs[f->nstrs++] = NULL; /* id 0: none */
	}
	f->strs[f->nstrs] = trawl__strdup(s);
	if (!f->strs[f->nstrs]) {
		f->rc = TRAWL_ENOMEM;
		return 0;
	}
	f->slots[k] = (uint32_t)f->nstrs;
	return (uint32_t)f->nstrs++;
}

static int on_doc(int64_t rowid, const char *kind, int year, const char *place,
                  const char *format, const char *currency, const char *amount, void *u)
{
	trawl_facets *f = u;
	fdoc *d;
	char y[16];

	if (f->ndocs == f->capdocs) {
		size_t cap = f->capdocs ? f->capdocs * 2 : 1024;
		fdoc *n = trawl__reallocn(f->docs, cap, sizeof *n);
		if (!n) {
			f->rc = TRAWL_ENOMEM;
			return 1;
		}
		f->docs = n;
		f->capdocs = cap;
	}
	d = &f->docs[f->ndocs++];
	memset(d, 0, sizeof *d);
	d->rowid = rowid;
	d->v[F_KIND] = intern(f, kind);
	if (year > 0) {
		snprintf(y, sizeof y, "%d", year);
		d->v[F_YEAR] = intern(f, y);
	}
	d->v[F_PLACE] = intern(f, place);
	d->v[F_FORMAT] = intern(f, format);
	/* a currency counts only with an amount, as a report counts it */
	d->v[F_CURRENCY] = amount ? intern(f, currency) : 0;
	return f->rc != TRAWL_OK;
}

static int on_party(int64_t rowid, const char *role, const char *name, void *u)
{
	trawl_facets *f = u;
	fparty *p;

	if (f->nparties == f->capparties) {
		size_t cap = f->capparties ? f->capparties * 2 : 1024;
		fparty *n = trawl__reallocn(f->parties, cap, sizeof *n);
		if (!n) {
			f->rc = TRAWL_ENOMEM;
			return 1;
		}
		f->parties = n;
		f->capparties = cap;
	}
	p = &f->parties[f->nparties++];
	p->rowid = rowid;
	p->dim = !strcmp(role, "vendor") ? F_VENDOR : F_AGENCY;
	p->name = intern(f, name);
	return f->rc != TRAWL_OK;
}

static int party_cmp(const void *a, const void *b)
{
	const fparty *x = a, *y = b;
	if (x->rowid != y->rowid)
		return x->rowid < y->rowid ? -1 : 1;
	return 0;
}

static fdoc *find_doc(const trawl_facets *f, int64_t rowid)
{
	size_t lo = 0, hi = f->ndocs;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->docs[mid].rowid < rowid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->ndocs && f->docs[lo].rowid == rowid ? &f->docs[lo] : NULL;
}

void trawl_facets_free(trawl_facets *f)
{
	if (!f)
		return;
	for (size_t i = 1; i < f->nstrs; i++)
		free(f->strs[i]);
	free(f->strs);
	free(f->slots);
	free(f->docs);
	free(f->parties);
	free(f);
}

trawl_err trawl_facets_open(trawl_store *s, trawl_facets **out, int64_t *version,
                            trawl_diag *d)
{
	trawl_facets *f = calloc(1, sizeof *f);
	int64_t v0 = 0;
	trawl_err rc;

	*out = NULL;
	if (!f)
		return TRAWL_ENOMEM;
	rc = s->ops->data_version(s->be, &v0, d);
	if (!rc && !s->ops->facet_counts)
		rc = s->ops->facet_rows(s->be, on_doc, on_party, f, d);
	if (!rc)
		rc = f->rc;
	if (rc) {
		if (rc == TRAWL_ENOMEM)
			trawl__diag_set(d, "", "the documents' facets could not be read: out of memory");
		trawl_facets_free(f);
		return rc;
	}
	/* each document's parties, in rowid order like the documents */
	if (f->nparties)
		qsort(f->parties, f->nparties, sizeof *f->parties, party_cmp);
	for (size_t i = 0; i < f->nparties;) {
		size_t j = i;
		fdoc *doc = find_doc(f, f->parties[i].rowid);
		while (j < f->nparties && f->parties[j].rowid == f->parties[i].rowid)
			j++;
		if (doc) {
			doc->p0 = (uint32_t)i;
			doc->pn = (uint32_t)(j - i);
		}
		i = j;
	}
	if (version)
		*version = v0;
	*out = f;
	return TRAWL_OK;
}

typedef struct count_ctx {
	const trawl_facets *f;
	uint32_t *counts[F_NDIM];
	uint64_t total, hits;
} count_ctx;

static int count_doc(int64_t rowid, int64_t units, void *u)
{
	count_ctx *c = u;
	const fdoc *d = find_doc(c->f, rowid);

	c->total++;
	c->hits += (uint64_t)units;
	if (!d)
		return 0; /* stored after the snapshot */
	for (int k = 0; k < F_NDIM; k++)
		if (d->v[k])
			c->counts[k][d->v[k]]++;
	for (uint32_t i = 0; i < d->pn; i++) {
		const fparty *p = &c->f->parties[d->p0 + i];
		int seen = 0;
		/* a name given twice (issuer and buyer) counts once */
		for (uint32_t k = 0; k < i && !seen; k++) {
			const fparty *q = &c->f->parties[d->p0 + k];
			seen = q->dim == p->dim && q->name == p->name;
		}
		if (!seen && p->name)
			c->counts[p->dim][p->name]++;
	}
	return 0;
}

typedef struct fval {
	uint32_t id, n;
} fval;

typedef struct sort_ctx {
	const trawl_facets *f;
	int years;   /* newest first, not by count */
} sort_ctx;

static int fval_cmp(const void *a, const void *b, void *u)
{
	const fval *x = a, *y = b;
	const sort_ctx *c = u;
	if (c->years)
		return -strcmp(c->f->strs[x->id], c->f->strs[y->id]);
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(c->f->strs[x->id], c->f->strs[y->id]);
}

trawl_err trawl_facets_count(trawl_store *s, const trawl_facets *f, const char *query,
                             const trawl_filter *filter, int max_values,
                             int (*cb)(const trawl_facet *, void *), void *u,
                             trawl_search_stats *st, trawl_diag *d)
{
	static const trawl_filter any;
	trawl_search_opts o;
	trawl__query q;
	count_ctx c;
	fval *vals = NULL;
	trawl_err rc;
	int k;

	memset(&o, 0, sizeof o);
	memset(&c, 0, sizeof c);
	o.filter = filter ? filter : &any;
	rc = trawl__query_browse(query, o.filter, &q, d);
	if (rc)
		return rc;
	if (s->ops->facet_counts) {
		/* (the snapshot f is empty: the store's bitmaps are current) */
		rc = s->ops->facet_counts(s->be, &q, &o, max_values, cb, u, st, d);
		trawl__query_release(&q);
		return rc;
	}
	c.f = f;
	for (k = 0; k < F_NDIM; k++)
		if (!(c.counts[k] = calloc(f->nstrs + 1, sizeof *c.counts[k])))
			rc = TRAWL_ENOMEM;
	vals = malloc((f->nstrs + 1) * sizeof *vals);
	if (!vals)
		rc = TRAWL_ENOMEM;
	if (!rc)
		rc = s->ops->match_docs(s->be, &q, &o, count_doc, &c, d);
	if (rc == TRAWL_EUSAGE)
		trawl__diag_set(d, "", "the query could not be run as written");
	for (k = 0; !rc && k < F_NDIM; k++) {
		size_t n = 0, i;
		int stop = 0;
		for (i = 1; i < f->nstrs; i++)
			if (c.counts[k][i]) {
				vals[n].id = (uint32_t)i;
				vals[n++].n = c.counts[k][i];
			}
		sort_ctx sc = { f, k == F_YEAR };
		qsort_r(vals, n, sizeof *vals, fval_cmp, &sc);
		for (i = 0; i < n && (max_values <= 0 || i < (size_t)max_values); i++) {
			trawl_facet fc = { dim_names[k], f->strs[vals[i].id], vals[i].n };
			if (cb(&fc, u)) {
				stop = 1;
				break;
			}
		}
		if (stop)
			break;
	}
	if (!rc && st) {
		st->documents = c.total;
		st->hits = c.hits;
	}
	for (k = 0; k < F_NDIM; k++)
		free(c.counts[k]);
	free(vals);
	trawl__query_release(&q);
	return rc;
}
