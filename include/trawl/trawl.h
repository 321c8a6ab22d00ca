/* trawl: turn a pile of public documents into a searchable, citable store.
 *
 * This is the whole public API. Handles are opaque; every function that can
 * fail returns a trawl_err, and detail for the user travels in an optional
 * trawl_diag. The library never prints.
 *
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
#ifndef TRAWL_TRAWL_H
#define TRAWL_TRAWL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TRAWL_VERSION "0.1.0"

typedef enum {
	TRAWL_OK = 0,
	TRAWL_ENOMEM,      /* out of memory */
	TRAWL_EIO,         /* read or write failed */
	TRAWL_EFORMAT,     /* the file is damaged or not what it claims to be */
	TRAWL_ETOOBIG,     /* a size limit was hit (file, zip entry, text) */
	TRAWL_EENCRYPTED,  /* the file needs a password */
	TRAWL_EEMPTY,      /* the file has no bytes */
	TRAWL_EUNSUPPORTED,/* a format trawl does not read */
	TRAWL_ENOTFOUND,   /* no such file or document */
	TRAWL_EAMBIGUOUS,  /* a document prefix matches more than one document */
	TRAWL_EACCES,      /* permission denied */
	TRAWL_ELOOP,       /* symlink loop or directory cycle */
	TRAWL_ESTORE,      /* the store can't be opened or is damaged */
	TRAWL_EUSAGE,      /* bad arguments */
	TRAWL_ECORRUPT,    /* verify found stored data that does not match */
	TRAWL_EINTERNAL
} trawl_err;

/* A static English description of e. Never NULL. */
const char *trawl_strerror(trawl_err e);

/* Detail for the user about the last failure or warning. */
typedef struct trawl_diag {
	char path[1024]; /* the file concerned, or "" */
	char msg[512];   /* what is wrong, in words, or "" */
	long page;       /* 1-based page or sheet, 0 if not known */
} trawl_diag;

/* ---- the store ---------------------------------------------------- */

typedef struct trawl_store trawl_store;

/* Opens the store in folder dir (created with create != 0 when missing).
 * On success *out is a new handle owned by the caller; close it with
 * trawl_store_close(). On failure *out is NULL and d (if not NULL) says why. */
trawl_err trawl_store_open(const char *dir, int create, trawl_store **out,
                           trawl_diag *d);
/* trawl admin on a store in a database: users, their rights on
 * collections, the audit (docs/postgresql.md). out gets each line listed.
 * TRAWL_EUSAGE for a store folder or arguments it does not take. On
 * success d->msg, when not empty, is something the user should still hear
 * (another session is still making the words for users' search). */
trawl_err trawl_store_admin(trawl_store *s, int argc, const char *const *argv,
                            int (*out)(const char *line, void *), void *u, trawl_diag *d);
/* On a store with users (PostgreSQL), every later call on s acts as user
 * (a role trawl admin user add made): it sees, and may change, only what
 * that user's collections allow. NULL: the store's own role again. A
 * store folder has one user: TRAWL_OK, nothing changes. TRAWL_ENOTFOUND
 * for a name the store has no user of. */
trawl_err trawl_store_set_user(trawl_store *s, const char *user, trawl_diag *d);

/* Copies the whole store src, with its history, into the empty store dst
 * (either backend): originals, every sighting, documents with what the
 * user set, their text, facts, fields, and the watches; dst indexes the
 * text itself. *rows gets how many rows were copied. TRAWL_EUSAGE when
 * dst is not empty. */
trawl_err trawl_store_copy(trawl_store *src, trawl_store *dst, uint64_t *rows, trawl_diag *d);

/* 0 when addr names a store in a database (postgresql://...), which
 * trawl_store_open reaches through its backend; 1 for a folder. */
int trawl_store_in_folder(const char *addr);

/* Opens an existing store for reading only, for a store trawl can't write
 * to (read-only media, another user's store): SQLite opens it read-only,
 * or, when not even that can be done without writing (no -shm file can be
 * made beside it), as immutable. Writes through the handle fail with
 * TRAWL_ESTORE. A store of an older schema must first be opened by a
 * writer. On success d->msg may hold a note: immutable, the changes in a
 * write-ahead log left beside the database are not seen. */
trawl_err trawl_store_open_readonly(const char *dir, trawl_store **out, trawl_diag *d);
/* 1 when s was opened read-only. */
int trawl_store_readonly(const trawl_store *s);
/* A number that changes whenever anything commits a change to the store
 * (through this handle or another process); compare two values taken from
 * the same handle. */
trawl_err trawl_store_version(trawl_store *s, int64_t *version, trawl_diag *d);
void trawl_store_close(trawl_store *s);
/* What the user should hear about the store as it was opened (an upgrade
 * that rebuilt the search index; in a PostgreSQL store, that the words for
 * users' search are still being made), or NULL. */
const char *trawl_store_notice(trawl_store *s);
/* What a search by a user (trawl_store_set_user) may miss now, or NULL:
 * in a PostgreSQL store whose words for users' search are still being
 * made, as last read (on opening the store, by every write transaction,
 * by trawl_store_set_user and by a user's search). A program that keeps a
 * store open for long (trawl serve) asks after each trawl_store_set_user. */
const char *trawl_store_search_notice(trawl_store *s);

/* ---- trawl add ----------------------------------------------------- */

typedef enum {
	TRAWL_ADDED = 0,     /* new bytes, new document(s) */
	TRAWL_UNCHANGED,     /* these bytes were already stored */
	TRAWL_NEW_VERSION,   /* a known path whose bytes changed; old kept */
	TRAWL_FAILED         /* nothing stored; see err and msg */
} trawl_add_status;

typedef struct trawl_add_event {
	enum { TRAWL_EV_SCANNED, TRAWL_EV_FILE, TRAWL_EV_WARNING } type;
	const char *path;
	trawl_add_status status;  /* TRAWL_EV_FILE */
	trawl_err err;            /* TRAWL_EV_FILE with TRAWL_FAILED */
	const char *msg;          /* failure or warning text, or NULL */
	uint64_t files_done, files_total;
	uint64_t bytes_done, bytes_total;
	uint64_t ocr_pages;       /* pages read by OCR so far in this run */
} trawl_add_event;

typedef struct trawl_add_opts {
	int jobs;                 /* worker threads; <= 0 means the core count */
	const char *source_url;   /* recorded for every file of this run */
	uint64_t max_file_size;   /* 0: the default (512 MiB) */
	int no_index;             /* skip the full-text index (benchmarks only:
	                             such documents are not found by search) */
	int no_facts;             /* skip fact extraction (benchmarks only) */
	void (*on_event)(const trawl_add_event *ev, void *udata);
	void *udata;
	/* OCR of scanned PDF pages and images (on unless no_ocr) */
	int no_ocr;
	const char *ocr_lang;     /* Tesseract languages, e.g. "chi_tra+eng";
	                             NULL: chi_sim+eng */
	double ocr_budget;        /* seconds of OCR per file; <= 0: 600 */
	/* What the user states about the files' amounts, or NULL: the unit of
	 * amounts whose unit a document does not state ("千元", "万元", "元",
	 * "USD"), and the currency of those that name none, such as a bare 元
	 * ("TWD": ISO 4217). They override the sidecars NAME.trawl and
	 * .trawl-defaults (docs/facts.md); TRAWL_EUSAGE when not valid. */
	const char *unit;
	const char *currency;
	/* Files are parsed in sandboxed reader processes: a reader that crashes,
	 * hangs or runs out of memory costs only its file. */
	unsigned reader_timeout;  /* seconds per file, plus 1 s per MiB of it; 0: 60 */
	uint64_t reader_memory;   /* bytes of memory per reader; 0: 2 GiB */
	int no_sandbox;           /* parse in this process (benchmarks, debugging) */
	/* The collection the files' documents join (a PostgreSQL store; see
	 * docs/postgresql.md), or NULL: the path given that holds the file. */
	const char *collection;
	/* Patterns of what not to add: a pattern without '/' is matched
	 * against each file's and folder's name, one with '/' against the
	 * path as walked (or its end); a folder that matches is not entered.
	 * A .trawlignore file in a folder adds patterns for what is below it
	 * (relative to it, one a line, # comments). fnmatch(3) patterns. */
	const char *const *exclude;
	size_t nexclude;
	/* When *cancel becomes non-zero (a signal handler may set it: glibc's
	 * sig_atomic_t is an int), no further file is started: the files being
	 * read are finished and recorded, and trawl_add returns TRAWL_OK with
	 * sum->not_done counting the files not read. */
	const volatile int *cancel;
} trawl_add_opts;

typedef struct trawl_add_summary {
	uint64_t added, unchanged, new_versions, failed, warnings;
	uint64_t documents;  /* documents created (an OCDS file makes several) */
	uint64_t text_bytes; /* UTF-8 text extracted */
	uint64_t ocr_pages;  /* pages (and images) whose text OCR read */
	uint64_t excluded;   /* files and folders skipped by exclude patterns */
	uint64_t not_done;   /* files not stored: not read (the run was cancelled), or
	                        read and rolled back by a store failure (trawl_add
	                        returns it; the other counts are what the last
	                        commit kept, and every failure) */
} trawl_add_summary;

/* Adds files and folders (recursively). Per-file problems are reported
 * through opts->on_event and counted in *sum; they do not make the call
 * fail. A warning about the run itself (e.g. the sandbox is weaker than it
 * should be here) is a TRAWL_EV_WARNING event with a NULL path, and is not
 * counted. Returns non-OK only when the run could not go on (store
 * failure). trawl_add forks the readers' parent process before it starts
 * its own threads; call it while the program runs no other threads. */
trawl_err trawl_add(trawl_store *s, const char *const *paths, size_t npaths,
                    const trawl_add_opts *opts, trawl_add_summary *sum,
                    trawl_diag *d);

/* ---- reading the store --------------------------------------------- */

typedef struct trawl_doc_info {
	const char *id;          /* 64 hex digits */
	const char *path;        /* the latest path it was seen at, as given (an
	                            archive's member: ARCHIVE!member) */
	const char *realpath;    /* the same as an absolute path without symlinks
	                            (one file is one realpath, however it was named) */
	const char *part;        /* for one of several documents of a file (the
	                            releases of an OCDS package): what tells it
	                            apart, its release's tag and date ("award
	                            2024-05-20"); else NULL */
	const char *format;      /* txt html pdf docx xlsx xls csv ocds png jpeg
	                            tiff ofd pptx doc wps et */
	const char *encoding;    /* of the original bytes, e.g. GB18030 */
	const char *sha256;      /* of the original file */
	const char *added_at;    /* ISO 8601, UTC */
	const char *source_url;  /* or NULL */
	const char *title;       /* or NULL */
	int64_t size;            /* bytes of the original file */
	int64_t mtime;           /* seconds since the epoch, of the latest sighting */
	int pages;               /* units of a paged format, else 0 */
	int units;
	int version;             /* 1 for the first bytes seen at its path */
	int current;             /* 0 when a newer version replaced it */
	int ocr_units;           /* units whose text OCR read (scanned pages) */
	double ocr_conf;         /* their mean word confidence, 0-100 */
	/* What the document is (docs/facts.md). Each *_source says where the
	 * value came from: "user" when `trawl set` stated it (trawl_doc_set),
	 * else the rule that found it (title, published, buyer, total, ...). */
	const char *kind;        /* budget final_accounts tender award contract
	                            price_list job_ad invoice notice other, or NULL */
	const char *kind_source;
	int year;                /* fiscal or publication year; 0: not known */
	const char *year_source;
	const char *place;       /* its issuer's or buyer's place, or NULL */
	const char *place_code;  /* the place's 6-digit division code, or NULL */
	const char *place_source;
	const char *amount;      /* its own amount: exact decimal in the base
	                            unit (yuan for CNY), or NULL */
	const char *currency;    /* ISO 4217, with amount */
	const char *amount_source;/* total, award, tender, contract, ocds, user;
	                            "unstated" with no amount: the figure that
	                            would be it (amount_text) states no unit or
	                            currency */
	const char *amount_text; /* the text the amount was read from, or NULL */
	int amount_page;         /* the unit (page, sheet) of that text, or 0 */
	const char *title_source;/* "user" when the title was set, else NULL */
	int extractor;           /* the extractor version that read it */
	int stale;               /* read by an older version: trawl refresh */
	int amount_sum;          /* the amount adds several figures (lots, rows,
	                            awards): amount_text is the first of them,
	                            not the amount itself */
} trawl_doc_info;

/* The version of trawl's readers and extractors: what they produce from
 * the same bytes changes only when it changes (docs/design.md). */
int trawl_extractor_version(void);

/* Overrides fields of a document's metadata, kept apart from what was
 * extracted (they survive trawl refresh): keys[i] is kind, year, place,
 * amount or title; values[i] as the user writes it (kind: a kind name;
 * year: 2024; place: a name or division code, 吉林 or 220000; amount:
 * with its currency, "1.63亿元" or "163000000 CNY"). "none" states that
 * the document has none (not for title); NULL or "" removes the override.
 * All n are set in one transaction, or none: TRAWL_EUSAGE with d saying
 * why for a bad key or value, TRAWL_ENOTFOUND for no such document. */
trawl_err trawl_doc_set(trawl_store *s, const char *id, const char *const *keys,
                        const char *const *values, size_t n, trawl_diag *d);

/* Counts the documents read by an older extractor version (trawl_refresh
 * re-reads them). */
trawl_err trawl_stale_count(trawl_store *s, uint64_t *n);

typedef struct trawl_refresh_opts {
	int jobs;                 /* worker threads; <= 0 means the core count */
	int all;                  /* every document, not only the stale ones */
	void (*on_event)(const trawl_add_event *ev, void *udata);
	void *udata;
} trawl_refresh_opts;

typedef struct trawl_refresh_summary {
	uint64_t files;           /* originals re-read */
	uint64_t documents;       /* documents replaced */
	uint64_t failed;          /* originals that could not be read: kept as they were */
	uint64_t warnings;
	uint64_t kept;            /* documents the reader no longer makes from their
	                             original: kept as they were */
	uint64_t not_done;        /* originals not re-read, or re-read and rolled back
	                             by a store failure: their documents are as they
	                             were (the other counts are the last commit's) */
} trawl_refresh_summary;

/* Re-reads the stored originals (objects/, not the paths they came from)
 * of the documents an older extractor version read (all of them with
 * o->all) and replaces their text, index entries and facts. Document ids,
 * sightings, versions, overrides and watch marks stay. Each batch is one
 * transaction: a document is either old or new, never half. Events as
 * trawl_add's (path: the latest path the file was seen at). */
trawl_err trawl_refresh(trawl_store *s, const trawl_refresh_opts *o,
                        trawl_refresh_summary *sum, trawl_diag *d);

/* Calls cb for every document, oldest first; all != 0 includes superseded
 * versions. A non-zero return from cb stops the walk. Strings passed to cb
 * live until cb returns. On a store failure d says why. */
trawl_err trawl_ls(trawl_store *s, int all,
                   int (*cb)(const trawl_doc_info *, void *), void *udata, trawl_diag *d);

/* Resolves ref (an id prefix of 3 or more hex digits that only one
 * document's id begins with, or a path it was seen at: as given, its end
 * after a '/', or the same file by its real path) to a full id, written
 * into id_out (65 bytes) on success. TRAWL_EAMBIGUOUS for a prefix of
 * several ids, or the path of a file that holds several documents. */
trawl_err trawl_doc_resolve(trawl_store *s, const char *ref, char *id_out,
                            trawl_diag *d);

/* Fills *info for one document; strings live until the next call on s. */
trawl_err trawl_doc_get(trawl_store *s, const char *id, trawl_doc_info *info, trawl_diag *d);

typedef struct trawl_unit_info {
	const char *kind;   /* page, sheet, section, release */
	int number;         /* 1-based */
	const char *name;   /* sheet name or NULL */
	const char *text;   /* normalized UTF-8 */
	size_t len;
	int ncells;         /* table cells kept for this unit */
	int ocr;            /* its text was read by OCR (a scan, an image) */
	double ocr_conf;    /* then its mean word confidence, 0-100 */
} trawl_unit_info;

/* Calls cb for each unit of document id, or only unit number `page` when
 * page > 0 (TRAWL_ENOTFOUND when it has no such unit). */
trawl_err trawl_doc_units(trawl_store *s, const char *id, int page,
                          int (*cb)(const trawl_unit_info *, void *),
                          void *udata, trawl_diag *d);

typedef struct trawl_sighting {
	const char *path, *seen_at, *source_url, *sha256;
	const char *realpath;      /* path, absolute, without symlinks */
	int64_t size, mtime;
	int version;
} trawl_sighting;

/* Every path and time document id's bytes were seen at, oldest first. */
trawl_err trawl_doc_sightings(trawl_store *s, const char *id,
                              int (*cb)(const trawl_sighting *, void *),
                              void *udata, trawl_diag *d);

/* Named fields kept for a document (OCDS buyer, suppliers, values, ...). */
trawl_err trawl_doc_fields(trawl_store *s, const char *id,
                           int (*cb)(const char *key, const char *value, void *),
                           void *udata, trawl_diag *d);

typedef struct trawl_problem {
	const char *what;   /* "missing", "mismatch", "database", "orphan" */
	const char *object; /* sha256 or table name */
	const char *detail;
	int serious;        /* 0 for notes that need no action */
} trawl_problem;

/* Re-hashes every stored original and checks the database. cb is called
 * for each problem; *nserious counts the serious ones. A non-OK return
 * means the check itself could not run; d says why. */
trawl_err trawl_verify(trawl_store *s,
                       int (*cb)(const trawl_problem *, void *), void *udata,
                       uint64_t *nserious, uint64_t *nchecked, trawl_diag *d);


/* ---- taking documents out ------------------------------------------- */

typedef struct trawl_rm_opts {
	const char *const *docs;  /* documents: id prefixes or paths (a path of a
	                             file holding several documents: all of them) */
	size_t ndocs;
	const char *const *paths; /* patterns (SQLite GLOB: * matches across folders)
	                             of paths, as added or real: what was seen there
	                             is forgotten, and a file seen nowhere else goes */
	size_t npaths;
	int dry_run;              /* say what would go, change nothing */
	/* Called with each document before it goes; a non-zero return stops
	 * and nothing is removed. */
	int (*on_doc)(const trawl_doc_info *info, void *udata);
	void *udata;
} trawl_rm_opts;

typedef struct trawl_rm_summary {
	uint64_t documents;       /* documents taken out */
	uint64_t sightings;       /* paths forgotten (paths) */
	uint64_t kept;            /* files matched by paths but also seen elsewhere */
	uint64_t originals;       /* stored originals no document refers to now */
} trawl_rm_summary;

/* Takes documents out of the store: out of search, facts, reports, diffs
 * and watches, in one transaction (all or nothing). Their originals stay
 * in objects/ until trawl_gc. A document removed from a file that has
 * others is not brought back by trawl_refresh; adding the file again
 * does nothing while its other documents are stored. TRAWL_ENOTFOUND or
 * TRAWL_EAMBIGUOUS when a document can't be named, d saying which. */
trawl_err trawl_rm(trawl_store *s, const trawl_rm_opts *o, trawl_rm_summary *sum,
                   trawl_diag *d);

/* Deletes the stored originals that no document refers to (those
 * trawl_rm left, and those an interrupted add left): *n of them, *bytes
 * in all (with dry_run: what would be deleted). Refuses with TRAWL_ESTORE
 * while a trawl_add runs on the store. */
trawl_err trawl_gc(trawl_store *s, int dry_run, uint64_t *n, uint64_t *bytes,
                   trawl_diag *d);

/* ---- search ------------------------------------------------------- */

typedef struct trawl_hit {
	const char *doc;      /* document id */
	const char *path;     /* the latest path it was seen at */
	const char *format;
	const char *title;    /* or NULL */
	const char *kind;     /* unit kind: page, sheet, section, release */
	int page;             /* unit number (page or sheet), 1-based */
	int paged;            /* the document has pages */
	int current;          /* 0 for a superseded version */
	double score;         /* BM25, higher is better */
	const char *snippet;  /* \x01 before and \x02 after each match */
	int ocr;              /* the unit's text was read by OCR (with files:
	                         some unit of the document's was) */
	double ocr_conf;      /* then the mean word confidence, 0-100 */
} trawl_hit;

/* Filters on a document's metadata, as facets offer them: each is an
 * exact value (as trawl_facets_count names it); NULL or 0 is any. */
typedef struct trawl_filter {
	const char *kind;         /* budget, award, ... */
	int year;
	const char *place;        /* the document's place, as trawl ls names it */
	const char *format;       /* pdf, html, ... */
	const char *currency;     /* of its own amount */
	const char *agency;       /* a party of role issuer or buyer so named */
	const char *vendor;       /* a party of role vendor so named */
	const char *amount_min;   /* its own amount is at least this decimal */
	const char *amount_max;   /* ... at most this one */
} trawl_filter;

enum {
	TRAWL_SORT_RELEVANCE = 0, /* BM25, best first */
	TRAWL_SORT_DATE,          /* the document's year, newest first; then the
	                             latest stored first */
	TRAWL_SORT_AMOUNT         /* the document's own amount, largest first */
};

/* One value of a facet and how many matching documents have it
 * (trawl_facets_count, and trawl_search_opts.facet). */
typedef struct trawl_facet {
	const char *dim;          /* kind year place agency vendor format currency */
	const char *value;        /* as trawl_filter takes it */
	uint64_t documents;       /* matching documents with this value */
} trawl_facet;

/* A snapshot of every document's facet values (kind, year, place, agency,
 * vendor, format, currency, own amount), read once so that counting them
 * for a search costs no more than the search (trawl_facets_open, below).
 * It is immutable, so threads may share it; trawl_store_version tells
 * when to read a new one. */
typedef struct trawl_facets trawl_facets;

typedef struct trawl_search_opts {
	int limit;            /* hits at most; <= 0 means 20 */
	int offset;
	int files;            /* one hit per document, best first */
	int64_t since;        /* only documents stored after this mark */
	int sort;             /* TRAWL_SORT_*; documents with no year or amount last */
	const trawl_filter *filter; /* or NULL */
	/* With facet set, the search also counts its matching documents by
	 * facet value, exactly as trawl_facets_count(s, facet_snapshot, query,
	 * filter, facet_values, facet, facet_udata, ...) would, from the same
	 * evaluation of the query where the store can (one pass for a page of
	 * hits and its facets): facet gets every count before cb gets the
	 * first hit, and a non-zero return stops the counts, not the search.
	 * facet_snapshot may be NULL when the store counts without one. */
	int (*facet)(const trawl_facet *, void *);
	void *facet_udata;
	int facet_values;
	const trawl_facets *facet_snapshot;
} trawl_search_opts;

typedef struct trawl_search_stats {
	uint64_t hits;        /* matching units (pages, sheets, ...) */
	uint64_t documents;   /* matching documents */
} trawl_search_stats;

/* The fields of the query language (type:pdf, kind:award, ...), for help
 * and completion: name, what follows the colon (FORMAT), what it selects. */
typedef struct trawl_query_field {
	const char *name, *arg, *help;
} trawl_query_field;

/* The i-th field, or NULL past the last. */
const trawl_query_field *trawl_query_field_at(size_t i);
/* The i-th value of a field that takes one of a fixed list (type, kind),
 * or NULL past the last, or for a field that takes any text. */
const char *trawl_query_field_value(const char *field, size_t i);

/* Searches the store with trawl's query language (see docs/search.md).
 * cb gets each hit in rank order; a non-zero return stops. st (optional)
 * gets the total counts. A bad query is TRAWL_EUSAGE with d saying why. */
trawl_err trawl_search(trawl_store *s, const char *query, const trawl_search_opts *o,
                       int (*cb)(const trawl_hit *, void *), void *udata,
                       trawl_search_stats *st, trawl_diag *d);

/* ---- facts -------------------------------------------------------- */

/* A fact read by OCR from words of a lower confidence than this (0-100)
 * is uncertain (trawl_fact_info.uncertain): Tesseract's word confidence
 * on figures it read wrong, against those it read right, on the pages of
 * tests/eval/ocr_accuracy.sh (bench/README.md). */
#define TRAWL_OCR_UNSURE 80

typedef struct trawl_fact_info {
	const char *doc, *path;
	const char *kind;         /* money date quantity party place item indicator
	                             project */
	const char *text;         /* the source text it was read from */
	const char *value;        /* exact decimal (money: base unit), ISO date, or name */
	const char *value_hi;     /* upper end of a range, or NULL */
	const char *unit, *unit_source, *currency, *comparator, *precision;
	const char *role, *code, *label, *column, *caption;
	const char *party;        /* item: the vendor or maker named in its row */
	const char *doc_kind;     /* budget, award, ... of the document */
	int page;                 /* unit number: page or sheet (1-based) */
	int paged;                /* the document has pages */
	int negative;
	int year;                 /* the document's year, or 0 */
	int64_t start, end;       /* Unicode character offsets into the unit's text */
	int64_t bstart, bend;     /* the same as byte offsets */
	int ocr;                  /* the unit's text was read by OCR: check the
	                             quote against the page */
	double ocr_conf;          /* then the confidence of the words it was read
	                             from (the lowest), 0-100 (in a store written
	                             before trawl kept it: the unit's mean) */
	int uncertain;            /* read by OCR from words below
	                             TRAWL_OCR_UNSURE (a figure: or with such a
	                             word glued to it), from a table column
	                             whose header OCR did not read (that it is
	                             money, and its unit, judged from the
	                             figures alone; ocr_conf may then be high),
	                             or split (below): a figure to check against
	                             the page, never summed into a total */
	int header_unread;        /* uncertain for the second reason (its words'
	                             confidence aside) */
	int ocr_split;            /* uncertain for the third: a figure with
	                             another piece of a number across a blank
	                             beside it (448 ,4 0万元 for 448.40万元): OCR
	                             may have split one figure in two */
	const char *attrs;        /* indicator and project: their fields as one
	                             JSON object (docs/facts.md), else NULL */
} trawl_fact_info;

typedef struct trawl_facts_opts {
	const char *kind;         /* only this kind, or NULL */
	const char *doc;          /* only this document (full id), or NULL */
	const char *min;          /* amounts >= this decimal (money, items and
	                             projects), or NULL */
	int page;                 /* with doc: only this unit, or 0 */
	/* the browser's view: the same filters as search */
	const char *query;        /* only the documents this search query finds */
	const trawl_filter *filter; /* or NULL */
	const char *max;          /* amounts <= this decimal (money, items and
	                             projects), or NULL */
	int sort;                 /* TRAWL_FACTS_BY_* */
	int limit, offset;        /* limit <= 0: all */
	uint64_t count_max;       /* trawl_facts_count stops counting here (0: never) */
} trawl_facts_opts;

enum {
	TRAWL_FACTS_BY_POSITION = 0, /* by document (path), then position */
	TRAWL_FACTS_BY_VALUE_DESC,   /* amounts, largest first (others after) */
	TRAWL_FACTS_BY_VALUE_ASC,
	TRAWL_FACTS_BY_YEAR,         /* the document's year, newest first */
	TRAWL_FACTS_BY_STORED        /* by document in the order they were stored,
	                                then position: no sort, the first page of
	                                a large store comes at once */
};

/* Lists facts, by document then position (or as o->sort says). A bad
 * o->query is TRAWL_EUSAGE with d saying why. */
trawl_err trawl_facts(trawl_store *s, const trawl_facts_opts *o,
                      int (*cb)(const trawl_fact_info *, void *), void *udata,
                      trawl_diag *d);
/* Counts the facts trawl_facts would list (limit and offset aside). */
trawl_err trawl_facts_count(trawl_store *s, const trawl_facts_opts *o, uint64_t *n,
                            trawl_diag *d);

/* ---- comparison --------------------------------------------------- */

typedef struct trawl_diff_side {
	const char *value;        /* exact decimal in the base unit, or NULL (an
	                             indicator's: its number, or its words) */
	const char *currency, *unit, *unit_source;
	const char *doc, *path, *text, *caption;
	int page, paged, negative;
	int64_t start, end;       /* character offsets of text in its unit */
	const char *label;        /* the side's label: its year (2024), or the
	                             argument that named it */
	const char *target;       /* indicator: its target (≥95%, 有效遏制), or NULL */
	const char *points;       /* indicator: its points (分值), or NULL */
	const char *project;      /* indicator: its project, or NULL */
	const char *status;       /* project: new or continuing, or NULL */
	const char *attrs;        /* indicator, project: the fact's attrs (JSON) */
} trawl_diff_side;

typedef struct trawl_diff_row {
	const char *kind;         /* item, indicator, project, target or paragraph */
	const char *item;         /* the line item's label, the indicator's (level 3)
	                             or project's name, or the target or paragraph text */
	const char *code;         /* the item code both sides were matched on, or NULL */
	const char *column;       /* the amount's column header, or NULL */
	const char *status;       /* added, removed, changed or unchanged */
	const trawl_diff_side *a, *b;  /* with two sides: each, NULL where it is
	                             missing; with more: the last side where it was
	                             before the last (a) and the last side (b) */
	const char *change;       /* b - a, exact, when both have amounts; for an
	                             indicator, what changed (≥90% -> ≥95%) */
	/* every side, oldest first (trawl_diff_series) */
	size_t nsides;
	const trawl_diff_side *const *sides; /* sides[k] is NULL where it is missing */
	const char *const *labels; /* every side's label */
	const char *name;         /* the row named for a reader: "遣返率 ≥95% (10分),
	                             project “三非”外国人查处及遣送遣返" */
	const char *absent;       /* the labels of the earlier sides that lack it,
	                             ", "-joined, or NULL */
} trawl_diff_row;

typedef struct trawl_diff_stats {
	uint64_t added, removed, changed, unchanged;   /* line items */
	uint64_t new_targets, new_paragraphs;
	uint64_t adocs, bdocs;    /* documents on the first and last side */
	int by_code;              /* items were matched by their code column */
	uint64_t ind_added, ind_removed, ind_changed;  /* indicators */
	uint64_t proj_added, proj_removed, proj_changed; /* projects */
} trawl_diff_stats;

/* Compares two sides, each one or more documents (ids or paths, separated
 * by spaces) or a search filter ("type:budget year:2023"). Line items are
 * matched by item code when both sides have one, else by agency, table and
 * normalized name, tolerating small wording changes; amounts compare in
 * base units. Indicators are matched by project and name, projects by
 * name, both tolerating small wording changes. cb gets every row but
 * unchanged ones (unless with_unchanged); st gets the counts. */
trawl_err trawl_diff(trawl_store *s, const char *a, const char *b, int with_unchanged,
                     int (*cb)(const trawl_diff_row *, void *), void *udata,
                     trawl_diff_stats *st, trawl_diag *d);

/* The same over a series of n >= 2 sides, oldest first: what is in the
 * last side and in no earlier one (added, with the earlier sides that
 * lack it), what an earlier side has and the last has not (removed), and
 * what changed since the last earlier side that has it. labels (may be
 * NULL, or hold NULLs) name the sides; by default a side is named by its
 * documents' year when each side has one year of its own, else by its
 * argument. At most TRAWL_DIFF_MAX_SIDES sides. */
#define TRAWL_DIFF_MAX_SIDES 64
trawl_err trawl_diff_series(trawl_store *s, const char *const *sides,
                            const char *const *labels, size_t n, int with_unchanged,
                            int (*cb)(const trawl_diff_row *, void *), void *udata,
                            trawl_diff_stats *st, trawl_diag *d);

/* trawl_diff_series over the years of the documents a search filter
 * finds (current versions): each year is a side, labelled by the year,
 * oldest first; documents with no year are left out. Fewer than two years
 * is TRAWL_ENOTFOUND, with d saying what was found. */
trawl_err trawl_diff_by_year(trawl_store *s, const char *filter, int with_unchanged,
                             int (*cb)(const trawl_diff_row *, void *), void *udata,
                             trawl_diff_stats *st, trawl_diag *d);

/* ---- watchlists --------------------------------------------------- */

typedef struct trawl_watch {
	const char *name, *query, *created_at;
	const char *last_run_at;  /* NULL if never run */
	uint64_t new_documents;   /* matching documents added since the last run */
} trawl_watch;

/* Saves (or replaces) a named query; the query is checked first. */
trawl_err trawl_watch_add(trawl_store *s, const char *name, const char *query,
                          trawl_diag *d);
trawl_err trawl_watch_remove(trawl_store *s, const char *name, trawl_diag *d);
/* Calls cb for every watch, by name. */
trawl_err trawl_watch_list(trawl_store *s, int (*cb)(const trawl_watch *, void *),
                           void *udata, trawl_diag *d);
/* Runs one watch (or all when name is NULL): on_watch gets the watch, then
 * on_hit each document stored since its last run (one hit per document);
 * then the watch is marked as run. on_watch returns 0 to go on, 1 to stop,
 * 2 to list this watch's documents without marking it (the caller shows
 * only some). On a read-only store no watch is marked. */
trawl_err trawl_watch_run(trawl_store *s, const char *name,
                          int (*on_watch)(const trawl_watch *, void *),
                          int (*on_hit)(const trawl_hit *, void *), void *udata,
                          trawl_diag *d);

/* ---- browsing: facets, matches, pages -------------------------------- */

/* trawl_facets, a snapshot of the facet values, is declared above with
 * trawl_search_opts, which takes one. */

/* Reads the snapshot from s into a new object owned by the caller (free
 * with trawl_facets_free); *version (optional) gets the store version it
 * was read at. */
trawl_err trawl_facets_open(trawl_store *s, trawl_facets **out, int64_t *version,
                            trawl_diag *d);
void trawl_facets_free(trawl_facets *f);

/* Counts the documents that query (NULL or "": all) and filter (may be
 * NULL) find, by each value of each dimension: cb gets, for each dimension
 * in the order above, its values by count (largest first, then by name;
 * years newest first), at most max_values each (<= 0: all). A document
 * with several agencies or vendors counts under each. *st (optional) gets
 * what trawl_search's would: the matching units and documents (all of
 * them: documents stored after the snapshot was read are in these totals
 * but in no facet). */
trawl_err trawl_facets_count(trawl_store *s, const trawl_facets *f, const char *query,
                             const trawl_filter *filter, int max_values,
                             int (*cb)(const trawl_facet *, void *), void *udata,
                             trawl_search_stats *st, trawl_diag *d);

/* Where query's terms occur in text (a unit's text, as trawl_doc_units
 * gives it), matched the way search matches: cb gets each match's byte
 * offsets, in order. A bad query is TRAWL_EUSAGE with d saying why. */
trawl_err trawl_query_matches(const char *query, const char *text, size_t len,
                              int (*cb)(size_t start, size_t end, void *), void *udata,
                              trawl_diag *d);

typedef struct trawl_box {
	size_t range;             /* which of the ranges asked for */
	float x0, y0, x1, y1;     /* in points from the page's top left */
} trawl_box;

/* PDF pages are drawn and measured by MuPDF in sandboxed worker
 * processes, as `add` reads files (seccomp, Landlock, memory and time
 * limits): a PDF that crashes or hangs MuPDF, or exhausts its memory,
 * fails that one request and the program goes on. */
typedef struct trawl_viewer trawl_viewer;

typedef struct trawl_viewer_opts {
	int workers;              /* worker processes: pages drawn at once (0: 2) */
	unsigned timeout_s;       /* wall-clock and CPU time per page (0: 20 s) */
	uint64_t memory;          /* bytes of memory per worker (0: 1 GiB) */
} trawl_viewer_opts;

/* Starts the workers (o may be NULL for the defaults); *out is owned by
 * the caller (trawl_viewer_stop()). It forks: a program with threads
 * starts it before them. Thread safe once started: a call waits for a
 * free worker. On failure *out is NULL and d says why. */
trawl_err trawl_viewer_start(const trawl_viewer_opts *o, trawl_viewer **out, trawl_diag *d);
/* A warning about the workers' confinement (e.g. seccomp could not be
 * loaded) into out, once; 0 when there is none new. */
int trawl_viewer_warning(trawl_viewer *v, char *out, size_t outsz);
/* Ends the workers. NULL is allowed. */
void trawl_viewer_stop(trawl_viewer *v);

/* The boxes on page `page` of PDF document id that hold the text of each
 * byte range [ranges[2i], ranges[2i+1]) of that page's unit text (from
 * the line positions kept at ingest; within a line, by character). *w
 * and *h get the page's size in points, measured by a worker of v (with
 * v NULL, MuPDF runs in this process: only for files one trusts).
 * TRAWL_ENOTFOUND when the document has no such page; TRAWL_EUNSUPPORTED
 * when it is no PDF; otherwise as trawl_page_png. */
trawl_err trawl_page_boxes(trawl_store *s, trawl_viewer *v, const char *id, int page,
                           const size_t *ranges, size_t nranges,
                           int (*cb)(const trawl_box *, void *), void *udata, float *w,
                           float *h, trawl_diag *d);

/* Renders page `page` of PDF document id from its stored original as a
 * PNG at dpi (36 to 300) into *png (owned by the caller: free()), in a
 * worker of v (NULL: in this process, as for trawl_page_boxes).
 * TRAWL_ENOTFOUND when it has no such page, TRAWL_EUNSUPPORTED when it is
 * no PDF; TRAWL_ETOOBIG when the worker hit its time limit, TRAWL_ENOMEM
 * when it ran out of memory, TRAWL_EFORMAT when MuPDF can't draw the page
 * or the worker crashed (d says which). */
trawl_err trawl_page_png(trawl_store *s, trawl_viewer *v, const char *id, int page, int dpi,
                         unsigned char **png, size_t *len, trawl_diag *d);

/* The current document mark: documents stored later have a higher one
 * (trawl_search_opts.since takes it). */
trawl_err trawl_store_mark(trawl_store *s, int64_t *mark, trawl_diag *d);

/* The path of document id's stored original (its bytes as added, named by
 * their SHA-256) into out; a path inside the store folder. */
trawl_err trawl_doc_original(trawl_store *s, const char *id, char *out, size_t cap,
                             trawl_diag *d);

#ifdef __cplusplus
}
#endif
#endif
