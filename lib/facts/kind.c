/* The kind of a document: budget, final_accounts, tender, award, contract,
 * price_list, job_ad, invoice, notice or other (docs/facts.md lists them).
 *
 * An invoice (发票: a VAT invoice, an e-invoice) says so in its opening
 * text (its first 3,000 bytes), not in a title: a heading that names a kind
 * of invoice (浙江增值税电子普通发票, 电子发票(普通发票), 通用机打发票 …), and
 * its number (发票号码, eight digits or more) and date of issue (开票日期)
 * labelled with their values, which no form, list of invoices or notice
 * about invoices has. The heading stands alone on its line or cell (not
 * 票据：增值税电子普通发票 in a claim, 上述增值税专用发票 in a decision). It is
 * an invoice when its title states no other kind nor speaks of invoices.
 *
 * The title decides first, by the first rule that matches:
 *
 *   notice     a regulation: …管理办法, 实施细则, 条例, 暂行规定, 财政部令第87号
 *              (政府采购货物和服务招标投标管理办法 is no tender)
 *   price_list 挂网价格/挂网药品, 采购价格, 中标价格, 中选价格, 价格目录, 价格表, 限价 …
 *              (a list of products with their prices: drugs, vaccines,
 *              consumables; 关于公布…中标价格的通知 is one too)
 *   award      中标/成交 结果, 成交公告/通告, 结果公告/公示, 中标候选人, 废标, 流标,
 *              决标, "award"             (中标结果公告 is not a tender)
 *   contract   合同公告/公示/备案, 采购合同, 契約, "contract"
 *   tender     招标, 采购公告, 磋商, 询价, 谈判, 比选, 采购意向, 更正公告, 征集, 预订公告,
 *              "tender", "request for proposals/quotations"
 *   job_ad     招聘, 招考, 招录, 聘用, "vacancy", "recruitment"
 *   notice     关于…的通知/通报/意见/办法/决定/批复/函 (关于做好部门预算公开工作的通知
 *              is a notice about budgets, not a budget)
 *   final_accounts  决算 決算, "financial statements"   (决算 before 预算)
 *   budget     预算 預算 总预算, "budget"      (预算执行情况 is a budget report)
 *   notice     通知, 通告, 公告, 公示, 意见, 办法, 通报, 决定, "notice"
 *
 * With no title, or one that says none of these, an OCDS release's tag
 * tells, else the first lines of the text, read the same way.
 *
 * Publishers reuse titles: a page titled 成交公告 can be a call for bids
 * and one titled 采购公告 can announce the winner. So when the title says
 * tender, award or a bare 公告, the opening text overrides it if it clearly
 * tells the other: "欢迎合格的供应商参加", "投标截止" (tender) against
 * "采购结果如下", "成交供应商名称" (award), whichever has more distinct
 * phrases.
 *
 * A price list often has no telling title (Sheet1, 公示, or a 中选结果 that is
 * no award of a contract): when the opening text is a table whose header
 * names a price column (价格, 单价, 限价, 挂网价 …) or the list the products
 * are admitted to (挂网企业, 中选企业), a maker column (生产企业, 生产厂家,
 * 企业名称 …) and a product or specification column (通用名, 产品名称, 规格,
 * 剂型 …), and the text names no contract amount (中标金额, 成交金额, 合同金额),
 * the document is a price list, whatever else the title says, unless it is
 * a budget, final account, contract or job ad. */
#include <string.h>
#include "facts/fact.h"
#include "ingest/doc.h"
#include "facts/docmeta.h"
#include "facts/kwset.h"
#include "util/banned.h"

const char *const trawl__doc_kinds[] = { "budget", "final_accounts", "tender", "award",
	"contract", "price_list", "job_ad", "invoice", "notice", "other", NULL };

const char *trawl__kind_name(const char *s)
{
	/* what users type for each kind, English and Chinese */
	static const char *const alias[][2] = {
		{ "final-accounts", "final_accounts" }, { "final", "final_accounts" },
		{ "price-list", "price_list" }, { "prices", "price_list" },
		{ "job-ad", "job_ad" }, { "job", "job_ad" },
		{ "预算", "budget" }, { "決算", "final_accounts" }, { "决算", "final_accounts" },
		{ "招标", "tender" }, { "采购", "tender" }, { "中标", "award" }, { "成交", "award" },
		{ "合同", "contract" }, { "价格", "price_list" }, { "招聘", "job_ad" },
		{ "发票", "invoice" }, { "發票", "invoice" },
		{ "通知", "notice" }, { "公告", "notice" }, { "其他", "other" },
	};
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; trawl__doc_kinds[i]; i++)
		if (!strcmp(s, trawl__doc_kinds[i]))
			return trawl__doc_kinds[i];
	for (i = 0; i < sizeof alias / sizeof alias[0]; i++)
		if (!strcmp(s, alias[i][0]))
			return trawl__kind_name(alias[i][1]);
	return NULL;
}

static int has(const char *s, size_t n, const char *w)
{
	return memmem(s, n, w, strlen(w)) != NULL;
}

static int ends_with_any(const char *s, size_t n, const char *const *w)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	for (; *w; w++) {
		size_t k = strlen(*w);
		if (n >= k && !memcmp(s + n - k, *w, k))
			return 1;
	}
	return 0;
}

/* ASCII-lowercased copy of s for the English words (bounded). */
static size_t lower(const char *s, size_t n, char *out, size_t cap)
{
	size_t k = n < cap - 1 ? n : cap - 1;
	for (size_t i = 0; i < k; i++)
		out[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
	out[k] = 0;
	return k;
}

static const char *const price_w[] = { "挂网价格", "挂网价", "挂网药品", "挂网目录", "挂网产品",
	"挂网耗材", "挂网疫苗", "采购价格", "中标价格", "中选价格", "成交价格", "价格目录", "价格表",
	"价格清单", "价格公示", "价格信息", "限价", "支付标准", "掛網價格", "採購價格", "價格表",
	"price list", NULL };
static trawl__kwset price_w_k = TRAWL__KWSET(price_w);
static const char *const award_w[] = { "中标结果", "成交结果", "中标公告", "成交公告", "成交通告",
	"中标通告", "中标(成交)", "结果公告", "结果公示", "中标候选人", "中选结果", "中选公告",
	"废标", "流标", "终止公告", "决标", "決標", "得标", "得標", "中標結果", "中標公告", "結果公告",
	"招標結果", "批出合約", "批出合约", "award", NULL };
static trawl__kwset award_w_k = TRAWL__KWSET(award_w);
static const char *const contract_w[] = { "合同公告", "合同公示", "合同备案", "合同信息",
	"采购合同", "合同编号", "契約", "contract", NULL };
static trawl__kwset contract_w_k = TRAWL__KWSET(contract_w);
static const char *const tender_w[] = { "招标", "招標", "采购公告", "採購公告", "磋商", "询价",
	"询比", "谈判", "比选", "竞价", "采购意向", "采购需求", "更正公告", "变更公告", "澄清公告",
	"征集", "预订公告", "单一来源", "采购项目", "采购计划", "tender", "request for proposal",
	"request for quotation", "invitation to bid", "solicitation", NULL };
static trawl__kwset tender_w_k = TRAWL__KWSET(tender_w);
static const char *const job_w[] = { "招聘", "招考", "招录", "聘用", "录用", "招募", "岗位表",
	"vacanc", "recruitment", "job opening", NULL };
static trawl__kwset job_w_k = TRAWL__KWSET(job_w);
static const char *const notice_end[] = { "通知", "通报", "意见", "办法", "规定", "决定", "批复",
	"函", "请示", "纪要", "细则", "方案", NULL };
static const char *const final_w[] = { "决算", "決算", "financial statements",
	"annual financial report", "final accounts", NULL };
static trawl__kwset final_w_k = TRAWL__KWSET(final_w);
static const char *const budget_w[] = { "预算", "預算", "budget", "功能分类科目", "收支总表",
	NULL };
static trawl__kwset budget_w_k = TRAWL__KWSET(budget_w);
static const char *const notice_w[] = { "通知", "通告", "公告", "公示", "意见", "办法", "通报",
	"决定", "規定", "规定", "notice", "circular", NULL };
static trawl__kwset notice_w_k = TRAWL__KWSET(notice_w);

static const char *const regulation_end[] = { "管理办法", "实施办法", "暂行办法", "实施细则",
	"条例", "管理规定", "暂行规定", "管理辦法", "實施辦法", "實施細則", "條例", "(试行)", NULL };

/* The kind a title (or a title-like line) says, or NULL. *bare is set when
 * it is only a generic 公告/通告/公示. */
static const char *classify(const char *s, size_t n, int *bare)
{
	char lo[512];
	size_t k;
	*bare = 0;
	if (!n)
		return NULL;
	k = lower(s, n, lo, sizeof lo);
	/* a regulation, whatever it regulates (政府采购货物和服务招标投标管理办法,
	 * 财政部令第87号): a notice, not a tender */
	if (ends_with_any(lo, k, regulation_end) || (has(lo, k, "令第") && has(lo, k, "号")))
		return "notice";
	if (trawl__kw_any(&price_w_k, lo, k))
		return "price_list";
	if (trawl__kw_any(&award_w_k, lo, k))
		return "award";
	if (trawl__kw_any(&contract_w_k, lo, k))
		return "contract";
	if (trawl__kw_any(&tender_w_k, lo, k))
		return "tender";
	if (trawl__kw_any(&job_w_k, lo, k))
		return "job_ad";
	if ((has(lo, k, "关于") || has(lo, k, "關於")) && ends_with_any(lo, k, notice_end))
		return "notice";
	if (trawl__kw_any(&final_w_k, lo, k))
		return "final_accounts";
	if (trawl__kw_any(&budget_w_k, lo, k))
		return "budget";
	if (trawl__kw_any(&notice_w_k, lo, k)) {
		*bare = !has(lo, k, "通知");
		return "notice";
	}
	return NULL;
}

/* An OCDS release, by its first tag. */
static const char *ocds_kind(const char *t, size_t n)
{
	const char *p;
	size_t i;
	static const char tag[] = "tag[0]: ";
	const char *hit = memmem(t, n, tag, sizeof tag - 1);
	if (!hit)
		return NULL;
	i = (size_t)(hit - t);
	p = t + i + sizeof tag - 1;
	n -= i + sizeof tag - 1;
	if (n >= 8 && !memcmp(p, "planning", 8))
		return "tender";
	if (n >= 6 && !memcmp(p, "tender", 6))
		return "tender";
	if (n >= 5 && !memcmp(p, "award", 5))
		return "award";
	if ((n >= 8 && !memcmp(p, "contract", 8)) || (n >= 14 && !memcmp(p, "implementation", 14)))
		return "contract";
	if (n >= 8 && !memcmp(p, "compiled", 8)) {
		if (has(t, n + (size_t)(p - t), "contracts["))
			return "contract";
		if (has(t, n + (size_t)(p - t), "awards["))
			return "award";
		return "tender";
	}
	return NULL;
}

/* Words of an award's body, then (from BODY_TENDER on) of a tender's:
 * one list, counted in one pass over the text for both. */
#define BODY_AWARD_WORDS "成交结果", "中标结果", "采购结果如下", "结果公告如下", \
	"结果如下", "成交供应商名称", "中标供应商名称", "中标供应商:", "成交供应商:", "中标人:", \
	"中标(成交)信息", "中标金额", "成交金额", "成交价", "中标价", "中选成交供应商", "awarded to", \
	"award decision"
#define BODY_TENDER_WORDS "欢迎合格的供应商", "欢迎合格的投标人", \
	"欢迎国内合格的投标人", "欢迎符合资格条件", "投标截止", "响应文件截止", "递交响应文件", \
	"获取招标文件", "获取采购文件", "采购文件的领取", "招标文件的获取", "投标时间", "投标地点", \
	"开标时间", "提交投标文件", "参加本次政府采购活动", "submission deadline", \
	"closing date for tenders"
enum { BODY_TENDER = sizeof (const char *[]){ BODY_AWARD_WORDS } / sizeof(const char *) };
static const char *const body_words[] = { BODY_AWARD_WORDS, BODY_TENDER_WORDS, NULL };
static trawl__kwset body_words_k = TRAWL__KWSET(body_words);

/* Words of a price list's header row, by column: a price, or the list
 * the products are admitted to (挂网, 中选, 集采: a catalogue of products
 * and makers may give no prices). */
static const char *const hdr_price[] = { "价格", "单价", "限价", "挂网价", "中标价", "中选价",
	"采购价", "零售价", "支付标准", "申报价", "價格", "單價", "挂网", "中选", "集采", NULL };
static trawl__kwset hdr_price_k = TRAWL__KWSET(hdr_price);
static const char *const hdr_maker[] = { "生产企业", "生产厂家", "企业名称", "生产商", "厂家",
	"厂商", "投标企业", "中标企业", "中选企业", "申报企业", "成交企业", "挂网企业",
	"上市许可持有人", "供应商", "製造商", "生產企業", "廠商", NULL };
static trawl__kwset hdr_maker_k = TRAWL__KWSET(hdr_maker);
static const char *const hdr_product[] = { "通用名", "药品名称", "产品名称", "品名", "商品名",
	"疫苗名称", "耗材名称", "名称", "规格", "剂型", "型号", "包装", "品種", "規格", NULL };
static trawl__kwset hdr_product_k = TRAWL__KWSET(hdr_product);
/* a price list states no contract amount */
static const char *const body_contract_amount[] = { "中标金额", "成交金额", "中标(成交)金额",
	"合同金额", "中标总金额", "成交总金额", NULL };
static trawl__kwset body_contract_amount_k = TRAWL__KWSET(body_contract_amount);

/* a row of goods bought, with their total (单价 | 总价): an award's or a
 * contract's list, not a price list */
static const char *const hdr_total[] = { "总价", "总金额", "合计", "小计", "總價", "合計",
	"中标金额", "成交金额", NULL };
static trawl__kwset hdr_total_k = TRAWL__KWSET(hdr_total);

/* A line of the opening text is a price list's header row. */
static int price_header(const char *t, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(t + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - t) : n;
		/* a header row is short and has several cells */
		if (e - i < 600 && trawl__kw_any(&hdr_price_k, t + i, e - i) &&
		    trawl__kw_any(&hdr_maker_k, t + i, e - i) &&
		    trawl__kw_any(&hdr_product_k, t + i, e - i) &&
		    !trawl__kw_any(&hdr_total_k, t + i, e - i))
			return 1;
		i = e + 1;
	}
	return 0;
}

/* The opening lines (the first six, within 300 bytes) name a final
 * account and no budget. */
static int cover_says_final(const char *t, size_t n)
{
	size_t m = n < 300 ? n : 300, i = 0;
	int lines = 0;

	while (i < m && lines < 6) {
		const char *nl = memchr(t + i, '\n', m - i);
		i = nl ? (size_t)(nl - t) + 1 : m;
		lines++;
	}
	return trawl__kw_any(&final_w_k, t, i) && !has(t, i, "预算") && !has(t, i, "預算");
}

/* The end of w at t[i..n) when its characters are there, blanks allowed
 * between them (发 票 号 码, as PDFs of invoices space their labels), else 0. */
static size_t spaced_at(const char *t, size_t n, size_t i, const char *w)
{
	while (*w) {
		size_t l = 1;
		while (((unsigned char)w[l] & 0xC0) == 0x80)
			l++;
		if (n - i < l || memcmp(t + i, w, l))
			return 0;
		i += l;
		w += l;
		if (*w)
			while (i < n && (t[i] == ' ' || t[i] == '\t'))
				i++;
	}
	return i;
}

/* Past a label's colon and the words that may stand before its value
 * (发票号码 Invoice No.: 88012345, 开票日期 Date: 2024-03-05): where its value
 * starts. */
static size_t value_start(const char *t, size_t n, size_t i)
{
	size_t s = i;
	while (i < n && i - s < 24) {
		size_t w = i;
		if (t[i] == ' ' || t[i] == '\t' || t[i] == ':') {
			i++;
			continue;
		}
		if (n - i >= 3 && !memcmp(t + i, "：", 3)) {
			i += 3;
			continue;
		}
		/* a word of letters that a '.' or a colon ends (Invoice No.:,
		 * Date:), not a value's letters (AB12345678) */
		while (w < n && ((t[w] >= 'A' && t[w] <= 'Z') || (t[w] >= 'a' && t[w] <= 'z')))
			w++;
		if (w > i && w < n && (t[w] == '.' || t[w] == ':' || t[w] == ' ')) {
			i = w + 1;
			continue;
		}
		break;
	}
	return i;
}

/* The labels of an invoice's number and date of issue, with a value after
 * each within t[0..m): a number of eight digits or more (Taiwan's: two
 * letters and eight digits), a date's digits. A form's blank
 * (发票号码：______), a table's header (发票号码 | 开票日期 | 金额) or a
 * sentence (注明发票号码、开票日期) has none. */
static int invoice_labels(const char *t, size_t m, size_t n)
{
	static const char *const num[] = { "发票号码", "發票號碼", NULL };
	static const char *const date[] = { "开票日期", "開票日期", "开立日期", "開立日期", "发票日期",
		"發票日期", "填开日期", "填開日期", NULL };
	int got_num = 0, got_date = 0;

	for (size_t i = 0; i < m && !(got_num && got_date); i++) {
		size_t e, v, k;
		/* (发 开 填 start with 0xE5, 發 with 0xE7, 開 with 0xE9) */
		if ((unsigned char)t[i] != 0xE5 && (unsigned char)t[i] != 0xE7 &&
		    (unsigned char)t[i] != 0xE9)
			continue;
		for (k = 0; !got_num && num[k]; k++)
			if ((e = spaced_at(t, n, i, num[k])) != 0) {
				size_t d = 0;
				v = value_start(t, n, e);
				/* (Taiwan's AB-12345678) */
				if (v + 2 < n && t[v] >= 'A' && t[v] <= 'Z' && t[v + 1] >= 'A' &&
				    t[v + 1] <= 'Z')
					v += t[v + 2] == '-' ? 3 : 2;
				while (v + d < n && t[v + d] >= '0' && t[v + d] <= '9')
					d++;
				got_num = d >= 8;
			}
		for (k = 0; !got_date && date[k]; k++)
			if ((e = spaced_at(t, n, i, date[k])) != 0) {
				v = value_start(t, n, e);
				got_date = v < n && t[v] >= '0' && t[v] <= '9';
			}
	}
	return got_num && got_date;
}

/* The character before byte i of t (not before 0): its first byte. */
static size_t char_before(const char *t, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80);
	return i;
}

static const char *const after_heading[] = { "发票代码", "发票号码", "發票代碼", "發票號碼",
	"机器编号", "機器編號", "校验码", "校驗碼", "开票日期", "開票日期", "No", "NO", "№", NULL };

/* Whether one of w starts at t[i..n). */
static int at_any(const char *t, size_t n, size_t i, const char *const *w)
{
	for (; *w; w++)
		if (n - i >= strlen(*w) && !memcmp(t + i, *w, strlen(*w)))
			return 1;
	return 0;
}

/* An invoice's heading in t[0..m): a run of Chinese characters that ends
 * in 发票 (or 电子发票(普通发票)) and names a kind of invoice (增值税…发票,
 * 电子发票, 机打发票, 统一发票, 定额发票, 电子发票证明联 …), not a
 * sentence's words (关于开具增值税专用发票, 请附发票, 以虚开发票). Its end,
 * *hb its start; 0 when there is none. */
static size_t invoice_heading(const char *t, size_t m, size_t n, size_t *hb)
{
	static const char *const kinds[] = { "增值税", "增值稅", "电子发票", "電子發票", "机打发票",
		"機打發票", "统一发票", "統一發票", "定额发票", "定額發票", "普通发票", "专用发票",
		"專用發票", "全电发票", "数电发票", "客票", NULL };
	static const char *const words[] = { "关于", "關於", "开具", "開具", "提供", "虚开", "虛開",
		"规范", "規範", "请", "請", "附", "的", "取得", "遗失", "遺失", "丢失", "管理", "报销",
		"報銷", "使用", "推广", "公布", "失控", "作废", "作廢", "红字", "紅字", "领购", "查验",
		"認證", "认证", "抵扣", "须", "需", "应", "應", "以", "为", "為", "将", "將", "按", "上述",
		"该", "該", "此", "所", "张", "張", "系", "係", NULL };
	size_t i, b, e, k;

	for (i = 0; i + 6 <= m; i++) {
		static const char *const not_after[] = { "号码", "代码", "號碼", "代碼", "专用章",
			"專用章", "联", "聯", "监制", "監製", "日期", NULL };
		int label = 0, depth = 0, named = 0;
		if (memcmp(t + i, "发票", 6) && memcmp(t + i, "發票", 6))
			continue;
		for (k = 0; not_after[k] && !label; k++)
			label = n - (i + 6) >= strlen(not_after[k]) &&
			        !memcmp(t + i + 6, not_after[k], strlen(not_after[k]));
		/* (電子發票證明聯 is a heading) */
		if (label && !(n - (i + 6) >= 9 && !memcmp(t + i + 6, "證明聯", 9)))
			continue;
		/* back over Chinese characters (and a bracket's pair) */
		b = i;
		while (b > 0 && i - b < 60) {
			size_t c = char_before(t, b);
			unsigned char u = (unsigned char)t[c];
			if (u < 0xE3 && !(b - c == 3 && (!memcmp(t + c, "（", 3) || !memcmp(t + c, "）", 3))) &&
			    t[c] != '(' && t[c] != ')')
				break;
			if (b - c == 3 && (!memcmp(t + c, "，", 3) || !memcmp(t + c, "：", 3) ||
			                   !memcmp(t + c, "。", 3) || !memcmp(t + c, "、", 3)))
				break;
			b = c;
		}
		/* and on past a bracket that says which (电子发票(普通发票)) or
		 * what it proves (證明聯) */
		e = i + 6;
		if (n - e >= 9 && !memcmp(t + e, "證明聯", 9))
			e += 9;
		if (e < n && (t[e] == '(' || (n - e >= 3 && !memcmp(t + e, "（", 3)))) {
			size_t q = e;
			for (; q < n && q - e < 60; q++) {
				if (t[q] == '(' || (n - q >= 3 && !memcmp(t + q, "（", 3)))
					depth++;
				else if (t[q] == ')' || (n - q >= 3 && !memcmp(t + q, "）", 3))) {
					if (!--depth) {
						q += t[q] == ')' ? 1 : 3;
						break;
					}
				} else if ((unsigned char)t[q] < 0x80)
					break;
			}
			if (!depth && q - e >= 12)
				e = q;
		}
		/* (a bracket left open at the start: not the heading's) */
		while (b < i && (t[b] == '(' || t[b] == ')' || !memcmp(t + b, "（", 3) ||
		                 !memcmp(t + b, "）", 3)))
			b += t[b] == '(' || t[b] == ')' ? 1 : 3;
		if (e - b < 12 || e - b > 90)
			continue;
		/* a heading stands alone: at a line's or a cell's start (not
		 * 票据：增值税电子普通发票, a claim's line), and before a blank, the
		 * end or a label of the invoice's own (发票代码, 发票号码, 机器编号) */
		if (b > 0 && t[b - 1] != '\n' && t[b - 1] != '\t' && t[b - 1] != ' ')
			continue;
		if (e < n && t[e] != '\n' && t[e] != '\t' && t[e] != ' ' && t[e] != '\r' &&
		    !at_any(t, n, e, after_heading))
			continue;
		for (k = 0; kinds[k] && !named; k++)
			named = memmem(t + b, e - b, kinds[k], strlen(kinds[k])) != NULL;
		for (k = 0; words[k] && named; k++)
			if (memmem(t + b, e - b, words[k], strlen(words[k])))
				named = 0;
		if (!named)
			continue;
		*hb = b;
		return e;
	}
	return 0;
}

int trawl__invoice_about(const char *title)
{
	static const char *const label[] = { "号码", "代码", "號碼", "代碼", "日期", NULL };
	size_t n = title ? strlen(title) : 0, hb, i;
	int mention = 0;

	if (n <= 6)
		return 0;
	/* (a 发票 that is no label's: not 发票代码:033002200211) */
	for (i = 0; i + 6 <= n && !mention; i++) {
		int k;
		if (memcmp(title + i, "发票", 6) && memcmp(title + i, "發票", 6))
			continue;
		for (k = 0; label[k]; k++)
			if (!strncmp(title + i + 6, label[k], strlen(label[k])))
				break;
		mention = !label[k];
	}
	return mention && !invoice_heading(title, n, n, &hb);
}

int trawl__invoice_opening(const char *t, size_t n)
{
	size_t m = n < 3000 ? n : 3000, hb;

	return t && invoice_heading(t, m, n, &hb) && invoice_labels(t, m, n);
}

/* The value labelled by one of labels (spaced or not) in the first 3,000
 * bytes of t: min to max digits, after two capital letters (and a dash)
 * when letters (Taiwan's AB-12345678), into out (cap bytes with its NUL);
 * its length, or 0. */
static size_t labelled_digits(const char *t, size_t n, const char *const *labels, size_t min,
                              size_t max, int letters, char *out, size_t cap)
{
	size_t m = n < 3000 ? n : 3000, i, k, nl;

	for (i = 0; t && i < m; i++) {
		size_t le = 0, lead = 0;
		for (const char *const *w = labels; *w && !le; w++)
			le = spaced_at(t, n, i, *w);
		if (!le)
			continue;
		k = value_start(t, n, le);
		if (letters && k + 2 < n && t[k] >= 'A' && t[k] <= 'Z' && t[k + 1] >= 'A' &&
		    t[k + 1] <= 'Z')
			lead = t[k + 2] == '-' ? 3 : 2;
		for (nl = 0; k + lead + nl < n && t[k + lead + nl] >= '0' && t[k + lead + nl] <= '9';
		     nl++)
			;
		if (nl >= min && nl <= max && lead + nl < cap) {
			memcpy(out, t + k, lead + nl);
			out[lead + nl] = '\0';
			return lead + nl;
		}
	}
	return 0;
}

size_t trawl__invoice_number(const char *t, size_t n, char *out, size_t cap)
{
	static const char *const num[] = { "发票号码", "發票號碼", NULL };
	return labelled_digits(t, n, num, 8, 32, 1, out, cap);
}

size_t trawl__invoice_code(const char *t, size_t n, char *out, size_t cap)
{
	static const char *const code[] = { "发票代码", "發票代碼", NULL };
	return labelled_digits(t, n, code, 10, 16, 0, out, cap);
}

size_t trawl__invoice_title(const char *t, size_t n, char *out, size_t cap)
{
	size_t m = n < 3000 ? n : 3000, b, e, o, nl;
	char num[40];

	if (!cap || !t || !(e = invoice_heading(t, m, n, &b)) || !invoice_labels(t, m, n))
		return 0;
	nl = trawl__invoice_number(t, n, num, sizeof num);
	if (e - b + 1 > cap)
		return 0;
	memcpy(out, t + b, e - b);
	o = e - b;
	if (nl && o + 14 + nl + 1 <= cap) {
		memcpy(out + o, " 发票号码:", 14);
		o += 14;
		memcpy(out + o, num, nl);
		o += nl;
	}
	out[o] = '\0';
	return o;
}

const char *trawl__doc_kind(const char *title, const char *text, size_t n)
{
	return trawl__doc_kind_src(title, text, n, NULL);
}

const char *trawl__doc_kind_src(const char *title, const char *text, size_t n,
                                const char **src)
{
	const char *k = NULL, *from = "title";
	int bare = 0;

	if (!text)
		n = 0;
	if (title)
		k = classify(title, strlen(title), &bare);
	/* a budget's title on a final account: its cover says 决算 (a template's
	 * title, 附件2:预算主管部门公开样张, over 2024 年度部门决算) */
	if (k && !strcmp(k, "budget") && n && cover_says_final(text, n))
		k = "final_accounts", from = "text";
	/* an OCDS release says what it is in its tag */
	if (!k && n && (k = ocds_kind(text, n)))
		from = "ocds";
	/* an invoice: its heading, and its number and date of issue labelled,
	 * where its title says no other kind (nor speaks of invoices); before
	 * its first lines, one of which may be its buyer's 名称 (某某招标代理
	 * 有限公司) */
	if (!k && n && !trawl__invoice_about(title) && trawl__invoice_opening(text, n)) {
		if (src)
			*src = "text";
		return "invoice";
	}
	if (!k && n) {
		from = "text";
		/* the first three non-empty lines */
		size_t i = 0;
		int lines = 0;
		while (i < n && lines < 3 && !k) {
			const char *nl = memchr(text + i, '\n', n - i);
			size_t e = nl ? (size_t)(nl - text) : n;
			if (e > i) {
				lines++;
				k = classify(text + i, e - i, &bare);
			}
			i = e + 1;
		}
	}
	if (n && (!k || bare || !strcmp(k, "tender") || !strcmp(k, "award"))) {
		char lo[4096];
		size_t m = lower(text, n, lo, sizeof lo);
		int a, t = trawl__kw_count_from(&body_words_k, BODY_TENDER, lo, m, &a);
		const char *was = k;
		if (a > t && a >= 2)
			k = "award";
		else if (t > a && t >= 2)
			k = "tender";
		if (k != was && (!was || strcmp(k, was)))
			from = "text";
	}
	if (n && (!k || (strcmp(k, "budget") && strcmp(k, "final_accounts") &&
	                 strcmp(k, "contract") && strcmp(k, "job_ad") &&
	                 strcmp(k, "price_list"))) &&
	    price_header(text, n) && !trawl__kw_any(&body_contract_amount_k, text, n))
		k = "price_list", from = "table";
	if (!k)
		from = "none";
	if (src)
		*src = from;
	return k ? k : "other";
}

int trawl__simplified_text(const char *t, size_t n)
{
	/* pairs that procurement, budgets and notices use often */
	static const char *const simp[] = { "这", "为", "国", "发", "会", "对", "时", "经", "财",
		"预", "项", "务", "门", "区", "县", "级", "与", "报", "价", "单", "设", "备", "购",
		"标", "额", "资", "计", "关", "协", "议", "书", "员", "机", "构", NULL };
	static const char *const trad[] = { "這", "為", "國", "發", "會", "對", "時", "經", "財",
		"預", "項", "務", "門", "區", "縣", "級", "與", "報", "價", "單", "設", "備", "購",
		"標", "額", "資", "計", "關", "協", "議", "書", "員", "機", "構", NULL };
	size_t i, ns = 0, nt = 0;
	int k;
	if (n > 4096)
		n = 4096;
	for (i = 0; i + 3 <= n; i++) {
		unsigned char c = (unsigned char)t[i];
		if (c < 0xE4 || c > 0xE9)
			continue;
		for (k = 0; simp[k]; k++)
			if (!memcmp(t + i, simp[k], 3)) {
				ns++;
				break;
			}
		if (!simp[k])
			for (k = 0; trad[k]; k++)
				if (!memcmp(t + i, trad[k], 3)) {
					nt++;
					break;
				}
		i += 2;
	}
	return ns >= 3 && ns > 3 * nt;
}

/* Does one of words start s[0..n) (after spaces)? */
static int starts_with_any(const char *s, size_t n, const char *const *words)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r'))
		s++, n--;
	for (; *words; words++) {
		size_t l = strlen(*words);
		if (n >= l && !memcmp(s, *words, l))
			return 1;
	}
	return 0;
}

const char *trawl__sar_document(const trawl__doc *d)
{
	static const char *const hk[] = { "香港特別行政區政府", "香港特别行政区政府", "香港特區政府",
		"香港特区政府", "政府物流服務署", "政府物流服务署", "香港警務處", "香港警务处",
		"入境事務處", "入境事务处", "懲教署", "惩教署", "香港海關", "香港海关",
		"The Government of the Hong Kong Special Administrative Region", NULL };
	static const char *const mo[] = { "澳門特別行政區政府", "澳门特别行政区政府", "澳門特區政府",
		"澳门特区政府", "Governo da Região Administrativa Especial de Macau", NULL };
	const char *t = "";
	size_t n = 0, p = 0;
	int lines = 0;
	if (d->title && (starts_with_any(d->title, strlen(d->title), hk)))
		return "HKD";
	if (d->title && (starts_with_any(d->title, strlen(d->title), mo)))
		return "MOP";
	if (d->units.n) {
		const trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, 0);
		t = u->nt.text.data;
		n = u->nt.text.len;
	}
	/* the letterhead: a line of the first three that starts with the
	 * government's or a department's name (a mainland or Taiwan text names
	 * it inside its lines: 我省与香港特别行政区政府签署…) */
	while (p < n && lines < 3) {
		const char *nl = memchr(t + p, '\n', n - p);
		size_t e = nl ? (size_t)(nl - t) : n;
		if (e > p && strspn(t + p, " \t\r") < e - p) {
			lines++;
			if (starts_with_any(t + p, e - p, hk))
				return "HKD";
			if (starts_with_any(t + p, e - p, mo))
				return "MOP";
		}
		p = e + 1;
	}
	return NULL;
}
