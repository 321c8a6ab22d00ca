/* A document's own metadata: its kind, year, place and own amount, each
 * with where it came from. What can't be told is left unknown: a reporter
 * can correct an unknown (`trawl set`), but a wrong place or amount is
 * published.
 *
 * Kind: from the title, an OCDS release's tag or the opening text (kind.c),
 * else from the file's name.
 *
 * Year: the fiscal year the title (else the opening lines) states
 * (2024年部门预算, 2024年度, 民國113年度, FY2024), else an OCDS release's
 * date, else the publication date (the date fact with role published:
 * 公告日期, 发布时间, a notice's dated signature), else a contract's
 * signing or an invoice's issue (开票日期), else any year in the title, else
 * in the file's name.
 *
 * Place: the issuing authority's or buyer's place, never simply the first
 * place the text names (that is often a vendor's address):
 *   1. a Taiwan government document (民國, 新臺幣, 總統府 … in its title,
 *      opening or file name) is 台湾,
 *      though it may name 福建省 (the ROC's province of Kinmen and Matsu);
 *   2. the places in the name of its buyer (tenders, awards, contracts,
 *      price lists) or issuer (the rest), else of the other of the two, or
 *      in that party's own address (the 地址 line right after its name)
 *      when it lies within them and the party is no government body,
 *      whose name states its jurisdiction (山东大学齐鲁医院, 地址：济南市…:
 *      济南市; but 吉林省公安厅 stays 吉林省 wherever its offices are);
 *   3. an OCDS release's buyer address (region, locality);
 *   4. the places in its title;
 *   5. its source URL's host (jl.gov.cn, ccgp-jilin.gov.cn: 吉林省);
 *   6. the places in its file's name.
 * In each, the places found must lie on one line of descent (吉林省 长春市
 * gives 长春市); places in different provinces give their common division,
 * or nothing.
 *
 * Own amount: what the document itself spends or awards, by kind:
 *   budget, final_accounts  its own total: 收入总计/支出总计 (then 本年收入合计,
 *                           收入合计, 收入预算, 预算总额, and last a 合计 row
 *                           of its summary table), from a table row or from
 *                           prose right after the label; never a figure in a
 *                           sentence about a wider area (全市, 全省, 全国 …),
 *                           another year (上年, 2023年 in a 2024 budget), or a
 *                           part (其中, 项目, 三公, 采购 …), nor a column of
 *                           changes or of the prior year;
 *   award                   the contract amount: 中标/成交(总)金额, 中标价,
 *                           成交价 (a per-unit price, 单价 or 元/支, is not);
 *                           several lots add up;
 *   tender                  its budget (预算总金额, else 预算金额 or 采购预算,
 *                           lots adding up), else its ceiling (最高限价, 控制价);
 *   contract                合同金额 (rows of a list of contracts add up);
 *   OCDS releases           awards[].value, contracts[].value, tender.value;
 *   invoice                 its total with tax (价税合计);
 *   price_list, job_ad, notice, other: none (unit prices and salaries are
 *                           not spending).
 * An amount without a currency, a negative one, a range or a bound
 * (800余万元) is never a document's amount; nor is a sum of lots one of
 * which states a rate where its amount goes (中标金额：费率1.2%). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "facts/docmeta.h"
#include "facts/docyear.h"
#include "facts/extract.h"
#include "facts/kwset.h"
#include "facts/scan.h"
#include "util/alloc.h"
#include "util/banned.h"

/* ---- helpers ---- */

static int has(const char *s, size_t n, const char *w)
{
	return memmem(s, n, w, strlen(w)) != NULL;
}

static const trawl__unit *unit_of(const trawl__doc *d, size_t i)
{
	return i < d->units.n ? TRAWL_VEC_AT(&d->units, trawl__unit *, i) : NULL;
}

static const trawl__dfact *fact_at(const trawl__doc *d, size_t i)
{
	return &((const trawl__dfact *)d->facts.items)[i];
}

static const char *fstr(const trawl__doc *d, const trawl__dfact *f, int k)
{
	return trawl__dfact_str(d, f, k);
}

/* ---- places ---- */

static int is_ancestor(int a, int d)
{
	for (d = trawl__place_parent(d); d >= 0; d = trawl__place_parent(d))
		if (d == a)
			return 1;
	return 0;
}

/* The nearest division both a and b lie in (or are), or -1. */
static int common(int a, int b)
{
	for (; a >= 0; a = trawl__place_parent(a))
		if (a == b || is_ancestor(a, b))
			return a;
	return -1;
}

typedef struct place_acc {
	int best;      /* the deepest place on one line of descent, -1: none */
	int any;
} place_acc;

static int place_seen(void *u, const trawl__fact *f)
{
	place_acc *a = u;
	char *end;
	unsigned long code = strtoul(f->code, &end, 10);
	int p;

	if (end == f->code || *end || (p = trawl__place_index((uint32_t)code)) < 0)
		return 0;
	if (!a->any) {
		a->best = p;
		a->any = 1;
	} else if (a->best >= 0 && is_ancestor(a->best, p)) {
		a->best = p;
	} else if (a->best >= 0 && a->best != p && !is_ancestor(p, a->best)) {
		a->best = common(a->best, p);
	}
	return 0;
}

/* The place a short text (a name, a title) names, as the header says. */
static int place_in(const char *t, size_t n)
{
	place_acc a = { -1, 0 };
	trawl__fctx c;

	memset(&c, 0, sizeof c);
	if (!t || !n)
		return -1;
	trawl__extract_places(t, n, &c, place_seen, &a);
	return a.best;
}

/* In an authority's name, a division below p that the text rules leave
 * to context (广州市公安局白云区分局: 白云区, whose short name is an everyday
 * word, comes after 公安局, not right after 广州市) is still p's: the
 * deepest full name of a division under p that the name holds, or p. */
static int deepen(const char *t, size_t n, int p)
{
	size_t i, k;

	if (p < 0)
		return p;
	for (i = 0; i < n; i++) {
		if (((unsigned char)t[i] & 0xC0) == 0x80)
			continue;
		/* full names of two to eight characters ending at a character */
		for (k = i + 6; k <= n && k <= i + 24; k++) {
			int hits[4], nh, j;
			if (k < n && ((unsigned char)t[k] & 0xC0) == 0x80)
				continue;
			nh = trawl__place_lookup(t + i, k - i, hits, 4);
			for (j = 0; j < nh && j < 4; j++)
				if (is_ancestor(p, hits[j]) &&
				    strlen(trawl__place_name(hits[j])) == k - i)
					return deepen(t, n, hits[j]);
		}
	}
	return p;
}

static void set_place(trawl__docmeta *m, int p, const char *src)
{
	snprintf(m->place, sizeof m->place, "%s", trawl__place_name(p));
	snprintf(m->place_code, sizeof m->place_code, "%06u",
	         (unsigned)(trawl__place_code(p) % 1000000));
	m->place_src = src;
}

/* Provincial government hosts: the label before gov.cn (its parts split
 * at '-', so ccgp-jilin.gov.cn counts), with the province's code. Short
 * codes are only those the provinces use themselves; gz.gov.cn (广州) and
 * sz.gov.cn (深圳) are cities and not here. */
static const struct { const char *label; uint32_t code; } gov_hosts[] = {
	{ "beijing", 110000 }, { "tj", 120000 }, { "tianjin", 120000 },
	{ "hebei", 130000 }, { "shanxi", 140000 }, { "nmg", 150000 },
	{ "neimenggu", 150000 }, { "nmgzf", 150000 }, { "ln", 210000 },
	{ "liaoning", 210000 }, { "jl", 220000 }, { "jilin", 220000 },
	{ "hlj", 230000 }, { "heilongjiang", 230000 }, { "heilongj", 230000 },
	{ "shanghai", 310000 }, { "jiangsu", 320000 }, { "js", 320000 },
	{ "zj", 330000 }, { "zhejiang", 330000 }, { "ah", 340000 }, { "anhui", 340000 },
	{ "fujian", 350000 }, { "jiangxi", 360000 }, { "jx", 360000 },
	{ "shandong", 370000 }, { "sd", 370000 }, { "henan", 410000 },
	{ "hubei", 420000 }, { "hunan", 430000 }, { "gd", 440000 },
	{ "guangdong", 440000 }, { "gxzf", 450000 }, { "guangxi", 450000 },
	{ "hainan", 460000 }, { "cq", 500000 }, { "chongqing", 500000 },
	{ "sc", 510000 }, { "sichuan", 510000 }, { "guizhou", 520000 },
	{ "yn", 530000 }, { "yunnan", 530000 }, { "xizang", 540000 },
	{ "shaanxi", 610000 }, { "gansu", 620000 }, { "qinghai", 630000 },
	{ "nx", 640000 }, { "ningxia", 640000 }, { "xinjiang", 650000 },
	{ "xj", 650000 },
};

static int ends_with_ci(const char *s, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++) {
		char c = s[n - k + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return 0;
	}
	return 1;
}

int trawl__place_of_url(const char *url)
{
	const char *h, *e, *lab;
	size_t n, i;

	if (!url)
		return -1;
	h = strstr(url, "://");
	h = h ? h + 3 : url;
	/* user:pass@ is not the host */
	for (e = h; *e && *e != '/' && *e != '?' && *e != '#'; e++)
		if (*e == '@')
			h = e + 1;
	for (e = h; *e && *e != '/' && *e != ':' && *e != '?' && *e != '#'; e++)
		;
	n = (size_t)(e - h);
	while (n && h[n - 1] == '.')
		n--;
	if (ends_with_ci(h, n, ".gov.tw") || ends_with_ci(h, n, ".taiwan.gov.tw"))
		return trawl__place_index(710000);
	if (ends_with_ci(h, n, ".gov.hk"))
		return trawl__place_index(810000);
	if (ends_with_ci(h, n, ".gov.mo"))
		return trawl__place_index(820000);
	if (!ends_with_ci(h, n, ".gov.cn"))
		return -1;
	n -= 7;
	lab = h + n;
	while (lab > h && lab[-1] != '.')
		lab--;
	/* each '-'-separated part of the label */
	for (const char *p = lab; p < h + n;) {
		const char *q = memchr(p, '-', (size_t)(h + n - p));
		size_t len = q ? (size_t)(q - p) : (size_t)(h + n - p);
		for (i = 0; i < sizeof gov_hosts / sizeof gov_hosts[0]; i++) {
			const char *w = gov_hosts[i].label;
			if (strlen(w) == len && ends_with_ci(p, len, w))
				return trawl__place_index(gov_hosts[i].code);
		}
		if (!q)
			break;
		p = q + 1;
	}
	return -1;
}

/* Taiwan government documents: 民國, 新臺幣, or one of the ROC's own
 * authorities (總統府, 監察院, 考試院), written so, in Traditional, which
 * mainland documents do not, in the title, the opening text or the file's
 * name. */
static int taiwan_doc(const trawl__doc *d, const char *base)
{
	static const char *const w[] = { "民國", "新臺幣", "新台幣", "總統府", "監察院", "考試院",
		NULL };
	/* (新臺幣 alone, in a mainland text, is a figure converted: 折合新臺幣) */
	static const char *const strong[] = { "民國", "總統府", "監察院", "考試院", NULL };
	static trawl__kwset w_k = TRAWL__KWSET(w), s_k = TRAWL__KWSET(strong);
	const trawl__unit *u = unit_of(d, 0);
	trawl__kwset *k;

	if (trawl__sar_document(d))
		return 0;                 /* Hong Kong's, Macau's letterhead */
	k = u && trawl__simplified_text(u->nt.text.data, u->nt.text.len) ?
	                        &s_k : &w_k;

	if ((d->title && trawl__kw_any(k, d->title, strlen(d->title))) ||
	    (base && trawl__kw_any(k, base, strlen(base))))
		return 1;
	return u && trawl__kw_any(k, u->nt.text.data,
	                          u->nt.text.len < 2048 ? u->nt.text.len : 2048);
}

/* An OCDS release's buyer address: "parties[i].address.region: ..." of
 * the party whose roles include buyer. */
static void ocds_place(const trawl__doc *d, trawl__docmeta *m)
{
	const trawl__unit *u = unit_of(d, 0);
	const char *t, *e, *p;
	char want[40] = "";
	char region[128] = "", locality[128] = "";

	if (!u || strcmp(u->kind, "release"))
		return;
	t = u->nt.text.data;
	e = t + u->nt.text.len;
	/* the buyer party: parties[N].roles[K]: buyer */
	for (p = t; p < e;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le = nl ? nl : e;
		const char *r = memmem(p, (size_t)(le - p), "].roles[", 8);
		if (!strncmp(p, "parties[", 8) && r && le - p > 8 &&
		    (size_t)(le - p) >= 7 && !memcmp(le - 7, ": buyer", 7)) {
			snprintf(want, sizeof want, "%.*s].address.", (int)(r - p), p);
			break;
		}
		p = le + 1;
	}
	if (!want[0])
		return;
	for (p = t; p < e;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le = nl ? nl : e;
		size_t wl = strlen(want);
		if ((size_t)(le - p) > wl && !memcmp(p, want, wl)) {
			const char *k = p + wl, *v = memchr(k, ':', (size_t)(le - k));
			if (v && v + 2 <= le) {
				size_t kl = (size_t)(v - k);
				int len = (int)(le - v - 2);
				/* (a JSON null is flattened to the word null) */
				if (len == 4 && !memcmp(v + 2, "null", 4))
					len = 0;
				if (kl == 6 && !memcmp(k, "region", 6))
					copy_cut(region, sizeof region, v + 2, (size_t)len);
				else if (kl == 8 && !memcmp(k, "locality", 8))
					copy_cut(locality, sizeof locality, v + 2, (size_t)len);
			}
		}
		p = le + 1;
	}
	{
		char both[260];
		int pl;
		snprintf(both, sizeof both, "%s%s", region, locality);
		if ((pl = place_in(both, strlen(both))) >= 0) {
			set_place(m, pl, "ocds");
			return;
		}
	}
	/* outside the gazetteer (a foreign buyer, or one it does not know):
	 * the region as the release writes it */
	if (region[0] || locality[0]) {
		const char *v = region[0] ? region : locality;
		size_t len;
		while (*v == ' ')
			v++;
		len = strlen(v);
		while (len && v[len - 1] == ' ')
			len--;
		if (!len)
			return;
		copy_cut(m->place, sizeof m->place, v, len);
		m->place_code[0] = '\0';
		m->place_src = "ocds";
	}
}

/* The place of a party's own address: the 地址 line in the lines right
 * after its name (采购人：山东大学齐鲁医院 / 联系人：… / 地址：济南市文化西路107号),
 * before the next party's block; -1 when there is none. */
static int address_place(const trawl__doc *d, const trawl__dfact *f)
{
	static const char *const addr[] = { "地址", "地 址", "联系地址", "详细地址", "通讯地址",
		"办公地址", "Address", "address", NULL };
	static const char *const other_party[] = { "代理", "供应商", "中标人", "成交人", "投标人",
		"中标单位", "成交单位", "Supplier", "supplier", NULL };
	static trawl__kwset other_party_k = TRAWL__KWSET(other_party);
	const trawl__unit *u = unit_of(d, f->unit);
	const char *t, *p, *e;
	int lines = 0;

	if (!u)
		return -1;
	t = u->nt.text.data;
	e = t + u->nt.text.len;
	p = memchr(t + f->end, '\n', (size_t)(e - (t + f->end)));
	while (p && p < e && lines < 5 && p - (t + f->end) < 400) {
		const char *ls = p + 1, *le = memchr(ls, '\n', (size_t)(e - ls));
		if (!le)
			le = e;
		p = le;
		while (ls < le && (*ls == ' ' || *ls == '\t'))
			ls++;
		/* blank, or markup alone (an HTML fragment read as text) */
		if (ls == le || *ls == '<')
			continue;
		lines++;
		if (trawl__kw_any(&other_party_k, ls, (size_t)(le - ls)))
			break;
		while (ls < le && ((*ls >= '0' && *ls <= '9') || *ls == '.' || *ls == '(' || *ls == ')'))
			ls++;
		for (int k = 0; addr[k]; k++)
			if ((size_t)(le - ls) > strlen(addr[k]) && !memcmp(ls, addr[k], strlen(addr[k]))) {
				int q = place_in(ls, (size_t)(le - ls));
				return q >= 0 ? deepen(ls, (size_t)(le - ls), q) : -1;
			}
	}
	return -1;
}

/* A government body's name states its jurisdiction (延边朝鲜族自治州公安局
 * 边境管理支队 is 延边's, though it sits in 延吉市); a hospital's, a
 * school's or a company's does not, and its address says where it is. */
static int government_body(const char *name)
{
	static const char *const ends[] = { "政府", "厅", "局", "委员会", "委", "办公室", "部", "署",
		"法院", "检察院", "总队", "支队", "大队", "管委会", "办事处", "常委会", "政协", "中队",
		"廳", "委員會", "辦公室", "總隊", NULL };
	size_t n = strlen(name);

	for (int i = 0; ends[i]; i++) {
		size_t k = strlen(ends[i]);
		if (n >= k && !memcmp(name + n - k, ends[i], k))
			return 1;
	}
	return 0;
}

/* The place of the first party of this role whose name (or own address,
 * when it lies within the name's place and the party is no government
 * body) names one. */
static int party_place(const trawl__doc *d, const char *role)
{
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = fact_at(d, i);
		const char *name;
		int p, q;
		if (f->kind != TRAWL__F_PARTY || strcmp(fstr(d, f, TRAWL__FS_ROLE), role))
			continue;
		name = fstr(d, f, TRAWL__FS_VALUE);
		p = place_in(name, strlen(name));
		if (p >= 0)
			p = deepen(name, strlen(name), p);
		q = government_body(name) ? -1 : address_place(d, f);
		if (q >= 0 && (p < 0 || is_ancestor(p, q)))
			p = q;
		if (p >= 0)
			return p;
	}
	return -1;
}

static const char *base_name(const char *path)
{
	const char *b;
	if (!path)
		return NULL;
	b = strrchr(path, '/');
	return b ? b + 1 : path;
}

static void decide_place(const trawl__doc *d, const char *path, const char *url,
                         trawl__docmeta *m)
{
	int procurement = !strcmp(m->kind, "tender") || !strcmp(m->kind, "award") ||
	                  !strcmp(m->kind, "contract") || !strcmp(m->kind, "price_list");
	const char *first = procurement ? "buyer" : "issuer";
	const char *second = procurement ? "issuer" : "buyer";
	const char *b;
	int p;

	if (taiwan_doc(d, base_name(path))) {
		set_place(m, trawl__place_index(710000), "taiwan");
		return;
	}
	if ((p = party_place(d, first)) >= 0) {
		set_place(m, p, first);
		return;
	}
	if ((p = party_place(d, second)) >= 0) {
		set_place(m, p, second);
		return;
	}
	ocds_place(d, m);
	if (m->place[0])
		return;
	if (d->title && (p = place_in(d->title, strlen(d->title))) >= 0) {
		set_place(m, p, "title");
		return;
	}
	if ((p = trawl__place_of_url(url)) >= 0) {
		set_place(m, p, "url");
		return;
	}
	if ((b = base_name(path)) && (p = place_in(b, strlen(b))) >= 0)
		set_place(m, p, "file");
}

/* ---- year ---- */

/* The year of d's first date fact of role (published, signed), or 0. */
static int dated_year(const trawl__doc *d, const char *role)
{
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = fact_at(d, i);
		const char *v = fstr(d, f, TRAWL__FS_VALUE);
		int y;
		if (f->kind == TRAWL__F_DATE && !strcmp(fstr(d, f, TRAWL__FS_ROLE), role) &&
		    strlen(v) >= 4 && (y = (int)strtol(v, NULL, 10)) >= 1950 && y <= 2100)
			return y;
	}
	return 0;
}

static void decide_year(const trawl__doc *d, const char *path, trawl__docmeta *m)
{
	const trawl__unit *u = unit_of(d, 0);
	const char *b;
	size_t i;
	int y;

	if (d->title && (y = trawl__fiscal_year(d->title, strlen(d->title)))) {
		m->year = y, m->year_src = "fiscal";
		return;
	}
	/* the opening lines (a budget's cover), not a release's data; a
	 * notice's year is its publication's before a year its text names
	 * (中标公告 … 发布时间：2024/12/30 … 2025年度服务) */
	if (u && strcmp(u->kind, "release") &&
	    (y = trawl__fiscal_year(u->nt.text.data, u->nt.text.len < 600 ? u->nt.text.len : 600))) {
		int own = !strcmp(m->kind, "budget") || !strcmp(m->kind, "final_accounts");
		for (i = 0; i < d->facts.n && !own; i++) {
			const trawl__dfact *f = fact_at(d, i);
			if (f->kind == TRAWL__F_DATE && !strcmp(fstr(d, f, TRAWL__FS_ROLE), "published"))
				break;
		}
		if (own || i == d->facts.n) {
			m->year = y, m->year_src = "fiscal";
			return;
		}
	}
	for (i = 0; i < d->fields.n; i++) {
		const trawl__field *f = &TRAWL_VEC_AT(&d->fields, trawl__field, i);
		if (f->key && f->value && !strcmp(f->key, "date") &&
		    (y = trawl__doc_year(NULL, f->value)) > 0) {
			m->year = y, m->year_src = "ocds";
			return;
		}
	}
	/* an invoice's date of issue (a date alone on a line of it is no
	 * publication's) */
	if (!strcmp(m->kind, "invoice") && (y = dated_year(d, "issued"))) {
		m->year = y, m->year_src = "issued";
		return;
	}
	if ((y = dated_year(d, "published"))) {
		m->year = y, m->year_src = "published";
		return;
	}
	/* a contract's signing, where nothing says when it was published */
	if (!strcmp(m->kind, "contract") && (y = dated_year(d, "signed"))) {
		m->year = y, m->year_src = "signed";
		return;
	}
	if (d->title && (y = trawl__doc_year(d->title, NULL))) {
		m->year = y, m->year_src = "title";
		return;
	}
	if ((b = base_name(path)) && (y = trawl__doc_year(NULL, b))) {
		m->year = y, m->year_src = "file";
		return;
	}
}

/* ---- own amount ---- */

typedef struct label {
	const char *w;
	int prio;      /* 1 best */
	int total;     /* a stated total: taken alone, not added to others */
	size_t len;    /* strlen(w) */
	int single;    /* a bid, which every bidder has (投标报价): taken only
	                  where the document states one figure so labelled */
} label;
#define LB(w, prio, total) { w, prio, total, sizeof w - 1, 0 }
#define LB1(w, prio) { w, prio, 0, sizeof w - 1, 1 }

static const label budget_labels[] = {
	LB("收入总计", 1, 1), LB("支出总计", 1, 1), LB("收支总计", 1, 1), LB("收入支出总计", 1, 1),
	LB("收入预算总计", 1, 1), LB("收入决算总计", 1, 1), LB("支出决算总计", 1, 1),
	LB("支出预算总计", 1, 1), LB("收入總計", 1, 1), LB("支出總計", 1, 1), LB("歲入歲出總計", 1, 1),
	LB("total expenditure", 1, 1), LB("total operating expenditure", 1, 1),
	LB("total revenue", 1, 1), LB("total budget", 1, 1), LB("total appropriations", 1, 1),
	LB("total spending", 1, 1),
	LB("本年收入合计", 2, 1), LB("本年支出合计", 2, 1), LB("收入合计", 2, 1), LB("支出合计", 2, 1),
	LB("收入合計", 2, 1), LB("支出合計", 2, 1), LB("歲入合計", 2, 1), LB("歲出合計", 2, 1),
	LB("收入预算总额", 2, 1), LB("支出预算总额", 2, 1), LB("收入总额", 2, 1), LB("支出总额", 2, 1),
	LB("收入决算总额", 2, 1), LB("支出决算总额", 2, 1),
	LB("收入预算", 3, 1), LB("支出预算", 3, 1), LB("预算收入", 3, 1), LB("预算支出", 3, 1),
	LB("收入决算", 3, 1), LB("支出决算", 3, 1), LB("決算收入", 3, 1), LB("決算支出", 3, 1),
	LB("预算总额", 4, 1), LB("决算总额", 4, 1), LB("預算總額", 4, 1),
	LB("总计", 5, 1), LB("合计", 5, 1), LB("總計", 5, 1), LB("合計", 5, 1), LB("total", 5, 1),
	{ NULL, 0, 0, 0, 0 }
};

static const label award_labels[] = {
	LB("中标总金额", 1, 1), LB("成交总金额", 1, 1), LB("中标(成交)总金额", 1, 1),
	LB("total contract value", 1, 1), LB("total award value", 1, 1),
	LB("中标金额", 2, 0), LB("成交金额", 2, 0), LB("中标(成交)金额", 2, 0), LB("中选金额", 2, 0),
	LB("中标价格", 2, 0), LB("中标价", 2, 0), LB("成交价格", 2, 0), LB("成交价", 2, 0),
	LB("中标总价", 2, 0), LB("成交总价", 2, 0), LB("中标(成交)价", 2, 0), LB("决标金额", 2, 0),
	LB("決標金額", 2, 0), LB("得标金额", 2, 0), LB("得標金額", 2, 0),
	LB("中标(成交)价格", 2, 0), LB("成交(中标)价格", 2, 0), LB("中标(成交)总价", 2, 0),
	LB("成交报价", 2, 0), LB("中标报价", 2, 0), LB("中标(成交)报价", 2, 0),
	LB("中标价款", 2, 0), LB("成交价款", 2, 0), LB("中選金額", 2, 0),
	LB("中標金額", 2, 0), LB("中標價格", 2, 0), LB("中標價", 2, 0), LB("成交金額", 2, 0),
	LB("成交價格", 2, 0), LB("成交價", 2, 0), LB("中標總金額", 1, 1), LB("批出金額", 2, 0),
	LB("判給金額", 2, 0), LB("判給價", 2, 0), LB("判给金额", 2, 0),
	LB("contract value", 2, 0), LB("award value", 2, 0), LB("awarded amount", 2, 0),
	LB("contract amount", 2, 0), LB("contract price", 2, 0), LB("award amount", 2, 0),
	LB("合同金额", 3, 0), LB("合同价", 3, 0), LB("合同总价", 3, 0), LB("签约合同价", 3, 0),
	LB("合同价格", 3, 0), LB("合同价款", 3, 0), LB("合約金額", 3, 0), LB("合約價", 3, 0),
	LB("合約總額", 3, 0),
	/* a correction's new figure (原中标金额100万元，现变更为90万元) */
	LB("变更为", 4, 0), LB("更正为", 4, 0), LB("调整为", 4, 0), LB("修改为", 4, 0),
	/* the winner's bid (中标人：…，投标报价：128万元), where it is the only
	 * one: a list of candidates' bids is no award */
	LB1("投标报价", 5), LB1("投标总价", 5), LB1("投标价", 5), LB1("最终报价", 5),
	LB1("磋商报价", 5), LB1("谈判报价", 5), LB1("响应报价", 5),
	{ NULL, 0, 0, 0, 0 }
};

static const label tender_labels[] = {
	LB("预算总金额", 1, 1), LB("采购预算总额", 1, 1), LB("预算总额", 1, 1), LB("total budget", 1, 1),
	LB("total estimated value", 1, 1),
	LB("预算金额", 2, 0), LB("采购预算", 2, 0), LB("项目预算", 2, 0), LB("预算价", 2, 0),
	LB("採購預算", 2, 0), LB("預算金額", 2, 0), LB("budget amount", 2, 0),
	LB("estimated value", 2, 0), LB("tender value", 2, 0),
	LB("最高限价", 3, 0), LB("最高投标限价", 3, 0), LB("控制价", 3, 0), LB("拦标价", 3, 0),
	LB("变更为", 4, 0), LB("更正为", 4, 0), LB("调整为", 4, 0), LB("修改为", 4, 0),
	{ NULL, 0, 0, 0, 0 }
};

static const label contract_labels[] = {
	LB("合同总金额", 1, 1), LB("合同总价", 1, 1),
	LB("合同金额", 2, 0), LB("合同价款", 2, 0), LB("合同价", 2, 0), LB("签约金额", 2, 0),
	LB("签约合同价", 2, 0), LB("合同价格", 2, 0), LB("合同总额", 2, 0),
	LB("契約金額", 2, 0), LB("合約金額", 2, 0), LB("合約總額", 2, 0),
	LB("contract value", 2, 0), LB("contract amount", 2, 0),
	LB("中标金额", 3, 0), LB("成交金额", 3, 0),
	LB("变更为", 4, 0), LB("更正为", 4, 0), LB("调整为", 4, 0), LB("修改为", 4, 0),
	{ NULL, 0, 0, 0, 0 }
};

/* Sentences about something wider than the document's own body: the
 * whole city, province, country or sector. */
static const char *const wider[] = { "全市", "全省", "全区", "全县", "全州", "全盟", "全旗",
	"全国", "全自治区", "全系统", "全行业", "各级", "全社会", "全縣", "全國", "全省市", NULL };
static trawl__kwset wider_k = TRAWL__KWSET(wider);
/* another year than the document's own */
static const char *const other_year[] = { "上年", "上一年", "去年", "上年度", "前年", NULL };
static trawl__kwset other_year_k = TRAWL__KWSET(other_year);
/* a figure a correction replaced (更正公告: 原成交金额 …, 现更正为 …), in
 * its sentence before the label or in its column */
static const char *const superseded[] = { "更正前", "变更前", "调整前", "修改前", "修正前",
	"原公告", "原中标", "原成交", "原合同", "原预算", "原采购", "原金额", "原内容", "更正前内容",
	"原公告內容", "更正前內容", "變更前", "原中標", "原預算", "原採購", "原中选", "原最高限价",
	"原控制价", "原拦标价", "原项目预算", "原决标", "原決標", NULL };
static trawl__kwset superseded_k = TRAWL__KWSET(superseded);

/* parts of a budget, not its total */
static const char *const parts[] = { "其中", "采购", "三公", "项目", "基本支出", "运行经费",
	"专项", "政府性基金", "国有资本", "会议", "培训", "公务", "资产", "人员经费", "公用经费",
	"采購", "專項", NULL };
static trawl__kwset parts_k = TRAWL__KWSET(parts);
/* columns that are not the year's amount */
static const char *const bad_columns[] = { "上年", "上一年", "去年", "增减", "增长", "比较",
	"变动", "差额", "减少", "增加", "%", "比例", "占比", "基本支出", "项目支出", "人员经费",
	"公用经费", "年初", "调整", "上年度", "比較", "增減", "change", "Change", "prior",
	"Prior", NULL };
static trawl__kwset bad_columns_k = TRAWL__KWSET(bad_columns);
/* a price per unit, not an amount spent (and '/', per_unit below) */
static const char *const per_unit[] = { "单价", "單價", "每", "unit price", "Unit price",
	NULL };
static trawl__kwset per_unit_k = TRAWL__KWSET(per_unit);

/* Whether s (n bytes, a label, a column's header or the words between a
 * label and its figure) prices per unit: 单价, 每, or a slash before a unit
 * (元/支, 万元/公里, 元/年). A slash before a rate or a percentage is not:
 * 中标金额（元/优惠率）, 成交金额(元/费率), 报价(元/%) head a cell that
 * holds an amount or, for another lot, a discount rate. */
static int per_unit_words(const char *s, size_t n)
{
	if (trawl__kw_any(&per_unit_k, s, n))
		return 1;
	for (size_t i = 0; i < n; i++) {
		size_t j, k;
		int rate = 0;
		if (s[i] == '/')
			j = i + 1;
		else if (n - i >= 3 && !memcmp(s + i, "\xef\xbc\x8f", 3))   /* ／ */
			j = i + 3;
		else
			continue;
		while (j < n && s[j] == ' ')
			j++;
		if (j < n && s[j] == '%')
			continue;
		if (n - j >= 3 && !memcmp(s + j, "\xef\xbc\x85", 3))           /* ％ */
			continue;
		/* a word of up to four characters ending in 率 (优惠率, 费率,
		 * 下浮率, 折扣率) */
		for (k = j; k < n && k < j + 15; k++) {
			if (n - k >= 3 && !memcmp(s + k, "率", 3)) {
				rate = 1;
				break;
			}
			if (s[k] == ')' || s[k] == '/' || s[k] == ' ' || s[k] == '\t' || s[k] == '\n' ||
			    (n - k >= 3 && !memcmp(s + k, "）", 3)))
				break;
		}
		if (!rate)
			return 1;
	}
	return 0;
}

static char lower_byte(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int lower_at(const char *t, size_t n, const char *w)
{
	size_t k = strlen(w);
	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++) {
		char c = t[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != w[i])
			return 0;
	}
	return 1;
}

/* Words allowed between a label and its amount: 中标金额(元):人民币 …,
 * 收入预算总计为 …, Contract value: USD … */
static const char *const filler[] = { " ", "\t", ":", "为", "是", "约", "共计", "共", "计",
	"达", "(元)", "(万元)", "(人民币)", "(人民币元)", "(含税)", "(大写)", "(小写)", "大写",
	"小写", "(单位:元)", "(单位:万元)", "总计", "合计", "金额", "总额", "总预算", "人民币", "為",
	"-",
	"is", "of", "\n", NULL };
#define NFILLER (sizeof filler / sizeof filler[0] - 1)
static size_t filler_len[NFILLER];

/* The lengths of the words above, measured once. */
static pthread_once_t lens_once = PTHREAD_ONCE_INIT;

/* The last bytes of the fillers and of the labels of the lists below:
 * a byte before an amount that is none of them ends no filler and no
 * label, so label_before finds none there. */
static unsigned char word_end[256];
static const label *const all_labels[] = { budget_labels, award_labels, tender_labels,
	contract_labels };
#define NLISTS (sizeof all_labels / sizeof all_labels[0])
_Static_assert(NFILLER < 255 && sizeof budget_labels / sizeof budget_labels[0] < 255 &&
               sizeof award_labels / sizeof award_labels[0] < 255 &&
               sizeof tender_labels / sizeof tender_labels[0] < 255 &&
               sizeof contract_labels / sizeof contract_labels[0] < 255,
               "words are numbered in bytes");
/* The fillers, and each list's labels, by their last byte: 1 + the first
 * word that ends with it, then 1 + the next (in list order), 0 at the end.
 * label_before compares a word only where its last byte is. */
static uint8_t filler_head[256], filler_next[NFILLER];
static uint8_t label_head[NLISTS][256], label_next[NLISTS][255];

static void filler_lens(void)
{
	for (size_t k = NFILLER; k-- > 0;) {
		unsigned char b;
		filler_len[k] = strlen(filler[k]);
		b = (unsigned char)filler[k][filler_len[k] - 1];
		word_end[b] = 1;
		filler_next[k] = filler_head[b];
		filler_head[b] = (uint8_t)(k + 1);
	}
	for (size_t i = 0; i < NLISTS; i++) {
		size_t n = 0;
		while (all_labels[i][n].w)
			n++;
		while (n-- > 0) {
			const label *l = &all_labels[i][n];
			unsigned char b = (unsigned char)l->w[l->len - 1];
			word_end[b] = 1;
			label_next[i][n] = label_head[i][b];
			label_head[i][b] = (uint8_t)(n + 1);
		}
	}
}

static const unsigned char sentence_end_byte[256] = {
	[';'] = 1, ['!'] = 1, ['?'] = 1, ['.'] = 1, ['\n'] = 1, [0x82] = 1, [0x81] = 1, [0x9f] = 1,
};

/* Where the sentence that holds byte `at` begins: after 。；;！？!?, or a
 * blank line, or a line that ends a table row (a tab in it), the title
 * line (the first unit's first: first_unit) or a line of a date in
 * brackets, at most 120 bytes back (on a
 * character boundary). Another line break is no end: a PDF wraps its
 * sentences (…年度收入支出总计\n9859.38 万元). */
static size_t sentence_start(const char *t, size_t at, int first_unit)
{
	size_t b = at > 120 ? at - 120 : 0, i;

	while (b < at && ((unsigned char)t[b] & 0xC0) == 0x80)
		b++;
	for (i = at; i > b; i--) {
		char c = t[i - 1];
		/* (most bytes can end no sentence: the tests below are for
		 * ; ! ? . and a newline, and the last bytes of 。！？) */
		if (!sentence_end_byte[(unsigned char)c])
			continue;
		if (c == ';' || c == '!' || c == '?')
			return i;
		/* an English full stop (not a decimal point) */
		if (c == '.' && i < at && (t[i] == ' ' || t[i] == '\n'))
			return i;
		if (c == '\n') {
			size_t k = i - 1;
			const char *ls;
			if (k == 0 || t[k - 1] == '\n')
				return i;
			/* the line before: a tab anywhere in it */
			ls = memrchr(t, '\n', k);
			ls = ls ? ls + 1 : t;
			if (memchr(ls, '\t', (size_t)(t + k - ls)))
				return i;
			/* or a line no wrap ends: the title (the text's first
			 * line: 某局FY2024-2025预算), or a date in brackets
			 * ((2024年12月30日公开)); not a heading, whose 全市 or
			 * 上年 speaks of what follows */
			if (first_unit && ls == t && k < 200)
				return i;
			if (*ls == '(' && t[k - 1] == ')' && k - (size_t)(ls - t) < 80) {
				const char *q = ls;
				while (q < t + k && !(*q >= '0' && *q <= '9'))
					q++;
				if (q < t + k)
					return i;
			}
		}
		/* 。！？ (E3 80 82, EF BC 81, EF BC 9F), by their last byte first */
		if (i >= b + 3 && (c == '\x82' || c == '\x81' || c == '\x9f') &&
		    (!memcmp(t + i - 3, "。", 3) || !memcmp(t + i - 3, "！", 3) ||
		     !memcmp(t + i - 3, "？", 3)))
			return i;
	}
	return b;
}

/* The best label (lowest priority number) that ends right before the
 * amount at `start`, with only filler between; NULL when none. The filler
 * is read backwards from the amount, taking the longest word each time. */
/* The length of a short aside in brackets that ends at pos (after s),
 * between a label and its amount, that leaves the amount the whole of
 * what the label names: 采购预算(最高限价)：, 中标金额(含税价)：; 0 for
 * none, or for any other (首年, 未含税, 月租金, 一般公共预算: a part). */
static size_t aside_before(const char *t, size_t s, size_t pos)
{
	static const char *const neutral[] = { "最高限价", "最高投标限价", "控制价", "招标控制价",
		"拦标价", "含税", "含税价", "含税总价", "含增值税", "总价", "总额", "合计", "总计",
		"人民币", "人民币元", "元", "万元", "大写", "小写", "暂定", "暂定价", "限价",
		"预算", "采购预算", "金额",
		/* an amount or a rate: 成交金额(元/费率) */
		"优惠率", "费率", "下浮率", "折扣率", "让利率", "%", NULL };
	size_t b = pos - 1;

	while (b > s && pos - b <= 26 && t[b - 1] != '(' && t[b - 1] != '\n')
		b--;
	if (b <= s || t[b - 1] != '(' || b + 1 >= pos)
		return 0;
	/* (each of its parts: (含税价,元), (元/费率)) */
	for (size_t p = b, e; p < pos - 1; p = e + 1) {
		int k;
		for (e = p; e < pos - 1 && t[e] != ',' && t[e] != '/'; e++)
			;
		for (k = 0; neutral[k]; k++)
			if (e - p == strlen(neutral[k]) && !memcmp(t + p, neutral[k], e - p))
				break;
		if (!neutral[k])
			return 0;
	}
	return pos - (b - 1);
}

static const label *label_before(const char *t, size_t start, const label *labels,
                                 size_t *label_at)
{
	size_t s, ends[12], pos = start, li;
	const label *best = NULL;
	int ne = 0;

	pthread_once(&lens_once, filler_lens);
	for (li = 0; li < NLISTS && labels != all_labels[li]; li++)
		;
	/* (most amounts: the byte before ends no filler and no label, so
	 * neither loop below takes a word; the sentence is not looked for) */
	if (li < NLISTS && (start == 0 || !word_end[(unsigned char)lower_byte(t[start - 1])]))
		return NULL;
	s = sentence_start(t, start, 0);
	ends[ne++] = pos;
	while (pos > s && ne < 12) {
		size_t got = 0;
		/* (a word ends with the byte before pos, in lower case: only the
		 * fillers that end with it are compared) */
		char lc = lower_byte(t[pos - 1]);
		for (unsigned f = filler_head[(unsigned char)lc]; f; f = filler_next[f - 1]) {
			size_t l = filler_len[f - 1];
			if (l > got && pos >= s + l && lower_at(t + pos - l, l, filler[f - 1]))
				got = l;
		}
		if (!got && lc == ')')
			got = aside_before(t, s, pos);
		if (!got)
			break;
		pos -= got;
		ends[ne++] = pos;
	}
	for (int e = 0; e < ne; e++) {
		char lc = ends[e] > 0 ? lower_byte(t[ends[e] - 1]) : '\0';
		if (li < NLISTS) {
			/* the labels that end with lc, in list order */
			for (unsigned q = label_head[li][(unsigned char)lc]; q; q = label_next[li][q - 1]) {
				const label *l = &labels[q - 1];
				size_t k = l->len;
				if (best && l->prio >= best->prio)
					continue;
				if (ends[e] >= s + k && lower_at(t + ends[e] - k, k, l->w)) {
					best = l;
					*label_at = ends[e] - k;
				}
			}
			continue;
		}
		for (const label *l = labels; l->w; l++) {
			size_t k;
			if (best && l->prio >= best->prio)
				continue;
			k = l->len;
			if (ends[e] < s + k || l->w[k - 1] != lc)
				continue;
			if (lower_at(t + ends[e] - k, k, l->w)) {
				best = l;
				*label_at = ends[e] - k;
			}
		}
	}
	return best;
}

/* Whether s[0..n) at i begins with one of words. */
static int word_at(const char *s, size_t n, size_t i, const char *const *words)
{
	for (; *words; words++) {
		size_t l = strlen(*words);
		if (i + l <= n && !memcmp(s + i, *words, l))
			return 1;
	}
	return 0;
}

/* A year other than y named in s[0..n) (4 digits, 1950-2100, alone; not
 * a figure: 1970万元, 2,010.5, 2050元). */
/* The year of four digits at s[i] is joined by a dash, 至 or ~ to the
 * year y (2024-2025年, 2023至2024年度): a span that holds y. */
static int range_with(const char *s, size_t n, size_t i, int y)
{
	char yy[8];
	static const char *const join[] = { "-", "~", "—", "至", "到", "－", NULL };

	snprintf(yy, sizeof yy, "%04d", y);
	for (int k = 0; join[k]; k++) {
		size_t l = strlen(join[k]);
		/* y before: 2024-2025 */
		if (i >= l + 4 && !memcmp(s + i - l, join[k], l) && !memcmp(s + i - l - 4, yy, 4) &&
		    !(i >= l + 5 && s[i - l - 5] >= '0' && s[i - l - 5] <= '9'))
			return 1;
		/* y after: 2023-2024 */
		if (i + 4 + l + 4 <= n && !memcmp(s + i + 4, join[k], l) &&
		    !memcmp(s + i + 4 + l, yy, 4) &&
		    !(i + 8 + l < n && s[i + 8 + l] >= '0' && s[i + 8 + l] <= '9'))
			return 1;
	}
	return 0;
}

static int names_other_year(const char *s, size_t n, int y)
{
	static const char *const figure_after[] = { "万", "亿", "千", "百", "元", "%", "％",
		"萬", NULL };
	for (size_t i = 0; i + 4 <= n; i++) {
		int v = 0, k;
		size_t e = i + 4;
		/* (1970.5万元 is a figure; 2023.12.31 a date) */
		if (e + 1 < n && s[e] == '.' && s[e + 1] >= '0' && s[e + 1] <= '9') {
			e++;
			while (e < n && s[e] >= '0' && s[e] <= '9')
				e++;
			if (!word_at(s, n, e, figure_after))
				e = i + 4;
		}
		if ((i > 0 && ((s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == ',' ||
		               s[i - 1] == '.')) ||
		    (i + 4 < n && ((s[i + 4] >= '0' && s[i + 4] <= '9') || s[i + 4] == ',')) ||
		    word_at(s, n, e, figure_after))
			continue;
		for (k = 0; k < 4 && s[i + k] >= '0' && s[i + k] <= '9'; k++)
			v = v * 10 + (s[i + k] - '0');
		if (k == 4 && v >= 1950 && v <= 2100 && y && v != y && !range_with(s, n, i, y))
			return 1;
	}
	return 0;
}

typedef struct cand {
	size_t fact;        /* index in d->facts */
	const label *l;
	int col_ok;         /* its column names this year's amount (预算数, 决算数, 本年) */
	int total_row;      /* a 合计/总计 row of a list */
	int total_col;      /* what its column's 合计 header added to col_ok */
	int item;
	const char *cur;    /* its currency, or the one its restatement states
	                       (120万 … 大写：壹佰贰拾万元整); "" none */
} cand;

/* An amount that may be a document's own: not negative, not a range or a
 * bound, with a currency (any when loose: the figure whose unit the
 * document does not state, to be named as such), and no price per item
 * (role price: 12.50元/支). */
static int plain_amount(const trawl__doc *d, const trawl__dfact *f, int loose)
{
	const char *cmp = fstr(d, f, TRAWL__FS_COMPARATOR);
	return !f->negative && fstr(d, f, TRAWL__FS_VALUE)[0] &&
	       strcmp(fstr(d, f, TRAWL__FS_ROLE), "price") &&
	       !fstr(d, f, TRAWL__FS_VALUE_HI)[0] && (loose || fstr(d, f, TRAWL__FS_CURRENCY)[0]) &&
	       (!cmp[0] || !strcmp(cmp, "="));
}

static int is_total_label(const char *s)
{
	static const char *const w[] = { "合计", "总计", "合計", "總計", "小计", "total", "Total",
		"TOTAL", NULL };
	size_t n = strlen(s);
	for (int i = 0; w[i]; i++)
		if (n == strlen(w[i]) && !strcmp(s, w[i]))
			return 1;
	return 0;
}

/* Only numbering: 一、 (3) 12. and spaces. */
static int numbering(const char *s, size_t n)
{
	static const char *const num[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
		"、", "(", ")", " ", ".", "\t", NULL };
	size_t j = 0;

	while (j < n) {
		int m = 0;
		if (s[j] >= '0' && s[j] <= '9') {
			j++;
			continue;
		}
		for (int q = 0; num[q] && !m; q++) {
			size_t l = strlen(num[q]);
			if (j + l <= n && !memcmp(s + j, num[q], l))
				j += l, m = 1;
		}
		if (!m)
			return 0;
	}
	return 1;
}

/* Whether the bid labelled at `at` in t is the winner's: near the winner
 * (中标人：…，投标报价：…, within 300 bytes either side), not a ceiling,
 * floor or average of all bids (最高投标报价, 平均投标报价, 有效投标报价,
 * 评标基准价), and not in a list of candidates (中标候选人公示). */
static const char *const bid_qualifiers[] = { "最高", "最低", "平均", "有效", "基准", "拦标",
	"控制", "限价", "均价", "合理", NULL };

/* Whether s[0..n) qualifies a bid as no one's (最高投标报价). */
static int bid_qualified(const char *s, size_t n)
{
	for (int k = 0; bid_qualifiers[k]; k++)
		if (memmem(s, n, bid_qualifiers[k], strlen(bid_qualifiers[k])))
			return 1;
	return 0;
}

static int winners_bid(const trawl__doc *d, const char *t, size_t n, size_t at)
{
	static const char *const winner[] = { "中标人", "中标单位", "中标供应商", "成交供应商",
		"成交人", "成交单位", "中选人", "中选单位", "中选供应商", "成交)供应商",
		"中标)供应商", "得标人", "得标厂商", NULL };
	size_t back = at > 300 ? at - 300 : 0, fwd = n - at > 300 ? 300 : n - at;

	if (d->title && strstr(d->title, "候选人"))
		return 0;
	/* (the word just before the label: 最高投标报价; not 综合得分最高，
	 * 最终报价) */
	for (int k = 0; bid_qualifiers[k]; k++) {
		size_t ql = strlen(bid_qualifiers[k]);
		if (at >= ql && !memcmp(t + at - ql, bid_qualifiers[k], ql))
			return 0;
	}
	for (int k = 0; winner[k]; k++)
		if (memmem(t + back, at - back, winner[k], strlen(winner[k])) ||
		    memmem(t + at, fwd, winner[k], strlen(winner[k])))
			return 1;
	return 0;
}

/* The label a table row gives: the row's label is one (after numbering:
 * 一、收入总计, 合 计 is not). */
static const label *item_label(const char *lab, const label *labels)
{
	const label *best = NULL;
	size_t n = strlen(lab);

	/* (and the unit it states: 中标金额(万元); not 收入总计(不含…)) */
	if (n && lab[n - 1] == ')') {
		const char *open = memrchr(lab, '(', n);
		if (open && open > lab && memmem(open, (size_t)(lab + n - open), "元", 3))
			n = (size_t)(open - lab);
		while (n && lab[n - 1] == ' ')
			n--;
	}

	for (const label *l = labels; l->w; l++) {
		size_t k = l->len;
		if ((best && l->prio >= best->prio) || n < k)
			continue;
		if (lower_at(lab + n - k, k, l->w) && numbering(lab, n - k))
			best = l;
	}
	return best;
}

/* The amount's sentence, or an item's caption, label and column, speak of
 * something other than the document's own body and year. */
static int foreign_context(const char *s, size_t n, int year, int budget)
{
	if (trawl__kw_any(&wider_k, s, n) || trawl__kw_any(&other_year_k, s, n) ||
	    names_other_year(s, n, year))
		return 1;
	return budget && trawl__kw_any(&parts_k, s, n);
}

/* Item i is a 总计 (or 合计) row of a balanced summary table: the same
 * line holds the same label with the same value on the other side
 * (总计 9859.38 总计 9859.38), which makes it the budget's grand total. */
static int balanced_row(const trawl__doc *d, size_t i)
{
	const trawl__dfact *f = fact_at(d, i);
	const trawl__unit *u = unit_of(d, f->unit);
	const char *lab = fstr(d, f, TRAWL__FS_LABEL), *v = fstr(d, f, TRAWL__FS_VALUE);

	for (size_t j = i + 1; u && j < d->facts.n; j++) {
		const trawl__dfact *g = fact_at(d, j);
		if (g->unit != f->unit || memchr(u->nt.text.data + f->start, '\n', g->start - f->start))
			break;
		if (g->kind == TRAWL__F_ITEM && !strcmp(fstr(d, g, TRAWL__FS_LABEL), lab) &&
		    !strcmp(fstr(d, g, TRAWL__FS_VALUE), v))
			return 1;
	}
	return 0;
}

/* How far apart the figures a fact's text can state are, in its base
 * unit: 9,101.68万元 states hundreds of yuan (100), 16300 yuan (1). */
static double stated_step(const trawl__doc *d, const trawl__dfact *f)
{
	const trawl__unit *u = unit_of(d, f->unit);
	const char *unit = fstr(d, f, TRAWL__FS_UNIT), *t, *dot;
	double step = 1;
	int decimals = 0;

	if (!u)
		return 1;
	if (strstr(unit, "亿"))
		step = 1e8;
	else if (strstr(unit, "万"))
		step = 1e4;
	else if (strstr(unit, "千"))
		step = 1e3;
	t = u->nt.text.data + f->start;
	dot = memchr(t, '.', f->end - f->start);
	if (dot)
		while (dot + 1 + decimals < u->nt.text.data + f->end &&
		       dot[1 + decimals] >= '0' && dot[1 + decimals] <= '9')
			decimals++;
	while (decimals-- > 0)
		step /= 10;
	return step;
}

/* A total stated in 万元 may be stated to the yuan elsewhere (a 合计 row of
 * a table in 元): the fact that states the same total more precisely, a
 * total of this document (a label in labels), or `pick` itself. A bare
 * figure whose unit was not stated counts too: only yuan make 91,016,775.35
 * round to 9,101.68万元, and the currency is the total's. */
static size_t precise_twin(const trawl__doc *d, size_t pick, const label *labels)
{
	const trawl__dfact *f = fact_at(d, pick);
	double a = strtod(fstr(d, f, TRAWL__FS_VALUE), NULL), step = stated_step(d, f);
	const char *cur = fstr(d, f, TRAWL__FS_CURRENCY);

	if (step <= 1)
		return pick;
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *g = fact_at(d, i);
		const trawl__unit *u = unit_of(d, g->unit);
		double v;
		size_t at = 0;
		const char *gc = fstr(d, g, TRAWL__FS_CURRENCY), *cmp = fstr(d, g, TRAWL__FS_COMPARATOR);
		if (i == pick || (g->kind != TRAWL__F_ITEM && g->kind != TRAWL__F_MONEY) || !u ||
		    g->negative || !fstr(d, g, TRAWL__FS_VALUE)[0] || fstr(d, g, TRAWL__FS_VALUE_HI)[0] ||
		    (cmp[0] && strcmp(cmp, "=")) || (gc[0] && strcmp(gc, cur)))
			continue;
		v = strtod(fstr(d, g, TRAWL__FS_VALUE), NULL);
		if (v - a > step / 2 || a - v > step / 2 || stated_step(d, g) >= step)
			continue;
		if (g->kind == TRAWL__F_ITEM ? item_label(fstr(d, g, TRAWL__FS_LABEL), labels) != NULL
		                             : label_before(u->nt.text.data, g->start, labels, &at) != NULL)
			return i;
	}
	return pick;
}

/* ---- lots: the vendor each figure of an award is for ---- */

/* An award of several lots names each lot's vendor beside its figure:
 *   包1：中标供应商：甲安科技有限公司，中标金额：120万元
 *   包2：中标供应商：乙盾科技有限公司，中标金额：80万元
 * (or the figure first, the vendor after it; or a block of lines a lot).
 * Each figure is paired with the vendor named nearest before it (or, read
 * the other way, after it), counting every place the text names a vendor,
 * not only the first (a party fact is reported once). The pairing holds
 * only when the text allows no other: every figure has a vendor, every
 * vendor the document names has a figure, where the text marks its lots
 * (包1, 合同包2, 标段3, 第四包) each pair lies within one lot, and where both
 * directions do all that and disagree (the vendors named again after the
 * lots), one of them pairs each figure with a vendor on its own line and
 * the other does not. Else nothing is paired: the amount stays the
 * document's, unsplit. */

#define LOT_NEEDLES_MAX 32
#define LOT_EVENTS_MAX 4096
#define LOT_MARKS_MAX 256

/* Where a lot begins (包1), and its number. */
typedef struct lot_mark {
	uint32_t unit, pos;
	int id;
} lot_mark;

typedef struct lot_marks {
	lot_mark m[LOT_MARKS_MAX];
	size_t n;       /* 0: the text marks no lots (or too many to trust) */
} lot_marks;

/* The Chinese digit 一 to 九 at p (1-9), or 0. */
static int zh_digit(const char *p, const char *e)
{
	static const char *const zh[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九" };

	for (int j = 0; j < 9 && p + 3 <= e; j++)
		if (!memcmp(p, zh[j], 3))
			return j + 1;
	return 0;
}

/* A lot's number at p: 1 to 3 ASCII digits, or 一 to 九十九; its length
 * (0: none, or a figure: 包：1,200万元, 每包10.5元). */
static size_t lot_number(const char *p, const char *e, int *id)
{
	static const char *const figure_after[] = { "万", "亿", "元", "千", "百", "%", NULL };
	size_t k = 0;
	int v = 0, d;

	while (p + k < e && k < 3 && p[k] >= '0' && p[k] <= '9')
		v = v * 10 + (p[k++] - '0');
	if (k) {
		if (p + k < e && p[k] >= '0' && p[k] <= '9')
			return 0;   /* (a long number is no lot's) */
		if (word_at(p, (size_t)(e - p), k, figure_after) ||
		    (p + k + 1 < e && (p[k] == ',' || p[k] == '.') && p[k + 1] >= '0' &&
		     p[k + 1] <= '9'))
			return 0;   /* (1,200 or 10.5: but 包1，… is lot 1) */
		*id = v;
		return v ? k : 0;
	}
	/* 三, 十, 三十, 十三, 三十三 */
	if ((d = zh_digit(p, e))) {
		v = d;
		k += 3;
	}
	if (p + k + 3 <= e && !memcmp(p + k, "十", 3)) {
		v = (v ? v : 1) * 10;
		k += 3;
		if ((d = zh_digit(p + k, e))) {
			v += d;
			k += 3;
		}
	}
	*id = v;
	return v ? k : 0;
}

/* Every place d's text begins a lot: 包1, 包件2, 包号3, 合同包4, 标段5,
 * 标包6, 第七包, 第八标段. */
static void find_lot_marks(const trawl__doc *d, lot_marks *lm)
{
	lm->n = 0;
	for (size_t i = 0; i < d->units.n; i++) {
		const trawl__unit *u = unit_of(d, i);
		const char *t = u ? u->nt.text.data : NULL, *e, *p;
		if (!t || !u->nt.text.len)
			continue;
		e = t + u->nt.text.len;
		for (p = t; p < e; p++) {
			size_t w = 0, k;
			int id = 0;
			if (p + 3 <= e && !memcmp(p, "包", 3))
				w = 3;
			else if (p + 6 <= e && (!memcmp(p, "标段", 6) || !memcmp(p, "标包", 6)))
				w = 6;
			if (w) {
				const char *q = p + w;
				if (q + 3 <= e && (!memcmp(q, "件", 3) || !memcmp(q, "号", 3)))
					q += 3;
				while (q < e && (*q == ' ' || *q == ':'))
					q++;
				if (q + 3 <= e && !memcmp(q, "：", 3))
					q += 3;
				k = lot_number(q, e, &id);
			} else if (p + 3 <= e && !memcmp(p, "第", 3)) {
				const char *q = p + 3;
				k = lot_number(q, e, &id);
				if (k && !(q + k + 3 <= e && !memcmp(q + k, "包", 3)) &&
				    !(q + k + 6 <= e && (!memcmp(q + k, "标段", 6) || !memcmp(q + k, "标包", 6))))
					k = 0;
				if (k)   /* (the 包 after it is not another) */
					w = 3 + k + (!memcmp(q + k, "包", 3) ? 3 : 6);
			} else {
				continue;
			}
			if (!k)
				continue;
			if (lm->n == LOT_MARKS_MAX) {
				lm->n = 0;  /* too many to be lots */
				return;
			}
			lm->m[lm->n++] = (lot_mark){ (uint32_t)i, (uint32_t)(p - t), id };
			p += w - 1;
		}
	}
}

/* The lot (index in lm, -1: before any) at unit's byte pos. */
static int lot_at(const lot_marks *lm, uint32_t unit, uint32_t pos)
{
	int k = -1;
	for (size_t i = 0; i < lm->n; i++) {
		if (lm->m[i].unit > unit || (lm->m[i].unit == unit && lm->m[i].pos > pos))
			break;
		k = (int)i;
	}
	return k;
}

typedef struct lot_ev {
	uint32_t unit, start, end;
	int vendor;     /* index of the vendor, or -1: a figure ... */
	size_t cand;    /* ... c[cand] */
	int lot;        /* lot_at() */
} lot_ev;

static int by_lot_ev(const void *a, const void *b)
{
	const lot_ev *x = a, *y = b;

	if (x->unit != y->unit)
		return x->unit < y->unit ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end < y->end) - (x->end > y->end);   /* the longer name first */
}

static int lot_push(lot_ev **ev, size_t *n, size_t *cap, lot_ev e)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		lot_ev *p;
		if (nc > LOT_EVENTS_MAX || !(p = trawl__reallocn(*ev, nc, sizeof *p)))
			return -1;
		*ev = p;
		*cap = nc;
	}
	(*ev)[(*n)++] = e;
	return 0;
}

/* Pairs ev[0..n) (sorted; vendors run together removed) in one direction
 * (dir 1: each figure with the vendor before it, -1: after it): who[cand]
 * = 1 + vendor; *apart counts the pairs not on one line. 1 when every
 * figure and every one of nv vendors is paired, each pair within one lot
 * when the text marks them (marked). */
static int lot_pair(const trawl__doc *d, const lot_ev *ev, size_t n, int nv, int marked,
                    int dir, int *who, size_t *apart)
{
	int used[LOT_NEEDLES_MAX] = { 0 }, nused = 0;
	const lot_ev *last = NULL;

	*apart = 0;
	for (size_t k = 0; k < n; k++) {
		const lot_ev *e = &ev[dir > 0 ? k : n - 1 - k];
		if (e->vendor >= 0) {
			last = e;
			continue;
		}
		if (!last || (marked && last->lot != e->lot))
			return 0;
		who[e->cand] = last->vendor + 1;
		if (!used[last->vendor]++)
			nused++;
		if (last->unit != e->unit) {
			(*apart)++;
		} else {
			const trawl__unit *u = unit_of(d, e->unit);
			uint32_t from = dir > 0 ? last->end : e->end, to = dir > 0 ? e->start : last->start;
			if (u && to > from && to <= u->nt.text.len)
				*apart += memchr(u->nt.text.data + from, '\n', to - from) != NULL;
		}
	}
	return nused == nv;
}

/* For each of the nc figures c[] summed into a document's amount (prose
 * money facts), the vendor of its lot: who[i] = 1 + the index in d->facts
 * of the vendor's party fact. 1 when each has one, as above; 0 when the
 * document names fewer than two vendors or the pairing is not certain. */
static int lot_vendors(const trawl__doc *d, const lot_marks *lm, const cand *c, size_t nc,
                       uint32_t *who)
{
	struct { const char *s; size_t n; int vendor; } nd[LOT_NEEDLES_MAX];
	size_t vfact[LOT_NEEDLES_MAX];
	int nn = 0, nv = 0, ok = 0, fok, bok;
	int *fw = NULL, *bw = NULL;
	size_t fapart, bapart;
	lot_ev *ev = NULL;
	size_t n = 0, cap = 0, i, k;

	/* the vendors, each by the name it was read as */
	for (i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = fact_at(d, i);
		const trawl__unit *u = unit_of(d, f->unit);
		const char *v = fstr(d, f, TRAWL__FS_VALUE);
		int j;
		if (f->kind != TRAWL__F_PARTY || strcmp(fstr(d, f, TRAWL__FS_ROLE), "vendor") || !v[0] ||
		    !u || f->end <= f->start || f->end > u->nt.text.len)
			continue;
		if (nn == LOT_NEEDLES_MAX)
			return 0;
		for (j = 0; j < nv; j++)
			if (!strcmp(fstr(d, fact_at(d, vfact[j]), TRAWL__FS_VALUE), v))
				break;
		if (j == nv)
			vfact[nv++] = i;
		nd[nn].s = u->nt.text.data + f->start;
		nd[nn].n = f->end - f->start;
		nd[nn].vendor = j;
		nn++;
	}
	if (nv < 2)
		return 0;
	/* every place each is named, and the figures */
	for (i = 0; i < d->units.n; i++) {
		const trawl__unit *u = unit_of(d, i);
		const char *t = u ? u->nt.text.data : NULL;
		size_t tl = u ? u->nt.text.len : 0;
		for (int j = 0; j < nn && tl; j++) {
			const char *p = t, *hit;
			while ((hit = memmem(p, tl - (size_t)(p - t), nd[j].s, nd[j].n)) != NULL) {
				lot_ev e = { (uint32_t)i, (uint32_t)(hit - t), (uint32_t)(hit - t + nd[j].n),
				             nd[j].vendor, 0, 0 };
				e.lot = lot_at(lm, e.unit, e.start);
				if (lot_push(&ev, &n, &cap, e))
					goto out;
				p = hit + nd[j].n;
			}
		}
	}
	for (i = 0; i < nc; i++) {
		const trawl__dfact *f = fact_at(d, c[i].fact);
		lot_ev e = { f->unit, f->start, f->end, -1, i, lot_at(lm, f->unit, f->start) };
		if (lot_push(&ev, &n, &cap, e))
			goto out;
	}
	qsort(ev, n, sizeof *ev, by_lot_ev);
	/* a name inside a longer one read at the same place is that one; a
	 * vendor named again before anything else is one mention */
	for (i = k = 0; i < n; i++) {
		if (ev[i].vendor >= 0 && k) {
			const lot_ev *p = &ev[k - 1];
			if (p->vendor >= 0 && ((p->unit == ev[i].unit && ev[i].start < p->end) ||
			                       (p->vendor == ev[i].vendor && p->lot == ev[i].lot)))
				continue;
		}
		ev[k++] = ev[i];
	}
	n = k;
	fw = calloc(nc, sizeof *fw);
	bw = calloc(nc, sizeof *bw);
	if (!fw || !bw)
		goto out;
	fok = lot_pair(d, ev, n, nv, lm->n >= 2, 1, fw, &fapart);
	bok = lot_pair(d, ev, n, nv, lm->n >= 2, -1, bw, &bapart);
	if (fok && bok && memcmp(fw, bw, nc * sizeof *fw)) {
		/* both read the text: the one whose pairs share their lines */
		fok = !fapart && bapart;
		bok = !bapart && fapart;
	}
	if (fok || bok) {
		for (i = 0; i < nc; i++)
			who[i] = (uint32_t)vfact[(fok ? fw : bw)[i] - 1] + 1;
		ok = 1;
	}
out:
	free(ev);
	free(fw);
	free(bw);
	return ok;
}

/* A line that opens a numbered section (三、 四、 5、 第二章) at t[i]. */
static int section_heading(const char *t, size_t i, size_t n)
{
	static const char *const zh[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
		NULL };
	size_t k = i;

	while (k < n && (t[k] == ' ' || t[k] == '\t'))
		k++;
	if (k < n && t[k] >= '0' && t[k] <= '9') {
		while (k < n && t[k] >= '0' && t[k] <= '9')
			k++;
	} else {
		size_t k0 = k;
		if (word_at(t, n, k, (const char *const[]){ "第", NULL }))
			k += 3;
		while (word_at(t, n, k, zh))
			k += 3;
		if (k == k0)
			return 0;
		if (word_at(t, n, k, (const char *const[]){ "章", "节", "部分", NULL }))
			return 1;
	}
	return word_at(t, n, k, (const char *const[]){ "、", NULL });
}

/* Whether the figure f lies in its lot's block: after its mark k in the
 * same unit, with no numbered section (三、…) opening between. */
static int in_mark_block(const trawl__doc *d, const lot_marks *lm, int k, const trawl__dfact *f)
{
	const trawl__unit *u = unit_of(d, f->unit);
	const char *t;

	if (k < 0 || !u || lm->m[k].unit != f->unit || lm->m[k].pos > f->start ||
	    f->start > u->nt.text.len)
		return 0;
	t = u->nt.text.data;
	for (size_t i = lm->m[k].pos; i < f->start; i++)
		if (t[i] == '\n' && section_heading(t, i + 1, f->start))
			return 0;
	return 1;
}

/* Figures a and b may be one figure written twice: the text does not put
 * them in two lots of different numbers (lm NULL or empty: it numbers
 * none). Unless their lots' vendors were told (paired), each must be in
 * its lot's block: a figure stated again in a later section (包2 废标。
 * 三、中标金额：100万元) is no second lot's. */
static int same_lot(const trawl__doc *d, const lot_marks *lm, const cand *a, const cand *b,
                    int paired)
{
	const trawl__dfact *x = fact_at(d, a->fact), *y = fact_at(d, b->fact);
	int i, j;

	if (!lm || lm->n < 2)
		return 1;
	i = lot_at(lm, x->unit, x->start);
	j = lot_at(lm, y->unit, y->start);
	if (i < 0 || j < 0 || lm->m[i].id == lm->m[j].id)
		return 1;
	return !paired && !(in_mark_block(d, lm, i, x) && in_mark_block(d, lm, j, y));
}

/* The currency of a money fact with a currency that restates fact fi's
 * figure beside it (the same value, in the same unit, within 200 bytes:
 * 成交金额：1200000（大写：壹佰贰拾万元整）), and in the same lot (lm: the
 * text's lot marks, or NULL), else "". */
static int same_lot_at(const lot_marks *lm, const trawl__dfact *a, const trawl__dfact *b)
{
	int la, lb;
	if (!lm)
		return 1;
	la = lot_at(lm, a->unit, a->start);
	lb = lot_at(lm, b->unit, b->start);
	return la == lb || (la >= 0 && lb >= 0 && lm->m[la].id == lm->m[lb].id);
}

static const char *restated_currency(const trawl__doc *d, size_t fi, const lot_marks *lm)
{
	const trawl__dfact *f = fact_at(d, fi);
	const char *v = fstr(d, f, TRAWL__FS_VALUE);

	for (size_t j = fi; j-- > 0;) {
		const trawl__dfact *g = fact_at(d, j);
		if (g->unit != f->unit || g->end + 200 < f->start)
			break;
		if (g->kind == TRAWL__F_MONEY && fstr(d, g, TRAWL__FS_CURRENCY)[0] &&
		    !strcmp(fstr(d, g, TRAWL__FS_VALUE), v) && same_lot_at(lm, f, g))
			return fstr(d, g, TRAWL__FS_CURRENCY);
	}
	for (size_t j = fi + 1; j < d->facts.n; j++) {
		const trawl__dfact *g = fact_at(d, j);
		if (g->unit != f->unit || g->start > f->end + 200)
			break;
		if (g->kind == TRAWL__F_MONEY && fstr(d, g, TRAWL__FS_CURRENCY)[0] &&
		    !strcmp(fstr(d, g, TRAWL__FS_VALUE), v) && same_lot_at(lm, f, g))
			return fstr(d, g, TRAWL__FS_CURRENCY);
	}
	return "";
}

/* Whether the cell at byte pos of u (a table's) is in a column headed as
 * the figure a correction replaced: 更正事项 | 更正前内容 | 更正后内容 with
 * 预算金额 | 300万元 | 320万元 (its first row's cell over its column). */
static int superseded_column(const trawl__unit *u, const char *t, uint32_t pos)
{
	const trawl__cell *cs = u->cells.items;
	size_t n = u->cells.n, lo = 0, hi = n, i;
	const trawl__cell *c;
	uint32_t first;

	/* the cells are in the text's order */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cs[mid].end <= pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo >= n || cs[lo].start > pos)
		return 0;
	c = &cs[lo];
	/* its table's first cell: back in growing steps while the cells are
	 * its table's, then halving (a big sheet's figures each find it in
	 * a few steps, not by walking its rows) */
	{
		size_t good = lo, step = 1, bad = 0;
		int have_bad = 0;
		for (;;) {
			if (good < step) {
				if (cs[0].table == c->table)
					good = 0;
				else
					have_bad = 1;   /* bad = 0 */
				break;
			}
			if (cs[good - step].table != c->table) {
				have_bad = 1;
				bad = good - step;
				break;
			}
			good -= step;
			step *= 2;
		}
		/* cs[bad] is another table's, cs[good] this one's */
		while (have_bad && good - bad > 1) {
			size_t mid = bad + (good - bad) / 2;
			if (cs[mid].table == c->table)
				good = mid;
			else
				bad = mid;
		}
		i = good;
	}
	/* (its cells are in the text's order: the first row comes first) */
	first = cs[i].row;
	if (first == c->row)
		return 0;
	for (; i < lo && cs[i].row == first; i++) {
		const trawl__cell *h = &cs[i];
		uint32_t span = h->colspan ? h->colspan : 1;
		if (h->col <= c->col && c->col < h->col + span)
			return trawl__kw_any(&superseded_k, t + h->start, h->end - h->start);
	}
	return 0;
}

/* Whether s names a year: 1950..2100 standing alone (2024年, 2024). */
static int names_a_year(const char *s)
{
	for (size_t i = 0; s[i]; i++) {
		int y = 0, k;
		if (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')
			continue;
		for (k = 0; k < 4 && s[i + k] >= '0' && s[i + k] <= '9'; k++)
			y = y * 10 + (s[i + k] - '0');
		if (k == 4 && !(s[i + 4] >= '0' && s[i + 4] <= '9') && y >= 1950 && y <= 2100)
			return 1;
	}
	return 0;
}

/* decide_amount_labels' *conflict when a lot's amount is a rate */
#define AMOUNT_RATE UINT32_MAX

/* The words of a rate given where an amount goes. */
static const char *const rate_words[] = { "优惠率", "费率", "下浮率", "折扣率", "让利率", "優惠率",
	"費率", "折扣", NULL };

/* A lot priced by a rate where its amount goes (中标金额：费率1.2%,
 * 中标价：下浮率12%): the percentage f, labelled with a rate's word right
 * before it, after a label of labels. That label, or NULL. Its amount is
 * no figure, and a sum of the lots with it is not known. */
static const label *rate_lot(const trawl__doc *d, const trawl__dfact *f, const char *t,
                             const label *labels)
{
	const char *lab = fstr(d, f, TRAWL__FS_LABEL);
	size_t p = f->start, at, l;
	int k;

	if (strcmp(fstr(d, f, TRAWL__FS_UNIT), "%"))
		return NULL;
	for (k = 0; rate_words[k] && strcmp(lab, rate_words[k]); k++)
		;
	if (!rate_words[k])
		return NULL;
	while (p > 0 && (t[p - 1] == ' ' || t[p - 1] == ':'))
		p--;
	if (p >= 3 && (!memcmp(t + p - 3, "为", 3) || !memcmp(t + p - 3, "：", 3)))
		p -= 3;
	l = strlen(lab);
	if (p < l || memcmp(t + p - l, lab, l))
		return NULL;
	{
		const label *lb = label_before(t, p - l, labels, &at);
		size_t cs = at;
		/* not a bidder's (投标报价: one of several), nor the figure a
		 * correction replaced (原中标价：费率1.2%，现变更为…) */
		if (!lb || lb->single || (at >= 3 && !memcmp(t + at - 3, "原", 3)))
			return NULL;
		while (cs > 0 && t[cs - 1] != '\n' && t[cs - 1] != ',' &&
		       !(cs >= 3 && (!memcmp(t + cs - 3, "，", 3) || !memcmp(t + cs - 3, "；", 3))))
			cs--;
		if (trawl__kw_any(&superseded_k, t + cs, at - cs))
			return NULL;
		return lb;
	}
}

/* The document's own amount from the figures labels name (budget: of a
 * budget or final accounts). loose: figures of no currency too, each
 * taking the one its restatement beside it states; a sum of figures some
 * of which have a currency and some none is then no amount, and *conflict
 * (when not NULL) is 1 + the first of no currency (its figure unknown). */
static void decide_amount_labels(const trawl__doc *d, trawl__docmeta *m, const label *labels,
                                 int budget, int loose, uint32_t *conflict)
{
	static const label grand_total = LB("总计", 1, 1);
	cand *c = NULL;
	uint32_t *who = NULL;
	lot_marks *lm = NULL;
	size_t nc = 0, cap = 0, i;
	int best = 0;
	/* what an item's column and caption say, kept for the next item of
	 * the same column (the same string in the pool): a table's items
	 * share them (-1: not yet known) */
	uint32_t col_at = UINT32_MAX, cap_at = UINT32_MAX;
	int col_bad = -1, cap_foreign = -1, cap_parts = -1, col_ok = -1, col_cl_known = 0;
	int rate_prio = 0, col_total = 0;
	const label *col_cl = NULL;

	m->nlots = 0;

	for (i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = fact_at(d, i);
		const trawl__unit *u = unit_of(d, f->unit);
		const label *l = NULL;
		cand x;
		if (f->kind == TRAWL__F_QUANTITY && !budget && loose && u &&
		    (l = rate_lot(d, f, u->nt.text.data, labels)) != NULL) {
			/* a lot priced by a rate (decided below) */
			if (!rate_prio || l->prio < rate_prio)
				rate_prio = l->prio;
			continue;
		}
		if ((f->kind != TRAWL__F_MONEY && f->kind != TRAWL__F_ITEM) || !u ||
		    !plain_amount(d, f, loose))
			continue;
		memset(&x, 0, sizeof x);
		x.fact = i;
		if (f->kind == TRAWL__F_ITEM) {
			const char *lab = fstr(d, f, TRAWL__FS_LABEL), *col = fstr(d, f, TRAWL__FS_COLUMN);
			const char *cap_ = fstr(d, f, TRAWL__FS_CAPTION);
			const label *cl;
			if (f->str[TRAWL__FS_COLUMN] != col_at) {
				col_at = f->str[TRAWL__FS_COLUMN];
				col_bad = col_ok = -1;
				col_cl_known = 0;
			}
			if (f->str[TRAWL__FS_CAPTION] != cap_at) {
				cap_at = f->str[TRAWL__FS_CAPTION];
				cap_foreign = cap_parts = -1;
			}
			if (col_bad < 0)
				col_bad = per_unit_words(col, strlen(col)) ||
				          (budget && trawl__kw_any(&bad_columns_k, col, strlen(col))) ||
				          trawl__kw_any(&superseded_k, col, strlen(col)) ||
				          names_other_year(col, strlen(col), m->year);
			if (col_bad)
				continue;
			if (cap_foreign < 0)
				cap_foreign = foreign_context(cap_, strlen(cap_), m->year, 0);
			if (cap_foreign)
				continue;
			/* a row of the figure a correction replaced (原成交金额; not
			 * 原子吸收光谱仪, 原平市…公司) */
			if (trawl__kw_any(&superseded_k, lab, strlen(lab)))
				continue;
			l = item_label(lab, labels);
			x.total_row = is_total_label(lab);
			/* a column headed as the amount (中标金额(元)) labels each row */
			if (!budget && !col_cl_known) {
				if ((cl = item_label(col, labels)) == NULL) {
					for (const label *q = labels; q->w; q++)
						if (has(col, strlen(col), q->w) || lower_at(col, strlen(col), q->w))
							if (!cl || q->prio < cl->prio)
								cl = q;
				}
				col_cl = cl;
				col_cl_known = 1;
			}
			if (!budget && !l)
				l = col_cl;
			if (!l)
				continue;
			/* (a bid's column or row: not a ceiling or an average of bids,
			 * nor in a list of candidates) */
			if (l->single && (bid_qualified(lab, strlen(lab)) || bid_qualified(col, strlen(col)) ||
			                  (d->title && strstr(d->title, "候选人"))))
				continue;
			/* a generic total row counts only in a summary table */
			if (budget && l->prio >= 5) {
				if (cap_parts < 0)
					cap_parts = trawl__kw_any(&parts_k, cap_, strlen(cap_));
				if (cap_parts)
					continue;
			}
			if (budget && l->prio >= 5 && balanced_row(d, i))
				l = &grand_total;
			if (budget && foreign_context(lab, strlen(lab), m->year, l->prio >= 4))
				continue;
			if (col_ok < 0) {
				/* 1: this year's amount (预算数, 决算数, 本年); 2: its total
				 * (合计 over 本年收入's sources); a final account's column of
				 * what was spent (决算数) 2 more than what was budgeted */
				size_t clen = strlen(col);
				const char *last = memrchr(col, ' ', clen);
				last = last ? last + 1 : col;
				col_ok = has(col, clen, "预算") || has(col, clen, "决算") || has(col, clen, "本年") ||
				         has(col, clen, "預算") || has(col, clen, "決算") || !col[0];
				col_total = 0;
				if (is_total_label(last)) {
					col_total = col_ok ? 1 : 2;   /* what the 合计 added */
					col_ok += col_total;
				}
				if (!strcmp(m->kind, "final_accounts") &&
				    (has(col, clen, "决算") || has(col, clen, "決算")))
					col_ok += 2;
			}
			x.col_ok = col_ok;
			x.total_col = col_total;
			x.item = 1;
		} else {
			size_t at = 0, s;
			const char *t = u->nt.text.data;
			/* a cell's money fact is also its item: the item speaks for it;
			 * and a cell after the first of its row is labelled by its row,
			 * as an item, not as prose (a spreadsheet has a million) */
			if (i + 1 < d->facts.n && fact_at(d, i + 1)->kind == TRAWL__F_ITEM &&
			    fact_at(d, i + 1)->unit == f->unit && fact_at(d, i + 1)->start == f->start)
				continue;
			if (u->cells.n && f->start > 0 && t[f->start - 1] == '\t') {
				/* ... unless the table has no item for it: a table of
				 * names and values (中标金额 | 1,200,000.00元), the cell
				 * before it its label */
				size_t e = f->start - 1, b = e, k;
				char cell[64];
				int over = 0;
			again:
				while (b > 0 && e - b < sizeof cell - 4 && t[b - 1] != '\t' && t[b - 1] != '\n')
					b--;
				if (b == e || (b > 0 && t[b - 1] != '\t' && t[b - 1] != '\n'))
					continue;   /* none, or too long to be a label */
				/* (past the figure a correction replaced, to the row's
				 * label: 预算金额 | 300万元 | 320万元 under 更正事项 |
				 * 更正前内容 | 更正后内容) */
				if (!over && b > 1 && t[b - 1] == '\t' && superseded_column(u, t, (uint32_t)b)) {
					over = 1;
					e = b - 1;
					b = e;
					goto again;
				}
				k = e - b;
				memcpy(cell, t + b, k);
				while (k && (cell[k - 1] == ' ' || cell[k - 1] == ':'))
					k--;
				if (k >= 3 && !memcmp(cell + k - 3, "：", 3))
					k -= 3;
				/* (and the unit it states: 中标金额(万元)) */
				if (k && cell[k - 1] == ')') {
					char *open = memrchr(cell, '(', k);
					/* (or what it is: 中标金额(小写), (大写), (含税)) */
					if (open && (memmem(open, (size_t)(cell + k - open), "元", 3) ||
					             aside_before(cell, 0, k)))
						k = (size_t)(open - cell);
					while (k && cell[k - 1] == ' ')
						k--;
				}
				cell[k] = '\0';
				if (!(l = item_label(cell, labels)) || (l->single && bid_qualified(cell, k)) ||
				    trawl__kw_any(&superseded_k, cell, k) || superseded_column(u, t, f->start) ||
				    foreign_context(cell, k, m->year, budget && l->prio >= 4))
					continue;
				goto labelled;
			}
			l = label_before(t, f->start, labels, &at);
			if (!l)
				continue;
			if (l->single && !winners_bid(d, t, u->nt.text.len, at))
				continue;
			s = sentence_start(t, at, f->unit == 0);
			if (foreign_context(t + s, at - s, m->year, budget && l->prio >= 4))
				continue;
			/* the figure a correction replaced: 原成交金额, 更正前 … in
			 * its clause (原中标金额100万元，现变更为90万元: the second
			 * is the new one) */
			{
				size_t cs = at;
				while (cs > s && t[cs - 1] != '\n' && t[cs - 1] != ',' &&
				       !(cs >= s + 3 && (!memcmp(t + cs - 3, "，", 3) ||
				                         !memcmp(t + cs - 3, "；", 3))))
					cs--;
				if ((at >= 3 && !memcmp(t + at - 3, "原", 3)) ||
				    trawl__kw_any(&superseded_k, t + cs, at - cs))
					continue;
			}
			if (!budget && per_unit_words(t + at, f->start - at))
				continue;
		}
labelled:
		x.l = l;
		if (best && l->prio > best)
			continue;
		if (!best || l->prio < best) {
			best = l->prio;
			nc = 0;
		}
		if (nc == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			cand *p = trawl__reallocn(c, ncap, sizeof *c);
			if (!p)
				goto out;  /* out of memory: no amount rather than a wrong one */
			c = p;
			cap = ncap;
		}
		x.cur = fstr(d, f, TRAWL__FS_CURRENCY);
		if (!x.cur[0]) {
			if (!lm && (lm = malloc(sizeof *lm)) != NULL)
				find_lot_marks(d, lm);
			x.cur = restated_currency(d, i, lm);
		}
		c[nc++] = x;
	}
	/* a lot priced by a rate, labelled as the figures are (or better):
	 * no amount, and no sum of the others (not lot 1's figure alone); a
	 * stated total (中标总金额) or a budget beside a ceiling's rate stands */
	if (rate_prio && (!nc || rate_prio <= best)) {
		if (conflict)
			*conflict = AMOUNT_RATE;
		nc = 0;
		goto out;
	}
	if (!nc)
		goto out;
	if (c[0].l->single) {
		/* bids: one figure (stated again in words or in another form is
		 * the same value), else several bidders' and none is the award */
		for (i = 1; i < nc; i++)
			if (strcmp(fstr(d, fact_at(d, c[i].fact), TRAWL__FS_VALUE),
			           fstr(d, fact_at(d, c[0].fact), TRAWL__FS_VALUE)))
				goto out;
	}
	{
		/* a stated total, or a table's total row, alone; else the lots or
		 * rows add up (each distinct prose figure once: 贰仟陆佰伍拾万元整
		 * and ¥26,500,000.00 are one) */
		size_t pick = (size_t)-1;
		for (i = 0; i < nc && pick == (size_t)-1 && !budget; i++)
			if (c[i].total_row && c[i].item)
				pick = i;
		if (pick == (size_t)-1 && c[0].l->total) {
			pick = 0;
			/* prefer a column of this year's amount (the first of the
			 * best: a final account's 决算数); a 合计 column only where
			 * no column names a year (2023年 | 2024年 | 合计 sums years) */
			int yeared = 0;
			for (i = 0; i < nc && !yeared; i++)
				if (c[i].item)
					yeared = names_a_year(fstr(d, fact_at(d, c[i].fact), TRAWL__FS_COLUMN));
			for (i = 0; i < nc; i++)
				if (c[i].col_ok - (yeared ? c[i].total_col : 0) >
				    c[pick].col_ok - (yeared ? c[pick].total_col : 0))
					pick = i;
		}
		if (pick != (size_t)-1) {
			size_t fi = budget ? precise_twin(d, c[pick].fact, labels) : c[pick].fact;
			const trawl__dfact *f = fact_at(d, fi);
			snprintf(m->amount, sizeof m->amount, "%s", fstr(d, f, TRAWL__FS_VALUE));
			/* (a twin's currency is its total's) */
			snprintf(m->currency, sizeof m->currency, "%s", c[pick].cur);
			m->amount_fact = (uint32_t)fi + 1;
		} else {
			char sum[TRAWL__DEC_MAX] = "0";
			const char *cur = NULL;
			int items = 0, lots = 0;
			for (i = 0; i < nc; i++)
				items |= c[i].item;
			/* (loose: a figure of no currency that one with a currency
			 * states again is that one: 1200000 beside 120万元) */
			for (i = 0; loose && i < nc; i++) {
				size_t j;
				if (c[i].cur[0])
					continue;
				if (!lm && (lm = malloc(sizeof *lm)) != NULL)
					find_lot_marks(d, lm);
				for (j = 0; j < nc; j++) {
					const trawl__dfact *fi = fact_at(d, c[i].fact), *fj = fact_at(d, c[j].fact);
					if (!c[j].cur[0] || strcmp(fstr(d, fj, TRAWL__FS_VALUE),
					                           fstr(d, fi, TRAWL__FS_VALUE)))
						continue;
					/* (not another lot's: 包1 50万元 … 包2 50万) */
					if (same_lot_at(lm, fi, fj))
						break;
				}
				if (j < nc) {
					memmove(c + i, c + i + 1, (nc - i - 1) * sizeof *c);
					nc--;
					i--;
				}
			}
			items = 0;
			for (i = 0; i < nc; i++)
				items |= c[i].item;
			for (i = 0; i < nc && !cur; i++)
				if (!items || c[i].item)
					cur = c[i].cur;
			if (!cur)
				goto out;
			/* lots of several vendors: which figure is whose */
			if (!items && nc >= 2 && nc <= 4 * TRAWL__LOTS_MAX &&
			    (who = calloc(nc, sizeof *who)) != NULL &&
			    (lm || (lm = malloc(sizeof *lm)) != NULL)) {
				find_lot_marks(d, lm);
				lots = lot_vendors(d, lm, c, nc, who);
			}
			m->nlots = 0;
			for (i = 0; i < nc; i++) {
				const trawl__dfact *f = fact_at(d, c[i].fact);
				const char *v = fstr(d, f, TRAWL__FS_VALUE);
				size_t j;
				int dup = 0;
				if (items && !c[i].item)
					continue;   /* the table's rows, not the prose that repeats them */
				if (strcmp(c[i].cur, cur)) {
					/* two currencies: no one amount; or some
					 * figures of none, whose sum is not known */
					if (conflict && (!c[i].cur[0] || !cur[0]))
						for (size_t q = 0; q < nc && !*conflict; q++)
							if (!c[q].cur[0] && (!items || c[q].item))
								*conflict = (uint32_t)c[q].fact + 1;
					goto out;
				}
				/* (the same figure twice is one, unless two lots each
				 * have it: two vendors', or two the text numbers) */
				for (j = 0; j < i && !c[i].item; j++)
					dup |= !strcmp(fstr(d, fact_at(d, c[j].fact), TRAWL__FS_VALUE), v) &&
					       (!lots || who[j] == who[i]) && same_lot(d, lm, &c[i], &c[j], lots);
				if (dup)
					continue;
				if (trawl__dec_add(sum, v))
					goto out;
				if (lots && m->nlots < TRAWL__LOTS_MAX) {
					m->lots[m->nlots].fact = (uint32_t)c[i].fact;
					m->lots[m->nlots].vendor = who[i] - 1;
				}
				m->nlots += lots;
			}
			if (m->nlots > TRAWL__LOTS_MAX)
				m->nlots = 0;   /* too many to name: the amount, unsplit */
			snprintf(m->amount, sizeof m->amount, "%s", sum);
			snprintf(m->currency, sizeof m->currency, "%s", cur);
			m->amount_fact = (uint32_t)c[0].fact + 1;
			for (i = 0; i < nc; i++)
				if (!items || c[i].item) {
					m->amount_fact = (uint32_t)c[i].fact + 1;
					break;
				}
		}
	}
out:
	if (!m->amount[0])
		m->nlots = 0;
	free(c);
	free(who);
	free(lm);
}

void trawl__doc_lot_parties(trawl__doc *d, const trawl__docmeta *m)
{
	trawl__dfact *f = d->facts.items;

	if (!m->amount[0])
		return;
	for (uint32_t i = 0; i < m->nlots && i < TRAWL__LOTS_MAX; i++)
		if (m->lots[i].fact < d->facts.n && m->lots[i].vendor < d->facts.n)
			f[m->lots[i].fact].str[TRAWL__FS_PARTY] = f[m->lots[i].vendor].str[TRAWL__FS_VALUE];
}

/* The id an OCDS release gives awards[N] (key "awards[N]"): the value of
 * its line "awards[N].id: ...", into out; "" when it has none. */
static void ocds_id(const trawl__doc *d, const char *key, size_t kl, char *out, size_t n)
{
	const trawl__unit *u = unit_of(d, 0);
	char want[80];
	const char *t, *hit;
	size_t wl;

	out[0] = '\0';
	if (!u || kl > 60)
		return;
	wl = (size_t)snprintf(want, sizeof want, "\n%.*s.id: ", (int)kl, key);
	t = u->nt.text.data;
	hit = memmem(t, u->nt.text.len, want, wl);
	if (hit) {
		const char *v = hit + wl, *e = memchr(v, '\n', u->nt.text.len - (size_t)(v - t));
		size_t len = e ? (size_t)(e - v) : strlen(v);
		snprintf(out, n, "%.*s", (int)(len < n ? len : n - 1), v);
	}
}

/* OCDS: the sum of awards[N].value.amount (or contracts, or the tender's
 * value), one currency; an award or contract listed again under the same
 * id (as releases compiled from several sources do) counts once. */
/* The value of line "KEY: value" of an OCDS release's text, its length in
 * *n; NULL when it has none. */
static const char *ocds_value(const trawl__doc *d, const char *key, size_t *n)
{
	const trawl__unit *u = unit_of(d, 0);
	char want[96];
	const char *t, *hit, *v, *e;
	size_t wl;

	if (!u || !u->nt.text.len || strlen(key) > 80)
		return NULL;
	wl = (size_t)snprintf(want, sizeof want, "\n%s: ", key);
	t = u->nt.text.data;
	if (!(hit = memmem(t, u->nt.text.len, want, wl)))
		return NULL;
	v = hit + wl;
	e = memchr(v, '\n', u->nt.text.len - (size_t)(v - t));
	*n = e ? (size_t)(e - v) : strlen(v);
	return v;
}

/* An OCDS release's awards that each name one supplier: each award's
 * figure summed into m->amount (the money facts whose label is
 * awards[N]SUFFIX) is that supplier's lot, as an award notice's lots are
 * (m->lots), when the supplier is one of the document's vendors. All of
 * them or none. */
static void ocds_lots(const trawl__doc *d, trawl__docmeta *m, const char *prefix,
                      const char *suffix)
{
	size_t pl = strlen(prefix), sl = strlen(suffix);
	char seen[8][64];
	int nseen = 0;

	m->nlots = 0;
	if (strcmp(prefix, "awards"))
		return;
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = fact_at(d, i);
		const char *lab = fstr(d, f, TRAWL__FS_LABEL), *name;
		size_t n = strlen(lab), nl, j;
		char key[96], id[64];
		int dup = 0;
		if (f->kind != TRAWL__F_MONEY || n <= pl + sl || strncmp(lab, prefix, pl) ||
		    strcmp(lab + n - sl, suffix) || !plain_amount(d, f, 0) || lab[pl] != '[' ||
		    strchr(lab + pl, ']') != lab + n - sl - 1 || n - sl > 60)
			continue;
		/* (an award listed twice under one id was summed once) */
		ocds_id(d, lab, n - sl, id, sizeof id);
		for (int k = 0; k < nseen && id[0]; k++)
			dup |= !strcmp(seen[k], id);
		if (dup)
			continue;
		if (id[0] && nseen < 8)
			snprintf(seen[nseen++], sizeof seen[0], "%s", id);
		snprintf(key, sizeof key, "%.*s.suppliers[1].name", (int)(n - sl), lab);
		if (ocds_value(d, key, &nl))
			goto none;   /* a consortium: the award is theirs together */
		snprintf(key, sizeof key, "%.*s.suppliers[0].name", (int)(n - sl), lab);
		if (!(name = ocds_value(d, key, &nl)) || !nl)
			goto none;
		for (j = 0; j < d->facts.n; j++) {
			const trawl__dfact *g = fact_at(d, j);
			const char *v = fstr(d, g, TRAWL__FS_VALUE);
			if (g->kind == TRAWL__F_PARTY && !strcmp(fstr(d, g, TRAWL__FS_ROLE), "vendor") &&
			    strlen(v) == nl && !memcmp(v, name, nl))
				break;
		}
		if (j == d->facts.n || m->nlots == TRAWL__LOTS_MAX)
			goto none;
		m->lots[m->nlots].fact = (uint32_t)i;
		m->lots[m->nlots].vendor = (uint32_t)j;
		m->nlots++;
	}
	return;
none:
	m->nlots = 0;
}

static int ocds_amount(const trawl__doc *d, trawl__docmeta *m, const char *prefix,
                       const char *suffix, int loose, uint32_t *conflict)
{
	char sum[TRAWL__DEC_MAX] = "0", cur[4] = "", ids[8][64];
	uint32_t first = 0, none = 0;
	size_t pl = strlen(prefix), sl = strlen(suffix);
	int nids = 0;

	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = fact_at(d, i);
		const char *lab = fstr(d, f, TRAWL__FS_LABEL);
		size_t n = strlen(lab);
		if (f->kind != TRAWL__F_MONEY || n < pl + sl || strncmp(lab, prefix, pl) ||
		    strcmp(lab + n - sl, suffix) || !plain_amount(d, f, loose))
			continue;
		/* awards[0].value.amount, not awards[0].items[1].unit.value.amount */
		if (n > pl + sl && !(lab[pl] == '[' && strchr(lab + pl, ']') == lab + n - sl - 1))
			continue;
		if (n > pl + sl) {
			char id[64];
			int seen = 0;
			ocds_id(d, lab, n - sl, id, sizeof id);
			for (int j = 0; j < nids && id[0]; j++)
				seen |= !strcmp(ids[j], id);
			if (seen)
				continue;
			if (id[0] && nids < 8)
				snprintf(ids[nids++], sizeof ids[0], "%s", id);
		}
		if (!none && !fstr(d, f, TRAWL__FS_CURRENCY)[0])
			none = (uint32_t)i + 1;
		if (first && strcmp(cur, fstr(d, f, TRAWL__FS_CURRENCY))) {
			/* (values of a currency and of none: their sum is not known) */
			if (conflict && none)
				*conflict = none;
			return 0;
		}
		snprintf(cur, sizeof cur, "%s", fstr(d, f, TRAWL__FS_CURRENCY));
		if (trawl__dec_add(sum, fstr(d, f, TRAWL__FS_VALUE)))
			return 0;
		if (!first)
			first = (uint32_t)i + 1;
	}
	if (!first)
		return 0;
	snprintf(m->amount, sizeof m->amount, "%s", sum);
	snprintf(m->currency, sizeof m->currency, "%s", cur);
	m->amount_fact = first;
	m->amount_src = "ocds";
	if (!loose)
		ocds_lots(d, m, prefix, suffix);
	return 1;
}

/* An invoice's total with tax (价税合计; its 合计 is before tax): the
 * figure its reader labelled so from the invoice's own fields (OFD), else
 * the first figure after the label 价税合计 within the next 200 bytes, the
 * one after (小写) first: 价税合计(大写) ⊗壹万零陆佰圆整 (小写)¥10600.00, or
 * the labels in a row and their figures below them. Where no 价税合计 is,
 * the same after 合计金额 or 總計 (a 通用机打发票, a Taiwan invoice). The
 * first invoice's, of a file of several. */
static void invoice_amount(const trawl__doc *d, trawl__docmeta *m)
{
	/* (its total where it states no tax: a 通用机打发票's 合计金额, a
	 * Taiwan invoice's 總計; only where no 价税合计 is) */
	static const char *const tiers[][6] = { { "价税合计", "價稅合計", NULL },
		{ "合计金额", "金额合计", "合計金額", "總計", "总计", NULL } };
	size_t pick = SIZE_MAX;

	for (size_t i = 0; i < d->facts.n && pick == SIZE_MAX; i++) {
		const trawl__dfact *f = fact_at(d, i);
		if (f->kind == TRAWL__F_MONEY && !strcmp(fstr(d, f, TRAWL__FS_LABEL), "价税合计") &&
		    plain_amount(d, f, 0) && fstr(d, f, TRAWL__FS_CURRENCY)[0])
			pick = i;
	}
	for (size_t tier = 0; tier < 2 && pick == SIZE_MAX; tier++)
	for (size_t ui = 0; ui < d->units.n && ui < 8 && pick == SIZE_MAX; ui++) {
		const trawl__unit *u = unit_of(d, (uint32_t)ui);
		const char *t = u ? u->nt.text.data : NULL;
		const char *const *lab = tiers[tier];
		size_t n = u ? u->nt.text.len : 0, at = SIZE_MAX, we, small = SIZE_MAX;
		if (tier == 1) {
			/* (no 价税合计 anywhere) */
			size_t k;
			for (k = 0; k < d->units.n && k < 8; k++) {
				const trawl__unit *v = unit_of(d, (uint32_t)k);
				if (v && (memmem(v->nt.text.data, v->nt.text.len, "价税合计", 12) ||
				          memmem(v->nt.text.data, v->nt.text.len, "價稅合計", 12)))
					break;
			}
			if (k < d->units.n && k < 8)
				break;
		}
		for (int k = 0; t && lab[k]; k++) {
			const char *h = memmem(t, n, lab[k], strlen(lab[k]));
			if (h && (size_t)(h - t) < at)
				at = (size_t)(h - t) + strlen(lab[k]);
		}
		if (at == SIZE_MAX)
			continue;
		we = n - at < 200 ? n : at + 200;
		{
			const char *sm = memmem(t + at, we - at, "小写", 6);
			if (sm)
				small = (size_t)(sm - t) + 6;
		}
		/* a red-letter invoice (负数, a total below zero): none */
		if (memmem(t + at, we - at, "负数", 6) || memmem(t + at, we - at, "負數", 6))
			return;
		for (size_t i = 0; small != SIZE_MAX && i < d->facts.n; i++) {
			const trawl__dfact *f = fact_at(d, i);
			if (f->kind != TRAWL__F_MONEY || f->unit != ui || f->start < small || f->start >= we)
				continue;
			if (f->negative || fstr(d, f, TRAWL__FS_VALUE)[0] == '-')
				return;
			break;
		}
		for (int pass = 0; pass < 2 && pick == SIZE_MAX; pass++)
			for (size_t i = 0; i < d->facts.n; i++) {
				const trawl__dfact *f = fact_at(d, i);
				if (f->kind != TRAWL__F_MONEY || f->unit != ui || f->start < at ||
				    f->start >= we || !plain_amount(d, f, 0) ||
				    !fstr(d, f, TRAWL__FS_CURRENCY)[0])
					continue;
				if (pass == 0 && (small == SIZE_MAX || f->start < small))
					continue;
				pick = i;
				break;
			}
	}
	if (pick == SIZE_MAX)
		return;
	snprintf(m->amount, sizeof m->amount, "%s", fstr(d, fact_at(d, pick), TRAWL__FS_VALUE));
	snprintf(m->currency, sizeof m->currency, "%s",
	         fstr(d, fact_at(d, pick), TRAWL__FS_CURRENCY));
	m->amount_fact = (uint32_t)pick + 1;
	m->amount_src = "invoice";
}

static void decide_amount_as(const trawl__doc *d, trawl__docmeta *m, int loose,
                             uint32_t *conflict)
{
	const trawl__unit *u = unit_of(d, 0);
	const char *k = m->kind;

	if (u && !strcmp(u->kind, "release")) {
		static const char *const order[][4] = {
			{ "award", "awards", "contracts", NULL }, { "contract", "contracts", "awards", NULL },
			{ "tender", "tender", "planning", NULL },
		};
		for (size_t o = 0; o < sizeof order / sizeof order[0]; o++) {
			if (strcmp(k, order[o][0]))
				continue;
			for (int j = 1; j < 3; j++)
				if (ocds_amount(d, m, order[o][j], !strcmp(order[o][j], "planning") ?
				                ".budget.amount.amount" : ".value.amount", loose,
				                conflict))
					return;
		}
		return;
	}
	if (!strcmp(k, "budget") || !strcmp(k, "final_accounts")) {
		decide_amount_labels(d, m, budget_labels, 1, loose, conflict);
		if (m->amount[0])
			m->amount_src = "total";
	} else if (!strcmp(k, "award")) {
		decide_amount_labels(d, m, award_labels, 0, loose, conflict);
		if (m->amount[0])
			m->amount_src = "award";
	} else if (!strcmp(k, "tender")) {
		decide_amount_labels(d, m, tender_labels, 0, loose, conflict);
		if (m->amount[0])
			m->amount_src = "tender";
	} else if (!strcmp(k, "contract")) {
		decide_amount_labels(d, m, contract_labels, 0, loose, conflict);
		if (m->amount[0])
			m->amount_src = "contract";
	} else if (!strcmp(k, "invoice") && !loose) {
		invoice_amount(d, m);
	}
}

/* Whether d has a money fact or a table's amount of no currency that
 * may be an amount (a lot's 95.5 under 中标金额（元/优惠率）). */
static int has_unstated(const trawl__doc *d)
{
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *f = fact_at(d, i);
		if ((f->kind == TRAWL__F_MONEY || f->kind == TRAWL__F_ITEM) &&
		    !fstr(d, f, TRAWL__FS_CURRENCY)[0] &&
		    plain_amount(d, f, 1))
			return 1;
		/* (a rate where an amount goes: rate_lot decides) */
		if (f->kind == TRAWL__F_QUANTITY && !strcmp(fstr(d, f, TRAWL__FS_UNIT), "%"))
			for (int k = 0; rate_words[k]; k++)
				if (!strcmp(fstr(d, f, TRAWL__FS_LABEL), rate_words[k]))
					return 1;
	}
	return 0;
}

/* The document's amount. Where a figure it would add states no unit or
 * currency (中标金额：120万, 成交金额：1200000, an OCDS value of no
 * currency) and nothing beside it states one, there is none: the figure
 * is kept as amount_src "unstated" with no amount, never taken for yuan
 * (and never left out of a sum: 包1 100万元 + 包2 80万 is not 100万), so
 * that reports name what they could not add. */
static void decide_amount(const trawl__doc *d, trawl__docmeta *m)
{
	trawl__docmeta t;
	uint32_t conflict = 0;

	decide_amount_as(d, m, 0, NULL);
	if (!has_unstated(d))
		return;
	t = *m;
	memset(t.amount, 0, sizeof t.amount);
	t.currency[0] = '\0';
	t.amount_src = NULL;
	t.amount_fact = 0;
	t.nlots = 0;
	decide_amount_as(d, &t, 1, &conflict);
	if (conflict == AMOUNT_RATE) {
		/* a rate where an amount goes: none (reports name it) */
		m->amount[0] = m->currency[0] = '\0';
		m->amount_src = NULL;
		m->amount_fact = 0;
		m->nlots = 0;
	} else if (conflict) {
		m->amount[0] = m->currency[0] = '\0';
		m->amount_src = "unstated";
		m->amount_fact = conflict;
		m->nlots = 0;
	} else if (t.amount[0] && t.currency[0] &&
	           (strcmp(t.amount, m->amount) || strcmp(t.currency, m->currency))) {
		/* the figures of no unit are restated with theirs (else the
		 * strict reading stands, with its lots) */
		*m = t;
	} else if (!m->amount[0] && t.amount[0] && t.amount_fact) {
		m->amount_src = "unstated";
		m->amount_fact = t.amount_fact;
		m->nlots = 0;
	}
}

/* ---- the document ---- */

void trawl__doc_meta(const trawl__doc *d, const char *path, const char *url,
                     trawl__docmeta *m)
{
	const trawl__unit *u = unit_of(d, 0);
	const char *kind, *src = NULL;

	memset(m, 0, sizeof *m);
	kind = trawl__doc_kind_src(d->title ? d->title : "", u ? u->nt.text.data : "",
	                           u ? (u->nt.text.len < 4096 ? u->nt.text.len : 4096) : 0, &src);
	/* else the file's name says it (2024年部门预算支出明细表.csv) */
	if (!strcmp(kind, "other") && base_name(path)) {
		char b[256];
		const char *fk, *fsrc = NULL, *dot;
		snprintf(b, sizeof b, "%s", base_name(path));
		if ((dot = strrchr(b, '.')))
			b[dot - b] = '\0';
		fk = trawl__doc_kind_src(b, NULL, 0, &fsrc);
		if (strcmp(fk, "other"))
			kind = fk, src = "file";
	}
	snprintf(m->kind, sizeof m->kind, "%s", kind);
	m->kind_src = src;
	decide_year(d, path, m);
	decide_place(d, path, url, m);
	decide_amount(d, m);
}

/* ---- what users type ---- */

static int first_amount(void *u, const trawl__fact *f)
{
	trawl__fact *out = u;
	if (!out->kind)
		*out = *f;
	return 1;
}

int trawl__parse_user_amount(const char *s, char value[TRAWL__DEC_MAX], char cur[4])
{
	trawl__fact f;
	trawl__fctx c;
	size_t n, i, e;
	char code[4] = "";

	if (!s)
		return 0;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	while (n && *s == ' ')
		s++, n--;
	/* an ISO 4217 code before or after: USD 1,284,500 or 163000000 CNY */
	if (n > 4 && s[3] == ' ' && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
	    s[2] >= 'A' && s[2] <= 'Z') {
		memcpy(code, s, 3);
		s += 4, n -= 4;
	} else if (n > 4 && s[n - 4] == ' ' && s[n - 3] >= 'A' && s[n - 3] <= 'Z' &&
	           s[n - 2] >= 'A' && s[n - 2] <= 'Z' && s[n - 1] >= 'A' && s[n - 1] <= 'Z') {
		memcpy(code, s + n - 3, 3);
		n -= 4;
	}
	code[3] = '\0';
	/* with its unit written: 1.63亿元, 26,500,000元, 人民币2650万元 */
	memset(&f, 0, sizeof f);
	memset(&c, 0, sizeof c);
	trawl__extract_money(s, n, &c, first_amount, &f);
	if (f.kind && f.start == 0 && f.end == n && !f.negative && !f.value_hi[0] &&
	    f.currency[0] && (!code[0] || !strcmp(code, f.currency))) {
		size_t l = strlen(f.value);
		if (l >= TRAWL__DEC_MAX)
			return 0;
		memcpy(value, f.value, l + 1);
		snprintf(cur, 4, "%s", f.currency);
		return 1;
	}
	/* a bare number (万 and 亿 allowed) with its currency code */
	if (!code[0])
		return 0;
	for (i = 0; i < 3; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return 0;
	e = trawl__parse_number(s, n, value);
	if (!e || e != n)
		return 0;
	snprintf(cur, 4, "%s", code);
	return 1;
}
