/* trawl admin shard add URL: moves partitions of the large tables to
 * another PostgreSQL server, where they stay partitions of this store's
 * tables as foreign tables (postgres_fdw). Queries on this server (the
 * coordinator) fan out to them, asynchronously, and come back merged; a
 * writer's rows for a moved partition go to its server. Each call moves
 * half of the partitions still here (the last one too). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "store/pg_be.h"
#include "util/diag.h"
#include "util/banned.h"

/* A libpq option of url ("host", "port", ...), or NULL. */
static char *url_option(const char *url, const char *key)
{
	PQconninfoOption *o = PQconninfoParse(url, NULL), *k;
	char *v = NULL;

	for (k = o; k && k->keyword; k++)
		if (!strcmp(k->keyword, key) && k->val && *k->val)
			v = trawl__strdup(k->val);
	PQconninfoFree(o);
	return v;
}

static void add_opt(trawl__buf *b, PGconn *c, const char *key, const char *v)
{
	char *lit;

	if (!v)
		return;
	lit = PQescapeLiteral(c, v, strlen(v));
	if (!lit)
		return;
	trawl__buf_addf(b, "%s%s %s", b->len && b->data[b->len - 1] != '(' ? ", " : "", key, lit);
	PQfreemem(lit);
}

/* The columns of a table here, as CREATE TABLE writes them. */
static char *columns_of(pg_be *b, const char *table, trawl_diag *d)
{
	pg_params p;
	PGresult *r;
	char *cols;

	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, table);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT string_agg(quote_ident(attname) || ' ' || "
	                         "format_type(atttypid, atttypmod) || CASE WHEN attcollation = "
	                         "(SELECT oid FROM pg_collation WHERE collname = 'C' AND "
	                         "collnamespace = 'pg_catalog'::regnamespace) THEN ' COLLATE \"C\"' "
	                         "ELSE '' END || CASE WHEN attnotnull THEN ' NOT NULL' ELSE '' END, "
	                         "', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = "
	                         "$1::regclass AND attnum > 0 AND NOT attisdropped", &p, d,
	                         "reading the table's columns")))
		return NULL;
	cols = PQntuples(r) && !PQgetisnull(r, 0, 0) ? trawl__strdup(PQgetvalue(r, 0, 0)) : NULL;
	PQclear(r);
	if (!cols)
		trawl__diag_set(d, NULL, "no table %s", table);
	return cols;
}

/* Moves partition i of every large table to the shard (server name srv,
 * connection sh). */
static trawl_err move_partition(pg_be *b, PGconn *sh, const char *srv, int i, trawl_diag *d)
{
	trawl__buf sql;
	trawl_err rc = TRAWL_OK;

	trawl__buf_init(&sql, 0);
	for (int t = 0; t < 4 && !rc; t++) {
		const char *tab = trawl__pg_part_tables[t][0];
		char part[64], *cols;
		PGresult *r;
		snprintf(part, sizeof part, "%s_p%d", tab, i);
		if (!(cols = columns_of(b, part, d))) {
			rc = TRAWL_ESTORE;
			break;
		}
		/* the table on the shard, with its key and full-text index */
		trawl__buf_reset(&sql);
		trawl__buf_addf(&sql, "CREATE TABLE IF NOT EXISTS %s (%s, PRIMARY KEY(%s), CHECK (doc > "
		                "0))", part, cols, trawl__pg_part_tables[t][1]);
		if (!strcmp(tab, "units") || !strcmp(tab, "unit_parts"))
			trawl__buf_addf(&sql, "; CREATE INDEX IF NOT EXISTS %s_tsv ON %s USING gin(tsv)",
			                part, part);
		free(cols);
		if (pg_buf_bad(&sql)) {
			rc = TRAWL_ENOMEM;
			break;
		}
		r = PQexec(sh, sql.data);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			const char *m = PQerrorMessage(sh);
			trawl__diag_set(d, NULL, "making %s on the shard: %.*s", part,
			                (int)strcspn(m, "\n"), m);
			rc = TRAWL_ESTORE;
		}
		PQclear(r);
		if (rc)
			break;
		/* here: the local partition out, the shard's in, the rows across,
		 * in one transaction (postgres_fdw commits the shard's with it) */
		trawl__buf_reset(&sql);
		trawl__buf_addf(&sql, "BEGIN; ALTER TABLE %s DETACH PARTITION %s; "
		                "CREATE FOREIGN TABLE %s_moving PARTITION OF %s FOR VALUES WITH "
		                "(MODULUS %d, REMAINDER %d) SERVER %s OPTIONS (table_name '%s'); "
		                "INSERT INTO %s_moving SELECT * FROM %s; DROP TABLE %s; "
		                "ALTER FOREIGN TABLE %s_moving RENAME TO %s; COMMIT",
		                tab, part, part, tab, PG_PARTS, i, srv, part, part, part, part, part,
		                part);
		if (pg_buf_bad(&sql)) {
			rc = TRAWL_ENOMEM;
			break;
		}
		if ((rc = trawl__pg_run(b, b->db, sql.data, NULL, d, "moving a partition")))
			trawl__pg_run(b, b->db, "ROLLBACK", NULL, NULL, "");
	}
	trawl__buf_release(&sql);
	return rc;
}

trawl_err trawl__pg_shard_add(pg_be *b, const char *url, int (*out)(const char *, void *),
                              void *u, trawl_diag *d)
{
	PGconn *sh = NULL;
	PGresult *r = NULL;
	trawl__buf sql;
	char srv[64], line[200];
	char *host = url_option(url, "host"), *port = url_option(url, "port"),
	     *db = url_option(url, "dbname"), *user = url_option(url, "user"),
	     *pw = url_option(url, "password");
	int local[PG_PARTS], nlocal = 0, nmove;
	trawl_err rc = TRAWL_OK;

	trawl__buf_init(&sql, 0);
	sh = PQconnectdb(url);
	if (!sh || PQstatus(sh) != CONNECTION_OK) {
		const char *m = sh ? PQerrorMessage(sh) : "out of memory";
		trawl__diag_set(d, NULL, "can't connect to the shard: %.*s", (int)strcspn(m, "\n"), m);
		rc = TRAWL_ESTORE;
		goto out;
	}
	PQsetClientEncoding(sh, "UTF8");
	if ((rc = trawl__pg_run(b, b->db, "CREATE EXTENSION IF NOT EXISTS postgres_fdw", NULL, d,
	                        "setting up postgres_fdw")))
		goto out;
	/* the partitions still here, and the next server's name */
	if (!(r = trawl__pg_exec(b, b->db, "SELECT substr(c.relname, 8)::int FROM pg_class c WHERE "
	                         "c.relname ~ '^units_p[0-9]+$' AND c.relkind = 'r' AND "
	                         "c.relnamespace = current_schema()::regnamespace ORDER BY 1", NULL, d,
	                         "listing the partitions"))) {
		rc = TRAWL_ESTORE;
		goto out;
	}
	for (int i = 0; i < PQntuples(r) && nlocal < PG_PARTS; i++)
		local[nlocal++] = (int)trawl__pg_i64(r, i, 0);
	PQclear(r);
	if (!(r = trawl__pg_exec(b, b->db, "SELECT count(*) + 1 FROM pg_foreign_server WHERE "
	                         "srvname LIKE 'trawl\\_shard\\_%'", NULL, d, "listing the shards"))) {
		rc = TRAWL_ESTORE;
		goto out;
	}
	snprintf(srv, sizeof srv, "trawl_shard_%lld", (long long)trawl__pg_i64(r, 0, 0));
	PQclear(r);
	r = NULL;
	if (!nlocal) {
		trawl__diag_set(d, NULL, "every partition is on a shard already");
		rc = TRAWL_EUSAGE;
		goto out;
	}
	/* async_capable: an Append over several shards scans them at once */
	trawl__buf_addf(&sql, "CREATE SERVER %s FOREIGN DATA WRAPPER postgres_fdw OPTIONS (", srv);
	add_opt(&sql, b->db, "host", host);
	add_opt(&sql, b->db, "port", port);
	add_opt(&sql, b->db, "dbname", db);
	add_opt(&sql, b->db, "async_capable", "true");
	add_opt(&sql, b->db, "fetch_size", "1000");
	/* a writer's INSERT ... SELECT of a document's rows (pg.c's staged
	 * rows) goes to the shard a batch at a time, not a statement a row */
	add_opt(&sql, b->db, "batch_size", "1000");
	trawl__buf_addf(&sql, "); CREATE USER MAPPING FOR PUBLIC SERVER %s OPTIONS (", srv);
	add_opt(&sql, b->db, "user", user);
	add_opt(&sql, b->db, "password", pw);
	/* (every user's rows are chosen here, by the policies; the shard is
	 * reached as the role the URL names) */
	add_opt(&sql, b->db, "password_required", "false");
	trawl__buf_adds(&sql, ")");
	if (pg_buf_bad(&sql)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if ((rc = trawl__pg_run(b, b->db, sql.data, NULL, d, "adding the shard")))
		goto out;
	nmove = nlocal > 1 ? (nlocal + 1) / 2 : 1;
	for (int k = nlocal - nmove; k < nlocal && !rc; k++) {
		rc = move_partition(b, sh, srv, local[k], d);
		if (!rc) {
			snprintf(line, sizeof line, "partition %d moved to %s", local[k], srv);
			out(line, u);
		}
	}
out:
	PQclear(r);
	PQfinish(sh);
	free(host);
	free(port);
	free(db);
	free(user);
	free(pw);
	trawl__buf_release(&sql);
	return rc;
}
