/* What the web app reads on the SQLite backend: every document's facet
 * values, the positioned lines of a PDF page, and a version that tells
 * when the store changed. (The documents a search finds are counted by
 * facet through the index's bitmaps: trawl__sq_facet_counts.) */
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
	if (sqlite3_prepare_v2(b->db, "PRAGMA data_version", -1, &s, NULL))
		return trawl__sq_err(b->db, d, "the store's version");
	if (sqlite3_step(s) == SQLITE_ROW) {
		*v = (sqlite3_column_int64(s, 0) << 32) + (int64_t)sqlite3_total_changes(b->db);
		rc = TRAWL_OK;
	}
	sqlite3_finalize(s);
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
	                       "JOIN blobs b ON b.sha256 = d.sha256 ORDER BY d.rowid", -1, &s, NULL))
		return trawl__sq_err(b->db, d, "reading the documents");
	while ((r = sqlite3_step(s)) == SQLITE_ROW)
		if (cb(sqlite3_column_int64(s, 0), col(s, 1), sqlite3_column_int(s, 2), col(s, 3),
		       col(s, 4), col(s, 5), col(s, 6), u))
			break;
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		trawl_err rc = trawl__sq_err(b->db, d, "reading the documents");
		sqlite3_finalize(s);
		return rc;
	}
	sqlite3_finalize(s);
	/* one pass over the facts table, in its own order (by document) */
	if (sqlite3_prepare_v2(b->db, "SELECT id >> " FACT_BITS_SQL ", role, value FROM facts "
	                       "WHERE kind = 'party' AND role IN ('vendor', 'issuer', 'buyer') "
	                       "AND value IS NOT NULL", -1, &s, NULL))
		return trawl__sq_err(b->db, d, "reading the parties");
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
	                       "ORDER BY seq LIMIT 1", -1, &s, NULL))
		return trawl__sq_err(b->db, d, "reading the page's lines");
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
