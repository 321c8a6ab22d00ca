/* A font's glyphs back to characters (glyphmap.h): its Unicode cmaps read
 * whole (FT_Get_First_Char / FT_Get_Next_Char) and its glyph names. */
#include <stdlib.h>
#include <string.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include "ingest/glyphmap.h"
#include "util/diag.h"
#include "util/banned.h"

/* cmap entries kept (a CJK font maps some 30000 characters; Unicode has
 * 150000 assigned) and glyphs a font may have (the TrueType maximum) */
#define MAX_PAIRS (1u << 18)
#define MAX_GLYPHS 65536u

int trawl__glyph_cp_unusable(uint32_t c)
{
	return c < 0x20 || (c >= 0x7F && c < 0xA0) || (c >= 0xE000 && c <= 0xF8FF) ||
	       c >= 0xF0000 || (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE ||
	       c == 0xFFFD || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF;
}

static int pair_cmp(const void *x, const void *y)
{
	const trawl__gpair *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

static const trawl__gpair *find(const trawl__gpair *v, size_t n, uint32_t a)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].a < a)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].a == a ? &v[lo] : NULL;
}

/* How much a character is worth as the text of a glyph several map to:
 * ordinary text over compatibility forms (the CJK compatibility ideographs
 * and the radicals look the same as the unified ones) */
static int rank(uint32_t c)
{
	if ((c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2E80 && c <= 0x2FDF) ||
	    (c >= 0x2F800 && c <= 0x2FA1F))
		return 1;
	return 2;
}

static int hexval(const char *s, size_t n, uint32_t *out)
{
	uint32_t v = 0;

	if (!n || n > 6)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return 0;
		v = v * 16 + (uint32_t)d;
	}
	*out = v;
	return 1;
}

/* The character a glyph name says (the Adobe Glyph List's "uni" with four
 * hex digits and "u" with four to six, such as uni4E2D and u1F600, and the
 * ASCII names subset fonts keep), or 0. */
static uint32_t name_char(const char *nm)
{
	static const struct { const char *n; uint32_t c; } ascii[] = {
		{ "space", ' ' }, { "period", '.' }, { "comma", ',' }, { "colon", ':' },
		{ "semicolon", ';' }, { "hyphen", '-' }, { "parenleft", '(' },
		{ "parenright", ')' }, { "percent", '%' }, { "slash", '/' }, { "zero", '0' },
		{ "one", '1' }, { "two", '2' }, { "three", '3' }, { "four", '4' }, { "five", '5' },
		{ "six", '6' }, { "seven", '7' }, { "eight", '8' }, { "nine", '9' },
	};
	size_t n = strcspn(nm, ".");
	uint32_t c = 0;

	if (n == 7 && !strncmp(nm, "uni", 3) && hexval(nm + 3, 4, &c))
		return c;
	if (n >= 5 && n <= 7 && nm[0] == 'u' && hexval(nm + 1, n - 1, &c))
		return c;
	if (n == 1 && ((nm[0] >= 'A' && nm[0] <= 'Z') || (nm[0] >= 'a' && nm[0] <= 'z')))
		return (uint32_t)nm[0];
	for (size_t i = 0; i < sizeof ascii / sizeof ascii[0]; i++)
		if (strlen(ascii[i].n) == n && !strncmp(nm, ascii[i].n, n))
			return ascii[i].c;
	return 0;
}

trawl_err trawl__glyphmap_load(trawl__glyphmap *g, const void *data, size_t len,
                               trawl_diag *d)
{
	FT_Library lib = NULL;
	FT_Face face = NULL;
	trawl__gpair *fwd = NULL, *rev = NULL;
	size_t nf = 0, nr = 0;
	uint32_t ng;
	FT_Error fe;
	trawl_err rc = TRAWL_OK;

	memset(g, 0, sizeof *g);
	if (!len || len > (size_t)INT32_MAX) {
		trawl__diag_set(d, NULL, "font is empty or too large");
		return TRAWL_EFORMAT;
	}
	if (FT_Init_FreeType(&lib))
		return TRAWL_ENOMEM;
	fe = FT_New_Memory_Face(lib, data, (FT_Long)len, 0, &face);
	if (fe) {
		trawl__diag_set(d, NULL, "no font FreeType can read (its error %d)", (int)fe);
		rc = fe == FT_Err_Out_Of_Memory ? TRAWL_ENOMEM : TRAWL_EFORMAT;
		goto out;
	}
	ng = face->num_glyphs > 0 ? (uint32_t)face->num_glyphs : 0;
	if (ng > MAX_GLYPHS)
		ng = MAX_GLYPHS;
	fwd = malloc(MAX_PAIRS * sizeof *fwd);
	if (!fwd) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	/* the Unicode subtables only: a symbol font's codes (F020-F0FF) and a
	 * legacy table's are no text */
	for (int k = 0; k < face->num_charmaps && nf < MAX_PAIRS; k++) {
		FT_CharMap cm = face->charmaps[k];
		FT_ULong c;
		FT_UInt gi;
		if (cm->encoding != FT_ENCODING_UNICODE || FT_Set_Charmap(face, cm))
			continue;
		for (c = FT_Get_First_Char(face, &gi); gi && nf < MAX_PAIRS;
		     c = FT_Get_Next_Char(face, c, &gi)) {
			if (gi >= ng || c > 0x10FFFF)
				continue;
			fwd[nf].a = (uint32_t)c;
			fwd[nf++].b = gi;
		}
	}
	{
		/* kept at its size (a font of a few glyphs keeps a few pairs) */
		trawl__gpair *t = realloc(fwd, (nf ? nf : 1) * sizeof *fwd);
		if (t)
			fwd = t;
	}
	rev = malloc((nf + ng + 1) * sizeof *rev);
	if (!rev) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	qsort(fwd, nf, sizeof *fwd, pair_cmp);
	/* the best usable character of each glyph */
	for (size_t i = 0; i < nf; i++) {
		uint32_t c = fwd[i].a, gi = fwd[i].b;
		if (trawl__glyph_cp_unusable(c))
			continue;
		rev[nr].a = gi;
		rev[nr++].b = c;
	}
	if (FT_HAS_GLYPH_NAMES(face)) {
		char nm[64];
		for (uint32_t gi = 1; gi < ng; gi++) {
			uint32_t c;
			if (FT_Get_Glyph_Name(face, gi, nm, sizeof nm) || !nm[0])
				continue;
			c = name_char(nm);
			if (c && !trawl__glyph_cp_unusable(c)) {
				/* names come after the cmap (kept when the cmap
				 * has nothing usable for the glyph) */
				rev[nr].a = gi;
				rev[nr++].b = c | 0x80000000u;
			}
		}
	}
	qsort(rev, nr, sizeof *rev, pair_cmp);
	/* one character a glyph: the cmap's (the names' only without it),
	 * ordinary text before compatibility forms, the lowest code */
	{
		size_t o = 0;
		for (size_t i = 0; i < nr;) {
			size_t j = i, best = i;
			while (j < nr && rev[j].a == rev[i].a) {
				uint32_t cb = rev[best].b, cj = rev[j].b;
				int bn = (cb & 0x80000000u) != 0, jn = (cj & 0x80000000u) != 0;
				if (jn < bn || (jn == bn && rank(cj & 0x7FFFFFFFu) > rank(cb & 0x7FFFFFFFu)))
					best = j;
				j++;
			}
			rev[o].a = rev[i].a;
			rev[o++].b = rev[best].b & 0x7FFFFFFFu;
			i = j;
		}
		nr = o;
	}
	g->fwd = fwd;
	g->rev = rev;
	g->nfwd = nf;
	g->nrev = nr;
	g->nglyphs = ng;
	fwd = rev = NULL;
out:
	free(fwd);
	free(rev);
	if (face)
		FT_Done_Face(face);
	FT_Done_FreeType(lib);
	return rc;
}

void trawl__glyphmap_release(trawl__glyphmap *g)
{
	free(g->fwd);
	free(g->rev);
	memset(g, 0, sizeof *g);
}

uint32_t trawl__glyphmap_glyph(const trawl__glyphmap *g, uint32_t c)
{
	const trawl__gpair *p = find(g->fwd, g->nfwd, c);
	return p ? p->b : 0;
}

uint32_t trawl__glyphmap_char(const trawl__glyphmap *g, uint32_t gid)
{
	const trawl__gpair *p = gid ? find(g->rev, g->nrev, gid) : NULL;
	return p ? p->b : 0;
}
