#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "facts/extract.h"
#include "facts/docyear.h"
#include "facts/budget.h"
#include "facts/scan.h"
#include "facts/kwset.h"
#include "ingest/ocrconf.h"
#include "util/alloc.h"
#include "util/banned.h"

typedef struct colinfo colinfo;

/* A table's header, kept for a table that continues it without one. */
typedef struct tablehead {
	colinfo *col;
	uint32_t ncols;
	char caption[256], unit[16], cur[4];
	int goods;
} tablehead;

typedef struct xctx {
	trawl__doc *d;
	uint32_t unit;
	uint32_t base;       /* offset of the text given to the extractor */
	trawl_err rc;
	uint32_t seen[256];  /* pool offsets + 1 of recent strings, by hash: the
	                        same currency, unit, column and caption recur */
	uint32_t seen_len[256]; /* ... and their lengths */
	const trawl__facts_opts *o;  /* what the user stated, or NULL */
	uint64_t *parties;   /* (role, name) hashes of the parties reported */
	size_t nparties, capparties;
	size_t party_seeded; /* facts before this one are in parties */
	tablehead last;      /* the last table with a header of its own */
	int guess;           /* the facts being added are of a column whose
	                        amounts were judged by their look alone (its
	                        header says nothing): trawl__dfact.guessed */
} xctx;

/* Appends s to the document's string pool: 1 + its offset, 0 for "". */
static uint32_t pool_str(xctx *x, const char *s)
{
	trawl__buf *b = &x->d->fstrings;
	size_t off = b->len, l;
	uint64_t w;
	uint32_t lo, hi;
	unsigned h;

	if (!s[0])
		return 0;
	/* (the slot only finds a string stored just before: its length and
	 * its first bytes, or for a short one its first and last, tell most
	 * strings apart) */
	l = strlen(s);
	if (l >= 8) {
		memcpy(&w, s, 8);
	} else if (l >= 4) {
		memcpy(&lo, s, 4);
		memcpy(&hi, s + l - 4, 4);
		w = (uint64_t)hi << 32 | lo;
	} else {
		w = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[l / 2] << 8 |
		    (unsigned char)s[l - 1];
	}
	h = (unsigned)(((w ^ (uint64_t)l << 56) * 0x9E3779B97F4A7C15ull) >> 56);
	if (x->seen[h] && x->seen_len[h] == l && !memcmp(b->data + x->seen[h] - 1, s, l))
		return x->seen[h];
	if (off >= UINT32_MAX - l - 1 || trawl__buf_add(b, s, l + 1)) {
		x->rc = TRAWL_ENOMEM;
		return 0;
	}
	x->seen_len[h] = (uint32_t)l;
	return x->seen[h] = (uint32_t)off + 1;
}

static int add_fact(void *u, const trawl__fact *f)
{
	xctx *x = u;
	const char *const fields[TRAWL__FS_N] = { f->value, f->value_hi, f->currency, f->unit,
		f->unit_source, f->comparator, f->precision, f->role, f->code, f->label, f->column,
		f->caption, f->party, f->attrs ? f->attrs : "" };
	trawl__dfact *df = trawl__vec_push(&x->d->facts);

	if (!df) {
		x->rc = TRAWL_ENOMEM;
		return 1;
	}
	df->unit = x->unit;
	df->start = f->start + x->base;
	df->end = f->end + x->base;
	df->kind = (uint8_t)f->kind;
	df->negative = f->negative != 0;
	df->guessed = x->guess != 0;
	for (int k = 0; k < TRAWL__FS_N; k++)
		df->str[k] = fields[k][0] ? pool_str(x, fields[k]) : 0;  /* (most are empty) */
	return x->rc != TRAWL_OK;
}

/* A fact of unit `unit` (the indicators and projects of budget.c, found
 * over the whole document). */
static int add_unit_fact(void *u, uint32_t unit, const trawl__fact *f)
{
	xctx *x = u;
	x->unit = unit;
	x->base = 0;
	return add_fact(x, f);
}

static int has_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strstr(s, *words))
			return 1;
	return 0;
}

/* The whole cell is one number (an optional minus sign, then a number). */
static int numeric_cell(const char *s, size_t n)
{
	char v[TRAWL__DEC_MAX];
	size_t k;

	while (n && (*s == ' ')) s++, n--;
	while (n && s[n - 1] == ' ') n--;
	if (n && (*s == '-' || *s == '+'))
		s++, n--;
	if (!n || !((*s >= '0' && *s <= '9') || *s == '.'))
		return 0;
	k = trawl__parse_number(s, n, v);
	return k == n;
}

static int all_digits(const char *s, size_t n)
{
	size_t i;
	if (n < 3)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* The line (trimmed of nothing) that ends before byte `at`, skipping
 * `skip` non-empty lines. */
static int line_before(const char *t, size_t at, int skip, const char **ls, size_t *ln)
{
	size_t e = at;

	while (e > 0) {
		size_t b;
		if (t[e - 1] == '\n')
			e--;
		{
			/* (memrchr: tables sit below long lines of prose) */
			const char *nl = memrchr(t, '\n', e);
			b = nl ? (size_t)(nl - t) + 1 : 0;
		}
		if (e > b && strspn(t + b, " \t") < e - b && skip-- == 0) {
			*ls = t + b;
			*ln = e - b;
			return 1;
		}
		e = b;
	}
	return 0;
}

/* Caption and declared unit of the table that starts at byte `start`:
 * up to three non-empty lines above it. */
static void table_context(const char *t, size_t start, char *caption, size_t capsz,
                          char unit[16], char cur[4])
{
	int i;

	caption[0] = '\0';
	for (i = 0; i < 3; i++) {
		const char *ls;
		size_t ln;
		if (!line_before(t, start, i, &ls, &ln) || memchr(ls, '\t', ln))
			break;      /* (a row of the table before is no caption) */
		if (!unit[0] && trawl__find_table_unit(ls, ln, unit, cur) && ln < 40)
			continue; /* a line that only declares the unit is no caption */
		if (!caption[0] && ln >= 4 && ln < 400)
			copy_trim(caption, capsz, ls, ln);
		if (caption[0] && unit[0])
			break;
	}
}

typedef struct first_money {
	trawl__fact f;
	int found;
} first_money;

static int take_first(void *u, const trawl__fact *f)
{
	first_money *m = u;
	if (!m->found) {
		m->f = *f;
		m->found = 1;
	}
	return 1;
}

/* The amount in one cell: with an inline or the table's unit, else the
 * number as written with unit_source "unknown". 0 if not an amount. */
static int cell_amount(const char *s, size_t n, const trawl__fctx *c, trawl__fact *out)
{
	first_money m;
	const char *p = s;
	size_t k = n;

	memset(&m, 0, sizeof m);
	trawl__extract_money_cell(s, n, c, take_first, &m);
	if (m.found) {
		*out = m.f;
		return 1;
	}
	memset(out, 0, sizeof *out);
	if (k && (*p == '-' || *p == '+')) {
		out->negative = *p == '-';
		p++, k--;
	}
	if (!k || trawl__parse_number(p, k, out->value) != k)
		return 0;
	out->kind = TRAWL__F_MONEY;
	out->start = 0;
	out->end = (uint32_t)n;
	memcpy(out->unit_source, "unknown", 8);
	return 1;
}

/* Letters and digits with at least one digit, like 391101A000. */
static int alnum_code(const char *s, size_t n)
{
	size_t i, digits = 0;
	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		           s[i] == '-' || s[i] == '.'))
			return 0;
	}
	return digits > 0 && n >= 2;
}

/* ---- what a table's columns hold ------------------------------------ */

/* An English word in s (lower case), not inside a longer word ("id" is
 * not in "bid"). */
static int has_word(const char *s, const char *const *words)
{
	for (; *words; words++) {
		size_t l = strlen(*words);
		for (const char *p = s; (p = strstr(p, *words)); p++) {
			int before = p > s && is_alpha(p[-1]), after = is_alpha(p[l]) && is_alpha(p[l - 1]);
			if (p[l] == 's' && !is_alpha(p[l + 1]))
				after = 0;      /* amounts, prices */
			if (!before && !after)
				return 1;
		}
	}
	return 0;
}

/* Words in a header: Chinese ones as substrings, English ones as words of
 * the header in lower case. */
static int hdr_has(const char *h, const char *lower, const char *const *zh,
                   const char *const *en)
{
	return (zh && has_any(h, zh)) || (en && has_word(lower, en));
}

/* Never amounts, whatever else the header says: ratios, serial numbers,
 * codes, dates, yes/no flags and states (预算执行率, 比上年增减%, 项目编号,
 * 序号, 是否可议价, 价格状态). */
static const char *const never_zh[] = { "率", "%", "‰", "比例", "占比", "比重", "序号", "序", "编号",
	"编码", "代码", "編號", "編碼", "代碼", "代號", "文号", "文號", "注册证", "证号", "码", "碼",
	"日期", "时间", "時間", "年份", "有效期", "电话", "電話", "邮编", "同比", "环比", "系数",
	"係數", "倍数", "比价", "比價", "差比", "号", "號", "是否", "有无", "有無", "可否",
	"能否", "状态", "狀態", "标志", "標誌", "标识", "標識", "标记", NULL };
static const char *const never_en[] = { "no.", "id", "code", "date", "year", "rate", "ratio",
	"percent", "phone", "%", "flag", "status", "is", "whether", NULL };
/* Not amounts unless the header also names money (数量, but 最小包装价格). */
static const char *const other_zh[] = { "数量", "數量", "数目", "个数", "件数", "人数", "人數",
	"次数", "户数", "台数", "套数", "天数", "床位", "包装", "包裝", "规格", "規格", "型号", "型號",
	"剂型", "劑型", "组别", "組別", "分组", "组号", "转换比", "轉換比", "系数", "单位", "單位",
	"批准", "批号", "层次", "類別", "类别", "分类", "级别", "等级", "备注", "備註", "说明", "產地",
	"产地", "地址", "材质", "医保", "年龄", "学历", "岗位", "排名", "名次", "得分", "评分", "分值",
	"权重", "期限", "工期", "面积", "重量", "容量", "含量", "库存", "名称", "名稱", "量", "编制",
	"人次", NULL };
static const char *const other_en[] = { "qty", "quantity", "count", "number", "size", "pack",
	"unit", "spec", "remark", "note", "name", "weight", "volume", NULL };
/* Money. */
static const char *const money_zh[] = { "金额", "金額", "价", "價", "费", "費", "款", "预算",
	"預算", "决算", "決算", "合计", "合計", "小计", "小計", "总计", "總計", "支出", "收入", "经费",
	"經費", "资金", "資金", "拨款", "撥款", "补助", "補助", "补贴", "结转", "結轉", "结余", "結餘",
	"投资", "投資", "成本", "薪", "工资", "工資", "奖金", "基金", "税", "稅", "付款", "支付",
	"定额", "限额", "总额", "總額", "余额", "餘額", "数额", "發生額", "发生额", "执行数", "批复数",
	"调整数", "资产", "负债", NULL };
static const char *const money_en[] = { "amount", "budget", "total", "value", "price", "cost",
	"fee", "sum", "spend", "expenditure", "revenue", "payment", "usd", "eur", NULL };
/* Per-item prices, whatever the table (单价, 挂网价). */
static const char *const price_zh[] = { "单价", "單價", "挂网价", "掛網價", "零售价", "零售價",
	"批发价", "出厂价", "供货价", "指导价", "支付标准", NULL };
static const char *const price_en[] = { "unit price", "unit cost", "price per", "unit rate",
	NULL };
/* ... and a total, never one (总价, 金额). */
static const char *const total_zh[] = { "总价", "總價", "金额", "金額", "合计", "合計", "总额",
	"總額", "小计", "总计", "價款", "价款", "价值", "價值", "预算", "預算", NULL };
static const char *const total_en[] = { "total", "amount", "budget", NULL };
/* Company names: who made the goods ... */
static const char *const maker_zh[] = { "生产企业", "生產企業", "生产厂家", "生產廠家", "生产厂商",
	"生产商", "生產商", "制造商", "製造商", "制造企业", "生产单位", "厂家", "廠家", "厂商", "廠商",
	"持有人", NULL };
static const char *const maker_en[] = { "manufacturer", "maker", "producer", NULL };
/* ... and who sells them */
static const char *const vendor_zh[] = { "企业", "企業", "公司", "供应商", "供應商", "投标人",
	"投標人", "中标人", "中標人", "成交人", "中选人", "申报人", "供货商", "经销商", "代理商",
	"配送商", "承包商", "服务商", "承建商", "卖方", "乙方", "中标单位", "成交单位", "入围单位",
	"投标单位", "中选单位", "供货单位", "配送单位", "申报单位", "承建单位", "施工单位",
	"供应单位", "中標單位", "得標廠商", "決標廠商", "廠商", NULL };
static const char *const vendor_en[] = { "supplier", "vendor", "bidder", "contractor",
	"company", "tenderer", "awardee", NULL };
/* What about a company is not its name (企业地址, 企业类型, 供应商数量). */
static const char *const not_party_zh[] = { "地址", "电话", "電話", "联系", "聯繫", "代码",
	"编码", "编号", "信用", "资质", "类型", "性质", "规模", "所在地", "地区", "省份", "法人",
	"代表", "邮编", "账号", "开户", "证号", "许可", "数量", "个数", "家数", "数", "价", "價",
	"金额", "率", "评分", "得分", "排名", "是否", "简称", "性別", NULL };
static const char *const not_party_en[] = { "address", "phone", "code", "id", "type", "number",
	"count", "price", "amount", NULL };
/* What a line item is: a product (first choice), else a project, a
 * budget subject, a name */
static const char *const product_zh[] = { "通用名", "商品名", "品名", "产品", "產品", "药品",
	"藥品", "疫苗", "耗材", "试剂", "器械", "品种", "品目", "货物", "物品", "商品", "标的",
	"设备", "材料", NULL };
static const char *const product_en[] = { "product", "item", "description", "goods",
	"service", NULL };
static const char *const subject_zh[] = { "名称", "名稱", "项目", "項目", "内容", "服务",
	NULL };
static const char *const subject_en[] = { "name", NULL };
/* ... else a budget subject (科目名称: the class of a 项目名称) */
static const char *const class_zh[] = { "科目", NULL };
/* ... but not the name of a licence or a package */
static const char *const not_product_zh[] = { "注册证", "证", "包装", "材质", "剂型", "规格",
	"单位名称", NULL };
/* What describes a row's item or company but does not name it: never a
 * line item's label (企业地址, 规格, 剂型). */
static const char *const not_label_zh[] = { "地址", "电话", "電話", "联系", "邮编", "备注", "備註",
	"说明", "类型", "性质", "规模", "所在地", "地区", "省份", "法人", "代表", "规格", "規格",
	"型号", "剂型", "劑型", "包装", "包裝", "材质", "产地", "日期", "时间", "状态", "层次",
	"类别", "医保", "计量单位", "计价单位", NULL };
static const char *const not_label_en[] = { "address", "phone", "remark", "note", "type",
	"status", "spec", "pack", "unit", NULL };

/* Columns only a list of goods has. */
static const char *const goods_zh[] = { "通用名", "商品名", "品名", "药品", "藥品", "疫苗",
	"耗材", "试剂", "器械", "规格", "規格", "型号", "型號", "剂型", "劑型", "包装", "包裝",
	"转换比", "批准文号", "注册证", "材质", "产品", NULL };
static const char *const goods_en[] = { "product", "goods", "spec", "pack", NULL };

enum { AMT_UNKNOWN, AMT_YES, AMT_NO };
enum { PARTY_NONE, PARTY_VENDOR, PARTY_MAKER };
static const char *const party_roles[] = { "", "vendor", "manufacturer" };

/* What a column's header says, worked out once per column, and counts of
 * what its data cells hold. */
/* What a column's header says (classify_header), apart from what its
 * cells show: a table with the same header is classified once per thread
 * (classify_column), by copying this whole. */
typedef struct hdr_class {
	char unit[16], cur[4];  /* a money unit it states: 成交金额(元) -> "元" */
	char per[16];           /* what a price is per: 价格(元/盒) -> "盒" */
	unsigned char code;     /* it names an item code */
	unsigned char amount;   /* AMT_*: it holds amounts of money */
	unsigned char money;    /* the header names money */
	unsigned char price;    /* per-item prices: 1 always, 2 in a list of goods */
	unsigned char party;    /* PARTY_*: the names of companies */
	unsigned char delivers; /* ... who deliver the goods (配送企业) */
	unsigned char product;  /* the name of what a row is about: 3 a
	                           product's, 2 a project's or a name, 1 a
	                           budget subject's */
	unsigned char goods;    /* only a list of goods has such a column */
	unsigned char nolabel;  /* it describes, it does not name */
	unsigned char nomoney;  /* none of its cells is money, whatever they
	                           say (北京三元基因药业, 9块/盒 in 包装) */
} hdr_class;

struct colinfo {
	char hdr[128];          /* the header text ("" if none) */
	hdr_class c;            /* what it says */
	unsigned char grouped;  /* its header so far is a merged cell's */
	unsigned char kind;     /* its data: column_kind() */
	unsigned char guessed;  /* amounts by their look alone: the table has
	                           no header, or this column's says nothing
	                           and was read by OCR from words below
	                           TRAWL_OCR_UNSURE */
	float hconf;            /* the lowest OCR confidence of its header's
	                           words (-1: none, or not OCR'd) */
	uint32_t nnum, ntext, ndec, nserial, norg;
	uint32_t maxdigits;     /* of its longest whole number */
	long long last;         /* the last whole number read (serial runs) */
};

/* An item code: digits (or letters and digits) in a column headed as a
 * code, or a long run of digits in a column that is not about money. */
static int is_code(const char *s, size_t len, const colinfo *ci)
{
	if (len >= 16)
		return 0;
	if (ci->c.code)
		return alnum_code(s, len);
	return all_digits(s, len) && len >= 5 && !ci->c.money;
}

static void lower_ascii(char *dst, size_t cap, const char *s)
{
	size_t i;
	for (i = 0; s[i] && i + 1 < cap; i++)
		dst[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	dst[i] = '\0';
}

/* A header that is a year or a period of one (2024年, 2023年度, 本年数,
 * 上年执行数): in a table with a unit, its numbers are amounts. */
static int period_header(const char *h)
{
	static const char *const w[] = { "本年", "上年", "年初", "全年", "累计", "本期", "上期",
		"期末", "期初", NULL };
	size_t n = strlen(h), i, d = 0;
	for (i = 0; i < n && h[i] >= '0' && h[i] <= '9'; i++)
		d++;
	if (d == 4 && (i == n || !strcmp(h + i, "年") || !strcmp(h + i, "年度")))
		return 1;
	return has_any(h, w) || (n >= 3 && !strcmp(h + n - 3, "数"));
}

/* The name of a company rather than a word for one (…有限公司, … Ltd). */
static int legal_name(const char *h)
{
	static const char *const w[] = { "有限公司", "有限责任公司", "有限責任公司", "股份公司",
		"集团公司", NULL };
	size_t n = strlen(h);
	for (int i = 0; w[i]; i++) {
		size_t l = strlen(w[i]);
		if (n > l && !strcmp(h + n - l, w[i]))
			return 1;
	}
	return 0;
}

/* A header of a column of amounts where some rows hold a rate instead:
 * 中标金额（元/优惠率）, 成交价(元/费率), 报价(元/%). A slash before a
 * percentage or a word of up to five characters ending in 率. */
static int amount_or_rate(const char *h)
{
	for (const char *p = h; *p; p++) {
		const char *q;
		int k;
		if (*p == '/')
			q = p + 1;
		else if (!strncmp(p, "／", 3))
			q = p + 3;
		else
			continue;
		while (*q == ' ')
			q++;
		if (*q == '%' || !strncmp(q, "％", 3))
			return 1;
		for (k = 0; k < 5 && *q && *q != ')' && *q != '/' && *q != ' ' &&
		            strncmp(q, "）", 3); k++) {
			if (!strncmp(q, "率", 3))
				return 1;
			q++;
			while (((unsigned char)*q & 0xC0) == 0x80)
				q++;
		}
	}
	return 0;
}

/* Classifies a column by its header. */
static void classify_header(colinfo *ci)
{
	char lower[128];
	const char *h = ci->hdr;
	int alt;

	lower_ascii(lower, sizeof lower, h);
	ci->c.code = (unsigned char)hdr_has(h, lower, (const char *const[]){ "编码", "代码", "編碼",
		"代碼", "编号", "編號", "科目号", "包号", "标段号", "标包号", "包件号", "货号", "项目号",
		"本位码", NULL }, (const char *const[]){ "code", NULL });
	if (!trawl__header_unit(h, strlen(h), ci->c.unit, ci->c.cur, ci->c.per))
		ci->c.unit[0] = ci->c.cur[0] = ci->c.per[0] = '\0';
	/* an amount or a rate: its cells are amounts where they state their
	 * own unit (a bare 96.5 may be the rate), never per unit */
	alt = amount_or_rate(h) && hdr_has(h, lower, money_zh, money_en);
	if (alt)
		ci->c.unit[0] = ci->c.cur[0] = ci->c.per[0] = '\0';
	ci->c.money = (unsigned char)(ci->c.unit[0] || hdr_has(h, lower, money_zh, money_en));
	if (!h[0])
		ci->c.amount = AMT_UNKNOWN;
	else if (alt)
		ci->c.amount = AMT_YES;
	else if (hdr_has(h, lower, never_zh, never_en) && !(ci->c.unit[0] && !strchr(h, '%') &&
	         !strstr(h, "率") && !ci->c.code))
		ci->c.amount = AMT_NO;
	else if (ci->c.money)
		ci->c.amount = AMT_YES;
	else if (hdr_has(h, lower, other_zh, other_en))
		ci->c.amount = AMT_NO;
	else if (period_header(h))
		ci->c.amount = AMT_YES;
	else
		ci->c.amount = AMT_UNKNOWN;
	ci->c.party = PARTY_NONE;
	/* (a header that is itself a company's name is a form's value:
	 * 供应商名称 | 岭东警翼科技有限公司) */
	if (!hdr_has(h, lower, not_party_zh, not_party_en) && !legal_name(h)) {
		if (hdr_has(h, lower, maker_zh, maker_en))
			ci->c.party = PARTY_MAKER;
		else if (hdr_has(h, lower, vendor_zh, vendor_en))
			ci->c.party = PARTY_VENDOR;
	}
	if (ci->c.party)
		ci->c.amount = AMT_NO;
	ci->c.delivers = (unsigned char)(ci->c.party == PARTY_VENDOR &&
	               hdr_has(h, lower, (const char *const[]){ "配送", "经销", "經銷", "代理", "供货",
	                       NULL }, (const char *const[]){ "distributor", NULL }));
	ci->c.nomoney = (unsigned char)(ci->c.party || (!ci->c.money &&
	              (hdr_has(h, lower, never_zh, never_en) || hdr_has(h, lower, other_zh, other_en)) &&
	              !has_any(h, (const char *const[]){ "备注", "備註", "说明", "說明", NULL }) &&
	              !has_word(lower, (const char *const[]){ "remark", "note", NULL })));
	ci->c.product = 0;
	if (!ci->c.party && !ci->c.code && ci->c.amount != AMT_YES && !has_any(h, not_product_zh))
		ci->c.product = hdr_has(h, lower, product_zh, product_en) ? 3 :
		              has_any(h, class_zh) ? 1 :
		              hdr_has(h, lower, subject_zh, subject_en) ? 2 : 0;
	ci->c.goods = (unsigned char)(ci->c.party == PARTY_MAKER || hdr_has(h, lower, goods_zh, goods_en));
	ci->c.nolabel = (unsigned char)(!ci->c.product && (hdr_has(h, lower, not_label_zh, not_label_en) ||
	                                               !strcmp(h, "单位") || !strcmp(h, "單位")));
	ci->c.price = 0;
	if (ci->c.amount == AMT_YES) {
		if (ci->c.per[0] || hdr_has(h, lower, price_zh, price_en))
			ci->c.price = 1;
		else if (!hdr_has(h, lower, total_zh, total_en) &&
		         (strstr(h, "价") || strstr(h, "價") || strstr(lower, "price")))
			ci->c.price = 2;
	}
}

/* What classify_header made of a header, kept for the next table with
 * that header (a folder's documents repeat their headers: each is worked
 * out once per worker thread, not once per table). */
typedef struct {
	char hdr[sizeof ((colinfo *)0)->hdr];
	hdr_class c;
	unsigned char used;
} hdr_cached;

#define HDR_CLASSES 256
static _Thread_local hdr_cached hdr_classes[HDR_CLASSES];

static void classify_column(colinfo *ci)
{
	uint32_t h = 2166136261u;
	hdr_cached *e;

	for (const char *p = ci->hdr; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	e = &hdr_classes[h & (HDR_CLASSES - 1)];
	if (e->used && !strcmp(e->hdr, ci->hdr)) {
		ci->c = e->c;
		return;
	}
	classify_header(ci);
	memcpy(e->hdr, ci->hdr, sizeof e->hdr);
	e->c = ci->c;
	e->used = 1;
}

/* s[0..n) ends like the name of an organization: 有限公司, 制药厂, 研究所,
 * Ltd, GmbH ... */
static int org_ending(const char *s, size_t n)
{
	/* (with their lengths: this runs for every cell of a party or
	 * product column) */
#define ZW(w) { w, sizeof w - 1 }
	static const struct { const char *w; size_t l; } zh[] = { ZW("公司"), ZW("厂"), ZW("廠"),
		ZW("集团"), ZW("集團"), ZW("研究所"), ZW("研究院"), ZW("中心"), ZW("药业"),
		ZW("藥業"), ZW("制药"), ZW("製藥"), ZW("生物"), ZW("医药"), ZW("醫藥"), ZW("股份"),
		ZW("商行"), ZW("店"), ZW("部"), ZW("社"), ZW("事务所"), ZW("院"), ZW("行"),
		ZW("合伙)"), ZW("场"), ZW("所"), ZW("(集团)"), { NULL, 0 } };
#undef ZW
	static const char *const en[] = { "ltd", "ltd.", "limited", "inc", "inc.", "llc", "co.",
		"corp", "corp.", "corporation", "company", "gmbh", "plc", "s.a.", "sa", "ag", "a/s",
		"ab", "kg", "b.v.", "bv", "s.p.a.", "spa", "srl", "s.r.l.", "n.v.", "nv", "pty",
		"lp", "llp", "oy", "as", "kk", "k.k.", "pte", "s.a.s.", "sas", "gmbh & co. kg",
		"group", "pharma", "laboratories", "industries", NULL };
	size_t i;

	while (n && (s[n - 1] == ' ' || s[n - 1] == ','))
		n--;
	if (!n)
		return 0;
	/* (every word of zh ends in a Chinese character or ")", every one of
	 * en in ASCII: the last byte rules out one list) */
	for (i = 0; ((unsigned char)s[n - 1] >= 0x80 || s[n - 1] == ')') && zh[i].w; i++) {
		size_t l = zh[i].l;
		/* (the last byte first: it tells most words apart) */
		if (n > l && s[n - 1] == zh[i].w[l - 1] && !memcmp(s + n - l, zh[i].w, l))
			return 1;
	}
	/* the last word, in lower case: Ltd, GmbH, A/S */
	for (i = 0; (unsigned char)s[n - 1] < 0x80 && en[i]; i++) {
		size_t l = strlen(en[i]), k;
		if (n <= l + 1 || s[n - l - 1] != ' ')
			continue;
		for (k = 0; k < l; k++) {
			char c = s[n - l + k];
			if ((c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c) != en[i][k])
				break;
		}
		if (k == l)
			return 1;
	}
	return 0;
}

/* Counts what a data cell holds, for a column whose header says nothing,
 * for matching a table to the one it continues, and for telling a column
 * of company names from one of words (a form's labels). */
static void count_cell(colinfo *ci, const char *s, size_t n)
{
	char v[TRAWL__DEC_MAX];
	const char *p = s;
	size_t k = n;

	while (k && *p == ' ')
		p++, k--;
	while (k && p[k - 1] == ' ')
		k--;
	if (!k)
		return;
	if (*p == '-' || *p == '+')
		p++, k--;
	if (!k || !((*p >= '0' && *p <= '9') || *p == '.') || trawl__parse_number(p, k, v) != k) {
		ci->ntext++;
		ci->norg += org_ending(p, k);
		return;
	}
	ci->nnum++;
	if (memchr(p, '.', k) || memchr(p, ',', k)) {
		ci->ndec++;
		ci->last = -2;
	} else {
		size_t d = strlen(v);
		if (d > ci->maxdigits)
			ci->maxdigits = (uint32_t)d;
		if (d < 10) {
			long long x = strtoll(v, NULL, 10);
			if (x == ci->last + 1)
				ci->nserial++;
			ci->last = x;
		}
	}
}

/* What a column's data cells hold: 0 nothing, 1 numbers, 2 text, 3 both. */
static unsigned char column_kind(const colinfo *ci)
{
	return (unsigned char)((ci->nnum ? 1 : 0) | (ci->ntext ? 2 : 0));
}

/* Serial numbers: 1, 2, 3 ... in most of its cells. */
static int serial_column(const colinfo *ci)
{
	return ci->nserial >= 2 && ci->nserial + 2 >= ci->nnum && !ci->ndec;
}

static void tablehead_release(tablehead *h)
{
	free(h->col);
	memset(h, 0, sizeof *h);
}

/* Is the table with columns col[0..ncols) (counted) the continuation of
 * h: the same columns, holding the same kinds of values? */
static int continues_table(const tablehead *h, const colinfo *col, uint32_t ncols)
{
	uint32_t i, same = 0;

	if (!h->col || h->ncols != ncols || ncols < 2)
		return 0;
	uint32_t other = 0;

	for (i = 0; i < ncols; i++) {
		unsigned char k = column_kind(&col[i]), hk = h->col[i].kind;
		/* (a column of both, such as 规格: 20, 0.25g, matches either) */
		if (k && k != 3 && hk && hk != 3 && k != hk) {
			/* the amounts and the companies must be where they were; a
			 * few rows may hold a number where others held words */
			if (h->col[i].c.amount == AMT_YES || h->col[i].c.party || ++other > ncols / 5)
				return 0;
		}
		same += k && (k & hk);
	}
	return same * 2 >= ncols;
}

/* ---- parties in table columns ---------------------------------------- */

/* Has (role, name) been reported for this document? Marks it so if not.
 * Sets x->rc when out of memory. */
static int party_seen(xctx *x, const char *role, const char *name, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (const char *p = role; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	h = (h ^ 0xff) * 1099511628211ull;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)name[i]) * 1099511628211ull;
	h |= 1;         /* 0 is an empty slot */
	if ((x->nparties + 1) * 2 > x->capparties) {
		size_t cap = x->capparties ? x->capparties * 2 : 256;
		uint64_t *t = calloc(cap, sizeof *t);
		if (!t) {
			x->rc = TRAWL_ENOMEM;
			return 1;
		}
		for (i = 0; i < x->capparties; i++) {
			size_t j;
			if (!x->parties[i])
				continue;
			for (j = x->parties[i] & (cap - 1); t[j]; j = (j + 1) & (cap - 1))
				;
			t[j] = x->parties[i];
		}
		free(x->parties);
		x->parties = t;
		x->capparties = cap;
	}
	for (i = h & (x->capparties - 1); x->parties[i]; i = (i + 1) & (x->capparties - 1))
		if (x->parties[i] == h)
			return 1;
	x->parties[i] = h;
	x->nparties++;
	return 0;
}

/* The parties found so far (by the sentence and label rules) are ones the
 * table columns need not report again. */
static void parties_known(xctx *x)
{
	const trawl__dfact *fs = x->d->facts.items;
	for (; x->party_seeded < x->d->facts.n && !x->rc; x->party_seeded++) {
		const trawl__dfact *df = &fs[x->party_seeded];
		const char *v;
		if (df->kind != TRAWL__F_PARTY)
			continue;
		v = trawl__dfact_str(x->d, df, TRAWL__FS_VALUE);
		party_seen(x, trawl__dfact_str(x->d, df, TRAWL__FS_ROLE), v, strlen(v));
	}
}

/* The company name in a cell: trimmed, not a placeholder (/, 无, 同上),
 * with letters or at least two Chinese characters. [*s, *s + *n) is the
 * name; 0 when the cell holds none. */
static int company_name(const char **s, size_t *n)
{
	static const char *const none[] = { "无", "/", "-", "--", "—", "——", "同上", "见上",
		"详见", "暂无", "待定", "空", "n/a", "N/A", "NA", "null", "/", NULL };
	const char *p = *s;
	size_t k = *n, i, cjk = 0, alpha = 0;

	while (k && (*p == ' ' || *p == '\n'))
		p++, k--;
	while (k && (p[k - 1] == ' ' || p[k - 1] == '\n'))
		k--;
	if (k < 2 || k > 200)
		return 0;
	for (i = 0; none[i]; i++)
		if (strlen(none[i]) == k && !memcmp(p, none[i], k))
			return 0;
	for (i = 0; i < k; i += u8len((unsigned char)p[i])) {
		if ((unsigned char)p[i] >= 0xE0)
			cjk++;
		else if (is_alpha(p[i]))
			alpha++;
	}
	if (cjk < 2 && alpha < 3)
		return 0;
	*s = p;
	*n = k;
	return 1;
}

/* A party column holds the names of companies when most of its names end
 * like one: then a short name (华兰生物) is one too; else only a name that
 * ends like one is (the header was a label of a form: 供应商名称 | A公司,
 * then 中标金额 | ...). */
static int party_column_trusted(const colinfo *ci)
{
	return ci->norg * 2 >= ci->ntext;
}

/* Reports the company in a party column's cell as a party of its role,
 * once per document. */
static void table_party(xctx *x, const char *t, const trawl__cell *cl, const colinfo *ci)
{
	const char *s = t + cl->start;
	size_t n = cl->end - cl->start;
	int role = ci->c.party;
	trawl__fact f;

	if (!company_name(&s, &n) || (!party_column_trusted(ci) && !org_ending(s, n)) ||
	    party_seen(x, party_roles[role], s, n))
		return;
	memset(&f, 0, sizeof f);
	f.kind = TRAWL__F_PARTY;
	f.start = (uint32_t)(s - t);
	f.end = (uint32_t)(s - t + n);
	copy_trim(f.value, sizeof f.value, s, n);
	copy_trim(f.label, sizeof f.label, s, n);
	copy_trim(f.role, sizeof f.role, party_roles[role], strlen(party_roles[role]));
	x->base = 0;
	add_fact(x, &f);
}

/* ---- amounts in table cells --------------------------------------------- */

/* How a column's amounts are to be reported beyond what the money reader
 * says: per item, and where their unit came from. */
typedef struct amend {
	xctx *x;
	const char *per;        /* 支 in 元/支, or "" */
	int price;              /* per-item prices: role "price" */
	int user;               /* the unit is the one the user stated */
} amend;

static void amend_fact(const amend *a, trawl__fact *f)
{
	if (!strcmp(f->unit_source, "table")) {
		if (a->per[0]) {
			size_t l = strlen(f->unit);
			if (l + 1 + strlen(a->per) < sizeof f->unit) {
				f->unit[l] = '/';
				copy_str(f->unit + l + 1, sizeof f->unit - l - 1, a->per);
			}
		}
		if (a->user)
			memcpy(f->unit_source, "user", 5);
	}
	if (a->price)
		memcpy(f->role, "price", 6);
}

static int add_amended(void *u, const trawl__fact *f)
{
	const amend *a = u;
	trawl__fact g;

	if (!a->per[0] && !a->price && !a->user)
		return add_fact(a->x, f);
	g = *f;
	amend_fact(a, &g);
	return add_fact(a->x, &g);
}

/* A table of names and values (中标金额（万元） | 120.5): the money unit
 * that the name's cell, the nearest text to the left of cell ord[i] in its
 * row, states; 1 when it states one (and no price per item). */
/* The cell left of cell i in its row is a money label (成交金额). */
static int money_label_left(const char *t, const trawl__cell *cells, const uint32_t *ord,
                            size_t i)
{
	for (size_t j = i; j > 0 && cells[ord[j - 1]].row == cells[ord[i]].row; j--) {
		const trawl__cell *o = &cells[ord[j - 1]];
		size_t n = o->end - o->start;
		if (n)
			return trawl__money_label_cell(t + o->start, n);
	}
	return 0;
}

/* The cell left of cell i names a time, a count or a code, never money
 * (开工时间, 完工日期, 在职人员, 人数, 项目编号, 联系电话). */
static int label_left_not_money(const char *t, const trawl__cell *cells, const uint32_t *ord,
                                size_t i)
{
	/* (the name's end: 在职人员, 开工时间; not 人员支出, 年度预算总额,
	 * 非法入境人员遣返, which are money) */
	static const char *const w[] = { "时间", "日期", "期限", "工期", "年份", "年月", "編號",
		"编号", "电话", "電話", "邮编", "人员", "人數", "人数", "数量", "數量", "面积", "時間",
		NULL };
	for (size_t j = i; j > 0 && cells[ord[j - 1]].row == cells[ord[i]].row; j--) {
		const trawl__cell *o = &cells[ord[j - 1]];
		size_t n = o->end - o->start, k;
		const char *e;
		if (!n)
			continue;
		e = t + o->end;
		while (n && (e[-1] == ' ' || e[-1] == ':'))
			e--, n--;
		for (k = 0; w[k]; k++) {
			size_t l = strlen(w[k]);
			if (n >= l && !memcmp(e - l, w[k], l))
				return 1;
		}
		return n == 6 && !memcmp(e - 6, "年度", 6);
	}
	return 0;
}

typedef struct { size_t covered, n, first; } mcover;

static int cover_money(void *u, const trawl__fact *f)
{
	mcover *c = u;
	if (f->kind == TRAWL__F_MONEY && f->unit_source[0] && strcmp(f->unit_source, "unknown")) {
		c->covered += f->end - f->start;
		if (!c->n || f->start < c->first)
			c->first = f->start;
		c->n++;
	}
	return 0;
}

/* A cell that is an amount with its own unit and nothing else
 * (4,368,500.00元, ¥3,450,000.00, EUR 1,356,000.00, 人民币贰佰万元整(¥2,000,000.00)):
 * a row of values, not of headers. */
static int money_cell(const char *s, size_t n)
{
	mcover c = { 0, 0, 0 };
	trawl__fctx fc;
	while (n && *s == ' ')
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	if (!n || trawl__next_numeral(s, n, 0) >= n)
		return 0;
	memset(&fc, 0, sizeof fc);
	trawl__extract_money(s, n, &fc, cover_money, &c);
	/* (what is left: brackets, 整, a space; the cell starts with the
	 * amount: a header 金额0(元) or 2024年(万元) is no amount) */
	return c.n && c.first == 0 && c.covered + 8 >= n;
}

static int row_unit(const char *t, const trawl__cell *cells, const uint32_t *ord, size_t i,
                    char unit[16], char cur[4])
{
	char per[16];

	for (size_t j = i; j > 0 && cells[ord[j - 1]].row == cells[ord[i]].row; j--) {
		const trawl__cell *o = &cells[ord[j - 1]];
		size_t n = o->end - o->start;
		if (!n || numeric_cell(t + o->start, n))
			continue;
		if (trawl__header_unit(t + o->start, n, unit, cur, per))
			return !per[0];
		/* 中标金额 | 2,345,000: a money label that states no unit */
		return trawl__money_label_cell(t + o->start, n) ? 2 : 0;
	}
	return 0;
}

/* One table: money in every cell (a bare number only in a column of
 * amounts with a unit: the column's, the table's or the user's), the
 * companies of its party columns, and a line item for each amount in a
 * row that names what it is about. A table without a header of its own
 * that continues the last one (same columns, same kinds of values) takes
 * that one's header. ord[0..m) are the indexes of the table's cells in the
 * unit, by row, and in their order within a row. */
static void table_pass(xctx *x, const trawl__unit *u, const trawl__cell *cells,
                       const uint32_t *ord, size_t m, const trawl__fctx *base)
{
	const char *t = u->nt.text.data;
#define NONE ((size_t)-1)
	size_t i, j, first = NONE, rs, re, *active = NULL, nactive = 0;
	uint32_t maxcol = 0, maxrow = 0, hdr_rows, ncols, nhdr = 0, c;
	char caption[256], unit[16] = "", cur[4] = "", *kind = NULL;
	char runit[16], rcur[4];
	colinfo *col = NULL;
	int goods = 0, continued = 0, user = 0, headed;
	trawl__fctx tc = *base;
	const char *tcur;

	for (i = 0; i < m; i++) {
		const trawl__cell *cl = &cells[ord[i]];
		if (ord[i] < first)
			first = ord[i];
		if (cl->col > maxcol) maxcol = cl->col;
		if (cl->row > maxrow) maxrow = cl->row;
	}
	if (!m || maxcol > 4096)
		return;
	ncols = maxcol + 1;
	table_context(t, cells[first].start, caption, sizeof caption, unit, cur);
	/* the header: the rows before the first row holding a number (a row
	 * of years, 2023 | 2024, is still a header) */
	hdr_rows = maxrow + 1;
	for (i = 0; i < m; i = j) {
		int years = 0, other = 0;
		for (j = i; j < m && cells[ord[j]].row == cells[ord[i]].row; j++) {
			const trawl__cell *cl = &cells[ord[j]];
			const char *s = t + cl->start;
			size_t len = cl->end - cl->start;
			if (!unit[0])
				trawl__find_table_unit(s, len, unit, cur);
			if (numeric_cell(s, len)) {
				if (len == 4 && (s[0] == '1' || s[0] == '2') && all_digits(s, len))
					years++;
				else
					other++;
			} else if (ncols >= 3 && len && len <= 160 && money_cell(s, len)) {
				/* (not in a form of two columns, label | value: its
				 * cells read as text, 中标金额： | 1,200,000.00元) */
				other++;
			}
		}
		if (other || years == 1) {
			hdr_rows = cells[ord[i]].row;
			break;
		}
	}
	/* (a unit may be declared in any cell: 单位：万元 in the last row) */
	for (; i < m && !unit[0]; i++)
		trawl__find_table_unit(t + cells[ord[i]].start, cells[ord[i]].end - cells[ord[i]].start,
		                       unit, cur);
	col = calloc(ncols, sizeof *col);
	kind = malloc(m);
	active = trawl__mallocn(ncols, sizeof *active);
	if (!col || !kind || !active) {
		x->rc = TRAWL_ENOMEM;
		goto out;
	}
	/* many rows of words before the first number are a form (label |
	 * value) or a table of text: only the first of them is a header */
	{
		uint32_t rows = 0, first_row = 0;
		int spans_out = 0;
		for (i = 0; i < m; i = j) {
			uint32_t row = cells[ord[i]].row, filled = 0;
			int spans = 0;
			uint32_t label_end = 0;
			for (j = i; j < m && cells[ord[j]].row == row; j++) {
				const trawl__cell *o = &cells[ord[j]];
				filled += o->end > o->start;
				/* a form's pair: a label from the first column, its value
				 * the next cell, merged across the rest of the row (项目名称
				 * | 某局…项目 over three columns; a label over two) */
				if (o->col == 0 && o->end > o->start)
					label_end = o->colspan > 1 ? o->colspan : 1;
				spans |= label_end && o->col == label_end && o->colspan > 1 &&
				         o->col + o->colspan >= ncols && o->end > o->start;
			}
			spans = spans && filled == 2;
			if (row >= hdr_rows)
				break;
			if (filled >= 2 || ncols <= 2) {
				if (!rows++) {
					first_row = row;
					spans_out = spans;
				}
			}
		}
		/* a form's first pair, its value across the row, is no header:
		 * its value would head the columns below (成交金额 | 1,286,500.00元
		 * under a project's name, read as a column of parties, lost its
		 * money) */
		if (rows > 3)
			hdr_rows = spans_out && ncols > 2 ? 0 : first_row + 1;
	}
	/* a column's header: its text in the last header row that has any
	 * (not title rows, one cell across a wide table, nor unit lines),
	 * after the text of a merged cell over it (药品信息 over 通用名 |
	 * 规格, 预算数 over 基本支出 | 项目支出). A PDF's table has no merged
	 * cells: a group's text there stands over one of its columns only,
	 * and is no header of it. */
	/* A sheet without merged cells (a CSV, a workbook saved as one) writes
	 * a merged header as its text then empty cells: 上年预算数,,,本年预算数,,
	 * over 合计,基本支出,项目支出 twice. There the text heads the empty
	 * cells after it in its row, when a header row below it has more. */
	int sheet_groups = !strcmp(u->kind, "sheet");
	for (i = 0; i < m && sheet_groups; i++)
		if (cells[ord[i]].colspan > 1)
			sheet_groups = 0;
	for (i = 0; i < m; i = j) {
		uint32_t row = cells[ord[i]].row, filled = 0;
		size_t k;
		for (j = i; j < m && cells[ord[j]].row == row; j++)
			filled += cells[ord[j]].end > cells[ord[j]].start;
		if (row >= hdr_rows || (filled < 2 && ncols > 2))
			continue;
		for (k = i; k < j; k++) {
			const trawl__cell *cl = &cells[ord[k]];
			char u2[16], c2[4];
			uint32_t span = cl->colspan > 1 ? cl->colspan : 1, sc;
			if (cl->end == cl->start)
				continue;
			if (sheet_groups && row + 1 < hdr_rows && k > i)
				for (size_t q = k + 1; q < j && cells[ord[q]].end == cells[ord[q]].start &&
				                       cells[ord[q]].col == cl->col + span; q++)
					span++;
			if (trawl__find_table_unit(t + cl->start, cl->end - cl->start, u2, c2) &&
			    cl->end - cl->start < 24)
				continue;
			for (sc = cl->col; sc < cl->col + span && sc < ncols; sc++) {
				char *h = col[sc].hdr;
				size_t hl = col[sc].grouped ? strlen(h) : 0;
				float hc = trawl__ocr_words_min(u, cl->start, cl->end);
				if (hc < 0 && u->ocr)
					hc = u->ocr_conf;
				if (!hl)
					col[sc].hconf = -1;
				if (hc >= 0 && (col[sc].hconf < 0 || hc < col[sc].hconf))
					col[sc].hconf = hc;
				if (hl && hl + 2 < sizeof col[0].hdr)
					h[hl++] = ' ';
				copy_trim(h + hl, sizeof col[0].hdr - hl, t + cl->start, cl->end - cl->start);
				col[sc].grouped = span > 1;
			}
		}
	}
	for (c = 0; c < ncols; c++)
		nhdr += col[c].hdr[0] != '\0';
	/* a header row was read (some column's header) */
	headed = nhdr > 0 && hdr_rows > 0;
	/* what the data cells hold */
	for (i = 0; i < m; i++) {
		const trawl__cell *cl = &cells[ord[i]];
		if (cl->row >= hdr_rows)
			count_cell(&col[cl->col], t + cl->start, cl->end - cl->start);
	}
	if ((nhdr < 2 && nhdr * 2 < ncols) || hdr_rows == 0) {
		/* no header of its own: the last table's, if this continues it */
		if (continues_table(&x->last, col, ncols)) {
			for (c = 0; c < ncols; c++) {
				/* the header's meaning, this part's counts */
				colinfo keep = col[c];
				col[c] = x->last.col[c];
				col[c].nnum = keep.nnum;
				col[c].ntext = keep.ntext;
				col[c].ndec = keep.ndec;
				col[c].nserial = keep.nserial;
				col[c].norg = keep.norg;
				col[c].maxdigits = keep.maxdigits;
				col[c].last = keep.last;
			}
			if (!caption[0])
				memcpy(caption, x->last.caption, sizeof caption);
			if (!unit[0]) {
				memcpy(unit, x->last.unit, sizeof unit);
				memcpy(cur, x->last.cur, sizeof cur);
			}
			goods = x->last.goods;
			hdr_rows = 0;
			continued = 1;
			/* what the columns hold, over every part of the table */
			for (c = 0; c < ncols; c++)
				x->last.col[c].kind |= column_kind(&col[c]);
		} else {
			for (c = 0; c < ncols; c++)
				col[c].hdr[0] = '\0';
			headed = 0;
		}
	}
	if (!continued) {
		for (c = 0; c < ncols; c++) {
			classify_column(&col[c]);
			goods |= col[c].c.goods;
		}
		for (c = 0; c < ncols; c++) {
			colinfo *ci = &col[c];
			ci->kind = column_kind(ci);
			/* a header that says nothing: amounts only when they look it
			 * (decimals, or whole numbers of three digits or more: not 1, 2,
			 * 3 ... nor group numbers), and never in a list of goods (装量
			 * 0.5, DDD 1.5 beside the prices, which have a header that says
			 * so) */
			if (ci->c.amount == AMT_UNKNOWN) {
				ci->c.amount = !goods && (ci->ndec || ci->maxdigits >= 3) &&
				             ci->nnum >= ci->ntext && !serial_column(ci) ? AMT_YES : AMT_NO;
				/* (on a scanned page: the table's header row lost, or
				 * this column's header misread; a header read surely
				 * that says nothing is the page's own, as it would be
				 * born digital, and so is an empty header cell in a
				 * header row that was read: a blank header is common,
				 * a lost cell of a read row is rarer) */
				ci->guessed = ci->c.amount == AMT_YES &&
				              (!headed || (ci->hdr[0] && ci->hconf >= 0 &&
				                           ci->hconf < TRAWL_OCR_UNSURE));
			} else if (ci->c.amount == AMT_YES && !ci->c.unit[0] && !ci->c.money &&
			         serial_column(ci))
				ci->c.amount = AMT_NO;
			if (ci->c.price == 2 && !goods)
				ci->c.price = 0;
			/* a product's name holds no price (三元, 一元 in names) */
			if (goods && ci->c.product == 3)
				ci->c.nomoney = 1;
		}
		/* 成交金额（大写） | 成交金额（小写）: one amount, written twice; the
		 * figures count, the words are neither money nor a label */
		for (c = 0; c < ncols; c++) {
			uint32_t c2;
			if (!strstr(col[c].hdr, "大写") && !strstr(col[c].hdr, "大寫"))
				continue;
			for (c2 = 0; c2 < ncols; c2++)
				if (c2 != c && (strstr(col[c2].hdr, "小写") || strstr(col[c2].hdr, "小寫")))
					break;
			if (c2 < ncols) {
				col[c].c.amount = AMT_NO;
				col[c].c.nomoney = 1;
				col[c].c.nolabel = 1;
			}
		}
		if (nhdr >= 2 || nhdr * 2 >= ncols) {
			/* kept for a table that continues this one */
			colinfo *keep = trawl__mallocn(ncols, sizeof *keep);
			if (!keep) {
				x->rc = TRAWL_ENOMEM;
				goto out;
			}
			memcpy(keep, col, ncols * sizeof *keep);
			tablehead_release(&x->last);
			x->last.col = keep;
			x->last.ncols = ncols;
			memcpy(x->last.caption, caption, sizeof caption);
			memcpy(x->last.unit, unit, sizeof unit);
			memcpy(x->last.cur, cur, sizeof cur);
			x->last.goods = goods;
		}
	}
	/* the table's unit: declared, else the user's */
	tcur = cur[0] ? cur : base->table_currency;
	if (!unit[0] && x->o && x->o->unit && x->o->unit[0]) {
		copy_str(unit, sizeof unit, x->o->unit);
		user = 1;
	}
	tc.table_unit = unit[0] ? unit : NULL;
	tc.table_currency = tcur;
	/* money, cell by cell; parties, column by column */
	for (i = 0; i < m && !x->rc; i++) {
		const trawl__cell *cl = &cells[ord[i]];
		const colinfo *ci = &col[cl->col];
		const char *s = t + cl->start;
		size_t len = cl->end - cl->start;
		trawl__fctx cc = tc;
		amend a = { x, "", 0, 0 };
		int ru = 0;
		if (!len)
			continue;
		if (cl->row < hdr_rows) {
			cc.table_unit = NULL;
			cc.table_currency = base->table_currency;
		} else if ((!ci->c.nomoney || ncols == 2) && !ci->c.unit[0] &&
		           numeric_cell(s, len) && (ncols == 2 || !is_code(s, len, ci)) &&
		           (ru = row_unit(t, cells, ord, i, runit, rcur)) == 2) {
			/* a figure its row names as money with no unit: the table's
			 * or the user's, else its unit is not known */
			if (unit[0]) {
				cc.table_unit = unit;
				a.user = user;
			} else {
				cc.table_unit = NULL;
				cc.label_no_unit = 1;
			}
		} else if (ncols == 2 && cl->col == 1 && label_left_not_money(t, cells, ord, i)) {
			/* 开工时间 | 2024.03, 在职人员 | 120 under 单位：万元: a form's
			 * row that names no money */
			continue;
		} else if (ncols == 2 && cl->col == 1 && !numeric_cell(s, len) &&
		           money_label_left(t, cells, ord, i)) {
			/* a form's 成交金额 | 人民币贰佰叁拾肆万…元整(¥2,345,678.00), in a
			 * column its first row made a party's or one of no money:
			 * money, read as text */
			cc.table_unit = NULL;
		} else if (ru == 1) {
			/* a figure its row names with a unit, its column not (a
			 * form: 中标金额（万元） | 120.5; a form's "header" is its
			 * first values, which say nothing of the others: 12000
			 * there is no code) */
			cc.table_unit = runit;
			cc.table_currency = rcur[0] ? rcur : base->table_currency;
		} else if (ci->c.party) {
			table_party(x, t, cl, ci);
			continue;
		} else if (ci->c.nomoney) {
			continue;
		} else if (ci->c.amount != AMT_YES || is_code(s, len, ci)) {
			/* (codes such as 2040299 are no amounts) */
			cc.table_unit = NULL;
		} else {
			if (ci->c.unit[0]) {
				cc.table_unit = ci->c.unit;
				cc.table_currency = ci->c.cur[0] ? ci->c.cur : base->table_currency;
			} else {
				a.user = user;
			}
			a.per = ci->c.per;
			a.price = ci->c.price != 0;
			x->guess = ci->guessed;
		}
		x->base = cl->start;
		trawl__extract_money_cell(s, len, &cc, add_amended, &a);
		x->guess = 0;
	}
	x->base = 0;
	/* line items, row by row: each amount with the row's label (the
	 * column naming the item, else the text nearest to its left, else the
	 * row's company, else the first text to its right), its party and its
	 * first code */
	for (rs = 0; rs < m && !x->rc; rs = re) {
		size_t label = NONE, code_cell = NONE, party_cell = NONE, k;
		int party_rank = 0;
		for (re = rs; re < m && cells[ord[re]].row == cells[ord[rs]].row; re++) {
			const trawl__cell *o = &cells[ord[re]];
			const colinfo *ci = &col[o->col];
			size_t ol = o->end - o->start;
			kind[re] = !ol ? 0 : is_code(t + o->start, ol, ci) ? 1 :
			           numeric_cell(t + o->start, ol) ? 0 : 2;
			if (kind[re] == 1 && code_cell == NONE)
				code_cell = re;
			if (kind[re] == 2 && ci->c.product &&
			    (label == NONE || ci->c.product > col[cells[ord[label]].col].c.product))
				label = re;
			if (kind[re] == 2 && ci->c.party) {
				/* whose price it is: the bidder or seller before the
				 * maker, the maker before who delivers (配送企业) */
				int rank = ci->c.party == PARTY_MAKER ? 2 : ci->c.delivers ? 1 : 3;
				const char *ps = t + o->start;
				size_t pn = ol;
				if (rank > party_rank && company_name(&ps, &pn) &&
				    (party_column_trusted(ci) || org_ending(ps, pn))) {
					party_cell = re;
					party_rank = rank;
				}
			}
		}
		/* a cell merged down from a row above (the product's name over its
		 * several packages) names this row's item and company too */
		for (k = 0; k < nactive;) {
			const trawl__cell *o = &cells[ord[active[k]]];
			const colinfo *ci = &col[o->col];
			size_t a = active[k];
			if (o->row + o->rowspan <= cells[ord[rs]].row) {
				active[k] = active[--nactive];
				continue;
			}
			if (kind[a] == 2 && ci->c.product &&
			    (label == NONE || ci->c.product > col[cells[ord[label]].col].c.product))
				label = a;
			if (kind[a] == 1 && code_cell == NONE)
				code_cell = a;
			if (kind[a] == 2 && ci->c.party && party_cell == NONE)
				party_cell = a;
			k++;
		}
		for (k = rs; k < re; k++)
			if (cells[ord[k]].rowspan > 1 && kind[k] && nactive < ncols)
				active[nactive++] = k;
		if (cells[ord[rs]].row < hdr_rows)
			continue;
		for (i = rs; i < re && !x->rc; i++) {
			const trawl__cell *cl = &cells[ord[i]], *lab = NULL;
			const colinfo *ci = &col[cl->col];
			const char *s = t + cl->start;
			size_t len = cl->end - cl->start;
			trawl__fctx cc = tc;
			amend a = { x, ci->c.per, ci->c.price != 0, 0 };
			trawl__fact f;
			if (!len || kind[i] == 1 || ci->c.amount != AMT_YES ||
			    (ncols == 2 && cl->col == 1 && label_left_not_money(t, cells, ord, i)))
				continue;
			if (ci->c.unit[0]) {
				cc.table_unit = ci->c.unit;
				cc.table_currency = ci->c.cur[0] ? ci->c.cur : base->table_currency;
			} else if ((!ci->c.nomoney || ncols == 2) && numeric_cell(s, len) &&
			           row_unit(t, cells, ord, i, runit, rcur) == 1) {
				/* (the unit its row states, as for its money fact) */
				cc.table_unit = runit;
				cc.table_currency = rcur[0] ? rcur : base->table_currency;
			} else {
				a.user = user;
			}
			if (!cc.table_unit && !ci->c.money)
				continue;
			/* (a cell that states its own unit, 16901400.21元, in a
			 * column headed as money without one) */
			if (!numeric_cell(s, len) && !cc.table_unit && !ci->c.money)
				continue;
			if (!cell_amount(s, len, &cc, &f) || f.end - f.start < len / 2)
				continue;
			if (!numeric_cell(s, len) && !cc.table_unit && !f.currency[0])
				continue;
			/* (an amount with words in it is not its own label) */
			if (label != NONE) {
				/* of columns naming items alike, the nearest to its
				 * left: a 收入 | 支出 table side by side (项目 | 预算数 |
				 * 项目 | 预算数) names each side's rows by its own */
				size_t best = label;
				int rank = col[cells[ord[label]].col].c.product;
				for (k = rs; k < re; k++) {
					const trawl__cell *o = &cells[ord[k]];
					uint32_t c0 = cells[ord[best]].col, cx;
					if (kind[k] != 2 || col[o->col].c.product != rank || o->col >= cl->col ||
					    o->col <= c0)
						continue;
					/* (a second side: an amount column between them;
					 * not 项目名称 | 服务期限 | 中标金额) */
					for (cx = c0 + 1; cx < o->col && col[cx].c.amount != AMT_YES; cx++)
						;
					if (cx < o->col)
						best = k;
				}
				lab = &cells[ord[best]];
			} else {
				size_t left = NONE, right = NONE, any = NONE;
				for (k = rs; k < re; k++) {
					const trawl__cell *o = &cells[ord[k]];
					if (kind[k] != 2 || k == i || col[o->col].c.nolabel)
						continue;
					if (col[o->col].c.party) {
						if (any == NONE)
							any = k;
						continue;
					}
					if (o->col < cl->col)
						left = k;
					else if (right == NONE)
						right = k;
				}
				/* (an award's row is about its vendor more than about
				 * an address to its right) */
				k = left != NONE ? left : any != NONE ? any : right;
				lab = k != NONE ? &cells[ord[k]] : NULL;
			}
			if (!lab)
				continue;
			amend_fact(&a, &f);
			f.kind = TRAWL__F_ITEM;
			f.start = cl->start;
			f.end = cl->end;
			copy_trim(f.label, sizeof f.label, t + lab->start, lab->end - lab->start);
			copy_trim(f.column, sizeof f.column, ci->hdr, strlen(ci->hdr));
			copy_trim(f.caption, sizeof f.caption, caption, strlen(caption));
			f.code[0] = '\0';
			if (code_cell != NONE)
				copy_trim(f.code, sizeof f.code, t + cells[ord[code_cell]].start,
				          cells[ord[code_cell]].end - cells[ord[code_cell]].start);
			f.party[0] = '\0';
			if (party_cell != NONE) {
				const char *ps = t + cells[ord[party_cell]].start;
				size_t pn = cells[ord[party_cell]].end - cells[ord[party_cell]].start;
				if (company_name(&ps, &pn))
					copy_trim(f.party, sizeof f.party, ps, pn);
			}
			x->guess = ci->guessed;
			add_fact(x, &f);
			x->guess = 0;
		}
	}
out:
	free(active);
	free(kind);
	free(col);
#undef NONE
}

/* Orders a unit's cells (arg) by table, then row, then their place in the
 * unit. */
static int cell_order_r(const void *a, const void *b, void *arg)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	const trawl__cell *cells = arg, *x = &cells[i], *y = &cells[j];
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Every table of the unit (cells[0..n)), each in one pass over its own
 * cells. */
static int span_cmp(const void *a, const void *b)
{
	const uint32_t *p = a, *q = b;
	return p[0] < q[0] ? -1 : p[0] > q[0];
}

/* A table's cell read as money (基本支出 | 2080.10 under 单位：万元) is no
 * date of a year no document has: such dates found from fact from on, of
 * the unit being read, inside the span of a money fact found there are
 * dropped. */
static void drop_dates_in_money(xctx *x, size_t from)
{
	trawl__vec *v = &x->d->facts;
	uint32_t (*sp)[2];
	size_t k, ns = 0, o;
	int any_date = 0;

	for (k = from; k < v->n; k++) {
		const trawl__dfact *f = &TRAWL_VEC_AT(v, trawl__dfact, k);
		ns += f->kind == TRAWL__F_MONEY;
		any_date |= f->kind == TRAWL__F_DATE;
	}
	if (!ns || !any_date)
		return;
	sp = trawl__mallocn(ns, sizeof *sp);
	if (!sp)
		return;             /* (both kept: nothing lost) */
	ns = 0;
	for (k = from; k < v->n; k++) {
		const trawl__dfact *f = &TRAWL_VEC_AT(v, trawl__dfact, k);
		if (f->kind == TRAWL__F_MONEY) {
			sp[ns][0] = f->start;
			sp[ns][1] = f->end;
			ns++;
		}
	}
	qsort(sp, ns, sizeof *sp, span_cmp);
	for (o = k = from; k < v->n; k++) {
		trawl__dfact f = TRAWL_VEC_AT(v, trawl__dfact, k);
		const char *dv = f.kind == TRAWL__F_DATE ? trawl__dfact_str(x->d, &f, TRAWL__FS_VALUE) : "";
		/* (only a date no document of ours has: a year from 2050, 2080.10;
		 * 2024.10 or 1999.12 may be either, and both are kept) */
		if (f.kind == TRAWL__F_DATE && strlen(dv) >= 4 && strncmp(dv, "2050", 4) >= 0 &&
		    dv[0] >= '0' && dv[0] <= '9') {
			/* the last money span starting at or before the date */
			size_t lo = 0, hi = ns;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (sp[mid][0] <= f.start)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo && sp[lo - 1][1] >= f.end)
				continue;
		}
		TRAWL_VEC_AT(v, trawl__dfact, o++) = f;
	}
	v->n = o;
	free(sp);
}

static void table_passes(xctx *x, const trawl__unit *u, const trawl__cell *cells, size_t n,
                         const trawl__fctx *base)
{
	size_t i, a;
	uint32_t *ord;

	if (!n)
		return;
	ord = trawl__mallocn(n, sizeof *ord);
	if (!ord) {
		x->rc = TRAWL_ENOMEM;
		return;
	}
	for (i = 0; i < n; i++)
		ord[i] = (uint32_t)i;
	/* cells are nearly always in order already; sort only when not */
	for (i = 1; i < n; i++) {
		const trawl__cell *p = &cells[i - 1], *q = &cells[i];
		if (p->table > q->table || (p->table == q->table && p->row > q->row))
			break;
	}
	if (i < n)
		qsort_r(ord, n, sizeof *ord, cell_order_r, (void *)cells);
	for (a = 0; a < n && !x->rc; a = i) {
		for (i = a + 1; i < n && cells[ord[i]].table == cells[ord[a]].table; i++)
			;
		table_pass(x, u, cells, ord + a, i - a, base);
	}
	free(ord);
}

/* A JSON number as the file wrote it: a double printed with 17 digits
 * (9407.6000000000004) back to its shortest form (9407.6). */
static void json_number(char v[TRAWL__DEC_MAX])
{
	char out[64];
	size_t sig = 0;
	double d;
	int prec;

	for (const char *p = v; *p; p++)
		sig += *p >= '0' && *p <= '9';
	if (sig < 16)
		return;
	d = strtod(v, NULL);
	for (prec = 1; prec <= 17; prec++) {
		snprintf(out, sizeof out, "%.*f", prec, d);
		if (strtod(out, NULL) == d)
			break;
	}
	if (prec > 17 || strchr(out, 'e') || strlen(out) >= TRAWL__DEC_MAX)
		return;
	if (trawl__dec_norm(out) == 0)
		memcpy(v, out, strlen(out) + 1);
}

/* The line "PREFIX.currency: XYZ" near line [ls, le) (in the same
 * object: a few lines before or after), its code in cur. */
static int ocds_currency(const char *t, const char *e, const char *ls, const char *prefix,
                         size_t plen, char cur[4])
{
	const char *p = ls;
	int k;

	/* back a few lines, then forward */
	for (k = 0; k < 12 && p > t; k++) {
		p--;
		while (p > t && p[-1] != '\n')
			p--;
	}
	for (k = 0; k < 25 && p < e; k++) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le = nl ? nl : e;
		if ((size_t)(le - p) == plen + 14 && !memcmp(p, prefix, plen) &&
		    !memcmp(p + plen, ".currency: ", 11)) {
			const char *c = p + plen + 11;
			if (c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z' && c[2] >= 'A' &&
			    c[2] <= 'Z') {
				memcpy(cur, c, 3);
				cur[3] = '\0';
				return 1;
			}
		}
		p = le + 1;
	}
	return 0;
}

#define TEXT_TABLE_COLS 64
#define TEXT_TABLE_MAX_CELLS ((size_t)1 << 22)

/* The fields of the line t[s..e): text between tabs or runs of two or
 * more spaces, trimmed; up to max of them in f. Returns how many. */
static size_t line_fields(const char *t, size_t s, size_t e, uint32_t (*f)[2], size_t max)
{
	size_t i = s, k = 0;

	while (i < e) {
		size_t a, b;
		while (i < e && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r'))
			i++;
		if (i >= e)
			break;
		a = i;
		while (i < e) {
			unsigned char c = (unsigned char)t[i];
			if (c > ' ') {      /* (most bytes: none of the ends) */
				i++;
				/* and eight at a time while none is a space or a
				 * control byte: w holds a byte < 0x21 exactly when
				 * (w - 0x2121...) & ~w has a top bit set */
				for (;;) {
					uint64_t w;
					if (i + 8 > e)
						break;
					memcpy(&w, t + i, 8);
					if ((w - 0x2121212121212121u) & ~w & 0x8080808080808080u)
						break;
					i += 8;
				}
				continue;
			}
			if (c == '\t' || c == '\r' ||
			    (c == ' ' && i + 1 < e && (t[i + 1] == ' ' || t[i + 1] == '\t')))
				break;
			i++;
		}
		b = i;
		while (b > a && t[b - 1] == ' ')
			b--;
		if (k == max)
			return max + 1;
		f[k][0] = (uint32_t)a;
		f[k][1] = (uint32_t)b;
		k++;
	}
	return k;
}

/* The end of the line that starts at i (its '\n', or n). */
static size_t line_end_at(const char *t, size_t n, size_t i)
{
	const char *nl = i < n ? memchr(t + i, '\n', n - i) : NULL;
	return nl ? (size_t)(nl - t) : n;
}

/* Adds the rows lines of a text table that starts at byte p, each of k
 * fields, as table number tbl to cells (sticky on x->rc). */
static void text_table_cells(xctx *x, const char *t, size_t n, size_t p, size_t rows, size_t k,
                             uint32_t tbl, trawl__cell **cells, size_t *ncells, size_t *cap)
{
	uint32_t f[TEXT_TABLE_COLS][2];
	size_t r, c;

	if (*ncells + rows * k > *cap) {
		size_t nc = (*ncells + rows * k) * 2;
		trawl__cell *c2 = trawl__reallocn(*cells, nc, sizeof *c2);
		if (!c2) {
			x->rc = TRAWL_ENOMEM;
			return;
		}
		*cells = c2;
		*cap = nc;
	}
	for (r = 0; r < rows; r++) {
		size_t le = line_end_at(t, n, p);
		line_fields(t, p, le, f, TEXT_TABLE_COLS);
		for (c = 0; c < k; c++) {
			trawl__cell *cl = &(*cells)[(*ncells)++];
			memset(cl, 0, sizeof *cl);
			cl->table = tbl;
			cl->row = (uint32_t)r;
			cl->col = (uint32_t)c;
			cl->start = f[c][0];
			cl->end = f[c][1];
			cl->rowspan = cl->colspan = 1;
		}
		p = le + 1;
	}
}

/* Tables in plain text, whose reader keeps no cells (a TXT price list, text
 * from a PDF tool): blocks of three or more lines in a row that split into
 * the same number (three or more) of fields at tabs or runs of spaces, a
 * number among them. Their cells, as a reader's, in a new array *out;
 * returns how many (0 and *out NULL when there are none, or when out of
 * memory, with x->rc set). */
static size_t text_tables(xctx *x, const char *t, size_t n, trawl__cell **out)
{
	uint32_t f[TEXT_TABLE_COLS][2];
	trawl__cell *cells = NULL;
	size_t ncells = 0, cap = 0, ls = 0, bstart = 0, bk = 0, rows = 0, k, c;
	uint32_t ntables = 0;
	int numeric = 0;

	*out = NULL;
	/* (a text with no tab and no double space has no such table) */
	if (!memchr(t, '\t', n) && !memmem(t, n, "  ", 2))
		return 0;
	for (; !x->rc; ls = line_end_at(t, n, ls) + 1) {
		k = ls < n ? line_fields(t, ls, line_end_at(t, n, ls), f, TEXT_TABLE_COLS) : 0;
		if (rows && k == bk) {
			rows++;
		} else {
			/* the block so far ends: a table if it has rows and numbers
			 * (a text of millions of fields gets no more of them) */
			char cap2[64], u2[16] = "", c2[4] = "";
			if (rows >= 3 && numeric && bk == 2) {
				table_context(t, bstart, cap2, sizeof cap2, u2, c2);
				/* (or in its header: 项目<TAB>金额（万元）) */
				if (!u2[0])
					trawl__find_table_unit(t + bstart, line_end_at(t, n, bstart) - bstart,
					                       u2, c2);
				if (!u2[0]) {
					uint32_t hf[3][2];
					char per[16];
					size_t le = line_end_at(t, n, bstart);
					if (line_fields(t, bstart, le, hf, 2) == 2 &&
					    !trawl__header_unit(t + hf[1][0], hf[1][1] - hf[1][0], u2, c2, per))
						u2[0] = '\0';
				}
			}
			if (rows >= 3 && (bk == 2 ? numeric >= 2 && u2[0] : numeric) &&
			    ncells + rows * bk <= TEXT_TABLE_MAX_CELLS)
				text_table_cells(x, t, n, bstart, rows, bk, ntables++, &cells, &ncells, &cap);
			rows = 0;
			numeric = 0;
			if (k >= 2 && k <= TEXT_TABLE_COLS) {
				bstart = ls;
				bk = k;
				rows = 1;
			}
		}
		/* (two columns, label and figure, as a budget's 基本支出<TAB>2080.10:
		 * a table when two of its rows end in a figure and a unit is
		 * declared above it, 单位：万元; else its lines are read as text,
		 * 预算金额  120万元 with its label; wider ones when any field is
		 * one) */
		if (rows && k == 2)
			numeric += numeric_cell(t + f[1][0], f[1][1] - f[1][0]);
		else
			for (c = 0; rows && c < k && !numeric; c++)
				numeric = numeric_cell(t + f[c][0], f[c][1] - f[c][0]);
		if (ls >= n)
			break;
	}
	if (x->rc) {
		free(cells);
		return 0;
	}
	*out = cells;
	return ncells;
}

/* OCDS releases: every amount of a Value ("awards[0].value.amount:
 * 26500000", "planning.budget.amount.amount", "tender.minValue.amount")
 * with the currency of the same object, else an unknown one; an item's
 * unit value is a price per item. And the named parties. */
static void ocds_facts(xctx *x, const trawl__unit *u)
{
	const char *t = u->nt.text.data, *p = t, *e = t + u->nt.text.len;
	/* tender.procuringEntity manages the procurement: an agency where the
	 * release names its buyer (OCDS 1.1), else the buyer it stands for */
	const char *bn = u->nt.text.len >= 12 && !memcmp(t, "buyer.name: ", 12) ? t :
	                 memmem(t, u->nt.text.len, "\nbuyer.name: ", 13);
	const char *bv = NULL, *be = NULL;
	if (bn) {
		bv = bn + (*bn == '\n' ? 13 : 12);
		be = memchr(bv, '\n', (size_t)(e - bv));
		if (!be)
			be = e;
		/* (a JSON null: no buyer) */
		if (be == bv || (be - bv == 4 && !memcmp(bv, "null", 4)))
			bv = NULL;
	}

	while (p < e && !x->rc) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le = nl ? nl : e;
		const char *colon = memchr(p, ':', (size_t)(le - p));
		if (colon && colon + 2 <= le) {
			size_t klen = (size_t)(colon - p);
			const char *v = colon + 2;
			trawl__fact f;
			memset(&f, 0, sizeof f);
			if (klen > 7 && !memcmp(colon - 7, ".amount", 7) &&
			    trawl__parse_number(v, (size_t)(le - v), f.value) == (size_t)(le - v)) {
				f.kind = TRAWL__F_MONEY;
				f.start = (uint32_t)(v - t);
				f.end = (uint32_t)(le - t);
				json_number(f.value);
				if (ocds_currency(t, e, p, p, klen - 7, f.currency))
					memcpy(f.unit_source, "inline", 7);
				else
					memcpy(f.unit_source, "unknown", 8);
				if (memmem(p, klen, ".unit.value.amount", 18))
					memcpy(f.role, "price", 6);
				copy_trim(f.label, sizeof f.label, p, klen);
				add_fact(x, &f);
			} else if (klen > 5 && !memcmp(colon - 5, ".name", 5) && le > v &&
			           !(le - v == 4 && !memcmp(v, "null", 4))) {
				/* the organisation's own name (buyer.name, not
				 * buyer.contactPoint.name: a person or a team) */
				const char *role = NULL, *sp;
				if (klen == 10 && !memcmp(p, "buyer.name", 10))
					role = "buyer";
				else if (!strncmp(p, "awards[", 7) &&
				         (sp = memmem(p, klen, "].suppliers[", 12)) != NULL &&
				         memchr(sp + 12, ']', (size_t)(colon - sp - 12)) &&
				         memchr(sp + 12, ']', (size_t)(colon - sp - 12)) + 6 == colon &&
				         !memchr(p + 7, '.', (size_t)(sp - p - 7)))
					role = "vendor";
				/* tender.procuringEntity manages the procurement: an
				 * agency where the release names a buyer other than it
				 * (OCDS 1.1), else the buyer it stands for */
				else if (klen == 27 && !memcmp(p, "tender.procuringEntity.name", 27))
					role = !bv ? "buyer" :
					       (size_t)(be - bv) == (size_t)(le - v) && !memcmp(bv, v, (size_t)(le - v)) ?
					       NULL : "agency";
				if (role) {
					f.kind = TRAWL__F_PARTY;
					f.start = (uint32_t)(v - t);
					f.end = (uint32_t)(le - t);
					copy_trim(f.value, sizeof f.value, v, (size_t)(le - v));
					copy_trim(f.role, sizeof f.role, role, strlen(role));
					add_fact(x, &f);
				}
			}
		}
		p = le + 1;
	}
}

/* Quantities, told where this unit's money and dates are (facts from
 * index `from` on), so that no span is reported twice. */
static void quantities(xctx *x, const char *t, size_t len, const trawl__fctx *c, size_t from)
{
	trawl__fctx q = *c;
	uint32_t (*spans)[2] = NULL;
	size_t n = 0, i;

	if (x->d->facts.n > from) {
		spans = trawl__mallocn(x->d->facts.n - from, sizeof *spans);
		if (!spans) {
			x->rc = TRAWL_ENOMEM;
			return;
		}
		for (i = from; i < x->d->facts.n; i++) {
			const trawl__dfact *df = &((const trawl__dfact *)x->d->facts.items)[i];
			if (df->kind != TRAWL__F_MONEY && df->kind != TRAWL__F_DATE)
				continue;
			spans[n][0] = df->start;
			spans[n][1] = df->end;
			n++;
		}
		qsort(spans, n, sizeof *spans, span_cmp);
	}
	/* an empty list is a list: nothing is taken */
	q.spans = spans ? (const uint32_t (*)[2])spans : (const uint32_t (*)[2])"";
	q.nspans = n;
	trawl__extract_quantities(t, len, &q, add_fact, x);
	free(spans);
}

/* A date of the Republic of China's years written with numbers, as a
 * Taiwan government's notices write them: 113/03/15 (a year of three
 * digits from 100, not in a longer number, then a month and a day of two
 * digits each). Two-digit years (99/12/31) are read in such a document but
 * do not make one: 05/06/24 is also a date of another order. */
static int has_roc_numeric_date(const char *s)
{
	if (!s)
		return 0;
	for (const char *p = strchr(s, '/'); p; p = strchr(p + 1, '/')) {
		size_t at = (size_t)(p - s), y = 0;
		while (y < 4 && y < at && s[at - y - 1] >= '0' && s[at - y - 1] <= '9')
			y++;
		if (y != 3 || s[at - 3] != '1')
			continue;
		if (p[1] >= '0' && p[1] <= '1' && p[2] >= '0' && p[2] <= '9' && p[3] == '/' &&
		    p[4] >= '0' && p[4] <= '3' && p[5] >= '0' && p[5] <= '9' &&
		    !(p[6] >= '0' && p[6] <= '9') && p[6] != '/')
			return 1;
	}
	return 0;
}

static int roc_document(const trawl__doc *d)
{
	/* (中華民國 holds 民國: it is found whenever that is); words only
	 * Taiwan's procurement uses (決標, 標案); its numeric dates */
	static const char *const w[] = { "民國", "決標", "標案", "政府電子採購網", NULL };
	/* (and 新臺幣, 行政院, but not in a mainland text: 折合新臺幣1000亿元
	 * in a Fujian report leaves its 元 yuan) */
	static const char *const weak[] = { "新臺幣", "新台幣", "行政院", NULL };
	size_t i;
	int simp = d->units.n &&
	           trawl__simplified_text(TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->nt.text.data,
	                                  TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->nt.text.len);

	if (d->title && (has_any(d->title, w) || (!simp && has_any(d->title, weak))))
		return 1;
	for (i = 0; i < d->units.n && i < 2; i++) {
		const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, i);
		if (has_any(u->nt.text.data, w) || (!simp && has_any(u->nt.text.data, weak)) ||
		    has_roc_numeric_date(u->nt.text.data))
			return 1;
	}
	return 0;
}

/* Past spaces, a time of day (17:05, 09:30:00) and spaces after it. */
static const char *after_time(const char *p)
{
	const char *q;
	while (*p == ' ' || *p == '\t')
		p++;
	q = p;
	if (q[0] >= '0' && q[0] <= '9') {
		q += q[1] >= '0' && q[1] <= '9' ? 2 : 1;
		if (q[0] == ':' && q[1] >= '0' && q[1] <= '9' && q[2] >= '0' && q[2] <= '9') {
			q += 3;
			if (q[0] == ':' && q[1] >= '0' && q[1] <= '9' && q[2] >= '0' && q[2] <= '9')
				q += 3;
			p = q;
			while (*p == ' ' || *p == '\t')
				p++;
		}
	}
	return p;
}

/* A date alone on its line that is years before every date the document's
 * opening writes with its year (its first 3,000 bytes): a quoted
 * regulation's signature in an annex (二○一一年六月十八日 at the end of a
 * 2026 tender's file), not the document's own. */
static int quoted_date(const trawl__doc *d, const trawl__dfact *alone)
{
	int y = (int)strtol(trawl__dfact_str(d, alone, TRAWL__FS_VALUE), NULL, 10), low = 0;

	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = &TRAWL_VEC_AT(&d->facts, trawl__dfact, i);
		const char *v;
		int fy;
		if (f->kind != TRAWL__F_DATE || f->unit != 0 || f->start >= 3000 || f == alone)
			continue;
		v = trawl__dfact_str(d, f, TRAWL__FS_VALUE);
		if (v[0] == '-' || (fy = (int)strtol(v, NULL, 10)) < 1900)
			continue;   /* (--03-05: no year written) */
		if (!low || fy < low)
			low = fy;
	}
	return y && low && y < low - 1;
}

/* Marks the document's publication date (role "published"): a date after
 * a label such as 公告日期 or 发布时间, else a date alone on the last line
 * that has one (the signature of a notice). A contract's signing date
 * (签订日期, 签约日期) is role "signed": a contract notice's year where it
 * states no publication; an invoice's date of issue (开票日期, in a text
 * that is an invoice's: trawl__invoice_opening) is role "issued", its
 * year. */
static trawl_err published_date(trawl__doc *d)
{
	static const char *const labels[] = { "公告日期", "发布日期", "发布时间", "公示日期",
		"发文日期", "成文日期", "公告时间", "发布于", "Date:", "Published:", NULL };
	/* the start of a publicity period: only when nothing else says */
	static const char *const weak[] = { "公示时间", "公示期", "公示日期为", "公告期限", "公告期:",
		"公告期为", "公告時間", "公告期間", NULL };
	/* both lists, to pass over most dates with one look at what is before
	 * them */
	static const char *const any[] = { "公告日期", "发布日期", "发布时间", "公示日期",
		"发文日期", "成文日期", "公告时间", "发布于", "Date:", "Published:", "公示时间",
		"公示期", "公示日期为", "公告期限", "公告期:", "公告期为", "公告時間", "公告期間",
		"签订日期", "签订时间", "签约日期", "签约时间", "签署日期", "簽訂日期", "开票日期",
		"開票日期", "开立日期", "開立日期", "发票日期", "發票日期", "填开日期", "填開日期", NULL };
	/* an invoice's date of issue: role "issued", as an OFD invoice's own */
	static const char *const issuing[] = { "开票日期", "開票日期", "开立日期", "開立日期",
		"发票日期", "發票日期", "填开日期", "填開日期", NULL };
	static const char *const signing[] = { "签订日期", "签订时间", "签约日期", "签约时间",
		"签署日期", "簽訂日期", NULL };
	static trawl__kwset any_k = TRAWL__KWSET(any);
	trawl__dfact *fs = d->facts.items, *found = NULL, *last_alone = NULL, *weak_hit = NULL;
	trawl__dfact *signed_hit = NULL, *issued_hit = NULL;
	size_t i;
	/* (an invoice's only: not a date an audit or a claim quotes) */
	const trawl__unit *u0 = d->units.n ? TRAWL_VEC_AT(&d->units, trawl__unit *, 0) : NULL;
	int invoice = u0 && trawl__invoice_opening(u0->nt.text.data, u0->nt.text.len);

	for (i = 0; i < d->facts.n && !found; i++) {
		trawl__dfact *df = &fs[i];
		const trawl__unit *u;
		const char *t, *ls, *le;
		size_t from;
		int k;
		if (df->kind != TRAWL__F_DATE || df->unit >= d->units.n)
			continue;
		u = TRAWL_VEC_AT(&d->units, trawl__unit *, df->unit);
		t = u->nt.text.data;
		from = df->start > 32 ? df->start - 32 : 0;
		/* (a date its reader gave a role: an OFD invoice's) */
		if (trawl__dfact_str(d, df, TRAWL__FS_ROLE)[0])
			continue;
		if (invoice) {
			/* (its label spaced as PDFs print it: 开 票 日 期 ：) */
			char w[96];
			size_t wl = 0, b = df->start > 48 ? df->start - 48 : 0, q;
			for (q = b; q < df->start && wl < sizeof w - 1; q++)
				if (t[q] == '\n')
					wl = 0;
				else if (t[q] != ' ')
					w[wl++] = t[q];
			for (k = 0; issuing[k]; k++)
				if (memmem(w, wl, issuing[k], strlen(issuing[k])))
					break;
		}
		if (invoice && issuing[k]) {
			if (!issued_hit)
				issued_hit = df;
			continue;
		}
		if (!trawl__kw_any(&any_k, t + from, df->start - from))
			goto alone;
		for (k = 0; labels[k] && !found; k++) {
			const char *hit = memmem(t + from, df->start - from, labels[k], strlen(labels[k]));
			if (hit && !memchr(hit, '\n', (size_t)(t + df->start - hit)))
				found = df;
		}
		if (found)
			break;
		for (k = 0; weak[k] && !weak_hit; k++) {
			const char *hit = memmem(t + from, df->start - from, weak[k], strlen(weak[k]));
			if (hit && !memchr(hit, '\n', (size_t)(t + df->start - hit)))
				weak_hit = df;
		}
		for (k = 0; signing[k] && !signed_hit; k++) {
			const char *hit = memmem(t + from, df->start - from, signing[k],
			                         strlen(signing[k]));
			const char *after = t + df->end;
			size_t left = u->nt.text.len - df->end;
			/* (not a deadline: 合同签订时间：2025年1月10日前) */
			if (hit && !memchr(hit, '\n', (size_t)(t + df->start - hit)) &&
			    !(left >= 3 && !memcmp(after, "前", 3)) &&
			    !(left >= 6 && (!memcmp(after, "之前", 6) || !memcmp(after, "以前", 6))))
				signed_hit = df;
		}
		/* alone on its line (a time of day after it, or the page's
		 * "来源: ..." after that, may follow)? */
	alone:
		ls = t + df->start;
		/* (only blanks back to the line's start, else not alone: a long
		 * line is not walked back to its start for each date) */
		while (ls > t && (ls[-1] == ' ' || ls[-1] == '\t'))
			ls--;
		le = after_time(t + df->end);
		if ((ls == t || ls[-1] == '\n') && strspn(ls, " \t") == (size_t)(t + df->start - ls) &&
		    (*le == '\n' || !*le || !strncmp(le, "来源", 6) || !strncmp(le, "信息来源", 12)))
			last_alone = df;
	}
	if (!found)
		found = last_alone && !quoted_date(d, last_alone) ? last_alone : weak_hit;
	{
		xctx x = { .d = d, .rc = TRAWL_OK };
		if (issued_hit)
			issued_hit->str[TRAWL__FS_ROLE] = pool_str(&x, "issued");
		if (signed_hit && signed_hit != found && !x.rc)
			signed_hit->str[TRAWL__FS_ROLE] = pool_str(&x, "signed");
		if (found && !x.rc)
			found->str[TRAWL__FS_ROLE] = pool_str(&x, "published");
		return x.rc;
	}
}

typedef struct fact_key {
	uint32_t unit, start, idx;
} fact_key;

static int key_less(const fact_key *x, const fact_key *y)
{
	if (x->unit != y->unit)
		return x->unit < y->unit;
	if (x->start != y->start)
		return x->start < y->start;
	/* ties keep the order they were found in */
	return x->idx < y->idx;
}

/* Sorts k[0..n) by unit, start and index, with tmp (n keys) for the
 * merges; returns the one of the two that holds the result. Each
 * extractor reports a unit's facts in text order, so a document's facts
 * come as a few ascending runs: these are merged two by two until one is
 * left (qsort compared them n log n times through a function pointer). */
static fact_key *sort_keys(fact_key *k, fact_key *tmp, size_t n)
{
	for (;;) {
		size_t i = 0, runs = 0;
		while (i < n) {
			size_t m = i + 1, e, a, b, o = i;
			while (m < n && key_less(&k[m - 1], &k[m]))
				m++;
			e = m;
			if (e < n)
				for (e++; e < n && key_less(&k[e - 1], &k[e]); e++)
					;
			for (a = i, b = m; a < m && b < e;)
				tmp[o++] = key_less(&k[b], &k[a]) ? k[b++] : k[a++];
			while (a < m)
				tmp[o++] = k[a++];
			while (b < e)
				tmp[o++] = k[b++];
			runs++;
			i = e;
		}
		{
			fact_key *sw = k;
			k = tmp;
			tmp = sw;
		}
		if (runs <= 1)
			return k;
	}
}

/* The characters of s[from..to): its bytes that are not UTF-8
 * continuation bytes (top bits 10), counted eight at a time (it runs over
 * every document's whole text). */
static size_t count_chars(const char *s, size_t from, size_t to)
{
	const uint64_t high = 0x8080808080808080u;
	size_t k = 0, i = from;

	for (; i + 8 <= to; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		/* bit 7 of each byte set for a continuation byte, moved to bit 0
		 * and summed into the top byte */
		w = (w & ~(w << 1) & high) >> 7;
		k += 8 - (size_t)((w * 0x0101010101010101u) >> 56);
	}
	for (; i < to; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Sorts the facts by unit and start and gives each its character offsets,
 * counting each unit's text once (here, in the worker thread, not in the
 * store's single writer). Their keys are sorted, then the facts are moved
 * in place. */
static trawl_err cite_chars(trawl__doc *d)
{
	trawl__dfact *fs = d->facts.items, tmp;
	fact_key *buf, *keys;
	size_t i, j, n = d->facts.n;

	if (!n)
		return TRAWL_OK;
	buf = trawl__mallocn(n, 2 * sizeof *buf);
	if (!buf)
		return TRAWL_ENOMEM;
	for (i = 0; i < n; i++) {
		buf[i].unit = fs[i].unit;
		buf[i].start = fs[i].start;
		buf[i].idx = (uint32_t)i;
	}
	keys = sort_keys(buf, buf + n, n);
	/* position i takes the fact at keys[i].idx: move them along each
	 * cycle of that permutation (a placed one gets idx = its position) */
	for (i = 0; i < n; i++) {
		if (keys[i].idx == i)
			continue;
		tmp = fs[i];
		for (j = i; keys[j].idx != i; ) {
			size_t src = keys[j].idx;
			fs[j] = fs[src];
			keys[j].idx = (uint32_t)j;
			j = src;
		}
		fs[j] = tmp;
		keys[j].idx = (uint32_t)j;
	}
	free(buf);
	for (i = 0; i < n;) {
		uint32_t unit = fs[i].unit;
		const trawl__unit *u = unit < d->units.n ?
		                       TRAWL_VEC_AT(&d->units, trawl__unit *, unit) : NULL;
		size_t pos = 0, chars = 0;
		for (; i < n && fs[i].unit == unit; i++) {
			trawl__dfact *df = &fs[i];
			size_t len = u ? u->nt.text.len : 0;
			if (!u || df->start > df->end || df->end > len) {
				df->cstart = df->cend = 0;
				continue;
			}
			chars += count_chars(u->nt.text.data, pos, df->start);
			pos = df->start;
			df->cstart = (uint32_t)chars;
			df->cend = (uint32_t)(chars + count_chars(u->nt.text.data, df->start, df->end));
		}
	}
	return TRAWL_OK;
}

/* Dates written without a year (--MM-DD) take the document's: the year
 * its title or file name states, else its publication date's. Without one
 * they are no facts, nor is 2月29日 in a year without that day. */
static trawl_err complete_dates(trawl__doc *d, int year)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	trawl__dfact *fs = d->facts.items;
	xctx x = { .d = d, .rc = TRAWL_OK };
	size_t i, o = 0;

	for (i = 0; i < d->facts.n && !year; i++) {
		const char *v = trawl__dfact_str(d, &fs[i], TRAWL__FS_VALUE);
		if (fs[i].kind == TRAWL__F_DATE &&
		    !strcmp(trawl__dfact_str(d, &fs[i], TRAWL__FS_ROLE), "published") &&
		    v[0] >= '1' && v[0] <= '2' && strlen(v) >= 4)
			year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
	}
	for (i = 0; i < d->facts.n; i++) {
		trawl__dfact *df = &fs[i];
		const char *v = trawl__dfact_str(d, df, TRAWL__FS_VALUE);
		if (df->kind == TRAWL__F_DATE && v[0] == '-' && v[1] == '-' && strlen(v) == 7) {
			int m = (v[2] - '0') * 10 + (v[3] - '0'), dd = (v[5] - '0') * 10 + (v[6] - '0');
			int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
			char nv[16];
			if (!year || m < 1 || m > 12 || dd < 1 || dd > mdays[m - 1] ||
			    (m == 2 && dd == 29 && !leap))
				continue;
			snprintf(nv, sizeof nv, "%04d-%02d-%02d", year, m, dd);
			df->str[TRAWL__FS_VALUE] = pool_str(&x, nv);
		}
		fs[o++] = *df;
	}
	d->facts.n = o;
	return x.rc;
}

/* Facts the reader read from the file's structure (an OFD e-invoice's
 * fields, ingest/doc.h): kept as given; facts the extractors found over
 * the same text, of the same kind, give way to them. */
static void reader_facts(xctx *x)
{
	trawl__doc *d = x->d;
	trawl__dfact *fs = d->facts.items;
	size_t keep = 0;

	if (!d->rfacts.n)
		return;
	for (size_t i = 0; i < d->facts.n; i++) {
		int drop = 0;
		for (size_t k = 0; k < d->rfacts.n && !drop; k++) {
			const trawl__rfact *r = &TRAWL_VEC_AT(&d->rfacts, trawl__rfact, k);
			int same = (!strcmp(r->kind, "money") && (fs[i].kind == TRAWL__F_MONEY ||
			                                          fs[i].kind == TRAWL__F_ITEM)) ||
			           (!strcmp(r->kind, "date") && fs[i].kind == TRAWL__F_DATE) ||
			           (!strcmp(r->kind, "party") && fs[i].kind == TRAWL__F_PARTY);
			drop = same && fs[i].unit == r->unit && fs[i].start < r->end && fs[i].end > r->start;
		}
		if (!drop)
			fs[keep++] = fs[i];
	}
	d->facts.n = keep;
	for (size_t k = 0; k < d->rfacts.n && !x->rc; k++) {
		const trawl__rfact *r = &TRAWL_VEC_AT(&d->rfacts, trawl__rfact, k);
		trawl__fact f;
		if (r->unit >= d->units.n || r->end <= r->start ||
		    r->end > TRAWL_VEC_AT(&d->units, trawl__unit *, r->unit)->nt.text.len)
			continue;
		memset(&f, 0, sizeof f);
		f.kind = !strcmp(r->kind, "money") ? TRAWL__F_MONEY :
		         !strcmp(r->kind, "date") ? TRAWL__F_DATE : TRAWL__F_PARTY;
		f.start = r->start;
		f.end = r->end;
		copy_trim(f.value, sizeof f.value, r->value, strlen(r->value));
		copy_trim(f.role, sizeof f.role, r->role, strlen(r->role));
		copy_trim(f.label, sizeof f.label, r->label, strlen(r->label));
		copy_trim(f.code, sizeof f.code, r->code, strlen(r->code));
		copy_trim(f.currency, sizeof f.currency, r->currency, strlen(r->currency));
		copy_trim(f.unit, sizeof f.unit, r->unit_name, strlen(r->unit_name));
		copy_trim(f.precision, sizeof f.precision, r->precision, strlen(r->precision));
		if (f.kind == TRAWL__F_MONEY)
			memcpy(f.unit_source, "inline", 7);
		x->unit = r->unit;
		x->base = 0;
		add_fact(x, &f);
	}
}

/* The numeral runs of mask (t with its table cells blanked out), from
 * those of t (runs, nr of them): each run less its blanked characters, in
 * pieces. What trawl__find_numerals(mask) returns, without reading the
 * whole text again; (size_t)-3 when a cell cut a character in two (the
 * caller then reads the mask itself). */
static size_t mask_numerals(const char *t, const char *mask, const uint32_t (*runs)[2], size_t nr,
                            uint32_t (**out)[2])
{
	uint32_t (*m)[2] = NULL;
	size_t nm = 0, cap = 0, r;

	*out = NULL;
	for (r = 0; r < nr; r++) {
		size_t j = runs[r][0], e = runs[r][1], ps = (size_t)-1;
		while (j <= e) {
			size_t step = 0;
			int kept = 0;
			if (j < e) {
				step = t[j] >= '0' && t[j] <= '9' ? 1 : 3;
				if (j + step > e || !memcmp(mask + j, t + j, step))
					kept = 1;
				else if (memcmp(mask + j, "   ", step)) {
					free(m);
					return (size_t)-3;
				}
				if (j + step > e) {
					free(m);
					return (size_t)-3;
				}
			}
			if (kept && ps == (size_t)-1)
				ps = j;
			if (!kept && ps != (size_t)-1) {
				if (nm == TRAWL__NUMERAL_RUNS_MAX) {
					free(m);
					return (size_t)-2;
				}
				if (nm == cap) {
					size_t nc = cap ? cap * 2 : 64;
					void *p = trawl__reallocn(m, nc, sizeof *m);
					if (!p) {
						free(m);
						return (size_t)-1;
					}
					m = p;
					cap = nc;
				}
				m[nm][0] = (uint32_t)ps;
				m[nm][1] = (uint32_t)j;
				nm++;
				ps = (size_t)-1;
			}
			if (j == e)
				break;
			j += step;
		}
	}
	*out = m;
	return nm;
}

/* ---- what a figure in prose is: 公务接待费5.6万元, 中标金额：26,500,000元 ---- */

static int at_w(const char *t, size_t n, size_t i, const char *w)
{
	size_t l = strlen(w);
	return i + l <= n && !memcmp(t + i, w, l);
}

static int ends_w(const char *t, size_t e, const char *w)
{
	size_t l = strlen(w);
	return e >= l && !memcmp(t + e - l, w, l);
}

/* The name a figure of money in prose is stated as, written just before
 * it (past a colon, 为, 是, 达, 约): a run of words back to a clause's
 * punctuation or a figure (with a year before 年: 2024年收入预算总额), at
 * most 24 characters, that ends in a word of money (费,
 * 经费, 支出, 收入, 预算, 拨款, 资金, 金额, 总额, 价, 合计 …, before an
 * aside in brackets: 采购预算(最高限价)) and says no change (比上年减少,
 * 增长, 下降: a difference, not the thing). "" when there is none. */
static void money_label(const char *t, size_t start, char *out, size_t cap)
{
	static const char *const skip[] = { "达到", "为", "為", "是", "达", "達", "约", "約",
		"共计", "共計", "预计", "預計", NULL };
	static const char *const nouns[] = { "费", "費", "支出", "收入", "预算", "預算", "预算数",
		"决算数", "拨款", "撥款", "资金", "資金", "额", "額", "价", "價", "价格", "价款", "款",
		"合计", "合計", "总计", "總計", "小计", "投资", "投資", "成本", "结余", "结转", "工资",
		"薪酬", "补助", "补贴", "基金", "经费", "經費", "金", "决算", "決算", "月薪", "年薪",
		NULL };
	static const char *const change[] = { "比上年", "较上年", "比年初", "同比", "增加", "減少",
		"减少", "增长", "增長", "下降", "降低", "节约", "节省", "压减", "上涨", "差额", "相比",
		"比去年", "调增", "调减", "追加", "压缩", "少支出", "多支出", "少安排", "多安排",
		NULL };
	/* a unit of the figure before the name, where the walk stopped at its
	 * digits (截至2023年12月31日国有资产总额, 100台预算金额) */
	static const char *const lead_units[] = { "万元", "亿元", "元", "年", "月", "日", "号",
		"台", "个", "件", "套", "次", "人", "辆", "项", "万", "亿", "%", NULL };
	size_t e = start, b, lend;
	int k, nch = 0, again = 1, colon = 0;

	out[0] = '\0';
	while (again) {
		again = 0;
		while (e > 0 && (t[e - 1] == ' ' || t[e - 1] == ':' || t[e - 1] == '=')) {
			colon |= t[e - 1] == ':';
			e--, again = 1;
		}
		for (k = 0; skip[k]; k++)
			if (ends_w(t, e, skip[k])) {
				e -= strlen(skip[k]);
				again = 1;
				break;
			}
	}
	/* back over the name: ideographs, quotes and brackets */
	for (b = e; b > 0 && nch < 24; nch++) {
		size_t p = b - 1;
		unsigned char c;
		while (p > 0 && ((unsigned char)t[p] & 0xC0) == 0x80)
			p--;
		c = (unsigned char)t[p];
		if (c < 0x80) {
			if (c != '(' && c != ')' && c != '"')
				break;
		} else if (b - p != 3 || c < 0xE2 || c > 0xE9 || at_w(t, b, p, "，") ||
		           at_w(t, b, p, "。") || at_w(t, b, p, "；") || at_w(t, b, p, "：") ||
		           at_w(t, b, p, "、") || at_w(t, b, p, "…") || at_w(t, b, p, "—")) {
			if (!(at_w(t, b, p, "“") || at_w(t, b, p, "”") || at_w(t, b, p, "《") ||
			      at_w(t, b, p, "》")) || b - p != 3)
				break;
		}
		b = p;
	}
	/* (a name cut in the middle by the limit is none; nor a word's end
	 * after a line's end, a word wrapped: 公务用车运行维|护费) */
	if (nch >= 24 || e - b < 6)
		return;
	if (!colon && e - b <= 6 && b >= 4 && t[b - 1] == '\n' && (unsigned char)t[b - 2] >= 0x80 &&
	    !at_w(t, b - 1, b - 4, "。") && !at_w(t, b - 1, b - 4, "：") &&
	    !at_w(t, b - 1, b - 4, "；") && !at_w(t, b - 1, b - 4, "，"))
		return;
	/* past a bracket closed before the name opened it ((详见附件1)预算金额) */
	{
		int depth = 0;
		for (size_t q = b; q < e; q++) {
			if (t[q] == '(')
				depth++;
			else if (t[q] == ')' && --depth < 0) {
				b = q + 1;
				depth = 0;
			}
		}
	}
	/* 2024年收入预算总额: with its year; else past a figure's unit (100台
	 * 预算金额) and a word joining it to the name (5.6万元和会议费: 会议费) */
	if (at_w(t, e, b, "年") && b >= 4 && is_digit(t[b - 1]) && is_digit(t[b - 2]) &&
	    is_digit(t[b - 3]) && is_digit(t[b - 4]) && (b == 4 || !is_digit(t[b - 5]))) {
		b -= 4;
	} else if (b > 0 && is_digit(t[b - 1])) {
		for (k = 0; lead_units[k]; k++)
			if (at_w(t, e, b, lead_units[k])) {
				b += strlen(lead_units[k]);
				break;
			}
		if (lead_units[k] && (at_w(t, e, b, "和") || at_w(t, e, b, "及") ||
		                      at_w(t, e, b, "与") || at_w(t, e, b, "或")))
			b += 3;
	}
	for (size_t q = b; q + 6 <= e; q++)
		if (at_w(t, e, q, "元和") || at_w(t, e, q, "元及") || at_w(t, e, q, "元与") ||
		    at_w(t, e, q, "元或"))
			b = q + 6;
	if (e - b < 6)
		return;
	/* 比2023年少支出: a difference */
	if (b >= 3 && (at_w(t, b, b - 3, "比") || at_w(t, b, b - 3, "较") || at_w(t, b, b - 3, "較")))
		return;
	if (ends_w(t, e, ")")) {
		/* 采购预算(最高限价): the word before the aside */
		const char *o = NULL;
		for (size_t q = b; q < e; q++)
			if (t[q] == '(')
				o = t + q;
		lend = o ? (size_t)(o - t) : e;
	} else {
		lend = e;
	}
	for (k = 0; nouns[k]; k++)
		if (ends_w(t, lend, nouns[k]))
			break;
	if (!nouns[k])
		return;
	for (k = 0; change[k]; k++)
		if (memmem(t + b, e - b, change[k], strlen(change[k])))
			return;
	/* 其中 opens a part: the name is after it */
	if (at_w(t, e, b, "其中"))
		b += strlen("其中");
	if (e - b < 6 || e - b >= cap)
		return;
	memcpy(out, t + b, e - b);
	out[e - b] = '\0';
}

/* Names the figures of money in prose added from fact `from` on in unit
 * text t (a figure in a table has its row and column instead). */
static void label_money(xctx *x, const char *t, size_t from)
{
	char lab[128];

	for (size_t i = from; i < x->d->facts.n && !x->rc; i++) {
		trawl__dfact *f = &TRAWL_VEC_AT(&x->d->facts, trawl__dfact, i);
		if (f->kind != TRAWL__F_MONEY || f->str[TRAWL__FS_LABEL])
			continue;
		money_label(t, f->start, lab, sizeof lab);
		if (lab[0])
			f->str[TRAWL__FS_LABEL] = pool_str(x, lab);
	}
}

trawl_err trawl__extract_doc(trawl__doc *d, const char *path, const trawl__facts_opts *o)
{
	xctx x = { .d = d, .rc = TRAWL_OK, .o = o };
	trawl__fctx c = { 0 };
	char *mask = NULL;
	size_t k, i, first_fact, ncells;
	const trawl__cell *cells;
	trawl__cell *synth;
	int year = trawl__doc_year(d->title, path);

	trawl__vec_release(&d->facts);
	trawl__vec_init(&d->facts, sizeof(trawl__dfact));
	trawl__buf_reset(&d->fstrings);
	{
		const trawl__unit *u0 = d->units.n ? TRAWL_VEC_AT(&d->units, trawl__unit *, 0) : NULL;
		const char *kind = trawl__doc_kind(d->title ? d->title : "", u0 ? u0->nt.text.data : "",
		                                   u0 ? (u0->nt.text.len < 1500 ? u0->nt.text.len : 1500) : 0);
		copy_trim(d->kind, sizeof d->kind, kind ? kind : "", kind ? strlen(kind) : 0);
	}
	/* in a Taiwan government document a bare 元 is New Taiwan dollars, in
	 * Hong Kong's or Macau's their dollar or pataca (the letterhead says
	 * which, over a 新臺幣 quoted in the text); where the user says what
	 * it is, it is that */
	c.table_currency = trawl__sar_document(d);
	c.roc_years = !c.table_currency && roc_document(d);
	if (c.roc_years)
		c.table_currency = "TWD";
	if (o && o->currency && o->currency[0])
		c.table_currency = o->currency;
	if (o && o->unit && o->unit[0])
		c.user_unit = o->unit;
	/* dates without a year: the document's, known now or at the end */
	c.doc_year = year ? year : -1;
	for (k = 0; k < d->units.n && !x.rc; k++) {
		const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
		const char *t = u->nt.text.data;
		size_t len = u->nt.text.len;
		x.unit = (uint32_t)k;
		x.base = 0;
		if (!strcmp(u->kind, "release")) {
			ocds_facts(&x, u);
			trawl__extract_dates(t, len, &c, add_fact, &x);
			continue;
		}
		/* the unit's tables: its reader's, else those its text lays out */
		cells = u->cells.items;
		ncells = u->cells.n;
		synth = NULL;
		if (!ncells) {
			ncells = text_tables(&x, t, len, &synth);
			cells = synth;
			if (x.rc)
				break;
		}
		/* prose money: the text with table cells blanked out, so each cell
		 * is read once, with its table's unit */
		first_fact = x.d->facts.n;
		mask = malloc(len + 1);
		if (!mask) {
			free(synth);
			x.rc = TRAWL_ENOMEM;
			break;
		}
		memcpy(mask, t, len + 1);
		for (i = 0; i < ncells; i++)
			memset(mask + cells[i].start, ' ', cells[i].end - cells[i].start);
		{
			/* the numerals of the masked and of the whole text, found once
			 * for the extractors that read each */
			uint32_t (*runs)[2] = NULL, (*mruns)[2] = NULL;
			size_t nr = trawl__find_numerals(t, len, &runs), nm = nr;
			trawl__fctx uc = c, mc = c;
			mruns = NULL;
			if (ncells && nr != (size_t)-1 && nr != (size_t)-2)
				nm = mask_numerals(t, mask, (const uint32_t (*)[2])runs, nr, &mruns);
			if (ncells && nr != (size_t)-1 && (nr == (size_t)-2 || nm == (size_t)-3))
				nm = trawl__find_numerals(mask, len, &mruns);
			if (nr == (size_t)-1 || nm == (size_t)-1) {
				free(runs);
				free(mruns);
				free(mask);
				free(synth);
				x.rc = TRAWL_ENOMEM;
				break;
			}
			/* (an empty list is a list: no numeral anywhere; too many for
			 * a list (size_t)-2: none given, the extractors search) */
			if (nr != (size_t)-2) {
				uc.numerals = runs ? (const uint32_t (*)[2])runs : (const uint32_t (*)[2])"";
				uc.nnumerals = nr;
			}
			if (!ncells) {
				mc.numerals = uc.numerals;
				mc.nnumerals = uc.nnumerals;
			} else if (nm != (size_t)-2) {
				mc.numerals = mruns ? (const uint32_t (*)[2])mruns : (const uint32_t (*)[2])"";
				mc.nnumerals = nm;
			}
			{
				size_t from = x.d->facts.n;
				trawl__extract_money(mask, len, &mc, add_fact, &x);
				label_money(&x, t, from);
			}
			free(mask);
			trawl__extract_dates(t, len, &uc, add_fact, &x);
			quantities(&x, t, len, &uc, first_fact);
			free(runs);
			free(mruns);
		}
		trawl__extract_parties(t, len, &c, add_fact, &x);
		trawl__extract_places(t, len, &c, add_fact, &x);
		parties_known(&x);
		if (!x.rc)
			table_passes(&x, u, cells, ncells, &c);
		if (!x.rc && ncells)
			drop_dates_in_money(&x, first_fact);
		free(synth);
	}
	if (!x.rc) {
		trawl_err e = trawl__budget_facts(d, add_unit_fact, &x);
		if (!x.rc)
			x.rc = e;
	}
	if (!x.rc)
		reader_facts(&x);
	if (!x.rc)
		x.rc = published_date(d);
	if (!x.rc)
		x.rc = complete_dates(d, year);
	if (!x.rc)
		x.rc = cite_chars(d);
	free(x.parties);
	tablehead_release(&x.last);
	return x.rc;
}
