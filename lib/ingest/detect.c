/* Format detection from content. The extension only breaks ties between
 * text formats (a two-line file with commas may or may not be CSV). */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include "ingest/reader.h"
#include "util/banned.h"

static const trawl__reader *const readers[] = {
	&trawl__reader_txt, &trawl__reader_html, &trawl__reader_pdf,
	&trawl__reader_docx, &trawl__reader_xlsx, &trawl__reader_xls,
	&trawl__reader_xlsxml, &trawl__reader_csv, &trawl__reader_ocds, &trawl__reader_image,
	&trawl__reader_ofd, &trawl__reader_pptx, &trawl__reader_archive,
};

const trawl__reader *trawl__reader_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof readers / sizeof readers[0]; i++)
		if (readers[i]->version == TRAWL__READER_VERSION &&
		    !strcmp(readers[i]->name, name))
			return readers[i];
	return NULL;
}

/* The formats a document may be stored as that no reader is named for
 * (the image reader names PNG, JPEG and TIFF; the OLE2 reader Word and
 * WPS files), and the formats of archives (stored originals that hold no
 * document: their members do). */
static const char *const closer[] = { "png", "jpeg", "tiff", "doc", "wps", "et" };
static const char *const containers[] = { "zip", "7z", "rar", "tar", "compressed" };

int trawl__format_known(const char *name)
{
	if (trawl__reader_find(name))
		return 1;
	for (size_t i = 0; i < sizeof closer / sizeof closer[0]; i++)
		if (!strcmp(closer[i], name))
			return 1;
	for (size_t i = 0; i < sizeof containers / sizeof containers[0]; i++)
		if (!strcmp(containers[i], name))
			return 1;
	return 0;
}

const char *trawl__reader_name(size_t i)
{
	/* the readers' own names, but for those never stored (image: always
	 * png, jpeg or tiff; archive: its members are the documents), then
	 * the closer names */
	for (size_t k = 0; k < sizeof readers / sizeof readers[0]; k++) {
		if (readers[k] == &trawl__reader_image || readers[k] == &trawl__reader_archive)
			continue;
		if (i-- == 0)
			return readers[k]->name;
	}
	return i < sizeof closer / sizeof closer[0] ? closer[i] : NULL;
}

static int utf16_pattern(const unsigned char *p, size_t n)
{
	size_t i, even = 0, odd = 0;

	if ((n >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))))
		return 1;
	for (i = 0; i + 1 < n; i += 2) {
		even += p[i] == 0;
		odd += p[i + 1] == 0;
	}
	return n >= 4 && ((odd * 4 > n / 2 && even * 20 < n / 2) ||
	                  (even * 4 > n / 2 && odd * 20 < n / 2));
}

trawl__kind trawl__detect_head(const char *head, size_t n, const char **what)
{
	const unsigned char *p = (const unsigned char *)head;
	size_t i, ctl = 0, lim = n < 1024 ? n : 1024;

	*what = NULL;
	/* (archives first: a member stored uncompressed may be a PDF, whose
	 * %PDF- would come within the first kilobyte: a zip's, a RAR's, a
	 * tar's) */
	if (n >= 4 && !memcmp(p, "PK\x03\x04", 4))
		return TRAWL__KIND_ZIP;
	/* archives (readers/archive.c): rar, 7z, tar, and what is compressed
	 * whole (gzip, bzip2, xz, zstd: a tar or a lone file) */
	if ((n >= 2 && p[0] == 0x1F && p[1] == 0x8B) ||
	    (n >= 4 && !memcmp(p, "BZh", 3) && p[3] >= '1' && p[3] <= '9') ||
	    (n >= 6 && !memcmp(p, "\xFD" "7zXZ\0", 6)) ||
	    (n >= 4 && !memcmp(p, "\x28\xB5\x2F\xFD", 4)) ||
	    (n >= 6 && (!memcmp(p, "Rar!\x1A\x07", 6) || !memcmp(p, "7z\xBC\xAF\x27\x1C", 6))) ||
	    (n >= 262 && !memcmp(p + 257, "ustar", 5)))
		return TRAWL__KIND_ARCHIVE;
	/* %PDF- may follow some junk bytes (allowed by readers in practice) */
	for (i = 0; i + 5 <= lim; i++)
		if (!memcmp(p + i, "%PDF-", 5))
			return TRAWL__KIND_PDF;
	if (n >= 4 && (!memcmp(p, "PK\x05\x06", 4) || !memcmp(p, "PK\x07\x08", 4)))
		return TRAWL__KIND_ZIP;
	if (n >= 8 && !memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
		return TRAWL__KIND_OLE;
	/* images are read by OCR (readers/image.c) */
	if ((n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8)) || (n >= 3 && !memcmp(p, "\xFF\xD8\xFF", 3)) ||
	    (n >= 4 && (!memcmp(p, "II*\0", 4) || !memcmp(p, "MM\0*", 4))))
		return TRAWL__KIND_IMAGE;
	if (n >= 4 && !memcmp(p, "\x7F" "ELF", 4)) { *what = "an executable"; return TRAWL__KIND_BINARY; }
	if (utf16_pattern(p, n))
		return TRAWL__KIND_TEXT;
	for (i = 0; i < n; i++) {
		if (p[i] == 0) {
			*what = "binary data (contains NUL bytes)";
			return TRAWL__KIND_BINARY;
		}
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' &&
		    p[i] != '\f' && p[i] != 0x1B)
			ctl++;
	}
	if (n && ctl * 20 > n) {
		*what = "binary data (control bytes)";
		return TRAWL__KIND_BINARY;
	}
	return TRAWL__KIND_TEXT;
}

static const char *skip_ws(const char *p, const char *e)
{
	while (p < e && (isspace((unsigned char)*p)))
		p++;
	return p;
}

static int has_ci(const char *p, size_t n, const char *needle)
{
	size_t m = strlen(needle), i;

	for (i = 0; i + m <= n; i++)
		if (!strncasecmp(p + i, needle, m))
			return 1;
	return 0;
}

static int ext_is(const char *path, const char *ext)
{
	const char *dot;

	if (!path)
		return 0;
	dot = strrchr(path, '.');
	return dot && !strchr(dot, '/') && !strcasecmp(dot + 1, ext);
}

/* Count of delimiter d outside quotes in one line. */
static int count_delims(const char *p, const char *e, char d)
{
	int n = 0, q = 0;

	for (; p < e; p++) {
		if (*p == '"')
			q = !q;
		else if (*p == d && !q)
			n++;
	}
	return n;
}

/* Whether p..e has, outside quotes, a number grouped by thousands
 * (1,000 元, 14,000,000) after a word (金额：1,000, USD 1,000): one to
 * three digits after a character that is no delimiter, a comma and three
 * digits, then neither a digit nor a comma. A CSV quotes such a number,
 * so a text that has one unquoted is no CSV of commas (a .txt of
 * 合同金额：1,000 lines was read as two columns, 1 and 000); 2024,201,…
 * (a year, a code) and 1,234 at a line's start stay CSV rows. */
static int grouping_comma(const char *p, const char *e)
{
	int q = 0;

	for (const char *c = p; c < e; c++) {
		const char *d, *g;
		if (*c == '"') {
			q = !q;
			continue;
		}
		if (q || *c < '0' || *c > '9' || (c > p && c[-1] >= '0' && c[-1] <= '9'))
			continue;
		/* c starts a run of digits: after a word, not a delimiter */
		if (c == p || c[-1] == ',' || c[-1] == '\t' || c[-1] == ';' || c[-1] == '|' ||
		    c[-1] == '"')
			continue;
		for (d = c; d < e && *d >= '0' && *d <= '9'; d++)
			;
		if (d - c > 3 || d >= e || *d != ',')
			continue;
		for (g = d; g < e && *g == ',' && e - g >= 4 && g[1] >= '0' && g[1] <= '9' &&
		            g[2] >= '0' && g[2] <= '9' && g[3] >= '0' && g[3] <= '9' &&
		            (e - g == 4 || g[4] < '0' || g[4] > '9');
		     g += 4)
			;
		if (g > d && (g == e || *g != ','))
			return 1;
	}
	return 0;
}

static int looks_csv(const char *text, size_t n, const char *path)
{
	static const char delims[] = { ',', '\t', ';', '|' };
	const char *e = text + (n < 16384 ? n : 16384);
	int hinted = ext_is(path, "csv") || ext_is(path, "tsv");
	size_t k;

	for (k = 0; k < sizeof delims; k++) {
		const char *p = text;
		int lines = 0, same = 0, first = -1, pre = 0;
		while (p < e && lines < 50) {
			const char *nl = memchr(p, '\n', (size_t)(e - p));
			const char *le = nl ? nl : e;
			if (le > p + 1 || (le > p && *p != '\r')) {
				int c = count_delims(p, le, delims[k]);
				/* (a .csv's title lines above its table: 某局2024年合同公示) */
				if (first < 0 && !c && hinted && pre < 5) {
					pre++;
					if (!nl)
						break;
					p = nl + 1;
					continue;
				}
				if (delims[k] == ',' && !hinted && c && grouping_comma(p, le)) {
					first = 0;
					break;
				}
				if (first < 0)
					first = c;
				lines++;
				same += c == first && c > 0;
			}
			if (!nl)
				break;
			p = nl + 1;
		}
		if (first <= 0)
			continue;
		/* (under title lines, a header and a row at least, all alike) */
		if (pre && (lines < 2 || same * 10 < lines * 9))
			continue;
		if (hinted && same * 10 >= lines * 6)
			return 1;
		if (lines >= 3 && same * 10 >= lines * 9)
			return 1;
	}
	return 0;
}

/* Skips spaces, a BOM and comments. */
static const char *skip_ws_comments(const char *p, const char *e)
{
	for (;;) {
		if (e - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
			p += 3;
			continue;
		}
		p = skip_ws(p, e);
		if (e - p >= 4 && !memcmp(p, "<!--", 4)) {
			const char *q = memmem(p + 4, (size_t)(e - p - 4), "-->", 3);
			p = q ? q + 3 : e;
			continue;
		}
		return p;
	}
}

/* Elements that only HTML has (a tag name followed by >, / or a space). */
static const char *const html_tags[] = {
	"html", "head", "body", "title", "meta", "link", "style", "script", "!doctype",
	"table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "col",
	"div", "p", "span", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
	"li", "dl", "dt", "dd", "a", "b", "i", "u", "em", "strong", "font", "center",
	"img", "form", "input", "section", "article", "header", "footer", "nav", "main",
	"pre", "blockquote", "small", "sup", "sub", "label", "o:p", NULL
};

/* The HTML tag at p ("<td ..." or "</td>"), by its index in html_tags,
 * or -1. */
static int html_tag(const char *p, const char *e)
{
	int i;

	if (p >= e || *p != '<')
		return -1;
	p++;
	if (p < e && *p == '/')
		p++;
	for (i = 0; html_tags[i]; i++) {
		size_t k = strlen(html_tags[i]);
		if ((size_t)(e - p) > k && !strncasecmp(p, html_tags[i], k) &&
		    (p[k] == '>' || p[k] == '/' || isspace((unsigned char)p[k])))
			return i;
	}
	return -1;
}

/* An XML Spreadsheet 2003: past the declarations (<?xml ?>,
 * <?mso-application progid="Excel.Sheet"?>) and comments, a Workbook
 * element (any prefix) of the spreadsheet namespace. Excel's HTML pages
 * name the office:excel namespace, not this one. */
static int spreadsheet_xml(const char *p, const char *e)
{
	size_t head = (size_t)(e - p) < 4096 ? (size_t)(e - p) : 4096;
	const char *q = p, *name;

	if (!memmem(p, head, "urn:schemas-microsoft-com:office:spreadsheet", 44))
		return 0;
	for (;;) {
		q = skip_ws_comments(q, e);
		if (e - q >= 2 && q[0] == '<' && q[1] == '?') {
			const char *c = memmem(q, (size_t)(e - q), "?>", 2);
			if (!c)
				return 0;
			q = c + 2;
			continue;
		}
		/* (a document type, which the reader refuses, saying why) */
		if (e - q >= 9 && !strncasecmp(q, "<!DOCTYPE", 9)) {
			const char *gt = memchr(q, '>', (size_t)(e - q)), *br = memchr(q, '[', (size_t)(e - q));
			if (br && gt && br < gt)
				gt = memmem(br, (size_t)(e - br), "]>", 2);
			if (!gt)
				return 0;
			q = gt + 1 + (*gt == ']');
			continue;
		}
		break;
	}
	if (q >= e || *q != '<')
		return 0;
	for (name = ++q; q < e && (isalnum((unsigned char)*q) || *q == '_' || *q == '-' ||
	                            *q == '.'); q++)
		;
	if (q < e && *q == ':')
		name = ++q;
	return e - name > 8 && !memcmp(name, "Workbook", 8) &&
	       (name[8] == ' ' || name[8] == '>' || name[8] == '\n' || name[8] == '\r' ||
	        name[8] == '\t');
}

const char *trawl__detect_text(const char *text, size_t n, const char *path)
{
	const char *e = text + n, *p = skip_ws_comments(text, e);
	size_t head = (size_t)(e - p) < 4096 ? (size_t)(e - p) : 4096;

	if (p < e && *p == '<' && spreadsheet_xml(p, e))
		return "xlsxml";
	if (p < e && *p == '<') {
		/* a page, or a fragment of one (a saved table starts with <tr>) */
		if (html_tag(p, e) >= 0 || has_ci(p, head, "<html") ||
		    has_ci(p, head, "<!doctype html") || has_ci(p, head, "<body") ||
		    has_ci(p, head, "<table"))
			return "html";
	}
	if (p < e && (*p == '{' || *p == '[')) {
		if (has_ci(p, head, "\"releases\"") || has_ci(p, head, "\"records\"") ||
		    has_ci(p, head, "\"ocid\""))
			return "ocds";
		if (n > head && (memmem(p, (size_t)(e - p), "\"ocid\"", 6)))
			return "ocds";
	}
	if (looks_csv(text, n, path))
		return "csv";
	if (p < e && *p != '{' && *p != '[') {
		/* text with HTML in it: four or more tags of at least two kinds
		 * (a plain text hardly quotes <td> and </td>); after CSV, as a
		 * CSV may hold markup in its cells */
		const char *q, *he = p + head;
		int count = 0, first = -1, kinds = 0;
		for (q = p; q < he && (q = memchr(q, '<', (size_t)(he - q))); q++) {
			int t = html_tag(q, e);
			if (t < 0)
				continue;
			count++;
			if (first < 0)
				first = t;
			else if (t != first)
				kinds = 2;
		}
		if (count >= 4 && kinds == 2)
			return "html";
	}
	return "txt";
}
