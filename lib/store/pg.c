/* The PostgreSQL backend (libpq): the same tables as the SQLite store, the
 * originals in the database as content-addressed chunks (pg_objects.c),
 * and the full-text index as tsvectors made by trawl's own tokenizer
 * (pg_index.c), searched through GIN indexes (pg_search.c).
 *
 * Several writers may add at once, from several machines. Each file's
 * record is guarded by advisory locks on its path and on its bytes'
 * hash, so the same bytes are stored once and a path's versions are
 * numbered in turn; a writer that would wait for a lock while holding
 * others first commits its batch (every file in it is whole), so writers
 * never wait for each other in a circle. See docs/postgresql.md. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/pg_be.h"
#include "facts/extract.h"
#include "ingest/version.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/fault.h"
#include "util/banned.h"

/* 1: the first; 2: removed (trawl rm's tombstones); 3: the unit and
 * currency add --unit/--currency stated, kept with the original; 4: the
 * search index's segments (pg_ix.c) */
/* 5: a store made without tsvectors (meta 'tsv' '0'), which a trawl that
 * would search or add through them must not open; a store of schema 4 has
 * them and is read and written the same */
#define PG_SCHEMA_VERSION 5
#define TEXTOID 25
#define BYTEAOID 17

#define T "text COLLATE \"C\""
/* what trawl rm took out of a file that holds more documents (schema 2) */
#define REMOVED_TABLE \
	"CREATE TABLE IF NOT EXISTS removed(id " T " PRIMARY KEY, sha256 " T " NOT NULL,\n" \
	"  removed_at " T " NOT NULL);\n"
static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta(key " T " PRIMARY KEY, value text);\n"
	"CREATE SEQUENCE IF NOT EXISTS blob_rid;\n"
	"CREATE TABLE IF NOT EXISTS blobs(\n"
	"  sha256 " T " PRIMARY KEY, rid bigint NOT NULL DEFAULT nextval('blob_rid'),\n"
	"  size bigint NOT NULL, format " T " NOT NULL, encoding " T ",\n"
	"  added_at " T " NOT NULL, ndocs int NOT NULL, stated_unit " T ",\n"
	"  stated_currency " T ");\n"
	"CREATE TABLE IF NOT EXISTS sightings(\n"
	"  id bigserial PRIMARY KEY, path " T " NOT NULL,\n"
	"  sha256 " T " NOT NULL REFERENCES blobs(sha256),\n"
	"  size bigint, mtime bigint, seen_at " T " NOT NULL, source_url " T ",\n"
	"  version int NOT NULL, collection " T ", realpath " T ");\n"
	"CREATE INDEX IF NOT EXISTS sightings_path ON sightings(path, id);\n"
	"CREATE INDEX IF NOT EXISTS sightings_real ON sightings(realpath, id);\n"
	"CREATE INDEX IF NOT EXISTS sightings_sha ON sightings(sha256, id);\n"
	"CREATE SEQUENCE IF NOT EXISTS doc_rid;\n"
	"CREATE TABLE IF NOT EXISTS docs(\n"
	"  id " T " PRIMARY KEY, rid bigint NOT NULL UNIQUE DEFAULT nextval('doc_rid'),\n"
	"  sha256 " T " NOT NULL REFERENCES blobs(sha256),\n"
	"  seq int NOT NULL, ext_id " T ", title " T ", units int NOT NULL,\n"
	"  pages int NOT NULL, text_bytes bigint NOT NULL, year int, kind " T ",\n"
	"  extractor int NOT NULL DEFAULT 0, indexed int NOT NULL DEFAULT 1,\n"
	"  kind_src " T ", year_src " T ", place " T ", place_code " T ", place_src " T ",\n"
	"  amount " T ", currency " T ", amount_src " T ", amount_fact bigint,\n"
	"  u_title " T ", u_kind " T ", u_year int, u_place " T ", u_place_code " T ",\n"
	"  u_amount " T ", u_currency " T ", collection " T ",\n"
	"  ocr_units int NOT NULL DEFAULT 0, ocr_conf float8);\n"
	"CREATE INDEX IF NOT EXISTS docs_sha ON docs(sha256, seq);\n"
	"CREATE TABLE IF NOT EXISTS units(\n"
	"  doc bigint NOT NULL, seq int NOT NULL, kind " T " NOT NULL, number int NOT NULL,\n"
	"  name " T ", text text NOT NULL, raw text, map bytea, cells bytea, spans bytea,\n"
	"  ncells int NOT NULL DEFAULT 0, ntok int NOT NULL DEFAULT 0, tsv tsvector, ocr float8,\n"
	"  CHECK (doc > 0)) PARTITION BY HASH(doc);\n"
	"CREATE TABLE IF NOT EXISTS unit_parts(\n"
	"  doc bigint NOT NULL, seq int NOT NULL, part int NOT NULL, tsv tsvector NOT NULL,\n"
	"  CHECK (doc > 0)) PARTITION BY HASH(doc);\n"
	"CREATE TABLE IF NOT EXISTS facts(\n"
	"  doc bigint NOT NULL, n bigint NOT NULL, unit int NOT NULL,\n"
	"  kind " T " NOT NULL, bstart bigint NOT NULL, bend bigint NOT NULL,\n"
	"  cstart bigint NOT NULL, cend bigint NOT NULL, text text NOT NULL,\n"
	"  value " T ", value_hi " T ", num float8, negative int NOT NULL DEFAULT 0,\n"
	"  currency " T ", unit_name " T ", unit_source " T ", comparator " T ",\n"
	"  precision " T ", role " T ", code " T ", label " T ", col " T ", caption " T ",\n"
	"  party " T ", attrs text) PARTITION BY HASH(doc);\n"
	"CREATE TABLE IF NOT EXISTS fields(\n"
	"  doc bigint NOT NULL, n int NOT NULL, key " T " NOT NULL, value text,\n"
	"  CHECK (doc > 0)) PARTITION BY HASH(doc);\n"
	REMOVED_TABLE
	"CREATE TABLE IF NOT EXISTS watches(name " T " PRIMARY KEY, query text NOT NULL,\n"
	"  created_at " T " NOT NULL, last_run_at " T ", mark bigint NOT NULL DEFAULT 0);\n"
	/* the originals: an object is its chunks in order, each stored once
	 * under its own SHA-256 */
	"CREATE TABLE IF NOT EXISTS chunks(hash " T " PRIMARY KEY, size int NOT NULL,\n"
	"  data bytea NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS objects(sha256 " T " NOT NULL, seq int NOT NULL,\n"
	"  chunk " T " NOT NULL REFERENCES chunks(hash), PRIMARY KEY(sha256, seq));\n"
	/* BM25's collection statistics: one row of deltas per transaction */
	"CREATE TABLE IF NOT EXISTS fts_stats(id bigserial PRIMARY KEY, nrows bigint NOT NULL,\n"
	"  ntokens bigint NOT NULL);\n"
	"CREATE SEQUENCE IF NOT EXISTS data_version;\n"
	TRAWL__PG_IX_SCHEMA
	/* whether bytes are stored, whoever may read them (so that a writer
	 * stores them once) */
	"CREATE OR REPLACE FUNCTION trawl_blob_exists(sha text) RETURNS bool LANGUAGE sql STABLE\n"
	"  SECURITY DEFINER SET search_path FROM CURRENT AS\n"
	"  $f$ SELECT EXISTS (SELECT 1 FROM blobs WHERE sha256 = sha) $f$;\n"
	/* a number in text (an amount), or NULL: SQLite's CAST gives 0 for
	 * what is no number, PostgreSQL's an error */
	"CREATE OR REPLACE FUNCTION trawl_num(t text) RETURNS float8 LANGUAGE sql IMMUTABLE\n"
	"  PARALLEL SAFE AS $f$ SELECT CASE WHEN t ~ '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)"
	"([eE][-+]?[0-9]+)?\\s*$' THEN t::float8 END $f$;\n"
	/* how often the phrase toks occurs in v: the starts s at which token
	 * i of the phrase is at s + i - 1 for every i (BM25's term frequency);
	 * PL/pgSQL, so its plan is made once per session */
	"CREATE OR REPLACE FUNCTION trawl_pf(v tsvector, toks text[]) RETURNS int\n"
	"  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $f$ BEGIN\n"
	"  RETURN (SELECT count(*) FROM (SELECT u.p - (t.i - 1) AS s FROM\n"
	/* (the phrase's lexemes alone first, in C: weight A on them, then only
	 * A kept; unnest of a whole long unit costs ten times more) */
	"    unnest(ts_filter(setweight(v, 'A', toks), '{a}')) x\n"
	"    JOIN unnest(toks) WITH ORDINALITY AS t(tok, i) ON x.lexeme = t.tok,\n"
	"    unnest(x.positions) AS u(p) GROUP BY 1\n"
	"    HAVING count(DISTINCT t.i) = cardinality(toks)) z);\n"
	"END $f$;\n";

/* The partitions of the large tables, each with its primary key: the
 * partitioned tables have none, so that a partition can be a foreign
 * table on another server (postgres_fdw can't keep a unique index;
 * pg_shard.c), and every partition, here or there, has its own. */
const char *const trawl__pg_part_tables[4][2] = {
	{ "units", "doc, seq" }, { "unit_parts", "doc, seq, part" }, { "facts", "doc, n" },
	{ "fields", "doc, n" },
};

static trawl_err create_parts(pg_be *b, trawl_diag *d)
{
	char sql[512];
	trawl_err rc = TRAWL_OK;

	for (size_t t = 0; t < 4 && !rc; t++)
		for (int i = 0; i < PG_PARTS && !rc; i++) {
			snprintf(sql, sizeof sql, "CREATE TABLE IF NOT EXISTS %s_p%d PARTITION OF %s "
			         "(PRIMARY KEY(%s)) FOR VALUES WITH (MODULUS %d, REMAINDER %d)",
			         trawl__pg_part_tables[t][0], i, trawl__pg_part_tables[t][0],
			         trawl__pg_part_tables[t][1], PG_PARTS, i);
			rc = trawl__pg_run(b, b->db, sql, NULL, d, "can't create the store schema");
		}
	if (!rc)
		rc = trawl__pg_run(b, b->db,
		                   "CREATE INDEX IF NOT EXISTS units_tsv ON units USING gin(tsv);"
		                   "CREATE INDEX IF NOT EXISTS unit_parts_tsv ON unit_parts "
		                   "USING gin(tsv);", NULL, d, "can't create the store schema");
	return rc;
}

/* ---- statements ---- */

void trawl__pg_params_init(pg_params *p)
{
	memset(p, 0, sizeof *p);
	for (int i = 0; i < PG_NPARAMS; i++)
		p->type[i] = TEXTOID;
}

static void mark(pg_params *p, int i)
{
	if (i > p->n)
		p->n = i;
}

void trawl__pg_int_array(pg_params *p, int i, const char *v, int int4)
{
	p->v[i - 1] = v;
	p->type[i - 1] = int4 ? 1007 : 1016; /* INT4ARRAYOID, INT8ARRAYOID */
	mark(p, i);
}

void trawl__pg_text(pg_params *p, int i, const char *v)
{
	p->v[i - 1] = v;
	mark(p, i);
}

void trawl__pg_nonempty(pg_params *p, int i, const char *v)
{
	p->v[i - 1] = v && *v ? v : NULL;
	mark(p, i);
}

void trawl__pg_int(pg_params *p, int i, int64_t v)
{
	snprintf(p->num[i - 1], sizeof p->num[0], "%lld", (long long)v);
	p->v[i - 1] = p->num[i - 1];
	mark(p, i);
}

void trawl__pg_double(pg_params *p, int i, double v)
{
	snprintf(p->num[i - 1], sizeof p->num[0], "%.17g", v);
	p->v[i - 1] = p->num[i - 1];
	mark(p, i);
}

void trawl__pg_bytea(pg_params *p, int i, const void *v, size_t n)
{
	p->v[i - 1] = v ? v : "";
	p->len[i - 1] = (int)n;
	p->fmt[i - 1] = 1;
	p->type[i - 1] = BYTEAOID;
	mark(p, i);
}

trawl_err trawl__pg_errcode(const PGresult *r)
{
	const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;

	/* 22: data exceptions (a tsquery it can't read), 42: syntax */
	if (st && (!strncmp(st, "22", 2) || !strncmp(st, "42", 2)))
		return TRAWL_EUSAGE;
	return TRAWL_ESTORE;
}

static void pg_msg(trawl_diag *d, PGconn *c, const PGresult *r, const char *what)
{
	const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;

	if (!m || !*m)
		m = PQerrorMessage(c);
	trawl__diag_set(d, NULL, "%s: %.*s", what, (int)strcspn(m, "\n"), m);
}

PGresult *trawl__pg_exec(pg_be *b, PGconn *c, const char *sql, const pg_params *p,
                         trawl_diag *d, const char *what)
{
	PGresult *r;
	ExecStatusType s;

	if (pg_stage_due(b, c) && trawl__pg_stage_flush(b, d))
		return NULL;
	if (p && p->n)
		r = PQexecParams(c, sql, p->n, p->type, p->v, p->len, p->fmt, 0);
	else
		/* (the simple protocol: several statements in one string) */
		r = PQexec(c, sql);
	s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK)
		return r;
	pg_msg(d, c, r, what);
	if (c == b->db)
		b->last_err = trawl__pg_errcode(r);
	PQclear(r);
	return NULL;
}

trawl_err trawl__pg_pipe_begin(pg_be *b, trawl_diag *d)
{
	trawl_err rc;

	if (pg_stage_due(b, b->db) && (rc = trawl__pg_stage_flush(b, d)))
		return rc;
	if (PQenterPipelineMode(b->db) != 1) {
		pg_msg(d, b->db, NULL, "storing the document");
		return TRAWL_ESTORE;
	}
	b->pipe = 1;
	b->npipe = 0;
	return TRAWL_OK;
}

/* Reads a pipeline's results up to its sync: each statement's result
 * (then a NULL), and the sync's. The first n successful results are kept
 * in out (out may be NULL), *k counts the statements answered; the first
 * error is the one said. Returns rc, or the error met. */
static trawl_err drain_pipeline(pg_be *b, PGresult *out[], int n, int *k, trawl_err rc,
                                trawl_diag *d, const char *what)
{
	for (;;) {
		PGresult *r = PQgetResult(b->db);
		if (!r) {
			if (PQstatus(b->db) != CONNECTION_OK) {
				if (!rc)
					pg_msg(d, b->db, NULL, what);
				return TRAWL_ESTORE;
			}
			continue;
		}
		switch (PQresultStatus(r)) {
		case PGRES_PIPELINE_SYNC:
			PQclear(r);
			return rc;
		case PGRES_COMMAND_OK:
		case PGRES_TUPLES_OK:
			if (out && *k < n) {
				out[(*k)++] = r;
				continue;
			}
			break;
		case PGRES_PIPELINE_ABORTED:
			(*k)++;
			break;
		default:
			if (!rc) {
				pg_msg(d, b->db, r, what);
				b->last_err = trawl__pg_errcode(r);
				rc = TRAWL_ESTORE;
			}
			(*k)++;
		}
		PQclear(r);
	}
}

trawl_err trawl__pg_pipe_end(pg_be *b, trawl_diag *d, const char *what)
{
	trawl_err rc = TRAWL_OK;
	int k = 0;

	b->pipe = 0;
	if (PQpipelineSync(b->db) != 1) {
		pg_msg(d, b->db, NULL, what);
		rc = TRAWL_ESTORE;
	} else {
		rc = drain_pipeline(b, NULL, 0, &k, TRAWL_OK, d, what);
	}
	if (rc) {
		b->prepared = 0;
		b->prep_gen++;
	}
	if (PQexitPipelineMode(b->db) != 1 && !rc) {
		pg_msg(d, b->db, NULL, what);
		rc = TRAWL_ESTORE;
	}
	return rc;
}

trawl_err trawl__pg_pipe_exec(pg_be *b, int n, const char *const sql[],
                              const pg_params *const p[], PGresult *out[], trawl_diag *d,
                              const char *what)
{
	trawl_err rc = TRAWL_OK;
	int i, k = 0;

	for (i = 0; i < n; i++)
		out[i] = NULL;
	if (pg_stage_due(b, b->db) && (rc = trawl__pg_stage_flush(b, d)))
		return rc;
	if (PQenterPipelineMode(b->db) != 1) {
		pg_msg(d, b->db, NULL, what);
		return TRAWL_ESTORE;
	}
	for (i = 0; i < n && !rc; i++) {
		const pg_params *q = p[i];
		if ((q && q->n ? PQsendQueryParams(b->db, sql[i], q->n, q->type, q->v, q->len, q->fmt, 0)
		               : PQsendQueryParams(b->db, sql[i], 0, NULL, NULL, NULL, NULL, 0)) != 1) {
			pg_msg(d, b->db, NULL, what);
			rc = TRAWL_ESTORE;
		}
	}
	if (PQpipelineSync(b->db) != 1) {
		if (!rc)
			pg_msg(d, b->db, NULL, what);
		rc = TRAWL_ESTORE;
	} else {
		rc = drain_pipeline(b, out, n, &k, rc, d, what);
	}
	if (PQexitPipelineMode(b->db) != 1 && !rc) {
		pg_msg(d, b->db, NULL, what);
		rc = TRAWL_ESTORE;
	}
	if (rc || k != n) {
		for (i = 0; i < n; i++) {
			PQclear(out[i]);
			out[i] = NULL;
		}
		if (!rc) {
			trawl__diag_set(d, NULL, "%s: %d results for %d statements", what, k, n);
			rc = TRAWL_ESTORE;
		}
	}
	return rc;
}

/* After a statement was sent in the pipeline: the results are read now
 * and then (unread, they would fill the server's socket until neither
 * side could write). */
static trawl_err pipe_sent(pg_be *b, trawl_diag *d, const char *what)
{
	trawl_err rc;

	if (b->npipe < 256)
		return TRAWL_OK;
	if ((rc = trawl__pg_pipe_end(b, d, what)))
		return rc;
	return trawl__pg_pipe_begin(b, d);
}

enum { PREP_FACT, PREP_UNIT, PREP_FIELD };

/* trawl__pg_run of one of a document's row statements (which), with its
 * nparams parameters: in the pipeline, prepared once a session, so that
 * the server parses and plans it once, not for each of the thousands of
 * rows of a large file. */
static trawl_err run_prepared(pg_be *b, int which, const char *sql, int nparams,
                              const pg_params *p, trawl_diag *d, const char *what)
{
	char name[48];

	if (!b->pipe)
		return trawl__pg_run(b, b->db, sql, p, d, what);
	snprintf(name, sizeof name, "trawl_row_%d_%d", b->prep_gen, which);
	if (!(b->prepared & (1u << which))) {
		/* each parameter's type as the statement takes it, whatever this
		 * row holds (text, or bytea: a fact's text, a unit's map, cells
		 * and spans, sent as bytes) */
		unsigned int types[PG_NPARAMS];
		for (int i = 0; i < PG_NPARAMS; i++)
			types[i] = (which == PREP_FACT && i == 8) ||
			           (which == PREP_UNIT && i >= 7 && i <= 9) ? BYTEAOID : TEXTOID;
		if (PQsendPrepare(b->db, name, sql, nparams, types) != 1) {
			pg_msg(d, b->db, NULL, what);
			return TRAWL_ESTORE;
		}
		b->prepared |= 1u << which;
		b->npipe++;
	}
	if (PQsendQueryPrepared(b->db, name, nparams, p->v, p->len, p->fmt, 0) != 1) {
		pg_msg(d, b->db, NULL, what);
		return TRAWL_ESTORE;
	}
	b->npipe++;
	return pipe_sent(b, d, what);
}

trawl_err trawl__pg_run(pg_be *b, PGconn *c, const char *sql, const pg_params *p,
                        trawl_diag *d, const char *what)
{
	PGresult *r;

	if (b->pipe && c == b->db) {
		int ok = p && p->n ? PQsendQueryParams(c, sql, p->n, p->type, p->v, p->len, p->fmt, 0)
		                   : PQsendQueryParams(c, sql, 0, NULL, NULL, NULL, NULL, 0);
		b->npipe++;
		if (ok != 1) {
			pg_msg(d, c, NULL, what);
			return TRAWL_ESTORE;
		}
		return pipe_sent(b, d, what);
	}
	r = trawl__pg_exec(b, c, sql, p, d, what);

	if (!r)
		return TRAWL_ESTORE;
	PQclear(r);
	return TRAWL_OK;
}

int64_t trawl__pg_i64(const PGresult *res, int r, int i)
{
	return PQgetisnull(res, r, i) ? 0 : strtoll(PQgetvalue(res, r, i), NULL, 10);
}

trawl_err trawl__pg_drop_doc_rows(pg_be *b, int64_t rid, int indexed, const char *what,
                                  trawl_diag *d)
{
	pg_params p;
	PGresult *r;
	trawl_err rc;
	char arg[32];

	trawl__pg_params_init(&p);
	trawl__pg_int(&p, 1, rid);
	/* the document's row first, as the first user's fill locks it before
	 * it gives the units their tsvectors (trawl__pg_tsv_fill): the lengths
	 * read below are those it wrote, or it skips the document. (Only while
	 * a fill may run, meta 'filling': with '0' this transaction began
	 * before any fill can, and '1' is after.) */
	if (b->tsv != 0 && b->tsv != 1 &&
	    (rc = trawl__pg_run(b, b->db, "SELECT 1 FROM docs WHERE rid = $1::bigint FOR NO KEY "
	                        "UPDATE", &p, d, what)))
		return rc;
	/* BM25's statistics lose what its units counted */
	if (indexed) {
		if (!(r = trawl__pg_exec(b, b->db, "SELECT count(*), coalesce(sum(ntok), 0) FROM "
		                         "units WHERE doc = $1::bigint", &p, d, what)))
			return TRAWL_ESTORE;
		b->st_rows -= trawl__pg_i64(r, 0, 0);
		b->st_tokens -= trawl__pg_i64(r, 0, 1);
		PQclear(r);
		/* (a test's way to widen the window a fill could fall into: MS
		 * for each of the first N documents) */
		if (trawl__fault("slow-drop", arg, sizeof arg) && arg[0]) {
			static long ndrops;
			char *end, sql[64];
			long ms = strtol(arg, &end, 10);
			long n = *end == ':' ? strtol(end + 1, NULL, 10) : 1L << 30;
			if (ndrops++ < n) {
				snprintf(sql, sizeof sql, "SELECT pg_sleep(%ld / 1000.0)", ms);
				trawl__pg_run(b, b->db, sql, NULL, NULL, "");
			}
		}
		/* and the index its entries */
		if (b->ix_on && (rc = trawl__pgix_drop(b, rid, d)))
			return rc;
	}
	if ((rc = trawl__pg_run(b, b->db, "DELETE FROM units WHERE doc = $1::bigint", &p, d, what)) ||
	    (rc = trawl__pg_run(b, b->db, "DELETE FROM unit_parts WHERE doc = $1::bigint", &p, d,
	                        what)) ||
	    (rc = trawl__pg_run(b, b->db, "DELETE FROM facts WHERE doc = $1::bigint", &p, d, what)))
		return rc;
	return trawl__pg_run(b, b->db, "DELETE FROM fields WHERE doc = $1::bigint", &p, d, what);
}

double trawl__pg_f64(const PGresult *res, int r, int i)
{
	return PQgetisnull(res, r, i) ? 0 : strtod(PQgetvalue(res, r, i), NULL);
}

void trawl__pg_quote(trawl__buf *out, const char *s)
{
	trawl__buf_addc(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			trawl__buf_addc(out, '\'');
		trawl__buf_addc(out, *s);
	}
	trawl__buf_addc(out, '\'');
}

/* A statement with no rows wanted and no parameters, on the main connection. */
static trawl_err run0(pg_be *b, const char *sql, trawl_diag *d, const char *what)
{
	return trawl__pg_run(b, b->db, sql, NULL, d, what);
}

/* ---- open, close, transactions ---- */

static trawl_err connect_to(const char *url, PGconn **out, trawl_diag *d)
{
	PGconn *c = PQconnectdb(url);

	if (!c) {
		trawl__diag_set(d, NULL, "can't connect to the store: out of memory");
		return TRAWL_ENOMEM;
	}
	if (PQstatus(c) != CONNECTION_OK) {
		const char *m = PQerrorMessage(c);
		trawl__diag_set(d, NULL, "can't connect to the store: %.*s", (int)strcspn(m, "\n"), m);
		PQfinish(c);
		return TRAWL_ESTORE;
	}
	PQsetClientEncoding(c, "UTF8");
	*out = c;
	return TRAWL_OK;
}

trawl_err trawl__pg_wconn(pg_be *b, trawl_diag *d)
{
	trawl_err rc;

	if (b->wdb)
		return TRAWL_OK;
	if ((rc = connect_to(b->url, &b->wdb, d)))
		return rc;
	/* the user the main connection acts as (trawl_store_set_user) */
	if (b->role && (rc = trawl__pg_act_as(b, b->wdb, d))) {
		PQfinish(b->wdb);
		b->wdb = NULL;
	}
	return rc;
}

static void be_free(pg_be *b)
{
	PQfinish(b->wdb);
	PQfinish(b->db);
	pthread_mutex_destroy(&b->wlock);
	for (size_t i = 0; i < sizeof b->info_strs / sizeof b->info_strs[0]; i++)
		free(b->info_strs[i]);
	trawl__pgix_free(b->ix);
	for (int i = 0; i < PG_STAGE_N; i++)
		trawl__buf_release(&b->staged[i]);
	free(b->collection);
	free(b->role);
	free(b->cur_path);
	free(b->url);
	free(b);
}

/* The store's schema version, 0 when it has none. */
static trawl_err schema_version(pg_be *b, int *ver, trawl_diag *d)
{
	PGresult *r = trawl__pg_exec(b, b->db, "SELECT to_regclass('meta') IS NOT NULL", NULL,
	                             d, "not a trawl store database");

	*ver = 0;
	if (!r)
		return TRAWL_ESTORE;
	if (PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t")) {
		PQclear(r);
		r = trawl__pg_exec(b, b->db, "SELECT value FROM meta WHERE key = 'schema'", NULL,
		                   d, "not a trawl store database");
		if (!r)
			return TRAWL_ESTORE;
		if (PQntuples(r))
			*ver = (int)trawl__pg_i64(r, 0, 0);
	}
	PQclear(r);
	return TRAWL_OK;
}

/* Whether this session's role owns the store. */
static trawl_err owns(pg_be *b, int *own, trawl_diag *d, const char *what)
{
	PGresult *r = trawl__pg_exec(b, b->db, "SELECT tableowner = current_user FROM pg_tables "
	                             "WHERE tablename = 'docs' AND schemaname = current_schema()",
	                             NULL, d, what);

	if (!r)
		return TRAWL_ESTORE;
	*own = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	return TRAWL_OK;
}

/* Schema 4: the search index's tables, built from the stored units. The
 * owner's session does it (its tables, every unit); a user's goes on
 * without the index (its search is through the tsvectors anyway). */
static trawl_err upgrade_ix(pg_be *b, int *ver, trawl_diag *d)
{
	static const char what[] = "can't upgrade the store schema";
	PGresult *r;
	int own;
	trawl_err rc;

	if ((rc = owns(b, &own, d, what)) || !own)
		return rc;
	if ((rc = run0(b, "BEGIN; SELECT pg_advisory_xact_lock(7419, 0)", d, what)))
		return rc;
	/* (another session may have done it meanwhile) */
	if (!(r = trawl__pg_exec(b, b->db, "SELECT value FROM meta WHERE key = 'schema'", NULL, d,
	                         what))) {
		run0(b, "ROLLBACK", NULL, "");
		return TRAWL_ESTORE;
	}
	own = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "3");
	PQclear(r);
	if (own) {
		b->in_txn = 1;
		rc = run0(b, TRAWL__PG_IX_SCHEMA TRAWL__PG_IX_POLICIES
		          "DO $$ DECLARE r text; BEGIN FOR r IN SELECT DISTINCT role FROM grants "
		          "WHERE role IN (SELECT rolname FROM pg_roles) LOOP "
		          "EXECUTE format('GRANT USAGE ON SEQUENCE ix_seg, ix_dead_id_seq TO %I', r); "
		          "END LOOP; FOR r IN SELECT DISTINCT role FROM grants WHERE rights = 'write' "
		          "AND role IN (SELECT rolname FROM pg_roles) LOOP "
		          "EXECUTE format('GRANT INSERT ON " TRAWL__PG_IX_TABLES " TO %I', r); "
		          "END LOOP; END $$; "
		          "INSERT INTO meta(key, value) VALUES('ix', '0') ON CONFLICT (key) DO NOTHING",
		          d, what);
		if (!rc)
			rc = run0(b, "UPDATE meta SET value = '4' WHERE key = 'schema'", d, what);
		b->in_txn = 0;
	}
	if (!rc)
		rc = run0(b, "COMMIT", d, what);
	if (rc) {
		run0(b, "ROLLBACK", NULL, "");
		return rc;
	}
	*ver = 4;
	return TRAWL_OK;
}

/* The owner's session that may write builds the search index when it is
 * not whole (a store upgraded to schema 4, or one verify found damaged). */
static trawl_err build_ix(pg_be *b, trawl_diag *d)
{
	static const char what[] = "can't build the search index";
	PGresult *r;
	int own = 0, whole;
	trawl_err rc;

	if (!(r = trawl__pg_exec(b, b->db, "SELECT value FROM meta WHERE key = 'ix'", NULL, d,
	                         what)))
		return TRAWL_ESTORE;
	whole = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "1");
	PQclear(r);
	if (whole || (rc = owns(b, &own, d, what)) || !own)
		return whole ? TRAWL_OK : rc;
	/* One rebuild at a time and no merge beside it (the merges' lock,
	 * pg_ix.c), then one snapshot for all of it: a writer that commits
	 * meanwhile keeps its own segment and is not read into the rebuilt
	 * one, and another owner's rebuild that finished first is not redone */
	if ((rc = run0(b, "SELECT pg_advisory_lock(7419, 3)", d, what)))
		return rc;
	if ((rc = run0(b, "BEGIN ISOLATION LEVEL REPEATABLE READ; "
	               "SELECT pg_advisory_xact_lock(7419, 0)", d, what)))
		goto unlock;
	if (!(r = trawl__pg_exec(b, b->db, "SELECT value FROM meta WHERE key = 'ix'", NULL, d,
	                         what))) {
		rc = TRAWL_ESTORE;
	} else {
		whole = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "1");
		PQclear(r);
		b->in_txn = 1;
		if (!whole)
			rc = trawl__pgix_rebuild(b, d);
		b->in_txn = 0;
	}
	if (!rc)
		rc = run0(b, "COMMIT", d, what);
	if (rc)
		run0(b, "ROLLBACK", NULL, "");
unlock:
	run0(b, "SELECT pg_advisory_unlock(7419, 3)", NULL, "");
	if (rc || whole)
		return rc;
	b->changes++;
	run0(b, "SELECT nextval('data_version')", NULL, "");
	return TRAWL_OK;
}

static trawl_err pg_open(const char *url, int create, void **out, trawl_diag *d)
{
	pg_be *b = calloc(1, sizeof *b);
	trawl_err rc;
	int ver = 0;

	if (!b)
		return TRAWL_ENOMEM;
	pthread_mutex_init(&b->wlock, NULL);
	for (int i = 0; i < PG_STAGE_N; i++)
		trawl__buf_init(&b->staged[i], 0);
	b->url = trawl__strdup(url);
	b->readonly = create == TRAWL__OPEN_READONLY;
	b->tsv = -1;
	if (!b->url) {
		rc = TRAWL_ENOMEM;
		goto fail;
	}
	if ((rc = connect_to(url, &b->db, d)))
		goto fail;
	if ((rc = run0(b, "SET client_min_messages = warning", d, "can't set up the store")))
		goto fail;
	if ((rc = schema_version(b, &ver, d)))
		goto fail;
	if (ver > PG_SCHEMA_VERSION) {
		trawl__diag_set(d, NULL, "store was made by a newer trawl (schema %d)", ver);
		rc = TRAWL_ESTORE;
		goto fail;
	}
	if (ver == 0 && create != 1) {
		trawl__diag_set(d, NULL, "no trawl store in this database (trawl add PATH... "
		                "makes one)");
		rc = TRAWL_ENOTFOUND;
		goto fail;
	}
	if (ver == 0) {
		/* one writer creates it; another that comes at the same time waits
		 * and finds it made */
		if ((rc = run0(b, "BEGIN; SELECT pg_advisory_xact_lock(7419, 0)", d,
		               "can't create the store schema")))
			goto fail;
		if ((rc = run0(b, schema, d, "can't create the store schema")) ||
		    (rc = create_parts(b, d)) || (rc = trawl__pg_access_schema(b, d)) ||
		    (rc = run0(b, TRAWL__PG_IX_POLICIES, d, "can't create the store schema")) ||
		    /* (no tsvectors until the store has a user: trawl__pg_tsv_fill) */
		    (rc = run0(b, "INSERT INTO meta(key, value) VALUES('schema', '5'), ('ix', '1'), "
		               "('tsv', '0') ON CONFLICT (key) DO NOTHING", d,
		               "can't create the store schema")) ||
		    (rc = run0(b, "COMMIT", d, "can't create the store schema"))) {
			run0(b, "ROLLBACK", NULL, "");
			goto fail;
		}
		ver = PG_SCHEMA_VERSION;
	}
	if (ver == 1 && !b->readonly) {
		/* schema 2: trawl rm's tombstones, readable by every user; who
		 * collects is the role the session acts as */
		if ((rc = run0(b, "BEGIN; SELECT pg_advisory_xact_lock(7419, 0); " REMOVED_TABLE
		               "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = "
		               "'removed') THEN EXECUTE 'ALTER TABLE removed ENABLE ROW LEVEL SECURITY; "
		               "CREATE POLICY readable ON removed FOR SELECT USING (true)'; END IF; "
		               "END $$; DO $$ DECLARE r text; BEGIN FOR r IN SELECT DISTINCT role FROM "
		               "grants WHERE role IN (SELECT rolname FROM pg_roles) LOOP EXECUTE "
		               "format('GRANT SELECT ON removed TO %I', r); END LOOP; END $$; "
		               TRAWL__PG_COLLECT_FN
		               "UPDATE meta SET value = '2' WHERE key = 'schema'; COMMIT", d,
		               "can't upgrade the store schema"))) {
			run0(b, "ROLLBACK", NULL, "");
			goto fail;
		}
		ver = 2;
	}
	if (ver == 2 && !b->readonly) {
		/* schema 3: what add --unit and --currency stated, for refresh */
		if ((rc = run0(b, "BEGIN; SELECT pg_advisory_xact_lock(7419, 0); "
		               "ALTER TABLE blobs ADD COLUMN IF NOT EXISTS stated_unit " T "; "
		               "ALTER TABLE blobs ADD COLUMN IF NOT EXISTS stated_currency " T "; "
		               "UPDATE meta SET value = '3' WHERE key = 'schema'; COMMIT", d,
		               "can't upgrade the store schema"))) {
			run0(b, "ROLLBACK", NULL, "");
			goto fail;
		}
		ver = 3;
	}
	if (ver == 3 && !b->readonly && (rc = upgrade_ix(b, &ver, d)))
		goto fail;
	b->ix_on = ver >= 4;
	if (b->ix_on && !b->readonly && (rc = build_ix(b, d)))
		goto fail;
	if (b->readonly &&
	    (rc = run0(b, "SET default_transaction_read_only = on", d, "can't set up the store")))
		goto fail;
	/* (for pg_notice; each write transaction reads it again) */
	trawl__pg_tsv_read(b, NULL);
	*out = b;
	return TRAWL_OK;
fail:
	be_free(b);
	return rc;
}

static void pg_close(void *be)
{
	if (be)
		be_free(be);
}

trawl_err trawl__pg_tsv_read(pg_be *b, trawl_diag *d)
{
	PGresult *r = trawl__pg_exec(b, b->db, "SELECT value FROM meta WHERE key = 'tsv'", NULL, d,
	                             "reading the store's settings");

	if (!r)
		return TRAWL_ESTORE;
	/* ('filling': trawl__pg_tsv_fill's; a trawl that does not know it
	 * makes them too) */
	b->tsv = !PQntuples(r) ? 1 : !strcmp(PQgetvalue(r, 0, 0), "0") ? 0 :
	         !strcmp(PQgetvalue(r, 0, 0), "filling") ? 2 : 1;
	PQclear(r);
	return TRAWL_OK;
}

static void stage_setup(pg_be *b);
static void stage_drop(pg_be *b);

static trawl_err pg_begin(void *be, trawl_diag *d)
{
	pg_be *b = be;
	trawl_err rc;

	stage_setup(b);
	/* whether this transaction's units get tsvectors: decided under the
	 * lock that trawl__pg_tsv_fill takes alone, so that no unit written
	 * without them commits after it (the flag is read after the lock is
	 * held: a statement of its own, a snapshot of its own) */
	rc = run0(b, "BEGIN ISOLATION LEVEL READ COMMITTED; "
	          "SELECT pg_advisory_xact_lock_shared(" TRAWL__PG_TSV_LOCK ")", d,
	          "can't start writing");

	/* (READ COMMITTED whatever the server's default: a snapshot taken
	 * before the lock was held would read the flag as it was) */
	if (rc || (rc = trawl__pg_tsv_read(b, d)))
		run0(b, "ROLLBACK", NULL, "");
	b->in_txn = !rc;
	b->st_rows = b->st_tokens = 0;
	b->nrids = 0;
	stage_drop(b);
	trawl__pgix_abort(b);
	return rc;
}

/* Writes the statistics this transaction changed, then commits. */
static trawl_err commit_now(pg_be *b, trawl_diag *d)
{
	trawl_err rc = trawl__pg_stage_flush(b, d);

	if (!rc)
		rc = trawl__pgix_commit(b, d);

	if (!rc && (b->st_rows || b->st_tokens)) {
		pg_params p;
		trawl__pg_params_init(&p);
		trawl__pg_int(&p, 1, b->st_rows);
		trawl__pg_int(&p, 2, b->st_tokens);
		rc = trawl__pg_run(b, b->db, "INSERT INTO fts_stats(nrows, ntokens) "
		                   "VALUES($1::bigint, $2::bigint)", &p, d, "can't commit");
	}
	if (!rc)
		rc = run0(b, "COMMIT", d, "can't commit");
	if (rc) {
		stage_drop(b);
		run0(b, "ROLLBACK", NULL, "");
		b->in_txn = 0;
		return rc;
	}
	b->in_txn = 0;
	b->st_rows = b->st_tokens = 0;
	b->nrids = 0;
	b->changes++;
	/* after the commit: a reader that sees the new number sees the data */
	run0(b, "SELECT nextval('data_version')", NULL, "");
	return TRAWL_OK;
}

static trawl_err pg_commit(void *be, trawl_diag *d)
{
	return commit_now(be, d);
}

static void pg_rollback(void *be)
{
	pg_be *b = be;

	/* (first: the staged rows are not sent before the ROLLBACK) */
	stage_drop(b);
	run0(b, "ROLLBACK", NULL, "");
	b->in_txn = 0;
	b->st_rows = b->st_tokens = 0;
	b->nrids = 0;
	trawl__pgix_abort(b);
}

enum { LOCK_PATH = 1, LOCK_BLOB = 2 };

static const char try_lock[] = "SELECT pg_try_advisory_xact_lock($1::int, hashtext($2))";

/* Advisory locks (cls, key) for this transaction, of a file's path and of
 * its bytes: when another writer holds one, this one first commits what
 * its transaction holds (whole files only: a lock is taken before a
 * file's first write), so that no two writers ever wait for each other.
 * The lock (cls, key) another writer holds: what this transaction holds
 * is committed first, then the lock waited for. */
static trawl_err xact_lock_wait(pg_be *b, int cls, const char *key, trawl_diag *d)
{
	static const char what[] = "waiting for another writer";
	pg_params p;
	trawl_err rc;

	trawl__pg_params_init(&p);
	trawl__pg_int(&p, 1, cls);
	trawl__pg_text(&p, 2, key);
	if ((rc = commit_now(b, d)) || (rc = pg_begin(b, d)))
		return rc;
	/* the commit let go of the file's path too: that first, in the same
	 * order as every writer takes them */
	if (cls != LOCK_PATH && b->cur_path) {
		pg_params q;
		trawl__pg_params_init(&q);
		trawl__pg_int(&q, 1, LOCK_PATH);
		trawl__pg_text(&q, 2, b->cur_path);
		if ((rc = trawl__pg_run(b, b->db, "SELECT pg_advisory_xact_lock($1::int, "
		                        "hashtext($2))", &q, d, what)))
			return rc;
	}
	return trawl__pg_run(b, b->db, "SELECT pg_advisory_xact_lock($1::int, hashtext($2))",
	                     &p, d, what);
}


/* The rows of sql (parameters p) read under the lock (cls, key), the lock
 * taken as xact_lock does: in one round trip with the statement when no
 * other writer holds it (the statement runs after the lock is taken, with
 * a snapshot of its own, so it sees what the lock's last holder
 * committed). NULL with d saying what failed. */
static PGresult *locked_exec(pg_be *b, int cls, const char *key, const char *sql,
                             const pg_params *p, trawl_diag *d, const char *what)
{
	const char *sqls[2] = { try_lock, sql };
	const pg_params *ps[2];
	PGresult *out[2];
	pg_params lp;
	int got;

	if (!b->in_txn)
		return trawl__pg_exec(b, b->db, sql, p, d, what);
	trawl__pg_params_init(&lp);
	trawl__pg_int(&lp, 1, cls);
	trawl__pg_text(&lp, 2, key);
	ps[0] = &lp;
	ps[1] = p;
	if (trawl__pg_pipe_exec(b, 2, sqls, ps, out, d, what))
		return NULL;
	got = PQntuples(out[0]) && !strcmp(PQgetvalue(out[0], 0, 0), "t");
	PQclear(out[0]);
	if (got)
		return out[1];
	/* (read without the lock: read again once it is held) */
	PQclear(out[1]);
	if (xact_lock_wait(b, cls, key, d))
		return NULL;
	return trawl__pg_exec(b, b->db, sql, p, d, what);
}

/* ---- ingest ---- */

static trawl_err pg_blob_known(void *be, const char *sha, int *known, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	trawl_err rc;

	pthread_mutex_lock(&b->wlock);
	if ((rc = trawl__pg_wconn(b, d)))
		goto out;
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, sha);
	r = trawl__pg_exec(b, b->wdb, "SELECT 1 FROM blobs WHERE sha256 = $1", &p, d,
	                   "looking up an original");
	if (!r) {
		rc = TRAWL_ESTORE;
		goto out;
	}
	*known = PQntuples(r) > 0;
	PQclear(r);
out:
	pthread_mutex_unlock(&b->wlock);
	return rc;
}

static trawl_err pg_path_latest(void *be, const char *path, char sha_out[65], trawl_diag *d)
{
	static const char what[] = "looking up the path's earlier versions";
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	trawl_err rc;

	free(b->cur_path);
	if (!(b->cur_path = trawl__strdup(path)))
		return TRAWL_ENOMEM;
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, path);
	/* (path is the file's real path, as ingest gives it) */
	if (!(r = locked_exec(b, LOCK_PATH, path, "SELECT sha256 FROM sightings WHERE realpath = $1 "
	                      "ORDER BY id DESC LIMIT 1", &p, d, what)))
		return TRAWL_ESTORE;
	rc = TRAWL_ENOTFOUND;
	if (PQntuples(r)) {
		snprintf(sha_out, 65, "%s", PQgetvalue(r, 0, 0));
		rc = TRAWL_OK;
	}
	PQclear(r);
	return rc;
}

static trawl_err pg_put_blob(void *be, const trawl__blob_rec *br, int *inserted, trawl_diag *d)
{
	static const char what[] = "storing the original's record";
	pg_be *b = be;
	pg_params p;
	PGresult *r;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, br->sha256);
	trawl__pg_int(&p, 2, br->size);
	trawl__pg_text(&p, 3, br->format);
	trawl__pg_text(&p, 4, br->encoding);
	trawl__pg_text(&p, 5, br->added_at);
	trawl__pg_int(&p, 6, br->ndocs);
	trawl__pg_text(&p, 7, br->unit);
	trawl__pg_text(&p, 8, br->currency);
	/* (no ON CONFLICT: under row-level security it would want the new row
	 * readable before it has documents; the lock above keeps other
	 * writers of these bytes out until this one commits) */
	if (!(r = locked_exec(b, LOCK_BLOB, br->sha256, "SELECT trawl_blob_exists($1)", &p, d,
	                      what)))
		return TRAWL_ESTORE;
	*inserted = !(PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t"));
	PQclear(r);
	if (*inserted && trawl__pg_run(b, b->db, "INSERT INTO blobs(sha256, size, format, encoding, "
	                               "added_at, ndocs, stated_unit, stated_currency) VALUES($1, "
	                               "$2::bigint, $3, $4, $5, $6::int, $7, $8)",
	                               &p, d, what))
		return TRAWL_ESTORE;
	return TRAWL_OK;
}

/* The version number of the bytes $2 at the file $9: the one they had
 * there before, else one more than the file's last */
#define SIGHTING_VERSION "coalesce((SELECT version FROM sightings WHERE realpath = $9 AND " \
	"sha256 = $2 LIMIT 1), (SELECT coalesce(max(version), 0) + 1 FROM sightings WHERE " \
	"realpath = $9))"

/* A sighting's statements' parameters: $1 path, $2 sha256, $3 size, $4
 * mtime, $5 seen_at, $6 source_url, $8 its collection, $9 the file's real
 * path (as ingest gives it). */
static void sighting_params(pg_be *b, const trawl__sighting_rec *s, pg_params *p)
{
	trawl__pg_params_init(p);
	trawl__pg_text(p, 1, s->path);
	trawl__pg_text(p, 2, s->sha256);
	trawl__pg_int(p, 3, s->size);
	trawl__pg_int(p, 4, s->mtime);
	trawl__pg_text(p, 5, s->seen_at);
	trawl__pg_text(p, 6, s->source_url);
	trawl__pg_text(p, 8, trawl__pg_collection_of(b, s->path));
	trawl__pg_text(p, 9, s->realpath ? s->realpath : s->path);
}

static trawl_err pg_put_sighting(void *be, const trawl__sighting_rec *s, int *version,
                                 trawl_diag *d)
{
	static const char what[] = "recording where the file was seen";
	pg_be *b = be;
	pg_params p;
	int ver;

	sighting_params(b, s, &p);
	/* in one round trip: the file's documents join its collection (the
	 * same bytes in another collection belong to both); the same bytes
	 * already the latest at this file (another writer recorded them while
	 * this one waited for a lock) are left as they are; else they keep
	 * the version number they had at this path, or get the next (no
	 * RETURNING: a row is returned only if the user may read it) */
	{
		static const char *const sql[4] = {
			"SELECT trawl_collect($2, $8)",
			"SELECT version FROM sightings WHERE realpath = $9 AND sha256 = $2 AND "
			"id = (SELECT max(id) FROM sightings WHERE realpath = $9)",
			"SELECT " SIGHTING_VERSION,
			"INSERT INTO sightings(path, sha256, size, mtime, seen_at, source_url, version, "
			"collection, realpath) SELECT $1, $2, $3::bigint, $4::bigint, $5, $6, "
			SIGHTING_VERSION ", $8, $9 WHERE NOT EXISTS (SELECT 1 FROM sightings WHERE "
			"realpath = $9 AND sha256 = $2 AND id = (SELECT max(id) FROM sightings WHERE "
			"realpath = $9))",
		};
		const pg_params *ps[4] = { &p, &p, &p, &p };
		PGresult *out[4];
		if (trawl__pg_pipe_exec(b, 4, sql, ps, out, d, what))
			return TRAWL_ESTORE;
		ver = (int)trawl__pg_i64(PQntuples(out[1]) ? out[1] : out[2], 0, 0);
		if (!PQntuples(out[1]) && !PQntuples(out[2]))
			ver = 0;
		for (int i = 0; i < 4; i++)
			PQclear(out[i]);
	}
	if (ver <= 0) {
		trawl__diag_set(d, NULL, "%s: no version number", what);
		return TRAWL_ESTORE;
	}
	if (version)
		*version = ver;
	return TRAWL_OK;
}

static trawl_err pg_recollect(void *be, const trawl__sighting_rec *s, trawl_diag *d)
{
	static const char what[] = "putting the document in this add's collection";
	static const char *const sql[2] = {
		"SELECT trawl_collect($2, $8)",
		/* where it was seen, told to the collection's readers too */
		"INSERT INTO sightings(path, sha256, size, mtime, seen_at, source_url, version, "
		"collection, realpath) SELECT $1, $2, $3::bigint, $4::bigint, $5, $6, "
		SIGHTING_VERSION ", $8, $9 WHERE NOT EXISTS (SELECT 1 FROM sightings WHERE "
		"realpath = $9 AND sha256 = $2 AND collection = $8)",
	};
	pg_be *b = be;
	pg_params p;
	const pg_params *ps[2] = { &p, &p };
	PGresult *out[2];

	sighting_params(b, s, &p);
	/* (a sighting only for a collection named with --collection: a
	 * folder's own collection is its path as written, and the same file
	 * added again through another spelling of it, or through its parent,
	 * is seen where it was) */
	int n = b->collection ? 2 : 1;

	if (trawl__pg_pipe_exec(b, n, sql, ps, out, d, what))
		return TRAWL_ESTORE;
	for (int i = 0; i < n; i++)
		PQclear(out[i]);
	return TRAWL_OK;
}

static const char *const fact_kinds[] = { "", "money", "date", "quantity", "party", "place",
	"item", "indicator", "project" };

#define FACT_COLS "doc, n, unit, kind, bstart, bend, cstart, cend, text, value, value_hi, " \
	"num, negative, currency, unit_name, unit_source, comparator, precision, role, code, " \
	"label, col, caption, party, attrs"

/* The row of parameters p[1..n] as a line of COPY's text format: each
 * value as the statement would have been given it (the server reads both
 * with the same input functions), NULL as \N; a binary parameter whose
 * bit (1 << i for p[i + 1]) is in hex is a bytea column, written as its
 * hex form (\x...), any other is text in its bytes. */
static trawl_err copy_row(trawl__buf *out, const pg_params *p, int n, unsigned hex)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < n; i++) {
		const char *v = p->v[i];
		size_t len = p->fmt[i] ? (size_t)p->len[i] : v ? strlen(v) : 0;
		if (i)
			trawl__buf_addc(out, '\t');
		if (!v) {
			trawl__buf_adds(out, "\\N");
			continue;
		}
		if (p->fmt[i] && (hex >> i & 1)) {
			/* (COPY takes the backslash of \x escaped) */
			trawl__buf_adds(out, "\\\\x");
			for (size_t k = 0; k < len; k++) {
				unsigned char c = (unsigned char)v[k];
				trawl__buf_addc(out, digits[c >> 4]);
				trawl__buf_addc(out, digits[c & 15]);
			}
			continue;
		}
		for (size_t k = 0; k < len; k++) {
			char c = v[k];
			switch (c) {
			case '\\': trawl__buf_adds(out, "\\\\"); break;
			case '\n': trawl__buf_adds(out, "\\n"); break;
			case '\r': trawl__buf_adds(out, "\\r"); break;
			case '\t': trawl__buf_adds(out, "\\t"); break;
			default: trawl__buf_addc(out, c);
			}
		}
	}
	trawl__buf_addc(out, '\n');
	return trawl__buf_err(out);
}

/* Whether this session may COPY into the tables of a document's rows:
 * PostgreSQL refuses COPY FROM where row-level security applies (a user
 * who is not the store's owner), and such a writer inserts row by row. */
static int may_copy(pg_be *b)
{
	PGresult *r;

	if (b->copy_ok)
		return b->copy_ok > 0;
	r = trawl__pg_exec(b, b->db, "SELECT NOT c.relrowsecurity OR (c.relowner = r.oid AND NOT "
	                   "c.relforcerowsecurity) OR r.rolsuper OR r.rolbypassrls FROM pg_class "
	                   "c, pg_roles r WHERE c.oid = 'facts'::regclass AND r.rolname = "
	                   "current_user", NULL, NULL, "");
	b->copy_ok = r && PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t") ? 1 : -1;
	PQclear(r);
	return b->copy_ok > 0;
}

/* Sends the lines of rows to the table and columns of copy (COPY ... FROM
 * STDIN): the rows of many statements in two round trips. */
static trawl_err copy_in(pg_be *b, const char *copy, const trawl__buf *rows, trawl_diag *d,
                         const char *what)
{
	PGresult *r = PQexec(b->db, copy);
	int ok;

	if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
		pg_msg(d, b->db, r, what);
		b->last_err = trawl__pg_errcode(r);
		PQclear(r);
		return TRAWL_ESTORE;
	}
	PQclear(r);
	ok = PQputCopyData(b->db, rows->data, (int)rows->len) == 1;
	if (PQputCopyEnd(b->db, ok ? NULL : "trawl could not send the rows") != 1)
		ok = 0;
	/* the COPY's result, then NULL */
	while ((r = PQgetResult(b->db))) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && ok) {
			pg_msg(d, b->db, r, what);
			b->last_err = trawl__pg_errcode(r);
			ok = 0;
		}
		PQclear(r);
	}
	if (!ok && d && !d->msg[0])
		pg_msg(d, b->db, NULL, what);
	return ok ? TRAWL_OK : TRAWL_ESTORE;
}

/* A document's facts: sent in the pipeline, or, when copy is not NULL,
 * written there as COPY lines. */
static trawl_err put_facts(pg_be *b, int64_t rid, const trawl__doc *doc, trawl__buf *copy,
                           trawl_diag *d)
{
	static const char what[] = "storing the document's facts";
	trawl_err rc = TRAWL_OK;

	for (size_t i = 0; i < doc->facts.n && !rc; i++) {
		const trawl__dfact *df = &((const trawl__dfact *)doc->facts.items)[i];
		const char *value = trawl__dfact_str(doc, df, TRAWL__FS_VALUE);
		const trawl__unit *un;
		pg_params p;
		if (df->unit >= doc->units.n || df->kind < TRAWL__F_MONEY || df->kind > TRAWL__F_PROJECT)
			continue;
		un = TRAWL_VEC_AT(&doc->units, trawl__unit *, df->unit);
		if (df->end > un->nt.text.len || df->start > df->end)
			continue;
		trawl__pg_params_init(&p);
		trawl__pg_int(&p, 1, rid);
		trawl__pg_int(&p, 2, (int64_t)i + 1);
		trawl__pg_int(&p, 3, (int64_t)df->unit + 1);
		trawl__pg_text(&p, 4, fact_kinds[df->kind]);
		trawl__pg_int(&p, 5, df->start);
		trawl__pg_int(&p, 6, df->end);
		trawl__pg_int(&p, 7, df->cstart);
		trawl__pg_int(&p, 8, df->cend);
		/* the fact's text: bytes of the unit, not NUL-terminated there */
		trawl__pg_bytea(&p, 9, un->nt.text.data + df->start, df->end - df->start);
		trawl__pg_nonempty(&p, 10, value);
		trawl__pg_nonempty(&p, 11, trawl__dfact_str(doc, df, TRAWL__FS_VALUE_HI));
		if ((df->kind == TRAWL__F_MONEY || df->kind == TRAWL__F_ITEM ||
		     df->kind == TRAWL__F_QUANTITY || df->kind == TRAWL__F_PROJECT ||
		     (df->kind == TRAWL__F_INDICATOR && value[0] >= '0' && value[0] <= '9')) &&
		    value[0])
			trawl__pg_double(&p, 12, (df->negative ? -1 : 1) * strtod(value, NULL));
		trawl__pg_int(&p, 13, df->negative);
		/* 14-25: currency ... attrs, in the order of TRAWL__FS_* */
		for (int k = TRAWL__FS_CURRENCY; k < TRAWL__FS_N; k++)
			trawl__pg_nonempty(&p, 14 + k - TRAWL__FS_CURRENCY, trawl__dfact_str(doc, df, k));
		_Static_assert(TRAWL__FS_N - TRAWL__FS_CURRENCY == 12, "facts has 12 such columns");
		if (copy) {
			rc = copy_row(copy, &p, 25, 0);
			continue;
		}
		rc = run_prepared(b, PREP_FACT, "INSERT INTO facts(" FACT_COLS ") VALUES($1::bigint, $2::bigint, $3::int, "
		                   "$4, $5::bigint, $6::bigint, $7::bigint, $8::bigint, "
		                   "convert_from($9, 'UTF8'), $10, $11, $12::float8, $13::int, $14, "
		                   "$15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)", 25, &p, d,
		                   what);
	}
	return rc;
}

/* the tables whose rows a sharded store stages (stage_setup, below) */
enum { STAGE_UNITS, STAGE_FACTS, STAGE_FIELDS, STAGE_N = PG_STAGE_N };

typedef struct unit_ctx {
	pg_be *b;
	int64_t rid;
	int seq;
	pg_params *unit;  /* the unit's row, its tsvector still to come */
	trawl_diag *d;
	char *tsv;        /* the unit's one tsvector, owned */
} unit_ctx;

static const char unit_insert[] =
	"INSERT INTO units(doc, seq, kind, number, name, text, raw, map, cells, spans, "
	"ncells, ntok, tsv, ocr) VALUES($1::bigint, $2::int, $3, $4::int, $5, $6, $7, $8::bytea, "
	"$9::bytea, $10::bytea, $11::int, $12::int, $13::tsvector, $14::float8)";

static trawl_err on_tsv(const char *tsv, size_t n, int part, int nparts, void *u)
{
	unit_ctx *c = u;
	pg_params p;

	(void)n;
	if (nparts == 1) {
		free(c->tsv);
		if (!(c->tsv = trawl__strdup(tsv)))
			return TRAWL_ENOMEM;
		trawl__pg_text(c->unit, 13, c->tsv);
		return TRAWL_OK;
	}
	trawl__pg_params_init(&p);
	trawl__pg_int(&p, 1, c->rid);
	trawl__pg_int(&p, 2, c->seq);
	trawl__pg_int(&p, 3, part);
	trawl__pg_text(&p, 4, tsv);
	return trawl__pg_run(c->b, c->b->db, "INSERT INTO unit_parts(doc, seq, part, tsv) "
	                     "VALUES($1::bigint, $2::int, $3::int, $4::tsvector)", &p, c->d,
	                     "indexing the document's text");
}

/* A document's units (with their full-text entries when index), facts and
 * fields, under its rid. */
static trawl_err put_rows(pg_be *b, int64_t rid, const trawl__doc *doc, int index,
                         trawl__buf *copy, trawl__buf *stage, trawl_diag *d)
{
	static const char what_units[] = "storing the document's text",
		what_fields[] = "storing the document's fields";
	trawl_err rc;
	size_t i;

	for (i = 0; i < doc->units.n; i++) {
		trawl__unit *un = TRAWL_VEC_AT(&doc->units, trawl__unit *, i);
		pg_params p;
		unit_ctx c = { b, rid, (int)i + 1, &p, d, NULL };
		int ntok = 0;
		trawl__pg_params_init(&p);
		trawl__pg_int(&p, 1, rid);
		trawl__pg_int(&p, 2, (int64_t)i + 1);
		trawl__pg_text(&p, 3, un->kind);
		trawl__pg_int(&p, 4, un->number);
		trawl__pg_text(&p, 5, un->name);
		trawl__pg_text(&p, 6, un->nt.text.data ? un->nt.text.data : "");
		if (!trawl__ntext_identity(&un->nt)) {
			trawl__pg_text(&p, 7, un->nt.raw.data ? un->nt.raw.data : "");
			trawl__pg_bytea(&p, 8, un->nt.map.items, un->nt.map.n * un->nt.map.size);
		}
		if (un->cells.n)
			trawl__pg_bytea(&p, 9, un->cells.items, un->cells.n * un->cells.size);
		if (un->spans.n)
			trawl__pg_bytea(&p, 10, un->spans.items, un->spans.n * un->spans.size);
		trawl__pg_int(&p, 11, (int64_t)un->cells.n);
		trawl__pg_text(&p, 13, NULL); /* a unit in parts has none of its own */
		/* what OCR read: its mean word confidence */
		if (un->ocr)
			trawl__pg_double(&p, 14, un->ocr_conf);
		else
			trawl__pg_text(&p, 14, NULL);
		/* the full-text index, in the same transaction (a store without
		 * tsvectors counts the unit, its length 0 until they are made) */
		if (index && b->tsv == 0)
			b->st_rows++;
		if (index && b->tsv != 0) {
			rc = trawl__pg_tsvectors(un->nt.text.data ? un->nt.text.data : "",
			                         un->nt.text.len, &ntok, on_tsv, &c);
			if (rc) {
				free(c.tsv);
				if (rc == TRAWL_ENOMEM || rc == TRAWL_ETOOBIG)
					trawl__diag_set(d, NULL, "indexing the document's text: %s",
					                trawl_strerror(rc));
				return rc;
			}
			b->st_rows++;
			b->st_tokens += ntok;
		}
		trawl__pg_int(&p, 12, ntok);
		/* (map, cells and spans: bytea) */
		if (stage)
			rc = copy_row(&stage[STAGE_UNITS], &p, 14, 7u << 7);
		else
			rc = run_prepared(b, PREP_UNIT, unit_insert, 14, &p, d, what_units);
		free(c.tsv);
		if (rc)
			return rc;
	}
	if ((rc = put_facts(b, rid, doc, stage ? &stage[STAGE_FACTS] : copy, d)))
		return rc;
	for (i = 0; i < doc->fields.n; i++) {
		trawl__field *f = &TRAWL_VEC_AT(&doc->fields, trawl__field, i);
		pg_params p;
		trawl__pg_params_init(&p);
		trawl__pg_int(&p, 1, rid);
		trawl__pg_int(&p, 2, (int64_t)i + 1);
		trawl__pg_text(&p, 3, f->key);
		trawl__pg_text(&p, 4, f->value);
		if (stage) {
			if ((rc = copy_row(&stage[STAGE_FIELDS], &p, 4, 0)))
				return rc;
			continue;
		}
		if ((rc = run_prepared(b, PREP_FIELD, "INSERT INTO fields(doc, n, key, value) "
		                       "VALUES($1::bigint, $2::int, $3, $4)", 4, &p, d, what_fields)))
			return rc;
	}
	return TRAWL_OK;
}

/* ---- tsvectors made later (trawl__pg_tsv_fill) ---- */

typedef struct fill_ctx {
	pg_be *b;
	const char *doc, *seq;  /* the unit's key, as text */
	char *tsv;              /* its one tsvector, owned (NULL: in parts) */
	trawl_diag *d;
} fill_ctx;

static trawl_err on_fill(const char *tsv, size_t n, int part, int nparts, void *u)
{
	fill_ctx *c = u;
	pg_params p;

	(void)n;
	if (nparts == 1) {
		free(c->tsv);
		return (c->tsv = trawl__strdup(tsv)) ? TRAWL_OK : TRAWL_ENOMEM;
	}
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, c->doc);
	trawl__pg_text(&p, 2, c->seq);
	trawl__pg_int(&p, 3, part);
	trawl__pg_text(&p, 4, tsv);
	return trawl__pg_run(c->b, c->b->db, "INSERT INTO unit_parts(doc, seq, part, tsv) "
	                     "VALUES($1::bigint, $2::int, $3::int, $4::tsvector)", &p, c->d,
	                     "indexing the stored text");
}

/* FETCH's rows at a time: a batch's statements go in one pipeline */
#define FILL_BATCH "256"

/* The tsvectors of the rows the cursor fill gives, one batch at a time;
 * their lengths added to *tokens. */
static trawl_err fill_rows(pg_be *b, int64_t *tokens, trawl_diag *d, const char *what)
{
	for (;;) {
		PGresult *r = trawl__pg_exec(b, b->db, "FETCH " FILL_BATCH " FROM fill", NULL, d, what);
		trawl_err rc = TRAWL_OK, rc2;
		int n;
		if (!r)
			return TRAWL_ESTORE;
		if (!(n = PQntuples(r))) {
			PQclear(r);
			return TRAWL_OK;
		}
		if ((rc = trawl__pg_pipe_begin(b, d))) {
			PQclear(r);
			return rc;
		}
		for (int i = 0; i < n && !rc; i++) {
			fill_ctx c = { b, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), NULL, d };
			int ntok = 0;
			pg_params p;
			rc = trawl__pg_tsvectors(PQgetvalue(r, i, 2), (size_t)PQgetlength(r, i, 2), &ntok,
			                         on_fill, &c);
			if (rc) {
				if (rc == TRAWL_ENOMEM || rc == TRAWL_ETOOBIG)
					trawl__diag_set(d, NULL, "%s: %s", what, trawl_strerror(rc));
				free(c.tsv);
				break;
			}
			/* (its tsvector and length in one row version; a unit in
			 * parts keeps none of its own) */
			trawl__pg_params_init(&p);
			trawl__pg_text(&p, 1, c.doc);
			trawl__pg_text(&p, 2, c.seq);
			trawl__pg_int(&p, 3, ntok);
			trawl__pg_text(&p, 4, c.tsv);
			rc = trawl__pg_run(b, b->db, "UPDATE units SET ntok = $3::int, tsv = $4::tsvector "
			                   "WHERE doc = $1::bigint AND seq = $2::int", &p, d, what);
			free(c.tsv);
			*tokens += ntok;
		}
		rc2 = trawl__pg_pipe_end(b, rc ? NULL : d, what);
		PQclear(r);
		if (rc || rc2)
			return rc ? rc : rc2;
	}
}

/* Documents a fill batch takes at a time: each batch is a transaction of
 * its own, so a writer waits at most for one batch */
#define FILL_DOCS 32 /* (and FILL_CAND's LIMIT) */

/* Passes over the documents writers held, 0.2 s apart, before the fill
 * gives up on them (about 5 minutes) */
#define FILL_PASSES 1500

/* The fill's own lock (pg_advisory_lock, session): one fill at a time */
#define TSV_FILL_LOCK "7419, 6"

/* How long the fill queues for the writers' lock at a time (new writers
 * queue behind it meanwhile), and how many times, before it says that a
 * writer's transaction stays open (about five minutes) */
#define TURN_WAIT "5s"
#define TURN_TRIES 60

/* Begins a transaction that holds the lock every write transaction holds
 * shared (TRAWL__PG_TSV_LOCK) exclusively: it waits for the writers'
 * transactions that are open, a few seconds, TURN_WAIT at a time, so that
 * one left open does not keep every writer queued behind it. */
static trawl_err begin_turn(pg_be *b, trawl_diag *d, const char *what)
{
	for (int i = 0; i < TURN_TRIES; i++) {
		PGresult *r;
		const char *st;
		int timed_out;
		trawl_err rc;
		if ((rc = run0(b, "BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '"
		               TURN_WAIT "'", d, what))) {
			run0(b, "ROLLBACK", NULL, "");
			return rc;
		}
		/* (libpq directly: its error's code is wanted) */
		r = PQexec(b->db, "SELECT pg_advisory_xact_lock(" TRAWL__PG_TSV_LOCK ")");
		if (PQresultStatus(r) == PGRES_TUPLES_OK) {
			PQclear(r);
			return TRAWL_OK;
		}
		st = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		timed_out = st && !strcmp(st, "55P03");
		if (!timed_out)
			pg_msg(d, b->db, r, what);
		PQclear(r);
		run0(b, "ROLLBACK", NULL, "");
		if (!timed_out)
			return TRAWL_ESTORE;
	}
	trawl__diag_set(d, NULL, "%s: the writers' transactions did not let it through for "
	                "five minutes (a session left open in a transaction?); what was made is "
	                "kept, and the user or grant was not made: run it again", what);
	return TRAWL_ESTORE;
}

/* Fills the units of up to n documents of cand (those still indexed, with
 * units that have neither a tsvector nor parts), in one transaction: each
 * document is locked first as a writer that drops its rows locks it
 * (trawl__pg_drop_doc_rows), skipping those a writer holds, which go to
 * *skip (and *nskip) for a later pass. last (if not NULL) gets the
 * greatest candidate. */
static trawl_err fill_batch(pg_be *b, const char *cand_sql, const int64_t *docs, size_t n,
                            int64_t after, int64_t *last, int64_t *skip, size_t *nskip,
                            int *more, trawl_diag *d, const char *what)
{
	int64_t cand[FILL_DOCS], tokens = 0;
	size_t ncand = 0, nlocked = 0;
	trawl__buf q;
	PGresult *r;
	pg_params p;
	trawl_err rc;
	char arg[32], hold[512];
	int remote;

	trawl__buf_init(&q, 0);
	/* (asked each batch: admin shard add may move partitions meanwhile) */
	if (!(r = trawl__pg_exec(b, b->db, "SELECT EXISTS (SELECT 1 FROM pg_inherits i JOIN "
	                         "pg_foreign_table f ON f.ftrelid = i.inhrelid WHERE i.inhparent "
	                         "IN ('units'::regclass, 'unit_parts'::regclass))", NULL, d, what)))
		return TRAWL_ESTORE;
	remote = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	/* (in a store with partitions on other servers, postgres_fdw reads
	 * each at REPEATABLE READ from its first statement on: a writer's
	 * transaction that overlapped a batch would read lengths from before
	 * it, or fail on the rows it changed. There a batch waits for the
	 * writers' transactions, and they for it, one batch at a time.) */
	if (remote)
		rc = begin_turn(b, d, what);
	else if ((rc = run0(b, "BEGIN ISOLATION LEVEL READ COMMITTED", d, what)))
		run0(b, "ROLLBACK", NULL, "");
	if (rc)
		return rc;
	b->in_txn = 1;
	/* the candidates: after a key (the first pass), or among docs */
	trawl__pg_params_init(&p);
	if (docs) {
		trawl__buf_adds(&q, "{");
		for (size_t i = 0; i < n; i++)
			trawl__buf_addf(&q, "%s%lld", i ? "," : "", (long long)docs[i]);
		trawl__buf_adds(&q, "}");
		if (pg_buf_bad(&q)) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		trawl__pg_text(&p, 1, q.data);
	} else {
		trawl__pg_int(&p, 1, after);
	}
	if (!(r = trawl__pg_exec(b, b->db, cand_sql, &p, d, what))) {
		rc = TRAWL_ESTORE;
		goto out;
	}
	for (int i = 0; i < PQntuples(r) && ncand < FILL_DOCS; i++)
		cand[ncand++] = trawl__pg_i64(r, i, 0);
	PQclear(r);
	*more = ncand == FILL_DOCS;
	if (last && ncand)
		*last = cand[ncand - 1];
	if (!ncand)
		goto out;
	/* lock them (a writer's re-read or rm of a document holds its row
	 * until it commits: those wait for the next pass) */
	trawl__buf_reset(&q);
	trawl__buf_adds(&q, "{");
	for (size_t i = 0; i < ncand; i++)
		trawl__buf_addf(&q, "%s%lld", i ? "," : "", (long long)cand[i]);
	trawl__buf_adds(&q, "}");
	if (pg_buf_bad(&q)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, q.data);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT rid FROM docs WHERE rid = ANY($1::bigint[]) "
	                         "AND indexed = 1 ORDER BY rid FOR NO KEY UPDATE SKIP LOCKED", &p, d,
	                         what))) {
		rc = TRAWL_ESTORE;
		goto out;
	}
	/* (both sorted: what was not locked is skipped, or gone) */
	for (size_t i = 0, k = 0; i < ncand; i++) {
		if (k < (size_t)PQntuples(r) && trawl__pg_i64(r, (int)k, 0) == cand[i]) {
			cand[nlocked++] = cand[i];
			k++;
		} else {
			skip[(*nskip)++] = cand[i];
		}
	}
	PQclear(r);
	if (!nlocked)
		goto out;
	trawl__buf_reset(&q);
	trawl__buf_adds(&q, "DECLARE fill NO SCROLL CURSOR FOR SELECT u.doc, u.seq, u.text FROM "
	                "units u WHERE u.doc IN (");
	for (size_t i = 0; i < nlocked; i++)
		trawl__buf_addf(&q, "%s%lld", i ? "," : "", (long long)cand[i]);
	trawl__buf_adds(&q, ") AND u.tsv IS NULL AND NOT EXISTS (SELECT 1 FROM unit_parts p WHERE "
	                "p.doc = u.doc AND p.seq = u.seq)");
	if (pg_buf_bad(&q)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if ((rc = run0(b, q.data, d, what)) || (rc = fill_rows(b, &tokens, d, what)) ||
	    (rc = run0(b, "CLOSE fill", d, what)))
		goto out;
	if (tokens) {
		/* (the units were counted as they came; their lengths now) */
		trawl__pg_params_init(&p);
		trawl__pg_int(&p, 1, tokens);
		rc = trawl__pg_run(b, b->db, "INSERT INTO fts_stats(nrows, ntokens) "
		                   "VALUES(0, $1::bigint)", &p, d, what);
	}
out:
	trawl__buf_release(&q);
	if (!rc)
		rc = run0(b, "COMMIT", d, what);
	if (rc)
		run0(b, "ROLLBACK", NULL, "");
	b->in_txn = 0;
	/* (a test's ways to write while the fill runs: a pause after each
	 * batch, or one while a file exists, ten minutes at most) */
	if (!rc && trawl__fault("slow-fill", arg, sizeof arg) && arg[0]) {
		char sql[64];
		snprintf(sql, sizeof sql, "SELECT pg_sleep(%ld / 1000.0)", strtol(arg, NULL, 10));
		run0(b, sql, NULL, "");
	}
	if (!rc && trawl__fault("fill-hold", hold, sizeof hold) && hold[0])
		for (int i = 0; i < 12000 && !access(hold, F_OK); i++)
			run0(b, "SELECT pg_sleep(0.05)", NULL, "");
	return rc;
}

/* The candidates: documents that are indexed and have units without a
 * tsvector or parts, in order, after a key ($1) or among some ($1) */
#define FILL_CAND(where) \
	"SELECT DISTINCT u.doc FROM units u JOIN docs d ON d.rid = u.doc WHERE " where " AND " \
	"d.indexed = 1 AND u.tsv IS NULL AND NOT EXISTS (SELECT 1 FROM unit_parts p WHERE " \
	"p.doc = u.doc AND p.seq = u.seq) ORDER BY u.doc LIMIT 32"

/* Makes every unit's tsvectors that a store without them needs for its
 * users, without holding writers back:
 *   1. under the lock that each write transaction holds shared while it
 *      decides whether its units get tsvectors (pg_begin), meta 'tsv'
 *      becomes 'filling': every write transaction after it makes them, and
 *      every one before it has committed;
 *   2. the units written before are filled a few documents a transaction,
 *      each document locked as a writer that drops its rows locks it
 *      (skipping those a writer holds, for a later pass), so that BM25's
 *      statistics count each unit once, whichever commits first;
 *   3. meta 'tsv' becomes '1'.
 * A fill that is stopped leaves 'filling', which the next one finishes
 * (users' searches are told until then: pg_notice, verify). While another
 * session fills, this returns at once. */
trawl_err trawl__pg_tsv_fill(pg_be *b, trawl_diag *d)
{
	static const char what[] = "indexing the stored text for users' search";
	int64_t last = 0, *skip = NULL, *again = NULL;
	size_t nskip = 0, nagain = 0, cap = 0;
	PGresult *r;
	trawl_err rc;
	int more = 1, mine, passes = 0;

	/* (made already: no lock, which would wait for every writer) */
	if ((rc = trawl__pg_tsv_read(b, d)) || b->tsv == 1)
		return rc;
	if (!(r = trawl__pg_exec(b, b->db, "SELECT pg_try_advisory_lock(" TSV_FILL_LOCK ")", NULL,
	                         d, what)))
		return TRAWL_ESTORE;
	mine = !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	if (!mine) {
		/* (said, with success: the caller's user or grant is made; its
		 * server process named, in case its client is gone and the
		 * server has not noticed yet) */
		long pid = 0;
		if ((r = trawl__pg_exec(b, b->db, "SELECT pid FROM pg_locks WHERE locktype = "
		                        "'advisory' AND classid = 7419 AND objid = 6 AND objsubid = 2 "
		                        "AND granted AND database = (SELECT oid FROM pg_database WHERE "
		                        "datname = current_database())", NULL, NULL, "")) &&
		    PQntuples(r))
			pid = strtol(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
		trawl__diag_set(d, NULL, "another session (server process %ld) is making the words "
		                "for users' search: a user's search misses the documents it has "
		                "not reached until it ends", pid);
		return TRAWL_OK;
	}
	if ((rc = trawl__pg_tsv_read(b, d)) || b->tsv == 1)
		goto done;
	if (b->tsv == 0) {
		/* READ COMMITTED: the flag read after the lock is held */
		if ((rc = begin_turn(b, d, what)))
			goto done;
		if ((rc = run0(b, "INSERT INTO meta(key, value) VALUES('tsv', 'filling') ON CONFLICT "
		               "(key) DO UPDATE SET value = 'filling' WHERE meta.value = '0'; COMMIT",
		               d, what))) {
			run0(b, "ROLLBACK", NULL, "");
			goto done;
		}
		b->tsv = 2;
	}
	if (!(skip = calloc(FILL_DOCS, sizeof *skip))) {
		rc = TRAWL_ENOMEM;
		goto done;
	}
	/* the first pass, in the documents' order */
	while (more) {
		if (nagain + FILL_DOCS > cap) {
			int64_t *t = trawl__reallocn(again, cap = 2 * cap + FILL_DOCS, sizeof *t);
			if (!t) {
				rc = TRAWL_ENOMEM;
				goto done;
			}
			again = t;
		}
		nskip = 0;
		if ((rc = fill_batch(b, FILL_CAND("u.doc > $1::bigint"), NULL, 0, last, &last,
		                     again + nagain, &nskip, &more, d, what)))
			goto done;
		nagain += nskip;
	}
	/* then those a writer held, until none is left (the writers that hold
	 * them make tsvectors for whatever they write now) */
	while (nagain) {
		size_t n = 0;
		/* (a writer's transaction lasts a batch of files, seconds: one
		 * that holds a document for minutes is a session left open) */
		if (++passes > FILL_PASSES) {
			trawl__diag_set(d, NULL, "%s: %zu document(s) stayed locked by other sessions' "
			                "transactions for minutes (one left open?); what was made is "
			                "kept, and the user or grant was not made: run it again", what,
			                nagain);
			rc = TRAWL_ESTORE;
			goto done;
		}
		run0(b, "SELECT pg_sleep(0.2)", NULL, "");
		for (size_t i = 0; i < nagain; i += FILL_DOCS) {
			size_t k = nagain - i < FILL_DOCS ? nagain - i : FILL_DOCS;
			nskip = 0;
			if ((rc = fill_batch(b, FILL_CAND("u.doc = ANY($1::bigint[])"), again + i, k, 0,
			                     NULL, skip, &nskip, &more, d, what)))
				goto done;
			/* (skipped ones go back at the front: n <= i) */
			memcpy(again + n, skip, nskip * sizeof *skip);
			n += nskip;
		}
		nagain = n;
	}
	if (!(rc = run0(b, "UPDATE meta SET value = '1' WHERE key = 'tsv'", d, what)))
		b->tsv = 1;
done:
	free(skip);
	free(again);
	run0(b, "SELECT pg_advisory_unlock(" TSV_FILL_LOCK ")", NULL, "");
	if (rc)
		b->tsv = -1;
	return rc;
}

/* ---- a sharded store's rows, staged ----
 *
 * A row for a partition on another server is a remote statement of its
 * own (postgres_fdw; PostgreSQL 15 sends COPY's rows one at a time too),
 * and a document has about a hundred facts. So in a store with such
 * partitions a writer keeps its documents' units, facts and fields in
 * memory, as COPY lines, and sends them when the transaction commits, when
 * they pass STAGE_BYTES, or before any statement that could read those
 * tables (every statement on the connection but a writer's own between
 * documents: b->stage_hold): by COPY into temporary tables of the
 * session, then one INSERT ... SELECT a table, whose rows postgres_fdw
 * sends to each shard in batches (the server's batch_size, which trawl
 * admin shard add sets). Row-level security checks each row on the way
 * in, as it would a row inserted alone. */
#define STAGE_BYTES (8u << 20)

#define UNIT_COLS "doc, seq, kind, number, name, text, raw, map, cells, spans, ncells, ntok, " \
	"tsv, ocr"
#define FIELD_COLS "doc, n, key, value"

static const char *const stage_copy[STAGE_N] = {
	"COPY trawl_units_in(" UNIT_COLS ") FROM STDIN",
	"COPY trawl_facts_in(" FACT_COLS ") FROM STDIN",
	"COPY trawl_fields_in(" FIELD_COLS ") FROM STDIN",
};
static const char *const stage_move[STAGE_N] = {
	"INSERT INTO units(" UNIT_COLS ") SELECT " UNIT_COLS " FROM trawl_units_in; ",
	"INSERT INTO facts(" FACT_COLS ") SELECT " FACT_COLS " FROM trawl_facts_in; ",
	"INSERT INTO fields(" FIELD_COLS ") SELECT " FIELD_COLS " FROM trawl_fields_in; ",
};
static const char *const stage_table[STAGE_N] = {
	"trawl_units_in", "trawl_facts_in", "trawl_fields_in",
};

/* Decides b->stage, outside any transaction: the temporary tables are the
 * session's whatever later transactions do. A session that may not make
 * them (no TEMP right) writes row by row, as on one server. A store that
 * gets shards while this session runs is still written correctly, row by
 * row, until the next session. */
static void stage_setup(pg_be *b)
{
	PGresult *r;
	int remote;

	if (b->stage || b->in_txn)
		return;
	r = trawl__pg_exec(b, b->db, "SELECT EXISTS (SELECT 1 FROM pg_inherits i JOIN "
	                   "pg_foreign_table f ON f.ftrelid = i.inhrelid WHERE i.inhparent IN "
	                   "('units'::regclass, 'facts'::regclass, 'fields'::regclass))", NULL,
	                   NULL, "");
	remote = r && PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	b->stage = -1;
	/* (to PUBLIC: the tables are this session's, and trawl serve's pooled
	 * connections act as one user after another) */
	if (remote && !run0(b, "CREATE TEMP TABLE IF NOT EXISTS trawl_units_in AS SELECT "
	                    UNIT_COLS " FROM units WITH NO DATA; "
	                    "CREATE TEMP TABLE IF NOT EXISTS trawl_facts_in AS SELECT "
	                    FACT_COLS " FROM facts WITH NO DATA; "
	                    "CREATE TEMP TABLE IF NOT EXISTS trawl_fields_in AS SELECT "
	                    FIELD_COLS " FROM fields WITH NO DATA; "
	                    "GRANT ALL ON trawl_units_in, trawl_facts_in, trawl_fields_in TO PUBLIC",
	                    NULL, ""))
		b->stage = 1;
}

/* The staged rows forgotten (the transaction rolled back). */
static void stage_drop(pg_be *b)
{
	for (int i = 0; i < STAGE_N; i++) {
		if (b->staged[i].err)
			trawl__buf_release(&b->staged[i]);
		trawl__buf_reset(&b->staged[i]);
	}
	b->nstaged = 0;
	b->staged_docs = 0;
}

/* (the temporary tables are emptied by TRUNCATE: one is never vacuumed,
 * and deleted rows would grow it for the whole session) */
trawl_err trawl__pg_stage_flush(pg_be *b, trawl_diag *d)
{
	trawl__buf sql;
	char what[96];
	int any = 0;
	trawl_err rc = TRAWL_OK;

	if (!b->nstaged)
		return TRAWL_OK;
	/* a failed transaction keeps nothing: what follows is its ROLLBACK
	 * (or fails as the server says) */
	if (PQtransactionStatus(b->db) == PQTRANS_INERROR) {
		stage_drop(b);
		return TRAWL_OK;
	}
	/* (a failed row names the documents it may be of, not the file the
	 * flush came with) */
	snprintf(what, sizeof what, "storing the text and facts of the last %d document%s read",
	         b->staged_docs, b->staged_docs == 1 ? "" : "s");
	for (int i = 0; i < STAGE_N; i++)
		if (b->staged[i].err) {
			rc = b->staged[i].err;
			trawl__diag_set(d, NULL, "%s: %s", what, trawl_strerror(rc));
			stage_drop(b);
			return rc;
		}
	trawl__buf_init(&sql, 0);
	b->stage_hold++;
	for (int i = 0; i < STAGE_N && !rc; i++)
		if (b->staged[i].len) {
			rc = copy_in(b, stage_copy[i], &b->staged[i], d, what);
			trawl__buf_adds(&sql, stage_move[i]);
		}
	if (!rc && sql.len) {
		trawl__buf_adds(&sql, "TRUNCATE ");
		for (int i = 0; i < STAGE_N; i++)
			if (b->staged[i].len)
				trawl__buf_addf(&sql, "%s%s", any++ ? ", " : "", stage_table[i]);
		rc = pg_buf_bad(&sql) ? TRAWL_ENOMEM : run0(b, sql.data, d, what);
	}
	b->stage_hold--;
	trawl__buf_release(&sql);
	/* (sent or failed: a failure fails the transaction, which has them) */
	stage_drop(b);
	return rc;
}

/* A document of many facts sends them by COPY (where the session may):
 * one row a fact in the pipeline costs the server more */
#define COPY_FACTS 16

/* A document's units (with their full-text entries when index), facts and
 * fields, under its rid: sent in one pipeline, after the statement sql
 * with p when sql is not NULL (the document's own row); many facts after
 * it, by COPY. */
static trawl_err put_content(pg_be *b, const char *sql, const pg_params *p, int64_t rid,
                             const trawl__doc *doc, int index, trawl_diag *d)
{
	static const char what[] = "storing the document's text";
	trawl__buf copy;
	/* (a user's rows are checked by row-level security, and postgres_fdw
	 * sends such rows one at a time whatever the statement: only the
	 * owner's are staged) */
	int staged = b->stage > 0 && may_copy(b);
	int use_copy = !staged && doc->facts.n >= COPY_FACTS && may_copy(b);
	trawl_err rc, rc2;

	trawl__buf_init(&copy, 0);
	if ((rc = trawl__pg_pipe_begin(b, d)))
		return rc;
	if (sql)
		rc = trawl__pg_run(b, b->db, sql, p, d, what);
	if (!rc)
		rc = put_rows(b, rid, doc, index, use_copy ? &copy : NULL, staged ? b->staged : NULL,
		              d);
	/* (the first failure is what the reader is told) */
	rc2 = trawl__pg_pipe_end(b, rc ? NULL : d, what);
	if (!rc && !rc2 && copy.len)
		rc2 = copy_in(b, "COPY facts(" FACT_COLS ") FROM STDIN", &copy, d,
		              "storing the document's facts");
	trawl__buf_release(&copy);
	if (staged) {
		b->nstaged = 0;
		for (int i = 0; i < STAGE_N; i++) {
			b->nstaged += b->staged[i].len;
			/* (a row that did not fit: said here, for this document) */
			if (b->staged[i].err && (!rc || (d && !d->msg[0]))) {
				rc = b->staged[i].err;
				trawl__diag_set(d, NULL, "%s: %s", what, trawl_strerror(rc));
			}
		}
		b->staged_docs++;
		if (!rc && !rc2 && b->nstaged >= STAGE_BYTES)
			rc2 = trawl__pg_stage_flush(b, d);
	}
	return rc ? rc : rc2;
}

/* The columns a document's reading decides, bound from $2 on. */
#define DOC_READ_COLS "seq, ext_id, title, units, pages, text_bytes, extractor, kind, " \
	"kind_src, year, year_src, place, place_code, place_src, amount, currency, " \
	"amount_src, amount_fact, ocr_units, ocr_conf"
#define DOC_READ_VALS "$2::int, $3, $4, $5::int, $6::int, $7::bigint, $8::int, $9, $10, " \
	"$11::int, $12, $13, $14, $15, $16, $17, $18, $19::bigint, $20::int, $21::float8"

static void bind_doc(pg_params *p, int seq, const trawl__doc *doc, const trawl__docmeta *m,
                     int version)
{
	size_t i, pages = 0, text = 0, nocr = 0;
	double conf = 0;
	int k = 2;

	for (i = 0; i < doc->units.n; i++) {
		trawl__unit *u = TRAWL_VEC_AT(&doc->units, trawl__unit *, i);
		pages += !strcmp(u->kind, "page");
		text += u->nt.text.len;
		if (u->ocr) {
			nocr++;
			conf += u->ocr_conf;
		}
	}
	trawl__pg_int(p, k++, seq);
	trawl__pg_text(p, k++, doc->ext_id);
	trawl__pg_text(p, k++, doc->title);
	trawl__pg_int(p, k++, (int64_t)doc->units.n);
	trawl__pg_int(p, k++, (int64_t)pages);
	trawl__pg_int(p, k++, (int64_t)text);
	trawl__pg_int(p, k++, version);
	trawl__pg_nonempty(p, k++, m->kind);
	trawl__pg_nonempty(p, k++, m->kind_src);
	if (m->year > 0)
		trawl__pg_int(p, k, m->year);
	k++;
	trawl__pg_nonempty(p, k++, m->year ? m->year_src : NULL);
	trawl__pg_nonempty(p, k++, m->place);
	trawl__pg_nonempty(p, k++, m->place[0] ? m->place_code : NULL);
	trawl__pg_nonempty(p, k++, m->place[0] ? m->place_src : NULL);
	trawl__pg_nonempty(p, k++, m->amount);
	trawl__pg_nonempty(p, k++, m->amount[0] ? m->currency : NULL);
	/* (an unstated amount: its source and figure, no amount) */
	trawl__pg_nonempty(p, k++, m->amount[0] || m->amount_fact ? m->amount_src : NULL);
	if (m->amount_fact)
		trawl__pg_int(p, k, m->amount_fact);
	k++;
	trawl__pg_int(p, k++, (int64_t)nocr);
	if (nocr)
		trawl__pg_double(p, k, conf / (double)nocr);
	else
		trawl__pg_text(p, k, NULL);
	k++;
}

/* A new document's number. A writer's transaction takes them from the
 * sequence a few at a time (one round trip for many documents); what it
 * did not use is left unused when it ends, so that the numbers of one
 * writer's documents rise with its commits (a watch's mark). */
static trawl_err next_rid(pg_be *b, int64_t *rid, trawl_diag *d)
{
	PGresult *r;
	int n;

	if (b->nrids) {
		*rid = b->rids[b->rid_next++];
		b->nrids--;
		return TRAWL_OK;
	}
	if (!(r = trawl__pg_exec(b, b->db, b->in_txn ? "SELECT nextval('doc_rid') FROM "
	                         "generate_series(1, " PG_RIDS_S ") ORDER BY 1" :
	                         "SELECT nextval('doc_rid')", NULL, d, "storing the document")))
		return TRAWL_ESTORE;
	n = PQntuples(r);
	if (n < 1 || n > PG_RIDS) {
		PQclear(r);
		trawl__diag_set(d, NULL, "storing the document: no document number");
		return TRAWL_ESTORE;
	}
	for (int i = 0; i < n; i++)
		b->rids[i] = trawl__pg_i64(r, i, 0);
	PQclear(r);
	*rid = b->rids[0];
	b->rid_next = 1;
	b->nrids = b->in_txn ? n - 1 : 0;
	return TRAWL_OK;
}

static trawl_err pg_put_doc(void *be, const char *sha, int seq, const char *id,
                            const trawl__doc *doc, const trawl__docmeta *meta, int version,
                            int index, int64_t *docno, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	int64_t rid;
	trawl_err rc;

	/* the number first: INSERT ... RETURNING returns only rows the user
	 * may read, and the document joins its collection after */
	if ((rc = next_rid(b, &rid, d)))
		return rc;
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, id);
	bind_doc(&p, seq, doc, meta, version);
	trawl__pg_text(&p, 22, sha);
	trawl__pg_int(&p, 23, index != 0);
	trawl__pg_int(&p, 24, rid);
	/* the document's row with its units, facts and fields: one pipeline */
	if ((rc = put_content(b, "INSERT INTO docs(id, " DOC_READ_COLS ", sha256, indexed, rid) "
	                      "VALUES($1, " DOC_READ_VALS ", $22, $23::int, $24::bigint)", &p,
	                      rid, doc, index, d)))
		return rc;
	/* (the number the store knows it by; its tsvectors are its index) */
	*docno = index ? rid : 0;
	return TRAWL_OK;
}

static trawl_err pg_replace_doc(void *be, const char *sha, int seq, const char *id,
                                const trawl__doc *doc, const trawl__docmeta *meta, int version,
                                int *added, int64_t *docno, trawl_diag *d)
{
	static const char what[] = "replacing the document";
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	int64_t rid;
	int indexed;
	trawl_err rc;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, id);
	/* under the lock on the bytes, which trawl rm takes too: a document
	 * removed meanwhile is not found here, and one found is not removed
	 * until this transaction ends (else its rows, and its index entries,
	 * would come back without it) */
	if (!(r = locked_exec(b, LOCK_BLOB, sha, "SELECT rid, indexed FROM docs WHERE id = $1", &p,
	                      d, what)))
		return TRAWL_ESTORE;
	if (!PQntuples(r)) {
		PQclear(r);
		/* trawl rm took it out: a refresh does not bring it back, whether
		 * the file's other documents stay (its tombstone) or it was the
		 * file's last and the file's row went with it (then a new row
		 * would name bytes the store no longer has) */
		trawl__pg_text(&p, 2, sha);
		if (!(r = trawl__pg_exec(b, b->db, "SELECT 1 WHERE EXISTS (SELECT 1 FROM removed WHERE "
		                         "id = $1) OR NOT trawl_blob_exists($2)", &p, d, what)))
			return TRAWL_ESTORE;
		if (PQntuples(r)) {
			PQclear(r);
			*added = -1;
			*docno = 0;
			return TRAWL_OK;
		}
		PQclear(r);
		*added = 1;
		if ((rc = pg_put_doc(be, sha, seq, id, doc, meta, version, 1, docno, d)))
			return rc;
		/* a document a re-read makes is in the collections of its bytes */
		trawl__pg_params_init(&p);
		trawl__pg_text(&p, 1, id);
		trawl__pg_text(&p, 2, sha);
		return trawl__pg_run(b, b->db, "INSERT INTO doc_collections(doc, collection) SELECT "
		                     "(SELECT rid FROM docs WHERE id = $1), dc.collection FROM "
		                     "doc_collections dc JOIN docs d ON d.rid = dc.doc WHERE "
		                     "d.sha256 = $2 AND d.id != $1 ON CONFLICT DO NOTHING", &p, d, what);
	}
	rid = trawl__pg_i64(r, 0, 0);
	indexed = (int)trawl__pg_i64(r, 0, 1);
	PQclear(r);
	*added = 0;
	if ((rc = trawl__pg_drop_doc_rows(b, rid, indexed, what, d)))
		return rc;
	trawl__pg_params_init(&p);
	trawl__pg_int(&p, 1, rid);
	bind_doc(&p, seq, doc, meta, version);
	if ((rc = trawl__pg_run(b, b->db, "UPDATE docs SET (" DOC_READ_COLS ") = (" DOC_READ_VALS
	                        ") WHERE rid = $1::bigint", &p, d, what)))
		return rc;
	if ((rc = put_content(b, NULL, NULL, rid, doc, indexed, d)))
		return rc;
	*docno = indexed ? rid : 0;
	return TRAWL_OK;
}

static trawl_err pg_refresh_done(void *be, const char *sha, const char *format,
                                 const char *encoding, int version, uint64_t *kept,
                                 trawl_diag *d)
{
	static const char what[] = "marking the original as re-read";
	pg_be *b = be;
	pg_params p;
	PGresult *r;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, sha);
	trawl__pg_int(&p, 2, version);
	trawl__pg_text(&p, 3, format);
	trawl__pg_text(&p, 4, encoding);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT count(*) FROM docs WHERE sha256 = $1 AND "
	                         "extractor != $2::int", &p, d, what)))
		return TRAWL_ESTORE;
	*kept = (uint64_t)trawl__pg_i64(r, 0, 0);
	PQclear(r);
	if (trawl__pg_run(b, b->db, "UPDATE docs SET extractor = $2::int WHERE sha256 = $1",
	                  &p, d, what))
		return TRAWL_ESTORE;
	return trawl__pg_run(b, b->db, "UPDATE blobs SET ndocs = (SELECT count(*) FROM docs "
	                     "WHERE sha256 = $1), format = $3, encoding = $4 WHERE sha256 = $1",
	                     &p, d, what);
}

static trawl_err pg_stale(void *be, int version, int all,
                          int (*cb)(const char *, int64_t, const char *, const char *,
                                    const char *, const char *, void *),
                          void *u, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;

	trawl__pg_params_init(&p);
	trawl__pg_int(&p, 1, version);
	trawl__pg_int(&p, 2, all != 0);
	/* in the order they were stored; the latest sighting names each */
	if (!(r = trawl__pg_exec(b, b->db, "SELECT b.sha256, b.size, s.path, s.source_url, "
	                         "b.stated_unit, b.stated_currency FROM blobs b LEFT JOIN sightings s ON s.id = (SELECT max(id) FROM "
	                         "sightings WHERE sha256 = b.sha256) WHERE $2::int = 1 OR EXISTS "
	                         "(SELECT 1 FROM docs d WHERE d.sha256 = b.sha256 AND d.extractor "
	                         "< $1::int) ORDER BY b.rid", &p, d,
	                         "listing the originals to re-read")))
		return TRAWL_ESTORE;
	for (int i = 0; i < PQntuples(r); i++)
		if (cb(pg_col(r, i, 0), trawl__pg_i64(r, i, 1), pg_col(r, i, 2), pg_col(r, i, 3),
		       pg_col(r, i, 4), pg_col(r, i, 5), u))
			break;
	PQclear(r);
	return TRAWL_OK;
}

static trawl_err pg_stale_count(void *be, int version, uint64_t *n, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;

	trawl__pg_params_init(&p);
	trawl__pg_int(&p, 1, version);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT count(*) FROM docs WHERE extractor < $1::int",
	                         &p, d, "counting the documents to re-read")))
		return TRAWL_ESTORE;
	*n = (uint64_t)trawl__pg_i64(r, 0, 0);
	PQclear(r);
	return TRAWL_OK;
}

static trawl_err pg_set_meta(void *be, const char *id, const char *key, const char *value,
                             const char *extra, trawl_diag *d)
{
	static const char what[] = "setting the document's metadata";
	/* key -> its override column, and the second column set with it */
	static const char *const cols[][3] = {
		{ "title", "u_title", NULL }, { "kind", "u_kind", NULL }, { "year", "u_year", NULL },
		{ "place", "u_place", "u_place_code" }, { "amount", "u_amount", "u_currency" },
	};
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	char sql[200];
	size_t i;
	int n;

	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (!strcmp(key, cols[i][0]))
			break;
	if (i == sizeof cols / sizeof cols[0]) {
		trawl__diag_set(d, NULL, "no field %s to set", key);
		return TRAWL_EUSAGE;
	}
	if (cols[i][2])
		snprintf(sql, sizeof sql, "UPDATE docs SET %s = $2, %s = $3 WHERE id = $1",
		         cols[i][1], cols[i][2]);
	else if (!strcmp(key, "year"))
		snprintf(sql, sizeof sql, "UPDATE docs SET %s = $2::int WHERE id = $1", cols[i][1]);
	else
		snprintf(sql, sizeof sql, "UPDATE docs SET %s = $2 WHERE id = $1", cols[i][1]);
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, id);
	if (value && !strcmp(key, "year"))
		trawl__pg_int(&p, 2, strtol(value, NULL, 10));
	else
		trawl__pg_text(&p, 2, value);
	trawl__pg_text(&p, 3, cols[i][2] && value && extra && *extra ? extra : NULL);
	if (!(r = trawl__pg_exec(b, b->db, sql, &p, d, what)))
		return TRAWL_ESTORE;
	n = (int)strtol(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return n ? TRAWL_OK : TRAWL_ENOTFOUND;
}

/* ---- reading documents ---- */

#define SRC(k) "CASE WHEN d.u_" k " IS NULL THEN d." k "_src ELSE 'user' END"
/* What tells apart the documents of one file (as on SQLite) */
#define DOC_PART \
	"CASE WHEN b.ndocs > 1 THEN coalesce(nullif(trim(" \
	"coalesce((SELECT value FROM fields WHERE doc = d.rid AND key = 'tag' LIMIT 1), '') || ' ' || " \
	"coalesce(substr((SELECT value FROM fields WHERE doc = d.rid AND key = 'date' LIMIT 1), 1, " \
	"10), '')), ''), d.ext_id) END "
/* One query serves ls and doc_get, as on SQLite; AT, AP and AV are the
 * amount fact's quote, page and value, from AMOUNT (joins). */
#define DOC_SELECT_WITH(AT, AP, AV, AMOUNT) \
	"SELECT d.id, s.path, b.format, b.encoding, b.sha256, b.added_at, s.source_url, " \
	PG_EFF_TITLE ", b.size, s.mtime, d.pages, d.units, s.version, " \
	"(NOT EXISTS (SELECT 1 FROM sightings s2 WHERE s2.realpath = s.realpath AND s2.id > s.id " \
	"  AND s2.sha256 != s.sha256))::int, " \
	PG_EFF_KIND ", " SRC("kind") ", " PG_EFF_YEAR ", " SRC("year") ", " \
	PG_EFF_PLACE ", " PG_EFF_PLACE_CODE ", " SRC("place") ", " \
	PG_EFF_AMOUNT ", " PG_EFF_CURRENCY ", " SRC("amount") ", " AT ", " AP ", " \
	"CASE WHEN d.u_title IS NULL THEN NULL ELSE 'user' END, d.extractor, s.realpath, " \
	DOC_PART ", d.ocr_units, d.ocr_conf, " AV " " \
	"FROM docs d JOIN blobs b ON b.sha256 = d.sha256 " \
	"LEFT JOIN sightings s ON s.id = (SELECT max(id) FROM sightings WHERE sha256 = d.sha256) " \
	AMOUNT
/* every document: its amount fact joined (one pass over the facts) */
#define DOC_SELECT DOC_SELECT_WITH("fa.text", "ua.number", "fa.value", \
	"LEFT JOIN facts fa ON d.u_amount IS NULL AND d.amount_fact IS NOT NULL AND " \
	"  fa.doc = d.rid AND fa.n = d.amount_fact " \
	"LEFT JOIN units ua ON ua.doc = d.rid AND ua.seq = fa.unit ")
/* one document: its amount fact read by its number (a join's condition
 * is not sent to a partition on a shard, which then sent its whole facts
 * and units tables for every document opened; OFFSET 0 keeps the
 * subquery from being made a join) */
#define DOC_SELECT_ONE DOC_SELECT_WITH("am.text", "am.number", "am.value", \
	"LEFT JOIN LATERAL (SELECT fa.text, ua.number, fa.value FROM facts fa LEFT JOIN units ua ON " \
	"  ua.doc = d.rid AND ua.seq = fa.unit WHERE d.u_amount IS NULL AND " \
	"  d.amount_fact IS NOT NULL AND fa.doc = d.rid AND fa.n = d.amount_fact OFFSET 0) am " \
	"ON true ")

static void fill_info(const PGresult *r, int i, trawl_doc_info *di)
{
	memset(di, 0, sizeof *di);
	di->id = pg_col(r, i, 0);
	di->path = pg_col(r, i, 1);
	di->format = pg_col(r, i, 2);
	di->encoding = pg_col(r, i, 3);
	di->sha256 = pg_col(r, i, 4);
	di->added_at = pg_col(r, i, 5);
	di->source_url = pg_col(r, i, 6);
	di->title = pg_col(r, i, 7);
	di->size = trawl__pg_i64(r, i, 8);
	di->mtime = trawl__pg_i64(r, i, 9);
	di->pages = (int)trawl__pg_i64(r, i, 10);
	di->units = (int)trawl__pg_i64(r, i, 11);
	di->version = (int)trawl__pg_i64(r, i, 12);
	di->current = (int)trawl__pg_i64(r, i, 13);
	di->kind = pg_col(r, i, 14);
	di->kind_source = pg_col(r, i, 15);
	di->year = (int)trawl__pg_i64(r, i, 16);
	di->year_source = pg_col(r, i, 17);
	di->place = pg_col(r, i, 18);
	di->place_code = di->place ? pg_col(r, i, 19) : NULL;
	di->place_source = pg_col(r, i, 20);
	di->amount = pg_col(r, i, 21);
	di->currency = di->amount ? pg_col(r, i, 22) : NULL;
	di->amount_source = pg_col(r, i, 23);
	di->amount_text = di->amount || trawl__amount_unstated(di) ? pg_col(r, i, 24) : NULL;
	di->amount_page = di->amount_text ? (int)trawl__pg_i64(r, i, 25) : 0;
	di->title_source = pg_col(r, i, 26);
	di->extractor = (int)trawl__pg_i64(r, i, 27);
	di->stale = di->extractor < trawl__extractor_version();
	di->realpath = pg_col(r, i, 28);
	di->part = pg_col(r, i, 29);
	di->ocr_units = (int)trawl__pg_i64(r, i, 30);
	di->ocr_conf = trawl__pg_f64(r, i, 31);
	di->amount_sum = trawl__amount_is_sum(di->amount, di->amount_text, pg_col(r, i, 32));
}

static trawl_err pg_ls(void *be, int all, int (*cb)(const trawl_doc_info *, void *), void *u,
                       trawl_diag *d)
{
	pg_be *b = be;
	trawl_doc_info di;
	PGresult *r;

	if (!(r = trawl__pg_exec(b, b->db, DOC_SELECT "ORDER BY s.path NULLS FIRST, s.id NULLS "
	                         "FIRST, d.seq", NULL, d, "listing the documents")))
		return TRAWL_ESTORE;
	for (int i = 0; i < PQntuples(r); i++) {
		fill_info(r, i, &di);
		if (!all && !di.current)
			continue;
		if (cb(&di, u))
			break;
	}
	PQclear(r);
	return TRAWL_OK;
}

static trawl_err pg_doc_get(void *be, const char *id, trawl_doc_info *info, trawl_diag *d)
{
	static const char what[] = "reading the document";
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	trawl_err rc = TRAWL_OK;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, id);
	if (!(r = trawl__pg_exec(b, b->db, DOC_SELECT_ONE "WHERE d.id = $1", &p, d, what)))
		return TRAWL_ESTORE;
	trawl__pg_audit(b, "view", id);
	if (!PQntuples(r)) {
		PQclear(r);
		trawl__diag_set(d, NULL, "no document %s", id);
		return TRAWL_ENOTFOUND;
	}
	{
		/* every string, copied: they outlive the result */
		const char **fields[] = { &b->info.id, &b->info.path, &b->info.format,
			&b->info.encoding, &b->info.sha256, &b->info.added_at, &b->info.source_url,
			&b->info.title, &b->info.kind, &b->info.kind_source, &b->info.year_source,
			&b->info.place, &b->info.place_code, &b->info.place_source, &b->info.amount,
			&b->info.currency, &b->info.amount_source, &b->info.amount_text,
			&b->info.title_source, &b->info.realpath, &b->info.part };
		_Static_assert(sizeof fields / sizeof fields[0] <=
		               sizeof b->info_strs / sizeof b->info_strs[0], "info_strs holds them");
		fill_info(r, 0, &b->info);
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
			free(b->info_strs[i]);
			b->info_strs[i] = *fields[i] ? trawl__strdup(*fields[i]) : NULL;
			if (*fields[i] && !b->info_strs[i])
				rc = TRAWL_ENOMEM;
			*fields[i] = b->info_strs[i];
		}
	}
	PQclear(r);
	if (!rc)
		*info = b->info;
	else
		trawl__diag_set(d, NULL, "%s: out of memory", what);
	return rc;
}

static int hexish(const char *s)
{
	size_t n = strlen(s);
	if (n < 3 || n > 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

static trawl_err pg_resolve(void *be, const char *ref, char *id_out, trawl_diag *d)
{
	static const char what[] = "looking up the document";
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	char first[65] = "";
	int n = 0;

	if (hexish(ref)) {
		char hi[66];
		snprintf(hi, sizeof hi, "%s~", ref); /* '~' sorts after every hex digit */
		trawl__pg_params_init(&p);
		trawl__pg_text(&p, 1, ref);
		trawl__pg_text(&p, 2, hi);
		if (!(r = trawl__pg_exec(b, b->db, "SELECT id FROM docs WHERE id >= $1 AND id < $2 "
		                         "ORDER BY id LIMIT 2", &p, d, what)))
			return TRAWL_ESTORE;
		n = PQntuples(r);
		if (n)
			snprintf(first, sizeof first, "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
	}
	if (n == 0) {
		/* a path: the document(s) of the latest bytes seen there */
		/* as given, by its end, or the same file by its real path */
		char *real = realpath(ref, NULL);
		trawl__pg_params_init(&p);
		trawl__pg_text(&p, 1, ref);
		trawl__pg_text(&p, 2, real);
		r = trawl__pg_exec(b, b->db, "SELECT d.id FROM docs d WHERE d.sha256 = (SELECT "
		                   "sha256 FROM sightings WHERE path = $1 OR realpath = $2 OR "
		                   "right(path, length($1) + 1) = '/' || $1 ORDER BY (path = $1 OR "
		                   "coalesce(realpath = $2, false)) DESC, id DESC LIMIT 1) "
		                   "ORDER BY d.seq LIMIT 2", &p, d, what);
		free(real);
		if (!r)
			return TRAWL_ESTORE;
		n = PQntuples(r);
		if (n)
			snprintf(first, sizeof first, "%s", PQgetvalue(r, 0, 0));
		PQclear(r);
		if (n > 1) {
			trawl__diag_set(d, ref, "this file holds several documents (OCDS "
			                "releases); name one by id (trawl ls)");
			return TRAWL_EAMBIGUOUS;
		}
	} else if (n > 1) {
		trawl__diag_set(d, ref, "id prefix matches several documents; give more digits");
		return TRAWL_EAMBIGUOUS;
	}
	if (n == 0) {
		size_t k = strspn(ref, "0123456789abcdef");
		if (k && k < 3 && !ref[k])
			trawl__diag_set(d, ref, "an id prefix takes at least 3 hex digits (trawl ls "
			                "shows 12), and no document was added from this path");
		else
			trawl__diag_set(d, ref, "no document with this id prefix or path");
		return TRAWL_ENOTFOUND;
	}
	snprintf(id_out, 65, "%s", first);
	return TRAWL_OK;
}

static trawl_err pg_units(void *be, const char *id, int page,
                          int (*cb)(const trawl_unit_info *, void *), void *u, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	trawl_unit_info ui;
	int n;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, id);
	trawl__pg_int(&p, 2, page);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT kind, number, name, text, ncells, ocr FROM units "
	                         "WHERE doc = (SELECT rid FROM docs WHERE id = $1) AND "
	                         "($2::int <= 0 OR number = $2::int) ORDER BY seq", &p, d,
	                         "reading the document's text")))
		return TRAWL_ESTORE;
	n = PQntuples(r);
	for (int i = 0; i < n; i++) {
		ui.kind = pg_col(r, i, 0);
		ui.number = (int)trawl__pg_i64(r, i, 1);
		ui.name = pg_col(r, i, 2);
		ui.text = pg_col(r, i, 3);
		ui.len = (size_t)PQgetlength(r, i, 3);
		ui.ncells = (int)trawl__pg_i64(r, i, 4);
		ui.ocr = !PQgetisnull(r, i, 5);
		ui.ocr_conf = trawl__pg_f64(r, i, 5);
		if (cb(&ui, u))
			break;
	}
	PQclear(r);
	if (!n && page > 0) {
		trawl__diag_set(d, NULL, "the document has no page or sheet %d", page);
		return TRAWL_ENOTFOUND;
	}
	return TRAWL_OK;
}

static trawl_err pg_sightings(void *be, const char *id,
                              int (*cb)(const trawl_sighting *, void *), void *u, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	trawl_sighting s;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, id);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT s.path, s.seen_at, s.source_url, s.sha256, "
	                         "s.size, s.mtime, s.version, s.realpath FROM sightings s JOIN docs d ON "
	                         "d.sha256 = s.sha256 WHERE d.id = $1 ORDER BY s.id", &p, d,
	                         "reading where the document was seen")))
		return TRAWL_ESTORE;
	for (int i = 0; i < PQntuples(r); i++) {
		s.path = pg_col(r, i, 0);
		s.seen_at = pg_col(r, i, 1);
		s.source_url = pg_col(r, i, 2);
		s.sha256 = pg_col(r, i, 3);
		s.size = trawl__pg_i64(r, i, 4);
		s.mtime = trawl__pg_i64(r, i, 5);
		s.version = (int)trawl__pg_i64(r, i, 6);
		s.realpath = pg_col(r, i, 7);
		if (cb(&s, u))
			break;
	}
	PQclear(r);
	return TRAWL_OK;
}

static trawl_err pg_fields(void *be, const char *id,
                           int (*cb)(const char *, const char *, void *), void *u, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, id);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT key, value FROM fields WHERE doc = (SELECT rid "
	                         "FROM docs WHERE id = $1) ORDER BY n", &p, d,
	                         "reading the document's fields")))
		return TRAWL_ESTORE;
	for (int i = 0; i < PQntuples(r); i++)
		if (cb(pg_col(r, i, 0), pg_col(r, i, 1), u))
			break;
	PQclear(r);
	return TRAWL_OK;
}

/* The session sees every row (it owns the tables, or row-level security
 * does not bind it); else it can't compare store-wide statistics */
#define SEES_ALL "(current_user = (SELECT tableowner FROM pg_tables WHERE tablename = 'docs' " \
	"AND schemaname = current_schema()) OR (SELECT rolsuper OR rolbypassrls FROM pg_roles " \
	"WHERE rolname = current_user))"

static const char fill_notice[] = "the words for users' search are still being made (the "
	"owner's trawl admin user add or admin grant makes them): a user's search misses the "
	"documents they have not reached until it ends, or, if it was stopped, until the owner "
	"runs it again";

/* What the user should hear on opening the store, and what a user's
 * search may miss (the search_notice op): a fill of users' words that has
 * not ended, as last read (on opening the store, by each write
 * transaction, trawl__pg_set_user and a user's search). (The owner's
 * search reads the index, which is whole.) */
static const char *pg_notice(void *be)
{
	pg_be *b = be;

	return b->tsv == 2 ? fill_notice : NULL;
}

static trawl_err pg_check(void *be, int (*cb)(const trawl_problem *, void *), void *u,
                          uint64_t *nserious, trawl_diag *d)
{
	static const char *const checks[][2] = {
		{ "SELECT 'sighting ' || id || ' names missing blob ' || sha256 FROM sightings s "
		  "WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = s.sha256)", "sightings" },
		{ "SELECT 'document ' || id || ' names missing blob ' || sha256 FROM docs d "
		  "WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = d.sha256)", "docs" },
		{ "SELECT 'blob ' || sha256 || ' has ' || ndocs || ' documents but ' || "
		  "(SELECT count(*) FROM docs d WHERE d.sha256 = b.sha256) || ' are stored' "
		  "FROM blobs b WHERE ndocs != (SELECT count(*) FROM docs d WHERE d.sha256 = b.sha256)",
		  "docs" },
		{ "SELECT 'blob ' || sha256 || ' was never seen at a path' FROM blobs b "
		  "WHERE NOT EXISTS (SELECT 1 FROM sightings s WHERE s.sha256 = b.sha256)", "sightings" },
		{ "SELECT 'fact ' || doc || '/' || n || ' names missing document ' || doc "
		  "FROM facts f WHERE NOT EXISTS (SELECT 1 FROM docs d WHERE d.rid = f.doc)", "facts" },
		{ "SELECT 'document ' || id || ' has ' || units || ' units but ' || "
		  "(SELECT count(*) FROM units WHERE doc = d.rid) || ' are stored' FROM docs d "
		  "WHERE units != (SELECT count(*) FROM units WHERE doc = d.rid)", "units" },
		/* the full-text index against the text it indexes (the tsvectors:
		 * a store that has none, meta 'tsv' '0', searches through the
		 * segments, which trawl__pgix_check checks) */
		{ "SELECT 'unit ' || d.id || '/' || u.seq || ' is not in the full-text index' "
		  "FROM units u JOIN docs d ON d.rid = u.doc WHERE d.indexed = 1 AND u.tsv IS NULL "
		  "AND NOT EXISTS (SELECT 1 FROM unit_parts p WHERE p.doc = u.doc AND p.seq = u.seq) "
		  "AND coalesce((SELECT value FROM meta WHERE key = 'tsv'), '1') NOT IN ('0', "
		  "'filling')", "fts" },
		{ "SELECT 'the full-text statistics count ' || s.r || ' units of ' || s.t || "
		  "' tokens, the index ' || x.r || ' of ' || x.t FROM (SELECT coalesce(sum(nrows), 0) "
		  "AS r, coalesce(sum(ntokens), 0) AS t FROM fts_stats) s, (SELECT count(*) AS r, "
		  "coalesce(sum(u.ntok), 0) AS t FROM units u JOIN docs d ON d.rid = u.doc WHERE "
		  "d.indexed = 1) x WHERE (s.r != x.r OR s.t != x.t) AND " SEES_ALL, "fts" },
		{ "SELECT 'original ' || o.sha256 || ' names missing chunk ' || o.chunk FROM objects o "
		  "WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.hash = o.chunk)", "objects" },
	};
	pg_be *b = be;

	*nserious = 0;
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		trawl_diag qd;
		PGresult *r;
		memset(&qd, 0, sizeof qd);
		if (!(r = trawl__pg_exec(b, b->db, checks[i][0], NULL, &qd, "checking the database"))) {
			trawl_problem pr = { "database", checks[i][1], qd.msg, 1 };
			(*nserious)++;
			cb(&pr, u);
			continue;
		}
		for (int k = 0; k < PQntuples(r); k++) {
			trawl_problem pr = { "database", checks[i][1], pg_col(r, k, 0), 1 };
			(*nserious)++;
			cb(&pr, u);
		}
		PQclear(r);
	}
	/* a fill that runs, or one that was stopped: not a fault in what is
	 * stored, but users' searches miss what it has not reached */
	if (!trawl__pg_tsv_read(b, NULL) && b->tsv == 2) {
		trawl_problem pr = { "database", "fts", fill_notice, 0 };
		cb(&pr, u);
	}
	return trawl__pgix_check(b, cb, u, nserious, d);
}

static trawl_err pg_blobs(void *be, int (*cb)(const char *, int64_t, void *), void *u,
                          trawl_diag *d)
{
	pg_be *b = be;
	PGresult *r;

	if (!(r = trawl__pg_exec(b, b->db, "SELECT sha256, size FROM blobs ORDER BY rid", NULL, d,
	                         "listing the stored originals")))
		return TRAWL_ESTORE;
	for (int i = 0; i < PQntuples(r); i++)
		if (cb(pg_col(r, i, 0), trawl__pg_i64(r, i, 1), u))
			break;
	PQclear(r);
	return TRAWL_OK;
}

/* A writer's calls between documents: their statements can't see the
 * rows a sharded store's writer staged (they read and write docs, blobs,
 * sightings and collections), so they don't send them first. */
#define HELD(name, params, args) \
	static trawl_err held_##name params \
	{ \
		pg_be *b = be; \
		trawl_err rc; \
		b->stage_hold++; \
		rc = pg_##name args; \
		b->stage_hold--; \
		return rc; \
	}
HELD(path_latest, (void *be, const char *path, char sha_out[65], trawl_diag *d),
     (be, path, sha_out, d))
HELD(put_blob, (void *be, const trawl__blob_rec *br, int *inserted, trawl_diag *d),
     (be, br, inserted, d))
HELD(put_sighting, (void *be, const trawl__sighting_rec *s, int *version, trawl_diag *d),
     (be, s, version, d))
HELD(recollect, (void *be, const trawl__sighting_rec *s, trawl_diag *d), (be, s, d))
HELD(put_doc, (void *be, const char *sha, int seq, const char *id, const trawl__doc *doc,
               const trawl__docmeta *meta, int version, int index, int64_t *docno,
               trawl_diag *d),
     (be, sha, seq, id, doc, meta, version, index, docno, d))

const trawl__store_ops trawl__store_pg = {
	.version = TRAWL__STORE_OPS_VERSION,
	.name = "postgresql",
	.open = pg_open,
	.close = pg_close,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.blob_known = pg_blob_known,
	.path_latest = held_path_latest,
	.put_blob = held_put_blob,
	.put_sighting = held_put_sighting,
	.recollect = held_recollect,
	.put_doc = held_put_doc,
	.replace_doc = pg_replace_doc,
	.refresh_done = pg_refresh_done,
	.stale = pg_stale,
	.stale_count = pg_stale_count,
	.set_meta = pg_set_meta,
	.ls = pg_ls,
	.resolve = pg_resolve,
	.doc_get = pg_doc_get,
	.units = pg_units,
	.sightings = pg_sightings,
	.fields = pg_fields,
	.check = pg_check,
	.search = trawl__pg_search,
	.doc_mark = trawl__pg_doc_mark,
	.watch_put = trawl__pg_watch_put,
	.watch_del = trawl__pg_watch_del,
	.watches = trawl__pg_watches,
	.watch_mark = trawl__pg_watch_mark,
	.facts = trawl__pg_facts,
	.blobs = pg_blobs,
	.data_version = trawl__pg_data_version,
	.match_docs = trawl__pg_match_docs,
	.facet_rows = trawl__pg_facet_rows,
	.notice = pg_notice,
	.search_notice = pg_notice,
	/* the index's segments, one a transaction (pg_ix.c) */
	.put_segment = trawl__pgix_put,
	.index_maintain = trawl__pgix_maintain,
	.index_per_file = 1,
	.facet_counts = trawl__pg_facet_counts,
	/* search with o->facet: one statement for the totals, the facet
	 * counts and the hits (pg_search.c, search_facets) */
	.search_facets = 1,
	.spans = trawl__pg_spans,
	.facts_count = trawl__pg_facts_count,
	.obj_put = trawl__pg_obj_put,
	.obj_get = trawl__pg_obj_get,
	.obj_walk = trawl__pg_obj_walk,
	.obj_gc = trawl__pg_obj_gc,
	.path_docs = trawl__pg_path_docs,
	.forget_paths = trawl__pg_forget_paths,
	.blob_seen = trawl__pg_blob_seen,
	.blob_docs = trawl__pg_blob_docs,
	.remove_doc = trawl__pg_remove_doc,
	.set_collections = trawl__pg_set_collections,
	.admin = trawl__pg_admin,
	.set_user = trawl__pg_set_user,
	.copy_out = trawl__pg_copy_out,
	.copy_in = trawl__pg_copy_in,
};
