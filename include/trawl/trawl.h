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
void trawl_store_close(trawl_store *s);

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
	/* What the user states about the files' amounts, or NULL: the unit of
	 * amounts whose unit a document does not state ("千元", "万元", "元",
	 * "USD"), and the currency of those that name none, such as a bare 元
	 * ("TWD": ISO 4217). They override the sidecars NAME.trawl and
	 * .trawl-defaults (docs/facts.md); TRAWL_EUSAGE when not valid. */
	const char *unit;
	const char *currency;
} trawl_add_opts;

typedef struct trawl_add_summary {
	uint64_t added, unchanged, new_versions, failed, warnings;
	uint64_t documents;  /* documents created (an OCDS file makes several) */
	uint64_t text_bytes; /* UTF-8 text extracted */
} trawl_add_summary;

/* Adds files and folders (recursively). Per-file problems are reported
 * through opts->on_event and counted in *sum; they do not make the call
 * fail. Returns non-OK only when the run could not go on (store failure). */
trawl_err trawl_add(trawl_store *s, const char *const *paths, size_t npaths,
                    const trawl_add_opts *opts, trawl_add_summary *sum,
                    trawl_diag *d);

/* ---- reading the store --------------------------------------------- */

typedef struct trawl_doc_info {
	const char *id;          /* 64 hex digits */
	const char *path;        /* the latest path it was seen at */
	const char *format;      /* txt html pdf docx xlsx xls csv ocds */
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
	/* What the document is (docs/facts.md). Each *_source says where the
	 * value came from: "user" when `trawl set` stated it (trawl_doc_set),
	 * else the rule that found it (title, published, buyer, total, ...). */
	const char *kind;        /* budget final_accounts tender award contract
	                            price_list job_ad notice other, or NULL */
	const char *kind_source;
	int year;                /* fiscal or publication year; 0: not known */
	const char *year_source;
	const char *place;       /* its issuer's or buyer's place, or NULL */
	const char *place_code;  /* the place's 6-digit division code, or NULL */
	const char *place_source;
	const char *amount;      /* its own amount: exact decimal in the base
	                            unit (yuan for CNY), or NULL */
	const char *currency;    /* ISO 4217, with amount */
	const char *amount_source;
	const char *amount_text; /* the text the amount was read from, or NULL */
	int amount_page;         /* the unit (page, sheet) of that text, or 0 */
	const char *title_source;/* "user" when the title was set, else NULL */
	int extractor;           /* the extractor version that read it */
	int stale;               /* read by an older version: trawl refresh */
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
 * live until cb returns. */
trawl_err trawl_ls(trawl_store *s, int all,
                   int (*cb)(const trawl_doc_info *, void *), void *udata);

/* Resolves ref (an id prefix of 4+ hex digits, or a path it was seen at)
 * to a full id, written into id_out (65 bytes) on success. */
trawl_err trawl_doc_resolve(trawl_store *s, const char *ref, char *id_out,
                            trawl_diag *d);

/* Fills *info for one document; strings live until the next call on s. */
trawl_err trawl_doc_get(trawl_store *s, const char *id, trawl_doc_info *info);

typedef struct trawl_unit_info {
	const char *kind;   /* page, sheet, section, release */
	int number;         /* 1-based */
	const char *name;   /* sheet name or NULL */
	const char *text;   /* normalized UTF-8 */
	size_t len;
	int ncells;         /* table cells kept for this unit */
} trawl_unit_info;

/* Calls cb for each unit of document id, or only unit number `page` when
 * page > 0 (TRAWL_ENOTFOUND when it has no such unit). */
trawl_err trawl_doc_units(trawl_store *s, const char *id, int page,
                          int (*cb)(const trawl_unit_info *, void *),
                          void *udata);

typedef struct trawl_sighting {
	const char *path, *seen_at, *source_url, *sha256;
	int64_t size, mtime;
	int version;
} trawl_sighting;

/* Every path and time document id's bytes were seen at, oldest first. */
trawl_err trawl_doc_sightings(trawl_store *s, const char *id,
                              int (*cb)(const trawl_sighting *, void *),
                              void *udata);

/* Named fields kept for a document (OCDS buyer, suppliers, values, ...). */
trawl_err trawl_doc_fields(trawl_store *s, const char *id,
                           int (*cb)(const char *key, const char *value, void *),
                           void *udata);

typedef struct trawl_problem {
	const char *what;   /* "missing", "mismatch", "database", "orphan" */
	const char *object; /* sha256 or table name */
	const char *detail;
	int serious;        /* 0 for notes that need no action */
} trawl_problem;

/* Re-hashes every stored original and checks the database. cb is called
 * for each problem; *nserious counts the serious ones. */
trawl_err trawl_verify(trawl_store *s,
                       int (*cb)(const trawl_problem *, void *), void *udata,
                       uint64_t *nserious, uint64_t *nchecked);


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
} trawl_hit;

typedef struct trawl_search_opts {
	int limit;            /* hits at most; <= 0 means 20 */
	int offset;
	int files;            /* one hit per document, best first */
	int64_t since;        /* only documents stored after this mark */
} trawl_search_opts;

typedef struct trawl_search_stats {
	uint64_t hits;        /* matching units (pages, sheets, ...) */
	uint64_t documents;   /* matching documents */
} trawl_search_stats;

/* Searches the store with trawl's query language (see docs/search.md).
 * cb gets each hit in rank order; a non-zero return stops. st (optional)
 * gets the total counts. A bad query is TRAWL_EUSAGE with d saying why. */
trawl_err trawl_search(trawl_store *s, const char *query, const trawl_search_opts *o,
                       int (*cb)(const trawl_hit *, void *), void *udata,
                       trawl_search_stats *st, trawl_diag *d);

/* ---- facts -------------------------------------------------------- */

typedef struct trawl_fact_info {
	const char *doc, *path;
	const char *kind;         /* money date quantity party place item */
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
} trawl_fact_info;

typedef struct trawl_facts_opts {
	const char *kind;         /* only this kind, or NULL */
	const char *doc;          /* only this document (full id), or NULL */
	const char *min;          /* amounts >= this decimal (money and items), or NULL */
	int page;                 /* with doc: only this unit, or 0 */
} trawl_facts_opts;

/* Lists facts, by document then position. */
trawl_err trawl_facts(trawl_store *s, const trawl_facts_opts *o,
                      int (*cb)(const trawl_fact_info *, void *), void *udata,
                      trawl_diag *d);

/* ---- comparison --------------------------------------------------- */

typedef struct trawl_diff_side {
	const char *value;        /* exact decimal in the base unit, or NULL */
	const char *currency, *unit, *unit_source;
	const char *doc, *path, *text, *caption;
	int page, paged, negative;
	int64_t start, end;       /* character offsets of text in its unit */
} trawl_diff_side;

typedef struct trawl_diff_row {
	const char *kind;         /* item, target or paragraph */
	const char *item;         /* the line item's label, or the target or paragraph text */
	const char *code;         /* the item code both sides were matched on, or NULL */
	const char *column;       /* the amount's column header, or NULL */
	const char *status;       /* added, removed, changed or unchanged */
	const trawl_diff_side *a, *b;  /* NULL on the side where it is missing */
	const char *change;       /* b - a, exact, when both have amounts */
} trawl_diff_row;

typedef struct trawl_diff_stats {
	uint64_t added, removed, changed, unchanged;
	uint64_t new_targets, new_paragraphs;
	uint64_t adocs, bdocs;    /* documents on each side */
	int by_code;              /* items were matched by their code column */
} trawl_diff_stats;

/* Compares two sides, each one or more documents (ids or paths, separated
 * by spaces) or a search filter ("type:budget year:2023"). Line items are
 * matched by item code when both sides have one, else by agency, table and
 * normalized name, tolerating small wording changes; amounts compare in
 * base units. cb gets every row but unchanged ones (unless with_unchanged);
 * st gets the counts. */
trawl_err trawl_diff(trawl_store *s, const char *a, const char *b, int with_unchanged,
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
 * then the watch is marked as run. */
trawl_err trawl_watch_run(trawl_store *s, const char *name,
                          int (*on_watch)(const trawl_watch *, void *),
                          int (*on_hit)(const trawl_hit *, void *), void *udata,
                          trawl_diag *d);

#ifdef __cplusplus
}
#endif
#endif
