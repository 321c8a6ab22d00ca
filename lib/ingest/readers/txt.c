/* Plain text. A form feed starts a new page, as pdftotext writes them. */
#include <string.h>
#include "facts/docmeta.h"
#include "ingest/reader.h"
#include "util/banned.h"

/* Blanks at the start of p[0..len): the text is a view of the file's own
 * bytes (trawl__decode_view), with no NUL after it, so strspn won't do. */
static size_t blanks(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\f'))
		i++;
	return i;
}

static void title_from_first_line(trawl__docset *s, trawl__doc *d,
                                  const char *t, size_t n)
{
	const char *p = t, *e = t + n;

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *ff = memchr(p, '\f', (size_t)((nl ? nl : e) - p));
		const char *le = ff ? ff : nl ? nl : e;
		size_t len = (size_t)(le - p);
		if (len > 0 && blanks(p, len) < len) {
			if (len > 300)
				len = 300;
			/* don't cut a UTF-8 sequence */
			while (len > 0 && len < (size_t)(le - p) &&
			       ((unsigned char)p[len] & 0xC0) == 0x80)
				len--;
			/* an invoice's heading and number, unless its first line
			 * says what the document is (pdftable.c does the same) */
			{
				char h[160], line[301];
				size_t hn = trawl__invoice_title(t, n, h, sizeof h);
				memcpy(line, p, len);
				line[len] = '\0';
				if (hn && !strcmp(trawl__doc_kind(line, NULL, 0), "other") &&
				    !trawl__invoice_about(line)) {
					trawl__doc_title(s, d, h, hn);
					return;
				}
			}
			trawl__doc_title(s, d, p, len);
			return;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
}

static trawl_err read_txt(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	trawl__doc *d = trawl__doc_new(s, NULL);
	const char *p = in->text, *e = in->text + in->text_len;
	int page = 1;
	const char *ff = memchr(p, '\f', in->text_len);

	title_from_first_line(s, d, in->text, in->text_len);
	if (!ff) {
		trawl__unit *u = trawl__unit_new(s, d, "section", 1, NULL);
		trawl__unit_text(s, u, p, in->text_len);
		return s->rc;
	}
	while (p <= e && !s->rc) {
		const char *q = memchr(p, '\f', (size_t)(e - p));
		const char *pe = q ? q : e;
		trawl__unit *u = trawl__unit_new(s, d, "page", page++, NULL);
		trawl__unit_text(s, u, p, (size_t)(pe - p));
		if (!q)
			break;
		p = q + 1;
		if (p == e)
			break;
	}
	return s->rc;
}

const trawl__reader trawl__reader_txt = {
	TRAWL__READER_VERSION, "txt", 1, read_txt,
};
