/* The parse path: format detection from content, text decoding, the
 * reader, then the facts stage. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "ingest/parse.h"
#include "ingest/reader.h"
#include "ingest/xmlsafe.h"
#include "ingest/zipread.h"
#include "facts/extract.h"
#include "text/text.h"
#include "ingest/ocrconf.h"
#include "util/diag.h"
#include "util/fault.h"
#include "util/banned.h"

#define HEAD_BYTES 65536

#ifdef TRAWL_FAULT_INJECTION
/* Test-only readers (-Dfault_injection=true), for files whose path holds
 * the fault's argument: they stand for a parser that crashes, hangs, eats
 * memory, or tries to get out of its sandbox. They run instead of the
 * real reader, in the reader process or (without the sandbox) in trawl. */
static int fault_for(const char *name, const char *path)
{
	char arg[256];
	return trawl__fault(name, arg, sizeof arg) && arg[0] && strstr(path, arg);
}

/* How an attempt ended, for the escape test's warning. */
static void attempt(trawl__docset *ds, const char *what, int ok, int err)
{
	trawl__docset_warn(ds, "%s: %s", what, ok ? "allowed" : strerror(err));
}

static trawl_err fault_reader(const trawl__parse_opts *o, const char *path, trawl__docset *ds,
                              trawl_diag *dg, int *ran)
{
	*ran = 1;
	if (fault_for("reader-crash", path))
		abort();
	if (fault_for("reader-hang", path)) {
		volatile unsigned long spin = 0;
		for (;;)
			spin++;
	}
	if (fault_for("reader-oom", path)) {
		/* a parser that allocates without bound, and checks for failure
		 * (by mmap, as malloc does for large blocks: a sanitizer's own
		 * malloc would report the failure rather than return NULL);
		 * the memory is the reader's, gone with it */
		trawl__vec blocks;
		trawl__vec_init(&blocks, sizeof(char *));
		for (size_t got = 0; got < ((size_t)64 << 30); got += 1 << 20) {
			char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
			               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			char **slot;
			if (p == MAP_FAILED)
				break;
			memset(p, 1, 1 << 20);
			if (!(slot = trawl__vec_push(&blocks))) {
				munmap(p, 1 << 20);
				break;
			}
			*slot = p;
		}
		for (size_t i = 0; i < blocks.n; i++)
			munmap(TRAWL_VEC_AT(&blocks, char *, i), 1 << 20);
		trawl__vec_release(&blocks);
		trawl__diag_set(dg, path, "out of memory");
		return TRAWL_ENOMEM;
	}
	if (fault_for("reader-syscall", path)) {
		/* a call no reader needs: signalling its parent */
		kill(getppid(), 0);
		trawl__diag_set(dg, path, "the forbidden call returned");
		return TRAWL_EINTERNAL;
	}
	if (fault_for("reader-escape", path)) {
		char p[4200];
		int fd;
		trawl__doc *d = trawl__doc_new(ds, NULL);
		trawl__unit *u = trawl__unit_new(ds, d, "section", 1, NULL);
		snprintf(ds->format, sizeof ds->format, "txt");
		trawl__unit_text(ds, u, "escape attempts\n", 16);
		fd = socket(AF_INET, SOCK_STREAM, 0);
		attempt(ds, "network socket", fd >= 0, errno);
		if (fd >= 0)
			close(fd);
		fd = open("escape-outside.txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		attempt(ds, "write outside its folder", fd >= 0, errno);
		if (fd >= 0)
			close(fd);
		snprintf(p, sizeof p, "%s/inside.txt", o->tmp_dir ? o->tmp_dir : ".");
		fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
		attempt(ds, "write inside its folder", fd >= 0, errno);
		if (fd >= 0) {
			close(fd);
			unlink(p);
		}
		attempt(ds, "exec", execl("/bin/true", "true", (char *)NULL) == 0, errno);
		{
			pid_t pid = fork();
			if (pid == 0)
				_exit(0);
			attempt(ds, "fork", pid > 0, errno);
			if (pid > 0)
				waitpid(pid, NULL, 0);
		}
		return ds->rc;
	}
	*ran = 0;
	return TRAWL_OK;
}
#endif

static int ext_is(const char *path, const char *ext)
{
	const char *dot = strrchr(path, '.');
	return dot && !strchr(dot, '/') && !strcasecmp(dot + 1, ext);
}

/* Is there any text but white space? */
static int has_visible_text(const trawl__docset *ds)
{
	for (size_t i = 0; i < ds->docs.n; i++) {
		const trawl__doc *d = TRAWL_VEC_AT(&ds->docs, trawl__doc *, i);
		for (size_t k = 0; k < d->units.n; k++) {
			const trawl__buf *t = &TRAWL_VEC_AT(&d->units, trawl__unit *, k)->nt.text;
			for (size_t j = 0; j < t->len; j++)
				if (!strchr(" \t\n\r\f", t->data[j]))
					return 1;
		}
	}
	return 0;
}

#define MAX_CSV_LINE ((size_t)1 << 20)

/* Why a .csv file was not read as a table. */
static void why_not_csv(const char *t, size_t n, char *out, size_t outsz)
{
	size_t longest = 0, at = 0, line = 1;
	const char *p = t, *e = t + n;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		size_t len = (size_t)((nl ? nl : e) - p);
		if (len > longest) {
			longest = len;
			at = line;
		}
		line++;
		if (!nl)
			break;
		p = nl + 1;
	}
	if (longest > MAX_CSV_LINE)
		snprintf(out, outsz, "line %zu is %.1f MiB long, over the %zu MiB a table row may "
		         "have", at, longest / 1048576.0, MAX_CSV_LINE >> 20);
	else
		snprintf(out, outsz, "its lines do not split into the same number of fields");
}

/* Odd files get a warning, not silence: a limit reached (with what was
 * kept), a file read as something else than its name says, no text. */
static void odd_file_warnings(const char *path, const trawl__input *in, trawl__docset *ds)
{
	char why[160];

	if (ds->text_capped)
		trawl__docset_warn(ds, "text over the limit of %zu MiB: kept up to %s, the rest "
		                   "dropped", ds->max_text >> 20, ds->text_capped_at);
	if (ds->cells_capped)
		trawl__docset_warn(ds, "over %zu table cells: kept as a table up to %s, after it "
		                   "as text only", ds->max_cells, ds->cells_capped_at);
	if (!strcmp(ds->format, "txt") && in->text) {
		if (ext_is(path, "csv") || ext_is(path, "tsv")) {
			why_not_csv(in->text, in->text_len, why, sizeof why);
			trawl__docset_warn(ds, "read as plain text, not as a table: %s", why);
		} else if (ext_is(path, "json")) {
			trawl__docset_warn(ds, "not OCDS (no \"releases\", \"records\" or \"ocid\"); "
			                   "read as plain text");
		} else if (ext_is(path, "html") || ext_is(path, "htm")) {
			trawl__docset_warn(ds, "no HTML markup found; read as plain text");
		}
	}
	if (!has_visible_text(ds) && !strstr(ds->warnings.data, "no text")) {
		const char *f = ds->format;
		trawl__docset_warn(ds, "no text found: %s",
		                   !strcmp(f, "html") ? "the page has nothing but markup, scripts "
		                                        "or styles" :
		                   !strcmp(f, "docx") ? "the document has no text (images only?)" :
		                   !strcmp(f, "xlsx") || !strcmp(f, "xls") || !strcmp(f, "xlsxml") ||
		                   !strcmp(f, "csv") ?
		                                        "its cells are empty" :
		                   !strcmp(f, "pdf") ? "its pages have no text" :
		                   "it holds nothing but white space");
	}
}

/* Non-zero when the bytes of a zip name the parts of a document format
 * (OOXML, OFD, OpenDocument): such a zip is never read as an archive of
 * files, even when damaged. */
static int names_a_package(const char *data, size_t len)
{
	/* (names of local headers: a zip cut short may have only its first
	 * parts, in any order its writer chose) */
	static const char *const parts[] = {
		"[Content_Types].xml", "_rels/.rels", "docProps/", "word/", "xl/", "ppt/",
		"OFD.xml", "Doc_0/", "META-INF/manifest.xml", "mimetypeapplication/vnd.oasis",
	};

	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (memmem(data, len, parts[i], strlen(parts[i])))
			return 1;
	return 0;
}

/* A fact whose text fields are not all valid UTF-8 (an extractor's bug:
 * a string cut inside a character) is left out, with a warning on the
 * document, and the string pool is written again without its strings:
 * else the parent refuses the reader's whole result and the file is lost
 * for one fact. TRAWL_ENOMEM, else TRAWL_OK. */
static trawl_err drop_malformed_facts(trawl__docset *ds, trawl__doc *d)
{
	trawl__dfact *f = d->facts.items;
	trawl__buf pool;
	size_t i, k = 0, bad = 0;

	/* (the fault tests: the first fact's value cut inside a character) */
	if (d->facts.n && trawl__fault("fact-bad-utf8", NULL, 0)) {
		size_t off = d->fstrings.len;
		if (trawl__buf_add(&d->fstrings, "\xe5\xa4", 3))
			return TRAWL_ENOMEM;
		f[0].str[TRAWL__FS_VALUE] = (uint32_t)off + 1;
	}
	for (i = 0; i < d->facts.n; i++) {
		int ok = 1;
		for (int s = 0; s < TRAWL__FS_N && ok; s++) {
			const char *v = trawl__dfact_str(d, &f[i], s);
			ok = trawl__utf8_valid(v, strlen(v));
		}
		if (ok)
			f[k++] = f[i];
		else
			bad++;
	}
	if (!bad)
		return TRAWL_OK;
	d->facts.n = k;
	/* the pool again, with the strings of the facts kept */
	trawl__buf_init(&pool, 0);
	for (i = 0; i < k; i++)
		for (int s = 0; s < TRAWL__FS_N; s++) {
			const char *v = trawl__dfact_str(d, &f[i], s);
			size_t off = pool.len, l = strlen(v);
			if (!f[i].str[s])
				continue;
			if (off >= UINT32_MAX - l - 1 || trawl__buf_add(&pool, v, l + 1)) {
				trawl__buf_release(&pool);
				return TRAWL_ENOMEM;
			}
			f[i].str[s] = (uint32_t)off + 1;
		}
	trawl__buf_release(&d->fstrings);
	d->fstrings = pool;
	trawl__docset_warn(ds, "%zu fact%s left out: %s text was not valid UTF-8 (a fault of "
	                   "trawl's extractors; please report it with the file)", bad,
	                   bad == 1 ? "" : "s", bad == 1 ? "its" : "their");
	return TRAWL_OK;
}

trawl_err trawl__parse(const trawl__parse_opts *o, const char *path, const char *data,
                       size_t len, trawl__docset *ds, trawl_diag *dg)
{
	const char *what = NULL, *fmt = NULL;
	trawl__kind kind = trawl__detect_head(data, len < HEAD_BYTES ? len : HEAD_BYTES, &what);
	trawl__input in;
	trawl__buf text;
	trawl__decoded dec;
	const trawl__reader *rd;
	trawl_err rc = TRAWL_OK;

	memset(&in, 0, sizeof in);
	in.path = path;
	in.data = data;
	in.len = len;
	in.tmp_dir = o->tmp_dir;
	in.max_inflate = o->max_inflate;
	in.ocr = &o->ocr;
	{
		/* decoded text may be 4 times the bytes (UTF-16 of ASCII is half) */
		size_t cap;
		if (o->max_file > SIZE_MAX / 8 || __builtin_mul_overflow((size_t)o->max_file, 4, &cap))
			cap = SIZE_MAX / 2;
		trawl__buf_init(&text, cap + 16);
	}
#ifdef TRAWL_FAULT_INJECTION
	{
		/* smaller limits, to reach them in the tests */
		char arg[32];
		int ran;
		if (trawl__fault("text-cap", arg, sizeof arg) && strtoul(arg, NULL, 10))
			ds->max_text = strtoul(arg, NULL, 10);
		if (trawl__fault("cell-cap", arg, sizeof arg) && strtoul(arg, NULL, 10))
			ds->max_cells = strtoul(arg, NULL, 10);
		rc = fault_reader(o, path, ds, dg, &ran);
		if (ran)
			goto out;
	}
#endif
	switch (kind) {
	case TRAWL__KIND_PDF: fmt = "pdf"; break;
	case TRAWL__KIND_OLE: fmt = "xls"; break;
	case TRAWL__KIND_IMAGE: fmt = "image"; break;
	case TRAWL__KIND_ARCHIVE: fmt = "archive"; break;
	case TRAWL__KIND_BINARY:
		trawl__diag_set(dg, path, "unsupported format: %s", what ? what : "binary data");
		rc = TRAWL_EUNSUPPORTED;
		goto out;
	case TRAWL__KIND_ZIP:
		fmt = trawl__zip_format(data, len, path, dg, &rc);
		if (rc == TRAWL_EFORMAT && !names_a_package(data, len)) {
			/* a zip libzip finds inconsistent (one a streaming writer
			 * made, or one cut short) that names no document format's
			 * parts: libarchive reads it member by member */
			memset(dg, 0, sizeof *dg);
			rc = TRAWL_OK;
			fmt = NULL;
		}
		if (rc)
			goto out;
		/* a zip that is no document format: an archive of files */
		if (!fmt)
			fmt = "archive";
		break;
	case TRAWL__KIND_TEXT: {
		char declared[64];
		int has_decl = trawl__sniff_declared_charset(data, len, declared,
		                                             sizeof declared);
		rc = trawl__decode_view(data, len, has_decl ? declared : NULL, &text, &dec,
		                        &in.text, &in.text_len);
		if (rc == TRAWL_EUNSUPPORTED) {
			trawl__diag_set(dg, path, "unknown text encoding");
			goto out;
		}
		if (rc) {
			trawl__diag_set(dg, path, "can't decode: %s", trawl_strerror(rc));
			goto out;
		}
		snprintf(ds->encoding, sizeof ds->encoding, "%s", dec.encoding);
		if (dec.invalid)
			trawl__docset_warn(ds, "invalid %s%s: %zu byte(s) replaced with U+FFFD, "
			                   "the first at byte %zu", dec.encoding,
			                   dec.declared ? " (as declared)" : "", dec.invalid,
			                   dec.first_invalid);
		fmt = trawl__detect_text(in.text, in.text_len, path);
		break;
	}
	}
	rd = trawl__reader_find(fmt);
	if (!rd) {
		trawl__diag_set(dg, path, "no reader for %s", fmt);
		rc = TRAWL_EUNSUPPORTED;
		goto out;
	}
	snprintf(ds->format, sizeof ds->format, "%s", rd->name);
	trawl__xml_oom_take();
	/* (a reader may name the format more closely: png, tiff) */
	rc = rd->read(&in, ds, dg);
	if (!rc && trawl__xml_oom_take()) {
		trawl__diag_set(dg, path, "%s: out of memory", rd->name);
		rc = TRAWL_ENOMEM;
	}
	if (rc && !dg->msg[0])
		trawl__diag_set(dg, path, "%s: %s", rd->name, trawl_strerror(rc));
	if (!rc && ds->docs.n == 0 && rd != &trawl__reader_archive) {
		trawl__diag_set(dg, path, "%s: no document in the file", rd->name);
		rc = TRAWL_EFORMAT;
	}
	if (!rc && rd != &trawl__reader_archive)
		odd_file_warnings(path, &in, ds);
	/* the facts stage, here in the worker thread */
	for (size_t k = 0; !rc && !o->no_facts && k < ds->docs.n; k++) {
		trawl__facts_opts fo = { o->unit, o->currency };
		rc = trawl__extract_doc(TRAWL_VEC_AT(&ds->docs, trawl__doc *, k), path, &fo);
		/* (while the OCR'd units still know their words) */
		if (!rc)
			rc = trawl__ocr_fact_confs(TRAWL_VEC_AT(&ds->docs, trawl__doc *, k));
		if (!rc)
			rc = drop_malformed_facts(ds, TRAWL_VEC_AT(&ds->docs, trawl__doc *, k));
	}
out:
	trawl__buf_release(&text);
	return rc;
}
