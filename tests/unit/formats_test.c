/* Unit tests of the OCR, image, OFD and PPTX readers, through the parse
 * path the ingest workers use (ingest/parse.h), on the committed fixtures
 * ($ROOT/tests/fixtures, $ROOT/examples). */
#include <stdlib.h>
#include <string.h>
#include "ingest/parse.h"
#include "ingest/ocr.h"
#include "ingest/zippath.h"
#include "util/buf.h"
#include "test.h"
#include "util/banned.h"

int test_failed;

static const char *root(void)
{
	const char *r = getenv("ROOT");
	return r && *r ? r : ".";
}

/* Parses a file of the tree into ds (set up here; release it). */
static trawl_err parse_file(const char *rel, int no_ocr, trawl__docset *ds, trawl_diag *d)
{
	trawl__parse_opts o;
	trawl__buf path, data;
	trawl_err rc;

	memset(&o, 0, sizeof o);
	o.tmp_dir = "/tmp";
	o.max_file = (uint64_t)64 << 20;
	o.max_inflate = (size_t)64 << 20;
	o.ocr.off = no_ocr;
	memset(d, 0, sizeof *d);
	trawl__docset_init(ds, 0);
	trawl__buf_init(&path, 4096);
	trawl__buf_init(&data, (size_t)64 << 20);
	rc = trawl__buf_addf(&path, "%s/%s", root(), rel);
	if (!rc)
		rc = trawl__read_path(path.data, &data, d);
	if (!rc)
		rc = trawl__parse(&o, rel, data.data, data.len, ds, d);
	trawl__buf_release(&path);
	trawl__buf_release(&data);
	return rc;
}

static trawl__unit *unit_of(trawl__docset *ds, size_t k)
{
	trawl__doc *d = TRAWL_VEC_AT(&ds->docs, trawl__doc *, 0);
	return TRAWL_VEC_AT(&d->units, trawl__unit *, k);
}

TEST(zip_part_names_resolve)
{
	char out[64];

	CHECK(trawl__zip_resolve("Doc_0/Document.xml", "Pages/Page_0/Content.xml", out, sizeof out));
	CHECK_STR(out, "Doc_0/Pages/Page_0/Content.xml");
	CHECK(trawl__zip_resolve("ppt/slides/slide1.xml", "../notesSlides/n1.xml", out, sizeof out));
	CHECK_STR(out, "ppt/notesSlides/n1.xml");
	CHECK(trawl__zip_resolve("Doc_0/Document.xml", "/Doc_0/Tpls/T.xml", out, sizeof out));
	CHECK_STR(out, "Doc_0/Tpls/T.xml");
	CHECK(trawl__zip_resolve(NULL, "Doc_0\\Pages\\.\\P.xml", out, sizeof out));
	CHECK_STR(out, "Doc_0/Pages/P.xml");
	/* out of the package, empty, too long: no name */
	CHECK(!trawl__zip_resolve("Doc_0/Document.xml", "../../etc/passwd", out, sizeof out));
	CHECK_STR(out, "");
	CHECK(!trawl__zip_resolve("a.xml", "", out, sizeof out));
	CHECK(!trawl__zip_resolve(NULL, "a/very/long/part/name/that/does/not/fit/in/the/buffer.xml",
	                          out, 16));
}

TEST(ocr_languages_checked)
{
	trawl_diag d;

	memset(&d, 0, sizeof d);
	CHECK_INT(trawl__ocr_check("chi_sim+eng", &d), TRAWL_OK);
	CHECK_INT(trawl__ocr_check("chi_tra", &d), TRAWL_OK);
	CHECK_INT(trawl__ocr_check("", &d), TRAWL_EUSAGE);
	CHECK_INT(trawl__ocr_check("chi_sim+", &d), TRAWL_EUSAGE);
	CHECK_INT(trawl__ocr_check("chi_sim++eng", &d), TRAWL_EUSAGE);
	CHECK_INT(trawl__ocr_check("../../etc/passwd", &d), TRAWL_EUSAGE);
	CHECK_INT(trawl__ocr_check("a+b+c+d+e+f+g+h+i", &d), TRAWL_EUSAGE);
	memset(&d, 0, sizeof d);
	CHECK_INT(trawl__ocr_check("chi_sim+xx_yy", &d), TRAWL_ENOTFOUND);
	CHECK(strstr(d.msg, "'xx_yy'") && strstr(d.msg, "tesseract-ocr-xx-yy"));
	CHECK_STR(trawl__ocr_langs(NULL), "chi_sim+eng");
}

/* The committed scanned page: OCR reads it, its table is rebuilt, its
 * spans are in the page's points, and the unit is marked. */
TEST(scanned_pdf_is_ocrd)
{
	trawl__docset ds;
	trawl_diag d;
	trawl__unit *u;
	trawl_err rc = parse_file("examples/saomiao_bianjian_zhidui_2024_shouzhi_zongbiao.pdf", 0,
	                          &ds, &d);

	if (rc)
		printf("# %s\n", d.msg);
	CHECK_INT(rc, TRAWL_OK);
	CHECK_INT(ds.warnings.len, 0);
	u = unit_of(&ds, 0);
	CHECK(u->ocr);
	CHECK(u->ocr_conf > 60 && u->ocr_conf <= 100);
	CHECK(strstr(u->nt.text.data, "收入总计"));
	CHECK(strstr(u->nt.text.data, "3541.07"));
	CHECK(u->cells.n >= 16);
	CHECK(u->spans.n > 10);
	for (size_t k = 0; k < u->spans.n; k++) {
		const trawl__span *sp = &TRAWL_VEC_AT(&u->spans, trawl__span, k);
		CHECK(sp->x0 >= 0 && sp->x1 <= 600 && sp->y0 >= 0 && sp->y1 <= 850);
		CHECK(sp->x0 <= sp->x1 && sp->y0 <= sp->y1 && sp->end <= u->nt.text.len);
	}
	trawl__docset_release(&ds);
	/* with OCR off: no text, and a warning that says why */
	CHECK_INT(parse_file("examples/saomiao_bianjian_zhidui_2024_shouzhi_zongbiao.pdf", 1, &ds,
	                     &d), TRAWL_OK);
	u = unit_of(&ds, 0);
	CHECK(!u->ocr && u->nt.text.len == 0);
	CHECK(strstr(ds.warnings.data, "--no-ocr"));
	trawl__docset_release(&ds);
	/* a born-digital PDF is not OCR'd */
	CHECK_INT(parse_file("examples/bianjian_zhidui_2024_bumen_yusuan.pdf", 0, &ds, &d), TRAWL_OK);
	for (size_t k = 0; k < 3; k++)
		CHECK(!unit_of(&ds, k)->ocr);
	trawl__docset_release(&ds);
	trawl__ocr_thread_end();
}

TEST(ofd_invoice_fields_are_reader_facts)
{
	trawl__docset ds;
	trawl_diag d;
	trawl__doc *doc;
	int money = 0, party = 0, date = 0;

	CHECK_INT(parse_file("tests/fixtures/ofd/invoice.ofd", 0, &ds, &d), TRAWL_OK);
	CHECK_STR(ds.format, "ofd");
	doc = TRAWL_VEC_AT(&ds.docs, trawl__doc *, 0);
	CHECK_INT(doc->rfacts.n, 6);
	for (size_t k = 0; k < doc->rfacts.n; k++) {
		const trawl__rfact *f = &TRAWL_VEC_AT(&doc->rfacts, trawl__rfact, k);
		const trawl__unit *u = unit_of(&ds, f->unit);
		/* each cited where it is printed */
		CHECK(f->end > f->start && f->end <= u->nt.text.len);
		money += !strcmp(f->kind, "money");
		party += !strcmp(f->kind, "party");
		date += !strcmp(f->kind, "date");
		if (!strcmp(f->kind, "money"))
			CHECK_STR(f->code, "24332000000012345678");
	}
	CHECK_INT(money, 3);
	CHECK_INT(party, 2);
	CHECK_INT(date, 1);
	CHECK(unit_of(&ds, 0)->spans.n > 0);
	trawl__docset_release(&ds);
}

TEST(ofd_notice_text_and_fields)
{
	trawl__docset ds;
	trawl_diag d;
	trawl__doc *doc;
	int author = 0;

	CHECK_INT(parse_file("tests/fixtures/ofd/notice.ofd", 0, &ds, &d), TRAWL_OK);
	doc = TRAWL_VEC_AT(&ds.docs, trawl__doc *, 0);
	CHECK_STR(doc->title, "关于下达2024年边境管控专项资金的通知");
	CHECK_INT(doc->units.n, 2);
	for (size_t k = 0; k < doc->fields.n; k++) {
		const trawl__field *f = &TRAWL_VEC_AT(&doc->fields, trawl__field, k);
		author += !strcmp(f->key, "author") && !strcmp(f->value, "东滨市财政局");
	}
	CHECK(author);
	/* its table: three columns, four rows, in cells */
	CHECK_INT(unit_of(&ds, 0)->cells.n, 12);
	/* set vertically and turned text are read whole */
	CHECK(strstr(unit_of(&ds, 1)->nt.text.data, "东滨市财政局\n"));
	CHECK(strstr(unit_of(&ds, 1)->nt.text.data, "绩效目标:遣返率95%"));
	trawl__docset_release(&ds);
}

TEST(pptx_slides_in_list_order)
{
	trawl__docset ds;
	trawl_diag d;
	trawl__doc *doc;

	CHECK_INT(parse_file("tests/fixtures/pptx/briefing.pptx", 0, &ds, &d), TRAWL_OK);
	CHECK_STR(ds.format, "pptx");
	doc = TRAWL_VEC_AT(&ds.docs, trawl__doc *, 0);
	CHECK_INT(doc->units.n, 4);
	CHECK_STR(unit_of(&ds, 0)->kind, "slide");
	CHECK_STR(unit_of(&ds, 2)->kind, "notes");
	CHECK_INT(unit_of(&ds, 2)->number, 2);
	/* slide3.xml is the second slide of the list */
	CHECK(strstr(unit_of(&ds, 1)->nt.text.data, "经费使用情况"));
	CHECK_INT(unit_of(&ds, 1)->cells.n, 12);
	trawl__docset_release(&ds);
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(zip_part_names_resolve);
	RUN(ocr_languages_checked);
	RUN(scanned_pdf_is_ocrd);
	RUN(ofd_invoice_fields_are_reader_facts);
	RUN(ofd_notice_text_and_fields);
	RUN(pptx_slides_in_list_order);
	return failures ? 1 : 0;
}
