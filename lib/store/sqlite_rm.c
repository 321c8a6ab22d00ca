/* trawl rm on the SQLite backend: a document goes with everything stored
 * for it (units, index entries, facts, fields); its file's row and
 * sightings go with the file's last document. The original stays in
 * objects/ for trawl gc. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/sqlite_be.h"
#include "store/sqlite_index.h"
#include "util/diag.h"
#include "util/banned.h"

/* TRAWL_ESTORE (TRAWL_ENOMEM), with what failed and SQLite's word for it
 * in d. */
static trawl_err fail(sqlite_be *b, trawl_diag *d, const char *what)
{
	return trawl__sq_err(b->db, d, what);
}

/* Calls cb with column 0 of each row of st (bound by the caller), then
 * finalizes it. */
static trawl_err each_text(sqlite_be *b, sqlite3_stmt *st, int (*cb)(const char *, void *),
                           void *u, trawl_diag *d)
{
	trawl_err rc = TRAWL_OK;
	int r;

	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if (cb(col(st, 0), u))
			break;
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = fail(b, d, "listing the documents to remove");
	sqlite3_finalize(st);
	return rc;
}

trawl_err trawl__sq_path_docs(void *be, const char *path, const char *real,
                              int (*cb)(const char *id, void *), void *u, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(b->db, "SELECT d.id FROM docs d WHERE d.sha256 = (SELECT sha256 "
	                       "FROM sightings WHERE path = ?1 OR realpath = ?2 OR "
	                       "substr(path, -length(?1) - 1) = '/' || ?1 ORDER BY "
	                       "(path = ?1 OR realpath = ?2) DESC, id DESC LIMIT 1) ORDER BY d.seq",
	                       -1, &st, NULL))
		return fail(b, d, "finding the documents of a path");
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, real, -1, SQLITE_STATIC);
	return each_text(b, st, cb, u, d);
}

trawl_err trawl__sq_blob_docs(void *be, const char *sha, int (*cb)(const char *id, void *),
                              void *u, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(b->db, "SELECT id FROM docs WHERE sha256 = ?1 ORDER BY seq", -1,
	                       &st, NULL))
		return fail(b, d, "finding the documents of a file");
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	return each_text(b, st, cb, u, d);
}

trawl_err trawl__sq_forget_paths(void *be, const char *glob, uint64_t *n,
                                 int (*cb)(const char *sha, const char *path, void *), void *u,
                                 trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *st = NULL;
	int r;

	/* each file first, with a path it was seen at, then its sightings go */
	if (sqlite3_prepare_v2(b->db, "SELECT sha256, min(path) FROM sightings WHERE path GLOB ?1 "
	                       "OR realpath GLOB ?1 GROUP BY sha256 ORDER BY sha256", -1, &st, NULL))
		return fail(b, d, "finding the paths that match");
	sqlite3_bind_text(st, 1, glob, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if (cb(col(st, 0), col(st, 1), u))
			break;
	if (r != SQLITE_ROW && r != SQLITE_DONE) {
		fail(b, d, "finding the paths that match");
		sqlite3_finalize(st);
		return TRAWL_ESTORE;
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(b->db, "DELETE FROM sightings WHERE path GLOB ?1 OR "
	                       "realpath GLOB ?1", -1, &st, NULL))
		return fail(b, d, "forgetting the paths");
	sqlite3_bind_text(st, 1, glob, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	sqlite3_finalize(st);
	if (r != SQLITE_DONE)
		return fail(b, d, "forgetting the paths");
	*n += (uint64_t)sqlite3_changes(b->db);
	return TRAWL_OK;
}

trawl_err trawl__sq_blob_seen(void *be, const char *sha, int *seen, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *st = NULL;
	int r;

	if (sqlite3_prepare_v2(b->db, "SELECT EXISTS (SELECT 1 FROM sightings WHERE sha256 = ?1)",
	                       -1, &st, NULL))
		return fail(b, d, "looking up a file's paths");
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		*seen = sqlite3_column_int(st, 0);
	else
		fail(b, d, "looking up a file's paths");
	sqlite3_finalize(st);
	return r == SQLITE_ROW ? TRAWL_OK : TRAWL_ESTORE;
}

/* Runs sql with ?1 bound to text a (or, when a is NULL, to v), ?2 to b2
 * and ?3 to c3 (each when not NULL). */
static trawl_err run3(sqlite_be *b, const char *sql, const char *a, sqlite3_int64 v,
                      const char *b2, const char *c3, trawl_diag *d)
{
	sqlite3_stmt *st = NULL;
	int r;

	if (sqlite3_prepare_v2(b->db, sql, -1, &st, NULL))
		return fail(b, d, "removing a document");
	if (a)
		sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, v);
	if (b2)
		sqlite3_bind_text(st, 2, b2, -1, SQLITE_STATIC);
	if (c3)
		sqlite3_bind_text(st, 3, c3, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	if (r != SQLITE_DONE)
		fail(b, d, "removing a document");
	sqlite3_finalize(st);
	return r == SQLITE_DONE ? TRAWL_OK : TRAWL_ESTORE;
}

trawl_err trawl__sq_remove_doc(void *be, const char *id, const char *now, int *blob_gone,
                               trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *st = NULL;
	sqlite3_int64 rowid, left;
	char sha[65];
	int r;
	trawl_err rc;

	*blob_gone = 0;
	if (sqlite3_prepare_v2(b->db, "SELECT rowid, sha256 FROM docs WHERE id = ?1", -1,
	                       &st, NULL))
		return fail(b, d, "finding the document to remove");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	if (r != SQLITE_ROW) {
		rc = r == SQLITE_DONE ? TRAWL_ENOTFOUND : fail(b, d, "finding the document to remove");
		sqlite3_finalize(st);
		return rc;
	}
	rowid = sqlite3_column_int64(st, 0);
	snprintf(sha, sizeof sha, "%s", col(st, 1));
	sqlite3_finalize(st);
	/* out of the search index and the facets first (the facets read its
	 * row); the highest rowid given is kept, so that no later document gets
	 * this one's (a watch's mark is a rowid) */
	if ((rc = trawl__sqix_delete(b, rowid, d)) || (rc = trawl__sqix_facet_doc(b, rowid, -1, d)) ||
	    (rc = run3(b, "DELETE FROM units WHERE doc = ?1", id, 0, NULL, NULL, d)) ||
	    (rc = run3(b, "DELETE FROM facts WHERE" FACTS_OF_SQL("id", "?1"), NULL, rowid, NULL,
	               NULL, d)) ||
	    (rc = run3(b, "DELETE FROM fields WHERE doc = ?1", id, 0, NULL, NULL, d)) ||
	    (rc = run3(b, "DELETE FROM docs WHERE rowid = ?1", NULL, rowid, NULL, NULL, d)) ||
	    (rc = run3(b, "INSERT INTO meta(key, value) VALUES('docs_hwm', ?1) ON CONFLICT(key) "
	               "DO UPDATE SET value = max(CAST(value AS INTEGER), excluded.value)", NULL,
	               rowid, NULL, NULL, d)))
		return rc;
	if (sqlite3_prepare_v2(b->db, "SELECT count(*) FROM docs WHERE sha256 = ?1", -1, &st, NULL))
		return fail(b, d, "counting a file's documents");
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		fail(b, d, "counting a file's documents");
		sqlite3_finalize(st);
		return TRAWL_ESTORE;
	}
	left = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (left) {
		/* the file's other documents stay; this one stays out of a refresh */
		if ((rc = run3(b, "UPDATE blobs SET ndocs = (SELECT count(*) FROM docs WHERE "
		               "sha256 = ?1) WHERE sha256 = ?1", sha, 0, NULL, NULL, d)))
			return rc;
		return run3(b, "INSERT OR REPLACE INTO removed(id, sha256, removed_at) "
		            "VALUES(?1, ?2, ?3)", id, 0, sha, now, d);
	}
	*blob_gone = 1;
	if ((rc = run3(b, "DELETE FROM sightings WHERE sha256 = ?1", sha, 0, NULL, NULL, d)) ||
	    (rc = run3(b, "DELETE FROM removed WHERE sha256 = ?1", sha, 0, NULL, NULL, d)))
		return rc;
	return run3(b, "DELETE FROM blobs WHERE sha256 = ?1", sha, 0, NULL, NULL, d);
}
