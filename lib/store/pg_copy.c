/* trawl copy on the PostgreSQL backend: its rows in the form both backends
 * share (store.h: trawl__copy_cols), out and in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/pg_be.h"
#include "util/diag.h"
#include "util/banned.h"

/* Every column as text except a unit's map, cells and spans (bytea): the
 * result comes in binary, where text is its bytes. */
static const char *const out_sql[TRAWL__COPY_N] = {
	[TRAWL__COPY_BLOBS] = "SELECT sha256, size::text, format, encoding, added_at, ndocs::text, "
		"stated_unit, stated_currency FROM blobs ORDER BY rid",
	[TRAWL__COPY_DOCS] = "SELECT id, sha256, seq::text, ext_id, title, units::text, pages::text, "
		"text_bytes::text, year::text, kind, extractor::text, indexed::text, kind_src, year_src, "
		"place, place_code, place_src, amount, currency, amount_src, amount_fact::text, u_title, "
		"u_kind, u_year::text, u_place, u_place_code, u_amount, u_currency, ocr_units::text, "
		"ocr_conf::text FROM docs ORDER BY rid",
	[TRAWL__COPY_UNITS] = "SELECT d.id, u.seq::text, u.kind, u.number::text, u.name, u.text, "
		"u.raw, u.map, u.cells, u.spans, u.ncells::text, u.ocr::text FROM units u JOIN docs d ON "
		"d.rid = u.doc "
		"ORDER BY u.doc, u.seq",
	[TRAWL__COPY_FACTS] = "SELECT d.id, f.n::text, f.unit::text, f.kind, f.bstart::text, "
		"f.bend::text, f.cstart::text, f.cend::text, f.text, f.value, f.value_hi, "
		"f.num::text, f.negative::text, "
		"f.currency, f.unit_name, f.unit_source, f.comparator, f.precision, f.role, f.code, "
		"f.label, f.col, f.caption, f.party, f.attrs FROM facts f JOIN docs d ON d.rid = f.doc "
		"ORDER BY f.doc, f.n",
	[TRAWL__COPY_FIELDS] = "SELECT d.id, f.key, f.value FROM fields f JOIN docs d ON d.rid = f.doc "
		"ORDER BY f.doc, f.n",
	[TRAWL__COPY_SIGHTINGS] = "SELECT path, sha256, size::text, mtime::text, seen_at, source_url, "
		"version::text, realpath FROM sightings ORDER BY id",
	[TRAWL__COPY_WATCHES] = "SELECT name, query, created_at, last_run_at, (SELECT id FROM docs "
		"WHERE rid <= w.mark ORDER BY rid DESC LIMIT 1) FROM watches w ORDER BY name",
};

trawl_err trawl__pg_copy_out(void *be, int table, int (*cb)(const trawl__row *, void *),
                             void *u, trawl_diag *d)
{
	pg_be *b = be;
	PGresult *r = PQexecParams(b->db, out_sql[table], 0, NULL, NULL, NULL, NULL, 1);
	trawl__row row;

	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
		const char *m = PQerrorMessage(b->db);
		trawl__diag_set(d, NULL, "copying the store: %.*s", (int)strcspn(m, "\n"), m);
		PQclear(r);
		return TRAWL_ESTORE;
	}
	for (int i = 0; i < PQntuples(r); i++) {
		memset(&row, 0, sizeof row);
		row.ncols = PQnfields(r);
		for (int k = 0; k < row.ncols && k < TRAWL__COPY_MAXCOLS; k++) {
			if (PQgetisnull(r, i, k))
				continue;
			row.v[k] = PQgetvalue(r, i, k);
			row.n[k] = (size_t)PQgetlength(r, i, k);
		}
		if (cb(&row, u))
			break;
	}
	PQclear(r);
	return TRAWL_OK;
}

static const char *const in_sql[TRAWL__COPY_N] = {
	[TRAWL__COPY_BLOBS] = "INSERT INTO blobs(sha256, size, format, encoding, added_at, ndocs, "
		"stated_unit, stated_currency) VALUES($1, $2::bigint, $3, $4, $5, $6::int, $7, $8)",
	[TRAWL__COPY_DOCS] = "INSERT INTO docs(id, sha256, seq, ext_id, title, units, pages, "
		"text_bytes, year, kind, extractor, indexed, kind_src, year_src, place, place_code, "
		"place_src, amount, currency, amount_src, amount_fact, u_title, u_kind, u_year, u_place, "
		"u_place_code, u_amount, u_currency, ocr_units, ocr_conf) VALUES($1, $2, $3::int, $4, $5, "
		"$6::int, $7::int, $8::bigint, $9::int, $10, $11::int, $12::int, $13, $14, $15, $16, $17, "
		"$18, $19, $20, $21::bigint, $22, $23, $24::int, $25, $26, $27, $28, "
		"coalesce($29::int, 0), $30::float8)",
	[TRAWL__COPY_UNITS] = "INSERT INTO units(doc, seq, kind, number, name, text, raw, map, cells, "
		"spans, ncells, ocr, ntok, tsv) VALUES((SELECT rid FROM docs WHERE id = $1), $2::int, "
		"$3, $4::int, $5, $6, $7, $8::bytea, $9::bytea, $10::bytea, $11::int, $12::float8, "
		"$13::int, $14::tsvector)",
	[TRAWL__COPY_FACTS] = "INSERT INTO facts(doc, n, unit, kind, bstart, bend, cstart, cend, text, "
		"value, value_hi, num, negative, currency, unit_name, unit_source, comparator, precision, "
		"role, code, label, col, caption, party, attrs) VALUES((SELECT rid FROM docs WHERE id = "
		"$1), $2::bigint, $3::int, $4, $5::bigint, $6::bigint, $7::bigint, $8::bigint, $9, $10, "
		"$11, $12::float8, $13::int, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)",
	[TRAWL__COPY_FIELDS] = "INSERT INTO fields(doc, n, key, value) SELECT d.rid, coalesce((SELECT "
		"max(n) FROM fields WHERE doc = d.rid), 0) + 1, $2, $3 FROM docs d WHERE d.id = $1",
	[TRAWL__COPY_SIGHTINGS] = "INSERT INTO sightings(path, sha256, size, mtime, seen_at, "
		"source_url, version, realpath, collection) VALUES($1, $2, $3::bigint, $4::bigint, $5, $6, "
		"$7::int, coalesce($8, $1), $9)",
	[TRAWL__COPY_WATCHES] = "INSERT INTO watches(name, query, created_at, last_run_at, mark) "
		"VALUES($1, $2, $3, $4, coalesce((SELECT rid FROM docs WHERE id = $5), 0))",
};

typedef struct unit_in {
	pg_be *b;
	const trawl__row *r;
	char *tsv;
	trawl_diag *d;
	trawl_err rc;
} unit_in;

static trawl_err on_part(const char *tsv, size_t n, int part, int nparts, void *u)
{
	unit_in *c = u;
	pg_params p;

	(void)n;
	if (nparts == 1)
		return (c->tsv = trawl__strdup(tsv)) ? TRAWL_OK : TRAWL_ENOMEM;
	trawl__pg_params_init(&p);
	trawl__pg_bytea(&p, 1, c->r->v[0], c->r->n[0]);
	trawl__pg_bytea(&p, 2, c->r->v[1], c->r->n[1]);
	trawl__pg_int(&p, 3, part);
	trawl__pg_text(&p, 4, tsv);
	return trawl__pg_run(c->b, c->b->db, "INSERT INTO unit_parts(doc, seq, part, tsv) VALUES("
	                     "(SELECT rid FROM docs WHERE id = convert_from($1, 'UTF8')), "
	                     "convert_from($2, 'UTF8')::int, $3::int, $4::tsvector)", &p, c->d,
	                     "indexing the copy");
}

trawl_err trawl__pg_copy_in(void *be, int table, const trawl__row *r, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	unit_in ui = { b, r, NULL, d, TRAWL_OK };
	trawl__buf text;
	int ntok = 0, indexed = 0;
	trawl_err rc;

	if (table == TRAWL__COPY_N)
		/* (each unit's tsvectors were made as it came; the index's
		 * segments from all of them) */
		return b->ix_on ? trawl__pgix_rebuild(b, d) : TRAWL_OK;
	trawl__pg_params_init(&p);
	/* every value as bytes (binary text is its bytes); bytea stays bytea */
	for (int i = 0; i < r->ncols && i < trawl__copy_ncols[table]; i++) {
		trawl__pg_text(&p, i + 1, NULL);
		if (!r->v[i])
			continue;
		trawl__pg_bytea(&p, i + 1, r->v[i], r->n[i]);
		if (!(table == TRAWL__COPY_UNITS && i >= 7 && i <= 9))
			p.type[i] = 25; /* text, sent in binary: its bytes */
	}
	if (table == TRAWL__COPY_SIGHTINGS) {
		char path[4096];
		snprintf(path, sizeof path, "%.*s", (int)r->n[0], r->v[0] ? r->v[0] : "");
		trawl__pg_text(&p, 9, trawl__pg_collection_of(b, path));
		p.fmt[8] = 0;
	}
	if (table == TRAWL__COPY_UNITS) {
		PGresult *q;
		pg_params k;
		trawl__pg_params_init(&k);
		trawl__pg_bytea(&k, 1, r->v[0], r->n[0]);
		k.type[0] = 25;
		if (!(q = trawl__pg_exec(b, b->db, "SELECT indexed FROM docs WHERE id = $1", &k, d,
		                         "copying into the store")))
			return TRAWL_ESTORE;
		indexed = PQntuples(q) && !strcmp(PQgetvalue(q, 0, 0), "1");
		PQclear(q);
		trawl__pg_text(&p, 13, NULL);
		trawl__pg_text(&p, 14, NULL);
		/* (a store without tsvectors counts the unit, its length 0) */
		if (indexed && b->tsv == 0)
			b->st_rows++;
		if (indexed && b->tsv != 0) {
			trawl__buf_init(&text, 0);
			if (trawl__buf_add(&text, r->v[5] ? r->v[5] : "", r->n[5]))
				return TRAWL_ENOMEM;
			rc = trawl__pg_tsvectors(text.data ? text.data : "", text.len, &ntok, on_part, &ui);
			trawl__buf_release(&text);
			if (rc) {
				free(ui.tsv);
				return rc;
			}
			b->st_rows++;
			b->st_tokens += ntok;
			trawl__pg_text(&p, 14, ui.tsv);
		}
		trawl__pg_int(&p, 13, ntok);
	}
	rc = trawl__pg_run(b, b->db, in_sql[table], &p, d, "copying into the store");
	free(ui.tsv);
	if (!rc && table == TRAWL__COPY_DOCS && b->collection) {
		pg_params k;
		trawl__pg_params_init(&k);
		trawl__pg_bytea(&k, 1, r->v[0], r->n[0]);
		k.type[0] = 25;
		trawl__pg_text(&k, 2, b->collection);
		rc = trawl__pg_run(b, b->db, "INSERT INTO doc_collections(doc, collection) SELECT rid, $2 "
		                   "FROM docs WHERE id = $1", &k, d, "copying into the store");
	}
	return rc;
}
