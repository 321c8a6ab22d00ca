/* Search and watchlists on the SQLite backend: the query tree rendered as
 * an FTS5 expression, filters as SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/sqlite_be.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/banned.h"

/* A failed step of the search: SQLITE_ERROR is a query the engine can't
 * run as written (EUSAGE), anything else a store failure. */
static trawl_err search_err(sqlite3 *db, int r, trawl_diag *d)
{
	if (r == SQLITE_ERROR) {
		trawl__diag_set(d, NULL, "the query could not be run as written: %s",
		                sqlite3_errmsg(db));
		return TRAWL_EUSAGE;
	}
	trawl__diag_set(d, NULL, "running the search: %s", sqlite3_errmsg(db));
	return TRAWL_ESTORE;
}

static trawl_err prep_err(sqlite3 *db, trawl_diag *d, const char *what)
{
	trawl__diag_set(d, NULL, "%s: %s", what, sqlite3_errmsg(db));
	return TRAWL_ESTORE;
}

static void render(trawl__buf *b, const trawl__qnode *n)
{
	int i;

	switch (n->type) {
	case TRAWL__Q_TERM:
		/* an FTS5 string: the tokenizer makes it a phrase */
		trawl__buf_addc(b, '"');
		for (const char *p = n->text; *p; p++) {
			if (*p == '"')
				trawl__buf_addc(b, '"');
			trawl__buf_addc(b, *p);
		}
		trawl__buf_addc(b, '"');
		break;
	case TRAWL__Q_AND:
		/* FTS5's NOT is binary and binds tightest: ((a AND b) NOT (c OR d)) */
		if (n->nnots)
			trawl__buf_addc(b, '(');
		trawl__buf_addc(b, '(');
		for (i = 0; i < n->nkids; i++) {
			if (i)
				trawl__buf_adds(b, " AND ");
			render(b, n->kids[i]);
		}
		trawl__buf_addc(b, ')');
		if (n->nnots) {
			trawl__buf_adds(b, " NOT (");
			for (i = 0; i < n->nnots; i++) {
				if (i)
					trawl__buf_adds(b, " OR ");
				render(b, n->nots[i]);
			}
			trawl__buf_adds(b, "))");
		}
		break;
	case TRAWL__Q_OR:
		trawl__buf_addc(b, '(');
		for (i = 0; i < n->nkids; i++) {
			if (i)
				trawl__buf_adds(b, " OR ");
			render(b, n->kids[i]);
		}
		trawl__buf_addc(b, ')');
		break;
	case TRAWL__Q_NEAR:
		trawl__buf_adds(b, "NEAR(");
		for (i = 0; i < n->nkids; i++) {
			if (i)
				trawl__buf_addc(b, ' ');
			render(b, n->kids[i]);
		}
		trawl__buf_addf(b, ", %d)", n->near);
		break;
	}
}

trawl_err trawl__sq_render_match(const trawl__qnode *n, trawl__buf *out)
{
	render(out, n);
	return out->len ? TRAWL_OK : TRAWL_ENOMEM;
}

/* Filters as SQL over d (docs) and b (blobs); parameters from ?10 on. */
void trawl__sq_filters_sql(trawl__buf *w, const trawl__query *q, const trawl_search_opts *o)
{
	const trawl_filter *f = o->filter;

	if (f && f->kind)
		trawl__buf_adds(w, " AND " EFF_KIND " = ?22");
	if (f && f->year)
		trawl__buf_adds(w, " AND " EFF_YEAR " = ?23");
	if (f && f->place)
		trawl__buf_adds(w, " AND " EFF_PLACE " = ?24");
	if (f && f->format)
		trawl__buf_adds(w, " AND b.format = ?25");
	if (f && f->currency)
		trawl__buf_adds(w, " AND " EFF_CURRENCY " = ?26");
	if (f && f->amount_min)
		trawl__buf_adds(w, " AND CAST(" EFF_AMOUNT " AS REAL) >= ?27");
	if (f && f->amount_max)
		trawl__buf_adds(w, " AND CAST(" EFF_AMOUNT " AS REAL) <= ?28");
	if (f && f->agency)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM facts fx WHERE"
		                FACTS_OF_SQL("fx.id", "d.rowid") "AND fx.kind = 'party' AND "
		                "fx.role IN ('issuer', 'buyer') AND fx.value = ?29)");
	if (f && f->vendor)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM facts fy WHERE"
		                FACTS_OF_SQL("fy.id", "d.rowid") "AND fy.kind = 'party' AND "
		                "fy.role = 'vendor' AND fy.value = ?30)");
	if (!q)
		return;
	if (q->type)
		trawl__buf_adds(w, " AND b.format = ?10");
	if (q->year_lo)
		trawl__buf_adds(w, " AND " EFF_YEAR " BETWEEN ?11 AND ?12");
	if (q->path)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM sightings sp WHERE "
		                   "sp.sha256 = d.sha256 AND instr(sp.path, ?13) > 0)");
	if (o->since > 0)
		trawl__buf_adds(w, " AND d.rowid > ?14");
	if (q->kind)
		trawl__buf_adds(w, " AND " EFF_KIND " = ?15");
	if (q->amount_op[0])
		trawl__buf_addf(w, " AND EXISTS (SELECT 1 FROM facts fa WHERE"
		                FACTS_OF_SQL("fa.id", "d.rowid") "AND "
		                "fa.kind IN ('money', 'item') AND fa.role IS NOT 'price' AND "
		                "fa.currency = '%s' AND fa.num %s ?16)",
		                /* a code of three capitals (query.c): no quoting needed */
		                q->amount_cur[0] ? q->amount_cur : "CNY", q->amount_op);
	if (q->vendor)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM facts fv WHERE"
		                FACTS_OF_SQL("fv.id", "d.rowid") "AND "
		                   "fv.kind = 'party' AND fv.role = 'vendor' AND instr(fv.value, ?17) > 0)");
	if (q->buyer)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM facts fb WHERE"
		                FACTS_OF_SQL("fb.id", "d.rowid") "AND "
		                   "fb.kind = 'party' AND fb.role = 'buyer' AND instr(fb.value, ?18) > 0)");
	if (q->agency)
		trawl__buf_adds(w, " AND EXISTS (SELECT 1 FROM facts fg WHERE"
		                FACTS_OF_SQL("fg.id", "d.rowid") "AND "
		                   "fg.kind = 'party' AND fg.role IN ('agency', 'issuer', 'buyer') AND "
		                   "instr(fg.value, ?19) > 0)");
	/* the document's place: a division it lies in (by code: its own, its
	 * prefecture's or its province's prefix is among those the filter
	 * names), or a name that holds the text */
	if (q->place)
		trawl__buf_adds(w, " AND (instr(coalesce(" EFF_PLACE ", ''), ?20) > 0 OR "
		                "(" EFF_PLACE_CODE " IS NOT NULL AND "
		                "(instr(?21, ',' || substr(" EFF_PLACE_CODE ", 1, 2) || ',') > 0 OR "
		                "instr(?21, ',' || substr(" EFF_PLACE_CODE ", 1, 4) || ',') > 0 OR "
		                "instr(?21, ',' || " EFF_PLACE_CODE " || ',') > 0 OR "
		                "substr(" EFF_PLACE_CODE ", 1, length(?20)) = ?20)))");
}

void trawl__sq_bind_filters(sqlite3_stmt *st, const trawl__query *q, const trawl_search_opts *o)
{
	const trawl_filter *f = o->filter;

	if (f && f->kind)
		sqlite3_bind_text(st, 22, f->kind, -1, SQLITE_STATIC);
	if (f && f->year)
		sqlite3_bind_int(st, 23, f->year);
	if (f && f->place)
		sqlite3_bind_text(st, 24, f->place, -1, SQLITE_STATIC);
	if (f && f->format)
		sqlite3_bind_text(st, 25, f->format, -1, SQLITE_STATIC);
	if (f && f->currency)
		sqlite3_bind_text(st, 26, f->currency, -1, SQLITE_STATIC);
	if (f && f->amount_min)
		sqlite3_bind_double(st, 27, strtod(f->amount_min, NULL));
	if (f && f->amount_max)
		sqlite3_bind_double(st, 28, strtod(f->amount_max, NULL));
	if (f && f->agency)
		sqlite3_bind_text(st, 29, f->agency, -1, SQLITE_STATIC);
	if (f && f->vendor)
		sqlite3_bind_text(st, 30, f->vendor, -1, SQLITE_STATIC);
	if (!q)
		return;
	if (q->type)
		sqlite3_bind_text(st, 10, q->type, -1, SQLITE_STATIC);
	if (q->year_lo) {
		sqlite3_bind_int(st, 11, q->year_lo);
		sqlite3_bind_int(st, 12, q->year_hi);
	}
	if (q->path)
		sqlite3_bind_text(st, 13, q->path, -1, SQLITE_STATIC);
	if (o->since > 0)
		sqlite3_bind_int64(st, 14, o->since);
	if (q->kind)
		sqlite3_bind_text(st, 15, q->kind, -1, SQLITE_STATIC);
	if (q->amount_op[0])
		sqlite3_bind_double(st, 16, q->amount);
	if (q->vendor)
		sqlite3_bind_text(st, 17, q->vendor, -1, SQLITE_STATIC);
	if (q->buyer)
		sqlite3_bind_text(st, 18, q->buyer, -1, SQLITE_STATIC);
	if (q->agency)
		sqlite3_bind_text(st, 19, q->agency, -1, SQLITE_STATIC);
	if (q->place) {
		sqlite3_bind_text(st, 20, q->place, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 21, q->place_codes ? q->place_codes : ",", -1, SQLITE_STATIC);
	}
}

/* a document hit's OCR mark: its OCR'd units' mean confidence, or NULL */
#define DOC_OCR "CASE WHEN d.ocr_units > 0 THEN d.ocr_conf END"
#define LATEST_PATH "(SELECT path FROM sightings WHERE sha256 = d.sha256 ORDER BY id DESC LIMIT 1)"
#define CURRENT "NOT EXISTS (SELECT 1 FROM sightings s1 JOIN sightings s2 ON " \
	"s2.realpath = s1.realpath " \
	"AND s2.id > s1.id AND s2.sha256 != s1.sha256 WHERE s1.id = (SELECT max(id) FROM " \
	"sightings WHERE sha256 = d.sha256))"

trawl_err trawl__sq_search(void *be, const trawl__query *q, const trawl_search_opts *o,
                           int (*cb)(const trawl_hit *, void *), void *u,
                           trawl_search_stats *st, trawl_diag *d)
{
	sqlite_be *b = be;
	trawl__buf sql, match, where;
	sqlite3_stmt *s = NULL;
	trawl_err rc = TRAWL_OK;
	int limit = o->limit > 0 ? o->limit : 20, r;
	const char *order = NULL; /* the sort before relevance, or NULL */

	trawl__buf_init(&sql, 0);
	trawl__buf_init(&match, 0);
	trawl__buf_init(&where, 0);
	if (q->root && (rc = trawl__sq_render_match(q->root, &match)))
		goto out;
	trawl__sq_filters_sql(&where, q, o);
	/* counts */
	if (st)
		memset(st, 0, sizeof *st);
	if (st && q->root && !where.len) {
		/* no filter: the index alone; rowids ascend and carry the document */
		if (sqlite3_prepare_v2(b->db, "SELECT rowid FROM fts WHERE fts MATCH ?1", -1, &s, NULL)) {
			rc = prep_err(b->db, d, "preparing the search");
			goto out;
		}
		sqlite3_bind_text(s, 1, match.data, (int)match.len, SQLITE_STATIC);
		{
			sqlite3_int64 last = -1;
			while ((r = sqlite3_step(s)) == SQLITE_ROW) {
				sqlite3_int64 dk = sqlite3_column_int64(s, 0) >> TRAWL__UNIT_BITS;
				st->hits++;
				if (dk != last)
					st->documents++;
				last = dk;
			}
		}
		if (r != SQLITE_DONE)
			rc = search_err(b->db, r, d);
		sqlite3_finalize(s);
		s = NULL;
		if (rc)
			goto out;
	} else if (st) {
		if (q->root)
			trawl__buf_addf(&sql, "SELECT count(*), count(DISTINCT u.doc) FROM fts "
			                "JOIN units u ON u.rowid = fts.rowid JOIN docs d ON d.id = u.doc "
			                "JOIN blobs b ON b.sha256 = d.sha256 WHERE fts MATCH ?1%s",
			                where.len ? where.data : "");
		else
			trawl__buf_addf(&sql, "SELECT count(*), count(*) FROM docs d JOIN blobs b "
			                "ON b.sha256 = d.sha256 WHERE 1%s", where.len ? where.data : "");
		if (sqlite3_prepare_v2(b->db, sql.data, -1, &s, NULL)) {
			rc = prep_err(b->db, d, "preparing the search");
			goto out;
		}
		if (q->root)
			sqlite3_bind_text(s, 1, match.data, (int)match.len, SQLITE_STATIC);
		trawl__sq_bind_filters(s, q, o);
		r = sqlite3_step(s);
		if (r == SQLITE_ROW) {
			st->hits = (uint64_t)sqlite3_column_int64(s, 0);
			st->documents = (uint64_t)sqlite3_column_int64(s, 1);
		} else {
			rc = search_err(b->db, r, d);
		}
		sqlite3_finalize(s);
		s = NULL;
		if (rc)
			goto out;
	}
	if (!cb)
		goto out;
	trawl__buf_reset(&sql);
	if (o->sort == TRAWL_SORT_DATE)
		order = EFF_YEAR " DESC NULLS LAST, d.rowid DESC";
	else if (o->sort == TRAWL_SORT_AMOUNT)
		order = "CAST(" EFF_AMOUNT " AS REAL) DESC NULLS LAST, d.rowid DESC";
	/* the browser's list of every document (no words): the latest stored
	 * first, without sorting by path */
	if (!q->root && !order && o->filter)
		order = "d.rowid DESC";
	if (q->root && !o->files && !where.len && !order)
		trawl__buf_addf(&sql, "WITH top AS (SELECT rowid AS id, rank AS r FROM fts WHERE fts "
		                "MATCH ?1 ORDER BY rank LIMIT ?2 OFFSET ?3) "
		                "SELECT u.doc, u.number, u.kind, -top.r, u.text, " EFF_TITLE ", b.format, "
		                LATEST_PATH ", d.pages, " CURRENT ", u.ocr FROM top "
		                "JOIN units u ON u.rowid = top.id JOIN docs d ON d.id = u.doc "
		                "JOIN blobs b ON b.sha256 = d.sha256 ORDER BY top.r, top.id");
	else if (q->root && !o->files)
		trawl__buf_addf(&sql, "SELECT u.doc, u.number, u.kind, -bm25(fts), "
		                "u.text, " EFF_TITLE ", b.format, "
		                LATEST_PATH ", d.pages, " CURRENT ", u.ocr FROM fts "
		                "JOIN units u ON u.rowid = fts.rowid JOIN docs d ON d.id = u.doc "
		                "JOIN blobs b ON b.sha256 = d.sha256 WHERE fts MATCH ?1%s "
		                "ORDER BY %s%sbm25(fts), u.rowid LIMIT ?2 OFFSET ?3",
		                where.len ? where.data : "", order ? order : "", order ? ", " : "");
	else if (q->root && !where.len && !order)
		trawl__buf_addf(&sql, "WITH top AS (SELECT rowid >> %d AS dk, max(-rank) AS best FROM fts "
		                "WHERE fts MATCH ?1 GROUP BY dk ORDER BY best DESC, dk LIMIT ?2 OFFSET ?3) "
		                "SELECT d.id, 0, NULL, top.best, NULL, " EFF_TITLE ", b.format, " LATEST_PATH
		                ", d.pages, " CURRENT ", " DOC_OCR " FROM top JOIN docs d ON d.rowid = top.dk "
		                "JOIN blobs b ON b.sha256 = d.sha256 ORDER BY top.best DESC, top.dk",
		                TRAWL__UNIT_BITS);
	else if (q->root)
		trawl__buf_addf(&sql, "SELECT x.doc, min(x.number), min(x.kind), max(x.sc) AS best, "
		                "NULL, " EFF_TITLE ", b.format, " LATEST_PATH ", d.pages, " CURRENT
		                ", " DOC_OCR " FROM (SELECT u.doc AS doc, u.number AS number, u.kind AS kind, "
		                "-bm25(fts) AS sc FROM fts JOIN units u ON u.rowid = fts.rowid "
		                "WHERE fts MATCH ?1 LIMIT -1) x JOIN docs d ON d.id = x.doc JOIN blobs b ON "
		                "b.sha256 = d.sha256 WHERE 1%s GROUP BY x.doc ORDER BY %s%sbest DESC, x.doc "
		                "LIMIT ?2 OFFSET ?3", where.len ? where.data : "", order ? order : "",
		                order ? ", " : "");
	else
		trawl__buf_addf(&sql, "SELECT d.id, 0, NULL, 0.0, NULL, " EFF_TITLE ", b.format, "
		                LATEST_PATH ", d.pages, " CURRENT ", " DOC_OCR " FROM docs d JOIN blobs b ON "
		                "b.sha256 = d.sha256 WHERE 1%s ORDER BY %s%s8, d.seq LIMIT ?2 OFFSET ?3",
		                where.len ? where.data : "", order ? order : "", order ? ", " : "");
	if (sqlite3_prepare_v2(b->db, sql.data, -1, &s, NULL)) {
		rc = prep_err(b->db, d, "preparing the search");
		goto out;
	}
	if (q->root)
		sqlite3_bind_text(s, 1, match.data, (int)match.len, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, limit);
	sqlite3_bind_int(s, 3, o->offset > 0 ? o->offset : 0);
	trawl__sq_bind_filters(s, q, o);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		trawl_hit h;
		memset(&h, 0, sizeof h);
		h.doc = col(s, 0);
		h.page = sqlite3_column_int(s, 1);
		h.kind = col(s, 2);
		h.score = sqlite3_column_double(s, 3);
		h.snippet = col(s, 4);
		h.title = col(s, 5);
		h.format = col(s, 6);
		h.path = col(s, 7);
		h.paged = sqlite3_column_int(s, 8) > 0;
		h.current = sqlite3_column_int(s, 9);
		h.ocr = sqlite3_column_type(s, 10) != SQLITE_NULL;
		h.ocr_conf = sqlite3_column_double(s, 10);
		if (cb(&h, u))
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = search_err(b->db, r, d);
	sqlite3_finalize(s);
out:
	trawl__buf_release(&sql);
	trawl__buf_release(&match);
	trawl__buf_release(&where);
	return rc;
}

trawl_err trawl__sq_doc_mark(void *be, int64_t *mark, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *s = NULL;
	trawl_err rc = TRAWL_OK;

	if (sqlite3_prepare_v2(b->db, "SELECT coalesce(max(rowid), 0) FROM docs", -1, &s, NULL))
		return prep_err(b->db, d, "reading the latest document");
	if (sqlite3_step(s) == SQLITE_ROW)
		*mark = sqlite3_column_int64(s, 0);
	else
		rc = prep_err(b->db, d, "reading the latest document");
	sqlite3_finalize(s);
	return rc;
}

static trawl_err exec_bind(sqlite3 *db, const char *sql, const char *a, const char *b2,
                           const char *c, trawl_diag *d, const char *what)
{
	sqlite3_stmt *s = NULL;
	trawl_err rc = TRAWL_OK;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL))
		return prep_err(db, d, what);
	if (a) sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	if (b2) sqlite3_bind_text(s, 2, b2, -1, SQLITE_STATIC);
	if (c) sqlite3_bind_text(s, 3, c, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = prep_err(db, d, what);
	sqlite3_finalize(s);
	return rc;
}

trawl_err trawl__sq_watch_put(void *be, const char *name, const char *query, const char *now,
                              trawl_diag *d)
{
	sqlite_be *b = be;
	/* a replaced query starts over: every matching document is new to it */
	return exec_bind(b->db, "INSERT INTO watches(name, query, created_at) VALUES(?1, ?2, ?3) "
	                 "ON CONFLICT(name) DO UPDATE SET query = ?2, created_at = ?3, "
	                 "last_run_at = NULL, mark = 0", name, query, now, d, "saving the watch");
}

trawl_err trawl__sq_watch_del(void *be, const char *name, trawl_diag *d)
{
	sqlite_be *b = be;
	trawl_err rc = exec_bind(b->db, "DELETE FROM watches WHERE name = ?1", name, NULL, NULL,
	                         d, "removing the watch");
	if (!rc && sqlite3_changes(b->db) == 0)
		return TRAWL_ENOTFOUND;
	return rc;
}

trawl_err trawl__sq_watches(void *be, const char *name,
                            int (*cb)(const char *, const char *, const char *, const char *,
                                      int64_t, void *), void *u, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *s = NULL;
	int r, n = 0;

	if (sqlite3_prepare_v2(b->db, "SELECT name, query, created_at, last_run_at, mark FROM "
	                       "watches WHERE ?1 IS NULL OR name = ?1 ORDER BY name", -1, &s, NULL))
		return prep_err(b->db, d, "reading the watches");
	if (name)
		sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		n++;
		if (cb(col(s, 0), col(s, 1),
		       col(s, 2), col(s, 3),
		       sqlite3_column_int64(s, 4), u))
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		prep_err(b->db, d, "reading the watches");
		sqlite3_finalize(s);
		return TRAWL_ESTORE;
	}
	sqlite3_finalize(s);
	return name && !n ? TRAWL_ENOTFOUND : TRAWL_OK;
}

trawl_err trawl__sq_watch_mark(void *be, const char *name, int64_t mark, const char *now,
                               trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *s = NULL;
	trawl_err rc = TRAWL_OK;

	if (sqlite3_prepare_v2(b->db, "UPDATE watches SET mark = ?1, last_run_at = ?2 "
	                       "WHERE name = ?3", -1, &s, NULL))
		return prep_err(b->db, d, "marking the watch as run");
	sqlite3_bind_int64(s, 1, mark);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, name, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = prep_err(b->db, d, "marking the watch as run");
	sqlite3_finalize(s);
	return rc;
}
