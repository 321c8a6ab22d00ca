/* trawl diff A B: line items added, removed and changed, new targets and
 * paragraphs, every row with both sides' citations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

typedef struct diff_ctx {
	int json, csv;
} diff_ctx;

static void csv_side(const trawl_diff_side *s)
{
	char v[80], pg[16];

	if (!s) {
		for (int i = 0; i < 5; i++)
			putchar(',');
		return;
	}
	snprintf(v, sizeof v, "%s%s", s->negative ? "-" : "", s->value ? s->value : "");
	snprintf(pg, sizeof pg, "%d", s->page);
	out_csv_field(s->value ? v : "", 0);
	out_csv_field(s->currency, 0);
	out_csv_field(s->path, 0);
	out_csv_field(s->paged ? pg : "", 0);
	out_csv_field(s->text, 0);
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

static int diff_row(const trawl_diff_row *r, void *u)
{
	diff_ctx *c = u;

	if (c->json) {
		trawl_json *j = out_json();
		if (!j)
			return 1;
		trawl_json_diff_row(j, r, 0);
		out_json_print(stdout, j);
		return 0;
	}
	if (c->csv) {
		out_csv_field(r->kind, 0);
		out_csv_field(r->status, 0);
		out_csv_field(r->item, 0);
		out_csv_field(r->code, 0);
		out_csv_field(r->column, 0);
		csv_side(r->a);
		csv_side(r->b);
		out_csv_field(r->change, 1);
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

int cli_diff(const char *store, int argc, char **argv)
{
	trawl_store *s = NULL;
	trawl_diff_stats st;
	trawl_diag d;
	diff_ctx c = { 0, 0 };
	const char *side[2] = { NULL, NULL };
	int i, n = 0, rc, all = 0;
	trawl_err e;

	memset(&d, 0, sizeof d);
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			c.json = 1;
		else if (!strcmp(argv[i], "--csv"))
			c.csv = 1;
		else if (!strcmp(argv[i], "--all"))
			all = 1;
		else if (n < 2)
			side[n++] = argv[i];
		else
			return cli_usage_error("diff takes two sides (quote a filter: \"year:2023 type:pdf\"); "
			                       "extra argument %s", argv[i]);
	}
	if (n != 2)
		return cli_usage_error("usage: trawl diff A B [--json|--csv] [--all]%s", "");
	if (c.json && c.csv)
		return cli_usage_error("diff: --json or --csv, not both%s", "");
	if ((rc = cli_open_store(store, 0, &s)))
		return rc;
	if (c.csv)
		puts("kind,status,item,code,column,a_amount,a_currency,a_path,a_page,a_text,"
		     "b_amount,b_currency,b_path,b_page,b_text,change");
	e = trawl_diff(s, side[0], side[1], all, diff_row, &c, &st, &d);
	if (e) {
		fprintf(stderr, "trawl: diff: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		rc = e == TRAWL_EUSAGE ? 2 : 1;
	} else if (!c.json && !c.csv) {
		printf("%llu added, %llu removed, %llu changed, %llu unchanged line items; "
		       "%llu new targets, %llu new paragraphs (A: %llu document%s, B: %llu document%s%s)\n",
		       (unsigned long long)st.added, (unsigned long long)st.removed,
		       (unsigned long long)st.changed, (unsigned long long)st.unchanged,
		       (unsigned long long)st.new_targets, (unsigned long long)st.new_paragraphs,
		       (unsigned long long)st.adocs, st.adocs == 1 ? "" : "s",
		       (unsigned long long)st.bdocs, st.bdocs == 1 ? "" : "s",
		       st.by_code ? "; matched by item code" : "");
	}
	trawl_store_close(s);
	return rc;
}
