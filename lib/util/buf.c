#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "util/buf.h"
#include "util/diag.h"
#include "util/fault.h"
#include "util/banned.h"

static char empty_string[1];

void trawl__buf_init(trawl__buf *b, size_t max)
{
	b->data = empty_string;
	b->len = b->cap = 0;
	b->max = max ? max : ((size_t)1 << 30);
	b->err = TRAWL_OK;
	if (b->max > SIZE_MAX / 2)
		b->max = SIZE_MAX / 2; /* so that max + 1 and doubling cannot wrap */
}

void trawl__buf_release(trawl__buf *b)
{
	if (b->cap)
		free(b->data);
	b->data = empty_string;
	b->len = b->cap = 0;
	b->err = TRAWL_OK;
}

void trawl__buf_reset(trawl__buf *b)
{
	b->len = 0;
	if (b->cap)
		b->data[0] = '\0';
}

/* Remembers the first failure. */
static trawl_err fail(trawl__buf *b, trawl_err rc)
{
	if (!b->err)
		b->err = rc;
	return b->err;
}

trawl_err trawl__buf_grow(trawl__buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (b->err)
		return b->err;
	if (extra > b->max || b->len > b->max - extra)
		return fail(b, TRAWL_ETOOBIG);
	need = b->len + extra + 1;
	if (need <= b->cap)
		return TRAWL_OK;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap = ncap < ((size_t)1 << 62) ? ncap * 2 : need;
	if (ncap > b->max + 1)
		ncap = b->max + 1;
	if (trawl__fault_buf())
		return fail(b, TRAWL_ENOMEM);
	p = realloc(b->cap ? b->data : NULL, ncap);
	if (!p)
		return fail(b, TRAWL_ENOMEM);
	if (!b->cap)
		p[0] = '\0';
	b->data = p;
	b->cap = ncap;
	return TRAWL_OK;
}

trawl_err trawl__buf_add(trawl__buf *b, const void *p, size_t n)
{
	trawl_err rc = trawl__buf_grow(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return TRAWL_OK;
}

void trawl__buf_add_rc(trawl_err *rc, trawl__buf *b, const void *p, size_t n)
{
	if (!*rc)
		*rc = trawl__buf_add(b, p, n);
}

trawl_err trawl__buf_adds(trawl__buf *b, const char *s)
{
	return trawl__buf_add(b, s, strlen(s));
}

trawl_err trawl__buf_addc(trawl__buf *b, char c)
{
	return trawl__buf_add(b, &c, 1);
}

trawl_err trawl__buf_addf(trawl__buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	trawl_err rc;

	if (b->err)
		return b->err;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return fail(b, TRAWL_EINTERNAL);
	rc = trawl__buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return TRAWL_OK;
}

char *trawl__buf_detach(trawl__buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = 0;
	if (b->err) {
		trawl__buf_release(b);
		return NULL;
	}
	if (!b->cap) {
		p = calloc(1, 1);
		return p;
	}
	if (len)
		*len = b->len;
	p = b->data;
	trawl__buf_init(b, b->max);
	return p;
}

void trawl__vec_init(trawl__vec *v, size_t item_size)
{
	v->items = NULL;
	v->n = v->cap = 0;
	v->size = item_size;
}

void trawl__vec_release(trawl__vec *v)
{
	free(v->items);
	v->items = NULL;
	v->n = v->cap = 0;
}

void *trawl__vec_push(trawl__vec *v)
{
	char *p;

	if (v->n == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 16, bytes;
		void *np;
		if (ncap < v->cap || __builtin_mul_overflow(ncap, v->size, &bytes))
			return NULL;
		np = realloc(v->items, bytes);
		if (!np)
			return NULL;
		v->items = np;
		v->cap = ncap;
	}
	p = (char *)v->items + v->n * v->size;
	memset(p, 0, v->size);
	v->n++;
	return p;
}

trawl_err trawl__read_path(const char *path, trawl__buf *b, trawl_diag *d)
{
	int fd;
	trawl_err rc = TRAWL_OK;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return trawl__diag_errno(d, path, errno, "can't open");
	for (;;) {
		ssize_t n;
		size_t room = b->max - b->len, chunk = room < 65536 ? room : 65536;
		if (chunk == 0) {
			/* at the cap: one more byte means the file is over it */
			char extra;
			n = read(fd, &extra, 1);
			if (n > 0) {
				rc = TRAWL_ETOOBIG;
				trawl__diag_set(d, path, "larger than the limit of %zu MiB",
				                b->max >> 20);
			}
			break;
		}
		rc = trawl__buf_grow(b, chunk);
		if (rc)
			break;
		n = read(fd, b->data + b->len, chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = trawl__diag_errno(d, path, errno, "read failed");
			break;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		b->data[b->len] = '\0';
	}
	close(fd);
	return rc;
}

char *trawl__strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *trawl__strdup(const char *s)
{
	return s ? trawl__strndup(s, strlen(s)) : NULL;
}
