/* libFuzzer target: the date extractor (lib/facts/date.c). The first byte
 * picks the context (a Taiwan document counts 民國 years); the rest is
 * the text, normalized as a reader would. Every date must be a real
 * calendar date in ISO 8601 with a matching precision. */
#include <stdint.h>
#include <stdlib.h>
#include "facts.h"

static int days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int num(const char *s, int k)
{
	int v = 0;
	for (int i = 0; i < k; i++) {
		FUZZ_CHECK(s[i] >= '0' && s[i] <= '9');
		v = v * 10 + s[i] - '0';
	}
	return v;
}

typedef struct ctx {
	const char *t;
	size_t n;
	uint32_t last_start;
} ctx;

static int on_date(void *u, const trawl__fact *f)
{
	ctx *c = u;
	size_t l = strlen(f->value);
	int y, m = 0, d = 0;

	fuzz_check_fact(c->t, c->n, f);
	FUZZ_CHECK(f->kind == TRAWL__F_DATE);
	FUZZ_CHECK(l == 4 || l == 7 || l == 10);
	y = num(f->value, 4);
	FUZZ_CHECK(y >= 1900 && y <= 2099);
	if (l >= 7) {
		FUZZ_CHECK(f->value[4] == '-');
		m = num(f->value + 5, 2);
		FUZZ_CHECK(m >= 1 && m <= 12);
	}
	if (l == 10) {
		FUZZ_CHECK(f->value[7] == '-');
		d = num(f->value + 8, 2);
		FUZZ_CHECK(d >= 1 && d <= days_in(y, m));
	}
	FUZZ_CHECK(!strcmp(f->precision, l == 10 ? "day" : l == 7 ? "month" : "year"));
	if (f->value_hi[0])
		FUZZ_CHECK(strlen(f->value_hi) == 4 || strlen(f->value_hi) == 7 ||
		           strlen(f->value_hi) == 10);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	trawl__fctx fc;
	trawl__ntext nt;
	ctx c;

	if (size < 1)
		return -1;
	memset(&fc, 0, sizeof fc);
	fc.roc_years = data[0] & 1;
	if (!fuzz_normalize(data + 1, size - 1, &nt))
		return -1;
	c.t = nt.text.data;
	c.n = nt.text.len;
	c.last_start = 0;
	trawl__extract_dates(c.t, c.n, &fc, on_date, &c);
	trawl__ntext_release(&nt);
	return 0;
}
