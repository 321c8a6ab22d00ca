/* The public store API: the folder, and dispatch to the backend. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
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

/* The backends, by the address of the store: a database URL, else a
 * folder (SQLite). */
static const struct {
	const char *prefix;
	const trawl__store_ops *ops;
} backends[] = {
	{ "postgresql://", &trawl__store_pg },
	{ "postgres://", &trawl__store_pg },
};

static const trawl__store_ops *backend_of(const char *addr)
{
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++)
		if (!strncmp(addr, backends[i].prefix, strlen(backends[i].prefix)))
			return backends[i].ops;
	return &trawl__store_sqlite;
}

int trawl_store_in_folder(const char *addr)
{
	return !addr || backend_of(addr) == &trawl__store_sqlite;
}

static void store_free(trawl_store *s)
{
	if (s->scratch)
		trawl__scratch_remove(s->scratch);
	free(s->scratch);
	free(s->dir);
	free(s->objects);
	free(s->tmp);
	free(s);
}

/* A store in a database: its address, and a private scratch folder for
 * what must be a file (originals being read, the readers' work). */
static trawl_err open_remote(trawl_store *s, const char *addr, trawl_diag *d)
{
	trawl__buf p;
	const char *t = getenv("TMPDIR");

	trawl__buf_init(&p, 8192);
	if (trawl__buf_addf(&p, "%s/trawl-store.XXXXXX", t && *t ? t : "/tmp"))
		return TRAWL_ENOMEM;
	s->scratch = trawl__buf_detach(&p, NULL);
	if (!mkdtemp(s->scratch)) {
		trawl__diag_errno(d, s->scratch, errno, "can't make a temporary folder");
		free(s->scratch);
		s->scratch = NULL;
		return TRAWL_ESTORE;
	}
	s->dir = trawl__strdup(addr);
	s->objects = join(s->scratch, "objects");
	s->tmp = join(s->scratch, "tmp");
	if (!s->dir || !s->objects || !s->tmp)
		return TRAWL_ENOMEM;
	if (mkdir(s->objects, 0700) < 0 || mkdir(s->tmp, 0700) < 0) {
		trawl__diag_errno(d, s->scratch, errno, "can't make a temporary folder");
		return TRAWL_ESTORE;
	}
	return TRAWL_OK;
}

static trawl_err store_open(const char *dir, int create, trawl_store **out, trawl_diag *d)
{
	trawl_store *s;
	struct stat st;
	trawl_err rc;

	*out = NULL;
	if (!dir || !*dir) {
		trawl__diag_set(d, "", "no store folder given");
		return TRAWL_EUSAGE;
	}
	s = calloc(1, sizeof *s);
	if (!s)
		return TRAWL_ENOMEM;
	s->ops = backend_of(dir);
	if (s->ops != &trawl__store_sqlite) {
		if ((rc = open_remote(s, dir, d)))
			goto fail;
	} else {
		if (create != TRAWL__OPEN_READONLY && stat(dir, &st) < 0) {
			if (errno != ENOENT || !create) {
				trawl__diag_errno(d, dir, errno, "can't open the store");
				rc = TRAWL_ESTORE;
				goto fail;
			}
		} else if (create != TRAWL__OPEN_READONLY && !S_ISDIR(st.st_mode)) {
			trawl__diag_set(d, dir, "the store must be a folder");
			rc = TRAWL_ESTORE;
			goto fail;
		}
		s->dir = trawl__strdup(dir);
		s->objects = join(dir, "objects");
		s->tmp = join(dir, "tmp");
		if (!s->dir || !s->objects || !s->tmp) {
			rc = TRAWL_ENOMEM;
			goto fail;
		}
		if (create > 0 && ((rc = mkdir_one(dir, d)) || (rc = mkdir_one(s->objects, d)) ||
		                   (rc = mkdir_one(s->tmp, d))))
			goto fail;
	}
	rc = s->ops->open(dir, create, &s->be, d);
	if (rc)
		goto fail;
	*out = s;
	return TRAWL_OK;
fail:
	store_free(s);
	return rc;
}

trawl_err trawl_store_open(const char *dir, int create, trawl_store **out, trawl_diag *d)
{
	return store_open(dir, create, out, d);
}

trawl_err trawl_store_open_readonly(const char *dir, trawl_store **out, trawl_diag *d)
{
	return store_open(dir, TRAWL__OPEN_READONLY, out, d);
}

trawl_err trawl_store_admin(trawl_store *s, int argc, const char *const *argv,
                            int (*out)(const char *line, void *), void *u, trawl_diag *d)
{
	if (!s->ops->admin) {
		trawl__diag_set(d, "", "a store folder has one user and no collections; a "
		                "PostgreSQL store has both (docs/postgresql.md)");
		return TRAWL_EUSAGE;
	}
	return s->ops->admin(s->be, argc, argv, out, u, d);
}

void trawl_store_close(trawl_store *s)
{
	if (!s)
		return;
	s->ops->close(s->be);
	store_free(s);
}

trawl_err trawl_ls(trawl_store *s, int all, int (*cb)(const trawl_doc_info *, void *),
                   void *u, trawl_diag *d)
{
	return s->ops->ls(s->be, all, cb, u, d);
}

trawl_err trawl_doc_resolve(trawl_store *s, const char *ref, char *id_out, trawl_diag *d)
{
	return s->ops->resolve(s->be, ref, id_out, d);
}

trawl_err trawl_doc_get(trawl_store *s, const char *id, trawl_doc_info *info, trawl_diag *d)
{
	return s->ops->doc_get(s->be, id, info, d);
}

trawl_err trawl_doc_units(trawl_store *s, const char *id, int page,
                          int (*cb)(const trawl_unit_info *, void *), void *u, trawl_diag *d)
{
	return s->ops->units(s->be, id, page, cb, u, d);
}

trawl_err trawl_doc_sightings(trawl_store *s, const char *id,
                              int (*cb)(const trawl_sighting *, void *), void *u,
                              trawl_diag *d)
{
	return s->ops->sightings(s->be, id, cb, u, d);
}

trawl_err trawl_doc_fields(trawl_store *s, const char *id,
                           int (*cb)(const char *, const char *, void *), void *u,
                           trawl_diag *d)
{
	return s->ops->fields(s->be, id, cb, u, d);
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
		return s->ops->set_meta(s->be, id, "place", trawl__place_name(p), code, d);
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
	return s->ops->set_meta(s->be, id, "place", v, NULL, d);
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
		return s->ops->set_meta(s->be, id, key, NULL, NULL, d);
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
		rc = s->ops->set_meta(s->be, id, key, NULL, NULL, d);
	} else if (!strcmp(key, "title")) {
		rc = s->ops->set_meta(s->be, id, key, v, NULL, d);
	} else if (!strcmp(key, "kind")) {
		const char *k = trawl__kind_name(v);
		rc = k ? s->ops->set_meta(s->be, id, key, k, NULL, d)
		       : set_usage(d, key, "%s is no kind (budget, final_accounts, tender, award, "
		                   "contract, price_list, job_ad, notice, other)", v);
	} else if (!strcmp(v, "none")) {
		/* the document has none: an empty override */
		rc = s->ops->set_meta(s->be, id, key, !strcmp(key, "year") ? "0" : "", NULL, d);
	} else if (!strcmp(key, "year")) {
		char *end;
		long y = strtol(v, &end, 10);
		if (!strcmp(end, "年"))
			end += strlen(end);
		rc = end != v && !*end && y >= 1900 && y <= 2100
		     ? s->ops->set_meta(s->be, id, key, v, NULL, d)
		     : set_usage(d, key, "%s is not a year from 1900 to 2100 (or none)", v);
	} else if (!strcmp(key, "place")) {
		rc = set_place(s, id, v, d);
	} else {
		char amount[TRAWL__DEC_MAX], cur[4];
		rc = trawl__parse_user_amount(v, amount, cur)
		     ? s->ops->set_meta(s->be, id, key, amount, cur, d)
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

	/* (the backend says what failed; the store is the place) */
	if ((rc = s->ops->begin(s->be, d))) {
		if (d)
			snprintf(d->path, sizeof d->path, "%s", s->dir);
		return rc;
	}
	for (i = 0; i < n && !rc; i++)
		rc = set_one(s, id, keys[i], values[i], d);
	if (!rc && (rc = s->ops->commit(s->be, d)) && d)
		snprintf(d->path, sizeof d->path, "%s", s->dir);
	if (rc)
		s->ops->rollback(s->be);
	return rc;
}

/* Checks o; parses its query into *q (zeroed when it has none). */
static trawl_err facts_check(const trawl_facts_opts *o, trawl__query *q, trawl_diag *d)
{
	static const char *const kinds[] = { "money", "date", "quantity", "party", "place",
		"item", "indicator", "project", NULL };
	const char *nums[2] = { o->min, o->max };
	int i, ok = 0;

	memset(q, 0, sizeof *q);
	if (o->kind) {
		for (i = 0; kinds[i]; i++)
			ok |= !strcmp(o->kind, kinds[i]);
		if (!ok) {
			trawl__diag_set(d, "", "no fact kind %s (money, date, quantity, party, place, "
			                "item, indicator, project)", o->kind);
			return TRAWL_EUSAGE;
		}
	}
	for (i = 0; i < 2; i++) {
		char *end;
		if (!nums[i])
			continue;
		strtod(nums[i], &end);
		if (end == nums[i] || *end) {
			trawl__diag_set(d, "", "--%s takes a number, e.g. 1000000", i ? "max" : "min");
			return TRAWL_EUSAGE;
		}
	}
	if (o->query && *o->query)
		return trawl__query_browse(o->query, o->filter, q, d);
	return TRAWL_OK;
}

trawl_err trawl_facts(trawl_store *s, const trawl_facts_opts *o,
                      int (*cb)(const trawl_fact_info *, void *), void *u, trawl_diag *d)
{
	static const trawl_facts_opts none;
	trawl__query q;
	trawl_err rc;

	if (!o)
		o = &none;
	if ((rc = facts_check(o, &q, d)))
		return rc;
	rc = s->ops->facts(s->be, o, &q, cb, u, d);
	if (rc == TRAWL_EUSAGE)
		trawl__diag_set(d, "", "the query could not be run as written");
	trawl__query_release(&q);
	return rc;
}

trawl_err trawl_facts_count(trawl_store *s, const trawl_facts_opts *o, uint64_t *n,
                            trawl_diag *d)
{
	static const trawl_facts_opts none;
	trawl__query q;
	trawl_err rc;
	uint64_t k = 0;

	if (!o)
		o = &none;
	if ((rc = facts_check(o, &q, d)))
		return rc;
	rc = s->ops->facts_count(s->be, o, &q, &k, d);
	if (rc == TRAWL_EUSAGE)
		trawl__diag_set(d, "", "the query could not be run as written");
	trawl__query_release(&q);
	if (!rc)
		*n = k;
	return rc;
}

trawl_err trawl_store_mark(trawl_store *s, int64_t *mark, trawl_diag *d)
{
	return s->ops->doc_mark(s->be, mark, d);
}

trawl_err trawl_store_version(trawl_store *s, int64_t *version, trawl_diag *d)
{
	return s->ops->data_version(s->be, version, d);
}

trawl_err trawl_doc_original(trawl_store *s, const char *id, char *out, size_t cap,
                             trawl_diag *d)
{
	trawl_doc_info info;
	trawl_err rc = trawl_doc_get(s, id, &info, d);

	if (rc)
		return rc;
	if (!info.sha256 || strlen(info.sha256) != 64 ||
	    strspn(info.sha256, "0123456789abcdef") != 64) {
		trawl__diag_set(d, "", "document %s has no valid hash", id);
		return TRAWL_ECORRUPT;
	}
	return trawl__object_local(s, info.sha256, out, cap, d);
}

/* ---- verify ---- */

typedef struct verify_ctx {
	trawl_store *s;
	int (*cb)(const trawl_problem *, void *);
	void *u;
	uint64_t serious, checked;
	trawl__vec known; /* sha_key of every blob, sorted for the orphan check */
	trawl_err rc;
} verify_ctx;

typedef struct sha_key { char hex[64]; } sha_key;

static int sha_cmp(const void *a, const void *b)
{
	return memcmp(a, b, sizeof(sha_key));
}

static int check_blob(const char *sha, int64_t size, void *u)
{
	verify_ctx *v = u;
	char path[4096], got[65];
	unsigned long long n = 0;
	trawl_diag d = { "", "", 0 };

	path[0] = '\0';
	v->checked++;
	if (strlen(sha) == sizeof(sha_key)) {
		sha_key *k = trawl__vec_push(&v->known);
		if (!k) {
			v->rc = TRAWL_ENOMEM;
			return 1;
		}
		memcpy(k->hex, sha, sizeof k->hex);
	}
	trawl_err rc = trawl__object_local(v->s, sha, path, sizeof path, &d);

	if (rc == TRAWL_ECORRUPT) {
		/* a part of it in the database does not match its own hash */
		trawl_problem p = { "mismatch", sha, d.msg, 1 };
		v->serious++;
		v->cb(&p, v->u);
	} else if (rc || trawl__sha256_file(path, got, &n, &d)) {
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
	/* a copy fetched from the database: one at a time on the disk */
	if (v->s->scratch && path[0])
		unlink(path);
	return 0;
}

static int check_orphan(const char *sha, void *u)
{
	verify_ctx *v = u;
	sha_key key;

	memcpy(key.hex, sha, sizeof key.hex);
	if (!v->known.n || !bsearch(&key, v->known.items, v->known.n, sizeof key, sha_cmp)) {
		trawl_problem p = { "orphan", sha, "original stored but not in the database "
		                    "(an interrupted add; the next add of that file reuses it)", 0 };
		v->cb(&p, v->u);
	}
	return 0;
}

trawl_err trawl_verify(trawl_store *s, int (*cb)(const trawl_problem *, void *), void *u,
                       uint64_t *nserious, uint64_t *nchecked, trawl_diag *d)
{
	verify_ctx v = { s, cb, u, 0, 0, { 0 }, TRAWL_OK };
	uint64_t dbserious = 0;
	trawl_err rc;

	trawl__vec_init(&v.known, sizeof(sha_key));
	rc = s->ops->check(s->be, cb, u, &dbserious, d);
	if (!rc)
		rc = s->ops->blobs(s->be, check_blob, &v, d);
	if (!rc && (rc = v.rc))
		trawl__diag_set(d, NULL, "out of memory listing the originals");
	/* n log n: each object on disk is looked up in the sorted blob list */
	if (!rc) {
		if (v.known.n)
			qsort(v.known.items, v.known.n, sizeof(sha_key), sha_cmp);
		if (trawl__objects_walk(s, check_orphan, &v)) {
			trawl__diag_errno(d, s->objects, errno, "can't list the stored originals");
			rc = TRAWL_ESTORE;
		}
	}
	trawl__vec_release(&v.known);
	*nserious = v.serious + dbserious;
	*nchecked = v.checked;
	return rc;
}
