/* Spreadsheet number formats (the ECMA-376 / Excel format-code language),
 * enough of it to write a cell as it is shown: sections and conditions,
 * digit placeholders 0 # ?, thousands and scaling commas, percent,
 * exponents, fractions, literals ("..", \x, _x, [$¥-804]), General and @,
 * and dates and times, which come out as ISO 8601. Rounding is decimal,
 * half away from zero, on the 15 significant digits spreadsheets keep,
 * so that 0.125 shows as 0.13 and 2.675 as 2.68, as in Excel and
 * LibreOffice (printf would give 0.12 and 2.67). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "ingest/numfmt.h"
#include "util/banned.h"

/* Longer format codes are not followed (Excel's limit is 255). */
#define MAX_FMT 1024
#define MAX_TOKENS 256

const char *trawl__numfmt_builtin(unsigned id)
{
	static const char *const codes[] = {
		[0] = NULL, [1] = "0", [2] = "0.00", [3] = "#,##0", [4] = "#,##0.00",
		[5] = "#,##0;-#,##0", [6] = "#,##0;[Red]-#,##0",
		[7] = "#,##0.00;-#,##0.00", [8] = "#,##0.00;[Red]-#,##0.00",
		[9] = "0%", [10] = "0.00%", [11] = "0.00E+00", [12] = "# ?/?",
		[13] = "# ?\?/?\?", [14] = "yyyy-m-d", [15] = "d-mmm-yy", [16] = "d-mmm",
		[17] = "mmm-yy", [18] = "h:mm AM/PM", [19] = "h:mm:ss AM/PM", [20] = "h:mm",
		[21] = "h:mm:ss", [22] = "yyyy-m-d h:mm",
		[27] = "yyyy\"年\"m\"月\"", [28] = "m\"月\"d\"日\"", [29] = "m\"月\"d\"日\"",
		[30] = "m-d-yy", [31] = "yyyy\"年\"m\"月\"d\"日\"", [32] = "h\"时\"mm\"分\"",
		[33] = "h\"时\"mm\"分\"ss\"秒\"", [34] = "上午/下午h\"时\"mm\"分\"",
		[35] = "上午/下午h\"时\"mm\"分\"ss\"秒\"", [36] = "yyyy\"年\"m\"月\"",
		[37] = "#,##0 ;(#,##0)", [38] = "#,##0 ;[Red](#,##0)",
		[39] = "#,##0.00;(#,##0.00)", [40] = "#,##0.00;[Red](#,##0.00)",
		[41] = "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
		[42] = "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
		[43] = "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
		[44] = "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
		[45] = "mm:ss", [46] = "[h]:mm:ss", [47] = "mm:ss.0", [48] = "##0.0E+0",
		[49] = "@",
		[50] = "yyyy\"年\"m\"月\"", [51] = "m\"月\"d\"日\"", [52] = "yyyy\"年\"m\"月\"",
		[53] = "m\"月\"d\"日\"", [54] = "m\"月\"d\"日\"",
		[55] = "上午/下午h\"时\"mm\"分\"", [56] = "上午/下午h\"时\"mm\"分\"ss\"秒\"",
		[57] = "yyyy\"年\"m\"月\"", [58] = "m\"月\"d\"日\"",
	};
	return id < sizeof codes / sizeof codes[0] ? codes[id] : NULL;
}

/* ---- decimal digits ---- */

/* A non-negative number as decimal digits: 0.d[0]d[1]...d[n-1] x 10^point,
 * with no trailing zeros (n == 0 is zero). */
typedef struct dec {
	char d[24];
	int n, point;
} dec;

static void dec_strip(dec *x)
{
	while (x->n > 0 && x->d[x->n - 1] == '0')
		x->n--;
	if (x->n == 0)
		x->point = 0;
}

/* x to sig significant digits (1..17), correctly rounded from binary. */
static void dec_from(double a, int sig, dec *x)
{
	char buf[40], *p = buf, *e;
	int k = 0;

	memset(x, 0, sizeof *x);
	if (!(a > 0))
		return;
	snprintf(buf, sizeof buf, "%.*e", sig - 1, a);
	for (; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9' && k < (int)sizeof x->d)
			x->d[k++] = *p;
	x->n = k;
	x->point = *p == 'e' ? (int)strtol(p + 1, &e, 10) + 1 : 1;
	dec_strip(x);
}

/* Rounds x to nd digits after the point, half away from zero. */
static void dec_round(dec *x, int nd)
{
	int keep = x->point + nd, i;

	if (keep >= x->n)
		return;
	if (keep < 0) {
		x->n = 0;
		dec_strip(x);
		return;
	}
	if (x->d[keep] < '5') {
		x->n = keep;
		dec_strip(x);
		return;
	}
	x->n = keep;
	for (i = keep - 1; i >= 0; i--) {
		if (x->d[i] < '9') {
			x->d[i]++;
			break;
		}
		x->d[i] = '0';
	}
	if (i < 0) {
		/* all nines (or nothing kept): 1 followed by zeros */
		x->d[0] = '1';
		x->n = 1;
		x->point++;
	}
	dec_strip(x);
}

/* The digit at position j after the point (j < 0: before it, -1 being
 * the units). */
static char dec_digit(const dec *x, int j)
{
	int i = x->point + j;
	return i >= 0 && i < x->n ? x->d[i] : '0';
}

/* The integer digits, without leading zeros ("" for less than 1). */
static int dec_int(const dec *x, char *out, size_t cap)
{
	int k;

	if (x->point <= 0 || x->n == 0) {
		out[0] = '\0';
		return 0;
	}
	for (k = 0; k < x->point && (size_t)k + 1 < cap; k++)
		out[k] = k < x->n ? x->d[k] : '0';
	out[k] = '\0';
	return k;
}

/* The shortest digits that read back as a (see numfmt.h for the noise
 * rule). */
static void dec_shortest(double a, dec *x)
{
	char buf[40];
	int p;

	for (p = 1; p < 17; p++) {
		snprintf(buf, sizeof buf, "%.*e", p - 1, a);
		if (strtod(buf, NULL) == a)
			break;
	}
	dec_from(a, p, x);
	if (p >= 16 && !(a == floor(a) && a < 9007199254740992.0)) {
		dec y;
		dec_from(a, 15, &y);
		if (y.n < 15)
			*x = y;
	}
}

/* Writes x in plain decimal, never with an exponent. */
static void dec_plain(trawl__buf *b, trawl_err *rc, const dec *x)
{
	char ib[400];
	int j;

	if (*rc)
		return;
	if (!dec_int(x, ib, sizeof ib))
		*rc = trawl__buf_addc(b, '0');
	else
		*rc = trawl__buf_adds(b, ib);
	if (!*rc && x->n > x->point) {
		*rc = trawl__buf_addc(b, '.');
		for (j = 0; !*rc && x->point + j < x->n; j++)
			*rc = trawl__buf_addc(b, dec_digit(x, j));
	}
}

static void general(trawl__buf *b, trawl_err *rc, double v, int minus)
{
	dec x;

	dec_shortest(fabs(v), &x);
	if (minus && v < 0 && x.n && !*rc)
		*rc = trawl__buf_addc(b, '-');
	dec_plain(b, rc, &x);
}

/* ---- tokens of a format section ---- */

enum { T_LIT, T_DIGIT, T_POINT, T_COMMA, T_PERCENT, T_EXP, T_SLASH, T_GENERAL,
       T_AT, T_DATE, T_ELAPSED, T_AMPM };

typedef struct token {
	unsigned char type;
	char c;              /* digit placeholder 0 # ?; date letter; exp sign */
	unsigned short count; /* run length of a date letter */
	const char *p;       /* literal text */
	unsigned short n;
} token;

typedef struct section {
	const char *p;
	size_t n;
	int cond;            /* 0 none, else an operator below */
	double cval;
	token t[MAX_TOKENS];
	int nt;
	int date;            /* has date or time tokens */
} section;

enum { C_LT = 1, C_LE, C_GT, C_GE, C_EQ, C_NE };

static size_t u8len(const char *p, const char *e)
{
	unsigned char c = (unsigned char)*p;
	size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	return k <= (size_t)(e - p) ? k : (size_t)(e - p);
}

static void add_tok(section *s, int type, char c, int count, const char *p, size_t n)
{
	token *t;

	if (s->nt >= MAX_TOKENS)
		return;
	t = &s->t[s->nt++];
	t->type = (unsigned char)type;
	t->c = c;
	t->count = (unsigned short)count;
	t->p = p;
	t->n = (unsigned short)n;
}

static int is_date_letter(char c)
{
	return c == 'y' || c == 'm' || c == 'd' || c == 'h' || c == 's';
}

static void parse_bracket(section *s, const char *p, const char *e)
{
	size_t n = (size_t)(e - p);
	char op[3] = "";

	if (n >= 1 && p[0] == '$') {
		/* [$¥-804]: a currency string, then a locale */
		const char *q = p + 1;
		while (q < e && *q != '-')
			q++;
		if (q > p + 1)
			add_tok(s, T_LIT, 0, 0, p + 1, (size_t)(q - p - 1));
		return;
	}
	if (n >= 1 && n <= 2 && (p[0] | 0x20) == (p[n - 1] | 0x20) &&
	    ((p[0] | 0x20) == 'h' || (p[0] | 0x20) == 'm' || (p[0] | 0x20) == 's')) {
		add_tok(s, T_ELAPSED, (char)(p[0] | 0x20), (int)n, NULL, 0);
		s->date = 1;
		return;
	}
	if (n >= 2 && (p[0] == '<' || p[0] == '>' || p[0] == '=')) {
		char *end;
		size_t k = 0;
		while (k < 2 && k < n && (p[k] == '<' || p[k] == '>' || p[k] == '='))
			op[k] = p[k], k++;
		op[k] = '\0';
		if (!strcmp(op, "<")) s->cond = C_LT;
		else if (!strcmp(op, "<=")) s->cond = C_LE;
		else if (!strcmp(op, ">")) s->cond = C_GT;
		else if (!strcmp(op, ">=")) s->cond = C_GE;
		else if (!strcmp(op, "=")) s->cond = C_EQ;
		else if (!strcmp(op, "<>")) s->cond = C_NE;
		{
			char num[64];
			size_t m = n - k < sizeof num - 1 ? n - k : sizeof num - 1;
			memcpy(num, p + k, m);
			num[m] = '\0';
			s->cval = strtod(num, &end);
			if (end == num)
				s->cond = 0;
		}
	}
	/* colours, [DBNum1], [$-804] locales and the like show nothing */
}

static void tokenize(section *s)
{
	const char *p = s->p, *e = s->p + s->n;

	s->nt = 0;
	s->date = 0;
	s->cond = 0;
	while (p < e) {
		char c = *p;
		char lc = (char)(c | 0x20);
		if (c == '"') {
			const char *q = memchr(p + 1, '"', (size_t)(e - p - 1));
			if (!q)
				q = e;
			add_tok(s, T_LIT, 0, 0, p + 1, (size_t)(q - p - 1));
			p = q < e ? q + 1 : e;
		} else if (c == '\\' && p + 1 < e) {
			size_t k = u8len(p + 1, e);
			add_tok(s, T_LIT, 0, 0, p + 1, k);
			p += 1 + k;
		} else if (c == '_' && p + 1 < e) {
			add_tok(s, T_LIT, 0, 0, " ", 1); /* the width of a character */
			p += 1 + u8len(p + 1, e);
		} else if (c == '*' && p + 1 < e) {
			p += 1 + u8len(p + 1, e);   /* fill: nothing in text */
		} else if (c == '[') {
			const char *q = memchr(p, ']', (size_t)(e - p));
			if (!q)
				break;
			parse_bracket(s, p + 1, q);
			p = q + 1;
		} else if ((size_t)(e - p) >= 7 && !strncasecmp(p, "General", 7)) {
			add_tok(s, T_GENERAL, 0, 0, NULL, 0);
			p += 7;
		} else if (c == '0' || c == '#' || c == '?') {
			add_tok(s, T_DIGIT, c, 0, NULL, 0);
			p++;
		} else if (c == '.') {
			add_tok(s, T_POINT, 0, 0, NULL, 0);
			p++;
		} else if (c == ',') {
			add_tok(s, T_COMMA, 0, 0, NULL, 0);
			p++;
		} else if (c == '%') {
			add_tok(s, T_PERCENT, 0, 0, NULL, 0);
			p++;
		} else if (lc == 'e' && p + 1 < e && (p[1] == '+' || p[1] == '-')) {
			add_tok(s, T_EXP, p[1], 0, NULL, 0);
			p += 2;
		} else if (c == '/') {
			add_tok(s, T_SLASH, 0, 0, p, 1);
			p++;
		} else if (c == '@') {
			add_tok(s, T_AT, 0, 0, NULL, 0);
			p++;
		} else if ((size_t)(e - p) >= 5 && !strncasecmp(p, "AM/PM", 5)) {
			add_tok(s, T_AMPM, 0, 0, NULL, 0);
			p += 5;
		} else if ((size_t)(e - p) >= 3 && !strncasecmp(p, "A/P", 3)) {
			add_tok(s, T_AMPM, 0, 0, NULL, 0);
			p += 3;
		} else if ((size_t)(e - p) >= 13 && !memcmp(p, "上午/下午", 13)) {
			add_tok(s, T_AMPM, 0, 0, NULL, 0);
			p += 13;
		} else if (is_date_letter(lc) || lc == 'e' ||
		           (lc == 'a' && (size_t)(e - p) >= 3 && (p[1] | 0x20) == 'a' &&
		            (p[2] | 0x20) == 'a')) {
			/* a run of one date letter; e is the year in East Asian
			 * locales, aaa the weekday */
			const char *q = p;
			while (q < e && (*q | 0x20) == lc)
				q++;
			add_tok(s, T_DATE, lc == 'e' ? 'y' : lc, (int)(q - p), NULL, 0);
			s->date = 1;
			p = q;
		} else {
			size_t k = u8len(p, e);
			add_tok(s, T_LIT, 0, 0, p, k);
			p += k;
		}
	}
	/* '/' is a fraction bar only between digit placeholders */
	for (int i = 0; i < s->nt; i++) {
		token *t = &s->t[i];
		if (t->type == T_SLASH && (s->date || i == 0 || s->t[i - 1].type != T_DIGIT))
			t->type = T_LIT;
	}
}

/* Splits fmt into at most four sections. */
static int split(const char *fmt, size_t len, section *sec)
{
	const char *p = fmt, *e = fmt + len, *start = fmt;
	int n = 0;

	while (p <= e && n < 4) {
		if (p == e || *p == ';') {
			sec[n].p = start;
			sec[n].n = (size_t)(p - start);
			n++;
			start = p + 1;
			if (p == e)
				break;
			p++;
		} else if (*p == '"') {
			const char *q = memchr(p + 1, '"', (size_t)(e - p - 1));
			p = q ? q + 1 : e;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			p += p + 1 < e ? 2 : 1;
		} else if (*p == '[') {
			const char *q = memchr(p, ']', (size_t)(e - p));
			p = q ? q + 1 : e;
		} else {
			p++;
		}
	}
	return n;
}

/* ---- numbers ---- */

static void out_c(trawl__buf *b, trawl_err *rc, char c)
{
	if (!*rc)
		*rc = trawl__buf_addc(b, c);
}

static void out_s(trawl__buf *b, trawl_err *rc, const char *p, size_t n)
{
	if (!*rc)
		*rc = trawl__buf_add(b, p, n);
}

/* Best fraction num/den of f (0 <= f < 1) with den <= maxden, or den fixed
 * when fixed > 0. */
static void best_fraction(double f, long maxden, long fixed, long *num, long *den)
{
	long p0 = 0, q0 = 1, p1 = 1, q1 = 0;
	double x = f;

	if (fixed > 0) {
		*num = lround(f * (double)fixed);
		*den = fixed;
		return;
	}
	*num = 0;
	*den = 1;
	if (f <= 0)
		return;
	/* continued fractions, then the best semiconvergent within maxden */
	for (int it = 0; it < 64; it++) {
		double a = floor(x);
		long p2, q2;
		if (a > 1e9)
			break;
		p2 = (long)a * p1 + p0;
		q2 = (long)a * q1 + q0;
		if (q2 > maxden) {
			long k = q1 ? (maxden - q0) / q1 : 0;
			long ps = k * p1 + p0, qs = k * q1 + q0;
			if (qs > 0 && q1 > 0 &&
			    fabs(f - (double)ps / (double)qs) < fabs(f - (double)p1 / (double)q1)) {
				p1 = ps;
				q1 = qs;
			}
			break;
		}
		p0 = p1; q0 = q1; p1 = p2; q1 = q2;
		if (x - a < 1e-12)
			break;
		x = 1.0 / (x - a);
	}
	if (q1 > 0) {
		*num = p1;
		*den = q1;
	}
}

static void fraction(trawl__buf *b, trawl_err *rc, const section *s, double v, int minus)
{
	int i, slash = -1, dd = 0, has_int = 0;
	long fixed = 0, maxden = 1, num, den;
	double a = fabs(v), whole;
	char nb[64];

	for (i = 0; i < s->nt; i++)
		if (s->t[i].type == T_SLASH) {
			slash = i;
			break;
		}
	for (i = slash + 1; i < s->nt && s->t[i].type == T_DIGIT; i++)
		dd++;
	if (!dd && slash + 1 < s->nt && s->t[slash + 1].type == T_LIT) {
		char tmp[16];
		size_t n = s->t[slash + 1].n < sizeof tmp - 1 ? s->t[slash + 1].n : sizeof tmp - 1;
		memcpy(tmp, s->t[slash + 1].p, n);
		tmp[n] = '\0';
		fixed = strtol(tmp, NULL, 10);
	}
	for (i = 0; i < dd && maxden < 100000000; i++)
		maxden *= 10;
	maxden = maxden > 1 ? maxden - 1 : 9;
	/* an integer part when placeholders stand apart before the numerator */
	for (i = slash - 1; i >= 0 && s->t[i].type == T_DIGIT; i--)
		;
	for (; i >= 0; i--)
		if (s->t[i].type == T_DIGIT)
			has_int = 1;
	if (a >= 1e15) {
		general(b, rc, v, minus);
		return;
	}
	whole = has_int ? floor(a) : 0;
	best_fraction(a - whole, maxden, fixed, &num, &den);
	if (num >= den && den > 0) {
		whole += (double)(num / den);
		num %= den;
	}
	if (minus && v < 0 && (whole > 0 || num > 0))
		out_c(b, rc, '-');
	if (whole > 0 || num == 0) {
		snprintf(nb, sizeof nb, "%.0f", whole);
		out_s(b, rc, nb, strlen(nb));
	}
	if (num > 0) {
		if (whole > 0)
			out_c(b, rc, ' ');
		snprintf(nb, sizeof nb, "%ld/%ld", num, den);
		out_s(b, rc, nb, strlen(nb));
	}
}

/* A number section: digit placeholders, commas, point, percent,
 * exponent, with literals where they stand. */
static void number(trawl__buf *b, trawl_err *rc, const section *s, double v, int minus)
{
	int i, k = 0, nd = 0, percent = 0, scale = 0, group = 0, exp = -1, expd = 0;
	int point = -1, last_int = -1, first_int = -1, last_frac = -1, emitted_int = 0, j;
	int has_digits = 0, step = 1;
	double x = fabs(v);
	dec dx;
	char ib[400], digits_fixed[400];
	int L, e10 = 0, frac_shown = 0;

	for (i = 0; i < s->nt; i++) {
		const token *t = &s->t[i];
		if (t->type == T_SLASH) {
			fraction(b, rc, s, v, minus);
			return;
		}
		if (t->type == T_DIGIT)
			has_digits = 1;
	}
	/* the layout: integer placeholders, the point, decimals, exponent */
	for (i = 0; i < s->nt; i++) {
		const token *t = &s->t[i];
		if (t->type == T_EXP && exp < 0) {
			exp = i;
		} else if (t->type == T_POINT && point < 0 && exp < 0) {
			point = i;
		} else if (t->type == T_DIGIT) {
			if (exp >= 0)
				expd++;
			else if (point >= 0)
				nd++, last_frac = i;
			else {
				if (first_int < 0)
					first_int = i;
				last_int = i;
				k++;
			}
		} else if (t->type == T_PERCENT) {
			percent++;
		}
	}
	/* commas: between integer placeholders they group, right after the
	 * last one they divide by 1000 each */
	for (i = 0; i < s->nt; i++) {
		const token *t = &s->t[i];
		if (t->type != T_COMMA)
			continue;
		if (first_int >= 0 && i > first_int && i < last_int)
			group = 1;
		else if (last_int >= 0 && i > last_int && (exp < 0 || i < exp) &&
		         (point < 0 || i < point || i > last_frac))
			scale++;
	}
	if (!has_digits) {
		/* literals only, with a General number where @ or General stands */
		for (i = 0; i < s->nt; i++) {
			const token *t = &s->t[i];
			if (t->type == T_GENERAL || t->type == T_AT) {
				general(b, rc, minus && v < 0 ? -x : x, minus);
				minus = 0;
			} else if (t->type == T_LIT) {
				out_s(b, rc, t->p, t->n);
			} else if (t->type == T_PERCENT) {
				out_c(b, rc, '%');
			}
		}
		return;
	}
	if (exp >= 0) {
		/* the exponent moves in steps of the integer placeholders
		 * ("##0.0E+0" is engineering; "00.0E+0" shows 37.8E+00) */
		if (k == 0)
			k = 1;
		step = k;
		dec_from(x, 15, &dx);
		dx.point += 2 * percent - 3 * scale;
		if (dx.n) {
			int e0 = dx.point - 1;
			for (int pass = 0; pass < 3; pass++) {
				dec m = dx;
				e10 = (int)floor((double)e0 / step) * step;
				m.point -= e10;
				dec_round(&m, nd);
				if (m.point > step && m.n) {
					e0++;
					continue;
				}
				dx = m;
				break;
			}
		}
	} else {
		/* percent and scaling commas move the point, in decimal */
		dec_from(x, 15, &dx);
		if (dx.n)
			dx.point += 2 * percent - 3 * scale;
		dec_round(&dx, nd);
	}
	if (minus && v < 0 && dx.n)
		out_c(b, rc, '-');
	L = dec_int(&dx, ib, sizeof ib);
	memcpy(digits_fixed, ib, (size_t)L + 1);
	/* is anything shown after the point? */
	for (i = point + 1, j = 0; point >= 0 && i < s->nt && (exp < 0 || i < exp); i++) {
		const token *t = &s->t[i];
		if (t->type != T_DIGIT)
			continue;
		if (t->c != '#' || dec_digit(&dx, j) != '0')
			frac_shown = 1;
		else {
			/* a # shows a zero when a later digit is not zero */
			for (int q = j + 1; q < nd; q++)
				if (dec_digit(&dx, q) != '0')
					frac_shown = 1;
		}
		j++;
	}
	for (i = 0, j = 0; i < s->nt && !*rc; i++) {
		const token *t = &s->t[i];
		switch (t->type) {
		case T_LIT:
			out_s(b, rc, t->p, t->n);
			break;
		case T_PERCENT:
			out_c(b, rc, '%');
			break;
		case T_GENERAL: case T_AT:
			general(b, rc, x, 0);
			break;
		case T_POINT:
			if (i != point)
				out_c(b, rc, '.');
			else {
				if (k == 0 && !emitted_int && L) {
					out_s(b, rc, digits_fixed, (size_t)L);
					emitted_int = 1;
				}
				if (frac_shown || nd == 0)
					out_c(b, rc, '.');
			}
			break;
		case T_EXP: {
			char eb[16];
			int ae = e10 < 0 ? -e10 : e10, w;
			out_c(b, rc, 'E');
			if (e10 < 0)
				out_c(b, rc, '-');
			else if (t->c == '+')
				out_c(b, rc, '+');
			w = snprintf(eb, sizeof eb, "%0*d", expd > 0 ? expd : 1, ae);
			out_s(b, rc, eb, (size_t)w);
			break;
		}
		case T_DIGIT:
			if (exp >= 0 && i > exp) {
				break; /* exponent digits were written with E */
			} else if (point >= 0 && i > point) {
				/* a decimal: j counts them */
				char d = dec_digit(&dx, j);
				int later = 0;
				for (int q = j + 1; q < nd; q++)
					if (dec_digit(&dx, q) != '0')
						later = 1;
				if (d != '0' || later || t->c == '0')
					out_c(b, rc, d);
				else if (t->c == '?')
					out_c(b, rc, ' ');
				j++;
			} else {
				/* integer placeholder: its position from the right */
				int pos = 0, q;
				for (q = i + 1; q <= last_int; q++)
					if (s->t[q].type == T_DIGIT)
						pos++;
				if (i == first_int && L > k) {
					for (q = 0; q < L - k && !*rc; q++) {
						int p2 = L - 1 - q;
						out_c(b, rc, digits_fixed[q]);
						if (group && p2 > 0 && p2 % 3 == 0)
							out_c(b, rc, ',');
					}
				}
				if (pos < L) {
					out_c(b, rc, digits_fixed[L - 1 - pos]);
					if (group && pos > 0 && pos % 3 == 0)
						out_c(b, rc, ',');
				} else if (t->c == '0') {
					out_c(b, rc, '0');
					if (group && pos > 0 && pos % 3 == 0)
						out_c(b, rc, ',');
				} else if (t->c == '?') {
					out_c(b, rc, ' ');
				}
				emitted_int = 1;
			}
			break;
		default:
			break;
		}
	}
	if (k == 0 && !emitted_int && L && point < 0)
		out_s(b, rc, digits_fixed, (size_t)L);
}

/* ---- dates ---- */

/* Days since 1970-01-01 to a civil date (H. Hinnant's algorithm). */
static void civil(long z, long *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	if (*m <= 2)
		(*y)++;
}

static int date(trawl__buf *b, trawl_err *rc, const section *s, double v, int date1904)
{
	int has_y = 0, has_mon = 0, has_d = 0, has_h = 0, has_min = 0, has_s = 0;
	int elapsed = 0, fd = 0, i, mday = 0, mon = 0;
	long days, y = 0, units, scale = 1, hh, mi, ss, frac;
	char out[96];
	size_t n = 0;

	if (!(v >= 0) || v >= 2958466.0) /* before the epoch or after 9999 */
		return 0;
	for (i = 0; i < s->nt; i++) {
		const token *t = &s->t[i];
		if (t->type == T_ELAPSED) {
			elapsed = elapsed ? elapsed : t->c;
			if (t->c == 'h') has_h = 1;
			else if (t->c == 'm') has_min = 1;
			else has_s = 1;
		} else if (t->type == T_DATE) {
			switch (t->c) {
			case 'y': has_y = 1; break;
			case 'd': has_d |= t->count <= 2; break; /* ddd is the weekday */
			case 'a': break;
			case 'h': has_h = 1; break;
			case 's': has_s = 1; break;
			case 'm': {
				/* minutes right after hours or right before seconds */
				int q, minute = 0;
				for (q = i - 1; q >= 0; q--) {
					const token *u = &s->t[q];
					if (u->type == T_DATE || u->type == T_ELAPSED) {
						minute = u->c == 'h';
						break;
					}
				}
				for (q = i + 1; !minute && q < s->nt; q++) {
					const token *u = &s->t[q];
					if (u->type == T_DATE || u->type == T_ELAPSED) {
						minute = u->c == 's';
						break;
					}
				}
				if (minute && t->count <= 2) has_min = 1;
				else has_mon = 1;
				break;
			}
			}
		} else if (t->type == T_POINT && i > 0 && s->t[i - 1].type == T_DATE &&
		           s->t[i - 1].c == 's') {
			int q;
			for (q = i + 1; q < s->nt && s->t[q].type == T_DIGIT && fd < 3; q++)
				fd++;
		}
	}
	/* the time to the millisecond (float noise: 1 s is stored as
	 * 0.99999999 s), then cut to what is shown, as spreadsheets do */
	for (i = 0; i < fd; i++)
		scale *= 10;
	days = (long)floor(v);
	units = lround((v - (double)days) * 86400000.0);
	if (units >= 86400000) {
		days++;
		units -= 86400000;
	}
	units /= 1000 / scale;
	frac = units % scale;
	units /= scale;
	hh = units / 3600;
	mi = units / 60 % 60;
	ss = units % 60;
	if (has_y || has_mon || has_d || (!has_h && !has_min && !has_s)) {
		if (date1904) {
			civil(days - 24107, &y, &mon, &mday); /* 1904-01-01 */
		} else if (days == 60) {
			y = 1900; mon = 2; mday = 29;  /* Excel's (and Lotus's) leap day */
		} else {
			civil(days - (days < 60 ? 25568 : 25569), &y, &mon, &mday);
		}
		if (has_y && has_mon && !has_d)
			n += (size_t)snprintf(out + n, sizeof out - n, "%04ld-%02d", y, mon);
		else if (has_y && !has_mon && !has_d)
			n += (size_t)snprintf(out + n, sizeof out - n, "%04ld", y);
		else if (has_mon && !has_d && !has_y)
			n += (size_t)snprintf(out + n, sizeof out - n, "%04ld-%02d", y, mon);
		else
			n += (size_t)snprintf(out + n, sizeof out - n, "%04ld-%02d-%02d", y, mon, mday);
	}
	if (has_h || has_min || has_s) {
		if (n)
			out[n++] = ' ';
		if (elapsed == 'h')
			hh += days * 24;
		if (elapsed == 'm')
			n += (size_t)snprintf(out + n, sizeof out - n, "%ld:%02ld",
			                      (days * 24 + hh) * 60 + mi, ss);
		else if (elapsed == 's')
			n += (size_t)snprintf(out + n, sizeof out - n, "%ld",
			                      ((days * 24 + hh) * 60 + mi) * 60 + ss);
		else if (has_s)
			n += (size_t)snprintf(out + n, sizeof out - n, "%02ld:%02ld:%02ld", hh, mi, ss);
		else
			n += (size_t)snprintf(out + n, sizeof out - n, "%02ld:%02ld", hh, mi);
		if (fd && has_s && n < sizeof out)
			n += (size_t)snprintf(out + n, sizeof out - n, ".%0*ld", fd, frac);
	}
	if (n >= sizeof out)
		n = sizeof out - 1;
	out_s(b, rc, out, n);
	return 1;
}

static int cond_true(const section *s, double v)
{
	switch (s->cond) {
	case C_LT: return v < s->cval;
	case C_LE: return v <= s->cval;
	case C_GT: return v > s->cval;
	case C_GE: return v >= s->cval;
	case C_EQ: return v == s->cval;
	case C_NE: return v != s->cval;
	default: return 1;
	}
}

int trawl__numfmt_is_date(const char *fmt, size_t len)
{
	section sec[4];
	int n;

	if (!fmt || !len || len > MAX_FMT)
		return 0;
	n = split(fmt, len, sec);
	if (n < 1)
		return 0;
	tokenize(&sec[0]);
	return sec[0].date;
}

trawl_err trawl__numfmt(trawl__buf *b, double v, const char *fmt, size_t len, int date1904)
{
	section sec[4];
	trawl_err rc = TRAWL_OK;
	int n, i, pick = 0, minus = 1, conds = 0;

	if (isnan(v) || isinf(v))
		return trawl__buf_adds(b, "#NUM!");
	if (v == 0)
		v = 0; /* no negative zero */
	if (!fmt || !len || len > MAX_FMT) {
		general(b, &rc, v, 1);
		return rc;
	}
	n = split(fmt, len, sec);
	for (i = 0; i < n; i++)
		tokenize(&sec[i]);
	for (i = 0; i < n && i < 3; i++)
		conds |= sec[i].cond != 0;
	if (conds) {
		/* the first section whose condition holds; one without a
		 * condition takes what is left */
		for (pick = 0; pick < n && pick < 3; pick++)
			if (!sec[pick].cond || cond_true(&sec[pick], v))
				break;
		if (pick >= n || pick >= 3) {
			general(b, &rc, v, 1);
			return rc;
		}
		minus = 0; /* conditional sections show the value without its sign */
	} else if (n >= 3 && v == 0) {
		pick = 2;
	} else if (n >= 2 && v < 0) {
		pick = 1;
		minus = 0;
	}
	if (sec[pick].date) {
		if (date(b, &rc, &sec[pick], v, date1904))
			return rc;
		general(b, &rc, v, 1);
		return rc;
	}
	if (sec[pick].nt == 0 && sec[pick].n == 0 && n == 1) {
		general(b, &rc, v, 1); /* an empty code is General */
		return rc;
	}
	number(b, &rc, &sec[pick], minus ? v : fabs(v), minus);
	return rc;
}

trawl_err trawl__numfmt_text(trawl__buf *b, const char *text, size_t n, const char *fmt,
                             size_t len, int date1904)
{
	char *end;
	double d = strtod(text, &end);

	while (*end == ' ')
		end++;
	if (end != text && end == text + n)
		return trawl__numfmt(b, d, fmt, len, date1904);
	return trawl__buf_add(b, text, n);
}
