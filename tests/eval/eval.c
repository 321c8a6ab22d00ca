/* Extraction accuracy: runs the fact extractors over test vectors kept as
 * data (tests/eval/vectors/NAME.jsonl, and ../shared/data when it exists) and
 * prints precision, recall and exact-value accuracy per kind and source.
 *
 *   eval [-v] VECTOR_DIR [SHARED_DATA_DIR]
 *
 * Definitions, per row:
 *   items      expected facts in the vectors that apply
 *   recall     items some emitted fact overlaps / items
 *   exact      items whose overlapping fact has exactly the expected value
 *              (and value_hi, currency, unit, comparator where given) / items
 *   precision  emitted facts that overlap an expected item / emitted facts
 *              (for shared date vectors: facts whose interval lies inside
 *              the expected one)
 * Shared vectors that do not apply are skipped by rule; the rules and the
 * counts are printed (-v also lists each miss). Inputs are NFKC-normalized
 * by trawl's own normalizer first, as the extractors expect. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>
#include "facts/fact.h"
#include "text/text.h"

#define MAXF 64

typedef struct {
	const char *name;
	int vectors, items, found, exact, emitted, good;
	const char *skip_why[12];
	int skip_n[12];
} row;

static int verbose;

static void skip(row *r, const char *why)
{
	int k;
	for (k = 0; k < 12 && r->skip_why[k]; k++)
		if (!strcmp(r->skip_why[k], why)) {
			r->skip_n[k]++;
			return;
		}
	if (k < 12) {
		r->skip_why[k] = why;
		r->skip_n[k] = 1;
	}
}

/* ---- running the extractors --------------------------------------- */

typedef struct {
	trawl__fact f[MAXF];
	int n;
} facts;

static int collect(void *u, const trawl__fact *f)
{
	facts *fs = u;
	if (fs->n < MAXF)
		fs->f[fs->n++] = *f;
	return 0;
}

/* NFKC-normalizes s into a new string (free it). */
static char *nfkc(const char *s)
{
	trawl__ntext t;
	char *r;
	trawl__ntext_init(&t, 0);
	if (trawl__ntext_add(&t, s, strlen(s)) != TRAWL_OK) {
		trawl__ntext_release(&t);
		return NULL;
	}
	r = strdup(t.text.data ? t.text.data : "");
	trawl__ntext_release(&t);
	return r;
}

static void run(int kind, const char *text, const trawl__fctx *c, facts *fs)
{
	fs->n = 0;
	if (kind == TRAWL__F_MONEY)
		trawl__extract_money(text, strlen(text), c, collect, fs);
	else if (kind == TRAWL__F_DATE)
		trawl__extract_dates(text, strlen(text), c, collect, fs);
	else
		trawl__extract_quantities(text, strlen(text), c, collect, fs);
}

/* ---- helpers ------------------------------------------------------- */

static const char *str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int dec_eq(const char *a, const char *b)
{
	if (!a || !b || !a[0] || !b[0])
		return (!a || !a[0]) && (!b || !b[0]);
	return trawl__dec_cmp(a, b) == 0;
}

/* Rounds a decimal half-up to 2 places (JioNLP's convention). */
static void round2(const char *in, char *out, size_t cap)
{
	const char *dot = strchr(in, '.');
	char tmp[TRAWL__DEC_MAX + 4];
	size_t il, k;
	int up;
	if (!dot || strlen(dot + 1) <= 2) {
		snprintf(out, cap, "%s", in);
		return;
	}
	il = (size_t)(dot - in);
	up = dot[3] >= '5';
	snprintf(tmp, sizeof tmp, "0%.*s%.2s", (int)il, in, dot + 1);
	for (k = strlen(tmp); up && k-- > 0;) {
		if (tmp[k] == '9') {
			tmp[k] = '0';
		} else {
			tmp[k]++;
			up = 0;
		}
	}
	k = strlen(tmp);
	snprintf(out, cap, "%.*s.%s", (int)(k - 2), tmp, tmp + k - 2);
	{
		/* strip leading zeros */
		char *p = out;
		while (p[0] == '0' && p[1] && p[1] != '.')
			p++;
		memmove(out, p, strlen(p) + 1);
	}
}

static int contains_any(const char *s, const char *const *words)
{
	int k;
	for (k = 0; words[k]; k++)
		if (strstr(s, words[k]))
			return 1;
	return 0;
}

static int read_lines(const char *path, int (*fn)(cJSON *, void *), void *u)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	if (!f)
		return -1;
	while ((len = getline(&line, &cap, f)) > 0) {
		cJSON *o;
		if (line[0] == '\n' || line[0] == '#')
			continue;
		o = cJSON_Parse(line);
		if (!o) {
			fprintf(stderr, "%s: bad JSON: %s", path, line);
			continue;
		}
		fn(o, u);
		cJSON_Delete(o);
	}
	free(line);
	fclose(f);
	return 0;
}

/* ---- matching expected items against facts ------------------------- */

typedef struct {
	size_t s, e;            /* span in the normalized text; e == 0: whole */
	char value[TRAWL__DEC_MAX], hi[TRAWL__DEC_MAX];
	const char *min, *max;  /* one-sided bounds */
	char currency[8], unit[32], unit_source[16], cmp[4], label[64];
	int has_value, has_hi, round;
} item;

static int fact_ok(const item *it, const trawl__fact *f)
{
	char v[TRAWL__DEC_MAX + 8];
	if (it->round)
		round2(f->value, v, sizeof v);
	else
		snprintf(v, sizeof v, "%s", f->value);
	if (it->has_value && !dec_eq(v, it->value))
		return 0;
	if (it->has_hi) {
		char h[TRAWL__DEC_MAX + 8];
		if (it->round)
			round2(f->value_hi, h, sizeof h);
		else
			snprintf(h, sizeof h, "%s", f->value_hi);
		if (!dec_eq(h, it->hi))
			return 0;
	} else if (it->has_value && f->value_hi[0]) {
		return 0;
	}
	if (it->min && !it->max && (!dec_eq(v, it->min) || f->comparator[0] != '>'))
		return 0;
	if (it->max && !it->min && (!dec_eq(v, it->max) || f->comparator[0] != '<'))
		return 0;
	if (it->currency[0] && strcmp(it->currency, f->currency))
		return 0;
	if (it->unit[0] && strcmp(it->unit, f->unit))
		return 0;
	if (it->unit_source[0] && strcmp(it->unit_source, f->unit_source))
		return 0;
	if (it->cmp[0] && strcmp(it->cmp, f->comparator))
		return 0;
	if (it->label[0] && strcmp(it->label, f->label))
		return 0;
	return 1;
}

static void score(row *r, const char *input, const item *its, int ni, const facts *fs)
{
	int used[MAXF] = { 0 }, k, j;
	r->vectors++;
	r->items += ni;
	r->emitted += fs->n;
	for (k = 0; k < ni; k++) {
		int hit = -1, ok = 0;
		for (j = 0; j < fs->n; j++) {
			const trawl__fact *f = &fs->f[j];
			if (used[j])
				continue;
			if (its[k].e && !(f->start < its[k].e && f->end > its[k].s))
				continue;
			if (hit < 0)
				hit = j;
			if (fact_ok(&its[k], f)) {
				hit = j;
				ok = 1;
				break;
			}
		}
		if (hit >= 0) {
			used[hit] = 1;
			r->found++;
			r->good++;
		}
		if (ok)
			r->exact++;
		if (!ok && verbose) {
			printf("  miss %-16s %s  want %s%s%s%s%s", r->name, input,
			       its[k].has_value ? its[k].value : its[k].min ? its[k].min : "",
			       its[k].has_hi || its[k].max ? "~" : "",
			       its[k].has_hi ? its[k].hi : its[k].max ? its[k].max : "",
			       its[k].currency[0] ? " " : "", its[k].currency);
			if (hit >= 0)
				printf("  got %s%s%s %s %s %s", fs->f[hit].value, fs->f[hit].value_hi[0] ? "~" : "",
				       fs->f[hit].value_hi, fs->f[hit].currency, fs->f[hit].unit,
				       fs->f[hit].comparator);
			printf("\n");
		}
	}
	if (verbose)
		for (j = 0; j < fs->n; j++)
			if (!used[j])
				printf("  extra %-15s %s  got [%.*s] %s %s\n", r->name, input,
				       (int)(fs->f[j].end - fs->f[j].start), input + fs->f[j].start,
				       fs->f[j].value, fs->f[j].unit);
}

/* ---- own vectors ---------------------------------------------------- */

typedef struct {
	row *r;
	int kind;
} own_ctx;

static void copy(char *dst, size_t cap, const char *s)
{
	snprintf(dst, cap, "%s", s ? s : "");
}

static int own_line(cJSON *o, void *u)
{
	own_ctx *oc = u;
	const char *text = str(o, "text");
	const cJSON *fa = cJSON_GetObjectItemCaseSensitive(o, "facts"), *x;
	trawl__fctx c;
	facts fs;
	item its[MAXF];
	int ni = 0;
	size_t from = 0;
	char *t;
	const cJSON *roc = cJSON_GetObjectItemCaseSensitive(o, "roc");
	if (!text || !cJSON_IsArray(fa))
		return 0;
	t = nfkc(text);
	if (!t)
		return 0;
	memset(&c, 0, sizeof c);
	c.table_unit = str(o, "table_unit");
	c.table_currency = str(o, "table_currency");
	c.roc_years = cJSON_IsTrue(roc);
	{
		const cJSON *dy = cJSON_GetObjectItemCaseSensitive(o, "doc_year");
		c.doc_year = cJSON_IsNumber(dy) ? dy->valueint : 0;
	}
	c.user_unit = str(o, "user_unit");
	cJSON_ArrayForEach(x, fa) {
		item *it = &its[ni];
		const char *ft = str(x, "text"), *p;
		char *nt;
		if (ni >= MAXF || !ft)
			continue;
		memset(it, 0, sizeof *it);
		nt = nfkc(ft);
		p = nt ? strstr(t + from, nt) : NULL;
		if (!p) {
			fprintf(stderr, "eval: \"%s\" not in \"%s\"\n", ft, text);
			free(nt);
			continue;
		}
		it->s = (size_t)(p - t);
		it->e = it->s + strlen(nt);
		from = it->e;
		free(nt);
		if (str(x, "value")) {
			copy(it->value, sizeof it->value, str(x, "value"));
			it->has_value = 1;
		}
		if (str(x, "hi")) {
			copy(it->hi, sizeof it->hi, str(x, "hi"));
			it->has_hi = 1;
		}
		copy(it->currency, sizeof it->currency, str(x, "currency"));
		copy(it->unit, sizeof it->unit, str(x, "unit"));
		copy(it->unit_source, sizeof it->unit_source, str(x, "unit_source"));
		copy(it->cmp, sizeof it->cmp, str(x, "cmp"));
		copy(it->label, sizeof it->label, str(x, "label"));
		if (oc->kind == TRAWL__F_DATE && it->has_value) {
			/* dates compare as strings */
			it->has_value = 0;
			copy(it->label, sizeof it->label, "");
		}
		ni++;
	}
	run(oc->kind, t, &c, &fs);
	if (oc->kind == TRAWL__F_DATE) {
		/* compare ISO values by text */
		int k, j;
		cJSON_ArrayForEach(x, fa) {
			(void)x;
		}
		oc->r->vectors++;
		oc->r->items += ni;
		oc->r->emitted += fs.n;
		{
			int used[MAXF] = { 0 };
			k = 0;
			cJSON_ArrayForEach(x, fa) {
				const char *want = str(x, "value");
				int hit = -1, ok = 0;
				if (k >= ni)
					break;
				for (j = 0; j < fs.n; j++) {
					if (used[j] || !(fs.f[j].start < its[k].e && fs.f[j].end > its[k].s))
						continue;
					if (hit < 0)
						hit = j;
					if (want && !strcmp(want, fs.f[j].value)) {
						hit = j;
						ok = 1;
						break;
					}
				}
				if (hit >= 0) {
					used[hit] = 1;
					oc->r->found++;
					oc->r->good++;
				}
				oc->r->exact += ok;
				if (!ok && verbose)
					printf("  miss %-16s %s  want %s got %s\n", oc->r->name, t, want ? want : "",
					       hit >= 0 ? fs.f[hit].value : "-");
				k++;
			}
			if (verbose)
				for (j = 0; j < fs.n; j++)
					if (!used[j])
						printf("  extra %-15s %s  got [%.*s] %s\n", oc->r->name, t,
						       (int)(fs.f[j].end - fs.f[j].start), t + fs.f[j].start,
						       fs.f[j].value);
		}
	} else {
		score(oc->r, t, its, ni, &fs);
	}
	free(t);
	return 0;
}

/* ---- shared money vectors ------------------------------------------- */

static const char *const money_signal[] = { "元", "圆", "圓", "块", "塊", "角", "毛", "分",
	"币", "幣", "$", "¥", "€", "£", "美金", "镑", "卢布", "铢", "令吉", "法郎", "RMB", "CNY",
	"USD", "HKD", "TWD", "EUR", "JPY", "GBP", "yuan", NULL };
static const char *const vague[] = { "几", "数", "多", "余", NULL };
static const char *const cantonese[] = { "蚊", "毫", "仙", "個", NULL };
static const char *const yuan_or_jiao[] = { "元", "圆", "块", "角", "毛", "钱", "币", "幣",
	NULL };

typedef struct {
	row *r;
	int round;
} money_ctx;

/* The rules for shared money vectors; NULL if the vector applies. */
static const char *money_rule(const char *input, const cJSON *exp)
{
	const cJSON *x;
	cJSON_ArrayForEach(x, exp) {
		const char *t = str(x, "text");
		if (!t)
			continue;
		if (contains_any(t, cantonese))
			return "Cantonese colloquial units (蚊 毫 仙 個): not in mainland/Taiwan documents";
		if (!contains_any(t, money_signal))
			return "no currency or money unit in the text (三百万, 15k左右): trawl needs a money signal";
		if (!str(x, "value") && str(x, "min") && str(x, "max") && contains_any(t, vague))
			return "vague amount (3000多, 几十万, 数十亿): the upper bound is a source convention, not stated";
		if (strstr(t, "分") && !contains_any(t, yuan_or_jiao))
			return "bare N分 (五分, 20分): a score in procurement documents, money only after 元/角 or as 分钱";
	}
	(void)input;
	return NULL;
}

static int money_line(cJSON *o, void *u)
{
	money_ctx *mc = u;
	const char *input = str(o, "input");
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(o, "expected"), *x;
	item its[MAXF];
	int ni = 0;
	size_t from = 0;
	facts fs;
	const char *why;
	char *t;
	if (!input || !cJSON_IsArray(exp))
		return 0;
	why = money_rule(input, exp);
	if (why) {
		skip(mc->r, why);
		return 0;
	}
	t = nfkc(input);
	cJSON_ArrayForEach(x, exp) {
		item *it = &its[ni];
		char *nt = nfkc(str(x, "text") ? str(x, "text") : "");
		const char *p = nt ? strstr(t + from, nt) : NULL;
		memset(it, 0, sizeof *it);
		if (p) {
			it->s = (size_t)(p - t);
			it->e = it->s + strlen(nt);
			from = it->e;
		}
		free(nt);
		it->round = mc->round;
		if (str(x, "value")) {
			copy(it->value, sizeof it->value, str(x, "value"));
			it->has_value = 1;
		} else if (str(x, "min") && str(x, "max")) {
			copy(it->value, sizeof it->value, str(x, "min"));
			copy(it->hi, sizeof it->hi, str(x, "max"));
			it->has_value = it->has_hi = 1;
		} else {
			it->min = str(x, "min");
			it->max = str(x, "max");
		}
		copy(it->currency, sizeof it->currency, str(x, "currency"));
		if (++ni >= MAXF)
			break;
	}
	run(TRAWL__F_MONEY, t, NULL, &fs);
	score(mc->r, t, its, ni, &fs);
	free(t);
	return 0;
}

/* WeTextProcessing money: "¥1.25", "$8000~9000", "€730-40". */
static int itn_money_line(cJSON *o, void *u)
{
	row *r = u;
	const char *input = str(o, "input"), *e = str(o, "expected");
	static const struct { const char *sym, *iso; } syms[] = {
		{ "CNY", "CNY" }, { "TWD", "TWD" }, { "RM", "MYR" }, { "¥", "CNY" }, { "$", "USD" },
		{ "£", "GBP" }, { "₽", "RUB" }, { "€", "EUR" }, { NULL, NULL }
	};
	item it;
	facts fs;
	char *t;
	int k;
	const char *p, *sep;
	if (!input || !e)
		return 0;
	memset(&it, 0, sizeof it);
	for (k = 0; syms[k].sym; k++)
		if (!strncmp(e, syms[k].sym, strlen(syms[k].sym)))
			break;
	if (!syms[k].sym) {
		skip(r, "ITN output without a currency");
		return 0;
	}
	copy(it.currency, sizeof it.currency, syms[k].iso);
	p = e + strlen(syms[k].sym);
	sep = strpbrk(p, "~-");
	it.has_value = 1;
	if (sep) {
		/* 730-40 means 730 to 740: the upper end replaces the last digits */
		size_t ll = (size_t)(sep - p), hl = strlen(sep + 1);
		snprintf(it.value, sizeof it.value, "%.*s", (int)ll, p);
		if (hl < ll)
			snprintf(it.hi, sizeof it.hi, "%.*s%s", (int)(ll - hl), p, sep + 1);
		else
			snprintf(it.hi, sizeof it.hi, "%s", sep + 1);
		it.has_hi = 1;
	} else {
		snprintf(it.value, sizeof it.value, "%s", p);
	}
	t = nfkc(input);
	run(TRAWL__F_MONEY, t, NULL, &fs);
	score(r, t, &it, 1, &fs);
	free(t);
	return 0;
}

/* ---- shared numerals -------------------------------------------------- */

typedef struct {
	row *r;
	char **valid;
	int nvalid, cap;
	int pass;
} num_ctx;

static int is_valid_input(const num_ctx *nc, const char *s)
{
	int k;
	for (k = 0; k < nc->nvalid; k++)
		if (!strcmp(nc->valid[k], s))
			return 1;
	return 0;
}

static void norm_dec(const char *in, char *out, size_t cap)
{
	snprintf(out, cap, "%s", in);
	trawl__dec_mul_pow10(out, 0);
}

/* Reads one number the way a caller would: parse_number over the whole
 * input, or extract_money when it is written with 元/角/分. */
static int read_whole(const char *t, char *v)
{
	size_t n = strlen(t);
	if (strstr(t, "元") || strstr(t, "圆") || strstr(t, "角") || strstr(t, "分")) {
		facts fs;
		run(TRAWL__F_MONEY, t, NULL, &fs);
		if (fs.n == 1 && fs.f[0].start == 0 && fs.f[0].end == n) {
			memcpy(v, fs.f[0].value, TRAWL__DEC_MAX);
			return 1;
		}
		return 0;
	}
	return trawl__parse_number(t, n, v) == n && n > 0;
}

static void check_number(row *r, const char *input, const char *expected)
{
	char want[TRAWL__DEC_MAX], got[TRAWL__DEC_MAX] = "";
	const char *in = input, *ex = expected;
	char *t;
	int ok;
	if (!strncmp(in, "负", 3) || in[0] == '-') {
		/* the sign is fact.negative's business, not parse_number's */
		in += in[0] == '-' ? 1 : 3;
		if (ex[0] == '-')
			ex++;
	}
	norm_dec(ex, want, sizeof want);
	t = nfkc(in);
	ok = read_whole(t, got) && !strcmp(got, want);
	r->vectors++;
	r->items++;
	if (got[0] || ok) {
		r->emitted++;
		r->found++;
		r->good++;
	}
	r->exact += ok;
	if (!ok && verbose)
		printf("  miss %-16s %s  want %s got %s\n", r->name, input, want, got[0] ? got : "-");
	free(t);
}

static const char *const radio[] = { "幺", "洞", "拐", NULL };

static int numeral_line(cJSON *o, void *u)
{
	num_ctx *nc = u;
	const char *input = str(o, "input"), *ex = str(o, "expected");
	const cJSON *valid = cJSON_GetObjectItemCaseSensitive(o, "valid");
	if (!input)
		return 0;
	if (nc->pass == 0) {
		if (cJSON_IsTrue(valid) && nc->nvalid < nc->cap)
			nc->valid[nc->nvalid++] = strdup(input);
		return 0;
	}
	if (contains_any(input, radio)) {
		skip(nc->r, "spoken radio digits (幺 洞 拐): not written in documents");
		return 0;
	}
	if (cJSON_IsTrue(valid)) {
		check_number(nc->r, input, ex);
		return 0;
	}
	if (is_valid_input(nc, input)) {
		skip(nc->r, "invalid only in a stricter cn2an mode: trawl reads like cn2an smart mode");
		return 0;
	}
	{
		/* must be rejected */
		char got[TRAWL__DEC_MAX] = "";
		char *t = nfkc(input);
		int accepted = t[0] && read_whole(t, got);
		nc->r->vectors++;
		if (accepted) {
			nc->r->emitted++;
			if (verbose)
				printf("  accepted %-12s %s as %s\n", nc->r->name, input, got);
		}
		free(t);
	}
	return 0;
}

/* WeTextProcessing number/cardinal: the output must be one plain number
 * ("100万1111" is that formatter's way of writing 1001111). */
static int itn_number_line(cJSON *o, void *u)
{
	row *r = u;
	const char *input = str(o, "input"), *ex = str(o, "expected");
	char want[TRAWL__DEC_MAX];
	const char *p;
	int dots = 0;
	if (!input || !ex)
		return 0;
	if (contains_any(input, radio)) {
		skip(r, "spoken radio digits (幺 洞 拐): not written in documents");
		return 0;
	}
	p = ex[0] == '-' ? ex + 1 : ex;
	{
		const char *w = strstr(p, "万");
		if (w && w > p) {
			/* A万B */
			long long a, b;
			char *end;
			a = strtoll(p, &end, 10);
			if (end == w && isdigit((unsigned char)w[3])) {
				b = strtoll(w + 3, &end, 10);
				if (!*end && b < 10000) {
					snprintf(want, sizeof want, "%s%lld", ex[0] == '-' ? "-" : "", a * 10000 + b);
					check_number(r, input, want);
					return 0;
				}
			}
		}
	}
	for (; *p; p++) {
		if (*p == '.')
			dots++;
		else if (!isdigit((unsigned char)*p))
			break;
	}
	if (*p || dots > 1 || strlen(ex) > 20) {
		skip(r, "ITN output is not one number (a range, a phone or ID number, a sentence)");
		return 0;
	}
	check_number(r, input, ex);
	return 0;
}

/* ---- shared dates ------------------------------------------------------ */

static const char *const lunar[] = { "农历", "阴历", "正月", "腊月", "除夕", "闰", "廿", "节",
	"冬至", "大寒", "小寒", "芒种", "元宵", "端午", "中秋", "七夕", "春", "夏", "秋", "冬",
	NULL };
static const char *const periods[] = { "季度", "半年", "上旬", "中旬", "下旬", "周", "星期",
	"礼拜", "第", "初", "底", "末", "伊始", "世纪", "年代", "年前", "之前", "以前", "年后",
	"首", NULL };

static int has_full_year(const char *s)
{
	static const char *const cd[] = { "〇", "○", "零", "一", "二", "三", "四", "五", "六",
		"七", "八", "九", NULL };
	const char *p;
	int run = 0;
	for (p = s; *p; p++) {
		run = isdigit((unsigned char)*p) ? run + 1 : 0;
		if ((run == 4 || run == 8) && !isdigit((unsigned char)p[1]))
			return 1;
	}
	run = 0;
	for (p = s; *p;) {
		int k, hit = 0;
		for (k = 0; cd[k]; k++)
			if (!strncmp(p, cd[k], strlen(cd[k]))) {
				hit = 1;
				p += strlen(cd[k]);
				break;
			}
		if (hit) {
			if (++run == 4)
				return 1;
		} else {
			run = 0;
			p++;
		}
	}
	return 0;
}

static const char *const relative[] = { "去年", "今年", "明年", "前年", "后年", "上个", "下个",
	"本月", "今天", "明天", "昨天", "大年", NULL };

/* 89年: two digits (not part of a longer number) before 年 */
static int two_digit_year(const char *s)
{
	const char *p;
	for (p = s; (p = strstr(p, "年")); p += 3) {
		if (p - s >= 2 && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[-2]) &&
		    (p - s == 2 || !isdigit((unsigned char)p[-3])))
			return 1;
	}
	return 0;
}

/* 2022 11 23: a year, month and day separated by single spaces */
static int spaced_date(const char *s)
{
	int k;
	for (k = 0; s[k]; k++)
		if (k == 4 || k == 7 ? s[k] != ' ' : !isdigit((unsigned char)s[k]))
			return 0;
	return k == 10;
}

/* 9月30日, 十二月20号: a day and month with no year (and nothing relative) */
static const char *const relative_month[] = { "上月", "下月", "本月", "同月", "次月", "当月",
	"每月", NULL };

static int yearless_date(const char *s)
{
	return !strstr(s, "年") && strstr(s, "月") && (strstr(s, "日") || strstr(s, "号")) &&
	       !contains_any(s, relative_month);
}

/* Why a JioNLP date vector does not apply, or NULL; *doc_year is the year
 * of the document its text stands in (the base time's), for dates written
 * without one. */
static const char *date_rule(const char *input, const cJSON *exp, const cJSON *base,
                             int *doc_year)
{
	const char *s = str(exp, "start"), *e = str(exp, "end");
	const char *q;
	*doc_year = 0;
	if (!s || !e || !strcmp(s, "-inf") || !strcmp(e, "inf"))
		return "open-ended span (以前, 之后): no second date in the text";
	for (q = input; *q == ' ' || isdigit((unsigned char)*q); q++)
		;
	if (!*q && !(strlen(input) == 8 && !strchr(input, ' ')) && !spaced_date(input))
		return "digits only, not YYYYMMDD or YYYY MM DD (2018): in running text a number, not a date";
	if (contains_any(input, relative) || two_digit_year(input))
		return "needs a reference time: relative (下周三, 去年, 上月9号) or two-digit year (15年)";
	if (!has_full_year(input) && yearless_date(input)) {
		/* trawl gives such a date its document's year: the base time's */
		const cJSON *y = cJSON_IsArray(base) ? cJSON_GetArrayItem(base, 0) : NULL;
		int by = cJSON_IsNumber(y) ? y->valueint : 0;
		if (by < 1900 || by > 2099 || atoi(s) != by)
			return "no year written, and the source puts the date in another year than the "
			       "base time's (its next occurrence) or before 1900";
		*doc_year = by;
	} else if (!has_full_year(input)) {
		return "needs a reference time: relative (下周三, 去年, 上月9号) or two-digit year (15年)";
	}
	if (strstr(input, "24时") || strstr(input, "24点"))
		return "a day's end as 24时: the source counts it into the next day";
	if (contains_any(input, lunar))
		return "lunar calendar, festivals, solar terms and seasons: trawl reads Gregorian dates";
	if (contains_any(input, periods))
		return "derived period (季度, 上旬, 年底, 第N周, 2025年前): trawl reports the date as written";
	/* 二〇一九年5月8日起 (from then to now), but not 起至 */
	q = strstr(input, "起");
	if (q && strncmp(q, "起至", 6))
		return "open-ended span (起, 至今) ending at the reference time";
	if (strstr(input, "至今") || strstr(input, "现在"))
		return "open-ended span (起, 至今) ending at the reference time";
	return NULL;
}

static long day_number(int y, int m, int d)
{
	/* days since 0000-03-01, for ordering only */
	if (m <= 2) {
		y--;
		m += 12;
	}
	return 365L * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d;
}

static int last_day(int y, int m)
{
	static const int dd[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0))
		return 29;
	return dd[m - 1];
}

/* The interval a date fact stands for. */
static void fact_interval(const trawl__fact *f, long *a, long *b)
{
	int y = 0, m = 0, d = 0;
	sscanf(f->value, "%d-%d-%d", &y, &m, &d);
	if (!m) {
		*a = day_number(y, 1, 1);
		*b = day_number(y, 12, 31);
	} else if (!d) {
		*a = day_number(y, m, 1);
		*b = day_number(y, m, last_day(y, m));
	} else {
		*a = *b = day_number(y, m, d);
	}
}

static int jionlp_date_line(cJSON *o, void *u)
{
	row *r = u;
	const char *input = str(o, "input");
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(o, "expected");
	const char *why, *s, *e;
	int y1, m1, d1, y2, m2, d2, j, inside = 0, doc_year;
	long ea, eb, ha = 0, hb = 0;
	trawl__fctx c;
	facts fs;
	char *t;
	if (!input || !exp)
		return 0;
	why = date_rule(input, exp, cJSON_GetObjectItemCaseSensitive(o, "time_base"), &doc_year);
	if (why) {
		skip(r, why);
		return 0;
	}
	memset(&c, 0, sizeof c);
	c.doc_year = doc_year;
	s = str(exp, "start");
	e = str(exp, "end");
	if (sscanf(s, "%d-%d-%d", &y1, &m1, &d1) != 3 || sscanf(e, "%d-%d-%d", &y2, &m2, &d2) != 3) {
		skip(r, "unreadable expected value");
		return 0;
	}
	ea = day_number(y1, m1, d1);
	eb = day_number(y2, m2, d2);
	t = nfkc(input);
	run(TRAWL__F_DATE, t, &c, &fs);
	for (j = 0; j < fs.n; j++) {
		long a, b;
		fact_interval(&fs.f[j], &a, &b);
		if (!j || a < ha)
			ha = a;
		if (!j || b > hb)
			hb = b;
		inside += a >= ea && b <= eb;
	}
	r->vectors++;
	r->items++;
	r->emitted += fs.n;
	r->good += inside;
	if (fs.n)
		r->found++;
	if (fs.n && ha == ea && hb == eb)
		r->exact++;
	else if (verbose)
		printf("  miss %-16s %s  want %s..%s got %d facts%s%s\n", r->name, input, s, e, fs.n,
		       fs.n ? " first " : "", fs.n ? fs.f[0].value : "");
	free(t);
	return 0;
}

/* WeTextProcessing dates: 2008/08/08, 2008/08, 2008年, 公元1996年,
 * 2005年08/05; 85/02/27 and 08/08 (no full year) are left out. */
static int itn_date_line(cJSON *o, void *u)
{
	row *r = u;
	const char *input = str(o, "input"), *ex = str(o, "expected"), *p;
	char want[16][16];
	int nw = 0, skipped = 0, k, j, used[MAXF] = { 0 };
	facts fs;
	char *t;
	if (!input || !ex)
		return 0;
	for (p = ex; *p && nw < 16;) {
		int a, b, c, l = 0;
		if (sscanf(p, "公元%d年%n", &a, &l) == 1 && l) {
			if (a >= 1900 && a <= 2099)
				snprintf(want[nw++], 16, "%04d", a);
			else
				skipped++;
			p += l;
		} else if (sscanf(p, "%4d/%2d/%2d%n", &a, &b, &c, &l) == 3 && l == 10) {
			snprintf(want[nw++], 16, "%04d-%02d-%02d", a, b, c);
			p += l;
		} else if (sscanf(p, "%4d年%2d/%2d%n", &a, &b, &c, &l) == 3 && l == 12) {
			snprintf(want[nw++], 16, "%04d-%02d-%02d", a, b, c);
			p += l;
		} else if (sscanf(p, "%2d/%2d/%2d%n", &a, &b, &c, &l) == 3 && l == 8) {
			skipped++;
			p += l;
		} else if (sscanf(p, "%4d/%2d%n", &a, &b, &l) == 2 && l == 7) {
			snprintf(want[nw++], 16, "%04d-%02d", a, b);
			p += l;
		} else if (sscanf(p, "%2d/%2d%n", &a, &b, &l) == 2 && l == 5) {
			skipped++;
			p += l;
		} else if (sscanf(p, "%4d年%n", &a, &l) == 1 && l == 7) {
			snprintf(want[nw++], 16, "%04d", a);
			p += l;
		} else {
			p++;
		}
	}
	for (k = 0; k < skipped; k++)
		skip(r, "(ITN date items) two-digit year, no year, or a year before 1900 (85/02/27, 八月八日, 公元163年)");
	if (!nw)
		return 0;
	t = nfkc(input);
	run(TRAWL__F_DATE, t, NULL, &fs);
	r->vectors++;
	r->items += nw;
	for (k = 0; k < nw; k++) {
		int ok = 0;
		for (j = 0; j < fs.n; j++)
			if (!used[j] && !strcmp(fs.f[j].value, want[k])) {
				used[j] = 1;
				ok = 1;
				break;
			}
		r->found += ok;
		r->exact += ok;
		if (!ok && verbose)
			printf("  miss %-16s %s  want %s\n", r->name, input, want[k]);
	}
	/* facts for the left-out items are neither right nor wrong */
	for (j = 0; j < fs.n; j++) {
		int y = 0;
		sscanf(fs.f[j].value, "%d", &y);
		if (used[j]) {
			r->emitted++;
			r->good++;
		} else if (y >= 1900 && y < 2000 + 100 && skipped == 0) {
			r->emitted++;
		}
	}
	free(t);
	return 0;
}

/* ---- main -------------------------------------------------------------- */

static void print_row(const row *r)
{
	int k;
	if (!r->vectors && !r->skip_why[0])
		return;
	printf("%-22s %7d %6d %9.1f%% %6.1f%% %9.1f%%\n", r->name, r->vectors, r->items,
	       r->emitted ? 100.0 * r->good / r->emitted : 100.0,
	       r->items ? 100.0 * r->found / r->items : 100.0,
	       r->items ? 100.0 * r->exact / r->items : 100.0);
	for (k = 0; k < 12 && r->skip_why[k]; k++)
		printf("    skipped %3d: %s\n", r->skip_n[k], r->skip_why[k]);
}

static char *path(const char *dir, const char *file)
{
	size_t n = strlen(dir) + strlen(file) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, file);
	return p;
}

static void own(row *r, const char *dir, const char *file, int kind)
{
	own_ctx oc = { r, kind };
	char *p = path(dir, file);
	if (p && read_lines(p, own_line, &oc))
		fprintf(stderr, "eval: cannot read %s\n", p);
	free(p);
}

int main(int argc, char **argv)
{
	row own_money = { .name = "money (own)" }, own_dates = { .name = "dates (own)" },
	    own_qty = { .name = "quantities (own)" };
	row sh_money = { .name = "money (shared)" }, sh_numbers = { .name = "numbers (shared)" },
	    sh_dates = { .name = "dates (shared)" };
	const char *vec, *shared;
	int a = 1, total_items = 0, total_exact = 0;
	if (a < argc && !strcmp(argv[a], "-v")) {
		verbose = 1;
		a++;
	}
	if (a >= argc) {
		fprintf(stderr, "usage: eval [-v] VECTOR_DIR [SHARED_DATA_DIR]\n");
		return 2;
	}
	vec = argv[a];
	shared = a + 1 < argc ? argv[a + 1] : NULL;
	own(&own_money, vec, "money.jsonl", TRAWL__F_MONEY);
	own(&own_dates, vec, "dates.jsonl", TRAWL__F_DATE);
	own(&own_qty, vec, "quantities.jsonl", TRAWL__F_QUANTITY);
	if (shared) {
		money_ctx mj = { &sh_money, 1 }, md = { &sh_money, 0 };
		num_ctx nc;
		char *p;
		static const char *const mfiles[][2] = {
			{ "money/jionlp_parse_money.jsonl", "j" }, { "money/jionlp_extract_money.jsonl", "j" },
			{ "money/duckling_zh_money.jsonl", "d" }, { NULL, NULL }
		};
		int k;
		for (k = 0; mfiles[k][0]; k++) {
			p = path(shared, mfiles[k][0]);
			read_lines(p, money_line, mfiles[k][1][0] == 'j' ? (void *)&mj : (void *)&md);
			free(p);
		}
		p = path(shared, "money/wetext_itn_money.jsonl");
		read_lines(p, itn_money_line, &sh_money);
		free(p);
		memset(&nc, 0, sizeof nc);
		nc.r = &sh_numbers;
		nc.cap = 1024;
		nc.valid = calloc((size_t)nc.cap, sizeof *nc.valid);
		p = path(shared, "money/numerals.jsonl");
		read_lines(p, numeral_line, &nc);
		nc.pass = 1;
		read_lines(p, numeral_line, &nc);
		free(p);
		/* a must-reject input that is read counts as a wrong fact */
		for (k = 0; k < nc.nvalid; k++)
			free(nc.valid[k]);
		free(nc.valid);
		p = path(shared, "money/wetext_itn_number.jsonl");
		read_lines(p, itn_number_line, &sh_numbers);
		free(p);
		p = path(shared, "money/wetext_itn_cardinal.jsonl");
		read_lines(p, itn_number_line, &sh_numbers);
		free(p);
		p = path(shared, "dates/jionlp_parse_time.jsonl");
		read_lines(p, jionlp_date_line, &sh_dates);
		free(p);
		p = path(shared, "dates/wetext_itn_date.jsonl");
		read_lines(p, itn_date_line, &sh_dates);
		free(p);
	}
	printf("%-22s %7s %6s %10s %7s %10s\n", "kind", "vectors", "items", "precision", "recall",
	       "exact-value");
	print_row(&own_money);
	print_row(&own_dates);
	print_row(&own_qty);
	print_row(&sh_money);
	print_row(&sh_numbers);
	print_row(&sh_dates);
	total_items = sh_money.items + sh_dates.items;
	total_exact = sh_money.exact + sh_dates.exact;
	if (total_items)
		printf("shared money+dates exact-value: %d/%d = %.1f%%\n", total_exact, total_items,
		       100.0 * total_exact / total_items);
	return 0;
}
