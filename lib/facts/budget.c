/* Indicators and projects of a budget (see budget.h).
 *
 * Indicators. A performance target table (项目支出绩效目标表, 整体支出绩效
 * 目标表, in the templates of the Ministry of Finance and of the
 * provinces) holds, for one project, its name and funds as label | value
 * rows (项目名称 | X, 年度资金总额 | 103.92), then a header row naming the
 * columns of the indicators (一级指标 | 二级指标 | 三级指标 | 指标值 |
 * 分值, sometimes with 指标性质 and 度量单位 apart), then one row per
 * level-3 indicator, the level-1 and level-2 cells merged over the rows
 * they head. Some tables list several projects, each opening with its own
 * 项目名称 row, or with a 项目名称 column. The header row is found by its
 * words wherever it stands; each indicator row reads its levels through
 * the grid (a merged cell covers every row it spans); a level cell left
 * empty (a table drawn without merged cells) takes the nearest name
 * above it, else below it, in its block. A table with no header of its
 * own that opens the next page carries on the last one.
 *
 * Projects. A table with a 项目名称 column and an amount column (项目支出
 * 表) gives one project a row: its amount in yuan (the unit of its column
 * or table), subject code, funding source and whether it is new, from the
 * columns that say so. Each indicator table's project is one too. The
 * prose says which are new or continuing: a sentence naming a known
 * project (新增X项目), or 该项目为2024年新增项目 after a line naming it.
 * A project named twice in a document is one fact. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include <utf8proc.h>
#include "facts/budget.h"
#include "facts/grid.h"
#include "facts/kwset.h"
#include "facts/scan.h"
#include "util/buf.h"
#include "util/alloc.h"
#include "util/banned.h"

#define TXT 512
/* An empty level cell looks this many rows up and down for its name. */
#define LEVEL_REACH 64
/* Prose is matched against this many of a document's projects at most. */
#define PROSE_PROJECTS 4096

/* ---- text helpers ---- */

/* s without spaces (PDF text puts a space between 18 and 个, or inside a
 * header: 一级 指标). */
static void squeeze(const char *s, char *out, size_t outsz)
{
	size_t o = 0;

	for (; o + 1 < outsz; s++) {
		unsigned char c = (unsigned char)*s;
		if (c > ' ')            /* (most bytes) */
			out[o++] = (char)c;
		else if (!c)
			break;
		else if (c != ' ' && c != '\t' && c != '\n')
			out[o++] = (char)c;
	}
	while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80 && o + 1 >= outsz)
		o--;
	out[o] = '\0';
}

static int has(const char *s, const char *w)
{
	return strstr(s, w) != NULL;
}

static int starts(const char *s, const char *w)
{
	return !strncmp(s, w, strlen(w));
}

/* s is one number (after an optional sign). */
static int numeric(const char *s)
{
	char v[TRAWL__DEC_MAX];
	size_t n = strlen(s);

	if (n && (*s == '-' || *s == '+'))
		s++, n--;
	return n && (is_digit(*s) || *s == '.') && trawl__parse_number(s, n, v) == n;
}

/* Letters, digits and Chinese characters of s, lower case: names compared
 * this way ignore spacing, quotes and brackets. */
static void name_key(const char *s, char *out, size_t outsz)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(s), i = 0;
	size_t o = 0;

	while (i < n) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, n - i, &c);
		utf8proc_category_t cat;
		if (k <= 0)
			break;
		i += k;
		cat = utf8proc_category(c);
		if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO) ||
		    (c >= 0x3400 && c <= 0x9FFF)) {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_tolower(c), enc);
			if (o + (size_t)el + 1 > outsz)
				break;
			memcpy(out + o, enc, (size_t)el);
			o += (size_t)el;
		}
	}
	out[o] = '\0';
}

/* ---- targets ---- */

static const struct { const char *w; const char *cmp; } cmp_before[] = {
	{ ">=", ">=" }, { "<=", "<=" }, { "≥", ">=" }, { "≤", "<=" }, { "≧", ">=" },
	{ "≦", "<=" }, { "⩾", ">=" }, { "⩽", "<=" }, { ">", ">" }, { "<", "<" }, { "=", "=" },
	{ "大于或等于", ">=" }, { "大于等于", ">=" }, { "小于或等于", "<=" }, { "小于等于", "<=" },
	{ "不少于", ">=" }, { "不低于", ">=" }, { "不小于", ">=" }, { "至少", ">=" },
	{ "最少", ">=" }, { "达到", ">=" }, { "達到", ">=" }, { "不超过", "<=" },
	{ "不超過", "<=" }, { "不高于", "<=" }, { "不大于", "<=" }, { "不多于", "<=" },
	{ "最多", "<=" }, { "至多", "<=" }, { "控制在", "<=" }, { "大于", ">" }, { "高于", ">" },
	{ "超过", ">" }, { "多于", ">" }, { "小于", "<" }, { "低于", "<" }, { "少于", "<" },
	{ "不足", "<" }, { "等于", "=" }, { "保持", "=" }, { "约", "=" }, { NULL, NULL }
};

static const struct { const char *w; const char *cmp; } cmp_after[] = {
	{ "(含)以上", ">=" }, { "(含)以下", "<=" }, { "及以上", ">=" }, { "及以下", "<=" },
	{ "或以上", ">=" }, { "或以下", "<=" }, { "以上", ">=" }, { "以下", "<=" },
	{ "以内", "<=" }, { "之内", "<=" }, { "内", "<=" }, { NULL, NULL }
};

/* A comparator column's word: ≥, 大于等于, 正向 ... */
static const char *cmp_word(const char *s, size_t *len)
{
	for (int i = 0; cmp_before[i].w; i++)
		if (starts(s, cmp_before[i].w)) {
			*len = strlen(cmp_before[i].w);
			return cmp_before[i].cmp;
		}
	*len = 0;
	return NULL;
}

static const char *cmp_symbol(const char *c)
{
	if (!strcmp(c, ">="))
		return "≥";
	if (!strcmp(c, "<="))
		return "≤";
	if (!strcmp(c, ">"))
		return ">";
	if (!strcmp(c, "<"))
		return "<";
	return "";
}

/* A Chinese or Arabic digit somewhere in s. */
static int has_numeral(const char *s)
{
	for (size_t i = 0; s[i]; i++)
		if (is_digit(s[i]))
			return 1;
	return has(s, "百分之");
}

int trawl__parse_target(const char *value, const char *cmp, const char *unit,
                        char comparator[3], char num[TRAWL__DEC_MAX], char hi[TRAWL__DEC_MAX],
                        char unit_out[16], char display[128])
{
	char v[TXT], cm[64] = "", un[64] = "";
	const char *c = NULL, *p;
	size_t k, n;

	comparator[0] = num[0] = hi[0] = unit_out[0] = display[0] = '\0';
	squeeze(value ? value : "", v, sizeof v);
	if (cmp)
		squeeze(cmp, cm, sizeof cm);
	if (unit)
		squeeze(unit, un, sizeof un);
	if (!v[0])
		return 0;
	/* 定性 in the comparator column, or no number at all: in words */
	if (!strcmp(cm, "定性") || !has_numeral(v)) {
		copy_trim(display, 128, v, strlen(v));
		copy_str(comparator, 3, "=");
		return 2;
	}
	if (cm[0]) {
		c = cmp_word(cm, &k);
		if (!c && (has(cm, "正向") || has(cm, "越大越好")))
			c = ">=";
		else if (!c && (has(cm, "反向") || has(cm, "越小越好")))
			c = "<=";
	}
	p = v;
	{
		const char *c2 = cmp_word(p, &k);
		if (c2) {
			p += k;
			if (!c)
				c = c2;
		}
	}
	if (starts(p, "百分之")) {
		n = trawl__parse_number(p + strlen("百分之"), strlen(p) - strlen("百分之"), num);
		if (!n)
			return 0;
		p += strlen("百分之") + n;
		copy_str(unit_out, 16, "%");
	} else {
		n = trawl__parse_number(p, strlen(p), num);
		if (!n) {
			/* words before the number (覆盖率95%): a target in words
			 * with a figure in it */
			copy_trim(display, 128, v, strlen(v));
			copy_str(comparator, 3, "=");
			return 2;
		}
		p += n;
		/* a range: 90-95%, 90%~95% */
		if (*p == '%' && (p[1] == '-' || p[1] == '~')) {
			copy_str(unit_out, 16, "%");
			p++;
		}
		if ((*p == '-' || *p == '~' || starts(p, "至") || starts(p, "—")) &&
		    !(num[0] == '0' && !num[1])) {
			const char *q = p + (starts(p, "至") || starts(p, "—") ? 3 : 1);
			size_t m = trawl__parse_number(q, strlen(q), hi);
			if (m)
				p = q + m;
			else
				hi[0] = '\0';
		}
	}
	/* the unit: what follows, up to a comparator word after it */
	{
		size_t rest = strlen(p), cut = rest;
		for (size_t i = 0; i < rest && cut == rest; i += u8len((unsigned char)p[i])) {
			for (int j = 0; cmp_after[j].w; j++) {
				if (starts(p + i, cmp_after[j].w) && !p[i + strlen(cmp_after[j].w)]) {
					cut = i;
					if (!c)
						c = cmp_after[j].cmp;
					break;
				}
			}
		}
		if (!unit_out[0]) {
			if (cut)
				/* (copy_trim cuts a long one at a character's end) */
				copy_trim(unit_out, 16, p, cut);
			else if (un[0])
				copy_trim(unit_out, 16, un, strlen(un));
		}
	}
	if (!c)
		c = "=";
	copy_str(comparator, 3, c);
	if (hi[0])
		snprintf(display, 128, "%s-%s%s", num, hi, unit_out);
	else
		snprintf(display, 128, "%s%s%s", cmp_symbol(c), num, unit_out);
	return 1;
}

/* ---- the document's state ---- */

typedef struct proj {
	char name[256], key[256];
	uint32_t unit, start, end;     /* the citation */
	char amount[TRAWL__DEC_MAX];   /* yuan, or "" */
	char amount_text[64], unit_txt[16], currency[4], usrc[8];
	char code[32], funding[128], status[12], status_text[256], source[16];
	char caption[256];
} proj;

/* A project as kept until the document's end: its strings in the pool
 * (1 + offset; 0 for ""), so that a table of 100,000 projects stays
 * small. */
typedef struct sproj {
	uint32_t name, key, amount_text, funding, status_text, caption;
	uint32_t unit, start, end;
	char amount[TRAWL__DEC_MAX], unit_txt[16], currency[4], usrc[8];
	char code[32], status[12], source[16];
} sproj;

/* Columns of an indicator table, by role. */
enum { R_L1, R_L2, R_L3, R_VAL, R_CMP, R_UNIT, R_PTS, R_PROJ, R_FUNDS, R_N };

typedef struct ihead {
	int32_t col[R_N];              /* -1: none */
	uint32_t val_to;               /* the value header spans [col[R_VAL], val_to) */
	uint32_t ncols;
} ihead;

typedef struct bstate {
	const trawl__doc *d;
	trawl__unit_fact_cb add;
	void *u;
	trawl_err rc;
	int stop;
	trawl__vec projs;              /* sproj */
	trawl__buf pool;               /* their strings */
	uint32_t *slots;               /* 1 + index into projs, by hash of key */
	size_t nslots;
	uint32_t pooled_caption;       /* the caption pooled last */
	/* the last indicator table, for one that continues it on a later page */
	int have_last;
	uint32_t last_unit;
	ihead last_head;
	char last_proj[256], last_funds[TRAWL__DEC_MAX], last_funds_text[64], last_cur[4];
	char last_funding[128], last_l1[128], last_l2[128], last_caption[256];
	int budget;                    /* the document is a budget or final account */
	uint32_t unit;                 /* the unit being read */
	int first_table;               /* the table being read is its unit's first */
} bstate;

static uint32_t pool_add(bstate *b, const char *s)
{
	size_t off = b->pool.len, l = strlen(s);

	if (!l || b->rc)
		return 0;
	if (off >= UINT32_MAX - l - 1 || trawl__buf_add(&b->pool, s, l + 1)) {
		b->rc = TRAWL_ENOMEM;
		return 0;
	}
	return (uint32_t)off + 1;
}

static const char *ps(const bstate *b, uint32_t off)
{
	return off ? b->pool.data + off - 1 : "";
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The slot of key in the index: holding its project, or empty. */
static uint32_t *proj_slot(bstate *b, const char *key)
{
	size_t j = hash_str(key) & (b->nslots - 1);
	for (; b->slots[j]; j = (j + 1) & (b->nslots - 1))
		if (!strcmp(ps(b, TRAWL_VEC_AT(&b->projs, sproj, b->slots[j] - 1).key), key))
			break;
	return &b->slots[j];
}

/* Keeps the index at most half full. */
static int proj_grow(bstate *b)
{
	size_t n = b->nslots ? b->nslots * 2 : 256;
	uint32_t *old = b->slots;
	size_t oldn = b->nslots;

	if (b->projs.n * 2 < b->nslots)
		return 0;
	b->slots = calloc(n, sizeof *b->slots);
	if (!b->slots) {
		b->slots = old;
		b->rc = TRAWL_ENOMEM;
		return -1;
	}
	b->nslots = n;
	for (size_t i = 0; i < oldn; i++)
		if (old[i])
			*proj_slot(b, ps(b, TRAWL_VEC_AT(&b->projs, sproj, old[i] - 1).key)) = old[i];
	free(old);
	return 0;
}

/* Adds or merges a project: one fact per name in a document, the fields
 * any mention gave, cited where a table first named it. */
static void add_project(bstate *b, const proj *p)
{
	sproj *q;
	uint32_t *slot;

	if (!p->key[0] || b->rc || proj_grow(b))
		return;
	slot = proj_slot(b, p->key);
	if (*slot) {
		q = &TRAWL_VEC_AT(&b->projs, sproj, *slot - 1);
		if (!q->amount[0] && p->amount[0]) {
			memcpy(q->amount, p->amount, sizeof q->amount);
			q->amount_text = pool_add(b, p->amount_text);
			memcpy(q->unit_txt, p->unit_txt, sizeof q->unit_txt);
			memcpy(q->currency, p->currency, sizeof q->currency);
			memcpy(q->usrc, p->usrc, sizeof q->usrc);
		}
		if (!q->code[0])
			memcpy(q->code, p->code, sizeof q->code);
		if (!q->funding)
			q->funding = pool_add(b, p->funding);
		if (!q->status[0]) {
			memcpy(q->status, p->status, sizeof q->status);
			q->status_text = pool_add(b, p->status_text);
		}
		/* a project table's row is the better citation */
		if (!strcmp(p->source, "table") && strcmp(q->source, "table")) {
			q->unit = p->unit;
			q->start = p->start;
			q->end = p->end;
			memcpy(q->source, p->source, sizeof q->source);
			q->caption = pool_add(b, p->caption);
		}
		return;
	}
	q = trawl__vec_push(&b->projs);
	if (!q) {
		b->rc = TRAWL_ENOMEM;
		return;
	}
	memset(q, 0, sizeof *q);
	q->name = pool_add(b, p->name);
	q->key = pool_add(b, p->key);
	q->amount_text = pool_add(b, p->amount_text);
	q->funding = pool_add(b, p->funding);
	q->status_text = pool_add(b, p->status_text);
	/* (the rows of one table share their caption) */
	if (b->pooled_caption && !strcmp(ps(b, b->pooled_caption), p->caption))
		q->caption = b->pooled_caption;
	else
		q->caption = b->pooled_caption = pool_add(b, p->caption);
	q->unit = p->unit;
	q->start = p->start;
	q->end = p->end;
	memcpy(q->amount, p->amount, sizeof q->amount);
	memcpy(q->unit_txt, p->unit_txt, sizeof q->unit_txt);
	memcpy(q->currency, p->currency, sizeof q->currency);
	memcpy(q->usrc, p->usrc, sizeof q->usrc);
	memcpy(q->code, p->code, sizeof q->code);
	memcpy(q->status, p->status, sizeof q->status);
	memcpy(q->source, p->source, sizeof q->source);
	if (!b->rc)
		*proj_slot(b, p->key) = (uint32_t)b->projs.n;
}

/* ---- reading cells ---- */

/* Text of the cell covering (r, c), squeezed of spaces. */
static void sq_at(const trawl__grid *g, uint32_t r, uint32_t c, char *out, size_t outsz)
{
	char t[TXT];
	trawl__grid_text(g, r, c, t, sizeof t);
	squeeze(t, out, outsz);
}

/* The money amount in text s (a cell): with the unit given (万元), else
 * as written with unit_source "unknown". Returns 1 when there is one. */
static int amount_of(const char *s, const char *unit, const char *cur, char value[TRAWL__DEC_MAX],
                     int *neg, char currency[4], char unit_out[16], char usrc[8])
{
	char t[128];
	size_t n;
	int k = 0;

	squeeze(s, t, sizeof t);
	n = strlen(t);
	/* a trailing unit in the cell itself (103.92万元) */
	if (n > 6 && !strcmp(t + n - 6, "万元"))
		n -= 6, k = 4, unit = "万元";
	else if (n > 6 && !strcmp(t + n - 6, "亿元"))
		n -= 6, k = 8, unit = "亿元";
	else if (n > 3 && !strcmp(t + n - 3, "元"))
		n -= 3, k = 0, unit = "元";
	else if (unit && !strcmp(unit, "万元"))
		k = 4;
	else if (unit && !strcmp(unit, "亿元"))
		k = 8;
	else if (unit && !strcmp(unit, "千元"))
		k = 3;
	else if (unit && !strcmp(unit, "元"))
		k = 0;
	else
		unit = NULL;
	t[n] = '\0';
	*neg = t[0] == '-';
	if (!numeric(t))
		return 0;
	if (trawl__parse_number(t + *neg, n - (size_t)*neg, value) != n - (size_t)*neg)
		return 0;
	if (unit) {
		if (trawl__dec_mul_pow10(value, k))
			return 0;
		copy_str(unit_out, 16, unit);
		copy_str(currency, 4, cur && cur[0] ? cur : "CNY");
		copy_str(usrc, 8, "table");
	} else {
		unit_out[0] = currency[0] = '\0';
		copy_str(usrc, 8, "unknown");
	}
	return 1;
}

/* A money unit named in a label or header: 项目资金（万元）, 金额(元),
 * 单位：万元. */
/* A unit closing a bracket that declares it ((单位:万元)), not a figure's
 * own in an aside (含设备购置费(50万元)). */
static int unit_close(const char *s, const char *w)
{
	for (const char *p = strstr(s, w); p; p = strstr(p + 1, w)) {
		size_t off = (size_t)(p - s);
		if (!off || !((p[-1] >= '0' && p[-1] <= '9') || p[-1] == '.' ||
		              (off >= 3 && trawl__numeral_at(p - 3, 3))))
			return 1;
	}
	return 0;
}

static int unit_in(const char *s, char unit[16], char cur[4])
{
	if (trawl__find_table_unit(s, strlen(s), unit, cur))
		return 1;
	cur[0] = '\0';
	if (has(s, "(万元)") || has(s, "/万元") || unit_close(s, "万元)")) {
		copy_str(unit, 16, "万元");
		return 1;
	}
	if (has(s, "(亿元)")) {
		copy_str(unit, 16, "亿元");
		return 1;
	}
	if (has(s, "(千元)")) {
		copy_str(unit, 16, "千元");
		return 1;
	}
	if (has(s, "(元)") || has(s, "/元")) {
		copy_str(unit, 16, "元");
		return 1;
	}
	return 0;
}

/* Caption and declared unit of the table starting at byte `start` of the
 * unit's text: up to four non-empty lines above it. */
static void caption_of(const char *t, size_t start, char caption[256], char unit[16],
                       char cur[4])
{
	size_t e = start;
	int lines = 0;

	caption[0] = '\0';
	while (e > 0 && lines < 4) {
		size_t b;
		char ln[TXT];
		if (t[e - 1] == '\n')
			e--;
		b = e;
		while (b > 0 && t[b - 1] != '\n')
			b--;
		if (e > b && !memchr(t + b, '\t', e - b)) {
			copy_trim(ln, sizeof ln, t + b, e - b);
			if (ln[0]) {
				lines++;
				if (!unit[0] && unit_in(ln, unit, cur) && strlen(ln) < 48) {
					e = b;
					continue;
				}
				if (!caption[0] && strlen(ln) >= 4)
					copy_trim(caption, 256, ln, strlen(ln));
				if (caption[0] && unit[0])
					break;
			}
		} else if (e > b) {
			break; /* the table before */
		}
		e = b;
	}
}

/* ---- indicators ---- */

/* Does h hold a character of some header word of role_of (指 目 值 权 运
 * 比 符 单 项 金 资 预: every one holds one)? Most cells hold none. */
static int role_may(const char *h)
{
	for (const unsigned char *p = (const unsigned char *)h; *p; p++) {
		uint32_t c;
		if ((*p & 0xF0) != 0xE0)
			continue;
		if (!p[1] || !p[2])
			break;
		c = ((uint32_t)(p[0] & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		switch (c) {
		case 0x6307: case 0x76EE: case 0x503C: case 0x6743: case 0x8FD0: case 0x6BD4:
		case 0x7B26: case 0x5355: case 0x9879: case 0x91D1: case 0x8D44: case 0x9884:
			return 1;
		}
	}
	return 0;
}

static int role_of(const char *h)
{
	if (!h[0] || strlen(h) > 48 || !role_may(h))
		return -1;
	if (has(h, "一级指标"))
		return R_L1;
	if (has(h, "二级指标"))
		return R_L2;
	if (has(h, "三级指标") || !strcmp(h, "指标名称") || !strcmp(h, "绩效指标名称") ||
	    !strcmp(h, "指标内容") || !strcmp(h, "具体指标"))
		return R_L3;
	if (has(h, "指标值") || has(h, "目标值") || !strcmp(h, "预期目标") || !strcmp(h, "目标") ||
	    has(h, "标准值") || has(h, "计划值") || has(h, "指标目标"))
		return R_VAL;
	if (has(h, "分值") || has(h, "权重"))
		return R_PTS;
	if (has(h, "指标性质") || has(h, "指标方向") || has(h, "运算符") || has(h, "比较") ||
	    !strcmp(h, "符号"))
		return R_CMP;
	if (has(h, "度量单位") || has(h, "计量单位") || !strcmp(h, "单位"))
		return R_UNIT;
	if (!strcmp(h, "项目名称") || !strcmp(h, "二级项目名称") || !strcmp(h, "项目"))
		return R_PROJ;
	if (has(h, "金额") || has(h, "资金") || has(h, "预算数") || !strcmp(h, "预算"))
		return R_FUNDS;
	return -1;
}

/* Is row r of g the header of indicators? Fills h (the first column of
 * each role) and *body, the first row below the header cells. */
static int ind_header(const trawl__grid *g, uint32_t r, ihead *h, uint32_t *body)
{
	char t[TXT];
	uint32_t end = r + 1;

	for (int k = 0; k < R_N; k++)
		h->col[k] = -1;
	h->val_to = 0;
	h->ncols = g->ncols;
	for (uint32_t c = 0; c < g->ncols; c++) {
		const trawl__cell *cl = trawl__grid_at(g, r, c);
		int role;
		if (!cl)
			continue;
		sq_at(g, r, c, t, sizeof t);
		role = role_of(t);
		if (role < 0)
			continue;
		if (h->col[role] < 0) {
			h->col[role] = (int32_t)c;
			if (role == R_VAL)
				h->val_to = c + 1;
		} else if (role == R_VAL && h->val_to == c) {
			h->val_to = c + 1; /* the value's header spans two columns */
		}
		if (cl->row + cl->rowspan > end)
			end = cl->row + cl->rowspan;
	}
	if (h->col[R_L3] < 0 && h->col[R_L2] >= 0 && h->col[R_VAL] >= 0) {
		h->col[R_L3] = h->col[R_L2];
		h->col[R_L2] = -1;
	}
	if (h->col[R_L3] < 0 || h->col[R_VAL] < 0 || h->col[R_VAL] <= h->col[R_L3])
		return 0;
	/* a role found left of the level-3 column that is no level is not one */
	if (h->col[R_FUNDS] >= 0 && h->col[R_PROJ] < 0)
		h->col[R_FUNDS] = -1;
	*body = end;
	return 1;
}

/* A row that opens the next project or part: 项目名称, 年度绩效目标. */
static int section_row(const trawl__grid *g, uint32_t r)
{
	char t[TXT];

	for (uint32_t c = 0; c < g->ncols; c++) {
		const trawl__cell *cl = trawl__grid_at(g, r, c);
		if (!cl || cl->row != r)
			continue;
		sq_at(g, r, c, t, sizeof t);
		if (starts(t, "项目名称") || starts(t, "年度绩效目标") || starts(t, "年度总体目标") ||
		    starts(t, "部门名称") || starts(t, "单位名称"))
			return 1;
	}
	return 0;
}

/* The text of the first cell right of (r, c)'s cell that holds text. */
static void right_of(const trawl__grid *g, uint32_t r, uint32_t c, char *out, size_t outsz)
{
	const trawl__cell *cl = trawl__grid_at(g, r, c);
	uint32_t k = cl ? cl->col + cl->colspan : c + 1;

	out[0] = '\0';
	for (; k < g->ncols; k++) {
		const trawl__cell *o = trawl__grid_at(g, r, k);
		if (!o)
			continue;
		trawl__grid_text(g, r, k, out, outsz);
		if (out[0])
			return;
		k = o->col + o->colspan - 1;
	}
}

/* The first cell right of (r, c) that holds one number. */
static int number_right_of(const trawl__grid *g, uint32_t r, uint32_t c, char *out,
                           size_t outsz)
{
	const trawl__cell *cl = trawl__grid_at(g, r, c);
	uint32_t k = cl ? cl->col + cl->colspan : c + 1;
	char sq[128];

	for (; k < g->ncols; k++) {
		const trawl__cell *o = trawl__grid_at(g, r, k);
		if (!o)
			continue;
		trawl__grid_text(g, r, k, out, outsz);
		squeeze(out, sq, sizeof sq);
		if (numeric(sq) || (strlen(sq) > 6 && has(sq, "元")))
			return 1;
		k = o->col + o->colspan - 1;
	}
	out[0] = '\0';
	return 0;
}

typedef struct iproj {
	char name[256];
	char funds[TRAWL__DEC_MAX], funds_text[64], cur[4], funding[128];
	uint32_t row;      /* the 项目名称 row, for the project's citation */
	int32_t col;       /* its column; -1 when the name came from a line of
	                      text, bytes [tstart, tend) */
	uint32_t tstart, tend;
} iproj;

/* The project and funds stated in rows [from, to) of an indicator table. */
static void ind_project(const trawl__grid *g, uint32_t from, uint32_t to, const char *tunit,
                        const char *tcur, iproj *p)
{
	char t[TXT], v[TXT];

	for (uint32_t r = from; r < to; r++) {
		for (uint32_t c = 0; c < g->ncols; c++) {
			const trawl__cell *cl = trawl__grid_at(g, r, c);
			if (!cl || cl->col != c)
				continue;
			sq_at(g, r, c, t, sizeof t);
			if (starts(t, "项目名称") && !p->name[0]) {
				const char *rest = t + strlen("项目名称");
				if (*rest == ':')
					rest++;
				if (*rest) {
					trawl__grid_text(g, r, c, v, sizeof v);
					{
						const char *q = strstr(v, "项目名称");
						q = q ? q + strlen("项目名称") : v;
						while (*q == ' ' || *q == ':')
							q++;
						copy_trim(p->name, sizeof p->name, q, strlen(q));
					}
				} else {
					right_of(g, r, c, v, sizeof v);
					copy_trim(p->name, sizeof p->name, v, strlen(v));
				}
				p->row = r;
				p->col = (int32_t)c;
			} else if (!p->funds_text[0] &&
			           (has(t, "资金总额") || has(t, "年度资金") || has(t, "项目总金额") ||
			            has(t, "预算金额") || has(t, "项目金额") || has(t, "总金额") ||
			            !strcmp(t, "金额") || has(t, "预算总额") || has(t, "年度预算")) &&
			           number_right_of(g, r, c, v, sizeof v)) {
				char unit[16] = "", cur[4] = "", hdr[TXT], u2[16], c2[4], usrc[8];
				int neg;
				trawl__grid_row_header(g, r, c + 1, hdr, sizeof hdr);
				if (!unit_in(hdr, unit, cur) && tunit)
					copy_str(unit, sizeof unit, tunit);
				if (!cur[0] && tcur)
					copy_str(cur, sizeof cur, tcur);
				copy_trim(p->funds_text, sizeof p->funds_text, v, strlen(v));
				if (!amount_of(v, unit[0] ? unit : NULL, cur, p->funds, &neg, p->cur, u2,
				               usrc) || neg || strcmp(usrc, "table"))
					p->funds[0] = '\0';
				(void)c2;
			} else if ((starts(t, "其中") || has(t, "财政拨款") || has(t, "其他资金") ||
			            has(t, "财政资金") || has(t, "自筹") || has(t, "上年结转") ||
			            has(t, "一般公共预算") || has(t, "政府性基金")) &&
			           !has(t, "资金总额") && number_right_of(g, r, c, v, sizeof v)) {
				char sq[64];
				const char *name = t;
				squeeze(v, sq, sizeof sq);
				if (starts(name, "其中"))
					name += strlen("其中");
				while (*name == ':')
					name++;
				/* a source with money in it */
				if (numeric(sq) && strspn(sq, "0.-") != strlen(sq) && *name &&
				    strlen(p->funding) + strlen(name) + 4 < sizeof p->funding) {
					if (p->funding[0])
						strncat(p->funding, "、", sizeof p->funding - strlen(p->funding) - 1);
					strncat(p->funding, name, sizeof p->funding - strlen(p->funding) - 1);
				}
			}
		}
	}
}

/* The first field after a label on a line of text (fields are parted by
 * tabs, or the label ends with a colon): "项目名称\tX", "项目名称：X". */
/* Whether at q (after a run of spaces) the next field of a line starts:
 * a label of at most ten characters and its colon (预算金额：). */
static int label_next(const char *t, size_t q, size_t end)
{
	size_t s;
	int nch = 0;

	while (q < end && t[q] == ' ')
		q++;
	for (s = q; q < end && t[q] != ':' && t[q] != ' ' && t[q] != '\t' && nch < 10; nch++) {
		unsigned char c = (unsigned char)t[q];
		q += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	}
	return q < end && q > s && t[q] == ':';
}

/* A field ends at a tab, or at two spaces or more before the next label
 * (项目名称：X　　预算金额：350万元, the form's fields on one line). *endp,
 * when not NULL, gets where it ends. */
static int field_after(const char *t, size_t at, size_t llen, size_t end, char *out,
                       size_t outsz, size_t *endp)
{
	size_t p = at + llen, q;

	while (p < end && (t[p] == ':' || t[p] == ' ' || t[p] == '\t'))
		p++;
	for (q = p; q < end && t[q] != '\t'; q++)
		if (t[q] == ' ' && q + 1 < end && t[q + 1] == ' ' && label_next(t, q, end))
			break;
	if (endp)
		*endp = q;
	return copy_trim(out, outsz, t + p, q - p) > 0;
}

/* The project and funds named in the lines of text above an indicator
 * table that has none (a form drawn as two tables, or as lines). */
static void text_project(const char *t, size_t start, const char *tunit, const char *tcur,
                         iproj *p)
{
	size_t from = start > 4096 ? start - 4096 : 0, i, ls, le;
	const char *hit = NULL;
	char v[TXT];

	for (i = from; i + 12 <= start; i++)
		if (!memcmp(t + i, "项目名称", 12) && (i == 0 || t[i - 1] == '\n' || t[i - 1] == '\t'))
			hit = t + i;
	if (!hit)
		return;
	for (le = (size_t)(hit - t); le < start && t[le] != '\n'; le++)
		;
	if (!field_after(t, (size_t)(hit - t), 12, le, p->name, sizeof p->name, &ls))
		return;
	p->tstart = (uint32_t)(hit - t);
	p->tend = (uint32_t)le;  /* (its line: with its funds when they are on it) */
	/* its funds: 年度资金总额 (or the like) after it on its line (its
	 * line's fields: then only that far), or on a line below it */
	for (; ls < start; ls = le + 1) {
		static const char *const w[] = { "年度资金总额", "资金总额", "项目总金额", "预算金额",
			"项目金额", NULL };
		for (le = ls; le < start && t[le] != '\n'; le++)
			;
		for (int k = 0; w[k]; k++) {
			const char *m = t + ls;
			char unit[16] = "", cur[4] = "", line[TXT], u2[16], usrc[8];
			size_t fe;
			int neg;
			/* the word opening a field (not 上年预算金额, 中期资金总额) */
			while ((m = memmem(m, (size_t)(t + le - m), w[k], strlen(w[k]))) &&
			       m > t + ls && m[-1] != ' ' && m[-1] != '\t' && m[-1] != ':')
				m++;
			if (!m)
				continue;
			if (!field_after(t, (size_t)(m - t), strlen(w[k]), le, v, sizeof v, &fe))
				continue;
			/* the unit of this field, its label's or its own (资金总额(万元):
			 * 350), not another field's on the line */
			copy_trim(line, sizeof line, m, fe - (size_t)(m - t));
			if (!unit_in(line, unit, cur) && tunit)
				copy_str(unit, sizeof unit, tunit);
			if (!cur[0] && tcur)
				copy_str(cur, sizeof cur, tcur);
			/* a figure, or one with its unit (350万元) */
			if (!amount_of(v, unit[0] ? unit : NULL, cur, p->funds, &neg, p->cur, u2, usrc))
				continue;
			copy_trim(p->funds_text, sizeof p->funds_text, v, strlen(v));
			if (neg || strcmp(usrc, "table"))
				p->funds[0] = '\0';
			return;
		}
	}
}

/* A level cell of row r; "" when it has none. An empty one (a table
 * drawn without merged cells, or a merged cell cut by a page break) takes
 * the nearest name above it in [top, r), else the name the page before
 * ended with (carry), else the nearest below it in (r, bottom). */
static void level_at(const trawl__grid *g, int32_t col, uint32_t r, uint32_t top,
                     uint32_t bottom, const char *carry, char *out, size_t outsz)
{
	out[0] = '\0';
	if (col < 0)
		return;
	trawl__grid_text(g, r, (uint32_t)col, out, outsz);
	for (uint32_t k = r; !out[0] && k > top && r - k < LEVEL_REACH; k--)
		trawl__grid_text(g, k - 1, (uint32_t)col, out, outsz);
	if (!out[0] && carry && carry[0])
		copy_trim(out, outsz, carry, strlen(carry));
	for (uint32_t k = r + 1; !out[0] && k < bottom && k - r < LEVEL_REACH; k++)
		trawl__grid_text(g, k, (uint32_t)col, out, outsz);
}

/* An attribute left out for want of memory would store the fact short:
 * the fact fails instead. */
static void attr(bstate *b, cJSON *o, const char *k, const char *v)
{
	if (v && v[0] && !cJSON_AddStringToObject(o, k, v))
		b->rc = TRAWL_ENOMEM;
}

/* Gives f to the caller with its attributes o (consumed). */
static void add_with(bstate *b, uint32_t unit, trawl__fact *f, cJSON *o)
{
	char *js = b->rc ? NULL : cJSON_PrintUnformatted(o);

	cJSON_Delete(o);
	if (!js) {
		b->rc = TRAWL_ENOMEM;
		return;
	}
	f->attrs = js;
	if (!b->stop && b->add(b->u, unit, f))
		b->stop = 1;
	f->attrs = NULL;
	free(js);
}

/* Emits one indicator fact for row r. */
static void ind_emit(bstate *b, const trawl__grid *g, const ihead *h, uint32_t r,
                     const char *l1, const char *l2, const char *l3, const iproj *p,
                     const char *caption)
{
	char val[TXT] = "", cmp[64] = "", unit[64] = "", pts[64] = "", pv[TRAWL__DEC_MAX] = "";
	char comparator[3], num[TRAWL__DEC_MAX], hi[TRAWL__DEC_MAX], un[16], disp[128];
	const trawl__cell *last = NULL;
	uint32_t start = UINT32_MAX, end = 0;
	trawl__fact f;
	cJSON *o;
	int kind;

	/* the value: its header's columns, each cell once */
	for (uint32_t c = (uint32_t)h->col[R_VAL]; c < h->val_to; c++) {
		const trawl__cell *cl = trawl__grid_at(g, r, c);
		char t[TXT];
		if (!cl || cl == last)
			continue;
		last = cl;
		trawl__grid_text(g, r, c, t, sizeof t);
		strncat(val, t, sizeof val - strlen(val) - 1);
	}
	if (h->col[R_CMP] >= 0)
		trawl__grid_text(g, r, (uint32_t)h->col[R_CMP], cmp, sizeof cmp);
	if (h->col[R_UNIT] >= 0)
		trawl__grid_text(g, r, (uint32_t)h->col[R_UNIT], unit, sizeof unit);
	if (h->col[R_PTS] >= 0) {
		char sq[64];
		trawl__grid_text(g, r, (uint32_t)h->col[R_PTS], pts, sizeof pts);
		squeeze(pts, sq, sizeof sq);
		if (strlen(sq) > 3 && !strcmp(sq + strlen(sq) - 3, "分"))
			sq[strlen(sq) - 3] = '\0';
		if (numeric(sq) && trawl__parse_number(sq, strlen(sq), pv) == strlen(sq))
			trawl__dec_norm(pv);
		else
			pv[0] = '\0';
	}
	kind = trawl__parse_target(val, cmp, unit, comparator, num, hi, un, disp);
	if (!kind)
		return;
	/* the citation: this row's cells, from the indicator's name on */
	for (uint32_t c = (uint32_t)h->col[R_L3]; c < g->ncols; c++) {
		const trawl__cell *cl = trawl__grid_at(g, r, c);
		if (!cl || cl->row != r)
			continue;
		if (cl->start < start)
			start = cl->start;
		if (cl->end > end)
			end = cl->end;
	}
	if (start == UINT32_MAX || end <= start)
		return;
	memset(&f, 0, sizeof f);
	f.kind = TRAWL__F_INDICATOR;
	f.start = start;
	f.end = end;
	if (kind == 1) {
		copy_str(f.value, sizeof f.value, num);
		copy_str(f.value_hi, sizeof f.value_hi, hi);
		copy_str(f.unit, sizeof f.unit, un);
	} else {
		copy_trim(f.value, sizeof f.value, disp, strlen(disp));
	}
	copy_str(f.comparator, sizeof f.comparator, comparator);
	copy_trim(f.label, sizeof f.label, l3, strlen(l3));
	copy_trim(f.column, sizeof f.column, l2, strlen(l2));
	copy_trim(f.caption, sizeof f.caption, caption, strlen(caption));
	o = cJSON_CreateObject();
	if (!o) {
		b->rc = TRAWL_ENOMEM;
		return;
	}
	attr(b, o, "project", p->name);
	attr(b, o, "funds", p->funds);
	attr(b, o, "funds_text", p->funds_text);
	if (p->funds[0])
		attr(b, o, "currency", p->cur);
	attr(b, o, "funding", p->funding);
	attr(b, o, "level1", l1);
	attr(b, o, "level2", l2);
	attr(b, o, "level3", l3);
	attr(b, o, "target", disp);
	attr(b, o, "target_text", val);
	if (kind == 1) {
		attr(b, o, "comparator", comparator);
		attr(b, o, "value", num);
		attr(b, o, "value_hi", hi);
		attr(b, o, "unit", un);
	} else {
		if (!cJSON_AddTrueToObject(o, "qualitative"))
			b->rc = TRAWL_ENOMEM;
	}
	attr(b, o, "points", pv);
	attr(b, o, "table", caption);
	add_with(b, b->unit, &f, o);
}

/* Header words that are no indicator's name. */
static int header_word(const char *s)
{
	char t[TXT];
	squeeze(s, t, sizeof t);
	return role_of(t) >= 0 || !strcmp(t, "绩效指标") || !strcmp(t, "指标");
}

/* Rows [top, bottom) of indicators under header h. */
static void ind_rows(bstate *b, const trawl__grid *g, const ihead *h, uint32_t top,
                     uint32_t bottom, iproj *p, const char *caption)
{
	const trawl__cell *last3 = NULL;
	char l1[128], l2[128], l3[256];

	for (uint32_t r = top; r < bottom && !b->rc && !b->stop; r++) {
		const trawl__cell *c3 = trawl__grid_at(g, r, (uint32_t)h->col[R_L3]);
		iproj rp = *p;
		if (!c3 || c3 == last3)
			continue;
		last3 = c3;
		trawl__grid_text(g, r, (uint32_t)h->col[R_L3], l3, sizeof l3);
		if (!l3[0] || header_word(l3))
			continue;
		/* (a table that carries on the last one starts at row 0) */
		level_at(g, h->col[R_L1], r, top, bottom, top == 0 ? b->last_l1 : NULL, l1,
		         sizeof l1);
		level_at(g, h->col[R_L2], r, top, bottom, top == 0 ? b->last_l2 : NULL, l2,
		         sizeof l2);
		if (h->col[R_PROJ] >= 0) {
			char t[TXT];
			trawl__grid_text(g, r, (uint32_t)h->col[R_PROJ], t, sizeof t);
			if (t[0]) {
				copy_trim(rp.name, sizeof rp.name, t, strlen(t));
				rp.funds[0] = rp.funds_text[0] = rp.funding[0] = '\0';
				if (h->col[R_FUNDS] >= 0) {
					char u2[16], usrc[8];
					int neg;
					trawl__grid_text(g, r, (uint32_t)h->col[R_FUNDS], t, sizeof t);
					copy_trim(rp.funds_text, sizeof rp.funds_text, t, strlen(t));
					if (!amount_of(t, NULL, NULL, rp.funds, &neg, rp.cur, u2, usrc) ||
					    strcmp(usrc, "table"))
						rp.funds[0] = '\0';
				}
			}
		}
		ind_emit(b, g, h, r, l1, l2, l3, &rp, caption);
		copy_str(b->last_l1, sizeof b->last_l1, l1);
		copy_str(b->last_l2, sizeof b->last_l2, l2);
	}
}

/* A project from an indicator table's 项目名称 row. */
static void ind_project_fact(bstate *b, const trawl__grid *g, const iproj *p,
                             const char *caption)
{
	proj q;
	const trawl__cell *cl;

	if (!p->name[0] || (p->col < 0 && p->tend <= p->tstart))
		return;
	cl = p->col >= 0 ? trawl__grid_at(g, p->row, (uint32_t)p->col) : NULL;
	if (p->col >= 0 && !cl)
		return;
	memset(&q, 0, sizeof q);
	copy_trim(q.name, sizeof q.name, p->name, strlen(p->name));
	name_key(q.name, q.key, sizeof q.key);
	q.unit = b->unit;
	if (!cl) {
		q.start = p->tstart;
		q.end = p->tend;
	} else {
		/* to the end of the row's last cell */
		uint32_t e = cl->end;
		q.start = cl->start;
		for (uint32_t c = 0; c < g->ncols; c++) {
			const trawl__cell *o = trawl__grid_at(g, p->row, c);
			if (o && o->row == p->row && o->end > e)
				e = o->end;
		}
		q.end = e;
	}
	memcpy(q.amount, p->funds, sizeof q.amount);
	copy_trim(q.amount_text, sizeof q.amount_text, p->funds_text, strlen(p->funds_text));
	if (p->funds[0]) {
		copy_str(q.currency, sizeof q.currency, p->cur[0] ? p->cur : "CNY");
		copy_str(q.usrc, sizeof q.usrc, "table");
	}
	copy_str(q.funding, sizeof q.funding, p->funding);
	copy_str(q.source, sizeof q.source, "indicators");
	copy_trim(q.caption, sizeof q.caption, caption, strlen(caption));
	add_project(b, &q);
}

static void indicator_pass(bstate *b, const trawl__unit *u, const trawl__grid *g)
{
	char caption[256], tunit[16] = "", tcur[4] = "";
	uint32_t r = 0, done = 0;
	int found = 0;

	caption_of(u->nt.text.data, g->cells[g->ord[0]].start, caption, tunit, tcur);
	while (r < g->nrows && !b->rc && !b->stop) {
		ihead h;
		uint32_t body, end;
		iproj p;
		if (!ind_header(g, r, &h, &body)) {
			r++;
			continue;
		}
		found = 1;
		memset(&p, 0, sizeof p);
		p.col = -1;
		ind_project(g, done, r, tunit[0] ? tunit : NULL, tcur, &p);
		if (!p.name[0] && done == 0)
			text_project(u->nt.text.data, g->cells[g->ord[0]].start,
			             tunit[0] ? tunit : NULL, tcur, &p);
		for (end = body; end < g->nrows && !section_row(g, end); end++) {
			ihead h2;
			uint32_t b2;
			if (ind_header(g, end, &h2, &b2))
				break;
		}
		if (!p.name[0] && b->have_last && done == 0 && r == 0)
			copy_str(p.name, sizeof p.name, b->last_proj);
		b->last_l1[0] = b->last_l2[0] = '\0';
		ind_rows(b, g, &h, body, end, &p, caption);
		ind_project_fact(b, g, &p, caption);
		b->have_last = 1;
		b->last_head = h;
		b->last_unit = b->unit;
		copy_str(b->last_proj, sizeof b->last_proj, p.name);
		copy_str(b->last_funds, sizeof b->last_funds, p.funds);
		copy_str(b->last_funds_text, sizeof b->last_funds_text, p.funds_text);
		copy_str(b->last_cur, sizeof b->last_cur, p.cur);
		copy_str(b->last_funding, sizeof b->last_funding, p.funding);
		copy_str(b->last_caption, sizeof b->last_caption, caption);
		done = end;
		r = end;
	}
	/* no header of its own, on the page after the last indicator table,
	 * with as many columns, and no project of its own: its rest */
	if (!found && b->have_last && b->first_table && b->last_unit + 1 == b->unit &&
	    b->last_head.ncols == g->ncols && g->nrows) {
		iproj p;
		uint32_t end;
		memset(&p, 0, sizeof p);
		p.col = -1;
		for (end = 0; end < g->nrows && !section_row(g, end); end++)
			;
		if (end == 0)
			return;
		copy_str(p.name, sizeof p.name, b->last_proj);
		copy_str(p.funds, sizeof p.funds, b->last_funds);
		copy_str(p.funds_text, sizeof p.funds_text, b->last_funds_text);
		copy_str(p.cur, sizeof p.cur, b->last_cur);
		copy_str(p.funding, sizeof p.funding, b->last_funding);
		ind_rows(b, g, &b->last_head, 0, end, &p,
		         caption[0] ? caption : b->last_caption);
		b->last_unit = b->unit;
	}
}

/* ---- project tables ---- */

static int total_word(const char *s)
{
	char t[TXT];
	squeeze(s, t, sizeof t);
	return !strcmp(t, "合计") || !strcmp(t, "总计") || !strcmp(t, "小计") ||
	       !strcmp(t, "合計") || !strcmp(t, "總計") || starts(t, "合计") || starts(t, "总计") ||
	       !strcmp(t, "项目名称");
}

/* A line of a budget that is no project: a kind of income or spending
 * (一、财政拨款收入, 公共安全支出), a total. */
static int not_project(const char *sq)
{
	static const char *const ends[] = { "收入", "支出", "总计", "合计", "小计", "结转", "结余",
		"拨款", NULL };
	size_t n = strlen(sq);

	for (int k = 0; ends[k]; k++) {
		size_t l = strlen(ends[k]);
		if (n >= l && !strcmp(sq + n - l, ends[k]))
			return 1;
	}
	return 0;
}

/* The money column's header says so. Returns a score (0: not money). */
static int money_score(const char *h)
{
	if (has(h, "编码") || has(h, "代码") || has(h, "科目") || has(h, "名称") ||
	    has(h, "类型") || has(h, "性质") || has(h, "来源") || has(h, "绩效") ||
	    has(h, "目标") || has(h, "率") || (has(h, "单位") && !has(h, "(")) ||
	    has(h, "说明") || has(h, "备注"))
		return 0;
	if (has(h, "合计") || has(h, "总计") || has(h, "金额") || has(h, "总额"))
		return 3;
	if (has(h, "预算") || has(h, "小计") || has(h, "本年") || has(h, "资金") ||
	    has(h, "决算") || has(h, "支出"))
		return 2;
	if (has(h, "拨款") || has(h, "元"))
		return 1;
	return 0;
}

/* The funding sources of row r: under a money header parted by source
 * (金额: 合计 | 财政拨款 | 其他资金), the sources other than the total
 * column amtc that hold money in this row, joined by 、. */
static void funding_of(const trawl__grid *g, uint32_t hr, uint32_t body, uint32_t amtc,
                       uint32_t r, char *out, size_t outsz)
{
	char ha[TXT], h[TXT], t[128];
	const char *slash;
	size_t plen;

	out[0] = '\0';
	trawl__grid_col_header(g, hr, body, amtc, ha, sizeof ha);
	slash = strrchr(ha, '/');
	if (!slash)
		return;
	plen = (size_t)(slash - ha) + 1;
	for (uint32_t c = 0; c < g->ncols; c++) {
		if (c == amtc)
			continue;
		trawl__grid_col_header(g, hr, body, c, h, sizeof h);
		if (strncmp(h, ha, plen) || !h[plen] || strchr(h + plen, '/'))
			continue;
		sq_at(g, r, c, t, sizeof t);
		if (!numeric(t) || strspn(t, "0.-") == strlen(t))
			continue;
		if (strlen(out) + strlen(h + plen) + 4 >= outsz)
			break;
		if (out[0])
			strncat(out, "、", outsz - strlen(out) - 1);
		strncat(out, h + plen, outsz - strlen(out) - 1);
	}
}

static void project_pass(bstate *b, const trawl__unit *u, const trawl__grid *g)
{
	char caption[256], tunit[16] = "", tcur[4] = "", t[TXT];
	uint32_t hr, body = 0, c;
	int32_t namec = -1, amtc = -1, codec = -1, fundc = -1, statc = -1;
	uint32_t code_to = 0;
	int best = 0;
	const trawl__cell *lastname = NULL;

	caption_of(u->nt.text.data, g->cells[g->ord[0]].start, caption, tunit, tcur);
	/* budget projects: in a budget, or under a caption that says so (a
	 * notice's 项目名称 is a procurement) */
	if (!b->budget && !has(caption, "项目支出") && !has(caption, "项目预算"))
		return;
	for (hr = 0; hr < g->nrows && hr < 8; hr++) {
		ihead ih;
		uint32_t bb;
		if (ind_header(g, hr, &ih, &bb))
			return;
		for (c = 0; c < g->ncols; c++) {
			const trawl__cell *cl = trawl__grid_at(g, hr, c);
			if (!cl || cl->col != c)
				continue;
			sq_at(g, hr, c, t, sizeof t);
			/* (a bare 项目 heads the lines of a 收支总表, not projects) */
			if (namec < 0 && (!strcmp(t, "项目名称") || !strcmp(t, "二级项目名称") ||
			                  !strcmp(t, "项目名称(二级)") || !strcmp(t, "预算项目名称"))) {
				namec = (int32_t)c;
				body = cl->row + cl->rowspan;
			}
		}
		if (namec >= 0)
			break;
	}
	if (namec < 0)
		return;
	/* the header rows end where a row holds a number */
	for (; body < g->nrows; body++) {
		int num = 0;
		for (c = 0; c < g->ncols && !num; c++) {
			const trawl__cell *cl = trawl__grid_at(g, body, c);
			if (!cl || cl->row != body)
				continue;
			sq_at(g, body, c, t, sizeof t);
			num = numeric(t);
		}
		if (num || (body > hr && body - hr >= 3))
			break;
	}
	for (c = 0; c < g->ncols; c++) {
		char h[TXT], sq[TXT];
		int s;
		if ((int32_t)c == namec)
			continue;
		trawl__grid_col_header(g, hr, body, c, h, sizeof h);
		squeeze(h, sq, sizeof sq);
		if (!sq[0])
			continue;
		if (codec < 0 && (has(sq, "编码") || has(sq, "代码") || has(sq, "科目")) &&
		    !has(sq, "名称")) {
			const trawl__cell *cl = trawl__grid_at(g, hr, c);
			codec = (int32_t)c;
			code_to = cl && cl->colspan > 1 ? cl->col + cl->colspan : c + 1;
			continue;
		}
		if (fundc < 0 && (has(sq, "资金来源") || has(sq, "资金性质") || has(sq, "经费来源") ||
		                  has(sq, "资金类型"))) {
			fundc = (int32_t)c;
			continue;
		}
		if (statc < 0 && (has(sq, "项目类型") || has(sq, "项目性质") || has(sq, "项目状态") ||
		                  has(sq, "新增") || has(sq, "延续") || has(sq, "项目属性"))) {
			statc = (int32_t)c;
			continue;
		}
		s = money_score(sq);
		if (s > best) {
			best = s;
			amtc = (int32_t)c;
		}
	}
	if (amtc < 0 && codec < 0)
		return;
	{
		char h[TXT], sq[TXT];
		if (amtc >= 0) {
			trawl__grid_col_header(g, hr, body, (uint32_t)amtc, h, sizeof h);
			squeeze(h, sq, sizeof sq);
			unit_in(sq, tunit, tcur);
		}
	}
	for (uint32_t r = body; r < g->nrows && !b->rc; r++) {
		const trawl__cell *nc = trawl__grid_at(g, r, (uint32_t)namec);
		proj q;
		char sq[TXT];
		if (!nc || nc == lastname)
			continue;
		lastname = nc;
		trawl__grid_text(g, r, (uint32_t)namec, t, sizeof t);
		squeeze(t, sq, sizeof sq);
		if (!sq[0] || total_word(t) || numeric(sq) || header_word(t) || not_project(sq))
			continue;
		memset(&q, 0, sizeof q);
		copy_trim(q.name, sizeof q.name, t, strlen(t));
		name_key(q.name, q.key, sizeof q.key);
		q.unit = b->unit;
		q.start = nc->start;
		q.end = nc->end;
		for (c = 0; c < g->ncols; c++) {
			const trawl__cell *o = trawl__grid_at(g, r, c);
			if (o && o->row == r && o->end > q.end && o->start >= nc->start)
				q.end = o->end;
		}
		if (amtc >= 0) {
			int neg;
			trawl__grid_text(g, r, (uint32_t)amtc, t, sizeof t);
			copy_trim(q.amount_text, sizeof q.amount_text, t, strlen(t));
			if (!amount_of(t, tunit[0] ? tunit : NULL, tcur, q.amount, &neg, q.currency,
			               q.unit_txt, q.usrc) || neg)
				q.amount[0] = q.usrc[0] = '\0';
		}
		if (codec >= 0) {
			size_t o = 0;
			for (c = (uint32_t)codec; c < code_to && o + 1 < sizeof q.code; c++) {
				const trawl__cell *cl = trawl__grid_at(g, r, c);
				trawl__grid_text(g, r, c, t, sizeof t);
				for (size_t i = 0; t[i] && is_digit(t[i]) && o + 1 < sizeof q.code; i++)
					q.code[o++] = t[i];
				if (cl)
					c = cl->col + cl->colspan - 1;
			}
			q.code[o] = '\0';
		}
		if (fundc >= 0) {
			trawl__grid_text(g, r, (uint32_t)fundc, t, sizeof t);
			copy_trim(q.funding, sizeof q.funding, t, strlen(t));
		} else if (amtc >= 0) {
			funding_of(g, hr, body, (uint32_t)amtc, r, q.funding, sizeof q.funding);
		}
		if (statc >= 0) {
			trawl__grid_text(g, r, (uint32_t)statc, t, sizeof t);
			squeeze(t, sq, sizeof sq);
			if (has(sq, "新增") || has(sq, "新设") || has(sq, "新建") || !strcmp(sq, "是") ||
			    !strcmp(sq, "新"))
				copy_str(q.status, sizeof q.status, "new");
			else if (has(sq, "延续") || has(sq, "续建") || has(sq, "持续") || has(sq, "继续") ||
			         !strcmp(sq, "否"))
				copy_str(q.status, sizeof q.status, "continuing");
			if (q.status[0])
				copy_trim(q.status_text, sizeof q.status_text, t, strlen(t));
		}
		copy_str(q.source, sizeof q.source, "table");
		copy_trim(q.caption, sizeof q.caption, caption, strlen(caption));
		add_project(b, &q);
	}
}

/* ---- prose: new and continuing projects ---- */

/* Where in s the status words are: 1 new, 2 continuing, 0 none; *pos is
 * the byte of the word. */
static int status_word(const char *s, size_t n, size_t *pos)
{
	static const struct { const char *w; int st; } w[] = {
		{ "新增", 1 }, { "新设立", 1 }, { "新设", 1 }, { "新上", 1 }, { "新开设", 1 },
		{ "新立项", 1 }, { "延续", 2 }, { "续建", 2 }, { "持续性", 2 }, { "继续实施", 2 },
		{ NULL, 0 } };
	static const char *const words[] = { "新增", "新设立", "新设", "新上", "新开设", "新立项",
		"延续", "续建", "持续性", "继续实施", NULL };
	static trawl__kwset words_k = TRAWL__KWSET(words);

	/* most sentences have none: one pass tells */
	if (!trawl__kw_any(&words_k, s, n))
		return 0;
	for (size_t i = 0; i < n; i += u8len((unsigned char)s[i]))
		for (int k = 0; w[k].w; k++)
			if (at(s, n, i, w[k].w)) {
				*pos = i;
				return w[k].st;
			}
	return 0;
}

/* The name a heading line gives a project: "（一）X项目", "1.X", "项目名称：X". */
static int heading_name(const char *l, size_t n, char *out, size_t outsz)
{
	char t[TXT];
	const char *p;
	size_t k;

	if (n == 0 || n >= sizeof t || memchr(l, '\t', n))
		return 0;
	memcpy(t, l, n);
	t[n] = '\0';
	p = strstr(t, "项目名称");
	if (p) {
		p += strlen("项目名称");
		while (*p == ':' || *p == ' ')
			p++;
	} else {
		p = t;
		/* numbering: (一) 1. 一、 */
		if (*p == '(') {
			const char *q = strchr(p, ')');
			if (q && q - p <= 10)
				p = q + 1;
		}
		while (is_digit(*p) || *p == '.' || *p == ' ')
			p++;
		if (starts(p, "、"))
			p += 3;
		{
			static const char *const num[] = { "一", "二", "三", "四", "五", "六", "七", "八",
				"九", "十", NULL };
			const char *q = p;
			int any = 0;
			for (int more = 1; more;) {
				more = 0;
				for (int i = 0; num[i]; i++)
					if (starts(q, num[i])) {
						q += 3;
						more = any = 1;
					}
			}
			if (any && starts(q, "、"))
				p = q + 3;
		}
		k = strlen(p);
		/* a heading, not a sentence */
		if (k < 9 || k > 120 || has(p, "。") || has(p, ",") || has(p, "，"))
			return 0;
		if (!(k > 6 && !strcmp(p + k - 6, "项目")) &&
		    !(k > 9 && !strcmp(p + k - 9, "项目:")))
			return 0;
	}
	k = copy_trim(out, outsz, p, strlen(p));
	while (k && (out[k - 1] == ':' || out[k - 1] == ' '))
		out[--k] = '\0';
	return k > 0;
}

static void prose_pass(bstate *b, uint32_t ui, const trawl__unit *u)
{
	const char *t = u->nt.text.data;
	size_t n = u->nt.text.len, s = 0;

	while (s < n && !b->rc) {
		size_t e = s, pos;
		int st;
		/* a sentence: up to 。；; or the end of its line (the bytes that
		 * may end one looked up: this runs over every byte of the text) */
		static const uint8_t may_end[256] = { ['\n'] = 1, [';'] = 1, [0xE3] = 1, [0xEF] = 1 };
		while (e < n) {
			unsigned char c = (unsigned char)t[e];
			if (may_end[c] && (c == '\n' || c == ';' || (c == 0xE3 && at(t, n, e, "。")) ||
			                   (c == 0xEF && at(t, n, e, "；"))))
				break;
			e++;
		}
		/* (项目 first: one memmem, where status_word reads the sentence
		 * with a keyword set) */
		if (memmem(t + s, e - s, "项目", 6) && (st = status_word(t + s, e - s, &pos)) != 0) {
			int hit = 0;
			char key[256];
			/* known projects named in the sentence (the first of a huge
			 * list of projects only: prose names few) */
			{
				char sent[1024];
				size_t len = e - s < sizeof sent - 1 ? e - s : sizeof sent - 1;
				memcpy(sent, t + s, len);
				sent[len] = '\0';
				name_key(sent, key, sizeof key);
			}
			for (size_t i = 0; i < b->projs.n && i < PROSE_PROJECTS; i++) {
				sproj *q = &TRAWL_VEC_AT(&b->projs, sproj, i);
				const char *qk = ps(b, q->key);
				if (strlen(qk) >= 6 && strstr(key, qk)) {
					hit = 1;
					if (!q->status[0]) {
						char st_text[256];
						copy_str(q->status, sizeof q->status, st == 1 ? "new" : "continuing");
						copy_trim(st_text, sizeof st_text, t + s, e - s);
						q->status_text = pool_add(b, st_text);
					}
				}
			}
			/* 该项目 / 本项目: the project a line above names */
			if (!hit && (memmem(t + s, e - s, "该项目", 9) || memmem(t + s, e - s, "本项目", 9) ||
			             memmem(t + s, e - s, "此项目", 9))) {
				size_t le = s, lb;
				char name[256] = "";
				int tries = 0;
				/* the line of the sentence, then up to three lines above */
				while (le > 0 && t[le - 1] != '\n')
					le--;
				if (le < s && heading_name(t + le, s - le, name, sizeof name))
					;
				else
					name[0] = '\0';
				while (!name[0] && le > 0 && tries++ < 3) {
					size_t pe = le - 1;
					lb = pe;
					while (lb > 0 && t[lb - 1] != '\n')
						lb--;
					heading_name(t + lb, pe - lb, name, sizeof name);
					le = lb;
				}
				if (name[0]) {
					proj q;
					memset(&q, 0, sizeof q);
					copy_trim(q.name, sizeof q.name, name, strlen(name));
					name_key(q.name, q.key, sizeof q.key);
					/* X项目 is the project X of a table */
					{
						size_t kl = strlen(q.key);
						if (kl > 6 && !strcmp(q.key + kl - 6, "项目")) {
							char k2[256];
							memcpy(k2, q.key, kl - 6);
							k2[kl - 6] = '\0';
							if (proj_grow(b) == 0 && *proj_slot(b, k2))
								copy_str(q.key, sizeof q.key, k2);
						}
					}
					q.unit = ui;
					q.start = (uint32_t)s;
					q.end = (uint32_t)e;
					copy_str(q.status, sizeof q.status, st == 1 ? "new" : "continuing");
					copy_trim(q.status_text, sizeof q.status_text, t + s, e - s);
					copy_str(q.source, sizeof q.source, "prose");
					add_project(b, &q);
				}
			}
		}
		s = e < n ? e + (at(t, n, e, "。") || at(t, n, e, "；") ? 3 : 1) : n;
	}
}

/* ---- the document ---- */

static int ord_cmp(const void *a, const void *b, void *arg)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	const trawl__cell *c = arg, *x = &c[i], *y = &c[j];
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return i < j ? -1 : i > j;
}

static void emit_projects(bstate *b)
{
	for (size_t i = 0; i < b->projs.n && !b->rc && !b->stop; i++) {
		const sproj *q = &TRAWL_VEC_AT(&b->projs, sproj, i);
		trawl__fact f;
		cJSON *o;
		if (q->unit >= b->d->units.n || q->end <= q->start)
			continue;
		memset(&f, 0, sizeof f);
		f.kind = TRAWL__F_PROJECT;
		f.start = q->start;
		f.end = q->end;
		copy_str(f.value, sizeof f.value, q->amount);
		copy_str(f.currency, sizeof f.currency, q->amount[0] ? q->currency : "");
		copy_str(f.unit, sizeof f.unit, q->amount[0] ? q->unit_txt : "");
		copy_str(f.unit_source, sizeof f.unit_source, q->amount[0] ? q->usrc : "");
		copy_trim(f.label, sizeof f.label, ps(b, q->name), strlen(ps(b, q->name)));
		copy_str(f.code, sizeof f.code, q->code);
		copy_trim(f.caption, sizeof f.caption, ps(b, q->caption), strlen(ps(b, q->caption)));
		o = cJSON_CreateObject();
		if (!o) {
			b->rc = TRAWL_ENOMEM;
			return;
		}
		attr(b, o, "name", ps(b, q->name));
		attr(b, o, "amount", q->amount);
		attr(b, o, "amount_text", ps(b, q->amount_text));
		if (q->amount[0])
			attr(b, o, "currency", q->currency);
		attr(b, o, "funding", ps(b, q->funding));
		attr(b, o, "status", q->status);
		attr(b, o, "status_text", ps(b, q->status_text));
		attr(b, o, "code", q->code);
		attr(b, o, "source", q->source);
		add_with(b, q->unit, &f, o);
	}
}

trawl_err trawl__budget_facts(const trawl__doc *d, trawl__unit_fact_cb add, void *u)
{
	bstate b;
	int budget = !strcmp(d->kind, "budget") || !strcmp(d->kind, "final_accounts");

	memset(&b, 0, sizeof b);
	b.budget = budget;
	b.d = d;
	b.add = add;
	b.u = u;
	trawl__vec_init(&b.projs, sizeof(sproj));
	trawl__buf_init(&b.pool, 0);
	for (size_t k = 0; k < d->units.n && !b.rc && !b.stop; k++) {
		const trawl__unit *un = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
		const trawl__cell *cells = un->cells.items;
		size_t n = un->cells.n, i, a;
		uint32_t *ord;
		if (!n || !strcmp(un->kind, "release"))
			continue;
		ord = trawl__mallocn(n, sizeof *ord);
		if (!ord) {
			b.rc = TRAWL_ENOMEM;
			break;
		}
		for (i = 0; i < n; i++)
			ord[i] = (uint32_t)i;
		qsort_r(ord, n, sizeof *ord, ord_cmp, (void *)cells);
		b.unit = (uint32_t)k;
		for (a = 0; a < n && !b.rc && !b.stop; a = i) {
			trawl__grid g;
			trawl_err e;
			for (i = a + 1; i < n && cells[ord[i]].table == cells[ord[a]].table; i++)
				;
			b.first_table = a == 0;
			e = trawl__grid_build(&g, un->nt.text.data, cells, ord + a, i - a);
			if (e == TRAWL_ENOMEM)
				b.rc = e;
			if (e == TRAWL_OK && g.nrows && g.ncols) {
				indicator_pass(&b, un, &g);
				project_pass(&b, un, &g);
			}
			trawl__grid_release(&g);
		}
		free(ord);
	}
	for (size_t k = 0; k < d->units.n && !b.rc && budget; k++) {
		const trawl__unit *un = TRAWL_VEC_AT(&d->units, trawl__unit *, k);
		if (strcmp(un->kind, "release"))
			prose_pass(&b, (uint32_t)k, un);
	}
	if (!b.rc)
		emit_projects(&b);
	trawl__vec_release(&b.projs);
	trawl__buf_release(&b.pool);
	free(b.slots);
	return b.rc;
}
