/* libFuzzer target: the number parser and the exact decimal arithmetic
 * (lib/facts/number.c). Every number read must come back as a canonical
 * decimal, and the arithmetic must agree with itself. */
#include <stdint.h>
#include "facts.h"

static void check_runs(const char *t, size_t n)
{
	uint32_t (*runs)[2] = NULL;
	size_t k = trawl__find_numerals(t, n, &runs);

	if (k == (size_t)-1 || k == (size_t)-2)
		return;
	for (size_t i = 0; i < k; i++) {
		FUZZ_CHECK(runs[i][0] < runs[i][1] && runs[i][1] <= n);
		FUZZ_CHECK(i == 0 || runs[i - 1][1] <= runs[i][0]);
		FUZZ_CHECK(trawl__next_numeral(t, n, i ? runs[i - 1][1] : 0) == runs[i][0]);
	}
	FUZZ_CHECK(trawl__next_numeral(t, n, k ? runs[k - 1][1] : 0) == n);
	free(runs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	trawl__ntext nt;
	const char *t;
	size_t n;

	if (!fuzz_normalize(data, size, &nt))
		return -1;
	t = nt.text.data;
	n = nt.text.len;
	check_runs(t, n);
	/* a number at every character start */
	for (size_t i = 0; i < n; i++) {
		char v[TRAWL__DEC_MAX], w[TRAWL__DEC_MAX];
		size_t used;
		if (!fuzz_boundary(t, n, i))
			continue;
		used = trawl__parse_number(t + i, n - i, v);
		FUZZ_CHECK(used <= n - i);
		if (!used)
			continue;
		FUZZ_CHECK(fuzz_boundary(t, n, i + used));
		FUZZ_CHECK(fuzz_is_decimal(v));
		FUZZ_CHECK(trawl__numeral_at(t + i, n - i) <= n - i);
		/* v * 10^k / 10^k == v, when both steps fit */
		memcpy(w, v, sizeof w);
		if (!trawl__dec_mul_pow10(w, 7)) {
			FUZZ_CHECK(fuzz_is_decimal(w));
			if (!trawl__dec_mul_pow10(w, -7))
				FUZZ_CHECK(!strcmp(w, v));
		}
		/* v + v == 2v, and v + v >= v */
		memcpy(w, v, sizeof w);
		if (!trawl__dec_add(w, v)) {
			char x[TRAWL__DEC_MAX];
			FUZZ_CHECK(fuzz_is_decimal(w));
			FUZZ_CHECK(trawl__dec_cmp(w, v) >= 0);
			FUZZ_CHECK(trawl__dec_cmp(v, w) <= 0);
			memcpy(x, v, sizeof x);
			if (!trawl__dec_mul_pow10(x, 1) && !trawl__dec_add(x, "0")) {
				/* 10v >= 2v */
				FUZZ_CHECK(trawl__dec_cmp(x, w) >= 0);
			}
		}
		FUZZ_CHECK(trawl__dec_cmp(v, v) == 0);
	}
	trawl__ntext_release(&nt);
	return 0;
}
