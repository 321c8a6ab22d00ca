#include <stdlib.h>
#include "test.h"
#include "text/text.h"
#include "ingest/reader.h"
#include "ingest/doc.h"
#include "util/buf.h"
#include "util/hash.h"
#include "index/tokenize.h"
#include "index/query.h"
#include "util/alloc.h"

int test_failed;

static int decode(const char *p, size_t n, const char *decl, trawl__buf *out,
                  trawl__decoded *info)
{
	trawl__buf_init(out, 0);
	return trawl__decode(p, n, decl, out, info);
}

TEST(buf_cap_is_enforced)
{
	trawl__buf b;
	trawl__buf_init(&b, 8);
	CHECK_INT(trawl__buf_add(&b, "12345678", 8), TRAWL_OK);
	CHECK_INT(trawl__buf_add(&b, "9", 1), TRAWL_ETOOBIG);
	CHECK_INT(b.len, 8);
	CHECK_STR(b.data, "12345678");
	trawl__buf_release(&b);
}

TEST(buf_detach_hands_over)
{
	trawl__buf b;
	char *p;
	size_t n;
	trawl__buf_init(&b, 0);
	CHECK_INT(trawl__buf_addf(&b, "%d-%s", 42, "x"), TRAWL_OK);
	p = trawl__buf_detach(&b, &n);
	CHECK_STR(p, "42-x");
	CHECK_INT(n, 4);
	CHECK_INT(b.len, 0);
	free(p);
	trawl__buf_release(&b);
}

/* The first failure stays: later appends do nothing and report it, and a
 * failed buffer can't be detached as if it were whole. */
TEST(buf_errors_are_sticky)
{
	trawl__buf b;
	char *p;
	size_t n = 99;
	trawl__buf_init(&b, 8);
	CHECK_INT(trawl__buf_err(&b), TRAWL_OK);
	CHECK_INT(trawl__buf_adds(&b, "1234567"), TRAWL_OK);
	CHECK_INT(trawl__buf_adds(&b, "89"), TRAWL_ETOOBIG);
	/* would fit, but the buffer has failed */
	CHECK_INT(trawl__buf_addc(&b, 'x'), TRAWL_ETOOBIG);
	CHECK_INT(trawl__buf_add(&b, "", 0), TRAWL_ETOOBIG);
	CHECK_INT(trawl__buf_addf(&b, "%d", 1), TRAWL_ETOOBIG);
	CHECK_INT(trawl__buf_grow(&b, 0), TRAWL_ETOOBIG);
	CHECK_STR(b.data, "1234567");
	trawl__buf_reset(&b);
	CHECK_INT(trawl__buf_err(&b), TRAWL_ETOOBIG);
	CHECK_INT(trawl__buf_addc(&b, 'y'), TRAWL_ETOOBIG);
	CHECK_INT(b.len, 0);
	p = trawl__buf_detach(&b, &n);
	CHECK(p == NULL);
	CHECK_INT(n, 0);
	/* detach left it as after init: usable again */
	CHECK_INT(trawl__buf_err(&b), TRAWL_OK);
	CHECK_INT(trawl__buf_adds(&b, "ok"), TRAWL_OK);
	CHECK_STR(b.data, "ok");
	trawl__buf_release(&b);
	CHECK_INT(trawl__buf_err(&b), TRAWL_OK);
}

/* trawl__buf_add_rc keeps the caller's code and the buffer's in step. */
TEST(buf_add_rc_is_sticky)
{
	trawl__buf b;
	trawl_err rc = TRAWL_OK;
	trawl__buf_init(&b, 4);
	trawl__buf_add_rc(&rc, &b, "abcd", 4);
	CHECK_INT(rc, TRAWL_OK);
	trawl__buf_add_rc(&rc, &b, "e", 1);
	CHECK_INT(rc, TRAWL_ETOOBIG);
	rc = TRAWL_OK;
	trawl__buf_add_rc(&rc, &b, "", 0);
	CHECK_INT(rc, TRAWL_ETOOBIG);
	trawl__buf_release(&b);
}

static int no_empty_token(void *u, int colocated, const char *tok, int n, int start, int end)
{
	(void)colocated;
	(void)tok;
	(void)start;
	(void)end;
	if (n <= 0)
		*(int *)u += 1000;
	else
		*(int *)u += 1;
	return 0;
}

/* A combining mark standing alone folds to nothing: no empty token
 * (found by tests/fuzz/fuzz_tokenize.c). */
TEST(tokenize_lone_mark_is_no_token)
{
	int n = 0;
	trawl__tokenize("ab \xcc\x82 cd", 9, TRAWL__TOK_DOCUMENT, no_empty_token, &n);
	CHECK_INT(n, 2);
	n = 0;
	trawl__tokenize("\xe4\xb8\x87\xcc\x82", 5, TRAWL__TOK_QUERY, no_empty_token, &n);
	CHECK(n < 1000);
}

/* A quoted phrase inside NEAR( that takes the only ')' left the parser
 * looping at the end of the query (found by tests/fuzz/fuzz_query.c). */
TEST(query_near_unclosed_by_a_phrase)
{
	trawl__query q;
	trawl_diag d;
	memset(&d, 0, sizeof d);
	CHECK_INT(trawl__query_parse("NEAR(\"a)\" b", &q, &d), TRAWL_EUSAGE);
	CHECK(strstr(d.msg, "NEAR") != NULL);
	CHECK_INT(trawl__query_parse("x NEAR(\"\"\"g;)4(\"\"\"\"g", &q, &d), TRAWL_EUSAGE);
}

/* Counts times sizes are checked: an overflow is a failed allocation,
 * never a short buffer. */
TEST(alloc_products_are_checked)
{
	trawl__vec v;
	trawl__buf b;
	void *p = malloc(8);
	CHECK(p);
	CHECK(!trawl__mallocn(SIZE_MAX / 2, 4));
	CHECK(!trawl__reallocn(p, SIZE_MAX / 3, 4));
	p = trawl__reallocn(p, 4, 4); /* (p was left as it was) */
	CHECK(p);
	free(p);
	trawl__vec_init(&v, SIZE_MAX / 8);
	CHECK(!trawl__vec_push(&v)); /* 16 items of SIZE_MAX / 8 */
	trawl__vec_release(&v);
	trawl__buf_init(&b, SIZE_MAX);
	CHECK(b.max <= SIZE_MAX / 2);
	CHECK_INT(trawl__buf_grow(&b, SIZE_MAX - 1), TRAWL_ETOOBIG);
	trawl__buf_release(&b);
}

TEST(sha256_known_vector)
{
	char hex[65];
	CHECK(trawl__sha256_hex("abc", 3, hex) == TRAWL_OK);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(utf8_validation)
{
	CHECK(trawl__utf8_valid("abc \xe4\xb8\xad", 7));
	CHECK(!trawl__utf8_valid("\xc3\x28", 2));
	CHECK(!trawl__utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
	CHECK(!trawl__utf8_valid("\xe4\xb8", 2));     /* truncated */
	CHECK(!trawl__utf8_valid("\xc0\xaf", 2));     /* overlong */
}

TEST(decode_gb18030_undeclared)
{
	/* 预算单位：万元 in GB18030, and a 4-byte sequence (U+36C3) */
	static const char gb[] = "\xd4\xa4\xcb\xe3\xb5\xa5\xce\xbb\xa3\xba\xcd\xf2\xd4\xaa"
	                         "\x82\x30\xb7\x31";
	trawl__buf out;
	trawl__decoded info;
	CHECK_INT(decode(gb, sizeof gb - 1, NULL, &out, &info), TRAWL_OK);
	CHECK_STR(info.encoding, "GB18030");
	CHECK_STR(out.data, "预算单位：万元\xe3\x9b\x83");
	CHECK_INT(info.invalid, 0);
	trawl__buf_release(&out);
}

TEST(decode_big5_undeclared)
{
	/* 中華民國總預算 in Big5, repeated so the detector has enough */
	static const char b5[] = "\xa4\xa4\xb5\xd8\xa5\xc1\xb0\xea\xc1\x60\xb9\x77\xba\xe2"
	                         "\xa4\xa4\xa5\xa1\xac\x46\xa9\xb2\xc1\x60\xb9\x77\xba\xe2";
	trawl__buf out;
	trawl__decoded info;
	CHECK_INT(decode(b5, sizeof b5 - 1, NULL, &out, &info), TRAWL_OK);
	CHECK_STR(info.encoding, "BIG5-HKSCS");
	CHECK_STR(out.data, "中華民國總預算中央政府總預算");
	trawl__buf_release(&out);
}

TEST(decode_boms_win)
{
	trawl__buf out;
	trawl__decoded info;
	CHECK_INT(decode("\xff\xfe\x2d\x4e\x87\x65", 6, "gbk", &out, &info), TRAWL_OK);
	CHECK_STR(info.encoding, "UTF-16LE");
	CHECK_STR(out.data, "中文");
	trawl__buf_release(&out);
	CHECK_INT(decode("\xef\xbb\xbf\xe4\xb8\xad", 6, NULL, &out, &info), TRAWL_OK);
	CHECK_STR(info.encoding, "UTF-8");
	CHECK_STR(out.data, "中");
	trawl__buf_release(&out);
}

TEST(decode_utf16_without_bom)
{
	static const char le[] = "B\0u\0d\0g\0e\0t\0 \0\x2d\x4e\x87\x65 \0a\0n\0d\0 \0m\0o\0r\0e\0";
	trawl__buf out;
	trawl__decoded info;
	CHECK_INT(decode(le, sizeof le - 1, NULL, &out, &info), TRAWL_OK);
	CHECK_STR(info.encoding, "UTF-16LE");
	CHECK_STR(out.data, "Budget 中文 and more");
	trawl__buf_release(&out);
}

TEST(decode_declared_utf8_with_invalid_bytes)
{
	trawl__buf out;
	trawl__decoded info;
	CHECK_INT(decode("ok\xff\xfe" "fine \xc3\x28", 11, "utf-8", &out, &info), TRAWL_OK);
	CHECK_STR(info.encoding, "UTF-8");
	CHECK(info.declared);
	CHECK_INT(info.invalid, 3);
	CHECK_INT(info.first_invalid, 2);
	CHECK_STR(out.data, "ok\xef\xbf\xbd\xef\xbf\xbd" "fine \xef\xbf\xbd(");
	trawl__buf_release(&out);
}

TEST(decode_declared_gb2312_means_gbk)
{
	/* 喆 (0x86 0xB4) is in GBK but not in GB2312 */
	trawl__buf out;
	trawl__decoded info;
	CHECK_INT(decode("\x86\xb4", 2, "gb2312", &out, &info), TRAWL_OK);
	CHECK_STR(out.data, "喆");
	CHECK_INT(info.invalid, 0);
	trawl__buf_release(&out);
}

/* Every name uchardet 0.0.7 can answer, and the common labels, map to a
 * name iconv opens (or that encoding.c decodes itself: HZ). */
TEST(decode_every_charset_label)
{
	static const char *const labels[] = { "ASCII", "BIG5", "EUC-KR", "EUC-TW", "GB18030",
		"HZ-GB-2312", "IBM852", "IBM866", "ISO-2022-CN", "ISO-2022-JP", "ISO-2022-KR",
		"ISO-8859-1", "ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-5", "ISO-8859-6",
		"ISO-8859-7", "ISO-8859-8", "ISO-8859-9", "ISO-8859-10", "ISO-8859-13",
		"ISO-8859-15", "ISO-8859-16", "KOI8-R", "MAC-CENTRALEUROPE", "MAC-CYRILLIC",
		"SHIFT_JIS", "TIS-620", "UHC", "UTF-8", "VISCII", "WINDOWS-1250", "WINDOWS-1251",
		"WINDOWS-1252", "WINDOWS-1253", "WINDOWS-1255", "WINDOWS-1256", "WINDOWS-1257",
		"WINDOWS-1258", "gbk", "gb2312", "big5-hkscs", "cp932", "windows-31j", "koi8-u",
		"windows-874", "euc-jp", "latin1" };
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		const char *canon = trawl__charset_canonical(labels[i]);
		trawl__buf out;
		size_t bad = 0;
		if (!canon) {
			printf("FAIL %s: no canonical name for %s\n", test_name, labels[i]);
			test_failed = 1;
			return;
		}
		trawl__buf_init(&out, 0);
		if (trawl__iconv_to_utf8("ab", 2, canon, &out, &bad, NULL) != TRAWL_OK ||
		    strcmp(out.data, "ab") || bad) {
			printf("FAIL %s: %s (%s) does not decode \"ab\"\n", test_name, labels[i], canon);
			test_failed = 1;
		}
		trawl__buf_release(&out);
	}
	for (const char *const *u = (const char *const[]){ "UTF-16", "UTF-32LE", NULL }; *u; u++)
		CHECK(trawl__charset_canonical(*u));
}

/* HZ (RFC 1843), declared: 7-bit GB2312 between ~{ and ~}. */
TEST(decode_hz)
{
	trawl__buf out;
	trawl__decoded info;
	const char *hz = "A ~~ B ~{<:Ky2;!#~} end ~{!\n";
	CHECK_INT(decode(hz, strlen(hz), "hz-gb-2312", &out, &info), TRAWL_OK);
	CHECK_STR(info.encoding, "HZ");
	/* ~{!\n is broken: one U+FFFD, and the newline ends GB mode */
	CHECK_STR(out.data, "A ~ B 己所不。 end \xef\xbf\xbd\n");
	CHECK_INT(info.invalid, 1);
	CHECK_INT(info.first_invalid, 26);
	trawl__buf_release(&out);
}

/* Short undeclared text: the reading that looks like the language wins. */
TEST(decode_short_text_guesses)
{
	static const struct { const char *bytes, *enc, *text; } cases[] = {
		/* 关于2024年部门预算的说明, GBK */
		{ "\xb9\xd8\xd3\xda" "2024" "\xc4\xea\xb2\xbf\xc3\xc5\xd4\xa4\xcb\xe3\xb5\xc4"
		  "\xcb\xb5\xc3\xf7\n", "GB18030", "关于2024年部门预算的说明\n" },
		/* 財政預算, GBK: uchardet answers nothing */
		{ "\xb2\xc6\xd5\xfe\xd4\xa4\xcb\xe3\n", "GB18030", "财政预算\n" },
		/* 採購公告, Big5: uchardet answers ISO-8859-7 */
		{ "\xb1\xc4\xc1\xca\xa4\xbd\xa7\x69\n", "BIG5-HKSCS", "採購公告\n" },
		/* Привет, windows-1251: also valid GB18030 and Big5 */
		{ "\xcf\xf0\xe8\xe2\xe5\xf2\n", "WINDOWS-1251", "Привет\n" },
		/* こんにちは, Shift-JIS: also valid GB18030 */
		{ "\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd\n", "SHIFT_JIS", "こんにちは\n" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		trawl__buf out;
		trawl__decoded info;
		CHECK_INT(decode(cases[i].bytes, strlen(cases[i].bytes), NULL, &out, &info),
		          TRAWL_OK);
		CHECK_STR(info.encoding, cases[i].enc);
		CHECK_STR(out.data, cases[i].text);
		trawl__buf_release(&out);
	}
}

TEST(sniff_meta_charset)
{
	char cs[64];
	const char *h1 = "<html><head><meta charset=\"gb2312\"></head>";
	const char *h2 = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=GBK\">";
	const char *x = "<?xml version=\"1.0\" encoding=\"Big5\"?><a/>";
	CHECK(trawl__sniff_declared_charset(h1, strlen(h1), cs, sizeof cs));
	CHECK_STR(cs, "gb2312");
	CHECK(trawl__sniff_declared_charset(h2, strlen(h2), cs, sizeof cs));
	CHECK_STR(cs, "GBK");
	CHECK(trawl__sniff_declared_charset(x, strlen(x), cs, sizeof cs));
	CHECK_STR(cs, "Big5");
	CHECK(!trawl__sniff_declared_charset("plain text", 10, cs, sizeof cs));
	/* a charset with no value at the very end, in a buffer of exactly
	 * its bytes: nothing past it is read (the search went on from past
	 * the end of the text; found by fuzzing html) */
	{
		static const char m[] = "<head><meta charset>";
		char *t = malloc(sizeof m - 1);
		CHECK(t != NULL);
		memcpy(t, m, sizeof m - 1);
		CHECK(!trawl__sniff_declared_charset(t, sizeof m - 1, cs, sizeof cs));
		free(t);
	}
}

TEST(nfkc_fullwidth_and_map_back)
{
	trawl__ntext t;
	const uint32_t *map;
	size_t off;
	const char *raw = "预算２２３０万元（￥）";
	trawl__ntext_init(&t, 0);
	CHECK_INT(trawl__ntext_add(&t, raw, strlen(raw)), TRAWL_OK);
	CHECK_STR(t.text.data, "预算2230万元(¥)");
	CHECK_STR(t.raw.data, raw);
	CHECK(!trawl__ntext_identity(&t));
	map = t.map.items;
	/* "万" is at byte 10 of the normalized text, byte 18 of the raw */
	off = trawl__ntext_raw_offset(map, t.map.n, 10);
	CHECK_INT(off, 18);
	CHECK(!strncmp(raw + off, "万", 3));
	/* "2" of 2230 (byte 6) maps to the first fullwidth digit (byte 6) */
	CHECK_INT(trawl__ntext_raw_offset(map, t.map.n, 6), 6);
	CHECK_INT(trawl__ntext_raw_offset(map, t.map.n, 7), 9);
	trawl__ntext_release(&t);
}

/* A full-width comma between digits stays: it may separate a list's items
 * (分别安排100，200，300万元), which NFKC's "," would make one number. */
TEST(nfkc_keeps_fullwidth_comma_between_digits)
{
	trawl__ntext t;
	trawl__ntext_init(&t, 0);
	const char *in = "分别为100，200万元，共计\xef\xbc\x91\xef\xbc\x8c\xef\xbc\x92，a，1";
	CHECK_INT(trawl__ntext_add(&t, in, strlen(in)), TRAWL_OK);
	CHECK_STR(t.text.data, "分别为100，200万元,共计1，2,a,1");
	trawl__ntext_release(&t);
}

TEST(nfkc_keeps_traditional_and_composes)
{
	trawl__ntext t;
	trawl__ntext_init(&t, 0);
	/* Traditional stays Traditional; e + combining acute composes to é;
	 * ideographic space becomes a space; CRLF becomes LF; BOM and NUL dropped */
	const char *in = "邊境\xe3\x80\x80" "cafe\xcc\x81\r\n\xef\xbb\xbfx";
	CHECK_INT(trawl__ntext_add(&t, in, strlen(in)), TRAWL_OK);
	CHECK_STR(t.text.data, "邊境 café\nx");
	CHECK(t.text.len < t.raw.len);
	trawl__ntext_release(&t);
}

TEST(nfkc_identity_for_plain_text)
{
	trawl__ntext t;
	trawl__ntext_init(&t, 0);
	const char *in = "中标金额 3541.07万元\n";
	CHECK_INT(trawl__ntext_add(&t, in, strlen(in)), TRAWL_OK);
	CHECK(trawl__ntext_identity(&t));
	CHECK_INT(t.map.n, 0);
	trawl__ntext_release(&t);
}

TEST(detect_head_kinds)
{
	const char *what;
	CHECK_INT(trawl__detect_head("%PDF-1.7\n", 9, &what), TRAWL__KIND_PDF);
	CHECK_INT(trawl__detect_head("PK\x03\x04rest", 8, &what), TRAWL__KIND_ZIP);
	CHECK_INT(trawl__detect_head("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, &what), TRAWL__KIND_OLE);
	CHECK_INT(trawl__detect_head("hello\0world", 11, &what), TRAWL__KIND_BINARY);
	/* images are read by OCR */
	CHECK_INT(trawl__detect_head("\x89PNG\r\n\x1a\nxx", 10, &what), TRAWL__KIND_IMAGE);
	CHECK_INT(trawl__detect_head("\xFF\xD8\xFF\xE0xx", 6, &what), TRAWL__KIND_IMAGE);
	CHECK_INT(trawl__detect_head("II*\0xxxx", 8, &what), TRAWL__KIND_IMAGE);
	CHECK_INT(trawl__detect_head("MM\0*xxxx", 8, &what), TRAWL__KIND_IMAGE);
	CHECK_INT(trawl__detect_head("\x7F" "ELFxxxx", 8, &what), TRAWL__KIND_BINARY);
	CHECK_INT(trawl__detect_head("\xd4\xa4\xcb\xe3", 4, &what), TRAWL__KIND_TEXT);
	CHECK_INT(trawl__detect_head("\xff\xfe" "a\0b\0", 6, &what), TRAWL__KIND_TEXT);
	/* an archive whose first member, stored, is a PDF is the archive (a
	 * RAR was read as a damaged PDF and its member lost) */
	{
		char rar[64] = "Rar!\x1A\x07\x00....%PDF-1.7\n", tar[600];
		memset(tar, 0, sizeof tar);
		memcpy(tar, "a.pdf", 5);
		memcpy(tar + 257, "ustar", 5);
		memcpy(tar + 512, "%PDF-1.7\n", 9);
		CHECK_INT(trawl__detect_head(rar, sizeof rar, &what), TRAWL__KIND_ARCHIVE);
		CHECK_INT(trawl__detect_head(tar, sizeof tar, &what), TRAWL__KIND_ARCHIVE);
	}
}

TEST(detect_text_formats)
{
	const char *csv = "项目,金额\n巡逻艇,223.00\n车辆,100\n";
	const char *prose = "本单位2024年预算, 比上年增加。\n另有说明.\n";
	const char *html = "  <!DOCTYPE html><html><body>x</body></html>";
	const char *ocds = "{\"uri\":\"x\",\"releases\":[{\"ocid\":\"a\"}]}";
	CHECK_STR(trawl__detect_text(csv, strlen(csv), "a.txt"), "csv");
	CHECK_STR(trawl__detect_text(prose, strlen(prose), "a.txt"), "txt");
	CHECK_STR(trawl__detect_text(html, strlen(html), "a.txt"), "html");
	CHECK_STR(trawl__detect_text(ocds, strlen(ocds), NULL), "ocds");
	/* two lines with one comma each are CSV only with the extension's hint */
	CHECK_STR(trawl__detect_text("a,b\nc,d\n", 8, "x.csv"), "csv");
	CHECK_STR(trawl__detect_text("a,b\nc,d\n", 8, "x.txt"), "txt");
	/* a text of amounts with thousands commas is no CSV of two columns (1 |
	 * 000); a CSV quotes such an amount, and a .csv says what it is */
	{
		const char *amounts = "合同金额：1,000 元\n预算金额：2,500 元\n价格 USD 1,000\n";
		const char *quoted = "项目,金额\n巡逻艇,\"1,000\"\n车辆,\"2,500\"\n";
		CHECK_STR(trawl__detect_text(amounts, strlen(amounts), "a.txt"), "txt");
		CHECK_STR(trawl__detect_text(amounts, strlen(amounts), NULL), "txt");
		CHECK_STR(trawl__detect_text(quoted, strlen(quoted), "a.txt"), "csv");
		/* a year and a three-digit code are no grouped number */
		const char *codes = "年度,科目编码,科目名称,金额\n2024,201,一般公共服务支出,1200\n"
		                    "2024,204,公共安全支出,3100\n2024,208,社会保障和就业支出,150\n";
		CHECK_STR(trawl__detect_text(codes, strlen(codes), "data.txt"), "csv");
	}
}

TEST(detect_xml_spreadsheet)
{
	static const char *const yes[] = {
		"<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>\n<Workbook "
		"xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet/></Workbook>",
		/* a prefix, a comment, a BOM, a document type (the reader refuses it) */
		"\xEF\xBB\xBF<!-- x --><ss:Workbook xmlns:ss=\"urn:schemas-microsoft-com:office:"
		"spreadsheet\">",
		"<!DOCTYPE Workbook [<!ENTITY a \"b\">]><Workbook\nxmlns=\"urn:schemas-microsoft-"
		"com:office:spreadsheet\">",
	};
	static const char *const no[] = {
		/* Excel's HTML page: the office:excel namespace */
		"<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><body><table><tr><td>1"
		"</td></tr></table></body></html>",
		/* the namespace named, but another root */
		"<Workbooks xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"/>",
		"<html><body>urn:schemas-microsoft-com:office:spreadsheet <Workbook ></body></html>",
		"<?xml version=\"1.0\"?><Workbook>no namespace</Workbook>",
	};
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		CHECK_STR(trawl__detect_text(yes[i], strlen(yes[i]), "a.xls"), "xlsxml");
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		CHECK(strcmp(trawl__detect_text(no[i], strlen(no[i]), "a.xls"), "xlsxml") != 0);
}

static trawl_err run_reader(const char *fmt, const char *text, trawl__docset *s)
{
	trawl__input in;
	trawl_diag d;
	memset(&in, 0, sizeof in);
	memset(&d, 0, sizeof d);
	in.path = "t";
	in.data = in.text = text;
	in.len = in.text_len = strlen(text);
	trawl__docset_init(s, 0);
	return trawl__reader_find(fmt)->read(&in, s, &d);
}

static trawl__unit *unit0(trawl__docset *s)
{
	trawl__doc *d = TRAWL_VEC_AT(&s->docs, trawl__doc *, 0);
	return TRAWL_VEC_AT(&d->units, trawl__unit *, 0);
}

TEST(csv_quotes_and_cells)
{
	trawl__docset s;
	trawl__unit *u;
	trawl__cell *c;
	CHECK_INT(run_reader("csv", "名称,金额\n\"巡逻艇,大\",\"2,230\"\n\"说\"\"明\",x\n", &s), TRAWL_OK);
	u = unit0(&s);
	CHECK_STR(u->nt.text.data, "名称\t金额\n巡逻艇,大\t2,230\n说\"明\tx\n");
	CHECK_INT(u->cells.n, 6);
	c = &TRAWL_VEC_AT(&u->cells, trawl__cell, 3);
	CHECK_INT(c->row, 1);
	CHECK_INT(c->col, 1);
	CHECK(!strncmp(u->nt.text.data + c->start, "2,230", c->end - c->start));
	trawl__docset_release(&s);
}

TEST(html_drops_script_keeps_table_rows)
{
	trawl__docset s;
	trawl__unit *u;
	CHECK_INT(run_reader("html", "<html><head><title>公告</title><style>.x{}</style></head>"
	                     "<body><script>var secret=1;</script><p>采购人：某局</p>"
	                     "<table><tr><th>品目</th><th>金额</th></tr>"
	                     "<tr><td>人脸识别</td><td>2650.00</td></tr></table></body></html>", &s),
	          TRAWL_OK);
	u = unit0(&s);
	CHECK(!strstr(u->nt.text.data, "secret"));
	CHECK(!strstr(u->nt.text.data, ".x{}"));
	CHECK(strstr(u->nt.text.data, "采购人:某局\n"));
	CHECK(strstr(u->nt.text.data, "品目\t金额\n人脸识别\t2650.00\n"));
	CHECK_INT(u->cells.n, 4);
	CHECK_STR(TRAWL_VEC_AT(&s.docs, trawl__doc *, 0)->title, "公告");
	trawl__docset_release(&s);
}

TEST(xlsxml_cells_and_values)
{
	trawl__docset s;
	trawl__unit *u;
	/* row 2 spans two rows (Span=1): the next row is 4; the MergeDown of
	 * A4 covers A5, so A5's first cell without an index goes to B5 */
	CHECK_INT(run_reader("xlsxml", "<?xml version=\"1.0\" encoding=\"GB2312\"?><Workbook "
	                     "xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\" xmlns:ss="
	                     "\"urn:schemas-microsoft-com:office:spreadsheet\"><Styles>"
	                     "<Style ss:ID=\"p\"><NumberFormat ss:Format=\"Percent\"/></Style>"
	                     "<Style ss:ID=\"q\" ss:Parent=\"p\"/><Style ss:ID=\"Default\" "
	                     "ss:Name=\"Normal\"><NumberFormat ss:Format=\"#,##0\"/></Style></Styles>"
	                     "<Worksheet ss:Name=\"表\"><Table>"
	                     "<Row><Cell><Data ss:Type=\"String\">名称</Data></Cell></Row>"
	                     "<Row ss:Span=\"1\"><Cell><Data ss:Type=\"Boolean\">1</Data></Cell></Row>"
	                     "<Row><Cell ss:MergeDown=\"1\"><Data ss:Type=\"String\">甲</Data></Cell>"
	                     "<Cell ss:StyleID=\"q\"><Data ss:Type=\"Number\">0.125</Data></Cell></Row>"
	                     "<Row><Cell><Data ss:Type=\"DateTime\">2024-03-15T14:30:00.000</Data>"
	                     "</Cell><Cell><Data ss:Type=\"DateTime\">1899-12-31T08:05:09.000</Data>"
	                     "</Cell><Cell ss:Index=\"20000\"><Data ss:Type=\"String\">x</Data></Cell>"
	                     "</Row><Row><Cell><Data ss:Type=\"Number\">1234.4</Data></Cell></Row>"
	                     "</Table></Worksheet></Workbook>", &s), TRAWL_OK);
	u = unit0(&s);
	CHECK_STR(u->name, "表");
	CHECK_STR(u->nt.text.data, "名称\nTRUE\n甲\t12.50%\n\t2024-03-15 14:30\t08:05:09\n1,234\n");
	CHECK(strstr(s.warnings.data, "1 cell(s) placed past a worksheet's last row or column"));
	CHECK_STR(TRAWL_VEC_AT(&s.docs, trawl__doc *, 0)->title, "表");
	trawl__docset_release(&s);
	/* not a workbook at all, and one cut before its first sheet */
	CHECK_INT(run_reader("xlsxml", "<Other/>", &s), TRAWL_EFORMAT);
	trawl__docset_release(&s);
	CHECK_INT(run_reader("xlsxml", "<Workbook xmlns=\"urn:schemas-microsoft-com:office:"
	                     "spreadsheet\"><Styles><Sty", &s), TRAWL_EFORMAT);
	trawl__docset_release(&s);
}

TEST(ocds_one_document_per_release)
{
	trawl__docset s;
	trawl__doc *d;
	size_t i;
	int found = 0;
	CHECK_INT(run_reader("ocds", "{\"publisher\":{\"name\":\"P\"},\"releases\":["
	                     "{\"ocid\":\"o-1\",\"id\":\"r1\",\"buyer\":{\"name\":\"某局\"},"
	                     "\"awards\":[{\"suppliers\":[{\"name\":\"华泰公司\"}],"
	                     "\"value\":{\"amount\":26500000,\"currency\":\"CNY\"}}]},"
	                     "{\"ocid\":\"o-1\",\"id\":\"r2\"}]}", &s), TRAWL_OK);
	CHECK_INT(s.docs.n, 2);
	d = TRAWL_VEC_AT(&s.docs, trawl__doc *, 0);
	for (i = 0; i < d->fields.n; i++) {
		trawl__field *f = &TRAWL_VEC_AT(&d->fields, trawl__field, i);
		if (!strcmp(f->key, "suppliers")) { CHECK_STR(f->value, "华泰公司"); found++; }
		if (!strcmp(f->key, "award_value")) { CHECK_STR(f->value, "26500000"); found++; }
		if (!strcmp(f->key, "buyer")) { CHECK_STR(f->value, "某局"); found++; }
		if (!strcmp(f->key, "publisher")) { CHECK_STR(f->value, "P"); found++; }
	}
	CHECK_INT(found, 4);
	CHECK(strstr(TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->nt.text.data,
	             "awards[0].value.amount: 26500000\n"));
	trawl__docset_release(&s);
}

TEST(txt_form_feeds_are_pages)
{
	trawl__docset s;
	trawl__doc *d;
	CHECK_INT(run_reader("txt", "第一页\f第二页\f第三页", &s), TRAWL_OK);
	d = TRAWL_VEC_AT(&s.docs, trawl__doc *, 0);
	CHECK_INT(d->units.n, 3);
	CHECK_STR(TRAWL_VEC_AT(&d->units, trawl__unit *, 2)->nt.text.data, "第三页");
	CHECK_INT(TRAWL_VEC_AT(&d->units, trawl__unit *, 2)->number, 3);
	trawl__docset_release(&s);
}

TEST(docset_text_cap)
{
	/* past the text limit what fits is kept (to a character boundary),
	 * the rest dropped, and the place is said for the warning */
	trawl__docset s;
	trawl__doc *d;
	trawl__unit *u;
	trawl__docset_init(&s, 10);
	d = trawl__doc_new(&s, NULL);
	u = trawl__unit_new(&s, d, "section", 1, NULL);
	trawl__unit_text(&s, u, "0123456", 7);
	trawl__unit_text(&s, u, "78\xe4\xb8\xad" "abc", 8);
	CHECK_INT(s.rc, TRAWL_OK);
	CHECK(s.text_capped);
	CHECK_STR(u->nt.text.data, "012345678");
	CHECK_INT(s.text_bytes, 9);
	CHECK_STR(s.text_capped_at, "section 1");
	trawl__unit_text(&s, u, "x", 1); /* nothing more */
	CHECK_STR(u->nt.text.data, "012345678");
	/* a cell past the limit: no cell record pointing outside the text */
	trawl__unit_cell(&s, u, "cell", 4);
	CHECK_INT(u->cells.n, 0);
	trawl__docset_release(&s);
}

TEST(docset_cell_budget)
{
	trawl__docset s;
	trawl__doc *d;
	trawl__unit *u;
	trawl__docset_init(&s, 0);
	s.max_cells = 5;
	d = trawl__doc_new(&s, NULL);
	u = trawl__unit_new(&s, d, "sheet", 2, NULL);
	for (int r = 0; r < 3; r++) {
		trawl__unit_row_begin(&s, u);
		trawl__unit_cell(&s, u, "a", 1);
		trawl__unit_cell(&s, u, "b", 1);
		trawl__unit_row_end(&s, u);
	}
	CHECK_INT(s.rc, TRAWL_OK);
	CHECK_INT(u->cells.n, 5);
	CHECK(s.cells_capped);
	CHECK_STR(s.cells_capped_at, "sheet 2 row 3");
	CHECK_STR(u->nt.text.data, "a\tb\na\tb\na\tb\n"); /* the text is all there */
	trawl__docset_release(&s);
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(buf_cap_is_enforced);
	RUN(buf_detach_hands_over);
	RUN(buf_errors_are_sticky);
	RUN(buf_add_rc_is_sticky);
	RUN(tokenize_lone_mark_is_no_token);
	RUN(query_near_unclosed_by_a_phrase);
	RUN(alloc_products_are_checked);
	RUN(sha256_known_vector);
	RUN(utf8_validation);
	RUN(decode_gb18030_undeclared);
	RUN(decode_big5_undeclared);
	RUN(decode_boms_win);
	RUN(decode_utf16_without_bom);
	RUN(decode_declared_utf8_with_invalid_bytes);
	RUN(decode_declared_gb2312_means_gbk);
	RUN(decode_every_charset_label);
	RUN(decode_hz);
	RUN(decode_short_text_guesses);
	RUN(sniff_meta_charset);
	RUN(nfkc_fullwidth_and_map_back);
	RUN(nfkc_keeps_fullwidth_comma_between_digits);
	RUN(nfkc_keeps_traditional_and_composes);
	RUN(nfkc_identity_for_plain_text);
	RUN(detect_head_kinds);
	RUN(detect_text_formats);
	RUN(detect_xml_spreadsheet);
	RUN(xlsxml_cells_and_values);
	RUN(csv_quotes_and_cells);
	RUN(html_drops_script_keeps_table_rows);
	RUN(ocds_one_document_per_release);
	RUN(txt_form_feeds_are_pages);
	RUN(docset_text_cap);
	RUN(docset_cell_budget);
	return failures ? 1 : 0;
}
