/* The embedded SQLite backend: one database file in WAL mode. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>
#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/fault.h"
#include "util/banned.h"

#define SCHEMA_VERSION 9

#include "store/sqlite_be.h"
#include "store/sqlite_index.h"
#include "facts/extract.h"
#include "ingest/version.h"

/* A fact's rowid is (docs.rowid << TRAWL__FACT_BITS) | its number within
 * the document, numbered in the order of unit and position: a document's
 * facts are one range of the table, appended together at ingest and read
 * together, with no index to keep up. */
#define FACTS_TABLE \
	"(\n  id INTEGER PRIMARY KEY, unit INTEGER NOT NULL,\n" \
	"  kind TEXT NOT NULL, bstart INTEGER NOT NULL, bend INTEGER NOT NULL,\n" \
	"  cstart INTEGER NOT NULL, cend INTEGER NOT NULL, text TEXT NOT NULL,\n" \
	"  value TEXT, value_hi TEXT, num REAL, negative INTEGER NOT NULL DEFAULT 0,\n" \
	"  currency TEXT, unit_name TEXT, unit_source TEXT, comparator TEXT, precision TEXT,\n" \
	"  role TEXT, code TEXT, label TEXT, col TEXT, caption TEXT, party TEXT, attrs TEXT)"

/* A document's metadata (schema 4). What the extractor decided (kind,
 * year, place, amount and where each came from) and the version that
 * decided it; what the user stated with `trawl set` is kept apart in the
 * u_* columns, which trawl refresh never touches. An empty u_place or
 * u_amount, or a u_year of 0, states that the document has none. indexed
 * is 0 for a document added with --no-index (refresh must not take its
 * units out of the full-text index). */
#define DOCS_V4_COLUMNS(SEP) \
	"extractor INTEGER NOT NULL DEFAULT 0" SEP "indexed INTEGER NOT NULL DEFAULT 1" SEP \
	"kind_src TEXT" SEP "year_src TEXT" SEP "place TEXT" SEP "place_code TEXT" SEP \
	"place_src TEXT" SEP "amount TEXT" SEP "currency TEXT" SEP "amount_src TEXT" SEP \
	"amount_fact INTEGER" SEP "u_title TEXT" SEP "u_kind TEXT" SEP "u_year INTEGER" SEP \
	"u_place TEXT" SEP "u_place_code TEXT" SEP "u_amount TEXT" SEP "u_currency TEXT"

/* Schema 1 keyed facts by the 64-hex document id, with two indexes (larger
 * rows, a slower ingest); schema 2 as above; schema 3 adds a line item's
 * party (the vendor or maker named in its row); schema 4 a document's
 * metadata and overrides (DOCS_V4_COLUMNS); schema 5 the attributes of a
 * fact of its own kind (an indicator's levels and points, a project's
 * status), as one JSON object (attrs); schema 6 a sighting's real path
 * (the identity of a file, however it was named: a file added as in/a.pdf
 * and as /home/x/in/a.pdf is one), what trawl rm took out of a file that
 * holds more documents (removed), and the highest docs rowid ever given
 * (meta docs_hwm: a removed document's rowid is never given again, so a
 * watch's mark stays true); schema 7 marks what OCR read: a unit's mean
 * word confidence (NULL when its text is the file's own), a document's
 * count of OCR'd units and their mean confidence; schema 8 replaces the
 * FTS5 table fts by trawl's own index (sqlite_index.c): an older store's
 * index is rebuilt from its units' text when it is opened. */
static const char migrate_v1[] =
	"CREATE TABLE facts_v2" FACTS_TABLE ";\n"
	"INSERT INTO facts_v2 SELECT (d.rowid << " FACT_BITS_SQL ") |\n"
	"  row_number() OVER (PARTITION BY f.doc ORDER BY f.unit, f.bstart, f.id),\n"
	"  f.unit, f.kind, f.bstart, f.bend, f.cstart,\n"
	"  f.cend, f.text, f.value, f.value_hi, f.num, f.negative, f.currency, f.unit_name,\n"
	"  f.unit_source, f.comparator, f.precision, f.role, f.code, f.label, f.col, f.caption,\n"
	"  NULL, NULL\n"
	"  FROM facts f JOIN docs d ON d.id = f.doc;\n"
	"DROP TABLE facts;\n"
	"ALTER TABLE facts_v2 RENAME TO facts;\n";

static const char migrate_v4[] =
	"ALTER TABLE docs ADD COLUMN " DOCS_V4_COLUMNS(";\nALTER TABLE docs ADD COLUMN ") ";\n";

/* Older sightings keep their path as their identity: where a relative
 * path pointed is no longer known. */
static const char migrate_v6[] =
	"ALTER TABLE sightings ADD COLUMN realpath TEXT;\n"
	"UPDATE sightings SET realpath = path;\n";

/* Schema 7's columns, added to an older store's tables where missing. */
static const char *const ocr_columns[][3] = {
	{ "units", "ocr", "REAL" },
	{ "docs", "ocr_units", "INTEGER NOT NULL DEFAULT 0" },
	{ "docs", "ocr_conf", "REAL" },
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"
	"CREATE TABLE IF NOT EXISTS blobs(\n"
	"  sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, format TEXT NOT NULL,\n"
	"  encoding TEXT, added_at TEXT NOT NULL, ndocs INTEGER NOT NULL,\n"
	"  stated_unit TEXT, stated_currency TEXT);\n"
	"CREATE TABLE IF NOT EXISTS sightings(\n"
	"  id INTEGER PRIMARY KEY, path TEXT NOT NULL,\n"
	"  sha256 TEXT NOT NULL REFERENCES blobs(sha256),\n"
	"  size INTEGER, mtime INTEGER, seen_at TEXT NOT NULL, source_url TEXT,\n"
	"  version INTEGER NOT NULL, realpath TEXT);\n"
	"CREATE INDEX IF NOT EXISTS sightings_path ON sightings(path, id);\n"
	"CREATE INDEX IF NOT EXISTS sightings_real ON sightings(realpath, id);\n"
	"CREATE TABLE IF NOT EXISTS removed(id TEXT PRIMARY KEY, sha256 TEXT NOT NULL,\n"
	"  removed_at TEXT NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS sightings_sha ON sightings(sha256, id);\n"
	"CREATE TABLE IF NOT EXISTS docs(\n"
	"  id TEXT PRIMARY KEY, sha256 TEXT NOT NULL REFERENCES blobs(sha256),\n"
	"  seq INTEGER NOT NULL, ext_id TEXT, title TEXT, units INTEGER NOT NULL,\n"
	"  pages INTEGER NOT NULL, text_bytes INTEGER NOT NULL, year INTEGER, kind TEXT,\n"
	"  " DOCS_V4_COLUMNS(", ") ",\n"
	"  ocr_units INTEGER NOT NULL DEFAULT 0, ocr_conf REAL);\n"
	"CREATE INDEX IF NOT EXISTS docs_sha ON docs(sha256, seq);\n"
	"CREATE TABLE IF NOT EXISTS units(\n"
	"  doc TEXT NOT NULL REFERENCES docs(id), seq INTEGER NOT NULL,\n"
	"  kind TEXT NOT NULL, number INTEGER NOT NULL, name TEXT,\n"
	"  text TEXT NOT NULL, raw TEXT, map BLOB, cells BLOB, spans BLOB,\n"
	"  ncells INTEGER NOT NULL DEFAULT 0, ocr REAL, UNIQUE(doc, seq));\n"
	TRAWL__SQIX_SCHEMA
	"CREATE TABLE IF NOT EXISTS facts" FACTS_TABLE ";\n"
	"CREATE TABLE IF NOT EXISTS watches(name TEXT PRIMARY KEY, query TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL, last_run_at TEXT, mark INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE TABLE IF NOT EXISTS fields(\n"
	"  doc TEXT NOT NULL REFERENCES docs(id), key TEXT NOT NULL, value TEXT);\n"
	"CREATE INDEX IF NOT EXISTS fields_doc ON fields(doc);\n";

trawl_err trawl__sq_code(sqlite3 *db)
{
	/* (the primary code: SQLITE_IOERR_NOMEM is out of memory too) */
	int c = sqlite3_extended_errcode(db);
	return c == SQLITE_NOMEM || c == SQLITE_IOERR_NOMEM ? TRAWL_ENOMEM : TRAWL_ESTORE;
}

trawl_err trawl__sq_err(sqlite3 *db, trawl_diag *d, const char *what)
{
	/* the system's reason where a file could not be opened or read: a
	 * first read opens the -shm and -wal files, and "unable to open
	 * database file" alone hides a limit of open files reached */
	int code = sqlite3_extended_errcode(db) & 0xff;
	int sys = code == SQLITE_CANTOPEN || code == SQLITE_IOERR ? sqlite3_system_errno(db) : 0;

	if (sys)
		trawl__diag_set(d, NULL, "%s: %s (%s)", what, sqlite3_errmsg(db), strerror(sys));
	else
		trawl__diag_set(d, NULL, "%s: %s", what, sqlite3_errmsg(db));
	return trawl__sq_code(db);
}

static trawl_err db_err(sqlite3 *db, trawl_diag *d, const char *what)
{
	return trawl__sq_err(db, d, what);
}

static trawl_err exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? TRAWL_OK : TRAWL_ESTORE;
}

/* Adds table.column unless the table has it; non-zero on failure. */
static int add_column(sqlite3 *db, const char *table, const char *column, const char *decl)
{
	sqlite3_stmt *st = NULL;
	char sql[200];
	int have = 0;

	snprintf(sql, sizeof sql, "SELECT 1 FROM pragma_table_info('%s') WHERE name = ?", table);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
		return 1;
	sqlite3_bind_text(st, 1, column, -1, SQLITE_STATIC);
	have = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (have)
		return 0;
	snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s %s", table, column, decl);
	return exec(db, sql) != TRAWL_OK;
}

static int add_ocr_columns(sqlite3 *db)
{
	for (size_t i = 0; i < sizeof ocr_columns / sizeof ocr_columns[0]; i++)
		if (add_column(db, ocr_columns[i][0], ocr_columns[i][1], ocr_columns[i][2]))
			return 1;
	return 0;
}

/* exec, saying what failed in d */
static trawl_err exec_d(sqlite3 *db, const char *sql, trawl_diag *d, const char *what)
{
	return exec(db, sql) ? db_err(db, d, what) : TRAWL_OK;
}

/* A statement, or NULL with d saying what could not be prepared. */
static sqlite3_stmt *prepare(sqlite3 *db, const char *sql, trawl_diag *d, const char *what)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_err(db, d, what);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* The end of a loop of sqlite3_step(): r is its last result. */
static trawl_err rows_done(sqlite3 *db, int r, trawl_diag *d, const char *what)
{
	return r == SQLITE_ROW || r == SQLITE_DONE ? TRAWL_OK : db_err(db, d, what);
}

/* A connection to path (a file name, or a file: URI for the file shown:
 * the name that messages give). */
static trawl_err open_conn(const char *path, const char *shown, int flags, sqlite3 **out,
                           trawl_diag *d)
{
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK) {
		/* the system's reason too: "unable to open database file" alone
		 * hides a limit of open files reached (trawl serve --threads 60
		 * under ulimit -n 64) */
		int sys = db ? sqlite3_system_errno(db) : 0;
		trawl__diag_set(d, shown ? shown : path, "can't open the store database: %s%s%s%s",
		                db ? sqlite3_errmsg(db) : sqlite3_errstr(rc),
		                sys && (rc & 0xff) == SQLITE_CANTOPEN ? " (" : "",
		                sys && (rc & 0xff) == SQLITE_CANTOPEN ? strerror(sys) : "",
		                sys && (rc & 0xff) == SQLITE_CANTOPEN ? ")" : "");
		sqlite3_close(db);
		return rc == SQLITE_NOMEM ? TRAWL_ENOMEM : TRAWL_ESTORE;
	}
	sqlite3_busy_timeout(db, 30000);
	sqlite3_extended_result_codes(db, 1);
	if (trawl__sqlite_register_tokenizer(db) != SQLITE_OK) {
		trawl__diag_set(d, path, "SQLite here has no FTS5: %s", sqlite3_errmsg(db));
		sqlite3_close(db);
		return TRAWL_ESTORE;
	}
	*out = db;
	return TRAWL_OK;
}

static void be_free(sqlite_be *b)
{
	int i;
	for (i = 0; i < (int)(sizeof b->cache / sizeof b->cache[0]); i++)
		sqlite3_finalize(b->cache[i]);
	sqlite3_close(b->rdb);
	sqlite3_close(b->db);
	pthread_mutex_destroy(&b->rlock);
	for (i = 0; i < (int)(sizeof b->info_strs / sizeof b->info_strs[0]); i++)
		free(b->info_strs[i]);
	trawl__sqix_free(b->ix);
	trawl__sqix_match_clear(b);
	free(b->fbinds);
	free(b->dbpath);
	free(b);
}

/* A file: URI for path with params, its special characters escaped. */
static char *file_uri(const char *path, const char *params)
{
	trawl__buf u;
	const unsigned char *p;

	trawl__buf_init(&u, 0);
	trawl__buf_adds(&u, "file:");
	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '/' || *p == '-' || *p == '_' || *p == '.' || *p == '~')
			trawl__buf_addc(&u, (char)*p);
		else
			trawl__buf_addf(&u, "%%%02X", *p);
	}
	trawl__buf_addf(&u, "?%s", params);
	return u.data ? trawl__buf_detach(&u, NULL) : NULL;
}

/* The store's database opened for reading only: read-only, which in WAL
 * mode needs its -shm file (made beside it when it is missing), else
 * immutable (read-only media, a folder trawl can't write in), which reads
 * the database file alone. */
static trawl_err open_readonly(sqlite_be *b, trawl_diag *d)
{
	static const char *const modes[] = { "mode=ro", "mode=ro&immutable=1" };
	sqlite3_stmt *st = NULL;
	trawl_err rc = TRAWL_OK;
	int ver = -1, i;

	for (i = 0; i < 2; i++) {
		char *uri = file_uri(b->dbpath, modes[i]);
		int r, err;
		if (!uri)
			return TRAWL_ENOMEM;
		rc = open_conn(uri, b->dbpath, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &b->db, d);
		free(uri);
		if (rc)
			return rc;
		if (sqlite3_prepare_v2(b->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
		    (r = sqlite3_step(st)) == SQLITE_ROW) {
			ver = sqlite3_column_int(st, 0);
			sqlite3_finalize(st);
			break;
		}
		sqlite3_finalize(st);
		st = NULL;
		err = sqlite3_extended_errcode(b->db) & 0xff;
		/* (immutable only where the -shm can't be made or written: not
		 * when files or memory ran out, when it would hide the log's
		 * changes from this reader) */
		if (err == SQLITE_CANTOPEN) {
			int sys = sqlite3_system_errno(b->db);
			if (sys == EMFILE || sys == ENFILE || sys == ENOMEM)
				err = SQLITE_IOERR;
		}
		if (i == 1 || (err != SQLITE_CANTOPEN && err != SQLITE_READONLY)) {
			rc = db_err(b->db, d, "can't read the store database");
			if (d)
				snprintf(d->path, sizeof d->path, "%s", b->dbpath);
			return rc;
		}
		sqlite3_close(b->db);
		b->db = NULL;
	}
	b->readonly = 1;
	b->immutable = i == 1;
	if (ver != SCHEMA_VERSION) {
		if (ver > SCHEMA_VERSION)
			trawl__diag_set(d, b->dbpath, "store was made by a newer trawl (schema %d)", ver);
		else
			trawl__diag_set(d, b->dbpath, "the store has schema %d, this trawl reads %d: "
			                "open it once with write access to upgrade it", ver, SCHEMA_VERSION);
		return TRAWL_ESTORE;
	}
	exec(b->db, "PRAGMA cache_size=-65536; PRAGMA query_only=1;");
	if (b->immutable) {
		char wal[4200];
		struct stat wst;
		snprintf(wal, sizeof wal, "%s-wal", b->dbpath);
		if (stat(wal, &wst) == 0 && wst.st_size > 0)
			trawl__diag_set(d, wal, "changes written last are in this log, which can't be "
			                "read without write access; they are not shown");
	}
	return TRAWL_OK;
}

/* A new store's database is made in the store's tmp/ and linked into
 * place once its schema is committed: a run killed while it makes a store
 * leaves no trawl.db, never one without its tables. Another trawl making
 * the same store at once links first: its database is kept, ours dropped. */
static trawl_err create_db(const char *dir, const char *dbpath, trawl_diag *d)
{
	char tmp[4200], sql[64], journal[4300];
	sqlite3 *db = NULL;
	trawl_err rc;

	snprintf(tmp, sizeof tmp, "%s/tmp/newdb-%ld-store.db", dir, (long)getpid());
	snprintf(journal, sizeof journal, "%s-journal", tmp);
	unlink(tmp);
	unlink(journal);
	if ((rc = open_conn(tmp, NULL, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &db, d)))
		return rc;
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d; COMMIT", SCHEMA_VERSION);
	if (exec(db, "BEGIN") || exec(db, schema) || exec(db, sql)) {
		rc = db_err(db, d, "can't create the store schema");
		sqlite3_close(db);
		unlink(tmp);
		unlink(journal);
		return rc;
	}
	if (sqlite3_close(db) != SQLITE_OK) {
		trawl__diag_set(d, tmp, "can't create the store database: it stays open");
		return TRAWL_ESTORE;
	}
	if (trawl__fault("cut-making-store", NULL, 0))
		raise(SIGKILL);
	if (link(tmp, dbpath) < 0 && errno != EEXIST &&
	    /* a file system without hard links: rename, which a racing
	     * maker's database would replace while still empty */
	    ((errno != EPERM && errno != ENOTSUP && errno != ENOSYS && errno != EMLINK) ||
	     rename(tmp, dbpath) < 0)) {
		trawl__diag_errno(d, dbpath, errno, "can't create the store database");
		unlink(tmp);
		return TRAWL_ESTORE;
	}
	unlink(tmp);
	return TRAWL_OK;
}

/* 1 if dir holds what a store whose making was cut short can hold, and
 * nothing else: empty objects/ and index/, a tmp/ of leftovers. */
static int unmade_store(const char *dir)
{
	static const char *const parts[] = { "objects", "index", "tmp" };
	DIR *dp = opendir(dir);
	struct dirent *e;
	int ok = dp != NULL;

	while (ok && (e = readdir(dp))) {
		size_t i;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		for (i = 0; i < 3 && strcmp(e->d_name, parts[i]); i++)
			;
		if (i == 3) {
			ok = 0;
		} else if (i < 2) {
			char p[4200];
			DIR *sub;
			struct dirent *f;
			snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
			if (!(sub = opendir(p))) {
				ok = 0;
				continue;
			}
			while (ok && (f = readdir(sub)))
				if (strcmp(f->d_name, ".") && strcmp(f->d_name, ".."))
					ok = 0;
			closedir(sub);
		}
	}
	if (dp)
		closedir(dp);
	return ok;
}

static trawl_err sq_open(const char *dir, int create, void **out, trawl_diag *d)
{
	sqlite_be *b = calloc(1, sizeof *b);
	trawl__buf p;
	sqlite3_stmt *st = NULL;
	trawl_err rc;
	int ver = 0;

	if (!b)
		return TRAWL_ENOMEM;
	pthread_mutex_init(&b->rlock, NULL);
	trawl__buf_init(&p, 8192);
	if (trawl__buf_addf(&p, "%s/trawl.db", dir)) {
		free(b);
		return TRAWL_ENOMEM;
	}
	b->dbpath = trawl__buf_detach(&p, NULL);
	if (create == TRAWL__OPEN_READONLY) {
		if (access(b->dbpath, F_OK) < 0 && errno == ENOENT) {
			trawl__diag_set(d, b->dbpath, unmade_store(dir) ?
			                "nothing has been added to this store yet, and it can't be "
			                "written: there is no store database to read" :
			                "there is no store database here: the folder is not a trawl "
			                "store, or its trawl.db was removed");
			rc = TRAWL_ESTORE;
			goto fail;
		}
		rc = open_readonly(b, d);
		if (rc)
			goto fail;
		if ((rc = trawl__sqix_open(b, dir, 0, d)))
			goto fail;
		*out = b;
		return TRAWL_OK;
	}
	if (access(b->dbpath, F_OK) < 0 && errno == ENOENT) {
		if (!create && !unmade_store(dir)) {
			trawl__diag_set(d, b->dbpath, "there is no store database here: the folder is "
			                "not a trawl store, or its trawl.db was removed");
			rc = TRAWL_ESTORE;
			goto fail;
		}
		if (!create) {
			char sub[4200];
			snprintf(sub, sizeof sub, "%s/objects", dir);
			mkdir(sub, 0755);
			snprintf(sub, sizeof sub, "%s/tmp", dir);
			mkdir(sub, 0755);
		}
		if ((rc = create_db(dir, b->dbpath, d)))
			goto fail;
		if (!create)
			snprintf(b->note, sizeof b->note, "the store had no database (its making was "
			         "cut short, or nothing was ever added): it has an empty one now");
	}
	rc = open_conn(b->dbpath, NULL, SQLITE_OPEN_READWRITE, &b->db, d);
	if (rc)
		goto fail;
	/* a 64 MiB page cache and a WAL checkpointed every 64 MiB: the writer
	 * rereads and rewrites far fewer pages (the default 2 MiB cache made
	 * it read back most of what it had just written) */
	if (exec(b->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	                "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"
	                "PRAGMA wal_autocheckpoint=16384;")) {
		rc = db_err(b->db, d, "can't set up the store database");
		goto fail;
	}
	if (sqlite3_prepare_v2(b->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ver = sqlite3_column_int(st, 0);
	else {
		rc = db_err(b->db, d, "not a trawl store database");
		sqlite3_finalize(st);
		goto fail;
	}
	sqlite3_finalize(st);
	if (ver > SCHEMA_VERSION) {
		trawl__diag_set(d, b->dbpath, "store was made by a newer trawl (schema %d)", ver);
		rc = TRAWL_ESTORE;
		goto fail;
	}
	if ((rc = trawl__sqix_open(b, dir, 1, d)))
		goto fail;
	if (ver < SCHEMA_VERSION) {
		char sql[64];
		/* each step from the store's schema on; schema 0 is a new store */
		if (exec(b->db, "BEGIN IMMEDIATE") || (ver == 1 && exec(b->db, migrate_v1)) ||
		    (ver == 2 && exec(b->db, "ALTER TABLE facts ADD COLUMN party TEXT")) ||
		    (ver >= 1 && ver <= 3 && exec(b->db, migrate_v4)) ||
		    (ver >= 2 && ver <= 4 && exec(b->db, "ALTER TABLE facts ADD COLUMN attrs TEXT")) ||
		    (ver >= 1 && ver <= 5 && exec(b->db, migrate_v6)) ||
		    (ver >= 1 && ver <= 6 && add_ocr_columns(b->db)) ||
		    /* schema 9: what add --unit and --currency stated, for refresh */
		    (ver >= 1 && ver <= 8 && (add_column(b->db, "blobs", "stated_unit", "TEXT") ||
		                              add_column(b->db, "blobs", "stated_currency", "TEXT"))) ||
		    exec(b->db, schema) || exec(b->db, "DROP TABLE IF EXISTS fts")) {
			rc = db_err(b->db, d, "can't create the store schema");
			exec(b->db, "ROLLBACK");
			goto fail;
		}
		/* schema 8: the search index is trawl's own, made from the text */
		if (ver >= 1 && ver <= 7 && (rc = trawl__sqix_rebuild(b, d))) {
			exec(b->db, "ROLLBACK");
			trawl__sqix_forget(b);
			goto fail;
		}
		snprintf(sql, sizeof sql, "PRAGMA user_version=%d; COMMIT", SCHEMA_VERSION);
		if (exec(b->db, sql)) {
			rc = db_err(b->db, d, "can't create the store schema");
			exec(b->db, "ROLLBACK");
			trawl__sqix_forget(b);
			goto fail;
		}
		if (ver >= 1 && ver <= 7 && (rc = trawl__sq_index_maintain(b, d)))
			goto fail;
	}
	*out = b;
	return TRAWL_OK;
fail:
	be_free(b);
	return rc;
}

static void sq_close(void *be)
{
	if (be)
		be_free(be);
}

static trawl_err sq_begin(void *be, trawl_diag *d)
{
	sqlite_be *b = be;

	/* the fault tests' full disk: the database can't grow (SQLite raises
	 * a maximum below the current size to the current size) */
	if (trawl__fault("store-full", NULL, 0))
		exec(b->db, "PRAGMA max_page_count = 1");
	trawl__sqix_facets_discard(b);
	return exec_d(b->db, "BEGIN IMMEDIATE", d, "can't start writing");
}

static trawl_err sq_commit(void *be, trawl_diag *d)
{
	sqlite_be *b = be;
	trawl_err rc = trawl__sqix_facets_flush(b, d);

	/* the fault tests' commit that fails (as an I/O error at COMMIT
	 * would): the caller rolls the transaction back */
	if (!rc && trawl__fault("commit-fails", NULL, 0)) {
		trawl__diag_set(d, NULL, "can't commit: disk I/O error (TRAWL_FAULTS=commit-fails)");
		rc = TRAWL_ESTORE;
	}
	if (!rc)
		rc = exec_d(b->db, "COMMIT", d, "can't commit");
	b->wgen++;
	if (rc)
		trawl__sqix_forget(b);
	return rc;
}

static void sq_rollback(void *be)
{
	sqlite_be *b = be;
	exec(b->db, "ROLLBACK");
	b->wgen++;
	trawl__sqix_forget(b);
}

static trawl_err sq_blob_known(void *be, const char *sha, int *known, trawl_diag *d)
{
	sqlite_be *b = be;
	sqlite3_stmt *st = NULL;
	trawl_err rc = TRAWL_OK;
	int r;

	pthread_mutex_lock(&b->rlock);
	if (!b->rdb && (rc = open_conn(b->dbpath, NULL, SQLITE_OPEN_READONLY, &b->rdb, d)))
		goto out;
	if (!(st = prepare(b->rdb, "SELECT 1 FROM blobs WHERE sha256=?", d,
	                   "looking up an original"))) {
		rc = TRAWL_ESTORE;
		goto out;
	}
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW || r == SQLITE_DONE)
		*known = r == SQLITE_ROW;
	else
		rc = db_err(b->rdb, d, "looking up an original");
	sqlite3_finalize(st);
out:
	pthread_mutex_unlock(&b->rlock);
	return rc;
}

static trawl_err sq_path_latest(void *be, const char *path, char sha_out[65],
                                trawl_diag *d)
{
	static const char what[] = "looking up the path's earlier versions";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	trawl_err rc = TRAWL_ENOTFOUND;
	int r;

	if (!(st = prepare(b->db, "SELECT sha256 FROM sightings WHERE realpath=? "
	                   "ORDER BY id DESC LIMIT 1", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		snprintf(sha_out, 65, "%s", (const char *)sqlite3_column_text(st, 0));
		rc = TRAWL_OK;
	} else if (r != SQLITE_DONE) {
		rc = db_err(b->db, d, what);
	}
	sqlite3_finalize(st);
	return rc;
}

static trawl_err step_done(sqlite3 *db, sqlite3_stmt *st, trawl_diag *d, const char *what)
{
	int r = sqlite3_step(st);
	trawl_err rc = r == SQLITE_DONE ? TRAWL_OK : db_err(db, d, what);

	sqlite3_finalize(st);
	return rc;
}

static trawl_err sq_put_blob(void *be, const trawl__blob_rec *r, int *inserted, trawl_diag *d)
{
	static const char what[] = "storing the original's record";
	trawl_err rc;
	sqlite_be *b = be;
	sqlite3_stmt *st;

	if (!(st = prepare(b->db, "INSERT OR IGNORE INTO blobs(sha256,size,format,"
	                   "encoding,added_at,ndocs,stated_unit,stated_currency) "
	                   "VALUES(?,?,?,?,?,?,?,?)", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, r->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->size);
	sqlite3_bind_text(st, 3, r->format, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->encoding, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->added_at, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, r->ndocs);
	sqlite3_bind_text(st, 7, r->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, r->currency, -1, SQLITE_STATIC);
	rc = step_done(b->db, st, d, what);
	if (!rc)
		*inserted = sqlite3_changes(b->db) > 0;
	return rc;
}

static trawl_err sq_put_sighting(void *be, const trawl__sighting_rec *r, int *version,
                                 trawl_diag *d)
{
	static const char what[] = "recording where the file was seen";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	int ver = 0;
	const char *real = r->realpath ? r->realpath : r->path;

	/* the same bytes seen at this file before keep their version number */
	if (!(st = prepare(b->db, "SELECT coalesce((SELECT version FROM sightings "
	                   "WHERE realpath=?1 AND sha256=?2 LIMIT 1), (SELECT coalesce("
	                   "max(version),0)+1 FROM sightings WHERE realpath=?1))", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, real, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		ver = sqlite3_column_int(st, 0);
	else
		db_err(b->db, d, what);
	sqlite3_finalize(st);
	if (ver <= 0) {
		if (d && !d->msg[0])
			trawl__diag_set(d, NULL, "%s: no version number", what);
		return TRAWL_ESTORE;
	}
	if (!(st = prepare(b->db, "INSERT INTO sightings(path,sha256,size,mtime,seen_at,"
	                   "source_url,version,realpath) VALUES(?,?,?,?,?,?,?,?)", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 8, real, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 1, r->path, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, r->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, r->size);
	sqlite3_bind_int64(st, 4, r->mtime);
	sqlite3_bind_text(st, 5, r->seen_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, r->source_url, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, ver);
	if (version)
		*version = ver;
	return step_done(b->db, st, d, what);
}

enum { STMT_UNIT, STMT_FACT, STMT_FIELD, STMT_DOC, STMT_FACTS_MANY = 6, STMT_FACT_NEXT,
       STMT_FACTS_NEXT_MANY, STMT_FACTS_MAX };
_Static_assert((int)STMT_DOC < (int)TRAWL__SQ_STMT_FACET_DOC, "cache slots overlap");
_Static_assert((int)STMT_FACTS_MANY > (int)TRAWL__SQ_STMT_FACET_PARTIES &&
               STMT_FACTS_MAX < sizeof ((sqlite_be *)0)->cache / sizeof(sqlite3_stmt *),
               "cache slots overlap");

/* A prepared statement kept for the life of the connection, reset and
 * cleared for reuse; NULL if it can't be prepared. */
static sqlite3_stmt *cached(sqlite_be *b, int slot, const char *sql)
{
	sqlite3_stmt *st = b->cache[slot];

	if (!st && sqlite3_prepare_v3(b->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL))
		return NULL;
	b->cache[slot] = st;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return st;
}

sqlite3_stmt *trawl__sq_cached(sqlite_be *b, int slot, const char *sql, trawl_diag *d,
                               const char *what)
{
	sqlite3_stmt *st = cached(b, slot, sql);

	if (!st)
		db_err(b->db, d, what);
	return st;
}

/* Steps a cached statement once; it stays prepared. */
static trawl_err step_kept(sqlite3 *db, sqlite3_stmt *st, trawl_diag *d, const char *what)
{
	int r = sqlite3_step(st);
	trawl_err rc = r == SQLITE_DONE ? TRAWL_OK : db_err(db, d, what);

	sqlite3_reset(st);
	return rc;
}

/* Unicode characters in t[0..n). */
static const char *const fact_kinds[] = { "", "money", "date", "quantity", "party", "place",
	"item", "indicator", "project" };

static void bind_nonempty(sqlite3_stmt *st, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* The columns of a fact row, bound from ?1 on in this order. */
#define FACT_COLS "id,unit,kind,bstart,bend,cstart,cend,text,value,value_hi,num,negative," \
	"currency,unit_name,unit_source,comparator,precision,role,code,label,col,caption,party,attrs"
#define FACT_NCOLS 24
#define FACT_ROW "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
/* The same without the id (SQLite gives the table's largest + 1). */
#define FACT_COLS_NEXT "unit,kind,bstart,bend,cstart,cend,text,value,value_hi,num,negative," \
	"currency,unit_name,unit_source,comparator,precision,role,code,label,col,caption,party,attrs"
#define FACT_ROW_NEXT "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
/* Rows stored by one INSERT: a statement steps once for them all, and its
 * cursor appends each row after the last instead of seeking it from the
 * root (a document's facts are one range of ascending rowids). */
#define FACTS_PER_INSERT 32
_Static_assert(FACTS_PER_INSERT * FACT_NCOLS <= 999, "over SQLite's lowest parameter limit");

int trawl__sq_fact_stored(const trawl__doc *doc, size_t i)
{
	const trawl__dfact *df = &((const trawl__dfact *)doc->facts.items)[i];
	const trawl__unit *u;

	if (df->unit >= doc->units.n || df->kind < TRAWL__F_MONEY || df->kind > TRAWL__F_PROJECT)
		return 0;
	u = TRAWL_VEC_AT(&doc->units, trawl__unit *, df->unit);
	return df->end <= u->nt.text.len && df->start <= df->end;
}

/* strtod(v) for a fact's plain decimal (digits, at most one point): when
 * its digits make an integer m <= 2^53 and it has f <= 22 decimals, m and
 * 10^f are doubles exactly and m / 10^f is the exact value correctly
 * rounded, which is what strtod gives; anything else goes to strtod. */
static double fact_num(const char *v)
{
	static const double p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
		1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };
	uint64_t m = 0;
	int f = -1, digits = 0;
	const char *p;

	for (p = v; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (m > ((uint64_t)1 << 53) / 10)
				return strtod(v, NULL);
			m = m * 10 + (uint64_t)(*p - '0');
			digits++;
			if (f >= 0)
				f++;
		} else if (*p == '.' && f < 0) {
			f = 0;
		} else {
			return strtod(v, NULL);
		}
	}
	if (!digits || m > ((uint64_t)1 << 53) || f > 22 || f == 0)
		return strtod(v, NULL);
	return f > 0 ? (double)m / p10[f] : (double)m;
}

/* What a parameter of a fact statement holds (it keeps its value from
 * one step to the next: sqlite3_reset leaves the bindings), so that a
 * value it holds already is not bound again: a bind costs 90 (integer)
 * to 200 (text) instructions in SQLite, and a fact's kind, its unit, a
 * 0 for negative, its currency or unit from the document's string pool
 * and the NULLs of its empty fields are mostly what the same parameter
 * held at the statement's step before. A text is bound SQLITE_STATIC as
 * (pointer, length): SQLite reads those bytes when the statement steps,
 * so a parameter that holds the same pointer and length holds the text
 * that is there now, whatever was there when it was bound. */
typedef struct pbind {
	uint8_t t;          /* PB_* */
	uint64_t gen;       /* for a string of the pool: fact_binds.gen when bound */
	size_t n;           /* a text's length */
	union {
		sqlite3_int64 i;
		const char *s;
		uint64_t f;     /* a double's bits */
	} v;
} pbind;
enum { PB_NULL, PB_INT, PB_REAL, PB_TEXT, PB_UNKNOWN };
/* the four fact statements: one row or FACTS_PER_INSERT, with or without ids */
enum { FB_ONE, FB_ONE_NEXT, FB_MANY, FB_MANY_NEXT, FB_N };

struct fact_binds {
	uint64_t gen;              /* put_facts calls: the pool of strings bound */
	sqlite3_stmt *st[FB_N];    /* the statement p[k] describes */
	pbind p[FB_N][FACTS_PER_INSERT * FACT_NCOLS];
};

/* The fact statement of cache slot `slot` (prepared from sql if it is not
 * yet), its parameters described by *pb. Not reset: step_facts resets
 * it after each step. */
static sqlite3_stmt *fact_stmt(sqlite_be *b, int slot, int k, const char *sql, pbind **pb)
{
	struct fact_binds *f = b->fbinds;
	sqlite3_stmt *st = b->cache[slot];

	if (!st && sqlite3_prepare_v3(b->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL))
		return NULL;
	b->cache[slot] = st;
	if (f->st[k] != st) {
		sqlite3_clear_bindings(st);  /* all NULL (PB_NULL is 0) */
		memset(f->p[k], 0, sizeof f->p[k]);
		f->st[k] = st;
	}
	*pb = f->p[k];
	return st;
}

static void pb_int(sqlite3_stmt *st, pbind *pb, int i, sqlite3_int64 v)
{
	pbind *p = &pb[i - 1];

	if (p->t == PB_INT && p->v.i == v)
		return;
	p->t = sqlite3_bind_int64(st, i, v) == SQLITE_OK ? PB_INT : PB_UNKNOWN;
	p->v.i = v;
}

static void pb_null(sqlite3_stmt *st, pbind *pb, int i)
{
	pbind *p = &pb[i - 1];

	if (p->t == PB_NULL)
		return;
	p->t = sqlite3_bind_null(st, i) == SQLITE_OK ? PB_NULL : PB_UNKNOWN;
}

static void pb_real(sqlite3_stmt *st, pbind *pb, int i, double v)
{
	pbind *p = &pb[i - 1];
	uint64_t bits;

	memcpy(&bits, &v, sizeof bits);
	if (p->t == PB_REAL && p->v.f == bits)
		return;
	p->t = sqlite3_bind_double(st, i, v) == SQLITE_OK ? PB_REAL : PB_UNKNOWN;
	p->v.f = bits;
}

/* s[0..n), bound SQLITE_STATIC */
static void pb_text(sqlite3_stmt *st, pbind *pb, int i, const char *s, size_t n, uint64_t gen)
{
	pbind *p = &pb[i - 1];

	p->gen = gen;
	if (p->t == PB_TEXT && p->v.s == s && p->n == n)
		return;
	p->t = sqlite3_bind_text64(st, i, s, n, SQLITE_STATIC, SQLITE_UTF8) == SQLITE_OK
	               ? PB_TEXT : PB_UNKNOWN;
	p->v.s = s;
	p->n = n;
}

/* A string of the document's pool, NULL when empty. The pool does not
 * change while put_facts runs (gen), so within one call a pointer bound
 * before is the same string, of the same length. */
static void pb_pool(sqlite3_stmt *st, pbind *pb, int i, const char *s, uint64_t gen)
{
	pbind *p = &pb[i - 1];

	if (!*s)
		pb_null(st, pb, i);
	else if (!(p->t == PB_TEXT && p->v.s == s && p->gen == gen))
		pb_text(st, pb, i, s, strlen(s), gen);
}

static const unsigned char fact_kind_len[] = { 0, 5, 4, 8, 5, 5, 4, 9, 7 };
_Static_assert(sizeof fact_kind_len == sizeof fact_kinds / sizeof fact_kinds[0],
               "a length for each kind");

/* Binds fact i of doc (trawl__sq_fact_stored) from parameter base + 1 on
 * (all of the row's parameters; those of empty fields NULL). Without its
 * id (with_id 0), the columns from unit on are bound from base + 1. */
static void bind_fact(sqlite3_stmt *st, pbind *pb, uint64_t gen, int base,
                      sqlite3_int64 doc_rowid, const trawl__doc *doc, size_t i, int with_id)
{
	const trawl__dfact *df = &((const trawl__dfact *)doc->facts.items)[i];
	const trawl__unit *u = TRAWL_VEC_AT(&doc->units, trawl__unit *, df->unit);
	const char *value = trawl__dfact_str(doc, df, TRAWL__FS_VALUE);

	if (with_id)
		pb_int(st, pb, base + 1, (doc_rowid << TRAWL__FACT_BITS) | (sqlite3_int64)(i + 1));
	else
		base--;
	pb_int(st, pb, base + 2, (sqlite3_int64)df->unit + 1);
	pb_text(st, pb, base + 3, fact_kinds[df->kind], fact_kind_len[df->kind], gen);
	pb_int(st, pb, base + 4, df->start);
	pb_int(st, pb, base + 5, df->end);
	pb_int(st, pb, base + 6, df->cstart);
	pb_int(st, pb, base + 7, df->cend);
	pb_text(st, pb, base + 8, u->nt.text.data + df->start, df->end - df->start, gen);
	pb_pool(st, pb, base + 9, value, gen);
	pb_pool(st, pb, base + 10, trawl__dfact_str(doc, df, TRAWL__FS_VALUE_HI), gen);
	if ((df->kind == TRAWL__F_MONEY || df->kind == TRAWL__F_ITEM ||
	     df->kind == TRAWL__F_QUANTITY || df->kind == TRAWL__F_PROJECT ||
	     (df->kind == TRAWL__F_INDICATOR && value[0] >= '0' && value[0] <= '9')) &&
	    value[0])
		pb_real(st, pb, base + 11, (df->negative ? -1 : 1) * fact_num(value));
	else
		pb_null(st, pb, base + 11);
	pb_int(st, pb, base + 12, df->negative);
	/* columns 13-24: currency ... attrs, in the order of TRAWL__FS_* */
	for (int k = TRAWL__FS_CURRENCY; k < TRAWL__FS_N; k++)
		pb_pool(st, pb, base + 13 + k - TRAWL__FS_CURRENCY, trawl__dfact_str(doc, df, k), gen);
}

/* Steps a statement of fact rows once; it stays prepared. */
static trawl_err step_facts(sqlite_be *b, sqlite3_stmt *st, trawl_diag *d, const char *what)
{
	trawl_err rc = TRAWL_OK;

	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_err(b->db, d, what);
	sqlite3_reset(st);
	return rc;
}

/* 1 when every fact row in the table has an id below first: the rows
 * stored from then on, in ascending order, are the last of the table. */
static int facts_end_below(sqlite_be *b, sqlite3_int64 first, trawl_diag *d, const char *what,
                           trawl_err *rc)
{
	sqlite3_stmt *st = cached(b, STMT_FACTS_MAX, "SELECT max(id) FROM facts");
	int r, below = 0;

	if (!st) {
		*rc = db_err(b->db, d, what);
		return 0;
	}
	r = sqlite3_step(st);
	if (r == SQLITE_ROW)
		below = sqlite3_column_type(st, 0) == SQLITE_NULL || sqlite3_column_int64(st, 0) < first;
	else
		*rc = db_err(b->db, d, what);
	sqlite3_reset(st);
	return below;
}

/* A document's facts, each under the id (doc_rowid << TRAWL__FACT_BITS) |
 * its number. When they are the last rows of the table (a new document),
 * a fact numbered one after the row stored just before it is stored
 * without its id: SQLite gives it the table's largest id + 1, the same,
 * from the last leaf of the table, where an id given is first looked up
 * from the root (a search per row, the largest cost of a fact row). */
static trawl_err put_facts(sqlite_be *b, sqlite3_int64 doc_rowid, const trawl__doc *doc,
                           trawl_diag *d)
{
	static const char what[] = "storing the document's facts";
	char many[sizeof "INSERT INTO facts() VALUES" + sizeof FACT_COLS +
	          FACTS_PER_INSERT * sizeof FACT_ROW];
	size_t i = 0, n = doc->facts.n, idx[FACTS_PER_INSERT], prev = (size_t)-1;
	sqlite3_stmt *st;
	trawl_err rc = TRAWL_OK;
	int k, r, append, nx;
	pbind *pb;
	uint64_t gen;

	if (!n)
		return TRAWL_OK;
	if (n >= ((size_t)1 << TRAWL__FACT_BITS)) {
		trawl__diag_set(d, NULL, "%s: over 2^32 facts in one document", what);
		return TRAWL_ETOOBIG;
	}
	if (!b->fbinds && !(b->fbinds = calloc(1, sizeof *b->fbinds))) {
		trawl__diag_set(d, NULL, "%s: out of memory", what);
		return TRAWL_ENOMEM;
	}
	gen = ++b->fbinds->gen;
	append = facts_end_below(b, doc_rowid << TRAWL__FACT_BITS, d, what, &rc);
	if (rc)
		return rc;
	while (i < n) {
		while (i < n && !trawl__sq_fact_stored(doc, i))
			i++;
		if (i >= n)
			break;
		/* without its id: the fact numbered one after the row before */
		nx = append && prev != (size_t)-1 && i == prev + 1;
		k = 0;
		if (append && !nx) {
			idx[k++] = i++;      /* its id given, in a row of its own */
		} else if (nx) {
			/* the facts that follow it, up to a gap in the numbers */
			while (i < n && k < FACTS_PER_INSERT && trawl__sq_fact_stored(doc, i))
				idx[k++] = i++;
		} else {
			/* the next FACTS_PER_INSERT facts that are stored */
			for (; i < n && k < FACTS_PER_INSERT; i++)
				if (trawl__sq_fact_stored(doc, i))
					idx[k++] = i;
		}
		prev = idx[k - 1];
		if (k == FACTS_PER_INSERT) {
			/* in one statement; the last few one by one */
			int slot = nx ? STMT_FACTS_NEXT_MANY : STMT_FACTS_MANY;
			if (!b->cache[slot]) {
				size_t o = (size_t)snprintf(many, sizeof many, "INSERT INTO facts(%s) VALUES",
				                            nx ? FACT_COLS_NEXT : FACT_COLS);
				for (r = 0; r < FACTS_PER_INSERT && o < sizeof many; r++)
					o += (size_t)snprintf(many + o, sizeof many - o, "%s%s", r ? "," : "",
					                      nx ? FACT_ROW_NEXT : FACT_ROW);
			}
			if (!(st = fact_stmt(b, slot, nx ? FB_MANY_NEXT : FB_MANY, many, &pb)))
				return db_err(b->db, d, what);
			for (r = 0; r < k; r++)
				bind_fact(st, pb, gen, r * (nx ? FACT_NCOLS - 1 : FACT_NCOLS), doc_rowid, doc,
				          idx[r], !nx);
			if ((rc = step_facts(b, st, d, what)))
				return rc;
			continue;
		}
		for (r = 0; r < k; r++) {
			st = nx ? fact_stmt(b, STMT_FACT_NEXT, FB_ONE_NEXT,
			                    "INSERT INTO facts(" FACT_COLS_NEXT ") VALUES" FACT_ROW_NEXT, &pb)
			        : fact_stmt(b, STMT_FACT, FB_ONE,
			                    "INSERT INTO facts(" FACT_COLS ") VALUES" FACT_ROW, &pb);
			if (!st)
				return db_err(b->db, d, what);
			bind_fact(st, pb, gen, 0, doc_rowid, doc, idx[r], !nx);
			if ((rc = step_facts(b, st, d, what)))
				return rc;
		}
	}
	return TRAWL_OK;
}

/* A document's units, facts and fields, under its docs rowid (the search
 * index is built apart: put_segment). */
static trawl_err put_content(sqlite_be *b, sqlite3_int64 doc_rowid, const char *id,
                             const trawl__doc *doc, trawl_diag *d)
{
	static const char what_units[] = "storing the document's text",
		what_fields[] = "storing the document's fields";
	sqlite3_stmt *st;
	trawl_err rc;
	size_t i;

	/* a unit's rowid carries its document's: (docs.rowid << UNIT_BITS) | seq,
	 * so a search hit (document number, unit number) finds it directly */
	if (doc->units.n >= ((size_t)1 << TRAWL__UNIT_BITS)) {
		trawl__diag_set(d, NULL, "%s: over %lu pages or sheets", what_units,
		                (unsigned long)(1ul << TRAWL__UNIT_BITS) - 1);
		return TRAWL_ETOOBIG;
	}
	for (i = 0; i < doc->units.n; i++) {
		trawl__unit *u = TRAWL_VEC_AT(&doc->units, trawl__unit *, i);
		st = cached(b, STMT_UNIT, "INSERT INTO units(rowid,doc,seq,kind,number,"
		            "name,text,raw,map,cells,spans,ncells,ocr) "
		            "VALUES(?12,?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?13)");
		if (!st)
			return db_err(b->db, d, what_units);
		sqlite3_bind_int64(st, 12, (doc_rowid << TRAWL__UNIT_BITS) | (sqlite3_int64)(i + 1));
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_text(st, 3, u->kind, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, u->number);
		sqlite3_bind_text(st, 5, u->name, -1, SQLITE_STATIC);
		/* (64-bit lengths: SQLite refuses what is over its own limit, with
		 * a message, instead of an int that wrapped) */
		sqlite3_bind_text64(st, 6, u->nt.text.data, u->nt.text.len, SQLITE_STATIC, SQLITE_UTF8);
		if (!trawl__ntext_identity(&u->nt)) {
			sqlite3_bind_text64(st, 7, u->nt.raw.data, u->nt.raw.len, SQLITE_STATIC,
			                    SQLITE_UTF8);
			sqlite3_bind_blob64(st, 8, u->nt.map.items,
			                    (sqlite3_uint64)u->nt.map.n * u->nt.map.size, SQLITE_STATIC);
		}
		if (u->cells.n)
			sqlite3_bind_blob64(st, 9, u->cells.items,
			                    (sqlite3_uint64)u->cells.n * u->cells.size, SQLITE_STATIC);
		if (u->spans.n)
			sqlite3_bind_blob64(st, 10, u->spans.items,
			                    (sqlite3_uint64)u->spans.n * u->spans.size, SQLITE_STATIC);
		sqlite3_bind_int64(st, 11, (sqlite3_int64)u->cells.n);
		if (u->ocr)
			sqlite3_bind_double(st, 13, u->ocr_conf);
		if ((rc = step_kept(b->db, st, d, what_units)))
			return rc;
	}
	if ((rc = put_facts(b, doc_rowid, doc, d)))
		return rc;
	for (i = 0; i < doc->fields.n; i++) {
		trawl__field *f = &TRAWL_VEC_AT(&doc->fields, trawl__field, i);
		st = cached(b, STMT_FIELD, "INSERT INTO fields(doc,key,value) VALUES(?,?,?)");
		if (!st)
			return db_err(b->db, d, what_fields);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f->key, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, f->value, -1, SQLITE_STATIC);
		if ((rc = step_kept(b->db, st, d, what_fields)))
			return rc;
	}
	return TRAWL_OK;
}

/* The columns a document's reading decides, in the order bind_doc binds
 * them from ?2 on (?1 is the document's id or rowid). */
#define DOC_READ_COLS "seq, ext_id, title, units, pages, text_bytes, extractor, kind, " \
	"kind_src, year, year_src, place, place_code, place_src, amount, currency, " \
	"amount_src, amount_fact, ocr_units, ocr_conf"
#define DOC_READ_NCOLS 20

static void bind_doc(sqlite3_stmt *st, int seq, const trawl__doc *doc,
                     const trawl__docmeta *m, int version)
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
	sqlite3_bind_int(st, k++, seq);
	sqlite3_bind_text(st, k++, doc->ext_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k++, doc->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, k++, (sqlite3_int64)doc->units.n);
	sqlite3_bind_int64(st, k++, (sqlite3_int64)pages);
	sqlite3_bind_int64(st, k++, (sqlite3_int64)text);
	sqlite3_bind_int(st, k++, version);
	bind_nonempty(st, k++, m->kind);
	bind_nonempty(st, k++, m->kind_src);
	if (m->year > 0)
		sqlite3_bind_int(st, k, m->year);
	k++;
	bind_nonempty(st, k++, m->year ? m->year_src : NULL);
	bind_nonempty(st, k++, m->place);
	bind_nonempty(st, k++, m->place[0] ? m->place_code : NULL);
	bind_nonempty(st, k++, m->place[0] ? m->place_src : NULL);
	bind_nonempty(st, k++, m->amount);
	bind_nonempty(st, k++, m->amount[0] ? m->currency : NULL);
	/* (an unstated amount: its source and figure, no amount) */
	bind_nonempty(st, k++, m->amount[0] || m->amount_fact ? m->amount_src : NULL);
	if (m->amount_fact)
		sqlite3_bind_int64(st, k, m->amount_fact);
	k++;
	sqlite3_bind_int64(st, k++, (sqlite3_int64)nocr);
	if (nocr)
		sqlite3_bind_double(st, k, conf / (double)nocr);
	k++;
}

static trawl_err sq_put_doc(void *be, const char *sha, int seq, const char *id,
                            const trawl__doc *doc, const trawl__docmeta *meta, int version,
                            int index, int64_t *docno, trawl_diag *d)
{
	static const char what[] = "storing the document";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	sqlite3_int64 rowid;
	trawl_err rc;

	/* a rowid above every one given before, removed documents' too */
	if (!(st = trawl__sq_cached(b, STMT_DOC, "INSERT INTO docs(rowid, id, " DOC_READ_COLS
	                            ", sha256, indexed) VALUES(max((SELECT coalesce(max(rowid), 0) "
	                            "FROM docs), (SELECT coalesce(max(CAST(value AS INTEGER)), 0) "
	                            "FROM meta WHERE key = 'docs_hwm')) + 1, ?1,?2,?3,?4,?5,?6,?7,"
	                            "?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23)",
	                            d, what)))
		return trawl__sq_code(b->db);
	_Static_assert(DOC_READ_NCOLS == 20, "the INSERT above lists ?2 to ?21 for them");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	bind_doc(st, seq, doc, meta, version);
	sqlite3_bind_text(st, 22, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 23, index != 0);
	if ((rc = step_kept(b->db, st, d, what)))
		return rc;
	rowid = sqlite3_last_insert_rowid(b->db);
	if (rowid > (sqlite3_int64)UINT32_MAX) {
		trawl__diag_set(d, NULL, "%s: over 2^32 documents", what);
		return TRAWL_ETOOBIG;
	}
	if ((rc = put_content(b, rowid, id, doc, d)) ||
	    (rc = trawl__sqix_facet_new_doc(b, rowid, doc, d)))
		return rc;
	b->wgen++;
	*docno = index ? rowid : 0;
	return TRAWL_OK;
}

/* Runs sql with ?1 bound to id (text) or, when id is NULL, to v. */
static trawl_err exec_1(sqlite_be *b, const char *sql, const char *id, sqlite3_int64 v,
                        trawl_diag *d, const char *what)
{
	sqlite3_stmt *st;

	if (!(st = prepare(b->db, sql, d, what)))
		return trawl__sq_code(b->db);
	if (id)
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, v);
	return step_done(b->db, st, d, what);
}

static trawl_err sq_replace_doc(void *be, const char *sha, int seq, const char *id,
                                const trawl__doc *doc, const trawl__docmeta *meta, int version,
                                int *added, int64_t *docno, trawl_diag *d)
{
	static const char what[] = "replacing the document";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	sqlite3_int64 rowid = 0;
	int indexed = 1, r;
	trawl_err rc, err = TRAWL_OK;

	if (!(st = prepare(b->db, "SELECT rowid, indexed FROM docs WHERE id = ?1", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		rowid = sqlite3_column_int64(st, 0);
		indexed = sqlite3_column_int(st, 1);
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		err = db_err(b->db, d, what);
	sqlite3_finalize(st);
	if (err)
		return err;
	if (r == SQLITE_DONE) {
		/* one trawl rm took out of its file stays out */
		if (!(st = prepare(b->db, "SELECT 1 FROM removed WHERE id = ?1", d, what)))
			return trawl__sq_code(b->db);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		r = sqlite3_step(st);
		if (r != SQLITE_ROW && r != SQLITE_DONE)
			err = db_err(b->db, d, what);
		sqlite3_finalize(st);
		if (err)
			return err;
		*added = r == SQLITE_DONE ? 1 : -1;
		*docno = 0;
		return r == SQLITE_ROW ? TRAWL_OK :
		       sq_put_doc(be, sha, seq, id, doc, meta, version, 1, docno, d);
	}
	*added = 0;
	/* out of the search index and the facets first, as it was */
	if ((rc = trawl__sqix_delete(b, rowid, d)) || (rc = trawl__sqix_facet_doc(b, rowid, -1, d)) ||
	    (rc = exec_1(b, "DELETE FROM units WHERE doc = ?1", id, 0, d, what)) ||
	    (rc = exec_1(b, "DELETE FROM facts WHERE" FACTS_OF_SQL("id", "?1"), NULL, rowid,
	                 d, what)) ||
	    (rc = exec_1(b, "DELETE FROM fields WHERE doc = ?1", id, 0, d, what)))
		return rc;
	if (!(st = prepare(b->db, "UPDATE docs SET (" DOC_READ_COLS ") = (?2,?3,?4,?5,?6,?7,"
	                   "?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21) WHERE rowid = ?1",
	                   d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_int64(st, 1, rowid);
	bind_doc(st, seq, doc, meta, version);
	if ((rc = step_done(b->db, st, d, what)))
		return rc;
	if ((rc = put_content(b, rowid, id, doc, d)) ||
	    (rc = trawl__sqix_facet_new_doc(b, rowid, doc, d)))
		return rc;
	b->wgen++;
	*docno = indexed ? rowid : 0;
	return TRAWL_OK;
}

/* Notes the facet values of every document of blob sha (sign as
 * trawl__sqix_facet_doc's). */
static trawl_err blob_facets(sqlite_be *b, const char *sha, int sign, trawl_diag *d)
{
	static const char what[] = "updating the search facets";
	sqlite3_stmt *st;
	int64_t rows[64];
	int n = 0, r;
	trawl_err rc = TRAWL_OK;
	sqlite3_int64 after = 0;

	/* a few at a time: the facet queries need the connection */
	do {
		n = 0;
		if (!(st = prepare(b->db, "SELECT rowid FROM docs WHERE sha256 = ?1 AND rowid > ?2 "
		                   "ORDER BY rowid LIMIT 64", d, what)))
			return trawl__sq_code(b->db);
		sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, after);
		while ((r = sqlite3_step(st)) == SQLITE_ROW)
			rows[n++] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (r != SQLITE_DONE)
			return db_err(b->db, d, what);
		for (int i = 0; i < n && !rc; i++)
			rc = trawl__sqix_facet_doc(b, rows[i], sign, d);
		if (n)
			after = rows[n - 1];
	} while (!rc && n == 64);
	return rc;
}

static trawl_err sq_refresh_done(void *be, const char *sha, const char *format,
                                 const char *encoding, int version, uint64_t *kept,
                                 trawl_diag *d)
{
	static const char what[] = "marking the original as re-read";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	trawl_err rc;

	if (!(st = prepare(b->db, "SELECT count(*) FROM docs WHERE sha256 = ?1 AND "
	                   "extractor != ?2", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, version);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = db_err(b->db, d, what);
		sqlite3_finalize(st);
		return rc;
	}
	*kept = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	/* the blob's format is a facet of each of its documents */
	if ((rc = blob_facets(b, sha, -1, d)))
		return rc;
	if (!(st = prepare(b->db, "UPDATE docs SET extractor = ?2 WHERE sha256 = ?1", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, version);
	if ((rc = step_done(b->db, st, d, what)))
		return rc;
	if (!(st = prepare(b->db, "UPDATE blobs SET ndocs = (SELECT count(*) FROM docs WHERE "
	                   "sha256 = ?1), format = ?2, encoding = ?3 WHERE sha256 = ?1", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, sha, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, format, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, encoding, -1, SQLITE_STATIC);
	if ((rc = step_done(b->db, st, d, what)))
		return rc;
	b->wgen++;
	return blob_facets(b, sha, 1, d);
}

static trawl_err sq_stale(void *be, int version, int all,
                          int (*cb)(const char *, int64_t, const char *, const char *,
                                    const char *, const char *, void *),
                          void *u, trawl_diag *d)
{
	static const char what[] = "listing the originals to re-read";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	trawl_err rc;
	int r;

	/* in the order they were stored; the latest sighting names each */
	if (!(st = prepare(b->db, "SELECT b.sha256, b.size, s.path, s.source_url, b.stated_unit, "
	                   "b.stated_currency FROM blobs b "
	                   "LEFT JOIN sightings s ON s.id = (SELECT max(id) FROM sightings "
	                   "WHERE sha256 = b.sha256) WHERE ?2 OR EXISTS (SELECT 1 FROM docs d "
	                   "WHERE d.sha256 = b.sha256 AND d.extractor < ?1) ORDER BY b.rowid",
	                   d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_int(st, 1, version);
	sqlite3_bind_int(st, 2, all != 0);
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if (cb(col(st, 0), sqlite3_column_int64(st, 1), col(st, 2), col(st, 3), col(st, 4),
		       col(st, 5), u))
			break;
	rc = rows_done(b->db, r, d, what);
	sqlite3_finalize(st);
	return rc;
}

static trawl_err sq_stale_count(void *be, int version, uint64_t *n, trawl_diag *d)
{
	static const char what[] = "counting the documents to re-read";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	trawl_err rc = TRAWL_OK;

	if (!(st = prepare(b->db, "SELECT count(*) FROM docs WHERE extractor < ?1", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_int(st, 1, version);
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = (uint64_t)sqlite3_column_int64(st, 0);
	else
		rc = db_err(b->db, d, what);
	sqlite3_finalize(st);
	return rc;
}

static trawl_err sq_set_meta(void *be, const char *id, const char *key, const char *value,
                             const char *extra, trawl_diag *d)
{
	static const char what[] = "setting the document's metadata";
	/* key -> its override column, and the second column set with it */
	static const char *const cols[][3] = {
		{ "title", "u_title", NULL }, { "kind", "u_kind", NULL }, { "year", "u_year", NULL },
		{ "place", "u_place", "u_place_code" }, { "amount", "u_amount", "u_currency" },
	};
	sqlite_be *b = be;
	sqlite3_stmt *st = NULL;
	sqlite3_int64 rowid = 0;
	char sql[160];
	size_t i;
	trawl_err rc;

	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (!strcmp(key, cols[i][0]))
			break;
	if (i == sizeof cols / sizeof cols[0]) {
		trawl__diag_set(d, NULL, "no field %s to set", key);
		return TRAWL_EUSAGE;
	}
	if (cols[i][2])
		snprintf(sql, sizeof sql, "UPDATE docs SET %s = ?2, %s = ?3 WHERE id = ?1", cols[i][1],
		         cols[i][2]);
	else
		snprintf(sql, sizeof sql, "UPDATE docs SET %s = ?2 WHERE id = ?1", cols[i][1]);
	{
		/* the document's facets change with it */
		sqlite3_stmt *q = prepare(b->db, "SELECT rowid FROM docs WHERE id = ?1", d, what);
		if (!q)
			return trawl__sq_code(b->db);
		sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW)
			rowid = sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
		if (rowid && (rc = trawl__sqix_facet_doc(b, rowid, -1, d)))
			return rc;
	}
	if (!(st = prepare(b->db, sql, d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	if (value && !strcmp(key, "year"))
		sqlite3_bind_int(st, 2, (int)strtol(value, NULL, 10));
	else if (value)
		sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (value && extra && *extra)
		sqlite3_bind_text(st, 3, extra, -1, SQLITE_STATIC);
	rc = step_done(b->db, st, d, what);
	if (!rc && sqlite3_changes(b->db) == 0)
		rc = TRAWL_ENOTFOUND;
	if (!rc && rowid) {
		b->wgen++;
		rc = trawl__sqix_facet_doc(b, rowid, 1, d);
	}
	return rc;
}

/* One query serves ls, doc_get and resolve: a document with its blob, the
 * latest sighting of those bytes, its metadata (overrides first) and the
 * fact its amount was read from. */
#define DOC_SELECT \
	"SELECT d.id, s.path, b.format, b.encoding, b.sha256, b.added_at, s.source_url, " \
	EFF_TITLE ", b.size, s.mtime, d.pages, d.units, s.version, " \
	"NOT EXISTS (SELECT 1 FROM sightings s2 WHERE s2.realpath = s.realpath AND s2.id > s.id " \
	"  AND s2.sha256 != s.sha256), " \
	EFF_KIND ", " SRC("kind") ", " EFF_YEAR ", " SRC("year") ", " \
	EFF_PLACE ", " EFF_PLACE_CODE ", " SRC("place") ", " \
	EFF_AMOUNT ", " EFF_CURRENCY ", " SRC("amount") ", fa.text, ua.number, " \
	"CASE WHEN d.u_title IS NULL THEN NULL ELSE 'user' END, d.extractor, s.realpath, " \
	DOC_PART ", d.ocr_units, d.ocr_conf, fa.value " \
	"FROM docs d JOIN blobs b ON b.sha256 = d.sha256 " \
	"LEFT JOIN sightings s ON s.id = (SELECT max(id) FROM sightings WHERE sha256 = d.sha256) " \
	"LEFT JOIN facts fa ON d.u_amount IS NULL AND d.amount_fact IS NOT NULL AND " \
	"  fa.id = (d.rowid << " FACT_BITS_SQL ") | d.amount_fact " \
	"LEFT JOIN units ua ON ua.rowid = (d.rowid << " UNIT_BITS_SQL ") | fa.unit "
/* What tells apart the documents of one file (the releases of an OCDS
 * package, whose reader keeps their tag and date as fields): "award
 * 2024-05-20", else the reader's own id for it; NULL for a file's only
 * document. */
#define DOC_PART \
	"CASE WHEN b.ndocs > 1 THEN coalesce(nullif(trim(" \
	"coalesce((SELECT value FROM fields WHERE doc = d.id AND key = 'tag'), '') || ' ' || " \
	"coalesce(substr((SELECT value FROM fields WHERE doc = d.id AND key = 'date'), 1, 10), " \
	"'')), ''), d.ext_id) END "
/* where an effective value came from: "user" for an override */
#define SRC(k) "CASE WHEN d.u_" k " IS NULL THEN d." k "_src ELSE 'user' END"

static void fill_info(sqlite3_stmt *st, trawl_doc_info *di)
{
	memset(di, 0, sizeof *di);
	di->id = col(st, 0);
	di->path = col(st, 1);
	di->format = col(st, 2);
	di->encoding = col(st, 3);
	di->sha256 = col(st, 4);
	di->added_at = col(st, 5);
	di->source_url = col(st, 6);
	di->title = col(st, 7);
	di->size = sqlite3_column_int64(st, 8);
	di->mtime = sqlite3_column_int64(st, 9);
	di->pages = sqlite3_column_int(st, 10);
	di->units = sqlite3_column_int(st, 11);
	di->version = sqlite3_column_int(st, 12);
	di->current = sqlite3_column_int(st, 13);
	di->kind = col(st, 14);
	di->kind_source = col(st, 15);
	di->year = sqlite3_column_int(st, 16);
	di->year_source = col(st, 17);
	di->place = col(st, 18);
	di->place_code = di->place ? col(st, 19) : NULL;
	di->place_source = col(st, 20);
	di->amount = col(st, 21);
	di->currency = di->amount ? col(st, 22) : NULL;
	di->amount_source = col(st, 23);
	di->amount_text = di->amount || trawl__amount_unstated(di) ? col(st, 24) : NULL;
	di->amount_page = di->amount_text ? sqlite3_column_int(st, 25) : 0;
	di->title_source = col(st, 26);
	di->extractor = sqlite3_column_int(st, 27);
	di->stale = di->extractor < trawl__extractor_version();
	di->realpath = col(st, 28);
	di->part = col(st, 29);
	di->ocr_units = sqlite3_column_int(st, 30);
	di->ocr_conf = sqlite3_column_double(st, 31);
	di->amount_sum = trawl__amount_is_sum(di->amount, di->amount_text, col(st, 32));
}

static trawl_err sq_ls(void *be, int all, int (*cb)(const trawl_doc_info *, void *), void *u,
                       trawl_diag *d)
{
	static const char what[] = "listing the documents";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	trawl_doc_info di;
	trawl_err rc;
	int r;

	if (!(st = prepare(b->db, DOC_SELECT "ORDER BY s.path, s.id, d.seq", d, what)))
		return trawl__sq_code(b->db);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		fill_info(st, &di);
		if (!all && !di.current)
			continue;
		if (cb(&di, u))
			break;
	}
	rc = rows_done(b->db, r, d, what);
	sqlite3_finalize(st);
	return rc;
}

static trawl_err sq_doc_get(void *be, const char *id, trawl_doc_info *info, trawl_diag *d)
{
	static const char what[] = "reading the document";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	trawl_err rc = TRAWL_ENOTFOUND;
	int r;

	if (!(st = prepare(b->db, DOC_SELECT "WHERE d.id = ?", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	{
		/* the fault tests' failing read: SQLite itself refuses the row
		 * (its length limit below the row's strings: "string or blob
		 * too big") */
		int limit = -1;
		if (trawl__fault("store-read", NULL, 0))
			limit = sqlite3_limit(b->db, SQLITE_LIMIT_LENGTH, 8);
		r = sqlite3_step(st);
		if (limit >= 0)
			sqlite3_limit(b->db, SQLITE_LIMIT_LENGTH, limit);
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = db_err(b->db, d, what);
	if (r == SQLITE_ROW) {
		/* every string, copied: they outlive the statement */
		const char **fields[] = { &b->info.id, &b->info.path, &b->info.format,
			&b->info.encoding, &b->info.sha256, &b->info.added_at, &b->info.source_url,
			&b->info.title, &b->info.kind, &b->info.kind_source, &b->info.year_source,
			&b->info.place, &b->info.place_code, &b->info.place_source, &b->info.amount,
			&b->info.currency, &b->info.amount_source, &b->info.amount_text,
			&b->info.title_source, &b->info.realpath, &b->info.part };
		size_t i;
		_Static_assert(sizeof fields / sizeof fields[0] <=
		               sizeof b->info_strs / sizeof b->info_strs[0], "info_strs holds them");
		fill_info(st, &b->info);
		rc = TRAWL_OK;
		for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
			free(b->info_strs[i]);
			b->info_strs[i] = *fields[i] ? trawl__strdup(*fields[i]) : NULL;
			if (*fields[i] && !b->info_strs[i])
				rc = TRAWL_ENOMEM;
			*fields[i] = b->info_strs[i];
		}
		if (!rc)
			*info = b->info;
		else
			trawl__diag_set(d, NULL, "%s: out of memory", what);
	} else if (rc == TRAWL_ENOTFOUND) {
		trawl__diag_set(d, NULL, "no document %s", id);
	}
	sqlite3_finalize(st);
	return rc;
}

/* An id prefix: 3 to 64 hex digits (4,096 ids to a 3-digit prefix: a few
 * hundred documents are mostly told apart by 3, and a prefix that is
 * not unique is an error that asks for more). */
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

static trawl_err sq_resolve(void *be, const char *ref, char *id_out, trawl_diag *d)
{
	static const char what[] = "looking up the document";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	char first[65] = "";
	int n = 0, r;
	trawl_err rc;

	if (hexish(ref)) {
		char hi[66];
		snprintf(hi, sizeof hi, "%s~", ref); /* '~' sorts after every hex digit */
		if (!(st = prepare(b->db, "SELECT id FROM docs WHERE id >= ? AND id < ? "
		                   "ORDER BY id LIMIT 2", d, what)))
			return trawl__sq_code(b->db);
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, hi, -1, SQLITE_STATIC);
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			if (!n)
				snprintf(first, sizeof first, "%s", col(st, 0));
			n++;
		}
		rc = rows_done(b->db, r, d, what);
		sqlite3_finalize(st);
		if (rc)
			return rc;
	}
	if (n == 0) {
		/* a path: the document(s) of the latest bytes seen there, as
		 * given, by its end, or the same file by its real path */
		char *real = realpath(ref, NULL);
		if (!(st = prepare(b->db, "SELECT d.id FROM docs d WHERE d.sha256 = (SELECT "
		                   "sha256 FROM sightings WHERE path = ?1 OR realpath = ?2 OR "
		                   "substr(path, -length(?1) - 1) = '/' || ?1 "
		                   "ORDER BY (path = ?1 OR realpath = ?2) DESC, id DESC LIMIT 1) "
		                   "ORDER BY d.seq LIMIT 2", d, what))) {
			free(real);
			return trawl__sq_code(b->db);
		}
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, real, -1, SQLITE_TRANSIENT);
		free(real);
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			if (!n)
				snprintf(first, sizeof first, "%s", col(st, 0));
			n++;
		}
		rc = rows_done(b->db, r, d, what);
		sqlite3_finalize(st);
		if (rc)
			return rc;
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

static trawl_err sq_units(void *be, const char *id, int page,
                          int (*cb)(const trawl_unit_info *, void *), void *u, trawl_diag *d)
{
	static const char what[] = "reading the document's text";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	trawl_unit_info ui;
	trawl_err rc;
	int r, n = 0;

	if (!(st = prepare(b->db, "SELECT kind, number, name, text, ncells, ocr FROM units "
	                   "WHERE doc = ?1 AND (?2 <= 0 OR number = ?2) ORDER BY seq", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, page);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		ui.kind = col(st, 0);
		ui.number = sqlite3_column_int(st, 1);
		ui.name = col(st, 2);
		ui.text = col(st, 3);
		ui.len = (size_t)sqlite3_column_bytes(st, 3);
		ui.ncells = sqlite3_column_int(st, 4);
		ui.ocr = sqlite3_column_type(st, 5) != SQLITE_NULL;
		ui.ocr_conf = sqlite3_column_double(st, 5);
		n++;
		if (cb(&ui, u))
			break;
	}
	rc = rows_done(b->db, r, d, what);
	sqlite3_finalize(st);
	if (rc)
		return rc;
	if (!n && page > 0) {
		trawl__diag_set(d, NULL, "the document has no page or sheet %d", page);
		return TRAWL_ENOTFOUND;
	}
	return TRAWL_OK;
}

static trawl_err sq_sightings(void *be, const char *id,
                              int (*cb)(const trawl_sighting *, void *), void *u, trawl_diag *d)
{
	static const char what[] = "reading where the document was seen";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	trawl_sighting s;
	trawl_err rc;
	int r;

	if (!(st = prepare(b->db, "SELECT s.path, s.seen_at, s.source_url, s.sha256, "
	                   "s.size, s.mtime, s.version, s.realpath FROM sightings s JOIN docs d ON "
	                   "d.sha256 = s.sha256 WHERE d.id = ? ORDER BY s.id", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		s.path = col(st, 0);
		s.seen_at = col(st, 1);
		s.source_url = col(st, 2);
		s.sha256 = col(st, 3);
		s.size = sqlite3_column_int64(st, 4);
		s.mtime = sqlite3_column_int64(st, 5);
		s.version = sqlite3_column_int(st, 6);
		s.realpath = col(st, 7);
		if (cb(&s, u))
			break;
	}
	rc = rows_done(b->db, r, d, what);
	sqlite3_finalize(st);
	return rc;
}

static trawl_err sq_fields(void *be, const char *id,
                           int (*cb)(const char *, const char *, void *), void *u, trawl_diag *d)
{
	static const char what[] = "reading the document's fields";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	trawl_err rc;
	int r;

	if (!(st = prepare(b->db, "SELECT key, value FROM fields WHERE doc = ? ORDER BY rowid",
	                   d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if (cb(col(st, 0), col(st, 1), u))
			break;
	rc = rows_done(b->db, r, d, what);
	sqlite3_finalize(st);
	return rc;
}

static trawl_err sq_check(void *be, int (*cb)(const trawl_problem *, void *), void *u,
                          uint64_t *nserious, trawl_diag *d)
{
	static const char *const checks[][2] = {
		{ "PRAGMA integrity_check", "integrity" },
		{ "SELECT 'sighting ' || id || ' names missing blob ' || sha256 FROM sightings "
		  "WHERE sha256 NOT IN (SELECT sha256 FROM blobs)", "sightings" },
		{ "SELECT 'document ' || id || ' names missing blob ' || sha256 FROM docs "
		  "WHERE sha256 NOT IN (SELECT sha256 FROM blobs)", "docs" },
		{ "SELECT 'blob ' || sha256 || ' has ' || ndocs || ' documents but ' || "
		  "(SELECT count(*) FROM docs d WHERE d.sha256 = b.sha256) || ' are stored' "
		  "FROM blobs b WHERE ndocs != (SELECT count(*) FROM docs d WHERE d.sha256 = b.sha256)",
		  "docs" },
		{ "SELECT 'blob ' || sha256 || ' was never seen at a path' FROM blobs "
		  "WHERE sha256 NOT IN (SELECT sha256 FROM sightings)", "sightings" },
		{ "SELECT 'fact ' || id || ' names missing document ' || (id >> " FACT_BITS_SQL ") "
		  "FROM facts WHERE (id >> " FACT_BITS_SQL ") NOT IN (SELECT rowid FROM docs)", "facts" },
		{ "SELECT 'document ' || id || ' has ' || units || ' units but ' || "
		  "(SELECT count(*) FROM units WHERE doc = d.id) || ' are stored' FROM docs d "
		  "WHERE units != (SELECT count(*) FROM units WHERE doc = d.id)", "units" },
	};
	sqlite_be *b = be;
	size_t i;

	*nserious = 0;
	/* the search index against the text it indexes */
	{
		trawl_err rc = trawl__sqix_check(b, cb, u, nserious, d);
		if (rc)
			return rc;
	}
	for (i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		sqlite3_stmt *st = NULL;
		int r;
		if (sqlite3_prepare_v2(b->db, checks[i][0], -1, &st, NULL)) {
			trawl_problem p = { "database", checks[i][1], sqlite3_errmsg(b->db), 1 };
			(*nserious)++;
			cb(&p, u);
			continue;
		}
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			const char *msg = col(st, 0);
			trawl_problem p = { "database", checks[i][1], msg, 1 };
			if (i == 0 && msg && !strcmp(msg, "ok"))
				continue;
			(*nserious)++;
			cb(&p, u);
		}
		if (r != SQLITE_DONE) {
			trawl_problem p = { "database", checks[i][1], sqlite3_errmsg(b->db), 1 };
			(*nserious)++;
			cb(&p, u);
		}
		sqlite3_finalize(st);
	}
	return TRAWL_OK;
}

static const char *sq_notice(void *be)
{
	return ((sqlite_be *)be)->note;
}

static trawl_err sq_blobs(void *be, int (*cb)(const char *, int64_t, void *), void *u,
                          trawl_diag *d)
{
	static const char what[] = "listing the stored originals";
	sqlite_be *b = be;
	sqlite3_stmt *st;
	trawl_err rc;
	int r;

	if (!(st = prepare(b->db, "SELECT sha256, size FROM blobs ORDER BY rowid", d, what)))
		return trawl__sq_code(b->db);
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		if (cb(col(st, 0), sqlite3_column_int64(st, 1), u))
			break;
	rc = rows_done(b->db, r, d, what);
	sqlite3_finalize(st);
	return rc;
}

const trawl__store_ops trawl__store_sqlite = {
	.version = TRAWL__STORE_OPS_VERSION,
	.name = "sqlite",
	.open = sq_open,
	.close = sq_close,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.blob_known = sq_blob_known,
	.path_latest = sq_path_latest,
	.put_blob = sq_put_blob,
	.put_sighting = sq_put_sighting,
	.put_doc = sq_put_doc,
	.replace_doc = sq_replace_doc,
	.refresh_done = sq_refresh_done,
	.stale = sq_stale,
	.stale_count = sq_stale_count,
	.set_meta = sq_set_meta,
	.ls = sq_ls,
	.resolve = sq_resolve,
	.doc_get = sq_doc_get,
	.units = sq_units,
	.sightings = sq_sightings,
	.fields = sq_fields,
	.check = sq_check,
	.search = trawl__sq_search,
	.doc_mark = trawl__sq_doc_mark,
	.watch_put = trawl__sq_watch_put,
	.watch_del = trawl__sq_watch_del,
	.watches = trawl__sq_watches,
	.watch_mark = trawl__sq_watch_mark,
	.facts = trawl__sq_facts,
	.blobs = sq_blobs,
	.put_segment = trawl__sq_put_segment,
	.index_maintain = trawl__sq_index_maintain,
	.notice = sq_notice,
	.path_docs = trawl__sq_path_docs,
	.forget_paths = trawl__sq_forget_paths,
	.blob_seen = trawl__sq_blob_seen,
	.blob_docs = trawl__sq_blob_docs,
	.remove_doc = trawl__sq_remove_doc,
	.data_version = trawl__sq_data_version,
	/* match_docs: none; facet_counts counts through the facet bitmaps */
	.facet_counts = trawl__sq_facet_counts,
	.search_facets = 1,
	.facet_rows = trawl__sq_facet_rows,
	.spans = trawl__sq_spans,
	.facts_count = trawl__sq_facts_count,
	.copy_out = trawl__sq_copy_out,
	.copy_in = trawl__sq_copy_in,
};
