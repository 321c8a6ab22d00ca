/* trawl reports: the money facts of a set of documents counted and summed
 * by year, place, agency, vendor or topic, each figure with its source; the
 * topics and aliases files that go with them; a self-contained HTML page.
 *
 * The rules (see docs/report.md):
 *   - each document counts once, with its own amount (trawl_doc_info's
 *     amount: a budget's own total, an award's contract amount, none for a
 *     price list or a job ad; never a price per item, role "price", nor an
 *     amount whose currency is not stated); amounts of different
 *     currencies are never added;
 *   - `facts` counts every money fact of the documents (totals and parts);
 *   - only current versions are counted (trawl ls, not ls --all);
 *   - the releases of one OCDS contracting process (one ocid) count their
 *     amount once: that of the latest stage (trawl_report_not_summed);
 *   - so do the notices of one procurement (one 项目编号) and the OCDS
 *     process of the same code (trawl_report_same_procurement);
 *   - and the files of one invoice (its OFD and its PDF: the same 发票号码
 *     and amount, trawl_report_same_invoice);
 *   - a list's rows that other documents state are added once, through
 *     those documents (trawl_report_list_rows).
 *
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */
#ifndef TRAWL_REPORT_H
#define TRAWL_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <trawl/trawl.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
	TRAWL_BY_YEAR = 1, /* the document's year */
	TRAWL_BY_PLACE,    /* the document's place, as a province (or as a
	                      prefecture when all the documents' places are in
	                      one province) */
	TRAWL_BY_AGENCY,   /* its first party with role issuer, else buyer */
	TRAWL_BY_VENDOR,   /* its first party with role vendor */
	TRAWL_BY_TOPIC     /* every topic it matches (rows overlap) */
} trawl_report_by;

/* The name of a dimension ("year", "place", ...), or NULL. */
const char *trawl_report_by_name(trawl_report_by by);
/* The dimension called name, or 0. */
trawl_report_by trawl_report_by_parse(const char *name);

typedef struct trawl_report trawl_report;

typedef struct trawl_report_opts {
	const char *query;        /* documents matching this search query
	                             (docs/search.md); NULL or "": all */
	const char *topics_file;  /* topics, one a line (NULL: none) */
	const char *aliases_file; /* names to merge (NULL: none) */
	int whats_new;            /* also read what is new by year (the HTML
	                             page's first section) */
} trawl_report_opts;

/* Reads the documents and their money, party and place facts from s into
 * a new report owned by the caller (free with trawl_report_free). A bad
 * query is TRAWL_EUSAGE; a topics or aliases file that can't be read is
 * TRAWL_ENOTFOUND/TRAWL_EIO, a malformed one TRAWL_EFORMAT; d says which
 * file and line. On failure *out is NULL. */
trawl_err trawl_report_open(trawl_store *s, const trawl_report_opts *o,
                            trawl_report **out, trawl_diag *d);
void trawl_report_free(trawl_report *r);

typedef struct trawl_report_source {
	const char *doc;          /* document id, or NULL when there is none */
	const char *path;
	const char *quote;        /* the text the amount was read from */
	const char *value;        /* exact decimal */
	const char *currency;
	int page, paged;
	int sum;                  /* value adds several figures (lots, rows):
	                             quote is the first of them */
} trawl_report_source;

typedef struct trawl_report_row {
	const char *key[3];       /* the group, one name per dimension asked
	                             for; "" when not known */
	const char *currency;     /* "CNY", "USD", ... */
	uint64_t documents;
	uint64_t facts;           /* money facts in those documents */
	const char *amount;       /* exact decimal: the documents' amounts added */
	const char *names;        /* entities: the other names merged into
	                             key[0], separated by "、"; else NULL */
	trawl_report_source top;  /* the source of the largest document amount */
	int total;                /* the closing row of all the documents (each
	                             once), one per currency */
} trawl_report_row;

/* Calls cb for each group of documents by the nby (1 to 3) dimensions,
 * sorted (years in order, topics in file order, else by amount, largest
 * first; ties by name; unknown last), then for the totals. Strings live
 * until the next call on r. TRAWL_EUSAGE for TRAWL_BY_TOPIC without a
 * topics file. */
trawl_err trawl_report_rows(trawl_report *r, const trawl_report_by *by, int nby,
                            int (*cb)(const trawl_report_row *, void *), void *udata);

/* Calls cb for every party name of role (buyer, vendor, agency, issuer; NULL:
 * all roles) merged through the aliases: key[0] the name, key[1] the role.
 * A document counts under every name it gives, so rows overlap. By
 * documents, then amount, then name; no total rows. */
trawl_err trawl_report_entities(trawl_report *r, const char *role,
                                int (*cb)(const trawl_report_row *, void *), void *udata);

/* Counts: documents in the report, money facts among them. */
void trawl_report_counts(const trawl_report *r, uint64_t *documents, uint64_t *facts);
/* Documents whose own amount is not added because another document of the
 * same OCDS contracting process (ocid) is: a process counts once, with the
 * amount of its latest stage (contract, else award, else tender; of one
 * stage, the latest release). They still count as documents. */
uint64_t trawl_report_not_summed(const trawl_report *r);
/* Documents whose own amount is not added because another document of the
 * same procurement is (the same code: 项目编号 in a notice, the local part
 * of an OCDS ocid): a tender's amount when an award or contract of it is
 * in the report, and an award's or contract's amount equal to one already
 * added (docs/report.md). They still count as documents. */
uint64_t trawl_report_same_procurement(const trawl_report *r);
/* Invoices counted but not added: another document of the same invoice
 * number (发票号码) and the same amount is (the same invoice kept as OFD
 * and as PDF). */
uint64_t trawl_report_same_invoice(const trawl_report *r);
/* Rows of lists not added: a document whose own amount is the sum of its
 * rows (a list of contracts, an award of several lots) adds only the rows
 * that no other award or contract of the report states (the same amount
 * and currency, the same vendor, the same year where both are known; each
 * such document answers for one row), nor any row an earlier list of the
 * report has too (the same name as well). Its amount is then the sum of its
 * other rows, cited from the first of them; with none left it counts as a
 * document only (docs/report.md). */
uint64_t trawl_report_list_rows(const trawl_report *r);
/* Money facts of the report's documents read by OCR from words of low
 * confidence (trawl_fact_info.uncertain): none of them is in a total (a
 * document's own amount is never one, ingest/ocrconf.h), and each is a
 * figure to check against its page. */
uint64_t trawl_report_uncertain(const trawl_report *r);
/* Documents of no amount whose amount's figure states no unit or currency
 * (中标金额：120万, 成交金额：1200000; trawl_doc_info.amount_source
 * "unstated"): none is added, since none is known to be yuan, and each is
 * to be stated (trawl set ID amount=…). trawl_report_unstated_source sets
 * *out to the i-th (from 0) of them: doc, path, quote, page (no value,
 * no currency); 0 when there is none. */
uint64_t trawl_report_unstated(const trawl_report *r);
int trawl_report_unstated_source(const trawl_report *r, uint64_t i, trawl_report_source *out);
/* Documents that state an amount (an award, contract, budget or final
 * accounts) of which no amount was read and none is unstated (中标金额：详见
 * 附件, 成交金额：下浮率8.5%, a total not found): nothing is added for them
 * (an award or contract is not one of them when another award or contract of its
 * procurement adds an amount). trawl_report_no_amount_source sets *out to
 * the i-th (from 0): doc and path only; 0 when there is none. */
uint64_t trawl_report_no_amount(const trawl_report *r);
int trawl_report_no_amount_source(const trawl_report *r, uint64_t i, trawl_report_source *out);

/* A self-contained HTML page (no scripts, no network): charts of spending by
 * year, place and vendor, tables by every dimension (first) first, and the
 * list of sources every figure links to. title may be NULL. On success *out
 * is a new NUL-terminated string owned by the caller (free()). */
trawl_err trawl_report_html(trawl_report *r, trawl_report_by first, const char *title,
                            char **out, size_t *len);

/* Writes decimal v with thousands separators ("26500000.5" ->
 * "26,500,000.5") into out (cap bytes, truncated, always NUL-terminated). */
void trawl_amount_format(const char *v, char *out, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
