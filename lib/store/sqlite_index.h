/* The SQLite store's search index (sqlite_index.c): segment files and
 * their rows, deletions, merges, facet bitmaps, search and verify. */
#ifndef TRAWL_SQLITE_INDEX_H
#define TRAWL_SQLITE_INDEX_H
#include <roaring/roaring.h>
#include "store/sqlite_be.h"
#include "index/ixsearch.h"

/* The tables (part of the schema). */
#define TRAWL__SQIX_SCHEMA \
	"CREATE TABLE IF NOT EXISTS ix_segments(\n" \
	"  id INTEGER PRIMARY KEY, file TEXT NOT NULL UNIQUE, size INTEGER NOT NULL,\n" \
	"  crc INTEGER NOT NULL, ndocs INTEGER NOT NULL, nunits INTEGER NOT NULL,\n" \
	"  ntokens INTEGER NOT NULL, docs BLOB NOT NULL, dead BLOB);\n" \
	"CREATE TABLE IF NOT EXISTS ix_facets(dim TEXT NOT NULL, value TEXT NOT NULL,\n" \
	"  docs BLOB NOT NULL, PRIMARY KEY(dim, value)) WITHOUT ROWID;\n"

/* Sets up b->ix (and, writable, the folder; removes orphan files). */
trawl_err trawl__sqix_open(sqlite_be *b, const char *storedir, int writable, trawl_diag *d);
void trawl__sqix_free(trawl__sqix *x);
/* Store ops (store.h). */
trawl_err trawl__sq_put_segment(void *be, trawl__segbuild *sb, const int64_t *docno,
                                trawl_diag *d);
trawl_err trawl__sq_index_maintain(void *be, trawl_diag *d);
/* Takes document rowid out of the index (no-op when it is not in it). */
trawl_err trawl__sqix_delete(sqlite_be *b, int64_t rowid, trawl_diag *d);
/* Notes document rowid's facet values as added (sign 1) or removed (-1),
 * as the store has them now; flushed at commit. */
trawl_err trawl__sqix_facet_doc(sqlite_be *b, int64_t rowid, int sign, trawl_diag *d);
trawl_err trawl__sqix_facets_flush(sqlite_be *b, trawl_diag *d);
void trawl__sqix_facets_discard(sqlite_be *b);
/* Facet counts of docs (NULL: all documents) by dimension and value. */
trawl_err trawl__sqix_facets(sqlite_be *b, const roaring_bitmap_t *docs, int max_values,
                             int (*cb)(const trawl_facet *, void *), void *u, trawl_diag *d);
trawl_err trawl__sqix_filter(sqlite_be *b, const trawl__query *q, const trawl_filter *f,
                             roaring_bitmap_t **out, trawl_diag *d);
trawl_err trawl__sqix_search(sqlite_be *b, const trawl__ixquery *q, trawl__ixresult *res,
                             trawl_diag *d);
/* The documents q's words find, for SQL's trawl_ixm(rowid) (until clear). */
trawl_err trawl__sqix_match_set(sqlite_be *b, const trawl__query *q, trawl_diag *d);
void trawl__sqix_match_clear(sqlite_be *b);
/* The documents that q's filters and o's (facets, and SQL for paths and
 * amounts) allow; *out NULL: no filter (sqlite_search.c). */
trawl_err trawl__sq_allowed(sqlite_be *b, const trawl__query *q, const trawl_search_opts *o,
                            roaring_bitmap_t **out, trawl_diag *d);
trawl_err trawl__sqix_check(sqlite_be *b, int (*cb)(const trawl_problem *, void *), void *u,
                            uint64_t *nserious, trawl_diag *d);
/* Builds the index and the facets of every stored document (inside the
 * caller's transaction); b->note says what was done. */
trawl_err trawl__sqix_rebuild(sqlite_be *b, trawl_diag *d);
/* After a rollback: what is in memory may be ahead of the database. */
void trawl__sqix_forget(sqlite_be *b);
#endif
