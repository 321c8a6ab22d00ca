/* PDF with MuPDF: text per page, line by line, each line with its box on
 * the page (kept as spans for table reconstruction and citations). MuPDF's
 * own messages are captured, never printed; memory use is capped. */
#include <stdlib.h>
#include <string.h>
#include <mupdf/fitz.h>
#include "ingest/reader.h"
#include "util/diag.h"
#include "util/banned.h"

#define PDF_MEM_CAP ((size_t)768 << 20)
#define MAX_PAGES 100000

typedef struct memcap { size_t used, cap; } memcap;

/* Every block carries its size in front so free can count it back. */
static void *cap_malloc(void *u, size_t n)
{
	memcap *m = u;
	size_t *p;

	if (n > m->cap - m->used || n > SIZE_MAX - 16)
		return NULL;
	p = malloc(n + 16);
	if (!p)
		return NULL;
	p[0] = n;
	m->used += n;
	return (char *)p + 16;
}

static void cap_free(void *u, void *ptr)
{
	memcap *m = u;
	size_t *p;

	if (!ptr)
		return;
	p = (size_t *)((char *)ptr - 16);
	m->used -= p[0];
	free(p);
}

static void *cap_realloc(void *u, void *ptr, size_t n)
{
	memcap *m = u;
	size_t *p, old;

	if (!ptr)
		return cap_malloc(u, n);
	if (n == 0) {
		cap_free(u, ptr);
		return NULL;
	}
	p = (size_t *)((char *)ptr - 16);
	old = p[0];
	if (n > old && n - old > m->cap - m->used)
		return NULL;
	p = realloc(p, n + 16);
	if (!p)
		return NULL;
	m->used = m->used - old + n;
	p[0] = n;
	return (char *)p + 16;
}

typedef struct msgs { int warnings; char first[200]; } msgs;

static void on_warning(void *u, const char *msg)
{
	msgs *w = u;
	if (!w->warnings++)
		snprintf(w->first, sizeof w->first, "%s", msg);
}

static void on_error(void *u, const char *msg)
{
	(void)u;
	(void)msg;
}

static void add_line(trawl__docset *s, trawl__unit *u, fz_context *ctx,
                     fz_stext_line *line, trawl__buf *lb)
{
	fz_stext_char *ch;
	uint32_t start;
	char utf[8];

	trawl__buf_reset(lb);
	for (ch = line->first_char; ch; ch = ch->next) {
		int n = fz_runetochar(utf, ch->c);
		trawl__buf_add(lb, utf, (size_t)n);
	}
	if (!lb->len)
		return;
	start = (uint32_t)u->nt.text.len;
	trawl__unit_text(s, u, lb->data, lb->len);
	trawl__unit_span(s, u, start, (uint32_t)u->nt.text.len, line->bbox.x0,
	                 line->bbox.y0, line->bbox.x1, line->bbox.y1);
	trawl__unit_text(s, u, "\n", 1);
}

/* Returns non-zero when MuPDF could not read page i. */
static int read_page(fz_context *ctx, fz_document *doc, int i, trawl__docset *s,
                     trawl__unit *u, trawl__buf *lb)
{
	fz_page *page = NULL;
	fz_stext_page *tp = NULL;
	int failed = 0;

	fz_var(page);
	fz_var(tp);
	fz_var(failed);
	fz_try(ctx) {
		fz_stext_options opts = { 0 };
		fz_stext_block *b;
		fz_stext_line *line;
		page = fz_load_page(ctx, doc, i);
		tp = fz_new_stext_page_from_page(ctx, page, &opts);
		for (b = tp->first_block; b && !s->rc; b = b->next) {
			if (b->type != FZ_STEXT_BLOCK_TEXT)
				continue;
			for (line = b->u.t.first_line; line && !s->rc; line = line->next)
				add_line(s, u, ctx, line, lb);
			trawl__unit_newline(s, u);
		}
	}
	fz_always(ctx) {
		fz_drop_stext_page(ctx, tp);
		fz_drop_page(ctx, page);
	}
	fz_catch(ctx) {
		failed = 1;
	}
	return failed;
}

static trawl_err read_pdf(const trawl__input *in, trawl__docset *s, trawl_diag *dg)
{
	memcap mc = { 0, PDF_MEM_CAP };
	fz_alloc_context alloc = { &mc, cap_malloc, cap_realloc, cap_free };
	msgs w = { 0, "" };
	fz_context *ctx;
	fz_stream *stm = NULL;
	fz_document *doc = NULL;
	trawl__doc *d = NULL;
	trawl__buf lb;
	trawl_err rc = TRAWL_OK;
	int npages = 0, bad_pages = 0, empty_pages = 0;

	ctx = fz_new_context(&alloc, NULL, 32 << 20);
	if (!ctx)
		return TRAWL_ENOMEM;
	fz_set_warning_callback(ctx, on_warning, &w);
	fz_set_error_callback(ctx, on_error, NULL);
	trawl__buf_init(&lb, 1 << 20);
	fz_var(stm);
	fz_var(doc);
	fz_var(rc);
	fz_var(npages);
	fz_var(bad_pages);
	fz_var(empty_pages);
	fz_try(ctx) {
		fz_register_document_handlers(ctx);
		stm = fz_open_memory(ctx, (const unsigned char *)in->data, in->len);
		doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
		if (fz_needs_password(ctx, doc) && !fz_authenticate_password(ctx, doc, ""))
			rc = TRAWL_EENCRYPTED;
		else
			npages = fz_count_pages(ctx, doc);
	}
	fz_catch(ctx) {
		trawl__diag_set(dg, in->path, "PDF can't be opened: %s", fz_caught_message(ctx));
		rc = TRAWL_EFORMAT;
		goto out;
	}
	if (rc == TRAWL_EENCRYPTED) {
		trawl__diag_set(dg, in->path, "PDF is encrypted and needs a password");
		goto out;
	}
	if (npages <= 0) {
		if (w.warnings)
			trawl__diag_set(dg, in->path, "PDF has no readable pages (%s)", w.first);
		else
			trawl__diag_set(dg, in->path, "PDF has no readable pages");
		rc = TRAWL_EFORMAT;
		goto out;
	}
	if (npages > MAX_PAGES) {
		trawl__docset_warn(s, "PDF has %d pages; only the first %d read", npages, MAX_PAGES);
		npages = MAX_PAGES;
	}
	d = trawl__doc_new(s, NULL);
	{
		char title[512] = "";
		fz_try(ctx)
			fz_lookup_metadata(ctx, doc, FZ_META_INFO_TITLE, title, sizeof title);
		fz_catch(ctx)
			title[0] = '\0';
		if (title[0])
			trawl__doc_title(s, d, title, strlen(title));
	}
	for (int i = 0; i < npages && !s->rc; i++) {
		trawl__unit *u = trawl__unit_new(s, d, "page", i + 1, NULL);
		size_t before = u ? u->nt.text.len : 0;
		if (read_page(ctx, doc, i, s, u, &lb))
			bad_pages++;
		if (u && u->nt.text.len == before)
			empty_pages++;
	}
	/* no title in the metadata: the first line of text */
	if (d && !d->title && d->units.n) {
		for (size_t k = 0; k < d->units.n && !d->title; k++) {
			trawl__unit *u = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
			const char *t = u->nt.text.data, *nl;
			if (!u->nt.text.len)
				continue;
			nl = memchr(t, '\n', u->nt.text.len);
			if (nl && nl > t && nl - t < 300)
				trawl__doc_title(s, d, t, (size_t)(nl - t));
		}
	}
	if (bad_pages)
		trawl__docset_warn(s, "%d of %d pages could not be read", bad_pages, npages);
	if (w.warnings && (strstr(w.first, "repair") || strstr(w.first, "broken") ||
	                   strstr(w.first, "xref") || strstr(w.first, "trailer")))
		trawl__docset_warn(s, "PDF is damaged (%s); MuPDF repaired it, text may be incomplete",
		                   w.first);
	if (empty_pages == npages && !bad_pages)
		trawl__docset_warn(s, "PDF has no text layer (scanned?); its pages are kept "
		                   "but have no text");
	rc = s->rc;
out:
	trawl__buf_release(&lb);
	fz_drop_document(ctx, doc);
	fz_drop_stream(ctx, stm);
	fz_drop_context(ctx);
	return rc;
}

const trawl__reader trawl__reader_pdf = {
	TRAWL__READER_VERSION, "pdf", 0, read_pdf,
};
