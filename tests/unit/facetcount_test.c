/* Facet counts (lib/index/facetcount.h) against an independent count:
 * for every value, the size of the intersection of its bitmap with the
 * documents counted (roaring_bitmap_and_cardinality). Random tables:
 * dimensions whose documents hold one value (columns, grouped into keys)
 * or several (lists), with few values or many (groups of several keys),
 * documents holding none, sets of documents sparse, dense, empty, all,
 * and past the last document that holds a value; each counted directly
 * and through the complement, in columns and in lists, on one thread
 * and on two. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "test.h"
#include "index/facetcount.h"

int test_failed;

static uint64_t rng = 88172645463325252ULL;

static uint32_t pick(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n ? (uint32_t)(rng % n) : 0;
}

typedef struct table {
	size_t nv;
	roaring_bitmap_t **docs;
	int *dim;
	int ndim;
	uint32_t ndoc;
} table;

static void table_free(table *t)
{
	for (size_t i = 0; i < t->nv; i++)
		roaring_bitmap_free(t->docs[i]);
	free(t->docs);
	free(t->dim);
	memset(t, 0, sizeof *t);
}

/* A random table: ndim dimensions, each one value per document or
 * several, of nvals values (some empty, some dimensions never counted). */
static void table_make(table *t, uint32_t ndoc, int ndim, const uint32_t *nvals,
                       const int *multi)
{
	size_t nv = 0, base = 0;

	memset(t, 0, sizeof *t);
	for (int k = 0; k < ndim; k++)
		nv += nvals[k];
	nv += 3;                                  /* values of no dimension shown */
	t->nv = nv;
	t->ndim = ndim;
	t->ndoc = ndoc;
	t->docs = calloc(nv, sizeof *t->docs);
	t->dim = calloc(nv, sizeof *t->dim);
	if (!t->docs || !t->dim)
		abort();
	for (size_t i = 0; i < nv; i++)
		if (!(t->docs[i] = roaring_bitmap_create()))
			abort();
	for (int k = 0; k < ndim; k++) {
		for (uint32_t j = 0; j < nvals[k]; j++)
			t->dim[base + j] = k;
		for (uint32_t r = 0; r < ndoc; r++) {
			uint32_t n = multi[k] ? pick(4) : pick(5) != 0;   /* some hold none */
			for (uint32_t m = 0; m < n; m++) {
				/* skewed: low values are common, as kinds and big vendors */
				uint32_t v = pick(3) ? pick(1 + nvals[k] / 8) : pick(nvals[k]);
				if (v == nvals[k] - 1 && nvals[k] > 2)
					continue;     /* the last value of each dimension stays empty */
				roaring_bitmap_add(t->docs[base + v], r);
			}
		}
		base += nvals[k];
	}
	for (size_t i = base; i < nv; i++) {
		t->dim[i] = i == base ? -1 : (int)(ndim + i - base);   /* out of range */
		for (uint32_t r = 0; r < ndoc; r += 1 + pick(5))
			roaring_bitmap_add(t->docs[i], r);
	}
}

/* A set of documents to count: of density per 1000, up to past ndoc. */
static roaring_bitmap_t *set_make(uint32_t ndoc, uint32_t per1000)
{
	roaring_bitmap_t *s = roaring_bitmap_create();

	if (!s)
		abort();
	for (uint32_t r = 0; r < ndoc + 100; r++)
		if (pick(1000) < per1000)
			roaring_bitmap_add(s, r);
	if (pick(2))
		roaring_bitmap_add(s, ndoc + 70000);   /* a document with no values, far */
	return s;
}

/* 0 when t's counts of s equal the intersections, in every mode. */
static int check_counts(const char *test_name, const table *t, const roaring_bitmap_t *s)
{
	static const int comps[] = { 0, 1, 2 };
	static const unsigned splits[] = { 0, 1, 1000 };
	uint64_t *cnt = calloc(t->nv + 1, sizeof *cnt);

	if (!cnt)
		abort();
	for (int columns = 0; columns < 2; columns++) {
		trawl__fxtab *fx = NULL;
		trawl__fx_columns = columns;
		if (trawl__fx_build(&fx, t->nv, (const roaring_bitmap_t *const *)t->docs, t->dim,
		                    t->ndim)) {
			printf("FAIL %s: the table was not made\n", test_name);
			free(cnt);
			return 1;
		}
		for (int ci = 0; ci < 3; ci++)
			for (int si = 0; si < 3; si++) {
				trawl__fx_complement = comps[ci];
				trawl__fx_split = splits[si];
				memset(cnt, 0xff, (t->nv + 1) * sizeof *cnt);
				if (trawl__fx_count(fx, s, cnt)) {
					printf("FAIL %s: no count\n", test_name);
					goto fail;
				}
				for (size_t i = 0; i < t->nv; i++) {
					int shown = t->dim[i] >= 0 && t->dim[i] < t->ndim;
					uint64_t want = !shown ? 0 : s ? roaring_bitmap_and_cardinality(
					                s, t->docs[i]) : roaring_bitmap_get_cardinality(t->docs[i]);
					if (cnt[i] != want) {
						printf("FAIL %s: value %zu (dimension %d): %llu, not %llu "
						       "(columns %d, complement %d, split %u)\n", test_name, i,
						       t->dim[i], (unsigned long long)cnt[i],
						       (unsigned long long)want, columns, comps[ci], splits[si]);
						goto fail;
					}
				}
				if (!s)
					break;
			}
		/* each dimension lists its values with documents, in order */
		for (int k = 0; k < t->ndim; k++) {
			size_t n, j = 0;
			const uint32_t *v = trawl__fx_values(fx, k, &n);
			for (size_t i = 0; i < t->nv; i++)
				if (t->dim[i] == k && !roaring_bitmap_is_empty(t->docs[i])) {
					if (j >= n || v[j] != i) {
						printf("FAIL %s: dimension %d's values\n", test_name, k);
						goto fail;
					}
					j++;
				}
			if (j != n) {
				printf("FAIL %s: dimension %d has %zu values, not %zu\n", test_name, k,
				       n, j);
				goto fail;
			}
		}
		trawl__fx_free(fx);
		continue;
fail:
		trawl__fx_free(fx);
		free(cnt);
		return 1;
	}
	free(cnt);
	return 0;
}

static void reset(void)
{
	trawl__fx_columns = 1;
	trawl__fx_complement = 1;
	trawl__fx_split = 16384;
}

TEST(counts_equal_intersections)
{
	static const uint32_t dens[] = { 0, 1, 20, 300, 500, 501, 700, 999, 1000 };
	unsigned long col0 = trawl__fx_ncolumn, comp0 = trawl__fx_ncomplement,
	              split0 = trawl__fx_nsplit;

	for (int round = 0; round < 24; round++) {
		table t;
		uint32_t nvals[7];
		int multi[7], ndim = 1 + (int)pick(7);
		uint32_t ndoc = round == 0 ? 0 : 1 + pick(round < 12 ? 300 : 20000);
		for (int k = 0; k < ndim; k++) {
			/* a few values, as kinds; hundreds, so that keys of several
			 * dimensions pass 65536 and make several groups; thousands */
			uint32_t r = pick(10);
			nvals[k] = r < 6 ? 1 + pick(12) : r < 9 ? 100 + pick(400) : 2000 + pick(3000);
			multi[k] = pick(3) == 0;
		}
		table_make(&t, ndoc, ndim, nvals, multi);
		for (size_t d = 0; d < sizeof dens / sizeof dens[0]; d++) {
			roaring_bitmap_t *s = set_make(ndoc, dens[d]);
			int bad = check_counts(test_name, &t, s);
			roaring_bitmap_free(s);
			if (bad) {
				printf("FAIL %s: round %d, %u documents, %d dimensions, density %u\n",
				       test_name, round, ndoc, ndim, dens[d]);
				table_free(&t);
				reset();
				CHECK(0);
			}
		}
		if (check_counts(test_name, &t, NULL)) {
			table_free(&t);
			reset();
			CHECK(0);
		}
		table_free(&t);
	}
	reset();
	/* the paths ran */
	CHECK(trawl__fx_ncolumn > col0);
	CHECK(trawl__fx_ncomplement > comp0);
	if (sysconf(_SC_NPROCESSORS_ONLN) > 1)
		CHECK(trawl__fx_nsplit > split0);
}

/* A table with no values: counts are 0, nothing breaks. */
TEST(empty_table)
{
	trawl__fxtab *fx = NULL;
	roaring_bitmap_t *empty = roaring_bitmap_create(), *s = roaring_bitmap_create();
	const roaring_bitmap_t *docs[2] = { empty, empty };
	int dim[2] = { 0, 1 };
	uint64_t cnt[2] = { 7, 7 };
	size_t n;

	CHECK(empty && s);
	roaring_bitmap_add_range(s, 0, 5000);
	CHECK(!trawl__fx_build(&fx, 2, docs, dim, 2));
	CHECK(!trawl__fx_count(fx, s, cnt));
	CHECK_INT(cnt[0], 0);
	CHECK_INT(cnt[1], 0);
	CHECK(trawl__fx_values(fx, 0, &n) && n == 0);
	CHECK(!trawl__fx_values(fx, 5, &n) && n == 0);
	trawl__fx_free(fx);
	roaring_bitmap_free(empty);
	roaring_bitmap_free(s);
}

int main(void)
{
	int failures = 0;

	RUN(counts_equal_intersections);
	RUN(empty_table);
	return failures != 0;
}
