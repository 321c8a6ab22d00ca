/* What the web app reads on the SQLite backend: the documents a search
 * finds (for facet counts), every document's facet values, the positioned
 * lines of a PDF page, and a version that tells when the store changed. */
#include <string.h>
#include "store/sqlite_be.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/banned.h"

trawl_err trawl__sq_data_version(void *be, int64_t *v, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *s = NULL;
	trawl_err rc = TRAWL_ESTORE;

	/* data_version moves with other connections' commits, total_changes
	 * with this one's */
	if (sqlite3_prepare_v2(b->db, "PRAGMA data_version", -1, &s, NULL)) {
		trawl__diag_set(d, NULL, "the store's version: %s", sqlite3_errmsg(b->db));
		return TRAWL_ESTORE;
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		*v = (sqlite3_column_int64(s, 0) << 32) + (int64_t)sqlite3_total_changes(b->db);
		rc = TRAWL_OK;
	}
	sqlite3_finalize(s);
	return rc;
}

trawl_err trawl__sq_match_docs(void *be, const trawl__query *q, const trawl_search_opts *o,
                               int (*cb)(int64_t doc, int64_t units, void *), void *u,
                               trawl_diag *d)
{
	sqlite_be *b = be;
	trawl__buf sql, match, where;
	sqlite3_stmt *s = NULL;
	trawl_err rc = TRAWL_OK;
	int r;

	trawl__buf_init(&sql, 0);
	trawl__buf_init(&match, 0);
	trawl__buf_init(&where, 0);
	if (q->root && (rc = trawl__sq_render_match(q->root, &match)))
		goto out;
	trawl__sq_filters_sql(&where, q, o);
	/* a filter left out would widen what is counted */
	if ((rc = trawl__buf_err(&where)))
		goto out;
	if (q->root && !where.len)
		/* the index alone: its rowids ascend and carry the document */
		trawl__buf_addf(&sql, "SELECT rowid >> %d FROM fts WHERE fts MATCH ?1",
		                TRAWL__UNIT_BITS);
	else if (q->root)
		trawl__buf_addf(&sql, "SELECT d.rowid, x.n FROM (SELECT rowid >> %d AS dk, count(*) AS n "
		                "FROM fts WHERE fts MATCH ?1 GROUP BY 1) x JOIN docs d ON d.rowid = x.dk "
		                "JOIN blobs b ON b.sha256 = d.sha256 WHERE 1%s", TRAWL__UNIT_BITS,
		                where.data);
	else
		trawl__buf_addf(&sql, "SELECT d.rowid, 1 FROM docs d JOIN blobs b ON b.sha256 = d.sha256 "
		                "WHERE 1%s", where.len ? where.data : "");
	if ((rc = trawl__buf_err(&sql)))
		goto out;
	if (sqlite3_prepare_v2(b->db, sql.data, -1, &s, NULL)) {
		trawl__diag_set(d, NULL, "searching: %s", sqlite3_errmsg(b->db));
		rc = TRAWL_ESTORE;
		goto out;
	}
	if (q->root)
		sqlite3_bind_text(s, 1, match.data, (int)match.len, SQLITE_STATIC);
	trawl__sq_bind_filters(s, q, o);
	if (q->root && !where.len) {
		/* a document's units are consecutive rowids */
		sqlite3_int64 last = -1, n = 0;
		while ((r = sqlite3_step(s)) == SQLITE_ROW) {
			sqlite3_int64 dk = sqlite3_column_int64(s, 0);
			if (dk != last && n && cb(last, n, u)) {
				n = -1;
				break;
			}
			if (dk != last)
				n = 0;
			last = dk;
			n++;
		}
		if (r == SQLITE_DONE && n > 0)
			(void)cb(last, n, u); /* the last: nothing left to stop */
	} else {
		while ((r = sqlite3_step(s)) == SQLITE_ROW)
			if (cb(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1), u))
				break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = r == SQLITE_ERROR ? TRAWL_EUSAGE : TRAWL_ESTORE;
	sqlite3_finalize(s);
out:
	trawl__buf_release(&sql);
	trawl__buf_release(&match);
	trawl__buf_release(&where);
	return rc;
}

trawl_err trawl__sq_facet_rows(void *be,
                               int (*cb)(int64_t, const char *, int, const char *,
                                         const char *, const char *, const char *, void *),
                               int (*party)(int64_t, const char *, const char *, void *),
                               void *u, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *s = NULL;
	int r;

	if (sqlite3_prepare_v2(b->db, "SELECT d.rowid, " EFF_KIND ", " EFF_YEAR ", " EFF_PLACE
	                       ", b.format, " EFF_CURRENCY ", " EFF_AMOUNT " FROM docs d "
	                       "JOIN blobs b ON b.sha256 = d.sha256 ORDER BY d.rowid", -1, &s, NULL)) {
		trawl__diag_set(d, NULL, "reading the documents: %s", sqlite3_errmsg(b->db));
		return TRAWL_ESTORE;
	}
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		if (cb(sqlite3_column_int64(s, 0), col(s, 1), sqlite3_column_int(s, 2), col(s, 3),
		       col(s, 4), col(s, 5), col(s, 6), u))
			break;
	sqlite3_finalize(s);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return TRAWL_ESTORE;
	/* one pass over the facts table, in its own order (by document) */
	if (sqlite3_prepare_v2(b->db, "SELECT id >> " FACT_BITS_SQL ", role, value FROM facts "
	                       "WHERE kind = 'party' AND role IN ('vendor', 'issuer', 'buyer') "
	                       "AND value IS NOT NULL", -1, &s, NULL)) {
		trawl__diag_set(d, NULL, "reading the parties: %s", sqlite3_errmsg(b->db));
		return TRAWL_ESTORE;
	}
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		if (party(sqlite3_column_int64(s, 0), col(s, 1), col(s, 2), u))
			break;
	sqlite3_finalize(s);
	return r == SQLITE_ROW || r == SQLITE_DONE ? TRAWL_OK : TRAWL_ESTORE;
}

trawl_err trawl__sq_spans(void *be, const char *id, int page,
                          int (*cb)(uint32_t, uint32_t, float, float, float, float, void *),
                          void *u, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *s = NULL;
	trawl_err rc = TRAWL_ENOTFOUND;

	if (sqlite3_prepare_v2(b->db, "SELECT spans FROM units WHERE doc = ?1 AND number = ?2 "
	                       "ORDER BY seq LIMIT 1", -1, &s, NULL)) {
		trawl__diag_set(d, NULL, "reading the page's lines: %s", sqlite3_errmsg(b->db));
		return TRAWL_ESTORE;
	}
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, page);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(s, 0);
		size_t n = (size_t)sqlite3_column_bytes(s, 0) / sizeof(trawl__span);
		rc = TRAWL_OK;
		/* the blob as trawl__unit_span wrote it: trawl__span records */
		for (size_t i = 0; p && i < n; i++) {
			trawl__span sp;
			memcpy(&sp, p + i * sizeof sp, sizeof sp);
			if (cb(sp.start, sp.end, sp.x0, sp.y0, sp.x1, sp.y1, u))
				break;
		}
	}
	sqlite3_finalize(s);
	return rc;
}
