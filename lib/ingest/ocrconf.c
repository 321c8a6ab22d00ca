#include <stdio.h>
#include <string.h>
#include "ingest/ocrconf.h"
#include "facts/extract.h"
#include "trawl/trawl.h"
#include "util/banned.h"

/* The index of u's first word ending after pos (u's words are in order and
 * do not overlap); u->wconf.n when there is none. */
static size_t first_word_after(const trawl__unit *u, uint32_t pos)
{
	const trawl__wconf *w = u->wconf.items;
	size_t lo = 0, hi = u->wconf.n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

float trawl__ocr_words_min(const trawl__unit *u, uint32_t start, uint32_t end)
{
	const trawl__wconf *w = u->wconf.items;
	float m = -1;

	for (size_t i = first_word_after(u, start); i < u->wconf.n && w[i].start < end; i++)
		if (w[i].end > start && (m < 0 || w[i].conf < m))
			m = w[i].conf;
	return m;
}

/* The lowest confidence below TRAWL_OCR_UNSURE of a word of u glued to
 * [start, end): one ending where it starts or starting where it ends, with
 * no blank between; -1 when there is none. */
static float glued_min(const trawl__unit *u, uint32_t start, uint32_t end)
{
	const trawl__wconf *w = u->wconf.items;
	size_t lo = first_word_after(u, start), i;
	float m = -1;

	if (lo > 0 && w[lo - 1].end == start && w[lo - 1].start < start &&
	    w[lo - 1].conf < TRAWL_OCR_UNSURE)
		m = w[lo - 1].conf;
	for (i = lo; i < u->wconf.n && w[i].start < end; i++)
		;
	if (i < u->wconf.n && w[i].start == end && w[i].end > end &&
	    w[i].conf < TRAWL_OCR_UNSURE && (m < 0 || w[i].conf < m))
		m = w[i].conf;
	return m;
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

int trawl__ocr_split_figure(const char *t, size_t n, uint32_t start, uint32_t end)
{
	size_t ds = start, de = end, p;
	int blanks;

	if (end > n)
		return 0;
	while (ds < end && !digit(t[ds]))
		ds++;
	while (de > ds && !digit(t[de - 1]))
		de--;
	if (ds >= de)
		return 0;
	for (p = de, blanks = 0; p < n && t[p] == ' ' && blanks < 4; p++, blanks++)
		;
	if (blanks && p < n &&
	    (digit(t[p]) || ((t[p] == ',' || t[p] == '.') && p + 1 < n && digit(t[p + 1]))))
		return 1;
	for (p = ds, blanks = 0; p > 0 && t[p - 1] == ' ' && blanks < 4; p--, blanks++)
		;
	return blanks && p > 0 &&
	       (digit(t[p - 1]) || ((t[p - 1] == ',' || t[p - 1] == '.') && p >= 2 &&
	                            digit(t[p - 2])));
}

trawl_err trawl__ocr_fact_confs(trawl__doc *d)
{
	trawl__buf *pool = &d->fstrings;
	int any = 0;

	for (size_t i = 0; i < d->units.n; i++)
		any |= TRAWL_VEC_AT(&d->units, trawl__unit *, i)->ocr;
	if (!any)
		return TRAWL_OK;
	for (size_t i = 0; i < d->facts.n; i++) {
		trawl__dfact *f = &TRAWL_VEC_AT(&d->facts, trawl__dfact, i);
		const trawl__unit *u;
		const char *old;
		char head[64];
		float c, g;
		int conf, hn, figure, split = 0;
		size_t off, ol;
		if (f->unit >= d->units.n)
			continue;
		u = TRAWL_VEC_AT(&d->units, trawl__unit *, f->unit);
		if (!u->ocr)
			continue;
		c = trawl__ocr_words_min(u, f->start, f->end);
		if (c < 0)
			c = u->ocr_conf;
		figure = f->kind == TRAWL__F_MONEY || f->kind == TRAWL__F_ITEM ||
		         f->kind == TRAWL__F_QUANTITY;
		if (figure) {
			if ((g = glued_min(u, f->start, f->end)) >= 0 && g < c)
				c = g;
			split = trawl__ocr_split_figure(u->nt.text.data, u->nt.text.len, f->start, f->end);
		}
		conf = c <= 0 ? 0 : c >= 100 ? 100 : (int)c;
		hn = snprintf(head, sizeof head, TRAWL__OCR_CONF_KEY "%d%s%s", conf,
		              f->guessed ? "," TRAWL__OCR_GUESS_KEY : "",
		              split ? "," TRAWL__OCR_SPLIT_KEY : "");
		ol = strlen(trawl__dfact_str(d, f, TRAWL__FS_ATTRS));
		off = pool->len;
		/* room first: the old attrs are in the pool that grows */
		if (off >= UINT32_MAX - ol - sizeof head - 2 ||
		    trawl__buf_grow(pool, (size_t)hn + ol + 2))
			return TRAWL_ENOMEM;
		old = trawl__dfact_str(d, f, TRAWL__FS_ATTRS);
		if (trawl__buf_add(pool, head, (size_t)hn) ||
		    (old[0] == '{' && old[1] && old[1] != '}'
		     ? trawl__buf_addc(pool, ',') || trawl__buf_add(pool, old + 1, ol)
		     : trawl__buf_add(pool, "}", 2)))
			return TRAWL_ENOMEM;
		f->str[TRAWL__FS_ATTRS] = (uint32_t)off + 1;
	}
	return TRAWL_OK;
}

/* The mark key at p (after its ','), if it is one, ended by '}' or ','. */
static int mark_at(const char *p, const char *key, size_t kl)
{
	return !strncmp(p, key, kl) && (p[kl] == '}' || p[kl] == ',');
}

int trawl__ocr_attrs_conf(const char *attrs, int *conf, int *marks, const char **rest)
{
	size_t kl = sizeof TRAWL__OCR_CONF_KEY - 1, gl = sizeof TRAWL__OCR_GUESS_KEY - 1,
	       sl = sizeof TRAWL__OCR_SPLIT_KEY - 1;
	const char *p;
	int v = 0, digits = 0;

	if (!attrs || strncmp(attrs, TRAWL__OCR_CONF_KEY, kl))
		return 0;
	for (p = attrs + kl; *p >= '0' && *p <= '9' && digits < 3; p++, digits++)
		v = v * 10 + (*p - '0');
	if (!digits || v > 100 || (*p != '}' && *p != ','))
		return 0;
	*conf = v;
	*marks = 0;
	if (*p == ',' && mark_at(p + 1, TRAWL__OCR_GUESS_KEY, gl)) {
		*marks |= TRAWL__OCR_MARK_GUESS;
		p += 1 + gl;
	}
	if (*p == ',' && mark_at(p + 1, TRAWL__OCR_SPLIT_KEY, sl)) {
		*marks |= TRAWL__OCR_MARK_SPLIT;
		p += 1 + sl;
	}
	*rest = *p == ',' ? p + 1 : NULL;
	return 1;
}

/* A document's own amount is what reports add up: it is never one read
 * by OCR from words of low confidence (ingest/ocrconf.h), nor a sum of
 * rows when any money figure of the document is so read (which rows a
 * sum took is not kept). The document then has no amount, and a warning
 * says which figure to check. */
void trawl__ocr_unsure_amount(trawl__docset *s, const trawl__doc *d, trawl__docmeta *m)
{
	const trawl__dfact *af, *bad = NULL;
	int conf = 100, aconf, g, why = 0;
	const char *rest;

	if (!m->amount[0] || !m->amount_fact || m->amount_fact > d->facts.n)
		return;
	af = &TRAWL_VEC_AT(&d->facts, trawl__dfact, m->amount_fact - 1);
	if (trawl__ocr_attrs_conf(trawl__dfact_str(d, af, TRAWL__FS_ATTRS), &aconf, &g, &rest) &&
	    (aconf < TRAWL_OCR_UNSURE || g)) {
		bad = af;
		conf = aconf;
		why = aconf >= TRAWL_OCR_UNSURE ? g : 0;
	} else if (strcmp(trawl__dfact_str(d, af, TRAWL__FS_VALUE), m->amount)) {
		for (size_t k = 0; k < d->facts.n && !bad; k++) {
			const trawl__dfact *f = &TRAWL_VEC_AT(&d->facts, trawl__dfact, k);
			if ((f->kind == TRAWL__F_MONEY || f->kind == TRAWL__F_ITEM) &&
			    trawl__ocr_attrs_conf(trawl__dfact_str(d, f, TRAWL__FS_ATTRS), &aconf,
			                          &g, &rest) && (aconf < TRAWL_OCR_UNSURE || g)) {
				bad = f;
				conf = aconf;
				why = aconf >= TRAWL_OCR_UNSURE ? g : 0;
			}
		}
	}
	if (!bad)
		return;
	{
		const trawl__unit *u = bad->unit < d->units.n
			? TRAWL_VEC_AT(&d->units, trawl__unit *, bad->unit) : NULL;
		if (why & TRAWL__OCR_MARK_SPLIT)
			trawl__docset_warn(s, "%s %d: the figure %s was read by OCR with another "
			                   "piece of a number beside it (OCR may have split one "
			                   "figure in two): the document is given no amount of its "
			                   "own; check it against the page",
			                   u ? u->kind : "unit", u ? u->number : 0,
			                   trawl__dfact_str(d, bad, TRAWL__FS_VALUE));
		else if (why)
			trawl__docset_warn(s, "%s %d: the figure %s was read by OCR in a table column "
			                   "whose header was not read (that it is money, and its "
			                   "unit, are judged from the figures alone): the document "
			                   "is given no amount of its own; check it against the page",
			                   u ? u->kind : "unit", u ? u->number : 0,
			                   trawl__dfact_str(d, bad, TRAWL__FS_VALUE));
		else
			trawl__docset_warn(s, "%s %d: the figure %s was read by OCR with low "
			                   "confidence (%d%%): the document is given no amount of "
			                   "its own; check it against the page", u ? u->kind : "unit",
			                   u ? u->number : 0, trawl__dfact_str(d, bad, TRAWL__FS_VALUE),
			                   conf);
	}
	m->amount[0] = '\0';
	m->currency[0] = '\0';
	m->amount_src = NULL;
	m->amount_fact = 0;
}
