/* A libFuzzer target for one reader through the real parse path:
 * trawl__parse(), as the ingest workers call it (detection from content,
 * decoding, the reader, the facts stage), and then each document's own
 * metadata as the ingest workers decide it (facts/docmeta.c: its kind,
 * year, place, amount and its lots' vendors), built once per format with
 * -DFUZZ_FORMAT="html" etc. The format is detected, not forced, as in
 * `trawl add`; an input detected as another format still runs, but is
 * not kept in this target's corpus, so each target stays on its reader.
 * The result must hold the invariants of check.h. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "facts/docmeta.h"
#include "facts/extract.h"
#include "ingest/parse.h"
#include "ingest/xmlsafe.h"
#include "check.h"
#ifdef FUZZ_ZIP
#include "zipmut.h"
#endif

#ifndef FUZZ_FORMAT
#error "build with -DFUZZ_FORMAT=\"name\""
#endif

/* The limits of `trawl add` (lib/ingest/ingest.c), except the file size,
 * which libFuzzer's -max_len bounds anyway. */
#define MAX_FILE ((uint64_t)512 << 20)
#define MAX_INFLATE ((size_t)256 << 20)

static char tmp_dir[64];

static int dir_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n == 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(tmp_dir, sizeof tmp_dir, "%s", "/tmp/trawl-fuzz-XXXXXX");
	if (!mkdtemp(tmp_dir))
		abort();
	trawl__xml_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	trawl__parse_opts o;
	trawl__docset ds;
	trawl_diag dg;
	trawl_err rc;
	int keep;

	memset(&dg, 0, sizeof dg);
	memset(&o, 0, sizeof o);
	o.tmp_dir = tmp_dir;
	o.max_file = MAX_FILE;
	o.max_inflate = MAX_INFLATE;
	trawl__docset_init(&ds, 0);
	rc = trawl__parse(&o, "fuzz-input", (const char *)data, size, &ds, &dg);
	if (!rc)
		fuzz_check_docset(&ds);
	for (size_t i = 0; !rc && i < ds.docs.n; i++) {
		trawl__doc *doc = TRAWL_VEC_AT(&ds.docs, trawl__doc *, i);
		trawl__docmeta m;
		trawl__doc_meta(doc, "fuzz-input", NULL, &m);
		trawl__doc_lot_parties(doc, &m);
		/* a lot is a money fact of the document with a vendor's party fact */
		FUZZ_CHECK(m.nlots <= TRAWL__LOTS_MAX);
		for (uint32_t k = 0; k < m.nlots; k++) {
			const trawl__dfact *f = doc->facts.items;
			FUZZ_CHECK(m.lots[k].fact < doc->facts.n && m.lots[k].vendor < doc->facts.n);
			FUZZ_CHECK(f[m.lots[k].fact].kind == TRAWL__F_MONEY &&
			           f[m.lots[k].vendor].kind == TRAWL__F_PARTY);
		}
		FUZZ_CHECK(!m.amount_fact || m.amount_fact <= doc->facts.n);
		/* an amount has its currency; an unstated one is a figure, no amount */
		FUZZ_CHECK(!m.amount[0] || m.currency[0]);
		if (m.amount_src && !strcmp(m.amount_src, "unstated"))
			FUZZ_CHECK(!m.amount[0] && m.amount_fact && !m.nlots);
	}
	/* readers that need a file remove it, on failure too */
	FUZZ_CHECK(dir_empty(tmp_dir));
	keep = !strcmp(ds.format, FUZZ_FORMAT);
	trawl__docset_release(&ds);
	return keep ? 0 : -1;
}
