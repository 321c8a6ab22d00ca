/* Byte-level helpers shared by the extractors (text is NFKC UTF-8). */
#ifndef TRAWL_SCAN_H
#define TRAWL_SCAN_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "facts/fact.h"

static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Does t[i..n) start with w? The first byte decides most calls, so
 * strlen runs only on a likely match: these run at every character. */
static inline int at(const char *t, size_t n, size_t i, const char *w)
{
	size_t l;

	if (!w[0])
		return i <= n;
	if (i >= n || t[i] != w[0])
		return 0;
	/* in Chinese text the first byte of a word matches thousands of
	 * characters; the second tells most of them apart */
	if (w[1] && (i + 1 >= n || t[i + 1] != w[1]))
		return 0;
	l = strlen(w);
	return i + l <= n && !memcmp(t + i, w, l);
}

/* dst = s[0..n), cut to cap - 1 bytes at a character's end, never inside
 * one (as snprintf(dst, cap, "%.*s", n, s) but for UTF-8); returns the
 * length copied. */
static inline size_t copy_cut(char *dst, size_t cap, const char *s, size_t n)
{
	if (!cap)
		return 0;
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
	return n;
}

/* dst = src, cut to cap - 1 bytes at a character's end, as
 * snprintf(dst, cap, "%s", src) but cheaper (it runs for every fact). */
static inline void copy_str(char *dst, size_t cap, const char *src)
{
	copy_cut(dst, cap, src, strlen(src));
}

/* out = s[0..n) without the spaces, tabs and newlines around it, cut to
 * outsz - 1 bytes at a character boundary; returns its length. */
static inline size_t copy_trim(char *out, size_t outsz, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\n'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return copy_cut(out, outsz, s, n);
}

/* memmem(s, n, w, 3) for a word of three bytes (one Chinese character),
 * by its last byte: a lead byte such as that of 为 or 受 begins a good
 * share of all Chinese characters, a last byte far fewer. */
static inline const char *find3(const char *s, size_t n, const char *w)
{
	size_t i = 2;

	while (i < n) {
		const char *p = memchr(s + i, w[2], n - i);
		if (!p)
			return NULL;
		i = (size_t)(p - s);
		if (s[i - 2] == w[0] && s[i - 1] == w[1])
			return s + i - 2;
		i++;
	}
	return NULL;
}

/* Bytes of the UTF-8 character led by c (1 for a stray byte). */
static inline size_t u8len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0)
		return 2;
	if ((c & 0xF0) == 0xE0)
		return 3;
	if ((c & 0xF8) == 0xF0)
		return 4;
	return 1;
}

/* Bytes of the UTF-8 character at t[i], within n. */
static inline size_t u8len_at(const char *t, size_t n, size_t i)
{
	unsigned char c = (unsigned char)t[i];
	size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	return i + l <= n ? l : n - i;
}

/* Past the character at t[i] and, when it is a digit, past the digits
 * after it: where an extractor whose facts never start at a digit that
 * follows a digit (an amount, a date, a quantity) goes on when it found
 * none at i, rather than trying each digit of a long number in turn. */
static inline size_t past_digits(const char *t, size_t n, size_t i)
{
	if (!is_digit(t[i]))
		return i + u8len_at(t, n, i);
	while (++i < n && is_digit(t[i]))
		;
	return i;
}

/* The code point of the UTF-8 character at t[i] (its bytes in *len), or
 * -1 for a malformed or cut sequence (*len is then 1). */
static inline int32_t cp_at(const char *t, size_t n, size_t i, size_t *len)
{
	const unsigned char *u = (const unsigned char *)t + i;
	size_t l, k;
	int32_t c;

	*len = 1;
	if (i >= n)
		return -1;
	if (u[0] < 0x80)
		return u[0];
	/* a Chinese character (three bytes) decoded without the general
	 * loop: the extractors ask at every character near a number */
	if ((u[0] & 0xF0) == 0xE0) {
		if (n - i < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
			return -1;
		*len = 3;
		return ((int32_t)(u[0] & 0x0F) << 12) | ((int32_t)(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
	}
	if (u[0] < 0xC2 || u[0] > 0xF4)
		return -1;
	l = u[0] < 0xE0 ? 2 : u[0] < 0xF0 ? 3 : 4;
	if (i + l > n)
		return -1;
	c = u[0] & (0x3F >> (l - 1));
	for (k = 1; k < l; k++) {
		if ((u[k] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (u[k] & 0x3F);
	}
	*len = l;
	return c;
}

/* A set of characters: which ones can begin a fact of some kind, so an
 * extractor can pass over the others without trying its rules there. */
typedef struct trawl__cpset {
	uint64_t bmp[65536 / 64];
	int beyond;             /* some member is outside the BMP: take them all */
} trawl__cpset;

static inline void cpset_add(trawl__cpset *s, int32_t c)
{
	if (c < 0)
		return;
	if (c < 65536)
		s->bmp[c >> 6] |= (uint64_t)1 << (c & 63);
	else
		s->beyond = 1;
}

/* Adds the first character of w. */
static inline void cpset_add_first(trawl__cpset *s, const char *w)
{
	size_t l;
	cpset_add(s, cp_at(w, strlen(w), 0, &l));
}

static inline int cpset_at(const trawl__cpset *s, const char *t, size_t n, size_t i)
{
	size_t l;
	int32_t c = cp_at(t, n, i, &l);
	if (c < 0)
		return 0;
	if (c >= 65536)
		return s->beyond;
	return (int)((s->bmp[c >> 6] >> (c & 63)) & 1);
}

/* Adds the digits and every Chinese numeral character (number.c). */
void trawl__cpset_add_numerals(trawl__cpset *set);
/* The loop of the extractors that read t left to right:
 *     for (;;) {
 *             i = trawl__skip_fast(t, n, i, s);
 *             if (i >= n || cpset_at(set, t, n, i))
 *                     break;
 *             i += u8len_at(t, n, i);
 *     }
 * giving the same i (n at the end) with the same state of s. Once
 * trawl__skip_fast has kept i for numeral run k, it keeps every position
 * up to the end of that run, so those are tested without asking it again
 * (most characters near a number start nothing). */
static inline size_t trawl__next_start(const char *t, size_t n, size_t i, trawl__numskip *s,
                                       const trawl__cpset *set)
{
	for (;;) {
		size_t lim;
		i = trawl__skip_fast(t, n, i, s);
		if (i >= n)
			return n;
		if (cpset_at(set, t, n, i))
			return i;
		i += u8len_at(t, n, i);
		if (!s->runs)
			continue;
		lim = s->runs[s->k][1] < n ? s->runs[s->k][1] : n;
		while (i < lim) {
			/* ASCII and a well-formed three-byte character (most of
			 * them) decoded here; the rest as cpset_at and u8len_at */
			const unsigned char *u = (const unsigned char *)t + i;
			int32_t c;
			if (u[0] < 0x80) {
				c = u[0];
				if ((set->bmp[c >> 6] >> (c & 63)) & 1)
					return i;
				i++;
				continue;
			}
			if ((u[0] & 0xF0) == 0xE0 && n - i >= 3 && (u[1] & 0xC0) == 0x80 &&
			    (u[2] & 0xC0) == 0x80) {
				c = ((int32_t)(u[0] & 0x0F) << 12) | ((int32_t)(u[1] & 0x3F) << 6) |
				    (u[2] & 0x3F);
				if ((set->bmp[c >> 6] >> (c & 63)) & 1)
					return i;
				i += 3;
				continue;
			}
			if (cpset_at(set, t, n, i))
				return i;
			i += u8len_at(t, n, i);
		}
	}
}
#endif
