/* trawl diff: what changed between two sets of documents, or over a
 * series of them (a side per year).
 *
 * What is compared: line items (facts of kind item, and, in a budget that
 * has no tables of them, its figures of money in prose by the name before
 * them), performance targets
 * (indicator), projects (project), and, new on the last side only, the
 * targets stated in prose (quantity) and paragraphs.
 *
 * Line items are keyed by their code when every side has codes, else by
 * agency, table caption, label and column, each normalized (numbering,
 * years and spacing removed); indicators by project and name; projects by
 * name. Across a series, each side's things are matched to what the sides
 * before it had (the most recent first): equal keys, then close names
 * (one contains the other, or their character bigrams mostly agree) in
 * the same table and column, or project. What the last side has and no
 * earlier side had is added; what an earlier side had and the last has
 * not is removed; the rest is compared with the last earlier side that
 * has it. Amounts are exact decimals in base units, so 223.00 万元 and
 * 2230000 元 are the same amount. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <utf8proc.h>
#include "compare/match.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/alloc.h"
#include "util/banned.h"

enum { K_ITEM, K_IND, K_PROJ, K_TARGET, K_PARA, K_N };
static const char *const kind_names[K_N] = { "item", "indicator", "project", "target",
	"paragraph" };

typedef struct item {
	char *key;         /* the exact-match key (with an occurrence number) */
	char *fuzzy;       /* items: agency|caption|column, where close labels may
	                      pair; indicators: the project, normalized */
	char *label_norm;
	trawl_diff_side side;
	char *label, *code, *column;
	char *name;        /* the row's name for a reader */
	size_t ent;        /* its entity (what it is across sides), + 1 */
	/* owned strings of side */
	char *s_value, *s_currency, *s_unit, *s_usrc, *s_doc, *s_path, *s_text, *s_caption;
	char *s_target, *s_points, *s_project, *s_status, *s_attrs;
} item;

typedef struct side {
	trawl__vec docs;     /* char * ids */
	trawl__vec v[K_N];   /* item, by kind */
	char *agency;        /* of the document being read */
	char *label;
	int years;           /* its documents' year, 0 none, -1 several */
} side;

static char *dup(const char *s)
{
	return s ? trawl__strdup(s) : NULL;
}

static void item_free(item *it)
{
	free(it->key); free(it->fuzzy); free(it->label_norm); free(it->label); free(it->code);
	free(it->column); free(it->name); free(it->s_value); free(it->s_currency);
	free(it->s_unit); free(it->s_usrc); free(it->s_doc); free(it->s_path); free(it->s_text);
	free(it->s_caption); free(it->s_target); free(it->s_points); free(it->s_project);
	free(it->s_status); free(it->s_attrs);
}

static void side_init(side *sd)
{
	memset(sd, 0, sizeof *sd);
	trawl__vec_init(&sd->docs, sizeof(char *));
	for (int k = 0; k < K_N; k++)
		trawl__vec_init(&sd->v[k], sizeof(item));
}

static void side_release(side *sd)
{
	size_t i;
	for (i = 0; i < sd->docs.n; i++)
		free(TRAWL_VEC_AT(&sd->docs, char *, i));
	trawl__vec_release(&sd->docs);
	for (int k = 0; k < K_N; k++) {
		for (i = 0; i < sd->v[k].n; i++)
			item_free(&TRAWL_VEC_AT(&sd->v[k], item, i));
		trawl__vec_release(&sd->v[k]);
	}
	free(sd->agency);
	free(sd->label);
}

/* ---- normalization ---- */

/* A column header without its unit: "预算数(万元)" -> "预算数". */
static char *norm_column(const char *c)
{
	char *s = trawl__strdup(c ? c : ""), *p;
	if (s && (p = strchr(s, '(')))
		*p = '\0';
	if (s) {
		char *n = trawl__name_norm(s, 0);
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
	/* the indicators' citations in the document being read: a prose
	 * target inside one is that indicator's, not a target of its own */
	trawl__vec spans;    /* int64_t[3]: page, bstart, bend */
	int doc_items;     /* the document being read has line items of its tables */
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
	it->s_attrs = dup(f->attrs);
	it->side.value = it->s_value;
	it->side.currency = it->s_currency;
	it->side.unit = it->s_unit;
	it->side.unit_source = it->s_usrc;
	it->side.doc = it->s_doc;
	it->side.path = it->s_path;
	it->side.text = it->s_text;
	it->side.caption = it->s_caption;
	it->side.attrs = it->s_attrs;
	it->side.page = f->page;
	it->side.paged = f->paged;
	it->side.negative = f->negative;
	it->side.start = f->start;
	it->side.end = f->end;
	if ((f->value && !it->s_value) || (f->currency && !it->s_currency) ||
	    (f->unit && !it->s_unit) || (f->unit_source && !it->s_usrc) ||
	    (f->doc && !it->s_doc) || (f->path && !it->s_path) || (f->text && !it->s_text) ||
	    (f->caption && !it->s_caption) || (f->attrs && !it->s_attrs))
		return -1;
	return 0;
}

static const char *jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

/* Thousands separators for a reader: 1039200 -> 1,039,200. */
static void group_digits(const char *v, char *out, size_t n)
{
	size_t len = strlen(v), ip = strcspn(v, "."), o = 0;

	for (size_t i = 0; i < len && o + 2 < n; i++) {
		if (i && i < ip && (ip - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = v[i];
	}
	out[o] = '\0';
}

/* An indicator or a project: its name, target and project from attrs. */
static int budget_item(read_ctx *c, item *it, const trawl_fact_info *f, int kind)
{
	cJSON *a = f->attrs ? cJSON_Parse(f->attrs) : NULL;
	trawl__buf k, nm;
	char *lab, *proj = NULL;
	/* any copy that should exist and does not: out of memory */
	int lost = (f->attrs && !a) || (f->label && !(it->label = dup(f->label)));

	trawl__buf_init(&k, 0);
	trawl__buf_init(&nm, 0);
	if (kind == K_IND) {
		const char *target = a ? jstr(a, "target") : NULL;
		const char *points = a ? jstr(a, "points") : NULL;
		const char *project = a ? jstr(a, "project") : NULL;
		it->s_target = dup(target ? target : f->value);
		it->s_points = dup(points);
		it->s_project = dup(project);
		it->side.target = it->s_target;
		it->side.points = it->s_points;
		it->side.project = it->s_project;
		lab = trawl__name_norm(f->label, 1);
		proj = trawl__name_norm(project, 1);
		lost |= (it->s_target == NULL) != (target == NULL && f->value == NULL) ||
		        (points && !it->s_points) || (project && !it->s_project);
		trawl__buf_addf(&k, "%s|%s", proj ? proj : "", lab ? lab : "");
		trawl__buf_addf(&nm, "%s %s", f->label ? f->label : "", it->s_target ? it->s_target : "");
		if (points)
			trawl__buf_addf(&nm, " (%s分)", points);
		if (project)
			trawl__buf_addf(&nm, ", project %s", project);
	} else {
		const char *status = a ? jstr(a, "status") : NULL;
		const char *code = a ? jstr(a, "code") : NULL;
		char *full = dup(f->label);
		size_t l = full ? strlen(full) : 0;
		it->s_status = dup(status);
		it->side.status = it->s_status;
		lost |= (f->label && !full) || (status && !it->s_status);
		/* X项目 and X are one project */
		if (l > 6 && !strcmp(full + l - 6, "项目"))
			full[l - 6] = '\0';
		lab = trawl__name_norm(full, 1);
		free(full);
		trawl__buf_adds(&k, lab ? lab : "");
		trawl__buf_adds(&nm, f->label ? f->label : "");
		if (f->value) {
			char g[64];
			group_digits(f->value, g, sizeof g);
			trawl__buf_addf(&nm, ", %s %s", g, f->currency ? f->currency : "");
		}
		if (code)
			trawl__buf_addf(&nm, ", %s", code);
		if (status)
			trawl__buf_addf(&nm, ", %s", status);
	}
	it->label_norm = lab;
	it->fuzzy = proj ? proj : trawl__strdup("");
	it->key = trawl__buf_detach(&k, NULL);
	it->name = trawl__buf_detach(&nm, NULL);
	cJSON_Delete(a);
	if (lost || !it->key || !it->name || !it->label_norm || !it->fuzzy)
		c->rc = TRAWL_ENOMEM;
	return c->rc != TRAWL_OK;
}

/* A name that says only that a figure is money, not what for (预算,
 * 本项目预算, 金额, 合计 …): several in one text can't be told apart. */
static int generic_name(const char *label)
{
	static const char *const pre[] = { "本项目", "该项目", "项目", "本", "该", "其", NULL };
	static const char *const w[] = { "预算", "預算", "预算金额", "预算数", "金额", "金額",
		"资金", "经费", "费用", "价格", "单价", "总价", "合计", "总计", "小计", "总额",
		"总金额", "投资", "总投资", "中标金额", "成交金额", "合同金额", "采购预算",
		"预算总额", "价款", "款", "费", NULL };
	char *n = trawl__name_norm(label, 1);
	const char *p = n;
	int k, hit = 0;

	if (!n)
		return 1;
	for (k = 0; pre[k]; k++)
		if (!strncmp(p, pre[k], strlen(pre[k]))) {
			p += strlen(pre[k]);
			break;
		}
	for (k = 0; w[k] && !hit; k++)
		hit = !strcmp(p, w[k]);
	hit = hit || !*p;
	free(n);
	return hit;
}

static int collect_item(const trawl_fact_info *f, void *u)
{
	read_ctx *c = u;
	side *sd = c->sd;
	int kind = !strcmp(f->kind, "quantity") ? K_TARGET : !strcmp(f->kind, "indicator") ? K_IND :
	           !strcmp(f->kind, "project") ? K_PROJ : K_ITEM;
	item *it;
	char *lab, *cap, *colm;
	trawl__buf k;

	/* a budget's figure in prose, by its name (2024年“三公”经费财政拨款预算数
	 * 25.6万元): a line item of the text, when the name says what it is */
	if (!strcmp(f->kind, "money") &&
	    (c->doc_items || !f->label || !*f->label || !f->doc_kind ||
	     (strcmp(f->doc_kind, "budget") && strcmp(f->doc_kind, "final_accounts")) ||
	     generic_name(f->label)))
		return 0;

	if (kind == K_TARGET) {
		for (size_t i = 0; i + 2 < c->spans.n; i += 3) {
			const int64_t *sp = &TRAWL_VEC_AT(&c->spans, int64_t, i);
			if (sp[0] == f->page && f->bstart >= sp[1] && f->bend <= sp[2])
				return 0;
		}
	}
	if (kind == K_IND) {
		int64_t *sp = trawl__vec_push(&c->spans);
		int64_t *sp2 = sp ? trawl__vec_push(&c->spans) : NULL;
		int64_t *sp3 = sp2 ? trawl__vec_push(&c->spans) : NULL;
		if (!sp3) {
			c->rc = TRAWL_ENOMEM;
			return 1;
		}
		/* (the vector may have moved) */
		sp = &TRAWL_VEC_AT(&c->spans, int64_t, c->spans.n - 3);
		sp[0] = f->page;
		sp[1] = f->bstart;
		sp[2] = f->bend;
	}
	it = trawl__vec_push(&sd->v[kind]);
	if (!it) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	memset(it, 0, sizeof *it);
	if (fill_side(it, f)) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	if (kind == K_IND || kind == K_PROJ)
		return budget_item(c, it, f, kind);
	it->label = dup(kind == K_TARGET ? f->text : f->label);
	it->code = dup(f->code);
	it->column = dup(f->column);
	if (((kind == K_TARGET ? f->text : f->label) && !it->label) || (f->code && !it->code) ||
	    (f->column && !it->column)) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	/* (a prose figure's name without its year: 2024年公务接待费预算 is the
	 * year's own, paired with 2023年… the year before, in order) */
	lab = trawl__name_norm(kind == K_TARGET ? f->text : f->label, !strcmp(f->kind, "money"));
	cap = trawl__name_norm(f->caption, 1);
	colm = norm_column(f->column);
	it->label_norm = lab;
	trawl__buf_init(&k, 0);
	/* trawl__name_norm() and norm_column() give NULL only when out of memory */
	if (!lab || !cap || !colm) {
		free(cap);
		free(colm);
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	if (kind == K_TARGET) {
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

	while (p < e) {
		const char *nl = memchr(p, '\n', (size_t)(e - p)), *le = nl ? nl : e;
		size_t n = (size_t)(le - p);
		if (n >= 30 && !memchr(p, '\t', n)) {
			item *it = trawl__vec_push(&c->sd->v[K_PARA]);
			if (!it) {
				c->rc = TRAWL_ENOMEM;
				return 1;
			}
			memset(it, 0, sizeof *it);
			it->label = trawl__strndup(p, n);
			it->key = it->label ? trawl__name_norm(it->label, 2) : NULL;
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

/* The side's documents: ids or paths named one by one, else a filter. */
static trawl_err side_docs(trawl_store *s, const char *spec, side *sd, trawl_diag *d)
{
	trawl_err rc = TRAWL_OK;
	size_t i;
	int all_docs = 1;
	char *copy = trawl__strdup(spec), *tok;

	if (!copy)
		return TRAWL_ENOMEM;
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
					break;
				}
			}
		}
		*end = hold;
		tok = hold ? end + 1 : end;
	}
	free(copy);
	if (rc)
		return rc;
	if (!all_docs || !sd->docs.n) {
		trawl_search_opts o = { .limit = 1 << 30, .files = 1 };
		for (i = 0; i < sd->docs.n; i++)
			free(TRAWL_VEC_AT(&sd->docs, char *, i));
		sd->docs.n = 0;
		read_ctx c = { sd, TRAWL_OK, s, { 0 }, 0 };
		rc = trawl_search(s, spec, &o, collect_doc, &c, NULL, d);
		if (!rc)
			rc = c.rc;
	}
	return rc;
}

static trawl_err read_side(trawl_store *s, const char *spec, side *sd, trawl_diag *d)
{
	read_ctx c = { sd, TRAWL_OK, s, { 0 }, 0 };
	trawl_err rc;
	size_t i;

	trawl__vec_init(&c.spans, sizeof(int64_t));
	if ((rc = side_docs(s, spec, sd, d)))
		goto out;
	for (i = 0; i < sd->docs.n && !c.rc; i++) {
		const char *id = TRAWL_VEC_AT(&sd->docs, char *, i);
		trawl_facts_opts fo = { .kind = "party", .doc = id };
		trawl_doc_info info;
		size_t before;
		free(sd->agency);
		sd->agency = NULL;
		if ((rc = trawl_facts(s, &fo, agency_of, &c, d)) || (rc = c.rc))
			goto out;
		c.spans.n = 0;
		size_t items0 = sd->v[K_ITEM].n;
		/* indicators before the prose targets they hold */
		static const char *const kinds[] = { "item", "money", "indicator", "project",
			"quantity" };
		for (int k = 0; k < 5; k++) {
			/* (a budget of tables is compared by its tables' line
			 * items: its prose repeats them) */
			if (k == 1)
				c.doc_items = sd->v[K_ITEM].n > items0;
			fo.kind = kinds[k];
			if ((rc = trawl_facts(s, &fo, collect_item, &c, d)) || (rc = c.rc))
				goto out;
		}
		before = sd->v[K_PARA].n;
		if ((rc = trawl_doc_units(s, id, 0, collect_paras, &c, d)) || (rc = c.rc))
			goto out;
		memset(&info, 0, sizeof info);
		/* the document was just read: failing to get it now is the
		 * store's failure (or memory), not a document without a year */
		if ((rc = trawl_doc_get(s, id, &info, d)))
			goto out;
		if (!sd->years && info.year > 0)
			sd->years = info.year;
		else if (sd->years != info.year)
			sd->years = -1;
		for (size_t k = before; k < sd->v[K_PARA].n; k++) {
			item *it = &TRAWL_VEC_AT(&sd->v[K_PARA], item, k);
			it->s_doc = trawl__strdup(id);
			it->s_path = dup(info.path);
			if (!it->s_doc || (info.path && !it->s_path)) {
				rc = TRAWL_ENOMEM;
				goto out;
			}
			it->side.doc = it->s_doc;
			it->side.path = it->s_path;
			it->side.paged = info.pages > 0;
		}
	}
	rc = c.rc;
out:
	trawl__vec_release(&c.spans);
	return rc;
}

/* ---- matching ---- */

typedef struct kv {
	const char *key;
	item *it;
} kv;

static int kv_cmp(const void *a, const void *b)
{
	int c = strcmp(((const kv *)a)->key, ((const kv *)b)->key);
	if (c)
		return c;
	/* equal keys keep their order */
	return ((const kv *)a)->it < ((const kv *)b)->it ? -1 : ((const kv *)a)->it > ((const kv *)b)->it;
}

/* Gives every item of v its exact key (items: code|column, or
 * fuzzy|label, else their own key); a repeated key gets an occurrence
 * number so duplicates pair in order. */
static trawl_err make_keys(trawl__vec *v, int kind, int by_code)
{
	size_t i, n = v->n;
	kv *arr = calloc(n ? n : 1, sizeof *arr);

	if (!arr)
		return TRAWL_ENOMEM;
	for (i = 0; i < n; i++) {
		item *it = &TRAWL_VEC_AT(v, item, i);
		if (kind == K_ITEM) {
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
		}
		if (!it->key) {
			free(arr);
			return TRAWL_ENOMEM;
		}
		arr[i].key = it->key;
		arr[i].it = it;
	}
	/* occurrence numbers: by key, then by position */
	qsort(arr, n, sizeof *arr, kv_cmp);
	for (i = 1; i < n; i++) {
		size_t nth = 0, j = i;
		while (j > 0 && !strcmp(arr[j - 1].key, arr[i].key))
			j--, nth++;
		if (nth) {
			trawl__buf k;
			trawl__buf_init(&k, 0);
			trawl__buf_addf(&k, "%s#%zu", arr[i].key, nth);
			arr[i].it->key = trawl__buf_detach(&k, NULL);
			if (!arr[i].it->key) {
				/* the items keep their own keys, numbered or not */
				arr[i].it->key = (char *)arr[i].key;
				for (j = 1; j < i; j++)
					if (arr[j].it->key != arr[j].key)
						free((char *)arr[j].key);
				free(arr);
				return TRAWL_ENOMEM;
			}
		}
	}
	/* (the keys replaced above are freed once every number is given) */
	for (i = 1; i < n; i++)
		if (arr[i].it->key != arr[i].key)
			free((char *)arr[i].key);
	free(arr);
	return TRAWL_OK;
}

/* Do a and b (of the same kind) name the same thing in other words? */
static double closeness(int kind, const item *a, const item *b)
{
	double s;

	if (kind == K_ITEM) {
		if (strcmp(a->fuzzy, b->fuzzy))
			return 0;
		return trawl__name_similarity(a->label_norm, b->label_norm);
	}
	s = trawl__name_similarity(a->label_norm, b->label_norm);
	if (kind == K_IND && a->fuzzy[0] && b->fuzzy[0] && strcmp(a->fuzzy, b->fuzzy) &&
	    trawl__name_similarity(a->fuzzy, b->fuzzy) < 0.5)
		return 0; /* the same words in another project */
	return s;
}

/* What one thing is across the sides: members[k] on side k, or NULL. */
typedef struct series {
	size_t nsides;
	side *sides;
	trawl__vec members;  /* item *, nsides per entity */
} series;

static item **members(series *sr, size_t e)
{
	return &TRAWL_VEC_AT(&sr->members, item *, e * sr->nsides);
}

static size_t nents(const series *sr)
{
	return sr->members.n / sr->nsides;
}

/* The member of entity e on the latest side before `before`, or NULL. */
static item *latest(series *sr, size_t e, size_t before)
{
	item **m = members(sr, e);
	for (size_t k = before; k > 0; k--)
		if (m[k - 1])
			return m[k - 1];
	return NULL;
}

static trawl_err new_entity(series *sr, item *it, size_t k)
{
	for (size_t j = 0; j < sr->nsides; j++)
		if (!trawl__vec_push(&sr->members))
			return TRAWL_ENOMEM;
	memset(members(sr, nents(sr) - 1), 0, sr->nsides * sizeof(item *));
	members(sr, nents(sr) - 1)[k] = it;
	it->ent = nents(sr);
	return TRAWL_OK;
}

/* Matches the things of kind on side k to the entities the sides before
 * it made: equal keys, then (when fuzzy) close names; the rest become
 * entities of their own. Targets and paragraphs have no occurrence
 * numbers: every one with a key seen before is old (repeats). */
static trawl_err match_side(series *sr, int kind, size_t k, int fuzzy, int by_code)
{
	int repeats = kind == K_TARGET || kind == K_PARA;
	trawl__vec *v = &sr->sides[k].v[kind];
	size_t ne = nents(sr), i, j;
	kv *arr = NULL;
	unsigned char *taken = NULL;
	trawl_err rc = TRAWL_OK;

	if (ne) {
		arr = calloc(ne, sizeof *arr);
		taken = calloc(ne, 1);
		if (!arr || !taken) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		/* the entities by the key of their latest member (the more recent
		 * entity first among equal keys) */
		for (j = 0; j < ne; j++) {
			item *m = latest(sr, j, k);
			arr[j].key = m && m->key ? m->key : "";
			arr[j].it = m;
		}
		qsort(arr, ne, sizeof *arr, kv_cmp);
	}
	for (i = 0; i < v->n; i++) {
		item *it = &TRAWL_VEC_AT(v, item, i);
		size_t lo = 0, hi = ne, best = (size_t)-1;
		if (!it->key)
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (strcmp(arr[mid].key, it->key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < ne && !strcmp(arr[lo].key, it->key); lo++) {
			size_t e = arr[lo].it ? arr[lo].it->ent - 1 : (size_t)-1;
			if (e == (size_t)-1 || (taken[e] && !repeats))
				continue;
			/* a budget subject's code (2040299) may head another project
			 * each year: one code with unrelated names is two lines */
			if (by_code && arr[lo].it->label_norm && it->label_norm &&
			    trawl__name_similarity(arr[lo].it->label_norm, it->label_norm) < 0.3)
				continue;
			/* the entity seen most recently */
			if (best == (size_t)-1 || latest(sr, e, k) > latest(sr, best, k))
				best = e;
		}
		if (best != (size_t)-1) {
			taken[best] = 1;
			if (!members(sr, best)[k])
				members(sr, best)[k] = it;
			it->ent = best + 1;
		}
	}
	if (fuzzy && ne) {
		for (i = 0; i < v->n; i++) {
			item *it = &TRAWL_VEC_AT(v, item, i);
			double bs = 0.75;
			size_t best = (size_t)-1;
			if (it->ent || !it->label_norm)
				continue;
			for (j = 0; j < ne; j++) {
				item *m;
				double s;
				if (taken[j] || !(m = latest(sr, j, k)) || !m->label_norm)
					continue;
				s = closeness(kind, m, it);
				if (s > bs) {
					bs = s;
					best = j;
				}
			}
			if (best != (size_t)-1) {
				taken[best] = 1;
				members(sr, best)[k] = it;
				it->ent = best + 1;
			}
		}
	}
	for (i = 0; i < v->n && !rc; i++) {
		item *it = &TRAWL_VEC_AT(v, item, i);
		if (!it->ent)
			rc = new_entity(sr, it, k);
	}
out:
	free(arr);
	free(taken);
	return rc;
}

/* ---- rows ---- */

typedef struct emit_ctx {
	int (*cb)(const trawl_diff_row *, void *);
	void *u;
	int with_unchanged;
	trawl_diff_stats *st;
	int stop;
	series *sr;
} emit_ctx;

static void count(trawl_diff_stats *st, int kind, const char *status)
{
	int add = !strcmp(status, "added"), rem = !strcmp(status, "removed");
	int chg = !strcmp(status, "changed"), same = !strcmp(status, "unchanged");

	if (kind == K_ITEM) {
		st->added += add;
		st->removed += rem;
		st->changed += chg;
		st->unchanged += same;
	} else if (kind == K_IND) {
		st->ind_added += add;
		st->ind_removed += rem;
		st->ind_changed += chg;
	} else if (kind == K_PROJ) {
		st->proj_added += add;
		st->proj_removed += rem;
		st->proj_changed += chg;
	} else if (kind == K_TARGET) {
		st->new_targets += add;
	} else {
		st->new_paragraphs += add;
	}
}

/* One row for entity e: a (the last earlier side that has it) against b
 * (the last side). */
static void emit(emit_ctx *e, int kind, size_t ent, item *a, item *b)
{
	series *sr = e->sr;
	item **m = members(sr, ent);
	const trawl_diff_side *sides[TRAWL_DIFF_MAX_SIDES];
	const char *labels[TRAWL_DIFF_MAX_SIDES];
	trawl_diff_row r;
	trawl__buf absent;
	char change[160] = "";
	const item *x = b ? b : a;

	memset(&r, 0, sizeof r);
	r.kind = kind_names[kind];
	r.item = x->label;
	r.name = x->name;
	r.code = x->code && *x->code ? x->code : NULL;
	r.column = x->column;
	r.a = a ? &a->side : NULL;
	r.b = b ? &b->side : NULL;
	r.nsides = sr->nsides;
	for (size_t k = 0; k < sr->nsides; k++) {
		sides[k] = m[k] ? &m[k]->side : NULL;
		labels[k] = sr->sides[k].label;
	}
	r.sides = sides;
	r.labels = labels;
	if ((kind == K_ITEM || kind == K_PROJ) && a && b) {
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
		if (da.ok && db.ok && db.m == 0 && same_cur)
			r.status = "unchanged";
		else if (!da.ok && !db.ok)
			r.status = "unchanged";
		else
			r.status = "changed";
	} else if (kind == K_IND && a && b) {
		const char *ta = a->side.target ? a->side.target : "";
		const char *tb = b->side.target ? b->side.target : "";
		const char *pa = a->side.points ? a->side.points : "";
		const char *pb = b->side.points ? b->side.points : "";
		size_t o = 0;
		if (strcmp(ta, tb))
			o += (size_t)snprintf(change, sizeof change, "%s -> %s", ta, tb);
		if (strcmp(pa, pb) && o < sizeof change)
			snprintf(change + o, sizeof change - o, "%s%s分 -> %s分", o ? ", " : "",
			         pa[0] ? pa : "-", pb[0] ? pb : "-");
		r.status = change[0] ? "changed" : "unchanged";
		r.change = change[0] ? change : NULL;
	} else if (a && b) {
		r.status = "unchanged";
	} else if (b) {
		r.status = "added";
	} else {
		r.status = "removed";
	}
	count(e->st, kind, r.status);
	if (!strcmp(r.status, "unchanged") && !e->with_unchanged)
		return;
	/* the earlier sides that lack it */
	trawl__buf_init(&absent, 0);
	for (size_t k = 0; k + 1 < sr->nsides; k++)
		if (!m[k])
			trawl__buf_addf(&absent, "%s%s", absent.len ? ", " : "",
			                sr->sides[k].label ? sr->sides[k].label : "");
	r.absent = absent.len ? absent.data : NULL;
	if (!e->stop && e->cb && e->cb(&r, e->u))
		e->stop = 1;
	trawl__buf_release(&absent);
}

/* Every row of a kind: things on both the last side and an earlier one
 * (in the last side's order), then the removed (in the order of the side
 * that had them last), then the added. Targets and paragraphs: only what
 * is new on the last side. */
static void emit_kind(emit_ctx *e, int kind)
{
	series *sr = e->sr;
	size_t last = sr->nsides - 1, ne = nents(sr), i;
	trawl__vec *lv = &sr->sides[last].v[kind];
	int only_new = kind == K_TARGET || kind == K_PARA;

	if (!only_new) {
		for (i = 0; i < lv->n && !e->stop; i++) {
			item *it = &TRAWL_VEC_AT(lv, item, i);
			item *a = it->ent ? latest(sr, it->ent - 1, last) : NULL;
			if (a)
				emit(e, kind, it->ent - 1, a, it);
		}
		for (size_t k = last; k > 0 && !e->stop; k--) {
			trawl__vec *v = &sr->sides[k - 1].v[kind];
			for (i = 0; i < v->n && !e->stop; i++) {
				item *it = &TRAWL_VEC_AT(v, item, i);
				item **m = it->ent ? members(sr, it->ent - 1) : NULL;
				/* removed: its latest side is this one, and it is not last */
				if (m && m[k - 1] == it && !m[last] && latest(sr, it->ent - 1, last) == it)
					emit(e, kind, it->ent - 1, it, NULL);
			}
		}
	}
	for (i = 0; i < lv->n && !e->stop; i++) {
		item *it = &TRAWL_VEC_AT(lv, item, i);
		if (it->ent && !latest(sr, it->ent - 1, last)) {
			/* a repeated target or paragraph on the last side is new once */
			if (only_new) {
				size_t j;
				for (j = 0; j < i; j++)
					if (!strcmp(TRAWL_VEC_AT(lv, item, j).key, it->key))
						break;
				if (j < i)
					continue;
			}
			emit(e, kind, it->ent - 1, NULL, it);
		}
	}
	(void)ne;
}

static int code_col_cmp(const void *a, const void *b)
{
	const item *x = *(const item *const *)a, *y = *(const item *const *)b;
	int c = strcmp(x->code ? x->code : "", y->code ? y->code : "");
	return c ? c : strcmp(x->column ? x->column : "", y->column ? y->column : "");
}

/* Nine items in ten have a code, and a code (in its column) names one
 * item: several projects under one budget subject (2040299) share it,
 * and are told apart by name instead. Returns -1 when out of memory. */
static int mostly_coded(const side *sd)
{
	const trawl__vec *v = &sd->v[K_ITEM];
	size_t i, coded = 0, dups = 0;
	const item **sorted;

	for (i = 0; i < v->n; i++)
		coded += TRAWL_VEC_AT(v, item, i).code != NULL;
	if (!v->n || coded * 10 < v->n * 9)
		return 0;
	sorted = trawl__mallocn(v->n, sizeof *sorted);
	if (!sorted)
		return -1;
	for (i = 0; i < v->n; i++)
		sorted[i] = &TRAWL_VEC_AT(v, item, i);
	qsort(sorted, v->n, sizeof *sorted, code_col_cmp);
	for (i = 1; i < v->n; i++)
		dups += !code_col_cmp(&sorted[i - 1], &sorted[i]);
	free(sorted);
	return dups * 20 <= v->n;
}

trawl_err trawl_diff_series(trawl_store *s, const char *const *specs,
                            const char *const *labels, size_t n, int with_unchanged,
                            int (*cb)(const trawl_diff_row *, void *), void *u,
                            trawl_diff_stats *st, trawl_diag *d)
{
	series sr;
	trawl_diff_stats local;
	emit_ctx e;
	trawl_err rc = TRAWL_OK;
	size_t k;
	int by_year = 1;

	if (!st)
		st = &local;
	memset(st, 0, sizeof *st);
	if (n < 2 || n > TRAWL_DIFF_MAX_SIDES) {
		trawl__diag_set(d, "", "diff takes 2 to %d sides, not %zu", TRAWL_DIFF_MAX_SIDES, n);
		return TRAWL_EUSAGE;
	}
	memset(&sr, 0, sizeof sr);
	sr.nsides = n;
	sr.sides = calloc(n, sizeof *sr.sides);
	if (!sr.sides)
		return TRAWL_ENOMEM;
	trawl__vec_init(&sr.members, sizeof(item *));
	for (k = 0; k < n; k++)
		side_init(&sr.sides[k]);
	for (k = 0; k < n && !rc; k++)
		rc = read_side(s, specs[k], &sr.sides[k], d);
	if (rc)
		goto out;
	st->adocs = sr.sides[0].docs.n;
	st->bdocs = sr.sides[n - 1].docs.n;
	for (k = 0; k < n; k++) {
		if (!sr.sides[k].docs.n) {
			if (n == 2)
				trawl__diag_set(d, "", "side %s matches no document", k ? "B" : "A");
			else
				trawl__diag_set(d, "", "side %zu (%s) matches no document", k + 1, specs[k]);
			rc = TRAWL_ENOTFOUND;
			goto out;
		}
	}
	/* labels: given, else the sides' years when each has its own */
	for (k = 0; k < n; k++) {
		if (sr.sides[k].years <= 0)
			by_year = 0;
		for (size_t j = 0; j < k && by_year; j++)
			if (sr.sides[j].years == sr.sides[k].years)
				by_year = 0;
	}
	for (k = 0; k < n; k++) {
		char y[16];
		snprintf(y, sizeof y, "%d", sr.sides[k].years);
		sr.sides[k].label = trawl__strdup(labels && labels[k] ? labels[k] :
		                                  by_year ? y : specs[k]);
		if (!sr.sides[k].label) {
			rc = TRAWL_ENOMEM;
			goto out;
		}
		for (int kind = 0; kind < K_N; kind++)
			for (size_t i = 0; i < sr.sides[k].v[kind].n; i++)
				TRAWL_VEC_AT(&sr.sides[k].v[kind], item, i).side.label = sr.sides[k].label;
	}
	st->by_code = 1;
	for (k = 0; k < n && st->by_code > 0; k++)
		st->by_code = mostly_coded(&sr.sides[k]);
	if (st->by_code < 0) {
		rc = TRAWL_ENOMEM;
		goto out;
	}
	e.cb = cb;
	e.u = u;
	e.with_unchanged = with_unchanged;
	e.st = st;
	e.stop = 0;
	e.sr = &sr;
	for (int kind = 0; kind < K_N && !rc && !e.stop; kind++) {
		sr.members.n = 0;
		for (k = 0; k < n && !rc; k++) {
			if (kind == K_ITEM || kind == K_IND || kind == K_PROJ)
				rc = make_keys(&sr.sides[k].v[kind], kind, st->by_code);
			if (!rc)
				rc = match_side(&sr, kind, k, kind == K_ITEM ? !st->by_code :
				                kind == K_IND || kind == K_PROJ,
				                kind == K_ITEM && st->by_code);
		}
		if (!rc)
			emit_kind(&e, kind);
	}
out:
	for (k = 0; k < n; k++)
		side_release(&sr.sides[k]);
	free(sr.sides);
	trawl__vec_release(&sr.members);
	return rc;
}

trawl_err trawl_diff(trawl_store *s, const char *a, const char *b, int with_unchanged,
                     int (*cb)(const trawl_diff_row *, void *), void *u,
                     trawl_diff_stats *st, trawl_diag *d)
{
	const char *specs[2] = { a, b };
	const char *labels[2] = { "A", "B" };
	return trawl_diff_series(s, specs, labels, 2, with_unchanged, cb, u, st, d);
}

/* ---- by year ---- */

typedef struct year_doc {
	int year;
	char id[65];
} year_doc;

typedef struct year_ctx {
	trawl_store *s;
	trawl__vec docs;     /* year_doc */
	trawl_err rc;
} year_ctx;

static int collect_year(const trawl_hit *h, void *u)
{
	year_ctx *c = u;
	trawl_doc_info info;
	year_doc *y;

	if (!h->current)
		return 0;
	memset(&info, 0, sizeof info);
	/* the search just found it: failing to read it now is running out of
	 * memory (or the store failing), not a document without a year */
	if ((c->rc = trawl_doc_get(c->s, h->doc, &info, NULL)))
		return 1;
	if (info.year <= 0)
		return 0;
	y = trawl__vec_push(&c->docs);
	if (!y) {
		c->rc = TRAWL_ENOMEM;
		return 1;
	}
	y->year = info.year;
	snprintf(y->id, sizeof y->id, "%s", h->doc);
	return 0;
}

static int year_cmp(const void *a, const void *b)
{
	const year_doc *x = a, *y = b;
	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return strcmp(x->id, y->id);
}

trawl_err trawl_diff_by_year(trawl_store *s, const char *filter, int with_unchanged,
                             int (*cb)(const trawl_diff_row *, void *), void *u,
                             trawl_diff_stats *st, trawl_diag *d)
{
	year_ctx c;
	trawl_search_opts o = { .limit = 1 << 30, .files = 1 };
	trawl__buf specs[TRAWL_DIFF_MAX_SIDES];
	char labels[TRAWL_DIFF_MAX_SIDES][16];
	const char *sp[TRAWL_DIFF_MAX_SIDES], *lp[TRAWL_DIFF_MAX_SIDES];
	size_t n = 0, i;
	trawl_err rc;

	memset(&c, 0, sizeof c);
	c.s = s;
	trawl__vec_init(&c.docs, sizeof(year_doc));
	rc = trawl_search(s, filter, &o, collect_year, &c, NULL, d);
	if (!rc)
		rc = c.rc;
	if (rc)
		goto out;
	qsort(c.docs.items, c.docs.n, sizeof(year_doc), year_cmp);
	for (i = 0; i < c.docs.n; i++) {
		const year_doc *y = &TRAWL_VEC_AT(&c.docs, year_doc, i);
		if (i == 0 || y->year != TRAWL_VEC_AT(&c.docs, year_doc, i - 1).year) {
			if (n == TRAWL_DIFF_MAX_SIDES) {
				trawl__diag_set(d, "", "the filter finds documents of more than %d years",
				                TRAWL_DIFF_MAX_SIDES);
				rc = TRAWL_EUSAGE;
				goto out_specs;
			}
			trawl__buf_init(&specs[n], 0);
			snprintf(labels[n], sizeof labels[n], "%d", y->year);
			n++;
		}
		trawl__buf_addf(&specs[n - 1], "%s%s", specs[n - 1].len ? " " : "", y->id);
	}
	if (n < 2) {
		trawl__diag_set(d, "", "the filter finds documents of %s; --by year needs two years",
		                n ? labels[0] : "no year");
		rc = TRAWL_ENOTFOUND;
		goto out_specs;
	}
	for (i = 0; i < n; i++) {
		/* a document left out of a year would change its figures */
		if ((rc = trawl__buf_err(&specs[i])))
			goto out_specs;
		sp[i] = specs[i].data;
		lp[i] = labels[i];
	}
	rc = trawl_diff_series(s, sp, lp, n, with_unchanged, cb, u, st, d);
out_specs:
	for (i = 0; i < n; i++)
		trawl__buf_release(&specs[i]);
out:
	trawl__vec_release(&c.docs);
	return rc;
}
