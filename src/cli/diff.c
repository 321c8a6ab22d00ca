/* trawl diff A B: line items added, removed and changed, new targets and
 * paragraphs, every row with both sides' citations. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "cli.h"

typedef struct diff_ctx {
	int json, csv;
	long left;            /* rows still to print (--limit) */
} diff_ctx;

static cJSON *side_json(const trawl_diff_side *s)
{
	cJSON *o;
	char v[80];

	if (!s)
		return cJSON_CreateNull();
	o = cJSON_CreateObject();
	if (!o)
		return NULL;
	if (s->value) {
		snprintf(v, sizeof v, "%s%s", s->negative ? "-" : "", s->value);
		cJSON_AddStringToObject(o, "amount", v);
	} else {
		cJSON_AddNullToObject(o, "amount");
	}
	if (s->currency) cJSON_AddStringToObject(o, "currency", s->currency);
	if (s->unit) cJSON_AddStringToObject(o, "unit", s->unit);
	if (s->unit_source) cJSON_AddStringToObject(o, "unit_source", s->unit_source);
	cJSON_AddStringToObject(o, "doc", s->doc ? s->doc : "");
	if (s->path) cJSON_AddStringToObject(o, "path", s->path);
	else cJSON_AddNullToObject(o, "path");
	if (s->paged) cJSON_AddNumberToObject(o, "page", s->page);
	else cJSON_AddNullToObject(o, "page");
	cJSON_AddNumberToObject(o, "unit_number", s->page);
	if (s->text) cJSON_AddStringToObject(o, "text", s->text);
	cJSON_AddNumberToObject(o, "start", (double)s->start);
	cJSON_AddNumberToObject(o, "end", (double)s->end);
	if (s->caption) cJSON_AddStringToObject(o, "caption", s->caption);
	return o;
}

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

	if (c->left-- <= 0)
		return 1;
	if (c->json) {
		cJSON *o = cJSON_CreateObject();
		char *t;
		if (!o)
			return 1;
		cJSON_AddStringToObject(o, "item", r->item ? r->item : "");
		cJSON_AddStringToObject(o, "status", r->status);
		cJSON_AddStringToObject(o, "kind", r->kind);
		if (r->code) cJSON_AddStringToObject(o, "code", r->code);
		if (r->column) cJSON_AddStringToObject(o, "column", r->column);
		cJSON_AddItemToObject(o, "a", side_json(r->a));
		cJSON_AddItemToObject(o, "b", side_json(r->b));
		if (r->change) cJSON_AddStringToObject(o, "change", r->change);
		t = cJSON_PrintUnformatted(o);
		if (t)
			puts(t);
		free(t);
		cJSON_Delete(o);
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

int cmd_diff(const cli_args *a)
{
	trawl_store *s = NULL;
	trawl_diff_stats st;
	trawl_diag d;
	diff_ctx c = { cli_out(a) == OUT_JSON, cli_out(a) == OUT_CSV,
	               cli_num(a, "limit", LONG_MAX) };
	int rc;
	trawl_err e;

	memset(&d, 0, sizeof d);
	if ((rc = cli_open(a, OPEN_READ, &s)))
		return rc;
	if (c.csv)
		puts("kind,status,item,code,column,a_amount,a_currency,a_path,a_page,a_text,"
		     "b_amount,b_currency,b_path,b_page,b_text,change");
	e = trawl_diff(s, a->pos[0], a->pos[1], cli_flag(a, "all"), diff_row, &c, &st, &d);
	if (e) {
		fprintf(stderr, "trawl: diff: %s\n", d.msg[0] ? d.msg : trawl_strerror(e));
		rc = e == TRAWL_EUSAGE ? EXIT_USAGE : EXIT_PROBLEM;
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
