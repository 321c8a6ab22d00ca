/* Invariants the fuzz targets check on what the parse path gives back.
 * A broken one is a bug as real as a crash (a citation that points
 * outside its text, half a character), so it aborts and libFuzzer keeps
 * the input. */
#ifndef TRAWL_FUZZ_CHECK_H
#define TRAWL_FUZZ_CHECK_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ingest/doc.h"
#include "facts/docmeta.h"
#include "facts/extract.h"
#include "text/text.h"

#define FUZZ_CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "invariant broken: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
	abort(); } } while (0)

/* True when offset i of t[0..n) falls between two UTF-8 characters. */
static inline int fuzz_boundary(const char *t, size_t n, size_t i)
{
	return i == 0 || i == n || (i < n && ((unsigned char)t[i] & 0xC0) != 0x80);
}

static inline void fuzz_check_text(const char *t, size_t n)
{
	FUZZ_CHECK(t != NULL);
	FUZZ_CHECK(t[n] == '\0');
	FUZZ_CHECK(trawl__utf8_valid(t, n));
}

static inline void fuzz_check_docset(const trawl__docset *ds)
{
	for (size_t i = 0; i < ds->docs.n; i++) {
		const trawl__doc *d = TRAWL_VEC_AT(&ds->docs, trawl__doc *, i);
		if (d->title)
			fuzz_check_text(d->title, strlen(d->title));
		for (size_t k = 0; k < d->units.n; k++) {
			const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
			const char *t = u->nt.text.data;
			size_t n = u->nt.text.len;
			fuzz_check_text(t, n);
			for (size_t c = 0; c < u->cells.n; c++) {
				const trawl__cell *cl = &TRAWL_VEC_AT(&u->cells, trawl__cell, c);
				FUZZ_CHECK(cl->start <= cl->end && cl->end <= n);
				FUZZ_CHECK(fuzz_boundary(t, n, cl->start) && fuzz_boundary(t, n, cl->end));
			}
			for (size_t c = 0; c < u->spans.n; c++) {
				const trawl__span *sp = &TRAWL_VEC_AT(&u->spans, trawl__span, c);
				FUZZ_CHECK(sp->start <= sp->end && sp->end <= n);
			}
		}
		for (size_t f = 0; f < d->facts.n; f++) {
			const trawl__dfact *df = &((const trawl__dfact *)d->facts.items)[f];
			const trawl__unit *u;
			FUZZ_CHECK(df->unit < d->units.n);
			u = TRAWL_VEC_AT(&d->units, trawl__unit *, df->unit);
			FUZZ_CHECK(df->start < df->end && df->end <= u->nt.text.len);
			FUZZ_CHECK(fuzz_boundary(u->nt.text.data, u->nt.text.len, df->start));
			FUZZ_CHECK(fuzz_boundary(u->nt.text.data, u->nt.text.len, df->end));
			FUZZ_CHECK(df->cstart < df->cend && df->cend - df->cstart <= df->end - df->start);
			for (int s = 0; s < TRAWL__FS_N; s++) {
				const char *v;
				FUZZ_CHECK(df->str[s] <= d->fstrings.len);
				v = trawl__dfact_str(d, df, s);
				FUZZ_CHECK(trawl__utf8_valid(v, strlen(v)));
			}
		}
		/* the document's own metadata, as trawl add decides it: text
		 * cut to its fields at a character's end */
		{
			trawl__docmeta m;
			trawl__doc_meta(d, "fuzz-input", NULL, &m);
			FUZZ_CHECK(trawl__utf8_valid(m.kind, strlen(m.kind)));
			FUZZ_CHECK(trawl__utf8_valid(m.place, strlen(m.place)));
			FUZZ_CHECK(trawl__utf8_valid(m.amount, strlen(m.amount)));
			FUZZ_CHECK(trawl__utf8_valid(m.currency, strlen(m.currency)));
			FUZZ_CHECK(strspn(m.place_code, "0123456789") == strlen(m.place_code));
		}
	}
}
#endif
