/* libFuzzer target: the query language (lib/index/query.c) and what a
 * query becomes: the FTS5 expression and SQL filters it renders to, run
 * by trawl_search() on a small store made at start-up, with snippets
 * (half the inputs with a phrase's candidates checked on two threads).
 * A query the parser accepts must run: "the query could not be run as
 * written" after a successful parse is a bug of the renderer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "trawl/trawl.h"
#include "index/query.h"
#include "index/ixsearch.h"
#include "check.h"

static trawl_store *store;

static const char *const docs[][2] = {
	{ "a.txt", "东滨市公安局边境管理支队2024年部门预算\n巡逻艇购置 2230000.00元\n"
	           "非法入境人员遣返 1,039,200 元 Border patrol boats\n" },
	{ "b.html", "<html><head><title>中标公告</title></head><body><p>采购人：吉林省公安厅"
	            "</p><p>中标供应商：华泰科技有限公司</p><table><tr><td>人脸识别卡口</td>"
	            "<td>3541.07万元</td></tr></table><p>2023年5月1日</p></body></html>\n" },
	{ "c.csv", "项目,金额\n邊境巡邏,\"1,200\"\nNEAR test,3.5\n" },
};

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static char dir[64] = "/tmp/trawl-fuzz-query-XXXXXX";
	char in[128], st[128];
	const char *paths[1] = { in };
	trawl_add_opts o;
	trawl_add_summary sum;
	trawl_diag d;

	(void)argc;
	(void)argv;
	if (!mkdtemp(dir))
		abort();
	snprintf(in, sizeof in, "%s/in", dir);
	snprintf(st, sizeof st, "%s/store", dir);
	if (mkdir(in, 0700))
		abort();
	for (size_t i = 0; i < sizeof docs / sizeof *docs; i++)
		write_file(in, docs[i][0], docs[i][1]);
	memset(&o, 0, sizeof o);
	o.jobs = 1;
	if (trawl_store_open(st, 1, &store, &d) ||
	    trawl_add(store, paths, 1, &o, &sum, &d) || sum.added != 3) {
		fprintf(stderr, "fuzz-query: can't make the store in %s\n", dir);
		abort();
	}
	return 0;
}

static int on_hit(const trawl_hit *h, void *u)
{
	(void)u;
	FUZZ_CHECK(h->doc && strlen(h->doc) == 64);
	if (h->snippet)
		FUZZ_CHECK(trawl__utf8_valid(h->snippet, strlen(h->snippet)));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = malloc(size + 1);
	trawl__query parsed;
	trawl_search_opts o;
	trawl_search_stats st;
	trawl_diag d;
	trawl_err rc;

	if (!q)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';
	memset(&d, 0, sizeof d);
	rc = trawl__query_parse(q, &parsed, &d);
	if (rc) {
		/* a refused query says why */
		FUZZ_CHECK(rc == TRAWL_EUSAGE && d.msg[0]);
		free(q);
		return 0;
	}
	trawl__query_release(&parsed);
	memset(&o, 0, sizeof o);
	o.limit = 5;
	o.files = size & 1;
	/* half the inputs check a phrase's candidates on two threads (from
	 * two of them: the store is small) */
	trawl__ix_split = size & 2 ? 1 : 8192;
	rc = trawl_search(store, q, &o, on_hit, NULL, &st, &d);
	if (rc)
		fprintf(stderr, "search failed: %s: %s\n", trawl_strerror(rc), d.msg);
	FUZZ_CHECK(rc == TRAWL_OK);
	FUZZ_CHECK(st.documents <= st.hits);
	free(q);
	return 0;
}
