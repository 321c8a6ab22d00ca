/* libFuzzer target: the money extractor (lib/facts/money.c), over prose
 * and over a table cell. The first byte picks the context: the table's
 * declared unit and currency, and whether the numeral runs are given (as
 * the facts stage gives them) or searched for. Every amount must be a
 * canonical decimal in base units, with a currency. */
#include <stdint.h>
#include <stdlib.h>
#include "facts.h"

typedef struct ctx {
	const char *t;
	size_t n;
} ctx;

static int on_money(void *u, const trawl__fact *f)
{
	ctx *c = u;

	fuzz_check_fact(c->t, c->n, f);
	FUZZ_CHECK(f->kind == TRAWL__F_MONEY);
	FUZZ_CHECK(fuzz_is_decimal(f->value));
	if (f->value_hi[0]) {
		FUZZ_CHECK(fuzz_is_decimal(f->value_hi));
		FUZZ_CHECK(trawl__dec_cmp(f->value, f->value_hi) <= 0);
	}
	/* after a money label alone (中标金额：1200) neither unit nor currency
	 * is known */
	FUZZ_CHECK(strlen(f->currency) == 3 ||
	           (!f->currency[0] && !strcmp(f->unit_source, "unknown")));
	FUZZ_CHECK(!strcmp(f->unit_source, "inline") || !strcmp(f->unit_source, "table") ||
	           !strcmp(f->unit_source, "unknown"));
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const units[] = { "", "元", "万元", "千元", "亿元", "百万元", "美元",
		"新臺幣千元", "万", "yuan", "%" };
	static const char *const curs[] = { NULL, "TWD", "USD", "" };
	trawl__fctx fc;
	trawl__ntext nt;
	uint32_t (*runs)[2] = NULL;
	size_t nruns = 0;
	ctx c;

	if (size < 1)
		return -1;
	memset(&fc, 0, sizeof fc);
	fc.table_unit = units[(data[0] & 0x0f) % (sizeof units / sizeof *units)];
	fc.table_currency = curs[(data[0] >> 4) & 3];
	fc.roc_years = (data[0] >> 6) & 1;
	if (!fuzz_normalize(data + 1, size - 1, &nt))
		return -1;
	c.t = nt.text.data;
	c.n = nt.text.len;
	if (data[0] & 0x80) {
		nruns = trawl__find_numerals(c.t, c.n, &runs);
		if (nruns == (size_t)-1 || nruns == (size_t)-2)
			nruns = 0;
		fc.numerals = (const uint32_t (*)[2])runs;
		fc.nnumerals = nruns;
	}
	trawl__extract_money(c.t, c.n, &fc, on_money, &c);
	trawl__extract_money_cell(c.t, c.n, &fc, on_money, &c);
	free(runs);
	trawl__ntext_release(&nt);
	return 0;
}
