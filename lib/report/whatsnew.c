/* What is new, year by year: the projects, performance targets
 * (indicators), vendors and places of a report's documents that appear in
 * a year and in no earlier year, each with the text it was read from.
 *
 * Every mention is keyed as trawl diff keys it (a project by its name, an
 * indicator by its project and name, normalized; a vendor by its name
 * after the aliases; a place by its division); a key's year is the
 * earliest year of a document that mentions it, and its citation the
 * first mention in that year. A project or an indicator whose name is
 * close to one seen in an earlier year (trawl diff's rule) is not new.
 * The earliest year of the report has nothing to compare with: it lists
 * nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "report/report.h"
#include "compare/match.h"
#include "util/buf.h"
#include "util/alloc.h"
#include "util/banned.h"

typedef struct mention {
	int kind, year;
	char *key;           /* owned; for an indicator: project|name */
	char *name_norm;     /* indicators: the name alone, normalized */
	char *proj_norm;     /* indicators: the project, normalized */
	uint32_t name, detail, quote, doc;
	int page, paged;
	size_t seq;          /* reading order, for the first mention */
} mention;

typedef struct news_ctx {
	trawl_report *r;
	trawl__vec m;        /* mention */
	trawl_err rc;
	int kind;
} news_ctx;

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

static uint32_t intern(news_ctx *c, const char *s)
{
	return s ? rp_intern(&c->r->str, s, strlen(s), &c->rc) : 0;
}

static int on_fact(const trawl_fact_info *f, void *u)
{
	news_ctx *c = u;
	trawl_report *r = c->r;
	int64_t di = rp_doc_find(r, f->doc);
	mention *m;
	trawl__buf name, detail;
	cJSON *a = NULL;
	char *key = NULL, *nn = NULL, *pn = NULL;

	if (di < 0 || r->docs[di].year <= 0 || c->rc)
		return c->rc != TRAWL_OK;
	trawl__buf_init(&name, 0);
	trawl__buf_init(&detail, 0);
	if (c->kind == RP_NEW_VENDOR) {
		uint32_t raw, canon;
		if (!f->role || strcmp(f->role, "vendor") || !f->value)
			return 0;
		raw = intern(c, f->value);
		canon = rp_alias_of(&r->aliases, raw);
		key = trawl__strdup(rp_str(&r->str, canon));
		trawl__buf_adds(&name, rp_str(&r->str, canon));
	} else if (c->kind == RP_NEW_PLACE) {
		if (!f->value)
			return 0;
		key = trawl__strdup(f->code ? f->code : f->value);
		trawl__buf_adds(&name, f->value);
		if (f->role)
			trawl__buf_adds(&detail, f->role);
	} else {
		const char *v;
		a = f->attrs ? cJSON_Parse(f->attrs) : NULL;
		/* attrs are trawl's own JSON: unread, they are out of memory */
		if (f->attrs && !a)
			goto oom;
		if (c->kind == RP_NEW_PROJECT) {
			char *full;
			size_t l;
			if (!f->label)
				goto skip;
			full = trawl__strdup(f->label);
			if (!full)
				goto oom;
			l = strlen(full);
			if (l > 6 && !strcmp(full + l - 6, "项目"))
				full[l - 6] = '\0';
			key = trawl__name_norm(full, 1);
			nn = key ? trawl__strdup(key) : NULL;
			free(full);
			if (!nn)
				goto oom;
			trawl__buf_adds(&name, f->label);
			if (f->value) {
				char g[RP_DEC_MAX * 2];
				trawl_amount_format(f->value, g, sizeof g);
				trawl__buf_addf(&detail, "%s %s", g, f->currency ? f->currency : "");
			}
			if (a && (v = jstr(a, "status")))
				trawl__buf_addf(&detail, "%s%s", detail.len ? ", " : "",
				                !strcmp(v, "new") ? "new project" : v);
		} else {
			const char *project = a ? jstr(a, "project") : NULL;
			const char *target = a ? jstr(a, "target") : NULL;
			const char *points = a ? jstr(a, "points") : NULL;
			if (!f->label)
				goto skip;
			nn = trawl__name_norm(f->label, 1);
			pn = trawl__name_norm(project, 1);
			if (nn && pn) {
				trawl__buf k;
				trawl__buf_init(&k, 0);
				trawl__buf_addf(&k, "%s|%s", pn, nn);
				key = trawl__buf_detach(&k, NULL);
			}
			trawl__buf_addf(&name, "%s %s", f->label, target ? target : f->value ? f->value : "");
			if (points)
				trawl__buf_addf(&name, " (%s分)", points);
			if (project)
				trawl__buf_addf(&detail, "project %s", project);
		}
	}
	if (!key || trawl__buf_err(&name) || trawl__buf_err(&detail))
		goto oom;
	m = trawl__vec_push(&c->m);
	if (!m)
		goto oom;
	memset(m, 0, sizeof *m);
	m->kind = c->kind;
	m->year = r->docs[di].year;
	m->key = key;
	m->name_norm = nn;
	m->proj_norm = pn;
	key = nn = pn = NULL;
	m->name = intern(c, name.data);
	m->detail = detail.len ? intern(c, detail.data) : 0;
	m->quote = intern(c, f->text);
	m->doc = (uint32_t)di;
	m->page = f->page;
	m->paged = f->paged;
	m->seq = c->m.n;
	cJSON_Delete(a);
	trawl__buf_release(&name);
	trawl__buf_release(&detail);
	return c->rc != TRAWL_OK;
oom:
	c->rc = TRAWL_ENOMEM;
skip:
	free(key);
	free(nn);
	free(pn);
	cJSON_Delete(a);
	trawl__buf_release(&name);
	trawl__buf_release(&detail);
	return c->rc != TRAWL_OK;
}

/* By kind, key, year, then reading order: each key's first mention first. */
static int by_key(const void *x, const void *y)
{
	const mention *a = x, *b = y;
	int k;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((k = strcmp(a->key, b->key)))
		return k;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int by_year(const void *x, const void *y)
{
	const rp_new *a = x, *b = y;
	if (a->year != b->year)
		return a->year > b->year ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	return a->name < b->name ? -1 : a->name > b->name;
}

/* Was a project or an indicator like m named in an earlier year? firsts
 * holds each key's first mention (the earliest year), of every kind. */
static int seen_before(const mention *const *firsts, size_t n, const mention *m)
{
	for (size_t i = 0; i < n; i++) {
		const mention *o = firsts[i];
		if (o->kind != m->kind || o->year >= m->year || !o->name_norm || !m->name_norm)
			continue;
		if (m->kind == RP_NEW_INDICATOR && o->proj_norm[0] && m->proj_norm[0] &&
		    strcmp(o->proj_norm, m->proj_norm) &&
		    trawl__name_similarity(o->proj_norm, m->proj_norm) < 0.5)
			continue;
		if (trawl__name_similarity(o->name_norm, m->name_norm) > 0.75)
			return 1;
	}
	return 0;
}

trawl_err rp_news_read(trawl_store *s, trawl_report *r, int per_doc, trawl_diag *d)
{
	static const char *const kinds[RP_NEW_KINDS] = { "project", "indicator", "party", "place" };
	news_ctx c;
	const mention **firsts = NULL;
	size_t nf = 0, i;
	int ymin = 0, years = 0;
	trawl_err rc = TRAWL_OK;

	rp_news_release(r);
	for (i = 0; i < r->ndocs; i++) {
		int y = r->docs[i].year;
		if (y <= 0)
			continue;
		if (!ymin || y < ymin) {
			years += ymin != 0;
			ymin = y;
		} else if (y != ymin) {
			years = 1;
		}
	}
	if (!years)
		return TRAWL_OK; /* one year or none: nothing to compare */
	memset(&c, 0, sizeof c);
	c.r = r;
	trawl__vec_init(&c.m, sizeof(mention));
	for (int k = 0; k < RP_NEW_KINDS && !rc && !c.rc; k++) {
		c.kind = k;
		rc = rp_read_facts(s, r, kinds[k], on_fact, &c, per_doc, d);
	}
	if (!rc)
		rc = c.rc;
	if (rc)
		goto out;
	qsort(c.m.items, c.m.n, sizeof(mention), by_key);
	firsts = trawl__mallocn(c.m.n ? c.m.n : 1, sizeof *firsts);
	if (!firsts) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (i = 0; i < c.m.n; i++) {
		const mention *m = &TRAWL_VEC_AT(&c.m, mention, i);
		if (i == 0 || strcmp(m->key, TRAWL_VEC_AT(&c.m, mention, i - 1).key) ||
		    m->kind != TRAWL_VEC_AT(&c.m, mention, i - 1).kind)
			firsts[nf++] = m;
	}
	r->news = calloc(nf ? nf : 1, sizeof *r->news);
	if (!r->news) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (i = 0; i < nf; i++) {
		const mention *m = firsts[i];
		rp_new *n;
		if (m->year <= ymin)
			continue;
		if ((m->kind == RP_NEW_PROJECT || m->kind == RP_NEW_INDICATOR) &&
		    seen_before(firsts, nf, m))
			continue;
		n = &r->news[r->nnews++];
		n->kind = m->kind;
		n->year = m->year;
		n->name = m->name;
		n->detail = m->detail;
		n->quote = m->quote;
		n->doc = m->doc;
		n->page = m->page;
		n->paged = m->paged;
	}
	qsort(r->news, r->nnews, sizeof *r->news, by_year);
	r->has_news = 1;
out:
	free(firsts);
	for (i = 0; i < c.m.n; i++) {
		mention *m = &TRAWL_VEC_AT(&c.m, mention, i);
		free(m->key);
		free(m->name_norm);
		free(m->proj_norm);
	}
	trawl__vec_release(&c.m);
	return rc;
}

void rp_news_release(trawl_report *r)
{
	free(r->news);
	r->news = NULL;
	r->nnews = 0;
	r->has_news = 0;
}
