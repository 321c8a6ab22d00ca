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
	trawl__vec_init(&s->members, sizeof(trawl__member));
	trawl__buf_init(&s->warnings, 4096);
	s->max_text = max_text ? max_text : ((size_t)256 << 20);
	s->max_cells = TRAWL__MAX_CELLS;
}

static void unit_free(trawl__unit *u)
{
	free(u->name);
	trawl__ntext_release(&u->nt);
	trawl__vec_release(&u->cells);
	trawl__vec_release(&u->spans);
	trawl__vec_release(&u->wconf);
	free(u->cover);
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
	trawl__vec_release(&d->rfacts);
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
	for (i = 0; i < s->members.n; i++) {
		free(TRAWL_VEC_AT(&s->members, trawl__member, i).name);
		free(TRAWL_VEC_AT(&s->members, trawl__member, i).data);
	}
	trawl__vec_release(&s->members);
	trawl__buf_release(&s->warnings);
}

int trawl__member_name_ok(const char *name)
{
	const char *p = name;

	if (!name[0] || name[0] == '/')
		return 0;
	while (*p) {
		const char *seg = p;
		size_t len;
		while (*p && *p != '/') {
			if ((unsigned char)*p < 0x20 || *p == 0x7F || *p == '\\')
				return 0;
			p++;
		}
		len = (size_t)(p - seg);
		if (len == 0 || (len == 1 && seg[0] == '.') ||
		    (len == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		if (*p == '/' && !*++p)
			return 0;
	}
	return 1;
}

void trawl__docset_member(trawl__docset *s, const char *name, const char *data, size_t len)
{
	trawl__member m;

	if (s->rc)
		return;
	m.name = trawl__strdup(name);
	m.data = malloc(len ? len : 1);
	m.len = len;
	if (!m.name || !m.data || !trawl__vec_push(&s->members)) {
		free(m.name);
		free(m.data);
		s->rc = TRAWL_ENOMEM;
		return;
	}
	memcpy(m.data, data, len);
	TRAWL_VEC_AT(&s->members, trawl__member, s->members.n - 1) = m;
	s->member_bytes += len;
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
	trawl__vec_init(&d->rfacts, sizeof(trawl__rfact));
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
	trawl__vec_init(&u->wconf, sizeof(trawl__wconf));
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

/* Whether the n bytes at t are a title row: no cell break, four Chinese
 * letters or more (or Latin words), no unit caption (单位：万元), no
 * table's number (公开01表). */
int trawl__title_row(const char *t, size_t n)
{
	size_t chars = 0, letters = 0, latin = 0;

	if (!n || n > 300 || memchr(t, '\t', n) || memmem(t, n, "单位:", 7) ||
	    memmem(t, n, "单位：", 9) || (n >= 6 && (!memcmp(t, "单位", 6) || !memcmp(t, "附件", 6) ||
	                                            !memcmp(t, "附表", 6))))
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)t[i];
		if ((c & 0xC0) != 0x80)
			chars++;
		if (c >= 0xE4 && c <= 0xE9)
			letters++;   /* a Chinese letter (U+4E00..U+9FFF) */
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			latin++;
	}
	/* (not a table's number: 公开01表, 部门公开表01, 表3) */
	if (chars <= 10 && memmem(t, n, "表", 3)) {
		for (size_t i = 0; i < n; i++)
			if (t[i] >= '0' && t[i] <= '9')
				return 0;
	}
	/* (words: four Chinese letters, or several Latin words; not TRUE) */
	return chars >= 4 && (letters >= 4 || (latin >= 8 && memchr(t, ' ', n)));
}

void trawl__doc_title_sheet(trawl__docset *s, trawl__doc *d, const char *sheet)
{
	const trawl__unit *u;
	const char *t, *e, *nl;

	if (s->rc || !d || d->title)
		return;
	if (d->units.n) {
		u = TRAWL_VEC_AT(&d->units, trawl__unit *, 0);
		t = u->nt.text.data;
		e = t + u->nt.text.len;
		/* (of its first three lines: a table's number or a unit above
		 * the title is passed over) */
		for (int line = 0; line < 3 && t < e; line++) {
			while (t < e && (*t == '\n' || *t == ' '))
				t++;
			size_t len, own;
			nl = t < e ? memchr(t, '\n', (size_t)(e - t)) : NULL;
			len = (size_t)((nl ? nl : e) - t);
			/* (a row whose first cell alone has text is one line: a
			 * spreadsheet's title exported as 标题,,,,) */
			for (own = len; own && (t[own - 1] == '\t' || t[own - 1] == ' '); own--)
				;
			if (own && trawl__title_row(t, own)) {
				trawl__doc_title(s, d, t, own);
				return;
			}
			if (memchr(t, '\t', own))
				break;   /* the table's header: no title above it */
			t += len;
		}
	}
	if (sheet)
		trawl__doc_title(s, d, sheet, strlen(sheet));
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

void trawl__doc_rfact(trawl__docset *s, trawl__doc *d, const trawl__rfact *f)
{
	trawl__rfact *r;

	if (s->rc || !d)
		return;
	r = trawl__vec_push(&d->rfacts);
	if (!r) {
		s->rc = TRAWL_ENOMEM;
		return;
	}
	*r = *f;
}

/* Past the text limit, what came before is kept: the caller warns. */
static void cap_text(trawl__docset *s, const trawl__unit *u)
{
	if (!s->text_capped)
		snprintf(s->text_capped_at, sizeof s->text_capped_at, "%s %d", u->kind, u->number);
	s->text_capped = 1;
}

void trawl__unit_text(trawl__docset *s, trawl__unit *u, const char *t, size_t n)
{
	size_t before, room;
	trawl_err rc;

	if (s->rc || !u || s->text_capped)
		return;
	room = s->max_text - s->text_bytes;
	if (n > room) {
		/* what fits, to a character boundary */
		n = room;
		while (n > 0 && ((unsigned char)t[n] & 0xC0) == 0x80)
			n--;
		cap_text(s, u);
	}
	before = u->nt.text.len;
	rc = trawl__ntext_add(&u->nt, t, n);
	if (rc == TRAWL_ETOOBIG) {
		rc = TRAWL_OK;
		cap_text(s, u);
	}
	/* (normalizing may lengthen the text a little past the limit) */
	if (u->nt.text.len - before > s->max_text - s->text_bytes) {
		trawl__ntext_truncate(&u->nt, before + (s->max_text - s->text_bytes));
		cap_text(s, u);
	}
	s->text_bytes += u->nt.text.len - before;
	s->rc = rc;
}

void trawl__unit_newline(trawl__docset *s, trawl__unit *u)
{
	if (s->rc || !u || !u->nt.text.len || u->nt.text.data[u->nt.text.len - 1] == '\n')
		return;
	trawl__unit_text(s, u, "\n", 1);
}

/* ---- tables: the grid ---- */

/* Cuts the spans still open (covering rows at or after `end`) so that they
 * end before row `end`, and forgets them. */
static void close_spans(trawl__unit *u, uint32_t end)
{
	uint32_t k;

	for (k = 0; k < u->ncover; k++) {
		trawl__cover *cv = &u->cover[k];
		if (cv->until > end && cv->cell < u->cells.n) {
			trawl__cell *c = &TRAWL_VEC_AT(&u->cells, trawl__cell, cv->cell);
			if (c->row < end && c->row + c->rowspan > end)
				c->rowspan = (uint16_t)(end - c->row);
		}
		cv->until = 0;
	}
}

/* The first row after the table's (or group's) last row. */
static uint32_t rows_end(const trawl__unit *u)
{
	return u->row_open ? u->row + 1 : u->row;
}

static int covered(const trawl__unit *u, uint32_t col)
{
	return col < u->ncover && u->cover[col].until > u->row;
}

static int cover_grow(trawl__docset *s, trawl__unit *u, uint32_t ncols)
{
	if (ncols > u->cover_cap) {
		uint32_t cap = u->cover_cap ? u->cover_cap : 16;
		trawl__cover *nc;
		while (cap < ncols)
			cap = cap < TRAWL__GRID_MAX_COLS / 2 ? cap * 2 : TRAWL__GRID_MAX_COLS;
		nc = realloc(u->cover, (size_t)cap * sizeof *nc);
		if (!nc) {
			s->rc = TRAWL_ENOMEM;
			return -1;
		}
		u->cover = nc;
		u->cover_cap = cap;
	}
	while (u->ncover < ncols) {
		u->cover[u->ncover].until = 0;
		u->cover[u->ncover++].cell = 0;
	}
	return 0;
}

void trawl__unit_table_begin(trawl__docset *s, trawl__unit *u)
{
	if (s->rc || !u)
		return;
	if (u->in_table)
		trawl__unit_table_end(s, u);
	trawl__unit_newline(s, u);
	u->in_table = 1;
	u->row = 0;
	u->row_open = 0;
	u->ncover = 0;
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
	u->row_fields = 0;
	u->last_col = 0;
	u->row_cell0 = u->cells.n;
}

/* Cell text is kept on one line: inner newlines and tabs become spaces. */
static void cell_text(trawl__docset *s, trawl__unit *u, const char *t, size_t n)
{
	size_t i, from = 0;

	for (i = 0; i < n; i++) {
		if (t[i] == '\n' || t[i] == '\t' || t[i] == '\r') {
			trawl__unit_text(s, u, t + from, i - from);
			trawl__unit_text(s, u, " ", 1);
			from = i + 1;
		}
	}
	trawl__unit_text(s, u, t + from, n - from);
}

static void tabs(trawl__docset *s, trawl__unit *u, uint32_t k)
{
	static const char many[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

	while (k && !s->rc) {
		uint32_t m = k < 16 ? k : 16;
		trawl__unit_text(s, u, many, m);
		k -= m;
	}
}

/* Places a cell at the first free column at or after `from` in the open
 * row. */
static void place(trawl__docset *s, trawl__unit *u, uint32_t from, const char *t,
                  size_t n, uint32_t rowspan, uint32_t colspan)
{
	trawl__cell *c;
	uint32_t col = from, k, start;

	if (colspan == 0)
		colspan = 1;
	if (colspan > TRAWL__SPAN_MAX)
		colspan = TRAWL__SPAN_MAX;
	if (rowspan == 0 || rowspan > TRAWL__SPAN_MAX)
		rowspan = TRAWL__SPAN_MAX; /* cut at the end of the group */
	while (covered(u, col))
		col++;
	/* trim */
	while (n && (t[0] == ' ' || t[0] == '\n' || t[0] == '\t' || t[0] == '\r'))
		t++, n--;
	while (n && (t[n - 1] == ' ' || t[n - 1] == '\n' || t[n - 1] == '\t' || t[n - 1] == '\r'))
		n--;
	if (col >= TRAWL__GRID_MAX_COLS) {
		/* past the grid: the text stays in the row, as no cell */
		if (!s->grid_warned)
			trawl__docset_warn(s, "a table is wider than %u columns; text past that "
			                   "kept in its row, not as cells", TRAWL__GRID_MAX_COLS);
		s->grid_warned = 1;
		trawl__unit_text(s, u, "\t", 1);
		cell_text(s, u, t, n);
		return;
	}
	if (colspan > TRAWL__GRID_MAX_COLS - col)
		colspan = TRAWL__GRID_MAX_COLS - col;
	/* a colspan stops short of a column covered from above */
	for (k = 1; k < colspan; k++)
		if (covered(u, col + k))
			break;
	colspan = k;
	if (cover_grow(s, u, col + colspan))
		return;
	tabs(s, u, u->row_fields ? col - u->last_col : col);
	start = (uint32_t)u->nt.text.len;
	cell_text(s, u, t, n);
	if (s->rc)
		return;
	if (s->cells >= s->max_cells || s->text_capped) {
		/* the text stays, as text; the table stops here */
		if (!s->cells_capped && !s->text_capped)
			snprintf(s->cells_capped_at, sizeof s->cells_capped_at, "%s %d row %u",
			         u->kind, u->number, (unsigned)u->row + 1);
		if (!s->text_capped)
			s->cells_capped = 1;
		u->row_fields++;
		u->last_col = col;
		u->col = col + colspan;
		return;
	}
	s->cells++;
	c = trawl__vec_push(&u->cells);
	if (!c) {
		s->rc = TRAWL_ENOMEM;
		return;
	}
	c->table = u->ntables - 1;
	c->row = u->row;
	c->col = col;
	c->start = start;
	c->end = (uint32_t)u->nt.text.len;
	c->rowspan = (uint16_t)rowspan;
	c->colspan = (uint16_t)colspan;
	for (k = col; k < col + colspan; k++) {
		/* (the current row counts as covered until the row ends) */
		u->cover[k].until = u->row + (rowspan > 1 ? rowspan : 1);
		u->cover[k].cell = (uint32_t)(u->cells.n - 1);
	}
	u->row_fields++;
	u->last_col = col;
	u->col = col + colspan;
}

void trawl__unit_cell_span(trawl__docset *s, trawl__unit *u, const char *t, size_t n,
                           uint32_t rowspan, uint32_t colspan)
{
	if (s->rc || !u)
		return;
	if (!u->row_open)
		trawl__unit_row_begin(s, u);
	place(s, u, u->col, t, n, rowspan, colspan);
}

void trawl__unit_cell(trawl__docset *s, trawl__unit *u, const char *t, size_t n)
{
	trawl__unit_cell_span(s, u, t, n, 1, 1);
}

void trawl__unit_cell_at(trawl__docset *s, trawl__unit *u, uint32_t row, uint32_t col,
                         const char *t, size_t n, uint32_t rowspan, uint32_t colspan)
{
	if (s->rc || !u)
		return;
	if (!u->in_table)
		trawl__unit_table_begin(s, u);
	if (u->row_open && row > u->row)
		trawl__unit_row_end(s, u);
	if (!u->row_open) {
		trawl__unit_row_begin(s, u);
		if (row > u->row)
			u->row = row;
	}
	place(s, u, col > u->col ? col : u->col, t, n, rowspan, colspan);
}

void trawl__unit_cell_more(trawl__docset *s, trawl__unit *u, const char *t, size_t n)
{
	trawl__cell *c;

	if (s->rc || !u)
		return;
	if (!u->row_open || u->cells.n == u->row_cell0 ||
	    TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1).end != u->nt.text.len) {
		trawl__unit_cell(s, u, t, n);
		return;
	}
	cell_text(s, u, t, n);
	c = &TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 1);
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

void trawl__unit_rowgroup_end(trawl__docset *s, trawl__unit *u)
{
	if (s->rc || !u || !u->in_table)
		return;
	trawl__unit_row_end(s, u);
	close_spans(u, rows_end(u));
}

void trawl__unit_table_end(trawl__docset *s, trawl__unit *u)
{
	if (s->rc || !u || !u->in_table)
		return;
	trawl__unit_rowgroup_end(s, u);
	u->in_table = 0;
	u->ncover = 0;
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
