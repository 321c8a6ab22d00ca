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
