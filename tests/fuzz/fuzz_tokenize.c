/* libFuzzer target: the tokenizer (lib/index/tokenize.c), in document and
 * query mode, over raw bytes (only bounds are checked) and over the
 * normalized text the index really holds (tokens must also fall on
 * character boundaries and be non-empty). */
#include <stdint.h>
#include <stdlib.h>
#include "facts.h"
#include "index/tokenize.h"

typedef struct ctx {
	const char *t;
	int n;
	int strict;
} ctx;

static int on_token(void *u, int colocated, const char *tok, int n, int start, int end)
{
	ctx *c = u;

	(void)colocated;
	FUZZ_CHECK(tok != NULL && n > 0);
	FUZZ_CHECK(start >= 0 && start < end && end <= c->n);
	if (c->strict) {
		FUZZ_CHECK(fuzz_boundary(c->t, (size_t)c->n, (size_t)start));
		FUZZ_CHECK(fuzz_boundary(c->t, (size_t)c->n, (size_t)end));
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	trawl__ntext nt;
	ctx c = { (const char *)data, (int)size, 0 };

	if (size > (1 << 20))
		return -1;
	trawl__tokenize(c.t, c.n, TRAWL__TOK_DOCUMENT, on_token, &c);
	trawl__tokenize(c.t, c.n, TRAWL__TOK_QUERY, on_token, &c);
	if (!fuzz_normalize(data, size, &nt))
		return 0;
	c.t = nt.text.data;
	c.n = (int)nt.text.len;
	c.strict = 1;
	trawl__tokenize(c.t, c.n, TRAWL__TOK_DOCUMENT, on_token, &c);
	trawl__tokenize(c.t, c.n, TRAWL__TOK_QUERY, on_token, &c);
	trawl__ntext_release(&nt);
	return 0;
}
