/* trawl's tokenizer, shared by the index (FTS5) and by tests.
 *
 * - Han, Kana and Hangul runs become overlapping bigrams, each with the
 *   single character at the same position (colocated), so one-character
 *   queries and phrases of any length match exactly.
 * - Latin (and other alphabetic) words are folded for case and accents.
 * - A number is one token with its decimal point and thousands separators
 *   ("3541.07", "1,234.56").
 * - Traditional characters are folded to Simplified (OpenCC's t2s table).
 * Everything else separates tokens. */
#ifndef TRAWL_TOKENIZE_H
#define TRAWL_TOKENIZE_H
#include <stdint.h>

enum { TRAWL__TOK_DOCUMENT = 0, TRAWL__TOK_QUERY = 1 };

/* Called for each token: the folded token, and the byte range of the
 * source text it came from. Return non-zero to stop (that value is
 * returned by trawl__tokenize). */
typedef int (*trawl__tok_cb)(void *u, int colocated, const char *tok, int n,
                             int start, int end);

int trawl__tokenize(const char *text, int len, int mode, trawl__tok_cb cb, void *u);

/* Simplified form of a CJK code point (itself when none). */
uint32_t trawl__fold_t2s(uint32_t cp);
/* Character classes used by the tokenizer (and by the brute-force scanner
 * in the tests, so both agree on what a word boundary is). */
int trawl__is_cjk(uint32_t cp);
int trawl__is_wordchar(uint32_t cp);
#endif
