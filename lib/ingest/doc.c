#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/doc.h"
#include "util/banned.h"

void trawl__docset_init(trawl__docset *s, size_t max_text)
{
	memset(s, 0, sizeof *s);
	trawl__vec_init(&s->docs, sizeof(trawl__doc *));
	trawl__buf_init(&s->warnings, 4096);
	s->max_text = max_text ? max_text : ((size_t)256 << 20);
}

static void unit_free(trawl__unit *u)
{
	free(u->name);
	trawl__ntext_release(&u->nt);
	trawl__vec_release(&u->cells);
	trawl__vec_release(&u->spans);
	free(u);
}

static void doc_free(trawl__doc *d)
{
	size_t i;

	for (i = 0; i < d->units.n; i++)
		unit_free(TRAWL_VEC_AT(&d->units, trawl__unit *, i));
	trawl__vec_release(&d->units);
	for (i = 0; i < d->fields.n; i++) {
		trawl__field *f = &TRAWL_VEC_AT(&d->fields, trawl__field, i);
		free(f->key);
		free(f->value);
	}
	trawl__vec_release(&d->fields);
	trawl__vec_release(&d->facts);
	trawl__buf_release(&d->fstrings);
	free(d->ext_id);
	free(d->title);
	free(d);
}

void trawl__docset_release(trawl__docset *s)
{
	size_t i;

	for (i = 0; i < s->docs.n; i++)
		doc_free(TRAWL_VEC_AT(&s->docs, trawl__doc *, i));
	trawl__vec_release(&s->docs);
	trawl__buf_release(&s->warnings);
}

void trawl__docset_warn(trawl__docset *s, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (s->warnings.len)
		trawl__buf_adds(&s->warnings, "; ");
	/* a warning lost would pass the file as clean */
	if (trawl__buf_adds(&s->warnings, msg) && !s->rc)
		s->rc = trawl__buf_err(&s->warnings);
}

void trawl__docset_check(trawl__docset *s, const trawl__buf *b)
{
	if (!s->rc)
		s->rc = trawl__buf_err(b);
}

trawl__doc *trawl__doc_new(trawl__docset *s, const char *ext_id)
{
	trawl__doc *d, **slot;

	if (s->rc)
		return NULL;
	d = calloc(1, sizeof *d);
	if (!d)
		goto oom;
	trawl__vec_init(&d->units, sizeof(trawl__unit *));
	trawl__vec_init(&d->fields, sizeof(trawl__field));
	trawl__vec_init(&d->facts, 1); /* the facts stage sets the item size */
	trawl__buf_init(&d->fstrings, 0);
	if (ext_id && !(d->ext_id = trawl__strdup(ext_id)))
		goto oom_doc;
	slot = trawl__vec_push(&s->docs);
	if (!slot)
		goto oom_doc;
	*slot = d;
	return d;
oom_doc:
	doc_free(d);
oom:
	s->rc = TRAWL_ENOMEM;
	return NULL;
}

trawl__unit *trawl__unit_new(trawl__docset *s, trawl__doc *d, const char *kind,
                             int number, const char *name)
{
	trawl__unit *u, **slot;

	if (s->rc || !d)
		return NULL;
	u = calloc(1, sizeof *u);
	if (!u)
		goto oom;
	snprintf(u->kind, sizeof u->kind, "%s", kind);
	u->number = number;
	trawl__ntext_init(&u->nt, s->max_text);
	trawl__vec_init(&u->cells, sizeof(trawl__cell));
	trawl__vec_init(&u->spans, sizeof(trawl__span));
	if (name && !(u->name = trawl__strdup(name)))
		goto oom_unit;
	slot = trawl__vec_push(&d->units);
	if (!slot)
		goto oom_unit;
	*slot = u;
	return u;
oom_unit:
	unit_free(u);
oom:
	s->rc = TRAWL_ENOMEM;
	return NULL;
}

void trawl__doc_title(trawl__docset *s, trawl__doc *d, const char *t, size_t n)
{
	trawl__ntext nt;
	trawl_err rc;

	if (s->rc || !d || d->title)
		return;
	/* titles are normalized like text, and trimmed */
	trawl__ntext_init(&nt, 4096);
	rc = trawl__ntext_add(&nt, t, n);
	if (rc == TRAWL_ENOMEM)
		s->rc = rc; /* over 4 KiB is no title; out of memory is no document */
	if (rc == TRAWL_OK) {
		char *b = nt.text.data, *e = b + nt.text.len;
		while (b < e && (*b == ' ' || *b == '\n' || *b == '\t')) b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t')) e--;
		if (e > b && !(d->title = trawl__strndup(b, (size_t)(e - b))))
			s->rc = TRAWL_ENOMEM;
	}
	trawl__ntext_release(&nt);
}

void trawl__doc_field(trawl__docset *s, trawl__doc *d, const char *key,
                      const char *value)
{
	trawl__field *f;

	if (s->rc || !d || !value)
		return;
	f = trawl__vec_push(&d->fields);
	if (!f || !(f->key = trawl__strdup(key)) || !(f->value = trawl__strdup(value))) {
		s->rc = TRAWL_ENOMEM;
		return;
	}
}

void trawl__unit_text(trawl__docset *s, trawl__unit *u, const char *t, size_t n)
{
	size_t before;

	if (s->rc || !u)
		return;
	before = u->nt.text.len;
	s->rc = trawl__ntext_add(&u->nt, t, n);
	s->text_bytes += u->nt.text.len - before;
	if (!s->rc && s->text_bytes > s->max_text)
		s->rc = TRAWL_ETOOBIG;
}

void trawl__unit_newline(trawl__docset *s, trawl__unit *u)
{
	if (s->rc || !u || !u->nt.text.len || u->nt.text.data[u->nt.text.len - 1] == '\n')
		return;
	trawl__unit_text(s, u, "\n", 1);
}

void trawl__unit_table_begin(trawl__docset *s, trawl__unit *u)
{
	if (s->rc || !u)
		return;
	trawl__unit_newline(s, u);
	u->in_table = 1;
	u->row = 0;
	u->row_open = 0;
	u->ntables++;
}

void trawl__unit_row_begin(trawl__docset *s, trawl__unit *u)
{
	if (s->rc || !u)
		return;
	if (!u->in_table)
		trawl__unit_table_begin(s, u);
	if (u->row_open)
		trawl__unit_row_end(s, u);
	u->row_open = 1;
	u->col = 0;
}

/* Cell text is kept on one line: inner newlines and tabs become spaces. */
void trawl__unit_cell(trawl__docset *s, trawl__unit *u, const char *t, size_t n)
{
	trawl__cell *c;
	uint32_t start;
	size_t i, from = 0;

	if (s->rc || !u)
		return;
	if (!u->row_open)
		trawl__unit_row_begin(s, u);
	if (u->col > 0)
		trawl__unit_text(s, u, "\t", 1);
	start = (uint32_t)u->nt.text.len;
	/* trim */
	while (n && (t[0] == ' ' || t[0] == '\n' || t[0] == '\t' || t[0] == '\r'))
		t++, n--;
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\t' || t[n - 1] == '\r'))
		n--;
	for (i = 0; i < n; i++) {
		if (t[i] == '\n' || t[i] == '\t' || t[i] == '\r') {
			trawl__unit_text(s, u, t + from, i - from);
			trawl__unit_text(s, u, " ", 1);
			from = i + 1;
		}
	}
	trawl__unit_text(s, u, t + from, n - from);
	if (s->rc)
		return;
	c = trawl__vec_push(&u->cells);
	if (!c) {
		s->rc = TRAWL_ENOMEM;
		return;
	}
	c->table = u->ntables - 1;
	c->row = u->row;
	c->col = u->col++;
	c->start = start;
	c->end = (uint32_t)u->nt.text.len;
}

void trawl__unit_row_end(trawl__docset *s, trawl__unit *u)
{
	if (s->rc || !u || !u->row_open)
		return;
	trawl__unit_text(s, u, "\n", 1);
	u->row_open = 0;
	u->row++;
}

void trawl__unit_table_end(trawl__docset *s, trawl__unit *u)
{
	if (s->rc || !u || !u->in_table)
		return;
	trawl__unit_row_end(s, u);
	u->in_table = 0;
}

void trawl__unit_span(trawl__docset *s, trawl__unit *u, uint32_t start,
                      uint32_t end, float x0, float y0, float x1, float y1)
{
	trawl__span *sp;

	if (s->rc || !u)
		return;
	sp = trawl__vec_push(&u->spans);
	if (!sp) {
		s->rc = TRAWL_ENOMEM;
		return;
	}
	sp->start = start;
	sp->end = end;
	sp->x0 = x0; sp->y0 = y0; sp->x1 = x1; sp->y1 = y1;
}
