#ifndef TRAWL_SNIPPET_H
#define TRAWL_SNIPPET_H
#include "index/query.h"
#include "util/buf.h"
/* A short excerpt of text around the first match of q's terms, with
 * \x01 before and \x02 after every match in it, matched the way the
 * index matches (Traditional folded to Simplified, Latin case-folded).
 * Falls back to the start of the text when no term is found. */
TRAWL__MUST_CHECK trawl_err trawl__snippet(const char *text, size_t len, const trawl__qnode *q,
                         int width, trawl__buf *out);
#endif
