/* Unit tests for a document's own metadata (lib/facts/docmeta.c): kind,
 * year, place and own amount, decided from a document read the way trawl
 * add reads it (the parse path, facts included). */
#include <stdlib.h>
#include <string.h>
#include "test.h"
#include "facts/docmeta.h"
#include "facts/docyear.h"
#include "facts/extract.h"
#include "ingest/parse.h"
#include "text/text.h"

int test_failed;

/* The metadata of the first document read from text (as file path, seen
 * at url). 0 when it could not be read. */
static int meta_of(const char *text, const char *path, const char *url, trawl__docmeta *m)
{
	trawl__parse_opts o = { "/tmp", 1 << 20, 1 << 20, 0, NULL, NULL, { 0, NULL, 0 } };
	trawl__docset ds;
	trawl_diag d;
	int ok;

	memset(&d, 0, sizeof d);
	memset(m, 0, sizeof *m);
	trawl__docset_init(&ds, 0);
	ok = trawl__parse(&o, path, text, strlen(text), &ds, &d) == TRAWL_OK && ds.docs.n;
	if (ok)
		trawl__doc_meta(TRAWL_VEC_AT(&ds.docs, trawl__doc *, 0), path, url, m);
	trawl__docset_release(&ds);
	return ok;
}

TEST(budget_own_total_not_citywide)
{
	trawl__docmeta m;
	CHECK(meta_of("辽源市东丰县农业农村局2024年部门预算\n"
	              "全市农业农村系统2024年部门预算收入总计9.87亿元。\n"
	              "2023年收入总计15,200.00万元。\n"
	              "2024年“三公”经费预算总额48.20万元。\n"
	              "收入总计 16,300.00（单位：万元）。其中一般公共预算拨款收入15,800.00万元。\n",
	              "a.txt", NULL, &m));
	CHECK_STR(m.kind, "budget");
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.year_src, "fiscal");
	CHECK_STR(m.amount, "163000000");
	CHECK_STR(m.currency, "CNY");
	CHECK_STR(m.amount_src, "total");
	/* the issuer's name is 辽源市东丰县…: the county */
	CHECK_STR(m.place, "东丰县");
	CHECK_STR(m.place_code, "220421");
}

TEST(budget_without_total_has_none)
{
	trawl__docmeta m;
	/* only parts and a city-wide figure: no amount rather than a wrong one */
	CHECK(meta_of("某局2024年部门预算\n其中一般公共预算拨款收入3321.07万元。\n"
	              "全市公安机关2024年部门预算合计10.56亿元。\n"
	              "2024年政府采购预算总额535.60万元。\n", "b.txt", NULL, &m));
	CHECK_STR(m.kind, "budget");
	CHECK_STR(m.amount, "");
}

TEST(final_accounts_take_the_final_column)
{
	trawl__docmeta m;
	CHECK(meta_of("<html><head><title>长春市教育局2023年度部门决算</title></head><body>"
	              "<p>收入支出决算总表</p><p>单位：万元</p><table>"
	              "<tr><th>项目</th><th>年初预算数</th><th>调整预算数</th><th>决算数</th></tr>"
	              "<tr><td>本年收入合计</td><td>58,000.00</td><td>61,200.00</td><td>60,876.45</td></tr>"
	              "<tr><td>收入总计</td><td>60,000.00</td><td>63,400.00</td><td>63,076.45</td></tr>"
	              "</table></body></html>", "c.html", NULL, &m));
	CHECK_STR(m.kind, "final_accounts");
	CHECK_INT(m.year, 2023);
	CHECK_STR(m.amount, "630764500");
	CHECK_STR(m.place, "长春市");
}

TEST(final_account_grand_total_and_cover)
{
	trawl__docmeta m;
	/* a template's title says 预算; the cover says 决算. The balanced 总计 row
	 * (收入 and 支出 sides) is the grand total, over 本年收入合计; the prose
	 * wraps its line before the figure */
	CHECK(meta_of("<html><head><title>附件2:预算主管部门公开样张</title></head><body>"
	              "<p>上海市普陀区规划和自然资源局</p><p>2024 年度部门决算</p>"
	              "<p>收入支出决算总表</p><p>单位：万元</p><table>"
	              "<tr><td>项目</td><td>决算数</td><td>项目</td><td>决算数</td></tr>"
	              "<tr><td>本年收入合计</td><td>9746.50</td><td>本年支出合计</td><td>9759.38</td></tr>"
	              "<tr><td>年初结转和结余</td><td>112.88</td><td>年末结转和结余</td><td>100.00</td></tr>"
	              "<tr><td>总计</td><td>9859.38</td><td>总计</td><td>9859.38</td></tr></table>"
	              "<p>上海市普陀区规划和自然资源局 2024 年度收入支出总计\n9859.38 万元。</p>"
	              "</body></html>", "j.html", NULL, &m));
	CHECK_STR(m.kind, "final_accounts");
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.year_src, "fiscal");
	CHECK_STR(m.amount, "98593800");
}

TEST(budget_total_to_the_yuan)
{
	trawl__docmeta m;
	/* 9,101.68万元 in prose; the same total to the fen in a 合计 row whose
	 * table states no unit: the precise figure, in the total's currency */
	static const char page[] = "<html><head><title>上海市普陀区2025年区级部门预算</title>"
		"</head><body><p>2025年，本单位收入预算9,101.68万元，其中财政拨款收入9,101.68万元。"
		"</p><table><tr><th>科目名称</th><th>合计</th><th>基本支出</th></tr>"
		"<tr><td>行政运行</td><td>24,606,775.35</td><td>24,606,775.35</td></tr>"
		"<tr><td>合计</td><td>%s</td><td>24,606,775.35</td></tr></table></body></html>";
	char buf[1024];
	snprintf(buf, sizeof buf, page, "91,016,775.35");
	CHECK(meta_of(buf, "k.html", NULL, &m));
	CHECK_STR(m.amount, "91016775.35");
	CHECK_STR(m.currency, "CNY");
	/* a figure that is not the same total is left alone */
	snprintf(buf, sizeof buf, page, "91,026,775.35");
	CHECK(meta_of(buf, "l.html", NULL, &m));
	CHECK_STR(m.amount, "91016800");
}

TEST(buyer_address_refines_its_place)
{
	trawl__docmeta m;
	/* the buyer's own address, under its name; not the agency's */
	CHECK(meta_of("医疗设备采购项目招标公告\n预算金额：84万元\n采购人：山东大学齐鲁医院\n"
	              "联系人：姜瑶\n地址：济南市文化西路107号\n采购代理机构：山东金卫医药信息有限公司\n"
	              "地址：青岛市市南区香港中路8号\n", "m.txt", NULL, &m));
	CHECK_STR(m.place, "济南市");
	CHECK_STR(m.place_src, "buyer");
	/* an address in another province does not move it */
	CHECK(meta_of("医疗设备采购项目招标公告\n采购人：山东大学齐鲁医院\n地址：北京市海淀区\n",
	              "n.txt", NULL, &m));
	CHECK_STR(m.place, "山东省");
	/* a government body's name is its jurisdiction, not its offices' seat */
	CHECK(meta_of("执法记录仪采购项目招标公告\n采购人：延边朝鲜族自治州公安局边境管理支队\n"
	              "地址：吉林省延吉市长白山西路1号\n", "o.txt", NULL, &m));
	CHECK_STR(m.place, "延边朝鲜族自治州");
}

TEST(award_amount_not_unit_prices_nor_vendor_place)
{
	trawl__docmeta m;
	CHECK(meta_of("执法记录仪采购项目中标结果公告\n发布日期：2024年06月12日\n"
	              "供应商名称：浙江大华技术股份有限公司\n"
	              "供应商地址：浙江省杭州市滨江区滨安路1199号\n"
	              "中标金额：人民币壹佰肆拾柒万陆仟伍佰元整（¥1,476,500.00）\n"
	              "单价：4,921.67元\n"
	              "采购人：延边朝鲜族自治州公安局边境管理支队\n", "d.txt", NULL, &m));
	CHECK_STR(m.kind, "award");
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.year_src, "published");
	/* the words and the figures are one amount */
	CHECK_STR(m.amount, "1476500");
	CHECK_STR(m.place, "延边朝鲜族自治州");
	CHECK_STR(m.place_src, "buyer");
}

TEST(award_lots_add_up)
{
	trawl__docmeta m;
	CHECK(meta_of("某市公安局警用装备采购项目中标公告\n包1中标金额：120万元\n"
	              "包2中标金额：80万元\n预算金额：250万元\n", "e.txt", NULL, &m));
	CHECK_STR(m.kind, "award");
	CHECK_STR(m.amount, "2000000");
	CHECK_STR(m.amount_src, "award");
}

/* The lots of text's document as "value vendor; ..." (the party each money
 * fact is given), in out; its amount in m. */
static int lots_of(const char *text, trawl__docmeta *m, char *out, size_t n)
{
	trawl__parse_opts o = { "/tmp", 1 << 20, 1 << 20, 0, NULL, NULL, { 0, NULL, 0 } };
	trawl__docset ds;
	trawl_diag d;
	int ok;

	memset(&d, 0, sizeof d);
	memset(m, 0, sizeof *m);
	out[0] = '\0';
	trawl__docset_init(&ds, 0);
	/* (read as what it is: OCDS, HTML or text) */
	const char *path = text[0] == '{' ? "lots.json" : text[0] == '<' ? "lots.html" : "lots.txt";
	ok = trawl__parse(&o, path, text, strlen(text), &ds, &d) == TRAWL_OK && ds.docs.n;
	if (ok) {
		trawl__doc *doc = TRAWL_VEC_AT(&ds.docs, trawl__doc *, 0);
		size_t len = 0;
		trawl__doc_meta(doc, path, NULL, m);
		trawl__doc_lot_parties(doc, m);
		for (size_t i = 0; i < doc->facts.n && len + 1 < n; i++) {
			const trawl__dfact *f = &TRAWL_VEC_AT(&doc->facts, trawl__dfact, i);
			const char *party = trawl__dfact_str(doc, f, TRAWL__FS_PARTY);
			if (f->kind != TRAWL__F_MONEY || !party[0])
				continue;
			len += (size_t)snprintf(out + len, n - len, "%s%s %s", len ? "; " : "",
			                        trawl__dfact_str(doc, f, TRAWL__FS_VALUE), party);
		}
	}
	trawl__docset_release(&ds);
	return ok;
}

TEST(award_lots_name_their_vendors)
{
	trawl__docmeta m;
	char lots[512];
	/* two vendors' lots of the same figure are two figures */
	CHECK(lots_of("某市公安局设备采购项目中标公告\n"
	              "包1：中标供应商：甲安科技有限公司，中标金额：100万元\n"
	              "包2：中标供应商：乙盾科技有限公司，中标金额：100万元\n", &m, lots, sizeof lots));
	CHECK_STR(m.amount, "2000000");
	CHECK_INT(m.nlots, 2);
	CHECK_STR(lots, "1000000 甲安科技有限公司; 1000000 乙盾科技有限公司");
	/* the figure first, the vendor after it; a vendor of two lots (its
	 * party fact is reported once, its name is read at each) */
	CHECK(lots_of("某市公安局设备采购项目中标公告\n"
	              "包1：中标金额：120万元，中标供应商：甲安科技有限公司\n"
	              "包2：中标金额：80万元，中标供应商：乙盾科技有限公司\n"
	              "包3：中标金额：30万元，中标供应商：甲安科技有限公司\n", &m, lots, sizeof lots));
	CHECK_STR(m.amount, "2300000");
	CHECK_STR(lots, "1200000 甲安科技有限公司; 800000 乙盾科技有限公司; 300000 甲安科技有限公司");
	/* a lot over several lines, its figure in words and in digits (one
	 * figure), the vendor's address between */
	CHECK(lots_of("某市公安局视频监控设备采购项目中标公告\n包1\n"
	              "中标供应商名称：甲安科技有限公司\n中标供应商地址：吉林省长春市朝阳区人民大街1号\n"
	              "中标金额：人民币壹佰贰拾万元整（¥1,200,000.00）\n包2\n"
	              "中标供应商名称：乙盾科技有限公司\n中标供应商地址：吉林省吉林市船营区1号\n"
	              "中标金额：人民币捌拾万元整（¥800,000.00）\n采购人：某市公安局\n",
	              &m, lots, sizeof lots));
	CHECK_STR(m.amount, "2000000");
	CHECK_STR(lots, "1200000 甲安科技有限公司; 800000 乙盾科技有限公司");
	/* the vendors named once more at the end (the contract to sign): the
	 * figures still go with the vendor of their own line */
	CHECK(lots_of("某市公安局设备采购项目中标公告\n"
	              "包1：中标供应商：甲安科技有限公司，中标金额：120万元\n"
	              "包2：中标供应商：乙盾科技有限公司，中标金额：80万元\n"
	              "请甲安科技有限公司、乙盾科技有限公司于30日内签订合同。\n", &m, lots, sizeof lots));
	CHECK_STR(lots, "1200000 甲安科技有限公司; 800000 乙盾科技有限公司");
	/* ... or first, before lots that name their vendor after the figure */
	CHECK(lots_of("某市公安局设备采购项目中标公告\n"
	              "中标供应商：甲安科技有限公司、乙盾科技有限公司\n"
	              "包1：中标金额：120万元，中标供应商：甲安科技有限公司\n"
	              "包2：中标金额：80万元，中标供应商：乙盾科技有限公司\n", &m, lots, sizeof lots));
	CHECK_STR(lots, "1200000 甲安科技有限公司; 800000 乙盾科技有限公司");
}

/* An award's table whose amount column states no unit, or an amount or
 * a rate (中标金额（元/优惠率）: a lot priced by a discount has its rate
 * there): a cell that states its own unit is the amount; a bare figure
 * under such a header has no known unit and is never taken for yuan; a
 * price per unit (元/套) is still no amount. */
TEST(award_amount_column_of_amounts_or_rates)
{
	static const char head[] = "<html><head><title>某县人民医院医疗设备采购项目中标公告</title>"
	                           "</head><body><table><tr><th>序号</th><th>中标供应商名称</th>"
	                           "<th>中标供应商地址</th><th>";
	char html[2048];
	trawl__docmeta m;
	static const struct {
		const char *hdr, *rows, *amount, *src;
	} cases[] = {
		{ "中标金额 （元/优惠率）", "<tr><td>1</td><td>山东某某医疗器械有限公司</td><td>济南市历下区"
		  "经十路100号</td><td>16901400.21元</td></tr>", "16901400.21", "award" },
		{ "中标金额", "<tr><td>1</td><td>山东某某医疗器械有限公司</td><td>济南市历下区经十路100号"
		  "</td><td>16,901,400.21元</td></tr>", "16901400.21", "award" },
		{ "成交金额(元/费率)", "<tr><td>1</td><td>甲安科技有限公司</td><td>长春市朝阳区1号</td>"
		  "<td>1,000,000.00元</td></tr><tr><td>2</td><td>乙盾科技有限公司</td><td>长春市"
		  "南关区2号</td><td>800,000.00元</td></tr>", "1800000", "award" },
		{ "中标金额（元/%）", "<tr><td>1</td><td>甲安科技有限公司</td><td>长春市朝阳区1号</td>"
		  "<td>1,000,000.00元</td></tr>", "1000000", "award" },
		/* the rate of a lot: its figure's unit is not known, so neither
		 * is the sum */
		{ "中标金额（元/优惠率）", "<tr><td>1</td><td>甲安科技有限公司</td><td>长春市朝阳区1号"
		  "</td><td>1,000,000.00元</td></tr><tr><td>2</td><td>乙盾科技有限公司</td><td>长春市"
		  "南关区2号</td><td>95.5</td></tr>", "", "unstated" },
		{ "中标金额（元/优惠率）", "<tr><td>1</td><td>甲安科技有限公司</td><td>长春市朝阳区1号"
		  "</td><td>96.5</td></tr>", "", "unstated" },
		/* per unit */
		{ "中标价（元/套）", "<tr><td>1</td><td>甲安科技有限公司</td><td>长春市朝阳区1号</td>"
		  "<td>3,000.00元</td></tr>", "", NULL },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(html, sizeof html, "%s%s</th></tr>%s</table><p>采购人：某某县人民医院</p>"
		         "</body></html>", head, cases[i].hdr, cases[i].rows);
		CHECK(meta_of(html, "a.html", NULL, &m));
		if (cases[i].src)   /* (a table of unit prices may make it a price list) */
			CHECK_STR(m.kind, "award");
		CHECK_STR(m.amount, cases[i].amount);
		if (cases[i].src)
			CHECK_STR(m.amount_src ? m.amount_src : "", cases[i].src);
		else
			CHECK(m.amount_src == NULL);
	}
	/* in prose: the aside names the rate beside the unit */
	CHECK(meta_of("某某县公安局监控设备采购项目成交公告\n成交供应商：乙安科技有限公司\n"
	              "成交金额（元/费率）：1,200,000.00元\n", "p.txt", NULL, &m));
	CHECK_STR(m.amount, "1200000");
	CHECK(meta_of("某某县公安局监控设备采购项目成交公告\n成交供应商：乙安科技有限公司\n"
	              "成交金额（元/套）：1,200,000.00元\n", "p.txt", NULL, &m));
	CHECK_STR(m.amount, "");
	/* a correction's table: the figure after it, past the one before */
	CHECK(meta_of("<html><head><title>哈尔滨市南岗区教育局校园食堂设备采购项目更正公告</title></head>"
	              "<body><p>二、更正信息</p><table border=\"1\"><tr><th>更正事项</th>"
	              "<th>更正前内容</th><th>更正后内容</th></tr><tr><td>预算金额</td><td>300万元"
	              "</td><td>320万元</td></tr><tr><td>开标时间</td><td>2023年6月25日9:00</td>"
	              "<td>2023年6月30日9:00</td></tr></table><p>三、采购人：哈尔滨市南岗区教育局</p>"
	              "</body></html>", "c.html", NULL, &m));
	CHECK_STR(m.amount, "3200000");
	/* a label cell that says which writing of the figure it is */
	CHECK(meta_of("<html><head><title>南宁市青秀区水利局防洪排涝设施维修工程中标公告</title></head>"
	              "<body><table><tr><td>招标人</td><td>南宁市青秀区水利局</td></tr>"
	              "<tr><td>中标人</td><td>广西八桂水利建设有限公司</td></tr>"
	              "<tr><td>中标金额（大写）</td><td>人民币贰佰零伍万陆仟元整</td></tr>"
	              "<tr><td>中标金额（小写）</td><td>¥2,056,000.00</td></tr></table></body></html>",
	              "w.html", NULL, &m));
	CHECK_STR(m.amount, "2056000");
	/* a total named again after the label (项目预算：总预算250万元，其中：…) */
	CHECK(meta_of("济南市历下区城市管理局路灯维护服务项目招标公告\n"
	              "项目预算：总预算250万元，其中：\n  标段1（泉城路片区）：预算120万元\n"
	              "  标段2（解放路片区）：预算85.5万元\n  标段3（千佛山片区）：预算44.5万元\n"
	              "采购人：济南市历下区城市管理局\n", "t.txt", NULL, &m));
	CHECK_STR(m.kind, "tender");
	CHECK_STR(m.amount, "2500000");
	/* a lot priced by a rate where its amount goes: no amount, and no
	 * sum of the lots (not lot 1's 98.6万元 alone) */
	CHECK(meta_of("某项目中标公告\n一、中标供应商：甲公司，中标金额：98.6万元；\n"
	              "二、中标供应商：乙公司，中标金额：费率1.2%。\n", "r.txt", NULL, &m));
	CHECK_STR(m.amount, "");
	CHECK(m.amount_src == NULL);
	CHECK(meta_of("某项目中标公告\n中标供应商：甲公司\n中标价：下浮率12%\n", "r.txt", NULL, &m));
	CHECK_STR(m.amount, "");
	CHECK(m.amount_src == NULL);
	/* nor a bidder's rate, a ceiling's beside a budget, or the rate a
	 * correction replaced (found in review) */
	CHECK(meta_of("某项目中标公告\n中标供应商：甲公司\n中标金额：100万元\n"
	              "第二中标候选人：乙公司，投标报价：下浮率5%\n", "r.txt", NULL, &m));
	CHECK_STR(m.amount, "1000000");
	CHECK(meta_of("某项目招标公告\n预算金额：100万元\n最高限价：下浮率5%\n", "r.txt", NULL, &m));
	CHECK_STR(m.kind, "tender");
	CHECK_STR(m.amount, "1000000");
	CHECK(meta_of("某项目中标结果更正公告\n原中标价：费率1.2%，现变更为：100万元\n", "r.txt",
	              NULL, &m));
	CHECK_STR(m.amount, "1000000");
	/* a rate that is not where an amount goes changes nothing */
	CHECK(meta_of("某项目中标公告\n中标供应商：甲公司\n中标金额：98.6万元\n"
	              "代理服务费：按费率1.2%收取\n", "r.txt", NULL, &m));
	CHECK_STR(m.amount, "986000");
}

TEST(award_in_a_table_of_names_and_values)
{
	trawl__docmeta m;
	char lots[512];
	/* ccgp's layout: each lot a table of 供应商名称 | 中标金额 rows */
	CHECK(lots_of("<html><head><title>某市公安局视频监控设备采购项目中标结果公告</title></head>"
	              "<body><p>合同包1</p><table>"
	              "<tr><td>供应商名称</td><td>甲安科技有限公司</td></tr>"
	              "<tr><td>供应商地址</td><td>吉林省长春市朝阳区1号</td></tr>"
	              "<tr><td>中标金额：</td><td>1,200,000.00元</td></tr></table>"
	              "<p>合同包2</p><table>"
	              "<tr><td>供应商名称</td><td>乙盾科技有限公司</td></tr>"
	              "<tr><td>中标金额</td><td>800,000.00元</td></tr></table></body></html>",
	              &m, lots, sizeof lots));
	CHECK_STR(m.kind, "award");
	CHECK_STR(m.amount, "2000000");
	CHECK_STR(lots, "1200000 甲安科技有限公司; 800000 乙盾科技有限公司");
	/* the value a correction replaced, and a figure whose cell names none */
	CHECK(meta_of("<html><head><title>某局设备采购中标结果更正公告</title></head><body><table>"
	              "<tr><td>原中标金额</td><td>100万元</td></tr>"
	              "<tr><td>中标金额</td><td>90万元</td></tr>"
	              "<tr><td>履约保证金</td><td>5万元</td></tr></table></body></html>",
	              "kv.html", NULL, &m));
	CHECK_STR(m.amount, "900000");
	/* the unit in the name's cell, the figure bare */
	CHECK(meta_of("<html><head><title>某市公安局视频监控设备采购项目中标公告</title></head><body>"
	              "<table><tr><td>中标供应商</td><td>甲安科技有限公司</td></tr>"
	              "<tr><td>中标金额（万元）</td><td>120.5</td></tr></table></body></html>",
	              "a.html", NULL, &m));
	CHECK_STR(m.amount, "1205000");
	CHECK(meta_of("<html><head><title>某市公安局视频监控设备采购项目招标公告</title></head><body>"
	              "<table><tr><td>项目编号</td><td>JLZC2024-001</td></tr>"
	              "<tr><td>预算金额（元）</td><td>1,100,000.00</td></tr>"
	              "<tr><td>最高限价（万元）</td><td>110</td></tr>"
	              "<tr><td>数量（台）</td><td>120</td></tr></table></body></html>",
	              "t.html", NULL, &m));
	CHECK_STR(m.kind, "tender");
	CHECK_STR(m.amount, "1100000");
}

TEST(lots_numbered_and_restated)
{
	trawl__docmeta m;
	/* two lots the text numbers, of one figure: two figures (第一包's 包
	 * was read again as 包：100, a lot numbered 100) */
	CHECK(meta_of("某市公安局设备采购项目中标公告\n第一包：中标金额：100万元\n"
	              "第二包：中标金额：100万元\n中标供应商：甲安科技有限公司\n", "a.txt", NULL, &m));
	CHECK_STR(m.amount, "2000000");
	/* ... on their lots' lines after a comma, or in their lots' blocks */
	CHECK(meta_of("某市公安局设备采购项目招标公告\n包1，预算金额：100万元\n"
	              "包2，预算金额：100万元\n", "a1.txt", NULL, &m));
	CHECK_STR(m.amount, "2000000");
	CHECK(meta_of("某市公安局设备采购项目招标公告\n二、项目预算\n包1：视频监控设备\n"
	              "预算金额：100万元\n包2：执法记录仪\n预算金额：100万元\n三、采购需求\n",
	              "a2.txt", NULL, &m));
	CHECK_STR(m.amount, "2000000");
	CHECK(meta_of("某市公安局设备采购项目中标公告\n中标供应商：甲安科技有限公司、乙盾科技有限公司\n"
	              "包1\n中标金额：100万元\n包2\n中标金额：100万元\n", "a3.txt", NULL, &m));
	CHECK_STR(m.amount, "2000000");
	/* a figure stated again after the second lot's mark is no second lot */
	CHECK(meta_of("某市公安局设备采购项目中标公告\n"
	              "包1 中标供应商：甲安科技有限公司，中标金额：100万元；包2 废标。\n"
	              "三、中标金额：100万元\n", "b.txt", NULL, &m));
	CHECK_STR(m.amount, "1000000");
	/* 原 opening a product's name is no correction */
	CHECK(meta_of("<html><head><title>某局仪器采购项目中标公告</title></head><body><table>"
	              "<tr><th>包号</th><th>名称</th><th>中标供应商</th><th>中标金额（元）</th></tr>"
	              "<tr><td>1</td><td>原子吸收光谱仪</td><td>甲安科技有限公司</td><td>500,000.00</td></tr>"
	              "<tr><td>2</td><td>气相色谱仪</td><td>乙盾科技有限公司</td><td>300,000.00</td></tr>"
	              "</table></body></html>", "c.html", NULL, &m));
	CHECK_STR(m.amount, "800000");
	/* a row's unit over the table's, for its item as for its money */
	CHECK(meta_of("<html><head><title>某市公安局视频监控设备采购项目中标公告</title></head>"
	              "<body><p>单位：元</p><table><tr><th>项目</th><th>金额</th></tr>"
	              "<tr><td>中标供应商</td><td>甲安科技有限公司</td></tr>"
	              "<tr><td>中标金额（万元）</td><td>120.5</td></tr></table></body></html>",
	              "d.html", NULL, &m));
	CHECK_STR(m.amount, "1205000");
	/* a date is another year still */
	CHECK(meta_of("某县公安局2024年部门预算\n截至2023.12.31，收入总计100万元。\n"
	              "收入总计 200万元。\n", "e.txt", NULL, &m));
	CHECK_STR(m.amount, "2000000");
}

TEST(award_lots_not_paired_when_unsure)
{
	trawl__docmeta m;
	char lots[512];
	/* both figures between the two vendors: either could be either's */
	CHECK(lots_of("某市公安局设备采购项目中标公告\n中标供应商：甲安科技有限公司\n"
	              "包1中标金额：120万元\n包2中标金额：80万元\n"
	              "中标供应商：乙盾科技有限公司\n", &m, lots, sizeof lots));
	CHECK_STR(m.amount, "2000000");
	CHECK_INT(m.nlots, 0);
	CHECK_STR(lots, "");
	/* a consortium: two vendors, one figure */
	CHECK(lots_of("某市公安局设备采购项目中标公告\n"
	              "中标供应商：甲安科技有限公司（联合体牵头人）、乙盾科技有限公司（联合体成员）\n"
	              "中标金额：300万元\n", &m, lots, sizeof lots));
	CHECK_STR(m.amount, "3000000");
	CHECK_INT(m.nlots, 0);
	CHECK_STR(lots, "");
	/* one vendor: nothing to split */
	CHECK(lots_of("某市公安局设备采购项目中标公告\n中标供应商：甲安科技有限公司\n"
	              "包1中标金额：120万元\n包2中标金额：80万元\n", &m, lots, sizeof lots));
	CHECK_STR(m.amount, "2000000");
	CHECK_INT(m.nlots, 0);
	/* a third vendor named with no figure of its own */
	CHECK(lots_of("某市公安局设备采购项目中标公告\n"
	              "包1：中标供应商：甲安科技有限公司，中标金额：120万元\n"
	              "包2：中标供应商：乙盾科技有限公司，中标金额：80万元\n"
	              "包3：中标供应商：丙警科技有限公司\n", &m, lots, sizeof lots));
	CHECK_INT(m.nlots, 0);
}

TEST(a_figure_is_no_year)
{
	trawl__docmeta m;
	/* 1980万元 before the total is a figure, not another year's */
	CHECK(meta_of("某县公安局2024年部门预算\n"
	              "2024年本部门一般公共预算拨款收入1980万元，收入总计2050万元。\n",
	              "b.txt", NULL, &m));
	CHECK_STR(m.amount, "20500000");
	CHECK(meta_of("某市公安局视频监控项目中标公告\n公告日期：2024年6月10日\n"
	              "包1中标金额：1970万元，包2中标金额：500万元\n", "c.txt", NULL, &m));
	CHECK_STR(m.amount, "24700000");
	/* a year is still one */
	CHECK(meta_of("某县公安局2024年部门预算\n2023年收入总计1,800.00万元。\n"
	              "收入总计 2,050.00万元。\n", "d.txt", NULL, &m));
	CHECK_STR(m.amount, "20500000");
}

TEST(correction_counts_the_new_figure)
{
	trawl__docmeta m;
	/* 更正公告: the figure replaced is not added to the new one */
	CHECK(meta_of("某市公安局视频监控项目成交结果更正公告\n公告日期：2024年6月10日\n"
	              "更正事项：成交金额\n原成交金额：1,000,000.00元\n"
	              "现更正为：成交金额：950,000.00元\n成交供应商：甲安科技有限公司\n",
	              "fix.txt", NULL, &m));
	CHECK_STR(m.kind, "award");
	CHECK_STR(m.amount, "950000");
	CHECK(meta_of("某市公安局视频监控项目采购公告更正公告\n公告日期：2024年6月10日\n"
	              "更正前：预算金额：100万元\n更正后：预算金额：120万元\n", "fix2.txt", NULL, &m));
	CHECK_STR(m.kind, "tender");
	CHECK_STR(m.amount, "1200000");
	CHECK(meta_of("某市公安局视频监控项目中标结果更正公告\n公告日期：2024年6月10日\n"
	              "原中标金额100万元，现变更为90万元。\n", "fix4.txt", NULL, &m));
	CHECK_STR(m.amount, "900000");
	/* a table of what was and what is */
	CHECK(meta_of("某市公安局视频监控项目中标结果更正公告\n"
	              "更正项\t更正前内容\t更正后内容\n中标金额(元)\t1,000,000.00\t950,000.00\n",
	              "fix5.txt", NULL, &m));
	CHECK(strcmp(m.amount, "1950000"));
	/* 原 elsewhere is no correction */
	CHECK(meta_of("某县原种场设备采购项目中标公告\n中标供应商：甲安科技有限公司\n"
	              "中标金额：50万元\n", "g.txt", NULL, &m));
	CHECK_STR(m.amount, "500000");
}

TEST(tender_budget_before_ceiling)
{
	trawl__docmeta m;
	CHECK(meta_of("广州市公安局白云区分局视频监控系统升级改造项目招标公告\n"
	              "发布时间：2024-03-27\n最高限价：人民币3,800,000.00元\n"
	              "预算金额：人民币3,860,000.00元\n采购人：广州市公安局白云区分局\n",
	              "f.txt", NULL, &m));
	CHECK_STR(m.kind, "tender");
	CHECK_STR(m.amount, "3860000");
	CHECK_STR(m.amount_src, "tender");
	/* 白云区 after 公安局, in the buyer's name */
	CHECK_STR(m.place, "白云区");
	CHECK_STR(m.place_code, "440111");
}

TEST(price_list_from_its_table)
{
	trawl__docmeta m;
	CHECK(meta_of("序号,疫苗名称,规格,生产企业,挂网价格(元/支)\n"
	              "1,水痘减毒活疫苗,0.5ml/支,长春生物制品研究所有限责任公司,158.00\n"
	              "2,乙型肝炎疫苗,0.5ml/支,北京科兴生物制品有限公司,35.00\n"
	              "3,狂犬病疫苗,0.5ml/支,辽宁成大生物股份有限公司,280.00\n",
	              "prices.csv", NULL, &m));
	CHECK_STR(m.kind, "price_list");
	/* unit prices are no spending; the makers' places are not its place */
	CHECK_STR(m.amount, "");
	CHECK_STR(m.place, "");
	CHECK(meta_of("序号,疫苗名称,规格,生产企业,挂网价格(元/支)\n"
	              "1,水痘减毒活疫苗,0.5ml/支,长春生物制品研究所有限责任公司,158.00\n",
	              "prices.csv", "http://ylbzj.jl.gov.cn/zwgk/t20240312.html", &m));
	CHECK_STR(m.place, "吉林省");
	CHECK_STR(m.place_src, "url");
	/* no telling word but the header: products, makers, unit prices */
	CHECK(meta_of("序号,产品名称,规格型号,生产厂家,单价(元)\n"
	              "1,一次性使用输液器,0.7mm,山东威高集团医用高分子制品股份有限公司,1.20\n"
	              "2,医用外科口罩,17.5cm*9.5cm,稳健医疗用品股份有限公司,0.35\n",
	              "list.csv", NULL, &m));
	CHECK_STR(m.kind, "price_list");
	CHECK_STR(m.kind_src, "table");
	CHECK_STR(m.amount, "");
	/* an award notice with a table of goods and makers stays an award */
	CHECK(meta_of("某局设备采购中标公告\n中标金额：12,000.00元\n"
	              "名称\t品牌\t生产厂家\t单价\n摄像机\t安视\t安视科技有限公司\t3,000.00\n",
	              "award.txt", NULL, &m));
	CHECK_STR(m.kind, "award");
	CHECK_STR(m.amount, "12000");
	/* a catalogue of products admitted to a list, with makers, no prices */
	CHECK(meta_of("目录号,产品名称,剂型,通用规格,挂网企业\n"
	              "X0919,氯霉素片,片剂,0.25g,远大医药(中国)有限公司\n", "cat.csv", NULL, &m));
	CHECK_STR(m.kind, "price_list");
}

TEST(ocds_awards_once_each)
{
	trawl__docmeta m;
	/* awards[1] repeats awards[0] (the same id): the release awards 150 */
	CHECK(meta_of("{\"ocid\":\"ocds-x-1\",\"id\":\"r1\",\"date\":\"2016-05-02T00:00:00Z\","
	              "\"tag\":[\"award\"],\"parties\":[{\"id\":\"b\",\"name\":\"Town of Exeter\","
	              "\"roles\":[\"buyer\"],\"address\":{\"region\":null,\"locality\":\" Exeter \"}}],"
	              "\"awards\":[{\"id\":\"A1\",\"value\":{\"amount\":100,\"currency\":\"GBP\"}},"
	              "{\"id\":\"A1\",\"value\":{\"amount\":100,\"currency\":\"GBP\"}},"
	              "{\"id\":\"A2\",\"value\":{\"amount\":50,\"currency\":\"GBP\"}}]}",
	              "r.json", NULL, &m));
	CHECK_STR(m.kind, "award");
	CHECK_STR(m.kind_src, "ocds");
	CHECK_INT(m.year, 2016);
	CHECK_STR(m.amount, "150");
	CHECK_STR(m.currency, "GBP");
	CHECK_STR(m.place, "Exeter");
}

TEST(ocds_awards_name_their_suppliers)
{
	trawl__docmeta m;
	char lots[512];
	const char *rel = "{\"ocid\":\"ocds-x-2\",\"id\":\"r2\",\"date\":\"2024-05-01T00:00:00Z\","
		"\"tag\":[\"award\"],\"parties\":[{\"id\":\"S1\",\"name\":\"甲安科技有限公司\","
		"\"roles\":[\"supplier\"]},{\"id\":\"S2\",\"name\":\"乙盾科技有限公司\","
		"\"roles\":[\"supplier\"]}],\"awards\":["
		"{\"id\":\"A1\",\"value\":{\"amount\":1200000,\"currency\":\"CNY\"},"
		"\"suppliers\":[{\"id\":\"S1\",\"name\":\"甲安科技有限公司\"}]},"
		"{\"id\":\"A2\",\"value\":{\"amount\":800000,\"currency\":\"CNY\"},"
		"\"suppliers\":[{\"id\":\"S2\",\"name\":\"乙盾科技有限公司\"}]}]}";
	char two[2048];

	CHECK(lots_of(rel, &m, lots, sizeof lots));
	CHECK_STR(m.amount, "2000000");
	CHECK_STR(lots, "1200000 甲安科技有限公司; 800000 乙盾科技有限公司");
	/* an award of two suppliers (a consortium): none is split */
	snprintf(two, sizeof two, "%s", rel);
	{
		char *p = strstr(two, "{\"id\":\"S2\",\"name\":\"乙盾科技有限公司\"}]}]}");
		CHECK(p != NULL);
		if (p)
			snprintf(p, sizeof two - (size_t)(p - two), "%s",
			         "{\"id\":\"S2\",\"name\":\"乙盾科技有限公司\"},"
			         "{\"id\":\"S1\",\"name\":\"甲安科技有限公司\"}]}]}");
	}
	CHECK(lots_of(two, &m, lots, sizeof lots));
	CHECK_STR(m.amount, "2000000");
	CHECK_STR(lots, "");
}

/* A value of no currency elsewhere in the release (its planning budget)
 * leaves the awards' lots as they are */
TEST(ocds_lots_beside_a_value_of_no_currency)
{
	trawl__docmeta m;
	char lots[512];
	CHECK(lots_of("{\"ocid\":\"ocds-x-4\",\"id\":\"r4\",\"date\":\"2024-05-01T00:00:00Z\","
	              "\"tag\":[\"award\"],\"planning\":{\"budget\":{\"amount\":{\"amount\":3000000}}},"
	              "\"parties\":[{\"id\":\"S1\",\"name\":\"甲安科技有限公司\",\"roles\":[\"supplier\"]},"
	              "{\"id\":\"S2\",\"name\":\"乙盾科技有限公司\",\"roles\":[\"supplier\"]}],\"awards\":["
	              "{\"id\":\"A1\",\"value\":{\"amount\":1200000,\"currency\":\"CNY\"},"
	              "\"suppliers\":[{\"id\":\"S1\",\"name\":\"甲安科技有限公司\"}]},"
	              "{\"id\":\"A2\",\"value\":{\"amount\":800000,\"currency\":\"CNY\"},"
	              "\"suppliers\":[{\"id\":\"S2\",\"name\":\"乙盾科技有限公司\"}]}]}",
	              &m, lots, sizeof lots));
	CHECK_STR(m.amount, "2000000");
	CHECK_STR(lots, "1200000 甲安科技有限公司; 800000 乙盾科技有限公司");
}

TEST(ocds_long_region_cut_at_a_character)
{
	trawl__docmeta m;
	char rel[1024], region[400] = "";
	/* a buyer's region outside the gazetteer, longer than the place
	 * holds (237 bytes): cut at a character's end; before, the 127th byte
	 * cut 乙 in half and the place was stored and printed as invalid UTF-8 */
	for (int i = 0; i < 6; i++)
		strcat(region, "甲乙丙丁戊己庚辛壬癸子丑寅");
	strcat(region, "区");
	snprintf(rel, sizeof rel, "{\"ocid\":\"ocds-x-2\",\"id\":\"r2\",\"date\":"
	         "\"2024-01-02T00:00:00Z\",\"tag\":[\"award\"],\"parties\":[{\"id\":\"b\","
	         "\"name\":\"某局\",\"roles\":[\"buyer\"],\"address\":{\"region\":\"%s\"}}],"
	         "\"awards\":[{\"id\":\"A1\",\"value\":{\"amount\":9,\"currency\":\"CNY\"}}]}",
	         region);
	CHECK(meta_of(rel, "r.json", NULL, &m));
	CHECK_STR(m.place_src, "ocds");
	CHECK_INT((long)strlen(m.place), 126);
	CHECK(trawl__utf8_valid(m.place, strlen(m.place)));
	CHECK(!strncmp(m.place, region, strlen(m.place)));
}

/* The text of the fact m's amount_fact names, or "". */
static const char *amount_quote(const char *text, const trawl__docmeta *m, char *out, size_t n)
{
	trawl__parse_opts o = { "/tmp", 1 << 20, 1 << 20, 0, NULL, NULL, { 0, NULL, 0 } };
	trawl__docset ds;
	trawl_diag d;

	memset(&d, 0, sizeof d);
	out[0] = '\0';
	trawl__docset_init(&ds, 0);
	if (trawl__parse(&o, "q.txt", text, strlen(text), &ds, &d) == TRAWL_OK && ds.docs.n) {
		const trawl__doc *doc = TRAWL_VEC_AT(&ds.docs, trawl__doc *, 0);
		if (m->amount_fact && m->amount_fact <= doc->facts.n) {
			const trawl__dfact *f = &TRAWL_VEC_AT(&doc->facts, trawl__dfact, m->amount_fact - 1);
			const trawl__unit *u = TRAWL_VEC_AT(&doc->units, trawl__unit *, f->unit);
			snprintf(out, n, "%.*s", (int)(f->end - f->start), u->nt.text.data + f->start);
		}
	}
	trawl__docset_release(&ds);
	return out;
}

TEST(amount_of_no_unit_is_named_never_taken)
{
	static const struct {
		const char *text;
		const char *amount, *currency, *src, *quote;
	} cases[] = {
		/* a figure of no unit or currency after its label: named, not yuan */
		{ "某县公安局视频监控设备采购项目中标公告\n中标供应商：甲安科技有限公司\n"
		  "中标金额：120万\n", "", "", "unstated", "120万" },
		{ "某县公安局执法记录仪采购项目成交公告\n成交供应商：乙盾科技有限公司\n"
		  "成交金额：1200000\n", "", "", "unstated", "1200000" },
		/* its restatement beside it states the unit */
		{ "某县公安局执法记录仪采购项目成交公告\n成交供应商：乙盾科技有限公司\n"
		  "成交金额：1200000（大写：壹佰贰拾万元整）\n", "1200000", "CNY", "award", "1200000" },
		{ "某县公安局执法记录仪采购项目成交公告\n成交金额：1200000\n"
		  "成交金额（大写）：壹佰贰拾万元整\n", "1200000", "CNY", "award", NULL },
		/* one lot of no unit: the sum is not known, never the other lot alone */
		{ "某县公安局视频监控设备采购项目中标公告\n"
		  "包1中标供应商：甲安科技有限公司，中标金额：100万元\n"
		  "包2中标供应商：乙盾科技有限公司，中标金额：80万\n", "", "", "unstated", "80万" },
		/* another lot's figure of the same value is no restatement */
		{ "某县公安局视频监控设备采购项目中标公告\n"
		  "包1中标供应商：甲安科技有限公司，中标金额：50万元\n"
		  "包2中标供应商：乙盾科技有限公司，中标金额：50万\n", "", "", "unstated", "50万" },
		/* the same lots, both stated: the sum */
		{ "某县公安局视频监控设备采购项目中标公告\n"
		  "包1中标供应商：甲安科技有限公司，中标金额：100万元\n"
		  "包2中标供应商：乙盾科技有限公司，中标金额：80万元\n", "1800000", "CNY", "award",
		  NULL },
		/* a bare figure that a stated one repeats is that one */
		{ "某县公安局执法记录仪采购项目成交公告\n成交金额：1,200,000.00元\n"
		  "合同金额：1200000\n", "1200000", "CNY", NULL, NULL },
		/* stated: as before */
		{ "某县公安局执法记录仪采购项目成交公告\n成交金额：120万元\n", "1200000", "CNY",
		  "award", "120万元" },
		/* a job ad has no amount, stated or not */
		{ "吉林省公安厅2024年公开招聘警务辅助人员公告\n月薪：4500\n", "", "", NULL, NULL },
		/* an OCDS award of no currency */
		{ "{\"ocid\":\"ocds-x-2\",\"id\":\"r2\",\"date\":\"2016-05-02T00:00:00Z\","
		  "\"tag\":[\"award\"],\"awards\":[{\"id\":\"A1\",\"value\":{\"amount\":100}}]}",
		  "", "", "unstated", NULL },
		/* one award of a currency, one of none: no sum */
		{ "{\"ocid\":\"ocds-x-3\",\"id\":\"r3\",\"date\":\"2016-05-02T00:00:00Z\","
		  "\"tag\":[\"award\"],\"awards\":[{\"id\":\"A1\",\"value\":{\"amount\":100,"
		  "\"currency\":\"GBP\"}},{\"id\":\"A2\",\"value\":{\"amount\":50}}]}",
		  "", "", "unstated", NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		trawl__docmeta m;
		char q[64];
		int json = cases[i].text[0] == '{';
		CHECK(meta_of(cases[i].text, json ? "r.json" : "u.txt", NULL, &m));
		CHECK_STR(m.amount, cases[i].amount);
		CHECK_STR(m.amount[0] ? m.currency : "", cases[i].currency);
		if (cases[i].src || !cases[i].amount[0])
			CHECK_STR(m.amount_src ? m.amount_src : "", cases[i].src ? cases[i].src : "");
		if (cases[i].src && !strcmp(cases[i].src, "unstated"))
			CHECK(m.amount_fact > 0);
		if (cases[i].quote && !json)
			CHECK_STR(amount_quote(cases[i].text, &m, q, sizeof q), cases[i].quote);
		if (test_failed)
			fprintf(stderr, "  (case %zu)\n", i);
	}
}

/* The award's labels as notices write them: 中标（成交）价格, 成交报价,
 * 签约合同价; and the winner's bid where it is the only one stated (中标人：…
 * 投标报价：…), never a list of bidders' or candidates' bids. */
TEST(award_labels_and_the_winners_bid)
{
	static const struct {
		const char *text, *amount;
	} cases[] = {
		{ "某局监所设备采购项目中标（成交）结果公告\n中标（成交）供应商：丁锐科技有限公司\n"
		  "中标（成交）价格：¥2,360,000.00\n", "2360000" },
		{ "某局执法记录仪采购项目成交结果公告\n成交供应商：甲盾科技有限公司\n"
		  "成交报价：98.5万元\n", "985000" },
		{ "某局执法记录仪采购项目中标结果公告\n中标人：甲盾科技有限公司\n"
		  "中标报价：98.5万元\n", "985000" },
		{ "某局办案中心改造工程中标结果公告\n中标人：辛建设集团有限公司\n"
		  "签约合同价：412.36万元\n", "4123600" },
		{ "某局无人机反制设备采购项目中标公告\n中标单位：丙安科技有限公司\n"
		  "投标报价：人民币1,280,000.00元\n", "1280000" },
		/* the same bid in words and figures is one */
		{ "某局无人机反制设备采购项目中标公告\n中标单位：丙安科技有限公司\n"
		  "投标报价：壹佰贰拾捌万元整（¥1,280,000.00）\n", "1280000" },
		/* candidates' bids: no award among them */
		{ "某局办案中心改造项目中标公告\n"
		  "第一中标候选人：辛建设集团有限公司，投标报价：412.36万元\n"
		  "第二中标候选人：壬建工有限公司，投标报价：420.10万元\n", "" },
		/* a stated award wins over the bids */
		{ "某局办案中心改造项目中标公告\n投标人甲，投标报价：412.36万元；"
		  "投标人乙，投标报价：420.10万元。\n中标金额：412.36万元\n", "4123600" },
		/* a rate or an attachment is no amount */
		{ "某局食堂食材配送服务项目成交公告\n成交供应商：戊鲜农业有限公司\n"
		  "成交金额：下浮率12%\n预算金额：60万元\n", "" },
		/* a ceiling, an average or the valid bids are no one's bid */
		{ "某局食堂食材配送服务项目成交公告\n成交供应商：戊鲜农业有限公司\n"
		  "成交金额：下浮率8%\n最高投标报价：150万元\n", "" },
		{ "某局设备采购项目中标公告\n中标人：甲盾科技有限公司\n中标金额：详见附件\n"
		  "平均投标报价：142万元\n", "" },
		{ "某局设备采购项目中标公告\n中标人：甲盾科技有限公司\n有效投标报价：142万元\n", "" },
		/* a qualifier of something else before the bid is none */
		{ "某局设备采购项目成交公告\n成交供应商：某某科技有限公司，综合得分最高，"
		  "最终报价：486,000.00元\n", "486000" },
		/* a bid named after no winner, or among candidates */
		{ "某局设备采购项目中标公告\n开标记录：投标报价：128万元\n", "" },
		{ "某局设备采购项目中标候选人公示\n中标人：第一中标候选人甲盾科技有限公司\n"
		  "投标报价：128万元\n", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		trawl__docmeta m;
		CHECK(meta_of(cases[i].text, "u.txt", NULL, &m));
		CHECK_STR(m.kind, "award");
		CHECK_STR(m.amount, cases[i].amount);
		if (test_failed)
			fprintf(stderr, "  (case %zu)\n", i);
	}
}

/* An aside in brackets between a label and its amount (采购预算（最高限价）：)
 * is passed over, unless it makes the amount another (不含…, 上年); a
 * contract notice that states no publication has its signing's year. */
TEST(label_asides_and_a_contracts_signing)
{
	trawl__docmeta m;

	CHECK(meta_of("某局执法办案中心信息化项目招标公告\n采购预算（最高限价）：人民币叁佰万元整"
	              "（¥3,000,000.00）\n公告日期：2024年5月4日\n", "u.txt", NULL, &m));
	CHECK_STR(m.kind, "tender");
	CHECK_STR(m.amount, "3000000");
	CHECK(meta_of("某局监控设备采购项目中标公告\n中标金额（含税价）：86.5万元\n"
	              "公告日期：2024年5月4日\n", "u.txt", NULL, &m));
	CHECK_STR(m.amount, "865000");
	CHECK(meta_of("某局监控设备采购项目中标公告\n中标金额（含税价，元）：865,000.00元\n"
	              "公告日期：2024年5月4日\n", "u.txt", NULL, &m));
	CHECK_STR(m.amount, "865000");
	CHECK(meta_of("某局监控设备采购项目中标公告\n中标金额（不含运维费）：86.5万元\n"
	              "公告日期：2024年5月4日\n", "u.txt", NULL, &m));
	CHECK_STR(m.amount, "");
	/* an aside that makes the amount a part of what the label names */
	{
		static const char *const parts[] = {
			"某局监控设备采购项目中标公告\n中标金额（首年）：86.5万元\n",
			"某局监控设备采购项目中标公告\n中标金额（未含税）：86.5万元\n",
			"某局监控设备租赁项目中标公告\n中标金额（月租金）：5,000元\n",
			"某局2024年部门预算\n支出预算（一般公共预算）：1,200万元\n",
			"某局2024年部门预算\n收入预算（政府性基金）：300万元\n",
			"某局监控设备采购项目中标公告\n中标金额（首年,元）：86.5\n",
		};
		for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
			CHECK(meta_of(parts[i], "u.txt", NULL, &m));
			CHECK_STR(m.amount, "");
			if (test_failed)
				fprintf(stderr, "  (part %zu)\n", i);
		}
	}
	CHECK(meta_of("某县公安局警务用车采购合同公告\n合同编号：HT-33\n供应商名称：庚驰汽车销售有限公司\n"
	              "合同金额（元）：1,365,000.00\n签订日期：2024年5月20日\n", "u.txt", NULL, &m));
	CHECK_STR(m.kind, "contract");
	CHECK_STR(m.amount, "1365000");
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.year_src, "signed");
	/* a signing deadline, or a signing in a notice of another kind, is
	 * no year */
	CHECK(meta_of("某局2024年办公设备采购项目招标公告\n预算金额：50万元\n"
	              "合同签订时间：2025年1月10日前\n", "u.txt", NULL, &m));
	CHECK_INT(m.year, 2024);
	CHECK(meta_of("某局办公设备采购项目招标公告\n预算金额：50万元\n"
	              "合同签订日期：2025年1月10日\n", "u.txt", NULL, &m));
	CHECK_STR(m.kind, "tender");
	CHECK(!m.year_src || strcmp(m.year_src, "signed"));
	/* the publication wins over the signing */
	CHECK(meta_of("某县公安局警务用车采购合同公告\n合同金额：136.5万元\n签订日期：2023年12月20日\n"
	              "公告日期：2024年1月5日\n", "u.txt", NULL, &m));
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.year_src, "published");
}

/* A fiscal year in Chinese numerals; a notice's publication before a year
 * its text names; a title line or a bracketed date above a total is not
 * its sentence (their years were "another year's", the total lost). */
TEST(years_and_the_lines_above_a_total)
{
	trawl__docmeta m;
	CHECK(meta_of("某县公安局二〇二三年度部门决算\n发布日期：二〇二四年八月十日\n"
	              "收入决算总计：1,234.56万元\n", "y1.txt", NULL, &m));
	CHECK_INT(m.year, 2023);
	CHECK_STR(m.year_src, "fiscal");
	CHECK_STR(m.amount, "12345600");
	CHECK(meta_of("某县公安局二○二三年度部门决算\n收入决算总计：1,234.56万元\n", "y1b.txt", NULL, &m));
	CHECK_INT(m.year, 2023);
	CHECK(meta_of("某县公安局二O二三年度部门决算\n收入决算总计：1,234.56万元\n", "y1c.txt", NULL, &m));
	CHECK_INT(m.year, 2023);
	CHECK(meta_of("某县公安局视频监控采购项目中标公告\n发布时间：2024/12/30 10:00\n"
	              "中标金额：120万元\n2025年度服务\n", "y3.txt", NULL, &m));
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.year_src, "published");
	CHECK_STR(m.amount, "1200000");
	CHECK(meta_of("某县公安局2025年部门预算\n（2024年12月30日公开）\n收入预算总计：1,234.56万元\n",
	              "y2.txt", NULL, &m));
	CHECK_INT(m.year, 2025);
	CHECK_STR(m.amount, "12345600");
	CHECK(meta_of("某县公安局FY2024-2025预算\n收入总计1,000万元\n", "y5.txt", NULL, &m));
	CHECK_STR(m.amount, "10000000");
	/* a heading above speaks of what follows: still not the own total */
	CHECK(meta_of("某县公安局2024年部门预算\n（一）全市公安机关情况\n收入总计9.87亿元\n",
	              "y6.txt", NULL, &m));
	CHECK_STR(m.amount, "");
}

TEST(job_ad_has_no_amount)
{
	trawl__docmeta m;
	CHECK(meta_of("吉林省公安厅2024年公开招聘警务辅助人员公告\n月薪4,500元。\n报名费：100元。\n",
	              "g.txt", NULL, &m));
	CHECK_STR(m.kind, "job_ad");
	CHECK_STR(m.amount, "");
	CHECK_STR(m.place, "吉林省");
}

TEST(invoice_kind_year_amount)
{
	trawl__docmeta m;
	/* an e-invoice's text as a PDF gives it: its first line the machine
	 * number, a line of cipher, the total in words and in figures */
	const char *inv =
		"机器编号:016000351595\t重庆增值税电子普通发票发票代码:050001700111发票号码:99999951"
		"开票日期:2020年10月10日校验码:14754 82292 98567 72523\n"
		"名称:科游迈利有限公司\t00664<120+*+2-984159/29<+>17\n密码区\n购买方\n"
		"项目名称\t规格型号\t单位\t数量\t单价\t金额\t税率\t税额\n"
		"*餐饮服务*餐费\t次\t4\t25\t100.00\t6%\t6.00\n"
		"合计\t¥300.00\t¥18.00\n"
		"价税合计(大写)\t叁佰壹拾捌圆整\t(小写)¥318.00\n"
		"名 称:杭州融易算企业管理咨询有限公司\n销售方\n"
		"2021年3月1日\n";
	char q[256];

	CHECK(meta_of(inv, "fp.txt", NULL, &m));
	CHECK_STR(m.kind, "invoice");
	CHECK_STR(m.kind_src, "text");
	/* its date of issue, not the date alone on its last line */
	CHECK_INT(m.year, 2020);
	CHECK_STR(m.year_src, "issued");
	/* the total with tax, not 合计 (before tax) nor the tax */
	CHECK_STR(m.amount, "318");
	CHECK_STR(m.currency, "CNY");
	CHECK_STR(m.amount_src, "invoice");
	CHECK(amount_quote(inv, &m, q, sizeof q) != NULL);
	CHECK(!strcmp(q, "叁佰壹拾捌圆整") || !strcmp(q, "¥318.00"));
	/* its heading and number are its title */
	{
		char t[160];
		CHECK_INT((int)trawl__invoice_title(inv, strlen(inv), t, sizeof t),
		          (int)strlen("重庆增值税电子普通发票 发票号码:99999951"));
		CHECK_STR(t, "重庆增值税电子普通发票 发票号码:99999951");
	}
	/* a notice that asks for an invoice's number and date is none */
	CHECK(meta_of("报销须知\n报销时请注明发票号码、开票日期和金额，合计不超过5000元。\n",
	              "bx.txt", NULL, &m));
	CHECK_STR(m.kind, "other");
	CHECK_STR(m.amount, "");
	/* ⊗ before the total in words; the figure after (小写) is taken */
	CHECK(meta_of("电子发票(普通发票)\n发票号码:24332000000012345678\n开票日期:2024年03月05日\n"
	              "合计\t¥1000.00\t¥130.00\n价税合计(大写) ⊗壹仟壹佰叁拾圆整 (小写)¥1130.00\n",
	              "q.txt", NULL, &m));
	CHECK_STR(m.kind, "invoice");
	CHECK_STR(m.amount, "1130");
	/* a 通用机打发票 states no tax: its 合计金额 */
	CHECK(meta_of("广东省通用机打发票\n发票代码:144001900111\n发票号码:01234567\n"
	              "开票日期:2020-06-01\n合计金额(大写):壹仟贰佰元整 (小写):¥1200.00\n",
	              "jd.txt", NULL, &m));
	CHECK_STR(m.kind, "invoice");
	CHECK_STR(m.amount, "1200");
	/* none of these is an invoice: an annex of a contract, an expense
	 * claim, a list of invoices, a notice, a training's sample, a form's
	 * blanks (after a review and probe G: all had been) */
	{
		static const char *const not_inv[] = {
			"附件2\n合同编号：HT2024-01\n合同金额：100万元\n发票号码：12345678\n开票日期：2024-03-05\n",
			"差旅费报销单\n姓名：张三\n发票号码：12345678  开票日期：2024年3月5日\n金额：300元\n",
			"2024年度发票清单\n序号\t发票号码\t开票日期\t金额\t价税合计\n1\t12345678\t2024-03-05\t100\t106\n",
			"关于规范发票管理的说明\n各单位在报账时应填写发票号码: 以及开票日期: 两栏。\n",
			"发票基础知识培训讲义\n一、样张\n浙江增值税电子普通发票\n发票号码:12345678\n"
			"开票日期:2020年01月01日\n价税合计(大写)壹佰圆整 (小写)¥100.00\n",
			"物业服务合同\n发票号码：__________ 开票日期：__________\n合同金额：36万元\n",
			"审计报告\n该单位取得增值税专用发票(发票号码：04512345，开票日期：2024年1月2日)，"
			"价税合计12万元。\n",
		};
		for (size_t i = 0; i < sizeof not_inv / sizeof not_inv[0]; i++) {
			CHECK(meta_of(not_inv[i], "x.txt", NULL, &m));
			if (!strcmp(m.kind, "invoice"))
				CHECK_STR(not_inv[i], "(not an invoice)");
		}
	}
	/* a red-letter invoice's total is below zero: none */
	CHECK(meta_of("电子发票(普通发票)\n发票号码:24332000000012345678\n开票日期:2024年03月05日\n"
	              "价税合计(大写) ⊗(负数)肆佰伍拾贰圆整 (小写)¥-452.00\n", "red.txt", NULL, &m));
	CHECK_STR(m.kind, "invoice");
	CHECK_STR(m.amount, "");
	/* its date label spaced as PDFs print it; its buyer, a 招标代理, on a
	 * line before its heading */
	CHECK(meta_of("机器编号:499098716218\n名称:浙江某某招标代理有限公司 密码区 03<>12\n"
	              "浙江增值税专用发票\n发票号码:12345678\n开 票 日 期 :2024年03月05日\n"
	              "价税合计(大写)⊗壹佰圆整 (小写)¥100.00\n", "sp.txt", NULL, &m));
	CHECK_STR(m.kind, "invoice");
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.year_src, "issued");
	CHECK_STR(m.amount, "100");
	/* a claim's line that names the invoice is no heading */
	CHECK(meta_of("差旅费报销单\n报销人:李四\n票据:增值税电子普通发票 发票号码:24332000000012345678 "
	              "开票日期:2024-03-05 金额:452.00元\n", "cl.txt", NULL, &m));
	CHECK_STR(m.kind, "other");
	/* a title of another kind wins over an invoice's labels */
	CHECK(meta_of("巡逻艇购置项目中标结果公告\n发票号码：12345678\n开票日期：2024年1月5日\n"
	              "中标金额：120万元\n", "zb.txt", NULL, &m));
	CHECK_STR(m.kind, "award");
	CHECK_STR(m.amount, "1200000");
}

TEST(tender_range_of_years_is_its_own)
{
	trawl__docmeta m;
	/* a span of years that holds the document's is its own (a sweep of
	 * real notices: 2024-2025年 had made 预算金额 another year's, and the
	 * table's rows under a header naming it another year's too) */
	CHECK(meta_of("北京大学图书馆2024-2025年文献资源建设供应商项目公开招标公告\n"
	              "项目名称:北京大学图书馆2024-2025年文献资源建设供应商项目\n"
	              "预算金额:1331.000000 万元(人民币)\n", "t.txt", NULL, &m));
	CHECK_STR(m.kind, "tender");
	CHECK_STR(m.amount, "13310000");
	/* another year beside it still is another's */
	CHECK(meta_of("某局2024年部门预算\n2022-2023年收入总计9,870.00万元。\n", "t2.txt", NULL, &m));
	CHECK_STR(m.amount, "");
}

TEST(quoted_signature_is_not_published)
{
	trawl__docmeta m;
	/* a regulation an annex quotes, its date alone on its line years
	 * before the dates the opening writes: not the document's publication
	 * (a sweep of real tenders: 黄浦海关 2026 was 2011) */
	CHECK(meta_of("黄浦海关辅助服务采购项目招标文件\n2026年3月\n一、项目名称:2026年黄浦海关辅助服务\n"
	              "最高限价:241.71万元\n附件:政府采购促进中小企业发展暂行办法\n第一条 为了发挥政府采购的政策功能\n"
	              "二○一一年六月十八日\n", "q.txt", NULL, &m));
	CHECK(m.year != 2011);
	/* a notice signed below its text is still published then */
	CHECK(meta_of("某局关于开展专项检查的通知\n各单位:\n请于2024年3月31日前报送。\n某局\n2024年3月1日\n",
	              "n.txt", NULL, &m));
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.year_src, "published");
}

TEST(invoice_title_heading)
{
	char t[160];
	const char *a = "电子发票(增值税专用发票) 发票号码:24112000000048542163\n开票日期:2024年05月28日\n";
	const char *b = "发票代码:033002200211\n电子凭证 发票号码:99934328\n浙江增值税电子普通发票\n"
	                "开票日期:2022年09月01日\n";
	const char *c = "发票专用章\n发票号码:12345678\n开票日期:2022年09月01日\n";

	CHECK(trawl__invoice_title(a, strlen(a), t, sizeof t) > 0);
	CHECK_STR(t, "电子发票(增值税专用发票) 发票号码:24112000000048542163");
	CHECK(trawl__invoice_title(b, strlen(b), t, sizeof t) > 0);
	CHECK_STR(t, "浙江增值税电子普通发票 发票号码:99934328");
	/* a sentence's 发票 is no heading */
	{
		const char *d = "付款方式\n请附发票。发票号码：12345678 开票日期：2024-03-05\n";
		CHECK_INT((int)trawl__invoice_title(d, strlen(d), t, sizeof t), 0);
	}
	/* a decision that quotes an invoice has none */
	{
		const char *q = "国家税务总局某某市税务局第一稽查局\n税务处理决定书\n上述增值税专用发票"
		                "(发票代码:3300194130,发票号码:12345678,开票日期:2024年03月05日)系虚开。\n";
		CHECK_INT((int)trawl__invoice_title(q, strlen(q), t, sizeof t), 0);
	}
	/* only labels' 发票: no heading */
	CHECK_INT((int)trawl__invoice_title(c, strlen(c), t, sizeof t), 0);
	/* too small a buffer: none, not a cut title */
	CHECK_INT((int)trawl__invoice_title(a, strlen(a), t, 8), 0);
}

TEST(taiwan_is_taiwan)
{
	trawl__docmeta m;
	CHECK(meta_of("中華民國113年度中央政府總預算\n單位：新臺幣千元\n福建省政府 120,310\n",
	              "h.txt", NULL, &m));
	CHECK_STR(m.kind, "budget");
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.place, "台湾");
	CHECK_STR(m.place_src, "taiwan");
}

/* Hong Kong's and Macau's own documents: a bare 元 is their dollar or
 * pataca; a mainland notice that names Hong Kong in an address keeps
 * yuan. */
TEST(sar_documents_own_dollars)
{
	static const struct { const char *text, *amount, *currency; } cases[] = {
		{ "香港特別行政區政府 物流服務署\n批出合約公告\n合約編號：GLD/2024/123\n"
		  "承辦商：某某有限公司\n合約金額：1,280,000元\n", "1280000", "HKD" },
		{ "澳門特別行政區政府 財政局\n公開招標結果\n判給金額：350,000元\n", "350000", "MOP" },
		{ "某某市政府采购中心中标结果公告\n中标供应商：某某（香港）有限公司，"
		  "地址：香港特别行政区九龙湾\n中标金额：1,280,000元\n", "1280000", "CNY" },
		/* stated: as stated */
		{ "香港特別行政區政府 物流服務署\n批出合約公告\n合約金額：人民幣1,280,000元\n",
		  "1280000", "CNY" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		trawl__docmeta m;
		CHECK(meta_of(cases[i].text, "hk.txt", NULL, &m));
		CHECK_STR(m.amount, cases[i].amount);
		CHECK_STR(m.currency, cases[i].currency);
		if (test_failed)
			fprintf(stderr, "  (case %zu)\n", i);
	}
}

/* A form's row: a money label in one cell, a bare figure in the next. Its
 * unit is not stated, as 中标金额：2,345,000 in text: named, never yuan;
 * a unit the table declares is its unit. */
TEST(form_row_figure_of_no_unit)
{
	trawl__docmeta m;
	const char *form =
		"<html><head><meta charset=\"utf-8\"><title>某某市公安局人脸识别系统采购项目中标结果公告"
		"</title></head><body><table><tr><td>项目编号</td><td>ZB-2024-001</td></tr>"
		"<tr><td>中标供应商</td><td>某某科技有限公司</td></tr>"
		"<tr><td>中标金额</td><td>2,345,000</td></tr>"
		"<tr><td>预算金额</td><td>2,500,000.00</td></tr></table></body></html>";
	const char *declared =
		"<html><head><meta charset=\"utf-8\"><title>某某市公安局人脸识别系统采购项目中标结果公告"
		"</title></head><body><p>单位：元</p><table><tr><td>项目编号</td><td>ZB-2024-001</td></tr>"
		"<tr><td>中标供应商</td><td>某某科技有限公司</td></tr>"
		"<tr><td>中标金额</td><td>2,345,000</td></tr></table></body></html>";
	CHECK(meta_of(form, "a.html", NULL, &m));
	CHECK_STR(m.amount, "");
	CHECK_STR(m.amount_src ? m.amount_src : "", "unstated");
	CHECK(m.amount_fact > 0);
	CHECK(meta_of(declared, "a.html", NULL, &m));
	CHECK_STR(m.amount, "2345000");
	CHECK_STR(m.currency, "CNY");
	/* a unit of 万元 declared: the figure is in it, for the document too */
	CHECK(meta_of("<html><head><title>某县公安局执法记录仪采购项目招标公告</title></head><body>"
	              "<p>金额单位：万元</p><table><tr><td>项目编号</td><td>ZB-2024-002</td></tr>"
	              "<tr><td>预算金额</td><td>120</td></tr><tr><td>采购数量</td><td>300</td></tr>"
	              "</table></body></html>", "t.html", NULL, &m));
	CHECK_STR(m.amount, "1200000");
}

/* The facts of the first document read from text, one line each:
 * "KIND VALUE CURRENCY" (1 money, 2 date ...). */
static void facts_of(const char *text, const char *path, char *out, size_t cap)
{
	trawl__parse_opts o = { "/tmp", 1 << 20, 1 << 20, 0, NULL, NULL, { 0, NULL, 0 } };
	trawl__docset ds;
	trawl_diag d;
	size_t w = 0;

	memset(&d, 0, sizeof d);
	out[0] = '\0';
	trawl__docset_init(&ds, 0);
	if (trawl__parse(&o, path, text, strlen(text), &ds, &d) == TRAWL_OK && ds.docs.n) {
		const trawl__doc *doc = TRAWL_VEC_AT(&ds.docs, trawl__doc *, 0);
		for (size_t k = 0; k < doc->facts.n && w < cap; k++) {
			const trawl__dfact *f = &TRAWL_VEC_AT(&doc->facts, trawl__dfact, k);
			int r = snprintf(out + w, cap - w, "%d %s %s\n", f->kind,
			                 trawl__dfact_str(doc, f, TRAWL__FS_VALUE),
			                 trawl__dfact_str(doc, f, TRAWL__FS_CURRENCY));
			if (r < 0)
				break;
			w += (size_t)r;
		}
	}
	trawl__docset_release(&ds);
}

/* A text's table of two columns, label and figure (基本支出<TAB>2080.10
 * under 单位：万元), is a table: its figures are amounts in its unit, and
 * a figure read as money is no date (2080.10 is not October 2080). */
TEST(two_column_text_table_and_no_date_in_money)
{
	static char f[4096];
	trawl__docmeta m;
	const char *text = "某县公安局2024年部门预算\n单位：万元\n项目\t金额\n基本支出\t2080.10\n"
	                   "项目支出\t1999.12\n合计\t4079.22\n";
	CHECK(meta_of(text, "b.txt", NULL, &m));
	CHECK_STR(m.amount, "40792200");
	facts_of(text, "b.txt", f, sizeof f);
	CHECK(strstr(f, "1 20801000 CNY\n") != NULL);
	CHECK(strstr(f, "2080-10") == NULL);
	/* a form of two columns whose rows name times: dates, no money */
	facts_of("某县教育局校舍维修改造项目\n单位：万元\n项目名称\t校舍维修改造\n开工时间\t2024.03\n"
	         "完工时间\t2024.10\n资金总额\t120.5\n", "d.txt", f, sizeof f);
	CHECK(strstr(f, "2024-03") != NULL);
	CHECK(strstr(f, "2024-10") != NULL);
	CHECK(strstr(f, "20240300") == NULL);
	CHECK(strstr(f, "1 1205000 CNY\n") != NULL);
	/* rows whose names only hold such a word are money (人员支出, 年度预算总额,
	 * 非法入境人员遣返); the unit may be in the header row */
	facts_of("<html><body><p>某县公安局2024年部门预算</p><p>单位：万元</p><table><tr><td>项目</td>"
	         "<td>金额</td></tr><tr><td>人员支出</td><td>2,080.10</td></tr><tr><td>年度预算总额"
	         "</td><td>2,580.10</td></tr><tr><td>非法入境人员遣返</td><td>103.92</td></tr>"
	         "<tr><td>在职人员</td><td>120</td></tr></table></body></html>", "e.html", f, sizeof f);
	CHECK(strstr(f, "1 20801000 CNY\n") != NULL);
	CHECK(strstr(f, "1 25801000 CNY\n") != NULL);
	CHECK(strstr(f, "1 1039200 CNY\n") != NULL);
	CHECK(strstr(f, "1 1200000 CNY\n") == NULL);
	facts_of("某局2024年预算\n项目\t金额（万元）\n基本支出\t100\n项目支出\t50\n合计\t150\n", "g.txt", f,
	         sizeof f);
	CHECK(strstr(f, "1 1500000 CNY\n") != NULL);
	/* the same in an HTML table */
	facts_of("<html><body><p>某县公安局2024年部门预算</p><p>单位：万元</p><table>"
	         "<tr><td>项目</td><td>金额</td></tr><tr><td>基本支出</td><td>2080.10</td></tr>"
	         "<tr><td>合计</td><td>4079.22</td></tr></table></body></html>", "b.html", f, sizeof f);
	CHECK(strstr(f, "1 20801000 CNY\n") != NULL);
	CHECK(strstr(f, "2080-10") == NULL);
	/* a list of two fields with one figure is no table: prose as before */
	facts_of("某县公安局会议纪要\n时间\t2024.3.15\n地点\t会议室\n主持\t张三\n", "c.txt", f,
	         sizeof f);
	CHECK(strstr(f, "2024-03-15") != NULL);
}

/* A mainland text that quotes 新臺幣 is no Taiwan document, and a Hong
 * Kong one that quotes it stays Hong Kong's: the other 元 keep their
 * currency, and the place is not 台湾. */
TEST(quoted_new_taiwan_dollars_change_no_currency)
{
	static char f[4096];
	trawl__docmeta m;
	const char *fujian = "福建省2024年对台经贸情况通报\n全省对台进出口总额达500亿元，同比增长"
	                     "百分之五。\n其中台资企业出口折合新臺幣1000亿元。\n省财政安排专项资金2亿元"
	                     "支持两岸产业合作。\n";
	const char *hk = "香港特別行政區政府2024年採購公告\n合約金額：500萬元。\n"
	                 "另有台灣供應商報價新臺幣100萬元。\n";
	facts_of(fujian, "f.txt", f, sizeof f);
	CHECK(strstr(f, "1 50000000000 CNY\n") != NULL);
	CHECK(strstr(f, "1 200000000 CNY\n") != NULL);
	CHECK(strstr(f, "1 100000000000 TWD\n") != NULL);
	CHECK(meta_of(fujian, "f.txt", NULL, &m));
	CHECK_STR(m.place, "福建省");
	facts_of(hk, "h.txt", f, sizeof f);
	CHECK(strstr(f, "1 5000000 HKD\n") != NULL);
	CHECK(strstr(f, "1 1000000 TWD\n") != NULL);
	CHECK(meta_of(hk, "h.txt", NULL, &m));
	CHECK(strcmp(m.place, "台湾") != 0);
	/* a mainland text that names Hong Kong's government in its prose, and
	 * a Taiwan one that names it in Traditional script: their own 元 */
	facts_of("广东省财政厅关于粤港合作情况的报告\n2024年，我省与香港特别行政区政府签署合作协议，"
	         "省级财政安排资金50亿元。\n", "g.txt", f, sizeof f);
	CHECK(strstr(f, "1 5000000000 CNY\n") != NULL);
	facts_of("行政院大陸委員會新聞稿\n陸委會對香港特別行政區政府113年度預算編列3,000萬元，"
	         "113年3月15日公布\n", "t.txt", f, sizeof f);
	CHECK(strstr(f, "1 30000000 TWD\n") != NULL);
	CHECK(strstr(f, "2024-03-15") != NULL);
	/* Hong Kong's releases in simplified script, and a letterhead on the
	 * second line */
	facts_of("香港特别行政区政府新闻公报\n拨款5,000万元。\n", "h1.txt", f, sizeof f);
	CHECK(strstr(f, "1 50000000 HKD\n") != NULL);
	facts_of("新聞公報\n香港特別行政區政府\n撥款5,000萬元。\n", "h2.txt", f, sizeof f);
	CHECK(strstr(f, "1 50000000 HKD\n") != NULL);
}

/* A notice dated only by its publicity period (公告期限：…至…) is of the
 * period's first day's year. */
TEST(publicity_period_dates_a_notice)
{
	trawl__docmeta m;
	CHECK(meta_of("盘龙区公安分局执法记录仪采购项目中标结果公告\n采购人：盘龙区公安分局\n"
	              "中标金额：120万元\n公告期限：2024年3月5日至2024年3月12日\n", "a.txt", NULL, &m));
	CHECK_INT(m.year, 2024);
}

/* A table whose amount cells state their own unit (4,368,500.00元,
 * EUR 1,356,000.00) under a header of none: a row of values, not a
 * header. And an amount written twice, in words and figures (成交金额（大写）
 * | 成交金额（小写）), counts once. */
TEST(amount_cells_with_their_own_unit)
{
	trawl__docmeta m;
	CHECK(meta_of("<html><head><title>北京市东城区园林绿化局古树保护项目中标结果公告</title></head>"
	              "<body><table><tr><td>中标供应商</td><td>地址</td><td>中标金额</td></tr>"
	              "<tr><td>河北绿源园林工程有限公司</td><td>河北省保定市竞秀区朝阳北大街18号</td>"
	              "<td>4,368,500.00元</td></tr></table><p>公告日期：2024年9月11日</p></body></html>",
	              "a.html", NULL, &m));
	CHECK_STR(m.amount, "4368500");
	CHECK_STR(m.currency, "CNY");
	CHECK(meta_of("<html><head><title>某医院设备国际招标中标结果公告</title></head>"
	              "<body><table><tr><td>中标人</td><td>国别</td><td>投标报价</td></tr>"
	              "<tr><td>西门子医疗有限公司</td><td>德国</td><td>EUR 1,356,000.00</td></tr>"
	              "</table></body></html>", "b.html", NULL, &m));
	CHECK_STR(m.amount, "1356000");
	CHECK_STR(m.currency, "EUR");
	CHECK(meta_of("<html><head><title>凯里市城市管理局成交结果公告</title></head>"
	              "<body><table><tr><td>成交供应商</td><td>成交金额(大写)</td><td>成交金额(小写)</td></tr>"
	              "<tr><td>湖南中联重科环境产业有限公司</td><td>人民币叁佰肆拾伍万元整</td>"
	              "<td>¥3,450,000.00</td></tr></table></body></html>", "c.html", NULL, &m));
	CHECK_STR(m.amount, "3450000");
}

/* An autonomous division named by its short name and 州 or 县 (红河州,
 * 石林县) is that division. */
TEST(autonomous_short_names)
{
	trawl__docmeta m;
	CHECK(meta_of("红河州财政局2024年部门预算\n单位：万元\n", "a.txt", NULL, &m));
	CHECK_STR(m.place_code, "532500");
	CHECK(meta_of("石林县教育体育局校园安防设备采购项目中标公告\n采购人：石林县教育体育局\n"
	              "中标金额：120万元\n", "b.txt", NULL, &m));
	CHECK_STR(m.place_code, "530126");
	CHECK(meta_of("大理州公安局2024年部门预算\n", "c.txt", NULL, &m));
	CHECK_STR(m.place_code, "532900");
}

/* An award that lists the goods bought (品目 | 规格型号 | 数量 | 单价 | 总价)
 * is an award, not a price list; its goods' 总价 are not taken for its
 * amount (a list of candidates' bids has the same shape), its own is. */
TEST(award_with_a_list_of_goods)
{
	trawl__docmeta m;
	const char *head = "<html><head><title>某医院病床采购项目中标结果公告</title></head><body>";
	const char *table = "<table><tr><td>品目</td><td>中标供应商</td><td>规格型号</td><td>数量</td>"
	                    "<td>单价(元)</td><td>总价(元)</td></tr><tr><td>电动病床</td>"
	                    "<td>河北恒康医疗器械有限公司</td><td>HK-D05</td><td>120张</td>"
	                    "<td>12,800.00</td><td>1,536,000.00</td></tr><tr><td>护理床</td>"
	                    "<td>河北恒康医疗器械有限公司</td><td>HK-N01</td><td>10张</td>"
	                    "<td>5,000.00</td><td>50,000.00</td></tr></table></body></html>";
	char doc[2048];
	snprintf(doc, sizeof doc, "%s%s", head, table);
	CHECK(meta_of(doc, "a.html", NULL, &m));
	CHECK_STR(m.kind, "award");
	CHECK_STR(m.amount, "");
	snprintf(doc, sizeof doc, "%s<p>中标金额：1,600,000.00元</p>%s", head, table);
	CHECK(meta_of(doc, "a.html", NULL, &m));
	CHECK_STR(m.amount, "1600000");
}

/* A form (label | value) whose first row names the buyer: its 成交金额
 * row is still money (the column was taken for one of no money). */
TEST(form_amount_below_a_buyer_row)
{
	trawl__docmeta m;
	CHECK(meta_of("<html><head><title>马尔康市交通运输局成交结果公告</title></head><body><table>"
	              "<tr><td>采购人</td><td>马尔康市交通运输局(四川省阿坝藏族羌族自治州马尔康市达萨街"
	              " 68号)</td></tr><tr><td>成交供应商</td><td>青海路桥建设养护有限公司(青海省西宁市"
	              "城西区五四西路 39 号)</td></tr><tr><td>成交金额</td><td>人民币贰佰叁拾肆万伍仟陆佰"
	              "柒拾捌元整(¥2,345,678.00)</td></tr><tr><td>公告日期</td><td>2024 年 9 月 30 日</td>"
	              "</tr></table></body></html>", "a.html", NULL, &m));
	CHECK_STR(m.amount, "2345678");
	CHECK_STR(m.currency, "CNY");
}

/* A budget table under a title of no agency (2024年部门收支总表) names its
 * maker in a 编制单位： or 部门： line: that is its place. */
TEST(budget_maker_line_places_it)
{
	trawl__docmeta m;
	CHECK(meta_of("2024年部门收支总表\n编制单位:昆明市五华区教育体育局\t\t\t单位:万元\n"
	              "收入项目\t预算数\t支出项目\t预算数\n一般公共预算拨款收入\t83000.5\t教育支出\t84100.5\n"
	              "其他收入\t1100\t\t\n收入总计\t84100.5\t支出总计\t84100.5\n", "a.txt", NULL, &m));
	CHECK_STR(m.place_code, "530102");
	/* a column of 部门 (a list of posts) names no issuer */
	CHECK(meta_of("云南省2024年公开招聘岗位表\n部门,岗位,人数\n大理州人民医院,护士,3\n"
	              "红河州人民医院,医师,2\n", "c.csv", NULL, &m));
	CHECK_STR(m.place_code, "530000");
}

/* The issuer before a year written in Chinese digits (…委员会二〇二四年部门预算),
 * under a title that names none. */
TEST(issuer_before_a_chinese_year)
{
	trawl__docmeta m;
	CHECK(meta_of("<html><head><title>二〇二四年部门预算</title></head><body>"
	              "<p>恩施州民族宗教事务委员会二〇二四年部门预算</p><p>一、收支预算总体情况：本年收入"
	              "预算总计1,234.56万元。</p></body></html>", "a.html", NULL, &m));
	CHECK_STR(m.place_code, "422800");
}

TEST(year_order)
{
	trawl__docmeta m;
	/* publication before a year in the title */
	CHECK(meta_of("白山市2024年校园安防设备采购项目成交公告\n公告日期：2023年12月28日\n"
	              "成交金额：人民币捌拾陆万元整\n", "i.txt", NULL, &m));
	CHECK_INT(m.year, 2023);
	CHECK_STR(m.year_src, "published");
	/* a fiscal year before publication */
	CHECK(meta_of("某县2025年度政府采购意向\n发布时间：2024-12-20\n", "j.txt", NULL, &m));
	CHECK_INT(m.year, 2025);
	CHECK_STR(m.year_src, "fiscal");
	/* a kind from the file's name, when nothing else tells */
	CHECK(meta_of("科目编码,项目名称,金额(万元)\n2040299,巡逻艇购置,223.00\n,合计,223.00\n",
	              "2024年部门预算支出明细表.csv", NULL, &m));
	CHECK_STR(m.kind, "budget");
	CHECK_STR(m.kind_src, "file");
	CHECK_STR(m.amount, "2230000");
	/* the file's name, last */
	CHECK(meta_of("通知\n请各单位按时报送材料。\n", "baogao_2022.txt", NULL, &m));
	CHECK_INT(m.year, 2022);
	CHECK_STR(m.year_src, "file");
	CHECK_INT(trawl__fiscal_year("FY2024 Adopted Budget", 21), 2024);
	CHECK_INT(trawl__fiscal_year("2024年5月20日", strlen("2024年5月20日")), 0);
	/* a budget word a few characters on (部门支出预算) */
	CHECK_INT(trawl__fiscal_year("2023年部门支出预算总表", strlen("2023年部门支出预算总表")), 2023);
	/* a spreadsheet's title exported as 标题,,,, is its title, and its
	 * year the budget's, not that of the table's first year column; the
	 * total is then the year's own column */
	CHECK(meta_of("苏州市吴中区农业农村局2023年部门支出预算总表,,,,\n单位：万元,,,,\n"
	              "科目编码,科目名称,2022年预算数,2023年预算数,增减\n"
	              "213,农林水支出,\"1,502.30\",\"1,630.60\",128.30\n"
	              "208,社会保障和就业支出,120.00,130.00,10.00\n"
	              ",支出总计,\"1,702.30\",\"1,845.60\",143.30\n", "b.csv", NULL, &m));
	CHECK_STR(m.kind, "budget");
	CHECK_INT(m.year, 2023);
	CHECK_STR(m.amount, "18456000");
	/* a merged header saved as its text then empty cells (上年预算数,,,)
	 * heads the columns under it: not the prior year's 合计 */
	CHECK(meta_of("绍兴市越城区卫生健康局2024年一般公共预算支出表,,,,,,,\n单位：万元,,,,,,,\n"
	              "科目编码,科目名称,上年预算数,,,本年预算数,,\n"
	              ",,合计,基本支出,项目支出,合计,基本支出,项目支出\n"
	              ",合计,5230.10,3100.00,2130.10,5688.42,3350.12,2338.30\n"
	              "210,卫生健康支出,4980.10,2900.00,2080.10,5402.42,3120.12,2282.30\n", "g.csv",
	              NULL, &m));
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.amount, "56884200");
	/* a final account: what was spent (決算數), not what was budgeted */
	CHECK(meta_of("<html><head><title>臺南市政府文化局112年度單位決算</title></head><body><table>"
	              "<caption>歲出決算表　單位：新臺幣元</caption><tr><th>科目</th><th>預算數</th>"
	              "<th>決算數</th><th>比較增減</th></tr><tr><td>合計</td><td>1,856,420,000</td>"
	              "<td>1,792,306,518</td><td>-64,113,482</td></tr><tr><td>文化行政</td>"
	              "<td>412,300,000</td><td>405,118,230</td><td>-7,181,770</td></tr></table>"
	              "</body></html>", "f.html", NULL, &m));
	CHECK_STR(m.kind, "final_accounts");
	CHECK_STR(m.amount, "1792306518");
	CHECK_STR(m.currency, "TWD");
	/* a budget's 合计 column over 本年收入's sources: not one source */
	CHECK(meta_of("<html><head><title>2024年部门收入预算表</title></head><body>"
	              "<p>单位：万元</p><table><tr><th rowspan=\"2\">科目名称</th><th rowspan=\"2\">"
	              "合计</th><th colspan=\"3\">本年收入</th><th rowspan=\"2\">上年结转</th></tr>"
	              "<tr><th>一般公共预算拨款收入</th><th>政府性基金预算拨款收入</th><th>事业收入</th></tr>"
	              "<tr><td>合计</td><td>3,380.90</td><td>2,950.40</td><td>300.00</td><td>60.50</td>"
	              "<td>70.00</td></tr><tr><td>本级</td><td>2,210.90</td><td>1,880.40</td>"
	              "<td>200.00</td><td>60.50</td><td>70.00</td></tr></table></body></html>",
	              "i.html", NULL, &m));
	CHECK_STR(m.kind, "budget");
	CHECK_STR(m.amount, "33809000");
	/* but a 合计 beside columns of years sums the years (found in review) */
	CHECK(meta_of("某区2024年部门预算支出表\n单位：万元\n项目,2023年,2024年,合计\n"
	              "支出合计,100,200,300\n", "y.csv", NULL, &m));
	CHECK_INT(m.year, 2024);
	CHECK_STR(m.amount, "2000000");
	/* Hong Kong's words for an award and its amount */
	CHECK(meta_of("<html><head><title>批出合約公告</title></head><body><h1>政府物流服務署 "
	              "批出合約公告</h1><p>公告日期：2024年3月14日</p><p>合約金額：HK$4,560,000</p>"
	              "</body></html>", "hk.html", NULL, &m));
	CHECK_STR(m.kind, "award");
	CHECK_STR(m.amount, "4560000");
	CHECK_STR(m.currency, "HKD");
	CHECK(meta_of("香港特別行政區政府 康樂及文化事務署\n招標結果公布\n中標者：某某工程有限公司\n"
	              "中標價：港元1,836,400\n", "hk.txt", NULL, &m));
	CHECK_STR(m.kind, "award");
	CHECK_STR(m.amount, "1836400");
	CHECK_STR(m.currency, "HKD");
	/* a result of exams is no award */
	CHECK(meta_of("2023年公开招聘工作人员笔试成绩结果公布\n", "j.txt", NULL, &m));
	CHECK_STR(m.kind, "job_ad");
}

TEST(place_of_url)
{
	CHECK_STR(trawl__place_name(trawl__place_of_url("http://czt.jl.gov.cn/x")), "吉林省");
	CHECK_STR(trawl__place_name(trawl__place_of_url("https://www.ccgp-sichuan.gov.cn/a?b")),
	          "四川省");
	CHECK_STR(trawl__place_name(trawl__place_of_url("https://www.mof.gov.tw/")), "台湾");
	CHECK_INT(trawl__place_of_url("http://www.gz.gov.cn/"), -1);       /* 广州, a city */
	CHECK_INT(trawl__place_of_url("http://www.gov.cn/zhengce/"), -1);  /* national */
	CHECK_INT(trawl__place_of_url("http://jl.gov.cn.example.com/"), -1);
	CHECK_INT(trawl__place_of_url("https://example.org/jl.gov.cn"), -1);
	CHECK_INT(trawl__place_of_url(NULL), -1);
}

TEST(place_resolve_and_prefix)
{
	int several = 0, p;
	char pre[8];
	p = trawl__place_resolve("吉林", strlen("吉林"), &several);
	CHECK_STR(trawl__place_name(p), "吉林省");
	trawl__place_prefix(p, pre);
	CHECK_STR(pre, "22");
	p = trawl__place_resolve("220100", 6, &several);
	CHECK_STR(trawl__place_name(p), "长春市");
	trawl__place_prefix(p, pre);
	CHECK_STR(pre, "2201");
	CHECK_INT(trawl__place_resolve("朝阳区", strlen("朝阳区"), &several), -1);
	CHECK_INT(several, 1);
	CHECK_INT(trawl__place_resolve("Port Calder", 11, &several), -1);
	CHECK_INT(several, 0);
	CHECK_STR(trawl__place_name(trawl__place_resolve("臺灣", strlen("臺灣"), NULL)), "台湾");
}

TEST(user_amounts)
{
	char v[TRAWL__DEC_MAX], c[4];
	CHECK(trawl__parse_user_amount("1.63亿元", v, c));
	CHECK_STR(v, "163000000");
	CHECK_STR(c, "CNY");
	CHECK(trawl__parse_user_amount("163000000 CNY", v, c));
	CHECK_STR(v, "163000000");
	CHECK(trawl__parse_user_amount("USD 1,284,500", v, c));
	CHECK_STR(v, "1284500");
	CHECK_STR(c, "USD");
	CHECK(trawl__parse_user_amount("2650万 CNY", v, c));
	CHECK_STR(v, "26500000");
	/* no currency, no amount: it is never guessed */
	CHECK(!trawl__parse_user_amount("163000000", v, c));
	CHECK(!trawl__parse_user_amount("about a million", v, c));
	CHECK(!trawl__parse_user_amount("-5 CNY", v, c));
}

TEST(kind_names)
{
	CHECK_STR(trawl__kind_name("budget"), "budget");
	CHECK_STR(trawl__kind_name("决算"), "final_accounts");
	CHECK_STR(trawl__kind_name("price-list"), "price_list");
	CHECK(trawl__kind_name("nonsense") == NULL);
	for (int i = 0; trawl__doc_kinds[i]; i++)
		CHECK_STR(trawl__kind_name(trawl__doc_kinds[i]), trawl__doc_kinds[i]);
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(budget_own_total_not_citywide);
	RUN(budget_without_total_has_none);
	RUN(final_accounts_take_the_final_column);
	RUN(final_account_grand_total_and_cover);
	RUN(budget_total_to_the_yuan);
	RUN(buyer_address_refines_its_place);
	RUN(award_amount_not_unit_prices_nor_vendor_place);
	RUN(award_lots_add_up);
	RUN(award_lots_name_their_vendors);
	RUN(award_amount_column_of_amounts_or_rates);
	RUN(award_in_a_table_of_names_and_values);
	RUN(lots_numbered_and_restated);
	RUN(award_lots_not_paired_when_unsure);
	RUN(correction_counts_the_new_figure);
	RUN(a_figure_is_no_year);
	RUN(tender_budget_before_ceiling);
	RUN(price_list_from_its_table);
	RUN(ocds_awards_once_each);
	RUN(ocds_awards_name_their_suppliers);
	RUN(ocds_lots_beside_a_value_of_no_currency);
	RUN(ocds_long_region_cut_at_a_character);
	RUN(amount_of_no_unit_is_named_never_taken);
	RUN(award_labels_and_the_winners_bid);
	RUN(label_asides_and_a_contracts_signing);
	RUN(years_and_the_lines_above_a_total);
	RUN(job_ad_has_no_amount);
	RUN(invoice_kind_year_amount);
	RUN(invoice_title_heading);
	RUN(tender_range_of_years_is_its_own);
	RUN(quoted_signature_is_not_published);
	RUN(taiwan_is_taiwan);
	RUN(sar_documents_own_dollars);
	RUN(form_row_figure_of_no_unit);
	RUN(two_column_text_table_and_no_date_in_money);
	RUN(quoted_new_taiwan_dollars_change_no_currency);
	RUN(publicity_period_dates_a_notice);
	RUN(amount_cells_with_their_own_unit);
	RUN(autonomous_short_names);
	RUN(award_with_a_list_of_goods);
	RUN(form_amount_below_a_buyer_row);
	RUN(budget_maker_line_places_it);
	RUN(issuer_before_a_chinese_year);
	RUN(year_order);
	RUN(place_of_url);
	RUN(place_resolve_and_prefix);
	RUN(user_amounts);
	RUN(kind_names);
	return failures ? 1 : 0;
}
