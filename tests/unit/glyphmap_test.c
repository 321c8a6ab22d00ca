/* Glyphs of embedded fonts back to characters (ingest/glyphmap.h), on the
 * fonts tests/fixtures/ofd/make_glyph_ofd.py wrote: a true cmap read
 * backwards, glyph names where the cmap holds private-use codes, nothing
 * where the font says nothing, and fonts that can't be read. */
#include <stdlib.h>
#include "test.h"
#include "ingest/glyphmap.h"
#include "util/buf.h"
#include "util/diag.h"

int test_failed;

#ifndef FIXTURES
#error "FIXTURES must name tests/fixtures"
#endif

/* the lines make_glyph_ofd.py drew with each font */
#define LINE1 "本年预算收入合计1234.56万元"
#define LINE2 "财政拨款支出合计"
#define LINE3 "一般公共预算财政拨款支出决算表"

static int load(const char *name, trawl__buf *b, trawl__glyphmap *g, trawl_diag *d)
{
	char path[1024];

	snprintf(path, sizeof path, "%s/ofd/glyphs/%s", FIXTURES, name);
	trawl__buf_init(b, (size_t)1 << 24);
	memset(d, 0, sizeof *d);
	if (trawl__read_path(path, b, d))
		return -1;
	return (int)trawl__glyphmap_load(g, b->data, b->len, d);
}

static uint32_t next_cp(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t c = *s++;
	int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
	if (more)
		c &= 0x3F >> more;
	while (more--)
		c = (c << 6) | (*s++ & 0x3F);
	*p = (const char *)s;
	return c;
}

TEST(true_cmap_read_backwards)
{
	trawl__buf b;
	trawl__glyphmap g;
	trawl_diag d;
	int differ = 0;

	CHECK_INT(load("realcmap.ttf", &b, &g, &d), 0);
	for (const char *p = LINE1; *p;) {
		uint32_t c = next_cp(&p), gid = trawl__glyphmap_glyph(&g, c);
		CHECK(gid != 0 && gid < g.nglyphs);
		differ += gid != c;
		CHECK_INT(trawl__glyphmap_char(&g, gid), c);
	}
	CHECK(differ > 10);
	/* .notdef and glyphs past the font draw no character */
	CHECK_INT(trawl__glyphmap_char(&g, 0), 0);
	CHECK_INT(trawl__glyphmap_char(&g, g.nglyphs + 5), 0);
	CHECK_INT(trawl__glyphmap_glyph(&g, 0x4E00 + 0x3000), 0);
	trawl__glyphmap_release(&g);
	trawl__buf_release(&b);
}

TEST(private_use_cmap_named_glyphs)
{
	trawl__buf b;
	trawl__glyphmap g;
	trawl_diag d;
	uint32_t k = 0;

	CHECK_INT(load("names.ttf", &b, &g, &d), 0);
	/* the cmap gives private-use codes only: the names say the text */
	for (const char *p = LINE2; *p;) {
		uint32_t c = next_cp(&p);
		CHECK_INT(trawl__glyphmap_glyph(&g, c), 0);
	}
	/* U+E000 + k for the k-th character (all eight differ) */
	for (const char *p = LINE2; *p; k++) {
		uint32_t c = next_cp(&p), gid = trawl__glyphmap_glyph(&g, 0xE000 + k);
		CHECK(gid != 0);
		CHECK_INT(trawl__glyphmap_char(&g, gid), c);
	}
	CHECK_INT(k, 8);
	trawl__glyphmap_release(&g);
	trawl__buf_release(&b);
}

TEST(font_that_says_nothing)
{
	trawl__buf b;
	trawl__glyphmap g;
	trawl_diag d;
	size_t n = 0;

	CHECK_INT(load("puaonly.ttf", &b, &g, &d), 0);
	for (const char *p = LINE3; *p; n++)
		next_cp(&p);
	/* every glyph is reached from a private-use code, none says text */
	for (uint32_t k = 0; k < 13; k++) {
		uint32_t gid = trawl__glyphmap_glyph(&g, 0xE000 + k);
		CHECK(gid != 0);
		CHECK_INT(trawl__glyphmap_char(&g, gid), 0);
	}
	CHECK(n == 15);
	trawl__glyphmap_release(&g);
	trawl__buf_release(&b);
}

TEST(fonts_that_cannot_be_read)
{
	trawl__buf b;
	trawl__glyphmap g;
	trawl_diag d;
	static const char junk[] = "\0\1\0\0\0\x0c\0\x80\0\3\0\x50OS/2 this is no font at all";

	CHECK_INT(load("truncated.ttf", &b, &g, &d), TRAWL_EFORMAT);
	CHECK(strstr(d.msg, "FreeType") != NULL);
	CHECK(g.fwd == NULL && g.rev == NULL && g.nglyphs == 0);
	CHECK_INT(trawl__glyphmap_char(&g, 3), 0);
	CHECK_INT(trawl__glyphmap_glyph(&g, 'A'), 0);
	trawl__buf_release(&b);
	memset(&d, 0, sizeof d);
	CHECK_INT(trawl__glyphmap_load(&g, junk, sizeof junk, &d), TRAWL_EFORMAT);
	CHECK_INT(trawl__glyphmap_load(&g, junk, 0, &d), TRAWL_EFORMAT);
	trawl__glyphmap_release(&g);
}

TEST(unusable_code_points)
{
	CHECK(trawl__glyph_cp_unusable(0xE11E));
	CHECK(trawl__glyph_cp_unusable(0xF0000));
	CHECK(trawl__glyph_cp_unusable(0x1F));
	CHECK(trawl__glyph_cp_unusable(0xFFFD));
	CHECK(trawl__glyph_cp_unusable(0xFFFF));
	CHECK(trawl__glyph_cp_unusable(0xD800));
	CHECK(!trawl__glyph_cp_unusable(' '));
	CHECK(!trawl__glyph_cp_unusable(0x4E2D));
	CHECK(!trawl__glyph_cp_unusable(0x3001));
	CHECK(!trawl__glyph_cp_unusable(0x20000));
}

int main(void)
{
	int failures = 0;

	RUN(true_cmap_read_backwards);
	RUN(private_use_cmap_named_glyphs);
	RUN(font_that_says_nothing);
	RUN(fonts_that_cannot_be_read);
	RUN(unusable_code_points);
	return failures ? 1 : 0;
}
