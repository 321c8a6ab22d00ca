/* Keyword lists matched in one pass over the text.
 *
 * The extractors ask "does any of these words occur here?" (or "how many
 * of them?") of the same lists for every line, cell and document: with one
 * memmem per word, a 30-word list reads the text 30 times. A kwset reads it
 * once: at each byte, a hash of the next three bytes picks the few words
 * that can start there, and only those are compared. The answers are
 * exactly those of the memmem loop (a word found anywhere, byte for byte).
 *
 * A set is declared static next to its list and built on first use (any
 * thread; building needs no lock):
 *
 *     static const char *const price_w[] = { "价格", "限价", NULL };
 *     static trawl__kwset price_k = TRAWL__KWSET(price_w);
 *     if (trawl__kw_any(&price_k, s, n)) ...
 */
#ifndef TRAWL_KWSET_H
#define TRAWL_KWSET_H
#include <stddef.h>

struct trawl__kwtab;

typedef struct trawl__kwset {
	const char *const *words;          /* NULL-terminated, static storage */
	struct trawl__kwtab *_Atomic tab;  /* the lookup table, once built */
} trawl__kwset;

#define TRAWL__KWSET(list) { (list), NULL }

/* Some word of the set occurs in s[0..n). */
int trawl__kw_any(trawl__kwset *k, const char *s, size_t n);

/* How many distinct words of the set occur in s[0..n). */
int trawl__kw_count(trawl__kwset *k, const char *s, size_t n);

/* The same for two lists in one pass: how many distinct words of the set
 * from word `from` on occur in s[0..n), and in *before how many of those
 * before it (what trawl__kw_count gives for each part as a set). */
int trawl__kw_count_from(trawl__kwset *k, size_t from, const char *s, size_t n, int *before);
#endif
