#include <string.h>
#include "facts/docyear.h"
#include "util/banned.h"

static int digits(const char *p, int n)
{
	int v = 0, i;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A Gregorian year 1950..2100 standing alone (not inside a longer number). */
static int gregorian(const char *s, int want_nian)
{
	size_t n = strlen(s), i;

	for (i = 0; i + 4 <= n; i++) {
		int y;
		if ((i > 0 && is_digit(s[i - 1])) || (i + 4 < n && is_digit(s[i + 4])))
			continue;
		y = digits(s + i, 4);
		if (y < 1950 || y > 2100)
			continue;
		if (want_nian && strncmp(s + i + 4, "年", 3))
			continue;
		return y;
	}
	return 0;
}

/* 民国113年 / 民國113年 / 113年度 (Taiwan documents) */
static int roc(const char *s)
{
	static const char *const marks[] = { "民国", "民國", NULL };
	const char *p;
	int i;

	for (i = 0; marks[i]; i++) {
		p = strstr(s, marks[i]);
		if (p) {
			const char *d = p + strlen(marks[i]);
			int k = 0;
			while (k < 3 && is_digit(d[k]))
				k++;
			if (k >= 2 && !strncmp(d + k, "年", 3))
				return digits(d, k) + 1911;
		}
	}
	for (p = s; (p = strstr(p, "年度")); p += 3) {
		int k = 0;
		while (p - k > s && is_digit(p[-k - 1]) && k < 4)
			k++;
		if ((k == 2 || k == 3) && !(p - k > s && is_digit(p[-k - 1]))) {
			int y = digits(p - k, k);
			if (y >= 40 && y <= 200)
				return y + 1911;
		}
	}
	return 0;
}

/* A Gregorian year at s[i..i+4) standing alone, or 0. */
static int year_at(const char *s, size_t n, size_t i)
{
	int y;
	if (i + 4 > n || (i > 0 && is_digit(s[i - 1])) || (i + 4 < n && is_digit(s[i + 4])))
		return 0;
	y = digits(s + i, 4);
	return y >= 1950 && y <= 2100 ? y : 0;
}

/* A year of four Chinese digits at s[i] (二〇二三, 二零二四), or 0. */
static int zh_year_at(const char *s, size_t n, size_t i, size_t *end)
{
	/* (zero as 〇, 零, ○ or a letter O, as they are typed) */
	static const char *const dg[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九",
		"零", "○", NULL };
	int y = 0, zh = 0;

	for (int k = 0; k < 4; k++) {
		int d = -1;
		for (int j = 0; dg[j] && d < 0; j++)
			if (i + 3 <= n && !memcmp(s + i, dg[j], 3))
				d = j >= 10 ? 0 : j;
		if (d >= 0) {
			i += 3;
			zh++;
		} else if (i < n && (s[i] == 'O' || s[i] == 'o')) {
			d = 0;
			i++;
		} else {
			return 0;
		}
		y = y * 10 + d;
	}
	if (zh < 2)
		return 0;
	*end = i;
	return y >= 1950 && y <= 2100 ? y : 0;
}

static int starts(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && !memcmp(s, w, k);
}

/* Starting within the next `reach` bytes of s[0..n): a budget or
 * final-accounts word (2023年部门支出预算总表: 预算 starts 12 bytes on). */
static int budget_word_near(const char *s, size_t n, size_t reach)
{
	static const char *const w[] = { "预算", "决算", "預算", "決算", "收支", NULL };
	size_t i;
	for (i = 0; i < n && i < reach; i++)
		for (int k = 0; w[k]; k++)
			if (starts(s + i, n - i, w[k]))
				return 1;
	return 0;
}

static int lower_eq(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w), i;
	if (n < k)
		return 0;
	for (i = 0; i < k; i++) {
		char c = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
		if (c != w[i])
			return 0;
	}
	return 1;
}

int trawl__fiscal_year(const char *s, size_t n)
{
	size_t i;

	if (!s)
		return 0;
	for (i = 0; i + 4 <= n; i++) {
		int y;
		/* FY2024, FY 2024, fiscal year 2024 */
		if (lower_eq(s + i, n - i, "fy") && (i == 0 || !((s[i - 1] | 32) >= 'a' &&
		    (s[i - 1] | 32) <= 'z'))) {
			size_t j = i + 2 + (i + 2 < n && s[i + 2] == ' ');
			if ((y = year_at(s, n, j)))
				return y;
		}
		if (lower_eq(s + i, n - i, "fiscal year ") && (y = year_at(s, n, i + 12)))
			return y;
		size_t j;
		if ((y = year_at(s, n, i)))
			/* (a PDF may put a space before 年: 2024 年度) */
			j = i + 4 + (i + 4 < n && s[i + 4] == ' ');
		else if ((unsigned char)s[i] >= 0xE2 && (y = zh_year_at(s, n, i, &j)))
			;   /* 二〇二三年度, 二○二三年度 */
		else
			continue;
		/* 2024年度 (a fiscal year, whatever follows) */
		if (starts(s + j, n - j, "年度"))
			return y;
		/* 2024年部门预算, 2024年收入预算, 2024年决算 */
		if (starts(s + j, n - j, "年") && budget_word_near(s + j + 3, n - j - 3, 15))
			return y;
		/* 2024 budget */
		if (lower_eq(s + i + 4, n - i - 4, " budget"))
			return y;
	}
	/* 民國113年度, 113年度 (Taiwan) */
	{
		char buf[512];
		size_t k = n < sizeof buf - 1 ? n : sizeof buf - 1;
		memcpy(buf, s, k);
		buf[k] = '\0';
		if (strstr(buf, "年度") && (i = (size_t)roc(buf)))
			return (int)i;
	}
	return 0;
}

int trawl__doc_year(const char *title, const char *path)
{
	const char *base;
	int y;

	if (title) {
		if ((y = gregorian(title, 1)) || (y = roc(title)) || (y = gregorian(title, 0)))
			return y;
	}
	if (path) {
		base = strrchr(path, '/');
		base = base ? base + 1 : path;
		if ((y = gregorian(base, 1)) || (y = roc(base)) || (y = gregorian(base, 0)))
			return y;
	}
	return 0;
}
