/* Dumps what trawl reads from one file: every table's grid, one JSON
 * object a line, for the property tests that compare it with the grid
 * they generated:
 *
 *   {"unit":1,"table":0,"cells":[[row,col,rowspan,colspan,"text"],...]}
 *
 *   griddump FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "ingest/parse.h"
#include "util/buf.h"

static void dump_unit(const trawl__unit *u)
{
	cJSON *o = NULL, *cells = NULL;
	uint32_t table = UINT32_MAX;

	for (size_t i = 0; i <= u->cells.n; i++) {
		const trawl__cell *c = i < u->cells.n ? &TRAWL_VEC_AT(&u->cells, trawl__cell, i) : NULL;
		if (o && (!c || c->table != table)) {
			char *t = cJSON_PrintUnformatted(o);
			if (t)
				puts(t);
			free(t);
			cJSON_Delete(o);
			o = NULL;
		}
		if (!c)
			break;
		if (!o) {
			table = c->table;
			o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "unit", u->number);
			cJSON_AddNumberToObject(o, "table", c->table);
			cells = cJSON_AddArrayToObject(o, "cells");
		}
		{
			cJSON *a = cJSON_CreateArray();
			char *txt = strndup(u->nt.text.data + c->start, c->end - c->start);
			cJSON_AddItemToArray(a, cJSON_CreateNumber(c->row));
			cJSON_AddItemToArray(a, cJSON_CreateNumber(c->col));
			cJSON_AddItemToArray(a, cJSON_CreateNumber(c->rowspan));
			cJSON_AddItemToArray(a, cJSON_CreateNumber(c->colspan));
			cJSON_AddItemToArray(a, cJSON_CreateString(txt ? txt : ""));
			free(txt);
			cJSON_AddItemToArray(cells, a);
		}
	}
}

int main(int argc, char **argv)
{
	trawl__parse_opts o;
	trawl__docset ds;
	trawl__buf data;
	trawl_diag d;
	trawl_err rc;

	if (argc != 2) {
		fprintf(stderr, "usage: griddump FILE\n");
		return 2;
	}
	memset(&o, 0, sizeof o);
	o.tmp_dir = "/tmp";
	o.max_file = (uint64_t)512 << 20;
	o.max_inflate = (size_t)256 << 20;
	o.no_facts = 1;
	memset(&d, 0, sizeof d);
	trawl__buf_init(&data, 0);
	if (trawl__read_path(argv[1], &data, &d)) {
		fprintf(stderr, "griddump: %s: %s\n", argv[1], d.msg);
		return 1;
	}
	trawl__docset_init(&ds, 0);
	rc = trawl__parse(&o, argv[1], data.data, data.len, &ds, &d);
	if (rc) {
		fprintf(stderr, "griddump: %s: %s\n", argv[1], d.msg[0] ? d.msg : trawl_strerror(rc));
	} else {
		for (size_t i = 0; i < ds.docs.n; i++) {
			const trawl__doc *doc = TRAWL_VEC_AT(&ds.docs, trawl__doc *, i);
			for (size_t k = 0; k < doc->units.n; k++)
				dump_unit(TRAWL_VEC_AT(&doc->units, trawl__unit *, k));
		}
	}
	trawl__docset_release(&ds);
	trawl__buf_release(&data);
	return rc ? 1 : 0;
}
