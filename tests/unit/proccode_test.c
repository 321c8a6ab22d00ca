/* Unit tests for the procurement code of a notice (lib/facts/proccode.c),
 * which lets a report count one procurement once. */
#include <string.h>
#include "test.h"
#include "facts/proccode.h"
#include "ingest/parse.h"

int test_failed;

static int code(const char *s, char *out)
{
	return trawl__procurement_code(s, strlen(s), out, 64);
}

TEST(code_after_its_label)
{
	char c[64];

	CHECK_INT(code("一、项目编号:DBZC-2024-G-0317\n二、项目名称:…", c), 1);
	CHECK_STR(c, "DBZC-2024-G-0317");
	/* 采购项目编号, a space after the colon, lower case: one key */
	CHECK_INT(code("采购项目编号: dbzc-2024-g-0317 ", c), 1);
	CHECK_STR(c, "DBZC-2024-G-0317");
	/* a table cell: label, tab, code */
	CHECK_INT(code("招标编号\tJLSZC2024-012\t项目名称\t…", c), 1);
	CHECK_STR(c, "JLSZC2024-012");
	/* Chinese prefix, brackets in either form, ending in 号 */
	CHECK_INT(code("采购编号:吉财采购〔2024〕123号,采购方式:公开招标", c), 1);
	CHECK_STR(c, "吉财采购[2024]123号");
	CHECK_INT(code("采购编号:吉财采购[2024]123号", c), 1);
	CHECK_STR(c, "吉财采购[2024]123号");
	/* the code ends where the text goes on */
	CHECK_INT(code("项目编号:HLJ-2024-001项目名称:车辆购置", c), 1);
	CHECK_STR(c, "HLJ-2024-001");
	/* a gloss after the label */
	CHECK_INT(code("项目编号(采购计划编号):2024-77812", c), 1);
	CHECK_STR(c, "2024-77812");
	/* Traditional characters */
	CHECK_INT(code("採購編號:TPE-113-0042", c), 1);
	CHECK_STR(c, "TPE-113-0042");
	/* the same code twice is one */
	CHECK_INT(code("项目编号:A-2024-1\n…\n附:项目编号:a-2024-1。", c), 1);
	CHECK_STR(c, "A-2024-1");
}

TEST(no_code_is_no_code)
{
	char c[64];

	CHECK_INT(code("项目名称:车辆购置\n预算金额:100万元", c), 0);
	/* not a code: no digit, a dash, too short, a sentence */
	CHECK_INT(code("项目编号:见附件", c), 0);
	CHECK_INT(code("项目编号:/", c), 0);
	CHECK_INT(code("项目编号:12", c), 0);
	CHECK_INT(code("项目编号为2024-001的项目", c), 0);
	/* an unclosed bracket is not a whole code */
	CHECK_INT(code("项目编号:[2024-001", c), 0);
	CHECK_STR(c, "");
}

TEST(several_codes_are_none)
{
	char c[64];

	/* a notice of two procurements, or a list: neither is the document's */
	CHECK_INT(code("项目编号:A-2024-001\n项目编号:A-2024-002\n", c), -1);
	CHECK_STR(c, "");
}

TEST(ocid_local_part)
{
	char c[64];

	CHECK_INT(trawl__ocid_code("ocds-x9t2wl-DBZC-2024-G-0317", c, sizeof c), 1);
	CHECK_STR(c, "DBZC-2024-G-0317");
	CHECK_INT(trawl__ocid_code("ocds-213czf-000-00001", c, sizeof c), 1);
	CHECK_STR(c, "000-00001");
	/* no registered prefix: the whole ocid */
	CHECK_INT(trawl__ocid_code("local-2024-7", c, sizeof c), 1);
	CHECK_STR(c, "LOCAL-2024-7");
	CHECK_INT(trawl__ocid_code("", c, sizeof c), 0);
}

/* A document read the way trawl add reads it: units over the scan limit
 * and codes in different units. */
static int doc_code(const char *text, char *out)
{
	trawl__parse_opts o = { "/tmp", 1 << 20, 1 << 20, 0, NULL, NULL, { 0, NULL, 0 } };
	trawl__docset ds;
	trawl_diag d;
	int r = -2;

	memset(&d, 0, sizeof d);
	trawl__docset_init(&ds, 0);
	if (trawl__parse(&o, "n.txt", text, strlen(text), &ds, &d) == TRAWL_OK && ds.docs.n)
		r = trawl__doc_procurement_code(TRAWL_VEC_AT(&ds.docs, trawl__doc *, 0), out, 64);
	trawl__docset_release(&ds);
	return r;
}

TEST(document_code)
{
	char c[64];

	/* full-width forms are read after NFKC, as the stored text is */
	CHECK_INT(doc_code("东滨市公安局中标公告\n项目编号：ＤＢＺＣ－２０２４－Ｇ－０３１７\n", c), 1);
	CHECK_STR(c, "DBZC-2024-G-0317");
	CHECK_INT(doc_code("某局中标公告\n项目名称：车辆\n", c), 0);
	CHECK_INT(doc_code("项目编号:A-2024-001\n其他:项目编号:B-2024-002\n", c), -1);
}

int main(void)
{
	int failures = 0;

	RUN(code_after_its_label);
	RUN(no_code_is_no_code);
	RUN(several_codes_are_none);
	RUN(ocid_local_part);
	RUN(document_code);
	return failures ? 1 : 0;
}
