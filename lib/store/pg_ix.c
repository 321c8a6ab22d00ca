/* The PostgreSQL store's search index: trawl's own segments
 * (lib/index/segment.h), searched by trawl as on SQLite (ixsearch.h).
 * BM25 needs the frequency of each phrase in every unit that matches; from
 * the tsvectors that means reading every matching unit's tsvector, from a
 * segment a term's postings.
 *
 * Tables (the store owner's; a user who may write can only add rows):
 *   ix_segments(id, size, crc, ndocs, nunits, ntokens, docno): a segment,
 *     docno the store's number (docs.rid) of each of its documents (u32
 *     little-endian, 0: not searchable);
 *   ix_chunks(seg, n, data): its bytes, IX_PAGE at a time;
 *   ix_dead(id, doc, keep): document doc's entries are dead in every
 *     segment but keep. Only a document's latest row counts: it kills
 *     everything the rows before it did. (The rows of one document come
 *     in the order of their commits, since the transaction that writes one
 *     holds the document's row in docs.)
 *
 * A transaction's documents go into one segment, written just before its
 * COMMIT (also the commit a writer makes in the middle of a batch to wait
 * for another's lock), its id from the sequence ix_seg; a document the
 * transaction re-reads or removes gets a row in ix_dead that keeps that
 * segment. So a killed writer leaves neither, and no two writers ever
 * touch the same row. The owner's trawl add merges segments
 * (index_maintain), moving the rows of ix_dead that kept a merged segment
 * to the new one.
 *
 * Only a session that sees every row (the owner's own, without SET ROLE)
 * searches through the index: a user's search goes through the tsvectors,
 * which row-level security filters (pg_search.c). meta 'ix' is '1' while
 * the index holds every searchable document; a store made before it
 * existed has '0' until the owner's next trawl add rebuilds it. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "store/pg_be.h"
#include "index/ixsearch.h"
#include "index/segment.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/banned.h"

#define IX_PAGE (64 * 1024)
/* pages of segments kept in memory by a process that searches */
#define IX_CACHE_MAX ((size_t)512 << 20)
#define MERGE_FACTOR 8
#define TIER_BASE ((uint64_t)4 << 20)
/* one merger at a time (pg_advisory_lock) */
#define MERGE_LOCK "7419, 3"

typedef struct pgseg {
	int64_t id;
	uint64_t size;
	uint32_t crc, ndocs, nunits;
	uint64_t ntokens;
	uint32_t *docno;          /* ndocs */
	roaring_bitmap_t *dead;   /* its dead local documents */
	/* opened for search */
	trawl__segment *seg;
	roaring_bitmap_t *deadu;  /* its dead units */
	uint32_t live_units;
	uint64_t live_tokens;
	uint8_t **page;           /* the pages read so far */
	uint32_t npage;
	struct trawl__pgix *x;
} pgseg;

/* What verify and a damaged row say to do */
#define REBUILD "rebuild needed: UPDATE meta SET value = '0' WHERE key = 'ix'; the owner's " \
	"next trawl add rebuilds it"

/* (doc, keep) of ix_dead: the latest row of each document, by doc */
typedef struct deadrow {
	uint32_t doc;
	int64_t keep, id;
} deadrow;

struct trawl__pgix {
	pg_be *b;
	int64_t ver;              /* data_version of what is loaded */
	int64_t key_n, key_sum;   /* its segments' rows: how many, the sum of their ids */
	int loaded;
	int whole;                /* the index holds every searchable document */
	int reader;               /* 1 this session may read it, -1 not, 0 not known */
	pgseg *segs;
	size_t nseg;
	size_t cached;            /* bytes of pages in memory */
	trawl_diag rd;            /* why the last read failed */
	deadrow *dead;            /* the latest row of ix_dead of each document */
	size_t ndead;
	/* this transaction's documents */
	trawl__segbuild *sb;
	int64_t *docno;
	size_t nd, cap;
	int64_t tag;              /* its segment's id, 0 until needed */
};

static void seg_free(pgseg *s)
{
	free(s->docno);
	trawl__bitmap_free(s->dead);
	trawl__bitmap_free(s->deadu);
	trawl__segment_free(s->seg);
	if (s->page) {
		for (uint32_t i = 0; i < s->npage; i++)
			free(s->page[i]);
		free(s->page);
	}
	memset(s, 0, sizeof *s);
}

static void segs_free(trawl__pgix *x)
{
	for (size_t i = 0; i < x->nseg; i++)
		seg_free(&x->segs[i]);
	free(x->segs);
	x->segs = NULL;
	x->nseg = 0;
	x->loaded = 0;
	x->cached = 0;
}

static void txn_reset(trawl__pgix *x)
{
	trawl__segbuild_free(x->sb);
	x->sb = NULL;
	x->nd = 0;
	x->tag = 0;
}

void trawl__pgix_free(trawl__pgix *x)
{
	if (!x)
		return;
	segs_free(x);
	txn_reset(x);
	free(x->docno);
	free(x->dead);
	free(x);
}

static trawl__pgix *ix_of(pg_be *b)
{
	if (!b->ix && (b->ix = calloc(1, sizeof *b->ix)))
		b->ix->b = b;
	return b->ix;
}

/* ---- writing ---- */

/* This transaction's segment id, taken from the sequence when first
 * needed. */
static trawl_err tag_of(pg_be *b, trawl__pgix *x, trawl_diag *d)
{
	PGresult *r;

	if (x->tag)
		return TRAWL_OK;
	if (!(r = trawl__pg_exec(b, b->db, "SELECT nextval('ix_seg')", NULL, d,
	                         "numbering a segment of the search index")))
		return TRAWL_ESTORE;
	x->tag = trawl__pg_i64(r, 0, 0);
	PQclear(r);
	return x->tag > 0 ? TRAWL_OK : TRAWL_ESTORE;
}

trawl_err trawl__pgix_put(void *be, trawl__segbuild *sb, const int64_t *docno, trawl_diag *d)
{
	pg_be *b = be;
	trawl__pgix *x = ix_of(b);
	uint32_t nd = trawl__segbuild_ndocs(sb);
	trawl_err rc;

	if (!x)
		return TRAWL_ENOMEM;
	/* (a user's writer on a store its owner has not upgraded yet: no
	 * index; the owner's next add builds it whole) */
	if (!nd || !b->ix_on)
		return TRAWL_OK;
	for (uint32_t i = 0; i < nd; i++)
		if (docno[i] < 0 || docno[i] > (int64_t)UINT32_MAX) {
			trawl__diag_set(d, NULL, "indexing: document number %lld is over 2^32",
			                (long long)docno[i]);
			return TRAWL_ETOOBIG;
		}
	if (!x->sb && !(x->sb = trawl__segbuild_new()))
		return TRAWL_ENOMEM;
	if (x->nd + nd > x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 256;
		int64_t *n;
		while (cap < x->nd + nd)
			cap *= 2;
		if (!(n = trawl__reallocn(x->docno, cap, sizeof *n)))
			return TRAWL_ENOMEM;
		x->docno = n;
		x->cap = cap;
	}
	if ((rc = trawl__segbuild_absorb(x->sb, sb)))
		return rc;
	memcpy(x->docno + x->nd, docno, nd * sizeof *docno);
	x->nd += nd;
	return TRAWL_OK;
}

trawl_err trawl__pgix_drop(pg_be *b, int64_t rid, trawl_diag *d)
{
	trawl__pgix *x = ix_of(b);
	pg_params p;
	trawl_err rc;

	if (!x)
		return TRAWL_ENOMEM;
	if ((rc = tag_of(b, x, d)))
		return rc;
	trawl__pg_params_init(&p);
	trawl__pg_int(&p, 1, rid);
	trawl__pg_int(&p, 2, x->tag);
	return trawl__pg_run(b, b->db, "INSERT INTO ix_dead(doc, keep) VALUES($1::bigint, "
	                     "$2::bigint)", &p, d, "taking a document out of the search index");
}

/* Where a segment's bytes go: rows of ix_chunks. */
typedef struct csink {
	pg_be *b;
	int64_t seg;
	uint8_t *buf;
	size_t n;
	int page;
	trawl_diag *d;
} csink;

static trawl_err cs_flush(csink *c)
{
	pg_params p;
	trawl_err rc;

	if (!c->n)
		return TRAWL_OK;
	trawl__pg_params_init(&p);
	trawl__pg_int(&p, 1, c->seg);
	trawl__pg_int(&p, 2, c->page);
	trawl__pg_bytea(&p, 3, c->buf, c->n);
	rc = trawl__pg_run(c->b, c->b->db, "INSERT INTO ix_chunks(seg, n, data) VALUES($1::bigint, "
	                   "$2::int, $3)", &p, c->d, "writing a segment of the search index");
	c->page++;
	c->n = 0;
	return rc;
}

static trawl_err cs_write(void *u, const void *p, size_t n)
{
	csink *c = u;
	const uint8_t *q = p;
	trawl_err rc;

	while (n) {
		size_t k = IX_PAGE - c->n;
		if (k > n)
			k = n;
		memcpy(c->buf + c->n, q, k);
		c->n += k;
		q += k;
		n -= k;
		if (c->n == IX_PAGE && (rc = cs_flush(c)))
			return rc;
	}
	return TRAWL_OK;
}

/* A segment's documents as its docno column. */
static uint8_t *docno_blob(const int64_t *d64, const uint32_t *d32, uint32_t n)
{
	uint8_t *p = trawl__mallocn((size_t)n + 1, 4);

	if (!p)
		return NULL;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t v = d64 ? (uint32_t)d64[i] : d32[i];
		p[4 * i] = (uint8_t)v;
		p[4 * i + 1] = (uint8_t)(v >> 8);
		p[4 * i + 2] = (uint8_t)(v >> 16);
		p[4 * i + 3] = (uint8_t)(v >> 24);
	}
	return p;
}

/* Writes segment id: its bytes from write_fn(arg, sink), then its row with
 * the documents d64 or d32 (ndocs of them, as write_fn's info says). In
 * the current transaction. */
static trawl_err write_segment(pg_be *b, int64_t id,
                               trawl_err (*write_fn)(void *, const trawl__segsink *,
                                                     trawl__seginfo *, trawl_diag *),
                               void *arg, const int64_t *d64, const uint32_t *d32,
                               uint32_t ndocs, trawl_diag *d)
{
	static const char what[] = "writing a segment of the search index";
	csink c = { b, id, NULL, 0, 0, d };
	trawl__segsink sink = { cs_write, &c };
	trawl__seginfo info;
	uint8_t *docs = NULL;
	pg_params p;
	trawl_err rc;

	memset(&info, 0, sizeof info);
	if (!(c.buf = malloc(IX_PAGE)))
		return TRAWL_ENOMEM;
	/* (not in a pipeline: a merge reads the segments it merges as it
	 * writes) */
	rc = write_fn(arg, &sink, &info, d);
	if (!rc)
		rc = cs_flush(&c);
	if (!rc && info.ndocs != ndocs) {
		trawl__diag_set(d, NULL, "%s: %u documents written, %u meant", what, info.ndocs,
		                ndocs);
		rc = TRAWL_EINTERNAL;
	}
	if (!rc && !(docs = docno_blob(d64, d32, ndocs)))
		rc = TRAWL_ENOMEM;
	if (!rc) {
		trawl__pg_params_init(&p);
		trawl__pg_int(&p, 1, id);
		trawl__pg_int(&p, 2, (int64_t)info.size);
		trawl__pg_int(&p, 3, info.crc);
		trawl__pg_int(&p, 4, info.ndocs);
		trawl__pg_int(&p, 5, info.nunits);
		trawl__pg_int(&p, 6, (int64_t)info.ntokens);
		trawl__pg_bytea(&p, 7, docs, (size_t)ndocs * 4);
		rc = trawl__pg_run(b, b->db, "INSERT INTO ix_segments(id, size, crc, ndocs, nunits, "
		                   "ntokens, docno) VALUES($1::bigint, $2::bigint, $3::bigint, $4::int, "
		                   "$5::int, $6::bigint, $7)", &p, d, what);
	}
	free(docs);
	free(c.buf);
	return rc;
}

static trawl_err write_builder(void *arg, const trawl__segsink *s, trawl__seginfo *info,
                               trawl_diag *d)
{
	return trawl__segbuild_write(arg, s, info, d);
}

trawl_err trawl__pgix_commit(pg_be *b, trawl_diag *d)
{
	trawl__pgix *x = b->ix;
	trawl_err rc;

	if (!x || !x->sb || !x->nd) {
		if (x)
			txn_reset(x);
		return TRAWL_OK;
	}
	if (!(rc = tag_of(b, x, d)))
		rc = write_segment(b, x->tag, write_builder, x->sb, x->docno, NULL, (uint32_t)x->nd,
		                   d);
	txn_reset(x);
	return rc;
}

void trawl__pgix_abort(pg_be *b)
{
	if (b->ix)
		txn_reset(b->ix);
}

/* ---- reading ---- */

/* Page k of segment s, read when first asked for. */
static trawl_err page_of(pgseg *s, uint32_t k, const uint8_t **out, trawl_diag *d)
{
	static const char what[] = "reading the search index";
	pg_be *b = s->x->b;
	char a1[32], a2[32];
	const char *v[2] = { a1, a2 };
	PGresult *r;
	size_t want;

	if (k >= s->npage)
		return TRAWL_ECORRUPT;
	if (s->page[k]) {
		*out = s->page[k];
		return TRAWL_OK;
	}
	if (s->x->cached > IX_CACHE_MAX) {
		/* (crude, but bounded: a search reads again what it needs) */
		for (size_t i = 0; i < s->x->nseg; i++) {
			pgseg *o = &s->x->segs[i];
			for (uint32_t j = 0; o->page && j < o->npage; j++) {
				free(o->page[j]);
				o->page[j] = NULL;
			}
		}
		s->x->cached = 0;
	}
	snprintf(a1, sizeof a1, "%lld", (long long)s->id);
	snprintf(a2, sizeof a2, "%u", k);
	r = PQexecParams(b->db, "SELECT data FROM ix_chunks WHERE seg = $1::bigint AND n = $2::int",
	                 2, NULL, v, NULL, NULL, 1);
	if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
		const char *m = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
		if (!m || !*m)
			m = PQerrorMessage(b->db);
		trawl__diag_set(d, NULL, "%s: %.*s", what, (int)strcspn(m, "\n"), m);
		PQclear(r);
		return TRAWL_ESTORE;
	}
	want = k + 1 < s->npage ? IX_PAGE : (size_t)(s->size - (uint64_t)k * IX_PAGE);
	if (PQntuples(r) != 1 || (size_t)PQgetlength(r, 0, 0) != want) {
		/* merged away meanwhile, or damaged */
		PQclear(r);
		trawl__diag_set(d, NULL, "%s: segment %lld has no page %u of %zu bytes", what,
		                (long long)s->id, k, want);
		return TRAWL_ENOTFOUND;
	}
	if (!(s->page[k] = malloc(want))) {
		PQclear(r);
		return TRAWL_ENOMEM;
	}
	memcpy(s->page[k], PQgetvalue(r, 0, 0), want);
	PQclear(r);
	s->x->cached += want;
	*out = s->page[k];
	return TRAWL_OK;
}

/* d says what a failed read of the index met (segment.c says only its
 * code). */
static void read_why(trawl__pgix *x, trawl_diag *d)
{
	if (d && x->rd.msg[0])
		trawl__diag_set(d, NULL, "%s", x->rd.msg);
	x->rd.msg[0] = '\0';
}

static trawl_err seg_read(void *u, void *p, size_t n, uint64_t off)
{
	pgseg *s = u;
	uint8_t *q = p;

	if (off > s->size || n > s->size - off)
		return TRAWL_ECORRUPT;
	while (n) {
		const uint8_t *pg;
		uint32_t k = (uint32_t)(off / IX_PAGE);
		size_t at = (size_t)(off % IX_PAGE), take = IX_PAGE - at;
		trawl_err rc = page_of(s, k, &pg, &s->x->rd);
		if (rc)
			return rc;
		if (take > n)
			take = n;
		memcpy(q, pg + at, take);
		q += take;
		n -= take;
		off += take;
	}
	return TRAWL_OK;
}

/* Whether this session may search through the index: it sees every row
 * (the owner, or a role that bypasses row-level security) and acts as
 * itself. */
static trawl_err may_read(pg_be *b, trawl__pgix *x, trawl_diag *d)
{
	PGresult *r;

	if (x->reader)
		return TRAWL_OK;
	if (!(r = trawl__pg_exec(b, b->db, "SELECT to_regclass('ix_segments') IS NOT NULL AND "
	                         "has_table_privilege('ix_segments', 'SELECT') AND "
	                         "has_table_privilege('ix_dead', 'SELECT') AND "
	                         "has_table_privilege('ix_chunks', 'SELECT') AND "
	                         "(EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'docs' AND "
	                         "schemaname = current_schema() AND tableowner = current_user) OR "
	                         "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND "
	                         "(rolsuper OR rolbypassrls)))", NULL, d, "opening the search index")))
		return TRAWL_ESTORE;
	x->reader = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t") ? 1 : -1;
	PQclear(r);
	return TRAWL_OK;
}

/* The documents' numbers of a segment's row (docno: ndocs 4-byte numbers,
 * little-endian) into *out; TRAWL_ECORRUPT when they are not as many. */
static trawl_err docs_of(const PGresult *r, int row, int col, uint32_t ndocs, uint32_t **out)
{
	size_t n = 0;
	unsigned char *raw = PQunescapeBytea((const unsigned char *)PQgetvalue(r, row, col), &n);
	uint32_t *a;

	*out = NULL;
	if (!raw)
		return TRAWL_ENOMEM;
	if (n != (size_t)ndocs * 4) {
		PQfreemem(raw);
		return TRAWL_ECORRUPT;
	}
	if (!(a = trawl__mallocn((size_t)ndocs + 1, sizeof *a))) {
		PQfreemem(raw);
		return TRAWL_ENOMEM;
	}
	for (uint32_t i = 0; i < ndocs; i++)
		a[i] = (uint32_t)raw[4 * i] | (uint32_t)raw[4 * i + 1] << 8 |
		       (uint32_t)raw[4 * i + 2] << 16 | (uint32_t)raw[4 * i + 3] << 24;
	PQfreemem(raw);
	*out = a;
	return TRAWL_OK;
}

static int cmp_dead(const void *a, const void *b)
{
	uint32_t x = ((const deadrow *)a)->doc, y = ((const deadrow *)b)->doc;
	return x < y ? -1 : x > y;
}

/* Reads the segments' rows and the dead documents, in one snapshot; keeps
 * the segments already open whose row is still there. */
static trawl_err load(pg_be *b, trawl__pgix *x, int64_t ver, trawl_diag *d)
{
	static const char what[] = "reading the search index";
	const char *sql[4] = {
		"SELECT value FROM meta WHERE key = 'ix'",
		"SELECT id, size, crc, ndocs, nunits, ntokens, docno FROM ix_segments ORDER BY id",
		"SELECT DISTINCT ON (doc) doc, keep, id FROM ix_dead ORDER BY doc, id DESC",
		"COMMIT",
	};
	PGresult *r[3] = { NULL, NULL, NULL };
	pgseg *segs = NULL;
	deadrow *dead = NULL;
	size_t nseg = 0, ndead = 0;
	trawl_err rc = TRAWL_OK;
	int own_txn = !b->in_txn;

	if (own_txn && (rc = trawl__pg_run(b, b->db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ "
	                                   "ONLY", NULL, d, what)))
		return rc;
	for (int i = 0; i < 3 && !rc; i++)
		if (!(r[i] = trawl__pg_exec(b, b->db, sql[i], NULL, d, what)))
			rc = TRAWL_ESTORE;
	if (own_txn)
		trawl__pg_run(b, b->db, rc ? "ROLLBACK" : sql[3], NULL, NULL, what);
	if (rc)
		goto out;
	x->whole = PQntuples(r[0]) && !strcmp(PQgetvalue(r[0], 0, 0), "1");
	ndead = (size_t)PQntuples(r[2]);
	if (ndead && !(dead = trawl__mallocn(ndead, sizeof *dead))) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < ndead; i++) {
		int64_t doc = trawl__pg_i64(r[2], (int)i, 0);
		dead[i].doc = doc > 0 && doc <= (int64_t)UINT32_MAX ? (uint32_t)doc : 0;
		dead[i].keep = trawl__pg_i64(r[2], (int)i, 1);
		dead[i].id = trawl__pg_i64(r[2], (int)i, 2);
	}
	if (ndead)
		qsort(dead, ndead, sizeof *dead, cmp_dead);
	nseg = (size_t)PQntuples(r[1]);
	if (!(segs = calloc(nseg + 1, sizeof *segs))) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < nseg; i++) {
		pgseg *s = &segs[i];
		s->id = trawl__pg_i64(r[1], (int)i, 0);
		s->size = (uint64_t)trawl__pg_i64(r[1], (int)i, 1);
		s->crc = (uint32_t)trawl__pg_i64(r[1], (int)i, 2);
		s->ndocs = (uint32_t)trawl__pg_i64(r[1], (int)i, 3);
		s->nunits = (uint32_t)trawl__pg_i64(r[1], (int)i, 4);
		s->ntokens = (uint64_t)trawl__pg_i64(r[1], (int)i, 5);
		s->x = x;
		if (trawl__pg_i64(r[1], (int)i, 3) < 0 || trawl__pg_i64(r[1], (int)i, 3) >= UINT32_MAX ||
		    trawl__pg_i64(r[1], (int)i, 4) < 0 || trawl__pg_i64(r[1], (int)i, 1) < 0)
			rc = TRAWL_ECORRUPT;
		else
			rc = docs_of(r[1], (int)i, 6, s->ndocs, &s->docno);
		if (rc == TRAWL_ECORRUPT) {
			/* (said, not taken for a lack of memory) */
			trawl__diag_set(d, NULL, "%s: the row of segment %lld is damaged (its size, "
			                "counts or documents' numbers do not hold together; " REBUILD ")",
			                what, (long long)s->id);
			rc = TRAWL_ESTORE;
			goto out;
		}
		if (rc || !(s->dead = roaring_bitmap_create())) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		for (uint32_t k = 0; k < s->ndocs; k++) {
			deadrow key = { s->docno[k], 0, 0 }, *hit;
			if (!s->docno[k])
				continue;
			hit = ndead ? bsearch(&key, dead, ndead, sizeof *dead, cmp_dead) : NULL;
			if (hit && hit->keep != s->id)
				roaring_bitmap_add(s->dead, k);
		}
		/* an open segment of the same id is the same bytes */
		for (size_t j = 0; j < x->nseg; j++)
			if (x->segs[j].id == s->id && x->segs[j].seg) {
				s->seg = x->segs[j].seg;
				s->page = x->segs[j].page;
				s->npage = x->segs[j].npage;
				/* (the reader reads its pages through s from now on:
				 * the old array is freed below) */
				s->seg->src.u = s;
				x->segs[j].seg = NULL;
				x->segs[j].page = NULL;
				break;
			}
	}
	{
		size_t cached = 0;
		segs_free(x);
		x->segs = segs;
		x->nseg = nseg;
		segs = NULL;
		for (size_t i = 0; i < x->nseg; i++)
			for (uint32_t k = 0; x->segs[i].page && k < x->segs[i].npage; k++)
				if (x->segs[i].page[k])
					cached += k + 1 < x->segs[i].npage ? IX_PAGE :
					          (size_t)(x->segs[i].size - (uint64_t)k * IX_PAGE);
		x->cached = cached;
	}
	free(x->dead);
	x->dead = dead;
	x->ndead = ndead;
	dead = NULL;
	x->loaded = 1;
	x->ver = ver;
out:
	for (int i = 0; i < 3; i++)
		PQclear(r[i]);
	if (segs) {
		for (size_t i = 0; i < nseg; i++)
			seg_free(&segs[i]);
		free(segs);
	}
	free(dead);
	return rc;
}

/* Opens segment s (once) and works out its dead units. */
static trawl_err open_seg(pgseg *s, trawl_diag *d)
{
	trawl_err rc;

	if (!s->seg) {
		trawl__segsrc src = { seg_read, s, s->size };
		s->npage = (uint32_t)((s->size + IX_PAGE - 1) / IX_PAGE);
		if (!s->page && !(s->page = calloc((size_t)s->npage + 1, sizeof *s->page)))
			return TRAWL_ENOMEM;
		if ((rc = trawl__segment_open(&src, &s->seg, d))) {
			read_why(s->x, d);
			return rc == TRAWL_ENOMEM || rc == TRAWL_ENOTFOUND ? rc : TRAWL_ESTORE;
		}
		if (s->seg->ndocs != s->ndocs || s->seg->nunits != s->nunits) {
			/* (not kept: the next call would take it as checked) */
			trawl__segment_free(s->seg);
			s->seg = NULL;
			trawl__diag_set(d, NULL, "segment %lld of the search index does not match its "
			                "row (trawl verify)", (long long)s->id);
			return TRAWL_ESTORE;
		}
	}
	if (s->deadu)
		return TRAWL_OK;
	if (!(s->deadu = roaring_bitmap_create()))
		return TRAWL_ENOMEM;
	s->live_units = s->nunits;
	s->live_tokens = s->seg->ntokens;
	for (uint32_t k = 0; k < s->ndocs; k++) {
		uint32_t a = s->seg->dfirst[k], z = s->seg->dfirst[k + 1];
		if (s->docno[k] && !roaring_bitmap_contains(s->dead, k))
			continue;
		for (uint32_t u = a; u < z; u++) {
			s->live_units--;
			s->live_tokens -= s->seg->dl[u];
		}
		if (a < z)
			roaring_bitmap_add_range(s->deadu, a, z);
	}
	return TRAWL_OK;
}

/* Makes x current: reads it again when the store changed. The store's
 * version moves just after each writer's COMMIT; the segments' rows (how
 * many, the sum of their ids) are read too, so that a writer killed
 * between its COMMIT and that step still shows its segment (a
 * transaction that only removed documents, killed there, is seen at the
 * next change). */
static trawl_err refresh(pg_be *b, trawl__pgix *x, int force, trawl_diag *d)
{
	int64_t ver, nseg, sum;
	PGresult *r;
	trawl_err rc;

	if ((rc = trawl__pg_data_version(b, &ver, d)))
		return rc;
	if (!(r = trawl__pg_exec(b, b->db, "SELECT count(*), coalesce(sum(id), 0) FROM "
	                         "ix_segments", NULL, d, "reading the search index")))
		return TRAWL_ESTORE;
	nseg = trawl__pg_i64(r, 0, 0);
	sum = trawl__pg_i64(r, 0, 1);
	PQclear(r);
	if (x->loaded && !force && ver == x->ver && nseg == x->key_n && sum == x->key_sum)
		return TRAWL_OK;
	/* (read before the rows: a change between the two is read again at
	 * the next search) */
	if ((rc = load(b, x, ver, d)))
		return rc;
	x->key_n = nseg;
	x->key_sum = sum;
	return TRAWL_OK;
}

trawl_err trawl__pgix_readable(pg_be *b, int *yes, trawl_diag *d)
{
	trawl__pgix *x = ix_of(b);
	trawl_err rc;

	*yes = 0;
	if (!x)
		return TRAWL_ENOMEM;
	if (b->role || (rc = may_read(b, x, d)))
		return b->role ? TRAWL_OK : rc;
	*yes = x->reader > 0;
	return TRAWL_OK;
}

trawl_err trawl__pgix_search(pg_be *b, const trawl__ixquery *q, trawl__ixresult *res,
                             int *used, trawl_diag *d)
{
	trawl__pgix *x = ix_of(b);
	trawl__ixseg *segs = NULL;
	trawl_err rc = TRAWL_OK;

	*used = 0;
	if (!x)
		return TRAWL_ENOMEM;
	if (b->role)
		return TRAWL_OK;
	if ((rc = may_read(b, x, d)) || x->reader < 0)
		return rc;
	for (int attempt = 0; attempt < 3; attempt++) {
		if ((rc = refresh(b, x, attempt > 0, d)))
			return rc;
		if (!x->whole)
			return TRAWL_OK;
		free(segs);
		if (!(segs = calloc(x->nseg + 1, sizeof *segs)))
			return TRAWL_ENOMEM;
		for (size_t i = 0; i < x->nseg && !rc; i++) {
			pgseg *s = &x->segs[i];
			if ((rc = open_seg(s, d)))
				break;
			segs[i].seg = s->seg;
			segs[i].docno = s->docno;
			segs[i].dead = roaring_bitmap_is_empty(s->deadu) ? NULL : s->deadu;
			segs[i].live_units = s->live_units;
			segs[i].live_tokens = s->live_tokens;
		}
		if (!rc)
			rc = trawl__ix_search(segs, x->nseg, q, res, d);
		if (rc)
			read_why(x, d);
		/* a merge took segments away meanwhile: read the rows again */
		if (!rc || rc == TRAWL_ENOMEM || attempt == 2)
			break;
		if (d)
			d->msg[0] = '\0';
		rc = TRAWL_OK;
	}
	free(segs);
	if (!rc)
		*used = 1;
	return rc;
}

/* ---- merging ---- */

static uint64_t live_size(const pgseg *s)
{
	uint64_t dead = roaring_bitmap_get_cardinality(s->dead);
	return s->ndocs ? s->size / s->ndocs * (s->ndocs - (dead < s->ndocs ? dead : s->ndocs))
	                : 0;
}

static int tier_of(uint64_t size)
{
	int t = 0;
	for (uint64_t lim = TIER_BASE; size >= lim && t < 20; lim *= MERGE_FACTOR)
		t++;
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

/* The ids of segs[idx[0..n)] as an SQL array. */
static char *id_array(const pgseg *segs, const size_t *idx, size_t n)
{
	trawl__buf a;

	trawl__buf_init(&a, 0);
	trawl__buf_addc(&a, '{');
	for (size_t i = 0; i < n; i++)
		trawl__buf_addf(&a, "%s%lld", i ? "," : "", (long long)segs[idx[i]].id);
	trawl__buf_addc(&a, '}');
	if (pg_buf_bad(&a)) {
		trawl__buf_release(&a);
		return NULL;
	}
	return a.data;
}

/* Merges x's segments idx[0..n) into one, in one transaction. */
static trawl_err merge(pg_be *b, trawl__pgix *x, const size_t *idx, size_t n, trawl_diag *d)
{
	static const char what[] = "merging segments of the search index";
	mjob j = { NULL, NULL, n };
	roaring_bitmap_t **gone = NULL;
	uint32_t *docs = NULL, nd = 0;
	char *ids = NULL;
	int64_t id = 0;
	PGresult *r;
	pg_params p;
	trawl_err rc = TRAWL_OK;

	j.in = calloc(n, sizeof *j.in);
	j.dead = calloc(n, sizeof *j.dead);
	gone = calloc(n, sizeof *gone);
	if (!j.in || !j.dead || !gone || !(ids = id_array(x->segs, idx, n))) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n && !rc; i++) {
		pgseg *s = &x->segs[idx[i]];
		if ((rc = open_seg(s, d)))
			break;
		/* its dead documents and those never stored go */
		if (!(gone[i] = roaring_bitmap_copy(s->dead))) {
			rc = TRAWL_ENOMEM;
			break;
		}
		for (uint32_t k = 0; k < s->ndocs; k++)
			if (!s->docno[k])
				roaring_bitmap_add(gone[i], k);
		j.in[i] = s->seg;
		j.dead[i] = gone[i];
		nd += s->ndocs - (uint32_t)roaring_bitmap_get_cardinality(gone[i]);
	}
	if (rc)
		goto out;
	if (!(docs = trawl__mallocn((size_t)nd + 1, sizeof *docs))) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (size_t i = 0, k2 = 0; i < n; i++) {
		const pgseg *s = &x->segs[idx[i]];
		for (uint32_t k = 0; k < s->ndocs; k++)
			if (!roaring_bitmap_contains(gone[i], k))
				docs[k2++] = s->docno[k];
	}
	if ((rc = trawl__pg_run(b, b->db, "BEGIN", NULL, d, what)))
		goto out;
	if (!(r = trawl__pg_exec(b, b->db, "SELECT nextval('ix_seg')", NULL, d, what))) {
		rc = TRAWL_ESTORE;
	} else {
		id = trawl__pg_i64(r, 0, 0);
		PQclear(r);
	}
	if (!rc && (rc = write_segment(b, id, write_merge, &j, NULL, docs, nd, d)))
		read_why(x, d);
	trawl__pg_params_init(&p);
	trawl__pg_text(&p, 1, ids);
	trawl__pg_int(&p, 2, id);
	/* the documents kept in a merged segment are kept in the new one; a
	 * document's rows before its latest count no more */
	if (!rc)
		rc = trawl__pg_run(b, b->db, "UPDATE ix_dead SET keep = $2::bigint WHERE keep = "
		                   "ANY($1::bigint[])", &p, d, what);
	if (!rc)
		rc = trawl__pg_run(b, b->db, "DELETE FROM ix_dead x WHERE EXISTS (SELECT 1 FROM ix_dead y "
		                   "WHERE y.doc = x.doc AND y.id > x.id)", NULL, d, what);
	if (!rc)
		rc = trawl__pg_run(b, b->db, "DELETE FROM ix_chunks WHERE seg = ANY($1::bigint[])", &p,
		                   d, what);
	if (!rc)
		rc = trawl__pg_run(b, b->db, "DELETE FROM ix_segments WHERE id = ANY($1::bigint[])",
		                   &p, d, what);
	if (!rc)
		rc = trawl__pg_run(b, b->db, "COMMIT", NULL, d, what);
	if (rc) {
		trawl__pg_run(b, b->db, "ROLLBACK", NULL, NULL, what);
		goto out;
	}
	/* (readers see a new version: data_version moves after each commit) */
	b->changes++;
	trawl__pg_run(b, b->db, "SELECT nextval('data_version')", NULL, NULL, what);
	x->loaded = 0;
out:
	for (size_t i = 0; gone && i < n; i++)
		trawl__bitmap_free(gone[i]);
	free(gone);
	free(j.in);
	free(j.dead);
	free(docs);
	free(ids);
	return rc;
}

static int cmp_live(const void *a, const void *b, void *u)
{
	const trawl__pgix *x = u;
	uint64_t sa = live_size(&x->segs[*(const size_t *)a]);
	uint64_t sb = live_size(&x->segs[*(const size_t *)b]);
	return sa < sb ? -1 : sa > sb;
}

static int cmp_id(const void *a, const void *b, void *u)
{
	const trawl__pgix *x = u;
	int64_t ia = x->segs[*(const size_t *)a].id, ib = x->segs[*(const size_t *)b].id;
	return ia < ib ? -1 : ia > ib;
}

/* Picks what to merge next: MERGE_FACTOR segments of the smallest tier
 * that has as many, else one that is a third dead. 0: nothing. */
static size_t pick(trawl__pgix *x, size_t *ord)
{
	size_t n = 0;

	for (size_t i = 0; i < x->nseg; i++)
		ord[i] = i;
	qsort_r(ord, x->nseg, sizeof *ord, cmp_live, x);
	for (size_t i = 0; i < x->nseg && !n;) {
		int t = tier_of(live_size(&x->segs[ord[i]]));
		size_t k = i;
		while (k < x->nseg && tier_of(live_size(&x->segs[ord[k]])) == t)
			k++;
		if (k - i >= MERGE_FACTOR) {
			memmove(ord, ord + i, MERGE_FACTOR * sizeof *ord);
			n = MERGE_FACTOR;
		}
		i = k;
	}
	for (size_t i = 0; i < x->nseg && !n; i++) {
		const pgseg *s = &x->segs[ord[i]];
		if (s->ndocs && roaring_bitmap_get_cardinality(s->dead) * 3 >= s->ndocs) {
			ord[0] = ord[i];
			n = 1;
		}
	}
	/* in the order they were made */
	if (n > 1)
		qsort_r(ord, n, sizeof *ord, cmp_id, x);
	return n;
}

typedef struct entry {
	uint32_t doc;
	int64_t seg;
} entry;

static int cmp_entry(const void *a, const void *b)
{
	uint32_t x = ((const entry *)a)->doc, y = ((const entry *)b)->doc;
	return x < y ? -1 : x > y;
}

/* Deletes the rows of ix_dead that kill nothing any more: a document's
 * rows up to its latest when no segment but the one it keeps holds it
 * (trawl rm'd documents once merged away, a re-read one's old entries
 * once merged away). */
static trawl_err purge(pg_be *b, trawl__pgix *x, trawl_diag *d)
{
	static const char what[] = "tidying the search index";
	entry *e = NULL;
	size_t ne = 0, cap = 0;
	trawl__buf docs, ids;
	pg_params p;
	trawl_err rc;
	int any = 0;

	if ((rc = refresh(b, x, 1, d)) || !x->ndead)
		return rc;
	for (size_t i = 0; i < x->nseg; i++)
		cap += x->segs[i].ndocs;
	if (cap && !(e = trawl__mallocn(cap, sizeof *e)))
		return TRAWL_ENOMEM;
	for (size_t i = 0; i < x->nseg; i++)
		for (uint32_t k = 0; k < x->segs[i].ndocs; k++)
			if (x->segs[i].docno[k]) {
				e[ne].doc = x->segs[i].docno[k];
				e[ne++].seg = x->segs[i].id;
			}
	if (ne)
		qsort(e, ne, sizeof *e, cmp_entry);
	trawl__buf_init(&docs, 0);
	trawl__buf_init(&ids, 0);
	trawl__buf_addc(&docs, '{');
	trawl__buf_addc(&ids, '{');
	for (size_t i = 0; i < x->ndead; i++) {
		const deadrow *r = &x->dead[i];
		entry key = { r->doc, 0 }, *hit = ne ? bsearch(&key, e, ne, sizeof *e, cmp_entry) : NULL;
		int other = 0;
		if (hit) {
			/* every entry of the document (bsearch found one of them) */
			while (hit > e && hit[-1].doc == r->doc)
				hit--;
			for (; hit < e + ne && hit->doc == r->doc; hit++)
				other |= hit->seg != r->keep;
		}
		if (other || !r->doc)
			continue;
		trawl__buf_addf(&docs, "%s%u", any ? "," : "", r->doc);
		trawl__buf_addf(&ids, "%s%lld", any ? "," : "", (long long)r->id);
		any = 1;
	}
	trawl__buf_addc(&docs, '}');
	trawl__buf_addc(&ids, '}');
	free(e);
	if (pg_buf_bad(&docs) || pg_buf_bad(&ids))
		rc = TRAWL_ENOMEM;
	else if (any) {
		trawl__pg_params_init(&p);
		trawl__pg_text(&p, 1, docs.data);
		trawl__pg_text(&p, 2, ids.data);
		/* (a row that came since is newer than the ones deleted) */
		rc = trawl__pg_run(b, b->db, "DELETE FROM ix_dead x USING unnest($1::bigint[], "
		                   "$2::bigint[]) AS t(doc, id) WHERE x.doc = t.doc AND x.id <= t.id",
		                   &p, d, what);
		x->loaded = 0;
	}
	trawl__buf_release(&docs);
	trawl__buf_release(&ids);
	return rc;
}

trawl_err trawl__pgix_maintain(void *be, trawl_diag *d)
{
	static const char what[] = "merging segments of the search index";
	pg_be *b = be;
	trawl__pgix *x = ix_of(b);
	PGresult *r;
	trawl_err rc = TRAWL_OK;
	int got;

	if (!x)
		return TRAWL_ENOMEM;
	if (b->readonly || b->role || b->in_txn)
		return TRAWL_OK;
	if ((rc = may_read(b, x, d)) || x->reader < 0)
		return rc;
	/* one merger at a time; another's merge is as good */
	if (!(r = trawl__pg_exec(b, b->db, "SELECT pg_try_advisory_lock(" MERGE_LOCK ")", NULL, d,
	                         what)))
		return TRAWL_ESTORE;
	got = PQntuples(r) && !strcmp(PQgetvalue(r, 0, 0), "t");
	PQclear(r);
	if (!got)
		return TRAWL_OK;
	for (int round = 0; round < 64 && !rc; round++) {
		size_t *ord, n;
		if ((rc = refresh(b, x, 1, d)))
			break;
		if (x->nseg < 1)
			break;
		if (!(ord = trawl__mallocn(x->nseg, sizeof *ord))) {
			rc = TRAWL_ENOMEM;
			break;
		}
		n = pick(x, ord);
		if (n)
			rc = merge(b, x, ord, n, d);
		free(ord);
		if (!n)
			break;
	}
	if (!rc)
		rc = purge(b, x, d);
	trawl__pg_run(b, b->db, "SELECT pg_advisory_unlock(" MERGE_LOCK ")", NULL, NULL, what);
	return rc;
}

/* ---- rebuilding ---- */

trawl_err trawl__pgix_rebuild(pg_be *b, trawl_diag *d)
{
	static const char what[] = "building the search index";
	trawl__pgix *x = ix_of(b);
	trawl__segbuild *sb = NULL;
	int64_t *docno = NULL, cur = 0;
	size_t nd = 0, cap = 0;
	trawl_err rc;

	if (!x)
		return TRAWL_ENOMEM;
	txn_reset(x);
	if ((rc = trawl__pg_run(b, b->db, "DELETE FROM ix_chunks; DELETE FROM ix_segments; "
	                        "DELETE FROM ix_dead; DECLARE trawl_ix NO SCROLL CURSOR FOR "
	                        "SELECT u.doc, u.seq, u.text FROM units u JOIN docs d ON "
	                        "d.rid = u.doc WHERE d.indexed = 1 ORDER BY u.doc, u.seq",
	                        NULL, d, what)))
		return rc;
	for (;;) {
		PGresult *r = trawl__pg_exec(b, b->db, "FETCH 2000 FROM trawl_ix", NULL, d, what);
		int nr;
		if (!r) {
			rc = TRAWL_ESTORE;
			break;
		}
		nr = PQntuples(r);
		for (int i = 0; i < nr && !rc; i++) {
			int64_t doc = trawl__pg_i64(r, i, 0);
			if (doc != cur) {
				/* a segment every 64 MiB of builder */
				if (sb && trawl__segbuild_mem(sb) > ((size_t)64 << 20)) {
					int64_t id;
					if (!(rc = tag_of(b, x, d))) {
						id = x->tag;
						x->tag = 0;
						rc = write_segment(b, id, write_builder, sb, docno, NULL,
						                   (uint32_t)nd, d);
					}
					trawl__segbuild_free(sb);
					sb = NULL;
					nd = 0;
					if (rc)
						break;
				}
				if (doc <= 0 || doc > (int64_t)UINT32_MAX) {
					trawl__diag_set(d, NULL, "%s: document number %lld is over 2^32", what,
					                (long long)doc);
					rc = TRAWL_ETOOBIG;
					break;
				}
				if (!sb && !(sb = trawl__segbuild_new())) {
					rc = TRAWL_ENOMEM;
					break;
				}
				if (nd == cap) {
					size_t c2 = cap ? cap * 2 : 1024;
					int64_t *nn = trawl__reallocn(docno, c2, sizeof *nn);
					if (!nn) {
						rc = TRAWL_ENOMEM;
						break;
					}
					docno = nn;
					cap = c2;
				}
				docno[nd++] = doc;
				cur = doc;
				if ((rc = trawl__segbuild_doc(sb)))
					break;
			}
			rc = trawl__segbuild_unit(sb, PQgetvalue(r, i, 2), (size_t)PQgetlength(r, i, 2),
			                          (uint32_t)trawl__pg_i64(r, i, 1));
		}
		PQclear(r);
		if (rc || !nr)
			break;
	}
	if (!rc && sb && nd && !(rc = tag_of(b, x, d)))
		rc = write_segment(b, x->tag, write_builder, sb, docno, NULL, (uint32_t)nd, d);
	x->tag = 0;
	trawl__segbuild_free(sb);
	free(docno);
	if (!rc)
		rc = trawl__pg_run(b, b->db, "CLOSE trawl_ix; INSERT INTO meta(key, value) "
		                   "VALUES('ix', '1') ON CONFLICT (key) DO UPDATE SET value = '1'",
		                   NULL, d, what);
	if (rc && d && !d->msg[0])
		trawl__diag_set(d, NULL, "%s: %s", what, trawl_strerror(rc));
	x->loaded = 0;
	return rc;
}

/* ---- verify ---- */

static void problem(int (*cb)(const trawl_problem *, void *), void *u, uint64_t *nserious,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void problem(int (*cb)(const trawl_problem *, void *), void *u, uint64_t *nserious,
                    const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	trawl_problem pr = { "database", "index", msg, 1 };

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	(*nserious)++;
	cb(&pr, u);
}


static trawl_err check_ix(pg_be *b, int (*cb)(const trawl_problem *, void *), void *u,
                          uint64_t *nserious, trawl_diag *d)
{
	trawl__pgix *x = ix_of(b);
	roaring_bitmap_t *seen = NULL;
	PGresult *r;
	trawl_diag sd;
	trawl_err rc;

	if (!x)
		return TRAWL_ENOMEM;
	if (!b->ix_on || b->role || (rc = may_read(b, x, d)) || x->reader < 0)
		return TRAWL_OK;
	memset(&sd, 0, sizeof sd);
	if ((rc = refresh(b, x, 1, &sd))) {
		problem(cb, u, nserious, "the search index can't be read: %s", sd.msg);
		return TRAWL_OK;
	}
	if (!x->whole) {
		/* (a store without tsvectors has no other way to its words: no
		 * search works until then) */
		int tsv = trawl__pg_tsv_read(b, &sd) ? 1 : b->tsv, serious = tsv != 1;
		trawl_problem pr = { "database", "index", tsv == 0 ?
		                     "the search index is not built, and the store keeps no "
		                     "tsvectors: every search fails until the owner's next trawl add "
		                     "builds it" : tsv == 2 ?
		                     "the search index is not built, and search reads tsvectors that "
		                     "are still being made: it misses documents until the owner's "
		                     "next trawl add builds the index" :
		                     "the search index is not built: search reads the tsvectors (the "
		                     "owner's next trawl add builds it)", serious };
		if (serious)
			(*nserious)++;
		cb(&pr, u);
		return TRAWL_OK;
	}
	if (!(seen = roaring_bitmap_create()))
		return TRAWL_ENOMEM;
	for (size_t i = 0; i < x->nseg; i++) {
		pgseg *s = &x->segs[i];
		uLong crc = crc32(0L, Z_NULL, 0);
		uint64_t ntok = 0, *per = NULL;
		uint8_t *buf;
		memset(&sd, 0, sizeof sd);
		if (open_seg(s, &sd)) {
			problem(cb, u, nserious, "segment %lld of the search index: %s (" REBUILD ")",
			        (long long)s->id, sd.msg);
			continue;
		}
		if (!(buf = malloc(IX_PAGE))) {
			rc = TRAWL_ENOMEM;
			break;
		}
		/* (the CRC covers every byte before its own 4) */
		for (uint64_t off = 0, end = s->size >= 4 ? s->size - 4 : 0; off < end;) {
			size_t k = end - off < IX_PAGE ? (size_t)(end - off) : IX_PAGE;
			if (seg_read(s, buf, k, off)) {
				crc = ~(uLong)s->crc;
				break;
			}
			crc = crc32(crc, buf, (uInt)k);
			off += k;
		}
		free(buf);
		if ((uint32_t)crc != s->crc) {
			problem(cb, u, nserious, "segment %lld of the search index does not match its "
			        "checksum (" REBUILD ")", (long long)s->id);
			continue;
		}
		if (trawl__segment_check(s->seg, &ntok, &per, &sd)) {
			problem(cb, u, nserious, "segment %lld of the search index: %s (" REBUILD ")",
			        (long long)s->id, sd.msg);
			continue;
		}
		free(per);
		for (uint32_t k = 0; k < s->ndocs; k++) {
			uint32_t dn = s->docno[k];
			if (!dn || roaring_bitmap_contains(s->dead, k))
				continue;
			if (roaring_bitmap_contains(seen, dn))
				problem(cb, u, nserious, "document %u is in the search index twice", dn);
			roaring_bitmap_add(seen, dn);
		}
	}
	x->rd.msg[0] = '\0';
	/* every searchable document is in it once, and nothing else */
	if (!rc && (r = trawl__pg_exec(b, b->db, "SELECT rid, id, units, indexed FROM docs", NULL,
	                               d, "checking the search index"))) {
		roaring_bitmap_t *want = roaring_bitmap_create();
		for (int i = 0; want && i < PQntuples(r); i++) {
			int64_t dn = trawl__pg_i64(r, i, 0);
			int searchable = trawl__pg_i64(r, i, 3) == 1;
			if (dn <= 0 || dn > (int64_t)UINT32_MAX)
				continue;
			if (searchable)
				roaring_bitmap_add(want, (uint32_t)dn);
			if (searchable && trawl__pg_i64(r, i, 2) > 0 &&
			    !roaring_bitmap_contains(seen, (uint32_t)dn))
				problem(cb, u, nserious, "document %s is not in the search index (" REBUILD
				        ")", PQgetvalue(r, i, 1));
		}
		if (want) {
			roaring_bitmap_andnot_inplace(seen, want);
			if (!roaring_bitmap_is_empty(seen))
				problem(cb, u, nserious, "the search index holds %llu documents that are not "
				        "stored or not searchable (" REBUILD ")",
				        (unsigned long long)roaring_bitmap_get_cardinality(seen));
		}
		trawl__bitmap_free(want);
		PQclear(r);
		if (!want)
			rc = TRAWL_ENOMEM;
	} else if (!rc) {
		rc = TRAWL_ESTORE;
	}
	trawl__bitmap_free(seen);
	return rc;
}

/* Checks the index against the documents in one snapshot: read one after
 * the other, a writer's commit between them (its documents, its segment)
 * or a merge (the segments it replaced, deleted) would look like damage. */
trawl_err trawl__pgix_check(pg_be *b, int (*cb)(const trawl_problem *, void *), void *u,
                            uint64_t *nserious, trawl_diag *d)
{
	static const char what[] = "checking the search index";
	int own = !b->in_txn && PQtransactionStatus(b->db) == PQTRANS_IDLE;
	trawl_err rc;

	if (own) {
		if ((rc = trawl__pg_run(b, b->db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
		                        NULL, d, what)))
			return rc;
		b->in_txn = 1;
	}
	rc = check_ix(b, cb, u, nserious, d);
	if (own) {
		b->in_txn = 0;
		/* (read only: its end can't lose anything) */
		trawl__pg_run(b, b->db, "ROLLBACK", NULL, NULL, what);
	}
	return rc;
}
