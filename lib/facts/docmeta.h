/* A document's own metadata, decided once its facts are known: its kind,
 * its year, its place and its own amount, each with where it came from.
 * The rules are in docmeta.c and docs/facts.md; users correct them with
 * `trawl set`, which the store keeps apart (docs/design.md). */
#ifndef TRAWL_DOCMETA_H
#define TRAWL_DOCMETA_H
#include <stddef.h>
#include <stdint.h>
#include "facts/fact.h"
#include "ingest/doc.h"

/* The most lots a document's amount is split into by vendor (more: not
 * split). */
#define TRAWL__LOTS_MAX 64

/* The kinds of document, in the order docs list them. */
extern const char *const trawl__doc_kinds[];

typedef struct trawl__docmeta {
	char kind[16];              /* one of trawl__doc_kinds */
	const char *kind_src;       /* title, text, table (a price list's header), ocds */
	int year;                   /* 0: not known */
	const char *year_src;       /* fiscal, published, signed, issued, title, file, ocds; NULL */
	char place[128];            /* "" when not known */
	char place_code[8];         /* its 6-digit division code, or "" */
	const char *place_src;      /* buyer, issuer, title, url, file, taiwan, ocds; NULL */
	char amount[TRAWL__DEC_MAX];/* exact decimal in the base unit; "" none */
	char currency[4];
	const char *amount_src;     /* total, award, tender, contract, invoice, ocds; NULL;
	                               "unstated" (amount "") when the figure that
	                               would be it states no unit or currency */
	uint32_t amount_fact;       /* 1 + index in d->facts of the (first) fact it
	                               was read from (or the unstated figure); 0 none */
	/* an award of lots whose vendors the text names, each beside its
	 * figure: the figures amount adds (indexes in d->facts), each with its
	 * vendor's party fact; nlots 0 otherwise (docmeta.c: lots) */
	uint32_t nlots;
	struct { uint32_t fact, vendor; } lots[TRAWL__LOTS_MAX];
} trawl__docmeta;

/* Decides d's metadata from its title, text and facts (d->facts, sorted
 * as the facts stage leaves them), its file's path (only its base name is
 * read) and source URL (may be NULL). Never fails: what can't be told is
 * left unknown. */
void trawl__doc_meta(const trawl__doc *d, const char *path, const char *url,
                     trawl__docmeta *m);

/* Names each figure of m's lots (m from trawl__doc_meta(d)) with its
 * vendor: the party of the money fact, as an item names the vendor of its
 * row, so that a report by vendor credits each lot to its own. */
void trawl__doc_lot_parties(trawl__doc *d, const trawl__docmeta *m);

/* The kind of document from its title and opening text, as
 * trawl__doc_kind(), with *src (when src is not NULL) set to what told it:
 * "title", "text", "table", "ocds" or "none". */
const char *trawl__doc_kind_src(const char *title, const char *text, size_t n,
                                const char **src);

/* Whether a text's opening (its first 3000 bytes) is an invoice's: a
 * heading that names a kind of invoice, alone on its line, and its number
 * (发票号码) and date of issue (开票日期) labelled with their values
 * (docs/facts.md, kind invoice). */
int trawl__invoice_opening(const char *t, size_t n);

/* A title that speaks of invoices without being an invoice's heading
 * (发票基础知识培训讲义, 发票遗失情况说明): a document about invoices, which
 * may show one as an example, is none (a bare 发票 is an invoice's). */
int trawl__invoice_about(const char *title);

/* An invoice's number from its opening text: the value labelled 发票号码
 * (eight digits or more; Taiwan's two letters first), in out (cap bytes
 * with its NUL); its length, or 0. */
size_t trawl__invoice_number(const char *t, size_t n, char *out, size_t cap);

/* An invoice's code (发票代码, ten to sixteen digits: an older invoice's
 * number is unique only with it), as trawl__invoice_number. */
size_t trawl__invoice_code(const char *t, size_t n, char *out, size_t cap);

/* An invoice's title from its opening text: its heading (浙江增值税电子普通
 * 发票, 电子发票(增值税专用发票)) and number, "HEADING 发票号码:NUMBER", in out
 * (cap bytes with its NUL); its length, or 0 when t is no invoice's or
 * names no heading. */
size_t trawl__invoice_title(const char *t, size_t n, char *out, size_t cap);

/* A kind as users may write it (budget, 预算, final-accounts, 决算 …) to its
 * name in trawl__doc_kinds, or NULL. */
const char *trawl__kind_name(const char *s);

/* The province-level place a source URL's host names (jl.gov.cn and
 * ccgp-jilin.gov.cn: 吉林省; *.gov.tw: 台湾): the gazetteer index, or -1. */
int trawl__place_of_url(const char *url);

/* A place as users write it (吉林, 吉林省, 长春市, 220000) resolved in the
 * gazetteer: the index of the division it names, or -1 when it names none
 * or several (*several is then set when it names several). */
int trawl__place_resolve(const char *s, size_t n, int *several);

/* Every division named exactly s[0..n) (a full name or short form), up to
 * max of them in out; returns how many there are. */
int trawl__place_lookup(const char *s, size_t n, int *out, int max);

/* The prefix of a division's code that its sub-divisions share: "22" for
 * 220000, "2201" for 220100, "220102" for a county. */
void trawl__place_prefix(int d, char out[8]);

/* A user's amount ("1.63亿元", "163000000 CNY", "USD 1,284,500"): the exact
 * decimal in the base unit and the ISO 4217 currency. 0 when it is not an
 * amount or states no currency (元 is CNY). */
int trawl__parse_user_amount(const char *s, char value[TRAWL__DEC_MAX], char cur[4]);
#endif
