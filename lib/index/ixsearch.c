/* Search over index segments (see ixsearch.h). */
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>
#include "index/ixsearch.h"
#include "index/tokenize.h"
#include "util/alloc.h"
#include "util/cpus.h"
#include "util/diag.h"
#include "util/banned.h"

int trawl__ix_exhaustive;
unsigned trawl__ix_split = 8192;
unsigned long trawl__ix_nsplit;

/* ---- a phrase of the query, and what it is in each segment ---- */

/* A phrase's result in one segment. */
typedef struct pres {
	roaring_bitmap_t *r;         /* units that hold it (owned unless single) */
	int single;                  /* r is post[0].units: one token decides */
	int tok;                     /* with single: which token's postings */
	uint32_t n;                  /* |r| */
	uint32_t *u, *tf;            /* sorted units and occurrences (on demand) */
	uint32_t *istart, *ipos;     /* occurrence starts per unit (on demand) */
} pres;

typedef struct phrase {
	const trawl__qnode *node;
	int scoring;                 /* not excluded */
	int ntok;                    /* tokens (FTS5's nTerm) */
	char **tok;
	int *tlen;
	int nred;                    /* tokens that must be checked: the others */
	int *red;                    /* are implied by the bigram before them */
	int *dist;                   /* per token: index of its distinct token */
	int ndist;
	char *need;                  /* per distinct token: one of red's, whose
	                                postings are read */
	double idf;
	uint64_t n;                  /* units that hold it, in the whole index */
	int exists;                  /* only where it occurs: per[].tf is then an
	                                upper bound of its occurrences (the
	                                fewest of a token's), per[].istart NULL */
	pres *per;                   /* per segment */
	trawl__postings *post;       /* per segment * ndist: the tokens' postings */
} phrase;

typedef struct ctx {
	const trawl__ixseg *segs;
	size_t nseg;
	phrase *ph;
	int nph;
	trawl_diag *d;
	trawl_err rc;
} ctx;

/* ---- collecting phrases ---- */

typedef struct toklist {
	char **tok;
	int *len;
	int n, cap;
	int fail;
} toklist;

static int tok_collect(void *u, int colocated, const char *tok, int n, int start, int end)
{
	toklist *l = u;
	(void)colocated;
	(void)start;
	(void)end;
	if (l->n == l->cap) {
		int cap = l->cap ? l->cap * 2 : 8;
		char **nt = trawl__reallocn(l->tok, (size_t)cap, sizeof *nt);
		int *nl;
		if (!nt) {
			l->fail = 1;
			return 1;
		}
		l->tok = nt;
		nl = trawl__reallocn(l->len, (size_t)cap, sizeof *nl);
		if (!nl) {
			l->fail = 1;
			return 1;
		}
		l->len = nl;
		l->cap = cap;
	}
	if (n > TRAWL__SEG_MAX_KEY)
		n = TRAWL__SEG_MAX_KEY;
	l->tok[l->n] = malloc((size_t)n + 1);
	if (!l->tok[l->n]) {
		l->fail = 1;
		return 1;
	}
	memcpy(l->tok[l->n], tok, (size_t)n);
	l->tok[l->n][n] = '\0';
	l->len[l->n++] = n;
	return 0;
}

/* Code points of a token (up to 3), after an optional ADJ byte; returns
 * how many, or 3 for "more". */
static int token_cps(const char *t, int n, int *adj, uint32_t *cp)
{
	int i = 0, k = 0;

	*adj = n > 0 && t[0] == '\x01';
	i = *adj;
	while (i < n && k < 3) {
		utf8proc_int32_t c;
		utf8proc_ssize_t m = utf8proc_iterate((const utf8proc_uint8_t *)t + i, n - i, &c);
		if (m <= 0)
			return 3;
		cp[k++] = (uint32_t)c;
		i += (int)m;
	}
	return i < n ? 3 : k;
}

/* Token j is implied by token j - 1 when that one is a CJK bigram and j
 * is the unigram of its second character: wherever the bigram is at p,
 * the unigram is at p + 1 (the tokenizer emits both for every pair). */
static int implied(const toklist *l, int j)
{
	uint32_t a[3], b[3];
	int adja, adjb, na, nb;

	if (j == 0)
		return 0;
	na = token_cps(l->tok[j - 1], l->len[j - 1], &adja, a);
	nb = token_cps(l->tok[j], l->len[j], &adjb, b);
	return na == 2 && nb == 1 && !adjb && trawl__is_cjk(a[0]) && trawl__is_cjk(a[1]) &&
	       b[0] == a[1];
}

static void phrase_free(phrase *p, size_t nseg)
{
	for (int i = 0; i < p->ntok; i++)
		free(p->tok[i]);
	free(p->tok);
	free(p->tlen);
	free(p->red);
	free(p->dist);
	free(p->need);
	if (p->per)
		for (size_t s = 0; s < nseg; s++) {
			pres *r = &p->per[s];
			if (!r->single)
				trawl__bitmap_free(r->r);
			free(r->u);
			free(r->tf);
			free(r->istart);
			free(r->ipos);
		}
	if (p->post)
		for (size_t k = 0; k < nseg * (size_t)p->ndist; k++)
			trawl__postings_release(&p->post[k]);
	free(p->per);
	free(p->post);
}

static int add_phrase(ctx *c, const trawl__qnode *n, int scoring)
{
	phrase *np = trawl__reallocn(c->ph, (size_t)c->nph + 1, sizeof *np), *p;
	toklist l;

	if (!np)
		return -1;
	c->ph = np;
	p = &c->ph[c->nph];
	memset(p, 0, sizeof *p);
	memset(&l, 0, sizeof l);
	trawl__tokenize(n->text, (int)strlen(n->text), TRAWL__TOK_QUERY, tok_collect, &l);
	p->node = n;
	p->scoring = scoring;
	p->tok = l.tok;
	p->tlen = l.len;
	p->ntok = l.n;
	c->nph++;
	if (l.fail)
		return -1;
	p->red = trawl__mallocn((size_t)l.n + 1, sizeof *p->red);
	p->dist = trawl__mallocn((size_t)l.n + 1, sizeof *p->dist);
	p->per = calloc(c->nseg + 1, sizeof *p->per);
	if (!p->red || !p->dist || !p->per)
		return -1;
	for (int j = 0; j < l.n; j++) {
		int k;
		if (!implied(&l, j))
			p->red[p->nred++] = j;
		for (k = 0; k < j; k++)
			if (l.len[k] == l.len[j] && !memcmp(l.tok[k], l.tok[j], (size_t)l.len[j]))
				break;
		p->dist[j] = k < j ? p->dist[k] : p->ndist++;
	}
	p->need = calloc((size_t)p->ndist + 1, 1);
	if (!p->need)
		return -1;
	for (int j = 0; j < p->nred; j++)
		p->need[p->dist[p->red[j]]] = 1;
	p->post = calloc(c->nseg * (size_t)(p->ndist ? p->ndist : 1) + 1, sizeof *p->post);
	return p->post ? 0 : -1;
}

static int collect(ctx *c, const trawl__qnode *n, int scoring)
{
	int i;

	if (!n)
		return 0;
	if (n->type == TRAWL__Q_TERM)
		return add_phrase(c, n, scoring);
	for (i = 0; i < n->nkids; i++)
		if (collect(c, n->kids[i], scoring))
			return -1;
	for (i = 0; i < n->nnots; i++)
		if (collect(c, n->nots[i], 0))
			return -1;
	return 0;
}

static phrase *phrase_of(ctx *c, const trawl__qnode *n)
{
	for (int i = 0; i < c->nph; i++)
		if (c->ph[i].node == n)
			return &c->ph[i];
	return NULL;
}

/* ---- a phrase in one segment ---- */

static size_t gallop(const uint32_t *a, size_t i, size_t n, uint32_t v)
{
	size_t step = 1, lo, hi;

	if (i >= n || a[i] >= v)
		return i;
	lo = i;
	while (lo + step < n && a[lo + step] < v) {
		lo += step;
		step *= 2;
	}
	hi = lo + step < n ? lo + step : n;
	/* a[lo] < v; the answer is in (lo, hi] */
	lo++;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (a[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Units array and exact frequencies (and positions when pos) of a token's
 * postings, into the pres-like arrays given. */
static trawl_err post_arrays(const trawl__postings *p, uint32_t **u, uint32_t **tf,
                             uint32_t **start, uint32_t **pos)
{
	int need_pos = start != NULL;

	*u = trawl__mallocn((size_t)p->df + 1, sizeof **u);
	if (!*u)
		return TRAWL_ENOMEM;
	roaring_bitmap_to_uint32_array(p->units, *u);
	if (tf) {
		/* a frequency of 255 or more is in the positions stream: read
		 * there by a cursor that jumps to its block (not by decoding every
		 * posting's positions) */
		trawl__poscur pc;
		memset(&pc, 0, sizeof pc);
		pc.p = p;
		*tf = trawl__mallocn((size_t)p->df + 1, sizeof **tf);
		if (!*tf)
			return TRAWL_ENOMEM;
		for (uint32_t i = 0; i < p->df; i++) {
			const uint8_t *q;
			uint64_t n;
			(*tf)[i] = p->tf[i];
			if (p->tf[i] < 255 || need_pos)
				continue;
			if (trawl__poscur_open(&pc, i, &q, &n) || n > UINT32_MAX)
				return TRAWL_ECORRUPT;
			(*tf)[i] = (uint32_t)n;
		}
	}
	if (need_pos) {
		uint32_t *st = NULL, *ps = NULL;
		trawl_err rc = trawl__postings_positions(p, &st, &ps);
		if (rc)
			return rc;
		if (tf)
			for (uint32_t i = 0; i < p->df; i++)
				(*tf)[i] = st[i + 1] - st[i];
		if (start) {
			*start = st;
			*pos = ps;
		} else {
			free(st);
			free(ps);
		}
	}
	return TRAWL_OK;
}

/* A token's positions in one unit, decoded as they are needed. */
typedef struct pstream {
	const uint8_t *q, *end;
	uint64_t left;               /* positions after cur */
	uint32_t cur;
} pstream;

/* The next position of s: 0, 1 when there is none, -1 when damaged. */
static int ps_next(pstream *s)
{
	uint64_t v;

	if (!s->left)
		return 1;
	if (trawl__varint(&s->q, s->end, &v) || !v || v > UINT32_MAX - s->cur)
		return -1;
	s->cur += (uint32_t)v;
	s->left--;
	return 0;
}

/* Checks a phrase's tokens' positions unit by unit, in increasing unit
 * order: each checked token's units and a cursor that decodes the
 * positions of the units asked for only. */
typedef struct pcheck {
	const phrase *ph;
	trawl__postings *post;       /* the segment's postings of ph's tokens */
	uint32_t **uarr;             /* per distinct token: its units (the postings') */
	trawl__poscur *pc;
	pstream *ps;
	size_t *cur, *ptrs, *seen;
	int64_t *npos;
	size_t calls;
	int lazy;                    /* no token checked twice: streams will do */
} pcheck;

static void pcheck_release(pcheck *k)
{
	if (!k->ph)
		return;
	for (int t = 0; t < k->ph->ndist; t++)
		if (k->pc)
			trawl__poscur_release(&k->pc[t]);
	free(k->uarr);
	free(k->pc);
	free(k->ps);
	free(k->cur);
	free(k->ptrs);
	free(k->seen);
	free(k->npos);
	memset(k, 0, sizeof *k);
}

static trawl_err pcheck_init(pcheck *k, const phrase *ph, trawl__postings *post)
{
	int nd = ph->ndist;

	memset(k, 0, sizeof *k);
	k->ph = ph;
	k->post = post;
	k->uarr = calloc((size_t)nd, sizeof *k->uarr);
	k->pc = calloc((size_t)nd, sizeof *k->pc);
	k->cur = calloc((size_t)nd, sizeof *k->cur);
	k->seen = calloc((size_t)nd, sizeof *k->seen);
	k->npos = calloc((size_t)nd, sizeof *k->npos);
	k->ptrs = calloc((size_t)ph->nred, sizeof *k->ptrs);
	k->ps = calloc((size_t)nd, sizeof *k->ps);
	if (!k->uarr || !k->pc || !k->cur || !k->seen || !k->npos || !k->ptrs || !k->ps)
		return TRAWL_ENOMEM;
	k->lazy = 1;
	for (int j = 0; j < ph->nred; j++) {
		int t = ph->dist[ph->red[j]];
		if (k->uarr[t]) {
			k->lazy = 0;
			continue;
		}
		/* kept with the postings: the ranking checks the same tokens */
		if (!post[t].uarr) {
			post[t].uarr = trawl__mallocn((size_t)post[t].df + 1, sizeof *post[t].uarr);
			if (!post[t].uarr)
				return TRAWL_ENOMEM;
			roaring_bitmap_to_uint32_array(post[t].units, post[t].uarr);
		}
		k->uarr[t] = post[t].uarr;
		k->pc[t].p = &post[t];
	}
	return TRAWL_OK;
}

/* The occurrences of the phrase in unit u (held by every checked token;
 * u above the last asked): their starts go to out (when not NULL: *nout
 * grows, *cap its room), their number to *inst; with first, only whether
 * there is one (*inst 0 or 1) and *ub gets the fewest occurrences of a
 * checked token, an upper bound of the phrase's. */
static trawl_err pcheck_damaged(trawl_diag *d)
{
	trawl__diag_set(d, NULL, "the index segment is damaged: a term's positions");
	return TRAWL_ECORRUPT;
}

/* Whether the phrase occurs in unit u, decoding each token's positions
 * only as far as the first occurrence (pcheck_unit with first). */
static trawl_err pcheck_first_at(pcheck *k, uint32_t u, uint32_t *inst, uint32_t *ub,
                                 trawl_diag *d)
{
	const phrase *ph = k->ph;
	uint64_t fewest = UINT64_MAX;
	pstream *a;
	int r, ja = 0;

	*inst = 0;
	for (int j = 0; j < ph->nred; j++) {
		int t = ph->dist[ph->red[j]];
		pstream *st = &k->ps[t];
		k->cur[t] = gallop(k->uarr[t], k->cur[t], k->post[t].df, u);
		if (k->cur[t] >= k->post[t].df || k->uarr[t][k->cur[t]] != u ||
		    trawl__poscur_open_fast(&k->pc[t], (uint32_t)k->cur[t], &st->q, &st->left))
			return pcheck_damaged(d);
		st->end = k->post[t].pos + k->post[t].poslen;
		if (st->left < fewest)
			fewest = st->left;
		/* the first position is absolute */
		st->cur = 0;
		{
			uint64_t v;
			if (trawl__varint(&st->q, st->end, &v) || v > UINT32_MAX)
				return pcheck_damaged(d);
			st->cur = (uint32_t)v;
			st->left--;
		}
	}
	*ub = fewest > UINT32_MAX ? UINT32_MAX : (uint32_t)fewest;
	/* the anchor: the token with the fewest positions in this unit (a
	 * common word's many occurrences are then passed over by the other
	 * streams' advances, not each tried as a start) */
	for (int j = 1; j < ph->nred; j++)
		if (k->ps[ph->dist[ph->red[j]]].left < k->ps[ph->dist[ph->red[ja]]].left)
			ja = j;
	a = &k->ps[ph->dist[ph->red[ja]]];
	for (;;) {
		uint32_t s0 = a->cur - (uint32_t)ph->red[ja];
		int ok = a->cur >= (uint32_t)ph->red[ja];
		for (int j = 0; j < ph->nred && ok; j++) {
			pstream *st;
			uint32_t want;
			if (j == ja)
				continue;
			st = &k->ps[ph->dist[ph->red[j]]];
			want = s0 + (uint32_t)ph->red[j];
			while (st->cur < want) {
				r = ps_next(st);
				if (r < 0)
					return pcheck_damaged(d);
				if (r)
					return TRAWL_OK;   /* a token has no more: no later match */
			}
			ok = st->cur == want;
		}
		if (ok) {
			*inst = 1;
			return TRAWL_OK;
		}
		r = ps_next(a);
		if (r < 0)
			return pcheck_damaged(d);
		if (r)
			return TRAWL_OK;
	}
}

/* pcheck_first_at, then each token's cursor moves past the unit from
 * where its positions were left: the next unit's need not skip them. */
static trawl_err pcheck_first(pcheck *k, uint32_t u, uint32_t *inst, uint32_t *ub,
                              trawl_diag *d)
{
	trawl_err rc = pcheck_first_at(k, u, inst, ub, d);

	if (!rc)
		for (int j = 0; j < k->ph->nred; j++) {
			int t = k->ph->dist[k->ph->red[j]];
			trawl__poscur_past_fast(&k->pc[t], (uint32_t)k->cur[t], k->ps[t].q,
			                        k->ps[t].left);
		}
	return rc;
}

static trawl_err pcheck_unit(pcheck *k, uint32_t u, int first, uint32_t *inst, uint32_t *ub,
                             uint32_t **out, size_t *nout, size_t *cap, trawl_diag *d)
{
	const phrase *ph = k->ph;
	const uint32_t *l0;
	size_t n0;
	int k0 = ph->dist[ph->red[0]];
	int64_t fewest = INT64_MAX;

	if (first && k->lazy && ub)
		return pcheck_first(k, u, inst, ub, d);
	k->calls++;
	*inst = 0;
	for (int j = 0; j < ph->nred; j++) {
		int t = ph->dist[ph->red[j]];
		if (k->seen[t] == k->calls)
			continue;   /* a token the phrase repeats: decoded once */
		k->seen[t] = k->calls;
		k->cur[t] = gallop(k->uarr[t], k->cur[t], k->post[t].df, u);
		k->npos[t] = k->cur[t] < k->post[t].df && k->uarr[t][k->cur[t]] == u ?
		             trawl__poscur_get(&k->pc[t], (uint32_t)k->cur[t]) : 0;
		if (k->npos[t] < 0)
			return TRAWL_ENOMEM;
		if (k->npos[t] == 0) {
			trawl__diag_set(d, NULL, "the index segment is damaged: a term's positions");
			return TRAWL_ECORRUPT;
		}
		if (k->npos[t] < fewest)
			fewest = k->npos[t];
	}
	if (ub)
		*ub = (uint32_t)fewest;
	l0 = k->pc[k0].pos;
	n0 = (size_t)k->npos[k0];
	memset(k->ptrs, 0, (size_t)ph->nred * sizeof *k->ptrs);
	for (size_t a = 0; a < n0; a++) {
		uint32_t s0 = l0[a];
		int ok = 1;
		for (int j = 1; j < ph->nred && ok; j++) {
			int t = ph->dist[ph->red[j]];
			const uint32_t *lj = k->pc[t].pos;
			size_t nj = (size_t)k->npos[t];
			uint32_t want = s0 + (uint32_t)ph->red[j];
			while (k->ptrs[j] < nj && lj[k->ptrs[j]] < want)
				k->ptrs[j]++;
			ok = k->ptrs[j] < nj && lj[k->ptrs[j]] == want;
		}
		if (!ok)
			continue;
		(*inst)++;
		if (first)
			return TRAWL_OK;
		if (out) {
			if (*nout == *cap) {
				size_t nc = *cap ? *cap * 2 : 1024;
				uint32_t *np = trawl__reallocn(*out, nc, sizeof *np);
				if (!np)
					return TRAWL_ENOMEM;
				*out = np;
				*cap = nc;
			}
			(*out)[(*nout)++] = s0;
		}
	}
	return TRAWL_OK;
}

/* A run of a phrase's candidates checked by one thread: the units that
 * hold the phrase, their occurrences (or bounds) and, unless only
 * existence is asked, the occurrences' starts. */
typedef struct crange {
	const phrase *ph;
	trawl__postings *post;
	const uint32_t *cand;
	size_t ncand;
	uint32_t *u, *tf, *istart, *ipos;   /* u, tf, istart: ncand + 1 */
	size_t nout, nposout, capp;
	trawl_err rc;
	trawl_diag d;
} crange;

static trawl_err check_range(crange *x, trawl_diag *d)
{
	const phrase *ph = x->ph;
	pcheck k;
	trawl_err rc;

	if ((rc = pcheck_init(&k, ph, x->post)))
		goto out;
	for (size_t ci = 0; ci < x->ncand; ci++) {
		uint32_t inst, ub;
		if (x->istart)
			x->istart[x->nout] = (uint32_t)x->nposout;
		rc = pcheck_unit(&k, x->cand[ci], ph->exists, &inst, &ub,
		                 ph->exists ? NULL : &x->ipos, &x->nposout, &x->capp, d);
		if (rc)
			goto out;
		if (inst) {
			x->u[x->nout] = x->cand[ci];
			x->tf[x->nout] = ph->exists ? ub : inst;
			x->nout++;
		}
	}
	if (x->istart)
		x->istart[x->nout] = (uint32_t)x->nposout;
out:
	pcheck_release(&k);
	return rc;
}

static void *check_thread(void *u)
{
	crange *x = u;

	x->rc = check_range(x, &x->d);
	return NULL;
}

/* Checks the candidates, on two threads when there are at least
 * trawl__ix_split of them for each and two cores: the second half on a
 * thread of its own, then its results after the first's. The results
 * are the same either way (tests/prop/search_exact checks both). */
static trawl_err check_candidates(const phrase *ph, trawl__postings *post, const uint32_t *cand,
                                  size_t ncand, pres *r, size_t *nout, trawl_diag *d)
{
	crange a, b;
	pthread_t th;
	int split = 0;
	trawl_err rc;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.ph = b.ph = ph;
	a.post = b.post = post;
	a.cand = cand;
	a.ncand = ncand;
	a.u = r->u;
	a.tf = r->tf;
	a.istart = r->istart;
	a.ipos = r->ipos;
	if (trawl__ix_split && ncand / 2 >= trawl__ix_split && trawl__ncpus() > 1) {
		pcheck k;
		/* the tokens' unit arrays are made here, once, before the
		 * threads share them (pcheck_init fills in what is missing) */
		if ((rc = pcheck_init(&k, ph, post))) {
			pcheck_release(&k);
			return rc;
		}
		pcheck_release(&k);
		b.ncand = ncand - ncand / 2;
		b.cand = cand + ncand / 2;
		b.u = trawl__mallocn(b.ncand + 1, sizeof *b.u);
		b.tf = trawl__mallocn(b.ncand + 1, sizeof *b.tf);
		if (r->istart)
			b.istart = trawl__mallocn(b.ncand + 1, sizeof *b.istart);
		if (b.u && b.tf && (!r->istart || b.istart) &&
		    !pthread_create(&th, NULL, check_thread, &b)) {
			split = 1;
			a.ncand = ncand / 2;
			__atomic_fetch_add(&trawl__ix_nsplit, 1, __ATOMIC_RELAXED);
		}
	}
	rc = check_range(&a, d);
	if (split) {
		pthread_join(th, NULL);
		if (!rc && b.rc) {
			rc = b.rc;
			if (d && b.d.msg[0])
				*d = b.d;
		}
		if (!rc && r->istart && a.nposout > UINT32_MAX - b.nposout)
			rc = TRAWL_ENOMEM;   /* more occurrences than a uint32_t counts */
		if (!rc && b.nposout) {
			if (b.nposout > a.capp - a.nposout) {
				uint32_t *np = trawl__reallocn(a.ipos, a.nposout + b.nposout,
				                               sizeof *np);
				if (!np)
					rc = TRAWL_ENOMEM;
				else
					a.ipos = np;
			}
			if (!rc)
				memcpy(a.ipos + a.nposout, b.ipos, b.nposout * sizeof *b.ipos);
		}
		if (!rc) {
			memcpy(a.u + a.nout, b.u, b.nout * sizeof *b.u);
			memcpy(a.tf + a.nout, b.tf, b.nout * sizeof *b.tf);
			if (r->istart)
				for (size_t i = 0; i <= b.nout; i++)
					r->istart[a.nout + i] = b.istart[i] + (uint32_t)a.nposout;
			a.nout += b.nout;
			a.nposout += b.nposout;
		}
	}
	free(b.u);
	free(b.tf);
	free(b.istart);
	free(b.ipos);
	r->ipos = a.ipos;
	*nout = a.nout;
	return rc;
}

/* Looks up every distinct token of ph not read yet in segment s (*found
 * 0 when one is not there: nothing is read then), then reads their
 * postings. */
static trawl_err load_postings(ctx *c, const phrase *ph, const trawl__segment *s,
                               trawl__postings *post, int *found)
{
	int *tok = trawl__mallocn((size_t)ph->ntok + 1, sizeof *tok), n = 0;
	trawl__segterm *te = trawl__mallocn((size_t)ph->ntok + 1, sizeof *te);
	trawl_err rc = TRAWL_OK;

	*found = 1;
	if (!tok || !te) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (int j = 0; j < ph->ntok; j++) {
		int t = ph->dist[j], dup = 0;
		if (post[t].units)
			continue;
		for (int i = 0; i < n && !dup; i++)
			dup = tok[i] == t;
		if (dup)
			continue;
		*found = trawl__segment_lookup(s, ph->tok[j], (size_t)ph->tlen[j], &te[n], &rc);
		if (rc) {
			if (rc == TRAWL_ECORRUPT)
				trawl__diag_set(c->d, NULL, "the index segment is damaged: its dictionary");
			goto out;
		}
		if (!*found)
			goto out;
		tok[n++] = t;
	}
	/* only the checked tokens' postings are read: an implied one (the
	 * last character of a Chinese phrase, whose postings are among the
	 * largest) is only looked up, as it must be there */
	for (int i = 0; i < n && !rc; i++)
		if (ph->need[tok[i]])
			rc = trawl__segment_postings(s, &te[i], &post[tok[i]], c->d);
out:
	free(tok);
	free(te);
	return rc;
}

/* Where the phrase occurs in segment si: its result, with occurrence
 * starts when it has more than one token to check (unless ph->exists). */
static trawl_err eval_phrase(ctx *c, phrase *ph, size_t si)
{
	const trawl__segment *s = c->segs[si].seg;
	pres *r = &ph->per[si];
	trawl__postings *post = &ph->post[si * (size_t)ph->ndist];
	uint32_t *cand = NULL;
	roaring_bitmap_t *cb = NULL;
	size_t ncand, nout = 0;
	int found;
	trawl_err rc = TRAWL_OK;

	if (!ph->ntok) {
		r->r = roaring_bitmap_create();
		return r->r ? TRAWL_OK : TRAWL_ENOMEM;
	}
	/* every distinct token's postings; one missing means nowhere */
	if ((rc = load_postings(c, ph, s, post, &found)) || !found) {
		if (rc)
			return rc;
		r->r = roaring_bitmap_create();
		return r->r ? TRAWL_OK : TRAWL_ENOMEM;
	}
	if (ph->nred == 1) {
		r->single = 1;
		r->tok = ph->dist[0];
		r->r = post[r->tok].units;
		r->n = (uint32_t)roaring_bitmap_get_cardinality(r->r);
		return TRAWL_OK;
	}
	/* candidates: every checked token is there; then the positions */
	{
		int small = ph->dist[ph->red[0]];
		for (int j = 1; j < ph->nred; j++)
			if (post[ph->dist[ph->red[j]]].df < post[small].df)
				small = ph->dist[ph->red[j]];
		cb = roaring_bitmap_copy(post[small].units);
		if (!cb)
			return TRAWL_ENOMEM;
		for (int j = 0; j < ph->nred; j++)
			if (ph->dist[ph->red[j]] != small)
				roaring_bitmap_and_inplace(cb, post[ph->dist[ph->red[j]]].units);
		ncand = (size_t)roaring_bitmap_get_cardinality(cb);
		cand = trawl__mallocn(ncand + 1, sizeof *cand);
		if (!cand) {
			trawl__bitmap_free(cb);
			return TRAWL_ENOMEM;
		}
		roaring_bitmap_to_uint32_array(cb, cand);
	}
	r->u = trawl__mallocn(ncand + 1, sizeof *r->u);
	r->tf = trawl__mallocn(ncand + 1, sizeof *r->tf);
	if (!ph->exists)
		r->istart = trawl__mallocn(ncand + 1, sizeof *r->istart);
	if (!r->u || !r->tf || (!ph->exists && !r->istart)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	if ((rc = check_candidates(ph, post, cand, ncand, r, &nout, c->d)))
		goto out;
	r->n = (uint32_t)nout;
	/* usually most candidates hold the phrase: their bitmap, less the few
	 * that don't, is the result (cheaper than building it unit by unit) */
	if (ncand - nout <= ncand / 16) {
		for (size_t ci = 0, oi = 0; ci < ncand; ci++) {
			if (oi < nout && r->u[oi] == cand[ci])
				oi++;
			else
				roaring_bitmap_remove(cb, cand[ci]);
		}
		r->r = cb;
		cb = NULL;
	} else {
		r->r = roaring_bitmap_of_ptr(nout, r->u);
	}
	if (!r->r)
		rc = TRAWL_ENOMEM;
out:
	trawl__bitmap_free(cb);
	free(cand);
	return rc;
}

/* Makes sure r has its units, occurrences (and starts when pos). */
static trawl_err pres_arrays(ctx *c, phrase *ph, size_t si, int pos)
{
	pres *r = &ph->per[si];
	trawl__postings *p;

	if (!r->single || (r->u && (!pos || r->istart)))
		return TRAWL_OK;
	p = &ph->post[si * (size_t)ph->ndist + r->tok];
	free(r->u);
	free(r->tf);
	r->u = r->tf = NULL;
	(void)c;
	return post_arrays(p, &r->u, &r->tf, pos ? &r->istart : NULL, pos ? &r->ipos : NULL);
}

/* ---- NEAR ---- */

/* FTS5's NEAR (fts5ExprNearIsMatch): phrases' occurrences a[i] (starts,
 * sorted) match when some choice of one per phrase has every start within
 * [max - nTerm(i) - near, max]; the occurrences that take part are counted
 * per phrase in used[i]. */
static int near_match(const uint32_t *const *a, const size_t *na, const int *nterm, int n,
                      int near, uint32_t *used)
{
	size_t idx[64];
	int matched = 0;
	int64_t last[64];

	if (n > 64)
		return 0;
	for (int i = 0; i < n; i++) {
		idx[i] = 0;
		used[i] = 0;
		last[i] = -1;
		if (!na[i])
			return 0;
	}
	for (;;) {
		int64_t imax = a[0][idx[0]];
		int ok;
		do {
			ok = 1;
			for (int i = 0; i < n; i++) {
				int64_t imin = imax - nterm[i] - near;
				int64_t p = a[i][idx[i]];
				if (p < imin || p > imax) {
					ok = 0;
					while ((int64_t)a[i][idx[i]] < imin) {
						if (++idx[i] >= na[i])
							return matched;
					}
					if ((int64_t)a[i][idx[i]] > imax)
						imax = a[i][idx[i]];
				}
			}
		} while (!ok);
		matched = 1;
		for (int i = 0; i < n; i++)
			if ((int64_t)a[i][idx[i]] != last[i]) {
				last[i] = a[i][idx[i]];
				used[i]++;
			}
		/* advance the one whose next occurrence comes first */
		{
			int adv = -1;
			uint32_t best = 0;
			for (int i = 0; i < n; i++)
				if (idx[i] + 1 < na[i] && (adv < 0 || a[i][idx[i] + 1] < best)) {
					best = a[i][idx[i] + 1];
					adv = i;
				}
			if (adv < 0)
				return matched;
			idx[adv]++;
		}
	}
}

/* NEAR results in a segment: the units, and per kid phrase its counted
 * occurrences (for scoring) in nearu/neartf. */
typedef struct nearres {
	const trawl__qnode *node;
	size_t seg;
	uint32_t *u;
	uint32_t **tf;    /* per kid */
	uint32_t n;
	int nkids;
} nearres;

static trawl_err eval_near(ctx *c, const trawl__qnode *n, size_t si, roaring_bitmap_t **out,
                           nearres *nr)
{
	int k = n->nkids;
	phrase **ph = calloc((size_t)k, sizeof *ph);
	size_t *cur = calloc((size_t)k, sizeof *cur), *na = calloc((size_t)k, sizeof *na);
	const uint32_t **a = calloc((size_t)k, sizeof *a);
	int *nterm = calloc((size_t)k, sizeof *nterm);
	uint32_t *used = calloc((size_t)k, sizeof *used), *cand = NULL;
	roaring_bitmap_t *cb = NULL;
	size_t ncand, nout = 0;
	trawl_err rc = TRAWL_OK;

	memset(nr, 0, sizeof *nr);
	nr->node = n;
	nr->seg = si;
	nr->nkids = k;
	nr->tf = calloc((size_t)k, sizeof *nr->tf);
	if (!ph || !cur || !na || !a || !nterm || !used || !nr->tf) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (int i = 0; i < k; i++) {
		ph[i] = phrase_of(c, n->kids[i]);
		if (!ph[i]) {
			rc = TRAWL_EINTERNAL;
			goto out;
		}
		if ((rc = pres_arrays(c, ph[i], si, 1)))
			goto out;
		nterm[i] = ph[i]->ntok;
		if (!cb) {
			cb = roaring_bitmap_copy(ph[i]->per[si].r);
			if (!cb) {
				rc = TRAWL_ENOMEM;
				goto out;
			}
		} else {
			roaring_bitmap_and_inplace(cb, ph[i]->per[si].r);
		}
	}
	ncand = cb ? (size_t)roaring_bitmap_get_cardinality(cb) : 0;
	cand = trawl__mallocn(ncand + 1, sizeof *cand);
	nr->u = trawl__mallocn(ncand + 1, sizeof *nr->u);
	for (int i = 0; i < k; i++)
		nr->tf[i] = trawl__mallocn(ncand + 1, sizeof **nr->tf);
	if (!cand || !nr->u) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (int i = 0; i < k; i++)
		if (!nr->tf[i]) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
	if (cb)
		roaring_bitmap_to_uint32_array(cb, cand);
	for (size_t ci = 0; ci < ncand; ci++) {
		uint32_t u = cand[ci];
		for (int i = 0; i < k; i++) {
			pres *r = &ph[i]->per[si];
			cur[i] = gallop(r->u, cur[i], r->n, u);
			a[i] = r->ipos + r->istart[cur[i]];
			na[i] = r->istart[cur[i] + 1] - r->istart[cur[i]];
		}
		if (near_match(a, na, nterm, k, n->near, used)) {
			nr->u[nout] = u;
			for (int i = 0; i < k; i++)
				nr->tf[i][nout] = used[i];
			nout++;
		}
	}
	nr->n = (uint32_t)nout;
	*out = roaring_bitmap_of_ptr(nout, nr->u);
	if (!*out)
		rc = TRAWL_ENOMEM;
out:
	trawl__bitmap_free(cb);
	free(ph);
	free(cur);
	free(na);
	free(a);
	free(nterm);
	free(used);
	free(cand);
	return rc;
}

static void nearres_free(nearres *nr)
{
	for (int i = 0; nr->tf && i < nr->nkids; i++)
		free(nr->tf[i]);
	free(nr->tf);
	free(nr->u);
	memset(nr, 0, sizeof *nr);
}

/* ---- the tree, per segment ---- */

typedef struct segeval {
	nearres *near;
	int nnear, capnear;
} segeval;

static roaring_bitmap_t *eval_node(ctx *c, const trawl__qnode *n, size_t si, segeval *se)
{
	roaring_bitmap_t *r = NULL;
	int i;

	if (c->rc)
		return NULL;
	switch (n->type) {
	case TRAWL__Q_TERM: {
		phrase *ph = phrase_of(c, n);
		if (!ph) {
			c->rc = TRAWL_EINTERNAL;
			return NULL;
		}
		r = roaring_bitmap_copy(ph->per[si].r);
		break;
	}
	case TRAWL__Q_AND:
		for (i = 0; i < n->nkids; i++) {
			roaring_bitmap_t *k = eval_node(c, n->kids[i], si, se);
			if (!k)
				goto fail;
			if (!r) {
				r = k;
			} else {
				roaring_bitmap_and_inplace(r, k);
				trawl__bitmap_free(k);
			}
		}
		for (i = 0; r && i < n->nnots; i++) {
			roaring_bitmap_t *k = eval_node(c, n->nots[i], si, se);
			if (!k)
				goto fail;
			roaring_bitmap_andnot_inplace(r, k);
			trawl__bitmap_free(k);
		}
		if (!r)
			r = roaring_bitmap_create();
		break;
	case TRAWL__Q_OR:
		for (i = 0; i < n->nkids; i++) {
			roaring_bitmap_t *k = eval_node(c, n->kids[i], si, se);
			if (!k)
				goto fail;
			if (!r) {
				r = k;
			} else {
				roaring_bitmap_or_inplace(r, k);
				trawl__bitmap_free(k);
			}
		}
		if (!r)
			r = roaring_bitmap_create();
		break;
	case TRAWL__Q_NEAR: {
		nearres nr;
		if (se->nnear == se->capnear) {
			int cap = se->capnear ? se->capnear * 2 : 4;
			nearres *nn = trawl__reallocn(se->near, (size_t)cap, sizeof *nn);
			if (!nn) {
				c->rc = TRAWL_ENOMEM;
				return NULL;
			}
			se->near = nn;
			se->capnear = cap;
		}
		if ((c->rc = eval_near(c, n, si, &r, &nr))) {
			nearres_free(&nr);
			return NULL;
		}
		se->near[se->nnear++] = nr;
		break;
	}
	}
	if (!r)
		c->rc = TRAWL_ENOMEM;
	return r;
fail:
	trawl__bitmap_free(r);
	if (!c->rc)
		c->rc = TRAWL_ENOMEM;
	return NULL;
}

/* ---- ranking ---- */

typedef struct heap {
	trawl__ixhit *h;
	size_t n, cap, k;        /* k: how many are kept */
} heap;

/* a ranks before b */
static int better(const trawl__ixhit *a, const trawl__ixhit *b)
{
	if (a->score != b->score)
		return a->score > b->score;
	if (a->doc != b->doc)
		return a->doc < b->doc;
	return a->seq < b->seq;
}

/* The heap keeps the k best with the worst at the root. */
static void sift_down(heap *hp, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, w = i;
		trawl__ixhit t;
		if (l < hp->n && better(&hp->h[w], &hp->h[l]))
			w = l;
		if (r < hp->n && better(&hp->h[w], &hp->h[r]))
			w = r;
		if (w == i)
			return;
		t = hp->h[i];
		hp->h[i] = hp->h[w];
		hp->h[w] = t;
		i = w;
	}
}

static int heap_push(heap *hp, const trawl__ixhit *x)
{
	size_t i;

	if (!hp->k)
		return 0;
	if (hp->n == hp->k) {
		if (!better(x, &hp->h[0]))
			return 0;
		hp->h[0] = *x;
		sift_down(hp, 0);
		return 0;
	}
	if (hp->n == hp->cap) {
		size_t cap = hp->cap ? hp->cap * 2 : 64;
		trawl__ixhit *nh;
		if (cap > hp->k)
			cap = hp->k;
		nh = trawl__reallocn(hp->h, cap, sizeof *nh);
		if (!nh)
			return -1;
		hp->h = nh;
		hp->cap = cap;
	}
	i = hp->n++;
	hp->h[i] = *x;
	while (i) {
		size_t p = (i - 1) / 2;
		trawl__ixhit t;
		if (!better(&hp->h[p], &hp->h[i]))
			break;
		t = hp->h[p];
		hp->h[p] = hp->h[i];
		hp->h[i] = t;
		i = p;
	}
	return 0;
}

/* The score that no hit below the root can beat; -inf while not full. */
static double heap_floor(const heap *hp)
{
	return hp->n < hp->k ? -HUGE_VAL : hp->h[0].score;
}

static int cmp_hits(const void *x, const void *y)
{
	const trawl__ixhit *a = x, *b = y;
	return better(a, b) ? -1 : better(b, a) ? 1 : 0;
}

static double idf_of(uint64_t nunits, uint64_t n)
{
	double idf = log(((double)nunits - (double)n + 0.5) / ((double)n + 0.5));
	return idf <= 0.0 ? 1e-6 : idf;
}

/* Per segment: the final units, and each scoring phrase's occurrences. */
typedef struct segres {
	roaring_bitmap_t *r;
	segeval se;
} segres;

/* tf of phrase i in unit u of segment si (cursor cur[i] moves forward). */
static uint32_t tf_at(ctx *c, segres *sr, size_t si, int i, uint32_t u, size_t *cur)
{
	phrase *ph = &c->ph[i];
	const uint32_t *uu = ph->per[si].u, *tf = ph->per[si].tf;
	uint32_t n = ph->per[si].n;

	/* inside a NEAR: its own counts */
	for (int k = 0; k < sr->se.nnear; k++) {
		nearres *nr = &sr->se.near[k];
		for (int j = 0; j < nr->nkids; j++)
			if (nr->node->kids[j] == ph->node) {
				size_t p = gallop(nr->u, cur[i], nr->n, u);
				cur[i] = p;
				return p < nr->n && nr->u[p] == u ? nr->tf[j][p] : 0;
			}
	}
	if (!uu)
		return 0;
	cur[i] = gallop(uu, cur[i], n, u);
	return cur[i] < n && uu[cur[i]] == u ? tf[cur[i]] : 0;
}

/* Bound of a block (or a whole list) of frontier points. */
static double bound_of(const trawl__segpoint *pts, int n, double idf, double avgdl)
{
	double b = 0;
	for (int i = 0; i < n; i++) {
		double v = trawl__bm25(idf, pts[i].tf, pts[i].dl, avgdl);
		if (v > b)
			b = v;
	}
	return b;
}

typedef struct blockref {
	double bound;
	uint32_t seg, blk;
} blockref;

static int cmp_blocks(const void *x, const void *y)
{
	const blockref *a = x, *b = y;
	return a->bound > b->bound ? -1 : a->bound < b->bound ? 1 : 0;
}

/* The top k of one phrase decided by one token: blocks by bound, best
 * first, until none left can beat the k-th. */
static trawl_err topk_blocks(ctx *c, phrase *ph, segres *sres, double avgdl, heap *hp,
                             uint64_t *scored)
{
	blockref *br = NULL;
	size_t nb = 0, cap = 0;
	uint32_t ubuf[TRAWL__SEG_BLOCK];
	trawl_err rc = TRAWL_OK;

	for (size_t si = 0; si < c->nseg; si++) {
		pres *r = &ph->per[si];
		trawl__postings *p;
		uint32_t nblk;
		if (!sres[si].r || roaring_bitmap_is_empty(sres[si].r) || !r->single)
			continue;
		p = &ph->post[si * (size_t)ph->ndist + r->tok];
		nblk = p->nblk ? p->nblk : 1;
		if (nb + nblk > cap) {
			size_t ncap = (nb + nblk) * 2;
			blockref *n2 = trawl__reallocn(br, ncap, sizeof *n2);
			if (!n2) {
				free(br);
				return TRAWL_ENOMEM;
			}
			br = n2;
			cap = ncap;
		}
		for (uint32_t b = 0; b < nblk; b++) {
			trawl__segpoint pts[TRAWL__SEG_FRONTIER];
			int np = p->nblk ? trawl__postings_blkfront(p, b, pts) : 0;
			br[nb].bound = p->nblk ? bound_of(pts, np, ph->idf, avgdl)
			                       : bound_of(p->top, p->ntop, ph->idf, avgdl);
			br[nb].seg = (uint32_t)si;
			br[nb].blk = b;
			nb++;
		}
	}
	qsort(br, nb, sizeof *br, cmp_blocks);
	for (size_t i = 0; i < nb; i++) {
		const trawl__ixseg *sg = &c->segs[br[i].seg];
		pres *r = &ph->per[br[i].seg];
		trawl__postings *p = &ph->post[br[i].seg * (size_t)ph->ndist + r->tok];
		const roaring_bitmap_t *fin = sres[br[i].seg].r;
		uint32_t first = br[i].blk * TRAWL__SEG_BLOCK, cnt, u0;
		roaring_uint32_iterator_t it;
		size_t posoff = p->nblk ? trawl__postings_blkpos(p, br[i].blk) : 0;
		if (br[i].bound < heap_floor(hp))
			break;
		cnt = p->df - first < TRAWL__SEG_BLOCK ? p->df - first : TRAWL__SEG_BLOCK;
		if (!roaring_bitmap_select(p->units, first, &u0)) {
			rc = TRAWL_ECORRUPT;
			break;
		}
		roaring_init_iterator(p->units, &it);
		roaring_move_uint32_iterator_equalorlarger(&it, u0);
		if (roaring_read_uint32_iterator(&it, ubuf, cnt) != cnt) {
			rc = TRAWL_ECORRUPT;
			break;
		}
		for (uint32_t j = 0; j < cnt; j++) {
			uint32_t u = ubuf[j], tf = p->tf[first + j];
			trawl__ixhit h;
			if (tf == 255)
				tf = trawl__postings_tf(p, first + j,
				                        trawl__postings_skip(p, first, posoff, j));
			if (!roaring_bitmap_contains(fin, u))
				continue;
			h.doc = sg->docno[sg->seg->udoc[u]];
			h.seq = sg->seg->seq[u];
			h.score = trawl__bm25(ph->idf, tf, sg->seg->dl[u], avgdl);
			(*scored)++;
			if (heap_push(hp, &h)) {
				rc = TRAWL_ENOMEM;
				break;
			}
		}
		if (rc)
			break;
	}
	free(br);
	return rc;
}

/* The top k of one phrase of several tokens whose units are known but
 * not its occurrences (ph->exists): a unit scores at most as with the
 * fewest occurrences of one of its tokens. The units (with files: the
 * documents, by their best unit) of the best such bounds are counted
 * first; then every other whose bound can't reach the k-th best score is
 * left out, and only the rest are counted. */
#define PHRASE_FIRST 256

typedef struct ubref {
	double ub;
	uint32_t seg, i;             /* the group's first match in per[seg] */
} ubref;

static int cmp_ubref(const void *x, const void *y)
{
	const ubref *a = x, *b = y;
	if (a->seg != b->seg)
		return a->seg < b->seg ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/* The end of the group of per[si]'s match i: the next match of another
 * unit (files: of another document). */
static uint32_t group_end(const trawl__ixseg *sg, const pres *r, uint32_t i, int files)
{
	uint32_t e = i + 1;
	if (files)
		while (e < r->n && sg->seg->udoc[r->u[e]] == sg->seg->udoc[r->u[i]])
			e++;
	return e;
}

static trawl_err topk_phrase(ctx *c, phrase *ph, segres *sres, double avgdl, int files,
                             heap *hp, uint64_t *scored)
{
	ubref best[PHRASE_FIRST];
	size_t nbest = 0, worst = 0;
	uint8_t **done = calloc(c->nseg + 1, sizeof *done);
	uint8_t *all = calloc(c->nseg + 1, 1);
	double *segmax = trawl__mallocn(c->nseg + 1, sizeof *segmax);
	trawl_err rc = TRAWL_OK;

	if (!done || !all || !segmax) {
		free(done);
		free(all);
		free(segmax);
		return TRAWL_ENOMEM;
	}
	/* the groups of the highest bounds (kept unsorted; worst: the lowest) */
	for (size_t si = 0; si < c->nseg; si++) {
		const trawl__ixseg *sg = &c->segs[si];
		const pres *r = &ph->per[si];
		uint32_t e;
		if (!sres[si].r || roaring_bitmap_is_empty(sres[si].r) || !r->u)
			continue;
		/* the final units are a subset of the phrase's: as many means the
		 * same (none deleted or filtered out here): no look-ups */
		all[si] = roaring_bitmap_get_cardinality(sres[si].r) == r->n;
		segmax[si] = -HUGE_VAL;
		for (uint32_t i = 0; i < r->n; i = e) {
			double ub = -HUGE_VAL;
			e = group_end(sg, r, i, files);
			for (uint32_t j = i; j < e; j++) {
				double b = trawl__bm25(ph->idf, r->tf[j], sg->seg->dl[r->u[j]], avgdl);
				if (b > ub && (all[si] || roaring_bitmap_contains(sres[si].r, r->u[j])))
					ub = b;
			}
			if (ub > segmax[si])
				segmax[si] = ub;
			if (ub == -HUGE_VAL || (nbest == PHRASE_FIRST && ub <= best[worst].ub))
				continue;
			if (nbest < PHRASE_FIRST)
				best[nbest++] = (ubref){ ub, (uint32_t)si, i };
			else
				best[worst] = (ubref){ ub, (uint32_t)si, i };
			if (nbest == PHRASE_FIRST) {
				worst = 0;
				for (size_t j = 1; j < nbest; j++)
					if (best[j].ub < best[worst].ub)
						worst = j;
			}
		}
	}
	qsort(best, nbest, sizeof *best, cmp_ubref);
	/* two passes over the segments: those groups, then the others that
	 * may still beat the k-th best */
	for (int pass = 0; pass < 2 && !rc; pass++) {
		size_t bi = 0;
		for (size_t si = 0; si < c->nseg && !rc; si++) {
			const trawl__ixseg *sg = &c->segs[si];
			const pres *r = &ph->per[si];
			uint32_t e;
			pcheck k;
			int kinit = 0;
			if (!sres[si].r || roaring_bitmap_is_empty(sres[si].r) || !r->u)
				continue;
			if (pass == 0 && (bi >= nbest || best[bi].seg != si))
				continue;
			/* no unit of the segment can reach the k-th best score */
			if (pass == 1 && segmax[si] < heap_floor(hp))
				continue;
			if (pass == 0 && !(done[si] = calloc(r->n + 1, 1))) {
				rc = TRAWL_ENOMEM;
				break;
			}
			memset(&k, 0, sizeof k);
			for (uint32_t i = 0; i < r->n && !rc; i = e) {
				trawl__ixhit h;
				int have = 0;
				e = group_end(sg, r, i, files);
				if (pass == 0) {
					if (bi >= nbest || best[bi].seg != si || best[bi].i != i)
						continue;
					bi++;
					done[si][i] = 1;
				} else {
					double ub = -HUGE_VAL;
					if (done[si] && done[si][i])
						continue;
					for (uint32_t j = i; j < e; j++) {
						double b = trawl__bm25(ph->idf, r->tf[j], sg->seg->dl[r->u[j]],
						                       avgdl);
						if (b > ub)
							ub = b;
					}
					if (ub < heap_floor(hp))
						continue;
				}
				/* the group's units, counted: a document scores as its best */
				for (uint32_t j = i; j < e; j++) {
					uint32_t u = r->u[j], inst;
					double sc;
					if (!all[si] && !roaring_bitmap_contains(sres[si].r, u))
						continue;
					/* the unit holds the phrase (it is one of its units),
					 * at most as often as its rarest token (tf[j]): when
					 * that is once, the count is known without positions */
					if (r->tf[j] == 1) {
						inst = 1;
					} else {
						if (!kinit) {
							kinit = 1;
							rc = pcheck_init(&k, ph, &ph->post[si * (size_t)ph->ndist]);
							if (rc)
								break;
						}
						rc = pcheck_unit(&k, u, 0, &inst, NULL, NULL, NULL, NULL, c->d);
						if (rc)
							break;
					}
					(*scored)++;
					sc = trawl__bm25(ph->idf, inst, sg->seg->dl[u], avgdl);
					if (!have || sc > h.score) {
						h.doc = sg->docno[sg->seg->udoc[u]];
						h.seq = files ? 0 : sg->seg->seq[u];
						h.score = sc;
						have = 1;
					}
				}
				if (!rc && have && heap_push(hp, &h))
					rc = TRAWL_ENOMEM;
			}
			pcheck_release(&k);
		}
	}
	for (size_t si = 0; si < c->nseg; si++)
		free(done[si]);
	free(done);
	free(all);
	free(segmax);
	return rc;
}

/* Scores every unit of the final results (and for files, keeps each
 * document's best). */
static trawl_err topk_all(ctx *c, segres *sres, double avgdl, int files, heap *hp,
                          uint64_t *scored)
{
	size_t *cur = calloc((size_t)c->nph + 1, sizeof *cur);
	uint32_t buf[1024];
	trawl_err rc = TRAWL_OK;

	if (!cur)
		return TRAWL_ENOMEM;
	for (size_t si = 0; si < c->nseg && !rc; si++) {
		const trawl__ixseg *sg = &c->segs[si];
		roaring_uint32_iterator_t it;
		trawl__ixhit best;
		uint32_t lastdoc = UINT32_MAX, got;
		int have = 0;
		if (!sres[si].r || roaring_bitmap_is_empty(sres[si].r))
			continue;
		for (int i = 0; i < c->nph && !rc; i++)
			if (c->ph[i].scoring)
				rc = pres_arrays(c, &c->ph[i], si, 0);
		memset(cur, 0, ((size_t)c->nph + 1) * sizeof *cur);
		roaring_init_iterator(sres[si].r, &it);
		while (!rc && (got = roaring_read_uint32_iterator(&it, buf, 1024)) > 0) {
			for (uint32_t j = 0; j < got; j++) {
				uint32_t u = buf[j], ld = sg->seg->udoc[u];
				trawl__ixhit h;
				double sc = 0;
				for (int i = 0; i < c->nph; i++)
					if (c->ph[i].scoring) {
						uint32_t tf = tf_at(c, &sres[si], si, i, u, cur);
						if (tf)
							sc += trawl__bm25(c->ph[i].idf, tf, sg->seg->dl[u], avgdl);
					}
				(*scored)++;
				h.doc = sg->docno[ld];
				h.seq = files ? 0 : sg->seg->seq[u];
				h.score = sc;
				if (!files) {
					if (heap_push(hp, &h)) {
						rc = TRAWL_ENOMEM;
						break;
					}
					continue;
				}
				if (have && ld != lastdoc) {
					if (heap_push(hp, &best)) {
						rc = TRAWL_ENOMEM;
						break;
					}
					have = 0;
				}
				if (!have || sc > best.score)
					best = h;
				have = 1;
				lastdoc = ld;
			}
		}
		if (!rc && have && heap_push(hp, &best))
			rc = TRAWL_ENOMEM;
	}
	free(cur);
	return rc;
}

/* ---- the top k of any query: windows of units ----
 *
 * A unit's score is the sum of its scoring phrases' BM25 (topk_all). Each
 * segment's units are cut into windows of trawl__ix_window units (with
 * files: of whole documents, a document going to the window of its first
 * unit). A window's bound is the sum, over the scoring phrases, of the
 * highest bound of the phrase's postings in the window: a token's block
 * bounds (its impact frontier), or a phrase's exact scores where its
 * occurrences were counted. Windows are scored best bound first, until
 * none left can beat the k-th best: block-max over unit ranges, so that
 * terms whose blocks cover different units add up (the reason MaxScore
 * and WAND exist), with the exact counts and facets still coming from the
 * bitmaps. Scores are summed in topk_all's order, so the top k, their
 * scores and ties are the full ranking's. */

unsigned trawl__ix_window = 0;

/* Up to this many matching units, every one is scored: the windows'
 * bounds read each scoring token's whole postings, which costs more than
 * scoring a few thousand units. */
unsigned trawl__ix_all_hits = 4096;

/* Where a scoring phrase's occurrences in a segment's units come from. */
enum { WS_NONE, WS_POST, WS_ARR };
typedef struct wsrc {
	int kind;
	const trawl__postings *p;    /* WS_POST: one token decides */
	const uint32_t *u, *tf;      /* WS_ARR: units and occurrences (a NEAR's */
	uint32_t n;                  /* counts for a phrase inside one) */
} wsrc;

static uint32_t win_of(const trawl__segment *s, uint32_t u, int files, uint32_t w)
{
	return (files ? s->dfirst[s->udoc[u]] : u) / w;
}

/* The first unit of window i (nunits past the last). */
static uint32_t win_lo(const trawl__segment *s, uint32_t i, int files, uint32_t w)
{
	uint64_t u = (uint64_t)i * w;
	if (u >= s->nunits)
		return s->nunits;
	if (files && s->dfirst[s->udoc[u]] != u)
		return s->dfirst[s->udoc[u] + 1];
	return (uint32_t)u;
}

static void wsrc_of(ctx *c, segres *sr, size_t si, int i, wsrc *ws)
{
	phrase *ph = &c->ph[i];
	pres *r = &ph->per[si];

	memset(ws, 0, sizeof *ws);
	for (int k = 0; k < sr->se.nnear; k++) {
		nearres *nr = &sr->se.near[k];
		for (int j = 0; j < nr->nkids; j++)
			if (nr->node->kids[j] == ph->node) {
				ws->kind = nr->n ? WS_ARR : WS_NONE;
				ws->u = nr->u;
				ws->tf = nr->tf[j];
				ws->n = nr->n;
				return;
			}
	}
	if (!r->r || roaring_bitmap_is_empty(r->r))
		return;
	if (r->single) {
		ws->kind = WS_POST;
		ws->p = &ph->post[si * (size_t)ph->ndist + r->tok];
	} else if (r->u && r->n) {
		ws->kind = WS_ARR;
		ws->u = r->u;
		ws->tf = r->tf;
		ws->n = r->n;
	}
}

/* The exact frequency of posting j of p. */
static uint32_t post_tf(const trawl__postings *p, uint32_t j)
{
	uint32_t first;
	if (p->tf[j] < 255)
		return p->tf[j];
	first = p->nblk ? j / TRAWL__SEG_BLOCK * TRAWL__SEG_BLOCK : 0;
	return trawl__postings_tf(p, j, trawl__postings_skip(p, first, p->nblk ?
	                          trawl__postings_blkpos(p, j / TRAWL__SEG_BLOCK) : 0, j - first));
}

/* Adds phrase i's bound per window of segment si to wb (tmp: nwin, tdl:
 * 2 * nwin); with one token deciding, pj gets the index of its first
 * posting in each window (UINT32_MAX: none). Its
 * own postings bound it, also inside a NEAR (whose counts are fewer). */
static trawl_err window_bounds(ctx *c, size_t si, int i, int files, uint32_t w, double avgdl,
                               double *wb, double *tmp, uint32_t *tdl, uint32_t *pj,
                               uint32_t nwin)
{
	const trawl__segment *s = c->segs[si].seg;
	phrase *ph = &c->ph[i];
	pres *r = &ph->per[si];
	uint32_t buf[TRAWL__SEG_BLOCK];

	if (!r->r || roaring_bitmap_is_empty(r->r))
		return TRAWL_OK;
	memset(tmp, 0, (size_t)nwin * sizeof *tmp);
	if (r->single) {
		const trawl__postings *p = &ph->post[si * (size_t)ph->ndist + r->tok];
		uint32_t nblk = p->nblk ? p->nblk : 1;
		roaring_uint32_iterator_t it;
		roaring_init_iterator(p->units, &it);
		for (uint32_t b = 0; b < nblk; b++) {
			trawl__segpoint pts[TRAWL__SEG_FRONTIER];
			uint32_t first = b * TRAWL__SEG_BLOCK;
			uint32_t cnt = p->nblk ? (p->df - first < TRAWL__SEG_BLOCK ? p->df - first
			                                                         : TRAWL__SEG_BLOCK) : p->df;
			double bd = p->nblk ? bound_of(pts, trawl__postings_blkfront(p, b, pts), ph->idf, avgdl)
			                    : bound_of(p->top, p->ntop, ph->idf, avgdl);
			uint32_t got = 0, w0, w1;
			if (!(bd > 0))
				bd = DBL_MIN;   /* a window it is in counts, even at idf 0 */
			while (got < cnt) {
				uint32_t m = cnt - got < TRAWL__SEG_BLOCK ? cnt - got : TRAWL__SEG_BLOCK;
				if (roaring_read_uint32_iterator(&it, buf, m) != m)
					return TRAWL_ECORRUPT;
				w0 = win_of(s, buf[0], files, w);
				w1 = win_of(s, buf[m - 1], files, w);
				if (w0 >= nwin || w1 >= nwin)
					return TRAWL_ECORRUPT;
				if (w0 == w1) {
					if (pj[w0] == UINT32_MAX)
						pj[w0] = first + got;
					if (tmp[w0] < bd)
						tmp[w0] = bd;
					got += m;
					continue;
				}
				for (uint32_t j = 0; j < m; j++) {
					uint32_t x = win_of(s, buf[j], files, w);
					if (pj[x] == UINT32_MAX)
						pj[x] = first + got + j;
					if (tmp[x] < bd)
						tmp[x] = bd;
				}
				got += m;
			}
		}
	} else {
		/* the most occurrences and the shortest unit of each window */
		uint32_t *mtf = tdl + nwin;
		memset(tdl, 0xff, (size_t)nwin * sizeof *tdl);
		memset(mtf, 0, (size_t)nwin * sizeof *mtf);
		for (uint32_t j = 0; j < r->n; j++) {
			uint32_t x = win_of(s, r->u[j], files, w), dl = s->dl[r->u[j]];
			if (mtf[x] < r->tf[j])
				mtf[x] = r->tf[j];
			if (tdl[x] > dl)
				tdl[x] = dl;
		}
		for (uint32_t x = 0; x < nwin; x++)
			tmp[x] = mtf[x] ? trawl__bm25(ph->idf, mtf[x], tdl[x], avgdl) : 0;
	}
	for (uint32_t x = 0; x < nwin; x++)
		if (tmp[x] > 0)
			wb[x] += tmp[x];
	return TRAWL_OK;
}

/* A max-heap of windows by bound. */
static void wheap_down(blockref *a, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		blockref t;
		if (l < n && a[l].bound > a[m].bound)
			m = l;
		if (r < n && a[r].bound > a[m].bound)
			m = r;
		if (m == i)
			return;
		t = a[i];
		a[i] = a[m];
		a[m] = t;
		i = m;
	}
}

/* Reads it's values below hi (from where it is) into *buf from index 0;
 * returns how many, or (size_t)-1 when out of memory. */
static size_t read_below(roaring_uint32_iterator_t *it, uint32_t hi, uint32_t **buf, size_t *cap)
{
	size_t n = 0;

	while (it->has_value && it->current_value < hi) {
		uint32_t got, keep;
		if (*cap - n < 256) {
			size_t nc = *cap * 2 + 256;
			uint32_t *nb = trawl__reallocn(*buf, nc, sizeof *nb);
			if (!nb)
				return (size_t)-1;
			*buf = nb;
			*cap = nc;
		}
		got = roaring_read_uint32_iterator(it, *buf + n, 256);
		for (keep = got; keep && (*buf)[n + keep - 1] >= hi; keep--)
			;
		n += keep;
		if (keep < 256)
			break;
	}
	return n;
}

/* Scores the units of the final results in [lo, hi) of segment si, each
 * phrase's occurrences found from the window's start. */
typedef struct wbufs {
	uint32_t *u, *pu;
	double *sc;
	size_t capu, cappu, capsc;
} wbufs;

static trawl_err score_window(ctx *c, segres *sr, size_t si, uint32_t lo, uint32_t hi, int files,
                              double avgdl, heap *hp, uint64_t *scored, wbufs *b,
                              const uint32_t *pj, uint32_t nwin)
{
	const trawl__ixseg *sg = &c->segs[si];
	const trawl__segment *s = sg->seg;
	roaring_uint32_iterator_t it;
	size_t n;

	roaring_init_iterator(sr->r, &it);
	if (!roaring_move_uint32_iterator_equalorlarger(&it, lo))
		return TRAWL_OK;
	n = read_below(&it, hi, &b->u, &b->capu);
	if (n == (size_t)-1)
		return TRAWL_ENOMEM;
	if (!n)
		return TRAWL_OK;
	if (b->capsc < n) {
		double *ns = trawl__reallocn(b->sc, n, sizeof *ns);
		if (!ns)
			return TRAWL_ENOMEM;
		b->sc = ns;
		b->capsc = n;
	}
	for (size_t j = 0; j < n; j++)
		b->sc[j] = 0;
	/* phrase by phrase, so that each unit's sum is in topk_all's order */
	for (int i = 0; i < c->nph; i++) {
		wsrc ws;
		if (!c->ph[i].scoring)
			continue;
		wsrc_of(c, sr, si, i, &ws);
		if (ws.kind == WS_POST) {
			roaring_uint32_iterator_t pi;
			uint32_t j0 = pj[(size_t)i * nwin];
			size_t np, a = 0;
			if (j0 == UINT32_MAX)
				continue;   /* not in this window */
			roaring_init_iterator(ws.p->units, &pi);
			if (!roaring_move_uint32_iterator_equalorlarger(&pi, lo))
				continue;
			np = read_below(&pi, hi, &b->pu, &b->cappu);
			if (np == (size_t)-1)
				return TRAWL_ENOMEM;
			if (j0 + np > ws.p->df)
				return TRAWL_ECORRUPT;
			for (size_t j = 0; j < n && a < np; j++) {
				uint32_t u = b->u[j];
				while (a < np && b->pu[a] < u)
					a++;
				if (a < np && b->pu[a] == u)
					b->sc[j] += trawl__bm25(c->ph[i].idf, post_tf(ws.p, j0 + (uint32_t)a),
					                        s->dl[u], avgdl);
			}
		} else if (ws.kind == WS_ARR) {
			size_t cur = gallop(ws.u, 0, ws.n, lo);
			for (size_t j = 0; j < n && cur < ws.n; j++) {
				uint32_t u = b->u[j];
				cur = gallop(ws.u, cur, ws.n, u);
				if (cur < ws.n && ws.u[cur] == u && ws.tf[cur])
					b->sc[j] += trawl__bm25(c->ph[i].idf, ws.tf[cur], s->dl[u], avgdl);
			}
		}
	}
	/* as topk_all: each unit, or each document's best (the first of equals) */
	{
		trawl__ixhit best;
		int have = 0;
		uint32_t lastdoc = UINT32_MAX;
		for (size_t j = 0; j < n; j++) {
			uint32_t u = b->u[j], ld = s->udoc[u];
			trawl__ixhit h;
			(*scored)++;
			h.doc = sg->docno[ld];
			h.seq = files ? 0 : s->seq[u];
			h.score = b->sc[j];
			if (!files) {
				if (heap_push(hp, &h))
					return TRAWL_ENOMEM;
				continue;
			}
			if (have && ld != lastdoc) {
				if (heap_push(hp, &best))
					return TRAWL_ENOMEM;
				have = 0;
			}
			if (!have || h.score > best.score)
				best = h;
			have = 1;
			lastdoc = ld;
		}
		if (have && heap_push(hp, &best))
			return TRAWL_ENOMEM;
	}
	return TRAWL_OK;
}

static trawl_err topk_windows(ctx *c, segres *sres, double avgdl, int files, heap *hp,
                              uint64_t *scored)
{
	uint32_t w = trawl__ix_window ? trawl__ix_window : 256;
	blockref *wr = NULL;
	size_t nw = 0, capw = 0;
	wbufs bufs;
	double *wb = NULL, *tmp = NULL;
	uint32_t *tdl = NULL;
	uint32_t **pj = calloc(c->nseg + 1, sizeof *pj);   /* per segment: window * nph */
	trawl_err rc = TRAWL_OK;

	memset(&bufs, 0, sizeof bufs);
	if (!pj)
		return TRAWL_ENOMEM;

	for (size_t si = 0; si < c->nseg && !rc; si++) {
		const trawl__segment *s = c->segs[si].seg;
		uint32_t nwin = (uint32_t)(((uint64_t)s->nunits + w - 1) / w);
		if (!sres[si].r || roaring_bitmap_is_empty(sres[si].r) || !nwin)
			continue;
		wb = calloc(nwin, sizeof *wb);
		tmp = trawl__mallocn(nwin, sizeof *tmp);
		tdl = trawl__mallocn(2 * (size_t)nwin, sizeof *tdl);   /* min dl, max tf */
		pj[si] = trawl__mallocn((size_t)nwin * (size_t)c->nph, sizeof **pj);
		if (!wb || !tmp || !tdl || !pj[si]) {
			rc = TRAWL_ENOMEM;
			break;
		}
		memset(pj[si], 0xff, (size_t)nwin * (size_t)c->nph * sizeof **pj);
		for (int i = 0; i < c->nph && !rc; i++)
			if (c->ph[i].scoring)
				rc = window_bounds(c, si, i, files, w, avgdl, wb, tmp, tdl,
				                   pj[si] + (size_t)i * nwin, nwin);
		for (uint32_t x = 0; x < nwin && !rc; x++) {
			if (!(wb[x] > 0))
				continue;
			if (nw == capw) {
				size_t nc = capw ? capw * 2 : 256;
				blockref *n2 = trawl__reallocn(wr, nc, sizeof *n2);
				if (!n2) {
					rc = TRAWL_ENOMEM;
					break;
				}
				wr = n2;
				capw = nc;
			}
			wr[nw].bound = wb[x];
			wr[nw].seg = (uint32_t)si;
			wr[nw].blk = x;
			nw++;
		}
		free(wb);
		free(tmp);
		free(tdl);
		wb = tmp = NULL;
		tdl = NULL;
	}
	if (rc == TRAWL_ECORRUPT)
		trawl__diag_set(c->d, NULL, "the index segment is damaged: a term's postings");
	if (!rc) {
		for (size_t i = nw / 2; i-- > 0;)
			wheap_down(wr, nw, i);
		while (nw && !rc) {
			blockref top = wr[0];
			const trawl__segment *s = c->segs[top.seg].seg;
			if (top.bound < heap_floor(hp))
				break;
			wr[0] = wr[--nw];
			wheap_down(wr, nw, 0);
			rc = score_window(c, &sres[top.seg], top.seg, win_lo(s, top.blk, files, w),
			                  win_lo(s, top.blk + 1, files, w), files, avgdl, hp, scored,
			                  &bufs, pj[top.seg] + top.blk,
			                  (uint32_t)(((uint64_t)s->nunits + w - 1) / w));
		}
	}
	/* A unit of no window scores 0: it can only matter when the k best
	 * are not all above 0; then every match is scored, as before. */
	if (!rc && (hp->n < hp->k || !(heap_floor(hp) > 0))) {
		hp->n = 0;
		rc = topk_all(c, sres, avgdl, files, hp, scored);
	}
	free(wb);
	free(tmp);
	for (size_t si = 0; si < c->nseg; si++)
		free(pj[si]);
	free(pj);
	free(wr);
	free(tdl);
	free(bufs.u);
	free(bufs.pu);
	free(bufs.sc);
	return rc;
}

/* ---- the whole search ---- */

void trawl__ixresult_release(trawl__ixresult *r)
{
	free(r->top);
	trawl__bitmap_free(r->docs);
	memset(r, 0, sizeof *r);
}

/* Drops the units whose document is not wanted, counts hits and documents,
 * and collects the documents. */
static trawl_err map_docs(const trawl__ixseg *sg, const trawl__ixquery *q, segres *sr,
                          uint64_t *hits, uint64_t *docs, roaring_bitmap_t *dset)
{
	roaring_uint32_iterator_t it;
	uint32_t buf[1024], keep[1024], dbuf[1024], got, lastd = UINT32_MAX;
	int filtering = q->allow || q->since > 0, changed = 0;
	roaring_bitmap_t *nr = NULL;

	if (filtering && !(nr = roaring_bitmap_create()))
		return TRAWL_ENOMEM;
	roaring_init_iterator(sr->r, &it);
	while ((got = roaring_read_uint32_iterator(&it, buf, 1024)) > 0) {
		uint32_t nk = 0, nd = 0;
		for (uint32_t j = 0; j < got; j++) {
			uint32_t u = buf[j], ld = sg->seg->udoc[u], dn = sg->docno[ld];
			if (!dn || (filtering && ((int64_t)dn <= q->since ||
			                          (q->allow && !roaring_bitmap_contains(q->allow, dn))))) {
				changed = 1;
				continue;
			}
			keep[nk++] = u;
			if (ld != lastd) {
				(*docs)++;
				dbuf[nd++] = dn;
				lastd = ld;
			}
		}
		*hits += nk;
		if (nr && nk)
			roaring_bitmap_add_many(nr, nk, keep);
		if (dset && nd)
			roaring_bitmap_add_many(dset, nd, dbuf);
	}
	if (nr && changed) {
		trawl__bitmap_free(sr->r);
		sr->r = nr;
	} else {
		trawl__bitmap_free(nr);
	}
	return TRAWL_OK;
}

trawl_err trawl__ix_search(const trawl__ixseg *segs, size_t nseg, const trawl__ixquery *q,
                           trawl__ixresult *res, trawl_diag *d)
{
	ctx c;
	segres *sres = NULL;
	uint64_t nunits = 0, ntokens = 0;
	double avgdl;
	heap hp;
	trawl_err rc = TRAWL_OK;
	size_t k;

	memset(res, 0, sizeof *res);
	memset(&c, 0, sizeof c);
	memset(&hp, 0, sizeof hp);
	c.segs = segs;
	c.nseg = nseg;
	c.d = d;
	if (collect(&c, q->root, 1)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	sres = calloc(nseg + 1, sizeof *sres);
	if (!sres || (q->want_docs && !(res->docs = roaring_bitmap_create()))) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (size_t si = 0; si < nseg; si++) {
		nunits += segs[si].live_units;
		ntokens += segs[si].live_tokens;
	}
	/* one phrase alone ranks units: where it occurs is enough at first
	 * (its occurrences are counted for the units that may be in the top k
	 * only: topk_phrase) */
	{
		int nscoring = 0, only = -1;
		for (int i = 0; i < c.nph; i++)
			if (c.ph[i].scoring) {
				nscoring++;
				only = i;
			}
		if (!trawl__ix_exhaustive && nscoring == 1 && c.ph[only].nred > 1 &&
		    (c.ph[only].node == q->root ||
		     (q->root->type == TRAWL__Q_AND && q->root->nkids == 1 &&
		      q->root->kids[0] == c.ph[only].node)))
			c.ph[only].exists = 1;
	}
	/* every phrase in every segment: the idf counts the whole index */
	for (int i = 0; i < c.nph && !rc; i++)
		for (size_t si = 0; si < nseg && !rc; si++) {
			pres *r = &c.ph[i].per[si];
			if ((rc = eval_phrase(&c, &c.ph[i], si)))
				break;
			c.ph[i].n += segs[si].dead ? roaring_bitmap_andnot_cardinality(r->r, segs[si].dead)
			                           : roaring_bitmap_get_cardinality(r->r);
		}
	if (rc)
		goto out;
	for (int i = 0; i < c.nph; i++)
		c.ph[i].idf = idf_of(nunits, c.ph[i].n);
	for (size_t si = 0; si < nseg && !rc; si++) {
		sres[si].r = eval_node(&c, q->root, si, &sres[si].se);
		if (!sres[si].r) {
			rc = c.rc ? c.rc : TRAWL_ENOMEM;
			break;
		}
		if (segs[si].dead)
			roaring_bitmap_andnot_inplace(sres[si].r, segs[si].dead);
		rc = map_docs(&segs[si], q, &sres[si], &res->hits, &res->documents, res->docs);
	}
	if (rc)
		goto out;
	k = q->limit ? q->offset + q->limit : 0;
	if (k < q->offset)
		k = SIZE_MAX;
	if (k > (q->files ? res->documents : res->hits))
		k = (size_t)(q->files ? res->documents : res->hits);
	hp.k = k;
	avgdl = nunits ? (double)ntokens / (double)nunits : 1.0;
	if (avgdl <= 0)
		avgdl = 1.0;
	if (k) {
		int nscoring = 0, only = -1;
		for (int i = 0; i < c.nph; i++)
			if (c.ph[i].scoring) {
				nscoring++;
				only = i;
			}
		/* one phrase of several tokens ranks: bounds, then counts */
		if (only >= 0 && c.ph[only].exists) {
			rc = topk_phrase(&c, &c.ph[only], sres, avgdl, q->files, &hp, &res->scored);
		/* one phrase ranks and one token decides it everywhere: blocks */
		} else if (!q->files && !trawl__ix_exhaustive && nscoring == 1 &&
		    (c.ph[only].node == q->root ||
		     (q->root->type == TRAWL__Q_AND && q->root->nkids == 1 &&
		      q->root->kids[0] == c.ph[only].node))) {
			int single = 1;
			for (size_t si = 0; si < nseg; si++)
				if (!c.ph[only].per[si].single && !roaring_bitmap_is_empty(sres[si].r))
					single = 0;
			if (single && res->hits > trawl__ix_all_hits)
				rc = topk_blocks(&c, &c.ph[only], sres, avgdl, &hp, &res->scored);
			else if (!single && trawl__ix_window && res->hits > trawl__ix_all_hits)
				rc = topk_windows(&c, sres, avgdl, 0, &hp, &res->scored);
			else
				rc = topk_all(&c, sres, avgdl, 0, &hp, &res->scored);
		/* any other query (OR, AND, NEAR, --files): windows of units when
		 * switched on, unless so few units match that bounds cost more
		 * than scores */
		} else if (!trawl__ix_exhaustive && trawl__ix_window &&
		           res->hits > trawl__ix_all_hits) {
			rc = topk_windows(&c, sres, avgdl, q->files, &hp, &res->scored);
		} else {
			rc = topk_all(&c, sres, avgdl, q->files, &hp, &res->scored);
		}
		if (rc)
			goto out;
		qsort(hp.h, hp.n, sizeof *hp.h, cmp_hits);
		if (hp.n > q->offset) {
			res->ntop = hp.n - q->offset;
			res->top = trawl__mallocn(res->ntop, sizeof *res->top);
			if (!res->top) {
				rc = TRAWL_ENOMEM;
				goto out;
			}
			memcpy(res->top, hp.h + q->offset, res->ntop * sizeof *res->top);
		}
	}
out:
	if (rc) {
		if (rc == TRAWL_ENOMEM && d && !d->msg[0])
			trawl__diag_set(d, NULL, "searching the index: out of memory");
		trawl__ixresult_release(res);
	}
	for (size_t si = 0; sres && si < nseg; si++) {
		trawl__bitmap_free(sres[si].r);
		for (int k2 = 0; k2 < sres[si].se.nnear; k2++)
			nearres_free(&sres[si].se.near[k2]);
		free(sres[si].se.near);
	}
	free(sres);
	for (int i = 0; i < c.nph; i++)
		phrase_free(&c.ph[i], nseg);
	free(c.ph);
	free(hp.h);
	return rc;
}
