/* The library's browsing calls on a store made from examples/: facet
 * counts agree with search, filters and sorts do what they say, facts
 * filtered by a search and counted, query matches, PDF page boxes and
 * images, and a read-only store that refuses to change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "trawl/trawl.h"
#include "test.h"

int test_failed;
static trawl_store *S;
static char store_dir[256];

typedef struct fc {
	char dim[16][16], value[16][200];
	uint64_t n[16];
	int k;
} fc;

static int take_facet(const trawl_facet *f, void *u)
{
	fc *c = u;
	if (c->k < 16) {
		snprintf(c->dim[c->k], 16, "%s", f->dim);
		snprintf(c->value[c->k], 200, "%s", f->value);
		c->n[c->k++] = f->documents;
	}
	return 0;
}

typedef struct hits {
	char doc[64][65];
	double amount[64];
	int year[64];
	int n;
} hits;

static int take_hit(const trawl_hit *h, void *u)
{
	hits *c = u;
	if (c->n < 64)
		snprintf(c->doc[c->n++], 65, "%s", h->doc);
	return 0;
}

TEST(facets_agree_with_search)
{
	trawl_facets *f = NULL;
	fc c;
	trawl_search_stats total, st0;
	int64_t v = 0;

	memset(&c, 0, sizeof c);
	CHECK_INT(trawl_facets_open(S, &f, &v, NULL), TRAWL_OK);
	CHECK_INT(trawl_facets_count(S, f, "遣返", NULL, 3, take_facet, &c, &total, NULL), TRAWL_OK);
	CHECK(total.documents > 0 && c.k > 0);
	/* the totals are search's */
	CHECK_INT(trawl_search(S, "遣返", NULL, NULL, NULL, &st0, NULL), TRAWL_OK);
	CHECK_INT(total.documents, st0.documents);
	CHECK_INT(total.hits, st0.hits);
	{
		trawl_filter pdf;
		memset(&pdf, 0, sizeof pdf);
		pdf.format = "pdf";
		trawl_search_opts po;
		memset(&po, 0, sizeof po);
		po.filter = &pdf;
		CHECK_INT(trawl_facets_count(S, f, "遣返", &pdf, 3, take_facet, &c, &total, NULL),
		          TRAWL_OK);
		CHECK_INT(trawl_search(S, "遣返", &po, NULL, NULL, &st0, NULL), TRAWL_OK);
		CHECK_INT(total.documents, st0.documents);
		CHECK_INT(total.hits, st0.hits);
		CHECK(st0.hits > st0.documents);
		memset(&c, 0, sizeof c);
		CHECK_INT(trawl_facets_count(S, f, "遣返", NULL, 3, take_facet, &c, &total, NULL),
		          TRAWL_OK);
	}
	/* each facet's count is what the search with that filter finds */
	for (int i = 0; i < c.k; i++) {
		trawl_filter flt;
		trawl_search_opts o;
		trawl_search_stats st;
		memset(&flt, 0, sizeof flt);
		memset(&o, 0, sizeof o);
		if (!strcmp(c.dim[i], "kind")) flt.kind = c.value[i];
		else if (!strcmp(c.dim[i], "year")) flt.year = (int)strtol(c.value[i], NULL, 10);
		else if (!strcmp(c.dim[i], "place")) flt.place = c.value[i];
		else if (!strcmp(c.dim[i], "agency")) flt.agency = c.value[i];
		else if (!strcmp(c.dim[i], "vendor")) flt.vendor = c.value[i];
		else if (!strcmp(c.dim[i], "format")) flt.format = c.value[i];
		else flt.currency = c.value[i];
		o.filter = &flt;
		CHECK_INT(trawl_search(S, "遣返", &o, NULL, NULL, &st, NULL), TRAWL_OK);
		CHECK_INT(st.documents, c.n[i]);
	}
	/* no query, an empty filter: every document */
	{
		trawl_filter any;
		trawl_search_opts o;
		trawl_search_stats st;
		fc all;
		memset(&any, 0, sizeof any);
		memset(&o, 0, sizeof o);
		memset(&all, 0, sizeof all);
		o.filter = &any;
		CHECK_INT(trawl_search(S, "", &o, NULL, NULL, &st, NULL), TRAWL_OK);
		CHECK_INT(trawl_facets_count(S, f, NULL, &any, 0, take_facet, &all, &total, NULL),
		          TRAWL_OK);
		CHECK_INT(total.documents, st.documents);
		CHECK_INT(total.hits, st.hits);
		CHECK(total.documents > 10);
		/* an empty query without a filter is still a usage error */
		CHECK_INT(trawl_search(S, "", NULL, NULL, NULL, &st, NULL), TRAWL_EUSAGE);
	}
	trawl_facets_free(f);
}

typedef struct amounts {
	trawl_store *s;
	double v[64];
	int n, none;
} amounts;

static int take_amount(const trawl_hit *h, void *u)
{
	amounts *a = u;
	trawl_doc_info d;
	if (a->n < 64 && trawl_doc_get(a->s, h->doc, &d, NULL) == TRAWL_OK) {
		a->v[a->n++] = d.amount ? strtod(d.amount, NULL) : -1;
	}
	return 0;
}

TEST(sort_and_amount_range)
{
	trawl_filter any;
	trawl_search_opts o;
	amounts a;
	hits h;

	memset(&any, 0, sizeof any);
	memset(&o, 0, sizeof o);
	memset(&a, 0, sizeof a);
	a.s = S;
	o.filter = &any;
	o.limit = 64;
	o.sort = TRAWL_SORT_AMOUNT;
	/* the callback reads each document: collect ids first (one query at a time) */
	memset(&h, 0, sizeof h);
	CHECK_INT(trawl_search(S, "", &o, take_hit, &h, NULL, NULL), TRAWL_OK);
	for (int i = 0; i < h.n; i++) {
		trawl_hit one;
		memset(&one, 0, sizeof one);
		one.doc = h.doc[i];
		take_amount(&one, &a);
	}
	CHECK(a.n > 3);
	for (int i = 1; i < a.n; i++)
		CHECK(a.v[i - 1] >= a.v[i] || a.v[i] < 0);
	CHECK(a.v[0] > 0);
	/* the range keeps what lies inside it */
	any.amount_min = "1000000";
	any.amount_max = "30000000";
	memset(&h, 0, sizeof h);
	memset(&a, 0, sizeof a);
	a.s = S;
	CHECK_INT(trawl_search(S, "", &o, take_hit, &h, NULL, NULL), TRAWL_OK);
	for (int i = 0; i < h.n; i++) {
		trawl_hit one;
		memset(&one, 0, sizeof one);
		one.doc = h.doc[i];
		take_amount(&one, &a);
	}
	CHECK(a.n > 0);
	for (int i = 0; i < a.n; i++)
		CHECK(a.v[i] >= 1000000 && a.v[i] <= 30000000);
}

typedef struct fl {
	int n;
	double last;
	int sorted;
	int outside;
} fl;

static int take_fact(const trawl_fact_info *f, void *u)
{
	fl *c = u;
	double v = strtod(f->value ? f->value : "0", NULL) * (f->negative ? -1 : 1);
	if (c->n && v > c->last)
		c->sorted = 0;
	if (v < 1000000 || v > 5000000)
		c->outside++;
	c->last = v;
	c->n++;
	return 0;
}

TEST(facts_filtered_sorted_counted)
{
	trawl_facts_opts o;
	fl c = { 0, 0, 1, 0 };
	uint64_t n = 0, all = 0;

	memset(&o, 0, sizeof o);
	o.kind = "money";
	o.min = "1000000";
	o.max = "5000000";
	o.sort = TRAWL_FACTS_BY_VALUE_DESC;
	CHECK_INT(trawl_facts_count(S, &o, &n, NULL), TRAWL_OK);
	CHECK_INT(trawl_facts(S, &o, take_fact, &c, NULL), TRAWL_OK);
	CHECK_INT(c.n, n);
	CHECK(n > 0 && c.sorted && !c.outside);
	/* the documents a search finds: fewer facts */
	o.query = "遣返";
	CHECK_INT(trawl_facts_count(S, &o, &all, NULL), TRAWL_OK);
	CHECK(all <= n);
	o.query = "kind:nonsense";
	CHECK_INT(trawl_facts_count(S, &o, &all, NULL), TRAWL_EUSAGE);
	/* paging */
	o.query = NULL;
	o.limit = 2;
	o.offset = 1;
	memset(&c, 0, sizeof c);
	c.sorted = 1;
	CHECK_INT(trawl_facts(S, &o, take_fact, &c, NULL), TRAWL_OK);
	CHECK_INT(c.n, n > 2 ? 2 : (int)n - 1);
}

typedef struct mm {
	size_t s[16], e[16];
	int n;
} mm;

static int take_match(size_t s, size_t e, void *u)
{
	mm *m = u;
	if (m->n < 16) {
		m->s[m->n] = s;
		m->e[m->n++] = e;
	}
	return 0;
}

TEST(query_matches)
{
	const char *t = "一、邊境管理：遣返外国人；再次遣返。Café 3541.07万元";
	mm m;

	memset(&m, 0, sizeof m);
	CHECK_INT(trawl_query_matches("遣返 OR 边境", t, strlen(t), take_match, &m, NULL), TRAWL_OK);
	CHECK_INT(m.n, 3);
	CHECK(!strncmp(t + m.s[0], "邊境", m.e[0] - m.s[0]));
	CHECK(!strncmp(t + m.s[1], "遣返", m.e[1] - m.s[1]));
	memset(&m, 0, sizeof m);
	CHECK_INT(trawl_query_matches("cafe 3541.07", t, strlen(t), take_match, &m, NULL), TRAWL_OK);
	CHECK_INT(m.n, 2);
	CHECK_INT(trawl_query_matches("\"open", t, strlen(t), take_match, &m, NULL), TRAWL_EUSAGE);
}

typedef struct bx {
	int n;
	int inside;
	size_t ranges;
} bx;

static int take_box(const trawl_box *b, void *u)
{
	bx *c = u;
	c->n++;
	c->inside += b->x0 >= 0 && b->x1 > b->x0 && b->y1 > b->y0 && b->x1 < 700 && b->y1 < 900;
	return 0;
}

/* The same answers with MuPDF in this process (vw NULL) and in the
 * viewer's sandboxed workers. */
static void page_checks(const char *test_name, trawl_viewer *vw)
{
	char id[65];
	size_t r[2];
	bx c = { 0, 0, 0 };
	float w = 0, h = 0;
	unsigned char *png = NULL;
	size_t len = 0;
	trawl_diag d;

	memset(&d, 0, sizeof d);
	CHECK_INT(trawl_doc_resolve(S, EXAMPLES "/bianjian_zhidui_2024_bumen_yusuan.pdf", id, &d),
	          TRAWL_OK);
	r[0] = 0;
	r[1] = 9; /* the page's first three characters */
	CHECK_INT(trawl_page_boxes(S, vw, id, 1, r, 1, take_box, &c, &w, &h, NULL), TRAWL_OK);
	CHECK(c.n >= 1 && c.inside == c.n);
	CHECK(w > 500 && w < 700 && h > 700 && h < 900);
	CHECK_INT(trawl_page_boxes(S, vw, id, 99, r, 1, take_box, &c, &w, &h, NULL),
	          TRAWL_ENOTFOUND);
	CHECK_INT(trawl_page_png(S, vw, id, 2, 72, &png, &len, &d), TRAWL_OK);
	CHECK(len > 1000 && png && !memcmp(png, "\x89PNG", 4));
	free(png);
	/* a page after a page of the same document (the worker keeps it open) */
	CHECK_INT(trawl_page_png(S, vw, id, 1, 72, &png, &len, &d), TRAWL_OK);
	CHECK(len > 1000 && png && !memcmp(png, "\x89PNG", 4));
	free(png);
	CHECK_INT(trawl_page_png(S, vw, id, 0, 72, &png, &len, &d), TRAWL_ENOTFOUND);
	CHECK(!png && !len);
	CHECK_INT(trawl_page_png(S, vw, id, 99, 72, &png, &len, &d), TRAWL_ENOTFOUND);
	CHECK(!png && !len);
	CHECK_INT(trawl_doc_resolve(S, EXAMPLES "/caigou_hetong_gongshi_2024.csv", id, &d), TRAWL_OK);
	CHECK_INT(trawl_page_png(S, vw, id, 1, 72, &png, &len, &d), TRAWL_EUNSUPPORTED);
}

TEST(pdf_page_boxes_and_image)
{
	page_checks(test_name, NULL);
}

TEST(pdf_page_in_sandboxed_workers)
{
	trawl_viewer *vw = NULL;
	trawl_viewer_opts o = { 1, 30, 0 };
	trawl_diag d;

	memset(&d, 0, sizeof d);
	CHECK_INT(trawl_viewer_start(&o, &vw, &d), TRAWL_OK);
	if (!vw)
		return;
	page_checks(test_name, vw);
	trawl_viewer_stop(vw);
}

TEST(read_only_store)
{
	trawl_store *ro = NULL;
	trawl_diag d;
	char id[65];
	const char *k[1] = { "year" }, *v[1] = { "2001" };
	int64_t a = 0, b = 0;

	memset(&d, 0, sizeof d);
	CHECK_INT(trawl_store_open_readonly(store_dir, &ro, &d), TRAWL_OK);
	CHECK_INT(trawl_doc_resolve(ro, EXAMPLES "/caigou_hetong_gongshi_2024.csv", id, &d), TRAWL_OK);
	CHECK(trawl_doc_set(ro, id, k, v, 1, &d) != TRAWL_OK);
	CHECK(trawl_watch_add(ro, "w", "遣返", &d) != TRAWL_OK);
	/* a change made elsewhere moves the version */
	CHECK_INT(trawl_store_version(ro, &a, NULL), TRAWL_OK);
	CHECK_INT(trawl_watch_add(S, "w", "遣返", &d), TRAWL_OK);
	CHECK_INT(trawl_store_version(ro, &b, NULL), TRAWL_OK);
	CHECK(a != b);
	trawl_store_close(ro);
	CHECK_INT(trawl_store_open_readonly("/nonexistent/trawl", &ro, &d), TRAWL_ESTORE);
}

int main(void)
{
	int failures = 0;
	const char *paths[1] = { EXAMPLES };
	trawl_add_opts o;
	trawl_add_summary sum;
	trawl_diag d;

	snprintf(store_dir, sizeof store_dir, "/tmp/trawl-browse-test-%d", (int)getpid());
	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	if (trawl_store_open(store_dir, 1, &S, &d) || trawl_add(S, paths, 1, &o, &sum, &d)) {
		printf("FAIL browse_store: %s\n", d.msg);
		return 1;
	}
	RUN(facets_agree_with_search);
	RUN(sort_and_amount_range);
	RUN(facts_filtered_sorted_counted);
	RUN(query_matches);
	RUN(pdf_page_boxes_and_image);
	RUN(pdf_page_in_sandboxed_workers);
	RUN(read_only_store);
	trawl_store_close(S);
	{
		char cmd[400];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", store_dir);
		if (system(cmd)) {
			/* a leftover folder in /tmp harms nothing */
		}
	}
	return failures ? 1 : 0;
}
