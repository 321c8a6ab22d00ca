#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "cli.h"

int cli_incomplete;

int cli_oom(void)
{
	cli_incomplete = 1;
	return 1;
}

static void *json_malloc(size_t n)
{
	void *p = malloc(n);
	if (!p)
		cli_oom();
	return p;
}

void cli_json_hooks(void)
{
	cJSON_Hooks h = { json_malloc, free };
	cJSON_InitHooks(&h);
}

/* One writer for the whole run: each record is written, printed as a
 * line and cleared. A record that could not be written whole is not
 * printed, and the run says its output is incomplete. */
trawl_json *out_json(void)
{
	static trawl_json *j;

	if (!j)
		j = trawl_json_new();
	else
		trawl_json_clear(j);
	if (!j)
		cli_oom();
	return j;
}

void out_json_print(FILE *f, trawl_json *j)
{
	size_t n;
	const char *t;

	if (!j)
		return;
	if (trawl_json_err(j)) {
		cli_oom();
		return;
	}
	t = trawl_json_text(j, &n);
	fwrite(t, 1, n, f);
	fputc('\n', f);
}

void out_json_doc(FILE *f, const trawl_doc_info *d)
{
	trawl_json *j = out_json();

	if (!j)
		return;
	trawl_json_doc(j, d, 0);
	out_json_print(f, j);
}

void out_csv_field(const char *v, int last)
{
	/* RFC 4180: quote a field holding a comma, quote, line break or an
	 * edge space; double the quotes inside */
	if (v && (strpbrk(v, ",\"\n\r") || *v == ' ')) {
		putchar('"');
		for (; *v; v++) {
			if (*v == '"')
				putchar('"');
			putchar(*v);
		}
		putchar('"');
	} else if (v) {
		fputs(v, stdout);
	}
	putchar(last ? '\n' : ',');
}

/* Columns a string takes on a terminal: East Asian wide characters two. */
size_t out_disp_width(const char *s)
{
	size_t w = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t c;
		int n;
		if (*p < 0x80) { c = *p; n = 1; }
		else if ((*p & 0xE0) == 0xC0) { c = *p & 0x1F; n = 2; }
		else if ((*p & 0xF0) == 0xE0) { c = *p & 0x0F; n = 3; }
		else { c = *p & 0x07; n = 4; }
		for (int i = 1; i < n; i++) {
			if ((p[i] & 0xC0) != 0x80) { n = i; break; }
			c = (c << 6) | (p[i] & 0x3F);
		}
		p += n;
		if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
		    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
		    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
		    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
			w += 2;
		else if (c >= 0x20 && !(c >= 0x300 && c <= 0x36F))
			w += 1;
	}
	return w;
}

/* The header of trawl ls --csv, and a document's row under it. */
const char out_csv_doc_header[] =
	"id,path,format,encoding,pages,units,size,kind,kind_source,year,year_source,place,"
	"place_code,place_source,amount,currency,amount_source,amount_text,amount_page,title,"
	"title_source,sha256,added_at,source_url,mtime,version,current,extractor,stale,realpath,"
	"part,amount_sum";

void out_csv_doc(const trawl_doc_info *d)
{
	char n[8][32];

	snprintf(n[0], sizeof n[0], "%d", d->pages);
	snprintf(n[1], sizeof n[1], "%d", d->units);
	snprintf(n[2], sizeof n[2], "%lld", (long long)d->size);
	snprintf(n[3], sizeof n[3], "%d", d->year);
	snprintf(n[4], sizeof n[4], "%d", d->amount_page);
	snprintf(n[5], sizeof n[5], "%lld", (long long)d->mtime);
	snprintf(n[6], sizeof n[6], "%d", d->version);
	snprintf(n[7], sizeof n[7], "%d", d->extractor);
	out_csv_field(d->id, 0);
	out_csv_field(d->path, 0);
	out_csv_field(d->format, 0);
	out_csv_field(d->encoding, 0);
	out_csv_field(n[0], 0);
	out_csv_field(n[1], 0);
	out_csv_field(n[2], 0);
	out_csv_field(d->kind, 0);
	out_csv_field(d->kind_source, 0);
	out_csv_field(d->year > 0 ? n[3] : "", 0);
	out_csv_field(d->year_source, 0);
	out_csv_field(d->place, 0);
	out_csv_field(d->place_code, 0);
	out_csv_field(d->place_source, 0);
	out_csv_field(d->amount, 0);
	out_csv_field(d->currency, 0);
	out_csv_field(d->amount_source, 0);
	out_csv_field(d->amount_text, 0);
	out_csv_field(d->amount_page > 0 ? n[4] : "", 0);
	out_csv_field(d->title, 0);
	out_csv_field(d->title_source, 0);
	out_csv_field(d->sha256, 0);
	out_csv_field(d->added_at, 0);
	out_csv_field(d->source_url, 0);
	out_csv_field(n[5], 0);
	out_csv_field(n[6], 0);
	out_csv_field(d->current ? "1" : "0", 0);
	out_csv_field(n[7], 0);
	out_csv_field(d->stale ? "1" : "0", 0);
	out_csv_field(d->realpath, 0);
	out_csv_field(d->part, 0);
	out_csv_field(d->amount_sum ? "1" : "0", 1);
}
