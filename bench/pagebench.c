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
 * With PAGEBENCH_RG=TEXTDIR (the text of the store as one file a document:
 * `SB_TRIGRAM=0 searchbench export STORE TEXTDIR -`), every
 * PAGEBENCH_RG_EVERY-th query (default 10) is also run as `rg -F -l QUERY
 * TEXTDIR` (wall time from spawn to exit, its output to a file), followed
 * at once by the page's search of the same query, timed again: pairs
 * under the same load on a shared machine. It prints each pair and the
 * ratio of the medians.
 *
 * PAGEBENCH_WINDOW=256 switches on the bounded top-k of queries of several
 * phrases (windows of that many units; off by default, trawl__ix_window).
 * PAGEBENCH_SPLIT=N checks a phrase's candidates in a segment on two
 * threads from 2N of them (trawl__ix_split, default 8192); 0: on one
 * thread always (wall time; CPU time counts both threads).
 *
 * PAGEBENCH_FXSPLIT=N counts the facets of a page's documents on two
 * threads from 2N of them (trawl__fx_split, default 16384; 0: on one
 * thread always).
 *
 * With PAGEBENCH_CPU=1 the times are the process's CPU time, not wall time
 * (on a shared machine, time spent waiting for a core is left out; rg
 * pairs still use wall time for rg).
 *
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <math.h>
#include <time.h>
#include <unistd.h>
#include "trawl/trawl.h"

/* lib/index/ixsearch.h (the library is linked statically) */
extern int trawl__ix_exhaustive;
extern unsigned trawl__ix_window;
extern unsigned trawl__ix_split;
/* lib/index/facetcount.h */
extern unsigned trawl__fx_split;

typedef struct qtime {
	const char *q;
	double ms;
	unsigned long long hits, docs;
	unsigned long nfacets;
} qtime;

static int cpu_clock;   /* PAGEBENCH_CPU: the process's CPU time */

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(cpu_clock ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
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

extern char **environ;

/* rg -F -l q dir, output to outpath: wall ms and the files it printed
 * (-1 when it failed). */
static double rg_once(const char *q, const char *dir, const char *outpath, long *files)
{
	char *argv[] = { "rg", "-F", "-l", "--", (char *)q, (char *)dir, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st = 0, c;
	double t0;
	FILE *f;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, outpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	t0 = now_ms();
	if (posix_spawnp(&pid, "rg", &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	while (waitpid(pid, &st, 0) < 0)
		;
	t0 = now_ms() - t0;
	posix_spawn_file_actions_destroy(&fa);
	if (!WIFEXITED(st) || WEXITSTATUS(st) > 1)
		return -1;
	*files = 0;
	if ((f = fopen(outpath, "r"))) {
		while ((c = getc(f)) != EOF)
			*files += c == '\n';
		fclose(f);
	}
	return t0;
}

static int cmp_dbl(const void *a, const void *b)
{
	const double *x = a, *y = b;
	return *x < *y ? -1 : *x > *y;
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_dbl);
	return n ? (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) : 0;
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
	cpu_clock = getenv("PAGEBENCH_CPU") != NULL;
	if (getenv("PAGEBENCH_WINDOW"))
		trawl__ix_window = (unsigned)atoi(getenv("PAGEBENCH_WINDOW"));
	if (getenv("PAGEBENCH_SPLIT"))
		trawl__ix_split = (unsigned)atoi(getenv("PAGEBENCH_SPLIT"));
	if (getenv("PAGEBENCH_FXSPLIT"))
		trawl__fx_split = (unsigned)atoi(getenv("PAGEBENCH_FXSPLIT"));
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
	const char *rgdir = getenv("PAGEBENCH_RG");
	int rgevery = getenv("PAGEBENCH_RG_EVERY") ? atoi(getenv("PAGEBENCH_RG_EVERY")) : 10;
	double *prg = calloc(n + 1, sizeof *prg), *ptr = calloc(n + 1, sizeof *ptr), lsum = 0;
	size_t npair = 0;
	char rgout[4096];
	snprintf(rgout, sizeof rgout, "%s/pagebench-rg.%ld.out",
	         getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (long)getpid());
	if (!prg || !ptr)
		return 2;
	if (rgevery < 1)
		rgevery = 1;
	for (size_t i = 0; i < n; i++) {
		int pair = rgdir && i % (size_t)rgevery == 0;
		long rgfiles = 0;
		double rgms = 0;
		t[i].ms = 1e300;
		for (int r = 0; r < (rounds > 0 ? rounds : 1) + pair; r++) {
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
			if (pair && r == (rounds > 0 ? rounds : 1)) {
				/* the pair: rg, then this search again */
				rgms = rg_once(t[i].q, rgdir, rgout, &rgfiles);
				if (rgms < 0) {
					fprintf(stderr, "pagebench: rg failed on %s\n", t[i].q);
					return 1;
				}
				t0 = now_ms();
			}
			e = trawl_search(s, t[i].q, &o, count_hit, &nh, &st, &d);
			ms = now_ms() - t0;
			if (pair && r == (rounds > 0 ? rounds : 1)) {
				if (e) {
					fprintf(stderr, "pagebench: %s: %s\n", t[i].q, d.msg);
					return 1;
				}
				printf("  pair: rg %.1f ms (%ld files), trawl %.2f ms (%llu docs): %.0fx  %s\n",
				       rgms, rgfiles, ms, (unsigned long long)st.documents,
				       rgms / (ms > 0.001 ? ms : 0.001), t[i].q);
				prg[npair] = rgms;
				ptr[npair] = ms;
				lsum += log(rgms / (ms > 0.001 ? ms : 0.001));
				npair++;
				continue;
			}
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
	if (npair) {
		double g = exp(lsum / (double)npair), mr = median(prg, npair), mt = median(ptr, npair);
		printf("rg pairs %zu: rg median %.1f ms, trawl median %.2f ms (the same queries, each "
		       "right after its rg): rg/trawl %.0fx; geometric mean of the pairs' ratios %.0fx\n",
		       npair, mr, mt, mr / (mt > 0.001 ? mt : 0.001), g);
		unlink(rgout);
	}
	free(prg);
	free(ptr);
	trawl_facets_free(f);
	trawl_store_close(s);
	return 0;
}
