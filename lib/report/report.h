/* Reports: what report.c, html.c, topics.c and aliases.c share.
 *
 * A report is a table of documents, one record each, filled from their
 * metadata (trawl ls) and the store's facts (money, party). Strings
 * are interned in one arena (rp_strtab) and named by their offset, so a
 * record is a few integers and the 100,000 facts of a large store cost no
 * allocation each. */
#ifndef TRAWL_REPORT_INTERNAL_H
#define TRAWL_REPORT_INTERNAL_H
#include <stddef.h>
#include <stdint.h>
#include "trawl/trawl.h"
#include "trawl/report.h"
#include "facts/fact.h"   /* trawl__dec_cmp */

/* ---- interned strings ---- */

/* Offset 0 is "": a zero id means "none". Pointers from rp_str() move when
 * the arena grows: take them after the last rp_intern() of a stretch. */
typedef struct rp_strtab {
	char *data;
	size_t len, cap;
	uint32_t *slots;      /* open addressing: id, 0 = empty */
	size_t nslots, count;
} rp_strtab;

void rp_strtab_init(rp_strtab *t);
void rp_strtab_release(rp_strtab *t);
/* The id of s[0..n) (added when new), or 0 with *rc set when out of memory
 * or over 4 GiB (sticky: does nothing once *rc is set). */
uint32_t rp_intern(rp_strtab *t, const char *s, size_t n, trawl_err *rc);
/* The id of s[0..n) when it was interned, else 0. */
uint32_t rp_find(const rp_strtab *t, const char *s, size_t n);
#define rp_str(t, id) ((const char *)(t)->data + (id))

/* ---- exact decimals ---- */

#define RP_DEC_MAX 96
/* acc += v; both unsigned decimals ("123", "0.05"). -1 when the sum would
 * not fit in RP_DEC_MAX (acc is left as it was). */
int rp_dec_add(char acc[RP_DEC_MAX], const char *v);

/* ---- list files (aliases.c) ---- */

/* Called for each line `name SEP item, item、item` of a list file. */
typedef trawl_err (*rp_line_cb)(void *u, long line, const char *name, size_t n,
                                const char *const *items, const size_t *lens,
                                size_t nitems, trawl_diag *d);
/* Reads a UTF-8 list file (NFKC-normalized; '#' starts a comment line;
 * blank lines are skipped), calling cb for each line. A line without sep
 * is TRAWL_EFORMAT with the line number in d. */
trawl_err rp_read_list_file(const char *path, char sep, rp_line_cb cb, void *u,
                            trawl_diag *d);

/* ---- aliases (aliases.c) ---- */

/* name -> canonical name, both interned in the report's table */
typedef struct rp_aliases {
	uint32_t *from, *to;
	size_t n, cap;
	uint32_t *slots;    /* index + 1 into from/to by hash of from */
	size_t nslots;
} rp_aliases;

/* Reads `canonical = alias, alias、alias` lines from path into a. */
trawl_err rp_aliases_load(rp_aliases *a, rp_strtab *t, const char *path, trawl_diag *d);
void rp_aliases_release(rp_aliases *a);
/* The canonical id of name id (the name itself when it has no alias). */
uint32_t rp_alias_of(const rp_aliases *a, uint32_t name);

/* ---- topics (topics.c) ---- */

typedef struct rp_topic {
	uint32_t name;      /* interned */
	char *query;        /* "t1" OR "t2" ... (owned) */
} rp_topic;

typedef struct rp_topics {
	rp_topic *t;
	size_t n, cap;
} rp_topics;

/* Reads `name: term, term、term` lines from path. */
trawl_err rp_topics_load(rp_topics *tp, rp_strtab *t, const char *path, trawl_diag *d);
void rp_topics_release(rp_topics *tp);

/* ---- the report ---- */

typedef struct rp_doc {
	char id[65];
	uint32_t path;
	int year;           /* the document's year (trawl ls), 0: none */
	int place;          /* its place: index in the gazetteer, -1: none or ... */
	uint32_t place_name;/* ... a place outside it (interned), 0: none */
	uint32_t currency;  /* 0: no amount */
	uint32_t amount;    /* its own amount (trawl ls): exact decimal */
	uint32_t quote;     /* the amount's source text */
	int sum;            /* the amount adds several figures: quote is the
	                       first (trawl_doc_info.amount_sum) */
	int page, paged;
	uint32_t nfacts;    /* money facts */
	uint32_t issuer, buyer, vendor; /* first of each role, canonical */
	uint32_t srcno;     /* html: number of its source in the list, 0: none */
	int ocds;           /* an OCDS release: 1 + its stage (0 planning or
	                       other, 1 tender, 2 award, 3 contract); 0: not */
	int64_t counted_as; /* its amount is not summed: the document (index) of
	                       the same OCDS process or procurement that is,
	                       else -1 */
	int stage;          /* a tender 1, an award 2, a contract 3; else 0 */
	int invoice;        /* an invoice: its code, number and date are its code */
	int ofd;            /* ... kept as OFD (counted first of its copies) */
	uint32_t share0, nshares; /* its parts by vendor: r->shares[share0..) */
	int vendor_via;     /* vendor is the one the documents counted through
	                       it name, not one it names itself */
	int unstated;       /* no amount: the figure that would be it states no
	                       unit or currency (quote, page: that figure) */
	int expects;        /* an award, contract, budget or final accounts:
	                       a document that states an amount */
	int no_amount;      /* ... that has none (and is not unstated), and no
	                       other document of its procurement adds one */
	uint32_t code;      /* its procurement's code (项目编号, an ocid's
	                       local part), interned; 0: none or not read */
} rp_doc;

/* The part of a document's amount awarded to one vendor, for the report
 * by vendor: its lots that name that vendor (docs/facts.md: a money fact's
 * party), or its rows in a list (items naming their vendor). Kept only
 * when the document's parts add up to its amount. */
typedef struct rp_share {
	uint32_t doc;       /* index in r->docs */
	uint32_t vendor;    /* canonical name */
	uint32_t amount;    /* exact decimal, in the document's currency */
	uint32_t currency;
	uint32_t quote;     /* the (first) figure's source text */
	int page;
	int sum;            /* the part adds several figures: quote is the first */
	int list;           /* read from a list's rows (else from lots) */
	uint32_t srcno;     /* html: number of its source in the list, 0: none */
	uint32_t seq;       /* (the order it was read in) */
} rp_share;

typedef struct rp_party {
	uint32_t doc, role, name, raw;
} rp_party;

typedef struct rp_pair {
	uint32_t doc, topic;
} rp_pair;

/* Something that first appears in a year (whatsnew.c): a project, an
 * indicator, a vendor or a place, with where it was read. */
enum { RP_NEW_PROJECT, RP_NEW_INDICATOR, RP_NEW_VENDOR, RP_NEW_PLACE, RP_NEW_KINDS };

typedef struct rp_new {
	int kind;
	int year;
	uint32_t name;      /* interned: what it is (遣返率 ≥95% (10分)) */
	uint32_t detail;    /* interned: of which project, its amount, ... */
	uint32_t quote;     /* interned: the text it was read from */
	uint32_t doc;       /* index into docs */
	int page, paged;
} rp_new;

struct trawl_report {
	rp_strtab str;
	rp_doc *docs;
	size_t ndocs, capdocs;
	uint32_t *docslots;        /* doc index + 1 by hash of id */
	size_t ndocslots;
	rp_party *parties;         /* sorted by doc, role, name; unique */
	size_t nparties, capparties;
	rp_share *shares;          /* sorted by doc; one per document and vendor */
	size_t nshares, capshares;
	uint32_t max_shares;       /* the most of one document */
	rp_pair *topic_docs;       /* sorted by doc, topic; unique */
	size_t ntopic_docs, captopic_docs;
	rp_topics topics;
	int has_topics;
	rp_aliases aliases;
	int prefectures;           /* places shown as prefectures */
	uint64_t nfacts;
	uint32_t id_cny;
	rp_new *news;              /* by year (newest first), kind, document */
	size_t nnews;
	int has_news;              /* news were read (two years or more) */
	uint64_t not_summed;       /* OCDS releases whose process counts once
	                              through another release */
	uint64_t same_procurement; /* documents whose procurement (its code)
	                              counts once through another document */
	uint64_t same_invoice;     /* invoices that another document of the same
	                              number and amount counts (its OFD, its PDF) */
	uint64_t list_rows;        /* rows of lists not added: another document
	                              states the same contract */
	uint64_t uncertain;        /* money facts read by OCR from unsure words */
	uint64_t unstated;         /* documents whose amount states no unit */
	uint64_t no_amount;        /* documents of no amount that state one */
	int codes_read;            /* docs[].code read for those of an amount */
};

/* A group of documents: one row of a report. */
typedef struct rp_group {
	uint32_t key[3];           /* interned names; 0: not known */
	int ord[3];                /* years and topic numbers, for sorting */
	uint32_t currency;
	uint64_t documents, facts;
	char amount[RP_DEC_MAX];
	int64_t top;               /* doc index of the largest amount, -1: none */
	int64_t top_share;         /* ... or its part (index in r->shares) that
	                              the group counts, -1: the whole */
	uint32_t names;            /* entities: other names merged in */
	int by_amount;             /* sort by amount rather than by key */
	const struct trawl_report *r; /* for sorting: names, CNY */
} rp_group;

/* The groups of r's documents by nby dimensions (0: one per currency,
 * the totals), sorted as trawl_report_rows says; rows with a topic key
 * of 0 are documents matching no topic. *out is owned by the caller. */
trawl_err rp_groups(trawl_report *r, const trawl_report_by *by, int nby,
                    rp_group **out, size_t *n);

/* A document's place at the report's level (its province, or with
 * r->prefectures its prefecture), interned; 0 when it has none. */
uint32_t rp_place_key(trawl_report *r, const rp_doc *doc, trawl_err *rc);

/* The index of document id in r->docs, or -1. */
int64_t rp_doc_find(const trawl_report *r, const char *id);

/* Calls cb(fact, u) for the facts of one kind of r's documents (per_doc:
 * asking document by document, for a small filtered set). */
trawl_err rp_read_facts(trawl_store *s, trawl_report *r, const char *kind,
                        int (*cb)(const trawl_fact_info *, void *), void *u, int per_doc,
                        trawl_diag *d);

/* What is new by year (whatsnew.c): the projects, indicators, vendors and
 * places of r's documents that appear in a year and in no earlier one
 * (names compared as trawl diff does), into r->news. */
trawl_err rp_news_read(trawl_store *s, trawl_report *r, int per_doc, trawl_diag *d);
void rp_news_release(trawl_report *r);

/* The documents (indexes) of a report sorted by amount, largest first
 * (each currency apart, CNY first), then by path. Owned by the caller. */
uint32_t *rp_docs_by_amount(const trawl_report *r);
#endif
