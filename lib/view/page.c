/* A PDF page for the browser: drawn from the stored original by MuPDF as
 * a PNG, and the boxes on it of byte ranges of the page's text (search
 * matches, facts), from the line positions kept at ingest.
 *
 * The original is hostile: MuPDF runs in the sandboxed worker processes
 * of lib/ingest/sandbox.c (seccomp, Landlock, rlimits, a wall-clock
 * limit), as the readers of `add` do, with the capped context of
 * trawl__fz; a crash or a hang costs one request. The request and its
 * answer travel in the wire form of wire.h; without a viewer the same job
 * runs in this process. Each worker keeps the last document it opened,
 * so that the next page of it is drawn without parsing it again. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mupdf/fitz.h>
#include "ingest/fitz.h"
#include "ingest/sandbox.h"
#include "ingest/wire.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/fault.h"
#include "util/banned.h"

#define VIEW_MEM_CAP ((size_t)512 << 20)
#define VIEW_MAX_PIXELS (40u << 20)   /* a larger page is drawn smaller */
#define VIEW_MAX_PNG ((size_t)256 << 20)
#define VIEW_TIMEOUT_S 20
#define VIEW_MEMORY ((uint64_t)1 << 30)

enum { OP_DRAW = 1, OP_MEASURE = 2 };

struct trawl_viewer {
	trawl__sandbox *sb;
	char tmp[4096];
	unsigned timeout_s;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int nslots, nfree;
	int *free_ix;
};

/* ---- the job, in a worker (or in this process) ---- */

/* A worker's MuPDF and the document it has open. */
typedef struct view_state {
	trawl__fz f;
	fz_document *doc;
	char path[4096];
	int npages;
} view_state;

static void view_end(void *u)
{
	view_state *v = u;

	if (!v)
		return;
	if (v->f.ctx && v->doc)
		fz_drop_document(v->f.ctx, v->doc);
	trawl__fz_close(&v->f);
	free(v);
}

/* v->doc is the PDF at path, opened and counted. */
static trawl_err view_doc(view_state *v, const char *path, trawl_diag *d)
{
	fz_context *ctx = v->f.ctx;
	trawl_err rc = TRAWL_OK;

	if (v->doc && !strcmp(v->path, path))
		return TRAWL_OK;
	if (v->doc)
		fz_drop_document(ctx, v->doc);
	v->doc = NULL;
	v->path[0] = '\0';
	fz_var(rc);
	fz_try(ctx) {
		v->doc = fz_open_document(ctx, path);
		if (fz_needs_password(ctx, v->doc) && !fz_authenticate_password(ctx, v->doc, ""))
			rc = TRAWL_EENCRYPTED;
		else
			v->npages = fz_count_pages(ctx, v->doc);
	}
	fz_catch(ctx) {
		trawl__diag_set(d, NULL, "MuPDF can't open the document: %s", fz_caught_message(ctx));
		rc = TRAWL_EFORMAT;
	}
	if (rc == TRAWL_EENCRYPTED)
		trawl__diag_set(d, NULL, "the document needs a password");
	if (rc && v->doc) {
		fz_drop_document(ctx, v->doc);
		v->doc = NULL;
	}
	if (!rc)
		snprintf(v->path, sizeof v->path, "%s", path);
	return rc;
}

#ifdef TRAWL_FAULT_INJECTION
/* Test-only renderers (tests/fault/render-*.sh), for documents whose path
 * holds the fault's argument: they stand for a MuPDF that crashes or
 * hangs on a hostile PDF. */
static void fault_render(const char *name)
{
	char arg[256];

	if (trawl__fault("render-crash", arg, sizeof arg) && arg[0] && strstr(name, arg))
		abort();
	if (trawl__fault("render-hang", arg, sizeof arg) && arg[0] && strstr(name, arg)) {
		volatile unsigned long spin = 0;
		for (;;)
			spin++;
	}
}
#endif

/* The job: u32 op, page, dpi; the original's path; the document's own
 * name (for messages). Its result: the page's bounds (4 floats), then for
 * OP_DRAW the PNG's bytes. */
static trawl_err view_job(void **state, const char *req, size_t len, trawl__buf *out,
                          trawl_diag *d)
{
	trawl__win *r = malloc(sizeof *r);
	trawl__wout w;
	view_state *v = *state;
	uint32_t op, pageno, dpi;
	char *path = NULL, *name = NULL;
	fz_context *ctx;
	fz_page *page = NULL;
	fz_pixmap *pix = NULL;
	fz_buffer *png = NULL;
	fz_rect bounds = { 0, 0, 0, 0 };
	trawl_err rc = TRAWL_OK;

	if (!r)
		return TRAWL_ENOMEM;
	trawl__win_init(r, -1, req, len, 0, len);
	op = trawl__win_u32(r);
	pageno = trawl__win_u32(r);
	dpi = trawl__win_u32(r);
	path = trawl__win_str(r, 4095, 0, NULL);
	name = trawl__win_str(r, 4095, 0, NULL);
	if (r->err || !path || (op != OP_DRAW && op != OP_MEASURE) || dpi < 36 || dpi > 300) {
		trawl__diag_set(d, NULL, "a malformed page request");
		rc = r->err == TRAWL__WIN_NOMEM ? TRAWL_ENOMEM : TRAWL_EINTERNAL;
		goto out;
	}
#ifdef TRAWL_FAULT_INJECTION
	fault_render(name ? name : "");
#endif
	if (!v) {
		v = calloc(1, sizeof *v);
		if (!v || trawl__fz_open(&v->f)) {
			free(v);
			trawl__diag_set(d, NULL, "out of memory");
			rc = TRAWL_ENOMEM;
			goto out;
		}
		v->f.cap = VIEW_MEM_CAP;
		*state = v;
	}
	ctx = v->f.ctx;
	if ((rc = view_doc(v, path, d)))
		goto out;
	if (pageno < 1 || (int)pageno > v->npages) {
		trawl__diag_set(d, NULL, "no page %u (the document has %d)", pageno, v->npages);
		rc = TRAWL_ENOTFOUND;
		goto out;
	}
	fz_var(page);
	fz_var(pix);
	fz_var(png);
	fz_var(rc);
	fz_try(ctx) {
		page = fz_load_page(ctx, v->doc, (int)pageno - 1);
		bounds = fz_bound_page(ctx, page);
		if (op == OP_DRAW) {
			float z = (float)dpi / 72.0f;
			double pw = (bounds.x1 - bounds.x0) * z, ph = (bounds.y1 - bounds.y0) * z;
			if (pw * ph > VIEW_MAX_PIXELS)
				z *= (float)sqrt(VIEW_MAX_PIXELS / (pw * ph));
			pix = fz_new_pixmap_from_page(ctx, page, fz_scale(z, z), fz_device_rgb(ctx), 0);
			png = fz_new_buffer_from_pixmap_as_png(ctx, pix, fz_default_color_params);
		}
	}
	fz_always(ctx) {
		fz_drop_pixmap(ctx, pix);
		fz_drop_page(ctx, page);
	}
	fz_catch(ctx) {
		trawl__diag_set(d, NULL, "MuPDF can't draw page %u: %s", pageno, fz_caught_message(ctx));
		rc = v->f.failed ? TRAWL_ENOMEM : TRAWL_EFORMAT;
		v->f.failed = 0;
	}
	if (!rc) {
		trawl__wout_init(&w, -1, out, 0);
		trawl__wout_put(&w, &bounds, sizeof bounds);
		if (png) {
			unsigned char *data;
			size_t n = fz_buffer_storage(ctx, png, &data);
			trawl__wout_bytes(&w, data, n);
		}
		if ((rc = trawl__wout_flush(&w)))
			trawl__diag_set(d, NULL, "out of memory");
	}
	if (png)
		fz_drop_buffer(ctx, png);
out:
	free(path);
	free(name);
	free(r);
	return rc;
}

/* ---- the viewer ---- */

trawl_err trawl_viewer_start(const trawl_viewer_opts *o, trawl_viewer **out, trawl_diag *d)
{
	trawl_viewer *v;
	trawl__sandbox_opts so;
	const char *tmp = getenv("TMPDIR");
	trawl_err rc;
	int n = o && o->workers > 0 ? o->workers : 2;

	*out = NULL;
	v = calloc(1, sizeof *v);
	if (!v || !(v->free_ix = calloc((size_t)n, sizeof *v->free_ix))) {
		free(v);
		trawl__diag_set(d, NULL, "out of memory");
		return TRAWL_ENOMEM;
	}
	/* the workers' folders (they write nothing, but each gets one) */
	snprintf(v->tmp, sizeof v->tmp, "%s/trawl-view-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(v->tmp)) {
		trawl__diag_errno(d, NULL, errno, "can't make a folder for the page renderers");
		free(v->free_ix);
		free(v);
		return TRAWL_EIO;
	}
	memset(&so, 0, sizeof so);
	so.tmp_dir = v->tmp;
	so.nslots = n;
	v->timeout_s = o && o->timeout_s ? o->timeout_s : VIEW_TIMEOUT_S;
	so.timeout_s = v->timeout_s;
	so.memory = o && o->memory ? o->memory : VIEW_MEMORY;
	so.name = "page renderer";
	so.job = view_job;
	so.job_end = view_end;
	if ((rc = trawl__sandbox_start(&so, &v->sb, d))) {
		rmdir(v->tmp);
		free(v->free_ix);
		free(v);
		return rc;
	}
	pthread_mutex_init(&v->lock, NULL);
	pthread_cond_init(&v->cond, NULL);
	v->nslots = n;
	for (int i = 0; i < n; i++)
		v->free_ix[v->nfree++] = i;
	*out = v;
	return TRAWL_OK;
}

int trawl_viewer_warning(trawl_viewer *v, char *out, size_t outsz)
{
	return v ? trawl__sandbox_warning(v->sb, out, outsz) : 0;
}

void trawl_viewer_stop(trawl_viewer *v)
{
	if (!v)
		return;
	trawl__sandbox_stop(v->sb);
	rmdir(v->tmp);
	pthread_mutex_destroy(&v->lock);
	pthread_cond_destroy(&v->cond);
	free(v->free_ix);
	free(v);
}

/* Runs the job in a free worker (waiting for one), or here without a
 * viewer; its result into out. */
static trawl_err view_call(trawl_viewer *vw, const trawl__buf *req, trawl__buf *out,
                           trawl_diag *d)
{
	trawl_diag local;
	trawl_err rc;
	int k;

	if (!d) {
		/* (the sandbox says what happened in it) */
		memset(&local, 0, sizeof local);
		d = &local;
	}
	if (!vw) {
		void *state = NULL;
		trawl__buf_reset(out);
		rc = view_job(&state, req->data, req->len, out, d);
		view_end(state);
		return rc;
	}
	pthread_mutex_lock(&vw->lock);
	while (!vw->nfree)
		pthread_cond_wait(&vw->cond, &vw->lock);
	k = vw->free_ix[--vw->nfree];
	pthread_mutex_unlock(&vw->lock);
	rc = trawl__sandbox_call(vw->sb, k, vw->timeout_s, req->data, req->len, out, d);
	pthread_mutex_lock(&vw->lock);
	vw->free_ix[vw->nfree++] = k;
	pthread_cond_signal(&vw->cond);
	pthread_mutex_unlock(&vw->lock);
	return rc;
}

/* Page `page` of PDF document id: its bounds (points), and with op
 * OP_DRAW its PNG at dpi into *png (malloc'd). */
static trawl_err page_job(trawl_store *s, trawl_viewer *vw, const char *id, int op, int page,
                          int dpi, fz_rect *bounds, unsigned char **png, size_t *len,
                          trawl_diag *d)
{
	char path[4096], name[4096];
	trawl_doc_info info;
	trawl__buf req, out;
	trawl__wout w;
	trawl__win *r = NULL;
	trawl_err rc;

	if ((rc = s->ops->doc_get(s->be, id, &info, d)))
		return rc;
	if (!info.format || strcmp(info.format, "pdf"))
		return TRAWL_EUNSUPPORTED;
	snprintf(name, sizeof name, "%s", info.path ? info.path : id);
	if ((rc = trawl_doc_original(s, id, path, sizeof path, d)))
		return rc;
	if (page < 1)
		return TRAWL_ENOTFOUND;
	trawl__buf_init(&req, 1 << 20);
	trawl__buf_init(&out, VIEW_MAX_PNG + 4096);
	trawl__wout_init(&w, -1, &req, 0);
	trawl__wout_u32(&w, (uint32_t)op);
	trawl__wout_u32(&w, (uint32_t)page);
	trawl__wout_u32(&w, (uint32_t)dpi);
	trawl__wout_str(&w, path);
	trawl__wout_str(&w, name);
	if ((rc = trawl__wout_flush(&w))) {
		trawl__diag_set(d, NULL, "out of memory");
		goto out;
	}
	if ((rc = view_call(vw, &req, &out, d)))
		goto out;
	/* what came back is checked as any worker's answer is */
	if (!(r = malloc(sizeof *r))) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	trawl__win_init(r, -1, out.data, out.len, 0, out.len);
	trawl__win_get(r, bounds, sizeof *bounds);
	if (op == OP_DRAW) {
		trawl__buf img;
		trawl__buf_init(&img, VIEW_MAX_PNG);
		trawl__win_buf(r, &img, "the page image");
		if (!r->err)
			*png = (unsigned char *)trawl__buf_detach(&img, len);
		trawl__buf_release(&img);
		if (!r->err && !*png)
			rc = TRAWL_ENOMEM;
	}
	if (!rc && (r->err || r->left || !isfinite(bounds->x0) || !isfinite(bounds->y0) ||
	            !isfinite(bounds->x1) || !isfinite(bounds->y1))) {
		trawl__diag_set(d, NULL, "the page renderer sent a malformed result (%s)",
		                r->err ? r->why : "bad bounds");
		rc = r->err == TRAWL__WIN_NOMEM ? TRAWL_ENOMEM : TRAWL_EFORMAT;
		if (png) {
			free(*png);
			*png = NULL;
			*len = 0;
		}
	}
out:
	free(r);
	trawl__buf_release(&req);
	trawl__buf_release(&out);
	return rc;
}

trawl_err trawl_page_png(trawl_store *s, trawl_viewer *vw, const char *id, int page, int dpi,
                         unsigned char **png, size_t *len, trawl_diag *d)
{
	fz_rect bounds;

	*png = NULL;
	*len = 0;
	if (dpi < 36)
		dpi = 36;
	if (dpi > 300)
		dpi = 300;
	return page_job(s, vw, id, OP_DRAW, page, dpi, &bounds, png, len, d);
}

typedef struct span_rec {
	uint32_t start, end;
	float x0, y0, x1, y1;
} span_rec;

static int on_span(uint32_t start, uint32_t end, float x0, float y0, float x1, float y1,
                   void *u)
{
	trawl__vec *v = u;
	span_rec *r = trawl__vec_push(v);

	if (!r)
		return 1;
	r->start = start;
	r->end = end;
	r->x0 = x0; r->y0 = y0; r->x1 = x1; r->y1 = y1;
	return 0;
}

typedef struct unit_text {
	char *text;
	size_t len;
} unit_text;

static int on_unit(const trawl_unit_info *ui, void *u)
{
	unit_text *t = u;

	if (t->text)
		return 1;
	t->text = trawl__strndup(ui->text ? ui->text : "", ui->len);
	t->len = t->text ? ui->len : 0;
	return 0;
}

/* Characters (UTF-8 lead bytes) in text[a, b). */
static size_t chars(const char *text, size_t a, size_t b)
{
	size_t n = 0;
	for (size_t i = a; i < b; i++)
		n += ((unsigned char)text[i] & 0xC0) != 0x80;
	return n;
}

trawl_err trawl_page_boxes(trawl_store *s, trawl_viewer *vw, const char *id, int page,
                           const size_t *ranges, size_t nranges,
                           int (*cb)(const trawl_box *, void *), void *u, float *w, float *h,
                           trawl_diag *d)
{
	trawl__vec spans;
	unit_text ut = { NULL, 0 };
	fz_rect bounds;
	trawl_err rc;
	int stop = 0;

	rc = page_job(s, vw, id, OP_MEASURE, page, 72, &bounds, NULL, NULL, d);
	if (rc)
		return rc;
	if (w)
		*w = bounds.x1 - bounds.x0;
	if (h)
		*h = bounds.y1 - bounds.y0;
	trawl__vec_init(&spans, sizeof(span_rec));
	rc = s->ops->units(s->be, id, page, on_unit, &ut, d);
	if (!rc)
		rc = s->ops->spans(s->be, id, page, on_span, &spans, d);
	for (size_t r = 0; !rc && !stop && r < nranges; r++) {
		size_t a = ranges[2 * r], b = ranges[2 * r + 1];
		for (size_t i = 0; i < spans.n && !stop; i++) {
			span_rec *sp = &TRAWL_VEC_AT(&spans, span_rec, i);
			size_t s0 = sp->start, s1 = sp->end, from, to, all, c0, c1;
			trawl_box bx;
			if (s1 <= a || s0 >= b || s1 > ut.len || s0 >= s1)
				continue;
			/* the part of the line's box under the range, by character */
			from = a > s0 ? a : s0;
			to = b < s1 ? b : s1;
			all = chars(ut.text, s0, s1);
			c0 = chars(ut.text, s0, from);
			c1 = c0 + chars(ut.text, from, to);
			if (!all)
				continue;
			bx.range = r;
			bx.x0 = sp->x0 + (sp->x1 - sp->x0) * (float)c0 / (float)all - bounds.x0;
			bx.x1 = sp->x0 + (sp->x1 - sp->x0) * (float)c1 / (float)all - bounds.x0;
			bx.y0 = sp->y0 - bounds.y0;
			bx.y1 = sp->y1 - bounds.y0;
			stop = cb(&bx, u);
		}
	}
	free(ut.text);
	trawl__vec_release(&spans);
	return rc;
}
