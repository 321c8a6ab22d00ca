/* A libFuzzer target for the wire decoder (lib/ingest/wire.c): the bytes
 * a reader process sends back. The reader runs third-party parsers on
 * hostile files, so trawl must survive whatever a compromised reader
 * writes: no read out of bounds, no more memory than the budget, and what
 * it accepts must hold together (offsets inside their text, text valid
 * UTF-8) and travel again: encoded anew, it decodes to the same bytes.
 *
 * Seeds are real replies: with FUZZ_WIRE_SEEDS=DIR set, the program parses
 * each file named on its command line (as a reader would) and writes the
 * encoded docset to DIR, then exits (tests/fuzz/make-corpus.py runs it). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ingest/parse.h"
#include "ingest/wire.h"
#include "ingest/xmlsafe.h"
#include "util/buf.h"
#include "check.h"

#define BUDGET ((uint64_t)64 << 20)

static trawl__win *rd;
static trawl__wout *wr;

static void encode(const trawl__docset *ds, trawl__buf *out)
{
	trawl__buf_init(out, 0);
	trawl__wout_init(wr, -1, out, 0);
	trawl__wire_put_docset(wr, ds);
	FUZZ_CHECK(trawl__wout_flush(wr) == TRAWL_OK);
}

static void make_seeds(const char *dir, int argc, char **argv)
{
	char tmp[] = "/tmp/trawl-fuzz-wire-XXXXXX";

	if (!mkdtemp(tmp))
		exit(1);
	trawl__xml_init();
	for (int i = 1; i < argc; i++) {
		trawl__parse_opts o;
		trawl__docset ds;
		trawl_diag dg;
		trawl__buf data, out;
		char path[4096];
		const char *base = strrchr(argv[i], '/');
		FILE *f;
		if (argv[i][0] == '-')
			continue;
		trawl__buf_init(&data, 0);
		if (trawl__read_path(argv[i], &data, NULL))
			continue;
		memset(&o, 0, sizeof o);
		memset(&dg, 0, sizeof dg);
		o.tmp_dir = tmp;
		o.max_file = (uint64_t)64 << 20;
		o.max_inflate = (size_t)64 << 20;
		trawl__docset_init(&ds, 0);
		if (trawl__parse(&o, argv[i], data.data, data.len, &ds, &dg) == TRAWL_OK) {
			encode(&ds, &out);
			snprintf(path, sizeof path, "%s/%s.wire", dir, base ? base + 1 : argv[i]);
			if ((f = fopen(path, "wb"))) {
				fwrite(out.data, 1, out.len, f);
				fclose(f);
			}
			trawl__buf_release(&out);
		}
		trawl__docset_release(&ds);
		trawl__buf_release(&data);
	}
	rmdir(tmp);
	exit(0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *seeds = getenv("FUZZ_WIRE_SEEDS");

	rd = malloc(sizeof *rd);
	wr = malloc(sizeof *wr);
	if (!rd || !wr)
		abort();
	if (seeds)
		make_seeds(seeds, *argc, *argv);
	return 0;
}

/* What the decoder promises of what it accepts. */
static void check_accepted(const trawl__docset *ds)
{
	for (size_t i = 0; i < ds->docs.n; i++) {
		const trawl__doc *d = TRAWL_VEC_AT(&ds->docs, trawl__doc *, i);
		if (d->title)
			FUZZ_CHECK(trawl__utf8_valid(d->title, strlen(d->title)));
		for (size_t k = 0; k < d->units.n; k++) {
			const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
			size_t n = u->nt.text.len;
			fuzz_check_text(u->nt.text.data, n);
			for (size_t c = 0; c < u->cells.n; c++) {
				const trawl__cell *cl = &TRAWL_VEC_AT(&u->cells, trawl__cell, c);
				FUZZ_CHECK(cl->start <= cl->end && cl->end <= n);
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
			FUZZ_CHECK(df->start <= df->end && df->end <= u->nt.text.len);
			for (int s = 0; s < TRAWL__FS_N; s++) {
				const char *v;
				FUZZ_CHECK(df->str[s] <= d->fstrings.len);
				v = trawl__dfact_str(d, df, s);
				FUZZ_CHECK(trawl__utf8_valid(v, strlen(v)));
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	trawl__docset ds, again;
	trawl__buf once, twice;

	trawl__docset_init(&ds, 0);
	trawl__win_init(rd, -1, (const char *)data, size, 0, BUDGET);
	trawl__wire_get_docset(rd, &ds);
	if (rd->err == TRAWL__WIN_OK) {
		check_accepted(&ds);
		/* what was accepted travels again, and comes back the same */
		encode(&ds, &once);
		trawl__docset_init(&again, 0);
		trawl__win_init(rd, -1, once.data, once.len, 0, BUDGET);
		trawl__wire_get_docset(rd, &again);
		FUZZ_CHECK(rd->err == TRAWL__WIN_OK);
		encode(&again, &twice);
		FUZZ_CHECK(once.len == twice.len && !memcmp(once.data, twice.data, once.len));
		trawl__buf_release(&once);
		trawl__buf_release(&twice);
		trawl__docset_release(&again);
	}
	trawl__docset_release(&ds);
	return 0;
}
