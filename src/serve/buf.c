/* A growable string for responses, with HTML and URL escaping. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "serve.h"

static int grow(sv_buf *b, size_t extra)
{
	size_t cap;
	char *p;

	if (b->failed)
		return -1;
	if (extra > ((size_t)1 << 40) - b->len) { /* (and no wrap below) */
		b->failed = 1;
		return -1;
	}
	if (b->len + extra + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 4096;
	while (cap < b->len + extra + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void sb_add(sv_buf *b, const char *s, size_t n)
{
	if (grow(b, n))
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void sb_adds(sv_buf *b, const char *s)
{
	if (s)
		sb_add(b, s, strlen(s));
}

void sb_addf(sv_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void sb_htmln(sv_buf *b, const char *s, size_t n)
{
	size_t i, from = 0;

	if (!s)
		return;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *e = NULL;
		switch (c) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		case '\n': case '\t': case '\r': continue;
		default:
			if (c < 0x20 || c == 0x7f)
				e = "";
		}
		if (!e)
			continue;
		sb_add(b, s + from, i - from);
		sb_adds(b, e);
		from = i + 1;
	}
	sb_add(b, s + from, n - from);
}

void sb_html(sv_buf *b, const char *s)
{
	if (s)
		sb_htmln(b, s, strlen(s));
}

void sb_url(sv_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			sb_add(b, (const char *)&c, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			sb_add(b, e, 3);
		}
	}
}

void sb_amount(sv_buf *b, const char *v)
{
	char f[128];

	if (!v)
		return;
	trawl_amount_format(v, f, sizeof f);
	sb_html(b, f);
}

void sb_free(sv_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

char *sb_detach(sv_buf *b, size_t *len)
{
	char *p = b->p;

	if (len)
		*len = b->len;
	memset(b, 0, sizeof *b);
	return p;
}
