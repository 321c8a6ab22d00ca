/* Facts: amounts, dates, quantities and targets, parties, places and line
 * items, each with a citation into the normalized text of one unit (page,
 * sheet, section) of one document.
 *
 * Every extractor is a pure function over a run of normalized UTF-8 text
 * (NFKC: fullwidth digits and punctuation are already ASCII) that reports
 * what it finds through a callback. Offsets are byte offsets into the text
 * it was given. The extractors never guess: a number that can't be parsed
 * is not a fact, and a unit that isn't stated is "unknown". */
#ifndef TRAWL_FACT_H
#define TRAWL_FACT_H
#include <stddef.h>
#include <stdint.h>

typedef enum {
	TRAWL__F_MONEY = 1,
	TRAWL__F_DATE,
	TRAWL__F_QUANTITY,  /* percentages, counts, limits, areas, scores */
	TRAWL__F_PARTY,
	TRAWL__F_PLACE,
	TRAWL__F_ITEM,      /* a line item: a table row with an amount */
	TRAWL__F_INDICATOR, /* a performance target of a budget (budget.h) */
	TRAWL__F_PROJECT    /* a project of a budget */
} trawl__fkind;

/* An exact decimal: digits (no sign, no leading zeros except "0", at most
 * one '.', no trailing zeros after it), e.g. "35410700", "0.05", "22.3". */
#define TRAWL__DEC_MAX 48

typedef struct trawl__fact {
	trawl__fkind kind;
	uint32_t start, end;          /* the source text: text[start..end) */
	int negative;
	char value[256];              /* money: base unit (yuan for CNY); quantity:
	                                 the number in its unit; date: ISO 8601
	                                 (2024-03-15, 2024-03, 2024); party/place:
	                                 the name */
	char value_hi[TRAWL__DEC_MAX];/* upper end of a range (100-200万元), or "" */
	char currency[4];             /* money: ISO 4217 (CNY USD HKD TWD EUR ...) */
	char unit[32];                /* as stated: 元 万元 亿元 % 人 天 平方米 分 个 ...;
	                                 a price's with what it is per: 元/支 */
	char unit_source[8];          /* money: "inline", "table" or "unknown" */
	char comparator[3];           /* "=", ">=", "<=", ">", "<" */
	char precision[12];           /* date: "day", "month", "year", or "monthday"
	                                 (a day and month written without a year:
	                                 the year is the document's) */
	char role[16];                /* party: buyer vendor manufacturer agency
	                                 issuer; place: province prefecture county;
	                                 money, item: "price" for a price per item
	                                 (元/支, a 单价 column), which is no
	                                 spending; date: "published" */
	char code[32];                /* place: division code; item: its code; an
	                                 e-invoice's facts: its number, or a
	                                 party's tax id (18 characters) */
	char label[256];              /* item: the row's label; quantity: measure
	                                 word or target name when known */
	char column[128];             /* item: the column header of the amount */
	char caption[256];            /* item: the table's caption/title */
	char party[256];              /* item: the vendor or maker named in its row */
	const char *attrs;            /* indicator, project: their own fields as one
	                                 JSON object, or NULL; the caller's, valid
	                                 while the fact is handed over */
} trawl__fact;

/* Return non-zero to stop the extractor. */
typedef int (*trawl__fact_cb)(void *u, const trawl__fact *f);

/* ---- numbers (number.c) ------------------------------------------- */

/* Parses one number at the start of s[0..n): Arabic with thousands
 * separators and decimals (1,234.56), Chinese numerals (一千二百万, 两, 〇 ○ 零,
 * 三点五), financial capitals (壹贰叁肆伍陆柒捌玖拾佰仟万亿), with the
 * multipliers 万 亿 千万 百万 (and English "million"/"billion" after a space)
 * folded in. Writes the exact decimal into out and returns the bytes used,
 * or 0 when s does not start with a number. */
size_t trawl__parse_number(const char *s, size_t n, char out[TRAWL__DEC_MAX]);
/* The comparator cmp, read at i, turned by a negation before it (不得高于
 * is "<=", 未超过 "<="); cmp when there is none. */
const char *trawl__cmp_negated(const char *t, size_t i, const char *cmp, size_t *back);
/* Whether 负 at j (before a number) is a minus: not the end of a word
 * (减负, 自负, 担负, 正负, 胜负). */
int trawl__minus_word_before(const char *t, size_t j);
/* Whether a dash at s may be a minus by the text before it (not after a
 * number, a code, a package's number or a figure's unit: 第3包-5%, 3人-5人). */
int trawl__dash_may_be_sign(const char *t, size_t s);
/* 分别为50、30、20万元 (money.c): the bare numbers listed before the figure
 * at s (after 分别为, a money word such as 资金, 分别 or 依次 earlier in the
 * clause, a currency, or a first item with the figure's unit), their
 * starts into at[] in order (up to TRAWL__LIST_MAX); how many, 0 when no
 * list. */
#define TRAWL__LIST_MAX 32
int trawl__list_before(const char *t, size_t n, size_t s, size_t *at);
/* Whether the digits joined by full-width commas around p are one number
 * grouped by threes (人民币96，800元) rather than a list's items
 * (分别安排100，200，300万元); *cs gets where they start (money.c). */
int trawl__fw_grouped(const char *t, size_t n, size_t p, size_t *cs);
/* Where the last item starts when the digits from s (before e) joined by
 * full-width commas are a list's (分别采购100，200，300台), else 0. */
size_t trawl__fw_list_last(const char *t, size_t n, size_t s, size_t e);
/* Where item i of the nl at at[] ends: before the separator before the
 * next one, or before last, the figure's start, for the last item
 * (50，30，20万元: each its own number). */
size_t trawl__list_item_end(const char *t, const size_t *at, int nl, int i, size_t last);
/* Whether the first item at s is rather a clause's number: 分别是1、30万元；
 * 2、20万元 (e: the end of the figure after it). */
int trawl__list_enumeration(const char *t, size_t n, size_t s, size_t e);

/* Exact decimal arithmetic on strings in the form above. */
int trawl__dec_mul_pow10(char v[TRAWL__DEC_MAX], int k); /* v *= 10^k; k may be < 0 */
int trawl__dec_cmp(const char *a, const char *b);
int trawl__dec_add(char a[TRAWL__DEC_MAX], const char *b);   /* a += b */
int trawl__dec_norm(char v[TRAWL__DEC_MAX]);                 /* canonical form */
/* The length of the run of numerals (Arabic, Chinese, financial) at s, or
 * ending at t[pos], for extractors that look around a number. */
size_t trawl__numeral_at(const char *s, size_t n);
size_t trawl__numeral_before_mb(const char *t, size_t pos);
/* (inline: the extractors ask it before most characters they try; an
 * ASCII byte before pos is a numeral only as a digit) */
static inline size_t trawl__numeral_before(const char *t, size_t pos)
{
	unsigned char c;
	if (!pos)
		return 0;
	c = (unsigned char)t[pos - 1];
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return trawl__numeral_before_mb(t, pos);
}
/* Every amount, date and quantity holds a numeral, and none starts more
 * than this many bytes before its first one ("不超过人民币" ...). */
#define TRAWL__NUMERAL_REACH 64
/* The first position >= i holding a numeral (a digit or a Chinese
 * numeral character, 点 included), or n. */
size_t trawl__next_numeral(const char *t, size_t n, size_t i);
/* The runs [start, end) of numerals in t[0..n), in order, in a malloc'd
 * array (*out; NULL when there are none); returns how many, (size_t)-1
 * when out of memory, or (size_t)-2 (and no list) when there are over
 * TRAWL__NUMERAL_RUNS_MAX. Found once per text, they spare each extractor
 * its own search. */
#define TRAWL__NUMERAL_RUNS_MAX (1u << 20)
size_t trawl__find_numerals(const char *t, size_t n, uint32_t (**out)[2]);

/* Skipping to the numerals, for an extractor that reads t left to right:
 * trawl__skip_to_numeral() gives i itself when a numeral is within reach,
 * else the position just within reach of the next one (n when there is
 * none). It uses the runs given in the context, else searches itself. */
typedef struct trawl__numskip {
	const uint32_t (*runs)[2];
	size_t nruns, k;
	size_t anchor;       /* without runs: the next numeral found */
} trawl__numskip;

/* ---- extractors --------------------------------------------------- */

/* Context of a run of text: when it is a table cell, the unit declared for
 * the table (单位：万元 → "万元"), else "". */
typedef struct trawl__fctx {
	const char *table_unit;   /* e.g. "万元", "元", "千元"; "" or NULL if none */
	const char *table_currency; /* e.g. "TWD" for 新臺幣千元; NULL = CNY; also
	                               the currency of a bare 元 in the text */
	/* The unit the user stated (trawl add --unit 千元): an amount after a
	 * money label whose unit is not stated takes it (unit_source "user"). */
	const char *user_unit;
	/* A table cell that is a bare figure beside a money label with no
	 * unit (中标金额 | 2,345,000): an amount of unknown unit, as
	 * 中标金额：2,345,000 in text is. */
	int label_no_unit;
	int roc_years;            /* Taiwan document: 113年 means 2024 */
	/* The document's year, for dates written without one (1月19日): 0 when
	 * not known (such dates are then no facts), -1 when it will be known
	 * only later (they are then reported as --01-19, precision "monthday",
	 * for the caller to complete). */
	int doc_year;
	/* Spans [start, end) of the money and dates already found in this text,
	 * sorted by start, or NULL: the quantity extractor then need not look
	 * for them again to avoid reporting a span twice. */
	const uint32_t (*spans)[2];
	size_t nspans;
	/* The numeral runs of this very text (trawl__find_numerals), or NULL. */
	const uint32_t (*numerals)[2];
	size_t nnumerals;
} trawl__fctx;

void trawl__numskip_init(trawl__numskip *s, const trawl__fctx *c);
size_t trawl__skip_to_numeral(const char *t, size_t n, size_t i, trawl__numskip *s);

/* The same, with its common case inline (extractors call it at every
 * character near a number): i, while the numeral found last is in reach. */
static inline size_t trawl__skip_fast(const char *t, size_t n, size_t i, trawl__numskip *s)
{
	if (s->runs) {
		if (s->k < s->nruns && s->runs[s->k][1] > i &&
		    s->runs[s->k][0] <= i + TRAWL__NUMERAL_REACH &&
		    (s->k == 0 || s->runs[s->k - 1][1] <= i))
			return i;
	} else if (s->anchor != (size_t)-1 && s->anchor >= i && s->anchor < n &&
	           s->anchor <= i + TRAWL__NUMERAL_REACH) {
		return i;
	}
	return trawl__skip_to_numeral(t, n, i, s);
}

int trawl__extract_money(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb, void *u);
/* The same for the text of one table cell, faster for the usual cell that
 * holds a bare number and nothing else. */
int trawl__extract_money_cell(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb,
                              void *u);
int trawl__extract_dates(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb, void *u);
int trawl__extract_quantities(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb, void *u);
int trawl__extract_parties(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb, void *u);
int trawl__extract_places(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb, void *u);

/* The gazetteer compiled in from data/places.tsv: divisions by index
 * (0 .. n-1, sorted by code), for naming a place's province or prefecture. */
int trawl__place_index(uint32_t code);     /* the division with this code, or -1 */
int trawl__place_parent(int d);            /* its parent division, or -1 */
uint32_t trawl__place_code(int d);
const char *trawl__place_name(int d);

/* A unit declaration in a table header or caption ("单位：万元",
 * "金额单位：元", "單位：新臺幣千元"): writes the unit (e.g. "万元", "千元")
 * and the currency it names ("TWD"; "" for a bare 元, which is the
 * document's currency) and returns 1, or returns 0. */
int trawl__find_table_unit(const char *t, size_t n, char unit[16], char currency[4]);
/* Is the cell s[0..n) a money label and nothing else (中标金额, 成交金额：)? */
int trawl__money_label_cell(const char *s, size_t n);

/* s is a money unit word ("千元", "万元", "美元", "USD"): writes it as
 * reported and the currency it names ("" for a bare 元) and returns 1. */
int trawl__money_unit(const char *s, char unit[16], char cur[4]);

/* A money unit stated in a column header (t[0..n), normalized): "金额(万元)",
 * "单价(元)", "预算数/万元", "单价/元", "金额(人民币元)", "Amount (USD)",
 * "价(含仓储配送服务费)元/支", "中标价格 (元/小盒)". Writes the unit ("万元",
 * "元", "USD"), the currency it names or "", and what a price is per ("支",
 * "小盒") or "", and returns 1; returns 0 when the header states none. */
int trawl__header_unit(const char *t, size_t n, char unit[16], char currency[4], char per[16]);

/* The kind of document (budget, final_accounts, tender, award, contract,
 * price_list, job_ad, invoice, notice, other) from its title and opening
 * text. */
const char *trawl__doc_kind(const char *title, const char *text, size_t n);
/* Is the text written in simplified characters (a mainland document), by
 * its common words' characters that the two scripts write differently
 * (这 這, 国 國, 发 發 …)? 1 when clearly so. A mainland notice that quotes
 * 新臺幣 is no Taiwan document. */
int trawl__simplified_text(const char *t, size_t n);
/* A Hong Kong or Macau government document: its letterhead (its title,
 * or one of its first three lines, starts with the government's or one of
 * its departments' name). Only there: a mainland text names 香港 in an
 * address or 香港特别行政区政府 inside its lines, a Taiwan one
 * 香港特別行政區政府 in its. Returns "HKD", "MOP" or NULL. */
struct trawl__doc;
const char *trawl__sar_document(const struct trawl__doc *d);
#endif
