/* Keyword lists matched in one pass (kwset.h). */
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "facts/kwset.h"
#include "util/banned.h"

enum { KW_MAX = 255, KW_BUCKETS = 1024 };

typedef struct trawl__kwtab {
	uint8_t first[256];        /* which bytes start a word: 1 a word of three
	                              bytes or more, 2 a shorter one */
	uint8_t head[KW_BUCKETS];  /* 1 + the first word whose first three bytes
	                              hash here, 0 for none */
	uint8_t next[KW_MAX + 1];  /* 1 + the next word of the same bucket */
	uint8_t nshort;            /* words of one or two bytes */
	uint8_t shortw[KW_MAX];
	uint8_t always;            /* an empty word: it occurs everywhere */
	uint8_t nwords;
	uint32_t len[KW_MAX];
} kwtab;

static unsigned kw_hash(const unsigned char *p)
{
	uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
	return (v * 2654435761u) >> 22;
}

/* NULL when the list is too long or memory is short: the caller then
 * reads the text word by word, with the same answers. */
static kwtab *kw_table(trawl__kwset *k)
{
	kwtab *t = atomic_load_explicit(&k->tab, memory_order_acquire), *none = NULL;
	size_t i;

	if (t)
		return t;
	for (i = 0; k->words[i]; i++)
		if (i >= KW_MAX)
			return NULL;
	t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->nwords = (uint8_t)i;
	/* backwards, so that each bucket lists its words in list order */
	while (i--) {
		const unsigned char *w = (const unsigned char *)k->words[i];
		size_t l = strlen(k->words[i]);
		t->len[i] = (uint32_t)l;
		if (!l) {
			t->always = 1;
			continue;
		}
		if (l < 3) {
			t->shortw[t->nshort++] = (uint8_t)i;
			t->first[w[0]] |= 2;
			continue;
		}
		t->first[w[0]] |= 1;
		unsigned h = kw_hash(w);
		t->next[i] = t->head[h];
		t->head[h] = (uint8_t)(i + 1);
	}
	/* another thread may have built it meanwhile: keep one */
	if (!atomic_compare_exchange_strong_explicit(&k->tab, &none, t, memory_order_acq_rel,
	                                             memory_order_acquire)) {
		free(t);
		t = none;
	}
	return t;
}

/* Marks word w found; returns 1 if it is new. */
static int kw_mark(uint64_t *seen, unsigned w)
{
	uint64_t bit = (uint64_t)1 << (w & 63);
	if (seen[w >> 6] & bit)
		return 0;
	seen[w >> 6] |= bit;
	return 1;
}

/* How many distinct words occur in s[0..n); with `first`, 1 as soon as
 * one does. Only the bytes that start some word are looked at: in
 * Chinese text with Chinese words, that passes over the continuation
 * bytes and the ASCII. */
static int kw_scan_seen(const kwtab *t, const char *const *words, const char *s, size_t n,
                        int first, uint64_t seen[(KW_MAX + 64) / 64])
{
	const unsigned char *u = (const unsigned char *)s;
	int found = 0;
	size_t i;

	if (t->always) {
		for (i = 0; i < t->nwords; i++)
			if (!t->len[i])
				found += kw_mark(seen, (unsigned)i);
		if (first)
			return found;
	}
	for (i = 0; i < n; i++) {
		unsigned f = t->first[u[i]], w;
		if (!f)
			continue;
		if ((f & 1) && i + 3 <= n)
			for (w = t->head[kw_hash(u + i)]; w; w = t->next[w - 1]) {
				size_t l = t->len[w - 1];
				if (i + l > n || memcmp(u + i, words[w - 1], l))
					continue;
				if (first)
					return 1;
				if (kw_mark(seen, w - 1) && ++found == t->nwords)
					return found;
			}
		if (f & 2)
			for (w = 0; w < t->nshort; w++) {
				unsigned k = t->shortw[w];
				size_t l = t->len[k];
				if (i + l > n || memcmp(u + i, words[k], l))
					continue;
				if (first)
					return 1;
				if (kw_mark(seen, k) && ++found == t->nwords)
					return found;
			}
	}
	return found;
}

static int kw_scan(const kwtab *t, const char *const *words, const char *s, size_t n,
                   int first)
{
	uint64_t seen[(KW_MAX + 64) / 64] = { 0 };

	return kw_scan_seen(t, words, s, n, first, seen);
}

int trawl__kw_any(trawl__kwset *k, const char *s, size_t n)
{
	const kwtab *t = kw_table(k);
	const char *const *w;

	if (t)
		return kw_scan(t, k->words, s, n, 1) > 0;
	for (w = k->words; *w; w++)
		if (memmem(s, n, *w, strlen(*w)))
			return 1;
	return 0;
}

int trawl__kw_count(trawl__kwset *k, const char *s, size_t n)
{
	const kwtab *t = kw_table(k);
	const char *const *w;
	int c = 0;

	if (t)
		return kw_scan(t, k->words, s, n, 0);
	for (w = k->words; *w; w++)
		c += memmem(s, n, *w, strlen(*w)) != NULL;
	return c;
}

int trawl__kw_count_from(trawl__kwset *k, size_t from, const char *s, size_t n, int *before)
{
	const kwtab *t = kw_table(k);
	uint64_t seen[(KW_MAX + 64) / 64] = { 0 };
	int c = 0;
	size_t i;

	*before = 0;
	if (t) {
		kw_scan_seen(t, k->words, s, n, 0, seen);
		for (i = 0; i < t->nwords; i++)
			if (seen[i >> 6] >> (i & 63) & 1)
				*(i < from ? before : &c) += 1;
		return c;
	}
	for (i = 0; k->words[i]; i++)
		if (memmem(s, n, k->words[i], strlen(k->words[i])))
			*(i < from ? before : &c) += 1;
	return c;
}
