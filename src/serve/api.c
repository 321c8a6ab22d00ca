/* The JSON API under /api/v1/ (docs/api.md). The pages use it for the
 * boxes on a PDF page, exports, watches and uploads; every record is
 * written by the library's one serialisation (trawl/json.h), as the CLI's
 * --json writes it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "serve.h"

#define EXPORT_MAX 1000000   /* rows in one export */

static void json_out(sv_req *r, trawl_json *j)
{
	size_t n;
	const char *t;

	if (trawl_json_err(j)) {
		api_error(r, 500, trawl_strerror(trawl_json_err(j)));
		return;
	}
	t = trawl_json_text(j, &n);
	sb_add(&r->out, t, n);
	sb_adds(&r->out, "\n");
	r->ctype = "application/json";
}

/* What the user's searches may miss (the pages' notice), as "notice" in
 * the answer's object. */
static void json_notice(sv_req *r, trawl_json *j)
{
	if (r->notice[0]) {
		trawl_json_key(j, "notice");
		trawl_json_str(j, r->notice);
	}
}

void api_error(sv_req *r, int status, const char *msg)
{
	trawl_json *j = trawl_json_new();

	sb_free(&r->out);
	r->status = status;
	r->ctype = "application/json";
	if (!j) {
		sb_adds(&r->out, "{\"error\":\"out of memory\"}\n");
		return;
	}
	trawl_json_obj(j);
	trawl_json_key(j, "error");
	trawl_json_str(j, msg);
	trawl_json_end(j);
	json_out(r, j);
	r->status = status;
	trawl_json_free(j);
}

static int status_of(trawl_err e)
{
	return e == TRAWL_EUSAGE ? 400 : e == TRAWL_ENOTFOUND ? 404 :
	       e == TRAWL_EUNSUPPORTED ? 415 : 500;
}

static void fail(sv_req *r, trawl_err e, const trawl_diag *d)
{
	api_error(r, status_of(e), d && d->msg[0] ? d->msg : trawl_strerror(e));
}

static int int_arg(sv_req *r, const char *k, int def, int lo, int hi)
{
	const char *v = arg(r, k);
	char *end;
	long n;

	if (!v || !*v)
		return def;
	n = strtol(v, &end, 10);
	if (*end)
		return def;
	return n < lo ? lo : n > hi ? hi : (int)n;
}

/* ---- search ---- */

typedef struct jctx {
	trawl_json *j;
	sv_req *r;
	int n;
	int csv;
} jctx;

static int search_hit(const trawl_hit *h, void *u)
{
	jctx *c = u;

	trawl_json_hit(c->j, h, 1);
	trawl_json_key(c->j, "marked");  /* the snippet with \u0001 \u0002 around matches */
	trawl_json_str(c->j, h->snippet);
	trawl_json_end(c->j);
	return 0;
}

static int facet_json(const trawl_facet *f, void *u)
{
	jctx *c = u;

	trawl_json_obj(c->j);
	trawl_json_key(c->j, "dim");
	trawl_json_str(c->j, f->dim);
	trawl_json_key(c->j, "value");
	trawl_json_str(c->j, f->value);
	trawl_json_key(c->j, "documents");
	trawl_json_int(c->j, (int64_t)f->documents);
	trawl_json_end(c->j);
	return 0;
}

static void api_search(sv_req *r)
{
	const char *q = arg(r, "q"), *sort = arg(r, "sort");
	trawl_filter f;
	trawl_search_opts o;
	trawl_search_stats st;
	trawl_diag d;
	trawl_json *j = trawl_json_new();
	jctx c = { j, r, 0, 0 };
	trawl_err e;
	trawl_json *fj = trawl_json_new();
	jctx fc = { fj, r, 0, 0 };
	trawl_facets *fs = NULL;
	int pending = 0;

	if (!j || !fj) {
		trawl_json_free(j);
		trawl_json_free(fj);
		api_error(r, 500, "out of memory");
		return;
	}
	req_filter(r, &f);
	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	o.limit = int_arg(r, "limit", 20, 1, 1000);
	o.offset = int_arg(r, "offset", 0, 0, 1 << 30);
	o.files = int_arg(r, "files", 0, 0, 1);
	o.filter = &f;
	o.sort = sort && !strcmp(sort, "date") ? TRAWL_SORT_DATE :
	         sort && !strcmp(sort, "amount") ? TRAWL_SORT_AMOUNT : TRAWL_SORT_RELEVANCE;
	/* the facets from the search's own evaluation of the query, counted
	 * before the first hit */
	if (int_arg(r, "facets", 1, 0, 1)) {
		fs = facets_get();
		if (fs) {
			o.facet = facet_json;
			o.facet_udata = &fc;
			o.facet_values = int_arg(r, "facet_values", 12, 0, 100000);
			o.facet_snapshot = fs;
		} else {
			pending = 1; /* the first snapshot is still being made */
		}
		trawl_json_arr(fj);
	}
	trawl_json_obj(j);
	trawl_json_key(j, "query");
	trawl_json_str(j, q ? q : "");
	trawl_json_key(j, "hits");
	trawl_json_arr(j);
	e = trawl_search(r->s, q, &o, search_hit, &c, &st, &d);
	facets_put(fs);
	/* facets counted in part would be wrong counts: the request fails */
	if (e) {
		trawl_json_free(j);
		trawl_json_free(fj);
		fail(r, e, &d);
		return;
	}
	if (int_arg(r, "facets", 1, 0, 1))
		trawl_json_end(fj);
	trawl_json_end(j);
	trawl_json_key(j, "total_hits");
	trawl_json_int(j, (int64_t)st.hits);
	trawl_json_key(j, "total_documents");
	trawl_json_int(j, (int64_t)st.documents);
	trawl_json_key(j, "offset");
	trawl_json_int(j, o.offset);
	if (int_arg(r, "facets", 1, 0, 1)) {
		size_t n;
		const char *t = trawl_json_text(fj, &n);
		if (trawl_json_err(fj))
			r->out.failed = 1;
		trawl_json_key(j, "facets");
		trawl_json_raw(j, t, n);
		if (pending) {
			trawl_json_key(j, "facets_pending");
			trawl_json_bool(j, 1);
		}
	}
	json_notice(r, j);
	trawl_json_end(j);
	json_out(r, j);
	trawl_json_free(j);
	trawl_json_free(fj);
}

/* ---- facts ---- */

static void csv_field(sv_buf *b, const char *v, int last)
{
	if (v && (strpbrk(v, ",\"\n\r") || *v == ' ')) {
		sb_adds(b, "\"");
		for (; *v; v++) {
			if (*v == '"')
				sb_adds(b, "\"");
			sb_add(b, v, 1);
		}
		sb_adds(b, "\"");
	} else if (v) {
		/* a cell a spreadsheet would take for a formula is quoted as text */
		if (*v == '=' || *v == '+' || *v == '@' || (*v == '-' && v[1] && !strchr("0123456789.", v[1])))
			sb_adds(b, "'");
		sb_adds(b, v);
	}
	sb_adds(b, last ? "\n" : ",");
}

static int fact_csv(const trawl_fact_info *f, void *u)
{
	jctx *c = u;
	sv_buf *b = &c->r->out;
	char value[300], page[16], se[48]; /* a value is at most 255 bytes */

	if (c->n++ >= EXPORT_MAX)
		return 1;
	snprintf(value, sizeof value, "%s%s", f->negative ? "-" : "", f->value ? f->value : "");
	snprintf(page, sizeof page, "%d", f->page);
	/* the columns of trawl facts --csv */
	csv_field(b, f->doc, 0);
	csv_field(b, f->path, 0);
	csv_field(b, f->paged ? page : "", 0);
	csv_field(b, f->kind, 0);
	csv_field(b, f->text, 0);
	csv_field(b, f->value ? (f->negative ? value : f->value) : "", 0);
	csv_field(b, f->value_hi, 0);
	csv_field(b, f->unit, 0);
	csv_field(b, f->unit_source, 0);
	csv_field(b, f->currency, 0);
	csv_field(b, f->comparator, 0);
	csv_field(b, f->precision, 0);
	csv_field(b, f->role, 0);
	csv_field(b, f->code, 0);
	csv_field(b, f->label, 0);
	csv_field(b, f->column, 0);
	csv_field(b, f->caption, 0);
	csv_field(b, f->party, 0);
	snprintf(se, sizeof se, "%lld", (long long)f->start);
	csv_field(b, se, 0);
	snprintf(se, sizeof se, "%lld", (long long)f->end);
	csv_field(b, se, 0);
	csv_field(b, f->attrs, 0);
	/* OCR'd text: the confidence of its words (as the CLI's), and
	 * whether that is too low to trust the figure */
	snprintf(se, sizeof se, "%.0f", f->ocr_conf);
	csv_field(b, f->ocr ? se : "", 0);
	csv_field(b, f->uncertain ? "1" : "", 1);
	return 0;
}

static int fact_json(const trawl_fact_info *f, void *u)
{
	jctx *c = u;

	if (c->n++ >= EXPORT_MAX)
		return 1;
	trawl_json_fact(c->j, f, 0);
	return 0;
}

/* JSON Lines, as trawl facts --json writes them */
static int fact_line(const trawl_fact_info *f, void *u)
{
	jctx *c = u;
	size_t n;
	const char *t;

	if (c->n++ >= EXPORT_MAX)
		return 1;
	trawl_json_clear(c->j);
	trawl_json_fact(c->j, f, 0);
	if (trawl_json_err(c->j)) {
		c->r->out.failed = 1; /* a 500, not an export short of a row */
		return 1;
	}
	t = trawl_json_text(c->j, &n);
	sb_add(&c->r->out, t, n);
	sb_adds(&c->r->out, "\n");
	return 0;
}

static void api_facts(sv_req *r)
{
	static const char *const kinds[] = { "money", "item", "date", "quantity", "party", "place", "indicator", "project",
		NULL };
	const char *fmt = arg(r, "as"), *k = arg(r, "fkind"), *s = arg(r, "fsort");
	const char *doc = arg(r, "doc");
	trawl_facts_opts o;
	trawl_filter f;
	trawl_diag d;
	trawl_json *j = trawl_json_new();
	jctx c = { j, r, 0, 0 };
	trawl_err e;
	uint64_t n = 0;
	int download = fmt && (!strcmp(fmt, "csv") || !strcmp(fmt, "json"));

	if (!j) {
		api_error(r, 500, "out of memory");
		return;
	}
	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	req_filter(r, &f);
	o.filter = &f;
	o.query = arg(r, "q") && *arg(r, "q") ? arg(r, "q") : NULL;
	if (!k)
		k = arg(r, "kind_of_fact");
	for (int i = 0; k && kinds[i]; i++)
		if (!strcmp(k, kinds[i]))
			o.kind = kinds[i];
	if (k && *k && !o.kind) {
		trawl_json_free(j);
		api_error(r, 400, "fkind is one of money, item, date, quantity, party, place, indicator, project");
		return;
	}
	o.min = arg(r, "min") && *arg(r, "min") ? arg(r, "min") : NULL;
	o.max = arg(r, "max") && *arg(r, "max") ? arg(r, "max") : NULL;
	o.doc = is_doc_id(doc) ? doc : NULL;
	o.page = o.doc ? int_arg(r, "page_of_doc", 0, 0, 1 << 30) : 0;
	o.sort = s && !strcmp(s, "desc") ? TRAWL_FACTS_BY_VALUE_DESC :
	         s && !strcmp(s, "asc") ? TRAWL_FACTS_BY_VALUE_ASC :
	         s && !strcmp(s, "year") ? TRAWL_FACTS_BY_YEAR :
	          s && !strcmp(s, "path") ? TRAWL_FACTS_BY_POSITION : TRAWL_FACTS_BY_STORED;
	/* an export counts to one past its limit; a page of the list to 100,000 */
	o.count_max = download ? EXPORT_MAX + 1 : 100000;
	e = trawl_facts_count(r->s, &o, &n, &d);
	if (e) {
		trawl_json_free(j);
		fail(r, e, &d);
		return;
	}
	if (download) {
		snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"trawl-facts.%s\"",
		         !strcmp(fmt, "csv") ? "csv" : "jsonl");
		if (n > EXPORT_MAX)
			api_error(r, 413, "more than 1,000,000 facts: narrow the view to export it");
	}
	if (download && n <= EXPORT_MAX) {
		int csv = !strcmp(fmt, "csv");
		c.csv = csv;
		if (csv)
			sb_adds(&r->out, "doc,path,page,kind,text,value,value_hi,unit,unit_source,currency,"
			        "comparator,precision,role,code,label,column,caption,party,start,end,attrs,ocr,uncertain\n");
		e = trawl_facts(r->s, &o, csv ? fact_csv : fact_line, &c, &d);
		r->ctype = csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
		if (e)
			fail(r, e, &d);
	}
	if (download) {
		trawl_json_free(j);
		return;
	}
	o.limit = int_arg(r, "limit", 50, 1, 10000);
	o.offset = int_arg(r, "offset", 0, 0, 1 << 30);
	trawl_json_obj(j);
	trawl_json_key(j, "total");
	trawl_json_int(j, (int64_t)n);
	trawl_json_key(j, "total_is_at_least");
	trawl_json_bool(j, n >= o.count_max);
	trawl_json_key(j, "facts");
	trawl_json_arr(j);
	e = trawl_facts(r->s, &o, fact_json, &c, &d);
	trawl_json_end(j);
	json_notice(r, j);
	trawl_json_end(j);
	if (e)
		fail(r, e, &d);
	else
		json_out(r, j);
	trawl_json_free(j);
}

/* ---- documents ---- */

typedef struct ls_page {
	jctx c;
	int from, to, i;
} ls_page;

static int doc_page(const trawl_doc_info *d, void *u)
{
	ls_page *p = u;

	if (p->i >= p->from && p->i < p->to)
		trawl_json_doc(p->c.j, d, 0);
	p->i++;
	return 0;
}

static int unit_json(const trawl_unit_info *ui, void *u)
{
	jctx *c = u;

	trawl_json_unit(c->j, (const char *)c->r->upload_path, ui, 0);
	return 0;
}

static int sighting_json(const trawl_sighting *s, void *u)
{
	jctx *c = u;

	trawl_json_sighting(c->j, s, 0);
	return 0;
}

static int field_json(const char *k, const char *v, void *u)
{
	jctx *c = u;

	trawl_json_key(c->j, k);
	trawl_json_str(c->j, v);
	return 0;
}

/* A store call that failed: 500 with what the store said (the engine's
 * own message), logged for whoever runs the server; out of memory says so. */
static void store_failed(sv_req *r, trawl_err e, const trawl_diag *d)
{
	char msg[700];

	sv_errtext(e, d->msg, msg, sizeof msg);
	sv_log(r, "%s", msg);
	api_error(r, 500, msg);
}

static void api_document(sv_req *r, const char *id)
{
	trawl_doc_info d;
	trawl_json *j = trawl_json_new();
	jctx c = { j, r, 0, 0 };
	trawl_diag dg;
	trawl_err e;

	if (!j) {
		api_error(r, 500, "out of memory");
		return;
	}
	memset(&dg, 0, sizeof dg);
	if ((e = trawl_doc_get(r->s, id, &d, &dg))) {
		trawl_json_free(j);
		/* (out of memory is not "no such document") */
		if (e == TRAWL_ENOTFOUND)
			api_error(r, 404, "no such document");
		else
			store_failed(r, e, &dg);
		return;
	}
	trawl_json_obj(j);
	trawl_json_key(j, "document");
	trawl_json_doc(j, &d, 0);
	trawl_json_key(j, "versions");
	trawl_json_arr(j);
	sv_check_d(r, trawl_doc_sightings(r->s, id, sighting_json, &c, &dg), &dg);
	trawl_json_end(j);
	trawl_json_key(j, "fields");
	trawl_json_obj(j);
	sv_check_d(r, trawl_doc_fields(r->s, id, field_json, &c, &dg), &dg);
	trawl_json_end(j);
	if (int_arg(r, "text", 0, 0, 1)) {
		/* the id for unit_json: kept in a field the request does not use */
		snprintf(r->upload_path, sizeof r->upload_path, "%s", id);
		trawl_json_key(j, "units");
		trawl_json_arr(j);
		sv_check_d(r, trawl_doc_units(r->s, id, int_arg(r, "page", 0, 0, 1 << 30), unit_json,
		                              &c, &dg), &dg);
		trawl_json_end(j);
		r->upload_path[0] = '\0';
	}
	trawl_json_end(j);
	json_out(r, j);
	trawl_json_free(j);
}

/* The boxes of a page: search matches, facts, the cited place. */
typedef struct box_ctx {
	trawl_json *j;
	const char *kind;
	size_t *ranges;
	size_t n, cap;
	/* the facts behind the ranges (for their labels) */
	char **labels;
	int64_t *cstart;
	int failed;          /* out of memory: boxes would be missing */
} box_ctx;

static int range_add(box_ctx *b, size_t s, size_t e, const char *label, int64_t cs)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		size_t *nr = cap > SIZE_MAX / 4 / sizeof *nr ? NULL : realloc(b->ranges, cap * 2 * sizeof *nr);
		char **nl = nr ? realloc(b->labels, cap * sizeof *nl) : NULL;
		int64_t *nc = nl ? realloc(b->cstart, cap * sizeof *nc) : NULL;
		if (nr)
			b->ranges = nr;
		if (nl)
			b->labels = nl;
		if (nc)
			b->cstart = nc;
		if (!nr || !nl || !nc) {
			b->failed = 1;
			return 1;
		}
		b->cap = cap;
	}
	b->ranges[2 * b->n] = s;
	b->ranges[2 * b->n + 1] = e;
	b->labels[b->n] = label ? strdup(label) : NULL;
	if (label && !b->labels[b->n]) {
		b->failed = 1;
		return 1;
	}
	b->cstart[b->n] = cs;
	b->n++;
	return 0;
}

static int hit_range(size_t s, size_t e, void *u)
{
	return range_add(u, s, e, NULL, -1);
}

static int fact_range(const trawl_fact_info *f, void *u)
{
	char label[300];

	snprintf(label, sizeof label, "%s: %s%s%s%s%s", f->kind, f->negative ? "-" : "",
	         f->value ? f->value : "", f->currency ? " " : "", f->currency ? f->currency : "",
	         f->unit && !f->currency && strcmp(f->kind, "date") ? f->unit : "");
	if (f->bend <= f->bstart)
		return 0;
	return range_add(u, (size_t)f->bstart, (size_t)f->bend, label, f->start);
}

typedef struct text_of {
	char *t;
	size_t len;
} text_of;

static int take_text(const trawl_unit_info *ui, void *u)
{
	text_of *t = u;

	if (!t->t) {
		t->t = malloc(ui->len + 1);
		if (!t->t)
			return 1;
		memcpy(t->t, ui->text ? ui->text : "", ui->len);
		t->t[ui->len] = '\0';
		t->len = ui->len;
	}
	return 0;
}

typedef struct emit_ctx {
	trawl_json *j;
	box_ctx *b;
	size_t nhits, nfacts;  /* ranges: hits first, then facts, then the cited place */
} emit_ctx;

static int emit_box(const trawl_box *bx, void *u)
{
	emit_ctx *e = u;
	const char *kind = bx->range < e->nhits ? "hit" :
	                   bx->range < e->nhits + e->nfacts ? "fact" : "cite";

	trawl_json_obj(e->j);
	trawl_json_key(e->j, "kind");
	trawl_json_str(e->j, kind);
	trawl_json_key(e->j, "x0");
	trawl_json_num(e->j, bx->x0);
	trawl_json_key(e->j, "y0");
	trawl_json_num(e->j, bx->y0);
	trawl_json_key(e->j, "x1");
	trawl_json_num(e->j, bx->x1);
	trawl_json_key(e->j, "y1");
	trawl_json_num(e->j, bx->y1);
	if (e->b->labels[bx->range]) {
		trawl_json_key(e->j, "label");
		trawl_json_str(e->j, e->b->labels[bx->range]);
	}
	if (e->b->cstart[bx->range] >= 0) {
		trawl_json_key(e->j, "start");
		trawl_json_int(e->j, e->b->cstart[bx->range]);
	}
	trawl_json_end(e->j);
	return 0;
}

static size_t char_byte(const char *t, size_t len, long long c)
{
	long long k = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)t[i] & 0xC0) != 0x80) {
			if (k == c)
				return i;
			k++;
		}
	return len;
}

/* A warning about the renderers' confinement (seccomp could not be
 * loaded, ...), which comes with the first of them: once, on stderr. */
static void page_warning(void)
{
	char note[400];

	if (trawl_viewer_warning(sv->viewer, note, sizeof note))
		fprintf(stderr, "trawl: serve: warning: %s\n", note);
}

/* The pages whose renderer failed lately (crashed, hung, or MuPDF could
 * not draw them). Asked again within BAD_PAGE_SECONDS, the answer is the
 * same failure at once, not another renderer spent on a PDF that crashes
 * or hangs MuPDF: a page's image and its boxes are asked for together,
 * and the page asks once more for the message. */
#define BAD_PAGES 32
#define BAD_PAGE_SECONDS 60

static struct bad_page {
	char id[65];
	int page, status;
	char msg[700];
	struct timespec at;
} bad_pages[BAD_PAGES];
static int bad_next;
static pthread_mutex_t bad_lock = PTHREAD_MUTEX_INITIALIZER;

static double since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Answers a request for a page that failed lately as it failed; 0 when
 * the page is not known to fail. */
static int page_known_bad(sv_req *r, const char *id, int page)
{
	int status = 0;
	char msg[700];

	pthread_mutex_lock(&bad_lock);
	for (int i = 0; i < BAD_PAGES && !status; i++)
		if (bad_pages[i].page == page && !strcmp(bad_pages[i].id, id) &&
		    since(&bad_pages[i].at) < BAD_PAGE_SECONDS) {
			status = bad_pages[i].status;
			snprintf(msg, sizeof msg, "%s", bad_pages[i].msg);
		}
	pthread_mutex_unlock(&bad_lock);
	if (status)
		api_error(r, status, msg);
	return status != 0;
}

/* A page that could not be drawn or measured: a renderer that hit its
 * time limit is a 503 (the server is fine; the page may draw another
 * time), anything else a 500; the message says what happened, and the
 * server's log too. */
static void page_failed(sv_req *r, const char *id, int page, trawl_err e, const trawl_diag *d)
{
	char msg[700];
	int status = e == TRAWL_ETOOBIG || !sv->viewer ? 503 : 500;

	page_warning();
	if (!sv->viewer)
		snprintf(msg, sizeof msg, "%s", sv->novw);
	else
		snprintf(msg, sizeof msg, "the page could not be drawn: %s",
		         d->msg[0] ? d->msg : trawl_strerror(e));
	sv_log(r, "%s", msg);
	api_error(r, status, msg);
	if (sv->viewer && e != TRAWL_ENOMEM) {
		/* (running out of memory may pass; the rest is the PDF's) */
		struct bad_page *b;
		pthread_mutex_lock(&bad_lock);
		b = &bad_pages[bad_next++ % BAD_PAGES];
		snprintf(b->id, sizeof b->id, "%s", id);
		b->page = page;
		b->status = status;
		snprintf(b->msg, sizeof b->msg, "%s", msg);
		clock_gettime(CLOCK_MONOTONIC, &b->at);
		pthread_mutex_unlock(&bad_lock);
	}
}

static void api_page_boxes(sv_req *r, const char *id, int page)
{
	const char *q = arg(r, "q"), *cs = arg(r, "c"), *quote = arg(r, "quote");
	box_ctx b;
	emit_ctx ec;
	text_of t = { NULL, 0 };
	trawl_facts_opts fo;
	trawl_json *j = trawl_json_new();
	float w = 0, h = 0;
	trawl_err e, pe = TRAWL_OK;
	trawl_diag d;
	long long c0, c1;

	memset(&b, 0, sizeof b);
	if (!j) {
		api_error(r, 500, "out of memory");
		return;
	}
	if (page_known_bad(r, id, page)) {
		trawl_json_free(j);
		return;
	}
	e = trawl_doc_units(r->s, id, page, take_text, &t, NULL);
	/* (a query that does not parse marks nothing; running out of memory
	 * fails the page rather than showing it without its marks) */
	if (!e && q && *q && trawl_query_matches(q, t.t, t.len, hit_range, &b, NULL) == TRAWL_ENOMEM)
		e = TRAWL_ENOMEM;
	ec.nhits = b.n;
	memset(&fo, 0, sizeof fo);
	fo.doc = id;
	fo.page = page;
	if (!e)
		e = trawl_facts(r->s, &fo, fact_range, &b, NULL);
	if (!e && b.failed)
		e = TRAWL_ENOMEM;
	ec.nfacts = b.n - ec.nhits;
	if (!e && cs && sscanf(cs, "%lld-%lld", &c0, &c1) == 2 && c0 >= 0 && c1 > c0)
		range_add(&b, char_byte(t.t, t.len, c0), char_byte(t.t, t.len, c1), NULL, c0);
	else if (!e && quote && *quote && t.t && strstr(t.t, quote))
		range_add(&b, (size_t)(strstr(t.t, quote) - t.t),
		          (size_t)(strstr(t.t, quote) - t.t) + strlen(quote), NULL, -1);
	ec.j = j;
	ec.b = &b;
	trawl_json_obj(j);
	trawl_json_key(j, "doc");
	trawl_json_str(j, id);
	trawl_json_key(j, "page");
	trawl_json_int(j, page);
	trawl_json_key(j, "boxes");
	trawl_json_arr(j);
	memset(&d, 0, sizeof d);
	if (!e && !sv->viewer)
		e = pe = TRAWL_EINTERNAL;
	else if (!e)
		e = pe = trawl_page_boxes(r->s, sv->viewer, id, page, b.ranges, b.n, emit_box, &ec, &w,
		                          &h, &d);
	if (!e && b.failed)
		e = TRAWL_ENOMEM;
	trawl_json_end(j);
	trawl_json_key(j, "width");
	trawl_json_num(j, w);
	trawl_json_key(j, "height");
	trawl_json_num(j, h);
	trawl_json_end(j);
	if (e == TRAWL_ENOTFOUND || e == TRAWL_EUNSUPPORTED || (e && !pe))
		api_error(r, status_of(e), e == TRAWL_ENOTFOUND ? "no such page" :
		          e == TRAWL_EUNSUPPORTED ? "the document is no PDF" : trawl_strerror(e));
	else if (e)
		page_failed(r, id, page, e, &d);
	else
		json_out(r, j);
	for (size_t i = 0; i < b.n; i++)
		free(b.labels[i]);
	free(b.labels);
	free(b.ranges);
	free(b.cstart);
	free(t.t);
	trawl_json_free(j);
}

static void api_page_png(sv_req *r, const char *id, int page)
{
	unsigned char *png = NULL;
	size_t len = 0;
	trawl_diag d;
	trawl_err e;

	memset(&d, 0, sizeof d);
	if (!sv->viewer) {
		page_failed(r, id, page, TRAWL_EINTERNAL, &d);
		return;
	}
	if (page_known_bad(r, id, page))
		return;
	e = trawl_page_png(r->s, sv->viewer, id, page, int_arg(r, "dpi", 110, 36, 300), &png,
	                   &len, &d);
	if (e == TRAWL_ENOTFOUND || e == TRAWL_EUNSUPPORTED) {
		fail(r, e, &d);
		return;
	}
	if (e) {
		page_failed(r, id, page, e, &d);
		return;
	}
	page_warning();
	sb_add(&r->out, (const char *)png, len);
	free(png);
	r->ctype = "image/png";
}

/* The original bytes, as a download; only ever a file of the store's
 * objects/ folder, named by the hash the database holds. 404 for a
 * document the store does not have, 500 when the store fails, 503 when
 * the original can't be read (gone, unreadable, cut short): never part
 * of the file as if whole. */
static void api_original(sv_req *r, const char *id)
{
	char path[4096], name[400];
	trawl_doc_info di;
	trawl_diag d;
	struct stat st;
	trawl_err e;
	int fd, err = 0;
	size_t o = 0;
	uint64_t got = 0;

	memset(&d, 0, sizeof d);
	e = trawl_doc_get(r->s, id, &di, &d);
	if (!e) {
		/* the file's own name, in ASCII for the header (others become _);
		 * before the next call on the store, which reuses di's strings */
		const char *base = di.path ? strrchr(di.path, '/') : NULL;
		base = base ? base + 1 : di.path ? di.path : "original";
		for (; *base && o + 1 < sizeof name; base++)
			name[o++] = (*base >= 0x20 && *base < 0x7f && *base != '"' && *base != '\\' &&
			             *base != ';') ? *base : '_';
		name[o] = '\0';
		e = trawl_doc_original(r->s, id, path, sizeof path, &d);
	}
	if (e == TRAWL_ENOTFOUND) {
		api_error(r, 404, "no such document");
		return;
	}
	if (e) {
		store_failed(r, e, &d);
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		err = errno;
	else if (fstat(fd, &st))
		err = errno;
	else if (!S_ISREG(st.st_mode))
		err = EINVAL;
	while (!err) {
		char buf[65536];
		ssize_t n = read(fd, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			err = errno;
		if (n <= 0)
			break;
		got += (uint64_t)n;
		sb_add(&r->out, buf, (size_t)n);
	}
	if (fd >= 0)
		close(fd);
	if (!err && got != (uint64_t)st.st_size)
		err = EIO; /* (cut short while being read) */
	if (!err && di.size > 0 && got != (uint64_t)di.size)
		err = EILSEQ;
	if (err) {
		char msg[600];
		snprintf(msg, sizeof msg, "the original can't be read: %s (trawl verify checks the "
		         "store)", err == EINVAL ? "not a regular file" :
		         err == EILSEQ ? "its size is not the size stored" : strerror(err));
		sv_log(r, "%s", msg);
		api_error(r, 503, msg);
		return;
	}
	snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"%s\"", name);
	r->ctype = "application/octet-stream";
}

static void api_documents(sv_req *r, const char *rest)
{
	char id[65];
	const char *slash;

	if (!*rest) {
		trawl_json *j = trawl_json_new();
		ls_page p;
		if (!j) {
			api_error(r, 500, "out of memory");
			return;
		}
		memset(&p, 0, sizeof p);
		p.c.j = j;
		p.c.r = r;
		p.from = int_arg(r, "offset", 0, 0, 1 << 30);
		p.to = p.from + int_arg(r, "limit", 100, 1, 10000);
		trawl_json_obj(j);
		trawl_json_key(j, "documents");
		trawl_json_arr(j);
		sv_check(r, trawl_ls(r->s, int_arg(r, "all", 0, 0, 1), doc_page, &p, NULL));
		trawl_json_end(j);
		trawl_json_key(j, "total");
		trawl_json_int(j, p.i);
		trawl_json_end(j);
		json_out(r, j);
		trawl_json_free(j);
		return;
	}
	slash = strchr(rest, '/');
	if ((slash ? (size_t)(slash - rest) : strlen(rest)) != 64) {
		api_error(r, 404, "a document is named by its 64-hex id");
		return;
	}
	snprintf(id, sizeof id, "%.64s", rest);
	if (!is_doc_id(id)) {
		api_error(r, 404, "a document is named by its 64-hex id");
		return;
	}
	if (!slash) {
		api_document(r, id);
	} else if (!strcmp(slash, "/original")) {
		api_original(r, id);
	} else if (!strncmp(slash, "/page/", 6) || !strncmp(slash, "/pages/", 7)) {
		const char *n = slash + (slash[5] == '/' ? 6 : 7);
		char *end;
		long page = strtol(n, &end, 10);
		if (end == n || page < 1 || page > 1000000 || (*end && strcmp(end, ".png"))) {
			api_error(r, 404, "no such page");
			return;
		}
		if (!strcmp(end, ".png"))
			api_page_png(r, id, (int)page);
		else
			api_page_boxes(r, id, (int)page);
	} else {
		api_error(r, 404, "no such resource");
	}
}

/* ---- diff, report, entities ---- */

static int diff_json(const trawl_diff_row *row, void *u)
{
	jctx *c = u;

	if (c->csv) {
		sv_buf *b = &c->r->out;
		const trawl_diff_side *s[2] = { row->a, row->b };
		csv_field(b, row->kind, 0);
		csv_field(b, row->status, 0);
		csv_field(b, row->item, 0);
		csv_field(b, row->code, 0);
		csv_field(b, row->column, 0);
		for (int i = 0; i < 2; i++) {
			char v[80], pg[16];
			if (!s[i]) {
				sb_adds(b, ",,,,,");
				continue;
			}
			snprintf(v, sizeof v, "%s%s", s[i]->negative ? "-" : "",
			         s[i]->value ? s[i]->value : "");
			snprintf(pg, sizeof pg, "%d", s[i]->page);
			csv_field(b, s[i]->value ? v : "", 0);
			csv_field(b, s[i]->currency, 0);
			csv_field(b, s[i]->path, 0);
			csv_field(b, s[i]->paged ? pg : "", 0);
			csv_field(b, s[i]->text, 0);
		}
		csv_field(b, row->change, 1);
		return 0;
	}
	trawl_json_diff_row(c->j, row, 0, 0);
	return 0;
}

static void api_diff(sv_req *r)
{
	const char *a = arg(r, "a"), *b = arg(r, "b"), *fmt = arg(r, "as");
	trawl_diff_stats st;
	trawl_diag d;
	trawl_json *j = trawl_json_new();
	jctx c = { j, r, 0, 0 };
	trawl_err e;

	if (!j) {
		api_error(r, 500, "out of memory");
		return;
	}
	if (!a || !b || !*a || !*b) {
		trawl_json_free(j);
		api_error(r, 400, "diff takes two sides: a= and b= (documents or a filter)");
		return;
	}
	memset(&d, 0, sizeof d);
	if (fmt && !strcmp(fmt, "csv")) {
		c.csv = 1;
		sb_adds(&r->out, "kind,status,item,code,column,a_amount,a_currency,a_path,a_page,a_text,"
		        "b_amount,b_currency,b_path,b_page,b_text,change\n");
		e = trawl_diff(r->s, a, b, int_arg(r, "all", 0, 0, 1), diff_json, &c, &st, &d);
		trawl_json_free(j);
		if (e)
			fail(r, e, &d);
		r->ctype = "text/csv; charset=utf-8";
		snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"trawl-diff.csv\"");
		return;
	}
	trawl_json_obj(j);
	trawl_json_key(j, "rows");
	trawl_json_arr(j);
	e = trawl_diff(r->s, a, b, int_arg(r, "all", 0, 0, 1), diff_json, &c, &st, &d);
	trawl_json_end(j);
	if (e) {
		trawl_json_free(j);
		fail(r, e, &d);
		return;
	}
	trawl_json_key(j, "stats");
	trawl_json_obj(j);
	trawl_json_key(j, "added"); trawl_json_int(j, (int64_t)st.added);
	trawl_json_key(j, "removed"); trawl_json_int(j, (int64_t)st.removed);
	trawl_json_key(j, "changed"); trawl_json_int(j, (int64_t)st.changed);
	trawl_json_key(j, "unchanged"); trawl_json_int(j, (int64_t)st.unchanged);
	trawl_json_key(j, "new_targets"); trawl_json_int(j, (int64_t)st.new_targets);
	trawl_json_key(j, "new_paragraphs"); trawl_json_int(j, (int64_t)st.new_paragraphs);
	trawl_json_key(j, "a_documents"); trawl_json_int(j, (int64_t)st.adocs);
	trawl_json_key(j, "b_documents"); trawl_json_int(j, (int64_t)st.bdocs);
	trawl_json_key(j, "by_code"); trawl_json_bool(j, st.by_code);
	trawl_json_end(j);
	json_notice(r, j);
	trawl_json_end(j);
	json_out(r, j);
	trawl_json_free(j);
}

typedef struct report_json {
	trawl_json *j;
	trawl_report_by by;
	int entities;
} report_json;

static int report_row_json(const trawl_report_row *row, void *u)
{
	report_json *c = u;

	if (c->entities)
		trawl_json_entity_row(c->j, row, 1);
	else
		trawl_json_report_row(c->j, c->by, row, 1);
	trawl_json_key(c->j, "total");
	trawl_json_bool(c->j, row->total);
	trawl_json_end(c->j);
	return 0;
}

static void api_report(sv_req *r, int entities)
{
	const char *by = arg(r, "by"), *role = arg(r, "role");
	trawl_report_opts ro;
	trawl_report *rep = NULL;
	trawl_diag d;
	trawl_json *j = trawl_json_new();
	report_json c;
	trawl_err e;
	char aliases[4200], topics[4200];
	FILE *f;
	uint64_t nd = 0, nf = 0;

	if (!j) {
		api_error(r, 500, "out of memory");
		return;
	}
	memset(&ro, 0, sizeof ro);
	memset(&d, 0, sizeof d);
	ro.query = arg(r, "q") && *arg(r, "q") ? arg(r, "q") : NULL;
	snprintf(aliases, sizeof aliases, "%s/aliases.txt", sv->store_dir);
	snprintf(topics, sizeof topics, "%s/topics.txt", sv->store_dir);
	if ((f = fopen(aliases, "r"))) {
		fclose(f);
		ro.aliases_file = aliases;
	}
	if ((f = fopen(topics, "r"))) {
		fclose(f);
		ro.topics_file = topics;
	}
	c.j = j;
	c.entities = entities;
	c.by = trawl_report_by_parse(by ? by : "year");
	if (!c.by) {
		trawl_json_free(j);
		api_error(r, 400, "by is one of year, place, agency, vendor, topic");
		return;
	}
	if (role && *role && strcmp(role, "vendor") && strcmp(role, "buyer") &&
	    strcmp(role, "agency") && strcmp(role, "issuer")) {
		trawl_json_free(j);
		api_error(r, 400, "role is one of vendor, buyer, agency, issuer");
		return;
	}
	e = trawl_report_open(r->s, &ro, &rep, &d);
	if (e) {
		trawl_json_free(j);
		fail(r, e, &d);
		return;
	}
	trawl_report_counts(rep, &nd, &nf);
	trawl_json_obj(j);
	trawl_json_key(j, "documents");
	trawl_json_int(j, (int64_t)nd);
	trawl_json_key(j, "money_facts");
	trawl_json_int(j, (int64_t)nf);
	trawl_json_key(j, "not_summed");
	trawl_json_int(j, (int64_t)trawl_report_not_summed(rep));
	trawl_json_key(j, "same_procurement");
	trawl_json_int(j, (int64_t)trawl_report_same_procurement(rep));
	trawl_json_key(j, "same_invoice");
	trawl_json_int(j, (int64_t)trawl_report_same_invoice(rep));
	trawl_json_key(j, "list_rows");
	trawl_json_int(j, (int64_t)trawl_report_list_rows(rep));
	trawl_json_key(j, "uncertain");
	trawl_json_int(j, (int64_t)trawl_report_uncertain(rep));
	trawl_json_key(j, "unstated");
	trawl_json_int(j, (int64_t)trawl_report_unstated(rep));
	trawl_json_key(j, "no_amount");
	trawl_json_int(j, (int64_t)trawl_report_no_amount(rep));
	trawl_json_key(j, entities ? "entities" : "rows");
	trawl_json_arr(j);
	if (entities)
		e = trawl_report_entities(rep, role && *role ? role : NULL, report_row_json, &c);
	else
		e = trawl_report_rows(rep, &c.by, 1, report_row_json, &c);
	trawl_json_end(j);
	json_notice(r, j);
	trawl_json_end(j);
	trawl_report_free(rep);
	if (e)
		fail(r, e, NULL);
	else
		json_out(r, j);
	trawl_json_free(j);
}

/* ---- watches ---- */

static int watch_json(const trawl_watch *w, void *u)
{
	jctx *c = u;

	trawl_json_watch(c->j, w, 0);
	return 0;
}

static void api_watches(sv_req *r, const char *rest)
{
	trawl_diag d;
	trawl_err e;
	char name[256], query[2048];

	memset(&d, 0, sizeof d);
	if (!r->post && !*rest) {
		trawl_json *j = trawl_json_new();
		jctx c = { j, r, 0, 0 };
		if (!j) {
			api_error(r, 500, "out of memory");
			return;
		}
		trawl_json_obj(j);
		trawl_json_key(j, "watches");
		trawl_json_arr(j);
		e = trawl_watch_list(r->s, watch_json, &c, &d);
		trawl_json_end(j);
		json_notice(r, j);
		trawl_json_end(j);
		if (e)
			fail(r, e, &d);
		else
			json_out(r, j);
		trawl_json_free(j);
		return;
	}
	if (!r->post) {
		api_error(r, 405, "POST to change watches");
		return;
	}
	if (!sv->allow_add) {
		api_error(r, 403, "the store is open read-only (start trawl serve --allow-add)");
		return;
	}
	if (!form(r, "name", name, sizeof name) || !*name) {
		api_error(r, 400, "a watch needs a name");
		return;
	}
	if (!*rest) {
		if (!form(r, "query", query, sizeof query) || !*query) {
			api_error(r, 400, "a watch needs a query");
			return;
		}
		pthread_mutex_lock(&sv->addlock);
		e = trawl_watch_add(r->s, name, query, &d);
		pthread_mutex_unlock(&sv->addlock);
	} else if (!strcmp(rest, "/delete")) {
		pthread_mutex_lock(&sv->addlock);
		e = trawl_watch_remove(r->s, name, &d);
		pthread_mutex_unlock(&sv->addlock);
	} else {
		api_error(r, 404, "no such resource");
		return;
	}
	if (e) {
		fail(r, e, &d);
		return;
	}
	/* a form posted from the page goes back to it */
	r->status = 303;
	snprintf(r->location, sizeof r->location, "/watch");
	r->ctype = "application/json";
	sb_adds(&r->out, "{\"ok\":true}\n");
}

/* ---- the router ---- */

void api(sv_req *r, const char *rest)
{
	if (!strcmp(rest, "add")) {
		if (!r->post)
			api_error(r, 405, "POST a file's bytes to add it");
		else
			add_finish(r);
		return;
	}
	if (!strncmp(rest, "watches", 7) && (!rest[7] || rest[7] == '/')) {
		api_watches(r, rest + 7);
		return;
	}
	if (r->post) {
		api_error(r, 405, "nothing to post here");
		return;
	}
	if (!strcmp(rest, "search"))
		api_search(r);
	else if (!strcmp(rest, "facts"))
		api_facts(r);
	else if (!strcmp(rest, "documents"))
		api_documents(r, "");
	else if (!strncmp(rest, "documents/", 10))
		api_documents(r, rest + 10);
	else if (!strcmp(rest, "diff"))
		api_diff(r);
	else if (!strcmp(rest, "report"))
		api_report(r, 0);
	else if (!strcmp(rest, "entities"))
		api_report(r, 1);
	else
		api_error(r, 404, "no such API (see docs/api.md)");
}
