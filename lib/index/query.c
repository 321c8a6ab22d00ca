#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "index/query.h"
#include "index/tokenize.h"
#include "text/text.h"
#include "facts/docmeta.h"
#include "ingest/reader.h"
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
	int was_filter;   /* the last atom parsed was a field:value filter */
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
	/* a list cut short would search fewer places than asked for */
	q->place_codes = trawl__buf_detach(&b, NULL);
	if (!q->place_codes)
		ps->rc = TRAWL_ENOMEM;
	return 1;
}

/* The query language's fields: what `trawl help search`, the manual and
 * the shell completions list (trawl_query_field_at). */
static const trawl_query_field fields[] = {
	{ "type", "FORMAT", "the file's format" },
	{ "year", "YEAR", "the document's year, or a range (year:2022..2024): its fiscal "
	  "year, else its publication date, else a year in its title or file name" },
	{ "path", "TEXT", "a path it was seen at holds this text" },
	{ "kind", "KIND", "the document's kind (or 预算, 决算, 招标, 中标, 合同, 价格, 招聘, 通知)" },
	{ "place", "PLACE", "the document's place is this division or lies in it (place:吉林 "
	  "finds 长春市 too); a number is a division code prefix" },
	{ "amount", "CMP", "it holds an amount in yuan that compares so: amount:>=1000000, "
	  "amount:>100万, amount:<1亿; in another currency with its code: amount:>=1000000USD" },
	{ "vendor", "NAME", "a vendor whose name holds this text" },
	{ "buyer", "NAME", "a buyer whose name holds this text" },
	{ "agency", "NAME", "an issuer, buyer or procurement agency whose name holds this text" },
};

const trawl_query_field *trawl_query_field_at(size_t i)
{
	return i < sizeof fields / sizeof fields[0] ? &fields[i] : NULL;
}

const char *trawl_query_field_value(const char *field, size_t i)
{
	size_t k;

	if (!field)
		return NULL;
	if (!strcmp(field, "type"))
		return trawl__reader_name(i);
	if (!strcmp(field, "kind")) {
		for (k = 0; k < i && trawl__doc_kinds[k]; k++)
			;
		return trawl__doc_kinds[k];
	}
	return NULL;
}

/* "a, b, c" of a field's values, for a message. */
static void values_list(const char *field, char *out, size_t n)
{
	size_t i, at = 0;
	const char *v;

	out[0] = '\0';
	for (i = 0; (v = trawl_query_field_value(field, i)) && at < n; i++) {
		int w = snprintf(out + at, n - at, "%s%s", i ? ", " : "", v);
		if (w < 0)
			break;
		at += (size_t)w;
	}
}

/* A word that names a field: ASCII letters, a colon, a value. 12:30,
 * 单位:万元 and "NOTE:" are words. */
static int field_word(const char *w, size_t n, size_t *name_len)
{
	size_t i;

	for (i = 0; i < n && i < 32 && isalpha((unsigned char)w[i]); i++)
		;
	if (!i || i >= n - 1 || w[i] != ':')
		return 0;
	*name_len = i;
	return 1;
}

static int unknown_field(parser *ps, const char *w, size_t n, size_t name_len)
{
	char names[256];
	size_t i, at = 0;

	for (i = 0; i < sizeof fields / sizeof fields[0] && at < sizeof names; i++) {
		int k = snprintf(names + at, sizeof names - at, "%s%s:", i ? ", " : "", fields[i].name);
		if (k < 0)
			break;
		at += (size_t)k;
	}
	trawl__diag_set(ps->d, "", "no field %.*s: in a query (fields: %s); to search for the "
	                "text itself, quote it: \"%.*s\"", (int)name_len, w, names, (int)n, w);
	ps->rc = TRAWL_EUSAGE;
	return 1;
}

/* w..e is a field:value word: it sets a filter of q (1), or is an error
 * (1, ps->rc set); 0 when it is no field but a word to search for. */
static int filter(parser *ps, trawl__query *q, const char *w, const char *e)
{
	size_t n = (size_t)(e - w), nl;
	char name[33];

	if (!field_word(w, n, &nl))
		return 0;
	for (size_t i = 0; i < nl; i++)
		name[i] = (char)tolower((unsigned char)w[i]);
	name[nl] = '\0';
	w += nl + 1;
	n -= nl + 1;
	if (!strcmp(name, "type")) {
		char vals[256];
		size_t i;
		free(q->type);
		q->type = trawl__strndup(w, n);
		if (!q->type) {
			ps->rc = TRAWL_ENOMEM;
			return 1;
		}
		for (char *c = q->type; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		for (i = 0; trawl_query_field_value("type", i); i++)
			if (!strcmp(q->type, trawl_query_field_value("type", i)))
				return 1;
		values_list("type", vals, sizeof vals);
		trawl__diag_set(ps->d, "", "no format %s: type: takes %s", q->type, vals);
		ps->rc = TRAWL_EUSAGE;
		return 1;
	}
	if (!strcmp(name, "kind")) {
		const char *k;
		free(q->kind);
		q->kind = trawl__strndup(w, n);
		k = q->kind ? trawl__kind_name(q->kind) : NULL;
		if (q->kind && !k) {
			char vals[256];
			values_list("kind", vals, sizeof vals);
			trawl__diag_set(ps->d, "", "no kind %s: kind: takes %s (or 预算, 决算, 招标, "
			                "中标, 合同, 价格, 招聘, 发票, 通知)", q->kind, vals);
			ps->rc = TRAWL_EUSAGE;
		} else if (k) {
			free(q->kind);
			if (!(q->kind = trawl__strdup(k)))
				ps->rc = TRAWL_ENOMEM;
		} else {
			ps->rc = TRAWL_ENOMEM;
		}
		return 1;
	}
	if (!strcmp(name, "place")) {
		free(q->place);
		q->place = trawl__strndup(w, n);
		return place_filter(ps, q);
	}
	if (!strcmp(name, "path") || !strcmp(name, "vendor") || !strcmp(name, "buyer") ||
	    !strcmp(name, "agency")) {
		char **dst = name[0] == 'p' ? &q->path : name[0] == 'v' ? &q->vendor :
		             name[0] == 'b' ? &q->buyer : &q->agency;
		free(*dst);
		if (!(*dst = trawl__strndup(w, n)))
			ps->rc = TRAWL_ENOMEM;
		return 1;
	}
	if (!strcmp(name, "amount"))
		return amount_filter(ps, q, w - 7, n + 7);
	if (!strcmp(name, "year")) {
		char buf[32], *end, *end2;
		long lo, hi;
		snprintf(buf, sizeof buf, "%.*s", (int)n, w);
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
	return unknown_field(ps, w - nl - 1, n + nl + 1, nl);
}

static trawl__qnode *parse_atom(parser *ps, trawl__query *q)
{
	const char *s, *e;

	ps->was_filter = 0;
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
			/* a quoted phrase took the ')' found above: NEAR("a)" b */
			if (!*ps->p) {
				trawl__diag_set(ps->d, "", "NEAR( is not closed");
				ps->rc = TRAWL_EUSAGE;
				break;
			}
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
	if (filter(ps, q, s, e)) {
		ps->was_filter = 1;
		return NULL;
	}
	return term(ps, s, (size_t)(e - s));
}

/* A filter holds for the whole query wherever it stands, so "a OR kind:award"
 * or "-type:pdf" would not do what they say: they are errors. */
static void filter_misplaced(parser *ps, const char *how)
{
	trawl__diag_set(ps->d, "", "a filter (kind:, type:, year: ...) applies to the whole "
	                "query: it can't %s", how);
	ps->rc = TRAWL_EUSAGE;
}

static trawl__qnode *parse_or(parser *ps)
{
	trawl__qnode *a = parse_atom(ps, ps->q), *o = NULL;
	int a_filter = ps->was_filter;

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
		if (!ps->rc && (a_filter || ps->was_filter))
			filter_misplaced(ps, "be a side of OR (run one search for each)");
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
		if (neg && ps->was_filter && !ps->rc)
			filter_misplaced(ps, "be excluded with - or NOT");
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
	parser ps = { out, NULL, d, TRAWL_OK, 0, 0 };
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
