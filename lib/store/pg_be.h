/* The PostgreSQL backend's private state, shared by its files (pg.c: the
 * schema, ingest and documents; pg_search.c: search, facts and browsing;
 * pg_objects.c: the originals, in content-addressed chunks). */
#ifndef TRAWL_PG_BE_H
#define TRAWL_PG_BE_H
#include <pthread.h>
#include <libpq-fe.h>
#include "store/store.h"
#include "util/buf.h"

/* Parameters of one statement: $1 to $PG_NPARAMS, each text unless set
 * as bytea; a NULL value is SQL NULL. Unused ones are simply NULL: every
 * parameter is declared (text or bytea), so the server never has to
 * guess a type, and SQL casts what it compares ($3::int). */
#define PG_NPARAMS 48
typedef struct pg_params {
	const char *v[PG_NPARAMS];
	int len[PG_NPARAMS];
	int fmt[PG_NPARAMS];      /* 1: binary (bytea) */
	unsigned int type[PG_NPARAMS];
	char num[PG_NPARAMS][32]; /* integers and doubles, as text */
	int n;                    /* the highest parameter set */
} pg_params;

void trawl__pg_params_init(pg_params *p);
void trawl__pg_text(pg_params *p, int i, const char *v);
/* v unless it is NULL or empty (then NULL) */
void trawl__pg_nonempty(pg_params *p, int i, const char *v);
void trawl__pg_int(pg_params *p, int i, int64_t v);
void trawl__pg_double(pg_params *p, int i, double v);
void trawl__pg_bytea(pg_params *p, int i, const void *v, size_t n);
/* an array of integers in text form ("{1,2}"), sent as bigint[] (int8 0)
 * or int[] (int8 1): a value of that type is a constant to the planner,
 * where text cast to an array is not (array_in is not immutable), and
 * only constants go to another server with a partition's scan */
void trawl__pg_int_array(pg_params *p, int i, const char *v, int int4);

typedef struct trawl__pgix trawl__pgix;

typedef struct pg_be {
	PGconn *db;           /* the writer and every read of the main thread */
	PGconn *wdb;          /* worker threads: blob_known and the originals */
	pthread_mutex_t wlock;
	char *url;
	int readonly;
	int in_txn;
	trawl_err last_err;   /* of the main connection's last failed statement */
	/* pipeline mode (a document's rows): statements on db are sent and
	 * their results read at once by trawl__pg_pipe_end */
	int pipe, npipe;
	/* a document's row statements, prepared once a session (named by
	 * prep_gen: a failed pipeline may have lost them, and the next
	 * generation prepares them again) */
	unsigned prepared;
	int prep_gen;
	/* document numbers this transaction took from the sequence and has
	 * not used yet (pg.c's next_rid) */
#define PG_RIDS 16
#define PG_RIDS_S "16"
	int64_t rids[PG_RIDS];
	int rid_next, nrids;
	int copy_ok;          /* 1: COPY into the row tables, -1: not, 0: not known yet */
	/* 1: a document's units, facts and fields are staged (some partitions
	 * are on other servers: pg.c's stage_setup), -1: not, 0: not known yet */
	int stage;
	/* the staged rows (COPY lines of units, facts, fields), sent by
	 * trawl__pg_stage_flush; stage_hold > 0 while what runs can't see
	 * them (a writer's own statements between documents) */
#define PG_STAGE_N 3
	trawl__buf staged[PG_STAGE_N];
	size_t nstaged;
	int staged_docs;      /* the documents whose rows they are */
	int stage_hold;
	char *cur_path;       /* the file being recorded (its path lock's key) */
	int64_t changes;      /* commits by this connection (data_version) */
	/* what this transaction added to the full-text statistics (BM25's
	 * row count and total length), written with the commit */
	int64_t st_rows, st_tokens;
	/* the collection of what this run adds (pg_access.c): the one named,
	 * else the path given to add that holds the file */
	char *collection;
	const char *const *roots;
	size_t nroots;
	int is_owner;         /* 1: the session's role owns the store (pg_rm.c) */
	int obj_locked;       /* wdb holds the shared lock trawl gc waits for */
	char *role;           /* the user the connections act as, or NULL */
	trawl__pgix *ix;      /* the search index (pg_ix.c) */
	int ix_on;            /* its tables are there (schema 4) */
	/* 1: units get tsvectors (meta 'tsv': a store with users, or made
	 * before it was a choice), 0: not (only the owner searches, through
	 * the index), 2: they do, and the first user's fill is making those
	 * of the units written before (meta 'filling'); read with each write
	 * transaction's shared lock, -1 unread */
	int tsv;
	trawl_doc_info info;  /* doc_get's strings live in info_strs */
	char *info_strs[24];
} pg_be;

/* Sends the rows a sharded store's writer staged (pg.c) to their tables.
 * Every statement on the main connection does this first, unless
 * stage_hold says it can't see them: no statement ever misses a row the
 * transaction wrote. */
trawl_err trawl__pg_stage_flush(pg_be *b, trawl_diag *d);
static inline int pg_stage_due(const pg_be *b, const PGconn *c)
{
	/* (c first: worker threads call with wdb while the main thread
	 * stages) */
	return c == b->db && b->nstaged && !b->stage_hold;
}

/* Runs sql with p (may be NULL); the result, or NULL with d saying what
 * failed. A result must be PQclear()ed. */
PGresult *trawl__pg_exec(pg_be *b, PGconn *c, const char *sql, const pg_params *p,
                         trawl_diag *d, const char *what);
/* Statements run by trawl__pg_run on the main connection between these
 * two are sent without waiting for each (libpq's pipeline mode: one round
 * trip for a document's hundreds of rows); _end reads their results and
 * returns the first failure. */
trawl_err trawl__pg_pipe_begin(pg_be *b, trawl_diag *d);
trawl_err trawl__pg_pipe_end(pg_be *b, trawl_diag *d, const char *what);
/* Runs the n statements sql[i] (with p[i], may be NULL) on the main
 * connection in one round trip (a pipeline of their own: each still sees
 * what the ones before it did, with a snapshot of its own) and gives each
 * one's result in out[i], to be PQclear()ed; on a failure none, and d
 * says what failed. */
trawl_err trawl__pg_pipe_exec(pg_be *b, int n, const char *const sql[],
                              const pg_params *const p[], PGresult *out[], trawl_diag *d,
                              const char *what);
/* The same, for a statement whose rows are not wanted. */
trawl_err trawl__pg_run(pg_be *b, PGconn *c, const char *sql, const pg_params *p,
                        trawl_diag *d, const char *what);
/* The error a failed statement means: EUSAGE for a query the server
 * refuses as written (a syntax or data error), else ESTORE. */
trawl_err trawl__pg_errcode(const PGresult *r);
/* Column i of row r as text, NULL for NULL. */
static inline const char *pg_col(const PGresult *res, int r, int i)
{
	return PQgetisnull(res, r, i) ? NULL : PQgetvalue(res, r, i);
}
int64_t trawl__pg_i64(const PGresult *res, int r, int i);
/* Deletes document rid's units, unit parts, facts and fields, and takes
 * what its units counted out of BM25's statistics when it was indexed
 * (a re-read replaces them; trawl rm then deletes the document). */
trawl_err trawl__pg_drop_doc_rows(pg_be *b, int64_t rid, int indexed, const char *what,
                                  trawl_diag *d);
double trawl__pg_f64(const PGresult *res, int r, int i);

/* A buffer whose appends failed (its bytes are not the whole), or empty. */
static inline int pg_buf_bad(const trawl__buf *b)
{
	return b->err != TRAWL_OK || !b->data;
}

/* Quotes s as an SQL string literal into out. */
void trawl__pg_quote(trawl__buf *out, const char *s);

/* A document's metadata as it stands (SQL over docs d): what the user set
 * (trawl set: the u_* columns) over what was extracted; as on SQLite. */
#define PG_EFF_TITLE "coalesce(d.u_title, d.title)"
#define PG_EFF_KIND "coalesce(d.u_kind, d.kind)"
#define PG_EFF_YEAR "coalesce(d.u_year, d.year)"
#define PG_EFF_PLACE "(CASE WHEN d.u_place IS NULL THEN d.place ELSE nullif(d.u_place, '') END)"
#define PG_EFF_PLACE_CODE "(CASE WHEN d.u_place IS NULL THEN d.place_code ELSE d.u_place_code END)"
#define PG_EFF_AMOUNT "(CASE WHEN d.u_amount IS NULL THEN d.amount ELSE nullif(d.u_amount, '') END)"
#define PG_EFF_CURRENCY \
	"(CASE WHEN d.u_amount IS NULL THEN d.currency ELSE nullif(d.u_currency, '') END)"

/* The latest path the bytes of document d were seen at */
#define PG_LATEST_PATH \
	"(SELECT path FROM sightings WHERE sha256 = d.sha256 ORDER BY id DESC LIMIT 1)"

/* pg_search.c */
trawl_err trawl__pg_search(void *be, const trawl__query *q, const trawl_search_opts *o,
                           int (*cb)(const trawl_hit *, void *), void *u,
                           trawl_search_stats *st, trawl_diag *d);
trawl_err trawl__pg_doc_mark(void *be, int64_t *mark, trawl_diag *d);
trawl_err trawl__pg_watch_put(void *be, const char *name, const char *query, const char *now,
                              trawl_diag *d);
trawl_err trawl__pg_watch_del(void *be, const char *name, trawl_diag *d);
trawl_err trawl__pg_watches(void *be, const char *name,
                            int (*cb)(const char *, const char *, const char *, const char *,
                                      int64_t, void *), void *u, trawl_diag *d);
trawl_err trawl__pg_watch_mark(void *be, const char *name, int64_t mark, const char *now,
                               trawl_diag *d);
trawl_err trawl__pg_facts(void *be, const trawl_facts_opts *o, const trawl__query *q,
                          int (*cb)(const trawl_fact_info *, void *), void *u, trawl_diag *d);
trawl_err trawl__pg_facts_count(void *be, const trawl_facts_opts *o, const trawl__query *q,
                                uint64_t *n, trawl_diag *d);
trawl_err trawl__pg_data_version(void *be, int64_t *v, trawl_diag *d);
trawl_err trawl__pg_match_docs(void *be, const trawl__query *q, const trawl_search_opts *o,
                               int (*cb)(int64_t doc, int64_t units, void *), void *u,
                               trawl_diag *d);
trawl_err trawl__pg_facet_counts(void *be, const trawl__query *q, const trawl_search_opts *o,
                                 int max_values, int (*cb)(const trawl_facet *, void *),
                                 void *u, trawl_search_stats *st, trawl_diag *d);
trawl_err trawl__pg_facet_rows(void *be,
                               int (*cb)(int64_t, const char *, int, const char *,
                                         const char *, const char *, const char *, void *),
                               int (*party)(int64_t, const char *, const char *, void *),
                               void *u, trawl_diag *d);
trawl_err trawl__pg_spans(void *be, const char *id, int page,
                          int (*cb)(uint32_t, uint32_t, float, float, float, float, void *),
                          void *u, trawl_diag *d);

/* pg_index.c: a unit's text as tsvectors. Calls cb once per part with
 * the tsvector's text form (positions from 1) and nparts 1 when the text
 * fits PostgreSQL's limits (16383 positions, 256 of one lexeme), else
 * with nparts 2 for each of its overlapping parts (docs/postgresql.md). *ntok gets the number of
 * positions (as FTS5 counts a row's size). */
trawl_err trawl__pg_tsvectors(const char *text, size_t len, int *ntok,
                              trawl_err (*cb)(const char *tsv, size_t n, int part, int nparts,
                                              void *), void *u);
/* The lock (pg_advisory_xact_lock, its two keys) that a write
 * transaction holds shared while it decides by meta 'tsv' whether its
 * units get tsvectors, and trawl__pg_tsv_fill exclusive. */
#define TRAWL__PG_TSV_LOCK "7419, 5"
/* pg.c: gives every indexed unit that has none its tsvectors (and parts)
 * and sets meta 'tsv' to '1': what a store made without them needs for
 * its users (row-level security searches through them). A few documents a
 * transaction, so that writers go on meanwhile (they make tsvectors from
 * its start); returns at once while another session fills. Done by the
 * store's owner. */
trawl_err trawl__pg_tsv_fill(pg_be *b, trawl_diag *d);
/* pg.c: b->tsv from meta 'tsv' (a missing row: 1). */
trawl_err trawl__pg_tsv_read(pg_be *b, trawl_diag *d);

/* How many positions consecutive parts share: a phrase or NEAR group of
 * up to this many positions is found whole in one part. */
#define TRAWL__PG_OVERLAP 200

/* pg_access.c: collections, users, rights (row-level security), audit */
/* Puts the documents of bytes sha into collection coll, for a writer of
 * coll: the same bytes added to a second collection belong to both, even
 * when the writer can't see the first. (SECURITY DEFINER: it reads every
 * document; it checks the caller's own right first. The caller is the
 * role the session acts as: its login role, or the one the owner's
 * session took with SET ROLE, as trawl serve --auth does for its users,
 * which inside the function only the role setting still says.) */
#define TRAWL__PG_COLLECT_FN \
	"CREATE OR REPLACE FUNCTION trawl_collect(sha text, coll text) RETURNS void\n" \
	"  LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $f$\n" \
	"  DECLARE who text := CASE WHEN current_setting('role') <> 'none'\n" \
	"    THEN current_setting('role') ELSE session_user END; BEGIN\n" \
	"  IF who <> (SELECT tableowner FROM pg_tables WHERE tablename = 'docs'\n" \
	"      AND schemaname = current_schema()) AND NOT EXISTS (SELECT 1 FROM grants\n" \
	"      WHERE role = who AND collection = coll AND rights = 'write') THEN\n" \
	"    RAISE EXCEPTION 'no right to write to collection %', coll USING ERRCODE = '42501';\n" \
	"  END IF;\n" \
	"  INSERT INTO doc_collections(doc, collection) SELECT d.rid, coll FROM docs d\n" \
	"    WHERE d.sha256 = sha ON CONFLICT DO NOTHING;\n" \
	"END $f$;\n" \
	"REVOKE ALL ON FUNCTION trawl_collect(text, text) FROM PUBLIC;\n"
/* trawl rm's tombstones: ids of removed documents, which a refresh by any
 * writer must see (only the owner removes) */
#define TRAWL__PG_REMOVED_RLS \
	"ALTER TABLE removed ENABLE ROW LEVEL SECURITY;\n" \
	"CREATE POLICY readable ON removed FOR SELECT USING (true);\n"
trawl_err trawl__pg_access_schema(pg_be *b, trawl_diag *d);
trawl_err trawl__pg_set_collections(void *be, const char *name, const char *const *roots,
                                    size_t n, trawl_diag *d);
const char *trawl__pg_collection_of(pg_be *b, const char *path);
/* Puts the documents of bytes sha into the collection of path. */
trawl_err trawl__pg_collect(pg_be *b, const char *sha, const char *path, trawl_diag *d);
/* Records who did what (best effort: a failed record stops nothing). */
void trawl__pg_audit(pg_be *b, const char *action, const char *detail);
trawl_err trawl__pg_set_user(void *be, const char *user, trawl_diag *d);
/* SET ROLE on c to b->role, or RESET ROLE when it is NULL. */
trawl_err trawl__pg_act_as(pg_be *b, PGconn *c, trawl_diag *d);
trawl_err trawl__pg_admin(void *be, int argc, const char *const *argv,
                          int (*out)(const char *line, void *), void *u, trawl_diag *d);

/* The large tables are hash-partitioned by document (docs.rid, the
 * column named doc in each) into PG_PARTS partitions NAME_p0...: their
 * partitions can live on other servers (pg_shard.c), and the same column
 * distributes them on Citus. Each: its name and primary key. */
#define PG_PARTS 4
extern const char *const trawl__pg_part_tables[4][2];
/* pg_shard.c: trawl admin shard add URL */
trawl_err trawl__pg_shard_add(pg_be *b, const char *url, int (*out)(const char *, void *),
                              void *u, trawl_diag *d);

/* pg_ix.c: trawl's own search index, kept in the database */
#define TRAWL__PG_IX_SCHEMA \
	"CREATE SEQUENCE IF NOT EXISTS ix_seg;\n" \
	"CREATE TABLE IF NOT EXISTS ix_segments(id bigint PRIMARY KEY, size bigint NOT NULL,\n" \
	"  crc bigint NOT NULL, ndocs int NOT NULL, nunits int NOT NULL, ntokens bigint NOT NULL,\n" \
	"  docno bytea NOT NULL);\n" \
	"CREATE TABLE IF NOT EXISTS ix_chunks(seg bigint NOT NULL, n int NOT NULL,\n" \
	"  data bytea NOT NULL, PRIMARY KEY(seg, n));\n" \
	"ALTER TABLE ix_chunks ALTER COLUMN data SET STORAGE EXTERNAL;\n" \
	"CREATE TABLE IF NOT EXISTS ix_dead(id bigserial PRIMARY KEY, doc bigint NOT NULL,\n" \
	"  keep bigint NOT NULL);\n" \
	"CREATE INDEX IF NOT EXISTS ix_dead_doc ON ix_dead(doc, id);\n"
/* The tables of the index a writer adds to (only adds: reading them is
 * reading every collection's words) */
#define TRAWL__PG_IX_TABLES "ix_segments, ix_chunks, ix_dead"
/* What a user may add to them (the owner is not bound: the tables are
 * its own): only rows of the segment numbered by the session's own last
 * nextval('ix_seg'), so that no one takes another writer's number; a
 * segment only of documents, and a dead row only of a document, in a
 * collection the user may write (trawl_ix_writable: docno's 4-byte
 * numbers, little-endian, 0 for none; in SQL | and << bind alike, hence
 * the parentheses). After grants and doc_collections exist. */
#define TRAWL__PG_IX_POLICIES \
	"CREATE OR REPLACE FUNCTION trawl_ix_writable(b bytea) RETURNS boolean\n" \
	"  LANGUAGE sql STABLE AS $f$ SELECT length(b) % 4 = 0 AND NOT EXISTS (\n" \
	"  SELECT 1 FROM generate_series(0, length(b) / 4 - 1) i, LATERAL (SELECT\n" \
	"  get_byte(b, 4 * i)::bigint + (get_byte(b, 4 * i + 1)::bigint << 8) +\n" \
	"  (get_byte(b, 4 * i + 2)::bigint << 16) + (get_byte(b, 4 * i + 3)::bigint << 24) AS doc) x\n" \
	"  WHERE x.doc <> 0 AND NOT EXISTS (SELECT 1 FROM doc_collections dc JOIN grants g ON\n" \
	"  g.collection = dc.collection WHERE dc.doc = x.doc AND g.rights = 'write')) $f$;\n" \
	"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE tablename = 'ix_dead') THEN\n" \
	"  ALTER TABLE ix_segments ENABLE ROW LEVEL SECURITY;\n" \
	"  ALTER TABLE ix_chunks ENABLE ROW LEVEL SECURITY;\n" \
	"  ALTER TABLE ix_dead ENABLE ROW LEVEL SECURITY;\n" \
	"  CREATE POLICY add ON ix_segments FOR INSERT WITH CHECK (id = currval('ix_seg') AND\n" \
	"    ndocs > 0 AND length(docno) = 4 * ndocs AND trawl_ix_writable(docno));\n" \
	"  CREATE POLICY add ON ix_chunks FOR INSERT WITH CHECK (seg = currval('ix_seg'));\n" \
	"  CREATE POLICY add ON ix_dead FOR INSERT WITH CHECK (keep = currval('ix_seg') AND\n" \
	"    EXISTS (SELECT 1 FROM doc_collections dc JOIN grants g ON g.collection =\n" \
	"    dc.collection WHERE dc.doc = ix_dead.doc AND g.rights = 'write'));\n" \
	"END IF; END $$;\n"
void trawl__pgix_free(trawl__pgix *x);
/* put_segment: the documents of one file, into this transaction's segment */
trawl_err trawl__pgix_put(void *be, trawl__segbuild *sb, const int64_t *docno, trawl_diag *d);
/* Before COMMIT: writes the transaction's segment. */
trawl_err trawl__pgix_commit(pg_be *b, trawl_diag *d);
/* After ROLLBACK (or BEGIN): forgets it. */
void trawl__pgix_abort(pg_be *b);
/* Document rid (indexed) is re-read or removed in this transaction. */
trawl_err trawl__pgix_drop(pg_be *b, int64_t rid, trawl_diag *d);
/* Whether this session may search through the index (*yes). */
trawl_err trawl__pgix_readable(pg_be *b, int *yes, trawl_diag *d);
/* index_maintain: merges segments (the owner's sessions only). */
trawl_err trawl__pgix_maintain(void *be, trawl_diag *d);
/* trawl verify: the index's segments, and every searchable document in
 * it once. */
trawl_err trawl__pgix_check(pg_be *b, int (*cb)(const trawl_problem *, void *), void *u,
                            uint64_t *nserious, trawl_diag *d);
/* Builds the index anew from the stored units, in the current
 * transaction, and marks it whole. */
trawl_err trawl__pgix_rebuild(pg_be *b, trawl_diag *d);
/* Runs q through the index when this session may (*used 1); else *used
 * is 0 and the caller searches the tsvectors. */
struct trawl__ixquery;
struct trawl__ixresult;
trawl_err trawl__pgix_search(pg_be *b, const struct trawl__ixquery *q,
                             struct trawl__ixresult *res, int *used, trawl_diag *d);

/* pg_copy.c */
trawl_err trawl__pg_copy_out(void *be, int table, int (*cb)(const trawl__row *, void *),
                             void *u, trawl_diag *d);
trawl_err trawl__pg_copy_in(void *be, int table, const trawl__row *r, trawl_diag *d);

/* pg_objects.c */
trawl_err trawl__pg_obj_put(void *be, const char *sha, const void *data, size_t len,
                            trawl_diag *d);
trawl_err trawl__pg_obj_get(void *be, const char *sha, const char *path, trawl_diag *d);
trawl_err trawl__pg_obj_walk(void *be, int (*cb)(const char *sha, void *), void *u,
                             trawl_diag *d);
/* pg_rm.c: trawl rm and gc */
trawl_err trawl__pg_path_docs(void *be, const char *path, const char *real,
                              int (*cb)(const char *id, void *), void *u, trawl_diag *d);
trawl_err trawl__pg_blob_docs(void *be, const char *sha, int (*cb)(const char *id, void *),
                              void *u, trawl_diag *d);
trawl_err trawl__pg_forget_paths(void *be, const char *glob, uint64_t *n,
                                 int (*cb)(const char *sha, const char *path, void *), void *u,
                                 trawl_diag *d);
trawl_err trawl__pg_blob_seen(void *be, const char *sha, int *seen, trawl_diag *d);
trawl_err trawl__pg_remove_doc(void *be, const char *id, const char *now, int *blob_gone,
                               trawl_diag *d);
trawl_err trawl__pg_obj_gc(void *be, int dry_run, uint64_t *n, uint64_t *bytes, trawl_diag *d);
/* Takes, once per session of wdb, the lock that keeps trawl gc out while
 * originals are stored that no committed blob names yet. */
trawl_err trawl__pg_obj_lock(pg_be *b, trawl_diag *d);
/* The worker connection, opened on first use; call with wlock held. */
trawl_err trawl__pg_wconn(pg_be *b, trawl_diag *d);
#endif
