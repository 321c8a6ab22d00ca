/* Numbers: Arabic (1,234.56), Chinese (一千二百万, 二〇二四, 三点五),
 * financial capitals (壹仟玖佰), and the multipliers 万 亿 千万 百万 and
 * English million/billion, read into exact decimal strings.
 *
 * The rule throughout: a run of numeral characters is read completely or
 * not at all. "1,23,4", "1..2", "十一十二" or "10.1万零100" are not numbers
 * (0 is returned), never a guess at a prefix. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "facts/fact.h"
#include "facts/scan.h"
#include "util/alloc.h"
#include "util/banned.h"

/* Shared with money.c, date.c and quantity.c (declared there until fact.h
 * carries them). */

enum { T_NONE, T_DIGIT, T_SMALL, T_BIG, T_POINT, T_TENS };

typedef struct {
	const char *s;
	int type;
	int val;    /* digit value, or the power of ten of a unit, or 20/30 */
	int seq;    /* usable in a digit sequence (二〇二四) */
} numchar;

static const numchar chars[] = {
	{ "零", T_DIGIT, 0, 1 }, { "〇", T_DIGIT, 0, 1 }, { "○", T_DIGIT, 0, 1 },
	{ "一", T_DIGIT, 1, 1 }, { "二", T_DIGIT, 2, 1 }, { "三", T_DIGIT, 3, 1 },
	{ "四", T_DIGIT, 4, 1 }, { "五", T_DIGIT, 5, 1 }, { "六", T_DIGIT, 6, 1 },
	{ "七", T_DIGIT, 7, 1 }, { "八", T_DIGIT, 8, 1 }, { "九", T_DIGIT, 9, 1 },
	{ "两", T_DIGIT, 2, 0 }, { "兩", T_DIGIT, 2, 0 },
	{ "壹", T_DIGIT, 1, 1 }, { "贰", T_DIGIT, 2, 1 }, { "貳", T_DIGIT, 2, 1 },
	{ "叁", T_DIGIT, 3, 1 }, { "參", T_DIGIT, 3, 1 }, { "叄", T_DIGIT, 3, 1 },
	{ "肆", T_DIGIT, 4, 1 }, { "伍", T_DIGIT, 5, 1 }, { "陆", T_DIGIT, 6, 1 },
	{ "陸", T_DIGIT, 6, 1 }, { "柒", T_DIGIT, 7, 1 }, { "捌", T_DIGIT, 8, 1 },
	{ "玖", T_DIGIT, 9, 1 },
	{ "十", T_SMALL, 1, 0 }, { "拾", T_SMALL, 1, 0 },
	{ "百", T_SMALL, 2, 0 }, { "佰", T_SMALL, 2, 0 },
	{ "千", T_SMALL, 3, 0 }, { "仟", T_SMALL, 3, 0 },
	{ "万", T_BIG, 4, 0 }, { "萬", T_BIG, 4, 0 },
	{ "亿", T_BIG, 8, 0 }, { "億", T_BIG, 8, 0 },
	/* 兆 is 10^12 (万亿), as in Taiwan's budgets: 四十九兆九千五百九十二億元 */
	{ "兆", T_BIG, 12, 0 },
	{ "廿", T_TENS, 20, 0 }, { "卅", T_TENS, 30, 0 },
	{ "点", T_POINT, 0, 0 }, { "點", T_POINT, 0, 0 },
	{ NULL, 0, 0, 0 }
};

/* Every entry of chars[] is one 3-byte UTF-8 character. This runs at every
 * character of every text, so a table indexed by code point answers it:
 * numidx[cp] is the entry's index + 1, or 0. */
static uint8_t numidx[65536];

/* Filled when the program starts, before any thread can read it. */
__attribute__((constructor)) static void numidx_init(void)
{
	for (int i = 0; chars[i].s; i++) {
		size_t l;
		int32_t c = cp_at(chars[i].s, strlen(chars[i].s), 0, &l);
		if (c > 0 && c < 65536)
			numidx[c] = (uint8_t)(i + 1);
	}
}

static const numchar *numchar_at(const char *s, size_t n, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	int32_t c;
	int k;

	if (n < 3 || u[0] < 0xE2 || u[0] > 0xE9 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
		return NULL;
	c = ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F);
	k = numidx[c];
	if (!k)
		return NULL;
	*len = 3;
	return &chars[k - 1];
}

void trawl__cpset_add_numerals(trawl__cpset *set)
{
	for (int c = '0'; c <= '9'; c++)
		cpset_add(set, c);
	for (int i = 0; chars[i].s; i++)
		cpset_add_first(set, chars[i].s);
}

size_t trawl__next_numeral(const char *t, size_t n, size_t i)
{
	/* a character at a time (i may start inside one: its tail bytes are
	 * passed one by one) */
	while (i < n) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0x80) {
			if (c >= '0' && c <= '9')
				return i;
			i++;
		} else if (c >= 0xE2 && c <= 0xE9) {
			/* (numchar_at's test, its sequence checked once) */
			if (i + 2 < n && ((unsigned char)t[i + 1] & 0xC0) == 0x80 &&
			    ((unsigned char)t[i + 2] & 0xC0) == 0x80) {
				if (numidx[((c & 0x0F) << 12) | (((unsigned char)t[i + 1] & 0x3F) << 6) |
				           ((unsigned char)t[i + 2] & 0x3F)])
					return i;
				i += 3;
			} else {
				i++;
			}
		} else {
			i++;
		}
	}
	return n;
}

size_t trawl__find_numerals(const char *t, size_t n, uint32_t (**out)[2])
{
	uint32_t (*runs)[2] = NULL;
	size_t nr = 0, cap = 0, i = 0, l;

	*out = NULL;
	while ((i = trawl__next_numeral(t, n, i)) < n) {
		size_t s = i;
		for (;;) {
			if (i < n && t[i] >= '0' && t[i] <= '9')
				i++;
			else if (numchar_at(t + i, n - i, &l))
				i += l;
			else
				break;
		}
		if (nr == TRAWL__NUMERAL_RUNS_MAX) {
			/* a hostile text ("1a1a1a..."): the extractors search
			 * themselves rather than hold a list that long */
			free(runs);
			return (size_t)-2;
		}
		if (nr == cap) {
			size_t nc = cap ? cap * 2 : 64;
			void *p = trawl__reallocn(runs, nc, sizeof *runs);
			if (!p) {
				free(runs);
				return (size_t)-1;
			}
			runs = p;
			cap = nc;
		}
		runs[nr][0] = (uint32_t)s;
		runs[nr][1] = (uint32_t)i;
		nr++;
	}
	*out = runs;
	return nr;
}

void trawl__numskip_init(trawl__numskip *s, const trawl__fctx *c)
{
	s->runs = c ? c->numerals : NULL;
	s->nruns = c && c->numerals ? c->nnumerals : 0;
	s->k = 0;
	s->anchor = (size_t)-1;
}

size_t trawl__skip_to_numeral(const char *t, size_t n, size_t i, trawl__numskip *s)
{
	size_t j, next;

	if (s->runs) {
		if (s->k > 0 && s->runs[s->k - 1][1] > i)
			s->k = 0;       /* went back: look again from the start */
		while (s->k < s->nruns && s->runs[s->k][1] <= i)
			s->k++;
		if (s->k == s->nruns)
			return n;
		next = s->runs[s->k][0];
		if (next <= i) {
			/* inside a run: the numeral at or after i */
			next = i;
			while (next < s->runs[s->k][1] && ((unsigned char)t[next] & 0xC0) == 0x80)
				next++;
		}
	} else {
		if (s->anchor < i || s->anchor == (size_t)-1)
			s->anchor = trawl__next_numeral(t, n, i);
		next = s->anchor;
	}
	if (next >= n)
		return n;
	if (next <= i + TRAWL__NUMERAL_REACH)
		return i;
	/* no fact starts this far before a numeral: jump, to a character start */
	j = next - TRAWL__NUMERAL_REACH;
	while (j < next && ((unsigned char)t[j] & 0xC0) == 0x80)
		j++;
	return j;
}

/* The bytes of one numeral character at s (an ASCII digit, or a Chinese
 * digit or unit, not 点), or 0. */
size_t trawl__numeral_at(const char *s, size_t n)
{
	size_t l;
	const numchar *c;
	if (n && is_digit(s[0]))
		return 1;
	c = numchar_at(s, n, &l);
	return c && c->type != T_POINT ? l : 0;
}

/* The bytes of the numeral character that ends at t[pos], or 0:
 * trawl__numeral_before when t[pos - 1] is not ASCII. */
size_t trawl__numeral_before_mb(const char *t, size_t pos)
{
	size_t k = pos;
	while (k > 0 && pos - k < 4 && ((unsigned char)t[k - 1] & 0xC0) == 0x80)
		k--;
	if (k == 0)
		return 0;
	k--;
	return trawl__numeral_at(t + k, pos - k) == pos - k ? pos - k : 0;
}

/* ---- exact decimals ----------------------------------------------- */

/* Strips leading zeros and trailing fraction zeros; -1 if v is not a
 * decimal. */
int trawl__dec_norm(char v[TRAWL__DEC_MAX])
{
	size_t n = strnlen(v, TRAWL__DEC_MAX), i, a = 0, dot = n, e;
	int seen = 0;
	if (n == 0 || n >= TRAWL__DEC_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i] == '.') {
			if (dot != n)
				return -1;
			dot = i;
		} else if (!is_digit(v[i])) {
			return -1;
		} else {
			seen = 1;
		}
	}
	if (!seen)
		return -1;
	/* v[a..e) is kept, after a 0 when v starts with the point: in place,
	 * it runs for every number read */
	while (a + 1 < dot && v[a] == '0')
		a++;
	e = n;
	if (dot < n) {
		while (v[e - 1] == '0')         /* (the point stops it) */
			e--;
		if (v[e - 1] == '.')
			e--;
	}
	if ((dot == 0) + e - a >= TRAWL__DEC_MAX)
		return -1;
	if (dot == 0) {
		memmove(v + 1, v, e);
		v[0] = '0';
		v[e + 1] = '\0';
	} else {
		memmove(v, v + a, e - a);
		v[e - a] = '\0';
	}
	return 0;
}

int trawl__dec_mul_pow10(char v[TRAWL__DEC_MAX], int k)
{
	char d[2 * TRAWL__DEC_MAX], out[3 * TRAWL__DEC_MAX];
	size_t n = strnlen(v, TRAWL__DEC_MAX), i, nd = 0, o = 0;
	long p = -1;
	if (n == 0 || n >= TRAWL__DEC_MAX || k > TRAWL__DEC_MAX || k < -TRAWL__DEC_MAX)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i] == '.')
			p = (long)nd;
		else
			d[nd++] = v[i];
	}
	if (p < 0)
		p = (long)nd;
	p += k;
	if (p <= 0) {
		out[o++] = '0';
		out[o++] = '.';
		for (; p < 0; p++)
			out[o++] = '0';
		memcpy(out + o, d, nd);
		o += nd;
	} else if ((size_t)p >= nd) {
		memcpy(out, d, nd);
		o = nd;
		for (; (size_t)p > nd; p--)
			out[o++] = '0';
	} else {
		memcpy(out, d, (size_t)p);
		o = (size_t)p;
		out[o++] = '.';
		memcpy(out + o, d + p, nd - (size_t)p);
		o += nd - (size_t)p;
	}
	out[o] = '\0';
	if (o >= TRAWL__DEC_MAX) {
		/* may still fit once trailing fraction zeros go */
		char *dot = strchr(out, '.');
		while (dot && o > 0 && out[o - 1] == '0')
			out[--o] = '\0';
		if (dot && o > 0 && out[o - 1] == '.')
			out[--o] = '\0';
		if (o >= TRAWL__DEC_MAX)
			return -1;
	}
	memcpy(v, out, o + 1);
	return trawl__dec_norm(v);
}

static void split(const char *a, const char **ip, size_t *il, const char **fp, size_t *fl)
{
	const char *dot = strchr(a, '.');
	*ip = a;
	*il = dot ? (size_t)(dot - a) : strlen(a);
	*fp = dot ? dot + 1 : "";
	*fl = strlen(*fp);
}

int trawl__dec_cmp(const char *a, const char *b)
{
	const char *ai, *af, *bi, *bf;
	size_t ail, afl, bil, bfl, i;
	int c;
	split(a, &ai, &ail, &af, &afl);
	split(b, &bi, &bil, &bf, &bfl);
	while (ail > 1 && *ai == '0') { ai++; ail--; }
	while (bil > 1 && *bi == '0') { bi++; bil--; }
	if (ail != bil)
		return ail < bil ? -1 : 1;
	c = memcmp(ai, bi, ail);
	if (c)
		return c < 0 ? -1 : 1;
	for (i = 0; i < afl || i < bfl; i++) {
		char x = i < afl ? af[i] : '0', y = i < bfl ? bf[i] : '0';
		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

/* a += b, both decimals; -1 if the sum does not fit. */
int trawl__dec_add(char a[TRAWL__DEC_MAX], const char *b)
{
	const char *ai, *af, *bi, *bf;
	size_t ail, afl, bil, bfl, il, fl, i, o;
	char r[2 * TRAWL__DEC_MAX + 2];
	int carry = 0;
	split(a, &ai, &ail, &af, &afl);
	split(b, &bi, &bil, &bf, &bfl);
	il = (ail > bil ? ail : bil) + 1;
	fl = afl > bfl ? afl : bfl;
	if (il + fl + 2 > sizeof r)
		return -1;
	/* r holds il integer digits, '.', fl fraction digits */
	o = il + 1 + fl;
	r[o] = '\0';
	r[il] = '.';
	for (i = fl; i-- > 0;) {
		int x = (i < afl ? af[i] - '0' : 0) + (i < bfl ? bf[i] - '0' : 0) + carry;
		carry = x / 10;
		r[il + 1 + i] = (char)('0' + x % 10);
	}
	for (i = 0; i < il; i++) {
		int x = carry;
		if (i < ail)
			x += ai[ail - 1 - i] - '0';
		if (i < bil)
			x += bi[bil - 1 - i] - '0';
		carry = x / 10;
		r[il - 1 - i] = (char)('0' + x % 10);
	}
	if (!fl)
		r[il] = '\0';
	{
		char *p = r;
		size_t n;
		while (p[0] == '0' && p[1] && p[1] != '.')
			p++;
		n = strlen(p);
		if (strchr(p, '.'))
			while (n && (p[n - 1] == '0' || p[n - 1] == '.')) {
				int was_dot = p[n - 1] == '.';
				p[--n] = '\0';
				if (was_dot)
					break;
			}
		if (n >= TRAWL__DEC_MAX)
			return -1;
		memcpy(a, p, n + 1);
	}
	return 0;
}

/* ---- parsing ------------------------------------------------------ */

static int put_u64(char out[TRAWL__DEC_MAX], uint64_t v, const char *frac, size_t fl)
{
	char tmp[TRAWL__DEC_MAX], dig[24];
	size_t k = 0, nd = 0;
	/* (the digits of v, as "%llu" writes them, without snprintf: this
	 * runs for every number read) */
	do {
		dig[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (nd + 1 + fl >= sizeof tmp)
		return -1;
	while (nd)
		tmp[k++] = dig[--nd];
	tmp[k] = '\0';
	if (fl) {
		tmp[k] = '.';
		memcpy(tmp + k + 1, frac, fl);
		tmp[k + 1 + fl] = '\0';
	}
	memcpy(out, tmp, sizeof tmp);
	return trawl__dec_norm(out);
}

static int mul_add(uint64_t *acc, uint64_t a, uint64_t m)
{
	if (a && m > UINT64_MAX / a)
		return -1;
	if (*acc > UINT64_MAX - a * m)
		return -1;
	*acc += a * m;
	return 0;
}

static uint64_t pow10u(int k)
{
	uint64_t p = 1;
	while (k-- > 0)
		p *= 10;
	return p;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* A multiplier suffix after a written number: [十百千]?万?亿? with at
 * least one of 万 亿 (or 千 alone: 3.5千), [十百千]?兆, "个亿", or
 * " million". Returns
 * the bytes used and the power of ten in *k, or 0. */
static size_t multiplier(const char *s, size_t n, size_t i, int *k)
{
	static const struct { const char *w; int k; } eng[] = {
		{ "thousand", 3 }, { "million", 6 }, { "billion", 9 }, { NULL, 0 }
	};
	size_t j = skip_spaces(s, n, i), l, wl, m;
	const numchar *c;
	int small = 0, big = 0, e;
	*k = 0;
	if (j + 6 <= n && !memcmp(s + j, "个亿", 6)) {
		*k = 8;
		return j + 6 - i;
	}
	c = numchar_at(s + j, n - j, &l);
	if (c && c->type == T_SMALL) {
		small = c->val;
		j += l;
		c = numchar_at(s + j, n - j, &l);
	}
	if (c && c->type == T_BIG && c->val == 4) {
		big += 4;
		j += l;
		c = numchar_at(s + j, n - j, &l);
	}
	if (c && c->type == T_BIG && c->val == 8) {
		big += 8;
		j += l;
		c = numchar_at(s + j, n - j, &l);
	}
	if (c && c->type == T_BIG && c->val == 12 && !big) {
		big += 12;
		j += l;
	}
	if (big || small == 3) {
		*k = small + big;
		return j - i;
	}
	j = skip_spaces(s, n, i);
	for (e = 0; eng[e].w; e++) {
		/* (the first letter first: most numbers have none after them) */
		if (j >= n || (s[j] | 0x20) != eng[e].w[0])
			continue;
		wl = strlen(eng[e].w);
		if (j + wl > n)
			continue;
		for (m = 0; m < wl; m++)
			if ((s[j + m] | 0x20) != eng[e].w[m])
				break;
		if (m < wl)
			continue;
		if (j + wl < n && (s[j + wl] | 0x20) >= 'a' && (s[j + wl] | 0x20) <= 'z')
			continue;
		*k = eng[e].k;
		return j + wl - i;
	}
	return 0;
}

/* Does a numeral (or a decimal point followed by one) continue at s+i?
 * Then the number just read was malformed. */
static int continues(const char *s, size_t n, size_t i)
{
	size_t l;
	const numchar *c;
	if (i >= n)
		return 0;
	if (trawl__numeral_at(s + i, n - i))
		return 1;
	if ((s[i] == '.' || s[i] == ',') && i + 1 < n && (is_digit(s[i + 1]) || s[i + 1] == '.'))
		return 1;
	c = numchar_at(s + i, n - i, &l);
	if (c && c->type == T_POINT && i + l < n && trawl__numeral_at(s + i + l, n - i - l))
		return 1;
	return 0;
}

/* A full-width comma at s[i]. */
static int fw_comma(const char *s, size_t n, size_t i)
{
	return i + 3 <= n && !memcmp(s + i, "\xEF\xBC\x8C", 3);
}

/* Arabic: digits with optional thousands commas and a fraction. Commas
 * every four digits (250,0000.00: the 万 grouping some Chinese notices
 * use) are read only in an amount with a fraction, where a list of two
 * numbers can't be meant. */
static size_t arabic(const char *s, size_t n, char *buf, size_t cap, size_t *int_digits)
{
	size_t i = 0, o = 0, group = 0, size = 0;
	int commas = 0;
	while (i < n && (is_digit(s[i]) || s[i] == ',' || fw_comma(s, n, i))) {
		if (!is_digit(s[i])) {
			/* (a full-width comma, kept between digits: see
			 * normalize.c; a list's unless money.c finds a list) */
			size_t g = 0, w = s[i] == ',' ? 1 : 3;
			while (i + w + g < n && is_digit(s[i + w + g]))
				g++;
			if (g == 0)
				break;              /* "100, and" */
			if (!commas)
				size = g;
			if ((g != 3 && g != 4) || g != size || group > size || (commas && group != size))
				return 0;           /* 1,23,4 or 1234,567 */
			commas = 1;
			group = 0;
			i += w;
			continue;
		}
		if (o + 1 >= cap)
			return 0;
		buf[o++] = s[i++];
		group++;
	}
	*int_digits = o;
	if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
		buf[o++] = s[i++];
		while (i < n && is_digit(s[i])) {
			if (o + 1 >= cap)
				return 0;
			buf[o++] = s[i++];
		}
	} else if (size == 4) {
		return 0;
	}
	buf[o] = '\0';
	return i;
}

typedef struct {
	uint64_t zhao, yi, wan, sec;
	int64_t pend;       /* pending digit value, -1 if none */
	int pend_chinese;   /* a single Chinese digit (may be scaled: 三万五) */
	int last_unit;      /* power of the last unit read, -1 if none */
	int last_small;     /* smallest unit so far in the section */
	int zero_gap;       /* a 零 since the last unit */
	int prev;           /* previous token type */
	int units;          /* any unit seen */
	int last_big;       /* power of the last 万, 亿 or 兆 read, 0 if none */
} cgram;

static int flush_pend(cgram *g, int at_end)
{
	uint64_t v;
	if (g->pend < 0)
		return 0;
	v = (uint64_t)g->pend;
	if (at_end && g->pend_chinese && g->last_unit > 0 && !g->zero_gap && g->prev == T_DIGIT)
		v *= pow10u(g->last_unit - 1);  /* 三万五 = 35000, 一百二 = 120 */
	if (g->sec > UINT64_MAX - v)
		return -1;
	g->sec += v;
	g->pend = -1;
	return 0;
}

/* Chinese numerals, possibly mixed with Arabic integers (1万600,
 * 200亿零四千230). Returns bytes used, 0 if not a number. */
static size_t chinese(const char *s, size_t n, char out[TRAWL__DEC_MAX])
{
	cgram g;
	size_t i = 0, l;
	char frac[TRAWL__DEC_MAX];
	size_t fl = 0;
	uint64_t total;
	int seq = 1, ndig = 0;
	char seqbuf[TRAWL__DEC_MAX];
	size_t sl = 0;

	memset(&g, 0, sizeof g);
	g.pend = -1;
	g.last_unit = -1;
	g.last_small = 99;
	g.prev = T_NONE;
	while (i < n) {
		const numchar *c = numchar_at(s + i, n - i, &l);
		if (is_digit(s[i])) {
			/* an Arabic integer inside a Chinese number */
			uint64_t v = 0;
			size_t j = i;
			int lead0 = s[i] == '0';
			/* (after 零 that follows a unit: 1亿零500万, 3万零500) */
			if (g.prev == T_DIGIT && !(g.pend == 0 && !g.pend_chinese) &&
			    !(g.pend == 0 && g.zero_gap && g.units))
				return 0;
			size_t grp = 0, ngrp = 0;
			/* with thousands commas: 5億9,870萬2,100 (Taiwan's way) */
			while (j < n && (is_digit(s[j]) || s[j] == ',')) {
				if (s[j] == ',') {
					if (!grp || (ngrp && grp != 3) || (!ngrp && grp > 3) ||
					    j + 1 >= n || !is_digit(s[j + 1]))
						return 0;
					ngrp++;
					grp = 0;
					j++;
					continue;
				}
				if (v > (UINT64_MAX - 9) / 10)
					return 0;
				v = v * 10 + (uint64_t)(s[j] - '0');
				grp++;
				j++;
			}
			if (ngrp && grp != 3)
				return 0;
			if (g.last_big && v >= pow10u(g.last_big))
				return 0;   /* 1万60000: a section is below its unit */
			if (j < n && s[j] == '.' && g.prev != T_NONE && j + 1 < n && is_digit(s[j + 1])) {
				/* a fraction ends the number: 5億2,100.50, 5亿2.5万 */
				g.pend = (int64_t)v;
				g.pend_chinese = 0;
				if (lead0)
					g.zero_gap = 1;
				j++;
				fl = 0;
				while (j < n && is_digit(s[j])) {
					if (fl + 1 >= sizeof frac)
						return 0;
					frac[fl++] = s[j++];
				}
				g.prev = T_POINT;
				i = j;
				break;
			}
			if (j < n && s[j] == '.')
				return 0;
			g.pend = (int64_t)v;
			g.pend_chinese = 0;
			if (lead0)
				g.zero_gap = 1;
			g.prev = T_DIGIT;
			seq = 0;
			i = j;
			continue;
		}
		if (!c)
			break;
		if (c->type == T_POINT) {
			size_t j = i + l;
			size_t m;
			const numchar *d;
			fl = 0;
			while (j < n) {
				if (is_digit(s[j])) {
					if (fl + 1 >= sizeof frac)
						return 0;
					frac[fl++] = s[j++];
					continue;
				}
				d = numchar_at(s + j, n - j, &m);
				if (!d || d->type != T_DIGIT || (!d->seq && d->val != 2))
					break;
				if (fl + 1 >= sizeof frac)
					return 0;
				frac[fl++] = (char)('0' + d->val);
				j += m;
			}
			if (fl == 0 || g.prev == T_NONE)
				break;          /* 三点 (three o'clock), 点一 */
			i = j;
			g.prev = T_POINT;
			break;
		}
		if (c->type == T_DIGIT) {
			if (g.prev == T_DIGIT) {
				if (g.pend == 0 && g.units) {
					/* 零 as a gap: 一百零五 */
				} else if (g.units || !seq || !c->seq) {
					return 0;   /* 七百三四十, 三两 */
				}
			}
			if (!c->seq)
				seq = 0;
			if (sl + 1 < sizeof seqbuf)
				seqbuf[sl++] = (char)('0' + c->val);
			ndig++;
			if (c->val == 0) {
				g.zero_gap = 1;
				if (g.pend < 0 || g.pend == 0)
					g.pend = 0;
			} else {
				g.pend = c->val;
			}
			g.pend_chinese = 1;
			g.prev = T_DIGIT;
			i += l;
			continue;
		}
		if (ndig >= 2 && !g.units && seq) {
			/* 八九亿: a digit sequence takes no unit, unless it is a
			 * number written digit by digit (一〇〇万, 一二〇〇万) */
			uint64_t v = 0;
			size_t q;
			if (!memchr(seqbuf, '0', sl) || sl > 12 || c->type != T_BIG)
				return 0;
			for (q = 0; q < sl; q++)
				v = v * 10 + (uint64_t)(seqbuf[q] - '0');
			if (!v)
				return 0;
			g.pend = (int64_t)v;
			g.pend_chinese = 0;
			g.zero_gap = 0;
		}
		seq = 0;
		if (c->type == T_TENS) {
			if (g.prev == T_DIGIT && g.pend > 0)
				return 0;
			if (g.last_small <= 1)
				return 0;
			g.sec += (uint64_t)c->val;
			g.last_small = 1;
			g.last_unit = 1;
			g.pend = -1;
			g.zero_gap = 0;
			g.units = 1;
			g.prev = T_SMALL;
			i += l;
			continue;
		}
		if (c->type == T_SMALL) {
			uint64_t coef;
			if (c->val >= g.last_small)
				return 0;
			if (g.pend > 0)
				coef = (uint64_t)g.pend;
			else if (c->val == 1 || (g.pend == 0 && g.zero_gap))
				coef = 1;       /* 十二, 一百十一, 一万零百一十一 */
			else
				return 0;       /* 百十一 */
			if (g.pend > 0 && !g.pend_chinese && coef >= 10 && c->val < 4)
				return 0;
			if (mul_add(&g.sec, coef, pow10u(c->val)))
				return 0;
			g.pend = -1;
			g.last_small = c->val;
			g.last_unit = c->val;
			g.zero_gap = 0;
			g.units = 1;
			g.prev = T_SMALL;
			i += l;
			continue;
		}
		if (c->type == T_BIG) {
			uint64_t v;
			if (g.prev == T_NONE)
				break;
			if (g.pend == 0 && g.prev == T_DIGIT && !g.sec && g.last_unit < 0)
				return 0;
			if (flush_pend(&g, 0))
				return 0;
			v = g.sec;
			if (c->val == 4) {
				if (g.wan || !v)
					return 0;
				if (mul_add(&g.wan, v, 10000))
					return 0;
			} else if (c->val == 8) {
				uint64_t grp = g.wan + v;
				if (!grp || g.yi)
					return 0;
				if (mul_add(&g.yi, grp, 100000000))
					return 0;
				g.wan = 0;
			} else {
				/* 兆 takes what is below 亿 (四十九兆九千五百九十二億) */
				uint64_t grp = g.wan + v;
				if (!grp || g.yi || g.zhao)
					return 0;
				if (mul_add(&g.zhao, grp, 1000000000000ull))
					return 0;
				g.wan = 0;
			}
			g.sec = 0;
			g.last_small = 99;
			g.last_unit = c->val;
			g.last_big = c->val;
			g.zero_gap = 0;
			g.units = 1;
			g.prev = T_BIG;
			i += l;
			continue;
		}
		break;
	}
	if (g.prev == T_NONE)
		return 0;
	if (!g.units && ndig == 0 && g.pend >= 0) {
		/* a bare Arabic integer: not ours */
		return 0;
	}
	if (!g.units && ndig >= 2 && seq) {
		/* a digit sequence: 二〇二四, 一七二零点一 */
		char tmp[TRAWL__DEC_MAX];
		if (sl + 1 + fl >= sizeof tmp)
			return 0;
		memcpy(tmp, seqbuf, sl);
		tmp[sl] = '\0';
		if (fl) {
			tmp[sl] = '.';
			memcpy(tmp + sl + 1, frac, fl);
			tmp[sl + 1 + fl] = '\0';
		}
		memcpy(out, tmp, sizeof tmp);
		if (trawl__dec_norm(out))
			return 0;
		if (continues(s, n, i))
			return 0;
		return i;
	}
	if (!g.units && ndig >= 2)
		return 0;
	if (flush_pend(&g, fl == 0))
		return 0;
	if (g.zhao > UINT64_MAX - g.yi)
		return 0;
	total = g.zhao + g.yi;
	if (total > UINT64_MAX - g.wan)
		return 0;
	total += g.wan;
	if (fl) {
		/* the fraction and its multiplier are the last section's:
		 * 五亿三点五万 = 500,035,000, 三点五亿 = 350,000,000 */
		int k;
		size_t m = multiplier(s, n, i, &k);
		char up[TRAWL__DEC_MAX];
		if (put_u64(out, g.sec, frac, fl))
			return 0;
		if (m && k) {
			if (total && k >= g.last_big)
				return 0;   /* 五万三点五亿 */
			if (trawl__dec_mul_pow10(out, k))
				return 0;
			i += m;
		}
		if (put_u64(up, total, "", 0) || trawl__dec_add(out, up))
			return 0;
	} else {
		if (total > UINT64_MAX - g.sec)
			return 0;
		total += g.sec;
		if (put_u64(out, total, frac, fl))
			return 0;
	}
	if (continues(s, n, i))
		return 0;
	return i;
}

size_t trawl__parse_number(const char *s, size_t n, char out[TRAWL__DEC_MAX])
{
	char buf[TRAWL__DEC_MAX];
	size_t i, idig, l;
	int k;
	if (!s || !n)
		return 0;
	if (is_digit(s[0])) {
		const numchar *c;
		i = arabic(s, n, buf, sizeof buf, &idig);
		if (!i)
			return 0;
		c = i < n ? numchar_at(s + i, n - i, &l) : NULL;
		/* 1万600, 1百01, 3千万亿: an Arabic integer inside Chinese grammar */
		if (c && (c->type == T_SMALL || c->type == T_BIG) && !strchr(buf, '.')) {
			size_t m = multiplier(s, n, i, &k);
			if (!(m && !continues(s, n, i + m))) {
				size_t r = chinese(s, n, out);
				return r;
			}
		}
		if (i < n && s[i] == '.' && i + 1 < n && s[i + 1] == '.')
			return 0;
		memcpy(out, buf, sizeof buf);
		if (trawl__dec_norm(out))
			return 0;
		l = multiplier(s, n, i, &k);
		if (l && k) {
			if (trawl__dec_mul_pow10(out, k))
				return 0;
			i += l;
		}
		if (continues(s, n, i))
			return 0;
		return i;
	}
	i = chinese(s, n, buf);
	if (!i)
		return 0;
	if (i + 6 <= n && !memcmp(s + i, "个亿", 6) && !strchr(buf, '.')) {
		if (trawl__dec_mul_pow10(buf, 8))
			return 0;
		i += 6;
	}
	memcpy(out, buf, sizeof buf);
	return i;
}

/* A comparator read at i after a negation (不得高于, 未超过, 严禁低于): its
 * opposite, with *back the bytes of the negation before i (for the quote).
 * cmp itself (and 0) when none is before it. */
const char *trawl__cmp_negated(const char *t, size_t i, const char *cmp, size_t *back)
{
	static const char *const neg[] = { "不得", "不能", "不应", "不可", "不会", "不准", "不宜",
		"不允许", "不应当", "不应该", "严禁", "禁止", "没有", "未", "勿", "無",
		NULL };
	int k;
	size_t i0 = i;
	*back = 0;
	if (!cmp)
		return cmp;
	/* (spaces between: 不得 高于) */
	while (i > 0 && t[i - 1] == ' ')
		i--;
	for (k = 0; neg[k]; k++) {
		size_t l = strlen(neg[k]);
		if (i >= l && !memcmp(t + i - l, neg[k], l))
			break;
	}
	if (!neg[k])
		return cmp;
	*back = i0 - (i - strlen(neg[k]));
	if (!strcmp(cmp, ">"))
		return "<=";
	if (!strcmp(cmp, ">="))
		return "<";
	if (!strcmp(cmp, "<"))
		return ">=";
	if (!strcmp(cmp, "<="))
		return ">";
	return cmp;
}
