/* The originals in a PostgreSQL store: nothing depends on a shared file
 * system. An original (an object, named by the SHA-256 of its bytes) is
 * a list of chunks of at most CHUNK bytes, each stored once under its own
 * SHA-256, so the same bytes in several originals are kept once. The
 * chunks are written first, each on its own; the object's list of chunks
 * last, in one statement: an object is whole or absent. trawl verify
 * re-hashes every chunk and every object. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "store/pg_be.h"
#include "util/diag.h"
#include "util/hash.h"
#include "util/banned.h"

#define CHUNK (1024 * 1024)

/* An insert that may find its rows there already (another writer's, maybe
 * one this user can't read): a unique violation is success. (ON CONFLICT
 * would, under row-level security, want the new rows readable.) */
static trawl_err insert_once(pg_be *b, const char *sql, const pg_params *p, trawl_diag *d,
                             const char *what)
{
	PGresult *r = PQexecParams(b->wdb, sql, p->n, p->type, p->v, p->len, p->fmt, 0);
	const char *st = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	trawl_err rc = TRAWL_OK;

	if (!r || (PQresultStatus(r) != PGRES_COMMAND_OK && !(st && !strcmp(st, "23505")))) {
		const char *m = PQerrorMessage(b->wdb);
		trawl__diag_set(d, NULL, "%s: %.*s", what, (int)strcspn(m, "\n"), m);
		rc = TRAWL_ESTORE;
	}
	PQclear(r);
	return rc;
}

trawl_err trawl__pg_obj_put(void *be, const char *sha, const void *data, size_t len,
                            trawl_diag *d)
{
	static const char what[] = "storing the original";
	pg_be *b = be;
	trawl__buf list;
	pg_params p;
	PGresult *r;
	trawl_err rc;
	size_t off = 0;

	trawl__buf_init(&list, 0);
	pthread_mutex_lock(&b->wlock);
	if ((rc = trawl__pg_wconn(b, d)) || (rc = trawl__pg_obj_lock(b, d)))
		goto out;
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, sha);
	if (!(r = trawl__pg_exec(b, b->wdb, "SELECT 1 FROM objects WHERE sha256 = $1 LIMIT 1",
	                         &p, d, what))) {
		rc = TRAWL_ESTORE;
		goto out;
	}
	if (PQntuples(r)) {
		PQclear(r);
		goto out;
	}
	PQclear(r);
	trawl__buf_addc(&list, '{');
	/* an empty original is one empty chunk */
	do {
		size_t n = len - off < CHUNK ? len - off : CHUNK;
		char h[65];
		if ((rc = trawl__sha256_hex((const char *)data + off, n, h)))
			goto out;
		trawl__pg_params_init(&p);
		trawl__pg_text(&p, 1, h);
		trawl__pg_int(&p, 2, (int64_t)n);
		trawl__pg_bytea(&p, 3, (const char *)data + off, n);
		if ((rc = insert_once(b, "INSERT INTO chunks(hash, size, data) VALUES($1, $2::int, $3)",
		                      &p, d, what)))
			goto out;
		trawl__buf_addf(&list, "%s%s", off ? "," : "", h);
		off += n;
	} while (off < len);
	if ((rc = trawl__buf_addc(&list, '}')))
		goto out;
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, sha);
	trawl__pg_text(&p, 2, list.data);
	rc = insert_once(b, "INSERT INTO objects(sha256, seq, chunk) SELECT $1, (t.o - 1)::int, t.h "
	                 "FROM unnest($2::text[]) WITH ORDINALITY AS t(h, o)", &p, d, what);
out:
	pthread_mutex_unlock(&b->wlock);
	trawl__buf_release(&list);
	return rc;
}

/* Writes the chunks of sha, each checked against its hash, to fd. */
static trawl_err write_chunks(pg_be *b, const char *sha, int fd, trawl_diag *d)
{
	static const char what[] = "reading the original";
	pg_params p;
	PGresult *r, *c = NULL;
	trawl_err rc = TRAWL_OK;
	int n;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, sha);
	if (!(r = trawl__pg_exec(b, b->wdb, "SELECT chunk FROM objects WHERE sha256 = $1 "
	                         "ORDER BY seq", &p, d, what)))
		return TRAWL_ESTORE;
	n = PQntuples(r);
	if (!n) {
		trawl__diag_set(d, NULL, "the original is not in the store");
		rc = TRAWL_ENOTFOUND;
	}
	for (int i = 0; i < n && !rc; i++) {
		const char *h = PQgetvalue(r, i, 0);
		const char *data;
		size_t len, off = 0;
		char got[65];
		trawl__pg_params_init(&p);
		trawl__pg_text(&p, 1, h);
		c = PQexecParams(b->wdb, "SELECT data FROM chunks WHERE hash = $1", 1, p.type, p.v,
		                 NULL, NULL, 1);
		if (!c || PQresultStatus(c) != PGRES_TUPLES_OK) {
			const char *m = PQerrorMessage(b->wdb);
			trawl__diag_set(d, NULL, "%s: %.*s", what, (int)strcspn(m, "\n"), m);
			rc = TRAWL_ESTORE;
			break;
		}
		if (!PQntuples(c)) {
			trawl__diag_set(d, NULL, "chunk %s of the original is missing", h);
			rc = TRAWL_ECORRUPT;
			break;
		}
		data = PQgetvalue(c, 0, 0);
		len = (size_t)PQgetlength(c, 0, 0);
		if ((rc = trawl__sha256_hex(data, len, got)))
			break;
		if (strcmp(got, h)) {
			trawl__diag_set(d, NULL, "chunk %s of the original hashes to %s", h, got);
			rc = TRAWL_ECORRUPT;
			break;
		}
		while (off < len) {
			ssize_t w = write(fd, data + off, len - off);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = trawl__diag_errno(d, NULL, errno ? errno : EIO,
				                       "can't write the original out");
				break;
			}
			off += (size_t)w;
		}
		PQclear(c);
		c = NULL;
	}
	PQclear(c);
	PQclear(r);
	return rc;
}

trawl_err trawl__pg_obj_get(void *be, const char *sha, const char *path, trawl_diag *d)
{
	pg_be *b = be;
	char tmp[4200];
	trawl_err rc;
	int fd;

	snprintf(tmp, sizeof tmp, "%s.part", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return trawl__diag_errno(d, tmp, errno, "can't write the original out");
	pthread_mutex_lock(&b->wlock);
	rc = trawl__pg_wconn(b, d);
	if (!rc)
		rc = write_chunks(b, sha, fd, d);
	pthread_mutex_unlock(&b->wlock);
	if (close(fd) < 0 && !rc)
		rc = trawl__diag_errno(d, tmp, errno, "can't write the original out");
	if (!rc && rename(tmp, path) < 0)
		rc = trawl__diag_errno(d, path, errno, "can't write the original out");
	if (rc)
		unlink(tmp);
	return rc;
}

trawl_err trawl__pg_obj_walk(void *be, int (*cb)(const char *sha, void *), void *u,
                             trawl_diag *d)
{
	pg_be *b = be;
	PGresult *r;

	if (!(r = trawl__pg_exec(b, b->db, "SELECT DISTINCT sha256 FROM objects ORDER BY 1", NULL,
	                         d, "listing the stored originals")))
		return TRAWL_ESTORE;
	for (int i = 0; i < PQntuples(r); i++)
		if (cb(PQgetvalue(r, i, 0), u))
			break;
	PQclear(r);
	return TRAWL_OK;
}
