/* pagebench: what the web app's search page asks of the library, timed
 * per query without HTTP: the facet counts with the totals, then the top
 * 20 hits (bench/serve.sh measures the same through the server).
 *
 *   pagebench STORE QUERIES [ROUNDS]
 *
 * Prints, per query, the milliseconds of the page's library work (the
 * best of ROUNDS, default 1) and its hits and documents, then p50, p99
 * and the ten slowest queries. With PAGEBENCH_CHECK=1 it also runs the
 * facets and the search separately and fails when their totals differ
 * from the page's; with PAGEBENCH_FILES=1 the hits are documents (the
 * best unit of each, as --files); with PAGEBENCH_NOFACETS=1 no facet counts
 * (the search alone: top 20 and exact totals); with PAGEBENCH_FULL=1 the
 * top 20 come from a ranking that scores every match (the library's
 * test switch trawl__ix_exhaustive), to compare with the bounded top-k.
 *
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "trawl/trawl.h"

/* lib/index/ixsearch.h (the library is linked statically) */
extern int trawl__ix_exhaustive;

typedef struct qtime {
	const char *q;
	double ms;
	unsigned long long hits, docs;
	unsigned long nfacets;
} qtime;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int count_facet(const trawl_facet *f, void *u)
{
	(void)f;
	(*(unsigned long *)u)++;
	return 0;
}

static int count_hit(const trawl_hit *h, void *u)
{
	(void)h;
	(*(unsigned long *)u)++;
	return 0;
}

static int cmp_ms(const void *a, const void *b)
{
	const qtime *x = a, *y = b;
	return x->ms < y->ms ? -1 : x->ms > y->ms;
}

static double pct(const qtime *v, size_t n, double p)
{
	size_t i = (size_t)(p / 100.0 * (double)(n - 1) + 0.5);
	return v[i < n ? i : n - 1].ms;
}

int main(int argc, char **argv)
{
	trawl_store *s = NULL;
	trawl_facets *f = NULL;
	trawl_diag d;
	FILE *in;
	char line[4096];
	qtime *t = NULL;
	size_t n = 0, cap = 0;
	int rounds = argc > 3 ? atoi(argv[3]) : 1, check = getenv("PAGEBENCH_CHECK") != NULL;

	trawl__ix_exhaustive = getenv("PAGEBENCH_FULL") != NULL;
	if (argc < 3) {
		fprintf(stderr, "usage: pagebench STORE QUERIES [ROUNDS]\n");
		return 2;
	}
	memset(&d, 0, sizeof d);
	if (trawl_store_open_readonly(argv[1], &s, &d) ||
	    trawl_facets_open(s, &f, NULL, &d)) {
		fprintf(stderr, "pagebench: %s\n", d.msg);
		return 2;
	}
	if (!(in = fopen(argv[2], "r"))) {
		perror(argv[2]);
		return 2;
	}
	while (fgets(line, sizeof line, in)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			t = realloc(t, cap * sizeof *t);
			if (!t)
				return 2;
		}
		memset(&t[n], 0, sizeof t[n]);
		t[n].q = strdup(line);
		n++;
	}
	fclose(in);
	for (size_t i = 0; i < n; i++) {
		t[i].ms = 1e300;
		for (int r = 0; r < (rounds > 0 ? rounds : 1); r++) {
			trawl_search_opts o;
			trawl_search_stats st, fst;
			unsigned long nf = 0, nh = 0;
			double t0 = now_ms(), ms;
			trawl_err e;
			memset(&o, 0, sizeof o);
			memset(&st, 0, sizeof st);
			o.limit = 20;
			o.files = getenv("PAGEBENCH_FILES") != NULL;
			if (!getenv("PAGEBENCH_NOFACETS")) {
				o.facet = count_facet;
				o.facet_udata = &nf;
				o.facet_values = 12;
				o.facet_snapshot = f;
			}
			e = trawl_search(s, t[i].q, &o, count_hit, &nh, &st, &d);
			ms = now_ms() - t0;
			if (e) {
				fprintf(stderr, "pagebench: %s: %s\n", t[i].q, d.msg);
				return 1;
			}
			if (ms < t[i].ms)
				t[i].ms = ms;
			t[i].hits = st.hits;
			t[i].docs = st.documents;
			t[i].nfacets = nf;
			if (check) {
				unsigned long nf2 = 0, nh2 = 0;
				trawl_search_opts o2;
				memset(&o2, 0, sizeof o2);
				o2.limit = 20;
				if (trawl_facets_count(s, f, t[i].q, NULL, 12, count_facet, &nf2, &fst, &d) ||
				    trawl_search(s, t[i].q, &o2, count_hit, &nh2, NULL, &d)) {
					fprintf(stderr, "pagebench: %s: %s\n", t[i].q, d.msg);
					return 1;
				}
				if (fst.hits != st.hits || fst.documents != st.documents || nf2 != nf ||
				    nh2 != nh) {
					fprintf(stderr, "pagebench: %s: the page's counts differ\n", t[i].q);
					return 1;
				}
			}
		}
		printf("%9.2f ms  %10llu hits %9llu docs  %s\n", t[i].ms, t[i].hits, t[i].docs,
		       t[i].q);
	}
	qsort(t, n, sizeof *t, cmp_ms);
	printf("queries %zu: p50 %.2f ms, p99 %.2f ms, max %.2f ms\nslowest:", n,
	       pct(t, n, 50), pct(t, n, 99), t[n - 1].ms);
	for (size_t i = n > 10 ? n - 10 : 0; i < n; i++)
		printf(" %s %.1f (%llu units);", t[i].q, t[i].ms, t[i].hits);
	printf("\n");
	trawl_facets_free(f);
	trawl_store_close(s);
	return 0;
}
