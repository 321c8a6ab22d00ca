#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "index/snippet.h"
#include "index/tokenize.h"
#include "util/alloc.h"
#include "util/banned.h"

typedef struct cpv {
	uint32_t *cp;    /* folded code points */
	size_t *off;     /* byte offset of each in the source; off[n] = len */
	size_t n;
} cpv;

static uint32_t fold(uint32_t c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	if (trawl__is_cjk(c))
		return trawl__fold_t2s(c);
	{
		/* as the tokenizer folds Latin: case and accents (Café is cafe) */
		utf8proc_int32_t out[8];
		int last = 0;
		utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)c, out, 8,
		                                            UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
		                                            UTF8PROC_CASEFOLD, &last);
		if (n >= 1 && n <= 8)
			return (uint32_t)out[0];
	}
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)c);
}

static int decode(const char *s, size_t len, cpv *v)
{
	size_t i = 0;

	v->cp = trawl__mallocn(len + 1, sizeof *v->cp);
	v->off = trawl__mallocn(len + 1, sizeof *v->off);
	v->n = 0;
	if (!v->cp || !v->off)
		return -1;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		                                      (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) {
			c = 0xFFFD;
			k = 1;
		}
		v->cp[v->n] = fold((uint32_t)c);
		v->off[v->n++] = i;
		i += (size_t)k;
	}
	v->off[v->n] = len;
	return 0;
}

static void cpv_free(cpv *v)
{
	free(v->cp);
	free(v->off);
}

/* Pieces of a term: runs of word or CJK characters (a quoted phrase is
 * matched token by token, so its separators don't count). */
typedef struct piece {
	uint32_t *cp;
	size_t n;
} piece;

static void ungroup_piece(piece *p);

/* Returns -1 when out of memory: a snippet without some of its pieces
 * would mark the wrong place. */
static int add_pieces(const trawl__qnode *q, piece **ps, size_t *np)
{
	int i;

	if (!q)
		return 0;
	if (q->type == TRAWL__Q_TERM) {
		cpv v;
		size_t a = 0, b;
		if (decode(q->text, strlen(q->text), &v)) {
			cpv_free(&v);
			return -1;
		}
		while (a < v.n) {
			while (a < v.n && !trawl__is_cjk(v.cp[a]) && !trawl__is_wordchar(v.cp[a]))
				a++;
			b = a;
			while (b < v.n && (trawl__is_cjk(v.cp[b]) || trawl__is_wordchar(v.cp[b]) ||
			                   ((v.cp[b] == '.' || v.cp[b] == ',') && b > a)))
				b++;
			if (b > a) {
				piece *np2 = trawl__reallocn(*ps, (size_t)*np + 1, sizeof **ps);
				uint32_t *c = trawl__mallocn((size_t)(b - a), sizeof *c);
				if (np2)
					*ps = np2;
				if (np2 && c) {
					memcpy(c, v.cp + a, sizeof *c * (b - a));
					(*ps)[*np].cp = c;
					(*ps)[*np].n = b - a;
					ungroup_piece(&(*ps)[(*np)++]);
				} else {
					free(c);
					cpv_free(&v);
					return -1;
				}
			}
			a = b;
		}
		cpv_free(&v);
		return 0;
	}
	for (i = 0; i < q->nkids; i++)
		if (add_pieces(q->kids[i], ps, np))
			return -1;
	return 0;
}

static int dig(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* As the tokenizer reads 1,234,835.69 as 1234835.69 (tokenize.c), a piece
 * that is a number grouped by threes loses its commas, and the text's
 * commas between digits are skipped while matching. */
static void ungroup_piece(piece *p)
{
	size_t i = 0, lead, o;

	while (i < p->n && dig(p->cp[i]))
		i++;
	lead = i;
	if (lead < 1 || lead > 3 || i >= p->n || p->cp[i] != ',')
		return;
	while (i < p->n && p->cp[i] == ',') {
		if (i + 3 >= p->n || !dig(p->cp[i + 1]) || !dig(p->cp[i + 2]) || !dig(p->cp[i + 3]))
			return;
		i += 4;
		if (i < p->n && dig(p->cp[i]))
			return;
	}
	if (i < p->n) {
		if (p->cp[i] != '.' || i + 1 >= p->n)
			return;
		for (i++; i < p->n; i++)
			if (!dig(p->cp[i]))
				return;
	}
	for (i = o = 0; i < p->n; i++)
		if (p->cp[i] != ',')
			p->cp[o++] = p->cp[i];
	p->n = o;
}

/* Whether the comma at k separates groups of a number grouped by threes:
 * 1 to 3 digits before it (since the last comma), 3 after it. */
static int grouping_comma(const cpv *t, size_t k)
{
	size_t b = 0;

	while (b < k && dig(t->cp[k - 1 - b]))
		b++;
	if (b < 1 || b > 3 || k + 3 >= t->n + 0 || !dig(t->cp[k + 1]) || !dig(t->cp[k + 2]) ||
	    !dig(t->cp[k + 3]))
		return 0;
	return k + 4 >= t->n || !dig(t->cp[k + 4]);
}

/* Length in the text of piece p matching at position i, or 0. */
static size_t match_one(const cpv *t, size_t i, const piece *p)
{
	size_t j = 0, k = i;

	while (j < p->n) {
		if (k < t->n && t->cp[k] == p->cp[j]) {
			j++;
			k++;
		} else if (k < t->n && t->cp[k] == ',' && j > 0 && dig(p->cp[j - 1]) &&
		           dig(p->cp[j]) && k > i && grouping_comma(t, k)) {
			k++;
		} else {
			return 0;
		}
	}
	return k - i;
}

/* Length of the longest piece matching at position i of the text, or 0. */
static size_t match_at(const cpv *t, size_t i, const piece *ps, size_t np)
{
	size_t best = 0;

	for (size_t k = 0; k < np; k++) {
		size_t m;
		if (ps[k].n && t->cp[i] == ps[k].cp[0] && (m = match_one(t, i, &ps[k])) > best)
			best = m;
	}
	return best;
}

trawl_err trawl__snippet(const char *text, size_t len, const trawl__qnode *q, int width,
                         trawl__buf *out)
{
	cpv t;
	piece *ps = NULL;
	size_t np = 0, i, first = (size_t)-1, from, to;
	trawl_err rc = TRAWL_OK;

	if (decode(text, len, &t)) {
		cpv_free(&t);
		return TRAWL_ENOMEM;
	}
	if (add_pieces(q, &ps, &np)) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (i = 0; i < t.n && first == (size_t)-1; i++)
		if (match_at(&t, i, ps, np))
			first = i;
	if (first == (size_t)-1)
		first = 0;
	from = first > (size_t)width / 3 ? first - (size_t)width / 3 : 0;
	to = from + (size_t)width < t.n ? from + (size_t)width : t.n;
	if (from > 0)
		rc = trawl__buf_adds(out, "…");
	for (i = from; i < to && !rc; ) {
		size_t m = match_at(&t, i, ps, np);
		if (m) {
			size_t end = i + m;
			trawl__buf_addc(out, '\x01');
			trawl__buf_add(out, text + t.off[i], t.off[end] - t.off[i]);
			rc = trawl__buf_addc(out, '\x02');
			i = end;
			if (to < i)
				to = i;
		} else {
			rc = trawl__buf_add(out, text + t.off[i], t.off[i + 1] - t.off[i]);
			i++;
		}
	}
	if (!rc && to < t.n)
		rc = trawl__buf_adds(out, "…");
out:
	for (i = 0; i < np; i++)
		free(ps[i].cp);
	free(ps);
	cpv_free(&t);
	return rc;
}

trawl_err trawl__match_ranges(const char *text, size_t len, const trawl__qnode *q,
                              int (*cb)(size_t start, size_t end, void *), void *u)
{
	cpv t;
	piece *ps = NULL;
	size_t np = 0, i = 0;

	if (decode(text, len, &t)) {
		cpv_free(&t);
		return TRAWL_ENOMEM;
	}
	add_pieces(q, &ps, &np);
	while (np && i < t.n) {
		size_t m = match_at(&t, i, ps, np);
		if (!m) {
			i++;
			continue;
		}
		if (cb(t.off[i], t.off[i + m], u))
			break;
		i += m;
	}
	for (i = 0; i < np; i++)
		free(ps[i].cp);
	free(ps);
	cpv_free(&t);
	return TRAWL_OK;
}
