/* Unit tests for the party, place and document-kind extractors
 * (lib/facts/party.c, place.c, kind.c). The texts are written here, modeled
 * on the examples corpus; they are normalized text as the extractors get it
 * (NFKC: ASCII punctuation, table cells joined by tabs). */
#include <stdlib.h>
#include "test.h"
#include "facts/fact.h"

int test_failed;

#define MAXF 64

typedef struct got {
	const char *text;
	trawl__fact f[MAXF];
	int n;
	int stop_after;    /* stop the extractor after this many (0: never) */
} got;

static int collect(void *u, const trawl__fact *f)
{
	got *g = u;
	if (g->n < MAXF)
		g->f[g->n++] = *f;
	return g->stop_after && g->n >= g->stop_after;
}

static void parties(got *g, const char *text)
{
	memset(g, 0, sizeof *g);
	g->text = text;
	trawl__extract_parties(text, strlen(text), NULL, collect, g);
}

static void places(got *g, const char *text)
{
	memset(g, 0, sizeof *g);
	g->text = text;
	trawl__extract_places(text, strlen(text), NULL, collect, g);
}

/* The k-th fact of this role (0-based), or NULL. */
static const trawl__fact *role(const got *g, const char *r, int k)
{
	for (int i = 0; i < g->n; i++)
		if (!strcmp(g->f[i].role, r) && k-- == 0)
			return &g->f[i];
	return NULL;
}

static int count_role(const got *g, const char *r)
{
	int k = 0;
	for (int i = 0; i < g->n; i++)
		k += !strcmp(g->f[i].role, r);
	return k;
}

/* The fact's value, after checking that it cites exactly that text. */
static const char *cited(const got *g, const trawl__fact *f)
{
	static char buf[256];
	size_t n;
	if (!f)
		return NULL;
	n = f->end - f->start;
	if (f->end < f->start || n >= sizeof buf)
		return "(bad offsets)";
	memcpy(buf, g->text + f->start, n);
	buf[n] = 0;
	if (f->kind == TRAWL__F_PARTY && strcmp(buf, f->label))
		return "(offsets do not cite the name)";
	return f->kind == TRAWL__F_PARTY ? f->label : f->value;
}

/* ---- parties ------------------------------------------------------- */

TEST(award_notice_fields)
{
	got g;
	parties(&g, "首页 > 政府采购 > 中标公告\n"
	            "东滨市公安局边境管理支队边境地区人脸识别及车辆卡口系统建设项目中标(成交)结果公告\n"
	            "公告日期:2024年5月20日  来源:东滨市公共资源交易中心\n"
	            "三、中标(成交)信息\n"
	            "中标供应商:岭东安视智能科技有限公司\n"
	            "供应商地址:岭东省东滨市高新区创业路18号\n"
	            "五、评审专家名单:陈立新、周敏、黄海燕(采购人代表)\n"
	            "六、代理服务收费标准及金额:按国家有关规定向中标供应商收取。\n"
	            "1.采购人:东滨市公安局边境管理支队\n"
	            "地址:东滨市滨江路96号\n"
	            "2.采购代理机构:岭东华信招标代理有限公司\n"
	            "3.项目联系人:张喆\n");
	CHECK_STR(cited(&g, role(&g, "vendor", 0)), "岭东安视智能科技有限公司");
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "东滨市公安局边境管理支队");
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "岭东华信招标代理有限公司");
	CHECK_INT(count_role(&g, "vendor"), 1);
	CHECK_INT(count_role(&g, "buyer"), 1);
	CHECK_INT(count_role(&g, "agency"), 1);
	CHECK_STR(role(&g, "vendor", 0)->value, "岭东安视智能科技有限公司");
}

TEST(spaced_label_and_trailing_fields)
{
	got g;
	parties(&g, "九、采购人、采购代理机构的名称、地址和联系方式\n"
	            "采 购 人: 东滨市公安局 地址:东滨市滨江路96号\n"
	            "采购代理机构:岭东华信招标代理有限公司地址:东滨市新城大道201号\n"
	            "采购人名称:东滨市公安局,联系方式:0000-1234567\n");
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "东滨市公安局");
	CHECK_INT(count_role(&g, "buyer"), 1);
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "岭东华信招标代理有限公司");
}

TEST(table_header_column)
{
	got g;
	parties(&g, "4、成交结果:\n"
	            "包号\t成交供应商名称\t成交金额(元)\n"
	            "001\t东滨海工船舶有限公司\t2186000.00\n"
	            "002\t岭东警翼科技有限公司\t1476500.00\n"
	            "5、磋商小组成员名单:\n");
	CHECK_INT(count_role(&g, "vendor"), 2);
	CHECK_STR(cited(&g, role(&g, "vendor", 0)), "东滨海工船舶有限公司");
	CHECK_STR(cited(&g, role(&g, "vendor", 1)), "岭东警翼科技有限公司");
}

TEST(table_label_cell_then_name_cell)
{
	got g;
	parties(&g, "采购人\t东滨市公安局边境管理支队\t采购代理机构\t岭东华信招标代理有限公司\n"
	            "合同编号\t合同名称\t采购人\t供应商\t合同金额(元)\n"
	            "HT-1\t巡逻艇购置合同\t东滨市公安局\t东滨海工船舶有限公司\t2,186,000.00\n");
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "东滨市公安局边境管理支队");
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "岭东华信招标代理有限公司");
	CHECK_STR(cited(&g, role(&g, "buyer", 1)), "东滨市公安局");
	CHECK_STR(cited(&g, role(&g, "vendor", 0)), "东滨海工船舶有限公司");
}

TEST(info_block_names)
{
	got g;
	parties(&g, "八、凡对本次公告内容提出询问,请按以下方式联系。\n"
	            "1.采购人信息\n"
	            "名 称:东滨市公安局边境管理支队\n"
	            "地址:东滨市滨江路96号\n"
	            "2.采购代理机构信息\n"
	            "名 称:岭东华信招标代理有限公司\n"
	            "3.项目联系方式\n"
	            "项目联系人:张喆\n");
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "东滨市公安局边境管理支队");
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "岭东华信招标代理有限公司");
	CHECK_INT(g.n, 2);
}

TEST(consortium_and_parentheses)
{
	got g;
	parties(&g, "中标(成交)信息\n"
	            "中标供应商:北京星河科技有限公司(联合体牵头人)、岭东数智信息技术有限公司(联合体成员)\n"
	            "成交供应商名称:华为技术(深圳)有限公司\n"
	            "中标人:岭东正义律师事务所(特殊普通合伙)\n"
	            "采购代理机构:岭东华信招标代理有限公司(东滨市新城大道201号9楼)\n");
	CHECK_STR(cited(&g, role(&g, "vendor", 0)), "北京星河科技有限公司");
	CHECK_STR(cited(&g, role(&g, "vendor", 1)), "岭东数智信息技术有限公司");
	CHECK_STR(cited(&g, role(&g, "vendor", 2)), "华为技术(深圳)有限公司");
	CHECK_STR(cited(&g, role(&g, "vendor", 3)), "岭东正义律师事务所(特殊普通合伙)");
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "岭东华信招标代理有限公司");
}

TEST(entrusted_sentences)
{
	got g;
	parties(&g, "岭东华信招标代理有限公司 受 东滨市公安局边境管理支队 委托,对巡逻艇购置项目进行竞争性磋商,"
	            "现欢迎合格的供应商参加。\n");
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "东滨市公安局边境管理支队");
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "岭东华信招标代理有限公司");
	parties(&g, "受东滨市公安局委托,岭东华信招标代理有限公司对执法记录仪采购项目进行了竞争性磋商,"
	            "现将成交结果公告如下:\n");
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "东滨市公安局");
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "岭东华信招标代理有限公司");
	parties(&g, "东滨市招标有限公司对东滨市第一中学2024年课桌椅采购进行了竞争性磋商采购,现将结果公告如下:\n"
	            "东滨市第二中学对食堂设备采购项目进行了询价,现将结果公告如下:\n");
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "东滨市招标有限公司");
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "东滨市第一中学");
	CHECK_STR(cited(&g, role(&g, "buyer", 1)), "东滨市第二中学");
	/* 接受…委托 and a committee doing something are not parties */
	parties(&g, "代理机构接受采购人委托。评审委员会对响应文件进行了评审。\n");
	CHECK_INT(g.n, 0);
}

TEST(published_on_platform)
{
	got g;
	parties(&g, "岭东国信科技有限公司于2011年09月8日 在阳光易购电子采购平台发布的采购\n"
	            "一体电脑采购项目,经过询价采购程序,最终确认采购结果如下:\n"
	            "成交供应商名称:北京华人方创科技有限公司\n"
	            "成交金额: 人民币14150元\n");
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "岭东国信科技有限公司");
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "阳光易购电子采购平台");
	CHECK_STR(cited(&g, role(&g, "vendor", 0)), "北京华人方创科技有限公司");
}

TEST(labelled_field_beats_sentence)
{
	got g;
	parties(&g, "受东滨市边境管理支队委托,岭东华信招标代理有限公司对巡逻艇项目进行竞争性磋商。\n"
	            "采购人:东滨市公安局边境管理支队\n");
	CHECK_INT(count_role(&g, "buyer"), 1);
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "东滨市公安局边境管理支队");
	/* the agency only came from the sentence, and is still reported */
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "岭东华信招标代理有限公司");
}

TEST(tender_has_no_vendor)
{
	got g;
	parties(&g, "东滨市公安局边境管理支队巡逻艇购置项目竞争性磋商公告\n"
	            "一、采购人的采购需求\n"
	            "采购人依据《中华人民共和国政府采购法》确定成交供应商。\n"
	            "未成交供应商应在成交通知书发出之日起5个工作日内办理退还保证金事宜。\n"
	            "本公告至发布之日起将向中标供应商发布中标通知书。\n"
	            "采购人:东滨市公安局边境管理支队\n"
	            "联系人:边防管理总队财务科 周敏\n"
	            "账户名称:岭东华信招标代理有限公司\n");
	CHECK_INT(count_role(&g, "vendor"), 0);
	CHECK_INT(count_role(&g, "buyer"), 1);
	CHECK_INT(count_role(&g, "agency"), 0);
}

TEST(first_candidate_is_vendor)
{
	got g;
	parties(&g, "某市第一人民医院CT设备采购项目中标候选人公示\n"
	            "招标人:某市第一人民医院\n"
	            "第一中标候选人:上海联影医疗科技股份有限公司\n"
	            "第二中标候选人:东软医疗系统股份有限公司\n");
	CHECK_INT(count_role(&g, "vendor"), 1);
	CHECK(role(&g, "vendor", 0) && !strcmp(role(&g, "vendor", 0)->value,
	                                      "上海联影医疗科技股份有限公司"));
	CHECK_INT(count_role(&g, "buyer"), 1);
}

TEST(label_wei_name_sentences)
{
	got g;
	parties(&g, "经评标委员会评审,确定杭州某某汽车有限公司为中标人,中标价为人民币叁佰贰拾万元整。\n"
	            "本项目成交供应商为某某服饰有限公司,招标人为某区教育局,"
	            "代理机构为某某招标咨询有限公司。\n"
	            "采购人为了保证质量,要求供应商为本地企业。\n");
	CHECK_INT(count_role(&g, "vendor"), 2);
	CHECK(role(&g, "vendor", 0) && !strcmp(role(&g, "vendor", 0)->value, "杭州某某汽车有限公司"));
	CHECK(role(&g, "vendor", 1) && !strcmp(role(&g, "vendor", 1)->value, "某某服饰有限公司"));
	CHECK(role(&g, "buyer", 0) && !strcmp(role(&g, "buyer", 0)->value, "某区教育局"));
	CHECK(role(&g, "agency", 0) && !strcmp(role(&g, "agency", 0)->value, "某某招标咨询有限公司"));
	CHECK_INT(count_role(&g, "buyer"), 1);
}

TEST(buyer_and_agency_without_labels)
{
	got g;
	/* the buyer opens the title; the signing 采购中心 is the agency */
	parties(&g, "关于滨海市教育局2024年校园安保服务采购项目的中标公告\n"
	            "中标人:滨海市保安服务有限公司\n"
	            "中标金额:365.2万元\n"
	            "滨海市政府采购中心\n"
	            "2024年9月2日\n");
	CHECK(role(&g, "buyer", 0) && !strcmp(role(&g, "buyer", 0)->value, "滨海市教育局"));
	CHECK(role(&g, "agency", 0) && !strcmp(role(&g, "agency", 0)->value, "滨海市政府采购中心"));
	parties(&g, "滨海市人民医院医用耗材采购项目成交公告\n成交供应商:国药控股滨海有限公司\n");
	CHECK(role(&g, "buyer", 0) && !strcmp(role(&g, "buyer", 0)->value, "滨海市人民医院"));
	/* not in a title that is not about procurement, nor an agency's */
	parties(&g, "滨海市公安局2024年部门预算\n单位:万元\n");
	CHECK_INT(count_role(&g, "buyer"), 0);
	parties(&g, "滨海正信招标代理有限公司医疗设备采购项目招标公告\n");
	CHECK_INT(count_role(&g, "buyer"), 0);
}

TEST(issuer_title_and_signature)
{
	got g;
	parties(&g, "东滨市公安局关于开展2024年边境地区\"清边\"专项行动的通知\n\n"
	            "东公〔2024〕45号\n\n各分局、边境管理支队:\n\n为进一步维护边境地区治安秩序……\n\n"
	            "联系人:边境管理支队边境管控科 陈某\n\n东滨市公安局\n2024年4月8日");
	CHECK_INT(count_role(&g, "issuer"), 1);
	CHECK_STR(cited(&g, role(&g, "issuer", 0)), "东滨市公安局");
	CHECK_INT(role(&g, "issuer", 0)->start, 0);
	parties(&g, "绩效自评工作的有关要求\n正文……\n岭东省财政厅 岭东省公安厅\n2024年6月3日\n第 1 页\n");
	CHECK_INT(count_role(&g, "issuer"), 2);
	CHECK_STR(cited(&g, role(&g, "issuer", 0)), "岭东省财政厅");
	CHECK_STR(cited(&g, role(&g, "issuer", 1)), "岭东省公安厅");
	parties(&g, "正文……\n特此通知。\n岭东省公安厅 2024年6月3日\n");
	CHECK_STR(cited(&g, role(&g, "issuer", 0)), "岭东省公安厅");
	parties(&g, "东滨市公安局出入境管理服务中心2024年公开招聘编外工作人员公告\n正文。\n");
	CHECK_STR(cited(&g, role(&g, "issuer", 0)), "东滨市公安局出入境管理服务中心");
	/* a last line that is not a signature */
	parties(&g, "正文……\n主办单位:东滨市公共资源交易中心 | 网站地图\n");
	CHECK_INT(g.n, 0);
}

TEST(english_notice)
{
	got g;
	parties(&g, "Notice of Contract Award\n"
	            "Contracting authority: Port Calder Harbour Authority, Marine Operations Division\n"
	            "Awarded to: Calder Marine Systems Ltd, 22 Wharf Road, Port Calder\n"
	            "Tenderer\nNorthsound Boatworks Inc.\n");
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "Port Calder Harbour Authority");
	CHECK_STR(cited(&g, role(&g, "vendor", 0)), "Calder Marine Systems Ltd");
	CHECK_INT(g.n, 2);
}

TEST(ocds_keys)
{
	got g;
	parties(&g, "tag[0]: award\n"
	            "parties[0].id: DB-ORG-0001\n"
	            "parties[0].name: 东滨市公安局边境管理支队\n"
	            "parties[0].roles[0]: buyer\n"
	            "parties[0].contactPoint.name: 装备财务科\n"
	            "parties[1].name: 岭东安视智能科技有限公司\n"
	            "parties[1].roles[0]: tenderer\n"
	            "parties[1].roles[1]: supplier\n"
	            "buyer.name: 东滨市公安局边境管理支队\n"
	            "tender.procuringEntity.name: 岭东华信招标代理有限公司\n"
	            "awards[0].suppliers[0].name: 岭东安视智能科技有限公司\n"
	            "package.publisher.name: 东滨市公共资源交易中心\n");
	CHECK_INT(count_role(&g, "buyer"), 1);
	CHECK_STR(cited(&g, role(&g, "buyer", 0)), "东滨市公安局边境管理支队");
	CHECK_INT(count_role(&g, "vendor"), 1);
	CHECK_STR(cited(&g, role(&g, "vendor", 0)), "岭东安视智能科技有限公司");
	CHECK_STR(cited(&g, role(&g, "agency", 0)), "岭东华信招标代理有限公司");
	CHECK_STR(cited(&g, role(&g, "issuer", 0)), "东滨市公共资源交易中心");
	CHECK_INT(g.n, 4);
}

TEST(long_names_and_stopping)
{
	got g;
	const char *text = "中标供应商:中国人民解放军东滨军分区后勤保障部军需物资供应站东滨分站\n"
	                   "采购人:东滨市公安局\n";
	parties(&g, text);
	/* the whole name, in the value and in the citation */
	CHECK_STR(cited(&g, role(&g, "vendor", 0)), "中国人民解放军东滨军分区后勤保障部军需物资供应站东滨分站");
	CHECK_STR(role(&g, "vendor", 0)->value, "中国人民解放军东滨军分区后勤保障部军需物资供应站东滨分站");
	memset(&g, 0, sizeof g);
	g.text = text;
	g.stop_after = 1;
	trawl__extract_parties(text, strlen(text), NULL, collect, &g);
	CHECK_INT(g.n, 1);
	parties(&g, "");
	CHECK_INT(g.n, 0);
}

/* ---- places -------------------------------------------------------- */

TEST(place_chain_with_codes)
{
	got g;
	places(&g, "地址:辽宁省丹东市振兴区洋河大街30号");
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].role, "province");
	CHECK_STR(g.f[0].code, "210000");
	CHECK_STR(cited(&g, &g.f[0]), "辽宁省");
	CHECK_STR(g.f[1].role, "prefecture");
	CHECK_STR(g.f[1].code, "210600");
	CHECK_STR(g.f[2].role, "county");
	CHECK_STR(g.f[2].code, "210603");
	CHECK_STR(g.f[2].value, "振兴区");
	CHECK(!strncmp(g.text + g.f[2].start, "振兴区", g.f[2].end - g.f[2].start));
}

TEST(place_short_forms)
{
	got g;
	places(&g, "北京时间9:30,北京海淀,延边,内蒙古,上海浦东,中山路");
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[0].code, "110000");
	CHECK_STR(g.f[0].value, "北京市");
	CHECK_INT(g.f[0].end - g.f[0].start, 6);       /* the text "北京" */
	CHECK_STR(g.f[1].code, "110108");
	CHECK_STR(g.f[2].code, "222400");
	CHECK_STR(g.f[2].value, "延边朝鲜族自治州");
	CHECK_STR(g.f[3].code, "150000");
	CHECK_STR(g.f[4].code, "310000");
	CHECK_STR(g.f[5].code, "310115");            /* 浦东, right after 上海 */
	places(&g, "上海浦东新区");
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[1].code, "310115");
	/* a two-character county short form needs its prefecture right before it */
	places(&g, "萧山 杭州萧山");
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[0].code, "330100");
	CHECK_STR(g.f[1].code, "330109");
}

TEST(place_shared_names)
{
	got g;
	places(&g, "鼓楼区");
	CHECK_INT(g.n, 0);
	places(&g, "南京市鼓楼区与福州市鼓楼区");
	CHECK_INT(g.n, 4);
	CHECK_STR(g.f[1].code, "320106");
	CHECK_STR(g.f[3].code, "350102");
	places(&g, "福建省…鼓楼区");
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[1].code, "350102");
	/* both 向阳区 are in Heilongjiang: the province is what is sure */
	places(&g, "黑龙江省向阳区");
	CHECK_INT(g.n, 2);
	CHECK_STR(g.f[1].role, "province");
	CHECK_STR(g.f[1].code, "230000");
	CHECK_INT(g.f[1].end - g.f[1].start, 9);
}

TEST(place_common_words_and_company_names)
{
	got g;
	places(&g, "老城区改造,城区道路,合作市场,南部县域经济,市辖区,县");
	CHECK_INT(g.n, 0);
	places(&g, "洛阳市老城区,晋城市城区,徐州沛县");
	CHECK_INT(g.n, 6);
	CHECK_STR(g.f[1].code, "410302");
	CHECK_STR(g.f[3].code, "140502");
	CHECK_STR(g.f[5].code, "320322");
	places(&g, "辽宁金昌建设工程咨询有限公司,开户行:中国农业银行太原街支行,东方金艺美术教育");
	CHECK_INT(g.n, 1);
	CHECK_STR(g.f[0].code, "210000");
	places(&g, "岭东省东滨市高新区创业路18号");
	CHECK_INT(g.n, 0);
}

/* A county whose name is also words (its stem in the stop list) is taken
 * where it starts a word and names a government body, as a buyer or an
 * issuer does; elsewhere only once its prefecture or province was named. */
TEST(place_of_a_body_named_alone)
{
	got g;
	places(&g, "采购人:图们市公安局\n关于龙井市人民政府的通知\n汪清县公安局边境管理大队");
	CHECK_INT(g.n, 3);
	CHECK_STR(g.f[0].code, "222402");
	CHECK_STR(g.f[1].code, "222405");
	CHECK_STR(g.f[2].code, "222424");
	/* no body after it, or not at a word's start: not taken */
	places(&g, "图们市的天气,去龙井市旅游,提高服务水平和县级公安局");
	CHECK_INT(g.n, 0);
	places(&g, "石狮市场监督管理局");
	CHECK_INT(g.n, 0);
}

TEST(place_callback_stops)
{
	got g;
	memset(&g, 0, sizeof g);
	g.text = "辽宁省丹东市";
	g.stop_after = 1;
	trawl__extract_places(g.text, strlen(g.text), NULL, collect, &g);
	CHECK_INT(g.n, 1);
}

/* Text that ends with a character a place name may begin with, in a
 * buffer of exactly its bytes (a cell, a name: no NUL after it): nothing
 * past its end is read (the two-character test looked at t[n] under ASan
 * before it was fixed). */
TEST(place_reads_nothing_past_the_text)
{
	static const char *const ends[] = { "北", "辽宁", "在北", "丹东市" };
	static const int want[] = { 0, 1, 0, 1 };
	for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++) {
		size_t n = strlen(ends[k]);
		char *t = malloc(n);
		got g;
		CHECK(t != NULL);
		memcpy(t, ends[k], n);
		memset(&g, 0, sizeof g);
		trawl__extract_places(t, n, NULL, collect, &g);
		CHECK_INT(g.n, want[k]);
		free(t);
	}
}

/* ---- document kind ------------------------------------------------- */

TEST(kind_from_title)
{
	CHECK_STR(trawl__doc_kind("东滨市公安局边境管理支队2024年部门预算", "", 0), "budget");
	CHECK_STR(trawl__doc_kind("中華民國113年度中央政府總預算(摘錄)", "", 0), "budget");
	CHECK_STR(trawl__doc_kind("2023年预算执行情况和2024年预算草案的报告", "", 0), "budget");
	CHECK_STR(trawl__doc_kind("东滨市公安局2023年度部门决算", "", 0), "final_accounts");
	CHECK_STR(trawl__doc_kind("巡逻艇购置项目竞争性磋商公告", "", 0), "tender");
	CHECK_STR(trawl__doc_kind("东滨市公安局2024年5至6月政府采购意向", "", 0), "tender");
	CHECK_STR(trawl__doc_kind("人脸识别系统建设项目中标(成交)结果公告", "", 0), "award");
	CHECK_STR(trawl__doc_kind("巡逻艇购置项目中标结果公告", "", 0), "award");
	CHECK_STR(trawl__doc_kind("巡逻艇购置政府采购合同公示", "", 0), "contract");
	CHECK_STR(trawl__doc_kind("出入境管理服务中心2024年公开招聘编外工作人员公告", "", 0), "job_ad");
	CHECK_STR(trawl__doc_kind("2024年度公务员招考简章", "", 0), "job_ad");
	CHECK_STR(trawl__doc_kind("关于做好2024年部门预算公开工作的通知", "", 0), "notice");
	CHECK_STR(trawl__doc_kind("东滨市公安局关于开展专项行动的通知", "", 0), "notice");
	CHECK_STR(trawl__doc_kind("Notice of Contract Award PCHA-2024-041", "", 0), "award");
	CHECK_STR(trawl__doc_kind("FY2024 Adopted Budget Summary", "", 0), "budget");
	CHECK_STR(trawl__doc_kind("岗位表", "", 0), "job_ad");
	CHECK_STR(trawl__doc_kind("收支总表", "", 0), "budget");
	CHECK_STR(trawl__doc_kind("会议纪要", "", 0), "other");
	/* a regulation is no tender (a sweep of real documents: 财政部87号令) */
	CHECK_STR(trawl__doc_kind("政府采购货物和服务招标投标管理办法", "", 0), "notice");
	CHECK_STR(trawl__doc_kind("中华人民共和国财政部令第 87 号", "", 0), "notice");
	{
		const char *r = "中华人民共和国财政部令\n第 87 号\n政府采购货物和服务招标投标管理办法\n";
		CHECK_STR(trawl__doc_kind("", r, strlen(r)), "notice");
	}
	CHECK_STR(trawl__doc_kind("某项目招标公告", "", 0), "tender");
	CHECK_STR(trawl__doc_kind(NULL, NULL, 0), "other");
}

TEST(kind_from_text)
{
	const char *t1 = "详细信息\n东滨市公安局出入境管理服务中心2024年公开招聘编外工作人员岗位表\n";
	const char *t2 = "ocid: x\ntag[0]: award\n";
	CHECK_STR(trawl__doc_kind("", t1, strlen(t1)), "job_ad");
	CHECK_STR(trawl__doc_kind("-", t2, strlen(t2)), "award");
}

TEST(kind_body_overrides_reused_title)
{
	const char *tender = "辽宁某学院工作服采购成交公告\n某公司受某学院委托进行竞争性磋商采购,"
	                     "现欢迎合格的供应商参加本次政府采购活动。\n递交响应文件截止时间:2019年8月5日\n";
	const char *award = "笔记本电脑采购公告\n经过询价采购程序,最终确认采购结果如下:\n"
	                    "成交供应商名称:北京某科技有限公司\n成交金额: 人民币3850元\n";
	CHECK_STR(trawl__doc_kind("辽宁某学院工作服采购成交公告", tender, strlen(tender)), "tender");
	CHECK_STR(trawl__doc_kind("笔记本电脑采购公告", award, strlen(award)), "award");
	/* a budget title is never overridden by procurement words in the text */
	CHECK_STR(trawl__doc_kind("2024年部门预算", award, strlen(award)), "budget");
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(award_notice_fields);
	RUN(spaced_label_and_trailing_fields);
	RUN(table_header_column);
	RUN(table_label_cell_then_name_cell);
	RUN(info_block_names);
	RUN(consortium_and_parentheses);
	RUN(entrusted_sentences);
	RUN(published_on_platform);
	RUN(labelled_field_beats_sentence);
	RUN(tender_has_no_vendor);
	RUN(first_candidate_is_vendor);
	RUN(label_wei_name_sentences);
	RUN(buyer_and_agency_without_labels);
	RUN(issuer_title_and_signature);
	RUN(english_notice);
	RUN(ocds_keys);
	RUN(long_names_and_stopping);
	RUN(place_chain_with_codes);
	RUN(place_short_forms);
	RUN(place_shared_names);
	RUN(place_common_words_and_company_names);
	RUN(place_of_a_body_named_alone);
	RUN(place_callback_stops);
	RUN(place_reads_nothing_past_the_text);
	RUN(kind_from_title);
	RUN(kind_from_text);
	RUN(kind_body_overrides_reused_title);
	return failures ? 1 : 0;
}
