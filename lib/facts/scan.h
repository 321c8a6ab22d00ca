/* Byte-level helpers shared by the extractors (text is NFKC UTF-8). */
#ifndef TRAWL_SCAN_H
#define TRAWL_SCAN_H
#include <stddef.h>
#include <string.h>

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
	l = strlen(w);
	return i + l <= n && !memcmp(t + i, w, l);
}

/* Bytes of the UTF-8 character at t[i], within n. */
static inline size_t u8len_at(const char *t, size_t n, size_t i)
{
	unsigned char c = (unsigned char)t[i];
	size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	return i + l <= n ? l : n - i;
}
#endif
