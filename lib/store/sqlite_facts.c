/* Listing facts on the SQLite backend. */
#include <string.h>
#include "store/sqlite_be.h"
#include "util/banned.h"

trawl_err trawl__sq_facts(void *be, const trawl_facts_opts *o,
                          int (*cb)(const trawl_fact_info *, void *), void *u)
{
	sqlite_be *b = be;
	sqlite3_stmt *s = NULL;
	int r;

	if (sqlite3_prepare_v2(b->db,
	    "SELECT d.id, (SELECT path FROM sightings WHERE sha256 = d.sha256 ORDER BY id DESC "
	    "LIMIT 1), f.kind, f.text, f.value, f.value_hi, f.unit_name, f.unit_source, f.currency, "
	    "f.comparator, f.precision, f.role, f.code, f.label, f.col, f.caption, " EFF_KIND ", "
	    "un.number, d.pages, f.negative, f.cstart, f.cend, f.bstart, f.bend, " EFF_YEAR ", f.party "
	    "FROM docs d CROSS JOIN facts f ON" FACTS_OF_SQL("f.id", "d.rowid")
	    "JOIN units un ON un.rowid = (d.rowid << " UNIT_BITS_SQL ") | f.unit "
	    "WHERE (?1 IS NULL OR f.kind = ?1) AND (?2 IS NULL OR d.id = ?2) "
	    "AND (?3 IS NULL OR (f.kind IN ('money', 'item') AND f.num >= CAST(?3 AS REAL))) "
	    "AND (?4 <= 0 OR un.number = ?4) "
	    "ORDER BY 2, d.seq, f.id", -1, &s, NULL))
		return TRAWL_ESTORE;
	if (o->kind)
		sqlite3_bind_text(s, 1, o->kind, -1, SQLITE_STATIC);
	if (o->doc)
		sqlite3_bind_text(s, 2, o->doc, -1, SQLITE_STATIC);
	if (o->min)
		sqlite3_bind_text(s, 3, o->min, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, o->page);
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
		if (cb(&f, u))
			break;
	}
	sqlite3_finalize(s);
	return r == SQLITE_ROW || r == SQLITE_DONE ? TRAWL_OK : TRAWL_ESTORE;
}
