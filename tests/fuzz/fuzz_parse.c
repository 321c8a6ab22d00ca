/* A libFuzzer target for one reader through the real parse path:
 * trawl__parse(), as the ingest workers call it (detection from content,
 * decoding, the reader, the facts stage), built once per format with
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
	/* readers that need a file remove it, on failure too */
	FUZZ_CHECK(dir_empty(tmp_dir));
	keep = !strcmp(ds.format, FUZZ_FORMAT);
	trawl__docset_release(&ds);
	return keep ? 0 : -1;
}
