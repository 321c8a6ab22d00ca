/* alloc-facets: the allocation sweep over the facet counts
 * (lib/index/facetcount.c), in one process: a table with groups of
 * columns and lists is built and counted (directly, through the
 * complement, on two threads) with its N-th allocation failing, for
 * N = 1, 2, ... until none fails. Each run must give TRAWL_ENOMEM or
 * exactly the counts of the run without faults (a column that could not
 * be made goes to the lists, a second thread that could not start leaves
 * the work to the first); no crash, no leak (LeakSanitizer after each).
 *
 *   alloc-facets
 *
 * Prints "N allocations, M runs" and "PROBLEM: ..." lines; exits 1 if
 * there was one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "index/facetcount.h"
#include "util/fault.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define LEAK_CHECK() __lsan_do_recoverable_leak_check()
#else
#define LEAK_CHECK() 0
#endif

#define NV 40
#define NDOC 3000

/* Builds and counts docs in every mode into cnt (3 * NV); the first
 * error, or 0. */
static trawl_err run(roaring_bitmap_t *const *v, const int *dim, const roaring_bitmap_t *docs,
                     uint64_t *cnt)
{
	trawl__fxtab *fx = NULL;
	trawl_err rc = trawl__fx_build(&fx, NV, (const roaring_bitmap_t *const *)v, dim, 5);

	for (int mode = 0; mode < 3 && !rc; mode++) {
		trawl__fx_complement = mode;
		trawl__fx_split = mode == 2 ? 1 : 0;
		rc = trawl__fx_count(fx, docs, cnt + mode * NV);
	}
	trawl__fx_complement = 1;
	trawl__fx_split = 16384;
	trawl__fx_free(fx);
	return rc;
}

int main(void)
{
	roaring_bitmap_t *v[NV], *docs = roaring_bitmap_create();
	int dim[NV], problems = 0;
	uint64_t want[3 * NV], got[3 * NV];
	unsigned long n, total;

	if (!docs)
		return 1;
	/* dimensions 0-2: one value a document (a group of keys); 3-4: several
	 * (lists); values 38-39 in no dimension shown */
	for (int i = 0; i < NV; i++) {
		dim[i] = i < 38 ? i % 5 : -1;
		if (!(v[i] = roaring_bitmap_create()))
			return 1;
	}
	for (uint32_t r = 0; r < NDOC; r++) {
		for (int k = 0; k < 3; k++)
			roaring_bitmap_add(v[k + 5 * (int)((r * 7 + (uint32_t)k) % 7)], r);
		for (int k = 3; k < 5; k++)
			for (uint32_t j = 0; j < r % 4; j++)
				roaring_bitmap_add(v[k + 5 * (int)((r + j * 3) % 7)], r);
		if (r % 3)
			roaring_bitmap_add(docs, r);
	}
	trawl__fault_alloc_arm(0);
	if (run(v, dim, docs, want)) {
		printf("PROBLEM: the run without faults failed\n");
		return 1;
	}
	total = trawl__fault_alloc_count();
	for (n = 1;; n++) {
		trawl_err rc;
		int fired;
		trawl__fault_alloc_arm(n);
		memset(got, 0xff, sizeof got);
		rc = run(v, dim, docs, got);
		fired = trawl__fault_alloc_fired();
		trawl__fault_alloc_arm(0);
		if (rc != TRAWL_OK && rc != TRAWL_ENOMEM) {
			printf("PROBLEM: %lu: error %d, not out of memory\n", n, (int)rc);
			problems++;
		} else if (rc == TRAWL_OK && memcmp(got, want, sizeof got)) {
			printf("PROBLEM: %lu: succeeded with other counts\n", n);
			problems++;
		} else if (rc == TRAWL_ENOMEM && !fired) {
			printf("PROBLEM: %lu: out of memory with no allocation failed\n", n);
			problems++;
		}
		if (LEAK_CHECK()) {
			printf("PROBLEM: %lu: leaks\n", n);
			problems++;
		}
		if (!fired)
			break;
	}
	printf("%lu allocations, %lu runs\n", total, n);
	for (int i = 0; i < NV; i++)
		roaring_bitmap_free(v[i]);
	roaring_bitmap_free(docs);
	return problems != 0;
}
