/* Shared by the extractor targets: the text an extractor sees in
 * production (NFKC UTF-8, as lib/ingest/doc.c makes it), and the checks
 * every reported fact must pass. */
#ifndef TRAWL_FUZZ_FACTS_H
#define TRAWL_FUZZ_FACTS_H
#include <string.h>
#include "check.h"
#include "facts/fact.h"

/* Normalizes data into nt as a reader would; 0 when it is too big. */
static inline int fuzz_normalize(const uint8_t *data, size_t size, trawl__ntext *nt)
{
	trawl__ntext_init(nt, 1 << 20);
	if (trawl__ntext_add(nt, (const char *)data, size)) {
		trawl__ntext_release(nt);
		return 0;
	}
	return 1;
}

/* A canonical exact decimal (fact.h): digits, at most one '.', no leading
 * zero but "0", no trailing fraction zero. */
static inline int fuzz_is_decimal(const char *v)
{
	size_t n = strlen(v), dot = n;
	if (n == 0 || n >= TRAWL__DEC_MAX)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '.') {
			if (dot != n || i == 0 || i == n - 1)
				return 0;
			dot = i;
		} else if (v[i] < '0' || v[i] > '9') {
			return 0;
		}
	}
	if (v[0] == '0' && dot != 1 && n > 1)
		return 0;
	if (dot != n && v[n - 1] == '0')
		return 0;
	return 1;
}

#define FUZZ_STR_OK(s) FUZZ_CHECK(memchr((s), '\0', sizeof(s)) && \
                                  trawl__utf8_valid((s), strlen(s)))

/* What every fact of any kind must be. */
static inline void fuzz_check_fact(const char *t, size_t n, const trawl__fact *f)
{
	FUZZ_CHECK(f->start < f->end && f->end <= n);
	FUZZ_CHECK(fuzz_boundary(t, n, f->start) && fuzz_boundary(t, n, f->end));
	FUZZ_STR_OK(f->value);
	FUZZ_STR_OK(f->value_hi);
	FUZZ_STR_OK(f->currency);
	FUZZ_STR_OK(f->unit);
	FUZZ_STR_OK(f->unit_source);
	FUZZ_STR_OK(f->comparator);
	FUZZ_STR_OK(f->precision);
	FUZZ_STR_OK(f->role);
	FUZZ_STR_OK(f->code);
	FUZZ_STR_OK(f->label);
	FUZZ_STR_OK(f->column);
	FUZZ_STR_OK(f->caption);
	FUZZ_STR_OK(f->party);
}
#endif
