/* OCR with Tesseract (see ocr.h). */
#include <dlfcn.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <tesseract/capi.h>
#include <leptonica/allheaders.h>
#include "ingest/ocr.h"
#include "util/diag.h"
#include "util/banned.h"

#define MAX_LANGS 8
#define LANG_MAX 32
/* A page may take at most this long (Tesseract's own deadline). */
#define PAGE_SECONDS 180.0
/* Gaps between words are measured in ems, an em being the median height
 * of the line's words. Tesseract's word boxes are loose (a title set with
 * letter spacing has gaps of half an em; a line of prose a gap of an em
 * after a colon), so a segment (a table cell) ends only at a gap of an em
 * and a half, or at a ruling line; pdf.c, with exact glyph boxes, parts
 * them at half an em. A prose line cut in two would be taken for a table's
 * row. */
#define SEG_GAP 1.5f
/* Between two Latin words (or numbers) a gap this wide is a space: the
 * digits of one number, which chi_sim often gives as separate words,
 * stay together. */
#define LATIN_SPACE 0.25f
/* Between a CJK and a Latin word a space needs a wider gap: they touch in
 * born-digital text ("共计100元") but glyph side bearings part them. */
#define MIXED_SPACE 0.6f
/* A number and a word half an em apart are two cells of a table. */
#define NUM_GAP 0.8f
/* Fullwidth digits (common in Chinese documents) stand an em apart: the
 * digits of one number part only at a wider gap. */
#define DIGIT_GAP 1.6f

/* One thread's Tesseract: the first language of the list alone, and
 * (started when a page needs it) the whole list with the first language
 * last. A page is read by the first; when that reading is in the other
 * script or unsure, by the second too, and the surer reading is kept.
 * Tesseract's own handling of "chi_sim+eng" retries each word it doubts
 * with eng, and on Chinese text eng's guesses ("Pineal" for 中标金额) often
 * win: a whole page in one model, then the other, is more accurate. */
#define LANGS_MAX (MAX_LANGS * (LANG_MAX + 1))

typedef struct engine {
	TessBaseAPI *api[3];
	char langs[LANGS_MAX];   /* the list asked for */
	char list[3][LANGS_MAX]; /* what each instance reads: the first language,
	                            all (it last), all but it */
	char dir[600];
	int cjk;                 /* the first language is Chinese, Japanese or Korean */
	int failed[3];           /* an instance that could not start */
} engine;

static pthread_key_t engine_key;
static pthread_once_t engine_once = PTHREAD_ONCE_INIT;
static int engine_key_ok;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void engine_free(void *p)
{
	engine *e = p;

	if (!e)
		return;
	for (int k = 0; k < 3; k++)
		if (e->api[k]) {
			TessBaseAPIEnd(e->api[k]);
			TessBaseAPIDelete(e->api[k]);
		}
	free(e);
}

static void make_key(void)
{
	engine_key_ok = pthread_key_create(&engine_key, engine_free) == 0;
	/* Leptonica (Tesseract's image library) reports on stderr; the
	 * library never prints */
	setMsgSeverity(L_SEVERITY_NONE);
}

void trawl__ocr_thread_end(void)
{
	pthread_once(&engine_once, make_key);
	if (!engine_key_ok)
		return;
	engine_free(pthread_getspecific(engine_key));
	pthread_setspecific(engine_key, NULL);
}

/* OpenMP off for this thread's parallel regions: Tesseract asks for
 * several threads per page, which on a machine whose cores already run
 * one ingest worker each only adds contention. The OpenMP runtime is
 * looked up rather than linked: a Tesseract built without it has none. */
static void one_thread(void)
{
	union { void *p; void (*f)(int); } set;

	set.p = dlsym(RTLD_DEFAULT, "omp_set_max_active_levels");
	if (set.p)
		set.f(0);
}

const char *trawl__ocr_langs(const trawl__ocr_opts *o)
{
	return o && o->langs && o->langs[0] ? o->langs : TRAWL__OCR_LANGS;
}

/* Splits "a+b" into names; 0 when malformed (empty, too many, a name
 * with characters other than letters, digits, '_' and '-': no paths). */
static int split_langs(const char *langs, char out[MAX_LANGS][LANG_MAX + 1], int *n)
{
	const char *p = langs;

	*n = 0;
	while (*p) {
		size_t k = 0;
		if (*n == MAX_LANGS)
			return 0;
		while (p[k] && p[k] != '+') {
			char c = p[k];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '_' || c == '-') || k >= LANG_MAX)
				return 0;
			out[*n][k] = c;
			k++;
		}
		if (!k)
			return 0;
		out[(*n)++][k] = '\0';
		p += k;
		if (*p == '+' && !*++p)
			return 0;
	}
	return *n > 0;
}

static int has_file(const char *dir, const char *lang)
{
	char path[1200];
	struct stat st;

	snprintf(path, sizeof path, "%.600s/%.40s.traineddata", dir, lang);
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The folder that holds every language's data: $TESSDATA_PREFIX (itself
 * or its tessdata/), then where Debian and source builds put it. On
 * failure, *missing is the first language not found in the first folder
 * that exists. */
static int find_data(char names[MAX_LANGS][LANG_MAX + 1], int n, char *dir, size_t dirsz,
                     const char **missing, char *looked, size_t lookedsz)
{
	static const char *const fixed[] = {
		"/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata",
		"/usr/share/tessdata", "/usr/local/share/tessdata",
	};
	char cand[6][600];
	int nc = 0, first_dir = -1;
	const char *env = getenv("TESSDATA_PREFIX");
	struct stat st;

	if (env && env[0] && strlen(env) < 500) {
		snprintf(cand[nc++], sizeof cand[0], "%s", env);
		snprintf(cand[nc++], sizeof cand[0], "%s/tessdata", env);
	}
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		snprintf(cand[nc++], sizeof cand[0], "%s", fixed[i]);
	*missing = names[0];
	looked[0] = '\0';
	for (int c = 0; c < nc; c++) {
		int k;
		if (stat(cand[c], &st) != 0 || !S_ISDIR(st.st_mode))
			continue;
		for (k = 0; k < n && has_file(cand[c], names[k]); k++)
			;
		if (k == n) {
			snprintf(dir, dirsz, "%.590s", cand[c]);
			return 1;
		}
		if (first_dir < 0) {
			first_dir = c;
			*missing = names[k];
		}
	}
	snprintf(looked, lookedsz, "%.590s", first_dir >= 0 ? cand[first_dir] : cand[env && env[0] ? 2 : 0]);
	return 0;
}

/* The Debian package that holds a language's data. */
static void package_hint(const char *lang, char *out, size_t n)
{
	char pkg[LANG_MAX + 1];
	size_t i;

	for (i = 0; lang[i] && i < LANG_MAX; i++)
		pkg[i] = lang[i] == '_' ? '-' : lang[i];
	pkg[i] = '\0';
	snprintf(out, n, "tesseract-ocr-%s", pkg);
}

static trawl_err check(const char *langs, char *dir, size_t dirsz, trawl_diag *d)
{
	char names[MAX_LANGS][LANG_MAX + 1], looked[600], pkg[64];
	const char *missing = NULL;
	int n;

	if (!split_langs(langs, names, &n)) {
		trawl__diag_set(d, NULL, "bad OCR language list '%s': Tesseract language names "
		                "joined by '+', e.g. chi_sim+eng", langs);
		return TRAWL_EUSAGE;
	}
	if (find_data(names, n, dir, dirsz, &missing, looked, sizeof looked))
		return TRAWL_OK;
	package_hint(missing, pkg, sizeof pkg);
	trawl__diag_set(d, NULL, "OCR language data for '%s' is not installed (looked in %s; "
	                "install %s, set TESSDATA_PREFIX, choose others with --ocr-lang, "
	                "or turn OCR off with --no-ocr)", missing, looked[0] ? looked : "-", pkg);
	return TRAWL_ENOTFOUND;
}

trawl_err trawl__ocr_check(const char *langs, trawl_diag *d)
{
	char dir[600];
	return check(langs, dir, sizeof dir, d);
}

double trawl__ocr_file_seconds(const trawl__ocr_opts *o)
{
	if (o && o->off)
		return 0;
	/* the budget, then the page begun at its end, then the rereads of
	 * that page's numbers */
	return (o && o->budget > 0 ? o->budget : TRAWL__OCR_BUDGET) + PAGE_SECONDS + 30;
}

int trawl__ocr_may(trawl__ocr_file *f, int pageno)
{
	double budget = f->o && f->o->budget > 0 ? f->o->budget : TRAWL__OCR_BUDGET;

	if (!f->started || now_s() - f->started < budget)
		return 1;
	if (!f->over_from)
		f->over_from = pageno;
	f->over++;
	return 0;
}

/* A Tesseract instance reading `list` from dir, in the page mode trawl
 * uses; NULL when it can't start. */
static TessBaseAPI *start(const char *dir, const char *list)
{
	TessBaseAPI *api = TessBaseAPICreate();

	if (!api)
		return NULL;
	/* Tesseract's messages (resolution estimates, load errors) go nowhere */
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	one_thread();
	if (TessBaseAPIInit3(api, dir, list) != 0) {
		TessBaseAPIDelete(api);
		return NULL;
	}
	/* one column of text of varying sizes: a table's rows stay whole
	 * lines, and a paragraph is not cut into blocks read out of order, as
	 * PSM_AUTO's column finding does on tables and indented paragraphs
	 * (single-column pages are the rule in these documents) */
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_COLUMN);
	return api;
}

void trawl__ocr_budget_warning(trawl__docset *s, const trawl__ocr_file *f)
{
	if (!f->over)
		return;
	trawl__docset_warn(s, "OCR used up its time budget for this file (%.0f s, "
	                   "--ocr-budget) at page %d: %d pages OCR'd, %d from page %d "
	                   "on kept without text", f->o && f->o->budget > 0 ? f->o->budget :
	                   TRAWL__OCR_BUDGET, f->over_from, f->pages, f->over, f->over_from);
}

/* This thread's engine for langs, loading the first language's model the
 * first time. */
static engine *get_engine(trawl__ocr_file *f, const char *langs, trawl_diag *d, trawl_err *rc)
{
	char names[MAX_LANGS][LANG_MAX + 1];
	engine *e;
	int n = 0;

	pthread_once(&engine_once, make_key);
	if (!engine_key_ok) {
		*rc = TRAWL_ENOMEM;
		return NULL;
	}
	e = pthread_getspecific(engine_key);
	if (e && !strcmp(e->langs, langs))
		return e;
	engine_free(e);
	pthread_setspecific(engine_key, NULL);
	e = calloc(1, sizeof *e);
	if (!e) {
		*rc = TRAWL_ENOMEM;
		return NULL;
	}
	*rc = check(langs, e->dir, sizeof e->dir, d);
	if (*rc) {
		snprintf(f->error, sizeof f->error, "%.230s", d && d->msg[0] ? d->msg : "no OCR data");
		free(e);
		return NULL;
	}
	split_langs(langs, names, &n);
	snprintf(e->langs, sizeof e->langs, "%s", langs);
	snprintf(e->list[0], sizeof e->list[0], "%s", names[0]);
	for (int k = 1; k < n; k++) {
		size_t at = strlen(e->list[1]);
		snprintf(e->list[1] + at, sizeof e->list[1] - at, "%s+", names[k]);
		at = strlen(e->list[2]);
		snprintf(e->list[2] + at, sizeof e->list[2] - at, "%s%s", k > 1 ? "+" : "", names[k]);
	}
	if (n > 1) {
		size_t at = strlen(e->list[1]);
		snprintf(e->list[1] + at, sizeof e->list[1] - at, "%s", names[0]);
	}
	e->cjk = !strncmp(names[0], "chi_", 4) || !strncmp(names[0], "jpn", 3) ||
	         !strncmp(names[0], "kor", 3);
	e->api[0] = start(e->dir, e->list[0]);
	if (!e->api[0]) {
		trawl__diag_set(d, NULL, "Tesseract could not load its language data for %s "
		                "from %s (damaged or of another version?)", e->list[0], e->dir);
		snprintf(f->error, sizeof f->error, "%.230s", d ? d->msg : "Tesseract could not start");
		engine_free(e);
		*rc = TRAWL_ENOTFOUND;
		return NULL;
	}
	if (pthread_setspecific(engine_key, e)) {
		engine_free(e);
		*rc = TRAWL_ENOMEM;
		return NULL;
	}
	return e;
}

/* Instance k (1, 2), started the first time a page needs it. */
static TessBaseAPI *instance(engine *e, int k)
{
	if (!e->api[k] && !e->failed[k] && e->list[k][0]) {
		e->api[k] = start(e->dir, e->list[k]);
		e->failed[k] = !e->api[k];
	}
	return e->api[k];
}

/* ---- words into lines and segments ---- */

typedef struct word {
	int l, t, r, b;          /* pixels */
	float conf;
	uint32_t start, end;     /* its text in the words buffer */
	uint32_t chars;
	int solid;               /* has a letter, digit or Han character */
} word;

static uint32_t utf8_dec(const unsigned char *p, size_t n, size_t *len)
{
	if (n >= 3 && (p[0] & 0xF0) == 0xE0) {
		*len = 3;
		return ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) |
		       (p[2] & 0x3F);
	}
	if (n >= 2 && (p[0] & 0xE0) == 0xC0) {
		*len = 2;
		return ((uint32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F);
	}
	if (n >= 4 && (p[0] & 0xF8) == 0xF0) {
		*len = 4;
		return ((uint32_t)(p[0] & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
		       ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
	}
	*len = 1;
	return p[0];
}

/* CJK and fullwidth characters are written without spaces between them. */
static int is_wide(uint32_t c)
{
	return c >= 0x2E80;
}

static uint32_t first_char(const char *s, size_t n)
{
	size_t len;
	return n ? utf8_dec((const unsigned char *)s, n, &len) : 0;
}

static uint32_t last_char(const char *s, size_t n)
{
	size_t i = n, len;

	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	return i ? utf8_dec((const unsigned char *)s + i - 1, n - i + 1, &len) : 0;
}

/* A ruling line found on the image (a table's border), in pixels. */
typedef struct prule {
	int l, t, r, b;
	int vertical;
} prule;

/* How a skewed page was turned straight (unturn: a box found on the page
 * so turned, mapped back to the image as given). */
typedef struct turn {
	float cos_a, sin_a, cx, cy;
	int on;
} turn;

struct tcells;

/* Where a page's lines go, and how pixels map to its points. */
typedef struct ocr_out {
	trawl__pdfpage *pg;
	const float *xf;         /* x = xf[2] + px * xf[0], y = xf[3] + py * xf[1] */
	const prule *rules;
	size_t nrules;
	struct tcells *tc;       /* the page's table cells, read one by one */
	const turn *skew;        /* how the page was turned straight (word boxes
	                            are on the page so turned), or NULL */
} ocr_out;

typedef struct seg_acc {
	trawl__pdfseg g;
	int open;
} seg_acc;

static trawl_err seg_close(trawl__pdfpage *pg, seg_acc *a)
{
	trawl__pdfseg *out;

	if (!a->open)
		return TRAWL_OK;
	a->open = 0;
	out = trawl__vec_push(&pg->segs);
	if (!out)
		return TRAWL_ENOMEM;
	*out = a->g;
	return TRAWL_OK;
}

/* A word of digits and the signs of numbers (1,234.50 -3 95%). */
static int numeric(const char *s, size_t n)
{
	int digits = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9')
			digits++;
		else if (c != '.' && c != ',' && c != '-' && c != '%')
			return 0;
	}
	return digits > 0 || (n == 1 && s[0] == '.');
}

static int is_digit_c(char c)
{
	return c >= '0' && c <= '9';
}

static int int_cmp(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return x < y ? -1 : x > y;
}

/* The line's em and baseline: the median height and bottom of its solid
 * words. Tesseract's boxes are loose (noise joins a glyph's box, a colon's
 * box spans the line), so a union of boxes would make lines overlap that
 * do not, and the table builder would take a title for a header row. */
static void line_metrics(const word *w, size_t n, float *em, float *base)
{
	int hs[64], bs[64], k = 0;

	for (size_t i = 0; i < n && k < 64; i++)
		if (w[i].solid) {
			hs[k] = w[i].b - w[i].t;
			bs[k++] = w[i].b;
		}
	for (size_t i = 0; i < n && k == 0; i++) {
		hs[0] = w[i].b - w[i].t;
		bs[0] = w[i].b;
		k = 1;
	}
	qsort(hs, (size_t)k, sizeof *hs, int_cmp);
	qsort(bs, (size_t)k, sizeof *bs, int_cmp);
	*em = (float)(hs[k / 2] > 1 ? hs[k / 2] : 1);
	*base = (float)bs[k / 2];
}

/* Characters that follow a number as its unit or measure word: a number
 * is not parted from them however loose its box ("2024 年", "10 人"). */
static int measure(uint32_t c)
{
	static const char list[] = "年月日号时分秒万亿千百元角个人次件台辆艘名家项条所户份"
	                           "套张倍岁天周批期%‰";
	char u[8];
	size_t n = 0;

	if (c == '%')
		return 1;
	if (c < 0x80 || c > 0xFFFF)
		return 0;
	if (c < 0x800) {
		u[n++] = (char)(0xC0 | (c >> 6));
	} else {
		u[n++] = (char)(0xE0 | (c >> 12));
		u[n++] = (char)(0x80 | ((c >> 6) & 0x3F));
	}
	u[n++] = (char)(0x80 | (c & 0x3F));
	u[n] = '\0';
	return strstr(list, u) != NULL;
}

/* A vertical ruling line between two words (between their centres x0 and
 * x1: their loose boxes may reach over it) that crosses rows y0..y1. */
static int rule_between(const ocr_out *o, float x0, float x1, float y0, float y1)
{
	for (size_t k = 0; k < o->nrules; k++) {
		const prule *r = &o->rules[k];
		float cx = (r->l + r->r) / 2.0f;
		if (r->vertical && cx > x0 && cx < x1 && r->t <= y0 + (y1 - y0) / 2 &&
		    r->b >= y1 - (y1 - y0) / 2)
			return 1;
	}
	return 0;
}

/* A semicolon right after a short label at the start of a line is its
 * colon, misread (noise specks make ':' into ';'): "单位;万元". */
static int label_colon(const trawl__pdfpage *pg, uint32_t line_start, const char *t, size_t tn)
{
	const char *p = pg->text.data + line_start;
	size_t n = pg->text.len - line_start, i = 0, len, chars = 0;

	if (!tn || t[0] != ';')
		return 0;
	while (i < n) {
		uint32_t c = utf8_dec((const unsigned char *)p + i, n - i, &len);
		if (c < 0x3400 || c > 0x9FFF)
			return 0;
		chars++;
		i += len;
	}
	return chars >= 2 && chars <= 8;
}

static uint32_t count_chars(const char *s, size_t n)
{
	uint32_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* CJK punctuation (，。：、；！？ and the fullwidth forms, which chi_sim
 * often gives as ASCII) inks a small part of an em-wide cell: a colon's box
 * ends well before the next character.
 * How far its box falls short of a full em on one side (right: after it),
 * so that the gap beside it is measured from its cell, not its ink. */
static float stretch(const word *w, const char *wt, float em, int right)
{
	const char *s = wt + w->start;
	size_t n = w->end - w->start, len;
	uint32_t c = right ? last_char(s, n) : first_char(s, n);
	float short_by;

	(void)len;
	if (!((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
	      (c >= 0xFF1A && c <= 0xFF1F) || (n == 1 && strchr(":;,.()", c))))
		return 0;
	short_by = em - (float)(w->r - w->l) / (float)count_chars(s, n);
	return short_by > 0 ? short_by : 0;
}

/* Writes one text line of words w[0..n) into o's page. */
static trawl_err put_line(const ocr_out *o, const word *w, size_t n, const char *wt)
{
	trawl__pdfpage *pg = o->pg;
	const float *xf = o->xf;
	trawl__pdfline *l;
	seg_acc a = { .open = 0 };
	uint32_t li = (uint32_t)pg->lines.n, seg0 = (uint32_t)pg->segs.n;
	float em, base, ly0, ly1;
	uint32_t l_start, wstart;
	trawl_err rc = TRAWL_OK;

	line_metrics(w, n, &em, &base);
	if (!n)
		return TRAWL_OK;
	ly0 = xf[3] + (base - em) * xf[1];
	ly1 = xf[3] + base * xf[1];

	l = trawl__vec_push(&pg->lines);
	if (!l)
		return TRAWL_ENOMEM;
	l->start = l_start = (uint32_t)pg->text.len;
	l->seg = seg0;
	for (size_t i = 0; i < n && !rc; i++) {
		const char *t = wt + w[i].start;
		size_t tn = w[i].end - w[i].start;
		float x0 = xf[2] + w[i].l * xf[0], x1 = xf[2] + w[i].r * xf[0];
		float y0 = ly0, y1 = ly1;
		if (i > 0) {
			float gap = (w[i].l - stretch(&w[i], wt, em, 0)) -
			            (w[i - 1].r + stretch(&w[i - 1], wt, em, 1));
			const char *pt = wt + w[i - 1].start;
			size_t pn = w[i - 1].end - w[i - 1].start;
			int wide_l = is_wide(last_char(pt, pn)), wide_r = is_wide(first_char(t, tn));
			int num_l = numeric(pt, pn), num_r = numeric(t, tn);
			int cell_gap = num_l != num_r && !(num_l && measure(first_char(t, tn)));
			if ((num_l && num_r ? gap > DIGIT_GAP * em : gap > SEG_GAP * em) ||
			    (gap > NUM_GAP * em && cell_gap) ||
			    rule_between(o, (w[i - 1].l + w[i - 1].r) / 2.0f, (w[i].l + w[i].r) / 2.0f,
			                 base - em, base)) {
				rc = seg_close(pg, &a);
				if (!rc)
					rc = trawl__buf_addc(&pg->text, ' ');
			} else if (num_l && num_r) {
				/* the digits of one number, spread by a wide font or
				 * fullwidth digits */
			} else if ((!wide_l && !wide_r && gap > LATIN_SPACE * em) ||
			           (wide_l != wide_r && gap > MIXED_SPACE * em)) {
				rc = trawl__buf_addc(&pg->text, ' ');
			}
			if (rc)
				break;
		}
		if (!a.open) {
			memset(&a.g, 0, sizeof a.g);
			a.open = 1;
			a.g.line = li;
			a.g.turned = o->skew && o->skew->on;
			a.g.start = (uint32_t)pg->text.len;
			a.g.w0 = (uint32_t)pg->words.n;
			a.g.x0 = x0; a.g.y0 = y0; a.g.x1 = x1; a.g.y1 = y1;
		} else {
			a.g.x0 = fminf(a.g.x0, x0); a.g.y0 = fminf(a.g.y0, y0);
			a.g.x1 = fmaxf(a.g.x1, x1); a.g.y1 = fmaxf(a.g.y1, y1);
		}
		wstart = (uint32_t)pg->text.len;
		if (label_colon(pg, l_start, t, tn)) {
			/* ";" or ";:" → ":" */
			rc = trawl__buf_addc(&pg->text, ':');
			t++, tn--;
			if (tn && t[0] == ':')
				t++, tn--;
		}
		if (!rc)
			rc = trawl__buf_add(&pg->text, t, tn);
		if (!rc && pg->text.len > wstart) {
			/* the word's own confidence, for the facts read from it */
			trawl__pdfword *pw = trawl__vec_push(&pg->words);
			if (!pw)
				rc = TRAWL_ENOMEM;
			else {
				*pw = (trawl__pdfword){ wstart - a.g.start,
				                        (uint32_t)pg->text.len - wstart, w[i].conf };
				a.g.nw++;
			}
		}
		a.g.end = (uint32_t)pg->text.len;
		/* the font size, near enough: CJK glyphs fill the line's height */
		a.g.size = fmaxf(a.g.size, (y1 - y0));
	}
	if (!rc)
		rc = seg_close(pg, &a);
	if (rc)
		return rc;
	l = &TRAWL_VEC_AT(&pg->lines, trawl__pdfline, li);
	l->end = (uint32_t)pg->text.len;
	l->nseg = (uint32_t)pg->segs.n - seg0;
	l->plain = 0;
	for (uint32_t k = seg0; k < seg0 + l->nseg; k++) {
		const trawl__pdfseg *g = &TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, k);
		if (k == seg0) {
			l->x0 = g->x0; l->y0 = g->y0; l->x1 = g->x1; l->y1 = g->y1;
		} else {
			l->x0 = fminf(l->x0, g->x0); l->y0 = fminf(l->y0, g->y0);
			l->x1 = fmaxf(l->x1, g->x1); l->y1 = fmaxf(l->y1, g->y1);
		}
	}
	return TRAWL_OK;
}

/* A word made of vertical bars only: a ruling line, not text. */
static int rule_mark(const char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		uint32_t c = utf8_dec((const unsigned char *)s + i, n - i, &len);
		if (c != '|' && c != 0x4E28 && c != 0xFF5C && c != 0xFE31 && c != 0x2502)
			return 0;
		i += len;
	}
	return n > 0;
}

static int skipped(const float (*skip)[4], size_t nskip, float cx, float cy)
{
	for (size_t i = 0; i < nskip; i++)
		if (cx >= skip[i][0] - 1 && cx <= skip[i][2] + 1 && cy >= skip[i][1] - 1 &&
		    cy <= skip[i][3] + 1)
			return 1;
	return 0;
}


/* A word with a letter, digit or Han character (not punctuation alone,
 * whose box sits high or low in its line). */
static int solid(const char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		uint32_t c = utf8_dec((const unsigned char *)s + i, n - i, &len);
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF))
			return 1;
		i += len;
	}
	return 0;
}


static void unturn(const turn *tn, int *l, int *t, int *r, int *b)
{
	float xs[4] = { (float)*l, (float)*r, (float)*l, (float)*r };
	float ys[4] = { (float)*t, (float)*t, (float)*b, (float)*b };
	float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;

	if (!tn->on)
		return;
	for (int k = 0; k < 4; k++) {
		/* the turned image is the given one turned clockwise by a: turn
		 * back by -a about the centre */
		float dx = xs[k] - tn->cx, dy = ys[k] - tn->cy;
		float x = tn->cx + dx * tn->cos_a + dy * tn->sin_a;
		float y = tn->cy - dx * tn->sin_a + dy * tn->cos_a;
		x0 = fminf(x0, x); x1 = fmaxf(x1, x);
		y0 = fminf(y0, y); y1 = fmaxf(y1, y);
	}
	*l = (int)lroundf(x0); *r = (int)lroundf(x1);
	*t = (int)lroundf(y0); *b = (int)lroundf(y1);
}

typedef struct line_acc {
	trawl__vec words;        /* word */
	trawl__buf text;         /* their text */
	double cy, h;            /* sums over the solid words */
	int nsolid;
} line_acc;

static trawl_err flush(const ocr_out *o, line_acc *la)
{
	trawl_err rc = TRAWL_OK;

	if (la->words.n)
		rc = put_line(o, la->words.items, la->words.n, la->text.data);
	la->words.n = 0;
	trawl__buf_reset(&la->text);
	la->cy = la->h = 0;
	la->nsolid = 0;
	return rc;
}

/* ---- numbers, read twice ----
 *
 * chi_sim misreads the digits of some faces (a serif's 6 as 0, "¥8" as
 * 鸭), and a wrong figure is the worst thing trawl can print. A word that
 * is mostly a number is read again by the other languages alone (eng): when
 * chi_sim's reading is no well-formed number and eng's is, or eng is
 * surer, eng's stands. */

/* A well-formed number: [¥$-]digits with thousands commas in their
 * places, a decimal part, a percent sign; one measure character after it
 * ("24套") is allowed. */
static int good_number(const char *s, size_t n)
{
	size_t i = 0, d0, k, len;
	int groups = 0;

	/* one trailing wide character: a unit or measure word */
	k = n;
	while (k > 0 && ((unsigned char)s[k - 1] & 0xC0) == 0x80)
		k--;
	if (k > 0 && (unsigned char)s[k - 1] >= 0xE0)
		n = k - 1;
	if (n && s[n - 1] == ')')
		n--;
	if (i < n && s[i] == '(')
		i++;
	if (i < n && (s[i] == '-' || s[i] == '$'))
		i++;
	else if (n - i >= 2 && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA5)
		i += 2; /* ¥ */
	else if (n - i >= 3 && !memcmp(s + i, "\xEF\xBF\xA5", 3))
		i += 3; /* ￥ */
	d0 = i;
	while (i < n && is_digit_c(s[i]))
		i++;
	if (i == d0)
		return 0;
	if (i < n && s[i] == ',') {
		if (i - d0 > 3)
			return 0;
		while (i < n && s[i] == ',') {
			for (len = 1; len <= 3; len++)
				if (i + len >= n || !is_digit_c(s[i + len]))
					return 0;
			i += 4;
			groups++;
		}
		if (i < n && is_digit_c(s[i]))
			return 0;
	}
	if (i < n && s[i] == '.') {
		size_t f = ++i;
		while (i < n && is_digit_c(s[i]))
			i++;
		if (i == f)
			return 0;
	}
	if (i < n && s[i] == '%')
		i++;
	(void)groups;
	(void)len;
	return i == n;
}

/* A word that is mostly a number (three digits or more). */
static int number_like(const char *s, size_t n)
{
	size_t digits = 0, numchars = 0, chars = 0, i = 0, len;

	while (i < n) {
		uint32_t c = utf8_dec((const unsigned char *)s + i, n - i, &len);
		digits += c >= '0' && c <= '9';
		/* letters chi_sim reads for digits (1ol87) count too */
		numchars += (c >= '0' && c <= '9') || c == ',' || c == '.' || c == '%' ||
		            c == 0xA5 || c == 0xFFE5 || c == '$' || c == '-' || c == 'o' ||
		            c == 'O' || c == 'l' || c == 'I' || c == '|';
		chars++;
		i += len;
	}
	return digits >= 3 && numchars * 10 >= chars * 7;
}

/* The page as read; instance 2 reads single words of it on request. */
typedef struct reread {
	engine *e;
	PIX *pix;
	int ppi;
	int set;                 /* pix is instance 2's image */
} reread;

/* Reads the word in box l t r b with the other languages alone: its text
 * (to free with TessDeleteText) and confidence, or NULL. */
static char *read_word(reread *rr, int l, int t, int r, int b, float *conf)
{
	TessBaseAPI *api = instance(rr->e, 2);
	int pad = (b - t) / 4, w = pixGetWidth(rr->pix), h = pixGetHeight(rr->pix);
	char *txt;

	if (!api)
		return NULL;
	if (!rr->set) {
		TessBaseAPISetImage2(api, rr->pix);
		TessBaseAPISetSourceResolution(api, rr->ppi);
		TessBaseAPISetPageSegMode(api, PSM_SINGLE_WORD);
		rr->set = 1;
	}
	l = l - pad > 0 ? l - pad : 0;
	t = t - pad > 0 ? t - pad : 0;
	r = r + pad < w ? r + pad : w;
	b = b + pad < h ? b + pad : h;
	if (r <= l || b <= t)
		return NULL;
	TessBaseAPISetRectangle(api, l, t, r - l, b - t);
	txt = TessBaseAPIGetUTF8Text(api);
	*conf = (float)TessBaseAPIMeanTextConf(api);
	return txt;
}

/* Mends what Tesseract misreads in a known way, in place, and returns
 * the new length: the angle brackets 〈 〉, which Chinese documents hardly
 * use, are its reading of the fullwidth parentheses （ ） ("单位〈元)"); a
 * run of colons and semicolons is one colon with noise beside it
 * ("单位:;万元": no text writes ":;"); in a number, a semicolon is a
 * comma ("2;,830.87"), and a point followed by
 * three digits and another point or comma is a thousands comma
 * ("3.052.18"). */
static size_t mend(char *s, size_t n)
{
	size_t o = 0;
	int dots = 0;

	for (size_t i = 0; i + 2 < n; i++)
		if ((unsigned char)s[i] == 0xE3 && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x88 || (unsigned char)s[i + 2] == 0x89)) {
			s[i] = (char)0xEF;
			s[i + 1] = (char)0xBC;
			s[i + 2] = (unsigned char)s[i + 2] == 0x88 ? (char)0x88 : (char)0x89;
		}
	for (size_t i = 0; i < n; i++) {
		if ((s[i] == ':' || s[i] == ';') && i + 1 < n && (s[i + 1] == ':' || s[i + 1] == ';')) {
			while (i + 1 < n && (s[i + 1] == ':' || s[i + 1] == ';'))
				i++;
			s[o++] = ':';
			continue;
		}
		s[o++] = s[i];
	}
	n = o;
	if (number_like(s, n)) {
		/* in a number a semicolon is a comma with a speck below it, and
		 * the two side by side one comma ("2;,830.87") */
		o = 0;
		for (size_t i = 0; i < n; i++) {
			char c = s[i] == ';' ? ',' : s[i];
			if (c == ',' && o && s[o - 1] == ',')
				continue;
			s[o++] = c;
		}
		n = o;
	}
	for (size_t i = 0; i < n; i++)
		dots += s[i] == '.';
	if (dots < 2 || !number_like(s, n))
		return n;
	for (size_t i = 0; i + 4 < n; i++)
		if (s[i] == '.' && is_digit_c(s[i + 1]) && is_digit_c(s[i + 2]) &&
		    is_digit_c(s[i + 3]) && (s[i + 4] == '.' || s[i + 4] == ','))
			s[i] = ',';
	return n;
}

/* Keeps the better reading of a number-like word in la->text[at..]. */
static trawl_err second_opinion(reread *rr, line_acc *la, size_t at, int l, int t, int r,
                                int b, float *wconf)
{
	const char *w = la->text.data + at;
	size_t n = la->text.len - at, k, an = 0;
	int good = good_number(w, n);
	char alt[128];
	float aconf = 0;
	char *txt;

	if (!rr || !number_like(w, n) || (good && *wconf >= 90))
		return TRAWL_OK;
	txt = read_word(rr, l, t, r, b, &aconf);
	if (!txt)
		return TRAWL_OK;
	for (k = 0; txt[k] && an + 1 < sizeof alt; k++)
		if ((unsigned char)txt[k] > ' ')
			alt[an++] = txt[k];
	alt[an] = '\0';
	TessDeleteText(txt);
	if (!an || !good_number(alt, an) || (good && aconf <= *wconf + 5))
		return TRAWL_OK;
	la->text.len = at;
	*wconf = aconf;
	return trawl__buf_add(&la->text, alt, an);
}

/* A vertical ruling line within the box l t r b (the box of a word read
 * across a table's border, "224.38|"). */
static int crosses_rule(const ocr_out *o, int l, int t, int r, int b)
{
	for (size_t k = 0; k < o->nrules; k++) {
		const prule *ru = &o->rules[k];
		int cx = (ru->l + ru->r) / 2;
		if (ru->vertical && cx >= l - 2 && cx <= r + 2 && ru->t < b && ru->b > t)
			return 1;
	}
	return 0;
}

/* A piece of a word: the word itself, or a part of it on one side of a
 * ruling line; its box as Tesseract gave it (raw) and in the image as
 * given (box). */
typedef struct piece {
	char text[256];
	size_t n;
	int raw[4], box[4];
} piece;

static void piece_grow(int b[4], int l, int t, int r, int bt, int first)
{
	if (first) {
		b[0] = l; b[1] = t; b[2] = r; b[3] = bt;
		return;
	}
	if (l < b[0]) b[0] = l;
	if (t < b[1]) b[1] = t;
	if (r > b[2]) b[2] = r;
	if (bt > b[3]) b[3] = bt;
}

/* The word at ri cut at the vertical ruling lines it crosses (Tesseract
 * reads "设备 | 24套" across a table's border as one word), the symbols a
 * rule makes (a bar, a bracket, a 1 or an l on it) left out. Returns how
 * many pieces, at most max. */
static int split_at_rules(TessResultIterator *ri, const ocr_out *o, const turn *tn, piece *pcs,
                          int max)
{
	TessResultIterator *si = TessResultIteratorCopy(ri);
	TessPageIterator *pi;
	int np = 0, last, open = 0;
	float prev_cx = -1e30f;

	if (!si)
		return 0;
	pi = TessResultIteratorGetPageIterator(si);
	do {
		char *sym = TessResultIteratorGetUTF8Text(si, RIL_SYMBOL);
		int l, t, r, b, ul, ut, ur, ub, on_rule = 0;
		size_t sn;
		last = TessPageIteratorIsAtFinalElement(pi, RIL_WORD, RIL_SYMBOL);
		if (!sym)
			continue;
		if (!TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &l, &t, &r, &b)) {
			TessDeleteText(sym);
			continue;
		}
		ul = l; ut = t; ur = r; ub = b;
		unturn(tn, &ul, &ut, &ur, &ub);
		if (strlen(sym) == 1 && strchr("|)(][1lI!:", sym[0]))
			for (size_t k = 0; k < o->nrules && !on_rule; k++) {
				const prule *ru = &o->rules[k];
				/* its (loose) box over the rule */
				on_rule = ru->vertical && ul <= ru->r + 2 && ur >= ru->l - 2 &&
				          ru->t < ub && ru->b > ut;
			}
		if (!on_rule) {
			float cx = (ul + ur) / 2.0f;
			/* a rule between this symbol and the one before: a new piece */
			if (open && rule_between(o, prev_cx, cx, ut, ub))
				open = 0;
			if (!open && np < max) {
				memset(&pcs[np], 0, sizeof pcs[np]);
				np++;
				open = 1;
				piece_grow(pcs[np - 1].raw, l, t, r, b, 1);
				piece_grow(pcs[np - 1].box, ul, ut, ur, ub, 1);
			} else if (open) {
				piece_grow(pcs[np - 1].raw, l, t, r, b, 0);
				piece_grow(pcs[np - 1].box, ul, ut, ur, ub, 0);
			}
			sn = strlen(sym);
			for (size_t k = 0; open && k < sn; k++)
				if ((unsigned char)sym[k] > ' ' && pcs[np - 1].n + 1 < sizeof pcs[np - 1].text)
					pcs[np - 1].text[pcs[np - 1].n++] = sym[k];
			prev_cx = cx;
		}
		TessDeleteText(sym);
	} while (!last && TessResultIteratorNext(si, RIL_SYMBOL));
	TessResultIteratorDelete(si);
	return np;
}

/* Adds one word (text, its boxes, its confidence) to the line being
 * built: mended, its number read twice when in doubt, and a line of its
 * own when it sits an em off the line. */
static trawl_err add_word(const ocr_out *o, line_acc *la, reread *rr, const char *text,
                          size_t n, const int raw[4], const int box[4], float wconf,
                          double *csum, double *cn, int *nwords)
{
	size_t at = la->text.len;
	word *w;
	int is_solid;
	trawl_err rc = trawl__buf_add(&la->text, text, n);

	if (!rc) {
		la->text.len = at + mend(la->text.data + at, la->text.len - at);
		la->text.data[la->text.len] = '\0';
		rc = second_opinion(rr, la, at, raw[0], raw[1], raw[2], raw[3], &wconf);
	}
	if (rc || la->text.len == at)
		return rc;
	is_solid = solid(la->text.data + at, la->text.len - at);
	if (is_solid) {
		double cy = (box[1] + box[3]) / 2.0, h = box[3] - box[1];
		if (la->nsolid && fabs(cy - la->cy / la->nsolid) > 0.75 * fmax(h, la->h / la->nsolid)) {
			/* a row of its own: the word goes to the next line */
			char keep[256];
			size_t kn = la->text.len - at < sizeof keep ? la->text.len - at : sizeof keep;
			memcpy(keep, la->text.data + at, kn);
			la->text.len = at;
			if ((rc = flush(o, la)) || (rc = trawl__buf_add(&la->text, keep, kn)))
				return rc;
			at = 0;
		}
		la->cy += cy;
		la->h += h;
		la->nsolid++;
	}
	w = trawl__vec_push(&la->words);
	if (!w)
		return TRAWL_ENOMEM;
	w->start = (uint32_t)at;
	w->end = (uint32_t)la->text.len;
	w->l = box[0]; w->t = box[1]; w->r = box[2]; w->b = box[3];
	w->conf = wconf;
	w->solid = is_solid;
	w->chars = count_chars(la->text.data + w->start, w->end - w->start);
	*csum += (double)w->conf * w->chars;
	*cn += w->chars;
	(*nwords)++;
	return TRAWL_OK;
}

/* ---- ruled tables, read cell by cell ----
 *
 * Tesseract reads the ruled tables of a scan poorly: its layout analysis
 * runs a row's cells into one another across the rules, takes a row of
 * small print and the row below for one line, or a whole table for a
 * paragraph (a noisy 150-dpi scan of a table of final accounts came back
 * as two lines), and a word's reading leans on the words around it. The
 * ruling lines say where each cell is: each is read on its own, as a line
 * (as a block when it is tall), a figure once more with only the
 * characters of numbers allowed when its reading is no well-formed number
 * or unsure; then the page is read with its cells painted white. Each row
 * of cells becomes a line of the page in its place among the others, one
 * segment per cell, so the table builder finds the grid as drawn. */

#define CELLS_MAX 3000

typedef struct tcell {
	int l, t, r, b;          /* inside its borders, in the (turned) image read */
	int box[4];              /* the same as found, before trim_cell */
	int read;                /* its reading gave text */
} tcell;

typedef struct tword {
	word w;                  /* a cell's text: its box in the image as given,
	                            its text in tcells.text */
	int top;                 /* its row: the top of its cell, image read */
} tword;

typedef struct tcells {
	trawl__vec cells;        /* tcell */
	trawl__vec words;        /* tword, by row, then left to right */
	trawl__buf text;
	size_t next;             /* the first word not yet written to the page */
	long latin, han;         /* characters of each script read in cells */
} tcells;

static void tcells_init(tcells *tc)
{
	memset(tc, 0, sizeof *tc);
	trawl__vec_init(&tc->cells, sizeof(tcell));
	trawl__vec_init(&tc->words, sizeof(tword));
	trawl__buf_init(&tc->text, (size_t)16 << 20);
}

static void tcells_release(tcells *tc)
{
	trawl__vec_release(&tc->cells);
	trawl__vec_release(&tc->words);
	trawl__buf_release(&tc->text);
}

/* The centre of a word (pixels of the image read) falls in a cell. */
static int in_cell(const tcells *tc, int x, int y)
{
	for (size_t i = 0; tc && i < tc->cells.n; i++) {
		const tcell *c = &TRAWL_VEC_AT(&tc->cells, tcell, i);
		if (x >= c->box[0] && x <= c->box[2] && y >= c->box[1] && y <= c->box[3])
			return 1;
	}
	return 0;
}

static int tword_cmp(const void *a, const void *b)
{
	const tword *x = a, *y = b;
	if (x->top != y->top)
		return x->top < y->top ? -1 : 1;
	return x->w.l < y->w.l ? -1 : x->w.l > y->w.l;
}

/* Writes the rows of cells whose top lies above y (pixels of the image
 * read) into the page, as lines. */
static trawl_err emit_rows(const ocr_out *o, int y, double *csum, double *cn, int *nwords)
{
	tcells *tc = o->tc;
	word row[128];

	while (tc && tc->next < tc->words.n) {
		const tword *first = &TRAWL_VEC_AT(&tc->words, tword, tc->next);
		size_t n = 0;
		trawl_err rc;
		if (first->top >= y)
			break;
		while (tc->next < tc->words.n && n < sizeof row / sizeof row[0]) {
			const tword *tw = &TRAWL_VEC_AT(&tc->words, tword, tc->next);
			if (tw->top != first->top)
				break;
			row[n++] = tw->w;
			*csum += (double)tw->w.conf * tw->w.chars;
			*cn += tw->w.chars;
			(*nwords)++;
			tc->next++;
		}
		rc = put_line(o, row, n, tc->text.data);
		if (rc)
			return rc;
	}
	return TRAWL_OK;
}

/* Reads Tesseract's result into pg, line by line. A line of Tesseract's
 * that holds words of two rows (a unit line above a table's header, set
 * close) is cut in two where a word sits an em off the line. */
static trawl_err collect(TessBaseAPI *api, const ocr_out *o, const turn *tn, reread *rr,
                         const float (*skip)[4], size_t nskip, float min_conf, float *conf,
                         int *nwords)
{
	const float *xf = o->xf;
	TessResultIterator *ri = TessBaseAPIGetIterator(api);
	const TessPageIterator *pi;
	line_acc la;
	double csum = 0, cn = 0;
	trawl_err rc = TRAWL_OK;

	*conf = 0;
	*nwords = 0;
	if (!ri) {
		/* nothing recognized but the cells, maybe */
		rc = emit_rows(o, INT_MAX, &csum, &cn, nwords);
		if (cn > 0)
			*conf = (float)(csum / cn);
		return rc;
	}
	pi = TessResultIteratorGetPageIteratorConst(ri);
	memset(&la, 0, sizeof la);
	trawl__vec_init(&la.words, sizeof(word));
	trawl__buf_init(&la.text, (size_t)64 << 20);
	do {
		char *txt;
		float wconf = TessResultIteratorConfidence(ri, RIL_WORD);
		int l, t, r, b, raw[4], box[4];
		size_t n;
		if (TessPageIteratorIsAtBeginningOf(pi, RIL_TEXTLINE)) {
			int ll, lt, lr, lb;
			if ((rc = flush(o, &la)))
				break;
			/* the rows of cells above this line come first */
			if (TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &ll, &lt, &lr, &lb) &&
			    (rc = emit_rows(o, (lt + lb) / 2, &csum, &cn, nwords)))
				break;
		}
		txt = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
		if (!txt)
			continue;
		if (!TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &t, &r, &b) || wconf < min_conf) {
			TessDeleteText(txt);
			continue;
		}
		if (in_cell(o->tc, (l + r) / 2, (t + b) / 2)) {
			/* read with its cell */
			TessDeleteText(txt);
			continue;
		}
		raw[0] = l; raw[1] = t; raw[2] = r; raw[3] = b;
		unturn(tn, &l, &t, &r, &b);
		box[0] = l; box[1] = t; box[2] = r; box[3] = b;
		/* text the page has already (where it is on the page as given);
		 * a table's ruling lines read as '|' */
		n = strlen(txt);
		if (o->skew)
			unturn(o->skew, &l, &t, &r, &b);
		if (skipped(skip, nskip, xf[2] + (l + r) / 2.0f * xf[0],
		            xf[3] + (t + b) / 2.0f * xf[1]) || rule_mark(txt, n)) {
			TessDeleteText(txt);
			continue;
		}
		if (crosses_rule(o, l, t, r, b)) {
			/* cut where a table's border runs through it */
			piece pcs[8];
			int np = split_at_rules(ri, o, tn, pcs, 8);
			for (int k = 0; k < np && !rc; k++)
				rc = add_word(o, &la, rr, pcs[k].text, pcs[k].n, pcs[k].raw, pcs[k].box,
				              wconf, &csum, &cn, nwords);
		} else {
			/* one word, no blanks or controls inside */
			char one[256];
			size_t on = 0;
			for (size_t k = 0; k < n && on + 1 < sizeof one; k++)
				if ((unsigned char)txt[k] > ' ')
					one[on++] = txt[k];
			rc = add_word(o, &la, rr, one, on, raw, box, wconf, &csum, &cn, nwords);
		}
		TessDeleteText(txt);
		if (rc)
			break;
	} while (TessResultIteratorNext(ri, RIL_WORD));
	if (!rc)
		rc = flush(o, &la);
	if (!rc)
		rc = emit_rows(o, INT_MAX, &csum, &cn, nwords);
	TessResultIteratorDelete(ri);
	trawl__vec_release(&la.words);
	trawl__buf_release(&la.text);
	if (cn > 0)
		*conf = (float)(csum / cn);
	return rc;
}

/* Per thousand pixels, those neither paper nor ink: a clean rendering
 * has them only at the edges of glyphs, a scan has paper texture and
 * noise everywhere. */
static int gray_rate(const unsigned char *px, int w, int h, int stride)
{
	unsigned long n = 0, mid = 0;

	for (int y = 0; y < h; y += 4)
		for (int x = 0; x < w; x += 3) {
			unsigned char c = px[(size_t)y * stride + x];
			n++;
			mid += c >= 150 && c <= 245;
		}
	return n ? (int)(mid * 1000 / n) : 0;
}

/* The ruling lines of the page's tables: runs of ink at least 0.4 inch
 * long (longer than a stroke of body text) and thin, kept by opening the
 * binarized page with a long thin brick, as pixel boxes of the image
 * read (the page turned straight), and the edges of shaded bands. Appends
 * to out;
 * a failure only means fewer rules. (Painting them out of the page before
 * Tesseract reads it was tried: it read tables worse.) */
#define RULE_MAX 4000

static void find_rules(PIX *pix, int ppi, trawl__vec *out)
{
	int len = ppi * 2 / 5, thick = ppi / 30 > 2 ? ppi / 30 : 2;
	PIX *b = pixConvertTo1(pix, 200);

	if (!b)
		return;
	for (int vertical = 0; vertical < 2; vertical++) {
		/* a line broken by noise is mended first */
		PIX *c = pixCloseBrick(NULL, b, vertical ? 1 : 5, vertical ? 5 : 1);
		/* (the long brick as a composite, a brick and a comb: a plain
		 * brick of 120 pixels is 120 shifts of the whole page. Not the
		 * DWA composite, faster still: its edges differ, and on noisy
		 * 100-dpi scans it found other rules and lost a table's
		 * amounts, tests/eval/ocr_accuracy.sh) */
		PIX *m = c ? pixOpenCompBrick(NULL, c, vertical ? 1 : len, vertical ? len : 1) : NULL;
		BOXA *boxes = m ? pixConnComp(m, NULL, 8) : NULL;
		int n = boxes ? boxaGetCount(boxes) : 0;
		for (int i = 0; i < n && out->n < RULE_MAX; i++) {
			int x, y, w, h;
			prule *r;
			if (boxaGetBoxGeometry(boxes, i, &x, &y, &w, &h))
				continue;
			if ((vertical ? w : h) > thick) {
				/* a block of ink: a shaded band (grey behind a
				 * table's header row or first column, ink at this
				 * threshold) has swallowed the rules along it; its
				 * edges are those rules. (Taking the band's inside
				 * again at a threshold below its own grey, or
				 * levelling the background first, read the shaded
				 * table worse at 150 dpi: tests/eval/ocr_accuracy.sh) */
				if ((vertical ? w : h) < ppi / 8 || out->n + 2 > RULE_MAX)
					continue;
				for (int k = 0; k < 2; k++) {
					r = trawl__vec_push(out);
					if (!r)
						break;
					if (vertical) {
						r->l = k ? x + w - 2 : x; r->r = r->l + 2;
						r->t = y; r->b = y + h;
					} else {
						r->t = k ? y + h - 2 : y; r->b = r->t + 2;
						r->l = x; r->r = x + w;
					}
					r->vertical = vertical;
				}
				continue;
			}
			r = trawl__vec_push(out);
			if (!r)
				break;
			r->l = x; r->t = y; r->r = x + w; r->b = y + h;
			r->vertical = vertical;
		}
		boxaDestroy(&boxes);
		pixDestroy(&m);
		pixDestroy(&c);
	}
	pixDestroy(&b);
}

/* The page as Tesseract should see it: a skewed scan turned straight (tn
 * says how, to map boxes back), its ruling lines found on it (before the
 * noise filter, which would thin them away) and, on a noisy scan, specks
 * and grain filtered out. NULL when out of memory. */
static PIX *prepare(const unsigned char *px, int w, int h, int stride, int ppi, turn *tn,
                    trawl__vec *rules)
{
	PIX *pix = pixCreate(w, h, 8), *t, *b;
	l_float32 a = 0, conf = 0;

	memset(tn, 0, sizeof *tn);
	if (!pix)
		return NULL;
	for (int y = 0; y < h; y++) {
		l_uint32 *line = pixGetData(pix) + (size_t)y * pixGetWpl(pix);
		const unsigned char *s = px + (size_t)y * stride;
		for (int x = 0; x < w; x++)
			SET_DATA_BYTE(line, x, s[x]);
	}
	pixSetResolution(pix, ppi, ppi);
	b = pixConvertTo1(pix, 128);
	if (b && pixFindSkew(b, &a, &conf) == 0 && conf > 2.5f && fabsf(a) > 0.05f &&
	    fabsf(a) < 10 &&
	    (t = pixRotate(pix, a * 3.14159265f / 180, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE,
	                   0, 0))) {
		pixDestroy(&pix);
		pix = t;
		tn->cos_a = cosf(a * 3.14159265f / 180);
		tn->sin_a = sinf(a * 3.14159265f / 180);
		tn->cx = pixGetWidth(pix) / 2.0f;
		tn->cy = pixGetHeight(pix) / 2.0f;
		tn->on = 1;
	}
	pixDestroy(&b);
	find_rules(pix, ppi, rules);
	/* grain and specks: a 5x5 median (a speck of a 150-dpi scan shown at
	 * 300 dpi is 2 pixels wide; strokes of text are wider). Tried too: a
	 * 3x3 median, and binarizing and dropping small blobs; both read noisy
	 * 150-dpi pages worse (tests/prop/ocr_accuracy.sh) */
	if (gray_rate(px, w, h, stride) > 200 && (t = pixMedianFilter(pix, 5, 5))) {
		pixDestroy(&pix);
		pix = t;
	}
	return pix;
}

/* What a reading of a page holds: characters of each script, and its
 * mean word confidence (by characters). */
typedef struct page_stats {
	long latin, han;
	double conf;
} page_stats;

/* Below this mean confidence a reading is unsure: the other instance
 * tries too. */
#define SURE 75.0

static void survey(TessBaseAPI *api, page_stats *st)
{
	TessResultIterator *ri = TessBaseAPIGetIterator(api);
	double sum = 0, n = 0;

	memset(st, 0, sizeof *st);
	if (!ri)
		return;
	do {
		char *t = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
		float c = TessResultIteratorConfidence(ri, RIL_WORD);
		size_t i = 0, len, tn = t ? strlen(t) : 0, chars = 0;
		while (i < tn) {
			uint32_t cp = utf8_dec((const unsigned char *)t + i, tn - i, &len);
			st->latin += (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
			st->han += (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF);
			chars++;
			i += len;
		}
		sum += (double)c * chars;
		n += chars;
		TessDeleteText(t);
	} while (TessResultIteratorNext(ri, RIL_WORD));
	TessResultIteratorDelete(ri);
	st->conf = n ? sum / n : 0;
}

/* Reads pix with api within `left` seconds; 0 on success, then st says
 * what it read. */
static int recognize(TessBaseAPI *api, PIX *pix, int ppi, double left, page_stats *st)
{
	ETEXT_DESC *mon = TessMonitorCreate();
	int r;

	memset(st, 0, sizeof *st);
	if (!mon)
		return -1;
	TessMonitorSetDeadlineMSecs(mon, (int)(left * 1000));
	TessBaseAPISetImage2(api, pix);
	TessBaseAPISetSourceResolution(api, ppi);
	r = TessBaseAPIRecognize(api, mon);
	TessMonitorDelete(mon);
	if (r == 0)
		survey(api, st);
	return r;
}

/* ---- finding and reading the cells ---- */

/* A ruling line by where it runs (c: its centre across) and how far (a..b
 * along). */
typedef struct rpos {
	int c, a, b;
} rpos;

static int rpos_cmp(const void *x, const void *y)
{
	const rpos *p = x, *q = y;
	return p->c < q->c ? -1 : p->c > q->c;
}

/* A horizontal rule at y (snapped) that runs over x. */
static int h_covers(const rpos *hs, size_t nh, int y, int x, int tol)
{
	for (size_t i = 0; i < nh; i++)
		if (hs[i].c == y && hs[i].a - tol <= x && hs[i].b + tol >= x)
			return 1;
	return 0;
}

/* Rows of pixels with ink in the band y0..y1 inside its columns (between
 * the vertical rules at xs[0..nx), ins pixels clear of them), as runs: the
 * text lines of a band of a table whose rows are not ruled (or ruled too
 * faintly to find). Writes up to max runs (top, bottom) into run; returns
 * how many. */
static int ink_runs(PIX *pix, const int *xs, size_t nx, int ins, int y0, int y1, int gap,
                    int (*run)[2], int max)
{
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix), n = 0, open = 0, last = -1;

	for (int y = y0; y < y1; y++) {
		l_uint32 *line = data + (size_t)y * wpl;
		int ink = 0;
		for (size_t j = 0; j + 1 < nx && ink < 2; j++)
			for (int x = xs[j] + ins; x < xs[j + 1] - ins && ink < 2; x++)
				ink += GET_DATA_BYTE(line, x) < 140;
		if (ink < 2)
			continue;
		if (open && y - last <= gap) {
			run[n - 1][1] = y;
		} else if (n < max) {
			run[n][0] = run[n][1] = y;
			n++;
			open = 1;
		} else {
			return 0; /* too many: leave the band whole */
		}
		last = y;
	}
	return n;
}

static trawl_err push_cell(trawl__vec *cells, int l, int t, int r, int b)
{
	tcell *c = trawl__vec_push(cells);
	if (!c)
		return TRAWL_ENOMEM;
	c->l = c->box[0] = l; c->t = c->box[1] = t;
	c->r = c->box[2] = r; c->b = c->box[3] = b;
	return TRAWL_OK;
}

/* The cells the rules tr (image read) draw on pix: for each band between
 * two neighbouring horizontal rules, the spans between the vertical rules
 * that cross it, each a cell from a rule above that runs over it down to
 * the next rule below that does (a cell merged over rows is one cell). A
 * band whose rules run over all its spans and that holds several lines
 * of text apart (rows left unruled, or ruled too faintly to find) is cut
 * between them (the cuts, as rules, into cuts). A span too small for a
 * line of text, or taller than a cell of a few lines (a frame around the
 * page), is none. */
static void find_cells(const trawl__vec *tr, PIX *pix, int ppi, trawl__vec *cells,
                       trawl__vec *cuts)
{
	int tol = ppi / 60 > 3 ? ppi / 60 : 3, ins = ppi / 50 > 3 ? ppi / 50 : 3;
	int minw = ppi / 10, minh = ppi / 12, maxh = ppi * 3 / 2;
	rpos *hs = NULL, *vs = NULL;
	int *ys = NULL, *xs = NULL;
	size_t nh = 0, nv = 0, ny = 0;

	if (tr->n < 4)
		return;
	hs = malloc(tr->n * sizeof *hs);
	vs = malloc(tr->n * sizeof *vs);
	ys = malloc(tr->n * sizeof *ys);
	xs = malloc(tr->n * sizeof *xs);
	if (!hs || !vs || !ys || !xs)
		goto out; /* no cells: the page is read whole */
	for (size_t i = 0; i < tr->n; i++) {
		const prule *r = &TRAWL_VEC_AT(tr, prule, i);
		if (r->vertical)
			vs[nv++] = (rpos){ (r->l + r->r) / 2, r->t, r->b };
		else
			hs[nh++] = (rpos){ (r->t + r->b) / 2, r->l, r->r };
	}
	/* a cell's border runs from one vertical rule to another: a shorter
	 * line (an underline, a stroke of a large title) borders no cell */
	for (size_t i = 0; i < nh;) {
		int met = 0;
		for (size_t j = 0; j < nv && met < 2; j++)
			met += vs[j].c >= hs[i].a - tol && vs[j].c <= hs[i].b + tol &&
			       vs[j].a - tol <= hs[i].c && vs[j].b + tol >= hs[i].c;
		if (met < 2)
			hs[i] = hs[--nh];
		else
			i++;
	}
	qsort(hs, nh, sizeof *hs, rpos_cmp);
	qsort(vs, nv, sizeof *vs, rpos_cmp);
	/* rules a few pixels apart are one (a thick rule, a doubled one) */
	for (size_t i = 0; i < nh; i++) {
		if (!ny || hs[i].c - ys[ny - 1] > tol)
			ys[ny++] = hs[i].c;
		hs[i].c = ys[ny - 1];
	}
	for (size_t i = 1; i < nv; i++)
		if (vs[i].c - vs[i - 1].c <= tol)
			vs[i].c = vs[i - 1].c;
	for (size_t k = 0; k + 1 < ny && cells->n < CELLS_MAX; k++) {
		int ym = (ys[k] + ys[k + 1]) / 2, whole = 1, run[64][2], nr = 0;
		size_t nx = 0;
		for (size_t i = 0; i < nv; i++)
			if (vs[i].a - tol <= ym && vs[i].b + tol >= ym &&
			    (!nx || vs[i].c != xs[nx - 1]))
				xs[nx++] = vs[i].c;
		if (nx < 2)
			continue;
		for (size_t j = 0; j + 1 < nx && whole; j++) {
			int mx = (xs[j] + xs[j + 1]) / 2;
			whole = h_covers(hs, nh, ys[k], mx, tol) && h_covers(hs, nh, ys[k + 1], mx, tol);
		}
		if (whole && nx >= 3 && ys[k + 1] - ys[k] > 2 * minh)
			nr = ink_runs(pix, xs, nx, ins, ys[k] + ins, ys[k + 1] - ins, ppi / 40, run, 64);
		if (nr >= 2) {
			/* rows of text, each cut at the middle of the gaps, where
			 * a rule is drawn for the table builder */
			for (int q = 0; q < nr && cells->n < CELLS_MAX; q++) {
				int top = q ? (run[q - 1][1] + run[q][0]) / 2 : ys[k] + ins;
				int bot = q + 1 < nr ? (run[q][1] + run[q + 1][0]) / 2 : ys[k + 1] - ins;
				prule *ru = q ? trawl__vec_push(cuts) : NULL;
				if (ru) {
					ru->l = xs[0]; ru->r = xs[nx - 1];
					ru->t = top; ru->b = top + 1;
					ru->vertical = 0;
				}
				for (size_t j = 0; j + 1 < nx && cells->n < CELLS_MAX; j++)
					if (xs[j + 1] - xs[j] >= minw && bot - top >= minh / 2 &&
					    push_cell(cells, xs[j] + ins, top, xs[j + 1] - ins, bot))
						goto out;
			}
			continue;
		}
		for (size_t j = 0; j + 1 < nx && cells->n < CELLS_MAX; j++) {
			int xa = xs[j], xb = xs[j + 1], mx = (xa + xb) / 2, bot = -1;
			if (xb - xa < minw || !h_covers(hs, nh, ys[k], mx, tol))
				continue;
			for (size_t m = k + 1; m < ny && bot < 0; m++)
				if (h_covers(hs, nh, ys[m], mx, tol))
					bot = ys[m];
			if (bot < 0 || bot - ys[k] < minh || bot - ys[k] > maxh)
				continue;
			if (push_cell(cells, xa + ins, ys[k] + ins, xb - ins, bot - ins))
				goto out;
		}
	}
out:
	free(hs);
	free(vs);
	free(ys);
	free(xs);
}

/* Moves each side of cell c inwards past what is left of its border (a
 * line of pixels mostly ink: a rule thickened by the scan's blur, which
 * Tesseract reads as a bar, or as a stroke of the character beside it),
 * by ppi/25 pixels at most. */
static void trim_cell(PIX *pix, tcell *c, int ppi)
{
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix), most = ppi / 25 > 2 ? ppi / 25 : 2;

	for (int side = 0; side < 4; side++)
		for (int step = 0; step < most && c->r - c->l > 4 && c->b - c->t > 4; step++) {
			int vertical = side < 2, at = side == 0 ? c->l : side == 1 ? c->r - 1 :
			               side == 2 ? c->t : c->b - 1;
			int len = vertical ? c->b - c->t : c->r - c->l, dark = 0;
			for (int k = 0; k < len; k++) {
				int x = vertical ? at : c->l + k, y = vertical ? c->t + k : at;
				dark += GET_DATA_BYTE(data + (size_t)y * wpl, x) < 160;
			}
			if (dark * 10 < len * 4)
				break;
			if (side == 0)
				c->l++;
			else if (side == 1)
				c->r--;
			else if (side == 2)
				c->t++;
			else
				c->b--;
		}
}

/* A cell with ink in it (a speck the median filter left is none). */
static int has_ink(PIX *pix, const tcell *c, int ppi)
{
	l_uint32 *data = pixGetData(pix);
	int wpl = pixGetWpl(pix), need = ppi * ppi / 2500, n = 0;

	for (int y = c->t; y < c->b; y++) {
		l_uint32 *line = data + (size_t)y * wpl;
		for (int x = c->l; x < c->r; x++)
			if (GET_DATA_BYTE(line, x) < 140 && ++n >= need)
				return 1;
	}
	return 0;
}

/* Numbers alone: what a figure's second reading may hold. */
#define FIGURE_CHARS "0123456789.,-%"

/* The digits of b are those of a, or those of a but one (a reading with
 * a digit too many). */
static int digits_within_one(const char *a, size_t an, const char *b, size_t bn)
{
	char da[64], db[64];
	size_t na = 0, nb = 0, i = 0, j = 0;
	int skipped = 0;

	for (size_t k = 0; k < an && na < sizeof da; k++)
		if (is_digit_c(a[k]))
			da[na++] = a[k];
	for (size_t k = 0; k < bn && nb < sizeof db; k++)
		if (is_digit_c(b[k]))
			db[nb++] = b[k];
	if (!nb || (na != nb && na != nb + 1))
		return 0;
	while (i < na && j < nb) {
		if (da[i] == db[j]) {
			i++, j++;
		} else if (!skipped && na == nb + 1) {
			skipped = 1;
			i++;
		} else {
			return 0;
		}
	}
	return j == nb;
}

static size_t count_digits(const char *s, size_t n)
{
	size_t d = 0;
	for (size_t i = 0; i < n; i++)
		d += is_digit_c(s[i]);
	return d;
}

/* What of the word at ri is no part of it, at its ends: a speck or a
 * piece of a cell's border read as a sign, a point or a digit ("-777.06",
 * "9954.22" for 954.22). The marks and digits of a number are set close;
 * a first or last symbol standing apart from its neighbour by over half a
 * digit's height is none of them, and so is a "minus" that is a dot of a
 * sixth of one. *head and *tail: how many bytes to drop at each end
 * (0 or the symbol's length). */
static void stray_ends(TessResultIterator *ri, size_t *head, size_t *tail)
{
	TessResultIterator *si = TessResultIteratorCopy(ri);
	TessPageIterator *pi;
	int box[64][4];
	size_t len[64];
	char first = 0;
	int n = 0;

	*head = *tail = 0;
	if (!si)
		return;
	pi = TessResultIteratorGetPageIterator(si);
	do {
		char *sym = TessResultIteratorGetUTF8Text(si, RIL_SYMBOL);
		if (!sym || !TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &box[n][0], &box[n][1],
		                                         &box[n][2], &box[n][3])) {
			TessDeleteText(sym);
			n = 0;
			break;
		}
		if (!n)
			first = sym[0];
		len[n++] = strlen(sym);
		TessDeleteText(sym);
	} while (n < 64 && !TessPageIteratorIsAtFinalElement(pi, RIL_WORD, RIL_SYMBOL) &&
	         TessResultIteratorNext(si, RIL_SYMBOL));
	TessResultIteratorDelete(si);
	if (n < 3 || n == 64)
		return;
	{
		/* a digit's height: the tallest symbol's (a point is short) */
		int h = 0, gap = box[1][0] - box[0][2];
		int w0 = box[0][2] - box[0][0], h0 = box[0][3] - box[0][1];
		for (int k = 0; k < n; k++)
			if (box[k][3] - box[k][1] > h)
				h = box[k][3] - box[k][1];
		if (h > 0 && (gap * 2 > h || (first == '-' && w0 * 6 < h && h0 * 6 < h)))
			*head = len[0];
		gap = box[n - 1][0] - box[n - 2][2];
		if (h > 0 && gap * 2 > h)
			*tail = len[n - 1];
	}
}

/* Reads cell c once more with api as one line, with only the characters
 * `white` allowed (NULL: any): its text without blanks into out (at most
 * n - 1 bytes) and its confidence; returns the length, 0 when nothing. */
static size_t figure_read(TessBaseAPI *api, const tcell *c, const char *white, char *out,
                          size_t n, float *conf)
{
	char *txt;
	size_t on = 0;

	*conf = 0;
	if (white)
		TessBaseAPISetVariable(api, "tessedit_char_whitelist", white);
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_LINE);
	TessBaseAPISetRectangle(api, c->l, c->t, c->r - c->l, c->b - c->t);
	txt = TessBaseAPIGetUTF8Text(api);
	if (txt) {
		*conf = (float)TessBaseAPIMeanTextConf(api);
		for (size_t k = 0; txt[k] && on + 1 < n; k++)
			if ((unsigned char)txt[k] > ' ')
				out[on++] = txt[k];
		TessDeleteText(txt);
	}
	if (white)
		TessBaseAPISetVariable(api, "tessedit_char_whitelist", "");
	out[on] = '\0';
	return on;
}

/* Reads one cell with api into tc: its words joined as put_line joins a
 * line's (a space between Latin words, none between CJK or the digits of
 * one number), mended, a figure read again when its reading is no
 * well-formed number or unsure: by api with FIGURE_CHARS alone, and by
 * `other` (the other languages alone, NULL: none) as it is; the surest
 * well-formed reading is kept. */
static trawl_err read_cell(TessBaseAPI *api, TessBaseAPI *other, int ppi, const tcell *c,
                           const turn *tn, tcells *tc)
{
	TessResultIterator *ri;
	const TessPageIterator *pi;
	size_t at = tc->text.len, wstart = at, n;
	int box[4] = { 0, 0, 0, 0 }, any = 0, pl_l = 0, pl_r = 0;
	double csum = 0, cn = 0;
	float conf;
	tword *tw;
	trawl_err rc = TRAWL_OK;

	/* as a line (a block when tall); a cell that gives nothing is left
	 * to the page's reading */
	TessBaseAPISetPageSegMode(api, c->b - c->t > ppi * 32 / 100 ? PSM_SINGLE_BLOCK :
	                          PSM_SINGLE_LINE);
	TessBaseAPISetRectangle(api, c->l, c->t, c->r - c->l, c->b - c->t);
	if (TessBaseAPIRecognize(api, NULL) != 0 || !(ri = TessBaseAPIGetIterator(api)))
		return TRAWL_OK;
	pi = TessResultIteratorGetPageIteratorConst(ri);
	do {
		char *txt = TessResultIteratorGetUTF8Text(ri, RIL_WORD);
		float cf = TessResultIteratorConfidence(ri, RIL_WORD);
		char one[256];
		size_t on = 0, tn0;
		int l, t, r, b;
		if (!txt)
			continue;
		tn0 = strlen(txt);
		for (size_t k = 0; k < tn0 && on + 1 < sizeof one; k++)
			if ((unsigned char)txt[k] > ' ')
				one[on++] = txt[k];
		TessDeleteText(txt);
		if (on > 2 && number_like(one, on)) {
			/* "-777.06" for a speck before 777.06, "9954.22" for a
			 * border's piece before 954.22: wrong figures */
			size_t head, tail;
			stray_ends(ri, &head, &tail);
			if (head + tail < on) {
				memmove(one, one + head, on - head);
				on -= head + tail;
			}
		}
		if (!on || rule_mark(one, on) ||
		    !TessPageIteratorBoundingBox(pi, RIL_WORD, &l, &t, &r, &b))
			continue;
		/* a speck read as a mark (":" two pixels wide), a rule's piece
		 * read as a digit ("7" three pixels tall) */
		if ((r - l < ppi / 50 && b - t < ppi / 50) || (b - t < ppi / 30 && solid(one, on)))
			continue;
		if (tc->text.len > at) {
			const char *pw = tc->text.data + wstart;
			size_t pn = tc->text.len - wstart;
			int h = b - t, edge = ppi / 25;
			/* a lone character against the cell's border and apart from
			 * the number beside it is a piece of the border ("9" + 954.22
			 * made 9954.22): left out */
			if (pn == 1 && l - pl_r > h / 2 && pl_l - c->l < edge && numeric(one, on)) {
				tc->text.len = wstart;
				tc->text.data[wstart] = '\0';
				pw = NULL;
			} else if (on == 1 && l - pl_r > h / 2 && c->r - r < edge && numeric(pw, pn)) {
				continue;
			}
			if (!pw || tc->text.len == at)
				;
			else if (!(numeric(pw, pn) && numeric(one, on)) && !is_wide(last_char(pw, pn)) &&
			         !is_wide(first_char(one, on)))
				rc = trawl__buf_addc(&tc->text, ' ');
		}
		pl_l = l;
		pl_r = r;
		wstart = tc->text.len;
		if (!rc)
			rc = trawl__buf_add(&tc->text, one, on);
		if (rc)
			break;
		piece_grow(box, l, t, r, b, !any);
		any = 1;
		csum += (double)cf * count_chars(one, on);
		cn += count_chars(one, on);
	} while (TessResultIteratorNext(ri, RIL_WORD));
	TessResultIteratorDelete(ri);
	if (rc || tc->text.len == at)
		goto fail;
	n = mend(tc->text.data + at, tc->text.len - at);
	tc->text.len = at + n;
	tc->text.data[tc->text.len] = '\0';
	conf = cn > 0 ? (float)(csum / cn) : 0;
	/* a figure in doubt; or a mark alone, which in a table's cell is most
	 * often a digit misread ("]" for 1) */
	if ((number_like(tc->text.data + at, n) && (!good_number(tc->text.data + at, n) || conf < 90)) ||
	    (n <= 3 && !solid(tc->text.data + at, n))) {
		int good = good_number(tc->text.data + at, n);
		char a[2][128];
		size_t an[2];
		float aconf[2];
		int best = -1;
		an[0] = figure_read(api, c, FIGURE_CHARS, a[0], sizeof a[0], &aconf[0]);
		an[1] = other ? figure_read(other, c, NULL, a[1], sizeof a[1], &aconf[1]) : 0;
		/* the sign is the first reading's, whose marks were checked
		 * (stray_mark): a speck must not turn up again as a minus */
		for (int k = 0; k < 2; k++) {
			int neg = tc->text.data[at] == '-';
			if (an[k] && a[k][0] == '-' && !neg) {
				memmove(a[k], a[k] + 1, an[k]--);
			} else if (an[k] && a[k][0] != '-' && neg && an[k] + 1 < sizeof a[k]) {
				memmove(a[k] + 1, a[k], an[k] + 1);
				a[k][0] = '-';
				an[k]++;
			}
		}
		/* a figure is never made up: another reading stands only when it
		 * is a well-formed number and fairly sure, or less sure but
		 * agreeing with the first reading on the digits but one that the
		 * first has too many (chi_sim doubles a stroke: "5,1060,000.00"
		 * for 5,160,000.00); and surer */
		for (int k = 0; k < 2; k++)
			if (an[k] && good_number(a[k], an[k]) &&
			    (aconf[k] >= 60 || (aconf[k] >= 30 &&
			     digits_within_one(tc->text.data + at, n, a[k], an[k]))) &&
			    (best < 0 || aconf[k] > aconf[best]))
				best = k;
		/* another reading never has more digits than the first (a speck
		 * or a border's piece read as one more: ": 954.22" became
		 * 9954.22), and replaces a well-formed first reading only when
		 * surer and of as many digits, or of one fewer when the first is
		 * unsure and the other sure (a digit doubled: "9954.22" at 50%
		 * for 954.22) */
		if (best >= 0 && count_digits(a[best], an[best]) <= count_digits(tc->text.data + at, n) &&
		    (!good || (aconf[best] > conf + 5 && aconf[best] >= 60 &&
		               (count_digits(a[best], an[best]) == count_digits(tc->text.data + at, n) ||
		                (conf < 70 && aconf[best] >= 80 &&
		                 digits_within_one(tc->text.data + at, n, a[best], an[best])))))) {
			tc->text.len = at;
			rc = trawl__buf_add(&tc->text, a[best], an[best]);
			conf = aconf[best];
			if (rc)
				goto fail;
		}
	}
	for (size_t i = at; i < tc->text.len;) {
		size_t len;
		uint32_t cp = utf8_dec((const unsigned char *)tc->text.data + i, tc->text.len - i, &len);
		tc->latin += (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
		tc->han += cp >= 0x3400 && cp <= 0x9FFF;
		i += len;
	}
	tw = trawl__vec_push(&tc->words);
	if (!tw) {
		rc = TRAWL_ENOMEM;
		goto fail;
	}
	unturn(tn, &box[0], &box[1], &box[2], &box[3]);
	tw->w.l = box[0]; tw->w.t = box[1]; tw->w.r = box[2]; tw->w.b = box[3];
	tw->w.conf = conf;
	tw->w.start = (uint32_t)at;
	tw->w.end = (uint32_t)tc->text.len;
	tw->w.chars = count_chars(tc->text.data + at, tc->text.len - at);
	tw->w.solid = solid(tc->text.data + at, tc->text.len - at);
	tw->top = c->t;
	return TRAWL_OK;
fail:
	tc->text.len = at;
	if (tc->text.data)
		tc->text.data[at] = '\0';
	return rc;
}

/* Finds the cells of the page's ruled tables (trules: its rules in the
 * image read) and reads each that holds ink with e's first instance (with
 * the whole list when that reads them as in the other script), within
 * `left` seconds; cells not read in time are left to the page's reading.
 * Where rows were cut apart without a rule, one is added to rules (image
 * as given) for the table builder.
 * Returns the image for the page's own reading: pix with the cells read
 * painted white (a copy), or pix itself. */
static PIX *read_cells(engine *e, PIX *pix, int ppi, const turn *tn, const trawl__vec *trules,
                       trawl__vec *rules, tcells *tc, double left, trawl_err *rc)
{
	trawl__vec cuts;
	double t0 = now_s();
	TessBaseAPI *api = e->api[0];
	trawl__vec ink;
	PIX *blank = NULL;

	*rc = TRAWL_OK;
	trawl__vec_init(&cuts, sizeof(prule));
	find_cells(trules, pix, ppi, &tc->cells, &cuts);
	/* the rows cut where no rule was found part the table's rows too */
	for (size_t i = 0; i < cuts.n; i++) {
		prule *ru = trawl__vec_push(rules);
		if (!ru)
			break;
		*ru = TRAWL_VEC_AT(&cuts, prule, i);
		unturn(tn, &ru->l, &ru->t, &ru->r, &ru->b);
	}
	trawl__vec_release(&cuts);
	if (!tc->cells.n)
		return pix;
	trawl__vec_init(&ink, sizeof(tcell));
	for (size_t i = 0; i < tc->cells.n; i++) {
		tcell *c = &TRAWL_VEC_AT(&tc->cells, tcell, i);
		tcell *k;
		trim_cell(pix, c, ppi);
		if (!has_ink(pix, c, ppi))
			continue;
		k = trawl__vec_push(&ink);
		if (!k) {
			*rc = TRAWL_ENOMEM;
			goto out;
		}
		*k = *c;
	}
	for (int pass = 0; pass < 2 && api; pass++) {
		/* figures in doubt are read by the other languages too */
		TessBaseAPI *other = !pass && e->list[2][0] ? instance(e, 2) : NULL;
		size_t i;
		TessBaseAPISetImage2(api, pix);
		TessBaseAPISetSourceResolution(api, ppi);
		if (other) {
			TessBaseAPISetImage2(other, pix);
			TessBaseAPISetSourceResolution(other, ppi);
		}
		for (i = 0; i < ink.n && !*rc && now_s() - t0 < left; i++) {
			tcell *c = &TRAWL_VEC_AT(&ink, tcell, i);
			size_t had = tc->words.n;
			*rc = read_cell(api, other, ppi, c, tn, tc);
			c->read = tc->words.n > had;
		}
		TessBaseAPISetPageSegMode(api, PSM_SINGLE_COLUMN);
		TessBaseAPIClear(api);
		if (other) {
			TessBaseAPISetPageSegMode(other, PSM_SINGLE_COLUMN);
			TessBaseAPIClear(other);
		}
		if (*rc)
			goto out;
		/* cells not read in time are the page's to read */
		ink.n = i;
		if (pass || !e->cjk || tc->latin <= 2 * tc->han || !e->list[1][0])
			break;
		/* in the other script: the whole list reads them again */
		tc->words.n = 0;
		trawl__buf_reset(&tc->text);
		tc->latin = tc->han = 0;
		api = instance(e, 1);
	}
	/* only the cells read count as cells: one whose reading gave nothing
	 * is the page's to read */
	tc->cells.n = 0;
	for (size_t i = 0; i < ink.n; i++) {
		tcell *c;
		if (!TRAWL_VEC_AT(&ink, tcell, i).read)
			continue;
		c = trawl__vec_push(&tc->cells);
		if (!c) {
			*rc = TRAWL_ENOMEM;
			goto out;
		}
		*c = TRAWL_VEC_AT(&ink, tcell, i);
	}
	qsort(tc->words.items, tc->words.n, sizeof(tword), tword_cmp);
	if (!tc->cells.n)
		goto out;
	blank = pixCopy(NULL, pix);
	if (!blank) {
		*rc = TRAWL_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < tc->cells.n; i++) {
		/* with its borders: a grid left on the page leads Tesseract's
		 * layout analysis astray (it loses a line set close above it) */
		const tcell *c = &TRAWL_VEC_AT(&tc->cells, tcell, i);
		int grow = ppi / 30 > 4 ? ppi / 30 : 4;
		BOX *b = boxCreate(c->box[0] - grow, c->box[1] - grow,
		                   c->box[2] - c->box[0] + 2 * grow, c->box[3] - c->box[1] + 2 * grow);
		if (b)
			pixSetInRect(blank, b);
		boxDestroy(&b);
	}
out:
	trawl__vec_release(&ink);
	if (*rc) {
		pixDestroy(&blank);
		return NULL;
	}
	return blank ? blank : pix;
}

/* ---- lines in reading order ---- */

typedef struct lkey {
	float y, y0, y1, x0;
	uint32_t i;
} lkey;

static int lkey_cmp(const void *a, const void *b)
{
	const lkey *p = a, *q = b;
	if (p->y != q->y)
		return p->y < q->y ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

/* Puts the lines of pg from line0 on (one page's reading) in reading
 * order: top to bottom, lines side by side (overlapping by half their
 * height) left to right. Tesseract gives the blocks of a page in an order
 * of its own (a short line set apart, "单位：万元" above a table, can come
 * last), and the table builder and the reader expect the page's order. */
static trawl_err sort_lines(trawl__pdfpage *pg, size_t line0)
{
	size_t n = pg->lines.n - line0, seg0, text0;
	lkey *k;
	trawl__buf text;
	trawl__vec segs, lines;
	trawl_err rc = TRAWL_OK;

	if (n < 2)
		return TRAWL_OK;
	k = malloc(n * sizeof *k);
	if (!k)
		return TRAWL_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const trawl__pdfline *l = &TRAWL_VEC_AT(&pg->lines, trawl__pdfline, line0 + i);
		k[i] = (lkey){ (l->y0 + l->y1) / 2, l->y0, l->y1, l->x0, (uint32_t)(line0 + i) };
	}
	qsort(k, n, sizeof *k, lkey_cmp);
	/* side by side: left to right */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0; j--) {
			lkey *a = &k[j - 1], *b = &k[j];
			float ov = fminf(a->y1, b->y1) - fmaxf(a->y0, b->y0);
			float hmin = fminf(a->y1 - a->y0, b->y1 - b->y0);
			if (!(ov > hmin / 2 && b->x0 < a->x0))
				break;
			lkey t = *a;
			*a = *b;
			*b = t;
		}
	seg0 = TRAWL_VEC_AT(&pg->lines, trawl__pdfline, line0).seg;
	text0 = TRAWL_VEC_AT(&pg->lines, trawl__pdfline, line0).start;
	trawl__buf_init(&text, (size_t)64 << 20);
	trawl__vec_init(&segs, sizeof(trawl__pdfseg));
	trawl__vec_init(&lines, sizeof(trawl__pdfline));
	for (size_t i = 0; i < n && !rc; i++) {
		const trawl__pdfline *l = &TRAWL_VEC_AT(&pg->lines, trawl__pdfline, k[i].i);
		trawl__pdfline *nl = trawl__vec_push(&lines);
		uint32_t at = (uint32_t)(text0 + text.len);
		if (!nl) {
			rc = TRAWL_ENOMEM;
			break;
		}
		*nl = *l;
		nl->start = at;
		nl->seg = (uint32_t)(seg0 + segs.n);
		rc = trawl__buf_add(&text, pg->text.data + l->start, l->end - l->start);
		nl->end = (uint32_t)(text0 + text.len);
		for (uint32_t g = l->seg; g < l->seg + l->nseg && !rc; g++) {
			trawl__pdfseg *ns = trawl__vec_push(&segs);
			if (!ns) {
				rc = TRAWL_ENOMEM;
				break;
			}
			*ns = TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, g);
			ns->start = ns->start - l->start + at;
			ns->end = ns->end - l->start + at;
			ns->line = (uint32_t)(line0 + i);
		}
	}
	if (!rc && text.len == pg->text.len - text0 && segs.n == pg->segs.n - seg0) {
		memcpy(pg->text.data + text0, text.data, text.len);
		memcpy((trawl__pdfseg *)pg->segs.items + seg0, segs.items, segs.n * sizeof(trawl__pdfseg));
		memcpy((trawl__pdfline *)pg->lines.items + line0, lines.items,
		       lines.n * sizeof(trawl__pdfline));
	}
	trawl__buf_release(&text);
	trawl__vec_release(&segs);
	trawl__vec_release(&lines);
	free(k);
	return rc;
}

/* The text of pg's line l, white space trimmed off both ends. */
static const char *line_trim(const trawl__pdfpage *pg, const trawl__pdfline *l, size_t *n)
{
	const char *t = pg->text.data + l->start;
	size_t k = l->end - l->start;

	while (k && (*t == ' ' || *t == '\t'))
		t++, k--;
	while (k && (t[k - 1] == ' ' || t[k - 1] == '\t'))
		k--;
	*n = k;
	return t;
}

static int ends_with(const char *t, size_t n, const char *s)
{
	size_t k = strlen(s);
	return n >= k && !memcmp(t + n - k, s, k);
}

/* What both OCR entry points do first: the file's clock starts, its engine
 * (with the file's languages) is made or taken, and an image with no
 * pixels is refused. NULL with *rc set when either fails. */
static engine *begin(trawl__ocr_file *f, int w, int h, int stride, trawl_diag *d,
                     trawl_err *rc)
{
	engine *e;

	if (!f->started)
		f->started = now_s();
	if (!(e = get_engine(f, trawl__ocr_langs(f->o), d, rc)))
		return NULL;
	if (w <= 0 || h <= 0 || stride < w) {
		trawl__diag_set(d, NULL, "an empty image (%dx%d pixels) has nothing to OCR", w, h);
		*rc = TRAWL_EFORMAT;
		return NULL;
	}
	return e;
}

/* A table's unit line (单位：万元) that Tesseract gave as two lines, the
 * label and the unit apart (a skewed or coarse scan puts them on slightly
 * different baselines), is one line again: without its unit a table gives
 * no money facts. Lines line0.. of pg, in reading order (sort_lines). */
static void join_unit_lines(trawl__pdfpage *pg, size_t line0)
{
	static const char *const units[] = { "元", "万元", "千元", "亿元", "百万元", "万元)",
		"元)", NULL };

	for (size_t i = line0; i + 1 < pg->lines.n; i++) {
		trawl__pdfline *a = &TRAWL_VEC_AT(&pg->lines, trawl__pdfline, i);
		trawl__pdfline *b = a + 1;
		const char *at, *bt;
		size_t an, bn, k;
		float ha = a->y1 - a->y0, hb = b->y1 - b->y0, h = ha > hb ? ha : hb;
		int unit = 0;
		at = line_trim(pg, a, &an);
		bt = line_trim(pg, b, &bn);
		if (!(ends_with(at, an, "单位:") || ends_with(at, an, "单位：") ||
		      ends_with(at, an, "单位")))
			continue;
		for (k = 0; units[k]; k++)
			unit |= bn == strlen(units[k]) && !memcmp(bt, units[k], bn);
		/* the unit next to the label: on its row (within a line's
		 * height) and to its right */
		if (!unit || a->end != b->start || b->seg != a->seg + a->nseg ||
		    fabsf((b->y0 + b->y1) / 2 - (a->y0 + a->y1) / 2) > h ||
		    b->x0 < a->x1 - h || b->x0 > a->x1 + 6 * h)
			continue;
		for (uint32_t g = b->seg; g < b->seg + b->nseg; g++)
			TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, g).line = (uint32_t)i;
		a->end = b->end;
		a->nseg += b->nseg;
		a->x0 = fminf(a->x0, b->x0); a->y0 = fminf(a->y0, b->y0);
		a->x1 = fmaxf(a->x1, b->x1); a->y1 = fmaxf(a->y1, b->y1);
		/* the lines after b move up one */
		memmove(b, b + 1, (pg->lines.n - i - 2) * sizeof *b);
		pg->lines.n--;
		for (size_t g = 0; g < pg->segs.n; g++) {
			trawl__pdfseg *sg = &TRAWL_VEC_AT(&pg->segs, trawl__pdfseg, g);
			if (sg->line > i && sg->line != (uint32_t)-1)
				sg->line--;
		}
	}
}

trawl_err trawl__ocr_gray(trawl__ocr_file *f, const unsigned char *px, int w, int h,
                          int stride, int ppi, const float xf[4], trawl__pdfpage *pg,
                          const float (*skip)[4], size_t nskip, float min_conf,
                          float *conf, int *nwords, trawl_diag *d)
{
	double left, begun;
	TessBaseAPI *api;
	page_stats st;
	PIX *pix, *page;
	turn tn, skew;
	trawl__vec rules;
	tcells tc;
	engine *e;
	trawl_err rc = TRAWL_OK;
	int r;

	*conf = 0;
	*nwords = 0;
	if (!(e = begin(f, w, h, stride, d, &rc)))
		return rc;
	if (ppi <= 0)
		ppi = TRAWL__OCR_DPI;
	/* a page begun within the file's budget is finished (the budget
	 * stops the next one: trawl__ocr_may), within its own limit */
	begun = now_s();
	left = PAGE_SECONDS;
	trawl__vec_init(&rules, sizeof(prule));
	tcells_init(&tc);
	pix = prepare(px, w, h, stride, ppi, &tn, &rules);
	if (!pix) {
		trawl__vec_release(&rules);
		tcells_release(&tc);
		return TRAWL_ENOMEM;
	}
	/* the page is written as read, turned straight: rows run level, so
	 * lines and tables are found as on an upright page; the spans are
	 * turned back (pg->turn, trawl__pdftable_emit) */
	skew = tn;
	tn.on = 0;
	if (skew.on) {
		pg->turn[0] = skew.cos_a;
		pg->turn[1] = skew.sin_a;
		pg->turn[2] = xf[2] + skew.cx * xf[0];
		pg->turn[3] = xf[3] + skew.cy * xf[1];
	}
	/* the ruled tables' cells first, each on its own (a third of the
	 * page's time at most), then the rest of the page */
	page = read_cells(e, pix, ppi, &tn, &rules, &rules, &tc, PAGE_SECONDS / 3, &rc);
	if (!page) {
		pixDestroy(&pix);
		trawl__vec_release(&rules);
		tcells_release(&tc);
		return rc;
	}
	left = PAGE_SECONDS - (now_s() - begun);
	api = e->api[0];
	r = recognize(api, page, ppi, left, &st);
	if (r == 0 && e->list[1][0] &&
	    ((e->cjk && st.latin > 2 * st.han) || (!e->cjk && st.han > st.latin) ||
	     st.conf < SURE)) {
		/* in the other script, or unsure: the whole list reads it too */
		TessBaseAPI *b = instance(e, 1);
		page_stats st2;
		left = PAGE_SECONDS - (now_s() - begun);
		if (b && left >= 1 && recognize(b, page, ppi, left, &st2) == 0 &&
		    st2.conf > st.conf) {
			TessBaseAPIClear(api);
			api = b;
		} else if (b) {
			TessBaseAPIClear(b);
		}
	}
	if (r != 0) {
		trawl__diag_set(d, NULL, "Tesseract failed on this page (or took over %.0f "
		                "seconds)", PAGE_SECONDS);
		snprintf(f->error, sizeof f->error, "%.230s", d ? d->msg : "Tesseract failed");
		f->failed++;
		rc = TRAWL_EFORMAT;
	} else {
		ocr_out o = { pg, xf, rules.items, rules.n, &tc, skew.on ? &skew : NULL };
		size_t line0 = pg->lines.n;
		/* the numbers of a page read by the first language are read by
		 * the others too */
		reread rr = { e, pix, ppi, 0 };
		rc = collect(api, &o, &tn, api == e->api[0] && e->list[2][0] ? &rr : NULL, skip, nskip,
		             min_conf, conf, nwords);
		if (!rc)
			rc = sort_lines(pg, line0);
		if (!rc)
			join_unit_lines(pg, line0);
		if (rr.set)
			TessBaseAPIClear(e->api[2]);
		/* the rules also part a table's rows (pdftable.c) */
		for (size_t k = 0; k < rules.n && !rc; k++) {
			const prule *ru = &TRAWL_VEC_AT(&rules, prule, k);
			trawl__pdfrule *pr = trawl__vec_push(&pg->rules);
			if (!pr) {
				rc = TRAWL_ENOMEM;
				break;
			}
			pr->x0 = xf[2] + ru->l * xf[0]; pr->x1 = xf[2] + ru->r * xf[0];
			pr->y0 = xf[3] + ru->t * xf[1]; pr->y1 = xf[3] + ru->b * xf[1];
		}
		if (!rc)
			f->pages++;
	}
	TessBaseAPIClear(api);
	if (page != pix)
		pixDestroy(&page);
	pixDestroy(&pix);
	trawl__vec_release(&rules);
	tcells_release(&tc);
	return rc;
}

trawl_err trawl__ocr_symbols(trawl__ocr_file *f, const unsigned char *px, int w, int h,
                             int stride, int ppi, trawl__vec *out, trawl_diag *d)
{
	TessBaseAPI *api;
	TessResultIterator *ri;
	page_stats st;
	PIX *pix;
	engine *e;
	trawl_err rc = TRAWL_OK;
	int r;

	if (!(e = begin(f, w, h, stride, d, &rc)))
		return rc;
	pix = pixCreate(w, h, 8);
	if (!pix)
		return TRAWL_ENOMEM;
	for (int y = 0; y < h; y++) {
		l_uint32 *line = pixGetData(pix) + (size_t)y * pixGetWpl(pix);
		const unsigned char *s = px + (size_t)y * stride;
		for (int x = 0; x < w; x++)
			SET_DATA_BYTE(line, x, s[x]);
	}
	pixSetResolution(pix, ppi, ppi);
	/* glyphs drawn where the text was, the readable ones left out: runs
	 * and single characters scattered over the page */
	api = e->api[0];
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_BLOCK);
	r = recognize(api, pix, ppi, PAGE_SECONDS, &st);
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_COLUMN);
	if (r != 0) {
		trawl__diag_set(d, NULL, "Tesseract failed on the glyphs (or took over %.0f seconds)",
		                PAGE_SECONDS);
		snprintf(f->error, sizeof f->error, "%.230s", d ? d->msg : "Tesseract failed");
		f->failed++;
		rc = TRAWL_EFORMAT;
		goto out;
	}
	ri = TessBaseAPIGetIterator(api);
	if (ri) {
		TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
		do {
			char *t = TessResultIteratorGetUTF8Text(ri, RIL_SYMBOL);
			int l, tp, rr, b;
			size_t n;
			if (t && t[0] && TessPageIteratorBoundingBox(pi, RIL_SYMBOL, &l, &tp, &rr, &b)) {
				trawl__ocr_sym *sy = trawl__vec_push(out);
				if (!sy) {
					TessDeleteText(t);
					rc = TRAWL_ENOMEM;
					break;
				}
				sy->l = l;
				sy->t = tp;
				sy->r = rr;
				sy->b = b;
				sy->cp = utf8_dec((const unsigned char *)t, strlen(t), &n);
				sy->conf = TessResultIteratorConfidence(ri, RIL_SYMBOL);
			}
			TessDeleteText(t);
		} while (TessPageIteratorNext(pi, RIL_SYMBOL));
		TessResultIteratorDelete(ri);
	}
	if (!rc)
		f->pages++;
out:
	TessBaseAPIClear(api);
	pixDestroy(&pix);
	return rc;
}
