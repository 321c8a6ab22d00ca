/* Listing facts on the SQLite backend: by kind, document, amount, and for
 * the browser by the documents a search finds, sorted and paged. */
#include <string.h>
#include "store/sqlite_be.h"
#include "store/sqlite_index.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/banned.h"

/* The FROM and WHERE of a facts listing; parameters: ?1 the MATCH, ?10 to
 * ?30 the search filters, ?31 on the listing's own. */
static trawl_err facts_from(sqlite_be *b, trawl__buf *sql, const trawl_facts_opts *o,
                            const trawl__query *q, int units, trawl_diag *d)
{
	trawl_search_opts so;
	trawl_err rc = TRAWL_OK;

	memset(&so, 0, sizeof so);
	so.filter = o->filter;
	/* a count needs a fact's unit only to filter on its number: one lookup
	 * fewer per fact */
	trawl__buf_adds(sql, " FROM docs d CROSS JOIN facts f ON" FACTS_OF_SQL("f.id", "d.rowid"));
	if (units)
		trawl__buf_adds(sql, "JOIN units un ON un.rowid = (d.rowid << " UNIT_BITS_SQL ") | f.unit ");
	/* only the conditions asked for: "?N IS NULL OR" would keep SQLite from
	 * finding one document by its id's index */
	trawl__buf_adds(sql, "JOIN blobs b ON b.sha256 = d.sha256 WHERE 1");
	if (o->kind)
		trawl__buf_adds(sql, " AND f.kind = ?31");
	if (o->doc)
		trawl__buf_adds(sql, " AND d.id = ?32");
	if (o->min)
		trawl__buf_adds(sql, " AND f.kind IN ('money', 'item', 'project') "
		                "AND f.num >= CAST(?33 AS REAL)");
	if (o->max)
		trawl__buf_adds(sql, " AND f.kind IN ('money', 'item', 'project') "
		                "AND f.num <= CAST(?34 AS REAL)");
	if (o->page > 0)
		trawl__buf_adds(sql, units ? " AND un.number = ?35" : " AND 0");
	if (q && q->root) {
		/* the documents the words find, through the index: a bitmap the
		 * SQL function trawl_ixm tests (sqlite_index.c) */
		rc = trawl__sqix_match_set(b, q, d);
		trawl__buf_adds(sql, " AND trawl_ixm(d.rowid)");
	}
	trawl__sq_filters_sql(sql, q, &so);
	/* a filter left out would widen what is listed */
	return rc ? rc : trawl__buf_err(sql);
}

static void facts_bind(sqlite3_stmt *s, const trawl_facts_opts *o, const trawl__query *q)
{
	trawl_search_opts so;

	memset(&so, 0, sizeof so);
	so.filter = o->filter;
	trawl__sq_bind_filters(s, q, &so);
	if (o->kind)
		sqlite3_bind_text(s, 31, o->kind, -1, SQLITE_STATIC);
	if (o->doc)
		sqlite3_bind_text(s, 32, o->doc, -1, SQLITE_STATIC);
	if (o->min)
		sqlite3_bind_text(s, 33, o->min, -1, SQLITE_STATIC);
	if (o->max)
		sqlite3_bind_text(s, 34, o->max, -1, SQLITE_STATIC);
	if (o->page > 0)
		sqlite3_bind_int(s, 35, o->page);
}

trawl_err trawl__sq_facts(void *be, const trawl_facts_opts *o, const trawl__query *q,
                          int (*cb)(const trawl_fact_info *, void *), void *u, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *s = NULL;
	trawl__buf sql;
	trawl_err rc;
	int r = SQLITE_DONE;

	trawl__buf_init(&sql, 0);

	trawl__buf_adds(&sql,
	    "SELECT d.id, (SELECT path FROM sightings WHERE sha256 = d.sha256 ORDER BY id DESC "
	    "LIMIT 1), f.kind, f.text, f.value, f.value_hi, f.unit_name, f.unit_source, f.currency, "
	    "f.comparator, f.precision, f.role, f.code, f.label, f.col, f.caption, " EFF_KIND ", "
	    "un.number, d.pages, f.negative, f.cstart, f.cend, f.bstart, f.bend, " EFF_YEAR ", f.party, "
	    "f.attrs, un.ocr");
	rc = facts_from(b, &sql, o, q, 1, d);
	switch (o->sort) {
	case TRAWL_FACTS_BY_VALUE_DESC:
		trawl__buf_adds(&sql, " ORDER BY CASE WHEN f.kind IN ('money', 'item') THEN "
		                "(CASE WHEN f.negative THEN -f.num ELSE f.num END) END DESC NULLS LAST, "
		                "d.rowid, f.id");
		break;
	case TRAWL_FACTS_BY_VALUE_ASC:
		trawl__buf_adds(&sql, " ORDER BY CASE WHEN f.kind IN ('money', 'item') THEN "
		                "(CASE WHEN f.negative THEN -f.num ELSE f.num END) END ASC NULLS LAST, "
		                "d.rowid, f.id");
		break;
	case TRAWL_FACTS_BY_STORED:
		trawl__buf_adds(&sql, " ORDER BY d.rowid, f.id");
		break;
	case TRAWL_FACTS_BY_YEAR:
		trawl__buf_adds(&sql, " ORDER BY " EFF_YEAR " DESC NULLS LAST, d.rowid, f.id");
		break;
	default:
		trawl__buf_adds(&sql, " ORDER BY 2, d.seq, f.id");
	}
	if (o->limit > 0)
		trawl__buf_adds(&sql, " LIMIT ?36 OFFSET ?37");
	/* (the buffer is sticky: a condition that failed to append would
	 * leave a shorter, wider query, so it is checked once, here) */
	if (!rc)
		rc = trawl__buf_err(&sql);
	if (rc)
		goto out;
	if (sqlite3_prepare_v2(b->db, sql.data, -1, &s, NULL)) {
		rc = trawl__sq_err(b->db, d, "reading the facts");
		goto out;
	}
	facts_bind(s, o, q);
	if (o->limit > 0) {
		sqlite3_bind_int(s, 36, o->limit);
		sqlite3_bind_int(s, 37, o->offset > 0 ? o->offset : 0);
	}
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		trawl_fact_info f;
		memset(&f, 0, sizeof f);
		f.doc = col(s, 0);
		f.path = col(s, 1);
		f.kind = col(s, 2);
		f.text = col(s, 3);
		f.value = col(s, 4);
		f.value_hi = col(s, 5);
		f.unit = col(s, 6);
		f.unit_source = col(s, 7);
		f.currency = col(s, 8);
		f.comparator = col(s, 9);
		f.precision = col(s, 10);
		f.role = col(s, 11);
		f.code = col(s, 12);
		f.label = col(s, 13);
		f.column = col(s, 14);
		f.caption = col(s, 15);
		f.doc_kind = col(s, 16);
		f.page = sqlite3_column_int(s, 17);
		f.paged = sqlite3_column_int(s, 18) > 0;
		f.negative = sqlite3_column_int(s, 19);
		f.start = sqlite3_column_int64(s, 20);
		f.end = sqlite3_column_int64(s, 21);
		f.bstart = sqlite3_column_int64(s, 22);
		f.bend = sqlite3_column_int64(s, 23);
		f.year = sqlite3_column_int(s, 24);
		f.party = col(s, 25);
		f.attrs = col(s, 26);
		f.ocr = sqlite3_column_type(s, 27) != SQLITE_NULL;
		f.ocr_conf = sqlite3_column_double(s, 27);
		if (cb(&f, u))
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		rc = trawl__sq_err(b->db, d, "reading the facts");
		if (r == SQLITE_ERROR)
			rc = TRAWL_EUSAGE;
	}
	sqlite3_finalize(s);
out:
	trawl__buf_release(&sql);
	trawl__sqix_match_clear(b);
	return rc;
}

trawl_err trawl__sq_facts_count(void *be, const trawl_facts_opts *o, const trawl__query *q,
                                uint64_t *n, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *s = NULL;
	trawl__buf sql;
	trawl_err rc;
	int r;

	trawl__buf_init(&sql, 0);

	/* a cap: a count that stops there (a view of millions of facts) */
	trawl__buf_adds(&sql, "SELECT count(*) FROM (SELECT 1");
	rc = facts_from(b, &sql, o, q, o->page > 0, d);
	if (o->count_max)
		trawl__buf_addf(&sql, " LIMIT %llu", (unsigned long long)o->count_max);
	trawl__buf_adds(&sql, ")");
	if (!rc)
		rc = trawl__buf_err(&sql);
	if (rc)
		goto out;
	if (sqlite3_prepare_v2(b->db, sql.data, -1, &s, NULL)) {
		rc = trawl__sq_err(b->db, d, "counting the facts");
		goto out;
	}
	facts_bind(s, o, q);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW)
		*n = (uint64_t)sqlite3_column_int64(s, 0);
	else
		rc = r == SQLITE_ERROR ? TRAWL_EUSAGE : TRAWL_ESTORE;
	sqlite3_finalize(s);
out:
	trawl__buf_release(&sql);
	trawl__sqix_match_clear(b);
	return rc;
}
