/* trawl search and watchlists: parse the query, hand it to the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "index/query.h"
#include "index/snippet.h"
#include "store/store.h"
#include "util/diag.h"
#include "util/banned.h"

static void iso_now(char *out, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

typedef struct snip_ctx {
	const trawl__query *q;
	int (*cb)(const trawl_hit *, void *);
	void *u;
	trawl__buf buf;
	trawl_err rc;
} snip_ctx;

/* Turns the unit text the store gives into an excerpt around the match. */
static int with_snippet(const trawl_hit *h, void *u)
{
	snip_ctx *c = u;
	trawl_hit copy = *h;

	if (h->snippet) {
		trawl__buf_reset(&c->buf);
		if (c->q->root)
			c->rc = trawl__snippet(h->snippet, strlen(h->snippet), c->q->root, 60,
			                       &c->buf);
		else
			c->rc = trawl__buf_add(&c->buf, h->snippet, strlen(h->snippet) < 180 ?
			                       strlen(h->snippet) : 180);
		if (c->rc)
			return 1;
		copy.snippet = c->buf.data;
	}
	return c->cb(&copy, c->u);
}

/* Parses query; with a filter, an empty query is every document (the
 * browser lists them). */
trawl_err trawl__query_browse(const char *query, const trawl_filter *f, trawl__query *q,
                              trawl_diag *d)
{
	const char *p = query;

	while (p && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	if (f && (!p || !*p)) {
		memset(q, 0, sizeof *q);
		return TRAWL_OK;
	}
	return trawl__query_parse(query ? query : "", q, d);
}

trawl_err trawl_search(trawl_store *s, const char *query, const trawl_search_opts *o,
                       int (*cb)(const trawl_hit *, void *), void *u,
                       trawl_search_stats *st, trawl_diag *d)
{
	static const trawl_search_opts defaults = { .limit = 20 };
	trawl__query q;
	trawl_err rc;

	if (st)
		memset(st, 0, sizeof *st);
	rc = trawl__query_browse(query, o ? o->filter : NULL, &q, d);
	if (rc)
		return rc;
	if (o && o->facet && !s->ops->search_facets) {
		/* a store that counts facets apart: count, then search */
		trawl_search_opts plain = *o;
		plain.facet = NULL;
		if (!s->ops->facet_counts && !o->facet_snapshot) {
			trawl__diag_set(d, NULL, "counting facets on this store needs a snapshot "
			                "(trawl_facets_open)");
			rc = TRAWL_EUSAGE;
		} else {
			rc = trawl_facets_count(s, o->facet_snapshot, query, o->filter, o->facet_values,
			                        o->facet, o->facet_udata, NULL, d);
		}
		trawl__query_release(&q);
		return rc ? rc : trawl_search(s, query, &plain, cb, u, st, d);
	}
	{
		snip_ctx c = { &q, cb, u, { 0 }, TRAWL_OK };
		trawl__buf_init(&c.buf, 1 << 20);
		rc = s->ops->search(s->be, &q, o ? o : &defaults, cb ? with_snippet : NULL, &c, st, d);
		if (!rc)
			rc = c.rc;
		trawl__buf_release(&c.buf);
	}
	trawl__query_release(&q);
	return rc;
}

trawl_err trawl_query_matches(const char *query, const char *text, size_t len,
                              int (*cb)(size_t, size_t, void *), void *u, trawl_diag *d)
{
	trawl__query q;
	trawl_err rc = trawl__query_parse(query ? query : "", &q, d);

	if (rc)
		return rc;
	if (q.root && text)
		rc = trawl__match_ranges(text, len, q.root, cb, u);
	trawl__query_release(&q);
	return rc;
}

trawl_err trawl_watch_add(trawl_store *s, const char *name, const char *query, trawl_diag *d)
{
	trawl__query q;
	char now[32];
	trawl_err rc;

	if (!name || !*name || strlen(name) > 200) {
		trawl__diag_set(d, "", "a watch needs a name (up to 200 bytes)");
		return TRAWL_EUSAGE;
	}
	rc = trawl__query_parse(query, &q, d);
	if (rc)
		return rc;
	trawl__query_release(&q);
	iso_now(now, sizeof now);
	return s->ops->watch_put(s->be, name, query, now, d);
}

trawl_err trawl_watch_remove(trawl_store *s, const char *name, trawl_diag *d)
{
	trawl_err rc = s->ops->watch_del(s->be, name, d);
	if (rc == TRAWL_ENOTFOUND)
		trawl__diag_set(d, "", "no watch named %s", name);
	return rc;
}

typedef struct watch_ctx {
	trawl_store *s;
	int run;
	int (*on_watch)(const trawl_watch *, void *);
	int (*on_hit)(const trawl_hit *, void *);
	void *u;
	int64_t mark_now;
	trawl_err rc;
	trawl_diag *d;
} watch_ctx;

/* The watch rows are read first, then each one is searched: one query at
 * a time on the connection. */
typedef struct watch_row {
	char *name, *query, *created, *last;
	int64_t mark;
} watch_row;

static int collect(const char *name, const char *query, const char *created,
                   const char *last, int64_t mark, void *u)
{
	trawl__vec *rows = u;
	watch_row *r = trawl__vec_push(rows);
	if (!r)
		return 1;
	r->name = trawl__strdup(name);
	r->query = trawl__strdup(query);
	r->created = trawl__strdup(created);
	r->last = trawl__strdup(last);
	r->mark = mark;
	return 0;
}

static void rows_free(trawl__vec *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		watch_row *r = &TRAWL_VEC_AT(rows, watch_row, i);
		free(r->name);
		free(r->query);
		free(r->created);
		free(r->last);
	}
	trawl__vec_release(rows);
}

static trawl_err each_watch(watch_ctx *c, const char *name)
{
	trawl__vec rows;
	trawl_err rc;
	size_t i;
	int keep;

	trawl__vec_init(&rows, sizeof(watch_row));
	rc = c->s->ops->watches(c->s->be, name, collect, &rows, c->d);
	if (rc == TRAWL_ENOTFOUND)
		trawl__diag_set(c->d, "", "no watch named %s", name);
	for (i = 0; !rc && i < rows.n; i++) {
		watch_row *r = &TRAWL_VEC_AT(&rows, watch_row, i);
		trawl_search_opts o = { .limit = 1 << 30, .files = 1, .since = r->mark };
		trawl_search_stats st;
		trawl_watch w = { r->name, r->query, r->created, r->last, 0 };
		trawl__query q;
		if (!r->name || !r->query) {
			rc = TRAWL_ENOMEM;
			break;
		}
		rc = trawl__query_parse(r->query, &q, c->d);
		if (rc)
			break;
		rc = c->s->ops->search(c->s->be, &q, &o, NULL, NULL, &st, c->d);
		w.new_documents = st.documents;
		keep = 0;
		if (!rc && c->on_watch && (keep = c->on_watch(&w, c->u)) == 1) {
			trawl__query_release(&q);
			break;
		}
		if (!rc && c->run) {
			char now[32];
			rc = c->s->ops->search(c->s->be, &q, &o, c->on_hit, c->u, NULL, c->d);
			iso_now(now, sizeof now);
			/* a read-only store is watched without marks; the caller may
			 * keep a watch unmarked (it did not show all it found) */
			if (!rc && !c->s->readonly && keep != 2)
				rc = c->s->ops->watch_mark(c->s->be, r->name, c->mark_now, now, c->d);
		}
		trawl__query_release(&q);
	}
	rows_free(&rows);
	return rc;
}

trawl_err trawl_watch_list(trawl_store *s, int (*cb)(const trawl_watch *, void *), void *u,
                           trawl_diag *d)
{
	watch_ctx c = { s, 0, cb, NULL, u, 0, TRAWL_OK, d };
	return each_watch(&c, NULL);
}

trawl_err trawl_watch_run(trawl_store *s, const char *name,
                          int (*on_watch)(const trawl_watch *, void *),
                          int (*on_hit)(const trawl_hit *, void *), void *u, trawl_diag *d)
{
	watch_ctx c = { s, 1, on_watch, on_hit, u, 0, TRAWL_OK, d };
	trawl_err rc = s->ops->doc_mark(s->be, &c.mark_now, d);

	if (rc)
		return rc;
	return each_watch(&c, name);
}
