/* Facet counts of a set of documents: see facetcount.h.
 *
 * The table:
 * - for each dimension, its values (indexes given by the caller);
 * - the dimensions no document holds two values of ("columns") in
 *   groups, each a column of one 16-bit key per document: the key is
 *   the document's value of each dimension of the group (0: none, else
 *   its number + 1), as the digits of one number. Most documents' kind,
 *   year, place, format and currency are one key, read from one array;
 * - the other dimensions in one list of values per document (offsets,
 *   global indexes).
 *
 * Counting walks the documents in blocks of 1024: each group's keys into
 * a table of keys, then the lists. The keys' counts are then added up
 * per digit. Sparse documents cost a cache miss per array read, so the
 * fewer arrays per document the better (a column per dimension cost 80 ns
 * a document on 30,000 documents of 1M; bench/README.md).
 *
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "index/facetcount.h"
#include "util/alloc.h"
#include "util/cpus.h"
#include "util/banned.h"

int trawl__fx_complement = 1;
int trawl__fx_columns = 1;
unsigned trawl__fx_split = 16384;
unsigned long trawl__fx_ncomplement, trawl__fx_ncolumn, trawl__fx_nsplit;

/* A group's keys are below this. */
#define FX_KEYS 65536
/* A group with this many keys or fewer is counted into four tables, one
 * for every fourth document, added up after: consecutive documents mostly
 * hold the same kind or year, and one table would make each step wait
 * for the one before to store its count. */
#define FX_SPREAD 4096
/* A document's values in the lists are copied this many at a time: ids
 * has as many more after its end. */
#define FX_COPY 8

typedef struct fxdim {
	uint32_t *vals;      /* global indexes of its values */
	size_t nvals;
	int group;           /* its group, or -1: in the lists */
	uint32_t stride;     /* its digit in the group's key: key / stride % (nvals + 1) */
} fxdim;

typedef struct fxgroup {
	uint16_t *key;       /* per document */
	uint32_t nkeys;      /* product of its dimensions' nvals + 1 */
	int dims[8];         /* its dimensions, low digit first */
	int ndims;
} fxgroup;

struct trawl__fxtab {
	size_t nv;
	uint64_t *card;      /* per value: its documents (0: not counted) */
	int ndim;
	fxdim *dims;
	fxgroup *groups;
	int ngroups;
	uint32_t ndoc;       /* documents 0 .. ndoc - 1 hold values */
	/* lists: document r has ids[off[r] .. off[r + 1]), numbers of the
	 * lists' values, most documents first (the counts of the common
	 * values share a few cache lines); lval[n] is number n's global index */
	uint32_t *off, *ids, *lval;
	size_t nlval;
	int nlist;           /* dimensions in the lists */
};

void trawl__fx_free(trawl__fxtab *t)
{
	if (!t)
		return;
	for (int k = 0; t->dims && k < t->ndim; k++)
		free(t->dims[k].vals);
	for (int g = 0; t->groups && g < t->ngroups; g++)
		free(t->groups[g].key);
	free(t->groups);
	free(t->dims);
	free(t->card);
	free(t->off);
	free(t->ids);
	free(t->lval);
	free(t);
}

/* A column of dimension dm's values per document (number + 1; 0: none),
 * or NULL when a document holds two of them (or memory is short: then
 * the dimension goes to the lists, which count the same). */
static uint16_t *column_of(const trawl__fxtab *t, const fxdim *dm,
                           const roaring_bitmap_t *const *docs)
{
	uint32_t buf[1024], got;
	uint16_t *col = calloc((size_t)t->ndoc + 1, sizeof *col);

	if (!col)
		return NULL;
	for (size_t j = 0; j < dm->nvals; j++) {
		roaring_uint32_iterator_t it;
		uint16_t mark = (uint16_t)(j + 1);
		roaring_init_iterator(docs[dm->vals[j]], &it);
		while ((got = roaring_read_uint32_iterator(&it, buf, 1024)) > 0)
			for (uint32_t i = 0; i < got; i++) {
				if (col[buf[i]]) {
					free(col);
					return NULL;
				}
				col[buf[i]] = mark;
			}
	}
	return col;
}

/* Puts the dimensions that fit into groups of columns. */
static trawl_err make_groups(trawl__fxtab *t, const roaring_bitmap_t *const *docs)
{
	t->groups = calloc((size_t)t->ndim + 1, sizeof *t->groups);
	if (!t->groups)
		return TRAWL_ENOMEM;
	for (int k = 0; k < t->ndim; k++) {
		fxdim *dm = &t->dims[k];
		uint32_t w = (uint32_t)dm->nvals + 1;
		uint16_t *col;
		fxgroup *g;
		dm->group = -1;
		if (!dm->nvals)
			continue;
		if (!trawl__fx_columns || w > FX_KEYS || !(col = column_of(t, dm, docs))) {
			t->nlist++;
			continue;
		}
		/* the last group, when its keys times w still fit */
		g = t->ngroups ? &t->groups[t->ngroups - 1] : NULL;
		if (!g || (uint64_t)g->nkeys * w > FX_KEYS ||
		    g->ndims == (int)(sizeof g->dims / sizeof g->dims[0])) {
			g = &t->groups[t->ngroups++];
			g->key = col;
			g->nkeys = w;
			g->dims[g->ndims++] = k;
			dm->group = t->ngroups - 1;
			dm->stride = 1;
			continue;
		}
		dm->group = t->ngroups - 1;
		dm->stride = g->nkeys;
		for (uint32_t r = 0; r < t->ndoc; r++)
			g->key[r] = (uint16_t)(g->key[r] + col[r] * dm->stride);
		g->nkeys *= w;
		g->dims[g->ndims++] = k;
		free(col);
	}
	return TRAWL_OK;
}

/* Most documents first; ties by index. */
static int cmp_card(const void *a, const void *b, void *u)
{
	const uint64_t *card = u;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	if (card[x] != card[y])
		return card[x] > card[y] ? -1 : 1;
	return x < y ? -1 : x > y;
}

static trawl_err fill_lists(trawl__fxtab *t, const roaring_bitmap_t *const *docs)
{
	uint64_t total = 0;
	uint32_t *fill, buf[1024], got;

	for (int k = 0; k < t->ndim; k++)
		if (t->dims[k].group < 0)
			t->nlval += t->dims[k].nvals;
	t->lval = trawl__mallocn(t->nlval + 1, sizeof *t->lval);
	if (!t->lval)
		return TRAWL_ENOMEM;
	t->nlval = 0;
	for (int k = 0; k < t->ndim; k++)
		if (t->dims[k].group < 0)
			for (size_t j = 0; j < t->dims[k].nvals; j++) {
				t->lval[t->nlval++] = t->dims[k].vals[j];
				total += t->card[t->dims[k].vals[j]];
			}
	if (total >= UINT32_MAX)
		return TRAWL_ENOMEM;
	qsort_r(t->lval, t->nlval, sizeof *t->lval, cmp_card, t->card);
	t->off = calloc((size_t)t->ndoc + 1, sizeof *t->off);
	t->ids = calloc((size_t)total + FX_COPY, sizeof *t->ids);
	fill = trawl__mallocn((size_t)t->ndoc + 1, sizeof *fill);
	if (!t->off || !t->ids || !fill) {
		free(fill);
		return TRAWL_ENOMEM;
	}
	for (int pass = 0; pass < 2; pass++) {
		for (size_t n = 0; n < t->nlval; n++) {
			roaring_uint32_iterator_t it;
			roaring_init_iterator(docs[t->lval[n]], &it);
			while ((got = roaring_read_uint32_iterator(&it, buf, 1024)) > 0)
				for (uint32_t i = 0; i < got; i++) {
					if (pass == 0)
						t->off[buf[i] + 1]++;
					else
						t->ids[fill[buf[i]]++] = (uint32_t)n;
				}
		}
		if (pass == 0) {
			for (uint32_t r = 0; r < t->ndoc; r++)
				t->off[r + 1] += t->off[r];
			memcpy(fill, t->off, (size_t)t->ndoc * sizeof *fill);
		}
	}
	free(fill);
	return TRAWL_OK;
}

trawl_err trawl__fx_build(trawl__fxtab **out, size_t nv, const roaring_bitmap_t *const *docs,
                          const int *dim, int ndim)
{
	trawl__fxtab *t = calloc(1, sizeof *t);
	uint64_t maxdoc = 0;
	int any = 0;
	trawl_err rc = TRAWL_ENOMEM;

	*out = NULL;
	if (!t)
		return TRAWL_ENOMEM;
	t->nv = nv;
	t->ndim = ndim;
	t->card = calloc(nv + 1, sizeof *t->card);
	t->dims = calloc((size_t)ndim + 1, sizeof *t->dims);
	if (!t->card || !t->dims)
		goto fail;
	for (size_t i = 0; i < nv; i++) {
		if (dim[i] < 0 || dim[i] >= ndim)
			continue;
		t->card[i] = roaring_bitmap_get_cardinality(docs[i]);
		if (!t->card[i])
			continue;
		if (roaring_bitmap_maximum(docs[i]) > maxdoc)
			maxdoc = roaring_bitmap_maximum(docs[i]);
		any = 1;
		t->dims[dim[i]].nvals++;
	}
	if (maxdoc >= UINT32_MAX - 1)
		goto fail;
	t->ndoc = any ? (uint32_t)maxdoc + 1 : 0;
	for (int k = 0; k < ndim; k++) {
		t->dims[k].vals = trawl__mallocn(t->dims[k].nvals + 1, sizeof *t->dims[k].vals);
		if (!t->dims[k].vals)
			goto fail;
		t->dims[k].nvals = 0;
	}
	for (size_t i = 0; i < nv; i++)
		if (t->card[i])
			t->dims[dim[i]].vals[t->dims[dim[i]].nvals++] = (uint32_t)i;
	if ((rc = make_groups(t, docs)) || (t->nlist && (rc = fill_lists(t, docs))))
		goto fail;
	*out = t;
	return TRAWL_OK;
fail:
	trawl__fx_free(t);
	return rc;
}

const uint32_t *trawl__fx_values(const trawl__fxtab *t, int k, size_t *n)
{
	if (!t || k < 0 || k >= t->ndim) {
		*n = 0;
		return NULL;
	}
	*n = t->dims[k].nvals;
	return t->dims[k].vals;
}

/* One part of a count: the documents of s in [lo, hi). Its counts, in
 * c: the lists' values by number (nlval), then each group's table of keys
 * (four tables of nkeys when nkeys <= FX_SPREAD), then room for the
 * values of 1024 documents. */
typedef struct fxpart {
	const trawl__fxtab *t;
	const roaring_bitmap_t *s;
	uint32_t lo, hi;
	uint32_t *c;
} fxpart;

static size_t table_size(const fxgroup *g)
{
	return (size_t)g->nkeys * (g->nkeys <= FX_SPREAD ? 4 : 1);
}

/* The size of a part's counts (without the room after them). */
static size_t part_size(const trawl__fxtab *t)
{
	size_t n = t->nlval;

	for (int g = 0; g < t->ngroups; g++)
		n += table_size(&t->groups[g]);
	return n;
}

static uint32_t *part_alloc(const trawl__fxtab *t)
{
	size_t n = part_size(t);
	uint32_t *c = trawl__mallocn(n + 1024 * FX_COPY + 1, sizeof *c);

	if (c)
		memset(c, 0, n * sizeof *c);
	return c;
}

static void count_part(fxpart *p)
{
	const trawl__fxtab *t = p->t;
	roaring_uint32_iterator_t it;
	uint32_t buf[1024], got;
	const uint32_t *off = t->off, *ids = t->ids;
	uint32_t *restrict c = p->c, *restrict tmp = p->c + part_size(t);

	roaring_init_iterator(p->s, &it);
	if (p->lo && !roaring_move_uint32_iterator_equalorlarger(&it, p->lo))
		return;
	while ((got = roaring_read_uint32_iterator(&it, buf, 1024)) > 0) {
		int last = 0;
		uint32_t *hg = c + t->nlval;
		if (buf[got - 1] >= p->hi) {
			while (got && buf[got - 1] >= p->hi)
				got--;
			last = 1;
		}
		for (int g = 0; g < t->ngroups; g++) {
			const uint16_t *key = t->groups[g].key;
			size_t w = t->groups[g].nkeys;
			uint32_t i = 0;
			if (w <= FX_SPREAD)
				for (; i + 4 <= got; i += 4) {
					hg[key[buf[i]]]++;
					hg[w + key[buf[i + 1]]]++;
					hg[2 * w + key[buf[i + 2]]]++;
					hg[3 * w + key[buf[i + 3]]]++;
				}
			for (; i < got; i++)
				hg[key[buf[i]]]++;
			hg += table_size(&t->groups[g]);
		}
		if (t->nlist) {
			/* each document's values into tmp, eight at a time without a
			 * branch (ids has room past its end), then one loop of counts:
			 * a loop per document would mispredict its end every time */
			uint32_t n = 0;
			for (uint32_t i = 0; i < got; i++) {
				uint32_t lo = off[buf[i]], len = off[buf[i] + 1] - lo;
				if (len > FX_COPY) {
					for (uint32_t j = lo; j < lo + len; j++)
						c[ids[j]]++;
					continue;
				}
				memcpy(tmp + n, ids + lo, FX_COPY * sizeof *tmp);
				n += len;
			}
			for (uint32_t j = 0; j < n; j++)
				c[tmp[j]]++;
		}
		if (last)
			break;
	}
}

static void *count_thread(void *u)
{
	count_part(u);
	return NULL;
}

/* Adds group g's key counts hg to its dimensions' values' counts in c,
 * digit by digit (an odometer: no division per key). */
static void add_keys(const trawl__fxtab *t, const fxgroup *g, uint32_t *hg, uint32_t *c)
{
	uint32_t digit[8] = { 0 }, w[8];

	if (g->nkeys <= FX_SPREAD)
		for (uint32_t j = 0; j < g->nkeys; j++)
			hg[j] += hg[g->nkeys + j] + hg[2 * g->nkeys + j] + hg[3 * g->nkeys + j];
	for (int m = 0; m < g->ndims; m++)
		w[m] = (uint32_t)t->dims[g->dims[m]].nvals + 1;
	for (uint32_t j = 0; j < g->nkeys; j++) {
		if (hg[j])
			for (int m = 0; m < g->ndims; m++)
				if (digit[m])
					c[t->dims[g->dims[m]].vals[digit[m] - 1]] += hg[j];
		for (int m = 0; m < g->ndims && ++digit[m] == w[m]; m++)
			digit[m] = 0;
	}
}

trawl_err trawl__fx_count(const trawl__fxtab *t, const roaring_bitmap_t *docs, uint64_t *cnt)
{
	roaring_bitmap_t *flip = NULL;
	uint32_t *c = NULL, *hg;
	fxpart a, b;
	pthread_t th;
	uint64_t n;
	int comp = 0, split = 0;
	trawl_err rc = TRAWL_ENOMEM;

	if (!docs) {
		memcpy(cnt, t->card, t->nv * sizeof *cnt);
		return TRAWL_OK;
	}
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	n = t->ndoc ? roaring_bitmap_range_cardinality(docs, 0, t->ndoc) : 0;
	if (trawl__fx_complement == 2 || (trawl__fx_complement == 1 && n > t->ndoc / 2)) {
		comp = 1;
		n = t->ndoc - n;
		if (!(flip = roaring_bitmap_flip(docs, 0, t->ndoc)))
			return TRAWL_ENOMEM;
	}
	a.t = b.t = t;
	a.s = b.s = comp ? flip : docs;
	a.hi = b.hi = t->ndoc;
	if (!(a.c = part_alloc(t)) || !(c = calloc(t->nv + 1, sizeof *c)))
		goto out;
	/* the second half of the documents on a thread of their own */
	if (trawl__fx_split && n / 2 >= trawl__fx_split && trawl__ncpus() > 1 &&
	    roaring_bitmap_select(a.s, (uint32_t)(n / 2), &b.lo) && (b.c = part_alloc(t))) {
		a.hi = b.lo;
		if (!pthread_create(&th, NULL, count_thread, &b)) {
			split = 1;
			__atomic_fetch_add(&trawl__fx_nsplit, 1, __ATOMIC_RELAXED);
		} else {
			a.hi = t->ndoc;
		}
	}
	count_part(&a);
	if (split) {
		size_t m = part_size(t);
		pthread_join(th, NULL);
		for (size_t i = 0; i < m; i++)
			a.c[i] += b.c[i];
	}
	for (size_t i = 0; i < t->nlval; i++)
		c[t->lval[i]] = a.c[i];
	hg = a.c + t->nlval;
	for (int g = 0; g < t->ngroups; g++) {
		add_keys(t, &t->groups[g], hg, c);
		hg += table_size(&t->groups[g]);
		__atomic_fetch_add(&trawl__fx_ncolumn, 1, __ATOMIC_RELAXED);
	}
	for (size_t i = 0; i < t->nv; i++)
		cnt[i] = !t->card[i] ? 0 : comp ? t->card[i] - c[i] : c[i];
	if (comp)
		__atomic_fetch_add(&trawl__fx_ncomplement, 1, __ATOMIC_RELAXED);
	rc = TRAWL_OK;
out:
	if (flip)
		roaring_bitmap_free(flip);
	free(a.c);
	free(b.c);
	free(c);
	return rc;
}
