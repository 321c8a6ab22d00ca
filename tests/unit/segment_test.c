/* Index segments (lib/index/segment.h) and search over them
 * (lib/index/ixsearch.h): a builder gathered from parts writes the same
 * bytes as one built whole; a merge equals a build of the live documents;
 * postings agree with a brute-force scan of the tokens; the bounded top-k
 * equals the full ranking; a damaged segment is refused. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "index/segment.h"
#include "index/ixsearch.h"
#include "index/query.h"
#include "index/tokenize.h"
#include "util/alloc.h"

int test_failed;

/* ---- a segment in memory ---- */

typedef struct mem {
	uint8_t *p;
	size_t n, cap;
} mem;

static trawl_err mem_write(void *u, const void *p, size_t n)
{
	mem *m = u;
	if (m->n + n > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 4096;
		uint8_t *np;
		while (cap < m->n + n)
			cap *= 2;
		if (!(np = realloc(m->p, cap)))
			return TRAWL_ENOMEM;
		m->p = np;
		m->cap = cap;
	}
	memcpy(m->p + m->n, p, n);
	m->n += n;
	return TRAWL_OK;
}

static trawl_err mem_read(void *u, void *p, size_t n, uint64_t off)
{
	mem *m = u;
	if (off > m->n || n > m->n - off)
		return TRAWL_ECORRUPT;
	memcpy(p, m->p + off, n);
	return TRAWL_OK;
}

static trawl_err write_mem(trawl__segbuild *b, mem *m)
{
	trawl__segsink s = { mem_write, m };
	trawl__seginfo info;
	m->n = 0;
	return trawl__segbuild_write(b, &s, &info, NULL);
}

static trawl__segment *open_mem(mem *m)
{
	trawl__segsrc src = { mem_read, m, m->n };
	trawl__segment *s = NULL;
	return trawl__segment_open(&src, &s, NULL) ? NULL : s;
}

/* ---- a random corpus ---- */

static uint64_t rs = 7;
static unsigned rnd(unsigned n)
{
	rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((rs >> 33) % n);
}

static const char *const vocab[] = { "预算", "边境", "公安", "支出", "人脸识别", "卡口",
	"遣返", "budget", "police", "3541.07", "2024", "项目", "巡逻艇", "维修", "的", "和" };
#define NV ((unsigned)(sizeof vocab / sizeof vocab[0]))

/* Unit text: words of vocab, a skewed mix (some words in many units,
 * some many times in one: past the one-byte frequency). */
static void gen_unit(char *out, size_t cap, unsigned doc, unsigned k)
{
	size_t n = 0;
	unsigned words = 1 + rnd(doc % 17 == 3 ? 400 : 30);
	out[0] = 0;
	for (unsigned i = 0; i < words && n + 40 < cap; i++) {
		unsigned v = rnd(4) ? rnd(4) : rnd(NV);
		n += (size_t)snprintf(out + n, cap - n, "%s%s", vocab[v], rnd(3) ? "，" : " ");
	}
	(void)k;
}

#define NDOCS 300
static char *texts[NDOCS][3];
static int nunits_of[NDOCS];

static void corpus(void)
{
	static int made;
	char buf[16384];
	if (made)
		return;
	made = 1;
	for (unsigned d = 0; d < NDOCS; d++) {
		nunits_of[d] = (int)rnd(4);   /* 0..3: a document without units too */
		for (int k = 0; k < nunits_of[d]; k++) {
			gen_unit(buf, sizeof buf, d, (unsigned)k);
			texts[d][k] = strdup(buf);
		}
	}
}

static int build_docs(trawl__segbuild *b, unsigned from, unsigned to, const int *skip)
{
	for (unsigned d = from; d < to; d++) {
		if (skip && skip[d])
			continue;
		if (trawl__segbuild_doc(b))
			return -1;
		for (int k = 0; k < nunits_of[d]; k++)
			if (trawl__segbuild_unit(b, texts[d][k], strlen(texts[d][k]), (uint32_t)k + 1))
				return -1;
	}
	return 0;
}

TEST(segment_absorb_equals_one_build)
{
	trawl__segbuild *whole = trawl__segbuild_new(), *sum = trawl__segbuild_new();
	mem a = { 0 }, b = { 0 };
	unsigned cuts[] = { 0, 1, 40, 41, 170, NDOCS };

	corpus();
	CHECK(whole && sum);
	CHECK(!build_docs(whole, 0, NDOCS, NULL));
	for (size_t i = 0; i + 1 < sizeof cuts / sizeof cuts[0]; i++) {
		trawl__segbuild *part = trawl__segbuild_new();
		CHECK(part);
		CHECK(!build_docs(part, cuts[i], cuts[i + 1], NULL));
		CHECK_INT(trawl__segbuild_absorb(sum, part), TRAWL_OK);
		trawl__segbuild_free(part);
	}
	CHECK_INT(trawl__segbuild_ndocs(sum), NDOCS);
	CHECK_INT(trawl__segbuild_nunits(sum), trawl__segbuild_nunits(whole));
	CHECK_INT(write_mem(whole, &a), TRAWL_OK);
	CHECK_INT(write_mem(sum, &b), TRAWL_OK);
	CHECK_INT(a.n, b.n);
	CHECK(!memcmp(a.p, b.p, a.n));
	trawl__segbuild_free(whole);
	trawl__segbuild_free(sum);
	free(a.p);
	free(b.p);
}

TEST(segment_merge_equals_build_of_live)
{
	trawl__segbuild *b1 = trawl__segbuild_new(), *b2 = trawl__segbuild_new();
	trawl__segbuild *live = trawl__segbuild_new();
	mem m1 = { 0 }, m2 = { 0 }, mm = { 0 }, ml = { 0 };
	trawl__segment *in[2] = { NULL, NULL };
	roaring_bitmap_t *dead[2] = { roaring_bitmap_create(), roaring_bitmap_create() };
	int skip[NDOCS] = { 0 };
	trawl__segsink s = { mem_write, &mm };
	trawl__seginfo info;

	corpus();
	CHECK(b1 && b2 && live && dead[0] && dead[1]);
	CHECK(!build_docs(b1, 0, 120, NULL));
	CHECK(!build_docs(b2, 120, NDOCS, NULL));
	/* dead: every seventh document of each */
	for (unsigned d = 0; d < NDOCS; d++)
		if (d % 7 == 2) {
			skip[d] = 1;
			roaring_bitmap_add(dead[d < 120 ? 0 : 1], d < 120 ? d : d - 120);
		}
	CHECK(!build_docs(live, 0, NDOCS, skip));
	CHECK(!write_mem(b1, &m1) && !write_mem(b2, &m2) && !write_mem(live, &ml));
	CHECK((in[0] = open_mem(&m1)) && (in[1] = open_mem(&m2)));
	CHECK_INT(trawl__segment_merge(in, (const roaring_bitmap_t *const *)dead, 2, &s, &info,
	                               NULL), TRAWL_OK);
	CHECK_INT(mm.n, ml.n);
	CHECK(!memcmp(mm.p, ml.p, mm.n));
	trawl__segment_free(in[0]);
	trawl__segment_free(in[1]);
	trawl__bitmap_free(dead[0]);
	trawl__bitmap_free(dead[1]);
	trawl__segbuild_free(b1);
	trawl__segbuild_free(b2);
	trawl__segbuild_free(live);
	free(m1.p);
	free(m2.p);
	free(mm.p);
	free(ml.p);
}

/* Counts the units whose tokens include tok (brute force). */
typedef struct tcount {
	const char *tok;
	int hit, n;
} tcount;

static int count_tok(void *u, int colocated, const char *tok, int n, int start, int end)
{
	tcount *c = u;
	(void)colocated;
	(void)start;
	(void)end;
	if ((size_t)n == strlen(c->tok) && !memcmp(tok, c->tok, (size_t)n))
		c->hit = 1;
	return 0;
}

TEST(segment_postings_match_brute_force)
{
	trawl__segbuild *b = trawl__segbuild_new();
	mem m = { 0 };
	trawl__segment *s;
	const char *keys[] = { "budget", "3541.07", "2024", "police" };

	corpus();
	CHECK(b && !build_docs(b, 0, NDOCS, NULL) && !write_mem(b, &m));
	CHECK((s = open_mem(&m)));
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		trawl__segterm t;
		trawl__postings p;
		trawl_err rc = TRAWL_OK;
		int want = 0;
		for (unsigned d = 0; d < NDOCS; d++)
			for (int k = 0; k < nunits_of[d]; k++) {
				tcount c = { keys[i], 0, 0 };
				trawl__tokenize(texts[d][k], (int)strlen(texts[d][k]), TRAWL__TOK_DOCUMENT,
				                count_tok, &c);
				want += c.hit;
			}
		if (!trawl__segment_lookup(s, keys[i], strlen(keys[i]), &t, &rc)) {
			CHECK_INT(rc, TRAWL_OK);
			CHECK_INT(want, 0);
			continue;
		}
		CHECK_INT(t.df, want);
		CHECK_INT(trawl__segment_postings(s, &t, &p, NULL), TRAWL_OK);
		CHECK_INT(roaring_bitmap_get_cardinality(p.units), want);
		trawl__postings_release(&p);
	}
	{
		trawl__segterm t;
		trawl_err rc = TRAWL_OK;
		CHECK_INT(trawl__segment_lookup(s, "nosuchword", 10, &t, &rc), 0);
		CHECK_INT(rc, TRAWL_OK);
	}
	{
		uint64_t ntok = 0, *per = NULL;
		CHECK_INT(trawl__segment_check(s, &ntok, &per, NULL), TRAWL_OK);
		free(per);
	}
	trawl__segment_free(s);
	trawl__segbuild_free(b);
	free(m.p);
}

/* A cursor moved past each posting from wherever its positions were left
 * (trawl__poscur_past, the fast paths) opens every later posting where a
 * fresh cursor does: the same positions and frequency, also across skip
 * blocks, postings skipped, and frequencies of 255 or more. */
TEST(segment_poscur_past_equals_fresh_open)
{
	trawl__segbuild *b = trawl__segbuild_new();
	mem m = { 0 };
	trawl__segment *s;
	const char *keys[] = { "预算", "边境", "公安", "支出", "budget", "的" };
	int checked = 0, big = 0;

	char many[8192];
	size_t n = 0;

	/* a last unit where 预算 occurs more than 255 times */
	while (n + 10 < sizeof many && n < 300 * 9) {
		memcpy(many + n, "预算，", 9);
		n += 9;
	}
	many[n] = 0;
	corpus();
	CHECK(b && !build_docs(b, 0, NDOCS, NULL) && !trawl__segbuild_doc(b) &&
	      !trawl__segbuild_unit(b, many, n, 1) && !write_mem(b, &m));
	CHECK((s = open_mem(&m)));
	for (size_t i = 0; s && i < sizeof keys / sizeof keys[0]; i++) {
		trawl__segterm t;
		trawl__postings p;
		trawl_err rc = TRAWL_OK;
		trawl__poscur walk;
		if (!trawl__segment_lookup(s, keys[i], strlen(keys[i]), &t, &rc))
			continue;
		CHECK_INT(trawl__segment_postings(s, &t, &p, NULL), TRAWL_OK);
		memset(&walk, 0, sizeof walk);
		walk.p = &p;
		for (uint32_t j = 0, next; j < p.df; j = next) {
			trawl__poscur fresh;
			const uint8_t *q1, *q2;
			uint64_t tf1, tf2, v, read;
			memset(&fresh, 0, sizeof fresh);
			fresh.p = &p;
			CHECK_INT(trawl__poscur_open(&fresh, j, &q1, &tf1), TRAWL_OK);
			CHECK_INT(trawl__poscur_open_fast(&walk, j, &q2, &tf2), TRAWL_OK);
			CHECK(q1 == q2);
			CHECK(tf1 == tf2);
			big += tf1 >= 255;
			/* read some of its positions, then move past it */
			read = rnd(3) ? tf2 : rnd((unsigned)tf2 + 1);
			for (uint64_t k = 0; k < read; k++)
				CHECK_INT(trawl__varint(&q2, p.pos + p.poslen, &v), 0);
			trawl__poscur_past_fast(&walk, j, q2, tf2 - read);
			CHECK_INT(walk.i, j + 1);
			checked++;
			/* now and then postings skipped; the last always visited */
			next = j + 1 + (rnd(3) ? 0 : rnd(40));
			if (next >= p.df && j + 1 < p.df)
				next = p.df - 1;
		}
		trawl__postings_release(&p);
	}
	CHECK(checked > 100);
	CHECK(big > 0);
	trawl__segment_free(s);
	trawl__segbuild_free(b);
	free(m.p);
}

TEST(segment_damage_is_refused)
{
	trawl__segbuild *b = trawl__segbuild_new();
	mem m = { 0 };
	trawl__segment *s;

	corpus();
	CHECK(b && !build_docs(b, 0, 30, NULL) && !write_mem(b, &m));
	/* cut short, and a footer that is not one */
	{
		mem cut = m;
		cut.n = m.n - 10;
		CHECK(!open_mem(&cut));
	}
	/* the index's offset (footer bytes 48..56) pointing past the end */
	m.p[m.n - 80 + 50] ^= 0x55;
	s = open_mem(&m);
	trawl__segment_free(s);
	CHECK(!s);
	m.p[m.n - 80 + 50] ^= 0x55;
	CHECK((s = open_mem(&m)));
	trawl__segment_free(s);
	trawl__segbuild_free(b);
	free(m.p);
}

/* Runs query over segs with the bounded top-k and with the full ranking;
 * both must give the same hits in the same order with the same scores. */
static int same_topk(const trawl__ixseg *segs, size_t n, const char *query, size_t limit,
                     int files)
{
	trawl__query q;
	trawl__ixquery iq;
	trawl__ixresult r1, r2;
	int ok = 1;

	if (trawl__query_parse(query, &q, NULL))
		return 0;
	memset(&iq, 0, sizeof iq);
	iq.root = q.root;
	iq.limit = limit;
	iq.files = files;
	trawl__ix_exhaustive = 0;
	trawl__ix_all_hits = 0;      /* blocks and windows, however few match */
	trawl__ix_window = 8;
	if (trawl__ix_search(segs, n, &iq, &r1, NULL)) {
		trawl__ix_all_hits = 4096;
		trawl__ix_window = 0;
		trawl__query_release(&q);
		return 0;
	}
	trawl__ix_all_hits = 4096;
	trawl__ix_window = 0;
	trawl__ix_exhaustive = 1;
	if (trawl__ix_search(segs, n, &iq, &r2, NULL)) {
		trawl__ix_exhaustive = 0;
		trawl__ixresult_release(&r1);
		trawl__query_release(&q);
		return 0;
	}
	trawl__ix_exhaustive = 0;
	if (r1.hits != r2.hits || r1.documents != r2.documents || r1.ntop != r2.ntop)
		ok = 0;
	for (size_t i = 0; ok && i < r1.ntop; i++)
		if (r1.top[i].doc != r2.top[i].doc || r1.top[i].seq != r2.top[i].seq ||
		    r1.top[i].score != r2.top[i].score) {
			printf("# %s: hit %zu: %u/%u %.9g vs %u/%u %.9g\n", query, i, r1.top[i].doc,
			       r1.top[i].seq, r1.top[i].score, r2.top[i].doc, r2.top[i].seq,
			       r2.top[i].score);
			ok = 0;
		}
	trawl__ixresult_release(&r1);
	trawl__ixresult_release(&r2);
	trawl__query_release(&q);
	return ok;
}

TEST(ixsearch_topk_equals_full_ranking)
{
	trawl__segbuild *b[3];
	mem m[3] = { { 0 } };
	trawl__ixseg segs[3];
	uint32_t *docno[3];
	unsigned cuts[] = { 0, 100, 220, NDOCS };
	const char *queries[] = { "budget", "预算", "的", "police", "2024", "预算 OR police",
		"边境 公安", "预算 -budget", "\"预算 支出\"", "NEAR(预算 公安, 3)", "卡口" };

	corpus();
	memset(segs, 0, sizeof segs);
	for (int i = 0; i < 3; i++) {
		b[i] = trawl__segbuild_new();
		CHECK(b[i] && !build_docs(b[i], cuts[i], cuts[i + 1], NULL) && !write_mem(b[i], &m[i]));
		CHECK((segs[i].seg = open_mem(&m[i])));
		docno[i] = calloc(cuts[i + 1] - cuts[i] + 1, sizeof *docno[i]);
		CHECK(docno[i]);
		for (unsigned d = cuts[i]; d < cuts[i + 1]; d++)
			docno[i][d - cuts[i]] = d + 1;
		segs[i].docno = docno[i];
		segs[i].live_units = segs[i].seg->nunits;
		segs[i].live_tokens = segs[i].seg->ntokens;
	}
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		size_t limits[] = { 1, 5, 20, 100 };
		for (size_t l = 0; l < 4; l++) {
			if (!same_topk(segs, 3, queries[q], limits[l], 0) ||
			    !same_topk(segs, 3, queries[q], limits[l], 1))
				printf("# query %s limit %zu\n", queries[q], limits[l]);
			CHECK(same_topk(segs, 3, queries[q], limits[l], 0));
			CHECK(same_topk(segs, 3, queries[q], limits[l], 1));
		}
	}
	for (int i = 0; i < 3; i++) {
		trawl__segment_free(segs[i].seg);
		trawl__segbuild_free(b[i]);
		free(docno[i]);
		free(m[i].p);
	}
}

/* ---- BM25 by brute force ---- */

typedef struct bcount {
	const char *const *keys;
	int nkeys;
	uint32_t tf[4];
	int64_t pos;
} bcount;

static int bm_tok(void *u, int colocated, const char *tok, int n, int start, int end)
{
	bcount *c = u;
	(void)start;
	(void)end;
	if (!colocated)
		c->pos++;
	for (int k = 0; k < c->nkeys; k++)
		if ((size_t)n == strlen(c->keys[k]) && !memcmp(tok, c->keys[k], (size_t)n))
			c->tf[k]++;
	return 0;
}

typedef struct bhit {
	uint32_t doc, seq;
	double score;
} bhit;

static int cmp_bhit(const void *x, const void *y)
{
	const bhit *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* keys OR'd: every unit scored as FTS5 would (k1 1.2, b 0.75), in hits */
static size_t brute_bm25(const char *const *keys, int nkeys, int files, bhit *hits)
{
	static uint32_t tf[NDOCS][3][4], dl[NDOCS][3];
	uint64_t nunits = 0, ntok = 0, df[4] = { 0 };
	double idf[4], avgdl;
	size_t n = 0;

	for (unsigned d = 0; d < NDOCS; d++)
		for (int k = 0; k < nunits_of[d]; k++) {
			bcount c;
			memset(&c, 0, sizeof c);
			c.keys = keys;
			c.nkeys = nkeys;
			c.pos = -1;
			trawl__tokenize(texts[d][k], (int)strlen(texts[d][k]), TRAWL__TOK_DOCUMENT,
			                bm_tok, &c);
			dl[d][k] = (uint32_t)(c.pos + 1);
			nunits++;
			ntok += dl[d][k];
			for (int q = 0; q < nkeys; q++) {
				tf[d][k][q] = c.tf[q];
				df[q] += c.tf[q] > 0;
			}
		}
	avgdl = (double)ntok / (double)nunits;
	for (int q = 0; q < nkeys; q++) {
		idf[q] = log(((double)nunits - (double)df[q] + 0.5) / ((double)df[q] + 0.5));
		if (idf[q] <= 0)
			idf[q] = 1e-6;
	}
	for (unsigned d = 0; d < NDOCS; d++) {
		bhit best = { 0, 0, -1 };
		for (int k = 0; k < nunits_of[d]; k++) {
			double sc = 0;
			int any = 0;
			for (int q = 0; q < nkeys; q++)
				if (tf[d][k][q]) {
					any = 1;
					sc += idf[q] * (tf[d][k][q] * 2.2) /
					      (tf[d][k][q] + 1.2 * (0.25 + 0.75 * dl[d][k] / avgdl));
				}
			if (!any)
				continue;
			if (!files)
				hits[n++] = (bhit){ d + 1, (uint32_t)k + 1, sc };
			else if (sc > best.score)
				best = (bhit){ d + 1, 0, sc };
		}
		if (files && best.score >= 0)
			hits[n++] = best;
	}
	qsort(hits, n, sizeof *hits, cmp_bhit);
	return n;
}

TEST(ixsearch_scores_equal_brute_force_bm25)
{
	trawl__segbuild *b[2];
	mem m[2] = { { 0 } };
	trawl__ixseg segs[2];
	uint32_t *docno[2];
	unsigned cuts[] = { 0, 150, NDOCS };
	static const char *const q1[] = { "budget" }, *const q2[] = { "police", "2024" },
		*const q3[] = { "budget", "police", "3541.07" };
	const struct { const char *text; const char *const *keys; int n; } qs[] = {
		{ "budget", q1, 1 }, { "police OR 2024", q2, 2 },
		{ "budget OR police OR 3541.07", q3, 3 } };
	static bhit want[NDOCS * 3];

	corpus();
	memset(segs, 0, sizeof segs);
	for (int i = 0; i < 2; i++) {
		b[i] = trawl__segbuild_new();
		CHECK(b[i] && !build_docs(b[i], cuts[i], cuts[i + 1], NULL) && !write_mem(b[i], &m[i]));
		CHECK((segs[i].seg = open_mem(&m[i])));
		docno[i] = calloc(cuts[i + 1] - cuts[i] + 1, sizeof *docno[i]);
		CHECK(docno[i]);
		for (unsigned d = cuts[i]; d < cuts[i + 1]; d++)
			docno[i][d - cuts[i]] = d + 1;
		segs[i].docno = docno[i];
		segs[i].live_units = segs[i].seg->nunits;
		segs[i].live_tokens = segs[i].seg->ntokens;
	}
	for (size_t qi = 0; qi < sizeof qs / sizeof qs[0]; qi++)
		for (int files = 0; files < 2; files++) {
			trawl__query q;
			trawl__ixquery iq;
			trawl__ixresult r;
			size_t nwant = brute_bm25(qs[qi].keys, qs[qi].n, files, want);
			CHECK_INT(trawl__query_parse(qs[qi].text, &q, NULL), TRAWL_OK);
			memset(&iq, 0, sizeof iq);
			iq.root = q.root;
			iq.limit = 25;
			iq.files = files;
			CHECK_INT(trawl__ix_search(segs, 2, &iq, &r, NULL), TRAWL_OK);
			trawl__query_release(&q);
			CHECK_INT(files ? r.documents : r.hits, nwant);
			CHECK_INT(r.ntop, nwant < 25 ? nwant : 25);
			for (size_t i = 0; i < r.ntop; i++) {
				if (r.top[i].doc != want[i].doc || r.top[i].seq != want[i].seq ||
				    fabs(r.top[i].score - want[i].score) > 1e-9 * want[i].score)
					printf("# %s%s: %zu: %u/%u %.12g, brute force %u/%u %.12g\n",
					       qs[qi].text, files ? " (files)" : "", i, r.top[i].doc,
					       r.top[i].seq, r.top[i].score, want[i].doc, want[i].seq,
					       want[i].score);
				CHECK(fabs(r.top[i].score - want[i].score) <= 1e-9 * want[i].score);
				/* a tie within rounding may order either way; else exactly */
				if (i + 1 < r.ntop && fabs(want[i].score - want[i + 1].score) > 1e-9 &&
				    (i == 0 || fabs(want[i].score - want[i - 1].score) > 1e-9)) {
					CHECK_INT(r.top[i].doc, want[i].doc);
					CHECK_INT(r.top[i].seq, want[i].seq);
				}
			}
			trawl__ixresult_release(&r);
		}
	for (int i = 0; i < 2; i++) {
		trawl__segment_free(segs[i].seg);
		trawl__segbuild_free(b[i]);
		free(docno[i]);
		free(m[i].p);
	}
}

int main(void)
{
	int failures = 0;
	RUN(segment_absorb_equals_one_build);
	RUN(segment_merge_equals_build_of_live);
	RUN(segment_postings_match_brute_force);
	RUN(segment_poscur_past_equals_fresh_open);
	RUN(segment_damage_is_refused);
	RUN(ixsearch_topk_equals_full_ranking);
	RUN(ixsearch_scores_equal_brute_force_bm25);
	for (unsigned d = 0; d < NDOCS; d++)
		for (int k = 0; k < nunits_of[d]; k++)
			free(texts[d][k]);
	return failures ? 1 : 0;
}
