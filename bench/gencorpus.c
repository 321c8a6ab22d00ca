/*
 * gencorpus - deterministic benchmark corpus for `trawl add`.
 *
 * Usage: gencorpus [-l LISTFILE] [-s] OUTDIR N [SEED]
 *
 * -s makes small documents (0.3..3 KB of text, short tables) for the
 * scale benchmark (`make bench-scale`): a million of them fit on a disk.
 *
 * Writes N documents under OUTDIR (100 per subfolder, OUTDIR/dNNNN/...)
 * that look like Chinese public-spending documents (budgets, procurement
 * notices, award results), with some English.  Output depends only on N and
 * SEED (default 1); document i depends only on (SEED, i), so the corpus for
 * N is a prefix of the corpus for 10N.
 *
 * Format mix (approximate, drawn per document):
 *   29% .txt UTF-8        15% .txt GB18030      5% .txt Big5 (Traditional)
 *    2% .txt UTF-16LE+BOM 15% .html (1/3 GBK with a charset meta)
 *   10% .csv (UTF-8, UTF-8+BOM or GB18030)      8% .docx   7% .xlsx
 *    5% .json (OCDS release package)            4% .pdf (English, Helvetica)
 *
 * Every document's extractable text contains the ASCII marker word
 * "corpusmark" and (except the English-only ones) the word 预算 / 預算, so
 * a search index can be checked for which documents it really extracted.
 * Text inside <script>/<style> contains "scriptonlytoken"/"styleonlytoken",
 * which a correct extractor must NOT index.
 *
 * stdout: key=value lines (docs, seed, text_bytes, file_bytes, lang.*,
 * zh_docs, and count.FORMAT / text.FORMAT per format).  text_bytes is the UTF-8 size of
 * the text an extractor should produce (markup, scripts and the zip/PDF
 * containers excluded; whole file for CSV/JSON/TXT).
 *
 * -l LISTFILE writes one line per document: RELPATH<TAB>FORMAT<TAB>LANG<TAB>
 * TEXTBYTES (LANG is zh_hans, zh_hant or en).
 *
 * Dependencies: libc (iconv) and libzip (DOCX/XLSX).
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE

#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <zip.h>

/* ------------------------------------------------------------------ */
/* utilities                                                           */

/* -s: small documents (0.3..3 KB of text), so that a million fit on a disk */
static int g_small;

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gencorpus: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(1);
}

typedef struct {
    char *p;
    size_t n, cap;
} buf;

static void b_reserve(buf *b, size_t extra)
{
    if (b->n + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        die("out of memory");
    b->p = p;
    b->cap = cap;
}

static void b_add(buf *b, const void *s, size_t n)
{
    b_reserve(b, n);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void b_puts(buf *b, const char *s) { b_add(b, s, strlen(s)); }

static void b_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    va_list ap2;
    va_copy(ap2, ap);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        die("vsnprintf");
    b_reserve(b, (size_t)len);
    vsnprintf(b->p + b->n, (size_t)len + 1, fmt, ap2);
    va_end(ap2);
    b->n += (size_t)len;
}

static void b_reset(buf *b)
{
    b->n = 0;
    if (b->p)
        b->p[0] = 0;
}

static void b_free(buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* XML/HTML escape */
static void b_xml(buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': b_puts(b, "&amp;"); break;
        case '<': b_puts(b, "&lt;"); break;
        case '>': b_puts(b, "&gt;"); break;
        case '"': b_puts(b, "&quot;"); break;
        default: b_add(b, s, 1);
        }
    }
}

static void b_json(buf *b, const char *s)
{
    b_puts(b, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            b_add(b, "\\", 1);
            b_add(b, s, 1);
        } else if (c < 0x20) {
            b_printf(b, "\\u%04x", c);
        } else {
            b_add(b, s, 1);
        }
    }
    b_puts(b, "\"");
}

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64                                                    */

typedef struct {
    uint64_t s;
} rng;

static uint64_t rnext(rng *r)
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static uint32_t rbelow(rng *r, uint32_t n) { return (uint32_t)(rnext(r) % n); }
static double runit(rng *r) { return (double)(rnext(r) >> 11) / 9007199254740992.0; }
static int rrange(rng *r, int lo, int hi) { return lo + (int)rbelow(r, (uint32_t)(hi - lo + 1)); }

#define PICK(r, arr) ((arr)[rbelow((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])

/* ------------------------------------------------------------------ */
/* vocabulary (Simplified: must be GBK-encodable; Traditional: Big5)   */

static const char *PLACES[] = {
    "北京市", "上海市", "广州市", "深圳市", "杭州市", "成都市", "武汉市", "西安市",
    "南京市", "重庆市", "天津市", "苏州市", "郑州市", "长沙市", "青岛市", "厦门市",
    "昆明市", "乌鲁木齐市", "喀什地区", "拉萨市", "海淀区", "浦东新区", "天河区",
    "福田区", "温州市", "宁波市", "合肥市", "贵阳市", "南宁市", "哈尔滨市", "伊犁州",
};
static const char *DEPTS[] = {
    "公安局", "财政局", "教育局", "卫生健康委员会", "交通运输局", "生态环境局",
    "城市管理局", "应急管理局", "司法局", "民政局", "水务局", "大数据管理局",
    "公安局交通警察支队", "公安局网络安全保卫支队", "市场监督管理局", "人民法院",
    "人民检察院", "政务服务数据管理局", "住房和城乡建设局", "自然资源和规划局",
};
static const char *ITEMS[] = {
    "人脸识别系统", "巡逻艇购置", "视频监控平台", "警用无人机", "执法记录仪",
    "服务器及存储设备", "办公家具", "网络安全等级保护服务", "智慧城市大数据平台",
    "社区网格化管理系统", "车辆识别卡口", "便民服务中心改造", "学校食堂设备",
    "医疗设备", "道路维修工程", "垃圾分类设施", "应急物资储备", "数据中心机房建设",
    "电子政务云服务", "雪亮工程", "公共安全视频图像信息系统", "警务云平台",
    "智能交通信号控制系统", "移动警务终端", "出入境证件制作设备", "物业管理服务",
    "食堂餐饮服务", "公务车辆租赁", "信息化运维服务", "档案数字化加工",
};
static const char *SUPPLIERS[] = {
    "杭州海康威视数字技术股份有限公司", "浙江大华技术股份有限公司", "华为技术有限公司",
    "中国电信股份有限公司分公司", "科大讯飞股份有限公司", "北京旷视科技有限公司",
    "上海商汤智能科技有限公司", "浪潮电子信息产业股份有限公司", "曙光信息产业股份有限公司",
    "太极计算机股份有限公司", "东软集团股份有限公司", "神州数码系统集成服务有限公司",
    "中国移动通信集团有限公司", "北京中科晶上科技有限公司", "广州市云景信息科技有限公司",
    "深圳市天地伟业技术有限公司", "江苏瑞祥警用装备有限公司", "武汉长江船舶设计院有限公司",
};
static const char *AGENCIES[] = {
    "中化商务有限公司", "国信招标集团股份有限公司", "中国远东国际招标有限公司",
    "广东省机电设备招标中心有限公司", "浙江省成套招标代理有限公司", "四川国际招标有限责任公司",
};
static const char *METHODS[] = {
    "公开招标", "竞争性磋商", "竞争性谈判", "单一来源采购", "询价", "框架协议采购", "邀请招标",
};
static const char *NAMES[] = {
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴刚",
    "徐丽", "孙涛", "马超", "朱琳", "胡军", "郭勇",
};
static const char *FUNDS[] = {
    "一般公共预算", "政府性基金预算", "国有资本经营预算", "财政专户管理资金", "上级专项转移支付",
};
static const char *BUDGET_ITEMS[] = {
    "基本支出", "项目支出", "人员经费", "公用经费", "公共安全支出", "教育支出",
    "科学技术支出", "社会保障和就业支出", "卫生健康支出", "节能环保支出", "城乡社区支出",
    "农林水支出", "交通运输支出", "住房保障支出", "一般公共服务支出", "政府采购支出",
};

/* Traditional Chinese (Big5-encodable) */
static const char *T_PLACES[] = {
    "臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市",
    "嘉義市", "宜蘭縣", "花蓮縣", "屏東縣", "金門縣", "澎湖縣",
};
static const char *T_DEPTS[] = {
    "政府警察局", "政府財政局", "政府教育局", "政府衛生局", "政府交通局", "政府環境保護局",
    "消防局", "政府資訊局", "海巡署", "內政部警政署",
};
static const char *T_ITEMS[] = {
    "人臉辨識系統", "巡邏艇購置", "監視錄影系統", "警用無人機", "密錄器", "伺服器設備",
    "資訊安全服務", "車牌辨識系統", "智慧交通號誌", "辦公家具", "道路養護工程", "救災物資儲備",
};
static const char *T_SUPPLIERS[] = {
    "中華電信股份有限公司", "大同股份有限公司", "神通資訊科技股份有限公司",
    "精誠資訊股份有限公司", "台灣國際造船股份有限公司", "晶睿通訊股份有限公司",
    "聯合報系資訊股份有限公司", "宏碁股份有限公司",
};
static const char *T_METHODS[] = {
    "公開招標", "限制性招標", "選擇性招標", "公開取得報價單", "共同供應契約",
};

/* English */
static const char *E_CITIES[] = {
    "Beijing", "Shanghai", "Guangzhou", "Shenzhen", "Hangzhou", "Chengdu", "Wuhan",
    "Xi'an", "Nanjing", "Chongqing", "Tianjin", "Kashgar", "Urumqi", "Lhasa",
};
static const char *E_DEPTS[] = {
    "Public Security Bureau", "Finance Bureau", "Education Bureau", "Health Commission",
    "Transport Bureau", "Big Data Administration", "Emergency Management Bureau",
    "Traffic Police Detachment", "Urban Management Bureau", "Justice Bureau",
};
static const char *E_ITEMS[] = {
    "facial recognition system", "patrol boat purchase", "video surveillance platform",
    "police drones", "body-worn cameras", "servers and storage", "office furniture",
    "network security compliance services", "smart city big data platform",
    "grid management system", "vehicle checkpoint cameras", "data centre construction",
    "e-government cloud services", "mobile policing terminals", "archive digitisation",
};
static const char *E_SUPPLIERS[] = {
    "Hikvision Digital Technology Co., Ltd.", "Zhejiang Dahua Technology Co., Ltd.",
    "Huawei Technologies Co., Ltd.", "iFlytek Co., Ltd.", "Megvii Technology",
    "SenseTime Group", "Inspur Electronic Information Industry Co., Ltd.",
    "China Telecom Corporation", "Neusoft Corporation", "Taiji Computer Corporation",
};
static const char *E_METHODS[] = {
    "open tender", "competitive consultation", "competitive negotiation",
    "single-source procurement", "request for quotations", "framework agreement",
};

/* ------------------------------------------------------------------ */
/* small generators                                                    */

static void amount(rng *r, char *out, size_t n)
{
    /* log-uniform 0.5 .. 50000 (万元) */
    double v = 0.5 * exp(runit(r) * log(100000.0));
    snprintf(out, n, "%.2f", v);
}

typedef struct {
    int y, m, d;
} date;

static date rdate(rng *r)
{
    date t;
    t.y = rrange(r, 2017, 2025);
    t.m = rrange(r, 1, 12);
    t.d = rrange(r, 1, 28);
    return t;
}

static void zh_date(rng *r, char *out, size_t n)
{
    date t = rdate(r);
    snprintf(out, n, "%d年%d月%d日", t.y, t.m, t.d);
}

static void iso_date(rng *r, char *out, size_t n)
{
    date t = rdate(r);
    snprintf(out, n, "%04d-%02d-%02d", t.y, t.m, t.d);
}

static void en_date(rng *r, char *out, size_t n)
{
    static const char *mon[] = {"January", "February", "March", "April", "May", "June", "July",
                                "August", "September", "October", "November", "December"};
    date t = rdate(r);
    snprintf(out, n, "%d %s %d", t.d, mon[t.m - 1], t.y);
}

/* One Simplified-Chinese sentence. */
static void zh_sentence(rng *r, buf *b)
{
    char a1[32], a2[32], a3[32], dt[48];
    amount(r, a1, sizeof a1);
    amount(r, a2, sizeof a2);
    amount(r, a3, sizeof a3);
    zh_date(r, dt, sizeof dt);
    const char *pl = PICK(r, PLACES), *dp = PICK(r, DEPTS), *it = PICK(r, ITEMS);
    switch (rbelow(r, 16)) {
    case 0:
        b_printf(b, "%s%s%s项目于%s发布%s公告，预算金额为%s万元。", pl, dp, it, dt,
                 PICK(r, METHODS), a1);
        break;
    case 1:
        b_printf(b, "经评标委员会评审，确定%s为中标供应商，中标金额%s万元。", PICK(r, SUPPLIERS), a1);
        break;
    case 2:
        b_printf(b, "采购人：%s%s；采购代理机构：%s；联系人：%s，联系电话：0%d-%08d。", pl, dp,
                 PICK(r, AGENCIES), PICK(r, NAMES), rrange(r, 10, 999), rrange(r, 10000000, 99999999));
        break;
    case 3:
        b_printf(b, "%d年部门预算中，%s支出%s万元，比上年增长%d.%d%%，主要用于%s。", rrange(r, 2017, 2025),
                 PICK(r, FUNDS), a1, rrange(r, 0, 35), rrange(r, 0, 9), it);
        break;
    case 4:
        b_printf(b, "根据《中华人民共和国政府采购法》及其实施条例的有关规定，现将%s%s的采购结果公告如下。",
                 pl, it);
        break;
    case 5:
        b_printf(b, "本项目资金来源为财政性资金，年度安排%s万元，其中基本支出%s万元，项目支出%s万元。", a1, a2,
                 a3);
        break;
    case 6:
        b_printf(b, "“三公”经费支出合计%s万元，其中因公出国（境）费%s万元，公务用车购置及运行费%s万元。", a1,
                 a2, a3);
        break;
    case 7:
        b_printf(b, "合同履行期限：自合同签订之日起%d日内完成交付并验收合格，付款方式为分期支付。",
                 rrange(r, 15, 365));
        break;
    case 8:
        b_puts(b, "供应商认为采购文件、采购过程和中标结果使自己的权益受到损害的，可以在知道或者应知其权益受到损害之日起七个工作日内提出质疑。");
        break;
    case 9:
        b_printf(b, "%s%s在%s召开专题会议，研究部署%s建设工作，会议强调要严格执行预算管理制度。", pl, dp, dt, it);
        break;
    case 10:
        b_printf(b, "%s项目共有%d家供应商参与投标，其中%d家通过资格审查，最高报价%s万元，最低报价%s万元。", it,
                 rrange(r, 3, 15), rrange(r, 3, 5), a1, a2);
        break;
    case 11:
        b_printf(b, "截至%s，%s%s预算执行率为%d.%d%%，结转结余资金%s万元。", dt, pl, dp, rrange(r, 40, 99),
                 rrange(r, 0, 9), a1);
        break;
    case 12:
        b_printf(b, "本次采购包括%s、%s和%s等内容，详见采购需求一览表（单位：万元）。", it, PICK(r, ITEMS),
                 PICK(r, ITEMS));
        break;
    case 13:
        b_printf(b, "项目编号：%s%d-%05d，采购方式：%s，开标时间：%s上午9时30分。", "ZFCG", rrange(r, 2017, 2025),
                 rrange(r, 1, 99999), PICK(r, METHODS), dt);
        break;
    case 14:
        b_printf(b, "%s政府采购中心受%s委托，对%s进行%s，欢迎合格的供应商前来投标。", pl, dp, it, PICK(r, METHODS));
        break;
    default:
        b_printf(b, "%s%s决算报表显示，%s支出%s万元，占总支出的%d.%d%%。", pl, dp, PICK(r, BUDGET_ITEMS), a1,
                 rrange(r, 1, 60), rrange(r, 0, 9));
        break;
    }
}

static void tw_sentence(rng *r, buf *b)
{
    char a1[32], a2[32];
    amount(r, a1, sizeof a1);
    amount(r, a2, sizeof a2);
    date t = rdate(r);
    const char *pl = PICK(r, T_PLACES), *dp = PICK(r, T_DEPTS), *it = PICK(r, T_ITEMS);
    switch (rbelow(r, 8)) {
    case 0:
        b_printf(b, "%s%s辦理「%s」採購案，預算金額新臺幣%s萬元，招標方式為%s。", pl, dp, it, a1,
                 PICK(r, T_METHODS));
        break;
    case 1:
        b_printf(b, "本案於民國%d年%d月%d日決標，得標廠商為%s，決標金額%s萬元。", t.y - 1911, t.m, t.d,
                 PICK(r, T_SUPPLIERS), a1);
        break;
    case 2:
        b_printf(b, "依據政府採購法第%d條規定，%s應於決標後公告決標結果。", rrange(r, 18, 70), dp);
        break;
    case 3:
        b_printf(b, "%s年度總預算中，%s編列%s萬元，較上年度增加%s萬元。", pl, it, a1, a2);
        break;
    case 4:
        b_printf(b, "本計畫經費來源為中央補助款及%s自籌款，執行率達百分之%d。", pl, rrange(r, 40, 99));
        break;
    case 5:
        b_printf(b, "投標廠商家數：%d家；履約期限：決標次日起%d日曆天內完成。", rrange(r, 1, 12), rrange(r, 30, 365));
        break;
    case 6:
        b_printf(b, "%s%s表示，%s將提升治安維護及為民服務效能。", pl, dp, it);
        break;
    default:
        b_printf(b, "單位：新臺幣萬元。%s預算書第%d頁列有%s之明細。", dp, rrange(r, 1, 300), it);
        break;
    }
}

static void en_sentence(rng *r, buf *b)
{
    char a1[32], dt[48];
    amount(r, a1, sizeof a1);
    en_date(r, dt, sizeof dt);
    const char *ci = PICK(r, E_CITIES), *dp = PICK(r, E_DEPTS), *it = PICK(r, E_ITEMS);
    switch (rbelow(r, 8)) {
    case 0:
        b_printf(b, "The %s %s awarded a contract for %s to %s for CNY %s ten-thousand yuan on %s.", ci, dp,
                 it, PICK(r, E_SUPPLIERS), a1, dt);
        break;
    case 1:
        b_printf(b, "Budget line %d-%03d covers %s, with an allocation of %s ten-thousand yuan in fiscal year %d.",
                 rrange(r, 200, 299), rrange(r, 1, 999), it, a1, rrange(r, 2017, 2025));
        break;
    case 2:
        b_printf(b, "The procurement method was %s; %d bidders submitted offers before the deadline of %s.",
                 PICK(r, E_METHODS), rrange(r, 1, 14), dt);
        break;
    case 3:
        b_printf(b, "According to the final accounts, the %s in %s spent %s ten-thousand yuan on %s.", dp, ci,
                 a1, it);
        break;
    case 4:
        b_printf(b, "Procurement notices of this kind are published on the %s government procurement website and "
                    "reproduced here for research purposes.", ci);
        break;
    case 5:
        b_printf(b, "Unit: ten thousand yuan (CNY). Figures may not add up due to rounding.");
        break;
    case 6:
        b_printf(b, "Project %s was approved by the %s on %s as part of the annual budget.", it, dp, dt);
        break;
    default:
        b_printf(b, "The winning supplier, %s, quoted %s ten-thousand yuan for the %s.", PICK(r, E_SUPPLIERS),
                 a1, it);
        break;
    }
}

/* ------------------------------------------------------------------ */
/* document model                                                      */

enum lang { L_ZH, L_TW, L_EN };

#define MAXCOLS 8

typedef struct {
    enum lang lang;
    char *title;
    char **paras;
    size_t npara;
    size_t ncols, nrows; /* rows include header */
    char ***cells;       /* [row][col] */
    size_t textlen;      /* approx text bytes (paras + cells) */
} doc;

static char *xstrdup_buf(buf *b)
{
    char *s = strdup(b->p ? b->p : "");
    if (!s)
        die("out of memory");
    return s;
}

static void doc_free(doc *d)
{
    free(d->title);
    for (size_t i = 0; i < d->npara; i++)
        free(d->paras[i]);
    free(d->paras);
    for (size_t i = 0; i < d->nrows; i++) {
        for (size_t j = 0; j < d->ncols; j++)
            free(d->cells[i][j]);
        free(d->cells[i]);
    }
    free(d->cells);
    memset(d, 0, sizeof *d);
}

static void sentence(rng *r, enum lang l, buf *b)
{
    if (l == L_EN) {
        en_sentence(r, b);
        b_puts(b, " ");
    } else if (l == L_TW)
        tw_sentence(r, b);
    else if (rbelow(r, 14) == 0) { /* occasional English inside Chinese docs */
        en_sentence(r, b);
        b_puts(b, " ");
    } else
        zh_sentence(r, b);
}

static void make_doc(rng *r, doc *d, enum lang l, size_t target, unsigned idx)
{
    buf b = {0};
    char a1[32], dt[48];
    memset(d, 0, sizeof *d);
    d->lang = l;

    /* title */
    if (l == L_EN)
        b_printf(&b, "%s %s: %s (%d)", PICK(r, E_CITIES), PICK(r, E_DEPTS), PICK(r, E_ITEMS), rrange(r, 2017, 2025));
    else if (l == L_TW)
        b_printf(&b, "%s%s%s採購案決標公告", PICK(r, T_PLACES), PICK(r, T_DEPTS), PICK(r, T_ITEMS));
    else {
        static const char *kinds[] = {"中标结果公告", "部门预算公开", "采购意向公开", "竞争性磋商公告",
                                      "部门决算说明", "合同公告", "单一来源采购公示"};
        b_printf(&b, "%s%s%s%s", PICK(r, PLACES), PICK(r, DEPTS), PICK(r, ITEMS), PICK(r, kinds));
    }
    d->title = xstrdup_buf(&b);
    d->textlen = b.n;

    /* table */
    static const char *zh_hdr[] = {"序号", "项目名称", "预算金额（万元）", "中标供应商", "采购方式", "日期", "采购人", "备注"};
    static const char *tw_hdr[] = {"編號", "標案名稱", "預算金額（萬元）", "得標廠商", "招標方式", "日期", "機關", "備註"};
    static const char *en_hdr[] = {"No.", "Project", "Budget (10k CNY)", "Supplier", "Method", "Date", "Buyer", "Notes"};
    d->ncols = (size_t)rrange(r, 4, MAXCOLS);
    d->nrows = 1 + (size_t)rrange(r, 3, 30);
    if (g_small)
        d->nrows = 1 + d->nrows / 10;
    if (target > 40000)
        d->nrows += target / 2000;
    d->cells = calloc(d->nrows, sizeof *d->cells);
    if (!d->cells)
        die("out of memory");
    for (size_t i = 0; i < d->nrows; i++) {
        d->cells[i] = calloc(d->ncols, sizeof **d->cells);
        if (!d->cells[i])
            die("out of memory");
        for (size_t j = 0; j < d->ncols; j++) {
            b_reset(&b);
            if (i == 0) {
                b_puts(&b, l == L_EN ? en_hdr[j] : l == L_TW ? tw_hdr[j] : zh_hdr[j]);
            } else {
                switch (j) {
                case 0: b_printf(&b, "%zu", i); break;
                case 1: b_puts(&b, l == L_EN ? PICK(r, E_ITEMS) : l == L_TW ? PICK(r, T_ITEMS) : PICK(r, ITEMS)); break;
                case 2: amount(r, a1, sizeof a1); b_puts(&b, a1); break;
                case 3: b_puts(&b, l == L_EN ? PICK(r, E_SUPPLIERS) : l == L_TW ? PICK(r, T_SUPPLIERS) : PICK(r, SUPPLIERS)); break;
                case 4: b_puts(&b, l == L_EN ? PICK(r, E_METHODS) : l == L_TW ? PICK(r, T_METHODS) : PICK(r, METHODS)); break;
                case 5:
                    if (l == L_EN) iso_date(r, dt, sizeof dt); else zh_date(r, dt, sizeof dt);
                    b_puts(&b, dt);
                    break;
                case 6:
                    if (l == L_EN) b_printf(&b, "%s %s", PICK(r, E_CITIES), PICK(r, E_DEPTS));
                    else if (l == L_TW) b_printf(&b, "%s%s", PICK(r, T_PLACES), PICK(r, T_DEPTS));
                    else b_printf(&b, "%s%s", PICK(r, PLACES), PICK(r, DEPTS));
                    break;
                default:
                    if (rbelow(r, 3) == 0) b_puts(&b, l == L_EN ? "incl. tax, \"final\"" : l == L_TW ? "含稅" : "含税，\"已验收\"");
                    break;
                }
            }
            d->cells[i][j] = xstrdup_buf(&b);
            d->textlen += b.n + 1;
        }
    }

    /* paragraphs until target */
    size_t cap = 16;
    d->paras = malloc(cap * sizeof *d->paras);
    if (!d->paras)
        die("out of memory");
    int first = 1;
    while (first || d->textlen < target) {
        b_reset(&b);
        if (first) {
            /* marker paragraph: corpusmark + 预算/預算/budget */
            if (l == L_EN)
                b_printf(&b, "Document %06u (ref corpusmark). This budget and procurement record was compiled from public sources. ", idx);
            else if (l == L_TW)
                b_printf(&b, "文件%06u（corpusmark）。本預算及採購資料取自政府公開資訊。", idx);
            else
                b_printf(&b, "文件%06u（corpusmark）。本预算及采购信息来自政府信息公开。单位：万元。", idx);
            first = 0;
        }
        int ns = rrange(r, 2, 9);
        for (int k = 0; k < ns; k++)
            sentence(r, l, &b);
        if (d->npara == cap) {
            cap *= 2;
            d->paras = realloc(d->paras, cap * sizeof *d->paras);
            if (!d->paras)
                die("out of memory");
        }
        d->paras[d->npara++] = xstrdup_buf(&b);
        d->textlen += b.n + 1;
    }
    b_free(&b);
}

/* plain-text rendering used by txt formats and for text accounting */
static void render_text(const doc *d, buf *o, const char *nl, int tabs)
{
    b_puts(o, d->title);
    b_puts(o, nl);
    b_puts(o, nl);
    size_t half = d->npara / 2;
    for (size_t i = 0; i < d->npara; i++) {
        b_puts(o, d->paras[i]);
        b_puts(o, nl);
        if (i == half) {
            b_puts(o, nl);
            for (size_t r = 0; r < d->nrows; r++) {
                for (size_t c = 0; c < d->ncols; c++) {
                    if (c)
                        b_puts(o, tabs ? "\t" : "  ");
                    b_puts(o, d->cells[r][c]);
                }
                b_puts(o, nl);
            }
            b_puts(o, nl);
        }
    }
}

/* ------------------------------------------------------------------ */
/* encoding                                                            */

static void convert(const buf *in, const char *to, buf *out)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == (iconv_t)-1)
        die("iconv_open(%s): %s", to, strerror(errno));
    b_reset(out);
    b_reserve(out, in->n * 2 + 16);
    char *ip = in->p;
    size_t il = in->n;
    for (;;) {
        char *op = out->p + out->n;
        size_t ol = out->cap - out->n - 1;
        size_t rc = iconv(cd, &ip, &il, &op, &ol);
        out->n = (size_t)(op - out->p);
        if (rc != (size_t)-1)
            break;
        if (errno == E2BIG) {
            b_reserve(out, out->cap);
            continue;
        }
        die("iconv to %s failed at byte %zu: %s", to, (size_t)(ip - in->p), strerror(errno));
    }
    iconv_close(cd);
    out->p[out->n] = 0;
}

/* ------------------------------------------------------------------ */
/* output                                                              */

static const char *g_outdir;
static uint64_t g_file_bytes;

static void mkdir_p(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = 0;
            if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
                die("mkdir %s: %s", tmp, strerror(errno));
            *p = '/';
        }
    }
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
        die("mkdir %s: %s", tmp, strerror(errno));
}

static void write_file(const char *path, const void *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        die("open %s: %s", path, strerror(errno));
    if (n && fwrite(data, 1, n, f) != n)
        die("write %s: %s", path, strerror(errno));
    if (fclose(f) != 0)
        die("close %s: %s", path, strerror(errno));
    g_file_bytes += n;
}

/* fixed timestamp for zip entries: 2024-01-01 00:00:00 local */
static time_t g_zip_mtime;

typedef struct {
    const char *name;
    buf *data;
} zpart;

static void write_zip(const char *path, zpart *parts, size_t n)
{
    int err = 0;
    remove(path);
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    if (!z)
        die("zip_open %s: error %d", path, err);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, parts[i].data->p, parts[i].data->n, 0);
        if (!s)
            die("zip_source_buffer: %s", zip_strerror(z));
        zip_int64_t ix = zip_file_add(z, parts[i].name, s, ZIP_FL_ENC_UTF_8);
        if (ix < 0)
            die("zip_file_add: %s", zip_strerror(z));
        zip_file_set_mtime(z, (zip_uint64_t)ix, g_zip_mtime, 0);
        zip_set_file_compression(z, (zip_uint64_t)ix, ZIP_CM_DEFLATE, 6);
    }
    if (zip_close(z) != 0)
        die("zip_close %s: %s", path, zip_strerror(z));
    struct stat st;
    if (stat(path, &st) == 0)
        g_file_bytes += (uint64_t)st.st_size;
}

static const char XMLDECL[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

static void core_xml(const doc *d, buf *o)
{
    b_puts(o, XMLDECL);
    b_puts(o, "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
              "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
              "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>");
    b_xml(o, d->title);
    b_puts(o, "</dc:title><dc:creator>gencorpus</dc:creator>"
              "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-01-01T00:00:00Z</dcterms:created>"
              "</cp:coreProperties>");
}

static const char RELS[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"%s\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
    "</Relationships>";

static void docx_run(buf *o, const char *s, int bold)
{
    b_puts(o, "<w:r>");
    if (bold)
        b_puts(o, "<w:rPr><w:b/></w:rPr>");
    b_puts(o, "<w:t xml:space=\"preserve\">");
    b_xml(o, s);
    b_puts(o, "</w:t></w:r>");
}

/* split paragraph into runs at sentence ends (keeps UTF-8 intact) */
static void docx_para(rng *r, buf *o, const char *p, const char *style)
{
    b_puts(o, "<w:p>");
    if (style)
        b_printf(o, "<w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style);
    const char *s = p;
    buf seg = {0};
    while (*s) {
        const char *e = strstr(s, "。");
        size_t len = e ? (size_t)(e - s) + strlen("。") : strlen(s);
        b_reset(&seg);
        b_add(&seg, s, len);
        docx_run(o, seg.p, rbelow(r, 6) == 0);
        s += len;
    }
    if (!*p)
        docx_run(o, "", 0);
    b_free(&seg);
    b_puts(o, "</w:p>");
}

static void gen_docx(rng *r, const doc *d, const char *path)
{
    buf ct = {0}, rels = {0}, body = {0}, core = {0};
    b_puts(&ct, XMLDECL);
    b_puts(&ct, "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
                "</Types>");
    b_puts(&rels, XMLDECL);
    b_printf(&rels, RELS, "word/document.xml");
    core_xml(d, &core);

    b_puts(&body, XMLDECL);
    b_puts(&body, "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
    docx_para(r, &body, d->title, "Title");
    size_t half = d->npara / 2;
    for (size_t i = 0; i < d->npara; i++) {
        docx_para(r, &body, d->paras[i], NULL);
        if (i == half) {
            b_puts(&body, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
            for (size_t rr = 0; rr < d->nrows; rr++) {
                b_puts(&body, "<w:tr>");
                for (size_t c = 0; c < d->ncols; c++) {
                    b_puts(&body, "<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr><w:p>");
                    docx_run(&body, d->cells[rr][c], rr == 0);
                    b_puts(&body, "</w:p></w:tc>");
                }
                b_puts(&body, "</w:tr>");
            }
            b_puts(&body, "</w:tbl>");
        }
    }
    b_puts(&body, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>");

    zpart parts[] = {
        {"[Content_Types].xml", &ct},
        {"_rels/.rels", &rels},
        {"docProps/core.xml", &core},
        {"word/document.xml", &body},
    };
    write_zip(path, parts, sizeof parts / sizeof parts[0]);
    b_free(&ct);
    b_free(&rels);
    b_free(&body);
    b_free(&core);
}

static void colname(size_t c, char *out)
{
    out[0] = (char)('A' + c);
    out[1] = 0;
}

static int is_number(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || *s == '.'))
            return 0;
    return 1;
}

static void gen_xlsx(const doc *d, const char *path)
{
    buf ct = {0}, rels = {0}, wb = {0}, wbrels = {0}, sheet = {0}, sst = {0}, core = {0};
    b_puts(&ct, XMLDECL);
    b_puts(&ct, "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
                "</Types>");
    b_puts(&rels, XMLDECL);
    b_printf(&rels, RELS, "xl/workbook.xml");
    core_xml(d, &core);
    b_puts(&wb, XMLDECL);
    b_puts(&wb, "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                "<sheets><sheet name=\"");
    b_puts(&wb, d->lang == L_EN ? "Budget" : "预算表");
    b_puts(&wb, "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
    b_puts(&wbrels, XMLDECL);
    b_puts(&wbrels, "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                    "</Relationships>");

    /* Sheet layout: title row, then each paragraph in column A (a "notes"
     * block as many real budget workbooks have), then the table. */
    buf strs = {0};
    size_t nstr = 0;
    b_puts(&sheet, XMLDECL);
    b_puts(&sheet, "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
    size_t row = 1;
#define SST_ADD(s)                                                                                                     \
    do {                                                                                                               \
        b_puts(&strs, "<si><t xml:space=\"preserve\">");                                                                \
        b_xml(&strs, (s));                                                                                             \
        b_puts(&strs, "</t></si>");                                                                                    \
        nstr++;                                                                                                        \
    } while (0)
    b_printf(&sheet, "<row r=\"%zu\"><c r=\"A%zu\" t=\"s\"><v>%zu</v></c></row>", row, row, nstr);
    SST_ADD(d->title);
    row++;
    for (size_t i = 0; i < d->npara; i++, row++) {
        b_printf(&sheet, "<row r=\"%zu\"><c r=\"A%zu\" t=\"s\"><v>%zu</v></c></row>", row, row, nstr);
        SST_ADD(d->paras[i]);
    }
    for (size_t rr = 0; rr < d->nrows; rr++, row++) {
        b_printf(&sheet, "<row r=\"%zu\">", row);
        for (size_t c = 0; c < d->ncols; c++) {
            char cn[4];
            colname(c, cn);
            const char *v = d->cells[rr][c];
            if (!*v)
                continue;
            if (rr > 0 && is_number(v)) {
                b_printf(&sheet, "<c r=\"%s%zu\"><v>%s</v></c>", cn, row, v);
            } else {
                b_printf(&sheet, "<c r=\"%s%zu\" t=\"s\"><v>%zu</v></c>", cn, row, nstr);
                SST_ADD(v);
            }
        }
        b_puts(&sheet, "</row>");
    }
#undef SST_ADD
    b_puts(&sheet, "</sheetData></worksheet>");
    b_puts(&sst, XMLDECL);
    b_printf(&sst, "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"%zu\" uniqueCount=\"%zu\">",
             nstr, nstr);
    b_add(&sst, strs.p, strs.n);
    b_puts(&sst, "</sst>");

    zpart parts[] = {
        {"[Content_Types].xml", &ct},    {"_rels/.rels", &rels},
        {"docProps/core.xml", &core},     {"xl/workbook.xml", &wb},
        {"xl/_rels/workbook.xml.rels", &wbrels}, {"xl/worksheets/sheet1.xml", &sheet},
        {"xl/sharedStrings.xml", &sst},
    };
    write_zip(path, parts, sizeof parts / sizeof parts[0]);
    b_free(&ct);
    b_free(&rels);
    b_free(&wb);
    b_free(&wbrels);
    b_free(&sheet);
    b_free(&sst);
    b_free(&strs);
    b_free(&core);
}

/* returns text bytes */
static size_t gen_html(rng *r, const doc *d, const char *path, int gbk)
{
    buf o = {0}, txt = {0};
    b_puts(&o, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n");
    if (gbk) {
        if (rbelow(r, 2))
            b_puts(&o, "<meta charset=\"gbk\">\n");
        else
            b_puts(&o, "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n");
    } else {
        b_puts(&o, "<meta charset=\"utf-8\">\n");
    }
    b_puts(&o, "<title>");
    b_xml(&o, d->title);
    b_puts(&o, "</title>\n");
    b_puts(&o, "<style type=\"text/css\">\n/* styleonlytoken */\nbody{font-family:\"SimSun\",serif;margin:0 auto;width:960px}\n"
               "table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px}\n.nav{color:#666}\n</style>\n");
    b_puts(&o, "<script type=\"text/javascript\">\nvar _hmt = _hmt || [];\n(function() {\n  var hm = document.createElement(\"script\");\n"
               "  var s = \"scriptonlytoken 脚本内容不应被索引\";\n  if (window.console) { console.log(s + \" <table>\"); }\n})();\n</script>\n");
    b_puts(&o, "</head>\n<body>\n<div class=\"nav\">首页 &gt; 信息公开 &gt; 政府采购</div>\n");
    b_puts(&txt, "首页 > 信息公开 > 政府采购\n");
    b_puts(&o, "<h1>");
    b_xml(&o, d->title);
    b_puts(&o, "</h1>\n");
    b_puts(&txt, d->title);
    b_puts(&txt, "\n");
    size_t half = d->npara / 2;
    for (size_t i = 0; i < d->npara; i++) {
        b_puts(&o, "<p>");
        b_xml(&o, d->paras[i]);
        b_puts(&o, "</p>\n");
        b_puts(&txt, d->paras[i]);
        b_puts(&txt, "\n");
        if (i == half) {
            b_puts(&o, "<table>\n");
            for (size_t rr = 0; rr < d->nrows; rr++) {
                b_puts(&o, "<tr>");
                for (size_t c = 0; c < d->ncols; c++) {
                    b_puts(&o, rr == 0 ? "<th>" : "<td>");
                    b_xml(&o, d->cells[rr][c]);
                    b_puts(&o, rr == 0 ? "</th>" : "</td>");
                    b_puts(&txt, d->cells[rr][c]);
                    b_puts(&txt, c + 1 < d->ncols ? "\t" : "\n");
                }
                b_puts(&o, "</tr>\n");
            }
            b_puts(&o, "</table>\n");
        }
    }
    b_puts(&o, "<div class=\"footer\">版权所有&copy;政府信息公开平台 &nbsp; 技术支持：信息中心</div>\n"
               "<script>document.write(\"scriptonlytoken\");</script>\n</body>\n</html>\n");
    b_puts(&txt, "版权所有©政府信息公开平台   技术支持：信息中心\n");
    if (gbk) {
        buf enc = {0};
        convert(&o, "GBK", &enc);
        write_file(path, enc.p, enc.n);
        b_free(&enc);
    } else {
        write_file(path, o.p, o.n);
    }
    size_t n = txt.n;
    b_free(&o);
    b_free(&txt);
    return n;
}

static void csv_field(buf *o, const char *s)
{
    if (strpbrk(s, ",\"\n\r")) {
        b_puts(o, "\"");
        for (; *s; s++) {
            if (*s == '"')
                b_puts(o, "\"\"");
            else
                b_add(o, s, 1);
        }
        b_puts(o, "\"");
    } else {
        b_puts(o, s);
    }
}

/* enc: 0 utf-8, 1 utf-8 BOM, 2 gb18030 */
static size_t gen_csv(rng *r, const doc *d, const char *path, int enc)
{
    buf o = {0};
    /* table first, then a few paragraphs as a "说明" column rows */
    for (size_t rr = 0; rr < d->nrows; rr++) {
        for (size_t c = 0; c < d->ncols; c++) {
            if (c)
                b_puts(&o, ",");
            const char *v = d->cells[rr][c];
            /* thousands separators in some amounts -> quoted field */
            if (rr > 0 && c == 2 && rbelow(r, 4) == 0 && strlen(v) > 7) {
                char tmp[64];
                size_t L = strlen(v), dot = (size_t)(strchr(v, '.') - v), k = 0;
                for (size_t i = 0; i < L; i++) {
                    tmp[k++] = v[i];
                    if (i + 1 < dot && (dot - i - 1) % 3 == 0)
                        tmp[k++] = ',';
                }
                tmp[k] = 0;
                csv_field(&o, tmp);
            } else {
                csv_field(&o, v);
            }
        }
        b_puts(&o, "\r\n");
    }
    for (size_t i = 0; i < d->npara; i++) {
        b_printf(&o, "%zu,", d->nrows + i);
        csv_field(&o, d->paras[i]);
        for (size_t c = 2; c < d->ncols; c++)
            b_puts(&o, ",");
        b_puts(&o, "\r\n");
    }
    size_t n = o.n;
    if (enc == 2) {
        buf e = {0};
        convert(&o, "GB18030", &e);
        write_file(path, e.p, e.n);
        b_free(&e);
    } else {
        buf e = {0};
        if (enc == 1)
            b_puts(&e, "\xEF\xBB\xBF");
        b_add(&e, o.p, o.n);
        write_file(path, e.p, e.n);
        b_free(&e);
    }
    b_free(&o);
    return n;
}

/* enc: 0 UTF-8, 1 GB18030, 2 Big5, 3 UTF-16LE with BOM */
static size_t gen_txt(rng *r, const doc *d, const char *path, int enc)
{
    buf o = {0};
    const char *nl = (enc == 1 || enc == 2 || enc == 3 || rbelow(r, 5) == 0) ? "\r\n" : "\n";
    render_text(d, &o, nl, (int)rbelow(r, 2));
    size_t n = o.n;
    if (enc == 0) {
        write_file(path, o.p, o.n);
    } else {
        buf e = {0};
        if (enc == 3) {
            buf t = {0};
            convert(&o, "UTF-16LE", &t);
            b_add(&e, "\xFF\xFE", 2);
            b_add(&e, t.p, t.n);
            b_free(&t);
        } else {
            convert(&o, enc == 1 ? "GB18030" : "BIG5", &e);
        }
        write_file(path, e.p, e.n);
        b_free(&e);
    }
    b_free(&o);
    return n;
}

static size_t gen_json(rng *r, const doc *d, const char *path, unsigned idx)
{
    buf o = {0};
    char dt[48], a[32];
    iso_date(r, dt, sizeof dt);
    b_puts(&o, "{\n  \"uri\": ");
    b_printf(&o, "\"https://ocds.example.org/releases/%06u.json\",\n", idx);
    b_puts(&o, "  \"version\": \"1.1\",\n");
    b_printf(&o, "  \"publishedDate\": \"%sT09:00:00Z\",\n", dt);
    b_puts(&o, "  \"publisher\": {\"name\": ");
    b_json(&o, d->cells[d->nrows > 1 ? 1 : 0][d->ncols > 6 ? 6 : 1]);
    b_puts(&o, ", \"scheme\": \"CN-USCC\"},\n");
    b_puts(&o, "  \"license\": \"https://creativecommons.org/licenses/by/4.0/\",\n");
    b_puts(&o, "  \"releases\": [\n");
    size_t nrel = d->nrows > 1 ? d->nrows - 1 : 1;
    size_t pi = 0;
    for (size_t k = 0; k < nrel; k++) {
        const char *const *row = (const char *const *)d->cells[d->nrows > 1 ? k + 1 : 0];
        iso_date(r, dt, sizeof dt);
        amount(r, a, sizeof a);
        double amt = atof(d->ncols > 2 ? row[2] : a) * 10000.0;
        b_printf(&o, "    {\n      \"ocid\": \"ocds-tb%04x-%06u-%03zu\",\n", idx & 0xffff, idx, k);
        b_printf(&o, "      \"id\": \"%06u-%03zu-award\",\n", idx, k);
        b_printf(&o, "      \"date\": \"%sT10:30:00+08:00\",\n", dt);
        b_puts(&o, "      \"tag\": [\"award\"],\n      \"initiationType\": \"tender\",\n");
        b_puts(&o, "      \"buyer\": {\"name\": ");
        b_json(&o, d->ncols > 6 ? row[6] : d->title);
        b_printf(&o, ", \"id\": \"CN-USCC-11%016u\"},\n", idx * 7919u + (unsigned)k);
        b_puts(&o, "      \"tender\": {\n        \"id\": ");
        b_printf(&o, "\"T%06u%03zu\",\n        \"title\": ", idx, k);
        b_json(&o, row[1]);
        b_puts(&o, ",\n        \"description\": ");
        b_json(&o, d->paras[pi % d->npara]);
        pi++;
        b_printf(&o, ",\n        \"value\": {\"amount\": %.2f, \"currency\": \"CNY\"},\n", amt);
        b_puts(&o, "        \"procurementMethod\": \"open\",\n        \"procurementMethodDetails\": ");
        b_json(&o, d->ncols > 4 ? row[4] : "公开招标");
        b_puts(&o, "\n      },\n      \"awards\": [{\n");
        b_printf(&o, "        \"id\": \"A%06u%03zu\",\n        \"status\": \"active\",\n", idx, k);
        b_printf(&o, "        \"value\": {\"amount\": %.2f, \"currency\": \"CNY\"},\n", amt * 0.97);
        b_puts(&o, "        \"suppliers\": [{\"name\": ");
        b_json(&o, d->ncols > 3 ? row[3] : "供应商");
        b_puts(&o, "}]\n      }]\n    }");
        b_puts(&o, k + 1 < nrel ? ",\n" : "\n");
    }
    b_puts(&o, "  ],\n  \"x_notes\": [\n");
    for (; pi < d->npara; pi++) {
        b_puts(&o, "    ");
        b_json(&o, d->paras[pi]);
        b_puts(&o, pi + 1 < d->npara ? ",\n" : "\n");
    }
    b_puts(&o, "  ]\n}\n");
    write_file(path, o.p, o.n);
    size_t n = o.n;
    b_free(&o);
    return n;
}

static void pdf_escape(buf *o, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '(' || c == ')' || c == '\\')
            b_add(o, "\\", 1);
        if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e)
            c = '?';
        b_add(o, &c, 1);
    }
}

/* wrap English text into lines of <= 90 chars; append to lines buffer
 * separated by '\n' */
static void wrap(buf *lines, const char *s, size_t width)
{
    size_t L = strlen(s);
    size_t i = 0;
    while (i < L) {
        size_t end = i + width;
        if (end >= L) {
            end = L;
        } else {
            size_t k = end;
            while (k > i && s[k] != ' ')
                k--;
            if (k > i)
                end = k;
        }
        b_add(lines, s + i, end - i);
        b_puts(lines, "\n");
        i = end;
        while (i < L && s[i] == ' ')
            i++;
    }
}

static size_t gen_pdf(const doc *d, const char *path)
{
    buf lines = {0};
    wrap(&lines, d->title, 90);
    b_puts(&lines, "\n");
    size_t half = d->npara / 2;
    for (size_t i = 0; i < d->npara; i++) {
        wrap(&lines, d->paras[i], 90);
        if (i == half) {
            for (size_t rr = 0; rr < d->nrows; rr++) {
                buf row = {0};
                for (size_t c = 0; c < d->ncols && c < 4; c++) {
                    if (c)
                        b_puts(&row, "  ");
                    b_puts(&row, d->cells[rr][c]);
                }
                wrap(&lines, row.p, 90);
                b_free(&row);
            }
        }
        b_puts(&lines, "\n");
    }
    size_t textn = lines.n;

    /* split into pages of 60 lines */
    enum { LPP = 60 };
    size_t nlines = 0;
    for (size_t i = 0; i < lines.n; i++)
        if (lines.p[i] == '\n')
            nlines++;
    size_t npages = (nlines + LPP - 1) / LPP;
    if (npages == 0)
        npages = 1;

    /* objects: 1 catalog, 2 pages, 3 font, 4 info, then per page: page, contents */
    size_t nobj = 4 + 2 * npages;
    size_t *off = calloc(nobj + 1, sizeof *off);
    if (!off)
        die("out of memory");
    buf o = {0};
    b_puts(&o, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    off[1] = o.n;
    b_puts(&o, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
    off[2] = o.n;
    b_puts(&o, "2 0 obj\n<< /Type /Pages /Kids [");
    for (size_t p = 0; p < npages; p++)
        b_printf(&o, "%s%zu 0 R", p ? " " : "", 5 + 2 * p);
    b_printf(&o, "] /Count %zu >>\nendobj\n", npages);
    off[3] = o.n;
    b_puts(&o, "3 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>\nendobj\n");
    off[4] = o.n;
    b_puts(&o, "4 0 obj\n<< /Title (");
    pdf_escape(&o, d->title, strlen(d->title));
    b_puts(&o, ") /Producer (gencorpus) /CreationDate (D:20240101000000Z) >>\nendobj\n");

    const char *lp = lines.p;
    for (size_t p = 0; p < npages; p++) {
        buf cs = {0};
        b_puts(&cs, "BT\n/F1 10 Tf\n12 TL\n50 770 Td\n");
        for (int k = 0; k < LPP && lp < lines.p + lines.n; k++) {
            const char *e = strchr(lp, '\n');
            b_puts(&cs, "(");
            pdf_escape(&cs, lp, (size_t)(e - lp));
            b_puts(&cs, ") Tj T*\n");
            lp = e + 1;
        }
        b_puts(&cs, "ET\n");
        size_t pobj = 5 + 2 * p, cobj = pobj + 1;
        off[pobj] = o.n;
        b_printf(&o, "%zu 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                     "/Resources << /Font << /F1 3 0 R >> >> /Contents %zu 0 R >>\nendobj\n",
                 pobj, cobj);
        off[cobj] = o.n;
        b_printf(&o, "%zu 0 obj\n<< /Length %zu >>\nstream\n", cobj, cs.n);
        b_add(&o, cs.p, cs.n);
        b_puts(&o, "endstream\nendobj\n");
        b_free(&cs);
    }
    size_t xref = o.n;
    b_printf(&o, "xref\n0 %zu\n0000000000 65535 f \n", nobj + 1);
    for (size_t i = 1; i <= nobj; i++)
        b_printf(&o, "%010zu 00000 n \n", off[i]);
    b_printf(&o, "trailer\n<< /Size %zu /Root 1 0 R /Info 4 0 R >>\nstartxref\n%zu\n%%%%EOF\n", nobj + 1, xref);
    write_file(path, o.p, o.n);
    b_free(&o);
    b_free(&lines);
    free(off);
    return textn;
}

/* ------------------------------------------------------------------ */
/* main                                                                */

enum fmt {
    F_TXT_UTF8, F_TXT_GB18030, F_TXT_BIG5, F_TXT_UTF16, F_HTML, F_HTML_GBK, F_CSV, F_DOCX, F_XLSX, F_JSON, F_PDF, F_COUNT
};
static const char *FMT_NAME[F_COUNT] = {"txt_utf8", "txt_gb18030", "txt_big5", "txt_utf16", "html_utf8", "html_gbk",
                                        "csv",      "docx",        "xlsx",     "json_ocds", "pdf"};
/* weights in per-mille; sum 1000 */
static const int FMT_W[F_COUNT] = {290, 150, 50, 20, 100, 50, 100, 80, 70, 50, 40};

static const char *FN_WORDS[] = {"预算公开", "中标公告", "采购意向", "决算说明", "合同公告", "budget", "award", "notice"};

int main(int argc, char **argv)
{
    FILE *list = NULL;
    unsigned long first = 0;
    for (;;) {
        if (argc >= 3 && strcmp(argv[1], "-l") == 0) {
            list = fopen(argv[2], "w");
            if (!list)
                die("open %s: %s", argv[2], strerror(errno));
            argv += 2;
            argc -= 2;
        } else if (argc >= 2 && strcmp(argv[1], "-s") == 0) {
            g_small = 1;
            argv++;
            argc--;
        } else if (argc >= 3 && strcmp(argv[1], "-f") == 0) {
            /* documents FIRST.. only: a large corpus made and ingested in
               parts (document i does not depend on the others) */
            char *e;
            first = strtoul(argv[2], &e, 10);
            if (*e || first > 10000000)
                die("bad FIRST: %s", argv[2]);
            argv += 2;
            argc -= 2;
        } else {
            break;
        }
    }
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: gencorpus [-l LISTFILE] [-s] [-f FIRST] OUTDIR N [SEED]\n");
        return 2;
    }
    g_outdir = argv[1];
    char *end;
    unsigned long n = strtoul(argv[2], &end, 10);
    if (*end || n == 0 || n > 10000000)
        die("bad N: %s", argv[2]);
    uint64_t seed = 1;
    if (argc == 4) {
        seed = strtoull(argv[3], &end, 10);
        if (*end)
            die("bad SEED: %s", argv[3]);
    }
    {
        struct tm tm = {0};
        tm.tm_year = 124;
        tm.tm_mon = 0;
        tm.tm_mday = 1;
        tm.tm_isdst = -1;
        g_zip_mtime = mktime(&tm);
    }
    int wsum = 0;
    for (int f = 0; f < F_COUNT; f++)
        wsum += FMT_W[f];
    if (wsum != 1000)
        die("internal: weights sum %d", wsum);

    mkdir_p(g_outdir);
    uint64_t count[F_COUNT] = {0}, tbytes[F_COUNT] = {0}, total_text = 0, nlang[3] = {0};
    char dir[4096], path[4200];
    long lastdir = -1;

    for (unsigned long i = first; i < first + n; i++) {
        rng r = {seed * 0x9E3779B97F4A7C15ULL ^ (i + 1) * 0xD1B54A32D192ED03ULL};
        rnext(&r);
        /* format */
        int w = (int)rbelow(&r, 1000), f = 0;
        while (w >= FMT_W[f]) {
            w -= FMT_W[f];
            f++;
        }
        /* language */
        enum lang l = L_ZH;
        if (f == F_TXT_BIG5)
            l = L_TW;
        else if (f == F_PDF)
            l = L_EN;
        else if ((f == F_TXT_UTF8 || f == F_HTML || f == F_DOCX || f == F_TXT_UTF16) && rbelow(&r, 100) < 12)
            l = L_EN;
        else if ((f == F_TXT_UTF8 || f == F_HTML || f == F_CSV) && rbelow(&r, 100) < 4)
            l = L_TW;
        /* size: log-uniform 2..20 KB; 4% large 40..200 KB (small documents,
           -s: 0.3..3 KB, none large; the same draws, so the mix of formats
           and languages is the same) */
        int large = rbelow(&r, 100) < 4;
        double u = runit(&r);
        double kb = g_small ? 0.3 * exp(u * log(10.0)) : large ? 40.0 * exp(u * log(5.0)) : 2.0 * exp(u * log(10.0));
        size_t target = (size_t)(kb * 1000.0);

        long dn = (long)(i / 100);
        snprintf(dir, sizeof dir, "%s/d%04ld", g_outdir, dn);
        if (dn != lastdir) {
            mkdir_p(dir);
            lastdir = dn;
        }
        static const char *EXT[F_COUNT] = {"txt", "txt", "txt", "txt", "html", "htm", "csv", "docx", "xlsx", "json", "pdf"};
        if (rbelow(&r, 5) == 0 && l != L_EN)
            snprintf(path, sizeof path, "%s/%s_%06lu.%s", dir, PICK(&r, FN_WORDS), i, EXT[f]);
        else
            snprintf(path, sizeof path, "%s/doc%06lu.%s", dir, i, EXT[f]);

        doc d;
        make_doc(&r, &d, l, target, (unsigned)i);
        size_t tb = 0;
        switch (f) {
        case F_TXT_UTF8: tb = gen_txt(&r, &d, path, 0); break;
        case F_TXT_GB18030: tb = gen_txt(&r, &d, path, 1); break;
        case F_TXT_BIG5: tb = gen_txt(&r, &d, path, 2); break;
        case F_TXT_UTF16: tb = gen_txt(&r, &d, path, 3); break;
        case F_HTML: tb = gen_html(&r, &d, path, 0); break;
        case F_HTML_GBK: tb = gen_html(&r, &d, path, 1); break;
        case F_CSV: {
            int e = (int)rbelow(&r, 10);
            tb = gen_csv(&r, &d, path, l == L_TW ? 0 : e < 6 ? 0 : e < 8 ? 1 : 2);
            break;
        }
        case F_DOCX: {
            buf t = {0};
            render_text(&d, &t, "\n", 1);
            tb = t.n;
            b_free(&t);
            gen_docx(&r, &d, path);
            break;
        }
        case F_XLSX: {
            buf t = {0};
            render_text(&d, &t, "\n", 1);
            tb = t.n;
            b_free(&t);
            gen_xlsx(&d, path);
            break;
        }
        case F_JSON: tb = gen_json(&r, &d, path, (unsigned)i); break;
        case F_PDF: tb = gen_pdf(&d, path); break;
        }
        doc_free(&d);
        count[f]++;
        nlang[l]++;
        if (list) {
            static const char *LANG_NAME[] = {"zh_hans", "zh_hant", "en"};
            fprintf(list, "%s\t%s\t%s\t%zu\n", path + strlen(g_outdir) + 1, FMT_NAME[f], LANG_NAME[l], tb);
        }
        tbytes[f] += tb;
        total_text += tb;
    }

    if (list && fclose(list) != 0)
        die("write list: %s", strerror(errno));
    printf("docs=%lu\nseed=%" PRIu64 "\ntext_bytes=%" PRIu64 "\nfile_bytes=%" PRIu64 "\n", n, seed, total_text,
           g_file_bytes);
    printf("lang.zh_hans=%" PRIu64 "\nlang.zh_hant=%" PRIu64 "\nlang.en=%" PRIu64 "\nzh_docs=%" PRIu64 "\n",
           nlang[L_ZH], nlang[L_TW], nlang[L_EN], nlang[L_ZH] + nlang[L_TW]);
    for (int f = 0; f < F_COUNT; f++)
        printf("count.%s=%" PRIu64 "\n", FMT_NAME[f], count[f]);
    for (int f = 0; f < F_COUNT; f++)
        printf("text.%s=%" PRIu64 "\n", FMT_NAME[f], tbytes[f]);
    return 0;
}
