/* Index segments: the builder, the file format, reading and merging
 * (see segment.h).
 *
 * Layout (little-endian):
 *
 *   head      "TRWLSEG\0", u32 version, u32 0
 *   units     u32 udoc[nunits], dl[nunits], seq[nunits], ntok[nunits],
 *             u64 fp[nunits], u32 dfirst[ndocs + 1]
 *   blocks    term blocks, in key order, each:
 *               u32 nentries, u32 dictlen,
 *               entries (dictlen bytes): u16 keylen, key, varint df, varint plen
 *               the entries' postings, one after the other
 *   index     u64 boff[nblocks + 1] (where each block starts; then the end),
 *             u32 koff[nblocks + 1], the first key of each block
 *   foot      (FOOT bytes) "TRWLSEG1", u32 version, ndocs, nunits, nblocks,
 *             u64 nterms, ntokens, off_blocks, off_index, u32 0, u32 crc
 *             (CRC-32 of every byte before it)
 *
 * A term's postings:
 *   u8 form: 0 units as varint deltas (few), 1 a roaring bitmap
 *   form 0: varint deltas (the first from 0); form 1: varint len, bitmap
 *   tf[df] (u8; 255: the posting's positions begin with its varint tf)
 *   u8 ntop, ntop * (u32 tf, u32 dl): the frontier of all postings
 *   varint nblk, nblk * BLKSZ: u32 posoff, u8 npts, FRONTIER * (u32 tf, u32 dl)
 *   positions: per posting its tf varints, the first absolute, then deltas */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "index/segment.h"
#include "index/tokenize.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/banned.h"

#define SEG_VERSION 1
#define HEAD 16
#define FOOT 80
#define TB_TERMS 64                 /* terms per term block */
#define TB_BYTES (1u << 20)         /* ... or postings bytes */
#define SMALL_DF 8                  /* up to this: units as varints */

static const char head_magic[8] = "TRWLSEG";
static const char foot_magic[8] = "TRWLSEG1";

/* ---- little helpers ---- */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static size_t put_varint(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* Reads a varint from [*p, end); 0 on success, -1 past the end. */
static int get_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t r = 0;
	int shift = 0;
	const uint8_t *q = *p;

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

/* A growable byte vector with sticky failure. */
typedef struct bytes {
	uint8_t *p;
	size_t n, cap;
	int fail;
} bytes;

static int bytes_reserve(bytes *b, size_t extra)
{
	size_t need, cap;
	uint8_t *np;

	if (b->fail)
		return -1;
	if (__builtin_add_overflow(b->n, extra, &need)) {
		b->fail = 1;
		return -1;
	}
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	np = realloc(b->p, cap);
	if (!np) {
		b->fail = 1;
		return -1;
	}
	b->p = np;
	b->cap = cap;
	return 0;
}

static void bytes_add(bytes *b, const void *p, size_t n)
{
	if (n && !bytes_reserve(b, n)) {
		memcpy(b->p + b->n, p, n);
		b->n += n;
	}
}

static void bytes_varint(bytes *b, uint64_t v)
{
	if (!bytes_reserve(b, 10))
		b->n += put_varint(b->p + b->n, v);
}

static void bytes_u32(bytes *b, uint32_t v)
{
	if (!bytes_reserve(b, 4)) {
		put32(b->p + b->n, v);
		b->n += 4;
	}
}

static void bytes_u64(bytes *b, uint64_t v)
{
	if (!bytes_reserve(b, 8)) {
		put64(b->p + b->n, v);
		b->n += 8;
	}
}

static void bytes_free(bytes *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* ---- the impact frontier ---- */

/* Adds (tf, dl) to a frontier of at most cap points (*n of them); when it
 * would grow past cap, *loose is set and the caller keeps one point. */
static void front_add(trawl__segpoint *f, int *n, int cap, int *loose, uint32_t tf,
                      uint32_t dl, trawl__segpoint *maxp)
{
	int i, k = 0;

	if (tf > maxp->tf)
		maxp->tf = tf;
	if (dl < maxp->dl)
		maxp->dl = dl;
	if (*loose)
		return;
	for (i = 0; i < *n; i++)
		if (f[i].tf >= tf && f[i].dl <= dl)
			return;   /* dominated */
	for (i = 0; i < *n; i++)
		if (!(tf >= f[i].tf && dl <= f[i].dl))
			f[k++] = f[i];
	*n = k;
	if (*n == cap) {
		*loose = 1;
		return;
	}
	f[(*n)++] = (trawl__segpoint){ tf, dl };
}

/* ---- encoding one term's postings from arrays ---- */

typedef struct plist {
	uint32_t *u, *tf;           /* units, exact frequencies */
	uint32_t n, cap;
	bytes pos;                  /* per posting: tf varints (first absolute) */
	uint32_t *posoff;           /* where each posting's positions start */
} plist;

static int plist_push(plist *l, uint32_t unit, uint32_t tf)
{
	if (l->n == l->cap) {
		uint32_t cap = l->cap ? l->cap * 2 : 64;
		uint32_t *nu = trawl__reallocn(l->u, cap, sizeof *nu);
		if (!nu)
			return -1;
		l->u = nu;
		nu = trawl__reallocn(l->tf, cap, sizeof *nu);
		if (!nu)
			return -1;
		l->tf = nu;
		nu = trawl__reallocn(l->posoff, cap, sizeof *nu);
		if (!nu)
			return -1;
		l->posoff = nu;
		l->cap = cap;
	}
	l->u[l->n] = unit;
	l->tf[l->n] = tf;
	l->posoff[l->n] = (uint32_t)l->pos.n;
	l->n++;
	return 0;
}

static void plist_reset(plist *l)
{
	l->n = 0;
	l->pos.n = 0;
	l->pos.fail = 0;
}

static void plist_free(plist *l)
{
	free(l->u);
	free(l->tf);
	free(l->posoff);
	bytes_free(&l->pos);
	memset(l, 0, sizeof *l);
}

/* Appends the encoded postings of l (dl: unit lengths) to out. */
static trawl_err encode_postings(const plist *l, const uint32_t *dl, bytes *out)
{
	trawl__segpoint top[TRAWL__SEG_FRONTIER], maxp = { 0, UINT32_MAX };
	int ntop = 0, loose = 0;
	uint32_t i, nblk = l->n > TRAWL__SEG_BLOCK ? (l->n + TRAWL__SEG_BLOCK - 1) / TRAWL__SEG_BLOCK : 0;

	if (l->n <= SMALL_DF) {
		uint32_t prev = 0;
		bytes_add(out, "\0", 1);
		for (i = 0; i < l->n; i++) {
			bytes_varint(out, l->u[i] - prev);
			prev = l->u[i];
		}
	} else {
		roaring_bitmap_t *r = roaring_bitmap_of_ptr(l->n, l->u);
		size_t sz;
		if (!r)
			return TRAWL_ENOMEM;
		roaring_bitmap_run_optimize(r);
		sz = roaring_bitmap_portable_size_in_bytes(r);
		bytes_add(out, "\1", 1);
		bytes_varint(out, sz);
		if (!bytes_reserve(out, sz)) {
			roaring_bitmap_portable_serialize(r, (char *)out->p + out->n);
			out->n += sz;
		}
		trawl__bitmap_free(r);
	}
	if (!bytes_reserve(out, l->n)) {
		for (i = 0; i < l->n; i++)
			out->p[out->n + i] = (uint8_t)(l->tf[i] < 255 ? l->tf[i] : 255);
		out->n += l->n;
	}
	for (i = 0; i < l->n; i++)
		front_add(top, &ntop, TRAWL__SEG_FRONTIER, &loose, l->tf[i], dl[l->u[i]], &maxp);
	if (loose) {
		top[0] = maxp;
		ntop = 1;
	}
	bytes_add(out, &(uint8_t){ (uint8_t)ntop }, 1);
	for (i = 0; i < (uint32_t)ntop; i++) {
		bytes_u32(out, top[i].tf);
		bytes_u32(out, top[i].dl);
	}
	bytes_varint(out, nblk);
	/* positions: a posting whose tf does not fit its byte carries it first */
	{
		bytes pos = { 0 };
		uint32_t *boff = nblk ? trawl__mallocn(nblk, sizeof *boff) : NULL;
		if (nblk && !boff)
			return TRAWL_ENOMEM;
		for (i = 0; i < l->n; i++) {
			size_t s = l->posoff[i], e = i + 1 < l->n ? l->posoff[i + 1] : l->pos.n;
			if (nblk && i % TRAWL__SEG_BLOCK == 0)
				boff[i / TRAWL__SEG_BLOCK] = (uint32_t)pos.n;
			if (l->tf[i] >= 255)
				bytes_varint(&pos, l->tf[i]);
			bytes_add(&pos, l->pos.p + s, e - s);
		}
		for (uint32_t b = 0; b < nblk; b++) {
			trawl__segpoint f[TRAWL__SEG_FRONTIER], mp = { 0, UINT32_MAX };
			int nf = 0, lo = 0;
			uint32_t end = (b + 1) * TRAWL__SEG_BLOCK < l->n ? (b + 1) * TRAWL__SEG_BLOCK : l->n;
			uint8_t rec[TRAWL__SEG_BLKSZ];
			memset(rec, 0, sizeof rec);
			for (i = b * TRAWL__SEG_BLOCK; i < end; i++)
				front_add(f, &nf, TRAWL__SEG_FRONTIER, &lo, l->tf[i], dl[l->u[i]], &mp);
			if (lo) {
				f[0] = mp;
				nf = 1;
			}
			put32(rec, boff[b]);
			rec[4] = (uint8_t)nf;
			for (int k = 0; k < nf; k++) {
				put32(rec + 5 + 8 * k, f[k].tf);
				put32(rec + 9 + 8 * k, f[k].dl);
			}
			bytes_add(out, rec, sizeof rec);
		}
		free(boff);
		bytes_add(out, pos.p, pos.n);
		if (pos.fail)
			out->fail = 1;
		bytes_free(&pos);
	}
	return out->fail || l->pos.fail ? TRAWL_ENOMEM : TRAWL_OK;
}

/* ---- the segment writer: term blocks, then the index and the foot ---- */

typedef struct segw {
	const trawl__segsink *out;
	uint64_t off;
	uLong crc;
	trawl_err rc;
	/* the open term block */
	bytes dict, post;
	uint32_t nent;
	bytes firstkey;
	/* the index */
	bytes boff, koff, keys;
	uint32_t nblocks;
	uint64_t nterms;
} segw;

static void w_raw(segw *w, const void *p, size_t n)
{
	if (w->rc || !n)
		return;
	w->rc = w->out->write(w->out->u, p, n);
	if (!w->rc) {
		const uint8_t *q = p;
		size_t left = n;
		while (left) {
			uInt k = left > (1u << 30) ? (1u << 30) : (uInt)left;
			w->crc = crc32(w->crc, q, k);
			q += k;
			left -= k;
		}
		w->off += n;
	}
}

static void w_flush_block(segw *w)
{
	uint8_t h[8];

	if (w->rc || !w->nent)
		return;
	bytes_u64(&w->boff, w->off);
	bytes_u32(&w->koff, (uint32_t)w->keys.n);
	bytes_add(&w->keys, w->firstkey.p, w->firstkey.n);
	if (w->boff.fail || w->koff.fail || w->keys.fail || w->dict.fail || w->post.fail) {
		w->rc = TRAWL_ENOMEM;
		return;
	}
	put32(h, w->nent);
	put32(h + 4, (uint32_t)w->dict.n);
	w_raw(w, h, 8);
	w_raw(w, w->dict.p, w->dict.n);
	w_raw(w, w->post.p, w->post.n);
	w->nblocks++;
	w->nent = 0;
	w->dict.n = 0;
	w->post.n = 0;
}

/* Adds a term whose encoded postings are in w->post from mark on. */
static void w_term(segw *w, const char *key, size_t n, uint32_t df, size_t mark)
{
	uint8_t kl[2];

	if (w->rc)
		return;
	if (!w->nent) {
		w->firstkey.n = 0;
		bytes_add(&w->firstkey, key, n);
	}
	kl[0] = (uint8_t)n;
	kl[1] = (uint8_t)(n >> 8);
	bytes_add(&w->dict, kl, 2);
	bytes_add(&w->dict, key, n);
	bytes_varint(&w->dict, df);
	bytes_varint(&w->dict, w->post.n - mark);
	w->nent++;
	w->nterms++;
	if (w->nent >= TB_TERMS || w->post.n >= TB_BYTES)
		w_flush_block(w);
}

static void w_init(segw *w, const trawl__segsink *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->crc = crc32(0L, Z_NULL, 0);
}

static void w_release(segw *w)
{
	bytes_free(&w->dict);
	bytes_free(&w->post);
	bytes_free(&w->firstkey);
	bytes_free(&w->boff);
	bytes_free(&w->koff);
	bytes_free(&w->keys);
}

static void w_head(segw *w)
{
	uint8_t h[HEAD];
	memset(h, 0, sizeof h);
	memcpy(h, head_magic, 8);
	put32(h + 8, SEG_VERSION);
	w_raw(w, h, sizeof h);
}

/* The unit tables. */
static void w_units(segw *w, uint32_t nunits, uint32_t ndocs, const uint32_t *udoc,
                    const uint32_t *dl, const uint32_t *seq, const uint32_t *ntok,
                    const uint64_t *fp, const uint32_t *dfirst)
{
	const uint32_t *cols[] = { udoc, dl, seq, ntok };
	uint8_t buf[4096];
	size_t k = 0;

	for (int c = 0; c < 4; c++)
		for (uint32_t i = 0; i < nunits; i++) {
			put32(buf + k, cols[c][i]);
			if ((k += 4) == sizeof buf) {
				w_raw(w, buf, k);
				k = 0;
			}
		}
	for (uint32_t i = 0; i < nunits; i++) {
		put64(buf + k, fp[i]);
		if ((k += 8) == sizeof buf) {
			w_raw(w, buf, k);
			k = 0;
		}
	}
	for (uint32_t i = 0; i <= ndocs; i++) {
		put32(buf + k, dfirst[i]);
		if ((k += 4) == sizeof buf) {
			w_raw(w, buf, k);
			k = 0;
		}
	}
	w_raw(w, buf, k);
}

static trawl_err w_finish(segw *w, uint32_t ndocs, uint32_t nunits, uint64_t ntokens,
                          uint64_t off_blocks, trawl__seginfo *info)
{
	uint64_t off_index;
	uint8_t f[FOOT];

	w_flush_block(w);
	off_index = w->off;
	bytes_u64(&w->boff, off_index);
	bytes_u32(&w->koff, (uint32_t)w->keys.n);
	if (w->boff.fail || w->koff.fail)
		w->rc = w->rc ? w->rc : TRAWL_ENOMEM;
	w_raw(w, w->boff.p, w->boff.n);
	w_raw(w, w->koff.p, w->koff.n);
	w_raw(w, w->keys.p, w->keys.n);
	memset(f, 0, sizeof f);
	memcpy(f, foot_magic, 8);
	put32(f + 8, SEG_VERSION);
	put32(f + 12, ndocs);
	put32(f + 16, nunits);
	put32(f + 20, w->nblocks);
	put64(f + 24, w->nterms);
	put64(f + 32, ntokens);
	put64(f + 40, off_blocks);
	put64(f + 48, off_index);
	/* f + 56 .. 72 reserved */
	w_raw(w, f, FOOT - 4);
	put32(f + FOOT - 4, (uint32_t)w->crc);
	if (!w->rc) {
		w->rc = w->out->write(w->out->u, f + FOOT - 4, 4);
		w->off += 4;
	}
	if (w->rc)
		return w->rc;
	info->size = w->off;
	info->crc = get32(f + FOOT - 4);
	info->ndocs = ndocs;
	info->nunits = nunits;
	info->ntokens = ntokens;
	info->nterms = w->nterms;
	return TRAWL_OK;
}

/* ---- the builder ---- */

typedef struct bterm {
	uint8_t *buf;           /* postings: unit delta, positions (+1, deltas), 0 */
	uint32_t len, cap;
	uint32_t key;           /* offset in the key arena */
	uint16_t klen;
	uint32_t hash;
	uint32_t last;          /* last unit + 1 (0: none yet) */
	uint32_t lastpos;
	uint32_t df;
} bterm;

struct trawl__segbuild {
	bterm *terms;
	uint32_t nterms, capterms;
	uint32_t *table;        /* term index + 1, open addressing */
	uint32_t tcap;
	char *keys;
	size_t nkeys, capkeys;
	uint32_t *udoc, *dl, *seq, *ntok;
	uint64_t *fp;
	uint32_t nunits, capunits;
	uint32_t *dfirst;
	uint32_t ndocs, capdocs;
	uint64_t ntokens;
	size_t postmem;
	/* the unit being tokenized */
	int64_t pos;
	uint32_t utok;
	uint64_t ufp;
	trawl_err rc;
};

trawl__segbuild *trawl__segbuild_new(void)
{
	trawl__segbuild *b = calloc(1, sizeof *b);

	if (!b)
		return NULL;
	b->tcap = 1024;
	b->table = calloc(b->tcap, sizeof *b->table);
	b->dfirst = calloc(1, sizeof *b->dfirst);
	b->capdocs = 1;
	if (!b->table || !b->dfirst) {
		trawl__segbuild_free(b);
		return NULL;
	}
	return b;
}

void trawl__segbuild_free(trawl__segbuild *b)
{
	if (!b)
		return;
	for (uint32_t i = 0; i < b->nterms; i++)
		free(b->terms[i].buf);
	free(b->terms);
	free(b->table);
	free(b->keys);
	free(b->udoc);
	free(b->dl);
	free(b->seq);
	free(b->ntok);
	free(b->fp);
	free(b->dfirst);
	free(b);
}

uint32_t trawl__segbuild_ndocs(const trawl__segbuild *b)
{
	return b->ndocs;
}

uint32_t trawl__segbuild_nunits(const trawl__segbuild *b)
{
	return b->nunits;
}

size_t trawl__segbuild_mem(const trawl__segbuild *b)
{
	return (size_t)b->capterms * sizeof(bterm) + (size_t)b->tcap * 4 + b->capkeys +
	       (size_t)b->capunits * 24 + (size_t)b->capdocs * 4 + b->postmem;
}

trawl_err trawl__segbuild_doc(trawl__segbuild *b)
{
	if (b->rc)
		return b->rc;
	if (b->ndocs + 2 > b->capdocs) {
		uint32_t cap = b->capdocs * 2 + 16;
		uint32_t *n = trawl__reallocn(b->dfirst, cap, sizeof *n);
		if (!n)
			return b->rc = TRAWL_ENOMEM;
		b->dfirst = n;
		b->capdocs = cap;
	}
	b->dfirst[b->ndocs] = b->nunits;
	b->ndocs++;
	b->dfirst[b->ndocs] = b->nunits;
	return TRAWL_OK;
}

static uint32_t hash_bytes(const char *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)p[i]) * 16777619u;
	return h;
}

static int grow_table(trawl__segbuild *b)
{
	uint32_t cap = b->tcap * 2, *t = calloc(cap, sizeof *t);

	if (!t)
		return -1;
	for (uint32_t i = 0; i < b->nterms; i++) {
		uint32_t j = b->terms[i].hash & (cap - 1);
		while (t[j])
			j = (j + 1) & (cap - 1);
		t[j] = i + 1;
	}
	free(b->table);
	b->table = t;
	b->tcap = cap;
	return 0;
}

static bterm *find_term(trawl__segbuild *b, const char *tok, size_t n)
{
	uint32_t h = hash_bytes(tok, n), j = h & (b->tcap - 1);
	bterm *t;

	for (;;) {
		uint32_t k = b->table[j];
		if (!k)
			break;
		t = &b->terms[k - 1];
		if (t->hash == h && t->klen == n && !memcmp(b->keys + t->key, tok, n))
			return t;
		j = (j + 1) & (b->tcap - 1);
	}
	/* a new term */
	if (b->nterms == b->capterms) {
		uint32_t cap = b->capterms ? b->capterms * 2 : 1024;
		bterm *nt = trawl__reallocn(b->terms, cap, sizeof *nt);
		if (!nt)
			return NULL;
		b->terms = nt;
		b->capterms = cap;
	}
	if (b->nkeys + n > b->capkeys) {
		size_t cap = b->capkeys ? b->capkeys * 2 : 65536;
		char *nk;
		while (cap < b->nkeys + n)
			cap *= 2;
		nk = realloc(b->keys, cap);
		if (!nk)
			return NULL;
		b->keys = nk;
		b->capkeys = cap;
	}
	memcpy(b->keys + b->nkeys, tok, n);
	t = &b->terms[b->nterms];
	memset(t, 0, sizeof *t);
	t->key = (uint32_t)b->nkeys;
	t->klen = (uint16_t)n;
	t->hash = h;
	b->nkeys += n;
	b->table[j] = ++b->nterms;
	if (b->nterms * 2 > b->tcap && grow_table(b)) {
		b->nterms--;
		b->table[j] = 0;
		return NULL;
	}
	return &b->terms[b->nterms - 1];
}

static int term_put(trawl__segbuild *b, bterm *t, const uint8_t *p, size_t n)
{
	if (t->len + n > t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 16;
		uint8_t *nb;
		while (cap < t->len + n)
			cap *= 2;
		nb = realloc(t->buf, cap);
		if (!nb)
			return -1;
		b->postmem += cap - t->cap;
		t->buf = nb;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, p, n);
	t->len += (uint32_t)n;
	return 0;
}

static uint64_t fp_mix(uint64_t h, const void *p, size_t n)
{
	const uint8_t *q = p;
	for (size_t i = 0; i < n; i++)
		h = (h ^ q[i]) * 1099511628211ULL;
	return h;
}

static int on_token(void *u, int colocated, const char *tok, int n, int start, int end)
{
	trawl__segbuild *b = u;
	uint32_t unit = b->nunits, pos;
	uint8_t tmp[24];
	size_t k = 0;
	bterm *t;

	(void)start;
	(void)end;
	if (!colocated)
		b->pos++;
	if (b->pos < 0)
		b->pos = 0;   /* a colocated first token: none such, but be safe */
	pos = (uint32_t)b->pos;
	if (n > TRAWL__SEG_MAX_KEY)
		n = TRAWL__SEG_MAX_KEY;
	b->utok++;
	b->ufp = fp_mix(b->ufp, &pos, sizeof pos);
	b->ufp = fp_mix(b->ufp, tok, (size_t)n);
	t = find_term(b, tok, (size_t)n);
	if (!t) {
		b->rc = TRAWL_ENOMEM;
		return 1;
	}
	if (t->last != unit + 1) {
		if (t->last)
			tmp[k++] = 0;   /* ends the term's previous posting */
		k += put_varint(tmp + k, t->last ? unit - (t->last - 1) : unit);
		k += put_varint(tmp + k, (uint64_t)pos + 1);
		t->last = unit + 1;
		t->df++;
	} else {
		k += put_varint(tmp + k, pos - t->lastpos);
	}
	t->lastpos = pos;
	if (term_put(b, t, tmp, k)) {
		b->rc = TRAWL_ENOMEM;
		return 1;
	}
	return 0;
}

/* Grows the unit tables to hold n units. */
static int units_reserve(trawl__segbuild *b, uint32_t n)
{
	uint32_t cap = b->capunits ? b->capunits : 256;
	uint32_t *a;
	uint64_t *f;

	if (n <= b->capunits)
		return 0;
	while (cap < n)
		cap = cap > UINT32_MAX / 2 ? n : cap * 2;
	if (!(a = trawl__reallocn(b->udoc, cap, 4)))
		return -1;
	b->udoc = a;
	if (!(a = trawl__reallocn(b->dl, cap, 4)))
		return -1;
	b->dl = a;
	if (!(a = trawl__reallocn(b->seq, cap, 4)))
		return -1;
	b->seq = a;
	if (!(a = trawl__reallocn(b->ntok, cap, 4)))
		return -1;
	b->ntok = a;
	if (!(f = trawl__reallocn(b->fp, cap, 8)))
		return -1;
	b->fp = f;
	b->capunits = cap;
	return 0;
}

trawl_err trawl__segbuild_unit(trawl__segbuild *b, const char *text, size_t len, uint32_t seq)
{
	if (b->rc)
		return b->rc;
	if (!b->ndocs)
		return b->rc = TRAWL_EINTERNAL;
	if (b->nunits >= TRAWL__SEG_MAX_UNITS || len > (size_t)INT32_MAX)
		return b->rc = TRAWL_ETOOBIG;
	if (b->nunits == b->capunits && units_reserve(b, b->nunits + 1))
		return b->rc = TRAWL_ENOMEM;
	b->pos = -1;
	b->utok = 0;
	b->ufp = 14695981039346656037ULL;
	trawl__tokenize(text, (int)len, TRAWL__TOK_DOCUMENT, on_token, b);
	if (b->rc)
		return b->rc;
	b->udoc[b->nunits] = b->ndocs - 1;
	b->dl[b->nunits] = (uint32_t)(b->pos + 1);
	b->seq[b->nunits] = seq;
	b->ntok[b->nunits] = b->utok;
	b->fp[b->nunits] = b->ufp;
	b->ntokens += (uint64_t)(b->pos + 1);
	b->nunits++;
	b->dfirst[b->ndocs] = b->nunits;
	return TRAWL_OK;
}

trawl_err trawl__segbuild_absorb(trawl__segbuild *b, const trawl__segbuild *src)
{
	uint32_t ubase = b->nunits, dbase = b->ndocs;

	if (b->rc)
		return b->rc;
	if (src->rc)
		return b->rc = src->rc;
	if ((uint64_t)b->nunits + src->nunits > TRAWL__SEG_MAX_UNITS ||
	    (uint64_t)b->ndocs + src->ndocs + 2 > UINT32_MAX)
		return b->rc = TRAWL_ETOOBIG;
	if (units_reserve(b, b->nunits + src->nunits))
		return b->rc = TRAWL_ENOMEM;
	if (b->ndocs + src->ndocs + 2 > b->capdocs) {
		uint32_t cap = b->ndocs + src->ndocs + 2;
		uint32_t *n;
		cap = cap < b->capdocs * 2 ? b->capdocs * 2 : cap;
		if (!(n = trawl__reallocn(b->dfirst, cap, sizeof *n)))
			return b->rc = TRAWL_ENOMEM;
		b->dfirst = n;
		b->capdocs = cap;
	}
	/* each term's postings: src's first unit (absolute in src) becomes a
	 * delta from b's last posting of the term; the rest is copied as is */
	for (uint32_t i = 0; i < src->nterms; i++) {
		const bterm *s = &src->terms[i];
		const uint8_t *p = s->buf, *end = s->buf + s->len;
		uint64_t first;
		uint8_t tmp[16];
		size_t k = 0;
		bterm *t;
		if (!s->df)
			continue;
		if (get_varint(&p, end, &first))
			return b->rc = TRAWL_EINTERNAL;
		if (!(t = find_term(b, src->keys + s->key, s->klen)))
			return b->rc = TRAWL_ENOMEM;
		if (t->last)
			tmp[k++] = 0;
		k += put_varint(tmp + k, t->last ? ubase + first - (t->last - 1) : ubase + first);
		if (term_put(b, t, tmp, k) || term_put(b, t, p, (size_t)(end - p)))
			return b->rc = TRAWL_ENOMEM;
		t->last = ubase + s->last;
		t->lastpos = s->lastpos;
		t->df += s->df;
	}
	for (uint32_t u = 0; u < src->nunits; u++) {
		b->udoc[ubase + u] = dbase + src->udoc[u];
		b->dl[ubase + u] = src->dl[u];
		b->seq[ubase + u] = src->seq[u];
		b->ntok[ubase + u] = src->ntok[u];
		b->fp[ubase + u] = src->fp[u];
	}
	for (uint32_t k = 0; k <= src->ndocs; k++)
		b->dfirst[dbase + k] = ubase + src->dfirst[k];
	b->nunits += src->nunits;
	b->ndocs += src->ndocs;
	b->ntokens += src->ntokens;
	return TRAWL_OK;
}

/* The fingerprint walk: the same positions and bytes a builder hashes. */
typedef struct fpwalk {
	int64_t pos;
	uint64_t fp, n;
} fpwalk;

static int fp_token(void *u, int colocated, const char *tok, int n, int start, int end)
{
	fpwalk *s = u;
	uint32_t pos;

	(void)start;
	(void)end;
	if (!colocated)
		s->pos++;
	if (s->pos < 0)
		s->pos = 0;
	pos = (uint32_t)s->pos;
	if (n > TRAWL__SEG_MAX_KEY)
		n = TRAWL__SEG_MAX_KEY;
	s->n++;
	s->fp = fp_mix(s->fp, &pos, sizeof pos);
	s->fp = fp_mix(s->fp, tok, (size_t)n);
	return 0;
}

uint64_t trawl__seg_fingerprint(const char *text, size_t len, uint64_t *ntok)
{
	fpwalk s = { -1, 14695981039346656037ULL, 0 };

	if (len > (size_t)INT32_MAX)
		len = (size_t)INT32_MAX;
	trawl__tokenize(text, (int)len, TRAWL__TOK_DOCUMENT, fp_token, &s);
	if (ntok)
		*ntok = s.n;
	return s.fp;
}

/* (qsort_r: builders are written by several worker threads at once) */
static int cmp_terms(const void *x, const void *y, void *u)
{
	const trawl__segbuild *sb = u;
	const bterm *a = &sb->terms[*(const uint32_t *)x];
	const bterm *c = &sb->terms[*(const uint32_t *)y];
	size_t n = a->klen < c->klen ? a->klen : c->klen;
	int r = memcmp(sb->keys + a->key, sb->keys + c->key, n);
	return r ? r : (int)a->klen - (int)c->klen;
}

/* Decodes a builder term's buffer into l. */
static int decode_bterm(const bterm *t, plist *l)
{
	const uint8_t *p = t->buf, *end = t->buf + t->len;
	uint32_t unit = 0;
	int first = 1;

	plist_reset(l);
	while (p < end) {
		uint64_t v;
		uint32_t tf = 0, prev = 0;
		if (get_varint(&p, end, &v))
			return -1;
		unit = first ? (uint32_t)v : unit + (uint32_t)v;
		first = 0;
		if (plist_push(l, unit, 0))
			return -1;
		while (p < end && *p) {
			if (get_varint(&p, end, &v))
				return -1;
			/* the first as pos + 1, then deltas */
			prev = tf == 0 ? (uint32_t)(v - 1) : prev + (uint32_t)v;
			bytes_varint(&l->pos, tf == 0 ? prev : v);
			tf++;
		}
		if (p < end)
			p++;   /* the 0 that ends it */
		l->tf[l->n - 1] = tf;
	}
	return l->pos.fail ? -1 : 0;
}

trawl_err trawl__segbuild_write(trawl__segbuild *b, const trawl__segsink *out,
                                trawl__seginfo *info, trawl_diag *d)
{
	uint32_t *order = NULL;
	plist l;
	segw w;
	trawl_err rc;
	uint64_t off_blocks;

	if (b->rc)
		return b->rc;
	memset(&l, 0, sizeof l);
	w_init(&w, out);
	order = trawl__mallocn(b->nterms ? b->nterms : 1, sizeof *order);
	if (!order) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < b->nterms; i++)
		order[i] = i;
	qsort_r(order, b->nterms, sizeof *order, cmp_terms, b);
	w_head(&w);
	w_units(&w, b->nunits, b->ndocs, b->udoc, b->dl, b->seq, b->ntok, b->fp, b->dfirst);
	off_blocks = w.off;
	for (uint32_t i = 0; i < b->nterms && !w.rc; i++) {
		const bterm *t = &b->terms[order[i]];
		size_t mark = w.post.n;
		if (decode_bterm(t, &l)) {
			w.rc = TRAWL_ENOMEM;
			break;
		}
		if ((rc = encode_postings(&l, b->dl, &w.post))) {
			w.rc = rc;
			break;
		}
		w_term(&w, b->keys + t->key, t->klen, l.n, mark);
	}
	rc = w.rc ? w.rc : w_finish(&w, b->ndocs, b->nunits, b->ntokens, off_blocks, info);
out:
	if (rc)
		trawl__diag_set(d, NULL, "writing an index segment: %s", trawl_strerror(rc));
	free(order);
	plist_free(&l);
	w_release(&w);
	return rc;
}

/* ---- reading ---- */

static trawl_err corrupt(trawl_diag *d, const char *what)
{
	trawl__diag_set(d, NULL, "the index segment is damaged: %s", what);
	return TRAWL_ECORRUPT;
}

static trawl_err read_at(const trawl__segment *s, void *p, size_t n, uint64_t off)
{
	if (off > s->src.size || n > s->src.size - off)
		return TRAWL_ECORRUPT;
	return s->src.read(s->src.u, p, n, off);
}

static trawl_err load_u32(const trawl__segment *s, uint64_t off, uint32_t n, uint32_t **out)
{
	uint8_t *raw;
	uint32_t *a;
	trawl_err rc;

	a = trawl__mallocn((size_t)n + 1, 4);
	raw = trawl__mallocn((size_t)n + 1, 4);
	if (!a || !raw) {
		free(a);
		free(raw);
		return TRAWL_ENOMEM;
	}
	rc = read_at(s, raw, (size_t)n * 4, off);
	if (!rc)
		for (uint32_t i = 0; i < n; i++)
			a[i] = get32(raw + 4 * (size_t)i);
	free(raw);
	if (rc) {
		free(a);
		return rc;
	}
	*out = a;
	return TRAWL_OK;
}

void trawl__segment_free(trawl__segment *s)
{
	if (!s)
		return;
	free(s->udoc);
	free(s->dl);
	free(s->seq);
	free(s->dfirst);
	free(s->boff);
	free(s->koff);
	free(s->keys);
	free(s);
}

trawl_err trawl__segment_open(const trawl__segsrc *src, trawl__segment **out, trawl_diag *d)
{
	trawl__segment *s;
	uint8_t f[FOOT], h[HEAD];
	uint64_t off_blocks, off_index, units_bytes;
	trawl_err rc;
	uint8_t *ix = NULL;
	size_t ixlen;

	*out = NULL;
	if (src->size < HEAD + FOOT)
		return corrupt(d, "too short");
	s = calloc(1, sizeof *s);
	if (!s)
		return TRAWL_ENOMEM;
	s->src = *src;
	if ((rc = read_at(s, f, FOOT, src->size - FOOT)) || (rc = read_at(s, h, HEAD, 0)))
		goto fail_io;
	if (memcmp(h, head_magic, 8) || memcmp(f, foot_magic, 8) || get32(f + 8) != SEG_VERSION) {
		rc = corrupt(d, "not a trawl index segment of this version");
		goto fail;
	}
	s->ndocs = get32(f + 12);
	s->nunits = get32(f + 16);
	s->nblocks = get32(f + 20);
	s->nterms = get64(f + 24);
	s->ntokens = get64(f + 32);
	off_blocks = get64(f + 40);
	off_index = get64(f + 48);
	units_bytes = (uint64_t)s->nunits * 24 + ((uint64_t)s->ndocs + 1) * 4;
	s->off_units = HEAD;
	if (s->nunits > TRAWL__SEG_MAX_UNITS || s->ndocs > s->nunits + 1 ||
	    off_blocks != HEAD + units_bytes || off_index < off_blocks ||
	    off_index > src->size - FOOT) {
		rc = corrupt(d, "its sections do not fit");
		goto fail;
	}
	/* the unit tables */
	if ((rc = load_u32(s, HEAD, s->nunits, &s->udoc)) ||
	    (rc = load_u32(s, HEAD + (uint64_t)s->nunits * 4, s->nunits, &s->dl)) ||
	    (rc = load_u32(s, HEAD + (uint64_t)s->nunits * 8, s->nunits, &s->seq)) ||
	    (rc = load_u32(s, HEAD + (uint64_t)s->nunits * 24, s->ndocs + 1, &s->dfirst)))
		goto fail_io;
	if (s->dfirst[0] != 0 || s->dfirst[s->ndocs] != s->nunits) {
		rc = corrupt(d, "its document table");
		goto fail;
	}
	for (uint32_t i = 0; i < s->ndocs; i++)
		if (s->dfirst[i] > s->dfirst[i + 1]) {
			rc = corrupt(d, "its document table");
			goto fail;
		}
	for (uint32_t i = 0; i < s->nunits; i++)
		if (s->udoc[i] >= s->ndocs || i < s->dfirst[s->udoc[i]] ||
		    i >= s->dfirst[s->udoc[i] + 1]) {
			rc = corrupt(d, "its unit table");
			goto fail;
		}
	/* the dictionary's index */
	ixlen = (size_t)(src->size - FOOT - off_index);
	if ((uint64_t)s->nblocks * 12 + 12 > ixlen) {
		rc = corrupt(d, "its dictionary index");
		goto fail;
	}
	ix = malloc(ixlen + 1);
	s->boff = trawl__mallocn((size_t)s->nblocks + 1, sizeof *s->boff);
	s->koff = trawl__mallocn((size_t)s->nblocks + 1, sizeof *s->koff);
	if (!ix || !s->boff || !s->koff) {
		rc = TRAWL_ENOMEM;
		goto fail;
	}
	if ((rc = read_at(s, ix, ixlen, off_index)))
		goto fail_io;
	for (uint32_t i = 0; i <= s->nblocks; i++) {
		s->boff[i] = get64(ix + 8 * (size_t)i);
		s->koff[i] = get32(ix + 8 * ((size_t)s->nblocks + 1) + 4 * (size_t)i);
	}
	{
		size_t kstart = 12 * ((size_t)s->nblocks + 1), klen = ixlen - kstart;
		if (s->koff[s->nblocks] != klen || s->boff[0] != off_blocks ||
		    s->boff[s->nblocks] != off_index) {
			rc = corrupt(d, "its dictionary index");
			goto fail;
		}
		for (uint32_t i = 0; i < s->nblocks; i++)
			if (s->koff[i] > s->koff[i + 1] || s->boff[i] >= s->boff[i + 1]) {
				rc = corrupt(d, "its dictionary index");
				goto fail;
			}
		s->keys = malloc(klen + 1);
		if (!s->keys) {
			rc = TRAWL_ENOMEM;
			goto fail;
		}
		memcpy(s->keys, ix + kstart, klen);
	}
	free(ix);
	*out = s;
	return TRAWL_OK;
fail_io:
	if (rc == TRAWL_ECORRUPT)
		corrupt(d, "it is shorter than it says");
	else if (rc != TRAWL_ENOMEM)
		trawl__diag_set(d, NULL, "reading an index segment: %s", trawl_strerror(rc));
fail:
	free(ix);
	trawl__segment_free(s);
	return rc;
}

static int keycmp(const char *a, size_t an, const char *b, size_t bn)
{
	size_t n = an < bn ? an : bn;
	int r = memcmp(a, b, n);
	return r ? r : (an < bn ? -1 : an > bn);
}

/* Reads term block i's header and dictionary into *buf (malloc'd). */
static trawl_err read_block_dict(const trawl__segment *s, uint32_t i, uint8_t **buf,
                                 uint32_t *nent, uint32_t *dictlen)
{
	uint8_t h[8];
	uint64_t start = s->boff[i], end = s->boff[i + 1];
	trawl_err rc;

	*buf = NULL;
	if (end - start < 8)
		return TRAWL_ECORRUPT;
	if ((rc = read_at(s, h, 8, start)))
		return rc;
	*nent = get32(h);
	*dictlen = get32(h + 4);
	if (*dictlen > end - start - 8 || !*nent)
		return TRAWL_ECORRUPT;
	*buf = malloc((size_t)*dictlen + 1);
	if (!*buf)
		return TRAWL_ENOMEM;
	if ((rc = read_at(s, *buf, *dictlen, start + 8))) {
		free(*buf);
		*buf = NULL;
	}
	return rc;
}

/* Parses one dictionary entry at *p. */
static int parse_entry(const uint8_t **p, const uint8_t *end, const char **key, size_t *kn,
                       uint64_t *df, uint64_t *plen)
{
	const uint8_t *q = *p;

	if (end - q < 2)
		return -1;
	*kn = (size_t)q[0] | (size_t)q[1] << 8;
	q += 2;
	if ((size_t)(end - q) < *kn)
		return -1;
	*key = (const char *)q;
	q += *kn;
	if (get_varint(&q, end, df) || get_varint(&q, end, plen))
		return -1;
	*p = q;
	return 0;
}

int trawl__segment_lookup(const trawl__segment *s, const char *key, size_t n,
                          trawl__segterm *t, trawl_err *rc)
{
	uint32_t lo = 0, hi = s->nblocks, nent, dictlen;
	uint8_t *buf;
	const uint8_t *p, *end;
	uint64_t poff;

	*rc = TRAWL_OK;
	if (!s->nblocks)
		return 0;
	/* the last block whose first key is <= key */
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (keycmp(s->keys + s->koff[mid], s->koff[mid + 1] - s->koff[mid], key, n) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	lo--;
	if ((*rc = read_block_dict(s, lo, &buf, &nent, &dictlen)))
		return 0;
	p = buf;
	end = buf + dictlen;
	poff = s->boff[lo] + 8 + dictlen;
	for (uint32_t i = 0; i < nent; i++) {
		const char *k;
		size_t kn;
		uint64_t df, plen;
		int c;
		if (parse_entry(&p, end, &k, &kn, &df, &plen) || df > UINT32_MAX ||
		    plen > s->boff[lo + 1] - poff) {
			*rc = TRAWL_ECORRUPT;
			break;
		}
		c = keycmp(k, kn, key, n);
		if (c == 0) {
			t->df = (uint32_t)df;
			t->off = poff;
			t->len = plen;
			free(buf);
			return 1;
		}
		if (c > 0)
			break;
		poff += plen;
	}
	free(buf);
	return 0;
}

trawl_err trawl__segment_terms(const trawl__segment *s,
                               int (*cb)(const char *, size_t, const trawl__segterm *, void *),
                               void *u, trawl_diag *d)
{
	for (uint32_t b = 0; b < s->nblocks; b++) {
		uint32_t nent, dictlen;
		uint8_t *buf;
		const uint8_t *p, *end;
		uint64_t poff;
		trawl_err rc = read_block_dict(s, b, &buf, &nent, &dictlen);
		if (rc)
			return rc == TRAWL_ECORRUPT ? corrupt(d, "a dictionary block") : rc;
		p = buf;
		end = buf + dictlen;
		poff = s->boff[b] + 8 + dictlen;
		for (uint32_t i = 0; i < nent; i++) {
			const char *k;
			size_t kn;
			uint64_t df, plen;
			trawl__segterm t;
			if (parse_entry(&p, end, &k, &kn, &df, &plen) || df > UINT32_MAX || !df ||
			    plen > s->boff[b + 1] - poff) {
				free(buf);
				return corrupt(d, "a dictionary entry");
			}
			t.df = (uint32_t)df;
			t.off = poff;
			t.len = plen;
			poff += plen;
			if (cb(k, kn, &t, u)) {
				free(buf);
				return TRAWL_OK;
			}
		}
		free(buf);
	}
	return TRAWL_OK;
}

void trawl__postings_release(trawl__postings *p)
{
	trawl__bitmap_free(p->units);
	free(p->mem);
	free(p->uarr);
	memset(p, 0, sizeof *p);
}

trawl_err trawl__segment_postings(const trawl__segment *s, const trawl__segterm *t,
                                  trawl__postings *p, trawl_diag *d)
{
	const uint8_t *q, *end;
	uint64_t v;
	trawl_err rc;

	memset(p, 0, sizeof *p);
	if (t->len > SIZE_MAX / 2 || !t->df)
		return corrupt(d, "a term's postings");
	p->mem = malloc((size_t)t->len + 1);
	if (!p->mem)
		return TRAWL_ENOMEM;
	if ((rc = read_at(s, p->mem, (size_t)t->len, t->off))) {
		trawl__postings_release(p);
		return rc == TRAWL_ECORRUPT ? corrupt(d, "a term's postings") : rc;
	}
	q = p->mem;
	end = p->mem + t->len;
	p->df = t->df;
	if (q >= end)
		goto bad;
	if (*q == 0) {
		uint32_t u = 0, *arr;
		q++;
		arr = trawl__mallocn(t->df, sizeof *arr);
		if (!arr)
			goto nomem;
		for (uint32_t i = 0; i < t->df; i++) {
			if (get_varint(&q, end, &v) || v >= s->nunits || (i && u + v >= s->nunits)) {
				free(arr);
				goto bad;
			}
			u = i ? u + (uint32_t)v : (uint32_t)v;
			if (i && v == 0) {
				free(arr);
				goto bad;
			}
			arr[i] = u;
		}
		p->units = roaring_bitmap_of_ptr(t->df, arr);
		free(arr);
		if (!p->units)
			goto nomem;
	} else if (*q == 1) {
		q++;
		if (get_varint(&q, end, &v) || v > (uint64_t)(end - q))
			goto bad;
		p->units = roaring_bitmap_portable_deserialize_safe((const char *)q, (size_t)v);
		if (!p->units)
			goto bad;
		q += v;
		if (roaring_bitmap_get_cardinality(p->units) != t->df ||
		    (t->df && roaring_bitmap_maximum(p->units) >= s->nunits))
			goto bad;
	} else {
		goto bad;
	}
	if ((uint64_t)(end - q) < t->df + 1)
		goto bad;
	p->tf = q;
	q += t->df;
	p->ntop = *q++;
	if (p->ntop < 1 || p->ntop > TRAWL__SEG_FRONTIER || (end - q) < 8 * p->ntop)
		goto bad;
	for (int i = 0; i < p->ntop; i++) {
		p->top[i].tf = get32(q);
		p->top[i].dl = get32(q + 4);
		q += 8;
	}
	if (get_varint(&q, end, &v) ||
	    v != (t->df > TRAWL__SEG_BLOCK ? (t->df + TRAWL__SEG_BLOCK - 1) / TRAWL__SEG_BLOCK : 0) ||
	    v * TRAWL__SEG_BLKSZ > (uint64_t)(end - q))
		goto bad;
	p->nblk = (uint32_t)v;
	p->blk = q;
	q += (size_t)v * TRAWL__SEG_BLKSZ;
	p->pos = q;
	p->poslen = (size_t)(end - q);
	for (uint32_t b = 0; b < p->nblk; b++)
		if (get32(p->blk + (size_t)b * TRAWL__SEG_BLKSZ) > p->poslen ||
		    p->blk[(size_t)b * TRAWL__SEG_BLKSZ + 4] < 1 ||
		    p->blk[(size_t)b * TRAWL__SEG_BLKSZ + 4] > TRAWL__SEG_FRONTIER)
			goto bad;
	return TRAWL_OK;
nomem:
	trawl__postings_release(p);
	return TRAWL_ENOMEM;
bad:
	trawl__postings_release(p);
	return corrupt(d, "a term's postings");
}

uint32_t trawl__postings_blkpos(const trawl__postings *p, uint32_t b)
{
	return get32(p->blk + (size_t)b * TRAWL__SEG_BLKSZ);
}

int trawl__postings_blkfront(const trawl__postings *p, uint32_t b, trawl__segpoint *pts)
{
	const uint8_t *r = p->blk + (size_t)b * TRAWL__SEG_BLKSZ;
	int n = r[4];

	for (int i = 0; i < n; i++) {
		pts[i].tf = get32(r + 5 + 8 * i);
		pts[i].dl = get32(r + 9 + 8 * i);
	}
	return n;
}

/* Past n varints from q: a varint ends at each byte under 0x80, so they
 * are counted eight bytes at a time (a varint cut by the word's end is
 * finished in the next). */
static const uint8_t *skip_varints(const uint8_t *q, const uint8_t *end, uint64_t n)
{
	while (n && end - q >= 8) {
		uint64_t w;
		unsigned t;
		memcpy(&w, q, 8);
		/* the bytes under 0x80, summed by a multiply (a popcount
		 * builtin is a libgcc call without -mpopcnt) */
		t = (unsigned)((((~w & 0x8080808080808080ULL) >> 7) * 0x0101010101010101ULL) >> 56);
		if (t >= n)
			break;
		q += 8;
		n -= t;
	}
	while (n && q < end) {
		if (!(*q & 0x80))
			n--;
		q++;
	}
	return q;
}

size_t trawl__postings_skip(const trawl__postings *p, uint32_t i, size_t posoff,
                            uint32_t count)
{
	const uint8_t *q = p->pos + posoff, *end = p->pos + p->poslen;
	uint64_t run = 0;

	if (posoff > p->poslen)
		return p->poslen;
	/* postings whose frequency is in tf[] have no count in the stream:
	 * their positions are skipped together */
	for (uint32_t k = 0; k < count && i + k < p->df; k++) {
		uint64_t tf = p->tf[i + k];
		if (tf < 255) {
			run += tf;
			continue;
		}
		q = skip_varints(q, end, run);
		run = 0;
		if (get_varint(&q, end, &tf))
			return p->poslen;
		q = skip_varints(q, end, tf);
	}
	q = skip_varints(q, end, run);
	return (size_t)(q - p->pos);
}

uint32_t trawl__postings_tf(const trawl__postings *p, uint32_t i, size_t posoff)
{
	const uint8_t *q = p->pos + posoff;
	uint64_t v;

	if (p->tf[i] < 255)
		return p->tf[i];
	if (posoff >= p->poslen || get_varint(&q, p->pos + p->poslen, &v) || v > UINT32_MAX)
		return 255;
	return (uint32_t)v;
}

trawl_err trawl__poscur_open(trawl__poscur *c, uint32_t j, const uint8_t **qp, uint64_t *tfp)
{
	const trawl__postings *p = c->p;
	const uint8_t *q, *end = p->pos + p->poslen;
	uint64_t tf;

	if (j >= p->df || j < c->i)
		return TRAWL_ECORRUPT;
	if (p->nblk && j / TRAWL__SEG_BLOCK != c->i / TRAWL__SEG_BLOCK) {
		uint32_t b = j / TRAWL__SEG_BLOCK;
		c->i = b * TRAWL__SEG_BLOCK;
		c->off = trawl__postings_blkpos(p, b);
	}
	if (j > c->i)
		c->off = trawl__postings_skip(p, c->i, c->off, j - c->i);
	c->i = j;
	if (c->off >= p->poslen)
		return TRAWL_ECORRUPT;
	q = p->pos + c->off;
	tf = p->tf[j];
	if (tf == 255 && get_varint(&q, end, &tf))
		return TRAWL_ECORRUPT;
	if (!tf || tf > (uint64_t)(end - q))
		return TRAWL_ECORRUPT;
	*qp = q;
	*tfp = tf;
	return TRAWL_OK;
}

void trawl__poscur_past(trawl__poscur *c, uint32_t j, const uint8_t *q, uint64_t left)
{
	const trawl__postings *p = c->p;
	const uint8_t *end = p->pos + p->poslen;

	if (q < p->pos || q > end || j != c->i)
		return;   /* not where open left it: the next open skips as before */
	c->off = (size_t)(skip_varints(q, end, left) - p->pos);
	c->i = j + 1;
}

int64_t trawl__poscur_get(trawl__poscur *c, uint32_t j)
{
	const trawl__postings *p = c->p;
	const uint8_t *q, *end = p->pos + p->poslen;
	uint64_t tf, v;
	uint32_t prev = 0;

	if (trawl__poscur_open(c, j, &q, &tf))
		return 0;
	if (tf > c->cap) {
		size_t cap = (size_t)tf + 64;
		uint32_t *np = trawl__reallocn(c->pos, cap, sizeof *np);
		if (!np)
			return -1;
		c->pos = np;
		c->cap = cap;
	}
	for (uint64_t k = 0; k < tf; k++) {
		if (trawl__varint(&q, end, &v) || v > UINT32_MAX || (k && !v))
			return 0;
		prev = k ? prev + (uint32_t)v : (uint32_t)v;
		c->pos[k] = prev;
	}
	c->i = j + 1;
	c->off = (size_t)(q - p->pos);
	return (int64_t)tf;
}

void trawl__poscur_release(trawl__poscur *c)
{
	free(c->pos);
	c->pos = NULL;
	c->cap = 0;
}

trawl_err trawl__postings_positions(const trawl__postings *p, uint32_t **startp,
                                    uint32_t **posp)
{
	const uint8_t *q = p->pos, *end = p->pos + p->poslen;
	uint32_t *start = trawl__mallocn((size_t)p->df + 1, sizeof *start), *pos = NULL;
	size_t n = 0, cap = (size_t)p->df + 16;

	pos = trawl__mallocn(cap, sizeof *pos);
	if (!start || !pos)
		goto nomem;
	for (uint32_t i = 0; i < p->df; i++) {
		uint64_t tf = p->tf[i], v;
		uint32_t prev = 0;
		start[i] = (uint32_t)n;
		if (tf == 255 && get_varint(&q, end, &tf))
			goto bad;
		if (tf == 0 || tf > p->poslen)
			goto bad;
		if (n + tf > cap) {
			uint32_t *np;
			while (n + tf > cap)
				cap *= 2;
			np = trawl__reallocn(pos, cap, sizeof *pos);
			if (!np)
				goto nomem;
			pos = np;
		}
		for (uint64_t k = 0; k < tf; k++) {
			if (get_varint(&q, end, &v) || v > UINT32_MAX)
				goto bad;
			prev = k ? prev + (uint32_t)v : (uint32_t)v;
			if (k && !v)
				goto bad;
			pos[n++] = prev;
		}
	}
	start[p->df] = (uint32_t)n;
	*startp = start;
	*posp = pos;
	return TRAWL_OK;
nomem:
	free(start);
	free(pos);
	return TRAWL_ENOMEM;
bad:
	free(start);
	free(pos);
	return TRAWL_ECORRUPT;
}

/* ---- checking ---- */

typedef struct check_ctx {
	const trawl__segment *s;
	uint64_t *per_unit;
	uint64_t ntok;
	const char *prev;
	size_t prevn;
	char *prevbuf;
	trawl_err rc;
	trawl_diag *d;
} check_ctx;

static int check_term(const char *key, size_t n, const trawl__segterm *t, void *u)
{
	check_ctx *c = u;
	trawl__postings p;
	uint32_t *start = NULL, *pos = NULL, *units = NULL;
	char *nb;

	if (c->prevbuf && keycmp(c->prevbuf, c->prevn, key, n) >= 0) {
		c->rc = corrupt(c->d, "its terms are out of order");
		return 1;
	}
	nb = realloc(c->prevbuf, n + 1);
	if (!nb) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	memcpy(nb, key, n);
	c->prevbuf = nb;
	c->prevn = n;
	if ((c->rc = trawl__segment_postings(c->s, t, &p, c->d)))
		return 1;
	units = trawl__mallocn(p.df, sizeof *units);
	if (!units) {
		c->rc = TRAWL_ENOMEM;
		goto out;
	}
	roaring_bitmap_to_uint32_array(p.units, units);
	if ((c->rc = trawl__postings_positions(&p, &start, &pos))) {
		if (c->rc == TRAWL_ECORRUPT)
			corrupt(c->d, "a term's positions");
		goto out;
	}
	for (uint32_t i = 0; i < p.df; i++) {
		uint32_t u_ = units[i], tf = start[i + 1] - start[i];
		if (pos[start[i + 1] - 1] >= c->s->dl[u_] ||
		    (p.tf[i] < 255 && p.tf[i] != tf) || (p.tf[i] == 255 && tf < 255)) {
			c->rc = corrupt(c->d, "a term's positions lie outside its unit");
			goto out;
		}
		c->per_unit[u_] += tf;
		c->ntok += tf;
	}
out:
	free(units);
	free(start);
	free(pos);
	trawl__postings_release(&p);
	return c->rc != TRAWL_OK;
}

trawl_err trawl__segment_check(const trawl__segment *s, uint64_t *ntok_out,
                               uint64_t **per_unit_tokens, trawl_diag *d)
{
	check_ctx c;
	trawl_err rc;

	memset(&c, 0, sizeof c);
	c.s = s;
	c.d = d;
	c.per_unit = calloc((size_t)s->nunits + 1, sizeof *c.per_unit);
	if (!c.per_unit)
		return TRAWL_ENOMEM;
	rc = trawl__segment_terms(s, check_term, &c, d);
	if (!rc)
		rc = c.rc;
	free(c.prevbuf);
	if (rc) {
		free(c.per_unit);
		return rc;
	}
	*ntok_out = c.ntok;
	*per_unit_tokens = c.per_unit;
	return TRAWL_OK;
}

/* ---- merging ---- */

/* One input's walk through its terms, a block at a time. */
typedef struct mcur {
	const trawl__segment *s;
	uint32_t blk, nent, ient;
	uint8_t *buf;
	const uint8_t *p, *end;
	uint64_t poff;
	/* the current term */
	const char *key;
	size_t kn;
	trawl__segterm t;
	int done;
	const uint32_t *remap;   /* old unit -> new, UINT32_MAX: dropped */
} mcur;

static trawl_err mcur_next(mcur *c)
{
	for (;;) {
		uint64_t df, plen;
		uint32_t dictlen;
		trawl_err rc;
		if (c->buf && c->ient < c->nent) {
			if (parse_entry(&c->p, c->end, &c->key, &c->kn, &df, &plen) || !df ||
			    df > UINT32_MAX || plen > c->s->boff[c->blk + 1] - c->poff)
				return TRAWL_ECORRUPT;
			c->t.df = (uint32_t)df;
			c->t.off = c->poff;
			c->t.len = plen;
			c->poff += plen;
			c->ient++;
			return TRAWL_OK;
		}
		if (c->buf) {
			free(c->buf);
			c->buf = NULL;
			c->blk++;
		}
		if (c->blk >= c->s->nblocks) {
			c->done = 1;
			return TRAWL_OK;
		}
		if ((rc = read_block_dict(c->s, c->blk, &c->buf, &c->nent, &dictlen)))
			return rc;
		c->p = c->buf;
		c->end = c->buf + dictlen;
		c->poff = c->s->boff[c->blk] + 8 + dictlen;
		c->ient = 0;
	}
}

/* Appends input c's postings of its current term, renumbered, to l. */
static trawl_err merge_postings(const mcur *c, plist *l, trawl_diag *d)
{
	trawl__postings p;
	uint32_t *units = NULL;
	const uint8_t *q, *end;
	trawl_err rc;

	if ((rc = trawl__segment_postings(c->s, &c->t, &p, d)))
		return rc;
	units = trawl__mallocn(p.df, sizeof *units);
	if (!units) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	roaring_bitmap_to_uint32_array(p.units, units);
	q = p.pos;
	end = p.pos + p.poslen;
	for (uint32_t i = 0; i < p.df; i++) {
		uint64_t tf = p.tf[i], v;
		const uint8_t *s0;
		uint32_t nu = c->remap[units[i]];
		if (tf == 255 && get_varint(&q, end, &tf)) {
			rc = corrupt(d, "a term's positions");
			goto out;
		}
		s0 = q;
		for (uint64_t k = 0; k < tf; k++)
			if (get_varint(&q, end, &v)) {
				rc = corrupt(d, "a term's positions");
				goto out;
			}
		if (nu == UINT32_MAX)
			continue;
		if (plist_push(l, nu, (uint32_t)tf)) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		bytes_add(&l->pos, s0, (size_t)(q - s0));
	}
	if (l->pos.fail)
		rc = TRAWL_ENOMEM;
out:
	free(units);
	trawl__postings_release(&p);
	return rc;
}

trawl_err trawl__segment_merge(trawl__segment *const *in, const roaring_bitmap_t *const *dead,
                               size_t n, const trawl__segsink *out, trawl__seginfo *info,
                               trawl_diag *d)
{
	uint32_t **remap = NULL, *udoc = NULL, *dl = NULL, *seq = NULL, *ntok = NULL, *dfirst = NULL;
	uint64_t *fp = NULL, ntokens = 0, off_blocks, totu = 0, totd = 0;
	uint32_t nu = 0, nd = 0;
	mcur *cur = NULL;
	plist l;
	segw w;
	trawl_err rc = TRAWL_OK;

	memset(&l, 0, sizeof l);
	w_init(&w, out);
	for (size_t i = 0; i < n; i++) {
		totu += in[i]->nunits;
		totd += in[i]->ndocs;
	}
	if (totu > TRAWL__SEG_MAX_UNITS) {
		trawl__diag_set(d, NULL, "merging index segments: over %u units", TRAWL__SEG_MAX_UNITS);
		return TRAWL_ETOOBIG;
	}
	remap = calloc(n, sizeof *remap);
	cur = calloc(n, sizeof *cur);
	udoc = trawl__mallocn(totu + 1, 4);
	dl = trawl__mallocn(totu + 1, 4);
	seq = trawl__mallocn(totu + 1, 4);
	ntok = trawl__mallocn(totu + 1, 4);
	fp = trawl__mallocn(totu + 1, 8);
	dfirst = trawl__mallocn(totd + 1, 4);
	if (!remap || !cur || !udoc || !dl || !seq || !ntok || !fp || !dfirst) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	/* the new numbering: live documents in order, their units with them */
	{
		uint8_t *raw = NULL;
		for (size_t i = 0; i < n && !rc; i++) {
			const trawl__segment *s = in[i];
			uint8_t *nraw;
			remap[i] = trawl__mallocn((size_t)s->nunits + 1, 4);
			nraw = trawl__reallocn(raw, (size_t)s->nunits * 12 + 1, 1);
			if (!remap[i] || !nraw) {
				free(nraw ? nraw : raw);
				raw = NULL;
				rc = TRAWL_ENOMEM;
				break;
			}
			raw = nraw;
			/* ntok and fp are not kept open: read them now */
			if ((rc = read_at(s, raw, (size_t)s->nunits * 12,
			                  s->off_units + (uint64_t)s->nunits * 12)))
				break;
			for (uint32_t k = 0; k < s->ndocs; k++) {
				int drop = dead && dead[i] && roaring_bitmap_contains(dead[i], k);
				if (!drop) {
					dfirst[nd++] = nu;
				}
				for (uint32_t x = s->dfirst[k]; x < s->dfirst[k + 1]; x++) {
					if (drop) {
						remap[i][x] = UINT32_MAX;
						continue;
					}
					remap[i][x] = nu;
					udoc[nu] = nd - 1;
					dl[nu] = s->dl[x];
					seq[nu] = s->seq[x];
					ntok[nu] = get32(raw + 4 * (size_t)x);
					fp[nu] = get64(raw + 4 * (size_t)s->nunits + 8 * (size_t)x);
					ntokens += s->dl[x];
					nu++;
				}
			}
		}
		free(raw);
		if (rc)
			goto out;
		dfirst[nd] = nu;
	}
	w_head(&w);
	w_units(&w, nu, nd, udoc, dl, seq, ntok, fp, dfirst);
	off_blocks = w.off;
	for (size_t i = 0; i < n; i++) {
		cur[i].s = in[i];
		cur[i].remap = remap[i];
		if ((rc = mcur_next(&cur[i])))
			goto out_corrupt;
	}
	/* terms in key order: every input with the smallest key gives its postings */
	for (;;) {
		const char *key = NULL;
		size_t kn = 0, mark;
		char keybuf[TRAWL__SEG_MAX_KEY];
		for (size_t i = 0; i < n; i++)
			if (!cur[i].done && (!key || keycmp(cur[i].key, cur[i].kn, key, kn) < 0)) {
				key = cur[i].key;
				kn = cur[i].kn;
			}
		if (!key)
			break;
		if (kn > sizeof keybuf) {
			rc = TRAWL_ECORRUPT;
			goto out_corrupt;
		}
		memcpy(keybuf, key, kn);
		plist_reset(&l);
		for (size_t i = 0; i < n; i++) {
			if (cur[i].done || keycmp(cur[i].key, cur[i].kn, keybuf, kn))
				continue;
			if ((rc = merge_postings(&cur[i], &l, d)))
				goto out;
			if ((rc = mcur_next(&cur[i])))
				goto out_corrupt;
		}
		if (!l.n)
			continue;   /* only dropped units held it */
		mark = w.post.n;
		if ((rc = encode_postings(&l, dl, &w.post)))
			goto out;
		w_term(&w, keybuf, kn, l.n, mark);
		if (w.rc) {
			rc = w.rc;
			goto out;
		}
	}
	rc = w_finish(&w, nd, nu, ntokens, off_blocks, info);
	goto out;
out_corrupt:
	if (rc == TRAWL_ECORRUPT)
		corrupt(d, "a dictionary block");
out:
	if (rc && rc != TRAWL_ECORRUPT && d && !d->msg[0])
		trawl__diag_set(d, NULL, "merging index segments: %s", trawl_strerror(rc));
	for (size_t i = 0; remap && i < n; i++)
		free(remap[i]);
	for (size_t i = 0; cur && i < n; i++)
		free(cur[i].buf);
	free(remap);
	free(cur);
	free(udoc);
	free(dl);
	free(seq);
	free(ntok);
	free(fp);
	free(dfirst);
	plist_free(&l);
	w_release(&w);
	return rc;
}
