/* trawl copy on the SQLite backend: its rows in the form both backends
 * share (store.h: trawl__copy_cols), out and in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/sqlite_be.h"
#include "store/sqlite_index.h"
#include "util/diag.h"
#include "util/banned.h"

static const char *const out_sql[TRAWL__COPY_N] = {
	[TRAWL__COPY_BLOBS] = "SELECT sha256, size, format, encoding, added_at, ndocs, stated_unit, "
		"stated_currency FROM blobs ORDER BY rowid",
	[TRAWL__COPY_DOCS] = "SELECT id, sha256, seq, ext_id, title, units, pages, text_bytes, year, "
		"kind, extractor, indexed, kind_src, year_src, place, place_code, place_src, amount, "
		"currency, amount_src, amount_fact, u_title, u_kind, u_year, u_place, u_place_code, "
		"u_amount, u_currency, ocr_units, ocr_conf FROM docs ORDER BY rowid",
	[TRAWL__COPY_UNITS] = "SELECT doc, seq, kind, number, name, text, raw, map, cells, spans, "
		"ncells, ocr FROM units ORDER BY rowid",
	[TRAWL__COPY_FACTS] = "SELECT d.id, f.id & 4294967295, f.unit, f.kind, f.bstart, f.bend, "
		"f.cstart, f.cend, f.text, f.value, f.value_hi, f.num, f.negative, f.currency, "
		"f.unit_name, f.unit_source, f.comparator, f.precision, f.role, f.code, f.label, f.col, "
		"f.caption, f.party, f.attrs FROM facts f JOIN docs d ON d.rowid = (f.id >> "
		FACT_BITS_SQL ") ORDER BY f.id",
	[TRAWL__COPY_FIELDS] = "SELECT doc, key, value FROM fields ORDER BY rowid",
	[TRAWL__COPY_SIGHTINGS] = "SELECT path, sha256, size, mtime, seen_at, source_url, version, "
		"realpath FROM sightings ORDER BY id",
	[TRAWL__COPY_WATCHES] = "SELECT name, query, created_at, last_run_at, (SELECT id FROM docs "
		"WHERE rowid <= w.mark ORDER BY rowid DESC LIMIT 1) FROM watches w ORDER BY name",
};

trawl_err trawl__sq_copy_out(void *be, int table, int (*cb)(const trawl__row *, void *),
                             void *u, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *st = NULL;
	trawl__row row;
	char nums[TRAWL__COPY_MAXCOLS][32];
	int r;

	if (sqlite3_prepare_v2(b->db, out_sql[table], -1, &st, NULL)) {
		trawl__diag_set(d, NULL, "copying the store: %s", sqlite3_errmsg(b->db));
		sqlite3_finalize(st);
		return TRAWL_ESTORE;
	}
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof row);
		row.ncols = sqlite3_column_count(st);
		for (int i = 0; i < row.ncols && i < TRAWL__COPY_MAXCOLS; i++) {
			switch (sqlite3_column_type(st, i)) {
			case SQLITE_NULL:
				break;
			case SQLITE_FLOAT:
				/* every digit: the copy's numbers are the same numbers */
				snprintf(nums[i], sizeof nums[i], "%.17g", sqlite3_column_double(st, i));
				row.v[i] = nums[i];
				row.n[i] = strlen(nums[i]);
				break;
			case SQLITE_BLOB:
				row.v[i] = sqlite3_column_blob(st, i);
				row.n[i] = (size_t)sqlite3_column_bytes(st, i);
				if (!row.v[i])
					row.v[i] = "";
				break;
			default:
				row.v[i] = (const char *)sqlite3_column_text(st, i);
				row.n[i] = (size_t)sqlite3_column_bytes(st, i);
			}
		}
		if (cb(&row, u))
			break;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		trawl__diag_set(d, NULL, "copying the store: %s", sqlite3_errmsg(b->db));
		return TRAWL_ESTORE;
	}
	return TRAWL_OK;
}

/* ?N are the row's columns in order */
static const char *const in_sql[TRAWL__COPY_N] = {
	[TRAWL__COPY_BLOBS] = "INSERT INTO blobs(sha256, size, format, encoding, added_at, ndocs, "
		"stated_unit, stated_currency) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[TRAWL__COPY_DOCS] = "INSERT INTO docs(id, sha256, seq, ext_id, title, units, pages, "
		"text_bytes, year, kind, extractor, indexed, kind_src, year_src, place, place_code, "
		"place_src, amount, currency, amount_src, amount_fact, u_title, u_kind, u_year, u_place, "
		"u_place_code, u_amount, u_currency, ocr_units, ocr_conf) VALUES(?1, ?2, ?3, ?4, ?5, ?6, "
		"?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
		"?25, ?26, ?27, ?28, coalesce(?29, 0), ?30)",
	[TRAWL__COPY_UNITS] = "INSERT INTO units(rowid, doc, seq, kind, number, name, text, raw, map, "
		"cells, spans, ncells, ocr) VALUES(((SELECT rowid FROM docs WHERE id = ?1) << "
		UNIT_BITS_SQL ") | ?2, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[TRAWL__COPY_FACTS] = "INSERT INTO facts(id, unit, kind, bstart, bend, cstart, cend, text, "
		"value, value_hi, num, negative, currency, unit_name, unit_source, comparator, "
		"precision, role, code, label, col, caption, party, attrs) VALUES(((SELECT rowid FROM "
		"docs WHERE id = ?1) << " FACT_BITS_SQL ") | ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
		"?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)",
	[TRAWL__COPY_FIELDS] = "INSERT INTO fields(doc, key, value) VALUES(?1, ?2, ?3)",
	[TRAWL__COPY_SIGHTINGS] = "INSERT INTO sightings(path, sha256, size, mtime, seen_at, "
		"source_url, version, realpath) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?8, ?1))",
	[TRAWL__COPY_WATCHES] = "INSERT INTO watches(name, query, created_at, last_run_at, mark) "
		"VALUES(?1, ?2, ?3, ?4, coalesce((SELECT rowid FROM docs WHERE id = ?5), 0))",
};

/* Columns stored as bytes, not text: a unit's map, cells and spans. */
static int is_blob(int table, int i)
{
	return table == TRAWL__COPY_UNITS && i >= 7 && i <= 9;
}

static int is_number(int table, int i)
{
	static const char numeric[TRAWL__COPY_N][TRAWL__COPY_MAXCOLS] = {
		[TRAWL__COPY_BLOBS] = { [1] = 1, [5] = 1 },
		[TRAWL__COPY_DOCS] = { [2] = 1, [5] = 1, [6] = 1, [7] = 1, [8] = 1, [10] = 1,
		                       [11] = 1, [20] = 1, [23] = 1, [28] = 1, [29] = 2 },
		[TRAWL__COPY_UNITS] = { [1] = 1, [3] = 1, [10] = 1, [11] = 2 },
		[TRAWL__COPY_FACTS] = { [1] = 1, [2] = 1, [4] = 1, [5] = 1, [6] = 1, [7] = 1,
		                        [11] = 2, [12] = 1 },
		[TRAWL__COPY_SIGHTINGS] = { [2] = 1, [3] = 1, [6] = 1 },
	};
	return numeric[table][i];
}

trawl_err trawl__sq_copy_in(void *be, int table, const trawl__row *r, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *st = NULL;
	trawl_err rc = TRAWL_OK;

	if (table == TRAWL__COPY_N) {
		/* the search index and the facets of what was copied (a new
		 * store: nothing to say about an upgrade) */
		rc = trawl__sqix_rebuild(b, d);
		b->note[0] = '\0';
		return rc;
	}
	if (sqlite3_prepare_v2(b->db, in_sql[table], -1, &st, NULL)) {
		trawl__diag_set(d, NULL, "copying into the store: %s", sqlite3_errmsg(b->db));
		sqlite3_finalize(st);
		return TRAWL_ESTORE;
	}
	for (int i = 0; i < r->ncols && i < trawl__copy_ncols[table]; i++) {
		char num[64];
		if (!r->v[i])
			continue;
		if (is_blob(table, i)) {
			sqlite3_bind_blob64(st, i + 1, r->v[i], r->n[i], SQLITE_TRANSIENT);
		} else if (is_number(table, i) && r->n[i] < sizeof num) {
			memcpy(num, r->v[i], r->n[i]);
			num[r->n[i]] = '\0';
			if (is_number(table, i) == 2)
				sqlite3_bind_double(st, i + 1, strtod(num, NULL));
			else
				sqlite3_bind_int64(st, i + 1, strtoll(num, NULL, 10));
		} else {
			sqlite3_bind_text64(st, i + 1, r->v[i], r->n[i], SQLITE_TRANSIENT, SQLITE_UTF8);
		}
	}
	if (sqlite3_step(st) != SQLITE_DONE) {
		trawl__diag_set(d, NULL, "copying into the store: %s", sqlite3_errmsg(b->db));
		rc = TRAWL_ESTORE;
	}
	sqlite3_finalize(st);
	return rc;
}
