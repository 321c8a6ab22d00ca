/* trawl add: walk, then read/hash/parse in worker threads, and write to
 * the store from the calling thread in batched transactions. trawl
 * refresh runs the same way over stored originals: read, parse, replace.
 *
 * Crash safety: a file's original is written (temp file + rename) before
 * the transaction that records it; a batch's originals are synced before
 * it commits. A kill at any moment leaves at worst originals the database
 * does not know yet, which the next add of the same files reuses. A
 * refresh writes no original, and replaces each document inside one
 * transaction: a kill leaves every document old or new. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "ingest/ocr.h"
#include "ingest/ocrconf.h"
#include "ingest/parse.h"
#include "ingest/reader.h"
#include "ingest/sandbox.h"
#include "ingest/walk.h"
#include "ingest/xmlsafe.h"
#include "store/store.h"
#include "facts/docmeta.h"
#include "facts/extract.h"
#include "facts/fact.h"
#include "facts/proccode.h"
#include "ingest/version.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/fault.h"
#include "util/hash.h"
#include "util/banned.h"

#define HEAD_BYTES 65536
#define DEFAULT_MAX_FILE ((uint64_t)512 << 20)
#define MAX_INFLATE ((size_t)256 << 20)
#define BATCH_FILES 256
/* Archives inside archives are opened to this depth (the file added is
 * depth 0): deeper ones are kept, their members not read. */
#define MAX_ARCHIVE_DEPTH 3
#define BATCH_SECONDS 2.0
#define DEFAULT_READER_TIMEOUT 60
#define DEFAULT_READER_MEMORY ((uint64_t)2 << 30)

typedef struct result {
	size_t index;
	trawl_err err;
	char msg[600];
	char sha[65];
	int known;               /* bytes already stored: not parsed */
	trawl__docset ds;
	int have_ds;
	trawl__docmeta *metas;   /* one per document of ds */
	trawl__segbuild *sb;     /* ds's documents inverted (NULL: not indexed) */
	int64_t size, mtime;
	char *source_url;
	char *real;              /* the file's real path (add), or NULL; for a
	                            member, the archive's real path!member */
	/* an archive's members, read as files of their own (all depths, in
	 * the order read): each with its path, ARCHIVE!member */
	char *path;
	trawl__vec kids;         /* result * */
	/* the unit and currency the user stated for it (add --unit,
	 * --currency), kept with the original so that refresh reads it alike;
	 * sidecars are read again instead */
	char said_unit[32], said_currency[8];
} result;

/* A stored original that trawl refresh re-reads. */
typedef struct refresh_target {
	char sha[65];
	char *path;              /* the latest path it was seen at */
	char *url;               /* its source URL, or NULL */
	char *unit, *currency;   /* what add --unit, --currency stated, or NULL */
} refresh_target;

typedef struct pool {
	trawl_store *s;
	const trawl__vec *items;
	const trawl_add_opts *opts;
	const refresh_target *targets; /* refresh: one per item (items name the objects) */
	trawl__sandbox *sb;      /* NULL: parse in this process */
	uint64_t max_file;
	pthread_mutex_t lock;
	pthread_cond_t can_put, can_get;
	size_t next;             /* next item to take */
	result **ring;
	size_t *ring_index;      /* the item of each slot (for a NULL result) */
	size_t cap, head, count;
	int stop;
} pool;

/* A worker thread: its slot is its reader process. */
typedef struct worker_arg {
	pool *pl;
	int slot;
} worker_arg;

static void result_free(result *r)
{
	if (!r)
		return;
	if (r->have_ds)
		trawl__docset_release(&r->ds);
	free(r->metas);
	trawl__segbuild_free(r->sb);
	free(r->source_url);
	free(r->real);
	free(r->path);
	for (size_t i = 0; i < r->kids.n; i++)
		result_free(TRAWL_VEC_AT(&r->kids, result *, i));
	trawl__vec_release(&r->kids);
	free(r);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void iso_now(char *out, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The first line of NAME.url, if that sidecar exists. */
static char *sidecar_url(const char *path)
{
	trawl__buf p, b;
	char *url = NULL;

	trawl__buf_init(&p, 0);
	trawl__buf_init(&b, 8192);
	if (trawl__buf_addf(&p, "%s.url", path) == TRAWL_OK &&
	    access(p.data, R_OK) == 0 && trawl__read_path(p.data, &b, NULL) == TRAWL_OK) {
		char *s = b.data, *e;
		/* also accept Windows .url files: URL=... */
		char *u = strstr(s, "URL=");
		if (u)
			s = u + 4;
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		e = s;
		while (*e && *e != '\n' && *e != '\r')
			e++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > s)
			url = trawl__strndup(s, (size_t)(e - s));
	}
	trawl__buf_release(&p);
	trawl__buf_release(&b);
	return url;
}

/* What the user states about a file's amounts: a unit and a currency,
 * from the command line, else NAME.trawl beside the file, else the
 * nearest .trawl-defaults in its folder or one above. */
typedef struct stated {
	char unit[32], currency[8];
	char warn[600];      /* a sidecar line that was not understood */
} stated;

/* s without the spaces (and \r) around it, in place. */
static char *trim_inplace(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r');)
		*--e = '\0';
	return s;
}

/* Reads the sidecar at path ("key=value" lines, # comments) into the keys
 * of st not yet set. */
static void read_sidecar(const char *path, stated *st)
{
	trawl__buf b;
	char *line, *next;
	int no = 0;

	if (access(path, R_OK) != 0)
		return;
	trawl__buf_init(&b, 65536);
	if (trawl__read_path(path, &b, NULL) != TRAWL_OK) {
		snprintf(st->warn, sizeof st->warn, "%s can't be read", path);
		goto out;
	}
	for (line = b.data; line && *line; line = next) {
		char *eq, *k, *v, u[16], c[4];
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		no++;
		k = trim_inplace(line);
		if (!*k || *k == '#')
			continue;
		eq = strchr(k, '=');
		v = NULL;
		if (eq) {
			*eq = '\0';
			k = trim_inplace(k);
			v = trim_inplace(eq + 1);
		}
		if (v && !strcmp(k, "unit") && trawl__money_unit(v, u, c)) {
			if (!st->unit[0])
				snprintf(st->unit, sizeof st->unit, "%s", v);
		} else if (v && !strcmp(k, "currency") && strlen(v) == 3 && v[0] >= 'A' &&
		           v[0] <= 'Z' && v[1] >= 'A' && v[1] <= 'Z' && v[2] >= 'A' && v[2] <= 'Z') {
			if (!st->currency[0])
				snprintf(st->currency, sizeof st->currency, "%s", v);
		} else if (!st->warn[0]) {
			snprintf(st->warn, sizeof st->warn, "%s line %d not understood (want "
			         "unit=千元 or currency=TWD); ignored", path, no);
		}
	}
out:
	trawl__buf_release(&b);
}

static void stated_for(const char *path, const char *unit, const char *currency, stated *st)
{
	trawl__buf p;
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int ok;

	memset(st, 0, sizeof *st);
	if (unit)
		snprintf(st->unit, sizeof st->unit, "%s", unit);
	if (currency)
		snprintf(st->currency, sizeof st->currency, "%s", currency);
	if (st->unit[0] && st->currency[0])
		return;
	trawl__buf_init(&p, 0);
	if (trawl__buf_addf(&p, "%s.trawl", path) == TRAWL_OK)
		read_sidecar(p.data, st);
	/* then the folders it is in, nearest first, up to / */
	trawl__buf_reset(&p);
	if (!slash)
		ok = realpath(".", dir) != NULL;
	else if (slash == path)
		ok = realpath("/", dir) != NULL;
	else
		ok = trawl__buf_add(&p, path, (size_t)(slash - path)) == TRAWL_OK &&
		     realpath(p.data, dir) != NULL;
	while (ok && !(st->unit[0] && st->currency[0])) {
		char *cut;
		int root = !strcmp(dir, "/");
		trawl__buf_reset(&p);
		if (trawl__buf_addf(&p, "%s/.trawl-defaults", root ? "" : dir) != TRAWL_OK)
			break;
		read_sidecar(p.data, st);
		cut = strrchr(dir, '/');
		if (root || !cut)
			break;
		cut[cut == dir] = '\0';
	}
	trawl__buf_release(&p);
}

int trawl__extractor_version(void)
{
	char arg[32];
	char *end;
	long v;

	if (trawl__fault("extractor-version", arg, sizeof arg) && arg[0]) {
		v = strtol(arg, &end, 10);
		if (end != arg && !*end && v > 0 && v < 1000000)
			return (int)v;
	}
	return TRAWL__EXTRACTOR_VERSION;
}

int trawl_extractor_version(void)
{
	return trawl__extractor_version();
}

/* What each document of r is (its kind, year, place, own amount), worked
 * out here in the worker thread, from its facts. */
static trawl_err decide_meta(result *r, const char *path)
{
	size_t i;

	if (!r->ds.docs.n)
		return TRAWL_OK;
	r->metas = calloc(r->ds.docs.n, sizeof *r->metas);
	if (!r->metas)
		return TRAWL_ENOMEM;
	for (i = 0; i < r->ds.docs.n; i++) {
		trawl__doc *doc = TRAWL_VEC_AT(&r->ds.docs, trawl__doc *, i);
		char code[64];

		trawl__doc_meta(doc, path, r->source_url, &r->metas[i]);
		trawl__ocr_unsure_amount(&r->ds, doc, &r->metas[i]);
		trawl__doc_lot_parties(doc, &r->metas[i]);
		/* the procurement it is about, so that a report counts one
		 * procurement's amount once (docs/report.md) */
		if (trawl__doc_procurement_code(doc, code, sizeof code) == 1) {
			trawl__doc_field(&r->ds, doc, "procurement_code", code);
			if (r->ds.rc)
				return r->ds.rc;
		}
		/* an invoice's number, so that a report adds the same invoice
		 * once (its OFD and its PDF); an OFD's reader has set it */
		if (!strcmp(r->metas[i].kind, "invoice") && doc->units.n) {
			const trawl__unit *u0 = TRAWL_VEC_AT(&doc->units, trawl__unit *, 0);
			const char *num = NULL, *date = "";
			char key[160], cd[24] = "";
			size_t f;
			for (f = 0; f < doc->fields.n; f++) {
				const trawl__field *fl = &TRAWL_VEC_AT(&doc->fields, trawl__field, f);
				if (fl->key && fl->value && !strcmp(fl->key, "invoice_number"))
					num = fl->value;
			}
			if (!num &&
			    trawl__invoice_number(u0->nt.text.data, u0->nt.text.len, code, sizeof code)) {
				trawl__doc_field(&r->ds, doc, "invoice_number", code);
				if (r->ds.rc)
					return r->ds.rc;
				num = code;
			}
			/* which invoice: its code (older numbers repeat across codes),
			 * number and date of issue */
			for (f = 0; f < doc->facts.n; f++) {
				const trawl__dfact *df = &TRAWL_VEC_AT(&doc->facts, trawl__dfact, f);
				if (df->kind == TRAWL__F_DATE &&
				    !strcmp(trawl__dfact_str(doc, df, TRAWL__FS_ROLE), "issued")) {
					date = trawl__dfact_str(doc, df, TRAWL__FS_VALUE);
					break;
				}
			}
			trawl__invoice_code(u0->nt.text.data, u0->nt.text.len, cd, sizeof cd);
			if (num) {
				snprintf(key, sizeof key, "%s%s%s@%s", cd, cd[0] ? "-" : "", num, date);
				trawl__doc_field(&r->ds, doc, "invoice_key", key);
				if (r->ds.rc)
					return r->ds.rc;
			}
		}
	}
	return TRAWL_OK;
}

/* The path a result is known by: the file added, or for a refresh the
 * latest path its original was seen at. */
static const char *item_name(const pool *pl, size_t i)
{
	if (pl->targets)
		return pl->targets[i].path ? pl->targets[i].path : pl->targets[i].sha;
	return TRAWL_VEC_AT(pl->items, trawl__walk_item, i).path;
}

/* The unit and currency a user states must be ones: TRAWL_EUSAGE if not. */
static trawl_err check_stated(const trawl_add_opts *o, trawl_diag *d)
{
	char u[16], c[4];
	const char *cur = o->currency;

	if (o->unit && !trawl__money_unit(o->unit, u, c)) {
		trawl__diag_set(d, "", "unit %s is not a unit of money (元, 千元, 万元, 亿元, 美元, "
		                "USD ...)", o->unit);
		return TRAWL_EUSAGE;
	}
	if (cur && (strlen(cur) != 3 || cur[0] < 'A' || cur[0] > 'Z' || cur[1] < 'A' ||
	            cur[1] > 'Z' || cur[2] < 'A' || cur[2] > 'Z')) {
		trawl__diag_set(d, "", "currency %s is not an ISO 4217 code (CNY, TWD, USD ...)", cur);
		return TRAWL_EUSAGE;
	}
	return TRAWL_OK;
}

static int read_bytes(pool *pl, result *r, int slot, const char *file, const char *name,
                      const char *bytes, size_t len, trawl_diag *dg);
static void expand(pool *pl, result *top, result *a, int slot, const char *file,
                   const char *name, const char *real, int depth);

/* The search index's part of a result, built here in the worker: its
 * documents' units inverted into a segment builder, which the writer
 * gathers into the batch's segment (units numbered from 1, as stored). */
static trawl_err invert(result *r, trawl_diag *d)
{
	trawl_err rc = TRAWL_OK;

	if (!(r->sb = trawl__segbuild_new()))
		return TRAWL_ENOMEM;
	for (size_t i = 0; i < r->ds.docs.n && !rc; i++) {
		const trawl__doc *doc = TRAWL_VEC_AT(&r->ds.docs, trawl__doc *, i);
		rc = trawl__segbuild_doc(r->sb);
		for (size_t k = 0; k < doc->units.n && !rc; k++) {
			const trawl__unit *u = TRAWL_VEC_AT(&doc->units, trawl__unit *, k);
			rc = trawl__segbuild_unit(r->sb, u->nt.text.data, u->nt.text.len,
			                          (uint32_t)(k + 1));
		}
	}
	if (rc)
		trawl__diag_set(d, NULL, "indexing the text: %s", trawl_strerror(rc));
	return rc;
}

static void process(pool *pl, result *r, int slot)
{
	const trawl__walk_item *it = &TRAWL_VEC_AT(pl->items, trawl__walk_item, r->index);
	const char *name = item_name(pl, r->index);
	trawl_diag dg;
	trawl__buf data;
	struct stat st;
	int fd = -1;
	char arg[256];

	memset(&dg, 0, sizeof dg);
	trawl__buf_init(&data, (size_t)pl->max_file);
	if (it->err) {
		r->err = it->err;
		snprintf(r->msg, sizeof r->msg, "%s", it->msg ? it->msg : trawl_strerror(it->err));
		return;
	}
	if (trawl__fault("slow-read", arg, sizeof arg)) {
		/* the fault tests' stand-in for a slow file: MS milliseconds */
		long ms = strtol(arg, NULL, 10);
		if (ms > 0 && ms < 60000)
			usleep((useconds_t)ms * 1000);
	}
	if (trawl__fault("eacces", arg, sizeof arg) && arg[0] && strstr(it->path, arg)) {
		r->err = TRAWL_EACCES;
		snprintf(r->msg, sizeof r->msg, "can't open: %s", strerror(EACCES));
		return;
	}
	fd = open(it->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		r->err = trawl__diag_errno(&dg, it->path, errno, "can't open");
		goto fail;
	}
	r->size = (int64_t)st.st_size;
	r->mtime = (int64_t)st.st_mtime;
	if (!S_ISREG(st.st_mode)) {
		r->err = TRAWL_EUNSUPPORTED;
		trawl__diag_set(&dg, it->path, "not a regular file");
		goto fail;
	}
	if (st.st_size == 0) {
		r->err = TRAWL_EEMPTY;
		trawl__diag_set(&dg, it->path, "empty file (0 bytes); nothing to read");
		goto fail;
	}
	if ((uint64_t)st.st_size > pl->max_file) {
		/* look at the head first: a huge binary blob is refused without reading it */
		char head[512];
		const char *what = NULL;
		ssize_t n = pread(fd, head, sizeof head, 0);
		if (n > 0 && trawl__detect_head(head, (size_t)n, &what) == TRAWL__KIND_BINARY) {
			r->err = TRAWL_EUNSUPPORTED;
			trawl__diag_set(&dg, it->path, "unsupported format: %s",
			                what ? what : "binary data");
		} else {
			r->err = TRAWL_ETOOBIG;
			trawl__diag_set(&dg, it->path, "file is %.1f MiB, over the limit of %llu MiB "
			                "(--max-size)", st.st_size / 1048576.0,
			                (unsigned long long)(pl->max_file >> 20));
		}
		goto fail;
	}
	{
		/* a head check before reading all: random or binary data is refused early */
		char head[HEAD_BYTES];
		const char *what = NULL;
		ssize_t n = pread(fd, head, sizeof head, 0);
		if (n > 0 && trawl__detect_head(head, (size_t)n, &what) == TRAWL__KIND_BINARY) {
			r->err = TRAWL_EUNSUPPORTED;
			trawl__diag_set(&dg, it->path, "unsupported format: %s",
			                what ? what : "binary data");
			goto fail;
		}
	}
	close(fd);
	fd = -1;
	r->err = trawl__read_path(it->path, &data, &dg);
	if (r->err)
		goto fail;
	/* one file is one sighting, whatever path named it */
	if (!pl->targets)
		r->real = realpath(it->path, NULL);
	if (read_bytes(pl, r, slot, name, name, data.data, data.len, &dg))
		goto fail;
	/* an archive's members, unless refreshing (an archive holds no
	 * document to refresh: its members are stored originals of their own) */
	if (!pl->targets && r->have_ds && r->ds.members.n)
		expand(pl, r, r, slot, name, name, r->real, 1);
	goto out;
fail:
	snprintf(r->msg, sizeof r->msg, "%s", dg.msg[0] ? dg.msg : trawl_strerror(r->err));
out:
	if (fd >= 0)
		close(fd);
	trawl__buf_release(&data);
}

/* Hashes, parses and keeps the original of one file's bytes (a file
 * added, a stored original refreshed, an archive's member) into r: name
 * is what they are cited as, file the file on disk they came from (its
 * sidecar says their URL, unit and currency). Non-zero with r->err set
 * and d saying why on failure. */
static int read_bytes(pool *pl, result *r, int slot, const char *file, const char *name,
                      const char *bytes, size_t len, trawl_diag *dg)
{
	int known = 0;
	const char *unit = pl->opts->unit, *currency = pl->opts->currency;

	/* (SHA-256 through OpenSSL allocates: it can fail) */
	if ((r->err = trawl__sha256_hex(bytes, len, r->sha)))
		return 1;
	r->size = (int64_t)len;
	if (pl->targets) {
		/* a stored original: it must still be what it was stored as */
		const refresh_target *tg = &pl->targets[r->index];
		if (strcmp(r->sha, tg->sha)) {
			r->err = TRAWL_ECORRUPT;
			trawl__diag_set(dg, name, "the stored original %s does not match its hash "
			                "(trawl verify); its documents are kept as they were", tg->sha);
			goto fail;
		}
		r->source_url = tg->url ? trawl__strdup(tg->url) : NULL;
		unit = tg->unit;
		currency = tg->currency;
	} else {
		r->source_url = pl->opts->source_url ? trawl__strdup(pl->opts->source_url)
		                                     : sidecar_url(file);
		/* (a failed look-up only costs a parse: the insert ignores a known blob) */
		if (pl->s->ops->blob_known(pl->s->be, r->sha, &known, NULL) == TRAWL_OK && known) {
			r->known = 1;
			return 0;
		}
	}
	{
		trawl__parse_opts po = { pl->s->tmp, pl->max_file, MAX_INFLATE, pl->opts->no_facts,
		                         NULL, NULL, { 0, NULL, 0 } };
		stated said;
		if (unit)
			snprintf(r->said_unit, sizeof r->said_unit, "%s", unit);
		if (currency)
			snprintf(r->said_currency, sizeof r->said_currency, "%s", currency);
		stated_for(file, unit, currency, &said);
		po.unit = said.unit[0] ? said.unit : NULL;
		po.currency = said.currency[0] ? said.currency : NULL;
		po.ocr.off = pl->opts->no_ocr;
		po.ocr.langs = pl->opts->ocr_lang;
		po.ocr.budget = pl->opts->ocr_budget;
		trawl__docset_init(&r->ds, 0);
		r->have_ds = 1;
		if (said.warn[0])
			trawl__docset_warn(&r->ds, "%s", said.warn);
		if (pl->sb)
			r->err = trawl__sandbox_parse(pl->sb, slot, &po, name, bytes, len, &r->ds, dg);
		else
			r->err = trawl__parse(&po, name, bytes, len, &r->ds, dg);
	}
	if (!r->err)
		r->err = decide_meta(r, name);
	/* a backend with an index of its own (put_segment NULL: PostgreSQL's
	 * tsvectors) indexes the units put_doc stores */
	if (!r->err && (pl->targets || !pl->opts->no_index) && pl->s->ops->put_segment)
		r->err = invert(r, dg);
	if (r->err)
		goto fail;
	if (!pl->targets)
		r->err = trawl__object_put(pl->s, r->sha, bytes, len, dg);
	if (r->err)
		goto fail;
	return 0;
fail:
	return 1;
}

/* Reads the members of archive a (at depth `depth`) as files of their
 * own, into top's kids: each cited as NAME!member, its documents told the
 * archive they came from. A member that is an archive again is opened in
 * turn, to MAX_ARCHIVE_DEPTH. */
static void expand(pool *pl, result *top, result *a, int slot, const char *file,
                   const char *name, const char *real, int depth)
{
	if (!top->kids.size)
		trawl__vec_init(&top->kids, sizeof(result *));
	for (size_t i = 0; i < a->ds.members.n; i++) {
		trawl__member *m = &TRAWL_VEC_AT(&a->ds.members, trawl__member, i);
		result *k = calloc(1, sizeof *k), **slotp;
		trawl__buf path;
		trawl_diag dg;
		if (!k || !(slotp = trawl__vec_push(&top->kids))) {
			free(k);
			a->err = TRAWL_ENOMEM;
			break;
		}
		*slotp = k;
		k->index = top->index;
		k->mtime = top->mtime;
		k->size = (int64_t)m->len;
		trawl__buf_init(&path, 0);
		trawl__buf_addf(&path, "%s!%s", name, m->name);
		k->path = path.data; /* (NULL when out of memory: failed below) */
		if (real && k->path) {
			trawl__buf rp;
			trawl__buf_init(&rp, 0);
			trawl__buf_addf(&rp, "%s!%s", real, m->name);
			k->real = rp.data;
		}
		memset(&dg, 0, sizeof dg);
		if (!k->path) {
			k->err = TRAWL_ENOMEM;
			snprintf(k->msg, sizeof k->msg, "%s", trawl_strerror(k->err));
			continue;
		}
		if ((uint64_t)m->len > pl->max_file) {
			k->err = TRAWL_ETOOBIG;
			snprintf(k->msg, sizeof k->msg, "file is %.1f MiB, over the limit of %llu MiB "
			         "(--max-size)", m->len / 1048576.0,
			         (unsigned long long)(pl->max_file >> 20));
			continue;
		}
		if (read_bytes(pl, k, slot, file, k->path, m->data, m->len, &dg)) {
			snprintf(k->msg, sizeof k->msg, "%s", dg.msg[0] ? dg.msg : trawl_strerror(k->err));
			continue;
		}
		/* (the bytes are no longer needed: an archive may be large) */
		free(m->data);
		m->data = NULL;
		m->len = 0;
		if (!k->have_ds)
			continue; /* already stored: seen again at this path */
		for (size_t d = 0; d < k->ds.docs.n; d++) {
			trawl__doc *doc = TRAWL_VEC_AT(&k->ds.docs, trawl__doc *, d);
			trawl__doc_field(&k->ds, doc, "archive", name);
			trawl__doc_field(&k->ds, doc, "archive_sha256", a->sha);
		}
		if (k->ds.members.n && depth > MAX_ARCHIVE_DEPTH)
			trawl__docset_warn(&k->ds, "an archive nested deeper than %d levels: its %zu "
			                   "member(s) are not read", MAX_ARCHIVE_DEPTH,
			                   k->ds.members.n);
		else if (k->ds.members.n)
			expand(pl, top, k, slot, file, k->path, k->real, depth + 1);
	}
}

static void *worker(void *arg)
{
	pool *pl = ((worker_arg *)arg)->pl;
	int slot = ((worker_arg *)arg)->slot;

	for (;;) {
		result *r;
		size_t idx;
		pthread_mutex_lock(&pl->lock);
		if (pl->stop || pl->next >= pl->items->n || (pl->opts->cancel && *pl->opts->cancel)) {
			pthread_mutex_unlock(&pl->lock);
			return NULL;
		}
		idx = pl->next++;
		pthread_mutex_unlock(&pl->lock);
		r = calloc(1, sizeof *r);
		if (r) {
			r->index = idx;
			process(pl, r, slot);
		}
		pthread_mutex_lock(&pl->lock);
		while (pl->count == pl->cap && !pl->stop)
			pthread_cond_wait(&pl->can_put, &pl->lock);
		if (pl->stop) {
			pthread_mutex_unlock(&pl->lock);
			result_free(r);
			return NULL;
		}
		/* a NULL result stands for an allocation failure of this item */
		pl->ring[(pl->head + pl->count) % pl->cap] = r;
		pl->ring_index[(pl->head + pl->count) % pl->cap] = idx;
		pl->count++;
		pthread_cond_signal(&pl->can_get);
		pthread_mutex_unlock(&pl->lock);
	}
}

/* The next result into *out (NULL for an allocation failure, with *index
 * the file it was for); 1 when the run was cancelled and the i results
 * taken are all there will be. */
static int take(pool *pl, size_t i, result **out, size_t *index)
{
	result *r;

	pthread_mutex_lock(&pl->lock);
	while (pl->count == 0) {
		struct timespec ts;
		if (!pl->opts->cancel) {
			pthread_cond_wait(&pl->can_get, &pl->lock);
			continue;
		}
		/* workers take no file once cancelled: those taken will come */
		if (*pl->opts->cancel && i >= pl->next) {
			pthread_mutex_unlock(&pl->lock);
			return 1;
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&pl->can_get, &pl->lock, &ts);
	}
	r = pl->ring[pl->head];
	*index = pl->ring_index[pl->head];
	pl->head = (pl->head + 1) % pl->cap;
	pl->count--;
	pthread_cond_signal(&pl->can_put);
	pthread_mutex_unlock(&pl->lock);
	*out = r;
	return 0;
}

TRAWL__MUST_CHECK static trawl_err doc_id(const char *sha, const trawl__doc *d, char id[65])
{
	trawl__buf b;
	trawl_err rc;

	if (!d->ext_id) {
		snprintf(id, 65, "%s", sha);
		return TRAWL_OK;
	}
	trawl__buf_init(&b, 0);
	rc = trawl__buf_addf(&b, "%s\n%s", sha, d->ext_id);
	if (!rc)
		rc = trawl__sha256_hex(b.data, b.len, id);
	trawl__buf_release(&b);
	return rc;
}

/* The search index of one batch (one transaction): the results' builders
 * gathered, and the store's number of each of their documents. */
typedef struct batch_ix {
	trawl__segbuild *sb;
	int64_t *docno;
	size_t n, cap;
} batch_ix;

/* Gathers r's builder into the batch; docno[i] is the number of r's
 * document i (0: not stored). A store that takes each file's at once
 * gets them now. */
static trawl_err batch_add(trawl_store *s, batch_ix *bx, const result *r, const int64_t *docno,
                           trawl_diag *d)
{
	size_t nd = r->ds.docs.n;
	trawl_err rc;

	if (!r->sb || !nd)
		return TRAWL_OK;
	if (s->ops->index_per_file)
		return s->ops->put_segment(s->be, r->sb, docno, d);
	if (!bx->sb && !(bx->sb = trawl__segbuild_new()))
		return TRAWL_ENOMEM;
	if (bx->n + nd > bx->cap) {
		size_t cap = bx->cap ? bx->cap * 2 : 1024;
		int64_t *n;
		while (cap < bx->n + nd)
			cap *= 2;
		if (!(n = trawl__reallocn(bx->docno, cap, sizeof *n)))
			return TRAWL_ENOMEM;
		bx->docno = n;
		bx->cap = cap;
	}
	if ((rc = trawl__segbuild_absorb(bx->sb, r->sb)))
		return rc;
	memcpy(bx->docno + bx->n, docno, nd * sizeof *docno);
	bx->n += nd;
	return TRAWL_OK;
}

static void batch_reset(batch_ix *bx)
{
	trawl__segbuild_free(bx->sb);
	bx->sb = NULL;
	bx->n = 0;
}

/* Records one result; returns the status, or FAILED with *fatal set and
 * d saying what the store could not do. */
static trawl_add_status record(trawl_store *s, const char *path, result *r,
                               trawl_add_summary *sum, int no_index, batch_ix *bx,
                               trawl_err *fatal, trawl_diag *d)
{
	const trawl__store_ops *o = s->ops;
	char prev[65] = "", now[32];
	int inserted = 0, have_prev, version = 0;
	trawl_err rc;
	size_t i;

	iso_now(now, sizeof now);
	rc = o->path_latest(s->be, r->real ? r->real : path, prev, d);
	if (rc && rc != TRAWL_ENOTFOUND)
		goto store_fail;
	have_prev = rc == TRAWL_OK;
	if (!r->known) {
		trawl__blob_rec b = { r->sha, r->ds.format, r->ds.encoding[0] ? r->ds.encoding : NULL,
		                      now, r->size, (int)r->ds.docs.n,
		                      r->said_unit[0] ? r->said_unit : NULL,
		                      r->said_currency[0] ? r->said_currency : NULL };
		int64_t *docno = NULL;
		rc = o->put_blob(s->be, &b, &inserted, d);
		if (rc)
			goto store_fail;
		if (inserted && r->ds.docs.n &&
		    !(docno = trawl__mallocn(r->ds.docs.n, sizeof *docno))) {
			rc = TRAWL_ENOMEM;
			goto store_fail;
		}
		for (i = 0; inserted && i < r->ds.docs.n; i++) {
			const trawl__doc *doc = TRAWL_VEC_AT(&r->ds.docs, trawl__doc *, i);
			char id[65];
			if ((rc = doc_id(r->sha, doc, id)))
				break;   /* (docno freed below) */
			rc = o->put_doc(s->be, r->sha, (int)i, id, doc, &r->metas[i],
			                trawl__extractor_version(), !no_index, &docno[i], d);
			if (rc)
				break;
			sum->documents++;
			for (size_t k = 0; k < doc->units.n; k++)
				sum->ocr_pages += TRAWL_VEC_AT(&doc->units, trawl__unit *, k)->ocr != 0;
		}
		if (!rc && inserted && !no_index)
			rc = batch_add(s, bx, r, docno, d);
		free(docno);
		if (rc)
			goto store_fail;
		if (inserted)
			sum->text_bytes += r->ds.text_bytes;
	}
	if (have_prev && !strcmp(prev, r->sha)) {
		/* same bytes at the same path: nothing to record, but the
		 * collection this add names (the same bytes under a second
		 * collection belong to both) */
		if (o->recollect) {
			trawl__sighting_rec sr = { path, r->sha, now, r->source_url, r->size, r->mtime,
			                           r->real };
			if ((rc = o->recollect(s->be, &sr, d)))
				goto store_fail;
		}
		return TRAWL_UNCHANGED;
	}
	{
		trawl__sighting_rec sr = { path, r->sha, now, r->source_url, r->size, r->mtime,
		                           r->real };
		rc = o->put_sighting(s->be, &sr, &version, d);
		if (rc)
			goto store_fail;
	}
	if (have_prev)
		return TRAWL_NEW_VERSION;
	return inserted ? TRAWL_ADDED : TRAWL_UNCHANGED;
store_fail:
	*fatal = rc == TRAWL_ENOMEM ? TRAWL_ENOMEM : TRAWL_ESTORE;
	return TRAWL_FAILED;
}

/* Replaces the documents of one re-read original; returns ADDED (re-read)
 * or FAILED with *fatal set and d saying what the store could not do. */
static trawl_add_status record_refresh(trawl_store *s, result *r,
                                       trawl_refresh_summary *rsum, batch_ix *bx,
                                       trawl_err *fatal, trawl_diag *d)
{
	const trawl__store_ops *o = s->ops;
	uint64_t kept = 0;
	trawl_err rc = TRAWL_OK;
	int64_t *docno = NULL;
	size_t i;

	if (r->ds.docs.n && !(docno = trawl__mallocn(r->ds.docs.n, sizeof *docno)))
		rc = TRAWL_ENOMEM;
	for (i = 0; i < r->ds.docs.n && !rc; i++) {
		const trawl__doc *doc = TRAWL_VEC_AT(&r->ds.docs, trawl__doc *, i);
		char id[65];
		int added = 0;
		if ((rc = doc_id(r->sha, doc, id)))
			break;
		rc = o->replace_doc(s->be, r->sha, (int)i, id, doc, &r->metas[i],
		                    trawl__extractor_version(), &added, &docno[i], d);
		rsum->documents += added >= 0;
	}
	if (!rc)
		rc = batch_add(s, bx, r, docno, d);
	free(docno);
	if (!rc)
		rc = o->refresh_done(s->be, r->sha, r->ds.format,
		                     r->ds.encoding[0] ? r->ds.encoding : NULL,
		                     trawl__extractor_version(), &kept, d);
	if (rc) {
		*fatal = rc == TRAWL_ENOMEM ? TRAWL_ENOMEM : TRAWL_ESTORE;
		return TRAWL_FAILED;
	}
	if (kept) {
		rsum->kept += kept;
		trawl__docset_warn(&r->ds, "%llu document(s) stored from this file are no longer "
		                   "read from it; kept as they were", (unsigned long long)kept);
	}
	return TRAWL_ADDED;
}

/* Writes the batch's segment and commits; on failure d says why. */
static trawl_err commit_batch(trawl_store *s, batch_ix *bx, int sync_objects, trawl_diag *d)
{
	trawl_diag sd;

	memset(&sd, 0, sizeof sd);
	if (bx->sb && bx->n && s->ops->put_segment &&
	    s->ops->put_segment(s->be, bx->sb, bx->docno, &sd)) {
		trawl__diag_set(d, s->dir, "%s; the files since the last commit were not recorded",
		                sd.msg);
		batch_reset(bx);
		return TRAWL_ESTORE;
	}
	batch_reset(bx);
	if (sync_objects)
		trawl__objects_sync(s);
	if (s->ops->commit(s->be, &sd)) {
		trawl__diag_set(d, s->dir, "%s; the files since the last commit were not recorded",
		                sd.msg);
		return TRAWL_ESTORE;
	}
	return TRAWL_OK;
}

/* Merges segments of the search index when there are many: what is
 * committed is searchable either way, so a failure is a warning. */
static trawl_err merge_segments(trawl_store *s, const trawl_add_opts *opts)
{
	trawl_diag sd;
	trawl_err rc;

	memset(&sd, 0, sizeof sd);
	if (!s->ops->index_maintain)
		return TRAWL_OK;
	rc = s->ops->index_maintain(s->be, &sd);
	/* memory that ran out for an optional step, which the next add takes
	 * again, is no news: nothing was lost and nothing is to be done */
	if (rc && rc != TRAWL_ENOMEM && opts->on_event) {
		trawl_add_event ev;
		char msg[400];
		memset(&ev, 0, sizeof ev);
		ev.type = TRAWL_EV_WARNING;
		snprintf(msg, sizeof msg, "merging the search index's segments: %.300s "
		         "(search is unaffected; the next add tries again)",
		         sd.msg[0] ? sd.msg : trawl_strerror(rc));
		ev.msg = msg;
		opts->on_event(&ev, opts->udata);
	}
	return rc;
}

static int ncores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)n : 1;
}

/* Runs the workers over items and records each result from this thread,
 * in batched transactions: adds (targets NULL), or replaces the documents
 * of stored originals (targets, one per item; rsum counts). */
/* Counts one file's outcome in the summary and tells the caller: its
 * warnings, then the file event (ev holds the progress). */
static void tell(const trawl_add_opts *opts, trawl_add_summary *sum,
                 trawl_refresh_summary *rsum, const result *r, const char *name,
                 trawl_add_status st, trawl_add_event *ev)
{
	if (rsum) {
		if (st == TRAWL_FAILED)
			rsum->failed++;
		else
			rsum->files++;
	} else {
		switch (st) {
		case TRAWL_ADDED: sum->added++; break;
		case TRAWL_UNCHANGED: sum->unchanged++; break;
		case TRAWL_NEW_VERSION: sum->new_versions++; break;
		case TRAWL_FAILED: sum->failed++; break;
		}
	}
	ev->path = name;
	ev->ocr_pages = sum->ocr_pages;
	if (st != TRAWL_FAILED && r->have_ds && r->ds.warnings.len) {
		if (rsum)
			rsum->warnings++;
		else
			sum->warnings++;
		ev->type = TRAWL_EV_WARNING;
		ev->msg = r->ds.warnings.data;
		if (opts->on_event)
			opts->on_event(ev, opts->udata);
	}
	ev->type = TRAWL_EV_FILE;
	ev->status = st;
	ev->err = r->err;
	ev->msg = st == TRAWL_FAILED ? r->msg : NULL;
	if (opts->on_event)
		opts->on_event(ev, opts->udata);
}

/* (after a commit: what it kept) */
#define KEPT() do { \
		kept_sum = *sum; \
		if (rsum) \
			kept_rsum = *rsum; \
		kept_items = taken; \
		failed_since = 0; \
	} while (0)

static trawl_err run(trawl_store *s, const trawl__vec *items, const refresh_target *targets,
                     const trawl_add_opts *opts, trawl_add_summary *sum,
                     trawl_refresh_summary *rsum, trawl_diag *d)
{
	pool pl;
	pthread_t *th = NULL;
	worker_arg *wa = NULL;
	trawl_add_event ev;
	trawl_diag sd;
	char note[400];
	trawl_err rc = TRAWL_OK, fatal = TRAWL_OK;
	int jobs, started = 0, in_txn = 0;
	size_t i, batch = 0;
	batch_ix bx;
	uint64_t bytes_total = 0, bytes_done = 0;
	double batch_start = 0;
	/* what the last commit kept: the summary then, the items taken until
	 * then, and the items that failed since (a failure stays one); a
	 * store failure rolls the summary back to it */
	trawl_add_summary kept_sum = *sum;
	trawl_refresh_summary kept_rsum = { 0 };
	size_t taken = 0, kept_items = 0, failed_since = 0;

	if (rsum)
		kept_rsum = *rsum;
	memset(&bx, 0, sizeof bx);
	for (i = 0; i < items->n; i++)
		bytes_total += TRAWL_VEC_AT(items, trawl__walk_item, i).size;
	memset(&ev, 0, sizeof ev);
	ev.type = TRAWL_EV_SCANNED;
	ev.files_total = items->n;
	ev.bytes_total = bytes_total;
	if (opts->on_event)
		opts->on_event(&ev, opts->udata);

	jobs = opts->jobs > 0 ? opts->jobs : ncores();
	if (jobs > 64)
		jobs = 64;
	memset(&pl, 0, sizeof pl);
	pl.s = s;
	pl.items = items;
	pl.opts = opts;
	pl.targets = targets;
	pl.max_file = opts->max_file_size ? opts->max_file_size : DEFAULT_MAX_FILE;
	pl.cap = (size_t)jobs * 2;
	pl.ring = calloc(pl.cap, sizeof *pl.ring);
	pl.ring_index = calloc(pl.cap, sizeof *pl.ring_index);
	th = calloc((size_t)jobs, sizeof *th);
	wa = calloc((size_t)jobs, sizeof *wa);
	if (!pl.ring || !pl.ring_index || !th || !wa) {
		rc = TRAWL_ENOMEM;
		goto out_pool;
	}
	/* the readers' zygote, forked while this process has one thread */
	trawl__tmp_clean(s);
	if (!opts->no_sandbox) {
		trawl__sandbox_opts so = { s->tmp, jobs,
		                           opts->reader_timeout ? opts->reader_timeout
		                                                : DEFAULT_READER_TIMEOUT,
		                           opts->reader_memory ? opts->reader_memory
		                                               : DEFAULT_READER_MEMORY,
		                           pl.max_file, 0, NULL, NULL, NULL };
		trawl__ocr_opts oo = { opts->no_ocr, opts->ocr_lang, opts->ocr_budget };
		so.ocr_s = (unsigned)trawl__ocr_file_seconds(&oo);
		memset(&sd, 0, sizeof sd);
		if (trawl__sandbox_start(&so, &pl.sb, &sd)) {
			memset(&ev, 0, sizeof ev);
			ev.type = TRAWL_EV_WARNING;
			snprintf(note, sizeof note, "%.300s; files are read in this process, "
			         "unsandboxed", sd.msg);
			ev.msg = note;
			if (opts->on_event)
				opts->on_event(&ev, opts->udata);
		}
	}
	pthread_mutex_init(&pl.lock, NULL);
	pthread_cond_init(&pl.can_put, NULL);
	pthread_cond_init(&pl.can_get, NULL);
	for (started = 0; started < jobs; started++) {
		wa[started].pl = &pl;
		wa[started].slot = started;
		if (pthread_create(&th[started], NULL, worker, &wa[started]))
			break;
	}
	if (!started) {
		rc = TRAWL_ENOMEM;
		goto out_sync;
	}
	for (i = 0; i < items->n; i++) {
		result *r;
		size_t index;
		const trawl__walk_item *it;
		const char *name;
		trawl_add_status st;
		if (take(&pl, i, &r, &index)) {
			sum->not_done = items->n - i;
			break;
		}
		taken++;
		if (pl.sb && trawl__sandbox_warning(pl.sb, note, sizeof note)) {
			memset(&ev, 0, sizeof ev);
			ev.type = TRAWL_EV_WARNING;
			ev.msg = note;
			if (opts->on_event)
				opts->on_event(&ev, opts->udata);
		}
		if (!r) {
			/* allocation failure in a worker: that file failed */
			failed_since++;
			if (rsum)
				rsum->failed++;
			else
				sum->failed++;
			memset(&ev, 0, sizeof ev);
			ev.type = TRAWL_EV_FILE;
			ev.path = item_name(&pl, index);
			ev.status = TRAWL_FAILED;
			ev.err = TRAWL_ENOMEM;
			ev.msg = "out of memory";
			ev.files_done = i + 1;
			ev.files_total = items->n;
			if (opts->on_event)
				opts->on_event(&ev, opts->udata);
			continue;
		}
		it = &TRAWL_VEC_AT(items, trawl__walk_item, r->index);
		name = item_name(&pl, r->index);
		if (r->err) {
			st = TRAWL_FAILED;
			failed_since++;
		} else {
			if (!in_txn) {
				memset(&sd, 0, sizeof sd);
				if (s->ops->begin(s->be, &sd)) {
					fatal = TRAWL_ESTORE;
					trawl__diag_set(d, s->dir, "%s", sd.msg);
					result_free(r);
					goto drain;
				}
				in_txn = 1;
				batch = 0;
				batch_start = now_s();
			}
			memset(&sd, 0, sizeof sd);
			st = rsum ? record_refresh(s, r, rsum, &bx, &fatal, &sd)
			          : record(s, it->path, r, sum, opts->no_index, &bx, &fatal, &sd);
			if (fatal) {
				trawl__diag_set(d, s->dir, "can't record %s: %s%s", name,
				                sd.msg[0] ? sd.msg : trawl_strerror(fatal),
				                batch ? "; the files since the last commit were not "
				                "recorded either" : "");
				result_free(r);
				goto drain;
			}
			batch++;
		}
		bytes_done += it->size;
		memset(&ev, 0, sizeof ev);
		ev.files_done = i + 1;
		ev.files_total = items->n;
		ev.bytes_done = bytes_done;
		ev.bytes_total = bytes_total;
		tell(opts, sum, rsum, r, name, st, &ev);
		/* an archive's members, each as a file of its own */
		for (size_t k = 0; k < r->kids.n; k++) {
			result *kid = TRAWL_VEC_AT(&r->kids, result *, k);
			st = TRAWL_FAILED;
			if (!kid->err) {
				memset(&sd, 0, sizeof sd);
				st = record(s, kid->path, kid, sum, opts->no_index, &bx, &fatal, &sd);
				if (fatal) {
					trawl__diag_set(d, s->dir, "can't record %s: %s; the files since the "
					                "last commit were not recorded either", kid->path,
					                sd.msg[0] ? sd.msg : trawl_strerror(fatal));
					result_free(r);
					goto drain;
				}
				batch++;
			}
			tell(opts, sum, rsum, kid, kid->path ? kid->path : name, st, &ev);
		}
		result_free(r);
		if (in_txn && (batch >= BATCH_FILES || now_s() - batch_start > BATCH_SECONDS)) {
			if ((fatal = commit_batch(s, &bx, !rsum, d)))
				goto drain;
			in_txn = 0;
			KEPT();
			/* between transactions: merge segments when there are many */
			merge_segments(s, opts);
		}
	}
	if (in_txn) {
		if ((fatal = commit_batch(s, &bx, !rsum, d)))
			goto drain;
		in_txn = 0;
		KEPT();
		merge_segments(s, opts);
	}
drain:
	if (in_txn)
		s->ops->rollback(s->be);
	if (fatal) {
		/* the summary says what is stored: the counts of the last commit,
		 * every failure, and the files not stored (read and rolled back,
		 * or never read) as not done */
		uint64_t failed = sum->failed;
		*sum = kept_sum;
		sum->failed = failed;
		if (rsum) {
			failed = rsum->failed;
			*rsum = kept_rsum;
			rsum->failed = failed;
			rsum->not_done = items->n - kept_items - failed_since;
		} else
			sum->not_done = items->n - kept_items - failed_since;
	}
	batch_reset(&bx);
	free(bx.docno);
	pthread_mutex_lock(&pl.lock);
	pl.stop = 1;
	pthread_cond_broadcast(&pl.can_put);
	pthread_mutex_unlock(&pl.lock);
	for (int k = 0; k < started; k++)
		pthread_join(th[k], NULL);
	trawl__sandbox_stop(pl.sb);
	pl.sb = NULL;
	/* results a stopped run did not take */
	while (pl.count) {
		result *r = pl.ring[pl.head];
		pl.head = (pl.head + 1) % pl.cap;
		pl.count--;
		result_free(r);
	}
	rc = fatal;
	if (fatal && d && !d->msg[0])
		trawl__diag_set(d, s->dir, "the store failed; nothing after the last commit was kept");
out_sync:
	trawl__sandbox_stop(pl.sb);
	pthread_cond_destroy(&pl.can_put);
	pthread_cond_destroy(&pl.can_get);
	pthread_mutex_destroy(&pl.lock);
out_pool:
	free(pl.ring);
	free(pl.ring_index);
	free(th);
	free(wa);
	return rc;
}

trawl_err trawl_add(trawl_store *s, const char *const *paths, size_t npaths,
                    const trawl_add_opts *opts, trawl_add_summary *sum, trawl_diag *d)
{
	static const trawl_add_opts defaults = { .jobs = 0 };
	trawl__vec items;
	trawl_err rc;
	size_t i;
	char arg[256];
	int lock;

	if (!opts)
		opts = &defaults;
	memset(sum, 0, sizeof *sum);
	rc = check_stated(opts, d);
	if (rc)
		return rc;
	/* OCR's language data is checked once, before any file: a missing
	 * language is one clear error, not one per scanned page */
	if (!opts->no_ocr) {
		rc = trawl__ocr_check(opts->ocr_lang && opts->ocr_lang[0] ? opts->ocr_lang
		                                                          : TRAWL__OCR_LANGS, d);
		if (rc)
			return rc == TRAWL_ENOTFOUND ? TRAWL_EUSAGE : rc;
	}
	/* trawl gc deletes no original while this run may be writing one */
	lock = trawl__store_lock(s, LOCK_SH);
	trawl__xml_init();
	if (s->ops->set_collections &&
	    (rc = s->ops->set_collections(s->be, opts->collection, paths, npaths, d)))
		return rc;
	trawl__vec_init(&items, sizeof(trawl__walk_item));
	rc = trawl__walk(paths, npaths, s->dir, opts->exclude, opts->nexclude, &items,
	                 &sum->excluded);
	if (rc)
		goto out_items;
	if (trawl__fault("unlink-after-scan", arg, sizeof arg) && arg[0])
		for (i = 0; i < items.n; i++)
			if (strstr(TRAWL_VEC_AT(&items, trawl__walk_item, i).path, arg))
				unlink(TRAWL_VEC_AT(&items, trawl__walk_item, i).path);
	rc = run(s, &items, NULL, opts, sum, NULL, d);
out_items:
	trawl__walk_release(&items);
	trawl__store_unlock(lock);
	return rc;
}

/* ---- trawl refresh ---- */

typedef struct stale_ctx {
	trawl_store *s;
	trawl__vec items;        /* trawl__walk_item: the objects */
	trawl__vec targets;      /* refresh_target */
	trawl_err rc;
} stale_ctx;

static int stale_one(const char *sha, int64_t size, const char *path, const char *url,
                     const char *unit, const char *currency, void *u)
{
	stale_ctx *c = u;
	char obj[4096];
	trawl__walk_item *it;
	refresh_target *tg;

	if ((c->rc = trawl__object_local(c->s, sha, obj, sizeof obj, NULL)))
		return 1;
	it = trawl__vec_push(&c->items);
	tg = it ? trawl__vec_push(&c->targets) : NULL;
	if (!it || !tg) {
		if (it)
			c->items.n--;
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	memset(it, 0, sizeof *it);
	memset(tg, 0, sizeof *tg);
	snprintf(tg->sha, sizeof tg->sha, "%s", sha);
	it->size = size > 0 ? (uint64_t)size : 0;
	it->path = trawl__strdup(obj);
	tg->path = path ? trawl__strdup(path) : NULL;
	tg->url = url ? trawl__strdup(url) : NULL;
	tg->unit = unit ? trawl__strdup(unit) : NULL;
	tg->currency = currency ? trawl__strdup(currency) : NULL;
	if (!it->path || (path && !tg->path) || (url && !tg->url) || (unit && !tg->unit) ||
	    (currency && !tg->currency)) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	return 0;
}

trawl_err trawl_stale_count(trawl_store *s, uint64_t *n)
{
	*n = 0;
	return s->ops->stale_count(s->be, trawl__extractor_version(), n, NULL);
}

trawl_err trawl_refresh(trawl_store *s, const trawl_refresh_opts *o,
                        trawl_refresh_summary *sum, trawl_diag *d)
{
	stale_ctx c;
	trawl_add_opts ao;
	trawl_add_summary unused;
	trawl_diag sd;
	trawl_err rc;
	size_t i;

	memset(sum, 0, sizeof *sum);
	memset(&ao, 0, sizeof ao);
	memset(&unused, 0, sizeof unused);
	if (o) {
		ao.jobs = o->jobs;
		ao.on_event = o->on_event;
		ao.udata = o->udata;
	}
	trawl__xml_init();
	memset(&c, 0, sizeof c);
	c.s = s;
	trawl__vec_init(&c.items, sizeof(trawl__walk_item));
	trawl__vec_init(&c.targets, sizeof(refresh_target));
	memset(&sd, 0, sizeof sd);
	rc = s->ops->stale(s->be, trawl__extractor_version(), o && o->all, stale_one, &c, &sd);
	if (!rc)
		rc = c.rc;
	if (rc) {
		trawl__diag_set(d, s->dir, "can't list the documents to re-read: %s",
		                sd.msg[0] ? sd.msg : trawl_strerror(rc));
		goto out;
	}
	/* what add accepted (maybe with a larger --max-size), refresh reads */
	for (i = 0; i < c.items.n; i++) {
		uint64_t sz = TRAWL_VEC_AT(&c.items, trawl__walk_item, i).size;
		if (sz > DEFAULT_MAX_FILE && sz > ao.max_file_size)
			ao.max_file_size = sz;
	}
	rc = run(s, &c.items, c.targets.items, &ao, &unused, sum, d);
out:
	for (i = 0; i < c.targets.n; i++) {
		refresh_target *tg = &TRAWL_VEC_AT(&c.targets, refresh_target, i);
		free(tg->path);
		free(tg->url);
		free(tg->unit);
		free(tg->currency);
	}
	trawl__vec_release(&c.targets);
	trawl__walk_release(&c.items);
	return rc;
}
