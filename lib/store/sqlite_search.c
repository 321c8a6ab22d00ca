/* Search and watchlists on the SQLite backend: the text through trawl's
 * own index (sqlite_index.c), filters from the facet bitmaps and SQL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/sqlite_be.h"
#include "store/sqlite_index.h"
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
	return trawl__sq_err(db, d, "running the search");
}

static trawl_err prep_err(sqlite3 *db, trawl_diag *d, const char *what)
{
	return trawl__sq_err(db, d, what);
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

/* The documents (rowids) that the SQL filters of w allow, as a bitmap. */
static trawl_err sql_allow(sqlite_be *b, const trawl__query *q, const trawl_search_opts *o,
                           const char *where, roaring_bitmap_t **out, trawl_diag *d)
{
	trawl__buf sql;
	sqlite3_stmt *s = NULL;
	roaring_bitmap_t *r = roaring_bitmap_create();
	trawl_err rc = TRAWL_OK;
	int k;

	*out = NULL;
	if (!r)
		return TRAWL_ENOMEM;
	trawl__buf_init(&sql, 0);
	if (trawl__buf_addf(&sql, "SELECT d.rowid FROM docs d JOIN blobs b ON b.sha256 = d.sha256 "
	                    "WHERE 1%s", where)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if (sqlite3_prepare_v2(b->db, sql.data, -1, &s, NULL)) {
		rc = prep_err(b->db, d, "preparing the search");
		goto out;
	}
	trawl__sq_bind_filters(s, q, o);
	while ((k = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_int64 v = sqlite3_column_int64(s, 0);
		if (v > 0 && v <= (sqlite3_int64)UINT32_MAX)
			roaring_bitmap_add(r, (uint32_t)v);
	}
	if (k != SQLITE_DONE)
		rc = search_err(b->db, k, d);
out:
	sqlite3_finalize(s);
	trawl__buf_release(&sql);
	if (rc)
		trawl__bitmap_free(r);
	else
		*out = r;
	return rc;
}

trawl_err trawl__sq_allowed(sqlite_be *b, const trawl__query *q, const trawl_search_opts *o,
                            roaring_bitmap_t **out, trawl_diag *d)
{
	roaring_bitmap_t *allow = NULL, *more = NULL;
	trawl_err rc;

	*out = NULL;
	if ((rc = trawl__sqix_filter(b, q, o->filter, &allow, d)))
		return rc;
	if ((q && (q->path || q->amount_op[0])) ||
	    (o->filter && (o->filter->amount_min || o->filter->amount_max))) {
		/* what facets can't answer: a path seen, an amount held */
		trawl__query rest;
		trawl_search_opts ro;
		trawl_filter rf;
		trawl__buf where;
		memset(&rest, 0, sizeof rest);
		memset(&ro, 0, sizeof ro);
		memset(&rf, 0, sizeof rf);
		if (q) {
			rest.path = q->path;
			memcpy(rest.amount_op, q->amount_op, sizeof rest.amount_op);
			memcpy(rest.amount_cur, q->amount_cur, sizeof rest.amount_cur);
			rest.amount = q->amount;
		}
		if (o->filter) {
			rf.amount_min = o->filter->amount_min;
			rf.amount_max = o->filter->amount_max;
			ro.filter = &rf;
		}
		trawl__buf_init(&where, 0);
		trawl__sq_filters_sql(&where, &rest, &ro);
		/* a filter left out would widen what is allowed */
		rc = trawl__buf_err(&where);
		if (!rc)
			rc = sql_allow(b, &rest, &ro, where.data, &more, d);
		trawl__buf_release(&where);
		if (rc) {
			trawl__bitmap_free(allow);
			return rc;
		}
		if (allow) {
			roaring_bitmap_and_inplace(allow, more);
			trawl__bitmap_free(more);
		} else {
			allow = more;
		}
	}
	*out = allow;
	return TRAWL_OK;
}

/* Gives the hits top[0..n) to cb: their documents' and units' rows. */
static trawl_err emit_hits(sqlite_be *b, int files, const trawl__ixhit *top, size_t n,
                           int (*cb)(const trawl_hit *, void *), void *u, trawl_diag *d)
{
	const char *sql = files ?
		"SELECT d.id, 0, NULL, NULL, " EFF_TITLE ", b.format, " LATEST_PATH ", d.pages, "
		CURRENT ", " DOC_OCR " FROM docs d JOIN blobs b ON b.sha256 = d.sha256 "
		"WHERE d.rowid = ?1" :
		"SELECT d.id, u.number, u.kind, u.text, " EFF_TITLE ", b.format, " LATEST_PATH
		", d.pages, " CURRENT ", u.ocr FROM units u JOIN docs d ON d.id = u.doc JOIN blobs b "
		"ON b.sha256 = d.sha256 WHERE u.rowid = ?1";
	sqlite3_stmt *s = NULL;
	trawl_err rc = TRAWL_OK;

	if (!n)
		return TRAWL_OK;
	if (sqlite3_prepare_v2(b->db, sql, -1, &s, NULL))
		return prep_err(b->db, d, "preparing the search");
	for (size_t i = 0; i < n; i++) {
		trawl_hit h;
		int r;
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, files ? (sqlite3_int64)top[i].doc :
		                   ((sqlite3_int64)top[i].doc << TRAWL__UNIT_BITS) | top[i].seq);
		r = sqlite3_step(s);
		if (r == SQLITE_DONE)
			continue;   /* taken out meanwhile */
		if (r != SQLITE_ROW) {
			rc = search_err(b->db, r, d);
			break;
		}
		memset(&h, 0, sizeof h);
		h.doc = col(s, 0);
		h.page = sqlite3_column_int(s, 1);
		h.kind = col(s, 2);
		h.score = top[i].score;
		h.snippet = col(s, 3);
		h.title = col(s, 4);
		h.format = col(s, 5);
		h.path = col(s, 6);
		h.paged = sqlite3_column_int(s, 7) > 0;
		h.current = sqlite3_column_int(s, 8);
		h.ocr = sqlite3_column_type(s, 9) != SQLITE_NULL;
		h.ocr_conf = sqlite3_column_double(s, 9);
		if (cb(&h, u))
			break;
	}
	sqlite3_finalize(s);
	return rc;
}

/* The order of a sort other than relevance, as SQL over d. */
static const char *sort_sql(int sort)
{
	if (sort == TRAWL_SORT_DATE)
		return EFF_YEAR " DESC NULLS LAST, d.rowid DESC";
	if (sort == TRAWL_SORT_AMOUNT)
		return "CAST(" EFF_AMOUNT " AS REAL) DESC NULLS LAST, d.rowid DESC";
	return NULL;
}

typedef struct sorted_ctx {
	const trawl__ixhit *h;
	const roaring_bitmap_t *chunk;
	const uint32_t *rank;   /* the documents of the chunk, by sort position */
	size_t nrank;
} sorted_ctx;

static size_t rank_of(const sorted_ctx *c, uint32_t doc)
{
	for (size_t i = 0; i < c->nrank; i++)
		if (c->rank[i] == doc)
			return i;
	return c->nrank;
}

static int cmp_sorted(const void *x, const void *y, void *u)
{
	const trawl__ixhit *a = x, *b = y;
	const sorted_ctx *c = u;
	size_t ra = rank_of(c, a->doc), rb = rank_of(c, b->doc);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A search sorted by date or amount: the matching documents (docs) in the
 * sort's order, and within a document its units by relevance; a chunk of
 * documents at a time is ranked through the index. */
static trawl_err sorted_search(sqlite_be *b, const trawl__ixquery *base,
                               const roaring_bitmap_t *docs, const trawl_search_opts *o,
                               int (*cb)(const trawl_hit *, void *), void *u, trawl_diag *d)
{
	enum { CHUNK = 64 };
	size_t want = (size_t)(o->limit > 0 ? o->limit : 20), skip = o->offset > 0 ? (size_t)o->offset : 0;
	trawl__buf sql;
	sqlite3_stmt *s = NULL;
	trawl_err rc = TRAWL_OK;
	uint32_t rank[CHUNK];
	size_t nrank = 0;
	int r = SQLITE_DONE, done = 0;

	trawl__buf_init(&sql, 0);
	if (trawl__buf_addf(&sql, "SELECT d.rowid FROM docs d ORDER BY %s", sort_sql(o->sort))) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if (sqlite3_prepare_v2(b->db, sql.data, -1, &s, NULL)) {
		rc = prep_err(b->db, d, "preparing the search");
		goto out;
	}
	while (!rc && !done) {
		sqlite3_int64 v;
		nrank = 0;
		while (nrank < CHUNK && (r = sqlite3_step(s)) == SQLITE_ROW) {
			v = sqlite3_column_int64(s, 0);
			if (v > 0 && v <= (sqlite3_int64)UINT32_MAX &&
			    roaring_bitmap_contains(docs, (uint32_t)v))
				rank[nrank++] = (uint32_t)v;
		}
		if (r != SQLITE_ROW && r != SQLITE_DONE) {
			rc = search_err(b->db, r, d);
			break;
		}
		if (!nrank)
			break;
		if (o->files && skip >= nrank) {
			skip -= nrank;   /* a document is one hit: no need to rank these */
		} else {
			roaring_bitmap_t *chunk = roaring_bitmap_of_ptr(nrank, rank);
			trawl__ixquery iq = *base;
			trawl__ixresult res;
			sorted_ctx c = { NULL, chunk, rank, nrank };
			size_t from;
			if (!chunk) {
				rc = TRAWL_ENOMEM;
				break;
			}
			iq.allow = chunk;
			iq.offset = 0;
			iq.limit = (size_t)-1 / 2;   /* every hit of these documents */
			iq.want_docs = 0;
			rc = trawl__sqix_search(b, &iq, &res, d);
			trawl__bitmap_free(chunk);
			if (rc)
				break;
			qsort_r(res.top, res.ntop, sizeof *res.top, cmp_sorted, &c);
			from = skip < res.ntop ? skip : res.ntop;
			skip -= from;
			{
				size_t n = res.ntop - from < want ? res.ntop - from : want;
				rc = emit_hits(b, o->files, res.top + from, n, cb, u, d);
				want -= n;
			}
			trawl__ixresult_release(&res);
		}
		if (!want || r == SQLITE_DONE)
			done = 1;
	}
out:
	sqlite3_finalize(s);
	trawl__buf_release(&sql);
	return rc;
}

/* Searches the text through the index; filters from facets and SQL. */
static trawl_err index_search(sqlite_be *b, const trawl__query *q, const trawl_search_opts *o,
                              int (*cb)(const trawl_hit *, void *), void *u,
                              trawl_search_stats *st, trawl_diag *d)
{
	trawl__ixquery iq;
	trawl__ixresult res;
	roaring_bitmap_t *allow = NULL;
	trawl_err rc;
	int limit = o->limit > 0 ? o->limit : 20, sorted = sort_sql(o->sort) != NULL;

	memset(&iq, 0, sizeof iq);
	if ((rc = trawl__sq_allowed(b, q, o, &allow, d)))
		return rc;
	iq.root = q->root;
	iq.allow = allow;
	iq.since = o->since;
	iq.limit = cb && !sorted ? (size_t)limit : 0;
	iq.offset = o->offset > 0 ? (size_t)o->offset : 0;
	iq.files = o->files;
	iq.want_docs = (cb && sorted) || o->facet;
	if ((rc = trawl__sqix_search(b, &iq, &res, d)))
		goto out;
	if (st) {
		st->hits = res.hits;
		st->documents = res.documents;
	}
	/* the page's facets from the same evaluation */
	if (o->facet)
		rc = trawl__sqix_facets(b, res.docs, o->facet_values, o->facet, o->facet_udata, d);
	if (!rc && cb && sorted)
		rc = sorted_search(b, &iq, res.docs, o, cb, u, d);
	else if (!rc && cb)
		rc = emit_hits(b, o->files, res.top, res.ntop, cb, u, d);
	trawl__ixresult_release(&res);
out:
	trawl__bitmap_free(allow);
	return rc;
}

trawl_err trawl__sq_facet_counts(void *be, const trawl__query *q, const trawl_search_opts *o,
                                 int max_values, int (*cb)(const trawl_facet *, void *), void *u,
                                 trawl_search_stats *st, trawl_diag *d)
{
	sqlite_be *b = be;
	roaring_bitmap_t *allow = NULL;
	trawl_err rc;

	if (st)
		memset(st, 0, sizeof *st);
	if ((rc = trawl__sq_allowed(b, q, o, &allow, d)))
		return rc;
	if (q->root || o->since > 0 || allow) {
		trawl__ixquery iq;
		trawl__ixresult res;
		memset(&iq, 0, sizeof iq);
		iq.root = q->root;
		iq.allow = allow;
		iq.since = o->since;
		iq.want_docs = 1;
		if (!q->root) {
			/* no words: the documents themselves */
			roaring_bitmap_t *all = allow;
			if (!all && (rc = sql_allow(b, q, o, "", &all, d)))
				return rc;
			if (o->since > 0)
				roaring_bitmap_remove_range(all, 0, (uint64_t)o->since + 1);
			if (st)
				st->hits = st->documents = roaring_bitmap_get_cardinality(all);
			rc = trawl__sqix_facets(b, all, max_values, cb, u, d);
			trawl__bitmap_free(all);
			return rc;
		}
		if ((rc = trawl__sqix_search(b, &iq, &res, d))) {
			trawl__bitmap_free(allow);
			return rc;
		}
		if (st) {
			st->hits = res.hits;
			st->documents = res.documents;
		}
		rc = trawl__sqix_facets(b, res.docs, max_values, cb, u, d);
		trawl__ixresult_release(&res);
		trawl__bitmap_free(allow);
		return rc;
	}
	/* every document */
	if (st) {
		sqlite3_stmt *s = NULL;
		if (sqlite3_prepare_v2(b->db, "SELECT count(*) FROM docs", -1, &s, NULL))
			return prep_err(b->db, d, "counting the documents");
		if (sqlite3_step(s) == SQLITE_ROW)
			st->hits = st->documents = (uint64_t)sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	return trawl__sqix_facets(b, NULL, max_values, cb, u, d);
}

trawl_err trawl__sq_search(void *be, const trawl__query *q, const trawl_search_opts *o,
                           int (*cb)(const trawl_hit *, void *), void *u,
                           trawl_search_stats *st, trawl_diag *d)
{
	sqlite_be *b = be;
	trawl__buf sql, where;
	sqlite3_stmt *s = NULL;
	trawl_err rc = TRAWL_OK;
	int limit = o->limit > 0 ? o->limit : 20, r;
	const char *order = sort_sql(o->sort); /* the sort before the path, or NULL */

	if (st)
		memset(st, 0, sizeof *st);
	if (q->root)
		return index_search(b, q, o, cb, u, st, d);
	/* the facets' count of the documents is the total too */
	if (o->facet &&
	    (rc = trawl__sq_facet_counts(b, q, o, o->facet_values, o->facet, o->facet_udata,
	                                 st, d)))
		return rc;
	/* filters alone: the documents they allow, by path */
	trawl__buf_init(&sql, 0);
	trawl__buf_init(&where, 0);
	trawl__sq_filters_sql(&where, q, o);
	/* a filter left out would widen what is found */
	if ((rc = trawl__buf_err(&where)))
		goto out;
	if (st && !o->facet) {
		trawl__buf_addf(&sql, "SELECT count(*), count(*) FROM docs d JOIN blobs b "
		                "ON b.sha256 = d.sha256 WHERE 1%s", where.len ? where.data : "");
		if (!sql.data) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		if (sqlite3_prepare_v2(b->db, sql.data, -1, &s, NULL)) {
			rc = prep_err(b->db, d, "preparing the search");
			goto out;
		}
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
	/* the browser's list of every document (no words): the latest stored
	 * first, without sorting by path */
	if (!order && o->filter)
		order = "d.rowid DESC";
	trawl__buf_addf(&sql, "SELECT d.id, 0, NULL, 0.0, NULL, " EFF_TITLE ", b.format, "
	                LATEST_PATH ", d.pages, " CURRENT ", " DOC_OCR " FROM docs d JOIN blobs b ON "
	                "b.sha256 = d.sha256 WHERE 1%s ORDER BY %s%s8, d.seq LIMIT ?2 OFFSET ?3",
	                where.len ? where.data : "", order ? order : "", order ? ", " : "");
	if (!sql.data) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if (sqlite3_prepare_v2(b->db, sql.data, -1, &s, NULL)) {
		rc = prep_err(b->db, d, "preparing the search");
		goto out;
	}
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
