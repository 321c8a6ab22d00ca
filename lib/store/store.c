/* The public store API: the folder, and dispatch to the backend. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "store/store.h"
#include "facts/fact.h"
#include "ingest/ocrconf.h"
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

int trawl_store_readonly(const trawl_store *s)
{
	return s->readonly;
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
		if (stat(dir, &st) < 0) {
			if (errno != ENOENT || create != 1) {
				trawl__diag_errno(d, dir, errno, "can't open the store");
				rc = TRAWL_ESTORE;
				goto fail;
			}
		} else if (!S_ISDIR(st.st_mode)) {
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
		if (create == 1 && ((rc = mkdir_one(dir, d)) || (rc = mkdir_one(s->objects, d)) ||
		                    (rc = mkdir_one(s->tmp, d))))
			goto fail;
	}
	s->readonly = create == TRAWL__OPEN_READONLY;
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
	return store_open(dir, create != 0, out, d);
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

trawl_err trawl_store_set_user(trawl_store *s, const char *user, trawl_diag *d)
{
	return s->ops->set_user ? s->ops->set_user(s->be, user, d) : TRAWL_OK;
}

void trawl_store_close(trawl_store *s)
{
	if (!s)
		return;
	s->ops->close(s->be);
	store_free(s);
}

const char *trawl_store_notice(trawl_store *s)
{
	const char *n = s->ops->notice ? s->ops->notice(s->be) : NULL;
	return n && *n ? n : NULL;
}

const char *trawl_store_search_notice(trawl_store *s)
{
	const char *n = s->ops->search_notice ? s->ops->search_notice(s->be) : NULL;
	return n && *n ? n : NULL;
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
		                   "contract, price_list, job_ad, invoice, notice, other)", v);
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

/* Each fact on its way out: the confidence the facts stage stamped on
 * an OCR'd fact's attrs (ingest/ocrconf.h) is taken off, into ocr_conf
 * and uncertain, whatever the backend. */
typedef struct facts_pass {
	int (*cb)(const trawl_fact_info *, void *);
	void *u;
	trawl__buf attrs;
	trawl_err rc;
} facts_pass;

static int fact_out(const trawl_fact_info *f, void *u)
{
	facts_pass *p = u;
	trawl_fact_info g;
	const char *rest;
	int conf, marks;

	if (!f->attrs || !trawl__ocr_attrs_conf(f->attrs, &conf, &marks, &rest))
		return p->cb(f, p->u);
	g = *f;
	g.attrs = NULL;
	if (f->ocr) {
		g.ocr_conf = conf;
		g.uncertain = conf < TRAWL_OCR_UNSURE || marks;
		g.header_unread = !!(marks & TRAWL__OCR_MARK_GUESS);
		g.ocr_split = !!(marks & TRAWL__OCR_MARK_SPLIT);
	}
	if (rest) {
		trawl__buf_reset(&p->attrs);
		if (trawl__buf_addc(&p->attrs, '{') || trawl__buf_adds(&p->attrs, rest)) {
			p->rc = trawl__buf_err(&p->attrs);
			return 1;
		}
		g.attrs = p->attrs.data;
	}
	return p->cb(&g, p->u);
}

trawl_err trawl_facts(trawl_store *s, const trawl_facts_opts *o,
                      int (*cb)(const trawl_fact_info *, void *), void *u, trawl_diag *d)
{
	static const trawl_facts_opts none;
	trawl__query q;
	trawl_err rc;
	facts_pass p = { cb, u, { 0 }, TRAWL_OK };

	if (!o)
		o = &none;
	if ((rc = facts_check(o, &q, d)))
		return rc;
	trawl__buf_init(&p.attrs, 0);
	rc = s->ops->facts(s->be, o, &q, fact_out, &p, d);
	trawl__buf_release(&p.attrs);
	if (!rc && p.rc) {
		rc = p.rc;
		trawl__diag_set(d, "", "reading the facts: %s", trawl_strerror(rc));
	}
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

/* ---- locks ---- */

int trawl__store_lock(const trawl_store *s, int how)
{
	int fd = open(s->objects, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (flock(fd, how) < 0) {
		int e = errno;
		if (e == EINTR)
			continue;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

void trawl__store_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* ---- trawl rm ---- */

/* A document to take out, and the path to show it by when its file's
 * sightings are gone by then. */
typedef struct rm_doc {
	char *id, *path;
} rm_doc;

typedef struct rm_ctx {
	trawl_store *s;
	trawl__vec docs;         /* rm_doc, once each */
	trawl__vec files;        /* rm_doc: blobs seen at a path that matched (id: sha) */
	const char *path;        /* the path of the documents being added, or NULL */
	trawl_err rc;
} rm_ctx;

static int add_to(rm_ctx *c, trawl__vec *v, const char *id, const char *path)
{
	rm_doc *slot;

	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(TRAWL_VEC_AT(v, rm_doc, i).id, id))
			return 0;
	slot = trawl__vec_push(v);
	if (!slot) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	slot->id = trawl__strdup(id);
	slot->path = path ? trawl__strdup(path) : NULL;
	if (!slot->id || (path && !slot->path)) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	return 0;
}

static int add_doc(const char *id, void *u)
{
	rm_ctx *c = u;
	return add_to(c, &c->docs, id, c->path);
}

static int add_file(const char *sha, const char *path, void *u)
{
	rm_ctx *c = u;
	return add_to(c, &c->files, sha, path);
}

static void rm_docs_release(trawl__vec *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(TRAWL_VEC_AT(v, rm_doc, i).id);
		free(TRAWL_VEC_AT(v, rm_doc, i).path);
	}
	trawl__vec_release(v);
}

/* A document named on the command line: an id prefix or a path, and a
 * path of a file that holds several documents names them all. */
static trawl_err name_docs(rm_ctx *c, const char *ref, trawl_diag *d)
{
	char id[65];
	trawl_err rc = trawl_doc_resolve(c->s, ref, id, d);
	char *real;
	size_t before = c->docs.n;

	if (rc == TRAWL_OK) {
		add_doc(id, c);
		return c->rc;
	}
	if (rc != TRAWL_EAMBIGUOUS)
		return rc;
	real = realpath(ref, NULL);
	rc = c->s->ops->path_docs(c->s->be, ref, real, add_doc, c, d);
	free(real);
	if (!rc)
		rc = c->rc;
	/* no file at that path: an id prefix of several documents */
	if (!rc && c->docs.n == before)
		rc = TRAWL_EAMBIGUOUS;
	return rc;
}

trawl_err trawl_rm(trawl_store *s, const trawl_rm_opts *o, trawl_rm_summary *sum,
                   trawl_diag *d)
{
	rm_ctx c;
	trawl_err rc;
	size_t i;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;

	memset(sum, 0, sizeof *sum);
	memset(&c, 0, sizeof c);
	c.s = s;
	trawl__vec_init(&c.docs, sizeof(rm_doc));
	trawl__vec_init(&c.files, sizeof(rm_doc));
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if ((rc = s->ops->begin(s->be, d)))
		goto out;
	for (i = 0; i < o->ndocs && !rc; i++)
		rc = name_docs(&c, o->docs[i], d);
	for (i = 0; i < o->npaths && !rc; i++) {
		uint64_t before = sum->sightings;
		rc = s->ops->forget_paths(s->be, o->paths[i], &sum->sightings, add_file, &c, d);
		if (!rc)
			rc = c.rc;
		if (!rc && sum->sightings == before) {
			trawl__diag_set(d, o->paths[i], "no document was added from a path that "
			                "matches this");
			rc = TRAWL_ENOTFOUND;
		}
	}
	/* a file goes when no path it was seen at is left */
	for (i = 0; i < c.files.n && !rc; i++) {
		const rm_doc *f = &TRAWL_VEC_AT(&c.files, rm_doc, i);
		int seen = 0;
		if ((rc = s->ops->blob_seen(s->be, f->id, &seen, d)))
			break;
		if (seen) {
			sum->kept++;
			continue;
		}
		c.path = f->path;
		rc = s->ops->blob_docs(s->be, f->id, add_doc, &c, d);
		if (!rc)
			rc = c.rc;
		c.path = NULL;
	}
	/* each as it stands, before any goes (a package's releases are told
	 * apart while they are all there) */
	for (i = 0; i < c.docs.n && !rc && o->on_doc; i++) {
		const rm_doc *x = &TRAWL_VEC_AT(&c.docs, rm_doc, i);
		trawl_doc_info info;
		if (s->ops->doc_get(s->be, x->id, &info, NULL) != TRAWL_OK)
			continue;
		if (!info.path)
			info.path = x->path;
		if (o->on_doc(&info, o->udata)) {
			rc = TRAWL_EUSAGE;
			trawl__diag_set(d, "", "stopped: nothing was removed");
		}
	}
	for (i = 0; i < c.docs.n && !rc; i++) {
		const rm_doc *x = &TRAWL_VEC_AT(&c.docs, rm_doc, i);
		int gone = 0;
		rc = s->ops->remove_doc(s->be, x->id, now, &gone, d);
		sum->documents++;
		sum->originals += gone;
	}
	if (rc || o->dry_run)
		s->ops->rollback(s->be);
	else
		rc = s->ops->commit(s->be, d);
	if (rc == TRAWL_ESTORE && d && !d->msg[0])
		trawl__diag_set(d, s->dir, "the store failed; nothing was removed");
out:
	rm_docs_release(&c.docs);
	rm_docs_release(&c.files);
	if (rc)
		memset(sum, 0, sizeof *sum);
	return rc;
}

/* ---- trawl gc ---- */

typedef struct gc_ctx {
	trawl_store *s;
	int dry_run;
	uint64_t n, bytes;
	trawl_err rc;
	trawl_diag *d;
} gc_ctx;

static int gc_one(const char *sha, void *u)
{
	gc_ctx *c = u;
	char path[4096];
	struct stat st;
	int known = 1;

	if ((c->rc = c->s->ops->blob_known(c->s->be, sha, &known, c->d)))
		return 1;
	if (known)
		return 0;
	trawl__object_path(c->s, sha, path, sizeof path);
	if (stat(path, &st) < 0)
		return 0;
	if (!c->dry_run && unlink(path) < 0) {
		c->rc = trawl__diag_errno(c->d, path, errno, "can't delete");
		return 1;
	}
	c->n++;
	c->bytes += (uint64_t)st.st_size;
	return 0;
}

trawl_err trawl_gc(trawl_store *s, int dry_run, uint64_t *n, uint64_t *bytes, trawl_diag *d)
{
	gc_ctx c = { s, dry_run, 0, 0, TRAWL_OK, d };
	int lock;
	trawl_err rc;

	*n = *bytes = 0;
	if (s->readonly) {
		trawl__diag_set(d, s->dir, "the store is open read-only");
		return TRAWL_ESTORE;
	}
	/* a backend that keeps the originals has its own gc */
	if (s->ops->obj_gc)
		return s->ops->obj_gc(s->be, dry_run, n, bytes, d);
	/* an add writes originals before the database knows them */
	lock = trawl__store_lock(s, LOCK_EX | LOCK_NB);
	if (lock < 0) {
		if (errno == EWOULDBLOCK)
			trawl__diag_set(d, s->dir, "a trawl add is running on this store; run gc "
			                "when it is done");
		else
			trawl__diag_errno(d, s->objects, errno, "can't lock the store");
		return TRAWL_ESTORE;
	}
	rc = trawl__objects_walk(s, gc_one, &c);
	if (!rc)
		rc = c.rc;
	trawl__store_unlock(lock);
	*n = c.n;
	*bytes = c.bytes;
	return rc;
}

int trawl__amount_is_sum(const char *amount, const char *text, const char *value)
{
	return amount && text && value && *value && trawl__dec_cmp(value, amount) != 0;
}

int trawl__amount_unstated(const trawl_doc_info *di)
{
	return !di->amount && di->amount_source && !strcmp(di->amount_source, "unstated");
}
