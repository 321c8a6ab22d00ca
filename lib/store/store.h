/* All storage sits behind this interface: a database backend (SQLite now,
 * PostgreSQL later) plus the folder of original files, content-addressed
 * by SHA-256. No other stage issues SQL or touches the store's folder. */
#ifndef TRAWL_STORE_H
#define TRAWL_STORE_H
#include <pthread.h>
#include "trawl/trawl.h"
#include "ingest/doc.h"
#include "index/query.h"
#include "index/segment.h"
#include "facts/docmeta.h"

typedef struct trawl__blob_rec {
	const char *sha256, *format, *encoding, *added_at;
	int64_t size;
	int ndocs;
	/* what the user stated when it was read (add --unit, --currency), or
	 * NULL; trawl refresh reads it again with them */
	const char *unit, *currency;
} trawl__blob_rec;

typedef struct trawl__sighting_rec {
	const char *path, *sha256, *seen_at, *source_url;
	int64_t size, mtime;
	const char *realpath;  /* the file's absolute real path, or NULL: path */
} trawl__sighting_rec;

/* trawl copy: a store's rows in a form both backends share. Each table
 * (TRAWL__COPY_*) has the columns trawl__copy_cols names, in that order;
 * a document is named by its 64-hex id, not the backend's row number. A
 * value is bytes with a length (text without its NUL, integers and
 * numbers as text, %.17g for reals), NULL for SQL NULL. */
enum { TRAWL__COPY_BLOBS, TRAWL__COPY_DOCS, TRAWL__COPY_UNITS, TRAWL__COPY_FACTS,
       TRAWL__COPY_FIELDS, TRAWL__COPY_SIGHTINGS, TRAWL__COPY_WATCHES, TRAWL__COPY_N };
#define TRAWL__COPY_MAXCOLS 32
typedef struct trawl__row {
	const char *v[TRAWL__COPY_MAXCOLS];
	size_t n[TRAWL__COPY_MAXCOLS];
	int ncols;
} trawl__row;
extern const char *const trawl__copy_cols[TRAWL__COPY_N];
extern const int trawl__copy_ncols[TRAWL__COPY_N];
/* ops->open's create argument for a read-only open */
#define TRAWL__OPEN_READONLY 2

/* A backend: a versioned table of functions (like SQLite's fts5_tokenizer).
 * Every function returns TRAWL_OK or an error; out-parameters are written
 * only on success. On failure d (may be NULL) gets what was being done and
 * the engine's own message ("storing the document's units: database or
 * disk is full"); its path is left alone. */
typedef struct trawl__store_ops {
	int version;
	const char *name;
	trawl_err (*open)(const char *dir, int create, void **be, trawl_diag *d);
	void (*close)(void *be);
	trawl_err (*begin)(void *be, trawl_diag *d);
	trawl_err (*commit)(void *be, trawl_diag *d);
	void (*rollback)(void *be);
	/* May be called from any thread, concurrently with a write transaction. */
	trawl_err (*blob_known)(void *be, const char *sha256, int *known, trawl_diag *d);
	/* The latest bytes seen at the file whose real path is path (ENOTFOUND
	 * if never seen). */
	trawl_err (*path_latest)(void *be, const char *path, char sha_out[65], trawl_diag *d);
	/* *inserted is 0 when the blob was already there. */
	trawl_err (*put_blob)(void *be, const trawl__blob_rec *b, int *inserted, trawl_diag *d);
	/* Records that path held sha256 now; *version gets its version number. */
	trawl_err (*put_sighting)(void *be, const trawl__sighting_rec *s, int *version,
	                          trawl_diag *d);
	/* The same bytes seen again at the same path, nothing else to record:
	 * its documents join the collection of this add, with a sighting in
	 * it, if they are not in it yet (NULL: a store without collections). */
	trawl_err (*recollect)(void *be, const trawl__sighting_rec *s, trawl_diag *d);
	/* Stores one document of blob sha256; id is its 64-hex id, meta what
	 * the facts stage decided about it, version the extractor version.
	 * *docno gets the number the search index knows it by (put_segment),
	 * or 0 when it is not to be searchable (index 0). */
	trawl_err (*put_doc)(void *be, const char *sha256, int seq, const char *id,
	                     const trawl__doc *doc, const trawl__docmeta *meta, int version,
	                     int index, int64_t *docno, trawl_diag *d);
	/* Replaces document id's units, facts, fields and extracted metadata
	 * (its row, overrides and rowid stay) and takes its old units out of
	 * the search index; a document of blob sha256 that is not stored yet is
	 * added, unless trawl rm took it out. *added says which: 0 replaced, 1
	 * added, -1 left out; *docno as put_doc's (0 when left out; the new
	 * units go into a segment with put_segment). */
	trawl_err (*replace_doc)(void *be, const char *sha256, int seq, const char *id,
	                         const trawl__doc *doc, const trawl__docmeta *meta, int version,
	                         int *added, int64_t *docno, trawl_diag *d);
	/* Records a segment of the search index (built by ingest workers) in
	 * the current transaction: docno[i] is put_doc's or replace_doc's
	 * number for its document i (0: not stored, or not searchable). */
	trawl_err (*put_segment)(void *be, trawl__segbuild *b, const int64_t *docno,
	                         trawl_diag *d);
	/* Merges segments when there are many (outside a transaction). */
	trawl_err (*index_maintain)(void *be, trawl_diag *d);
	/* 1: put_segment takes each file's documents as they are recorded
	 * (the backend gathers a transaction's own, and may commit in the
	 * middle of a batch); 0: a batch's at once, before its commit */
	int index_per_file;
	/* After replace_doc of every document read from blob sha256: marks all
	 * its documents read by version, counts in *kept those that were not
	 * replaced (the reader no longer makes them), and sets the blob's
	 * format, encoding and document count. */
	trawl_err (*refresh_done)(void *be, const char *sha256, const char *format,
	                          const char *encoding, int version, uint64_t *kept,
	                          trawl_diag *d);
	/* The blobs with a document read before version (every blob with all):
	 * cb(sha256, size, latest path, its source URL, the unit and currency
	 * put_blob recorded). */
	trawl_err (*stale)(void *be, int version, int all,
	                   int (*cb)(const char *sha, int64_t size, const char *path,
	                             const char *url, const char *unit, const char *currency,
	                             void *), void *u, trawl_diag *d);
	trawl_err (*stale_count)(void *be, int version, uint64_t *n, trawl_diag *d);
	/* Sets (value != NULL) or removes an override: key is kind, year,
	 * place, amount or title; place also takes code, amount currency
	 * (each may be NULL). ENOTFOUND for no such document. */
	trawl_err (*set_meta)(void *be, const char *id, const char *key, const char *value,
	                      const char *extra, trawl_diag *d);
	trawl_err (*ls)(void *be, int all, int (*cb)(const trawl_doc_info *, void *), void *u,
	                trawl_diag *d);
	trawl_err (*resolve)(void *be, const char *ref, char *id_out, trawl_diag *d);
	trawl_err (*doc_get)(void *be, const char *id, trawl_doc_info *info, trawl_diag *d);
	trawl_err (*units)(void *be, const char *id, int page,
	                   int (*cb)(const trawl_unit_info *, void *), void *u, trawl_diag *d);
	trawl_err (*sightings)(void *be, const char *id,
	                       int (*cb)(const trawl_sighting *, void *), void *u, trawl_diag *d);
	trawl_err (*fields)(void *be, const char *id,
	                    int (*cb)(const char *, const char *, void *), void *u, trawl_diag *d);
	/* Database self-check; each finding goes to cb. */
	trawl_err (*check)(void *be, int (*cb)(const trawl_problem *, void *), void *u,
	                   uint64_t *nserious, trawl_diag *d);
	/* Full-text search; with o->files one hit per document. Each hit's
	 * snippet field carries the whole text of the unit that matched (the
	 * caller makes the excerpt), or NULL with o->files. A query the engine
	 * refuses is TRAWL_EUSAGE. o->facet is for the store to honour only
	 * when search_facets is set (below). */
	trawl_err (*search)(void *be, const trawl__query *q, const trawl_search_opts *o,
	                    int (*cb)(const trawl_hit *, void *), void *u,
	                    trawl_search_stats *st, trawl_diag *d);
	/* The current document mark: documents stored later have a higher one. */
	trawl_err (*doc_mark)(void *be, int64_t *mark, trawl_diag *d);
	trawl_err (*watch_put)(void *be, const char *name, const char *query, const char *now,
	                       trawl_diag *d);
	trawl_err (*watch_del)(void *be, const char *name, trawl_diag *d);
	/* Each watch: cb(name, query, created_at, last_run_at, mark). */
	trawl_err (*watches)(void *be, const char *name,
	                     int (*cb)(const char *, const char *, const char *, const char *,
	                               int64_t, void *), void *u, trawl_diag *d);
	trawl_err (*watch_mark)(void *be, const char *name, int64_t mark, const char *now,
	                        trawl_diag *d);
	/* Facts, by document and position. */
	trawl_err (*facts)(void *be, const trawl_facts_opts *o, const trawl__query *q,
	                   int (*cb)(const trawl_fact_info *, void *), void *u, trawl_diag *d);
	/* Every stored blob: sha256 and size. */
	trawl_err (*blobs)(void *be, int (*cb)(const char *sha, int64_t size, void *), void *u,
	                   trawl_diag *d);
	/* trawl rm (sqlite_rm.c). The documents of the latest bytes seen at
	 * path (as given, or by real path, may be NULL): cb(id). */
	trawl_err (*path_docs)(void *be, const char *path, const char *real,
	                       int (*cb)(const char *id, void *), void *u, trawl_diag *d);
	/* cb(sha, a path it was seen at) for each blob seen at a path or real
	 * path that matches glob (GLOB); then deletes those sightings, adding
	 * their number to *n. */
	trawl_err (*forget_paths)(void *be, const char *glob, uint64_t *n,
	                          int (*cb)(const char *sha, const char *path, void *), void *u,
	                          trawl_diag *d);
	/* *seen: blob sha is still seen at some path. */
	trawl_err (*blob_seen)(void *be, const char *sha, int *seen, trawl_diag *d);
	/* The documents of blob sha: cb(id). */
	trawl_err (*blob_docs)(void *be, const char *sha,
	                       int (*cb)(const char *id, void *), void *u, trawl_diag *d);
	/* Removes document id with its units, index entries, facts and
	 * fields; the blob and its sightings go with its last document
	 * (*blob_gone), else a tombstone keeps refresh from bringing it back. */
	trawl_err (*remove_doc)(void *be, const char *id, const char *now, int *blob_gone,
	                        trawl_diag *d);
	/* ---- browsing (the web app) ---- */
	/* Changes whenever a change is committed, by any connection. */
	trawl_err (*data_version)(void *be, int64_t *v, trawl_diag *d);
	/* The documents q, o->since and o->filter find: cb(docs rowid, its
	 * matching units), each document once. (Used by trawl_facets_count
	 * when facet_counts is NULL.) */
	trawl_err (*match_docs)(void *be, const trawl__query *q, const trawl_search_opts *o,
	                        int (*cb)(int64_t doc, int64_t units, void *), void *u,
	                        trawl_diag *d);
	/* Every document's facet values: cb(rowid, kind, year, place, format,
	 * currency, amount); then every party of role vendor, issuer or buyer:
	 * party(rowid, role, name). */
	trawl_err (*facet_rows)(void *be,
	                        int (*cb)(int64_t doc, const char *kind, int year,
	                                  const char *place, const char *format,
	                                  const char *currency, const char *amount, void *),
	                        int (*party)(int64_t doc, const char *role, const char *name,
	                                     void *), void *u, trawl_diag *d);
	/* The positioned lines of unit `page` of document id: cb(start, end,
	 * x0, y0, x1, y1), by position in the text. */
	trawl_err (*spans)(void *be, const char *id, int page,
	                   int (*cb)(uint32_t start, uint32_t end, float x0, float y0,
	                             float x1, float y1, void *), void *u, trawl_diag *d);
	/* Counts what facts() would list, limit and offset aside. */
	trawl_err (*facts_count)(void *be, const trawl_facts_opts *o, const trawl__query *q,
	                         uint64_t *n, trawl_diag *d);
	/* ---- version 5: the search index (docs/design.md, "The search index") ---- */
	/* What the user should hear about the store as opened (an upgrade; a
	 * fill of users' words that has not ended), or NULL. */
	const char *(*notice)(void *be);
	/* The facet counts of the documents q, o->since and o->filter find, as
	 * trawl_facets_count gives them (dimensions in its order, values by
	 * count then name, years newest first, at most max_values each); st
	 * gets the matching units and documents. NULL: trawl_facets_count
	 * counts match_docs against a snapshot of facet_rows. */
	trawl_err (*facet_counts)(void *be, const trawl__query *q, const trawl_search_opts *o,
	                          int max_values, int (*cb)(const trawl_facet *, void *), void *u,
	                          trawl_search_stats *st, trawl_diag *d);
	/* ---- version 7: the PostgreSQL backend's ops (originals,
	 * collections and users, trawl copy) and search_facets ---- */
	/* ---- originals kept by the backend (NULL: in the store's folder,
	 * objects.c) ---- */
	/* Stores bytes under their hash, whole or not at all; a no-op when
	 * present. May be called from any thread. */
	trawl_err (*obj_put)(void *be, const char *sha256, const void *data, size_t len,
	                     trawl_diag *d);
	/* Writes the original to a new file at path, every part of it checked
	 * against its hash (ECORRUPT: it does not match; ENOTFOUND: absent). */
	trawl_err (*obj_get)(void *be, const char *sha256, const char *path, trawl_diag *d);
	/* Every stored original: cb(sha256). */
	trawl_err (*obj_walk)(void *be, int (*cb)(const char *sha, void *), void *u,
	                      trawl_diag *d);
	/* trawl gc: deletes (unless dry_run) the originals no blob names;
	 * *n gets how many, *bytes the space freed. ESTORE while an add that
	 * stores originals is running. */
	trawl_err (*obj_gc)(void *be, int dry_run, uint64_t *n, uint64_t *bytes, trawl_diag *d);
	/* ---- collections and users (NULL: a store of one user) ---- */
	/* The collection of what the next adds store: name, or when NULL the
	 * one of roots[0..n) (the paths given to add, kept by the caller) that
	 * holds the file. */
	trawl_err (*set_collections)(void *be, const char *name, const char *const *roots,
	                             size_t n, trawl_diag *d);
	/* trawl admin ARGS: users, rights, collections, the audit; out gets
	 * each line of what it lists. */
	trawl_err (*admin)(void *be, int argc, const char *const *argv,
	                   int (*out)(const char *line, void *), void *u, trawl_diag *d);
	/* trawl_store_set_user: later calls act as user (NULL: the store's own
	 * role). */
	trawl_err (*set_user)(void *be, const char *user, trawl_diag *d);
	/* ---- trawl copy ---- */
	/* Every row of table (TRAWL__COPY_*) in the order stored: cb(row). */
	trawl_err (*copy_out)(void *be, int table, int (*cb)(const trawl__row *, void *),
	                      void *u, trawl_diag *d);
	/* Adds one row (in a write transaction); table TRAWL__COPY_N (r NULL)
	 * says every row is in: the backend indexes what it does not index
	 * row by row. */
	trawl_err (*copy_in)(void *be, int table, const trawl__row *r, trawl_diag *d);
	/* one evaluation of the query for hits and facets (version 7) */
	/* Non-zero when search honours o->facet: the facet counts of the
	 * documents it finds, as facet_counts would give them, from the same
	 * evaluation of the query, before the first hit. 0: trawl_search
	 * counts them first through trawl_facets_count, then searches. */
	int search_facets;
	/* What a search of the session's user may miss now, or NULL (NULL op:
	 * nothing): trawl_store_search_notice. */
	const char *(*search_notice)(void *be);
} trawl__store_ops;

#define TRAWL__STORE_OPS_VERSION 7

extern const trawl__store_ops trawl__store_sqlite;
extern const trawl__store_ops trawl__store_pg;

struct trawl_store {
	const trawl__store_ops *ops;
	void *be;
	char *dir;
	char *objects;  /* dir/objects */
	char *tmp;      /* dir/tmp */
	char *scratch;  /* a store in a database: a private temporary folder
	                   holding objects/ (originals fetched to read them)
	                   and tmp/, removed on close; else NULL */
	int readonly;   /* opened with trawl_store_open_readonly */
};

/* An advisory lock on the store's objects folder (flock(2): LOCK_SH for
 * an add, which writes originals before the database knows them,
 * LOCK_EX | LOCK_NB for gc, which deletes those it does not know). The
 * held descriptor, or -1 (errno says why). */
int trawl__store_lock(const trawl_store *s, int how);
void trawl__store_unlock(int fd);

/* The original-file folder (objects.c). */
/* Path of the object for sha256 into out. */
void trawl__object_path(const trawl_store *s, const char *sha256, char *out, size_t n);
/* Stores bytes under their hash (atomic: temp file + rename); a no-op when
 * present. */
trawl_err trawl__object_put(const trawl_store *s, const char *sha256,
                            const void *data, size_t len, trawl_diag *d);
/* A file holding the original of sha256, for reading: its object in the
 * store's folder, or a copy fetched from the database (checked against
 * its hash) into the scratch folder. */
trawl_err trawl__object_local(const trawl_store *s, const char *sha256, char *out, size_t n,
                              trawl_diag *d);
/* Removes a scratch folder and all it holds. */
void trawl__scratch_remove(const char *dir);
/* Flushes written objects to disk before the database commits them. */
void trawl__objects_sync(const trawl_store *s);
/* Removes what crashed or killed runs left in the tmp folder: files and
 * reader folders whose process is gone. */
void trawl__tmp_clean(const trawl_store *s);
/* Whether a document's amount adds several figures: it differs from the
 * value of the fact it names (value, the first it added); amount and text
 * as trawl_doc_info has them. */
int trawl__amount_is_sum(const char *amount, const char *text, const char *value);
/* Whether di (its amount and source read) states its amount's figure
 * without a unit or currency: no amount, source "unstated". */
int trawl__amount_unstated(const trawl_doc_info *di);
/* Walks the object folder: cb gets each object's sha256 (64 hex). */
trawl_err trawl__objects_walk(const trawl_store *s, int (*cb)(const char *sha, void *),
                              void *u);
#endif
