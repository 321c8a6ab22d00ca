/* The public store API: the folder, and dispatch to the backend. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/hash.h"
#include "text/text.h"
#include "util/banned.h"

static char *join(const char *a, const char *b)
{
	trawl__buf p;
	trawl__buf_init(&p, 8192);
	if (trawl__buf_addf(&p, "%s/%s", a, b)) {
		trawl__buf_release(&p);
		return NULL;
	}
	return trawl__buf_detach(&p, NULL);
}

static trawl_err mkdir_one(const char *p, trawl_diag *d)
{
	if (mkdir(p, 0755) < 0 && errno != EEXIST) {
		trawl__diag_errno(d, p, errno, "can't create the store folder");
		return TRAWL_ESTORE;
	}
	return TRAWL_OK;
}

trawl_err trawl_store_open(const char *dir, int create, trawl_store **out, trawl_diag *d)
{
	trawl_store *s;
	struct stat st;
	trawl_err rc;

	*out = NULL;
	if (!dir || !*dir) {
		trawl__diag_set(d, "", "no store folder given");
		return TRAWL_EUSAGE;
	}
	if (stat(dir, &st) < 0) {
		if (errno != ENOENT || !create) {
			trawl__diag_errno(d, dir, errno, "can't open the store");
			return TRAWL_ESTORE;
		}
	} else if (!S_ISDIR(st.st_mode)) {
		trawl__diag_set(d, dir, "the store must be a folder");
		return TRAWL_ESTORE;
	}
	s = calloc(1, sizeof *s);
	if (!s)
		return TRAWL_ENOMEM;
	s->ops = &trawl__store_sqlite;
	s->dir = trawl__strdup(dir);
	s->objects = join(dir, "objects");
	s->tmp = join(dir, "tmp");
	if (!s->dir || !s->objects || !s->tmp) {
		rc = TRAWL_ENOMEM;
		goto fail;
	}
	if (create && ((rc = mkdir_one(dir, d)) || (rc = mkdir_one(s->objects, d)) ||
	               (rc = mkdir_one(s->tmp, d))))
		goto fail;
	rc = s->ops->open(dir, create, &s->be, d);
	if (rc)
		goto fail;
	*out = s;
	return TRAWL_OK;
fail:
	free(s->dir);
	free(s->objects);
	free(s->tmp);
	free(s);
	return rc;
}

void trawl_store_close(trawl_store *s)
{
	if (!s)
		return;
	s->ops->close(s->be);
	free(s->dir);
	free(s->objects);
	free(s->tmp);
	free(s);
}

trawl_err trawl_ls(trawl_store *s, int all, int (*cb)(const trawl_doc_info *, void *),
                   void *u)
{
	return s->ops->ls(s->be, all, cb, u);
}

trawl_err trawl_doc_resolve(trawl_store *s, const char *ref, char *id_out, trawl_diag *d)
{
	return s->ops->resolve(s->be, ref, id_out, d);
}

trawl_err trawl_doc_get(trawl_store *s, const char *id, trawl_doc_info *info)
{
	return s->ops->doc_get(s->be, id, info);
}

trawl_err trawl_doc_units(trawl_store *s, const char *id, int page,
                          int (*cb)(const trawl_unit_info *, void *), void *u)
{
	return s->ops->units(s->be, id, page, cb, u);
}

trawl_err trawl_doc_sightings(trawl_store *s, const char *id,
                              int (*cb)(const trawl_sighting *, void *), void *u)
{
	return s->ops->sightings(s->be, id, cb, u);
}

trawl_err trawl_doc_fields(trawl_store *s, const char *id,
                           int (*cb)(const char *, const char *, void *), void *u)
{
	return s->ops->fields(s->be, id, cb, u);
}

/* ---- trawl set ---- */

static trawl_err set_usage(trawl_diag *d, const char *key, const char *fmt, const char *v)
{
	char msg[400];
	snprintf(msg, sizeof msg, fmt, v);
	trawl__diag_set(d, "", "%s: %s", key, msg);
	return TRAWL_EUSAGE;
}

/* A place the user names: its division, or the name as written when the
 * gazetteer does not know it (a foreign city); several divisions of that
 * name are a usage error that lists them. */
static trawl_err set_place(trawl_store *s, const char *id, const char *v, trawl_diag *d)
{
	int several = 0, p = trawl__place_resolve(v, strlen(v), &several);
	char code[8];

	if (p >= 0) {
		snprintf(code, sizeof code, "%06u", (unsigned)(trawl__place_code(p) % 1000000));
		return s->ops->set_meta(s->be, id, "place", trawl__place_name(p), code);
	}
	if (several) {
		int hits[8], k = trawl__place_lookup(v, strlen(v), hits, 8);
		trawl__buf b;
		trawl_err rc;
		trawl__buf_init(&b, 4096);
		for (int i = 0; i < k && i < 8; i++) {
			int prov = hits[i];
			while (trawl__place_parent(prov) >= 0)
				prov = trawl__place_parent(prov);
			trawl__buf_addf(&b, "%s%s %06u (%s)", i ? ", " : "", trawl__place_name(hits[i]),
			                (unsigned)(trawl__place_code(hits[i]) % 1000000),
			                trawl__place_name(prov));
		}
		rc = set_usage(d, "place", "several divisions are called so: %s; give its full "
		               "name or its code", b.data ? b.data : "");
		trawl__buf_release(&b);
		return rc;
	}
	return s->ops->set_meta(s->be, id, "place", v, NULL);
}

static trawl_err set_one(trawl_store *s, const char *id, const char *key, const char *value,
                         trawl_diag *d)
{
	trawl__ntext nt;
	const char *v;
	trawl_err rc;
	size_t n;

	if (!key || (strcmp(key, "kind") && strcmp(key, "year") && strcmp(key, "place") &&
	             strcmp(key, "amount") && strcmp(key, "title"))) {
		trawl__diag_set(d, "", "no field %s: set takes kind, year, place, amount or title",
		                key ? key : "");
		return TRAWL_EUSAGE;
	}
	if (!value || !*value)
		return s->ops->set_meta(s->be, id, key, NULL, NULL);
	if (!trawl__utf8_valid(value, strlen(value))) {
		trawl__diag_set(d, "", "%s: the value is not valid UTF-8", key);
		return TRAWL_EUSAGE;
	}
	/* as the documents are: NFKC, so ２０２４ and 吉林 are found */
	trawl__ntext_init(&nt, 65536);
	if ((rc = trawl__ntext_add(&nt, value, strlen(value)))) {
		trawl__ntext_release(&nt);
		return rc == TRAWL_ETOOBIG ? set_usage(d, key, "%s", "the value is too long") : rc;
	}
	v = nt.text.data;
	while (*v == ' ')
		v++;
	n = strlen(v);
	while (n && v[n - 1] == ' ')
		nt.text.data[(size_t)(v - nt.text.data) + --n] = '\0';
	if (!*v) {
		rc = s->ops->set_meta(s->be, id, key, NULL, NULL);
	} else if (!strcmp(key, "title")) {
		rc = s->ops->set_meta(s->be, id, key, v, NULL);
	} else if (!strcmp(key, "kind")) {
		const char *k = trawl__kind_name(v);
		rc = k ? s->ops->set_meta(s->be, id, key, k, NULL)
		       : set_usage(d, key, "%s is no kind (budget, final_accounts, tender, award, "
		                   "contract, price_list, job_ad, notice, other)", v);
	} else if (!strcmp(v, "none")) {
		/* the document has none: an empty override */
		rc = s->ops->set_meta(s->be, id, key, !strcmp(key, "year") ? "0" : "", NULL);
	} else if (!strcmp(key, "year")) {
		char *end;
		long y = strtol(v, &end, 10);
		if (!strcmp(end, "年"))
			end += strlen(end);
		rc = end != v && !*end && y >= 1900 && y <= 2100
		     ? s->ops->set_meta(s->be, id, key, v, NULL)
		     : set_usage(d, key, "%s is not a year from 1900 to 2100 (or none)", v);
	} else if (!strcmp(key, "place")) {
		rc = set_place(s, id, v, d);
	} else {
		char amount[TRAWL__DEC_MAX], cur[4];
		rc = trawl__parse_user_amount(v, amount, cur)
		     ? s->ops->set_meta(s->be, id, key, amount, cur)
		     : set_usage(d, key, "%s is not an amount with its currency (1.63亿元, "
		                 "163000000 CNY, USD 1,284,500) or none", v);
	}
	trawl__ntext_release(&nt);
	if (rc == TRAWL_ENOTFOUND)
		trawl__diag_set(d, id, "no such document");
	return rc;
}

trawl_err trawl_doc_set(trawl_store *s, const char *id, const char *const *keys,
                        const char *const *values, size_t n, trawl_diag *d)
{
	trawl_err rc;
	size_t i;

	if ((rc = s->ops->begin(s->be))) {
		trawl__diag_set(d, s->dir, "can't write to the store (locked by another trawl?)");
		return rc;
	}
	for (i = 0; i < n && !rc; i++)
		rc = set_one(s, id, keys[i], values[i], d);
	if (!rc && (rc = s->ops->commit(s->be)))
		trawl__diag_set(d, s->dir, "can't write to the store");
	if (rc)
		s->ops->rollback(s->be);
	return rc;
}

trawl_err trawl_facts(trawl_store *s, const trawl_facts_opts *o,
                      int (*cb)(const trawl_fact_info *, void *), void *u, trawl_diag *d)
{
	static const trawl_facts_opts none = { NULL, NULL, NULL, 0 };
	static const char *const kinds[] = { "money", "date", "quantity", "party", "place",
		"item", NULL };
	int i, ok = 0;

	if (!o)
		o = &none;
	if (o->kind) {
		for (i = 0; kinds[i]; i++)
			ok |= !strcmp(o->kind, kinds[i]);
		if (!ok) {
			trawl__diag_set(d, "", "no fact kind %s (money, date, quantity, party, place, "
			                "item)", o->kind);
			return TRAWL_EUSAGE;
		}
	}
	if (o->min) {
		char *end;
		strtod(o->min, &end);
		if (end == o->min || *end) {
			trawl__diag_set(d, "", "--min takes a number, e.g. 1000000");
			return TRAWL_EUSAGE;
		}
	}
	return s->ops->facts(s->be, o, cb, u);
}

/* ---- verify ---- */

typedef struct verify_ctx {
	trawl_store *s;
	int (*cb)(const trawl_problem *, void *);
	void *u;
	uint64_t serious, checked;
	trawl__buf known; /* "sha\n" of every blob, for the orphan check */
} verify_ctx;

static int check_blob(const char *sha, int64_t size, void *u)
{
	verify_ctx *v = u;
	char path[4096], got[65];
	unsigned long long n = 0;
	trawl_diag d = { "", "", 0 };

	v->checked++;
	trawl__buf_adds(&v->known, sha);
	trawl__buf_addc(&v->known, '\n');
	trawl__object_path(v->s, sha, path, sizeof path);
	if (trawl__sha256_file(path, got, &n, &d)) {
		trawl_problem p = { "missing", sha, d.msg, 1 };
		v->serious++;
		v->cb(&p, v->u);
	} else if (strcmp(got, sha) || (int64_t)n != size) {
		char msg[256];
		trawl_problem p = { "mismatch", sha, msg, 1 };
		snprintf(msg, sizeof msg, "stored original hashes to %s (%llu bytes), expected "
		         "%lld bytes", got, n, (long long)size);
		v->serious++;
		v->cb(&p, v->u);
	}
	return 0;
}

static int check_orphan(const char *sha, void *u)
{
	verify_ctx *v = u;
	char key[66];

	snprintf(key, sizeof key, "%s\n", sha);
	if (!memmem(v->known.data, v->known.len, key, 65)) {
		trawl_problem p = { "orphan", sha, "original stored but not in the database "
		                    "(an interrupted add; the next add of that file reuses it)", 0 };
		v->cb(&p, v->u);
	}
	return 0;
}

trawl_err trawl_verify(trawl_store *s, int (*cb)(const trawl_problem *, void *), void *u,
                       uint64_t *nserious, uint64_t *nchecked)
{
	verify_ctx v = { s, cb, u, 0, 0, { 0 } };
	uint64_t dbserious = 0;
	trawl_err rc;

	trawl__buf_init(&v.known, 0);
	rc = s->ops->check(s->be, cb, u, &dbserious);
	if (!rc)
		rc = s->ops->blobs(s->be, check_blob, &v);
	/* without the whole list, every original would look orphaned */
	if (!rc)
		rc = trawl__buf_err(&v.known);
	if (!rc)
		trawl__objects_walk(s, check_orphan, &v);
	trawl__buf_release(&v.known);
	*nserious = v.serious + dbserious;
	*nchecked = v.checked;
	return rc;
}
