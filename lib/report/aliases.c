/* Aliases: one name for an agency or vendor known under several (full and
 * short names, old and new ones). A plain UTF-8 file, one name a line:
 *
 *     # comment
 *     东滨市公安局边境管理支队 = 边境管理支队, 东滨边境支队、东滨市边防支队
 *
 * The name left of the first '=' is the one shown; the names right of it,
 * separated by ',' or '、', are counted as it. Names are compared after
 * NFKC, as the store keeps them. This file also holds the line reader
 * that the topics file (topics.c) shares. */
#include <stdlib.h>
#include <string.h>
#include "report/report.h"
#include "text/text.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/alloc.h"
#include "util/banned.h"

/* A topics or aliases file is small: anything bigger is a mistake. */
#define LIST_FILE_MAX (16u << 20)
#define MAX_ITEMS 4096

static int is_space(const char *p, size_t n, size_t *w)
{
	if (n >= 1 && (*p == ' ' || *p == '\t' || *p == '\r')) {
		*w = 1;
		return 1;
	}
	if (n >= 3 && !memcmp(p, "\u3000", 3)) { /* NFKC makes it ' ', but be sure */
		*w = 3;
		return 1;
	}
	return 0;
}

/* Trims spaces at both ends of p[0..*n). */
static const char *trim(const char *p, size_t *n)
{
	size_t w;

	while (*n && is_space(p, *n, &w)) {
		p += w;
		*n -= w;
	}
	while (*n) {
		if (p[*n - 1] == ' ' || p[*n - 1] == '\t' || p[*n - 1] == '\r')
			(*n)--;
		else if (*n >= 3 && !memcmp(p + *n - 3, "\u3000", 3))
			*n -= 3;
		else
			break;
	}
	return p;
}

trawl_err rp_read_list_file(const char *path, char sep, rp_line_cb cb, void *u, trawl_diag *d)
{
	trawl__buf raw;
	trawl__ntext nt;
	trawl_err rc;
	const char *p, *end;
	size_t off = 0;
	long line = 0;

	trawl__buf_init(&raw, LIST_FILE_MAX);
	trawl__ntext_init(&nt, LIST_FILE_MAX * 2);
	rc = trawl__read_path(path, &raw, d);
	if (rc)
		goto out;
	if (raw.len >= 3 && !memcmp(raw.data, "\xEF\xBB\xBF", 3))
		off = 3;
	if (!trawl__utf8_valid(raw.data + off, raw.len - off)) {
		trawl__diag_set(d, path, "not UTF-8 text");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	if (raw.len > off && (rc = trawl__ntext_add(&nt, raw.data + off, raw.len - off)))
		goto out;
	p = nt.text.data ? nt.text.data : "";
	end = p + nt.text.len;
	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *name, *s;
		const char *items[MAX_ITEMS];
		size_t lens[MAX_ITEMS], nitems = 0, n, namelen;
		line++;
		n = (size_t)(e - p);
		name = trim(p, &n);
		p = nl ? nl + 1 : end;
		if (!n || name[0] == '#')
			continue;
		s = memchr(name, sep, n);
		if (!s) {
			trawl__diag_set(d, path, "line %ld: no '%c' after the name", line, sep);
			rc = TRAWL_EFORMAT;
			break;
		}
		namelen = (size_t)(s - name);
		name = trim(name, &namelen);
		if (!namelen) {
			trawl__diag_set(d, path, "line %ld: no name before '%c'", line, sep);
			rc = TRAWL_EFORMAT;
			break;
		}
		/* the list: split at ',' and '、' */
		for (s++; s <= name + n;) {
			const char *q = s, *stop = name + n;
			size_t len;
			while (q < stop && *q != ',' && !(stop - q >= 3 && !memcmp(q, "\u3001", 3)))
				q++;
			len = (size_t)(q - s);
			{
				const char *t = trim(s, &len);
				if (len) {
					if (nitems == MAX_ITEMS) {
						trawl__diag_set(d, path, "line %ld: more than %d names", line,
						                MAX_ITEMS);
						rc = TRAWL_EFORMAT;
						break;
					}
					items[nitems] = t;
					lens[nitems++] = len;
				}
			}
			if (q >= stop)
				break;
			s = q + (*q == ',' ? 1 : 3);
		}
		if (rc)
			break;
		rc = cb(u, line, name, namelen, items, lens, nitems, d);
	}
out:
	if (rc && d && !d->path[0])
		trawl__diag_set(d, path, "%s", d->msg[0] ? d->msg : trawl_strerror(rc));
	trawl__ntext_release(&nt);
	trawl__buf_release(&raw);
	return rc;
}

/* ---- the alias table ---- */

static uint32_t hash_u32(uint32_t x)
{
	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	x *= 0x846ca68bu;
	x ^= x >> 16;
	return x;
}

static size_t alias_slot(const rp_aliases *a, uint32_t name)
{
	size_t j = hash_u32(name) & (a->nslots - 1);

	while (a->slots[j] && a->from[a->slots[j] - 1] != name)
		j = (j + 1) & (a->nslots - 1);
	return j;
}

uint32_t rp_alias_of(const rp_aliases *a, uint32_t name)
{
	size_t j;

	if (!a->nslots || !name)
		return name;
	j = alias_slot(a, name);
	return a->slots[j] ? a->to[a->slots[j] - 1] : name;
}

static trawl_err alias_put(rp_aliases *a, uint32_t from, uint32_t to)
{
	size_t j;

	if ((a->n + 1) * 2 > a->nslots) {
		size_t n = a->nslots ? a->nslots * 2 : 64;
		uint32_t *s = calloc(n, sizeof *s);
		if (!s)
			return TRAWL_ENOMEM;
		free(a->slots);
		a->slots = s;
		a->nslots = n;
		for (size_t i = 0; i < a->n; i++)
			a->slots[alias_slot(a, a->from[i])] = (uint32_t)i + 1;
	}
	if (a->n == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 32;
		uint32_t *f = trawl__reallocn(a->from, cap, sizeof *f), *t;
		if (!f)
			return TRAWL_ENOMEM;
		a->from = f;
		t = trawl__reallocn(a->to, cap, sizeof *t);
		if (!t)
			return TRAWL_ENOMEM;
		a->to = t;
		a->cap = cap;
	}
	j = alias_slot(a, from);
	a->from[a->n] = from;
	a->to[a->n] = to;
	a->slots[j] = (uint32_t)++a->n;
	return TRAWL_OK;
}

typedef struct alias_ctx {
	rp_aliases *a;
	rp_strtab *t;
	const char *path;
} alias_ctx;

static trawl_err alias_line(void *u, long line, const char *name, size_t n,
                            const char *const *items, const size_t *lens, size_t nitems,
                            trawl_diag *d)
{
	alias_ctx *c = u;
	trawl_err rc = TRAWL_OK;
	uint32_t canon = rp_intern(c->t, name, n, &rc);

	for (size_t i = 0; i <= nitems && !rc; i++) {
		/* the canonical name maps to itself, so that it can't be an alias too */
		uint32_t from = i < nitems ? rp_intern(c->t, items[i], lens[i], &rc) : canon;
		uint32_t was;
		if (rc)
			break;
		was = rp_alias_of(c->a, from);
		if (was != from || (c->a->nslots && c->a->slots[alias_slot(c->a, from)])) {
			if (was == canon)
				continue;
			if (was == from)
				trawl__diag_set(d, c->path, "line %ld: %s is already a name in this file",
				                line, rp_str(c->t, from));
			else
				trawl__diag_set(d, c->path, "line %ld: %s is already a name of %s", line,
				                rp_str(c->t, from), rp_str(c->t, was));
			return TRAWL_EFORMAT;
		}
		rc = alias_put(c->a, from, canon);
	}
	return rc;
}

trawl_err rp_aliases_load(rp_aliases *a, rp_strtab *t, const char *path, trawl_diag *d)
{
	alias_ctx c = { a, t, path };

	return rp_read_list_file(path, '=', alias_line, &c, d);
}

void rp_aliases_release(rp_aliases *a)
{
	free(a->from);
	free(a->to);
	free(a->slots);
	memset(a, 0, sizeof *a);
}
