/* The confidence of a fact read by OCR: that of the words it was read
 * from (the lowest), not the page's mean. A page Tesseract reads at 92%
 * may hold a figure it read at 50% (a digit doubled: 9954.22 for
 * 954.22), and that figure must not stand as a normal fact.
 *
 * The facts stage runs where the page was read (the reader's process),
 * while the unit still knows its words (trawl__unit.wconf); each fact of
 * an OCR'd unit gets its confidence written at the front of its attrs,
 * {"ocr_conf":50} or {"ocr_conf":50,...the fact's own attrs}, so that the
 * store keeps it without a column of its own. trawl_facts (store.c) takes
 * it off again for every backend, into trawl_fact_info.ocr_conf and
 * .uncertain. */
#ifndef TRAWL_OCRCONF_H
#define TRAWL_OCRCONF_H
#include "ingest/doc.h"
#include "facts/docmeta.h"

#define TRAWL__OCR_CONF_KEY "{\"ocr_conf\":"
/* After the confidence, on a table's amount of a table without a header
 * row, or under a header misread (trawl__dfact.guessed): that it is
 * money, and its unit, were judged from the figures alone. On a scanned page the header
 * was most likely there and lost (a shaded band, a coarse scan: a
 * percentage column then reads as money, a second table takes the first
 * one's unit), so the fact is uncertain whatever its words' confidence:
 * {"ocr_conf":91,"ocr_guess":1,...}. */
#define TRAWL__OCR_GUESS_KEY "\"ocr_guess\":1"
/* After those, on a figure (money, a line item, a quantity) whose digits
 * have, across spaces, another piece of a number beside them (448 ,4 0万元
 * for 448.40万元, 535 .60万元): OCR then most likely broke one figure in
 * two, whatever its words' confidence. Spaces only: a tab parts a table's
 * cells. {"ocr_conf":91,"ocr_split":1,...}. */
#define TRAWL__OCR_SPLIT_KEY "\"ocr_split\":1"
/* The marks of a stamp (trawl__ocr_attrs_conf's *marks). */
enum { TRAWL__OCR_MARK_GUESS = 1, TRAWL__OCR_MARK_SPLIT = 2 };

/* The lowest confidence of the words of u (read by OCR) overlapping
 * [start, end) of its text, or -1 when none does (or u was not OCR'd). */
float trawl__ocr_words_min(const trawl__unit *u, uint32_t start, uint32_t end);

/* Stamps each fact of d that was read from an OCR'd unit with the lowest
 * confidence of the words its source text overlaps (the unit's mean when
 * it overlaps none) and, for a figure, of a word glued to it (no blank
 * between) that OCR read below TRAWL_OCR_UNSURE: such a word may hold the
 * figure's first or last characters (¥16,998,531.47 read as 罚 at 0% and
 * 6,998,531.47 at 89%); and the guess and split marks above where they
 * apply. TRAWL_ENOMEM, else TRAWL_OK. */
trawl_err trawl__ocr_fact_confs(trawl__doc *d);

/* The figure in t[start, end) (of t[0, n)) has another piece of a number
 * across spaces beside its digits (TRAWL__OCR_SPLIT_KEY): after them, a
 * digit or a separator and a digit (",4", ".60"); before them, a digit or
 * a separator after a digit ("4 0万元", "448. 40"). Spaces only, at most
 * four: a tab parts a table's cells, and a misread cell beside a figure
 * says nothing of the figure. 0 too when the span holds no digit. */
int trawl__ocr_split_figure(const char *t, size_t n, uint32_t start, uint32_t end);

/* The confidence stamped on attrs: 1 and *conf (0-100) when it has one,
 * *marks its marks (TRAWL__OCR_MARK_GUESS for TRAWL__OCR_GUESS_KEY,
 * TRAWL__OCR_MARK_SPLIT for TRAWL__OCR_SPLIT_KEY: uncertain whatever its
 * confidence), *rest then the attrs' other fields after the ',' (NULL when
 * there are none: the fact's own attrs were empty). 0 when attrs has no
 * stamp. */
int trawl__ocr_attrs_conf(const char *attrs, int *conf, int *marks, const char **rest);
/* A document's own amount (what reports add up) is never a figure read
 * by OCR from words below TRAWL_OCR_UNSURE, nor a sum of rows of a
 * document that has one (which rows a sum took is not kept): m's amount
 * is then cleared, and a warning into s names the figure to check. */
void trawl__ocr_unsure_amount(trawl__docset *s, const trawl__doc *d, trawl__docmeta *m);
#endif
