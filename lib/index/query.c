#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "index/query.h"
#include "index/tokenize.h"
#include "text/text.h"
#include "facts/docmeta.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/alloc.h"
#include "util/banned.h"

typedef struct parser {
	trawl__query *q;  /* filters met at any depth land here */
	const char *p;
	trawl_diag *d;
	trawl_err rc;
	int depth;
} parser;

static void node_free(trawl__qnode *n)
{
	int i;

	if (!n)
		return;
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	for (i = 0; i < n->nnots; i++)
		node_free(n->nots[i]);
	free(n->kids);
	free(n->nots);
	free(n->text);
	free(n);
}

static trawl__qnode *node_new(parser *ps, trawl__qtype t)
{
	trawl__qnode *n = calloc(1, sizeof *n);
	if (!n)
		ps->rc = TRAWL_ENOMEM;
	else
		n->type = t;
	return n;
}

static int add_kid(parser *ps, trawl__qnode ***arr, int *n, trawl__qnode *k)
{
	trawl__qnode **a = trawl__reallocn(*arr, (size_t)*n + 1, sizeof **arr);
	if (!a) {
		ps->rc = TRAWL_ENOMEM;
		node_free(k);
		return -1;
	}
	a[(*n)++] = k;
	*arr = a;
	return 0;
}

static int count_tok(void *u, int colocated, const char *t, int n, int s, int e)
{
	(void)t; (void)n; (void)s; (void)e;
	if (!colocated)
		(*(int *)u)++;
	return 0;
}

static void skip_ws(parser *ps)
{
	while (*ps->p && isspace((unsigned char)*ps->p))
		ps->p++;
}

/* A term from literal text; NULL (no error) when it has nothing searchable. */
static trawl__qnode *term(parser *ps, const char *s, size_t n)
{
	trawl__qnode *t;
	int ntok = 0;

	trawl__tokenize(s, (int)n, TRAWL__TOK_QUERY, count_tok, &ntok);
	if (!ntok)
		return NULL;
	t = node_new(ps, TRAWL__Q_TERM);
	if (t && !(t->text = trawl__strndup(s, n))) {
		ps->rc = TRAWL_ENOMEM;
		free(t);
		return NULL;
	}
	return t;
}

static int is_op(const char *p, const char *op)
{
	size_t n = strlen(op);
	return !strncmp(p, op, n) && (p[n] == '\0' || isspace((unsigned char)p[n]) || p[n] == '(' ||
	                              p[n] == '"');
}

static const char *word_end(const char *p)
{
	while (*p && !isspace((unsigned char)*p) && *p != '"' && *p != '(' && *p != ')')
		p++;
	return p;
}

static trawl__qnode *parse_and(parser *ps, int closing);

static int str_filter(const char *w, size_t n, const char *name, char **dst)
{
	size_t m = strlen(name);

	if (n <= m || strncmp(w, name, m))
		return 0;
	free(*dst);
	*dst = trawl__strndup(w + m, n - m);
	return 1;
}

#define ISALPHA(c) (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z')

/* amount:>=1000000, amount:>2.5万, amount:<1亿, amount:>=1000000USD */
static int amount_filter(parser *ps, trawl__query *q, const char *w, size_t n)
{
	char buf[64], *p = buf, *end;
	size_t k = 0;
	double v;

	snprintf(buf, sizeof buf, "%.*s", (int)(n - 7), w + 7);
	if (!strncmp(p, ">=", 2) || !strncmp(p, "<=", 2))
		k = 2;
	else if (*p == '>' || *p == '<' || *p == '=')
		k = 1;
	memcpy(q->amount_op, k ? p : "=", k ? k : 1);
	q->amount_op[k ? k : 1] = '\0';
	p += k;
	errno = 0;
	v = strtod(p, &end);
	if (errno || end == p) {
		trawl__diag_set(ps->d, "", "amount: takes a comparison and a number in yuan, e.g. "
		                "amount:>=1000000 or amount:>=100万");
		ps->rc = TRAWL_EUSAGE;
		return 1;
	}
	/* 万 and 亿, then 元 or a currency code: amount:>1万USD, amount:>=5000EUR */
	if (!strncmp(end, "万", 3)) {
		v *= 1e4;
		end += 3;
	} else if (!strncmp(end, "亿", 3)) {
		v *= 1e8;
		end += 3;
	}
	if (!strcmp(end, "元") || !*end) {
		snprintf(q->amount_cur, sizeof q->amount_cur, "CNY");
	} else if (strlen(end) == 3 && ISALPHA(end[0]) && ISALPHA(end[1]) && ISALPHA(end[2])) {
		for (k = 0; k < 3; k++)
			q->amount_cur[k] = (char)(end[k] & ~0x20);
		q->amount_cur[3] = '\0';
	} else {
		trawl__diag_set(ps->d, "", "amount: takes a number in yuan (or with 万/亿), or "
		                "followed by a currency code: amount:>=1000000USD");
		ps->rc = TRAWL_EUSAGE;
		return 1;
	}
	q->amount = v;
	return 1;
}

/* place:吉林 — the divisions so named (吉林省), as code prefixes: a
 * document placed in one of them or below matches. */
static int place_filter(parser *ps, trawl__query *q)
{
	int hits[32], k, i;
	trawl__buf b;

	if (!q->place) {
		ps->rc = TRAWL_ENOMEM;
		return 1;
	}
	k = trawl__place_lookup(q->place, strlen(q->place), hits, 32);
	if (!k && (hits[0] = trawl__place_resolve(q->place, strlen(q->place), NULL)) >= 0)
		k = 1;   /* a division code: 220000 */
	free(q->place_codes);
	q->place_codes = NULL;
	if (!k)
		return 1;
	trawl__buf_init(&b, 4096);
	trawl__buf_addc(&b, ',');
	for (i = 0; i < k && i < 32; i++) {
		char pre[8];
		trawl__place_prefix(hits[i], pre);
		trawl__buf_addf(&b, "%s,", pre);
	}
	if (!b.data) {
		ps->rc = TRAWL_ENOMEM;
		return 1;
	}
	q->place_codes = trawl__buf_detach(&b, NULL);
	return 1;
}

static int filter(parser *ps, trawl__query *q, const char *w, const char *e)
{
	size_t n = (size_t)(e - w);

	if (n > 5 && !strncmp(w, "type:", 5)) {
		free(q->type);
		q->type = trawl__strndup(w + 5, n - 5);
		for (char *c = q->type; c && *c; c++)
			*c = (char)tolower((unsigned char)*c);
		return 1;
	}
	if (str_filter(w, n, "kind:", &q->kind)) {
		const char *k = q->kind ? trawl__kind_name(q->kind) : NULL;
		if (q->kind && !k) {
			trawl__diag_set(ps->d, "", "kind: is one of budget, final_accounts, tender, "
			                "award, contract, price_list, job_ad, notice, other");
			ps->rc = TRAWL_EUSAGE;
		} else if (k) {
			free(q->kind);
			if (!(q->kind = trawl__strdup(k)))
				ps->rc = TRAWL_ENOMEM;
		}
		return 1;
	}
	if (str_filter(w, n, "place:", &q->place))
		return place_filter(ps, q);
	if (str_filter(w, n, "path:", &q->path) ||
	    str_filter(w, n, "vendor:", &q->vendor) || str_filter(w, n, "buyer:", &q->buyer) ||
	    str_filter(w, n, "agency:", &q->agency))
		return 1;
	if (n > 7 && !strncmp(w, "amount:", 7))
		return amount_filter(ps, q, w, n);
	if (n > 5 && !strncmp(w, "year:", 5)) {
		char buf[32], *end, *end2;
		long lo, hi;
		snprintf(buf, sizeof buf, "%.*s", (int)(n - 5), w + 5);
		errno = 0;
		lo = strtol(buf, &end, 10);
		hi = lo;
		if (!strncmp(end, "..", 2))
			hi = strtol(end + 2, &end2, 10), end = end2;
		if (errno || *end || end == buf || lo < 1000 || hi > 9999 || hi < lo) {
			trawl__diag_set(ps->d, "", "year: takes a year or a range, e.g. year:2024 or "
			                "year:2022..2024");
			ps->rc = TRAWL_EUSAGE;
			return 1;
		}
		q->year_lo = (int)lo;
		q->year_hi = (int)hi;
		return 1;
	}
	return 0;
}

static trawl__qnode *parse_atom(parser *ps, trawl__query *q)
{
	const char *s, *e;

	skip_ws(ps);
	if (*ps->p == '"') {
		s = ++ps->p;
		e = strchr(s, '"');
		if (!e) {
			trawl__diag_set(ps->d, "", "a quoted phrase is not closed");
			ps->rc = TRAWL_EUSAGE;
			return NULL;
		}
		ps->p = e + 1;
		return term(ps, s, (size_t)(e - s));
	}
	if (*ps->p == '(') {
		trawl__qnode *g;
		ps->p++;
		if (++ps->depth > 32) {
			trawl__diag_set(ps->d, "", "parentheses nested too deep");
			ps->rc = TRAWL_EUSAGE;
			return NULL;
		}
		g = parse_and(ps, 1);
		ps->depth--;
		skip_ws(ps);
		if (*ps->p != ')') {
			trawl__diag_set(ps->d, "", "a parenthesis is not closed");
			ps->rc = TRAWL_EUSAGE;
			node_free(g);
			return NULL;
		}
		ps->p++;
		return g;
	}
	if (!strncmp(ps->p, "NEAR(", 5)) {
		trawl__qnode *nr = node_new(ps, TRAWL__Q_NEAR);
		const char *close;
		if (!nr)
			return NULL;
		ps->p += 5;
		nr->near = 10;
		close = strchr(ps->p, ')');
		if (!close) {
			trawl__diag_set(ps->d, "", "NEAR( is not closed");
			ps->rc = TRAWL_EUSAGE;
			node_free(nr);
			return NULL;
		}
		while (!ps->rc) {
			skip_ws(ps);
			if (*ps->p == ')' ) { ps->p++; break; }
			if (*ps->p == ',') {
				char *end;
				long v = strtol(ps->p + 1, &end, 10);
				while (*end == ' ') end++;
				if (end == ps->p + 1 || *end != ')' || v < 0 || v > 10000) {
					trawl__diag_set(ps->d, "", "NEAR(a b, N) takes a distance N");
					ps->rc = TRAWL_EUSAGE;
					break;
				}
				nr->near = (int)v;
				ps->p = end + 1;
				break;
			}
			if (*ps->p == '"') {
				trawl__qnode *t = parse_atom(ps, q);
				if (t) add_kid(ps, &nr->kids, &nr->nkids, t);
				continue;
			}
			s = ps->p;
			while (*ps->p && !isspace((unsigned char)*ps->p) && *ps->p != ',' && *ps->p != ')')
				ps->p++;
			{
				trawl__qnode *t = term(ps, s, (size_t)(ps->p - s));
				if (t) add_kid(ps, &nr->kids, &nr->nkids, t);
			}
		}
		if (!ps->rc && nr->nkids < 2) {
			trawl__diag_set(ps->d, "", "NEAR needs at least two terms");
			ps->rc = TRAWL_EUSAGE;
		}
		if (ps->rc) {
			node_free(nr);
			return NULL;
		}
		return nr;
	}
	s = ps->p;
	e = word_end(s);
	ps->p = e;
	if (e == s)
		return NULL;
	if (filter(ps, q, s, e))
		return NULL;
	return term(ps, s, (size_t)(e - s));
}

static trawl__qnode *parse_or(parser *ps)
{
	trawl__qnode *a = parse_atom(ps, ps->q), *o = NULL;

	for (;;) {
		const char *save = ps->p;
		trawl__qnode *b;
		skip_ws(ps);
		if (!is_op(ps->p, "OR")) {
			ps->p = save;
			break;
		}
		ps->p += 2;
		b = parse_atom(ps, ps->q);
		if (ps->rc) {
			node_free(b);
			break;
		}
		if (!a) { a = b; continue; }
		if (!b) continue;
		if (!o) {
			o = node_new(ps, TRAWL__Q_OR);
			if (!o) { node_free(b); break; }
			add_kid(ps, &o->kids, &o->nkids, a);
			a = o;
		}
		add_kid(ps, &o->kids, &o->nkids, b);
	}
	return a;
}

static trawl__qnode *parse_and(parser *ps, int closing)
{
	trawl__qnode *and = node_new(ps, TRAWL__Q_AND), *r;

	if (!and)
		return NULL;
	while (!ps->rc) {
		int neg = 0;
		trawl__qnode *x;
		skip_ws(ps);
		if (!*ps->p || (closing && *ps->p == ')'))
			break;
		if (*ps->p == ')') {
			trawl__diag_set(ps->d, "", "a closing parenthesis has no opening one");
			ps->rc = TRAWL_EUSAGE;
			break;
		}
		if (*ps->p == '-' && ps->p[1] && !isspace((unsigned char)ps->p[1])) {
			neg = 1;
			ps->p++;
		} else if (is_op(ps->p, "NOT")) {
			neg = 1;
			ps->p += 3;
		} else if (is_op(ps->p, "AND")) {
			ps->p += 3;
			continue;
		}
		x = neg ? parse_atom(ps, ps->q) : parse_or(ps);
		if (!x)
			continue;
		if (neg)
			add_kid(ps, &and->nots, &and->nnots, x);
		else
			add_kid(ps, &and->kids, &and->nkids, x);
	}
	if (ps->rc) {
		node_free(and);
		return NULL;
	}
	if (and->nkids == 0 && and->nnots > 0) {
		trawl__diag_set(ps->d, "", "a query can't only exclude: add a term to search for");
		ps->rc = TRAWL_EUSAGE;
		node_free(and);
		return NULL;
	}
	if (and->nkids == 0) {
		node_free(and);
		return NULL;
	}
	if (and->nkids == 1 && and->nnots == 0) {
		r = and->kids[0];
		and->nkids = 0;
		node_free(and);
		return r;
	}
	return and;
}

trawl_err trawl__query_parse(const char *q, trawl__query *out, trawl_diag *d)
{
	parser ps = { out, NULL, d, TRAWL_OK, 0 };
	trawl__ntext nt;
	trawl_err rc;

	memset(out, 0, sizeof *out);
	ps.q = out;
	trawl__ntext_init(&nt, 1 << 20);
	if (!trawl__utf8_valid(q, strlen(q))) {
		trawl__diag_set(d, "", "the query is not valid UTF-8");
		trawl__ntext_release(&nt);
		return TRAWL_EUSAGE;
	}
	rc = trawl__ntext_add(&nt, q, strlen(q));
	if (rc) {
		trawl__ntext_release(&nt);
		return rc;
	}
	ps.p = nt.text.data;
	out->root = parse_and(&ps, 0);
	trawl__ntext_release(&nt);
	if (ps.rc) {
		trawl__query_release(out);
		return ps.rc;
	}
	if (!out->root && !out->type && !out->year_lo && !out->path && !out->kind &&
	    !out->amount_op[0] && !out->vendor && !out->buyer && !out->agency && !out->place) {
		trawl__diag_set(d, "", "nothing to search for");
		return TRAWL_EUSAGE;
	}
	return TRAWL_OK;
}

void trawl__query_release(trawl__query *q)
{
	node_free(q->root);
	free(q->type);
	free(q->path);
	free(q->kind);
	free(q->vendor);
	free(q->buyer);
	free(q->agency);
	free(q->place);
	free(q->place_codes);
	memset(q, 0, sizeof *q);
}
