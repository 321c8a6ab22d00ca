/* One JSON serialisation for the CLI and the web app (include/trawl/json.h).
 * Strings are escaped and numbers written exactly as cJSON prints them, so
 * the CLI's --json output did not change when it moved here. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "trawl/json.h"
#include "util/buf.h"
#include "util/banned.h"

#define DEPTH_MAX 64

struct trawl_json {
	trawl__buf b;
	trawl_err rc;
	int depth;
	unsigned char first[DEPTH_MAX]; /* nothing written yet at this level */
	char close[DEPTH_MAX];          /* the bracket that opened it */
	int after_key;
};

trawl_json *trawl_json_new(void)
{
	trawl_json *j = calloc(1, sizeof *j);

	if (j)
		trawl__buf_init(&j->b, 0);
	return j;
}

void trawl_json_free(trawl_json *j)
{
	if (!j)
		return;
	trawl__buf_release(&j->b);
	free(j);
}

void trawl_json_clear(trawl_json *j)
{
	/* a buffer keeps its failure over a reset: a new record starts anew */
	if (trawl__buf_err(&j->b)) {
		trawl__buf_release(&j->b);
		trawl__buf_init(&j->b, 0);
	}
	trawl__buf_reset(&j->b);
	j->rc = TRAWL_OK;
	j->depth = 0;
	j->after_key = 0;
}

const char *trawl_json_text(const trawl_json *j, size_t *len)
{
	if (len)
		*len = j->b.len;
	return j->b.data ? j->b.data : "";
}

trawl_err trawl_json_err(const trawl_json *j)
{
	return j->rc;
}

static void put(trawl_json *j, const char *s, size_t n)
{
	trawl__buf_add_rc(&j->rc, &j->b, s, n);
}

static void puts_(trawl_json *j, const char *s)
{
	put(j, s, strlen(s));
}

/* The comma before a value (not after a key). */
static void sep(trawl_json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0) {
		if (!j->first[j->depth - 1])
			put(j, ",", 1);
		j->first[j->depth - 1] = 0;
	}
}

static void open_(trawl_json *j, char c)
{
	sep(j);
	if (j->depth >= DEPTH_MAX) {
		if (!j->rc)
			j->rc = TRAWL_ETOOBIG;
		return;
	}
	put(j, &c, 1);
	j->close[j->depth] = c;
	j->first[j->depth++] = 1;
}

void trawl_json_obj(trawl_json *j)
{
	open_(j, '{');
}

void trawl_json_arr(trawl_json *j)
{
	open_(j, '[');
}

/* Closes whichever of object or array is open. */
void trawl_json_end(trawl_json *j)
{
	if (j->depth <= 0)
		return;
	j->depth--;
	put(j, j->close[j->depth] == '{' ? "}" : "]", 1);
}

static void esc(trawl_json *j, const char *s, size_t n)
{
	size_t i, from = 0;
	char u[8];

	put(j, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = NULL;
		switch (c) {
		case '"': e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			if (c < 32) {
				snprintf(u, sizeof u, "\\u%04x", c);
				e = u;
			}
		}
		if (!e)
			continue;
		put(j, s + from, i - from);
		puts_(j, e);
		from = i + 1;
	}
	put(j, s + from, n - from);
	put(j, "\"", 1);
}

void trawl_json_key(trawl_json *j, const char *key)
{
	sep(j);
	esc(j, key, strlen(key));
	put(j, ":", 1);
	j->after_key = 1;
}

void trawl_json_strn(trawl_json *j, const char *s, size_t n)
{
	sep(j);
	if (s)
		esc(j, s, n);
	else
		puts_(j, "null");
}

void trawl_json_str(trawl_json *j, const char *s)
{
	trawl_json_strn(j, s, s ? strlen(s) : 0);
}

void trawl_json_num(trawl_json *j, double d)
{
	char t[64];
	double back = 0;

	sep(j);
	if (isnan(d) || isinf(d))
		snprintf(t, sizeof t, "null");
	else {
		/* 15 significant digits, 17 when 15 do not read back */
		snprintf(t, sizeof t, "%1.15g", d);
		if (sscanf(t, "%lg", &back) != 1 ||
		    !(fabs(back - d) <= (fabs(back) > fabs(d) ? fabs(back) : fabs(d)) * DBL_EPSILON))
			snprintf(t, sizeof t, "%1.17g", d);
	}
	puts_(j, t);
}

void trawl_json_int(trawl_json *j, int64_t v)
{
	trawl_json_num(j, (double)v);
}

void trawl_json_bool(trawl_json *j, int v)
{
	sep(j);
	puts_(j, v ? "true" : "false");
}

void trawl_json_null(trawl_json *j)
{
	sep(j);
	puts_(j, "null");
}

void trawl_json_raw(trawl_json *j, const char *json, size_t len)
{
	sep(j);
	put(j, json, len);
}

/* ---- helpers for the records ---- */

static void kstr(trawl_json *j, const char *k, const char *v)
{
	trawl_json_key(j, k);
	trawl_json_str(j, v);
}

/* only when present */
static void kopt(trawl_json *j, const char *k, const char *v)
{
	if (v)
		kstr(j, k, v);
}

static void knum(trawl_json *j, const char *k, double v)
{
	trawl_json_key(j, k);
	trawl_json_num(j, v);
}

static void knull(trawl_json *j, const char *k)
{
	trawl_json_key(j, k);
	trawl_json_null(j);
}

static void kbool(trawl_json *j, const char *k, int v)
{
	trawl_json_key(j, k);
	trawl_json_bool(j, v);
}

/* A signed amount, whatever its length. */
static void kamount(trawl_json *j, const char *k, int negative, const char *v)
{
	trawl__buf b;

	if (!negative || !v) {
		kstr(j, k, v);
		return;
	}
	trawl__buf_init(&b, 0);
	trawl__buf_add_rc(&j->rc, &b, "-", 1);
	trawl__buf_add_rc(&j->rc, &b, v, strlen(v));
	kstr(j, k, j->rc ? "" : b.data);
	trawl__buf_release(&b);
}

/* attrs (JSON that trawl wrote) as cJSON prints it; when cJSON can't
 * read or print it, the record is incomplete, and says so */
static void kattrs(trawl_json *j, const char *attrs)
{
	cJSON *a = cJSON_Parse(attrs);
	char *t = a ? cJSON_PrintUnformatted(a) : NULL;

	if (t) {
		trawl_json_key(j, "attrs");
		trawl_json_raw(j, t, strlen(t));
	} else if (!j->rc) {
		j->rc = TRAWL_ENOMEM;
	}
	free(t);
	cJSON_Delete(a);
}

/* Read by OCR: the mark, and the mean word confidence as a whole
 * percentage (precise enough). */
static void kocr(trawl_json *j, int ocr, double conf)
{
	kbool(j, "ocr", ocr);
	if (ocr)
		knum(j, "ocr_confidence", (double)(long)(conf + 0.5));
}

static void close_unless(trawl_json *j, int open)
{
	if (!open)
		trawl_json_end(j);
}

/* ---- records ---- */

void trawl_json_doc(trawl_json *j, const trawl_doc_info *d, int open)
{
	trawl_json_obj(j);
	kstr(j, "id", d->id);
	kstr(j, "path", d->path);
	kstr(j, "realpath", d->realpath);
	kstr(j, "format", d->format);
	kstr(j, "encoding", d->encoding);
	knum(j, "pages", d->pages);
	knum(j, "units", d->units);
	knum(j, "size", (double)d->size);
	kstr(j, "sha256", d->sha256);
	kstr(j, "title", d->title);
	kstr(j, "part", d->part);
	kstr(j, "added_at", d->added_at);
	kstr(j, "source_url", d->source_url);
	kstr(j, "kind", d->kind);
	kstr(j, "kind_source", d->kind_source);
	if (d->year > 0)
		knum(j, "year", d->year);
	else
		knull(j, "year");
	kstr(j, "year_source", d->year_source);
	kstr(j, "place", d->place);
	kstr(j, "place_code", d->place_code);
	kstr(j, "place_source", d->place_source);
	kstr(j, "amount", d->amount);
	kstr(j, "currency", d->currency);
	kstr(j, "amount_source", d->amount_source);
	kstr(j, "amount_text", d->amount_text);
	/* the amount adds several figures; amount_text is the first */
	kbool(j, "amount_sum", d->amount_sum);
	if (d->amount_page > 0)
		knum(j, "amount_page", d->amount_page);
	else
		knull(j, "amount_page");
	kstr(j, "title_source", d->title_source);
	/* how much of its text OCR read, and how sure it was */
	knum(j, "ocr_units", d->ocr_units);
	if (d->ocr_units)
		knum(j, "ocr_confidence", (double)(long)(d->ocr_conf + 0.5));
	knum(j, "extractor", d->extractor);
	kbool(j, "stale", d->stale);
	knum(j, "mtime", (double)d->mtime);
	knum(j, "version", d->version);
	kbool(j, "current", d->current);
	close_unless(j, open);
}

/* The snippet without its \x01 \x02 match marks. */
static void plain_snippet(trawl_json *j, const char *s)
{
	trawl__buf b;

	trawl__buf_init(&b, 0);
	for (; *s; s++)
		if (*s != '\x01' && *s != '\x02')
			trawl__buf_add_rc(&j->rc, &b, s, 1);
	trawl_json_strn(j, b.data ? b.data : "", b.len);
	trawl__buf_release(&b);
}

void trawl_json_hit(trawl_json *j, const trawl_hit *h, int open)
{
	trawl_json_obj(j);
	kstr(j, "doc", h->doc);
	kstr(j, "path", h->path);
	if (h->paged)
		knum(j, "page", h->page);
	else
		knull(j, "page");
	kstr(j, "format", h->format ? h->format : "");
	knum(j, "score", h->score);
	if (h->snippet) {
		trawl_json_key(j, "snippet");
		plain_snippet(j, h->snippet);
	}
	kopt(j, "title", h->title);
	kbool(j, "current", h->current);
	kocr(j, h->ocr, h->ocr_conf);
	close_unless(j, open);
}

void trawl_json_fact(trawl_json *j, const trawl_fact_info *f, int open)
{
	trawl_json_obj(j);
	kstr(j, "doc", f->doc);
	kstr(j, "path", f->path);
	if (f->paged)
		knum(j, "page", f->page);
	else
		knull(j, "page");
	knum(j, "unit_number", f->page);
	kstr(j, "kind", f->kind);
	kstr(j, "text", f->text);
	/* a long value (a party's name) is kept whole; a negative one signed */
	kamount(j, "value", f->negative, f->value);
	kopt(j, "value_hi", f->value_hi);
	kstr(j, "unit", f->unit);
	kstr(j, "unit_source", f->unit_source);
	kstr(j, "currency", f->currency);
	knum(j, "start", (double)f->start);
	knum(j, "end", (double)f->end);
	if (!strcmp(f->kind, "date")) {
		kstr(j, "date", f->value);
		kstr(j, "precision", f->precision);
	}
	kopt(j, "comparator", f->comparator);
	kopt(j, "role", f->role);
	kopt(j, "code", f->code);
	kopt(j, "label", f->label);
	kopt(j, "column", f->column);
	kopt(j, "caption", f->caption);
	kopt(j, "party", f->party);
	kopt(j, "doc_kind", f->doc_kind);
	kocr(j, f->ocr, f->ocr_conf);
	if (f->uncertain)
		kbool(j, "uncertain", 1);
	if (f->header_unread)
		kbool(j, "header_unread", 1);
	if (f->ocr_split)
		kbool(j, "ocr_split", 1);
	/* an indicator's or a project's fields */
	if (f->attrs)
		kattrs(j, f->attrs);
	close_unless(j, open);
}

void trawl_json_unit(trawl_json *j, const char *doc, const trawl_unit_info *u, int open)
{
	trawl_json_obj(j);
	kstr(j, "doc", doc);
	kstr(j, "kind", u->kind);
	knum(j, "number", u->number);
	kopt(j, "name", u->name);
	kstr(j, "text", u->text ? u->text : "");
	kocr(j, u->ocr, u->ocr_conf);
	close_unless(j, open);
}

void trawl_json_sighting(trawl_json *j, const trawl_sighting *s, int open)
{
	trawl_json_obj(j);
	kstr(j, "path", s->path);
	kstr(j, "seen_at", s->seen_at);
	kstr(j, "source_url", s->source_url);
	kstr(j, "sha256", s->sha256);
	knum(j, "size", (double)s->size);
	knum(j, "mtime", (double)s->mtime);
	knum(j, "version", s->version);
	close_unless(j, open);
}

/* A side, left open (when there is one) for the caller to close. */
static void diff_side(trawl_json *j, const trawl_diff_side *s)
{
	if (!s) {
		trawl_json_null(j);
		return;
	}
	trawl_json_obj(j);
	kamount(j, "amount", s->negative, s->value);
	kopt(j, "currency", s->currency);
	kopt(j, "unit", s->unit);
	kopt(j, "unit_source", s->unit_source);
	kstr(j, "doc", s->doc ? s->doc : "");
	kstr(j, "path", s->path);
	if (s->paged)
		knum(j, "page", s->page);
	else
		knull(j, "page");
	knum(j, "unit_number", s->page);
	kopt(j, "text", s->text);
	knum(j, "start", (double)s->start);
	knum(j, "end", (double)s->end);
	kopt(j, "caption", s->caption);
	kopt(j, "target", s->target);
	kopt(j, "points", s->points);
	kopt(j, "project", s->project);
	kopt(j, "status", s->status);
	if (s->attrs)
		kattrs(j, s->attrs);
}

void trawl_json_diff_row(trawl_json *j, const trawl_diff_row *r, int series, int open)
{
	int budget = !strcmp(r->kind, "indicator") || !strcmp(r->kind, "project");

	trawl_json_obj(j);
	kstr(j, "item", r->item ? r->item : "");
	kstr(j, "status", r->status);
	kstr(j, "kind", r->kind);
	if (r->name && (budget || series))
		kstr(j, "name", r->name);
	kopt(j, "code", r->code);
	kopt(j, "column", r->column);
	trawl_json_key(j, "a");
	diff_side(j, r->a);
	if (r->a)
		trawl_json_end(j);
	trawl_json_key(j, "b");
	diff_side(j, r->b);
	if (r->b)
		trawl_json_end(j);
	kopt(j, "change", r->change);
	if (series) {
		/* every side, oldest first, each with its label; the earlier
		 * sides that lack the row */
		trawl_json_key(j, "sides");
		trawl_json_arr(j);
		for (size_t k = 0; k < r->nsides; k++) {
			diff_side(j, r->sides[k]);
			if (r->sides[k]) {
				kstr(j, "label", r->labels[k]);
				trawl_json_end(j);
			}
		}
		trawl_json_end(j);
		trawl_json_key(j, "absent");
		trawl_json_arr(j);
		for (size_t k = 0; k + 1 < r->nsides; k++)
			if (!r->sides[k])
				trawl_json_str(j, r->labels[k]);
		trawl_json_end(j);
	}
	close_unless(j, open);
}

void trawl_json_watch(trawl_json *j, const trawl_watch *w, int open)
{
	trawl_json_obj(j);
	kstr(j, "watch", w->name);
	kstr(j, "query", w->query);
	knum(j, "new", (double)w->new_documents);
	kstr(j, "last_run", w->last_run_at);
	close_unless(j, open);
}

void trawl_json_watch_hit(trawl_json *j, const char *watch, const trawl_hit *h, int open)
{
	trawl_json_obj(j);
	kstr(j, "watch", watch);
	kstr(j, "doc", h->doc);
	kstr(j, "path", h->path);
	kstr(j, "format", h->format ? h->format : "");
	kopt(j, "title", h->title);
	close_unless(j, open);
}

void trawl_json_problem(trawl_json *j, const trawl_problem *p, int open)
{
	trawl_json_obj(j);
	kstr(j, "problem", p->what);
	kstr(j, "object", p->object);
	kstr(j, "detail", p->detail);
	kstr(j, "severity", p->serious ? "error" : "note");
	close_unless(j, open);
}

static void report_source(trawl_json *j, const trawl_report_source *s)
{
	trawl_json_key(j, "source");
	if (!s->doc) {
		trawl_json_null(j);
		return;
	}
	trawl_json_obj(j);
	kstr(j, "doc", s->doc);
	kstr(j, "path", s->path ? s->path : "");
	if (s->paged)
		knum(j, "page", s->page);
	else
		knull(j, "page");
	kstr(j, "quote", s->quote ? s->quote : "");
	kstr(j, "value", s->value ? s->value : "");
	kstr(j, "currency", s->currency ? s->currency : "");
	kbool(j, "sum", s->sum);
	trawl_json_end(j);
}

/* a group's name, or null when not known */
static void kkey(trawl_json *j, const char *k, const char *v)
{
	kstr(j, k, v && *v ? v : NULL);
}

void trawl_json_report_row(trawl_json *j, trawl_report_by by, const trawl_report_row *r,
                           int open)
{
	const char *name = trawl_report_by_name(by);

	trawl_json_obj(j);
	kkey(j, name ? name : "key", r->key[0]);
	knum(j, "documents", (double)r->documents);
	knum(j, "money_facts", (double)r->facts);
	kstr(j, "amount", r->amount);
	kstr(j, "currency", r->currency);
	report_source(j, &r->top);
	close_unless(j, open);
}

void trawl_json_topic_row(trawl_json *j, const trawl_report_row *r, int open)
{
	trawl_json_obj(j);
	kstr(j, "topic", r->key[0]);
	kkey(j, "place", r->key[1]);
	if (r->key[2] && *r->key[2])
		knum(j, "year", strtol(r->key[2], NULL, 10));
	else
		knull(j, "year");
	knum(j, "documents", (double)r->documents);
	knum(j, "money_facts", (double)r->facts);
	kstr(j, "amount", r->amount);
	kstr(j, "currency", r->currency);
	report_source(j, &r->top);
	close_unless(j, open);
}

void trawl_json_entity_row(trawl_json *j, const trawl_report_row *r, int open)
{
	trawl_json_obj(j);
	kstr(j, "name", r->key[0]);
	kstr(j, "role", r->key[1]);
	knum(j, "documents", (double)r->documents);
	knum(j, "money_facts", (double)r->facts);
	kstr(j, "amount", r->amount);
	kstr(j, "currency", r->currency);
	trawl_json_key(j, "also_as");
	trawl_json_arr(j);
	if (r->names) {
		/* the merged names, separated by 、 */
		const char *p = r->names;
		for (;;) {
			const char *q = strstr(p, "\u3001");
			size_t n = q ? (size_t)(q - p) : strlen(p);
			trawl_json_strn(j, p, n);
			if (!q)
				break;
			p = q + 3;
		}
	}
	trawl_json_end(j);
	report_source(j, &r->top);
	close_unless(j, open);
}
