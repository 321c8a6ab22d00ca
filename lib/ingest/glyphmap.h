/* The characters of a font's glyphs: an OFD (or any file that embeds a
 * font and draws text by glyph id) says which glyph it draws, and
 * sometimes no usable character for it (a private-use code point, a
 * control character, nothing). The font's own cmap, read backwards, and
 * its glyph names ("uni4E2D", "u2A6D6", "period") give the character back
 * where the font knows it.
 *
 * The font is read once with FreeType into two sorted tables (character
 * -> glyph, glyph -> character); FreeType is not kept. A damaged or
 * hostile font fails to load (TRAWL_EFORMAT, d says why) or gives fewer
 * characters, never more memory than its tables' caps. */
#ifndef TRAWL_GLYPHMAP_H
#define TRAWL_GLYPHMAP_H
#include <stddef.h>
#include <stdint.h>
#include "trawl/trawl.h"

typedef struct trawl__gpair {
	uint32_t a, b;
} trawl__gpair;

typedef struct trawl__glyphmap {
	trawl__gpair *fwd;      /* (character, glyph) by character */
	trawl__gpair *rev;      /* (glyph, character) by glyph: the best
	                           character of each glyph, real text only */
	size_t nfwd, nrev;
	uint32_t nglyphs;
} trawl__glyphmap;

/* 1 when c is no text a reader can use: private use, a control
 * character, a non-character, U+FFFD. */
int trawl__glyph_cp_unusable(uint32_t c);

/* Reads the font in data (TrueType, OpenType/CFF, a bare CFF, Type 1)
 * into g. On failure g is empty and d says why. Release with
 * trawl__glyphmap_release(). */
trawl_err trawl__glyphmap_load(trawl__glyphmap *g, const void *data, size_t len,
                               trawl_diag *d);
void trawl__glyphmap_release(trawl__glyphmap *g);

/* The glyph the font's cmap gives character c, or 0 (none). */
uint32_t trawl__glyphmap_glyph(const trawl__glyphmap *g, uint32_t c);

/* The character glyph gid draws, or 0 when the font can't tell (no
 * cmap entry or name, or only unusable code points). */
uint32_t trawl__glyphmap_char(const trawl__glyphmap *g, uint32_t gid);
#endif
