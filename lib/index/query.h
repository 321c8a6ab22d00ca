/* The search query language, parsed into a small tree that each storage
 * backend renders into its own full-text syntax.
 *
 *   words and "quoted phrases"   a run of Chinese is a phrase by itself
 *   a b         both (AND)       a OR b      either (binds tighter than AND)
 *   -a, NOT a   without a        NEAR(a b, N) within N tokens
 *   ( ... )     grouping
 *   type:pdf  year:2024  year:2022..2024  path:SUBSTRING   filters
 *   kind:award  place:吉林 (and its sub-divisions)   the document's metadata
 *   amount:>=1000000  vendor:华泰  buyer:公安  agency:    filters on facts */
#ifndef TRAWL_QUERY_H
#define TRAWL_QUERY_H
#include "trawl/trawl.h"
#include "util/buf.h"

typedef enum { TRAWL__Q_TERM, TRAWL__Q_AND, TRAWL__Q_OR, TRAWL__Q_NEAR } trawl__qtype;

typedef struct trawl__qnode {
	trawl__qtype type;
	char *text;                   /* TERM: NFKC-normalized literal */
	struct trawl__qnode **kids;   /* AND, OR, NEAR (terms) */
	int nkids;
	struct trawl__qnode **nots;   /* AND: terms to exclude */
	int nnots;
	int near;                     /* NEAR distance */
} trawl__qnode;

typedef struct trawl__query {
	trawl__qnode *root;          /* NULL when the query has filters only */
	char *type;                  /* format: pdf, html, ... */
	int year_lo, year_hi;        /* 0: no year filter */
	char *path;                  /* substring of a path the document was seen at */
	/* filters on extracted facts */
	char *kind;                  /* document kind: budget, award, ... (its name
	                                in trawl__doc_kinds) */
	char amount_op[3];           /* ">=", ">", "<=", "<", "=" or "" */
	double amount;               /* in yuan (base unit) */
	char amount_cur[4];          /* its currency (ISO 4217); "": CNY */
	char *vendor, *buyer, *agency;  /* substrings of party names */
	char *place;                 /* the document's place: a name it holds ... */
	char *place_codes;           /* ... or a division it lies in: ",22,2201," the
	                                code prefixes of the divisions so named */
} trawl__query;

/* Parses q; on failure d says what is wrong with it. */
TRAWL__MUST_CHECK trawl_err trawl__query_parse(const char *q, trawl__query *out, trawl_diag *d);
void trawl__query_release(trawl__query *q);
/* trawl__query_parse, except that with a filter (f != NULL) an empty or
 * NULL query parses as one with no terms and no filters: every document
 * (index/search.c). */
trawl_err trawl__query_browse(const char *query, const trawl_filter *f, trawl__query *q,
                              trawl_diag *d);
#endif
