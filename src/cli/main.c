/* trawl: the command-line program. It parses arguments against the tables
 * of commands.c, calls the library and says what happened. Exit status: 0
 * all well, 1 some file or check failed (search and facts: nothing
 * matched), 2 usage error or a store that can't be opened. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <trawl/report.h>
#include "cli.h"

/* Says once, on stderr, when documents were read by an older trawl: its
 * fixes reach them only through trawl refresh. */
static void note_stale(trawl_store *s)
{
	uint64_t n = 0;

	if (trawl_stale_count(s, &n) == TRAWL_OK && n)
		fprintf(stderr, "trawl: %llu document%s read by an older trawl; run trawl "
		        "refresh\n", (unsigned long long)n, n == 1 ? " was" : "s were");
}

/* 0 when trawl can write to the store in dir; else errno (EROFS: read-only
 * media, EACCES: another user's store). */
static int store_unwritable(const char *dir)
{
	char db[4200];

	if (access(dir, W_OK) != 0)
		return errno;
	snprintf(db, sizeof db, "%s/trawl.db", dir);
	if (access(db, F_OK) == 0 && access(db, W_OK) != 0)
		return errno;
	return 0;
}

int cli_open(const cli_args *a, int how, trawl_store **s)
{
	const char *dir = a->store;
	int mode = how & 3, e;
	trawl_diag d;
	trawl_err rc;

	memset(&d, 0, sizeof d);
	*s = NULL;
	/* (a store in a database is its backend's to find: trawl_store_open) */
	if (mode != OPEN_CREATE && trawl_store_in_folder(dir) && access(dir, F_OK) != 0) {
		fprintf(stderr, "trawl: no store at %s (trawl add PATH... makes one; or use "
		        "--store DIR)\n", dir);
		return EXIT_USAGE;
	}
	e = trawl_store_in_folder(dir) && access(dir, F_OK) == 0 ? store_unwritable(dir) : 0;
	if (e && mode != OPEN_READ) {
		fprintf(stderr, "trawl: %s: the store can't be written (%s): trawl %s needs to "
		        "write to it\n", dir, strerror(e), a->cmd->name);
		return EXIT_USAGE;
	}
	if (e) {
		rc = trawl_store_open_readonly(dir, s, &d);
		if (!rc) {
			fprintf(stderr, "trawl: note: the store %s is read-only (%s): reading only\n",
			        dir, strerror(e));
			if (d.msg[0])
				fprintf(stderr, "trawl: note: %s: %s\n", d.path, d.msg);
		}
	} else {
		rc = trawl_store_open(dir, mode == OPEN_CREATE, s, &d);
	}
	if (rc) {
		fprintf(stderr, "trawl: %s: %s\n", d.path[0] ? d.path : dir,
		        d.msg[0] ? d.msg : trawl_strerror(rc));
		return EXIT_USAGE;
	}
	if (trawl_store_notice(*s))
		fprintf(stderr, "trawl: %s: %s\n", dir, trawl_store_notice(*s));
	if (mode != OPEN_CREATE && !(how & OPEN_QUIET))
		note_stale(*s);
	return 0;
}

/* ---- add ---- */

typedef struct add_ctx {
	progress prog;
} add_ctx;

static void on_event(const trawl_add_event *ev, void *u)
{
	add_ctx *c = u;

	if (ev->type == TRAWL_EV_WARNING) {
		progress_clear(&c->prog);
		if (ev->path)
			fprintf(stderr, "trawl: warning: %s: %s\n", ev->path, ev->msg);
		else
			fprintf(stderr, "trawl: warning: %s\n", ev->msg);
		return;
	}
	if (ev->type == TRAWL_EV_FILE && ev->status == TRAWL_FAILED) {
		progress_clear(&c->prog);
		fprintf(stderr, "trawl: error: %s: %s\n", ev->path, ev->msg ? ev->msg : "failed");
	}
	progress_update(&c->prog, ev);
}

/* Ctrl-C (or SIGTERM) during add: the first asks the run to stop after
 * the files being read; a second one ends trawl at once, which is safe
 * too (docs/design.md: crash safety). */
static volatile sig_atomic_t stop_asked;
_Static_assert(sizeof(sig_atomic_t) == sizeof(int), "trawl_add_opts.cancel is an int");

static void on_stop(int sig)
{
	static const char msg[] = "\ntrawl: stopping after the files being read "
	                          "(Ctrl-C again to quit at once)\n";
	ssize_t w;

	stop_asked = 1;
	signal(sig, SIG_DFL);
	w = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)w;
}

int cmd_add(const cli_args *a)
{
	trawl_add_opts o;
	trawl_add_summary sum;
	trawl_diag d;
	trawl_store *s = NULL;
	add_ctx c;
	const char **excl = NULL;
	int n = 0, rc;

	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	o.jobs = (int)cli_num(a, "jobs", 0);
	o.no_index = cli_flag(a, "no-index");  /* for benchmarks: ingest without the index */
	o.no_facts = cli_flag(a, "no-facts");  /* ... and without extraction */
	o.source_url = cli_str(a, "source-url");
	o.unit = cli_str(a, "unit");
	o.currency = cli_str(a, "currency");
	o.max_file_size = (uint64_t)cli_num(a, "max-size", 0) << 20;
	o.reader_timeout = (unsigned)cli_num(a, "reader-timeout", 0);
	o.reader_memory = (uint64_t)cli_num(a, "reader-memory", 0) << 20;
	o.no_sandbox = cli_flag(a, "no-sandbox");  /* benchmarks, debugging: parse in-process */
	o.collection = cli_str(a, "collection");
	while (cli_nth(a, "exclude", n))
		n++;
	if (n && !(excl = calloc((size_t)n, sizeof *excl)))
		return EXIT_PROBLEM;
	o.no_ocr = cli_flag(a, "no-ocr");
	o.ocr_lang = cli_str(a, "ocr-lang");
	o.ocr_budget = (double)cli_num(a, "ocr-budget", 0);
	for (int i = 0; i < n; i++)
		excl[i] = cli_nth(a, "exclude", i);
	o.exclude = excl;
	o.nexclude = (size_t)n;
	if ((rc = cli_open(a, OPEN_CREATE, &s))) {
		free(excl);
		return rc;
	}
	progress_init(&c.prog);
	o.on_event = on_event;
	o.udata = &c;
	o.cancel = (const volatile int *)&stop_asked;
	signal(SIGINT, on_stop);
	signal(SIGTERM, on_stop);
	rc = trawl_add(s, (const char *const *)a->pos, (size_t)a->npos, &o, &sum, &d);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	progress_clear(&c.prog);
	free(excl);
	if (rc == TRAWL_EUSAGE) {
		/* nothing was read: a bad --unit, or OCR languages not installed */
		fprintf(stderr, "trawl: add: %s\n", d.msg[0] ? d.msg : trawl_strerror(rc));
		trawl_store_close(s);
		return EXIT_USAGE;
	}
	printf("%llu added, %llu unchanged, %llu new versions, %llu failed",
	       (unsigned long long)sum.added, (unsigned long long)sum.unchanged,
	       (unsigned long long)sum.new_versions, (unsigned long long)sum.failed);
	if (sum.warnings)
		printf(", %llu with warnings", (unsigned long long)sum.warnings);
	printf(" (%llu documents, %.2f MB of text", (unsigned long long)sum.documents,
	       sum.text_bytes / 1e6);
	if (sum.ocr_pages)
		printf(", %llu page%s read by OCR", (unsigned long long)sum.ocr_pages,
		       sum.ocr_pages == 1 ? "" : "s");
	if (sum.excluded)
		printf("; %llu excluded", (unsigned long long)sum.excluded);
	puts(")");
	if (rc) {
		/* (the line above counts what the last commit kept) */
		fprintf(stderr, "trawl: %s: %s", d.path[0] ? d.path : a->store,
		        d.msg[0] ? d.msg : trawl_strerror(rc));
		if (sum.not_done)
			fprintf(stderr, "; %llu file%s not stored: run the same trawl add again once "
			        "the store is mended", (unsigned long long)sum.not_done,
			        sum.not_done == 1 ? " is" : "s are");
		fputc('\n', stderr);
	}
	trawl_store_close(s);
	if (rc)
		return EXIT_USAGE;
	if (sum.not_done) {
		fprintf(stderr, "trawl: add: stopped: %llu file%s not read; what the line above "
		        "counts is stored. Run the same trawl add again to add the rest (files "
		        "already stored are only hashed, not read again).\n",
		        (unsigned long long)sum.not_done, sum.not_done == 1 ? " was" : "s were");
		return 130;
	}
	return sum.failed || sum.warnings ? EXIT_PROBLEM : 0;
}

/* ---- ls ---- */

typedef struct ls_ctx {
	int json, csv;
	long left;            /* rows still to print (--limit) */
	int more;             /* ... and one more was there */
} ls_ctx;

/* s padded to w terminal columns (wide characters count two). */
static void print_padded(const char *s, size_t w, int right)
{
	size_t x = out_disp_width(s);
	if (right && x < w)
		printf("%*s", (int)(w - x), "");
	fputs(s, stdout);
	if (!right && x < w)
		printf("%*s", (int)(w - x), "");
}

/* "26,500,000 CNY", or "-" */
static void amount_text(const trawl_doc_info *d, char *out, size_t n)
{
	char v[80];

	if (!d->amount) {
		/* a figure of no stated unit or currency: shown, never as yuan */
		if (d->amount_source && !strcmp(d->amount_source, "unstated") && d->amount_text)
			snprintf(out, n, "%s (no unit)", d->amount_text);
		else
			snprintf(out, n, "-");
		return;
	}
	trawl_amount_format(d->amount, v, sizeof v);
	snprintf(out, n, "%s %s", v, d->currency ? d->currency : "");
}

/* what `trawl set` stated is marked with a star */
static const char *star(const char *src)
{
	return src && !strcmp(src, "user") ? "*" : "";
}

static int ls_row(const trawl_doc_info *d, void *u)
{
	ls_ctx *c = u;
	char year[16], place[160], amount[112], kind[32];

	if (c->left-- <= 0) {
		c->more = 1;
		return 1;
	}
	if (c->json) {
		out_json_doc(stdout, d);
		return 0;
	}
	if (c->csv) {
		out_csv_doc(d);
		return 0;
	}
	snprintf(kind, sizeof kind, "%s%s", d->kind ? d->kind : "-", star(d->kind_source));
	if (d->year > 0)
		snprintf(year, sizeof year, "%d%s", d->year, star(d->year_source));
	else
		snprintf(year, sizeof year, "-%s", star(d->year_source));
	snprintf(place, sizeof place, "%s%s", d->place ? d->place : "-", star(d->place_source));
	amount_text(d, amount, sizeof amount - 1);
	strncat(amount, star(d->amount_source), 2);
	printf("%.12s  %-5s  %-10s  %5d  %10lld  ", d->id, d->format,
	       d->encoding ? d->encoding : "-", d->pages, (long long)d->size);
	print_padded(kind, 15, 0);
	fputs("  ", stdout);
	print_padded(year, 5, 0);
	fputs("  ", stdout);
	print_padded(place, 12, 0);
	fputs("  ", stdout);
	print_padded(amount, 19, 1);
	/* the title tells apart the documents of one file (an OCDS package) */
	printf("  %s%s  ", d->path ? d->path : "-", d->current ? "" : "  (superseded)");
	for (const char *t = d->title ? d->title : "-"; *t; t++)
		putchar(*t == '\n' || *t == '\t' || *t == '\r' ? ' ' : *t);
	if (d->part)
		printf(" (%s)", d->part);
	putchar('\n');
	return 0;
}

int cmd_ls(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	ls_ctx c = { 0, 0, 0, 0 };
	int rc;

	memset(&d, 0, sizeof d);
	c.json = cli_out(a) == OUT_JSON;
	c.csv = cli_out(a) == OUT_CSV;
	c.left = cli_num(a, "limit", LONG_MAX);
	if ((rc = cli_open(a, OPEN_READ, &s)))
		return rc;
	if (c.csv) {
		puts(out_csv_doc_header);
	} else if (!c.json) {
		printf("%-12s  %-5s  %-10s  %5s  %10s  ", "ID", "FMT", "ENCODING", "PAGES", "SIZE");
		print_padded("KIND", 15, 0);
		fputs("  ", stdout);
		print_padded("YEAR", 5, 0);
		fputs("  ", stdout);
		print_padded("PLACE", 12, 0);
		fputs("  ", stdout);
		print_padded("AMOUNT", 19, 1);
		puts("  PATH  TITLE");
	}
	rc = trawl_ls(s, cli_flag(a, "all"), ls_row, &c, &d) ? EXIT_PROBLEM : 0;
	if (rc)
		fprintf(stderr, "trawl: ls: %s\n", d.msg[0] ? d.msg : "the store could not be read");
	else if (c.more)
		fprintf(stderr, "trawl: ls: the first %ld document%s listed; there are more "
		        "(--limit N)\n", cli_num(a, "limit", LONG_MAX), cli_num(a, "limit", LONG_MAX) == 1 ? "" : "s");
	trawl_store_close(s);
	return rc;
}

/* ---- show ---- */

typedef struct show_ctx {
	int json;
	const char *id;
	trawl_store *s;
	int header_done;
	int marks;    /* mark facts in the text */
	int color;    /* ... with colors (a terminal) rather than brackets */
} show_ctx;

typedef struct span_mark {
	int64_t b, e;
	char kind[12];
	char line[400];
} span_mark;

typedef struct mark_list {
	span_mark *m;
	size_t n, cap;
} mark_list;

static int collect_mark(const trawl_fact_info *f, void *u)
{
	mark_list *l = u;
	span_mark *m;

	if (l->n == l->cap) {
		size_t ncap = l->cap ? l->cap * 2 : 32;
		span_mark *nm = ncap > SIZE_MAX / sizeof *nm ? NULL : realloc(l->m, ncap * sizeof *nm);
		if (!nm)
			return cli_oom();
		l->m = nm;
		l->cap = ncap;
	}
	m = &l->m[l->n++];
	m->b = f->bstart;
	m->e = f->bend;
	snprintf(m->kind, sizeof m->kind, "%s", f->kind);
	snprintf(m->line, sizeof m->line, "%s%s%s%s%s%s%s%s%s%s", f->negative ? "-" : "",
	         f->value ? f->value : "", f->value_hi ? ".." : "", f->value_hi ? f->value_hi : "",
	         f->currency ? " " : "", f->currency ? f->currency : "",
	         f->role ? " " : "", f->role ? f->role : "", f->label ? " " : "",
	         f->label ? f->label : "");
	return 0;
}

static const char *kind_color(const char *k)
{
	if (!strcmp(k, "money") || !strcmp(k, "item")) return "\033[32m";
	if (!strcmp(k, "date")) return "\033[34m";
	if (!strcmp(k, "quantity")) return "\033[36m";
	if (!strcmp(k, "party")) return "\033[33m";
	return "\033[35m";
}

/* The unit's text with its facts marked (outermost spans only), then the
 * list of the facts read from it. */
static void show_marked(show_ctx *c, const trawl_unit_info *u)
{
	trawl_facts_opts o = { .doc = c->id, .page = u->number };
	mark_list l = { NULL, 0, 0 };
	size_t i, at = 0;
	int64_t open_end = -1;

	trawl_facts(c->s, &o, collect_mark, &l, NULL);
	for (i = 0; i < l.n; i++) {
		span_mark *m = &l.m[i];
		if (m->b < (int64_t)at || m->e > (int64_t)u->len || m->b >= m->e || m->b < open_end)
			continue;
		fwrite(u->text + at, 1, (size_t)m->b - at, stdout);
		if (c->color)
			printf("%s\033[4m", kind_color(m->kind));
		else
			fputs("\u27e6", stdout);
		fwrite(u->text + m->b, 1, (size_t)(m->e - m->b), stdout);
		fputs(c->color ? "\033[0m" : "\u27e7", stdout);
		at = (size_t)m->e;
		open_end = m->e;
	}
	fwrite(u->text + at, 1, u->len - at, stdout);
	if (u->len && u->text[u->len - 1] != '\n')
		putchar('\n');
	if (l.n)
		printf("-- %zu facts:\n", l.n);
	for (i = 0; i < l.n; i++)
		printf("   %-8s \u00ab%.*s\u00bb  %s\n", l.m[i].kind,
		       (int)(l.m[i].e - l.m[i].b), u->text + l.m[i].b, l.m[i].line);
	free(l.m);
}

static int show_sighting(const trawl_sighting *s, void *u);
static int show_field(const char *k, const char *v, void *u);

/* Where a value came from, for show: "(set by user)", "(title)". */
static void source_note(const char *src)
{
	if (src && !strcmp(src, "user"))
		fputs("  (set by trawl set)", stdout);
	else if (src)
		printf("  (%s)", src);
	putchar('\n');
}

/* The document's kind, year, place and own amount, with their sources. */
static void show_meta(const trawl_doc_info *info)
{
	char amount[112];

	printf("kind:     %s", info->kind ? info->kind : "-");
	source_note(info->kind_source);
	if (info->year > 0)
		printf("year:     %d", info->year);
	else
		printf("year:     -");
	source_note(info->year_source);
	printf("place:    %s%s%s", info->place ? info->place : "-",
	       info->place_code ? " " : "", info->place_code ? info->place_code : "");
	source_note(info->place_source);
	amount_text(info, amount, sizeof amount);
	if (!info->amount && info->amount_text) {
		/* a figure of no stated unit or currency (source "unstated") */
		printf("amount:   -  \u00ab%s\u00bb states no unit or currency: not added (trawl set "
		       "%.12s amount=… states it)", info->amount_text, info->id);
	} else {
		printf("amount:   %s", amount);
		/* (a sum's quote is its first figure's, not the amount's) */
		if (info->amount_text)
			printf("  %s\u00ab%s\u00bb",
			       info->amount_sum ? "the sum of several amounts, the first " : "",
			       info->amount_text);
	}
	if (info->amount_text && info->amount_page > 0 && (info->pages > 0 || info->units > 1))
		printf(" (%s %d)", info->pages > 0 ? "page" : "unit", info->amount_page);
	source_note(info->amount_source);
	if (info->stale)
		printf("note:     read by an older trawl (extractor %d, now %d): trawl refresh\n",
		       info->extractor, trawl_extractor_version());
}

/* The header goes out with the first unit, so a missing page prints none. */
static void show_header(show_ctx *c)
{
	trawl_doc_info info;

	if (c->header_done || c->json)
		return;
	c->header_done = 1;
	if (trawl_doc_get(c->s, c->id, &info, NULL) != TRAWL_OK)
		return;
	printf("id:       %s\n", info.id);
	printf("title:    %s%s\n", info.title ? info.title : "-",
	       info.title_source ? "  (set by trawl set)" : "");
	printf("format:   %s   encoding: %s   size: %lld bytes   units: %d\n", info.format,
	       info.encoding ? info.encoding : "-", (long long)info.size, info.units);
	printf("sha256:   %s\n", info.sha256);
	printf("added:    %s\n", info.added_at);
	show_meta(&info);
	if (info.ocr_units)
		printf("ocr:      %d of %d %s read by OCR, mean word confidence %.0f%% "
		       "(check quotes against the original)\n", info.ocr_units, info.units,
		       info.pages ? "pages" : "units", info.ocr_conf);
	trawl_doc_sightings(c->s, c->id, show_sighting, NULL, NULL);
	trawl_doc_fields(c->s, c->id, show_field, NULL, NULL);
}

static int show_unit(const trawl_unit_info *u, void *p)
{
	show_ctx *c = p;

	show_header(c);
	if (c->json) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_unit(j, c->id, u, 0);
		out_json_print(stdout, j);
		return 0;
	}
	printf("--- %s %d%s%s%s", u->kind, u->number, u->name ? " (" : "",
	       u->name ? u->name : "", u->name ? ")" : "");
	if (u->ocr)
		printf(" [OCR %.0f%%]", u->ocr_conf);
	printf(" ---\n");
	if (c->marks) {
		show_marked(c, u);
		return 0;
	}
	fwrite(u->text, 1, u->len, stdout);
	if (u->len && u->text[u->len - 1] != '\n')
		putchar('\n');
	return 0;
}

static int show_sighting(const trawl_sighting *s, void *u)
{
	(void)u;
	printf("seen:     %s  (version %d, %s%s%s)\n", s->path, s->version, s->seen_at,
	       s->source_url ? ", " : "", s->source_url ? s->source_url : "");
	return 0;
}

static int show_field(const char *k, const char *v, void *u)
{
	(void)u;
	printf("field:    %s = %s\n", k, v ? v : "");
	return 0;
}

int cmd_show(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	show_ctx c = { 0, NULL, NULL, 0, -1, 0 };
	const char *ref = a->pos[0];
	char id[65];
	long page = cli_num(a, "page", 0);
	int rc;
	trawl_err e;

	memset(&d, 0, sizeof d);
	c.json = cli_flag(a, "json");
	if (cli_flag(a, "facts"))
		c.marks = 1;
	else if (cli_flag(a, "plain"))
		c.marks = 0;
	if ((rc = cli_open(a, OPEN_READ, &s)))
		return rc;
	e = trawl_doc_resolve(s, ref, id, &d);
	if (e) {
		fprintf(stderr, "trawl: show: %s: %s\n", ref, d.msg[0] ? d.msg : trawl_strerror(e));
		trawl_store_close(s);
		return EXIT_PROBLEM;
	}
	c.id = id;
	c.s = s;
	/* facts are marked on a terminal, or when asked for: in colors when
	 * colors are on, else between brackets */
	c.color = a->color;
	if (c.marks < 0)
		c.marks = isatty(STDOUT_FILENO);
	memset(&d, 0, sizeof d);
	e = trawl_doc_units(s, id, (int)page, show_unit, &c, &d);
	if (e == TRAWL_ENOTFOUND) {
		fprintf(stderr, "trawl: show: %s has no page %ld\n", ref, page);
		rc = EXIT_PROBLEM;
	} else if (e) {
		fprintf(stderr, "trawl: show: %s\n", d.msg[0] ? d.msg : "the store could not be read");
		rc = EXIT_PROBLEM;
	}
	trawl_store_close(s);
	return rc;
}

/* ---- set ---- */

int cmd_set(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	trawl_doc_info info;
	char id[65];
	int i, rc, bad = 0;
	trawl_err e;

	memset(&d, 0, sizeof d);
	for (i = 1; i < a->npos; i++)
		if (!strchr(a->pos[i], '='))
			return cli_usage(a->cmd, "%s is not KEY=VALUE (kind, year, place, amount, title; "
			                 "KEY=: back to what was read)", a->pos[i]);
	if ((rc = cli_open(a, OPEN_WRITE | OPEN_QUIET, &s)))
		return rc;
	e = trawl_doc_resolve(s, a->pos[0], id, &d);
	if (e) {
		fprintf(stderr, "trawl: set: %s: %s\n", a->pos[0], d.msg[0] ? d.msg : trawl_strerror(e));
		trawl_store_close(s);
		return EXIT_PROBLEM;
	}
	{
		/* every pair, or none */
		size_t n = (size_t)a->npos - 1;
		char (*keys)[32] = calloc(n, sizeof *keys);
		const char **kp = calloc(n, sizeof *kp), **vp = calloc(n, sizeof *vp);
		if (!keys || !kp || !vp) {
			bad = EXIT_PROBLEM;
		} else {
			for (i = 1; i < a->npos; i++) {
				const char *eq = strchr(a->pos[i], '=');
				snprintf(keys[i - 1], sizeof keys[0], "%.*s", (int)(eq - a->pos[i]),
				         a->pos[i]);
				kp[i - 1] = keys[i - 1];
				vp[i - 1] = eq + 1;
			}
			memset(&d, 0, sizeof d);
			e = trawl_doc_set(s, id, kp, vp, n, &d);
			if (e) {
				fprintf(stderr, "trawl: set: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
				bad = e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
			}
		}
		free(keys);
		free(kp);
		free(vp);
	}
	if (!bad && trawl_doc_get(s, id, &info, NULL) == TRAWL_OK) {
		printf("%.12s  %s\n", info.id, info.path ? info.path : "");
		show_meta(&info);
		printf("title:    %s%s\n", info.title ? info.title : "-",
		       info.title_source ? "  (set by trawl set)" : "");
	}
	trawl_store_close(s);
	return bad;
}

/* ---- refresh ---- */

int cmd_refresh(const cli_args *a)
{
	trawl_refresh_opts o;
	trawl_refresh_summary sum;
	trawl_diag d;
	trawl_store *s = NULL;
	add_ctx c;
	int rc;
	trawl_err e;

	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	o.all = cli_flag(a, "all");
	o.jobs = (int)cli_num(a, "jobs", 0);
	if ((rc = cli_open(a, OPEN_WRITE | OPEN_QUIET, &s)))
		return rc;
	progress_init(&c.prog);
	o.on_event = on_event;
	o.udata = &c;
	e = trawl_refresh(s, &o, &sum, &d);
	progress_clear(&c.prog);
	printf("%llu files re-read (%llu documents), %llu failed",
	       (unsigned long long)sum.files, (unsigned long long)sum.documents,
	       (unsigned long long)sum.failed);
	if (sum.warnings)
		printf(", %llu with warnings", (unsigned long long)sum.warnings);
	if (sum.kept)
		printf(", %llu documents kept as they were", (unsigned long long)sum.kept);
	putchar('\n');
	if (e) {
		fprintf(stderr, "trawl: %s: %s", d.path[0] ? d.path : a->store,
		        d.msg[0] ? d.msg : trawl_strerror(e));
		if (sum.not_done)
			fprintf(stderr, "; %llu original%s not re-read (their documents stay as they "
			        "were): run trawl refresh again once the store is mended",
			        (unsigned long long)sum.not_done, sum.not_done == 1 ? " is" : "s are");
		fputc('\n', stderr);
	}
	trawl_store_close(s);
	if (e)
		return EXIT_USAGE;
	return sum.failed || sum.warnings ? EXIT_PROBLEM : 0;
}

/* ---- verify ---- */

typedef struct verify_ctx {
	int json;
	uint64_t orphans;     /* originals no document refers to: summed up */
} verify_ctx;

static int verify_problem(const trawl_problem *p, void *u)
{
	verify_ctx *c = u;

	if (c->json) {
		trawl_json *j = out_json();
		if (j) {
			trawl_json_problem(j, p, 0);
			out_json_print(stdout, j);
		}
	} else if (!p->serious && !strcmp(p->what, "orphan"))
		c->orphans++;
	else
		fprintf(p->serious ? stderr : stdout, "trawl: verify: %s: %s: %s: %s\n",
		        p->serious ? "error" : "note", p->what, p->object ? p->object : "",
		        p->detail ? p->detail : "");
	return 0;
}

void out_size(unsigned long long n, char *out, size_t cap)
{
	if (n < 1000)
		snprintf(out, cap, "%llu bytes", n);
	else if (n < 1000000)
		snprintf(out, cap, "%.1f kB", n / 1e3);
	else
		snprintf(out, cap, "%.1f MB", n / 1e6);
}

int cmd_verify(const cli_args *a)
{
	trawl_store *s = NULL;
	uint64_t bad = 0, checked = 0, n = 0, bytes = 0;
	verify_ctx c = { cli_flag(a, "json"), 0 };
	int fix = cli_flag(a, "fix"), rc;
	trawl_diag d;
	trawl_err e;

	memset(&d, 0, sizeof d);
	if ((rc = cli_open(a, fix ? OPEN_WRITE : OPEN_READ, &s)))
		return rc;
	e = trawl_verify(s, verify_problem, &c, &bad, &checked, &d);
	if (e) {
		fprintf(stderr, "trawl: verify: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		bad++;
	}
	if (fix) {
		e = trawl_gc(s, 0, &n, &bytes, &d);
		if (e) {
			fprintf(stderr, "trawl: verify: --fix: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
			bad++;
		} else if (c.json) {
			trawl_json *j = out_json();
			if (j) {
				trawl_json_obj(j);
				trawl_json_key(j, "fixed");
				trawl_json_str(j, "orphan");
				trawl_json_key(j, "removed");
				trawl_json_int(j, (int64_t)n);
				trawl_json_end(j);
				out_json_print(stdout, j);
			}
		} else if (n) {
			char size[32];
			out_size(bytes, size, sizeof size);
			printf("trawl: verify: removed %llu stored original%s that no document refers "
			       "to (%s)\n", (unsigned long long)n, n == 1 ? "" : "s", size);
		}
	} else if (c.orphans) {
		printf("trawl: verify: note: %llu stored original%s to no document (left by an "
		       "interrupted add, or by trawl rm); nothing is lost: trawl verify --fix or trawl "
		       "gc deletes %s\n", (unsigned long long)c.orphans,
		       c.orphans == 1 ? " belongs" : "s belong", c.orphans == 1 ? "it" : "them");
	}
	if (!c.json)
		printf("%llu originals checked, %llu problems\n", (unsigned long long)checked,
		       (unsigned long long)bad);
	trawl_store_close(s);
	return bad ? EXIT_PROBLEM : 0;
}

/* ---- search ---- */

typedef struct search_ctx {
	int json, files, color, csv;
	/* --files prints each path once (an OCDS file holds several documents) */
	char **seen;
	size_t nseen, capseen;
} search_ctx;

/* FNV-1a: slot of a path in the open-addressing set. */
static size_t path_slot(const search_ctx *c, const char *p)
{
	size_t h = 1469598103934665603ULL;
	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h & (c->capseen - 1);
}

/* 1 when p was printed before; otherwise remembers it. */
static int seen_before(search_ctx *c, const char *p)
{
	size_t i;

	if (c->nseen * 2 >= c->capseen) {
		size_t old = c->capseen, ncap = old ? old * 2 : 256;
		char **nt = calloc(ncap, sizeof *nt), **ot = c->seen;
		if (!nt) {
			cli_oom();
			return 0;
		}
		c->seen = nt;
		c->capseen = ncap;
		for (i = 0; i < old; i++)
			if (ot[i]) {
				size_t j = path_slot(c, ot[i]);
				while (nt[j])
					j = (j + 1) & (ncap - 1);
				nt[j] = ot[i];
			}
		free(ot);
	}
	for (i = path_slot(c, p); c->seen[i]; i = (i + 1) & (c->capseen - 1))
		if (!strcmp(c->seen[i], p))
			return 1;
	c->seen[i] = strdup(p);
	if (!c->seen[i]) {
		cli_oom(); /* printed, perhaps twice: said to be incomplete */
		return 0;
	}
	c->nseen++;
	return 0;
}

/* A snippet on one line: matches marked by \x01..\x02 become bold on a
 * terminal and plain text elsewhere; newlines and tabs become spaces. */
static void print_snippet(const char *s, int color)
{
	for (; s && *s; s++) {
		if (*s == '\x01') {
			if (color)
				fputs("\033[1;31m", stdout);
		} else if (*s == '\x02') {
			if (color)
				fputs("\033[0m", stdout);
		} else if (*s == '\n' || *s == '\t' || *s == '\r') {
			putchar(' ');
		} else {
			putchar(*s);
		}
	}
}

/* A snippet without its \x01 \x02 match marks, in a new string (NULL: no
 * memory). */
static char *plain_snippet(const char *s)
{
	size_t n = s ? strlen(s) : 0, o = 0;
	char *p = malloc(n + 1);

	if (!p)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '\x01' && s[i] != '\x02')
			p[o++] = s[i];
	p[o] = '\0';
	return p;
}

static int search_hit(const trawl_hit *h, void *u)
{
	search_ctx *c = u;

	if (c->files) {
		const char *p = h->path ? h->path : h->doc;
		if (!seen_before(c, p))
			puts(p);
		return 0;
	}
	if (c->json) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_hit(j, h, 0);
		out_json_print(stdout, j);
		return 0;
	}
	if (c->csv) {
		char page[16], score[32], *snip = plain_snippet(h->snippet);
		/* a snippet on one line, as the table shows it */
		for (char *p = snip; p && *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		snprintf(page, sizeof page, "%d", h->page);
		snprintf(score, sizeof score, "%.6g", h->score);
		out_csv_field(h->doc, 0);
		out_csv_field(h->path, 0);
		out_csv_field(h->paged ? page : "", 0);
		out_csv_field(h->kind, 0);
		out_csv_field(page, 0);
		out_csv_field(h->format, 0);
		out_csv_field(score, 0);
		out_csv_field(h->title, 0);
		out_csv_field(h->current ? "1" : "0", 0);
		out_csv_field(snip, 1);
		free(snip);
		return 0;
	}
	printf("%s", h->path ? h->path : "-");
	if (h->paged)
		printf("  p.%d", h->page);
	else if (h->kind && (!strcmp(h->kind, "sheet") || !strcmp(h->kind, "slide") ||
	                     !strcmp(h->kind, "notes")))
		printf("  %s %d", h->kind, h->page);
	if (h->ocr)
		printf("  [OCR %.0f%%]", h->ocr_conf);
	printf("  (%.12s%s)\n", h->doc, h->current ? "" : ", superseded");
	if (h->snippet) {
		fputs("    ", stdout);
		print_snippet(h->snippet, c->color);
		putchar('\n');
	}
	return 0;
}

int cmd_search(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_search_opts o;
	trawl_search_stats st;
	trawl_diag d;
	search_ctx c;
	int count = cli_flag(a, "count"), rc;
	trawl_err e;
	char *q = cli_join(a, 0);

	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	memset(&c, 0, sizeof c);
	if (!q)
		return EXIT_PROBLEM;
	c.json = cli_out(a) == OUT_JSON;
	c.csv = cli_out(a) == OUT_CSV;
	c.files = cli_flag(a, "files");
	/* --files lists every file, unless a limit is given */
	o.limit = (int)cli_num(a, "limit", c.files ? 1000000000L : 20);
	if ((rc = cli_open(a, OPEN_READ, &s))) {
		free(q);
		return rc;
	}
	c.color = !c.json && !c.csv && a->color;
	o.files = c.files;
	if (c.csv)
		puts("doc,path,page,unit_kind,unit_number,format,score,title,current,snippet");
	e = trawl_search(s, q, &o, count ? NULL : search_hit, &c, &st, &d);
	if (e) {
		fprintf(stderr, "trawl: search: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		rc = e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
	} else {
		if (count) {
			printf("%llu\n", (unsigned long long)st.documents);
		} else if (!c.json && !c.files && !c.csv) {
			printf("%llu hit%s in %llu document%s", (unsigned long long)st.hits,
			       st.hits == 1 ? "" : "s", (unsigned long long)st.documents,
			       st.documents == 1 ? "" : "s");
			if (st.hits > (uint64_t)o.limit)
				printf(" (first %d shown; --limit N for more)", o.limit);
			putchar('\n');
		}
		/* as grep: nothing found is status 1, so that a script can tell */
		rc = st.hits ? 0 : EXIT_PROBLEM;
	}
	trawl_store_close(s);
	free(q);
	for (size_t k = 0; k < c.capseen; k++)
		free(c.seen[k]);
	free(c.seen);
	return rc;
}

/* ---- facts ---- */

typedef struct facts_ctx {
	int json, csv;
	uint64_t n;
	long left;            /* facts still to print (--limit) */
	int more;             /* ... and one more was there */
} facts_ctx;

/* A fact read by OCR: the confidence of its words, and when that is low
 * (or its table column's header was not read) a warning that the figure
 * may be wrong. */
static void ocr_mark(const trawl_fact_info *f)
{
	if (f->header_unread)
		printf("  [OCR %.0f%% UNCERTAIN: its column's header was not read; check the page]",
		       f->ocr_conf);
	else if (f->ocr_split)
		printf("  [OCR %.0f%% UNCERTAIN: a piece of a number beside it, OCR may have split "
		       "the figure; check the page]", f->ocr_conf);
	else if (f->uncertain)
		printf("  [OCR %.0f%% UNCERTAIN: check the page]", f->ocr_conf);
	else if (f->ocr)
		printf("  [OCR %.0f%%]", f->ocr_conf);
}

/* A string attribute of a fact's attrs, or NULL. */
static const char *attr_str(const cJSON *a, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(a, k);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* An indicator or a project on one line, named as a reader would:
 *   path:p.3  indicator  遣返率 ≥95% (10分)  project X  «quote»
 *   path:p.5  project    X  1039200 CNY  new  code 2040299  «quote» */
static int budget_line(const trawl_fact_info *f, const char *page)
{
	cJSON *a = cJSON_Parse(f->attrs);
	const char *v;

	if (!a)
		return 0;
	printf("%s%s%s  %-9s", f->path ? f->path : f->doc, f->paged ? ":p." : "",
	       f->paged ? page : "", f->kind);
	if (!strcmp(f->kind, "indicator")) {
		printf(" %s %s", f->label ? f->label : "", (v = attr_str(a, "target")) ? v : "");
		if ((v = attr_str(a, "points")))
			printf(" (%s分)", v);
		if ((v = attr_str(a, "level1")))
			printf("  %s", v);
		if ((v = attr_str(a, "level2")))
			printf(" / %s", v);
		if ((v = attr_str(a, "project")))
			printf("  project %s", v);
	} else {
		printf(" %s", f->label ? f->label : "");
		if (f->value)
			printf("  %s%s%s", f->value, f->currency ? " " : "", f->currency ? f->currency : "");
		if ((v = attr_str(a, "status")))
			printf("  %s", v);
		if ((v = attr_str(a, "code")))
			printf("  code %s", v);
		if ((v = attr_str(a, "funding")))
			printf("  funding %s", v);
	}
	printf("  «%s»", f->text ? f->text : "");
	ocr_mark(f);
	putchar('\n');
	cJSON_Delete(a);
	return 0;
}

static int fact_line(const trawl_fact_info *f, void *u)
{
	facts_ctx *c = u;
	char value[300], page[16]; /* a value is at most 255 bytes (fact.h) */

	if (c->left-- <= 0) {
		c->more = 1;
		return 1;
	}
	c->n++;
	snprintf(value, sizeof value, "%s%s", f->negative ? "-" : "", f->value ? f->value : "");
	snprintf(page, sizeof page, "%d", f->page);
	if (c->json) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_fact(j, f, 0);
		out_json_print(stdout, j);
		return 0;
	}
	if (c->csv) {
		char se[48];
		out_csv_field(f->doc, 0);
		out_csv_field(f->path, 0);
		out_csv_field(f->paged ? page : "", 0);
		out_csv_field(f->kind, 0);
		out_csv_field(f->text, 0);
		out_csv_field(f->value ? value : "", 0);
		out_csv_field(f->value_hi, 0);
		out_csv_field(f->unit, 0);
		out_csv_field(f->unit_source, 0);
		out_csv_field(f->currency, 0);
		out_csv_field(f->comparator, 0);
		out_csv_field(f->precision, 0);
		out_csv_field(f->role, 0);
		out_csv_field(f->code, 0);
		out_csv_field(f->label, 0);
		out_csv_field(f->column, 0);
		out_csv_field(f->caption, 0);
		out_csv_field(f->party, 0);
		snprintf(se, sizeof se, "%lld", (long long)f->start);
		out_csv_field(se, 0);
		snprintf(se, sizeof se, "%lld", (long long)f->end);
		out_csv_field(se, 0);
		out_csv_field(f->attrs, 0);
		snprintf(se, sizeof se, "%.0f", f->ocr_conf);
		out_csv_field(f->ocr ? se : "", 0);
		out_csv_field(f->uncertain ? "1" : "", 1);
		return 0;
	}
	if (f->attrs && (!strcmp(f->kind, "indicator") || !strcmp(f->kind, "project")))
		return budget_line(f, page);
	/* path:page  kind  value unit  «quote»  (label / role) */
	printf("%s%s%s  %-8s %s", f->path ? f->path : f->doc, f->paged ? ":p." : "",
	       f->paged ? page : "", f->kind, f->value ? value : "");
	if (f->value_hi)
		printf("..%s", f->value_hi);
	if (f->currency)
		printf(" %s", f->currency);
	else if (f->unit && strcmp(f->kind, "money") && strcmp(f->kind, "item"))
		printf(" %s", f->unit);
	if (f->comparator && strcmp(f->comparator, "="))
		printf(" (%s)", f->comparator);
	if (f->unit_source && strcmp(f->unit_source, "inline"))
		printf(" [unit: %s%s%s]", f->unit_source, f->unit ? " " : "", f->unit ? f->unit : "");
	printf("  «%s»", f->text ? f->text : "");
	if (f->role)
		printf("  %s", f->role);
	if (f->code)
		printf("  %s", f->code);
	if (f->label)
		printf("  %s", f->label);
	if (f->column)
		printf(" / %s", f->column);
	/* a lot's figure: the vendor it was awarded to */
	if (f->party && !strcmp(f->kind, "money"))
		printf("  [vendor: %s]", f->party);
	ocr_mark(f);
	putchar('\n');
	return 0;
}

int cmd_facts(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_facts_opts o;
	trawl_diag d;
	facts_ctx c = { 0, 0, 0, 0, 0 };
	const char *docref = cli_str(a, "doc");
	char id[65], *q = cli_join(a, 0);
	int rc;
	trawl_err e;

	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	c.json = cli_out(a) == OUT_JSON;
	c.csv = cli_out(a) == OUT_CSV;
	c.left = cli_num(a, "limit", LONG_MAX);
	o.kind = cli_str(a, "kind");
	o.min = cli_str(a, "min");
	o.page = (int)cli_num(a, "page", 0);
	o.query = q;
	if (o.page && !docref) {
		free(q);
		return cli_usage(a->cmd, "--page needs --doc: the page of which document?");
	}
	if ((rc = cli_open(a, OPEN_READ, &s))) {
		free(q);
		return rc;
	}
	if (docref) {
		e = trawl_doc_resolve(s, docref, id, &d);
		if (e) {
			fprintf(stderr, "trawl: facts: %s: %s\n", docref, d.msg[0] ? d.msg : trawl_strerror(e));
			trawl_store_close(s);
			free(q);
			return EXIT_PROBLEM;
		}
		o.doc = id;
	} else if (a->npos == 1 && !o.page && (strchr(a->pos[0], '/') ||
	                                       access(a->pos[0], F_OK) == 0)) {
		/* trawl facts in/a.txt: a document's path (a file that is there,
		 * or a path), not words to look for; a path no document has is
		 * still a filter */
		trawl_diag dd;
		memset(&dd, 0, sizeof dd);
		e = trawl_doc_resolve(s, a->pos[0], id, &dd);
		if (e == TRAWL_OK) {
			o.doc = id;
			o.query = NULL;
		} else if (e == TRAWL_EAMBIGUOUS) {
			/* (one path, several documents: an OCDS package's releases) */
			fprintf(stderr, "trawl: facts: %s: %s\n", a->pos[0],
			        dd.msg[0] ? dd.msg : trawl_strerror(e));
			trawl_store_close(s);
			free(q);
			return EXIT_USAGE;
		}
	}
	if (c.csv)
		puts("doc,path,page,kind,text,value,value_hi,unit,unit_source,currency,comparator,"
		     "precision,role,code,label,column,caption,party,start,end,attrs,ocr,uncertain");
	e = trawl_facts(s, &o, fact_line, &c, &d);
	if (e) {
		fprintf(stderr, "trawl: facts: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		rc = e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
	} else if (c.more) {
		fprintf(stderr, "trawl: facts: the first %llu fact%s listed; there are more "
		        "(--limit N)\n", (unsigned long long)c.n, c.n == 1 ? "" : "s");
	} else if (!c.n) {
		rc = EXIT_PROBLEM;  /* none matched: as search, as grep */
		if (!c.json && !c.csv && o.query && *o.query)
			fprintf(stderr, "trawl: facts: none in the documents that match «%s» (words "
			        "look for documents, as trawl search does; --doc names one)\n", o.query);
	}
	trawl_store_close(s);
	free(q);
	return rc;
}

/* ---- watch ---- */

typedef struct watch_ctx {
	int out;
	long left;            /* watches, or a watch's new documents, still to print */
	long limit;
	const char *name;
} watch_ctx;

static int watch_line(const trawl_watch *w, void *u)
{
	watch_ctx *c = u;

	if (c->left-- <= 0)
		return 1;
	if (c->out == OUT_JSON) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_watch(j, w, 0);
		out_json_print(stdout, j);
		return 0;
	}
	if (c->out == OUT_CSV) {
		char n[32];
		snprintf(n, sizeof n, "%llu", (unsigned long long)w->new_documents);
		out_csv_field(w->name, 0);
		out_csv_field(w->query, 0);
		out_csv_field(n, 0);
		out_csv_field(w->last_run_at, 1);
		return 0;
	}
	printf("%-20s %6llu new   %s   (last run: %s)\n", w->name,
	       (unsigned long long)w->new_documents, w->query,
	       w->last_run_at ? w->last_run_at : "never");
	return 0;
}

static int watch_run_head(const trawl_watch *w, void *u)
{
	watch_ctx *c = u;

	c->name = w->name;
	c->left = c->limit;
	if (c->out == OUT_TABLE)
		printf("== %s: %s  (%llu new)\n", w->name, w->query,
		       (unsigned long long)w->new_documents);
	/* --limit shows some: the watch stays unmarked, its documents new */
	if (w->new_documents > (uint64_t)c->limit) {
		fprintf(stderr, "trawl: watch: %s: %llu new documents, %ld shown; not marked as "
		        "run (run it without --limit to mark it)\n", w->name,
		        (unsigned long long)w->new_documents, c->limit);
		return 2;
	}
	return 0;
}

static int watch_run_hit(const trawl_hit *h, void *u)
{
	watch_ctx *c = u;

	/* past the limit: the rest of this watch's documents go unshown */
	if (c->left-- <= 0)
		return 0;
	if (c->out == OUT_JSON) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_watch_hit(j, c->name, h, 0);
		out_json_print(stdout, j);
		return 0;
	}
	if (c->out == OUT_CSV) {
		out_csv_field(c->name, 0);
		out_csv_field(h->doc, 0);
		out_csv_field(h->path, 0);
		out_csv_field(h->format, 0);
		out_csv_field(h->title, 1);
		return 0;
	}
	printf("%s  (%.12s)%s%s\n", h->path ? h->path : "-", h->doc, h->title ? "  " : "",
	       h->title ? h->title : "");
	return 0;
}

/* The end of a watch command: says why it failed. */
static int watch_done(trawl_store *s, trawl_err e, const trawl_diag *d)
{
	int rc = 0;

	if (e) {
		fprintf(stderr, "trawl: watch: %s\n", d->msg[0] ? d->msg : trawl_strerror(e));
		rc = e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
	}
	trawl_store_close(s);
	return rc;
}

int cmd_watch(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	watch_ctx c = { cli_out(a), cli_num(a, "limit", LONG_MAX), 0, NULL };
	int rc;

	memset(&d, 0, sizeof d);
	if ((rc = cli_open(a, OPEN_READ, &s)))
		return rc;
	if (c.out == OUT_CSV)
		puts("watch,query,new,last_run");
	return watch_done(s, trawl_watch_list(s, watch_line, &c, &d), &d);
}

int cmd_watch_add(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	char *q = cli_join(a, 1);
	trawl_err e;
	int rc;

	memset(&d, 0, sizeof d);
	if (!q)
		return EXIT_PROBLEM;
	if ((rc = cli_open(a, OPEN_WRITE, &s))) {
		free(q);
		return rc;
	}
	e = trawl_watch_add(s, a->pos[0], q, &d);
	if (!e)
		printf("watch %s saved\n", a->pos[0]);
	free(q);
	return watch_done(s, e, &d);
}

int cmd_watch_run(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	long limit = cli_num(a, "limit", LONG_MAX);
	watch_ctx c = { cli_out(a), limit, limit, NULL };
	trawl_err e;
	int rc;

	memset(&d, 0, sizeof d);
	/* a read-only store can be watched; its watches are not marked as run */
	if ((rc = cli_open(a, OPEN_READ, &s)))
		return rc;
	if (c.out == OUT_CSV)
		puts("watch,doc,path,format,title");
	e = trawl_watch_run(s, a->npos ? a->pos[0] : NULL, watch_run_head, watch_run_hit, &c, &d);
	if (!e && trawl_store_readonly(s))
		fprintf(stderr, "trawl: note: the watches were not marked as run: the store can't be "
		        "written\n");
	return watch_done(s, e, &d);
}

int cmd_watch_rm(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	int rc;

	memset(&d, 0, sizeof d);
	if ((rc = cli_open(a, OPEN_WRITE, &s)))
		return rc;
	return watch_done(s, trawl_watch_remove(s, a->pos[0], &d), &d);
}

/* ---- admin, copy: a store in a database ---- */

static int print_line(const char *line, void *u)
{
	(void)u;
	printf("%s\n", line);
	return 0;
}

int cmd_admin(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	trawl_err e;
	int rc;

	memset(&d, 0, sizeof d);
	if ((rc = cli_open(a, OPEN_WRITE | OPEN_QUIET, &s)))
		return rc;
	e = trawl_store_admin(s, a->npos, (const char *const *)a->pos, print_line, NULL, &d);
	trawl_store_close(s);
	if (e) {
		fprintf(stderr, "trawl: admin: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		return e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
	}
	/* (done, with something to say: another session's fill runs) */
	if (d.msg[0])
		fprintf(stderr, "trawl: admin: %s\n", d.msg);
	return 0;
}

int cmd_copy(const cli_args *a)
{
	const char *from = cli_str(a, "from"), *to = cli_str(a, "to");
	trawl_store *src = NULL, *dst = NULL;
	cli_args b = *a;
	trawl_diag d;
	trawl_err e;
	uint64_t rows = 0;
	int rc;

	if (!from || !to)
		return cli_usage(a->cmd, "copy takes --from STORE --to STORE");
	memset(&d, 0, sizeof d);
	b.store = from;
	if ((rc = cli_open(&b, OPEN_READ | OPEN_QUIET, &src)))
		return rc;
	b.store = to;
	if ((rc = cli_open(&b, OPEN_CREATE, &dst))) {
		trawl_store_close(src);
		return rc;
	}
	e = trawl_store_copy(src, dst, &rows, &d);
	trawl_store_close(dst);
	trawl_store_close(src);
	if (e) {
		fprintf(stderr, "trawl: copy: %s%s%s\n", d.path[0] ? d.path : "", d.path[0] ? ": " : "",
		        d.msg[0] ? d.msg : trawl_strerror(e));
		return e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
	}
	printf("%llu rows copied\n", (unsigned long long)rows);
	return 0;
}

/* ---- main ---- */

/* --store and --color given before the command. */
typedef struct pre_opts {
	const char *store, *color;
} pre_opts;

static int pre_option(int argc, char **argv, int *i, pre_opts *p)
{
	const char *x = argv[*i], *v = NULL;
	const char **dst;
	size_t n;

	if (!strncmp(x, "--store", 7) && (x[7] == '=' || !x[7]))
		dst = &p->store, n = 7;
	else if (!strncmp(x, "--color", 7) && (x[7] == '=' || !x[7]))
		dst = &p->color, n = 7;
	else {
		const char *names[] = { "store", "color", "help", "version" };
		char want[64];
		const char *best;
		snprintf(want, sizeof want, "%.*s", (int)strcspn(x, "="), x);
		best = want[0] == '-' && want[1] == '-' ?
		       cli_suggest(want + 2, names, sizeof names / sizeof names[0]) : NULL;
		if (best)
			return cli_usage(NULL, "unknown option %s (did you mean --%s?)", want, best);
		return cli_usage(NULL, "unknown option %s (options of a command go after it: "
		                 "trawl COMMAND --help)", want);
	}
	if (x[n] == '=')
		v = x + n + 1;
	else if (*i + 1 < argc)
		v = argv[++*i];
	if (!v || !*v)
		return cli_usage(NULL, "%.*s needs a value", (int)n, x);
	if (dst == &p->color && strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never"))
		return cli_usage(NULL, "--color takes auto, always or never, not %s", v);
	*dst = v;
	return 0;
}

static int unknown_command(const char *name)
{
	const char *names[64];
	const char *best;
	size_t n = 0;

	for (const cli_cmd *c = cli_commands; c->name && n < 64; c++)
		if (!strchr(c->name, ' '))
			names[n++] = c->name;
	best = cli_suggest(name, names, n);
	if (best)
		return cli_usage(NULL, "unknown command %s (did you mean %s?)", name, best);
	return cli_usage(NULL, "unknown command %s", name);
}

/* A word after a command that has subcommands (watch) and takes no
 * arguments of its own: a subcommand misspelt. */
static int unknown_subcommand(const cli_cmd *c, const char *word)
{
	const char *names[16];
	char list[256] = "";
	size_t n = 0, len = strlen(c->name), at = 0;
	const char *best;

	for (const cli_cmd *s = cli_commands; s->name && n < 16; s++)
		if (!strncmp(s->name, c->name, len) && s->name[len] == ' ')
			names[n++] = s->name + len + 1;
	if (!n || c->max_pos != 0 || word[0] == '-')
		return 0;
	for (size_t k = 0; k < n && at < sizeof list; k++) {
		int w = snprintf(list + at, sizeof list - at, "%s%s", k ? (k + 1 == n ? " or " : ", ")
		                 : "", names[k]);
		if (w < 0)
			break;
		at += (size_t)w;
	}
	best = cli_suggest(word, names, n);
	if (best)
		return cli_usage(c, "no command %s %s: %s takes %s (did you mean %s %s?)", c->name,
		                 word, c->name, list, c->name, best);
	return cli_usage(c, "no command %s %s: %s takes %s, or nothing", c->name, word, c->name,
	                 list);
}

int main(int argc, char **argv)
{
	cli_args a;
	pre_opts pre = { NULL, NULL };
	const cli_cmd *c;
	const char *color;
	int i, used_sub = 0, done = 0, rc;

	memset(&a, 0, sizeof a);
	/* options before the command: the global ones, --help and --version */
	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "--version")) {
			printf("trawl %s\n", TRAWL_VERSION);
			return 0;
		}
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			cli_help_all(stdout);
			return 0;
		}
		if ((rc = pre_option(argc, argv, &i, &pre)))
			return rc;
	}
	if (i >= argc) {
		cli_help_all(stderr);
		return EXIT_USAGE;
	}
	c = cli_find_cmd(argv[i], i + 1 < argc ? argv[i + 1] : NULL, &used_sub);
	if (!c)
		return unknown_command(argv[i]);
	if (!used_sub && i + 1 < argc && (rc = unknown_subcommand(c, argv[i + 1])))
		return rc;
	i += 1 + used_sub;
	rc = cli_parse(c, argc - i, argv + i, &a, &done);
	if (rc || done) {
		cli_args_release(&a);
		return rc;
	}
	a.store = cli_str(&a, "store") ? cli_str(&a, "store") : pre.store;
	if (!a.store)
		a.store = getenv("TRAWL_STORE");
	if (!a.store || !*a.store)
		a.store = ".trawl";
	/* NO_COLOR (no-color.org) turns colors off, unless asked for by name */
	color = cli_str(&a, "color") ? cli_str(&a, "color") : pre.color;
	if (!color || !strcmp(color, "auto")) {
		const char *nc = getenv("NO_COLOR");
		a.color = isatty(STDOUT_FILENO) && !(nc && *nc);
	} else {
		a.color = !strcmp(color, "always");
		a.color_asked = 1;
	}
	/* output only: the library's own use of cJSON (OCDS) reports failures
	 * itself, and serve answers each request (a 500 when it runs out) */
	if (strcmp(c->name, "add") && strcmp(c->name, "serve"))
		cli_json_hooks();
	rc = c->run(&a);
	if (cli_incomplete) {
		fprintf(stderr, "trawl: %s: out of memory: the output above is incomplete\n", c->name);
		if (!rc)
			rc = EXIT_PROBLEM;
	}
	cli_args_release(&a);
	return rc;
}
