/* trawl rm and trawl gc on the PostgreSQL backend (as sqlite_rm.c): a
 * document goes with its units, index entries, facts, fields and
 * collections; its file's row and sightings go with the file's last
 * document, else a tombstone (removed) keeps refresh from bringing it
 * back. The original's chunks stay until trawl gc.
 *
 * Both are for the store's owner: under row-level security a user sees
 * only some documents, so "no document refers to this original" could
 * not be told, and a user's rights are to add and read, not to take
 * out what others added. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/pg_be.h"
#include "util/diag.h"
#include "util/banned.h"

/* The advisory lock (class, key) every writer of originals holds shared
 * for its session and trawl gc takes alone (as flock on a folder store's
 * objects/). */
#define GC_LOCK "7419, 1"

/* TRAWL_OK when this session's role owns the store (sees every row). */
static trawl_err owner_only(pg_be *b, const char *cmd, trawl_diag *d)
{
	PGresult *r;
	int own;

	if (b->is_owner > 0)
		return TRAWL_OK;
	if (!(r = trawl__pg_exec(b, b->db, "SELECT tableowner = current_user FROM pg_tables WHERE "
	                         "tablename = 'docs' AND schemaname = current_schema()", NULL, d,
	                         "looking up the store's owner")))
		return TRAWL_ESTORE;
	own = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	if (!own) {
		trawl__diag_set(d, NULL, "%s on a PostgreSQL store is for the role that owns it "
		                "(a user sees only the collections granted)", cmd);
		return TRAWL_EUSAGE;
	}
	b->is_owner = 1;
	return TRAWL_OK;
}

/* cb(column 0) for each row of sql with p. */
static trawl_err each_text(pg_be *b, const char *sql, const pg_params *p,
                           int (*cb)(const char *, void *), void *u, trawl_diag *d,
                           const char *what)
{
	PGresult *r;

	if (!(r = trawl__pg_exec(b, b->db, sql, p, d, what)))
		return b->last_err ? b->last_err : TRAWL_ESTORE;
	for (int i = 0; i < PQntuples(r); i++)
		if (cb(PQgetvalue(r, i, 0), u))
			break;
	PQclear(r);
	return TRAWL_OK;
}

trawl_err trawl__pg_path_docs(void *be, const char *path, const char *real,
                              int (*cb)(const char *id, void *), void *u, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	trawl_err rc;

	if ((rc = owner_only(b, "trawl rm", d)))
		return rc;
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, path);
	trawl__pg_text(&p, 2, real);
	return each_text(b, "SELECT d.id FROM docs d WHERE d.sha256 = (SELECT sha256 FROM "
	                 "sightings WHERE path = $1 OR realpath = $2 OR right(path, length($1) + 1) "
	                 "= '/' || $1 ORDER BY (path = $1 OR realpath IS NOT DISTINCT FROM $2) DESC, "
	                 "id DESC LIMIT 1) ORDER BY d.seq", &p, cb, u, d,
	                 "finding the documents of a path");
}

trawl_err trawl__pg_blob_docs(void *be, const char *sha, int (*cb)(const char *id, void *),
                              void *u, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, sha);
	return each_text(b, "SELECT id FROM docs WHERE sha256 = $1 ORDER BY seq", &p, cb, u, d,
	                 "finding the documents of a file");
}

/* SQLite's GLOB (*, ?, [...], [^...]; case-sensitive, whole string) as an
 * anchored POSIX regular expression. */
static trawl_err glob_regex(const char *g, trawl__buf *out)
{
	trawl__buf_addc(out, '^');
	for (; *g; g++) {
		if (*g == '*') {
			trawl__buf_adds(out, ".*");
		} else if (*g == '?') {
			trawl__buf_addc(out, '.');
		} else if (*g == '[' && strchr(g + 1, ']')) {
			/* a class: as written, ] first is a member, [^ negates */
			const char *e = g + 1;
			if (*e == '^')
				e++;
			if (*e == ']')
				e++;
			e = strchr(e, ']');
			if (!e) {
				trawl__buf_adds(out, "\\[");
				continue;
			}
			trawl__buf_addc(out, '[');
			for (const char *c = g + 1; c < e; c++) {
				if (*c == '\\')
					trawl__buf_addc(out, '\\');
				trawl__buf_addc(out, *c);
			}
			trawl__buf_addc(out, ']');
			g = e;
		} else {
			if (strchr("\\.^$|()[]{}+*?", *g))
				trawl__buf_addc(out, '\\');
			trawl__buf_addc(out, *g);
		}
	}
	return trawl__buf_addc(out, '$');
}

trawl_err trawl__pg_forget_paths(void *be, const char *glob, uint64_t *n,
                                 int (*cb)(const char *sha, const char *path, void *), void *u,
                                 trawl_diag *d)
{
	static const char what[] = "forgetting the paths";
	pg_be *b = be;
	trawl__buf re;
	pg_params p;
	PGresult *r;
	trawl_err rc;

	if ((rc = owner_only(b, "trawl rm", d)))
		return rc;
	trawl__buf_init(&re, 0);
	if ((rc = glob_regex(glob, &re)))
		goto out;
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, re.data);
	/* each file first, with a path it was seen at, then its sightings go */
	if (!(r = trawl__pg_exec(b, b->db, "SELECT sha256, min(path) FROM sightings WHERE "
	                         "path ~ $1 OR realpath ~ $1 GROUP BY sha256 ORDER BY sha256", &p, d,
	                         what))) {
		rc = b->last_err;
		goto out;
	}
	for (int i = 0; i < PQntuples(r); i++)
		if (cb(PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), u))
			break;
	PQclear(r);
	if (!(r = trawl__pg_exec(b, b->db, "DELETE FROM sightings WHERE path ~ $1 OR realpath ~ $1",
	                         &p, d, what))) {
		rc = b->last_err;
		goto out;
	}
	*n += (uint64_t)strtoull(PQcmdTuples(r), NULL, 10);
	PQclear(r);
out:
	trawl__buf_release(&re);
	return rc;
}

trawl_err trawl__pg_blob_seen(void *be, const char *sha, int *seen, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, sha);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT EXISTS (SELECT 1 FROM sightings WHERE "
	                         "sha256 = $1)", &p, d, "looking up a file's paths")))
		return TRAWL_ESTORE;
	*seen = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	return TRAWL_OK;
}

trawl_err trawl__pg_remove_doc(void *be, const char *id, const char *now, int *blob_gone,
                               trawl_diag *d)
{
	static const char what[] = "removing a document";
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	char sha[65];
	int64_t rid, left;
	int indexed;
	trawl_err rc;

	*blob_gone = 0;
	if ((rc = owner_only(b, "trawl rm", d)))
		return rc;
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, id);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT rid, sha256, indexed FROM docs WHERE id = $1",
	                         &p, d, what)))
		return TRAWL_ESTORE;
	if (!PQntuples(r)) {
		PQclear(r);
		return TRAWL_ENOTFOUND;
	}
	rid = trawl__pg_i64(r, 0, 0);
	snprintf(sha, sizeof sha, "%s", PQgetvalue(r, 0, 1));
	indexed = (int)trawl__pg_i64(r, 0, 2);
	PQclear(r);
	/* a writer adding these bytes finishes first (its lock is the one a
	 * writer takes on the bytes: pg.c) */
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, sha);
	if ((rc = trawl__pg_run(b, b->db, "SELECT pg_advisory_xact_lock(2, hashtext($1))", &p, d,
	                        what)))
		return rc;
	trawl__pg_params_init(&p);
	trawl__pg_int(&p, 1, rid);
	/* (docs.rid comes from a sequence: no later document gets this one's
	 * number, so a watch's mark stays true) */
	if ((rc = trawl__pg_drop_doc_rows(b, rid, indexed, what, d)) ||
	    (rc = trawl__pg_run(b, b->db, "DELETE FROM doc_collections WHERE doc = $1::bigint", &p, d,
	                        what)) ||
	    (rc = trawl__pg_run(b, b->db, "DELETE FROM docs WHERE rid = $1::bigint", &p, d, what)))
		return rc;
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, sha);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT count(*) FROM docs WHERE sha256 = $1", &p, d,
	                         what)))
		return TRAWL_ESTORE;
	left = trawl__pg_i64(r, 0, 0);
	PQclear(r);
	if (left) {
		/* the file's other documents stay; this one stays out of a refresh */
		trawl__pg_text(&p, 2, id);
		trawl__pg_text(&p, 3, now);
		if ((rc = trawl__pg_run(b, b->db, "UPDATE blobs SET ndocs = (SELECT count(*) FROM docs "
		                        "WHERE sha256 = $1) WHERE sha256 = $1", &p, d, what)))
			return rc;
		return trawl__pg_run(b, b->db, "INSERT INTO removed(id, sha256, removed_at) VALUES($2, "
		                     "$1, $3) ON CONFLICT (id) DO UPDATE SET removed_at = $3", &p, d,
		                     what);
	}
	*blob_gone = 1;
	if ((rc = trawl__pg_run(b, b->db, "DELETE FROM sightings WHERE sha256 = $1", &p, d, what)) ||
	    (rc = trawl__pg_run(b, b->db, "DELETE FROM removed WHERE sha256 = $1", &p, d, what)))
		return rc;
	return trawl__pg_run(b, b->db, "DELETE FROM blobs WHERE sha256 = $1", &p, d, what);
}

trawl_err trawl__pg_obj_lock(pg_be *b, trawl_diag *d)
{
	trawl_err rc;

	if (b->obj_locked)
		return TRAWL_OK;
	rc = trawl__pg_run(b, b->wdb, "SELECT pg_advisory_lock_shared(" GC_LOCK ")", NULL, d,
	                   "storing the original");
	b->obj_locked = !rc;
	return rc;
}

trawl_err trawl__pg_obj_gc(void *be, int dry_run, uint64_t *n, uint64_t *bytes, trawl_diag *d)
{
	static const char what[] = "deleting the originals no document refers to";
	pg_be *b = be;
	PGresult *r;
	trawl_err rc;
	int got;

	*n = *bytes = 0;
	if ((rc = owner_only(b, "trawl gc", d)))
		return rc;
	/* an add stores originals before its batch names them */
	if (!(r = trawl__pg_exec(b, b->db, "SELECT pg_try_advisory_lock(" GC_LOCK ")", NULL, d,
	                         what)))
		return TRAWL_ESTORE;
	got = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	if (!got) {
		trawl__diag_set(d, NULL, "a trawl add is running on this store; run gc when it is done");
		return TRAWL_ESTORE;
	}
	/* the originals no blob names, then the chunks no original holds (a
	 * chunk two originals share stays while one of them does) */
	if ((rc = trawl__pg_run(b, b->db, "BEGIN", NULL, d, what)))
		goto unlock;
	if (!(r = trawl__pg_exec(b, b->db,
	                         "WITH o AS (DELETE FROM objects WHERE sha256 NOT IN (SELECT sha256 "
	                         "FROM blobs) RETURNING sha256, chunk), c AS (DELETE FROM chunks WHERE "
	                         "NOT EXISTS (SELECT 1 FROM objects x WHERE x.chunk = chunks.hash AND "
	                         "x.sha256 IN (SELECT sha256 FROM blobs)) RETURNING size) "
	                         "SELECT (SELECT count(DISTINCT sha256) FROM o), "
	                         "(SELECT coalesce(sum(size), 0) FROM c)", NULL, d, what))) {
		rc = TRAWL_ESTORE;
		trawl__pg_run(b, b->db, "ROLLBACK", NULL, NULL, what);
		goto unlock;
	}
	*n = (uint64_t)trawl__pg_i64(r, 0, 0);
	*bytes = (uint64_t)trawl__pg_i64(r, 0, 1);
	PQclear(r);
	rc = trawl__pg_run(b, b->db, dry_run ? "ROLLBACK" : "COMMIT", NULL, d, what);
	if (rc)
		*n = *bytes = 0;
unlock:
	trawl__pg_run(b, b->db, "SELECT pg_advisory_unlock(" GC_LOCK ")", NULL, NULL, what);
	return rc;
}
