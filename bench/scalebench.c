/* scalebench: search latency on one store (bench/scale.sh).
 *
 *   scalebench STORE QUERIES [ROUNDS]
 *
 * Opens STORE (a folder or postgresql://...), runs every query of the file
 * QUERIES (one a line) ROUNDS times (default 3) as `trawl search` does (20
 * hits with their counts), and prints key=value lines: the number of
 * queries run, p50 and p99 of their latency in milliseconds, and the hits.
 *
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <trawl/trawl.h>

static int on_hit(const trawl_hit *h, void *u)
{
	(void)h;
	(*(long *)u)++;
	return 0;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	trawl_store *s = NULL;
	trawl_diag d;
	char line[1024];
	double *ms = NULL;
	size_t n = 0, cap = 0;
	long hits = 0;
	int rounds = argc > 3 ? atoi(argv[3]) : 3;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: scalebench STORE QUERIES [ROUNDS]\n");
		return 2;
	}
	memset(&d, 0, sizeof d);
	if (trawl_store_open_readonly(argv[1], &s, &d)) {
		fprintf(stderr, "scalebench: %s: %s\n", argv[1], d.msg);
		return 2;
	}
	for (int r = 0; r < rounds; r++) {
		if (!(f = fopen(argv[2], "r"))) {
			perror(argv[2]);
			return 2;
		}
		while (fgets(line, sizeof line, f)) {
			trawl_search_opts o = { .limit = 20 };
			trawl_search_stats st;
			struct timespec a, b;
			line[strcspn(line, "\n")] = '\0';
			if (!line[0] || line[0] == '#')
				continue;
			clock_gettime(CLOCK_MONOTONIC, &a);
			trawl_search(s, line, &o, on_hit, &hits, &st, &d);
			clock_gettime(CLOCK_MONOTONIC, &b);
			if (n == cap) {
				cap = cap ? cap * 2 : 256;
				ms = realloc(ms, cap * sizeof *ms);
				if (!ms)
					return 2;
			}
			ms[n++] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
		}
		fclose(f);
	}
	qsort(ms, n, sizeof *ms, cmp);
	printf("queries=%zu\np50_ms=%.1f\np99_ms=%.1f\nhits=%ld\n", n, n ? ms[n / 2] : 0,
	       n ? ms[(size_t)((double)(n - 1) * 0.99)] : 0, hits);
	free(ms);
	trawl_store_close(s);
	return 0;
}
