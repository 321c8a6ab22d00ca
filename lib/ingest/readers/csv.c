/* CSV and TSV (RFC 4180 quoting), one sheet of rows of cells. The
 * delimiter is the one that splits the first lines most consistently,
 * after the title lines above the table (lines of no delimiter, up to 5:
 * they are rows of one cell). */
#include <string.h>
#include "ingest/reader.h"
#include "util/banned.h"

static char pick_delim(const char *t, size_t n)
{
	static const char cands[] = { ',', '\t', ';', '|' };
	const char *e = t + (n < 16384 ? n : 16384);
	int best = -1, best_score = -1;
	size_t k;

	for (k = 0; k < sizeof cands; k++) {
		const char *p = t;
		int lines = 0, first = -1, same = 0, q = 0, c = 0, pre = 0;
		for (; p < e && lines < 50; p++) {
			if (*p == '"') q = !q;
			else if (*p == cands[k] && !q) c++;
			else if (*p == '\n' && !q) {
				if (first < 0 && !c) {
					/* (a title line, up to 5; a blank one is none) */
					int blank = p == t || p[-1] == '\n' || (p[-1] == '\r' && (p - 1 == t ||
					                                                            p[-2] == '\n'));
					if (blank || pre++ < 5)
						continue;
				}
				if (first < 0) first = c;
				same += c == first && c > 0;
				lines++;
				c = 0;
			}
		}
		if (first > 0 && same > best_score) {
			best_score = same;
			best = (int)k;
		}
	}
	return best < 0 ? ',' : cands[best];
}

static trawl_err read_csv(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	trawl__doc *d = trawl__doc_new(s, NULL);
	trawl__unit *u = trawl__unit_new(s, d, "sheet", 1, NULL);
	const char *p = in->text, *e = in->text + in->text_len;
	char delim = pick_delim(in->text, in->text_len);
	trawl__buf cell;
	int quoted_open = 0;

	trawl__buf_init(&cell, s->max_text);
	trawl__unit_table_begin(s, u);
	while (p < e && !s->rc) {
		/* one record */
		trawl__unit_row_begin(s, u);
		for (;;) {
			trawl__buf_reset(&cell);
			if (p < e && *p == '"') {
				p++;
				quoted_open = 1;
				while (p < e) {
					if (*p == '"') {
						if (p + 1 < e && p[1] == '"') {
							trawl__buf_addc(&cell, '"');
							p += 2;
							continue;
						}
						p++;
						quoted_open = 0;
						break;
					}
					if (trawl__buf_addc(&cell, *p++)) {
						s->rc = trawl__buf_err(&cell);
						break;
					}
				}
				/* text after the closing quote belongs to the cell */
				while (p < e && *p != delim && *p != '\n' && *p != '\r')
					trawl__buf_addc(&cell, *p++);
			} else {
				const char *q = p;
				while (q < e && *q != delim && *q != '\n' && *q != '\r')
					q++;
				trawl__buf_add(&cell, p, (size_t)(q - p));
				p = q;
			}
			trawl__unit_cell(s, u, cell.data, cell.len);
			if (p < e && *p == delim) {
				p++;
				continue;
			}
			break;
		}
		if (p < e && *p == '\r') p++;
		if (p < e && *p == '\n') p++;
		trawl__unit_row_end(s, u);
	}
	trawl__unit_table_end(s, u);
	/* (its title line, where it has one) */
	trawl__doc_title_sheet(s, d, NULL);
	trawl__docset_check(s, &cell);
	trawl__buf_release(&cell);
	if (quoted_open && !s->rc)
		trawl__docset_warn(s, "unterminated quoted field at the end of the file");
	return s->rc;
}

const trawl__reader trawl__reader_csv = {
	TRAWL__READER_VERSION, "csv", 1, read_csv,
};
