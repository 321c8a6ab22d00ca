/* A unit's text as PostgreSQL tsvector text (lib/store/pg_index.c): for
 * random texts, every lexeme the tokenizer gives is in the tsvector once,
 * with exactly the positions the tokenizer gives it (a brute-force oracle
 * over trawl__tokenize), quotes and backslashes escaped; a text over a
 * tsvector's limits comes in parts that each keep within them. */
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "store/pg_be.h"
#include "index/tokenize.h"

int test_failed;

#define MAXE 4096

/* one (lexeme, position) pair */
typedef struct ent {
	char lex[64];
	int pos;
} ent;

typedef struct oracle {
	ent e[MAXE];
	int n, pos, over;
} oracle;

static int on_tok(void *u, int colocated, const char *tok, int n, int start, int end)
{
	oracle *o = u;

	(void)start;
	(void)end;
	if (!colocated && (o->n || o->over))
		o->pos++;
	if (o->n >= MAXE || n >= 64) {
		o->over = 1;
		return 0;
	}
	memcpy(o->e[o->n].lex, tok, (size_t)n);
	o->e[o->n].lex[n] = 0;
	o->e[o->n].pos = o->pos + 1;
	o->n++;
	return 0;
}

static int by_ent(const void *a, const void *b)
{
	const ent *x = a, *y = b;
	int k = strcmp(x->lex, y->lex);

	return k ? k : (x->pos > y->pos) - (x->pos < y->pos);
}

/* sorted, without repeats */
static int canon(ent *e, int n)
{
	int k = 0;

	qsort(e, (size_t)n, sizeof *e, by_ent);
	for (int i = 0; i < n; i++)
		if (!k || by_ent(&e[k - 1], &e[i]))
			e[k++] = e[i];
	return k;
}

typedef struct got {
	oracle o;
	int parts, bad;
	int maxpos, maxlexpos;
} got;

/* Reads tsvector text 'lex':1,2 'lex2':3 into (lexeme, position) pairs. */
static trawl_err on_tsv(const char *tsv, size_t len, int part, int nparts, void *u)
{
	got *g = u;
	size_t i = 0;

	(void)part;
	g->parts = nparts == 1 ? 1 : g->parts + 1;
	while (i < len && !g->bad) {
		char lex[64];
		int n = 0, npos = 0;
		if (tsv[i] == ' ')
			i++;
		if (tsv[i++] != '\'') {
			g->bad = 1;
			break;
		}
		for (;;) {
			if (i >= len) {
				g->bad = 1;
				return TRAWL_OK;
			}
			if (tsv[i] == '\'' && !(i + 1 < len && tsv[i + 1] == '\''))
				break;
			if (tsv[i] == '\'' || tsv[i] == '\\')
				i++;
			if (n < 63)
				lex[n++] = tsv[i];
			i++;
		}
		lex[n] = 0;
		i++;
		while (i < len && (tsv[i] == ':' || tsv[i] == ',')) {
			int p = (int)strtol(tsv + i + 1, NULL, 10);
			i++;
			while (i < len && tsv[i] >= '0' && tsv[i] <= '9')
				i++;
			if (p > g->maxpos)
				g->maxpos = p;
			npos++;
			if (nparts == 1 && g->o.n < MAXE) {
				memcpy(g->o.e[g->o.n].lex, lex, (size_t)n + 1);
				g->o.e[g->o.n++].pos = p;
			}
		}
		if (npos > g->maxlexpos)
			g->maxlexpos = npos;
	}
	return TRAWL_OK;
}

TEST(tsvector_equals_the_tokens)
{
	static const char *const pieces[] = { "预算", "公开", "集团", "有限公司", "年", "元",
		"budget", "O'Brien", "a\\b", "2024", "3.5", " ", " ", "，", "。", "x", "财政局" };
	unsigned seed = 12345;

	for (int round = 0; round < 300; round++) {
		char text[2048];
		size_t len = 0;
		static oracle want;
		static got g;
		int ntok = 0, nw, ng;
		int words = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 120;
		for (int w = 0; w < words; w++) {
			const char *p;
			seed = seed * 1103515245u + 12345u;
			p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
			if (len + strlen(p) + 1 >= sizeof text)
				break;
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		text[len] = 0;
		memset(&want, 0, sizeof want);
		memset(&g, 0, sizeof g);
		trawl__tokenize(text, (int)len, TRAWL__TOK_DOCUMENT, on_tok, &want);
		CHECK(!want.over);
		CHECK_INT(trawl__pg_tsvectors(text, len, &ntok, on_tsv, &g), TRAWL_OK);
		CHECK_INT(g.parts, 1);
		CHECK(!g.bad);
		CHECK_INT(ntok, want.n ? want.pos + 1 : 0);
		nw = canon(want.e, want.n);
		ng = canon(g.o.e, g.o.n);
		/* (each lexeme written once: its positions are not repeated) */
		CHECK_INT(ng, g.o.n);
		CHECK_INT(ng, nw);
		for (int i = 0; i < nw; i++) {
			CHECK_STR(g.o.e[i].lex, want.e[i].lex);
			CHECK_INT(g.o.e[i].pos, want.e[i].pos);
		}
	}
}

TEST(tsvector_parts_keep_within_the_limits)
{
	/* 600 times one word: over 256 positions of one lexeme */
	static char text[600 * 7 + 1];
	static got g;
	int ntok = 0;

	for (int i = 0; i < 600; i++)
		memcpy(text + i * 7, "budget ", 7);
	memset(&g, 0, sizeof g);
	CHECK_INT(trawl__pg_tsvectors(text, sizeof text - 1, &ntok, on_tsv, &g), TRAWL_OK);
	CHECK_INT(ntok, 600);
	CHECK(g.parts >= 3);
	CHECK(!g.bad);
	CHECK(g.maxlexpos <= 256);
	CHECK(g.maxpos <= 16383);
}

int main(void)
{
	int failures = 0;
	RUN(tsvector_equals_the_tokens);
	RUN(tsvector_parts_keep_within_the_limits);
	return failures ? 1 : 0;
}
