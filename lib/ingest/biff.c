/* BIFF5/7 and BIFF8 records (the [MS-XLS] specification), with a bounds
 * check on every length: a record never reads past its own data, a string
 * never past the CONTINUE records that carry it, and nothing is sized by
 * what a header claims (a shared-string table announcing four billion
 * strings costs what its bytes hold). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/biff.h"
#include "ingest/numfmt.h"
#include "ingest/sheetgrid.h"
#include "text/text.h"
#include "util/diag.h"
#include "util/banned.h"

enum {
	R_FORMULA = 0x0006, R_EOF = 0x000A, R_DATEMODE = 0x0022, R_FILEPASS = 0x002F,
	R_CONTINUE = 0x003C, R_CODEPAGE = 0x0042, R_BOUNDSHEET = 0x0085,
	R_MULRK = 0x00BD, R_RSTRING = 0x00D6, R_XF = 0x00E0, R_MERGEDCELLS = 0x00E5,
	R_SST = 0x00FC, R_LABELSST = 0x00FD, R_NUMBER = 0x0203, R_LABEL = 0x0204,
	R_BOOLERR = 0x0205, R_STRING = 0x0207, R_RK = 0x027E, R_FORMAT = 0x041E,
	R_BOF = 0x0809,
};

/* BOUNDSHEET sheet types */
enum { SHEET_WORK = 0, SHEET_MACRO = 1, SHEET_CHART = 2, SHEET_VBA = 6 };

static uint16_t u16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static double f64(const unsigned char *p)
{
	uint64_t u = (uint64_t)u32(p) | (uint64_t)u32(p + 4) << 32;
	double v;
	memcpy(&v, &u, sizeof v);
	return v;
}

typedef struct strref { size_t off; uint32_t len; } strref;
typedef struct fmtref { uint16_t id; size_t off; uint32_t len; } fmtref;
typedef struct sheetref { uint32_t pos; uint8_t vis, type; char *name; } sheetref;
typedef struct xfmt { const char *p; uint32_t len; } xfmt;

typedef struct rec {
	uint16_t type;
	uint32_t len;
	const unsigned char *p;
	size_t off, next;
	int cut;          /* its data runs past the stream's end */
} rec;

typedef struct wb {
	const unsigned char *d;
	size_t n;
	int biff;                 /* 5 or 8 */
	const char *charset;      /* of BIFF5 byte strings; NULL: detect */
	int date1904;
	trawl__vec xf;            /* uint16_t: the format id of each XF */
	trawl__vec fmts;          /* fmtref, into fmtbuf */
	trawl__buf fmtbuf;
	xfmt *xfmts;              /* each XF's format code, once fmtbuf is complete */
	trawl__vec sst;           /* strref, into sstbuf */
	trawl__buf sstbuf;
	trawl__vec sheets;        /* sheetref */
	size_t globals_end;       /* where the globals substream ended */
	size_t parsed;            /* bytes of sheet substreams read so far */
	unsigned long cells;      /* read so far (against TRAWL__SHEET_MAX_CELLS) */
	unsigned long bad_sst, bad_rec;
	int budget_hit, merges_cut;
	trawl__docset *s;
	trawl_err rc;             /* sticky */
} wb;

static int rec_at(const wb *w, size_t off, rec *r)
{
	if (off > w->n || w->n - off < 4)
		return 0;
	r->type = u16(w->d + off);
	r->len = u16(w->d + off + 2);
	r->p = w->d + off + 4;
	r->off = off;
	r->cut = r->len > w->n - off - 4;
	if (r->cut)
		r->len = (uint32_t)(w->n - off - 4);
	r->next = off + 4 + r->len;
	return 1;
}

/* ---- data that may go on in CONTINUE records ---- */

typedef struct segr {
	const wb *w;
	const unsigned char *p, *e;
	size_t next;      /* the record after the current piece */
} segr;

static void segr_init(segr *r, const wb *w, const rec *rc, size_t skip)
{
	r->w = w;
	r->p = rc->p + (skip < rc->len ? skip : rc->len);
	r->e = rc->p + rc->len;
	r->next = rc->next;
}

/* Moves on to the next CONTINUE record; 0 when there is none. */
static int segr_more(segr *r)
{
	rec c;

	while (rec_at(r->w, r->next, &c) && c.type == R_CONTINUE) {
		r->p = c.p;
		r->e = c.p + c.len;
		r->next = c.next;
		if (c.len)
			return 1;
	}
	return 0;
}

static int segr_get(segr *r, unsigned char *out, size_t n)
{
	while (n) {
		size_t k;
		if (r->p >= r->e && !segr_more(r))
			return 0;
		k = (size_t)(r->e - r->p) < n ? (size_t)(r->e - r->p) : n;
		if (out) {
			memcpy(out, r->p, k);
			out += k;
		}
		r->p += k;
		n -= k;
	}
	return 1;
}

/* ---- text ---- */

typedef struct u8out {
	trawl__buf *b;
	trawl_err *rc;
	char tmp[512];
	size_t n;
	uint32_t hi;      /* a high surrogate waiting for its pair */
} u8out;

static void u8_flush(u8out *o)
{
	if (o->n && !*o->rc)
		*o->rc = trawl__buf_add(o->b, o->tmp, o->n);
	o->n = 0;
}

static void u8_cp(u8out *o, uint32_t c)
{
	if (o->n + 4 > sizeof o->tmp)
		u8_flush(o);
	if (c < 0x80) {
		o->tmp[o->n++] = (char)c;
	} else if (c < 0x800) {
		o->tmp[o->n++] = (char)(0xC0 | c >> 6);
		o->tmp[o->n++] = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		o->tmp[o->n++] = (char)(0xE0 | c >> 12);
		o->tmp[o->n++] = (char)(0x80 | (c >> 6 & 0x3F));
		o->tmp[o->n++] = (char)(0x80 | (c & 0x3F));
	} else {
		o->tmp[o->n++] = (char)(0xF0 | c >> 18);
		o->tmp[o->n++] = (char)(0x80 | (c >> 12 & 0x3F));
		o->tmp[o->n++] = (char)(0x80 | (c >> 6 & 0x3F));
		o->tmp[o->n++] = (char)(0x80 | (c & 0x3F));
	}
}

/* One UTF-16 code unit; lone surrogates become U+FFFD. */
static void u8_unit(u8out *o, uint32_t u)
{
	if (o->hi) {
		if (u >= 0xDC00 && u <= 0xDFFF) {
			u8_cp(o, 0x10000 + ((o->hi - 0xD800) << 10) + (u - 0xDC00));
			o->hi = 0;
			return;
		}
		u8_cp(o, 0xFFFD);
		o->hi = 0;
	}
	if (u >= 0xD800 && u <= 0xDBFF)
		o->hi = u;
	else if (u >= 0xDC00 && u <= 0xDFFF)
		u8_cp(o, 0xFFFD);
	else
		u8_cp(o, u);
}

static void u8_end(u8out *o)
{
	if (o->hi)
		u8_cp(o, 0xFFFD);
	o->hi = 0;
	u8_flush(o);
}

/* cch characters of a BIFF8 string, 8-bit (Latin-1) or UTF-16LE as high
 * says; where a CONTINUE record cuts the characters, its first byte says
 * again which of the two follows. 0 when the data ends first (what was
 * read is kept). */
static int read_chars(segr *r, uint32_t cch, int high, trawl__buf *out, trawl_err *rc)
{
	u8out o;

	o.b = out;
	o.rc = rc;
	o.n = 0;
	o.hi = 0;
	while (cch > 0 && !*rc) {
		if (r->p >= r->e || (high && r->e - r->p < 2)) {
			if (!segr_more(r)) {
				u8_end(&o);
				return 0;
			}
			high = *r->p++ & 1;
			continue;
		}
		if (high) {
			u8_unit(&o, u16(r->p));
			r->p += 2;
		} else {
			u8_unit(&o, *r->p++);
		}
		cch--;
	}
	u8_end(&o);
	return 1;
}

/* A BIFF5 byte string in the workbook's code page. */
static void add_bytes(wb *w, trawl__buf *out, const unsigned char *p, size_t n)
{
	size_t i, bad;
	trawl__decoded info;

	if (w->rc)
		return;
	for (i = 0; i < n && p[i] < 0x80; i++)
		;
	if (i == n) {
		w->rc = trawl__buf_add(out, p, n);
		return;
	}
	if (w->charset) {
		trawl_err e = trawl__iconv_to_utf8((const char *)p, n, w->charset, out, &bad, NULL);
		if (e != TRAWL_EUNSUPPORTED) {
			w->rc = e;
			return;
		}
	}
	/* no code page, or one iconv lacks: the text stage's detection */
	w->rc = trawl__decode((const char *)p, n, NULL, out, &info);
	if (w->rc == TRAWL_EUNSUPPORTED)
		w->rc = trawl__iconv_to_utf8((const char *)p, n, "WINDOWS-1252", out, &bad, NULL);
}

/* A string as it stands in LABEL, STRING, FORMAT (BIFF8: a 16-bit count,
 * a flags byte, the characters; BIFF5: a count and bytes). lenbytes is
 * the size of the count (1 or 2). Appends to out; 0 when cut short. */
static int read_string(wb *w, segr *r, int lenbytes, trawl__buf *out)
{
	unsigned char h[3];
	uint32_t cch;

	if (!segr_get(r, h, (size_t)lenbytes))
		return 0;
	cch = lenbytes == 1 ? h[0] : u16(h);
	if (w->biff == 8) {
		unsigned char fl;
		if (!segr_get(r, &fl, 1))
			return cch == 0;
		/* (a rich or phonetic string in these records is not expected,
		 * but its header fields are skipped if flagged) */
		if (fl & 0x08 && !segr_get(r, NULL, 2))
			return 0;
		if (fl & 0x04 && !segr_get(r, NULL, 4))
			return 0;
		return read_chars(r, cch, fl & 1, out, &w->rc);
	}
	{
		size_t have = (size_t)(r->e - r->p);
		size_t k = cch < have ? cch : have;
		add_bytes(w, out, r->p, k);
		r->p += k;
		return k == cch;
	}
}

/* ---- the workbook globals ---- */

static void read_sst(wb *w, const rec *r)
{
	segr sr;
	uint32_t unique, i;

	if (r->len < 8)
		return;
	unique = u32(r->p + 4);
	segr_init(&sr, w, r, 8);
	for (i = 0; i < unique && !w->rc; i++) {
		unsigned char h[4];
		uint32_t cch, runs = 0, ext = 0;
		unsigned char fl;
		strref *sref;
		size_t start = w->sstbuf.len;
		int whole;
		if (!segr_get(&sr, h, 3))
			break;
		cch = u16(h);
		fl = h[2];
		if (fl & 0x08) {
			if (!segr_get(&sr, h, 2))
				break;
			runs = u16(h);
		}
		if (fl & 0x04) {
			if (!segr_get(&sr, h, 4))
				break;
			ext = u32(h);
		}
		whole = read_chars(&sr, cch, fl & 1, &w->sstbuf, &w->rc);
		/* rich-text runs (4 bytes each), then Far East phonetic data */
		if (whole)
			whole = segr_get(&sr, NULL, (size_t)runs * 4) && segr_get(&sr, NULL, ext);
		sref = trawl__vec_push(&w->sst);
		if (!sref) {
			w->rc = TRAWL_ENOMEM;
			break;
		}
		sref->off = start;
		sref->len = (uint32_t)(w->sstbuf.len - start);
		if (!whole)
			break;
	}
}

static void add_format(wb *w, const rec *r)
{
	segr sr;
	fmtref *f;
	size_t start = w->fmtbuf.len;
	uint16_t id;

	if (r->len < 3)
		return;
	id = u16(r->p);
	segr_init(&sr, w, r, 2);
	read_string(w, &sr, w->biff == 8 ? 2 : 1, &w->fmtbuf);
	if (w->rc)
		return;
	f = trawl__vec_push(&w->fmts);
	if (!f) {
		w->rc = TRAWL_ENOMEM;
		return;
	}
	f->id = id;
	f->off = start;
	f->len = (uint32_t)(w->fmtbuf.len - start);
}

static void add_sheet(wb *w, const rec *r)
{
	segr sr;
	trawl__buf name;
	sheetref *sh;
	size_t i;

	if (r->len < 7)
		return;
	trawl__buf_init(&name, 4096);
	segr_init(&sr, w, r, 6);
	if (w->biff == 8) {
		unsigned char h[2];
		if (segr_get(&sr, h, 2))
			read_chars(&sr, h[0], h[1] & 1, &name, &w->rc);
	} else {
		read_string(w, &sr, 1, &name);
	}
	/* (a NUL would end the name early) */
	for (i = 0; i < name.len; i++)
		if (name.data[i] == '\0')
			name.data[i] = ' ';
	sh = w->rc ? NULL : trawl__vec_push(&w->sheets);
	if (!sh) {
		if (!w->rc)
			w->rc = TRAWL_ENOMEM;
		trawl__buf_release(&name);
		return;
	}
	sh->pos = u32(r->p);
	sh->vis = r->p[4];
	sh->type = r->p[5];
	sh->name = trawl__buf_detach(&name, NULL);
}

static const char *codepage_charset(unsigned cp)
{
	switch (cp) {
	case 367: case 1252: case 32769: return "WINDOWS-1252";
	case 936: return trawl__charset_canonical("cp936");
	case 950: return trawl__charset_canonical("cp950");
	case 932: return "CP932";
	case 949: return "CP949";
	case 874: return "CP874";
	case 1361: return "JOHAB";
	case 1250: return "WINDOWS-1250";
	case 1251: return "WINDOWS-1251";
	case 1253: return "WINDOWS-1253";
	case 1254: return "WINDOWS-1254";
	case 1255: return "WINDOWS-1255";
	case 1256: return "WINDOWS-1256";
	case 1257: return "WINDOWS-1257";
	case 1258: return "WINDOWS-1258";
	case 10000: case 32768: return "MACINTOSH";
	case 437: return "CP437";
	case 850: return "CP850";
	default: return NULL;
	}
}

static trawl_err read_globals(wb *w, int biff5_hint, const char *path, trawl_diag *dg)
{
	rec r;
	size_t off = 0;
	int ended = 0;

	if (!rec_at(w, 0, &r) || r.type != R_BOF || r.len < 4) {
		trawl__diag_set(dg, path, "the workbook stream does not begin with a BIFF BOF "
		                "record (damaged, or Excel 2-4, which trawl does not read)");
		return TRAWL_EFORMAT;
	}
	if (u16(r.p + 2) != 0x0005) {
		trawl__diag_set(dg, path, "the workbook stream does not begin with the workbook "
		                "globals (BOF type 0x%04x; damaged?)", u16(r.p + 2));
		return TRAWL_EFORMAT;
	}
	w->biff = u16(r.p) == 0x0600 ? 8 : u16(r.p) == 0x0500 ? 5 : biff5_hint ? 5 : 8;
	off = r.next;
	while (!w->rc && rec_at(w, off, &r)) {
		if (r.cut)
			w->bad_rec++;
		switch (r.type) {
		case R_EOF:
			ended = 1;
			break;
		case R_FILEPASS:
			trawl__diag_set(dg, path, "the workbook is encrypted (password-protected); "
			                "trawl can't read it without the password");
			return TRAWL_EENCRYPTED;
		case R_CODEPAGE:
			if (r.len >= 2)
				w->charset = codepage_charset(u16(r.p));
			break;
		case R_DATEMODE:
			if (r.len >= 2)
				w->date1904 = u16(r.p) == 1;
			break;
		case R_FORMAT:
			add_format(w, &r);
			break;
		case R_XF:
			if (r.len >= 4) {
				uint16_t *x = trawl__vec_push(&w->xf);
				if (!x)
					w->rc = TRAWL_ENOMEM;
				else
					*x = u16(r.p + 2);
			}
			break;
		case R_BOUNDSHEET:
			add_sheet(w, &r);
			break;
		case R_SST:
			read_sst(w, &r);
			break;
		default:
			break;
		}
		off = r.next;
		if (ended)
			break;
	}
	if (w->rc)
		return w->rc;
	if (!ended)
		trawl__docset_warn(w->s, "the workbook globals end early (truncated?); "
		                   "what could be read is kept");
	w->globals_end = off;
	/* each XF's format code (the last FORMAT record of an id wins) */
	if (w->xf.n) {
		size_t i, j;
		w->xfmts = calloc(w->xf.n, sizeof *w->xfmts);
		if (!w->xfmts)
			return TRAWL_ENOMEM;
		for (i = 0; i < w->xf.n; i++) {
			uint16_t id = TRAWL_VEC_AT(&w->xf, uint16_t, i);
			const char *b = trawl__numfmt_builtin(id);
			w->xfmts[i].p = b;
			w->xfmts[i].len = b ? (uint32_t)strlen(b) : 0;
			for (j = w->fmts.n; j-- > 0;) {
				const fmtref *f = &TRAWL_VEC_AT(&w->fmts, fmtref, j);
				if (f->id == id) {
					w->xfmts[i].p = w->fmtbuf.data + f->off;
					w->xfmts[i].len = f->len;
					break;
				}
			}
		}
	}
	return TRAWL_OK;
}

/* ---- one sheet ---- */

typedef struct sheetctx {
	trawl__sgrid g;
	long formula;       /* the cell awaiting its STRING record, or -1 */
} sheetctx;

static void cell_num(wb *w, sheetctx *c, uint32_t row, uint32_t col, uint16_t ixfe, double v)
{
	long x = trawl__sgrid_begin(&c->g, row, col, &w->rc);
	const char *fp = NULL;
	uint32_t fl = 0;

	if (x < 0)
		return;
	if (ixfe < w->xf.n && w->xfmts) {
		fp = w->xfmts[ixfe].p;
		fl = w->xfmts[ixfe].len;
	}
	w->rc = trawl__numfmt(&c->g.txt, v, fp, fl, w->date1904);
	trawl__sgrid_end(&c->g, x, &w->rc);
}

static void cell_str(wb *w, sheetctx *c, uint32_t row, uint32_t col, const char *t, size_t n)
{
	long x = trawl__sgrid_begin(&c->g, row, col, &w->rc);

	if (x < 0)
		return;
	w->rc = trawl__buf_add(&c->g.txt, t, n);
	trawl__sgrid_end(&c->g, x, &w->rc);
}

static double rk_value(uint32_t rk)
{
	double v;

	if (rk & 2) {
		v = (double)((int32_t)rk >> 2);
	} else {
		uint64_t u = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
		memcpy(&v, &u, sizeof v);
	}
	return rk & 1 ? v / 100 : v;
}

static const char *error_text(unsigned code)
{
	switch (code) {
	case 0x00: return "#NULL!";
	case 0x07: return "#DIV/0!";
	case 0x0F: return "#VALUE!";
	case 0x17: return "#REF!";
	case 0x1D: return "#NAME?";
	case 0x24: return "#NUM!";
	case 0x2A: return "#N/A";
	default: return "#ERROR!";
	}
}

static void sheet_record(wb *w, sheetctx *c, const rec *r)
{
	const unsigned char *p = r->p;
	uint32_t row, col;

	if (r->type != R_STRING && r->type != R_CONTINUE && r->type != 0x04BC && /* SHRFMLA */
	    r->type != 0x0221 && r->type != 0x0236) /* ARRAY, TABLE */
		c->formula = -1;
	if (r->len < 6 && r->type != R_STRING && r->type != R_MERGEDCELLS)
		return;
	row = u16(p);
	col = u16(p + 2);
	switch (r->type) {
	case R_LABELSST: {
		uint32_t i;
		if (r->len < 10)
			break;
		i = u32(p + 6);
		if (i < w->sst.n) {
			const strref *sr = &TRAWL_VEC_AT(&w->sst, strref, i);
			cell_str(w, c, row, col, w->sstbuf.data + sr->off, sr->len);
		} else {
			w->bad_sst++;
		}
		break;
	}
	case R_LABEL: case R_RSTRING: {
		segr sr;
		long x = trawl__sgrid_begin(&c->g, row, col, &w->rc);
		if (x < 0)
			break;
		segr_init(&sr, w, r, 6);
		if (!read_string(w, &sr, 2, &c->g.txt))
			w->bad_rec++;
		trawl__sgrid_end(&c->g, x, &w->rc);
		break;
	}
	case R_NUMBER:
		if (r->len >= 14)
			cell_num(w, c, row, col, u16(p + 4), f64(p + 6));
		break;
	case R_RK:
		if (r->len >= 10)
			cell_num(w, c, row, col, u16(p + 4), rk_value(u32(p + 6)));
		break;
	case R_MULRK: {
		uint32_t k, n = (r->len - 6) / 6; /* (the last column closes it) */
		for (k = 0; k < n && !w->rc; k++)
			cell_num(w, c, row, col + k, u16(p + 4 + 6 * k), rk_value(u32(p + 6 + 6 * k)));
		break;
	}
	case R_BOOLERR:
		if (r->len >= 8) {
			const char *t = p[7] ? error_text(p[6]) : p[6] ? "TRUE" : "FALSE";
			cell_str(w, c, row, col, t, strlen(t));
		}
		break;
	case R_FORMULA:
		if (r->len < 14)
			break;
		if (u16(p + 12) != 0xFFFF) {
			cell_num(w, c, row, col, u16(p + 4), f64(p + 6));
		} else if (p[6] == 0) {
			/* a string: its text is in the STRING record that follows */
			long x = trawl__sgrid_begin(&c->g, row, col, &w->rc);
			trawl__sgrid_end(&c->g, x, &w->rc);
			c->formula = x;
		} else if (p[6] == 1) {
			cell_str(w, c, row, col, p[8] ? "TRUE" : "FALSE", p[8] ? 4 : 5);
		} else if (p[6] == 2) {
			const char *t = error_text(p[8]);
			cell_str(w, c, row, col, t, strlen(t));
		}
		break;
	case R_STRING:
		if (c->formula >= 0) {
			segr sr;
			trawl__sgrid_restart(&c->g, c->formula);
			segr_init(&sr, w, r, 0);
			if (!read_string(w, &sr, 2, &c->g.txt))
				w->bad_rec++;
			trawl__sgrid_end(&c->g, c->formula, &w->rc);
		}
		c->formula = -1;
		break;
	case R_MERGEDCELLS: {
		uint32_t k, n;
		if (r->len < 2)
			break;
		n = u16(p);
		if (n > (r->len - 2) / 8)
			n = (r->len - 2) / 8;
		for (k = 0; k < n; k++) {
			const unsigned char *q = p + 2 + 8 * k;
			trawl__sgrid_merge(&c->g, u16(q), u16(q + 4), u16(q + 2), u16(q + 6), &w->rc);
		}
		break;
	}
	default:
		break;
	}
}

/* Where a sheet's substream begins: at the position BOUNDSHEET gives, or
 * else (a writer that got it wrong) right after the substream before. */
static int sheet_start(const wb *w, const sheetref *sh, size_t fallback, size_t *at)
{
	rec r;

	if (rec_at(w, sh->pos, &r) && r.type == R_BOF && r.len >= 4) {
		*at = sh->pos;
		return 1;
	}
	if (rec_at(w, fallback, &r) && r.type == R_BOF && r.len >= 4) {
		*at = fallback;
		return 2;
	}
	return 0;
}

/* Reads one sheet into a unit; returns where its substream ended. */
static size_t read_sheet(wb *w, trawl__doc *d, size_t idx, size_t start, int *empty)
{
	const sheetref *sh = &TRAWL_VEC_AT(&w->sheets, sheetref, idx);
	sheetctx c;
	rec r;
	size_t off;
	int depth = 0, ended = 0;
	trawl__unit *u;

	trawl__sgrid_init(&c.g, w->s->max_text, &w->cells);
	c.formula = -1;
	/* (a BOF cut off at the end of the stream: nothing to read) */
	off = rec_at(w, start, &r) ? r.next : w->n;
	while (!w->rc && rec_at(w, off, &r)) {
		if (r.cut)
			w->bad_rec++;
		off = r.next;
		if (r.type == R_BOF) {
			depth++; /* an embedded chart */
		} else if (r.type == R_EOF) {
			if (depth-- == 0) {
				ended = 1;
				break;
			}
		} else if (depth == 0) {
			sheet_record(w, &c, &r);
		}
	}
	if (!ended && !w->rc)
		trawl__docset_warn(w->s, "sheet \"%s\" ends early (truncated or damaged); its "
		                   "cells up to there are kept", sh->name);
	u = trawl__unit_new(w->s, d, "sheet", (int)idx + 1, sh->name);
	*empty = trawl__sgrid_emit(&c.g, w->s, u, &w->rc) == 0;
	w->budget_hit |= c.g.over;
	w->merges_cut |= c.g.merges_cut;
	trawl__sgrid_release(&c.g);
	return off;
}

trawl_err trawl__biff_read(const unsigned char *p, size_t n, int biff5_hint,
                           trawl__docset *s, const char *path, trawl_diag *dg)
{
	wb w;
	trawl__doc *d;
	trawl__buf empties;
	size_t i, next;
	unsigned nempty = 0, nread = 0, ncharts = 0;
	trawl_err rc;

	memset(&w, 0, sizeof w);
	w.d = p;
	w.n = n;
	w.s = s;
	trawl__vec_init(&w.xf, sizeof(uint16_t));
	trawl__vec_init(&w.fmts, sizeof(fmtref));
	trawl__buf_init(&w.fmtbuf, (size_t)16 << 20);
	trawl__vec_init(&w.sst, sizeof(strref));
	trawl__buf_init(&w.sstbuf, s->max_text);
	trawl__vec_init(&w.sheets, sizeof(sheetref));
	trawl__buf_init(&empties, 4096);
	rc = read_globals(&w, biff5_hint, path, dg);
	if (rc)
		goto out;
	if (!w.sheets.n) {
		trawl__diag_set(dg, path, "the workbook lists no sheets (damaged?)");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	d = trawl__doc_new(s, NULL);
	next = w.globals_end;
	for (i = 0; i < w.sheets.n && !w.rc && !s->rc; i++) {
		const sheetref *sh = &TRAWL_VEC_AT(&w.sheets, sheetref, i);
		size_t start;
		int how, empty;
		rec r;
		if (sh->type == SHEET_CHART || sh->type == SHEET_VBA) {
			ncharts++;
			continue;
		}
		/* a legitimate workbook reads each byte once; sheets that share
		 * their data (a hostile file) may not make it read it over and
		 * over */
		if (w.parsed > n + ((size_t)1 << 20)) {
			trawl__docset_warn(s, "the workbook's sheets point at the same data over and "
			                   "over (damaged or hostile?); sheet \"%s\" and the ones "
			                   "after it are skipped", sh->name);
			break;
		}
		how = sheet_start(&w, sh, next, &start);
		if (!how) {
			trawl__docset_warn(s, "sheet \"%s\" is not where the workbook says (byte %u "
			                   "of its stream; damaged?); skipped", sh->name, sh->pos);
			continue;
		}
		rec_at(&w, start, &r);
		if (u16(r.p + 2) == 0x0020) { /* a chart sheet after all */
			ncharts++;
			continue;
		}
		if (how == 2)
			trawl__docset_warn(s, "sheet \"%s\" is not where the workbook says; read "
			                   "from the next part of the stream", sh->name);
		next = read_sheet(&w, d, i, start, &empty);
		w.parsed += next > start ? next - start : 0;
		nread++;
		if (empty) {
			trawl__buf_addf(&empties, "%s\"%s\"", nempty ? ", " : "", sh->name);
			nempty++;
		}
	}
	if (w.rc || s->rc) {
		rc = w.rc ? w.rc : s->rc;
		goto out;
	}
	trawl__doc_title_sheet(s, d, w.sheets.n ? TRAWL_VEC_AT(&w.sheets, sheetref, 0).name : NULL);
	if (!nread) {
		trawl__diag_set(dg, path, ncharts ? "the workbook has only chart sheets, no cells"
		                : "no sheet of the workbook could be read (damaged?)");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	trawl__sgrid_warn_empty(s, &empties, nempty, nread);
	if (w.bad_sst)
		trawl__docset_warn(s, "%lu cell(s) refer to shared strings that the workbook "
		                   "does not have (damaged?); they are left out", w.bad_sst);
	if (w.bad_rec)
		trawl__docset_warn(s, "%lu record(s) are cut short (damaged?); what they hold "
		                   "up to the cut is kept", w.bad_rec);
	if (w.budget_hit)
		trawl__docset_warn(s, "the workbook has over %lu cells; the rest are skipped",
		                   TRAWL__SHEET_MAX_CELLS);
	if (w.merges_cut)
		trawl__docset_warn(s, "the workbook has too many merged areas; some were read "
		                   "as separate cells");
	rc = s->rc;
out:
	for (i = 0; i < w.sheets.n; i++)
		free(TRAWL_VEC_AT(&w.sheets, sheetref, i).name);
	trawl__vec_release(&w.sheets);
	trawl__vec_release(&w.xf);
	trawl__vec_release(&w.fmts);
	trawl__buf_release(&w.fmtbuf);
	free(w.xfmts);
	trawl__vec_release(&w.sst);
	trawl__buf_release(&w.sstbuf);
	trawl__buf_release(&empties);
	return rc;
}
