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

/* Stamps each fact of d that was read from an OCR'd unit with the lowest
 * confidence of the words its source text overlaps (the unit's mean when
 * it overlaps none). TRAWL_ENOMEM, else TRAWL_OK. */
trawl_err trawl__ocr_fact_confs(trawl__doc *d);

/* The confidence stamped on attrs: 1 and *conf (0-100) when it has one,
 * *rest then the attrs' other fields after the ',' (NULL when there are
 * none: the fact's own attrs were empty). 0 when attrs has no stamp. */
int trawl__ocr_attrs_conf(const char *attrs, int *conf, const char **rest);
/* A document's own amount (what reports add up) is never a figure read
 * by OCR from words below TRAWL_OCR_UNSURE, nor a sum of rows of a
 * document that has one (which rows a sum took is not kept): m's amount
 * is then cleared, and a warning into s names the figure to check. */
void trawl__ocr_unsure_amount(trawl__docset *s, const trawl__doc *d, trawl__docmeta *m);
#endif
