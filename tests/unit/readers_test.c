/* The readers for spreadsheets and markup, on the fixtures of
 * tests/fixtures/sheets (gen.py says how each was written) and on BIFF
 * records and HTML made here: text, grid positions, merged cells,
 * numbers, warnings and errors. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"
#include "ingest/biff.h"
#include "ingest/parse.h"
#include "ingest/reader.h"
#include "util/buf.h"

int test_failed;

#ifndef FIXTURES
#error "FIXTURES must name tests/fixtures"
#endif

typedef struct parsed {
	trawl__docset s;
	trawl_diag d;
	trawl_err rc;
} parsed;

static void parse_bytes(parsed *p, const char *name, const char *data, size_t len)
{
	trawl__parse_opts o;

	memset(p, 0, sizeof *p);
	memset(&o, 0, sizeof o);
	o.max_file = (uint64_t)1 << 29;
	o.max_inflate = (size_t)1 << 28;
	o.no_facts = 1;
	o.tmp_dir = "/tmp";
	trawl__docset_init(&p->s, 0);
	p->rc = trawl__parse(&o, name, data, len, &p->s, &p->d);
}

/* Parses a fixture of tests/fixtures. */
static void parse_file(parsed *p, const char *rel)
{
	char path[1024];
	trawl__buf b;
	trawl_diag d;

	snprintf(path, sizeof path, "%s/%s", FIXTURES, rel);
	trawl__buf_init(&b, (size_t)1 << 28);
	memset(&d, 0, sizeof d);
	if (trawl__read_path(path, &b, &d)) {
		memset(p, 0, sizeof *p);
		trawl__docset_init(&p->s, 0);
		p->rc = TRAWL_ENOTFOUND;
		snprintf(p->d.msg, sizeof p->d.msg, "fixture %.400s missing", path);
		return;
	}
	parse_bytes(p, path, b.data, b.len);
	trawl__buf_release(&b);
}

static void parse_text(parsed *p, const char *text)
{
	parse_bytes(p, "t.html", text, strlen(text));
}

static trawl__unit *unit(parsed *p, size_t i)
{
	trawl__doc *d;
	if (!p->s.docs.n)
		return NULL;
	d = TRAWL_VEC_AT(&p->s.docs, trawl__doc *, 0);
	return i < d->units.n ? TRAWL_VEC_AT(&d->units, trawl__unit *, i) : NULL;
}

static const char *text(parsed *p, size_t i)
{
	trawl__unit *u = unit(p, i);
	return u && u->nt.text.data ? u->nt.text.data : "";
}

/* The cell of unit i whose text is t. */
static const trawl__cell *cell(parsed *p, size_t i, const char *t)
{
	trawl__unit *u = unit(p, i);
	size_t k;
	for (k = 0; u && k < u->cells.n; k++) {
		const trawl__cell *c = &TRAWL_VEC_AT(&u->cells, trawl__cell, k);
		if (c->end - c->start == strlen(t) &&
		    !memcmp(u->nt.text.data + c->start, t, c->end - c->start))
			return c;
	}
	return NULL;
}

#define CHECK_CELL(p, i, t, r, c, rs, cs) do { const trawl__cell *x_ = cell(p, i, t); \
	if (!x_) printf("  no cell \"%s\" in:\n%s\n", t, text(p, i)); \
	CHECK(x_ != NULL); CHECK_INT(x_->row, r); CHECK_INT(x_->col, c); \
	CHECK_INT(x_->rowspan, rs); CHECK_INT(x_->colspan, cs); } while (0)
#define CHECK_HAS(hay, needle) do { const char *h_ = (hay); \
	if (!strstr(h_, needle)) printf("  \"%s\" not in:\n%s\n", needle, h_); \
	CHECK(strstr(h_, needle) != NULL); } while (0)
#define WARNINGS(p) ((p)->s.warnings.data ? (p)->s.warnings.data : "")

/* ---- XLS ---- */

TEST(xls_xlwt_formats_merges_and_sheets)
{
	parsed p;
	char zh[3000 * 3 + 1];
	size_t i, n = 0;
	parse_file(&p, "sheets/xlwt_budget.xls");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(p.s.format, "xls");
	CHECK_HAS(text(&p, 0), "东滨市公安局边境管理支队2024年项目支出绩效表\n\t\t\t\t\t单位:万元\n"
	          "项目\t金额\t\t占比\t日期\t备注\n\t2023年\t2024年\n");
	CHECK_HAS(text(&p, 0), "巡逻艇购置\t160.00\t223.00\t35.00%\t2024-03-15\t新增\n");
	CHECK_HAS(text(&p, 0), "非法入境人员遣返\t70\t1,234,567.89\t-12.5%\t2024-01-19\t延续\n");
	CHECK_HAS(text(&p, 0), "执法记录仪\t37.8\t0.13\t0.0000001\t2024-03-15 14:30\n");
	CHECK_HAS(text(&p, 0), "经费调整\t-1,234.50\t¥3,541.07\t1000000000000000000000\t2024-03\n");
	CHECK_HAS(text(&p, 0), "产出指标\t数量指标\t18个\n\t质量指标\t95%\n已核实\tTRUE\tFALSE\n");
	CHECK_HAS(text(&p, 0), "富文本单元格\n");
	CHECK_CELL(&p, 0, "东滨市公安局边境管理支队2024年项目支出绩效表", 0, 0, 1, 6);
	CHECK_CELL(&p, 0, "项目", 2, 0, 2, 1);
	CHECK_CELL(&p, 0, "金额", 2, 1, 1, 2);
	CHECK_CELL(&p, 0, "2024年", 3, 2, 1, 1);
	CHECK_CELL(&p, 0, "产出指标", 8, 0, 2, 1);
	/* strings cut by CONTINUE records, in 8-bit and in UTF-16 characters */
	for (i = 0; i < 3000; i++) {
		unsigned cp = 0x4E00 + (unsigned)(i * 37) % 0x5000;
		zh[n++] = (char)(0xE0 | cp >> 12);
		zh[n++] = (char)(0x80 | (cp >> 6 & 0x3F));
		zh[n++] = (char)(0x80 | (cp & 0x3F));
	}
	zh[n] = '\0';
	CHECK(cell(&p, 0, zh) != NULL);
	{
		char ascii[9001], mixed[100 + 1500 * 3 + 1];
		for (i = 0; i < 9000; i++)
			ascii[i] = "abcdefghij"[i % 10];
		ascii[9000] = '\0';
		CHECK(cell(&p, 0, ascii) != NULL);
		memset(mixed, 'A', 100);
		memcpy(mixed + 100, zh, 1500 * 3);
		mixed[100 + 1500 * 3] = '\0';
		CHECK(cell(&p, 0, mixed) != NULL);
	}
	/* the hidden sheet is read; the empty one is said */
	CHECK_STR(text(&p, 1), "隐藏的数据\t42.5\n");
	CHECK_STR(unit(&p, 1)->name, "隐藏表");
	CHECK_STR(WARNINGS(&p), "sheet \"Sheet3\" has no cells");
	trawl__docset_release(&p.s);
}

TEST(xls_libreoffice_formulas_and_dates)
{
	parsed p;
	parse_file(&p, "sheets/lo_budget.xls");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_HAS(text(&p, 0), "人员经费\t37.80\t2,586.85\t5.25%\t2024-03-15\n");
	CHECK_HAS(text(&p, 0), "遣返经费\t70\t0.0000001\t100%\t2024-03-15 09:05:30\n");
	CHECK_HAS(text(&p, 0), "设备购置\t¥1,234,567.89\t0.13\t100.00\t2023-12-31\n");
	/* a cached sum, a string result (FORMULA then STRING), an error */
	CHECK_HAS(text(&p, 0), "合计\t1,234,835.69\t2586.85元\t#DIV/0!\n");
	CHECK_HAS(text(&p, 0), "说明:年度绩效目标 第二行文字\n");
	CHECK_CELL(&p, 0, "中间空列", 13, 2, 1, 1);
	CHECK_CELL(&p, 0, "12.5", 13, 8, 1, 1);
	CHECK_CELL(&p, 0, "第20行", 19, 1, 1, 1);
	CHECK_CELL(&p, 2, "产出指标", 1, 0, 3, 1);
	CHECK_CELL(&p, 2, "数量指标", 1, 1, 2, 1);
	CHECK_CELL(&p, 2, "质量指标", 3, 1, 1, 1);
	trawl__docset_release(&p.s);
}

TEST(xls_libreoffice_from_html_merges)
{
	parsed p;
	parse_file(&p, "sheets/lo_targets.xls");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_CELL(&p, 0, "产出指标", 2, 0, 3, 1);
	CHECK_CELL(&p, 0, "每站查获人数", 3, 2, 1, 1);
	CHECK_CELL(&p, 0, "社会效益指标:有效遏制非法出入境", 5, 1, 1, 2);
	CHECK_CELL(&p, 0, "有效遏制", 5, 3, 1, 1);
	CHECK_CELL(&p, 0, "完成边境地区“三非”人员查处任务, 遣返率达到95%以上。", 6, 2, 1, 3);
	trawl__docset_release(&p.s);
}

TEST(xls_biff5_code_pages)
{
	parsed p;
	parse_file(&p, "sheets/biff5_gbk.xls");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(unit(&p, 0)->name, "经费表");
	CHECK_STR(text(&p, 0), "二〇二四年经费表\n项目\t金额\n巡逻艇购置\t223.50元\n遣返经费\t70\n"
	          "日期\t2024-03-15\n\t123.45元\t1.60元\t-0.05元\n");
	trawl__docset_release(&p.s);
	parse_file(&p, "sheets/biff5_big5.xls");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(unit(&p, 0)->name, "經費表");
	CHECK_HAS(text(&p, 0), "民國113年經費表\n項目\t金額\n巡邏艇購置\t223.50元\n遣返經費\t70\n");
	trawl__docset_release(&p.s);
}

TEST(xls_dates_1904)
{
	parsed p;
	parse_file(&p, "sheets/xlwt_1904.xls");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(text(&p, 0), "公告日期\t2024-03-15\n截止时间\t2024-04-10 17:00\n");
	trawl__docset_release(&p.s);
}

TEST(xls_not_workbooks_and_damage)
{
	parsed p;
	parse_file(&p, "sheets/encrypted.xls");
	CHECK_INT(p.rc, TRAWL_EENCRYPTED);
	CHECK_HAS(p.d.msg, "encrypted");
	trawl__docset_release(&p.s);
	/* (a workbook's records in a stream called WordDocument) */
	parse_file(&p, "sheets/word97.doc");
	CHECK_INT(p.rc, TRAWL_EFORMAT);
	CHECK_HAS(p.d.msg, "damaged Word document: its WordDocument stream has no file "
	          "information block");
	trawl__docset_release(&p.s);
	parse_file(&p, "sheets/ole_other.ole");
	CHECK_INT(p.rc, TRAWL_EUNSUPPORTED);
	CHECK_HAS(p.d.msg, "an OLE2 file that is not a workbook (streams: Contents)");
	trawl__docset_release(&p.s);
	parse_file(&p, "sheets/freexl-stack-underflow.xls");
	CHECK_INT(p.rc, TRAWL_EFORMAT);
	CHECK_HAS(p.d.msg, "damaged OLE2");
	trawl__docset_release(&p.s);
	/* claims of a huge SST or huge dimensions cost nothing */
	parse_file(&p, "sheets/huge_sst.xls");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(text(&p, 0), "公告日期\t2024-03-15\n截止时间\t2024-04-10 17:00\n");
	trawl__docset_release(&p.s);
	parse_file(&p, "sheets/huge_dims.xls");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(text(&p, 0), "公告日期\t2024-03-15\n截止时间\t2024-04-10 17:00\n");
	trawl__docset_release(&p.s);
	/* a sheet that claims to be empty is read all the same */
	parse_file(&p, "sheets/zero_dims.xls");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(text(&p, 0), "公告日期\t2024-03-15\n截止时间\t2024-04-10 17:00\n");
	CHECK_STR(WARNINGS(&p), "");
	trawl__docset_release(&p.s);
	/* a sheet that is not where the workbook says: the next substream */
	parse_file(&p, "sheets/bad_pos.xls");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(text(&p, 0), "公告日期\t2024-03-15\n截止时间\t2024-04-10 17:00\n");
	CHECK_STR(WARNINGS(&p), "sheet \"日期\" is not where the workbook says; read from the "
	          "next part of the stream");
	trawl__docset_release(&p.s);
}

/* Workbooks read by threads that start together: libgsf registers its
 * types on first use without a lock, and this crashed (SIGSEGV in
 * gsf_shared_memory_new) before xls.c took a lock around it. The race is
 * only at the first use, so each try is a fresh child process (forked
 * before this process reads any .xls); without the lock about one try in
 * seven crashed. */
static pthread_barrier_t start_line;

static void *read_one(void *arg)
{
	parsed *p = arg;
	pthread_barrier_wait(&start_line);
	parse_file(p, "sheets/xlwt_1904.xls");
	return NULL;
}

static int threads_once(void)
{
	enum { N = 12 };
	pthread_t th[N];
	parsed p[N];
	int i, ok = 1;
	pthread_barrier_init(&start_line, NULL, N);
	for (i = 0; i < N; i++)
		pthread_create(&th[i], NULL, read_one, &p[i]);
	for (i = 0; i < N; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&start_line);
	for (i = 0; i < N; i++) {
		ok &= p[i].rc == TRAWL_OK && !strcmp(text(&p[i], 0),
		      "公告日期\t2024-03-15\n截止时间\t2024-04-10 17:00\n");
		trawl__docset_release(&p[i].s);
	}
	return ok;
}

TEST(xls_threads_first_use)
{
	int k, bad = 0;
	for (k = 0; k < 40; k++) {
		int st = 0;
		pid_t pid;
		fflush(stdout);
		pid = fork();
		CHECK(pid >= 0);
		if (pid == 0)
			_exit(threads_once() ? 0 : 1);
		CHECK(waitpid(pid, &st, 0) == pid);
		bad += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	CHECK_INT(bad, 0);
}

/* ---- BIFF records made here ---- */

static void put16(trawl__buf *b, unsigned v)
{
	char c[2] = { (char)(v & 0xFF), (char)(v >> 8 & 0xFF) };
	trawl__buf_add(b, c, 2);
}

static void put32(trawl__buf *b, uint32_t v)
{
	put16(b, v & 0xFFFF);
	put16(b, v >> 16);
}

static void rec(trawl__buf *b, unsigned type, const trawl__buf *data)
{
	put16(b, type);
	put16(b, (unsigned)data->len);
	trawl__buf_add(b, data->data, data->len);
}

/* UTF-16LE of a UTF-8 string of BMP characters. */
static void put_u16s(trawl__buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		unsigned cp;
		if (*p < 0x80) cp = *p++;
		else if (*p < 0xE0) { cp = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F); p += 2; }
		else { cp = (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F); p += 3; }
		put16(b, cp);
	}
}

static void cellhdr(trawl__buf *d, unsigned row, unsigned col, unsigned xf)
{
	trawl__buf_reset(d);
	put16(d, row);
	put16(d, col);
	put16(d, xf);
}

static void put_double(trawl__buf *d, double v)
{
	uint64_t u;
	memcpy(&u, &v, sizeof u);
	put32(d, (uint32_t)u);
	put32(d, (uint32_t)(u >> 32));
}

static void biff_stream(trawl__buf *b, int truncate)
{
	trawl__buf d;
	size_t pos_at;
	int i;

	trawl__buf_init(&d, 0);
	/* globals */
	put16(&d, 0x0600); put16(&d, 0x0005); put32(&d, 0); put32(&d, 0); put32(&d, 0);
	rec(b, 0x0809, &d);
	trawl__buf_reset(&d); put16(&d, 1200); rec(b, 0x0042, &d);
	trawl__buf_reset(&d); put16(&d, 164); put16(&d, 3); trawl__buf_addc(&d, 0);
	trawl__buf_adds(&d, "0.0"); rec(b, 0x041E, &d);
	for (i = 0; i < 17; i++) {
		trawl__buf_reset(&d);
		put16(&d, 0); put16(&d, i == 16 ? 164 : 0);
		put32(&d, 0); put32(&d, 0); put32(&d, 0); put32(&d, 0);
		rec(b, 0x00E0, &d);
	}
	trawl__buf_reset(&d);
	put32(&d, 0); trawl__buf_addc(&d, 1); trawl__buf_addc(&d, 0);
	trawl__buf_addc(&d, 2); trawl__buf_addc(&d, 1); put_u16s(&d, "表一");
	pos_at = b->len + 4;
	rec(b, 0x0085, &d);
	/* SST: string 0 begins in UTF-16 and goes on, after a CONTINUE, in
	 * 8-bit characters; string 1 has a rich run cut by a CONTINUE and a
	 * phonetic block after it */
	trawl__buf_reset(&d);
	put32(&d, 3); put32(&d, 3);
	put16(&d, 4); trawl__buf_addc(&d, 1); put_u16s(&d, "第一");
	rec(b, 0x00FC, &d);
	trawl__buf_reset(&d);
	trawl__buf_addc(&d, 0); trawl__buf_adds(&d, "ab");
	put16(&d, 3); trawl__buf_addc(&d, 0x0C); put16(&d, 1); put32(&d, 6);
	trawl__buf_adds(&d, "xyz"); put16(&d, 0);
	rec(b, 0x003C, &d);
	trawl__buf_reset(&d);
	put16(&d, 0); trawl__buf_adds(&d, "PHONET");
	put16(&d, 1); trawl__buf_addc(&d, 1); put_u16s(&d, "元");
	rec(b, 0x003C, &d);
	trawl__buf_reset(&d); rec(b, 0x000A, &d);
	/* the sheet */
	b->data[pos_at] = (char)(b->len & 0xFF);
	b->data[pos_at + 1] = (char)(b->len >> 8 & 0xFF);
	trawl__buf_reset(&d);
	put16(&d, 0x0600); put16(&d, 0x0010); put32(&d, 0); put32(&d, 0); put32(&d, 0);
	rec(b, 0x0809, &d);
	for (i = 0; i < 4; i++) {
		cellhdr(&d, 0, (unsigned)i, 15);
		put32(&d, i == 3 ? 99 : (uint32_t)i);
		rec(b, 0x00FD, &d);
	}
	cellhdr(&d, 1, 0, 15); put16(&d, 3); trawl__buf_addc(&d, 0); trawl__buf_adds(&d, "lab");
	rec(b, 0x0204, &d);
	cellhdr(&d, 1, 1, 15); put16(&d, 2); trawl__buf_addc(&d, 1); put_u16s(&d, "富文");
	put16(&d, 1); put32(&d, 0); rec(b, 0x00D6, &d);
	cellhdr(&d, 2, 0, 16); put_double(&d, 12.34); rec(b, 0x0203, &d);
	cellhdr(&d, 2, 1, 15); put32(&d, 70u << 2 | 2); rec(b, 0x027E, &d);
	trawl__buf_reset(&d);
	put16(&d, 3); put16(&d, 0);
	{
		uint64_t u;
		double one5 = 1.5;
		memcpy(&u, &one5, sizeof u);
		put16(&d, 15); put32(&d, (uint32_t)(u >> 32));         /* 1.5, a float RK */
		put16(&d, 15); put32(&d, 25u << 2 | 3);               /* 25 / 100 */
		put16(&d, 15); put32(&d, (uint32_t)(-3 * 4) | 2);     /* -3 */
	}
	put16(&d, 2); rec(b, 0x00BD, &d);
	/* a formula's string result in a STRING record cut by a CONTINUE */
	cellhdr(&d, 4, 0, 15);
	trawl__buf_addc(&d, 0); trawl__buf_add(&d, "\0\0\0\0\0", 5); put16(&d, 0xFFFF);
	put16(&d, 0); put32(&d, 0); put16(&d, 0);
	rec(b, 0x0006, &d);
	trawl__buf_reset(&d); put16(&d, 5); trawl__buf_addc(&d, 0); trawl__buf_adds(&d, "tot");
	rec(b, 0x0207, &d);
	trawl__buf_reset(&d); trawl__buf_addc(&d, 1); put_u16s(&d, "al"); rec(b, 0x003C, &d);
	cellhdr(&d, 4, 1, 15); trawl__buf_addc(&d, 1); trawl__buf_addc(&d, 0); rec(b, 0x0205, &d);
	cellhdr(&d, 4, 2, 15); trawl__buf_addc(&d, 7); trawl__buf_addc(&d, 1); rec(b, 0x0205, &d);
	/* a merged area whose covered cell holds text */
	cellhdr(&d, 5, 0, 15); put16(&d, 2); trawl__buf_addc(&d, 1); put_u16s(&d, "合并");
	rec(b, 0x0204, &d);
	cellhdr(&d, 6, 1, 15); put16(&d, 2); trawl__buf_addc(&d, 1); put_u16s(&d, "隐藏");
	rec(b, 0x0204, &d);
	cellhdr(&d, 7, 3, 15); put16(&d, 1); trawl__buf_addc(&d, 0); trawl__buf_adds(&d, "z");
	rec(b, 0x0204, &d);
	trawl__buf_reset(&d); put16(&d, 1); put16(&d, 5); put16(&d, 6); put16(&d, 0); put16(&d, 1);
	rec(b, 0x00E5, &d);
	if (truncate) {
		/* a NUMBER record cut short, and no EOF */
		put16(b, 0x0203);
		put16(b, 14);
		put16(b, 8);
		put16(b, 0);
	} else {
		trawl__buf_reset(&d);
		rec(b, 0x000A, &d);
	}
	trawl__buf_release(&d);
}

TEST(biff_records_made_here)
{
	trawl__buf b;
	trawl__docset s;
	trawl_diag d;
	trawl__unit *u;
	trawl__doc *doc;

	trawl__buf_init(&b, 0);
	biff_stream(&b, 0);
	trawl__docset_init(&s, 0);
	memset(&d, 0, sizeof d);
	CHECK_INT(trawl__biff_read((const unsigned char *)b.data, b.len, 0, &s, "t", &d), TRAWL_OK);
	doc = TRAWL_VEC_AT(&s.docs, trawl__doc *, 0);
	u = TRAWL_VEC_AT(&doc->units, trawl__unit *, 0);
	CHECK_STR(u->name, "表一");
	CHECK_STR(u->nt.text.data, "第一ab\txyz\t元\nlab\t富文\n12.3\t70\n1.5\t0.25\t-3\n"
	          "total\tTRUE\t#DIV/0!\n合并 隐藏\n\t\t\tz\n");
	CHECK_STR(s.warnings.data, "1 cell(s) refer to shared strings that the workbook does "
	          "not have (damaged?); they are left out");
	CHECK_INT(TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 2).rowspan, 2);
	CHECK_INT(TRAWL_VEC_AT(&u->cells, trawl__cell, u->cells.n - 2).colspan, 2);
	trawl__docset_release(&s);
	/* cut short: what was read is kept, and said */
	trawl__buf_reset(&b);
	biff_stream(&b, 1);
	trawl__docset_init(&s, 0);
	CHECK_INT(trawl__biff_read((const unsigned char *)b.data, b.len, 0, &s, "t", &d), TRAWL_OK);
	CHECK(strstr(s.warnings.data, "sheet \"表一\" ends early (truncated or damaged)"));
	CHECK(strstr(s.warnings.data, "1 record(s) are cut short"));
	doc = TRAWL_VEC_AT(&s.docs, trawl__doc *, 0);
	u = TRAWL_VEC_AT(&doc->units, trawl__unit *, 0);
	CHECK(strstr(u->nt.text.data, "合并 隐藏\n"));
	trawl__docset_release(&s);
	/* every prefix of the stream: no crash, an error or what was read */
	trawl__buf_reset(&b);
	biff_stream(&b, 0);
	for (size_t n = 0; n < b.len; n++) {
		trawl_err rc;
		trawl__docset_init(&s, 0);
		rc = trawl__biff_read((const unsigned char *)b.data, n, 0, &s, "t", &d);
		CHECK(rc == TRAWL_OK || rc == TRAWL_EFORMAT);
		trawl__docset_release(&s);
	}
	trawl__buf_release(&b);
}

/* Fifty sheets that all point at one sheet's 90 KB of records: read a few
 * times over, then the rest are skipped, with a warning. */
TEST(biff_sheets_sharing_data)
{
	trawl__buf b, d;
	trawl__docset s;
	trawl_diag dg;
	size_t pos[50], sheet_at;
	int i;

	trawl__buf_init(&b, 0);
	trawl__buf_init(&d, 0);
	put16(&d, 0x0600); put16(&d, 0x0005); put32(&d, 0); put32(&d, 0); put32(&d, 0);
	rec(&b, 0x0809, &d);
	for (i = 0; i < 50; i++) {
		trawl__buf_reset(&d);
		put32(&d, 0); trawl__buf_addc(&d, 0); trawl__buf_addc(&d, 0);
		trawl__buf_addc(&d, 1); trawl__buf_addc(&d, 0); trawl__buf_addc(&d, (char)('A' + i % 26));
		pos[i] = b.len + 4;
		rec(&b, 0x0085, &d);
	}
	trawl__buf_reset(&d); rec(&b, 0x000A, &d);
	sheet_at = b.len;
	for (i = 0; i < 50; i++)
		memcpy(b.data + pos[i], &(uint32_t){ (uint32_t)sheet_at }, 4);
	trawl__buf_reset(&d);
	put16(&d, 0x0600); put16(&d, 0x0010); put32(&d, 0); put32(&d, 0); put32(&d, 0);
	rec(&b, 0x0809, &d);
	for (i = 0; i < 5000; i++) {
		cellhdr(&d, (unsigned)i, 0, 15); put_double(&d, i);
		rec(&b, 0x0203, &d);
	}
	trawl__buf_reset(&d); rec(&b, 0x000A, &d);
	trawl__docset_init(&s, 0);
	memset(&dg, 0, sizeof dg);
	CHECK_INT(trawl__biff_read((const unsigned char *)b.data, b.len, 0, &s, "t", &dg), TRAWL_OK);
	CHECK(strstr(s.warnings.data, "point at the same data over and over"));
	CHECK(TRAWL_VEC_AT(&s.docs, trawl__doc *, 0)->units.n < 20);
	trawl__docset_release(&s);
	trawl__buf_release(&b);
	trawl__buf_release(&d);
}

/* ---- XLSX ---- */

TEST(xlsx_formats_refs_and_merges)
{
	parsed p;
	parse_file(&p, "sheets/openpyxl_budget.xlsx");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_HAS(text(&p, 0), "人员经费\t37.80\t2,586.85\t5.25%\t2024-03-15\n");
	CHECK_HAS(text(&p, 0), "巡逻艇购置\t160\t223.00\t-12.5%\t2024-01-19\n");
	CHECK_HAS(text(&p, 0), "遣返经费\t70\t0.0000001\t100%\t2024-03-15 09:05:30\n");
	CHECK_HAS(text(&p, 0), "设备购置\t¥1,234,567.89\t0.13\t100.00\t2023-12-31\n");
	CHECK_CELL(&p, 0, "2024年部门支出预算表", 0, 0, 1, 5);
	CHECK_CELL(&p, 0, "项目", 2, 0, 2, 1);
	CHECK_CELL(&p, 0, "预算数", 2, 1, 1, 2);
	CHECK_CELL(&p, 0, "项目支出", 3, 2, 1, 1);
	CHECK_CELL(&p, 0, "最后一列", 13, 16383, 1, 1);
	CHECK_CELL(&p, 0, "第20行", 19, 1, 1, 1);
	CHECK_CELL(&p, 2, "产出指标", 1, 0, 3, 1);
	CHECK_STR(WARNINGS(&p), "sheet \"空表\" has no cells; 3 formula cell(s) were saved "
	          "without their result (by a program that does not compute them); they are "
	          "left empty");
	trawl__docset_release(&p.s);
	/* the same workbook after LibreOffice: cached results */
	parse_file(&p, "sheets/lo_budget.xlsx");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_HAS(text(&p, 0), "合计\t1,234,835.69\t2586.85元\t#DIV/0!\n");
	CHECK_HAS(text(&p, 0), "遣返经费\t70\t0.0000001\t100%\t2024-03-15 09:05:30\n");
	trawl__docset_release(&p.s);
	parse_file(&p, "sheets/lo_targets.xlsx");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_CELL(&p, 0, "产出指标", 2, 0, 3, 1);
	CHECK_CELL(&p, 0, "社会效益指标:有效遏制非法出入境", 5, 1, 1, 2);
	trawl__docset_release(&p.s);
}

TEST(xlsx_rich_and_inline_strings)
{
	parsed p;
	parse_file(&p, "sheets/rich_inline.xlsx");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(text(&p, 0), "富文本 三段\t内联\t单价(元/支)\n"
	          "分段\t37.80元\t2024-03-15\t95.50%\t2024-03-15\t1,234,567.89\n"
	          "公式结果\tTRUE\t#DIV/0!\t160\n"
	          "\t\t前后空格\t\t0.0000001\t1000000000000000000000\n"
	          "单价(元/支)\t0.07\n");
	CHECK_CELL(&p, 0, "内联", 0, 1, 1, 1);
	CHECK_CELL(&p, 0, "160", 2, 3, 1, 1);
	CHECK_STR(WARNINGS(&p), "1 cell(s) refer to shared strings that the workbook does not "
	          "have (damaged?); they are left out");
	trawl__docset_release(&p.s);
}

/* ---- DOCX ---- */

TEST(docx_grid_spans_and_nesting)
{
	parsed p;
	parse_file(&p, "sheets/docx_grid.docx");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_CELL(&p, 0, "产出指标", 1, 0, 3, 1);
	CHECK_CELL(&p, 0, "数量指标 (续)", 1, 1, 2, 1);
	CHECK_CELL(&p, 0, "每站查获人数", 2, 2, 1, 1);
	CHECK_CELL(&p, 0, "质量指标", 3, 1, 1, 1);
	CHECK_CELL(&p, 0, "年度绩效目标", 4, 0, 1, 2);
	CHECK_CELL(&p, 0, "有效遏制非法出入境, 遣返率达到95%以上。", 4, 2, 1, 3);
	CHECK_CELL(&p, 0, "备注", 5, 2, 1, 1);
	CHECK_CELL(&p, 0, "内嵌表: 内表甲 内表乙 1.5 2.5", 5, 3, 1, 2);
	CHECK_HAS(text(&p, 0), "单位:万元\n一级指标\t");
	CHECK_HAS(text(&p, 0), "\t\t备注\t内嵌表: 内表甲 内表乙 1.5 2.5\n表后文字。\n");
	trawl__docset_release(&p.s);
	parse_file(&p, "sheets/lo_targets.docx");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_CELL(&p, 0, "产出指标", 1, 0, 3, 1);
	CHECK_CELL(&p, 0, "数量指标", 1, 1, 2, 1);
	CHECK_CELL(&p, 0, "每站查获人数", 2, 2, 1, 1);
	CHECK_CELL(&p, 0, "社会效益指标:有效遏制非法出入境", 4, 1, 1, 2);
	CHECK_CELL(&p, 0, "完成边境地区“三非”人员查处任务, 遣返率达到95%以上。", 5, 2, 1, 3);
	trawl__docset_release(&p.s);
}

/* ---- Word 97 ---- */

TEST(word97_paragraphs_tables_and_fields)
{
	parsed p;
	trawl__doc *d;
	parse_file(&p, "word/notice.doc");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(p.s.format, "doc");
	CHECK_HAS(text(&p, 0), "三亚市公安局2024年部门预算公开说明\n一、部门基本情况");
	/* a table: rows of tab-separated cells, a cell per grid position */
	CHECK_HAS(text(&p, 0), "\n项目\t预算数(万元)\t上年数(万元)\n一般公共预算拨款收入\t3,210.50\t"
	          "3,050.20\n");
	CHECK_CELL(&p, 0, "收入总计", 3, 0, 1, 1);
	CHECK_CELL(&p, 0, "3,384.77", 3, 2, 1, 1);
	/* a hyperlink: its text, not its field code */
	CHECK_HAS(text(&p, 0), "预算人民币壹佰贰拾万元整。\n");
	CHECK(strstr(text(&p, 0), "HYPERLINK") == NULL);
	CHECK(strstr(text(&p, 0), "example.gov.cn") == NULL);
	d = p.s.docs.n ? TRAWL_VEC_AT(&p.s.docs, trawl__doc *, 0) : NULL;
	CHECK(d && d->title && !strcmp(d->title, "三亚市公安局2024年部门预算公开说明"));
	trawl__docset_release(&p.s);
	/* merged cells (LibreOffice's save of lo_targets.docx): rows keep
	 * their columns, as the DOCX reader reads the original */
	parse_file(&p, "word/targets.doc");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_HAS(text(&p, 0), "一级指标\t二级指标\t三级指标\t指标值\t分值\n");
	CHECK_HAS(text(&p, 0), "\t\t每站查获人数\t不少于10人\t10\n");
	CHECK_CELL(&p, 0, "遣返率", 3, 2, 1, 1);
	trawl__docset_release(&p.s);
	/* cut short: one error, no crash */
	{
		trawl__buf b;
		trawl_diag dd;
		char path[1024];
		snprintf(path, sizeof path, "%s/word/notice.doc", FIXTURES);
		trawl__buf_init(&b, 1 << 20);
		memset(&dd, 0, sizeof dd);
		CHECK(trawl__read_path(path, &b, &dd) == TRAWL_OK);
		for (size_t cut = 512; cut < b.len; cut += 1536) {
			parse_bytes(&p, "cut.doc", b.data, cut);
			CHECK(p.rc != TRAWL_OK || p.s.docs.n == 1);
			trawl__docset_release(&p.s);
		}
		/* bytes changed at random in the Word streams (the file
		 * information block, the piece table, the paragraph pages): an
		 * answer each time, no crash (ASan checks every read) */
		{
			char *m = malloc(b.len);
			uint32_t seed = 12345;
			size_t fib = 0;
			for (size_t i = 0; i + 4 <= b.len; i += 512)
				if ((unsigned char)b.data[i] == 0xEC && (unsigned char)b.data[i + 1] == 0xA5) {
					fib = i;
					break;
				}
			CHECK(m != NULL && fib > 0);
			for (int round = 0; m && fib && round < 300; round++) {
				memcpy(m, b.data, b.len);
				for (int k = 0; k < 6; k++) {
					size_t at;
					seed = seed * 1103515245u + 12345u;
					/* half in the first 1 KiB of the stream, where the
					 * offsets are; half anywhere after it */
					at = k % 2 ? fib + (seed >> 8) % 1024 : fib + (seed >> 8) % (b.len - fib);
					seed = seed * 1103515245u + 12345u;
					m[at] = (char)(seed >> 16);
				}
				parse_bytes(&p, "fuzz.doc", m, b.len);
				CHECK(p.rc == TRAWL_OK || p.d.msg[0]);
				trawl__docset_release(&p.s);
			}
			free(m);
		}
		/* a Word 6.0/95 file information block (nFib 0x65): said so */
		{
			char *fib = NULL;
			for (size_t i = 0; i + 4 <= b.len && !fib; i += 512)
				if ((unsigned char)b.data[i] == 0xEC && (unsigned char)b.data[i + 1] == 0xA5)
					fib = b.data + i;
			CHECK(fib != NULL);
			if (fib) {
				fib[2] = 0x65;
				fib[3] = 0;
				parse_bytes(&p, "w95.doc", b.data, b.len);
				CHECK_INT(p.rc, TRAWL_EUNSUPPORTED);
				CHECK_HAS(p.d.msg, "Word 6.0/95");
				trawl__docset_release(&p.s);
			}
		}
		trawl__buf_release(&b);
	}
}

/* ---- HTML ---- */

TEST(html_table_model)
{
	parsed p;
	parse_text(&p, "<html><body><table>"
	           "<thead><tr><th rowspan=2>项目</th><th colspan=2>金额</th></tr>"
	           "<tr><th>2023</th><th>2024</th></tr></thead>"
	           "<tbody><tr><td rowspan=0>全组</td><td rowspan=70000>长</td><td>a</td></tr>"
	           "<tr><td>b</td></tr><tr><td>c</td><td colspan=0>零</td></tr></tbody>"
	           "<tbody><tr><td colspan=5000>宽</td></tr><tr><td> x </td><td>y</td></tr></tbody>"
	           "</table></body></html>");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_CELL(&p, 0, "项目", 0, 0, 2, 1);
	CHECK_CELL(&p, 0, "金额", 0, 1, 1, 2);
	CHECK_CELL(&p, 0, "2023", 1, 1, 1, 1);
	/* rowspan=0 ends with its group; a huge one too, not in the next */
	CHECK_CELL(&p, 0, "全组", 2, 0, 3, 1);
	CHECK_CELL(&p, 0, "长", 2, 1, 3, 1);
	CHECK_CELL(&p, 0, "b", 3, 2, 1, 1);
	CHECK_CELL(&p, 0, "零", 4, 3, 1, 1);
	CHECK_CELL(&p, 0, "宽", 5, 0, 1, 1000);
	CHECK_CELL(&p, 0, "x", 6, 0, 1, 1);
	CHECK_CELL(&p, 0, "y", 6, 1, 1, 1);
	CHECK_HAS(text(&p, 0), "项目\t金额\n\t2023\t2024\n全组\t长\ta\n\t\tb\n\t\tc\t零\n");
	trawl__docset_release(&p.s);
}

TEST(html_cells_keep_their_text_and_no_attributes)
{
	parsed p;
	parse_text(&p, "<table width=\"100%\">单位：万元<tr><td width=\"30%\" class=\"x\">"
	           "<p>年度绩效</p><p>目标</p></td><td>外<table><tr><td>内1</td><td>内2</td>"
	           "</tr></table>后</td></tr><caption>表题</caption></table>");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(text(&p, 0), "单位:万元\n表题\n年度绩效 目标\t外 内1 内2 后\n");
	CHECK(!strstr(text(&p, 0), "30%"));
	CHECK_CELL(&p, 0, "年度绩效 目标", 0, 0, 1, 1);
	trawl__docset_release(&p.s);
}

TEST(html_fragments)
{
	parsed p;
	/* a saved table fragment: a BOM, a comment, then rows */
	parse_text(&p, "\xEF\xBB\xBF <!-- saved from a page -->\n<tr><td width=\"361\">品名</td>"
	           "<td width=\"20%\">单价(元/支)</td></tr>\n<tr><td>疫苗</td><td>70</td></tr>\n");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_STR(p.s.format, "html");
	CHECK_STR(text(&p, 0), "品名\t单价(元/支)\n疫苗\t70\n");
	CHECK(TRAWL_VEC_AT(&p.s.docs, trawl__doc *, 0)->title == NULL);
	trawl__docset_release(&p.s);
	/* cells alone */
	parse_text(&p, "<td>甲</td><td>乙</td>\n<td>丙</td>");
	CHECK_STR(p.s.format, "html");
	CHECK_STR(text(&p, 0), "甲\t乙\t丙\n");
	trawl__docset_release(&p.s);
	/* rows after a paragraph, with no table around them */
	parse_text(&p, "<p>价格表</p><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr><p>完</p>");
	CHECK_STR(text(&p, 0), "价格表\na\tb\nc\n完\n");
	CHECK_CELL(&p, 0, "c", 1, 0, 1, 1);
	trawl__docset_release(&p.s);
	/* no <title>: the first heading is the title */
	parse_text(&p, "<div><p>来源：某网站</p><h3>关于采购 <b>疫苗</b>的公告</h3><p>正文</p></div>");
	CHECK_STR(TRAWL_VEC_AT(&p.s.docs, trawl__doc *, 0)->title, "关于采购 疫苗的公告");
	trawl__docset_release(&p.s);
	/* a spreadsheet's title exported to CSV with the empty cells of its
	 * row (标题,,,,) is its title; a header row is none */
	{
		static const char csv[] = "苏州市吴中区农业农村局2023年部门支出预算总表,,,,\n"
		                          "单位：万元,,,,\n科目编码,科目名称,2022年预算数,2023年预算数,增减\n"
		                          "213,农林水支出,1502.30,1630.60,128.30\n";
		parse_bytes(&p, "b.csv", csv, sizeof csv - 1);
		CHECK_STR(TRAWL_VEC_AT(&p.s.docs, trawl__doc *, 0)->title,
		          "苏州市吴中区农业农村局2023年部门支出预算总表");
		trawl__docset_release(&p.s);
		parse_bytes(&p, "h.csv", csv + strlen("苏州市吴中区农业农村局2023年部门支出预算总表,,,,\n"
		                                       "单位：万元,,,,\n"),
		            strlen(csv) - strlen("苏州市吴中区农业农村局2023年部门支出预算总表,,,,\n"
		                                 "单位：万元,,,,\n"));
		CHECK(TRAWL_VEC_AT(&p.s.docs, trawl__doc *, 0)->title == NULL);
		trawl__docset_release(&p.s);
	}
}

TEST(html_deep_nesting_keeps_all_text)
{
	parsed p;
	trawl__buf b;
	int i;
	parse_file(&p, "html/html-depth256-silent-truncation.html");
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_HAS(text(&p, 0), "BEFOREMARK");
	CHECK_HAS(text(&p, 0), "INNERMARK");
	CHECK_HAS(text(&p, 0), "AFTERMARK");
	CHECK_HAS(WARNINGS(&p), "nested over 256 levels deep; all the text is kept");
	trawl__docset_release(&p.s);
	/* 100,000 levels, with a table at the bottom: still every word */
	trawl__buf_init(&b, 0);
	trawl__buf_adds(&b, "<html><body>");
	for (i = 0; i < 100000; i++)
		trawl__buf_adds(&b, i % 1000 ? "<div>" : "<div>层");
	trawl__buf_adds(&b, "<table><tr><td>深1</td><td>深2</td></tr></table>");
	for (i = 0; i < 100000; i++)
		trawl__buf_adds(&b, "</div>");
	trawl__buf_adds(&b, "<p>最后</p></body></html>");
	parse_bytes(&p, "deep.html", b.data, b.len);
	CHECK_INT(p.rc, TRAWL_OK);
	CHECK_HAS(text(&p, 0), "深1 深2");
	CHECK_HAS(text(&p, 0), "最后");
	{
		const char *t = text(&p, 0);
		int n = 0;
		for (; (t = strstr(t, "层")); t++)
			n++;
		CHECK_INT(n, 100);
	}
	trawl__buf_release(&b);
	trawl__docset_release(&p.s);
}

TEST(detect_html_fragments_and_not)
{
	static const char *const html[] = {
		"<tr><td>1</td></tr>", "\n\n  <td>x</td>", "<!-- c --><TR><TD>1", "<tbody><tr>",
		"<div>正文</div>", "<p>正文</p>", "<span style=x>1</span>",
		"单位：元<br>\n<table border=1><tr><td>1</td></tr></table>",
		"附件1\n<table><tr><td>a</td></tr></table>",
		"山东某公司受委托，现对项目进行公开招标。\n<p>\n\t&nbsp;\n</p>\n<p><strong>项目名称：</strong>设备采购</p>",
		NULL };
	static const char *const text_[] = {
		"<2024年>工作要点\n一、总体要求\n", "<<关于印发的通知>>\n正文\n",
		"a < b and c > d\n", "<note>xml, not html</note>\n", NULL };
	int i;
	for (i = 0; html[i]; i++) {
		const char *f = trawl__detect_text(html[i], strlen(html[i]), "x.txt");
		if (strcmp(f, "html"))
			printf("  %s: %s\n", html[i], f);
		CHECK_STR(f, "html");
	}
	for (i = 0; text_[i]; i++)
		CHECK_STR(trawl__detect_text(text_[i], strlen(text_[i]), "x.txt"), "txt");
	/* a CSV whose cells hold markup stays a CSV */
	{
		const char *csv = "名称,说明,金额\n甲,<p>一</p><br>,1\n乙,<p>二</p><br>,2\n"
		                  "丙,<b>三</b>,3\n";
		CHECK_STR(trawl__detect_text(csv, strlen(csv), "x.csv"), "csv");
	}
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(xls_threads_first_use);
	RUN(xls_xlwt_formats_merges_and_sheets);
	RUN(xls_libreoffice_formulas_and_dates);
	RUN(xls_libreoffice_from_html_merges);
	RUN(xls_biff5_code_pages);
	RUN(xls_dates_1904);
	RUN(xls_not_workbooks_and_damage);
	RUN(biff_records_made_here);
	RUN(biff_sheets_sharing_data);
	RUN(xlsx_formats_refs_and_merges);
	RUN(xlsx_rich_and_inline_strings);
	RUN(docx_grid_spans_and_nesting);
	RUN(word97_paragraphs_tables_and_fields);
	RUN(html_table_model);
	RUN(html_cells_keep_their_text_and_no_attributes);
	RUN(html_fragments);
	RUN(html_deep_nesting_keeps_all_text);
	RUN(detect_html_fragments_and_not);
	return failures ? 1 : 0;
}
