/* trawl copy: a whole store, with its history, into an empty one of any
 * backend (a folder into PostgreSQL and back): the originals, every
 * version seen of every path, the documents as read with their user's
 * corrections, their text, facts and fields, and the watches. The
 * destination indexes the text itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/banned.h"

const char *const trawl__copy_cols[TRAWL__COPY_N] = {
	[TRAWL__COPY_BLOBS] = "sha256, size, format, encoding, added_at, ndocs, stated_unit, "
		"stated_currency",
	[TRAWL__COPY_DOCS] = "id, sha256, seq, ext_id, title, units, pages, text_bytes, year, kind, "
		"extractor, indexed, kind_src, year_src, place, place_code, place_src, amount, currency, "
		"amount_src, amount_fact, u_title, u_kind, u_year, u_place, u_place_code, u_amount, "
		"u_currency, ocr_units, ocr_conf",
	[TRAWL__COPY_UNITS] = "doc, seq, kind, number, name, text, raw, map, cells, spans, ncells, "
		"ocr",
	[TRAWL__COPY_FACTS] = "doc, n, unit, kind, bstart, bend, cstart, cend, text, value, value_hi, "
		"num, negative, currency, unit_name, unit_source, comparator, precision, role, code, "
		"label, col, caption, party, attrs",
	[TRAWL__COPY_FIELDS] = "doc, key, value",
	[TRAWL__COPY_SIGHTINGS] = "path, sha256, size, mtime, seen_at, source_url, version, realpath",
	/* a watch's mark as the id of the last document it had seen (or NULL) */
	[TRAWL__COPY_WATCHES] = "name, query, created_at, last_run_at, mark_doc",
};
const int trawl__copy_ncols[TRAWL__COPY_N] = { 8, 30, 12, 25, 3, 8, 5 };

typedef struct copy_ctx {
	trawl_store *src, *dst;
	trawl_diag *d;
	trawl_err rc;
	uint64_t n;
} copy_ctx;

static int count_blob(const char *sha, int64_t size, void *u)
{
	(void)sha;
	(void)size;
	(*(uint64_t *)u)++;
	return 1;
}

/* The original of sha, read from the source, stored in the destination. */
static trawl_err copy_original(copy_ctx *c, const char *sha)
{
	char path[4096];
	trawl__buf data;
	trawl_err rc;

	if ((rc = trawl__object_local(c->src, sha, path, sizeof path, c->d)))
		return rc;
	trawl__buf_init(&data, (size_t)1 << 40);
	rc = trawl__read_path(path, &data, c->d);
	if (!rc)
		rc = trawl__object_put(c->dst, sha, data.data ? data.data : "", data.len, c->d);
	trawl__buf_release(&data);
	/* a copy fetched from a database: one at a time on the disk */
	if (c->src->scratch)
		remove(path);
	return rc;
}

static int copy_row(const trawl__row *r, void *u, int table)
{
	copy_ctx *c = u;
	char sha[65];

	if (table == TRAWL__COPY_BLOBS) {
		snprintf(sha, sizeof sha, "%.*s", r->v[0] ? (int)r->n[0] : 0, r->v[0] ? r->v[0] : "");
		if ((c->rc = copy_original(c, sha)))
			return 1;
	}
	c->rc = c->dst->ops->copy_in(c->dst->be, table, r, c->d);
	c->n++;
	return c->rc != TRAWL_OK;
}

#define ROW_CB(T) static int row_##T(const trawl__row *r, void *u) { return copy_row(r, u, T); }
ROW_CB(TRAWL__COPY_BLOBS)
ROW_CB(TRAWL__COPY_DOCS)
ROW_CB(TRAWL__COPY_UNITS)
ROW_CB(TRAWL__COPY_FACTS)
ROW_CB(TRAWL__COPY_FIELDS)
ROW_CB(TRAWL__COPY_SIGHTINGS)
ROW_CB(TRAWL__COPY_WATCHES)

trawl_err trawl_store_copy(trawl_store *src, trawl_store *dst, uint64_t *rows, trawl_diag *d)
{
	static int (*const cbs[TRAWL__COPY_N])(const trawl__row *, void *) = {
		row_TRAWL__COPY_BLOBS, row_TRAWL__COPY_DOCS, row_TRAWL__COPY_UNITS,
		row_TRAWL__COPY_FACTS, row_TRAWL__COPY_FIELDS, row_TRAWL__COPY_SIGHTINGS,
		row_TRAWL__COPY_WATCHES,
	};
	copy_ctx c = { src, dst, d, TRAWL_OK, 0 };
	uint64_t there = 0;
	trawl_err rc;

	if (!src->ops->copy_out || !dst->ops->copy_in) {
		trawl__diag_set(d, "", "these stores can't be copied");
		return TRAWL_EUSAGE;
	}
	if ((rc = dst->ops->blobs(dst->be, count_blob, &there, d)))
		return rc;
	if (there) {
		trawl__diag_set(d, dst->dir, "the destination store is not empty");
		return TRAWL_EUSAGE;
	}
	/* the documents of a copy into a store with collections join one
	 * named after where they came from */
	if (dst->ops->set_collections &&
	    (rc = dst->ops->set_collections(dst->be, src->dir, NULL, 0, d)))
		return rc;
	if ((rc = dst->ops->begin(dst->be, d)))
		return rc;
	for (int t = 0; t < TRAWL__COPY_N && !rc; t++) {
		rc = src->ops->copy_out(src->be, t, cbs[t], &c, d);
		if (!rc)
			rc = c.rc;
	}
	/* every row is in: the destination indexes what it holds */
	if (!rc)
		rc = dst->ops->copy_in(dst->be, TRAWL__COPY_N, NULL, d);
	if (!rc && !dst->ops->obj_put)
		trawl__objects_sync(dst);
	if (!rc)
		rc = dst->ops->commit(dst->be, d);
	else
		dst->ops->rollback(dst->be);
	if (!rc)
		*rows = c.n;
	return rc;
}
