/* trawl diff: what changed between two sets of documents.
 *
 * Line items (facts of kind item) are keyed by their code when both sides
 * have codes, else by agency, table caption, label and column, each
 * normalized (numbering, years and spacing removed). Keys that match
 * exactly pair up; what is left pairs up when the labels are close
 * (one contains the other, or their character bigrams mostly agree) in the
 * same table and column. Amounts are exact decimals in base units, so
 * 223.00 万元 and 2230000 元 are the same amount. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/banned.h"

typedef struct item {
	char *key;         /* the exact-match key (with an occurrence number) */
	char *fuzzy;       /* agency|caption|column: where fuzzy matching may pair */
	char *label_norm;
	trawl_diff_side side;
	char *label, *code, *column;
	int matched;
	/* owned strings of side */
	char *s_value, *s_currency, *s_unit, *s_usrc, *s_doc, *s_path, *s_text, *s_caption;
} item;

typedef struct side {
	trawl__vec docs;     /* char * ids */
	trawl__vec items;    /* item */
	trawl__vec targets;  /* item (kind target) */
	trawl__vec paras;    /* item (kind paragraph) */
	char *agency;        /* of the document being read */
	int with_code;
} side;

static char *dup(const char *s)
{
	return s ? trawl__strdup(s) : NULL;
}

static void item_free(item *it)
{
	free(it->key); free(it->fuzzy); free(it->label_norm); free(it->label); free(it->code);
	free(it->column); free(it->s_value); free(it->s_currency); free(it->s_unit);
	free(it->s_usrc); free(it->s_doc); free(it->s_path); free(it->s_text); free(it->s_caption);
}

static void side_release(side *sd)
{
	size_t i;
	for (i = 0; i < sd->docs.n; i++)
		free(TRAWL_VEC_AT(&sd->docs, char *, i));
	for (i = 0; i < sd->items.n; i++)
		item_free(&TRAWL_VEC_AT(&sd->items, item, i));
	for (i = 0; i < sd->targets.n; i++)
		item_free(&TRAWL_VEC_AT(&sd->targets, item, i));
	for (i = 0; i < sd->paras.n; i++)
		item_free(&TRAWL_VEC_AT(&sd->paras, item, i));
	trawl__vec_release(&sd->docs);
	trawl__vec_release(&sd->items);
	trawl__vec_release(&sd->targets);
	trawl__vec_release(&sd->paras);
	free(sd->agency);
}

/* ---- normalization ---- */

static int is_numbering(uint32_t c)
{
	return (c >= '0' && c <= '9') || c == 0x4E00 || c == 0x4E8C || c == 0x4E09 ||
	       c == 0x56DB || c == 0x4E94 || c == 0x516D || c == 0x4E03 || c == 0x516B ||
	       c == 0x4E5D || c == 0x5341 || c == 0x3007; /* 一二三四五六七八九十〇 */
}

/* Keeps letters, digits and CJK; drops spaces and punctuation, a leading
 * enumeration ("一、", "(三)", "2.", "第四"), and with drop_years, digits
 * and the 年/年度 after them. */
static char *norm(const char *s, int drop_years)
{
	trawl__buf b;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)(s ? s : "");
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen((const char *)p), i = 0;
	int start = 1;

	trawl__buf_init(&b, 0);
	/* a leading enumeration: numbering characters then 、 . ) or a closing
	 * parenthesis, possibly opened by ( or 第 */
	{
		utf8proc_ssize_t j = 0;
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p, n, &c);
		if (k > 0 && (c == '(' || c == 0x7B2C /* 第 */))
			j = k;
		{
			utf8proc_ssize_t m = j;
			int digits = 0;
			while (m < n && (k = utf8proc_iterate(p + m, n - m, &c)) > 0 &&
			       is_numbering((uint32_t)c))
				m += k, digits++;
			if (digits && m < n && (k = utf8proc_iterate(p + m, n - m, &c)) > 0 &&
			    (c == 0x3001 || c == '.' || c == ')' || c == ',' || c == ' ' ||
			     c == 0x7AE0 /* 章 */ || c == 0x8282 /* 节 */))
				i = m + k;
		}
	}
	while (i < n) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, n - i, &c);
		if (k <= 0)
			break;
		if (drop_years == 2 && ((c >= '0' && c <= '9') || c == '.' || c == '%')) {
			/* paragraphs: a changed figure alone does not make one new */
			i += k;
			continue;
		}
		if (drop_years && c >= '0' && c <= '9') {
			/* digits, then 年 or 年度 */
			utf8proc_ssize_t m = i;
			while (m < n && p[m] >= '0' && p[m] <= '9')
				m++;
			if (m + 3 <= n && !memcmp(p + m, "年", 3)) {
				m += 3;
				if (m + 3 <= n && !memcmp(p + m, "度", 3))
					m += 3;
			}
			i = m;
			continue;
		}
		if (drop_years && start && c == 0x8868 /* 表 */) {
			/* "表三" / "表3" table numbering */
			utf8proc_ssize_t m = i + k;
			utf8proc_int32_t d;
			utf8proc_ssize_t kk;
			int any = 0;
			while (m < n && (kk = utf8proc_iterate(p + m, n - m, &d)) > 0 &&
			       is_numbering((uint32_t)d))
				m += kk, any = 1;
			if (any) {
				i = m;
				continue;
			}
		}
		start = 0;
		{
			utf8proc_category_t cat = utf8proc_category(c);
			if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) ||
			    (c >= 0x3400 && c <= 0x9FFF)) {
				utf8proc_int32_t l = utf8proc_tolower(c);
				utf8proc_uint8_t enc[4];
				utf8proc_ssize_t el = utf8proc_encode_char(l, enc);
				trawl__buf_add(&b, enc, (size_t)el);
			}
		}
		i += k;
	}
	return trawl__buf_detach(&b, NULL);
}

/* A column header without its unit: "预算数(万元)" -> "预算数". */
static char *norm_column(const char *c)
{
	char *s = trawl__strdup(c ? c : ""), *p;
	if (s && (p = strchr(s, '(')))
		*p = '\0';
	if (s) {
		char *n = norm(s, 0);
		free(s);
		return n;
	}
	return NULL;
}

/* ---- exact decimal difference ---- */

typedef struct dec {
	__int128 m;   /* value * 10^scale */
	int scale;
	int ok;
} dec;

static dec dec_parse(const char *s, int negative)
{
	dec d = { 0, 0, 1 };
	int frac = -1;

	if (!s || !*s) {
		d.ok = 0;
		return d;
	}
	for (; *s; s++) {
		if (*s == '.') {
			if (frac >= 0) { d.ok = 0; return d; }
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || d.m > ((__int128)1 << 100)) {
			d.ok = 0;
			return d;
		}
		d.m = d.m * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	d.scale = frac > 0 ? frac : 0;
	if (negative)
		d.m = -d.m;
	return d;
}

static void dec_align(dec *a, dec *b)
{
	while (a->scale < b->scale) { a->m *= 10; a->scale++; }
	while (b->scale < a->scale) { b->m *= 10; b->scale++; }
}

static void dec_format(dec d, char *out, size_t n)
{
	char digits[64];
	int len = 0, neg = d.m < 0, i;
	unsigned __int128 v = (unsigned __int128)(neg ? -d.m : d.m);
	size_t o = 0;

	do {
		digits[len++] = (char)('0' + (int)(v % 10));
		v /= 10;
	} while (v && len < 60);
	while (len <= d.scale)
		digits[len++] = '0';
	/* drop trailing zeros of the fraction */
	{
		int lead = 0;
		while (lead < d.scale && digits[lead] == '0')
			lead++;
		if (neg && o + 1 < n) out[o++] = '-';
		else if (!neg && o + 1 < n) out[o++] = '+';
		for (i = len - 1; i >= d.scale && o + 1 < n; i--)
			out[o++] = digits[i];
		if (lead < d.scale && o + 1 < n) {
			out[o++] = '.';
			for (i = d.scale - 1; i >= lead && o + 1 < n; i--)
				out[o++] = digits[i];
		}
	}
	out[o] = '\0';
}

/* ---- reading a side ---- */

/* The callbacks below can only stop a walk: a failure is kept in rc, and
 * the walk's caller returns it (a side read in part would be a wrong diff). */
typedef struct read_ctx {
	side *sd;
	trawl_err rc;
	trawl_store *s;
} read_ctx;

static int collect_doc(const trawl_hit *h, void *u)
{
	read_ctx *c = u;
	char **slot = trawl__vec_push(&c->sd->docs);
	if (!slot || !(*slot = trawl__strdup(h->doc))) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	return 0;
}

static int agency_of(const trawl_fact_info *f, void *u)
{
	read_ctx *c = u;
	side *sd = c->sd;
	if (!f->role || !f->value)
		return 0;
	if (!strcmp(f->role, "issuer") || (!sd->agency && !strcmp(f->role, "buyer"))) {
		free(sd->agency);
		sd->agency = trawl__strdup(f->value);
		if (!sd->agency) {
			c->rc = TRAWL_ENOMEM;
			return 1;
		}
		return !strcmp(f->role, "issuer");
	}
	return 0;
}

/* Copies of the fact's strings; -1 when out of memory. */
static int fill_side(item *it, const trawl_fact_info *f)
{
	it->s_value = dup(f->value);
	it->s_currency = dup(f->currency);
	it->s_unit = dup(f->unit);
	it->s_usrc = dup(f->unit_source);
	it->s_doc = dup(f->doc);
	it->s_path = dup(f->path);
	it->s_text = dup(f->text);
	it->s_caption = dup(f->caption);
	it->side.value = it->s_value;
	it->side.currency = it->s_currency;
	it->side.unit = it->s_unit;
	it->side.unit_source = it->s_usrc;
	it->side.doc = it->s_doc;
	it->side.path = it->s_path;
	it->side.text = it->s_text;
	it->side.caption = it->s_caption;
	it->side.page = f->page;
	it->side.paged = f->paged;
	it->side.negative = f->negative;
	it->side.start = f->start;
	it->side.end = f->end;
	if ((f->value && !it->s_value) || (f->currency && !it->s_currency) ||
	    (f->unit && !it->s_unit) || (f->unit_source && !it->s_usrc) ||
	    (f->doc && !it->s_doc) || (f->path && !it->s_path) || (f->text && !it->s_text) ||
	    (f->caption && !it->s_caption))
		return -1;
	return 0;
}

static int collect_item(const trawl_fact_info *f, void *u)
{
	read_ctx *c = u;
	side *sd = c->sd;
	int is_target = !strcmp(f->kind, "quantity");
	item *it = trawl__vec_push(is_target ? &sd->targets : &sd->items);
	char *lab, *cap, *colm;
	trawl__buf k;

	if (!it) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	it->label = dup(is_target ? f->text : f->label);
	it->code = dup(f->code);
	it->column = dup(f->column);
	if (fill_side(it, f) || ((is_target ? f->text : f->label) && !it->label) ||
	    (f->code && !it->code) || (f->column && !it->column)) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	lab = norm(is_target ? f->text : f->label, 0);
	cap = norm(f->caption, 1);
	colm = norm_column(f->column);
	it->label_norm = lab;
	trawl__buf_init(&k, 0);
	/* norm() and norm_column() give NULL only when out of memory */
	if (!lab || !cap || !colm) {
		free(cap);
		free(colm);
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	if (is_target) {
		/* a target: its words and number, wherever it stands */
		trawl__buf_addf(&k, "%s|%s", f->label ? f->label : "", lab);
		it->key = trawl__buf_detach(&k, NULL);
		free(cap);
		free(colm);
		if (!it->key)
			c->rc = TRAWL_ENOMEM;
		return c->rc != TRAWL_OK;
	}
	trawl__buf_addf(&k, "%s|%s|%s", sd->agency ? sd->agency : "", cap, colm);
	it->fuzzy = trawl__buf_detach(&k, NULL);
	free(cap);
	free(colm);
	if (!it->fuzzy || !it->label || !it->label_norm)
		c->rc = TRAWL_ENOMEM;
	return c->rc != TRAWL_OK;
}

/* Paragraphs: prose lines (no table cells) of 10 characters or more. */
static int collect_paras(const trawl_unit_info *ui, void *u)
{
	read_ctx *c = u;
	const char *p = ui->text, *e = ui->text + ui->len;
	const char *doc = TRAWL_VEC_AT(&c->sd->docs, char *, c->sd->docs.n - 1);

	(void)doc;
	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le = nl ? nl : e;
		size_t n = (size_t)(le - p);
		if (n >= 30 && !memchr(p, '\t', n)) {
			item *it = trawl__vec_push(&c->sd->paras);
			if (!it) {
				c->rc = TRAWL_ENOMEM;
				return 1;
			}
			it->label = trawl__strndup(p, n);
			it->key = it->label ? norm(it->label, 2) : NULL;
			if (!it->key) {
				c->rc = TRAWL_ENOMEM;
				return 1;
			}
			it->side.page = ui->number;
			it->side.text = it->label;
			/* offsets in characters */
			{
				int64_t ch = 0;
				for (const char *q = ui->text; q < p; q++)
					ch += ((unsigned char)*q & 0xC0) != 0x80;
				it->side.start = ch;
				for (const char *q = p; q < le; q++)
					ch += ((unsigned char)*q & 0xC0) != 0x80;
				it->side.end = ch;
			}
		}
		p = le + 1;
	}
	return 0;
}

static trawl_err read_side(trawl_store *s, const char *spec, side *sd, trawl_diag *d)
{
	read_ctx c = { sd, TRAWL_OK, s };
	trawl_err rc = TRAWL_OK;
	size_t i;
	int all_docs = 1;
	char *copy = trawl__strdup(spec), *tok, *save = NULL;

	if (!copy)
		return TRAWL_ENOMEM;
	/* documents named one by one, or else a filter */
	for (tok = copy; *tok; ) {
		char id[65];
		char *end = tok + strcspn(tok, " \t");
		char hold = *end;
		*end = '\0';
		if (*tok) {
			trawl_diag dd;
			if (trawl_doc_resolve(s, tok, id, &dd) != TRAWL_OK) {
				all_docs = 0;
			} else {
				char **slot = trawl__vec_push(&sd->docs);
				if (!slot || !(*slot = trawl__strdup(id))) {
					rc = TRAWL_ENOMEM;
					*end = hold;
					break;
				}
			}
		}
		*end = hold;
		tok = hold ? end + 1 : end;
	}
	(void)save;
	free(copy);
	if (rc)
		return rc;
	if (!all_docs || !sd->docs.n) {
		trawl_search_opts o = { 1 << 30, 0, 1, 0 };
		for (i = 0; i < sd->docs.n; i++)
			free(TRAWL_VEC_AT(&sd->docs, char *, i));
		sd->docs.n = 0;
		rc = trawl_search(s, spec, &o, collect_doc, &c, NULL, d);
		if (!rc)
			rc = c.rc;
		if (rc)
			return rc;
	}
	for (i = 0; i < sd->docs.n && !c.rc; i++) {
		const char *id = TRAWL_VEC_AT(&sd->docs, char *, i);
		trawl_facts_opts fo = { "party", id, NULL, 0 };
		free(sd->agency);
		sd->agency = NULL;
		if ((rc = trawl_facts(s, &fo, agency_of, &c, d)) || (rc = c.rc))
			return rc;
		fo.kind = "item";
		if ((rc = trawl_facts(s, &fo, collect_item, &c, d)))
			return rc;
		fo.kind = "quantity";
		if ((rc = trawl_facts(s, &fo, collect_item, &c, d)))
			return rc;
		{
			size_t before = sd->paras.n;
			if ((rc = trawl_doc_units(s, id, 0, collect_paras, &c)) || (rc = c.rc))
				return rc;
			trawl_doc_info info;
			const char *path = NULL;
			memset(&info, 0, sizeof info);
			if (sd->paras.n > before) {
				if ((rc = trawl_doc_get(s, id, &info)))
					return rc;
				path = info.path;
			}
			for (size_t k = before; k < sd->paras.n; k++) {
				item *it = &TRAWL_VEC_AT(&sd->paras, item, k);
				it->s_doc = trawl__strdup(id);
				it->s_path = dup(path);
				if (!it->s_doc || (path && !it->s_path))
					return TRAWL_ENOMEM;
				it->side.doc = it->s_doc;
				it->side.path = it->s_path;
				it->side.paged = info.pages > 0;
			}
		}
	}
	return c.rc;
}

/* ---- matching ---- */

typedef struct kv {
	const char *key;
	item *it;
} kv;

static int kv_cmp(const void *a, const void *b)
{
	return strcmp(((const kv *)a)->key, ((const kv *)b)->key);
}

/* Gives every item its exact key: code|column, or fuzzy|label; a repeated
 * key gets an occurrence number so duplicates pair in order. */
static trawl_err make_keys(side *sd, int by_code)
{
	size_t i, j;
	kv *arr = calloc(sd->items.n ? sd->items.n : 1, sizeof *arr);

	if (!arr)
		return TRAWL_ENOMEM;
	for (i = 0; i < sd->items.n; i++) {
		item *it = &TRAWL_VEC_AT(&sd->items, item, i);
		trawl__buf k;
		char *colm = norm_column(it->column);
		if (!colm) {
			free(arr);
			return TRAWL_ENOMEM;
		}
		trawl__buf_init(&k, 0);
		if (by_code)
			trawl__buf_addf(&k, "%s|%s", it->code ? it->code : "", colm);
		else
			trawl__buf_addf(&k, "%s|%s", it->fuzzy, it->label_norm);
		free(colm);
		free(it->key);
		it->key = trawl__buf_detach(&k, NULL);
		if (!it->key) {
			free(arr);
			return TRAWL_ENOMEM;
		}
		arr[i].key = it->key;
		arr[i].it = it;
	}
	/* stable order for the occurrence numbers: by key, then by position.
	 * Counted from the last item back, so that the keys still compared
	 * (those before i) are the unnumbered ones. */
	for (i = sd->items.n; i-- > 0; ) {
		size_t nth = 0;
		for (j = 0; j < i; j++)
			nth += !strcmp(arr[j].key, arr[i].key);
		if (nth) {
			trawl__buf k;
			char *key;
			trawl__buf_init(&k, 0);
			trawl__buf_addf(&k, "%s#%zu", arr[i].it->key, nth);
			key = trawl__buf_detach(&k, NULL);
			if (!key) {
				free(arr);
				return TRAWL_ENOMEM;
			}
			free(arr[i].it->key);
			arr[i].it->key = key;
			arr[i].key = key;
		}
	}
	free(arr);
	return TRAWL_OK;
}

static item *find_key(kv *arr, size_t n, const char *key)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(arr[mid].key, key);
		if (!c)
			return arr[mid].it;
		if (c < 0) lo = mid + 1; else hi = mid;
	}
	return NULL;
}

/* Similarity of two normalized labels: 1.0 when one contains the other,
 * else the Dice coefficient of their character bigrams. */
static double similarity(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, common = 0, na = 0, nb = 0;

	if (!la || !lb)
		return 0;
	if (strstr(a, b) || strstr(b, a))
		return 1.0;
	/* byte bigrams over UTF-8 are a fair stand-in for character bigrams */
	for (i = 0; i + 1 < la; i++) {
		na++;
		for (j = 0; j + 1 < lb; j++)
			if (a[i] == b[j] && a[i + 1] == b[j + 1]) {
				common++;
				break;
			}
	}
	nb = lb > 1 ? lb - 1 : 0;
	return na + nb ? 2.0 * (double)common / (double)(na + nb) : 0;
}

typedef struct emit_ctx {
	int (*cb)(const trawl_diff_row *, void *);
	void *u;
	int with_unchanged;
	trawl_diff_stats *st;
	int stop;
} emit_ctx;

static void emit(emit_ctx *e, const char *kind, item *a, item *b)
{
	trawl_diff_row r;
	char change[80];
	const item *x = b ? b : a;

	memset(&r, 0, sizeof r);
	r.kind = kind;
	r.item = x->label;
	r.code = x->code && *x->code ? x->code : NULL;
	r.column = x->column;
	r.a = a ? &a->side : NULL;
	r.b = b ? &b->side : NULL;
	if (!strcmp(kind, "item") && a && b) {
		dec da = dec_parse(a->side.value, a->side.negative);
		dec db = dec_parse(b->side.value, b->side.negative);
		int same_cur = !a->side.currency == !b->side.currency &&
		               (!a->side.currency || !strcmp(a->side.currency, b->side.currency));
		if (da.ok && db.ok) {
			dec_align(&da, &db);
			db.m -= da.m;
			dec_format(db, change, sizeof change);
			r.change = change;
		}
		if (da.ok && db.ok && db.m == 0 && same_cur) {
			r.status = "unchanged";
			e->st->unchanged++;
			if (!e->with_unchanged)
				return;
		} else {
			r.status = "changed";
			e->st->changed++;
		}
	} else if (a && b) {
		r.status = "unchanged";
		e->st->unchanged++;
		if (!e->with_unchanged)
			return;
	} else if (b) {
		r.status = "added";
		if (!strcmp(kind, "item"))
			e->st->added++;
		else if (!strcmp(kind, "target"))
			e->st->new_targets++;
		else
			e->st->new_paragraphs++;
	} else {
		r.status = "removed";
		e->st->removed++;
	}
	if (!e->stop && e->cb && e->cb(&r, e->u))
		e->stop = 1;
}

static int mostly_coded(const side *sd)
{
	size_t i, coded = 0;
	for (i = 0; i < sd->items.n; i++)
		coded += TRAWL_VEC_AT(&sd->items, item, i).code != NULL;
	return sd->items.n && coded * 10 >= sd->items.n * 9;
}

/* Pairs items of a and b: exact keys, then (without codes) close labels. */
static trawl_err match_items(side *a, side *b, int by_code, emit_ctx *e)
{
	kv *ka;
	size_t i, j;
	trawl_err rc;

	if ((rc = make_keys(a, by_code)) || (rc = make_keys(b, by_code)))
		return rc;
	ka = calloc(a->items.n ? a->items.n : 1, sizeof *ka);
	if (!ka)
		return TRAWL_ENOMEM;
	for (i = 0; i < a->items.n; i++) {
		ka[i].key = TRAWL_VEC_AT(&a->items, item, i).key;
		ka[i].it = &TRAWL_VEC_AT(&a->items, item, i);
	}
	qsort(ka, a->items.n, sizeof *ka, kv_cmp);
	for (i = 0; i < b->items.n; i++) {
		item *ib = &TRAWL_VEC_AT(&b->items, item, i);
		item *ia = find_key(ka, a->items.n, ib->key);
		if (ia && !ia->matched) {
			ia->matched = ib->matched = 1;
			emit(e, "item", ia, ib);
		}
	}
	/* close labels in the same table and column */
	if (!by_code) {
		for (i = 0; i < b->items.n; i++) {
			item *ib = &TRAWL_VEC_AT(&b->items, item, i), *best = NULL;
			double bs = 0.75;
			if (ib->matched)
				continue;
			for (j = 0; j < a->items.n; j++) {
				item *ia = &TRAWL_VEC_AT(&a->items, item, j);
				double sim;
				if (ia->matched || strcmp(ia->fuzzy, ib->fuzzy))
					continue;
				sim = similarity(ia->label_norm, ib->label_norm);
				if (sim > bs) {
					bs = sim;
					best = ia;
				}
			}
			if (best) {
				best->matched = ib->matched = 1;
				emit(e, "item", best, ib);
			}
		}
	}
	for (i = 0; i < a->items.n; i++) {
		item *ia = &TRAWL_VEC_AT(&a->items, item, i);
		if (!ia->matched)
			emit(e, "item", ia, NULL);
	}
	for (i = 0; i < b->items.n; i++) {
		item *ib = &TRAWL_VEC_AT(&b->items, item, i);
		if (!ib->matched)
			emit(e, "item", NULL, ib);
	}
	free(ka);
	return TRAWL_OK;
}

/* What is in b and not in a, by key: new targets and paragraphs. */
static trawl_err new_in_b(trawl__vec *va, trawl__vec *vb, const char *kind, emit_ctx *e)
{
	kv *ka = calloc(va->n ? va->n : 1, sizeof *ka);
	size_t i;

	if (!ka)
		return TRAWL_ENOMEM;
	for (i = 0; i < va->n; i++) {
		ka[i].key = TRAWL_VEC_AT(va, item, i).key ? TRAWL_VEC_AT(va, item, i).key : "";
		ka[i].it = &TRAWL_VEC_AT(va, item, i);
	}
	qsort(ka, va->n, sizeof *ka, kv_cmp);
	for (i = 0; i < vb->n; i++) {
		item *ib = &TRAWL_VEC_AT(vb, item, i);
		size_t j;
		int dup_in_b = 0;
		if (!ib->key || find_key(ka, va->n, ib->key))
			continue;
		for (j = 0; j < i && !dup_in_b; j++)
			dup_in_b = TRAWL_VEC_AT(vb, item, j).key &&
			           !strcmp(TRAWL_VEC_AT(vb, item, j).key, ib->key);
		if (!dup_in_b)
			emit(e, kind, NULL, ib);
	}
	free(ka);
	return TRAWL_OK;
}

trawl_err trawl_diff(trawl_store *s, const char *a, const char *b, int with_unchanged,
                     int (*cb)(const trawl_diff_row *, void *), void *u,
                     trawl_diff_stats *st, trawl_diag *d)
{
	side sa, sb;
	trawl_diff_stats local;
	emit_ctx e;
	trawl_err rc;

	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	memset(&sa, 0, sizeof sa);
	memset(&sb, 0, sizeof sb);
	trawl__vec_init(&sa.docs, sizeof(char *));
	trawl__vec_init(&sb.docs, sizeof(char *));
	trawl__vec_init(&sa.items, sizeof(item));
	trawl__vec_init(&sb.items, sizeof(item));
	trawl__vec_init(&sa.targets, sizeof(item));
	trawl__vec_init(&sb.targets, sizeof(item));
	trawl__vec_init(&sa.paras, sizeof(item));
	trawl__vec_init(&sb.paras, sizeof(item));
	rc = read_side(s, a, &sa, d);
	if (!rc)
		rc = read_side(s, b, &sb, d);
	if (rc)
		goto out;
	st->adocs = sa.docs.n;
	st->bdocs = sb.docs.n;
	if (!sa.docs.n || !sb.docs.n) {
		trawl__diag_set(d, "", "side %s matches no document", !sa.docs.n ? "A" : "B");
		rc = TRAWL_ENOTFOUND;
		goto out;
	}
	e.cb = cb;
	e.u = u;
	e.with_unchanged = with_unchanged;
	e.st = st;
	e.stop = 0;
	st->by_code = mostly_coded(&sa) && mostly_coded(&sb);
	rc = match_items(&sa, &sb, st->by_code, &e);
	if (!rc)
		rc = new_in_b(&sa.targets, &sb.targets, "target", &e);
	if (!rc)
		rc = new_in_b(&sa.paras, &sb.paras, "paragraph", &e);
out:
	side_release(&sa);
	side_release(&sb);
	return rc;
}
