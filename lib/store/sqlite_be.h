/* The SQLite backend's private state, shared by its files. */
#ifndef TRAWL_SQLITE_BE_H
#define TRAWL_SQLITE_BE_H
#include <pthread.h>
#include <sqlite3.h>
#include "store/store.h"
#include "util/buf.h"

typedef struct trawl__sqix trawl__sqix;

typedef struct sqlite_be {
	sqlite3 *db;        /* the writer and all reads of the main thread */
	sqlite3 *rdb;       /* blob_known from worker threads */
	pthread_mutex_t rlock;
	char *dbpath;
	int readonly;       /* opened read-only (trawl_store_open_readonly) */
	int immutable;      /* ... as immutable: the -wal file is not read */
	sqlite3_stmt *cache[10]; /* prepared once: what every document runs
	                           (slots: sqlite.c's STMT_*, TRAWL__SQ_STMT_*) */
	trawl_doc_info info; /* doc_get's strings live in the next few */
	char *info_strs[24];
	trawl__sqix *ix;     /* the search index (sqlite_index.c) */
	uint64_t wgen;       /* bumped by each change this connection makes */
	char note[300];      /* what opening did that the user should hear */
	void *ixm;           /* roaring bitmap the SQL function trawl_ixm tests */
	struct fact_binds *fbinds; /* what the fact statements' parameters hold
	                              (sqlite.c's put_facts), or NULL */
} sqlite_be;

/* The error of a failed SQLite call on db, with d saying what failed in
 * SQLite's own words ("reading the facts: out of memory"):
 * TRAWL_ENOMEM when SQLite ran out of memory, else TRAWL_ESTORE. */
trawl_err trawl__sq_err(sqlite3 *db, trawl_diag *d, const char *what);
/* That code alone (d was already told). */
trawl_err trawl__sq_code(sqlite3 *db);

/* Slots of sqlite_be.cache that sqlite_index.c uses (sqlite.c's come first). */
enum { TRAWL__SQ_STMT_FACET_DOC = 4, TRAWL__SQ_STMT_FACET_PARTIES = 5 };

/* The statement of sql kept prepared in b->cache[slot] for the life of
 * the connection, reset and cleared for reuse; NULL with d saying why. */
/* Is fact i of doc stored (put_facts)? Not if its unit or span does not
 * exist. */
int trawl__sq_fact_stored(const trawl__doc *doc, size_t i);
sqlite3_stmt *trawl__sq_cached(sqlite_be *b, int slot, const char *sql, trawl_diag *d,
                               const char *what);

/* Column i of the current row as text (NULL for NULL). */
static inline const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* units.rowid = (docs.rowid << TRAWL__UNIT_BITS) | unit seq (also the fts rowid) */
#define TRAWL__UNIT_BITS 20
#define TRAWL__STR_(x) #x
#define TRAWL__STR(x) TRAWL__STR_(x)
#define UNIT_BITS_SQL TRAWL__STR(TRAWL__UNIT_BITS)
/* facts.rowid = (docs.rowid << TRAWL__FACT_BITS) | fact number (from 1) */
#define TRAWL__FACT_BITS 32
#define FACT_BITS_SQL TRAWL__STR(TRAWL__FACT_BITS)
_Static_assert(TRAWL__FACT_BITS == 32, "FACTS_OF_SQL spells out 2^32 - 1");
/* The facts of document d (an SQL expression for its rowid), as a condition
 * on a fact's rowid f: a range the table's own b-tree answers. */
#define FACTS_OF_SQL(f, d) \
	" " f " BETWEEN (" d ") << " FACT_BITS_SQL " AND ((" d ") << " FACT_BITS_SQL ") + 4294967295 "

/* A document's metadata as it stands (SQL over docs d): what the user
 * set (trawl set: the u_* columns) over what was extracted. An empty
 * u_place or u_amount, or a u_year of 0, says it has none. */
#define EFF_TITLE "coalesce(d.u_title, d.title)"
#define EFF_KIND "coalesce(d.u_kind, d.kind)"
#define EFF_YEAR "coalesce(d.u_year, d.year)"
#define EFF_PLACE "(CASE WHEN d.u_place IS NULL THEN d.place ELSE nullif(d.u_place, '') END)"
#define EFF_PLACE_CODE "(CASE WHEN d.u_place IS NULL THEN d.place_code ELSE d.u_place_code END)"
#define EFF_AMOUNT "(CASE WHEN d.u_amount IS NULL THEN d.amount ELSE nullif(d.u_amount, '') END)"
#define EFF_CURRENCY \
	"(CASE WHEN d.u_amount IS NULL THEN d.currency ELSE nullif(d.u_currency, '') END)"

/* Registers the "trawl" FTS5 tokenizer on a connection (sqlite_fts.c). */
int trawl__sqlite_register_tokenizer(sqlite3 *db);

/* The search filters of q (may be NULL) and o as SQL conditions over d
 * (docs) and b (blobs), each beginning " AND ", with parameters ?10 to
 * ?30; and their binding. */
void trawl__sq_filters_sql(trawl__buf *w, const trawl__query *q, const trawl_search_opts *o);
void trawl__sq_bind_filters(sqlite3_stmt *st, const trawl__query *q, const trawl_search_opts *o);

trawl_err trawl__sq_search(void *be, const trawl__query *q, const trawl_search_opts *o,
                           int (*cb)(const trawl_hit *, void *), void *u,
                           trawl_search_stats *st, trawl_diag *d);
/* Facet counts through the facet bitmaps (store op facet_counts). */
trawl_err trawl__sq_facet_counts(void *be, const trawl__query *q, const trawl_search_opts *o,
                                 int max_values, int (*cb)(const trawl_facet *, void *),
                                 void *u, trawl_search_stats *st, trawl_diag *d);
trawl_err trawl__sq_doc_mark(void *be, int64_t *mark, trawl_diag *d);
trawl_err trawl__sq_watch_put(void *be, const char *name, const char *query, const char *now,
                              trawl_diag *d);
trawl_err trawl__sq_watch_del(void *be, const char *name, trawl_diag *d);
trawl_err trawl__sq_watches(void *be, const char *name,
                            int (*cb)(const char *, const char *, const char *, const char *,
                                      int64_t, void *), void *u, trawl_diag *d);
trawl_err trawl__sq_watch_mark(void *be, const char *name, int64_t mark, const char *now,
                               trawl_diag *d);
/* sqlite_rm.c: trawl rm (store.h) */
trawl_err trawl__sq_path_docs(void *be, const char *path, const char *real,
                              int (*cb)(const char *id, void *), void *u, trawl_diag *d);
trawl_err trawl__sq_forget_paths(void *be, const char *glob, uint64_t *n,
                                 int (*cb)(const char *sha, const char *path, void *), void *u,
                                 trawl_diag *d);
trawl_err trawl__sq_blob_seen(void *be, const char *sha, int *seen, trawl_diag *d);
trawl_err trawl__sq_blob_docs(void *be, const char *sha, int (*cb)(const char *id, void *),
                              void *u, trawl_diag *d);
trawl_err trawl__sq_remove_doc(void *be, const char *id, const char *now, int *blob_gone,
                               trawl_diag *d);
trawl_err trawl__sq_facts(void *be, const trawl_facts_opts *o, const trawl__query *q,
                          int (*cb)(const trawl_fact_info *, void *), void *u, trawl_diag *d);
trawl_err trawl__sq_facts_count(void *be, const trawl_facts_opts *o, const trawl__query *q,
                                uint64_t *n, trawl_diag *d);
/* sqlite_copy.c */
trawl_err trawl__sq_copy_out(void *be, int table, int (*cb)(const trawl__row *, void *),
                             void *u, trawl_diag *d);
trawl_err trawl__sq_copy_in(void *be, int table, const trawl__row *r, trawl_diag *d);
/* sqlite_browse.c */
trawl_err trawl__sq_data_version(void *be, int64_t *v, trawl_diag *d);
trawl_err trawl__sq_facet_rows(void *be,
                               int (*cb)(int64_t, const char *, int, const char *,
                                         const char *, const char *, const char *, void *),
                               int (*party)(int64_t, const char *, const char *, void *),
                               void *u, trawl_diag *d);
trawl_err trawl__sq_spans(void *be, const char *id, int page,
                          int (*cb)(uint32_t, uint32_t, float, float, float, float, void *),
                          void *u, trawl_diag *d);
#endif
