/* The table grid of lib/ingest/doc.c: merged cells placed as in the HTML
 * table model, absolute positions for spreadsheets, and the text layout
 * (one tab per grid column, a newline per row). */
#include <stdlib.h>
#include "test.h"
#include "ingest/doc.h"

int test_failed;

typedef struct fixture {
	trawl__docset s;
	trawl__doc *d;
	trawl__unit *u;
} fixture;

static void setup(fixture *f)
{
	trawl__docset_init(&f->s, 0);
	f->d = trawl__doc_new(&f->s, NULL);
	f->u = trawl__unit_new(&f->s, f->d, "section", 1, NULL);
}

static void cell(fixture *f, const char *t, uint32_t rs, uint32_t cs)
{
	trawl__unit_cell_span(&f->s, f->u, t, strlen(t), rs, cs);
}

static void at(fixture *f, uint32_t r, uint32_t c, const char *t, uint32_t rs, uint32_t cs)
{
	trawl__unit_cell_at(&f->s, f->u, r, c, t, strlen(t), rs, cs);
}

/* The cell whose text is t (text is unique in these tests). */
static const trawl__cell *find(fixture *f, const char *t)
{
	size_t i;
	for (i = 0; i < f->u->cells.n; i++) {
		const trawl__cell *c = &TRAWL_VEC_AT(&f->u->cells, trawl__cell, i);
		if (c->end - c->start == strlen(t) &&
		    !memcmp(f->u->nt.text.data + c->start, t, c->end - c->start))
			return c;
	}
	return NULL;
}

#define CHECK_CELL(f, t, r, c, rs, cs) do { const trawl__cell *x_ = find(f, t); \
	CHECK(x_ != NULL); CHECK_INT(x_->row, r); CHECK_INT(x_->col, c); \
	CHECK_INT(x_->rowspan, rs); CHECK_INT(x_->colspan, cs); } while (0)

TEST(grid_rowspan_pushes_cells_right)
{
	fixture f;
	setup(&f);
	trawl__unit_table_begin(&f.s, f.u);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "产出指标", 2, 1);
	cell(&f, "数量指标", 1, 1);
	cell(&f, "≥18个", 1, 1);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "质量指标", 1, 1);
	cell(&f, "≥95%", 1, 1);
	trawl__unit_table_end(&f.s, f.u);
	CHECK_INT(f.s.rc, TRAWL_OK);
	CHECK_STR(f.u->nt.text.data, "产出指标\t数量指标\t≥18个\n\t质量指标\t≥95%\n");
	CHECK_CELL(&f, "产出指标", 0, 0, 2, 1);
	CHECK_CELL(&f, "质量指标", 1, 1, 1, 1);
	CHECK_CELL(&f, "≥95%", 1, 2, 1, 1);
	CHECK_INT(f.u->cells.n, 5);
	trawl__docset_release(&f.s);
}

TEST(grid_two_level_header)
{
	fixture f;
	setup(&f);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "项目", 2, 1);
	cell(&f, "金额", 1, 2);
	cell(&f, "备注", 2, 1);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "2023", 1, 1);
	cell(&f, "2024", 1, 1);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "巡逻艇", 1, 1);
	cell(&f, "1.00", 1, 1);
	cell(&f, "2.00", 1, 1);
	cell(&f, "新增", 1, 1);
	trawl__unit_table_end(&f.s, f.u);
	CHECK_STR(f.u->nt.text.data,
	          "项目\t金额\t\t备注\n\t2023\t2024\n巡逻艇\t1.00\t2.00\t新增\n");
	CHECK_CELL(&f, "金额", 0, 1, 1, 2);
	CHECK_CELL(&f, "备注", 0, 3, 2, 1);
	CHECK_CELL(&f, "2023", 1, 1, 1, 1);
	CHECK_CELL(&f, "2024", 1, 2, 1, 1);
	CHECK_CELL(&f, "新增", 2, 3, 1, 1);
	trawl__docset_release(&f.s);
}

/* rowspan=0 runs to the end of its row group; a span never leaks into the
 * next group, and spans past the table's end are cut at its last row. */
TEST(grid_rowspan_zero_and_groups)
{
	fixture f;
	setup(&f);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "a", 0, 1);
	cell(&f, "b", 1, 1);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "c", 1, 1);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "d", 1, 1);
	trawl__unit_rowgroup_end(&f.s, f.u);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "e", 100000, 1); /* past the table's end, and past the limit */
	cell(&f, "f", 5, 1);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "g", 1, 1);
	trawl__unit_table_end(&f.s, f.u);
	CHECK_CELL(&f, "a", 0, 0, 3, 1);
	CHECK_CELL(&f, "c", 1, 1, 1, 1);
	CHECK_CELL(&f, "d", 2, 1, 1, 1);
	CHECK_CELL(&f, "e", 3, 0, 2, 1);
	CHECK_CELL(&f, "f", 3, 1, 2, 1);
	CHECK_CELL(&f, "g", 4, 2, 1, 1);
	CHECK_STR(f.u->nt.text.data, "a\tb\n\tc\n\td\ne\tf\n\t\tg\n");
	trawl__docset_release(&f.s);
}

/* A colspan that would run into a column covered from above stops short
 * of it: covered positions never hold two cells. */
TEST(grid_colspan_cut_at_covered_column)
{
	fixture f;
	setup(&f);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "a", 1, 1);
	cell(&f, "b", 2, 1);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "c", 1, 3);
	cell(&f, "d", 1, 0); /* colspan 0 is 1 */
	trawl__unit_table_end(&f.s, f.u);
	CHECK_CELL(&f, "c", 1, 0, 1, 1);
	CHECK_CELL(&f, "d", 1, 2, 1, 1);
	CHECK_STR(f.u->nt.text.data, "a\tb\nc\t\td\n");
	trawl__docset_release(&f.s);
}

/* Spreadsheet positions: gaps keep their column numbers, rows with no
 * cells are not written, merged areas are covered. */
TEST(grid_cell_at_positions)
{
	fixture f;
	setup(&f);
	at(&f, 0, 0, "标题", 1, 3);
	at(&f, 2, 0, "项目", 2, 1);
	at(&f, 2, 1, "金额", 1, 2);
	at(&f, 3, 1, "2023", 1, 1);
	at(&f, 3, 2, "2024", 1, 1);
	at(&f, 5, 2, "x", 1, 1);
	at(&f, 5, 9, "far", 1, 1);
	trawl__unit_table_end(&f.s, f.u);
	CHECK_STR(f.u->nt.text.data, "标题\n项目\t金额\n\t2023\t2024\n\t\tx\t\t\t\t\t\t\tfar\n");
	CHECK_CELL(&f, "标题", 0, 0, 1, 3);
	CHECK_CELL(&f, "项目", 2, 0, 2, 1);
	CHECK_CELL(&f, "2024", 3, 2, 1, 1);
	CHECK_CELL(&f, "x", 5, 2, 1, 1);
	CHECK_CELL(&f, "far", 5, 9, 1, 1);
	trawl__docset_release(&f.s);
}

/* A position already taken moves right; one in an earlier row stays in the
 * current row; a merge past the last row is cut there. */
TEST(grid_cell_at_taken_positions)
{
	fixture f;
	setup(&f);
	at(&f, 0, 0, "a", 3, 2);
	at(&f, 1, 0, "b", 1, 1);   /* covered by a: goes to column 2 */
	at(&f, 1, 2, "c", 1, 1);   /* taken by b: column 3 */
	at(&f, 0, 0, "d", 1, 1);   /* an earlier row: stays in row 1, column 4 */
	trawl__unit_table_end(&f.s, f.u);
	CHECK_CELL(&f, "a", 0, 0, 2, 2);
	CHECK_CELL(&f, "b", 1, 2, 1, 1);
	CHECK_CELL(&f, "c", 1, 3, 1, 1);
	CHECK_CELL(&f, "d", 1, 4, 1, 1);
	CHECK_STR(f.u->nt.text.data, "a\n\t\tb\tc\td\n");
	trawl__docset_release(&f.s);
}

TEST(grid_cell_more_and_cell_text)
{
	fixture f;
	setup(&f);
	trawl__unit_text(&f.s, f.u, "前言", 6);
	trawl__unit_row_begin(&f.s, f.u);
	trawl__unit_cell_more(&f.s, f.u, "年度\t绩效", 13); /* no cell yet: starts one */
	trawl__unit_cell_more(&f.s, f.u, "\n目标", 7);
	cell(&f, " 二 ", 1, 1);
	trawl__unit_table_end(&f.s, f.u);
	CHECK_STR(f.u->nt.text.data, "前言\n年度 绩效 目标\t二\n");
	CHECK_CELL(&f, "年度 绩效 目标", 0, 0, 1, 1);
	CHECK_CELL(&f, "二", 0, 1, 1, 1);
	CHECK_INT(f.u->ntables, 1);
	trawl__docset_release(&f.s);
}

/* A second table restarts rows and the covered columns. */
TEST(grid_tables_are_separate)
{
	fixture f;
	setup(&f);
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "a", 9, 1);
	trawl__unit_table_begin(&f.s, f.u); /* ends the first */
	trawl__unit_row_begin(&f.s, f.u);
	cell(&f, "b", 1, 1);
	trawl__unit_table_end(&f.s, f.u);
	CHECK_CELL(&f, "a", 0, 0, 1, 1);
	CHECK_CELL(&f, "b", 0, 0, 1, 1);
	CHECK_INT(TRAWL_VEC_AT(&f.u->cells, trawl__cell, 1).table, 1);
	trawl__docset_release(&f.s);
}

/* Past the last grid column the text stays, with a warning, as no cell. */
TEST(grid_too_wide)
{
	fixture f;
	setup(&f);
	at(&f, 0, TRAWL__GRID_MAX_COLS - 1, "last", 1, 5);
	at(&f, 0, TRAWL__GRID_MAX_COLS + 7, "over", 1, 1);
	trawl__unit_table_end(&f.s, f.u);
	CHECK_INT(f.s.rc, TRAWL_OK);
	CHECK_CELL(&f, "last", 0, TRAWL__GRID_MAX_COLS - 1, 1, 1);
	CHECK(find(&f, "over") == NULL);
	CHECK(strstr(f.u->nt.text.data, "last\tover\n") != NULL);
	CHECK(strstr(f.s.warnings.data, "wider than") != NULL);
	trawl__docset_release(&f.s);
}

int main(void)
{
	int failures = 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	RUN(grid_rowspan_pushes_cells_right);
	RUN(grid_two_level_header);
	RUN(grid_rowspan_zero_and_groups);
	RUN(grid_colspan_cut_at_covered_column);
	RUN(grid_cell_at_positions);
	RUN(grid_cell_at_taken_positions);
	RUN(grid_cell_more_and_cell_text);
	RUN(grid_tables_are_separate);
	RUN(grid_too_wide);
	return failures ? 1 : 0;
}
