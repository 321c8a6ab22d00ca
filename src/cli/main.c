/* trawl: the command-line program. It parses arguments, calls the library
 * and says what happened. Exit status: 0 all well, 1 some file or check
 * failed, 2 usage error or a store that can't be opened. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cjson/cJSON.h>
#include <trawl/report.h>
#include "cli.h"

#define EXIT_PROBLEM 1
#define EXIT_USAGE 2

static const char usage_text[] =
	"usage: trawl [--store DIR] COMMAND [ARGS]\n"
	"\n"
	"commands:\n"
	"  add [--jobs N] [--source-url URL] [--max-size MB] [--unit U] [--currency C]\n"
	"      [--reader-timeout S] [--reader-memory MB] [--collection NAME] PATH...\n"
	"                     ingest files and folders (recursively); --unit 千元 and\n"
	"                     --currency TWD say what amounts with no unit or currency\n"
	"                     stated are; each file is read in a sandboxed process,\n"
	"                     within S seconds (default 60, plus 1 s per MB) and MB of\n"
	"                     memory (default 2048); on a PostgreSQL store the documents\n"
	"                     join --collection NAME, else the PATH that holds them\n"
	"  ls [--all] [--json|--csv]\n"
	"                     list documents with their kind, year, place and amount\n"
	"                     (--all: with superseded versions; * marks what set stated)\n"
	"  show DOC [--page N] [--json] [--facts|--plain]\n"
	"                     print a document's text; DOC is an id prefix or a path;\n"
	"                     facts are marked on a terminal, or with --facts\n"
	"  set DOC KEY=VALUE...\n"
	"                     correct a document's kind, year, place, amount or title\n"
	"                     (amount with its currency; KEY=none: it has none; KEY=: as read)\n"
	"  refresh [--all] [--jobs N]\n"
	"                     re-read the stored originals of documents an older trawl read\n"
	"  verify [--json]    re-hash every stored original and check the database\n"
	"  search QUERY [--json|--files|--count] [--limit N]\n"
	"                     full-text search; QUERY: words, \"phrases\", OR, -word,\n"
	"                     NEAR(a b, N), type:pdf, year:2024, path:TEXT, kind:award,\n"
	"                     place:吉林, amount:>=1000000, vendor: buyer: agency:\n"
	"  facts [--kind money|date|quantity|party|place|item|indicator|project]\n"
	"        [--doc DOC] [--min N]\n"
	"        [--json|--csv]\n"
	"                     cited facts: amounts, dates, targets, parties, places,\n"
	"                     line items, a budget's indicators and projects, each with\n"
	"                     its document, page and quote\n"
	"  diff A B [C ...] [--json|--csv] [--all]\n"
	"  diff FILTER --by year [--json|--csv] [--all]\n"
	"                     line items, indicators and projects added, removed and\n"
	"                     changed: what the last side has and no earlier one had\n"
	"                     (sides: documents, or filters such as \"type:budget year:2023\")\n"
	"  report [--by year|place|agency|vendor|topic] [FILTERS] [--csv|--json]\n"
	"         [--html FILE] [--topics F] [--aliases F]\n"
	"                     sums and counts of amounts, with their sources\n"
	"  topics [--file F] [FILTERS] [--csv|--json]\n"
	"                     documents and money by topic, place and year\n"
	"  entities [--role vendor|buyer|agency|issuer] [--aliases F] [FILTERS] [--json|--csv]\n"
	"                     agencies and vendors with their documents and amounts\n"
	"  watch              saved queries with their counts of new documents\n"
	"  watch add NAME QUERY | watch run [NAME] [--json] | watch rm NAME\n"
	"  serve [--listen HOST:PORT] [--open] [--allow-add] [--auth FILE]\n"
	"                     the store as a web app in the browser (docs/api.md)\n"
	"  copy --from STORE --to STORE\n"
	"                     copy a whole store, with its history, into an empty one\n"
	"                     (a folder into PostgreSQL, or back)\n"
	"  admin user add NAME | admin grant NAME read|write COLLECTION\n"
	"  admin revoke NAME COLLECTION | admin collections | admin audit\n"
	"                     users, their rights and the audit of a PostgreSQL store\n"
	"\n"
	"The store is --store DIR or --store postgresql://..., else $TRAWL_STORE, else\n"
	"./.trawl (docs/postgresql.md)\n";

typedef struct args {
	const char *store;
	const char *cmd;
	int argc;           /* command's own arguments */
	char **argv;
} args;

static int usage_error(const char *fmt, const char *x)
{
	fprintf(stderr, "trawl: ");
	fprintf(stderr, fmt, x);
	fprintf(stderr, "\n(see trawl --help)\n");
	return EXIT_USAGE;
}

static int parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Says once, on stderr, when documents were read by an older trawl: its
 * fixes reach them only through trawl refresh. */
static void note_stale(trawl_store *s)
{
	uint64_t n = 0;

	if (trawl_stale_count(s, &n) == TRAWL_OK && n)
		fprintf(stderr, "trawl: %llu document%s read by an older trawl; run trawl "
		        "refresh\n", (unsigned long long)n, n == 1 ? " was" : "s were");
}

static int open_store_as(const char *dir, int create, int quiet, trawl_store **s);

/* For the commands that read the store (and add): notes stale documents. */
static int open_store(const char *dir, int create, trawl_store **s)
{
	return open_store_as(dir, create, 0, s);
}

static int open_store_as(const char *dir, int create, int quiet, trawl_store **s)
{
	trawl_diag d;
	trawl_err rc;

	memset(&d, 0, sizeof d);
	if (!create && trawl_store_in_folder(dir) && access(dir, F_OK) != 0) {
		fprintf(stderr, "trawl: no store at %s (trawl add PATH... makes one; or use "
		        "--store DIR)\n", dir);
		return EXIT_USAGE;
	}
	rc = trawl_store_open(dir, create, s, &d);
	if (rc) {
		fprintf(stderr, "trawl: %s: %s\n", d.path[0] ? d.path : dir,
		        d.msg[0] ? d.msg : trawl_strerror(rc));
		return EXIT_USAGE;
	}
	if (!create && !quiet)
		note_stale(*s);
	return 0;
}

int cli_open_store(const char *dir, int create, trawl_store **s)
{
	return open_store(dir, create, s);
}

int cli_usage_error(const char *fmt, const char *x)
{
	return usage_error(fmt, x);
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

static int cmd_add(const args *a)
{
	trawl_add_opts o;
	trawl_add_summary sum;
	trawl_diag d;
	trawl_store *s = NULL;
	add_ctx c;
	const char **paths;
	int n = 0, i, rc;
	long v;

	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	paths = calloc((size_t)a->argc + 1, sizeof *paths);
	if (!paths)
		return EXIT_PROBLEM;
	for (i = 0; i < a->argc; i++) {
		const char *x = a->argv[i];
		if (!strcmp(x, "--jobs") || !strcmp(x, "-j")) {
			if (++i >= a->argc || parse_long(a->argv[i], 1, 64, &v)) {
				free(paths);
				return usage_error("--jobs takes a number from 1 to 64%s", "");
			}
			o.jobs = (int)v;
		} else if (!strcmp(x, "--no-index")) {
			o.no_index = 1; /* for benchmarks: measures ingest without the index */
		} else if (!strcmp(x, "--no-facts")) {
			o.no_facts = 1; /* for benchmarks: measures ingest without extraction */
		} else if (!strcmp(x, "--no-sandbox")) {
			o.no_sandbox = 1; /* for benchmarks and debugging: parse in-process */
		} else if (!strcmp(x, "--reader-timeout")) {
			if (++i >= a->argc || parse_long(a->argv[i], 1, 86400, &v)) {
				free(paths);
				return usage_error("--reader-timeout takes seconds, from 1 to 86400%s", "");
			}
			o.reader_timeout = (unsigned)v;
		} else if (!strcmp(x, "--reader-memory")) {
			if (++i >= a->argc || parse_long(a->argv[i], 16, 1L << 20, &v)) {
				free(paths);
				return usage_error("--reader-memory takes a size in MB, from 16%s", "");
			}
			o.reader_memory = (uint64_t)v << 20;
		} else if (!strcmp(x, "--collection")) {
			if (++i >= a->argc || !*a->argv[i]) {
				free(paths);
				return usage_error("--collection takes a name%s", "");
			}
			o.collection = a->argv[i];
		} else if (!strcmp(x, "--source-url")) {
			if (++i >= a->argc) {
				free(paths);
				return usage_error("--source-url takes a URL%s", "");
			}
			o.source_url = a->argv[i];
		} else if (!strcmp(x, "--unit") || !strcmp(x, "--currency")) {
			if (++i >= a->argc) {
				free(paths);
				return usage_error("%s takes a value (--unit 千元, --currency TWD)", x);
			}
			if (x[2] == 'u')
				o.unit = a->argv[i];
			else
				o.currency = a->argv[i];
		} else if (!strcmp(x, "--max-size")) {
			if (++i >= a->argc || parse_long(a->argv[i], 1, 1L << 20, &v)) {
				free(paths);
				return usage_error("--max-size takes a size in MB%s", "");
			}
			o.max_file_size = (uint64_t)v << 20;
		} else if (!strcmp(x, "--")) {
			for (i++; i < a->argc; i++)
				paths[n++] = a->argv[i];
		} else if (x[0] == '-' && x[1]) {
			free(paths);
			return usage_error("add: unknown option %s", x);
		} else {
			paths[n++] = x;
		}
	}
	if (!n) {
		free(paths);
		return usage_error("add needs at least one file or folder%s", "");
	}
	if ((rc = open_store(a->store, 1, &s))) {
		free(paths);
		return rc;
	}
	progress_init(&c.prog);
	o.on_event = on_event;
	o.udata = &c;
	rc = trawl_add(s, paths, (size_t)n, &o, &sum, &d);
	progress_clear(&c.prog);
	if (rc == TRAWL_EUSAGE) {
		fprintf(stderr, "trawl: add: %s\n", d.msg[0] ? d.msg : trawl_strerror(rc));
		trawl_store_close(s);
		free(paths);
		return EXIT_USAGE;
	}
	printf("%llu added, %llu unchanged, %llu new versions, %llu failed",
	       (unsigned long long)sum.added, (unsigned long long)sum.unchanged,
	       (unsigned long long)sum.new_versions, (unsigned long long)sum.failed);
	if (sum.warnings)
		printf(", %llu with warnings", (unsigned long long)sum.warnings);
	printf(" (%llu documents, %.2f MB of text)\n", (unsigned long long)sum.documents,
	       sum.text_bytes / 1e6);
	if (rc)
		fprintf(stderr, "trawl: %s: %s\n", d.path[0] ? d.path : a->store,
		        d.msg[0] ? d.msg : trawl_strerror(rc));
	trawl_store_close(s);
	free(paths);
	if (rc)
		return EXIT_USAGE;
	return sum.failed || sum.warnings ? EXIT_PROBLEM : 0;
}

/* ---- ls ---- */

typedef struct ls_ctx {
	int json, csv;
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
	printf("  %s%s\n", d->path ? d->path : "-", d->current ? "" : "  (superseded)");
	return 0;
}

static int cmd_ls(const args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	ls_ctx c = { 0, 0 };
	int all = 0, i, rc;

	memset(&d, 0, sizeof d);
	for (i = 0; i < a->argc; i++) {
		if (!strcmp(a->argv[i], "--json"))
			c.json = 1;
		else if (!strcmp(a->argv[i], "--csv"))
			c.csv = 1;
		else if (!strcmp(a->argv[i], "--all"))
			all = 1;
		else
			return usage_error("ls: unknown argument %s", a->argv[i]);
	}
	if (c.json && c.csv)
		return usage_error("ls: --json or --csv, not both%s", "");
	if ((rc = open_store(a->store, 0, &s)))
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
		puts("  PATH");
	}
	rc = trawl_ls(s, all, ls_row, &c, &d) ? EXIT_PROBLEM : 0;
	if (rc)
		fprintf(stderr, "trawl: ls: %s\n", d.msg[0] ? d.msg : "the store could not be read");
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
		span_mark *nm = realloc(l->m, ncap * sizeof *nm);
		if (!nm)
			return 1;
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
	printf("amount:   %s", amount);
	if (info->amount_text) {
		printf("  \u00ab%s\u00bb", info->amount_text);
		if (info->amount_page > 0 && (info->pages > 0 || info->units > 1))
			printf(" (%s %d)", info->pages > 0 ? "page" : "unit", info->amount_page);
	}
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
	printf("--- %s %d%s%s%s ---\n", u->kind, u->number, u->name ? " (" : "",
	       u->name ? u->name : "", u->name ? ")" : "");
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

static int cmd_show(const args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	show_ctx c = { 0, NULL, NULL, 0, -1, 0 };
	const char *ref = NULL;
	char id[65];
	long page = 0;
	int i, rc;
	trawl_err e;

	memset(&d, 0, sizeof d);
	for (i = 0; i < a->argc; i++) {
		const char *x = a->argv[i];
		if (!strcmp(x, "--json"))
			c.json = 1;
		else if (!strcmp(x, "--facts"))
			c.marks = 1;
		else if (!strcmp(x, "--plain"))
			c.marks = 0;
		else if (!strcmp(x, "--page")) {
			if (++i >= a->argc || parse_long(a->argv[i], 1, INT_MAX, &page))
				return usage_error("--page takes a page number from 1%s", "");
		} else if (x[0] == '-' && x[1])
			return usage_error("show: unknown option %s", x);
		else if (!ref)
			ref = x;
		else
			return usage_error("show takes one document; extra argument %s", x);
	}
	if (!ref)
		return usage_error("show needs a document id prefix or path%s", "");
	if ((rc = open_store(a->store, 0, &s)))
		return rc;
	e = trawl_doc_resolve(s, ref, id, &d);
	if (e) {
		fprintf(stderr, "trawl: show: %s: %s\n", ref, d.msg[0] ? d.msg : trawl_strerror(e));
		trawl_store_close(s);
		return EXIT_PROBLEM;
	}
	c.id = id;
	c.s = s;
	/* facts are marked on a terminal, or when asked for */
	c.color = isatty(STDOUT_FILENO);
	if (c.marks < 0)
		c.marks = c.color;
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

static int cmd_set(const args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	trawl_doc_info info;
	char id[65];
	int i, rc, bad = 0;
	trawl_err e;

	memset(&d, 0, sizeof d);
	if (a->argc < 2)
		return usage_error("usage: trawl set DOC KEY=VALUE... (kind, year, place, amount, "
		                   "title)%s", "");
	for (i = 1; i < a->argc; i++)
		if (!strchr(a->argv[i], '='))
			return usage_error("set: %s is not KEY=VALUE (KEY=: back to what was read)",
			                   a->argv[i]);
	if ((rc = open_store_as(a->store, 0, 1, &s)))
		return rc;
	e = trawl_doc_resolve(s, a->argv[0], id, &d);
	if (e) {
		fprintf(stderr, "trawl: set: %s: %s\n", a->argv[0], d.msg[0] ? d.msg : trawl_strerror(e));
		trawl_store_close(s);
		return EXIT_PROBLEM;
	}
	{
		/* every pair, or none */
		size_t n = (size_t)a->argc - 1;
		char (*keys)[32] = calloc(n, sizeof *keys);
		const char **kp = calloc(n, sizeof *kp), **vp = calloc(n, sizeof *vp);
		if (!keys || !kp || !vp) {
			bad = EXIT_PROBLEM;
		} else {
			for (i = 1; i < a->argc; i++) {
				const char *eq = strchr(a->argv[i], '=');
				snprintf(keys[i - 1], sizeof keys[0], "%.*s", (int)(eq - a->argv[i]),
				         a->argv[i]);
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

static int cmd_refresh(const args *a)
{
	trawl_refresh_opts o;
	trawl_refresh_summary sum;
	trawl_diag d;
	trawl_store *s = NULL;
	add_ctx c;
	int i, rc;
	long v;
	trawl_err e;

	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	for (i = 0; i < a->argc; i++) {
		const char *x = a->argv[i];
		if (!strcmp(x, "--all"))
			o.all = 1;
		else if (!strcmp(x, "--jobs") || !strcmp(x, "-j")) {
			if (++i >= a->argc || parse_long(a->argv[i], 1, 64, &v))
				return usage_error("--jobs takes a number from 1 to 64%s", "");
			o.jobs = (int)v;
		} else
			return usage_error("refresh: unknown argument %s", x);
	}
	if ((rc = open_store_as(a->store, 0, 1, &s)))
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
	if (e)
		fprintf(stderr, "trawl: %s: %s\n", d.path[0] ? d.path : a->store,
		        d.msg[0] ? d.msg : trawl_strerror(e));
	trawl_store_close(s);
	if (e)
		return EXIT_USAGE;
	return sum.failed || sum.warnings ? EXIT_PROBLEM : 0;
}

/* ---- verify ---- */

static int verify_problem(const trawl_problem *p, void *u)
{
	int json = *(int *)u;

	if (json)
	{
		trawl_json *j = out_json();
		if (j) {
			trawl_json_problem(j, p, 0);
			out_json_print(stdout, j);
		}
	}
	else
		fprintf(p->serious ? stderr : stdout, "trawl: verify: %s: %s: %s: %s\n",
		        p->serious ? "error" : "note", p->what, p->object ? p->object : "",
		        p->detail ? p->detail : "");
	return 0;
}

static int cmd_verify(const args *a)
{
	trawl_store *s = NULL;
	uint64_t bad = 0, checked = 0;
	int json = 0, i, rc;
	trawl_diag d;
	trawl_err e;

	memset(&d, 0, sizeof d);
	for (i = 0; i < a->argc; i++) {
		if (!strcmp(a->argv[i], "--json"))
			json = 1;
		else
			return usage_error("verify: unknown argument %s", a->argv[i]);
	}
	if ((rc = open_store(a->store, 0, &s)))
		return rc;
	e = trawl_verify(s, verify_problem, &json, &bad, &checked, &d);
	if (e) {
		fprintf(stderr, "trawl: verify: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		bad++;
	}
	if (!json)
		printf("%llu originals checked, %llu problems\n", (unsigned long long)checked,
		       (unsigned long long)bad);
	trawl_store_close(s);
	return bad ? EXIT_PROBLEM : 0;
}

/* ---- search ---- */

typedef struct search_ctx {
	int json, files, color;
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
		if (!nt)
			return 0;
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
	printf("%s", h->path ? h->path : "-");
	if (h->paged)
		printf("  p.%d", h->page);
	else if (h->kind && !strcmp(h->kind, "sheet"))
		printf("  sheet %d", h->page);
	printf("  (%.12s%s)\n", h->doc, h->current ? "" : ", superseded");
	if (h->snippet) {
		fputs("    ", stdout);
		print_snippet(h->snippet, c->color);
		putchar('\n');
	}
	return 0;
}

static int cmd_search(const args *a)
{
	trawl_store *s = NULL;
	trawl_search_opts o;
	trawl_search_stats st;
	trawl_diag d;
	search_ctx c = { 0, 0, 0, NULL, 0, 0 };
	int count = 0, i, rc;
	long v;
	trawl_err e;
	char *q = NULL;
	size_t qlen = 0;

	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	o.limit = 20;
	for (i = 0; i < a->argc; i++) {
		const char *x = a->argv[i];
		if (!strcmp(x, "--json"))
			c.json = 1;
		else if (!strcmp(x, "--files") || !strcmp(x, "-l"))
			c.files = 1;
		else if (!strcmp(x, "--count") || !strcmp(x, "-c"))
			count = 1;
		else if (!strcmp(x, "--limit")) {
			if (++i >= a->argc || parse_long(a->argv[i], 1, 1000000000L, &v)) {
				free(q);
				return usage_error("--limit takes a number from 1%s", "");
			}
			o.limit = (int)v;
		} else {
			/* the words of the query, joined by spaces */
			size_t n = strlen(x);
			char *nq = realloc(q, qlen + n + 2);
			if (!nq) {
				free(q);
				return EXIT_PROBLEM;
			}
			q = nq;
			if (qlen)
				q[qlen++] = ' ';
			memcpy(q + qlen, x, n + 1);
			qlen += n;
		}
	}
	if (!q)
		return usage_error("search needs a query%s", "");
	if ((rc = open_store(a->store, 0, &s))) {
		free(q);
		return rc;
	}
	c.color = !c.json && isatty(STDOUT_FILENO);
	o.files = c.files;
	if (c.files && o.limit == 20)
		o.limit = 1000000000;
	e = trawl_search(s, q, &o, count ? NULL : search_hit, &c, &st, &d);
	if (e) {
		fprintf(stderr, "trawl: search: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		rc = e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
	} else if (count) {
		printf("%llu\n", (unsigned long long)st.documents);
	} else if (!c.json && !c.files) {
		printf("%llu hit%s in %llu document%s", (unsigned long long)st.hits,
		       st.hits == 1 ? "" : "s", (unsigned long long)st.documents,
		       st.documents == 1 ? "" : "s");
		if (st.hits > (uint64_t)o.limit)
			printf(" (first %d shown; --limit N for more)", o.limit);
		putchar('\n');
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
} facts_ctx;

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
	printf("  «%s»\n", f->text ? f->text : "");
	cJSON_Delete(a);
	return 0;
}

static int fact_line(const trawl_fact_info *f, void *u)
{
	facts_ctx *c = u;
	char value[300], page[16]; /* a value is at most 255 bytes (fact.h) */

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
		out_csv_field(f->attrs, 1);
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
	putchar('\n');
	return 0;
}

static int cmd_facts(const args *a)
{
	trawl_store *s = NULL;
	trawl_facts_opts o;
	trawl_diag d;
	facts_ctx c = { 0, 0, 0 };
	const char *docref = NULL;
	char id[65];
	int i, rc;
	long page = 0;
	trawl_err e;

	memset(&o, 0, sizeof o);
	memset(&d, 0, sizeof d);
	for (i = 0; i < a->argc; i++) {
		const char *x = a->argv[i];
		if (!strcmp(x, "--json"))
			c.json = 1;
		else if (!strcmp(x, "--csv"))
			c.csv = 1;
		else if (!strcmp(x, "--kind") && i + 1 < a->argc)
			o.kind = a->argv[++i];
		else if (!strcmp(x, "--doc") && i + 1 < a->argc)
			docref = a->argv[++i];
		else if (!strcmp(x, "--min") && i + 1 < a->argc)
			o.min = a->argv[++i];
		else if (!strcmp(x, "--page") && i + 1 < a->argc) {
			if (parse_long(a->argv[++i], 1, INT_MAX, &page))
				return usage_error("--page takes a page number from 1%s", "");
			o.page = (int)page;
		} else
			return usage_error("facts: unknown or incomplete argument %s", x);
	}
	if (c.json && c.csv)
		return usage_error("facts: --json or --csv, not both%s", "");
	if ((rc = open_store(a->store, 0, &s)))
		return rc;
	if (docref) {
		e = trawl_doc_resolve(s, docref, id, &d);
		if (e) {
			fprintf(stderr, "trawl: facts: %s: %s\n", docref, d.msg[0] ? d.msg : trawl_strerror(e));
			trawl_store_close(s);
			return EXIT_PROBLEM;
		}
		o.doc = id;
	}
	if (c.csv)
		puts("doc,path,page,kind,text,value,value_hi,unit,unit_source,currency,comparator,"
		     "precision,role,code,label,column,caption,party,start,end,attrs");
	e = trawl_facts(s, &o, fact_line, &c, &d);
	if (e) {
		fprintf(stderr, "trawl: facts: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		rc = e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
	}
	trawl_store_close(s);
	return rc;
}

/* ---- watch ---- */

static int watch_line(const trawl_watch *w, void *u)
{
	int json = *(int *)u;

	if (json) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_watch(j, w, 0);
		out_json_print(stdout, j);
		return 0;
	}
	printf("%-20s %6llu new   %s   (last run: %s)\n", w->name,
	       (unsigned long long)w->new_documents, w->query,
	       w->last_run_at ? w->last_run_at : "never");
	return 0;
}

typedef struct watch_run_ctx {
	int json;
	const char *name;
	search_ctx sc;
} watch_run_ctx;

static int watch_run_head(const trawl_watch *w, void *u)
{
	watch_run_ctx *c = u;

	c->name = w->name;
	if (!c->json)
		printf("== %s: %s  (%llu new)\n", w->name, w->query,
		       (unsigned long long)w->new_documents);
	return 0;
}

static int watch_run_hit(const trawl_hit *h, void *u)
{
	watch_run_ctx *c = u;

	if (c->json) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_watch_hit(j, c->name, h, 0);
		out_json_print(stdout, j);
		return 0;
	}
	printf("%s  (%.12s)%s%s\n", h->path ? h->path : "-", h->doc, h->title ? "  " : "",
	       h->title ? h->title : "");
	return 0;
}

static int cmd_watch(const args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	const char *sub = a->argc > 0 ? a->argv[0] : "list";
	int json = 0, i, rc, npos = 0;
	const char *pos[3] = { NULL, NULL, NULL };
	trawl_err e;

	memset(&d, 0, sizeof d);
	for (i = a->argc > 0 ? 1 : 0; i < a->argc; i++) {
		if (!strcmp(a->argv[i], "--json"))
			json = 1;
		else if (npos < 3)
			pos[npos++] = a->argv[i];
		else
			return usage_error("watch: too many arguments (quote the query)%s", "");
	}
	if (!strcmp(sub, "--json")) {
		sub = "list";
		json = 1;
	}
	if ((rc = open_store(a->store, 0, &s)))
		return rc;
	if (!strcmp(sub, "add")) {
		if (npos != 2) {
			trawl_store_close(s);
			return usage_error("usage: trawl watch add NAME \"QUERY\"%s", "");
		}
		e = trawl_watch_add(s, pos[0], pos[1], &d);
		if (!e)
			printf("watch %s saved\n", pos[0]);
	} else if (!strcmp(sub, "rm")) {
		if (npos != 1) {
			trawl_store_close(s);
			return usage_error("usage: trawl watch rm NAME%s", "");
		}
		e = trawl_watch_remove(s, pos[0], &d);
	} else if (!strcmp(sub, "list")) {
		e = trawl_watch_list(s, watch_line, &json, &d);
	} else if (!strcmp(sub, "run")) {
		watch_run_ctx c;
		memset(&c, 0, sizeof c);
		c.json = json;
		e = trawl_watch_run(s, npos ? pos[0] : NULL, watch_run_head, watch_run_hit, &c, &d);
	} else {
		trawl_store_close(s);
		return usage_error("watch: unknown subcommand %s (add, run, rm)", sub);
	}
	if (e) {
		fprintf(stderr, "trawl: watch: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		rc = e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
	}
	trawl_store_close(s);
	return rc;
}

/* ---- main ---- */

static int print_line(const char *line, void *u)
{
	(void)u;
	printf("%s\n", line);
	return 0;
}

/* trawl admin: users, rights, collections and the audit of a database store */
static int cmd_admin(const args *a)
{
	trawl_store *s = NULL;
	trawl_diag d;
	trawl_err e;
	int rc;

	memset(&d, 0, sizeof d);
	if ((rc = open_store_as(a->store, 0, 1, &s)))
		return rc;
	e = trawl_store_admin(s, a->argc, (const char *const *)a->argv, print_line, NULL, &d);
	trawl_store_close(s);
	if (e) {
		fprintf(stderr, "trawl: admin: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		return e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
	}
	return 0;
}

/* trawl copy --from STORE --to STORE */
static int cmd_copy(const args *a)
{
	const char *from = NULL, *to = NULL;
	trawl_store *src = NULL, *dst = NULL;
	trawl_diag d;
	trawl_err e;
	uint64_t rows = 0;
	int rc;

	for (int i = 0; i < a->argc; i++) {
		if (!strcmp(a->argv[i], "--from") && i + 1 < a->argc)
			from = a->argv[++i];
		else if (!strcmp(a->argv[i], "--to") && i + 1 < a->argc)
			to = a->argv[++i];
		else
			return usage_error("copy takes --from STORE --to STORE, not %s", a->argv[i]);
	}
	if (!from || !to)
		return usage_error("copy takes --from STORE --to STORE%s", "");
	memset(&d, 0, sizeof d);
	if ((rc = open_store_as(from, 0, 1, &src)))
		return rc;
	if ((rc = open_store_as(to, 1, 1, &dst))) {
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

int main(int argc, char **argv)
{
	args a;
	char **rest;
	int i, n = 0;

	memset(&a, 0, sizeof a);
	a.store = getenv("TRAWL_STORE");
	if (!a.store || !*a.store)
		a.store = ".trawl";
	rest = calloc((size_t)argc + 1, sizeof *rest);
	if (!rest)
		return EXIT_PROBLEM;
	/* --store is global: taken before or after the command */
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--store")) {
			if (++i >= argc) {
				free(rest);
				return usage_error("--store needs a folder%s", "");
			}
			a.store = argv[i];
		} else if (!strncmp(argv[i], "--store=", 8)) {
			a.store = argv[i] + 8;
		} else if (!a.cmd && (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h") ||
		                      !strcmp(argv[i], "help"))) {
			fputs(usage_text, stdout);
			free(rest);
			return 0;
		} else if (!a.cmd && !strcmp(argv[i], "--version")) {
			printf("trawl %s\n", TRAWL_VERSION);
			free(rest);
			return 0;
		} else if (!a.cmd && argv[i][0] != '-') {
			a.cmd = argv[i];
		} else if (!a.cmd) {
			free(rest);
			return usage_error("unknown option %s", argv[i]);
		} else {
			rest[n++] = argv[i];
		}
	}
	a.argc = n;
	a.argv = rest;
	if (!a.cmd) {
		fputs(usage_text, stderr);
		free(rest);
		return EXIT_USAGE;
	}
	{
		int rc;
		if (!strcmp(a.cmd, "add"))
			rc = cmd_add(&a);
		else if (!strcmp(a.cmd, "ls"))
			rc = cmd_ls(&a);
		else if (!strcmp(a.cmd, "show"))
			rc = cmd_show(&a);
		else if (!strcmp(a.cmd, "verify"))
			rc = cmd_verify(&a);
		else if (!strcmp(a.cmd, "set"))
			rc = cmd_set(&a);
		else if (!strcmp(a.cmd, "refresh"))
			rc = cmd_refresh(&a);
		else if (!strcmp(a.cmd, "search"))
			rc = cmd_search(&a);
		else if (!strcmp(a.cmd, "watch"))
			rc = cmd_watch(&a);
		else if (!strcmp(a.cmd, "facts"))
			rc = cmd_facts(&a);
		else if (!strcmp(a.cmd, "diff"))
			rc = cli_diff(a.store, a.argc, a.argv);
		else if (!strcmp(a.cmd, "report"))
			rc = cli_report(a.store, a.argc, a.argv);
		else if (!strcmp(a.cmd, "topics"))
			rc = cli_topics(a.store, a.argc, a.argv);
		else if (!strcmp(a.cmd, "entities"))
			rc = cli_entities(a.store, a.argc, a.argv);
		else if (!strcmp(a.cmd, "serve"))
			rc = cli_serve(a.store, a.argc, a.argv);
		else if (!strcmp(a.cmd, "admin"))
			rc = cmd_admin(&a);
		else if (!strcmp(a.cmd, "copy"))
			rc = cmd_copy(&a);
		else
			rc = usage_error("unknown command %s", a.cmd);
		free(rest);
		return rc;
	}
}
