/* Dates: 2024年3月15日, 二〇二四年三月十五日, 两千零四年八月十五,
 * 2024-03-15, 2024.3.15, 2024/3/15, 2010 01 29, 20240315, 13.5.2015,
 * 15/05/2015, 2024年度, 2024年3月, 民国113年, March 15, 2024 and 15 March
 * 2024, written out as ISO 8601 with a precision of day, month or year.
 * Ranges (2024年4月1日至4月10日) give two dates, the second taking the
 * year and month it leaves out from the first.
 *
 * A day and month without a year (1月19日, 五月三十日) is a date only when
 * the document's year is known (trawl__fctx.doc_year): it takes that year,
 * with precision "monthday" to say the year was not written. 下周三 or 24年
 * need a reference time and are not read. Day-first and month-first
 * numeric dates are read only where they can't be the other way round
 * (13.5.2015, 05/13/2015; not 05/06/2015). A date that does not exist
 * (2024年2月30日) is not a fact. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "facts/fact.h"
#include "facts/scan.h"
#include "util/banned.h"


typedef struct {
	int y, m, d;        /* m, d are 0 when not given */
	int noyear;         /* the year is the document's, not written */
	size_t start, end;
} ymd;

/* A year without a date to check days against yet (a date waiting for the
 * document's year): a leap year, so 2月29日 passes until then. */
#define ANY_YEAR 2000

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int valid(int y, int m, int d)
{
	if (y < 1900 || y > 2099)
		return 0;
	if (m == 0)
		return d == 0;
	if (m < 1 || m > 12)
		return 0;
	return d == 0 || (d >= 1 && d <= days_in(y, m));
}

/* Up to max Arabic digits at i: the value, and the count in *len. */
static int digits(const char *t, size_t n, size_t i, int max, size_t *len)
{
	int v = 0;
	size_t k = 0;
	*len = 0;
	while (i + k < n && is_digit(t[i + k]) && (int)k < max) {
		v = v * 10 + (t[i + k] - '0');
		k++;
	}
	if (i + k < n && is_digit(t[i + k]))
		return -1;  /* longer than max */
	*len = k;
	return k ? v : -1;
}

/* A small number (month, day, ROC year), Arabic or Chinese, at i. */
static int small_num(const char *t, size_t n, size_t i, size_t *len)
{
	size_t e = i, l;
	char v[TRAWL__DEC_MAX];
	if (i < n && is_digit(t[i])) {
		int x = digits(t, n, i, 3, len);
		return x;
	}
	while (e < n && (l = trawl__numeral_at(t + e, n - e)) > 1)
		e += l;
	if (e == i || trawl__parse_number(t + i, e - i, v) != e - i || strlen(v) > 3 ||
	    strchr(v, '.'))
		return -1;
	*len = e - i;
	{
		int x = 0;
		const char *p;
		for (p = v; *p; p++)
			x = x * 10 + (*p - '0');
		return x;
	}
}

/* A zero typed for 〇 inside a run of Chinese numerals (二O二四, 二Ｏ二四,
 * 二0二四, 二０二四): its length, or 0. */
static size_t zero_alike(const char *t, size_t n, size_t i)
{
	if (i < n && (t[i] == 'O' || t[i] == 'o' || t[i] == '0'))
		return 1;
	if (n - i >= 3 && (!memcmp(t + i, "Ｏ", 3) || !memcmp(t + i, "０", 3) ||
	                   !memcmp(t + i, "ｏ", 3)))
		return 3;
	return 0;
}

/* The end of the run of Chinese numerals at i, with the zeros typed for
 * 〇 after its first (written as 〇 to buf, when not NULL: cap bytes). */
static size_t zh_run(const char *t, size_t n, size_t i, char *buf, size_t cap, size_t *blen)
{
	size_t e = i, l, b = 0;

	for (;;) {
		size_t z = 0;
		if (e < n && (l = trawl__numeral_at(t + e, n - e)) > 1) {
			if (buf && b + l < cap)
				memcpy(buf + b, t + e, l);
			b += l;
			e += l;
			continue;
		}
		/* (a look-alike after a numeral and before a numeral, another
		 * look-alike or 年: 二O二四, 二OO八, 二O二O年; not 二OK) */
		if (e > i && (z = zero_alike(t, n, e)) != 0 && e + z < n &&
		    (trawl__numeral_at(t + e + z, n - e - z) > 1 || zero_alike(t, n, e + z) ||
		     at(t, n, e + z, "年"))) {
			if (buf && b + 3 < cap)
				memcpy(buf + b, "〇", 3);
			b += 3;
			e += z;
			continue;
		}
		break;
	}
	if (blen)
		*blen = b;
	return e;
}

/* A year written in Chinese numerals: 二〇二四 (a digit sequence) or
 * 两千零五 (a cardinal). */
static int chinese_year(const char *t, size_t n, size_t i, size_t *len)
{
	size_t e, b;
	char v[TRAWL__DEC_MAX], buf[64];
	int x = 0;
	const char *p;
	e = zh_run(t, n, i, buf, sizeof buf, &b);
	if (e == i || b >= sizeof buf || trawl__parse_number(buf, b, v) != b || strlen(v) != 4)
		return -1;
	for (p = v; *p; p++)
		x = x * 10 + (*p - '0');
	*len = e - i;
	return x;
}

static size_t day_word(const char *t, size_t n, size_t i)
{
	if (at(t, n, i, "日") || at(t, n, i, "号") || at(t, n, i, "號"))
		return 3;
	return 0;
}

/* v = the number x in exactly k digits (x < 10^k), as %0kd */
static char *put_digits(char *v, int x, int k)
{
	for (int i = k - 1; i >= 0; i--, x /= 10)
		v[i] = (char)('0' + x % 10);
	return v + k;
}

static int emit(trawl__fact_cb cb, void *u, const ymd *d)
{
	trawl__fact f;
	char *v = f.value;
	memset(&f, 0, sizeof f);
	f.kind = TRAWL__F_DATE;
	f.start = (uint32_t)d->start;
	f.end = (uint32_t)d->end;
	/* ISO 8601: years 1900-2099, months 1-12 and days 1-31 (valid()) */
	if (d->noyear && !d->d)
		return 0;       /* 3月 alone: not a date */
	if (d->noyear && d->y == ANY_YEAR) {
		/* --MM-DD (ISO 8601:2000): the document's year is given later */
		*v++ = '-';
		*v++ = '-';
	} else {
		v = put_digits(v, d->y, 4);
		*v++ = '-';
	}
	if (d->d || d->m)
		v = put_digits(v, d->m, 2);
	else
		v[-1] = '\0';
	if (d->d) {
		*v++ = '-';
		put_digits(v, d->d, 2);
		memcpy(f.precision, d->noyear ? "monthday" : "day", d->noyear ? 9 : 4);
	} else if (d->m) {
		memcpy(f.precision, "month", 6);
	} else {
		memcpy(f.precision, "year", 5);
	}
	memcpy(f.comparator, "=", 2);
	return cb(u, &f);
}

/* ---- 2024年3月15日 and its parts ----------------------------------- */

/* The year part, up to and including 年 (and 度). */
/* Words that make the N年 between b and e a length of time: 已113年,
 * 已有, 逾, 長達, 歷時, 創校, 創立 before it; 歷史, 之久, 左右 after it
 * (113年度 is a fiscal year, and 113年3月 a month, whatever is before
 * them: 契約113年3月1日起, 業已113年3月5日). */
static int duration_around(const char *t, size_t n, size_t b, size_t e)
{
	if (at(t, n, e, "度"))
		return 0;   /* 113年度: a fiscal year */
	/* 113年3月1日: a date, whatever is before it (契約113年3月, 業已113年3月) */
	{
		size_t q = e < n && t[e] == ' ' ? e + 1 : e;
		if (q < n && (is_digit(t[q]) || trawl__numeral_at(t + q, n - q) > 1))
			return 0;
	}
	static const char *const before[] = { "已", "已有", "逾", "長達", "长达", "已達", "已达",
		"歷時", "历时", "歷經", "历经", "創校", "创校", "建校", "創立", "创立", "成立",
		"超過", "超过", NULL };
	/* (not 來, 多, 餘: 113年來臺旅客, 113年多元就業方案, 113年餘額) */
	static const char *const after[] = { "歷史", "历史", "之久", "左右", NULL };
	for (int k = 0; before[k]; k++) {
		size_t l = strlen(before[k]);
		if (b >= l && !memcmp(t + b - l, before[k], l))
			return 1;
	}
	for (int k = 0; after[k]; k++)
		if (at(t, n, e, after[k]))
			return 1;
	return 0;
}

static int cjk_year(const char *t, size_t n, size_t i, const trawl__fctx *c, ymd *d)
{
	size_t l, j = i;
	int y, roc = 0;
	if (at(t, n, j, "民国") || at(t, n, j, "民國")) {
		roc = 1;
		j += 6;
	} else if (at(t, n, j, "公元")) {
		j += 6;
	}
	if (j < n && is_digit(t[j])) {
		y = digits(t, n, j, 4, &l);
		if (y < 0)
			return 0;
		if (l == 4 && !roc) {
			/* a Gregorian year */
		} else if (l <= 3 && (roc || (c && c->roc_years))) {
			roc = 1;
		} else {
			return 0;
		}
	} else {
		y = roc ? small_num(t, n, j, &l) : chinese_year(t, n, j, &l);
		if (y < 0)
			return 0;
	}
	j += l;
	if (j < n && t[j] == ' ')
		j++;
	if (!at(t, n, j, "年"))
		return 0;
	if (roc) {
		int explicit_roc = at(t, n, i, "民");
		if (y < 1 || y > 150)
			return 0;
		/* 113年 in a Taiwan document, but not 30年 (a duration), nor
		 * 已113年, 創校113年, 113年歷史 (how long, not when) */
		if (!explicit_roc && (y < 38 || duration_around(t, n, i, j + 3)))
			return 0;
		y += 1911;
	}
	d->y = y;
	d->start = i;
	d->end = j + 3;
	if (at(t, n, d->end, "度"))
		d->end += 3;
	return y >= 1900 && y <= 2099;
}

static const char *const connectors[] = { "——", "--", "起至", "至", "到", "~", "-", "—", "–", "〜", NULL };

static size_t connector(const char *t, size_t n, size_t i)
{
	int k;
	while (i < n && t[i] == ' ')
		i++;
	for (k = 0; connectors[k]; k++)
		if (at(t, n, i, connectors[k])) {
			i += strlen(connectors[k]);
			while (i < n && t[i] == ' ')
				i++;
			return i;
		}
	return 0;
}

/* Month (and day) after a year: 3月15日, 3月, 1-9月, 4月12-19日. Writes
 * up to two dates. */
/* Past one space at j, if there is one. */
static size_t sp1(const char *t, size_t n, size_t j)
{
	return j < n && t[j] == ' ' ? j + 1 : j;
}

/* Can a day written in Chinese numerals without 日 end at k? Not before a
 * measure word or another numeral (八月十五个, 八月十五点). */
static int day_may_end(const char *t, size_t n, size_t k)
{
	static const char *const no[] = { "个", "人", "名", "家", "次", "天", "元", "岁", "分",
		"点", "條", "条", "件", "项", "台", "套", "年", "月", "周", "届", "期", "位", "批",
		"份", "种", "类", "只", "张", "本", "页", "章", "节", "度", "时", "小时", "秒", "块",
		"角", "毛", "亩", "米", "斤", "吨", "%", "‰", "多", "余", "餘", "左右", "以", "倍",
		"成", NULL };
	if (k >= n)
		return 1;
	if ((unsigned char)t[k] < 0x80)
		return !is_alpha(t[k]) && !is_digit(t[k]) && t[k] != '%' && t[k] != '.';
	if (trawl__numeral_at(t + k, n - k))
		return 0;
	for (int q = 0; no[q]; q++)
		if (at(t, n, k, no[q]))
			return 0;
	return 1;
}

/* After a month (m) of a list: the start of the next month's number
 * (、 和 及 与), or 0. */
static size_t month_list_next(const char *t, size_t n, size_t i)
{
	static const char *const sep[] = { "、", "和", "及", "与", "與", NULL };
	for (int k = 0; sep[k]; k++)
		if (at(t, n, i, sep[k])) {
			i += strlen(sep[k]);
			return i < n && (is_digit(t[i]) || trawl__numeral_at(t + i, n - i)) ? i : 0;
		}
	return 0;
}

/* Whether the month m, its number ending at i, is followed by a list of
 * later months that 月 closes (3、4月, 3、5和7月): each a month after the
 * one before. */
static int month_list_closes(const char *t, size_t n, size_t i, int m)
{
	for (int k = 0; k < 12; k++) {
		size_t j = month_list_next(t, n, i), l;
		int x;
		if (!j)
			return 0;
		x = small_num(t, n, j, &l);
		if (x <= m || x > 12)
			return 0;
		if (at(t, n, j + l, "月")) {
			size_t l2;
			/* (not 2024年3、4月5日: a day after the last) */
			return small_num(t, n, sp1(t, n, j + l + 3), &l2) <= 0;
		}
		i = j + l;
		m = x;
	}
	return 0;
}

static int cjk_rest(const char *t, size_t n, ymd *d, ymd *d2)
{
	size_t j = d->end, l, l2, k;
	int m, m2, x, x2;
	if (at(t, n, j - 3, "度"))
		return 1;
	/* "2024 年 3 月 15 日": one space may stand between the parts */
	j = sp1(t, n, j);
	m = small_num(t, n, j, &l);
	if (m < 1 || m > 12)
		return 1;
	k = j + l;
	if (!at(t, n, k, "月") && at(t, n, sp1(t, n, k), "月"))
		k = sp1(t, n, k);
	if (!at(t, n, k, "月")) {
		/* 2018年1-9月 */
		size_t c = connector(t, n, k);
		if (!c) {
			/* 2024年3、4月: the first month of a list (the main loop
			 * reads the others) */
			if (month_list_closes(t, n, k, m)) {
				d->m = m;
				d->end = k;
			}
			return 1;
		}
		m2 = small_num(t, n, c, &l2);
		if (m2 <= m || m2 > 12 || !at(t, n, c + l2, "月"))
			return 1;
		d->m = m;
		d->end = k;
		*d2 = *d;
		d2->m = m2;
		d2->start = c;
		d2->end = c + l2 + 3;
		if (at(t, n, d2->end, "份"))
			d2->end += 3;
		return 2;
	}
	d->m = m;
	d->end = k + 3;
	if (at(t, n, d->end, "份")) {
		d->end += 3;
		return 1;
	}
	j = sp1(t, n, d->end);
	x = small_num(t, n, j, &l);
	if (x < 1 || x > 31)
		return 1;
	k = j + l;
	if (!day_word(t, n, k) && day_word(t, n, sp1(t, n, k)))
		k = sp1(t, n, k);
	if (day_word(t, n, k)) {
		d->d = x;
		d->end = k + 3;
		return valid(d->y, d->m, d->d) ? 1 : -1;
	}
	{
		/* 4月12-19日 */
		size_t c = connector(t, n, k);
		x2 = c ? small_num(t, n, c, &l2) : -1;
		if (x2 <= x || x2 > 31 || !day_word(t, n, c + l2)) {
			/* 两千零四年八月十五: a day in Chinese numerals needs no 日 */
			if (!is_digit(t[j]) && !d->noyear && day_may_end(t, n, k)) {
				d->d = x;
				d->end = k;
				return valid(d->y, d->m, d->d) ? 1 : -1;
			}
			return 1;
		}
		d->d = x;
		d->end = k;
		*d2 = *d;
		d2->d = x2;
		d2->start = c;
		d2->end = c + l2 + 3;
		return valid(d->y, d->m, d->d) && valid(d2->y, d2->m, d2->d) ? 2 : -1;
	}
}

/* ---- 2024-03-15, 2024.3.15, 2024/3/15, 20240315 ------------------- */

/* Fills d with a date read from [s, e); returns 1. */
static int set_ymd(ymd *d, int y, int m, int dd, size_t s, size_t e)
{
	d->y = y;
	d->m = m;
	d->d = dd;
	d->start = s;
	d->end = e;
	return 1;
}

/* A year of a range or list at i: four digits (1900 to 2099), or in a
 * Taiwan document (roc) an ROC year of three digits (100 to 150); its
 * length in *l, else -1. */
static int range_year(const char *t, size_t n, size_t i, int roc, size_t *l)
{
	int y = digits(t, n, i, 4, l);

	if (y < 0)
		return -1;
	if (*l == 4 && y >= 1900 && y <= 2099)
		return y;
	/* (three digits: 50至60年 in a Taiwan document is a length of time) */
	if (roc && *l == 3 && y >= 100 && y <= 150)
		return y + 1911;
	return -1;
}

/* After a list's year: the start of the next (、 和 及 与), or 0. */
static size_t year_list_next(const char *t, size_t n, size_t i)
{
	static const char *const sep[] = { "、", "和", "及", "与", "與", NULL };
	for (int k = 0; sep[k]; k++)
		if (at(t, n, i, sep[k]))
			return i + strlen(sep[k]) < n && is_digit(t[i + strlen(sep[k])]) ?
			       i + strlen(sep[k]) : 0;
	return 0;
}

/* 2016-2017年, 2021至2025年, 2016—2018年度, 2022、2023年, 112至114年度 (in a
 * Taiwan document): a range or list of years whose first ones leave 年 out
 * (they were lost: 2017 alone). Each a year (four digits, or an ROC year
 * in a Taiwan document), each after the one before, 年 after the last,
 * with no month or day (2016-2017年3月 is not read here). Writes up to max
 * dates to out; returns how many (0 when none is read so). */
static int year_range(const char *t, size_t n, size_t i, const trawl__fctx *c, ymd *out,
                      int max)
{
	size_t j, k, l;
	int y[16], ny = 0, roc = c && c->roc_years, list = 0;
	size_t ys[16], ye[16];

	if (max > 16)
		max = 16;
	y[0] = range_year(t, n, i, roc, &l);
	if (y[0] < 0)
		return 0;
	ys[0] = i;
	ye[0] = i + l;
	ny = 1;
	/* a range (2021至2025年), else a list (2021、2022、2023年) */
	if ((k = connector(t, n, ye[0])) != 0) {
		y[1] = range_year(t, n, k, roc, &l);
		if (y[1] < 0)
			return 0;
		ys[1] = k;
		ye[1] = k + l;
		ny = 2;
	} else {
		list = 1;
		while (ny < max && (k = year_list_next(t, n, ye[ny - 1])) != 0) {
			y[ny] = range_year(t, n, k, roc, &l);
			if (y[ny] < 0)
				return 0;
			ys[ny] = k;
			ye[ny] = k + l;
			ny++;
		}
		if (ny < 2)
			return 0;
	}
	for (int q = 1; q < ny; q++)
		if (y[q] <= y[q - 1] || (ye[q] - ys[q] == 4) != (ye[0] - ys[0] == 4))
			return 0;   /* (each after the one before, all written alike) */
	j = sp1(t, n, ye[ny - 1]);
	if (!at(t, n, j, "年"))
		return 0;
	/* not a standard's number (GB/T 1989-2018年版), nor decades
	 * (1990-2000年代) */
	{
		size_t b = i;
		if (b > 0 && t[b - 1] == ' ')
			b--;
		if (b > 0 && (is_alpha(t[b - 1]) || t[b - 1] == '/'))
			return 0;
	}
	j += 3;
	if (at(t, n, j, "代") || at(t, n, j, "版"))
		return 0;
	if (at(t, n, j, "度")) {
		j += 3;
	} else {
		/* (2016-2017年3月, 2023-2024年 12月31日: a date's; not 2023-2025年
		 * 三年行动计划, a count of years) */
		size_t q = sp1(t, n, j), e = q, l2;
		while (e < n && (is_digit(t[e]) || (l2 = trawl__numeral_at(t + e, n - e)) > 1))
			e += is_digit(t[e]) ? 1 : l2;
		if (e > q && (at(t, n, sp1(t, n, e), "月") || at(t, n, sp1(t, n, e), "日") ||
		              at(t, n, sp1(t, n, e), "号") || at(t, n, sp1(t, n, e), "-") ||
		              at(t, n, sp1(t, n, e), "/") || at(t, n, sp1(t, n, e), ".")))
			return 0;
		/* (a list's last is a date of its own: 2022、2023年3月 is none) */
		(void)list;
	}
	for (int q = 0; q < ny; q++) {
		memset(&out[q], 0, sizeof out[q]);
		set_ymd(&out[q], y[q], 0, 0, ys[q], q == ny - 1 ? j : ye[q]);
	}
	return ny;
}

/* 113/03/15, 113.3.15, 99/12/31: a date in the Republic of China's years
 * written with numbers, as Taiwan's government writes it, read only in a
 * Taiwan document (c->roc_years): years 38 to 99 in two digits (with '/'
 * only), 100 to 150 in three, then a month and a day, all with one
 * separator, '/' or '.', not inside a longer number and nothing numeric
 * after them. */
static int roc_numeric(const char *t, size_t n, size_t i, const trawl__fctx *c, ymd *d)
{
	size_t l, l2, l3, j;
	int y, m, x;
	char sep;

	if (!c || !c->roc_years || i >= n || !is_digit(t[i]))
		return 0;
	/* (not a part of a number or a code: 4.38.5.1) */
	if (i >= 2 && (t[i - 1] == '.' || t[i - 1] == '/') && is_digit(t[i - 2]))
		return 0;
	y = digits(t, n, i, 3, &l);
	if (y < 0 || l < 2 || (l == 2 && y < 38) || (l == 3 && (y < 100 || y > 150)))
		return 0;
	j = i + l;
	/* (a two-digit year with '/' only: 38.5.1 is a section's number) */
	if (j >= n || (t[j] != '/' && (t[j] != '.' || l == 2)))
		return 0;
	sep = t[j];
	m = digits(t, n, j + 1, 2, &l2);
	if (m < 1 || m > 12)
		return 0;
	j += 1 + l2;
	if (j >= n || t[j] != sep)
		return 0;
	x = digits(t, n, j + 1, 2, &l3);
	if (x < 1 || !valid(y + 1911, m, x))
		return 0;
	j += 1 + l3;
	if (j < n && (is_digit(t[j]) || ((t[j] == '/' || t[j] == '.') && j + 1 < n &&
	                                 is_digit(t[j + 1]))))
		return 0;
	return set_ymd(d, y + 1911, m, x, i, j);
}

/* 13.5.2015, 15/05/2015, 05-13-2015: a day and a month (one or two digits
 * each) then a four-digit year, all with the same separator. Read only when
 * one of the two can't be a month, so the order is not a guess; never
 * within a longer run of numbers (a version 1.13.5.2015, an address). */
static int day_first(const char *t, size_t n, size_t i, ymd *d)
{
	size_t l1, l2, l3, j;
	int a, b, y;
	char sep;

	if (i > 0 && strchr(".,/-:", t[i - 1]))
		return 0;
	a = digits(t, n, i, 2, &l1);
	j = i + l1;
	if (a < 1 || j >= n || !strchr("./-", t[j]))
		return 0;
	sep = t[j];
	b = digits(t, n, j + 1, 2, &l2);
	j += 1 + l2;
	if (b < 1 || j >= n || t[j] != sep)
		return 0;
	y = digits(t, n, j + 1, 4, &l3);
	if (l3 != 4)
		return 0;
	j += 5;
	if (j < n && (is_alpha(t[j]) || (j + 1 < n && strchr("./-", t[j]) && is_digit(t[j + 1]))))
		return 0;
	if (a > 12 && b <= 12 && valid(y, b, a))
		return set_ymd(d, y, b, a, i, j);
	if (b > 12 && a <= 12 && valid(y, a, b))
		return set_ymd(d, y, a, b, i, j);
	if (a == b && valid(y, a, a))
		return set_ymd(d, y, a, a, i, j);
	return 0;
}

/* 2010 01 29: a year, month and day, two digits each after the year,
 * separated by single spaces, not part of a longer run of digit groups
 * (a phone or account number). */
static int spaced(const char *t, size_t n, size_t i, int y, ymd *d)
{
	size_t j = i + 4, l;
	int m, x;

	if (i >= 2 && t[i - 1] == ' ' && is_digit(t[i - 2]))
		return 0;
	if (j + 6 > n || t[j] != ' ' || t[j + 3] != ' ')
		return 0;
	m = digits(t, n, j + 1, 2, &l);
	if (l != 2 || m < 1)
		return 0;
	x = digits(t, n, j + 4, 2, &l);
	if (l != 2 || x < 1 || !valid(y, m, x))
		return 0;
	j += 6;
	if (j < n && (is_alpha(t[j]) || (t[j] == ' ' && j + 1 < n && is_digit(t[j + 1])) ||
	              (strchr("./-:", t[j]) && j + 1 < n && is_digit(t[j + 1]))))
		return 0;
	return set_ymd(d, y, m, x, i, j);
}

/* Exactly eight digits at i. */
static int eight_digits_at(const char *t, size_t n, size_t i)
{
	size_t k = 0;
	while (i + k < n && is_digit(t[i + k]))
		k++;
	return k == 8;
}

/* A telephone's area code and a dash end just before i (0571-20240305,
 * 021—20240305, (0571)20240305): two to four digits from 0, not a date of
 * eight (a range, 20240101-20240331). */
static int phone_area_before(const char *t, size_t i)
{
	size_t b;

	int paren = 0;

	if (i > 0 && t[i - 1] == '-')
		b = i - 1;
	else if (i >= 3 && !memcmp(t + i - 3, "—", 3))
		b = i - 3;
	else if (i > 0 && t[i - 1] == ')')
		b = i - 1, paren = 1;     /* (0571)20240305 */
	else
		return 0;
	{
		size_t e = b;
		while (b > 0 && is_digit(t[b - 1]) && e - b < 9)
			b--;
		if (paren && !(b > 0 && t[b - 1] == '('))
			return 0;
		return e - b >= 2 && e - b <= 4 && t[b] == '0' && !(b > 0 && is_digit(t[b - 1]));
	}
}

/* A measure word at i: the number before it counts or weighs something
 * (20240305元, 20240305人, 20240305余件), so it is no date. */
static int measure_after(const char *t, size_t n, size_t i)
{
	/* (glued to the digits, and no word's first character: not 项目, 本项目,
	 * 天津, 分包, 名称, 台州 after a date) */
	static const char *const w[] = { "元", "圆", "块", "万", "萬", "亿", "億", "人", "个", "個",
		"件", "吨", "噸", "米", "套", "张", "張", "股", "箱", "岁", "歲", "平方", "公里", "公斤",
		"斤", "千克", "克", "升", "亩", "畝", "余", "餘", "多", "左右", "美元", "港元", "欧元",
		"辆", "輛", "只", "株", "枚", "册", "冊", "页", "頁", "倍", NULL };
	if (i < n && t[i] == '%')
		return 1;
	for (int k = 0; w[k]; k++)
		if (at(t, n, i, w[k]))
			return 1;
	return 0;
}

/* Where a label that a colon ends before i ends: past the blanks before
 * i, the colon (':' or '：') and the blanks before it; SIZE_MAX when no
 * colon is there. */
static size_t before_colon(const char *t, size_t i)
{
	size_t b = i;

	while (b > 0 && (t[b - 1] == ' ' || t[b - 1] == '\t'))
		b--;
	if (b > 0 && t[b - 1] == ':')
		b--;
	else if (b >= 3 && !memcmp(t + b - 3, "：", 3))
		b -= 3;
	else
		return SIZE_MAX;
	while (b > 0 && t[b - 1] == ' ')
		b--;
	return b;
}

/* Whether s[0..n) ends with one of w. */
static int ends_with_word(const char *s, size_t n, const char *const *w)
{
	for (; *w; w++) {
		size_t l = strlen(*w);
		if (n >= l && !memcmp(s + n - l, *w, l))
			return 1;
	}
	return 0;
}

/* A label of a number that is no date ends just before i, past blanks
 * and a colon: 电话, 传真, 手机, 号码, 账号, 编号, 代码, QQ (电话：20240305). */
static int phone_label_before(const char *t, size_t i)
{
	static const char *const w[] = { "电话", "電話", "传真", "傳真", "手机", "手機", "热线",
		"熱線", "号码", "號碼", "账号", "帳號", "账户", "编号", "編號", "代码", "代碼",
		"批次号", "QQ", "qq", "Tel", "TEL", "tel", "Fax", "FAX", NULL };
	size_t b = before_colon(t, i);

	return b != SIZE_MAX && ends_with_word(t, b, w);
}

/* The n bytes at s end with a unit of measure (万元, 元, 平方米, %), not
 * 公元 (an era). */
static int unit_ends(const char *s, size_t n)
{
	static const char *const u[] = { "元", "米", "吨", "噸", "亩", "畝", "克", "斤", "升", "%",
		"个", "個", "人", "次", "件", "台", "户", "戶", "公里", NULL };
	while (n && s[n - 1] == ' ')
		n--;
	if (n >= 6 && !memcmp(s + n - 6, "公元", 6))
		return 0;
	return ends_with_word(s, n, u);
}

/* A label that states a unit or a measure ends just before i, past blanks
 * and a colon: 金额（万元）：, 单价(元):, 面积（平方米）：, 数量：. A figure
 * after it (2024.10) is the measure's, not a year and month. */
static int measure_label_before(const char *t, size_t i)
{
	static const char *const w[] = { "元", "金额", "金額", "价", "價", "数量", "數量", "面积",
		"面積", "合计", "合計", "总计", "總計", "小计", "费", "費", "款", "资金", "資金",
		"额", "額", "量", "数", "數", "率", "重", "米", "吨", "噸", "亩", "畝", "平方米",
		"公里", "千克", "万", "萬", "个", "人", "%", NULL };
	size_t b = before_colon(t, i), e;

	if (b == SIZE_MAX)
		return 0;
	/* (the label's aside: 金额（万元）, 单价(元)) */
	e = b;
	if (b > 0 && t[b - 1] == ')') {
		while (b > 0 && t[b - 1] != '(' && e - b < 40)
			b--;
		if (b == 0 || t[b - 1] != '(')
			return 0;
		/* a unit that ends the aside ((万元), (单位:元), (%); not
		 * (数据截止), (人口普查), (公元)) */
		if (unit_ends(t + b, e - 1 - b))
			return 1;
		b--;
	} else if (b >= 3 && !memcmp(t + b - 3, "）", 3)) {
		b -= 3;
		while (b >= 3 && memcmp(t + b - 3, "（", 3) && e - b < 40)
			b--;
		if (b < 3 || memcmp(t + b - 3, "（", 3))
			return 0;
		if (unit_ends(t + b, e - 3 - b))
			return 1;
		b -= 3;
	}
	return ends_with_word(t, b, w);
}

static int numeric(const char *t, size_t n, size_t i, ymd *d)
{
	size_t l, j;
	int y, m, x;
	char sep;
	y = digits(t, n, i, 8, &l);
	if (y < 0)
		return 0;
	if (l <= 2)
		return day_first(t, n, i, d);
	if (l == 4 && y >= 1900 && y <= 2099 && i + 4 < n && t[i + 4] == ' ')
		return spaced(t, n, i, y, d);
	if (l == 8) {
		/* 20240315: only a plausible date standing alone */
		int yy = y / 10000, mm = y / 100 % 100, dd = y % 100;
		if ((t[i] != '1' || t[i + 1] != '9') && (t[i] != '2' || t[i + 1] != '0'))
			return 0;
		if (!valid(yy, mm, dd) || !dd || yy < 1950)
			return 0;
		if (i + 8 < n && (is_alpha(t[i + 8]) || t[i + 8] == '.' ||
		                  (t[i + 8] == '-' && !eight_digits_at(t, n, i + 9)) ||
		                  trawl__numeral_at(t + i + 8, n - i - 8) || at(t, n, i + 8, "号")))
			return 0;   /* (20240101-20240331 is a range) */
		/* nor a telephone's number (0571-20240305, 电话：20240305) or a
		 * figure of something (20240305元, 20240305人): a Chinese
		 * character after it only when it says when (至, 起, 前 …) */
		if (phone_area_before(t, i) || (i > 0 && t[i - 1] == '+') ||
		    (i >= 3 && !memcmp(t + i - 3, "转", 3)) || measure_after(t, n, i + 8))
			return 0;
		if (phone_label_before(t, i))
			return 0;
		return set_ymd(d, yy, mm, dd, i, i + 8);
	}
	if (l != 4 || y < 1900 || y > 2099)
		return 0;
	j = i + 4;
	if (j >= n || (t[j] != '-' && t[j] != '.' && t[j] != '/'))
		return 0;
	sep = t[j];
	m = digits(t, n, j + 1, 2, &l);
	if (m < 1 || m > 12)
		return 0;
	j += 1 + l;
	if (j + 1 < n && t[j] == sep && is_digit(t[j + 1])) {
		size_t l2;
		x = digits(t, n, j + 1, 2, &l2);
		if (x < 0 && sep == '-' && j + 3 < n) {
			/* 2018-12-1209:03: a time glued on */
			x = (t[j + 1] - '0') * 10 + (t[j + 2] - '0');
			if (!(j + 5 < n && is_digit(t[j + 3]) && is_digit(t[j + 4]) && t[j + 5] == ':'))
				return 0;
			l2 = 2;
		}
		if (x < 1 || !valid(y, m, x))
			return 0;
		j += 1 + l2;
		/* 2024.3.15.1 is a version number; 2021-09-12-11:23 has a time */
		if (j + 1 < n && (t[j] == sep || t[j] == '.') && is_digit(t[j + 1]) &&
		    !(t[j] == '-' && j + 3 < n && (t[j + 2] == ':' || (is_digit(t[j + 2]) && t[j + 3] == ':'))))
			return 0;
		return set_ymd(d, y, m, x, i, j);
	}
	/* 1994.01-19: a dot, then a dash before the day. Only a day that
	 * can't be a month (13-31) is read so: 2019.09-12 is a range of months */
	if (sep == '.' && j + 3 <= n && t[j] == '-' && is_digit(t[j + 1]) && is_digit(t[j + 2]) &&
	    !(j + 3 < n && (is_digit(t[j + 3]) || t[j + 3] == '.' || t[j + 3] == '-' ||
	                    t[j + 3] == ':' || is_alpha(t[j + 3])))) {
		x = (t[j + 1] - '0') * 10 + (t[j + 2] - '0');
		if (x > 12 && valid(y, m, x)) {
			return set_ymd(d, y, m, x, i, j + 3);
		}
	}
	/* 2024.1-2024.12, 2024-3至2024-12: a month of one digit begins a range
	 * of months written alike */
	if (l == 1 && j < n) {
		size_t c = connector(t, n, j), l4, lm;
		int y2 = c ? digits(t, n, c, 4, &l4) : -1, m2;
		if (y2 < y || l4 != 4 || c + 5 >= n || t[c + 4] != sep)
			return 0;
		m2 = digits(t, n, c + 5, 2, &lm);
		if (m2 < 1 || m2 > 12 || y2 * 100 + m2 <= y * 100 + m)
			return 0;
		c += 5 + lm;
		/* (2024.1-2024.12 alone: not 2024.1-2024.12mm, 2024.1-2024.12月) */
		if (c < n && (is_digit(t[c]) || is_alpha(t[c]) || t[c] == '.' || t[c] == sep ||
		              at(t, n, c, "月") || measure_after(t, n, c)))
			return 0;
		return set_ymd(d, y, m, 0, i, j);
	}
	/* 2024-03 or 2024.03: the month, two digits, standing alone */
	if (l != 2 || (j < n && (is_digit(t[j]) || is_alpha(t[j]) || t[j] == '.' || t[j] == sep)))
		return 0;
	/* (not a measure's figure: 金额（万元）：2024.10) */
	if (measure_label_before(t, i))
		return 0;
	if (j < n && (unsigned char)t[j] >= 0x80 && !at(t, n, j, "至") && !at(t, n, j, "到") &&
	    !at(t, n, j, "—") && !at(t, n, j, "起") && !at(t, n, j, "止") &&
	    !at(t, n, j, "、") && !at(t, n, j, "。"))
		return 0;
	return set_ymd(d, y, m, 0, i, j);
}

/* ---- March 15, 2024 / 15 March 2024 ------------------------------- */

#define MONTH_INITIALS "JFMASONDjfmasond"

static int month_name(const char *t, size_t n, size_t i, size_t *len)
{
	static const char *const full[] = { "january", "february", "march", "april", "may", "june",
		"july", "august", "september", "october", "november", "december" };
	static const char *const abbr[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul",
		"aug", "sep", "oct", "nov", "dec" };
	int m;
	size_t k;
	/* month names start with one of these letters */
	if (i >= n || (i > 0 && is_alpha(t[i - 1])) || !t[i] || !strchr(MONTH_INITIALS, t[i]))
		return 0;
	for (m = 0; m < 12; m++) {
		const char *w[3] = { full[m], abbr[m], m == 8 ? "sept" : NULL };
		int q;
		/* (a month's three words start with its letter) */
		if ((t[i] | 0x20) != full[m][0])
			continue;
		for (q = 0; q < 3; q++) {
			size_t wl;
			if (!w[q])
				continue;
			wl = strlen(w[q]);
			if (i + wl > n)
				continue;
			for (k = 0; k < wl; k++)
				if ((t[i + k] | 0x20) != w[q][k])
					break;
			if (k < wl || (i + wl < n && is_alpha(t[i + wl])))
				continue;
			if (q && i + wl < n && t[i + wl] == '.')
				wl++;
			*len = wl;
			return m + 1;
		}
	}
	return 0;
}

static int english(const char *t, size_t n, size_t i, ymd *d)
{
	size_t l, j, l2;
	int m, x, y;
	m = month_name(t, n, i, &l);
	if (m) {
		/* March 15, 2024 / March 2024 */
		j = i + l;
		if (j >= n || t[j] != ' ')
			return 0;
		j++;
		x = digits(t, n, j, 4, &l2);
		if (x < 0)
			return 0;
		if (l2 == 4) {
			if (!valid(x, m, 0))
				return 0;
			return set_ymd(d, x, m, 0, i, j + 4);
		}
		j += l2;
		if (at(t, n, j, "st") || at(t, n, j, "nd") || at(t, n, j, "rd") || at(t, n, j, "th"))
			j += 2;
		if (j < n && t[j] == ',')
			j++;
		while (j < n && t[j] == ' ')
			j++;
		y = digits(t, n, j, 4, &l2);
		if (l2 != 4 || !valid(y, m, x) || x < 1)
			return 0;
		return set_ymd(d, y, m, x, i, j + 4);
	}
	/* 15 March 2024 */
	if (!is_digit(t[i]) || (i > 0 && (is_digit(t[i - 1]) || is_alpha(t[i - 1]))))
		return 0;
	x = digits(t, n, i, 2, &l);
	if (x < 1)
		return 0;
	j = i + l;
	if (j >= n || t[j] != ' ')
		return 0;
	m = month_name(t, n, j + 1, &l2);
	if (!m)
		return 0;
	j += 1 + l2;
	if (j < n && t[j] == ',')
		j++;
	if (j >= n || t[j] != ' ')
		return 0;
	j++;
	y = digits(t, n, j, 4, &l2);
	if (l2 != 4 || !valid(y, m, x))
		return 0;
	return set_ymd(d, y, m, x, i, j + 4);
}

/* 1月19日, 五月三十日, 4月12-19日: a day and month without a year, in a
 * document whose year is known (or will be: c->doc_year < 0). */
static int yearless(const char *t, size_t n, size_t i, const trawl__fctx *c, ymd *d, ymd *d2)
{
	size_t b = i;
	int k;

	if (!c || !c->doc_year)
		return 0;
	/* a year is written but not one read as such (24年1月, 2024-1月) */
	while (b > 0 && t[b - 1] == ' ')
		b--;
	if (b > 0 && strchr("-/.~_", t[b - 1]))
		return 0;
	if (b >= 3 && (!memcmp(t + b - 3, "年", 3) || !memcmp(t + b - 3, "度", 3)))
		return 0;
	memset(d, 0, sizeof *d);
	d->y = c->doc_year > 0 ? c->doc_year : ANY_YEAR;
	d->noyear = 1;
	d->start = d->end = i;
	k = cjk_rest(t, n, d, d2);
	if (k < 0)
		return -1;
	if (!d->d || (k == 2 && !d2->d))
		return 0;       /* 3月, 1-9月: months alone are no dates */
	return k;
}

/* Can a date that starts with a digit start at i (t[i] a digit)? Most
 * numbers can't, and read_date would try each of its forms on them. A
 * run of digits starts a date only when it has 8 digits (20240315), or
 * at most 4 followed by
 * - 年 or 月 (2024年, 113年, 1月19日), after one space at most;
 * - a space and, with 4 digits, anything (2010 01 29), else a letter
 *   (15 March 2024);
 * - '.', '/' or '-' and a digit, with 4 digits (2024-03), or with at most
 *   2 digits and the separator again after at most 2 more (13.5.2015):
 * read_date finds no date at the other runs (12.50, 100 元, 3-5). */
static int digit_date_may_start(const char *t, size_t n, size_t i)
{
	size_t l = 0, j;
	char c;

	while (i + l < n && l <= 8 && is_digit(t[i + l]))
		l++;
	if (l == 8)
		return 1;
	if (l > 4 || i + l >= n)
		return 0;
	j = i + l;
	c = t[j];
	if (c == ' ')
		return l == 4 || (j + 1 < n && is_alpha(t[j + 1])) || at(t, n, j + 1, "年") ||
		       at(t, n, j + 1, "月");
	if (c == '.' || c == '/' || c == '-') {
		if (j + 1 >= n || !is_digit(t[j + 1]))
			return 0;
		if (l == 4)
			return 1;
		return l <= 2 && j + 2 < n &&
		       (t[j + 2] == c || (is_digit(t[j + 2]) && j + 3 < n && t[j + 3] == c));
	}
	return at(t, n, j, "年") || at(t, n, j, "月");
}

/* The same for a date at a character that is not ASCII, most often a
 * Chinese numeral (一般, 统一, 三个, 万元). Unless the text says 民国,
 * 民國 or 公元 there, only a year (cjk_year: 二〇二四年) or a day without
 * one (yearless: 五月三十日) can start at i, and both read the run of
 * Chinese numerals at i and then need 年 or 月 after it, past one space
 * at most (a range of months without a year, 三至五月, is no date):
 * read_date finds no date elsewhere. */
static int cjk_date_may_start(const char *t, size_t n, size_t i)
{
	size_t e = i, l, j;

	if (at(t, n, i, "民") || at(t, n, i, "公"))
		return 1;
	while (e < n && (l = trawl__numeral_at(t + e, n - e)) > 1)
		e += l;
	if (e > i && zero_alike(t, n, e))
		e = zh_run(t, n, i, NULL, 0, NULL);
	j = sp1(t, n, e);
	return at(t, n, j, "年") || at(t, n, j, "月");
}

/* Past the character at i and, when it is a digit or a letter, the
 * digits or letters after it: no date starts at a digit after a digit (the
 * guard of trawl__extract_dates) nor at a letter after a letter (a
 * month's name starts a word). */
static size_t past_run(const char *t, size_t n, size_t i)
{
	if (!is_alpha(t[i]))
		return past_digits(t, n, i);
	while (++i < n && is_alpha(t[i]))
		;
	return i;
}

/* Reads one full date at i: returns the number of dates (0, 1 or 2), -1
 * for a date that does not exist. */
static int read_date(const char *t, size_t n, size_t i, const trawl__fctx *c, ymd *d, ymd *d2)
{
	memset(d, 0, sizeof *d);
	if (i >= n)
		return 0;
	if (english(t, n, i, d))
		return 1;
	if (is_alpha(t[i]))
		return 0;       /* (the other forms start with a numeral, 民 or 公) */
	if (roc_numeric(t, n, i, c, d))
		return 1;
	if (numeric(t, n, i, d))
		return 1;
	if (cjk_year(t, n, i, c, d))
		return cjk_rest(t, n, d, d2);
	return yearless(t, n, i, c, d, d2);
}

/* The end of a range that leaves out the year (4月10日), or the year and
 * month (10日), or is a bare year (2008.03-2009). */
static int range_end(const char *t, size_t n, size_t j, const trawl__fctx *c, const ymd *a,
                     ymd *b)
{
	size_t l, l2;
	int m, x;
	ymd tmp;
	/* (a date with its own year; one without takes a's, below) */
	if (read_date(t, n, j, c, b, &tmp) == 1 && !b->noyear)
		return b->y * 10000 + b->m * 100 + b->d >= a->y * 10000 + a->m * 100 + a->d;
	memset(b, 0, sizeof *b);
	b->y = a->y;
	b->noyear = a->noyear;
	b->start = j;
	if (j + 4 <= n && is_digit(t[j]) && (a->start + 4 < n && !is_digit(t[a->start + 4]))) {
		/* 2008.03-2009: a bare year ends a range of numeric dates */
		int y = digits(t, n, j, 4, &l);
		if (l == 4 && y >= a->y && y <= 2099 && !(j + 5 < n && strchr(".-/", t[j + 4]) &&
		                                         is_digit(t[j + 5]))) {
			b->y = y;
			b->end = j + 4;
			return !at(t, n, a->start + 4, "年");
		}
	}
	/* 2024.3.5-3.12, 2024-03-05至03-07: the month and day in the first's
	 * digits and separator */
	if (a->d && !a->noyear && j < n && is_digit(t[j]) && a->start + 4 < n &&
	    strchr(".-/", t[a->start + 4]) && t[a->start + 4] != '\0') {
		char sep = t[a->start + 4];
		m = digits(t, n, j, 2, &l);
		if (m >= 1 && m <= 12 && j + l + 1 < n && t[j + l] == sep && is_digit(t[j + l + 1])) {
			size_t e;
			x = digits(t, n, j + l + 1, 2, &l2);
			e = j + l + 1 + l2;
			int y2 = m < a->m ? a->y + 1 : a->y;   /* 2024.12.30-1.5 */
			if (y2 > 2099)
				y2 = 0;   /* (no such year: valid() refuses it) */
			if (x >= 1 && valid(y2, m, x) && (m < a->m || m * 100 + x > a->m * 100 + a->d) &&
			    !(e < n && (is_digit(t[e]) || ((t[e] == sep || t[e] == '.') && e + 1 < n &&
			                                   is_digit(t[e + 1]))))) {
				b->y = y2;
				b->m = m;
				b->d = x;
				b->end = e;
				return 1;
			}
		}
	}
	/* 2024.1-2024.5, 2024-1至2024-3: a month of one digit ends a range
	 * its start began alike (numeric() reads the start only so) */
	if (!a->d && a->m && !a->noyear && a->start + 5 < n && strchr(".-/", t[a->start + 4]) &&
	    j + 5 < n && is_digit(t[j])) {
		char sep = t[a->start + 4];
		size_t l4, lm;
		int y2 = digits(t, n, j, 4, &l4), m2;
		if (y2 >= a->y && y2 <= 2099 && l4 == 4 && t[j + 4] == sep &&
		    (m2 = digits(t, n, j + 5, 2, &lm)) >= 1 &&
		    m2 <= 12 && y2 * 100 + m2 > a->y * 100 + a->m) {
			size_t e = j + 5 + lm;
			if (!(e < n && (is_digit(t[e]) || is_alpha(t[e]) || t[e] == '.' || t[e] == sep ||
			                at(t, n, e, "月")))) {
				b->y = y2;
				b->m = m2;
				b->end = e;
				return 1;
			}
		}
	}
	if (a->m) {
		m = small_num(t, n, j, &l);
		if (m >= 1 && m <= 12 && at(t, n, j + l, "月")) {
			b->m = m;
			b->end = j + l + 3;
			if (a->d) {
				x = small_num(t, n, b->end, &l2);
				if (x < 1 || !day_word(t, n, b->end + l2))
					return 0;
				b->d = x;
				b->end += l2 + 3;
			} else if (at(t, n, b->end, "份")) {
				b->end += 3;
			} else if ((x = small_num(t, n, b->end, &l2)) >= 1 &&
			           day_word(t, n, b->end + l2)) {
				b->d = x;   /* 2024年12月至1月15日 */
				b->end += l2 + 3;
			}
			/* 2024年12月30日至1月5日: into the next year */
			if (m < a->m) {
				if ((a->noyear && a->y == ANY_YEAR) || a->y >= 2099)
					return 0;
				b->y = a->y + 1;
			}
			return valid(b->y, b->m, b->d);
		}
		if (a->d) {
			x = small_num(t, n, j, &l);
			if (x > a->d && day_word(t, n, j + l)) {
				b->m = a->m;
				b->d = x;
				b->end = j + l + 3;
				return valid(b->y, b->m, b->d);
			}
		}
		return 0;
	}
	return 0;
}

/* After a date: the start of the next day of a list (、 , 和 及), or 0. */
static size_t day_list_next(const char *t, size_t n, size_t i)
{
	static const char *const sep[] = { "、", ",", "和", "及", NULL };
	while (i < n && t[i] == ' ')
		i++;
	for (int k = 0; sep[k]; k++)
		if (at(t, n, i, sep[k])) {
			i += strlen(sep[k]);
			while (i < n && t[i] == ' ')
				i++;
			return i < n && (is_digit(t[i]) || trawl__numeral_at(t + i, n - i)) ? i : 0;
		}
	return 0;
}

/* Position p is inside an identifier with letters in it before p, such
 * as XYZ-2024-01 or ocds-b5fd17-20240614 (letters, digits, - and _). */
static int in_code(const char *t, size_t p)
{
	for (size_t k = 0; p > 0 && k < 64; k++) {
		char c = t[--p];
		if (is_alpha(c))
			return 1;
		if (!is_digit(c) && c != '-' && c != '_')
			return 0;
	}
	return 0;
}

/* The characters a date can start with (read_date): a numeral, the first
 * letter of a month's name (March 15, 2024), or 民国/公元. */
static trawl__cpset starts;
static pthread_once_t starts_once = PTHREAD_ONCE_INIT;

static void starts_init(void)
{
	trawl__cpset_add_numerals(&starts);
	for (const char *c = MONTH_INITIALS; *c; c++)
		cpset_add(&starts, *c);
	cpset_add_first(&starts, "民国");
	cpset_add_first(&starts, "民國");
	cpset_add_first(&starts, "公元");
}

int trawl__extract_dates(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb, void *u)
{
	size_t i = 0;
	int rc;
	if (!t)
		return 0;
	trawl__numskip skip;

	trawl__numskip_init(&skip, c);

	pthread_once(&starts_once, starts_init);
	while (i < n) {
		ymd d, d2, d3;
		i = trawl__next_start(t, n, i, &skip, &starts);
		if (i >= n)
			break;
		int k;
		size_t j;
		/* not inside a number, nor in a code such as ABC2024-01 or
		 * XYZ-2024-01 */
		if ((i > 0 && (is_digit(t[i - 1]) || trawl__numeral_before(t, i) ||
		              (is_alpha(t[i - 1]) && is_digit(t[i])))) ||
		    (i > 1 && is_digit(t[i]) && strchr("-_/", t[i - 1]) && in_code(t, i - 1))) {
			i = past_run(t, n, i);
			continue;
		}
		if (is_digit(t[i])) {
			ymd yr[16];
			int ny = year_range(t, n, i, c, yr, 16);
			if (ny >= 2) {
				for (int q = 0; q < ny; q++)
					if ((rc = emit(cb, u, &yr[q])))
						return rc;
				i = yr[ny - 1].end;
				continue;
			}
		}
		if (is_digit(t[i]))
			k = digit_date_may_start(t, n, i) || (c && c->roc_years);
		else if ((unsigned char)t[i] < 0x80)
			k = !(i > 0 && is_alpha(t[i - 1]));     /* a month's name */
		else
			k = cjk_date_may_start(t, n, i);
		k = k ? read_date(t, n, i, c, &d, &d2) : 0;
		if (k == 0) {
			i = past_run(t, n, i);
			continue;
		}
		if (k < 0) {
			/* 2024年2月30日: not a date; skip the whole of it */
			i = d.end > i ? d.end : i + u8len_at(t, n, i);
			continue;
		}
		rc = emit(cb, u, &d);
		if (rc)
			return rc;
		i = d.end;
		if (k == 2) {
			rc = emit(cb, u, &d2);
			if (rc)
				return rc;
			i = d2.end;
			continue;
		}
		j = connector(t, n, d.end);
		if (j && range_end(t, n, j, c, &d, &d3)) {
			rc = emit(cb, u, &d3);
			if (rc)
				return rc;
			i = d3.end;
			continue;
		}
		/* 2024年3、4月, 2024年5月、6月和7月: more months of the year */
		while (d.m && !d.d && !d.noyear && (j = month_list_next(t, n, d.end)) != 0) {
			size_t l, e;
			int x = small_num(t, n, j, &l);
			if (x <= d.m || x > 12)
				break;
			e = j + l;
			if (at(t, n, e, "月")) {
				/* (not 5月、6月3日: a date of its own, nor 6个月) */
				if (small_num(t, n, sp1(t, n, e + 3), &l) > 0 && !at(t, n, e + 3, "份"))
					break;
				e += 3;
				if (at(t, n, e, "份"))
					e += 3;
			} else if (!month_list_closes(t, n, e, x)) {
				break;
			}
			d.m = x;
			d.start = j;
			d.end = e;
			rc = emit(cb, u, &d);
			if (rc)
				return rc;
			i = d.end;
		}
		/* 6月3日、5日和7日, 9月10号,11号: more days of the same month */
		while (d.d && (j = day_list_next(t, n, d.end)) != 0) {
			size_t l;
			int x = small_num(t, n, j, &l);
			if (x <= d.d || !day_word(t, n, j + l) || !valid(d.y, d.m, x) ||
			    at(t, n, j + l + 3, "内") || at(t, n, j + l + 3, "以内") ||
			    at(t, n, j + l + 3, "之内") || at(t, n, j + l + 3, "后"))
				break;  /* (3月15日,30日内完成: a time limit) */
			d.d = x;
			d.start = j;
			d.end = j + l + 3;
			rc = emit(cb, u, &d);
			if (rc)
				return rc;
			i = d.end;
		}
	}
	return 0;
}
