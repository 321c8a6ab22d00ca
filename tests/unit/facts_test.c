/* Unit tests for the fact extractors: numbers, money, dates, quantities. */
#include <stdlib.h>
#include "test.h"
#include "facts/fact.h"
#include "facts/kwset.h"

int test_failed;

#define MAXF 16

typedef struct {
	trawl__fact f[MAXF];
	int n;
	const char *text;
} got;

static int collect(void *u, const trawl__fact *f)
{
	got *g = u;
	if (g->n < MAXF)
		g->f[g->n++] = *f;
	return 0;
}

static int stop_after_one(void *u, const trawl__fact *f)
{
	(void)f;
	(*(int *)u)++;
	return 7;
}

static got money_in(const char *t, const char *table_unit, const char *table_cur)
{
	got g;
	trawl__fctx c = { .table_unit = table_unit, .table_currency = table_cur };
	g.n = 0;
	g.text = t;
	trawl__extract_money(t, strlen(t), &c, collect, &g);
	return g;
}

static got dates_in(const char *t, int roc)
{
	got g;
	trawl__fctx c = { .roc_years = roc };
	g.n = 0;
	g.text = t;
	trawl__extract_dates(t, strlen(t), &c, collect, &g);
	return g;
}

/* dates in a document whose year is doc_year (0: not known, -1: later) */
static got dates_year(const char *t, int doc_year)
{
	got g;
	trawl__fctx c = { .doc_year = doc_year };
	g.n = 0;
	g.text = t;
	trawl__extract_dates(t, strlen(t), &c, collect, &g);
	return g;
}

static got qty_in(const char *t)
{
	got g;
	g.n = 0;
	g.text = t;
	trawl__extract_quantities(t, strlen(t), NULL, collect, &g);
	return g;
}

/* the cited source text of fact k */
static const char *cited(const got *g, int k)
{
	static char buf[256];
	size_t l = g->f[k].end - g->f[k].start;
	if (l >= sizeof buf)
		l = sizeof buf - 1;
	memcpy(buf, g->text + g->f[k].start, l);
	buf[l] = '\0';
	return buf;
}

static const char *num(const char *s)
{
	static char out[TRAWL__DEC_MAX];
	size_t n = strlen(s);
	if (trawl__parse_number(s, n, out) != n)
		return "(partial)";
	return out;
}

/* ---- numbers ---------------------------------------------------------- */

TEST(number_arabic)
{
	CHECK_STR(num("1,234.56"), "1234.56");
	CHECK_STR(num("82,225.00"), "82225");
	CHECK_STR(num("007"), "7");
	CHECK_STR(num("0.05"), "0.05");
	CHECK_STR(num("233,333,333,434.344"), "233333333434.344");
	/* grouped by 万, with a fraction: an amount */
	CHECK_STR(num("250,0000.00"), "2500000");
	CHECK_STR(num("1,2345,6789.5"), "123456789.5");
	CHECK_STR(num("250,0000"), "(partial)");
	CHECK_STR(num("1,234,5678.00"), "(partial)");
	CHECK_STR(num("12345,6789.00"), "(partial)");
}

TEST(number_multipliers)
{
	char out[TRAWL__DEC_MAX];
	CHECK_STR(num("3541.07万"), "35410700");
	CHECK_STR(num("10.56亿"), "1056000000");
	CHECK_STR(num("1.5千万"), "15000000");
	CHECK_STR(num("2.5百万"), "2500000");
	CHECK_STR(num("1.2 million"), "1200000");
	CHECK_STR(num("3 billion"), "3000000000");
	CHECK_STR(num("1万600"), "10600");
	CHECK_STR(num("200亿零四千230"), "20000004230");
	CHECK_STR(num("两个亿"), "200000000");
	/* Arabic sections with thousands commas (Taiwan's amounts), and a
	 * fraction with its multiplier in the last section only */
	CHECK_STR(num("5億9,870萬2,100"), "598702100");
	CHECK_STR(num("1,234万5,678"), "12345678");
	CHECK_STR(num("5億2,100.50"), "500002100.5");
	CHECK_STR(num("5亿2.5万"), "500025000");
	CHECK_STR(num("五亿三点五万"), "500035000");
	CHECK_STR(num("三点五亿"), "350000000");
	CHECK_STR(num("1,000万"), "10000000");
	CHECK_INT(trawl__parse_number("1万2,3", strlen("1万2,3"), out), 0);
	CHECK_INT(trawl__parse_number("1万2,3456", strlen("1万2,3456"), out), 0);
	/* a section is below the unit before it */
	CHECK_INT(trawl__parse_number("1万12,345", strlen("1万12,345"), out), 0);
	CHECK_INT(trawl__parse_number("1万60000", strlen("1万60000"), out), 0);
	CHECK_INT(trawl__parse_number("五万三点五亿", strlen("五万三点五亿"), out), 0);
}

TEST(number_chinese)
{
	CHECK_STR(num("一千二百万"), "12000000");
	CHECK_STR(num("两"), "2");
	CHECK_STR(num("十二"), "12");
	CHECK_STR(num("一百零五"), "105");
	CHECK_STR(num("三点五"), "3.5");
	CHECK_STR(num("二〇二四"), "2024");
	CHECK_STR(num("二○二四"), "2024");
	CHECK_STR(num("零"), "0");
	CHECK_STR(num("三万五"), "35000");
	CHECK_STR(num("一万零一百一十一"), "10111");
	CHECK_STR(num("廿二"), "22");
}

TEST(number_capitals)
{
	CHECK_STR(num("壹仟玖佰"), "1900");
	CHECK_STR(num("贰仟陆佰伍拾万"), "26500000");
	CHECK_STR(num("肆佰叁拾萬"), "4300000");
	CHECK_STR(num("壹拾万零叁仟肆佰伍拾叁"), "103453");
}

TEST(number_zhao_and_mixed)
{
	/* 兆 is 10^12 (Taiwan's budgets: 四十九兆九千五百九十二億元) */
	CHECK_STR(num("四十九兆九千五百九十二億"), "49959200000000");
	CHECK_STR(num("1兆2000亿"), "1200000000000");
	CHECK_STR(num("3.5兆"), "3500000000000");
	CHECK_STR(num("1.2万亿"), "1200000000000");
	CHECK_STR(num("3千万"), "30000000");
	CHECK_STR(num("12亿3456万"), "1234560000");
	CHECK_STR(num("两千零四"), "2004");
	/* 兆 after 亿 or twice is no number */
	CHECK_STR(num("一亿兆"), "(partial)");
	CHECK_STR(num("一兆二兆"), "(partial)");
}

TEST(number_rejects_malformed)
{
	char out[TRAWL__DEC_MAX];
	CHECK_INT(trawl__parse_number("1,23,4", 6, out), 0);
	CHECK_INT(trawl__parse_number("1..2", 4, out), 0);
	CHECK_INT(trawl__parse_number("1234,567", 8, out), 0);
	CHECK_INT(trawl__parse_number("2024.3.15", 9, out), 0);
	CHECK_INT(trawl__parse_number("10.1万零100", strlen("10.1万零100"), out), 0);
	CHECK_INT(trawl__parse_number("十一十二", strlen("十一十二"), out), 0);
	CHECK_INT(trawl__parse_number("百十一", strlen("百十一"), out), 0);
	CHECK_INT(trawl__parse_number("点一", strlen("点一"), out), 0);
	CHECK_INT(trawl__parse_number("万元", strlen("万元"), out), 0);
	CHECK_INT(trawl__parse_number("元整", strlen("元整"), out), 0);
	CHECK_INT(trawl__parse_number("八九亿", strlen("八九亿"), out), 0);
	CHECK_INT(trawl__parse_number("", 0, out), 0);
	/* a prefix stops at a non-numeral */
	CHECK_INT(trawl__parse_number("100, and", 8, out), 3);
	CHECK_INT(trawl__parse_number("三点开会", strlen("三点开会"), out), 3);
}

TEST(dec_arithmetic)
{
	char v[TRAWL__DEC_MAX] = "3541.07";
	CHECK_INT(trawl__dec_mul_pow10(v, 4), 0);
	CHECK_STR(v, "35410700");
	CHECK_INT(trawl__dec_mul_pow10(v, -9), 0);
	CHECK_STR(v, "0.0354107");
	memcpy(v, "120", 4);
	CHECK_INT(trawl__dec_mul_pow10(v, -1), 0);
	CHECK_STR(v, "12");
	CHECK_INT(trawl__dec_cmp("10", "9.99"), 1);
	CHECK_INT(trawl__dec_cmp("5.60", "5.6"), 0);
	CHECK_INT(trawl__dec_cmp("0.05", "0.5"), -1);
	CHECK_INT(trawl__dec_cmp("007", "7"), 0);
}

/* ---- money ------------------------------------------------------------- */

TEST(money_inline_units)
{
	got g = money_in("预算2230万元,结余10.56亿元,另26,500,000.00元", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "22300000");
	CHECK_STR(g.f[0].unit, "万元");
	CHECK_STR(g.f[0].currency, "CNY");
	CHECK_STR(g.f[0].unit_source, "inline");
	CHECK_STR(cited(&g, 0), "2230万元");
	CHECK_STR(g.f[1].value, "1056000000");
	CHECK_STR(g.f[1].unit, "亿元");
	CHECK_STR(g.f[2].value, "26500000");
}

TEST(money_capitals_and_symbols)
{
	got g = money_in("中标金额:人民币贰仟陆佰伍拾万元整(¥26,500,000.00)", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(cited(&g, 0), "人民币贰仟陆佰伍拾万元整");
	CHECK_STR(g.f[0].value, "26500000");
	CHECK_STR(cited(&g, 1), "¥26,500,000.00");
	CHECK_STR(g.f[1].value, "26500000");
	CHECK_STR(g.f[1].currency, "CNY");
	g = money_in("税额共计壹仟玖佰圆整,限期缴清", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(cited(&g, 0), "壹仟玖佰圆整");
	CHECK_STR(g.f[0].value, "1900");
}

TEST(money_jiao_fen)
{
	got g = money_in("壹佰元伍角", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "100.5");
	g = money_in("123元1角1分", NULL, NULL);
	CHECK_STR(g.f[0].value, "123.11");
	g = money_in("一百三十五块六角七分钱", NULL, NULL);
	CHECK_STR(g.f[0].value, "135.67");
	CHECK_STR(cited(&g, 0), "一百三十五块六角七分钱");
	g = money_in("两毛五", NULL, NULL);
	CHECK_STR(g.f[0].value, "0.25");
	g = money_in("五分钱", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "0.05");
	/* 零 before a 角 or 分 of its own (壹佰元零伍分 was 100, 十块零五毛
	 * 10.05 with 毛 left over); 三块零四 is still 3.04 */
	g = money_in("壹佰元零伍分;十元零五角;十块零五毛;三块零四;十元零五;十元零五分钟;"
	             "一百元零二分之一", NULL, NULL);
	CHECK_INT(g.n, 7);
	CHECK_STR(g.f[0].value, "100.05");
	CHECK_STR(cited(&g, 0), "壹佰元零伍分");
	CHECK_STR(g.f[1].value, "10.5");
	CHECK_STR(g.f[2].value, "10.5");
	CHECK_STR(cited(&g, 2), "十块零五毛");
	CHECK_STR(g.f[3].value, "3.04");
	CHECK_STR(g.f[4].value, "10");
	/* (分钟, 分之一: not fen) */
	CHECK_STR(g.f[5].value, "10");
	CHECK_STR(g.f[6].value, "100");
}

TEST(money_currencies)
{
	got g = money_in("45564.44美元 25481港元 新臺幣1,000元 €20 NT$ 3,000 3万欧元 9佰日元",
	                 NULL, NULL);
	CHECK_INT(g.n, 7);
	CHECK_STR(g.f[0].currency, "USD");
	CHECK_STR(g.f[1].currency, "HKD");
	CHECK_STR(g.f[2].currency, "TWD");
	CHECK_STR(g.f[3].currency, "EUR");
	CHECK_STR(g.f[4].currency, "TWD");
	CHECK_STR(g.f[4].value, "3000");
	CHECK_STR(g.f[5].value, "30000");
	CHECK_STR(g.f[5].currency, "EUR");
	CHECK_STR(g.f[6].currency, "JPY");
	CHECK_STR(g.f[6].value, "900");
	/* 美圆 is 美元; 兆 is 10^12 */
	g = money_in("合同金额1.5万美圆,總預算四十九兆九千五百九十二億元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].currency, "USD");
	CHECK_STR(g.f[0].value, "15000");
	CHECK_STR(g.f[0].unit, "万美圆");
	CHECK_STR(g.f[1].value, "49959200000000");
	CHECK_STR(cited(&g, 1), "四十九兆九千五百九十二億元");
	/* a code after the figure is its currency, whatever sign is before
	 * it; ISO codes beyond the common ones; £330m and $1.2bn after a sign
	 * only (330m alone is a length) */
	g = money_in("Monto: $1,234,567.89 MXN; KES 14,000,000,000; £330m; $1.2bn; 330m long",
	             NULL, NULL);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].currency, "MXN");
	CHECK_STR(g.f[0].value, "1234567.89");
	CHECK_STR(g.f[1].currency, "KES");
	CHECK_STR(g.f[1].value, "14000000000");
	CHECK_STR(g.f[2].currency, "GBP");
	CHECK_STR(g.f[2].value, "330000000");
	CHECK_STR(g.f[3].currency, "USD");
	CHECK_STR(g.f[3].value, "1200000000");
	/* the other dollars and pesos written with $ are never US dollars:
	 * A$ C$ S$ NZ$ R$ MX$ and codes before $ (HKD$500); a $ after
	 * letters not known (TT$) is no currency, so no money */
	g = money_in("A$ 70; C$80; S$ 90; NZ$ 1; R$ 100; MX$ 110; Mex$ 120; AU$140; MOP$150; "
	             "HKD$500; USD$100; AUD$9; TT$ 130; J$5", NULL, NULL);
	CHECK_INT(g.n, 12);
	{
		static const char *const want[] = { "AUD", "CAD", "SGD", "NZD", "BRL", "MXN", "MXN",
		                                    "AUD", "MOP", "HKD", "USD", "AUD" };
		for (int k = 0; k < 12 && k < g.n; k++)
			CHECK_STR(g.f[k].currency, want[k]);
	}
	CHECK_STR(g.f[0].value, "70");
	CHECK_STR(cited(&g, 9), "HKD$500");
	/* a bare $ in Chinese text, or with 元 after its figure, is Taiwan's,
	 * Hong Kong's or the US dollar: the document's own dollar where it is
	 * one (TWD, HKD), else no currency known; in English text the US
	 * dollar; a currency's name before the sign names it */
	g = money_in("合同金额：$50,000。决标金额：$1,250,000元。", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].currency, "");
	CHECK_STR(g.f[0].value, "50000");
	CHECK_STR(g.f[1].currency, "");
	g = money_in("決標金額：$1,250,000元。預算：$900,000", NULL, "TWD");
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].currency, "TWD");
	CHECK_STR(g.f[1].currency, "TWD");
	g = money_in("底價:新臺幣$1,300,000元; 合同金额:US$ 500; 人民币$200", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].currency, "TWD");
	CHECK_STR(cited(&g, 0), "新臺幣$1,300,000元");
	CHECK_STR(g.f[1].currency, "USD");
	CHECK_STR(g.f[2].currency, "CNY");
	/* a figure that names its dollar keeps it (found in review) */
	g = money_in("中标金额：$1,000,000 USD。决标金额：$2,000美元。报价$100-200美元", NULL, "TWD");
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].currency, "USD");
	CHECK_STR(g.f[1].currency, "USD");
	CHECK_STR(g.f[2].currency, "USD");
	g = money_in("The contract value is $1,200,000.", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].currency, "USD");
	/* a code is its own word after the figure, and never the next
	 * figure's; codes that are words of specifications are no currency;
	 * a rate is no money; a code overrides only a bare $ or ¥ */
	g = money_in("USD 1,000 MXN 1,350; PHP 8.1; CAD 2020; AED 3; SAR 1m; "
	             "RUB 8%; ¥5,000 JPY; RMB100万", NULL, NULL);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].currency, "USD");
	CHECK_STR(g.f[0].value, "1000");
	CHECK_STR(cited(&g, 0), "USD 1,000");
	CHECK_STR(g.f[1].currency, "MXN");
	CHECK_STR(g.f[1].value, "1350");
	CHECK_STR(g.f[2].currency, "JPY");
	CHECK_STR(g.f[3].currency, "CNY");
	CHECK_STR(g.f[3].value, "1000000");
	/* a code before Chinese punctuation or words is still the figure's */
	g = money_in("报价为¥1,200 JPY。价格$1,234.00 MXN。合同金额为5,000 USD。20,000 EUR以内，"
	             "设备款4,500 GBP、3,000 USD 2台", NULL, NULL);
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[0].currency, "JPY");
	CHECK_STR(g.f[1].currency, "MXN");
	CHECK_STR(g.f[2].currency, "USD");
	CHECK_STR(g.f[3].currency, "EUR");
	CHECK_STR(g.f[4].currency, "GBP");
	CHECK_STR(g.f[5].currency, "USD");
	CHECK_STR(g.f[5].value, "3000");
	/* currencies by their Chinese names, after the figure (before one
	 * they are as often people's names: 王福林13800000000), with 万 and 亿;
	 * a name several countries' currencies share (比索, 卢比, 克朗, 第纳尔,
	 * 法郎) is read only with its country (text as readers
	 * give it, NFKC: ; not ；) */
	g = money_in("一百万越南盾;两亿印尼盾;1000加拿大元;300澳大利亚元;5000墨西哥比索;"
	             "3万瑞典克朗;20科威特第纳尔;1000哈萨克斯坦坚戈;200马币;500埃及镑;"
	             "3.5亿印度卢比;200巴西雷亚尔;200卢比;5000比索;300克朗;50法郎;"
	             "联系人:王福林13800000000;刘福林 1975.03", NULL, NULL);
	CHECK_INT(g.n, 12);
	CHECK_STR(g.f[0].currency, "VND");
	CHECK_STR(g.f[0].value, "1000000");
	CHECK_STR(g.f[1].currency, "IDR");
	CHECK_STR(g.f[1].value, "200000000");
	CHECK_STR(g.f[2].currency, "CAD");
	CHECK_STR(g.f[3].currency, "AUD");
	CHECK_STR(g.f[3].unit, "澳元");
	CHECK_STR(g.f[4].currency, "MXN");
	CHECK_STR(g.f[5].currency, "SEK");
	CHECK_STR(g.f[5].value, "30000");
	CHECK_STR(g.f[5].unit, "万瑞典克朗");
	CHECK_STR(g.f[6].currency, "KWD");
	CHECK_STR(g.f[7].currency, "KZT");
	CHECK_STR(cited(&g, 7), "1000哈萨克斯坦坚戈");
	CHECK_STR(g.f[8].currency, "MYR");
	CHECK_STR(g.f[9].currency, "EGP");
	CHECK_STR(g.f[10].currency, "INR");
	CHECK_STR(g.f[10].value, "350000000");
	CHECK_STR(g.f[11].currency, "BRL");
	CHECK_STR(g.f[11].value, "200");
}

TEST(money_ranges)
{
	got g = money_in("100-200万元;100至200万元;5.6到5.78元;两到三万港元", NULL, NULL);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "1000000");
	CHECK_STR(g.f[0].value_hi, "2000000");
	CHECK_STR(cited(&g, 0), "100-200万元");
	CHECK_STR(g.f[1].value_hi, "2000000");
	CHECK_STR(g.f[2].value, "5.6");
	CHECK_STR(g.f[2].value_hi, "5.78");
	CHECK_STR(g.f[3].value, "20000");
	CHECK_STR(g.f[3].currency, "HKD");
	/* the upper end's multiplier is not applied when that would pass it */
	g = money_in("从8500到3万港元", NULL, NULL);
	CHECK_STR(g.f[0].value, "8500");
	CHECK_STR(g.f[0].value_hi, "30000");
}

TEST(money_comparators)
{
	got g = money_in("50万元(含)以上;不超过10万元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].comparator, ">=");
	CHECK_STR(cited(&g, 0), "50万元(含)以上");
	CHECK_STR(g.f[1].comparator, "<=");
	CHECK_STR(g.f[1].value, "100000");
	/* more than: the multiplier may follow 余/多 */
	g = money_in("合同金额800余万元,另有3000多万元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "8000000");
	CHECK_STR(g.f[0].comparator, ">");
	CHECK_STR(g.f[0].unit, "万元");
	CHECK_STR(cited(&g, 0), "800余万元");
	CHECK_STR(g.f[1].value, "30000000");
	/* ... after Chinese numerals too (五十多万元 was no money), and 几
	 * after a numeral with 十, 百 or 千 (二十几万元); not after a figure
	 * with 万 of its own (三万多元 is 30000 and more) */
	g = money_in("五十多万元,二十几万元,一百多万美元,三千多万元,三万多元,十几个人", NULL, NULL);
	CHECK_INT(g.n, 5);
	CHECK_STR(g.f[0].value, "500000");
	CHECK_STR(g.f[0].comparator, ">");
	CHECK_STR(cited(&g, 0), "五十多万元");
	CHECK_STR(g.f[1].value, "200000");
	CHECK_STR(g.f[1].comparator, ">");
	CHECK_STR(g.f[2].value, "1000000");
	CHECK_STR(g.f[2].currency, "USD");
	CHECK_STR(g.f[3].value, "30000000");
	CHECK_STR(g.f[4].value, "30000");
	CHECK_STR(g.f[4].comparator, ">");
}

TEST(money_table_unit)
{
	got g = money_in("223.00", "万元", NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "2230000");
	CHECK_STR(g.f[0].unit, "万元");
	CHECK_STR(g.f[0].unit_source, "table");
	CHECK_STR(g.f[0].currency, "CNY");
	g = money_in("1,234", "千元", "TWD");
	CHECK_STR(g.f[0].value, "1234000");
	CHECK_STR(g.f[0].currency, "TWD");
	/* an inline unit wins over the table's */
	g = money_in("5元", "万元", NULL);
	CHECK_STR(g.f[0].value, "5");
	CHECK_STR(g.f[0].unit_source, "inline");
	/* not a bare amount */
	g = money_in("序号1 12% 2024年", "万元", NULL);
	CHECK_INT(g.n, 0);
}

TEST(money_label_unknown_unit)
{
	got g = money_in("中标金额:2650000", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "2650000");
	CHECK_STR(g.f[0].unit, "");
	CHECK_STR(g.f[0].currency, "");
	CHECK_STR(g.f[0].unit_source, "unknown");
	g = money_in("金额(万元): 2230.5", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "22305000");
	CHECK_STR(g.f[0].unit, "万元");
	/* the unit in parentheses after the number (the national notice form) */
	g = money_in("中标(成交)金额:2650.0000000(万元)", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "26500000");
	CHECK_STR(g.f[0].unit, "万元");
	CHECK_STR(g.f[0].currency, "CNY");
	CHECK_STR(g.f[0].unit_source, "inline");
	CHECK_STR(cited(&g, 0), "2650.0000000(万元)");
	g = money_in("报价:1,286,400.00(元) 数量100(元/件) 3(万)", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "1286400");
	CHECK_STR(g.f[0].unit_source, "inline");
}

TEST(money_negatives)
{
	got g = money_in("基站总数是10000,其中有9000台是华为建的", NULL, NULL);
	CHECK_INT(g.n, 0);
	g = money_in("技术分10分,价格分30分,5分", NULL, NULL);
	CHECK_INT(g.n, 0);
	g = money_in("三百万 2024年 12.3% 一元二次方程 三角形 我们一块去", NULL, NULL);
	CHECK_INT(g.n, 0);
	g = money_in("处三年以上十年以下有期徒刑;几十万块", NULL, NULL);
	CHECK_INT(g.n, 0);
	g = money_in("1,23,4元", NULL, NULL);
	CHECK_INT(g.n, 0);
}

/* What probes of unseen sentences found: minus as 负, 零 after an Arabic
 * section, the other names of currencies, and words that are no money
 * (元旦 after a date's day, 二元结构, 十元路). */
/* 分别为50、30、20万元: each number listed after 分别为 (依次为, 各为,
 * 分别安排 …) takes the amount's unit, quoted up to it; a list with no such
 * word (第1、2、3包共20万元) is not one. */
/* A full-width comma between digits is kept by normalization (main.c's
 * nfkc_keeps_fullwidth_comma_between_digits). After 分别 (依次 …) it
 * separates a list's items when they are of a size; otherwise, as NFKC's
 * comma did, it groups digits. Before, 100，200，300万元 was one amount
 * of 1,002,003,000,000 yuan and 50，30，20万元 none at all. */
TEST(money_list_fullwidth_commas)
{
	got g = money_in("三个项目分别安排资金100，200，300万元。", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "1000000");
	CHECK_STR(g.f[1].value, "2000000");
	CHECK_STR(g.f[2].value, "3000000");
	CHECK_STR(cited(&g, 0), "100，200，300万元");
	g = money_in("两个区分别安排资金50，30，20万元。", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "500000");
	CHECK_STR(g.f[2].value, "200000");
	g = money_in("第1，2标段预算分别为30，20万元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "300000");
	CHECK_STR(g.f[1].value, "200000");
	/* grouped: items not of a size, a group with a leading 0, decimals
	 * on the last only, or no list word */
	g = money_in("单价分别为1，200元和2，050元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "1200");
	CHECK_STR(g.f[1].value, "2050");
	g = money_in("分别为82，225.00元", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "82225");
	g = money_in("合同金额：1，234，567元", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "1234567");
	g = qty_in("数量：3，500台");
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "3500");
}

/* A currency before a list's first item is the list's (人民币50、30、20万元
 * was 50 yuan, then 300,000 and 200,000 with no 500,000); 分别 may stand up
 * to eleven characters before the list, numerals between
 * (分别向三个县拨付资金100、80、60万元 was 100 with no unit). */
TEST(money_list_currency_and_far_lead)
{
	got g = money_in("政府采购预算金额：人民币50、30、20万元（第1、2、3包）。", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "500000");
	CHECK_STR(g.f[0].currency, "CNY");
	CHECK_STR(cited(&g, 0), "50、30、20万元");
	CHECK_STR(g.f[1].value, "300000");
	CHECK_STR(g.f[2].value, "200000");
	g = money_in("两项补助分别为¥50、30万元。", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "500000");
	CHECK_STR(g.f[1].value, "300000");
	/* each its own: a unit after the first */
	g = money_in("人民币50元、30万元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "50");
	CHECK_STR(g.f[1].value, "300000");
	g = money_in("分别向三个县拨付资金100、80、60万元。", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "1000000");
	CHECK_STR(g.f[1].value, "800000");
	g = money_in("分别下达中央和省级资金500、300万元。", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "5000000");
	/* past a year or a list of years (was 50 with no unit) */
	g = money_in("分别下拨2022、2023年度补助资金50、60万元。", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "500000");
	CHECK_STR(g.f[1].value, "600000");
	/* a first item with the amount's unit (80 was lost) */
	g = money_in("三县资金分别为100万元、80、60万元。", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "1000000");
	CHECK_STR(g.f[1].value, "800000");
	CHECK_STR(cited(&g, 1), "80、60万元");
	CHECK_STR(g.f[2].value, "600000");
	g = money_in("支付50元、3、60万元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "50");
	CHECK_STR(g.f[1].value, "600000");
	/* not past a clause's end */
	g = money_in("分别说明，各类项目50、30万元", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "300000");
	/* 分别 anywhere before in the clause; a money word right before */
	g = money_in("省财政厅分别下达甲县、乙县、丙县农田水利补助资金120、85、60万元。", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "1200000");
	CHECK_STR(g.f[1].value, "850000");
	g = money_in("按比例补助，金额为35、70万元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "350000");
	/* a foreign currency before the first item is every item's */
	g = money_in("两个境外项目分别支付美元120、80万元。", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "1200000");
	CHECK_STR(g.f[0].currency, "USD");
	CHECK_STR(g.f[1].currency, "USD");
	/* full-width commas of a number: no list word, items not of a size */
	g = money_in("中标价：人民币96，800元；人均可支配收入45，123元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "96800");
	CHECK_STR(g.f[1].value, "45123");
	/* a money word, or 分别 far before or with 以 between, is no list's
	 * lead for full-width commas */
	g = money_in("中标金额：125，300元；项目总投资125，300万元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "125300");
	CHECK_STR(g.f[1].value, "1253000000");
	g = money_in("两个标段分别由甲公司以356，800元和乙公司以298，500元中标", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "356800");
	CHECK_STR(g.f[1].value, "298500");
	/* three items or more: 分别 anywhere before in the clause */
	g = money_in("分别向城关镇、河口镇、石门乡安排200，150，120万元", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "2000000");
	CHECK_STR(g.f[2].value, "1200000");
	/* a grouped amount ends a list; a bound before a currency */
	g = money_in("三个县分别为950、1，200万元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "9500000");
	CHECK_STR(g.f[1].value, "12000000");
	g = money_in("分别不超过人民币50、30万元", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "300000");
	g = money_in("三个项目分别为1，200、950、780万元", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "12000000");
	CHECK_STR(cited(&g, 0), "1，200、950、780万元");
	CHECK_STR(g.f[1].value, "9500000");
	CHECK_STR(g.f[2].value, "7800000");
}

/* A list before a quantity takes its unit as a list before money does
 * (only the last was read: 0.5 百分点, 2 台). */
TEST(quantity_list_shares_unit)
{
	got g = qty_in("占比指标分别提高1.2、0.8和0.5个百分点。");
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "1.2");
	CHECK_STR(g.f[0].unit, "百分点");
	CHECK_STR(cited(&g, 0), "1.2、0.8和0.5个百分点");
	CHECK_STR(g.f[1].value, "0.8");
	CHECK_STR(g.f[2].value, "0.5");
	g = qty_in("各单位分别采购3、5和2台。");
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "3");
	CHECK_STR(g.f[0].unit, "台");
	CHECK_STR(g.f[1].value, "5");
	/* a bound's, numbered clauses, no list word: the last only */
	g = qty_in("分别不超过3、5台");
	CHECK_INT(g.n, 1);
	g = qty_in("城镇新增就业分别为1.2、1.5万人；产量分别为56.3、58.1万吨");
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "12000");
	CHECK_STR(g.f[1].value, "15000");
	CHECK_STR(g.f[2].value, "563000");
	CHECK_STR(g.f[3].value, "581000");
	g = qty_in("分别是1、30人；2、20人");
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "30");
	g = qty_in("分别采购100，200，300台；分别增加950、1，200人");
	CHECK_INT(g.n, 5);
	CHECK_STR(g.f[0].value, "100");
	CHECK_STR(g.f[2].value, "300");
	CHECK_STR(g.f[3].value, "950");
	CHECK_STR(g.f[4].value, "1200");
	g = qty_in("选手分别获得第1、2名");
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "2");
	g = qty_in("第1、2、3标段共20台");
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "20");
}

TEST(money_list_shares_unit)
{
	got g = money_in("三个项目预算金额分别为50、30、20万元。", NULL, NULL);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "500000");
	CHECK_STR(cited(&g, 0), "50、30、20万元");
	CHECK_STR(g.f[1].value, "300000");
	CHECK_STR(g.f[2].value, "200000");
	g = money_in("分别安排1.5、2和3亿元；依次为五十、三十、二十万元；"
	             "A包、B包分别为12,000.00、8,000.00元；单价分别为100、200元/台", NULL, NULL);
	CHECK_INT(g.n, 10);
	CHECK_STR(g.f[0].value, "150000000");
	CHECK_STR(g.f[1].value, "200000000");
	CHECK_STR(g.f[2].value, "300000000");
	CHECK_STR(g.f[3].value, "500000");
	CHECK_STR(g.f[5].value, "200000");
	CHECK_STR(g.f[6].value, "12000");
	CHECK_STR(g.f[7].value, "8000");
	CHECK_STR(g.f[8].value, "100");
	CHECK_STR(g.f[8].unit, "元/台");
	g = money_in("第1、2、3包共20万元，各类项目50、30万元，分别为2024、2025年", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "200000");
	CHECK_STR(g.f[1].value, "300000");
	/* the multiplier exactly (千万元, 百万元), items with their own (50万、
	 * 30万、20万元), a signed item, a bound before the list or numbered
	 * clauses (1、30万元；2、20万元) make no items; a label between
	 * 分别 and the list gives no figure of no unit besides */
	g = money_in("分别为5、3和2千万元，利润分别为12.5、13.8百万元，分别为50万、30万、20万元", NULL,
	             NULL);
	CHECK_INT(g.n, 8);
	CHECK_STR(g.f[0].value, "50000000");
	CHECK_STR(g.f[1].value, "30000000");
	CHECK_STR(g.f[3].value, "12500000");
	CHECK_STR(g.f[5].value, "500000");
	CHECK_STR(g.f[6].value, "300000");
	g = money_in("利润分别为负5、10万元。最高限价分别不超过50、30万元。"
	             "两个包的采购预算分别是1、30万元；2、20万元。", NULL, NULL);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "100000");
	CHECK_STR(g.f[1].value, "300000");
	CHECK_STR(g.f[2].value, "300000");
	CHECK_STR(g.f[3].value, "200000");
	g = money_in("2、两个包的预算分别为2、3万元；3、投标截止", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "20000");
	g = money_in("A、B两个包分别最高限价为50、30万元。依次安排资金800、600、400万元。", NULL, NULL);
	CHECK_INT(g.n, 5);
	CHECK_STR(g.f[0].value, "500000");
	CHECK_STR(g.f[0].unit, "万元");
	CHECK_STR(g.f[2].value, "8000000");
	/* a package's number before a dash is no range's lower end; 每包,
	 * 外包 and 每批次 are no package's */
	g = money_in("耗材单价每包10-15元，服务外包50-80万元，每批次5-10万元，每标段10-15万元", NULL,
	             NULL);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value_hi, "15");
	CHECK_STR(g.f[1].value_hi, "800000");
	CHECK_STR(g.f[2].value_hi, "100000");
	CHECK_STR(g.f[3].value_hi, "150000");
	g = money_in("每个采购包1-2万元，小额采购包1-5万元不等。第1包-120万元，1包-120万元，"
	             "比2022年度-2.3万元", NULL, NULL);
	CHECK_INT(g.n, 5);
	CHECK_INT(g.f[4].negative, 1);
	CHECK_STR(g.f[0].value_hi, "20000");
	CHECK_STR(g.f[1].value_hi, "50000");
	CHECK_INT(g.f[2].negative, 0);
	CHECK_STR(g.f[2].value, "1200000");
	CHECK_INT(g.f[3].negative, 0);
	/* a period's figure keeps its sign; a spaced dash in its own column */
	g = money_in("一季度-3万元，3月-2000元，1-6月-150万元，三年-12万元，差额(万元) -300万元", NULL,
	             NULL);
	CHECK_INT(g.n, 5);
	for (int k = 0; k < (int)g.n; k++)
		CHECK_INT(g.f[k].negative, 1);
	g = money_in("采购包1-120万元，标段2-350万元，预算金额100-200万元，包1-2万元", NULL, NULL);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "1200000");
	CHECK_STR(g.f[0].value_hi, "");
	CHECK_STR(cited(&g, 0), "120万元");
	CHECK_STR(g.f[1].value, "3500000");
	CHECK_STR(g.f[2].value, "1000000");
	CHECK_STR(g.f[2].value_hi, "2000000");
	CHECK_STR(g.f[3].value, "20000");
	CHECK_INT(g.f[3].negative, 0);
}

/* Digits grouped by spaces (GB/T 15835) are one number where the groups
 * can't be numbers of their own: a group starting with 0, two groups or
 * more, a money label, a total's word or a currency before; a count and a
 * price side by side (数量 5 120.00元) stay apart. */
TEST(money_space_grouped_digits)
{
	got g = money_in("合同金额:12 345.50元；总价 1 234 567.89 元；投资1 000万元；¥1 234 567.89；"
	                 "不超过1 000万元；2024-01-15 100 000元", NULL, NULL);
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[0].value, "12345.5");
	CHECK_STR(cited(&g, 0), "12 345.50元");
	CHECK_STR(g.f[1].value, "1234567.89");
	CHECK_STR(g.f[2].value, "10000000");
	CHECK_STR(g.f[3].value, "1234567.89");
	CHECK_STR(g.f[3].currency, "CNY");
	CHECK_STR(g.f[4].value, "10000000");
	CHECK_STR(g.f[4].comparator, "<=");
	CHECK_STR(g.f[5].value, "100000");
	/* a flattened table's count and price, columns of years, a time, a
	 * currency's price before a count: apart */
	g = money_in("数量 5 120.00元；数量:5 120.00元；合计 3 450.00元；支出 850 920 980 万元；"
	             "营业时间:8:30-17:30 150元/次；单价¥22 500张", NULL, NULL);
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[0].value, "120");
	CHECK_STR(g.f[1].value, "120");
	CHECK_STR(g.f[2].value, "450");
	CHECK_STR(g.f[3].value, "9800000");
	CHECK_STR(g.f[4].value, "150");
	CHECK_STR(g.f[5].value, "22");
}

TEST(money_minus_zero_names_and_not_money)
{
	got g = money_in("本年盈余为负3万元。本年结余：負五千元。", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "30000");
	CHECK_INT(g.f[0].negative, 1);
	CHECK_STR(cited(&g, 0), "负3万元");
	CHECK_INT(g.f[1].negative, 1);
	CHECK_STR(g.f[1].value, "5000");
	g = money_in("正负3元 胜负2元 为企业减负1200亿元 个人自负2000元 担负5万元", NULL, NULL);
	CHECK_INT(g.n, 5);
	for (int k = 0; k < (int)g.n; k++)
		CHECK_INT(g.f[k].negative, 0);
	g = money_in("合同金额：1亿零500万元，3万零500元，2万零5百元，1千零50元", NULL, NULL);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "105000000");
	CHECK_STR(g.f[1].value, "30500");
	CHECK_STR(g.f[2].value, "20500");
	CHECK_STR(g.f[3].value, "1050");
	g = money_in("10万新元 2万瑞郎 一億韓圜 2万英磅 三萬澳門元 二萬紐西蘭幣 JP¥100,000", NULL,
	             NULL);
	CHECK_INT(g.n, 7);
	CHECK_STR(g.f[0].currency, "SGD");
	CHECK_STR(g.f[1].currency, "CHF");
	CHECK_STR(g.f[2].currency, "KRW");
	CHECK_STR(g.f[3].currency, "GBP");
	CHECK_STR(g.f[4].currency, "MOP");
	CHECK_STR(g.f[5].currency, "NZD");
	CHECK_STR(g.f[6].currency, "JPY");
	/* a sign before the currency's; a negation turns a comparator; digits
	 * one by one with 〇 take a multiplier and are no range */
	g = money_in("第1包-¥120万元, 服务器-¥120,000, 编号2024-¥300, 本年结余负3万元", NULL, NULL);
	CHECK_INT(g.n, 4);
	CHECK_INT(g.f[0].negative, 0);
	CHECK_INT(g.f[1].negative, 0);
	CHECK_INT(g.f[2].negative, 0);
	CHECK_INT(g.f[3].negative, 1);
	g = money_in("余额:-¥3,000.00, -US$500", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_INT(g.f[0].negative, 1);
	CHECK_STR(g.f[0].value, "3000");
	CHECK_INT(g.f[1].negative, 1);
	CHECK_STR(g.f[1].currency, "USD");
	g = money_in("投标报价不得高于80万元，注册资本不得低于100万元，费用未超过3万元，超过5万元", NULL,
	             NULL);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].comparator, "<=");
	CHECK_STR(cited(&g, 0), "不得高于80万元");
	CHECK_STR(g.f[1].comparator, ">=");
	CHECK_STR(g.f[2].comparator, "<=");
	CHECK_STR(g.f[3].comparator, ">");
	g = money_in("金额一二〇〇元，一〇〇万元，一二〇〇万元，一二万元", NULL, NULL);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "1200");
	CHECK_STR(g.f[0].value_hi, "");
	CHECK_STR(g.f[1].value, "1000000");
	CHECK_STR(g.f[2].value, "12000000");
	CHECK_STR(g.f[3].value_hi, "20000");
	g = money_in("2025年1月1日元旦放假。3月1日元宵节后。截至2024年12月1日元，数据有调整。"
	             "城乡二元结构，三元锂电池，三元合金，一元微积分，十元店，朝阳区十元路。", NULL, NULL);
	CHECK_INT(g.n, 0);
	/* still money: 100元店铺租金 is 100 yuan; 3日元 is yen, and so is a
	 * month's (每月5000日元); the words after 50亿元 or 二百元 are no term */
	g = money_in("租金100元，汇率为3日元", NULL, NULL);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[1].currency, "JPY");
	g = money_in("安排3000万元组织实施，下达2000亿元化债额度，投入1亿元素质教育，拨付200万元论证费",
	             NULL, NULL);
	CHECK_INT(g.n, 4);
	g = money_in("一元化 三元组 一元论 采购1200元件 2万元素级检测", NULL, NULL);
	CHECK_INT(g.n, 0);
	g = money_in("每月5000日元，每月14.4万日元，签约总投资50亿元锂电池项目，二百元路费，"
	             "三十万元路灯改造", NULL, NULL);
	CHECK_INT(g.n, 5);
	CHECK_STR(g.f[0].currency, "JPY");
	CHECK_STR(g.f[1].value, "144000");
	CHECK_STR(g.f[2].value, "5000000000");
}

TEST(find_table_unit)
{
	char unit[16], cur[4];
	CHECK(trawl__find_table_unit("单位:万元", strlen("单位:万元"), unit, cur));
	CHECK_STR(unit, "万元");
	/* a bare 元 names no currency: the document's (CNY, TWD in Taiwan) */
	CHECK_STR(cur, "");
	CHECK(trawl__find_table_unit("表一 收支总表 金额单位: 元", strlen("表一 收支总表 金额单位: 元"),
	                             unit, cur));
	CHECK_STR(unit, "元");
	CHECK(trawl__find_table_unit("(单位:万元)", strlen("(单位:万元)"), unit, cur));
	CHECK_STR(unit, "万元");
	CHECK(trawl__find_table_unit("單位:新臺幣千元", strlen("單位:新臺幣千元"), unit, cur));
	CHECK_STR(unit, "千元");
	CHECK_STR(cur, "TWD");
	CHECK(!trawl__find_table_unit("预算单位名称", strlen("预算单位名称"), unit, cur));
	CHECK(!trawl__find_table_unit("单位:人", strlen("单位:人"), unit, cur));
}

static int hdr_unit(const char *h, char unit[16], char cur[4], char per[16])
{
	return trawl__header_unit(h, strlen(h), unit, cur, per);
}

TEST(header_units)
{
	char unit[16], cur[4], per[16];
	/* the forms of price lists and budget tables (NFKC: （） is ()) */
	CHECK(hdr_unit("价(含仓储配送服务费)元/支", unit, cur, per));
	CHECK_STR(unit, "元");
	CHECK_STR(per, "支");
	CHECK(hdr_unit("中标价格 (元/小盒)", unit, cur, per));
	CHECK_STR(unit, "元");
	CHECK_STR(per, "小盒");
	CHECK(hdr_unit("单价(元)", unit, cur, per));
	CHECK_STR(unit, "元");
	CHECK_STR(per, "");
	CHECK_STR(cur, "");
	CHECK(hdr_unit("金额(万元)", unit, cur, per));
	CHECK_STR(unit, "万元");
	CHECK(hdr_unit("预算数/万元", unit, cur, per));
	CHECK_STR(unit, "万元");
	CHECK(hdr_unit("单价/元", unit, cur, per));
	CHECK_STR(unit, "元");
	CHECK(hdr_unit("金额(人民币元)", unit, cur, per));
	CHECK_STR(unit, "元");
	CHECK_STR(cur, "CNY");
	CHECK(hdr_unit("价格(元/盒)", unit, cur, per));
	CHECK_STR(per, "盒");
	CHECK(hdr_unit("Amount (USD)", unit, cur, per));
	CHECK_STR(unit, "USD");
	CHECK_STR(cur, "USD");
	CHECK(hdr_unit("中选价格(元/人·天)", unit, cur, per));
	CHECK_STR(per, "人·天");
	CHECK(hdr_unit("预算(单位:万元)", unit, cur, per));
	CHECK_STR(unit, "万元");
	CHECK(hdr_unit("报价(元,含税)", unit, cur, per));
	CHECK_STR(unit, "元");
	CHECK(hdr_unit("单价(美元)", unit, cur, per));
	CHECK_STR(cur, "USD");
	/* no money unit */
	CHECK(!hdr_unit("数量(支)", unit, cur, per));
	CHECK(!hdr_unit("比例(%)", unit, cur, per));
	CHECK(!hdr_unit("金额", unit, cur, per));
	CHECK(!hdr_unit("单元名称", unit, cur, per));
	CHECK(!hdr_unit("面积(平方米)", unit, cur, per));
}

TEST(money_per_item)
{
	got g = money_in("中标价为12.5元/支,服务费300元/人·天,总价4000元,租金5万元/年度预算", NULL, NULL);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].unit, "元/支");
	CHECK_STR(g.f[0].role, "price");
	CHECK_STR(cited(&g, 0), "12.5元/支");
	CHECK_STR(g.f[1].unit, "元/人·天");
	CHECK_STR(g.f[1].role, "price");
	CHECK_STR(g.f[2].unit, "元");
	CHECK_STR(g.f[2].role, "");
	/* 元/年度预算: no measure word after the slash */
	CHECK_STR(g.f[3].unit, "万元");
	CHECK_STR(g.f[3].role, "");
	g = money_in("单价5.6到5.78元/盒", NULL, NULL);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value_hi, "5.78");
	CHECK_STR(g.f[0].unit, "元/盒");
}

TEST(money_user_unit)
{
	got g;
	trawl__fctx c = { .user_unit = "千元", .table_currency = "TWD" };
	const char *t = "預算金額:1,250 決標金額為3,000元";
	g.n = 0;
	g.text = t;
	trawl__extract_money(t, strlen(t), &c, collect, &g);
	CHECK_INT(g.n, 2);
	/* a bare amount takes the stated unit; a stated one keeps its own */
	CHECK_STR(g.f[0].value, "1250000");
	CHECK_STR(g.f[0].unit, "千元");
	CHECK_STR(g.f[0].unit_source, "user");
	CHECK_STR(g.f[0].currency, "TWD");
	CHECK_STR(g.f[1].value, "3000");
	CHECK_STR(g.f[1].unit_source, "inline");
	CHECK_STR(g.f[1].currency, "TWD");
}

TEST(callback_stops_extraction)
{
	int calls = 0;
	const char *t = "1元 2元 3元";
	CHECK_INT(trawl__extract_money(t, strlen(t), NULL, stop_after_one, &calls), 7);
	CHECK_INT(calls, 1);
}

/* ---- dates -------------------------------------------------------------- */

TEST(dates_formats)
{
	got g = dates_in("2024年3月15日,2024-03-15,2024.3.15,2024/3/15,20240315", 0);
	int k;
	CHECK_INT(g.n, 5);
	for (k = 0; k < 5; k++) {
		CHECK_STR(g.f[k].value, "2024-03-15");
		CHECK_STR(g.f[k].precision, "day");
	}
	CHECK_STR(cited(&g, 0), "2024年3月15日");
}

TEST(dates_chinese_numerals)
{
	got g = dates_in("二〇二四年三月十五日 二○一八年七月四日 二零零八年八月", 0);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "2024-03-15");
	CHECK_STR(g.f[1].value, "2018-07-04");
	CHECK_STR(g.f[2].value, "2008-08");
	CHECK_STR(g.f[2].precision, "month");
}

TEST(dates_precision_and_roc)
{
	got g = dates_in("2024年度 2024年3月 民国113年 民國113年度", 0);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "2024");
	CHECK_STR(g.f[0].precision, "year");
	CHECK_STR(cited(&g, 0), "2024年度");
	CHECK_STR(g.f[1].value, "2024-03");
	CHECK_STR(g.f[2].value, "2024");
	CHECK_STR(g.f[3].value, "2024");
	g = dates_in("113年度", 0);
	CHECK_INT(g.n, 0);
	g = dates_in("113年度", 1);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "2024");
	/* numeric ROC dates, as Taiwan's notices write them, in a Taiwan
	 * document only; not a section's number (4.38.5.1, 38.5.1) */
	g = dates_in("決標日期:113/03/10 10:30;113.3.15;99/12/31;113/03/01-113/03/15;"
	             "4.113.5.1;38.5.1;113/02/30", 1);
	CHECK_INT(g.n, 5);
	CHECK_STR(g.f[0].value, "2024-03-10");
	CHECK_STR(cited(&g, 0), "113/03/10");
	CHECK_STR(g.f[1].value, "2024-03-15");
	CHECK_STR(g.f[2].value, "2010-12-31");
	CHECK_STR(g.f[3].value, "2024-03-01");
	CHECK_STR(g.f[4].value, "2024-03-15");
	g = dates_in("113/03/10", 0);
	CHECK_INT(g.n, 0);
}

/* what probe F (505 sentences) found; the text as normalized (NFKC:
 * fullwidth ；：（） become ASCII), with some fullwidth left in */
/* A list of months after a year: each month (2024年3、4月 was 2024 only;
 * 2024年1月、2月和3月 was January only). */
TEST(dates_month_lists)
{
	got g = dates_in("项目于2024年3、4月实施；2024年5月、6月和7月份支付；2024年9、11和12月", 0);
	CHECK_INT(g.n, 8);
	CHECK_STR(g.f[0].value, "2024-03");
	CHECK_STR(cited(&g, 0), "2024年3");
	CHECK_STR(g.f[1].value, "2024-04");
	CHECK_STR(cited(&g, 1), "4月");
	CHECK_STR(g.f[2].value, "2024-05");
	CHECK_STR(g.f[3].value, "2024-06");
	CHECK_STR(g.f[4].value, "2024-07");
	CHECK_STR(cited(&g, 4), "7月份");
	CHECK_STR(g.f[5].value, "2024-09");
	CHECK_STR(g.f[6].value, "2024-11");
	CHECK_STR(g.f[7].value, "2024-12");
	/* not months: days, a length, months out of order, a day after the
	 * last month */
	g = dates_in("2024年3、4月5日", 0);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "2024");
	g = dates_in("2024年3、4日；2024年3月、6个月内；2024年12、1月", 0);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "2024");
	CHECK_STR(g.f[1].value, "2024-03");
	CHECK_STR(g.f[2].value, "2024");
}

TEST(dates_not_numbers_and_more_forms)
{
	got g;
	/* eight digits: a date only where nothing makes them a number */
	g = dates_in("联系电话：0571-20240305;电话：20240305;金额：20240305元;人口20240305人;"
	             "电话021-20240305转8001", 0);
	CHECK_INT(g.n, 0);
	g = dates_in("日期：20240305;20240306起;20240307至20240310", 0);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "2024-03-05");
	CHECK_STR(g.f[1].value, "2024-03-06");
	CHECK_STR(g.f[3].value, "2024-03-10");
	/* a measure's figure is no year and month */
	g = dates_in("金额（万元）：2024.10;单价(元)：2024.05;数量：2024.12;面积（平方米）：2024.03", 0);
	CHECK_INT(g.n, 0);
	g = dates_in("日期：2024.10;截至2024-11", 0);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "2024-10");
	/* a month of one digit, only beginning a range written alike */
	g = dates_in("实施周期：2024.1-2024.12;期间：2024-3至2024-12;统计期：2024-3;2024.1万元", 0);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "2024-01");
	CHECK_STR(g.f[1].value, "2024-12");
	CHECK_STR(g.f[2].value, "2024-03");
	/* an end that leaves out the year, in the start's digits */
	g = dates_in("公示期：2024.3.5-3.12;2024-03-05至03-07;2024/3/5-3/12;2024-03-05至07日;"
	             "2024.3.5-3.1", 0);
	CHECK_INT(g.n, 9);
	CHECK_STR(g.f[1].value, "2024-03-12");
	CHECK_STR(cited(&g, 1), "3.12");
	CHECK_STR(g.f[3].value, "2024-03-07");
	CHECK_STR(g.f[5].value, "2024-03-12");
	CHECK_STR(g.f[7].value, "2024-03-07");
	CHECK_STR(g.f[8].value, "2024-03-05");
	/* a range of years with a count after it; lists of years */
	g = dates_in("2023—2025年三年行动计划;2021、2022、2023年连续三年;2016-2017年3月", 0);
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[0].value, "2023");
	CHECK_STR(g.f[1].value, "2025");
	CHECK_STR(g.f[2].value, "2021");
	CHECK_STR(g.f[4].value, "2023");
	CHECK_STR(g.f[5].value, "2017-03");
	/* ROC years' ranges and lists in a Taiwan document only */
	g = dates_in("112至114年度;112、113年度", 1);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "2023");
	CHECK_STR(g.f[1].value, "2025");
	CHECK_STR(g.f[2].value, "2023");
	g = dates_in("112至114年度", 0);
	CHECK_INT(g.n, 0);
	/* a length of time is no ROC year */
	g = dates_in("本校創校至今已113年，已有113年歷史，創立113年;113年度預算;113年3月5日", 1);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "2024");
	CHECK_STR(g.f[1].value, "2024-03-05");
	/* (after a review: a date after such words is still a date) */
	g = dates_in("本契約113年3月1日起生效;租期屆滿113年12月31日止;約113年3月完工;本案於113年間辦理", 1);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "2024-03-01");
	CHECK_STR(g.f[1].value, "2024-12-31");
	CHECK_STR(g.f[2].value, "2024-03");
	CHECK_STR(g.f[3].value, "2024");
	g = dates_in("20240101-20240331;本通知自20240305上午9时起执行;20240306星期二;电话:(0571)20240305", 0);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[1].value, "2024-03-31");
	CHECK_STR(g.f[3].value, "2024-03-06");
	g = dates_in("统计时间(数据截止):2024.10;报告期(人口普查):2024.10;时间(公元):2024.11", 0);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[2].value, "2024-11");
	g = dates_in("2024年12月至1月15日", 0);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[1].value, "2025-01-15");
	g = dates_in("2024.3-2024.1;规格2024.1-2024.12mm;2024.1-2024.12月", 0);
	CHECK_INT(g.n, 0);
	/* (after a second review: a word after a blank is no measure's; an
	 * aside's 度 is no unit; 多元, 來臺, 餘額 after an ROC year) */
	g = dates_in("公告日期:20240305 项目编号:ZB-01;开标时间:20240306 项目地点;"
	             "发布日期:20240301 天津市某某中心;签订日期:20240307 分包情况", 0);
	CHECK_INT(g.n, 4);
	g = dates_in("所属期(季度):2024.03;统计期(月度):2024.10;考核期(年度):2024.12", 0);
	CHECK_INT(g.n, 3);
	g = dates_in("113年多元就業開發方案;113年來臺旅客人次;113年餘額新臺幣500萬元", 1);
	CHECK_INT(g.n, 3);
	/* (after a third review: a one-digit month ends such a range too;
	 * zeros typed twice or before 年; a digits' end into the next year) */
	g = dates_in("项目周期2024.1-2024.5;合同期2024.9-2025.8;2024-1至2024-3", 0);
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[1].value, "2024-05");
	CHECK_STR(g.f[3].value, "2025-08");
	CHECK_STR(g.f[5].value, "2024-03");
	g = dates_in("二O二O年度;二OO八年;2024.12.30-1.5", 0);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "2020");
	CHECK_STR(g.f[1].value, "2008");
	CHECK_STR(g.f[3].value, "2025-01-05");
	/* no year past 2099 from a range's end (fuzz: 2024.3-2424.3) */
	g = dates_in("2024.3-2424.3;2099年12月至1月", 0);
	for (int q = 0; q < g.n; q++)
		CHECK(strcmp(g.f[q].value, "2100") < 0);
	/* a zero typed for 〇 */
	g = dates_in("二O二四年三月五日;二Ｏ二四年;二0二四年度;二OK", 0);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "2024-03-05");
	CHECK_STR(g.f[1].value, "2024");
	CHECK_STR(g.f[2].value, "2024");
}

TEST(dates_english)
{
	got g = dates_in("March 15, 2024; 15 March 2024; Mar. 15, 2024; June 20, 2023", 0);
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "2024-03-15");
	CHECK_STR(g.f[1].value, "2024-03-15");
	CHECK_STR(g.f[2].value, "2024-03-15");
	CHECK_STR(g.f[3].value, "2023-06-20");
}

TEST(dates_ranges_inherit)
{
	got g = dates_in("2024年4月1日至4月10日", 0);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "2024-04-01");
	CHECK_STR(g.f[1].value, "2024-04-10");
	CHECK_STR(cited(&g, 1), "4月10日");
	g = dates_in("2017年8月至11月", 0);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[1].value, "2017-11");
	/* spaces between the parts (as in many notices and PDF text) */
	g = dates_in("报名时间:2019 年 7 月16日至2019年7 月 23 日", 0);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "2019-07-16");
	CHECK_STR(cited(&g, 0), "2019 年 7 月16日");
	CHECK_STR(g.f[1].value, "2019-07-23");
	/* a dot, then a dash: a day when it can't be a month */
	g = dates_in("签订于1994.01-19。", 0);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "1994-01-19");
	CHECK_STR(cited(&g, 0), "1994.01-19");
	g = dates_in("工期2019.09-12", 0);
	CHECK(g.n >= 1 && !strcmp(g.f[0].value, "2019-09"));
	/* a range of years, 年 after the second only: both years (the first
	 * was lost); not backwards, not inside a code, not before a month */
	g = dates_in("2021-2025年规划,2016至2018年度,2019 - 2020 年;2018-2016年;ABC2016-2017年;"
	             "2016-2017年3月", 0);
	CHECK_INT(g.n, 8);
	CHECK_STR(g.f[0].value, "2021");
	CHECK_STR(cited(&g, 0), "2021");
	CHECK_STR(g.f[1].value, "2025");
	CHECK_STR(cited(&g, 1), "2025年");
	CHECK_STR(g.f[2].value, "2016");
	CHECK_STR(g.f[3].value, "2018");
	CHECK_STR(cited(&g, 3), "2018年度");
	CHECK_STR(g.f[4].value, "2019");
	CHECK_STR(g.f[5].value, "2020");
	CHECK_STR(g.f[6].value, "2016");
	CHECK_STR(cited(&g, 6), "2016年");
	CHECK_STR(g.f[7].value, "2017-03");
	/* ... nor before a date (年 and a space), decades, a standard's number */
	g = dates_in("服务期:2023-2024年 12月31日止;1990-2000年代;GB/T 1989-2018年版", 0);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "2024-12-31");
	CHECK_STR(g.f[1].value, "2000");
	CHECK_STR(g.f[2].value, "2018");
}

TEST(dates_without_year)
{
	got g = dates_year("1月19日开标,五月三十日截止", 2024);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "2024-01-19");
	CHECK_STR(g.f[0].precision, "monthday");
	CHECK_STR(cited(&g, 0), "1月19日");
	CHECK_STR(g.f[1].value, "2024-05-30");
	CHECK_STR(g.f[1].precision, "monthday");
	/* the year comes later: --MM-DD (2月29日 waits for a year to check) */
	g = dates_year("2月29日", -1);
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].value, "--02-29");
	g = dates_year("2月29日", 2023);
	CHECK_INT(g.n, 0);
	/* ranges: the end takes the month and the year of the start */
	g = dates_year("报名时间为3月1日至3月10日,4月12-19日,6月1日至15日", 2024);
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[1].value, "2024-03-10");
	CHECK_STR(g.f[3].value, "2024-04-19");
	CHECK_STR(g.f[5].value, "2024-06-15");
	CHECK_STR(g.f[5].precision, "monthday");
	/* a written year's range is unchanged by the document's; an end in
	 * an earlier month is in the next year (it was the document's year,
	 * right only when that was the next) */
	g = dates_year("2023年12月28日至1月5日", 2024);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "2023-12-28");
	CHECK_STR(g.f[1].value, "2024-01-05");
	CHECK_STR(g.f[1].precision, "day");
	g = dates_year("活动时间：2024年12月30日至1月5日。", 2024);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[1].value, "2025-01-05");
	g = dates_year("2024年11月至2月", 0);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[1].value, "2025-02");
	g = dates_year("2023年4月1日至4月10日", 2024);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[1].value, "2023-04-10");
	CHECK_STR(g.f[1].precision, "day");
	/* a list of days of one month */
	g = dates_year("定于6月3日、5日和7日,2024年9月10号,11号开会;3月15日,30日内完成", 2024);
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[1].value, "2024-06-05");
	CHECK_STR(g.f[2].value, "2024-06-07");
	CHECK_STR(g.f[4].value, "2024-09-11");
	CHECK_STR(g.f[4].precision, "day");
	CHECK_STR(g.f[5].value, "2024-03-15");
	/* no document year, a month alone, a written but unread year: no date */
	g = dates_year("1月19日", 0);
	CHECK_INT(g.n, 0);
	g = dates_year("3月 1-9月 一月一次 24年1月19日", 2024);
	CHECK_INT(g.n, 0);
}

TEST(dates_chinese_day_without_ri)
{
	got g = dates_in("两千零四年八月十五,二〇一九年十月一 晚上", 0);
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].value, "2004-08-15");
	CHECK_STR(cited(&g, 0), "两千零四年八月十五");
	CHECK_STR(g.f[1].value, "2019-10-01");
	/* a number that is no day: a count, a time, Arabic digits */
	g = dates_in("二〇一九年十月十五个 二〇一九年十月十五点 2019年10月15", 0);
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].value, "2019-10");
	CHECK_STR(g.f[1].value, "2019-10");
	CHECK_STR(g.f[2].value, "2019-10");
}

TEST(dates_separated_orders)
{
	got g = dates_in("2010 01 29;13.5.2015;15/05/2015;2015/5/13;05/13/2015;1.1.2020", 0);
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[0].value, "2010-01-29");
	CHECK_STR(cited(&g, 0), "2010 01 29");
	CHECK_STR(g.f[1].value, "2015-05-13");
	CHECK_STR(g.f[2].value, "2015-05-15");
	CHECK_STR(g.f[3].value, "2015-05-13");
	CHECK_STR(g.f[4].value, "2015-05-13");
	CHECK_STR(g.f[5].value, "2020-01-01");
	/* ambiguous order, identifiers, phones, versions, amounts, digit groups */
	g = dates_in("05/06/2015 v1.13.5.2015 13.5.2015.2 电话0431 2010 01 29 "
	             "6222 2010 01 29 88 13.5.20151 ID-13/5/2015 金额13.5万元", 0);
	CHECK_INT(g.n, 0);
}

TEST(dates_negatives)
{
	got g = dates_in("2024年2月30日 2023年2月29日 2024-13-01", 0);
	CHECK_INT(g.n, 0);
	g = dates_in("3月15日 下周三 15年3月2日 10:30", 0);
	CHECK_INT(g.n, 0);
	g = dates_in("编号20240315001 数量20241399件 版本2024.3.15.1", 0);
	CHECK_INT(g.n, 0);
	g = dates_in("2024年2月29日", 0);
	CHECK_INT(g.n, 1);
	/* codes are not dates */
	g = dates_in("项目编号:XYZ-2024-01 合同号HT_2024-03-15 ocds-b5fd17-20240614", 0);
	CHECK_INT(g.n, 0);
}

/* ---- quantities ---------------------------------------------------------- */

TEST(quantity_percentages)
{
	got g = qty_in("遣返率达到95%,满意率不低于99.5%,≥95%,95%以上,百分之九十五");
	CHECK_INT(g.n, 5);
	CHECK_STR(g.f[0].value, "95");
	CHECK_STR(g.f[0].unit, "%");
	CHECK_STR(g.f[0].comparator, ">=");
	CHECK_STR(g.f[0].label, "遣返率");
	CHECK_STR(g.f[1].value, "99.5");
	CHECK_STR(g.f[1].comparator, ">=");
	CHECK_STR(g.f[2].comparator, ">=");
	CHECK_STR(g.f[3].comparator, ">=");
	CHECK_STR(cited(&g, 3), "95%以上");
	CHECK_STR(g.f[4].value, "95");
	CHECK_STR(g.f[4].comparator, "=");
	/* a target's name before 达/为 and in a form (指标：… 指标值：…); a
	 * score after 分值: (not a time, as 10:30分 is); 满意度, 周期 … */
	g = qty_in("指标:遣返率 指标值:≥95% 分值:10分\n群众满意度达90%以上,平均办理周期不超过15个工作日,"
	           "使用寿命不低于8年,设备使用率为90%,会议10:30分开始");
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[0].label, "遣返率");
	CHECK_STR(g.f[0].value, "95");
	CHECK_STR(g.f[1].label, "分值");
	CHECK_STR(g.f[1].value, "10");
	CHECK_STR(g.f[1].unit, "分");
	CHECK_STR(g.f[2].label, "群众满意度");
	CHECK_STR(g.f[3].label, "平均办理周期");
	CHECK_STR(g.f[4].label, "使用寿命");
	CHECK_STR(g.f[5].label, "设备使用率");
	/* a value's label with its own first word (年度指标值) is still one;
	 * a name is not cut at six characters, nor does it take the verb
	 * before it; 精度, 程度 end adjectives, not names */
	g = qty_in("三级指标:遣返率 年度指标值:≥95%\n考核目标值:≥90%\n服务对象满意度≥90%,"
	           "全面提高群众满意度达90%以上,购置高精度3台");
	CHECK_INT(g.n, 5);
	CHECK_STR(g.f[0].label, "遣返率");
	CHECK_STR(g.f[1].label, "%");
	CHECK_STR(g.f[2].label, "服务对象满意度");
	CHECK_STR(g.f[3].label, "群众满意度");
	CHECK_STR(g.f[4].label, "台");
}

/* A negation turns a percentage's comparator too (不得低于90% is >=). */
TEST(quantity_negated_comparator)
{
	got g = qty_in("满意度不得低于90%，合格率不低于95%");
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].comparator, ">=");
	CHECK_STR(cited(&g, 0), "不得低于90%");
	CHECK_STR(g.f[1].comparator, ">=");
}

/* A percentage's own sign (同比增长-12.5%, 负1.5%, −2.3%), not a dash
 * that ends a number, a code or a word; percentage points (3.5个百分点,
 * 2百分点 is not 200 分). */
TEST(quantity_signs_and_points)
{
	got g = qty_in("同比增长-12.5%，增幅为负1.5%，占比:−2.3%，误差-5%~5%，合格率(-3%)");
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[0].value, "12.5");
	CHECK_INT(g.f[0].negative, 1);
	CHECK_STR(cited(&g, 0), "-12.5%");
	CHECK_INT(g.f[1].negative, 1);
	CHECK_STR(cited(&g, 1), "负1.5%");
	CHECK_INT(g.f[2].negative, 1);
	CHECK_STR(g.f[2].value, "2.3");
	CHECK_INT(g.f[3].negative, 1);
	CHECK_STR(g.f[3].value_hi, "");
	CHECK_INT(g.f[4].negative, 0);
	CHECK_INT(g.f[5].negative, 1);
	/* 负 the verb; a dash after a label or a figure's unit; both ends of
	 * a range of negatives; 1-2百分点 */
	g = qty_in("各负50%的责任，第3包-5%价格扣除，第2标段-3%，招聘3人-5人，18周岁-35周岁，"
	           "3个月-6个月，下降至-1.5%，在-5%至-3%之间，1%~-3%，提高1-2百分点");
	CHECK_INT(g.n, 15);
	CHECK_INT(g.f[0].negative, 0);
	CHECK_INT(g.f[1].negative, 0);
	CHECK_INT(g.f[2].negative, 0);
	CHECK_INT(g.f[4].negative, 0);
	CHECK_INT(g.f[6].negative, 0);
	CHECK_INT(g.f[8].negative, 0);
	CHECK_INT(g.f[9].negative, 1);
	CHECK_INT(g.f[10].negative, 1);
	CHECK_INT(g.f[11].negative, 1);
	CHECK_INT(g.f[12].negative, 0);
	CHECK_INT(g.f[13].negative, 1);
	CHECK_STR(g.f[14].value, "1");
	CHECK_STR(g.f[14].value_hi, "2");
	CHECK_STR(g.f[14].unit, "百分点");
	g = qty_in("西部地区-1.5%，其中,食品类-1.2%，省级-5%，2022年-0.8%，第2包 -5%，1%~负3%，"
	           "PPI负2.1%，一季度增速负6.8%");
	CHECK_INT(g.n, 9);
	CHECK_INT(g.f[0].negative, 1);
	CHECK_INT(g.f[1].negative, 1);
	CHECK_INT(g.f[2].negative, 1);
	CHECK_INT(g.f[3].negative, 1);
	CHECK_INT(g.f[4].negative, 0);
	CHECK_INT(g.f[5].negative, 0);
	CHECK_INT(g.f[6].negative, 1);
	CHECK_INT(g.f[7].negative, 1);
	CHECK_INT(g.f[8].negative, 1);
	g = qty_in("A包-10%价格扣除，第4采购包-8%价格扣除，营业收入 120 98 -12.5%，第一季度-5%");
	CHECK_INT(g.n, 4);
	CHECK_INT(g.f[0].negative, 0);
	CHECK_INT(g.f[1].negative, 0);
	CHECK_INT(g.f[2].negative, 1);
	CHECK_INT(g.f[3].negative, 1);
	/* digits grouped by spaces with a group from 0: one number */
	g = qty_in("受益群众 12 000 人，粮食总产量 1 050 万吨，公路 1 056 公里，总人口 1 234 567 人");
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "12000");
	CHECK_STR(cited(&g, 0), "12 000 人");
	CHECK_STR(g.f[1].value, "10500000");
	CHECK_STR(g.f[2].value, "1056");
	CHECK_STR(g.f[3].value, "567");
	g = qty_in("范围5%-10%，2019-5%，编号A-5%，减负1%，正负1%，二-三%");
	CHECK_INT(g.n, 6);
	for (int k = 0; k < (int)g.n; k++)
		CHECK_INT(g.f[k].negative, 0);
	CHECK_STR(g.f[0].value_hi, "10");
	CHECK_STR(g.f[5].value, "2");
	CHECK_STR(g.f[5].value_hi, "3");
	g = qty_in("比上年下降3.5个百分点，提高2百分点，提高了十个百分点，下降0.5個百分點");
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[0].value, "3.5");
	CHECK_STR(g.f[0].unit, "百分点");
	CHECK_STR(g.f[1].value, "2");
	CHECK_STR(g.f[1].unit, "百分点");
	CHECK_STR(g.f[2].value, "10");
	CHECK_STR(g.f[2].unit, "百分点");
	CHECK_STR(g.f[3].unit, "百分点");
}

TEST(quantity_counts_limits_areas)
{
	got g = qty_in("不少于10人,2艘,40起,18个,不超过30天,30日内,年龄不超过30周岁,7713平方米");
	CHECK_INT(g.n, 8);
	CHECK_STR(g.f[0].unit, "人");
	CHECK_STR(g.f[0].comparator, ">=");
	CHECK_STR(g.f[1].unit, "艘");
	CHECK_STR(g.f[2].unit, "起");
	CHECK_STR(g.f[3].unit, "个");
	CHECK_STR(g.f[4].comparator, "<=");
	CHECK_STR(g.f[4].unit, "天");
	CHECK_STR(g.f[5].comparator, "<=");
	CHECK_STR(g.f[5].unit, "日");
	CHECK_STR(g.f[6].unit, "周岁");
	CHECK_STR(g.f[6].label, "年龄");
	CHECK_STR(g.f[7].value, "7713");
	CHECK_STR(g.f[7].unit, "平方米");
}

TEST(quantity_not_in_words)
{
	/* 一次性 (disposable), 一体式: words, not counts */
	got g = qty_in("一次性使用无菌注射器,一件式造口袋,检查一次");
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].unit, "次");
	CHECK_STR(cited(&g, 0), "一次");
	CHECK_INT(g.f[0].start, (int)strlen("一次性使用无菌注射器,一件式造口袋,检查"));
}

TEST(quantity_scores_not_money)
{
	got g = qty_in("技术分10分");
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].unit, "分");
	/* money wins: 五分 after an amount, 五分钱 */
	g = qty_in("单价壹佰元伍角,五分钱,3元");
	CHECK_INT(g.n, 0);
	/* dates and times are not quantities */
	g = qty_in("2024年3月15日 3月15日 10点30分 三分之一 第3名 工期30天");
	CHECK_INT(g.n, 0);
}

TEST(find_numerals_runs)
{
	const char *t = "共3人，二〇二四年 12,5点 abc";
	uint32_t (*r)[2] = NULL;
	size_t n = trawl__find_numerals(t, strlen(t), &r);
	CHECK_INT((int)n, 4);
	if (n == 4) {
		/* "3", "二〇二四", "12", "5点" (a comma is no numeral; 点 is) */
		CHECK_INT((int)r[0][0], 3);
		CHECK_INT((int)r[0][1], 4);
		CHECK_INT((int)(r[1][1] - r[1][0]), 12);
		CHECK_INT((int)(r[2][1] - r[2][0]), 2);
		CHECK_INT((int)(r[3][1] - r[3][0]), 4);
	}
	free(r);
	n = trawl__find_numerals("没有数字", strlen("没有数字"), &r);
	CHECK_INT((int)n, 0);
	CHECK(r == NULL);
}

/* Facts must not depend on whether the numerals of the text were found
 * beforehand (trawl__find_numerals) or by each extractor. Random texts
 * from pieces that make and break amounts, dates and quantities. */
static int same_facts(const got *a, const got *b)
{
	if (a->n != b->n)
		return 0;
	for (int k = 0; k < a->n; k++)
		if (memcmp(&a->f[k], &b->f[k], sizeof a->f[k]))
			return 0;
	return 1;
}

TEST(numeral_runs_same_facts)
{
	static const char *const pieces[] = { "2024", "年", "3", "月", "15", "日", "人民币", "万元",
		"元", "不少于", "10", "人", "点", "五", "二〇二四", " ", "  ", "\t", "\n", "壹佰", "-",
		"受", "¥", "1,234.5", "%", "百分之", "至", "到", "天", "亿", "March ", "2023.", "/",
		"采购", "金额:", "约", "以上", "⟨", "民国", "113", "个", "零", "0", "—", "分" };
	unsigned seed = 12345;
	char t[512];
	int bad = 0;
	for (int round = 0; round < 3000 && !bad; round++) {
		size_t n = 0;
		int parts = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 24;
		for (int p = 0; p < parts; p++) {
			const char *w;
			seed = seed * 1103515245u + 12345u;
			w = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
			if (n + strlen(w) >= sizeof t)
				break;
			memcpy(t + n, w, strlen(w));
			n += strlen(w);
		}
		t[n] = '\0';
		{
			uint32_t (*r)[2] = NULL;
			size_t nr = trawl__find_numerals(t, n, &r);
			trawl__fctx plain = { .roc_years = round & 1 };
			trawl__fctx with = plain;
			got a, b;
			with.numerals = r ? (const uint32_t (*)[2])r : (const uint32_t (*)[2])"";
			with.nnumerals = nr;
			a.n = b.n = 0;
			a.text = b.text = t;
			trawl__extract_money(t, n, &plain, collect, &a);
			trawl__extract_dates(t, n, &plain, collect, &a);
			trawl__extract_quantities(t, n, &plain, collect, &a);
			trawl__extract_money(t, n, &with, collect, &b);
			trawl__extract_dates(t, n, &with, collect, &b);
			trawl__extract_quantities(t, n, &with, collect, &b);
			if (!same_facts(&a, &b)) {
				printf("# facts differ with numeral runs given, text: %s\n", t);
				bad = 1;
			}
			free(r);
		}
	}
	CHECK_INT(bad, 0);
}

/* The keyword sets answer as one memmem per word would: on random text
 * made of the words' own pieces (so that near misses abound), with words
 * of one, two and more bytes, an ASCII one, repeated words and a word
 * that ends the text. */
static int memmem_any(const char *const *w, const char *s, size_t n)
{
	for (; *w; w++)
		if (memmem(s, n, *w, strlen(*w)))
			return 1;
	return 0;
}

static int memmem_count(const char *const *w, const char *s, size_t n)
{
	int c = 0;
	for (; *w; w++)
		c += memmem(s, n, *w, strlen(*w)) != NULL;
	return c;
}

TEST(kwset_same_as_memmem)
{
	static const char *const words[] = { "采购", "采购中心", "中心", "@", "ab", "price list",
		"项目管理", "管理", "采购", "代", NULL };
	static const char *const empty[] = { NULL };
	static const char *const none_short[] = { "结果公告", "中标", NULL };
	static trawl__kwset k = TRAWL__KWSET(words), ke = TRAWL__KWSET(empty),
		ks = TRAWL__KWSET(none_short);
	static const char *const pieces[] = { "采", "购", "中", "心", "项目", "管", "理", "@", "a",
		"b", "price", " ", "list", "代", "结果", "公告", "中标", "x", "\xe9", "\x87" };
	char s[96];
	unsigned seed = 12345;

	for (int round = 0; round < 20000; round++) {
		size_t n = 0;
		int parts = (int)(seed % 9);
		for (int p = 0; p < parts; p++) {
			const char *pc;
			seed = seed * 1103515245u + 12345u;
			pc = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
			if (n + strlen(pc) >= sizeof s)
				break;
			memcpy(s + n, pc, strlen(pc));
			n += strlen(pc);
		}
		seed = seed * 1103515245u + 12345u;
		s[n] = '\0';
		CHECK_INT(trawl__kw_any(&k, s, n), memmem_any(words, s, n));
		CHECK_INT(trawl__kw_count(&k, s, n), memmem_count(words, s, n));
		CHECK_INT(trawl__kw_any(&ks, s, n), memmem_any(none_short, s, n));
		CHECK_INT(trawl__kw_count(&ks, s, n), memmem_count(none_short, s, n));
		CHECK_INT(trawl__kw_any(&ke, s, n), 0);
		/* a prefix: a word cut by the end of the text is no match */
		if (n > 2) {
			CHECK_INT(trawl__kw_any(&k, s, n - 2), memmem_any(words, s, n - 2));
			CHECK_INT(trawl__kw_count(&k, s, n - 2), memmem_count(words, s, n - 2));
		}
	}
	CHECK_INT(trawl__kw_count(&k, "采购中心项目管理", strlen("采购中心项目管理")), 6);
	CHECK_INT(trawl__kw_any(&ks, "中", 3), 0);
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(number_arabic);
	RUN(number_multipliers);
	RUN(number_chinese);
	RUN(number_capitals);
	RUN(number_zhao_and_mixed);
	RUN(number_rejects_malformed);
	RUN(dec_arithmetic);
	RUN(money_inline_units);
	RUN(money_capitals_and_symbols);
	RUN(money_jiao_fen);
	RUN(money_currencies);
	RUN(money_ranges);
	RUN(money_comparators);
	RUN(money_table_unit);
	RUN(money_label_unknown_unit);
	RUN(money_negatives);
	RUN(money_list_fullwidth_commas);
	RUN(money_list_currency_and_far_lead);
	RUN(quantity_list_shares_unit);
	RUN(money_list_shares_unit);
	RUN(money_space_grouped_digits);
	RUN(money_minus_zero_names_and_not_money);
	RUN(find_table_unit);
	RUN(header_units);
	RUN(money_per_item);
	RUN(money_user_unit);
	RUN(callback_stops_extraction);
	RUN(dates_formats);
	RUN(dates_chinese_numerals);
	RUN(dates_precision_and_roc);
	RUN(dates_month_lists);
	RUN(dates_not_numbers_and_more_forms);
	RUN(dates_english);
	RUN(dates_ranges_inherit);
	RUN(dates_without_year);
	RUN(dates_chinese_day_without_ri);
	RUN(dates_separated_orders);
	RUN(dates_negatives);
	RUN(quantity_percentages);
	RUN(quantity_negated_comparator);
	RUN(quantity_signs_and_points);
	RUN(quantity_counts_limits_areas);
	RUN(quantity_not_in_words);
	RUN(quantity_scores_not_money);
	RUN(find_numerals_runs);
	RUN(numeral_runs_same_facts);
	RUN(kwset_same_as_memmem);
	return failures ? 1 : 0;
}
