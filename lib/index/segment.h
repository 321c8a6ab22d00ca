/* Index segments: an immutable inverted index of a set of documents'
 * units, built in memory by one thread (an ingest worker, or a merge) and
 * written as one byte string. Any store keeps segments as it likes (the
 * SQLite store as files, another backend as rows); this file knows only
 * the format, read through a pread-like source.
 *
 * Inside a segment units are numbered from 0 in the order they were added
 * (a document's units are consecutive), and documents likewise; the store
 * maps a segment's documents to its own document numbers. Per term:
 *
 *   - a roaring bitmap of the units that hold it (CRoaring's portable
 *     format), so boolean queries and counts are bitmap operations;
 *   - its frequency in each of those units (one byte, 255 = see the
 *     positions), in unit order;
 *   - per block of 128 units, the offset of the block's positions and an
 *     upper bound of the block's BM25 impact (its pareto frontier of
 *     (frequency, unit length): no entry has a higher frequency and a
 *     shorter unit than some point of it), so top-k can skip blocks;
 *   - the positions of each occurrence, unit-relative, as varints.
 *
 * Positions are counted as FTS5 counts them: each token that is not
 * colocated with the one before takes the next position, from 0; a unit's
 * length (for BM25) is its number of positions. */
#ifndef TRAWL_SEGMENT_H
#define TRAWL_SEGMENT_H
#include <stddef.h>
#include <stdint.h>
#include <roaring/roaring.h>
#include "trawl/trawl.h"

/* roaring_bitmap_free of Debian 12's CRoaring (0.2.66) does not take NULL. */
static inline void trawl__bitmap_free(roaring_bitmap_t *r)
{
	if (r)
		roaring_bitmap_free(r);
}

#define TRAWL__SEG_BLOCK 128        /* postings per skip block */
#define TRAWL__SEG_FRONTIER 4       /* frontier points kept per block */
#define TRAWL__SEG_MAX_UNITS (1u << 30)
#define TRAWL__SEG_MAX_KEY 1024     /* bytes of one term */

/* ---- building ---- */

typedef struct trawl__segbuild trawl__segbuild;

/* A new, empty builder (NULL when out of memory). */
trawl__segbuild *trawl__segbuild_new(void);
void trawl__segbuild_free(trawl__segbuild *b);
/* Starts the next document; its units follow. */
trawl_err trawl__segbuild_doc(trawl__segbuild *b);
/* Adds a unit of the current document: its text is tokenized (tokenize.h)
 * and inverted; seq is the unit's number within its document (from 1). */
trawl_err trawl__segbuild_unit(trawl__segbuild *b, const char *text, size_t len,
                               uint32_t seq);
/* Appends src's documents and units after b's (src is left as it was):
 * a worker builds a file's documents, the writer gathers a batch. */
trawl_err trawl__segbuild_absorb(trawl__segbuild *b, const trawl__segbuild *src);
uint32_t trawl__segbuild_ndocs(const trawl__segbuild *b);
uint32_t trawl__segbuild_nunits(const trawl__segbuild *b);
/* Bytes of memory the builder holds. */
size_t trawl__segbuild_mem(const trawl__segbuild *b);

/* Where a segment's bytes go: write(u, p, n) returns 0 or an error. */
typedef struct trawl__segsink {
	trawl_err (*write)(void *u, const void *p, size_t n);
	void *u;
} trawl__segsink;

typedef struct trawl__seginfo {
	uint64_t size;        /* bytes written */
	uint32_t crc;         /* CRC-32 of them */
	uint32_t ndocs, nunits;
	uint64_t ntokens;     /* the sum of the units' lengths */
	uint64_t nterms;
} trawl__seginfo;

/* Writes the segment; the builder is left as it was. */
trawl_err trawl__segbuild_write(trawl__segbuild *b, const trawl__segsink *out,
                                trawl__seginfo *info, trawl_diag *d);

/* ---- reading ---- */

/* Where a segment's bytes come from: read(u, p, n, off) reads exactly n
 * bytes at off, or fails. */
typedef struct trawl__segsrc {
	trawl_err (*read)(void *u, void *p, size_t n, uint64_t off);
	void *u;
	uint64_t size;
} trawl__segsrc;

typedef struct trawl__segment {
	trawl__segsrc src;
	uint32_t ndocs, nunits;
	uint64_t ntokens, nterms;
	/* per unit, loaded on open */
	uint32_t *udoc;       /* its document */
	uint32_t *dl;         /* its length (positions) */
	uint32_t *seq;        /* its number within its document */
	uint32_t *dfirst;     /* per document: its first unit (ndocs + 1 entries) */
	/* the term dictionary's index: the first key of each block */
	uint32_t nblocks;
	uint64_t *boff;       /* nblocks + 1 */
	uint32_t *koff;       /* nblocks + 1, into keys */
	char *keys;
	uint64_t off_units, off_post;
} trawl__segment;

/* Opens a segment: checks its header and loads its dictionary index and
 * unit tables. TRAWL_ECORRUPT when it is not a well-formed segment. */
trawl_err trawl__segment_open(const trawl__segsrc *src, trawl__segment **out, trawl_diag *d);
void trawl__segment_free(trawl__segment *s);

/* A term's entry in the dictionary. */
typedef struct trawl__segterm {
	uint32_t df;          /* units that hold it */
	uint64_t off, len;    /* its postings */
} trawl__segterm;

/* Looks key up: 1 found (*t set), 0 not found, or an error (negative is
 * never returned: errors are trawl_err through *rc). */
int trawl__segment_lookup(const trawl__segment *s, const char *key, size_t n,
                          trawl__segterm *t, trawl_err *rc);

/* One point of a block's impact frontier. */
typedef struct trawl__segpoint {
	uint32_t tf, dl;
} trawl__segpoint;

/* A term's postings, read into memory. */
typedef struct trawl__postings {
	roaring_bitmap_t *units;
	uint32_t df;
	const uint8_t *tf;        /* df bytes */
	uint32_t nblk;            /* skip blocks (0 when df <= one block) */
	const uint8_t *blk;       /* nblk * (4 + 1 + 8 * TRAWL__SEG_FRONTIER) bytes */
	const uint8_t *pos;       /* the positions stream */
	size_t poslen;
	trawl__segpoint top[TRAWL__SEG_FRONTIER]; /* the frontier of all postings */
	int ntop;
	uint8_t *mem;             /* owns tf, blk, pos */
	uint32_t *uarr;           /* the units as an array, when asked for */
} trawl__postings;

#define TRAWL__SEG_BLKSZ (4 + 1 + 8 * TRAWL__SEG_FRONTIER)

trawl_err trawl__segment_postings(const trawl__segment *s, const trawl__segterm *t,
                                  trawl__postings *p, trawl_diag *d);
void trawl__postings_release(trawl__postings *p);
/* The exact frequency of posting i (tf[i] is capped at 255). */
uint32_t trawl__postings_tf(const trawl__postings *p, uint32_t i, size_t posoff);
/* The offset in p->pos past the positions of postings i .. i + count - 1,
 * those of posting i starting at posoff. */
size_t trawl__postings_skip(const trawl__postings *p, uint32_t i, size_t posoff,
                            uint32_t count);
/* Offset in p->pos of block b's positions. */
uint32_t trawl__postings_blkpos(const trawl__postings *p, uint32_t b);
/* Block b's frontier into pts (up to TRAWL__SEG_FRONTIER); returns its size. */
int trawl__postings_blkfront(const trawl__postings *p, uint32_t b, trawl__segpoint *pts);
/* A cursor that decodes the positions of only the postings asked for, in
 * increasing order, skipping whole blocks: a phrase's candidates need
 * theirs, not those of every unit that holds a token. Set p, the rest 0. */
typedef struct trawl__poscur {
	const trawl__postings *p;
	uint32_t i;               /* the posting off is at */
	size_t off;               /* its positions' offset in p->pos */
	uint32_t *pos;            /* the positions last decoded */
	size_t cap;
} trawl__poscur;

/* A varint of the positions stream (7 bits a byte, low first): 0, or -1
 * when it runs past end. */
static inline int trawl__varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	const uint8_t *q = *p;
	uint64_t r = 0;
	int shift = 0;

	if (q < end && !(*q & 0x80)) {
		*v = *q;
		*p = q + 1;
		return 0;
	}
	while (q < end && shift < 64) {
		uint8_t c = *q++;
		r |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*p = q;
			*v = r;
			return 0;
		}
		shift += 7;
	}
	return -1;
}

/* Places c at posting j (j above the last asked) without decoding it: *q
 * gets the start of its positions (delta varints, the first absolute),
 * *tf their number. 0, or TRAWL_ECORRUPT. */
trawl_err trawl__poscur_open(trawl__poscur *c, uint32_t j, const uint8_t **q, uint64_t *tf);
/* After trawl__poscur_open(c, j, ...) and reading some of posting j's
 * positions: q is where the reading stopped and left how many remain.
 * Moves c past posting j, so that the next open need not skip its
 * positions again. */
void trawl__poscur_past(trawl__poscur *c, uint32_t j, const uint8_t *q, uint64_t left);

/* trawl__poscur_open and trawl__poscur_past where they cost least: the
 * cursor is at posting j already (the phrase's candidates are mostly
 * consecutive postings of each token) and its frequency is in tf[], or
 * its positions were all read. The same results as the calls. */
static inline trawl_err trawl__poscur_open_fast(trawl__poscur *c, uint32_t j, const uint8_t **qp,
                                                uint64_t *tfp)
{
	const trawl__postings *p = c->p;

	if (j == c->i && j < p->df && p->tf[j] && p->tf[j] < 255 && c->off < p->poslen &&
	    p->tf[j] <= p->poslen - c->off) {
		*qp = p->pos + c->off;
		*tfp = p->tf[j];
		return TRAWL_OK;
	}
	return trawl__poscur_open(c, j, qp, tfp);
}

static inline void trawl__poscur_past_fast(trawl__poscur *c, uint32_t j, const uint8_t *q,
                                           uint64_t left)
{
	const trawl__postings *p = c->p;

	if (!left && j == c->i && q >= p->pos && q <= p->pos + p->poslen) {
		c->off = (size_t)(q - p->pos);
		c->i = j + 1;
		return;
	}
	trawl__poscur_past(c, j, q, left);
}
/* Decodes posting j's positions into c->pos (j above the last asked);
 * returns their number, 0 when the postings are damaged (or j is not
 * ahead), -1 when out of memory. */
int64_t trawl__poscur_get(trawl__poscur *c, uint32_t j);
void trawl__poscur_release(trawl__poscur *c);
/* Decodes every posting's positions: *start gets df + 1 offsets into *pos. */
trawl_err trawl__postings_positions(const trawl__postings *p, uint32_t **start,
                                    uint32_t **pos);

/* Walks every term in key order: cb(key, n, term) (non-zero stops). */
trawl_err trawl__segment_terms(const trawl__segment *s,
                               int (*cb)(const char *key, size_t n, const trawl__segterm *t,
                                         void *u), void *u, trawl_diag *d);

/* ---- merging ---- */

/* Merges segments in[0..n) into one, dropping the units of the documents
 * in dead[i] (local document numbers of in[i]; may be NULL). Documents
 * keep their order: in[0]'s live ones first. */
trawl_err trawl__segment_merge(trawl__segment *const *in, const roaring_bitmap_t *const *dead,
                               size_t n, const trawl__segsink *out, trawl__seginfo *info,
                               trawl_diag *d);

/* Checks every term's postings against the unit tables (sorted keys,
 * units in range, frequencies matching positions); cb gets each problem. */
trawl_err trawl__segment_check(const trawl__segment *s, uint64_t *ntok_out,
                               uint64_t **per_unit_tokens, trawl_diag *d);

/* A unit's token fingerprint: what trawl__segment_check compares with a
 * new tokenization of its text. */
uint64_t trawl__seg_fingerprint(const char *text, size_t len, uint64_t *ntok);

/* BM25 as FTS5 computes it: one phrase's part of a unit's score. */
static inline double trawl__bm25(double idf, double tf, double dl, double avgdl)
{
	const double k1 = 1.2, b = 0.75;
	return idf * (tf * (k1 + 1.0)) / (tf + k1 * (1.0 - b + b * dl / avgdl));
}
#endif
