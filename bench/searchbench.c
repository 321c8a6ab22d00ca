/* searchbench: the measuring half of the search benchmark (bench/search.sh).
 *
 *   searchbench export STORE TEXTDIR TRIDB
 *       Reads the normalized text trawl extracted (units.text of
 *       STORE/trawl.db, one document = its units joined by "\n", documents
 *       in id order), writes it as TEXTDIR/xx/ID.txt (UTF-8, for rg) and
 *       loads it into TRIDB: a table docs(id, doc, text) and an FTS5 table
 *       tri(text) with tokenize='trigram' over it (external content, like
 *       trawl's own fts table). Prints key=value lines. With SB_TRIGRAM=0
 *       only the text files are written (TRIDB is left alone): what the rg
 *       comparison of bench/pagebench needs, at sizes where the trigram
 *       table would not fit on the disk or in the time. With SB_GROUP=N
 *       (N > 1) N documents go to one file, in id order (a million files
 *       of 2 KB take 4 KB of disk each; rg opens N times fewer files, so it
 *       is faster than with a file a document, not slower); `run` needs a
 *       file a document.
 *
 *   searchbench run STORE TEXTDIR TRIDB QUERIES TRAWL OUTDIR
 *       Computes the truth for every query by brute force over the exported
 *       texts, then for each tool: recall (all matching documents) and
 *       latency (per query). Writes OUTDIR/report.txt (human),
 *       OUTDIR/summary.kv (key=value, read by search.sh) and
 *       OUTDIR/queries.tsv (one line per query).
 *
 * Settings for `run` come from the environment:
 *   SB_ROUNDS=3     timed passes over the query set for trawl and trigram
 *                   (trawl's: SB_RG_ROUNDS of them interleaved with rg, each
 *                   rg run followed by trawl on the same query)
 *   SB_RG_ROUNDS=1  timed passes for rg (one process per query)
 *   SB_FACETS=1     trawl's timed searches also count every facet value of
 *                   the matching documents (as the web app's page does)
 *   SB_CLI=20       queries timed end to end through the trawl program
 *   SB_LIKE=20      1-2 character Chinese queries also run as LIKE '%q%' on
 *                   the trigram table and on its content table (an aside,
 *                   not part of the comparison)
 *   SB_RG=rg        the ripgrep program
 *
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sqlite3.h>
#include "trawl/trawl.h"

/* From libtrawl (lib/index/tokenize.h): trawl's Traditional->Simplified
 * fold, used for the "folded truth" (what trawl is specified to find). */
uint32_t trawl__fold_t2s(uint32_t cp);

extern char **environ;

static void die(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "searchbench: ");
	fprintf(stderr, fmt, a ? a : "", b ? b : "");
	fputc('\n', stderr);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory%s%s", NULL, NULL);
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory%s%s", NULL, NULL);
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int env_int(const char *k, int dflt)
{
	const char *v = getenv(k);
	return v && *v ? atoi(v) : dflt;
}

static sqlite3 *db_open(const char *path, int flags)
{
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK)
		die("can't open %s: %s", path, db ? sqlite3_errmsg(db) : "?");
	sqlite3_busy_timeout(db, 10000);
	return db;
}

static void db_exec(sqlite3 *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		die("sql failed: %s: %s", sql, err);
}

static sqlite3_stmt *db_prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die("prepare failed: %s: %s", sql, sqlite3_errmsg(db));
	return st;
}

/* ------------------------------------------------------------ export */

typedef struct sbuf {
	char *p;
	size_t n, cap;
} sbuf;

static void sb_add(sbuf *b, const void *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = 0;
}

static void write_file(const char *path, const char *s, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(s, 1, n, f) != n || fclose(f))
		die("can't write %s%s", path, NULL);
}

static int cmd_export(const char *store, const char *textdir, const char *tridb)
{
	char path[4096], cur[80] = "", sub[8];
	sqlite3 *src, *dst;
	sqlite3_stmt *rd, *ins, *insf;
	sbuf text = { 0 };
	int64_t ndocs = 0, nunits = 0, text_bytes = 0, file_bytes = 0;
	double t0, tri_secs = 0, t1;
	int r, notri = getenv("SB_TRIGRAM") && !strcmp(getenv("SB_TRIGRAM"), "0");
	long group = getenv("SB_GROUP") ? atol(getenv("SB_GROUP")) : 1;
	FILE *gf = NULL;

	snprintf(path, sizeof path, "%s/trawl.db", store);
	src = db_open(path, SQLITE_OPEN_READONLY);
	if (notri)
		tridb = ":memory:";   /* empty tables, nothing inserted */
	else
		unlink(tridb);
	dst = db_open(tridb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
	db_exec(dst, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"
	        "CREATE TABLE docs(id INTEGER PRIMARY KEY, doc TEXT NOT NULL, text TEXT NOT NULL);"
	        "CREATE VIRTUAL TABLE tri USING fts5(text, content='docs', content_rowid='id',"
	        " tokenize='trigram', detail='full');"
	        "BEGIN");
	ins = db_prep(dst, "INSERT INTO docs(id, doc, text) VALUES(?1, ?2, ?3)");
	insf = db_prep(dst, "INSERT INTO tri(rowid, text) VALUES(?1, ?2)");
	mkdir(textdir, 0777);
	for (int i = 0; i < 256; i++) {
		snprintf(path, sizeof path, "%s/%02x", textdir, i);
		mkdir(path, 0777);
	}
	rd = db_prep(src, "SELECT doc, text FROM units ORDER BY doc, seq");
	t0 = now();
	for (;;) {
		r = sqlite3_step(rd);
		const char *doc = r == SQLITE_ROW ? (const char *)sqlite3_column_text(rd, 0) : NULL;
		if (r != SQLITE_ROW && r != SQLITE_DONE)
			die("reading units: %s%s", sqlite3_errmsg(src), NULL);
		if (cur[0] && (!doc || strcmp(doc, cur))) {
			/* flush the finished document */
			ndocs++;
			memcpy(sub, cur, 2);
			sub[2] = 0;
			snprintf(path, sizeof path, "%s/%s/%s.txt", textdir, sub, cur);
			if (group > 1) {
				if ((ndocs - 1) % group == 0) {
					if (gf && fclose(gf))
						die("can't write %s%s", path, NULL);
					if (!(gf = fopen(path, "wb")))
						die("can't write %s%s", path, NULL);
				}
				if (fwrite(text.p ? text.p : "", 1, text.n, gf) != text.n || fputc('\n', gf) == EOF)
					die("can't write %s%s", path, NULL);
			} else {
				write_file(path, text.p ? text.p : "", text.n);
			}
			file_bytes += (int64_t)text.n;
			if (notri)
				goto flushed;
			t1 = now();
			sqlite3_bind_int64(ins, 1, ndocs);
			sqlite3_bind_text(ins, 2, cur, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, text.p ? text.p : "", (int)text.n, SQLITE_STATIC);
			if (sqlite3_step(ins) != SQLITE_DONE)
				die("insert: %s%s", sqlite3_errmsg(dst), NULL);
			sqlite3_reset(ins);
			sqlite3_bind_int64(insf, 1, ndocs);
			sqlite3_bind_text(insf, 2, text.p ? text.p : "", (int)text.n, SQLITE_STATIC);
			if (sqlite3_step(insf) != SQLITE_DONE)
				die("insert fts: %s%s", sqlite3_errmsg(dst), NULL);
			sqlite3_reset(insf);
			tri_secs += now() - t1;
		flushed:
			text.n = 0;
			cur[0] = 0;
		}
		if (!doc)
			break;
		if (!cur[0]) {
			if (strlen(doc) >= sizeof cur || strlen(doc) < 2)
				die("odd document id %s%s", doc, NULL);
			strcpy(cur, doc);
		} else {
			sb_add(&text, "\n", 1);
		}
		int n = sqlite3_column_bytes(rd, 1);
		sb_add(&text, sqlite3_column_text(rd, 1), (size_t)n);
		text_bytes += n;
		nunits++;
	}
	if (gf && fclose(gf))
		die("can't write a file in %s%s", textdir, NULL);
	sqlite3_finalize(rd);
	sqlite3_finalize(ins);
	sqlite3_finalize(insf);
	t1 = now();
	db_exec(dst, "COMMIT");
	tri_secs += now() - t1;
	sqlite3_close(dst);
	sqlite3_close(src);
	printf("export_docs=%lld\nexport_units=%lld\ntext_bytes=%lld\nfile_bytes=%lld\n"
	       "export_secs=%.3f\ntri_build_secs=%.3f\n", (long long)ndocs, (long long)nunits,
	       (long long)text_bytes, (long long)file_bytes, now() - t0, tri_secs);
	free(text.p);
	return 0;
}

/* ------------------------------------------------------------ queries */

enum { C_ZH1, C_ZH2, C_ZH3, C_LATIN, C_NUMBER, C_MIXED, C_N };
static const char *CAT[C_N] = { "zh1", "zh2", "zh3", "latin", "number", "mixed" };

typedef struct ivec {
	int *v;
	int n, cap;
} ivec;

static void iv_push(ivec *a, int x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 16;
		a->v = xrealloc(a->v, sizeof(int) * (size_t)a->cap);
	}
	a->v[a->n++] = x;
}

typedef struct dvec {
	double *v;
	int n, cap;
} dvec;

static void dv_push(dvec *a, double x)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 64;
		a->v = xrealloc(a->v, sizeof(double) * (size_t)a->cap);
	}
	a->v[a->n++] = x;
}

typedef struct query {
	char *q;        /* as given (UTF-8) */
	char *folded;   /* Traditional->Simplified folded (Chinese queries) */
	int cat, len, qlen, flen;
	int zh;         /* all characters are Chinese */
	int stable;     /* folding leaves it unchanged (Simplified-only) */
	ivec truth;     /* documents containing q (exact bytes) */
	ivec ftruth;    /* documents whose folded text contains folded q */
	/* results */
	int trawl_docs, trawl_miss, trawl_extra, trawl_fmiss, trawl_fextra;
	uint64_t trawl_hits;
	int tri_docs, tri_miss, tri_rows;
	int rg_docs, rg_miss, rg_extra;
	int like_docs[2], like_miss[2], like_done;
	double like_ms[2];
	dvec t_trawl, t_tri, t_rg;
	int first_miss;   /* a document trawl missed (index), -1 */
	int first_fmiss, first_fextra;
} query;

static query *Q;
static int NQ;

static int utf8_dec(const unsigned char *p, size_t n, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0 && n >= 2) {
		*cp = ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
		return 2;
	}
	if ((p[0] & 0xF0) == 0xE0 && n >= 3) {
		*cp = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		return 3;
	}
	if ((p[0] & 0xF8) == 0xF0 && n >= 4) {
		*cp = ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
		      ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

static int utf8_enc(char *o, uint32_t c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (c >> 18));
	o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

static int is_han(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x2FA1F) || (c >= 0xF900 && c <= 0xFAFF);
}

/* Folds the Chinese characters of s[0..n) into out (same or fewer bytes
 * per character is not guaranteed, so out has room for 4 bytes each). */
static size_t fold_text(const char *s, size_t n, char *out)
{
	size_t i = 0, o = 0;
	while (i < n) {
		uint32_t c;
		int k = utf8_dec((const unsigned char *)s + i, n - i, &c);
		if (c >= 0x3400 && k > 1) {
			uint32_t f = trawl__fold_t2s(c);
			if (f != c) {
				o += (size_t)utf8_enc(out + o, f);
				i += (size_t)k;
				continue;
			}
		}
		memcpy(out + o, s + i, (size_t)k);
		o += (size_t)k;
		i += (size_t)k;
	}
	return o;
}

static void load_queries(const char *file)
{
	FILE *f = fopen(file, "r");
	char line[1024];
	int cat = C_MIXED, cap = 0;

	if (!f)
		die("can't read %s%s", file, NULL);
	while (fgets(line, sizeof line, f)) {
		size_t n = strcspn(line, "\r\n");
		line[n] = 0;
		if (!strncmp(line, "#@", 2)) {
			const char *name = line + 2;
			while (*name == ' ')
				name++;
			cat = -1;
			for (int c = 0; c < C_N; c++)
				if (!strcmp(name, CAT[c]))
					cat = c;
			if (cat < 0)
				die("unknown category '%s' in %s", name, file);
			continue;
		}
		if (!n || line[0] == '#')
			continue;
		if (NQ == cap) {
			cap = cap ? cap * 2 : 256;
			Q = xrealloc(Q, sizeof *Q * (size_t)cap);
		}
		query *q = &Q[NQ++];
		memset(q, 0, sizeof *q);
		q->q = xstrdup(line);
		q->qlen = (int)n;
		q->cat = cat;
		q->zh = 1;
		q->first_miss = q->first_fmiss = q->first_fextra = -1;
		for (size_t i = 0; i < n;) {
			uint32_t c;
			i += (size_t)utf8_dec((const unsigned char *)line + i, n - i, &c);
			q->len++;
			if (!is_han(c))
				q->zh = 0;
		}
		q->folded = xmalloc(n * 4 + 1);
		q->flen = (int)fold_text(line, n, q->folded);
		q->folded[q->flen] = 0;
		q->stable = q->flen == q->qlen && !memcmp(q->folded, q->q, n);
		if (q->qlen < 2)
			die("query '%s' is shorter than 2 bytes%s", line, NULL);
	}
	fclose(f);
	if (!NQ)
		die("no queries in %s%s", file, NULL);
}

/* ------------------------------------------------------------ truth */

static char **DOC;   /* document ids, sorted (index = trigram rowid - 1) */
static int NDOC;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int doc_index(const char *id)
{
	char *const *p = bsearch(&id, DOC, (size_t)NDOC, sizeof *DOC, cmp_str);
	return p ? (int)(p - DOC) : -1;
}

/* All queries whose first two bytes are k, chained. */
typedef struct scanner {
	int head[65536];
	int *next;
	int folded;
} scanner;

static void scanner_init(scanner *s, int folded)
{
	memset(s->head, -1, sizeof s->head);
	s->next = xmalloc(sizeof(int) * (size_t)NQ);
	s->folded = folded;
	for (int i = NQ - 1; i >= 0; i--) {
		const unsigned char *p;
		if (folded && !Q[i].zh)
			continue;
		p = (const unsigned char *)(folded ? Q[i].folded : Q[i].q);
		int k = p[0] << 8 | p[1];
		s->next[i] = s->head[k];
		s->head[k] = i;
	}
}

static void scan(const scanner *s, const char *t, size_t n, int doc, unsigned char *seen)
{
	const unsigned char *u = (const unsigned char *)t;
	memset(seen, 0, (size_t)NQ);
	for (size_t i = 0; i + 1 < n; i++) {
		for (int qi = s->head[u[i] << 8 | u[i + 1]]; qi >= 0; qi = s->next[qi]) {
			query *q = &Q[qi];
			const char *qs = s->folded ? q->folded : q->q;
			size_t ql = (size_t)(s->folded ? q->flen : q->qlen);
			if (seen[qi] || ql > n - i || memcmp(t + i, qs, ql))
				continue;
			seen[qi] = 1;
			iv_push(s->folded ? &q->ftruth : &q->truth, doc);
		}
	}
}

static void compute_truth(sqlite3 *tri)
{
	sqlite3_stmt *st;
	scanner *exact = xmalloc(sizeof *exact), *fold = xmalloc(sizeof *fold);
	unsigned char *seen = xmalloc((size_t)NQ);
	char *fbuf = NULL;
	size_t fcap = 0;
	int cap = 0;

	scanner_init(exact, 0);
	scanner_init(fold, 1);
	st = db_prep(tri, "SELECT id, doc, text FROM docs ORDER BY id");
	while (sqlite3_step(st) == SQLITE_ROW) {
		int id = sqlite3_column_int(st, 0);
		const char *t = (const char *)sqlite3_column_text(st, 2);
		size_t n = (size_t)sqlite3_column_bytes(st, 2);
		if (id != NDOC + 1)
			die("docs table: ids are not 1..N%s%s", NULL, NULL);
		if (NDOC == cap) {
			cap = cap ? cap * 2 : 4096;
			DOC = xrealloc(DOC, sizeof *DOC * (size_t)cap);
		}
		DOC[NDOC] = xstrdup((const char *)sqlite3_column_text(st, 1));
		if (NDOC && strcmp(DOC[NDOC - 1], DOC[NDOC]) >= 0)
			die("docs table is not in id order%s%s", NULL, NULL);
		scan(exact, t, n, NDOC, seen);
		if (n * 4 + 1 > fcap) {
			fcap = n * 4 + 1;
			fbuf = xrealloc(fbuf, fcap);
		}
		scan(fold, fbuf, fold_text(t, n, fbuf), NDOC, seen);
		NDOC++;
	}
	sqlite3_finalize(st);
	free(fbuf);
	free(seen);
	free(exact->next);
	free(fold->next);
	free(exact);
	free(fold);
}

/* ------------------------------------------------------------ set compare */

static int *STAMP;   /* per document: the last query that marked it */
static int STAMPV;

/* Marks truth; then counts found documents not in truth (extra) and truth
 * documents not found (missed). found may hold duplicates. */
static void compare(const ivec *truth, const ivec *found, int *miss, int *extra,
                    int *first_miss, int *first_extra)
{
	int stamp_t = ++STAMPV, stamp_f, m = 0, e = 0, ndistinct = 0;

	for (int i = 0; i < truth->n; i++)
		STAMP[truth->v[i]] = stamp_t;
	stamp_f = ++STAMPV;
	for (int i = 0; i < found->n; i++) {
		int d = found->v[i];
		if (STAMP[d] == stamp_f || STAMP[d] == -stamp_f)
			continue;
		ndistinct++;
		if (STAMP[d] == stamp_t) {
			STAMP[d] = -stamp_f; /* found and true */
		} else {
			STAMP[d] = stamp_f;
			if (!e && first_extra)
				*first_extra = d;
			e++;
		}
	}
	for (int i = 0; i < truth->n; i++)
		if (STAMP[truth->v[i]] != -stamp_f) {
			if (!m && first_miss)
				*first_miss = truth->v[i];
			m++;
		}
	(void)ndistinct;
	*miss = m;
	*extra = e;
}

/* ------------------------------------------------------------ trawl */

typedef struct collect {
	ivec *docs;
	int unknown;
	size_t bytes;
} collect;

static int on_hit_collect(const trawl_hit *h, void *u)
{
	collect *c = u;
	int d = doc_index(h->doc);
	if (d < 0)
		c->unknown++;
	else
		iv_push(c->docs, d);
	return 0;
}

static int on_hit_consume(const trawl_hit *h, void *u)
{
	collect *c = u;
	c->bytes += strlen(h->doc) + (h->snippet ? strlen(h->snippet) : 0) +
	            (h->path ? strlen(h->path) : 0);
	return 0;
}

static void trawl_recall(trawl_store *s)
{
	for (int i = 0; i < NQ; i++) {
		query *q = &Q[i];
		ivec found = { 0 };
		collect c = { &found, 0, 0 };
		trawl_search_opts o;
		trawl_search_stats st;
		trawl_diag d;
		trawl_err e;

		memset(&o, 0, sizeof o);
		o.limit = INT_MAX;
		o.files = 1;
		memset(&d, 0, sizeof d);
		e = trawl_search(s, q->q, &o, on_hit_collect, &c, &st, &d);
		if (e)
			fprintf(stderr, "searchbench: trawl search '%s' failed: %s %s\n", q->q,
			        trawl_strerror(e), d.msg);
		if (c.unknown)
			fprintf(stderr, "searchbench: trawl search '%s': %d hits with unknown ids\n",
			        q->q, c.unknown);
		q->trawl_docs = found.n;
		compare(&q->truth, &found, &q->trawl_miss, &q->trawl_extra, &q->first_miss, NULL);
		if (q->zh)
			compare(&q->ftruth, &found, &q->trawl_fmiss, &q->trawl_fextra, &q->first_fmiss,
			        &q->first_fextra);
		free(found.v);
	}
}

static int on_facet(const trawl_facet *f, void *u)
{
	(void)f;
	(*(uint64_t *)u)++;
	return 0;
}

/* One timed search of query i: the top 20 with the exact counts and, with
 * SB_FACETS (default 1), every facet value's count of the matching
 * documents (what the web app's page asks for, with all values). */
static void trawl_time_one(trawl_store *s, int i)
{
	query *q = &Q[i];
	collect c = { NULL, 0, 0 };
	trawl_search_opts o;
	trawl_search_stats st;
	trawl_diag d;
	uint64_t nf = 0;
	double t0;

	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	o.limit = 20;
	if (env_int("SB_FACETS", 1)) {
		o.facet = on_facet;
		o.facet_udata = &nf;
		o.facet_values = 0;
	}
	t0 = now();
	trawl_search(s, q->q, &o, on_hit_consume, &c, &st, &d);
	dv_push(&q->t_trawl, (now() - t0) * 1e3);
	q->trawl_hits = st.hits;
}

static void trawl_time(trawl_store *s, int rounds)
{
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < NQ; i++)
			trawl_time_one(s, i);
}

/* ------------------------------------------------------------ trigram */

static void fts5_string(const char *q, sbuf *b)
{
	b->n = 0;
	sb_add(b, "\"", 1);
	for (const char *p = q; *p; p++) {
		if (*p == '"')
			sb_add(b, "\"", 1);
		sb_add(b, p, 1);
	}
	sb_add(b, "\"", 1);
}

static void tri_recall(sqlite3 *db)
{
	sqlite3_stmt *st = db_prep(db, "SELECT rowid FROM tri WHERE tri MATCH ?1");
	sbuf m = { 0 };

	for (int i = 0; i < NQ; i++) {
		query *q = &Q[i];
		ivec found = { 0 };
		int r, extra;
		fts5_string(q->q, &m);
		sqlite3_bind_text(st, 1, m.p, (int)m.n, SQLITE_STATIC);
		while ((r = sqlite3_step(st)) == SQLITE_ROW)
			iv_push(&found, (int)sqlite3_column_int64(st, 0) - 1);
		if (r != SQLITE_DONE)
			fprintf(stderr, "searchbench: trigram '%s': %s\n", q->q, sqlite3_errmsg(db));
		sqlite3_reset(st);
		q->tri_docs = found.n;
		compare(&q->truth, &found, &q->tri_miss, &extra, NULL, NULL);
		free(found.v);
	}
	sqlite3_finalize(st);
	free(m.p);
}

static void tri_time(sqlite3 *db, int rounds)
{
	sqlite3_stmt *cnt = db_prep(db, "SELECT count(*) FROM tri WHERE tri MATCH ?1");
	sqlite3_stmt *top = db_prep(db, "SELECT rowid FROM tri WHERE tri MATCH ?1 "
	                            "ORDER BY rank LIMIT 20");
	sbuf m = { 0 };

	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < NQ; i++) {
			query *q = &Q[i];
			int rows = 0;
			double t0 = now();
			fts5_string(q->q, &m);
			sqlite3_bind_text(cnt, 1, m.p, (int)m.n, SQLITE_STATIC);
			if (sqlite3_step(cnt) == SQLITE_ROW)
				rows = sqlite3_column_int(cnt, 0);
			sqlite3_reset(cnt);
			sqlite3_bind_text(top, 1, m.p, (int)m.n, SQLITE_STATIC);
			while (sqlite3_step(top) == SQLITE_ROW)
				(void)sqlite3_column_int64(top, 0);
			sqlite3_reset(top);
			dv_push(&q->t_tri, (now() - t0) * 1e3);
			q->tri_rows = rows;
		}
	sqlite3_finalize(cnt);
	sqlite3_finalize(top);
	free(m.p);
}

/* The aside: 1-2 character Chinese queries as LIKE '%q%', (a) on the
 * trigram table itself, which in SQLite 3.40 returns nothing for patterns
 * of fewer than 3 characters, and (b) on its content table: a full scan. */
static void tri_like(sqlite3 *db, int max)
{
	sqlite3_stmt *st[2] = { db_prep(db, "SELECT rowid FROM tri WHERE text LIKE ?1"),
	                        db_prep(db, "SELECT id FROM docs WHERE text LIKE ?1") };
	sbuf pat = { 0 };
	int done[2] = { 0, 0 };

	for (int i = 0; i < NQ; i++) {
		query *q = &Q[i];
		int r, extra, c;
		double t0;
		if (!q->zh || q->len > 2)
			continue;
		c = q->len - 1;
		if (done[c] >= (max + 1 - c) / 2) /* half 1-char, half 2-char */
			continue;
		done[c]++;
		pat.n = 0;
		sb_add(&pat, "%", 1);
		sb_add(&pat, q->q, strlen(q->q));
		sb_add(&pat, "%", 1);
		for (int k = 0; k < 2; k++) {
			ivec found = { 0 };
			t0 = now();
			sqlite3_bind_text(st[k], 1, pat.p, (int)pat.n, SQLITE_STATIC);
			while ((r = sqlite3_step(st[k])) == SQLITE_ROW)
				iv_push(&found, (int)sqlite3_column_int64(st[k], 0) - 1);
			sqlite3_reset(st[k]);
			q->like_ms[k] = (now() - t0) * 1e3;
			q->like_docs[k] = found.n;
			compare(&q->truth, &found, &q->like_miss[k], &extra, NULL, NULL);
			free(found.v);
		}
		q->like_done = 1;
	}
	sqlite3_finalize(st[0]);
	sqlite3_finalize(st[1]);
	free(pat.p);
}

/* ------------------------------------------------------------ processes */

/* Runs argv with stdout to outpath (or /dev/null); returns wall ms, or -1. */
static double run_proc(char *const argv[], const char *outpath, int *status)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	double t0;
	int st = 0;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, outpath ? outpath : "/dev/null",
	                                 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	t0 = now();
	if (posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ)) {
		posix_spawn_file_actions_destroy(&fa);
		return -1;
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	t0 = (now() - t0) * 1e3;
	posix_spawn_file_actions_destroy(&fa);
	*status = st;
	return t0;
}

/* rg over the text, one process per query; with s, each rg run is
 * followed by a timed trawl search of the same query (interleaved, so
 * that both see the same load on a shared machine). */
static void rg_run(const char *textdir, const char *outdir, int rounds, trawl_store *s)
{
	char outpath[4096], line[8192];
	const char *rg = getenv("SB_RG") && *getenv("SB_RG") ? getenv("SB_RG") : "rg";

	snprintf(outpath, sizeof outpath, "%s/rg.out", outdir);
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < NQ; i++) {
			query *q = &Q[i];
			char *argv[] = { (char *)rg, "-F", "-l", "--", q->q, (char *)textdir, NULL };
			int st = 0;
			double ms = run_proc(argv, outpath, &st);
			if (ms < 0 || !WIFEXITED(st) || WEXITSTATUS(st) > 1)
				die("rg failed on query '%s'%s", q->q, NULL);
			dv_push(&q->t_rg, ms);
			if (s)
				trawl_time_one(s, i);
			if (r)
				continue;
			/* the first round's output gives the documents */
			ivec found = { 0 };
			FILE *f = fopen(outpath, "r");
			if (!f)
				die("can't read %s%s", outpath, NULL);
			while (fgets(line, sizeof line, f)) {
				size_t n = strcspn(line, "\r\n");
				line[n] = 0;
				char *base = strrchr(line, '/');
				base = base ? base + 1 : line;
				char *dot = strrchr(base, '.');
				if (dot)
					*dot = 0;
				int d = doc_index(base);
				if (d < 0)
					die("rg printed an unknown file: %s%s", line, NULL);
				iv_push(&found, d);
			}
			fclose(f);
			q->rg_docs = found.n;
			compare(&q->truth, &found, &q->rg_miss, &q->rg_extra, NULL, NULL);
			free(found.v);
		}
}

static dvec cli_run(const char *trawl, const char *store, int n)
{
	dvec t = { 0 };
	int step;

	if (n <= 0)
		return t;
	step = NQ / n > 0 ? NQ / n : 1;
	for (int i = 0; i < NQ && t.n < n; i += step) {
		char *argv[] = { (char *)trawl, "--store", (char *)store, "search", Q[i].q, NULL };
		int st = 0;
		double ms = run_proc(argv, NULL, &st);
		if (ms < 0 || !WIFEXITED(st) || WEXITSTATUS(st) > 1)
			fprintf(stderr, "searchbench: '%s search %s' failed (status %d)\n", trawl, Q[i].q, st);
		dv_push(&t, ms);
	}
	return t;
}

/* ------------------------------------------------------------ report */

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* nearest-rank percentile of v (sorted in place) */
static double pct(dvec *v, double p)
{
	int k;
	if (!v->n)
		return NAN;
	qsort(v->v, (size_t)v->n, sizeof(double), cmp_dbl);
	k = (int)ceil(p / 100.0 * v->n);
	if (k < 1)
		k = 1;
	if (k > v->n)
		k = v->n;
	return v->v[k - 1];
}

static double median_of(const dvec *v)
{
	dvec c = { 0 };
	double m;
	for (int i = 0; i < v->n; i++)
		dv_push(&c, v->v[i]);
	m = pct(&c, 50);
	free(c.v);
	return m;
}

/* all samples of one tool for the queries of category cat (-1: all) */
static dvec gather(int tool, int cat)
{
	dvec out = { 0 };
	for (int i = 0; i < NQ; i++) {
		if (cat >= 0 && Q[i].cat != cat)
			continue;
		dvec *v = tool == 0 ? &Q[i].t_trawl : tool == 1 ? &Q[i].t_tri : &Q[i].t_rg;
		for (int j = 0; j < v->n; j++)
			dv_push(&out, v->v[j]);
	}
	return out;
}

static FILE *KV;

static void kv(const char *k, const char *fmt, double x)
{
	fprintf(KV, "%s=", k);
	fprintf(KV, fmt, x);
	fputc('\n', KV);
}

static int cmd_run(char **a)
{
	const char *store = a[0], *textdir = a[1], *tridb = a[2], *qfile = a[3], *trawl = a[4],
	           *outdir = a[5];
	int rounds = env_int("SB_ROUNDS", 3), rg_rounds = env_int("SB_RG_ROUNDS", 1),
	    ncli = env_int("SB_CLI", 20), nlike = env_int("SB_LIKE", 20);
	char path[4096];
	sqlite3 *tri;
	trawl_store *s = NULL;
	trawl_diag d;
	trawl_err e;
	double t0;
	FILE *rep, *tsv;
	static const char *TOOL[3] = { "trawl", "trigram", "rg" };

	load_queries(qfile);
	tri = db_open(tridb, SQLITE_OPEN_READONLY);
	db_exec(tri, "PRAGMA cache_size=-262144");
	t0 = now();
	compute_truth(tri);
	fprintf(stderr, "searchbench: %d queries, %d documents; truth in %.1fs\n", NQ, NDOC,
	        now() - t0);
	STAMP = calloc((size_t)NDOC + 1, sizeof(int));

	memset(&d, 0, sizeof d);
	if ((e = trawl_store_open(store, 0, &s, &d)))
		die("trawl_store_open: %s %s", trawl_strerror(e), d.msg);
	t0 = now();
	trawl_recall(s);
	fprintf(stderr, "searchbench: trawl recall pass %.1fs\n", now() - t0);
	/* trawl's timed rounds: rg_rounds of them interleaved with rg below,
	 * the rest here */
	t0 = now();
	trawl_time(s, rounds > rg_rounds ? rounds - rg_rounds : 0);
	fprintf(stderr, "searchbench: trawl timing (%d rounds) %.1fs\n",
	        rounds > rg_rounds ? rounds - rg_rounds : 0, now() - t0);

	t0 = now();
	tri_recall(tri);
	tri_time(tri, rounds);
	fprintf(stderr, "searchbench: trigram recall + timing %.1fs\n", now() - t0);
	t0 = now();
	tri_like(tri, nlike);
	fprintf(stderr, "searchbench: trigram LIKE aside %.1fs\n", now() - t0);
	sqlite3_close(tri);

	t0 = now();
	rg_run(textdir, outdir, rg_rounds, s);
	fprintf(stderr, "searchbench: rg and trawl interleaved (%d rounds) %.1fs\n", rg_rounds,
	        now() - t0);
	trawl_store_close(s);
	dvec cli = cli_run(trawl, store, ncli);

	/* ---- outputs */
	snprintf(path, sizeof path, "%s/summary.kv", outdir);
	KV = fopen(path, "w");
	snprintf(path, sizeof path, "%s/report.txt", outdir);
	rep = fopen(path, "w");
	snprintf(path, sizeof path, "%s/queries.tsv", outdir);
	tsv = fopen(path, "w");
	if (!KV || !rep || !tsv)
		die("can't write to %s%s", outdir, NULL);

	kv("queries", "%.0f", NQ);
	kv("docs", "%.0f", NDOC);
	kv("rounds", "%.0f", rounds);
	kv("rg_rounds", "%.0f", rg_rounds);

	/* recall, per category of Chinese query, summed over queries */
	fprintf(rep, "recall (documents found / documents whose text contains the query; "
	        "Chinese queries of Simplified-only characters)\n");
	fprintf(rep, "  %-6s %7s %9s %12s %12s %12s   %s\n", "cat", "queries", "truth", "trawl",
	        "trigram", "rg", "trawl vs folded truth");
	for (int c = C_ZH1; c <= C_ZH3; c++) {
		long nq = 0, truth = 0, tm = 0, trm = 0, rm = 0, ftruth = 0, fm = 0, fe = 0, qmiss = 0;
		for (int i = 0; i < NQ; i++) {
			query *q = &Q[i];
			if (q->cat != c || !q->zh || !q->stable)
				continue;
			nq++;
			truth += q->truth.n;
			tm += q->trawl_miss;
			trm += q->tri_miss;
			rm += q->rg_miss;
			ftruth += q->ftruth.n;
			fm += q->trawl_fmiss;
			fe += q->trawl_fextra;
			qmiss += q->trawl_miss > 0;
		}
		double rt = truth ? 100.0 * (double)(truth - tm) / (double)truth : 100.0;
		double rtr = truth ? 100.0 * (double)(truth - trm) / (double)truth : 100.0;
		double rr = truth ? 100.0 * (double)(truth - rm) / (double)truth : 100.0;
		fprintf(rep, "  %-6s %7ld %9ld %11.2f%% %11.2f%% %11.2f%%   missed %ld, extra %ld of %ld\n",
		        CAT[c], nq, truth, rt, rtr, rr, fm, fe, ftruth);
		char k[64];
		snprintf(k, sizeof k, "recall.%s.queries", CAT[c]);
		kv(k, "%.0f", (double)nq);
		snprintf(k, sizeof k, "recall.%s.truth", CAT[c]);
		kv(k, "%.0f", (double)truth);
		snprintf(k, sizeof k, "recall.%s.trawl", CAT[c]);
		kv(k, "%.2f", rt);
		snprintf(k, sizeof k, "recall.%s.trigram", CAT[c]);
		kv(k, "%.2f", rtr);
		snprintf(k, sizeof k, "recall.%s.rg", CAT[c]);
		kv(k, "%.2f", rr);
		snprintf(k, sizeof k, "recall.%s.trawl_queries_short", CAT[c]);
		kv(k, "%.0f", (double)qmiss);
		snprintf(k, sizeof k, "folded.%s.missed", CAT[c]);
		kv(k, "%.0f", (double)fm);
		snprintf(k, sizeof k, "folded.%s.extra", CAT[c]);
		kv(k, "%.0f", (double)fe);
	}
	{
		int skipped = 0;
		for (int i = 0; i < NQ; i++)
			if (Q[i].cat <= C_ZH3 && (!Q[i].zh || !Q[i].stable)) {
				fprintf(rep, "  (not counted: '%s' is %s)\n", Q[i].q,
				        !Q[i].zh ? "not all Chinese" : "changed by t2s folding");
				skipped++;
			}
		(void)skipped;
	}
	/* the LIKE aside */
	for (int k = 0; k < 2; k++) {
		long truth = 0, miss = 0, n = 0;
		dvec lt = { 0 };
		for (int i = 0; i < NQ; i++)
			if (Q[i].like_done && Q[i].stable) {
				n++;
				truth += Q[i].truth.n;
				miss += Q[i].like_miss[k];
				dv_push(&lt, Q[i].like_ms[k]);
			}
		if (n) {
			double p50 = pct(&lt, 50), rec = truth ? 100.0 * (double)(truth - miss) / (double)truth : 100.0;
			fprintf(rep, "  aside (not the comparison): %ld 1-2 character queries as LIKE '%%q%%' %s: "
			        "recall %.2f%%, median %.1f ms\n", n,
			        k ? "on the trigram table's content table (a full scan)" :
			        "on the trigram table (SQLite 3.40 finds nothing for < 3 characters)", rec, p50);
			kv(k ? "like_scan.recall" : "like_tri.recall", "%.2f", rec);
			kv(k ? "like_scan.p50" : "like_tri.p50", "%.3f", p50);
			kv("like.queries", "%.0f", (double)n);
		}
		free(lt.v);
	}
	/* Latin words, numbers, mixed: trawl matches tokens (whole words,
	 * case-folded), rg and trigram substrings; counts only */
	fprintf(rep, "non-Chinese queries (trawl matches whole tokens, case-folded; rg is a "
	        "case-sensitive substring scan, trigram a case-insensitive one): documents found\n");
	for (int c = C_LATIN; c < C_N; c++) {
		long nq = 0, truth = 0, tw = 0, tr = 0, rg = 0, miss = 0;
		for (int i = 0; i < NQ; i++)
			if (Q[i].cat == c) {
				nq++;
				truth += Q[i].truth.n;
				tw += Q[i].trawl_docs;
				tr += Q[i].tri_docs;
				rg += Q[i].rg_docs;
				miss += Q[i].trawl_miss;
			}
		if (nq)
			fprintf(rep, "  %-6s %3ld queries: substring truth %ld, trawl %ld (of the truth "
			        "%ld not found), trigram %ld, rg %ld\n", CAT[c], nq, truth, tw, miss, tr, rg);
	}

	/* precise list of trawl misses on Chinese queries */
	{
		int any = 0;
		for (int i = 0; i < NQ; i++) {
			query *q = &Q[i];
			if (!q->zh || (!q->trawl_miss && !q->trawl_fmiss && !q->trawl_fextra))
				continue;
			if (!any++)
				fprintf(rep, "trawl recall problems (Chinese queries):\n");
			fprintf(rep, "  '%s': truth %d docs, trawl found %d, missed %d (e.g. %s); "
			        "vs folded truth %d: missed %d (e.g. %s), extra %d (e.g. %s)\n",
			        q->q, q->truth.n, q->trawl_docs, q->trawl_miss,
			        q->first_miss >= 0 ? DOC[q->first_miss] : "-", q->ftruth.n,
			        q->trawl_fmiss, q->first_fmiss >= 0 ? DOC[q->first_fmiss] : "-",
			        q->trawl_fextra, q->first_fextra >= 0 ? DOC[q->first_fextra] : "-");
		}
		if (!any)
			fprintf(rep, "trawl found every document for every Chinese query (and no others "
			        "than the folded truth).\n");
		kv("trawl_problem_queries", "%.0f", any);
	}
	{
		long rgbad = 0;
		for (int i = 0; i < NQ; i++)
			rgbad += Q[i].rg_miss + Q[i].rg_extra;
		if (rgbad)
			fprintf(rep, "note: rg's document sets differ from the brute-force truth in %ld "
			        "places\n", rgbad);
	}

	/* latency */
	fprintf(rep, "latency in ms (%d queries; trawl and trigram: %d rounds, rg: %d), "
	        "p50 / p99\n", NQ, rounds, rg_rounds);
	fprintf(rep, "  %-8s", "cat");
	for (int t = 0; t < 3; t++)
		fprintf(rep, " %21s", TOOL[t]);
	fprintf(rep, "\n");
	for (int c = -1; c < C_N; c++) {
		fprintf(rep, "  %-8s", c < 0 ? "all" : CAT[c]);
		for (int t = 0; t < 3; t++) {
			dvec v = gather(t, c);
			double p50 = pct(&v, 50), p99 = pct(&v, 99);
			fprintf(rep, " %10.2f / %8.2f", p50, p99);
			char k[64];
			snprintf(k, sizeof k, "lat.%s.%s.p50", TOOL[t], c < 0 ? "all" : CAT[c]);
			kv(k, "%.3f", p50);
			snprintf(k, sizeof k, "lat.%s.%s.p99", TOOL[t], c < 0 ? "all" : CAT[c]);
			kv(k, "%.3f", p99);
			if (c < 0) {
				snprintf(k, sizeof k, "lat.%s.all.max", TOOL[t]);
				kv(k, "%.3f", v.n ? v.v[v.n - 1] : NAN);
			}
			free(v.v);
		}
		fprintf(rep, "\n");
	}
	{
		int shortq = 0;
		for (int i = 0; i < NQ; i++)
			shortq += Q[i].len < 3;
		fprintf(rep, "  (trigram: the %d queries of < 3 characters return nothing, fast; they "
		        "are kept in its latency)\n", shortq);
	}
	if (cli.n) {
		double m = median_of(&cli);
		fprintf(rep, "trawl CLI end to end ('trawl --store S search Q >/dev/null', %d queries): "
		        "median %.1f ms, max %.1f ms\n", cli.n, m, pct(&cli, 100));
		kv("cli.n", "%.0f", cli.n);
		kv("cli.p50", "%.3f", m);
	}
	/* slowest trawl queries */
	{
		int idx[5] = { -1, -1, -1, -1, -1 };
		double worst[5] = { 0 };
		for (int i = 0; i < NQ; i++) {
			double m = pct(&Q[i].t_trawl, 100);
			for (int k = 0; k < 5; k++)
				if (idx[k] < 0 || m > worst[k]) {
					for (int j = 4; j > k; j--) {
						worst[j] = worst[j - 1];
						idx[j] = idx[j - 1];
					}
					worst[k] = m;
					idx[k] = i;
					break;
				}
		}
		fprintf(rep, "slowest trawl queries (max ms): ");
		for (int k = 0; k < 5 && idx[k] >= 0; k++)
			fprintf(rep, "%s'%s' %.1f (%llu units)", k ? ", " : "", Q[idx[k]].q, worst[k],
			        (unsigned long long)Q[idx[k]].trawl_hits);
		fprintf(rep, "\n");
	}

	fprintf(tsv, "cat\tquery\tchars\tstable\ttruth\tfolded_truth\ttrawl_docs\ttrawl_missed\t"
	        "trawl_extra\ttrawl_units\ttrigram_docs\trg_docs\ttrawl_ms\ttrigram_ms\trg_ms\n");
	for (int i = 0; i < NQ; i++) {
		query *q = &Q[i];
		fprintf(tsv, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%llu\t%d\t%d\t%.3f\t%.3f\t%.3f\n",
		        CAT[q->cat], q->q, q->len, q->stable, q->truth.n, q->ftruth.n, q->trawl_docs,
		        q->trawl_miss, q->trawl_extra, (unsigned long long)q->trawl_hits, q->tri_docs,
		        q->rg_docs, median_of(&q->t_trawl), median_of(&q->t_tri), median_of(&q->t_rg));
	}
	fclose(tsv);
	fclose(rep);
	fclose(KV);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "export"))
		return cmd_export(argv[2], argv[3], argv[4]);
	if (argc == 8 && !strcmp(argv[1], "run"))
		return cmd_run(argv + 2);
	fprintf(stderr, "usage: searchbench export STORE TEXTDIR TRIDB\n"
	        "       searchbench run STORE TEXTDIR TRIDB QUERIES TRAWL OUTDIR\n");
	return 2;
}
