/* trawl report, trawl topics, trawl entities: money facts counted and
 * summed by year, place, agency, vendor or topic (docs/report.md). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <trawl/report.h>
#include "cli.h"

/* ---- the options the three commands share ---- */

typedef struct ropts {
	const char *cmd;
	int out;
	const char *by;
	const char *html;
	const char *topics;
	const char *aliases;
	const char *role;
	int topics_needed;
	int no_topics;
	long limit;          /* rows to print, the totals aside (--limit) */
	char *query;         /* the filter words, joined by spaces */
	char topics_buf[4096], aliases_buf[4096];
} ropts;

/* The options the three commands share, from what was given. */
static void read_opts(ropts *o, const cli_args *a)
{
	memset(o, 0, sizeof *o);
	o->cmd = a->cmd->name;
	o->out = cli_out(a);
	o->query = cli_join(a, 0);
	o->limit = cli_num(a, "limit", LONG_MAX);
	o->aliases = cli_str(a, "aliases");
}

/* A file named name in the current folder, else in the store folder. */
static const char *default_file(const char *name, const char *store, char *buf, size_t n)
{
	if (access(name, F_OK) == 0)
		return name;
	snprintf(buf, n, "%s/%s", store, name);
	return access(buf, F_OK) == 0 ? buf : NULL;
}

static int find_files(ropts *o, const char *store)
{
	if (!o->topics && !o->no_topics)
		o->topics = default_file("topics.txt", store, o->topics_buf, sizeof o->topics_buf);
	if (!o->topics && o->topics_needed && !o->no_topics) {
		fprintf(stderr, "trawl: %s: no topics file: give --%s FILE, or write topics.txt "
		        "in this folder or in the store folder\n(lines like  surveillance: "
		        "人脸识别, 视频监控, 卡口; see docs/report.md)\n", o->cmd, "topics");
		return EXIT_USAGE;
	}
	if (!o->aliases)
		o->aliases = default_file("aliases.txt", store, o->aliases_buf,
		                          sizeof o->aliases_buf);
	return 0;
}

/* Opens the store and reads the report; prints why on failure. */
static int open_report(ropts *o, const cli_args *a, trawl_store **s, trawl_report **r)
{
	trawl_report_opts ro;
	trawl_diag d;
	trawl_err e;
	int rc;

	if ((rc = find_files(o, a->store)))
		return rc;
	if ((rc = cli_open(a, OPEN_READ, s)))
		return rc;
	memset(&ro, 0, sizeof ro);
	memset(&d, 0, sizeof d);
	ro.query = o->query;
	ro.topics_file = o->topics;
	ro.whats_new = o->html != NULL;
	ro.aliases_file = o->aliases;
	e = trawl_report_open(*s, &ro, r, &d);
	if (e) {
		if (d.path[0])
			fprintf(stderr, "trawl: %s: %s: %s\n", o->cmd, d.path,
			        d.msg[0] ? d.msg : trawl_strerror(e));
		else
			fprintf(stderr, "trawl: %s: %s\n", o->cmd, d.msg[0] ? d.msg : trawl_strerror(e));
		trawl_store_close(*s);
		*s = NULL;
		return e == TRAWL_EUSAGE || e == TRAWL_ENOTFOUND || e == TRAWL_EFORMAT ||
		       e == TRAWL_EACCES ? EXIT_USAGE : EXIT_PROBLEM;
	}
	return 0;
}

/* ---- a table of cells, aligned for a terminal ---- */

#define MAXCOLS 10

typedef struct table {
	int ncols;
	int right[MAXCOLS];   /* right-aligned (numbers) */
	char **cells;         /* rows * ncols, owned */
	size_t nrows, cap;
	int failed;
} table;

static char *clean_dup(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *d = malloc(n + 1);

	if (!d)
		return NULL;
	for (size_t i = 0; i < n; i++)
		d[i] = s[i] == '\n' || s[i] == '\t' || s[i] == '\r' ? ' ' : s[i];
	d[n] = '\0';
	return d;
}

/* Appends a row of t->ncols strings (copied). */
static void table_row(table *t, const char *const *v)
{
	if (t->failed)
		return;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		char **c = cap > SIZE_MAX / sizeof *c / ((size_t)t->ncols + 1) ? NULL :
		          realloc(t->cells, cap * (size_t)t->ncols * sizeof *c);
		if (!c) {
			t->failed = 1;
			return;
		}
		t->cells = c;
		t->cap = cap;
	}
	for (int i = 0; i < t->ncols; i++) {
		char **cell = &t->cells[t->nrows * (size_t)t->ncols + (size_t)i];
		*cell = clean_dup(v[i] ? v[i] : "");
		if (!*cell) {
			for (int k = 0; k < i; k++)
				free(t->cells[t->nrows * (size_t)t->ncols + (size_t)k]);
			t->failed = 1;
			return;
		}
	}
	t->nrows++;
}

static void table_print(table *t)
{
	size_t w[MAXCOLS] = { 0 };

	for (size_t r = 0; r < t->nrows; r++)
		for (int c = 0; c < t->ncols; c++) {
			size_t x = out_disp_width(t->cells[r * (size_t)t->ncols + (size_t)c]);
			if (x > w[c])
				w[c] = x;
		}
	for (size_t r = 0; r < t->nrows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			const char *v = t->cells[r * (size_t)t->ncols + (size_t)c];
			size_t pad = w[c] - out_disp_width(v);
			int last = c == t->ncols - 1;
			if (t->right[c])
				printf("%*s%s", (int)pad, "", v);
			else if (last || (c == t->ncols - 2 &&
			                  !*t->cells[r * (size_t)t->ncols + (size_t)c + 1]))
				fputs(v, stdout);
			else
				printf("%s%*s", v, (int)pad, "");
			/* no trailing spaces before an empty last column */
			if (!last && !(c == t->ncols - 2 && !*t->cells[r * (size_t)t->ncols + (size_t)c + 1]))
				fputs("  ", stdout);
		}
		putchar('\n');
	}
}

static void table_free(table *t)
{
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
}

/* ---- CSV and JSON ---- */

static const char *unknown(trawl_report_by by)
{
	switch (by) {
	case TRAWL_BY_YEAR: return "(no year)";
	case TRAWL_BY_PLACE: return "(no place)";
	case TRAWL_BY_TOPIC: return "(no topic)";
	default: return "(unknown)";
	}
}

/* "path p.3 «quote»" */
static void source_text(const trawl_report_source *s, char *out, size_t n)
{
	char page[24] = "";

	if (!s->doc) {
		snprintf(out, n, "-");
		return;
	}
	if (s->paged)
		snprintf(page, sizeof page, " p.%d", s->page);
	snprintf(out, n, "%s%s \u00ab%s\u00bb%s", s->path ? s->path : s->doc, page,
	         s->quote ? s->quote : "", s->sum ? " + others (a sum)" : "");
}

static void csv_source(const trawl_report_source *s)
{
	char page[24] = "";

	if (s->doc && s->paged)
		snprintf(page, sizeof page, "%d", s->page);
	out_csv_field(s->doc ? s->doc : "", 0);
	out_csv_field(s->doc ? s->path : "", 0);
	out_csv_field(page, 0);
	out_csv_field(s->doc ? s->quote : "", 0);
	out_csv_field(s->doc ? s->value : "", 0);
	out_csv_field(s->doc ? (s->sum ? "1" : "0") : "", 1);
}

/* ---- trawl report ---- */

/* After the rows: says why they failed, or prints the table. */
static int finish(const ropts *o, trawl_err e, table *t)
{
	if (e || t->failed) {
		fprintf(stderr, "trawl: %s: %s\n", o->cmd, trawl_strerror(e ? e : TRAWL_ENOMEM));
		return EXIT_PROBLEM;
	}
	if (o->out == OUT_TABLE)
		table_print(t);
	return 0;
}

static int close_all(int rc, ropts *o, table *t, trawl_report *r, trawl_store *s)
{
	table_free(t);
	trawl_report_free(r);
	if (s)
		trawl_store_close(s);
	free(o->query);
	return rc;
}

typedef struct report_ctx {
	int out;
	trawl_report_by by;
	table t;
	long left;            /* rows still to print, the totals aside */
	int more;             /* ... and one more was there */
} report_ctx;

/* The table's amount and currency cells: "-" for a group that adds no
 * document's amount (of no amount, or counted through another), never a
 * 0 that reads as nothing paid; CSV and JSON keep "0". */
static void amount_cells(const trawl_report_row *row, char *amount, size_t n, const char **cur)
{
	if (!row->top.doc && (!row->amount || !strcmp(row->amount, "0"))) {
		snprintf(amount, n, "-");
		*cur = "-";
		return;
	}
	trawl_amount_format(row->amount, amount, n);
	*cur = row->currency;
}

static int report_row(const trawl_report_row *row, void *u)
{
	report_ctx *c = u;
	char docs[24], facts[24], amount[128], src[2048];
	const char *key = row->total ? "total" : *row->key[0] ? row->key[0] : unknown(c->by), *cur;

	if (!row->total && c->left-- <= 0) {
		c->more = 1;
		return 0;
	}
	snprintf(docs, sizeof docs, "%llu", (unsigned long long)row->documents);
	snprintf(facts, sizeof facts, "%llu", (unsigned long long)row->facts);
	if (c->out == OUT_CSV) {
		if (row->total)
			return 0;
		out_csv_field(row->key[0], 0);
		out_csv_field(docs, 0);
		out_csv_field(facts, 0);
		out_csv_field(row->amount, 0);
		out_csv_field(row->currency, 0);
		csv_source(&row->top);
		return 0;
	}
	if (c->out == OUT_JSON) {
		trawl_json *j;
		if (row->total)
			return 0;
		j = out_json();
		if (!j)
			return 1;
		trawl_json_report_row(j, c->by, row, 0);
		out_json_print(stdout, j);
		return 0;
	}
	amount_cells(row, amount, sizeof amount, &cur);
	source_text(&row->top, src, sizeof src);
	{
		const char *v[6] = { key, docs, facts, amount, cur, src };
		table_row(&c->t, v);
	}
	return 0;
}

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int bad;

	if (!f)
		return -1;
	bad = fwrite(data, 1, len, f) != len;
	bad |= fclose(f) != 0;
	return bad ? -1 : 0;
}

/* Said on stderr, so that what the CSV or JSON on stdout sums is explained
 * without changing it. */
static void note_not_summed(const trawl_report *r, const char *cmd)
{
	uint64_t n = trawl_report_not_summed(r);

	if (n)
		fprintf(stderr, "trawl: %s: %llu OCDS release%s counted as documents but not "
		        "added: a later release of the same process (ocid) is (docs/report.md)\n",
		        cmd, (unsigned long long)n, n == 1 ? "" : "s");
	n = trawl_report_same_procurement(r);
	if (n)
		fprintf(stderr, "trawl: %s: %llu document%s counted but %s amount not added: "
		        "another document of the same procurement (项目编号 or ocid) states it, "
		        "or its award (docs/report.md)\n",
		        cmd, (unsigned long long)n, n == 1 ? "" : "s", n == 1 ? "its" : "their");
	n = trawl_report_same_invoice(r);
	if (n)
		fprintf(stderr, "trawl: %s: %llu invoice%s counted but %s not added: "
		        "another file of the same invoice (发票代码, 发票号码, date and amount) is "
		        "(docs/report.md)\n", cmd, (unsigned long long)n, n == 1 ? "" : "s",
		        n == 1 ? "its amount" : "their amounts");
	n = trawl_report_list_rows(r);
	if (n)
		fprintf(stderr, "trawl: %s: %llu row%s of lists not added again: another award or "
		        "contract states %s (the same amount, vendor and year), or an earlier "
		        "list (docs/report.md)\n", cmd, (unsigned long long)n, n == 1 ? "" : "s",
		        n == 1 ? "it" : "them");
	n = trawl_report_uncertain(r);
	if (n)
		fprintf(stderr, "trawl: %s: %llu money figure%s read by OCR as uncertain (low "
		        "confidence, or no column header read) %s in no total: check %s against the page (trawl facts marks %s "
		        "UNCERTAIN)\n", cmd, (unsigned long long)n, n == 1 ? "" : "s",
		        n == 1 ? "is" : "are", n == 1 ? "it" : "them", n == 1 ? "it" : "them");
	n = trawl_report_unstated(r);
	if (n) {
		trawl_report_source src;
		fprintf(stderr, "trawl: %s: %llu document%s of no known amount, not added: a "
		        "figure %s amount would be or add states no unit or currency (trawl set ID "
		        "amount=… states it):\n", cmd, (unsigned long long)n, n == 1 ? "" : "s",
		        n == 1 ? "its" : "each one's");
		for (uint64_t i = 0; i < n && i < 10 && trawl_report_unstated_source(r, i, &src); i++) {
			fprintf(stderr, "trawl: %s:   %.12s  %s", cmd, src.doc, src.path ? src.path : "-");
			if (src.paged)
				fprintf(stderr, " p.%d", src.page);
			fprintf(stderr, "  \u00ab%s\u00bb\n", src.quote ? src.quote : "");
		}
		if (n > 10)
			fprintf(stderr, "trawl: %s:   … and %llu more (trawl ls --json: amount_source "
			        "\"unstated\")\n", cmd, (unsigned long long)(n - 10));
	}
	n = trawl_report_no_amount(r);
	if (n) {
		trawl_report_source src;
		fprintf(stderr, "trawl: %s: %llu award%s, contract%s or budget%s of no amount read, "
		        "not added (trawl show ID says what it states; trawl set ID amount=… "
		        "states it):\n", cmd, (unsigned long long)n, n == 1 ? "" : "s",
		        n == 1 ? "" : "s", n == 1 ? "" : "s");
		for (uint64_t i = 0; i < n && i < 10 && trawl_report_no_amount_source(r, i, &src); i++)
			fprintf(stderr, "trawl: %s:   %.12s  %s\n", cmd, src.doc,
			        src.path ? src.path : "-");
		if (n > 10)
			fprintf(stderr, "trawl: %s:   … and %llu more\n", cmd,
			        (unsigned long long)(n - 10));
	}
}

int cmd_report(const cli_args *a)
{
	ropts o;
	report_ctx c;
	trawl_store *s = NULL;
	trawl_report *r = NULL;
	trawl_err e;
	int rc = 0;

	memset(&c, 0, sizeof c);
	read_opts(&o, a);
	o.by = cli_str(a, "by");
	o.html = cli_str(a, "html");
	o.topics = cli_str(a, "topics");
	c.left = o.limit;
	/* the table of choices (commands.c) checked --by already */
	c.by = trawl_report_by_parse(o.by ? o.by : "year");
	if (o.html && o.out != OUT_TABLE) {
		rc = cli_usage(a->cmd, "--html FILE, or --csv/--json");
		goto out;
	}
	o.topics_needed = c.by == TRAWL_BY_TOPIC;
	if ((rc = open_report(&o, a, &s, &r)))
		goto out;
	if (o.html) {
		char *page = NULL;
		size_t len = 0;
		uint64_t nd, nf;
		e = trawl_report_html(r, c.by, o.query, &page, &len);
		if (e) {
			fprintf(stderr, "trawl: report: %s\n", trawl_strerror(e));
			rc = EXIT_PROBLEM;
		} else if (write_file(o.html, page, len)) {
			fprintf(stderr, "trawl: report: %s: %s\n", o.html, strerror(errno));
			rc = EXIT_PROBLEM;
		} else {
			trawl_report_counts(r, &nd, &nf);
			printf("wrote %s (%llu documents, %llu money facts)\n", o.html,
			       (unsigned long long)nd, (unsigned long long)nf);
			note_not_summed(r, "report");
		}
		free(page);
		goto out;
	}
	c.out = o.out;
	c.t.ncols = 6;
	c.t.right[1] = c.t.right[2] = c.t.right[3] = 1;
	if (c.out == OUT_TABLE) {
		char head[32];
		const char *name = trawl_report_by_name(c.by);
		size_t i;
		for (i = 0; name[i] && i + 1 < sizeof head; i++)
			head[i] = (char)(name[i] - 'a' + 'A');
		head[i] = '\0';
		{
			const char *v[6] = { head, "DOCS", "FACTS", "AMOUNT", "CUR",
			                     "LARGEST AMOUNT FROM" };
			table_row(&c.t, v);
		}
	} else if (c.out == OUT_CSV) {
		printf("%s,documents,money_facts,amount,currency,source_doc,source_path,"
		       "source_page,source_quote,source_value,source_sum\n", trawl_report_by_name(c.by));
	}
	e = trawl_report_rows(r, &c.by, 1, report_row, &c);
	rc = finish(&o, e, &c.t);
	if (!e && c.more)
		fprintf(stderr, "trawl: report: the first %ld row%s listed, and the totals of all; "
		        "there are more (--limit N)\n", o.limit, o.limit == 1 ? "" : "s");
	if (!e)
		note_not_summed(r, "report");
out:
	return close_all(rc, &o, &c.t, r, s);
}

/* ---- trawl topics ---- */

typedef struct topics_ctx {
	int out;
	table t;
	long left;            /* rows still to print (--csv, --json) */
} topics_ctx;

static void topic_cells(const trawl_report_row *row, const char *place, const char *year,
                        table *t)
{
	char docs[24], amount[128];
	const char *cur;

	snprintf(docs, sizeof docs, "%llu", (unsigned long long)row->documents);
	amount_cells(row, amount, sizeof amount, &cur);
	{
		const char *v[6] = { row->key[0], place, year, docs, amount, cur };
		table_row(t, v);
	}
}

/* Each topic's line, printed above its rows by place and year. */
static int topic_head_row(const trawl_report_row *row, void *u)
{
	if (row->total || !*row->key[0])
		return 0;
	topic_cells(row, "all", "all", u);
	return 0;
}

static int topic_row(const trawl_report_row *row, void *u)
{
	topics_ctx *c = u;
	char docs[24], facts[24];
	const char *place = *row->key[1] ? row->key[1] : unknown(TRAWL_BY_PLACE);
	const char *year = *row->key[2] ? row->key[2] : unknown(TRAWL_BY_YEAR);

	if (row->total || !*row->key[0])
		return 0;  /* documents on no topic */
	if (c->out != OUT_TABLE && c->left-- <= 0)
		return 0;
	snprintf(docs, sizeof docs, "%llu", (unsigned long long)row->documents);
	snprintf(facts, sizeof facts, "%llu", (unsigned long long)row->facts);
	if (c->out == OUT_CSV) {
		out_csv_field(row->key[0], 0);
		out_csv_field(row->key[1], 0);
		out_csv_field(row->key[2], 0);
		out_csv_field(docs, 0);
		out_csv_field(facts, 0);
		out_csv_field(row->amount, 0);
		out_csv_field(row->currency, 0);
		csv_source(&row->top);
		return 0;
	}
	if (c->out == OUT_JSON) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_topic_row(j, row, 0);
		out_json_print(stdout, j);
		return 0;
	}
	topic_cells(row, place, year, &c->t);
	return 0;
}

int cmd_topics(const cli_args *a)
{
	static const trawl_report_by by[3] = { TRAWL_BY_TOPIC, TRAWL_BY_PLACE, TRAWL_BY_YEAR };
	ropts o;
	topics_ctx c;
	table heads;
	trawl_store *s = NULL;
	trawl_report *r = NULL;
	trawl_err e;
	int rc;

	memset(&c, 0, sizeof c);
	memset(&heads, 0, sizeof heads);
	read_opts(&o, a);
	o.topics = cli_str(a, "topics");
	c.left = o.limit;
	o.topics_needed = 1;
	if ((rc = open_report(&o, a, &s, &r)))
		goto out;
	c.out = o.out;
	c.t.ncols = heads.ncols = 6;
	c.t.right[3] = c.t.right[4] = 1;
	if (c.out == OUT_CSV)
		puts("topic,place,year,documents,money_facts,amount,currency,source_doc,"
		     "source_path,source_page,source_quote,source_value,source_sum");
	if (c.out != OUT_TABLE) {
		e = trawl_report_rows(r, by, 3, topic_row, &c);
		if (e) {
			fprintf(stderr, "trawl: topics: %s\n", trawl_strerror(e));
			rc = EXIT_PROBLEM;
		}
		goto out;
	}
	/* a table: each topic's line, then its rows by place and year */
	e = trawl_report_rows(r, by, 1, topic_head_row, &heads);
	if (!e)
		e = trawl_report_rows(r, by, 3, topic_row, &c);
	if (e || c.t.failed || heads.failed) {
		fprintf(stderr, "trawl: topics: %s\n", trawl_strerror(e ? e : TRAWL_ENOMEM));
		rc = EXIT_PROBLEM;
		goto out;
	}
	{
		table all;
		const char *v[6] = { "TOPIC", "PLACE", "YEAR", "DOCS", "AMOUNT", "CUR" };
		size_t k = 0;
		memset(&all, 0, sizeof all);
		all.ncols = 6;
		all.right[3] = all.right[4] = 1;
		table_row(&all, v);
		for (size_t h = 0; h < heads.nrows; h++) {
			const char *const *hr = (const char *const *)&heads.cells[h * 6];
			table_row(&all, hr);
			/* the topic's other currencies, then its breakdown */
			while (h + 1 < heads.nrows && !strcmp(heads.cells[(h + 1) * 6], hr[0])) {
				const char *const *more = (const char *const *)&heads.cells[++h * 6];
				const char *w[6] = { "", more[1], more[2], more[3], more[4], more[5] };
				table_row(&all, w);
			}
			for (; k < c.t.nrows && !strcmp(c.t.cells[k * 6], hr[0]); k++) {
				const char *const *cr = (const char *const *)&c.t.cells[k * 6];
				const char *w[6] = { "", cr[1], cr[2], cr[3], cr[4], cr[5] };
				table_row(&all, w);
			}
		}
		/* the header and at most --limit rows */
		while (!all.failed && all.nrows > 1 && (long)all.nrows - 1 > o.limit) {
			all.nrows--;
			for (size_t col = 0; col < 6; col++)
				free(all.cells[all.nrows * 6 + col]);
		}
		if (all.failed)
			rc = EXIT_PROBLEM;
		else
			table_print(&all);
		table_free(&all);
	}
out:
	if (r && !rc)
		note_not_summed(r, "topics");
	table_free(&heads);
	return close_all(rc, &o, &c.t, r, s);
}

/* ---- trawl entities ---- */

typedef struct entities_ctx {
	int out;
	table t;
	long left;            /* rows still to print */
	int more;             /* ... and one more was there */
} entities_ctx;

static int entity_row(const trawl_report_row *row, void *u)
{
	entities_ctx *c = u;
	char docs[24], facts[24], amount[128];
	const char *cur;

	if (c->left-- <= 0) {
		c->more = 1;
		return 1;
	}
	snprintf(docs, sizeof docs, "%llu", (unsigned long long)row->documents);
	snprintf(facts, sizeof facts, "%llu", (unsigned long long)row->facts);
	if (c->out == OUT_CSV) {
		out_csv_field(row->key[0], 0);
		out_csv_field(row->key[1], 0);
		out_csv_field(docs, 0);
		out_csv_field(facts, 0);
		out_csv_field(row->amount, 0);
		out_csv_field(row->currency, 0);
		out_csv_field(row->names ? row->names : "", 0);
		csv_source(&row->top);
		return 0;
	}
	if (c->out == OUT_JSON) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_entity_row(j, row, 0);
		out_json_print(stdout, j);
		return 0;
	}
	amount_cells(row, amount, sizeof amount, &cur);
	{
		const char *v[6] = { row->key[0], row->key[1], docs, amount, cur,
		                     row->names ? row->names : "" };
		table_row(&c->t, v);
	}
	return 0;
}

int cmd_entities(const cli_args *a)
{
	ropts o;
	entities_ctx c;
	trawl_store *s = NULL;
	trawl_report *r = NULL;
	trawl_err e;
	int rc;

	memset(&c, 0, sizeof c);
	read_opts(&o, a);
	o.role = cli_str(a, "role");
	c.left = o.limit;
	o.no_topics = 1;
	if ((rc = open_report(&o, a, &s, &r)))
		goto out;
	c.out = o.out;
	c.t.ncols = 6;
	c.t.right[2] = c.t.right[3] = 1;
	if (c.out == OUT_TABLE) {
		const char *v[6] = { "NAME", "ROLE", "DOCS", "AMOUNT", "CUR", "ALSO AS" };
		table_row(&c.t, v);
	} else if (c.out == OUT_CSV) {
		puts("name,role,documents,money_facts,amount,currency,also_as,source_doc,"
		     "source_path,source_page,source_quote,source_value,source_sum");
	}
	e = trawl_report_entities(r, o.role, entity_row, &c);
	rc = finish(&o, e, &c.t);
	if (!e && c.more)
		fprintf(stderr, "trawl: entities: the first %ld name%s listed; there are more "
		        "(--limit N)\n", o.limit, o.limit == 1 ? "" : "s");
out:
	return close_all(rc, &o, &c.t, r, s);
}
