/* The pages of trawl serve, rendered here. Everything that comes from a
 * document, a path or a request is escaped (sb_html) or %-encoded
 * (sb_url); no page holds a script of its own (the CSP allows only
 * /static/app.js) or a style attribute. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "serve.h"

#define PER_PAGE 20
#define FACET_VALUES 12

/* ---- layout ---- */

static void head(sv_req *r, const char *title, const char *active)
{
	static const char *const nav[][2] = {
		{ "/", "Search" }, { "/facts", "Facts" }, { "/compare", "Compare" },
		{ "/report", "Charts" }, { "/watch", "Watchlists" }, { "/entities", "Entities" },
	};

	r->ctype = "text/html; charset=utf-8";
	sb_adds(&r->out, "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">"
	        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	        "<meta name=\"csrf\" content=\"");
	sb_html(&r->out, r->csrf);
	sb_adds(&r->out, "\"><title>");
	sb_html(&r->out, title);
	sb_adds(&r->out, " \u2014 trawl</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
	        "<link rel=\"icon\" href=\"/static/favicon.svg\">"
	        "<script src=\"/static/app.js\" defer></script></head>\n<body>\n<header><nav>"
	        "<a class=\"brand\" href=\"/\">trawl</a>");
	for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++)
		sb_addf(&r->out, "<a href=\"%s\"%s>%s</a>", nav[i][0],
		        active && !strcmp(active, nav[i][0]) ? " class=\"on\"" : "", nav[i][1]);
	if (sv->allow_add)
		sb_addf(&r->out, "<a href=\"/add\"%s>Add files</a>",
		        active && !strcmp(active, "/add") ? " class=\"on\"" : "");
	if (r->user[0]) {
		sb_adds(&r->out, "<form class=\"logout\" method=\"post\" action=\"/logout\">"
		        "<input type=\"hidden\" name=\"csrf\" value=\"");
		sb_html(&r->out, r->csrf);
		sb_adds(&r->out, "\"><button>Log out ");
		sb_html(&r->out, r->user);
		sb_adds(&r->out, "</button></form>");
	}
	sb_adds(&r->out, "</nav></header>\n<main>\n");
	/* a logged-in user searches through words the store may still be
	 * making (PostgreSQL: trawl_store_set_user read it for this request) */
	if (r->notice[0]) {
		sb_adds(&r->out, "<p class=\"warn\" role=\"status\" id=\"notice\">Note: ");
		sb_html(&r->out, r->notice);
		sb_adds(&r->out, ".</p>\n");
	}
}

static void foot(sv_req *r)
{
	sb_adds(&r->out, "</main>\n<footer>trawl " TRAWL_VERSION " \u00b7 ");
	sb_adds(&r->out, sv->allow_add ? "adding files allowed" : "read-only");
	sb_adds(&r->out, "</footer>\n</body></html>\n");
}

void page_error(sv_req *r, int status, const char *msg)
{
	sb_free(&r->out);
	r->status = status;
	head(r, "Problem", NULL);
	sb_addf(&r->out, "<h1>%d</h1><p class=\"error\">", status);
	sb_html(&r->out, msg);
	sb_adds(&r->out, "</p><p><a href=\"/\">Back to search</a></p>");
	foot(r);
}

void page_login(sv_req *r, const char *error)
{
	head(r, "Log in", NULL);
	sb_adds(&r->out, "<h1>Log in</h1>");
	if (error) {
		sb_adds(&r->out, "<p class=\"error\">");
		sb_html(&r->out, error);
		sb_adds(&r->out, "</p>");
	}
	sb_adds(&r->out, "<form class=\"login\" method=\"post\" action=\"/login\">"
	        "<input type=\"hidden\" name=\"csrf\" value=\"");
	sb_html(&r->out, r->csrf);
	sb_adds(&r->out, "\"><label>Name <input name=\"user\" autocomplete=\"username\" required>"
	        "</label><label>Password <input name=\"password\" type=\"password\" "
	        "autocomplete=\"current-password\" required></label><button>Log in</button></form>");
	foot(r);
}

/* ---- the search state in the URL ---- */

static const char *const state_keys[] = { "q", "kind", "year", "place", "agency", "vendor",
                                          "format", "currency", "amin", "amax", NULL };

void state_query(sv_req *r, sv_buf *b, const char *skip)
{
	for (int i = 0; state_keys[i]; i++) {
		const char *v = arg(r, state_keys[i]);
		if (!v || !*v || (skip && !strcmp(skip, state_keys[i])))
			continue;
		sb_addf(b, "&amp;%s=", state_keys[i]);
		sb_url(b, v);
	}
}

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

void req_filter(sv_req *r, trawl_filter *f)
{
	const char *y = arg(r, "year");

	memset(f, 0, sizeof *f);
	f->kind = nz(arg(r, "kind"));
	f->place = nz(arg(r, "place"));
	f->format = nz(arg(r, "format"));
	f->currency = nz(arg(r, "currency"));
	f->agency = nz(arg(r, "agency"));
	f->vendor = nz(arg(r, "vendor"));
	f->amount_min = nz(arg(r, "amin"));
	f->amount_max = nz(arg(r, "amax"));
	if (y && *y)
		f->year = (int)strtol(y, NULL, 10);
	/* amounts are decimals or nothing */
	if (f->amount_min && strspn(f->amount_min, "0123456789.") != strlen(f->amount_min))
		f->amount_min = NULL;
	if (f->amount_max && strspn(f->amount_max, "0123456789.") != strlen(f->amount_max))
		f->amount_max = NULL;
}

static int page_no(sv_req *r)
{
	const char *p = arg(r, "page");
	long n = p ? strtol(p, NULL, 10) : 1;
	return n < 1 ? 1 : n > 100000 ? 100000 : (int)n;
}

/* A link to the document view at a place: page, and a character range. */
static void doc_link(sv_buf *b, const char *doc, int page, int64_t cs, int64_t ce, const char *q)
{
	sb_adds(b, "/doc/");
	sb_html(b, doc);
	sb_addf(b, "?p=%d", page > 0 ? page : 1);
	if (ce > cs)
		sb_addf(b, "&amp;c=%lld-%lld", (long long)cs, (long long)ce);
	if (q && *q) {
		sb_adds(b, "&amp;q=");
		sb_url(b, q);
	}
	if (ce > cs)
		sb_addf(b, "#c-%lld", (long long)cs);
}

/* A snippet: \x01 \x02 mark the matches. */
static void snippet_html(sv_buf *b, const char *s)
{
	const char *from = s;

	for (; s && *s; s++) {
		if (*s != '\x01' && *s != '\x02')
			continue;
		sb_htmln(b, from, (size_t)(s - from));
		sb_adds(b, *s == '\x01' ? "<mark>" : "</mark>");
		from = s + 1;
	}
	if (from)
		sb_html(b, from);
}

/* ---- search ---- */

typedef struct facet_ctx {
	sv_req *r;
	sv_buf *b;
	const char *dim;
	int n;
} facet_ctx;

static const char *dim_title(const char *d)
{
	if (!strcmp(d, "kind")) return "Kind";
	if (!strcmp(d, "year")) return "Year";
	if (!strcmp(d, "place")) return "Place";
	if (!strcmp(d, "agency")) return "Agency";
	if (!strcmp(d, "vendor")) return "Vendor";
	if (!strcmp(d, "format")) return "Format";
	return "Currency";
}

static int facet_row(const trawl_facet *f, void *u)
{
	facet_ctx *c = u;
	const char *cur = arg(c->r, f->dim);

	if (!c->dim || strcmp(c->dim, f->dim)) {
		if (c->dim)
			sb_adds(c->b, "</ul></section>");
		c->dim = f->dim;
		sb_addf(c->b, "<section class=\"facet\" data-dim=\"%s\"><h3>%s</h3><ul>", f->dim,
		        dim_title(f->dim));
	}
	sb_adds(c->b, "<li><a href=\"/?page=1");
	state_query(c->r, c->b, f->dim);
	sb_addf(c->b, "&amp;%s=", f->dim);
	sb_url(c->b, f->value);
	sb_addf(c->b, "\"%s>", cur && !strcmp(cur, f->value) ? " class=\"on\"" : "");
	sb_html(c->b, f->value);
	sb_addf(c->b, " <span class=\"n\">%llu</span></a></li>", (unsigned long long)f->documents);
	c->n++;
	return 0;
}

typedef struct hit_ctx {
	sv_req *r;
	const char *q;
	int n;
	char **ids;  /* documents of the hits, for their metadata afterwards */
} hit_ctx;

static void doc_meta_line(sv_req *r, sv_buf *out, const char *id)
{
	trawl_doc_info d;
	trawl_err e = trawl_doc_get(r->s, id, &d, NULL);

	if (e) {
		sv_check(r, e); /* a hit without its line: the page fails */
		return;
	}
	sb_adds(out, "<span class=\"meta\">");
	if (d.kind) {
		sb_adds(out, "<span class=\"tag\">");
		sb_html(out, d.kind);
		sb_adds(out, "</span>");
	}
	if (d.year > 0)
		sb_addf(out, "<span class=\"tag\">%d</span>", d.year);
	if (d.place) {
		sb_adds(out, "<span class=\"tag\">");
		sb_html(out, d.place);
		sb_adds(out, "</span>");
	}
	if (d.amount) {
		sb_adds(out, "<span class=\"tag amount\">");
		sb_amount(out, d.amount);
		sb_adds(out, " ");
		sb_html(out, d.currency);
		sb_adds(out, "</span>");
	}
	sb_adds(out, "</span>");
}

static int search_hit(const trawl_hit *h, void *u)
{
	hit_ctx *c = u;
	sv_buf *b = &c->r->out;

	sb_adds(b, "<li class=\"hit\"><a class=\"title\" href=\"");
	doc_link(b, h->doc, h->page, 0, 0, c->q);
	sb_adds(b, "\">");
	sb_html(b, h->title && *h->title ? h->title : h->path ? h->path : h->doc);
	sb_adds(b, "</a><div class=\"where\">");
	sb_html(b, h->path);
	if (h->paged)
		sb_addf(b, " \u00b7 page %d", h->page);
	else if (h->kind && !strcmp(h->kind, "sheet"))
		sb_addf(b, " \u00b7 sheet %d", h->page);
	sb_adds(b, " \u00b7 ");
	sb_html(b, h->format);
	if (h->ocr)
		sb_addf(b, " \u00b7 <span class=\"ocr\" title=\"read by OCR: check the quote against "
		        "the page\">OCR %.0f%%</span>", h->ocr_conf);
	if (!h->current)
		sb_adds(b, " \u00b7 <em>superseded version</em>");
	sb_adds(b, " ");
	/* the hit's strings live only during the callback: its id is kept */
	c->ids[c->n] = strdup(h->doc);
	sb_addf(b, "<!--meta:%d-->", c->n);
	sb_adds(b, "</div>");
	if (h->snippet) {
		sb_adds(b, "<p class=\"snippet\">");
		snippet_html(b, h->snippet);
		sb_adds(b, "</p>");
	}
	sb_adds(b, "</li>\n");
	c->n++;
	return 0;
}

/* Replaces the <!--meta:N--> placeholders with each hit's document
 * metadata (read after the search: one query at a time on a handle). */
static void fill_meta(sv_req *r, hit_ctx *c, size_t from)
{
	sv_buf out = { 0 };
	char *p = r->out.p, *end = r->out.p + r->out.len;

	if (!p)
		return;
	sb_add(&out, p, from);
	p += from;
	while (p < end) {
		char *m = strstr(p, "<!--meta:");
		int k;
		if (!m) {
			sb_add(&out, p, (size_t)(end - p));
			break;
		}
		sb_add(&out, p, (size_t)(m - p));
		k = (int)strtol(m + 9, NULL, 10);
		if (k >= 0 && k < c->n && c->ids[k])
			doc_meta_line(r, &out, c->ids[k]);
		p = strstr(m, "-->");
		p = p ? p + 3 : end;
	}
	sb_free(&r->out);
	r->out = out;
}

static void sort_option(sv_buf *b, const char *v, const char *label, const char *cur)
{
	sb_addf(b, "<option value=\"%s\"%s>%s</option>", v,
	        cur && !strcmp(cur, v) ? " selected" : "", label);
}

void page_search(sv_req *r)
{
	const char *q = arg(r, "q"), *sort = arg(r, "sort");
	trawl_filter f;
	trawl_search_opts o;
	trawl_search_stats st;
	trawl_diag d;
	trawl_facets *fs;
	facet_ctx fc;
	hit_ctx hc;
	int pg = page_no(r), any_filter;
	trawl_err e;
	sv_buf fb = { 0 };
	size_t from, at;

	req_filter(r, &f);
	any_filter = f.kind || f.year || f.place || f.format || f.currency || f.agency ||
	             f.vendor || f.amount_min || f.amount_max;
	head(r, q && *q ? q : "Search", "/");
	sb_adds(&r->out, "<form class=\"search\" method=\"get\" action=\"/\">"
	        "<input type=\"search\" name=\"q\" placeholder=\"words, &quot;phrases&quot;, OR, -word, "
	        "year:2024, kind:award, amount:&gt;=1000000 \u2026\" value=\"");
	sb_html(&r->out, q);
	sb_adds(&r->out, "\" autofocus>");
	for (int i = 1; state_keys[i]; i++) {
		const char *v = arg(r, state_keys[i]);
		if (!v || !*v || !strcmp(state_keys[i], "amin") || !strcmp(state_keys[i], "amax"))
			continue;
		sb_addf(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"", state_keys[i]);
		sb_html(&r->out, v);
		sb_adds(&r->out, "\">");
	}
	sb_adds(&r->out, "<label>Own amount from <input class=\"num\" name=\"amin\" "
	        "inputmode=\"decimal\" value=\"");
	sb_html(&r->out, f.amount_min);
	sb_adds(&r->out, "\"></label><label>to <input class=\"num\" name=\"amax\" "
	        "inputmode=\"decimal\" value=\"");
	sb_html(&r->out, f.amount_max);
	sb_adds(&r->out, "\"></label><label>Sort <select name=\"sort\">");
	sort_option(&r->out, "relevance", "by relevance", sort);
	sort_option(&r->out, "date", "newest first", sort);
	sort_option(&r->out, "amount", "largest amount first", sort);
	sb_adds(&r->out, "</select></label><button>Search</button></form>\n");
	/* the filters in force, each with a way out */
	if (any_filter) {
		sb_adds(&r->out, "<p class=\"chips\">Filters: ");
		for (int i = 1; state_keys[i]; i++) {
			const char *v = arg(r, state_keys[i]);
			if (!v || !*v)
				continue;
			sb_adds(&r->out, "<a class=\"chip\" title=\"remove\" href=\"/?page=1");
			state_query(r, &r->out, state_keys[i]);
			sb_addf(&r->out, "\">%s: ", state_keys[i]);
			sb_html(&r->out, v);
			sb_adds(&r->out, " \u2715</a> ");
		}
		sb_adds(&r->out, "</p>");
	}
	sb_adds(&r->out, "<div class=\"cols\"><aside class=\"facets\">");
	at = r->out.len;
	memset(&d, 0, sizeof d);
	memset(&fc, 0, sizeof fc);
	fc.r = r;
	fc.b = &fb;
	sb_adds(&r->out, "</aside><section class=\"results\">");
	memset(&o, 0, sizeof o);
	o.limit = PER_PAGE;
	o.offset = (pg - 1) * PER_PAGE;
	o.filter = &f;
	o.sort = sort && !strcmp(sort, "date") ? TRAWL_SORT_DATE :
	         sort && !strcmp(sort, "amount") ? TRAWL_SORT_AMOUNT : TRAWL_SORT_RELEVANCE;
	/* the facets come from the search's own evaluation of the query (one
	 * pass for both); they are counted before the first hit, into fb */
	fs = facets_get();
	if (fs) {
		o.facet = facet_row;
		o.facet_udata = &fc;
		o.facet_values = FACET_VALUES;
		o.facet_snapshot = fs;
	}
	memset(&hc, 0, sizeof hc);
	hc.r = r;
	hc.q = q;
	hc.ids = calloc(PER_PAGE + 1, sizeof *hc.ids);
	sb_adds(&r->out, "<ol class=\"hits\">");
	from = r->out.len;
	e = hc.ids ? trawl_search(r->s, q, &o, search_hit, &hc, &st, &d) : TRAWL_ENOMEM;
	facets_put(fs);
	sb_adds(&r->out, "</ol>");
	if (fc.dim)
		sb_adds(&fb, "</ul></section>");
	if (!fs)
		sb_adds(&fb, "<p class=\"note\">The facets are being counted: reload in a "
		             "moment.</p>");
	/* the facets go into the aside, before the hits */
	{
		sv_buf page = { 0 };
		sb_add(&page, r->out.p, at);
		sb_add(&page, fb.p ? fb.p : "", fb.len);
		sb_add(&page, r->out.p + at, r->out.len - at);
		if (r->out.failed || fb.failed)
			page.failed = 1;
		from += fb.len;
		sb_free(&r->out);
		r->out = page;
		sb_free(&fb);
	}
	if (e) {
		sb_adds(&r->out, "<p class=\"error\">");
		sb_html(&r->out, d.msg[0] ? d.msg : trawl_strerror(e));
		sb_adds(&r->out, "</p>");
	} else {
		fill_meta(r, &hc, from);
		sb_addf(&r->out, "<p class=\"count\" id=\"count\">%llu hit%s in %llu document%s</p>",
		        (unsigned long long)st.hits, st.hits == 1 ? "" : "s",
		        (unsigned long long)st.documents, st.documents == 1 ? "" : "s");
		if (!hc.n)
			sb_adds(&r->out, "<p class=\"none\">Nothing found. Fewer words, or fewer "
			                 "filters, find more.</p>");
		/* paging */
		{
			uint64_t n = q && *q ? st.hits : st.documents;
			int pages = (int)((n + PER_PAGE - 1) / PER_PAGE);
			if (pages > 1) {
				sb_adds(&r->out, "<nav class=\"pages\">");
				for (int p = 1; p <= pages; p++) {
					if (p > 3 && p < pages - 2 && (p < pg - 2 || p > pg + 2)) {
						if (p == 4 || p == pg + 3)
							sb_adds(&r->out, "<span>\u2026</span>");
						continue;
					}
					sb_addf(&r->out, "<a%s href=\"/?page=%d", p == pg ? " class=\"on\"" : "", p);
					state_query(r, &r->out, NULL);
					if (sort) {
						sb_adds(&r->out, "&amp;sort=");
						sb_url(&r->out, sort);
					}
					sb_addf(&r->out, "\">%d</a>", p);
				}
				sb_adds(&r->out, "</nav>");
			}
		}
	}
	for (int i = 0; i < hc.n; i++)
		free(hc.ids[i]);
	free(hc.ids);
	sb_adds(&r->out, "<p class=\"links\"><a href=\"/facts?x=1");
	state_query(r, &r->out, NULL);
	sb_adds(&r->out, "\">Facts of these documents</a> \u00b7 <a href=\"/report?x=1");
	state_query(r, &r->out, NULL);
	sb_adds(&r->out, "\">Charts of these documents</a></p></section></div>");
	foot(r);
}

/* ---- a document ---- */

typedef struct mark {
	size_t b, e;
	int type;        /* 0 fact, 1 hit, 2 cited */
	int64_t cstart;  /* a fact's character offset (its anchor) */
	char kind[12];
	char title[200];
} mark;

typedef struct marks {
	mark *m;
	size_t n, cap;
} marks;

static mark *mark_add(marks *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		mark *nm = cap > SIZE_MAX / sizeof *nm ? NULL : realloc(l->m, cap * sizeof *nm);
		if (!nm)
			return NULL;
		l->m = nm;
		l->cap = cap;
	}
	memset(&l->m[l->n], 0, sizeof l->m[0]);
	return &l->m[l->n++];
}

typedef struct unit_view {
	char *text;
	size_t len;
	char kind[16];
	char name[200];
	int number;
	int count;
} unit_view;

static int take_unit(const trawl_unit_info *u, void *p)
{
	unit_view *v = p;

	v->count++;
	if (v->text)
		return 0;
	v->text = malloc(u->len + 1);
	if (!v->text)
		return 1;
	memcpy(v->text, u->text ? u->text : "", u->len);
	v->text[u->len] = '\0';
	v->len = u->len;
	v->number = u->number;
	snprintf(v->kind, sizeof v->kind, "%s", u->kind ? u->kind : "");
	snprintf(v->name, sizeof v->name, "%s", u->name ? u->name : "");
	return 0;
}

/* byte offset of character c of text */
static size_t char_to_byte(const char *t, size_t len, int64_t c)
{
	size_t i = 0;
	int64_t k = 0;

	for (; i < len; i++) {
		if (((unsigned char)t[i] & 0xC0) != 0x80) {
			if (k == c)
				return i;
			k++;
		}
	}
	return len;
}

typedef struct fact_list_ctx {
	sv_req *r;
	marks *m;
	int page;        /* marks: facts of this unit only */
	int list;        /* write the side list */
	const char *id;
	const char *text;
	size_t len;
	int n;
} fact_list_ctx;

/* f's value with its currency or unit: HTML, or plain text for a title */
static void fact_value(sv_buf *b, const trawl_fact_info *f, int html)
{
	if (!f->value)
		return;
	if (!strcmp(f->kind, "money") || !strcmp(f->kind, "item")) {
		if (f->negative)
			sb_adds(b, "-");
		sb_amount(b, f->value);
		if (f->value_hi) {
			sb_adds(b, "\u2013");
			sb_amount(b, f->value_hi);
		}
		if (f->currency) {
			sb_adds(b, " ");
			sb_html(b, f->currency);
		} else if (f->unit_source && !strcmp(f->unit_source, "unknown")) {
			/* said as the terminal says it: never a bare number that
			 * reads as yuan */
			sb_adds(b, html ? " <span class=\"unit-unknown\" title=\"the document does not say "
			        "this figure's unit or currency: it is the number as written\">unit not "
			        "known</span>" : " (unit not known)");
		}
	} else {
		sb_html(b, f->value);
		if (f->unit && strcmp(f->kind, "date")) {
			sb_adds(b, " ");
			sb_html(b, f->unit);
		}
	}
}

static int fact_mark(const trawl_fact_info *f, void *u)
{
	fact_list_ctx *c = u;

	if (c->m && f->page == c->page && f->bend > f->bstart && (size_t)f->bend <= c->len) {
		mark *m = mark_add(c->m);
		if (m) {
			sv_buf t = { 0 };
			m->b = (size_t)f->bstart;
			m->e = (size_t)f->bend;
			m->type = 0;
			m->cstart = f->start;
			snprintf(m->kind, sizeof m->kind, "%s", f->kind);
			sb_adds(&t, f->kind);
			sb_adds(&t, ": ");
			fact_value(&t, f, 0);
			if (f->role) {
				sb_adds(&t, " \u00b7 ");
				sb_adds(&t, f->role);
			}
			if (f->label) {
				sb_adds(&t, " \u00b7 ");
				sb_adds(&t, f->label);
			}
			if (f->party && !strcmp(f->kind, "money")) {
				sb_adds(&t, " \u00b7 vendor ");
				sb_adds(&t, f->party);
			}
			snprintf(m->title, sizeof m->title, "%s", t.p ? t.p : "");
			sb_free(&t);
		}
	}
	if (c->list && c->n < 2000) {
		sv_buf *b = &c->r->out;
		sb_addf(b, "<li class=\"k-%s\"><a href=\"", f->kind);
		doc_link(b, c->id, f->page, f->start, f->end, NULL);
		sb_adds(b, "\"><span class=\"kind\">");
		sb_html(b, f->kind);
		sb_adds(b, "</span> <span class=\"value\">");
		fact_value(b, f, 1);
		sb_adds(b, "</span>");
		if (f->role || f->label) {
			sb_adds(b, " <span class=\"label\">");
			sb_html(b, f->role ? f->role : f->label);
			sb_adds(b, "</span>");
		}
		sb_adds(b, " <q>");
		sb_html(b, f->text);
		sb_adds(b, "</q>");
		/* a lot's figure: whose lot */
		if (f->party && !strcmp(f->kind, "money")) {
			sb_adds(b, " <span class=\"label\">vendor</span> ");
			sb_html(b, f->party);
		}
		if (f->paged)
			sb_addf(b, " <span class=\"pg\">p.%d</span>", f->page);
		sb_adds(b, "</a></li>");
	}
	c->n++;
	return 0;
}

static int hit_mark(size_t b, size_t e, void *u)
{
	marks *l = u;
	mark *m = mark_add(l);

	if (!m)
		return 1;
	m->b = b;
	m->e = e;
	m->type = 1;
	return 0;
}

/* The unit's text with its marks: facts (the outermost of overlapping
 * ones), search matches and the cited place. */
static void marked_text(sv_buf *b, const char *t, size_t len, marks *l)
{
	size_t *cuts, nc = 0, i;
	size_t fact_end = 0;

	cuts = l->n > SIZE_MAX / 4 / sizeof *cuts ? NULL : malloc((l->n * 2 + 2) * sizeof *cuts);
	if (!cuts) {
		sb_htmln(b, t, len);
		return;
	}
	cuts[nc++] = 0;
	cuts[nc++] = len;
	/* facts inside an earlier fact are dropped, as trawl show does */
	for (i = 0; i < l->n; i++) {
		mark *m = &l->m[i];
		if (m->type == 0) {
			if (m->b < fact_end) {
				m->e = m->b; /* hidden */
				continue;
			}
			fact_end = m->e;
		}
		if (m->e > len)
			m->e = len;
		if (m->b >= m->e)
			continue;
		cuts[nc++] = m->b;
		cuts[nc++] = m->e;
	}
	/* sort the cuts (insertion: marks are few per unit) */
	for (i = 1; i < nc; i++)
		for (size_t k = i; k > 0 && cuts[k - 1] > cuts[k]; k--) {
			size_t x = cuts[k];
			cuts[k] = cuts[k - 1];
			cuts[k - 1] = x;
		}
	for (i = 0; i + 1 < nc; i++) {
		size_t a = cuts[i], e = cuts[i + 1];
		mark *fact = NULL;
		int hit = 0, cite = 0;
		if (a >= e)
			continue;
		/* a cut inside a UTF-8 character would break it: move on */
		while (e < len && ((unsigned char)t[e] & 0xC0) == 0x80)
			e++;
		for (size_t k = 0; k < l->n; k++) {
			mark *m = &l->m[k];
			if (m->b <= a && m->e >= e && m->b < m->e) {
				if (m->type == 0 && !fact)
					fact = m;
				hit |= m->type == 1;
				cite |= m->type == 2;
			}
		}
		if (cite) {
			sb_adds(b, "<span class=\"cite\"");
			for (size_t k = 0; k < l->n; k++)
				if (l->m[k].type == 2 && l->m[k].b == a)
					sb_addf(b, " id=\"c-%lld\"", (long long)l->m[k].cstart);
			sb_adds(b, ">");
		}
		if (fact) {
			sb_addf(b, "<span class=\"fact k-%s\"", fact->kind);
			if (fact->b == a)
				sb_addf(b, " id=\"f-%lld\"", (long long)fact->cstart);
			sb_adds(b, " title=\"");
			sb_html(b, fact->title);
			sb_adds(b, "\">");
		}
		if (hit)
			sb_adds(b, "<mark>");
		sb_htmln(b, t + a, e - a);
		if (hit)
			sb_adds(b, "</mark>");
		if (fact)
			sb_adds(b, "</span>");
		if (cite)
			sb_adds(b, "</span>");
		if (e != cuts[i + 1]) {
			/* the moved cut: the next piece starts where this one ended */
			for (size_t k = i + 1; k < nc && cuts[k] < e; k++)
				cuts[k] = e;
		}
	}
	free(cuts);
}

static int sighting_row(const trawl_sighting *s, void *u)
{
	sv_req *r = u;

	sb_addf(&r->out, "<li>version %d \u00b7 ", s->version);
	sb_html(&r->out, s->path);
	sb_adds(&r->out, " \u00b7 ");
	sb_html(&r->out, s->seen_at);
	sb_adds(&r->out, "</li>");
	return 0;
}

static int field_row(const char *k, const char *v, void *u)
{
	sv_req *r = u;

	sb_adds(&r->out, "<tr><th>");
	sb_html(&r->out, k);
	sb_adds(&r->out, "</th><td>");
	sb_html(&r->out, v);
	sb_adds(&r->out, "</td></tr>");
	return 0;
}

static int safe_url(const char *u)
{
	if (!u || (strncmp(u, "http://", 7) && strncmp(u, "https://", 8)))
		return 0;
	for (; *u; u++)
		if ((unsigned char)*u <= ' ' || *u == '"' || *u == '<' || *u == '>' || *u == '\\')
			return 0;
	return 1;
}

static void meta_row(sv_buf *b, const char *k, const char *v, const char *src)
{
	sb_adds(b, "<tr><th>");
	sb_adds(b, k);
	sb_adds(b, "</th><td>");
	sb_html(b, v && *v ? v : "\u2013");
	if (src) {
		sb_adds(b, " <span class=\"src\">(");
		sb_html(b, !strcmp(src, "user") ? "set by you" : src);
		sb_adds(b, ")</span>");
	}
	sb_adds(b, "</td></tr>");
}

/* copies of trawl_doc_info's strings: they live only until the next call */
typedef struct doc_copy {
	trawl_doc_info d;
	char *s[24];
	int lost;           /* a field could not be copied */
} doc_copy;

static const char *dup_(doc_copy *c, int i, const char *v)
{
	c->s[i] = v ? strdup(v) : NULL;
	if (v && !c->s[i])
		c->lost = 1;
	return c->s[i];
}

/* A copy of the document's record: TRAWL_OK, TRAWL_ENOTFOUND, or the
 * failure (a field that could not be copied is out of memory, not empty). */
static trawl_err doc_copy_get(trawl_store *s, const char *id, doc_copy *c, trawl_diag *dg)
{
	trawl_doc_info d;
	trawl_err e;

	memset(c, 0, sizeof *c);
	if ((e = trawl_doc_get(s, id, &d, dg)))
		return e;
	c->d = d;
	c->d.id = dup_(c, 0, d.id);
	c->d.path = dup_(c, 1, d.path);
	c->d.format = dup_(c, 2, d.format);
	c->d.encoding = dup_(c, 3, d.encoding);
	c->d.sha256 = dup_(c, 4, d.sha256);
	c->d.added_at = dup_(c, 5, d.added_at);
	c->d.source_url = dup_(c, 6, d.source_url);
	c->d.title = dup_(c, 7, d.title);
	c->d.kind = dup_(c, 8, d.kind);
	c->d.kind_source = dup_(c, 9, d.kind_source);
	c->d.year_source = dup_(c, 10, d.year_source);
	c->d.place = dup_(c, 11, d.place);
	c->d.place_code = dup_(c, 12, d.place_code);
	c->d.place_source = dup_(c, 13, d.place_source);
	c->d.amount = dup_(c, 14, d.amount);
	c->d.currency = dup_(c, 15, d.currency);
	c->d.amount_source = dup_(c, 16, d.amount_source);
	c->d.amount_text = dup_(c, 17, d.amount_text);
	c->d.title_source = dup_(c, 18, d.title_source);
	return c->lost ? TRAWL_ENOMEM : TRAWL_OK;
}

static void doc_copy_free(doc_copy *c)
{
	for (int i = 0; i < 24; i++)
		free(c->s[i]);
}

/* A document's agency (its first issuer, else its first buyer, as reports
 * count it) and its vendors. */
typedef struct parties {
	char issuer[300], buyer[300];
	sv_buf vendors;
	int nvendors;
} parties;

static int take_party(const trawl_fact_info *f, void *u)
{
	parties *p = u;

	if (!f->role || !f->value)
		return 0;
	if (!strcmp(f->role, "issuer") && !p->issuer[0])
		snprintf(p->issuer, sizeof p->issuer, "%s", f->value);
	else if (!strcmp(f->role, "buyer") && !p->buyer[0])
		snprintf(p->buyer, sizeof p->buyer, "%s", f->value);
	else if (!strcmp(f->role, "vendor") && p->nvendors < 5) {
		if (p->nvendors++)
			sb_adds(&p->vendors, "、");
		sb_adds(&p->vendors, f->value);
	}
	return 0;
}

void page_doc(sv_req *r, const char *id)
{
	parties pt;
	doc_copy dc;
	trawl_doc_info *d = &dc.d;
	unit_view uv;
	marks ml = { NULL, 0, 0 };
	fact_list_ctx fc;
	trawl_facts_opts fo;
	const char *q = arg(r, "q"), *cs = arg(r, "c"), *quote = arg(r, "quote");
	const char *p = arg(r, "p");
	int page = p ? (int)strtol(p, NULL, 10) : 1, pdf;
	long long c0 = -1, c1 = -1;
	trawl_diag dg;
	trawl_err e;

	memset(&dg, 0, sizeof dg);
	if ((e = doc_copy_get(r->s, id, &dc, &dg))) {
		doc_copy_free(&dc);
		if (e == TRAWL_ENOTFOUND) {
			page_error(r, 404, "no such document");
		} else {
			char msg[700];
			sv_errtext(e, dg.msg, msg, sizeof msg);
			sv_log(r, "%s", msg);
			page_error(r, 500, msg);
		}
		return;
	}
	if (page < 1)
		page = 1;
	pdf = d->format && !strcmp(d->format, "pdf");
	memset(&uv, 0, sizeof uv);
	e = trawl_doc_units(r->s, id, page, take_unit, &uv, NULL);
	if (e == TRAWL_ENOTFOUND && page != 1) {
		page = 1;
		e = trawl_doc_units(r->s, id, page, take_unit, &uv, NULL);
	}
	head(r, d->title && *d->title ? d->title : d->path ? d->path : id, NULL);
	sb_adds(&r->out, "<h1 class=\"doctitle\">");
	sb_html(&r->out, d->title && *d->title ? d->title : d->path ? d->path : id);
	sb_adds(&r->out, "</h1><p class=\"where\">");
	sb_html(&r->out, d->path);
	sb_adds(&r->out, " \u00b7 ");
	sb_html(&r->out, d->format);
	if (!d->current)
		sb_adds(&r->out, " \u00b7 <em>a newer version of this file exists</em>");
	sb_adds(&r->out, " \u00b7 <a href=\"/doc/");
	sb_html(&r->out, id);
	sb_adds(&r->out, "/original\" download>Download the original</a></p>");
	sb_adds(&r->out, "<div class=\"docview\"><section class=\"reader\">");
	/* unit navigation */
	if (d->units > 1) {
		sb_addf(&r->out, "<nav class=\"units\">%s %d of %d ", pdf ? "Page" : "Part", page,
		        d->units);
		if (page > 1) {
			sb_adds(&r->out, "<a rel=\"prev\" href=\"");
			doc_link(&r->out, id, page - 1, 0, 0, q);
			sb_adds(&r->out, "\">\u2190 previous</a> ");
		}
		if (page < d->units) {
			sb_adds(&r->out, "<a rel=\"next\" href=\"");
			doc_link(&r->out, id, page + 1, 0, 0, q);
			sb_adds(&r->out, "\">next \u2192</a>");
		}
		sb_adds(&r->out, "<form method=\"get\" action=\"/doc/");
		sb_html(&r->out, id);
		sb_adds(&r->out, "\"><input class=\"num\" name=\"p\" inputmode=\"numeric\" value=\"");
		sb_addf(&r->out, "%d", page);
		sb_adds(&r->out, "\">");
		if (q) {
			sb_adds(&r->out, "<input type=\"hidden\" name=\"q\" value=\"");
			sb_html(&r->out, q);
			sb_adds(&r->out, "\">");
		}
		sb_adds(&r->out, "<button>Go</button></form></nav>");
	}
	if (e || !uv.text) {
		sb_adds(&r->out, "<p class=\"none\">This document has no text here.</p>");
	} else {
		mark *m;
		if (cs && sscanf(cs, "%lld-%lld", &c0, &c1) == 2 && c0 >= 0 && c1 > c0) {
			m = mark_add(&ml);
			if (m) {
				m->b = char_to_byte(uv.text, uv.len, c0);
				m->e = char_to_byte(uv.text, uv.len, c1);
				m->type = 2;
				m->cstart = c0;
			}
		} else if (quote && *quote) {
			/* a report's source: its quote on the page */
			const char *at = strstr(uv.text, quote);
			if (at && (m = mark_add(&ml))) {
				m->b = (size_t)(at - uv.text);
				m->e = m->b + strlen(quote);
				m->type = 2;
				m->cstart = 0;
			}
		}
		if (q && *q)
			trawl_query_matches(q, uv.text, uv.len, hit_mark, &ml, NULL);
		memset(&fc, 0, sizeof fc);
		memset(&fo, 0, sizeof fo);
		fc.r = r;
		fc.m = &ml;
		fc.page = page;
		fc.id = id;
		fc.len = uv.len;
		fo.doc = id;
		fo.page = page;
		sv_check(r, trawl_facts(r->s, &fo, fact_mark, &fc, NULL));
		if (pdf) {
			sb_adds(&r->out, "<div class=\"pdfpage\" id=\"pdfpage\" data-doc=\"");
			sb_html(&r->out, id);
			sb_addf(&r->out, "\" data-page=\"%d\" data-q=\"", page);
			sb_html(&r->out, q);
			sb_adds(&r->out, "\" data-c=\"");
			if (c1 > c0)
				sb_addf(&r->out, "%lld-%lld", c0, c1);
			sb_adds(&r->out, "\" data-quote=\"");
			sb_html(&r->out, quote);
			sb_addf(&r->out, "\"><img alt=\"page %d\" src=\"/doc/", page);
			sb_html(&r->out, id);
			sb_addf(&r->out, "/page/%d.png?dpi=110\"><svg class=\"boxes\" "
			        "xmlns=\"http://www.w3.org/2000/svg\"></svg></div>", page);
			sb_adds(&r->out, "<details class=\"pagetext\"><summary>Text of this page</summary>"
			        "<pre class=\"text\">");
		} else {
			sb_adds(&r->out, "<pre class=\"text\">");
		}
		if (uv.name[0]) {
			sb_adds(&r->out, "<span class=\"unitname\">");
			sb_html(&r->out, uv.name);
			sb_adds(&r->out, "</span>\n");
		}
		marked_text(&r->out, uv.text, uv.len, &ml);
		sb_adds(&r->out, pdf ? "</pre></details>" : "</pre>");
	}
	sb_adds(&r->out, "</section><aside class=\"docside\">");
	/* metadata */
	sb_adds(&r->out, "<h2>About</h2><table class=\"meta\">");
	meta_row(&r->out, "Kind", d->kind, d->kind_source);
	{
		char y[16];
		snprintf(y, sizeof y, "%d", d->year);
		meta_row(&r->out, "Year", d->year > 0 ? y : NULL, d->year_source);
	}
	meta_row(&r->out, "Place", d->place, d->place_source);
	memset(&pt, 0, sizeof pt);
	memset(&fo, 0, sizeof fo);
	fo.doc = id;
	fo.kind = "party";
	sv_check(r, trawl_facts(r->s, &fo, take_party, &pt, NULL));
	meta_row(&r->out, "Agency", pt.issuer[0] ? pt.issuer : pt.buyer, NULL);
	meta_row(&r->out, "Vendor", pt.vendors.p, NULL);
	sb_free(&pt.vendors);
	sb_adds(&r->out, "<tr><th>Own amount</th><td>");
	if (d->amount) {
		sb_amount(&r->out, d->amount);
		sb_adds(&r->out, " ");
		sb_html(&r->out, d->currency);
		if (d->amount_text) {
			if (d->amount_sum)
				sb_adds(&r->out, " the sum of several amounts, the first");
			sb_adds(&r->out, " <a href=\"/doc/");
			sb_html(&r->out, id);
			sb_addf(&r->out, "?p=%d&amp;quote=", d->amount_page > 0 ? d->amount_page : 1);
			sb_url(&r->out, d->amount_text);
			sb_adds(&r->out, "\">\u00ab");
			sb_html(&r->out, d->amount_text);
			sb_adds(&r->out, "\u00bb</a>");
		}
		if (d->amount_source) {
			sb_adds(&r->out, " <span class=\"src\">(");
			sb_html(&r->out, !strcmp(d->amount_source, "user") ? "set by you" : d->amount_source);
			sb_adds(&r->out, ")</span>");
		}
	} else if (d->amount_text && d->amount_source && !strcmp(d->amount_source, "unstated")) {
		/* a figure of no stated unit or currency: named, not added */
		sb_adds(&r->out, "\u2013 <a href=\"/doc/");
		sb_html(&r->out, id);
		sb_addf(&r->out, "?p=%d&amp;quote=", d->amount_page > 0 ? d->amount_page : 1);
		sb_url(&r->out, d->amount_text);
		sb_adds(&r->out, "\">\u00ab");
		sb_html(&r->out, d->amount_text);
		sb_adds(&r->out, "\u00bb</a> <span class=\"src\">(states no unit or currency: "
		                 "not added; trawl set states it)</span>");
	} else {
		sb_adds(&r->out, "\u2013");
	}
	sb_adds(&r->out, "</td></tr>");
	meta_row(&r->out, "Encoding", d->encoding, NULL);
	{
		char sz[64];
		snprintf(sz, sizeof sz, "%lld bytes, %d %s", (long long)d->size, d->units,
		         pdf ? (d->units == 1 ? "page" : "pages") : (d->units == 1 ? "part" : "parts"));
		meta_row(&r->out, "Size", sz, NULL);
	}
	meta_row(&r->out, "Added", d->added_at, NULL);
	meta_row(&r->out, "SHA-256", d->sha256, NULL);
	sb_adds(&r->out, "<tr><th>Source</th><td>");
	if (safe_url(d->source_url)) {
		sb_adds(&r->out, "<a rel=\"noopener noreferrer\" target=\"_blank\" href=\"");
		sb_html(&r->out, d->source_url);
		sb_adds(&r->out, "\">");
		sb_html(&r->out, d->source_url);
		sb_adds(&r->out, "</a>");
	} else {
		sb_html(&r->out, d->source_url ? d->source_url : "\u2013");
	}
	sb_adds(&r->out, "</td></tr>");
	sv_check(r, trawl_doc_fields(r->s, id, field_row, r, NULL));
	sb_adds(&r->out, "</table><h2>Versions</h2><ul class=\"versions\">");
	sv_check(r, trawl_doc_sightings(r->s, id, sighting_row, r, NULL));
	sb_adds(&r->out, "</ul><h2>Facts</h2><ol class=\"facts\" id=\"factlist\">");
	memset(&fc, 0, sizeof fc);
	memset(&fo, 0, sizeof fo);
	fc.r = r;
	fc.list = 1;
	fc.id = id;
	fo.doc = id;
	sv_check(r, trawl_facts(r->s, &fo, fact_mark, &fc, NULL));
	sb_adds(&r->out, "</ol>");
	if (fc.n > 2000)
		sb_addf(&r->out, "<p><a href=\"/facts?doc=%s\">All %d facts</a></p>", id, fc.n);
	else if (!fc.n)
		sb_adds(&r->out, "<p class=\"none\">No facts were read from it.</p>");
	sb_adds(&r->out, "</aside></div>");
	foot(r);
	free(uv.text);
	free(ml.m);
	doc_copy_free(&dc);
}

/* ---- facts ---- */

static const char *const fact_kinds[] = { "money", "item", "date", "quantity", "party", "indicator", "project",
                                          "place", NULL };

typedef struct facts_page_ctx {
	sv_req *r;
} facts_page_ctx;

static int facts_row(const trawl_fact_info *f, void *u)
{
	sv_req *r = u;
	sv_buf *b = &r->out;

	sb_addf(b, "<tr class=\"k-%s\"><td><a href=\"", f->kind);
	doc_link(b, f->doc, f->page, f->start, f->end, NULL);
	sb_adds(b, "\">");
	sb_html(b, f->path ? f->path : f->doc);
	sb_adds(b, "</a></td><td class=\"num\">");
	if (f->paged)
		sb_addf(b, "%d", f->page);
	sb_adds(b, "</td><td>");
	sb_html(b, f->kind);
	sb_adds(b, "</td><td class=\"num\">");
	fact_value(b, f, 1);
	sb_adds(b, "</td><td><a class=\"quote\" href=\"");
	doc_link(b, f->doc, f->page, f->start, f->end, NULL);
	sb_adds(b, "\">");
	sb_html(b, f->text);
	sb_adds(b, "</a>");
	if (f->header_unread)
		sb_addf(b, " <span class=\"ocr uncertain\" title=\"read by OCR in a table column "
		        "whose header was not read: whether it is money, and its unit, were judged "
		        "from the figures alone; check it against the page\">OCR %.0f%% "
		        "uncertain: header not read</span>", f->ocr_conf);
	else if (f->ocr_split)
		sb_addf(b, " <span class=\"ocr uncertain\" title=\"read by OCR with another piece of a "
		        "number beside it: OCR may have split one figure in two; check it against the "
		        "page\">OCR %.0f%% uncertain: may be split</span>", f->ocr_conf);
	else if (f->uncertain)
		sb_addf(b, " <span class=\"ocr uncertain\" title=\"read by OCR from words of low "
		        "confidence: the figure may be wrong, check it against the page\">OCR %.0f%% "
		        "uncertain</span>", f->ocr_conf);
	else if (f->ocr)
		sb_addf(b, " <span class=\"ocr\" title=\"read by OCR: check the quote against the "
		        "page\">OCR %.0f%%</span>", f->ocr_conf);
	sb_adds(b, "</td><td>");
	sb_html(b, f->role ? f->role : f->label);
	if (f->column) {
		sb_adds(b, " / ");
		sb_html(b, f->column);
	}
	if (f->party) {
		sb_adds(b, " \u00b7 ");
		sb_html(b, f->party);
	}
	sb_adds(b, "</td><td class=\"num\">");
	if (f->year)
		sb_addf(b, "%d", f->year);
	sb_adds(b, "</td></tr>\n");
	return 0;
}

/* The facts options of the request (strings live in r). */
static void facts_opts(sv_req *r, trawl_facts_opts *o, trawl_filter *f)
{
	const char *k = arg(r, "fkind"), *s = arg(r, "fsort"), *doc = arg(r, "doc");

	memset(o, 0, sizeof *o);
	req_filter(r, f);
	o->filter = f;
	o->query = nz(arg(r, "q"));
	o->kind = NULL;
	for (int i = 0; k && fact_kinds[i]; i++)
		if (!strcmp(k, fact_kinds[i]))
			o->kind = fact_kinds[i];
	o->min = nz(arg(r, "min"));
	o->max = nz(arg(r, "max"));
	if (o->min && strspn(o->min, "0123456789.") != strlen(o->min))
		o->min = NULL;
	if (o->max && strspn(o->max, "0123456789.") != strlen(o->max))
		o->max = NULL;
	o->doc = is_doc_id(doc) ? doc : NULL;
	o->sort = s && !strcmp(s, "desc") ? TRAWL_FACTS_BY_VALUE_DESC :
	          s && !strcmp(s, "asc") ? TRAWL_FACTS_BY_VALUE_ASC :
	          s && !strcmp(s, "year") ? TRAWL_FACTS_BY_YEAR :
	          s && !strcmp(s, "path") ? TRAWL_FACTS_BY_POSITION : TRAWL_FACTS_BY_STORED;
}

/* The facts page's own arguments, for links (leaving out skip). */
static void facts_state(sv_req *r, sv_buf *b, const char *skip)
{
	static const char *const keys[] = { "fkind", "min", "max", "fsort", "doc", NULL };

	state_query(r, b, skip);
	for (int i = 0; keys[i]; i++) {
		const char *v = arg(r, keys[i]);
		if (!v || !*v || (skip && !strcmp(skip, keys[i])))
			continue;
		sb_addf(b, "&amp;%s=", keys[i]);
		sb_url(b, v);
	}
}

static void sort_head(sv_req *r, const char *label, const char *v)
{
	const char *cur = arg(r, "fsort");

	sb_adds(&r->out, "<a href=\"/facts?page=1");
	facts_state(r, &r->out, "fsort");
	sb_addf(&r->out, "&amp;fsort=%s\"%s>%s</a>", v, cur && !strcmp(cur, v) ? " class=\"on\"" : "",
	        label);
}

void page_facts(sv_req *r)
{
	trawl_facts_opts o;
	trawl_filter f;
	trawl_diag d;
	uint64_t n = 0;
	int pg = page_no(r);
	trawl_err e;
	const char *k = arg(r, "fkind");

	facts_opts(r, &o, &f);
	head(r, "Facts", "/facts");
	sb_adds(&r->out, "<h1>Facts</h1><form class=\"search\" method=\"get\" action=\"/facts\">"
	        "<input type=\"search\" name=\"q\" placeholder=\"the documents a search finds "
	        "(empty: all)\" value=\"");
	sb_html(&r->out, o.query);
	sb_adds(&r->out, "\"><label>Kind <select name=\"fkind\"><option value=\"\">all</option>");
	for (int i = 0; fact_kinds[i]; i++)
		sb_addf(&r->out, "<option%s>%s</option>", k && !strcmp(k, fact_kinds[i]) ? " selected" : "",
		        fact_kinds[i]);
	sb_adds(&r->out, "</select></label><label>Amount from <input class=\"num\" name=\"min\" value=\"");
	sb_html(&r->out, o.min);
	sb_adds(&r->out, "\"></label><label>to <input class=\"num\" name=\"max\" value=\"");
	sb_html(&r->out, o.max);
	sb_adds(&r->out, "\"></label>");
	for (int i = 1; state_keys[i]; i++) {
		const char *v = arg(r, state_keys[i]);
		if (!v || !*v)
			continue;
		sb_addf(&r->out, "<input type=\"hidden\" name=\"%s\" value=\"", state_keys[i]);
		sb_html(&r->out, v);
		sb_adds(&r->out, "\">");
	}
	if (o.doc)
		sb_addf(&r->out, "<input type=\"hidden\" name=\"doc\" value=\"%s\">", o.doc);
	sb_adds(&r->out, "<button>Show</button></form>");
	memset(&d, 0, sizeof d);
	/* counting millions of facts takes seconds: the page says 10,000+ */
	o.count_max = 10000;
	e = trawl_facts_count(r->s, &o, &n, &d);
	if (e) {
		sb_adds(&r->out, "<p class=\"error\">");
		sb_html(&r->out, d.msg[0] ? d.msg : trawl_strerror(e));
		sb_adds(&r->out, "</p>");
		foot(r);
		return;
	}
	sb_addf(&r->out, "<p class=\"count\" id=\"count\">%llu%s fact%s \u00b7 Export this view: "
	        "<a id=\"csv\" href=\"/api/v1/facts?as=csv", (unsigned long long)n,
	        n >= o.count_max ? "+" : "", n == 1 ? "" : "s");
	facts_state(r, &r->out, NULL);
	sb_adds(&r->out, "\" download>CSV</a> <a id=\"json\" href=\"/api/v1/facts?as=json");
	facts_state(r, &r->out, NULL);
	sb_adds(&r->out, "\" download>JSON</a></p>");
	sb_adds(&r->out, "<table class=\"facts\"><thead><tr><th>Document</th><th>Page</th><th>Kind</th><th>");
	sort_head(r, "Value \u2193", "desc");
	sb_adds(&r->out, " ");
	sort_head(r, "\u2191", "asc");
	sb_adds(&r->out, "</th><th>Quote</th><th>Label / role</th><th>");
	sort_head(r, "Year", "year");
	sb_adds(&r->out, "</th></tr></thead><tbody>");
	o.limit = 50;
	o.offset = (pg - 1) * 50;
	sv_check_d(r, trawl_facts(r->s, &o, facts_row, r, &d), &d);
	sb_adds(&r->out, "</tbody></table>");
	if (n > 50) {
		int pages = (int)((n + 49) / 50);
		int more = n >= o.count_max;
		sb_adds(&r->out, "<nav class=\"pages\">");
		if (pg > 1) {
			sb_addf(&r->out, "<a rel=\"prev\" href=\"/facts?page=%d", pg - 1);
			facts_state(r, &r->out, NULL);
			sb_adds(&r->out, "\">\u2190 previous</a>");
		}
		sb_addf(&r->out, "<span>page %d of %d%s</span>", pg, pages, more ? "+" : "");
		if (pg < pages || more) {
			sb_addf(&r->out, "<a rel=\"next\" href=\"/facts?page=%d", pg + 1);
			facts_state(r, &r->out, NULL);
			sb_adds(&r->out, "\">next \u2192</a>");
		}
		sb_adds(&r->out, "</nav>");
	}
	foot(r);
}

/* ---- compare ---- */

typedef struct diff_page_ctx {
	sv_req *r;
	int n;
} diff_page_ctx;

static void side_cell(sv_buf *b, const trawl_diff_side *s)
{
	if (!s) {
		sb_adds(b, "<td class=\"num\">\u2013</td><td></td>");
		return;
	}
	sb_adds(b, "<td class=\"num\">");
	if (s->value) {
		if (s->negative)
			sb_adds(b, "-");
		sb_amount(b, s->value);
	}
	sb_adds(b, "</td><td class=\"cite\"><a href=\"");
	doc_link(b, s->doc ? s->doc : "", s->page, s->start, s->end, NULL);
	sb_adds(b, "\">");
	sb_html(b, s->path ? s->path : s->doc);
	if (s->paged)
		sb_addf(b, " p.%d", s->page);
	sb_adds(b, " <q>");
	sb_html(b, s->text);
	sb_adds(b, "</q></a></td>");
}

static int diff_page_row(const trawl_diff_row *row, void *u)
{
	diff_page_ctx *c = u;
	sv_buf *b = &c->r->out;

	if (c->n++ >= 2000)
		return c->n > 2001;
	sb_addf(b, "<tr class=\"st-%s\"><td>%s</td><td>", row->status, row->status);
	if (row->code) {
		sb_html(b, row->code);
		sb_adds(b, " ");
	}
	sb_html(b, row->item);
	if (row->column) {
		sb_adds(b, " / ");
		sb_html(b, row->column);
	}
	if (strcmp(row->kind, "item")) {
		sb_adds(b, " <span class=\"tag\">new ");
		sb_html(b, row->kind);
		sb_adds(b, "</span>");
	}
	sb_adds(b, "</td>");
	side_cell(b, row->a);
	side_cell(b, row->b);
	sb_adds(b, "<td class=\"num\">");
	if (row->change) {
		/* the sign, then the amount with its separators */
		const char *v = row->change;
		if (*v == '+' || *v == '-')
			sb_add(b, v++, 1);
		else
			sb_adds(b, "+");
		sb_amount(b, v);
	}
	sb_adds(b, "</td></tr>\n");
	return 0;
}

static void one_diff(sv_req *r, const char *a, const char *b)
{
	trawl_diff_stats st;
	trawl_diag d;
	diff_page_ctx c = { r, 0 };
	trawl_err e;
	size_t at;

	memset(&d, 0, sizeof d);
	sb_adds(&r->out, "<section class=\"diff\"><h2>");
	sb_html(&r->out, a);
	sb_adds(&r->out, " \u2192 ");
	sb_html(&r->out, b);
	sb_adds(&r->out, "</h2>");
	at = r->out.len;
	sb_adds(&r->out, "<table class=\"diff\"><thead><tr><th>Status</th><th>Line item</th>"
	        "<th>A</th><th>A cited from</th><th>B</th><th>B cited from</th><th>Change</th>"
	        "</tr></thead><tbody>");
	e = trawl_diff(r->s, a, b, 0, diff_page_row, &c, &st, &d);
	if (e) {
		r->out.len = at;
		r->out.p[at] = '\0';
		sb_adds(&r->out, "<p class=\"error\">");
		sb_html(&r->out, d.msg[0] ? d.msg : trawl_strerror(e));
		sb_adds(&r->out, "</p></section>");
		return;
	}
	sb_adds(&r->out, "</tbody></table>");
	if (c.n > 2000)
		sb_addf(&r->out, "<p>The first 2,000 rows of %d. <a href=\"/api/v1/diff?as=csv&amp;a=",
		        c.n);
	else
		sb_adds(&r->out, "<p><a href=\"/api/v1/diff?as=csv&amp;a=");
	sb_url(&r->out, a);
	sb_adds(&r->out, "&amp;b=");
	sb_url(&r->out, b);
	sb_adds(&r->out, "\" download>Export as CSV</a></p>");
	sb_addf(&r->out, "<p class=\"count\">%llu added, %llu removed, %llu changed, %llu unchanged "
	        "line items; %llu new targets, %llu new paragraphs (A: %llu document%s, B: %llu "
	        "document%s%s)</p></section>",
	        (unsigned long long)st.added, (unsigned long long)st.removed,
	        (unsigned long long)st.changed, (unsigned long long)st.unchanged,
	        (unsigned long long)st.new_targets, (unsigned long long)st.new_paragraphs,
	        (unsigned long long)st.adocs, st.adocs == 1 ? "" : "s", (unsigned long long)st.bdocs,
	        st.bdocs == 1 ? "" : "s", st.by_code ? "; matched by item code" : "");
}

typedef struct years_ctx {
	int y[64];
	int n;
} years_ctx;

static int take_year(const trawl_facet *f, void *u)
{
	years_ctx *c = u;

	if (!strcmp(f->dim, "year") && c->n < 64)
		c->y[c->n++] = (int)strtol(f->value, NULL, 10);
	return 0;
}

void page_compare(sv_req *r)
{
	const char *split = nz(arg(r, "split"));
	const char *sides[6];
	char names[6][8];
	int n = 0;

	head(r, "Compare", "/compare");
	sb_adds(&r->out, "<h1>Compare</h1><p>Each side is one or more documents (ids or paths, "
	        "separated by spaces) or a search filter such as <code>kind:budget year:2023</code>. "
	        "Every row cites both sides.</p><form class=\"compare\" method=\"get\" "
	        "action=\"/compare\">");
	for (int i = 0; i < 6; i++) {
		snprintf(names[i], sizeof names[i], "s%d", i + 1);
		sides[i] = nz(arg(r, names[i]));
		if (i < 2 || sides[i] || (i > 0 && sides[i - 1])) {
			sb_addf(&r->out, "<label>Side %c <input name=\"%s\" value=\"", 'A' + i, names[i]);
			sb_html(&r->out, sides[i]);
			sb_adds(&r->out, "\"></label>");
		}
	}
	sb_adds(&r->out, "<button>Compare</button></form><form class=\"compare\" method=\"get\" "
	        "action=\"/compare\"><label>Or one filter, split by year <input name=\"split\" "
	        "placeholder=\"kind:budget place:吉林\" value=\"");
	sb_html(&r->out, split);
	sb_adds(&r->out, "\"></label><button>Compare the years</button></form>");
	if (split) {
		years_ctx yc;
		trawl_facets *fs = facets_get();
		trawl_filter any;
		trawl_diag d;
		memset(&yc, 0, sizeof yc);
		memset(&any, 0, sizeof any);
		memset(&d, 0, sizeof d);
		if (fs && trawl_facets_count(r->s, fs, split, &any, 0, take_year, &yc, NULL, &d)) {
			sb_adds(&r->out, "<p class=\"error\">");
			sb_html(&r->out, d.msg[0] ? d.msg : "the filter could not be read");
			sb_adds(&r->out, "</p>");
		}
		facets_put(fs);
		/* facets give years newest first: compare oldest to newest */
		if (yc.n < 2)
			sb_adds(&r->out, "<p class=\"none\">That filter finds fewer than two years.</p>");
		for (int i = yc.n - 1; i > 0; i--) {
			char a[600], b[600];
			snprintf(a, sizeof a, "%s year:%d", split, yc.y[i]);
			snprintf(b, sizeof b, "%s year:%d", split, yc.y[i - 1]);
			one_diff(r, a, b);
		}
	} else {
		for (int i = 0; i < 6; i++)
			if (sides[i])
				sides[n++] = sides[i];
		for (int i = 0; i + 1 < n; i++)
			one_diff(r, sides[i], sides[i + 1]);
	}
	foot(r);
}

/* ---- charts (the report, live) ---- */

typedef struct bar {
	char key[200];
	char amount[80];
	uint64_t docs;
	double v;
} bar;

typedef struct bars {
	bar b[40];
	int n;
	trawl_report_by by;
} bars;

static int take_bar(const trawl_report_row *row, void *u)
{
	bars *c = u;
	double v;

	if (row->total || !*row->key[0] || strcmp(row->currency, "CNY") || c->n >= 40)
		return 0;
	v = strtod(row->amount, NULL);
	if (v <= 0)
		return 0;
	snprintf(c->b[c->n].key, sizeof c->b[0].key, "%s", row->key[0]);
	snprintf(c->b[c->n].amount, sizeof c->b[0].amount, "%s", row->amount);
	c->b[c->n].docs = row->documents;
	c->b[c->n].v = v;
	c->n++;
	return 0;
}

/* A link to the documents behind a bar: the report's filter, and the
 * group as a search filter. */
static void bar_link(sv_req *r, trawl_report_by by, const char *key)
{
	const char *q = arg(r, "q");

	sb_adds(&r->out, "/?page=1");
	state_query(r, &r->out, "q");
	sb_adds(&r->out, "&amp;q=");
	if (by == TRAWL_BY_YEAR) {
		sb_url(&r->out, q ? q : "");
		sb_adds(&r->out, "&amp;year=");
		sb_url(&r->out, key);
		return;
	}
	{
		sv_buf t = { 0 };
		if (q && *q) {
			sb_adds(&t, q);
			sb_adds(&t, " ");
		}
		sb_adds(&t, by == TRAWL_BY_PLACE ? "place:" : by == TRAWL_BY_VENDOR ? "vendor:" : "agency:");
		/* a filter value is one word */
		for (const char *k = key; *k; k++)
			sb_add(&t, *k == ' ' ? "" : k, *k == ' ' ? 0 : 1);
		sb_url(&r->out, t.p ? t.p : "");
		sb_free(&t);
	}
}

static void chart(sv_req *r, trawl_report *rep, trawl_report_by by, const char *title)
{
	bars c;
	double top = 0;
	int h, max = by == TRAWL_BY_YEAR ? 40 : 15;

	memset(&c, 0, sizeof c);
	c.by = by;
	trawl_report_rows(rep, &by, 1, take_bar, &c);
	if (c.n > max)
		c.n = max;
	sb_addf(&r->out, "<section class=\"chart\" id=\"chart-%s\"><h2>%s</h2>",
	        trawl_report_by_name(by), title);
	if (!c.n) {
		sb_adds(&r->out, "<p class=\"none\">No CNY amounts to show.</p></section>");
		return;
	}
	for (int i = 0; i < c.n; i++)
		if (c.b[i].v > top)
			top = c.b[i].v;
	h = c.n * 28 + 8;
	sb_addf(&r->out, "<svg role=\"img\" viewBox=\"0 0 760 %d\" width=\"760\" height=\"%d\" "
	        "xmlns=\"http://www.w3.org/2000/svg\">", h, h);
	for (int i = 0; i < c.n; i++) {
		int w = (int)(c.b[i].v / top * 380.0 + 0.5), y = i * 28 + 4;
		if (w < 2)
			w = 2;
		sb_adds(&r->out, "<a class=\"bar\" href=\"");
		bar_link(r, by, c.b[i].key);
		sb_adds(&r->out, "\"><title>");
		sb_html(&r->out, c.b[i].key);
		sb_adds(&r->out, ": ");
		sb_amount(&r->out, c.b[i].amount);
		sb_addf(&r->out, " CNY, %llu document%s \u2014 click for them</title>",
		        (unsigned long long)c.b[i].docs, c.b[i].docs == 1 ? "" : "s");
		sb_addf(&r->out, "<text x=\"212\" y=\"%d\" text-anchor=\"end\" class=\"lbl\">", y + 15);
		sb_html(&r->out, c.b[i].key);
		sb_addf(&r->out, "</text><rect x=\"220\" y=\"%d\" width=\"%d\" height=\"20\" rx=\"2\"/>"
		        "<text x=\"%d\" y=\"%d\" class=\"val\">", y, w, 226 + w, y + 15);
		sb_amount(&r->out, c.b[i].amount);
		sb_adds(&r->out, "</text></a>");
	}
	sb_adds(&r->out, "</svg><p class=\"note\">CNY only, each document counted once with its "
	        "own amount. Click a bar for its documents.</p></section>");
}

/* A file in the store folder (topics.txt, aliases.txt), or NULL. */
static const char *store_file(const char *name, char *buf, size_t n)
{
	FILE *f;

	snprintf(buf, n, "%s/%s", sv->store_dir, name);
	f = fopen(buf, "r");
	if (!f)
		return NULL;
	fclose(f);
	return buf;
}

void page_report(sv_req *r)
{
	trawl_report_opts ro;
	trawl_report *rep = NULL;
	trawl_diag d;
	trawl_err e;
	char aliases[4200], topics[4200];
	const char *q = nz(arg(r, "q"));
	uint64_t nd = 0, nf = 0;
	sv_buf qfull = { 0 };

	head(r, "Charts", "/report");
	/* the search state as one query: q and the filters the query language has */
	if (q)
		sb_adds(&qfull, q);
	{
		static const char *const map[][2] = { { "kind", "kind:" }, { "year", "year:" },
			{ "place", "place:" }, { "format", "type:" }, { "vendor", "vendor:" },
			{ "agency", "agency:" } };
		for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
			const char *v = nz(arg(r, map[i][0]));
			if (!v || strchr(v, ' '))
				continue;
			if (qfull.len)
				sb_adds(&qfull, " ");
			sb_adds(&qfull, map[i][1]);
			sb_adds(&qfull, v);
		}
	}
	sb_adds(&r->out, "<h1>Charts</h1><form class=\"search\" method=\"get\" action=\"/report\">"
	        "<input type=\"search\" name=\"q\" placeholder=\"the documents a search finds (empty: "
	        "all)\" value=\"");
	sb_html(&r->out, qfull.p);
	sb_adds(&r->out, "\"><button>Show</button></form>");
	memset(&ro, 0, sizeof ro);
	memset(&d, 0, sizeof d);
	ro.query = qfull.p;
	ro.aliases_file = store_file("aliases.txt", aliases, sizeof aliases);
	ro.topics_file = store_file("topics.txt", topics, sizeof topics);
	e = trawl_report_open(r->s, &ro, &rep, &d);
	if (e) {
		sb_adds(&r->out, "<p class=\"error\">");
		sb_html(&r->out, d.msg[0] ? d.msg : trawl_strerror(e));
		sb_adds(&r->out, "</p>");
	} else {
		trawl_report_counts(rep, &nd, &nf);
		sb_addf(&r->out, "<p class=\"count\">%llu documents, %llu money facts</p>",
		        (unsigned long long)nd, (unsigned long long)nf);
		if (trawl_report_not_summed(rep))
			sb_addf(&r->out, "<p class=\"note\">%llu OCDS releases not added: a later "
			        "release of the same process is.</p>",
			        (unsigned long long)trawl_report_not_summed(rep));
		if (trawl_report_same_procurement(rep))
			sb_addf(&r->out, "<p class=\"note\">%llu documents' amounts not added: "
			        "another document of the same procurement (项目编号) is.</p>",
			        (unsigned long long)trawl_report_same_procurement(rep));
		if (trawl_report_same_invoice(rep))
			sb_addf(&r->out, "<p class=\"note\">%llu invoice%s amount%s not added: "
			        "another file of the same invoice (发票号码) is.</p>",
			        (unsigned long long)trawl_report_same_invoice(rep),
			        trawl_report_same_invoice(rep) == 1 ? "'s" : "s'",
			        trawl_report_same_invoice(rep) == 1 ? "" : "s");
		if (trawl_report_list_rows(rep))
			sb_addf(&r->out, "<p class=\"note\">%llu rows of lists not added again: "
			        "another award, contract or list states them.</p>",
			        (unsigned long long)trawl_report_list_rows(rep));
		if (trawl_report_uncertain(rep))
			sb_addf(&r->out, "<p class=\"note\"><span class=\"ocr uncertain\">%llu money "
			        "figures read by OCR as uncertain</span> (low confidence, or no column "
			        "header read) are in no total: check them against the page.</p>",
			        (unsigned long long)trawl_report_uncertain(rep));
		if (trawl_report_unstated(rep)) {
			trawl_report_source src;
			uint64_t n = trawl_report_unstated(rep);
			sb_addf(&r->out, "<p class=\"note\">%llu document%s of no known amount, not "
			        "added: a figure %s amount would be or add states no unit or currency:",
			        (unsigned long long)n, n == 1 ? "" : "s", n == 1 ? "its" : "each one's");
			for (uint64_t i = 0; i < n && i < 10 && trawl_report_unstated_source(rep, i, &src);
			     i++) {
				sb_adds(&r->out, i ? ", " : " ");
				sb_adds(&r->out, "<a href=\"/doc/");
				sb_html(&r->out, src.doc);
				sb_addf(&r->out, "?p=%d&amp;quote=", src.page > 0 ? src.page : 1);
				sb_url(&r->out, src.quote ? src.quote : "");
				sb_adds(&r->out, "\">\u00ab");
				sb_html(&r->out, src.quote ? src.quote : "");
				sb_adds(&r->out, "\u00bb</a>");
			}
			sb_adds(&r->out, n > 10 ? " …</p>" : ".</p>");
		}
		if (trawl_report_no_amount(rep)) {
			trawl_report_source src;
			uint64_t n = trawl_report_no_amount(rep);
			sb_addf(&r->out, "<p class=\"note\">%llu award%s, contract%s or budget%s of no "
			        "amount read, not added:", (unsigned long long)n, n == 1 ? "" : "s",
			        n == 1 ? "" : "s", n == 1 ? "" : "s");
			for (uint64_t i = 0; i < n && i < 10 && trawl_report_no_amount_source(rep, i, &src);
			     i++) {
				sb_adds(&r->out, i ? ", " : " ");
				sb_adds(&r->out, "<a href=\"/doc/");
				sb_html(&r->out, src.doc);
				sb_adds(&r->out, "\">");
				sb_html(&r->out, src.path ? src.path : src.doc);
				sb_adds(&r->out, "</a>");
			}
			sb_adds(&r->out, n > 10 ? " …</p>" : ".</p>");
		}
		chart(r, rep, TRAWL_BY_YEAR, "Spending by year");
		chart(r, rep, TRAWL_BY_PLACE, "By place");
		chart(r, rep, TRAWL_BY_VENDOR, "Top vendors");
		chart(r, rep, TRAWL_BY_AGENCY, "Top agencies");
		trawl_report_free(rep);
	}
	sb_free(&qfull);
	foot(r);
}

/* ---- watchlists ---- */

typedef struct watch_page_ctx {
	sv_req *r;
	int64_t seen;
	int n;
	char names[64][201];
	char queries[64][1024];
	uint64_t news[64];
} watch_page_ctx;

static int watch_take(const trawl_watch *w, void *u)
{
	watch_page_ctx *c = u;

	if (c->n >= 64)
		return 1;
	snprintf(c->names[c->n], sizeof c->names[0], "%s", w->name);
	snprintf(c->queries[c->n], sizeof c->queries[0], "%s", w->query);
	c->news[c->n] = w->new_documents;
	c->n++;
	return 0;
}

static int new_doc(const trawl_hit *h, void *u)
{
	sv_req *r = u;

	sb_adds(&r->out, "<li><a href=\"");
	doc_link(&r->out, h->doc, 1, 0, 0, NULL);
	sb_adds(&r->out, "\">");
	sb_html(&r->out, h->title && *h->title ? h->title : h->path);
	sb_adds(&r->out, "</a> <span class=\"where\">");
	sb_html(&r->out, h->path);
	sb_adds(&r->out, "</span></li>");
	return 0;
}

void page_watch(sv_req *r)
{
	watch_page_ctx *c = calloc(1, sizeof *c);
	const char *seen = MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, "trawl_seen");
	int64_t now_mark = 0;
	trawl_diag d;

	if (!c) {
		page_error(r, 500, "out of memory");
		return;
	}
	c->r = r;
	c->seen = seen ? strtoll(seen, NULL, 10) : 0;
	trawl_store_mark(r->s, &now_mark, NULL);
	head(r, "Watchlists", "/watch");
	sb_adds(&r->out, "<h1>Watchlists</h1>");
	if (c->seen > 0)
		sb_adds(&r->out, "<p>New since your last visit to this page, for each saved query "
		        "(and <q>new</q> since the watch last ran on the command line):</p>");
	else
		sb_adds(&r->out, "<p>Your first visit: everything counts as new. Next time this page "
		        "shows what was added since.</p>");
	memset(&d, 0, sizeof d);
	sv_check(r, trawl_watch_list(r->s, watch_take, c, &d));
	if (!c->n)
		sb_adds(&r->out, "<p class=\"none\">No saved queries yet.</p>");
	for (int i = 0; i < c->n; i++) {
		trawl_search_opts o;
		trawl_search_stats st;
		memset(&o, 0, sizeof o);
		o.files = 1;
		o.limit = 50;
		o.since = c->seen;
		sb_adds(&r->out, "<section class=\"watch\"><h2>");
		sb_html(&r->out, c->names[i]);
		sb_adds(&r->out, "</h2><p><a href=\"/?q=");
		sb_url(&r->out, c->queries[i]);
		sb_adds(&r->out, "\"><code>");
		sb_html(&r->out, c->queries[i]);
		sb_addf(&r->out, "</code></a> \u00b7 %llu new since the watch last ran</p><ul>",
		        (unsigned long long)c->news[i]);
		memset(&st, 0, sizeof st);
		sv_check(r, trawl_search(r->s, c->queries[i], &o, new_doc, r, &st, &d));
		sb_addf(&r->out, "</ul><p class=\"count\">%llu new since your last visit</p>",
		        (unsigned long long)st.documents);
		if (sv->allow_add) {
			sb_adds(&r->out, "<form method=\"post\" action=\"/api/v1/watches/delete\" "
			        "class=\"inline\"><input type=\"hidden\" name=\"csrf\" value=\"");
			sb_html(&r->out, r->csrf);
			sb_adds(&r->out, "\"><input type=\"hidden\" name=\"name\" value=\"");
			sb_html(&r->out, c->names[i]);
			sb_adds(&r->out, "\"><button>Remove</button></form>");
		}
		sb_adds(&r->out, "</section>");
	}
	if (sv->allow_add) {
		sb_adds(&r->out, "<h2>Save a query</h2><form method=\"post\" action=\"/api/v1/watches\" "
		        "class=\"search\"><input type=\"hidden\" name=\"csrf\" value=\"");
		sb_html(&r->out, r->csrf);
		sb_adds(&r->out, "\"><input name=\"name\" placeholder=\"name\" required>"
		        "<input name=\"query\" placeholder=\"遣返 OR 遣送\" required><button>Save</button>"
		        "</form>");
	} else {
		sb_adds(&r->out, "<p class=\"note\">The store is open read-only: save queries with "
		        "<code>trawl watch add NAME QUERY</code>, or start <code>trawl serve "
		        "--allow-add</code>.</p>");
	}
	snprintf(r->set_cookie, sizeof r->set_cookie,
	         "trawl_seen=%lld; Path=/; HttpOnly; SameSite=Strict; Max-Age=31536000",
	         (long long)now_mark);
	foot(r);
	free(c);
}

/* ---- entities ---- */

static int entity_row(const trawl_report_row *row, void *u)
{
	sv_req *r = u;
	const char *role = row->key[1];

	sb_adds(&r->out, "<tr><td><a href=\"/?q=");
	{
		sv_buf t = { 0 };
		sb_adds(&t, !strcmp(role, "vendor") ? "vendor:" : !strcmp(role, "buyer") ? "buyer:" :
		        "agency:");
		for (const char *k = row->key[0]; *k; k++)
			if (*k != ' ')
				sb_add(&t, k, 1);
		sb_url(&r->out, t.p ? t.p : "");
		sb_free(&t);
	}
	sb_adds(&r->out, "\">");
	sb_html(&r->out, row->key[0]);
	sb_adds(&r->out, "</a></td><td>");
	sb_html(&r->out, role);
	sb_addf(&r->out, "</td><td class=\"num\">%llu</td><td class=\"num\">",
	        (unsigned long long)row->documents);
	if (!row->top.doc && (!row->amount || !strcmp(row->amount, "0"))) {
		/* no document's amount added: not a 0 paid */
		sb_adds(&r->out, "-");
	} else {
		sb_amount(&r->out, row->amount);
		sb_adds(&r->out, " ");
		sb_html(&r->out, row->currency);
	}
	sb_adds(&r->out, "</td><td>");
	sb_html(&r->out, row->names);
	sb_adds(&r->out, "</td><td>");
	if (row->top.doc) {
		sb_adds(&r->out, "<a href=\"/doc/");
		sb_html(&r->out, row->top.doc);
		sb_addf(&r->out, "?p=%d&amp;quote=", row->top.page > 0 ? row->top.page : 1);
		sb_url(&r->out, row->top.quote ? row->top.quote : "");
		sb_adds(&r->out, "\">");
		sb_html(&r->out, row->top.quote);
		sb_adds(&r->out, "</a>");
		if (row->top.sum)
			sb_adds(&r->out, " + others (a sum)");
	}
	sb_adds(&r->out, "</td></tr>\n");
	return 0;
}

void page_entities(sv_req *r)
{
	static const char *const roles[] = { "vendor", "buyer", "agency", "issuer", NULL };
	const char *role = arg(r, "role"), *q = nz(arg(r, "q"));
	trawl_report_opts ro;
	trawl_report *rep = NULL;
	trawl_diag d;
	trawl_err e;
	char aliases[4200];
	const char *rl = NULL;

	for (int i = 0; role && roles[i]; i++)
		if (!strcmp(role, roles[i]))
			rl = roles[i];
	head(r, "Entities", "/entities");
	sb_adds(&r->out, "<h1>Entities</h1><form class=\"search\" method=\"get\" action=\"/entities\">"
	        "<input type=\"search\" name=\"q\" placeholder=\"the documents a search finds (empty: "
	        "all)\" value=\"");
	sb_html(&r->out, q);
	sb_adds(&r->out, "\"><label>Role <select name=\"role\"><option value=\"\">all</option>");
	for (int i = 0; roles[i]; i++)
		sb_addf(&r->out, "<option%s>%s</option>", rl == roles[i] ? " selected" : "", roles[i]);
	sb_adds(&r->out, "</select></label><button>Show</button></form>");
	memset(&ro, 0, sizeof ro);
	memset(&d, 0, sizeof d);
	ro.query = q;
	ro.aliases_file = store_file("aliases.txt", aliases, sizeof aliases);
	sb_adds(&r->out, ro.aliases_file ? "<p class=\"note\">Names are merged through the store's "
	        "aliases.txt.</p>" : "<p class=\"note\">Put an aliases.txt in the store folder to merge "
	        "names (see docs/report.md).</p>");
	e = trawl_report_open(r->s, &ro, &rep, &d);
	if (e) {
		sb_adds(&r->out, "<p class=\"error\">");
		sb_html(&r->out, d.msg[0] ? d.msg : trawl_strerror(e));
		sb_adds(&r->out, "</p>");
	} else {
		sb_adds(&r->out, "<table class=\"entities\"><thead><tr><th>Name</th><th>Role</th>"
		        "<th>Documents</th><th>Amount</th><th>Also as</th><th>Largest amount from</th>"
		        "</tr></thead><tbody>");
		trawl_report_entities(rep, rl, entity_row, r);
		sb_adds(&r->out, "</tbody></table>");
		trawl_report_free(rep);
	}
	foot(r);
}

/* ---- adding files ---- */

void page_add(sv_req *r)
{
	if (!sv->allow_add) {
		page_error(r, 403, "This server was started without --allow-add: the store is "
		                   "read-only.");
		return;
	}
	head(r, "Add files", "/add");
	sb_adds(&r->out, "<h1>Add files</h1><div class=\"drop\" id=\"drop\"><p>Drop files or a "
	        "folder here</p><p><label>or choose files <input type=\"file\" id=\"files\" "
	        "multiple></label> <label>or a folder <input type=\"file\" id=\"folder\" "
	        "webkitdirectory></label></p></div><progress id=\"progress\" value=\"0\" max=\"1\">"
	        "</progress><p id=\"status\" class=\"count\"></p><ol id=\"results\" class=\"results\">"
	        "</ol>");
	foot(r);
}
