/* The kind of a document: budget, final_accounts, tender, award, contract,
 * job_ad, notice or other.
 *
 * The title decides first, by the first rule that matches:
 *
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
 * With no title, or one that says none of these, the first lines of the
 * text are read the same way, then an OCDS release's tag.
 *
 * Publishers reuse titles: a page titled 成交公告 can be a call for bids
 * and one titled 采购公告 can announce the winner. So when the title says
 * tender, award or a bare 公告, the opening text overrides it if it clearly
 * tells the other: "欢迎合格的供应商参加", "投标截止" (tender) against
 * "采购结果如下", "成交供应商名称" (award), whichever has more distinct
 * phrases. */
#include <string.h>
#include "facts/fact.h"
#include "util/banned.h"

static int has(const char *s, size_t n, const char *w)
{
	return memmem(s, n, w, strlen(w)) != NULL;
}

static int has_any(const char *s, size_t n, const char *const *w)
{
	for (; *w; w++)
		if (has(s, n, *w))
			return 1;
	return 0;
}

static int count_any(const char *s, size_t n, const char *const *w)
{
	int k = 0;
	for (; *w; w++)
		k += has(s, n, *w);
	return k;
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

static const char *const award_w[] = { "中标结果", "成交结果", "中标公告", "成交公告", "成交通告",
	"中标通告", "中标(成交)", "结果公告", "结果公示", "中标候选人", "中选结果", "中选公告",
	"废标", "流标", "终止公告", "决标", "決標", "得标", "得標", "award", NULL };
static const char *const contract_w[] = { "合同公告", "合同公示", "合同备案", "合同信息",
	"采购合同", "合同编号", "契約", "contract", NULL };
static const char *const tender_w[] = { "招标", "招標", "采购公告", "採購公告", "磋商", "询价",
	"询比", "谈判", "比选", "竞价", "采购意向", "采购需求", "更正公告", "变更公告", "澄清公告",
	"征集", "预订公告", "单一来源", "采购项目", "采购计划", "tender", "request for proposal",
	"request for quotation", "invitation to bid", "solicitation", NULL };
static const char *const job_w[] = { "招聘", "招考", "招录", "聘用", "录用", "招募", "岗位表",
	"vacanc", "recruitment", "job opening", NULL };
static const char *const notice_end[] = { "通知", "通报", "意见", "办法", "规定", "决定", "批复",
	"函", "请示", "纪要", "细则", "方案", NULL };
static const char *const final_w[] = { "决算", "決算", "financial statements",
	"annual financial report", "final accounts", NULL };
static const char *const budget_w[] = { "预算", "預算", "budget", "功能分类科目", "收支总表",
	NULL };
static const char *const notice_w[] = { "通知", "通告", "公告", "公示", "意见", "办法", "通报",
	"决定", "規定", "规定", "notice", "circular", NULL };

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
	if (has_any(lo, k, award_w))
		return "award";
	if (has_any(lo, k, contract_w))
		return "contract";
	if (has_any(lo, k, tender_w))
		return "tender";
	if (has_any(lo, k, job_w))
		return "job_ad";
	if ((has(lo, k, "关于") || has(lo, k, "關於")) && ends_with_any(lo, k, notice_end))
		return "notice";
	if (has_any(lo, k, final_w))
		return "final_accounts";
	if (has_any(lo, k, budget_w))
		return "budget";
	if (has_any(lo, k, notice_w)) {
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

static const char *const body_award[] = { "成交结果", "中标结果", "采购结果如下", "结果公告如下",
	"结果如下", "成交供应商名称", "中标供应商名称", "中标供应商:", "成交供应商:", "中标人:",
	"中标(成交)信息", "中标金额", "成交金额", "成交价", "中标价", "中选成交供应商", "awarded to",
	"award decision", NULL };
static const char *const body_tender[] = { "欢迎合格的供应商", "欢迎合格的投标人",
	"欢迎国内合格的投标人", "欢迎符合资格条件", "投标截止", "响应文件截止", "递交响应文件",
	"获取招标文件", "获取采购文件", "采购文件的领取", "招标文件的获取", "投标时间", "投标地点",
	"开标时间", "提交投标文件", "参加本次政府采购活动", "submission deadline",
	"closing date for tenders", NULL };

const char *trawl__doc_kind(const char *title, const char *text, size_t n)
{
	const char *k = NULL;
	int bare = 0;

	if (!text)
		n = 0;
	if (title)
		k = classify(title, strlen(title), &bare);
	if (!k && n) {
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
		if (!k)
			k = ocds_kind(text, n);
	}
	if (n && (!k || bare || !strcmp(k, "tender") || !strcmp(k, "award"))) {
		char lo[4096];
		size_t m = lower(text, n, lo, sizeof lo);
		int a = count_any(lo, m, body_award), t = count_any(lo, m, body_tender);
		if (a > t && a >= 2)
			k = "award";
		else if (t > a && t >= 2)
			k = "tender";
	}
	return k ? k : "other";
}
