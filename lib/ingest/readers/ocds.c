/* OCDS JSON (release packages, record packages, a bare release or an array
 * of releases): one document per release. Its text lists every scalar as
 * "path: value" lines, so all of it is searchable; the buyer, suppliers,
 * values and dates are also kept as fields. */
#include <stdio.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "ingest/reader.h"
#include "util/diag.h"
#include "util/banned.h"

static const char *str_at(const cJSON *o, const char *a, const char *b)
{
	const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
	if (b)
		x = cJSON_GetObjectItemCaseSensitive(x, b);
	return cJSON_IsString(x) ? x->valuestring : NULL;
}

static void number_text(const cJSON *x, char *out, size_t n)
{
	double v = x->valuedouble;
	if (v == (double)(long long)v && v < 1e15 && v > -1e15)
		snprintf(out, n, "%lld", (long long)v);
	else
		snprintf(out, n, "%.17g", v);
}

/* "path: value" lines for every scalar, depth-first. */
static void flatten(trawl__docset *s, trawl__unit *u, const cJSON *x,
                    trawl__buf *path, int depth)
{
	const cJSON *c;
	size_t keep = path->len;
	char num[64];
	int i = 0;

	if (s->rc || depth > 64)
		return;
	if (cJSON_IsObject(x) || cJSON_IsArray(x)) {
		cJSON_ArrayForEach(c, x) {
			if (cJSON_IsObject(x)) {
				if (path->len) trawl__buf_addc(path, '.');
				trawl__buf_adds(path, c->string ? c->string : "");
			} else {
				trawl__buf_addf(path, "[%d]", i);
			}
			flatten(s, u, c, path, depth + 1);
			path->len = keep;
			if (path->cap) path->data[keep] = '\0';
			i++;
		}
		return;
	}
	trawl__unit_text(s, u, path->data, path->len);
	trawl__unit_text(s, u, ": ", 2);
	if (cJSON_IsString(x)) {
		trawl__unit_text(s, u, x->valuestring, strlen(x->valuestring));
	} else if (cJSON_IsNumber(x)) {
		number_text(x, num, sizeof num);
		trawl__unit_text(s, u, num, strlen(num));
	} else if (cJSON_IsBool(x)) {
		trawl__unit_text(s, u, cJSON_IsTrue(x) ? "true" : "false",
		                 cJSON_IsTrue(x) ? 4 : 5);
	} else {
		trawl__unit_text(s, u, "null", 4);
	}
	trawl__unit_text(s, u, "\n", 1);
}

static void value_field(trawl__docset *s, trawl__doc *d, const char *key,
                        const cJSON *value)
{
	const cJSON *amt = cJSON_GetObjectItemCaseSensitive(value, "amount");
	const char *cur = str_at(value, "currency", NULL);
	char num[64];

	if (!cJSON_IsNumber(amt))
		return;
	number_text(amt, num, sizeof num);
	trawl__doc_field(s, d, key, num);
	if (cur) {
		char k[64];
		snprintf(k, sizeof k, "%s_currency", key);
		trawl__doc_field(s, d, k, cur);
	}
}

static void one_release(trawl__docset *s, const cJSON *pkg, const cJSON *r, int n)
{
	const char *id = str_at(r, "id", NULL), *ocid = str_at(r, "ocid", NULL);
	const char *title = str_at(r, "tender", "title");
	const cJSON *awards = cJSON_GetObjectItemCaseSensitive(r, "awards");
	const cJSON *contracts = cJSON_GetObjectItemCaseSensitive(r, "contracts");
	const cJSON *parties = cJSON_GetObjectItemCaseSensitive(r, "parties");
	const cJSON *tag = cJSON_GetObjectItemCaseSensitive(r, "tag");
	const cJSON *a, *p;
	char ext[512];
	trawl__doc *d;
	trawl__unit *u;
	trawl__buf path, suppliers;

	snprintf(ext, sizeof ext, "%s#%s#%d", ocid ? ocid : "", id ? id : "", n);
	d = trawl__doc_new(s, ext);
	if (!title && cJSON_IsArray(awards))
		title = str_at(cJSON_GetArrayItem(awards, 0), "title", NULL);
	if (!title)
		title = ocid;
	if (title)
		trawl__doc_title(s, d, title, strlen(title));
	trawl__doc_field(s, d, "ocid", ocid);
	trawl__doc_field(s, d, "release_id", id);
	trawl__doc_field(s, d, "date", str_at(r, "date", NULL));
	if (cJSON_IsArray(tag) && cJSON_IsString(cJSON_GetArrayItem(tag, 0)))
		trawl__doc_field(s, d, "tag", cJSON_GetArrayItem(tag, 0)->valuestring);
	trawl__doc_field(s, d, "buyer", str_at(r, "buyer", "name"));
	trawl__doc_field(s, d, "procuring_entity", str_at(
		cJSON_GetObjectItemCaseSensitive(r, "tender"), "procuringEntity", "name"));
	value_field(s, d, "tender_value", cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(r, "tender"), "value"));
	trawl__buf_init(&suppliers, 65536);
	cJSON_ArrayForEach(a, awards) {
		const cJSON *sup = cJSON_GetObjectItemCaseSensitive(a, "suppliers");
		cJSON_ArrayForEach(p, sup) {
			const char *nm = str_at(p, "name", NULL);
			if (!nm) continue;
			if (suppliers.len) trawl__buf_adds(&suppliers, "; ");
			trawl__buf_adds(&suppliers, nm);
		}
		value_field(s, d, "award_value", cJSON_GetObjectItemCaseSensitive(a, "value"));
		trawl__doc_field(s, d, "award_date", str_at(a, "date", NULL));
	}
	/* with no awards, suppliers may still be named among the parties */
	if (!suppliers.len) {
		cJSON_ArrayForEach(p, parties) {
			const cJSON *roles = cJSON_GetObjectItemCaseSensitive(p, "roles"), *ro;
			cJSON_ArrayForEach(ro, roles) {
				if (cJSON_IsString(ro) && !strcmp(ro->valuestring, "supplier") &&
				    str_at(p, "name", NULL)) {
					if (suppliers.len) trawl__buf_adds(&suppliers, "; ");
					trawl__buf_adds(&suppliers, str_at(p, "name", NULL));
				}
			}
		}
	}
	trawl__docset_check(s, &suppliers);
	if (suppliers.len)
		trawl__doc_field(s, d, "suppliers", suppliers.data);
	trawl__buf_release(&suppliers);
	cJSON_ArrayForEach(a, contracts) {
		value_field(s, d, "contract_value", cJSON_GetObjectItemCaseSensitive(a, "value"));
		trawl__doc_field(s, d, "contract_date", str_at(a, "dateSigned", NULL));
	}
	u = trawl__unit_new(s, d, "release", 1, NULL);
	trawl__buf_init(&path, 65536);
	flatten(s, u, r, &path, 0);
	/* the package's own metadata (publisher, dates, uri) belongs to each release */
	if (cJSON_IsObject(pkg) && pkg != r) {
		const cJSON *m;
		trawl__doc_field(s, d, "publisher", str_at(pkg, "publisher", "name"));
		cJSON_ArrayForEach(m, pkg) {
			if (!m->string || !strcmp(m->string, "releases") || !strcmp(m->string, "records"))
				continue;
			trawl__buf_reset(&path);
			trawl__buf_addf(&path, "package.%s", m->string);
			flatten(s, u, m, &path, 1);
		}
	}
	trawl__docset_check(s, &path);
	trawl__buf_release(&path);
}

static int is_release(const cJSON *x)
{
	return cJSON_IsObject(x) && cJSON_GetObjectItemCaseSensitive(x, "ocid");
}

static trawl_err read_ocds(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(in->text, in->text_len, &end, 0);
	const cJSON *rels, *recs, *x;
	int n = 0;

	if (!root) {
		trawl__diag_set(dg, in->path, "invalid JSON near byte %ld",
		                end ? (long)(end - in->text) : -1L);
		return TRAWL_EFORMAT;
	}
	rels = cJSON_GetObjectItemCaseSensitive(root, "releases");
	recs = cJSON_GetObjectItemCaseSensitive(root, "records");
	if (cJSON_IsArray(rels)) {
		cJSON_ArrayForEach(x, rels)
			if (is_release(x))
				one_release(s, root, x, n++);
	} else if (cJSON_IsArray(recs)) {
		cJSON_ArrayForEach(x, recs) {
			const cJSON *rr = cJSON_GetObjectItemCaseSensitive(x, "releases"), *y;
			int embedded = 0;
			cJSON_ArrayForEach(y, rr)
				if (is_release(y)) {
					one_release(s, root, y, n++);
					embedded++;
				}
			/* linked releases only: the compiled release stands for them */
			if (!embedded) {
				y = cJSON_GetObjectItemCaseSensitive(x, "compiledRelease");
				if (is_release(y))
					one_release(s, root, y, n++);
			}
		}
	} else if (cJSON_IsArray(root)) {
		cJSON_ArrayForEach(x, root)
			if (is_release(x))
				one_release(s, root, x, n++);
	} else if (is_release(root)) {
		one_release(s, NULL, root, n++);
	}
	cJSON_Delete(root);
	if (!s->rc && n == 0) {
		/* JSON, but not OCDS: keep it as plain text */
		snprintf(s->format, sizeof s->format, "txt");
		return trawl__reader_txt.read(in, s, dg);
	}
	return s->rc;
}

const trawl__reader trawl__reader_ocds = {
	TRAWL__READER_VERSION, "ocds", 1, read_ocds,
};
