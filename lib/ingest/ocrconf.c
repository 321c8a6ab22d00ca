#include <stdio.h>
#include <string.h>
#include "ingest/ocrconf.h"
#include "facts/extract.h"
#include "trawl/trawl.h"
#include "util/banned.h"

float trawl__ocr_words_min(const trawl__unit *u, uint32_t start, uint32_t end)
{
	const trawl__wconf *w = u->wconf.items;
	size_t lo = 0, hi = u->wconf.n;
	float m = -1;

	/* the first word ending after start */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (w[mid].end <= start)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < u->wconf.n && w[i].start < end; i++)
		if (w[i].end > start && (m < 0 || w[i].conf < m))
			m = w[i].conf;
	return m;
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
		char head[48];
		float c;
		int conf, hn;
		size_t off, ol;
		if (f->unit >= d->units.n)
			continue;
		u = TRAWL_VEC_AT(&d->units, trawl__unit *, f->unit);
		if (!u->ocr)
			continue;
		c = trawl__ocr_words_min(u, f->start, f->end);
		if (c < 0)
			c = u->ocr_conf;
		conf = c <= 0 ? 0 : c >= 100 ? 100 : (int)c;
		hn = snprintf(head, sizeof head, TRAWL__OCR_CONF_KEY "%d%s", conf,
		              f->guessed ? "," TRAWL__OCR_GUESS_KEY : "");
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

int trawl__ocr_attrs_conf(const char *attrs, int *conf, int *guess, const char **rest)
{
	size_t kl = sizeof TRAWL__OCR_CONF_KEY - 1, gl = sizeof TRAWL__OCR_GUESS_KEY - 1;
	const char *p;
	int v = 0, digits = 0;

	if (!attrs || strncmp(attrs, TRAWL__OCR_CONF_KEY, kl))
		return 0;
	for (p = attrs + kl; *p >= '0' && *p <= '9' && digits < 3; p++, digits++)
		v = v * 10 + (*p - '0');
	if (!digits || v > 100 || (*p != '}' && *p != ','))
		return 0;
	*conf = v;
	*guess = 0;
	if (*p == ',' && !strncmp(p + 1, TRAWL__OCR_GUESS_KEY, gl) &&
	    (p[1 + gl] == '}' || p[1 + gl] == ',')) {
		*guess = 1;
		p += 1 + gl;
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
	int conf = 100, aconf, g, guess = 0;
	const char *rest;

	if (!m->amount[0] || !m->amount_fact || m->amount_fact > d->facts.n)
		return;
	af = &TRAWL_VEC_AT(&d->facts, trawl__dfact, m->amount_fact - 1);
	if (trawl__ocr_attrs_conf(trawl__dfact_str(d, af, TRAWL__FS_ATTRS), &aconf, &g, &rest) &&
	    (aconf < TRAWL_OCR_UNSURE || g)) {
		bad = af;
		conf = aconf;
		guess = aconf >= TRAWL_OCR_UNSURE;
	} else if (strcmp(trawl__dfact_str(d, af, TRAWL__FS_VALUE), m->amount)) {
		for (size_t k = 0; k < d->facts.n && !bad; k++) {
			const trawl__dfact *f = &TRAWL_VEC_AT(&d->facts, trawl__dfact, k);
			if ((f->kind == TRAWL__F_MONEY || f->kind == TRAWL__F_ITEM) &&
			    trawl__ocr_attrs_conf(trawl__dfact_str(d, f, TRAWL__FS_ATTRS), &aconf,
			                          &g, &rest) && (aconf < TRAWL_OCR_UNSURE || g)) {
				bad = f;
				conf = aconf;
				guess = aconf >= TRAWL_OCR_UNSURE;
			}
		}
	}
	if (!bad)
		return;
	{
		const trawl__unit *u = bad->unit < d->units.n
			? TRAWL_VEC_AT(&d->units, trawl__unit *, bad->unit) : NULL;
		if (guess)
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
