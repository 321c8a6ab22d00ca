/* The SQLite store's search index: segments (lib/index/segment.h) as files
 * in STORE/index/, listed in the table ix_segments, which the same
 * transaction that records their documents commits; facet bitmaps (a
 * roaring bitmap of documents per value of each facet) in ix_facets.
 *
 * A segment file is written and synced before the row that names it is
 * committed; a file no row names is removed once the process that wrote
 * it is gone (its name is PID-N.seg). A document taken out of the index
 * (trawl refresh replaces it, trawl rm removes it) is marked dead in its
 * segment's row; merges drop dead documents and keep the number of
 * segments small (tiers of size: eight of a tier become one). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>
#include "store/sqlite_be.h"
#include "store/sqlite_index.h"
#include "facts/extract.h"
#include "index/facetcount.h"
#include "index/ixsearch.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/banned.h"

#define MERGE_FACTOR 8
#define TIER_BASE ((uint64_t)4 << 20)

/* One row of ix_segments. */
typedef struct mrow {
	int64_t id;
	char *file;
	uint64_t size;
	uint32_t crc, ndocs, nunits;
	uint64_t ntokens;
	uint32_t *docno;              /* ndocs */
	roaring_bitmap_t *dead;       /* local documents */
	/* opened for search */
	int fd;
	trawl__segment *seg;
	roaring_bitmap_t *deadu;      /* local units */
	uint64_t ndead;               /* dead's documents when deadu was made */
	uint32_t live_units;
	uint64_t live_tokens;
} mrow;

/* A pending change to one facet value: documents added and removed. */
typedef struct fdelta {
	char *dim, *value;
	roaring_bitmap_t *add, *rem;
} fdelta;

/* A facet value as searched. */
typedef struct fval {
	char *dim, *value;
	roaring_bitmap_t *docs;
} fval;

struct trawl__sqix {
	char *dir;                    /* STORE/index */
	int64_t dv;                   /* data_version when loaded */
	uint64_t gen;                 /* b's write generation when loaded */
	int loaded;
	mrow *rows;
	size_t nrows;
	/* rowid -> (row, local document) of live indexed documents */
	uint64_t *hkeys;              /* rowid + 1, 0 empty */
	uint32_t *hrow, *hloc;
	size_t hcap, hn;
	int hvalid;
	/* facets */
	fdelta *fd;
	size_t nfd, capfd;
	/* (dim, value) -> its delta's index + 1 (0: empty), open addressing:
	 * a batch, or the rebuild of a whole store, notes thousands of names */
	size_t *fdix, fdixcap;
	fval *fv;
	size_t nfv;
	/* the counting table of the shown facet values (facetcount.h), made
	 * from fv when first counted */
	trawl__fxtab *ftab;
	int64_t fdv;
	uint64_t fgen;
	int floaded;
	unsigned seq;                 /* segment files written by this process */
};

static trawl_err db_err(sqlite3 *db, trawl_diag *d, const char *what)
{
	return trawl__sq_err(db, d, what);
}

static sqlite3_stmt *prep(sqlite3 *db, const char *sql, trawl_diag *d, const char *what)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		db_err(db, d, what);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static int64_t data_version(sqlite3 *db)
{
	sqlite3_stmt *st = NULL;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ---- the cache of rows and open segments ---- */

static void row_free(mrow *r)
{
	free(r->file);
	free(r->docno);
	trawl__bitmap_free(r->dead);
	trawl__bitmap_free(r->deadu);
	trawl__segment_free(r->seg);
	if (r->fd >= 0)
		close(r->fd);
	memset(r, 0, sizeof *r);
	r->fd = -1;
}

static void rows_free(trawl__sqix *x)
{
	for (size_t i = 0; i < x->nrows; i++)
		row_free(&x->rows[i]);
	free(x->rows);
	x->rows = NULL;
	x->nrows = 0;
	x->loaded = 0;
	x->hvalid = 0;
}

/* The counting table of facet values (facetcount.h). */
static void fdocs_free(trawl__sqix *x)
{
	trawl__fx_free(x->ftab);
	x->ftab = NULL;
}

static void fvals_free(trawl__sqix *x)
{
	for (size_t i = 0; i < x->nfv; i++) {
		free(x->fv[i].dim);
		free(x->fv[i].value);
		trawl__bitmap_free(x->fv[i].docs);
	}
	free(x->fv);
	x->fv = NULL;
	x->nfv = 0;
	x->floaded = 0;
	fdocs_free(x);
}

static void fdeltas_free(trawl__sqix *x)
{
	for (size_t i = 0; i < x->nfd; i++) {
		free(x->fd[i].dim);
		free(x->fd[i].value);
		trawl__bitmap_free(x->fd[i].add);
		trawl__bitmap_free(x->fd[i].rem);
	}
	free(x->fd);
	x->fd = NULL;
	x->nfd = x->capfd = 0;
	free(x->fdix);
	x->fdix = NULL;
	x->fdixcap = 0;
}

void trawl__sqix_free(trawl__sqix *x)
{
	if (!x)
		return;
	rows_free(x);
	fvals_free(x);
	fdeltas_free(x);
	free(x->hkeys);
	free(x->hrow);
	free(x->hloc);
	free(x->dir);
	free(x);
}

/* Decodes a docs blob (u32 little-endian each). */
static uint32_t *docs_of_blob(const void *p, int n, uint32_t ndocs)
{
	const uint8_t *q = p;
	uint32_t *a;

	if ((size_t)n != (size_t)ndocs * 4)
		return NULL;
	a = trawl__mallocn((size_t)ndocs + 1, sizeof *a);
	if (!a)
		return NULL;
	for (uint32_t i = 0; i < ndocs; i++)
		a[i] = (uint32_t)q[4 * i] | (uint32_t)q[4 * i + 1] << 8 |
		       (uint32_t)q[4 * i + 2] << 16 | (uint32_t)q[4 * i + 3] << 24;
	return a;
}

static roaring_bitmap_t *bitmap_of_blob(const void *p, int n)
{
	if (!p || n <= 0)
		return roaring_bitmap_create();
	return roaring_bitmap_portable_deserialize_safe(p, (size_t)n);
}

/* Reads the rows of ix_segments (keeping open segments whose row is the
 * same). */
static trawl_err load_rows(sqlite_be *b, trawl_diag *d)
{
	static const char what[] = "reading the search index's segments";
	trawl__sqix *x = b->ix;
	sqlite3_stmt *st;
	mrow *rows = NULL;
	size_t n = 0, cap = 0;
	trawl_err rc = TRAWL_OK;
	int r;
	int64_t dv = data_version(b->db);

	if (x->loaded && x->dv == dv && x->gen == b->wgen)
		return TRAWL_OK;
	if (!(st = prep(b->db, "SELECT id, file, size, crc, ndocs, nunits, ntokens, docs, dead "
	                "FROM ix_segments ORDER BY id", d, what)))
		return trawl__sq_code(b->db);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		mrow *m;
		if (n == cap) {
			size_t nc = cap ? cap * 2 : 16;
			mrow *nr = trawl__reallocn(rows, nc, sizeof *nr);
			if (!nr) {
				rc = TRAWL_ENOMEM;
				break;
			}
			rows = nr;
			cap = nc;
		}
		m = &rows[n++];
		memset(m, 0, sizeof *m);
		m->fd = -1;
		m->id = sqlite3_column_int64(st, 0);
		m->file = trawl__strdup(col(st, 1) ? col(st, 1) : "");
		m->size = (uint64_t)sqlite3_column_int64(st, 2);
		m->crc = (uint32_t)sqlite3_column_int64(st, 3);
		m->ndocs = (uint32_t)sqlite3_column_int64(st, 4);
		m->nunits = (uint32_t)sqlite3_column_int64(st, 5);
		m->ntokens = (uint64_t)sqlite3_column_int64(st, 6);
		m->docno = docs_of_blob(sqlite3_column_blob(st, 7), sqlite3_column_bytes(st, 7),
		                        m->ndocs);
		m->dead = bitmap_of_blob(sqlite3_column_blob(st, 8), sqlite3_column_bytes(st, 8));
		if (!m->file || !m->docno || !m->dead) {
			/* damaged: a list of documents of the wrong size; else memory
			 * ran out (docs_of_blob gives NULL for both) */
			int damaged = (size_t)sqlite3_column_bytes(st, 7) != (size_t)m->ndocs * 4;
			rc = m->file && m->dead && damaged ? TRAWL_ESTORE : TRAWL_ENOMEM;
			if (rc == TRAWL_ESTORE)
				trawl__diag_set(d, NULL, "%s: segment %lld's row is damaged", what,
				                (long long)m->id);
			break;
		}
	}
	if (!rc && r != SQLITE_DONE)
		rc = db_err(b->db, d, what);
	sqlite3_finalize(st);
	if (rc) {
		for (size_t i = 0; i < n; i++)
			row_free(&rows[i]);
		free(rows);
		return rc;
	}
	/* keep what is already open */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < x->nrows; j++)
			if (x->rows[j].id == rows[i].id && x->rows[j].seg &&
			    !strcmp(x->rows[j].file, rows[i].file)) {
				rows[i].fd = x->rows[j].fd;
				rows[i].seg = x->rows[j].seg;
				x->rows[j].fd = -1;
				x->rows[j].seg = NULL;
				break;
			}
	rows_free(x);
	x->rows = rows;
	x->nrows = n;
	x->loaded = 1;
	x->dv = dv;
	x->gen = b->wgen;
	return TRAWL_OK;
}

static trawl_err fd_read(void *u, void *p, size_t n, uint64_t off)
{
	int fd = (int)(intptr_t)u;
	uint8_t *q = p;

	while (n) {
		ssize_t k = pread(fd, q, n, (off_t)off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return k == 0 ? TRAWL_ECORRUPT : TRAWL_EIO;
		q += k;
		n -= (size_t)k;
		off += (uint64_t)k;
	}
	return TRAWL_OK;
}

static void path_of(const trawl__sqix *x, const char *file, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", x->dir, file);
}

/* Opens row m's segment and works out its dead units: once for each
 * state of its dead documents (a row read again starts without them; a
 * document taken out in place adds to dead). */
static trawl_err open_row(trawl__sqix *x, mrow *m, trawl_diag *d)
{
	char path[4400];
	trawl_err rc;

	if (m->seg && m->deadu && m->ndead == roaring_bitmap_get_cardinality(m->dead))
		return TRAWL_OK;
	if (!m->seg) {
		trawl__segsrc src;
		struct stat stt;
		path_of(x, m->file, path, sizeof path);
		m->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (m->fd < 0 || fstat(m->fd, &stt) < 0) {
			trawl__diag_errno(d, path, errno, "can't open a segment of the search index");
			return TRAWL_ESTORE;
		}
		if ((uint64_t)stt.st_size != m->size) {
			trawl__diag_set(d, path, "the search index's segment is %lld bytes, not %llu "
			                "(trawl verify)", (long long)stt.st_size,
			                (unsigned long long)m->size);
			return TRAWL_ESTORE;
		}
		src.read = fd_read;
		src.u = (void *)(intptr_t)m->fd;
		src.size = m->size;
		if ((rc = trawl__segment_open(&src, &m->seg, d))) {
			if (d)
				trawl__diag_set(d, path, "%s", d->msg);
			return rc == TRAWL_ENOMEM ? rc : TRAWL_ESTORE;
		}
		if (m->seg->ndocs != m->ndocs || m->seg->nunits != m->nunits) {
			trawl__diag_set(d, path, "the search index's segment does not match its row "
			                "(trawl verify)");
			return TRAWL_ESTORE;
		}
	}
	trawl__bitmap_free(m->deadu);
	m->deadu = roaring_bitmap_create();
	if (!m->deadu)
		return TRAWL_ENOMEM;
	m->ndead = roaring_bitmap_get_cardinality(m->dead);
	m->live_units = m->nunits;
	m->live_tokens = m->seg->ntokens;
	{
		roaring_uint32_iterator_t it;
		roaring_init_iterator(m->dead, &it);
		for (; it.has_value; roaring_advance_uint32_iterator(&it)) {
			uint32_t k = it.current_value;
			if (k >= m->ndocs)
				continue;
			for (uint32_t u = m->seg->dfirst[k]; u < m->seg->dfirst[k + 1]; u++) {
				m->live_units--;
				m->live_tokens -= m->seg->dl[u];
			}
			if (m->seg->dfirst[k] < m->seg->dfirst[k + 1])
				roaring_bitmap_add_range(m->deadu, m->seg->dfirst[k], m->seg->dfirst[k + 1]);
		}
		/* a document never stored (0) counts as dead */
		for (uint32_t k = 0; k < m->ndocs; k++)
			if (!m->docno[k] && !roaring_bitmap_contains(m->dead, k)) {
				for (uint32_t u = m->seg->dfirst[k]; u < m->seg->dfirst[k + 1]; u++) {
					m->live_units--;
					m->live_tokens -= m->seg->dl[u];
				}
				if (m->seg->dfirst[k] < m->seg->dfirst[k + 1])
					roaring_bitmap_add_range(m->deadu, m->seg->dfirst[k],
					                         m->seg->dfirst[k + 1]);
			}
	}
	return TRAWL_OK;
}

/* ---- opening, and files no row names ---- */

static int pid_alive(long pid)
{
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

/* Removes files of the index folder that no row names and whose writer is
 * gone. */
static void clean_orphans(sqlite_be *b)
{
	trawl__sqix *x = b->ix;
	DIR *dir = opendir(x->dir);
	struct dirent *e;
	sqlite3_stmt *st = NULL;

	if (!dir)
		return;
	if (sqlite3_prepare_v2(b->db, "SELECT 1 FROM ix_segments WHERE file = ?1", -1, &st,
	                       NULL) != SQLITE_OK) {
		closedir(dir);
		return;
	}
	while ((e = readdir(dir))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		char path[4400];
		int r;
		if (pid <= 0 || *end != '-' || !strstr(e->d_name, ".seg"))
			continue;
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, e->d_name, -1, SQLITE_TRANSIENT);
		r = sqlite3_step(st);
		if (r == SQLITE_ROW || r != SQLITE_DONE)
			continue;
		if (pid == (long)getpid() || pid_alive(pid))
			continue;
		path_of(x, e->d_name, path, sizeof path);
		unlink(path);
	}
	sqlite3_finalize(st);
	closedir(dir);
}

/* trawl_ixm(rowid): whether the documents set by trawl__sqix_match_set
 * hold rowid (SQL that lists facts of the documents a search finds). */
static void ixm_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	sqlite_be *b = sqlite3_user_data(ctx);
	sqlite3_int64 v = sqlite3_value_int64(argv[0]);

	(void)argc;
	sqlite3_result_int(ctx, b->ixm && v > 0 && v <= (sqlite3_int64)UINT32_MAX &&
	                   roaring_bitmap_contains(b->ixm, (uint32_t)v));
}

trawl_err trawl__sqix_match_set(sqlite_be *b, const trawl__query *q, trawl_diag *d)
{
	trawl__ixquery iq;
	trawl__ixresult res;
	trawl_err rc;

	trawl__sqix_match_clear(b);
	memset(&iq, 0, sizeof iq);
	iq.root = q->root;
	iq.want_docs = 1;
	if ((rc = trawl__sqix_search(b, &iq, &res, d)))
		return rc;
	b->ixm = res.docs;
	res.docs = NULL;
	trawl__ixresult_release(&res);
	return TRAWL_OK;
}

void trawl__sqix_match_clear(sqlite_be *b)
{
	trawl__bitmap_free(b->ixm);
	b->ixm = NULL;
}

trawl_err trawl__sqix_open(sqlite_be *b, const char *storedir, int writable, trawl_diag *d)
{
	trawl__sqix *x = calloc(1, sizeof *x);
	trawl__buf p;

	if (!x)
		return TRAWL_ENOMEM;
	if (sqlite3_create_function(b->db, "trawl_ixm", 1, SQLITE_UTF8, b, ixm_fn, NULL, NULL)) {
		free(x);
		trawl__diag_set(d, NULL, "setting up the search index: %s", sqlite3_errmsg(b->db));
		return TRAWL_ESTORE;
	}
	trawl__buf_init(&p, 8192);
	if (trawl__buf_addf(&p, "%s/index", storedir)) {
		free(x);
		return TRAWL_ENOMEM;
	}
	x->dir = trawl__buf_detach(&p, NULL);
	b->ix = x;
	if (writable) {
		if (mkdir(x->dir, 0755) < 0 && errno != EEXIST) {
			trawl__diag_errno(d, x->dir, errno, "can't create the search index's folder");
			return TRAWL_ESTORE;
		}
		clean_orphans(b);
	}
	return TRAWL_OK;
}

/* ---- writing segments ---- */

typedef struct fsink {
	int fd;
	int err;                      /* errno of a failed write */
	uint8_t buf[1 << 16];
	size_t n;
} fsink;

static trawl_err fs_flush(fsink *f)
{
	size_t off = 0;
	while (off < f->n) {
		ssize_t k = write(f->fd, f->buf + off, f->n - off);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			f->err = errno;
			return errno == ENOSPC ? TRAWL_ETOOBIG : TRAWL_EIO;
		}
		off += (size_t)k;
	}
	f->n = 0;
	return TRAWL_OK;
}

static trawl_err fs_write(void *u, const void *p, size_t n)
{
	fsink *f = u;
	const uint8_t *q = p;
	trawl_err rc;

	while (n) {
		size_t k = sizeof f->buf - f->n;
		if (k > n)
			k = n;
		memcpy(f->buf + f->n, q, k);
		f->n += k;
		q += k;
		n -= k;
		if (f->n == sizeof f->buf && (rc = fs_flush(f)))
			return rc;
	}
	return TRAWL_OK;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Writes a segment with write_fn into a new file; its name in name. */
static trawl_err new_file(trawl__sqix *x, trawl_err (*write_fn)(void *, const trawl__segsink *,
                                                                trawl__seginfo *, trawl_diag *),
                          void *arg, char *name, size_t nn, trawl__seginfo *info, trawl_diag *d)
{
	char path[4400];
	fsink *f = malloc(sizeof *f);
	trawl__segsink sink;
	trawl_err rc;

	if (!f)
		return TRAWL_ENOMEM;
	snprintf(name, nn, "%ld-%lld-%u.seg", (long)getpid(), (long long)time(NULL), ++x->seq);
	path_of(x, name, path, sizeof path);
	f->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	f->n = 0;
	f->err = 0;
	if (f->fd < 0) {
		rc = trawl__diag_errno(d, path, errno, "can't create a segment of the search index");
		free(f);
		return rc == TRAWL_ENOMEM ? rc : TRAWL_ESTORE;
	}
	sink.write = fs_write;
	sink.u = f;
	rc = write_fn(arg, &sink, info, d);
	if (!rc)
		rc = fs_flush(f);
	if (!rc && fdatasync(f->fd) < 0) {
		f->err = errno;
		rc = TRAWL_EIO;
	}
	if (close(f->fd) < 0 && !rc) {
		f->err = errno;
		rc = TRAWL_EIO;
	}
	if (rc && f->err && d)
		/* the system's own words (No space left on device) */
		trawl__diag_set(d, path, "writing a segment of the search index: %s",
		                strerror(f->err));
	free(f);
	if (rc) {
		if (d && !d->msg[0])
			trawl__diag_set(d, path, "writing a segment of the search index: %s",
			                trawl_strerror(rc));
		unlink(path);
		return rc == TRAWL_ENOMEM ? rc : TRAWL_ESTORE;
	}
	sync_dir(x->dir);
	return TRAWL_OK;
}

static trawl_err write_builder(void *arg, const trawl__segsink *s, trawl__seginfo *info,
                               trawl_diag *d)
{
	return trawl__segbuild_write(arg, s, info, d);
}

/* The docs blob of a segment. */
static uint8_t *docs_blob(const int64_t *docno, const uint32_t *docno32, uint32_t n)
{
	uint8_t *p = trawl__mallocn((size_t)n + 1, 4);
	if (!p)
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t v = docno ? (uint32_t)docno[i] : docno32[i];
		p[4 * i] = (uint8_t)v;
		p[4 * i + 1] = (uint8_t)(v >> 8);
		p[4 * i + 2] = (uint8_t)(v >> 16);
		p[4 * i + 3] = (uint8_t)(v >> 24);
	}
	return p;
}

static uint8_t *bitmap_blob(const roaring_bitmap_t *r, size_t *n)
{
	uint8_t *p;
	*n = roaring_bitmap_portable_size_in_bytes(r);
	p = malloc(*n + 1);
	if (p)
		roaring_bitmap_portable_serialize(r, (char *)p);
	return p;
}

static trawl_err insert_row(sqlite_be *b, const char *name, const trawl__seginfo *info,
                            const uint8_t *docs, const roaring_bitmap_t *dead, trawl_diag *d)
{
	static const char what[] = "recording a segment of the search index";
	sqlite3_stmt *st;
	uint8_t *db = NULL;
	size_t dn = 0;
	trawl_err rc = TRAWL_OK;

	if (dead && !roaring_bitmap_is_empty(dead) && !(db = bitmap_blob(dead, &dn)))
		return TRAWL_ENOMEM;
	if (!(st = prep(b->db, "INSERT INTO ix_segments(file, size, crc, ndocs, nunits, ntokens, "
	                "docs, dead) VALUES(?,?,?,?,?,?,?,?)", d, what))) {
		free(db);
		return trawl__sq_code(b->db);
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)info->size);
	sqlite3_bind_int64(st, 3, info->crc);
	sqlite3_bind_int64(st, 4, info->ndocs);
	sqlite3_bind_int64(st, 5, info->nunits);
	sqlite3_bind_int64(st, 6, (sqlite3_int64)info->ntokens);
	sqlite3_bind_blob64(st, 7, docs, (sqlite3_uint64)info->ndocs * 4, SQLITE_STATIC);
	if (db)
		sqlite3_bind_blob64(st, 8, db, dn, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_err(b->db, d, what);
	sqlite3_finalize(st);
	free(db);
	return rc;
}

trawl_err trawl__sq_put_segment(void *be, trawl__segbuild *sb, const int64_t *docno,
                                trawl_diag *d)
{
	sqlite_be *b = be;
	trawl__sqix *x = b->ix;
	trawl__seginfo info;
	char name[128];
	uint8_t *docs;
	roaring_bitmap_t *dead;
	uint32_t nd = trawl__segbuild_ndocs(sb);
	trawl_err rc;

	if (!nd)
		return TRAWL_OK;
	for (uint32_t i = 0; i < nd; i++)
		if (docno[i] < 0 || docno[i] > (int64_t)UINT32_MAX) {
			trawl__diag_set(d, NULL, "indexing: document number %lld is over 2^32",
			                (long long)docno[i]);
			return TRAWL_ETOOBIG;
		}
	if ((rc = new_file(x, write_builder, sb, name, sizeof name, &info, d)))
		return rc;
	docs = docs_blob(docno, NULL, nd);
	dead = roaring_bitmap_create();
	if (!docs || !dead) {
		rc = TRAWL_ENOMEM;
	} else {
		for (uint32_t i = 0; i < nd; i++)
			if (!docno[i])
				roaring_bitmap_add(dead, i);
		rc = insert_row(b, name, &info, docs, dead, d);
	}
	free(docs);
	trawl__bitmap_free(dead);
	if (rc) {
		char path[4400];
		path_of(x, name, path, sizeof path);
		unlink(path);
		return rc;
	}
	b->wgen++;
	x->hvalid = 0;
	return TRAWL_OK;
}

/* ---- taking documents out ---- */

static trawl_err build_hash(sqlite_be *b, trawl_diag *d)
{
	trawl__sqix *x = b->ix;
	size_t need = 0, cap = 16;
	trawl_err rc;

	if ((rc = load_rows(b, d)))
		return rc;
	if (x->hvalid)
		return TRAWL_OK;
	for (size_t i = 0; i < x->nrows; i++)
		need += x->rows[i].ndocs;
	while (cap < need * 2 + 16)
		cap *= 2;
	if (cap != x->hcap) {
		free(x->hkeys);
		free(x->hrow);
		free(x->hloc);
		x->hkeys = calloc(cap, sizeof *x->hkeys);
		x->hrow = trawl__mallocn(cap, sizeof *x->hrow);
		x->hloc = trawl__mallocn(cap, sizeof *x->hloc);
		x->hcap = cap;
		if (!x->hkeys || !x->hrow || !x->hloc) {
			free(x->hkeys);
			free(x->hrow);
			free(x->hloc);
			x->hkeys = NULL;
			x->hrow = x->hloc = NULL;
			x->hcap = 0;
			return TRAWL_ENOMEM;
		}
	} else {
		memset(x->hkeys, 0, cap * sizeof *x->hkeys);
	}
	for (size_t i = 0; i < x->nrows; i++) {
		mrow *m = &x->rows[i];
		for (uint32_t k = 0; k < m->ndocs; k++) {
			size_t j;
			if (!m->docno[k] || roaring_bitmap_contains(m->dead, k))
				continue;
			j = (m->docno[k] * 2654435761u) & (cap - 1);
			while (x->hkeys[j])
				j = (j + 1) & (cap - 1);
			x->hkeys[j] = (uint64_t)m->docno[k] + 1;
			x->hrow[j] = (uint32_t)i;
			x->hloc[j] = k;
		}
	}
	x->hvalid = 1;
	return TRAWL_OK;
}

trawl_err trawl__sqix_delete(sqlite_be *b, int64_t rowid, trawl_diag *d)
{
	static const char what[] = "taking a document out of the search index";
	trawl__sqix *x = b->ix;
	sqlite3_stmt *st;
	mrow *m;
	size_t j, nb;
	uint8_t *blob;
	trawl_err rc;

	if ((rc = build_hash(b, d)))
		return rc;
	j = ((uint32_t)rowid * 2654435761u) & (x->hcap - 1);
	while (x->hkeys[j] && x->hkeys[j] != (uint64_t)rowid + 1)
		j = (j + 1) & (x->hcap - 1);
	if (!x->hkeys[j])
		return TRAWL_OK;   /* not in the index */
	m = &x->rows[x->hrow[j]];
	roaring_bitmap_add(m->dead, x->hloc[j]);
	trawl__bitmap_free(m->deadu);   /* open_row works them out again */
	m->deadu = NULL;
	if (!(blob = bitmap_blob(m->dead, &nb)))
		return TRAWL_ENOMEM;
	if (!(st = prep(b->db, "UPDATE ix_segments SET dead = ?2 WHERE id = ?1", d, what))) {
		free(blob);
		return trawl__sq_code(b->db);
	}
	sqlite3_bind_int64(st, 1, m->id);
	sqlite3_bind_blob64(st, 2, blob, nb, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? TRAWL_OK : db_err(b->db, d, what);
	sqlite3_finalize(st);
	free(blob);
	if (rc)
		return rc;
	if (sqlite3_changes(b->db) != 1) {
		/* another process changed the segments since they were read */
		x->loaded = 0;
		x->hvalid = 0;
		return trawl__sqix_delete(b, rowid, d);
	}
	/* the hash entry goes: a deleted key becomes a tombstone-free gap by
	 * re-inserting the run after it */
	x->hkeys[j] = 0;
	for (size_t k = (j + 1) & (x->hcap - 1); x->hkeys[k]; k = (k + 1) & (x->hcap - 1)) {
		uint64_t key = x->hkeys[k];
		uint32_t hr = x->hrow[k], hl = x->hloc[k];
		size_t t;
		x->hkeys[k] = 0;
		t = ((uint32_t)(key - 1) * 2654435761u) & (x->hcap - 1);
		while (x->hkeys[t])
			t = (t + 1) & (x->hcap - 1);
		x->hkeys[t] = key;
		x->hrow[t] = hr;
		x->hloc[t] = hl;
	}
	b->wgen++;
	x->gen = b->wgen;   /* the rows in memory are what was written */
	return TRAWL_OK;
}

/* ---- merging ---- */

static uint64_t live_size(const mrow *m)
{
	uint64_t dead = roaring_bitmap_get_cardinality(m->dead);
	return m->ndocs ? m->size - m->size * dead / m->ndocs : 0;
}

static int tier_of(uint64_t size)
{
	int t = 0;
	while (size >= TIER_BASE && t < 30) {
		size /= 8;
		t++;
	}
	return t;
}

typedef struct mjob {
	trawl__segment **in;
	const roaring_bitmap_t **dead;
	size_t n;
} mjob;

static trawl_err write_merge(void *arg, const trawl__segsink *s, trawl__seginfo *info,
                             trawl_diag *d)
{
	mjob *j = arg;
	return trawl__segment_merge(j->in, j->dead, j->n, s, info, d);
}

static int cmp_size(const void *a, const void *b, void *u)
{
	const trawl__sqix *x = u;
	uint64_t sa = live_size(&x->rows[*(const size_t *)a]);
	uint64_t sb = live_size(&x->rows[*(const size_t *)b]);
	return sa < sb ? -1 : sa > sb;
}

/* Merges rows idx[0..n) into one (outside any transaction; the swap is
 * one transaction, and gives up if another process got there first). */
static trawl_err merge_rows(sqlite_be *b, size_t *idx, size_t n, trawl_diag *d)
{
	static const char what[] = "merging segments of the search index";
	trawl__sqix *x = b->ix;
	mjob j;
	roaring_bitmap_t **snap = NULL;
	int64_t *ids = NULL;
	char **files = NULL;
	uint32_t *docs = NULL, nd = 0, *base = NULL;
	roaring_bitmap_t *ndead = NULL;
	trawl__seginfo info;
	char name[128];
	trawl_err rc = TRAWL_OK;
	int named = 0, in_txn = 0;

	memset(&j, 0, sizeof j);
	j.in = calloc(n, sizeof *j.in);
	j.dead = calloc(n, sizeof *j.dead);
	snap = calloc(n, sizeof *snap);
	ids = calloc(n, sizeof *ids);
	files = calloc(n, sizeof *files);
	base = calloc(n + 1, sizeof *base);
	if (!j.in || !j.dead || !snap || !ids || !files || !base) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	j.n = n;
	for (size_t i = 0; i < n; i++) {
		mrow *m = &x->rows[idx[i]];
		if ((rc = open_row(x, m, d)))
			goto out;
		j.in[i] = m->seg;
		/* documents never stored go too */
		snap[i] = roaring_bitmap_copy(m->dead);
		files[i] = trawl__strdup(m->file);
		if (!snap[i] || !files[i]) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		for (uint32_t k = 0; k < m->ndocs; k++)
			if (!m->docno[k])
				roaring_bitmap_add(snap[i], k);
		j.dead[i] = snap[i];
		ids[i] = m->id;
		base[i] = nd;
		nd += m->ndocs - (uint32_t)roaring_bitmap_get_cardinality(snap[i]);
	}
	docs = trawl__mallocn((size_t)nd + 1, sizeof *docs);
	if (!docs) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (size_t i = 0, k2 = 0; i < n; i++) {
		mrow *m = &x->rows[idx[i]];
		for (uint32_t k = 0; k < m->ndocs; k++)
			if (!roaring_bitmap_contains(snap[i], k))
				docs[k2++] = m->docno[k];
	}
	if ((rc = new_file(x, write_merge, &j, name, sizeof name, &info, d)))
		goto out;
	named = 1;
	if (info.ndocs != nd) {
		trawl__diag_set(d, NULL, "%s: %u documents came out, %u went in", what, info.ndocs, nd);
		rc = TRAWL_EINTERNAL;
		goto out;
	}
	/* the swap */
	if (sqlite3_exec(b->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_err(b->db, d, what);
		goto out;
	}
	in_txn = 1;
	ndead = roaring_bitmap_create();
	if (!ndead) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = prep(b->db, "SELECT dead FROM ix_segments WHERE id = ?1", d, what);
		roaring_bitmap_t *now;
		int r;
		if (!st) {
			rc = TRAWL_ESTORE;
			goto out;
		}
		sqlite3_bind_int64(st, 1, ids[i]);
		r = sqlite3_step(st);
		if (r != SQLITE_ROW) {
			sqlite3_finalize(st);
			if (r != SQLITE_DONE) {
				rc = db_err(b->db, d, what);
				goto out;
			}
			rc = TRAWL_ENOTFOUND;   /* merged by another process: give up */
			goto out;
		}
		now = bitmap_of_blob(sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0));
		sqlite3_finalize(st);
		if (!now) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		/* documents taken out while the merge ran: dead in the new one */
		roaring_bitmap_andnot_inplace(now, snap[i]);
		{
			roaring_uint32_iterator_t it;
			roaring_init_iterator(now, &it);
			for (; it.has_value; roaring_advance_uint32_iterator(&it)) {
				uint32_t k = it.current_value;
				uint64_t before = k ? roaring_bitmap_rank(snap[i], k - 1) : 0;
				roaring_bitmap_add(ndead, base[i] + (k - (uint32_t)before));
			}
		}
		trawl__bitmap_free(now);
	}
	{
		uint8_t *blob = docs_blob(NULL, docs, nd);
		sqlite3_stmt *st;
		if (!blob) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		rc = insert_row(b, name, &info, blob, ndead, d);
		free(blob);
		for (size_t i = 0; !rc && i < n; i++) {
			if (!(st = prep(b->db, "DELETE FROM ix_segments WHERE id = ?1", d, what))) {
				rc = TRAWL_ESTORE;
				break;
			}
			sqlite3_bind_int64(st, 1, ids[i]);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_err(b->db, d, what);
			sqlite3_finalize(st);
		}
	}
	if (!rc && sqlite3_exec(b->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_err(b->db, d, what);
	if (!rc) {
		in_txn = 0;
		named = 0;
		b->wgen++;
		x->hvalid = 0;
		for (size_t i = 0; i < n; i++) {
			char path[4400];
			path_of(x, files[i], path, sizeof path);
			unlink(path);
		}
	}
out:
	if (in_txn)
		sqlite3_exec(b->db, "ROLLBACK", NULL, NULL, NULL);
	if (named) {
		char path[4400];
		path_of(x, name, path, sizeof path);
		unlink(path);
	}
	for (size_t i = 0; snap && i < n; i++)
		trawl__bitmap_free(snap[i]);
	for (size_t i = 0; files && i < n; i++)
		free(files[i]);
	trawl__bitmap_free(ndead);
	free(snap);
	free(files);
	free(ids);
	free(docs);
	free(base);
	free(j.in);
	free(j.dead);
	return rc;
}

trawl_err trawl__sq_index_maintain(void *be, trawl_diag *d)
{
	sqlite_be *b = be;
	trawl__sqix *x = b->ix;
	trawl_err rc = TRAWL_OK;

	for (int round = 0; round < 64 && !rc; round++) {
		size_t *ord, best_n = 0, best_start = 0;
		int best_tier = -1;
		if ((rc = load_rows(b, d)))
			return rc;
		if (x->nrows < 2)
			return TRAWL_OK;
		ord = trawl__mallocn(x->nrows, sizeof *ord);
		if (!ord)
			return TRAWL_ENOMEM;
		for (size_t i = 0; i < x->nrows; i++)
			ord[i] = i;
		qsort_r(ord, x->nrows, sizeof *ord, cmp_size, x);
		/* the smallest tier with MERGE_FACTOR segments */
		for (size_t i = 0; i < x->nrows && best_tier < 0;) {
			int t = tier_of(live_size(&x->rows[ord[i]]));
			size_t k = i;
			while (k < x->nrows && tier_of(live_size(&x->rows[ord[k]])) == t)
				k++;
			if (k - i >= MERGE_FACTOR) {
				best_tier = t;
				best_start = i;
				best_n = MERGE_FACTOR;
			}
			i = k;
		}
		/* else a segment that is mostly dead */
		if (best_tier < 0)
			for (size_t i = 0; i < x->nrows; i++) {
				mrow *m = &x->rows[ord[i]];
				if (m->ndocs && roaring_bitmap_get_cardinality(m->dead) * 3 >= m->ndocs) {
					best_tier = 0;
					best_start = i;
					best_n = 1;
					break;
				}
			}
		if (best_tier < 0) {
			free(ord);
			return TRAWL_OK;
		}
		{
			size_t *idx = ord + best_start;
			/* merge in the order the segments were made (row id) */
			for (size_t a = 1; a < best_n; a++)
				for (size_t c = a; c > 0 && x->rows[idx[c - 1]].id > x->rows[idx[c]].id; c--) {
					size_t t = idx[c];
					idx[c] = idx[c - 1];
					idx[c - 1] = t;
				}
			rc = merge_rows(b, idx, best_n, d);
		}
		free(ord);
		if (rc == TRAWL_ENOTFOUND) {
			rc = TRAWL_OK;   /* another process merged them: look again */
			x->loaded = 0;
		}
	}
	return rc;
}

/* ---- facets ---- */

static size_t fdelta_hash(const char *dim, const char *value)
{
	uint64_t h = 1469598103934665603u;   /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)dim; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	h = (h ^ 0xff) * 1099511628211u;     /* (no byte of UTF-8 text) */
	for (const unsigned char *p = (const unsigned char *)value; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return (size_t)(h ^ h >> 29);
}

/* The slot of (dim, value) in x->fdix: its delta's, or the empty one it
 * would take. fdixcap is a power of two, never full. */
static size_t *fdelta_slot(trawl__sqix *x, const char *dim, const char *value)
{
	size_t m = x->fdixcap - 1, i = fdelta_hash(dim, value) & m;

	for (;; i = (i + 1) & m) {
		size_t k = x->fdix[i];
		if (!k || (!strcmp(x->fd[k - 1].value, value) && !strcmp(x->fd[k - 1].dim, dim)))
			return &x->fdix[i];
	}
}

/* Keeps fdix at most half full for one more delta; -1 out of memory. */
static int fdelta_reserve(trawl__sqix *x)
{
	size_t cap, *old = x->fdix, oldcap = x->fdixcap;

	if ((x->nfd + 1) * 2 <= x->fdixcap)
		return 0;
	cap = oldcap ? oldcap * 2 : 256;
	if (cap < oldcap || !(x->fdix = calloc(cap, sizeof *x->fdix))) {
		x->fdix = old;
		return -1;
	}
	x->fdixcap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i])
			*fdelta_slot(x, x->fd[old[i] - 1].dim, x->fd[old[i] - 1].value) = old[i];
	free(old);
	return 0;
}

static fdelta *fdelta_of(trawl__sqix *x, const char *dim, const char *value)
{
	size_t *slot;

	if (fdelta_reserve(x))
		return NULL;
	slot = fdelta_slot(x, dim, value);
	if (*slot)
		return &x->fd[*slot - 1];
	if (x->nfd == x->capfd) {
		size_t cap = x->capfd ? x->capfd * 2 : 64;
		fdelta *n = trawl__reallocn(x->fd, cap, sizeof *n);
		if (!n)
			return NULL;
		x->fd = n;
		x->capfd = cap;
	}
	{
		fdelta *f = &x->fd[x->nfd];
		f->dim = trawl__strdup(dim);
		f->value = trawl__strdup(value);
		f->add = roaring_bitmap_create();
		f->rem = roaring_bitmap_create();
		if (!f->dim || !f->value || !f->add || !f->rem) {
			free(f->dim);
			free(f->value);
			trawl__bitmap_free(f->add);
			trawl__bitmap_free(f->rem);
			return NULL;
		}
		*slot = ++x->nfd;
		return f;
	}
}

static int fnote(trawl__sqix *x, const char *dim, const char *value, uint32_t doc, int sign)
{
	fdelta *f;

	if (!value || !*value)
		return 0;
	if (!(f = fdelta_of(x, dim, value)))
		return -1;
	if (sign > 0) {
		roaring_bitmap_remove(f->rem, doc);
		roaring_bitmap_add(f->add, doc);
	} else {
		roaring_bitmap_remove(f->add, doc);
		roaring_bitmap_add(f->rem, doc);
	}
	return 0;
}

/* The facets of the document's metadata (kind, year, place, format,
 * currency), as stored. */
static trawl_err facet_meta(sqlite_be *b, int64_t rowid, int sign, trawl_diag *d)
{
	static const char what[] = "updating the search facets";
	trawl__sqix *x = b->ix;
	sqlite3_stmt *st;
	int r, fail = 0;
	uint32_t doc = (uint32_t)rowid;

	if (!(st = trawl__sq_cached(b, TRAWL__SQ_STMT_FACET_DOC, "SELECT " EFF_KIND ", "
	                            EFF_YEAR ", " EFF_PLACE ", " EFF_PLACE_CODE ", b.format, "
	                            EFF_CURRENCY ", " EFF_AMOUNT " FROM docs d JOIN blobs b ON "
	                            "b.sha256 = d.sha256 WHERE d.rowid = ?1", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_int64(st, 1, rowid);
	r = sqlite3_step(st);
	if (r == SQLITE_ROW) {
		char year[16] = "";
		if (sqlite3_column_int(st, 1) > 0)
			snprintf(year, sizeof year, "%d", sqlite3_column_int(st, 1));
		fail |= fnote(x, "kind", col(st, 0), doc, sign);
		fail |= fnote(x, "year", year, doc, sign);
		fail |= fnote(x, "place", col(st, 2), doc, sign);
		fail |= fnote(x, "place_code", col(st, 3), doc, sign);
		fail |= fnote(x, "format", col(st, 4), doc, sign);
		fail |= fnote(x, "currency", col(st, 6) ? col(st, 5) : NULL, doc, sign);
	}
	sqlite3_reset(st);
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		return db_err(b->db, d, what);
	return fail ? TRAWL_ENOMEM : TRAWL_OK;
}

/* The facet of a party fact's role: vendor; agency_role (role agency, the
 * query language's agency: also takes it); agency (the web app's, roles
 * issuer and buyer); NULL for other roles. A buyer is also in buyer. */
static const char *party_facet(const char *role)
{
	if (!strcmp(role, "vendor"))
		return "vendor";
	if (!strcmp(role, "agency"))
		return "agency_role";
	if (!strcmp(role, "issuer") || !strcmp(role, "buyer"))
		return "agency";
	return NULL;
}

trawl_err trawl__sqix_facet_new_doc(sqlite_be *b, int64_t rowid, const trawl__doc *doc,
                                    trawl_diag *d)
{
	trawl_err rc;
	int fail = 0;

	if (rowid <= 0 || rowid > (int64_t)UINT32_MAX)
		return TRAWL_OK;
	if ((rc = facet_meta(b, rowid, 1, d)))
		return rc;
	/* the parties, as trawl__sqix_facet_doc reads them from the facts
	 * stored (put_facts): noting a name twice changes nothing */
	for (size_t i = 0; i < doc->facts.n && !fail; i++) {
		const trawl__dfact *df = &((const trawl__dfact *)doc->facts.items)[i];
		const char *role, *value, *facet;
		if (df->kind != TRAWL__F_PARTY || !trawl__sq_fact_stored(doc, i))
			continue;
		role = trawl__dfact_str(doc, df, TRAWL__FS_ROLE);
		value = trawl__dfact_str(doc, df, TRAWL__FS_VALUE);
		if (!(facet = party_facet(role)))
			continue;
		fail |= fnote(b->ix, facet, value, (uint32_t)rowid, 1);
		if (!strcmp(role, "buyer"))
			fail |= fnote(b->ix, "buyer", value, (uint32_t)rowid, 1);
	}
	return fail ? TRAWL_ENOMEM : TRAWL_OK;
}

trawl_err trawl__sqix_facet_doc(sqlite_be *b, int64_t rowid, int sign, trawl_diag *d)
{
	static const char what[] = "updating the search facets";
	trawl__sqix *x = b->ix;
	sqlite3_stmt *st;
	int r, fail = 0;
	uint32_t doc = (uint32_t)rowid;
	trawl_err rc;

	if (rowid <= 0 || rowid > (int64_t)UINT32_MAX)
		return TRAWL_OK;
	if ((rc = facet_meta(b, rowid, sign, d)))
		return rc;
	/* the parties: a name once per role group */
	/* agency is the web app's (trawl_filter): roles issuer and buyer; the
	 * query language's agency: also takes role agency (agency_role) */
	if (!(st = trawl__sq_cached(b, TRAWL__SQ_STMT_FACET_PARTIES, "SELECT DISTINCT CASE role "
	                            "WHEN 'vendor' THEN 'vendor' WHEN 'agency' THEN 'agency_role' "
	                            "ELSE 'agency' END, value FROM facts WHERE"
	                            FACTS_OF_SQL("id", "?1") "AND kind = 'party' AND role IN "
	                            "('vendor', 'agency', 'issuer', 'buyer') AND value IS NOT NULL "
	                            "UNION SELECT DISTINCT 'buyer', value FROM facts WHERE"
	                            FACTS_OF_SQL("id", "?1") "AND kind = 'party' AND role = "
	                            "'buyer' AND value IS NOT NULL", d, what)))
		return trawl__sq_code(b->db);
	sqlite3_bind_int64(st, 1, rowid);
	while ((r = sqlite3_step(st)) == SQLITE_ROW)
		fail |= fnote(x, col(st, 0), col(st, 1), doc, sign);
	sqlite3_reset(st);
	if (r != SQLITE_DONE)
		return db_err(b->db, d, what);
	return fail ? TRAWL_ENOMEM : TRAWL_OK;
}

trawl_err trawl__sqix_facets_flush(sqlite_be *b, trawl_diag *d)
{
	static const char what[] = "storing the search facets";
	trawl__sqix *x = b->ix;
	sqlite3_stmt *get = NULL, *put = NULL, *del = NULL;
	trawl_err rc = TRAWL_OK;

	if (!x || !x->nfd)
		return TRAWL_OK;
	if (!(get = prep(b->db, "SELECT docs FROM ix_facets WHERE dim = ?1 AND value = ?2", d,
	                 what)) ||
	    !(put = prep(b->db, "INSERT OR REPLACE INTO ix_facets(dim, value, docs) "
	                 "VALUES(?1, ?2, ?3)", d, what)) ||
	    !(del = prep(b->db, "DELETE FROM ix_facets WHERE dim = ?1 AND value = ?2", d, what))) {
		rc = TRAWL_ESTORE;
		goto out;
	}
	for (size_t i = 0; i < x->nfd && !rc; i++) {
		fdelta *f = &x->fd[i];
		roaring_bitmap_t *cur;
		int r;
		sqlite3_reset(get);
		sqlite3_bind_text(get, 1, f->dim, -1, SQLITE_STATIC);
		sqlite3_bind_text(get, 2, f->value, -1, SQLITE_STATIC);
		r = sqlite3_step(get);
		if (r == SQLITE_ROW)
			cur = bitmap_of_blob(sqlite3_column_blob(get, 0), sqlite3_column_bytes(get, 0));
		else if (r == SQLITE_DONE)
			cur = roaring_bitmap_create();
		else {
			rc = db_err(b->db, d, what);
			break;
		}
		sqlite3_reset(get);
		if (!cur) {
			rc = TRAWL_ENOMEM;
			break;
		}
		roaring_bitmap_andnot_inplace(cur, f->rem);
		roaring_bitmap_or_inplace(cur, f->add);
		if (roaring_bitmap_is_empty(cur)) {
			sqlite3_reset(del);
			sqlite3_bind_text(del, 1, f->dim, -1, SQLITE_STATIC);
			sqlite3_bind_text(del, 2, f->value, -1, SQLITE_STATIC);
			if (sqlite3_step(del) != SQLITE_DONE)
				rc = db_err(b->db, d, what);
		} else {
			size_t n;
			uint8_t *blob;
			roaring_bitmap_run_optimize(cur);
			blob = bitmap_blob(cur, &n);
			if (!blob) {
				rc = TRAWL_ENOMEM;
			} else {
				sqlite3_reset(put);
				sqlite3_bind_text(put, 1, f->dim, -1, SQLITE_STATIC);
				sqlite3_bind_text(put, 2, f->value, -1, SQLITE_STATIC);
				sqlite3_bind_blob64(put, 3, blob, n, SQLITE_STATIC);
				if (sqlite3_step(put) != SQLITE_DONE)
					rc = db_err(b->db, d, what);
				free(blob);
			}
		}
		trawl__bitmap_free(cur);
	}
	if (!rc)
		fdeltas_free(x);
out:
	sqlite3_finalize(get);
	sqlite3_finalize(put);
	sqlite3_finalize(del);
	return rc;
}

void trawl__sqix_facets_discard(sqlite_be *b)
{
	if (b->ix)
		fdeltas_free(b->ix);
}

void trawl__sqix_forget(sqlite_be *b)
{
	if (!b->ix)
		return;
	fdeltas_free(b->ix);
	b->ix->loaded = 0;
	b->ix->hvalid = 0;
	b->ix->floaded = 0;
}

static trawl_err load_facets(sqlite_be *b, trawl_diag *d)
{
	static const char what[] = "reading the search facets";
	trawl__sqix *x = b->ix;
	sqlite3_stmt *st;
	size_t cap = 0;
	int r;
	int64_t dv = data_version(b->db);

	if (x->floaded && x->fdv == dv && x->fgen == b->wgen)
		return TRAWL_OK;
	fvals_free(x);
	if (!(st = prep(b->db, "SELECT dim, value, docs FROM ix_facets", d, what)))
		return trawl__sq_code(b->db);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		fval *v;
		if (x->nfv == cap) {
			size_t nc = cap ? cap * 2 : 256;
			fval *n = trawl__reallocn(x->fv, nc, sizeof *n);
			if (!n)
				break;
			x->fv = n;
			cap = nc;
		}
		v = &x->fv[x->nfv];
		v->dim = trawl__strdup(col(st, 0));
		v->value = trawl__strdup(col(st, 1));
		v->docs = bitmap_of_blob(sqlite3_column_blob(st, 2), sqlite3_column_bytes(st, 2));
		if (!v->dim || !v->value || !v->docs) {
			free(v->dim);
			free(v->value);
			trawl__bitmap_free(v->docs);
			break;
		}
		x->nfv++;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		fvals_free(x);
		return r == SQLITE_ROW ? TRAWL_ENOMEM : db_err(b->db, d, what);
	}
	x->floaded = 1;
	x->fdv = dv;
	x->fgen = b->wgen;
	return TRAWL_OK;
}

/* The facet dimensions shown, in order. */
static const char *const shown_dims[] = { "kind", "year", "place", "agency", "vendor",
	"format", "currency" };

typedef struct fcount {
	const fval *v;
	uint64_t n;
	int year;             /* years go newest first */
} fcount;

static int cmp_fcount(const void *a, const void *b)
{
	const fcount *x = a, *y = b;
	if (x->year && y->year)
		return strcmp(y->v->value, x->v->value);
	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->v->value, y->v->value);
}

#define NSHOWN (sizeof shown_dims / sizeof shown_dims[0])

/* Makes the counting table of the shown facet values (x->ftab): counting
 * a search's documents then costs a few steps per document, not an
 * intersection per value. */
static trawl_err doc_values(trawl__sqix *x)
{
	const roaring_bitmap_t **docs;
	int *dim;   /* each value's place in shown_dims, -1: not shown */
	trawl_err rc = TRAWL_ENOMEM;

	if (x->ftab)
		return TRAWL_OK;
	dim = trawl__mallocn(x->nfv + 1, sizeof *dim);
	docs = trawl__mallocn(x->nfv + 1, sizeof *docs);
	if (dim && docs) {
		for (size_t i = 0; i < x->nfv; i++) {
			dim[i] = -1;
			docs[i] = x->fv[i].docs;
			for (size_t k = 0; k < NSHOWN; k++)
				if (!strcmp(x->fv[i].dim, shown_dims[k]))
					dim[i] = (int)k;
		}
		rc = trawl__fx_build(&x->ftab, x->nfv, docs, dim, (int)NSHOWN);
	}
	free(dim);
	free(docs);
	return rc;
}

/* fc[0..n) with the best max_values of them (all when max_values <= 0)
 * first, in order; returns how many to show. */
static size_t best_values(fcount *fc, size_t n, int max_values)
{
	size_t k, kept = 0;

	if (max_values <= 0 || n <= (size_t)max_values * 4) {
		qsort(fc, n, sizeof *fc, cmp_fcount);
		return max_values <= 0 || n < (size_t)max_values ? n : (size_t)max_values;
	}
	/* a few of many (the vendors): insertion into the first k */
	k = (size_t)max_values;
	for (size_t i = 0; i < n; i++) {
		fcount c = fc[i];
		size_t j;
		if (kept == k && cmp_fcount(&c, &fc[k - 1]) >= 0)
			continue;
		j = kept < k ? kept++ : k - 1;
		while (j > 0 && cmp_fcount(&c, &fc[j - 1]) < 0) {
			fc[j] = fc[j - 1];
			j--;
		}
		fc[j] = c;
	}
	return kept;
}

trawl_err trawl__sqix_facets(sqlite_be *b, const roaring_bitmap_t *docs, int max_values,
                             int (*cb)(const trawl_facet *, void *), void *u, trawl_diag *d)
{
	trawl__sqix *x = b->ix;
	fcount *fc;
	uint64_t *cnt = NULL;
	trawl_err rc;

	if ((rc = load_facets(b, d)))
		return rc;
	if ((rc = doc_values(x)))
		return rc;
	fc = trawl__mallocn(x->nfv + 1, sizeof *fc);
	cnt = calloc(x->nfv + 1, sizeof *cnt);
	if (!fc || !cnt) {
		free(fc);
		free(cnt);
		return TRAWL_ENOMEM;
	}
	rc = trawl__fx_count(x->ftab, docs, cnt);
	if (rc) {
		free(fc);
		free(cnt);
		return rc;
	}
	for (size_t k = 0; k < NSHOWN; k++) {
		size_t n = 0, show, nvals;
		const uint32_t *vals = trawl__fx_values(x->ftab, (int)k, &nvals);
		for (size_t j = 0; j < nvals; j++) {
			uint32_t i = vals[j];
			if (!cnt[i])
				continue;
			fc[n].v = &x->fv[i];
			fc[n].n = cnt[i];
			fc[n].year = !strcmp(shown_dims[k], "year");
			n++;
		}
		show = best_values(fc, n, max_values);
		for (size_t i = 0; i < show; i++) {
			trawl_facet f = { shown_dims[k], fc[i].v->value, fc[i].n };
			if (cb(&f, u))
				goto out;
		}
	}
out:
	free(fc);
	free(cnt);
	return TRAWL_OK;
}

/* Whether facet value v (of dimension dim) passes q's filter on it. */
static int q_hit(const trawl__query *q, const char *qdim, const fval *v)
{
	if (!strcmp(qdim, "place")) {
		/* by name, or by division code: the place's code (or its
		 * prefecture's or province's prefix) is among the filter's */
		if (!strcmp(v->dim, "place"))
			return strstr(v->value, q->place) != NULL;
		if (!strcmp(v->dim, "place_code")) {
			char pre[16];
			size_t L = strlen(v->value);
			const char *codes = q->place_codes ? q->place_codes : ",";
			for (size_t n2 = 2; n2 <= 4 && n2 <= L; n2 += 2) {
				snprintf(pre, sizeof pre, ",%.*s,", (int)n2, v->value);
				if (strstr(codes, pre))
					return 1;
			}
			snprintf(pre, sizeof pre, ",%s,", v->value);
			return strstr(codes, pre) || !strncmp(v->value, q->place, strlen(q->place));
		}
		return 0;
	}
	if (!strcmp(qdim, "agency"))   /* roles agency, issuer and buyer */
		return (!strcmp(v->dim, "agency") || !strcmp(v->dim, "agency_role")) &&
		       strstr(v->value, q->agency);
	if (strcmp(v->dim, qdim))
		return 0;
	if (!strcmp(qdim, "kind"))
		return !strcmp(v->value, q->kind);
	if (!strcmp(qdim, "year")) {
		long y = strtol(v->value, NULL, 10);
		return y >= q->year_lo && y <= q->year_hi;
	}
	if (!strcmp(qdim, "format"))
		return !strcmp(v->value, q->type);
	if (!strcmp(qdim, "vendor"))
		return strstr(v->value, q->vendor) != NULL;
	if (!strcmp(qdim, "buyer"))
		return strstr(v->value, q->buyer) != NULL;
	return 0;
}

/* One filter on one dimension: exact is f's value, or NULL for q's. */
typedef struct fcond {
	const char *dim, *exact;
} fcond;

/* Documents allowed by the filters that facets answer: q's kind, year,
 * type, place and parties (as the query language matches them: see
 * sqlite_search.c's SQL), and f's exact values; the intersection of unions
 * of facet values. *out is NULL when there is none of them. */
trawl_err trawl__sqix_filter(sqlite_be *b, const trawl__query *q, const trawl_filter *f,
                             roaring_bitmap_t **out, trawl_diag *d)
{
	trawl__sqix *x = b->ix;
	roaring_bitmap_t *acc = NULL;
	trawl_err rc;
	char year[16] = "";
	fcond c[14];
	int nc = 0;

	*out = NULL;
	if ((rc = load_facets(b, d)))
		return rc;
	if (q && q->kind) c[nc++] = (fcond){ "kind", NULL };
	if (q && q->year_lo > 0) c[nc++] = (fcond){ "year", NULL };
	if (q && q->type) c[nc++] = (fcond){ "format", NULL };
	if (q && q->place) c[nc++] = (fcond){ "place", NULL };
	if (q && q->vendor) c[nc++] = (fcond){ "vendor", NULL };
	if (q && q->buyer) c[nc++] = (fcond){ "buyer", NULL };
	if (q && q->agency) c[nc++] = (fcond){ "agency", NULL };
	if (f && f->kind) c[nc++] = (fcond){ "kind", f->kind };
	if (f && f->year) {
		snprintf(year, sizeof year, "%d", f->year);
		c[nc++] = (fcond){ "year", year };
	}
	if (f && f->place) c[nc++] = (fcond){ "place", f->place };
	if (f && f->format) c[nc++] = (fcond){ "format", f->format };
	if (f && f->currency) c[nc++] = (fcond){ "currency", f->currency };
	if (f && f->agency) c[nc++] = (fcond){ "agency", f->agency };
	if (f && f->vendor) c[nc++] = (fcond){ "vendor", f->vendor };
	for (int k = 0; k < nc; k++) {
		roaring_bitmap_t *un = roaring_bitmap_create();
		if (!un)
			goto nomem;
		for (size_t i = 0; i < x->nfv; i++) {
			const fval *v = &x->fv[i];
			int hit = c[k].exact ? !strcmp(v->dim, c[k].dim) && !strcmp(v->value, c[k].exact)
			                     : q_hit(q, c[k].dim, v);
			if (hit)
				roaring_bitmap_or_inplace(un, v->docs);
		}
		if (!acc) {
			acc = un;
		} else {
			roaring_bitmap_and_inplace(acc, un);
			trawl__bitmap_free(un);
		}
	}
	*out = acc;
	return TRAWL_OK;
nomem:
	trawl__bitmap_free(acc);
	return TRAWL_ENOMEM;
}

/* ---- searching ---- */

trawl_err trawl__sqix_search(sqlite_be *b, const trawl__ixquery *q, trawl__ixresult *res,
                             trawl_diag *d)
{
	trawl__sqix *x = b->ix;
	trawl__ixseg *segs = NULL;
	trawl_err rc;
	size_t n = 0;

	for (int attempt = 0; attempt < 3; attempt++) {
		if ((rc = load_rows(b, d)))
			return rc;
		rc = TRAWL_OK;
		for (size_t i = 0; i < x->nrows && !rc; i++)
			rc = open_row(x, &x->rows[i], d);
		if (rc != TRAWL_ESTORE || attempt == 2)
			break;
		/* a merge may have swapped the files meanwhile: read the rows again */
		x->loaded = 0;
		if (d)
			d->msg[0] = '\0';
	}
	if (rc)
		return rc;
	segs = calloc(x->nrows + 1, sizeof *segs);
	if (!segs)
		return TRAWL_ENOMEM;
	for (size_t i = 0; i < x->nrows; i++) {
		mrow *m = &x->rows[i];
		segs[n].seg = m->seg;
		segs[n].docno = m->docno;
		segs[n].dead = roaring_bitmap_is_empty(m->deadu) ? NULL : m->deadu;
		segs[n].live_units = m->live_units;
		segs[n].live_tokens = m->live_tokens;
		n++;
	}
	rc = trawl__ix_search(segs, n, q, res, d);
	free(segs);
	return rc;
}

/* ---- verify ---- */

static int problem(int (*cb)(const trawl_problem *, void *), void *u, uint64_t *nserious,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int problem(int (*cb)(const trawl_problem *, void *), void *u, uint64_t *nserious,
                   const char *fmt, ...)
{
	char msg[600];
	va_list ap;
	trawl_problem p = { "database", "index", msg, 1 };

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	(*nserious)++;
	return cb(&p, u);
}

trawl_err trawl__sqix_check(sqlite_be *b, int (*cb)(const trawl_problem *, void *), void *u,
                            uint64_t *nserious, trawl_diag *d)
{
	trawl__sqix *x = b->ix;
	sqlite3_stmt *st = NULL, *ut = NULL;
	roaring_bitmap_t *seen = roaring_bitmap_create();
	trawl_err rc = TRAWL_OK;
	int r;

	if (!seen)
		return TRAWL_ENOMEM;
	x->loaded = 0;
	if ((rc = load_rows(b, d))) {
		problem(cb, u, nserious, "the search index's segments can't be read: %s",
		        d ? d->msg : trawl_strerror(rc));
		trawl__bitmap_free(seen);
		return TRAWL_OK;
	}
	if (!(ut = prep(b->db, "SELECT text FROM units WHERE rowid = ?1", d, "checking the index"))) {
		trawl__bitmap_free(seen);
		return TRAWL_ESTORE;
	}
	for (size_t i = 0; i < x->nrows; i++) {
		mrow *m = &x->rows[i];
		trawl_diag sd;
		uint64_t ntok = 0, *per = NULL;
		uint8_t *buf;
		uLong crc = crc32(0L, Z_NULL, 0);
		char path[4400];
		memset(&sd, 0, sizeof sd);
		path_of(x, m->file, path, sizeof path);
		if (open_row(x, m, &sd)) {
			problem(cb, u, nserious, "segment %s of the search index: %s", m->file, sd.msg);
			continue;
		}
		/* its bytes, against the CRC its row recorded */
		buf = malloc(1 << 20);
		if (!buf) {
			rc = TRAWL_ENOMEM;
			break;
		}
		/* (the CRC covers every byte before its own 4) */
		for (uint64_t off = 0, end = m->size >= 4 ? m->size - 4 : 0; off < end;) {
			size_t k = end - off < (1u << 20) ? (size_t)(end - off) : (1u << 20);
			if (fd_read((void *)(intptr_t)m->fd, buf, k, off))
				break;
			crc = crc32(crc, buf, (uInt)k);
			off += k;
		}
		free(buf);
		if ((uint32_t)crc != m->crc) {
			problem(cb, u, nserious, "segment %s of the search index does not match its "
			        "checksum (rebuild needed: delete the index folder's files and the rows "
			        "of ix_segments, then trawl refresh --all)", m->file);
			continue;
		}
		if (trawl__segment_check(m->seg, &ntok, &per, &sd)) {
			problem(cb, u, nserious, "segment %s of the search index: %s", m->file, sd.msg);
			continue;
		}
		/* every live document: stored, indexed once, and its units' tokens
		 * as the index has them */
		for (uint32_t k = 0; k < m->ndocs; k++) {
			uint32_t dn = m->docno[k];
			if (!dn || roaring_bitmap_contains(m->dead, k))
				continue;
			if (roaring_bitmap_contains(seen, dn)) {
				problem(cb, u, nserious, "document %u is in the search index twice", dn);
				continue;
			}
			roaring_bitmap_add(seen, dn);
			for (uint32_t un = m->seg->dfirst[k]; un < m->seg->dfirst[k + 1]; un++) {
				uint64_t fp, nt, want_fp;
				uint8_t raw[12];
				sqlite3_reset(ut);
				sqlite3_bind_int64(ut, 1, ((sqlite3_int64)dn << TRAWL__UNIT_BITS) |
				                   m->seg->seq[un]);
				r = sqlite3_step(ut);
				if (r != SQLITE_ROW) {
					problem(cb, u, nserious, "the search index holds unit %u of document "
					        "%u, which is not stored", m->seg->seq[un], dn);
					continue;
				}
				fp = trawl__seg_fingerprint((const char *)sqlite3_column_text(ut, 0),
				                            (size_t)sqlite3_column_bytes(ut, 0), &nt);
				if (fd_read((void *)(intptr_t)m->fd, raw, 4, m->seg->off_units +
				            (uint64_t)m->nunits * 12 + 4 * (uint64_t)un) ||
				    fd_read((void *)(intptr_t)m->fd, raw + 4, 8, m->seg->off_units +
				            (uint64_t)m->nunits * 16 + 8 * (uint64_t)un))
					continue;
				want_fp = (uint64_t)raw[4] | (uint64_t)raw[5] << 8 | (uint64_t)raw[6] << 16 |
				          (uint64_t)raw[7] << 24 | (uint64_t)raw[8] << 32 |
				          (uint64_t)raw[9] << 40 | (uint64_t)raw[10] << 48 |
				          (uint64_t)raw[11] << 56;
				if (fp != want_fp || nt != per[un] ||
				    nt != ((uint64_t)raw[0] | (uint64_t)raw[1] << 8 |
				           (uint64_t)raw[2] << 16 | (uint64_t)raw[3] << 24))
					problem(cb, u, nserious, "the search index does not match the text of "
					        "unit %u of document %u (rebuild needed)", m->seg->seq[un], dn);
			}
		}
		free(per);
	}
	sqlite3_finalize(ut);
	/* every document meant to be searchable is */
	if (!rc && (st = prep(b->db, "SELECT rowid, id, units FROM docs WHERE indexed = 1 AND "
	                      "units > 0", d, "checking the index"))) {
		while ((r = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t dn = sqlite3_column_int64(st, 0);
			if (dn > 0 && dn <= (int64_t)UINT32_MAX &&
			    !roaring_bitmap_contains(seen, (uint32_t)dn))
				problem(cb, u, nserious, "document %s is not in the search index (rebuild "
				        "needed: trawl refresh --all)", col(st, 1));
		}
		sqlite3_finalize(st);
	}
	trawl__bitmap_free(seen);
	return rc;
}

/* ---- rebuilding (an older store's upgrade) ---- */

trawl_err trawl__sqix_rebuild(sqlite_be *b, trawl_diag *d)
{
	static const char what[] = "rebuilding the search index";
	trawl__segbuild *sb = NULL;
	sqlite3_stmt *st = NULL;
	int64_t *docno = NULL, lastdoc = -1, ndocs = 0, nunits = 0;
	size_t nd = 0, capd = 0;
	struct timespec t0, t1;
	trawl_err rc = TRAWL_OK;
	int r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (sqlite3_exec(b->db, "DELETE FROM ix_segments; DELETE FROM ix_facets", NULL, NULL,
	                 NULL) != SQLITE_OK)
		return db_err(b->db, d, what);
	/* the facets of every document */
	{
		int64_t after = 0;
		int n;
		do {
			int64_t rows[256];
			n = 0;
			if (!(st = prep(b->db, "SELECT rowid FROM docs WHERE rowid > ?1 ORDER BY rowid "
			                "LIMIT 256", d, what)))
				return trawl__sq_code(b->db);
			sqlite3_bind_int64(st, 1, after);
			while ((r = sqlite3_step(st)) == SQLITE_ROW)
				rows[n++] = sqlite3_column_int64(st, 0);
			sqlite3_finalize(st);
			st = NULL;
			if (r != SQLITE_DONE)
				return db_err(b->db, d, what);
			for (int i = 0; i < n && !rc; i++)
				rc = trawl__sqix_facet_doc(b, rows[i], 1, d);
			if (rc)
				return rc;
			if (n)
				after = rows[n - 1];
		} while (n == 256);
		if ((rc = trawl__sqix_facets_flush(b, d)))
			return rc;
	}
	/* the text of every searchable document, in segments of bounded size */
	if (!(st = prep(b->db, "SELECT u.rowid >> " UNIT_BITS_SQL ", u.seq, u.text FROM units u "
	                "JOIN docs d ON d.id = u.doc WHERE d.indexed = 1 ORDER BY u.rowid", d, what)))
		return trawl__sq_code(b->db);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t dn = sqlite3_column_int64(st, 0);
		if (dn != lastdoc && sb && trawl__segbuild_mem(sb) > ((size_t)96 << 20)) {
			/* a full builder becomes a segment at a document's boundary */
			if ((rc = trawl__sq_put_segment(b, sb, docno, d)))
				break;
			trawl__segbuild_free(sb);
			sb = NULL;
			nd = 0;
		}
		if (!sb && !(sb = trawl__segbuild_new())) {
			rc = TRAWL_ENOMEM;
			break;
		}
		if (dn != lastdoc) {
			if (nd == capd) {
				size_t cap = capd ? capd * 2 : 1024;
				int64_t *n2 = trawl__reallocn(docno, cap, sizeof *n2);
				if (!n2) {
					rc = TRAWL_ENOMEM;
					break;
				}
				docno = n2;
				capd = cap;
			}
			if ((rc = trawl__segbuild_doc(sb)))
				break;
			docno[nd++] = dn;
			lastdoc = dn;
			ndocs++;
		}
		if ((rc = trawl__segbuild_unit(sb, (const char *)sqlite3_column_text(st, 2),
		                               (size_t)sqlite3_column_bytes(st, 2),
		                               (uint32_t)sqlite3_column_int(st, 1))))
			break;
		nunits++;
	}
	if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
		rc = db_err(b->db, d, what);
	sqlite3_finalize(st);
	if (!rc && sb && nd)
		rc = trawl__sq_put_segment(b, sb, docno, d);
	trawl__segbuild_free(sb);
	free(docno);
	if (rc)
		return rc;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	snprintf(b->note, sizeof b->note, "the store was upgraded to this trawl's search index: "
	         "%lld documents (%lld pages or sections) indexed again in %.1f s",
	         (long long)ndocs, (long long)nunits,
	         (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	return TRAWL_OK;
}
