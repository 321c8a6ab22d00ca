/* Collections, users and their rights on a PostgreSQL store, enforced by
 * PostgreSQL's row-level security, and the audit table.
 *
 * Every document belongs to one or more collections (doc_collections).
 * A user is a PostgreSQL role with rights (read or write) on collections
 * (grants). The policies below let a user's session see a document, its
 * units, facts, fields, originals and sightings only through a collection
 * the user may read: every trawl command and a raw SQL session alike. The
 * role that made the store owns the tables and sees everything. The
 * partitions of the large tables are not granted to users at all: a
 * query on a partition would skip its parent's policies. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/pg_be.h"
#include "util/diag.h"
#include "util/banned.h"

/* (as in pg.c) */
#define T "text COLLATE \"C\""
#define VISIBLE(tab, col) "EXISTS (SELECT 1 FROM doc_collections dc WHERE dc.doc = " tab "." col ")"
#define SHA_VISIBLE(tab) "EXISTS (SELECT 1 FROM docs d WHERE d.sha256 = " tab ".sha256)"
#define MAY_WRITE "EXISTS (SELECT 1 FROM grants g WHERE g.rights = 'write')"
#define MAY_WRITE_DOC(tab, col) "EXISTS (SELECT 1 FROM doc_collections dc JOIN grants g ON " \
	"g.collection = dc.collection WHERE dc.doc = " tab "." col " AND g.rights = 'write')"

static const char access_schema[] =
	"CREATE TABLE IF NOT EXISTS doc_collections(doc bigint NOT NULL, collection " T " NOT NULL,\n"
	"  PRIMARY KEY(doc, collection));\n"
	"CREATE INDEX IF NOT EXISTS doc_collections_name ON doc_collections(collection);\n"
	"CREATE TABLE IF NOT EXISTS grants(role " T " NOT NULL, collection " T " NOT NULL,\n"
	"  rights " T " NOT NULL CHECK (rights IN ('read', 'write')), PRIMARY KEY(role, collection));\n"
	"CREATE TABLE IF NOT EXISTS audit(id bigserial PRIMARY KEY, at timestamptz NOT NULL\n"
	"  DEFAULT now(), who " T " NOT NULL DEFAULT current_user, action " T " NOT NULL,\n"
	"  detail text);\n"
	/* a user's own rights; the collections they may read */
	"ALTER TABLE grants ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY own ON grants FOR SELECT USING (role = current_user);\n"
	"ALTER TABLE doc_collections ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY readable ON doc_collections FOR SELECT USING (EXISTS (SELECT 1 FROM grants g\n"
	"  WHERE g.collection = doc_collections.collection));\n"
	"CREATE POLICY writable ON doc_collections FOR INSERT WITH CHECK (EXISTS (SELECT 1 FROM\n"
	"  grants g WHERE g.collection = doc_collections.collection AND g.rights = 'write'));\n"
	"ALTER TABLE audit ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY own ON audit FOR SELECT USING (who = current_user);\n"
	"CREATE POLICY own_add ON audit FOR INSERT WITH CHECK (who = current_user);\n"
	/* the documents and what hangs off them */
	"ALTER TABLE docs ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY readable ON docs FOR SELECT USING (" VISIBLE("docs", "rid") ");\n"
	"CREATE POLICY add ON docs FOR INSERT WITH CHECK (" MAY_WRITE ");\n"
	"CREATE POLICY change ON docs FOR UPDATE USING (" MAY_WRITE_DOC("docs", "rid") ");\n"
	"ALTER TABLE units ENABLE ROW LEVEL SECURITY;\n"
	"ALTER TABLE unit_parts ENABLE ROW LEVEL SECURITY;\n"
	"ALTER TABLE facts ENABLE ROW LEVEL SECURITY;\n"
	"ALTER TABLE fields ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY readable ON units FOR SELECT USING (" VISIBLE("units", "doc") ");\n"
	"CREATE POLICY readable ON unit_parts FOR SELECT USING (" VISIBLE("unit_parts", "doc") ");\n"
	"CREATE POLICY readable ON facts FOR SELECT USING (" VISIBLE("facts", "doc") ");\n"
	"CREATE POLICY readable ON fields FOR SELECT USING (" VISIBLE("fields", "doc") ");\n"
	"CREATE POLICY add ON units FOR INSERT WITH CHECK (" MAY_WRITE ");\n"
	"CREATE POLICY add ON unit_parts FOR INSERT WITH CHECK (" MAY_WRITE ");\n"
	"CREATE POLICY add ON facts FOR INSERT WITH CHECK (" MAY_WRITE ");\n"
	"CREATE POLICY add ON fields FOR INSERT WITH CHECK (" MAY_WRITE ");\n"
	"CREATE POLICY remove ON units FOR DELETE USING (" MAY_WRITE_DOC("units", "doc") ");\n"
	"CREATE POLICY remove ON unit_parts FOR DELETE USING (" MAY_WRITE_DOC("unit_parts", "doc") ");\n"
	"CREATE POLICY remove ON facts FOR DELETE USING (" MAY_WRITE_DOC("facts", "doc") ");\n"
	"CREATE POLICY remove ON fields FOR DELETE USING (" MAY_WRITE_DOC("fields", "doc") ");\n"
	/* the originals, their records and where they were seen: through a
	 * document of those bytes the user may read */
	"ALTER TABLE blobs ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY readable ON blobs FOR SELECT USING (" SHA_VISIBLE("blobs") ");\n"
	"CREATE POLICY add ON blobs FOR INSERT WITH CHECK (" MAY_WRITE ");\n"
	"CREATE POLICY change ON blobs FOR UPDATE USING (" SHA_VISIBLE("blobs") " AND " MAY_WRITE ");\n"
	"ALTER TABLE sightings ENABLE ROW LEVEL SECURITY;\n"
	/* where a file was seen is told only to readers of the collection it
	 * was added to: the same bytes in another collection do not say so */
	"CREATE POLICY readable ON sightings FOR SELECT USING (EXISTS (SELECT 1 FROM grants g\n"
	"  WHERE g.collection = sightings.collection));\n"
	"CREATE POLICY add ON sightings FOR INSERT WITH CHECK (" MAY_WRITE ");\n"
	"ALTER TABLE objects ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY readable ON objects FOR SELECT USING (" SHA_VISIBLE("objects") ");\n"
	"CREATE POLICY add ON objects FOR INSERT WITH CHECK (" MAY_WRITE ");\n"
	"ALTER TABLE chunks ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY readable ON chunks FOR SELECT USING (EXISTS (SELECT 1 FROM objects o\n"
	"  WHERE o.chunk = chunks.hash));\n"
	"CREATE POLICY add ON chunks FOR INSERT WITH CHECK (" MAY_WRITE ");\n"
	TRAWL__PG_REMOVED_RLS
	"ALTER TABLE fts_stats ENABLE ROW LEVEL SECURITY;\n"
	"CREATE POLICY readable ON fts_stats FOR SELECT USING (true);\n"
	"CREATE POLICY add ON fts_stats FOR INSERT WITH CHECK (" MAY_WRITE ");\n"
	TRAWL__PG_COLLECT_FN;

trawl_err trawl__pg_act_as(pg_be *b, PGconn *c, trawl_diag *d)
{
	trawl__buf sql;
	char *id;
	trawl_err rc;

	if (!b->role)
		return trawl__pg_run(b, c, "RESET ROLE", NULL, d, "acting as the store's own role");
	if (!(id = PQescapeIdentifier(c, b->role, strlen(b->role))))
		return TRAWL_ENOMEM;
	trawl__buf_init(&sql, 0);
	trawl__buf_addf(&sql, "SET ROLE %s", id);
	PQfreemem(id);
	rc = pg_buf_bad(&sql) ? TRAWL_ENOMEM
	                      : trawl__pg_run(b, c, sql.data, NULL, d, "acting as the user");
	trawl__buf_release(&sql);
	return rc;
}

trawl_err trawl__pg_set_user(void *be, const char *user, trawl_diag *d)
{
	pg_be *b = be;
	pg_params p;
	PGresult *r;
	trawl_err rc;
	char *role = NULL;

	if (user) {
		/* a role the store's admin made (trawl admin user add) */
		trawl__pg_params_init(&p);
		trawl__pg_text(&p, 1, user);
		if ((rc = trawl__pg_run(b, b->db, "RESET ROLE", NULL, d, "looking up the user")))
			return rc;
		if (!(r = trawl__pg_exec(b, b->db, "SELECT 1 FROM pg_roles WHERE rolname = $1", &p, d,
		                         "looking up the user")))
			return TRAWL_ESTORE;
		rc = PQntuples(r) ? TRAWL_OK : TRAWL_ENOTFOUND;
		PQclear(r);
		if (rc) {
			trawl__diag_set(d, NULL, "the store has no user %s (trawl admin user add)", user);
			return rc;
		}
		if (!(role = trawl__strdup(user)))
			return TRAWL_ENOMEM;
	}
	free(b->role);
	b->role = role;
	b->is_owner = 0;
	/* whether this role may COPY into the row tables is asked again (a
	 * user's rows go through row-level security: trawl serve's pooled
	 * connections change roles) */
	b->copy_ok = 0;
	pthread_mutex_lock(&b->wlock);
	rc = trawl__pg_act_as(b, b->db, d);
	if (!rc && b->wdb)
		rc = trawl__pg_act_as(b, b->wdb, d);
	if (rc) {
		/* neither connection may go on as someone else: the store's own
		 * role, and a new worker connection when it is needed */
		free(b->role);
		b->role = NULL;
		trawl__pg_act_as(b, b->db, NULL);
		if (b->wdb) {
			PQfinish(b->wdb);
			b->wdb = NULL;
			b->obj_locked = 0;
		}
	}
	pthread_mutex_unlock(&b->wlock);
	/* whether users' words are still being made, as now (trawl serve
	 * tells its users so on every page: its connections stay open for
	 * hours; once made they stay, so a store that has them asks no more).
	 * Only on an idle connection (a transaction's snapshot would be old,
	 * and a failure would end it); when it can't be read (a role given
	 * rights but never made a user may not read meta), the state read
	 * last stands. */
	if (!rc && b->tsv != 1 && !b->in_txn && !b->pipe &&
	    PQtransactionStatus(b->db) == PQTRANS_IDLE)
		(void)trawl__pg_tsv_read(b, NULL);
	return rc;
}

trawl_err trawl__pg_access_schema(pg_be *b, trawl_diag *d)
{
	return trawl__pg_run(b, b->db, access_schema, NULL, d, "can't create the store schema");
}

trawl_err trawl__pg_set_collections(void *be, const char *name, const char *const *roots,
                                    size_t n, trawl_diag *d)
{
	pg_be *b = be;

	(void)d;
	free(b->collection);
	b->collection = name ? trawl__strdup(name) : NULL;
	b->roots = roots;
	b->nroots = n;
	return name && !b->collection ? TRAWL_ENOMEM : TRAWL_OK;
}

/* The collection of a file at path: the one named for the run, else the
 * path given to add that holds it (the longest), else the path itself. */
const char *trawl__pg_collection_of(pg_be *b, const char *path)
{
	const char *best = NULL;
	size_t bl = 0;

	if (b->collection)
		return b->collection;
	for (size_t i = 0; i < b->nroots; i++) {
		const char *r = b->roots[i];
		size_t n = strlen(r);
		while (n > 1 && r[n - 1] == '/')
			n--;
		if (!strncmp(path, r, n) && (path[n] == '\0' || path[n] == '/' || r[n - 1] == '/') &&
		    n > bl) {
			best = r;
			bl = n;
		}
	}
	return best ? best : path;
}

trawl_err trawl__pg_collect(pg_be *b, const char *sha, const char *path, trawl_diag *d)
{
	pg_params p;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, sha);
	trawl__pg_text(&p, 2, trawl__pg_collection_of(b, path));
	return trawl__pg_run(b, b->db, "SELECT trawl_collect($1, $2)", &p, d,
	                     "putting the document in its collection");
}

void trawl__pg_audit(pg_be *b, const char *action, const char *detail)
{
	static const char insert[] = "INSERT INTO audit(action, detail) VALUES($1, $2)";
	pg_params p;

	/* a read-only session records nothing (what it reads, it reads),
	 * unless it acts for a user (trawl serve --auth): then the one row
	 * of the audit is written in a transaction of its own, sent in one
	 * round trip with its BEGIN and COMMIT */
	if (b->readonly && (!b->role || b->in_txn))
		return;
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, action);
	trawl__pg_text(&p, 2, detail);
	if (b->readonly) {
		const char *sql[3] = { "BEGIN READ WRITE", insert, "COMMIT" };
		const pg_params *ps[3] = { NULL, &p, NULL };
		PGresult *out[3];
		if (trawl__pg_pipe_exec(b, 3, sql, ps, out, NULL, "auditing")) {
			/* (a failed statement leaves the transaction open) */
			PQclear(PQexec(b->db, "ROLLBACK"));
			return;
		}
		for (int i = 0; i < 3; i++)
			PQclear(out[i]);
		return;
	}
	PQclear(PQexecParams(b->db, insert, p.n, p.type, p.v, NULL, NULL, 0));
}

/* ---- trawl admin ---- */

typedef int (*out_fn)(const char *line, void *u);

static trawl_err admin_rows(pg_be *b, const char *sql, const pg_params *p, out_fn out, void *u,
                            trawl_diag *d)
{
	PGresult *r = trawl__pg_exec(b, b->db, sql, p, d, "admin");
	trawl__buf line;

	if (!r)
		return b->last_err;
	trawl__buf_init(&line, 0);
	for (int i = 0; i < PQntuples(r); i++) {
		trawl__buf_reset(&line);
		for (int k = 0; k < PQnfields(r); k++)
			trawl__buf_addf(&line, "%s%s", k ? "\t" : "", pg_col(r, i, k) ? pg_col(r, i, k) : "-");
		if (trawl__buf_err(&line)) {
			trawl__buf_release(&line);
			PQclear(r);
			return TRAWL_ENOMEM;
		}
		if (out(line.data ? line.data : "", u))
			break;
	}
	trawl__buf_release(&line);
	PQclear(r);
	return TRAWL_OK;
}

/* An SQL identifier: a role name as written, quoted. */
static trawl_err ident(pg_be *b, const char *name, char *out, size_t n, trawl_diag *d)
{
	char *q = PQescapeIdentifier(b->db, name, strlen(name));

	if (!q || strlen(q) >= n) {
		PQfreemem(q);
		trawl__diag_set(d, NULL, "the user name %s can't be used", name);
		return TRAWL_EUSAGE;
	}
	snprintf(out, n, "%s", q);
	PQfreemem(q);
	return TRAWL_OK;
}

static const char read_tables[] = "meta, blobs, sightings, docs, units, unit_parts, facts, "
	"fields, watches, chunks, objects, fts_stats, doc_collections, grants, audit, removed";
static const char write_tables[] = "blobs, sightings, docs, units, unit_parts, facts, fields, "
	"watches, chunks, objects, fts_stats, doc_collections";

trawl_err trawl__pg_admin(void *be, int argc, const char *const *argv,
                          int (*out)(const char *line, void *), void *u, trawl_diag *d)
{
	pg_be *b = be;
	const char *verb = argc > 0 ? argv[0] : "";
	char role[200], sql[600], *lit;
	trawl__buf q;
	pg_params p;
	trawl_err rc;

	trawl__pg_params_init(&p);
	if (!strcmp(verb, "user") && argc >= 3 && !strcmp(argv[1], "add")) {
		/* a role that can log in and read what its grants allow; its
		 * searches go through the tsvectors, which a store without users
		 * has not made yet */
		if ((rc = ident(b, argv[2], role, sizeof role, d)) || (rc = trawl__pg_tsv_fill(b, d)))
			return rc;
		lit = PQescapeLiteral(b->db, argv[2], strlen(argv[2]));
		if (!lit)
			return TRAWL_ENOMEM;
		trawl__buf_init(&q, 0);
		trawl__buf_addf(&q, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE "
		         "rolname = %s) THEN CREATE ROLE %s LOGIN; END IF; END $$; "
		         "GRANT USAGE ON SCHEMA public TO %s; GRANT SELECT ON %s TO %s; "
		         "GRANT INSERT ON audit TO %s; "
		         "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %s; "
		         "GRANT EXECUTE ON FUNCTION trawl_collect(text, text) TO %s",
		         lit, role, role, read_tables, role, role, role, role);
		PQfreemem(lit);
		rc = !pg_buf_bad(&q) ? trawl__pg_run(b, b->db, q.data, NULL, d, "adding the user") : TRAWL_ENOMEM;
		trawl__buf_release(&q);
		return rc;
	}
	if (!strcmp(verb, "grant") && argc == 4 &&
	    (!strcmp(argv[2], "read") || !strcmp(argv[2], "write"))) {
		/* (any role may be granted, not only one made by user add) */
		if ((rc = ident(b, argv[1], role, sizeof role, d)) || (rc = trawl__pg_tsv_fill(b, d)))
			return rc;
		trawl__pg_text(&p, 1, argv[1]);
		trawl__pg_text(&p, 2, argv[3]);
		trawl__pg_text(&p, 3, argv[2]);
		if ((rc = trawl__pg_run(b, b->db, "INSERT INTO grants(role, collection, rights) "
		                        "VALUES($1, $2, $3) ON CONFLICT (role, collection) DO UPDATE "
		                        "SET rights = $3", &p, d, "granting")))
			return rc;
		if (!strcmp(argv[2], "write")) {
			/* (the search index's tables: adding only) */
			snprintf(sql, sizeof sql, "GRANT INSERT, UPDATE, DELETE ON %s TO %s; "
			         "GRANT INSERT ON " TRAWL__PG_IX_TABLES " TO %s", write_tables, role, role);
			return trawl__pg_run(b, b->db, sql, NULL, d, "granting");
		}
		return TRAWL_OK;
	}
	if (!strcmp(verb, "revoke") && argc == 3) {
		trawl__pg_text(&p, 1, argv[1]);
		trawl__pg_text(&p, 2, argv[2]);
		return trawl__pg_run(b, b->db, "DELETE FROM grants WHERE role = $1 AND collection = $2",
		                     &p, d, "revoking");
	}
	if (!strcmp(verb, "shard") && argc == 3 && !strcmp(argv[1], "add"))
		return trawl__pg_shard_add(b, argv[2], out, u, d);
	if (!strcmp(verb, "collections") && argc == 1)
		return admin_rows(b, "SELECT dc.collection, count(*), coalesce((SELECT string_agg("
		                  "g.role || ':' || g.rights, ',' ORDER BY g.role) FROM grants g WHERE "
		                  "g.collection = dc.collection), '-') FROM doc_collections dc GROUP BY 1 "
		                  "ORDER BY 1", NULL, out, u, d);
	if (!strcmp(verb, "audit") && argc == 1)
		return admin_rows(b, "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
		                  "who, action, detail FROM audit ORDER BY id", NULL, out, u, d);
	trawl__diag_set(d, NULL, "admin takes: user add NAME | grant NAME read|write COLLECTION | "
	                "revoke NAME COLLECTION | collections | audit | shard add URL");
	return TRAWL_EUSAGE;
}
