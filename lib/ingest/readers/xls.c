/* XLS (BIFF, Excel 97-2003) with FreeXL. FreeXL reads from a path, so the
 * bytes are written to a private temporary file first. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <freexl.h>
#include "ingest/reader.h"
#include "util/diag.h"
#include "util/banned.h"

/* Cells visited per workbook at most: a hostile file may claim a huge grid. */
#define MAX_CELLS (64UL << 20)

static trawl_err write_tmp(const trawl__input *in, char *path, size_t n, trawl_diag *dg)
{
	int fd;
	size_t off = 0;

	snprintf(path, n, "%s/xls-XXXXXX", in->tmp_dir ? in->tmp_dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return trawl__diag_errno(dg, in->path, errno, "can't create a temporary file");
	while (off < in->len) {
		ssize_t w = write(fd, in->data + off, in->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int e = errno;
			close(fd);
			unlink(path);
			return trawl__diag_errno(dg, in->path, e, "can't write a temporary file");
		}
		off += (size_t)w;
	}
	close(fd);
	return TRAWL_OK;
}

static void cell_text(const FreeXL_CellValue *v, char *num, size_t n, const char **t)
{
	*t = "";
	switch (v->type) {
	case FREEXL_CELL_INT:
		snprintf(num, n, "%d", v->value.int_value);
		*t = num;
		break;
	case FREEXL_CELL_DOUBLE:
		/* shortest form that reads back the same */
		for (int prec = 1; prec <= 17; prec++) {
			snprintf(num, n, "%.*g", prec, v->value.double_value);
			if (strtod(num, NULL) == v->value.double_value)
				break;
		}
		*t = num;
		break;
	case FREEXL_CELL_TEXT: case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE: case FREEXL_CELL_DATETIME: case FREEXL_CELL_TIME:
		*t = v->value.text_value ? v->value.text_value : "";
		break;
	default:
		break;
	}
}

static trawl_err read_xls(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	char tmp[4096], num[64];
	const void *h = NULL;
	unsigned int nsheets = 0, pw = 0;
	unsigned long visited = 0;
	trawl__doc *d;
	trawl_err rc;
	int ret;

	rc = write_tmp(in, tmp, sizeof tmp, dg);
	if (rc)
		return rc;
	ret = freexl_open(tmp, &h);
	if (ret != FREEXL_OK) {
		trawl__diag_set(dg, in->path, "not a readable Excel 97-2003 workbook (FreeXL "
		                "error %d; a .doc or .ppt, or a damaged file?)", ret);
		rc = ret == FREEXL_INSUFFICIENT_MEMORY ? TRAWL_ENOMEM : TRAWL_EFORMAT;
		goto out;
	}
	if (freexl_get_info(h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw == FREEXL_BIFF_OBFUSCATED) {
		trawl__diag_set(dg, in->path, "workbook is password-protected");
		rc = TRAWL_EENCRYPTED;
		goto out;
	}
	freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &nsheets);
	d = trawl__doc_new(s, NULL);
	for (unsigned short i = 0; i < nsheets && !s->rc && i < 4096; i++) {
		const char *name = NULL;
		unsigned int rows = 0;
		unsigned short cols = 0;
		trawl__unit *u;
		if (freexl_get_worksheet_name(h, i, &name) != FREEXL_OK)
			name = NULL;
		if (freexl_select_active_worksheet(h, i) != FREEXL_OK ||
		    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
			trawl__docset_warn(s, "sheet %u can't be read", i + 1);
			continue;
		}
		u = trawl__unit_new(s, d, "sheet", i + 1, name);
		if (i == 0 && name)
			trawl__doc_title(s, d, name, strlen(name));
		trawl__unit_table_begin(s, u);
		for (unsigned int r = 0; r < rows && !s->rc; r++) {
			unsigned short last = 0;
			int any = 0;
			/* trailing empty cells are not kept */
			for (unsigned short c = 0; c < cols; c++) {
				FreeXL_CellValue v;
				if (++visited > MAX_CELLS)
					break;
				if (freexl_get_cell_value(h, r, c, &v) == FREEXL_OK &&
				    v.type != FREEXL_CELL_NULL) {
					last = c;
					any = 1;
				}
			}
			if (visited > MAX_CELLS) {
				trawl__docset_warn(s, "workbook has over %lu cells; the rest skipped",
				                   MAX_CELLS);
				break;
			}
			if (!any)
				continue;
			trawl__unit_row_begin(s, u);
			for (unsigned short c = 0; c <= last; c++) {
				FreeXL_CellValue v;
				const char *t = "";
				if (freexl_get_cell_value(h, r, c, &v) == FREEXL_OK)
					cell_text(&v, num, sizeof num, &t);
				trawl__unit_cell(s, u, t, strlen(t));
			}
			trawl__unit_row_end(s, u);
		}
		trawl__unit_table_end(s, u);
	}
	rc = s->rc;
out:
	if (h)
		freexl_close(h);
	unlink(tmp);
	return rc;
}

const trawl__reader trawl__reader_xls = {
	TRAWL__READER_VERSION, "xls", 0, read_xls,
};
