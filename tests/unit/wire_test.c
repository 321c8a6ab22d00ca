/* The reader processes' wire format (lib/ingest/wire.c): a docset comes
 * back whole, and the decoder refuses, without crashing or reading out of
 * bounds, every corruption a compromised reader could send. */
#include <stdlib.h>
#include "test.h"
#include "ingest/parse.h"
#include "ingest/wire.h"
#include "facts/extract.h"
#include "util/buf.h"

int test_failed;

/* A docset with everything the wire carries: a CSV with line items (cells
 * and facts), fullwidth text (raw text and map), spans, an OCR mark,
 * fields, two documents, an ext_id and warnings. */
static int sample(trawl__docset *ds)
{
	static const char csv[] = "项目,金额(万元)\n警用装备,１２０.５\n巡逻艇维修,88\n";
	trawl__parse_opts po = { NULL, 1 << 20, 1 << 20, 0, NULL, NULL, { 0, NULL, 0 } };
	trawl_diag dg;
	trawl__doc *d;
	trawl__unit *u;

	memset(&dg, 0, sizeof dg);
	trawl__docset_init(ds, 0);
	if (trawl__parse(&po, "budget.csv", csv, sizeof csv - 1, ds, &dg))
		return -1;
	d = trawl__doc_new(ds, "ocds-123-release-1");
	trawl__doc_title(ds, d, "Ｔｉｔｌｅ　２", 18);
	trawl__doc_field(ds, d, "buyer", "市公安局");
	u = trawl__unit_new(ds, d, "page", 7, "first");
	trawl__unit_text(ds, u, "ｆｕｌｌ ｗｉｄｔｈ\n", 23);
	trawl__unit_span(ds, u, 0, 4, 1.5f, 2.5f, 100.0f, 12.0f);
	u->ocr = 1; /* as if read by OCR */
	u->ocr_conf = 87.5f;
	trawl__docset_warn(ds, "a warning with 中文");
	return ds->rc ? -1 : 0;
}

static int same_vec(const trawl__vec *a, const trawl__vec *b)
{
	return a->n == b->n && (!a->n || (a->size == b->size &&
	                                   !memcmp(a->items, b->items, a->n * a->size)));
}

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static int same_docset(const trawl__docset *a, const trawl__docset *b)
{
	if (strcmp(a->format, b->format) || strcmp(a->encoding, b->encoding) ||
	    strcmp(a->warnings.data, b->warnings.data) || a->docs.n != b->docs.n ||
	    a->text_bytes != b->text_bytes)
		return 0;
	for (size_t i = 0; i < a->docs.n; i++) {
		const trawl__doc *x = TRAWL_VEC_AT(&a->docs, trawl__doc *, i);
		const trawl__doc *y = TRAWL_VEC_AT(&b->docs, trawl__doc *, i);
		if (!same_str(x->ext_id, y->ext_id) || !same_str(x->title, y->title) ||
		    strcmp(x->kind, y->kind) || x->fields.n != y->fields.n ||
		    x->units.n != y->units.n || !same_vec(&x->facts, &y->facts) ||
		    x->fstrings.len != y->fstrings.len ||
		    memcmp(x->fstrings.data, y->fstrings.data, x->fstrings.len))
			return 0;
		for (size_t k = 0; k < x->fields.n; k++) {
			const trawl__field *f = &TRAWL_VEC_AT(&x->fields, trawl__field, k);
			const trawl__field *g = &TRAWL_VEC_AT(&y->fields, trawl__field, k);
			if (strcmp(f->key, g->key) || strcmp(f->value, g->value))
				return 0;
		}
		for (size_t k = 0; k < x->units.n; k++) {
			const trawl__unit *u = TRAWL_VEC_AT(&x->units, trawl__unit *, k);
			const trawl__unit *v = TRAWL_VEC_AT(&y->units, trawl__unit *, k);
			if (strcmp(u->kind, v->kind) || u->number != v->number ||
			    !same_str(u->name, v->name) || strcmp(u->nt.text.data, v->nt.text.data) ||
			    u->nt.raw.len != v->nt.raw.len ||
			    memcmp(u->nt.raw.data, v->nt.raw.data, u->nt.raw.len) ||
			    !same_vec(&u->nt.map, &v->nt.map) || !same_vec(&u->cells, &v->cells) ||
			    !same_vec(&u->spans, &v->spans) || u->ocr != v->ocr ||
			    u->ocr_conf != v->ocr_conf)
				return 0;
		}
	}
	return 1;
}

/* Decodes bytes[0..n) into ds; returns the reader's error state. */
static int decode(const char *bytes, size_t n, uint64_t budget, trawl__docset *ds,
                  trawl__win *r)
{
	trawl__docset_init(ds, 0);
	trawl__win_init(r, -1, bytes, n, 0, budget);
	trawl__wire_get_docset(r, ds);
	return r->err;
}

static void encode(const trawl__docset *ds, trawl__buf *out)
{
	trawl__wout *w = malloc(sizeof *w);
	trawl__buf_init(out, 0);
	trawl__wout_init(w, -1, out, 0);
	trawl__wire_put_docset(w, ds);
	trawl__wout_flush(w);
	free(w);
}

TEST(wire_roundtrip)
{
	trawl__docset a, b;
	trawl__buf bytes;
	trawl__win *r = malloc(sizeof *r);
	const trawl__doc *d;

	CHECK(sample(&a) == 0);
	d = TRAWL_VEC_AT(&a.docs, trawl__doc *, 0);
	CHECK(d->facts.n > 0);  /* the sample really has facts, cells and a map */
	CHECK(TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->cells.n > 0);
	encode(&a, &bytes);
	CHECK_INT(decode(bytes.data, bytes.len, 1 << 20, &b, r), TRAWL__WIN_OK);
	CHECK(same_docset(&a, &b));
	/* and the map is there: the fullwidth unit's raw text differs */
	d = TRAWL_VEC_AT(&b.docs, trawl__doc *, 1);
	CHECK(TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->nt.map.n > 0);
	/* an image's closer format name (png, not image) passes */
	{
		trawl__docset c;
		trawl__buf png;
		CHECK(sample(&c) == 0);
		snprintf(c.format, sizeof c.format, "png");
		encode(&c, &png);
		trawl__docset_release(&c);
		CHECK_INT(decode(png.data, png.len, 1 << 20, &c, r), TRAWL__WIN_OK);
		CHECK(!strcmp(c.format, "png"));
		trawl__docset_release(&c);
		trawl__buf_release(&png);
	}
	/* the OCR mark came back, the other units have none */
	CHECK(TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->ocr);
	CHECK(!TRAWL_VEC_AT(&TRAWL_VEC_AT(&b.docs, trawl__doc *, 0)->units, trawl__unit *, 0)->ocr);
	trawl__docset_release(&b);
	/* an OCR confidence out of 0-100 is refused */
	{
		trawl__buf bad;
		d = TRAWL_VEC_AT(&a.docs, trawl__doc *, 1);
		TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->ocr_conf = 250.0f;
		encode(&a, &bad);
		CHECK_INT(decode(bad.data, bad.len, 1 << 20, &b, r), TRAWL__WIN_BAD);
		CHECK(strstr(r->why, "OCR confidence") != NULL);
		trawl__docset_release(&b);
		trawl__buf_release(&bad);
		TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->ocr_conf = 87.5f;
	}
	/* a budget smaller than the docset is refused as too big */
	CHECK_INT(decode(bytes.data, bytes.len, bytes.len / 2, &b, r), TRAWL__WIN_BIG);
	trawl__docset_release(&b);
	/* cut short anywhere: refused */
	for (size_t n = 0; n < bytes.len; n += 7) {
		CHECK(decode(bytes.data, n, 1 << 20, &b, r) != TRAWL__WIN_OK);
		trawl__docset_release(&b);
	}
	trawl__docset_release(&a);
	trawl__buf_release(&bytes);
	free(r);
}

/* A budget's indicator table: merged cells, and indicator and project
 * facts with their attributes, come back whole. */
TEST(wire_roundtrip_budget)
{
	static const char page[] =
		"<html><head><title>2024年部门预算</title></head><body><p>项目支出绩效目标表</p>"
		"<table><tr><td>项目名称</td><td colspan=\"4\">遣送遣返</td></tr>"
		"<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td><td>分值</td></tr>"
		"<tr><td rowspan=\"2\">产出指标</td><td rowspan=\"2\">数量指标</td>"
		"<td>派出所数量</td><td>18个</td><td>10</td></tr>"
		"<tr><td>遣返率</td><td>≥95%</td><td>10</td></tr></table></body></html>";
	trawl__parse_opts po = { NULL, 1 << 20, 1 << 20, 0, NULL, NULL, { 0, NULL, 0 } };
	trawl__docset a, b;
	trawl__buf bytes;
	trawl__win *r = malloc(sizeof *r);
	trawl_diag dg;
	const trawl__doc *d;
	size_t ind = 0, spans = 0;

	memset(&dg, 0, sizeof dg);
	trawl__docset_init(&a, 0);
	CHECK_INT(trawl__parse(&po, "budget.html", page, sizeof page - 1, &a, &dg), TRAWL_OK);
	d = TRAWL_VEC_AT(&a.docs, trawl__doc *, 0);
	for (size_t i = 0; i < d->facts.n; i++) {
		const trawl__dfact *df = &((const trawl__dfact *)d->facts.items)[i];
		ind += df->kind == TRAWL__F_INDICATOR &&
		       strstr(trawl__dfact_str(d, df, TRAWL__FS_ATTRS), "\"level2\":\"数量指标\"");
	}
	CHECK_INT(ind, 2);
	for (size_t i = 0; i < TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->cells.n; i++)
		spans += TRAWL_VEC_AT(&TRAWL_VEC_AT(&d->units, trawl__unit *, 0)->cells, trawl__cell,
		                      i).rowspan > 1;
	CHECK_INT(spans, 2);
	encode(&a, &bytes);
	CHECK_INT(decode(bytes.data, bytes.len, 1 << 20, &b, r), TRAWL__WIN_OK);
	CHECK(same_docset(&a, &b));
	trawl__docset_release(&a);
	trawl__docset_release(&b);
	trawl__buf_release(&bytes);
	free(r);
}

/* Every byte changed in several ways: the decoder either takes a docset
 * that passes its own checks or refuses it; it never crashes or reads out
 * of bounds (the sanitizers watch), and it refuses the changes that break
 * an invariant (checked on what it accepts). */
TEST(wire_corruption_is_refused_or_harmless)
{
	static const unsigned char values[] = { 0x00, 0xFF, 0x80, 0x7F, 0x01, 0xC3 };
	trawl__docset a, b;
	trawl__buf bytes;
	trawl__win *r = malloc(sizeof *r);
	size_t accepted = 0, refused = 0;

	CHECK(sample(&a) == 0);
	encode(&a, &bytes);
	for (size_t i = 0; i < bytes.len; i++) {
		for (size_t v = 0; v < sizeof values; v++) {
			char keep = bytes.data[i];
			if ((unsigned char)keep == values[v])
				continue;
			bytes.data[i] = (char)values[v];
			if (decode(bytes.data, bytes.len, 1 << 24, &b, r) == TRAWL__WIN_OK) {
				accepted++;
				/* what is accepted holds together */
				for (size_t k = 0; k < b.docs.n; k++) {
					const trawl__doc *d = TRAWL_VEC_AT(&b.docs, trawl__doc *, k);
					for (size_t f = 0; f < d->facts.n; f++) {
						const trawl__dfact *df = &((const trawl__dfact *)d->facts.items)[f];
						const trawl__unit *u;
						CHECK(df->unit < d->units.n);
						u = TRAWL_VEC_AT(&d->units, trawl__unit *, df->unit);
						CHECK(df->end <= u->nt.text.len && df->start <= df->end);
						for (int s = 0; s < TRAWL__FS_N; s++)
							CHECK(trawl__utf8_valid(trawl__dfact_str(d, df, s),
							                        strlen(trawl__dfact_str(d, df, s))));
					}
					for (size_t u = 0; u < d->units.n; u++) {
						const trawl__unit *un = TRAWL_VEC_AT(&d->units, trawl__unit *, u);
						CHECK(trawl__utf8_valid(un->nt.text.data, un->nt.text.len));
						for (size_t c = 0; c < un->cells.n; c++)
							CHECK(TRAWL_VEC_AT(&un->cells, trawl__cell, c).end <=
							      un->nt.text.len);
					}
				}
			} else {
				refused++;
			}
			trawl__docset_release(&b);
			bytes.data[i] = keep;
		}
	}
	printf("# wire: %zu changed bytes refused, %zu accepted (of %zu bytes)\n", refused,
	       accepted, bytes.len);
	CHECK(refused > accepted);
	trawl__docset_release(&a);
	trawl__buf_release(&bytes);
	free(r);
}

/* Hand-made lies: each is refused with a reason. */
TEST(wire_refuses_lies)
{
	trawl__docset a, b;
	trawl__buf bytes;
	trawl__win *r = malloc(sizeof *r);
	trawl__doc *d;
	trawl__unit *u;

	/* a cell past the end of its text */
	CHECK(sample(&a) == 0);
	d = TRAWL_VEC_AT(&a.docs, trawl__doc *, 0);
	u = TRAWL_VEC_AT(&d->units, trawl__unit *, 0);
	TRAWL_VEC_AT(&u->cells, trawl__cell, 0).end = (uint32_t)u->nt.text.len + 1;
	encode(&a, &bytes);
	CHECK_INT(decode(bytes.data, bytes.len, 1 << 20, &b, r), TRAWL__WIN_BAD);
	CHECK(strstr(r->why, "cell"));
	trawl__docset_release(&a);
	trawl__docset_release(&b);
	trawl__buf_release(&bytes);
	/* a fact in a unit that does not exist */
	CHECK(sample(&a) == 0);
	d = TRAWL_VEC_AT(&a.docs, trawl__doc *, 0);
	((trawl__dfact *)d->facts.items)[0].unit = 5;
	encode(&a, &bytes);
	CHECK_INT(decode(bytes.data, bytes.len, 1 << 20, &b, r), TRAWL__WIN_BAD);
	CHECK(strstr(r->why, "fact"));
	trawl__docset_release(&a);
	trawl__docset_release(&b);
	trawl__buf_release(&bytes);
	/* a fact string pointing past its pool */
	CHECK(sample(&a) == 0);
	d = TRAWL_VEC_AT(&a.docs, trawl__doc *, 0);
	((trawl__dfact *)d->facts.items)[0].str[0] = (uint32_t)d->fstrings.len + 2;
	encode(&a, &bytes);
	CHECK_INT(decode(bytes.data, bytes.len, 1 << 20, &b, r), TRAWL__WIN_BAD);
	trawl__docset_release(&a);
	trawl__docset_release(&b);
	trawl__buf_release(&bytes);
	/* text that is not UTF-8, and a format no reader has */
	CHECK(sample(&a) == 0);
	d = TRAWL_VEC_AT(&a.docs, trawl__doc *, 1);
	u = TRAWL_VEC_AT(&d->units, trawl__unit *, 0);
	u->nt.text.data[0] = (char)0xFF;
	encode(&a, &bytes);
	CHECK_INT(decode(bytes.data, bytes.len, 1 << 20, &b, r), TRAWL__WIN_BAD);
	CHECK(strstr(r->why, "UTF-8"));
	trawl__docset_release(&b);
	trawl__buf_release(&bytes);
	snprintf(a.format, sizeof a.format, "exe");
	encode(&a, &bytes);
	CHECK_INT(decode(bytes.data, bytes.len, 1 << 20, &b, r), TRAWL__WIN_BAD);
	trawl__docset_release(&a);
	trawl__docset_release(&b);
	trawl__buf_release(&bytes);
	free(r);
}

/* An archive's members travel with their names and bytes; a name that
 * leaves the archive, or bytes past the budget, are refused. */
TEST(wire_archive_members)
{
	static const char bin[] = { 'P', 'K', 3, 4, 0, (char)0xFF, 0, 1 };
	trawl__docset a, b;
	trawl__buf bytes;
	trawl__win *r = malloc(sizeof *r);
	const trawl__member *m;

	trawl__docset_init(&a, 0);
	snprintf(a.format, sizeof a.format, "zip");
	trawl__docset_member(&a, "附件/预算.pdf", bin, sizeof bin);
	trawl__docset_member(&a, "empty.txt", "", 0);
	CHECK(a.rc == TRAWL_OK && a.members.n == 2 && a.member_bytes == sizeof bin);
	encode(&a, &bytes);
	CHECK_INT(decode(bytes.data, bytes.len, 1 << 20, &b, r), TRAWL__WIN_OK);
	CHECK(!strcmp(b.format, "zip"));
	CHECK(b.members.n == 2);
	m = &TRAWL_VEC_AT(&b.members, trawl__member, 0);
	CHECK(!strcmp(m->name, "附件/预算.pdf") && m->len == sizeof bin &&
	      !memcmp(m->data, bin, sizeof bin));
	CHECK(TRAWL_VEC_AT(&b.members, trawl__member, 1).len == 0);
	trawl__docset_release(&b);
	/* past the budget: too big, not malformed */
	CHECK_INT(decode(bytes.data, bytes.len, bytes.len - 4, &b, r), TRAWL__WIN_BIG);
	trawl__docset_release(&b);
	trawl__buf_release(&bytes);
	trawl__docset_release(&a);
	/* names that leave the archive */
	{
		static const char *const bad[] = { "../x.txt", "a/../../x", "/etc/passwd", "a//b",
		                                   "a/./b", "a/", "", "a\\..\\b", "a\nb" };
		for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
			trawl__docset_init(&a, 0);
			snprintf(a.format, sizeof a.format, "zip");
			trawl__docset_member(&a, bad[i], "x", 1);
			encode(&a, &bytes);
			CHECK_INT(decode(bytes.data, bytes.len, 1 << 20, &b, r), TRAWL__WIN_BAD);
			CHECK(!trawl__member_name_ok(bad[i]));
			trawl__docset_release(&b);
			trawl__docset_release(&a);
			trawl__buf_release(&bytes);
		}
		CHECK(trawl__member_name_ok("a/b c/预算..pdf"));
		CHECK(trawl__member_name_ok(".hidden"));
	}
	free(r);
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(wire_roundtrip);
	RUN(wire_roundtrip_budget);
	RUN(wire_corruption_is_refused_or_harmless);
	RUN(wire_refuses_lies);
	RUN(wire_archive_members);
	return failures ? 1 : 0;
}
