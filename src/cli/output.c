#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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

static void print_free(FILE *f, cJSON *o)
{
	char *s = o ? cJSON_PrintUnformatted(o) : NULL;
	if (s) {
		fputs(s, f);
		fputc('\n', f);
	}
	free(s);
	cJSON_Delete(o);
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

void out_json_doc(FILE *f, const trawl_doc_info *d)
{
	cJSON *o = cJSON_CreateObject();
	if (!o)
		return;
	add_str(o, "id", d->id);
	add_str(o, "path", d->path);
	add_str(o, "format", d->format);
	add_str(o, "encoding", d->encoding);
	cJSON_AddNumberToObject(o, "pages", d->pages);
	cJSON_AddNumberToObject(o, "units", d->units);
	cJSON_AddNumberToObject(o, "size", (double)d->size);
	add_str(o, "sha256", d->sha256);
	add_str(o, "title", d->title);
	add_str(o, "added_at", d->added_at);
	add_str(o, "source_url", d->source_url);
	cJSON_AddNumberToObject(o, "mtime", (double)d->mtime);
	cJSON_AddNumberToObject(o, "version", d->version);
	cJSON_AddBoolToObject(o, "current", d->current);
	print_free(f, o);
}

void out_json_kv(FILE *f, const char *k1, const char *v1, ...)
{
	cJSON *o = cJSON_CreateObject();
	va_list ap;
	const char *k = k1, *v = v1;

	if (!o)
		return;
	va_start(ap, v1);
	while (k) {
		add_str(o, k, v);
		k = va_arg(ap, const char *);
		if (k)
			v = va_arg(ap, const char *);
	}
	va_end(ap);
	print_free(f, o);
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
