/* trawl diff A B [C ...] | trawl diff FILTER --by year: line items,
 * indicators and projects added, removed and changed, new targets and
 * paragraphs, every row with every side's citation. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

typedef struct diff_ctx {
	int json, csv;
	int series;           /* more than two sides, or sides by year */
	int header;           /* the CSV header is out */
	size_t nsides;
	long left;            /* rows still to print (--limit) */
	int more;             /* ... and one more was there */
} diff_ctx;

/* A side's five fields; the last ends the line. */
static void csv_side(const trawl_diff_side *s, int last)
{
	char v[80], pg[16];

	if (!s) {
		for (int i = 0; i < 4; i++)
			putchar(',');
		putchar(last ? '\n' : ',');
		return;
	}
	snprintf(v, sizeof v, "%s%s", s->negative ? "-" : "", s->value ? s->value : "");
	snprintf(pg, sizeof pg, "%d", s->page);
	out_csv_field(s->value ? v : "", 0);
	out_csv_field(s->currency, 0);
	out_csv_field(s->path, 0);
	out_csv_field(s->paged ? pg : "", 0);
	out_csv_field(s->text, last);
}

static void print_side(const char *tag, const trawl_diff_side *s)
{
	if (!s)
		return;
	if (s->paged || s->page > 1)
		printf("      %s %s%s%d  \u00ab%s\u00bb\n", tag, s->path ? s->path : s->doc,
		       s->paged ? ":p." : ":", s->page, s->text ? s->text : "");
	else
		printf("      %s %s  \u00ab%s\u00bb\n", tag, s->path ? s->path : s->doc,
		       s->text ? s->text : "");
}

/* The last label among the sides that have the row (for "last 2023"). */
static const char *last_seen(const trawl_diff_row *r)
{
	for (size_t k = r->nsides; k > 0; k--)
		if (r->sides[k - 1])
			return r->labels[k - 1];
	return "";
}

static void csv_header(diff_ctx *c, const trawl_diff_row *r)
{
	if (c->header)
		return;
	c->header = 1;
	if (!c->series) {
		puts("kind,status,item,code,column,a_amount,a_currency,a_path,a_page,a_text,"
		     "b_amount,b_currency,b_path,b_page,b_text,change");
		return;
	}
	fputs("kind,status,name,item,code,column,change,absent", stdout);
	for (size_t k = 0; k < (r ? r->nsides : c->nsides); k++) {
		char lab[64];
		if (r && r->labels[k])
			snprintf(lab, sizeof lab, "%s", r->labels[k]);
		else
			snprintf(lab, sizeof lab, "side%zu", k + 1);
		printf(",%s_amount,%s_currency,%s_path,%s_page,%s_text", lab, lab, lab, lab, lab);
	}
	putchar('\n');
}

static int diff_row(const trawl_diff_row *r, void *u)
{
	diff_ctx *c = u;
	int budget = !strcmp(r->kind, "indicator") || !strcmp(r->kind, "project");

	if (c->left-- <= 0) {
		c->more = 1;
		return 1;
	}
	if (c->json) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_diff_row(j, r, c->series, 0);
		out_json_print(stdout, j);
		return 0;
	}
	if (c->csv) {
		csv_header(c, r);
		out_csv_field(r->kind, 0);
		out_csv_field(r->status, 0);
		if (!c->series) {
			out_csv_field(budget && r->name ? r->name : r->item, 0);
			out_csv_field(r->code, 0);
			out_csv_field(r->column, 0);
			csv_side(r->a, 0);
			csv_side(r->b, 0);
			out_csv_field(r->change, 1);
			return 0;
		}
		out_csv_field(r->name ? r->name : r->item, 0);
		out_csv_field(r->item, 0);
		out_csv_field(r->code, 0);
		out_csv_field(r->column, 0);
		out_csv_field(r->change, 0);
		out_csv_field(r->absent, 0);
		for (size_t k = 0; k < r->nsides; k++)
			csv_side(r->sides[k], k + 1 == r->nsides);
		return 0;
	}
	if (c->series || budget) {
		/* added indicator 遣返率 ≥95% (10分), project X, absent 2022, 2023 */
		printf("%-9s %s %s", r->status, r->kind, r->name ? r->name :
		       r->item ? r->item : "");
		if (!strcmp(r->kind, "item")) {
			char av[80] = "-", bv[80] = "-";
			if (r->column)
				printf(" / %s", r->column);
			if (r->a && r->a->value)
				snprintf(av, sizeof av, "%s%s", r->a->negative ? "-" : "", r->a->value);
			if (r->b && r->b->value)
				snprintf(bv, sizeof bv, "%s%s", r->b->negative ? "-" : "", r->b->value);
			printf("  %s -> %s", av, bv);
		}
		if (r->change && strcmp(r->status, "unchanged"))
			printf("  (%s)", r->change);
		if (c->series && !strcmp(r->status, "removed"))
			printf(", last %s", last_seen(r));
		else if (c->series && r->absent)
			printf(", absent %s", r->absent);
		putchar('\n');
		if (c->series) {
			for (size_t k = 0; k < r->nsides; k++)
				print_side(r->labels[k], r->sides[k]);
		} else {
			print_side("A", r->a);
			print_side("B", r->b);
		}
		return 0;
	}
	if (!strcmp(r->kind, "item")) {
		char av[80] = "-", bv[80] = "-";
		if (r->a && r->a->value)
			snprintf(av, sizeof av, "%s%s", r->a->negative ? "-" : "", r->a->value);
		if (r->b && r->b->value)
			snprintf(bv, sizeof bv, "%s%s", r->b->negative ? "-" : "", r->b->value);
		printf("%-9s %s%s%s%s%s  %s -> %s", r->status, r->code ? r->code : "",
		       r->code ? "  " : "", r->item ? r->item : "", r->column ? " / " : "",
		       r->column ? r->column : "", av, bv);
		if (r->change && strcmp(r->status, "unchanged"))
			printf("  (%s)", r->change);
		putchar('\n');
	} else {
		printf("new %-9s \u00ab%s\u00bb\n", r->kind, r->item ? r->item : "");
	}
	print_side("A", r->a);
	print_side("B", r->b);
	return 0;
}

int cmd_diff(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diff_stats st;
	trawl_diag d;
	diff_ctx c = { cli_out(a) == OUT_JSON, cli_out(a) == OUT_CSV, 0, 0, 0,
	               cli_num(a, "limit", LONG_MAX), 0 };
	const char *side[TRAWL_DIFF_MAX_SIDES];
	int rc, all = cli_flag(a, "all"), by_year = cli_str(a, "by") != NULL;
	size_t n = (size_t)a->npos;
	trawl_err e;

	memset(&d, 0, sizeof d);
	if (by_year && n != 1)
		return cli_usage(a->cmd, "--by year takes one filter, the documents of every year "
		                 "(\"kind:budget agency:边境管理\")");
	if (!by_year && n < 2)
		return cli_usage(a->cmd, "two sides or more (or one filter with --by year)");
	for (size_t k = 0; k < n; k++)
		side[k] = a->pos[k];
	if ((rc = cli_open(a, OPEN_READ, &s)))
		return rc;
	c.series = by_year || n > 2;
	c.nsides = n;
	if (by_year)
		e = trawl_diff_by_year(s, side[0], all, diff_row, &c, &st, &d);
	else if (n > 2)
		e = trawl_diff_series(s, side, NULL, n, all, diff_row, &c, &st, &d);
	else
		e = trawl_diff(s, side[0], side[1], all, diff_row, &c, &st, &d);
	if (e) {
		fprintf(stderr, "trawl: diff: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		rc = e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
	} else if (c.csv && !c.header && !by_year) {
		csv_header(&c, NULL);
	} else if (!c.json && !c.csv) {
		printf("%llu added, %llu removed, %llu changed, %llu unchanged line items; ",
		       (unsigned long long)st.added, (unsigned long long)st.removed,
		       (unsigned long long)st.changed, (unsigned long long)st.unchanged);
		if (st.ind_added || st.ind_removed || st.ind_changed)
			printf("indicators: %llu added, %llu removed, %llu changed; ",
			       (unsigned long long)st.ind_added, (unsigned long long)st.ind_removed,
			       (unsigned long long)st.ind_changed);
		if (st.proj_added || st.proj_removed || st.proj_changed)
			printf("projects: %llu added, %llu removed, %llu changed; ",
			       (unsigned long long)st.proj_added, (unsigned long long)st.proj_removed,
			       (unsigned long long)st.proj_changed);
		printf("%llu new targets, %llu new paragraphs (%s: %llu document%s, %s: %llu "
		       "document%s%s)\n",
		       (unsigned long long)st.new_targets, (unsigned long long)st.new_paragraphs,
		       c.series ? "first" : "A", (unsigned long long)st.adocs,
		       st.adocs == 1 ? "" : "s", c.series ? "last" : "B",
		       (unsigned long long)st.bdocs, st.bdocs == 1 ? "" : "s",
		       st.by_code ? "; matched by item code" : "");
	}
	if (!e && c.more)
		fprintf(stderr, "trawl: diff: the first %ld row%s listed; there are more "
		        "(--limit N)\n", cli_num(a, "limit", LONG_MAX), cli_num(a, "limit", LONG_MAX) == 1 ? "" : "s");
	trawl_store_close(s);
	return rc;
}
