/* The reader processes' wire format: see wire.h. */
#include <errno.h>
#include <math.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "ingest/wire.h"
#include "ingest/reader.h"
#include "facts/extract.h"
#include "util/banned.h"

#define NULL_LEN 0xFFFFFFFFu

int64_t trawl__now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until fd is ready for events or the deadline passes; 0 when ready. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	for (;;) {
		struct pollfd p = { fd, events, 0 };
		int64_t left = deadline ? deadline - trawl__now_ms() : -1;
		int r;
		if (deadline && left <= 0)
			return -1;
		r = poll(&p, 1, deadline ? (int)(left > 60000 ? 60000 : left) : -1);
		if (r > 0)
			return 0;
		if (r < 0 && errno != EINTR)
			return 0; /* let the read or write report it */
	}
}

/* ---- writing ---- */

void trawl__wout_init(trawl__wout *w, int fd, trawl__buf *mem, int64_t deadline)
{
	w->fd = fd;
	w->mem = mem;
	w->deadline = deadline;
	w->rc = TRAWL_OK;
	w->timed_out = 0;
	w->n = 0;
}

static void write_all(trawl__wout *w, const char *p, size_t n)
{
	if (w->fd < 0) {
		if (!w->rc)
			w->rc = trawl__buf_add(w->mem, p, n);
		return;
	}
	while (n && !w->rc) {
		ssize_t k = send(w->fd, p, n, MSG_NOSIGNAL);
		if (k > 0) {
			p += k;
			n -= (size_t)k;
		} else if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (wait_fd(w->fd, POLLOUT, w->deadline)) {
				w->timed_out = 1;
				w->rc = TRAWL_EIO;
			}
		} else if (k < 0 && errno == EINTR) {
			continue;
		} else {
			w->rc = TRAWL_EIO;
		}
	}
}

void trawl__wout_put(trawl__wout *w, const void *p, size_t n)
{
	if (w->rc)
		return;
	if (n > sizeof w->buf - w->n) {
		write_all(w, w->buf, w->n);
		w->n = 0;
		if (n > sizeof w->buf / 2) {
			write_all(w, p, n);
			return;
		}
	}
	memcpy(w->buf + w->n, p, n);
	w->n += n;
}

void trawl__wout_u32(trawl__wout *w, uint32_t v)
{
	trawl__wout_put(w, &v, sizeof v);
}

void trawl__wout_u64(trawl__wout *w, uint64_t v)
{
	trawl__wout_put(w, &v, sizeof v);
}

void trawl__wout_bytes(trawl__wout *w, const void *p, size_t n)
{
	if (n >= NULL_LEN) {
		w->rc = TRAWL_ETOOBIG;
		return;
	}
	trawl__wout_u32(w, (uint32_t)n);
	trawl__wout_put(w, p, n);
}

void trawl__wout_str(trawl__wout *w, const char *s)
{
	if (!s)
		trawl__wout_u32(w, NULL_LEN);
	else
		trawl__wout_bytes(w, s, strlen(s));
}

trawl_err trawl__wout_flush(trawl__wout *w)
{
	if (!w->rc && w->n)
		write_all(w, w->buf, w->n);
	w->n = 0;
	return w->rc;
}

/* ---- reading ---- */

void trawl__win_init(trawl__win *r, int fd, const char *mem, size_t memlen,
                     int64_t deadline, uint64_t budget)
{
	r->fd = fd;
	r->mem = mem;
	r->memlen = memlen;
	r->deadline = deadline;
	r->left = budget;
	r->err = TRAWL__WIN_OK;
	r->why[0] = '\0';
	r->pos = r->end = 0;
}

static void fail(trawl__win *r, int err, const char *why)
{
	if (r->err)
		return;
	r->err = err;
	snprintf(r->why, sizeof r->why, "%s", why);
}

void trawl__win_bad(trawl__win *r, const char *fmt, ...)
{
	va_list ap;

	if (r->err)
		return;
	r->err = TRAWL__WIN_BAD;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof r->why, fmt, ap);
	va_end(ap);
}

/* Reads at least one byte into dst[0..cap); returns the count, or 0 with
 * r->err set. */
static size_t read_some(trawl__win *r, char *dst, size_t cap)
{
	if (r->fd < 0) {
		size_t k = r->memlen < cap ? r->memlen : cap;
		if (!k) {
			fail(r, TRAWL__WIN_EOF, "the result ends early");
			return 0;
		}
		memcpy(dst, r->mem, k);
		r->mem += k;
		r->memlen -= k;
		return k;
	}
	for (;;) {
		ssize_t k = recv(r->fd, dst, cap, 0);
		if (k > 0)
			return (size_t)k;
		if (k == 0) {
			fail(r, TRAWL__WIN_EOF, "the reader closed the connection");
			return 0;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (wait_fd(r->fd, POLLIN, r->deadline)) {
				fail(r, TRAWL__WIN_TIMEOUT, "timed out");
				return 0;
			}
			continue;
		}
		fail(r, TRAWL__WIN_IO, strerror(errno));
		return 0;
	}
}

void trawl__win_get(trawl__win *r, void *p, size_t n)
{
	char *out = p;

	if (!r->err && n > r->left)
		fail(r, TRAWL__WIN_BIG, "the result is larger than its limit");
	if (r->err) {
		memset(p, 0, n);
		return;
	}
	r->left -= n;
	while (n) {
		size_t have = r->end - r->pos, k;
		if (!have) {
			/* big reads go straight to their destination */
			if (n >= sizeof r->buf) {
				k = read_some(r, out, n);
				if (!k)
					break;
				out += k;
				n -= k;
				continue;
			}
			r->pos = 0;
			r->end = read_some(r, r->buf, sizeof r->buf);
			if (!r->end)
				break;
			have = r->end;
		}
		k = have < n ? have : n;
		memcpy(out, r->buf + r->pos, k);
		r->pos += k;
		out += k;
		n -= k;
	}
	if (n)
		memset(out, 0, n);
}

uint32_t trawl__win_u32(trawl__win *r)
{
	uint32_t v;
	trawl__win_get(r, &v, sizeof v);
	return v;
}

uint64_t trawl__win_u64(trawl__win *r)
{
	uint64_t v;
	trawl__win_get(r, &v, sizeof v);
	return v;
}

/* A length read from the stream, checked against max and the budget;
 * NULL_LEN passes through. */
static uint32_t get_len(trawl__win *r, uint64_t max, const char *what)
{
	uint32_t n = trawl__win_u32(r);

	if (r->err || n == NULL_LEN)
		return r->err ? 0 : n;
	if (n > max)
		trawl__win_bad(r, "%s of %u bytes, over its limit of %llu", what, n,
		               (unsigned long long)max);
	else if (n > r->left)
		fail(r, TRAWL__WIN_BIG, "the result is larger than its limit");
	return r->err ? 0 : n;
}

char *trawl__win_str(trawl__win *r, size_t max, int utf8, int *isnull)
{
	uint32_t n = get_len(r, max, "a string");
	char *s;

	if (isnull)
		*isnull = 0;
	if (r->err)
		return NULL;
	if (n == NULL_LEN) {
		if (isnull)
			*isnull = 1;
		return NULL;
	}
	s = malloc((size_t)n + 1);
	if (!s) {
		fail(r, TRAWL__WIN_NOMEM, "out of memory");
		return NULL;
	}
	trawl__win_get(r, s, n);
	s[n] = '\0';
	if (!r->err && memchr(s, '\0', n))
		trawl__win_bad(r, "a string holds a NUL byte");
	else if (!r->err && utf8 && !trawl__utf8_valid(s, n))
		trawl__win_bad(r, "a string is not valid UTF-8");
	if (r->err) {
		free(s);
		return NULL;
	}
	return s;
}

void trawl__win_buf(trawl__win *r, trawl__buf *b, const char *what)
{
	uint32_t n = get_len(r, b->max, what);

	if (r->err)
		return;
	if (n == NULL_LEN) {
		trawl__win_bad(r, "%s is missing", what);
		return;
	}
	trawl__buf_reset(b);
	if (trawl__buf_grow(b, n)) {
		fail(r, TRAWL__WIN_NOMEM, "out of memory");
		return;
	}
	trawl__win_get(r, b->data, n);
	if (r->err)
		return;
	b->len = n;
	b->data[n] = '\0';
}

/* n fixed records of size sz into v (whose item size must be sz). */
static void get_records(trawl__win *r, trawl__vec *v, size_t sz, const char *what)
{
	uint32_t n = trawl__win_u32(r);
	size_t bytes;
	void *items;

	if (r->err || !n)
		return;
	if (__builtin_mul_overflow((size_t)n, sz, &bytes) || bytes > r->left) {
		fail(r, TRAWL__WIN_BIG, "the result is larger than its limit");
		return;
	}
	items = malloc(bytes);
	if (!items) {
		fail(r, TRAWL__WIN_NOMEM, "out of memory");
		return;
	}
	trawl__win_get(r, items, bytes);
	if (r->err) {
		free(items);
		trawl__win_bad(r, "%s: %s", what, r->why);
		return;
	}
	free(v->items);
	v->items = items;
	v->n = v->cap = n;
	v->size = sz;
}

/* ---- the docset ---- */

static void put_records(trawl__wout *w, const trawl__vec *v)
{
	trawl__wout_u32(w, (uint32_t)v->n);
	if (v->n)
		trawl__wout_put(w, v->items, v->n * v->size);
}

void trawl__wire_put_docset(trawl__wout *w, const trawl__docset *ds)
{
	trawl__wout_str(w, ds->format);
	trawl__wout_str(w, ds->encoding);
	trawl__wout_bytes(w, ds->warnings.data, ds->warnings.len);
	trawl__wout_u32(w, (uint32_t)ds->docs.n);
	for (size_t i = 0; i < ds->docs.n; i++) {
		const trawl__doc *d = TRAWL_VEC_AT(&ds->docs, trawl__doc *, i);
		trawl__wout_str(w, d->ext_id);
		trawl__wout_str(w, d->title);
		trawl__wout_str(w, d->kind);
		trawl__wout_u32(w, (uint32_t)d->fields.n);
		for (size_t k = 0; k < d->fields.n; k++) {
			const trawl__field *f = &TRAWL_VEC_AT(&d->fields, trawl__field, k);
			trawl__wout_str(w, f->key);
			trawl__wout_str(w, f->value);
		}
		trawl__wout_u32(w, (uint32_t)d->units.n);
		for (size_t k = 0; k < d->units.n; k++) {
			const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
			int same = trawl__ntext_identity(&u->nt);
			trawl__wout_str(w, u->kind);
			trawl__wout_u32(w, (uint32_t)u->number);
			trawl__wout_str(w, u->name);
			trawl__wout_bytes(w, u->nt.text.data, u->nt.text.len);
			/* raw text only when it differs (a flag, then bytes and map) */
			trawl__wout_u32(w, (uint32_t)!same);
			if (!same) {
				trawl__wout_bytes(w, u->nt.raw.data, u->nt.raw.len);
				put_records(w, &u->nt.map);
			}
			put_records(w, &u->cells);
			put_records(w, &u->spans);
			/* read by OCR: its mean word confidence, else -1 */
			{
				float conf = u->ocr ? u->ocr_conf : -1.0f;
				trawl__wout_put(w, &conf, sizeof conf);
			}
		}
		/* facts: a record size (0 when the facts stage did not run) */
		trawl__wout_u32(w, d->facts.n ? (uint32_t)sizeof(trawl__dfact) : 0);
		if (d->facts.n) {
			put_records(w, &d->facts);
			trawl__wout_bytes(w, d->fstrings.data, d->fstrings.len);
		}
	}
	/* an archive's members: name, then bytes */
	trawl__wout_u32(w, (uint32_t)ds->members.n);
	for (size_t i = 0; i < ds->members.n; i++) {
		const trawl__member *m = &TRAWL_VEC_AT(&ds->members, trawl__member, i);
		trawl__wout_str(w, m->name);
		trawl__wout_u64(w, m->len);
		trawl__wout_put(w, m->data, m->len);
	}
	trawl__wout_u32(w, TRAWL__WIRE_END);
}

/* An archive's members: each a relative UTF-8 name of no ".." and its
 * bytes, all within the stream's budget. */
static void get_members(trawl__win *r, trawl__docset *ds)
{
	uint32_t n = trawl__win_u32(r);

	if (!r->err && n > TRAWL__MAX_MEMBERS)
		trawl__win_bad(r, "%u archive members, over the limit of %u", n, TRAWL__MAX_MEMBERS);
	for (uint32_t i = 0; i < n && !r->err; i++) {
		char *name = trawl__win_str(r, 4096, 1, NULL);
		uint64_t len = trawl__win_u64(r);
		char *data = NULL;
		if (!r->err && (!name || !trawl__member_name_ok(name)))
			trawl__win_bad(r, "archive member %u has no name or one that leaves the archive",
			                i);
		else if (!r->err && len > r->left)
			fail(r, TRAWL__WIN_BIG, "archive members over the budget");
		else if (!r->err && !(data = malloc(len ? (size_t)len : 1)))
			fail(r, TRAWL__WIN_NOMEM, "out of memory");
		if (!r->err)
			trawl__win_get(r, data, (size_t)len);
		if (!r->err) {
			trawl__docset_member(ds, name, data, (size_t)len);
			if (ds->rc)
				fail(r, TRAWL__WIN_NOMEM, "out of memory");
		}
		free(name);
		free(data);
	}
}

/* A short name of ASCII letters, digits, '-' and '_' into out (outsz). */
static void get_name(trawl__win *r, char *out, size_t outsz, int empty_ok, const char *what)
{
	char *s = trawl__win_str(r, outsz - 1, 0, NULL);

	out[0] = '\0';
	if (r->err)
		return;
	if (!s || (!*s && !empty_ok)) {
		trawl__win_bad(r, "%s is missing", what);
		free(s);
		return;
	}
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_')) {
			trawl__win_bad(r, "%s is not a name", what);
			break;
		}
	if (!r->err)
		snprintf(out, outsz, "%s", s);
	free(s);
}

static void check_map(trawl__win *r, const trawl__ntext *nt)
{
	const uint32_t *m = nt->map.items;
	uint32_t pn = 0, pr = 0;

	for (size_t i = 0; i < nt->map.n && !r->err; i++) {
		uint32_t a = m[2 * i], b = m[2 * i + 1];
		if (a > nt->text.len || b > nt->raw.len || a < pn || b < pr)
			trawl__win_bad(r, "offset map entry %zu is out of order or bounds", i);
		pn = a;
		pr = b;
	}
}

static void get_unit(trawl__win *r, trawl__docset *ds, trawl__doc *d)
{
	char kind[sizeof ((trawl__unit *)0)->kind];
	char *name;
	uint32_t number;
	int isnull;
	trawl__unit *u;

	get_name(r, kind, sizeof kind, 0, "a unit kind");
	number = trawl__win_u32(r);
	name = trawl__win_str(r, 4096, 1, &isnull);
	if (r->err)
		return;
	u = trawl__unit_new(ds, d, kind, (int)number, name);
	free(name);
	if (!u) {
		fail(r, TRAWL__WIN_NOMEM, "out of memory");
		return;
	}
	trawl__win_buf(r, &u->nt.text, "a unit's text");
	if (!r->err && (memchr(u->nt.text.data, '\0', u->nt.text.len) ||
	                !trawl__utf8_valid(u->nt.text.data, u->nt.text.len)))
		trawl__win_bad(r, "a unit's text is not valid UTF-8");
	if (r->err)
		return;
	if (u->nt.text.len > ds->max_text - ds->text_bytes) {
		fail(r, TRAWL__WIN_BIG, "the text is larger than its limit");
		return;
	}
	ds->text_bytes += u->nt.text.len;
	/* (otherwise the raw text is the text, and the map empty) */
	if (trawl__win_u32(r)) {
		u->nt.raw_on = 1;
		trawl__win_buf(r, &u->nt.raw, "a unit's raw text");
		get_records(r, &u->nt.map, sizeof(uint32_t) * 2, "the offset map");
		check_map(r, &u->nt);
	}
	get_records(r, &u->cells, sizeof(trawl__cell), "the cells");
	for (size_t i = 0; i < u->cells.n && !r->err; i++) {
		const trawl__cell *c = &TRAWL_VEC_AT(&u->cells, trawl__cell, i);
		if (c->start > c->end || c->end > u->nt.text.len)
			trawl__win_bad(r, "cell %zu points outside its text", i);
		else if (!c->rowspan || !c->colspan || c->col >= TRAWL__GRID_MAX_COLS ||
		         c->colspan > TRAWL__GRID_MAX_COLS - c->col)
			trawl__win_bad(r, "cell %zu lies outside the grid", i);
	}
	get_records(r, &u->spans, sizeof(trawl__span), "the spans");
	for (size_t i = 0; i < u->spans.n && !r->err; i++) {
		const trawl__span *s = &TRAWL_VEC_AT(&u->spans, trawl__span, i);
		if (s->start > s->end || s->end > u->nt.text.len)
			trawl__win_bad(r, "span %zu points outside its text", i);
		else if (!isfinite(s->x0) || !isfinite(s->y0) || !isfinite(s->x1) ||
		         !isfinite(s->y1))
			trawl__win_bad(r, "span %zu has a box that is not a number", i);
	}
	{
		float conf = -1.0f;
		trawl__win_get(r, &conf, sizeof conf);
		if (!r->err && conf != -1.0f && !(conf >= 0.0f && conf <= 100.0f))
			trawl__win_bad(r, "a unit's OCR confidence is out of range");
		if (!r->err && conf >= 0.0f) {
			u->ocr = 1;
			u->ocr_conf = conf;
		}
	}
}

static void get_facts(trawl__win *r, trawl__doc *d)
{
	uint32_t size = trawl__win_u32(r);

	if (r->err || !size)
		return;
	if (size != sizeof(trawl__dfact)) {
		trawl__win_bad(r, "facts of %u bytes, expected %zu", size, sizeof(trawl__dfact));
		return;
	}
	get_records(r, &d->facts, sizeof(trawl__dfact), "the facts");
	trawl__win_buf(r, &d->fstrings, "the facts' strings");
	if (r->err)
		return;
	/* the pool: NUL-separated UTF-8, and every reference at the start of a
	 * character inside it (trawl__buf ends it with a NUL of its own) */
	if (!trawl__utf8_valid(d->fstrings.data, d->fstrings.len)) {
		trawl__win_bad(r, "the facts' strings are not valid UTF-8");
		return;
	}
	for (size_t i = 0; i < d->facts.n && !r->err; i++) {
		const trawl__dfact *f = &((const trawl__dfact *)d->facts.items)[i];
		const trawl__unit *u;
		if (f->unit >= d->units.n) {
			trawl__win_bad(r, "fact %zu names unit %u of %zu", i, f->unit, d->units.n);
			break;
		}
		u = TRAWL_VEC_AT(&d->units, trawl__unit *, f->unit);
		if (f->start > f->end || f->end > u->nt.text.len || f->cstart > f->cend)
			trawl__win_bad(r, "fact %zu points outside its text", i);
		else if (f->kind < TRAWL__F_MONEY || f->kind > TRAWL__F_PROJECT || f->negative > 1)
			trawl__win_bad(r, "fact %zu is of no known kind", i);
		for (int k = 0; k < TRAWL__FS_N && !r->err; k++) {
			uint32_t o = f->str[k];
			/* (an empty string is 0, so a reference is to a byte of the
			 * pool, never to the NUL past its end) */
			if (o && (o - 1 >= d->fstrings.len ||
			          ((unsigned char)d->fstrings.data[o - 1] & 0xC0) == 0x80))
				trawl__win_bad(r, "fact %zu names a string outside the pool", i);
		}
	}
}

void trawl__wire_get_docset(trawl__win *r, trawl__docset *ds)
{
	uint32_t ndocs;

	get_name(r, ds->format, sizeof ds->format, 0, "the format");
	if (!r->err && !trawl__format_known(ds->format))
		trawl__win_bad(r, "no reader named %s", ds->format);
	get_name(r, ds->encoding, sizeof ds->encoding, 1, "the encoding");
	/* the reader's warnings come after those ds already has */
	{
		trawl__buf w;
		trawl__buf_init(&w, ds->warnings.max);
		trawl__win_buf(r, &w, "the warnings");
		if (!r->err && !trawl__utf8_valid(w.data, w.len))
			trawl__win_bad(r, "the warnings are not valid UTF-8");
		/* (past the warnings' own limit they are cut, as trawl__docset_warn
		 * does) */
		if (!r->err && w.len && (!ds->warnings.len ||
		                         trawl__buf_adds(&ds->warnings, "; ") == TRAWL_OK))
			(void)trawl__buf_add(&ds->warnings, w.data, w.len);
		trawl__buf_release(&w);
	}
	ndocs = trawl__win_u32(r);
	for (uint32_t i = 0; i < ndocs && !r->err; i++) {
		trawl__doc *d;
		char *ext_id, *title, kind[sizeof ((trawl__doc *)0)->kind];
		uint32_t n;
		ext_id = trawl__win_str(r, 4096, 1, NULL);
		title = trawl__win_str(r, 4096, 1, NULL);
		get_name(r, kind, sizeof kind, 1, "a document kind");
		d = r->err ? NULL : trawl__doc_new(ds, ext_id);
		if (d && title)
			d->title = title;
		else
			free(title);
		free(ext_id);
		if (!d) {
			fail(r, TRAWL__WIN_NOMEM, "out of memory");
			break;
		}
		snprintf(d->kind, sizeof d->kind, "%s", kind);
		n = trawl__win_u32(r);
		for (uint32_t k = 0; k < n && !r->err; k++) {
			char *key = trawl__win_str(r, 4096, 1, NULL);
			char *value = key ? trawl__win_str(r, (size_t)16 << 20, 1, NULL) : NULL;
			if (!r->err && (!key || !value))
				trawl__win_bad(r, "a field is missing its key or value");
			if (!r->err)
				trawl__doc_field(ds, d, key, value);
			free(key);
			free(value);
			if (ds->rc)
				fail(r, TRAWL__WIN_NOMEM, "out of memory");
		}
		n = trawl__win_u32(r);
		for (uint32_t k = 0; k < n && !r->err; k++)
			get_unit(r, ds, d);
		get_facts(r, d);
	}
	if (!r->err)
		get_members(r, ds);
	if (!r->err && trawl__win_u32(r) != TRAWL__WIRE_END)
		trawl__win_bad(r, "the result does not end where it should");
}
