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

static int by_bytes(const void *a, const void *b)
{
	const tk *x = *(tk *const *)a, *y = *(tk *const *)b;
	int k = memcmp(x->p, y->p, (size_t)(x->n < y->n ? x->n : y->n));

	if (k)
		return k;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
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
			rc = trawl__buf_addf(out, "%c%d", j == i ? ':' : ',', t[j]->pos - first + 1);
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
	int *count = NULL, nlex = 0, maxrun = 0, run = 0, npos;
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
		order[i] = t;
	}
	/* number the lexemes */
	qsort(order, n, sizeof *order, by_bytes);
	for (i = 0; i < n; i++) {
		if (i && (order[i]->n != order[i - 1]->n ||
		          memcmp(order[i]->p, order[i - 1]->p, (size_t)order[i]->n))) {
			nlex++;
			run = 0;
		}
		order[i]->lex = nlex;
		if (!i || order[i]->pos != order[i - 1]->pos || order[i]->lex != order[i - 1]->lex)
			run++;
		if (run > maxrun)
			maxrun = run;
	}
	nlex++;
	if (npos <= MAX_POS && maxrun <= MAX_LEX_POS) {
		qsort(order, n, sizeof *order, by_lex);
		if (!(rc = write_tsv(&out, order, n, 0)))
			rc = cb(out.data, out.len, 0, 1, u);
		goto out;
	}
	/* parts: each as long as both limits allow, then back by the overlap */
	count = calloc((size_t)nlex, sizeof *count);
	if (!count) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
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
	free(order);
	free(part);
	trawl__buf_release(&out);
	trawl__buf_release(&c.bytes);
	trawl__vec_release(&c.toks);
	return rc;
}
