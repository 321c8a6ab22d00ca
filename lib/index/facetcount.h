/* Facet counts of a set of documents, from a table made once from the
 * facet values' bitmaps (a bitmap of documents per value).
 *
 * Each dimension (kind, year, place, ...) is a column of one value per
 * document when no document holds two of its values (a 16-bit index per
 * document), or else a list of values per document. Counting a search's
 * documents costs a few steps per document, not an intersection per
 * value; when they are more than half of the documents, their complement
 * is counted instead and taken from the values' totals. Many documents
 * are counted in two halves on two threads.
 *
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
#ifndef TRAWL_INDEX_FACETCOUNT_H
#define TRAWL_INDEX_FACETCOUNT_H

#include <stddef.h>
#include <stdint.h>
#include <roaring/roaring.h>
#include "trawl/trawl.h"

typedef struct trawl__fxtab trawl__fxtab;

/* A table of nv values: value i is in dimension dim[i] (0 .. ndim - 1;
 * -1: never counted) and held by the documents in docs[i]. The bitmaps
 * are not kept. TRAWL_ENOMEM, also when the table would pass 2^32
 * entries. */
trawl_err trawl__fx_build(trawl__fxtab **out, size_t nv, const roaring_bitmap_t *const *docs,
                          const int *dim, int ndim);
void trawl__fx_free(trawl__fxtab *t);

/* cnt[i] (for i < nv) = how many documents of docs hold value i, or of
 * every document when docs is NULL; 0 for values never counted. */
trawl_err trawl__fx_count(const trawl__fxtab *t, const roaring_bitmap_t *docs, uint64_t *cnt);

/* The values of dimension k with at least one document, in the order
 * given to trawl__fx_build; *n is how many. */
const uint32_t *trawl__fx_values(const trawl__fxtab *t, int k, size_t *n);

/* Tests: 0 counts the documents themselves always, 2 their complement
 * always, 1 (the default) the complement when it is the smaller; lists
 * (0) puts every dimension in lists of values per document, as when
 * documents hold several of its values (default 1: columns where they
 * fit). Both give the same counts. */
extern int trawl__fx_complement;
extern int trawl__fx_columns;
/* The documents counted are split in two halves, the second counted on
 * a thread of its own, when the machine has two cores and each half has
 * at least this many (default 16384; 0: never). The counts are the same;
 * tests set small ones. */
extern unsigned trawl__fx_split;
/* How many counts went through the complement, how many groups of
 * columns were counted, how many counts ran on two threads (tests: that
 * the paths ran). */
extern unsigned long trawl__fx_ncomplement, trawl__fx_ncolumn, trawl__fx_nsplit;

#endif
