/* Search over index segments (segment.h): a query tree (query.h) becomes
 * bitmap operations per segment, phrases and NEAR are checked on
 * positions, counts are exact, and the top k units (or documents) by
 * BM25 are found without scoring every match (block-max: blocks of one
 * token's postings, or windows of units for queries of several phrases,
 * in the order of their impact bound, until none left can beat the k-th
 * best).
 *
 * BM25 is FTS5's (k1 1.2, b 0.75): for each phrase of the query that is
 * not excluded, idf = ln((N - n + 0.5) / (n + 0.5)) (at least 1e-6), where
 * N is the number of units and n the number that hold the phrase, times
 * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * dl / avgdl)), where tf is the
 * number of times the phrase occurs in the unit (inside NEAR: the
 * occurrences that take part in a match) and dl the unit's length. Ties
 * are broken by document number, then unit number. */
#ifndef TRAWL_IXSEARCH_H
#define TRAWL_IXSEARCH_H
#include <roaring/roaring.h>
#include "index/query.h"
#include "index/segment.h"

/* A segment as a search sees it. */
typedef struct trawl__ixseg {
	trawl__segment *seg;
	const uint32_t *docno;       /* per local document: the store's number (0: none) */
	const roaring_bitmap_t *dead;/* its deleted units (may be NULL) */
	uint32_t live_units;         /* units not deleted, and their length */
	uint64_t live_tokens;
} trawl__ixseg;

typedef struct trawl__ixquery {
	const trawl__qnode *root;
	const roaring_bitmap_t *allow; /* only these documents (store numbers); NULL: all */
	int64_t since;               /* only documents numbered above this */
	size_t limit, offset;        /* the hits wanted: offset + limit best (limit 0: none) */
	int files;                   /* one hit per document */
	int want_docs;               /* fill docs with the matching documents */
} trawl__ixquery;

typedef struct trawl__ixhit {
	uint32_t doc;                /* the store's document number */
	uint32_t seq;                /* the unit's number in it (0 for files) */
	double score;
} trawl__ixhit;

typedef struct trawl__ixresult {
	uint64_t hits, documents;    /* matching units and documents */
	trawl__ixhit *top;           /* best first, after offset */
	size_t ntop;
	roaring_bitmap_t *docs;      /* with want_docs */
	uint64_t scored;             /* units scored (how bounded the top-k was) */
} trawl__ixresult;

/* Runs q over segs. On failure r is left empty and d says why. */
trawl_err trawl__ix_search(const trawl__ixseg *segs, size_t nseg, const trawl__ixquery *q,
                           trawl__ixresult *r, trawl_diag *d);
void trawl__ixresult_release(trawl__ixresult *r);

/* Tests only: 1 makes every ranking score each match (the full ranking
 * that the bounded top-k is checked against). */
extern int trawl__ix_exhaustive;
/* Units per window of the bounded top-k of queries of several phrases;
 * 0 (the default): those queries score every match. The windows are
 * exact (tests/prop/search_exact) but on the benchmark corpus, whose
 * terms are in most units, they skip almost nothing and cost 30% more
 * CPU than scoring every match at 1M documents (bench/README.md), so
 * they are off until they pay. Tests set 256 or small ones. */
extern unsigned trawl__ix_window;
/* Queries with up to this many matching units score them all, also when
 * one token ranks (default 4096; tests set 0 so that small corpora take
 * the blocks and windows too). */
extern unsigned trawl__ix_all_hits;
/* A phrase's candidates in one segment (the units that hold all of its
 * tokens) are checked on two threads, when the machine has two cores,
 * from 2 * this many (default 8192; 0: on one thread always). The
 * results are the same; tests set small ones. */
extern unsigned trawl__ix_split;
/* How many times candidates were checked on two threads (tests: that
 * the path ran). */
extern unsigned long trawl__ix_nsplit;
#endif
