/* A unit's text as PostgreSQL tsvectors, tokenized by trawl's own
 * tokenizer (PostgreSQL can't load it): each token at its position, the
 * colocated ones (a CJK character with its bigram) at the same position,
 * as FTS5 stores them.
 *
 * A tsvector holds positions 1 to 16383 and 256 positions of one lexeme;
 * beyond that PostgreSQL silently drops or clamps them, and a phrase there
 * would no longer be found. A unit over either limit is split into parts
 * that each keep within both, consecutive parts sharing TRAWL__PG_OVERLAP
 * positions so that a phrase that short is whole in one of them. */
#include <stdlib.h>
#include <string.h>
#include "store/pg_be.h"
#include "index/tokenize.h"
#include "util/banned.h"

#define MAX_POS 16383
#define MAX_LEX_POS 256

typedef struct tk {
	const char *p;   /* into the token bytes */
	int n;
	int pos;         /* from 0 */
	int lex;         /* the lexeme's number */
} tk;

typedef struct tk_ctx {
	trawl__buf bytes;
	trawl__vec toks; /* tk, with offsets in p until the bytes stop moving */
	int pos;
	trawl_err rc;
} tk_ctx;

static int on_token(void *u, int colocated, const char *tok, int n, int start, int end)
{
	tk_ctx *c = u;
	tk *t;

	(void)start;
	(void)end;
	if (!colocated && c->toks.n)
		c->pos++;
	t = trawl__vec_push(&c->toks);
	if (!t || trawl__buf_add(&c->bytes, tok, (size_t)n)) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	/* (an offset for now: the buffer may move) */
	t->p = (const char *)(uintptr_t)(c->bytes.len - (size_t)n);
	t->n = n;
	t->pos = c->pos;
	return 0;
}

/* FNV-1a of a token's bytes */
static uint32_t tok_hash(const char *p, int n)
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

/* Numbers the lexemes of t[0..n) (t[i].lex, from 0, in the order they
 * first occur) through a hash table of the distinct ones: a unit's tokens
 * in one pass, not sorted by their bytes. */
static trawl_err number_lexemes(tk *t, size_t n, int *nlex)
{
	size_t cap = 64, mask, i;
	int *slot, *first, k = 0;

	while (cap < 2 * n)
		cap *= 2;
	mask = cap - 1;
	slot = malloc(cap * sizeof *slot);
	first = malloc((n ? n : 1) * sizeof *first); /* a lexeme's first token */
	if (!slot || !first) {
		free(slot);
		free(first);
		return TRAWL_ENOMEM;
	}
	for (i = 0; i < cap; i++)
		slot[i] = -1;
	for (i = 0; i < n; i++) {
		size_t h = tok_hash(t[i].p, t[i].n) & mask;
		for (;;) {
			int l = slot[h];
			if (l < 0) {
				slot[h] = k;
				first[k] = (int)i;
				t[i].lex = k++;
				break;
			}
			if (t[first[l]].n == t[i].n && !memcmp(t[first[l]].p, t[i].p, (size_t)t[i].n)) {
				t[i].lex = l;
				break;
			}
			h = (h + 1) & mask;
		}
	}
	free(slot);
	free(first);
	*nlex = k;
	return TRAWL_OK;
}

/* t[0..n) (in the order of their positions) into order[], by lexeme and
 * then position: a counting sort, stable, so each lexeme's positions stay
 * in order. count has nlex + 1 zeroed entries. */
static void sort_by_lex(tk *t, size_t n, tk **order, int *count, int nlex)
{
	size_t i;

	for (i = 0; i < n; i++)
		count[t[i].lex + 1]++;
	for (int l = 0; l < nlex; l++)
		count[l + 1] += count[l];
	for (i = 0; i < n; i++)
		order[count[t[i].lex]++] = &t[i];
}

static int by_lex(const void *a, const void *b)
{
	const tk *x = *(tk *const *)a, *y = *(tk *const *)b;

	if (x->lex != y->lex)
		return x->lex < y->lex ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* The tsvector text of tokens t[0..n) (sorted by lexeme and position),
 * positions counted from first. */
static trawl_err write_tsv(trawl__buf *out, tk **t, size_t n, int first)
{
	trawl_err rc = TRAWL_OK;
	size_t i = 0;

	trawl__buf_reset(out);
	while (i < n && !rc) {
		size_t j = i;
		int last = -1;
		if (out->len)
			trawl__buf_addc(out, ' ');
		trawl__buf_addc(out, '\'');
		for (int k = 0; k < t[i]->n; k++) {
			char ch = t[i]->p[k];
			if (ch == '\'' || ch == '\\')
				trawl__buf_addc(out, ch);
			trawl__buf_addc(out, ch);
		}
		trawl__buf_addc(out, '\'');
		for (; j < n && t[j]->lex == t[i]->lex; j++) {
			if (t[j]->pos == last)
				continue;
			last = t[j]->pos;
			{
				char num[16];
				int v = t[j]->pos - first + 1, k = (int)sizeof num;
				do
					num[--k] = (char)('0' + v % 10);
				while ((v /= 10) > 0 && k > 1);
				num[--k] = j == i ? ':' : ',';
				rc = trawl__buf_add(out, num + k, sizeof num - (size_t)k);
			}
		}
		i = j;
	}
	if (!rc)
		rc = trawl__buf_err(out);
	if (!rc && !out->data)
		rc = trawl__buf_adds(out, "");
	return rc;
}

trawl_err trawl__pg_tsvectors(const char *text, size_t len, int *ntok,
                              trawl_err (*cb)(const char *, size_t, int, int, void *), void *u)
{
	tk_ctx c;
	tk **order = NULL, **part = NULL;
	int *count = NULL, *last = NULL, nlex = 0, maxrun = 0, npos;
	trawl__buf out;
	trawl_err rc = TRAWL_OK;
	size_t i, n;

	memset(&c, 0, sizeof c);
	trawl__buf_init(&c.bytes, 0);
	trawl__vec_init(&c.toks, sizeof(tk));
	trawl__buf_init(&out, 0);
	if (len > 0x7fffffff)
		return TRAWL_ETOOBIG;
	trawl__tokenize(text, (int)len, TRAWL__TOK_DOCUMENT, on_token, &c);
	if ((rc = c.rc))
		goto out;
	n = c.toks.n;
	npos = n ? c.pos + 1 : 0;
	*ntok = npos;
	if (!n) {
		rc = cb("", 0, 0, 1, u);
		goto out;
	}
	order = malloc(n * sizeof *order);
	part = malloc(n * sizeof *part);
	if (!order || !part) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		tk *t = &TRAWL_VEC_AT(&c.toks, tk, i);
		t->p = c.bytes.data + (uintptr_t)t->p;
	}
	/* number the lexemes; the most positions any one has */
	if ((rc = number_lexemes(c.toks.items, n, &nlex)))
		goto out;
	count = calloc((size_t)nlex + 1, sizeof *count);
	last = malloc((size_t)nlex * sizeof *last);
	if (!count || !last) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (int l = 0; l < nlex; l++)
		last[l] = -1;
	for (i = 0; i < n; i++) {
		tk *t = &TRAWL_VEC_AT(&c.toks, tk, i);
		if (last[t->lex] != t->pos) {
			last[t->lex] = t->pos;
			if (++count[t->lex] > maxrun)
				maxrun = count[t->lex];
		}
	}
	memset(count, 0, ((size_t)nlex + 1) * sizeof *count);
	if (npos <= MAX_POS && maxrun <= MAX_LEX_POS) {
		sort_by_lex(c.toks.items, n, order, count, nlex);
		if (!(rc = write_tsv(&out, order, n, 0)))
			rc = cb(out.data, out.len, 0, 1, u);
		goto out;
	}
	/* parts: each as long as both limits allow, then back by the overlap */
	{
		tk *all = c.toks.items;
		size_t s = 0; /* the first token of the part */
		int pnum = 0;
		while (s < n && !rc) {
			size_t e = s, k, next;
			int first = all[s].pos, stop = 0;
			while (e < n && !stop) {
				/* all the tokens of one position, or none of them */
				size_t f = e;
				while (f < n && all[f].pos == all[e].pos)
					f++;
				if (all[e].pos - first + 1 > MAX_POS)
					break;
				for (k = e; k < f; k++)
					if (count[all[k].lex] + 1 > MAX_LEX_POS)
						stop = 1;
				if (stop)
					break;
				for (k = e; k < f; k++)
					count[all[k].lex]++;
				e = f;
			}
			for (k = s; k < e; k++) {
				count[all[k].lex] = 0;
				part[k - s] = &all[k];
			}
			qsort(part, e - s, sizeof *part, by_lex);
			if ((rc = write_tsv(&out, part, e - s, first)))
				break;
			rc = cb(out.data, out.len, pnum++, 2, u);
			if (e >= n)
				break;
			/* the next part starts TRAWL__PG_OVERLAP positions back */
			next = e;
			while (next > s && all[e].pos - all[next - 1].pos <= TRAWL__PG_OVERLAP)
				next--;
			while (next > s && all[next - 1].pos == all[next].pos)
				next--;
			s = next > s ? next : e;
		}
	}
out:
	free(count);
	free(last);
	free(order);
	free(part);
	trawl__buf_release(&out);
	trawl__buf_release(&c.bytes);
	trawl__vec_release(&c.toks);
	return rc;
}
