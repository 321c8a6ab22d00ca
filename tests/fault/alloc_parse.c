/* alloc-parse: the allocation sweep over the parse path alone, in one
 * process and one thread, so that the N-th allocation is the same on
 * every run. For each file, trawl__parse() (detection, decoding, reader,
 * facts) runs once without faults, then with its N-th allocation failing
 * for N = 1, 2, ... until no allocation fails. Each run must fail (out of
 * memory, or as the file does anyway) or give exactly the documents of
 * the run without faults: text, tables, spans, fields, facts and
 * warnings. A run that succeeds with less is the silent loss this is for:
 * the store would keep a short document, and adding the file again would
 * find it "unchanged". Leaks are checked after each run (LeakSanitizer).
 *
 *   alloc-parse [--every K] [--first F] [--xml] FILE...
 *
 * runs N = 1..F, then every K-th (default: every N); --xml counts
 * libxml2's allocations too (see lib/util/fault.h). Prints one line per
 * file; problems as "PROBLEM: FILE: N: what"; exits 1 if there was one. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ingest/parse.h"
#include "ingest/xmlsafe.h"
#include "facts/extract.h"
#include "util/buf.h"
#include "util/fault.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define LEAK_CHECK() __lsan_do_recoverable_leak_check()
#else
#define LEAK_CHECK() 0
#endif

static char tmp_dir[64];
static unsigned long last_count; /* allocations of the last parse */

static void put(trawl__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(trawl__buf *b, const char *fmt, ...)
{
	va_list ap;
	char line[512];

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	trawl__buf_adds(b, line);
}

/* Everything a parse gave, as text. */
static void describe(const trawl__docset *ds, trawl_err rc, trawl__buf *b)
{
	put(b, "rc %d format %s encoding %s\nwarnings %s\n", (int)rc, ds->format, ds->encoding,
	    ds->warnings.data);
	for (size_t i = 0; i < ds->docs.n; i++) {
		const trawl__doc *d = TRAWL_VEC_AT(&ds->docs, trawl__doc *, i);
		put(b, "doc %s title %s kind %s\n", d->ext_id ? d->ext_id : "-",
		    d->title ? d->title : "-", d->kind);
		for (size_t k = 0; k < d->fields.n; k++) {
			const trawl__field *f = &TRAWL_VEC_AT(&d->fields, trawl__field, k);
			/* (a failed parse may leave a field half made) */
			put(b, "field %s=", f->key ? f->key : "(null)");
			trawl__buf_adds(b, f->value ? f->value : "(null)");
			trawl__buf_addc(b, '\n');
		}
		for (size_t k = 0; k < d->units.n; k++) {
			const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
			put(b, "unit %s %d %s %zu\n", u->kind, u->number, u->name ? u->name : "-",
			    u->nt.text.len);
			trawl__buf_add(b, u->nt.text.data, u->nt.text.len);
			trawl__buf_add(b, u->nt.raw.data, u->nt.raw.len);
			for (size_t c = 0; c < u->cells.n; c++) {
				const trawl__cell *cl = &TRAWL_VEC_AT(&u->cells, trawl__cell, c);
				put(b, "cell %u %u %u %u %u\n", cl->table, cl->row, cl->col, cl->start,
				    cl->end);
			}
			for (size_t c = 0; c < u->spans.n; c++) {
				const trawl__span *sp = &TRAWL_VEC_AT(&u->spans, trawl__span, c);
				put(b, "span %u %u %.2f %.2f %.2f %.2f\n", sp->start, sp->end, sp->x0,
				    sp->y0, sp->x1, sp->y1);
			}
		}
		for (size_t f = 0; f < d->facts.n; f++) {
			const trawl__dfact *df = &((const trawl__dfact *)d->facts.items)[f];
			put(b, "fact %u %u %u %u %u %u %u", df->unit, df->start, df->end, df->cstart,
			    df->cend, df->kind, df->negative);
			for (int s = 0; s < TRAWL__FS_N; s++) {
				trawl__buf_addc(b, '|');
				trawl__buf_adds(b, trawl__dfact_str(d, df, s));
			}
			trawl__buf_addc(b, '\n');
		}
	}
}

/* Parses data with the n-th allocation failing (0: none); the result's
 * description goes to out. Returns the parse's result. */
static trawl_err run(const char *path, const char *data, size_t len, unsigned long n,
                     int *fired, trawl__buf *out)
{
	trawl__parse_opts o;
	trawl__docset ds;
	trawl_diag dg;
	trawl_err rc;

	memset(&dg, 0, sizeof dg);
	memset(&o, 0, sizeof o);
	o.tmp_dir = tmp_dir;
	o.max_file = (uint64_t)512 << 20; /* the limits of trawl add */
	o.max_inflate = (size_t)256 << 20;
	trawl__fault_alloc_arm(n);
	trawl__docset_init(&ds, 0);
	rc = trawl__parse(&o, path, data, len, &ds, &dg);
	*fired = trawl__fault_alloc_fired();
	last_count = trawl__fault_alloc_count();
	trawl__fault_alloc_arm(0);
	trawl__buf_reset(out);
	describe(&ds, rc, out);
	trawl__docset_release(&ds);
	if (trawl__buf_err(out)) {
		fprintf(stderr, "alloc-parse: out of memory describing a result\n");
		exit(2);
	}
	return rc;
}

int main(int argc, char **argv)
{
	unsigned long every = 1, first = 0;
	int problems = 0, i = 1, xml = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--every") && i + 1 < argc)
			every = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--first") && i + 1 < argc)
			first = strtoul(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--xml"))
			xml = 1;
		else
			break;
	}
	if (i >= argc || !every) {
		fprintf(stderr, "usage: alloc-parse [--every K] [--first F] [--xml] FILE...\n");
		return 2;
	}
	snprintf(tmp_dir, sizeof tmp_dir, "%s", "/tmp/trawl-alloc-parse-XXXXXX");
	if (!mkdtemp(tmp_dir))
		return 2;
	trawl__fault_alloc_arm(0);
	if (xml)
		trawl__fault_alloc_xml();
	trawl__xml_init();
	for (; i < argc; i++) {
		trawl__buf data, ref, got;
		unsigned long total, n, runs = 0, failed = 0, same = 0;
		trawl_err rc_ref, rc;
		int fired;

		trawl__buf_init(&data, 0);
		trawl__buf_init(&ref, 0);
		trawl__buf_init(&got, 0);
		if (trawl__read_path(argv[i], &data, NULL)) {
			fprintf(stderr, "alloc-parse: can't read %s\n", argv[i]);
			return 2;
		}
		rc_ref = run(argv[i], data.data, data.len, 0, &fired, &ref);
		total = last_count;
		for (n = 1;; n = n < first ? n + 1 : n + every) {
			rc = run(argv[i], data.data, data.len, n, &fired, &got);
			runs++;
			/* a leak hides on a failure path; success paths are checked at exit */
			if (fired && rc != TRAWL_OK && LEAK_CHECK()) {
				printf("PROBLEM: %s: %lu: memory leaked (report above)\n", argv[i], n);
				problems++;
			}
			if (!fired) {
				if (rc != rc_ref || strcmp(got.data, ref.data)) {
					printf("PROBLEM: %s: %lu: no fault, yet not the same result\n",
					       argv[i], n);
					problems++;
				}
				break;
			}
			if (rc == rc_ref && !strcmp(got.data, ref.data)) {
				same++;
			} else if (rc == TRAWL_OK) {
				/* the silent loss: success with something missing or changed */
				size_t k = 0, line = 0;
				while (got.data[k] && got.data[k] == ref.data[k])
					k++;
				while (k > 0 && got.data[k - 1] != '\n')
					k--;
				line = strcspn(got.data + k, "\n");
				printf("PROBLEM: %s: %lu: succeeded, but not with the same result: "
				       "\"%.*s\", where without faults: \"%.*s\"\n", argv[i], n,
				       (int)(line < 160 ? line : 160), got.data + k,
				       (int)(strcspn(ref.data + k, "\n") < 160 ? strcspn(ref.data + k, "\n") : 160),
				       ref.data + k);
				problems++;
			} else {
				failed++;
			}
		}
		printf("%s: %lu allocations, %lu runs: %lu failed, %lu same as without faults\n",
		       argv[i], total, runs, failed, same);
		fflush(stdout);
		trawl__buf_release(&data);
		trawl__buf_release(&ref);
		trawl__buf_release(&got);
	}
	rmdir(tmp_dir);
	return problems ? 1 : 0;
}
