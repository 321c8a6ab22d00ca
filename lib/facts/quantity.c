/* Quantities and targets: percentages (95%, 百分之九十五, ≥95%, 不低于99.5%),
 * counts with a measure word (不少于10人, 18个, 2艘), limits (不超过30天,
 * 30日内, 年龄不超过30周岁), areas (7713平方米, 7713m²) and scores (10分),
 * each with its comparator and unit.
 *
 * A span that is money (五分 after an amount, 5元) or part of a date
 * (3月15日) is left to those extractors: money wins over quantity. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "facts/fact.h"
#include "facts/scan.h"
#include "util/banned.h"

static size_t u8back(const char *t, size_t i)
{
	size_t k = i;
	if (!k)
		return 0;
	k--;
	while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80)
		k--;
	return k;
}

static size_t spaces(const char *t, size_t n, size_t i)
{
	while (i < n && t[i] == ' ')
		i++;
	return i;
}

/* Measure words, longest first where one begins another. flags: 1 = needs
 * a comparator or a limit word to be a quantity (30天 alone may be a
 * duration we do not want, 30日 a day of the month). */
static const struct { const char *w; int flags; } units[] = {
	{ "%", 0 }, { "‰", 0 },
	{ "平方公里", 0 }, { "平方千米", 0 }, { "平方米", 0 }, { "m²", 0 }, { "m2", 0 },
	{ "km²", 0 }, { "立方米", 0 }, { "m³", 0 }, { "公顷", 0 }, { "亩", 0 },
	{ "个百分点", 0 }, { "个百分點", 0 }, { "個百分點", 0 }, { "個百分点", 0 },
	{ "百分点", 0 }, { "百分點", 0 },
	{ "个工作日", 0 }, { "工作日", 0 }, { "日历天", 0 }, { "个自然日", 0 }, { "自然日", 0 },
	{ "个小时", 0 }, { "小时", 0 }, { "分钟", 0 }, { "个月", 0 }, { "周岁", 0 },
	{ "人次", 0 }, { "课时", 0 }, { "学时", 0 }, { "学分", 0 },
	{ "公里", 0 }, { "千米", 0 }, { "公斤", 0 }, { "千克", 0 }, { "吨", 0 },
	{ "人", 0 }, { "名", 0 }, { "个", 0 }, { "艘", 0 }, { "起", 0 }, { "辆", 0 },
	{ "台", 0 }, { "套", 0 }, { "件", 0 }, { "项", 0 }, { "家", 0 }, { "所", 0 },
	{ "条", 0 }, { "架", 0 }, { "部", 0 }, { "只", 0 }, { "份", 0 }, { "张", 0 },
	{ "处", 0 }, { "座", 0 }, { "栋", 0 }, { "户", 0 }, { "批", 0 }, { "宗", 0 },
	{ "例", 0 }, { "次", 0 }, { "岁", 0 }, { "分", 0 }, { "米", 0 },
	{ "天", 1 }, { "日", 1 }, { "年", 1 }, { "周", 1 },
	{ NULL, 0 }
};

static const struct { const char *w; const char *cmp; } before[] = {
	{ "≥", ">=" }, { "≤", "<=" }, { ">=", ">=" }, { "<=", "<=" }, { ">", ">" }, { "<", "<" },
	{ "不超过", "<=" }, { "不超過", "<=" }, { "不高于", "<=" }, { "不大于", "<=" },
	{ "不多于", "<=" }, { "最多", "<=" }, { "至多", "<=" }, { "控制在", "<=" },
	{ "不足", "<" }, { "不到", "<" }, { "低于", "<" }, { "少于", "<" }, { "小于", "<" },
	{ "不少于", ">=" }, { "不低于", ">=" }, { "不小于", ">=" }, { "至少", ">=" },
	{ "最少", ">=" }, { "达到", ">=" }, { "達到", ">=" }, { "保持在", "=" },
	{ "高于", ">" }, { "超过", ">" }, { "超過", ">" }, { "大于", ">" }, { "多于", ">" },
	{ NULL, NULL }
};

static const struct { const char *w; const char *cmp; } after[] = {
	{ "(含)以上", ">=" }, { "(含)以下", "<=" }, { "及以上", ">=" }, { "及以下", "<=" },
	{ "或以上", ">=" }, { "或以下", "<=" }, { "以上", ">=" }, { "以下", "<=" },
	{ "以内", "<=" }, { "之内", "<=" }, { "内", "<=" }, { NULL, NULL }
};

/* Names of targets that may stand before the comparator or the number. */
static const char *const target_ends[] = { "率", "比例", "占比", "比重", "年龄", "面积",
	"人数", "数量", "期限", "工期", "得分", "分值", "权重", "满意度", "滿意度", "认可度",
	"知晓度", "覆盖度", "完成度", "准确度", "指数", "次数", "天数", "时限",
	"时长", "周期", "寿命", "响应时间", NULL };

/* Words between a target's name and its figure: 满意度达90%, 遣返率为95% */
static const char *const target_verbs[] = { "达", "達", "为", "為", "约", "約", "在", NULL };

/* A value's label after the target's name, in a form: 指标：遣返率 指标值：≥95% */
static const char *const value_labels[] = { "年度指标值", "预期指标值", "考核指标值",
	"年度目标值", "预期目标值", "考核目标值", "指标值", "指標值", "目标值", "目標值", NULL };

/* Words a target's name is not: what comes before it in a sentence
 * (全面提高群众满意度: 群众满意度) */
static const char *const name_lead[] = { "进一步", "提高", "提升", "确保", "保持", "实现",
	"力争", "争取", "全面", "不断", "加强", "其中", NULL };

typedef struct {
	size_t start, end;
	char value[TRAWL__DEC_MAX], hi[TRAWL__DEC_MAX];
	char unit[16];
	const char *cmp;
	int neg;
} qty;

/* The length of a minus sign right before i that is the number's own
 * (同比增长-12.5%, 为−2.3%, 增幅为负1.5%, (-3%)), else 0: not one that
 * ends a number, a code or a word (2019-5%, A-5%, 5%-10%, 减负1%, 正负1%,
 * 二-三). */
/* Whether a dash at s (-, −, －) may be a minus by what comes before it:
 * the start, spaces, a colon or a bracket, a word (增长-3%, 地区-1.5%,
 * 比上年-12%); not a number, a code or a dash (2019-5%, A-5%, 5%-10%,
 * 二-三), a package's or an item's word (第3包-5%, 第2标段-3%, 1包-120万元,
 * 第3项-2%), nor a figure's unit (3人-5人, 3个月-6个月, 100平方米-200平方米;
 * not a period's: 三年-12万元, 2022年-0.8%, 一季度-3万元, 3月-2000元). */
int trawl__dash_may_be_sign(const char *t, size_t s)
{
	size_t q = s;
	unsigned char c;

	while (q > 0 && t[q - 1] == ' ')
		q--;
	if (q == 0)
		return 1;
	c = (unsigned char)t[q - 1];
	/* after spaces, a column of its own (营业收入 120 98 -12.5%, 差额(万元) -300万元) */
	if (c < 0x80)
		return q < s || c == '\t' || c == '\n' || c == ':' || c == '(' || c == ')' || c == ',' ||
		       c == ';' || c == '=' || c == '~';
	if (q < 3 || ((unsigned char)t[q - 3] & 0xF0) != 0xE0 || trawl__numeral_before(t, q))
		return 0;
	/* full-width punctuation: （−6.2%）, ：-3% */
	if ((unsigned char)t[q - 3] == 0xEF || (unsigned char)t[q - 3] == 0xE3)
		return 1;
	/* a dash, or a package's or a number's word (A包-10%, 第4采购包-8%) */
	if (!memcmp(t + q - 3, "—", 3) || !memcmp(t + q - 3, "–", 3) || !memcmp(t + q - 3, "−", 3) ||
	    !memcmp(t + q - 3, "包", 3) || !memcmp(t + q - 3, "段", 3) || !memcmp(t + q - 3, "号", 3) ||
	    !memcmp(t + q - 3, "號", 3) || !memcmp(t + q - 3, "项", 3) || !memcmp(t + q - 3, "項", 3) ||
	    !memcmp(t + q - 3, "批", 3))
		return 0;
	/* (年, 天, 日, 周 are periods: 三年-12万元, 2022年-0.8% are signed) */
	for (int k = 0; units[k].w; k++) {
		size_t ul = strlen(units[k].w);
		if (!(units[k].flags & 1) && q >= ul && !memcmp(t + q - ul, units[k].w, ul) &&
		    ((q > ul && is_digit(t[q - ul - 1])) || trawl__numeral_before(t, q - ul)))
			return 0;
	}
	return 1;
}

static size_t sign_before(const char *t, size_t n, size_t i)
{
	/* what 负 may follow: a word of change or of value (为负1.5%, 增速负6.8%) */
	static const char *const change[] = { "为", "為", "是", "达", "達", "至", "到", "长", "長",
		"幅", "率", "比", "约", "約", "降", "少", "加", "减", "減", "计", "計", "值", "差", "年",
		"期", "落", "跌", "升", "额", "額", "度", "动", "動", "化", "速", "润", "潤", NULL };
	size_t s, l;

	if (i >= n || !(is_digit(t[i]) || trawl__numeral_at(t + i, n - i)))
		return 0;
	if (i >= 3 && (!memcmp(t + i - 3, "负", 3) || !memcmp(t + i - 3, "負", 3))) {
		unsigned char c;
		/* 负 the verb (各负50%的责任, 一方负70%) is no minus */
		if (!trawl__minus_word_before(t, i - 3))
			return 0;
		s = i - 3;
		if (s == 0)
			return 3;
		c = (unsigned char)t[s - 1];
		if (c < 0x80)
			return c == ' ' || c == '\t' || c == '\n' || c == ':' || c == '(' || c == ',' ||
			       c == ';' || c == '=' || c == '~' || is_alpha((char)c) ? 3 : 0;
		if (s < 3)
			return 0;
		if ((unsigned char)t[s - 3] == 0xEF || (unsigned char)t[s - 3] == 0xE3)
			return 3;
		for (int k = 0; change[k]; k++)
			if (!memcmp(t + s - 3, change[k], 3))
				return 3;
		return 0;
	}
	if (i >= 1 && t[i - 1] == '-' && is_digit(t[i]))
		l = 1;
	else if (i >= 3 && is_digit(t[i]) &&
	         (!memcmp(t + i - 3, "−", 3) || !memcmp(t + i - 3, "－", 3)))
		l = 3;
	else
		return 0;
	return trawl__dash_may_be_sign(t, i - l) ? l : 0;
}

/* Is [s, e) covered by a money fact or a date? Runs those extractors over
 * a window around the span, so nothing is allocated. */
typedef struct {
	size_t s, e;
	int hit;
} overlap;

static int overlap_cb(void *u, const trawl__fact *f)
{
	overlap *o = u;
	if (f->start < o->e && f->end > o->s) {
		o->hit = 1;
		return 1;
	}
	return 0;
}

static int taken(const char *t, size_t n, size_t s, size_t e, const trawl__fctx *c)
{
	overlap o;
	size_t a = s > 96 ? s - 96 : 0, b = e + 96 < n ? e + 96 : n;
	trawl__fctx plain;

	if (c && c->spans) {
		/* the caller already knows where money and dates are */
		size_t lo = 0, hi = c->nspans;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (c->spans[mid][1] <= s)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < c->nspans && c->spans[lo][0] < e; lo++)
			if (c->spans[lo][1] > s)
				return 1;
		return 0;
	}
	while (a > 0 && ((unsigned char)t[a] & 0xC0) == 0x80)
		a--;
	while (b < n && ((unsigned char)t[b] & 0xC0) == 0x80)
		b++;
	memset(&plain, 0, sizeof plain);
	plain.roc_years = c ? c->roc_years : 0;
	o.s = s - a;
	o.e = e - a;
	o.hit = 0;
	trawl__extract_money(t + a, b - a, &plain, overlap_cb, &o);
	if (!o.hit)
		trawl__extract_dates(t + a, b - a, &plain, overlap_cb, &o);
	return o.hit;
}

/* The characters a measure word and a comparator start with. */
static trawl__cpset unit_starts, cmp_starts, num_run, num_next;
static pthread_once_t sets_once = PTHREAD_ONCE_INIT;

/* The units by their first character: chains in the order of the list
 * (a unit is looked for after every number), k + 1 or 0 at the end. */
#define NUNITS (sizeof units / sizeof units[0] - 1)
#define UNIT_BUCKETS 64
_Static_assert(NUNITS < 255, "unit chains are numbered in bytes");
static uint8_t unit_head[UNIT_BUCKETS], unit_next[NUNITS];
static int32_t unit_first[NUNITS];

static void sets_init(void)
{
	for (size_t k = NUNITS; k-- > 0;) {
		size_t l;
		cpset_add_first(&unit_starts, units[k].w);
		unit_first[k] = cp_at(units[k].w, strlen(units[k].w), 0, &l);
		unit_next[k] = unit_head[unit_first[k] & (UNIT_BUCKETS - 1)];
		unit_head[unit_first[k] & (UNIT_BUCKETS - 1)] = (uint8_t)(k + 1);
	}
	for (int k = 0; before[k].w; k++)
		cpset_add_first(&cmp_starts, before[k].w);
	trawl__cpset_add_numerals(&num_run);
	cpset_add(&num_run, ',');
	cpset_add(&num_run, 0xFF0C);   /* ， kept between digits: 3，500台 */
	cpset_add(&num_run, '.');
	/* after a number's run: a unit, a range (-, ~, 至, 到, —, 90%-95%),
	 * or what trawl__parse_number may still read (a numeral, 个亿,
	 * " million") */
	for (size_t k = 0; k < NUNITS; k++)
		cpset_add_first(&num_next, units[k].w);
	trawl__cpset_add_numerals(&num_next);
	for (const char *const *w = (const char *const[]){ "-", "~", "%", "至", "到", "—", "个",
	                                                  NULL }; *w; w++)
		cpset_add_first(&num_next, *w);
	for (int c = 'a'; c <= 'z'; c++) {
		cpset_add(&num_next, c);
		cpset_add(&num_next, c - 'a' + 'A');
	}
}

/* Can a quantity's number at i be followed by its unit? The number
 * trawl__parse_number reads at i ends inside the run of numerals, commas
 * and points from i, or at its end, or after it only by what is in
 * num_next (a multiplier after spaces, 个亿). read_qty wants a unit or a
 * range right after the number (after spaces), so when no character of
 * the run starts a unit and what follows the run (after spaces) is not in
 * num_next, it can't succeed: this says so without reading the number.
 * A run longer than any number (a line of "0,1,2,...") is not walked to
 * its end from each of its numbers, which made a 40 MiB line quadratic:
 * past RUN_MAX bytes the number is read as before. */
enum { RUN_MAX = 64 };
static int unit_may_follow(const char *t, size_t n, size_t i)
{
	size_t r = i;
	while (r < n) {
		unsigned char b = (unsigned char)t[r];
		if (r - i > RUN_MAX)
			return 1;
		if (b < 0x80) {
			if (!((num_run.bmp[b >> 6] >> (b & 63)) & 1))
				break;
			r++;
			continue;
		}
		if (!cpset_at(&num_run, t, n, r))
			break;
		if (cpset_at(&unit_starts, t, n, r))
			return 1;
		r += u8len_at(t, n, r);
	}
	r = spaces(t, n, r);
	return r < n && cpset_at(&num_next, t, n, r);
}

static int unit_at(const char *t, size_t n, size_t i, size_t *len, int *flags)
{
	size_t cl;
	int32_t c;
	if (!cpset_at(&unit_starts, t, n, i))
		return 0;
	c = cp_at(t, n, i, &cl);
	/* (only the units that start with this character, in list order) */
	for (unsigned e = unit_head[c & (UNIT_BUCKETS - 1)]; e; e = unit_next[e - 1]) {
		size_t k = e - 1;
		if (unit_first[k] != c)
			continue;
		if (at(t, n, i, units[k].w)) {
			size_t l = strlen(units[k].w);
			/* m2 is not m2x; 米 is not 米饭 (we only check ASCII) */
			if (is_alpha(units[k].w[0]) && i + l < n && (is_alpha(t[i + l]) || is_digit(t[i + l])))
				continue;
			/* 一次性输液器, 一件式: a word, not a count */
			if (at(t, n, i + l, "性") || at(t, n, i + l, "式"))
				return 0;
			*len = l;
			*flags = units[k].flags;
			return 1;
		}
	}
	return 0;
}

/* A number at i that starts a word and that a unit can follow
 * (unit_may_follow). */
static size_t number(const char *t, size_t n, size_t i, char v[TRAWL__DEC_MAX])
{
	if (i > 0 && (is_digit(t[i - 1]) || is_alpha(t[i - 1]) || t[i - 1] == '.' ||
	              trawl__numeral_before(t, i)))
		return 0;
	if (!unit_may_follow(t, n, i))
		return 0;   /* (read_qty wants a unit after it) */
	return trawl__parse_number(t + i, n - i, v);
}

static const char *cmp_before_at(const char *t, size_t n, size_t i, size_t *len)
{
	int k;
	if (!cpset_at(&cmp_starts, t, n, i))
		return NULL;
	for (k = 0; before[k].w; k++)
		if (at(t, n, i, before[k].w)) {
			*len = strlen(before[k].w);
			return before[k].cmp;
		}
	return NULL;
}

static const char *cmp_after_at(const char *t, size_t n, size_t i, size_t *len)
{
	int k;
	for (k = 0; after[k].w; k++)
		if (at(t, n, i, after[k].w)) {
			*len = strlen(after[k].w);
			return after[k].cmp;
		}
	return NULL;
}

/* The name of the target ending at p (遣返率 before 达到95%). */
static void target_name(const char *t, size_t p, char *out, size_t cap)
{
	size_t q = p, s;
	int k, nch = 0;
	out[0] = '\0';
	while (q > 0 && (t[q - 1] == ' ' || t[q - 1] == ':'))
		q--;
	for (k = 0; value_labels[k]; k++) {
		size_t l = strlen(value_labels[k]);
		if (q >= l && !memcmp(t + q - l, value_labels[k], l))
			break;
	}
	if (value_labels[k]) {
		/* the name before the value's label, after the name's own label
		 * (指标：, 三级指标：) or at the start of the line; a value's label
		 * that is a word's end (xx目标值) is none */
		size_t e = q - strlen(value_labels[k]);
		if (e > 0 && t[e - 1] != ' ' && t[e - 1] != ':' && t[e - 1] != '\n' &&
		    t[e - 1] != '\t')
			return;
		while (e > 0 && t[e - 1] == ' ')
			e--;
		s = e;
		while (s > 0 && nch < 16 && t[s - 1] != ':' && t[s - 1] != '\n' && t[s - 1] != ' ') {
			size_t b = u8back(t, s);
			if ((unsigned char)t[b] < 0x80 || trawl__numeral_at(t + b, s - b))
				break;
			s = b;
			nch++;
		}
		if (s < e && e - s < cap && (s == 0 || t[s - 1] == ':' || t[s - 1] == '\n' ||
		                             t[s - 1] == ' ')) {
			memcpy(out, t + s, e - s);
			out[e - s] = '\0';
		}
		return;
	}
	for (k = 0; target_verbs[k]; k++) {
		size_t l = strlen(target_verbs[k]);
		if (q >= l && !memcmp(t + q - l, target_verbs[k], l)) {
			q -= l;
			break;
		}
	}
	for (k = 0; target_ends[k]; k++) {
		size_t l = strlen(target_ends[k]);
		if (q >= l && !memcmp(t + q - l, target_ends[k], l))
			break;
	}
	if (!target_ends[k])
		return;
	s = q;
	while (s > 0 && nch < 10) {
		size_t b = u8back(t, s);
		unsigned char c0 = (unsigned char)t[b];
		if (c0 < 0x80 || s - b != 3 || !memcmp(t + b, "的", 3) || !memcmp(t + b, "、", 3) ||
		    !memcmp(t + b, "。", 3) || !memcmp(t + b, "要", 3) || !memcmp(t + b, "求", 3) ||
		    (!memcmp(t + b, "使", 3) && memcmp(t + b + 3, "用", 3)) || !memcmp(t + b, "将", 3) || !memcmp(t + b, "和", 3) ||
		    !memcmp(t + b, "及", 3) || trawl__numeral_at(t + b, 3))
			break;
		s = b;
		nch++;
	}
	/* (a name cut by the limit is none: its end alone may be any name's) */
	if (nch >= 10 && s > 0) {
		size_t b = u8back(t, s);
		if ((unsigned char)t[b] >= 0x80 && s - b == 3 && !trawl__numeral_at(t + b, 3) &&
		    memcmp(t + b, "的", 3) && memcmp(t + b, "、", 3) && memcmp(t + b, "。", 3))
			return;
	}
	/* past the words before a name (全面提高群众满意度) */
	for (size_t i = s; i < q; i += 3)
		for (k = 0; name_lead[k]; k++) {
			size_t l = strlen(name_lead[k]);
			if (i + l <= q && !memcmp(t + i, name_lead[k], l) && i + l < q)
				s = i + l;
		}
	if (q - s < cap) {
		memcpy(out, t + s, q - s);
		out[q - s] = '\0';
	}
}

static int emit(trawl__fact_cb cb, void *u, const qty *q, const char *label)
{
	trawl__fact f;
	memset(&f, 0, sizeof f);
	f.kind = TRAWL__F_QUANTITY;
	f.negative = q->neg;
	f.start = (uint32_t)q->start;
	f.end = (uint32_t)q->end;
	copy_str(f.value, sizeof f.value, q->value);
	copy_str(f.value_hi, sizeof f.value_hi, q->hi);
	copy_str(f.unit, sizeof f.unit, q->unit);
	copy_str(f.comparator, sizeof f.comparator, q->cmp ? q->cmp : "=");
	copy_str(f.label, sizeof f.label, label && label[0] ? label : q->unit);
	return cb(u, &f);
}

/* Reads [comparator] number [- number] unit [comparator] at i. */
static int read_qty(const char *t, size_t n, size_t i, qty *q)
{
	size_t j = i, l, e, sl;
	int flags = 0;
	const char *cmp;
	q->value[0] = q->hi[0] = q->unit[0] = '\0';
	q->cmp = NULL;
	q->neg = 0;
	q->start = q->end = i;
	cmp = cmp_before_at(t, n, j, &l);
	if (cmp) {
		size_t back;
		q->cmp = trawl__cmp_negated(t, j, cmp, &back);
		q->start = j - back;
		j = spaces(t, n, j + l);
	}
	/* a sign of its own: 同比增长-12.5%, 增幅为负1.5%, −2.3% (not
	 * 2019-5%, A-5%, 正负1%); a comparator's number has none */
	if (!q->cmp && (sl = sign_before(t, n, j)) != 0) {
		q->neg = 1;
		q->start = j - sl;
	}
	if (at(t, n, j, "百分之")) {
		l = trawl__parse_number(t + j + 9, n - j - 9, q->value);
		if (!l)
			return 0;
		e = j + 9 + l;
		memcpy(q->unit, "%", 2);
		q->end = e;
	} else {
		l = number(t, n, j, q->value);
		if (!l) {
			/* 2.5百分点 (no number reads 2.5百) */
			size_t r = j;
			while (r < n && (is_digit(t[r]) || t[r] == '.'))
				r++;
			if (r > j && (at(t, n, r, "百分点") || at(t, n, r, "百分點")) &&
			    !(j > 0 && (is_digit(t[j - 1]) || is_alpha(t[j - 1]) || t[j - 1] == '.')) &&
			    trawl__parse_number(t + j, r - j, q->value) == r - j)
				l = r - j;
		}
		if (!l)
			return 0;
		e = j + l;
		/* digits grouped by spaces where a group starting with 0 can't
		 * stand alone: 受益群众 12 000 人, 1 050 万吨 */
		if (l <= 3 && is_digit(t[j]) && is_digit(t[e - 1])) {
			size_t p = e, nd = l;
			int zero = 0, ok = 1;
			char dig[TRAWL__DEC_MAX], v2[TRAWL__DEC_MAX];
			for (size_t k = j; k < e; k++)
				ok &= is_digit(t[k]);
			memcpy(dig, t + j, l);
			while (ok && p + 4 <= n && t[p] == ' ' && is_digit(t[p + 1]) && is_digit(t[p + 2]) &&
			       is_digit(t[p + 3]) && !(p + 4 < n && is_digit(t[p + 4])) &&
			       nd + 3 < sizeof dig - 16 && nd + 3 < 40) {
				zero |= t[p + 1] == '0';
				memcpy(dig + nd, t + p + 1, 3);
				nd += 3;
				p += 4;
			}
			if (ok && zero && !(j >= 2 && (t[j - 1] == '-' || t[j - 1] == '/' || t[j - 1] == ':' ||
			                               t[j - 1] == '.') && is_digit(t[j - 2]))) {
				/* the joined digits, then what follows them (decimals, a
				 * multiplier: 1 050 万吨), read as one number */
				char buf[64];
				size_t rest = n - p < sizeof buf - 1 - nd ? n - p : sizeof buf - 1 - nd, L;
				memcpy(buf, dig, nd);
				memcpy(buf + nd, t + p, rest);
				L = trawl__parse_number(buf, nd + rest, v2);
				if (L >= nd && (L == nd + rest || ((unsigned char)buf[L] & 0xC0) != 0x80)) {
					memcpy(q->value, v2, sizeof v2);
					e = p + (L - nd);
					l = e - j;
				}
			}
		}
		/* 2百分点: 2 percentage points, not 200 分 */
		if (l > 3 && at(t, n, e - 3, "百") && (at(t, n, e, "分点") || at(t, n, e, "分點"))) {
			char v2[TRAWL__DEC_MAX];
			if (trawl__parse_number(t + j, l - 3, v2) == l - 3) {
				memcpy(q->value, v2, sizeof v2);
				l -= 3;
				e -= 3;
			}
		}
		/* a range: 3-5人, 18至35周岁, 90%-95% */
		{
			size_t k = spaces(t, n, e), l2 = 0, f2;
			int fl;
			if (at(t, n, k, "%") && (at(t, n, k + 1, "-") || at(t, n, k + 1, "~") ||
			                         at(t, n, k + 1, "至") || at(t, n, k + 1, "到")))
				k++;
			if (at(t, n, k, "-") || at(t, n, k, "~"))
				l2 = 1;
			else if (at(t, n, k, "至") || at(t, n, k, "到") || at(t, n, k, "—"))
				l2 = 3;
			if (l2 && q->neg)
				l2 = 0;   /* -5%~5%: two figures, not a range */
			if (l2) {
				k = spaces(t, n, k + l2);
				f2 = trawl__parse_number(t + k, n - k, q->hi);
				/* 1-2百分点: the upper end is 2, not 200 */
				if (f2 > 3 && at(t, n, k + f2 - 3, "百") &&
				    (at(t, n, k + f2, "分点") || at(t, n, k + f2, "分點")) &&
				    trawl__parse_number(t + k, f2 - 3, q->hi) == f2 - 3)
					f2 -= 3;
				if (f2 && unit_at(t, n, k + f2, &l, &fl) &&
				    trawl__dec_cmp(q->value, q->hi) < 0) {
					e = k + f2;
				} else {
					q->hi[0] = '\0';
				}
			}
		}
		e = spaces(t, n, e);
		if (!unit_at(t, n, e, &l, &flags))
			return 0;
		/* 10点30分, 3月15日 and 2024年 are times and dates */
		if (at(t, n, e, "年") && strlen(q->value) == 4)
			return 0;
		if (j > 0 && !q->cmp) {
			/* 第3名; 3月15日 is a date, 10点30分 a time */
			size_t b = u8back(t, j);
			int fen = at(t, n, e, "分") || at(t, n, e, "分钟");
			if (at(t, n, b, "第") || (at(t, n, b, "月") && (flags & 1)) ||
			    (fen && (at(t, n, b, "点") || at(t, n, b, "时") ||
			             (t[b] == ':' && b > 0 && is_digit(t[b - 1])))))
				return 0;
		}
		memcpy(q->unit, t + e, l < sizeof q->unit ? l : 0);
		q->unit[l < sizeof q->unit ? l : 0] = '\0';
		/* 3.5个百分点: percentage points, however written */
		if (!strcmp(q->unit, "个百分点") || !strcmp(q->unit, "個百分點") ||
		    !strcmp(q->unit, "百分點") || !strcmp(q->unit, "个百分點") ||
		    !strcmp(q->unit, "個百分点"))
			memcpy(q->unit, "百分点", sizeof "百分点");
		e += l;
		q->end = e;
		if (at(t, n, e - l, "分") && at(t, n, e, "之"))
			return 0;   /* 三分之一 */
	}
	{
		const char *c2 = cmp_after_at(t, n, q->end, &l);
		if (c2 && !q->cmp) {
			/* 内 alone only after days: 30日内 */
			if (!strcmp(c2, "<=") && at(t, n, q->end, "内") && !(flags & 1) &&
			    strcmp(q->unit, "个工作日") && strcmp(q->unit, "工作日") &&
			    strcmp(q->unit, "个月") && strcmp(q->unit, "小时"))
				c2 = NULL;
			if (c2) {
				q->cmp = c2;
				q->end += l;
			}
		}
	}
	if ((flags & 1) && !q->cmp)
		return 0;
	return 1;
}

/* 分别提高1.2、0.8和0.5个百分点, 分别采购3、5和2台: the numbers listed
 * before q (money.c's lists: after 分别, 依次 …) take its unit, each quoted
 * from its number to the unit, and its multiplier (3、5万人: 30,000 and
 * 50,000). Not after a bound (分别不超过3、5台: each item's, not said), nor
 * where q has a sign, range or comparator of its own. */
static int list_items(const char *t, size_t n, const trawl__fctx *c, const qty *q,
                      trawl__fact_cb cb, void *u)
{
	size_t lat[TRAWL__LIST_MAX], e = q->start;
	int nl, rc;
	char label[64];

	int kl = -1;

	if (q->cmp || q->neg || q->hi[0] || q->start >= n || !is_digit(t[q->start]))
		return 0;
	while (e < n && (is_digit(t[e]) || ((t[e] == '.' || t[e] == ',') && e + 1 < n &&
	                                     is_digit(t[e + 1])) ||
	                 (at(t, n, e, "，") && e + 3 < n && is_digit(t[e + 3]))))
		e += is_digit(t[e]) || t[e] == '.' || t[e] == ',' ? 1 : 3;
	/* the multiplier of q's own number, exactly (3、5万人: 10^4 for each) */
	{
		char v[TRAWL__DEC_MAX];
		if (trawl__parse_number(t + q->start, e - q->start, v) != e - q->start)
			return 0;
		for (int k = 0; k <= 12 && kl < 0; k++) {
			char w[TRAWL__DEC_MAX];
			memcpy(w, v, sizeof w);
			if (!(k && trawl__dec_mul_pow10(w, k)) && !trawl__dec_cmp(w, q->value))
				kl = k;
		}
		if (kl < 0)
			return 0;
	}
	if ((nl = trawl__list_before(t, n, q->start, lat)) <= 0 ||
	    trawl__list_enumeration(t, n, lat[0], q->end) ||
	    (lat[0] >= 3 && !memcmp(t + lat[0] - 3, "第", 3)))
		return 0;   /* (分别获得第1、2名: ranks) */
	for (int k = 0; before[k].w; k++) {
		size_t l = strlen(before[k].w);
		if (lat[0] >= l && !memcmp(t + lat[0] - l, before[k].w, l))
			return 0;
	}
	target_name(t, lat[0], label, sizeof label);
	for (int li = 0; li < nl; li++) {
		size_t ie = trawl__list_item_end(t, lat, nl, li, q->start);
		qty it = *q;
		if (ie <= lat[li] ||
		    trawl__parse_number(t + lat[li], ie - lat[li], it.value) != ie - lat[li] ||
		    taken(t, n, lat[li], ie, c))
			continue;
		/* an item with its own 万 keeps it (3万、5万人); the others take
		 * q's (3、5万人) */
		if (kl) {
			int own = 0;
			for (size_t r = lat[li]; r < ie && !own; r++)
				own = !is_digit(t[r]) && t[r] != '.' && t[r] != ',';
			if (!own && trawl__dec_mul_pow10(it.value, kl))
				continue;
		}
		it.start = lat[li];
		it.end = q->end;
		if ((rc = emit(cb, u, &it, label)))
			return rc;
	}
	return 0;
}

/* The characters a quantity can start with (read_qty): a numeral or a
 * comparator (百分之 starts with a numeral). */
static trawl__cpset starts;
static pthread_once_t starts_once = PTHREAD_ONCE_INIT;

static void starts_init(void)
{
	trawl__cpset_add_numerals(&starts);
	for (int k = 0; before[k].w; k++)
		cpset_add_first(&starts, before[k].w);
}

int trawl__extract_quantities(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb,
                              void *u)
{
	size_t i = 0;
	int rc;
	if (!t)
		return 0;
	trawl__numskip skip;

	trawl__numskip_init(&skip, c);

	pthread_once(&starts_once, starts_init);
	pthread_once(&sets_once, sets_init);
	while (i < n) {
		qty q;
		i = trawl__next_start(t, n, i, &skip, &starts);
		if (i >= n)
			break;
		char label[64];
		if (!read_qty(t, n, i, &q) || taken(t, n, q.start, q.end, c)) {
			i = past_digits(t, n, i);
			continue;
		}
		/* 分别采购100，200，300台: a list's last item, as money reads it */
		{
			size_t last = trawl__fw_list_last(t, n, q.start, q.end);
			if (last) {
				i = last;
				continue;
			}
		}
		target_name(t, q.start, label, sizeof label);
		if ((rc = list_items(t, n, c, &q, cb, u)))
			return rc;
		rc = emit(cb, u, &q, label);
		if (rc)
			return rc;
		i = q.end;
	}
	return 0;
}
