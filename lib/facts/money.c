/* Money: amounts with a currency or money unit stated inline (2230万元,
 * ¥26,500,000.00, 人民币贰仟陆佰伍拾万元整, 123元1角1分, 100-200万元), bare
 * numbers in a table whose unit is declared (单位：万元), and bare numbers
 * right after a money label (中标金额：…), which keep an unknown unit.
 *
 * A number with nothing saying it is money is not money: 5分 alone is a
 * score, 2024 is a year, 9000台 is a count. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include "facts/fact.h"
#include "facts/scan.h"
#include "util/banned.h"


typedef struct {
	const char *w;
	const char *iso;
	const char *unit;   /* how the unit is reported, when w is too long */
	int where;          /* 1 prefix, 2 suffix, 3 both */
} curword;

/* Longer words first where one is a prefix of another. */
static const curword currencies[] = {
	{ "人民币", "CNY", NULL, 3 }, { "人民幣", "CNY", NULL, 3 },
	{ "新台币", "TWD", NULL, 3 }, { "新臺幣", "TWD", NULL, 3 },
	{ "新台幣", "TWD", NULL, 3 }, { "台币", "TWD", NULL, 3 },
	{ "臺幣", "TWD", NULL, 3 }, { "台幣", "TWD", NULL, 3 },
	{ "美元", "USD", NULL, 3 }, { "美金", "USD", NULL, 3 }, { "美圆", "USD", NULL, 3 },
	{ "美圓", "USD", NULL, 3 },
	{ "港元", "HKD", NULL, 3 }, { "港币", "HKD", NULL, 3 }, { "港幣", "HKD", NULL, 3 },
	{ "欧元", "EUR", NULL, 3 }, { "歐元", "EUR", NULL, 3 },
	{ "日元", "JPY", NULL, 3 }, { "日圆", "JPY", NULL, 3 }, { "日圓", "JPY", NULL, 3 },
	{ "日币", "JPY", NULL, 3 }, { "日幣", "JPY", NULL, 3 },
	{ "英镑", "GBP", NULL, 3 }, { "英鎊", "GBP", NULL, 3 },
	{ "卢布", "RUB", NULL, 3 }, { "盧布", "RUB", NULL, 3 },
	{ "泰铢", "THB", NULL, 3 }, { "泰銖", "THB", NULL, 3 },
	{ "韩元", "KRW", NULL, 3 }, { "韓元", "KRW", NULL, 3 },
	{ "澳元", "AUD", NULL, 3 }, { "加元", "CAD", NULL, 3 },
	{ "澳门元", "MOP", NULL, 3 }, { "澳门币", "MOP", NULL, 3 }, { "澳門幣", "MOP", NULL, 3 },
	{ "澳門元", "MOP", NULL, 3 }, { "澳门幣", "MOP", NULL, 3 },
	{ "英磅", "GBP", NULL, 3 }, { "瑞郎", "CHF", NULL, 3 }, { "韩圜", "KRW", NULL, 3 },
	{ "韓圜", "KRW", NULL, 3 },
	{ "瑞士法郎", "CHF", NULL, 3 },
	{ "马来西亚令吉", "MYR", "令吉", 3 }, { "令吉", "MYR", NULL, 3 },
	/* currencies by their Chinese names, each with its country where
	 * the bare name is several countries' (比索, 卢比, 克朗, 第纳尔,
	 * 里亚尔, 先令, 法郎, 迪拉姆, 镑 alone are not read: which one is
	 * not said). After the figure only: before one they are people's
	 * names as often (联系人：王福林13800000000, 刘福林 1975.03) */
	{ "加拿大元", "CAD", NULL, 2 }, { "加币", "CAD", NULL, 2 }, { "加幣", "CAD", NULL, 2 },
	{ "澳大利亚元", "AUD", "澳元", 2 }, { "澳大利亞元", "AUD", "澳元", 2 },
	{ "澳币", "AUD", NULL, 2 }, { "澳幣", "AUD", NULL, 2 },
	{ "新西兰元", "NZD", NULL, 2 }, { "新西蘭元", "NZD", NULL, 2 }, { "纽西兰元", "NZD", NULL, 2 },
	{ "紐西蘭元", "NZD", NULL, 2 }, { "纽元", "NZD", NULL, 2 }, { "紐元", "NZD", NULL, 2 },
	{ "纽币", "NZD", NULL, 2 }, { "紐幣", "NZD", NULL, 2 },
	{ "新加坡币", "SGD", NULL, 2 }, { "新元", "SGD", NULL, 2 }, { "新币", "SGD", NULL, 2 },
	{ "新幣", "SGD", NULL, 2 }, { "星元", "SGD", NULL, 2 }, { "星幣", "SGD", NULL, 2 },
	{ "新西兰币", "NZD", NULL, 2 }, { "紐西蘭幣", "NZD", NULL, 2 }, { "新加坡幣", "SGD", NULL, 2 }, { "新加坡元", "SGD", NULL, 2 },
	{ "文莱元", "BND", NULL, 2 }, { "汶萊元", "BND", NULL, 2 },
	{ "韩币", "KRW", NULL, 2 }, { "韓幣", "KRW", NULL, 2 },
	{ "马来西亚林吉特", "MYR", "林吉特", 2 }, { "馬來西亞林吉特", "MYR", "林吉特", 2 },
	{ "林吉特", "MYR", NULL, 2 }, { "马币", "MYR", NULL, 2 }, { "馬幣", "MYR", NULL, 2 },
	{ "越南盾", "VND", NULL, 2 }, { "印度尼西亚盾", "IDR", "印尼盾", 2 },
	{ "印度尼西亞盾", "IDR", "印尼盾", 2 }, { "印尼盾", "IDR", NULL, 2 },
	{ "印尼卢比", "IDR", NULL, 2 }, { "印尼盧比", "IDR", NULL, 2 },
	{ "印度卢比", "INR", NULL, 2 }, { "印度盧比", "INR", NULL, 2 },
	{ "巴基斯坦卢比", "PKR", "卢比", 2 }, { "巴基斯坦盧比", "PKR", "盧比", 2 },
	{ "斯里兰卡卢比", "LKR", "卢比", 2 }, { "斯里蘭卡盧比", "LKR", "盧比", 2 },
	{ "尼泊尔卢比", "NPR", NULL, 2 }, { "尼泊爾盧比", "NPR", NULL, 2 },
	{ "毛里求斯卢比", "MUR", "卢比", 2 },
	{ "墨西哥比索", "MXN", NULL, 2 }, { "菲律宾比索", "PHP", NULL, 2 },
	{ "菲律賓比索", "PHP", NULL, 2 }, { "菲律賓披索", "PHP", NULL, 2 },
	{ "菲律宾披索", "PHP", NULL, 2 }, { "阿根廷比索", "ARS", NULL, 2 },
	{ "智利比索", "CLP", NULL, 2 }, { "哥伦比亚比索", "COP", "比索", 2 },
	{ "哥倫比亞比索", "COP", "比索", 2 }, { "乌拉圭比索", "UYU", NULL, 2 },
	{ "古巴比索", "CUP", NULL, 2 }, { "多米尼加比索", "DOP", "比索", 2 },
	{ "巴西雷亚尔", "BRL", NULL, 2 }, { "巴西雷亞爾", "BRL", NULL, 2 },
	{ "雷亚尔", "BRL", NULL, 2 }, { "雷亞爾", "BRL", NULL, 2 },
	{ "南非兰特", "ZAR", NULL, 2 }, { "南非蘭特", "ZAR", NULL, 2 },
	{ "兰特", "ZAR", NULL, 2 }, { "蘭特", "ZAR", NULL, 2 },
	{ "土耳其里拉", "TRY", NULL, 2 },
	{ "瑞典克朗", "SEK", NULL, 2 }, { "挪威克朗", "NOK", NULL, 2 },
	{ "丹麦克朗", "DKK", NULL, 2 }, { "丹麥克朗", "DKK", NULL, 2 },
	{ "捷克克朗", "CZK", NULL, 2 }, { "冰岛克朗", "ISK", NULL, 2 }, { "冰島克朗", "ISK", NULL, 2 },
	{ "波兰兹罗提", "PLN", NULL, 2 }, { "波蘭茲羅提", "PLN", NULL, 2 },
	{ "兹罗提", "PLN", NULL, 2 }, { "茲羅提", "PLN", NULL, 2 },
	{ "匈牙利福林", "HUF", NULL, 2 }, { "福林", "HUF", NULL, 2 },
	{ "乌克兰格里夫纳", "UAH", "格里夫纳", 2 }, { "格里夫纳", "UAH", NULL, 2 },
	{ "俄罗斯卢布", "RUB", NULL, 2 }, { "俄羅斯盧布", "RUB", NULL, 2 },
	{ "白俄罗斯卢布", "BYN", "卢布", 2 },
	{ "哈萨克斯坦坚戈", "KZT", "坚戈", 2 }, { "坚戈", "KZT", NULL, 2 }, { "堅戈", "KZT", NULL, 2 },
	{ "蒙古图格里克", "MNT", "图格里克", 2 }, { "图格里克", "MNT", NULL, 2 },
	{ "老挝基普", "LAK", NULL, 2 }, { "寮國基普", "LAK", NULL, 2 }, { "基普", "LAK", NULL, 2 },
	{ "柬埔寨瑞尔", "KHR", NULL, 2 }, { "瑞尔", "KHR", NULL, 2 },
	{ "缅甸元", "MMK", NULL, 2 }, { "缅元", "MMK", NULL, 2 }, { "緬元", "MMK", NULL, 2 },
	{ "尼日利亚奈拉", "NGN", "奈拉", 2 }, { "奈拉", "NGN", NULL, 2 },
	{ "加纳塞地", "GHS", NULL, 2 }, { "塞地", "GHS", NULL, 2 },
	{ "肯尼亚先令", "KES", NULL, 2 }, { "坦桑尼亚先令", "TZS", "先令", 2 },
	{ "乌干达先令", "UGX", NULL, 2 }, { "埃塞俄比亚比尔", "ETB", "比尔", 2 },
	{ "中非法郎", "XAF", NULL, 2 }, { "西非法郎", "XOF", NULL, 2 },
	{ "阿联酋迪拉姆", "AED", "迪拉姆", 2 }, { "摩洛哥迪拉姆", "MAD", "迪拉姆", 2 },
	{ "沙特里亚尔", "SAR", NULL, 2 }, { "卡塔尔里亚尔", "QAR", "里亚尔", 2 },
	{ "阿曼里亚尔", "OMR", NULL, 2 }, { "伊朗里亚尔", "IRR", NULL, 2 },
	{ "科威特第纳尔", "KWD", "第纳尔", 2 }, { "伊拉克第纳尔", "IQD", "第纳尔", 2 },
	{ "约旦第纳尔", "JOD", NULL, 2 }, { "巴林第纳尔", "BHD", NULL, 2 },
	{ "阿尔及利亚第纳尔", "DZD", "第纳尔", 2 }, { "突尼斯第纳尔", "TND", "第纳尔", 2 },
	{ "塞尔维亚第纳尔", "RSD", "第纳尔", 2 },
	{ "埃及镑", "EGP", NULL, 2 }, { "埃及鎊", "EGP", NULL, 2 }, { "苏丹镑", "SDG", NULL, 2 },
	{ "保加利亚列弗", "BGN", "列弗", 2 }, { "罗马尼亚列伊", "RON", "列伊", 2 },
	{ "秘鲁索尔", "PEN", NULL, 2 },
	{ "US$", "USD", NULL, 1 }, { "HK$", "HKD", NULL, 1 }, { "NT$", "TWD", NULL, 1 },
	/* the other dollars and pesos written with $: never US dollars */
	{ "AU$", "AUD", NULL, 1 }, { "A$", "AUD", NULL, 1 }, { "CA$", "CAD", NULL, 1 },
	{ "C$", "CAD", NULL, 1 }, { "NZ$", "NZD", NULL, 1 }, { "SG$", "SGD", NULL, 1 },
	{ "S$", "SGD", NULL, 1 }, { "MX$", "MXN", NULL, 1 }, { "Mex$", "MXN", NULL, 1 },
	{ "MOP$", "MOP", NULL, 1 }, { "R$", "BRL", NULL, 1 },
	{ "USD$", "USD", NULL, 1 }, { "HKD$", "HKD", NULL, 1 }, { "TWD$", "TWD", NULL, 1 },
	{ "NTD$", "TWD", NULL, 1 }, { "AUD$", "AUD", NULL, 1 }, { "CAD$", "CAD", NULL, 1 },
	{ "SGD$", "SGD", NULL, 1 }, { "NZD$", "NZD", NULL, 1 }, { "MXN$", "MXN", NULL, 1 },
	{ "ARS$", "ARS", NULL, 1 }, { "CLP$", "CLP", NULL, 1 },
	{ "JP¥", "JPY", NULL, 1 }, { "JPY¥", "JPY", NULL, 1 }, { "CN¥", "CNY", NULL, 1 },
	{ "$", "USD", NULL, 1 }, { "¥", "CNY", NULL, 1 }, { "€", "EUR", NULL, 1 },
	{ "£", "GBP", NULL, 1 },
	{ "RMB", "CNY", NULL, 3 }, { "CNY", "CNY", NULL, 3 }, { "USD", "USD", NULL, 3 },
	{ "HKD", "HKD", NULL, 3 }, { "TWD", "TWD", NULL, 3 }, { "NTD", "TWD", NULL, 3 },
	{ "EUR", "EUR", NULL, 3 }, { "JPY", "JPY", NULL, 3 }, { "GBP", "GBP", NULL, 3 },
	/* other ISO 4217 codes, before or after the figure: a code after it
	 * is its currency where the sign before it is a bare $ or ¥
	 * ($1,234.00 MXN is pesos, not dollars). Not the codes that are also
	 * common words in specifications and Chinese text (CAD, PHP, AED,
	 * SAR, IRR, COP, PEN …): CAD 2020 is software */
	{ "MXN", "MXN", NULL, 3 }, { "AUD", "AUD", NULL, 3 }, { "NZD", "NZD", NULL, 3 },
	{ "SGD", "SGD", NULL, 3 }, { "CHF", "CHF", NULL, 3 }, { "SEK", "SEK", NULL, 3 },
	{ "NOK", "NOK", NULL, 3 }, { "DKK", "DKK", NULL, 3 }, { "PLN", "PLN", NULL, 3 },
	{ "CZK", "CZK", NULL, 3 }, { "HUF", "HUF", NULL, 3 }, { "RUB", "RUB", NULL, 3 },
	{ "UAH", "UAH", NULL, 3 }, { "KZT", "KZT", NULL, 3 }, { "INR", "INR", NULL, 3 },
	{ "IDR", "IDR", NULL, 3 }, { "MYR", "MYR", NULL, 3 }, { "THB", "THB", NULL, 3 },
	{ "VND", "VND", NULL, 3 }, { "KRW", "KRW", NULL, 3 }, { "MOP", "MOP", NULL, 3 },
	{ "PKR", "PKR", NULL, 3 }, { "BDT", "BDT", NULL, 3 }, { "LKR", "LKR", NULL, 3 },
	{ "MNT", "MNT", NULL, 3 }, { "BRL", "BRL", NULL, 3 }, { "ARS", "ARS", NULL, 3 },
	{ "CLP", "CLP", NULL, 3 }, { "UYU", "UYU", NULL, 3 }, { "PYG", "PYG", NULL, 3 },
	{ "GTQ", "GTQ", NULL, 3 }, { "HNL", "HNL", NULL, 3 }, { "ZAR", "ZAR", NULL, 3 },
	{ "KES", "KES", NULL, 3 }, { "UGX", "UGX", NULL, 3 },
	{ "TZS", "TZS", NULL, 3 }, { "ETB", "ETB", NULL, 3 },
	{ "EGP", "EGP", NULL, 3 }, { "QAR", "QAR", NULL, 3 }, { "KWD", "KWD", NULL, 3 },
	{ "AFN", "AFN", NULL, 3 }, { "MMK", "MMK", NULL, 3 }, { "KHR", "KHR", NULL, 3 },
	{ "LAK", "LAK", NULL, 3 }, { "NPR", "NPR", NULL, 3 }, { "UZS", "UZS", NULL, 3 },
	{ "KGS", "KGS", NULL, 3 }, { "TJS", "TJS", NULL, 3 },
	{ "yuan", "CNY", NULL, 2 },
	{ NULL, NULL, NULL, 0 }
};

/* Units worth one yuan (or one of the prefix currency). */
static const char *const yuan_words[] = { "块钱", "塊錢", "元", "圆", "圓", "块", "塊", NULL };

/* A character that continues a word (a letter, a digit or an ideograph),
 * as opposed to space and punctuation. */
static int wordish(const char *t, size_t n, size_t i)
{
	static const char *const punct[] = { "、", "。", "《", "》", "「", "」", "【", "】",
		"“", "”", "‘", "’", "…", "—", "·", "〔", "〕", NULL };
	int k;
	if (i >= n)
		return 0;
	if ((unsigned char)t[i] < 0x80)
		return is_alpha(t[i]) || is_digit(t[i]);
	for (k = 0; punct[k]; k++)
		if (at(t, n, i, punct[k]))
			return 0;
	return 1;
}

/* Whether the Han characters from i on, before any punctuation, digit,
 * numeral or linking word, end a name within 12 characters: 三元 in
 * 北京三元食品股份有限公司, 三元区, 三元里派出所 is part of a name, not
 * three yuan. */
static int name_follows(const char *t, size_t n, size_t i)
{
	static const char *const end[] = { "公司", "集团", "集團", "有限", "股份", "企业", "企業",
		"厂", "廠", "店", "商行", "院", "所", "局", "站", "中心", "大学", "大學", "学校",
		"學校", "中学", "小学", "宾馆", "酒店", "桥", "橋", "里", "村", "镇", "鎮", "街",
		"路", "区", "區", "县", "縣", "市", "社", "协会", "協會", "合作社", NULL };
	static const char *const stop[] = { "给", "給", "向", "由", "的", "于", "於", "在", "为",
		"為", "和", "与", "與", "及", "或", "每", "钱", "錢", "整", "正", "左", "以", "多",
		"起", "/", NULL };
	int c, k;

	for (c = 0; c < 12 && i + 3 <= n && (unsigned char)t[i] >= 0xE3 &&
	            (unsigned char)t[i] <= 0xE9 && wordish(t, n, i);
	     c++, i += 3) {
		if (trawl__numeral_at(t + i, n - i))
			return 0;
		for (k = 0; stop[k]; k++)
			if (at(t, n, i, stop[k]))
				return 0;
		for (k = 0; end[k]; k++)
			if (at(t, n, i, end[k]))
				return 1;
	}
	return 0;
}

/* 一斤, 一个, 一支 at i: 五元一斤 is a price for one of something, where
 * 一元二次方程 is not money. */
static int per_one(const char *t, size_t n, size_t i)
{
	static const char *const mw[] = { "斤", "公斤", "个", "個", "支", "件", "张", "張", "本",
		"瓶", "盒", "袋", "包", "份", "人", "只", "台", "套", "米", "吨", "噸", "天", "位",
		"把", "条", "條", "箱", "桶", "罐", "粒", "片", "双", "雙", "碗", "杯", "斗", "升",
		"小时", "小時", "晚", "间", "間", NULL };

	if (!at(t, n, i, "一"))
		return 0;
	for (int k = 0; mw[k]; k++)
		if (at(t, n, i + 3, mw[k]))
			return 1;
	return 0;
}

static size_t spaces(const char *t, size_t n, size_t i)
{
	while (i < n && (t[i] == ' ' || t[i] == '\t'))
		i++;
	return i;
}

/* The characters a currency word starts with, and each word's length. */
#define NCURRENCIES (sizeof currencies / sizeof currencies[0] - 1)
#define CUR_BUCKETS 64
_Static_assert(NCURRENCIES < 65535, "currency chains are numbered in 16 bits");
static trawl__cpset cur_starts;
static size_t cur_len[NCURRENCIES];
/* The words by their first character: chains in the order of the list,
 * k + 1 or 0 at the end (a currency is looked for at every amount). */
static uint16_t cur_head[CUR_BUCKETS], cur_next[NCURRENCIES];
static int32_t cur_first[NCURRENCIES];
static pthread_once_t cur_once = PTHREAD_ONCE_INIT;

static void cur_init(void)
{
	for (size_t k = NCURRENCIES; k-- > 0;) {
		size_t l;
		cpset_add_first(&cur_starts, currencies[k].w);
		cur_len[k] = strlen(currencies[k].w);
		cur_first[k] = cp_at(currencies[k].w, cur_len[k], 0, &l);
		cur_next[k] = cur_head[cur_first[k] & (CUR_BUCKETS - 1)];
		cur_head[cur_first[k] & (CUR_BUCKETS - 1)] = (uint16_t)(k + 1);
	}
}

static const curword *currency_at(const char *t, size_t n, size_t i, int where, size_t *len)
{
	size_t cl;
	int32_t cp;
	pthread_once(&cur_once, cur_init);
	if (i >= n || !cpset_at(&cur_starts, t, n, i))
		return NULL;
	cp = cp_at(t, n, i, &cl);
	for (unsigned e = cur_head[cp & (CUR_BUCKETS - 1)]; e; e = cur_next[e - 1]) {
		size_t k = e - 1;
		const curword *c = &currencies[k];
		size_t l = cur_len[k];
		if (cur_first[k] != cp)
			continue;
		if (c->w[0] != t[i] || !(c->where & where) || i + l > n || memcmp(t + i, c->w, l))
			continue;
		/* ASCII codes are whole words */
		if (is_alpha(c->w[0]) && ((i > 0 && is_alpha(t[i - 1])) ||
		                          (i + l < n && is_alpha(t[i + l]))))
			continue;
		/* a $ after letters is a currency not listed (TT$, J$, Z$):
		 * not known, never US dollars */
		if (c->w[0] == '$' && i > 0 && is_alpha(t[i - 1]))
			continue;
		/* ... and after a figure, not one a digit goes on (5,000
		 * USD2: no code; 5,000 USD。, 20,000 EUR以内 are) */
		if (is_alpha(c->w[0]) && where == 2 && i + l < n && is_digit(t[i + l]))
			continue;
		*len = l;
		return c;
	}
	return NULL;
}

static size_t yuan_at(const char *t, size_t n, size_t i)
{
	int k;
	for (k = 0; yuan_words[k]; k++)
		if (at(t, n, i, yuan_words[k]))
			return strlen(yuan_words[k]);
	return 0;
}

/* One Chinese or Arabic digit 0-9 at i. */
static int digit_at(const char *t, size_t n, size_t i, size_t *len)
{
	char v[TRAWL__DEC_MAX];
	size_t l;
	if (i < n && is_digit(t[i])) {
		*len = 1;
		return t[i] - '0';
	}
	l = trawl__numeral_at(t + i, n - i);
	if (!l || l == 1)
		return -1;
	if (trawl__parse_number(t + i, l, v) != l || strlen(v) != 1)
		return -1;
	*len = l;
	return v[0] - '0';
}

/* dst = a b, cut at a character boundary to fit 16 bytes */
static void join_unit(char dst[16], const char *a, const char *b)
{
	char tmp[64];
	size_t la = strlen(a), lb = strlen(b), ca = la < sizeof tmp - 1 ? la : sizeof tmp - 1,
	       cb = lb < sizeof tmp - 1 - ca ? lb : sizeof tmp - 1 - ca;

	/* (snprintf(tmp, sizeof tmp, "%s%s", a, b), cheaper: it runs for
	 * every amount with a unit) */
	memcpy(tmp, a, ca);
	memcpy(tmp + ca, b, cb);
	tmp[ca + cb] = '\0';
	copy_cut(dst, 16, tmp, ca + cb);
}

typedef struct {
	size_t start, end;      /* of the amount (number and units) */
	char value[TRAWL__DEC_MAX];
	char hi[TRAWL__DEC_MAX];        /* 八九千: an approximate range */
	char cur[4];
	char unit[16];
	int has_unit;           /* a money unit or currency follows */
	int generic;            /* the unit is 元/块, currency not stated */
	int units_in_number;    /* the number has 十百千万亿 in it */
	int has_big;            /* ... and 万 or 亿 */
	int big_k;              /* trailing 万/亿 power (一千万 -> 4) */
	int small_k;            /* the number is digit + one of 十百千 */
	int more;               /* 3000多: more than */
	int arabic;
	size_t code_at;         /* a currency code after the figure: where it
	                           starts (0: none) */
} amount;

/* 八九千, 十五六, 七百三四十: two neighbouring digits make a range. */
static size_t approx(const char *t, size_t n, size_t i, amount *a)
{
	size_t j = i, l, pair = 0, pl1 = 0, pl2 = 0, np = 0, prevl = 0;
	int prev = -1, d;
	char lo[64], hi[64];
	size_t ll, hl;
	while (j < n && (l = trawl__numeral_at(t + j, n - j)) > 1) {
		/* 一二〇〇元, 一〇〇万元: digits written one by one, no range */
		if (at(t, n, j, "〇") || at(t, n, j, "○"))
			return 0;
		d = digit_at(t, n, j, &l);
		if (d > 0 && prev > 0 && (d == prev + 1 || (prev == 3 && d == 5))) {
			np++;
			pair = j - prevl;
			pl1 = prevl;
			pl2 = l;
		}
		prev = d;
		prevl = l;
		j += l;
	}
	if (np != 1 || j - i >= sizeof lo)
		return 0;
	/* lo without the second digit, hi without the first */
	ll = pair + pl1 - i;
	memcpy(lo, t + i, ll);
	memcpy(lo + ll, t + pair + pl1 + pl2, j - (pair + pl1 + pl2));
	ll += j - (pair + pl1 + pl2);
	hl = pair - i;
	memcpy(hi, t + i, hl);
	memcpy(hi + hl, t + pair + pl1, j - (pair + pl1));
	hl += j - (pair + pl1);
	if (trawl__parse_number(lo, ll, a->value) != ll ||
	    trawl__parse_number(hi, hl, a->hi) != hl)
		return 0;
	return j - i;
}

static int unit_power(const char *t, size_t n, size_t i, size_t *len)
{
	static const struct { const char *w; int k; } u[] = {
		{ "十", 1 }, { "拾", 1 }, { "百", 2 }, { "佰", 2 }, { "千", 3 }, { "仟", 3 },
		{ "万", 4 }, { "萬", 4 }, { "亿", 8 }, { "億", 8 }, { "兆", 12 }, { NULL, 0 }
	};
	int k;
	/* (each is a character led by a byte from 0xE4 to 0xE8) */
	if (i >= n || (unsigned char)t[i] < 0xE4 || (unsigned char)t[i] > 0xE8)
		return 0;
	for (k = 0; u[k].w; k++)
		if (at(t, n, i, u[k].w)) {
			*len = strlen(u[k].w);
			return u[k].k;
		}
	return 0;
}

/* What the written number says about its multipliers. */
static void number_shape(const char *t, size_t s, size_t e, amount *a)
{
	size_t i = s, l;
	int k, ndig = 0, nsmall = 0, last_small = 0, last_big_run = 0;
	while (i < e) {
		k = unit_power(t, e, i, &l);
		if (k) {
			a->units_in_number = 1;
			if (k >= 4) {
				last_big_run += k;
				a->has_big = 1;
			}
			else {
				nsmall++;
				last_small = k;
				last_big_run = 0;
			}
			i += l;
			continue;
		}
		last_big_run = 0;
		if (is_digit(t[i]) || t[i] == '.' || t[i] == ',') {
			a->arabic = 1;
			if (is_digit(t[i]))
				ndig++;
			i++;
			continue;
		}
		l = u8len_at(t, e, i);
		if (trawl__numeral_at(t + i, e - i))
			ndig++;
		i += l;
	}
	a->big_k = last_big_run;
	a->small_k = (!last_big_run && nsmall == 1 && ndig == 1) ? last_small : 0;
}

/* The unit text of an Arabic number with a multiplier (2230万 -> "万"). */
static size_t multiplier_text(const char *t, size_t s, size_t e, char *out, size_t cap)
{
	size_t j = e, l;
	while (j > s) {
		size_t k = j;
		while (k > s && ((unsigned char)t[k - 1] & 0xC0) == 0x80)
			k--;
		if (k == 0 || k == j)
			break;
		k--;
		if (!unit_power(t, j, k, &l) || k + l != j)
			break;
		j = k;
	}
	if (j == e)
		return 0;
	{
		size_t d = j;
		while (d > s && t[d - 1] == ' ')
			d--;
		if (d == s || !is_digit(t[d - 1]))
			return 0;
	}
	if (e - j >= cap)
		return 0;
	memcpy(out, t + j, e - j);
	out[e - j] = '\0';
	return e - j;
}

/* 角 毛 分 after a yuan amount, or on their own; adds to a->value and
 * returns the new end. colloquial: 块 may be followed by a bare digit
 * (一块二 = 1.2, 三块零四 = 3.04). */
static size_t subunits(const char *t, size_t n, size_t i, amount *a, int colloquial)
{
	size_t l, l2;
	int d;
	char add[16];
	d = digit_at(t, n, i, &l);
	if (d < 0)
		return i;
	/* 十块零五毛, 十元零五角, 十元零五分: 零 and a unit of its own (not
	 * 0.05 with 毛 left over) */
	if (d == 0 && digit_at(t, n, i + l, &l2) > 0) {
		size_t k = subunits(t, n, i + l, a, 0);
		if (k > i + l)
			return k;
	}
	if (at(t, n, i + l, "角") || at(t, n, i + l, "毛")) {
		size_t j = i + l + 3;
		int d2;
		snprintf(add, sizeof add, "0.%d", d);
		if (trawl__dec_add(a->value, add))
			return i;
		d2 = digit_at(t, n, j, &l2);
		if (d2 >= 0 && at(t, n, j + l2, "分") && !at(t, n, j + l2 + 3, "钟") &&
		    !at(t, n, j + l2 + 3, "鐘") && !at(t, n, j + l2 + 3, "之")) {
			snprintf(add, sizeof add, "0.0%d", d2);
			trawl__dec_add(a->value, add);
			j += l2 + 3;
		} else if (d2 >= 0 && !trawl__numeral_at(t + j + l2, n - j - l2)) {
			snprintf(add, sizeof add, "0.0%d", d2);   /* 两毛五 */
			trawl__dec_add(a->value, add);
			j += l2;
		}
		return j;
	}
	if (at(t, n, i + l, "分") && !at(t, n, i + l + 3, "钟") && !at(t, n, i + l + 3, "鐘") &&
	    !at(t, n, i + l + 3, "之")) {
		snprintf(add, sizeof add, "0.0%d", d);
		if (trawl__dec_add(a->value, add))
			return i;
		return i + l + 3;
	}
	if (colloquial && !trawl__numeral_at(t + i + l, n - i - l)) {
		snprintf(add, sizeof add, "0.%d", d);      /* 一块二 */
		if (trawl__dec_add(a->value, add))
			return i;
		return i + l;
	}
	if (colloquial && d == 0) {
		d = digit_at(t, n, i + l, &l2);               /* 三块零四 */
		if (d > 0 && !trawl__numeral_at(t + i + l + l2, n - i - l - l2)) {
			snprintf(add, sizeof add, "0.0%d", d);
			if (trawl__dec_add(a->value, add))
				return i;
			return i + l + l2;
		}
	}
	return i;
}

static int cmp_word_at(const char *t, size_t n, size_t i);

/* Reads a number and its money units at i. Returns 0 if there is no
 * number; a->has_unit says whether it is money by itself. */
static int read_amount(const char *t, size_t n, size_t i, amount *a)
{
	size_t l, j, e;
	const curword *c;
	char mt[16];
	size_t ml;

	memset(a, 0, sizeof *a);
	a->start = i;
	l = approx(t, n, i, a);
	if (!l) {
		l = trawl__parse_number(t + i, n - i, a->value);
		if (!l)
			return 0;
	}
	e = i + l;
	number_shape(t, i, e, a);
	ml = multiplier_text(t, i, e, mt, sizeof mt);
	/* 15k, 30w: only when a money unit follows (checked below) */
	if (a->arabic && !a->units_in_number && e < n && strchr("kKwW", t[e]) &&
	    !(e + 1 < n && is_alpha(t[e + 1]))) {
		int k = (t[e] == 'k' || t[e] == 'K') ? 3 : 4;
		if (trawl__dec_mul_pow10(a->value, k) || (a->hi[0] && trawl__dec_mul_pow10(a->hi, k)))
			return 0;
		mt[0] = t[e];
		mt[1] = '\0';
		ml = 1;
		a->big_k = k;
		a->units_in_number = 1;
		a->has_big = 1;
		e++;
	}
	a->end = e;
	j = spaces(t, n, e);
	/* 3000多元, 20余万元, 二十几万元: more than the figure (几 only after
	 * a numeral with a unit of ten or more in it: 十几万, not 2几) */
	if (at(t, n, j, "多") || at(t, n, j, "余") || at(t, n, j, "餘") ||
	    (at(t, n, j, "几") && !a->arabic && a->units_in_number && !a->has_big)) {
		a->more = 1;
		j += 3;
		/* 800余万元, 3000多万元, 五十多万元: the multiplier comes after
		 * 余 (not after a figure with 万 or 亿 of its own: 三万多元) */
		if (!a->has_big && !a->hi[0]) {
			size_t j2 = j, l2, cl;
			int kk = 0, pw;
			while ((pw = unit_power(t, n, j2, &l2)) >= 3) {
				kk += pw;
				j2 += l2;
			}
			if (kk && j2 - j < sizeof mt && (yuan_at(t, n, j2) || currency_at(t, n, j2, 2, &cl))) {
				if (trawl__dec_mul_pow10(a->value, kk))
					return 0;
				memcpy(mt, t + j, j2 - j);
				mt[j2 - j] = '\0';
				ml = j2 - j;
				a->big_k = kk;
				a->units_in_number = 1;
				a->has_big = kk >= 4;
				j = j2;
			}
		}
	}
	c = currency_at(t, n, j, 2, &l);
	/* 1月1日元旦, 3月1日元宵节: a day, not yen (每月5000日元 is yen) */
	if (c && at(t, n, j, "日") && (at(t, n, j + l, "旦") || at(t, n, j + l, "宵")))
		c = NULL;
	if (c && j == e && at(t, n, j, "日") && i >= 3 && at(t, n, i - 3, "月") &&
	    !a->has_big && !strchr(a->value, '.') && strlen(a->value) <= 2 &&
	    (strlen(a->value) == 1 ? a->value[0] >= '1' :
	                             (a->value[0] < '3' || (a->value[0] == '3' && a->value[1] <= '1'))))
		return 1;
	if (c) {
		const char *w = c->unit ? c->unit : c->w;
		if (is_alpha(c->w[0]))
			a->code_at = j;
		memcpy(a->cur, c->iso, 4);
		join_unit(a->unit, ml ? mt : "", w);
		a->has_unit = 1;
		a->end = j + l;
		return 1;
	}
	l = yuan_at(t, n, j);
	if (l) {
		int colloquial = !at(t, n, j, "元") && !at(t, n, j, "圆") && !at(t, n, j, "圓");
		size_t k = j + l, k2;
		/* 北京三元食品股份有限公司, 三元区: a name; 10片×9块/盒: a pack's
		 * size, not 9 yuan */
		if ((!a->arabic && !a->units_in_number && name_follows(t, n, k)) ||
		    (colloquial && i && (strchr("*xX", t[i - 1]) || (i >= 2 && at(t, n, i - 2, "×")) ||
		                         (i >= 3 && at(t, n, i - 3, "＊"))))) {
			a->has_unit = a->generic = 0;
			a->unit[0] = '\0';
			return 1;
		}
		/* 一元二次方程, 三元组, 一块土地: not money */
		if (wordish(t, n, k) && !colloquial) {
			/* 元件, 元宇宙, 元素 after any figure (1200元件: parts; 2万元素级:
			 * elements; but 1亿元素质教育 is 1亿元) */
			static const char *const no[] = { "件", "宇宙", "素", NULL };
			/* after 一元 二元 三元 … 十元 alone: terms (一元化, 三元组, 二元结构,
			 * 三元锂电池, 一元微积分) and names (十元店, 三元路); not after
			 * 3000万元 or 二百元 (3000万元组织实施, 2000亿元化债, 1亿元素质教育,
			 * 50亿元锂电池项目, 二百元路费) */
			static const char *const term[] = { "化", "论", "組", "组", "次", "结构", "結構",
				"锂", "鋰", "乙丙", "合金", "醇", "微积分", "微積分", "复始", "復始", "函数",
				"函數", "方程", "店", "路", "街", "桥", "橋", NULL };
			int q;
			for (q = 0; no[q]; q++)
				if (at(t, n, k, no[q]) && !at(t, n, k, "素质") && !at(t, n, k, "素質"))
					return 1;
			if (!a->arabic && !a->has_big && strlen(a->value) <= 2)
				for (q = 0; term[q]; q++)
					if (at(t, n, k, term[q]))
						return 1;
		}
		if (colloquial && l == 3) {
			if (at(t, n, k, "钱") || at(t, n, k, "錢"))
				k += 3;
			else if (wordish(t, n, k) && !trawl__numeral_at(t + k, n - k) &&
			         !cmp_word_at(t, n, k))
				return 1;
			else if (!strcmp(a->value, "1") && !wordish(t, n, k))
				return 1;        /* 我们一块 */
		}
		copy_cut(a->unit, sizeof a->unit, t + j, l);
		if (ml) {
			char w[16];
			memcpy(w, a->unit, sizeof w);
			join_unit(a->unit, mt, w);
		}
		a->has_unit = 1;
		a->generic = 1;
		k2 = subunits(t, n, k, a, colloquial && l == 3);
		/* 一元二次方程 */
		if (k2 == k && !a->arabic && !a->units_in_number && (size_t)(a->end - a->start) <= 3 &&
		    trawl__numeral_at(t + k, n - k) > 1 && !per_one(t, n, k)) {
			a->has_unit = a->generic = 0;
			a->unit[0] = '\0';
			return 1;
		}
		if (k2 > k && (at(t, n, k2, "钱") || at(t, n, k2, "錢")))
			k2 += 3;
		k = k2;
		if (at(t, n, k, "整"))
			k += 3;
		else if (at(t, n, k, "正") && !wordish(t, n, k + 3))
			k += 3;
		c = currency_at(t, n, k, 2, &l);  /* 100万元人民币, 9000元日币 */
		if (c && c->iso[0]) {
			memcpy(a->cur, c->iso, 4);
			a->generic = 0;
			k += l;
		}
		a->end = k;
		return 1;
	}
	/* 2角, 两毛, 两角五分, 五分钱: money without yuan */
	if (!a->units_in_number && !a->hi[0] && (at(t, n, j, "角") || at(t, n, j, "毛") ||
	                                         at(t, n, j, "分钱"))) {
		amount b = *a;
		size_t k;
		memcpy(b.value, "0", 2);
		k = subunits(t, n, i, &b, 0);
		if (k > i && (at(t, n, k, "钱") || at(t, n, k, "整") || !wordish(t, n, k))) {
			if (at(t, n, k, "钱") || at(t, n, k, "整"))
				k += 3;
			memcpy(a->value, b.value, sizeof b.value);
			a->end = k;
			a->has_unit = 1;
			a->generic = 1;
			copy_cut(a->unit, sizeof a->unit, t + j, 3);
			return 1;
		}
	}
	if (ml) {
		/* keep the multiplier text for a label or a range partner */
		memcpy(a->unit, mt, ml + 1);
	}
	return 1;
}

static const struct { const char *w; const char *cmp; } cmp_before[] = {
	{ "不超过", "<=" }, { "不超過", "<=" }, { "不高于", "<=" }, { "不大于", "<=" },
	{ "不多于", "<=" }, { "最多", "<=" }, { "至多", "<=" }, { "最高", "<=" },
	{ "不足", "<" }, { "不到", "<" }, { "低于", "<" }, { "少于", "<" }, { "小于", "<" },
	{ "不少于", ">=" }, { "不低于", ">=" }, { "不小于", ">=" }, { "至少", ">=" },
	{ "最少", ">=" }, { "最低", ">=" }, { "起码", ">=" }, { "起碼", ">=" },
	{ "高于", ">" }, { "超过", ">" }, { "超過", ">" }, { "大于", ">" }, { "多于", ">" },
	{ NULL, NULL }
};

static const struct { const char *w; const char *cmp; } cmp_after[] = {
	{ "(含)以上", ">=" }, { "(含)以下", "<=" }, { "及以上", ">=" }, { "及以下", "<=" },
	{ "或以上", ">=" }, { "或以下", "<=" }, { "以上", ">=" }, { "以下", "<=" },
	{ "以内", "<=" }, { NULL, NULL }
};

static const char *const labels[] = {
	"中标金额", "成交金额", "合同金额", "预算金额", "采购预算", "项目预算", "最高限价",
	"控制价", "中标价", "成交价", "合同价", "投标报价", "报价", "总价", "单价", "限价",
	"金额", "价款", "总金额", "总额", "预算", "总投资", "投资额", "资金", "经费", "费用",
	"薪资", "月薪", "年薪", "工资", "薪酬", "价格", "中標金額", "金額", "決標金額",
	"決標價", "預算", "預算金額", "成交金額", "合約金額", "批出金額", "判給金額", "中標價",
	"成交價", "合約價", "採購預算", "得標金額", NULL
};

/* The length of the first of the words w (NULL-ended) that ends right
 * before p, else 0. */
static size_t word_before(const char *t, size_t p, const char *const *w)
{
	for (int k = 0; w[k]; k++) {
		size_t l = strlen(w[k]);
		if (p >= l && !memcmp(t + p - l, w[k], l))
			return l;
	}
	return 0;
}

/* A money label (金额：, 中标金额为) ending at p, after spaces, ':' or 为. */
static int label_before(const char *t, size_t p)
{
	while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == ':' || t[p - 1] == '\t'))
		p--;
	if (p >= 3 && !memcmp(t + p - 3, "为", 3))
		p -= 3;
	else if (p >= 3 && !memcmp(t + p - 3, "為", 3))
		p -= 3;
	return word_before(t, p, labels) != 0;
}

int trawl__money_label_cell(const char *s, size_t n)
{
	size_t b = 0;
	int k;
	while (n && (s[n - 1] == ' ' || s[n - 1] == ':'))
		n--;
	while (b < n && s[b] == ' ')
		b++;
	for (k = 0; labels[k]; k++)
		if (n - b == strlen(labels[k]) && !memcmp(s + b, labels[k], n - b))
			return 1;
	return 0;
}

/* A unit in parentheses just before the number: 金额(万元): 2230 */
static int unit_word(const char *u, size_t n, int *k, char cur[4], char out[16]);

static int paren_unit_before(const char *t, size_t p, amount *u)
{
	size_t q, open;
	while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == ':'))
		p--;
	if (p == 0 || t[p - 1] != ')')
		return 0;
	q = p - 1;
	open = q;
	while (open > 0 && t[open - 1] != '(' && q - open < 24)
		open--;
	if (open == 0 || t[open - 1] != '(')
		return 0;
	{
		char unit[16], cur[4];
		int k;
		if (trawl__find_table_unit(t + open, q - open, unit, cur)) {
			/* (单位：万元) */
		} else if (unit_word(t + open, q - open, &k, cur, unit)) {
			/* (a bare 元 takes the document's currency: the caller's) */
		} else {
			return 0;
		}
		memcpy(u->unit, unit, sizeof unit);
		memcpy(u->cur, cur, sizeof cur);
	}
	return 1;
}

/* A money unit in parentheses right after a number: 2650.0000000(万元),
 * 报价:1,286,400.00(元). Returns the end of the ')' (0 if there is none)
 * and the unit's power of ten, currency and text. */
static size_t paren_unit_after(const char *t, size_t n, size_t e, int *k, char cur[4],
                               char unit[16])
{
	size_t j = spaces(t, n, e), close;
	if (j >= n || t[j] != '(')
		return 0;
	for (close = j + 1; close < n && close - j <= 24 && t[close] != ')'; close++)
		if (t[close] == '(' || t[close] == '\n')
			return 0;
	if (close >= n || t[close] != ')' || close == j + 1)
		return 0;
	if (!unit_word(t + j + 1, close - j - 1, k, cur, unit)) {
		/* a unit declaration after the amount: 收入总计 16,300.00（单位：万元） */
		char tu[16], tc[4];
		if (!trawl__find_table_unit(t + j + 1, close - j - 1, tu, tc) ||
		    !unit_word(tu, strlen(tu), k, cur, unit))
			return 0;
		if (tc[0])
			memcpy(cur, tc, 4);
	}
	/* (a bare 元 takes the document's currency: the caller's) */
	return close + 1;
}

/* Bare: nothing word-like or numeric glued on either side (a table cell
 * "223.00", not "2024年" or "2024-03-15"). */
static int bare(const char *t, size_t n, size_t s, size_t e, int cell)
{
	if (e < n && (wordish(t, n, e) || t[e] == '%'))
		return 0;
	if (e + 1 < n && strchr("-/:.~", t[e]) && is_digit(t[e + 1]))
		return 0;
	if (s > 0 && (is_alpha(t[s - 1]) || is_digit(t[s - 1])))
		return 0;
	if (s > 1 && strchr("-/:.~", t[s - 1]) && is_digit(t[s - 2]))
		return 0;
	if (s > 0 && trawl__numeral_before(t, s))
		return 0;
	if (cell && s > 0) {
		size_t k = s - 1;
		while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80)
			k--;
		if (wordish(t, n, k))
			return 0;
	}
	return 1;
}

/* Parses a table unit word like "万元", "新臺幣千元", "美元" into a power
 * of ten and a currency. */
static int unit_word(const char *u, size_t n, int *k, char cur[4], char out[16])
{
	size_t i = 0, l;
	const curword *c;
	int p;
	cur[0] = '\0';
	*k = 0;
	c = currency_at(u, n, i, 3, &l);
	if (c) {
		memcpy(cur, c->iso, 4);
		i += l;
		if (i == n) {
			copy_cut(out, 16, c->unit ? c->unit : c->w, strlen(c->unit ? c->unit : c->w));
			return 1;
		}
	}
	{
		size_t s = i;
		while ((p = unit_power(u, n, i, &l)) != 0) {
			*k += p;
			i += l;
		}
		if (*k == 1 || *k == 2)
			return 0;
		l = yuan_at(u, n, i);
		c = l ? NULL : currency_at(u, n, i, 2, &l);
		if (!l || i + l != n)
			return 0;
		if (c)
			memcpy(cur, c->iso, 4);
		copy_cut(out, 16, u + s, n - s);
	}
	return 1;
}

int trawl__find_table_unit(const char *t, size_t n, char unit[16], char currency[4])
{
	static const char *const marks[] = { "单位", "單位", NULL };
	size_t i;
	int m;
	for (i = 0; i < n; i++) {
		/* both marks end with 位: to where the next one could begin */
		const char *p = i + 3 < n ? find3(t + i + 3, n - i - 3, "位") : NULL;
		if (!p)
			break;
		i = (size_t)(p - t) - 3;
		for (m = 0; marks[m]; m++) {
			size_t l = strlen(marks[m]), j, e, best = 0;
			int k;
			char cur[4], u[16];
			if (!at(t, n, i, marks[m]))
				continue;
			j = spaces(t, n, i + l);
			if (j < n && t[j] == ':')
				j++;
			else if (at(t, n, j, "为") || at(t, n, j, "為"))
				j += 3;
			else
				continue;
			j = spaces(t, n, j);
			/* the longest unit word that parses */
			for (e = j; e < n && e - j < 32 && t[e] != ')' && t[e] != ' ' &&
			            t[e] != ',' && t[e] != ';' && t[e] != '\n'; e += u8len_at(t, n, e))
				;
			for (; e > j; e--) {
				if (((unsigned char)t[e - 1] & 0xC0) == 0x80 && e < n &&
				    ((unsigned char)t[e] & 0xC0) == 0x80)
					continue;
				if (unit_word(t + j, e - j, &k, cur, u)) {
					best = e;
					break;
				}
			}
			if (!best)
				continue;
			memcpy(unit, u, 16);
			memcpy(currency, cur, 4);
			return 1;
		}
	}
	return 0;
}

/* A unit as a column header or its parenthesis states it: "元", "万元",
 * "人民币元", "USD", "单位:万元", and per item "元/支", "元/人·天". */
static int unit_spec(const char *s, size_t n, char unit[16], char cur[4], char per[16])
{
	static const char *const marks[] = { "金额单位", "單位", "单位", NULL };
	const char *slash;
	int k, m;

	per[0] = '\0';
	for (m = 0; marks[m]; m++) {
		size_t l = strlen(marks[m]);
		if (n > l && !memcmp(s, marks[m], l)) {
			size_t j = spaces(s, n, l);
			if (j < n && s[j] == ':')
				j++;
			else if (at(s, n, j, "为") || at(s, n, j, "為"))
				j += 3;
			else
				continue;
			s += j;
			n -= j;
			break;
		}
	}
	while (n && s[0] == ' ')
		s++, n--;
	while (n && s[n - 1] == ' ')
		n--;
	if (!n)
		return 0;
	if (unit_word(s, n, &k, cur, unit))
		return 1;
	slash = memchr(s, '/', n);
	if (slash && slash > s) {
		size_t l = (size_t)(slash - s), pl = n - l - 1, i;
		char u2[16], c2[4];
		int k2;
		if (!pl || pl >= 16 || !unit_word(s, l, &k, cur, unit))
			return 0;
		for (i = l + 1; i < n; i++)
			if (strchr(" ():/,;", s[i]))
				return 0;
		if (unit_word(slash + 1, pl, &k2, c2, u2))
			return 0;       /* 万元/万元 */
		memcpy(per, slash + 1, pl);
		per[pl] = '\0';
		return 1;
	}
	return 0;
}

int trawl__money_unit(const char *s, char unit[16], char cur[4])
{
	int k;
	return unit_word(s, strlen(s), &k, cur, unit);
}

int trawl__header_unit(const char *h, size_t n, char unit[16], char cur[4], char per[16])
{
	size_t i, j;

	/* the last parenthesis that holds one: 中标价格 (元/小盒), 金额(人民币元),
	 * (元,含税) */
	for (i = n; i-- > 0;) {
		size_t open, a;
		if (h[i] != ')')
			continue;
		for (open = i; open > 0 && h[open - 1] != '(' && h[open - 1] != ')'; open--)
			;
		if (open == 0 || h[open - 1] != '(')
			continue;
		if (unit_spec(h + open, i - open, unit, cur, per))
			return 1;
		for (a = open, j = open; j <= i; j++) {
			if (j == i || h[j] == ',' || h[j] == ';' || at(h, i, j, "、")) {
				if (j > a && unit_spec(h + a, j - a, unit, cur, per))
					return 1;
				a = j + (j < i && h[j] != ',' && h[j] != ';' ? 3 : 1);
			}
		}
		i = open - 1;
	}
	/* the longest tail after a space, ')', '/' or ':' (or the whole):
	 * 预算数/万元, 价(含仓储配送服务费)元/支, Amount USD, 万元 */
	for (j = 0; j < n; j++) {
		if (j > 0 && !strchr(" )/:", h[j - 1]))
			continue;
		if (((unsigned char)h[j] & 0xC0) == 0x80)
			continue;
		if (unit_spec(h + j, n - j, unit, cur, per))
			return 1;
	}
	unit[0] = cur[0] = per[0] = '\0';
	return 0;
}

/* 元/支, 元/人·天, 万元/年: what an amount is the price of, right after
 * its unit; writes it in per and returns the end, or returns e. */
static size_t per_item(const char *t, size_t n, size_t e, char per[16])
{
	size_t j = e + 1, cjk = 0, latin = 0;

	per[0] = '\0';
	if (e >= n || t[e] != '/')
		return e;
	while (j < n) {
		size_t l = u8len_at(t, n, j);
		if (l == 1 && is_alpha(t[j]) && latin < 6 && !cjk)
			latin++;
		else if (l > 1 && at(t, n, j, "·") && cjk)
			;
		else if (l > 1 && wordish(t, n, j) && !trawl__numeral_at(t + j, n - j) && cjk < 3 &&
		         !latin)
			cjk++;
		else
			break;
		j += l;
	}
	/* a measure word of up to three characters (支, 小盒, 人·天, kg), not
	 * a longer word, a date or a number (元/年度预算, 元/2024) */
	if (j == e + 1 || j - e - 1 >= 16 || (j < n && (is_digit(t[j]) || wordish(t, n, j))))
		return e;
	memcpy(per, t + e + 1, j - e - 1);
	per[j - e - 1] = '\0';
	return j;
}

static int emit(trawl__fact_cb cb, void *u, size_t s, size_t e, int neg, const char *v,
                const char *hi, const char *cur, const char *unit, const char *src,
                const char *cmp, const char *per)
{
	trawl__fact f;
	memset(&f, 0, sizeof f);
	f.kind = TRAWL__F_MONEY;
	f.start = (uint32_t)s;
	f.end = (uint32_t)e;
	f.negative = neg;
	copy_str(f.value, sizeof f.value, v);
	copy_str(f.value_hi, sizeof f.value_hi, hi ? hi : "");
	copy_str(f.currency, sizeof f.currency, cur ? cur : "");
	copy_cut(f.unit, sizeof f.unit, unit, strlen(unit));
	if (per && per[0] && strlen(f.unit) + 1 + strlen(per) < sizeof f.unit) {
		size_t l = strlen(f.unit);
		f.unit[l] = '/';
		copy_str(f.unit + l + 1, sizeof f.unit - l - 1, per);
		memcpy(f.role, "price", 6);
	}
	copy_str(f.unit_source, sizeof f.unit_source, src);
	copy_str(f.comparator, sizeof f.comparator, cmp ? cmp : "=");
	return cb(u, &f);
}

/* Whether t[.., e) ends with digits and then the same unit as the
 * amount at s (100万元 before 、80、60万元): 元, 万元, 亿元 …, Chinese
 * characters only. */
static int unit_item_before(const char *t, size_t n, size_t e, size_t s)
{
	size_t d = e, r = s;

	while (d >= 3 && d + 12 > e && ((unsigned char)t[d - 3] & 0xF0) == 0xE0 &&
	       !is_digit(t[d - 1]))
		d -= 3;
	if (d == e || d == 0 || !is_digit(t[d - 1]))
		return 0;
	while (r < n && (is_digit(t[r]) || ((t[r] == '.' || t[r] == ',') && r + 1 < n &&
	                                    is_digit(t[r + 1]))))
		r++;
	static const char *const units[] = { "元", "万元", "亿元", "萬元", "億元", "美元", NULL };
	if (r == s || r + (e - d) > n || memcmp(t + r, t + d, e - d))
		return 0;
	for (int k = 0; units[k]; k++)
		if (strlen(units[k]) == e - d && !memcmp(t + d, units[k], e - d))
			return 1;
	return 0;
}

/* The words that lead a list right before its first item. */
static const char *const lead_words[] = { "分别为", "分别是", "分别约为", "分别达到", "分别达",
	"分別為", "分別是", "分別達到", "依次为", "依次是", "依次為", "各为", "各為", NULL };

/* q moved back over spaces and a colon before it. */
static size_t colon_back(const char *t, size_t q)
{
	while (q > 0 && (t[q - 1] == ' ' || t[q - 1] == ':'))
		q--;
	if (q >= 3 && !memcmp(t + q - 3, "：", 3))
		q -= 3;
	return q;
}

/* 分别 or 依次 before q in its clause, at most limit characters before it.
 * With strict, not past 以, 由 or 按 (分别由甲公司以356，800元); with tight,
 * past Chinese characters other than numerals only, and not past 、. */
static int clause_lead_before(const char *t, size_t q, int limit, int strict, int tight)
{
	for (int c = 0; c <= limit && q > 0; c++) {
		unsigned char b = (unsigned char)t[q - 1];
		if (q >= 6 && (!memcmp(t + q - 6, "分别", 6) || !memcmp(t + q - 6, "分別", 6) ||
		               !memcmp(t + q - 6, "依次", 6)))
			return 1;
		if (b == ',' || b == ';' || b == ':' || b == '!' || b == '?' || b == '\n' ||
		    (q >= 3 && (!memcmp(t + q - 3, "。", 3) || !memcmp(t + q - 3, "；", 3) ||
		                !memcmp(t + q - 3, "，", 3) || !memcmp(t + q - 3, "：", 3) ||
		                !memcmp(t + q - 3, "！", 3) || !memcmp(t + q - 3, "？", 3))))
			return 0;
		if (strict && q >= 3 && (!memcmp(t + q - 3, "以", 3) || !memcmp(t + q - 3, "由", 3) ||
		                         !memcmp(t + q - 3, "按", 3)))
			return 0;
		if (tight && (q < 3 || (b & 0xC0) != 0x80 || ((unsigned char)t[q - 3] & 0xF0) != 0xE0 ||
		              !memcmp(t + q - 3, "、", 3) || trawl__numeral_before(t, q)))
			return 0;
		do
			q--;
		while (q > 0 && ((unsigned char)t[q] & 0xC0) == 0x80);
	}
	return 0;
}

/* A list's lead before q, where its first item starts: 分别为, 依次为, 各为 …
 * or a money word (资金, 金额为 …) right before it (a colon or spaces
 * between), or 分别 or 依次 earlier in the same clause, up to 40
 * characters before it (分别安排1.5、2和3亿元, 分别向三个县拨付资金100、80、60万元,
 * 分别下达甲县、乙县、丙县农田水利补助资金120、85、60万元,
 * 分别下拨2022、2023年度补助资金50、60万元). */
static int lead_before(const char *t, size_t q)
{
	q = colon_back(t, q);
	/* (a money word: 金额为35、70万元, 资金120、85万元) */
	return word_before(t, q, lead_words) || label_before(t, q) ||
	       clause_lead_before(t, q, 40, 0, 0);
}

/* A lead that a run of digits joined by full-width commas needs to be a
 * list rather than one number: 分别为, 依次为 … right before it, or 分别 or
 * 依次 at most six characters before it with none of 以, 由, 按 between
 * (分别安排资金100，200万元; not 中标金额：125，300元, nor
 * 分别由甲公司以356，800元). */
static int near_lead_before(const char *t, size_t q)
{
	q = colon_back(t, q);
	return word_before(t, q, lead_words) || clause_lead_before(t, q, 6, 1, 1);
}

/* The currency written right before p (人民币, 美元, 港币, ￥, ¥ …), which a
 * list's first item has for the whole list (美元120、80万元), or NULL. */
static const curword *currency_before(const char *t, size_t n, size_t p)
{
	size_t j = p;

	for (int k = 0; k < 5 && j > 0; k++) {
		const curword *c;
		size_t l;
		do
			j--;
		while (j > 0 && ((unsigned char)t[j] & 0xC0) == 0x80);
		if ((c = currency_at(t, n, j, 1, &l)) != NULL && j + l == p && c->w[0] != '$' &&
		    !is_alpha(c->w[0]))
			return c;
	}
	return NULL;
}

/* Digits joined by full-width commas around p (which is in them or at a
 * comma of them): whether it is one number grouped by threes rather than
 * a list. Grouped when its groups can be one (1-3 digits, then threes, a
 * fraction on the last only) and not all of these hold: a lead right
 * before it (near_lead_before: 分别为, or 分别 a few words before; not a
 * money word), or with three items or more 分别 anywhere before in the
 * clause but not before 以, 由 or 按; items of a size (the largest at most
 * 20 times the smallest); none after the first starting with 0; no
 * fraction.
 * 分别安排100，200，300万元 and 150，250万元 are lists; 分别为1，200元,
 * 2，050元, 82，225.00元 and 人民币96，800元 are one number each; 50，30，20 is
 * no number. *cs gets where the digits start. */
int trawl__fw_grouped(const char *t, size_t n, size_t p, size_t *cs)
{
	size_t b = p, r;
	uint64_t lo = UINT64_MAX, hi = 0, v = 0;
	int groups = 0, len = 0, zero = 0;

	/* back to the first digit (over digits and full-width commas) */
	for (;;) {
		if (b > 0 && is_digit(t[b - 1]))
			b--;
		else if (b >= 4 && !memcmp(t + b - 3, "，", 3) && is_digit(t[b - 4]))
			b -= 3;
		else
			break;
	}
	*cs = b;
	for (r = b;; r++) {
		if (r < n && is_digit(t[r])) {
			if (len == 0 && groups && t[r] == '0')
				zero = 1;
			if (v < UINT64_MAX / 100)
				v = v * 10 + (uint64_t)(t[r] - '0');
			len++;
			continue;
		}
		if ((groups == 0 && (len < 1 || len > 3)) || (groups && len != 3))
			return 0;   /* no number grouped by threes */
		if (v < lo)
			lo = v;
		if (v > hi)
			hi = v;
		groups++;
		if (r + 3 < n && !memcmp(t + r, "，", 3) && is_digit(t[r + 3])) {
			r += 2;
			v = 0;
			len = 0;
			continue;
		}
		break;
	}
	if (groups < 2)
		return 0;
	if (zero || (r + 1 < n && t[r] == '.' && is_digit(t[r + 1])) || lo == 0 || hi / lo > 20)
		return 1;
	/* (three items or more: 分别向城关镇、河口镇、石门乡安排200，150，120万元) */
	return !(near_lead_before(t, b) || (groups >= 3 && clause_lead_before(t, b, 40, 1, 0)));
}

/* 分别为50、30、20万元: the bare numbers listed before an amount, after
 * a lead (lead_before), a currency before the first (人民币50、30万元), or a
 * first item with the amount's unit (100万元、80、60万元), share its unit.
 * Finds them backwards from the amount's start s: up to 32 items, each
 * only digits (with , and .) or Chinese numerals, joined by 、 (和, 及 or
 * 与 before the last one) or a full-width comma that is no number's
 * (fw_grouped); their starts go to at[] in order. Returns how many (0: no
 * such list). */
int trawl__list_before(const char *t, size_t len, size_t s, size_t *at_)
{
	/* (a full-width comma is in the text only between digits) */
	static const char *const sep_last[] = { "、", "和", "及", "与", "與", "，", NULL };
	static const char *const sep[] = { "、", "，", NULL };
	size_t p = s, st[TRAWL__LIST_MAX];
	int n = 0, k;

	for (;;) {
		size_t e, b, q, cs;
		int any = 0;
		const char *const *sw = n == 0 ? sep_last : sep;
		/* the separator before the item after it (spaces around it) */
		q = p;
		while (q > 0 && t[q - 1] == ' ')
			q--;
		for (k = 0; sw[k]; k++) {
			size_t l = strlen(sw[k]);
			if (q >= l && !memcmp(t + q - l, sw[k], l))
				break;
		}
		if (!sw[k])
			break;
		/* (a full-width comma of a number: 1，200、950万元 is no list of 1) */
		if (!strcmp(sw[k], "，") && trawl__fw_grouped(t, len, q - 3, &cs))
			break;
		e = q - strlen(sw[k]);
		while (e > 0 && t[e - 1] == ' ')
			e--;
		/* the item: digits, separators and numerals back to its start */
		b = e;
		while (b > 0) {
			unsigned char c = (unsigned char)t[b - 1];
			size_t nb;
			if (is_digit((char)c) || ((c == ',' || c == '.') && b >= 2 && is_digit(t[b - 2]))) {
				b--;
				any = 1;
				continue;
			}
			if ((nb = trawl__numeral_before(t, b)) != 0) {
				b -= nb;
				any = 1;
				continue;
			}
			/* 1，200 in 分别为1，200、950、780万元: one item */
			if (any && b >= 4 && !memcmp(t + b - 3, "，", 3) && is_digit(t[b - 4]) &&
			    trawl__fw_grouped(t, len, b - 3, &cs)) {
				b = cs;
				break;
			}
			break;
		}
		/* 100万元、80、60万元: a first item with the amount's own unit
		 * makes the bare ones between a list's, with no lead word */
		if (!any && n >= 1 && unit_item_before(t, len, e, s))
			goto found;
		if (!any || n == TRAWL__LIST_MAX)
			return 0;
		/* the item starts a word: not inside a code, a word or a sign */
		if (b > 0 && (is_alpha(t[b - 1]) || t[b - 1] == '-' || t[b - 1] == '.' ||
		              t[b - 1] == '$'))
			return 0;
		if (b >= 3 && (!memcmp(t + b - 3, "−", 3) || !memcmp(t + b - 3, "－", 3) ||
		               !memcmp(t + b - 3, "负", 3) || !memcmp(t + b - 3, "負", 3)))
			return 0;
		st[n++] = b;
		p = b;
	}
	/* a lead before the first item, or a currency, which is then the
	 * whole list's (人民币50、30、20万元, 分别为¥50、30万元: one item in 人民币
	 * and the others in 万元 is no way of writing) */
	if (!n || !(currency_before(t, len, p) || lead_before(t, p)))
		return 0;
found:
	for (int i = 0; i < n; i++)
		at_[i] = st[n - 1 - i];
	return n;
}

size_t trawl__fw_list_last(const char *t, size_t n, size_t s, size_t e)
{
	size_t r = s, last = 0, cs, lat[TRAWL__LIST_MAX];

	while (r < e && (is_digit(t[r]) || at(t, n, r, "，"))) {
		if (is_digit(t[r])) {
			r++;
		} else {
			r += 3;
			last = r;
		}
	}
	return last && !trawl__fw_grouped(t, n, s, &cs) && trawl__list_before(t, n, last, lat) > 0 ?
	       last : 0;
}

size_t trawl__list_item_end(const char *t, const size_t *at, int nl, int i, size_t last)
{
	size_t e = i + 1 < nl ? at[i + 1] : last;

	while (e > at[i] && t[e - 1] == ' ')
		e--;
	if (e >= at[i] + 3 && ((unsigned char)t[e - 3] & 0xF0) == 0xE0)
		e -= 3;   /* (、 和 及 与 ，) */
	while (e > at[i] && t[e - 1] == ' ')
		e--;
	return e;
}

/* A comparator word right before p (不超过, 不低于 …). */
static int cmp_word_before(const char *t, size_t p)
{
	for (int k = 0; cmp_before[k].w; k++) {
		size_t l = strlen(cmp_before[k].w);
		if (p >= l && !memcmp(t + p - l, cmp_before[k].w, l))
			return 1;
	}
	return 0;
}

/* A first item that is a clause's number: 1、30万元；2、20万元 (the next
 * number after a clause's end, within 80 bytes). */
int trawl__list_enumeration(const char *t, size_t n, size_t s, size_t e)
{
	char want;

	if (!(s + 1 < n && is_digit(t[s]) && t[s] != '9' && !memcmp(t + s + 1, "、", 3) &&
	      (s == 0 || !is_digit(t[s - 1]))))
		return 0;
	want = (char)(t[s] + 1);
	/* (the next clause's number then an amount: 2、20万元, not 3、投标截止) */
	for (size_t q = e; q + 5 <= n && q < e + 80; q++)
		if (t[q] == want && !memcmp(t + q + 1, "、", 3) && is_digit(t[q + 4]) && q > 0 &&
		    (t[q - 1] == ';' || t[q - 1] == ',' || t[q - 1] == ' ' || t[q - 1] == '\n' ||
		     (q >= 3 && (!memcmp(t + q - 3, "；", 3) || !memcmp(t + q - 3, "，", 3) ||
		                 !memcmp(t + q - 3, "。", 3)))))
			return 1;
	return 0;
}

/* Whether the number t[s, e) is one of the items list_before finds
 * before a later amount (依次安排资金800、600、400万元: 800 is the list's,
 * not a figure of no unit). */
static int list_item_at(const char *t, size_t n, size_t s, size_t e)
{
	size_t p = e;

	for (int k = 0; k <= TRAWL__LIST_MAX; k++) {
		size_t q = p, r;
		amount a;
		while (q < n && t[q] == ' ')
			q++;
		if (at(t, n, q, "、") || at(t, n, q, "和") || at(t, n, q, "及") || at(t, n, q, "与") ||
		    at(t, n, q, "與"))
			q += 3;
		else
			return 0;
		while (q < n && t[q] == ' ')
			q++;
		r = q;
		while (r < n) {
			size_t l;
			if (is_digit(t[r]) || ((t[r] == ',' || t[r] == '.') && r + 1 < n &&
			                       is_digit(t[r + 1]))) {
				r++;
				continue;
			}
			if ((l = trawl__numeral_at(t + r, n - r)) != 0) {
				r += l;
				continue;
			}
			break;
		}
		if (r == q)
			return 0;
		if (read_amount(t, n, q, &a) && a.has_unit) {
			size_t lat[TRAWL__LIST_MAX];
			int nl = trawl__list_before(t, n, q, lat);
			for (int i = 0; i < nl; i++)
				if (lat[i] == s)
					return 1;
			return 0;
		}
		p = r;
	}
	return 0;
}

static const char *range_connector(const char *t, size_t n, size_t i, size_t *len)
{
	static const char *const con[] = { "——", "--", "至", "到", "~", "-", "—", "–", "〜", NULL };
	int k;
	for (k = 0; con[k]; k++)
		if (at(t, n, i, con[k])) {
			*len = strlen(con[k]);
			return con[k];
		}
	return NULL;
}

/* Reads [comparator] [约] [currency] [-] amount at i. */
typedef struct {
	size_t start;
	const char *cmp;
	const curword *prefix;
	int neg;
	amount a;
} money;

static int cmp_word_at(const char *t, size_t n, size_t i)
{
	int k;
	for (k = 0; cmp_after[k].w; k++)
		if (at(t, n, i, cmp_after[k].w))
			return 1;
	return at(t, n, i, "左右") || at(t, n, i, "上下");
}

/* The characters a comparator before an amount starts with. */
static trawl__cpset cmp_starts;
static pthread_once_t cmp_once = PTHREAD_ONCE_INIT;

static void cmp_init(void)
{
	for (int k = 0; cmp_before[k].w; k++)
		cpset_add_first(&cmp_starts, cmp_before[k].w);
}

/* Whether a bare $ at i is a dollar not known: in Chinese text (on its
 * line before it) a $ is as often Taiwan's (決標金額：$1,250,000) or Hong
 * Kong's as the US dollar, and so is one with 元 after its figure. */
static int dollar_unknown(const char *t, size_t i, int yuan_after)
{
	if (yuan_after)
		return 1;
	for (size_t k = i, m = 0; k > 0 && m < 120 && t[k - 1] != '\n'; k--, m++)
		if ((unsigned char)t[k - 1] >= 0xE3 && (unsigned char)t[k - 1] <= 0xEF)
			return 1;
	return 0;
}

/* The currency of a dollar read_money could not tell ("?"): the
 * document's own where it is a dollar (Taiwan's, Hong Kong's, Macao's),
 * else none known. */
static const char *dollar_cur(const char *cur, const char *gcur)
{
	if (strcmp(cur, "?"))
		return cur;
	return !strcmp(gcur, "TWD") || !strcmp(gcur, "HKD") || !strcmp(gcur, "MOP") ? gcur : "";
}

/* 负 at j is a minus (盈余为负3万元, 本年结余负3万元), except as the end of
 * a word: 减负1200亿元, 自负2000元, 担负, 肩负, 正负3元, 胜负. */
int trawl__minus_word_before(const char *t, size_t j)
{
	static const char *const no[] = { "减", "減", "自", "担", "擔", "肩", "背", "抱", "欺", "辜",
		"正", "胜", "勝", "重", "不", "负", "負", NULL };
	size_t k;
	if (j < 3)
		return 1;
	for (k = 0; no[k]; k++)
		if (!memcmp(t + j - 3, no[k], 3))
			return 0;
	return 1;
}

/* A '-' or '−' at j that starts a word (余额：-¥3,000.00), not one inside a
 * code or after a word (第1包-¥120万元, 服务器-¥120,000, 2024-¥300). */
static int minus_starts_word(const char *t, size_t j)
{
	unsigned char c;
	if (j == 0)
		return 1;
	c = (unsigned char)t[j - 1];
	if (c == ' ' || c == '\t' || c == '\n' || c == ':' || c == '(' || c == ',' || c == ';' ||
	    c == '=')
		return 1;
	/* full-width punctuation before it: ：，（ 、 */
	return j >= 3 && ((unsigned char)t[j - 3] == 0xEF || (unsigned char)t[j - 3] == 0xE3);
}

static int read_money(const char *t, size_t n, size_t i, money *m)
{
	size_t j = i, l, sign = 0;
	int k, pre_neg = 0;
	memset(m, 0, sizeof *m);
	m->start = i;
	pthread_once(&cmp_once, cmp_init);
	for (k = 0; cpset_at(&cmp_starts, t, n, j) && cmp_before[k].w; k++)
		if (at(t, n, j, cmp_before[k].w)) {
			size_t back;
			m->cmp = trawl__cmp_negated(t, j, cmp_before[k].cmp, &back);
			m->start = j - back;     /* (the quote holds 不得) */
			j += strlen(cmp_before[k].w);
			break;
		}
	if (at(t, n, j, "大约"))
		j += 6;
	else if (at(t, n, j, "约") || at(t, n, j, "約"))
		j += 3;
	/* -¥3,000.00, −US$500: the sign before the currency's */
	if (j < n && t[j] == '-' && currency_at(t, n, j + 1, 1, &l) && j + 1 + l < n &&
	    (is_digit(t[j + 1 + l]) || t[j + 1 + l] == ' ') && minus_starts_word(t, j)) {
		pre_neg = 1;
		j += 1;
	} else if (at(t, n, j, "−") && currency_at(t, n, j + 3, 1, &l) && minus_starts_word(t, j)) {
		pre_neg = 1;
		j += 3;
	}
	m->prefix = currency_at(t, n, j, 1, &l);
	if (!m->prefix)
		pre_neg = 0;
	if (m->prefix) {
		if (is_alpha(m->prefix->w[0]) && j > 0 && is_alpha(t[j - 1]))
			return 0;
		sign = j;
		j = spaces(t, n, j + l);
		if (j < n && t[j] == ':')
			j = spaces(t, n, j + 1);
		/* a currency's name before a sign: 新臺幣$1,300,000元 */
		if (j < n && t[j] == '$' && m->prefix->w[l - 1] != '$')
			j = spaces(t, n, j + 1);
	}
	if (j < n && t[j] == '-' && j + 1 < n && is_digit(t[j + 1]) &&
	    (m->prefix || trawl__dash_may_be_sign(t, j))) {
		/* (not 第1包-120万元, 1包-120万元: a package's number) */
		m->neg = 1;
		j++;
	} else if (at(t, n, j, "−") && j + 3 < n && is_digit(t[j + 3]) &&
	           (m->prefix || trawl__dash_may_be_sign(t, j))) {
		m->neg = 1;
		j += 3;
	} else if ((at(t, n, j, "负") || at(t, n, j, "負")) && j + 3 < n &&
	           trawl__numeral_at(t + j + 3, n - j - 3) && trawl__minus_word_before(t, j)) {
		/* 盈余为负3万元, 结余：负五千元 (not 减负1200亿元, 自负2000元,
		 * 担负, 正负3元) */
		m->neg = 1;
		j += 3;
	}
	if (pre_neg)
		m->neg = 1;
	if (j == i || !m->prefix) {
		/* the number must start a word */
		size_t s = j - (m->neg ? (t[j - 1] == '-' ? 1 : 3) : 0);
		if (s > 0 && (is_alpha(t[s - 1]) || is_digit(t[s - 1]) || t[s - 1] == '.' ||
		              trawl__numeral_before(t, s)))
			return 0;
		if (s > 1 && t[s - 1] == ',' && is_digit(t[s - 2]))
			return 0;
		/* 几十万, 数十亿: no number is stated */
		if (s >= 3 && (!memcmp(t + s - 3, "几", 3) || !memcmp(t + s - 3, "数", 3) ||
		               !memcmp(t + s - 3, "幾", 3) || !memcmp(t + s - 3, "數", 3)))
			return 0;
	}
	if (!read_amount(t, n, j, &m->a))
		return 0;
	if (m->prefix && m->a.arabic && !m->a.units_in_number && !m->a.has_unit &&
	    !m->a.hi[0]) {
		/* £330m, $1.2bn: after a currency sign only (330m alone is a
		 * length) */
		size_t e = m->a.end, sl = 0;
		int pw = 0;
		if (e < n && t[e] == 'm' && !(e + 1 < n && is_alpha(t[e + 1])))
			pw = 6, sl = 1;
		else if (e + 1 < n && t[e] == 'b' && t[e + 1] == 'n' &&
		         !(e + 2 < n && is_alpha(t[e + 2])))
			pw = 9, sl = 2;
		if (pw) {
			if (trawl__dec_mul_pow10(m->a.value, pw))
				return 0;
			memcpy(m->a.unit, t + e, sl);
			m->a.unit[sl] = '\0';
			m->a.end = e + sl;
			m->a.big_k = pw;
			m->a.units_in_number = 1;
			m->a.has_big = 1;
		}
	}
	if (m->prefix) {
		if (!m->a.has_unit && wordish(t, n, m->a.end) && !cmp_word_at(t, n, m->a.end))
			return 0;   /* 港幣三個 */
		if (m->a.end < n && (t[m->a.end] == '%' || at(t, n, m->a.end, "％")))
			return 0;   /* a rate: IRR 8%, not money */
		/* a code after the figure says which dollar or yen a bare $ or ¥
		 * was; after a code of its own, a code with a figure after it is
		 * that figure's (USD 1,000 MXN 1,350); beside any other sign or
		 * code, the one before stands */
		if (m->a.code_at && is_alpha(m->prefix->w[0])) {
			size_t sp = spaces(t, n, m->a.code_at + 3);
			if (sp < n && is_digit(t[sp])) {
				size_t e = m->a.code_at;
				while (e > m->a.start && (t[e - 1] == ' ' || t[e - 1] == '\t'))
					e--;
				m->a.end = e;
				m->a.cur[0] = '\0';
				m->a.unit[0] = '\0';
				m->a.has_unit = 0;
				m->a.code_at = 0;
			}
		}
		int yuan_after = m->a.generic;
		if (m->a.generic || !m->a.cur[0] ||
		    (strcmp(m->a.cur, m->prefix->iso) && strcmp(m->prefix->w, "$") &&
		     strcmp(m->prefix->w, "¥"))) {
			memcpy(m->a.cur, m->prefix->iso, 4);
			/* (the sign's own dollar, not one the figure names:
			 * $1,000美元 and $1,000 USD are US dollars) */
			if (!strcmp(m->prefix->w, "$") && dollar_unknown(t, sign, yuan_after))
				memcpy(m->a.cur, "?", 2);   /* dollar_cur decides */
		}
		if (!m->a.has_unit) {
			char w[16];
			memcpy(w, m->a.unit, sizeof w);
			join_unit(m->a.unit, w, m->prefix->unit ? m->prefix->unit : m->prefix->w);
		}
		m->a.has_unit = 1;
		m->a.generic = 0;
	}
	return 1;
}

static size_t read_cmp_after(const char *t, size_t n, size_t e, const char **cmp)
{
	int k;
	size_t j = spaces(t, n, e);
	for (k = 0; cmp_after[k].w; k++)
		if (at(t, n, j, cmp_after[k].w)) {
			*cmp = cmp_after[k].cmp;
			return j + strlen(cmp_after[k].w);
		}
	return e;
}

/* The characters an amount can start with (read_money): a numeral, a
 * comparator, 约/大约, a currency written before the number, or a minus. */
static trawl__cpset starts;
static pthread_once_t starts_once = PTHREAD_ONCE_INIT;

static void starts_init(void)
{
	int k;
	trawl__cpset_add_numerals(&starts);
	for (k = 0; cmp_before[k].w; k++)
		cpset_add_first(&starts, cmp_before[k].w);
	for (k = 0; currencies[k].w; k++)
		if (currencies[k].where & 1)
			cpset_add_first(&starts, currencies[k].w);
	cpset_add_first(&starts, "大约");
	cpset_add_first(&starts, "约");
	cpset_add_first(&starts, "約");
	cpset_add_first(&starts, "-");
	cpset_add_first(&starts, "−");
	cpset_add_first(&starts, "负");
	cpset_add_first(&starts, "負");
}

/* A label of a whole amount right before p (spaces and a colon between):
 * 合同金额:12 345.50元, 总价 1 234 567.89 元 (not 单价, 数量 or 合计, after
 * which a flattened table's count may come). */
static int total_label_before(const char *t, size_t p)
{
	static const char *const w[] = { "合同金额", "中标金额", "成交金额", "预算金额", "采购预算",
		"项目预算", "总价", "总金额", "总投资", "投资额", "总额", "合同价", "中标价", "成交价",
		"投标报价", "最高限价", "控制价", "合約金額", "中標金額", "成交金額", "預算金額",
		"決標金額", "判給金額", "總價", "總金額", "總投資", "總額", NULL };
	while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == ':'))
		p--;
	if (p >= 3 && (!memcmp(t + p - 3, "为", 3) || !memcmp(t + p - 3, "為", 3)))
		p -= 3;
	return word_before(t, p, w) != 0;
}

/* A number at p right after a date's or a time's digits and separator
 * (2024-01-15 100 000元: its 15 is the day's). */
static int after_date(const char *t, size_t p)
{
	return p >= 2 && (t[p - 1] == '-' || t[p - 1] == '/' || t[p - 1] == ':' || t[p - 1] == '.') &&
	       is_digit(t[p - 2]);
}

/* A word right after e (a measure word or a letter: ¥22 500张). */
static int word_after(const char *t, size_t n, size_t e)
{
	if (e >= n)
		return 0;
	if (is_alpha(t[e]))
		return 1;
	return e + 3 <= n && ((unsigned char)t[e] & 0xF0) == 0xE0 && (unsigned char)t[e] != 0xEF &&
	       (unsigned char)t[e] != 0xE3;
}

/* Digits grouped by spaces, as GB/T 15835 allows (1 234 567.89元,
 * 投资1 000万元, 合同金额：12 345.50元): the head t[hs, he) of one to three
 * digits, then groups of a space and three digits. Only where the groups
 * can't be numbers of their own: a group starting with 0 (1 000), two
 * groups or more, or a money label, a colon or a currency before the head
 * (a flattened table's 数量5 120.00元 is a count and a price). The last
 * group's start goes to *last, the digits without spaces to dig. */
static int space_grouped(const char *t, size_t n, size_t hs, size_t he, int labelled,
                         size_t *last, char *dig, size_t cap)
{
	size_t p = he, nd = 0;
	int groups = 0, zero = 0;

	if (he - hs < 1 || he - hs > 3 || he - hs >= cap)
		return 0;
	for (size_t k = hs; k < he; k++)
		if (!is_digit(t[k]))
			return 0;
	memcpy(dig, t + hs, he - hs);
	nd = he - hs;
	while (p + 4 <= n && t[p] == ' ' && is_digit(t[p + 1]) && is_digit(t[p + 2]) &&
	       is_digit(t[p + 3]) && !(p + 4 < n && is_digit(t[p + 4]))) {
		if (nd + 3 >= cap)
			return 0;
		if (t[p + 1] == '0')
			zero = 1;
		memcpy(dig + nd, t + p + 1, 3);
		nd += 3;
		*last = p + 1;
		groups++;
		p += 4;
	}
	dig[nd] = '\0';
	/* (a group then a comma or a digit run: 1 234,5 is no such number) */
	if (!groups || (p < n && t[p] == ','))
		return 0;
	return zero || labelled;
}

/* A bare small integer right after 包, 标段 … (采购包1-120万元, 标段2-350万元):
 * the package's number, not the lower end of a range. */
static int label_number(const char *t, const money *m)
{
	/* (not 每包, 外包, 承包, 分包 or 每批次, before which a range is a
	 * range) */
	static const char *const w[] = { "采购包", "採購包", "合同包", "标段", "標段", "标包",
		"標包", "子包", "包号", "包號", "标项", "標項", NULL };
	size_t s = m->a.start, l;

	if (m->a.has_unit || m->prefix || m->neg || m->cmp || !m->a.arabic ||
	    m->a.end - s > 3 || m->start != s)
		return 0;
	for (size_t k = s; k < m->a.end; k++)
		if (!is_digit(t[k]))
			return 0;
	/* the word starts a clause (每个采购包1-2万元, 小额采购包1-5万元 are
	 * ranges) */
	if ((l = word_before(t, s, w)) != 0) {
		size_t b = s - l;
		return b == 0 || (unsigned char)t[b - 1] < 0x80 ||
		       (b >= 3 && ((unsigned char)t[b - 3] == 0xEF || (unsigned char)t[b - 3] == 0xE3));
	}
	/* 包 alone at a line's or a clause's start: 包1-120万元 */
	if (s >= 3 && !memcmp(t + s - 3, "包", 3) &&
	    (s == 3 || (unsigned char)t[s - 4] < 0x80 || (s >= 6 &&
	     ((unsigned char)t[s - 6] == 0xEF || (unsigned char)t[s - 6] == 0xE3))))
		return 1;
	return 0;
}

/* The unit declared for the table (c->table_unit): its power of ten, the
 * currency and the unit as reported. 0 when there is none. */
static int table_unit_of(const trawl__fctx *c, int *tk, char tcur[4], char tunit[16])
{
	int have = 0;
	*tk = 0;
	memcpy(tcur, "CNY", 4);
	tunit[0] = '\0';
	if (c && c->table_unit && c->table_unit[0]) {
		char tc[4];
		if (unit_word(c->table_unit, strlen(c->table_unit), tk, tc, tunit)) {
			have = 1;
			if (tc[0])
				memcpy(tcur, tc, 4);
		}
		if (c->table_currency && c->table_currency[0])
			copy_str(tcur, 4, c->table_currency);
	}
	return have;
}

int trawl__extract_money_cell(const char *s, size_t n, const trawl__fctx *c, trawl__fact_cb cb,
                              void *u)
{
	char v[TRAWL__DEC_MAX], tcur[4], tunit[16];
	size_t b = s && n && s[0] == '-' ? 1 : 0, k;
	int tk;

	if (!s || b >= n || !is_digit(s[b]))
		return trawl__extract_money(s, n, c, cb, u);
	for (k = b; k < n; k++)
		if (!is_digit(s[k]) && s[k] != ',' && s[k] != '.')
			return trawl__extract_money(s, n, c, cb, u);
	if (trawl__parse_number(s + b, n - b, v) != n - b)
		return trawl__extract_money(s, n, c, cb, u);
	/* a bare number, the whole cell: an amount only in the table's unit,
	 * or one of unknown unit beside a money label */
	if (!table_unit_of(c, &tk, tcur, tunit)) {
		if (c && c->label_no_unit)
			return emit(cb, u, 0, n, (int)b, v, "", "", "", "unknown", NULL, NULL);
		return 0;
	}
	if (trawl__dec_mul_pow10(v, tk))
		return 0;
	return emit(cb, u, 0, n, (int)b, v, "", tcur, tunit, "table", NULL, NULL);
}

int trawl__extract_money(const char *t, size_t n, const trawl__fctx *c, trawl__fact_cb cb, void *u)
{
	size_t i = 0;
	int tk = 0, have_table = 0, rc;
	char tcur[4] = "CNY", tunit[16] = "";
	if (!t)
		return 0;
	have_table = table_unit_of(c, &tk, tcur, tunit);
	trawl__numskip skip;

	trawl__numskip_init(&skip, c);

	pthread_once(&starts_once, starts_init);
	while (i < n) {
		money m, m2;
		i = trawl__next_start(t, n, i, &skip, &starts);
		if (i >= n)
			break;
		size_t e, j, l;
		const char *cmp = NULL;
		const char *gcur = (c && c->table_currency && c->table_currency[0]) ?
		                   c->table_currency : "CNY";
		int ranged = 0;

		if (is_digit(t[i]) && i > 0 &&
		    (is_digit(t[i - 1]) || is_alpha(t[i - 1]) || t[i - 1] == '.')) {
			/* inside a number or a word, where read_money reads nothing
			 * (no comparator, 约 or currency starts with a digit, and an
			 * amount's number starts a word), nor at the digits after */
			i = past_digits(t, n, i);
			continue;
		}
		if (!read_money(t, n, i, &m)) {
			i += u8len_at(t, n, i);
			continue;
		}
		/* 分别安排100，200，300万元: full-width commas that group digits
		 * by threes are a list's after 分别 (依次, 各为 …): the amount is
		 * the last item, which the list below expands */
		if (m.a.arabic && m.a.has_unit && (e = trawl__fw_list_last(t, n, m.a.start, m.a.end))) {
			i = e;
			continue;
		}
		/* 人民币50、30万元: 人民币50 is the first item of the list that
		 * 30万元 expands, not 50 yuan */
		if (m.prefix && !m.a.hi[0] &&
		    list_item_at(t, n, m.a.start, m.a.end)) {
			i = m.a.end;
			continue;
		}
		e = m.a.end;
		/* digits grouped by spaces: 1 234 567.89元 */
		{
			size_t last = 0;
			char dig[TRAWL__DEC_MAX];
			amount la;
			int labelled = m.prefix || total_label_before(t, m.a.start);
			if (m.a.arabic && !m.a.units_in_number && !m.a.hi[0] && !after_date(t, m.a.start) &&
			    space_grouped(t, n, m.a.start, m.a.end, labelled, &last, dig, sizeof dig) &&
			    read_amount(t, n, last, &la) && !la.hi[0] &&
			    (la.has_unit || (m.prefix && !word_after(t, n, la.end)))) {
				char v[TRAWL__DEC_MAX];
				size_t dl = strlen(dig), fl = 0;
				int k = la.big_k ? la.big_k : la.small_k;
				/* the last group's decimals: 567.89 */
				if (last + 3 < n && t[last + 3] == '.') {
					fl = 1;
					while (last + 3 + fl < n && is_digit(t[last + 3 + fl]))
						fl++;
				}
				if (dl + fl < sizeof v) {
					char pv[TRAWL__DEC_MAX];
					memcpy(v, dig, dl);
					memcpy(v + dl, t + last + 3, fl);
					v[dl + fl] = '\0';
					char lv[TRAWL__DEC_MAX];
					/* the last group read alone must be its digits times
					 * the multiplier after it (000万元: 0 × 10^4) */
					if (trawl__parse_number(v, dl + fl, pv) == dl + fl &&
					    !(k && trawl__dec_mul_pow10(pv, k)) &&
					    trawl__parse_number(t + last, 3 + fl, lv) == 3 + fl &&
					    !(k && trawl__dec_mul_pow10(lv, k)) && !trawl__dec_cmp(lv, la.value)) {
						const char *cur = m.prefix ? m.prefix->iso :
						                  dollar_cur(la.cur[0] && !la.generic ? la.cur : gcur,
						                             gcur);
						char per[16];
						size_t pe = per_item(t, n, la.end, per);
						e = read_cmp_after(t, n, pe, &cmp);
						if (la.more && !cmp)
							cmp = ">";
						rc = emit(cb, u, m.start, e, m.neg, pv, "", cur,
						          la.has_unit ? la.unit : m.a.unit, cur[0] ? "inline" : "unknown",
						          m.cmp ? m.cmp : cmp, pe > la.end ? per : NULL);
						if (rc)
							return rc;
						i = e;
						continue;
					}
				}
			}
		}
		/* a range: 100-200万元, 5.6到5.78元, 1万(含)-5万元 */
		j = spaces(t, n, e);
		if (at(t, n, j, "(含)"))
			j = spaces(t, n, j + 5);
		if (range_connector(t, n, j, &l) && !label_number(t, &m) &&
		    read_money(t, n, spaces(t, n, j + l), &m2) &&
		    (m2.a.has_unit || m.a.has_unit) && !m2.cmp && !m2.neg && !m.neg) {
			amount *lo = &m.a, *hi = &m2.a;
			char lv[TRAWL__DEC_MAX];
			memcpy(lv, lo->value, sizeof lv);
			if (!lo->has_unit) {
				/* 两到三万港元: the multiplier of the upper end applies */
				int k = 0;
				if (!lo->has_big)
					k = hi->big_k;
				if (!k && !lo->units_in_number)
					k = hi->small_k;
				if (k) {
					char tmp[TRAWL__DEC_MAX];
					memcpy(tmp, lv, sizeof tmp);
					if (!trawl__dec_mul_pow10(tmp, k) && trawl__dec_cmp(tmp, hi->value) <= 0)
						memcpy(lv, tmp, sizeof tmp);
				}
			}
			if (trawl__dec_cmp(lv, hi->value) < 0 && !lo->hi[0] && !hi->hi[0]) {
				const char *cur = hi->cur[0] ? hi->cur : lo->cur;
				char per[16];
				size_t pe = hi->has_unit ? per_item(t, n, hi->end, per) : hi->end;
				if (lo->has_unit && !lo->generic && lo->cur[0] &&
				    (strcmp(lo->cur, "?") || !hi->cur[0]))
					cur = lo->cur;   /* (but $100-200美元 is the upper end's) */
				if (!cur[0] || ((hi->generic || !hi->has_unit) && lo->generic))
					cur = m.prefix ? m.prefix->iso : (m2.prefix ? m2.prefix->iso : gcur);
				e = read_cmp_after(t, n, pe, &cmp);
				cur = dollar_cur(cur, gcur);
				/* (a dollar not known: its unit as unknown as a bare
				 * figure's, the contract of a figure of no currency) */
				rc = emit(cb, u, m.start, e, 0, lv, hi->value, cur,
				          hi->has_unit ? hi->unit : lo->unit, cur[0] ? "inline" : "unknown",
				          m.cmp ? m.cmp : cmp, pe > hi->end ? per : NULL);
				if (rc)
					return rc;
				ranged = 1;
				i = e;
			}
		}
		if (ranged)
			continue;
		if (m.a.has_unit) {
			const char *cur = dollar_cur(m.a.cur[0] && !m.a.generic ? m.a.cur : gcur, gcur);
			char per[16];
			size_t pe = per_item(t, n, m.a.end, per), lat[TRAWL__LIST_MAX];
			int nl;
			e = read_cmp_after(t, n, pe, &cmp);
			if (m.a.more && !cmp)
				cmp = ">";
			/* 分别为50、30、20万元: each listed number with the amount's
			 * unit, quoted to the unit (read as the lower end of a range
			 * is: 两到三万元) */
			if (!m.neg && !m.prefix && !m.cmp && !m.a.hi[0] && m.start == m.a.start &&
			    (nl = trawl__list_before(t, n, m.start, lat)) > 0) {
				/* the currency before the first item is the list's:
				 * 美元120、80万元 is in US dollars, the last too */
				const curword *lc = currency_before(t, n, lat[0]);
				if (lc && (m.a.generic || !m.a.cur[0]))
					cur = lc->iso;
				/* the multiplier of the amount's own number, exactly:
				 * 4.3百万元 is 4.3 × 10^6 */
				int kl = -1;
				if (m.a.arabic) {
					size_t r = m.a.start;
					char bv[TRAWL__DEC_MAX];
					while (r < m.a.end && (is_digit(t[r]) || t[r] == '.' || t[r] == ',' ||
					                       at(t, n, r, "，")))
						r += t[r] == '.' || t[r] == ',' || is_digit(t[r]) ? 1 : 3;
					if (trawl__parse_number(t + m.a.start, r - m.a.start, bv) == r - m.a.start)
						for (int kk = 0; kk <= 16 && kl < 0; kk++) {
							char tv[TRAWL__DEC_MAX];
							memcpy(tv, bv, sizeof tv);
							if (!(kk && trawl__dec_mul_pow10(tv, kk)) &&
							    !trawl__dec_cmp(tv, m.a.value))
								kl = kk;
						}
				} else {
					kl = 0;
				}
				/* a bound before the list (分别不超过50、30万元): each
				 * item's, not said here: no items; nor numbering
				 * (分别是1、30万元；2、20万元) */
				if (cmp_word_before(t, lat[0]) || trawl__list_enumeration(t, n, lat[0], e) ||
				    (lc && cmp_word_before(t, lat[0] - strlen(lc->w))))
					nl = 0;   /* (分别不超过人民币50、30万元 too) */
				for (int li = 0; li < nl; li++) {
					amount la;
					char lv[TRAWL__DEC_MAX];
					int k = 0;
					size_t ie = trawl__list_item_end(t, lat, nl, li, m.start);
					if (!read_amount(t, ie, lat[li], &la) || la.has_unit || la.hi[0] ||
					    la.end > m.start)
						continue;
					memcpy(lv, la.value, sizeof lv);
					if (kl < 0)
						break;
					if (la.has_big) {
						/* 50万、30万、20万元: the item has its own */
						k = 0;
					} else if (m.a.arabic) {
						k = kl;
					} else {
						/* 五十、三十、二十万元 */
						k = m.a.big_k;
						if (!k && !la.units_in_number)
							k = m.a.small_k;
					}
					if (k && trawl__dec_mul_pow10(lv, k))
						continue;
					rc = emit(cb, u, lat[li], e, 0, lv, "", cur, m.a.unit,
					          cur[0] ? "inline" : "unknown", cmp, pe > m.a.end ? per : NULL);
					if (rc)
						return rc;
				}
			}
			rc = emit(cb, u, m.start, e, m.neg, m.a.value, m.a.hi, cur, m.a.unit,
			          cur[0] ? "inline" : "unknown", m.cmp ? m.cmp : cmp,
			          pe > m.a.end ? per : NULL);
			if (rc)
				return rc;
			i = e;
			continue;
		}
		/* a bare number: money only in a table with a unit, or after a
		 * money label */
		if (!m.a.hi[0] && bare(t, n, m.a.start - (m.neg ? 1 : 0), m.a.end, 0)) {
			amount pu;
			int pk;
			char pcur[4], punit[16], pv[TRAWL__DEC_MAX];
			size_t pe;
			memset(&pu, 0, sizeof pu);
			if (m.a.arabic && !m.a.units_in_number &&
			    (pe = paren_unit_after(t, n, m.a.end, &pk, pcur, punit)) != 0 &&
			    (memcpy(pv, m.a.value, sizeof pv), !trawl__dec_mul_pow10(pv, pk))) {
				/* the unit stated right after it wins over the table's */
				rc = emit(cb, u, m.start, pe, m.neg, pv, "", pcur[0] ? pcur : gcur, punit,
				          "inline", m.cmp, NULL);
				if (rc)
					return rc;
				i = pe;
				continue;
			} else if (have_table && m.a.arabic && !m.a.units_in_number &&
			    bare(t, n, m.a.start - (m.neg ? 1 : 0), m.a.end, 1)) {
				char v[TRAWL__DEC_MAX];
				memcpy(v, m.a.value, sizeof v);
				if (!trawl__dec_mul_pow10(v, tk)) {
					rc = emit(cb, u, m.start, m.a.end, m.neg, v, "", tcur, tunit, "table",
					          m.cmp, NULL);
					if (rc)
						return rc;
					i = m.a.end;
					continue;
				}
			} else if (paren_unit_before(t, m.start, &pu)) {
				int k;
				char cur[4], uw[16], v[TRAWL__DEC_MAX];
				memcpy(v, m.a.value, sizeof v);
				if (unit_word(pu.unit, strlen(pu.unit), &k, cur, uw) &&
				    !trawl__dec_mul_pow10(v, k)) {
					rc = emit(cb, u, m.start, m.a.end, m.neg, v, "", pu.cur[0] ? pu.cur : gcur, pu.unit,
					          "inline", m.cmp, NULL);
					if (rc)
						return rc;
					i = m.a.end;
					continue;
				}
			} else if (label_before(t, m.start) && !list_item_at(t, n, m.a.start, m.a.end)) {
				/* its unit is not stated: the user's, else unknown */
				int uk;
				char ucur[4], uunit[16], v[TRAWL__DEC_MAX];
				memcpy(v, m.a.value, sizeof v);
				if (c && c->user_unit && c->user_unit[0] &&
				    unit_word(c->user_unit, strlen(c->user_unit), &uk, ucur, uunit) &&
				    !trawl__dec_mul_pow10(v, uk))
					rc = emit(cb, u, m.start, m.a.end, m.neg, v, "", ucur[0] ? ucur : gcur,
					          uunit, "user", m.cmp, NULL);
				else
					rc = emit(cb, u, m.start, m.a.end, m.neg, m.a.value, "", "", "",
					          "unknown", m.cmp, NULL);
				if (rc)
					return rc;
				i = m.a.end;
				continue;
			}
		}
		i += u8len_at(t, n, i);
	}
	return 0;
}
