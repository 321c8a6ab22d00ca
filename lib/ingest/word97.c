/* Word 97-2003 binary documents ([MS-DOC]): the text is found through the
 * piece table (the Clx in the table stream), each piece either UTF-16LE
 * or "compressed" 8-bit text at its file offset in the WordDocument
 * stream. Which paragraph marks are table cells and row ends comes from
 * the paragraph properties (the PAPX FKPs the PlcBtePapx points to):
 * sprmPFInTable marks a paragraph in a table, sprmPFTtp the row-end mark,
 * and a cell ends with character 7. Every offset read from the file is
 * checked against the stream it points into. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/word97.h"
#include "util/alloc.h"
#include "util/banned.h"

/* FIB offsets (FibBase, FibRgLw97, FibRgFcLcb97) */
#define FIB_IDENT 0x00
#define FIB_CCP_TEXT 0x4C
#define FIB_FC_PLCFBTEPAPX 0x102
#define FIB_FC_CLX 0x1A2
#define FIB_MIN 0x1AA
#define WORD_IDENT 0xA5EC

#define SPRM_PFINTABLE 0x2416
#define SPRM_PFTTP 0x2417
#define SPRM_TDEFTABLE 0xD608
#define SPRM_PCHGTABS 0xC615

/* Nested fields (a field inside a field's result) are followed this deep. */
#define FIELD_DEPTH 32

typedef struct para {
	uint32_t fc0, fc1;    /* file offsets of the paragraph's text */
	uint8_t intable, ttp; /* in a table; the row-end mark */
} para;

static uint16_t rd16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }
static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The in-table and row-end properties in a grpprl. */
static void sprms(const unsigned char *p, const unsigned char *end, para *pa)
{
	while (end - p >= 2) {
		uint16_t sprm = rd16(p);
		size_t size;
		p += 2;
		switch (sprm >> 13) {
		case 0: case 1: size = 1; break;
		case 2: case 4: case 5: size = 2; break;
		case 3: size = 4; break;
		case 7: size = 3; break;
		default: /* 6: variable, its size first */
			if (end - p < 1)
				return;
			if (sprm == SPRM_TDEFTABLE) {
				if (end - p < 2)
					return;
				size = 2 + (size_t)(rd16(p) ? rd16(p) - 1 : 0);
			} else if (sprm == SPRM_PCHGTABS && p[0] == 255) {
				return; /* (its own layout; nothing after it is needed) */
			} else {
				size = 1 + (size_t)p[0];
			}
		}
		if ((size_t)(end - p) < size)
			return;
		if (sprm == SPRM_PFINTABLE)
			pa->intable = p[0] != 0;
		else if (sprm == SPRM_PFTTP)
			pa->ttp = p[0] != 0;
		p += size;
	}
}

/* The paragraphs' properties, in file order, from the PAPX FKPs. */
static trawl_err load_paras(const unsigned char *word, size_t wlen, const unsigned char *table,
                            size_t tlen, trawl__vec *out)
{
	uint32_t fc = rd32(word + FIB_FC_PLCFBTEPAPX), lcb = rd32(word + FIB_FC_PLCFBTEPAPX + 4);
	size_t n;

	if (lcb < 4 || fc > tlen || lcb > tlen - fc || (lcb - 4) % 8)
		return TRAWL_EFORMAT;
	n = (lcb - 4) / 8;
	for (size_t i = 0; i < n; i++) {
		uint32_t pn = rd32(table + fc + 4 * (n + 1) + 4 * i) & 0x3FFFFF;
		const unsigned char *page;
		unsigned crun;
		if ((uint64_t)pn * 512 + 512 > wlen)
			return TRAWL_EFORMAT;
		page = word + (size_t)pn * 512;
		crun = page[511];
		if (crun == 0 || 4 * (crun + 1) + 13 * crun > 511)
			return TRAWL_EFORMAT;
		for (unsigned j = 0; j < crun; j++) {
			para pa = { rd32(page + 4 * j), rd32(page + 4 * (j + 1)), 0, 0 };
			unsigned boff = page[4 * (crun + 1) + 13 * j];
			para *slot;
			if (boff) {
				size_t off = 2 * (size_t)boff, start, size;
				if (off + 2 > 511)
					return TRAWL_EFORMAT;
				if (page[off]) {
					start = off + 1;
					size = 2 * (size_t)page[off] - 1;
				} else {
					start = off + 2;
					size = 2 * (size_t)page[off + 1];
				}
				/* (the style index comes first) */
				if (start + size > 512 || size < 2)
					return TRAWL_EFORMAT;
				sprms(page + start + 2, page + start + size, &pa);
			}
			if (!(slot = trawl__vec_push(out)))
				return TRAWL_ENOMEM;
			*slot = pa;
		}
	}
	return TRAWL_OK;
}

/* The properties of the paragraph whose text holds file offset fc. */
static const para *para_at(const trawl__vec *ps, uint32_t fc)
{
	size_t lo = 0, hi = ps->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const para *p = &TRAWL_VEC_AT(ps, para, mid);
		if (fc < p->fc0)
			hi = mid;
		else if (fc >= p->fc1)
			lo = mid + 1;
		else
			return p;
	}
	return NULL;
}

/* Windows-1252's 0x80-0x9F; the rest of a compressed piece is Latin-1. */
static const uint16_t cp1252[32] = {
	0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
	0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static void put_utf8(trawl__buf *b, uint32_t c, trawl_err *rc)
{
	char u[4];
	size_t n;

	if (c >= 0xD800 && c <= 0xDFFF)
		c = 0xFFFD;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | c >> 6);
		u[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | c >> 12);
		u[1] = (char)(0x80 | (c >> 6 & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | c >> 18);
		u[1] = (char)(0x80 | (c >> 12 & 0x3F));
		u[2] = (char)(0x80 | (c >> 6 & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	if (!*rc)
		*rc = trawl__buf_add(b, u, n);
}

typedef struct state {
	trawl__docset *s;
	trawl__unit *u;
	trawl__buf line, cell;   /* the paragraph, the cell being read */
	int in_table, row_open;
	uint8_t code[FIELD_DEPTH]; /* per open field: still in its code */
	int depth;
	trawl_err rc;
} state;

static int in_code(const state *st)
{
	for (int i = 0; i < st->depth && i < FIELD_DEPTH; i++)
		if (st->code[i])
			return 1;
	return 0;
}

static void flush_line(state *st)
{
	if (st->line.len)
		trawl__unit_text(st->s, st->u, st->line.data, st->line.len);
	trawl__unit_newline(st->s, st->u);
	trawl__buf_reset(&st->line);
}

static void end_table(state *st)
{
	if (!st->in_table)
		return;
	if (st->cell.len) /* a cell cut short: kept in its row */
		trawl__unit_cell(st->s, st->u, st->cell.data, st->cell.len);
	trawl__buf_reset(&st->cell);
	trawl__unit_table_end(st->s, st->u);
	st->in_table = st->row_open = 0;
}

static void begin_table(state *st)
{
	if (st->in_table)
		return;
	if (st->line.len)
		flush_line(st);
	trawl__unit_table_begin(st->s, st->u);
	st->in_table = 1;
}

/* One character of the main text, at file offset fc. */
static void put_char(state *st, const trawl__vec *ps, uint32_t c, uint32_t fc)
{
	const para *p;

	switch (c) {
	case 0x13: /* field begin: its code follows */
		if (st->depth < FIELD_DEPTH)
			st->code[st->depth] = 1;
		st->depth++;
		return;
	case 0x14: /* field separator: its result follows */
		if (st->depth > 0 && st->depth <= FIELD_DEPTH)
			st->code[st->depth - 1] = 0;
		return;
	case 0x15:
		if (st->depth > 0)
			st->depth--;
		return;
	}
	if (in_code(st))
		return;
	if (c == 0x0D || c == 0x07) {
		p = para_at(ps, fc);
		if (c == 0x07 && p && p->ttp) {
			/* the row-end mark */
			if (st->in_table && st->row_open)
				trawl__unit_row_end(st->s, st->u);
			st->row_open = 0;
			return;
		}
		if (c == 0x07 && p && p->intable) {
			begin_table(st);
			if (!st->row_open) {
				trawl__unit_row_begin(st->s, st->u);
				st->row_open = 1;
			}
			trawl__unit_cell(st->s, st->u, st->cell.data ? st->cell.data : "", st->cell.len);
			trawl__buf_reset(&st->cell);
			return;
		}
		if (c == 0x0D && p && p->intable) {
			/* a paragraph inside a cell */
			begin_table(st);
			if (st->cell.len && !st->rc)
				st->rc = trawl__buf_add(&st->cell, " ", 1);
			return;
		}
		end_table(st);
		flush_line(st);
		return;
	}
	if (c == 0x0B || c == 0x0C) { /* line and page breaks */
		if (st->in_table || st->cell.len)
			put_utf8(&st->cell, ' ', &st->rc);
		else
			flush_line(st);
		return;
	}
	if (c == 0x09 || c == 0xA0)
		c = ' '; /* (a tab in text would read as a table's column) */
	else if (c == 0x1E)
		c = '-';
	else if (c < 0x20 || c == 0x1F)
		return; /* pictures, objects, footnote marks, optional hyphens */
	/* the text of a paragraph in a table is a cell's */
	p = para_at(ps, fc);
	if (p && p->intable) {
		begin_table(st);
		put_utf8(&st->cell, c, &st->rc);
	} else {
		end_table(st);
		put_utf8(&st->line, c, &st->rc);
	}
}

trawl_err trawl__word97_read(const unsigned char *word, size_t wlen,
                             const unsigned char *table, size_t tlen, trawl__docset *s,
                             const char *path, trawl_diag *d)
{
	trawl__vec ps;
	state st;
	trawl__doc *doc;
	uint32_t ccp, fc, lcb, p, end;
	size_t n = 0;
	const unsigned char *cps = NULL, *pcds = NULL;
	trawl_err rc;

	trawl__vec_init(&ps, sizeof(para));
	memset(&st, 0, sizeof st);
	trawl__buf_init(&st.line, 0);
	trawl__buf_init(&st.cell, 0);
	if (wlen < FIB_MIN || rd16(word + FIB_IDENT) != WORD_IDENT) {
		trawl__diag_set(d, path, "damaged Word document: its WordDocument stream has no "
		                "file information block");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	ccp = rd32(word + FIB_CCP_TEXT);
	fc = rd32(word + FIB_FC_CLX);
	lcb = rd32(word + FIB_FC_CLX + 4);
	if (fc > tlen || lcb > tlen - fc) {
		trawl__diag_set(d, path, "damaged Word document: its piece table lies outside its "
		                "table stream");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	/* the Clx: property lists (clxt 1) to skip, then the piece table */
	for (p = fc, end = fc + lcb; p < end;) {
		if (table[p] == 1 && end - p >= 3) {
			p += 3 + rd16(table + p + 1);
		} else if (table[p] == 2 && end - p >= 5) {
			uint32_t plc = rd32(table + p + 1);
			if (plc < 4 || plc > end - p - 5 || (plc - 4) % 12)
				break;
			n = (plc - 4) / 12;
			cps = table + p + 5;
			pcds = cps + 4 * (n + 1);
			break;
		} else {
			break;
		}
	}
	if (!cps) {
		trawl__diag_set(d, path, "damaged Word document: no piece table");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	if ((rc = load_paras(word, wlen, table, tlen, &ps))) {
		if (rc == TRAWL_EFORMAT)
			trawl__diag_set(d, path, "damaged Word document: its paragraph properties "
			                "point outside the file");
		goto out;
	}
	doc = trawl__doc_new(s, NULL);
	st.s = s;
	st.u = trawl__unit_new(s, doc, "section", 1, NULL);
	for (size_t i = 0; i < n && !s->rc && !st.rc; i++) {
		uint32_t cp0 = rd32(cps + 4 * i), cp1 = rd32(cps + 4 * (i + 1));
		uint32_t fcv = rd32(pcds + 8 * i + 2), at;
		int compressed = (fcv & 0x40000000u) != 0;
		size_t bpc = compressed ? 1 : 2, count;
		if (cp0 >= ccp)
			break;
		if (cp1 > ccp)
			cp1 = ccp;
		if (cp1 <= cp0)
			continue;
		at = compressed ? (fcv & 0x3FFFFFFFu) / 2 : (fcv & 0x3FFFFFFFu);
		count = cp1 - cp0;
		if (at > wlen || count > (wlen - at) / bpc) {
			trawl__diag_set(d, path, "damaged Word document: a piece of its text lies "
			                "outside the file");
			rc = TRAWL_EFORMAT;
			goto out;
		}
		for (size_t k = 0; k < count; k++) {
			uint32_t c, cfc = at + (uint32_t)(k * bpc);
			if (compressed) {
				c = word[cfc];
				if (c >= 0x80 && c < 0xA0)
					c = cp1252[c - 0x80];
			} else {
				c = rd16(word + cfc);
				if (c >= 0xD800 && c < 0xDC00 && k + 1 < count) {
					uint32_t lo = rd16(word + cfc + 2);
					if (lo >= 0xDC00 && lo < 0xE000) {
						c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
						k++;
					}
				}
			}
			put_char(&st, &ps, c, cfc);
		}
	}
	end_table(&st);
	if (st.line.len)
		flush_line(&st);
	if (!st.rc && !s->rc && st.u && st.u->nt.text.len) {
		const char *nl = memchr(st.u->nt.text.data, '\n', st.u->nt.text.len);
		size_t len = nl ? (size_t)(nl - st.u->nt.text.data) : st.u->nt.text.len;
		if (len > 0 && len < 300 && !memchr(st.u->nt.text.data, '\t', len))
			trawl__doc_title(s, doc, st.u->nt.text.data, len);
	}
	rc = st.rc ? st.rc : s->rc;
out:
	trawl__vec_release(&ps);
	trawl__buf_release(&st.line);
	trawl__buf_release(&st.cell);
	return rc;
}
