/* NFKC normalization with a map back to the raw text.
 *
 * Text is normalized one cluster at a time (a starter and the combining
 * marks after it), so every normalized byte can be traced to the cluster
 * it came from. ASCII and CJK ideographs are NFKC-stable and copied as is. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "text/text.h"
#include "util/banned.h"

void trawl__ntext_init(trawl__ntext *t, size_t max)
{
	trawl__buf_init(&t->text, max);
	trawl__buf_init(&t->raw, max);
	trawl__vec_init(&t->map, sizeof(uint32_t) * 2);
	t->raw_on = 0;
}

void trawl__ntext_release(trawl__ntext *t)
{
	trawl__buf_release(&t->text);
	trawl__buf_release(&t->raw);
	trawl__vec_release(&t->map);
}

int trawl__ntext_identity(const trawl__ntext *t)
{
	return !t->raw_on || (t->text.len == t->raw.len &&
	                      !memcmp(t->text.data, t->raw.data, t->text.len));
}

/* From here on raw differs from text: keep it, starting from a copy. */
static trawl_err raw_on(trawl__ntext *t)
{
	if (t->raw_on)
		return TRAWL_OK;
	t->raw_on = 1;
	trawl__buf_reset(&t->raw);
	return trawl__buf_add(&t->raw, t->text.data, t->text.len);
}

/* Appends raw bytes (only kept once raw differs). */
static trawl_err add_raw(trawl__ntext *t, const void *p, size_t n)
{
	return t->raw_on ? trawl__buf_add(&t->raw, p, n) : TRAWL_OK;
}

static trawl_err note_shift(trawl__ntext *t)
{
	uint32_t *pair;
	size_t n = t->map.n;

	if (!t->raw_on)
		return TRAWL_OK; /* raw is text: no shift */
	if (t->text.len > UINT32_MAX || t->raw.len > UINT32_MAX)
		return TRAWL_ETOOBIG;
	if (n) {
		uint32_t *last = &TRAWL_VEC_AT(&t->map, uint32_t, 2 * (n - 1));
		if ((int64_t)last[0] - last[1] == (int64_t)t->text.len - (int64_t)t->raw.len)
			return TRAWL_OK;
	} else if (t->text.len == t->raw.len) {
		return TRAWL_OK;
	}
	pair = trawl__vec_push(&t->map);
	if (!pair)
		return TRAWL_ENOMEM;
	pair[0] = (uint32_t)t->text.len;
	pair[1] = (uint32_t)t->raw.len;
	return TRAWL_OK;
}

size_t trawl__ntext_raw_offset(const uint32_t *map, size_t npairs, size_t off)
{
	size_t lo = 0, hi = npairs;

	/* the last pair with norm_off <= off */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (map[2 * mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return off;
	return map[2 * (lo - 1) + 1] + (off - map[2 * (lo - 1)]);
}

void trawl__ntext_truncate(trawl__ntext *t, size_t len)
{
	if (len >= t->text.len)
		return;
	/* at the start of a character */
	while (len > 0 && ((unsigned char)t->text.data[len] & 0xC0) == 0x80)
		len--;
	if (t->raw_on) {
		size_t raw = trawl__ntext_raw_offset(t->map.items, t->map.n, len);
		while (t->map.n && TRAWL_VEC_AT(&t->map, uint32_t, 2 * (t->map.n - 1)) > len)
			t->map.n--;
		if (raw < t->raw.len) {
			t->raw.len = raw;
			t->raw.data[raw] = '\0';
		}
	}
	t->text.len = len;
	t->text.data[len] = '\0';
}

static int stable_cp(utf8proc_int32_t c)
{
	return (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0x3041 && c <= 0x3096) ||
	       (c >= 0x30A1 && c <= 0x30FA) || (c >= 0x3001 && c <= 0x3002) ||
	       (c >= 0x300C && c <= 0x300F);
}

/* A code point that is dropped: controls other than tab/newline, BOMs,
 * soft hyphens and zero-width characters are invisible noise. */
static int dropped_cp(utf8proc_int32_t c)
{
	return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F ||
	       (c >= 0x80 && c < 0xA0) || c == 0xFEFF || c == 0x00AD ||
	       c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060;
}

trawl_err trawl__ntext_add(trawl__ntext *t, const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *e = p + n;
	trawl_err rc = TRAWL_OK;

	while (p < e && !rc) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, e - p, &c);
		const utf8proc_uint8_t *q;
		utf8proc_uint8_t *mapped = NULL;
		utf8proc_ssize_t mlen;

		if (k <= 0) {
			/* Callers pass valid UTF-8; skip a stray byte safely. */
			rc = raw_on(t);
			if (!rc) rc = trawl__buf_add(&t->raw, p, 1);
			if (!rc) rc = trawl__buf_add(&t->text, "\xEF\xBF\xBD", 3);
			if (!rc) rc = note_shift(t);
			p++;
			continue;
		}
		if (c == '\r') {
			/* CR LF and lone CR both become LF */
			size_t take = (p + 1 < e && p[1] == '\n') ? 2 : 1;
			rc = raw_on(t);
			if (!rc) rc = trawl__buf_add(&t->raw, p, take);
			if (!rc) rc = trawl__buf_addc(&t->text, '\n');
			if (!rc) rc = note_shift(t);
			p += take;
			continue;
		}
		if (stable_cp(c)) {
			/* copy the whole run of stable code points at once */
			q = p + k;
			while (q < e) {
				utf8proc_int32_t c2;
				utf8proc_ssize_t k2 = utf8proc_iterate(q, e - q, &c2);
				if (k2 <= 0 || !stable_cp(c2))
					break;
				q += k2;
			}
			/* a combining mark after the run belongs to its last char */
			if (q < e) {
				utf8proc_int32_t c2;
				if (utf8proc_iterate(q, e - q, &c2) > 0 &&
				    utf8proc_get_property(c2)->combining_class != 0) {
					/* back up one code point and take the slow path */
					const utf8proc_uint8_t *b = q - 1;
					while (b > p && (*b & 0xC0) == 0x80) b--;
					q = b;
				}
			}
			if (q > p) {
				rc = add_raw(t, p, (size_t)(q - p));
				if (!rc) rc = trawl__buf_add(&t->text, p, (size_t)(q - p));
				p = q;
				continue;
			}
		}
		/* a full-width comma between digits is kept: in Chinese text it
		 * separates the items of a list (分别安排100，200，300万元), where
		 * NFKC's "," would make one grouped number of them */
		if (c == 0xFF0C && t->text.len && t->text.data[t->text.len - 1] >= '0' &&
		    t->text.data[t->text.len - 1] <= '9' && p + k < e) {
			utf8proc_int32_t c2;
			if (utf8proc_iterate(p + k, e - (p + k), &c2) > 0 &&
			    ((c2 >= '0' && c2 <= '9') || (c2 >= 0xFF10 && c2 <= 0xFF19))) {
				rc = add_raw(t, p, (size_t)k);
				if (!rc) rc = trawl__buf_add(&t->text, p, (size_t)k);
				p += k;
				continue;
			}
		}
		if (dropped_cp(c)) {
			rc = raw_on(t);
			if (!rc) rc = trawl__buf_add(&t->raw, p, (size_t)k);
			if (!rc) rc = note_shift(t);
			p += k;
			continue;
		}
		/* a cluster: this code point and following combining marks */
		q = p + k;
		while (q < e) {
			utf8proc_int32_t c2;
			utf8proc_ssize_t k2 = utf8proc_iterate(q, e - q, &c2);
			if (k2 <= 0 || utf8proc_get_property(c2)->combining_class == 0)
				break;
			q += k2;
		}
		mlen = utf8proc_map(p, q - p, &mapped,
		                    UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
		/* a cluster NFKC leaves as it is keeps raw == text; utf8proc out of
		 * memory is not a character to replace */
		if (mlen == UTF8PROC_ERROR_NOMEM)
			rc = TRAWL_ENOMEM;
		else if (mlen < 0 || mlen != q - p || memcmp(mapped, p, (size_t)(q - p)))
			rc = raw_on(t);
		if (!rc) rc = add_raw(t, p, (size_t)(q - p));
		if (!rc) {
			if (mlen >= 0)
				rc = trawl__buf_add(&t->text, mapped, (size_t)mlen);
			else
				rc = trawl__buf_add(&t->text, "\xEF\xBF\xBD", 3);
		}
		free(mapped);
		if (!rc) rc = note_shift(t);
		p = q;
	}
	return rc;
}
