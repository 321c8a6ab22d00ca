/* Parties: the buyer, the vendor, the procurement agency and the issuer of
 * a notice, from its field labels, its tables, a few fixed sentences and
 * the shape of its title and signature.
 *
 * Where a name comes from, strongest first:
 *
 *   fields   "采购人: X", "采 购 人:X", "中标(成交)供应商名称: X", "Buyer: X",
 *            "buyer.name: X" (OCDS), a cell "采购人" followed by the cell X,
 *            a header cell "成交供应商名称" with X below it in the same
 *            column, and "1.采购人信息" followed by "名称: X"
 *   prose    "受X委托" (X buyer, the organization before 受 or after 委托
 *            the agency), "X对…项目进行(了)…" at the start of a line (X the
 *            agency when its name says so: 招标, 代理, 咨询…; else the
 *            buyer), "X于2011年…在Y发布的采购…" (X buyer, Y agency)
 *   issuer   the organization before 关于 or before a year in one of the
 *            first lines ("东滨市公安局关于…的通知", "某中心2024年公开招聘…"),
 *            or the signature above the closing date ("岭东省公安厅\n2024年6月3日");
 *            as a field, a budget table's "编制单位: X"
 *
 * For each role only the strongest kind of source that found something is
 * reported: a labelled buyer hides a buyer guessed from a sentence. Each
 * (role, name) is reported once, at its first place in the text, in text
 * order.
 *
 * The name is cut at the end of the cell or line, at ; , 。 and 、 (a list:
 * each name is reported), before a following "地址:"-style field, and
 * before a trailing parenthesis about the party's role or contact
 * ("(联合体牵头人)", "(盖章)", "(丹东市…5楼)"); a parenthesis inside the name
 * ("华为技术(深圳)有限公司") or a trailing one that is part of the legal
 * name ("(特殊普通合伙)", "(集团)") is kept. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "facts/fact.h"
#include "facts/scan.h"
#include "facts/kwset.h"
#include "util/banned.h"

enum { R_BUYER, R_VENDOR, R_AGENCY, R_ISSUER, R_NONE };
static const char *const role_names[] = { "buyer", "vendor", "agency", "issuer" };

enum { P_ISSUER = 1, P_PROSE = 2, P_FIELD = 3 };

#define MAX_CANDS 256
#define MAX_CELLS 64
#define KEY_MAX 96

typedef struct cand {
	uint32_t start, end;
	unsigned char role, prio;
} cand;

typedef struct pscan {
	const char *t;
	size_t n;
	cand c[MAX_CANDS];
	int nc;
	int pending_role;      /* after "1.采购人信息": the role of the next "名称:" */
	int pending_lines;
} pscan;

/* ---- small text helpers --------------------------------------------- */

static int ends_with(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	return n >= k && !memcmp(s + n - k, w, k);
}

static int contains(const char *s, size_t n, const char *w)
{
	return memmem(s, n, w, strlen(w)) != NULL;
}

static int is_sp(char c)
{
	return c == ' ' || c == '\r';
}

static size_t line_end(const char *t, size_t n, size_t i)
{
	const char *nl = memchr(t + i, '\n', n - i);
	return nl ? (size_t)(nl - t) : n;
}

static void trim(const char *t, size_t *s, size_t *e)
{
	while (*s < *e && is_sp(t[*s]))
		(*s)++;
	while (*e > *s && is_sp(t[*e - 1]))
		(*e)--;
}

/* Number of characters (code points) in s[0..n). */
static size_t nchars(const char *s, size_t n)
{
	size_t i = 0, k = 0;
	while (i < n) {
		i += u8len((unsigned char)s[i]);
		k++;
	}
	return k;
}

static int count_cjk(const char *s, size_t n)
{
	int k = 0;
	size_t i = 0;
	while (i < n) {
		size_t l = u8len((unsigned char)s[i]);
		if (l >= 3)
			k++;
		i += l;
	}
	return k;
}

static int count_alpha(const char *s, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		k += is_alpha(s[i]);
	return k;
}

/* Sentence punctuation a name never contains. */
static int is_punct_at(const char *t, size_t n, size_t i)
{
	char c = t[i];
	if (c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\t' || c == '\n')
		return 1;
	return at(t, n, i, "。") || at(t, n, i, "、") || at(t, n, i, "“") || at(t, n, i, "”") ||
	       at(t, n, i, "《") || at(t, n, i, "》");
}

/* ---- labels ---------------------------------------------------------- */

struct label {
	const char *key;
	int role;
	int award_only;   /* a bare 供应商: a vendor only where an award is told */
};

/* Keys with spaces, parentheses and list numbers removed. */
static const struct label zh_labels[] = {
	{ "采购人", R_BUYER, 0 }, { "采购人名称", R_BUYER, 0 }, { "采购单位", R_BUYER, 0 },
	{ "采购单位名称", R_BUYER, 0 }, { "招标人", R_BUYER, 0 }, { "招标人名称", R_BUYER, 0 },
	{ "招标单位", R_BUYER, 0 }, { "招标单位名称", R_BUYER, 0 }, { "采购方", R_BUYER, 0 },
	{ "采购方名称", R_BUYER, 0 }, { "采购人单位", R_BUYER, 0 }, { "建设单位", R_BUYER, 0 },
	{ "业主单位", R_BUYER, 0 }, { "委托单位", R_BUYER, 0 }, { "甲方", R_BUYER, 0 },
	{ "采购人甲方", R_BUYER, 0 }, { "甲方采购人", R_BUYER, 0 }, { "供应商乙方", R_VENDOR, 0 },
	{ "乙方供应商", R_VENDOR, 0 },
	{ "采購人", R_BUYER, 0 }, { "採購人", R_BUYER, 0 }, { "招標人", R_BUYER, 0 },
	{ "採購單位", R_BUYER, 0 }, { "機關名稱", R_BUYER, 0 },
	{ "中标供应商", R_VENDOR, 0 }, { "中标供应商名称", R_VENDOR, 0 },
	{ "成交供应商", R_VENDOR, 0 }, { "成交供应商名称", R_VENDOR, 0 },
	{ "中标成交供应商", R_VENDOR, 0 }, { "中标成交供应商名称", R_VENDOR, 0 },
	{ "中标人", R_VENDOR, 0 }, { "中标人名称", R_VENDOR, 0 }, { "中标单位", R_VENDOR, 0 },
	{ "中标单位名称", R_VENDOR, 0 }, { "成交人", R_VENDOR, 0 }, { "成交人名称", R_VENDOR, 0 },
	{ "成交单位", R_VENDOR, 0 }, { "成交单位名称", R_VENDOR, 0 }, { "中选供应商", R_VENDOR, 0 },
	{ "中选单位", R_VENDOR, 0 }, { "中选人", R_VENDOR, 0 }, { "中标成交人", R_VENDOR, 0 },
	{ "中标成交单位", R_VENDOR, 0 }, { "乙方", R_VENDOR, 0 }, { "得標廠商", R_VENDOR, 0 },
	{ "決標廠商", R_VENDOR, 0 }, { "中標供應商", R_VENDOR, 0 },
	/* a candidates' notice: the first candidate is the one to be awarded */
	{ "第一中标候选人", R_VENDOR, 0 }, { "第一成交候选人", R_VENDOR, 0 },
	{ "第一名中标候选人", R_VENDOR, 0 }, { "中标候选人第一名", R_VENDOR, 0 },
	{ "第一候选人", R_VENDOR, 0 }, { "第一中选候选人", R_VENDOR, 0 },
	{ "供应商", R_VENDOR, 1 }, { "供应商名称", R_VENDOR, 1 }, { "供應商", R_VENDOR, 1 },
	{ "采购代理机构", R_AGENCY, 0 }, { "采购代理机构名称", R_AGENCY, 0 },
	{ "代理机构", R_AGENCY, 0 }, { "代理机构名称", R_AGENCY, 0 }, { "招标代理", R_AGENCY, 0 },
	{ "招标代理机构", R_AGENCY, 0 }, { "招标代理机构名称", R_AGENCY, 0 },
	{ "招标代理单位", R_AGENCY, 0 }, { "采购代理", R_AGENCY, 0 },
	{ "采购代理单位", R_AGENCY, 0 }, { "集中采购机构", R_AGENCY, 0 },
	{ "採購代理機構", R_AGENCY, 0 }, { "代理機構", R_AGENCY, 0 },
	/* a budget's or final account's tables: who made them (编制单位：
	 * 昆明市五华区教育体育局 under a title of none, 2024年部门收支总表) */
	{ "编制单位", R_ISSUER, 0 }, { "编报单位", R_ISSUER, 0 }, { "填报单位", R_ISSUER, 0 },
	{ "編製單位", R_ISSUER, 0 }, { "編制單位", R_ISSUER, 0 },
	/* (not 部门, 部门名称 or 预算单位: a column of them, one per row, in
	 * lists of posts and of a budget's units) */
};

/* Words allowed before a label: "本项目采购人", "拟中标供应商", "中选成交供应商名称". */
static const char *const zh_qualifiers[] = { "本项目", "项目", "本次", "拟", "最终", "中选", NULL };

static const struct label en_labels[] = {
	{ "buyer", R_BUYER, 0 }, { "purchaser", R_BUYER, 0 }, { "contracting authority", R_BUYER, 0 },
	{ "contracting entity", R_BUYER, 0 }, { "procuring agency", R_BUYER, 0 },
	{ "awarded to", R_VENDOR, 0 }, { "supplier", R_VENDOR, 1 }, { "suppliers", R_VENDOR, 1 },
	{ "successful bidder", R_VENDOR, 0 }, { "successful tenderer", R_VENDOR, 0 },
	{ "winning bidder", R_VENDOR, 0 }, { "contractor", R_VENDOR, 0 }, { "vendor", R_VENDOR, 0 },
	{ "awardee", R_VENDOR, 0 },
	{ "procurement agent", R_AGENCY, 0 }, { "procurement agency", R_AGENCY, 0 },
	{ "tendering agent", R_AGENCY, 0 }, { "procuring entity", R_AGENCY, 0 },
};

/* Drops list numbers at the front of a key: "1、" "2." "(一)" "三、" "(3)" "1)". */
static void strip_enum(const char **s, size_t *n)
{
	static const char *const cn = "一二三四五六七八九十";
	for (;;) {
		const char *p = *s;
		size_t k = *n, i = 0;
		if (k && (p[0] == '(')) {
			size_t j = 1;
			while (j < k && p[j] != ')' && j < 10)
				j++;
			if (j < k && p[j] == ')' && j > 1) {
				*s += j + 1, *n -= j + 1;
				continue;
			}
		}
		while (i < k && is_digit(p[i]))
			i++;
		if (i == 0) {
			while (i + 3 <= k) {
				int hit = 0;
				for (const char *c = cn; *c; c += 3)
					if (!memcmp(p + i, c, 3))
						hit = 1;
				if (!hit)
					break;
				i += 3;
			}
			if (i && i + 3 <= k && !memcmp(p + i, "、", 3)) {
				*s += i + 3, *n -= i + 3;
				continue;
			}
			return;
		}
		if (i < k && (p[i] == '.' || p[i] == ')' || p[i] == ',')) {
			*s += i + 1, *n -= i + 1;
			continue;
		}
		if (i + 3 <= k && !memcmp(p + i, "、", 3)) {
			*s += i + 3, *n -= i + 3;
			continue;
		}
		return;
	}
}

/* Normalizes a Chinese key: no spaces, no list number, no parentheses. */
static size_t norm_key(const char *s, size_t n, char out[KEY_MAX])
{
	char tmp[KEY_MAX];
	size_t k = 0, i;
	const char *p;

	/* most keys have no space and no parenthesis: then the key is s
	 * itself (no copy without the spaces), and the parentheses the
	 * second loop drops are none */
	if (n < KEY_MAX) {
		for (i = 0; i < n && !(s[i] == ' ' || s[i] == '\r' || s[i] == '(' || s[i] == ')'); i++)
			;
		if (i == n) {
			p = s;
			k = n;
			strip_enum(&p, &k);
			memcpy(out, p, k);
			out[k] = 0;
			return k;
		}
	}
	for (i = 0; i < n && k < KEY_MAX - 1; i++)
		if (!is_sp(s[i]))
			tmp[k++] = s[i];
	if (i < n)
		return 0;
	p = tmp;
	strip_enum(&p, &k);
	n = k;
	k = 0;
	for (i = 0; i < n; i++)
		if (p[i] != '(' && p[i] != ')')
			out[k++] = p[i];
	out[k] = 0;
	return k;
}

/* zh_labels by a hash of a key's length and first bytes: each chain in
 * the order of the list, so a key finds the same first entry as a walk
 * through the list (a key is looked up at every colon and cell). */
#define ZH_NLABELS (sizeof zh_labels / sizeof zh_labels[0])
#define ZH_BUCKETS 256
_Static_assert(ZH_NLABELS < 255, "zh_labels chains are numbered in bytes");
static uint8_t zh_head[ZH_BUCKETS], zh_next[ZH_NLABELS];
static size_t zh_len[ZH_NLABELS];
static pthread_once_t zh_once = PTHREAD_ONCE_INIT;

static unsigned zh_hash(const char *key, size_t k)
{
	unsigned h = (unsigned)k * 31u;
	for (size_t i = 0; i < k && i < 3; i++)
		h = h * 131u + (unsigned char)key[i];
	return h & (ZH_BUCKETS - 1);
}

static void zh_init(void)
{
	for (size_t i = ZH_NLABELS; i-- > 0;) {
		unsigned b;
		zh_len[i] = strlen(zh_labels[i].key);
		b = zh_hash(zh_labels[i].key, zh_len[i]);
		zh_next[i] = zh_head[b];
		zh_head[b] = (uint8_t)(i + 1);
	}
}

static const struct label *zh_label(const char *key, size_t k)
{
	pthread_once(&zh_once, zh_init);
	for (unsigned e = zh_head[zh_hash(key, k)]; e; e = zh_next[e - 1])
		if (zh_len[e - 1] == k && !memcmp(zh_labels[e - 1].key, key, k))
			return &zh_labels[e - 1];
	for (const char *const *q = zh_qualifiers; *q; q++) {
		size_t ql = strlen(*q);
		if (k > ql && !memcmp(key, *q, ql)) {
			const struct label *l = zh_label(key + ql, k - ql);
			if (l)
				return l;
		}
	}
	return NULL;
}

/* An English or OCDS key: "Awarded to", "buyer.name", "awards[0].suppliers[0].name". */
static const struct label *en_label(const char *s, size_t n)
{
	static const struct label ocds_buyer = { "", R_BUYER, 0 },
	                          ocds_vendor = { "", R_VENDOR, 0 },
	                          ocds_agency = { "", R_AGENCY, 0 },
	                          ocds_issuer = { "", R_ISSUER, 0 };
	char key[KEY_MAX];
	size_t k = 0, i = 0;
	const char *p = s;
	size_t m = n;

	strip_enum(&p, &m);
	while (m && is_sp(*p))
		p++, m--;
	for (i = 0; i < m && k < KEY_MAX - 1; i++) {
		char c = p[i];
		if ((unsigned char)c >= 0x80)
			return NULL;
		if (c == '[') {         /* drop array indexes */
			while (i < m && p[i] != ']')
				i++;
			continue;
		}
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (is_sp(c) || c == '_') {
			if (k && key[k - 1] != ' ')
				key[k++] = ' ';
			continue;
		}
		key[k++] = c;
	}
	if (i < m)
		return NULL;
	while (k && key[k - 1] == ' ')
		k--;
	key[k] = 0;
	if (!k)
		return NULL;
	if (ends_with(key, k, ".name")) {
		k -= 5;
		key[k] = 0;
		if (!strcmp(key, "publisher") || ends_with(key, k, ".publisher"))
			return &ocds_issuer;
		if (ends_with(key, k, "buyer"))
			return &ocds_buyer;
		if (ends_with(key, k, "suppliers") || ends_with(key, k, "supplier"))
			return &ocds_vendor;
		if (ends_with(key, k, "procuringentity"))
			return &ocds_agency;
		return NULL;
	}
	for (i = 0; i < sizeof en_labels / sizeof en_labels[0]; i++)
		if (!strcmp(en_labels[i].key, key))
			return &en_labels[i];
	return NULL;
}

/* ---- organization names ------------------------------------------- */

static const char *const org_suffixes[] = {
	"有限责任公司", "股份有限公司", "有限公司", "公司", "集团", "委员会", "办公室",
	"局", "厅", "委", "办", "总队", "支队", "大队", "中队", "研究院", "研究所",
	"设计院", "院", "中心", "学院", "大学", "学校", "中学", "小学", "幼儿园", "医院",
	"卫生院", "厂", "经销处", "处", "事务所", "所", "站", "馆", "社", "部", "署", "科",
	"室", "政府", "法院", "检察院", "平台", "银行", "支行", "分行", "协会", "学会",
	"基金会", "商会", "联合会", "合作社", "商行", "商店", "店", "门市部", "工作室",
	"经营部", "服务部", "营业部", "分公司", "公司(普通合伙)", "(特殊普通合伙)",
	"機關", "署", "處", "廳", "會", "學校", "大學", "醫院", "公司",
	NULL
};

static const char *const en_org_suffixes[] = {
	" Ltd", " Ltd.", " Limited", " Inc", " Inc.", " LLC", " Co.", " Corp", " Corp.",
	" Corporation", " Company", " Authority", " Council", " Department", " Ministry",
	" Agency", " Office", " Bureau", " Commission", " Division", " University",
	" Hospital", " GmbH", " PLC", " plc", " S.A.", " AG", " LLP", NULL
};

/* Words that make a subject an agency rather than the buyer. */
static const char *const agency_words[] = {
	"招标", "代理", "咨询", "项目管理", "交易中心", "采购中心", "造价", "平台", NULL
};
static trawl__kwset agency_words_k = TRAWL__KWSET(agency_words);

/* Bodies that are named by what they do, not by a name. */
static const char *const not_names[] = { "评审", "评标", "磋商小组", "谈判小组", "监管部门",
	"财政部门", "主管部门", "有关部门", "相关部门", "委托", "关于", "進行", "进行", NULL };
static trawl__kwset not_names_k = TRAWL__KWSET(not_names);

/* s[0..n) (trimmed) looks like the whole name of an organization. */
static int org_shaped(const char *s, size_t n)
{
	static const char *const pronouns[] = { "本", "我", "该", "贵", "各", "此", "其", "由", "向",
		"对", "在", "的", "和", "及", "与", NULL };
	size_t i, chars;
	if (n < 6 || n > 240)
		return 0;
	for (i = 0; i < n; i += u8len((unsigned char)s[i]))
		if (is_punct_at(s, n, i))
			return 0;
	for (const char *const *p = pronouns; *p; p++)
		if (at(s, n, 0, *p))
			return 0;
	if (trawl__kw_any(&not_names_k, s, n))
		return 0;
	/* a sentence, not a name: "X对Y…", "受X委托" (but 对外经济贸易大学 is a name) */
	for (i = 0; i + 3 <= n; i += u8len((unsigned char)s[i]))
		if (at(s, n, i, "对") && !at(s, n, i + 3, "外"))
			return 0;
	chars = nchars(s, n);
	if (count_cjk(s, n) >= 2) {
		if (contains(s, n, " "))
			return 0;
		for (const char *const *x = org_suffixes; *x; x++)
			if (ends_with(s, n, *x) && n - strlen(*x) >= 6)
				return chars <= 50;
		return 0;
	}
	if (count_alpha(s, n) < 4)
		return 0;
	for (const char *const *x = en_org_suffixes; *x; x++)
		if (ends_with(s, n, *x))
			return 1;
	return 0;
}

/* ---- candidates ------------------------------------------------------ */

static const char *const placeholders[] = { "无", "暂无", "空", "略", "待定", "同上", "见附件",
	"详见", "见下表", "如下", "以下", "另行", "N/A", "n/a", "None", "none", "TBD", NULL };

static const char *const sentence_words[] = { "应当", "进行", "根据", "提出", "按照", "如有",
	"负责", "的名称", "地址", "电话", "联系", "http", "www.", "@", "详见", "附件", "公告", NULL };
static trawl__kwset sentence_words_k = TRAWL__KWSET(sentence_words);

static int name_ok(const char *s, size_t n)
{
	if (n < 2 || n > 240)
		return 0;
	for (const char *const *p = placeholders; *p; p++)
		if (strlen(*p) == n && !memcmp(s, *p, n))
			return 0;
	if (trawl__kw_any(&sentence_words_k, s, n))
		return 0;
	if (at(s, n, 0, "详见") || at(s, n, 0, "见"))
		return 0;
	if (count_cjk(s, n) >= 2)
		return 1;
	return count_alpha(s, n) >= 2 && count_cjk(s, n) == 0;
}

static void add_cand(pscan *ps, size_t s, size_t e, int role, int prio)
{
	trim(ps->t, &s, &e);
	if (s >= e || !name_ok(ps->t + s, e - s))
		return;
	/* the same name in the same role and rank again: only its first
	 * mention is reported (emit), so keep one, and room for others */
	for (int i = 0; i < ps->nc; i++) {
		cand *o = &ps->c[i];
		if (o->role == role && o->prio == prio && o->end - o->start == e - s &&
		    !memcmp(ps->t + o->start, ps->t + s, e - s)) {
			if (s < o->start) {
				o->start = (uint32_t)s;
				o->end = (uint32_t)e;
			}
			return;
		}
	}
	if (ps->nc >= MAX_CANDS)
		return;
	ps->c[ps->nc].start = (uint32_t)s;
	ps->c[ps->nc].end = (uint32_t)e;
	ps->c[ps->nc].role = (unsigned char)role;
	ps->c[ps->nc].prio = (unsigned char)prio;
	ps->nc++;
}

/* An award is being told near position p: a generic 供应商 label means the
 * winner only there. */
static int award_context(const pscan *ps, size_t p, size_t line_e)
{
	static const char *const w[] = { "中标", "成交", "中选", "结果", "合同", "决标", "決標",
		"award", "Award", "AWARD", "contract", "Contract", NULL };
	static trawl__kwset w_k = TRAWL__KWSET(w);
	size_t s = p > 800 ? p - 800 : 0;
	return trawl__kw_any(&w_k, ps->t + s, line_e - s);
}

/* Key words that start a field after a name on the same line. */
static const char *const trailing_keys[] = { "地址", "联系人", "联系方式", "联系电话", "电话",
	"传真", "邮编", "邮政编码", "地点", "法定代表人", "法人", "项目联系人", "统一社会信用代码",
	"Address", "address", "Tel", "Phone", "Contact", NULL };

/* Is the trailing parenthesis t[a..b] (both parentheses included) about the
 * party's role or contact rather than part of its name? */
static int paren_is_note(const char *t, size_t a, size_t b)
{
	static const char *const w[] = { "联合体", "牵头", "成员", "主办", "盖章", "签章", "公章",
		"签字", "地址", "电话", "联系", "手机", "路", "街", "号", "楼", "市", "区", "县",
		"省", "@", "http", "代表", "供应商", "中标", "成交", "第", "包", "标段", "lead",
		"member", "Lead", "Member", NULL };
	static trawl__kwset w_k = TRAWL__KWSET(w);
	int digits = 0;
	for (size_t i = a; i <= b; i++)
		digits += is_digit(t[i]);
	return digits >= 3 || trawl__kw_any(&w_k, t + a, b - a + 1);
}

/* The name that starts at or after `from` and ends before `lim` (the end of
 * its cell or line): sets [*vs, *ve), and *more when a 、 follows it (a
 * list of names). Returns where the next name or field may start. */
static size_t value_span(const pscan *ps, size_t from, size_t lim, int english,
                         size_t *vs, size_t *ve, int *more)
{
	const char *t = ps->t;
	size_t i = from, cut = 0;
	int have_cut = 0;

	*more = 0;
	while (i < lim && is_sp(t[i]))
		i++;
	*vs = i;
	while (i < lim) {
		char c = t[i];
		if (c == ';' || c == ',' || c == '\t' || c == '\n' || c == '|' || at(t, lim, i, "。"))
			break;
		if (at(t, lim, i, "、") && !english) {
			*more = 1;
			break;
		}
		if (have_cut)
			break;          /* text after a note in parentheses */
		if (c == ':') {
			/* a second field on the line: end the name before its key */
			size_t j;
			for (j = i; j > *vs; j--)
				if (is_sp(t[j - 1]))
					break;
			cut = j > *vs ? j : i;
			for (const char *const *k = trailing_keys; j == *vs && *k; k++)
				if (ends_with(t + *vs, i - *vs, *k)) {
					cut = i - strlen(*k);
					break;
				}
			have_cut = 1;
			i = cut;
			break;
		}
		if (is_sp(c)) {
			size_t j = i, k;
			int next_field = 0;
			while (j < lim && is_sp(t[j]))
				j++;
			/* "名称  地址:…": the next field starts after the spaces */
			for (k = j; k < lim && k < j + 40 && !is_sp(t[k]); k++)
				if (t[k] == ':')
					next_field = 1;
			for (const char *const *w = trailing_keys; *w; w++)
				if (at(t, lim, j, *w))
					next_field = 1;
			if (next_field || (!english && j - i >= 2) || j >= lim) {
				cut = i;
				have_cut = 1;
				i = j;
				if (next_field)
					break;
				continue;
			}
			if (english && t[j] == '(') {
				cut = i;
				have_cut = 1;
				break;
			}
			i = j;
			continue;
		}
		if (c == '(') {
			size_t j = i + 1, depth = 1, after;
			while (j < lim) {
				if (t[j] == '(')
					depth++;
				else if (t[j] == ')' && !--depth)
					break;
				j++;
			}
			if (j >= lim) {                 /* unclosed: not part of the name */
				cut = i;
				have_cut = 1;
				break;
			}
			after = j + 1;
			if (paren_is_note(t, i, j)) {
				cut = i;
				have_cut = 1;
			}
			i = after;
			continue;
		}
		i += u8len((unsigned char)c);
	}
	*ve = have_cut ? cut : (i > lim ? lim : i);
	while (*ve > *vs) {
		char c = t[*ve - 1];
		if (is_sp(c) || (c == '.' && !english) || c == '!' || c == '-' || c == '/' || c == '*')
			(*ve)--;
		else if (*ve - *vs >= 3 && ends_with(t + *vs, *ve - *vs, "—"))
			*ve -= 3;
		else
			break;
	}
	if (*more)
		return i + 3;
	return i;
}

/* Adds the value(s) of a field whose name starts at `from` (only names
 * shaped like an organization's when need_org); returns the end of what
 * was read. */
static size_t field_value(pscan *ps, size_t from, size_t lim, int role, int english,
                          int need_org)
{
	int more = 1, rounds = 0;
	size_t vs, ve, next = from;
	while (more && rounds++ < 16 && next < lim) {
		next = value_span(ps, next, lim, english, &vs, &ve, &more);
		if (ve > vs && (!need_org || org_shaped(ps->t + vs, ve - vs)))
			add_cand(ps, vs, ve, role, P_FIELD);
	}
	return next;
}

/* ---- pass 1: "key: value" fields ----------------------------------- */

/* OCDS "parties[1].name: X" followed by "parties[1].roles[0]: supplier":
 * the role of X, or R_NONE. */
static int ocds_party_role(const pscan *ps, size_t ks, size_t ke, size_t line_e)
{
	const char *t = ps->t;
	size_t plen, p = line_e + 1;
	int lines = 0;
	if (ke - ks < 14 || memcmp(t + ks, "parties[", 8) || !ends_with(t + ks, ke - ks, "].name"))
		return R_NONE;
	plen = ke - ks - 5;                        /* "parties[1]" */
	while (p < ps->n && lines++ < 40) {
		size_t e = line_end(t, ps->n, p), v;
		if (e - p < plen || memcmp(t + p, t + ks, plen) || t[p + plen] != '.')
			break;
		if (at(t, e, p + plen, ".roles[")) {
			for (v = p + plen; v < e && t[v] != ':'; v++)
				;
			v++;
			while (v < e && is_sp(t[v]))
				v++;
			if (at(t, e, v, "buyer"))
				return R_BUYER;
			if (at(t, e, v, "supplier"))
				return R_VENDOR;
			if (at(t, e, v, "procuringEntity"))
				return R_AGENCY;
		}
		p = e + 1;
	}
	return R_NONE;
}

/* Key t[ks..ke) of a field ending at a ':' — the role it names, or R_NONE. */
static int key_role(pscan *ps, size_t ks, size_t ke, size_t colon, size_t line_e,
                    int *english)
{
	char key[KEY_MAX];
	size_t k, j;
	const struct label *l;

	trim(ps->t, &ks, &ke);
	*english = 0;
	if (ks >= ke)
		return R_NONE;
	if (count_cjk(ps->t + ks, ke - ks) == 0) {
		int r = ocds_party_role(ps, ks, ke, line_e);
		if (r != R_NONE)
			return r;
		l = en_label(ps->t + ks, ke - ks);
		*english = 1;
	} else {
		k = norm_key(ps->t + ks, ke - ks, key);
		l = k ? zh_label(key, k) : NULL;
		if (!l && k && ps->pending_lines > 0 &&
		    (!strcmp(key, "名称") || !strcmp(key, "单位名称")))
			return ps->pending_role;
		if (!l && k) {
			/* "项目名称:ABC 采购人:X": the key is the last word */
			for (j = ke; j > ks && !is_sp(ps->t[j - 1]); j--)
				;
			if (j > ks) {
				k = norm_key(ps->t + j, ke - j, key);
				l = k ? zh_label(key, k) : NULL;
			}
		}
	}
	if (!l)
		return R_NONE;
	if (l->award_only && !award_context(ps, colon, line_e))
		return R_NONE;
	return l->role;
}

/* "1.采购人信息" / "2、采购代理机构信息:" on a line of its own: the next
 * "名称:" names that party. */
static void section_header(pscan *ps, size_t s, size_t e)
{
	char key[KEY_MAX];
	size_t k;
	const struct label *l;
	trim(ps->t, &s, &e);
	if (e > s && ps->t[e - 1] == ':')
		e--;
	/* (the key ends with 信息 only where the line does, but for the
	 * spaces and parentheses norm_key drops: most lines don't) */
	{
		const char *t = ps->t;
		size_t q = e;
		while (q > s && (is_sp(t[q - 1]) || t[q - 1] == '(' || t[q - 1] == ')'))
			q--;
		if (q < s + 3 || memcmp(t + q - 3, "息", 3))
			return;
		q -= 3;
		while (q > s && (is_sp(t[q - 1]) || t[q - 1] == '(' || t[q - 1] == ')'))
			q--;
		if (q < s + 3 || memcmp(t + q - 3, "信", 3))
			return;
	}
	k = norm_key(ps->t + s, e - s, key);
	if (k > 6 && ends_with(key, k, "信息")) {
		k -= 6;
		key[k] = 0;
		l = zh_label(key, k);
		if (l && !l->award_only) {
			ps->pending_role = l->role;
			ps->pending_lines = 4;
		} else if (l && l->award_only) {
			ps->pending_role = R_VENDOR;
			ps->pending_lines = 4;
		}
	}
}

static void fields_in_cell(pscan *ps, size_t cs, size_t ce, size_t line_e)
{
	const char *t = ps->t;
	size_t seg = cs, p;
	for (p = cs; p < ce; p += u8len((unsigned char)t[p])) {
		size_t ks;
		int role, english;
		if (t[p] != ':') {
			/* (the next colon: no character's bytes hold one) */
			const char *colon = memchr(t + p, ':', ce - p);
			if (!colon)
				break;
			p = (size_t)(colon - t);
		}
		/* the key starts after the last sentence break before the colon
		 * (keys are short: only the last 120 bytes are looked at) */
		ks = seg;
		if (p - ks > 120) {
			ks = p - 120;
			while (ks < p && ((unsigned char)t[ks] & 0xC0) == 0x80)
				ks++;
		}
		for (size_t q = ks; q < p; q += u8len((unsigned char)t[q])) {
			if (t[q] == ',' || t[q] == ';' || t[q] == '|' || at(t, ps->n, q, "。") ||
			    (at(t, ps->n, q, "、") && q > ks && !is_digit(t[q - 1])))
				ks = q + u8len((unsigned char)t[q]);
		}
		role = key_role(ps, ks, p, p, line_e, &english);
		if (role != R_NONE) {
			size_t end = field_value(ps, p + 1, ce, role, english, 0);
			seg = end > p + 1 ? end : p + 1;
			if (seg > ce)
				seg = ce;
			p = seg ? seg - 1 : 0;
			if (seg == ce)
				break;
			continue;
		}
		seg = p + 1;
	}
}

/* ---- pass 2: table cells --------------------------------------------- */

typedef struct row {
	size_t s[MAX_CELLS], e[MAX_CELLS];
	int n;
} row;

static void split_row(const char *t, size_t ls, size_t le, row *r)
{
	size_t i = ls;
	r->n = 0;
	while (r->n < MAX_CELLS) {
		const char *tab = i < le ? memchr(t + i, '\t', le - i) : NULL;
		size_t j = tab ? (size_t)(tab - t) : (i > le ? i : le);
		r->s[r->n] = i;
		r->e[r->n] = j;
		trim(t, &r->s[r->n], &r->e[r->n]);
		r->n++;
		if (j >= le)
			break;
		i = j + 1;
	}
}

static const struct label *cell_label(const pscan *ps, size_t s, size_t e)
{
	char key[KEY_MAX];
	size_t k;
	if (e > s && ps->t[e - 1] == ':')
		e--;
	if (s >= e)
		return NULL;
	if (count_cjk(ps->t + s, e - s) == 0)
		return en_label(ps->t + s, e - s);
	k = norm_key(ps->t + s, e - s, key);
	return k ? zh_label(key, k) : NULL;
}

static void table_cells(pscan *ps, size_t ls, size_t le)
{
	const char *t = ps->t;
	row r, below;
	int i;
	split_row(t, ls, le, &r);
	if (r.n < 2)
		return;
	for (i = 0; i < r.n; i++) {
		const struct label *l = cell_label(ps, r.s[i], r.e[i]);
		const struct label *next;
		int english;
		if (!l)
			continue;
		english = count_cjk(t + r.s[i], r.e[i] - r.s[i]) == 0;
		if (l->award_only && !award_context(ps, r.s[i], le))
			continue;
		next = i + 1 < r.n ? cell_label(ps, r.s[i + 1], r.e[i + 1]) : NULL;
		if (i + 1 < r.n && r.e[i + 1] > r.s[i + 1] && !next &&
		    (org_shaped(t + r.s[i + 1], r.e[i + 1] - r.s[i + 1]) || r.n == 2 ||
		     (i + 2 < r.n && cell_label(ps, r.s[i + 2], r.e[i + 2])))) {
			/* 采购人 | X */
			field_value(ps, r.s[i + 1], r.e[i + 1], l->role, english, 0);
			continue;
		}
		/* a header: the names are below it, in the same column */
		{
			size_t p = le < ps->n ? le + 1 : le;
			int rows = 0;
			while (p < ps->n && rows++ < 500) {
				size_t e = line_end(t, ps->n, p);
				split_row(t, p, e, &below);
				if (below.n < 2 || below.n <= i)
					break;
				/* below a header, only organization names are taken */
				if (below.e[i] > below.s[i] && !cell_label(ps, below.s[i], below.e[i]))
					field_value(ps, below.s[i], below.e[i], l->role, english, 1);
				p = e < ps->n ? e + 1 : e;
			}
		}
	}
}

/* ---- pass 3: sentences ------------------------------------------------ */

/* Start of the line's text after spaces and a list number. */
static size_t line_text_start(const char *t, size_t ls, size_t le)
{
	const char *p = t + ls;
	size_t n = le - ls;
	while (n && is_sp(*p))
		p++, n--;
	strip_enum(&p, &n);
	while (n && is_sp(*p))
		p++, n--;
	return (size_t)(p - t);
}

/* 受X委托 / 受X的委托: X the buyer; the organization just before 受, or
 * right after 委托, the agency. */
static void prose_entrusted(pscan *ps, size_t ls, size_t le)
{
	const char *t = ps->t;
	size_t i;
	for (i = ls; i < le; i += 3) {
		size_t xs, xe, j, lim;
		const char *hit = find3(t + i, le - i, "受");
		if (!hit)
			break;
		i = (size_t)(hit - t);
		xs = i + 3;
		lim = xs + 200 < le ? xs + 200 : le;
		for (j = xs; j < lim; j += u8len((unsigned char)t[j])) {
			if (is_punct_at(t, le, j))
				break;
			if (at(t, le, j, "委托"))
				break;
		}
		if (j >= lim || !at(t, le, j, "委托"))
			continue;
		xe = j;
		if (ends_with(t + xs, xe - xs, "的"))
			xe -= 3;
		trim(t, &xs, &xe);
		if (!org_shaped(t + xs, xe - xs))
			continue;
		add_cand(ps, xs, xe, R_BUYER, P_PROSE);
		/* the agency: before 受 ... */
		{
			size_t as = line_text_start(t, ls, i), ae = i;
			for (size_t q = as; q < ae; q += u8len((unsigned char)t[q]))
				if (is_punct_at(t, le, q))
					as = q + u8len((unsigned char)t[q]);
			trim(t, &as, &ae);
			if (ae > as && org_shaped(t + as, ae - as)) {
				add_cand(ps, as, ae, R_AGENCY, P_PROSE);
				continue;
			}
		}
		/* ... or after 委托: "受X委托,Y对…" */
		{
			size_t ys = j + 6, ye;
			while (ys < le && (t[ys] == ',' || is_sp(t[ys])))
				ys++;
			for (ye = ys; ye < le && ye < ys + 150; ye += u8len((unsigned char)t[ye]))
				if (is_punct_at(t, le, ye) || at(t, le, ye, "对") || at(t, le, ye, "就"))
					break;
			if (at(t, le, ye, "对") || at(t, le, ye, "就")) {
				size_t s2 = ys, e2 = ye;
				trim(t, &s2, &e2);
				if (e2 > s2 && org_shaped(t + s2, e2 - s2))
					add_cand(ps, s2, e2, R_AGENCY, P_PROSE);
			}
		}
	}
}

/* "成交供应商为X" and "确定X为中标人": a label and a name joined by 为 in a
 * sentence. The name must look like an organization's. */
static void prose_wei(pscan *ps, size_t ls, size_t le)
{
	const char *t = ps->t;
	size_t p;

	for (p = ls; p + 3 <= le; p += 3) {
		const char *hit = find3(t + p, le - p, "为");
		size_t ks, q, vs, ve;
		int role, english, more;
		if (!hit)
			return;
		p = (size_t)(hit - t);
		/* the words before 为, back to the start of the clause */
		ks = p;
		while (ks > ls) {
			size_t b = ks - 1;
			while (b > ls && ((unsigned char)t[b] & 0xC0) == 0x80)
				b--;
			if (is_punct_at(t, le, b) || t[b] == '(' || t[b] == ')')
				break;
			ks = b;
		}
		if (ks < p && p - ks <= 60) {
			/* LABEL为NAME */
			role = key_role(ps, ks, p, p, le, &english);
			if (role != R_NONE) {
				value_span(ps, p + 3, le, english, &vs, &ve, &more);
				if (ve > vs && org_shaped(t + vs, ve - vs)) {
					add_cand(ps, vs, ve, role, P_FIELD);
					continue;
				}
			}
			/* 确定NAME为LABEL */
			for (q = ks; q + 6 <= p; q += u8len((unsigned char)t[q]))
				if (at(t, p, q, "确定"))
					break;
			if (q + 6 <= p && org_shaped(t + q + 6, p - q - 6)) {
				size_t le2 = p + 3;
				while (le2 < le && !is_punct_at(t, le, le2) && le2 - p < 40)
					le2 += u8len((unsigned char)t[le2]);
				role = key_role(ps, p + 3, le2, le2, le, &english);
				if (role != R_NONE)
					add_cand(ps, q + 6, p, role, P_FIELD);
			}
		}
	}
}

/* The longest org-shaped prefix of t[s..lim) that ends right before a
 * digit, 的 or 项目: the buyer in "对辽宁某学院2019年…采购". */
static void org_prefix(pscan *ps, size_t s, size_t lim, int role)
{
	const char *t = ps->t;
	size_t j;
	for (j = s; j < lim && j < s + 150; j += u8len((unsigned char)t[j])) {
		if (is_punct_at(t, lim, j))
			return;
		if (is_digit(t[j]) || at(t, lim, j, "的") || at(t, lim, j, "项目")) {
			if (j > s && org_shaped(t + s, j - s))
				add_cand(ps, s, j, role, P_PROSE);
			return;
		}
	}
}

/* A line that starts with an organization doing something:
 *   "X对Y项目进行(了)竞争性磋商…"   X buyer, or agency when its name says so
 *   "X于2011年09月8日 在Y发布的采购…" X buyer, Y agency */
static void prose_subject(pscan *ps, size_t ls, size_t le)
{
	const char *t = ps->t;
	size_t s = line_text_start(t, ls, le), j, lim = s + 180 < le ? s + 180 : le;
	for (j = s; j < lim; j += u8len((unsigned char)t[j])) {
		if (is_punct_at(t, le, j))
			return;
		if (at(t, le, j, "对")) {
			size_t xe = j;
			trim(t, &s, &xe);
			if (!org_shaped(t + s, xe - s))
				continue;
			{
				size_t k = j + 3, e = line_end(t, ps->n, j);
				int told = 0;
				static const char *const doing[] = { "磋商", "采购", "招标", "询价", "谈判",
					"比选", "竞价", "遴选", NULL };
				static trawl__kwset doing_k = TRAWL__KWSET(doing);
				for (; k < e && k < j + 400; k++)
					if (at(t, e, k, "进行") || at(t, e, k, "组织") || at(t, e, k, "实施"))
						told = 1;
				if (told)
					told = trawl__kw_any(&doing_k, t + j,
					                     (e < j + 400 ? e : j + 400) - j);
				if (!told)
					return;
			}
			if (trawl__kw_any(&agency_words_k, t + s, xe - s)) {
				add_cand(ps, s, xe, R_AGENCY, P_PROSE);
				org_prefix(ps, j + 3, le, R_BUYER);
			} else {
				add_cand(ps, s, xe, R_BUYER, P_PROSE);
			}
			return;
		}
		if (at(t, le, j, "于") && j + 3 < le &&
		    (is_digit(t[j + 3]) || (is_sp(t[j + 3]) && j + 4 < le && is_digit(t[j + 4])))) {
			size_t xe = j, k, ys, ye;
			trim(t, &s, &xe);
			if (!org_shaped(t + s, xe - s))
				return;
			for (k = j; k < le && !at(t, le, k, "在"); k += u8len((unsigned char)t[k]))
				if (is_punct_at(t, le, k))
					return;
			if (k >= le)
				return;
			ys = k + 3;
			for (ye = ys; ye < le && !at(t, le, ye, "发布"); ye += u8len((unsigned char)t[ye]))
				if (is_punct_at(t, le, ye))
					return;
			if (ye >= le)
				return;
			add_cand(ps, s, xe, R_BUYER, P_PROSE);
			if (ends_with(t + ys, ye - ys, "上"))
				ye -= 3;
			trim(t, &ys, &ye);
			if (ye > ys && (org_shaped(t + ys, ye - ys) || ends_with(t + ys, ye - ys, "网")))
				add_cand(ps, ys, ye, R_AGENCY, P_PROSE);
			return;
		}
	}
}

/* ---- pass 4: the issuer -------------------------------------------- */

static int is_year_at(const char *t, size_t n, size_t i)
{
	static const char *const d[] = { "〇", "○", "零", "一", "二", "三", "四", "五", "六", "七",
		"八", "九", NULL };
	int k, m;
	if (i + 7 <= n && is_digit(t[i]) && is_digit(t[i + 1]) && is_digit(t[i + 2]) &&
	    is_digit(t[i + 3]) && (i + 4 >= n || !is_digit(t[i + 4])) &&
	    at(t, n, i + 4, "年") && (t[i] == '1' || t[i] == '2'))
		return 1;
	/* 二〇二四年, 二零二四年: four Chinese digits, of 一 or 二 first */
	if (!at(t, n, i, "一") && !at(t, n, i, "二"))
		return 0;
	for (m = 0; m < 4; m++) {
		for (k = 0; d[k]; k++)
			if (at(t, n, i + 3 * (size_t)m, d[k]))
				break;
		if (!d[k])
			return 0;
	}
	return at(t, n, i + 12, "年");
}

/* Organizations separated by spaces or 、 in t[s..e): each is an issuer.
 * Returns how many there were, or 0 (and adds nothing) if any part isn't one. */
static int issuers(pscan *ps, size_t s, size_t e)
{
	size_t ps_[8], pe_[8];
	int k = 0, i;
	trim(ps->t, &s, &e);
	while (s < e && k < 8) {
		size_t j = s;
		while (j < e && !is_sp(ps->t[j]) && !at(ps->t, e, j, "、"))
			j++;
		if (!org_shaped(ps->t + s, j - s))
			return 0;
		ps_[k] = s;
		pe_[k++] = j;
		s = j;
		while (s < e && (is_sp(ps->t[s]) || at(ps->t, e, s, "、")))
			s += is_sp(ps->t[s]) ? 1 : 3;
	}
	if (s < e)
		return 0;
	for (i = 0; i < k; i++)
		add_cand(ps, ps_[i], pe_[i], R_ISSUER, P_ISSUER);
	return k;
}

static void issuer_in_title(pscan *ps)
{
	const char *t = ps->t;
	size_t p = 0;
	int lines = 0;
	while (p < ps->n && lines < 4) {
		size_t e = line_end(t, ps->n, p), s = p, j;
		trim(t, &s, &e);
		p = line_end(t, ps->n, p) + 1;
		if (s >= e)
			continue;
		lines++;
		for (j = s; j < e && j < s + 200; j += u8len((unsigned char)t[j])) {
			if (is_punct_at(t, e, j) && !at(t, e, j, "、"))
				break;
			if (at(t, e, j, "关于") || at(t, e, j, "關於") || is_year_at(t, e, j)) {
				if (j > s && issuers(ps, s, j))
					return;
				break;
			}
		}
	}
}

/* A closing date line: 2024年6月3日, 2019-7-17, 二〇二四年六月三日. */
static int date_only(const char *t, size_t s, size_t e)
{
	static const char *const ok[] = { "年", "月", "日", "〇", "○", "零", "一", "二", "三", "四",
		"五", "六", "七", "八", "九", "十", NULL };
	size_t i = s;
	int digits = 0, marks = 0;
	while (i < e) {
		int hit = 0;
		if (is_digit(t[i])) {
			digits++;
			i++;
			continue;
		}
		if (t[i] == '-' || t[i] == '.' || t[i] == '/' || is_sp(t[i])) {
			i++;
			continue;
		}
		for (const char *const *w = ok; *w; w++)
			if (at(t, e, i, *w)) {
				hit = 1;
				marks++;
				i += strlen(*w);
				break;
			}
		if (!hit)
			return 0;
	}
	return digits >= 4 || marks >= 4;
}

static int skippable_tail(const char *t, size_t s, size_t e)
{
	static const char *const w[] = { "特此公告", "特此通知", "特此公示", "特此说明", "特此通告",
		"第", "Page", "page", "(盖章)", "(公章)", NULL };
	if (e - s > 60)
		return 0;
	for (const char *const *p = w; *p; p++)
		if (at(t, e, s, *p))
			return 1;
	return 0;
}

static void issuer_in_signature(pscan *ps)
{
	const char *t = ps->t;
	size_t e = ps->n;
	int seen_date = 0, lines = 0;
	while (e > 0 && lines < 8) {
		size_t s = e, ls, le;
		while (s > 0 && t[s - 1] != '\n')
			s--;
		ls = s, le = e;
		trim(t, &ls, &le);
		e = s ? s - 1 : 0;
		if (ls >= le) {
			if (!s)
				break;
			continue;
		}
		lines++;
		if (date_only(t, ls, le)) {
			seen_date = 1;
		} else if (skippable_tail(t, ls, le)) {
			/* go on */
		} else {
			/* "岭东省公安厅 2024年6月3日" on one line */
			size_t k;
			for (k = ls; k < le; k++)
				if (is_sp(t[k]) && date_only(t, k, le)) {
					size_t oe = k;
					trim(t, &ls, &oe);
					issuers(ps, ls, oe);
					return;
				}
			if (seen_date)
				issuers(ps, ls, le);
			return;
		}
		if (!s)
			break;
	}
}

/* ---- driver -------------------------------------------------------- */

/* When no label names them: the buyer is the organization that opens a
 * procurement notice's title ("滨海市人民医院医用耗材采购项目成交公告"), and an
 * issuer that is an agency by its name (滨海市政府采购中心 signing) is the
 * agency. */
static void fallback_roles(pscan *ps)
{
	static const char *const proc[] = { "采购", "招标", "中标", "成交", "磋商", "询价",
		"谈判", "比选", "遴选", "竞价", "採購", "招標", NULL };
	const char *t = ps->t;
	int have_buyer = 0, have_agency = 0, i, nc = ps->nc;
	size_t p = 0;

	for (i = 0; i < nc; i++) {
		have_buyer |= ps->c[i].role == R_BUYER;
		have_agency |= ps->c[i].role == R_AGENCY;
	}
	if (!have_agency)
		for (i = 0; i < nc; i++) {
			const cand *c = &ps->c[i];
			if (c->role == R_ISSUER &&
			    trawl__kw_any(&agency_words_k, t + c->start, c->end - c->start))
				add_cand(ps, c->start, c->end, R_AGENCY, P_ISSUER);
		}
	if (have_buyer)
		return;
	/* the title: the first non-empty line */
	while (p < ps->n) {
		size_t e = line_end(t, ps->n, p), s = p, q = e, j;
		trim(t, &s, &e);
		p = line_end(t, ps->n, p) + 1;
		if (s >= e)
			continue;
		if (at(t, e, s, "关于") || at(t, e, s, "關於"))
			s += 6;
		for (const char *const *w = proc; *w; w++) {
			const char *hit = memmem(t + s, e - s, *w, strlen(*w));
			if (hit && (size_t)(hit - t) < q)
				q = (size_t)(hit - t);
		}
		if (q >= e)
			return;
		/* a name holds no digits: "…支队2024年…采购意向" */
		for (j = s; j < q; j++)
			if (is_digit(t[j])) {
				q = j;
				break;
			}
		/* the longest organization's name that starts the title */
		for (j = q; j > s + 6; j--) {
			if (((unsigned char)t[j] & 0xC0) == 0x80)
				continue;
			if (org_shaped(t + s, j - s)) {
				if (!trawl__kw_any(&agency_words_k, t + s, j - s))
					add_cand(ps, s, j, R_BUYER, P_ISSUER);
				return;
			}
		}
		return;
	}
}

static int emit(const pscan *ps, trawl__fact_cb cb, void *u)
{
	int best[R_NONE] = { 0, 0, 0, 0 };
	int i, j, count = 0;
	char used[MAX_CANDS];

	for (i = 0; i < ps->nc; i++)
		if (ps->c[i].prio > best[ps->c[i].role])
			best[ps->c[i].role] = ps->c[i].prio;
	memset(used, 0, sizeof used);
	for (;;) {
		/* next in text order among those not yet reported */
		int k = -1;
		for (i = 0; i < ps->nc; i++) {
			if (used[i] || ps->c[i].prio != best[ps->c[i].role])
				continue;
			if (k < 0 || ps->c[i].start < ps->c[k].start ||
			    (ps->c[i].start == ps->c[k].start && ps->c[i].role < ps->c[k].role))
				k = i;
		}
		if (k < 0)
			break;
		used[k] = 1;
		{
			const cand *c = &ps->c[k];
			size_t len = c->end - c->start;
			int dup = 0;
			trawl__fact f;
			for (j = 0; j < ps->nc; j++) {
				const cand *o = &ps->c[j];
				if (j != k && used[j] == 2 && o->role == c->role && o->end - o->start == len &&
				    !memcmp(ps->t + o->start, ps->t + c->start, len))
					dup = 1;
			}
			if (dup)
				continue;
			used[k] = 2;
			memset(&f, 0, sizeof f);
			f.kind = TRAWL__F_PARTY;
			f.start = c->start;
			f.end = c->end;
			copy_str(f.role, sizeof f.role, role_names[c->role]);
			/* value holds up to 47 bytes cut at a character; label the whole name */
			{
				size_t vn = len < sizeof f.value ? len : sizeof f.value - 1;
				while (vn < len && vn > 0 && ((unsigned char)ps->t[c->start + vn] & 0xC0) == 0x80)
					vn--;
				memcpy(f.value, ps->t + c->start, vn);
				f.value[vn] = 0;
				vn = len < sizeof f.label ? len : sizeof f.label - 1;
				while (vn < len && vn > 0 && ((unsigned char)ps->t[c->start + vn] & 0xC0) == 0x80)
					vn--;
				memcpy(f.label, ps->t + c->start, vn);
				f.label[vn] = 0;
			}
			count++;
			if (cb(u, &f))
				break;
		}
	}
	return count;
}

int trawl__extract_parties(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb,
                           void *u)
{
	pscan local, *ps = &local;
	size_t ls = 0;
	(void)c;

	if (!t || !n || !cb)
		return 0;
	memset(ps, 0, sizeof *ps);
	ps->t = t;
	ps->n = n;
	ps->pending_role = R_NONE;
	while (ls < n) {
		size_t le = line_end(t, n, ls), cs = ls;
		int had_value_before = ps->nc;
		if (memchr(t + ls, '\t', le - ls))
			table_cells(ps, ls, le);
		while (cs <= le) {
			const char *tab = memchr(t + cs, '\t', le - cs);
			size_t ce = tab ? (size_t)(tab - t) : le;
			fields_in_cell(ps, cs, ce, le);
			cs = ce + 1;
		}
		prose_entrusted(ps, ls, le);
		prose_wei(ps, ls, le);
		prose_subject(ps, ls, le);
		if (ps->pending_lines > 0 && ps->nc > had_value_before)
			ps->pending_lines = 0;
		else if (ps->pending_lines > 0)
			ps->pending_lines--;
		section_header(ps, ls, le);
		ls = le + 1;
	}
	issuer_in_title(ps);
	issuer_in_signature(ps);
	fallback_roles(ps);
	return emit(ps, cb, u);
}
