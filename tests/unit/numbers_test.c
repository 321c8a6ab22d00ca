/* A number is found however its digits are grouped: 1,234,835.69 and
 * 1234835.69 are one token (tokenize.c), and a snippet marks either form
 * for a query in the other (snippet.c). */
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "index/query.h"
#include "index/snippet.h"
#include "index/tokenize.h"
#include "util/buf.h"

int test_failed;

typedef struct toks { char t[16][64]; int n; } toks;

static int tok(void *u, int colocated, const char *t, int n, int start, int end)
{
	toks *k = u;
	(void)start; (void)end;
	if (colocated || k->n == 16)
		return 0;
	snprintf(k->t[k->n++], 64, "%.*s", n, t);
	return 0;
}

static const char *first_token(const char *s, int mode)
{
	static toks k;
	memset(&k, 0, sizeof k);
	trawl__tokenize(s, (int)strlen(s), mode, tok, &k);
	return k.n ? k.t[0] : "";
}

TEST(grouped_numbers_lose_their_commas)
{
	CHECK_STR(first_token("1,234,835.69", TRAWL__TOK_DOCUMENT), "1234835.69");
	CHECK_STR(first_token("1,234,835.69", TRAWL__TOK_QUERY), "1234835.69");
	CHECK_STR(first_token("26,500,000", TRAWL__TOK_DOCUMENT), "26500000");
	CHECK_STR(first_token("1,000", TRAWL__TOK_DOCUMENT), "1000");
	CHECK_STR(first_token("999", TRAWL__TOK_DOCUMENT), "999");
	/* a full-width comma, which the stored text keeps between digits,
	 * is a comma here: 356800 finds 356，800 */
	CHECK_STR(first_token("356\xef\xbc\x8c" "800元", TRAWL__TOK_DOCUMENT), "356800");
	CHECK_STR(first_token("356\xef\xbc\x8c" "800", TRAWL__TOK_QUERY), "356800");
	CHECK_STR(first_token("50\xef\xbc\x8c" "30", TRAWL__TOK_DOCUMENT), "50,30");
	CHECK_STR(first_token("50\xef\xbc\x8c" "甲", TRAWL__TOK_DOCUMENT), "50");
}

TEST(other_commas_stay)
{
	CHECK_STR(first_token("12,34", TRAWL__TOK_DOCUMENT), "12,34");
	CHECK_STR(first_token("1,2,3", TRAWL__TOK_DOCUMENT), "1,2,3");
	CHECK_STR(first_token("1,234,5678", TRAWL__TOK_DOCUMENT), "1,234,5678");
	CHECK_STR(first_token("1234,567", TRAWL__TOK_DOCUMENT), "1234,567");
	CHECK_STR(first_token("1,234.5x", TRAWL__TOK_DOCUMENT), "1,234.5x");
	CHECK_STR(first_token("a1,234", TRAWL__TOK_DOCUMENT), "a1,234");
	/* a date's dots are no grouping */
	CHECK_STR(first_token("2024.10", TRAWL__TOK_DOCUMENT), "2024.10");
}

static void snippet_of(const char *text, const char *query, char *out, size_t cap)
{
	trawl__query q;
	trawl__buf b;
	trawl_diag d;

	memset(&d, 0, sizeof d);
	out[0] = '\0';
	if (trawl__query_parse(query, &q, &d))
		return;
	trawl__buf_init(&b, 0);
	if (trawl__snippet(text, strlen(text), q.root, 60, &b) == TRAWL_OK && b.data)
		for (size_t i = 0, o = 0; i < b.len && o + 2 < cap; i++)
			out[o++] = b.data[i] == '\x01' ? '[' : b.data[i] == '\x02' ? ']' : b.data[i],
			out[o] = '\0';
	trawl__buf_release(&b);
	trawl__query_release(&q);
}

TEST(snippets_mark_either_form)
{
	char s[256];
	snippet_of("金额1,234,835.69元", "1234835.69", s, sizeof s);
	CHECK_STR(s, "金额[1,234,835.69]元");
	snippet_of("金额1234835.69元", "1,234,835.69", s, sizeof s);
	CHECK_STR(s, "金额[1234835.69]元");
	snippet_of("编号12,34号", "1234", s, sizeof s);
	CHECK(strchr(s, '[') == NULL);
}

int main(void)
{
	int failures = 0;
	RUN(grouped_numbers_lose_their_commas);
	RUN(other_commas_stay);
	RUN(snippets_mark_either_form);
	return failures ? 1 : 0;
}
